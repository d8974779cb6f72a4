/**
 * What the line readers return when they do not return a position: the {@link LineReader}, and the head reader's
 * fast field-line scans. Positions are never negative, so every outcome here is a distinct negative number, and
 * a caller may test `next >= 0` for "a line was read" before telling the others apart.
 *
 * @module
 */
import type { LineReader } from './line-reader.js';

/** {@link LineReader.read} found no line end yet: every byte given was taken into the partial line. */
export const NEED_MORE = -1;
/** {@link LineReader.read} found a violation of the line structure (RFC 9112 §2.2); it is in {@link LineReader.error}. */
export const LINE_ERROR = -2;
/**
 * {@link LineReader.read} saw a line longer than the limit; the caller names the error (414, 431, 413…). The
 * reader then exposes the line's first `maxLength + 1` bytes as `lineBytes[lineStart, lineEnd)`, however the line
 * was cut, for a caller whose error depends on what the line begins with (a method longer than the whole limit,
 * RFC 9112 §3).
 */
export const LINE_TOO_LONG = -3;
/** A fast scan: the field line runs past the end of the bytes, and every byte of it so far is valid. */
export const FIELD_LINE_CUT = -4;
/** A fast scan: not a line it takes (malformed, or unusual); the caller reads it the general way. */
export const GENERAL_WAY = -5;
