/**
 * Writing a parameter value — a chunk extension's value, or a parameter of a field value — in the one form the
 * grammar allows for it: `token / quoted-string` (RFC 9110 §5.6.2, §5.6.4, §5.6.6; RFC 9112 §7.1.1).
 *
 * @module
 */
import { QDTEXT, TCHAR } from '../wire/char-classes.js';
import { InvalidMessageError } from './field-validation.js';

/**
 * Formats `value` as a token when it is one, and as a quoted-string otherwise, escaping only `"` and `\` — the
 * quoted-pairs a sender generates (RFC 9110 §5.6.4: senders do not escape anything else). The empty string is
 * not a token, so it becomes `""`.
 *
 * A quoted-string can carry HTAB, SP and VCHAR. Every other byte is refused: CR, LF and NUL because they would
 * end or corrupt the line, the other controls because no quoted-string can hold them, and obs-text because
 * senders do not generate it.
 *
 * @param value - the value to format
 * @param element - the element's name for the error, e.g. `chunk extension value`
 * @returns the token, or the quoted-string with its quotes
 * @throws InvalidMessageError when `value` cannot be represented
 */
export function tokenOrQuotedString(value: string, element = 'parameter value'): string {
  if (typeof value !== 'string') {
    throw new InvalidMessageError(element, `expected a string, got ${typeof value}`, 'RFC 9110 §5.6.4');
  }
  let isToken = value.length > 0;
  let escapes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80 && QDTEXT[code] === 1) {
      if (TCHAR[code] !== 1) isToken = false;
    } else if (code === 0x22 || code === 0x5c) {
      isToken = false;
      escapes++;
    } else {
      const shown =
        code > 0xff ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `byte 0x${code.toString(16).padStart(2, '0')}`;
      throw new InvalidMessageError(element, `${shown} at index ${i} cannot be sent in a quoted-string`, 'RFC 9110 §5.6.4');
    }
  }
  if (isToken) return value;
  if (escapes === 0) return `"${value}"`;
  let quoted = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    quoted += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${quoted}"`;
}
