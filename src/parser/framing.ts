/**
 * Body framing: how the end of a message body is found (RFC 9112 §6.3).
 *
 * @module
 */

/**
 * How a message body is delimited:
 * - `none`: no body (RFC 9112 §6.3 rules 1, 2 and 7);
 * - `length`: exactly `length` bytes, from Content-Length (rule 6);
 * - `chunked`: the chunked transfer coding (rule 4, RFC 9112 §7.1);
 * - `until-close`: every byte until the connection closes (rule 8, responses only).
 */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  | { readonly kind: 'until-close' };
