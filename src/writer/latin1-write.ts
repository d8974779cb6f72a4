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

/** Strings shorter than this are copied in JavaScript rather than by the native encoder. */
const SHORT = 12;

/**
 * Writes `text` into `target` at `offset`, one byte per code unit.
 *
 * @param target - a buffer with `text.length` bytes free from `offset`
 * @returns the offset just past the written bytes
 */
export function writeLatin1(target: Buffer, offset: number, text: string): number {
  const length = text.length;
  // A native call costs about as much as copying a dozen code units in JavaScript (measured on Node 20), and a
  // head is mostly short strings: a status code, a reason, `Content-Length`'s value.
  if (length < SHORT) {
    for (let i = 0; i < length; i++) target[offset + i] = text.charCodeAt(i);
    return offset + length;
  }
  return offset + latin1Write.call(target, text, offset);
}
