/**
 * The head reader: the start line and the field lines of a message (RFC 9112 §2.1, §3, §4, §5), read line by line
 * with a {@link LineReader} and checked by the grammars of `src/wire`, however the input is cut. It also reads the
 * other lines of a message for the {@link MessageParser} (chunk lines; trailer field lines with the same field
 * rules), since every line shares the offsets kept here.
 *
 * Theory of operation. The only bytes ever held are one incomplete line, bounded by the limit that applies to it.
 * A complete line is found by the line reader and checked by one grammar. On top of that general way sit the fast
 * paths (see docs/design.md, "Performance techniques"): a start line or a field line that lies whole in a piece
 * is found and checked in one pass; a field line cut by the end of a piece is checked on from where it stopped;
 * small pieces are spliced in the reader's buffer and their field lines decoded together when the head is
 * complete. Each fast path either reaches the general way's result or hands the line to the general way.
 *
 * @module
 */
import { CR, LF, SP, HTAB } from '../wire/char-classes.js';
import {
  type FieldLineSpans, parseFieldLine, parseObsFoldContinuation, scanFieldLine, valueEndWithoutOws,
} from '../wire/field-line.js';
import { Fields, newFieldList } from '../wire/fields.js';
import { type Latin1Window, latin1 } from '../wire/latin1.js';
import { LineReader, firstCrOrNul } from '../wire/line-reader.js';
import { FIELD_LINE_CUT, LINE_ERROR, NEED_MORE } from '../wire/line-status.js';
import { type ErrorCode, ProtocolError, invalidByte } from '../wire/protocol-error.js';
import { findInvalidAuthorityByte } from '../wire/request-target.js';
import type { ParserLeniency, ParserLimits } from './options.js';
import { FieldLineProgress, continueFieldLine, readWholeFieldLine } from './fast-field-line.js';
import type { FieldLineOffsets, FramingField } from './framing.js';
import { CONTENT_LENGTH, HOST, SPECIAL_NAME_LENGTHS, SPECIAL_STRIDE, SpecialFields, TRANSFER_ENCODING, specialFieldKind } from './special-fields.js';

// Pieces shorter than this are small socket reads: see readFieldLines.
const DEFERRING_PIECE = 256;
// A small piece that continues a cut field line is copied whole from this many bytes on (see readSplitLines);
// a few bytes are checked where they are and held.
const COPIED_PIECE = 16;

// Room for four interpreted fields (Host, Connection, and a framing field or two) in a reader's list of them.
const SPECIAL_ROOM = 4 * SPECIAL_STRIDE;

// A list of `count` zeros, made by pushes: `new Array(count).fill(0)` would make a holey one, whose reads V8 checks
// for holes.
function zeros(count: number): number[] {
  const list: number[] = [];
  for (let k = 0; k < count; k++) list.push(0);
  return list;
}

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

/**
 * What the head reader knows of the head it has just completed besides its fields, for the owner to build the head
 * with: the head reader itself, read while the owner's `completeHead` runs (an object per head would cost ~60
 * bytes for three values).
 */
export interface HeadContext extends FieldLineOffsets {
  /**
   * Whether the last Host value is `uri-host [":" port]`, when the parser checked it from its bytes as its line
   * was read; `undefined` when its line went a way that keeps no bytes (obs-fold, a line read the general way),
   * and the string must be checked instead.
   */
  readonly hostValid: boolean | undefined;
  /** The stream offset of the empty line that ends the head: where an error about a missing field points. */
  readonly headEnd: number;
}

/**
 * What the head reader needs of the parser it reads for: the rules of its start line, and where to report.
 * Offsets of the errors it reports are stream offsets. `MessageParser` is the one owner: it has these members
 * (protected or private, for they are not API) and hands itself over as this interface.
 */
export interface HeadOwner {
  /** Parses a start line in `bytes[start, end)` (CRLF excluded); null, or the error with an index into `bytes`. */
  parseStartLine(bytes: Uint8Array, start: number, end: number): ProtocolError | null;
  /** The error for a start line over the limit, whose first `limit + 1` bytes are `bytes[start, end)`; or null. */
  overlongStartLine(bytes: Uint8Array, start: number, end: number): ProtocolError | null;
  /** Whether empty lines before a start line are skipped (RFC 9112 §2.2). */
  readonly skipsLeadingEmptyLines: boolean;
  /** The code for a start line over the limit. */
  readonly startLineTooLong: ErrorCode;
  /** Stops the parser with `error`; returns a position past any piece. */
  fail(error: ProtocolError): number;
  /**
   * The head is complete (its empty line was the last line read): its fields, the values of those the parser
   * interprets, and the rest of what the reader knows of it (valid during this call).
   */
  completeHead(fields: Fields, special: SpecialFields, context: HeadContext): void;
}

