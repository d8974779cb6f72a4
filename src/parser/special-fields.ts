/**
 * The header fields the parser itself interprets — Host, Content-Length, Transfer-Encoding, Connection, Expect
 * and Upgrade — recognised as field lines arrive, so that finishing a head never needs to scan or lower-case
 * every field name.
 *
 * @module
 */

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

/** How many numbers describe one interpreted field in the list {@link SpecialFields.collect} reads: kind, field index, line offset. */
export const SPECIAL_STRIDE = 3;

// The interpreted names in lower case, by kind.
const NAMES: readonly (readonly number[])[] = ['', 'host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade']
  .map((name) => Array.from(name, (c) => c.charCodeAt(0)));

/**
 * Bit `n` is set when an interpreted name is `n` bytes long (all are under 32): `(SPECIAL_NAME_LENGTHS >>> n) & 1`
 * rules out most names before a call to {@link specialFieldKind} (lengths of 32 and more shift by `n % 32`, which
 * only lets a few more names through to the full check).
 */
export const SPECIAL_NAME_LENGTHS: number = NAMES.reduce((mask, name) => mask | (name.length === 0 ? 0 : 1 << name.length), 0);

/**
 * Which interpreted field the field name `bytes[start, end)` (a token, in any case) is, or 0. Decided by length
 * and first letter first, where most names fail; then compared byte by byte with ASCII letters folded. Folding
 * with `| 0x20` is exact here: the names hold only letters and `-`, and no other token byte folds onto those.
 */
export function specialFieldKind(bytes: Uint8Array, start: number, end: number): number {
  const first = bytes[start]! | 0x20;
  let kind: number;
  switch (end - start) {
    case 4: kind = first === 0x68 ? HOST : 0; break;
    case 6: kind = first === 0x65 ? EXPECT : 0; break;
    case 7: kind = first === 0x75 ? UPGRADE : 0; break;
    case 10: kind = first === 0x63 ? CONNECTION : 0; break;
    case 14: kind = first === 0x63 ? CONTENT_LENGTH : 0; break;
    case 17: kind = first === 0x74 ? TRANSFER_ENCODING : 0; break;
    default: return 0;
  }
  if (kind === 0) return 0;
  const name = NAMES[kind]!;
  for (let k = 1; k < name.length; k++) if ((bytes[start + k]! | 0x20) !== name[k]) return 0;
  return kind;
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
   * Gathers the values from a flat `[name, value, …]` list, given the first `count` interpreted fields as
   * {@link SPECIAL_STRIDE} numbers each in `special`: kind, field index, line offset.
   */
  static collect(raw: readonly string[], special: readonly number[], count: number): SpecialFields {
    const found = new SpecialFields();
    for (let k = 0; k < count * SPECIAL_STRIDE; k += SPECIAL_STRIDE) {
      const value = raw[special[k + 1]! * 2 + 1]!;
      switch (special[k]) {
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
