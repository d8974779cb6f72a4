// Each lookup table must hold exactly the bytes of the ABNF rule it is named after. The expected sets below are
// written out from the RFC text (RFC 5234 Appendix B.1, RFC 9110 §5.5, §5.6.2–§5.6.4, RFC 9112 §4, §7.1,
// RFC 3986 §2–§3), independently of the tables' own construction.
import { describe, it, expect } from 'vitest';
import {
  ALPHA, DIGIT, VCHAR, OBS_TEXT, TCHAR, FIELD_VCHAR, FIELD_CONTENT, WHITESPACE, UNRESERVED, SUB_DELIMS,
  TARGET_CHAR, REG_NAME_CHAR, IP_LITERAL_CHAR, SCHEME_CHAR, QDTEXT, QUOTED_PAIR_CHAR, REASON_CHAR, HEX_VALUE,
  NOT_HEX, TO_LOWER, type ByteClass, NUL, HTAB, LF, CR, SP, DQUOTE, PERCENT, COMMA, COLON, SEMICOLON, EQUALS,
  BACKSLASH,
} from '../../src/wire/char-classes.js';

type Spec = (b: number) => boolean;

const range = (lo: number, hi: number): Spec => (b) => b >= lo && b <= hi;
const chars = (list: string): Spec => (b) => b < 0x80 && list.includes(String.fromCharCode(b));
const any = (...specs: Spec[]): Spec => (b) => specs.some((s) => s(b));

// RFC 5234 Appendix B.1
const alpha = any(range(0x41, 0x5a), range(0x61, 0x7a));
const digit = range(0x30, 0x39);
const vchar = range(0x21, 0x7e);
// RFC 9110 §5.5
const obsText = range(0x80, 0xff);
// RFC 3986 §2.3, §2.2
const unreserved = any(alpha, digit, chars('-._~'));
const subDelims = chars("!$&'()*+,;=");

/** The bytes on which a table and its ABNF disagree, as hex strings: empty when they agree on all 256. */
function disagreements(table: ByteClass, spec: Spec): string[] {
  expect(table.length).toBe(256);
  const bad: string[] = [];
  for (let b = 0; b < 256; b++) {
    if ((table[b] === 1) !== spec(b)) bad.push(`0x${b.toString(16).padStart(2, '0')}`);
    if (table[b] !== 0 && table[b] !== 1) bad.push(`0x${b.toString(16)}=${table[b]}`);
  }
  return bad;
}

describe('core rules (RFC 5234 Appendix B.1)', () => {
  it('RFC 5234 B.1: ALPHA is %x41-5A / %x61-7A', () => {
    expect(disagreements(ALPHA, alpha)).toEqual([]);
  });

  it('RFC 5234 B.1: DIGIT is %x30-39', () => {
    expect(disagreements(DIGIT, digit)).toEqual([]);
  });

  it('RFC 5234 B.1: VCHAR is %x21-7E (SP and DEL are not visible)', () => {
    expect(disagreements(VCHAR, vchar)).toEqual([]);
    expect(VCHAR[0x20]).toBe(0);
    expect(VCHAR[0x7f]).toBe(0);
  });

  it('RFC 9110 §5.6.3: OWS/BWS/RWS whitespace is SP and HTAB only (not CR, LF, VT or FF)', () => {
    expect(disagreements(WHITESPACE, (b) => b === 0x20 || b === 0x09)).toEqual([]);
    for (const b of [0x0a, 0x0b, 0x0c, 0x0d, 0xa0]) expect(WHITESPACE[b]).toBe(0);
  });
});

describe('field grammar (RFC 9110 §5)', () => {
  it('RFC 9110 §5.6.2: tchar is "!#$%&\'*+-.^_`|~", DIGIT and ALPHA, and nothing else', () => {
    expect(disagreements(TCHAR, any(chars("!#$%&'*+-.^_`|~"), digit, alpha))).toEqual([]);
  });

  it('RFC 9110 §5.6.2: the delimiters "(),/:;<=>?@[\\]{}" and DQUOTE are not tchar', () => {
    for (const c of '(),/:;<=>?@[\\]{}"') expect(TCHAR[c.charCodeAt(0)], c).toBe(0);
    expect(TCHAR[SP]).toBe(0);
    expect(TCHAR[HTAB]).toBe(0);
    expect(TCHAR[0x7f]).toBe(0);
    expect(TCHAR[0x80]).toBe(0);
  });

  it('RFC 9110 §5.5: obs-text is %x80-FF', () => {
    expect(disagreements(OBS_TEXT, obsText)).toEqual([]);
  });

  it('RFC 9110 §5.5: field-vchar is VCHAR / obs-text', () => {
    expect(disagreements(FIELD_VCHAR, any(vchar, obsText))).toEqual([]);
  });

  it('RFC 9110 §5.5: field-content bytes are field-vchar, SP and HTAB; CR, LF, NUL and other CTLs are excluded', () => {
    expect(disagreements(FIELD_CONTENT, any(vchar, obsText, (b) => b === 0x20 || b === 0x09))).toEqual([]);
    for (let b = 0; b < 0x20; b++) if (b !== 0x09) expect(FIELD_CONTENT[b], `0x${b.toString(16)}`).toBe(0);
    expect(FIELD_CONTENT[0x7f]).toBe(0);
  });

  it('RFC 9110 §5.6.4: qdtext is HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text', () => {
    const qdtext = any(
      (b) => b === 0x09 || b === 0x20 || b === 0x21, range(0x23, 0x5b), range(0x5d, 0x7e), obsText,
    );
    expect(disagreements(QDTEXT, qdtext)).toEqual([]);
  });

  it('RFC 9110 §5.6.4: qdtext excludes DQUOTE, backslash, DEL and the CTLs', () => {
    expect(QDTEXT[DQUOTE]).toBe(0);
    expect(QDTEXT[BACKSLASH]).toBe(0);
    expect(QDTEXT[0x7f]).toBe(0);
    expect(QDTEXT[NUL]).toBe(0);
    expect(QDTEXT[CR]).toBe(0);
    expect(QDTEXT[LF]).toBe(0);
  });

  it('RFC 9110 §5.6.4: quoted-pair escapes HTAB / SP / VCHAR / obs-text (DQUOTE and backslash included)', () => {
    expect(disagreements(QUOTED_PAIR_CHAR, any((b) => b === 0x09 || b === 0x20, vchar, obsText))).toEqual([]);
    expect(QUOTED_PAIR_CHAR[DQUOTE]).toBe(1);
    expect(QUOTED_PAIR_CHAR[BACKSLASH]).toBe(1);
  });

  it('RFC 9112 §4: reason-phrase bytes are HTAB / SP / VCHAR / obs-text', () => {
    expect(disagreements(REASON_CHAR, any((b) => b === 0x09 || b === 0x20, vchar, obsText))).toEqual([]);
  });
});

