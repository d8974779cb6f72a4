// Property 5 — strictness that prevents request smuggling: wherever two implementations could disagree about
// where a message ends, h1ref refuses the message instead of picking a reading. Both Transfer-Encoding and
// Content-Length (RFC 9112 §6.1, §6.3 rule 3), conflicting or malformed Content-Length (RFC 9110 §8.6, RFC 9112
// §6.3 rule 5), chunked not last in a request (§6.3 rule 4), separators other than one SP in the request-line
// (RFC 9112 §3), whitespace before a colon (§5.1), obs-fold (§5.2), bare LF (§2.2), several Host lines (§3.2):
// each is a 400 and nothing of the message — nor of what follows it — is delivered. The leniencies that relax
// §2.2 and §5.2 are off unless asked for.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RequestParser } from '../../src/parser/request-parser.js';
import { ResponseParser } from '../../src/parser/response-parser.js';
import { DEFAULT_LIMITS, STRICT } from '../../src/parser/options.js';
import { rawRequest } from '../../src/writer/index.js';
import { check } from './support/config.js';
import { bytesOf, cutAt, errorsOf, feed, latin1, whole, type Transcript } from './support/feed.js';
import { cuts } from './support/mutate.js';
import { concatBytes, expectedEvents, ordinaryFields, originForm, plainMessage, request, requestSequence, token, writeMessage, writeMessages, type RequestModel } from './support/messages.js';

/** The transcript is one 400 error and nothing else: no head, no data, nothing from later messages. */
function rejected(transcript: Transcript, code?: string): void {
  expect(transcript.events.map((e) => e.type)).toEqual(['error']);
  const [error] = errorsOf(transcript);
  expect(error!.status).toBe(400);
  if (code !== undefined) expect(error!.code).toBe(code);
}

