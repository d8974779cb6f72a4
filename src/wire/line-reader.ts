/**
 * An incremental line tokenizer for the CRLF-terminated lines of HTTP/1.1 (RFC 9112 §2.2): start lines, field
 * lines, chunk-size lines and trailer lines.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { CR, LF, NUL } from './char-classes.js';
import { LINE_ERROR, LINE_TOO_LONG, NEED_MORE } from './line-status.js';
import { ProtocolError } from './protocol-error.js';

const EMPTY_BUFFER: Buffer = Buffer.alloc(0);

// Below this many bytes a JavaScript loop finds a LF sooner than Buffer#indexOf, whose call costs more than the
// search (input arriving a few bytes at a time).
const SHORT_SEARCH = 24;

function findLineFeed(bytes: Buffer, pos: number): number {
  const end = bytes.length;
  if (end - pos >= SHORT_SEARCH) return bytes.indexOf(LF, pos);
  for (let i = pos; i < end; i++) if (bytes[i] === LF) return i;
  return -1;
}

// Copies `from[start, end)` to `to` at `at`, four bytes per turn of the loop (a third faster than one by one on
// the few dozen bytes of a small socket read).
function copyShort(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  let i = start;
  for (; i + 4 <= end; i += 4, at += 4) {
    to[at] = from[i]!;
    to[at + 1] = from[i + 1]!;
    to[at + 2] = from[i + 2]!;
    to[at + 3] = from[i + 3]!;
  }
  for (; i < end; i++, at++) to[at] = from[i]!;
}

// From this many bytes on, copying a whole array with the native `set` (a fixed ~16 ns) beats a loop (~1 ns/byte).
const NATIVE_COPY = 16;

const EMPTY: Uint8Array = EMPTY_BUFFER;
const MIN_PARTIAL = 256;

/**
 * The first CR or NUL in `bytes[start, end)`, or -1. In a line whose terminator is excluded, any CR is a bare CR
 * (RFC 9112 §2.2); neither byte can stand anywhere in a start line. Error and held-line paths only.
 */
export function firstCrOrNul(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === CR || b === NUL) return i;
  }
  return -1;
}

// The reader's statuses are three of the one set in line-status.ts, where no two outcomes share a number.
export { LINE_ERROR, LINE_TOO_LONG, NEED_MORE } from './line-status.js';

/**
 * Finds CRLF-terminated lines in input that arrives in pieces.
 *
 * `read(bytes, pos, maxLength)` looks for the end of the line that starts (or continues) at `pos`. When the line is
 * complete it returns the index just past its terminator and exposes the line, without the terminator, as
 * `lineBytes[lineStart, lineEnd)`: a view of the input when the whole line was in one piece (no copy), or of an
 * internal buffer when it spanned pieces. When the line is incomplete it keeps the partial bytes, at most
 * `maxLength` of them, and returns {@link NEED_MORE}.
 *
 * It looks for line ends only: one search per line, for the LF, which must follow a CR (RFC 9112 §2.2) unless
 * the reader was made lenient, when a bare LF ends a line too; a LF without CR is otherwise `BARE_LF`. Every
 * other byte of a line, a CR or NUL inside it included, is for the line's grammar to check (h1ref's grammars
 * report them with `invalidByte`, as `BARE_CR` and `NUL_BYTE`), or for {@link LineReader.checkHeldLine}.
 */
export class LineReader {
  /** The buffer holding the last complete line. */
  lineBytes: Uint8Array = EMPTY;
  /** Where the last complete line starts in {@link LineReader.lineBytes}. */
  lineStart = 0;
  /** Where the last complete line ends (before its CRLF) in {@link LineReader.lineBytes}. */
  lineEnd = 0;
  /** Whether the last complete line was assembled in the internal buffer (it spanned input pieces). */
  lineWasSpliced = false;
  /**
   * The violation behind a {@link LINE_ERROR}. Its offset is an index into the bytes passed to that `read` call; it
   * is -1 when the offending byte was the last one of the previous piece.
   */
  error: ProtocolError | null = null;

