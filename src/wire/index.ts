/**
 * The wire layer: bytes and grammar as pure functions — character classes, byte order, the CRLF line reader,
 * and one parser per ABNF rule of RFC 9112 (request-line, status-line, field-line, chunk-size line) plus the
 * field values the framing depends on (Content-Length, Transfer-Encoding).
 *
 * @module
 */
export * from './ascii-case.js';
export * from './byte-order.js';
export * from './char-classes.js';
export * from './chunk-line.js';
export * from './content-length.js';
export * from './field-content-scan.js';
export * from './field-line.js';
export * from './fields.js';
export * from './http-version.js';
export * from './latin1.js';
export * from './line-reader.js';
export * from './protocol-error.js';
export * from './request-line.js';
export * from './request-target.js';
export * from './status-line.js';
export * from './transfer-coding.js';
