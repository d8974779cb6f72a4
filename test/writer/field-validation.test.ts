import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  assertFieldName,
  assertFieldValue,
  assertMethod,
  assertReasonPhrase,
  assertRequestTarget,
  assertStatusCode,
  assertToken,
  InvalidMessageError,
} from '../../src/writer/field-validation.js';
import { ProtocolError } from '../../src/wire/protocol-error.js';
import { TCHARS, VCHARS, fieldValue, token } from './arbitraries.js';

const accepts = (check: () => void): boolean => {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof InvalidMessageError) return false;
    throw error;
  }
};

const allBytes = Array.from({ length: 256 }, (_, b) => b);
const ch = (b: number): string => String.fromCharCode(b);

describe('InvalidMessageError (writer misuse is a programming error, not a ProtocolError)', () => {
  it('is a TypeError naming the element and the RFC section (RFC 9110 §5.5)', () => {
    let caught: unknown;
    try {
      assertFieldValue('a\r\nSet-Cookie: x=1', 'X-Note');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidMessageError);
    expect(caught).toBeInstanceOf(TypeError);
    expect(caught).not.toBeInstanceOf(ProtocolError);
    const error = caught as InvalidMessageError;
    expect(error.name).toBe('InvalidMessageError');
    expect(error.element).toBe('field value');
    expect(error.section).toBe('RFC 9110 §5.5');
    expect(error.message).toBe(
      'invalid field value: CR (0x0d), which would end the line early at index 1 (field "X-Note") (RFC 9110 §5.5)',
    );
  });
});

describe('field names (RFC 9110 §5.1: field-name = token)', () => {
  it('accept exactly the tchar bytes, for every byte value (RFC 9110 §5.6.2)', () => {
    for (const b of allBytes) expect(accepts(() => assertFieldName(`a${ch(b)}b`)), `byte ${b}`).toBe(TCHARS.includes(ch(b)));
  });

  it('reject the empty name and non-byte code units (RFC 9110 §5.1)', () => {
    expect(() => assertFieldName('')).toThrow(/field name: must not be empty/);
    expect(() => assertFieldName('Ā')).toThrow(/U\+0100, which is not a byte/);
    expect(() => assertFieldName('Content\u2028Type')).toThrow(InvalidMessageError);
  });

  it('accept any token (property, RFC 9110 §5.6.2)', () => {
    fc.assert(fc.property(token(), (name) => accepts(() => assertFieldName(name))), { numRuns: 1000 });
  });

  it('name the trailer element when asked (RFC 9112 §7.1.2)', () => {
    expect(() => assertFieldName('a b', 'trailer field name')).toThrow(/^invalid trailer field name: SP/);
  });
});

describe('field values (RFC 9110 §5.5: VCHAR / SP / HTAB, never CR, LF, NUL)', () => {
  it('accept inside a value exactly VCHAR, SP and HTAB, for every byte value (RFC 9110 §5.5; no obs-text from writers)', () => {
    for (const b of allBytes) {
      const expected = VCHARS.includes(ch(b)) || b === 0x20 || b === 0x09;
      expect(accepts(() => assertFieldValue(`a${ch(b)}b`)), `byte ${b}`).toBe(expected);
    }
  });

  it('reject SP or HTAB first or last: field-value has no surrounding whitespace (RFC 9110 §5.5)', () => {
    for (const bad of [' a', 'a ', '\ta', 'a\t', ' ', '\t', ' a b ']) {
      expect(() => assertFieldValue(bad)).toThrow(/cannot begin or end with whitespace/);
    }
    expect(accepts(() => assertFieldValue('a b\tc'))).toBe(true);
  });

  it('accept the empty value (RFC 9110 §5.5: field-value = *field-content)', () => {
    expect(accepts(() => assertFieldValue(''))).toBe(true);
  });

  it('report CR and LF ahead of the whitespace rule (RFC 9110 §5.5)', () => {
    expect(() => assertFieldValue(' \r\n')).toThrow(/CR \(0x0d\)/);
    expect(() => assertFieldValue('x\n')).toThrow(/LF \(0x0a\)/);
    expect(() => assertFieldValue('\0')).toThrow(/NUL \(0x00\)/);
    expect(() => assertFieldValue('caf\u00e9')).toThrow(/obs-text byte 0xe9, which senders do not generate/);
  });

  it('accept every generated field value (property, RFC 9110 §5.5)', () => {
    fc.assert(fc.property(fieldValue, (value) => accepts(() => assertFieldValue(value))), { numRuns: 1000 });
  });
});

