/**
 * The header fields the parser itself interprets — Host, Content-Length, Transfer-Encoding, Connection, Expect
 * and Upgrade — recognised as field lines arrive, so that finishing a head never needs to scan or lower-case
 * every field name.
 *
 * @module
 */
import { equalsIgnoringAsciiCase } from '../wire/ascii-case.js';


/** Host (RFC 9112 §3.2). */
export const HOST = 1;
/** Content-Length (RFC 9110 §8.6). */
export const CONTENT_LENGTH = 2;
/** Transfer-Encoding (RFC 9112 §6.1). */
export const TRANSFER_ENCODING = 3;
/** Connection (RFC 9110 §7.6.1). */
export const CONNECTION = 4;
/** Expect (RFC 9110 §10.1.1). */
export const EXPECT = 5;
/** Upgrade (RFC 9110 §7.8). */
export const UPGRADE = 6;

/** Which interpreted field `name` (a token, in any case) is, or 0. Decided by length first: most names fail there. */
export function specialFieldKind(name: string): number {
  // Then by the first letter, folded to lower case (`Accept` and `Cookie` have the length of `Expect`).
  const first = name.charCodeAt(0) | 0x20;
  switch (name.length) {
    case 4: return first === 0x68 && equalsIgnoringAsciiCase(name, 'host') ? HOST : 0;
    case 6: return first === 0x65 && equalsIgnoringAsciiCase(name, 'expect') ? EXPECT : 0;
    case 7: return first === 0x75 && equalsIgnoringAsciiCase(name, 'upgrade') ? UPGRADE : 0;
    case 10: return first === 0x63 && equalsIgnoringAsciiCase(name, 'connection') ? CONNECTION : 0;
    case 14: return first === 0x63 && equalsIgnoringAsciiCase(name, 'content-length') ? CONTENT_LENGTH : 0;
    case 17: return first === 0x74 && equalsIgnoringAsciiCase(name, 'transfer-encoding') ? TRANSFER_ENCODING : 0;
    default: return 0;
  }
}

const NONE: readonly string[] = Object.freeze([]);

/** The values of the interpreted fields of one head, each in the order received; absent fields are empty. */
export class SpecialFields {
  /** Host values. */
  host: readonly string[] = NONE;
  /** Content-Length values. */
  contentLength: readonly string[] = NONE;
  /** Transfer-Encoding values. */
  transferEncoding: readonly string[] = NONE;
  /** Connection values. */
  connection: readonly string[] = NONE;
  /** Expect values. */
  expect: readonly string[] = NONE;
  /** Upgrade values. */
  upgrade: readonly string[] = NONE;

  /**
   * Gathers the values from a flat `[name, value, …]` list, given the kind and index of the first `count`
   * interpreted fields.
   */
  static collect(raw: readonly string[], kinds: readonly number[], indexes: readonly number[], count: number): SpecialFields {
    const found = new SpecialFields();
    for (let k = 0; k < count; k++) {
      const value = raw[indexes[k]! * 2 + 1]!;
      switch (kinds[k]) {
        case HOST: found.host = appended(found.host, value); break;
        case CONTENT_LENGTH: found.contentLength = appended(found.contentLength, value); break;
        case TRANSFER_ENCODING: found.transferEncoding = appended(found.transferEncoding, value); break;
        case CONNECTION: found.connection = appended(found.connection, value); break;
        case EXPECT: found.expect = appended(found.expect, value); break;
        case UPGRADE: found.upgrade = appended(found.upgrade, value); break;
      }
    }
    return found;
  }
}

// Most fields appear once: the shared empty list is replaced by a one-element list, which later grows in place.
function appended(list: readonly string[], value: string): readonly string[] {
  if (list === NONE) return [value];
  (list as string[]).push(value);
  return list;
}
