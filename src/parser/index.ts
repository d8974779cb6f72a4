/**
 * The socket-free HTTP/1.1 message parsers: push bytes in, get events out — the same events however the input
 * is split. Exported from the package root, `h1ref`.
 *
 * - {@link RequestParser} and {@link ResponseParser} turn bytes into {@link ParserEvent}s;
 * - {@link collectMessages} puts events back together into whole messages, {@link MessageLocator} finds where
 *   each one lies in the input;
 * - {@link requestFraming}, {@link responseFraming} (RFC 9112 §6.3) and {@link persists} (RFC 9112 §9.3) are the
 *   parsers' framing and persistence rules as functions.
 *
 * @module
 */
export {
  type ChunkEvent, type ChunkExtension, type DataEvent, type EndEvent, type ErrorEvent, type HeadEvent, type HttpVersion,
  type MessageHead, type MessageHeadBase, type ParserEvent, type PausedEvent, type RequestHead, type ResponseHead,
  type TargetForm, type TrailersEvent,
} from './events.js';
export { collectMessages, MessageCollector, type CollectedMessage } from './collect-messages.js';
export {
  requestFraming, responseFraming, type BodyFraming, type FieldLineOffsets, type FramingField, type FramingFields,
} from './framing.js';
export { MessageLocator, type LocatedEvent } from './message-locator.js';
export type { ParserPhase } from './message-parser.js';
export { DEFAULT_LIMITS, STRICT, type ParserLeniency, type ParserLimits, type ParserOptions } from './options.js';
export { persists } from './persistence.js';
export { RequestParser } from './request-parser.js';
export { ResponseParser } from './response-parser.js';
