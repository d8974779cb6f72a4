/**
 * Finding the first byte that is not `field-content` (RFC 9110 §5.5) four bytes at a time.
 *
 * Field values are most of a request head's bytes, and checking them is the parser's hottest loop. A JavaScript
 * loop with a table lookup costs about a nanosecond per byte; testing a 32-bit word at once for "any byte below
 * 0x20" and "any byte equal to 0x7F" with the classic SWAR expressions costs about a third of that. Words that
 * might hold a bad byte — or an HTAB, which is allowed but below 0x20 — fall back to the exact byte loop.
 *
 * @module
 */
import { FIELD_CONTENT } from './char-classes.js';

const FIELD_CONTENT_BYTE = FIELD_CONTENT;

// Word scanning pays off only past a few words, after the unaligned head is checked bytewise.
const MIN_WORD_SCAN = 32;

// 32-bit views of the two most recent ArrayBuffers scanned — typically the input piece and the buffer where a
// line split across pieces was spliced — because making a view costs more than scanning a short value.
let wordBuffer: ArrayBufferLike | null = null;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);
let otherBuffer: ArrayBufferLike | null = null;
let otherWords: Int32Array<ArrayBufferLike> = new Int32Array(0);

function wordsOf(buffer: ArrayBufferLike): Int32Array<ArrayBufferLike> {
  if (buffer === wordBuffer) return words;
  const previousBuffer = wordBuffer;
  const previousWords = words;
  if (buffer === otherBuffer) {
    words = otherWords;
  } else {
    words = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
  }
  wordBuffer = buffer;
  otherBuffer = previousBuffer;
  otherWords = previousWords;
  return words;
}

/**
 * The index of the first byte of `bytes[start, end)` that is not field-content (VCHAR, obs-text, SP, HTAB), or
 * -1 when there is none.
 */
export function findInvalidFieldContentByte(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (end - start >= MIN_WORD_SCAN) {
    const words = wordsOf(bytes.buffer);
    const base = bytes.byteOffset;
    for (; ((base + i) & 3) !== 0; i++) if (FIELD_CONTENT_BYTE[bytes[i]!] !== 1) return i;
    let w = (base + i) >>> 2;
    const wordsEnd = (base + end) >>> 2;
    for (; w < wordsEnd; w++) {
      const x = words[w]!;
      const y = x ^ 0x7f7f7f7f;
      // High bit of a byte set in the result: that byte may be < 0x20 (first term) or 0x7F (second term).
      // Bytes >= 0x80 (obs-text) never set it, because `~x` clears their high bit.
      if ((((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) break;
    }
    i = (w << 2) - base;
  }
  for (; i < end; i++) if (FIELD_CONTENT_BYTE[bytes[i]!] !== 1) return i;
  return -1;
}
