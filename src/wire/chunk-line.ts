/**
 * The line that opens each chunk of the chunked transfer coding (RFC 9112 §7.1, §7.1.1):
 *
 * ```
 * chunk-size [ chunk-ext ] CRLF
 * chunk-size = 1*HEXDIG
 * chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 * chunk-ext-name = token
 * chunk-ext-val = token / quoted-string
 * ```
 *
 * @module
 */
import {
  BACKSLASH, DQUOTE, EQUALS, HEX_VALUE, NOT_HEX, QDTEXT, QUOTED_PAIR_CHAR, SEMICOLON, TCHAR, WHITESPACE,
} from './char-classes.js';
import { latin1 } from './latin1.js';
import { ProtocolError, invalidByte } from './protocol-error.js';

/** A chunk extension: its name and its value, unquoted (`undefined` when the name has no `=`). */
export interface ChunkExtensionEntry {
  /** The extension name, as received. */
  readonly name: string;
  /** The value with quoted-string escapes removed, or `undefined`. */
  readonly value: string | undefined;
}

/** A parsed chunk-size line. */
export interface ChunkLine {
  /** The chunk size in bytes; 0 marks the last chunk. */
  readonly size: number;
  /** The extensions in order; usually none. */
  readonly extensions: readonly ChunkExtensionEntry[];
  /** How many bytes the extensions took on the line, for the per-message limit. */
  readonly extensionBytes: number;
}

const NO_EXTENSIONS: readonly ChunkExtensionEntry[] = Object.freeze([]);

// The largest size whose next hex digit cannot overflow a safe integer.
const MAX_BEFORE_DIGIT = Math.floor((Number.MAX_SAFE_INTEGER - 15) / 16);

const ZERO = 0x30;

/**
 * Parses the chunk-size line in `bytes[start, end)` (CRLF excluded).
 *
 * @param maxDigits - the most significant hex digits accepted; leading zeros do not count (more →
 *   `INVALID_CHUNK_SIZE`). The line's length limit, not this one, bounds how many zeros may come.
 * @returns the line, or the error with its offset as an index into `bytes`. A size beyond 2^53 − 1 is
 *   `CHUNK_SIZE_TOO_LARGE` (413), since no body limit could allow it.
 */
export function parseChunkLine(bytes: Uint8Array, start: number, end: number, maxDigits: number): ChunkLine | ProtocolError {
  let i = start;
  // RFC 9112 §7.1: chunk-size = 1*HEXDIG allows any number of leading zeros; they add nothing to the value,
  // so the digit limit counts from the first non-zero digit.
  while (i < end && bytes[i] === ZERO) i++;
  const significant = i;
  let size = 0;
  for (; i < end; i++) {
    const digit = HEX_VALUE[bytes[i]!]!;
    if (digit === NOT_HEX) break;
    if (i - significant === maxDigits) return new ProtocolError('INVALID_CHUNK_SIZE', `a chunk size of more than ${maxDigits} significant hex digits`, i);
    if (size > MAX_BEFORE_DIGIT) return new ProtocolError('CHUNK_SIZE_TOO_LARGE', 'a chunk size beyond 2^53 - 1', start);
    size = size * 16 + digit;
  }
  if (i === start) {
    return i === end
      ? new ProtocolError('INVALID_CHUNK_SIZE', 'an empty chunk-size line', i)
      : invalidByte(bytes[i]!, i, 'INVALID_CHUNK_SIZE', 'the chunk size');
  }
  if (i === end) return { size, extensions: NO_EXTENSIONS, extensionBytes: 0 };
  const extensions = parseChunkExtensions(bytes, i, end);
  if (extensions instanceof ProtocolError) return extensions;
  return { size, extensions, extensionBytes: end - i };
}

/**
 * Parses `chunk-ext` in `bytes[start, end)`: every extension must be `;name` or `;name=value`, with optional
 * whitespace (BWS) around `;` and `=`, the name a token and the value a token or a quoted-string.
 */
