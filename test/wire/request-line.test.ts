// request-line = method SP request-target SP HTTP-version (RFC 9112 §3); method = token (RFC 9112 §3.1).
import { describe, it, expect } from 'vitest';
import { methodCovers, parseRequestLine } from '../../src/wire/request-line.js';
import { Latin1Window } from '../../src/wire/latin1.js';
import { asValue, brief, bytes } from './support.js';

const parse = (line: string) => {
  const b = bytes(line);
  return parseRequestLine(b, 0, b.length);
};

describe('parseRequestLine (RFC 9112 §3)', () => {
  it('RFC 9112 §3: parses method, target and version of an origin-form request-line', () => {
    expect(asValue(parse('GET /index.html?q=1 HTTP/1.1'))).toEqual({
      method: 'GET',
      target: '/index.html?q=1',
      targetForm: 'origin',
      targetAuthority: undefined,
      rawVersion: 'HTTP/1.1',
      version: '1.1',
    });
  });

  it('RFC 9112 §3: parses an HTTP/1.0 request-line', () => {
    expect(asValue(parse('POST /submit HTTP/1.0'))).toMatchObject({ method: 'POST', version: '1.0', rawVersion: 'HTTP/1.0' });
  });

  it('RFC 9112 §2.3: HTTP/1.x with a higher minor digit is 1.1, rawVersion as received', () => {
    expect(asValue(parse('GET / HTTP/1.5'))).toMatchObject({ version: '1.1', rawVersion: 'HTTP/1.5' });
  });

  it('RFC 9110 §9.1: the method is case-sensitive and kept as received; any token is a method', () => {
    expect(asValue(parse('get / HTTP/1.1')).method).toBe('get');
    expect(asValue(parse('M-SEARCH / HTTP/1.1')).method).toBe('M-SEARCH');
    expect(asValue(parse("!#$%&'*+-.^_`|~09azAZ / HTTP/1.1")).method).toBe("!#$%&'*+-.^_`|~09azAZ");
  });

  it('RFC 9112 §3.1: a method with a non-token byte is INVALID_METHOD at that byte', () => {
    expect(brief(parse('GE(T / HTTP/1.1'))).toEqual({ code: 'INVALID_METHOD', status: 400, offset: 2 });
    expect(brief(parse('G\u00e9T / HTTP/1.1'))).toEqual({ code: 'INVALID_METHOD', status: 400, offset: 1 });
    expect(brief(parse('GET\t/ HTTP/1.1'))).toEqual({ code: 'INVALID_METHOD', status: 400, offset: 3 });
  });

  it('RFC 9112 §3.1: an empty method (line starting with SP) is INVALID_METHOD', () => {
    expect(brief(parse(' / HTTP/1.1'))).toEqual({ code: 'INVALID_METHOD', status: 400, offset: 0 });
  });

  it('RFC 9112 §3.1: a line starting with a non-token byte is rejected at byte 0', () => {
    expect(brief(parse('/ HTTP/1.1'))).toEqual({ code: 'INVALID_METHOD', status: 400, offset: 0 });
    expect(brief(parse('\u0001GET / HTTP/1.1'))).toEqual({ code: 'INVALID_METHOD', status: 400, offset: 0 });
  });

  it('RFC 9112 §3: CR, LF and NUL in the method are BARE_CR, BARE_LF and NUL_BYTE', () => {
    expect(brief(parse('GE\rT / HTTP/1.1'))).toEqual({ code: 'BARE_CR', status: 400, offset: 2 });
    expect(brief(parse('GE\nT / HTTP/1.1'))).toEqual({ code: 'BARE_LF', status: 400, offset: 2 });
    expect(brief(parse('GE\0T / HTTP/1.1'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 2 });
  });

  it('RFC 9112 §3: a method alone is INVALID_REQUEST_LINE', () => {
    expect(brief(parse('GET'))).toEqual({ code: 'INVALID_REQUEST_LINE', status: 400, offset: 3 });
  });

  it('RFC 9112 §3: a request-line without version (HTTP/0.9 style) is INVALID_REQUEST_LINE', () => {
    expect(brief(parse('GET /'))).toMatchObject({ code: 'INVALID_REQUEST_LINE', status: 400 });
    expect(brief(parse('GET /index.html'))).toMatchObject({ code: 'INVALID_REQUEST_LINE', status: 400 });
  });

  it('RFC 9112 §3: two SPs between method and target are INVALID_REQUEST_LINE at the second SP', () => {
    expect(brief(parse('GET  / HTTP/1.1'))).toEqual({ code: 'INVALID_REQUEST_LINE', status: 400, offset: 4 });
  });

  it('RFC 9112 §3: two SPs between target and version are INVALID_REQUEST_LINE at the first of them', () => {
    expect(brief(parse('GET /  HTTP/1.1'))).toEqual({ code: 'INVALID_REQUEST_LINE', status: 400, offset: 5 });
  });

  it('RFC 9112 §3: a SP inside the target (four parts) is INVALID_REQUEST_LINE at that SP', () => {
    expect(brief(parse('GET /a b HTTP/1.1'))).toEqual({ code: 'INVALID_REQUEST_LINE', status: 400, offset: 6 });
    expect(brief(parse('GET / HTTP/1.1 HTTP/1.1'))).toEqual({ code: 'INVALID_REQUEST_LINE', status: 400, offset: 5 });
  });

  it('RFC 9112 §3: trailing whitespace after the version is INVALID_REQUEST_LINE', () => {
    expect(brief(parse('GET / HTTP/1.1 '))).toMatchObject({ code: 'INVALID_REQUEST_LINE', status: 400 });
    expect(brief(parse('GET / HTTP/1.1\t'))).toMatchObject({ code: 'INVALID_REQUEST_LINE', status: 400 });
  });

  it('RFC 9112 §3: HTAB instead of SP before the version is INVALID_REQUEST_LINE', () => {
    expect(brief(parse('GET /\tHTTP/1.1'))).toMatchObject({ code: 'INVALID_REQUEST_LINE', status: 400 });
  });

  it('RFC 9112 §2.2: a bare CR, LF or NUL in a request-line is reported at that byte, whatever else is wrong', () => {
    expect(brief(parse('GET / HTTP/1.1\rX'))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
    expect(brief(parse('GET / HTTP/1.1\r'))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
    expect(brief(parse('GET / HTTP/1.1\nX'))).toEqual({ code: 'BARE_LF', status: 400, offset: 14 });
    expect(brief(parse('GET / HTTP/1.1\0'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 14 });
    expect(brief(parse('GET / HTTP/1.\r'))).toEqual({ code: 'BARE_CR', status: 400, offset: 13 });
    expect(brief(parse('GET / \rHTTP/1.1'))).toEqual({ code: 'BARE_CR', status: 400, offset: 6 });
  });

  it('RFC 9110 §15.6.6: a request-line with HTTP/2.0 or HTTP/0.9 is 505 at the major digit', () => {
    expect(brief(parse('GET / HTTP/2.0'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 11 });
    expect(brief(parse('GET / HTTP/0.9'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 11 });
  });

  it('RFC 9112 §2.3: a malformed version is INVALID_VERSION at the version', () => {
    expect(brief(parse('GET / HTTP/1.x'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 6 });
    expect(brief(parse('GET / http/1.1'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 6 });
  });

  it('RFC 9112 §3.2: the target is classified: absolute-form with its authority', () => {
    expect(asValue(parse('GET http://example.com:8080/a?b HTTP/1.1'))).toMatchObject({
      target: 'http://example.com:8080/a?b',
      targetForm: 'absolute',
      targetAuthority: 'example.com:8080',
    });
  });

  it('RFC 9112 §3.2.3: CONNECT takes authority-form, which is its authority', () => {
    expect(asValue(parse('CONNECT example.com:443 HTTP/1.1'))).toMatchObject({
      method: 'CONNECT', target: 'example.com:443', targetForm: 'authority', targetAuthority: 'example.com:443',
    });
  });

  it('RFC 9112 §3.2.4: OPTIONS takes asterisk-form', () => {
    expect(asValue(parse('OPTIONS * HTTP/1.1'))).toMatchObject({ targetForm: 'asterisk', target: '*', targetAuthority: undefined });
  });

  it('RFC 9112 §3.2.3: CONNECT with an origin-form target is TARGET_FORM_MISMATCH', () => {
    expect(brief(parse('CONNECT / HTTP/1.1'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 8 });
  });

  it('RFC 9112 §3.2.4: asterisk-form with a method other than OPTIONS is TARGET_FORM_MISMATCH', () => {
    expect(brief(parse('GET * HTTP/1.1'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 4 });
  });

  it('RFC 9110 §9.1: CONNECT and OPTIONS are recognized case-sensitively ("connect" is an ordinary method)', () => {
    expect(brief(parse('options * HTTP/1.1'))).toMatchObject({ code: 'TARGET_FORM_MISMATCH' });
    expect(asValue(parse('connect / HTTP/1.1')).targetForm).toBe('origin');
  });

  it('RFC 9112 §3.2: an invalid byte in the target is INVALID_TARGET at that byte', () => {
    expect(brief(parse('GET /a"b HTTP/1.1'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 6 });
    expect(brief(parse('GET /a#frag HTTP/1.1'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 6 });
  });

  it('RFC 9112 §3: a window passed in decodes the same strings', () => {
    const window = new Latin1Window();
    const b = bytes('PUT /x HTTP/1.1');
    expect(asValue(parseRequestLine(b, 0, b.length, window))).toMatchObject({ method: 'PUT', target: '/x' });
    const c = bytes('DELETE /y HTTP/1.0');
    expect(asValue(parseRequestLine(c, 0, c.length, window))).toMatchObject({ method: 'DELETE', target: '/y' });
  });

  it('RFC 9112 §3: a line inside a larger buffer is parsed between start and end, offsets in that buffer', () => {
    const b = bytes('\r\nGET / HTTP/1.1\r\n');
    expect(asValue(parseRequestLine(b, 2, 16))).toMatchObject({ method: 'GET', target: '/', version: '1.1' });
    const c = bytes('\r\nGET /a b HTTP/1.1\r\n');
    expect(brief(parseRequestLine(c, 2, 19))).toEqual({ code: 'INVALID_REQUEST_LINE', status: 400, offset: 8 });
  });
});

describe('methodCovers (RFC 9112 §3, §3.1)', () => {
  it('RFC 9112 §3.1: true when the bytes are all token bytes, the method not yet ended by its SP', () => {
    const b = bytes('PROPFIND /x');
    expect(methodCovers(b, 0, 8)).toBe(true);
    expect(methodCovers(b, 2, 5)).toBe(true);
  });

  it('RFC 9112 §3: false once the SP after the method is among them, for a non-token byte, and for no bytes', () => {
    const b = bytes('GET /x');
    expect(methodCovers(b, 0, 4)).toBe(false);
    expect(methodCovers(bytes('GE@T'), 0, 4)).toBe(false);
    expect(methodCovers(bytes('\tGET'), 0, 4)).toBe(false);
    expect(methodCovers(b, 0, 0)).toBe(false);
  });
});
