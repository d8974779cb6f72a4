// chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; chunk-size = 1*HEXDIG (RFC 9112 §7.1);
// chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) (RFC 9112 §7.1.1);
// chunk-ext-val = token / quoted-string; quoted-string per RFC 9110 §5.6.4.
import { describe, it, expect } from 'vitest';
import { parseChunkExtensions, parseChunkLine, parseQuotedString } from '../../src/wire/chunk-line.js';
import { asValue, brief, bytes } from './support.js';

const parse = (line: string, maxDigits = 16) => {
  const b = bytes(line);
  return parseChunkLine(b, 0, b.length, maxDigits);
};
const sizeOf = (line: string, maxDigits = 16) => asValue(parse(line, maxDigits)).size;

describe('chunk-size (RFC 9112 §7.1)', () => {
  it('RFC 9112 §7.1: chunk-size is hexadecimal', () => {
    expect(sizeOf('0')).toBe(0);
    expect(sizeOf('1')).toBe(1);
    expect(sizeOf('a')).toBe(10);
    expect(sizeOf('10')).toBe(16);
    expect(sizeOf('1f4')).toBe(500);
    expect(sizeOf('ffff')).toBe(65535);
  });

  it('RFC 9112 §7.1: hex digits are case-insensitive (uppercase and mixed case)', () => {
    expect(sizeOf('FF')).toBe(255);
    expect(sizeOf('aBcDeF')).toBe(0xabcdef);
  });

  it('RFC 9112 §7.1: leading zeros are allowed', () => {
    expect(sizeOf('000')).toBe(0);
    expect(sizeOf('0005')).toBe(5);
  });

  it('RFC 9112 §7.1: a chunk line without extensions has none', () => {
    expect(asValue(parse('5'))).toEqual({ size: 5, extensions: [], extensionBytes: 0 });
  });

  it('RFC 9112 §7.1: an empty chunk-size line is INVALID_CHUNK_SIZE', () => {
    expect(brief(parse(''))).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400, offset: 0 });
  });

  it('RFC 9112 §7.1: a line not starting with a hex digit is INVALID_CHUNK_SIZE at byte 0', () => {
    for (const bad of ['g', 'x5', '-1', '+1', ' 5', ';a', '\u00bd']) {
      expect(brief(parse(bad)), JSON.stringify(bad)).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400, offset: 0 });
    }
  });

  it('RFC 9112 §7.1: "0x10" is not hex notation: "0" followed by a bad byte in the extension position', () => {
    expect(brief(parse('0x10'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 1 });
  });

  it('RFC 9112 §7.1: CR, LF and NUL in place of the size have their own codes', () => {
    expect(brief(parse('\r'))).toEqual({ code: 'BARE_CR', status: 400, offset: 0 });
    expect(brief(parse('\n'))).toEqual({ code: 'BARE_LF', status: 400, offset: 0 });
    expect(brief(parse('\0'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 0 });
  });

  it('RFC 9112 §7.1: more significant hex digits than the limit is INVALID_CHUNK_SIZE at the first extra digit', () => {
    expect(sizeOf('fff', 3)).toBe(4095);
    expect(brief(parse('1000', 3))).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400, offset: 3 });
    expect(brief(parse('0001000', 3))).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400, offset: 6 });
    expect(brief(parse('1000;a', 3))).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400, offset: 3 });
  });

  it('RFC 9112 §7.1: leading zeros do not count toward the digit limit (1*HEXDIG allows any number)', () => {
    expect(sizeOf('000000000000000000000005')).toBe(5); // 24 digits, one significant
    expect(sizeOf('00000000000000001')).toBe(1); // 17 digits: one past the default limit
    expect(sizeOf(`${'0'.repeat(1000)}1fffffffffffff`)).toBe(Number.MAX_SAFE_INTEGER);
    expect(sizeOf('0001', 3)).toBe(1);
    expect(sizeOf('000fff', 3)).toBe(4095);
    expect(sizeOf('0'.repeat(40), 1)).toBe(0); // a last chunk written with many zeros
    expect(asValue(parse('00000000000000000005;a=b'))).toEqual({ size: 5, extensions: [{ name: 'a', value: 'b' }], extensionBytes: 4 });
  });

  it('RFC 9112 §7.1: a value that overflows is still CHUNK_SIZE_TOO_LARGE after leading zeros', () => {
    expect(brief(parse('0000000020000000000000'))).toEqual({ code: 'CHUNK_SIZE_TOO_LARGE', status: 413, offset: 0 });
    expect(brief(parse(`${'0'.repeat(30)}ffffffffffffffff`))).toEqual({ code: 'CHUNK_SIZE_TOO_LARGE', status: 413, offset: 0 });
    expect(brief(parse(`${'0'.repeat(30)}10000000000000005`, 32))).toEqual({ code: 'CHUNK_SIZE_TOO_LARGE', status: 413, offset: 0 });
  });

  it('RFC 9112 §7.1: the largest size below 2^53 is accepted', () => {
    expect(sizeOf('1fffffffffffff')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('RFC 9112 §7.1: a size beyond 2^53 - 1 (overflow) is CHUNK_SIZE_TOO_LARGE, 413', () => {
    expect(brief(parse('20000000000000'))).toEqual({ code: 'CHUNK_SIZE_TOO_LARGE', status: 413, offset: 0 });
    expect(brief(parse('ffffffffffffffff'))).toEqual({ code: 'CHUNK_SIZE_TOO_LARGE', status: 413, offset: 0 });
    expect(brief(parse('1fffffffffffff0'))).toEqual({ code: 'CHUNK_SIZE_TOO_LARGE', status: 413, offset: 0 });
  });

  it('RFC 9112 §7.1: offsets are indexes into the buffer given', () => {
    const b = bytes('xx5;=\r\n');
    expect(brief(parseChunkLine(b, 2, 5, 16))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 4 });
  });
});

