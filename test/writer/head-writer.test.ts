import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { HTTPParser } from 'http-parser-js';
import { writeRequestHead, writeResponseHead } from '../../src/writer/head-writer.js';
import { InvalidMessageError } from '../../src/writer/field-validation.js';
import { Fields } from '../../src/wire/fields.js';
import { fieldPairs, reason, target, text, token } from './arbitraries.js';

describe('writeResponseHead (RFC 9112 §4 status-line, §5 field lines, §2.1 message format)', () => {
  it('writes a typical head byte for byte (RFC 9112 §4, §5)', () => {
    const head = writeResponseHead({
      status: 200,
      fields: [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Content-Length', '5'],
      ],
    });
    expect(text(head)).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\n');
  });

  it('uses the registered reason phrase by default (RFC 9110 §15)', () => {
    expect(text(writeResponseHead({ status: 404 }))).toBe('HTTP/1.1 404 Not Found\r\n\r\n');
    expect(text(writeResponseHead({ status: 100 }))).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    expect(text(writeResponseHead({ status: 413 }))).toBe('HTTP/1.1 413 Content Too Large\r\n\r\n');
    expect(text(writeResponseHead({ status: 431 }))).toBe('HTTP/1.1 431 Request Header Fields Too Large\r\n\r\n');
  });

  it('keeps the SP before an empty reason phrase (RFC 9112 §4: SP [ reason-phrase ])', () => {
    expect(text(writeResponseHead({ status: 599 }))).toBe('HTTP/1.1 599 \r\n\r\n');
    expect(text(writeResponseHead({ status: 200, reason: '' }))).toBe('HTTP/1.1 200 \r\n\r\n');
  });

  it('writes a caller-given reason phrase and version (RFC 9112 §2.3, §4)', () => {
    expect(text(writeResponseHead({ status: 200, reason: 'Fine\tThanks', version: '1.0' }))).toBe(
      'HTTP/1.0 200 Fine\tThanks\r\n\r\n',
    );
  });

  it('writes a Fields object in order, repeated names as separate lines (RFC 9110 §5.3)', () => {
    const fields = Fields.of([
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['X-Empty', ''],
    ]);
    expect(text(writeResponseHead({ status: 204, fields }))).toBe(
      'HTTP/1.1 204 No Content\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Empty: \r\n\r\n',
    );
  });

  it('rejects an unknown version, a bad status, a bad reason, a bad field (RFC 9112 §2.3, RFC 9110 §15)', () => {
    expect(() => writeResponseHead({ status: 200, version: '2.0' as '1.1' })).toThrow(/invalid HTTP version/);
    expect(() => writeResponseHead({ status: 99 })).toThrow(/invalid status code/);
    expect(() => writeResponseHead({ status: 600 })).toThrow(/invalid status code/);
    expect(() => writeResponseHead({ status: 200, reason: 'OK\r\nX: y' })).toThrow(/invalid reason phrase/);
    expect(() => writeResponseHead({ status: 200, fields: [['Bad Name', 'x']] })).toThrow(/invalid field name/);
    expect(() => writeResponseHead({ status: 200, fields: [['X', ' padded']] })).toThrow(/invalid field value/);
    expect(() => writeResponseHead({ status: 200, fields: [['X']] as unknown as [string, string][] })).toThrow(
      InvalidMessageError,
    );
    expect(() => writeResponseHead({ status: 200, fields: 'X: y' as unknown as [string, string][] })).toThrow(
      InvalidMessageError,
    );
  });

  it('writes any valid status, reason and fields verbatim (property, RFC 9112 §4, §5)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), reason, fieldPairs, fc.constantFrom('1.0', '1.1'), (status, why, pairs, version) => {
        const head = writeResponseHead({ status, reason: why, version, fields: pairs });
        const expected = `HTTP/${version} ${status} ${why}\r\n${pairs.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
        return text(head) === expected && head.length === expected.length;
      }),
      { numRuns: 1000 },
    );
  });

  it('is read back by an independent parser (http-parser-js) with the same status and fields (RFC 9112 §4)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 304), fieldPairs, (status, pairs) => {
        const fields: [string, string][] = [...pairs.filter(([n]) => !/^(content-length|transfer-encoding)$/i.test(n)), ['Content-Length', '0']];
        const parser = new HTTPParser(HTTPParser.RESPONSE);
        let seen: { statusCode: number; headers: string[] } | undefined;
        parser[HTTPParser.kOnHeadersComplete] = (info) => {
          seen = { statusCode: info.statusCode, headers: info.headers };
        };
        parser.execute(Buffer.from(writeResponseHead({ status, fields })));
        return seen !== undefined && seen.statusCode === status && JSON.stringify(seen.headers) === JSON.stringify(fields.flat());
      }),
      { numRuns: 300 },
    );
  });
});

describe('writeRequestHead (RFC 9112 §3 request-line, §5 field lines)', () => {
  it('writes a typical origin-form request byte for byte (RFC 9112 §3.2.1)', () => {
    const head = writeRequestHead({ method: 'GET', target: '/index.html?q=1', fields: [['Host', 'example.com']] });
    expect(text(head)).toBe('GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n');
  });

  it('writes the absolute, authority and asterisk forms as given (RFC 9112 §3.2.2–§3.2.4)', () => {
    expect(text(writeRequestHead({ method: 'GET', target: 'http://a.example/x', fields: [['Host', 'a.example']] }))).toBe(
      'GET http://a.example/x HTTP/1.1\r\nHost: a.example\r\n\r\n',
    );
    expect(text(writeRequestHead({ method: 'CONNECT', target: 'a.example:443', fields: [['Host', 'a.example:443']] }))).toBe(
      'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n',
    );
    expect(text(writeRequestHead({ method: 'OPTIONS', target: '*', version: '1.0' }))).toBe('OPTIONS * HTTP/1.0\r\n\r\n');
  });

  it('rejects bad methods, targets and versions (RFC 9112 §3.1, §3.2, §2.3)', () => {
    expect(() => writeRequestHead({ method: 'GET POST', target: '/' })).toThrow(/invalid method/);
    expect(() => writeRequestHead({ method: '', target: '/' })).toThrow(/invalid method/);
    expect(() => writeRequestHead({ method: 'GET', target: '/a b' })).toThrow(/invalid request-target: SP/);
    expect(() => writeRequestHead({ method: 'GET', target: '' })).toThrow(/invalid request-target/);
    expect(() => writeRequestHead({ method: 'GET', target: '/', version: '1.2' as '1.1' })).toThrow(/invalid HTTP version/);
  });

  it('writes any valid method, target and fields verbatim (property, RFC 9112 §3, §5)', () => {
    fc.assert(
      fc.property(token(), target, fieldPairs, (method, where, pairs) => {
        const head = writeRequestHead({ method, target: where, fields: pairs });
        const expected = `${method} ${where} HTTP/1.1\r\n${pairs.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
        return text(head) === expected && head.length === expected.length;
      }),
      { numRuns: 1000 },
    );
  });
});
