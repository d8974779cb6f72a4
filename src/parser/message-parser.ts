/**
 * The incremental state machine shared by the request and response parsers: bytes go in through `push`, events
 * come out, and the result is the same however the input is split.
 *
 * Theory of operation. A message is a head (start line, field lines, an empty line) and a body whose end is
 * decided by the head (RFC 9112 §6.3). The parser reads the head line by line with a {@link LineReader}, parsing
 * each line as soon as it is complete, so the only bytes it ever holds are one incomplete line — bounded by the
 * limit that applies to that line. Body bytes are never held: each `data` event is a view of the pushed buffer.
 * After a message ends the parser either starts on the next one (keep-alive, pipelining), ignores everything
 * (the connection is closing), or pauses because the connection switches protocols.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { CR, LF, SP, HTAB } from '../wire/char-classes.js';
import {
  FIELD_LINE_CUT, FieldLineProgress, type FieldLineSpans, continueFieldLine, parseFieldLine, parseObsFoldContinuation,
  readWholeFieldLine, scanFieldLine, valueEndWithoutOws,
} from '../wire/field-line.js';
import { Fields } from '../wire/fields.js';
import { Latin1Window, latin1 } from '../wire/latin1.js';
import { LINE_ERROR, LINE_TOO_LONG, LineReader, NEED_MORE, firstCrOrNul } from '../wire/line-reader.js';
import { type ErrorCode, ProtocolError, invalidByte } from '../wire/protocol-error.js';
import { parseChunkLine } from '../wire/chunk-line.js';
import type { BodyFraming } from './framing.js';
import type { EndEvent, MessageHead, ParserEvent, PausedEvent } from './events.js';
import { type ParserLimits, type ParserLeniency, type ParserOptions, resolveParserOptions } from './options.js';
import { findInvalidAuthorityByte } from '../wire/request-target.js';
import { HOST, SPECIAL_NAME_LENGTHS, SpecialFields, specialFieldKind } from './special-fields.js';

// States. Plain numbers: compared on every loop turn.
const START_LINE = 0;
const FIELDS = 1;
const BODY_LENGTH = 2;
const BODY_UNTIL_CLOSE = 3;
const CHUNK_LINE = 4;
const CHUNK_DATA = 5;
const CHUNK_DATA_CR = 6;
const CHUNK_DATA_LF = 7;
const TRAILERS = 8;
const PAUSED = 9;
const CLOSED = 10;
const FAILED = 11;

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

// Pieces shorter than this are small socket reads: see readFieldLines.
const DEFERRING_PIECE = 256;
// A small piece that continues a cut field line is copied whole from this many bytes on (see readSplitLines);
// a few bytes are checked where they are and held.
const COPIED_PIECE = 16;

// Start lines up to this long are looked for with a loop here; longer ones with the line reader's native search.
const SHORT_LINE = 256;

// The index of the first CR or LF in `bytes[pos, pos + maxLength]`, or -1 when there is none there.
function findShortLineEnd(bytes: Uint8Array, pos: number, maxLength: number): number {
  const end = Math.min(bytes.length - 1, pos + maxLength);
  for (let i = pos; i <= end; i++) {
    const b = bytes[i]!;
    if (b <= CR && (b === CR || b === LF)) return i;
  }
  return -1;
}

/**
 * A start-line grammar's error, or the line's first bare CR or NUL when it has one elsewhere. Neither byte can
 * stand anywhere in a start line (RFC 9112 §2.2, §3, §4), and a start line held across pieces fails at its first
 * one as soon as that is known, before the rest of the line has arrived (LineReader.checkHeldLine): the same
 * line arriving whole must fail there too, whatever else is wrong with it. Error paths only.
 */
function startLineError(bytes: Uint8Array, start: number, end: number, error: ProtocolError): ProtocolError {
  const at = firstCrOrNul(bytes, start, end);
  if (at === -1 || (at === error.offset && (error.code === 'BARE_CR' || error.code === 'NUL_BYTE'))) return error;
  return invalidByte(bytes[at]!, at, 'INVALID_REQUEST_LINE', 'the start line');
}

/** What a start line contributes to the head; kept by the subclass until the head is complete. */
export interface HeadContext {
  /** The fields of the head, in order. */
  readonly fields: Fields;
  /** The values of the fields the parser interprets. */
  readonly special: SpecialFields;
  /**
   * Whether the last Host value is `uri-host [":" port]`, when the parser checked it from its bytes as its line
   * was read; `undefined` when its line went a way that keeps no bytes (obs-fold, a line read the general way),
   * and the string must be checked instead.
   */
  readonly hostValid: boolean | undefined;
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