  private readonly bareLineFeed: boolean;
  // Allocated on the first line that spans pieces: most connections never need it. The incomplete line occupies
  // `partial[partialStart, partialEnd)`; `partialStart` is 0 unless spliced lines are retained before it.
  private partial: Uint8Array = EMPTY;
  private partialStart = 0;
  private partialEnd = 0;
  private retaining = false;
  // The piece being read, and the same bytes as a Buffer (a view, not a copy): Buffer's indexOf is memchr,
  // several times faster than the typed array one on long stretches.
  private scanned: Uint8Array | null = null;
  private scan: Buffer = EMPTY_BUFFER;

  /**
   * Whether, without content checks, a line is still failed at its first bare CR or NUL as soon as that is known
   * (RFC 9112 §2.2): while the line is held across pieces, and ahead of the length limit. A line holding either
   * can never become valid; without this it would fail only when its LF arrives — or, for a peer that sends
   * none, when the limit or a timeout ends the wait. The first bare CR or NUL among the line's first
   * `maxLength + 1` bytes is reported however the input is cut (a CR whose next byte has not arrived yet is not
   * known to be bare); a caller that turns this on makes its grammar report that byte ahead of the line's other
   * errors too ({@link firstCrOrNul}), so that a line that arrives whole gets the same error. h1ref's parsers turn
   * it on for start lines.
   */
  checkHeldLine = false;

  /**
   * @param bareLineFeed - accept a LF without CR as a line end (a leniency; RFC 9112 §2.2)
   */
  constructor(bareLineFeed = false) {
    this.bareLineFeed = bareLineFeed;
  }

  /**
   * For a reader reused on a new stream: the state of a new reader with the same line-end rule — no line, no held
   * bytes, no buffer, both switches ({@link LineReader.retainSplicedLines}, {@link LineReader.checkHeldLine}) off.
   */
  reset(): void {
    this.lineBytes = EMPTY;
    this.lineStart = 0;
    this.lineEnd = 0;
    this.lineWasSpliced = false;
    this.error = null;
    this.partial = EMPTY;
    this.partialStart = 0;
    this.partialEnd = 0;
    this.retaining = false;
    this.scanned = null;
    this.scan = EMPTY_BUFFER;
    this.checkHeldLine = false;
  }

  /** Whether bytes of an incomplete line are held (false between lines). */
  get hasPartial(): boolean {
    return this.partialEnd !== this.partialStart;
  }

  /**
   * The reader's own buffer, where lines that spanned pieces are assembled; with
   * {@link LineReader.retainSplicedLines} on, the positions of earlier spliced lines in it stay valid.
   */
  get splicedBytes(): Uint8Array {
    return this.partial;
  }

  /** The number of bytes of an incomplete line held so far (0 between lines). */
  get pendingBytes(): number {
    return this.partialEnd - this.partialStart;
  }

  /**
   * Whether a line assembled from several pieces stays where it is after it is read, the next spliced line being
   * placed after it. A caller that keeps positions of spliced lines to decode them later, all at once, turns this
   * on (h1ref's head reader does for the field lines of a head); turning it off frees the room of the retained
   * lines, and the next spliced line is placed at the start of the buffer again — only valid when no partial line
   * is held.
   */
  get retainSplicedLines(): boolean {
    return this.retaining;
  }

  /** Turns retaining on or off; see the getter. */
  set retainSplicedLines(retain: boolean) {
    this.retaining = retain;
    if (!retain) {
      this.partialStart = 0;
      this.partialEnd = 0;
    }
  }