/**
 * The internal switch that makes a parser read every head the general way only: each line found by the line
 * reader, checked by the one readable grammar, its field added — none of the fast paths. Not public API: the
 * property in test/properties/head-reader-equivalence.test.ts runs each input through both ways and requires the
 * same events, which is what makes the fast paths a checked optimisation of the general way.
 */
export const GENERAL_WAY_ONLY: unique symbol = Symbol('h1ref.generalWayOnly');

/** Parser options with the internal switch (see {@link GENERAL_WAY_ONLY}). */
export interface HeadReaderSwitch {
  readonly [GENERAL_WAY_ONLY]?: boolean;
}

/**
 * The head reader's interface to its line reader, and all it may use of it ({@link LineReader} is the one): the
 * general way's `read` and the line it exposes; and for the fast paths, one buffer to splice field lines into
 * themselves — {@link HeadLines.append} bytes to it, say with {@link HeadLines.setPartial} which of them still
 * make an incomplete line, and keep the spliced lines in place ({@link HeadLines.retainSplicedLines}) until the
 * head is complete and its strings are made.
 */
export interface HeadLines {
  /** Reads the line at `bytes[pos…]` (see {@link LineReader.read}). */
  read(bytes: Uint8Array, pos: number, maxLength: number): number;
  /** The buffer holding the last line read. */
  readonly lineBytes: Uint8Array;
  /** Where that line starts in it. */
  readonly lineStart: number;
  /** Where that line ends (before its CRLF). */
  readonly lineEnd: number;
  /** Whether that line was assembled in {@link HeadLines.splicedBytes}. */
  readonly lineWasSpliced: boolean;
  /** The violation behind a {@link LINE_ERROR}. */
  readonly error: ProtocolError | null;
  /** Whether bytes of an incomplete line are held. */
  readonly hasPartial: boolean;
  /** How many. */
  readonly pendingBytes: number;
  /** Whether a held line fails at its first bare CR or NUL as soon as that is known (start lines). */
  checkHeldLine: boolean;
  /** A new piece of input (see {@link LineReader.beginPiece}). */
  beginPiece(bytes: Uint8Array): void;
  /** The state of a new reader (see {@link LineReader.reset}). */
  reset(): void;
  /** Drops the references to the last piece (see {@link LineReader.releasePiece}). */
  releasePiece(): void;
  /** The buffer where lines that spanned pieces are assembled. */
  readonly splicedBytes: Uint8Array;
  /** Copies `bytes[start, end)` after the partial line, unchecked; returns where they start in the buffer. */
  append(bytes: Uint8Array, start: number, end: number): number;
  /** Declares `splicedBytes[start, end)` the partial line, and everything before `start` retained lines. */
  setPartial(start: number, end: number): void;
  /** Whether spliced lines stay in place after they are read; turned off, their room is freed. */
  retainSplicedLines: boolean;
}

/**
 * Reads the head of each message, and the lines of the rest of it, for a {@link MessageParser}; and tells where
 * the field lines of the head's interpreted fields started, until the next head begins.
 */
export class HeadReader implements HeadContext {
  /** Stream offset where the line being read began. */
  lineOffset = 0;

  private readonly limits: ParserLimits;
  private readonly lenient: ParserLeniency;
  private readonly window: Latin1Window;
  private readonly owner: HeadOwner;
  // Whether every head is read the general way only (see GENERAL_WAY_ONLY).
  private readonly generalWayOnly: boolean;
  private readonly lines: HeadLines;
  // Whether the start line has been read and field lines are next.
  private inFields = false;
  // Stream offset of index 0 of the piece being parsed.
  private consumed = 0;
  // Stream offset where the partial line held by the reader began.
  private partialOffset = 0;
  private leadingBytes = 0;

