/**
 * The checks every writer applies before a protocol element reaches the wire, and {@link InvalidMessageError},
 * the error they throw.
 *
 * A writer is stricter than a parser: it accepts only what a sender may generate, never the obsolete forms a
 * recipient tolerates. In particular no writer produces obs-text (RFC 9110 §5.5), and none lets a CR, LF or NUL
 * through, since any one of them in a name, value or start-line element lets the caller's data end a line early
 * and forge the rest of the message (response splitting, request smuggling).
 *
 * Input is a JavaScript string whose code units are the bytes to send, one each (latin1). A code unit above 0xFF
 * is not a byte and is rejected rather than silently truncated.
 *
 * @module
 */
import { FIELD_CONTENT, OBS_TEXT, REASON_CHAR, TCHAR, VCHAR, type ByteClass } from '../wire/char-classes.js';

/**
 * A writer was asked to produce a message HTTP/1.1 does not allow: a field name that is not a token, a value
 * holding a CR, an out-of-range status code, more body than declared, …
 *
 * This is a programming error in the caller (hence a `TypeError`), distinct from the `ProtocolError` that
 * bad bytes received from a peer produce. Nothing is written when it is thrown.
 */
export class InvalidMessageError extends TypeError {
  /** The protocol element that was rejected, e.g. `field value`, `method`, `chunk extension name`. */
  readonly element: string;
  /** The RFC section whose rule the element breaks, e.g. `RFC 9110 §5.5`. */
  readonly section: string;

  /**
   * @param element - the protocol element that was rejected
   * @param problem - what is wrong with it, in a few words
   * @param section - the RFC section the rule comes from
   */
  constructor(element: string, problem: string, section: string) {
    super(`invalid ${element}: ${problem} (${section})`);
    this.name = 'InvalidMessageError';
    this.element = element;
    this.section = section;
  }
}

// The byte classes writers generate: the receive-side classes of char-classes.ts minus obs-text, which a sender
// does not generate (RFC 9110 §5.5, RFC 9112 §4).
const withoutObsText = (table: ByteClass): ByteClass => table.map((ok, b) => (OBS_TEXT[b] === 1 ? 0 : ok));

/** `field-content` as generated (RFC 9110 §5.5): VCHAR, SP and HTAB. */
const FIELD_CONTENT_OUT: ByteClass = withoutObsText(FIELD_CONTENT);

/** `reason-phrase` bytes as generated (RFC 9112 §4): HTAB, SP and VCHAR. */
const REASON_OUT: ByteClass = withoutObsText(REASON_CHAR);