  /**
   * Reads the line at `bytes[pos…]`.
   *
   * @param bytes - the current input piece
   * @param pos - where the unread input starts
   * @param maxLength - the most bytes the line may have, terminator excluded
   * @returns the index after the line's terminator, or {@link NEED_MORE}, {@link LINE_ERROR} or {@link LINE_TOO_LONG}
   */
  read(bytes: Uint8Array, pos: number, maxLength: number): number {
    if (bytes !== this.scanned) this.startScan(bytes);
    // One search per line, for the LF that ends it, which must follow a CR unless bare LF is allowed. A partial
    // line is copied as it is; CRs inside it are the grammar's to report. Whatever the cuts, the outcome is the
    // same: the length limit is judged first (on the content, a final CR aside), then the terminator, and every
    // other byte by the grammar once the line is whole.
    const lf = findLineFeed(this.scan, pos);
    if (this.partialEnd === this.partialStart) {
      if (lf === -1) return this.appendPartial(pos, bytes.length, maxLength);
      const hasCR = lf > pos && bytes[lf - 1] === CR;
      const lineEnd = hasCR ? lf - 1 : lf;
      // Past the limit, every CR among the first maxLength + 1 bytes is bare: the terminator's CR lies beyond them.
      if (lineEnd - pos > maxLength) {
        const status = this.checkHeldLine ? this.failFirstCrOrNul(bytes, pos, pos + maxLength + 1, LINE_TOO_LONG) : LINE_TOO_LONG;
        return status === LINE_TOO_LONG ? this.tooLong(bytes, pos, maxLength) : status;
      }
      if (!hasCR && !this.bareLineFeed) {
        // Held in pieces, the line would have failed at a bare CR or NUL before its LF came: so it does whole.
        const status = this.checkHeldLine ? this.failFirstCrOrNul(bytes, pos, lf, NEED_MORE) : NEED_MORE;
        return status === LINE_ERROR ? status : this.fail('BARE_LF', lf);
      }
      return this.complete(bytes, pos, lineEnd, lf + 1);
    }
    const status = this.appendPartial(pos, lf === -1 ? bytes.length : lf, maxLength);
    if (lf === -1 || status !== NEED_MORE) return status;
    const partial = this.partial;
    const hasCR = partial[this.partialEnd - 1] === CR;
    if (!hasCR && !this.bareLineFeed) return this.fail('BARE_LF', lf);
    if (hasCR) this.partialEnd--;
    return this.completeSpliced(lf + 1);
  }

  /**
   * Copies `bytes[start, end)` after the partial line, unchecked, for a caller that reads the lines there itself
   * (h1ref's head reader, whose fast paths check the bytes they splice) and then says with
   * {@link LineReader.setPartial} which bytes still make a partial line.
   *
   * @returns where the bytes now start in {@link LineReader.splicedBytes}
   */
  append(bytes: Uint8Array, start: number, end: number): number {
    const at = this.partialEnd;
    const length = at + (end - start);
    if (length > this.partial.length) this.grow(length);
    // A whole array is copied natively (no view to make); a few bytes, or part of an array, by hand.
    if (start === 0 && end === bytes.length && end >= NATIVE_COPY) this.partial.set(bytes, at);
    else if (end - start < 64) copyShort(bytes, start, end, this.partial, at);
    else this.partial.set(bytes.subarray(start, end), at);
    this.partialEnd = length;
    return at;
  }

  /**
   * Declares that `splicedBytes[start, end)` is the partial line (none when they are equal) and that everything
   * before `start` is retained lines, for a caller that read lines in the reader's buffer itself (see
   * {@link LineReader.append}).
   */
  setPartial(start: number, end: number): void {
    this.partialStart = start;
    this.partialEnd = end;
  }

  // Copies `scan[pos, end)` to the partial line; too long once its content (a final CR aside) passes the limit.
  // A CR inside it is left to the grammar, which sees every byte of the line once it is complete, unless the line
  // is checked as it is held (checkHeldLine); the line cannot outgrow its limit meanwhile.
  private appendPartial(pos: number, end: number, maxLength: number): number {
    const appendedAt = this.partialEnd;
    const length = appendedAt + (end - pos);
    if (length > this.partial.length) this.grow(length);
    const partial = this.partial;
    // Runs of a few dozen bytes (input arriving in small pieces) are copied by hand: a subarray view and a native
    // copy cost more than the bytes do.
    if (end - pos < 64) copyShort(this.scan, pos, end, partial, appendedAt);
    else partial.set(this.scan.subarray(pos, end), appendedAt);
    this.partialEnd = length;
    if (this.checkHeldLine && this.heldLineFails(appendedAt, pos, maxLength)) return LINE_ERROR;
    const content = (partial[length - 1] === CR ? length - 1 : length) - this.partialStart;
    return content > maxLength ? this.tooLong(partial, this.partialStart, maxLength) : NEED_MORE;
  }

