// The PROXY protocol header reader (HAProxy's PROXY protocol specification §2.1, §2.2), one rule per test, with
// the writer used as the balancer that sends it.
import { describe, expect, it } from 'vitest';
import { PROXY_V1_MAX_LINE, PROXY_V2_SIGNATURE, readProxyHeader, type ProxyHeaderRead } from '../../src/wire/proxy-header.js';
import { writeProxyHeaderV1, writeProxyHeaderV2 } from '../../src/writer/proxy-header.js';

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const errorAt = (r: ProxyHeaderRead): [string, number] | null => (r.state === 'error' ? [r.error.section, r.error.offset] : null);
const HTTP = text('GET / HTTP/1.1\r\nHost: a\r\n\r\n');

describe('version 1 (text, §2.1)', () => {
  it('reads TCP4 and TCP6 lines; the HTTP stream starts after the CRLF', () => {
    const v4 = concat(text('PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n'), HTTP);
    expect(readProxyHeader(v4, 'v1')).toEqual({
      state: 'done',
      header: { version: 1, command: 'proxy', transport: 'tcp4', source: { address: '192.0.2.7', port: 56324 }, destination: { address: '198.51.100.1', port: 443 }, length: 45 },
    });
    const v6 = readProxyHeader(text('PROXY TCP6 2001:DB8:0:0:0:0:0:1 ::ffff:10.0.0.1 0 65535\r\n'), 'any');
    expect(v6.state === 'done' && v6.header).toMatchObject({
      transport: 'tcp6', source: { address: '2001:db8::1', port: 0 }, destination: { address: '::ffff:10.0.0.1', port: 65535 },
    });
  });

  it('UNKNOWN: the rest of the line is ignored and the real endpoints apply', () => {
    for (const line of ['PROXY UNKNOWN\r\n', 'PROXY UNKNOWN ffff:: whatever \x01 bytes\r\n']) {
      expect(readProxyHeader(text(line), 'v1')).toEqual({ state: 'done', header: { version: 1, command: 'proxy', transport: 'unspecified', length: line.length } });
    }
  });

  it('the longest line a receiver must take (107 bytes) is taken; one byte more is refused', () => {
    const six = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
    const longest = `PROXY UNKNOWN ${six} ${six} 65535 65535\r\n`;
    expect(longest.length).toBe(PROXY_V1_MAX_LINE);
    expect(readProxyHeader(text(longest), 'v1').state).toBe('done');
    const tooLong = `PROXY UNKNOWN ${six} ${six} 65535 655350\r\n`;
    expect(errorAt(readProxyHeader(text(tooLong), 'v1'))).toEqual(['PROXY protocol §2.1', 106]);
    // Decided as soon as byte 106 is seen, not after waiting for more.
    expect(errorAt(readProxyHeader(text(tooLong.slice(0, 107)), 'v1'))).toEqual(['PROXY protocol §2.1', 106]);
    expect(readProxyHeader(text(tooLong.slice(0, 106)), 'v1').state).toBe('incomplete');
  });

  it.each([
    ['lower-case keyword', 'proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n', 0],
    ['no space after PROXY', 'PROXYTCP4 1.2.3.4 5.6.7.8 1 2\r\n', 5],
    ['unknown family', 'PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n', 6],
    ['UNKNOWN glued to more', 'PROXY UNKNOWNX\r\n', 6],
    ['bare LF', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n', 30],
    ['bare CR', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX', 30],
    ['two spaces', 'PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n', 11],
    ['missing port', 'PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n', 28],
    ['trailing space', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n', 30],
    ['leading zero in an address part', 'PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n', 11],
    ['address part over 255', 'PROXY TCP4 1.2.3.4 5.6.7.256 1 2\r\n', 19],
    ['IPv6 address under TCP4', 'PROXY TCP4 ::1 5.6.7.8 1 2\r\n', 11],
    ['IPv4 address under TCP6', 'PROXY TCP6 ::1 5.6.7.8 1 2\r\n', 15],
    ['two gaps in an IPv6 address', 'PROXY TCP6 1::2::3 ::1 1 2\r\n', 11],
    ['leading zero in a port', 'PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n', 27],
    ['port over 65535', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n', 29],
    ['sign in a port', 'PROXY TCP4 1.2.3.4 5.6.7.8 +1 2\r\n', 27],
  ])('refuses %s', (_what, line, offset) => {
    expect(errorAt(readProxyHeader(text(line), 'v1'))).toEqual(['PROXY protocol §2.1', offset]);
  });

  it('a mode that expects version 2 refuses a version 1 line at its first byte', () => {
    expect(errorAt(readProxyHeader(text('PROXY UNKNOWN\r\n'), 'v2'))).toEqual(['PROXY protocol §2.2', 0]);
  });
});

describe('version 2 (binary, §2.2)', () => {
  const tcp4 = { transport: 'tcp4', source: { address: '203.0.113.9', port: 51000 }, destination: { address: '127.0.0.1', port: 8080 } } as const;

  it('reads TCP over IPv4 and IPv6 with big-endian ports; TLVs are skipped', () => {
    const tlv = Uint8Array.of(0x02, 0x00, 0x03, 0x61, 0x62, 0x63); // PP2_TYPE_AUTHORITY "abc"
    const bytes = concat(writeProxyHeaderV2(tcp4, tlv), HTTP);
    expect(readProxyHeader(bytes, 'v2')).toEqual({
      state: 'done', header: { version: 2, command: 'proxy', transport: 'tcp4', source: tcp4.source, destination: tcp4.destination, length: 16 + 12 + 6 },
    });
    const v6 = writeProxyHeaderV2({ transport: 'tcp6', source: { address: '2001:db8::42', port: 1 }, destination: { address: '::1', port: 0xfffe } });
    expect(v6.length).toBe(16 + 36);
    const r = readProxyHeader(v6, 'any');
    expect(r.state === 'done' && r.header).toMatchObject({ transport: 'tcp6', source: { address: '2001:db8::42', port: 1 }, destination: { address: '::1', port: 65534 } });
  });

  it('LOCAL: the addresses are skipped, whatever the length says, and the real endpoints apply', () => {
    const local = writeProxyHeaderV2({ transport: 'unspecified' });
    expect(readProxyHeader(local, 'v2')).toEqual({ state: 'done', header: { version: 2, command: 'local', transport: 'unspecified', length: 16 } });
    const withBlock = concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x20, 0x11, 0x00, 0x0c), new Uint8Array(12));
    expect(readProxyHeader(withBlock, 'v2')).toEqual({ state: 'done', header: { version: 2, command: 'local', transport: 'unspecified', length: 28 } });
  });

  it('UDP and UNIX families, and AF_UNSPEC with PROXY (accepted; the real endpoints apply)', () => {
    const udp = concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x21, 0x12, 0x00, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 0, 53, 0, 54));
    expect(readProxyHeader(udp, 'v2')).toMatchObject({ state: 'done', header: { transport: 'udp4', source: { address: '1.2.3.4', port: 53 } } });
    const paths = new Uint8Array(216);
    paths.set(Buffer.from('/run/a.sock'), 0);
    paths.set(Buffer.from('/run/b.sock'), 108);
    const unix = concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x21, 0x31, 0x00, 216), paths);
    expect(readProxyHeader(unix, 'v2')).toMatchObject({ state: 'done', header: { transport: 'unix-stream', source: { address: '/run/a.sock' }, destination: { address: '/run/b.sock' } } });
    const unspec = concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x21, 0x00, 0x00, 0x02, 9, 9));
    expect(readProxyHeader(unspec, 'v2')).toEqual({ state: 'done', header: { version: 2, command: 'proxy', transport: 'unspecified', length: 18 } });
  });

  it.each([
    ['a wrong signature byte', concat(PROXY_V2_SIGNATURE.subarray(0, 4), Uint8Array.of(0x01)), 4],
    ['version 1 in the version nibble', concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x11)), 12],
    ['an unassigned command', concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x22)), 12],
    ['an unassigned family', concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x21, 0x41)), 13],
    ['an unassigned transport', concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x21, 0x13)), 13],
    ['a length shorter than the addresses', concat(PROXY_V2_SIGNATURE, Uint8Array.of(0x21, 0x11, 0x00, 0x0b)), 14],
  ])('refuses %s, as soon as it is seen', (_what, bytes, offset) => {
    expect(errorAt(readProxyHeader(bytes, 'v2'))).toEqual(['PROXY protocol §2.2', offset]);
  });

  it('waits for the whole address block before reading it (a truncated header stays incomplete)', () => {
    const whole = writeProxyHeaderV2(tcp4);
    for (let n = 0; n < whole.length; n++) expect(readProxyHeader(whole.subarray(0, n), 'v2').state).toBe('incomplete');
    expect(readProxyHeader(whole, 'v2').state).toBe('done');
  });

  it('a mode that expects version 1 refuses the version 2 signature at its first byte', () => {
    expect(errorAt(readProxyHeader(writeProxyHeaderV2(tcp4), 'v1'))).toEqual(['PROXY protocol §2.1', 0]);
  });

  it('no header at all (HTTP straight away) is refused at byte 0 in every mode', () => {
    for (const mode of ['v1', 'v2', 'any'] as const) expect(errorAt(readProxyHeader(HTTP, mode))?.[1]).toBe(0);
  });
});