  // The head being read: its field lines as `[name, value, …]`, in a list with room for three (see newFieldList).
  private raw: string[] = newFieldList();
  private headBytes = 0;
  // The kind, field index and line's stream offset of each interpreted field of the head, three numbers per field
  // (SPECIAL_STRIDE) in one array: one backing store per parser, not three. Reused from head to head:
  // `specialCount` fields valid. Made with room for SPECIAL_ROOM numbers and cut back to them by reset, never
  // emptied: an empty array written to gets V8 storage for 17 numbers (~150 bytes), which a reader taken from a
  // server's pool would otherwise pay again on its next connection's first head.
  private readonly special: number[] = zeros(SPECIAL_ROOM);
  private specialCount = 0;
  // The verdict on the last Host value, from its bytes (see HeadContext.hostValid).
  private hostVerdict: boolean | undefined = undefined;
  // Field lines of the head that spanned pieces, decoded when the head is complete: for each, the index of its
  // name in `raw` and where its name and value lie in the line reader's buffer. Reused from head to head:
  // `deferredLength` entries are valid.
  private readonly deferred: number[] = [];
  private deferredLength = 0;
  private readonly spans: FieldLineSpans = { nameEnd: 0, valueStart: 0, valueEnd: 0 };
  // A well-formed field line cut by the end of a piece: how far it was checked.
  private readonly progress = new FieldLineProgress();

  /**
   * @param limits - the parser's limits
   * @param lenient - the parser's leniencies
   * @param window - decodes strings; shared with the owner's start-line grammars
   * @param owner - the start-line rules, and where failures and complete heads go
   * @param generalWayOnly - read every head the general way only (see {@link GENERAL_WAY_ONLY})
   */
  constructor(limits: ParserLimits, lenient: ParserLeniency, window: Latin1Window, owner: HeadOwner, generalWayOnly = false) {
    this.limits = limits;
    this.lenient = lenient;
    this.window = window;
    this.owner = owner;
    this.generalWayOnly = generalWayOnly;
    // The grammars check every byte of every line (CR and NUL included, with the tokenizer's error codes), so
    // the reader only has to find line ends.
    this.lines = new LineReader(lenient.bareLineFeed);
    // A head that arrives in small pieces has most of its lines spliced; keeping them side by side lets one decode
    // make all their strings when the head is complete, instead of one decode per line.
    this.lines.retainSplicedLines = !generalWayOnly;
  }

  /** Whether no byte of a message is held or counted: between messages, before any byte of the next one. */
  get idle(): boolean {
    return !this.inFields && this.lines.pendingBytes === 0 && this.leadingBytes === 0;
  }

  /** @see HeadContext.hostValid */
  get hostValid(): boolean | undefined {
    return this.hostVerdict;
  }

  /** @see HeadContext.headEnd */
  get headEnd(): number {
    // While the owner builds the head, the empty line that ends it is the last line read.
    return this.lineOffset;
  }

  /** Whether the start line is next (possibly begun: see {@link HeadReader.hasPartialLine}). */
  get atStartLine(): boolean {
    return !this.inFields;
  }

  /** Whether bytes of an incomplete line are held. */
  get hasPartialLine(): boolean {
    return this.lines.hasPartial;
  }

  /** The buffer holding the last complete line read with {@link HeadReader.readLine}. */
  get lineBytes(): Uint8Array {
    return this.lines.lineBytes;
  }

  /** Where that line starts in {@link HeadReader.lineBytes}. */
  get lineStart(): number {
    return this.lines.lineStart;
  }

  /** Where that line ends (before its CRLF) in {@link HeadReader.lineBytes}. */
  get lineEnd(): number {
    return this.lines.lineEnd;
  }

  /** Starts on a new piece of input, whose index 0 is at stream offset `consumed`. */
  beginPiece(bytes: Uint8Array, consumed: number): void {
    this.lines.beginPiece(bytes);
    this.consumed = consumed;
  }

  /** Keeps no reference to the last piece; only between lines (see {@link LineReader.releasePiece}). */
  releasePiece(): void {
    this.lines.releasePiece();
  }

  /** Reads the start line or field lines from `bytes[pos…]`; returns where reading goes on. */
  read(bytes: Uint8Array, pos: number): number {
    if (!this.inFields) return this.readStartLine(bytes, pos);
    return this.generalWayOnly ? this.readFieldLine(bytes, pos) : this.readFieldLines(bytes, pos);
  }

