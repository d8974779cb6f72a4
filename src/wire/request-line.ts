/**
 * `request-line = method SP request-target SP HTTP-version` (RFC 9112 §3).
 *
 * @module
 */
import { SP, TCHAR } from './char-classes.js';
import { HTTP_VERSION_LENGTH, parseHttpVersion } from './http-version.js';
import { Latin1Window } from './latin1.js';
import { type ErrorCode, ProtocolError, invalidByte } from './protocol-error.js';
import { type RequestTargetForm, classifyRequestTarget } from './request-target.js';

// `HTTP/1.0` … `HTTP/1.9`, the only texts a parsed version can have.
const RAW_VERSIONS: readonly string[] = Array.from({ length: 10 }, (_, minor) => `HTTP/1.${minor}`);

// A module-local alias of the token table (see field-line.ts).
const TOKEN_BYTE = TCHAR;

/** A parsed request-line. */
export interface RequestLine {
  /** The method token, case-sensitive (RFC 9110 §9.1). */
  readonly method: string;
  /** The request-target exactly as received. */
  readonly target: string;
  /** The target's form (RFC 9112 §3.2). */
  readonly targetForm: RequestTargetForm;
  /** The target's authority (absolute-form and authority-form), or `undefined`. */
  readonly targetAuthority: string | undefined;
  /** The version exactly as received, e.g. `HTTP/1.1`. */
  readonly rawVersion: string;
  /** `1.0`, or `1.1` for any other HTTP/1.x (RFC 9112 §2.3). */
  readonly version: '1.0' | '1.1';
}

/**
 * Whether `bytes[start, end)`, the beginning of a request-line, is all method: token bytes with no SP after them
 * yet (RFC 9112 §3.1). A server uses it on a request-line too long to read whole, to tell a method longer than any
 * it implements (501, RFC 9112 §3) from a request-target too long to parse (414).
 */
export function methodCovers(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
  return i === end && end > start;
}

const C = 0x43, O = 0x4f, N = 0x4e, E = 0x45, T = 0x54, P = 0x50, I = 0x49, S = 0x53;

/**
 * Parses the request-line in `bytes[start, end)` (CRLF excluded).
 *
 * Strict per RFC 9112 §3: exactly one SP between the three parts (no other whitespace, §3 lets a server reject
 * the rest), the method a token (§3.1), the target in the form its method allows (§3.2) and a version of the form
 * `HTTP/d.d` (§2.3, major other than 1 → 505).
 *
 * @param window - decodes the strings; pass one that lives as long as the buffer to decode with fewer native calls
 * @returns the request-line, or the error with its offset as an index into `bytes`
 */
export function parseRequestLine(
  bytes: Uint8Array, start: number, end: number, window: Latin1Window = new Latin1Window(),
): RequestLine | ProtocolError {
  let i = start;
  while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
  const methodEnd = i;
  if (i === end || bytes[i] !== SP || methodEnd === start) {
    if (methodEnd === start && i < end && bytes[i] !== SP) return invalidByte(bytes[i]!, i, 'INVALID_METHOD', 'the method');
    if (methodEnd === start) return new ProtocolError('INVALID_METHOD', 'the request-line has no method', start);
    if (i === end) return new ProtocolError('INVALID_REQUEST_LINE', 'the request-line has no request-target', i);
    return invalidByte(bytes[i]!, i, 'INVALID_METHOD', 'the method');
  }

  const targetStart = methodEnd + 1;
  // The version is always the last eight bytes; the target is everything between the two SPs.
  const versionStart = end - HTTP_VERSION_LENGTH;
  const targetEnd = versionStart - 1;
  if (targetEnd <= targetStart || bytes[targetEnd] !== SP) {
    return controlByteError(bytes, targetStart, end) ??
      new ProtocolError('INVALID_REQUEST_LINE', 'the request-line is not method SP request-target SP HTTP-version', targetStart);
  }
  if (bytes[targetStart] === SP || bytes[targetEnd - 1] === SP) {
    return new ProtocolError('INVALID_REQUEST_LINE', 'the request-line has more than one SP between its parts', bytes[targetStart] === SP ? targetStart : targetEnd - 1);
  }

  const version = parseHttpVersion(bytes, versionStart, end);
  if (version instanceof ProtocolError) return controlByteError(bytes, targetStart, end) ?? version;

  const methodLength = methodEnd - start;
  const isConnect = methodLength === 7 && bytes[start] === C && bytes[start + 1] === O && bytes[start + 2] === N &&
    bytes[start + 3] === N && bytes[start + 4] === E && bytes[start + 5] === C && bytes[start + 6] === T;
  const isOptions = methodLength === 7 && bytes[start] === O && bytes[start + 1] === P && bytes[start + 2] === T &&
    bytes[start + 3] === I && bytes[start + 4] === O && bytes[start + 5] === N && bytes[start + 6] === S;
  const target = classifyRequestTarget(bytes, targetStart, targetEnd, isConnect, isOptions);
  if (target instanceof ProtocolError) {
    // A SP inside the target means the line has more parts than three.
    if (target.code === 'INVALID_TARGET' && bytes[target.offset] === SP) {
      return new ProtocolError('INVALID_REQUEST_LINE', 'the request-line has more than one SP between its parts', target.offset);
    }
    return target;
  }

  return {
    method: window.slice(bytes, start, methodEnd),
    target: window.slice(bytes, targetStart, targetEnd),
    targetForm: target.form,
    targetAuthority: target.authorityStart === -1 ? undefined : window.slice(bytes, target.authorityStart, target.authorityEnd),
    // A version that parsed is exactly HTTP/1.d: no need to decode it.
    rawVersion: RAW_VERSIONS[version.minor]!,
    version: version.version,
  };
}

/**
 * When a line's structure is wrong, a control byte inside it (a bare CR, a LF, a NUL…) is the most specific
 * thing to report: it is what a peer that disagrees about line boundaries would have sent. Error paths only.
 *
 * @returns the error for the first control byte in `bytes[start, end)`, or null when there is none
 */
export function controlByteError(
  bytes: Uint8Array, start: number, end: number, fallback: ErrorCode = 'INVALID_REQUEST_LINE', where = 'the request-line',
): ProtocolError | null {
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b === 0x7f) return invalidByte(b, i, fallback, where);
  }
  return null;
}
