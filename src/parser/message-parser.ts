/**
 * The incremental state machine shared by the request and response parsers: bytes go in through `push`, events
 * come out, and the result is the same however the input is split.
 *
 * Theory of operation. A message is a head (start line, field lines, an empty line) and a body whose end is
 * decided by the head (RFC 9112 §6.3). The {@link HeadReader} reads the head line by line, parsing each line as
 * soon as it is complete, so the only bytes the parser ever holds are one incomplete line — bounded by the limit
 * that applies to that line. Body bytes are never held: each `data` event is a view of the pushed buffer. After a
 * message ends the parser either starts on the next one (keep-alive, pipelining), ignores everything (the
 * connection is closing), or pauses because the connection switches protocols.
 *
 * Each state has one small method that reads from the current position and returns where reading goes on.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { CR, LF } from '../wire/char-classes.js';
import { Fields } from '../wire/fields.js';
import { Latin1Window } from '../wire/latin1.js';
import { type ErrorCode, ProtocolError } from '../wire/protocol-error.js';
import { parseChunkLine } from '../wire/chunk-line.js';
import type { BodyFraming } from './framing.js';
import type { SpecialFields } from './special-fields.js';
import type { EndEvent, MessageHead, ParserEvent, PausedEvent } from './events.js';
import { GENERAL_WAY_ONLY, type HeadContext, type HeadOwner, HeadReader, type HeadReaderSwitch } from './head-reader.js';
import { type ParserLimits, type ParserLeniency, type ParserOptions, type ResolvedParserOptions, resolveParserOptions } from './options.js';

export type { HeadContext } from './head-reader.js';

// States. Plain numbers: compared on every loop turn.
const HEAD = 0;
const BODY_LENGTH = 1;
const BODY_UNTIL_CLOSE = 2;
const CHUNK_LINE = 3;
const CHUNK_DATA = 4;
const CHUNK_DATA_CR = 5;
const CHUNK_DATA_LF = 6;
const TRAILERS = 7;
const PAUSED = 8;
const CLOSED = 9;
const FAILED = 10;

/** Where a parser is, as a server needs to know it (which timeout applies, whether closing is safe). */
export type ParserPhase =
  /** Between messages, holding no bytes of the next one. */
  | 'idle'
  /** Inside a message head. */
  | 'head'
  /** Inside a message body. */
  | 'body'
  /** Stopped after a message that switches protocols. */
  | 'paused'
  /** Ignoring input: the last message ended the connection. */
  | 'closed'
  /** Stopped by an error. */
  | 'failed';

const NO_EVENTS: readonly never[] = Object.freeze([]);
const END: EndEvent = Object.freeze({ type: 'end' });

// What a reader returns once the parser has failed (the loop in `push` then ends, whatever the piece's length).
const STOPPED = 0x3fffffff;

const NO_DEFAULTS: Partial<ParserLeniency> = Object.freeze({});

// Resolved options by the options object and the parser kind's leniency defaults. A server makes a parser per
// connection from one options object: resolving it anew (four object spreads) was measurable on the
// connection-per-request path, and sharing the result also shares its two objects between the parsers. Options
// are read-only (ParserOptions), so an object resolves to the same values every time.
const RESOLVED = new WeakMap<ParserOptions, Map<Partial<ParserLeniency>, ResolvedParserOptions>>();

function resolvedFor(options: ParserOptions, leniencyDefaults: Partial<ParserLeniency>): ResolvedParserOptions {
  let byDefaults = RESOLVED.get(options);
  if (byDefaults === undefined) RESOLVED.set(options, (byDefaults = new Map()));
  let resolved = byDefaults.get(leniencyDefaults);
  if (resolved === undefined) {
    resolved = resolveParserOptions({ ...options, lenient: { ...leniencyDefaults, ...options.lenient } });
    byDefaults.set(leniencyDefaults, resolved);
  }
  return resolved;
}

/**
 * The parts of a parser that differ between requests and responses. Subclasses parse the start line, then turn
 * the fields into a head (framing, persistence) when the head is complete.
 */
export abstract class MessageParser<H extends MessageHead> {
  /** The limits in force. */
  readonly limits: ParserLimits;
  /** The leniencies in force. */
  readonly lenient: ParserLeniency;

