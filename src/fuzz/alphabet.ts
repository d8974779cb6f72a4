/**
 * The characters the fuzzer's generators draw from, each set read out of the parser's own tables in
 * `src/wire/char-classes.ts` rather than spelled out again: a generator and a parser that shared only a reading
 * of the ABNF could drift apart, one list at a time; a generator built on the parser's tables cannot. Where a set
 * is narrower than a table (a DNS-style host label, the ASCII part of `qdtext`), it is a filter over the table's
 * members, never a list of its own.
 *
 * Every set is a frozen array of one-character latin1 strings (one byte per code unit), in byte order, ready for
 * `Random.pick` and `Random.string`.
 *
 * @module
 */
import {
  ALPHA, DIGIT, FIELD_CONTENT, FIELD_VCHAR, HEX_VALUE, NOT_HEX, OBS_TEXT, QDTEXT, REG_NAME_CHAR, SCHEME_CHAR,
  SUB_DELIMS, TARGET_CHAR, TCHAR, UNRESERVED, VCHAR, WHITESPACE,
} from '../wire/char-classes.js';

/**
 * The bytes `0..255` for which `member(byte)` holds, as one-character latin1 strings in byte order. This is how
 * every set below is made from a table of `char-classes.ts`.
 */
export function charsWhere(member: (byte: number) => boolean): readonly string[] {
  const out: string[] = [];
  for (let b = 0; b < 256; b++) if (member(b)) out.push(String.fromCharCode(b));
  return Object.freeze(out);
}

/** The members of a 256-entry class table (1 = member), as one-character latin1 strings in byte order. */
export function charsOf(table: Uint8Array): readonly string[] {
  return charsWhere((b) => table[b] === 1);
}

/** `ALPHA` (RFC 5234 §B.1): the 52 letters. */
export const ALPHAS: readonly string[] = charsOf(ALPHA);

/** `DIGIT` (RFC 5234 §B.1): `0`–`9`. */
export const DIGITS: readonly string[] = charsOf(DIGIT);

/**
 * `HEXDIG` in either case (RFC 5234 §B.1; RFC 9112 §7.1 reads chunk sizes case-insensitively): the 22 bytes
 * `HEX_VALUE` gives a value to.
 */
export const HEXDIGS: readonly string[] = charsWhere((b) => HEX_VALUE[b] !== NOT_HEX);

/** `tchar` (RFC 9110 §5.6.2): the 77 bytes of a token — methods, field names, chunk-extension names. */
export const TCHARS: readonly string[] = charsOf(TCHAR);

/** `VCHAR` (RFC 5234 §B.1): the 94 visible US-ASCII bytes, 0x21–0x7E. */
export const VCHARS: readonly string[] = charsOf(VCHAR);

/** `obs-text` (RFC 9110 §5.5): 0x80–0xFF, valid in field values for historic reasons. */
export const OBS_TEXT_CHARS: readonly string[] = charsOf(OBS_TEXT);

/** `field-vchar` (RFC 9110 §5.5): `VCHAR / obs-text`, what a non-empty field value begins and ends with. */
export const FIELD_VCHARS: readonly string[] = charsOf(FIELD_VCHAR);

/** What may stand inside a field value (RFC 9110 §5.5 `field-content`): `field-vchar`, SP and HTAB. */
export const FIELD_CONTENT_CHARS: readonly string[] = charsOf(FIELD_CONTENT);

/** SP and HTAB (RFC 9110 §5.6.3 `OWS`): the whitespace a field value may hold between visible bytes. */
export const WHITESPACE_CHARS: readonly string[] = charsOf(WHITESPACE);

/** `unreserved` (RFC 3986 §2.3): `ALPHA / DIGIT / "-" / "." / "_" / "~"`. */
export const UNRESERVED_CHARS: readonly string[] = charsOf(UNRESERVED);

/** `sub-delims` (RFC 3986 §2.2). */
export const SUB_DELIM_CHARS: readonly string[] = charsOf(SUB_DELIMS);

/**
 * `pchar` other than `pct-encoded` (RFC 3986 §3.3): `unreserved / sub-delims / ":" / "@"`. The parser's
 * `TARGET_CHAR` table adds `/` and `?`, which separate segments and start the query; they are taken out
 * here so that a generator places them itself.
 */
export const PCHARS: readonly string[] = charsWhere((b) => TARGET_CHAR[b] === 1 && b !== 0x2f && b !== 0x3f);

/** `reg-name` bytes other than `%` (RFC 3986 §3.2.2): `unreserved / sub-delims`. */
export const REG_NAME_CHARS: readonly string[] = charsOf(REG_NAME_CHAR);

/**
 * The bytes of a DNS-style host label, a subset of `reg-name` (RFC 3986 §3.2.2 defers to DNS for names that are
 * looked up): lower-case letters, digits and `-`. Generated hosts mostly use these, so that every peer of a
 * differential run resolves the same plain name; the wider {@link REG_NAME_CHARS} are drawn now and then.
 */
export const HOST_LABEL_CHARS: readonly string[] = charsWhere(
  (b) => REG_NAME_CHAR[b] === 1 && ((ALPHA[b] === 1 && b >= 0x61) || DIGIT[b] === 1 || b === 0x2d),
);

/** Characters of a URI scheme after its first letter (RFC 3986 §3.1): `ALPHA / DIGIT / "+" / "-" / "."`. */
export const SCHEME_CHARS: readonly string[] = charsOf(SCHEME_CHAR);

/**
 * `qdtext` without `obs-text` (RFC 9110 §5.6.4): what a sender puts unescaped inside a quoted-string, such as a
 * chunk-extension value. obs-text is left out because a sender has no reason to generate it.
 */
export const QDTEXT_ASCII_CHARS: readonly string[] = charsWhere((b) => QDTEXT[b] === 1 && b < 0x80);
