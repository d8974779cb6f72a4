/**
 * The echo formats of `h1ref serve --echo`, so that h1ref's server fits harnesses built for other echoes:
 *
 * - **h1ref** ({@link echoHandler}): h1ref's own JSON, names and values as latin1 strings, trailers included;
 * - **garden** ({@link gardenEchoHandler}): the format of HTTP Garden's origin servers;
 * - **raw** ({@link rawEcho}): the bytes received for the request, head and body exactly as they came.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import type { RequestHead } from '../parser/events.js';
import type { ParserOptions } from '../parser/options.js';
import { RequestParser } from '../parser/request-parser.js';
import type { Handler } from './connection.js';
import { echoHandler } from './echo-handler.js';
import { type LocatedEvent, MessageLocator } from '../parser/message-locator.js';
import type { ServerOptionsInit } from './options.js';
import type { ServerRequest } from './request.js';
import type { ServerResponse } from './response.js';
import { createServer, type H1Server } from './server.js';

/** The echo formats h1ref's server can answer in. */
export type EchoFormat = 'h1ref' | 'garden' | 'raw';

/** The echo formats, for option parsing; the first is the default. */
export const ECHO_FORMATS: readonly EchoFormat[] = ['h1ref', 'garden', 'raw'];

/**
 * HTTP Garden's origin format: a JSON object of five members, each a base64 string of the bytes —
 * `method`, `uri`, `version`, `headers` (a list of `[name, value]` pairs, each base64 on its own) and `body`.
 */
export interface GardenEchoDocument {
  /** The method, base64. */
  readonly method: string;
  /** The request-target as received, base64. */
  readonly uri: string;
  /** The HTTP-version as received (`HTTP/1.1`), base64. */
  readonly version: string;
  /** The header fields in order, each `[base64(name), base64(value)]`; repeated fields stay separate. */
  readonly headers: [string, string][];
  /** The body after removing the chunked coding, base64. */
  readonly body: string;
}

const b64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64');

/**
 * Answers 200 `application/json` with a {@link GardenEchoDocument}.
 *
 * The shape follows what HTTP Garden's own tooling accepts from an origin (narfindustries/http-garden,
 * `tools/http1.py`, `parse_response_json`): an object with the keys `headers`, `uri`, `body`, `method` and
 * `version`, every string base64; `headers` a list of two-element lists; a `version` with or without the
 * `HTTP/` prefix (the tool strips it). Its origins differ on the prefix (`images/gunicorn/server.py` sends WSGI's
 * `SERVER_PROTOCOL`, `HTTP/1.1`; `images/node_stdlib/app.js` sends Node's `httpVersion`, `1.1`): h1ref sends the
 * version exactly as received, as it does the method and the target. Garden's format has no trailers.
 */
export async function gardenEchoHandler(request: ServerRequest, response: ServerResponse): Promise<void> {
  const body = await request.bytes();
  const document: GardenEchoDocument = {
    method: b64(request.method),
    uri: b64(request.target),
    version: b64(request.rawVersion),
    headers: request.headers.toArray().map(([name, value]): [string, string] => [b64(name), b64(value)]),
    body: Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64'),
  };
  response.status = 200;
  response.headers.set('Content-Type', 'application/json');
  await response.end(gardenJson(document));
}

/**
 * `JSON.stringify(document)`, written out. Every string of a {@link GardenEchoDocument} is base64 (`A–Z a–z 0–9 +
 * / =`), which JSON text needs no escape for (RFC 8259 §7), so the text is its members joined in their order —
 * 50 ns against `JSON.stringify`'s 490 for wrk's request on Node 20 (`test/server/echo-json.test.ts` proves them equal).
 */
export function gardenJson(document: GardenEchoDocument): string {
  let headers = '';
  for (let i = 0; i < document.headers.length; i++) {
    const [name, value] = document.headers[i]!;
    headers += (i === 0 ? '["' : ',["') + name + '","' + value + '"]';
  }
  return '{"method":"' + document.method + '","uri":"' + document.uri + '","version":"' + document.version + '","headers":[' + headers + '],"body":"' + document.body + '"}';
}

/** A request's bytes as located by a {@link RawRecorder}. */
interface RecordedMessage {
  readonly head: RequestHead;
  readonly start: number;
  readonly end: number;
}

/**
 * Records the bytes of one connection and where each request begins and ends, with its own parser (same limits
 * and leniencies as the server's, so both see the same messages).
 */
class RawRecorder {
  private readonly locator: MessageLocator<RequestHead>;
  private chunks: Buffer[] = [];
  // Stream offset of chunks[0]'s first byte.
  private base = 0;
  private start = 0;
  private current: RequestHead | null = null;
  private readonly done: RecordedMessage[] = [];
  private stopped = false;

  constructor(options: ParserOptions) {
    this.locator = new MessageLocator(new RequestParser(options));
  }

  onData(chunk: Buffer): void {
    if (this.stopped) return;
    this.chunks.push(chunk);
    this.handle(this.locator.push(chunk));
  }