  /** Decodes strings for the subclasses' start-line grammars. */
  protected readonly window = new Latin1Window();
  private readonly reader: HeadReader;
  private state = HEAD;
  private out: ParserEvent<H>[] = NO_EVENTS as never[];
  // Stream offset of index 0 of the piece being parsed.
  private consumed = 0;

  // The message being read, once its head is complete.
  private head: H | null = null;
  private remaining = 0;
  private bodyBytes = 0;
  private extensionBytes = 0;
  private trailerRaw: string[] = [];
  private trailerBytes = 0;

  // Bytes received while paused, for `takeRemaining` or `resume`.
  private held: Uint8Array[] = [];
  private failure: ProtocolError | null = null;

  /**
   * @param options - limits and leniencies; omitted members take their defaults
   * @param leniencyDefaults - the leniencies this kind of parser has unless told otherwise
   */
  constructor(options: ParserOptions = {}, leniencyDefaults: Partial<ParserLeniency> = NO_DEFAULTS) {
    const resolved = resolvedFor(options, leniencyDefaults);
    this.limits = resolved.limits;
    this.lenient = resolved.lenient;
    // The parser is its head reader's owner. The members HeadOwner names are protected or private here (they are
    // not API), so the parser is handed over as that interface rather than wrapped in an object of closures, which
    // cost about 1 KB per connection.
    const owner = this as unknown as HeadOwner;
    this.reader = new HeadReader(this.limits, this.lenient, this.window, owner, (options as HeadReaderSwitch)[GENERAL_WAY_ONLY] === true);
  }

  /**
   * Makes this parser what a new one with the same options would be: every byte, message and error it held is
   * dropped, and stream offsets start again at 0. For a server that gives a parser to one connection after another
   * (building one is most of what a new connection allocates). `test/parser/reset.test.ts` proves a reset parser
   * equal to a new one, field by field, after any input.
   */
  reset(): void {
    this.state = HEAD;
    this.out = NO_EVENTS as never[];
    this.consumed = 0;
    this.head = null;
    this.remaining = 0;
    this.bodyBytes = 0;
    this.extensionBytes = 0;
    // New lists only for lists in use: a reset is once per connection for a server's pooled parsers.
    if (this.trailerRaw.length !== 0) this.trailerRaw = [];
    this.trailerBytes = 0;
    if (this.held.length !== 0) this.held = [];
    this.failure = null;
    this.window.reset();
    this.reader.reset();
    this.resetStartLine();
  }

  /** Forgets the subclass's own state, as {@link MessageParser.reset} does the rest. */
  protected abstract resetStartLine(): void;

  /** Where the parser is; see {@link ParserPhase}. */
  get phase(): ParserPhase {
    switch (this.state) {
      case HEAD: return this.reader.idle ? 'idle' : 'head';
      case PAUSED: return 'paused';
      case CLOSED: return 'closed';
      case FAILED: return 'failed';
      default: return 'body';
    }
  }

  /** The error that stopped the parser, or null. */
  get error(): ProtocolError | null {
    return this.failure;
  }

  /**
   * How many bytes are held for {@link MessageParser.takeRemaining} while the parser is paused. Pausing does not limit them:
   * a caller that cannot hand the connection over at once stops reading, or bounds them with this.
   */
  get heldBytes(): number {
    let total = 0;
    for (const piece of this.held) total += piece.length;
    return total;
  }

  /** How many bytes the parser has been given in all. */
  get bytesReceived(): number {
    return this.consumed;
  }

