/**
 * {@link analyzeResponses}: the bytes a server sent on one connection, read with h1ref's strict response parser,
 * byte by byte so that every boundary is exact — where each response starts and ends, what follows the last
 * one, where a malformed one breaks.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { ResponseHead } from '../parser/events.js';
import { RequestParser } from '../parser/request-parser.js';
import { ResponseParser } from '../parser/response-parser.js';
import { decodeEcho, type EchoMode } from './echo.js';
import type { MalformedResponse, ObservedResponse } from './observation.js';

/** A piece of the server's bytes as it arrived: where it starts, and how many request pieces had been written. */
export interface Arrival {
  /** Offset of the piece's first byte in the server's bytes. */
  readonly offset: number;
  /** How many request pieces had been written when it arrived. */
  readonly afterPieces: number;
}

/** What the server's bytes hold. */
export interface ResponseAnalysis {
  /** The complete final responses, in order. */
  readonly responses: ObservedResponse[];
  /** The first response the parser could not read. */
  readonly malformed?: MalformedResponse;
  /** Whether the bytes do not begin like an HTTP/1.x response at all. */
  readonly nonHttp: boolean;
  /** Bytes after the last complete response that did not complete a response. */
  readonly trailingBytes: number;
  /** Whether a 101, or a 2xx to CONNECT, switched protocols (the bytes after it are not HTTP/1.1). */
  readonly switchedProtocol: boolean;
}

/** Options of {@link analyzeResponses}. */
export interface AnalyzeOptions {
  /** Whether the server closed the connection (a body delimited by the close ends there). */
  readonly closed: boolean;
  /** Which echo format to decode from accepted responses' bodies. */
  readonly echo: EchoMode;
  /** When each piece arrived (for `afterPieces`); without it every response says 0. */
  readonly arrivals?: readonly Arrival[];
  /**
   * Push every byte on its own, bodies included (the readable way, kept as the oracle the bulk way is tested
   * against). By default heads, chunk lines and trailers go in a byte at a time and body bytes of a known extent
   * in one push; the events, and so the analysis, are the same either way (the parser is split-invariant).
   */
  readonly bytewise?: boolean;
}

interface Current {
  head: ResponseHead;
  start: number;
  ranges: number[];
  bodyLength: number;
}

/**
 * Reads the server's bytes as the responses to requests with the given methods (in order; HEAD and CONNECT
 * change how a response is framed).
 *
 * The parser is strict: obs-fold in a response is an error here (a server MUST NOT send it), as is anything
 * else RFC 9112 does not allow a sender to generate.
 */
