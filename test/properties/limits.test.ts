// Property 3 — limits. Every size limit is enforced while bytes arrive, with the status RFC 6585 and RFC 9110
// assign: a header section too large or with too many fields is 431 (RFC 6585 §5), a request-line too long is
// 414 (RFC 9112 §3, RFC 9110 §15.5.15), a body larger than allowed is 413 (RFC 9110 §15.5.14) — decided from
// Content-Length before any body byte, and for chunked or close-delimited bodies before the data that would
// cross the limit is delivered. A line that never ends is rejected in the very push that takes it past its
// limit, so a parser never holds more than a limit plus one input piece.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from './support/config.js';
import { bytesOf, cutAt, errorsOf, feed, makeParser, record, whole, type PlainEvent } from './support/feed.js';
import { cuts } from './support/mutate.js';
import { chunkedBody, concatBytes, fieldValue, ordinaryFields, request, token, writeMessage, type Chunk, type RequestModel } from './support/messages.js';
import type { ParserOptions } from '../../src/parser/options.js';

const dataLength = (events: readonly PlainEvent[]): number =>
  events.reduce((n, e) => n + (e.type === 'data' ? e.bytes.length : 0), 0);

/** A chunked request whose body is `chunks` (and no extensions or trailers unless given). */
function chunkedRequest(body: Extract<RequestModel['body'], { kind: 'chunked' }>): RequestModel {
  return {
    kind: 'request', method: 'POST', target: '/', targetForm: 'origin', version: '1.1',
    fields: [['Host', 'h'], ['Transfer-Encoding', 'chunked']], body,
    authority: 'h', expect: undefined, expectContinue: false, keepAlive: true, switchProtocol: undefined,
  };
}

const extText = (chunk: Pick<Chunk, 'extensions'>): number =>
  chunk.extensions.reduce((n, e) => n + 1 + e.name.length + (e.value === undefined ? 0 : 1 + quotedLength(e.value)), 0);
// The writer sends a value as a token when it is one, else as a quoted-string escaping only `"` and `\`.
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const quotedLength = (value: string): number =>
  TCHAR.test(value) ? value.length : value.length + 2 + [...value].filter((c) => c === '"' || c === '\\').length;

