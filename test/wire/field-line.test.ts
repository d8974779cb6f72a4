// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5); field-name = token (RFC 9110 §5.1);
// field-value = *field-content (RFC 9110 §5.5).
import { describe, it, expect } from 'vitest';
import { parseFieldLine, parseObsFoldContinuation, scanFieldLine } from '../../src/wire/field-line.js';
import { Latin1Window } from '../../src/wire/latin1.js';
import { asValue, brief, bytes, text } from './support.js';

/** Parses one field line; returns [name, value] or the error. */
function parse(line: string) {
  const b = bytes(line);
  const into: string[] = [];
  const error = parseFieldLine(b, 0, b.length, into);
  if (error !== null) {
    expect(into).toEqual([]); // nothing is appended for a bad line
    return error;
  }
  expect(into.length).toBe(2);
  return [into[0]!, into[1]!] as const;
}

describe('parseFieldLine (RFC 9112 §5, RFC 9110 §5)', () => {
  it('RFC 9112 §5: parses a name and a value', () => {
    expect(parse('Host: example.com')).toEqual(['Host', 'example.com']);
  });

  it('RFC 9110 §5.1: the name keeps the case it was received in', () => {
    expect(parse('cOnTeNt-TyPe: text/html')).toEqual(['cOnTeNt-TyPe', 'text/html']);
  });

  it('RFC 9110 §5.1: any token is a field name', () => {
    expect(parse("!#$%&'*+-.^_`|~09AZaz: v")).toEqual(["!#$%&'*+-.^_`|~09AZaz", 'v']);
  });

  it('RFC 9112 §5.1: OWS before and after the value is not part of it (SP and HTAB)', () => {
    expect(parse('X:   value   ')).toEqual(['X', 'value']);
    expect(parse('X:\tvalue\t')).toEqual(['X', 'value']);
    expect(parse('X: \t \tvalue \t ')).toEqual(['X', 'value']);
    expect(parse('X:value')).toEqual(['X', 'value']);
  });

  it('RFC 9110 §5.5: SP and HTAB inside a value are kept', () => {
    expect(parse('X: a  b\tc')).toEqual(['X', 'a  b\tc']);
  });

  it('RFC 9110 §5.5: a field value may be empty, with or without whitespace', () => {
    expect(parse('X:')).toEqual(['X', '']);
    expect(parse('X: ')).toEqual(['X', '']);
    expect(parse('X: \t ')).toEqual(['X', '']);
  });

  it('RFC 9110 §5.5: obs-text (0x80-0xFF) is allowed in a value and kept byte for byte', () => {
    expect(parse('X: caf\u00e9 \u0080\u00ff')).toEqual(['X', 'caf\u00e9 \u0080\u00ff']);
  });

  it('RFC 9110 §5.5: every visible character is allowed in a value, colons included', () => {
    let visible = '';
    for (let c = 0x21; c <= 0x7e; c++) visible += String.fromCharCode(c);
    expect(parse(`X: ${visible}`)).toEqual(['X', visible]);
    expect(parse('Date: Tue, 15 Nov 1994 08:12:31 GMT')).toEqual(['Date', 'Tue, 15 Nov 1994 08:12:31 GMT']);
  });

  it('RFC 9110 §5.5: a CR in a value is BARE_CR at the CR', () => {
    expect(brief(parse('X: a\rb'))).toEqual({ code: 'BARE_CR', status: 400, offset: 4 });
  });

  it('RFC 9110 §5.5: a LF in a value is BARE_LF at the LF', () => {
    expect(brief(parse('X: a\nb'))).toEqual({ code: 'BARE_LF', status: 400, offset: 4 });
  });

  it('RFC 9110 §5.5: a NUL in a value is NUL_BYTE at the NUL', () => {
    expect(brief(parse('X: a\0b'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 4 });
  });

  it('RFC 9110 §5.5: other control bytes (and DEL) in a value are INVALID_FIELD_VALUE', () => {
    for (let c = 0x01; c < 0x20; c++) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
      expect(brief(parse(`X: a${String.fromCharCode(c)}b`)), `0x${c.toString(16)}`).toEqual({
        code: 'INVALID_FIELD_VALUE', status: 400, offset: 4,
      });
    }
    expect(brief(parse('X: a\u007fb'))).toEqual({ code: 'INVALID_FIELD_VALUE', status: 400, offset: 4 });
  });

  it('RFC 9110 §5.5: a control byte at the edge of a value is not trimmed away as whitespace', () => {
    expect(brief(parse('X: \u000bvalue'))).toEqual({ code: 'INVALID_FIELD_VALUE', status: 400, offset: 3 });
    expect(brief(parse('X: value\u000c'))).toEqual({ code: 'INVALID_FIELD_VALUE', status: 400, offset: 8 });
    expect(brief(parse('X: value\r'))).toEqual({ code: 'BARE_CR', status: 400, offset: 8 });
  });

  it('RFC 9110 §5.5: in a long value, a forbidden byte is found at every position and every buffer alignment', () => {
    const value = 'abcdefghijklmnopqrstuvwxyz0123456789 \t!~\u0080\u00ff'.repeat(3);
    for (const misalign of [0, 1, 2, 3]) {
      for (let at = 0; at < value.length; at++) {
        for (const [bad, code] of [['\u0001', 'INVALID_FIELD_VALUE'], ['\u007f', 'INVALID_FIELD_VALUE'], ['\u001f', 'INVALID_FIELD_VALUE'],
          ['\0', 'NUL_BYTE'], ['\r', 'BARE_CR'], ['\n', 'BARE_LF']] as const) {
          // Keep the bad byte off the value's edges only when it is HTAB-like trimming that would matter: it is not.
          const line = `${'x'.repeat(misalign)}Name: ${value.slice(0, at)}${bad}${value.slice(at + 1)}`;
          const b = bytes(line);
          const into: string[] = [];
          const error = parseFieldLine(b, misalign, b.length, into);
          expect(brief(error), `misalign ${misalign}, byte ${JSON.stringify(bad)} at ${at}`).toEqual({
            code, status: 400, offset: misalign + 6 + at,
          });
        }
      }
      const clean = `${'x'.repeat(misalign)}Name: ${value}`;
      const b = bytes(clean);
      const into: string[] = [];
      expect(parseFieldLine(b, misalign, b.length, into)).toBeNull();
      expect(into[1]).toBe(value.trimEnd());
    }
  });

  it('RFC 9110 §5.5: a long value in a subarray with an odd byteOffset is checked within its bounds only', () => {
    const backing = bytes(`\u0001\u0001\u0001X: ${'v'.repeat(100)}\u0001\u0001`);
    const view = backing.subarray(3, backing.length - 2);
    const into: string[] = [];
    expect(parseFieldLine(view, 0, view.length, into)).toBeNull();
    expect(into).toEqual(['X', 'v'.repeat(100)]);
  });

  it('RFC 9112 §5.1: whitespace between field name and colon is WHITESPACE_BEFORE_COLON at the whitespace', () => {
    expect(brief(parse('Host : example.com'))).toEqual({ code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 4 });
    expect(brief(parse('Host\t: example.com'))).toEqual({ code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 4 });
    expect(brief(parse('Host  : x'))).toEqual({ code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 4 });
  });

  it('RFC 9112 §5.1: whitespace after a name is whitespace before the colon, wherever the colon is', () => {
    // "Bad Name: x" reads as the name "Bad" followed by whitespace where the colon belongs.
    expect(brief(parse('Bad Name: x'))).toEqual({ code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 3 });
  });

  it('RFC 9110 §5.1: an empty field name (line starting with ":") is INVALID_FIELD_NAME', () => {
    expect(brief(parse(': value'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 0 });
  });

  it('RFC 9110 §5.1: a non-token byte in a name is INVALID_FIELD_NAME at that byte', () => {
    expect(brief(parse('Na(me: x'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 2 });
    expect(brief(parse('Na\"me: x'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 2 });
    expect(brief(parse('N\u00e4me: x'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 1 });
    expect(brief(parse('Na/me: x'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 2 });
    expect(brief(parse('Na\u0001me: x'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 2 });
  });

  it('RFC 9110 §5.1: CR, LF and NUL in a name have their own codes', () => {
    expect(brief(parse('Na\rme: x'))).toEqual({ code: 'BARE_CR', status: 400, offset: 2 });
    expect(brief(parse('Na\nme: x'))).toEqual({ code: 'BARE_LF', status: 400, offset: 2 });
    expect(brief(parse('Na\0me: x'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 2 });
  });

  it('RFC 9112 §5: a line without a colon is INVALID_FIELD_NAME at the end of the line', () => {
    expect(brief(parse('NoColonHere'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 11 });
  });

  it('RFC 9112 §5: an empty line is not a field line', () => {
    expect(brief(parse(''))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 0 });
  });

  it('RFC 9112 §5.2: a line starting with whitespace is not a field line (the caller handles obs-fold)', () => {
    expect(brief(parse(' X: y'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 0 });
    expect(brief(parse('\tX: y'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 0 });
  });

  it('RFC 9112 §5: appends to an existing flat list and reports offsets inside a larger buffer', () => {
    const b = bytes('GET / HTTP/1.1\r\nA: 1\r\nB : 2\r\n');
    const into: string[] = ['Z', '0'];
    expect(parseFieldLine(b, 16, 20, into)).toBeNull();
    expect(into).toEqual(['Z', '0', 'A', '1']);
    expect(brief(parseFieldLine(b, 22, 27, into))).toEqual({ code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 23 });
    expect(into).toEqual(['Z', '0', 'A', '1']);
  });

  it('RFC 9112 §5: a shared window decodes successive lines of one buffer correctly', () => {
    const window = new Latin1Window();
    const b = bytes('A: 1\r\nBb: 22\r\nCcc: 333\r\n');
    const into: string[] = [];
    expect(parseFieldLine(b, 0, 4, into, window)).toBeNull();
    expect(parseFieldLine(b, 6, 12, into, window)).toBeNull();
    expect(parseFieldLine(b, 14, 22, into, window)).toBeNull();
    expect(into).toEqual(['A', '1', 'Bb', '22', 'Ccc', '333']);
  });
});

describe('parseObsFoldContinuation (RFC 9112 §5.2)', () => {
  const fold = (line: string) => {
    const b = bytes(line);
    return parseObsFoldContinuation(b, 0, b.length);
  };

  it('RFC 9112 §5.2: returns the continuation without its surrounding whitespace', () => {
    expect(asValue(fold('   more text  '))).toBe('more text');
    expect(asValue(fold('\tmore'))).toBe('more');
  });

  it('RFC 9112 §5.2: a continuation of whitespace only is empty', () => {
    expect(asValue(fold(' \t '))).toBe('');
  });

  it('RFC 9110 §5.5: a continuation holds field-content only', () => {
    expect(brief(fold(' a\u0001b'))).toEqual({ code: 'INVALID_FIELD_VALUE', status: 400, offset: 2 });
    expect(brief(fold(' a\0b'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 2 });
    expect(asValue(fold(' caf\u00e9'))).toBe('caf\u00e9');
  });
});