  private handle(events: readonly LocatedEvent<RequestHead>[]): void {
    for (const { event, offset } of events) {
      switch (event.type) {
        case 'head':
          this.current = event.head;
          break;
        case 'end':
          if (this.current !== null) this.done.push({ head: this.current, start: this.start, end: offset });
          this.current = null;
          // Empty lines before the next request-line (RFC 9112 §2.2) count as that request's bytes.
          this.start = offset;
          break;
        case 'paused':
          // As h1ref's server does: an Upgrade is declined and parsing goes on (RFC 9110 §7.8); after CONNECT
          // (answered 501, never handed to a handler) nothing more is HTTP.
          if (event.reason === 'upgrade') this.handle(this.locator.resume());
          else this.stopped = true;
          break;
        case 'error':
          // The server answers the error and closes: no request after this point reaches a handler.
          this.stopped = true;
          break;
        default:
          break;
      }
    }
  }

  /**
   * The bytes of the recorded request with this head, dropping the ones before it (requests the server answered
   * itself, such as a 417, never reach the handler). Undefined when it was not recorded.
   */
  take(head: RequestHead): Uint8Array | undefined {
    let found: RecordedMessage | undefined;
    while (found === undefined && this.done.length !== 0) {
      const m = this.done.shift()!;
      if (sameHead(m.head, head)) found = m;
    }
    if (found === undefined) return undefined;
    const bytes = this.slice(found.start, found.end);
    this.trim(this.done[0]?.start ?? this.start);
    return bytes;
  }

  private slice(start: number, end: number): Uint8Array {
    const out = Buffer.allocUnsafe(end - start);
    let at = this.base;
    let written = 0;
    for (const chunk of this.chunks) {
      const from = Math.max(start, at);
      const to = Math.min(end, at + chunk.length);
      if (from < to) written += chunk.copy(out, written, from - at, to - at);
      at += chunk.length;
      if (at >= end) break;
    }
    return out.subarray(0, written);
  }

  // Drops the chunks that end before `offset`.
  private trim(offset: number): void {
    let drop = 0;
    while (drop < this.chunks.length && this.base + this.chunks[drop]!.length <= offset) {
      this.base += this.chunks[drop]!.length;
      drop++;
    }
    if (drop !== 0) this.chunks = this.chunks.slice(drop);
  }
}

// The head the connection's parser produced and the one the recorder's produced are different objects with the
// same content.
function sameHead(a: RequestHead, b: RequestHead): boolean {
  if (a.method !== b.method || a.target !== b.target || a.rawVersion !== b.rawVersion) return false;
  const x = a.fields.raw;
  const y = b.fields.raw;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The handler and the connection hook of the raw echo; see {@link rawEcho}. */
export interface RawEcho {
  /** The request handler. */
  readonly handler: Handler;
  /** Pass as the server's `onConnection` option: records each connection's bytes. */
  readonly onConnection: (socket: Socket) => void;
}

/**
 * The raw echo: answers 200 `message/http` whose body is the bytes the server received for the request — the
 * request-line, the field lines and the body exactly as they came (chunk lines and trailers included; empty
 * lines before the request-line too), not a re-serialisation of what was parsed.
 *
 * The server's parser keeps no bytes, so each connection is recorded by a hook that sees the socket's bytes
 * before the server does ({@link ServerOptions.onConnection}) and locates every request in them with a parser of
 * its own ({@link MessageLocator}); the handler, once it has read the body (so the whole request has arrived),
 * takes that request's bytes. `message/http` is the media type of one HTTP message (RFC 9112 §10.1).
 *
 * @param options - the server's parser limits and leniencies: the recorder must see the messages the server sees
 */
export function rawEcho(options: ParserOptions = {}): RawEcho {
  const recorders = new Map<string, RawRecorder>();
  const key = (address: string, port: number): string => `${address}\u0000${port}`;
  return {
    onConnection(socket: Socket): void {
      // The same address and port the connection gives its requests (see ServerRequest.remoteAddress).
      const id = key(socket.remoteAddress ?? '', socket.remotePort ?? 0);
      const recorder = new RawRecorder(options);
      recorders.set(id, recorder);
      socket.on('data', (chunk: Buffer) => recorder.onData(chunk));
      socket.on('close', () => {
        if (recorders.get(id) === recorder) recorders.delete(id);
      });
    },
    async handler(request: ServerRequest, response: ServerResponse): Promise<void> {
      await request.bytes();
      const raw = recorders.get(key(request.remoteAddress, request.remotePort))?.take(request.head);
      if (raw === undefined) {
        // Not expected: the recorder sees every byte before the server does. Say so rather than invent bytes.
        response.status = 500;
        response.headers.set('Content-Type', 'text/plain');
        await response.end('h1ref: the raw bytes of this request were not recorded\n');
        return;
      }
      response.status = 200;
      response.headers.set('Content-Type', 'message/http; msgtype=request');
      await response.end(raw);
    },
  };
}

/**
 * Creates a server that echoes in the given format (see the module notes); for `raw`, with the recording hook
 * installed after any `onConnection` of `options`.
 */
export function createEchoServer(format: EchoFormat, options: ServerOptionsInit = {}): H1Server {
  switch (format) {
    case 'h1ref':
      return createServer(echoHandler, options);
    case 'garden':
      return createServer(gardenEchoHandler, options);
    case 'raw': {
      const raw = rawEcho({ ...(options.limits === undefined ? {} : { limits: options.limits }), ...(options.lenient === undefined ? {} : { lenient: options.lenient }) });
      const outer = options.onConnection;
      return createServer(raw.handler, {
        ...options,
        onConnection: (socket) => {
          outer?.(socket);
          raw.onConnection(socket);
        },
      });
    }
  }
}