  /**
   * Parses the next piece of input.
   *
   * @param bytes - the bytes received; `data` events are views of it, so it must not be modified while they are used
   * @returns the events the piece completed, in order (a shared empty array when there are none)
   */
  push(bytes: Uint8Array): readonly ParserEvent<H>[] {
    if (this.state >= PAUSED) {
      // Held bytes outlive the push, so they are copied: the caller may reuse its buffer.
      if (this.state === PAUSED && bytes.length !== 0) this.held.push(Uint8Array.prototype.slice.call(bytes));
      this.consumed += bytes.length;
      return NO_EVENTS;
    }
    // One kind of buffer throughout keeps every byte access in the parser monomorphic; a view, not a copy.
    if (!(bytes instanceof Buffer)) bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.reader.beginPiece(bytes, this.consumed);
    // A caller may push the same buffer object again with new contents: decoded text never outlives a push.
    this.window.forget();
    const end = bytes.length;
    let pos = 0;
    while (pos < end) {
      switch (this.state) {
        case HEAD: pos = this.reader.read(bytes, pos); break;
        case BODY_LENGTH: pos = this.readFixedBody(bytes, pos); break;
        case BODY_UNTIL_CLOSE: pos = this.readBodyUntilClose(bytes, pos); break;
        case CHUNK_LINE: pos = this.readChunkLine(bytes, pos); break;
        case CHUNK_DATA: pos = this.readChunkData(bytes, pos); break;
        case CHUNK_DATA_CR: pos = this.readChunkDataCR(bytes, pos); break;
        case CHUNK_DATA_LF: pos = this.readChunkDataLF(bytes, pos); break;
        case TRAILERS: pos = this.readTrailerLine(bytes, pos); break;
        case PAUSED:
          if (pos < end) this.held.push(Uint8Array.prototype.slice.call(bytes, pos));
          pos = end;
          break;
        default:
          pos = end;
      }
    }
    this.consumed += end;
    // Between messages nothing of this piece is needed any more: keep no reference to it, so an idle keep-alive
    // connection does not pin a socket read buffer.
    if (this.state === HEAD && this.reader.atStartLine && !this.reader.hasPartialLine) {
      this.reader.releasePiece();
      this.window.clear();
    }
    const events = this.out;
    this.out = NO_EVENTS as never[];
    return events;
  }

  /**
   * Tells the parser the input ended (the peer closed its side). A body delimited by the close ends here; a
   * message cut short anywhere else is `INCOMPLETE_MESSAGE`. Between messages, nothing happens.
   */
  finish(): readonly ParserEvent<H>[] {
    if (this.state === BODY_UNTIL_CLOSE) {
      this.endMessage();
    } else if (this.state === HEAD && this.reader.atStartLine) {
      // Empty lines before a request-line are ignorable (RFC 9112 §2.2), so a close after them is clean.
      if (this.reader.hasPartialLine) {
        this.fail(new ProtocolError('INCOMPLETE_MESSAGE', 'the connection closed in the middle of a message head', this.consumed));
      }
    } else if (this.state < PAUSED) {
      this.fail(new ProtocolError('INCOMPLETE_MESSAGE', 'the connection closed in the middle of a message', this.consumed));
    }
    if (this.state < PAUSED) this.state = CLOSED;
    const events = this.out;
    this.out = NO_EVENTS as never[];
    return events;
  }

  /**
   * Hands over every byte received after the message that paused the parser (see {@link PausedEvent}), untouched,
   * and stops parsing for good: the connection now speaks another protocol.
   */
  takeRemaining(): Uint8Array {
    const remaining = Buffer.concat(this.held);
    this.held = [];
    if (this.state === PAUSED) this.state = CLOSED;
    return remaining;
  }

  /**
   * Continues with HTTP/1.1 after a pause, when the protocol switch did not happen (a server that declined an
   * Upgrade, a CONNECT that failed); the bytes received meanwhile are parsed now.
   */
  resume(): readonly ParserEvent<H>[] {
    if (this.state !== PAUSED) return NO_EVENTS;
    this.state = HEAD;
    const held = Buffer.concat(this.held);
    this.held = [];
    this.consumed -= held.length;
    return this.push(held);
  }

  /**
   * Parses a start line (CRLF excluded) in `bytes[start, end)` and keeps what it says for {@link buildHead}.
   *
   * @returns null, or the error with its offset as an index into `bytes`
   */
  protected abstract parseStartLine(bytes: Uint8Array, start: number, end: number): ProtocolError | null;

  /**
   * Turns the complete head into the head event's payload, or an error at its stream offset: the start of the field
   * line that causes it (`context.lineOf`), or the head's end (`context.headEnd`) for a field that is missing.
   */
  protected abstract buildHead(fields: Fields, special: SpecialFields, context: HeadContext): H | ProtocolError;

  /** Whether empty lines before a start line are skipped (RFC 9112 §2.2: servers SHOULD, for requests). */
  protected abstract readonly skipsLeadingEmptyLines: boolean;

  /** The code for a start line over {@link ParserLimits.maxStartLineBytes}. */
  protected abstract readonly startLineTooLong: ErrorCode;

