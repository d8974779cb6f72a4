/**
 * {@link runExchange}: one case on one fresh connection (TCP, or TLS for an `https://` target: see `connect.ts`) — write the pieces as planned, read everything the
 * server sends, watch how the connection ends, and turn it into an {@link Observation}.
 *
 * When to stop watching. Once every piece is written, the probe waits for the server to go quiet: `lingerMs` of
 * silence when it has sent as many final responses as the most any passing or warning outcome has (enough time to
 * see a close, or bytes and responses that should not be there), otherwise the case's `waitMs` or `timeoutMs` of silence (a server
 * that is still waiting for bytes, or is slow). A close or a reset ends the watch at once.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import type { SpecCase } from './case.js';
import { ResponseParser } from '../parser/response-parser.js';
import { type Arrival, analyzeResponses, requestMethods } from './analyze.js';
import { describeConnectError, formatTarget, openConnection, type ProbeTarget } from './connect.js';
import type { DeliveryPlan } from './delivery.js';
import type { EchoMode } from './echo.js';
import type { ConnectionState, Observation } from './observation.js';

/** Where to connect (over TCP, or TLS for a `tls` target), and how patiently. */
export interface ExchangeOptions extends ProbeTarget {
  /** Silence, in ms, after which a server that has not sent all expected responses is taken to be waiting. */
  readonly timeoutMs: number;
  /** Silence, in ms, after the expected responses before the connection is judged open. */
  readonly lingerMs: number;
  /** Which echo format to decode. */
  readonly echo: EchoMode;
}

/** An observation with the bytes and the time it took. */
export interface ExchangeResult {
  /** What was seen. */
  readonly observation: Observation;
  /** Every byte the server sent. */
  readonly response: Uint8Array;
  /** Milliseconds from connecting to the end of the watch. */
  readonly durationMs: number;
}

/** What {@link exchangeBytes} needs to know of the bytes besides their plan. */
export interface BytesExchangeOptions extends ExchangeOptions {
  /**
   * How many final responses a correct server sends: once they are in, `lingerMs` of silence ends the watch;
   * before, `waitMs` (or `timeoutMs`) of silence does.
   */
  readonly expected: number;
  /** Silence, in ms, after which a server that has not sent `expected` responses is taken to be waiting; `timeoutMs` by default. */
  readonly waitMs?: number;
  /** Shut down the sending side after the last piece. */
  readonly halfClose?: boolean;
  /**
   * The methods of the requests in the bytes (for framing the responses to HEAD and CONNECT); read from the
   * bytes (`requestMethods`) when absent. A caller that sends the same bytes to several servers reads them once.
   */
  readonly methods?: readonly string[];
  /**
   * Stop reading, and end the watch, once the server has sent this many bytes (a server that never stops talking
   * must not grow the probe's memory without bound). 64 MiB by default.
   */
  readonly maxResponseBytes?: number;
}

/** Runs one case on a new connection. Never rejects: a failure to connect is an observation with `error`. */
export function runExchange(c: SpecCase, plan: DeliveryPlan, options: ExchangeOptions): Promise<ExchangeResult> {
  // The most final responses an allowed outcome has. A server that sends more (a smuggled request answered) does
  // so within the linger that follows, which resets on every byte, so the extra response is still seen.
  const expected = Math.max(0, ...c.outcomes.filter((o) => o.verdict !== 'fail').map((o) => o.responses.length));
  return exchangeBytes(plan, {
    ...options,
    expected,
    ...(c.waitMs === undefined ? {} : { waitMs: c.waitMs }),
    ...(c.halfClose === true ? { halfClose: true } : {}),
  });
}

/**
 * Sends planned bytes on one fresh connection and watches what comes back: the bytes-level core of
 * {@link runExchange}, for callers without a {@link SpecCase} (the fuzzer). Never rejects: a failure to connect
 * is an observation with `error`.
 */
