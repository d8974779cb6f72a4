// HTTP-version = HTTP-name "/" DIGIT "." DIGIT; HTTP-name = %s"HTTP" (RFC 9112 §2.3).
import { describe, it, expect } from 'vitest';
import { HTTP_VERSION_LENGTH, parseHttpVersion } from '../../src/wire/http-version.js';
import { asValue, brief, bytes } from './support.js';

const parse = (version: string) => {
  const b = bytes(version);
  return parseHttpVersion(b, 0, b.length);
};

describe('parseHttpVersion (RFC 9112 §2.3)', () => {
  it('RFC 9112 §2.3: an HTTP-version is always eight bytes', () => {
    expect(HTTP_VERSION_LENGTH).toBe(8);
  });

  it('RFC 9112 §2.3: HTTP/1.1 is version 1.1', () => {
    expect(asValue(parse('HTTP/1.1'))).toEqual({ major: 1, minor: 1, version: '1.1' });
  });

  it('RFC 9112 §2.3: HTTP/1.0 is version 1.0', () => {
    expect(asValue(parse('HTTP/1.0'))).toEqual({ major: 1, minor: 0, version: '1.0' });
  });

  it('RFC 9110 §6.2: a higher minor version HTTP/1.x is treated as 1.1, the highest one implemented', () => {
    for (let minor = 2; minor <= 9; minor++) {
      expect(asValue(parse(`HTTP/1.${minor}`))).toEqual({ major: 1, minor, version: '1.1' });
    }
  });

  it('RFC 9110 §15.6.6: a well-formed major version other than 1 (HTTP/2.0, HTTP/3.0) is 505', () => {
    expect(brief(parse('HTTP/2.0'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 5 });
    expect(brief(parse('HTTP/3.0'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 5 });
    expect(brief(parse('HTTP/9.9'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 5 });
  });

  it('RFC 9110 §15.6.6: HTTP/0.9 is 505 (major 0 is not supported)', () => {
    expect(brief(parse('HTTP/0.9'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 5 });
  });

  it('RFC 9112 §2.3: HTTP-name is case-sensitive: "http/1.1" and "Http/1.1" are 400', () => {
    expect(brief(parse('http/1.1'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
    expect(brief(parse('Http/1.1'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
  });

  it('RFC 9112 §2.3: a version without its minor digit is 400', () => {
    expect(brief(parse('HTTP/1'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
    expect(brief(parse('HTTP/1.'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
    expect(brief(parse('HTTP/2'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
  });

  it('RFC 9112 §2.3: one DIGIT each: multi-digit versions (HTTP/1.10, HTTP/11.1) are 400', () => {
    expect(brief(parse('HTTP/1.10'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
    expect(brief(parse('HTTP/11.1'))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
  });

  it('RFC 9112 §2.3: anything but "HTTP" "/" DIGIT "." DIGIT is 400', () => {
    for (const bad of ['', 'HTTP', 'HTTP/', 'HTTP 1.1', 'HTTPS/1.1', 'HTTP\\1.1', 'HTTP/1,1', 'HTTP/a.1', 'HTTP/1.b',
      'HTTP/1.1 ', ' HTTP/1.1', 'HTTP/+.1', 'HTTP/1.\u00b9', 'XTTP/1.1', 'HTTP/1 1']) {
      expect(brief(parse(bad)), JSON.stringify(bad)).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 0 });
    }
  });

  it('RFC 9112 §2.3: a version is parsed inside a larger buffer, offsets relative to that buffer', () => {
    const line = bytes('GET / HTTP/1.1');
    expect(asValue(parseHttpVersion(line, 6, 14)).version).toBe('1.1');
    const v2 = bytes('GET / HTTP/2.0');
    expect(brief(parseHttpVersion(v2, 6, 14))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 11 });
    const bad = bytes('GET / HTTP-1.1');
    expect(brief(parseHttpVersion(bad, 6, 14))).toEqual({ code: 'INVALID_VERSION', status: 400, offset: 6 });
  });

  it('RFC 9112 §2.3: bytes past `end` are not read as part of the version', () => {
    const b = bytes('HTTP/1.1');
    expect(brief(parseHttpVersion(b, 0, 7))).toMatchObject({ code: 'INVALID_VERSION' });
  });
});
