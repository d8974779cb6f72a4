/**
 * Issue 15 §4's flood: `node dist/bench/server/flood.js [--server h1ref-echo|node-http-echo] [--clients 20]
 * [--seconds 30]`. One server in its own child process; first a keep-alive client alone (a GET every 10 ms on one
 * connection, for a third of the duration) for its unloaded latency; then, for the duration, N clients in a
 * child process in a tight connect–request (`Connection: close`)–read–close loop while the same keep-alive client
 * goes on on its own connection. Reports the server's RSS each second (flat once warm: the largest sample of the
 * second half against the largest of the first half, after a warm-up), the flood's connections complete against
 * incomplete or reset, connections/s, and the keep-alive client's p50/p99 under the flood against unloaded.
 * Exits with 1 when any response was incomplete (RFC 9112 §9.6: a close must not lose a response).
 *
 * @module
 */
import type { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCommand } from '../command.js';
import type { FloodResult } from './flood-client.js';
import { checkResponse, getRequest, ResponseReader } from './http-read.js';
import { startServerChild } from './load.js';
import { SERVER_KINDS, type ServerName } from './protocol.js';
import { NodeChild } from './spawn.js';

const FLOOD_CLIENT = fileURLToPath(new URL('./flood-client.js', import.meta.url));

/** The servers the flood is for: the echoes that close after `Connection: close`. */
const FLOOD_SERVERS = ['h1ref-echo', 'node-http-echo'] as const satisfies readonly ServerName[];

/** The keep-alive client's pace. */
const INTERVAL_MS = 10;

/** The fraction of the flood's RSS samples left out as warm-up. */
const WARMUP_SHARE = 1 / 6;

/** The parsed options. */
interface FloodOptions {
  readonly server: (typeof FLOOD_SERVERS)[number];
  readonly clients: number;
  readonly seconds: number;
}

const USAGE = `usage: node dist/bench/server/flood.js [options]   (after npx tsc -p .)
  --server NAME   ${FLOOD_SERVERS.join(' or ')} (default h1ref-echo)
  --clients N     connections in the connect–request–close loop at once (default 20)
  --seconds S     length of the flood (default 30); the unloaded latency is measured first for S / 3
  --help          this text`;

