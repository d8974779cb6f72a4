// status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4); status-code = 3DIGIT, in
// 100-599 (RFC 9110 §15).
import { describe, it, expect } from 'vitest';
import { parseStatusLine } from '../../src/wire/status-line.js';
import { asValue, brief, bytes } from './support.js';

const parse = (line: string) => {
  const b = bytes(line);
  return parseStatusLine(b, 0, b.length);
};

describe('parseStatusLine (RFC 9112 §4)', () => {
  it('RFC 9112 §4: parses version, status code and reason phrase', () => {
    expect(asValue(parse('HTTP/1.1 200 OK'))).toEqual({ rawVersion: 'HTTP/1.1', version: '1.1', status: 200, reason: 'OK' });
    expect(asValue(parse('HTTP/1.0 404 Not Found'))).toEqual({
      rawVersion: 'HTTP/1.0', version: '1.0', status: 404, reason: 'Not Found',
    });
  });

  it('RFC 9112 §4: the reason phrase may be empty, after the required SP', () => {
    expect(asValue(parse('HTTP/1.1 204 '))).toMatchObject({ status: 204, reason: '' });
  });

  it('RFC 9112 §4: the reason phrase may hold SP, HTAB, VCHAR and obs-text', () => {
    expect(asValue(parse('HTTP/1.1 200 All\tis  fine\u00e9\u00ff'))).toMatchObject({ reason: 'All\tis  fine\u00e9\u00ff' });
  });

  it('RFC 9112 §4: the SP after the status code is required even without a reason phrase', () => {
    expect(brief(parse('HTTP/1.1 204'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 0 });
  });

  it('RFC 9110 §6.2, RFC 9112 §2.3: HTTP/1.x with a higher minor digit is 1.1; rawVersion keeps what was sent', () => {
    expect(asValue(parse('HTTP/1.7 200 OK'))).toMatchObject({ rawVersion: 'HTTP/1.7', version: '1.1' });
  });

  it('RFC 9110 §15.6.6: a status-line with HTTP/2.0 is UNSUPPORTED_VERSION', () => {
    expect(brief(parse('HTTP/2.0 200 OK'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 5 });
  });

  it('RFC 9112 §2.3: a malformed version in a status-line is INVALID_VERSION', () => {
    expect(brief(parse('HTTP/1.x 200 OK'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
    expect(brief(parse('http/1.1 200 OK'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
  });

  it('RFC 9112 §4: exactly one SP between version and status code', () => {
    expect(brief(parse('HTTP/1.1  200 OK'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
    expect(brief(parse('HTTP/1.1\t200 OK'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 8 });
  });

  it('RFC 9112 §4: status-code is exactly three digits', () => {
    expect(brief(parse('HTTP/1.1 20 OK'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
    expect(brief(parse('HTTP/1.1 2000 OK'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 12 });
    expect(brief(parse('HTTP/1.1 2x0 OK'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
    expect(brief(parse('HTTP/1.1 +20 OK'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
  });

  it('RFC 9110 §15: a status code outside 100-599 is invalid', () => {
    expect(brief(parse('HTTP/1.1 099 Low'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
    expect(brief(parse('HTTP/1.1 000 Zero'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
    expect(brief(parse('HTTP/1.1 600 High'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
    expect(asValue(parse('HTTP/1.1 100 Continue')).status).toBe(100);
    expect(asValue(parse('HTTP/1.1 599 Custom')).status).toBe(599);
  });

  it('RFC 9112 §4: a control byte in the reason phrase is rejected at that byte (CR, LF, NUL with their own codes)', () => {
    expect(brief(parse('HTTP/1.1 200 O\u0001K'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 14 });
    expect(brief(parse('HTTP/1.1 200 O\u007fK'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 14 });
    expect(brief(parse('HTTP/1.1 200 O\rK'))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
    expect(brief(parse('HTTP/1.1 200 O\nK'))).toEqual({ code: 'BARE_LF', status: 400, offset: 14 });
    expect(brief(parse('HTTP/1.1 200 O\0K'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 14 });
  });

  it('RFC 9112 §4: a line too short to hold version, code and SPs is INVALID_STATUS_LINE', () => {
    for (const bad of ['', 'HTTP/1.1', 'HTTP/1.1 ', 'HTTP/1.1 20']) {
      expect(brief(parse(bad)), JSON.stringify(bad)).toMatchObject({ code: 'INVALID_STATUS_LINE', status: 400 });
    }
  });

  it('RFC 9112 §4: offsets are indexes into the buffer given', () => {
    const b = bytes('xxHTTP/1.1 999 Nope');
    expect(brief(parseStatusLine(b, 2, b.length))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 11 });
  });
});
