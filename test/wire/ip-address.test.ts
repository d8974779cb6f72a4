// IP address text for the PROXY header: the strict reading of §2.1 of the PROXY protocol specification, and
// RFC 5952 text, checked against the WHATWG URL serializer (Node's URL) as an independent oracle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv6, readIPv4Text, readIPv6Text } from '../../src/wire/ip-address.js';

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const v6 = (s: string): string | null => {
  const out = new Uint8Array(16);
  return readIPv6Text(text(s), 0, s.length, out) ? formatIPv6(out) : null;
};
const v4 = (s: string): boolean => readIPv4Text(text(s), 0, s.length, new Uint8Array(4), 0);

describe('IPv4 text', () => {
  it('takes four decimal parts 0-255 without leading zeros, nothing else', () => {
    for (const ok of ['0.0.0.0', '255.255.255.255', '10.0.0.1']) expect(v4(ok)).toBe(true);
    for (const bad of ['1.2.3', '1.2.3.4.5', '1.2.3.04', '1.2.3.256', '1..3.4', '1.2.3.4.', ' 1.2.3.4', '0x1.2.3.4', '']) expect(v4(bad)).toBe(false);
  });
});

describe('IPv6 text', () => {
  it('reads the forms inet_ntop writes and refuses malformed ones', () => {
    expect(v6('::')).toBe('::');
    expect(v6('::1')).toBe('::1');
    expect(v6('1::')).toBe('1::');
    expect(v6('2001:0DB8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(v6('::ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(v6('1:2:3:4:5:6:7::')).toBe('1:2:3:4:5:6:7:0');
    for (const bad of [':', ':1', '1:', '1::2::3', '1:::2', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'g::', '::1.2.3', '1:2:3:4:5:6:7:8::', '::ffff:1.2.3.04']) {
      expect(v6(bad), bad).toBeNull();
    }
  });

  it('formats as RFC 5952 text, as the WHATWG URL serializer does (IPv4-mapped addresses aside)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }), (groups) => {
      const bytes = new Uint8Array(16);
      groups.forEach((g, i) => { bytes[2 * i] = g >>> 8; bytes[2 * i + 1] = g & 0xff; });
      const ours = formatIPv6(bytes);
      if (ours.startsWith('::ffff:') && ours.includes('.')) return;
      expect(ours).toBe(new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1));
      // And reading our text back gives the same bytes.
      const back = new Uint8Array(16);
      expect(readIPv6Text(text(ours), 0, ours.length, back)).toBe(true);
      expect(back).toEqual(bytes);
    }), { numRuns: 2000 });
  });
});