function parseFloodOptions(argv: readonly string[]): FloodOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: { server: { type: 'string' }, clients: { type: 'string' }, seconds: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help === true) return 'help';
  const server = values.server ?? 'h1ref-echo';
  if (!(FLOOD_SERVERS as readonly string[]).includes(server)) throw new Error(`--server: expected ${FLOOD_SERVERS.join(' or ')}, got ${server}`);
  const int = (text: string | undefined, fallback: number, name: string, min: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${text}`);
    return n;
  };
  return { server: server as FloodOptions['server'], clients: int(values.clients, 20, 'clients', 1), seconds: int(values.seconds, 30, 'seconds', 3) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The process's resident set (`VmRSS`) in bytes, or NaN once it has gone. */
function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match === null ? Number.NaN : Number(match[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * The keep-alive client: one connection, a GET every {@link INTERVAL_MS} (the next one as soon as the previous
 * answer is in when it came late, so a slow answer delays the next request rather than queueing several), each
 * response checked. Resolves with the latencies in ms; rejects if the connection fails or an answer is wrong.
 */
function keepAliveClient(port: number, ms: number, answer: (typeof SERVER_KINDS)[ServerName]['answer']): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    const reader = new ResponseReader();
    const request = getRequest(port);
    const latencies: number[] = [];
    const deadline = performance.now() + ms;
    let sentAt = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (error: Error | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error === undefined) resolve(latencies);
      else reject(error);
    };
    const send = (): void => {
      if (performance.now() >= deadline) return finish(undefined);
      sentAt = performance.now();
      socket.write(request);
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      let count: number;
      try {
        count = reader.push(chunk);
      } catch (error) {
        return finish(error as Error);
      }
      if (count === 0) return;
      const now = performance.now();
      if (count !== 1 || reader.pendingBytes !== 0) return finish(new Error(`keep-alive client: ${count} responses to one request`));
      const bad = checkResponse(reader.responses[0]!, answer);
      if (bad !== undefined) return finish(new Error(`keep-alive client: ${bad}`));
      reader.responses.length = 0;
      latencies.push(now - sentAt);
      timer = setTimeout(send, Math.max(0, sentAt + INTERVAL_MS - now));
    });
    socket.on('end', () => finish(new Error(`keep-alive client: the server closed the connection after ${latencies.length} responses`)));
    socket.on('error', (error) => finish(new Error(`keep-alive client: ${error.message}`)));
  });
}

/** The q-quantile (0–1) of `values`, nearest rank. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const ms = (value: number): string => value.toFixed(2);

/** Runs the flood against the chosen server and prints the report; 1 when a response was incomplete. */
async function main(o: FloodOptions): Promise<number> {
  const { answer } = SERVER_KINDS[o.server];
  const { child: server, port } = await startServerChild(o.server, 'load', {});
  let flood: NodeChild<{ kind: 'stop' }, FloodResult> | undefined;
  try {
    console.log(`# Flood of new connections (issue 15 §4): ${o.server}, pid ${server.pid}, port ${port}\n`);
    console.log(`${o.clients} clients in a connect–request (Connection: close)–read–close loop for ${o.seconds} s; a keep-alive client sends a GET every ${INTERVAL_MS} ms on its own connection, first alone for ${Math.round(o.seconds / 3)} s (unloaded), then during the flood. The server and the clients share the machine's cores (not pinned).\n`);
    const unloaded = await keepAliveClient(port, (o.seconds * 1000) / 3, answer);

    const rss: number[] = [];
    flood = new NodeChild<{ kind: 'stop' }, FloodResult>(FLOOD_CLIENT, [String(port), String(o.clients), String(o.seconds), answer]);
    const floodResult = flood.next((o.seconds + 60) * 1000);
    const loaded = keepAliveClient(port, o.seconds * 1000, answer);
    loaded.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled
    let running = true;
    const sampler = (async () => {
      while (running) {
        rss.push(residentBytes(server.pid));
        await sleep(1000);
      }
    })();
    const result = await floodResult;
    const loadedLatencies = await loaded;
    running = false;
    await sampler;

    const warm = rss.slice(Math.ceil(rss.length * WARMUP_SHARE));
    const half = Math.floor(warm.length / 2);
    const firstMax = Math.max(...warm.slice(0, half));
    const lastMax = Math.max(...warm.slice(half));
    const seconds = result.elapsedMs / 1000;
    console.log(`Server RSS each second (MiB): ${rss.map(mib).join(' ')}`);
    console.log(`Flat once warm (the first ${Math.ceil(rss.length * WARMUP_SHARE)} samples left out as warm-up): max of the first half ${mib(firstMax)} MiB, of the second half ${mib(lastMax)} MiB, ratio ${(lastMax / firstMax).toFixed(3)}\n`);
    console.log(`Connections: ${result.complete.toLocaleString('en-US')} complete (${result.resetAfterComplete} of them reset after the whole response), ${result.incomplete} incomplete, ${result.connectFailed} connects failed; ${Math.round(result.complete / seconds).toLocaleString('en-US')} connections/s over ${seconds.toFixed(1)} s`);
    for (const why of result.failures) console.log(`  e.g. ${why}`);
    console.log('');
    console.log('| keep-alive client | requests | p50 ms | p99 ms | max ms |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [label, values] of [['unloaded', unloaded], ['under the flood', loadedLatencies]] as const) {
      console.log(`| ${label} | ${values.length} | ${ms(quantile(values, 0.5))} | ${ms(quantile(values, 0.99))} | ${ms(Math.max(...values))} |`);
    }
    const p99 = quantile(loadedLatencies, 0.99) / quantile(unloaded, 0.99);
    console.log(`\np99 under the flood ÷ unloaded: ${p99.toFixed(1)}`);
    if (result.incomplete > 0) {
      console.log(`\nFAILED: ${result.incomplete} responses incomplete (RFC 9112 §9.6)`);
      return 1;
    }
    return 0;
  } finally {
    await flood?.stop({ kind: 'stop' });
    await server.stop({ kind: 'stop' });
  }
}

await runCommand(parseFloodOptions, USAGE, main);