const caseVariant = (name: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) =>
    [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

const teValue = fc.constantFrom('chunked', 'Chunked', 'gzip, chunked', 'chunked, gzip', 'identity', 'chunked;foo=bar', ',chunked', 'x', '');
const clValue = fc.oneof(fc.nat(1000).map(String), fc.constantFrom('0', '00', '5, 5', '+5', '-1', '0x10', '1 2', ''));

/** A valid request followed by a request that carries both framing fields; returns the bytes and where the bad one begins. */
const withBoth = fc.record({
  before: requestSequence(2),
  version: fc.constantFrom('1.1', '1.0'),
  te: fc.tuple(caseVariant('Transfer-Encoding'), teValue),
  cl: fc.tuple(caseVariant('Content-Length'), clValue),
  teFirst: fc.boolean(),
  extra: ordinaryFields(3),
  at: fc.nat(),
  body: fc.constantFrom('', '0\r\n\r\n', '5\r\nhello\r\n0\r\n\r\n', 'GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n'),
});

describe('property 5: strictness against request smuggling', () => {
  it('a request with both Transfer-Encoding and Content-Length (any order, case, values) is 400 and nothing of it or after it is delivered (RFC 9112 §6.1, §6.3 rule 3)', () => {
    check(
      fc.property(withBoth, cuts, (r, points) => {
        const framing: [string, string][] = r.teFirst ? [r.te, r.cl] : [r.cl, r.te];
        const fields: [string, string][] = [['Host', 'h'], ...r.extra];
        fields.splice(r.at % (fields.length + 1), 0, ...framing);
        const good = r.before.filter((m) => m.keepAlive && m.switchProtocol === undefined);
        const bad = rawRequest({ method: 'POST', target: '/', version: `HTTP/${r.version}`, fields, body: r.body });
        const bytes = concatBytes([writeMessages(good), bad]);
        for (const pieces of [whole(bytes), cutAt(bytes, points)]) {
          const transcript = feed({ kind: 'request' }, pieces);
          const expected = good.flatMap(expectedEvents);
          expect(transcript.events.slice(0, expected.length)).toEqual(expected);
          rejected(
            { events: transcript.events.slice(expected.length), remaining: null },
            r.version === '1.0' ? 'TRANSFER_ENCODING_IN_HTTP10' : 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH',
          );
        }
      }),
    );
  });

  it('a response with both Transfer-Encoding and Content-Length, where the response has a body, is 400 too (RFC 9112 §6.1, §6.3 rule 3)', () => {
    check(
      fc.property(withBoth, fc.constantFrom(200, 201, 206, 404, 500), fc.constantFrom('GET', 'POST'), cuts, (r, status, method, points) => {
        const framing: [string, string][] = r.teFirst ? [r.te, r.cl] : [r.cl, r.te];
        const fields: [string, string][] = [...r.extra];
        fields.splice(r.at % (fields.length + 1), 0, ...framing);
        const bytes = bytesOf(`HTTP/${r.version} ${status} X\r\n${fields.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n${r.body}`);
        rejected(feed({ kind: 'response', methods: [method] }, cutAt(bytes, points)));
      }),
    );
  });

  it('conflicting Content-Length values, malformed ones, several Host lines and chunked not last in a request are 400 (RFC 9110 §8.6; RFC 9112 §3.2, §6.3 rules 4–5)', () => {
    const ambiguity = fc.oneof(
      fc.tuple(fc.nat(100), fc.nat(100)).filter(([a, b]) => a !== b).map(([a, b]) => ({ fields: [['Content-Length', String(a)], ['Content-Length', String(b)]] as [string, string][], code: 'CONFLICTING_CONTENT_LENGTH' })),
      fc.tuple(fc.nat(100), fc.nat(100)).filter(([a, b]) => a !== b).map(([a, b]) => ({ fields: [['Content-Length', `${a}, ${b}`]] as [string, string][], code: 'CONFLICTING_CONTENT_LENGTH' })),
      fc.constantFrom('+1', '-1', '0x1', '1.0', '1 1', '\xd9\xa1', 'one', '', '99999999999999999999').map((v) => ({ fields: [['Content-Length', v]] as [string, string][], code: 'INVALID_CONTENT_LENGTH' })),
      fc.constantFrom('chunked, gzip', 'chunked, identity', 'gzip').map((v) => ({ fields: [['Transfer-Encoding', v]] as [string, string][], code: 'CHUNKED_NOT_FINAL' })),
      fc.constantFrom('chunked, chunked', 'chunked,chunked').map((v) => ({ fields: [['Transfer-Encoding', v]] as [string, string][], code: 'CHUNKED_APPLIED_TWICE' })),
      fc.tuple(fc.constantFrom('a', 'b.example', ''), fc.constantFrom('a', 'c')).map(([a, b]) => ({ fields: [['Host', b]] as [string, string][], code: 'MULTIPLE_HOST', host: a })),
    );
    check(
      fc.property(ambiguity, ordinaryFields(3), fc.nat(), cuts, (amb, extra, at, points) => {
        const fields: [string, string][] = [['Host', 'host' in amb ? amb.host : 'h'], ...extra];
        fields.splice(at % (fields.length + 1), 0, ...amb.fields);
        const bytes = rawRequest({ method: 'POST', target: '/', fields, body: '0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n' });
        rejected(feed({ kind: 'request' }, cutAt(bytes, points)), amb.code);
      }),
    );
  });

  it('a request-line whose separators are anything but one SP is rejected before any head (RFC 9112 §3)', () => {
    const badSeparator = fc.oneof(
      fc.constantFrom('\t', '  ', '\x0b', '\x0c', '\r', '\0', '\xa0', ' \t', '\t ', '   ', '\x85'),
      // Never a tchar: a separator made of token characters would just lengthen the method or the target.
      fc.string({ unit: fc.constantFrom(' ', '\t', '\x0b', '\x0c', '\r', '\n', '\0', '\xa0', '\x7f', '"', '<'), minLength: 1, maxLength: 3 }).filter((s) => s !== ' '),
    );
    check(
      fc.property(
        fc.constantFrom('GET', 'POST', 'OPTIONS', 'PUT'),
        originForm,
        badSeparator,
        fc.constantFrom(0, 1, 2),
        fc.boolean(),
        cuts,
        (method, target, sep, where, lf, points) => {
          const first = where !== 1 ? sep : ' ';
          const second = where !== 0 ? sep : ' ';
          const line = `${method}${first}${target}${second}HTTP/1.1`;
          const bytes = bytesOf(`${line}\r\nHost: h\r\n\r\n`);
          for (const options of [{}, { lenient: { bareLineFeed: lf, obsFold: true } }]) {
            const transcript = feed({ kind: 'request', options }, cutAt(bytes, points));
            expect(transcript.events.map((e) => e.type)).toEqual(['error']);
            expect(errorsOf(transcript)[0]!.status).toBe(400);
          }
        },
      ),
    );
  });

  it('whitespace between a field name and its colon is 400, in the head and in trailers (RFC 9112 §5.1)', () => {
    check(
      fc.property(token(12), fc.constantFrom(' ', '\t', '  ', ' \t'), fc.boolean(), cuts, (name, ws, inTrailer, points) => {
        const line = `${name}${ws}: value`;
        const bytes = inTrailer
          ? bytesOf(`POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n${line}\r\n\r\n`)
          : bytesOf(`GET / HTTP/1.1\r\nHost: h\r\n${line}\r\n\r\n`);
        const transcript = feed({ kind: 'request' }, cutAt(bytes, points));
        const errors = errorsOf(transcript);
        expect(errors.map((e) => [e.code, e.status])).toEqual([['WHITESPACE_BEFORE_COLON', 400]]);
        expect(transcript.events.some((e) => e.type === 'trailers' || e.type === 'end')).toBe(false);
      }),
    );
  });

  describe('the leniencies are off by default', () => {
    it('a request parser has no leniency and the default limits; a response parser only replaces obs-fold, which a user agent MUST do (RFC 9112 §2.2, §5.2)', () => {
      for (const parser of [new RequestParser(), new RequestParser({}), new RequestParser({ lenient: {} }), new RequestParser({ limits: {} })]) {
        expect(parser.lenient).toEqual(STRICT);
        expect(parser.lenient).toEqual({ bareLineFeed: false, obsFold: false });
        expect(parser.limits).toEqual(DEFAULT_LIMITS);
      }
      for (const parser of [new ResponseParser(), new ResponseParser({}), new ResponseParser({ lenient: {} })]) {
        expect(parser.lenient).toEqual({ bareLineFeed: false, obsFold: true });
        expect(parser.limits).toEqual(DEFAULT_LIMITS);
      }
      expect(new ResponseParser({ lenient: { obsFold: false } }).lenient).toEqual(STRICT);
    });

    /** The request written with its head's and chunk lines' CRLFs replaced by LF; body data is left alone. */
    function withBareLineFeeds(model: RequestModel, which: number): { bytes: Uint8Array; bare: number } {
      const cr = writeMessage(model);
      const headEnd = latin1(cr).indexOf('\r\n\r\n') + 4;
      // Only the head's terminators are candidates: in a chunked body CRLFs also end chunk data, and in a
      // Content-Length body they are data.
      const text = latin1(cr.subarray(0, headEnd));
      const positions: number[] = [];
      for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) positions.push(i);
      const chosen = positions[which % positions.length]!;
      const head = text.slice(0, chosen) + text.slice(chosen + 1);
      return { bytes: concatBytes([bytesOf(head), cr.subarray(headEnd)]), bare: chosen };
    }

    it('a bare LF ending any line of a head is 400 by default (RFC 9112 §2.2), and read as a line end only when bareLineFeed is on', () => {
      check(
        fc.property(request(false), fc.nat(), cuts, (model, which, points) => {
          const { bytes, bare } = withBareLineFeeds(model, which);
          const strict = feed({ kind: 'request' }, cutAt(bytes, points));
          expect(strict.events.map((e) => e.type)).toEqual(['error']);
          expect(errorsOf(strict).map((e) => [e.code, e.offset])).toEqual([['BARE_LF', bare]]);

          const lenient = feed({ kind: 'request', options: { lenient: { bareLineFeed: true } } }, cutAt(bytes, points));
          expect(lenient.events).toEqual(expectedEvents(model));
        }),
      );
    });

    it('with bareLineFeed on, a message whose every line ends in a bare LF (chunk lines and trailers included) reads as the same message; off, it is BARE_LF at the first LF (RFC 9112 §2.2, §7.1)', () => {
      check(
        fc.property(requestSequence(3), cuts, (models, points) => {
          const bytes = concatBytes(models.map((m) => plainMessage(m, '\n')));
          const lenient = feed({ kind: 'request', options: { lenient: { bareLineFeed: true } } }, cutAt(bytes, points));
          expect(lenient.events).toEqual(models.flatMap(expectedEvents));
          const strict = feed({ kind: 'request' }, cutAt(bytes, points));
          expect(strict.events).toEqual([{ type: 'error', code: 'BARE_LF', status: 400, offset: latin1(bytes).indexOf('\n') }]);
        }),
      );
    });

    it('an obs-fold (a field line continued on the next line) is 400 by default (RFC 9112 §5.2), and replaced by SP only when obsFold is on', () => {
      check(
        fc.property(
          ordinaryFields(3),
          token(10).filter((n) => n.toLowerCase() !== 'host'),
          fc.string({ unit: fc.constantFrom('a', 'b', '1', '-'), minLength: 1, maxLength: 8 }),
          fc.string({ unit: fc.constantFrom('a', 'b', '1', '-'), minLength: 1, maxLength: 8 }),
          fc.constantFrom(' ', '\t', '   '),
          cuts,
          (extra, name, first, second, fold, points) => {
            const fields = extra.map(([n, v]) => `${n}: ${v}\r\n`).join('');
            const bytes = bytesOf(`GET / HTTP/1.1\r\nHost: h\r\n${fields}${name}: ${first}\r\n${fold}${second}\r\n\r\n`);
            const strict = feed({ kind: 'request' }, cutAt(bytes, points));
            expect(strict.events.map((e) => e.type)).toEqual(['error']);
            expect(errorsOf(strict).map((e) => [e.code, e.status])).toEqual([['OBS_FOLD', 400]]);

            const lenient = feed({ kind: 'request', options: { lenient: { obsFold: true } } }, cutAt(bytes, points));
            expect(lenient.events.map((e) => e.type)).toEqual(['head', 'end']);
            const head = lenient.events[0];
            expect(head?.type === 'head' ? (head.head['fields'] as string[]).slice(-2) : head).toEqual([name, `${first} ${second}`]);
          },
        ),
      );
    });
  });
});
