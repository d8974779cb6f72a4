// The fuzzer's generator of valid request streams (src/fuzz/grammar.ts) and the character sets it draws from
// (src/fuzz/alphabet.ts): every generated stream must be read to the end by h1ref's strict parser, and every set
// must be exactly the parser's table it was read from.
import { describe, expect, it } from 'vitest';
import {
  ALPHAS, DIGITS, FIELD_CONTENT_CHARS, FIELD_VCHARS, HEXDIGS, HOST_LABEL_CHARS, OBS_TEXT_CHARS, PCHARS, QDTEXT_ASCII_CHARS,
  REG_NAME_CHARS, SCHEME_CHARS, SUB_DELIM_CHARS, TCHARS, UNRESERVED_CHARS, VCHARS, WHITESPACE_CHARS, charsOf,
} from '../../src/fuzz/alphabet.js';
import { COMMON_METHODS, RESERVED_FIELD_NAMES, generateMessage, generateStream } from '../../src/fuzz/grammar.js';
import { type Stream, streamText, writeStream } from '../../src/fuzz/parts.js';
import { inputRandom, Random } from '../../src/fuzz/random.js';
import { collectMessages } from '../../src/parser/collect-messages.js';
import type { RequestHead } from '../../src/parser/events.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import {
  ALPHA, DIGIT, FIELD_CONTENT, FIELD_VCHAR, HEX_VALUE, NOT_HEX, OBS_TEXT, QDTEXT, REG_NAME_CHAR, SCHEME_CHAR, SUB_DELIMS,
  TARGET_CHAR, TCHAR, UNRESERVED, VCHAR, WHITESPACE,
} from '../../src/wire/char-classes.js';

const SEED = 20261207;
const STREAMS = 10_000;

const ch = (b: number): string => String.fromCharCode(b);

interface Parsed {
  readonly heads: RequestHead[];
  readonly ends: number;
  readonly errors: string[];
  readonly paused: number;
  readonly bodies: string[];
}

function parse(stream: Stream): Parsed {
  const collected = collectMessages(new RequestParser().push(writeStream(stream)));
  const heads = collected.messages.map((m) => m.head);
  if (collected.currentHead !== null) heads.push(collected.currentHead);
  const error = collected.error;
  return {
    heads,
    ends: collected.messages.length,
    errors: error === null ? [] : [`${error.code}: ${error.message}`],
    paused: collected.messages.filter((m) => m.switched !== undefined).length,
    bodies: collected.messages.map((m) => m.body.toString('latin1')),
  };
}

const hostOf = (s: Stream, n: number): string | undefined =>
  s.messages[n]!.fields.find((f) => f.name.toLowerCase() === 'host')?.value;

