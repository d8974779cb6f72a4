import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ChunkedEncoder, ContentLengthEncoder, type ChunkExtensionInit } from '../../src/writer/body-encoders.js';
import { InvalidMessageError } from '../../src/writer/field-validation.js';
import { Fields } from '../../src/wire/fields.js';
import { VCHARS, fieldPairs, text, token } from './arbitraries.js';

/**
 * A reference decoder for the chunked coding (RFC 9112 §7.1), written plainly over a latin1 string and
 * independently of the parser: it accepts exactly what the encoder should produce (no BWS, CRLF only) and
 * throws on anything else.
 */
function decodeChunked(input: string): {
  chunks: { data: string; extensions: ChunkExtensionInit[] }[];
  lastExtensions: ChunkExtensionInit[];
  trailers: [string, string][];
  rest: string;
} {
  let pos = 0;
  const line = (): string => {
    const end = input.indexOf('\r\n', pos);
    if (end < 0) throw new Error(`no CRLF after offset ${pos}`);
    const result = input.slice(pos, end);
    pos = end + 2;
    return result;
  };
  const chunks: { data: string; extensions: ChunkExtensionInit[] }[] = [];
  for (;;) {
    const sizeLine = line();
    const match = /^([0-9a-f]+)(.*)$/.exec(sizeLine);
    if (match === null) throw new Error(`bad chunk-size line ${JSON.stringify(sizeLine)}`);
    const size = parseInt(match[1]!, 16);
    const extensions = parseExtensions(match[2]!);
    if (size === 0) {
      const trailers: [string, string][] = [];
      for (let field = line(); field !== ''; field = line()) {
        const colon = field.indexOf(': ');
        if (colon <= 0) throw new Error(`bad trailer line ${JSON.stringify(field)}`);
        trailers.push([field.slice(0, colon), field.slice(colon + 2)]);
      }
      return { chunks, lastExtensions: extensions, trailers, rest: input.slice(pos) };
    }
    const data = input.slice(pos, pos + size);
    if (data.length !== size) throw new Error('truncated chunk data');
    pos += size;
    if (input.slice(pos, pos + 2) !== '\r\n') throw new Error('chunk data not followed by CRLF');
    pos += 2;
    chunks.push({ data, extensions });
  }
}

/** `*( ";" ext-name [ "=" ( token / quoted-string ) ] )` with no whitespace (RFC 9112 §7.1.1). */
function parseExtensions(source: string): ChunkExtensionInit[] {
  const result: ChunkExtensionInit[] = [];
  let i = 0;
  const isTchar = (c: string | undefined): boolean => c !== undefined && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(c);
  while (i < source.length) {
    if (source[i] !== ';') throw new Error(`expected ';' in ${JSON.stringify(source)}`);
    i++;
    let name = '';
    while (isTchar(source[i])) name += source[i++];
    if (name === '') throw new Error('empty extension name');
    if (source[i] !== '=') {
      result.push({ name });
      continue;
    }
    i++;
    let value = '';
    if (source[i] === '"') {
      i++;
      for (;;) {
        const c = source[i++];
        if (c === undefined) throw new Error('unterminated quoted-string');
        if (c === '"') break;
        if (c === '\\') {
          const escaped = source[i++];
          if (escaped !== '"' && escaped !== '\\') throw new Error('unnecessary quoted-pair');
          value += escaped;
        } else {
          value += c;
        }
      }
    } else {
      while (isTchar(source[i])) value += source[i++];
      if (value === '') throw new Error('empty token value');
    }
    result.push({ name, value });
  }
  return result;
}

const extValue = fc.string({ unit: fc.constantFrom(...VCHARS, ' ', '\t'), maxLength: 12 });
const extension: fc.Arbitrary<ChunkExtensionInit> = fc.record(
  { name: token(8), value: extValue },
  { requiredKeys: ['name'] },
);
const extensions = fc.array(extension, { maxLength: 3 });
const latin1Of = (bytes: Uint8Array): string => text(bytes);
const concat = (parts: Uint8Array[]): string => parts.map(latin1Of).join('');

