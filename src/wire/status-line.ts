/**
 * `status-line = HTTP-version SP status-code SP [ reason-phrase ]` (RFC 9112 §4).
 *
 * @module
 */
import { DIGIT, REASON_CHAR, SP } from './char-classes.js';
import { HTTP_VERSION_LENGTH, parseHttpVersion } from './http-version.js';
import { Latin1Window } from './latin1.js';
import { ProtocolError, invalidByte } from './protocol-error.js';
import { controlByteError } from './request-line.js';

/** A parsed status-line. */
export interface StatusLine {
  /** The version exactly as received. */
  readonly rawVersion: string;
  /** `1.0`, or `1.1` for any other HTTP/1.x (RFC 9112 §2.3). */
  readonly version: '1.0' | '1.1';
  /** The status code, 100–599 (RFC 9110 §15). */
  readonly status: number;
  /** The reason phrase, possibly empty. */
  readonly reason: string;
}

/**
 * Parses the status-line in `bytes[start, end)` (CRLF excluded).
 *
 * The SP after the status code is required even when the reason phrase is empty (RFC 9112 §4). A status code
 * outside 100–599 is invalid (RFC 9110 §15).
 */
export function parseStatusLine(
  bytes: Uint8Array, start: number, end: number, window: Latin1Window = new Latin1Window(),
): StatusLine | ProtocolError {
  const versionEnd = start + HTTP_VERSION_LENGTH;
  if (end < versionEnd + 5) {
    return new ProtocolError('INVALID_STATUS_LINE', 'the status-line is not HTTP-version SP status-code SP reason-phrase', start);
  }
  const version = parseHttpVersion(bytes, start, versionEnd);
  if (version instanceof ProtocolError) return controlByteError(bytes, start, end, 'INVALID_STATUS_LINE', 'the status-line') ?? version;
  if (bytes[versionEnd] !== SP) return new ProtocolError('INVALID_STATUS_LINE', 'the HTTP version must be followed by one SP', versionEnd);
  const d0 = bytes[versionEnd + 1]!, d1 = bytes[versionEnd + 2]!, d2 = bytes[versionEnd + 3]!;
  if (DIGIT[d0] !== 1 || DIGIT[d1] !== 1 || DIGIT[d2] !== 1) {
    return new ProtocolError('INVALID_STATUS_LINE', 'the status code must be three digits', versionEnd + 1);
  }
  const status = (d0 - 0x30) * 100 + (d1 - 0x30) * 10 + (d2 - 0x30);
  if (status < 100 || status > 599) {
    return new ProtocolError('INVALID_STATUS_LINE', `status code ${status} is outside 100–599`, versionEnd + 1);
  }
  if (bytes[versionEnd + 4] !== SP) {
    return new ProtocolError('INVALID_STATUS_LINE', 'the status code must be followed by one SP', versionEnd + 4);
  }
  const reasonStart = versionEnd + 5;
  for (let i = reasonStart; i < end; i++) {
    if (REASON_CHAR[bytes[i]!] !== 1) return invalidByte(bytes[i]!, i, 'INVALID_STATUS_LINE', 'the reason phrase');
  }
  return {
    rawVersion: window.slice(bytes, start, versionEnd),
    version: version.version,
    status,
    reason: window.slice(bytes, reasonStart, end),
  };
}