export function exchangeBytes(plan: DeliveryPlan, options: BytesExchangeOptions): Promise<ExchangeResult> {
  const started = performance.now();
  const methods = options.methods ?? requestMethods(Buffer.concat(plan.pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length))));
  const expected = options.expected;
  const quietAfterAll = options.lingerMs;
  const quietBefore = options.waitMs ?? options.timeoutMs;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  // A hard stop, whatever trickles in: every pause and wait, plus generous slack.
  const hardStopMs = plan.pieces.length * (plan.pauseMs + (plan.awaitMs ?? 0)) + 10 * options.timeoutMs + 5000;

  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const arrivals: Arrival[] = [];
    let receivedBytes = 0;
    let sent = 0;
    let allSent = false;
    let state: ConnectionState = 'open';
    let firstByteAfter: number | null = null;
    let connectError: string | null = null;
    let done = false;
    let quietTimer: NodeJS.Timeout | null = null;
    let wakeSender: (() => void) | null = null;
    // Counts final responses as they arrive, to know when to start the short linger.
    const counter = new ResponseParser({ limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER, maxHeaderBytes: 1 << 24, maxFieldCount: 1 << 20 } });
    for (const m of methods) counter.expectResponseTo(m);
    let finals = 0;
    let counting = true;
    let counterInterim = false;
    let connected = false;

    const socket = openConnection(options, () => {
      connected = true;
      void send();
    });
    socket.setNoDelay(true);
    const hardStop = setTimeout(() => finish(), hardStopMs);

    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(hardStop);
      if (quietTimer !== null) clearTimeout(quietTimer);
      wakeSender?.();
      socket.destroy();
      // The hard stop came before the connection was ready: a server that accepted TCP and never finished the
      // TLS handshake (or a connect that never completed) is an error, not a server that waits for bytes.
      if (!connected && connectError === null) connectError = `cannot connect to ${formatTarget(options)}: no ${options.tls === true ? 'TLS handshake' : 'connection'} within ${hardStopMs} ms`;
      const response = Buffer.concat(received);
      const durationMs = performance.now() - started;
      if (connectError !== null) {
        resolve({ observation: errorObservation(connectError, plan.pieces.length), response, durationMs });
        return;
      }
      const analysis = analyzeResponses(response, methods, { closed: state !== 'open', echo: options.echo, arrivals });
      const observation: Observation = {
        responses: analysis.responses,
        connection: state,
        timedOut: state === 'open' && analysis.responses.length < expected,
        ...(analysis.malformed === undefined ? {} : { malformed: analysis.malformed }),
        nonHttp: analysis.nonHttp,
        trailingBytes: analysis.trailingBytes,
        piecesSent: sent,
        piecesTotal: plan.pieces.length,
        firstByteAfterPieces: firstByteAfter,
        switchedProtocol: analysis.switchedProtocol,
      };
      resolve({ observation, response, durationMs });
    };

    const armQuietTimer = (): void => {
      if (done || !allSent) return;
      if (quietTimer !== null) clearTimeout(quietTimer);
      const seen = receivedBytes;
      // A timer that fires late (a busy event loop) runs before the I/O that arrived meanwhile is read: look
      // again after the poll phase, and only then call the silence a silence.
      quietTimer = setTimeout(() => setImmediate(() => (receivedBytes === seen ? finish() : armQuietTimer())), finals >= expected ? quietAfterAll : quietBefore);
    };

    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      firstByteAfter ??= sent;
      arrivals.push({ offset: receivedBytes, afterPieces: sent });
      received.push(chunk);
      receivedBytes += chunk.length;
      if (counting) {
        for (const event of counter.push(chunk)) {
          if (event.type === 'end' && !counterInterim) finals++;
          if (event.type === 'head') counterInterim = event.head.interim;
          if (event.type === 'error' || event.type === 'paused') counting = false;
        }
      }
      wakeSender?.();
      if (receivedBytes >= maxResponseBytes) finish();
      else armQuietTimer();
    });
    socket.on('end', () => {
      if (state === 'open') state = 'closed';
      finish();
    });
    socket.on('close', () => {
      if (state === 'open') state = 'closed';
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) connectError = `cannot connect to ${formatTarget(options)}: ${options.tls === true ? describeConnectError(options, error) : error.code ?? error.message}`;
      else if (state === 'open') state = 'reset';
      finish();
    });

    const send = async (): Promise<void> => {
      for (let i = 0; i < plan.pieces.length; i++) {
        if (done) return;
        const piece = plan.pieces[i]!;
        await new Promise<void>((ok) => socket.write(piece, () => ok()));
        sent = i + 1;
        if (i === plan.pieces.length - 1 || done) break;
        if (plan.awaitMs !== null) {
          const before = receivedBytes;
          await new Promise<void>((ok) => {
            const t = setTimeout(ok, plan.awaitMs!);
            wakeSender = () => {
              if (receivedBytes > before || done) {
                clearTimeout(t);
                wakeSender = null;
                ok();
              }
            };
            wakeSender();
          });
        } else if (plan.pauseMs > 0) {
          await new Promise((ok) => setTimeout(ok, plan.pauseMs));
        } else if (i % 16 === 15) {
          // Write callbacks come back as microtasks: without a turn of the event loop now and then, a long run
          // of small writes would starve every other connection (and a server in the same process).
          await new Promise((ok) => setImmediate(ok));
        }
      }
      if (done) return;
      if (options.halfClose === true) socket.end();
      allSent = true;
      armQuietTimer();
    };
  });
}

function errorObservation(error: string, piecesTotal: number): Observation {
  return {
    responses: [],
    connection: 'closed',
    timedOut: false,
    nonHttp: false,
    trailingBytes: 0,
    piecesSent: 0,
    piecesTotal,
    firstByteAfterPieces: null,
    switchedProtocol: false,
    error,
  };
}
