/**
 * The request-target (RFC 9112 §3.2): its four forms, the methods each form goes with, and the authority
 * (`uri-host [":" port]`, RFC 3986 §3.2) used by absolute-form, authority-form and the Host field.
 *
 * @module
 */
import {
  ALPHA, DIGIT, HEX_VALUE, IP_LITERAL_CHAR, NOT_HEX, PERCENT, REG_NAME_CHAR, SCHEME_CHAR, TARGET_CHAR,
} from './char-classes.js';
import { latin1, latin1Bytes } from './latin1.js';
import { ProtocolError, invalidByte } from './protocol-error.js';

/** The request-target forms of RFC 9112 §3.2. */
export type RequestTargetForm = 'origin' | 'absolute' | 'authority' | 'asterisk';

// Module-local aliases of the tables this file checks every target byte against (see field-line.ts).
const TARGET_BYTE = TARGET_CHAR;
const HEX = HEX_VALUE;
const REG_NAME_BYTE = REG_NAME_CHAR;
const DIGIT_BYTE = DIGIT;

const SLASH = 0x2f, ASTERISK = 0x2a, COLON = 0x3a, LBRACKET = 0x5b, RBRACKET = 0x5d, AT = 0x40, QUESTION = 0x3f;

/**
 * Checks that `bytes[start, end)` holds only request-target characters (RFC 3986 `pchar`, `/`, `?`) and that every
 * `%` starts a `pct-encoded` triplet. Returns the offset of the first bad byte, or -1.
 */
