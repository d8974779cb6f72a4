/**
 * `HTTP-version` (RFC 9112 §2.3): `"HTTP/" DIGIT "." DIGIT`, case-sensitive.
 *
 * @module
 */
import { ProtocolError } from './protocol-error.js';

/** The length of an `HTTP-version`: always eight bytes. */
export const HTTP_VERSION_LENGTH = 8;

/** A version that parsed: its digits, and the version h1ref speaks with the peer. */
export interface ParsedVersion {
  /** The major digit; always 1 for a version that parsed. */
  readonly major: number;
  /** The minor digit as received. */
  readonly minor: number;
  /**
   * `1.0`, or `1.1` for every other minor version: a recipient treats a higher minor version as the highest one it
   * implements (RFC 9110 §6.2, RFC 9112 §2.3).
   */
  readonly version: '1.0' | '1.1';
}

const H = 0x48, T = 0x54, P = 0x50, SLASH = 0x2f, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;

// The ten results a valid version can have, made once: parsing a version allocates nothing.
const VERSIONS: readonly ParsedVersion[] = Array.from({ length: 10 }, (_, minor) =>
  Object.freeze({ major: 1, minor, version: minor === 0 ? '1.0' : '1.1' } as const));

const isDigit = (b: number | undefined): b is number => b !== undefined && b >= ZERO && b <= NINE;

/**
 * Parses `bytes[start, end)` as an HTTP-version.
 *
 * A syntactically valid version with a major other than 1 gets `UNSUPPORTED_VERSION` (505, RFC 9110 §15.6.6);
 * anything else that is not exactly `HTTP/d.d` gets `INVALID_VERSION` (400).
 */
export function parseHttpVersion(bytes: Uint8Array, start: number, end: number): ParsedVersion | ProtocolError {
  const major = bytes[start + 5];
  const minor = bytes[start + 7];
  if (
    end - start !== HTTP_VERSION_LENGTH ||
    bytes[start] !== H || bytes[start + 1] !== T || bytes[start + 2] !== T || bytes[start + 3] !== P ||
    bytes[start + 4] !== SLASH || bytes[start + 6] !== DOT || !isDigit(major) || !isDigit(minor)
  ) {
    return new ProtocolError('INVALID_VERSION', 'the HTTP version is not of the form HTTP/d.d', start);
  }
  if (major !== 0x31) {
    return new ProtocolError('UNSUPPORTED_VERSION', `HTTP/${major - ZERO}.x is not supported; only HTTP/1.x is`, start + 5);
  }
  return VERSIONS[minor - ZERO]!;
}