  /**
   * The error for a start line over {@link ParserLimits.maxStartLineBytes}, whose first `maxStartLineBytes + 1`
   * bytes are `bytes[start, end)` however it was cut; null for the usual {@link startLineTooLong}.
   */
  protected overlongStartLine(_bytes: Uint8Array, _start: number, _end: number): ProtocolError | null {
    return null;
  }

  /** Whether the connection switches protocols after this message; checked when the message ends. */
  protected abstract switchesAfter(head: H): PausedEvent | null;

  /** Called when a message ends, before the parser moves on, so a subclass can drop per-message state. */
  protected abstract afterMessage(head: H): void;

  // A push completes one or two events most of the time (a head and its end, added together by emitTwo; a head, or
  // a body piece and its end): those lists are made at their size. V8 gives an array that grows by a push room for
  // 17 elements (~150 bytes), per push.
  private emit(event: ParserEvent<H>): void {
    const out = this.out;
    if (out === (NO_EVENTS as never[])) this.out = [event];
    else if (out.length === 1) this.out = [out[0]!, event];
    else out.push(event);
  }

  // Two events at once (see completeHead).
  private emitTwo(first: ParserEvent<H>, second: ParserEvent<H>): void {
    const out = this.out;
    if (out === (NO_EVENTS as never[])) this.out = [first, second];
    else out.push(first, second);
  }

  // Stops the parser for good (also the head reader's HeadOwner.fail).
  private fail(error: ProtocolError): number {
    this.failure = error;
    this.state = FAILED;
    this.emit({ type: 'error', error });
    // Past any position, and a small integer: a double here would make every position in `push` one.
    return STOPPED;
  }

  // The head is complete (the head reader's HeadOwner.completeHead): turn it into the head event and start on the
  // body.
  private completeHead(fields: Fields, special: SpecialFields, context: HeadContext): void {
    const head = this.buildHead(fields, special, context);
    if (head instanceof ProtocolError) {
      this.fail(head);
      return;
    }
    this.head = head;
    if (head.framing.kind === 'none') {
      // A head without content is its whole message: its two events are added together, so that the list of a
      // push made of one such message is one list of two (not a list of one, then the list of two).
      this.emitTwo({ type: 'head', head }, END);
      this.afterEnd();
      return;
    }
    this.emit({ type: 'head', head });
    this.startBody(head.framing);
  }

  // The body of a message with content (completeHead ends one without).
  private startBody(framing: BodyFraming): void {
    switch (framing.kind) {
      case 'length':
        if (framing.length > this.limits.maxBodyBytes) {
          // Decided from Content-Length before any body byte is read (RFC 9110 §15.5.14).
          this.fail(new ProtocolError('BODY_TOO_LARGE', `the body is ${framing.length} bytes; the limit is ${this.limits.maxBodyBytes}`, this.reader.lineOffset));
          return;
        }
        this.remaining = framing.length;
        this.state = BODY_LENGTH;
        return;
      case 'chunked':
        this.state = CHUNK_LINE;
        return;
      case 'until-close':
        this.state = BODY_UNTIL_CLOSE;
        return;
    }
  }

  private readFixedBody(bytes: Uint8Array, pos: number): number {
    const n = Math.min(this.remaining, bytes.length - pos);
    this.emit({ type: 'data', data: bytes.subarray(pos, pos + n) });
    this.remaining -= n;
    if (this.remaining === 0) this.endMessage();
    return pos + n;
  }

  private readBodyUntilClose(bytes: Uint8Array, pos: number): number {
    const n = bytes.length - pos;
    const allowed = this.limits.maxBodyBytes - this.bodyBytes;
    if (n > allowed) {
      // Deliver the body up to the limit and reject at the first byte past it, wherever the pieces were cut.
      if (allowed > 0) this.emit({ type: 'data', data: bytes.subarray(pos, pos + allowed) });
      return this.fail(new ProtocolError('BODY_TOO_LARGE', `the body is larger than ${this.limits.maxBodyBytes} bytes`, this.consumed + pos + allowed));
    }
    this.bodyBytes += n;
    this.emit({ type: 'data', data: bytes.subarray(pos) });
    return bytes.length;
  }

