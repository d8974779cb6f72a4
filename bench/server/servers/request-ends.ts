/**
 * Counting request ends (`\r\n\r\n`) in a byte stream, for the raw ceiling: no parsing, only enough to know how
 * many responses to write. A terminator split across reads is counted once, in the read that completes it.
 *
 * @module
 */

import { Buffer } from 'node:buffer';

const TERMINATOR = [13, 10, 13, 10] as const;
const CRLFCRLF = Buffer.from(TERMINATOR);

/** Counts `\r\n\r\n` across the chunks of one connection. */
export class RequestEndCounter {
  /** How many bytes of a terminator the previous chunk ended with (0–3). */
  private carry = 0;

  /** The number of request ends completed by `chunk`. */
  count(chunk: Buffer): number {
    let ends = 0;
    let from = 0;
    if (this.carry !== 0) {
      // Only the rest of the terminator can complete it; "\r\n\r" has the border "\r", but that needs the same
      // "\n" next, so checking the longest carry is enough.
      const carry = this.carry;
      const need = TERMINATOR.length - carry;
      const have = Math.min(need, chunk.length);
      let matched = 0;
      while (matched < have && chunk[matched] === TERMINATOR[carry + matched]) matched++;
      if (matched === need) {
        ends = 1;
        from = need;
        this.carry = 0;
      } else if (matched === chunk.length) {
        this.carry = carry + matched; // tiny reads: still inside the terminator
        return 0;
      } else {
        this.carry = 0;
      }
    }
    for (let at = chunk.indexOf(CRLFCRLF, from); at !== -1; at = chunk.indexOf(CRLFCRLF, from)) {
      ends++;
      from = at + TERMINATOR.length;
    }
    this.carry = trailingPrefix(chunk, from);
    return ends;
  }
}

/** The longest prefix of the terminator (up to 3 bytes) that `chunk` ends with, not reaching before `from`. */
function trailingPrefix(chunk: Buffer, from: number): number {
  for (let k = TERMINATOR.length - 1; k > 0; k--) {
    const start = chunk.length - k;
    if (start < from) continue;
    let i = 0;
    while (i < k && chunk[start + i] === TERMINATOR[i]) i++;
    if (i === k) return k;
  }
  return 0;
}

/** A fresh counter for one connection, as the bare servers' per-read callback. */
export function requestEndCounter(): (chunk: Buffer) => number {
  const counter = new RequestEndCounter();
  return (chunk) => counter.count(chunk);
}