  private readonly lines: LineReader;
  /** Decodes strings for the subclasses' start-line grammars. */
  protected readonly window = new Latin1Window();
  private state = START_LINE;
  private out: ParserEvent<H>[] = NO_EVENTS as never[];
  // Stream offset of index 0 of the piece being parsed.
  private consumed = 0;
  // Stream offset where the line being read began, and where the partial line held by the reader began.
  private lineOffset = 0;
  private partialOffset = 0;
  // Stream offset where the current message began.
  private messageOffset = 0;
  private leadingBytes = 0;

  // The message being read.
  private raw: string[] = [];
  private headBytes = 0;
  // The kind and field index of each interpreted field of the head; arrays reused, `specialCount` entries valid.
  private readonly specialKinds: number[] = [];
  private readonly specialIndexes: number[] = [];
  private specialCount = 0;
  // The verdict on the last Host value, from its bytes (see HeadContext.hostValid).
  private hostValid: boolean | undefined = undefined;
  // Field lines of the head that spanned pieces, decoded when the head is complete: for each, the index of its
  // name in `raw` and where its name and value lie in the line reader's buffer. Reused from head to head:
  // `deferredLength` entries are valid.
  private readonly deferred: number[] = [];
  private deferredLength = 0;
  private readonly spans: FieldLineSpans = { nameEnd: 0, valueStart: 0, valueEnd: 0 };
  // A well-formed field line cut by the end of a piece: how far it was checked.
  private readonly progress = new FieldLineProgress();
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
  constructor(options: ParserOptions = {}, leniencyDefaults: Partial<ParserLeniency> = {}) {
    const resolved = resolveParserOptions({ ...options, lenient: { ...leniencyDefaults, ...options.lenient } });
    this.limits = resolved.limits;
    this.lenient = resolved.lenient;
    // The grammars check every byte of every line (CR and NUL included, with the tokenizer's error codes), so
    // the reader only has to find line ends.
    this.lines = new LineReader(this.lenient.bareLineFeed, false);
    // A head that arrives in small pieces has most of its lines spliced; keeping them side by side lets one decode
    // make all their strings when the head is complete, instead of one decode per line.
    this.lines.retainSplicedLines = true;
  }