  private readChunkLine(bytes: Uint8Array, pos: number): number {
    const limits = this.limits;
    const maxLength = limits.maxChunkSizeDigits + limits.maxChunkExtensionBytes - this.extensionBytes;
    const next = this.reader.readLine(bytes, pos, maxLength, 'CHUNK_EXTENSIONS_TOO_LARGE');
    if (next < 0) return bytes.length;
    const reader = this.reader;
    const chunk = parseChunkLine(reader.lineBytes, reader.lineStart, reader.lineEnd, limits.maxChunkSizeDigits);
    if (chunk instanceof ProtocolError) return this.fail(reader.inStream(chunk));
    this.extensionBytes += chunk.extensionBytes;
    if (this.extensionBytes > limits.maxChunkExtensionBytes) {
      return this.fail(new ProtocolError('CHUNK_EXTENSIONS_TOO_LARGE', `chunk extensions beyond ${limits.maxChunkExtensionBytes} bytes`, this.reader.lineOffset));
    }
    if (chunk.size > limits.maxBodyBytes - this.bodyBytes) {
      return this.fail(new ProtocolError('BODY_TOO_LARGE', `the chunked body grows beyond ${limits.maxBodyBytes} bytes`, this.reader.lineOffset));
    }
    this.emit({ type: 'chunk', size: chunk.size, extensions: chunk.extensions });
    if (chunk.size === 0) {
      this.state = TRAILERS;
    } else {
      this.bodyBytes += chunk.size;
      this.remaining = chunk.size;
      this.state = CHUNK_DATA;
    }
    return next;
  }

  private readChunkData(bytes: Uint8Array, pos: number): number {
    const n = Math.min(this.remaining, bytes.length - pos);
    this.emit({ type: 'data', data: bytes.subarray(pos, pos + n) });
    this.remaining -= n;
    if (this.remaining === 0) this.state = CHUNK_DATA_CR;
    return pos + n;
  }

  // RFC 9112 §7.1: chunk data is followed by CRLF, exactly.
  private readChunkDataCR(bytes: Uint8Array, pos: number): number {
    const b = bytes[pos];
    if (b === CR) {
      this.state = CHUNK_DATA_LF;
      return pos + 1;
    }
    if (b === LF && this.lenient.bareLineFeed) {
      this.state = CHUNK_LINE;
      return pos + 1;
    }
    return this.fail(new ProtocolError('MISSING_CHUNK_DATA_CRLF', 'chunk data is not followed by CRLF', this.consumed + pos));
  }

  private readChunkDataLF(bytes: Uint8Array, pos: number): number {
    if (bytes[pos] !== LF) {
      return this.fail(new ProtocolError('BARE_CR', 'chunk data is followed by a CR without LF', this.consumed + pos - 1));
    }
    this.state = CHUNK_LINE;
    return pos + 1;
  }

  private readTrailerLine(bytes: Uint8Array, pos: number): number {
    const budget = this.limits.maxTrailerBytes - this.trailerBytes - 2;
    const next = this.reader.readLine(bytes, pos, budget, 'TRAILER_SECTION_TOO_LARGE');
    if (next < 0) return bytes.length;
    const reader = this.reader;
    if (reader.lineEnd === reader.lineStart) {
      if (this.trailerRaw.length !== 0) this.emit({ type: 'trailers', trailers: new Fields(this.trailerRaw) });
      this.endMessage();
      return next;
    }
    this.trailerBytes += reader.lineEnd - reader.lineStart + 2;
    const error = this.reader.addTrailerField(this.trailerRaw);
    return error === null ? next : this.fail(error);
  }

  // The message is complete: decide what the bytes after it are. When the parser pauses, `push` keeps the rest
  // of the piece for `takeRemaining` or `resume`.
  private endMessage(): void {
    this.emit(END);
    this.afterEnd();
  }

  // What follows a message's end event.
  private afterEnd(): void {
    const head = this.head!;
    const paused = this.switchesAfter(head);
    this.resetMessage();
    this.afterMessage(head);
    if (paused !== null) {
      this.state = PAUSED;
      this.emit(paused);
      return;
    }
    // RFC 9112 §9.6: after a message that ends the connection, nothing more is processed.
    this.state = head.keepAlive ? HEAD : CLOSED;
  }

  private resetMessage(): void {
    this.reader.resetMessage();
    this.remaining = 0;
    this.bodyBytes = 0;
    this.extensionBytes = 0;
    this.trailerBytes = 0;
    if (this.trailerRaw.length !== 0) this.trailerRaw = [];
  }
}