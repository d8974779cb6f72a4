/**
 * The wire layer: bytes and grammar as pure functions — the ABNF character classes, and one parser per rule of
 * RFC 9112 (request-line, status-line, field-line, chunk-size line and its extensions) plus the field values the
 * framing depends on (Content-Length, Transfer-Encoding). Each returns its result or a {@link ProtocolError}
 * whose offset is an index into the bytes given; none throws. Exported from the package root, `h1ref`.
 *
 * The line reader and the field-line fast path the parsers are built on are not part of the API: push bytes into
 * a `RequestParser` or `ResponseParser` instead.
 *
 * @module
 */
export {
  ALPHA, DIGIT, FIELD_CONTENT, FIELD_VCHAR, IP_LITERAL_CHAR, OBS_TEXT, QDTEXT, QUOTED_PAIR_CHAR, REASON_CHAR, REG_NAME_CHAR,
  SCHEME_CHAR, SUB_DELIMS, TARGET_CHAR, TCHAR, UNRESERVED, VCHAR, WHITESPACE, type ByteClass,
} from './char-classes.js';
export {
  parseChunkExtensions, parseChunkLine, parseQuotedString, type ChunkExtensionEntry, type ChunkLine, type QuotedString,
} from './chunk-line.js';
export { parseContentLength } from './content-length.js';
export { parseFieldLine, parseObsFoldContinuation, scanFieldLine, type FieldLineSpans } from './field-line.js';
export { Fields } from './fields.js';
export { parseHttpVersion, type ParsedVersion } from './http-version.js';
export { latin1, latin1Bytes, Latin1Window } from './latin1.js';
export { ERROR_CODES, ProtocolError, type ErrorCode, type ErrorCodeInfo, type ProtocolErrorJSON } from './protocol-error.js';
export {
  PROXY_V1_MAX_LINE, PROXY_V2_SIGNATURE, readProxyHeader, type ProxyEndpoint, type ProxyHeader, type ProxyHeaderError,
  type ProxyHeaderRead, type ProxyProtocolMode, type ProxyTransport,
} from './proxy-header.js';
export { parseRequestLine, type RequestLine } from './request-line.js';
export {
  classifyRequestTarget, isValidHostValue, isValidIpLiteral, type ClassifiedTarget, type RequestTargetForm,
} from './request-target.js';
export { parseStatusLine, type StatusLine } from './status-line.js';
export { listHasToken, parseTransferCodings, type TransferCoding } from './transfer-coding.js';
