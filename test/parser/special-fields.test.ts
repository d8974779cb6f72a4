// The fields the parser itself interprets, recognised by name in any case (RFC 9110 §5.1: field names are
// case-insensitive): Host (RFC 9112 §3.2), Content-Length (RFC 9110 §8.6), Transfer-Encoding (RFC 9112 §6.1),
// Connection (RFC 9110 §7.6.1), Expect (RFC 9110 §10.1.1), Upgrade (RFC 9110 §7.8).
import { describe, it, expect } from 'vitest';
import {
  CONNECTION, CONTENT_LENGTH, EXPECT, HOST, TRANSFER_ENCODING, UPGRADE, specialFieldKind,
} from '../../src/parser/special-fields.js';

describe('specialFieldKind (RFC 9110 §5.1)', () => {
  const KINDS: [string, number][] = [
    ['host', HOST], ['content-length', CONTENT_LENGTH], ['transfer-encoding', TRANSFER_ENCODING],
    ['connection', CONNECTION], ['expect', EXPECT], ['upgrade', UPGRADE],
  ];

  it('RFC 9110 §5.1: each interpreted name is recognised in any mix of case', () => {
    for (const [name, kind] of KINDS) {
      expect(specialFieldKind(name)).toBe(kind);
      expect(specialFieldKind(name.toUpperCase())).toBe(kind);
      const mixed = [...name].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join('');
      expect(specialFieldKind(mixed)).toBe(kind);
    }
  });

  it('RFC 9110 §5.1: names of the same length, or differing in one byte, are not interpreted', () => {
    for (const name of ['Accept', 'Cookie', 'Origin', 'Hosts', 'Hos', 'Upgrades', 'Content-Type', 'Content-Lengtx',
      'connectioN-', 'Xonnection', 'transfer-encodinG2', 'Transfer_Encoding', 'expecT ', 'h\u00f3st', '']) {
      expect(specialFieldKind(name), name).toBe(0);
    }
  });
});
