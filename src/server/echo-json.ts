/**
 * {@link echoJsonBytes}: the echo document's JSON text written straight into bytes.
 *
 * The readable rule is `Buffer.from(JSON.stringify(document), 'utf8')` of the {@link EchoDocument}; this writes
 * the same bytes without making the document, its pairs, the JSON string or the UTF-8 copy of it. On Node 20 that
 * rule costs about 0.8 µs for wrk's one-field request (JSON.stringify alone 0.5 µs), a good part of everything
 * else h1ref's server does for it; this costs about a tenth. `test/server/echo-json.test.ts` proves the two agree,
 * byte for byte, for any method, target, field lines and body.
 *
 * Every string it is given is latin1-decoded (each code unit one byte received), so each unit encodes in at most
 * six bytes. A string with a unit above U+00FF cannot come from the parser; if one is given anyway,
 * {@link echoJsonBytes} answers `null` and the caller uses the readable rule.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { EchoDocument } from './echo-handler.js';

// How many bytes each latin1 code unit takes in JSON text encoded as UTF-8 (ECMA-262 §25.5.2.3 QuoteJSONString):
// the short escapes \b \t \n \f \r \" \\, \u00XX for the other controls, one byte for the rest of ASCII, two
// for U+0080–U+00FF (UTF-8, RFC 3629 §3). U+007F is not escaped.
const ENCODED_LENGTH = new Uint8Array(256);
// For the units that have a short escape, the letter after the backslash; 0 otherwise.
const SHORT_ESCAPE = new Uint8Array(256);
for (let unit = 0; unit < 256; unit++) ENCODED_LENGTH[unit] = unit < 0x20 ? 6 : unit < 0x80 ? 1 : 2;
for (const [unit, letter] of [[0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0c, 'f'], [0x0d, 'r'], [0x22, '"'], [0x5c, '\\']] as const) {
  ENCODED_LENGTH[unit] = 2;
  SHORT_ESCAPE[unit] = letter.charCodeAt(0);
}
const HEX = '0123456789abcdef';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// The fixed text around the members, in the order JSON.stringify writes an EchoDocument's members.
const OPEN = '{"method":';
const TARGET = ',"target":';
const VERSION = ',"version":';
const HEADERS = ',"headers":[';
const TRAILERS = '],"trailers":[';
const BODY = '],"body":"';
const CLOSE = '"}';
const FIXED_LENGTH = OPEN.length + TARGET.length + VERSION.length + HEADERS.length + TRAILERS.length + BODY.length + CLOSE.length;

/** The length of `text` as a JSON string (quotes included) in UTF-8, or -1 if a unit is above U+00FF. */
function quotedLength(text: string): number {
  let length = 2;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0xff) return -1;
    length += ENCODED_LENGTH[unit]!;
  }
  return length;
}

/** The length of `[name,value],…` for a flat list of names and values, or -1 (see quotedLength). */
function pairsLength(raw: readonly string[]): number {
  // Per pair: brackets and the comma inside; between pairs: a comma.
  let length = raw.length === 0 ? 0 : (raw.length / 2) * 3 + (raw.length / 2 - 1);
  for (let i = 0; i < raw.length; i++) {
    const quoted = quotedLength(raw[i]!);
    if (quoted < 0) return -1;
    length += quoted;
  }
  return length;
}

/** Writes ASCII text that needs no escaping at `at`; returns the offset after it. */
function writeAscii(out: Buffer, text: string, at: number): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}

/** Writes `text` as a JSON string (see quotedLength) at `at`; returns the offset after it. */
function writeQuoted(out: Buffer, text: string, at: number): number {
  out[at++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const length = ENCODED_LENGTH[unit]!;
    if (length === 1) {
      out[at++] = unit;
    } else if (unit >= 0x80) {
      out[at++] = 0xc0 | (unit >> 6);
      out[at++] = 0x80 | (unit & 0x3f);
    } else if (length === 2) {
      out[at++] = BACKSLASH;
      out[at++] = SHORT_ESCAPE[unit]!;
    } else {
      // \u00XX, lowercase hex as JSON.stringify writes it.
      at = writeAscii(out, '\\u00', at);
      out[at++] = HEX.charCodeAt(unit >> 4);
      out[at++] = HEX.charCodeAt(unit & 0xf);
    }
  }
  out[at++] = QUOTE;
  return at;
}

function writePairs(out: Buffer, raw: readonly string[], at: number): number {
  for (let i = 0; i < raw.length; i += 2) {
    if (i !== 0) out[at++] = 0x2c; // ,
    out[at++] = 0x5b; // [
    at = writeQuoted(out, raw[i]!, at);
    out[at++] = 0x2c;
    at = writeQuoted(out, raw[i + 1]!, at);
    out[at++] = 0x5d; // ]
  }
  return at;
}

/** The parts of an {@link EchoDocument} without a `proxy` member, as {@link echoJsonBytes} takes them. */
export interface EchoParts {
  /** The method, latin1-decoded. */
  readonly method: string;
  /** The request-target, latin1-decoded. */
  readonly target: string;
  /** `1.0` or `1.1`. */
  readonly version: string;
  /** The header field lines as a flat list: name, value, name, value… */
  readonly headers: readonly string[];
  /** The trailer field lines, likewise. */
  readonly trailers: readonly string[];
  /** The body after removing the chunked coding. */
  readonly body: Uint8Array;
}

/**
 * The UTF-8 bytes of `JSON.stringify` of the {@link EchoDocument} these parts make (no `proxy` member), or `null`
 * when a string holds a code unit above U+00FF (not latin1-decoded bytes; the caller then uses `JSON.stringify`).
 */
export function echoJsonBytes(parts: EchoParts): Buffer | null {
  const { method, target, version, headers, trailers, body } = parts;
  const methodLength = quotedLength(method);
  const targetLength = quotedLength(target);
  const versionLength = quotedLength(version);
  const headersLength = pairsLength(headers);
  const trailersLength = pairsLength(trailers);
  if ((methodLength | targetLength | versionLength | headersLength | trailersLength) < 0) return null;
  const bodyLength = Math.ceil(body.length / 3) * 4;
  const out = Buffer.allocUnsafe(FIXED_LENGTH + methodLength + targetLength + versionLength + headersLength + trailersLength + bodyLength);
  let at = writeAscii(out, OPEN, 0);
  at = writeQuoted(out, method, at);
  at = writeAscii(out, TARGET, at);
  at = writeQuoted(out, target, at);
  at = writeAscii(out, VERSION, at);
  at = writeQuoted(out, version, at);
  at = writeAscii(out, HEADERS, at);
  at = writePairs(out, headers, at);
  at = writeAscii(out, TRAILERS, at);
  at = writePairs(out, trailers, at);
  at = writeAscii(out, BODY, at);
  if (body.length !== 0) at += out.write(Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64'), at, 'latin1');
  writeAscii(out, CLOSE, at);
  return out;
}
