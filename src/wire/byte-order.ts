/**
 * Byte order: converting 16- and 32-bit unsigned integers between host order and network order (big-endian),
 * and reading and writing big-endian integers in byte arrays.
 *
 * HTTP/1.1 itself is text and needs none of this. These helpers serve the binary PROXY protocol version 2
 * header that a proxy may send before the first request (HAProxy's PROXY protocol specification §2.2: its
 * length, ports and IPv4 addresses are big-endian integers), so that its reader and writer can share one audited, bounds-checked implementation.
 *
 * Every function checks its arguments and throws a `RangeError` naming the problem: a silent wrap-around or an
 * out-of-bounds write (which a typed array ignores without a word) would corrupt a header instead of failing.
 *
 * @module
 */

/**
 * Whether this host stores integers least significant byte first. Determined once, by looking at the first byte
 * of a 16-bit 1 in memory: a typed array uses the host's byte order, unlike a `DataView`.
 */
export const HOST_IS_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkUint(value: number, max: number, what: string): void {
  // Number.isInteger rejects NaN, ±Infinity and fractions, which bitwise operators would quietly turn into 0 or
  // truncate.
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} must be an integer from 0 to ${max}, got ${String(value)}`);
  }
}

function checkOffset(bytes: Uint8Array, offset: number, width: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + width > bytes.length) {
    throw new RangeError(
      `offset ${String(offset)} is out of range for a ${width}-byte integer in ${bytes.length} bytes ` +
        `(valid offsets: 0 to ${bytes.length - width})`,
    );
  }
}

const swap16 = (value: number): number => ((value & 0xff) << 8) | (value >>> 8);

// `>>> 0` makes the result unsigned: `<<` yields a signed 32-bit integer, negative whenever bit 31 is set.
const swap32 = (value: number): number =>
  (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;

/**
 * Host to network order for a 16-bit unsigned integer: swaps the two bytes on a little-endian host, returns the
 * value unchanged on a big-endian one.
 *
 * @param value - an integer from 0 to 0xFFFF
 * @returns the converted value, from 0 to 0xFFFF
 * @throws RangeError when `value` is not an integer in range
 */
export function htons(value: number): number {
  checkUint(value, 0xffff, 'a 16-bit value');
  return HOST_IS_LITTLE_ENDIAN ? swap16(value) : value;
}

/**
 * Network to host order for a 16-bit unsigned integer. The same permutation as {@link htons}, which is its own
 * inverse.
 *
 * @param value - an integer from 0 to 0xFFFF
 * @returns the converted value, from 0 to 0xFFFF
 * @throws RangeError when `value` is not an integer in range
 */
export function ntohs(value: number): number {
  return htons(value);
}

/**
 * Host to network order for a 32-bit unsigned integer: reverses the four bytes on a little-endian host, returns
 * the value unchanged on a big-endian one.
 *
 * @param value - an integer from 0 to 0xFFFFFFFF
 * @returns the converted value, from 0 to 0xFFFFFFFF (never negative)
 * @throws RangeError when `value` is not an integer in range
 */
export function htonl(value: number): number {
  checkUint(value, 0xffffffff, 'a 32-bit value');
  return HOST_IS_LITTLE_ENDIAN ? swap32(value) : value;
}

/**
 * Network to host order for a 32-bit unsigned integer. The same permutation as {@link htonl}, which is its own
 * inverse.
 *
 * @param value - an integer from 0 to 0xFFFFFFFF
 * @returns the converted value, from 0 to 0xFFFFFFFF (never negative)
 * @throws RangeError when `value` is not an integer in range
 */
export function ntohl(value: number): number {
  return htonl(value);
}

/**
 * Reads a big-endian (network order) 16-bit unsigned integer.
 *
 * @param bytes - the bytes to read from
 * @param offset - where the integer's first (most significant) byte is
 * @returns an integer from 0 to 0xFFFF
 * @throws RangeError when the two bytes do not lie inside `bytes`
 */
export function readUint16BE(bytes: Uint8Array, offset: number): number {
  checkOffset(bytes, offset, 2);
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

/**
 * Reads a big-endian (network order) 32-bit unsigned integer.
 *
 * @param bytes - the bytes to read from
 * @param offset - where the integer's first (most significant) byte is
 * @returns an integer from 0 to 0xFFFFFFFF (never negative)
 * @throws RangeError when the four bytes do not lie inside `bytes`
 */
export function readUint32BE(bytes: Uint8Array, offset: number): number {
  checkOffset(bytes, offset, 4);
  // Multiplying the top byte instead of shifting it keeps the result unsigned.
  return bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!);
}

/**
 * Writes a 16-bit unsigned integer in big-endian (network) order.
 *
 * @param bytes - the bytes to write into
 * @param offset - where the most significant byte goes
 * @param value - an integer from 0 to 0xFFFF
 * @returns the offset just past the written bytes, for writing fields one after another
 * @throws RangeError when `value` is out of range or the two bytes do not lie inside `bytes`; nothing is written
 */
export function writeUint16BE(bytes: Uint8Array, offset: number, value: number): number {
  checkUint(value, 0xffff, 'a 16-bit value');
  checkOffset(bytes, offset, 2);
  bytes[offset] = value >>> 8;
  bytes[offset + 1] = value & 0xff;
  return offset + 2;
}

/**
 * Writes a 32-bit unsigned integer in big-endian (network) order.
 *
 * @param bytes - the bytes to write into
 * @param offset - where the most significant byte goes
 * @param value - an integer from 0 to 0xFFFFFFFF
 * @returns the offset just past the written bytes, for writing fields one after another
 * @throws RangeError when `value` is out of range or the four bytes do not lie inside `bytes`; nothing is written
 */
export function writeUint32BE(bytes: Uint8Array, offset: number, value: number): number {
  checkUint(value, 0xffffffff, 'a 32-bit value');
  checkOffset(bytes, offset, 4);
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
  return offset + 4;
}