  // Exposes the first maxLength + 1 bytes of a line found too long, `bytes[start…]` (see LINE_TOO_LONG).
  private tooLong(bytes: Uint8Array, start: number, maxLength: number): number {
    this.lineBytes = bytes;
    this.lineStart = start;
    this.lineEnd = start + maxLength + 1;
    return LINE_TOO_LONG;
  }

  // Checks the bytes just appended to the held line (from `appendedAt`, taken from input index `pos`) for a bare
  // CR or a NUL among the line's first maxLength + 1 bytes. Bytes held before were checked when they came; only a
  // CR that ended them was undecided, and it is bare once any byte follows it (the appended bytes hold no LF).
  private heldLineFails(appendedAt: number, pos: number, maxLength: number): boolean {
    const partial = this.partial;
    const end = this.partialEnd;
    const from = appendedAt > this.partialStart && partial[appendedAt - 1] === CR ? appendedAt - 1 : appendedAt;
    const at = firstCrOrNul(partial, from, Math.min(end, this.partialStart + maxLength + 1));
    // A CR that is the last byte held may still be the CR of a CRLF.
    if (at === -1 || (partial[at] === CR && at + 1 === end)) return false;
    // Offsets are indexes into the input piece: -1 for a CR that ended the previous piece.
    this.failCrOrNul(partial[at]!, pos + (at - appendedAt));
    return true;
  }

  // For a line that fails anyway (too long, a bare LF): the first bare CR or NUL in `bytes[start, end)` if there
  // is one (see checkHeldLine), else `otherwise`.
  private failFirstCrOrNul(bytes: Uint8Array, start: number, end: number, otherwise: number): number {
    const at = firstCrOrNul(bytes, start, end);
    return at === -1 ? otherwise : this.failCrOrNul(bytes[at]!, at);
  }

  private failCrOrNul(byte: number, offset: number): number {
    return this.fail(byte === NUL ? 'NUL_BYTE' : 'BARE_CR', offset);
  }

  // Makes room for `needed` bytes, keeping the retained lines and the partial line.
  private grow(needed: number): void {
    const grown = Buffer.allocUnsafe(Math.max(needed, this.partial.length * 2, MIN_PARTIAL));
    grown.set(this.partial.subarray(0, this.partialEnd));
    this.partial = grown;
  }

  // A whole line lies in `bytes[pos, lineEnd)`, within the limit: expose it in place.
  private complete(bytes: Uint8Array, pos: number, lineEnd: number, next: number): number {
    this.lineBytes = bytes;
    this.lineStart = pos;
    this.lineEnd = lineEnd;
    this.lineWasSpliced = false;
    return next;
  }

  /**
   * Drops the references to the last piece (and its last line) so that a reader waiting between messages keeps
   * no input buffer alive. Only valid when no partial line is held.
   */
  releasePiece(): void {
    this.scanned = null;
    this.scan = EMPTY_BUFFER;
    this.lineBytes = EMPTY;
  }

  /**
   * Tells the reader that `bytes` is a new piece of input. Needed only when a caller passes the same buffer
   * object again with new contents; a different object is noticed by itself.
   */
  beginPiece(bytes: Uint8Array): void {
    this.startScan(bytes);
  }

  private startScan(bytes: Uint8Array): void {
    this.scanned = bytes;
    this.scan = bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private completeSpliced(next: number): number {
    this.lineBytes = this.partial;
    this.lineStart = this.partialStart;
    this.lineEnd = this.partialEnd;
    this.lineWasSpliced = true;
    if (this.retaining) {
      this.partialStart = this.partialEnd;
    } else {
      this.partialStart = 0;
      this.partialEnd = 0;
    }
    return next;
  }

  private fail(code: 'BARE_CR' | 'BARE_LF' | 'NUL_BYTE', offset: number): number {
    const what = code === 'BARE_CR' ? 'a CR not followed by LF' : code === 'BARE_LF' ? 'a LF not preceded by CR' : 'a NUL byte';
    this.error = new ProtocolError(code, `${what} in a line of the message`, offset);
    return LINE_ERROR;
  }
}
