// Feeding bytes to a parser in pieces, and turning what comes out into plain data that can be compared.
import { Buffer } from 'node:buffer';
import { RequestParser } from '../../../src/parser/request-parser.js';
import { ResponseParser } from '../../../src/parser/response-parser.js';
import type { ParserEvent } from '../../../src/parser/events.js';
import type { ParserOptions } from '../../../src/parser/options.js';

/** Either parser. */
export type AnyParser = RequestParser | ResponseParser;

/** An event as plain data: data as a latin1 string (adjacent data events merged), errors by code and offset. */
export type PlainEvent =
  | { type: 'head'; head: Record<string, unknown> }
  | { type: 'data'; bytes: string }
  | { type: 'chunk'; size: number; extensions: { name: string; value: string | undefined }[] }
  | { type: 'trailers'; trailers: string[] }
  | { type: 'end' }
  | { type: 'paused'; reason: string }
  | { type: 'error'; code: string; offset: number; status: number };

/** What a parser produced for an input: its events, and the bytes it handed over after a pause. */
export interface Transcript {
  events: PlainEvent[];
  /** `takeRemaining()` after the input ended, when the parser was paused then; otherwise null. */
  remaining: string | null;
}

/** How a parser is made for one input: the kind, options, and (for responses) the request methods, in order. */
export interface ParserSpec {
  kind: 'request' | 'response';
  options?: ParserOptions;
  methods?: readonly string[];
}

export function makeParser(spec: ParserSpec): AnyParser {
  if (spec.kind === 'request') return new RequestParser(spec.options);
  const parser = new ResponseParser(spec.options);
  for (const method of spec.methods ?? []) parser.expectResponseTo(method);
  return parser;
}

export const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
export const bytesOf = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

/** Appends events to a plain transcript, merging adjacent data events (data is a view: its bytes are copied now). */
export function record(into: PlainEvent[], events: readonly ParserEvent[]): void {
  for (const event of events) {
    switch (event.type) {
      case 'head': {
        const { fields, ...rest } = event.head;
        into.push({ type: 'head', head: { ...rest, framing: { ...rest.framing }, fields: [...fields.raw] } });
        break;
      }
      case 'data': {
        const last = into[into.length - 1];
        if (last !== undefined && last.type === 'data') last.bytes += latin1(event.data);
        else into.push({ type: 'data', bytes: latin1(event.data) });
        break;
      }
      case 'chunk':
        into.push({ type: 'chunk', size: event.size, extensions: event.extensions.map((e) => ({ name: e.name, value: e.value })) });
        break;
      case 'trailers':
        into.push({ type: 'trailers', trailers: [...event.trailers.raw] });
        break;
      case 'end':
        into.push({ type: 'end' });
        break;
      case 'paused':
        into.push({ type: 'paused', reason: event.reason });
        break;
      case 'error':
        into.push({ type: 'error', code: event.error.code, offset: event.error.offset, status: event.error.status });
        break;
    }
  }
}

/** What to do when the parser pauses: leave it paused (and take the rest at the end), or resume at once. */
export type PausePolicy = 'hold' | 'resume';

/**
 * Feeds `pieces` to a fresh parser, one `push` each, then `finish()`; records every event. With the `resume`
 * policy, every pause is answered by `resume()` right after the push that produced it.
 */
export function feed(spec: ParserSpec, pieces: Iterable<Uint8Array>, policy: PausePolicy = 'hold'): Transcript {
  const parser = makeParser(spec);
  const events: PlainEvent[] = [];
  const take = (out: readonly ParserEvent[]): void => {
    record(events, out);
    while (policy === 'resume' && out.some((e) => e.type === 'paused')) {
      out = parser.resume();
      record(events, out);
    }
  };
  for (const piece of pieces) take(parser.push(piece));
  take(parser.finish());
  const remaining = parser.phase === 'paused' ? latin1(parser.takeRemaining()) : null;
  return { events, remaining };
}

/** The input whole, as one fresh buffer. */
export function whole(bytes: Uint8Array): Uint8Array[] {
  return [bytes.slice()];
}

/** The input cut before each index in `cuts` (any order, repeats give empty pieces); each piece a fresh copy. */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const at of points) {
    pieces.push(bytes.slice(from, at));
    from = at;
  }
  pieces.push(bytes.slice(from));
  return pieces;
}

/** The input one byte at a time. */
export function bytewise(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) pieces.push(bytes.slice(i, i + 1));
  return pieces;
}

/**
 * The input in pieces of `size` bytes, every full piece passed in the same buffer object, overwritten between
 * pushes — as a reader with one receive buffer does. The events of a piece are recorded before the next one
 * overwrites the buffer, which is all `push` asks of its caller.
 */
export function* throughOneBuffer(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(size);
  let at = 0;
  for (; at + size <= bytes.length; at += size) {
    buffer.set(bytes.subarray(at, at + size));
    yield buffer;
  }
  if (at < bytes.length) yield bytes.slice(at);
}

/**
 * The pieces as views into larger buffers whose other bytes are protocol-looking junk (CR, LF, NUL, digits, ";"),
 * every other one a Node Buffer: a parser that read outside the view, or trusted `byteOffset` to be 0, would show it.
 */
export function asPaddedViews(pieces: readonly Uint8Array[], pad: number): Uint8Array[] {
  const junk = Buffer.from('\r\n\0;0\r\n\r\nGET / HTTP/1.1\r\n', 'latin1');
  return pieces.map((piece, i) => {
    const backing = new Uint8Array(piece.length + 2 * pad);
    for (let k = 0; k < backing.length; k++) backing[k] = junk[k % junk.length]!;
    backing.set(piece, pad);
    return i % 2 === 0 ? new Uint8Array(backing.buffer, pad, piece.length) : Buffer.from(backing.buffer, pad, piece.length);
  });
}

/** Every event and error of a transcript, for properties that look at all of them. */
export function errorsOf(transcript: Transcript): Extract<PlainEvent, { type: 'error' }>[] {
  return transcript.events.filter((e): e is Extract<PlainEvent, { type: 'error' }> => e.type === 'error');
}