describe('grammar: generated streams are valid HTTP/1.1 (RFC 9112)', () => {
  it(`${STREAMS} seeded streams are each read to the end by the strict parser, one end event per message, no error`, () => {
    const forms = new Map<string, number>();
    const framings = new Map<string, number>();
    const versions = new Map<string, number>();
    const methods = new Set<string>();
    const counts = new Map<number, number>();
    let extensions = 0;
    let trailers = 0;
    for (let i = 0; i < STREAMS; i++) {
      const stream = generateStream(inputRandom(SEED, i));
      const parsed = parse(stream);
      const n = stream.messages.length;
      if (parsed.errors.length !== 0 || parsed.ends !== n) {
        expect.fail(`stream ${i}: ${parsed.errors.join('; ')} (${parsed.ends} of ${n} messages): ${JSON.stringify(streamText(stream))}`);
      }
      expect(stream.trailing).toBe('');
      counts.set(n, (counts.get(n) ?? 0) + 1);
      parsed.heads.forEach((head, k) => {
        forms.set(head.targetForm, (forms.get(head.targetForm) ?? 0) + 1);
        framings.set(head.framing.kind, (framings.get(head.framing.kind) ?? 0) + 1);
        versions.set(head.version, (versions.get(head.version) ?? 0) + 1);
        methods.add(head.method);
        // RFC 9112 §9.3 / RFC 9110 §9.3.6: only the last message may close the connection or open a tunnel.
        if (k < n - 1) {
          expect(head.keepAlive, `stream ${i} message ${k}`).toBe(true);
          expect(head.switchProtocol).toBeUndefined();
        }
        // RFC 9112 §3.2: Host in every HTTP/1.1 request; RFC 9112 §3.2.2: equal to an absolute-form target's authority.
        const host = hostOf(stream, k);
        if (head.version === '1.1') expect(host, `stream ${i} message ${k}`).toBeDefined();
        if (head.targetForm === 'absolute' || head.targetForm === 'authority') expect(host ?? head.authority).toBe(head.authority);
        if (head.targetForm === 'authority') expect(head.method).toBe('CONNECT');
        if (head.targetForm === 'asterisk') expect(head.method).toBe('OPTIONS');
      });
      // The body the parser delivers is the one the model holds.
      stream.messages.forEach((m, k) => {
        const expected = m.body.kind === 'raw' ? m.body.data : m.body.kind === 'chunked' ? m.body.chunks.map((c) => c.data).join('') : '';
        expect(parsed.bodies[k]).toBe(expected);
      });
      for (const m of stream.messages) {
        if (m.body.kind === 'chunked') {
          if (m.body.chunks.some((c) => c.ext !== '')) extensions++;
          if (m.body.trailers.length > 0) trailers++;
        }
      }
    }
    for (const form of ['origin', 'absolute', 'authority', 'asterisk']) expect(forms.get(form) ?? 0, form).toBeGreaterThan(0);
    for (const framing of ['none', 'length', 'chunked']) expect(framings.get(framing) ?? 0, framing).toBeGreaterThan(0);
    expect(versions.get('1.0') ?? 0).toBeGreaterThan(0);
    expect(versions.get('1.1') ?? 0).toBeGreaterThan(0);
    for (const m of COMMON_METHODS) expect(methods.has(m), m).toBe(true);
    expect([...methods].some((m) => !COMMON_METHODS.includes(m) && m !== 'CONNECT')).toBe(true);
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(extensions).toBeGreaterThan(0);
    expect(trailers).toBeGreaterThan(0);
  });

  it('the same seed and index give the same bytes (inputRandom(seed, i)); other indices give other streams', () => {
    const texts = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const a = streamText(generateStream(inputRandom(SEED, i)));
      const b = streamText(generateStream(inputRandom(SEED, i)));
      expect(b).toBe(a);
      texts.add(a);
    }
    expect(texts.size).toBeGreaterThan(190);
    expect(streamText(generateStream(inputRandom(SEED + 1, 0)))).not.toBe(streamText(generateStream(inputRandom(SEED, 0))));
  });

  it('options bound the number of messages and ordinary fields', () => {
    for (let i = 0; i < 500; i++) {
      const s = generateStream(inputRandom(SEED, i), { minMessages: 2, maxMessages: 2, maxFields: 0 });
      expect(s.messages).toHaveLength(2);
      // Without ordinary fields only the generator's own fields remain: Host, framing, Connection.
      for (const m of s.messages) {
        for (const f of m.fields) expect(['host', 'content-length', 'transfer-encoding', 'connection']).toContain(f.name.toLowerCase());
      }
      expect(parse(s).errors).toEqual([]);
    }
  });

  it('RFC 9110 §5.5: without obsText no field value carries a byte above 0x7E', () => {
    for (let i = 0; i < 500; i++) {
      const s = generateStream(inputRandom(SEED, i), { obsText: false });
      for (const m of s.messages) for (const f of m.fields) for (const c of f.value) expect(c.charCodeAt(0)).toBeLessThan(0x7f);
    }
  });

  it('ordinary field names avoid the fields the generator sets itself (RFC 9112 §6.1, §9.3)', () => {
    for (let i = 0; i < 1000; i++) {
      const m = generateMessage(new Random(i));
      const counted = new Map<string, number>();
      for (const f of m.fields) counted.set(f.name.toLowerCase(), (counted.get(f.name.toLowerCase()) ?? 0) + 1);
      for (const name of RESERVED_FIELD_NAMES) expect(counted.get(name) ?? 0, name).toBeLessThanOrEqual(1);
      expect(counted.has('expect') || counted.has('upgrade') || counted.has('te') || counted.has('trailer')).toBe(false);
    }
  });

  it('a message that is not last is never CONNECT and never closes (RFC 9112 §9.3)', () => {
    for (let i = 0; i < 2000; i++) {
      const m = generateMessage(new Random(i), { last: false });
      expect(m.method).not.toBe('CONNECT');
      const connection = m.fields.filter((f) => f.name.toLowerCase() === 'connection').map((f) => f.value.toLowerCase());
      expect(connection).not.toContain('close');
      if (m.version === 'HTTP/1.0') expect(connection).toEqual(['keep-alive']);
    }
  });
});

