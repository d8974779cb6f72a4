// Byte order helpers for the PROXY protocol v2 header (HAProxy PROXY protocol specification §2.2: "network
// byte order" integers). Network order is big-endian (RFC 1700, "Data Notations").
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  HOST_IS_LITTLE_ENDIAN,
  htonl,
  htons,
  ntohl,
  ntohs,
  readUint16BE,
  readUint32BE,
  writeUint16BE,
  writeUint32BE,
} from '../../src/wire/byte-order.js';

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

/** What a value in network order looks like when the host reads its bytes as a native integer. */
function nativeView16(value: number): number {
  const bytes = new Uint8Array([value >>> 8, value & 0xff]);
  return new Uint16Array(bytes.buffer)[0]!;
}
function nativeView32(value: number): number {
  const bytes = new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
  return new Uint32Array(bytes.buffer)[0]!;
}

describe('host endianness (PROXY protocol v2 §2.2 integers are in network order)', () => {
  it('matches what a DataView reports for native typed-array storage (PROXY v2 §2.2)', () => {
    const buffer = new ArrayBuffer(2);
    new Uint16Array(buffer)[0] = 0x0102;
    expect(HOST_IS_LITTLE_ENDIAN).toBe(new DataView(buffer).getUint16(0, true) === 0x0102);
  });
});

describe('htons / ntohs / htonl / ntohl (network order is big-endian, RFC 1700)', () => {
  it('convert known vectors according to the host byte order (RFC 1700)', () => {
    if (HOST_IS_LITTLE_ENDIAN) {
      expect(htons(0x1234)).toBe(0x3412);
      expect(ntohs(0x3412)).toBe(0x1234);
      expect(htonl(0x12345678)).toBe(0x78563412);
      expect(ntohl(0x78563412)).toBe(0x12345678);
      expect(htons(0x00ff)).toBe(0xff00);
      expect(htonl(0x000000ff)).toBe(0xff000000);
    } else {
      expect(htons(0x1234)).toBe(0x1234);
      expect(htonl(0x12345678)).toBe(0x12345678);
    }
    expect(htons(0)).toBe(0);
    expect(htonl(0)).toBe(0);
    expect(htons(0xffff)).toBe(0xffff);
    expect(htonl(0xffffffff)).toBe(0xffffffff);
  });

  it('return unsigned results even when the top bit ends up set (RFC 1700)', () => {
    expect(htonl(0x80)).toBeGreaterThanOrEqual(0);
    expect(htonl(0x000000ff)).toBeGreaterThan(0);
    fc.assert(
      fc.property(u32, (v) => {
        const r = htonl(v);
        return Number.isInteger(r) && r >= 0 && r <= 0xffffffff;
      }),
      { numRuns: 1000 },
    );
  });

  it('hton* gives the native reading of the big-endian bytes (the meaning of network order, RFC 1700)', () => {
    fc.assert(fc.property(u16, (v) => htons(v) === nativeView16(v)), { numRuns: 1000 });
    fc.assert(fc.property(u32, (v) => htonl(v) === nativeView32(v)), { numRuns: 1000 });
  });

  it('ntoh* inverts hton* (round trip, RFC 1700)', () => {
    fc.assert(fc.property(u16, (v) => ntohs(htons(v)) === v && htons(ntohs(v)) === v), { numRuns: 1000 });
    fc.assert(fc.property(u32, (v) => ntohl(htonl(v)) === v && htonl(ntohl(v)) === v), { numRuns: 1000 });
  });

  it('reject values that are not unsigned integers of the width (PROXY v2 §2.2)', () => {
    for (const bad of [-1, 0x10000, 1.5, Number.NaN, Infinity]) {
      expect(() => htons(bad)).toThrow(RangeError);
      expect(() => ntohs(bad)).toThrow(RangeError);
    }
    for (const bad of [-1, 0x100000000, 0.5, Number.NaN, -Infinity]) {
      expect(() => htonl(bad)).toThrow(RangeError);
      expect(() => ntohl(bad)).toThrow(RangeError);
    }
    expect(() => htons(0x10000)).toThrow(/16-bit value must be an integer from 0 to 65535, got 65536/);
  });
});

