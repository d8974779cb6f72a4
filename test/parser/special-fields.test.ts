// The fields the parser itself interprets, recognised by name in any case (RFC 9110 §5.1: field names are
// case-insensitive): Host (RFC 9112 §3.2), Content-Length (RFC 9110 §8.6), Transfer-Encoding (RFC 9112 §6.1),
// Connection (RFC 9110 §7.6.1), Expect (RFC 9110 §10.1.1), Upgrade (RFC 9110 §7.8).
import { describe, it, expect } from 'vitest';
import { latin1Bytes } from '../../src/wire/latin1.js';
import {
  SPECIAL_NAME_LENGTHS, CONNECTION, CONTENT_LENGTH, EXPECT, HOST, TRANSFER_ENCODING, UPGRADE, specialFieldKind,
} from '../../src/parser/special-fields.js';

const kindOf = (name: string): number => {
  // Inside a larger buffer, as in a head.
  const bytes = latin1Bytes(`xx${name}: v`);
  return specialFieldKind(bytes, 2, 2 + name.length);
};

describe('specialFieldKind (RFC 9110 §5.1)', () => {
  const KINDS: [string, number][] = [
    ['host', HOST], ['content-length', CONTENT_LENGTH], ['transfer-encoding', TRANSFER_ENCODING],
    ['connection', CONNECTION], ['expect', EXPECT], ['upgrade', UPGRADE],
  ];

  it('RFC 9110 §5.1: each interpreted name is recognised in any mix of case', () => {
    for (const [name, kind] of KINDS) {
      expect(kindOf(name)).toBe(kind);
      expect(kindOf(name.toUpperCase())).toBe(kind);
      const mixed = [...name].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join('');
      expect(kindOf(mixed)).toBe(kind);
    }
  });

  it('RFC 9110 §5.1: names of the same length, or differing in one byte, are not interpreted', () => {
    for (const name of ['Accept', 'Cookie', 'Origin', 'Hosts', 'Hos', 'Upgrades', 'Content-Type', 'Content-Lengtx',
      'connectioN-', 'Xonnection', 'transfer-encodinG2', 'Transfer_Encoding', 'expecT^', 'h\u00f3st', 'HOS~', 'Upgrad~', '']) {
      expect(kindOf(name), name).toBe(0);
    }
  });

  it('RFC 9110 §5.1: the length filter lets every interpreted name through', () => {
    for (const [name] of KINDS) expect((SPECIAL_NAME_LENGTHS >>> name.length) & 1, name).toBe(1);
    expect((SPECIAL_NAME_LENGTHS >>> 'accept-encoding'.length) & 1).toBe(0);
  });
});
