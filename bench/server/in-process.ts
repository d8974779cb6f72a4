/**
 * The server layer's own cost, without sockets: `node dist/bench/server/in-process.js` (after a build).
 *
 * The wrk benchmark measures what a user gets, but its runs move ±5–10 % and most of each request's time there is
 * the kernel's and Node's stream machinery, so a change to the server layer worth a few percent of its own cost
 * does not show. This drives the same work in one process, in a loop: wrk's request (`GET /` with a loopback Host,
 * one per read for keep-alive, `--depth` per read for pipelining), in a fresh buffer per read as a socket hands it
 * over, round-robin over `--connections` connections, through
 * - `reads`: making the read buffers only (what every case below also pays);
 * - `parser`: h1ref's `RequestParser.push`, one parser per connection;
 * - `connection`: h1ref's `Connection` (parser, exchanges, the benchmark's handler, response heads, writes) on a
 *   stand-in socket that takes every write at once and counts the bytes;
 * - with `--close`, `close`: a new `Connection` per request, wrk's request with `Connection: close`, the response
 *   and the lingering close, on a stand-in socket that reports the client's close at once (issue 15 §1: what a
 *   new connection costs h1ref's own code; Node's socket, accept and close are not in it).
 * The handler is the benchmark's hello world, or with `--handler echo` the echo handler that `h1ref serve` runs
 * (issue 15 §2: the echo rows' own cost).
 * Each case runs in its own child process (so that V8 optimizes it for that case alone), warms up, then does five
 * timed runs; the table gives the median nanoseconds per request and the differences: what the parser adds to the
 * reads and what the server layer adds to the parser. The stand-in socket is not a socket: these numbers leave out
 * everything the wrk benchmark is there for, and compare builds of h1ref with each other, not servers.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RequestParser } from '../../src/parser/index.js';
import { Connection, type ConnectionHost } from '../../src/server/connection.js';
import { resolveServerOptions } from '../../src/server/options.js';
import { ParserPool } from '../../src/server/parser-pool.js';
import { runCommand } from '../command.js';
import { summarize, type Summary } from '../parser/results.js';
import { echoHandler } from '../../src/server/echo-handler.js';
import { echoAnswer } from './servers/echo-floor.js';
import { fixedBodyHandler } from './servers/h1ref.js';
import { BODY } from './servers/response.js';

const CASES = ['reads', 'parser', 'connection'] as const;
// Not in CASES: measured at depth 1 only, against `connection` at depth 1 (see main).
type DepthCase = (typeof CASES)[number];
type InProcessCase = DepthCase | 'close';

// wrk's default request, as wrk.format() builds it for http://127.0.0.1:<port>/.
const REQUEST = 'GET / HTTP/1.1\r\nHost: 127.0.0.1:41234\r\n\r\n';
// The same asking for the close: each connection serves one request (the probe's, the fuzzer's traffic).
const CLOSE_REQUEST = 'GET / HTTP/1.1\r\nHost: 127.0.0.1:41234\r\nConnection: close\r\n\r\n';
// What the hello-world handler sends for it, but for the Date value (same length every second).
const HELLO_RESPONSE_BYTES = `HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: ${BODY.length}\r\n\r\n`.length + BODY.length;
// The port in REQUEST's Host, which the echo's answer repeats.
const REQUEST_PORT = 41234;

/** The handlers this can drive: the benchmark's hello world and `h1ref serve`'s echo. */
type HandlerName = 'hello' | 'echo';

/** The handler's answer size in bytes to REQUEST (`close`: to CLOSE_REQUEST, with its `Connection: close`). */
function responseBytes(handler: HandlerName, close: boolean): number {
  if (handler === 'echo') return echoAnswer(REQUEST_PORT, close).length;
  return HELLO_RESPONSE_BYTES + (close ? 'Connection: close\r\n'.length : 0);
}

interface Options {
  readonly depths: readonly number[];
  readonly repeat: number;
  readonly connections: number;
  readonly warmupMs: number;
  readonly runMs: number;
  readonly runs: number;
  readonly close: boolean;
  readonly handler: HandlerName;
}

const USAGE = `usage: node dist/bench/server/in-process.js [options]
  --depth N[,N…]        requests per read (default 1,10: keep-alive and pipelined)
  --connections N       connections served round-robin (default 50, as wrk's)
  --close               also a connection per request (depth 1): a new Connection, wrk's request with
                        Connection: close, the response and the close, on a stand-in socket that reports
                        its own close at once
  --handler NAME        hello (the benchmark's hello world, default) or echo (h1ref serve's echo handler)
  --repeat N            processes per case, the median of their medians reported (default 1; V8 optimizes
                        each process a little differently, so compare builds with several)
  --quick               shorter runs (0.2 s warm-up, 5 × 0.1 s) for a smoke test
  --help                this text`;

