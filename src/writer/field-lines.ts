/**
 * Field lines as writers take them and put them on the wire (RFC 9112 §5): `name: value CRLF`, one per field,
 * in the caller's order, for header and trailer sections alike.
 *
 * @module
 */
import type { Buffer } from 'node:buffer';
import { Fields } from '../wire/fields.js';
import { assertFieldName, assertFieldValue, InvalidMessageError } from './field-validation.js';
import { writeLatin1 } from './latin1-write.js';

/**
 * A header or trailer section to write: a {@link Fields} (as a parser produces it, so a received message can be
 * written back) or `[name, value]` pairs. Repeated names stay separate field lines, in order.
 */
export type FieldsInput = Fields | readonly (readonly [name: string, value: string])[];

/** Field lines checked and flattened as `[name0, value0, name1, value1, …]`, with their size on the wire. */
export interface CheckedFieldLines {
  /** The names and values, alternating. */
  readonly raw: readonly string[];
  /** The bytes the lines take: for each one, name, `: `, value and CRLF. */
  readonly byteLength: number;
}

const NO_FIELDS: CheckedFieldLines = Object.freeze({ raw: Object.freeze([]), byteLength: 0 });

/**
 * Checks every field line (names are tokens, values are field-content without surrounding whitespace; RFC 9110
 * §5.1, §5.5) and measures them, so a writer can allocate the whole message once.
 *
 * @param fields - the section, or `undefined` for none
 * @param section - `field` for a header section, `trailer field` for a trailer section; names the element in errors
 * @throws InvalidMessageError for the first line that cannot be sent
 */
export function checkFieldLines(fields: FieldsInput | undefined, section: 'field' | 'trailer field'): CheckedFieldLines {
  if (fields === undefined) return NO_FIELDS;
  let raw: readonly string[];
  if (fields instanceof Fields) {
    raw = fields.raw;
    if (raw.length % 2 !== 0) {
      throw new InvalidMessageError(`${section} name`, 'a Fields object with an odd number of entries', 'RFC 9110 §5');
    }
  } else if (Array.isArray(fields)) {
    const flat: string[] = [];
    for (const pair of fields as readonly unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new InvalidMessageError(`${section} line`, 'expected a [name, value] pair', 'RFC 9110 §5');
      }
      flat.push(pair[0] as string, pair[1] as string);
    }
    raw = flat;
  } else {
    throw new InvalidMessageError(`${section} section`, 'expected Fields or an array of [name, value] pairs', 'RFC 9110 §5');
  }
  let byteLength = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    assertFieldName(name, `${section} name`);
    assertFieldValue(value, name, `${section} value`);
    // RFC 9112 §5: field-name ":" OWS field-value OWS, ended by CRLF; we write one SP as the OWS.
    byteLength += name.length + value.length + 4;
  }
  return { raw, byteLength };
}

/**
 * Writes checked field lines as `name: value CRLF` each, starting at `offset`. Names and values are ASCII after
 * {@link checkFieldLines}, so each code unit is one byte.
 *
 * @param target - a buffer with {@link CheckedFieldLines.byteLength} bytes free from `offset`
 * @returns the offset after the last line
 */
export function writeFieldLines(target: Buffer, offset: number, lines: CheckedFieldLines): number {
  const raw = lines.raw;
  let at = offset;
  for (let i = 0; i < raw.length; i += 2) {
    at = writeLatin1(target, at, raw[i]!);
    target[at++] = 0x3a; // ':'
    target[at++] = 0x20; // SP
    at = writeLatin1(target, at, raw[i + 1]!);
    target[at++] = 0x0d;
    target[at++] = 0x0a;
  }
  return at;
}