describe('property 3: limits', () => {
  it('a header section over maxHeaderBytes, or with more than maxFieldCount fields, is 431 at the first line that crosses; within both limits the head is read (RFC 6585 §5)', () => {
    check(
      fc.property(
        ordinaryFields(14),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 16 }),
        cuts,
        (extra, maxHeaderBytes, maxFieldCount, points) => {
          const fields: [string, string][] = [['Host', 'h'], ...extra];
          const startLine = 'GET / HTTP/1.1\r\n';
          const bytes = bytesOf(`${startLine}${fields.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`);
          // The oracle: field lines in order, each counted with its CRLF; the size check comes first.
          let expected: { code: string; offset: number } | null = null;
          let size = 0;
          let offset = startLine.length;
          for (let i = 0; i < fields.length && expected === null; i++) {
            const [n, v] = fields[i]!;
            const line = n.length + 2 + v.length + 2;
            size += line;
            if (size > maxHeaderBytes) expected = { code: 'HEADER_SECTION_TOO_LARGE', offset };
            else if (i >= maxFieldCount) expected = { code: 'TOO_MANY_FIELDS', offset };
            offset += line;
          }
          const spec = { kind: 'request' as const, options: { limits: { maxHeaderBytes, maxFieldCount } } };
          for (const pieces of [whole(bytes), cutAt(bytes, points)]) {
            const { events } = feed(spec, pieces);
            if (expected === null) {
              expect(events.map((e) => e.type)).toEqual(['head', 'end']);
            } else {
              expect(events).toEqual([{ type: 'error', status: 431, ...expected }]);
            }
          }
        },
      ),
    );
  });

  it('a request-line over maxStartLineBytes is 414 (501 if its method alone is longer), a status-line over it is 400, at the line that crosses (RFC 9112 §3, §4; RFC 9110 §15.5.15)', () => {
    check(
      fc.property(fc.array(request(false), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 120 }), cuts, (models, maxStartLineBytes, points) => {
        const bytes = concatBytes(models.map(writeMessage));
        const text = Buffer.from(bytes).toString('latin1');
        // Each message's start line, found from where the previous message ended.
        let offset = 0;
        let expected: { code: string; offset: number; status: number } | null = null;
        for (const m of models) {
          const lineLength = text.indexOf('\r\n', offset) - offset;
          if (lineLength > maxStartLineBytes) {
            const methodLength = text.indexOf(' ', offset) - offset;
            expected = methodLength > maxStartLineBytes
              ? { code: 'METHOD_TOO_LONG', offset, status: 501 }
              : { code: 'REQUEST_LINE_TOO_LONG', offset, status: 414 };
            break;
          }
          offset += writeMessage(m).length;
        }
        const spec = { kind: 'request' as const, options: { limits: { maxStartLineBytes } } };
        const transcript = feed(spec, cutAt(bytes, points));
        expect(errorsOf(transcript)).toEqual(expected === null ? [] : [{ type: 'error', ...expected }]);

        const status = `HTTP/1.1 200 ${'x'.repeat(Math.max(0, maxStartLineBytes - 12))}`;
        const over = bytesOf(`${status}y\r\nContent-Length: 0\r\n\r\n`);
        expect(errorsOf(feed({ kind: 'response' }, cutAt(over, points)))).toEqual([]);
        expect(errorsOf(feed({ kind: 'response', options: { limits: { maxStartLineBytes } } }, cutAt(over, points)))).toEqual([
          { type: 'error', code: 'STATUS_LINE_TOO_LONG', offset: 0, status: 400 },
        ]);
      }),
    );
  });

  it('a Content-Length over maxBodyBytes is 413 as soon as the head is complete, with no data event; within it the body is delivered whole (RFC 9110 §15.5.14, §8.6)', () => {
    check(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 400 }), fc.boolean(), cuts, (body, maxBodyBytes, isResponse, points) => {
        const head = isResponse
          ? `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`
          : `PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: ${body.length}\r\n\r\n`;
        const spec = { kind: isResponse ? ('response' as const) : ('request' as const), options: { limits: { maxBodyBytes } } };
        const headBytes = bytesOf(head);
        if (body.length > maxBodyBytes) {
          // The head alone decides: nothing of the body has to arrive.
          const parser = makeParser(spec);
          const events: PlainEvent[] = [];
          record(events, parser.push(headBytes));
          expect(events.filter((e) => e.type === 'data')).toEqual([]);
          expect(errorsOf({ events, remaining: null })).toEqual([{ type: 'error', code: 'BODY_TOO_LARGE', status: 413, offset: head.length - 2 }]);
        }
        const { events } = feed(spec, cutAt(concatBytes([headBytes, body]), points));
        if (body.length > maxBodyBytes) {
          expect(dataLength(events)).toBe(0);
          expect(errorsOf({ events, remaining: null }).map((e) => e.code)).toEqual(['BODY_TOO_LARGE']);
        } else {
          expect(errorsOf({ events, remaining: null })).toEqual([]);
          expect(dataLength(events)).toBe(body.length);
        }
      }),
    );
  });

  it('a chunked body over maxBodyBytes is 413 at the chunk-size line that crosses, and the data delivered never exceeds the limit; chunk extensions over maxChunkExtensionBytes are 413 (RFC 9110 §15.5.14, RFC 9112 §7.1, §7.1.1)', () => {
    check(
      fc.property(chunkedBody, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 80 }), cuts, (body, maxBodyBytes, maxChunkExtensionBytes, points) => {
        const model = chunkedRequest(body);
        const bytes = writeMessage(model);
        const spec = { kind: 'request' as const, options: { limits: { maxBodyBytes, maxChunkExtensionBytes } } };
        const { events } = feed(spec, cutAt(bytes, points));

        // The oracle, chunk-size line by chunk-size line: extensions are checked before the size.
        let total = 0;
        let extensions = 0;
        let expected: string | null = null;
        let delivered = 0;
        for (const c of [...body.chunks, { data: new Uint8Array(0), extensions: body.lastExtensions }]) {
          extensions += extText(c);
          if (extensions > maxChunkExtensionBytes) {
            expected = 'CHUNK_EXTENSIONS_TOO_LARGE';
            break;
          }
          if (total + c.data.length > maxBodyBytes) {
            expected = 'BODY_TOO_LARGE';
            break;
          }
          total += c.data.length;
          delivered = total;
        }
        const errors = errorsOf({ events, remaining: null });
        expect(errors.map((e) => [e.code, e.status])).toEqual(expected === null ? [] : [[expected, 413]]);
        expect(dataLength(events)).toBe(delivered);
        expect(dataLength(events)).toBeLessThanOrEqual(maxBodyBytes);
      }),
    );
  });

  it('a close-delimited response body over maxBodyBytes is 413, and the data delivered never exceeds the limit (RFC 9110 §15.5.14, RFC 9112 §6.3)', () => {
    check(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 400 }), cuts, (body, maxBodyBytes, points) => {
        const bytes = concatBytes([bytesOf('HTTP/1.1 200 OK\r\nServer: x\r\n\r\n'), body]);
        const { events } = feed({ kind: 'response', options: { limits: { maxBodyBytes } } }, cutAt(bytes, points));
        expect(dataLength(events)).toBeLessThanOrEqual(maxBodyBytes);
        if (body.length > maxBodyBytes) {
          expect(errorsOf({ events, remaining: null }).map((e) => [e.code, e.status])).toEqual([['BODY_TOO_LARGE', 413]]);
        } else {
          expect(errorsOf({ events, remaining: null })).toEqual([]);
          expect(dataLength(events)).toBe(body.length);
        }
      }),
    );
  });

  it('a trailer section over maxTrailerBytes, or with more than maxFieldCount fields, is 431 (RFC 9112 §7.1.2, RFC 6585 §5)', () => {
    check(
      fc.property(fc.array(fc.tuple(token(12), fieldValue), { maxLength: 10 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 12 }), cuts, (trailers, maxTrailerBytes, maxFieldCount, points) => {
        const model = chunkedRequest({ kind: 'chunked', chunks: [{ data: bytesOf('abc'), extensions: [] }], lastExtensions: [], trailers });
        const spec = { kind: 'request' as const, options: { limits: { maxTrailerBytes, maxFieldCount: Math.max(maxFieldCount, 2) } } };
        let size = 0;
        let expected = false;
        trailers.forEach(([n, v], i) => {
          size += n.length + 2 + v.length + 2;
          if (size > maxTrailerBytes || i >= spec.options.limits.maxFieldCount) expected = true;
        });
        const { events } = feed(spec, cutAt(writeMessage(model), points));
        const errors = errorsOf({ events, remaining: null }).map((e) => [e.code, e.status]);
        expect(errors).toEqual(expected ? [['TRAILER_SECTION_TOO_LARGE', 431]] : []);
        expect(events.some((e) => e.type === 'trailers')).toBe(!expected && trailers.length > 0);
      }),
    );
  });

  it('a chunk-size of more than maxChunkSizeDigits significant hex digits is 400; leading zeros do not count (RFC 9112 §7.1)', () => {
    check(
      fc.property(fc.integer({ min: 1, max: 0xffff }), fc.nat(40), fc.integer({ min: 1, max: 20 }), fc.boolean(), cuts, (size, zeros, maxChunkSizeDigits, upper, points) => {
        const significant = size.toString(16);
        let hex = '0'.repeat(zeros) + significant;
        if (upper) hex = hex.toUpperCase();
        const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
        const bytes = concatBytes([bytesOf(`${head}${hex}\r\n`), new Uint8Array(size).fill(0x61), bytesOf('\r\n0\r\n\r\n')]);
        // The line (at most 44 bytes here) stays within maxChunkSizeDigits + maxChunkExtensionBytes.
        const { events } = feed({ kind: 'request', options: { limits: { maxChunkSizeDigits } } }, cutAt(bytes, points));
        if (significant.length > maxChunkSizeDigits) {
          expect(events.slice(1)).toEqual([{ type: 'error', code: 'INVALID_CHUNK_SIZE', status: 400, offset: head.length + zeros + maxChunkSizeDigits }]);
        } else {
          expect(events.slice(1).map((e) => e.type)).toEqual(['chunk', 'data', 'chunk', 'end']);
          expect(events[1]).toEqual({ type: 'chunk', size, extensions: [] });
        }
      }),
    );
  });

  describe('a line that never ends is rejected in the push that takes it past its limit, not earlier and not later', () => {
    interface Case {
      name: string;
      kind: 'request' | 'response';
      /** What precedes the endless line. */
      prefix: string;
      /** How the endless line starts; it goes on with `fill` for ever. */
      start: string;
      fill: string;
      code: string;
      status: number;
      /** The options, given a limit; and the content length past which the line must be rejected. */
      options: (limit: number) => ParserOptions;
      /** The longest content the line may have before the parser must reject it ("latest"), and the shortest after which it may ("earliest"). */
      bounds: (limit: number) => { earliest: number; latest: number };
    }
    const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    const cases: Case[] = [
      {
        // The limit leaves room for the method and its SP, so that it is the target that is too long.
        name: 'request-line → 414 (RFC 9112 §3)', kind: 'request', prefix: '', start: 'GET /', fill: 'a',
        code: 'REQUEST_LINE_TOO_LONG', status: 414,
        options: (limit) => ({ limits: { maxStartLineBytes: limit + 4 } }),
        bounds: (limit) => ({ earliest: limit + 4, latest: limit + 4 }),
      },
      {
        name: 'request-line that is all method → 501 (RFC 9112 §3)', kind: 'request', prefix: '', start: '', fill: 'M',
        code: 'METHOD_TOO_LONG', status: 501,
        options: (limit) => ({ limits: { maxStartLineBytes: limit } }),
        bounds: (limit) => ({ earliest: limit, latest: limit }),
      },
      {
        name: 'status-line → 400 (RFC 9112 §4)', kind: 'response', prefix: '', start: 'HTTP/1.1 200 ', fill: 'r',
        code: 'STATUS_LINE_TOO_LONG', status: 400,
        options: (limit) => ({ limits: { maxStartLineBytes: limit } }),
        bounds: (limit) => ({ earliest: limit, latest: limit }),
      },
      {
        name: 'header field line → 431 (RFC 6585 §5)', kind: 'request', prefix: 'GET / HTTP/1.1\r\nHost: h\r\n', start: 'X-Long: ', fill: 'v',
        code: 'HEADER_SECTION_TOO_LARGE', status: 431,
        // The section so far is "Host: h" CRLF (9 bytes); the line's CRLF counts too.
        options: (limit) => ({ limits: { maxHeaderBytes: limit + 9 + 2 } }),
        bounds: (limit) => ({ earliest: limit, latest: limit }),
      },
      {
        name: 'trailer field line → 431 (RFC 9112 §7.1.2)', kind: 'request', prefix: `${head}0\r\n`, start: 'X-Trailer: ', fill: 't',
        code: 'TRAILER_SECTION_TOO_LARGE', status: 431,
        options: (limit) => ({ limits: { maxTrailerBytes: limit + 2 } }),
        bounds: (limit) => ({ earliest: limit, latest: limit }),
      },
      {
        name: 'chunk-size line with extensions → 413 (RFC 9112 §7.1.1)', kind: 'request', prefix: head, start: '5;e=', fill: 'x',
        code: 'CHUNK_EXTENSIONS_TOO_LARGE', status: 413,
        // The extensions start after the one hex digit; the line may also hold up to maxChunkSizeDigits digits.
        options: (limit) => ({ limits: { maxChunkExtensionBytes: limit, maxChunkSizeDigits: 16 } }),
        bounds: (limit) => ({ earliest: 1 + limit, latest: 16 + limit }),
      },
    ];

    for (const c of cases) {
      it(c.name, () => {
        check(
          fc.property(fc.integer({ min: 0, max: 300 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 30 }), (limit, sizes) => {
            const parser = makeParser({ kind: c.kind, options: c.options(limit) });
            const { earliest, latest } = c.bounds(limit);
            const events: PlainEvent[] = [];
            record(events, parser.push(bytesOf(c.prefix)));
            expect(events.filter((e) => e.type === 'error')).toEqual([]);
            let content = 0;
            let pending = c.start;
            for (let i = 0; ; i++) {
              const size = sizes[i % sizes.length]!;
              const piece = (pending + c.fill.repeat(size)).slice(0, Math.max(size, pending.length));
              pending = '';
              content += piece.length;
              const out: PlainEvent[] = [];
              record(out, parser.push(bytesOf(piece)));
              const errors = out.filter((e) => e.type === 'error');
              if (content <= earliest) {
                // Within the limit: nothing to reject yet, and nothing else to report either.
                expect(out).toEqual([]);
                continue;
              }
              if (errors.length === 0) {
                expect(content).toBeLessThanOrEqual(latest);
                continue;
              }
              expect(errors).toEqual([{ type: 'error', code: c.code, status: c.status, offset: c.prefix.length }]);
              // Rejected in this push: the parser held at most the limit, plus the piece that crossed it.
              expect(content - piece.length).toBeLessThanOrEqual(latest);
              break;
            }
          }),
        );
      });
    }
  });
});
