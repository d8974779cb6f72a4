// Property 2 — round trip. What h1ref's writers produce, its parsers read back as the same message: method,
// request-target, version, field lines in order (names as written, values as written), body bytes, chunk sizes
// and extensions, trailers; with the framing, persistence, Expect and protocol-switch decisions the RFCs
// prescribe. Several messages are sent one after another on one parser (pipelining, RFC 9112 §9.3.2) and fed
// in arbitrary pieces.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from './support/config.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import type { RequestHead } from '../../src/parser/events.js';
import { bytesOf, cutAt, feed, latin1, throughOneBuffer, whole } from './support/feed.js';
import { cuts } from './support/mutate.js';
import {
  chunkedBody,
  concatBytes,
  exchangeSequence,
  expectedEvents,
  methodsOf,
  ordinaryFields,
  ordinaryName,
  plainMessage,
  prng,
  request,
  requestSequence,
  responsesOf,
  VCHARS,
  writeMessage,
  writeMessages,
  type MessageModel,
  type RequestModel,
} from './support/messages.js';

describe('property 2: writer → parser round trip', () => {
  it('pipelined requests (origin/absolute/asterisk/authority targets, fields, Content-Length and chunked bodies with extensions and trailers) read back as written (RFC 9112 §3, §5, §6, §7.1)', () => {
    check(
      fc.property(requestSequence(4), cuts, (models, points) => {
        const bytes = writeMessages(models);
        const expected = models.flatMap(expectedEvents);
        const spec = { kind: 'request' as const };
        expect(feed(spec, whole(bytes)).events).toEqual(expected);
        expect(feed(spec, cutAt(bytes, points)).events).toEqual(expected);
      }),
    );
  });

  it('pipelined responses (1xx interim, 204, 304, HEAD, CONNECT, 101, close-delimited) read back as written, given the request methods (RFC 9112 §4, §6.3)', () => {
    check(
      fc.property(exchangeSequence(3), cuts, (exchanges, points) => {
        const models = responsesOf(exchanges);
        const bytes = writeMessages(models);
        const expected = models.flatMap(expectedEvents);
        const spec = { kind: 'response' as const, methods: methodsOf(exchanges) };
        expect(feed(spec, whole(bytes)).events).toEqual(expected);
        expect(feed(spec, cutAt(bytes, points)).events).toEqual(expected);
      }),
    );
  });

  it('chunked bodies: chunk sizes, token and quoted-string extension values (escapes included) and trailer fields read back exactly (RFC 9112 §7.1, §7.1.1, §7.1.2)', () => {
    check(
      fc.property(chunkedBody, ordinaryFields(3), cuts, (body, extra, points) => {
        const model: RequestModel = {
          kind: 'request',
          method: 'POST',
          target: '/upload',
          targetForm: 'origin',
          version: '1.1',
          fields: [['Host', 'example.com'], ...extra, ['Transfer-Encoding', 'chunked']],
          body,
          authority: 'example.com',
          expect: undefined,
          expectContinue: false,
          keepAlive: true,
          switchProtocol: undefined,
        };
        const bytes = writeMessage(model);
        const expected = expectedEvents(model);
        const spec = { kind: 'request' as const };
        expect(feed(spec, whole(bytes)).events).toEqual(expected);
        expect(feed(spec, cutAt(bytes, points)).events).toEqual(expected);
      }),
    );
  });

  it('after a request that switches protocols (CONNECT, Upgrade), the parser pauses and hands over the following bytes untouched (RFC 9110 §9.3.6, §7.8)', () => {
    const switching = request(true).filter((m) => m.switchProtocol !== undefined);
    check(
      fc.property(requestSequence(2), switching, fc.uint8Array({ maxLength: 200 }), cuts, (before, last, tail, points) => {
        // The pipeline before the switch stays open: make its last message one that keeps the connection.
        const models = [...before.filter((m) => m.keepAlive && m.switchProtocol === undefined), last];
        const bytes = concatBytes([writeMessages(models), tail]);
        const spec = { kind: 'request' as const };
        const transcript = feed(spec, cutAt(bytes, points));
        expect(transcript.events).toEqual(models.flatMap(expectedEvents));
        expect(transcript.remaining).toEqual(latin1(tail));
      }),
    );
  });

  it('the writers produce exactly the wire form of RFC 9112 (start line, "name: value" field lines, CRLF everywhere, lower-case hex chunk sizes, token-or-quoted extension values)', () => {
    check(
      fc.property(fc.oneof(requestSequence(3), exchangeSequence(2).map(responsesOf)), (models: MessageModel[]) => {
        for (const model of models) expect(latin1(writeMessage(model))).toBe(latin1(plainMessage(model)));
      }),
    );
  });

  it('after a message that ends the connection (Connection: close, HTTP/1.0 without keep-alive), whatever follows yields no event (RFC 9112 §9.3, §9.6)', () => {
    const closing = request(true).filter((m) => !m.keepAlive && m.switchProtocol === undefined);
    check(
      fc.property(requestSequence(2), closing, fc.uint8Array({ maxLength: 100 }), cuts, (before, last, tail, points) => {
        const models = [...before.filter((m) => m.keepAlive && m.switchProtocol === undefined), last];
        const bytes = concatBytes([writeMessages(models), tail]);
        const transcript = feed({ kind: 'request' }, cutAt(bytes, points));
        expect(transcript.events).toEqual(models.flatMap(expectedEvents));
        expect(transcript.remaining).toBeNull();
      }),
    );
  });

  it('after resume() (a CONNECT or Upgrade that did not happen), the requests that followed are read as written (RFC 9110 §7.8, §9.3.6)', () => {
    const open = request(true).filter((m) => m.keepAlive);
    check(
      fc.property(fc.array(open, { minLength: 1, maxLength: 4 }), cuts, (models, points) => {
        const bytes = writeMessages(models);
        expect(feed({ kind: 'request' }, cutAt(bytes, points), 'resume').events).toEqual(models.flatMap(expectedEvents));
      }),
    );
  });

  it('large heads — long targets, tens of kilobytes of fields, large trailers — read back exactly, in pieces of any size and through one reused buffer (RFC 9112 §3, §5, §7.1.2)', () => {
    // Long strings come from a seeded PRNG: generating them character by character would dominate the run time.
    const longText = (chars: readonly string[]) =>
      fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.nat()).map(([length, seed]) => {
        const rnd = prng(seed);
        let text = '';
        for (let i = 0; i < length; i++) text += chars[Math.floor(rnd() * chars.length)]!;
        return text;
      });
    const value = longText([...VCHARS, ' ', '\t']).map((v) => v.replace(/^[ \t]+|[ \t]+$/g, ''));
    const path = longText([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&\'()*+,;=:@/']);
    const big = fc.record({
      path,
      fields: fc.array(fc.tuple(ordinaryName, value), { minLength: 1, maxLength: 12 }),
      trailers: fc.array(fc.tuple(ordinaryName, value), { maxLength: 6 }),
      data: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    });
    const options = { limits: { maxStartLineBytes: 1 << 16, maxHeaderBytes: 1 << 20, maxTrailerBytes: 1 << 20, maxFieldCount: 1000 } };
    check(
      fc.property(big, cuts, fc.integer({ min: 1000, max: 5000 }), (b, points, size) => {
        const model: RequestModel = {
          kind: 'request', method: 'PUT', target: `/${b.path}`, targetForm: 'origin', version: '1.1',
          fields: [['Host', 'example.com'], ...b.fields, ['Transfer-Encoding', 'chunked']],
          body: { kind: 'chunked', chunks: [{ data: b.data, extensions: [] }], lastExtensions: [], trailers: b.trailers },
          authority: 'example.com', expect: undefined, expectContinue: false, keepAlive: true, switchProtocol: undefined,
        };
        const bytes = concatBytes([writeMessage(model), writeMessage(model)]);
        const expected = [...expectedEvents(model), ...expectedEvents(model)];
        const spec = { kind: 'request' as const, options };
        expect(feed(spec, cutAt(bytes, points)).events).toEqual(expected);
        expect(feed(spec, throughOneBuffer(bytes, size)).events).toEqual(expected);
      }),
    );
  });

  it('the header section as received: lookups by name are case-insensitive, keep every line in order, and join repeated lines with ", " (RFC 9110 §5.1, §5.3)', () => {
    const caseFlip = (name: string, mask: number): string =>
      [...name].map((c, i) => ((mask >> (i % 30)) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
    check(
      fc.property(request(false), fc.nat(), (model, mask) => {
        const events = new RequestParser().push(writeMessage(model));
        const head = events.find((e) => e.type === 'head')?.head as RequestHead;
        expect(head.fields.size).toBe(model.fields.length);
        expect(head.fields.toArray()).toEqual(model.fields);
        model.fields.forEach(([name, value], i) => {
          expect(head.fields.nameAt(i)).toBe(name);
          expect(head.fields.valueAt(i)).toBe(value);
          const all = model.fields.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
          const asked = caseFlip(name, mask);
          expect(head.fields.has(asked)).toBe(true);
          expect(head.fields.getAll(asked)).toEqual(all);
          expect(head.fields.get(asked)).toBe(all.join(', '));
        });
        expect(head.fields.get('x-never-generated-\x7f')).toBeUndefined();
      }),
    );
  });

  it('Content-Length given as the same number more than once — repeated lines, a list, leading zeros — is that one length (RFC 9110 §8.6, h1ref accepts what every element agrees on)', () => {
    const form = (n: number) => fc.constantFrom(String(n), `0${n}`, `${n}, ${n}`, `${n},${n}`, `00${n} ,${n}`);
    check(
      fc.property(
        fc.nat(300).chain((n) => fc.tuple(fc.constant(n), fc.array(form(n), { minLength: 1, maxLength: 3 }))),
        fc.boolean(),
        cuts,
        ([n, values], isResponse, points) => {
          const fields = values.map((v) => `Content-Length: ${v}\r\n`).join('');
          const head = isResponse ? `HTTP/1.1 200 OK\r\n${fields}\r\n` : `POST / HTTP/1.1\r\nHost: h\r\n${fields}\r\n`;
          const body = 'b'.repeat(n);
          const next = isResponse ? 'HTTP/1.1 204 No Content\r\n\r\n' : 'GET /next HTTP/1.1\r\nHost: h\r\n\r\n';
          const { events } = feed({ kind: isResponse ? 'response' : 'request' }, cutAt(bytesOf(head + body + next), points));
          expect(events.map((e) => e.type)).toEqual(n === 0 ? ['head', 'end', 'head', 'end'] : ['head', 'data', 'end', 'head', 'end']);
          if (n !== 0) expect(events[1]).toEqual({ type: 'data', bytes: body });
        },
      ),
    );
  });
});