export function analyzeResponses(bytes: Uint8Array, methods: readonly string[], options: AnalyzeOptions): ResponseAnalysis {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const parser = new ResponseParser({ lenient: { obsFold: false }, limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER } });
  for (const m of methods) parser.expectResponseTo(m);
  const responses: ObservedResponse[] = [];
  let malformed: MalformedResponse | undefined;
  let switched = false;
  let lastEnd = 0;
  let current: Current | null = null;
  let interim: number[] = [];
  let firstStart = -1;
  let start = 0;
  let stopped = false;
  // Body bytes the parser has said are coming (a Content-Length body, a chunk's data, a body up to the close):
  // they go in one push instead of one per byte.
  let bulk = 0;
  const bytewise = options.bytewise === true;

  const afterPieces = (offset: number): number => {
    let n = 0;
    for (const a of options.arrivals ?? []) {
      if (a.offset > offset) break;
      n = a.afterPieces;
    }
    return n;
  };

  const handle = (events: ReturnType<ResponseParser['push']>, at: number): void => {
    for (const event of events) {
      switch (event.type) {
        case 'head': {
          current = { head: event.head, start, ranges: [], bodyLength: 0 };
          if (firstStart === -1) firstStart = start;
          const framing = event.head.framing;
          bulk = framing.kind === 'length' ? framing.length : framing.kind === 'until-close' ? Infinity : 0;
          break;
        }
        case 'chunk':
          bulk = event.size;
          break;
        case 'data': {
          const c = current as Current | null;
          if (c === null) break;
          const from = event.data.byteOffset - buffer.byteOffset;
          const to = from + event.data.length;
          const r = c.ranges;
          if (r.length !== 0 && r[r.length - 1] === from) r[r.length - 1] = to;
          else r.push(from, to);
          c.bodyLength += event.data.length;
          break;
        }
        case 'end': {
          bulk = 0;
          const c = current as Current | null;
          current = null;
          if (c === null) break;
          lastEnd = at;
          if (c.head.interim) {
            interim.push(c.head.status);
            break;
          }
          const body = collect(buffer, c.ranges);
          const echo = c.head.status >= 200 && c.head.status < 300 ? decodeEcho(body, options.echo) : undefined;
          responses.push({
            status: c.head.status,
            reason: c.head.reason,
            version: c.head.rawVersion,
            headers: c.head.fields.toArray(),
            interim,
            bodyLength: c.bodyLength,
            ...(echo === undefined ? {} : { echo }),
            afterPieces: afterPieces(firstStart),
          });
          interim = [];
          firstStart = -1;
          break;
        }
        case 'paused':
          switched = true;
          stopped = true;
          break;
        case 'error':
          malformed = { code: event.error.code, message: event.error.message, offset: event.error.offset };
          stopped = true;
          break;
        default:
          break;
      }
    }
  };

  for (let i = 0; i < buffer.length && !stopped;) {
    if (parser.phase === 'idle') start = i;
    if (parser.phase === 'closed') break;
    const n = bulk > 0 && !bytewise ? Math.min(bulk, buffer.length - i) : 1;
    if (bulk > 0) bulk -= n;
    handle(parser.push(buffer.subarray(i, i + n)), i + n);
    i += n;
  }
  if (!stopped && options.closed) {
    // A response cut short by the close is reported as bytes after the last complete response, not as a
    // malformed one: nothing in it was wrong but its end.
    const events = parser.finish().filter((e) => e.type !== 'error' || e.error.code !== 'INCOMPLETE_MESSAGE');
    handle(events, buffer.length);
  }

  const phase = parser.phase;
  const trailing = malformed !== undefined || switched ? 0 : phase === 'idle' && lastEnd === buffer.length ? 0 : buffer.length - lastEnd;
  const nonHttp = responses.length === 0 && interim.length === 0 && buffer.length > 0 && !startsLikeHttp(buffer);
  return {
    responses,
    ...(malformed === undefined ? {} : { malformed }),
    nonHttp,
    trailingBytes: trailing,
    switchedProtocol: switched,
  };
}

function startsLikeHttp(buffer: Buffer): boolean {
  const prefix = 'HTTP/';
  for (let i = 0; i < prefix.length && i < buffer.length; i++) if (buffer[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function collect(buffer: Buffer, ranges: readonly number[]): Buffer {
  if (ranges.length === 2) return buffer.subarray(ranges[0]!, ranges[1]!);
  const parts: Buffer[] = [];
  for (let i = 0; i < ranges.length; i += 2) parts.push(buffer.subarray(ranges[i]!, ranges[i + 1]!));
  return Buffer.concat(parts);
}

/**
 * The methods of the requests in a case's bytes, in order, as h1ref reads them leniently (so that HEAD and
 * CONNECT are known even in malformed input); when no request can be read, the first word of the bytes.
 */
export function requestMethods(bytes: Uint8Array): string[] {
  const methods: string[] = [];
  const parser = new RequestParser(LENIENT_UNLIMITED);
  // After an Upgrade or CONNECT the parser pauses. Reading goes on: a server that does not switch protocols reads
  // the bytes after it as requests, and the responses to them are framed by their methods (a HEAD among them);
  // a server that does switch is recognised by its 101 or 2xx, after which the responses are not read at all.
  let events = parser.push(bytes);
  for (let paused = true; paused;) {
    paused = false;
    for (const event of events) {
      if (event.type === 'head') methods.push(event.head.method);
      if (event.type === 'paused') paused = true;
    }
    if (paused) events = parser.resume();
  }
  if (methods.length === 0) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64)).toString('latin1').replace(/^[\r\n]+/, '');
    const word = /^[A-Za-z]+/.exec(text)?.[0];
    if (word !== undefined) methods.push(word);
  }
  return methods;
}

const LENIENT_UNLIMITED = {
  lenient: { bareLineFeed: true, obsFold: true },
  limits: { maxHeaderBytes: 1 << 30, maxFieldCount: 1 << 20, maxStartLineBytes: 1 << 30, maxBodyBytes: Number.MAX_SAFE_INTEGER },
} as const;