  /** Forgets everything, offsets included: the state of a new reader (see `MessageParser.reset`). */
  reset(): void {
    // The line reader first: resetMessage turns its retaining back on, as the constructor does.
    this.lines.reset();
    this.resetMessage();
    this.lineOffset = 0;
    this.consumed = 0;
    this.partialOffset = 0;
    this.leadingBytes = 0;
    const special = this.special;
    if (special.length > SPECIAL_ROOM) special.length = SPECIAL_ROOM;
    special.fill(0);
    this.deferred.length = 0;
    this.deferredLength = 0;
    this.spans.nameEnd = 0;
    this.spans.valueStart = 0;
    this.spans.valueEnd = 0;
    this.progress.reset();
  }

  /** Forgets the message just read, for the next one. */
  resetMessage(): void {
    this.lines.retainSplicedLines = !this.generalWayOnly;
    this.inFields = false;
    // Empty unless a head was left unfinished (an error, a reset): its list goes with it.
    if (this.raw.length !== 0) this.raw = newFieldList();
    this.headBytes = 0;
    this.specialCount = 0;
    this.hostVerdict = undefined;
  }

  /**
   * Reads one line the general way: returns the position after it; {@link NEED_MORE} when there is none yet (the
   * piece was taken into the partial line); or {@link LINE_ERROR} when the line was bad (the owner has failed).
   */
  readLine(bytes: Uint8Array, pos: number, maxLength: number, tooLong: ErrorCode): number {
    const lines = this.lines;
    const continuing = lines.hasPartial;
    const next = lines.read(bytes, pos, maxLength < 0 ? 0 : maxLength);
    if (next >= 0) {
      if (lines.lineWasSpliced) {
        // The line was assembled in the reader's own buffer: it began where the partial line began, and the
        // buffer has changed under any cached decoding of it. (Field lines of a head are decoded later, unless
        // read the general way only.)
        this.lineOffset = this.partialOffset;
        if (!this.inFields || this.generalWayOnly) this.window.bound(lines.lineBytes, lines.lineEnd);
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
    this.owner.fail(next === LINE_ERROR ? lines.error!.shifted(this.consumed) : this.lineTooLong(tooLong));
    return LINE_ERROR;
  }

  /** A grammar's error in the last line read, its offset an index into the line's buffer, at its stream offset. */
  inStream(error: ProtocolError): ProtocolError {
    return error.shifted(this.lineOffset - this.lines.lineStart);
  }

  /**
   * Parses the last line read, a field line of a trailer section (RFC 9112 §7.1.2), into `raw` with the rules of
   * the head's field lines.
   *
   * @returns null, or the error at its stream offset
   */
  addTrailerField(raw: string[]): ProtocolError | null {
    const lines = this.lines;
    const error = this.addField(raw, lines.lineBytes, lines.lineStart, lines.lineEnd, false);
    return error === null ? null : this.inStream(error);
  }

  private fail(error: ProtocolError): number {
    return this.owner.fail(error);
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
        const error = this.owner.overlongStartLine(lines.lineBytes, lines.lineStart, lines.lineEnd);
        if (error !== null) return error.shifted(this.lineOffset - lines.lineStart);
        return new ProtocolError(code, `the start line is longer than ${limits.maxStartLineBytes} bytes`, this.lineOffset);
      }
    }
  }

  private failInLine(error: ProtocolError): number {
    return this.fail(this.inStream(error));
  }