export function parseChunkExtensions(bytes: Uint8Array, start: number, end: number): ChunkExtensionEntry[] | ProtocolError {
  const entries: ChunkExtensionEntry[] = [];
  let i = start;
  while (i < end) {
    while (i < end && WHITESPACE[bytes[i]!] === 1) i++;
    if (i === end || bytes[i] !== SEMICOLON) {
      // BWS is only allowed before a ";" (RFC 9112 §7.1.1): trailing whitespace is not a chunk-ext.
      return i === end
        ? new ProtocolError('INVALID_CHUNK_EXTENSION', 'whitespace in a chunk-size line that is not followed by ";"', i)
        : invalidByte(bytes[i]!, i, 'INVALID_CHUNK_EXTENSION', 'a chunk extension');
    }
    i++;
    while (i < end && WHITESPACE[bytes[i]!] === 1) i++;
    const nameStart = i;
    while (i < end && TCHAR[bytes[i]!] === 1) i++;
    if (i === nameStart) {
      return i === end
        ? new ProtocolError('INVALID_CHUNK_EXTENSION', 'a chunk extension without a name', i)
        : invalidByte(bytes[i]!, i, 'INVALID_CHUNK_EXTENSION', 'a chunk extension name');
    }
    const name = latin1(bytes, nameStart, i);
    let j = i;
    while (j < end && WHITESPACE[bytes[j]!] === 1) j++;
    if (j === end || bytes[j] !== EQUALS) {
      entries.push({ name, value: undefined });
      continue;
    }
    j++;
    while (j < end && WHITESPACE[bytes[j]!] === 1) j++;
    if (j < end && bytes[j] === DQUOTE) {
      const quoted = parseQuotedString(bytes, j, end);
      if (quoted instanceof ProtocolError) return quoted;
      entries.push({ name, value: quoted.value });
      i = quoted.end;
    } else {
      const valueStart = j;
      while (j < end && TCHAR[bytes[j]!] === 1) j++;
      if (j === valueStart) {
        return j === end
          ? new ProtocolError('INVALID_CHUNK_EXTENSION', `chunk extension "${name}" has "=" but no value`, j)
          : invalidByte(bytes[j]!, j, 'INVALID_CHUNK_EXTENSION', 'a chunk extension value');
      }
      entries.push({ name, value: latin1(bytes, valueStart, j) });
      i = j;
    }
  }
  return entries;
}

/** A parsed quoted-string. */
export interface QuotedString {
  /** The value, without the quotes and with backslash escapes removed. */
  readonly value: string;
  /** The index after the closing quote. */
  readonly end: number;
}

/**
 * Parses the quoted-string (RFC 9110 §5.6.4) that starts with the DQUOTE at `bytes[start]`, stopping before `end`.
 *
 * @returns its value with the quotes and backslash escapes removed, and the index after the closing quote
 */
export function parseQuotedString(bytes: Uint8Array, start: number, end: number): QuotedString | ProtocolError {
  let value = '';
  let runStart = start + 1;
  for (let i = start + 1; i < end; i++) {
    const b = bytes[i]!;
    if (b === DQUOTE) return { value: value + latin1(bytes, runStart, i), end: i + 1 };
    if (b === BACKSLASH) {
      if (i + 1 === end || QUOTED_PAIR_CHAR[bytes[i + 1]!] !== 1) {
        return new ProtocolError('INVALID_CHUNK_EXTENSION', 'a backslash in a quoted-string must escape a visible character, SP or HTAB', i);
      }
      value += latin1(bytes, runStart, i);
      runStart = i + 1;
      i++;
    } else if (QDTEXT[b] !== 1) {
      return invalidByte(b, i, 'INVALID_CHUNK_EXTENSION', 'a quoted-string');
    }
  }
  return new ProtocolError('INVALID_CHUNK_EXTENSION', 'a quoted-string without its closing quote', start);
}
