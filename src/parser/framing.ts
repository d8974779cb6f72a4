/**
 * Body framing: how the end of a message body is found (RFC 9112 §6.3).
 *
 * @module
 */
import { parseContentLength } from '../wire/content-length.js';
import { ProtocolError } from '../wire/protocol-error.js';
import { type TransferCoding, parseTransferCodings } from '../wire/transfer-coding.js';

/**
 * How a message body is delimited:
 * - `none`: no body (RFC 9112 §6.3 rules 1, 2 and 7);
 * - `length`: exactly `length` bytes, from Content-Length (rule 6);
 * - `chunked`: the chunked transfer coding (rule 4, RFC 9112 §7.1);
 * - `until-close`: every byte until the connection closes (rule 8, responses only).
 */
export type BodyFraming =
  | {
      /** No body. */
      readonly kind: 'none';
    }
  | {
      /** A body of a known length. */
      readonly kind: 'length';
      /** The body's length in bytes (never 0: a zero length is `none`). */
      readonly length: number;
    }
  | {
      /** A chunked body. */
      readonly kind: 'chunked';
    }
  | {
      /** A body that ends when the connection closes. */
      readonly kind: 'until-close';
    };

/** The framing facts of one message, gathered from its head. */
export interface FramingFields {
  /** `1.0` or `1.1`, as interpreted. */
  readonly version: '1.0' | '1.1';
  /** Every Transfer-Encoding field value, in order; empty when the field is absent. */
  readonly transferEncoding: readonly string[];
  /** Every Content-Length field value, in order; empty when the field is absent. */
  readonly contentLength: readonly string[];
  /**
   * Where the field lines of those values start, so that an error points at the line that causes it (see
   * {@link FieldLineOffsets}); without it, every error has offset 0.
   */
  readonly lines?: FieldLineOffsets;
}

/** A field whose values decide the framing or the request's target (RFC 9112 §3.2, §6.3). */
export type FramingField = 'host' | 'content-length' | 'transfer-encoding';

/**
 * Where the field lines of a head's framing fields start. An error about the head as a whole points at the first
 * field line at which, read in order, the head breaks the rule: the line holding the value at fault (an invalid
 * Content-Length, a Transfer-Encoding whose last coding is not chunked), or the later line of two that must not
 * stand together (a second Host, Content-Length with Transfer-Encoding); an error about a field that is missing
 * points at the empty line that ends the head. A parser gives stream offsets.
 */
export interface FieldLineOffsets {
  /** Where the field line holding the `index`-th value of `field` (0 for the first, in the order received) starts. */
  lineOf(field: FramingField, index: number): number;
}

const NO_BODY: BodyFraming = Object.freeze({ kind: 'none' });
const CHUNKED: BodyFraming = Object.freeze({ kind: 'chunked' });
const UNTIL_CLOSE: BodyFraming = Object.freeze({ kind: 'until-close' });

/**
 * The body framing of a request (RFC 9112 §6.3, the rules that apply to requests, in order):
 *
 * - Transfer-Encoding in an HTTP/1.0 message: the framing is faulty (RFC 9112 §6.1) → 400, close.
 * - Transfer-Encoding together with Content-Length (rule 3): h1ref rejects with 400 and closes. §6.1 also
 *   permits processing the chunked body and closing afterwards, but the message "might indicate an attempt to
 *   perform request smuggling": refusing it leaves no two readings of the bytes.
 * - Transfer-Encoding (rule 4): chunked must be the final coding, else 400; chunked twice is 400 (§6.1: a
 *   sender MUST NOT apply chunked more than once); any other coding is 501, since h1ref implements only chunked
 *   (§6.1: a server SHOULD answer 501 to a coding it does not understand).
 * - Content-Length (rules 5 and 6): see {@link parseContentLength}.
 * - Neither (rule 7): no body.
 *
 * Each error points at the field line that causes it, given `fields.lines` (see {@link FieldLineOffsets}).
 */
export function requestFraming(fields: FramingFields): BodyFraming | ProtocolError {
  if (fields.transferEncoding.length !== 0) {
    if (fields.version === '1.0') {
      return new ProtocolError('TRANSFER_ENCODING_IN_HTTP10', 'Transfer-Encoding in an HTTP/1.0 request: the framing is faulty', lineOf(fields, 'transfer-encoding', 0));
    }
    if (fields.contentLength.length !== 0) return transferEncodingWithContentLength(fields);
    return chunkedFraming(fields, true);
  }
  if (fields.contentLength.length !== 0) return lengthFraming(fields);
  return NO_BODY;
}

