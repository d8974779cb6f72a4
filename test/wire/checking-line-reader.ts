// A test oracle: a line reader that checks every byte of a line as it comes (RFC 9112 §2.2: a CR must be followed
// by LF, a LF preceded by CR unless bare LF is accepted; RFC 9110 §5.5: no NUL), written as plainly as possible.
// src/wire/line-reader.ts leaves the bytes inside a line to the grammars and only finds line ends; the tests hold
// it to this reader: the same lines, and — once each line is checked for CR and NUL as the grammars do — the same
// first error.
import { LINE_ERROR, LINE_TOO_LONG, NEED_MORE } from '../../src/wire/line-reader.js';
import { ProtocolError } from '../../src/wire/protocol-error.js';

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

/** Reads CRLF lines from pieces, failing at the first bare CR, bare LF or NUL as soon as it is known. */
export class CheckingLineReader {
  lineBytes: Uint8Array = new Uint8Array(0);
  lineStart = 0;
  lineEnd = 0;
  lineWasSpliced = false;
  error: ProtocolError | null = null;

  private partial: number[] = [];
  // The partial line ended with a CR whose LF has not arrived yet.
  private pendingCR = false;

  constructor(private readonly bareLineFeed = false) {}

  get pendingBytes(): number {
    return this.partial.length + (this.pendingCR ? 1 : 0);
  }

  reset(): void {
    this.partial = [];
    this.pendingCR = false;
    this.error = null;
  }

  /** The index after the line's terminator, or NEED_MORE, LINE_ERROR, LINE_TOO_LONG; offsets index `bytes`. */
  read(bytes: Uint8Array, pos: number, maxLength: number): number {
    if (this.pendingCR) {
      if (pos === bytes.length) return NEED_MORE;
      if (bytes[pos] !== LF) return this.fail('BARE_CR', pos - 1);
      this.pendingCR = false;
      return this.line(bytes, pos, pos, pos + 1, maxLength, true);
    }
    for (let i = pos; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === NUL) return this.fail('NUL_BYTE', i);
      if (b === LF) return this.bareLineFeed ? this.line(bytes, pos, i, i + 1, maxLength) : this.fail('BARE_LF', i);
      if (b !== CR) continue;
      if (i + 1 === bytes.length) {
        this.partial.push(...bytes.subarray(pos, i));
        if (this.partial.length > maxLength) return LINE_TOO_LONG;
        this.pendingCR = true;
        return NEED_MORE;
      }
      if (bytes[i + 1] !== LF) return this.fail('BARE_CR', i);
      return this.line(bytes, pos, i, i + 2, maxLength);
    }
    this.partial.push(...bytes.subarray(pos));
    return this.partial.length > maxLength ? LINE_TOO_LONG : NEED_MORE;
  }

  // The line is the partial bytes and `bytes[pos, end)`; spliced when it began in an earlier piece.
  private line(bytes: Uint8Array, pos: number, end: number, next: number, maxLength: number, continued = false): number {
    const spliced = continued || this.partial.length !== 0;
    const content = [...this.partial, ...bytes.subarray(pos, end)];
    this.partial = [];
    if (content.length > maxLength) return LINE_TOO_LONG;
    this.lineBytes = Uint8Array.from(content);
    this.lineStart = 0;
    this.lineEnd = content.length;
    this.lineWasSpliced = spliced;
    return next;
  }

  private fail(code: 'BARE_CR' | 'BARE_LF' | 'NUL_BYTE', offset: number): number {
    const what = code === 'BARE_CR' ? 'a CR not followed by LF' : code === 'BARE_LF' ? 'a LF not preceded by CR' : 'a NUL byte';
    this.error = new ProtocolError(code, `${what} in a line of the message`, offset);
    return LINE_ERROR;
  }
}