describe('alphabet: the generators\' sets are the parser\'s tables (src/wire/char-classes.ts)', () => {
  const table = (member: (b: number) => boolean): string[] => Array.from({ length: 256 }, (_, b) => b).filter(member).map(ch);

  it('each set holds exactly the bytes its table marks, in byte order', () => {
    expect(TCHARS).toEqual(table((b) => TCHAR[b] === 1));
    expect(VCHARS).toEqual(table((b) => VCHAR[b] === 1));
    expect(OBS_TEXT_CHARS).toEqual(table((b) => OBS_TEXT[b] === 1));
    expect(FIELD_VCHARS).toEqual(table((b) => FIELD_VCHAR[b] === 1));
    expect(FIELD_CONTENT_CHARS).toEqual(table((b) => FIELD_CONTENT[b] === 1));
    expect(WHITESPACE_CHARS).toEqual(table((b) => WHITESPACE[b] === 1));
    expect(ALPHAS).toEqual(table((b) => ALPHA[b] === 1));
    expect(DIGITS).toEqual(table((b) => DIGIT[b] === 1));
    expect(HEXDIGS).toEqual(table((b) => HEX_VALUE[b] !== NOT_HEX));
    expect(UNRESERVED_CHARS).toEqual(table((b) => UNRESERVED[b] === 1));
    expect(SUB_DELIM_CHARS).toEqual(table((b) => SUB_DELIMS[b] === 1));
    expect(REG_NAME_CHARS).toEqual(table((b) => REG_NAME_CHAR[b] === 1));
    expect(SCHEME_CHARS).toEqual(table((b) => SCHEME_CHAR[b] === 1));
    expect(PCHARS).toEqual(table((b) => TARGET_CHAR[b] === 1 && b !== 0x2f && b !== 0x3f));
    expect(QDTEXT_ASCII_CHARS).toEqual(table((b) => QDTEXT[b] === 1 && b < 0x80));
    expect(charsOf(TCHAR)).toEqual(TCHARS);
  });

  it('RFC 9110 §5.6.2: tchar is the 62 letters and digits and 15 symbols, 77 bytes', () => {
    expect(TCHARS).toHaveLength(77);
    for (const c of "!#$%&'*+-.^_`|~09AZaz") expect(TCHARS, c).toContain(c);
    for (const c of '"(),/:;<=>?@[\\]{} \t\x7f\x80\xff\0') expect(TCHARS, JSON.stringify(c)).not.toContain(c);
  });

  it('RFC 5234 §B.1 and RFC 9110 §5.5: the sizes of VCHAR, obs-text, field-vchar, HEXDIG, ALPHA, DIGIT', () => {
    expect(VCHARS).toHaveLength(94);
    expect(VCHARS[0]).toBe('!');
    expect(VCHARS[93]).toBe('~');
    expect(OBS_TEXT_CHARS).toHaveLength(128);
    expect(FIELD_VCHARS).toHaveLength(222);
    expect(FIELD_CONTENT_CHARS).toHaveLength(224);
    expect(WHITESPACE_CHARS).toEqual([' ', '\t'].sort());
    expect(HEXDIGS.join('')).toBe('0123456789ABCDEFabcdef');
    expect(ALPHAS).toHaveLength(52);
    expect(DIGITS.join('')).toBe('0123456789');
  });

  it('RFC 3986 §3.3: pchar keeps ":" and "@", leaves "/", "?", "#", "%" and "[" to the generator', () => {
    for (const c of ':@-._~!$&\'()*+,;=aZ9') expect(PCHARS, c).toContain(c);
    for (const c of '/?#%[] "') expect(PCHARS, c).not.toContain(c);
  });

  it('a DNS-style host label is lower-case letters, digits and "-" (37 bytes of reg-name)', () => {
    expect(HOST_LABEL_CHARS.join('')).toBe('-0123456789abcdefghijklmnopqrstuvwxyz');
    for (const c of HOST_LABEL_CHARS) expect(REG_NAME_CHARS).toContain(c);
  });

  it('RFC 9110 §5.6.4: qdtext without obs-text excludes DQUOTE and backslash but keeps SP and HTAB', () => {
    expect(QDTEXT_ASCII_CHARS).toContain(' ');
    expect(QDTEXT_ASCII_CHARS).toContain('\t');
    expect(QDTEXT_ASCII_CHARS).not.toContain('"');
    expect(QDTEXT_ASCII_CHARS).not.toContain('\\');
    expect(QDTEXT_ASCII_CHARS).toHaveLength(94 - 2 + 2);
  });

  it('the sets are frozen', () => {
    expect(Object.isFrozen(TCHARS)).toBe(true);
    expect(Object.isFrozen(VCHARS)).toBe(true);
  });
});