/**
 * The body framing of a response (RFC 9112 §6.3, in order):
 *
 * 1. A response to HEAD, and every 1xx, 204 and 304 response, ends with its head, whatever its fields say.
 * 2. A 2xx response to CONNECT has no body: the connection becomes a tunnel.
 * 3. Transfer-Encoding with Content-Length, or in an HTTP/1.0 response, is rejected, as for requests.
 * 4. Transfer-Encoding with chunked last is chunked (other codings are left to the application, which sees the
 *    body with only chunked removed); without chunked last, the body runs until the connection closes.
 * 5–6. A valid Content-Length gives the length; an invalid one is an error.
 * 8. Otherwise the body runs until the connection closes.
 *
 * Each error points at the field line that causes it, given `fields.lines` (see {@link FieldLineOffsets}).
 */
export function responseFraming(fields: FramingFields, status: number, requestMethod: string): BodyFraming | ProtocolError {
  if (requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304) return NO_BODY;
  if (requestMethod === 'CONNECT' && status < 300) return NO_BODY;
  if (fields.transferEncoding.length !== 0) {
    if (fields.version === '1.0') {
      return new ProtocolError('TRANSFER_ENCODING_IN_HTTP10', 'Transfer-Encoding in an HTTP/1.0 response: the framing is faulty', lineOf(fields, 'transfer-encoding', 0));
    }
    if (fields.contentLength.length !== 0) return transferEncodingWithContentLength(fields);
    return chunkedFraming(fields, false);
  }
  if (fields.contentLength.length !== 0) return lengthFraming(fields);
  return UNTIL_CLOSE;
}

// Where the field line of the `index`-th value of `field` starts; 0 when the caller gave no offsets.
function lineOf(fields: FramingFields, field: FramingField, index: number): number {
  return fields.lines === undefined ? 0 : fields.lines.lineOf(field, index);
}

// Where the Transfer-Encoding line holding `coding` starts: errors about a coding point there.
function codingLine(fields: FramingFields, coding: TransferCoding): number {
  return lineOf(fields, 'transfer-encoding', coding.valueIndex);
}

// Both fields: the message became ambiguous at the first line of whichever of the two came second.
function transferEncodingWithContentLength(fields: FramingFields): ProtocolError {
  const at = Math.max(lineOf(fields, 'transfer-encoding', 0), lineOf(fields, 'content-length', 0));
  return new ProtocolError('TRANSFER_ENCODING_WITH_CONTENT_LENGTH', 'both Transfer-Encoding and Content-Length are present', at);
}

function lengthFraming(fields: FramingFields): BodyFraming | ProtocolError {
  const length = parseContentLength(fields.contentLength);
  // The error's offset is the index of the value at fault.
  if (length instanceof ProtocolError) return length.shifted(lineOf(fields, 'content-length', length.offset) - length.offset);
  return length === 0 ? NO_BODY : { kind: 'length', length };
}

function chunkedFraming(fields: FramingFields, isRequest: boolean): BodyFraming | ProtocolError {
  const codings = parseTransferCodings(fields.transferEncoding);
  // The error's offset is the index of the value at fault.
  if (codings instanceof ProtocolError) return codings.shifted(lineOf(fields, 'transfer-encoding', codings.offset) - codings.offset);
  if (codings.length === 0) {
    return new ProtocolError('INVALID_TRANSFER_ENCODING', 'Transfer-Encoding names no transfer coding', lineOf(fields, 'transfer-encoding', 0));
  }
  let second: TransferCoding | undefined;
  let chunkedCount = 0;
  for (const coding of codings) {
    if (coding.name !== 'chunked') continue;
    if (++chunkedCount === 2) second = coding;
    if (coding.hasParameters) {
      return new ProtocolError('INVALID_TRANSFER_ENCODING', 'the chunked transfer coding takes no parameters', codingLine(fields, coding));
    }
  }
  const last = codings[codings.length - 1]!;
  if (last.name !== 'chunked') {
    // Rule 4: a response is then read until the connection closes; a request cannot be delimited at all.
    if (!isRequest) return UNTIL_CLOSE;
    return new ProtocolError('CHUNKED_NOT_FINAL', 'chunked is not the final transfer coding of the request', codingLine(fields, last));
  }
  if (second !== undefined) {
    return new ProtocolError('CHUNKED_APPLIED_TWICE', 'the chunked transfer coding is applied more than once', codingLine(fields, second));
  }
  if (isRequest && codings.length > 1) {
    const other = codings.find((c) => c.name !== 'chunked')!;
    return new ProtocolError('UNSUPPORTED_TRANSFER_CODING', `transfer coding "${other.name}" is not implemented`, codingLine(fields, other));
  }
  return CHUNKED;
}
