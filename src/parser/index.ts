/**
 * The socket-free HTTP/1.1 message parsers: push bytes in, get events out.
 *
 * @module
 */
export * from './events.js';
export * from './framing.js';
export * from './options.js';
export { type HeadContext, MessageParser, type ParserPhase } from './message-parser.js';
export { persists } from './persistence.js';
export { SpecialFields, specialFieldKind } from './special-fields.js';
export { RequestParser } from './request-parser.js';
export { ResponseParser } from './response-parser.js';
export { MessageLocator, type LocatedEvent } from './message-locator.js';