export function findInvalidTargetByte(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (TARGET_BYTE[b] === 1) continue;
    if (b === PERCENT && i + 2 < end && HEX[bytes[i + 1]!] !== NOT_HEX && HEX[bytes[i + 2]!] !== NOT_HEX) {
      i += 2;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * Checks an authority without userinfo, `uri-host [":" port]` (RFC 3986 §3.2.2–3.2.3), in `bytes[start, end)`.
 * An empty host is allowed here; callers that need a host check for it.
 *
 * @param requirePort - authority-form needs `":" port` (RFC 9112 §3.2.3)
 * @returns the offset of the first bad byte, or -1 when the authority is valid
 */
export function findInvalidAuthorityByte(bytes: Uint8Array, start: number, end: number, requirePort = false): number {
  let i = start;
  if (i < end && bytes[i] === LBRACKET) {
    // IP-literal: "[" ( IPv6address / IPvFuture ) "]".
    i++;
    while (i < end && IP_LITERAL_CHAR[bytes[i]!] === 1) i++;
    if (i === start + 1 || i >= end || bytes[i] !== RBRACKET) return i;
    if (!isValidIpLiteral(latin1(bytes, start + 1, i))) return start + 1;
    i++;
  } else {
    // reg-name, which includes IPv4address.
    while (i < end) {
      const b = bytes[i]!;
      if (REG_NAME_BYTE[b] === 1) i++;
      else if (b === PERCENT && i + 2 < end && HEX[bytes[i + 1]!] !== NOT_HEX && HEX[bytes[i + 2]!] !== NOT_HEX) i += 3;
      else break;
    }
  }
  if (i === end) return requirePort ? end : -1;
  if (bytes[i] !== COLON) return i;
  i++;
  if (requirePort && i === end) return i;
  for (; i < end; i++) if (DIGIT_BYTE[bytes[i]!] !== 1) return i;
  return -1;
}

/** The result of classifying a request-target. */
export interface ClassifiedTarget {
  /** Which form the target has. */
  readonly form: RequestTargetForm;
  /** Where the target's authority lies, for absolute-form and authority-form; otherwise both are -1. */
  readonly authorityStart: number;
  /** End of the authority (exclusive), or -1. */
  readonly authorityEnd: number;
}

const ORIGIN: ClassifiedTarget = Object.freeze({ form: 'origin', authorityStart: -1, authorityEnd: -1 });
const ASTERISK_FORM: ClassifiedTarget = Object.freeze({ form: 'asterisk', authorityStart: -1, authorityEnd: -1 });

/**
 * Decides the form of the request-target in `bytes[start, end)` for a request with `method`, and checks that the
 * form is allowed with that method (RFC 9112 §3.2):
 * - origin-form starts with `/`;
 * - asterisk-form is exactly `*` and is only for OPTIONS (§3.2.4);
 * - authority-form is `host:port` and is the only form for CONNECT (§3.2.3, RFC 9110 §9.3.6);
 * - absolute-form is `scheme ":" …` (§3.2.2), and its scheme must be `http` or `https`, the schemes h1ref
 *   serves (RFC 9110 §4.2); such a URI must have a non-empty host (RFC 9110 §4.2.1, §4.2.2).
 * The characters are checked too (RFC 3986); a fragment (`#`) is never part of a request-target.
 *
 * @param isConnect - whether the method is CONNECT
 * @param isOptions - whether the method is OPTIONS
 */
export function classifyRequestTarget(
  bytes: Uint8Array, start: number, end: number, isConnect: boolean, isOptions: boolean,
): ClassifiedTarget | ProtocolError {
  if (start === end) return new ProtocolError('INVALID_TARGET', 'the request-target is empty', start);
  const first = bytes[start]!;
  if (isConnect) {
    // RFC 9110 §9.3.6: CONNECT names a host and port, and nothing else.
    const bad = findInvalidAuthorityByte(bytes, start, end, true);
    if (bad !== -1 || first === COLON) {
      return new ProtocolError('TARGET_FORM_MISMATCH', 'a CONNECT request-target must be in authority-form (host:port)', bad === -1 ? start : bad);
    }
    return { form: 'authority', authorityStart: start, authorityEnd: end };
  }
  if (first === SLASH) {
    const bad = findInvalidTargetByte(bytes, start, end);
    return bad === -1 ? ORIGIN : invalidByte(bytes[bad]!, bad, 'INVALID_TARGET', 'the request-target');
  }
  if (first === ASTERISK && end - start === 1) {
    return isOptions
      ? ASTERISK_FORM
      : new ProtocolError('TARGET_FORM_MISMATCH', 'the asterisk-form request-target is only for OPTIONS', start);
  }
  if (ALPHA[first] === 1) return classifyAbsoluteForm(bytes, start, end);
  if (TARGET_CHAR[first] === 1 || first === PERCENT) {
    return new ProtocolError('INVALID_TARGET', 'the request-target is in none of the four forms of RFC 9112 §3.2', start);
  }
  return invalidByte(first, start, 'INVALID_TARGET', 'the request-target');
}

function classifyAbsoluteForm(bytes: Uint8Array, start: number, end: number): ClassifiedTarget | ProtocolError {
  let i = start + 1;
  while (i < end && SCHEME_CHAR[bytes[i]!] === 1) i++;
  if (i === end || bytes[i] !== COLON) {
    if (i < end && TARGET_CHAR[bytes[i]!] !== 1 && bytes[i] !== PERCENT) {
      return invalidByte(bytes[i]!, i, 'INVALID_TARGET', 'the request-target');
    }
    // A bare `host:port` here would be authority-form, which only CONNECT may use.
    return new ProtocolError('INVALID_TARGET', 'the request-target is in none of the four forms of RFC 9112 §3.2', start);
  }
  const schemeEnd = i;
  let authorityStart = -1;
  let authorityEnd = -1;
  let pathStart = schemeEnd + 1;
  if (schemeEnd + 2 < end && bytes[schemeEnd + 1] === SLASH && bytes[schemeEnd + 2] === SLASH) {
    authorityStart = schemeEnd + 3;
    authorityEnd = authorityStart;
    while (authorityEnd < end && bytes[authorityEnd] !== SLASH && bytes[authorityEnd] !== QUESTION) authorityEnd++;
    pathStart = authorityEnd;
  }
  // RFC 3986 §3.2.2: the authority's host may be an IP-literal ("http://[::1]:8080/"), whose "[" and "]" are
  // allowed nowhere else in a request-target; the authority's structure is checked by findInvalidAuthorityByte.
  for (let k = authorityStart; k < authorityEnd; k++) {
    const b = bytes[k]!;
    if (TARGET_CHAR[b] !== 1 && b !== PERCENT && b !== LBRACKET && b !== RBRACKET) {
      return invalidByte(b, k, 'INVALID_TARGET', 'the request-target');
    }
  }
  const bad = findInvalidTargetByte(bytes, pathStart, end);
  if (bad !== -1) return invalidByte(bytes[bad]!, bad, 'INVALID_TARGET', 'the request-target');

  if (authorityStart !== -1) {
    // RFC 9110 §4.2.4: userinfo in an http(s) URI is deprecated and senders MUST NOT send it; it is also a
    // classic way to make two parsers disagree about the host, so h1ref rejects it before looking at the scheme.
    const at = bytes.subarray(authorityStart, authorityEnd).indexOf(AT);
    if (at !== -1) return new ProtocolError('INVALID_TARGET', 'userinfo (user@) is not allowed in an http(s) request-target', authorityStart + at);
    const badAuthority = findInvalidAuthorityByte(bytes, authorityStart, authorityEnd);
    if (badAuthority !== -1) return new ProtocolError('INVALID_TARGET', 'the authority of the request-target is invalid', badAuthority);
  }
  // RFC 9110 §4.2: h1ref is an origin server for the http and https schemes only (compared case-insensitively,
  // RFC 3986 §3.1). Any other scheme names a resource it does not serve; "host:port" would read as the scheme
  // "host", but authority-form is only for CONNECT (RFC 9112 §3.2.3).
  if (!isHttpScheme(bytes, start, schemeEnd)) {
    return new ProtocolError('UNSUPPORTED_SCHEME', authorityStart === -1 && isPort(bytes, schemeEnd + 1, end)
      ? 'a host:port request-target is authority-form, which only CONNECT may use'
      : 'the request-target\'s scheme is not http or https', start);
  }
  // RFC 9110 §4.2.1: "A recipient that processes such a URI reference MUST reject it as invalid."
  const hostEnd = authorityStart === -1 ? -1 : hostEndOf(bytes, authorityStart, authorityEnd);
  if (authorityStart === -1 || hostEnd === authorityStart) {
    return new ProtocolError('INVALID_TARGET', 'an http(s) URI must have a non-empty host', start);
  }
  return { form: 'absolute', authorityStart, authorityEnd };
}

// Whether `bytes[start, end)` is a non-empty port (1*DIGIT), for the message of a "host:port" target.
function isPort(bytes: Uint8Array, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) if (DIGIT_BYTE[bytes[i]!] !== 1) return false;
  return true;
}

// Where the host of `uri-host [":" port]` ends.
function hostEndOf(bytes: Uint8Array, start: number, end: number): number {
  if (bytes[start] === LBRACKET) {
    const close = bytes.subarray(start, end).indexOf(RBRACKET);
    return close === -1 ? end : start + close + 1;
  }
  const colon = bytes.subarray(start, end).indexOf(COLON);
  return colon === -1 ? end : start + colon;
}

// "http" or "https", case-insensitively (RFC 3986 §3.1: schemes are case-insensitive).
function isHttpScheme(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 4 && length !== 5) return false;
  const lower = (k: number): number => bytes[start + k]! | 0x20;
  return lower(0) === 0x68 && lower(1) === 0x74 && lower(2) === 0x74 && lower(3) === 0x70 && (length === 4 || lower(4) === 0x73);
}