describe('readUint16BE / readUint32BE / writeUint16BE / writeUint32BE (PROXY protocol v2 §2.2)', () => {
  it('read known big-endian vectors (PROXY v2 §2.2)', () => {
    // The PROXY v2 signature's tail and a version/command byte followed by a length of 12 (TCP over IPv4).
    const bytes = new Uint8Array([0x55, 0x49, 0x54, 0x0a, 0x21, 0x11, 0x00, 0x0c]);
    expect(readUint16BE(bytes, 6)).toBe(12);
    expect(readUint16BE(bytes, 0)).toBe(0x5549);
    expect(readUint32BE(bytes, 0)).toBe(0x5549540a);
    expect(readUint32BE(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 0)).toBe(0xffffffff);
    expect(readUint32BE(new Uint8Array([0x80, 0, 0, 0]), 0)).toBe(0x80000000);
  });

  it('write known big-endian vectors and return the next offset (PROXY v2 §2.2)', () => {
    const bytes = new Uint8Array(6);
    let at = writeUint16BE(bytes, 0, 443);
    expect(at).toBe(2);
    at = writeUint32BE(bytes, at, 0xc0a80001); // 192.168.0.1
    expect(at).toBe(6);
    expect([...bytes]).toEqual([0x01, 0xbb, 0xc0, 0xa8, 0x00, 0x01]);
  });

  it('agree with DataView big-endian access at any offset (round trip, PROXY v2 §2.2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), u16, u32, (offset, a, b) => {
        const bytes = new Uint8Array(offset + 6);
        writeUint16BE(bytes, offset, a);
        writeUint32BE(bytes, offset + 2, b);
        const view = new DataView(bytes.buffer);
        return (
          view.getUint16(offset, false) === a &&
          view.getUint32(offset + 2, false) === b &&
          readUint16BE(bytes, offset) === a &&
          readUint32BE(bytes, offset + 2) === b
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('honour a subarray view’s own offset and length (PROXY v2 §2.2)', () => {
    const backing = new Uint8Array([9, 9, 0x12, 0x34, 9, 9]);
    const view = backing.subarray(2, 4);
    expect(readUint16BE(view, 0)).toBe(0x1234);
    expect(() => readUint16BE(view, 1)).toThrow(RangeError);
    expect(() => writeUint32BE(view, 0, 1)).toThrow(RangeError);
    expect([...backing]).toEqual([9, 9, 0x12, 0x34, 9, 9]);
  });

  it('throw RangeError for offsets out of range, writing nothing (PROXY v2 §2.2)', () => {
    const bytes = new Uint8Array(4);
    for (const offset of [-1, 3, 4, 100, 0.5, Number.NaN]) {
      expect(() => readUint16BE(bytes, offset)).toThrow(RangeError);
      expect(() => writeUint16BE(bytes, offset, 0xffff)).toThrow(RangeError);
    }
    for (const offset of [-1, 1, 4, 1.5, Number.NaN]) {
      expect(() => readUint32BE(bytes, offset)).toThrow(RangeError);
      expect(() => writeUint32BE(bytes, offset, 0xffffffff)).toThrow(RangeError);
    }
    expect(() => readUint32BE(new Uint8Array(3), 0)).toThrow(
      /offset 0 is out of range for a 4-byte integer in 3 bytes/,
    );
    expect([...bytes]).toEqual([0, 0, 0, 0]);
  });

  it('throw RangeError for values out of range or not integers, writing nothing (PROXY v2 §2.2)', () => {
    const bytes = new Uint8Array(4);
    for (const value of [-1, 0x10000, 2.5, Number.NaN, Infinity]) {
      expect(() => writeUint16BE(bytes, 0, value)).toThrow(RangeError);
    }
    for (const value of [-1, 0x100000000, 2.5, Number.NaN, Infinity]) {
      expect(() => writeUint32BE(bytes, 0, value)).toThrow(RangeError);
    }
    expect(() => writeUint32BE(bytes, 0, -1)).toThrow(/32-bit value must be an integer from 0 to 4294967295, got -1/);
    expect([...bytes]).toEqual([0, 0, 0, 0]);
  });
});
