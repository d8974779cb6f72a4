/**
 * `field-line = field-name ":" OWS field-value OWS` (RFC 9112 §5).
 *
 * @module
 */
import { COLON, CR, FIELD_CONTENT, LF, TCHAR, WHITESPACE } from './char-classes.js';
import { findInvalidFieldContentByte } from './field-content-scan.js';
import { Latin1Window } from './latin1.js';
import { ProtocolError, invalidByte } from './protocol-error.js';

// Module-local aliases: V8 optimizes loads of a module's own constants better than loads of imported bindings,
// and these run once per byte of every header section.
const FIELD_CONTENT_BYTE = FIELD_CONTENT;
const TOKEN_BYTE = TCHAR;
const OWS_BYTE = WHITESPACE;

/** Where the parts of a field line lie, as found by {@link scanFieldLine}; the name starts where the line does. */
export interface FieldLineSpans {
  /** Where the name ends (the index of the colon). */
  nameEnd: number;
  /** Where the value starts, after any leading OWS. */
  valueStart: number;
  /** Where the value ends, before any trailing OWS. */
  valueEnd: number;
}

/**
 * Checks the field line in `bytes[start, end)` (CRLF excluded) and finds its name and value.
 *
 * - The name is a non-empty token (RFC 9110 §5.1); whitespace between it and the colon is rejected, as
 *   RFC 9112 §5.1 requires of a server ("MUST respond with a 400").
 * - Leading and trailing OWS around the value are not part of it (RFC 9112 §5.1).
 * - The value holds only field-content bytes: visible characters, obs-text, SP and HTAB (RFC 9110 §5.5). CR, LF
 *   and NUL are rejected rather than replaced, the first of the two choices §5.5 gives.
 * - A line starting with SP or HTAB is not a field line: the caller handles obs-fold (RFC 9112 §5.2).
 *
 * @param spans - filled in when the line is valid
 * @returns null on success, or the error with its offset as an index into `bytes`
 */
export function scanFieldLine(bytes: Uint8Array, start: number, end: number, spans: FieldLineSpans): ProtocolError | null {
  let i = start;
  while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
  const nameEnd = i;
  if (i === end) {
    return nameEnd === start
      ? new ProtocolError('INVALID_FIELD_NAME', 'empty field line', start)
      : new ProtocolError('INVALID_FIELD_NAME', 'a field line without a colon', end);
  }
  const b = bytes[i]!;
  if (b !== COLON) {
    if (OWS_BYTE[b] === 1 && nameEnd !== start) {
      return new ProtocolError('WHITESPACE_BEFORE_COLON', 'whitespace between a field name and its colon', i);
    }
    return invalidByte(b, i, 'INVALID_FIELD_NAME', 'a field name');
  }
  if (nameEnd === start) return new ProtocolError('INVALID_FIELD_NAME', 'a field line with an empty name', start);

  let valueStart = nameEnd + 1;
  while (valueStart < end && OWS_BYTE[bytes[valueStart]!] === 1) valueStart++;
  let valueEnd = end;
  while (valueEnd > valueStart && OWS_BYTE[bytes[valueEnd - 1]!] === 1) valueEnd--;
  const bad = findInvalidFieldContentByte(bytes, valueStart, valueEnd);
  if (bad !== -1) return invalidByte(bytes[bad]!, bad, 'INVALID_FIELD_VALUE', 'a field value');
  spans.nameEnd = nameEnd;
  spans.valueStart = valueStart;
  spans.valueEnd = valueEnd;
  return null;
}

const SCRATCH: FieldLineSpans = { nameEnd: 0, valueStart: 0, valueEnd: 0 };

/**
 * Parses the field line in `bytes[start, end)` (CRLF excluded) with the rules of {@link scanFieldLine} and
 * appends its name and value to `into`.
 *
 * @param into - a flat `[name, value, …]` list, as in {@link Fields.raw}
 * @returns null on success, or the error with its offset as an index into `bytes`
 */
export function parseFieldLine(
  bytes: Uint8Array, start: number, end: number, into: string[], window: Latin1Window = new Latin1Window(),
): ProtocolError | null {
  const error = scanFieldLine(bytes, start, end, SCRATCH);
  if (error !== null) return error;
  into.push(window.slice(bytes, start, SCRATCH.nameEnd), window.slice(bytes, SCRATCH.valueStart, SCRATCH.valueEnd));
  return null;
}

/** {@link readWholeFieldLine}: the line runs past the end of the bytes, and every byte of it so far is valid. */
export const FIELD_LINE_CUT = -2;

/**
 * The fast path for a well-formed field line that lies whole in `bytes` from `start`: finds the line's end while
 * checking its value, so the line is read in one pass instead of a search for its LF followed by a parse.
 *
 * It accepts exactly the lines {@link parseFieldLine} accepts, ended by CRLF, no longer than `maxLength`. A line
 * whose bytes are all valid up to the end of `bytes` is {@link FIELD_LINE_CUT}. For anything else — a bare CR or
 * LF, any invalid byte, a line over the limit — it returns -1 and appends nothing, and the caller reads the line
 * the general way, which then reports the error exactly as it would have.
 *
 * @param into - a flat `[name, value, …]` list, as in {@link Fields.raw}
 * @returns the index after the line's CRLF; {@link FIELD_LINE_CUT} when every byte up to the end of `bytes` can
 *   begin a field line (so the line ends in a later piece, and `bytes` holds no LF after `start`); or -1
 */
export function readWholeFieldLine(
  bytes: Uint8Array, start: number, maxLength: number, into: string[], window: Latin1Window,
): number {
  const end = bytes.length;
  let i = start;
  while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
  if (i === end) return i === start ? -1 : FIELD_LINE_CUT;
  if (i === start || bytes[i] !== COLON) return -1;
  const nameEnd = i;
  let valueStart = nameEnd + 1;
  while (valueStart < end && OWS_BYTE[bytes[valueStart]!] === 1) valueStart++;
  // The first byte that is not field-content ends the value: on a well-formed line it is the CR of its CRLF.
  const cr = findInvalidFieldContentByte(bytes, valueStart, end);
  if (cr === -1) return FIELD_LINE_CUT;
  if (cr + 1 === end || bytes[cr] !== CR || bytes[cr + 1] !== LF || cr - start > maxLength) return -1;
  let valueEnd = cr;
  while (valueEnd > valueStart && OWS_BYTE[bytes[valueEnd - 1]!] === 1) valueEnd--;
  into.push(window.slice(bytes, start, nameEnd), window.slice(bytes, valueStart, valueEnd));
  return cr + 2;
}

/**
 * Validates the continuation of an obs-fold line `bytes[start, end)` (it begins with SP or HTAB) and returns its
 * content without surrounding whitespace, for a parser that replaces the fold by SP (RFC 9112 §5.2, a leniency).
 */
export function parseObsFoldContinuation(
  bytes: Uint8Array, start: number, end: number, window: Latin1Window = new Latin1Window(),
): string | ProtocolError {
  let s = start;
  while (s < end && OWS_BYTE[bytes[s]!] === 1) s++;
  let e = end;
  while (e > s && OWS_BYTE[bytes[e - 1]!] === 1) e--;
  for (let k = s; k < e; k++) {
    if (FIELD_CONTENT_BYTE[bytes[k]!] !== 1) return invalidByte(bytes[k]!, k, 'INVALID_FIELD_VALUE', 'a field value');
  }
  return window.slice(bytes, s, e);
}
