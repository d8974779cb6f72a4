/**
 * The Transfer-Encoding field (RFC 9112 §6.1): a list of transfer codings, each a token with optional parameters.
 *
 * ```
 * Transfer-Encoding = #transfer-coding
 * transfer-coding = token *( OWS ";" OWS transfer-parameter )
 * transfer-parameter = token BWS "=" BWS ( token / quoted-string )
 * ```
 *
 * @module
 */
import { DQUOTE, EQUALS, SEMICOLON, TCHAR, WHITESPACE, COMMA } from './char-classes.js';
import { regionEqualsIgnoringAsciiCase } from './ascii-case.js';
import { parseQuotedString } from './chunk-line.js';
import { latin1Bytes } from './latin1.js';
import { ProtocolError } from './protocol-error.js';

/** One transfer coding from a Transfer-Encoding list. */
export interface TransferCoding {
  /** The coding name, lower-cased (coding names are case-insensitive, RFC 9112 §7). */
  readonly name: string;
  /** Whether parameters followed the name (`chunked` takes none). */
  readonly hasParameters: boolean;
  /** The index of the field value it came from (one per field line), so that an error about it can point there. */
  readonly valueIndex: number;
}

/**
 * Parses every Transfer-Encoding field value of a message, in order, into one list of codings. Empty list
 * elements are skipped as RFC 9110 §5.6.1 asks of recipients; anything else that is not `#transfer-coding` is
 * `INVALID_TRANSFER_ENCODING`, whose offset is the index in `values` of the value at fault (the caller knows where
 * that value's field line starts; a parser points the error there).
 */
export function parseTransferCodings(values: readonly string[]): TransferCoding[] | ProtocolError {
  const codings: TransferCoding[] = [];
  for (let valueIndex = 0; valueIndex < values.length; valueIndex++) {
    const value = values[valueIndex]!;
    const bytes = latin1Bytes(value);
    const end = bytes.length;
    let i = 0;
    while (i < end) {
      while (i < end && (WHITESPACE[bytes[i]!] === 1 || bytes[i] === COMMA)) i++;
      if (i === end) break;
      const nameStart = i;
      while (i < end && TCHAR[bytes[i]!] === 1) i++;
      if (i === nameStart) return invalid(value, valueIndex);
      const name = value.slice(nameStart, i).toLowerCase();
      let hasParameters = false;
      for (;;) {
        let j = i;
        while (j < end && WHITESPACE[bytes[j]!] === 1) j++;
        if (j === end || bytes[j] === COMMA) {
          i = j;
          break;
        }
        if (bytes[j] !== SEMICOLON) return invalid(value, valueIndex);
        j++;
        while (j < end && WHITESPACE[bytes[j]!] === 1) j++;
        const parameterStart = j;
        while (j < end && TCHAR[bytes[j]!] === 1) j++;
        if (j === parameterStart) return invalid(value, valueIndex);
        while (j < end && WHITESPACE[bytes[j]!] === 1) j++;
        if (j === end || bytes[j] !== EQUALS) return invalid(value, valueIndex);
        j++;
        while (j < end && WHITESPACE[bytes[j]!] === 1) j++;
        if (j < end && bytes[j] === DQUOTE) {
          const quoted = parseQuotedString(bytes, j, end);
          if (quoted instanceof ProtocolError) return invalid(value, valueIndex);
          j = quoted.end;
        } else {
          const valueStart = j;
          while (j < end && TCHAR[bytes[j]!] === 1) j++;
          if (j === valueStart) return invalid(value, valueIndex);
        }
        hasParameters = true;
        i = j;
      }
      codings.push({ name, hasParameters, valueIndex });
    }
  }
  return codings;
}

function invalid(value: string, valueIndex: number): ProtocolError {
  return new ProtocolError('INVALID_TRANSFER_ENCODING', `Transfer-Encoding "${value}" is not a list of transfer codings`, valueIndex);
}

/**
 * Whether a comma-separated list of tokens (Connection, RFC 9110 §7.6.1) contains `token`, compared
 * case-insensitively. Scans in place: this runs for nearly every message.
 */
export function listHasToken(values: readonly string[], token: string): boolean {
  for (const value of values) {
    let i = 0;
    const end = value.length;
    while (i < end) {
      while (i < end && isListSpace(value.charCodeAt(i))) i++;
      const start = i;
      while (i < end && value.charCodeAt(i) !== 0x2c) i++;
      let elementEnd = i;
      while (elementEnd > start && isListSpace(value.charCodeAt(elementEnd - 1))) elementEnd--;
      if (elementEnd - start === token.length && regionEqualsIgnoringAsciiCase(value, start, token)) return true;
      i++;
    }
  }
  return false;
}

const isListSpace = (c: number): boolean => c === 0x20 || c === 0x09;

/** Removes leading and trailing OWS (SP and HTAB only, RFC 9110 §5.6.3; not the other spaces `trim` removes). */
export function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return text.slice(start, end);
}
