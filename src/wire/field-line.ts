/**
 * `field-line = field-name ":" OWS field-value OWS` (RFC 9112 §5).
 *
 * @module
 */
import { COLON, CR, FIELD_CONTENT, LF, TCHAR, WHITESPACE } from './char-classes.js';
import { findInvalidFieldContentByte } from './field-content-scan.js';
import { Latin1Window } from './latin1.js';
import { ProtocolError, invalidByte } from './protocol-error.js';

// Module-local aliases: V8 optimizes loads of a module's own constants better than loads of imported bindings,
// and these run once per byte of every header section.
const FIELD_CONTENT_BYTE = FIELD_CONTENT;
const TOKEN_BYTE = TCHAR;
const OWS_BYTE = WHITESPACE;

/**
 * Where the value in `bytes[valueStart, end)` ends once the OWS after it is removed (RFC 9112 §5.1: OWS around a
 * field value is not part of it).
 */
export function valueEndWithoutOws(bytes: Uint8Array, valueStart: number, end: number): number {
  while (end > valueStart && OWS_BYTE[bytes[end - 1]!] === 1) end--;
  return end;
}

/** Where the parts of a field line lie, as found by {@link scanFieldLine}; the name starts where the line does. */
export interface FieldLineSpans {
  /** Where the name ends (the index of the colon). */
  nameEnd: number;
  /** Where the value starts, after any leading OWS. */
  valueStart: number;
  /** Where the value ends, before any trailing OWS. */
  valueEnd: number;
}

/**
 * Checks the field line in `bytes[start, end)` (CRLF excluded) and finds its name and value.
 *
 * - The name is a non-empty token (RFC 9110 §5.1); whitespace between it and the colon is rejected, as
 *   RFC 9112 §5.1 requires of a server ("MUST respond with a 400").
 * - Leading and trailing OWS around the value are not part of it (RFC 9112 §5.1).
 * - The value holds only field-content bytes: visible characters, obs-text, SP and HTAB (RFC 9110 §5.5). CR, LF
 *   and NUL are rejected rather than replaced, the first of the two choices §5.5 gives.
 * - A line starting with SP or HTAB is not a field line: the caller handles obs-fold (RFC 9112 §5.2).
 *
 * @param spans - filled in when the line is valid
 * @returns null on success, or the error with its offset as an index into `bytes`
 */
export function scanFieldLine(bytes: Uint8Array, start: number, end: number, spans: FieldLineSpans): ProtocolError | null {
  let i = start;
  while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
  const nameEnd = i;
  if (i === end) {
    return nameEnd === start
      ? new ProtocolError('INVALID_FIELD_NAME', 'empty field line', start)
      : new ProtocolError('INVALID_FIELD_NAME', 'a field line without a colon', end);
  }
  const b = bytes[i]!;
  if (b !== COLON) {
    if (OWS_BYTE[b] === 1 && nameEnd !== start) {
      return new ProtocolError('WHITESPACE_BEFORE_COLON', 'whitespace between a field name and its colon', i);
    }
    return invalidByte(b, i, 'INVALID_FIELD_NAME', 'a field name');
  }
  if (nameEnd === start) return new ProtocolError('INVALID_FIELD_NAME', 'a field line with an empty name', start);

  let valueStart = nameEnd + 1;
  while (valueStart < end && OWS_BYTE[bytes[valueStart]!] === 1) valueStart++;
  const valueEnd = valueEndWithoutOws(bytes, valueStart, end);
  const bad = findInvalidFieldContentByte(bytes, valueStart, valueEnd);
  if (bad !== -1) return invalidByte(bytes[bad]!, bad, 'INVALID_FIELD_VALUE', 'a field value');
  spans.nameEnd = nameEnd;
  spans.valueStart = valueStart;
  spans.valueEnd = valueEnd;
  return null;
}

const SCRATCH: FieldLineSpans = { nameEnd: 0, valueStart: 0, valueEnd: 0 };

/**
 * Parses the field line in `bytes[start, end)` (CRLF excluded) with the rules of {@link scanFieldLine} and
 * appends its name and value to `into`.
 *
 * @param into - a flat `[name, value, …]` list, as in {@link Fields.raw}
 * @returns null on success, or the error with its offset as an index into `bytes`
 */
export function parseFieldLine(
  bytes: Uint8Array, start: number, end: number, into: string[], window: Latin1Window = new Latin1Window(),
): ProtocolError | null {
  const error = scanFieldLine(bytes, start, end, SCRATCH);
  if (error !== null) return error;
  into.push(window.slice(bytes, start, SCRATCH.nameEnd), window.slice(bytes, SCRATCH.valueStart, SCRATCH.valueEnd));
  return null;
}

/**
 * {@link readWholeFieldLine}, {@link continueFieldLine}: the line runs past the end of the bytes, and every byte
 * of it so far is valid; the {@link FieldLineProgress} says how far it got.
 */
export const FIELD_LINE_CUT = -2;

const NO_LINE = 0;
const IN_NAME = 1;
const BEFORE_VALUE = 2;
const IN_VALUE = 3;
const AT_LINE_FEED = 4;

/**
 * How far a well-formed field line cut by the end of an input piece got (see {@link readWholeFieldLine}), so that
 * its continuation is checked from there instead of searched for its LF and the whole line checked again.
 * Offsets count from the line's first byte.
 */
export class FieldLineProgress {
  /** Which part of `name ":" OWS value OWS` the next byte belongs to; 0 when no cut line is being followed. */
  part = NO_LINE;
  /** The name's length, once its colon was seen; after {@link readWholeFieldLine} read a whole line, that line's. */
  nameLength = 0;
  /** Where the value starts, once a byte other than OWS followed the colon. */
  valueOffset = 0;

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