function parseOptions(argv: readonly string[]): Options | 'help' {
  let depths: number[] = [1, 10];
  let connections = 50;
  let repeat = 1;
  let quick = false;
  let close = false;
  let handler: HandlerName = 'hello';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    const positive = (text: string): number => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg}: expected a positive integer, got ${text}`);
      return n;
    };
    if (arg === '--help') return 'help';
    else if (arg === '--quick') quick = true;
    else if (arg === '--close') close = true;
    else if (arg === '--depth') depths = value().split(',').map(positive);
    else if (arg === '--connections') connections = positive(value());
    else if (arg === '--repeat') repeat = positive(value());
    else if (arg === '--handler') {
      const name = value();
      if (name !== 'hello' && name !== 'echo') throw new Error(`--handler: expected hello or echo, got ${name}`);
      handler = name;
    }
    else throw new Error(`unknown option ${arg}`);
  }
  const timing = quick ? { warmupMs: 200, runMs: 100, runs: 5 } : { warmupMs: 500, runMs: 400, runs: 5 };
  return { depths, connections, repeat, close, handler, ...timing };
}

/** A socket as far as a Connection uses one while every write succeeds at once: no I/O, a byte count. */
class StandInSocket extends EventEmitter {
  destroyed = false;
  readonly writableNeedDrain = false;
  readonly writableLength = 0;
  bytesWritten = 0;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 41234;
  write(bytes: Uint8Array): boolean {
    this.bytesWritten += bytes.length;
    return true;
  }
  cork(): void {}
  uncork(): void {}
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  end(): this {
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    return this;
  }
}

function emitClosed(socket: StandInSocket): void {
  socket.emit('end');
  socket.emit('close');
}

/** A stand-in whose end() closes it: the client read the response and closed too, as wrk does. */
class ClosingStandInSocket extends StandInSocket {
  override end(): this {
    process.nextTick(emitClosed, this);
    return this;
  }
}

/** One case's loop: `feed(read)` takes one read of `depth` requests; `check(requests)` says what went wrong, if anything. */
interface Workload {
  feed(connection: number, read: Buffer): void;
  check(requests: number): string | null;
}

function workload(kind: InProcessCase, connections: number, handlerName: HandlerName): Workload {
  if (kind === 'reads') return { feed: () => {}, check: () => null };
  if (kind === 'parser') {
    const parsers = Array.from({ length: connections }, () => new RequestParser());
    let ends = 0;
    return {
      feed(connection, read) {
        const events = parsers[connection]!.push(read);
        for (let i = 0; i < events.length; i++) if (events[i]!.type === 'end') ends++;
      },
      check(requests) {
        const seen = ends;
        ends = 0;
        return seen === requests ? null : `${seen} request ends for ${requests} requests`;
      },
    };
  }
  const options = resolveServerOptions({ host: '127.0.0.1', port: 0 });
  let closed = 0;
  let closedBytes = 0;
  const host: ConnectionHost = {
    options,
    parsers: new ParserPool({ limits: options.limits, lenient: options.lenient }),
    handler: handlerName === 'echo' ? echoHandler : fixedBodyHandler,
    connectionClosed(connection) {
      closed++;
      closedBytes += (connection.socket as unknown as StandInSocket).bytesWritten;
    },
    openConnections: connections,
  };
  if (kind === 'close') {
    const closingResponseBytes = responseBytes(handlerName, true);
    return {
      feed(_connection, read) {
        const socket = new ClosingStandInSocket();
        new Connection(socket as unknown as Socket, host).onData(read);
      },
      check(requests) {
        const [count, bytes] = [closed, closedBytes];
        closed = closedBytes = 0;
        return count === requests && bytes === requests * closingResponseBytes ? null : `${count} connections closed, ${bytes} bytes written, for ${requests}`;
      },
    };
  }
  const keepAliveResponseBytes = responseBytes(handlerName, false);
  const sockets = Array.from({ length: connections }, () => new StandInSocket());
  const served = sockets.map((socket) => new Connection(socket as unknown as Socket, host));
  return {
    feed(connection, read) {
      served[connection]!.onData(read);
    },
    check(requests) {
      let bytes = 0;
      for (const socket of sockets) {
        bytes += socket.bytesWritten;
        socket.bytesWritten = 0;
      }
      return bytes === requests * keepAliveResponseBytes ? null : `${bytes} bytes written for ${requests} responses of ${keepAliveResponseBytes}`;
    },
  };
}

// Pipelined responses are written when the turn of the event loop ends (see Connection.onData): every batch of reads
// is followed by one, as the socket's reads would be.
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const READS_PER_TURN = 100;

/** Runs one case in this process and returns the nanoseconds per request of each timed run. */
async function measureCase(kind: InProcessCase, depth: number, options: Options): Promise<number[]> {
  const load = workload(kind, options.connections, options.handler);
  const template = Buffer.from((kind === 'close' ? CLOSE_REQUEST : REQUEST).repeat(depth), 'latin1');
  let next = 0;
  const batch = async (reads: number): Promise<void> => {
    for (let done = 0; done < reads; done += READS_PER_TURN) {
      const n = Math.min(READS_PER_TURN, reads - done);
      for (let i = 0; i < n; i++) {
        const read = Buffer.allocUnsafe(template.length);
        template.copy(read);
        load.feed(next, read);
        next = next + 1 === options.connections ? 0 : next + 1;
      }
      await turn();
    }
  };
  const checked = async (reads: number): Promise<number> => {
    const t0 = performance.now();
    await batch(reads);
    const elapsed = performance.now() - t0;
    const problem = load.check(reads * depth);
    if (problem !== null) throw new Error(`${kind}, depth ${depth}: ${problem}`);
    return elapsed;
  };
  let reads = READS_PER_TURN;
  let readsPerMs = 0;
  const warmupStart = performance.now();
  while (performance.now() - warmupStart < options.warmupMs || readsPerMs === 0) {
    const elapsed = await checked(reads);
    if (elapsed > 0) readsPerMs = reads / elapsed;
    if (elapsed < 20) reads *= 2;
  }
  const timedReads = Math.max(READS_PER_TURN, Math.round(options.runMs * readsPerMs));
  const samples: number[] = [];
  for (let run = 0; run < options.runs; run++) samples.push(((await checked(timedReads)) * 1e6) / (timedReads * depth));
  return samples;
}

function inChild(kind: InProcessCase, depth: number, options: Options): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', kind, String(depth), JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: Summary | undefined;
    child.on('message', (message: { samples?: number[]; error?: string }) => {
      if (message.error !== undefined) reject(new Error(message.error));
      else if (message.samples !== undefined) result = summarize(message.samples);
    });
    child.on('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`${kind} child exited with ${code}`))));
  });
}

/**
 * Each case in `repeat` processes, in turn. One process gives the median and range of its runs; several give the
 * median and range of their medians.
 */
async function measureDepth(depth: number, options: Options): Promise<Record<DepthCase, Summary>> {
  const each: Record<DepthCase, Summary[]> = { reads: [], parser: [], connection: [] };
  for (let r = 0; r < options.repeat; r++) for (const kind of CASES) each[kind].push(await inChild(kind, depth, options));
  const pool = (summaries: Summary[]): Summary => (summaries.length === 1 ? summaries[0]! : summarize(summaries.map((s) => s.median)));
  return { reads: pool(each.reads), parser: pool(each.parser), connection: pool(each.connection) };
}

async function main(options: Options): Promise<number> {
  const ns = (s: Summary): string => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const over = options.repeat === 1 ? `${options.runs} runs` : `${options.repeat} processes`;
  console.log(`# h1ref in-process server layer (${options.handler} handler): ns per request, median (min–max) over ${over}, ${options.connections} connections\n`);
  console.log('| requests per read | reads alone | parser | connection | parser − reads | connection − parser (server layer) |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const depth of options.depths) {
    const { reads, parser, connection } = await measureDepth(depth, options);
    console.log(`| ${depth} | ${ns(reads)} | ${ns(parser)} | ${ns(connection)} | ${(parser.median - reads.median).toFixed(0)} | ${(connection.median - parser.median).toFixed(0)} |`);
  }
  if (options.close) {
    const each: Summary[] = [];
    const keepAlive: Summary[] = [];
    for (let r = 0; r < options.repeat; r++) {
      each.push(await inChild('close', 1, options));
      keepAlive.push(await inChild('connection', 1, options));
    }
    const pool = (summaries: Summary[]): Summary => (summaries.length === 1 ? summaries[0]! : summarize(summaries.map((s) => s.median)));
    const [close, connection] = [pool(each), pool(keepAlive)];
    console.log(`\nA connection per request (Connection: close, depth 1): ${ns(close)} ns per connection, ${(close.median - connection.median).toFixed(0)} ns more than a keep-alive request (${ns(connection)}).`);
  }
  return 0;
}

if (process.argv[2] === '--child') {
  const [, kind, depth, options] = process.argv.slice(2);
  measureCase(kind as InProcessCase, Number(depth), JSON.parse(options!) as Options)
    .then((samples) => process.send!({ samples }))
    .catch((error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.disconnect());
} else {
  await runCommand(parseOptions, USAGE, main);
}
