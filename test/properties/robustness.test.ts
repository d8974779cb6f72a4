// Property 4 — robustness. Whatever bytes arrive — random bytes, random bytes after a plausible start, valid
// messages mutated — and however they are cut, with any limits and leniencies, `push` and `finish` never throw
// and return only well-formed events. The one error they report is a ProtocolError whose status is one a
// parser answers with (400, 413, 414, 431, 501, 505 — RFC 9110 §15.5, §15.6; RFC 6585 §5), with a stable code,
// the RFC section it rests on and an offset within the bytes received. After an error the parser is done:
// no further event, whatever follows (RFC 9112 §9.6: the connection closes).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES, ProtocolError } from '../../src/wire/protocol-error.js';
import type { ParserEvent } from '../../src/parser/events.js';
import { check } from './support/config.js';
import { bytesOf, cutAt, feed, latin1, makeParser, type ParserSpec } from './support/feed.js';
import { anyInput } from './support/inputs.js';
import { concatBytes, exchangeSequence, expectedEvents, methodsOf, requestSequence, responsesOf, writeMessage, type MessageModel, type RequestModel } from './support/messages.js';
import { anyOptions, cuts, mutations } from './support/mutate.js';

const PARSER_STATUSES = new Set([400, 413, 414, 431, 501, 505]);

/**
 * Feeds the pieces, then `finish()`, then more bytes, checking every event as it comes: the invariants of
 * property 4.
 */
function assertRobust(spec: ParserSpec, pieces: readonly Uint8Array[], after: Uint8Array): void {
  const parser = makeParser(spec);
  let fed = 0;
  let failed = false;
  let paused = false;
  let ended = true; // between messages
  // The current message's body bytes, and how many its framing allows so far.
  let bodyBytes = 0;
  let bodyAllowed = 0;
  let lengthFramed = false;
  const checkEvents = (events: readonly ParserEvent[], finishing: boolean): void => {
    expect(Array.isArray(events)).toBe(true);
    for (const event of events) {
      expect(failed, 'no event after an error').toBe(false);
      expect(paused, 'no event after a pause').toBe(false);
      switch (event.type) {
        case 'error': {
          const error = event.error;
          expect(error).toBeInstanceOf(ProtocolError);
          expect(Object.keys(ERROR_CODES)).toContain(error.code);
          expect(PARSER_STATUSES.has(error.status), `status ${error.status} of ${error.code}`).toBe(true);
          expect(error.status).toBe(ERROR_CODES[error.code].status);
          expect(error.section).toBe(ERROR_CODES[error.code].section);
          expect(error.section.startsWith('RFC ')).toBe(true);
          expect(Number.isInteger(error.offset)).toBe(true);
          expect(error.offset).toBeGreaterThanOrEqual(0);
          // An error found in a push points at a byte received; one found at the end may point just past them.
          if (finishing) expect(error.offset).toBeLessThanOrEqual(fed);
          else expect(error.offset).toBeLessThan(fed);
          expect(parser.error).toBe(error);
          expect(parser.phase).toBe('failed');
          failed = true;
          break;
        }
        case 'head': {
          expect(ended, 'a head only between messages').toBe(true);
          ended = false;
          const framing = event.head.framing;
          lengthFramed = framing.kind === 'length';
          bodyBytes = 0;
          bodyAllowed = framing.kind === 'length' ? framing.length : framing.kind === 'until-close' ? Infinity : 0;
          break;
        }
        case 'data':
          expect(ended, 'data only inside a message').toBe(false);
          expect(event.data).toBeInstanceOf(Uint8Array);
          // Never an empty event, and never more body than the framing announced: the Content-Length, the chunk
          // sizes so far, nothing without a body (RFC 9112 §6.3).
          expect(event.data.length, 'an empty data event').toBeGreaterThan(0);
          bodyBytes += event.data.length;
          expect(bodyBytes, 'more body bytes than the framing allows').toBeLessThanOrEqual(bodyAllowed);
          break;
        case 'chunk':
          expect(ended).toBe(false);
          expect(Number.isSafeInteger(event.size) && event.size >= 0).toBe(true);
          bodyAllowed += event.size;
          break;
        case 'trailers':
          expect(ended).toBe(false);
          expect(event.trailers.size).toBeGreaterThan(0);
          break;
        case 'end':
          expect(ended, 'an end only after a head').toBe(false);
          if (lengthFramed) expect(bodyBytes, 'a length-framed body ends at its Content-Length').toBe(bodyAllowed);
          ended = true;
          break;
        case 'paused':
          expect(ended, 'a pause only after a message').toBe(true);
          paused = true;
          break;
        default:
          throw new Error(`unknown event ${JSON.stringify(event)}`);
      }
    }
  };
  for (const piece of pieces) {
    fed += piece.length;
    checkEvents(parser.push(piece), false);
  }
  const more = (): void => {
    fed += after.length;
    const out = parser.push(after);
    if (failed || parser.phase === 'closed' || parser.phase === 'paused') expect(out).toEqual([]);
    checkEvents(out, false);
  };
  if (failed) more();
  checkEvents(parser.finish(), true);
  // After finish, or after an error, nothing more comes out.
  expect(parser.push(after)).toEqual([]);
  expect(parser.finish()).toEqual([]);
}