describe('the writer', () => {
  it('writes what the reader reads, in both versions', () => {
    const init = { transport: 'tcp6', source: { address: 'fe80::1', port: 443 }, destination: { address: '2001:db8::2', port: 8443 } } as const;
    for (const bytes of [writeProxyHeaderV1(init), writeProxyHeaderV2(init)]) {
      const r = readProxyHeader(bytes, 'any');
      expect(r.state === 'done' && r.header).toMatchObject({ transport: 'tcp6', source: init.source, destination: init.destination, length: bytes.length });
    }
    expect(Buffer.from(writeProxyHeaderV1({ transport: 'unspecified' })).toString('latin1')).toBe('PROXY UNKNOWN\r\n');
  });

  it('refuses to write what a reader must refuse', () => {
    expect(() => writeProxyHeaderV1({ transport: 'tcp4', source: { address: '1.2.3.04', port: 1 }, destination: { address: '1.2.3.4', port: 2 } })).toThrow(RangeError);
    expect(() => writeProxyHeaderV2({ transport: 'tcp6', source: { address: '1.2.3.4', port: 1 }, destination: { address: '::1', port: 2 } })).toThrow(RangeError);
    expect(() => writeProxyHeaderV2({ transport: 'tcp4', source: { address: '1.2.3.4', port: 65536 }, destination: { address: '1.2.3.4', port: 2 } })).toThrow(RangeError);
  });
});
