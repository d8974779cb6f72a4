// Helpers shared by the parser unit tests: push text in, get a compact view of the events out.
import { expect } from 'vitest';
import { latin1, latin1Bytes } from '../../src/wire/latin1.js';
import type { MessageHead, ParserEvent, RequestHead, ResponseHead } from '../../src/parser/events.js';
import type { MessageParser } from '../../src/parser/message-parser.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { ResponseParser } from '../../src/parser/response-parser.js';
import type { ParserOptions } from '../../src/parser/options.js';
import type { ProtocolError } from '../../src/wire/protocol-error.js';

/** Bytes of a latin1 string (one byte per code unit). */
export function bytes(text: string): Uint8Array {
  return new Uint8Array(latin1Bytes(text));
}

/**
 * An event with body data decoded to a string and consecutive data events merged, so that assertions do not
 * depend on how the input was split.
 */
export type Simple =
  | { type: 'head'; head: MessageHead }
  | { type: 'data'; text: string }
  | { type: 'chunk'; size: number; extensions: readonly { name: string; value: string | undefined }[] }
  | { type: 'trailers'; trailers: [string, string][] }
  | { type: 'end' }
  | { type: 'paused'; reason: 'connect' | 'upgrade' }
  | { type: 'error'; error: ProtocolError };

export function simplify(events: readonly ParserEvent[]): Simple[] {
  const out: Simple[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'data': {
        expect(event.data.length).toBeGreaterThan(0);
        const last = out[out.length - 1];
        const piece = latin1(event.data);
        if (last !== undefined && last.type === 'data') last.text += piece;
        else out.push({ type: 'data', text: piece });
        break;
      }
      case 'trailers':
        out.push({ type: 'trailers', trailers: event.trailers.toArray() });
        break;
      case 'chunk':
        out.push({ type: 'chunk', size: event.size, extensions: event.extensions });
        break;
      case 'paused':
        out.push({ type: 'paused', reason: event.reason });
        break;
      default:
        out.push(event as Simple);
    }
  }
  return out;
}

/** Pushes each piece in turn (then calls finish() when asked) and returns every event, simplified. */
export function feed(parser: MessageParser<MessageHead>, pieces: string | readonly string[], finish = false): Simple[] {
  const events: ParserEvent[] = [];
  for (const piece of typeof pieces === 'string' ? [pieces] : pieces) events.push(...parser.push(bytes(piece)));
  if (finish) events.push(...parser.finish());
  return simplify(events);
}

/** The event types in order, data merged: a compact picture of what happened. */
export function types(events: readonly Simple[]): string[] {
  return events.map((e) => (e.type === 'paused' ? `paused:${e.reason}` : e.type));
}

/** The body text of all data events. */
export function body(events: readonly Simple[]): string {
  return events.filter((e) => e.type === 'data').map((e) => (e as { text: string }).text).join('');
}

/** The request heads, in order. */
export function requestHeads(events: readonly Simple[]): RequestHead[] {
  return events.filter((e) => e.type === 'head').map((e) => (e as { head: RequestHead }).head);
}

/** The response heads, in order. */
export function responseHeads(events: readonly Simple[]): ResponseHead[] {
  return events.filter((e) => e.type === 'head').map((e) => (e as { head: ResponseHead }).head);
}

/** The single error event's error, asserting there is exactly one and that it is the last event. */
export function errorOf(events: readonly Simple[]): ProtocolError {
  const errors = events.filter((e) => e.type === 'error');
  expect(errors.length, `events: ${JSON.stringify(types(events))}`).toBe(1);
  expect(events[events.length - 1]!.type).toBe('error');
  const error = (errors[0] as { error: ProtocolError }).error;
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

/** code/status/offset of the error in the events. */
export function failure(events: readonly Simple[]): { code: string; status: number; offset: number } {
  const error = errorOf(events);
  return { code: error.code, status: error.status, offset: error.offset };
}

/** The input split into pieces of `size` bytes. */
export function chop(input: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < input.length; i += size) pieces.push(input.slice(i, i + size));
  return pieces;
}

/** A comparable digest of events: heads reduced to the facts tests look at, errors to code and offset. */
export function digest(events: readonly Simple[]): unknown[] {
  return events.map((e) => {
    if (e.type === 'head') {
      const h = e.head;
      return h.kind === 'request'
        ? { head: h.method, target: h.target, fields: h.fields.toArray(), framing: h.framing, keepAlive: h.keepAlive }
        : { head: h.status, fields: h.fields.toArray(), framing: h.framing, keepAlive: h.keepAlive };
    }
    if (e.type === 'error') return { error: e.error.code, offset: e.error.offset };
    return e;
  });
}

/**
 * Parses `input` whole and at every piece size from 1 to `maxSize`, asserting the same digest each time; returns
 * the events of the whole-input run.
 */
export function sameAtEverySplit(
  make: () => MessageParser<MessageHead>, input: string, finish = false, maxSize = input.length,
): Simple[] {
  const whole = feed(make(), input, finish);
  const expected = digest(whole);
  for (let size = 1; size < Math.min(maxSize, input.length); size++) {
    expect(digest(feed(make(), chop(input, size), finish)), `piece size ${size}`).toEqual(expected);
  }
  return whole;
}

/** A request parser with the given options. */
export const request = (options?: ParserOptions) => new RequestParser(options);

/** A response parser with the given options, expecting responses to the given methods in order. */
export function response(methods: readonly string[] = [], options?: ParserOptions): ResponseParser {
  const parser = new ResponseParser(options);
  for (const m of methods) parser.expectResponseTo(m);
  return parser;
}
