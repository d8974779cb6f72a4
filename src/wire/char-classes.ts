/**
 * Character classes of the HTTP grammar as 256-entry lookup tables.
 *
 * Every byte of every protocol element is checked against one of these tables: a table lookup is a single
 * indexed load, far cheaper than a regular expression or a chain of comparisons, and it makes the grammar
 * auditable — each table below is built from the ABNF rule it is named after.
 *
 * A table holds 1 for bytes in the class and 0 otherwise, except {@link HEX_VALUE}, which maps a byte to its
 * hexadecimal value.
 *
 * @module
 */

/** A 256-entry table indexed by byte value: 1 when the byte belongs to the class, 0 when it does not. */
export type ByteClass = Uint8Array;

function byteClass(build: (byte: number) => boolean): ByteClass {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) table[b] = build(b) ? 1 : 0;
  return table;
}

const isAlpha = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;
const has = (chars: string) => (b: number): boolean => chars.includes(String.fromCharCode(b));

/** `ALPHA` (RFC 5234 §B.1): A–Z and a–z. */
export const ALPHA: ByteClass = byteClass(isAlpha);

/** `DIGIT` (RFC 5234 §B.1): 0–9. */
export const DIGIT: ByteClass = byteClass(isDigit);

/** `VCHAR` (RFC 5234 §B.1): visible US-ASCII, 0x21–0x7E. */
export const VCHAR: ByteClass = byteClass((b) => b >= 0x21 && b <= 0x7e);

/** `obs-text` (RFC 9110 §5.5): 0x80–0xFF, kept for historic field values; never produced by h1ref's writers. */
export const OBS_TEXT: ByteClass = byteClass((b) => b >= 0x80);

/**
 * `tchar` (RFC 9110 §5.6.2): the characters of a `token`, which method names, field names, transfer-coding
 * names and chunk-extension names are made of.
 */
export const TCHAR: ByteClass = byteClass((b) => isAlpha(b) || isDigit(b) || has("!#$%&'*+-.^_`|~")(b));

/** `field-vchar` (RFC 9110 §5.5): `VCHAR / obs-text`, the bytes a field value may begin and end with. */
export const FIELD_VCHAR: ByteClass = byteClass((b) => VCHAR[b] === 1 || OBS_TEXT[b] === 1);

/**
 * The bytes allowed anywhere inside a field value (RFC 9110 §5.5 `field-content`): `field-vchar`, SP and HTAB.
 * CR, LF, NUL and every other control byte are excluded; §5.5 calls CR, LF and NUL "invalid and dangerous".
 */
export const FIELD_CONTENT: ByteClass = byteClass((b) => FIELD_VCHAR[b] === 1 || b === 0x20 || b === 0x09);

/** `OWS` / `BWS` / `RWS` characters (RFC 9110 §5.6.3): SP and HTAB. */
export const WHITESPACE: ByteClass = byteClass((b) => b === 0x20 || b === 0x09);

/** `unreserved` (RFC 3986 §2.3): `ALPHA / DIGIT / "-" / "." / "_" / "~"`. */
export const UNRESERVED: ByteClass = byteClass((b) => isAlpha(b) || isDigit(b) || has('-._~')(b));

/** `sub-delims` (RFC 3986 §2.2). */
export const SUB_DELIMS: ByteClass = byteClass(has("!$&'()*+,;="));

/**
 * The bytes of a request-target in origin-form or absolute-form, other than the `%` that starts a
 * `pct-encoded` triplet (RFC 9112 §3.2, RFC 3986 §3.3–3.4): `pchar`, `/` and `?`. A `#` is excluded because
 * a fragment is never sent in a request-target (RFC 9110 §7.1).
 */
export const TARGET_CHAR: ByteClass = byteClass(
  (b) => UNRESERVED[b] === 1 || SUB_DELIMS[b] === 1 || has(':@/?')(b),
);

