/**
 * `field-line = field-name ":" OWS field-value OWS` (RFC 9112 §5).
 *
 * @module
 */
import { COLON, FIELD_CONTENT, TCHAR, WHITESPACE } from './char-classes.js';
import { findInvalidFieldContentByte } from './field-content-scan.js';
import { Latin1Window } from './latin1.js';
import { ProtocolError, invalidByte } from './protocol-error.js';

// Module-local aliases: V8 optimizes loads of a module's own constants better than loads of imported bindings,
// and these run once per byte of every header section.
const FIELD_CONTENT_BYTE = FIELD_CONTENT;
const TOKEN_BYTE = TCHAR;
const OWS_BYTE = WHITESPACE;

/**
 * Parses the field line in `bytes[start, end)` (CRLF excluded) and appends its name and value to `into`.
 *
 * - The name is a non-empty token (RFC 9110 §5.1); whitespace between it and the colon is rejected, as
 *   RFC 9112 §5.1 requires of a server ("MUST respond with a 400").
 * - Leading and trailing OWS around the value are not part of it (RFC 9112 §5.1).
 * - The value holds only field-content bytes: visible characters, obs-text, SP and HTAB (RFC 9110 §5.5). CR, LF
 *   and NUL are rejected rather than replaced, the first of the two choices §5.5 gives.
 * - A line starting with SP or HTAB is not a field line: the caller handles obs-fold (RFC 9112 §5.2).
 *
 * @param into - a flat `[name, value, …]` list, as in {@link Fields.raw}
 * @returns null on success, or the error with its offset as an index into `bytes`
 */
export function parseFieldLine(
  bytes: Uint8Array, start: number, end: number, into: string[], window: Latin1Window = new Latin1Window(),
): ProtocolError | null {
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
  into.push(window.slice(bytes, start, nameEnd), window.slice(bytes, valueStart, valueEnd));
  return null;
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
