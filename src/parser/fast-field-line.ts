/**
 * The head reader's fast scans of a field line (RFC 9112 §5): a checked optimisation of `scanFieldLine` in
 * `wire/field-line.ts`, which is the rule. They find where a well-formed line ends while checking it, in one pass,
 * and follow a line cut by the end of an input piece from where its check stopped. Any line they do not take —
 * malformed, unusual, or over the limit once the caller measures it — is read the general way, which reports
 * what is wrong; test/properties/head-reader-equivalence.test.ts holds the two ways to the same events.
 *
 * @module
 */
import { COLON, CR, LF, TCHAR, WHITESPACE } from '../wire/char-classes.js';
import { findInvalidFieldContentByte } from '../wire/field-content-scan.js';
import { FIELD_LINE_CUT, GENERAL_WAY } from '../wire/line-status.js';

// Module-local aliases: V8 optimizes loads of a module's own constants better than loads of imported bindings,
// and these run once per byte of every header section.
const TOKEN_BYTE = TCHAR;
const OWS_BYTE = WHITESPACE;

const NO_LINE = 0;
const IN_NAME = 1;
const BEFORE_VALUE = 2;
const IN_VALUE = 3;
const AT_LINE_FEED = 4;

/**
 * How far a well-formed field line cut by the end of an input piece got (see {@link readWholeFieldLine}), so that
 * its continuation is checked from there instead of searched for its LF and the whole line checked again; and,
 * once a line is read whole, where its name and value lie. Offsets count from the line's first byte.
 */
export class FieldLineProgress {
  /** Which part of `name ":" OWS value OWS` the next byte belongs to; 0 when no cut line is being followed. */
  part = NO_LINE;
  /** The name's length, once its colon was seen. */
  nameLength = 0;
  /** Where the value starts, once a byte other than OWS followed the colon. */
  valueOffset = 0;

  /** Follows no line: the state of a new one. */
  reset(): void {
    this.part = NO_LINE;
    this.nameLength = 0;
    this.valueOffset = 0;
  }

  /** Whether a cut line is being followed. */
  get following(): boolean {
    return this.part !== NO_LINE;
  }

  /**
   * Whether the line was cut right after the CR of its CRLF: all that is missing is the LF. The held bytes then
   * end with that CR, which is not part of the line (see {@link continueFieldLine}).
   */
  get atLineFeed(): boolean {
    return this.part === AT_LINE_FEED;
  }

  /** Stops following the line (it ended, or it is read the general way from now on). */
  forget(): void {
    this.part = NO_LINE;
  }

  /** Notes a cut at `part`; returns {@link FIELD_LINE_CUT}. */
  cut(part: number, nameLength: number, valueOffset: number): number {
    this.part = part;
    this.nameLength = nameLength;
    this.valueOffset = valueOffset;
    return FIELD_LINE_CUT;
  }
}

/**
 * Checks the continuation `bytes[pos, end)` of a field line whose first `held` bytes came in earlier pieces (and
 * lie right before `pos` when the caller has copied the line together) and were found valid so far
 * (`progress`), with the rules of `scanFieldLine`.
 *
 * A line cut right after its CR ({@link FieldLineProgress.atLineFeed}) ends when `bytes[pos]` is its LF, and its
 * CR is the last held byte: the index returned is then `pos - 1`, which only a caller that holds the line
 * together (the CR right before `pos`) can use; others hand such a line to the general way instead.
 *
 * @returns the index of the CR of the line's CRLF when the line ends here and is valid (the name then has
 *   `progress.nameLength` bytes and the value starts at `progress.valueOffset`, trailing OWS not yet removed);
 *   {@link FIELD_LINE_CUT} when every byte is valid and the line goes on; or {@link GENERAL_WAY} (`progress` is
 *   then forgotten). The caller checks the line's length.
 */
export function continueFieldLine(bytes: Uint8Array, pos: number, end: number, held: number, progress: FieldLineProgress): number {
  let i = pos;
  let part = progress.part;
  if (part === AT_LINE_FEED) {
    if (pos === end) return FIELD_LINE_CUT;
    if (bytes[pos] !== LF) return giveUp(progress);
    progress.part = NO_LINE;
    return pos - 1;
  }
  if (part === IN_NAME) {
    while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
    if (i === end) return FIELD_LINE_CUT;
    if (bytes[i] !== COLON) return giveUp(progress);
    progress.nameLength = held + (i - pos);
    i++;
    part = BEFORE_VALUE;
  }
  if (part === BEFORE_VALUE) {
    while (i < end && OWS_BYTE[bytes[i]!] === 1) i++;
    if (i === end) {
      progress.part = BEFORE_VALUE;
      return FIELD_LINE_CUT;
    }
    progress.valueOffset = held + (i - pos);
  }
  const cr = findInvalidFieldContentByte(bytes, i, end);
  if (cr === -1) {
    progress.part = IN_VALUE;
    return FIELD_LINE_CUT;
  }
  if (bytes[cr] !== CR) return giveUp(progress);
  if (cr + 1 === end) {
    progress.part = AT_LINE_FEED;
    return FIELD_LINE_CUT;
  }
  if (bytes[cr + 1] !== LF) return giveUp(progress);
  progress.part = NO_LINE;
  return cr;
}

function giveUp(progress: FieldLineProgress): number {
  progress.part = NO_LINE;
  return GENERAL_WAY;
}

/**
 * Finds the end of a well-formed field line that begins at `bytes[start]` while checking it, so that the line is
 * read in one pass instead of a search for its LF followed by a parse. It takes exactly the lines `scanFieldLine`
 * accepts, ended by CRLF; the name then has `progress.nameLength` bytes and the value starts at
 * `progress.valueOffset` from `start` (trailing OWS not yet removed).
 *
 * @returns the index of the CR of the line's CRLF; {@link FIELD_LINE_CUT} when every byte up to `end` can begin a
 *   field line (so the line ends in a later piece, and no LF lies in `bytes[start, end)`), which includes a line
 *   whose last byte here is its CR ({@link FieldLineProgress.atLineFeed}); or {@link GENERAL_WAY} for anything
 *   else — a bare CR or LF, any invalid byte — and the caller reads the line the general way, which then reports
 *   the error. The caller checks the line's length.
 */
export function readWholeFieldLine(bytes: Uint8Array, start: number, end: number, progress: FieldLineProgress): number {
  let i = start;
  while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
  if (i === end) return i === start ? GENERAL_WAY : progress.cut(IN_NAME, 0, 0);
  if (i === start || bytes[i] !== COLON) return GENERAL_WAY;
  const nameEnd = i;
  let valueStart = nameEnd + 1;
  while (valueStart < end && OWS_BYTE[bytes[valueStart]!] === 1) valueStart++;
  if (valueStart === end) return progress.cut(BEFORE_VALUE, nameEnd - start, 0);
  // The first byte that is not field-content ends the value: on a well-formed line it is the CR of its CRLF.
  const cr = findInvalidFieldContentByte(bytes, valueStart, end);
  if (cr === -1) return progress.cut(IN_VALUE, nameEnd - start, valueStart - start);
  if (bytes[cr] !== CR) return GENERAL_WAY;
  if (cr + 1 === end) return progress.cut(AT_LINE_FEED, nameEnd - start, valueStart - start);
  if (bytes[cr + 1] !== LF) return GENERAL_WAY;
  progress.nameLength = nameEnd - start;
  progress.valueOffset = valueStart - start;
  return cr;
}