describe('ContentLengthEncoder (RFC 9110 §8.6, RFC 9112 §6.3: exactly the declared length)', () => {
  it('passes chunks through uncopied and ends when the count matches (RFC 9110 §8.6)', () => {
    const encoder = new ContentLengthEncoder(5);
    const a = new Uint8Array([1, 2]);
    expect(encoder.encode(a)).toBe(a);
    expect(encoder.remaining).toBe(3);
    encoder.encode(new Uint8Array(3));
    expect(encoder.remaining).toBe(0);
    expect(() => encoder.end()).not.toThrow();
  });

  it('rejects more bytes than declared, without counting the rejected chunk (RFC 9112 §6.3)', () => {
    const encoder = new ContentLengthEncoder(4);
    encoder.encode(new Uint8Array(3));
    expect(() => encoder.encode(new Uint8Array(2))).toThrow(/2 bytes would exceed the declared Content-Length 4 \(1 left\)/);
    expect(encoder.remaining).toBe(1);
    encoder.encode(new Uint8Array(1));
    encoder.end();
  });

  it('rejects ending early (fewer bytes than declared) and data after the end (RFC 9112 §6.3)', () => {
    const encoder = new ContentLengthEncoder(3);
    encoder.encode(new Uint8Array(1));
    expect(() => encoder.end()).toThrow(/1 bytes sent where Content-Length declared 3/);
    const done = new ContentLengthEncoder(0);
    done.end();
    expect(() => done.encode(new Uint8Array(0))).toThrow(/after the end/);
  });

  it('rejects a length that is not a non-negative integer, and non-byte data (RFC 9110 §8.6)', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => new ContentLengthEncoder(bad)).toThrow(InvalidMessageError);
    }
    expect(() => new ContentLengthEncoder(3).encode('abc' as unknown as Uint8Array)).toThrow(/expected a Uint8Array/);
  });

  it('accepts any split of exactly the declared length (property, RFC 9110 §8.6)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 10 }), (sizes) => {
        const encoder = new ContentLengthEncoder(sizes.reduce((a, b) => a + b, 0));
        for (const size of sizes) encoder.encode(new Uint8Array(size));
        encoder.end();
        return encoder.remaining === 0;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ChunkedEncoder (RFC 9112 §7.1 chunked transfer coding)', () => {
  it('writes a chunk as hex size, CRLF, data, CRLF (RFC 9112 §7.1)', () => {
    const encoder = new ChunkedEncoder();
    expect(latin1Of(encoder.encodeChunk(Buffer.from('hello')))).toBe('5\r\nhello\r\n');
    expect(latin1Of(encoder.encodeChunk(new Uint8Array(26).fill(0x61)))).toBe(`1a\r\n${'a'.repeat(26)}\r\n`);
    expect(latin1Of(encoder.encodeChunk(new Uint8Array(4096)))).toMatch(/^1000\r\n/);
  });

  it('writes nothing for empty data: a zero-size chunk is the last chunk (RFC 9112 §7.1)', () => {
    const encoder = new ChunkedEncoder();
    expect(encoder.encodeChunk(new Uint8Array(0)).length).toBe(0);
    expect(encoder.encodeChunk(new Uint8Array(0), [{ name: 'x' }]).length).toBe(0);
    expect(() => encoder.encodeChunk(new Uint8Array(0), [{ name: 'bad name' }])).toThrow(InvalidMessageError);
  });

  it('writes the last chunk, trailers and final CRLF (RFC 9112 §7.1, §7.1.2)', () => {
    expect(latin1Of(new ChunkedEncoder().encodeLast())).toBe('0\r\n\r\n');
    expect(latin1Of(new ChunkedEncoder().encodeLast([['Checksum', 'abc'], ['X-Done', 'yes']]))).toBe(
      '0\r\nChecksum: abc\r\nX-Done: yes\r\n\r\n',
    );
    expect(latin1Of(new ChunkedEncoder().encodeLast(Fields.of([['A', '1']]), [{ name: 'end' }]))).toBe('0;end\r\nA: 1\r\n\r\n');
  });

  it('writes extensions as token or quoted-string values (RFC 9112 §7.1.1, RFC 9110 §5.6.4)', () => {
    const encoder = new ChunkedEncoder();
    const chunk = encoder.encodeChunk(Buffer.from('ab'), [
      { name: 'flag' },
      { name: 'sig', value: 'abc123' },
      { name: 'note', value: 'two words' },
      { name: 'q', value: 'say "hi" \\o/' },
      { name: 'empty', value: '' },
      { name: 'none', value: undefined },
    ]);
    expect(latin1Of(chunk)).toBe('2;flag;sig=abc123;note="two words";q="say \\"hi\\" \\\\o/";empty="";none\r\nab\r\n');
  });

  it('rejects bad extension names and values, bad trailers, and output after the last chunk (RFC 9112 §7.1.1, §7.1.2)', () => {
    const data = Buffer.from('x');
    expect(() => new ChunkedEncoder().encodeChunk(data, [{ name: '' }])).toThrow(/invalid chunk extension name/);
    expect(() => new ChunkedEncoder().encodeChunk(data, [{ name: 'a=b' }])).toThrow(/invalid chunk extension name/);
    expect(() => new ChunkedEncoder().encodeChunk(data, [{ name: 'a', value: 'x\x7f' }])).toThrow(
      /invalid chunk extension value: byte 0x7f/,
    );
    expect(() => new ChunkedEncoder().encodeLast([['Bad:Name', 'x']])).toThrow(/invalid trailer field name/);
    expect(() => new ChunkedEncoder().encodeLast([['X', 'x\r\n']])).toThrow(/invalid trailer field value/);
    const encoder = new ChunkedEncoder();
    encoder.encodeLast();
    expect(() => encoder.encodeChunk(data)).toThrow(/after the last chunk/);
    expect(() => encoder.encodeLast()).toThrow(/after the last chunk/);
  });

  it('an encoder whose call failed can still be used: nothing was written (RFC 9112 §7.1)', () => {
    const encoder = new ChunkedEncoder();
    expect(() => encoder.encodeLast([['X', '\n']])).toThrow(InvalidMessageError);
    expect(latin1Of(encoder.encodeLast())).toBe('0\r\n\r\n');
  });

  it('round-trips random chunks, extensions and trailers through a reference decoder (property, RFC 9112 §7.1)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 300 }), extensions), { maxLength: 8 }),
        fieldPairs,
        extensions,
        fc.uint8Array({ maxLength: 5 }),
        (chunks, trailers, lastExtensions, after) => {
          const encoder = new ChunkedEncoder();
          const parts = chunks.map(([data, exts]) => encoder.encodeChunk(data, exts));
          parts.push(encoder.encodeLast(trailers, lastExtensions), after);
          const decoded = decodeChunked(concat(parts));
          const expected = chunks
            .filter(([data]) => data.length > 0)
            .map(([data, exts]) => ({ data: latin1Of(data), extensions: exts }));
          expect(decoded.chunks).toEqual(expected);
          expect(decoded.lastExtensions).toEqual(lastExtensions);
          expect(decoded.trailers).toEqual(trailers);
          expect(decoded.rest).toBe(latin1Of(after));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
