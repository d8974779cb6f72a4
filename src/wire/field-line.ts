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
 * Where the value in `bytes[valueStart, end)` ends once the OWS after it is removed (RFC 9112 §5.1: OWS around a
 * field value is not part of it).
 */
export function valueEndWithoutOws(bytes: Uint8Array, valueStart: number, end: number): number {
  while (end > valueStart && OWS_BYTE[bytes[end - 1]!] === 1) end--;
  return end;
}

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
 * Checks the field line in `bytes[start, end)` (CRLF excluded) and finds its name and value. This is the rule;
 * the head reader's fast scans (`parser/fast-field-line.ts`) are held to it by a property test.
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
  const valueEnd = valueEndWithoutOws(bytes, valueStart, end);
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

/**
 * Validates the continuation of an obs-fold line `bytes[start, end)` (it begins with SP or HTAB) and returns its
 * content without surrounding whitespace, for a parser that replaces the fold by SP (RFC 9112 §5.2, a leniency).
 */
export function parseObsFoldContinuation(
  bytes: Uint8Array, start: number, end: number, window: Latin1Window = new Latin1Window(),
): string | ProtocolError {
  let s = start;
  while (s < end && OWS_BYTE[bytes[s]!] === 1) s++;
  const e = valueEndWithoutOws(bytes, s, end);
  for (let k = s; k < e; k++) {
    if (FIELD_CONTENT_BYTE[bytes[k]!] !== 1) return invalidByte(bytes[k]!, k, 'INVALID_FIELD_VALUE', 'a field value');
  }
  return window.slice(bytes, s, e);
}
