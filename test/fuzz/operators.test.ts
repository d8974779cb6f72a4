// The catalogue operators (src/fuzz/operators/): for every operator and variant, on several baselines and on each
// other's outputs, they never throw, never modify their input, name a slot that exists, and change the bytes
// when they apply; a few exact outputs per family; and h1ref's strict parser refuses what RFC 9110/9112 make
// invalid (and takes what they make valid).
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { type Edit, FAMILY_SECTION, type Operator } from '../../src/fuzz/operator.js';
import { CATALOGUE_OPERATORS, operatorByName } from '../../src/fuzz/operators/index.js';
import {
  chunkedBody, field, message, type MessagePart, type Stream, streamText, withContentLength, writeStream,
} from '../../src/fuzz/parts.js';
import { Random } from '../../src/fuzz/random.js';
import { RequestParser } from '../../src/parser/request-parser.js';

// ---------------------------------------------------------------------------------------------------------------
// Baselines.

const GET = (): MessagePart => message('GET', '/', [field('Host', 'a')]);
const POST_CL = (): MessagePart => withContentLength(message('POST', '/p', [field('Host', 'a')], { kind: 'raw', data: 'abc' }));
const POST_CHUNKED = (trailers = false): MessagePart => {
  const m = message('POST', '/c', [field('Host', 'a'), field('Transfer-Encoding', 'chunked')], chunkedBody(['abc']));
  if (trailers && m.body.kind === 'chunked') m.body.trailers.push(field('X-T', '1'));
  return m;
};
const one = (m: MessagePart): Stream => ({ messages: [m], trailing: '' });

const BASELINES: Readonly<Record<string, () => Stream>> = {
  'GET only': () => one(GET()),
  'POST with Content-Length': () => one(POST_CL()),
  'chunked POST with trailers': () => {
    const m = message('POST', '/c', [field('Host', 'example.com'), field('Transfer-Encoding', 'chunked')], chunkedBody(['hello world!', 'xy']));
    if (m.body.kind === 'chunked') m.body.trailers.push(field('X-T', '1'), field('X-U', '2'));
    return one(m);
  },
  'pipeline of three': () => ({ messages: [POST_CL(), POST_CHUNKED(true), GET()], trailing: '' }),
};

const text = (s: Stream): string => streamText(s);
const bytesOf = (s: Stream): string => Buffer.from(writeStream(s)).toString('latin1');

// ---------------------------------------------------------------------------------------------------------------
// Slots.

const SLOT = new RegExp(
  '^(?:stream' +
    '|m(\\d+)\\.(?:method|sp1|target|sp2|version|eol|end|body|trailer-end)' +
    '|m(\\d+)\\.([ft])(\\d+)\\.(?:name|colon|value|eol)' +
    '|m(\\d+)\\.c(\\d+)\\.(?:size|ext|eol|data|data-eol))$',
);

// Whether the slot's message, field line, trailer line or chunk exists in the stream before or after the edit
// (an edit that removes a line names the line it removed).
function slotExists(slot: string, before: Stream, after: Stream): boolean {
  const m = SLOT.exec(slot);
  if (m === null) return false;
  if (slot === 'stream') return true;
  const mi = Number(m[1] ?? m[2] ?? m[5]);
  const inStream = (s: Stream): boolean => {
    const msg = s.messages[mi];
    if (msg === undefined) return false;
    if (m[3] === 'f') return Number(m[4]) < msg.fields.length;
    if (m[3] === 't') return msg.body.kind === 'chunked' && Number(m[4]) < msg.body.trailers.length;
    if (m[6] !== undefined) return msg.body.kind === 'chunked' && Number(m[6]) < msg.body.chunks.length;
    return true;
  };
  return inStream(before) || inStream(after);
}

// Every code unit of every string in the stream is a byte.
function allBytes(s: Stream): boolean {
  return /^[\x00-\xff]*$/.test(text(s));
}