  /** @internal */
  cutInName(): number {
    this.part = IN_NAME;
    return FIELD_LINE_CUT;
  }

  /** @internal */
  cutBeforeValue(nameLength: number): number {
    this.part = BEFORE_VALUE;
    this.nameLength = nameLength;
    return FIELD_LINE_CUT;
  }

  /** @internal */
  cutInValue(nameLength: number, valueOffset: number): number {
    this.part = IN_VALUE;
    this.nameLength = nameLength;
    this.valueOffset = valueOffset;
    return FIELD_LINE_CUT;
  }

  /** @internal */
  cutAtLineFeed(nameLength: number, valueOffset: number): number {
    this.part = AT_LINE_FEED;
    this.nameLength = nameLength;
    this.valueOffset = valueOffset;
    return FIELD_LINE_CUT;
  }
}

/**
 * Checks the continuation `bytes[pos, end)` of a field line whose first `held` bytes came in earlier pieces (and
 * lie right before `pos` when the caller has copied the line together) and were found valid so far
 * (`progress`), with the rules of {@link scanFieldLine}.
 *
 * A line cut right after its CR ({@link FieldLineProgress.atLineFeed}) ends when `bytes[pos]` is its LF, and its
 * CR is the last held byte: the index returned is then `pos - 1`, which only a caller that holds the line
 * together (the CR right before `pos`) can use; others hand such a line to the general path instead.
 *
 * @param maxLength - the most bytes the whole line may have, CRLF excluded
 * @returns the index of the CR of the line's CRLF when the line ends here, valid and within `maxLength` (the
 *   name then has `progress.nameLength` bytes and the value starts at `progress.valueOffset`, trailing OWS not
 *   yet removed); {@link FIELD_LINE_CUT} when every byte is valid and the line goes on; or -1 for anything else,
 *   which the caller reads the general way (`progress` is then forgotten)
 */
export function continueFieldLine(
  bytes: Uint8Array, pos: number, end: number, held: number, maxLength: number, progress: FieldLineProgress,
): number {
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
  if (bytes[cr] !== CR || held + (cr - pos) > maxLength) return giveUp(progress);
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
  return -1;
}

/**
 * The fast path for a well-formed field line that lies whole in `bytes[start, end)`: finds the line's end while
 * checking its value, so the line is read in one pass instead of a search for its LF followed by a parse.
 *
 * It accepts exactly the lines {@link parseFieldLine} accepts, ended by CRLF, no longer than `maxLength`. A line
 * whose bytes are all valid up to `end` is {@link FIELD_LINE_CUT}. For anything else — a bare CR or
 * LF, any invalid byte, a line over the limit — it returns -1 and appends nothing, and the caller reads the line
 * the general way, which then reports the error exactly as it would have.
 *
 * @param into - a flat `[name, value, …]` list, as in {@link Fields.raw}; or null for a caller that makes the
 *   strings later: the name then has `progress.nameLength` bytes and the value starts at `progress.valueOffset`
 *   from `start` (trailing OWS not yet removed)
 * @returns the index after the line's CRLF; {@link FIELD_LINE_CUT} when every byte up to `end` can begin a field
 *   line (so the line ends in a later piece, and no LF lies in `bytes[start, end)`), which includes a line whose
 *   last byte here is its CR ({@link FieldLineProgress.atLineFeed}); or -1
 */
export function readWholeFieldLine(
  bytes: Uint8Array, start: number, end: number, maxLength: number, into: string[] | null, window: Latin1Window,
  progress: FieldLineProgress,
): number {
  let i = start;
  while (i < end && TOKEN_BYTE[bytes[i]!] === 1) i++;
  if (i === end) return i === start ? -1 : progress.cutInName();
  if (i === start || bytes[i] !== COLON) return -1;
  const nameEnd = i;
  let valueStart = nameEnd + 1;
  while (valueStart < end && OWS_BYTE[bytes[valueStart]!] === 1) valueStart++;
  if (valueStart === end) return progress.cutBeforeValue(nameEnd - start);
  // The first byte that is not field-content ends the value: on a well-formed line it is the CR of its CRLF.
  const cr = findInvalidFieldContentByte(bytes, valueStart, end);
  if (cr === -1) return progress.cutInValue(nameEnd - start, valueStart - start);
  if (bytes[cr] !== CR || cr - start > maxLength) return -1;
  if (cr + 1 === end) return progress.cutAtLineFeed(nameEnd - start, valueStart - start);
  if (bytes[cr + 1] !== LF) return -1;
  progress.nameLength = nameEnd - start;
  if (into === null) {
    progress.valueOffset = valueStart - start;
    return cr + 2;
  }
  const valueEnd = valueEndWithoutOws(bytes, valueStart, cr);
  into.push(window.slice(bytes, start, nameEnd), window.slice(bytes, valueStart, valueEnd));
  return cr + 2;
}

/**
 * Validates the continuation of an obs-fold line `bytes[start, end)` (it begins with SP or HTAB) and returns its
 * content without surrounding whitespace, for a parser that replaces the fold by SP (RFC 9112 §5.2, a leniency).
 */
export function parseObsFoldContinuation(
  bytes: Uint8Array, start: number, end: number, window: Latin1Window = new Latin1Window(),
): string | ProtocolError {
  let s = start;
  while (s < end && OWS_BYTE[bytes[s]!] === 1) s++;
  const e = valueEndWithoutOws(bytes, s, end);
  for (let k = s; k < e; k++) {
    if (FIELD_CONTENT_BYTE[bytes[k]!] !== 1) return invalidByte(bytes[k]!, k, 'INVALID_FIELD_VALUE', 'a field value');
  }
  return window.slice(bytes, s, e);
}
