/**
 * Message writers: heads and bodies as bytes, checked against what a sender may generate (RFC 9110, RFC 9112),
 * and raw builders that write malformed messages on purpose for probing and fuzzing. Exported from the package
 * root, `h1ref`.
 *
 * @module
 */
export { ChunkedEncoder, ContentLengthEncoder, type ChunkExtensionInit } from './body-encoders.js';
export type { FieldsInput } from './field-lines.js';
export {
  assertFieldName,
  assertFieldValue,
  assertMethod,
  assertReasonPhrase,
  assertRequestTarget,
  assertStatusCode,
  assertToken,
  InvalidMessageError,
} from './field-validation.js';
export { writeRequestHead, writeResponseHead, type RequestHeadInit, type ResponseHeadInit } from './head-writer.js';
export { writeProxyHeaderV1, writeProxyHeaderV2, type ProxyHeaderInit } from './proxy-header.js';
export { tokenOrQuotedString } from './quoted-string.js';
export {
  rawBytes,
  rawRequest,
  rawResponse,
  type RawFieldLine,
  type RawMessageParts,
  type RawPiece,
  type RawRequestParts,
  type RawResponseParts,
} from './raw-request.js';
export { defaultReasonPhrase, REASON_PHRASES } from './status-reasons.js';
