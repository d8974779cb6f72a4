/**
 * h1ref: a strict, property-tested reference implementation of HTTP/1.1 (RFC 9110 semantics, RFC 9112 message
 * syntax).
 *
 * - {@link RequestParser} and {@link ResponseParser} turn bytes into events, identically however the input is split;
 * - the writers turn heads and bodies into bytes that the parsers accept;
 * - {@link createServer} runs them on `node:net`;
 * - every rejection is a {@link ProtocolError} carrying the status to answer and the RFC section behind it.
 *
 * @module h1ref
 */
export * from './wire/index.js';
export * from './parser/index.js';
export * from './writer/index.js';
export * from './server/index.js';
