// The word-at-a-time scan for bytes a field value may not hold (RFC 9110 §5.5: field-content is VCHAR, obs-text,
// SP and HTAB), checked against the byte table on every alignment, view offset and length.
import { describe, it, expect } from 'vitest';
import { Buffer } from 'node:buffer';
import { FIELD_CONTENT } from '../../src/wire/char-classes.js';
import { findInvalidFieldContentByte } from '../../src/wire/field-content-scan.js';

function slowFind(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (FIELD_CONTENT[bytes[i]!] !== 1) return i;
  return -1;
}

describe('findInvalidFieldContentByte (RFC 9110 §5.5)', () => {
  it('RFC 9110 §5.5: finds the first CR, LF, NUL, other control byte or DEL, and passes SP, HTAB and obs-text', () => {
    const value = 'text/html,application/xhtml+xml;q=0.9 \t\u00e9\u00ff*/*';
    for (const bad of [0x00, 0x01, 0x0a, 0x0d, 0x1f, 0x7f]) {
      for (let at = 0; at <= value.length; at++) {
        const bytes = Buffer.from(value.slice(0, at) + String.fromCharCode(bad) + value.slice(at) + '.'.repeat(300), 'latin1');
        expect(findInvalidFieldContentByte(bytes, 0, bytes.length), `0x${bad.toString(16)} at ${at}`).toBe(at);
      }
    }
    const clean = Buffer.from(value + '.'.repeat(300), 'latin1');
    expect(findInvalidFieldContentByte(clean, 0, clean.length)).toBe(-1);
    // A short array (a small socket read) is scanned byte by byte, with the same answers.
    expect(findInvalidFieldContentByte(Buffer.from(`${value}\r`, 'latin1'), 0, value.length + 1)).toBe(value.length);
  });

  it('RFC 9110 §5.5: bytes before the start or after the end are never reported, at every offset of a shared buffer', () => {
    // One ArrayBuffer, views at every byte offset (as pieces cut from one socket read are), control bytes just
    // outside the scanned range: the answer must be the byte-table answer every time.
    // Longer than a small socket read, so that the word-at-a-time path is the one taken.
    const pool = Buffer.from(`\r\n${'a'.repeat(45)}\u0001${'b'.repeat(40)}\r\n${'c'.repeat(300)}`, 'latin1');
    for (let offset = 0; offset < 8; offset++) {
      const view = pool.subarray(offset);
      for (let start = 0; start < 12; start++) {
        for (const end of [view.length, view.length - 2, 40, 60]) {
          if (end < start) continue;
          expect(findInvalidFieldContentByte(view, start, end), `offset ${offset} start ${start} end ${end}`)
            .toBe(slowFind(view, start, end));
        }
      }
    }
  });

  it('RFC 9110 §5.5: agrees with the byte table on short arrays (small socket reads), for every start and end', () => {
    // Arrays this short are scanned four bytes per turn and then byte by byte: a bad byte at any place in the
    // four, or in the tail, must be the one reported.
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 40; round++) {
      const bytes = Buffer.alloc(1 + (next() % 40));
      for (let i = 0; i < bytes.length; i++) bytes[i] = next() % 9 === 0 ? [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f][next() % 6]! : 0x20 + (next() % 224);
      for (let start = 0; start <= bytes.length; start++) {
        for (let end = start; end <= bytes.length; end++) {
          expect(findInvalidFieldContentByte(bytes, start, end), `${bytes.toString('hex')} [${start}, ${end})`).toBe(slowFind(bytes, start, end));
        }
      }
    }
  });

  it('RFC 9110 §5.5: agrees with the byte table on random bytes, alternating between arrays', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const arrays = Array.from({ length: 3 }, () => {
      const bytes = Buffer.alloc(300);
      for (let i = 0; i < bytes.length; i++) bytes[i] = next() % 23 === 0 ? next() % 32 : 0x20 + (next() % 224);
      return bytes.subarray(next() % 5);
    });
    for (let round = 0; round < 2000; round++) {
      const bytes = arrays[round % 3]!;
      const start = next() % 200;
      const end = start + (next() % (bytes.length - start));
      expect(findInvalidFieldContentByte(bytes, start, end)).toBe(slowFind(bytes, start, end));
    }
  });
});
