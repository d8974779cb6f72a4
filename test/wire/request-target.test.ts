// The request-target (RFC 9112 §3.2): origin-form, absolute-form, authority-form and asterisk-form, the methods
// each goes with, the URI characters of RFC 3986, and the Host field value (RFC 9110 §7.2, RFC 9112 §3.2).
import { describe, it, expect } from 'vitest';
import {
  classifyRequestTarget, findInvalidAuthorityByte, findInvalidTargetByte, isValidHostValue,
} from '../../src/wire/request-target.js';
import { asValue, brief, bytes } from './support.js';

type Method = 'GET' | 'CONNECT' | 'OPTIONS';

const classify = (target: string, method: Method = 'GET') => {
  const b = bytes(target);
  return classifyRequestTarget(b, 0, b.length, method === 'CONNECT', method === 'OPTIONS');
};

/** The authority a classified target names, as a string, or undefined. */
const authorityOf = (target: string, method: Method = 'GET'): string | undefined => {
  const c = asValue(classify(target, method));
  return c.authorityStart === -1 ? undefined : target.slice(c.authorityStart, c.authorityEnd);
};

describe('origin-form (RFC 9112 §3.2.1)', () => {
  it('RFC 9112 §3.2.1: absolute-path [ "?" query ] is origin-form', () => {
    for (const t of ['/', '/index.html', '/a/b/c', '/a?b=c&d=e', '/a?b/c?d', '/search?', '//double']) {
      expect(asValue(classify(t)), t).toEqual({ form: 'origin', authorityStart: -1, authorityEnd: -1 });
    }
  });

  it('RFC 3986 §3.3: every pchar, "/" and "?" is allowed in origin-form', () => {
    expect(asValue(classify("/AZaz09-._~!$&'()*+,;=:@/?")).form).toBe('origin');
  });

  it('RFC 3986 §2.1: a "%" followed by two hex digits (either case) is allowed', () => {
    expect(asValue(classify('/a%20b%2Fc%2f')).form).toBe('origin');
    expect(asValue(classify('/%41')).form).toBe('origin');
  });

  it('RFC 3986 §2.1: a "%" without two hex digits is INVALID_TARGET at the "%"', () => {
    expect(brief(classify('/a%2'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 2 });
    expect(brief(classify('/a%'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 2 });
    expect(brief(classify('/a%zz'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 2 });
    expect(brief(classify('/a%2gb'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 2 });
  });

  it('RFC 9110 §7.1: a fragment ("#") is never part of a request-target', () => {
    expect(brief(classify('/page#section'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 5 });
    expect(brief(classify('/#'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 1 });
  });

  it('RFC 3986 §2: bytes outside the URI grammar are INVALID_TARGET at the byte', () => {
    for (const c of ['"', '<', '>', '\\', '^', '`', '{', '|', '}', '\u0080', '\u00ff', '\u0001', '\u007f', '\t']) {
      expect(brief(classify(`/a${c}b`)), JSON.stringify(c)).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 2 });
    }
  });

  it('RFC 9112 §2.2: CR, LF and NUL in a target have their own codes', () => {
    expect(brief(classify('/a\rb'))).toEqual({ code: 'BARE_CR', status: 400, offset: 2 });
    expect(brief(classify('/a\nb'))).toEqual({ code: 'BARE_LF', status: 400, offset: 2 });
    expect(brief(classify('/a\0b'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 2 });
  });

  it('RFC 9112 §3.2: an empty request-target is INVALID_TARGET', () => {
    expect(brief(classify(''))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('', 'CONNECT'))).toMatchObject({ status: 400 });
  });

  it('RFC 9112 §3.2: a relative path or query alone is in none of the four forms', () => {
    expect(brief(classify('index.html'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('?q=1'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('%2F'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('1.2.3.4:80'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
  });

  it('RFC 9112 §3.2.1: OPTIONS may use origin-form too', () => {
    expect(asValue(classify('/x', 'OPTIONS')).form).toBe('origin');
  });
});

describe('asterisk-form (RFC 9112 §3.2.4)', () => {
  it('RFC 9112 §3.2.4: "*" with OPTIONS is asterisk-form', () => {
    expect(asValue(classify('*', 'OPTIONS'))).toEqual({ form: 'asterisk', authorityStart: -1, authorityEnd: -1 });
  });

  it('RFC 9112 §3.2.4: "*" with any method but OPTIONS is TARGET_FORM_MISMATCH', () => {
    expect(brief(classify('*'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 0 });
  });

  it('RFC 9112 §3.2.4: asterisk-form is exactly "*"', () => {
    expect(brief(classify('**', 'OPTIONS'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('*/', 'OPTIONS'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
  });
});

describe('authority-form (RFC 9112 §3.2.3, RFC 9110 §9.3.6)', () => {
  it('RFC 9112 §3.2.3: CONNECT host:port is authority-form covering the whole target', () => {
    for (const t of ['example.com:443', '127.0.0.1:8080', '[::1]:443', '[v1.fe80::a+en1]:443', 'ex%41mple.com:80', 'h:0']) {
      expect(asValue(classify(t, 'CONNECT')), t).toEqual({ form: 'authority', authorityStart: 0, authorityEnd: t.length });
    }
  });

  it('RFC 9112 §3.2.3: authority-form requires the port', () => {
    expect(brief(classify('example.com', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 11 });
    expect(brief(classify('example.com:', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 12 });
  });

  it('RFC 9112 §3.2.3: the port is digits only', () => {
    expect(brief(classify('example.com:44a', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 14 });
    expect(brief(classify('example.com:443:1', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 15 });
  });

  it('RFC 9112 §3.2.3: authority-form has a host: ":443" is TARGET_FORM_MISMATCH', () => {
    expect(brief(classify(':443', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 0 });
  });

  it('RFC 9112 §3.2.3: authority-form has no userinfo ("user@host:port" is rejected at "@")', () => {
    expect(brief(classify('user@example.com:443', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 4 });
  });

  it('RFC 9110 §9.3.6: CONNECT takes only authority-form: origin-, absolute- and asterisk-form are rejected', () => {
    expect(brief(classify('/', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 0 });
    expect(brief(classify('*', 'CONNECT'))).toMatchObject({ code: 'TARGET_FORM_MISMATCH', status: 400 });
    expect(brief(classify('http://example.com:443/', 'CONNECT'))).toMatchObject({ code: 'TARGET_FORM_MISMATCH', status: 400 });
  });

  it('RFC 3986 §3.2.2: an unclosed or empty IP-literal is rejected', () => {
    expect(brief(classify('[::1:443', 'CONNECT'))).toMatchObject({ code: 'TARGET_FORM_MISMATCH', status: 400 });
    expect(brief(classify('[]:443', 'CONNECT'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 1 });
  });

  it('RFC 9112 §3.2.3: a bare host (no colon) with another method is in none of the four forms', () => {
    expect(brief(classify('example.com'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
  });
});

describe('absolute-form (RFC 9112 §3.2.2)', () => {
  it('RFC 9112 §3.2.2: an http URI is absolute-form, its authority located', () => {
    expect(asValue(classify('http://example.com/a?b'))).toEqual({ form: 'absolute', authorityStart: 7, authorityEnd: 18 });
    expect(authorityOf('http://example.com:8080/a')).toBe('example.com:8080');
    expect(authorityOf('https://example.com')).toBe('example.com');
    expect(authorityOf('http://example.com?q=1')).toBe('example.com');
    expect(authorityOf('http://[::1]:8080/')).toBe('[::1]:8080');
  });

  it('RFC 3986 §3.2.2: an IP-literal host in absolute-form is allowed ("[" and "]" only there)', () => {
    // Found by this test: "[" and "]" were checked against the path characters and rejected.
    expect(authorityOf('http://[::1]:8080/')).toBe('[::1]:8080');
    expect(authorityOf('http://[2001:db8::7]/c=GB?objectClass?one')).toBe('[2001:db8::7]');
    expect(authorityOf('http://[v7.fe80::abcd]')).toBe('[v7.fe80::abcd]');
    expect(brief(classify('http://[::1/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 11 });
    expect(brief(classify('http://[]/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 8 });
    expect(brief(classify('http://a[b]/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 8 });
    expect(brief(classify('http://h/[x]'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 9 });
    expect(brief(classify('http://[::1]x/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 12 });
  });

  it('RFC 3986 §3.1: the scheme is case-insensitive (HTTP://, HttpS://)', () => {
    expect(authorityOf('HTTP://EXAMPLE.COM/')).toBe('EXAMPLE.COM');
    expect(authorityOf('HttpS://x.example/')).toBe('x.example');
    expect(authorityOf('hTtP://x.example')).toBe('x.example');
  });

  it('RFC 9112 §3.2.2: absolute-form is allowed with OPTIONS and any method but CONNECT', () => {
    expect(asValue(classify('http://example.com', 'OPTIONS')).form).toBe('absolute');
  });

  it('RFC 9110 §4.2: an absolute-form scheme other than http or https is UNSUPPORTED_SCHEME, 400', () => {
    for (const t of ['ftp://localhost/file', 'foo://localhost/', 'FTP://h/', 'ws://h/', 'ws+x.y-z://h/', 'urn:isbn:0451450523',
      'httpx://h/', 'htt://h/', 'https2://h/', 'mailto:a@b', 'h:', 'data:,x']) {
      expect(brief(classify(t)), t).toEqual({ code: 'UNSUPPORTED_SCHEME', status: 400, offset: 0 });
    }
    expect(brief(classify('foo://h/', 'OPTIONS'))).toEqual({ code: 'UNSUPPORTED_SCHEME', status: 400, offset: 0 });
  });

  it('RFC 9112 §3.2.3: "host:port" with a method other than CONNECT is not read as the scheme "host": 400', () => {
    for (const t of ['localhost:80', 'example.com:443', 'h:0', 'localhost:80/x', 'a-b.c:8080']) {
      expect(brief(classify(t)), t).toEqual({ code: 'UNSUPPORTED_SCHEME', status: 400, offset: 0 });
    }
    expect((classify('localhost:80') as Error).message).toMatch(/authority-form/);
    expect(brief(classify('localhost:80', 'OPTIONS'))).toEqual({ code: 'UNSUPPORTED_SCHEME', status: 400, offset: 0 });
    // The same target is authority-form for CONNECT.
    expect(asValue(classify('localhost:80', 'CONNECT')).form).toBe('authority');
  });

  it('RFC 3986 §3.1: a byte that is invalid in the target is reported at the byte before the scheme is judged', () => {
    expect(brief(classify('foo://a b/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 7 });
    expect(brief(classify('foo://a/\r'))).toEqual({ code: 'BARE_CR', status: 400, offset: 8 });
  });

  it('RFC 9110 §4.2.1: an http URI with an empty host is rejected ("MUST reject it as invalid")', () => {
    for (const t of ['http://', 'http:///path', 'http://:80/', 'http://?q', 'https://']) {
      expect(brief(classify(t)), t).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    }
  });

  it('RFC 9110 §4.2.1: an http URI without an authority at all is rejected', () => {
    expect(brief(classify('http:/path'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('http:'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('https:example.com'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
  });

  it('RFC 9110 §4.2.4: userinfo in the authority is rejected at the "@"', () => {
    expect(brief(classify('http://user@example.com/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 11 });
    expect(brief(classify('http://user:pass@example.com/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 16 });
    expect(brief(classify('ftp://anonymous@ftp.example/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 15 });
  });

  it('RFC 9110 §4.2.4: an "@" after the authority (in the path) is not userinfo', () => {
    expect(authorityOf('http://example.com/user@host')).toBe('example.com');
  });

  it('RFC 3986 §3.2.3: a non-digit port is INVALID_TARGET', () => {
    expect(brief(classify('http://example.com:80a/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 21 });
  });

  it('RFC 3986 §3.2.3: an empty port is allowed (port = *DIGIT)', () => {
    expect(authorityOf('http://example.com:/')).toBe('example.com:');
  });

  it('RFC 9110 §7.1: a fragment in absolute-form is rejected', () => {
    expect(brief(classify('http://example.com/#x'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 19 });
  });

  it('RFC 3986 §3.1: a scheme starts with a letter; a bad scheme char is rejected at that byte', () => {
    expect(brief(classify('1http://example.com/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 0 });
    expect(brief(classify('ht"tp://example.com/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 2 });
  });

  it('RFC 3986 §3.3: a bad byte after the scheme is INVALID_TARGET at that byte', () => {
    expect(brief(classify('http://exa mple.com/'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 10 });
    expect(brief(classify('http://example.com/a b'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 20 });
  });

  it('RFC 3986 §2.1: pct-encoding is allowed in the host and path of absolute-form', () => {
    expect(authorityOf('http://ex%41mple.com/%7Euser')).toBe('ex%41mple.com');
  });
});

describe('findInvalidTargetByte and findInvalidAuthorityByte (RFC 3986)', () => {
  it('RFC 3986 §3.3: findInvalidTargetByte returns -1 for valid bytes and the first bad index otherwise', () => {
    const b = bytes('xx/a%20b?c');
    expect(findInvalidTargetByte(b, 2, b.length)).toBe(-1);
    const c = bytes('/a%2');
    expect(findInvalidTargetByte(c, 0, c.length)).toBe(2);
    // A triplet cut by `end` is not complete.
    const d = bytes('/a%20');
    expect(findInvalidTargetByte(d, 0, 4)).toBe(2);
  });

  it('RFC 3986 §3.2.2: findInvalidAuthorityByte accepts reg-name, IPv4 and IP-literal hosts with optional port', () => {
    for (const a of ['example.com', 'example.com:80', '127.0.0.1', '[::1]', '[::1]:8080', 'a%2Db', '', 'h:']) {
      const b = bytes(a);
      expect(findInvalidAuthorityByte(b, 0, b.length), a).toBe(-1);
    }
  });

  it('RFC 9112 §3.2.3: with requirePort, a missing or empty port is reported at the end', () => {
    const b = bytes('example.com');
    expect(findInvalidAuthorityByte(b, 0, b.length, true)).toBe(11);
    const c = bytes('example.com:');
    expect(findInvalidAuthorityByte(c, 0, c.length, true)).toBe(12);
    const d = bytes('example.com:1');
    expect(findInvalidAuthorityByte(d, 0, d.length, true)).toBe(-1);
  });

  it('RFC 3986 §3.2: userinfo, a path or a bad port is reported at the offending byte', () => {
    const b = bytes('u@h');
    expect(findInvalidAuthorityByte(b, 0, b.length)).toBe(1);
    const c = bytes('h/p');
    expect(findInvalidAuthorityByte(c, 0, c.length)).toBe(1);
    const d = bytes('h:8x');
    expect(findInvalidAuthorityByte(d, 0, d.length)).toBe(3);
  });
});

describe('Host field value (RFC 9110 §7.2, RFC 9112 §3.2)', () => {
  it('RFC 9110 §7.2: uri-host [":" port] is a valid Host', () => {
    for (const h of ['example.com', 'example.com:8080', 'localhost', '127.0.0.1:80', '[::1]', '[::1]:443', 'ex%41mple.com',
      'xn--bcher-kva.example', 'a_b.example', 'example.com:']) {
      expect(isValidHostValue(h), h).toBe(true);
    }
  });

  it('RFC 9110 §7.2: an empty Host is valid (a target URI without authority)', () => {
    expect(isValidHostValue('')).toBe(true);
  });

  it('RFC 9112 §3.2: a Host value with whitespace, userinfo, a path, a list or a bad port is invalid', () => {
    for (const h of ['exa mple.com', 'user@example.com', 'example.com/', 'example.com:80:80', 'example.com:http',
      'a.example, b.example', 'example.com\t', 'http://example.com', 'ex%4', 'ex%zz.com', 'exa"mple']) {
      expect(isValidHostValue(h), h).toBe(false);
    }
  });

  it('RFC 3986 §3.2.2: a Host IP-literal must be closed and non-empty', () => {
    for (const h of ['[::1', '[]', '[::1]x', '[::1]:8a', '[ ::1]']) expect(isValidHostValue(h), h).toBe(false);
  });

  it('RFC 3986 §3.2.2: non-ASCII (obs-text) bytes are not valid in a Host', () => {
    expect(isValidHostValue('b\u00fccher.example')).toBe(false);
    expect(isValidHostValue('\u0100.example')).toBe(false);
  });

  it('RFC 3986 §3.2.2: an IP-literal must be an IPv6address or an IPvFuture, not just bracketed hex and colons', () => {
    for (const h of ['[::1]', '[1:2:3:4:5:6:7:8]', '[1::8]:80', '[::]', '[::ffff:192.0.2.1]', '[1:2:3:4:5:6:1.2.3.4]', '[v1.fe:x]']) {
      expect(isValidHostValue(h), h).toBe(true);
    }
    for (const h of ['[::g]', '[1:2:3:4:5:6:7]', '[1::2::3]', '[12345::]', '[1.2.3.4]', '[::01.2.3.4]', '[1.2.3.4::]',
      '[::256.1.1.1]', '[v.x]', '[vg.x]', '[v1.]']) {
      expect(isValidHostValue(h), h).toBe(false);
    }
  });
});
