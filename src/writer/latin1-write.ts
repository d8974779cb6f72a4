/**
 * Writing strings into a buffer as latin1: one byte per code unit. Writers check every element first, so by the
 * time a string is written each code unit is an ASCII byte and its length is its size on the wire.
 *
 * @module
 */
import { Buffer } from 'node:buffer';

type Latin1Write = (this: Buffer, text: string, offset: number) => number;

// Node's native latin1 encoder, the one behind `buffer.write(text, offset, 'latin1')` minus the lookup of the
// encoding name on every call; heads are written one short string at a time.
const latin1Write = (Buffer.prototype as unknown as { latin1Write: Latin1Write }).latin1Write;

/**
 * Writes `text` into `target` at `offset`, one byte per code unit.
 *
 * @param target - a buffer with `text.length` bytes free from `offset`
 * @returns the offset just past the written bytes
 */
export function writeLatin1(target: Buffer, offset: number, text: string): number {
  return text.length === 0 ? offset : offset + latin1Write.call(target, text, offset);
}
