// Helpers for the server tests: a server on 127.0.0.1 port 0, and a raw TCP client that sends exact bytes (whole,
// in pieces, with pauses) and reads back every response with h1ref's own strict response parser.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { once } from 'node:events';
import type { Handler } from '../../src/server/connection.js';
import { createServer, type H1Server } from '../../src/server/server.js';
import type { ServerOptionsInit } from '../../src/server/options.js';
import { MessageCollector } from '../../src/parser/collect-messages.js';
import { ResponseParser } from '../../src/parser/response-parser.js';
import type { ResponseHead } from '../../src/parser/events.js';

export interface Running {
  readonly server: H1Server;
  readonly port: number;
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a free port. Errors thrown by handlers on purpose are not printed. */
export async function start(handler?: Handler, options: ServerOptionsInit = {}): Promise<Running> {
  const server = createServer(handler, { onHandlerError: () => {}, ...options, host: '127.0.0.1', port: 0 });
  const { port } = await server.listen();
  return { server, port, origin: `http://127.0.0.1:${port}`, close: () => server.close(1000) };
}

export interface ParsedResponse {
  readonly status: number;
  readonly head: ResponseHead;
  readonly headers: [string, string][];
  readonly body: Buffer;
  readonly trailers: [string, string][];
}

export interface RawResult {
  /** Every byte the server sent. */
  readonly bytes: Buffer;
  /** The responses, parsed strictly; interim (1xx) ones included. */
  readonly responses: ParsedResponse[];
  /** The server closed the connection (FIN or reset) before we did. */
  readonly closedByServer: boolean;
  /** The connection ended with a reset (ECONNRESET) rather than a clean FIN. */
  readonly reset: boolean;
  /** A parse error in what the server sent, if any. */
  readonly responseError: string | null;
}

export interface RawOptions {
  /** Milliseconds between pieces. */
  readonly delayMs?: number;
  /** Methods of the requests, in order, so HEAD responses parse (default GET for each). */
  readonly methods?: readonly string[];
  /** Resolve once this many final responses have arrived (and close our side) instead of waiting for the server's close. */
  readonly responses?: number;
  /** Shut down our sending side after the last piece. */
  readonly halfClose?: boolean;
  /**
   * Milliseconds to wait for the end of the exchange before failing the test (default {@link RAW_DEADLINE_MS}).
   * A hang guard, not a speed assertion: a server that never answers or never closes fails the test with a
   * message instead of hanging the run.
   */
  readonly deadlineMs?: number;
}

/**
 * How long {@link raw} waits for what it waits for. Generous on purpose (the suite runs on a shared machine):
 * it only turns a hang into a failure that says what never came.
 */
export const RAW_DEADLINE_MS = 30_000;

/** Splits a response byte stream into responses with the strict response parser. */
export function parseResponses(bytes: Uint8Array, methods: readonly string[] = []): { responses: ParsedResponse[]; error: string | null; finals: number } {
  const parser = new ResponseParser();
  for (const m of methods) parser.expectResponseTo(m);
  const collected = new MessageCollector<ResponseHead>().add(parser.push(bytes)).add(parser.finish());
  const responses = collected.messages.map((m): ParsedResponse => ({
    status: m.head.status, head: m.head, headers: m.head.fields.toArray(), body: m.body, trailers: m.trailers.toArray(),
  }));
  const finals = responses.filter((r) => r.status >= 200).length;
  const error = collected.error === null ? null : `${collected.error.code}: ${collected.error.message}`;
  return { responses, error, finals };
}

/** A raw connection whose received bytes are collected, for tests that write to it step by step. */
export interface Collecting {
  readonly socket: net.Socket;
  /** Every chunk received so far. */
  readonly received: Buffer[];
  /** Resolves when the socket has closed (never rejects). */
  readonly closed: Promise<void>;
}

/** Connects to 127.0.0.1:`port` and collects what the server sends. */
export async function connectCollecting(port: number): Promise<Collecting> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const received: Buffer[] = [];
  socket.on('data', (d: Buffer) => received.push(d));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, received, closed };
}

/** Sends `pieces` on a fresh connection and collects what comes back. */
export async function raw(port: number, pieces: string | Uint8Array | readonly (string | Uint8Array)[], options: RawOptions = {}): Promise<RawResult> {
  const list = (Array.isArray(pieces) ? pieces : [pieces]) as (string | Uint8Array)[];
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const received: Buffer[] = [];
  let closedByServer = false;
  let reset = false;
  let done = false;
  const finished = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => {
      received.push(d);
      if (options.responses !== undefined && !done) {
        const { finals } = parseResponses(Buffer.concat(received), options.methods);
        if (finals >= options.responses) {
          done = true;
          socket.destroy();
          resolve();
        }
      }
    });
    socket.on('end', () => {
      if (!done) closedByServer = true;
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET') reset = true;
      if (!done) closedByServer = true;
    });
    socket.on('close', () => {
      if (!done) closedByServer = true;
      resolve();
    });
  });
  await once(socket, 'connect');
  for (let i = 0; i < list.length; i++) {
    if (socket.destroyed) break;
    const piece = list[i]!;
    socket.write(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
    if (options.delayMs !== undefined && i < list.length - 1) await new Promise((r) => setTimeout(r, options.delayMs));
  }
  if (options.halfClose && !socket.destroyed) socket.end();
  const deadlineMs = options.deadlineMs ?? RAW_DEADLINE_MS;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(resolve, deadlineMs, 'expired');
  });
  const outcome = await Promise.race([finished, expired]);
  clearTimeout(timer);
  if (outcome === 'expired') {
    socket.destroy();
    const waitedFor = options.responses !== undefined
      ? `${options.responses} final response(s)`
      : 'the server to close the connection';
    const got = parseResponses(Buffer.concat(received), options.methods).finals;
    throw new Error(`raw(): waited ${deadlineMs} ms for ${waitedFor}; got ${got} final response(s) and no close`);
  }
  const bytes = Buffer.concat(received);
  const { responses, error } = parseResponses(bytes, options.methods);
  return { bytes, responses, closedByServer, reset, responseError: error };
}

/** A header's value in a parsed response (first match, case-insensitive). */
export function header(response: ParsedResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

/** Splits `text` into pieces at random positions (deterministic from `seed`). */
export function randomPieces(text: string, seed: number, maxPiece = 7): string[] {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = 1 + (next() % maxPiece);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** The echo document of a parsed echo response. */
export function echoOf(response: ParsedResponse): { method: string; target: string; version: string; headers: [string, string][]; trailers: [string, string][]; body: string } {
  return JSON.parse(response.body.toString('utf8')) as never;
}

/** Waits until `predicate` holds, checking on every turn of the event loop (a bounded wait by events, not a sleep). */
export async function until(predicate: () => boolean, what = 'condition', maxMs = 20_000): Promise<void> {
  const startedAt = Date.now();
  while (!predicate()) {
    if (Date.now() - startedAt > maxMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
