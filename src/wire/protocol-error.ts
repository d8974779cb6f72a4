/**
 * The one error type h1ref produces for bad input: {@link ProtocolError}, with a stable code, the status code a
 * server answers with, the RFC section that decides the case and the byte offset where the problem was found.
 *
 * Every code is declared once in {@link ERROR_CODES}, so the status and the section of a rejection are data, not
 * scattered literals, and the documentation can list them all.
 *
 * @module
 */

/** What one error code means: the status to answer and the RFC section the rejection rests on. */
export interface ErrorCodeInfo {
  /** The HTTP status code a server answers with (400, 408, 413, 414, 417, 431, 501 or 505). */
  readonly status: 400 | 408 | 413 | 414 | 417 | 431 | 501 | 505;
  /** The RFC section, e.g. `RFC 9112 §6.3`. */
  readonly section: string;
}

// The table itself; exported below under a named type so that the documentation shows one entry type.
const ERROR_TABLE = {
  // Line structure (RFC 9112 §2.2).
  BARE_CR: { status: 400, section: 'RFC 9112 §2.2' },
  BARE_LF: { status: 400, section: 'RFC 9112 §2.2' },
  NUL_BYTE: { status: 400, section: 'RFC 9110 §5.5' },
  INVALID_BYTE: { status: 400, section: 'RFC 9112 §2.2' },
  INCOMPLETE_MESSAGE: { status: 400, section: 'RFC 9112 §8' },

  // Request-line and status-line (RFC 9112 §3, §4, §2.3).
  INVALID_REQUEST_LINE: { status: 400, section: 'RFC 9112 §3' },
  INVALID_METHOD: { status: 400, section: 'RFC 9112 §3.1' },
  INVALID_TARGET: { status: 400, section: 'RFC 9112 §3.2' },
  TARGET_FORM_MISMATCH: { status: 400, section: 'RFC 9112 §3.2' },
  UNSUPPORTED_SCHEME: { status: 400, section: 'RFC 9110 §4.2' },
  REQUEST_LINE_TOO_LONG: { status: 414, section: 'RFC 9112 §3' },
  METHOD_TOO_LONG: { status: 501, section: 'RFC 9112 §3' },
  INVALID_VERSION: { status: 400, section: 'RFC 9112 §2.3' },
  UNSUPPORTED_VERSION: { status: 505, section: 'RFC 9110 §15.6.6' },
  INVALID_STATUS_LINE: { status: 400, section: 'RFC 9112 §4' },
  STATUS_LINE_TOO_LONG: { status: 400, section: 'RFC 9112 §4' },

  // Field lines (RFC 9112 §5, RFC 9110 §5).
  INVALID_FIELD_NAME: { status: 400, section: 'RFC 9110 §5.1' },
  WHITESPACE_BEFORE_COLON: { status: 400, section: 'RFC 9112 §5.1' },
  WHITESPACE_BEFORE_FIRST_FIELD: { status: 400, section: 'RFC 9112 §2.2' },
  INVALID_FIELD_VALUE: { status: 400, section: 'RFC 9110 §5.5' },
  OBS_FOLD: { status: 400, section: 'RFC 9112 §5.2' },
  HEADER_SECTION_TOO_LARGE: { status: 431, section: 'RFC 6585 §5' },
  TOO_MANY_FIELDS: { status: 431, section: 'RFC 6585 §5' },

  // Host (RFC 9112 §3.2).
  MISSING_HOST: { status: 400, section: 'RFC 9112 §3.2' },
  MULTIPLE_HOST: { status: 400, section: 'RFC 9112 §3.2' },
  INVALID_HOST: { status: 400, section: 'RFC 9112 §3.2' },

  // Framing (RFC 9112 §6).
  INVALID_CONTENT_LENGTH: { status: 400, section: 'RFC 9112 §6.3' },
  CONFLICTING_CONTENT_LENGTH: { status: 400, section: 'RFC 9110 §8.6' },
  TRANSFER_ENCODING_WITH_CONTENT_LENGTH: { status: 400, section: 'RFC 9112 §6.1' },
  TRANSFER_ENCODING_IN_HTTP10: { status: 400, section: 'RFC 9112 §6.1' },
  INVALID_TRANSFER_ENCODING: { status: 400, section: 'RFC 9112 §6.1' },
  CHUNKED_NOT_FINAL: { status: 400, section: 'RFC 9112 §6.3' },
  CHUNKED_APPLIED_TWICE: { status: 400, section: 'RFC 9112 §6.1' },
  UNSUPPORTED_TRANSFER_CODING: { status: 501, section: 'RFC 9112 §6.1' },
  BODY_TOO_LARGE: { status: 413, section: 'RFC 9110 §15.5.14' },

  // Chunked transfer coding (RFC 9112 §7.1).
  INVALID_CHUNK_SIZE: { status: 400, section: 'RFC 9112 §7.1' },
  CHUNK_SIZE_TOO_LARGE: { status: 413, section: 'RFC 9112 §7.1' },
  INVALID_CHUNK_EXTENSION: { status: 400, section: 'RFC 9112 §7.1.1' },
  CHUNK_EXTENSIONS_TOO_LARGE: { status: 413, section: 'RFC 9112 §7.1.1' },
  MISSING_CHUNK_DATA_CRLF: { status: 400, section: 'RFC 9112 §7.1' },
  TRAILER_SECTION_TOO_LARGE: { status: 431, section: 'RFC 9112 §7.1.2' },

  // Decided by a server around the parser rather than by the parser itself.
  HEAD_TIMEOUT: { status: 408, section: 'RFC 9110 §15.5.9' },
  EXPECTATION_FAILED: { status: 417, section: 'RFC 9110 §10.1.1' },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A stable error code, one of the keys of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_TABLE;

/**
 * Every error code, with its status and section. Codes are stable: tests, the probe and the fuzzer compare them.
 */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = ERROR_TABLE;

/** {@link ProtocolError} as plain data. */
export interface ProtocolErrorJSON {
  /** The stable code. */
  readonly code: ErrorCode;
  /** The status code to answer with. */
  readonly status: number;
  /** The RFC section. */
  readonly section: string;
  /** The message. */
  readonly message: string;
  /** The offset of the offending byte. */
  readonly offset: number;
}

/**
 * A violation of the HTTP/1.1 grammar or of a framing rule, found in the bytes received.
 *
 * It is the only error h1ref's grammars and parsers produce for bad input. It is returned (as a value or in an
 * `error` event), never thrown across the public API.
 */
export class ProtocolError extends Error {
  /** The stable code naming the violation. */
  readonly code: ErrorCode;
  /** The status code to answer with. */
  readonly status: ErrorCodeInfo['status'];
  /** The RFC section the decision rests on. */
  readonly section: string;
  /**
   * The offset of the offending byte. Grammar functions report it as an index into the buffer they were given;
   * parsers report it from the first byte they ever received.
   */
  readonly offset: number;

  /**
   * @param code - what was violated
   * @param message - one sentence for a person reading the error response, in h1ref's own words
   * @param offset - where the offending byte is (see {@link ProtocolError.offset})
   */
  constructor(code: ErrorCode, message: string, offset: number) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.section = ERROR_CODES[code].section;
    this.offset = offset;
  }

  /** The same error with its offset moved by `delta` bytes (from a line's index to a stream offset). */
  shifted(delta: number): ProtocolError {
    return delta === 0 ? this : new ProtocolError(this.code, this.message, this.offset + delta);
  }

  /** A plain-data view for logs, JSON output and test comparisons. */
  toJSON(): ProtocolErrorJSON {
    return { code: this.code, status: this.status, section: this.section, message: this.message, offset: this.offset };
  }
}

/**
 * The error for a byte that is not allowed where it was found. CR, LF and NUL get their own codes because the
 * RFC singles them out (RFC 9112 §2.2, RFC 9110 §5.5); every other byte is reported with `fallback`.
 *
 * @param byte - the offending byte
 * @param offset - its offset
 * @param fallback - the code for bytes other than CR, LF and NUL
 * @param where - the protocol element, for the message ("the method", "a field value", …)
 */
export function invalidByte(byte: number, offset: number, fallback: ErrorCode, where: string): ProtocolError {
  switch (byte) {
    case 0x0d:
      return new ProtocolError('BARE_CR', `a CR not followed by LF in ${where}`, offset);
    case 0x0a:
      return new ProtocolError('BARE_LF', `a LF not preceded by CR in ${where}`, offset);
    case 0x00:
      return new ProtocolError('NUL_BYTE', `a NUL byte in ${where}`, offset);
    default:
      return new ProtocolError(fallback, `byte 0x${byte.toString(16).padStart(2, '0')} is not allowed in ${where}`, offset);
  }
}