/** Bytes that start like a message, so random bytes reach past the start line. */
const plausibleStart = fc.constantFrom(
  '',
  'GET / HTTP/1.1\r\n',
  'GET / HTTP/1.1\r\nHost: h\r\n',
  'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n',
  'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n',
  'HTTP/1.1 200 OK\r\n',
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;',
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n',
);

const randomInput = fc.record({
  kind: fc.constantFrom('request' as const, 'response' as const),
  options: anyOptions,
  methods: fc.array(fc.constantFrom('GET', 'HEAD', 'CONNECT', 'POST'), { maxLength: 3 }),
  start: plausibleStart,
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.array(fc.constantFrom('\r', '\n', '\0', ' ', '\t', ':', ';', '=', '"', '\\', 'a', '0', 'f', 'HTTP/1.1', '\xff', '\x7f'), { maxLength: 60 }).map((a) => bytesOf(a.join(''))),
  ),
});

describe('property 4: any input yields only events or one ProtocolError, and nothing after it', () => {
  it('random bytes, alone or after a plausible start, cut anywhere, with any options: push and finish never throw and report only well-formed ProtocolErrors (RFC 9110 §15.5, §15.6; RFC 6585 §5)', () => {
    check(
      fc.property(randomInput, cuts, fc.uint8Array({ minLength: 1, maxLength: 20 }), (input, points, after) => {
        const bytes = new Uint8Array([...bytesOf(input.start), ...input.bytes]);
        const spec: ParserSpec = { kind: input.kind, options: input.options, methods: input.methods };
        assertRobust(spec, cutAt(bytes, points), after);
      }),
    );
  });

  it('mutated valid messages (byte flips, CR/LF/NUL/SP insertions, deletions, duplications), cut anywhere, with any options: only events or one well-formed ProtocolError (RFC 9112 §2.2)', () => {
    check(
      fc.property(anyInput(anyOptions, mutations), cuts, fc.uint8Array({ minLength: 1, maxLength: 20 }), (input, points, after) => {
        assertRobust(input.spec, cutAt(input.bytes, points), after);
      }),
    );
  });

  it('a control byte inserted into a line of a head is rejected with 400 at an offset inside that line, no later than the byte; the messages before it are intact (RFC 9112 §2.2, §3, §4, §5; RFC 9110 §5.5)', () => {
    const CONTROLS = [...Array.from({ length: 0x20 }, (_, b) => b).filter((b) => b !== 0x09), 0x7f];
    const connection = fc.oneof(
      requestSequence(3).map((models) => ({ models: models as MessageModel[], spec: { kind: 'request' } as ParserSpec })),
      exchangeSequence(3).map((e) => ({ models: responsesOf(e) as MessageModel[], spec: { kind: 'response', methods: methodsOf(e) } as ParserSpec })),
    );
    check(
      fc.property(connection, fc.nat(), fc.nat(), fc.nat(), fc.constantFrom(...CONTROLS), cuts, ({ models, spec }, k, l, p, byte, points) => {
        const index = k % models.length;
        const messages = models.map(writeMessage);
        const target = latin1(messages[index]!);
        // The head's lines, as [start, end) of their content (CRLF excluded), the empty line last.
        const headEnd = target.indexOf('\r\n\r\n') + 2;
        const lines: [number, number][] = [];
        for (let at = 0; at <= headEnd; ) {
          const end = target.indexOf('\r\n', at);
          lines.push([at, end]);
          at = end + 2;
        }
        const [lineStart, lineEnd] = lines[l % lines.length]!;
        const insertAt = lineStart + (p % (lineEnd - lineStart + 1));
        const corrupted = concatBytes([messages[index]!.subarray(0, insertAt), Uint8Array.of(byte), messages[index]!.subarray(insertAt)]);
        const before = messages.slice(0, index).reduce((n, m) => n + m.length, 0);
        const bytes = concatBytes([...messages.slice(0, index), corrupted, ...messages.slice(index + 1)]);

        const { events } = feed(spec, cutAt(bytes, points));
        const expected = models.slice(0, index).flatMap(expectedEvents);
        expect(events.slice(0, expected.length)).toEqual(expected);
        const rest = events.slice(expected.length);
        expect(rest.map((e) => e.type)).toEqual(['error']);
        const error = rest[0] as { offset: number; status: number; code: string };
        expect(error.status).toBe(400);
        expect(error.offset, `${error.code} at ${error.offset}; the byte 0x${byte.toString(16)} is at ${before + insertAt}, its line starts at ${before + lineStart}`).toBeGreaterThanOrEqual(before + lineStart);
        expect(error.offset, `${error.code} at ${error.offset}; the byte 0x${byte.toString(16)} is at ${before + insertAt}`).toBeLessThanOrEqual(before + insertAt);
      }),
    );
  });

  it('a head-level error (Host, framing) is reported at the start of a field line of its field (the empty line for a missing Host), counting any empty lines skipped before it; the requests before it are intact (RFC 9112 §2.2, §3.2, §6.3)', () => {
    // The fields whose line a head-level error points at; '' is the empty line that ends the head.
    const HOST = ['host'];
    const LENGTH = ['content-length'];
    const CODING = ['transfer-encoding'];
    const HEAD_LEVEL = new Map<string, string[]>([
      ['MULTIPLE_HOST', HOST], ['MISSING_HOST', ['']], ['INVALID_HOST', HOST], ['INVALID_CONTENT_LENGTH', LENGTH],
      ['CONFLICTING_CONTENT_LENGTH', LENGTH], ['TRANSFER_ENCODING_WITH_CONTENT_LENGTH', [...LENGTH, ...CODING]],
      ['TRANSFER_ENCODING_IN_HTTP10', CODING], ['INVALID_TRANSFER_ENCODING', CODING], ['CHUNKED_NOT_FINAL', CODING],
    ]);
    const corruption = fc.constantFrom<[string, string][]>(
      [['Content-Length', 'x']],
      [['Content-Length', '1'], ['Transfer-Encoding', 'chunked']],
      [['Transfer-Encoding', 'gzip']],
      [['Host', 'a'], ['Host', 'b']],
    );
    check(
      fc.property(requestSequence(3), fc.nat(), fc.nat(4), corruption, cuts, (models, k, empty, extra, points) => {
        const index = k % models.length;
        const bad: RequestModel = { ...models[index]!, fields: [...models[index]!.fields, ...extra] };
        const messages = models.map(writeMessage);
        const start = messages.slice(0, index).reduce((n, m) => n + m.length, 0) + 2 * empty;
        const bytes = concatBytes([...messages.slice(0, index), new Uint8Array(Buffer.from('\r\n'.repeat(empty), 'latin1')), writeMessage(bad), ...messages.slice(index + 1)]);
        const { events } = feed({ kind: 'request' }, cutAt(bytes, points));
        const expected = models.slice(0, index).flatMap(expectedEvents);
        expect(events.slice(0, expected.length)).toEqual(expected);
        const rest = events.slice(expected.length);
        expect(rest.map((e) => e.type)).toEqual(['error']);
        const error = rest[0] as { offset: number; status: number; code: string };
        expect(HEAD_LEVEL.has(error.code), error.code).toBe(true);
        expect([400, 501]).toContain(error.status);
        // The offset is where a line of the bad request's head starts, after its request-line.
        const text = latin1(bytes);
        const headEnd = text.indexOf('\r\n\r\n', start) + 2;
        expect(error.offset, error.code).toBeGreaterThan(start);
        expect(error.offset, error.code).toBeLessThanOrEqual(headEnd);
        expect(text.slice(error.offset - 2, error.offset), error.code).toBe('\r\n');
        const line = text.slice(error.offset, text.indexOf('\r\n', error.offset));
        const name = line === '' ? '' : line.slice(0, line.indexOf(':')).toLowerCase();
        expect(HEAD_LEVEL.get(error.code), `${error.code} at the line "${line}"`).toContain(name);
      }),
    );
  });
});