describe('chunk extensions (RFC 9112 §7.1.1)', () => {
  const exts = (line: string) => asValue(parse(line)).extensions;

  it('RFC 9112 §7.1.1: a name without value', () => {
    expect(exts('5;foo')).toEqual([{ name: 'foo', value: undefined }]);
  });

  it('RFC 9112 §7.1.1: a token value', () => {
    expect(exts('5;foo=bar')).toEqual([{ name: 'foo', value: 'bar' }]);
  });

  it('RFC 9112 §7.1.1: several extensions, in order', () => {
    expect(exts('a;x=1;y;z=3')).toEqual([
      { name: 'x', value: '1' }, { name: 'y', value: undefined }, { name: 'z', value: '3' },
    ]);
  });

  it('RFC 9112 §7.1.1: BWS is allowed around ";" and "="', () => {
    expect(exts('5 ; foo = bar')).toEqual([{ name: 'foo', value: 'bar' }]);
    expect(exts('5\t;\tfoo\t=\tbar')).toEqual([{ name: 'foo', value: 'bar' }]);
    expect(exts('5 ;a ;b= "c"')).toEqual([{ name: 'a', value: undefined }, { name: 'b', value: 'c' }]);
  });

  it('RFC 9110 §5.6.4: a quoted-string value is unquoted', () => {
    expect(exts('5;name="hello world"')).toEqual([{ name: 'name', value: 'hello world' }]);
    expect(exts('5;name=""')).toEqual([{ name: 'name', value: '' }]);
  });

  it('RFC 9110 §5.6.4: quoted-pair escapes are removed: \\" and \\\\', () => {
    expect(exts('5;q="a\\"b\\\\c"')).toEqual([{ name: 'q', value: 'a"b\\c' }]);
    expect(exts('5;q="\\x\\ \\\t"')).toEqual([{ name: 'q', value: 'x \t' }]);
  });

  it('RFC 9110 §5.6.4: a quoted-string may hold ";", "=", "," and obs-text', () => {
    expect(exts('5;q="a;b=c,d\u00e9"')).toEqual([{ name: 'q', value: 'a;b=c,d\u00e9' }]);
  });

  it('RFC 9112 §7.1.1: extensionBytes counts the bytes after the size', () => {
    expect(asValue(parse('5;foo=bar')).extensionBytes).toBe(8);
    expect(asValue(parse('0005 ;a')).extensionBytes).toBe(3);
  });

  it('RFC 9112 §7.1.1: a bare ";" (no name) is INVALID_CHUNK_EXTENSION', () => {
    expect(brief(parse('5;'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 2 });
    expect(brief(parse('5; '))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 3 });
    expect(brief(parse('5;;a'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 2 });
    expect(brief(parse('5;=a'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 2 });
  });

  it('RFC 9112 §7.1.1: whitespace after the size not followed by ";" (trailing whitespace) is invalid', () => {
    expect(brief(parse('5 '))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 2 });
    expect(brief(parse('5\t'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 2 });
    expect(brief(parse('5;a '))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 4 });
    expect(brief(parse('5;a=b '))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 6 });
    expect(brief(parse('5;a="b" '))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 8 });
  });

  it('RFC 9112 §7.1.1: "=" without a value is INVALID_CHUNK_EXTENSION', () => {
    expect(brief(parse('5;a='))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 4 });
    expect(brief(parse('5;a= '))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 5 });
  });

  it('RFC 9112 §7.1.1: a value that is neither token nor quoted-string is rejected at the offending byte', () => {
    expect(brief(parse('5;a=b c'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 6 });
    expect(brief(parse('5;a=(b)'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 4 });
    expect(brief(parse('5;a=b"c"'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 5 });
  });

  it('RFC 9112 §7.1.1: a name that is not a token is rejected at the offending byte', () => {
    expect(brief(parse('5;a b'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 4 });
    expect(brief(parse('5;"a"'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 2 });
    expect(brief(parse('5;a/b'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 3 });
  });

  it('RFC 9112 §7.1.1: anything but ";" after the size is rejected', () => {
    expect(brief(parse('5,a'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 1 });
    expect(brief(parse('5 a'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 2 });
    expect(brief(parse('5g'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 1 });
  });

  it('RFC 9110 §5.6.4: an unterminated quoted-string is rejected at its opening quote', () => {
    expect(brief(parse('5;a="bc'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 4 });
    expect(brief(parse('5;a="bc\\"'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 4 });
  });

  it('RFC 9110 §5.6.4: a backslash at the end of the line escapes nothing', () => {
    expect(brief(parse('5;a="b\\'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 6 });
  });

  it('RFC 9110 §5.6.4: control bytes inside a quoted-string are rejected (escaped or not)', () => {
    expect(brief(parse('5;a="b\u0001"'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 6 });
    expect(brief(parse('5;a="b\u007f"'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 6 });
    expect(brief(parse('5;a="b\\\u0001"'))).toEqual({ code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: 6 });
    expect(brief(parse('5;a="b\0"'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 6 });
    expect(brief(parse('5;a="b\r"'))).toEqual({ code: 'BARE_CR', status: 400, offset: 6 });
  });

  it('RFC 9112 §7.1.1: parseChunkExtensions parses a range of a buffer on its own', () => {
    const b = bytes('XX;a=1 ; b="2"YY');
    expect(asValue(parseChunkExtensions(b, 2, 14))).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '2' }]);
  });
});

describe('parseQuotedString (RFC 9110 §5.6.4)', () => {
  it('RFC 9110 §5.6.4: returns the value and the index after the closing quote', () => {
    const b = bytes('"abc" rest');
    expect(asValue(parseQuotedString(b, 0, b.length))).toEqual({ value: 'abc', end: 5 });
  });

  it('RFC 9110 §5.6.4: the sender\'s escapes are removed; escaped DQUOTE does not close the string', () => {
    const b = bytes('"a\\"b"');
    expect(asValue(parseQuotedString(b, 0, b.length))).toEqual({ value: 'a"b', end: 6 });
  });

  it('RFC 9110 §5.6.4: stops at `end` and reports a missing closing quote', () => {
    const b = bytes('"abc"');
    expect(brief(parseQuotedString(b, 0, 4))).toMatchObject({ code: 'INVALID_CHUNK_EXTENSION', offset: 0 });
  });
});