  private readStartLine(bytes: Uint8Array, pos: number): number {
    if (!this.lines.hasPartial && !this.generalWayOnly) {
      // A start line that lies whole in this piece, ended by CRLF and within the limit, is parsed where it is,
      // without the line reader; anything else (a bare CR or LF first, an empty line, a line cut by the end of
      // the piece or long enough to be near the limit) goes the general way below, which reports what is wrong.
      const cr = findShortLineEnd(bytes, pos, Math.min(this.limits.maxStartLineBytes, SHORT_LINE));
      if (cr > pos && bytes[cr] === CR && bytes[cr + 1] === LF) {
        this.leadingBytes = 0;
        this.lineOffset = this.consumed + pos;
        const error = this.owner.parseStartLine(bytes, pos, cr);
        if (error !== null) return this.fail(startLineError(bytes, pos, cr, error).shifted(this.consumed));
        this.inFields = true;
        return cr + 2;
      }
    }
    // A start line with a bare CR or a NUL fails as soon as that is known, not when (or if) its LF arrives.
    this.lines.checkHeldLine = true;
    const next = this.readLine(bytes, pos, this.limits.maxStartLineBytes, this.owner.startLineTooLong);
    this.lines.checkHeldLine = false;
    if (next < 0) return bytes.length;
    const lines = this.lines;
    if (lines.lineEnd === lines.lineStart) {
      // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line. The empty lines
      // are bounded by the start-line limit, so they cannot be used to hold a connection for free.
      // Each counts as the two bytes of a CRLF, however it was split.
      this.leadingBytes += 2;
      if (!this.owner.skipsLeadingEmptyLines) {
        return this.fail(new ProtocolError('INVALID_STATUS_LINE', 'an empty line where the status-line belongs', this.lineOffset));
      }
      if (this.leadingBytes > this.limits.maxStartLineBytes) {
        return this.fail(new ProtocolError(this.owner.startLineTooLong, 'too many empty lines before the request-line', this.lineOffset));
      }
      return next;
    }
    this.leadingBytes = 0;
    const error = this.owner.parseStartLine(lines.lineBytes, lines.lineStart, lines.lineEnd);
    if (error !== null) return this.failInLine(startLineError(lines.lineBytes, lines.lineStart, lines.lineEnd, error));
    this.inFields = true;
    return next;
  }

