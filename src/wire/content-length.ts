/**
 * `Content-Length = 1*DIGIT` (RFC 9110 §8.6), with the one list form RFC 9112 §6.3 lets a recipient accept.
 *
 * @module
 */
import { ProtocolError } from './protocol-error.js';

/**
 * Parses the Content-Length field values of a message (one entry per field line) into the body length.
 *
 * h1ref's choice for repeated values (RFC 9110 §8.6 lets a recipient either reject them or keep one when they
 * are all identical): several field lines, or a comma-separated list (`42, 42`), are accepted when every element
 * is the same valid number, as h11, hyper and Go do; any difference is `CONFLICTING_CONTENT_LENGTH`. Each element
 * must be one or more digits and nothing else — a sign, inner spaces, hex, an empty value or a value beyond
 * 2^53 − 1 is `INVALID_CONTENT_LENGTH` (RFC 9112 §6.3 rule 5: an unrecoverable error).
 *
 * @param values - the field values as received (OWS already trimmed), one per field line
 * @returns the length, or the error, whose offset is the index in `values` of the value at fault (the first that
 *   is invalid, or the first that differs from those before it): the caller knows where that value's field line
 *   starts (a parser points the error there)
 */
export function parseContentLength(values: readonly string[]): number | ProtocolError {
  let length = -1;
  for (let v = 0; v < values.length; v++) {
    const value = values[v]!;
    let i = 0;
    do {
      while (i < value.length && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) i++;
      const start = i;
      let n = 0;
      for (; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c < 0x30 || c > 0x39) break;
        n = n * 10 + (c - 0x30);
        if (n > Number.MAX_SAFE_INTEGER) return new ProtocolError('INVALID_CONTENT_LENGTH', 'Content-Length is beyond 2^53 - 1', v);
      }
      if (i === start) return new ProtocolError('INVALID_CONTENT_LENGTH', `Content-Length "${value}" is not a decimal number`, v);
      while (i < value.length && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) i++;
      if (i < value.length && value.charCodeAt(i) !== 0x2c) {
        return new ProtocolError('INVALID_CONTENT_LENGTH', `Content-Length "${value}" is not a decimal number`, v);
      }
      if (length !== -1 && n !== length) {
        return new ProtocolError('CONFLICTING_CONTENT_LENGTH', 'Content-Length values differ', v);
      }
      length = n;
    } while (i++ < value.length);
  }
  return length;
}