/**
 * Validates a Host field value (RFC 9110 §7.2, RFC 9112 §3.2): `uri-host [":" port]`, possibly empty (a client
 * sends an empty Host when the target URI has no authority).
 */
export function isValidHostValue(value: string): boolean {
  // One grammar for every authority: the string's code units as bytes, once none is above 0xFF (a latin1
  // encoding would otherwise fold it onto a valid byte).
  const length = value.length;
  for (let i = 0; i < length; i++) if (value.charCodeAt(i) > 0xff) return false;
  return findInvalidAuthorityByte(latin1Bytes(value), 0, length) === -1;
}

const isHexCode = (c: number): boolean => c < 256 && HEX_VALUE[c] !== NOT_HEX;

/**
 * Whether `text` — what stands between the brackets of an IP-literal — is an `IPv6address` or an `IPvFuture`
 * (RFC 3986 §3.2.2). IP literals are rare, so this reads a string, not bytes.
 */
export function isValidIpLiteral(text: string): boolean {
  // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
  if (text.charCodeAt(0) === 0x76 || text.charCodeAt(0) === 0x56) {
    const dot = text.indexOf('.');
    if (dot < 2 || dot === text.length - 1) return false;
    for (let k = 1; k < dot; k++) if (!isHexCode(text.charCodeAt(k))) return false;
    for (let k = dot + 1; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 256 || IP_LITERAL_CHAR[c] !== 1) return false;
    }
    return true;
  }
  return isIPv6Address(text);
}

// IPv6address (RFC 3986 §3.2.2): eight groups of 1–4 hex digits, or fewer with one "::" standing for the
// missing ones; the last 32 bits may be written as an IPv4address.
function isIPv6Address(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = 0;
  for (let k = 0; k < groups.length; k++) {
    const group = groups[k]!;
    const last = k === groups.length - 1;
    if (last && group.includes('.')) {
      // The IPv4 part ends the address: it cannot be followed by "::".
      if (halves.length === 2 && halves[1] === '') return false;
      if (!isIPv4Address(group)) return false;
      count += 2;
    } else {
      if (group.length < 1 || group.length > 4) return false;
      for (let c = 0; c < group.length; c++) if (!isHexCode(group.charCodeAt(c))) return false;
      count += 1;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

// IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet, with no leading zeros (RFC 3986 §3.2.2).
function isIPv4Address(text: string): boolean {
  const octets = text.split('.');
  if (octets.length !== 4) return false;
  for (const octet of octets) {
    if (octet.length < 1 || octet.length > 3 || (octet.length > 1 && octet.charCodeAt(0) === 0x30)) return false;
    for (let c = 0; c < octet.length; c++) {
      const code = octet.charCodeAt(c);
      if (code < 0x30 || code > 0x39) return false;
    }
    if (Number(octet) > 255) return false;
  }
  return true;
}