  // Reads field lines until the head is complete or the piece runs out: one call for the whole head in the
  // common case, rather than one trip through the dispatch loop per line.
  private readFieldLines(bytes: Uint8Array, pos: number): number {
    const lines = this.lines;
    const maxFields = this.limits.maxFieldCount * 2;
    const raw = this.raw;
    const progress = this.progress;
    const window = this.window;
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
          const cr = readWholeFieldLine(bytes, pos, bytes.length, progress);
          if (cr >= 0 && cr - pos <= this.headerBudget()) {
            this.headBytes += cr + 2 - pos;
            const nameLength = progress.nameLength;
            const valueStart = pos + progress.valueOffset;
            if (this.deferredLength !== 0 && bytes.length < DEFERRING_PIECE) {
              // Once the head has spliced lines to decode when it completes, the whole lines of later small
              // pieces join them: copying a line's bytes costs less than decoding each piece on its own.
              const at = this.spliceLine(bytes, pos, cr);
              this.deferField(lines.splicedBytes, at, at + nameLength, at + (valueStart - pos), at + (cr - pos), this.consumed + pos);
            } else {
              raw.push(window.slice(bytes, pos, pos + nameLength), window.slice(bytes, valueStart, valueEndWithoutOws(bytes, valueStart, cr)));
              if (((SPECIAL_NAME_LENGTHS >>> nameLength) & 1) !== 0) {
                const kind = specialFieldKind(bytes, pos, pos + nameLength);
                if (kind !== 0) {
                  this.noteKind(kind, raw, this.consumed + pos);
                  if (kind === HOST) this.checkHost(bytes, pos + nameLength + 1, cr);
                }
              }
            }
            pos = cr + 2;
            continue;
          }
          if (cr === FIELD_LINE_CUT) {
            // The line goes on in the next piece, and no LF is in this one: keep it without searching again.
            this.partialOffset = this.consumed + pos;
            return this.holdFieldLine(bytes, pos);
          }
        }
      } else if (progress.following && bytes.length - pos < DEFERRING_PIECE && bytes.length - pos >= COPIED_PIECE) {
        const next = this.readSplitLines(bytes, pos);
        if (next >= bytes.length || !this.inFields) return next;
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
        const cr = continueFieldLine(bytes, pos, bytes.length, held, progress);
        if (cr >= 0 && held + (cr - pos) <= this.headerBudget()) {
          const start = this.spliceLine(bytes, pos, cr) - held;
          const end = start + held + (cr - pos);
          this.headBytes += end - start + 2;
          this.deferField(lines.splicedBytes, start, start + progress.nameLength, start + progress.valueOffset, end, this.partialOffset);
          pos = cr + 2;
          continue;
        }
        if (cr === FIELD_LINE_CUT) return this.holdFieldLine(bytes, pos);
        // Anything else, a line over the limit included, the general way reports.
        progress.forget();
      }
      pos = this.readFieldLine(bytes, pos);
      if (pos >= bytes.length || !this.inFields) return pos;
    }
  }

  // The most bytes the next field line may have, CRLF excluded: the header section's limit counts every field
  // line with its CRLF (RFC 6585 §5, 431). Negative once the section is full: only the empty line fits then. The
  // general way and every fast path measure lines against this, and nothing else.
  private headerBudget(): number {
    return this.limits.maxHeaderBytes - this.headBytes - 2;
  }

  // The general way, and the specification every fast path is held to (test/properties/head-reader-equivalence):
  // read one line with the line reader, check it with the field-line grammar (RFC 9112 §5), add the field. Returns
  // where reading goes on; past the line when the line is incomplete or the parser has failed.
  private readFieldLine(bytes: Uint8Array, pos: number): number {
    const next = this.readLine(bytes, pos, this.headerBudget(), 'HEADER_SECTION_TOO_LARGE');
    if (next < 0) return bytes.length;
    const lines = this.lines;
    if (lines.lineEnd === lines.lineStart) {
      // The empty line that ends the head (RFC 9112 §2.1).
      this.completeHead();
      return next;
    }
    this.headBytes += lines.lineEnd - lines.lineStart + 2;
    const error = this.addField(this.raw, lines.lineBytes, lines.lineStart, lines.lineEnd, true);
    return error === null ? next : this.failInLine(error);
  }

  // A small piece that continues a cut field line is copied whole after the held part, and the lines are read
  // there: each byte is copied once, in one go; the lines ending in the piece are checked in one buffer (whose
  // word view is made once) and decoded with the head's other spliced lines when it completes. Returns where
  // reading goes on in `bytes`: at its end; after the head, once the head is complete; or at the start of a line
  // for the general way (at `pos` when that is the held line itself, which is then held as it was).
  private readSplitLines(bytes: Uint8Array, pos: number): number {
    const lines = this.lines;
    const progress = this.progress;
    const maxFields = this.limits.maxFieldCount * 2;
    const held = lines.pendingBytes;
    const base = lines.append(bytes, pos, bytes.length);
    const spliced = lines.splicedBytes;
    const splicedEnd = base + (bytes.length - pos);
    // The stream offset of spliced[k], for k at or after `base`, is `shift + k`.
    const shift = this.consumed + pos - base;
    const heldStart = base - held;
    const cr = continueFieldLine(spliced, base, splicedEnd, held, progress);
    if (cr === FIELD_LINE_CUT) return this.keepSplitLine(heldStart, splicedEnd, bytes.length);
    if (cr < 0 || cr - heldStart > this.headerBudget()) {
      // The held line as it was, for the general way.
      progress.forget();
      lines.setPartial(heldStart, base);
      return pos;
    }
    this.headBytes += cr - heldStart + 2;
    this.deferField(spliced, heldStart, heldStart + progress.nameLength, heldStart + progress.valueOffset, cr, this.partialOffset);
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
      const lineEnd = readWholeFieldLine(spliced, at, splicedEnd, progress);
      if (lineEnd >= 0 && lineEnd - at <= this.headerBudget()) {
        this.headBytes += lineEnd + 2 - at;
        this.deferField(spliced, at, at + progress.nameLength, at + progress.valueOffset, lineEnd, shift + at);
        at = lineEnd + 2;
      } else if (lineEnd === FIELD_LINE_CUT) {
        this.partialOffset = shift + at;
        return this.keepSplitLine(at, splicedEnd, bytes.length);
      } else {
        break;
      }
    }
    lines.setPartial(at, at);
    return pos + (at - base);
  }

  // Keeps the line reader's `splicedBytes[start, end)` as a cut field line (its start's stream offset in
  // `partialOffset`) if it is within the header budget; a final CR is not content (it may be the CR of the CRLF).
  private keepSplitLine(start: number, end: number, pieceEnd: number): number {
    this.lines.setPartial(start, end);
    if ((this.progress.atLineFeed ? end - 1 : end) - start <= this.headerBudget()) return pieceEnd;
    this.lineOffset = this.partialOffset;
    this.progress.forget();
    return this.fail(this.lineTooLong('HEADER_SECTION_TOO_LARGE'));
  }

  // Keeps the rest of the piece (no LF in it) as the beginning, or more, of a field line that ends in a later piece.
  private holdFieldLine(bytes: Uint8Array, pos: number): number {
    this.lineOffset = this.partialOffset;
    const lines = this.lines;
    const end = lines.append(bytes, pos, bytes.length) + (bytes.length - pos);
    return this.keepSplitLine(end - lines.pendingBytes, end, bytes.length);
  }

  // Copies the rest of a line, `bytes[pos, end)` (CRLF excluded), after the partial line, and keeps the line
  // complete in the reader's buffer beside the head's other spliced lines; returns where the copied bytes start.
  private spliceLine(bytes: Uint8Array, pos: number, end: number): number {
    const lines = this.lines;
    const at = lines.append(bytes, pos, end);
    const lineEnd = at + (end - pos);
    lines.setPartial(lineEnd, lineEnd);
    return at;
  }

  // Appends a field of the head whose line lies in the line reader's buffer, to be decoded with the others when
  // the head is complete, and notes it if the parser interprets it. The value starts at `valueStart` and ends,
  // before any trailing whitespace, by `lineEnd`; the line starts at stream offset `offset`.
  private deferField(bytes: Uint8Array, start: number, nameEnd: number, valueStart: number, lineEnd: number, offset: number): void {
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
      this.noteKind(kind, raw, offset);
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
        this.hostVerdict = undefined;
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
    if (!isHead || bytes !== this.lines.splicedBytes || this.generalWayOnly) {
      const error = parseFieldLine(bytes, start, end, raw, this.window);
      if (error !== null) return error;
      if (isHead) {
        const kind = specialFieldKind(bytes, start, start + raw[raw.length - 2]!.length);
        if (kind !== 0) {
          this.noteKind(kind, raw, this.lineOffset);
          // Only the strings are kept: buildHead checks this one.
          if (kind === HOST) this.hostVerdict = undefined;
        }
      }
      return null;
    }
    // A head line that spanned pieces: checked now, decoded with the others when the head is complete.
    const spans = this.spans;
    const error = scanFieldLine(bytes, start, end, spans);
    if (error !== null) return error;
    this.deferField(bytes, start, spans.nameEnd, spans.valueStart, spans.valueEnd, this.lineOffset);
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

  // Records that the field just appended to `raw`, whose line starts at stream offset `offset`, is one the parser
  // interprets (Host, Content-Length, …). Fields are noted as they are read, so in field order.
  private noteKind(kind: number, raw: readonly string[], offset: number): void {
    const at = this.specialCount++ * SPECIAL_STRIDE;
    const special = this.special;
    special[at] = kind;
    special[at + 1] = (raw.length >> 1) - 1;
    special[at + 2] = offset;
  }

  /**
   * Where the field line of the `index`-th `field` of the last head read starts (a stream offset); the head's end
   * when it has no such line. For errors only: a scan of the interpreted fields.
   */
  lineOf(field: FramingField, index: number): number {
    const kind = field === 'host' ? HOST : field === 'content-length' ? CONTENT_LENGTH : TRANSFER_ENCODING;
    const special = this.special;
    for (let k = 0, seen = 0; k < this.specialCount * SPECIAL_STRIDE; k += SPECIAL_STRIDE) {
      if (special[k] === kind && seen++ === index) return special[k + 2]!;
    }
    return this.lineOffset;
  }

  // Checks the Host value in `bytes[from, to)`, surrounding whitespace not yet removed, while its bytes are at
  // hand: checking the string made of them costs several times more (RFC 9112 §3.2; the verdict is used by
  // buildHead).
  private checkHost(bytes: Uint8Array, from: number, to: number): void {
    while (from < to && (bytes[from] === SP || bytes[from] === HTAB)) from++;
    this.hostVerdict = findInvalidAuthorityByte(bytes, from, valueEndWithoutOws(bytes, from, to)) === -1;
  }

  private completeHead(): void {
    this.decodeDeferredFields();
    this.lines.retainSplicedLines = false;
    this.inFields = false;
    const fields = new Fields(this.raw);
    const special = SpecialFields.collect(this.raw, this.special, this.specialCount);
    // The list is the head's now; the next head is read into a new one.
    this.raw = newFieldList();
    this.owner.completeHead(fields, special, this);
  }
}