  /** Where the parser is; see {@link ParserPhase}. */
  get phase(): ParserPhase {
    switch (this.state) {
      case START_LINE: return this.lines.pendingBytes === 0 && this.leadingBytes === 0 ? 'idle' : 'head';
      case FIELDS: return 'head';
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
    this.lines.beginPiece(bytes);
    // A caller may push the same buffer object again with new contents: decoded text never outlives a push.
    this.window.forget();
    const end = bytes.length;
    let pos = 0;
    while (pos < end) {
      switch (this.state) {
        case START_LINE: pos = this.readStartLine(bytes, pos); break;
        case FIELDS: pos = this.readFieldLines(bytes, pos); break;
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
    if (this.state === START_LINE && !this.lines.hasPartial) {
      this.lines.releasePiece();
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
    } else if (this.state !== START_LINE && this.state < PAUSED) {
      this.fail(new ProtocolError('INCOMPLETE_MESSAGE', 'the connection closed in the middle of a message', this.consumed));
    } else if (this.state === START_LINE && this.lines.hasPartial) {
      // Empty lines before a request-line are ignorable (RFC 9112 §2.2), so a close after them is clean.
      this.fail(new ProtocolError('INCOMPLETE_MESSAGE', 'the connection closed in the middle of a message head', this.consumed));
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
    this.state = START_LINE;
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

  /** Turns the complete head into the head event's payload, or an error (offsets relative to the head's start). */
  protected abstract buildHead(context: HeadContext): H | ProtocolError;

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

  private emit(event: ParserEvent<H>): void {
    if (this.out === (NO_EVENTS as never[])) this.out = [];
    this.out.push(event);
  }

  private fail(error: ProtocolError): number {
    this.failure = error;
    this.state = FAILED;
    this.emit({ type: 'error', error });
    // Past any position, and a small integer: a double here would make every position in `push` one.
    return STOPPED;
  }

  // Reads one line: returns the position after it, or -1 when there is none yet (the piece was taken into the
  // partial line) or the line was bad (the parser has failed).
  private readLine(bytes: Uint8Array, pos: number, maxLength: number, tooLong: ErrorCode): number {
    const lines = this.lines;
    const continuing = lines.hasPartial;
    const next = lines.read(bytes, pos, maxLength < 0 ? 0 : maxLength);
    if (next >= 0) {
      if (lines.lineWasSpliced) {
        // The line was assembled in the reader's own buffer: it began where the partial line began, and the
        // buffer has changed under any cached decoding of it. (Field lines of a head are decoded later.)
        this.lineOffset = this.partialOffset;
        if (this.state !== FIELDS) this.window.bound(lines.lineBytes, lines.lineEnd);
      } else {
        this.lineOffset = this.consumed + pos;
      }
      return next;
    }
    this.lineOffset = continuing ? this.partialOffset : this.consumed + pos;
    if (next === NEED_MORE) {
      if (!continuing) this.partialOffset = this.consumed + pos;
      return next;
    }
    this.fail(next === LINE_ERROR ? lines.error!.shifted(this.consumed) : this.lineTooLong(tooLong));
    return -1;
  }

  private lineTooLong(code: ErrorCode): ProtocolError {
    const limits = this.limits;
    switch (code) {
      case 'HEADER_SECTION_TOO_LARGE':
        return new ProtocolError(code, `the header section is larger than ${limits.maxHeaderBytes} bytes`, this.lineOffset);
      case 'TRAILER_SECTION_TOO_LARGE':
        return new ProtocolError(code, `the trailer section is larger than ${limits.maxTrailerBytes} bytes`, this.lineOffset);
      case 'CHUNK_EXTENSIONS_TOO_LARGE':
        return new ProtocolError(code, `a chunk line longer than the limit on chunk extensions (${limits.maxChunkExtensionBytes} bytes per message) allows`, this.lineOffset);
      default: {
        const lines = this.lines;
        const error = this.overlongStartLine(lines.lineBytes, lines.lineStart, lines.lineEnd);
        if (error !== null) return error.shifted(this.lineOffset - lines.lineStart);
        return new ProtocolError(code, `the start line is longer than ${limits.maxStartLineBytes} bytes`, this.lineOffset);
      }
    }
  }

  // A grammar error's offset is an index into the line's buffer; the stream offset is counted from the line start.
  private failInLine(error: ProtocolError): number {
    return this.fail(error.shifted(this.lineOffset - this.lines.lineStart));
  }

  private readStartLine(bytes: Uint8Array, pos: number): number {
    if (!this.lines.hasPartial) {
      // A start line that lies whole in this piece, ended by CRLF and within the limit, is parsed where it is,
      // without the line reader; anything else (a bare CR or LF first, an empty line, a line cut by the end of
      // the piece or long enough to be near the limit) goes the general way below, which reports what is wrong.
      const cr = findShortLineEnd(bytes, pos, Math.min(this.limits.maxStartLineBytes, SHORT_LINE));
      if (cr > pos && bytes[cr] === CR && bytes[cr + 1] === LF) {
        this.leadingBytes = 0;
        this.lineOffset = this.consumed + pos;
        this.messageOffset = this.lineOffset;
        const error = this.parseStartLine(bytes, pos, cr);
        if (error !== null) return this.fail(startLineError(bytes, pos, cr, error).shifted(this.consumed));
        this.state = FIELDS;
        return cr + 2;
      }
    }
    // A start line with a bare CR or a NUL fails as soon as that is known, not when (or if) its LF arrives.
    this.lines.checkHeldLine = true;
    const next = this.readLine(bytes, pos, this.limits.maxStartLineBytes, this.startLineTooLong);
    this.lines.checkHeldLine = false;
    if (next < 0) return bytes.length;
    const lines = this.lines;
    if (lines.lineEnd === lines.lineStart) {
      // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line. The empty lines
      // are bounded by the start-line limit, so they cannot be used to hold a connection for free.
      // Each counts as the two bytes of a CRLF, however it was split.
      this.leadingBytes += 2;
      if (!this.skipsLeadingEmptyLines) {
        return this.fail(new ProtocolError('INVALID_STATUS_LINE', 'an empty line where the status-line belongs', this.lineOffset));
      }
      if (this.leadingBytes > this.limits.maxStartLineBytes) {
        return this.fail(new ProtocolError(this.startLineTooLong, 'too many empty lines before the request-line', this.lineOffset));
      }
      return next;
    }
    this.leadingBytes = 0;
    // The message begins with its start line, not with the empty lines skipped before it (RFC 9112 §2.2).
    this.messageOffset = this.lineOffset;
    const error = this.parseStartLine(lines.lineBytes, lines.lineStart, lines.lineEnd);
    if (error !== null) return this.failInLine(startLineError(lines.lineBytes, lines.lineStart, lines.lineEnd, error));
    this.state = FIELDS;
    return next;
  }

  // Reads field lines until the head is complete or the piece runs out: one call for the whole head in the
  // common case, rather than one trip through the dispatch loop per line.
  private readFieldLines(bytes: Uint8Array, pos: number): number {
    const lines = this.lines;
    const maxHeaderBytes = this.limits.maxHeaderBytes;
    const maxFields = this.limits.maxFieldCount * 2;
    const raw = this.raw;
    const progress = this.progress;
    for (;;) {
      // The empty line is recognised where it stands; a well-formed line that lies whole in this piece is found
      // and parsed in one pass, and one cut by the end of the piece is held and later checked on from where it
      // stopped (see docs/design.md). Any other line (malformed, over a limit, obs-fold, the empty line cut after
      // its CR) goes the general way, which reports what is wrong.
      if (!lines.hasPartial) {
        if (bytes[pos] === CR && pos + 1 < bytes.length && bytes[pos + 1] === LF) {
          // The empty line that ends the head (RFC 9112 §2.1), read as the general way reads it.
          this.lineOffset = this.consumed + pos;
          this.completeHead();
          return pos + 2;
        }
        if (raw.length < maxFields) {
          // Once the head has spliced lines to decode when it completes, the whole lines of later small pieces
          // join them: copying a line's bytes costs less than decoding each piece on its own.
          const deferring = this.deferredLength !== 0 && bytes.length < DEFERRING_PIECE;
          const end = readWholeFieldLine(bytes, pos, bytes.length, maxHeaderBytes - this.headBytes - 2, deferring ? null : raw, this.window, progress);
          if (end >= 0) {
            this.headBytes += end - pos;
            if (deferring) {
              const at = lines.retainLine(bytes, pos, end - 2);
              this.deferField(lines.splicedBytes, at, at + progress.nameLength, at + progress.valueOffset, at + (end - 2 - pos));
              pos = end;
              continue;
            }
            const nameLength = progress.nameLength;
            if (((SPECIAL_NAME_LENGTHS >>> nameLength) & 1) !== 0) {
              const kind = specialFieldKind(bytes, pos, pos + nameLength);
              if (kind !== 0) {
                this.noteKind(kind, raw);
                if (kind === HOST) this.checkHost(bytes, pos + nameLength + 1, end - 2);
              }
            }
            pos = end;
            continue;
          }
          if (end === FIELD_LINE_CUT) {
            // The line goes on in the next piece, and no LF is in this one: keep it without searching again.
            this.partialOffset = this.consumed + pos;
            return this.holdFieldLine(bytes, pos);
          }
        }
      } else if (progress.following && bytes.length - pos < DEFERRING_PIECE && bytes.length - pos >= COPIED_PIECE) {
        const next = this.readSplitLines(bytes, pos);
        if (next >= bytes.length || this.state !== FIELDS) return next;
        // A line for the general way.
        pos = next;
      } else if (progress.atLineFeed) {
        // Only the LF of a held line is missing, and its CR is held: the general way (which knows a held CR)
        // finishes it.
        progress.forget();
      } else if (progress.following) {
        // The rest of a cut line: checked from where the check stopped, so neither searched for its LF nor
        // checked again once spliced.
        const held = lines.pendingBytes;
        const cr = continueFieldLine(bytes, pos, bytes.length, held, maxHeaderBytes - this.headBytes - 2, progress);
        if (cr >= 0) {
          pos = lines.completeWith(bytes, pos, cr, cr + 2);
          this.headBytes += lines.lineEnd - lines.lineStart + 2;
          const start = lines.lineStart;
          this.deferField(lines.lineBytes, start, start + progress.nameLength, start + progress.valueOffset, lines.lineEnd);
          continue;
        }
        if (cr === FIELD_LINE_CUT) return this.holdFieldLine(bytes, pos);
      }
      const next = this.readLine(bytes, pos, maxHeaderBytes - this.headBytes - 2, 'HEADER_SECTION_TOO_LARGE');
      if (next < 0) return bytes.length;
      if (lines.lineEnd === lines.lineStart) {
        this.completeHead();
        return next;
      }
      this.headBytes += lines.lineEnd - lines.lineStart + 2;
      const error = this.addField(this.raw, lines.lineBytes, lines.lineStart, lines.lineEnd, true);
      if (error !== null) return this.failInLine(error);
      pos = next;
    }
  }

  // A small piece that continues a cut field line is copied whole after the held part, and the lines are read
  // there: each byte is copied once, in one go; the lines ending in the piece are checked in one buffer (whose
  // word view is made once) and decoded with the head's other spliced lines when it completes. Returns where
  // reading goes on in `bytes`: at its end; after the head, once the head is complete; or at the start of a line
  // for the general way (at `pos` when that is the held line itself, which is then held as it was).
  private readSplitLines(bytes: Uint8Array, pos: number): number {
    const lines = this.lines;
    const progress = this.progress;
    const maxHeaderBytes = this.limits.maxHeaderBytes;
    const maxFields = this.limits.maxFieldCount * 2;
    const held = lines.pendingBytes;
    const base = lines.append(bytes, pos, bytes.length);
    const spliced = lines.splicedBytes;
    const splicedEnd = base + (bytes.length - pos);
    // The stream offset of spliced[k], for k at or after `base`, is `shift + k`.
    const shift = this.consumed + pos - base;
    const heldStart = base - held;
    const cr = continueFieldLine(spliced, base, splicedEnd, held, maxHeaderBytes - this.headBytes - 2, progress);
    if (cr === FIELD_LINE_CUT) return this.keepSplitLine(heldStart, splicedEnd, bytes.length);
    if (cr < 0) {
      lines.setPartial(heldStart, base);
      return pos;
    }
    this.headBytes += cr - heldStart + 2;
    this.deferField(spliced, heldStart, heldStart + progress.nameLength, heldStart + progress.valueOffset, cr);
    let at = cr + 2;
    while (at < splicedEnd) {
      if (spliced[at] === CR && at + 1 < splicedEnd && spliced[at + 1] === LF) {
        // The empty line that ends the head (RFC 9112 §2.1).
        lines.setPartial(at, at);
        this.lineOffset = shift + at;
        this.completeHead();
        return pos + (at + 2 - base);
      }
      if (this.raw.length >= maxFields) break;
      const end = readWholeFieldLine(spliced, at, splicedEnd, maxHeaderBytes - this.headBytes - 2, null, this.window, progress);
      if (end >= 0) {
        this.headBytes += end - at;
        this.deferField(spliced, at, at + progress.nameLength, at + progress.valueOffset, end - 2);
        at = end;
      } else if (end === FIELD_LINE_CUT) {
        this.partialOffset = shift + at;
        return this.keepSplitLine(at, splicedEnd, bytes.length);
      } else {
        break;
      }
    }
    lines.setPartial(at, at);
    return pos + (at - base);
  }

  // Keeps the reader's `splicedBytes[start, end)` as a cut field line (its start's stream offset in
  // `partialOffset`), within the limit that a held line has (see holdFieldLine; a final CR is not content).
  private keepSplitLine(start: number, end: number, pieceEnd: number): number {
    const lines = this.lines;
    lines.setPartial(start, end);
    const content = (this.progress.atLineFeed ? end - 1 : end) - start;
    if (content <= this.limits.maxHeaderBytes - this.headBytes - 2) return pieceEnd;
    this.lineOffset = this.partialOffset;
    this.progress.forget();
    return this.fail(this.lineTooLong('HEADER_SECTION_TOO_LARGE'));
  }

  // Keeps the rest of the piece as the beginning of a field line that ends in a later piece.
  private holdFieldLine(bytes: Uint8Array, pos: number): number {
    this.lineOffset = this.partialOffset;
    if (this.lines.hold(bytes, pos, this.limits.maxHeaderBytes - this.headBytes - 2) === LINE_TOO_LONG) {
      this.progress.forget();
      this.fail(this.lineTooLong('HEADER_SECTION_TOO_LARGE'));
    }
    return bytes.length;
  }

  // Appends a field of the head whose line lies in the line reader's buffer, to be decoded with the others when
  // the head is complete, and notes it if the parser interprets it. The value starts at `valueStart` and ends,
  // before any trailing whitespace, by `lineEnd`.
  private deferField(bytes: Uint8Array, start: number, nameEnd: number, valueStart: number, lineEnd: number): void {
    const raw = this.raw;
    const valueEnd = valueEndWithoutOws(bytes, valueStart, lineEnd);
    const deferred = this.deferred;
    let k = this.deferredLength;
    deferred[k++] = raw.length;
    deferred[k++] = start;
    deferred[k++] = nameEnd;
    deferred[k++] = valueStart;
    deferred[k++] = valueEnd;
    this.deferredLength = k;
    raw.push('', '');
    const kind = specialFieldKind(bytes, start, nameEnd);
    if (kind !== 0) {
      this.noteKind(kind, raw);
      if (kind === HOST) this.checkHost(bytes, valueStart, valueEnd);
    }
  }

  // Parses one field line into `raw`; for the head, notes the fields the parser interprets.
  private addField(raw: string[], bytes: Uint8Array, start: number, end: number, isHead: boolean): ProtocolError | null {
    const first = bytes[start];
    if (first === SP || first === HTAB) {
      if (raw.length === 0) {
        // RFC 9112 §2.2: whitespace between the start-line and the first field line; h1ref takes the "reject"
        // branch, because the other (ignoring the line) hides a field from us that a peer may honour.
        return isHead
          ? new ProtocolError('WHITESPACE_BEFORE_FIRST_FIELD', 'whitespace before the first field line', start)
          : new ProtocolError('OBS_FOLD', 'a trailer section that starts with whitespace', start);
      }
      if (!this.lenient.obsFold) {
        // RFC 9112 §5.2: a server MUST either reject obs-fold with 400 or replace it with SP; strict mode rejects.
        return new ProtocolError('OBS_FOLD', 'a field line folded onto the next line (obs-fold)', start);
      }
      // The folded value is extended now, so every value before it must be a string already, and a Host value
      // checked from its first line's bytes may be another now.
      if (isHead) {
        this.decodeDeferredFields();
        this.hostValid = undefined;
      }
      if (bytes === this.lines.splicedBytes) this.window.bound(bytes, end);
      const continuation = parseObsFoldContinuation(bytes, start, end, this.window);
      if (continuation instanceof ProtocolError) return continuation;
      const last = raw.length - 1;
      const previous = raw[last]!;
      raw[last] = previous === '' ? continuation : continuation === '' ? previous : `${previous} ${continuation}`;
      return null;
    }
    if (raw.length >= this.limits.maxFieldCount * 2) {
      return new ProtocolError(isHead ? 'TOO_MANY_FIELDS' : 'TRAILER_SECTION_TOO_LARGE', `more than ${this.limits.maxFieldCount} field lines`, start);
    }
    if (!isHead || bytes !== this.lines.splicedBytes) {
      const error = parseFieldLine(bytes, start, end, raw, this.window);
      if (error !== null) return error;
      if (isHead) {
        const kind = specialFieldKind(bytes, start, start + raw[raw.length - 2]!.length);
        if (kind !== 0) {
          this.noteKind(kind, raw);
          // Only the strings are kept: buildHead checks this one.
          if (kind === HOST) this.hostValid = undefined;
        }
      }
      return null;
    }
    // A head line that spanned pieces: checked now, decoded with the others when the head is complete.
    const spans = this.spans;
    const error = scanFieldLine(bytes, start, end, spans);
    if (error !== null) return error;
    this.deferField(bytes, start, spans.nameEnd, spans.valueStart, spans.valueEnd);
    return null;
  }

  // Makes the strings of the deferred field lines with one decode of the reader's buffer.
  private decodeDeferredFields(): void {
    const deferred = this.deferred;
    const length = this.deferredLength;
    if (length === 0) return;
    const raw = this.raw;
    const first = deferred[1]!;
    const text = latin1(this.lines.splicedBytes, first, deferred[length - 1]!);
    for (let k = 0; k < length; k += 5) {
      const index = deferred[k]!;
      raw[index] = text.substring(deferred[k + 1]! - first, deferred[k + 2]! - first);
      raw[index + 1] = text.substring(deferred[k + 3]! - first, deferred[k + 4]! - first);
    }
    this.deferredLength = 0;
  }

  // Records that the field just appended to `raw` is one the parser interprets (Host, Content-Length, …). Fields
  // are noted as they are read, so in field order.
  private noteKind(kind: number, raw: readonly string[]): void {
    this.specialKinds[this.specialCount] = kind;
    this.specialIndexes[this.specialCount++] = (raw.length >> 1) - 1;
  }

  // Checks the Host value in `bytes[from, to)`, surrounding whitespace not yet removed, while its bytes are at
  // hand: checking the string made of them costs several times more (RFC 9112 §3.2; the verdict is used by
  // buildHead).
  private checkHost(bytes: Uint8Array, from: number, to: number): void {
    while (from < to && (bytes[from] === SP || bytes[from] === HTAB)) from++;
    this.hostValid = findInvalidAuthorityByte(bytes, from, valueEndWithoutOws(bytes, from, to)) === -1;
  }

  private completeHead(): void {
    this.decodeDeferredFields();
    this.lines.releaseRetained();
    this.lines.retainSplicedLines = false;
    const fields = new Fields(this.raw);
    const special = SpecialFields.collect(this.raw, this.specialKinds, this.specialIndexes, this.specialCount);
    const head = this.buildHead({ fields, special, hostValid: this.hostValid });
    if (head instanceof ProtocolError) {
      this.fail(head.shifted(this.messageOffset));
      return;
    }
    this.head = head;
    this.emit({ type: 'head', head });
    this.startBody(head.framing);
  }

  private startBody(framing: BodyFraming): void {
    switch (framing.kind) {
      case 'none':
        this.endMessage();
        return;
      case 'length':
        if (framing.length > this.limits.maxBodyBytes) {
          // Decided from Content-Length before any body byte is read (RFC 9110 §15.5.14).
          this.fail(new ProtocolError('BODY_TOO_LARGE', `the body is ${framing.length} bytes; the limit is ${this.limits.maxBodyBytes}`, this.lineOffset));
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
    const next = this.readLine(bytes, pos, maxLength, 'CHUNK_EXTENSIONS_TOO_LARGE');
    if (next < 0) return bytes.length;
    const lines = this.lines;
    const chunk = parseChunkLine(lines.lineBytes, lines.lineStart, lines.lineEnd, limits.maxChunkSizeDigits);
    if (chunk instanceof ProtocolError) return this.failInLine(chunk);
    this.extensionBytes += chunk.extensionBytes;
    if (this.extensionBytes > limits.maxChunkExtensionBytes) {
      return this.fail(new ProtocolError('CHUNK_EXTENSIONS_TOO_LARGE', `chunk extensions beyond ${limits.maxChunkExtensionBytes} bytes`, this.lineOffset));
    }
    if (chunk.size > limits.maxBodyBytes - this.bodyBytes) {
      return this.fail(new ProtocolError('BODY_TOO_LARGE', `the chunked body grows beyond ${limits.maxBodyBytes} bytes`, this.lineOffset));
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
    const next = this.readLine(bytes, pos, budget, 'TRAILER_SECTION_TOO_LARGE');
    if (next < 0) return bytes.length;
    const lines = this.lines;
    if (lines.lineEnd === lines.lineStart) {
      if (this.trailerRaw.length !== 0) this.emit({ type: 'trailers', trailers: new Fields(this.trailerRaw) });
      this.endMessage();
      return next;
    }
    this.trailerBytes += lines.lineEnd - lines.lineStart + 2;
    const error = this.addField(this.trailerRaw, lines.lineBytes, lines.lineStart, lines.lineEnd, false);
    return error === null ? next : this.failInLine(error);
  }

  // The message is complete: decide what the bytes after it are. When the parser pauses, `push` keeps the rest
  // of the piece for `takeRemaining` or `resume`.
  private endMessage(): void {
    const head = this.head!;
    this.emit(END);
    const paused = this.switchesAfter(head);
    this.resetMessage();
    this.afterMessage(head);
    if (paused !== null) {
      this.state = PAUSED;
      this.emit(paused);
      return;
    }
    // RFC 9112 §9.6: after a message that ends the connection, nothing more is processed.
    this.state = head.keepAlive ? START_LINE : CLOSED;
  }

  private resetMessage(): void {
    this.lines.retainSplicedLines = true;
    this.raw = [];
    this.headBytes = 0;
    this.specialCount = 0;
    this.hostValid = undefined;
    this.remaining = 0;
    this.bodyBytes = 0;
    this.extensionBytes = 0;
    this.trailerBytes = 0;
    if (this.trailerRaw.length !== 0) this.trailerRaw = [];
  }
}
