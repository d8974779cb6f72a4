// Content-Length = 1*DIGIT (RFC 9110 §8.6), with the list form RFC 9110 §8.6 / RFC 9112 §6.3 rule 5 let a
// recipient accept when every member is the same number.
import { describe, it, expect } from 'vitest';
import { parseContentLength } from '../../src/wire/content-length.js';
import { ProtocolError } from '../../src/wire/protocol-error.js';

const codeOf = (values: string[]): string => {
  const result = parseContentLength(values);
  if (!(result instanceof ProtocolError)) throw new Error(`expected an error for ${JSON.stringify(values)}, got ${result}`);
  return result.code;
};

describe('parseContentLength (RFC 9110 §8.6, RFC 9112 §6.3)', () => {
  it('RFC 9110 §8.6: a decimal number is the length', () => {
    expect(parseContentLength(['0'])).toBe(0);
    expect(parseContentLength(['5'])).toBe(5);
    expect(parseContentLength(['1234567890'])).toBe(1234567890);
  });

  it('RFC 9110 §8.6: leading zeros are digits like any other', () => {
    expect(parseContentLength(['0005'])).toBe(5);
    expect(parseContentLength(['000'])).toBe(0);
  });

  it('RFC 9110 §8.6: the largest length is 2^53 - 1', () => {
    expect(parseContentLength(['9007199254740991'])).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('RFC 9112 §6.3 rule 5: a length beyond 2^53 - 1 (overflow) is INVALID_CONTENT_LENGTH', () => {
    expect(codeOf(['9007199254740992'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['99999999999999999999999999'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['18446744073709551616'])).toBe('INVALID_CONTENT_LENGTH'); // 2^64: wraps to 0 in 64-bit parsers
  });

  it('RFC 9110 §8.6: a sign is not a digit: "+5" and "-5" are INVALID_CONTENT_LENGTH', () => {
    expect(codeOf(['+5'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['-5'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['-0'])).toBe('INVALID_CONTENT_LENGTH');
  });

  it('RFC 9110 §8.6: spaces inside the number are INVALID_CONTENT_LENGTH', () => {
    expect(codeOf(['1 2'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['1\t2'])).toBe('INVALID_CONTENT_LENGTH');
  });

  it('RFC 9110 §8.6: hexadecimal, decimal points and exponents are INVALID_CONTENT_LENGTH', () => {
    for (const v of ['0x10', '10h', '1a', 'a', '1.0', '1e3', '5;', '5 bytes', 'Infinity', '\u0665']) {
      expect(codeOf([v]), v).toBe('INVALID_CONTENT_LENGTH');
    }
  });

  it('RFC 9110 §8.6: an empty value is INVALID_CONTENT_LENGTH', () => {
    expect(codeOf([''])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf([' '])).toBe('INVALID_CONTENT_LENGTH');
  });

  it('RFC 9110 §8.6: a list of identical values ("5, 5") is accepted as that value', () => {
    expect(parseContentLength(['5, 5'])).toBe(5);
    expect(parseContentLength(['5,5,5'])).toBe(5);
    expect(parseContentLength(['5 ,\t5'])).toBe(5);
    expect(parseContentLength(['05, 5'])).toBe(5);
  });

  it('RFC 9110 §8.6: a list of differing values ("5, 6") is CONFLICTING_CONTENT_LENGTH', () => {
    expect(codeOf(['5, 6'])).toBe('CONFLICTING_CONTENT_LENGTH');
    expect(codeOf(['5, 5, 6'])).toBe('CONFLICTING_CONTENT_LENGTH');
  });

  it('RFC 9110 §8.6: several identical field lines are accepted; differing ones conflict', () => {
    expect(parseContentLength(['42', '42'])).toBe(42);
    expect(parseContentLength(['42', '42, 42'])).toBe(42);
    expect(codeOf(['42', '43'])).toBe('CONFLICTING_CONTENT_LENGTH');
    expect(codeOf(['0', '1'])).toBe('CONFLICTING_CONTENT_LENGTH');
  });

  it('RFC 9112 §6.3 rule 5: an invalid member among valid ones makes the whole invalid', () => {
    expect(codeOf(['5', 'x'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['5, x'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['5, -5'])).toBe('INVALID_CONTENT_LENGTH');
  });

  it('RFC 9110 §8.6: empty list members are not numbers ("5,", ",5", "5,,5")', () => {
    expect(codeOf(['5,'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf([',5'])).toBe('INVALID_CONTENT_LENGTH');
    expect(codeOf(['5,,5'])).toBe('INVALID_CONTENT_LENGTH');
  });

  it('RFC 9112 §6.3: errors carry status 400 and the deciding section', () => {
    const invalid = parseContentLength(['x']) as ProtocolError;
    expect(invalid.status).toBe(400);
    expect(invalid.section).toBe('RFC 9112 §6.3');
    const conflicting = parseContentLength(['1', '2']) as ProtocolError;
    expect(conflicting.status).toBe(400);
    expect(conflicting.section).toBe('RFC 9110 §8.6');
  });

  it('RFC 9110 §8.6, RFC 9112 §6.3: an error\'s offset is the index of the value at fault, the first that breaks the rule', () => {
    const offset = (values: string[]) => (parseContentLength(values) as ProtocolError).offset;
    expect(offset(['x'])).toBe(0);
    expect(offset(['5', '5', 'x'])).toBe(2);
    expect(offset(['5', '6', 'x'])).toBe(1);
    expect(offset(['5, 6'])).toBe(0);
    expect(offset(['5', '5, 6', '7'])).toBe(1);
    expect(offset(['5', '99999999999999999'])).toBe(1);
  });
});
