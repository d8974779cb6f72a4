/**
 * The events a parser produces, as plain data (the h11 model): a message head, body data, chunk boundaries,
 * trailers, the end of a message, a pause for a protocol switch, and an error.
 *
 * @module
 */
import type { Fields } from '../wire/fields.js';
import type { ProtocolError } from '../wire/protocol-error.js';
import type { BodyFraming } from './framing.js';

/** The request-target forms of RFC 9112 §3.2. */
export type TargetForm = 'origin' | 'absolute' | 'authority' | 'asterisk';

/**
 * An HTTP version as interpreted (RFC 9112 §2.3): `1.0`, or `1.1` for every other `HTTP/1.x`, since a recipient
 * treats a higher minor version as the highest it supports (RFC 9110 §6.2).
 */
export type HttpVersion = '1.0' | '1.1';

/** What request and response heads have in common. */
export interface MessageHeadBase {
  /** The version as interpreted; see {@link HttpVersion}. */
  readonly version: HttpVersion;
  /** The version exactly as received, e.g. `HTTP/1.1` or `HTTP/1.7`. */
  readonly rawVersion: string;
  /** The header section, in order, names and values as received after trimming whitespace. */
  readonly fields: Fields;
  /** How the body is delimited (RFC 9112 §6.3). */
  readonly framing: BodyFraming;
  /**
   * Whether the connection stays open after this message (RFC 9112 §9.3): HTTP/1.1 without a `close` connection
   * option, or HTTP/1.0 with `keep-alive`; never for a body delimited by the connection closing.
   */
  readonly keepAlive: boolean;
}

/** A parsed request head (RFC 9112 §3, §5). */
export interface RequestHead extends MessageHeadBase {
  /** Discriminates request heads from response heads. */
  readonly kind: 'request';
  /** The method, case-sensitive as received (RFC 9110 §9.1). */
  readonly method: string;
  /** The request-target exactly as received. */
  readonly target: string;
  /** Which of the four forms the target has. */
  readonly targetForm: TargetForm;
  /**
   * The authority the request is for: the target's authority for absolute-form and authority-form, otherwise
   * the Host field value (RFC 9112 §3.2.2); `undefined` when neither gives one (an HTTP/1.0 request without Host).
   */
  readonly authority: string | undefined;
  /**
   * The raw value of the Expect field, when present (RFC 9110 §10.1.1). A server answers 417 to an expectation
   * other than `100-continue`.
   */
  readonly expect: string | undefined;
  /** Whether the client waits for `100 Continue` before sending the body (ignored for HTTP/1.0, RFC 9110 §10.1.1). */
  readonly expectContinue: boolean;
  /**
   * Why the parser pauses after this request: `connect` for CONNECT (RFC 9110 §9.3.6), `upgrade` for an Upgrade
   * field listed in Connection (RFC 9110 §7.8); `undefined` when it goes on to the next request.
   */
  readonly switchProtocol: 'connect' | 'upgrade' | undefined;
}

/** A parsed response head (RFC 9112 §4, §5). */
export interface ResponseHead extends MessageHeadBase {
  /** Discriminates response heads from request heads. */
  readonly kind: 'response';
  /** The three-digit status code (RFC 9110 §15). */
  readonly status: number;
  /** The reason phrase as received (possibly empty); clients ignore it (RFC 9112 §4). */
  readonly reason: string;
  /** The method of the request this response answers, as told to the parser. */
  readonly requestMethod: string;
  /** Whether this is an interim (1xx) response, after which the final response to the same request follows. */
  readonly interim: boolean;
}

/** Either kind of head. */
export type MessageHead = RequestHead | ResponseHead;

/** A chunk extension (RFC 9112 §7.1.1): a name and, when given, its value with quoted-string escapes removed. */
export interface ChunkExtension {
  /** The extension name, as received. */
  readonly name: string;
  /** The value, unquoted; `undefined` for a name without `=`. */
  readonly value: string | undefined;
}

/** The head of a message is complete. */
export interface HeadEvent<H extends MessageHead = MessageHead> {
  /** Event discriminator. */
  readonly type: 'head';
  /** The parsed head. */
  readonly head: H;
}

/** A piece of the message body: a view into the bytes that were pushed, never a copy. */
export interface DataEvent {
  /** Event discriminator. */
  readonly type: 'data';
  /** The body bytes. Valid as long as the buffer passed to `push` is; copy them to keep them longer. */
  readonly data: Uint8Array;
}

/** A chunk-size line was read (chunked bodies only, RFC 9112 §7.1); its data follows as `data` events. */
export interface ChunkEvent {
  /** Event discriminator. */
  readonly type: 'chunk';
  /** The chunk size; 0 for the last chunk. */
  readonly size: number;
  /** The chunk's extensions, in order (usually none). */
  readonly extensions: readonly ChunkExtension[];
}

/** The trailer section of a chunked message (RFC 9112 §7.1.2); only emitted when it holds at least one field. */
export interface TrailersEvent {
  /** Event discriminator. */
  readonly type: 'trailers';
  /** The trailer fields. */
  readonly trailers: Fields;
}

/** The message is complete. */
export interface EndEvent {
  /** Event discriminator. */
  readonly type: 'end';
}

/**
 * The parser stopped after a message that switches protocols (CONNECT, Upgrade, a 101 response or a 2xx
 * response to CONNECT). The bytes that follow are the new protocol's: take them with `takeRemaining()`, or call
 * `resume()` when the switch did not happen.
 */
export interface PausedEvent {
  /** Event discriminator. */
  readonly type: 'paused';
  /** What switches. */
  readonly reason: 'connect' | 'upgrade';
}

/** The input violated HTTP/1.1; the parser stops for good and the connection must close. */
export interface ErrorEvent {
  /** Event discriminator. */
  readonly type: 'error';
  /** What went wrong, where, and which status to answer. */
  readonly error: ProtocolError;
}

/** Everything a parser emits. */
export type ParserEvent<H extends MessageHead = MessageHead> =
  | HeadEvent<H>
  | DataEvent
  | ChunkEvent
  | TrailersEvent
  | EndEvent
  | PausedEvent
  | ErrorEvent;