/** Names the bytes whose presence callers most need to hear about. */
function describe(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  switch (code) {
    case 0x0d:
      return `CR (${hex}), which would end the line early`;
    case 0x0a:
      return `LF (${hex}), which would end the line early`;
    case 0x00:
      return `NUL (${hex})`;
    case 0x20:
      return `SP (${hex})`;
    case 0x09:
      return `HTAB (${hex})`;
    default:
      if (code > 0xff) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}, which is not a byte`;
      if (code >= 0x80) return `obs-text byte ${hex}, which senders do not generate`;
      if (code < 0x20 || code === 0x7f) return `control byte ${hex}`;
      return `${JSON.stringify(String.fromCharCode(code))} (${hex})`;
  }
}

/**
 * The index of the first code unit of `text` outside `table`, or -1. A code unit above 0xFF is always outside:
 * it has no single-byte latin1 form.
 */
function firstInvalid(text: string, table: ByteClass): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff || table[code] !== 1) return i;
  }
  return -1;
}

/**
 * Checks `text` against a byte class, throwing for a non-string, an empty string (when `nonEmpty`) or the first
 * byte outside the class. `name`, when given, is the field the element belongs to, quoted in the message; the
 * message is only built on failure, as checks run for every element of every message written.
 */
function check(text: unknown, table: ByteClass, nonEmpty: boolean, element: string, section: string, name = ''): void {
  if (typeof text !== 'string') {
    throw new InvalidMessageError(element, `expected a string${fieldOf(name)}, got ${typeof text}`, section);
  }
  if (nonEmpty && text.length === 0) throw new InvalidMessageError(element, `must not be empty${fieldOf(name)}`, section);
  const bad = firstInvalid(text, table);
  if (bad >= 0) {
    throw new InvalidMessageError(element, `${describe(text.charCodeAt(bad))} at index ${bad}${fieldOf(name)}`, section);
  }
}

/** The " (field "X")" part of a message about a field value, or nothing when the field is not known. */
const fieldOf = (name: string): string => (name === '' ? '' : ` (field ${JSON.stringify(name)})`);

/**
 * Checks that `text` is a `token` (RFC 9110 §5.6.2): one or more tchar.
 *
 * @param text - the candidate token
 * @param element - the element's name for the error, e.g. `chunk extension name`
 * @param section - the RFC section that requires a token there
 * @throws InvalidMessageError when it is not a token
 */
export function assertToken(text: string, element: string, section: string): void {
  check(text, TCHAR, true, element, section);
}

/**
 * Checks a method: a token (RFC 9110 §9.1, RFC 9112 §3.1). Methods are case-sensitive and written as given.
 *
 * @throws InvalidMessageError when it is not a token
 */
export function assertMethod(method: string): void {
  check(method, TCHAR, true, 'method', 'RFC 9112 §3.1');
}

/**
 * Checks a request-target: one or more visible ASCII characters (RFC 9112 §3.2). It is delimited by SP in the
 * request-line, so no whitespace can be part of it. Which of the four forms it takes is the caller's choice and
 * is not checked.
 *
 * @throws InvalidMessageError when it is empty or holds a byte other than VCHAR
 */
export function assertRequestTarget(target: string): void {
  check(target, VCHAR, true, 'request-target', 'RFC 9112 §3.2');
}

/**
 * Checks a reason phrase: HTAB, SP and VCHAR, possibly none (RFC 9112 §4; obs-text is not generated).
 *
 * @throws InvalidMessageError when it holds any other byte
 */
export function assertReasonPhrase(reason: string): void {
  check(reason, REASON_OUT, false, 'reason phrase', 'RFC 9112 §4');
}

/**
 * Checks a status code: an integer from 100 to 599. The grammar allows any three digits (RFC 9112 §4), but the
 * classes of RFC 9110 §15 end at 5xx and recipients may treat anything above as an error, so writers send only
 * codes a recipient understands the class of.
 *
 * @throws InvalidMessageError for anything else
 */
export function assertStatusCode(status: number): void {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new InvalidMessageError('status code', `expected an integer from 100 to 599, got ${String(status)}`, 'RFC 9110 §15');
  }
}

/**
 * Checks a field name: a token (RFC 9110 §5.1). Case is kept as given; recipients compare names
 * case-insensitively.
 *
 * @param name - the field name
 * @param element - the element's name for the error; `trailer field name` for a trailer
 * @throws InvalidMessageError when it is not a token
 */
export function assertFieldName(name: string, element = 'field name'): void {
  check(name, TCHAR, true, element, 'RFC 9110 §5.1');
}

/**
 * Checks a field value as a sender generates it (RFC 9110 §5.5): VCHAR, SP and HTAB only — never CR, LF, NUL,
 * another control byte or obs-text — and no SP or HTAB first or last, because `field-value` cannot begin or end
 * with whitespace (a recipient would strip it, so the value read back would differ). The empty value is allowed.
 *
 * @param value - the field value
 * @param name - the field's name, quoted in the error message
 * @param element - the element's name for the error; `trailer field value` for a trailer
 * @throws InvalidMessageError when the value cannot be sent as given
 */
export function assertFieldValue(value: string, name = '', element = 'field value'): void {
  check(value, FIELD_CONTENT_OUT, false, element, 'RFC 9110 §5.5', name);
  const last = value.length - 1;
  if (last >= 0 && (isWhitespace(value.charCodeAt(0)) || isWhitespace(value.charCodeAt(last)))) {
    const at = isWhitespace(value.charCodeAt(0)) ? 0 : last;
    throw new InvalidMessageError(
      element,
      `${describe(value.charCodeAt(at))} at index ${at}: a field value cannot begin or end with whitespace${fieldOf(name)}`,
      'RFC 9110 §5.5',
    );
  }
}

const isWhitespace = (code: number): boolean => code === 0x20 || code === 0x09;
