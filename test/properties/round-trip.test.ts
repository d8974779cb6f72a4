// Property 2 — round trip. What h1ref's writers produce, its parsers read back as the same message: method,
// request-target, version, field lines in order (names as written, values as written), body bytes, chunk sizes
// and extensions, trailers; with the framing, persistence, Expect and protocol-switch decisions the RFCs
// prescribe. Several messages are sent one after another on one parser (pipelining, RFC 9112 §9.3.2) and fed
// in arbitrary pieces.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from './support/config.js';
import { cutAt, feed, latin1, whole } from './support/feed.js';
import { cuts } from './support/mutate.js';
import {
  chunkedBody,
  concatBytes,
  exchangeSequence,
  expectedEvents,
  methodsOf,
  ordinaryFields,
  request,
  requestSequence,
  responsesOf,
  writeMessage,
  writeMessages,
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
});