// Applies `op` and checks the contract; returns the edit.
function checkedApply(op: Operator, input: Stream, random: Random, variant?: string): Edit | null {
  const before = text(input);
  const json = JSON.stringify(input);
  const edit = op.apply(input, random, variant);
  expect(text(input), `${op.name}: input bytes unchanged`).toBe(before);
  expect(JSON.stringify(input), `${op.name}: input parts unchanged`).toBe(json);
  if (edit === null) return null;
  if (variant !== undefined) expect(edit.variant).toBe(variant);
  expect(op.variants).toContain(edit.variant);
  expect(edit.slot, `${op.name}:${edit.variant}`).toMatch(SLOT);
  expect(slotExists(edit.slot, input, edit.stream), `${op.name}:${edit.variant} slot ${edit.slot}`).toBe(true);
  expect(text(edit.stream), `${op.name}:${edit.variant} changes the bytes`).not.toBe(before);
  expect(allBytes(edit.stream), `${op.name}:${edit.variant} writes bytes only`).toBe(true);
  expect(edit.stream).not.toBe(input);
  return edit;
}

// ---------------------------------------------------------------------------------------------------------------
// The parser.

interface Verdict {
  readonly error: string | null;
  readonly ends: number;
}

function parse(s: Stream): Verdict {
  const events = new RequestParser().push(writeStream(s));
  const error = events.find((e) => e.type === 'error');
  return { error: error?.type === 'error' ? error.error.code : null, ends: events.filter((e) => e.type === 'end').length };
}

function applied(name: string, variant: string, s: Stream, seed = 1): Stream {
  const op = operatorByName(name);
  expect(op, name).toBeDefined();
  const edit = op!.apply(s, new Random(seed), variant);
  expect(edit, `${name}:${variant}`).not.toBeNull();
  return edit!.stream;
}

const out = (name: string, variant: string, s: Stream, seed = 1): string => bytesOf(applied(name, variant, s, seed));

// ---------------------------------------------------------------------------------------------------------------

describe('catalogue operators: the registry', () => {
  it('names are unique and kebab-case; each operator has a catalogue family, a description and distinct variants', () => {
    const names = CATALOGUE_OPERATORS.map((op) => op.name);
    expect(new Set(names).size).toBe(names.length);
    for (const op of CATALOGUE_OPERATORS) {
      expect(op.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Object.keys(FAMILY_SECTION)).toContain(op.family);
      expect(op.description.length).toBeGreaterThan(10);
      expect(op.variants.length).toBeGreaterThan(0);
      expect(new Set(op.variants).size).toBe(op.variants.length);
      for (const v of op.variants) expect(v).toMatch(/^[a-z0-9.]+(-[a-z0-9.]+)*$/);
    }
  });

  it('every catalogue family has operators, listed in catalogue order', () => {
    const families = [...new Set(CATALOGUE_OPERATORS.map((op) => op.family))];
    expect(families).toEqual(Object.keys(FAMILY_SECTION));
  });

  it('operatorByName finds each operator and nothing else', () => {
    for (const op of CATALOGUE_OPERATORS) expect(operatorByName(op.name)).toBe(op);
    expect(operatorByName('no-such-operator')).toBeUndefined();
  });

  it('an unknown variant, or a stream without messages, gives null (or a stream-level edit), never an exception', () => {
    for (const op of CATALOGUE_OPERATORS) {
      expect(op.apply(one(GET()), new Random(1), 'no-such-variant')).toBeNull();
      for (const v of op.variants) {
        for (const empty of [{ messages: [], trailing: '' }, { messages: [], trailing: 'junk' }]) {
          const edit = checkedApply(op, empty, new Random(3), v);
          if (edit !== null) expect(edit.slot).toBe('stream');
        }
      }
    }
  });
});

