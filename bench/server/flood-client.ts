/**
 * The flood client of `flood.ts` (issue 15 §4): a child process, `node flood-client.js <port> <clients> <seconds>
 * <answer>`, in which each of N loops connects, sends one GET with `Connection: close`, reads until the server
 * closes, and connects again, until the time is up. It runs apart from the runner so that the runner's keep-alive
 * client, whose latency is the measurement, does not wait behind N busy sockets in its own event loop.
 *
 * Every connection ends in one of four ways: complete (exactly one response, the expected answer, announcing the
 * close, then the server's FIN or a reset after it), incomplete (the server closed or reset the connection
 * before the whole response had arrived, or sent something else, or stalled), reset after a complete response
 * (counted apart: the response was not lost, RFC 9112 §9.6), or a connect that failed (no request was sent).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { checkResponse, getRequest, ResponseReader } from './http-read.js';
import type { AnswerKind } from './protocol.js';

/** What the flood client reports to the runner when the time is up. */
export interface FloodResult {
  readonly kind: 'flood';
  /** Connections whose one response arrived whole and right. */
  readonly complete: number;
  /** Connections that lost or mangled their response. */
  readonly incomplete: number;
  /** Of the complete ones, those that ended with a reset rather than a FIN. */
  readonly resetAfterComplete: number;
  /** Connects that failed (no request sent). */
  readonly connectFailed: number;
  /** The first few reasons for incomplete connections and failed connects. */
  readonly failures: readonly string[];
  /** Milliseconds from the first connect to the end of the last loop. */
  readonly elapsedMs: number;
}

/** How long a connection may take before it counts as stalled (incomplete). */
const STALL_MS = 10_000;

type Outcome = { readonly kind: 'complete'; readonly reset: boolean } | { readonly kind: 'incomplete' | 'connect-failed'; readonly why: string };

/** One connection: connect, one request with `Connection: close`, read to the server's close. */
function oneConnection(port: number, request: Buffer, answer: AnswerKind): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    const reader = new ResponseReader();
    let connected = false;
    let settled = false;
    let malformed: string | undefined;
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(outcome);
    };
    /** Whether what arrived is exactly one right response announcing the close. */
    const whole = (): string | undefined => {
      if (malformed !== undefined) return malformed;
      if (reader.responses.length !== 1 || reader.pendingBytes !== 0) return `${reader.responses.length} responses and ${reader.pendingBytes} bytes more`;
      const response = reader.responses[0]!;
      const bad = checkResponse(response, answer);
      if (bad !== undefined) return bad;
      const head = response.slice(0, response.indexOf('\r\n\r\n') + 2);
      return /\r\nconnection:[ \t]*close\r\n/i.test(head) ? undefined : 'the answer does not announce the close';
    };
    socket.setTimeout(STALL_MS, () => settle({ kind: 'incomplete', why: `stalled for ${STALL_MS} ms after ${reader.responses.length} responses` }));
    socket.on('connect', () => {
      connected = true;
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        malformed ??= error instanceof Error ? error.message : String(error);
      }
    });
    socket.on('end', () => {
      const why = whole();
      settle(why === undefined ? { kind: 'complete', reset: false } : { kind: 'incomplete', why: `closed with ${why}` });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) return settle({ kind: 'connect-failed', why: `connect: ${error.code ?? error.message}` });
      const why = whole();
      settle(why === undefined ? { kind: 'complete', reset: true } : { kind: 'incomplete', why: `${error.code ?? error.message} with ${why}` });
    });
  });
}

async function main(): Promise<void> {
  const [portText, clientsText, secondsText, answer] = process.argv.slice(2);
  const port = Number(portText);
  const clients = Number(clientsText);
  const seconds = Number(secondsText);
  if (!(port > 0) || !(clients > 0) || !(seconds > 0) || answer === undefined) {
    throw new Error('usage: flood-client.js <port> <clients> <seconds> <answer> (started by flood.js)');
  }
  const request = getRequest(port, true);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let complete = 0;
  let incomplete = 0;
  let resetAfterComplete = 0;
  let connectFailed = 0;
  const failures: string[] = [];
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const outcome = await oneConnection(port, request, answer as AnswerKind);
      if (outcome.kind === 'complete') {
        complete++;
        if (outcome.reset) resetAfterComplete++;
        continue;
      }
      if (outcome.kind === 'incomplete') incomplete++;
      else connectFailed++;
      if (failures.length < 5) failures.push(outcome.why);
      // A failed connect (e.g. the backlog full) would otherwise spin: give the server a moment.
      if (outcome.kind === 'connect-failed') await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const result: FloodResult = { kind: 'flood', complete, incomplete, resetAfterComplete, connectFailed, failures, elapsedMs: performance.now() - started };
  process.send?.(result);
}

// The runner's stop message, or the runner gone: nothing else would stop us.
process.on('message', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
  process.disconnect?.();
});