/** `reg-name` characters other than `%` (RFC 3986 §3.2.2): `unreserved / sub-delims`. */
export const REG_NAME_CHAR: ByteClass = byteClass((b) => UNRESERVED[b] === 1 || SUB_DELIMS[b] === 1);

/** Characters inside an `IP-literal` between the brackets (RFC 3986 §3.2.2: IPv6address / IPvFuture). */
export const IP_LITERAL_CHAR: ByteClass = byteClass(
  (b) => UNRESERVED[b] === 1 || SUB_DELIMS[b] === 1 || b === 0x3a,
);

/** Characters of a URI `scheme` after its first letter (RFC 3986 §3.1): `ALPHA / DIGIT / "+" / "-" / "."`. */
export const SCHEME_CHAR: ByteClass = byteClass((b) => isAlpha(b) || isDigit(b) || has('+-.')(b));

/**
 * `qdtext` (RFC 9110 §5.6.4): the bytes allowed unescaped inside a quoted-string: HTAB, SP, `!`, `#`–`[`,
 * `]`–`~` and obs-text (everything visible except `"` and `\`).
 */
export const QDTEXT: ByteClass = byteClass(
  (b) => b === 0x09 || b === 0x20 || b === 0x21 || (b >= 0x23 && b <= 0x5b) || (b >= 0x5d && b <= 0x7e) || b >= 0x80,
);

/** The bytes a `quoted-pair` may escape (RFC 9110 §5.6.4): HTAB, SP, VCHAR and obs-text. */
export const QUOTED_PAIR_CHAR: ByteClass = byteClass((b) => b === 0x09 || b === 0x20 || FIELD_VCHAR[b] === 1);

/** `reason-phrase` bytes (RFC 9112 §4): HTAB, SP, VCHAR and obs-text. */
export const REASON_CHAR: ByteClass = QUOTED_PAIR_CHAR;

/** Marks a byte that is not a hexadecimal digit in {@link HEX_VALUE}. */
export const NOT_HEX = 0xff;

/** `HEXDIG` (RFC 5234 §B.1, case-insensitive per RFC 9112 §7.1): the digit's value, or {@link NOT_HEX}. */
export const HEX_VALUE: Uint8Array = (() => {
  const table = new Uint8Array(256).fill(NOT_HEX);
  for (let b = 0x30; b <= 0x39; b++) table[b] = b - 0x30;
  for (let b = 0x41; b <= 0x46; b++) table[b] = b - 0x41 + 10;
  for (let b = 0x61; b <= 0x66; b++) table[b] = b - 0x61 + 10;
  return table;
})();

/** Maps each byte to its ASCII-lowercase form; every other byte maps to itself. Used for case-insensitive names. */
export const TO_LOWER: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) table[b] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
  return table;
})();

// Byte values the grammar refers to by name. Plain module constants (not an enum) so that V8 and every
// bundler inline them on the hot paths.
/** NUL, 0x00: never valid in a protocol element (RFC 9112 §2.2, RFC 9110 §5.5). */
export const NUL = 0x00;
/** HTAB, 0x09. */
export const HTAB = 0x09;
/** LF, 0x0A. */
export const LF = 0x0a;
/** CR, 0x0D. */
export const CR = 0x0d;
/** SP, 0x20. */
export const SP = 0x20;
/** `"`, 0x22: delimits a quoted-string (RFC 9110 §5.6.4). */
export const DQUOTE = 0x22;
/** `%`, 0x25: starts a pct-encoded triplet (RFC 3986 §2.1). */
export const PERCENT = 0x25;
/** `,`, 0x2C: separates list elements (RFC 9110 §5.6.1). */
export const COMMA = 0x2c;
/** `:`, 0x3A. */
export const COLON = 0x3a;
/** `;`, 0x3B: introduces a chunk extension or a parameter. */
export const SEMICOLON = 0x3b;
/** `=`, 0x3D. */
export const EQUALS = 0x3d;
/** `\`, 0x5C: starts a quoted-pair (RFC 9110 §5.6.4). */
export const BACKSLASH = 0x5c;