describe('catalogue operators: every operator and variant on every baseline', () => {
  for (const op of CATALOGUE_OPERATORS) {
    const section = FAMILY_SECTION[op.family as keyof typeof FAMILY_SECTION];
    it(`${op.name} (catalogue §${section}): never throws, never modifies its input, names an existing slot`, () => {
      for (const v of op.variants) {
        let applies = 0;
        for (const [, make] of Object.entries(BASELINES)) {
          for (let seed = 1; seed <= 8; seed++) {
            const edit = checkedApply(op, make(), new Random(seed * 7919), v);
            if (edit !== null) applies++;
          }
        }
        expect(applies, `${op.name}:${v} applies to some baseline`).toBeGreaterThan(0);
      }
      // Without a variant, one is chosen: always one of the operator's.
      for (let seed = 1; seed <= 20; seed++) checkedApply(op, BASELINES['pipeline of three']!(), new Random(seed));
    });
  }

  it('the same seed gives the same edit (operators draw only from the Random they are given)', () => {
    for (const op of CATALOGUE_OPERATORS) {
      for (const v of op.variants) {
        const a = op.apply(BASELINES['pipeline of three']!(), new Random(42), v);
        const b = op.apply(BASELINES['pipeline of three']!(), new Random(42), v);
        expect(a === null ? null : [text(a.stream), a.slot], `${op.name}:${v}`).toEqual(b === null ? null : [text(b.stream), b.slot]);
      }
    }
  });
});

describe('catalogue operators: composition', () => {
  it('two random operators in sequence, 4,000 times from seeded choices, never throw and never modify their inputs', () => {
    const random = new Random(20261207);
    const makers = Object.values(BASELINES);
    let pairs = 0;
    for (let i = 0; i < 4000; i++) {
      const base = random.pick(makers)();
      const first = checkedApply(random.pick(CATALOGUE_OPERATORS), base, random);
      const second = checkedApply(random.pick(CATALOGUE_OPERATORS), first?.stream ?? base, random);
      if (first !== null && second !== null) pairs++;
      // A third, on whatever came out: operators must take each other's outputs, however broken.
      checkedApply(random.pick(CATALOGUE_OPERATORS), second?.stream ?? first?.stream ?? base, random);
    }
    expect(pairs).toBeGreaterThan(3000);
  });

  it('every variant applies to the output of every other operator family or returns null, without throwing', () => {
    const random = new Random(7);
    const seedStreams: Stream[] = [];
    for (const op of CATALOGUE_OPERATORS) {
      for (const v of op.variants) {
        const edit = op.apply(BASELINES['pipeline of three']!(), random, v);
        if (edit !== null && text(edit.stream).length < 8000) seedStreams.push(edit.stream);
      }
    }
    for (const op of CATALOGUE_OPERATORS) {
      for (const v of op.variants) {
        for (let k = 0; k < 12; k++) checkedApply(op, random.pick(seedStreams), random, v);
      }
    }
  });
});