describe('URI grammar used by the request-target (RFC 3986, RFC 9112 §3.2)', () => {
  it('RFC 3986 §2.3: unreserved is ALPHA / DIGIT / "-" / "." / "_" / "~"', () => {
    expect(disagreements(UNRESERVED, unreserved)).toEqual([]);
  });

  it('RFC 3986 §2.2: sub-delims is "!$&\'()*+,;="', () => {
    expect(disagreements(SUB_DELIMS, subDelims)).toEqual([]);
  });

  it('RFC 3986 §3.3-§3.4: target chars are pchar (minus pct-encoded) plus "/" and "?"', () => {
    // pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; query = *( pchar / "/" / "?" )
    expect(disagreements(TARGET_CHAR, any(unreserved, subDelims, chars(':@/?')))).toEqual([]);
  });

  it('RFC 9110 §7.1: "#" (a fragment) and "%" (only valid as pct-encoded) are not target chars', () => {
    expect(TARGET_CHAR[0x23]).toBe(0);
    expect(TARGET_CHAR[PERCENT]).toBe(0);
    for (const c of ' "<>\\^`{|}') expect(TARGET_CHAR[c.charCodeAt(0)], c).toBe(0);
    expect(TARGET_CHAR[0x80]).toBe(0);
  });

  it('RFC 3986 §3.2.2: reg-name chars (besides pct-encoded) are unreserved / sub-delims', () => {
    expect(disagreements(REG_NAME_CHAR, any(unreserved, subDelims))).toEqual([]);
    expect(REG_NAME_CHAR[0x40]).toBe(0); // "@" would start userinfo
    expect(REG_NAME_CHAR[COLON]).toBe(0); // ":" starts the port
  });

  it('RFC 3986 §3.2.2: IP-literal content chars are unreserved / sub-delims / ":"', () => {
    expect(disagreements(IP_LITERAL_CHAR, any(unreserved, subDelims, chars(':')))).toEqual([]);
  });

  it('RFC 3986 §3.1: scheme chars after the first are ALPHA / DIGIT / "+" / "-" / "."', () => {
    expect(disagreements(SCHEME_CHAR, any(alpha, digit, chars('+-.')))).toEqual([]);
  });
});

describe('HEXDIG values and case mapping (RFC 5234 B.1, RFC 9112 §7.1)', () => {
  it('RFC 9112 §7.1: HEX_VALUE maps 0-9, A-F and a-f to their values and every other byte to NOT_HEX', () => {
    expect(HEX_VALUE.length).toBe(256);
    const expected = (b: number): number => {
      if (b >= 0x30 && b <= 0x39) return b - 0x30;
      if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
      if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
      return NOT_HEX;
    };
    const bad: number[] = [];
    for (let b = 0; b < 256; b++) if (HEX_VALUE[b] !== expected(b)) bad.push(b);
    expect(bad).toEqual([]);
  });

  it('RFC 9112 §7.1: NOT_HEX is distinct from every hex value 0-15', () => {
    expect(NOT_HEX).toBeGreaterThan(15);
    expect(HEX_VALUE['g'.charCodeAt(0)]).toBe(NOT_HEX);
    expect(HEX_VALUE['G'.charCodeAt(0)]).toBe(NOT_HEX);
    expect(HEX_VALUE['F'.charCodeAt(0)]).toBe(15);
    expect(HEX_VALUE['f'.charCodeAt(0)]).toBe(15);
  });

  it('RFC 9110 §5.1: TO_LOWER lower-cases A-Z only and leaves other bytes (obs-text included) alone', () => {
    const bad: number[] = [];
    for (let b = 0; b < 256; b++) {
      const want = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
      if (TO_LOWER[b] !== want) bad.push(b);
    }
    expect(bad).toEqual([]);
  });
});

describe('named bytes (RFC 5234 B.1)', () => {
  it('RFC 5234 B.1: the named byte constants have their ASCII values', () => {
    expect([NUL, HTAB, LF, CR, SP, DQUOTE, PERCENT, COMMA, COLON, SEMICOLON, EQUALS, BACKSLASH]).toEqual(
      [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x25, 0x2c, 0x3a, 0x3b, 0x3d, 0x5c],
    );
  });
});
