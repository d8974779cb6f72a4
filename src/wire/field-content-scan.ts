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
import { FIELD_CONTENT, HTAB } from './char-classes.js';

const DEL = 0x7f;
// A module-local alias of the table (see field-line.ts).
const CONTENT_BYTE = FIELD_CONTENT;

// Word scanning pays off only past a few words.
const MIN_WORD_SCAN = 32;
// Finding the ArrayBuffer under an array not scanned before costs as much as scanning a few dozen bytes one by
// one: a short piece of input (a small socket read) is scanned bytewise.
const MIN_VIEWED_LENGTH = 256;

// The 32-bit view and byte offset of the two arrays scanned most recently — typically the input piece and the
// buffer where lines split across pieces are spliced. Reading a Buffer's `buffer` and `byteOffset` costs more
// than scanning a short value (and making a view more still), so they are looked up once per array.
let scanned: Uint8Array | null = null;
let wordBuffer: ArrayBufferLike | null = null;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);
let base = 0;
let otherScanned: Uint8Array | null = null;
let otherWordBuffer: ArrayBufferLike | null = null;
let otherWords: Int32Array<ArrayBufferLike> = new Int32Array(0);
let otherBase = 0;

// Makes `bytes` the array whose view and offset are at hand; true, for use in a condition.
function select(bytes: Uint8Array): true {
  const previous = scanned;
  const previousBuffer = wordBuffer;
  const previousWords = words;
  const previousBase = base;
  if (bytes === otherScanned) {
    wordBuffer = otherWordBuffer;
    words = otherWords;
    base = otherBase;
  } else {
    const buffer = bytes.buffer;
    // Pieces cut from one pooled ArrayBuffer share its view.
    if (buffer !== previousBuffer) {
      wordBuffer = buffer;
      words = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
    }
    base = bytes.byteOffset;
  }
  scanned = bytes;
  otherScanned = previous;
  otherWordBuffer = previousBuffer;
  otherWords = previousWords;
  otherBase = previousBase;
  return true;
}

// Skips the field-content bytes from `i`, four per turn through the table (one test for the four lookups), which
// halves the loop's own cost per byte on the short runs of small pieces; stops at the four that hold the first
// byte that is not field-content, for the exact loop to find. Its own function so that the scan stays small
// enough for V8 to inline into the field-line readers.
function skipFourAtATime(bytes: Uint8Array, i: number, end: number): number {
  for (; i + 4 <= end; i += 4) {
    if ((CONTENT_BYTE[bytes[i]!]! & CONTENT_BYTE[bytes[i + 1]!]! & CONTENT_BYTE[bytes[i + 2]!]! & CONTENT_BYTE[bytes[i + 3]!]!) === 0) break;
  }
  return i;
}

/**
 * The index of the first byte of `bytes[start, end)` that is not field-content (VCHAR, obs-text, SP, HTAB), or
 * -1 when there is none.
 */
export function findInvalidFieldContentByte(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (end - start >= MIN_WORD_SCAN && (bytes === scanned || (bytes.length >= MIN_VIEWED_LENGTH && select(bytes)))) {
    // From the aligned word that holds `start`: bytes before it in that word are only ever read, never reported,
    // because the exact loop below starts at `start` at the earliest. Locals, not the module's variables, so that
    // the loop does not reload the view on every word.
    const view = words;
    const offset = base;
    let w = (offset + i) >>> 2;
    const wordsEnd = (offset + end) >>> 2;
    for (; w < wordsEnd; w++) {
      const x = view[w]!;
      const y = x ^ 0x7f7f7f7f;
      // High bit of a byte set in the result: that byte may be < 0x20 (first term) or 0x7F (second term).
      // Bytes >= 0x80 (obs-text) never set it, because `~x` clears their high bit.
      if ((((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) break;
    }
    const found = (w << 2) - offset;
    if (found > i) i = found;
  } else {
    i = skipFourAtATime(bytes, i, end);
  }
  // Byte by byte: field-content is HTAB, SP to `~` and obs-text, so a byte is out when it is a control other than
  // HTAB or DEL. Two comparisons cost less than a second typed-array load per byte (the table's).
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 ? b !== HTAB : b === DEL) return i;
  }
  return -1;
}
