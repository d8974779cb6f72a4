// Properties of the PROXY header reader: it never throws, it is split-invariant (the first decided answer over
// any cuts of the bytes into reads is the answer for the bytes at once), a decided answer never changes when
// more bytes arrive, and what the writer writes is read back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROXY_V2_SIGNATURE, readProxyHeader, type ProxyHeaderRead, type ProxyProtocolMode } from '../../src/wire/proxy-header.js';
import { writeProxyHeaderV1, writeProxyHeaderV2, type ProxyHeaderInit } from '../../src/writer/proxy-header.js';

const MODES: readonly ProxyProtocolMode[] = ['v1', 'v2', 'any'];
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc.array(fc.oneof(fc.constant(0), fc.nat(0xffff)), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':'));
const port = fc.nat(65535);
const init: fc.Arbitrary<ProxyHeaderInit> = fc.oneof(
  fc.record({ transport: fc.constant('tcp4' as const), source: fc.record({ address: ipv4, port }), destination: fc.record({ address: ipv4, port }) }),
  fc.record({ transport: fc.constant('tcp6' as const), source: fc.record({ address: ipv6, port }), destination: fc.record({ address: ipv6, port }) }),
  fc.constant({ transport: 'unspecified' as const }),
);
const tlvs = fc.uint8Array({ maxLength: 40 });
const header = fc.oneof(init.map(writeProxyHeaderV1), fc.tuple(init, tlvs).map(([i, t]) => writeProxyHeaderV2(i, t)));
const http = fc.constantFrom('', 'GET / HTTP/1.1\r\nHost: a\r\n\r\n', '\r\n\r\n', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n').map((s) => new Uint8Array(Buffer.from(s, 'latin1')));
/** A valid header with a few bytes overwritten, inserted or removed. */
const mutated = fc.tuple(header, fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.constantFrom('set', 'insert', 'delete')), { maxLength: 3 })).map(([bytes, edits]) => {
  const b = [...bytes];
  for (const [at, value, kind] of edits) {
    const i = b.length === 0 ? 0 : at % b.length;
    if (kind === 'set' && b.length > 0) b[i] = value;
    else if (kind === 'insert') b.splice(i, 0, value);
    else if (kind === 'delete') b.splice(i, 1);
  }
  return Uint8Array.from(b);
});
const anyBytes = fc.oneof(
  fc.tuple(header, http).map(([h, rest]) => new Uint8Array(Buffer.concat([h, rest]))),
  mutated,
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 40 }).map((tail) => new Uint8Array(Buffer.concat([PROXY_V2_SIGNATURE, tail]))),
  fc.uint8Array({ maxLength: 120 }).map((tail) => new Uint8Array(Buffer.concat([Buffer.from('PROXY '), tail]))),
);

/** The answer when the bytes arrive in reads ending at `cuts`: the first one that is not incomplete. */
function readInPieces(bytes: Uint8Array, cuts: readonly number[], mode: ProxyProtocolMode): ProxyHeaderRead {
  const ends = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  for (const end of [...ends, bytes.length]) {
    const r = readProxyHeader(bytes.subarray(0, end), mode);
    if (r.state !== 'incomplete') return r;
  }
  return { state: 'incomplete' };
}

describe('the PROXY header reader', () => {
  it('is split-invariant, and never throws', () => {
    fc.assert(fc.property(anyBytes, fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom(...MODES), (bytes, cuts, mode) => {
      expect(readInPieces(bytes, cuts, mode)).toEqual(readProxyHeader(bytes, mode));
    }), { numRuns: 3000 });
  });

  it('decides once: byte by byte, an answer that is given stays the same for every longer prefix', () => {
    fc.assert(fc.property(anyBytes, fc.constantFrom(...MODES), (bytes, mode) => {
      let decided: ProxyHeaderRead | null = null;
      for (let n = 0; n <= bytes.length; n++) {
        const r = readProxyHeader(bytes.subarray(0, n), mode);
        if (decided !== null) expect(r).toEqual(decided);
        else if (r.state !== 'incomplete') decided = r;
      }
      if (decided?.state === 'done') expect(decided.header.length).toBeLessThanOrEqual(bytes.length);
      if (decided?.state === 'error') expect(decided.error.offset).toBeLessThan(bytes.length);
    }), { numRuns: 1000 });
  });

  it('reads back what the writer writes, whatever follows it', () => {
    fc.assert(fc.property(init, tlvs, http, fc.boolean(), (i, t, rest, v2) => {
      const h = v2 ? writeProxyHeaderV2(i, t) : writeProxyHeaderV1(i);
      const r = readProxyHeader(new Uint8Array(Buffer.concat([h, rest])), 'any');
      expect(r.state).toBe('done');
      if (r.state !== 'done') return;
      expect(r.header.length).toBe(h.length);
      expect(r.header.version).toBe(v2 ? 2 : 1);
      if (i.transport !== 'unspecified') {
        expect(r.header.transport).toBe(i.transport);
        expect(r.header.source?.port).toBe(i.source.port);
        expect(r.header.destination?.port).toBe(i.destination.port);
      } else {
        expect(r.header.source).toBeUndefined();
      }
    }), { numRuns: 1000 });
  });
});
