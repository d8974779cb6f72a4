/**
 * IP addresses as text, for the PROXY protocol header: reading the strict forms that HAProxy's PROXY protocol
 * specification (§2.1) allows in a version 1 line, and writing the 4 or 16 bytes of a version 2 header
 * (§2.2) as the text a log or an echo shows.
 *
 * Socket-free on purpose (no `node:net`): the wire layer has no sockets, and `net.isIP` accepts forms the
 * specification does not (leading zeros in an IPv4 part, a zone index).
 *
 * @module
 */

import { DIGIT, HEX_VALUE, NOT_HEX } from './char-classes.js';

/**
 * A decimal number in `bytes[start, end)` with no leading zero (a lone `0` is fine) and at most `max`, or -1.
 * The PROXY specification forbids heading zeroes in IPv4 parts and ports "to avoid any possible confusion with
 * octal numbers" (§2.1).
 */
export function strictDecimal(bytes: Uint8Array, start: number, end: number, max: number): number {
  if (end <= start || end - start > String(max).length) return -1;
  if (bytes[start] === 0x30 && end - start > 1) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (DIGIT[b] !== 1) return -1;
    value = value * 10 + (b - 0x30);
  }
  return value <= max ? value : -1;
}

/**
 * Reads an IPv4 address in dotted-decimal form (exactly four parts 0–255, no leading zeros) from
 * `bytes[start, end)` into `out[at, at + 4)`. Returns whether it was one.
 */
export function readIPv4Text(bytes: Uint8Array, start: number, end: number, out: Uint8Array, at: number): boolean {
  let part = 0;
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && bytes[i] !== 0x2e) continue;
    if (part === 4) return false;
    const value = strictDecimal(bytes, from, i, 255);
    if (value < 0) return false;
    out[at + part++] = value;
    from = i + 1;
  }
  return part === 4;
}

/**
 * Reads an IPv6 address from `bytes[start, end)` into `out[0, 16)`: groups of one to four hexadecimal digits
 * separated by colons, at most one `::` standing for one or more zero groups, and optionally a dotted IPv4
 * address as the last 32 bits (the form `inet_ntop` writes for an IPv4-mapped address). Exactly 128 bits in all.
 * Returns whether it was one.
 */
export function readIPv6Text(bytes: Uint8Array, start: number, end: number, out: Uint8Array): boolean {
  const groups: number[] = [];
  let gap = -1; // the index in `groups` where `::` stands
  let i = start;
  if (end - start < 2) return false;
  if (bytes[i] === 0x3a) {
    // A leading colon is only allowed as the first half of `::`.
    if (bytes[i + 1] !== 0x3a) return false;
    gap = 0;
    i += 2;
    if (i === end) {
      out.fill(0, 0, 16);
      return true;
    }
  }
  while (i < end) {
    // One group: hex digits up to a colon or the end, unless it turns out to be the IPv4 tail.
    let j = i;
    while (j < end && bytes[j] !== 0x3a && bytes[j] !== 0x2e) j++;
    if (j < end && bytes[j] === 0x2e) {
      // The IPv4 tail runs to the end and counts for two groups.
      const v4 = new Uint8Array(4);
      if (!readIPv4Text(bytes, i, end, v4, 0)) return false;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      i = end;
      break;
    }
    if (j === i || j - i > 4) return false;
    let value = 0;
    for (let k = i; k < j; k++) {
      const d = HEX_VALUE[bytes[k]!]!;
      if (d === NOT_HEX) return false;
      value = (value << 4) | d;
    }
    groups.push(value);
    if (j === end) {
      i = end;
      break;
    }
    // A colon: a single one separates groups, a double one is the gap (only once, and not at the very end
    // unless it is the whole gap).
    if (bytes[j + 1] === 0x3a) {
      if (gap >= 0) return false;
      gap = groups.length;
      i = j + 2;
      if (i === end) break;
    } else {
      i = j + 1;
      if (i === end) return false; // a trailing single colon
    }
  }
  if (groups.length > 8 || (gap < 0 && groups.length !== 8) || (gap >= 0 && groups.length > 7)) return false;
  const zeros = 8 - groups.length;
  const all = gap < 0 ? groups : [...groups.slice(0, gap), ...new Array<number>(zeros).fill(0), ...groups.slice(gap)];
  for (let g = 0; g < 8; g++) {
    out[2 * g] = all[g]! >>> 8;
    out[2 * g + 1] = all[g]! & 0xff;
  }
  return true;
}

/** Four bytes as dotted-decimal text. */
export function formatIPv4(bytes: Uint8Array, at = 0): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

/**
 * Sixteen bytes as IPv6 text in the recommended form of RFC 5952 §4: lower case, no leading zeros in a group,
 * the longest run of two or more zero groups (the first of equal runs) written `::`, and an IPv4-mapped address
 * as `::ffff:a.b.c.d` (RFC 5952 §5), the form Node reports for such a peer.
 */
export function formatIPv6(bytes: Uint8Array, at = 0): string {
  const groups: number[] = [];
  for (let g = 0; g < 8; g++) groups.push((bytes[at + 2 * g]! << 8) | bytes[at + 2 * g + 1]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${formatIPv4(bytes, at + 12)}`;
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed (RFC 5952 §4.2.2)
  for (let g = 0; g < 8; ) {
    if (groups[g] !== 0) {
      g++;
      continue;
    }
    let e = g;
    while (e < 8 && groups[e] === 0) e++;
    if (e - g > bestLength) {
      bestStart = g;
      bestLength = e - g;
    }
    g = e;
  }
  const text = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return text(groups);
  return `${text(groups.slice(0, bestStart))}::${text(groups.slice(bestStart + bestLength))}`;
}
