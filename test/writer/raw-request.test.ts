import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { rawBytes, rawRequest, rawResponse } from '../../src/writer/raw-request.js';
import { writeRequestHead, writeResponseHead } from '../../src/writer/head-writer.js';
import { Fields } from '../../src/wire/fields.js';
import { fieldPairs, reason, target, text, token } from './arbitraries.js';

describe('rawRequest / rawResponse (well-formed defaults, RFC 9112 §2.1, §3, §4)', () => {
  it('default to a minimal well-formed message (RFC 9112 §3, §4)', () => {
    expect(text(rawRequest())).toBe('GET / HTTP/1.1\r\n\r\n');
    expect(text(rawResponse())).toBe('HTTP/1.1 200 OK\r\n\r\n');
    expect(text(rawResponse({ status: 404 }))).toBe('HTTP/1.1 404 Not Found\r\n\r\n');
    expect(text(rawResponse({ status: '20x' }))).toBe('HTTP/1.1 20x \r\n\r\n');
  });

  it('write the same bytes as the checked writers for valid input (property, RFC 9112 §3, §4)', () => {
    fc.assert(
      fc.property(token(), target, fieldPairs, (method, where, fields) =>
        text(rawRequest({ method, target: where, fields })) === text(writeRequestHead({ method, target: where, fields })),
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), reason, fieldPairs, (status, why, fields) =>
        text(rawResponse({ status, reason: why, fields: Fields.of(fields) })) ===
        text(writeResponseHead({ status, reason: why, fields })),
      ),
      { numRuns: 1000 },
    );
  });
});

describe('rawRequest writes malformed messages verbatim (for probing RFC 9112 §2.2, §5.1, §5.2, §6.3)', () => {
  it('writes bare LF line endings, odd separators and CR/NUL in any element (RFC 9112 §2.2)', () => {
    expect(
      text(rawRequest({ method: 'G\0ET', target: '/a b', version: 'HTTP/1.1\r', lineEnding: '\n', separator: '  ' })),
    ).toBe('G\0ET  /a b  HTTP/1.1\r\n\n');
    expect(text(rawRequest({ fields: [['Host', 'a']], fieldSeparator: ' : ' }))).toBe('GET / HTTP/1.1\r\nHost : a\r\n\r\n');
  });

  it('writes obs-fold, raw lines without a colon and a body that disagrees with Content-Length (RFC 9112 §5.2, §6.3)', () => {
    const bytes = rawRequest({
      method: 'POST',
      fields: [['Host', 'a'], ['X-Folded', 'one\r\n two'], 'NoColonHere', Buffer.from('Content-Length: 1'), ['Content-Length', '2']],
      body: 'abc',
    });
    expect(text(bytes)).toBe(
      'POST / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\nNoColonHere\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nabc',
    );
  });

  it('writes a body of raw bytes as given, including non-ASCII bytes (RFC 9112 §6)', () => {
    const body = new Uint8Array([0x00, 0xff, 0x0d, 0x0a]);
    const bytes = rawRequest({ body });
    expect([...bytes.subarray(bytes.length - 4)]).toEqual([0x00, 0xff, 0x0d, 0x0a]);
  });
});

describe('rawBytes (latin1 concatenation, RFC 9110 §5.5: fields are bytes)', () => {
  it('concatenates strings (one byte per code unit) and byte arrays (RFC 9110 §5.5)', () => {
    expect([...rawBytes('a\u00ff', new Uint8Array([1, 2]), '', '\r\n')]).toEqual([0x61, 0xff, 1, 2, 0x0d, 0x0a]);
    expect(rawBytes().length).toBe(0);
  });

  it('refuses code units above 0xFF instead of truncating them to another byte (RFC 9110 §5.5)', () => {
    expect(() => rawBytes('a\u010d')).toThrow(RangeError);
    expect(() => rawRequest({ target: '/\u2028' })).toThrow(/U\+2028 at index \d+ is not a byte/);
  });
});