describe('methods (RFC 9112 §3.1, RFC 9110 §9.1: method = token)', () => {
  it('accept tokens, case kept, and reject everything else (RFC 9110 §9.1)', () => {
    for (const good of ['GET', 'get', 'M-SEARCH', 'X_CUSTOM!']) expect(accepts(() => assertMethod(good))).toBe(true);
    for (const bad of ['', 'GE T', 'GET\r', '(GET)', 'GET/']) expect(() => assertMethod(bad)).toThrow(/^invalid method/);
  });
});

describe('request-targets (RFC 9112 §3.2: visible ASCII, delimited by SP)', () => {
  it('accept exactly VCHAR, for every byte value, and never the empty target (RFC 9112 §3.2)', () => {
    for (const b of allBytes) expect(accepts(() => assertRequestTarget(`/${ch(b)}`)), `byte ${b}`).toBe(VCHARS.includes(ch(b)));
    expect(() => assertRequestTarget('')).toThrow(/request-target: must not be empty/);
    for (const good of ['/', '*', 'example.com:443', 'http://a/b?c=d']) expect(accepts(() => assertRequestTarget(good))).toBe(true);
  });
});

describe('reason phrases (RFC 9112 §4: HTAB / SP / VCHAR)', () => {
  it('accept exactly HTAB, SP and VCHAR, for every byte value, and the empty phrase (RFC 9112 §4)', () => {
    for (const b of allBytes) {
      const expected = VCHARS.includes(ch(b)) || b === 0x20 || b === 0x09;
      expect(accepts(() => assertReasonPhrase(`O${ch(b)}K`)), `byte ${b}`).toBe(expected);
    }
    expect(accepts(() => assertReasonPhrase(''))).toBe(true);
    expect(accepts(() => assertReasonPhrase(' leading and trailing '))).toBe(true);
  });
});

describe('status codes (RFC 9110 §15: classes 1xx–5xx)', () => {
  it('accept the integers 100 to 599 and nothing else (RFC 9110 §15)', () => {
    for (const good of [100, 101, 200, 404, 599]) expect(accepts(() => assertStatusCode(good))).toBe(true);
    for (const bad of [0, 99, 600, 999, 1000, -200, 200.5, Number.NaN, Infinity]) {
      expect(() => assertStatusCode(bad)).toThrow(/^invalid status code: expected an integer from 100 to 599/);
    }
    expect(() => assertStatusCode('200' as unknown as number)).toThrow(InvalidMessageError);
  });
});

describe('non-string input from untyped callers (RFC 9110 §5)', () => {
  it('throws InvalidMessageError rather than a crash or a coerced "undefined" (RFC 9110 §5.5)', () => {
    const notStrings = [undefined, null, 42, {}, ['a']] as unknown as string[];
    for (const value of notStrings) {
      expect(() => assertFieldName(value)).toThrow(InvalidMessageError);
      expect(() => assertFieldValue(value)).toThrow(InvalidMessageError);
      expect(() => assertMethod(value)).toThrow(InvalidMessageError);
      expect(() => assertRequestTarget(value)).toThrow(InvalidMessageError);
      expect(() => assertReasonPhrase(value)).toThrow(InvalidMessageError);
      expect(() => assertToken(value, 'token', 'RFC 9110 §5.6.2')).toThrow(InvalidMessageError);
    }
  });
});