describe('catalogue operators: exact bytes', () => {
  const HEAD_GET = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';

  describe('§3.1 request-line (RFC 9112 §3)', () => {
    it('RFC 9112 §2.2: the bare-LF variant ends the request-line with LF alone', () => {
      expect(out('request-line-ending', 'bare-lf', one(GET()))).toBe('GET / HTTP/1.1\nHost: a\r\n\r\n');
    });
    it('RFC 9112 §3: two spaces between method and target; HTAB as both separators', () => {
      expect(out('request-line-whitespace', 'double-sp', one(GET()))).toBe('GET  / HTTP/1.1\r\nHost: a\r\n\r\n');
      expect(out('request-line-whitespace', 'htab', one(GET()))).toBe('GET\t/\tHTTP/1.1\r\nHost: a\r\n\r\n');
    });
    it('RFC 9112 §2.3: no version gives an HTTP/0.9-shaped line; the version in lower case', () => {
      expect(out('request-version', 'missing', one(GET()))).toBe('GET /\r\nHost: a\r\n\r\n');
      expect(out('request-version', 'lowercase', one(GET()))).toBe('GET / http/1.1\r\nHost: a\r\n\r\n');
    });
    it('RFC 9110 §9.1: method case and bytes inside the method', () => {
      expect(out('request-method', 'mixed-case', one(POST_CL()))).toBe('PoSt /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc');
      expect(out('request-method', 'brackets-inside', one(POST_CL()))).toMatch(/^PO\[\]ST \/p /);
    });
    it('RFC 9112 §3.2.2: absolute-form takes the Host authority; §3.2.4: OPTIONS *', () => {
      expect(out('request-target-form', 'absolute-form', one(GET()))).toBe('GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n');
      expect(out('request-target-form', 'options-asterisk', one(GET()))).toBe('OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n');
      expect(out('request-target-form', 'long-8000', one(GET())).indexOf('\r\n')).toBe(8000 - 2);
    });
    it('RFC 9112 §2.2: an empty line before the request; an empty stream', () => {
      expect(out('request-start', 'leading-crlf', one(GET()))).toBe(`\r\n${HEAD_GET}`);
      expect(out('request-start', 'empty', one(GET()))).toBe('');
    });
  });

  describe('§3.2 field-line syntax (RFC 9112 §5)', () => {
    it('RFC 9112 §5.1: SP and HTAB between field name and colon', () => {
      expect(out('field-name-suffix', 'sp', one(GET()))).toBe('GET / HTTP/1.1\r\nHost : a\r\n\r\n');
      expect(out('field-name-suffix', 'htab', one(GET()))).toBe('GET / HTTP/1.1\r\nHost\t: a\r\n\r\n');
    });
    it('RFC 9112 §5.2: obs-fold right after the colon, and a line led by SP', () => {
      expect(out('obs-fold', 'after-colon', one(GET()))).toBe('GET / HTTP/1.1\r\nHost:\r\n a\r\n\r\n');
      const two = one(message('GET', '/', [field('Host', 'a'), field('X', 'y')]));
      expect(out('field-name-prefix', 'sp', two, 2)).toMatch(/^GET \/ HTTP\/1\.1\r\n( Host: a\r\nX: y| ?Host: a\r\n X: y)\r\n\r\n$/);
    });
    it('RFC 9110 §5.1: the hyphen of Content-Length replaced by an underscore', () => {
      expect(out('field-name-hyphen', 'underscore', one(POST_CL()))).toBe('POST /p HTTP/1.1\r\nHost: a\r\nContent_Length: 3\r\n\r\nabc');
    });
    it('RFC 9112 §2.2: a field line ended by a bare CR; every line of the head ended by LF', () => {
      expect(out('field-line-ending', 'bare-cr', one(GET()))).toBe('GET / HTTP/1.1\r\nHost: a\r\r\n');
      expect(out('field-line-ending', 'all-bare-lf', one(GET()))).toBe('GET / HTTP/1.1\nHost: a\n\n');
    });
    it('RFC 9112 §5: a field line without a colon', () => {
      expect(out('field-name-bytes', 'no-colon', one(GET()))).toBe('GET / HTTP/1.1\r\nHost a\r\n\r\n');
    });
  });

  describe('§3.3 field values (RFC 9110 §5.5)', () => {
    const ab = (): Stream => one(message('GET', '/', [field('Host', 'ab')]));
    it('RFC 9110 §5.5: NUL and bare CR in the middle of a value', () => {
      expect(out('field-value-bytes', 'nul', ab())).toBe('GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n');
      expect(out('field-value-bytes', 'cr', ab())).toBe('GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n');
    });
    it('RFC 9112 §5.1: no OWS, HTAB as OWS, VT where OWS would be', () => {
      expect(out('field-value-ows', 'no-space', ab())).toBe('GET / HTTP/1.1\r\nHost:ab\r\n\r\n');
      expect(out('field-value-ows', 'htab', ab())).toBe('GET / HTTP/1.1\r\nHost:\tab\r\n\r\n');
      expect(out('field-value-ows', 'vt', ab())).toBe('GET / HTTP/1.1\r\nHost:\x0bab\r\n\r\n');
    });
    it('RFC 9110 §5.5: NBSP around a value is part of it; quotes and RFC 2047 are not decoded', () => {
      expect(out('field-value-ends', 'nbsp-both', ab())).toBe('GET / HTTP/1.1\r\nHost: \xa0ab\xa0\r\n\r\n');
      expect(out('field-value-form', 'double-quoted', ab())).toBe('GET / HTTP/1.1\r\nHost: "ab"\r\n\r\n');
      expect(out('field-value-form', 'rfc2047-latin1', ab())).toBe('GET / HTTP/1.1\r\nHost: =?iso-8859-1?B?YWI=?=\r\n\r\n');
    });
  });

  describe('§3.4 Content-Length (RFC 9110 §8.6, RFC 9112 §6.3)', () => {
    const cl = (v: string, body = 'abc'): string => `POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: ${v}\r\n\r\n${body}`;
    it('RFC 9110 §8.6: a sign, a hex prefix, an overflow that wraps to the length, leading zeros', () => {
      expect(out('cl-number', 'plus', one(POST_CL()))).toBe(cl('+3'));
      expect(out('cl-number', 'hex', one(POST_CL()))).toBe(cl('0x3'));
      expect(out('cl-number', 'overflow', one(POST_CL()))).toBe(cl('18446744073709551619'));
      expect(out('cl-number', 'minus-overflow', one(POST_CL()))).toBe(cl('-18446744073709551613'));
      expect(out('cl-number', 'many-zeros', one(POST_CL()))).toBe(cl('00003'));
    });
    it('RFC 9110 §8.6: lists of the same and of different lengths', () => {
      expect(out('cl-list', 'same-twice', one(POST_CL()))).toBe(cl('3, 3'));
      expect(out('cl-list', 'zero-first', one(POST_CL()))).toBe(cl('0, 3'));
    });
    it('RFC 9112 §6.3 rule 5: a second, different Content-Length line before the right one', () => {
      expect(out('cl-duplicate', 'other-first', one(POST_CL()))).toBe('POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 3\r\n\r\nabc');
    });
    it('RFC 9112 §6.3 rule 6: Content-Length 0 over a body; a body that is a whole request, framed exactly', () => {
      expect(out('cl-body-length', 'zero-with-body', one(POST_CL()))).toBe(cl('0'));
      const req = 'GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n';
      expect(out('cl-body-length', 'body-is-request', one(POST_CL()))).toBe(cl(String(req.length), req));
    });
    it('RFC 9110 §9.3.1: a Content-Length body on GET, made for a message that had none', () => {
      expect(out('cl-method-body', 'get', one(GET()))).toBe('GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc');
    });
  });

  describe('§3.5 Transfer-Encoding (RFC 9112 §6.1)', () => {
    const te = (v: string, rest = ''): string => `POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ${v}\r\n${rest}\r\n3\r\nabc\r\n0\r\n\r\n`;
    it('RFC 9112 §6.3 rule 4: chunked not the final coding, the body kept chunked', () => {
      expect(out('te-list', 'not-last', one(POST_CHUNKED()))).toBe(te('chunked, gzip'));
    });
    it('RFC 9112 §7: respellings of chunked', () => {
      expect(out('te-token', 'upper', one(POST_CHUNKED()))).toBe(te('CHUNKED'));
      expect(out('te-token', 'xchunked', one(POST_CHUNKED()))).toBe(te('xchunked'));
      expect(out('te-token', 'high-byte', one(POST_CHUNKED()))).toBe(te('ch\x96nked'));
    });
    it('RFC 9112 §6.1: Content-Length one byte past the chunked body (CL.TE)', () => {
      expect(out('te-with-cl', 'cl-te', one(POST_CHUNKED()))).toBe(
        'POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 14\r\n\r\n3\r\nabc\r\n0\r\n\r\nG',
      );
    });
    it('RFC 9112 §6.1: a message that had a Content-Length body made chunked, then given TE twice', () => {
      expect(out('te-duplicate', 'chunked-twice', one(POST_CL()))).toBe(
        'POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
      );
    });
  });

  describe('§3.6 chunked (RFC 9112 §7.1)', () => {
    const body = (b: string): string => `POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${b}`;
    it('RFC 9112 §7.1: 0x before a chunk-size; +0 as the last chunk', () => {
      expect(out('chunk-size', 'hex-prefix', one(POST_CHUNKED()))).toBe(body('0x3\r\nabc\r\n0\r\n\r\n'));
      expect(out('chunk-size', 'plus-zero-last', one(POST_CHUNKED()))).toBe(body('3\r\nabc\r\n+0\r\n\r\n'));
      expect(out('chunk-size', 'overflow', one(POST_CHUNKED()))).toBe(body('10000000000000003\r\nabc\r\n0\r\n\r\n'));
    });
    it('RFC 9112 §7.1: chunk data without its CRLF; more data than the size', () => {
      expect(out('chunk-data-ending', 'missing', one(POST_CHUNKED()))).toBe(body('3\r\nabc0\r\n\r\n'));
      expect(out('chunk-data', 'longer', one(POST_CHUNKED()))).toBe(body('3\r\nabcXY\r\n0\r\n\r\n'));
    });
    it('RFC 9112 §7.1.1: a bare LF inside a chunk extension', () => {
      const s = out('chunk-ext', 'lf-inside', one(POST_CHUNKED()));
      expect([body('3;a\nb\r\nabc\r\n0\r\n\r\n'), body('3\r\nabc\r\n0;a\nb\r\n\r\n')]).toContain(s);
    });
    it('RFC 9112 §7.1.2: a trailer field; the trailer section ended by LF alone', () => {
      expect(out('chunk-trailers', 'host', one(POST_CHUNKED()))).toBe(body('3\r\nabc\r\n0\r\nHost: other.example\r\n\r\n'));
      expect(out('chunk-trailers', 'bare-lf-end', one(POST_CHUNKED()))).toBe(body('3\r\nabc\r\n0\r\n\n'));
    });
  });

  describe('§3.7 Host (RFC 9112 §3.2)', () => {
    it('RFC 9112 §3.2: Host removed, repeated, with userinfo', () => {
      expect(out('host-field', 'missing', one(GET()))).toBe('GET / HTTP/1.1\r\n\r\n');
      expect(out('host-field', 'duplicate-other', one(GET()))).toBe('GET / HTTP/1.1\r\nHost: a\r\nHost: other.example\r\n\r\n');
      expect(out('host-field', 'userinfo', one(GET()))).toBe('GET / HTTP/1.1\r\nHost: user@a\r\n\r\n');
    });
    it('RFC 9112 §3.2.2: an absolute-form target with another authority than Host', () => {
      expect(out('host-routing', 'absolute-other', one(GET()))).toBe('GET http://other.example/ HTTP/1.1\r\nHost: a\r\n\r\n');
    });
  });

  describe('§3.8 connection management (RFC 9112 §9)', () => {
    it('RFC 9112 §9.6: Connection: close; §9.3: HTTP/1.0 without keep-alive', () => {
      expect(out('connection-persistence', 'close', one(GET()))).toBe('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      expect(out('connection-persistence', 'http10', one(GET()))).toBe('GET / HTTP/1.0\r\nHost: a\r\n\r\n');
    });
    it('RFC 9112 §9.3.2: a pipelined GET appended; Content-Length 0 followed by another request', () => {
      expect(out('pipeline', 'append-get', one(GET()))).toBe(`${HEAD_GET}GET /next HTTP/1.1\r\nHost: a\r\n\r\n`);
      expect(out('pipeline-body', 'cl0-then-request', one(POST_CL()))).toBe(
        'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n',
      );
    });
  });

  describe('§3.9 Expect, Upgrade, CONNECT, methods (RFC 9110 §10.1.1, §7.8, §9.3)', () => {
    it('RFC 9110 §10.1.1: Expect: 100-continue on a message with a body', () => {
      expect(out('expect', 'continue', one(POST_CL()))).toBe('POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc');
    });
    it('RFC 9112 §3.2.3: CONNECT with an authority-form target; RFC 9110 §9.3.8: TRACE without a body', () => {
      expect(out('method-special', 'connect', one(GET()))).toBe('CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n');
      expect(out('method-special', 'trace', one(POST_CL()))).toBe('TRACE /p HTTP/1.1\r\nHost: a\r\n\r\n');
    });
    it('RFC 9110 §7.8: Upgrade not named in Connection', () => {
      expect(out('upgrade', 'no-connection', one(GET()))).toBe(
        'GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
  });
});

describe("h1ref's strict parser on the operators' outputs", () => {
  // [operator, variant, baseline, why it is invalid]
  const INVALID: readonly (readonly [string, string, () => Stream, string])[] = [
    ['request-line-ending', 'bare-cr', () => one(GET()), 'RFC 9112 §2.2: a bare CR outside content is invalid'],
    ['request-line-whitespace', 'sp-before-eol', () => one(GET()), 'RFC 9112 §3: nothing between the version and CRLF'],
    ['request-version', 'lowercase', () => one(GET()), 'RFC 9112 §2.3: the version is case-sensitive'],
    ['request-target-bytes', 'fragment', () => one(GET()), 'RFC 9112 §3.2: no request-target form has a fragment'],
    ['request-method', 'brackets-inside', () => one(GET()), 'RFC 9110 §9.1: the method is a token'],
    ['field-name-suffix', 'sp', () => one(GET()), 'RFC 9112 §5.1: whitespace before the colon MUST be rejected'],
    ['obs-fold', 'after-colon', () => one(GET()), 'RFC 9112 §5.2: obs-fold in a request is rejected (or replaced)'],
    ['field-name-bytes', 'no-colon', () => one(GET()), 'RFC 9112 §5: a field line has a colon'],
    ['field-line-ending', 'bare-cr', () => one(GET()), 'RFC 9112 §2.2: a bare CR ends no line'],
    ['field-value-bytes', 'nul', () => one(GET()), 'RFC 9110 §5.5: NUL in a value MUST be rejected or replaced'],
    ['field-value-ows', 'vt', () => one(GET()), 'RFC 9110 §5.5: VT is not field-content'],
    ['cl-number', 'plus', () => one(POST_CL()), 'RFC 9110 §8.6: Content-Length is 1*DIGIT'],
    ['cl-number', 'hex', () => one(POST_CL()), 'RFC 9110 §8.6: Content-Length is 1*DIGIT'],
    ['cl-list', 'zero-first', () => one(POST_CL()), 'RFC 9112 §6.3 rule 5: a list of different lengths is unrecoverable'],
    ['cl-duplicate', 'other-second', () => one(POST_CL()), 'RFC 9112 §6.3 rule 5: lines with different lengths are unrecoverable'],
    ['te-list', 'not-last', () => one(POST_CHUNKED()), 'RFC 9112 §6.3 rule 4: chunked must be the final coding of a request'],
    ['te-duplicate', 'chunked-twice', () => one(POST_CHUNKED()), 'RFC 9112 §6.1: chunked MUST NOT be applied twice'],
    ['te-placement', 'http10', () => one(POST_CHUNKED()), 'RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty framing'],
    ['chunk-size', 'hex-prefix', () => one(POST_CHUNKED()), 'RFC 9112 §7.1: chunk-size is 1*HEXDIG'],
    ['chunk-size', 'plus', () => one(POST_CHUNKED()), 'RFC 9112 §7.1: chunk-size is 1*HEXDIG'],
    ['chunk-data-ending', 'missing', () => one(POST_CHUNKED()), 'RFC 9112 §7.1: chunk data is followed by CRLF'],
    ['chunk-ext', 'bare-semicolon', () => one(POST_CHUNKED()), 'RFC 9112 §7.1.1: a chunk extension has a name'],
    ['host-field', 'missing', () => one(GET()), 'RFC 9112 §3.2: an HTTP/1.1 request without Host gets 400'],
    ['host-field', 'duplicate-same', () => one(GET()), 'RFC 9112 §3.2: more than one Host line gets 400'],
    ['host-field', 'userinfo', () => one(GET()), 'RFC 9112 §3.2: Host is uri-host [":" port], no userinfo'],
    ['pipeline', 'append-invalid', () => one(GET()), 'RFC 9112 §5.1: the appended request has whitespace before a colon'],
    ['method-special', 'connect-origin-form', () => one(GET()), 'RFC 9112 §3.2.3: CONNECT takes authority-form only'],
  ];

  for (const [name, variant, make, why] of INVALID) {
    it(`${why}: refuses ${name}:${variant}`, () => {
      expect(parse(make()).error).toBeNull();
      expect(parse(applied(name, variant, make())).error).not.toBeNull();
    });
  }

  it('RFC 9112 §9.3.2: the request before an appended invalid one is still read to its end', () => {
    const v = parse(applied('pipeline', 'append-invalid', one(GET())));
    expect(v.ends).toBe(1);
    expect(v.error).not.toBeNull();
  });

  // Variants whose output RFC 9110/9112 make valid: the strict parser reads them without error.
  const VALID: readonly (readonly [string, string, () => Stream, string])[] = [
    ['request-version', '1.2', () => one(GET()), 'RFC 9112 §2.3: HTTP/1.2 is read as 1.1'],
    ['request-target-form', 'options-asterisk', () => one(GET()), 'RFC 9112 §3.2.4: OPTIONS *'],
    ['request-target-form', 'absolute-form', () => one(GET()), 'RFC 9112 §3.2.2: a server MUST accept absolute-form'],
    ['request-target-form', 'long-8000', () => one(GET()), 'RFC 9112 §3: request-lines of 8000 octets'],
    ['request-start', 'leading-crlf', () => one(GET()), 'RFC 9112 §2.2: an empty line before the request-line'],
    ['field-name-bytes', 'mixed-case', () => one(POST_CL()), 'RFC 9110 §5.1: field names are case-insensitive'],
    ['field-value-ows', 'htab', () => one(GET()), 'RFC 9112 §5.1: HTAB is OWS'],
    ['field-value-ows', 'trailing-sp', () => one(GET()), 'RFC 9112 §5.1: trailing OWS'],
    ['cl-number', 'many-zeros', () => one(POST_CL()), 'RFC 9110 §8.6: leading zeros are digits'],
    ['cl-list', 'same-twice', () => one(POST_CL()), 'RFC 9110 §8.6: a list of identical lengths MAY be one length'],
    ['cl-method-body', 'post-valid', () => one(GET()), 'RFC 9112 §6.2: a body framed by its length'],
    ['te-token', 'upper', () => one(POST_CHUNKED()), 'RFC 9112 §7: coding names are case-insensitive'],
    ['te-list', 'leading-comma', () => one(POST_CHUNKED()), 'RFC 9110 §5.6.1: empty list elements are ignored'],
    ['chunk-size', 'leading-zeros', () => one(POST_CHUNKED()), 'RFC 9112 §7.1: leading zeros in chunk-size'],
    ['chunk-ext', 'bws', () => one(POST_CHUNKED()), 'RFC 9112 §7.1.1: BWS around the extension'],
    ['chunk-data', 'rechunk', () => one(POST_CHUNKED()), 'RFC 9112 §7.1: how content is cut into chunks means nothing'],
    ['chunk-trailers', 'field', () => one(POST_CHUNKED()), 'RFC 9112 §7.1.2: a trailer field'],
    ['host-field', 'missing-http10', () => one(GET()), 'RFC 9112 §3.2: HTTP/1.0 may omit Host'],
    ['pipeline', 'append-get', () => one(GET()), 'RFC 9112 §9.3.2: pipelined requests'],
    ['expect', 'continue', () => one(POST_CL()), 'RFC 9110 §10.1.1: 100-continue'],
    ['method-special', 'connect', () => one(GET()), 'RFC 9112 §3.2.3: CONNECT with authority-form'],
  ];

  for (const [name, variant, make, why] of VALID) {
    it(`${why}: reads ${name}:${variant} without error`, () => {
      for (let seed = 1; seed <= 5; seed++) expect(parse(applied(name, variant, make(), seed)).error, `seed ${seed}`).toBeNull();
    });
  }
});
