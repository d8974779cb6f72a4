// RequestParser: a server's reading of HTTP/1.1 requests (RFC 9112 §2-§9, RFC 9110 semantics it enforces).
import { describe, it, expect } from 'vitest';
import { Buffer } from 'node:buffer';
import { RequestParser } from '../../src/parser/request-parser.js';
import { DEFAULT_LIMITS, type ParserOptions } from '../../src/parser/options.js';
import { latin1 } from '../../src/wire/latin1.js';
import {
  body, bytes, chop, digest, errorOf, failure, feed, request, requestHeads, sameAtEverySplit, types,
} from './support.js';

const GET = 'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n';

describe('request heads (RFC 9112 §3, §5)', () => {
  it('RFC 9112 §3: a minimal HTTP/1.1 request produces a head and an end', () => {
    const events = sameAtEverySplit(request, GET);
    expect(types(events)).toEqual(['head', 'end']);
    const [head] = requestHeads(events);
    expect(head).toMatchObject({
      kind: 'request', method: 'GET', target: '/', targetForm: 'origin', version: '1.1', rawVersion: 'HTTP/1.1',
      authority: 'example.com', framing: { kind: 'none' }, keepAlive: true, expect: undefined, expectContinue: false,
      switchProtocol: undefined,
    });
    expect(head!.fields.toArray()).toEqual([['Host', 'example.com']]);
  });

  it('RFC 9112 §5: field lines are kept in order with names as received and values trimmed', () => {
    const events = feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nX-A:  1 \r\nx-a:\t2\r\nEmpty:\r\n\r\n');
    const head = requestHeads(events)[0]!;
    expect(head.fields.toArray()).toEqual([['Host', 'h'], ['X-A', '1'], ['x-a', '2'], ['Empty', '']]);
    expect(head.fields.getAll('X-A')).toEqual(['1', '2']);
  });

  it('RFC 9112 §5: a head in small pieces gives the same fields, in order, at every piece size', () => {
    // Small pieces cut most lines; once one is spliced, the whole lines of later pieces are copied next to it and
    // all are decoded when the head completes. Interpreted fields among them must still count.
    const head = 'GET /a HTTP/1.1\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nHost:  example.com \r\n' +
      'Accept: */*\r\nX-Empty:\r\nX-Obs: caf\u00e9\r\nConnection: close\r\nContent-Length: 3\r\nX-Tab:\tv\t\r\n\r\nabc';
    const expected = [
      ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64)'], ['Host', 'example.com'], ['Accept', '*/*'], ['X-Empty', ''],
      ['X-Obs', 'caf\u00e9'], ['Connection', 'close'], ['Content-Length', '3'], ['X-Tab', 'v'],
    ];
    const events = sameAtEverySplit(request, head);
    const parsed = requestHeads(events)[0]!;
    expect(parsed.fields.toArray()).toEqual(expected);
    expect(parsed.keepAlive).toBe(false);
    expect(parsed.framing).toEqual({ kind: 'length', length: 3 });
    expect(body(events)).toBe('abc');
    // An obs-fold line after spliced lines (a leniency) extends the value before it, wherever the cuts are.
    const folded = head.replace('X-Obs: caf\u00e9\r\n', 'X-Obs: caf\u00e9\r\n  more\r\n');
    const unfolded = requestHeads(sameAtEverySplit(() => request({ lenient: { obsFold: true } }), folded))[0]!;
    expect(unfolded.fields.get('x-obs')).toBe('caf\u00e9 more');
    expect(unfolded.fields.toArray().length).toBe(expected.length);
  });

  it('RFC 9110 §5.5: obs-text in a field value is accepted and kept', () => {
    const head = requestHeads(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nX: caf\u00e9\r\n\r\n'))[0]!;
    expect(head.fields.get('x')).toBe('caf\u00e9');
  });

  it('RFC 9112 §2.3: HTTP/1.x with a higher minor is treated as 1.1', () => {
    const head = requestHeads(feed(request(), 'GET / HTTP/1.4\r\nHost: h\r\n\r\n'))[0]!;
    expect(head.version).toBe('1.1');
    expect(head.rawVersion).toBe('HTTP/1.4');
  });

  it('RFC 9110 §15.6.6: HTTP/2.0 in the request-line is 505', () => {
    expect(failure(feed(request(), 'GET / HTTP/2.0\r\n\r\n'))).toEqual({ code: 'UNSUPPORTED_VERSION', status: 505, offset: 11 });
  });

  it('RFC 9112 §3: a malformed request-line is 400 at the offending byte', () => {
    expect(failure(feed(request(), 'GET  / HTTP/1.1\r\n\r\n'))).toEqual({ code: 'INVALID_REQUEST_LINE', status: 400, offset: 4 });
    expect(failure(feed(request(), 'G@T / HTTP/1.1\r\n\r\n'))).toEqual({ code: 'INVALID_METHOD', status: 400, offset: 1 });
  });

  it('RFC 9112 §5.1: whitespace between field name and colon is 400 at the whitespace', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost : h\r\n\r\n'))).toEqual({ code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 20 });
  });

  it('RFC 9110 §5.5: a control byte in a field value is 400 at that byte', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nX: a\u0001b\r\n\r\n'))).toEqual({
      code: 'INVALID_FIELD_VALUE', status: 400, offset: 29,
    });
  });

  it('RFC 9110 §5.5: a NUL in a field value is NUL_BYTE at the NUL', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n'))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 29 });
  });

  it('RFC 9112 §2.2: a bare CR in a field line is BARE_CR at the CR', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n'))).toEqual({ code: 'BARE_CR', status: 400, offset: 29 });
  });

  it('RFC 9110 §5.1: an empty field name is 400', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n'))).toEqual({ code: 'INVALID_FIELD_NAME', status: 400, offset: 25 });
  });

  it('RFC 9112 §2.2: whitespace before the first field line is 400 WHITESPACE_BEFORE_FIRST_FIELD', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\n Host: h\r\n\r\n'))).toEqual({
      code: 'WHITESPACE_BEFORE_FIRST_FIELD', status: 400, offset: 16,
    });
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\n\tHost: h\r\n\r\n'))).toMatchObject({ code: 'WHITESPACE_BEFORE_FIRST_FIELD' });
  });

  it('RFC 9112 §2.2: leading empty lines before the request-line are skipped', () => {
    const events = sameAtEverySplit(request, `\r\n\r\n${GET}`);
    expect(types(events)).toEqual(['head', 'end']);
  });

  it('RFC 9112 §2.2: an empty line between pipelined requests (after a body) is skipped', () => {
    const input = 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n';
    const events = sameAtEverySplit(request, input);
    expect(types(events)).toEqual(['head', 'data', 'end', 'head', 'end']);
    expect(requestHeads(events).map((h) => h.target)).toEqual(['/', '/2']);
  });

  it('RFC 9112 §2.2: a line of only whitespace before the request-line is not an empty line', () => {
    expect(failure(feed(request(), ` \r\n${GET}`))).toMatchObject({ status: 400, offset: 0 });
  });
});

describe('Host (RFC 9112 §3.2, RFC 9110 §7.2)', () => {
  it('RFC 9112 §3.2: an HTTP/1.1 request without Host is 400 MISSING_HOST, at the empty line that ends its head', () => {
    const input = 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\n';
    const events = feed(request(), input);
    expect(types(events)).toEqual(['error']);
    expect(failure(events)).toEqual({ code: 'MISSING_HOST', status: 400, offset: input.length - 2 });
  });

  it('RFC 9112 §3.2: Host is optional in HTTP/1.0; authority is then undefined', () => {
    const events = feed(request(), 'GET / HTTP/1.0\r\n\r\n');
    expect(types(events)).toEqual(['head', 'end']);
    expect(requestHeads(events)[0]!.authority).toBeUndefined();
  });

  it('RFC 9112 §3.2: an HTTP/1.0 request with Host uses it as the authority', () => {
    expect(requestHeads(feed(request(), 'GET / HTTP/1.0\r\nHost: old.example\r\n\r\n'))[0]!.authority).toBe('old.example');
  });

  it('RFC 9112 §3.2: two Host field lines are 400 MULTIPLE_HOST (even when equal), at the second', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n'))).toEqual({ code: 'MULTIPLE_HOST', status: 400, offset: 25 });
    expect(failure(feed(request(), 'GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n'))).toMatchObject({ code: 'MULTIPLE_HOST', status: 400 });
  });

  it('RFC 9112 §3.2: an invalid Host value is 400 INVALID_HOST, at its line', () => {
    for (const host of ['a b', 'user@h', 'h:port', 'h/path', 'a, b', '[::1']) {
      expect(failure(feed(request(), `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)), host).toEqual({ code: 'INVALID_HOST', status: 400, offset: 16 });
    }
  });

  it('RFC 9112 §3.2: a Host value is judged the same whichever way its line is read (whole, cut, spliced, general)', () => {
    // The parser checks Host from the line's bytes on its fast paths and from the string on the others; pieces of
    // every size, and bare-LF lines (which only the general way reads), take each of them.
    const valid = ['example.com', '127.0.0.1:8080', '[::1]:80', '', 'h%41', 'a.b-c_d~e!$&\'()*+,;=', ':80'];
    const invalid = ['a b', 'user@h', 'h:port', '[::1', 'h%4', 'h/p', 'caf\u00e9', '[::1]x'];
    for (const host of [...valid, ...invalid]) {
      const outcome = invalid.includes(host) ? ['error'] : ['head', 'end'];
      const crlf = `GET / HTTP/1.1\r\nX-Before: 1\r\nHost: \t${host} \r\nX-After: 2\r\n\r\n`;
      expect(types(sameAtEverySplit(request, crlf)), host).toEqual(outcome);
      const lf = crlf.replaceAll('\r\n', '\n');
      expect(types(sameAtEverySplit(() => request({ lenient: { bareLineFeed: true } }), lf)), `${host} (bare LF)`).toEqual(outcome);
      if (outcome[0] === 'error') expect(failure(feed(request(), crlf))).toEqual({ code: 'INVALID_HOST', status: 400, offset: crlf.indexOf('Host:') });
      else expect(requestHeads(feed(request(), crlf))[0]!.authority).toBe(host);
    }
  });

  it('RFC 9110 §7.2: an empty Host is accepted', () => {
    const events = feed(request(), 'GET / HTTP/1.1\r\nHost:\r\n\r\n');
    expect(types(events)).toEqual(['head', 'end']);
    expect(requestHeads(events)[0]!.authority).toBe('');
  });

  it('RFC 9110 §7.2: Host with port and IP-literal hosts are accepted', () => {
    expect(requestHeads(feed(request(), 'GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n'))[0]!.authority).toBe('example.com:8080');
    expect(requestHeads(feed(request(), 'GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n'))[0]!.authority).toBe('[::1]:8080');
  });

  it('RFC 9112 §3.2.2: the authority of an absolute-form target takes precedence over Host', () => {
    const events = feed(request(), 'GET http://origin.example:81/x HTTP/1.1\r\nHost: other.example\r\n\r\n');
    const head = requestHeads(events)[0]!;
    expect(head.targetForm).toBe('absolute');
    expect(head.authority).toBe('origin.example:81');
    expect(head.fields.get('host')).toBe('other.example');
  });

  it('RFC 3986 §3.2.2: an absolute-form target with an IP-literal host is accepted', () => {
    const head = requestHeads(feed(request(), 'GET http://[::1]:8080/ HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n'))[0]!;
    expect(head.authority).toBe('[::1]:8080');
  });

  it('RFC 9112 §3.2: a Host error in a second pipelined request is reported in that request, at its empty line', () => {
    const events = feed(request(), `${GET}GET / HTTP/1.1\r\n\r\n`);
    expect(types(events)).toEqual(['head', 'end', 'error']);
    expect(errorOf(events).offset).toBe(GET.length + 'GET / HTTP/1.1\r\n'.length);
  });
});

describe('request-target forms in requests (RFC 9112 §3.2)', () => {
  it('RFC 9112 §3.2.4: OPTIONS * is asterisk-form; its authority is Host', () => {
    const head = requestHeads(feed(request(), 'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n'))[0]!;
    expect(head).toMatchObject({ targetForm: 'asterisk', target: '*', authority: 'h', switchProtocol: undefined });
  });

  it('RFC 9112 §3.2.4: GET * is 400 TARGET_FORM_MISMATCH', () => {
    expect(failure(feed(request(), 'GET * HTTP/1.1\r\nHost: h\r\n\r\n'))).toEqual({ code: 'TARGET_FORM_MISMATCH', status: 400, offset: 4 });
  });

  it('RFC 9110 §9.3.6: CONNECT with origin-form is 400 TARGET_FORM_MISMATCH', () => {
    expect(failure(feed(request(), 'CONNECT / HTTP/1.1\r\nHost: h\r\n\r\n'))).toMatchObject({ code: 'TARGET_FORM_MISMATCH', status: 400 });
  });

  it('RFC 9110 §4.2.1: an absolute-form http URI with an empty host is 400', () => {
    expect(failure(feed(request(), 'GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 4 });
  });

  it('RFC 9110 §4.2: an absolute-form target with the scheme http or https, in any case, is accepted', () => {
    for (const target of ['http://h/x', 'HTTP://h/x', 'https://h/x', 'HttpS://h/x']) {
      const head = requestHeads(sameAtEverySplit(request, `GET ${target} HTTP/1.1\r\nHost: h\r\n\r\n`))[0]!;
      expect(head, target).toMatchObject({ target, targetForm: 'absolute', authority: 'h' });
    }
  });

  it('RFC 9110 §4.2: an absolute-form target with another scheme is 400 UNSUPPORTED_SCHEME at the target', () => {
    for (const target of ['ftp://h/x', 'foo://h/', 'urn:isbn:0451450523']) {
      expect(failure(sameAtEverySplit(request, `GET ${target} HTTP/1.1\r\nHost: h\r\n\r\n`)), target).toEqual({
        code: 'UNSUPPORTED_SCHEME', status: 400, offset: 4,
      });
    }
  });

  it('RFC 9112 §3.2.3: GET host:port (authority-form, read as the scheme "host") is 400 UNSUPPORTED_SCHEME', () => {
    const events = sameAtEverySplit(request, 'GET localhost:80 HTTP/1.1\r\nHost: localhost:80\r\n\r\n');
    expect(types(events)).toEqual(['error']);
    expect(failure(events)).toEqual({ code: 'UNSUPPORTED_SCHEME', status: 400, offset: 4 });
    expect(failure(feed(request(), 'POST example.com:443 HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n'))).toEqual({
      code: 'UNSUPPORTED_SCHEME', status: 400, offset: 5,
    });
  });

  it('RFC 9110 §4.2.4: userinfo in an absolute-form target is 400 at the "@"', () => {
    expect(failure(feed(request(), 'GET http://u@h/ HTTP/1.1\r\nHost: h\r\n\r\n'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 12 });
  });

  it('RFC 9110 §7.1: a fragment in the target is 400 at the "#"', () => {
    expect(failure(feed(request(), 'GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n'))).toEqual({ code: 'INVALID_TARGET', status: 400, offset: 6 });
  });
});

describe('persistence (RFC 9112 §9.3)', () => {
  it('RFC 9112 §9.3: an HTTP/1.1 request persists by default; the next request is parsed', () => {
    const events = feed(request(), GET + GET);
    expect(requestHeads(events).map((h) => h.keepAlive)).toEqual([true, true]);
    expect(types(events)).toEqual(['head', 'end', 'head', 'end']);
  });

  it('RFC 9112 §9.6: Connection: close ends the connection; data after the request is ignored', () => {
    const parser = request();
    const events = feed(parser, `GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n${GET}`);
    expect(types(events)).toEqual(['head', 'end']);
    expect(requestHeads(events)[0]!.keepAlive).toBe(false);
    expect(parser.phase).toBe('closed');
    expect(feed(parser, GET)).toEqual([]);
    expect(feed(parser, 'garbage\0\r\n')).toEqual([]);
    expect(parser.error).toBeNull();
  });

  it('RFC 9112 §9.6: the close option is found case-insensitively among other options and lines', () => {
    expect(requestHeads(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, CLOSE\r\n\r\n'))[0]!.keepAlive).toBe(false);
    expect(requestHeads(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nConnection: foo\r\nConnection: Close\r\n\r\n'))[0]!.keepAlive).toBe(false);
    expect(requestHeads(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\nConnection: closed\r\n\r\n'))[0]!.keepAlive).toBe(true);
  });

  it('RFC 9112 §9.3: an HTTP/1.0 request does not persist by default; what follows is ignored', () => {
    const parser = request();
    const events = feed(parser, `GET / HTTP/1.0\r\n\r\n${GET}`);
    expect(types(events)).toEqual(['head', 'end']);
    expect(requestHeads(events)[0]!.keepAlive).toBe(false);
    expect(parser.phase).toBe('closed');
  });

  it('RFC 9112 §9.3: an HTTP/1.0 request with the keep-alive connection option persists', () => {
    const events = feed(request(), `GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n${GET}`);
    expect(types(events)).toEqual(['head', 'end', 'head', 'end']);
    expect(requestHeads(events)[0]!.keepAlive).toBe(true);
  });

  it('RFC 9112 §9.3: close wins over keep-alive in HTTP/1.0', () => {
    expect(requestHeads(feed(request(), 'GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n'))[0]!.keepAlive).toBe(false);
  });

  it('RFC 9112 §9.3: a close request with a body ends after the body', () => {
    const parser = request();
    const events = feed(parser, `POST / HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc${GET}`);
    expect(types(events)).toEqual(['head', 'data', 'end']);
    expect(body(events)).toBe('abc');
  });
});

describe('Expect (RFC 9110 §10.1.1)', () => {
  it('RFC 9110 §10.1.1: Expect: 100-continue sets expectContinue', () => {
    const head = requestHeads(feed(request(), 'PUT /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n'))[0]!;
    expect(head.expectContinue).toBe(true);
    expect(head.expect).toBe('100-continue');
  });

  it('RFC 9110 §10.1.1: the 100-continue expectation is case-insensitive', () => {
    expect(requestHeads(feed(request(), 'PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n\r\n'))[0]!.expectContinue).toBe(true);
  });

  it('RFC 9110 §10.1.1: the head is emitted before any body byte arrives, so the server can answer 100', () => {
    const events = feed(request(), 'PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n');
    expect(types(events)).toEqual(['head']);
  });

  it('RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request', () => {
    const head = requestHeads(feed(request(), 'PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n'))[0]!;
    expect(head.expectContinue).toBe(false);
    expect(head.expect).toBe('100-continue');
  });

  it('RFC 9110 §10.1.1: another expectation is passed on (for a 417) without expectContinue', () => {
    const head = requestHeads(feed(request(), 'PUT / HTTP/1.1\r\nHost: h\r\nExpect: something-else\r\n\r\n'))[0]!;
    expect(head.expectContinue).toBe(false);
    expect(head.expect).toBe('something-else');
  });

  it('RFC 9110 §10.1.1: no Expect field leaves expect undefined', () => {
    expect(requestHeads(feed(request(), GET))[0]!.expect).toBeUndefined();
  });
});

describe('protocol switches: Upgrade and CONNECT (RFC 9110 §7.8, §9.3.6)', () => {
  const UPGRADE = 'GET /chat HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';

  it('RFC 9110 §7.8: Upgrade listed in Connection pauses after the request; takeRemaining returns the following bytes exactly', () => {
    const parser = request();
    const tail = '\u0081\u0085\u0000\r\n\u00ffGET / HTTP/1.1\r\n';
    const events = feed(parser, UPGRADE + tail);
    expect(types(events)).toEqual(['head', 'end', 'paused:upgrade']);
    expect(requestHeads(events)[0]!.switchProtocol).toBe('upgrade');
    expect(parser.phase).toBe('paused');
    expect(feed(parser, 'more')).toEqual([]);
    expect(latin1(parser.takeRemaining())).toBe(`${tail}more`);
    expect(parser.phase).toBe('closed');
    expect(feed(parser, GET)).toEqual([]);
  });

  it('RFC 9110 §7.8: takeRemaining is empty when nothing followed the upgrade request', () => {
    const parser = request();
    feed(parser, UPGRADE);
    expect(parser.takeRemaining().length).toBe(0);
  });

  it('RFC 9110 §7.8: the pause happens at the same byte however the input is split', () => {
    const tail = 'abc\r\ndef';
    const input = UPGRADE + tail;
    for (let size = 1; size <= input.length; size++) {
      const parser = request();
      const events = feed(parser, chop(input, size));
      expect(types(events), `piece size ${size}`).toEqual(['head', 'end', 'paused:upgrade']);
      expect(latin1(parser.takeRemaining()), `piece size ${size}`).toBe(tail);
    }
  });

  it('RFC 9110 §7.8: an upgrade request with a body pauses after the body', () => {
    const parser = request();
    const events = feed(parser, 'POST / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: h2c\r\nContent-Length: 3\r\n\r\nabcNEW');
    expect(types(events)).toEqual(['head', 'data', 'end', 'paused:upgrade']);
    expect(latin1(parser.takeRemaining())).toBe('NEW');
  });

  it('RFC 9110 §7.8: resume() continues with HTTP/1.1 when the upgrade is declined, parsing the held bytes', () => {
    const parser = request();
    expect(types(feed(parser, `${UPGRADE}GET /next HTTP/1.1\r\nHo`))).toEqual(['head', 'end', 'paused:upgrade']);
    const resumed = feed(parser, []).concat();
    expect(resumed).toEqual([]);
    const events = [...parser.resume()];
    expect(events.map((e) => e.type)).toEqual([]);
    const rest = feed(parser, 'st: h\r\n\r\n');
    expect(types(rest)).toEqual(['head', 'end']);
    expect(requestHeads(rest)[0]!.target).toBe('/next');
  });

  it('RFC 9110 §7.8: resume() parses complete requests that were held during the pause', () => {
    const parser = request();
    feed(parser, `${UPGRADE}GET /a HTTP/1.1\r\nHost: h\r\n\r\n`);
    feed(parser, 'GET /b HTTP/1.1\r\nHost: h\r\n\r\n');
    const events = feed(parser, []);
    expect(events).toEqual([]);
    const resumed = parser.resume();
    expect(resumed.filter((e) => e.type === 'head').map((e) => (e as { head: { target: string } }).head.target)).toEqual(['/a', '/b']);
  });

  it('RFC 9110 §7.8: after resume(), error offsets still count from the first byte of the connection', () => {
    const parser = request();
    feed(parser, UPGRADE);
    feed(parser, 'GET / HTTP/1.1\r\nHost : h\r\n\r\n');
    const events = parser.resume();
    const error = events.find((e) => e.type === 'error');
    expect(error?.type === 'error' && error.error.offset).toBe(UPGRADE.length + 20);
  });

  it('RFC 9110 §7.8: Upgrade without the upgrade connection option is ignored', () => {
    const events = feed(request(), `GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n${GET}`);
    expect(types(events)).toEqual(['head', 'end', 'head', 'end']);
    expect(requestHeads(events)[0]!.switchProtocol).toBeUndefined();
  });

  it('RFC 9110 §7.8: Upgrade in an HTTP/1.0 request is ignored', () => {
    const events = feed(request(), 'GET / HTTP/1.0\r\nConnection: upgrade, keep-alive\r\nUpgrade: websocket\r\n\r\n');
    expect(types(events)).toEqual(['head', 'end']);
    expect(requestHeads(events)[0]!.switchProtocol).toBeUndefined();
  });

  it('RFC 9110 §9.3.6: CONNECT pauses after its head; the tunnel bytes are handed over untouched', () => {
    const parser = request();
    const events = feed(parser, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\u0016\u0003\u0001\u0000');
    expect(types(events)).toEqual(['head', 'end', 'paused:connect']);
    expect(requestHeads(events)[0]).toMatchObject({
      method: 'CONNECT', targetForm: 'authority', authority: 'example.com:443', switchProtocol: 'connect',
    });
    expect(latin1(parser.takeRemaining())).toBe('\u0016\u0003\u0001\u0000');
  });

  it('RFC 9110 §9.3.6: a refused CONNECT can resume() with the next request', () => {
    const parser = request();
    feed(parser, `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n${GET}`);
    const events = parser.resume();
    expect(events.map((e) => e.type)).toEqual(['head', 'end']);
  });
});

describe('obs-fold (RFC 9112 §5.2)', () => {
  const FOLDED = 'GET / HTTP/1.1\r\nHost: h\r\nX-Long: one\r\n two\r\n\tthree\r\n\r\n';

  it('RFC 9112 §5.2: obs-fold is 400 OBS_FOLD by default, at the folded line', () => {
    expect(failure(feed(request(), FOLDED))).toEqual({ code: 'OBS_FOLD', status: 400, offset: 38 });
  });

  it('RFC 9112 §5.2: with { lenient: { obsFold: true } } each obs-fold is replaced by one SP', () => {
    const events = sameAtEverySplit(() => request({ lenient: { obsFold: true } }), FOLDED);
    expect(types(events)).toEqual(['head', 'end']);
    expect(requestHeads(events)[0]!.fields.toArray()).toEqual([['Host', 'h'], ['X-Long', 'one two three']]);
  });

  it('RFC 9112 §5.2: a lenient fold onto an empty value, or of whitespace only, adds no extra SP', () => {
    const head = requestHeads(feed(request({ lenient: { obsFold: true } }),
      'GET / HTTP/1.1\r\nHost: h\r\nA:\r\n  x\r\nB: y\r\n   \r\n\r\n'))[0]!;
    expect(head.fields.toArray()).toEqual([['Host', 'h'], ['A', 'x'], ['B', 'y']]);
  });

  it('RFC 9112 §5.2: a lenient fold still rejects control bytes in the continuation', () => {
    expect(failure(feed(request({ lenient: { obsFold: true } }), 'GET / HTTP/1.1\r\nHost: h\r\nA: b\r\n c\u0001\r\n\r\n'))).toMatchObject({
      code: 'INVALID_FIELD_VALUE', offset: 33,
    });
  });

  it('RFC 9112 §2.2: the obsFold leniency does not accept whitespace before the first field line', () => {
    expect(failure(feed(request({ lenient: { obsFold: true } }), 'GET / HTTP/1.1\r\n X: y\r\n\r\n'))).toMatchObject({
      code: 'WHITESPACE_BEFORE_FIRST_FIELD',
    });
  });

  it('RFC 9112 §5.2: a folded Host value is validated after unfolding', () => {
    expect(failure(feed(request({ lenient: { obsFold: true } }), 'GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n'))).toMatchObject({
      code: 'INVALID_HOST',
    });
  });
});

describe('bare LF (RFC 9112 §2.2)', () => {
  it('RFC 9112 §2.2: a bare LF line ending is 400 BARE_LF by default, at the LF', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\nHost: h\n\n'))).toEqual({ code: 'BARE_LF', status: 400, offset: 14 });
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: h\n\r\n'))).toEqual({ code: 'BARE_LF', status: 400, offset: 23 });
  });

  it('RFC 9112 §2.2: with { lenient: { bareLineFeed: true } } a bare LF ends a line', () => {
    const events = sameAtEverySplit(() => request({ lenient: { bareLineFeed: true } }), 'GET / HTTP/1.1\nHost: h\n\nGET /2 HTTP/1.1\r\nHost: h\n\r\n');
    expect(types(events)).toEqual(['head', 'end', 'head', 'end']);
    expect(requestHeads(events)[0]!.fields.toArray()).toEqual([['Host', 'h']]);
  });

  it('RFC 9112 §2.2: the bareLineFeed leniency applies to chunk lines and chunk data ends', () => {
    const events = sameAtEverySplit(() => request({ lenient: { bareLineFeed: true } }),
      'POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n');
    expect(types(events)).toEqual(['head', 'chunk', 'data', 'chunk', 'end']);
    expect(body(events)).toBe('abc');
  });

  it('RFC 9112 §2.2: a bare LF after chunk data is 400 by default', () => {
    expect(failure(feed(request(), 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n'))).toMatchObject({
      code: 'MISSING_CHUNK_DATA_CRLF', status: 400, offset: 62,
    });
  });

  it('RFC 9112 §2.2: the bareLineFeed leniency still rejects a bare CR', () => {
    expect(failure(feed(request({ lenient: { bareLineFeed: true } }), 'GET / HTTP/1.1\rHost: h\n\n'))).toEqual({
      code: 'BARE_CR', status: 400, offset: 14,
    });
  });
});

describe('chunked bodies (RFC 9112 §7.1)', () => {
  const CHUNKED_HEAD = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';

  it('RFC 9112 §7.1: chunk events carry sizes and extensions; data follows each chunk', () => {
    const events = sameAtEverySplit(request, `${CHUNKED_HEAD}4;a=1;b="x y"\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n`);
    expect(types(events)).toEqual(['head', 'chunk', 'data', 'chunk', 'data', 'chunk', 'data', 'chunk', 'end']);
    expect(events[1]).toEqual({ type: 'chunk', size: 4, extensions: [{ name: 'a', value: '1' }, { name: 'b', value: 'x y' }] });
    expect(body(events)).toBe('Wikipedia in\r\n\r\nchunks.');
  });

  it('RFC 9112 §7.1.2: trailer fields are emitted after the last chunk', () => {
    const events = sameAtEverySplit(request, `${CHUNKED_HEAD}1\r\nx\r\n0\r\nChecksum: abc\r\nX-T: 1\r\n\r\n`);
    expect(types(events)).toEqual(['head', 'chunk', 'data', 'chunk', 'trailers', 'end']);
    expect(events[4]).toEqual({ type: 'trailers', trailers: [['Checksum', 'abc'], ['X-T', '1']] });
  });

  it('RFC 9112 §7.1: chunk data not followed by CRLF is 400 MISSING_CHUNK_DATA_CRLF at the byte', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}3\r\nabcd\r\n0\r\n\r\n`))).toEqual({
      code: 'MISSING_CHUNK_DATA_CRLF', status: 400, offset: CHUNKED_HEAD.length + 6,
    });
  });

  it('RFC 9112 §7.1: chunk data followed by CR without LF is BARE_CR at the CR', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}3\r\nabc\rx`))).toEqual({
      code: 'BARE_CR', status: 400, offset: CHUNKED_HEAD.length + 6,
    });
    expect(failure(feed(request(), [`${CHUNKED_HEAD}3\r\nabc\r`, 'x']))).toEqual({
      code: 'BARE_CR', status: 400, offset: CHUNKED_HEAD.length + 6,
    });
  });

  it('RFC 9112 §7.1: an invalid chunk size is 400 INVALID_CHUNK_SIZE at the byte', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}xyz\r\n`))).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400, offset: CHUNKED_HEAD.length });
    expect(failure(feed(request(), `${CHUNKED_HEAD}-1\r\n`))).toEqual({ code: 'INVALID_CHUNK_SIZE', status: 400, offset: CHUNKED_HEAD.length });
  });

  it('RFC 9112 §7.1.1: a malformed chunk extension is 400 INVALID_CHUNK_EXTENSION at the byte', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}3 \r\nabc\r\n`))).toEqual({
      code: 'INVALID_CHUNK_EXTENSION', status: 400, offset: CHUNKED_HEAD.length + 2,
    });
  });

  it('RFC 9112 §7.1: a chunk size beyond 2^53 - 1 is 413 CHUNK_SIZE_TOO_LARGE', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}fffffffffffffff\r\n`))).toMatchObject({ code: 'CHUNK_SIZE_TOO_LARGE', status: 413 });
  });

  it('RFC 9112 §7.1: a chunk size with more significant digits than allowed is 400', () => {
    expect(failure(feed(request({ limits: { maxChunkSizeDigits: 4 } }), `${CHUNKED_HEAD}10000\r\n`))).toEqual({
      code: 'INVALID_CHUNK_SIZE', status: 400, offset: CHUNKED_HEAD.length + 4,
    });
    expect(failure(feed(request({ limits: { maxChunkSizeDigits: 4 } }), `${CHUNKED_HEAD}00010000\r\n`))).toEqual({
      code: 'INVALID_CHUNK_SIZE', status: 400, offset: CHUNKED_HEAD.length + 7,
    });
  });

  it('RFC 9112 §7.1: leading zeros do not count toward maxChunkSizeDigits (chunk-size = 1*HEXDIG)', () => {
    const events = sameAtEverySplit(request, `${CHUNKED_HEAD}000000000000000000000005\r\nhello\r\n00000000000000000000\r\n\r\n`);
    expect(types(events)).toEqual(['head', 'chunk', 'data', 'chunk', 'end']);
    expect(events[1]).toEqual({ type: 'chunk', size: 5, extensions: [] });
    expect(body(events)).toBe('hello');
    expect(types(feed(request({ limits: { maxChunkSizeDigits: 4 } }), `${CHUNKED_HEAD}00001\r\nx\r\n0\r\n\r\n`))).toEqual([
      'head', 'chunk', 'data', 'chunk', 'end',
    ]);
  });

  it('RFC 9112 §7.1: a size that overflows after leading zeros is still 413 CHUNK_SIZE_TOO_LARGE', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}${'0'.repeat(20)}fffffffffffffff\r\n`))).toEqual({
      code: 'CHUNK_SIZE_TOO_LARGE', status: 413, offset: CHUNKED_HEAD.length,
    });
  });

  it('RFC 9112 §7.1: leading zeros past the chunk line\'s length limit (digits + extension bytes) are 413', () => {
    // The line may hold maxChunkSizeDigits + maxChunkExtensionBytes bytes: here 4 + 10.
    const limits = { maxChunkSizeDigits: 4, maxChunkExtensionBytes: 10 };
    expect(types(feed(request({ limits }), `${CHUNKED_HEAD}${'0'.repeat(13)}1\r\nx\r\n0\r\n\r\n`))).toEqual([
      'head', 'chunk', 'data', 'chunk', 'end',
    ]);
    for (const input of [`${CHUNKED_HEAD}${'0'.repeat(14)}1\r\nx\r\n0\r\n\r\n`, chop(`${CHUNKED_HEAD}${'0'.repeat(100)}`, 3)]) {
      expect(failure(feed(request({ limits }), input))).toEqual({ code: 'CHUNK_EXTENSIONS_TOO_LARGE', status: 413, offset: CHUNKED_HEAD.length });
    }
  });

  it('RFC 9112 §7.1.2: an invalid trailer field line is 400', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}0\r\nBad Name: x\r\n\r\n`))).toMatchObject({
      code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: CHUNKED_HEAD.length + 6,
    });
  });

  it('RFC 9112 §7.1.2: a trailer section starting with whitespace is rejected', () => {
    expect(failure(feed(request(), `${CHUNKED_HEAD}0\r\n X: y\r\n\r\n`))).toMatchObject({ status: 400, offset: CHUNKED_HEAD.length + 3 });
  });
});

describe('limits (RFC 9112 §3, RFC 6585 §5, RFC 9110 §15.5.14)', () => {
  it('RFC 9112 §3: a request-line longer than maxStartLineBytes is 414 REQUEST_LINE_TOO_LONG', () => {
    const parser = request({ limits: { maxStartLineBytes: 20 } });
    // "GET /" + 10 + " HTTP/1.1" = 24 bytes.
    expect(failure(feed(parser, `GET /${'a'.repeat(10)} HTTP/1.1\r\nHost: h\r\n\r\n`))).toEqual({
      code: 'REQUEST_LINE_TOO_LONG', status: 414, offset: 0,
    });
  });

  it('RFC 9112 §3: a request-line of exactly maxStartLineBytes is accepted', () => {
    const line = `GET /${'a'.repeat(6)} HTTP/1.1`;
    expect(line.length).toBe(20);
    expect(types(feed(request({ limits: { maxStartLineBytes: 20 } }), `${line}\r\nHost: h\r\n\r\n`))).toEqual(['head', 'end']);
  });

  it('RFC 9112 §3: an over-long request-line is refused before its end arrives', () => {
    const parser = request({ limits: { maxStartLineBytes: 20 } });
    expect(feed(parser, 'GET /aaaaaaaaa')).toEqual([]);
    expect(failure(feed(parser, 'aaaaaaaaaaaaaaaaaaaaa'))).toMatchObject({ code: 'REQUEST_LINE_TOO_LONG', status: 414, offset: 0 });
  });

  it('RFC 9112 §3: a method longer than the whole start-line limit is 501 METHOD_TOO_LONG, whole or byte by byte', () => {
    const limits = { maxStartLineBytes: 5 };
    const input = `ABCDEF / HTTP/1.1\r\nHost: h\r\n\r\n`;
    expect(failure(feed(request({ limits }), input))).toEqual({ code: 'METHOD_TOO_LONG', status: 501, offset: 0 });
    expect(failure(feed(request({ limits }), [...input]))).toEqual({ code: 'METHOD_TOO_LONG', status: 501, offset: 0 });
    // Refused before any SP or LF arrives (a peer may never send one).
    expect(failure(feed(request({ limits }), 'ABCDEF'))).toMatchObject({ code: 'METHOD_TOO_LONG' });
  });

  it('RFC 9112 §3: a method that fits the limit in a line that does not is 414, as is one with a non-token byte', () => {
    const limits = { maxStartLineBytes: 5 };
    // The SP after "ABCDE" is the sixth byte: it is the target that overflows.
    expect(failure(feed(request({ limits }), 'ABCDE / HTTP/1.1\r\n'))).toMatchObject({ code: 'REQUEST_LINE_TOO_LONG', status: 414 });
    expect(failure(feed(request({ limits }), 'AB@DEF / HTTP/1.1\r\n'))).toMatchObject({ code: 'REQUEST_LINE_TOO_LONG', status: 414 });
    // A bare CR among the first maxStartLineBytes + 1 bytes still comes first (RFC 9112 §2.2).
    expect(failure(feed(request({ limits }), 'ABC\rDEF'))).toMatchObject({ code: 'BARE_CR', status: 400, offset: 3 });
  });

  it('RFC 9112 §3: the default start-line limit is 8192 bytes', () => {
    expect(DEFAULT_LIMITS.maxStartLineBytes).toBe(8192);
    const target = `/${'a'.repeat(8192 - 'GET / HTTP/1.1'.length)}`;
    expect(types(feed(request(), `GET ${target} HTTP/1.1\r\nHost: h\r\n\r\n`))).toEqual(['head', 'end']);
    expect(failure(feed(request(), `GET ${target}a HTTP/1.1\r\nHost: h\r\n\r\n`))).toMatchObject({ code: 'REQUEST_LINE_TOO_LONG' });
  });

  it('RFC 6585 §5: a header section over maxHeaderBytes is 431 HEADER_SECTION_TOO_LARGE at the line that overflows', () => {
    // Field lines with their CRLFs count: "Host: h\r\n" is 9 bytes, "X: 12345\r\n" 10.
    const limits = { maxHeaderBytes: 19 };
    expect(types(feed(request({ limits }), 'GET / HTTP/1.1\r\nHost: h\r\nX: 12345\r\n\r\n'))).toEqual(['head', 'end']);
    expect(failure(feed(request({ limits }), 'GET / HTTP/1.1\r\nHost: h\r\nX: 123456\r\n\r\n'))).toEqual({
      code: 'HEADER_SECTION_TOO_LARGE', status: 431, offset: 25,
    });
  });

  it('RFC 6585 §5: an endless field line is refused before its end arrives', () => {
    const parser = request({ limits: { maxHeaderBytes: 100 } });
    feed(parser, 'GET / HTTP/1.1\r\nHost: h\r\nX: ');
    expect(failure(feed(parser, 'a'.repeat(200)))).toMatchObject({ code: 'HEADER_SECTION_TOO_LARGE', status: 431 });
  });

  it('RFC 6585 §5: more field lines than maxFieldCount is 431 TOO_MANY_FIELDS', () => {
    const limits = { maxFieldCount: 3 };
    expect(types(feed(request({ limits }), 'GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n'))).toEqual(['head', 'end']);
    expect(failure(feed(request({ limits }), 'GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n'))).toEqual({
      code: 'TOO_MANY_FIELDS', status: 431, offset: 37,
    });
  });

  it('RFC 9110 §15.5.14: Content-Length over maxBodyBytes is 413 before any body byte is read', () => {
    const parser = request({ limits: { maxBodyBytes: 10 } });
    const events = feed(parser, 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n');
    expect(events.some((e) => e.type === 'data')).toBe(false);
    expect(failure(events)).toMatchObject({ code: 'BODY_TOO_LARGE', status: 413 });
    expect(feed(parser, 'hello world')).toEqual([]);
  });

  it('RFC 9110 §15.5.14: Content-Length equal to maxBodyBytes is accepted', () => {
    expect(body(feed(request({ limits: { maxBodyBytes: 10 } }), 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789'))).toBe('0123456789');
  });

  it('RFC 9110 §15.5.14: a chunked body growing past maxBodyBytes is 413 at the chunk line that passes it', () => {
    const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    const events = feed(request({ limits: { maxBodyBytes: 10 } }), `${head}5\r\nhello\r\n5\r\nworld\r\n1\r\n!\r\n0\r\n\r\n`);
    expect(body(events)).toBe('helloworld');
    expect(failure(events)).toEqual({ code: 'BODY_TOO_LARGE', status: 413, offset: head.length + 20 });
  });

  it('RFC 9110 §15.5.14: a single chunk larger than maxBodyBytes is 413 before its data is read', () => {
    const events = feed(request({ limits: { maxBodyBytes: 10 } }), 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nb\r\nhello world\r\n');
    expect(types(events)).toEqual(['head', 'error']);
    expect(errorOf(events).code).toBe('BODY_TOO_LARGE');
  });

  it('RFC 9112 §7.1.1: chunk extensions beyond maxChunkExtensionBytes in one line are 413', () => {
    const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    const limits = { maxChunkExtensionBytes: 10 };
    expect(types(feed(request({ limits }), `${head}1;aaaaaaaaa\r\nx\r\n0\r\n\r\n`))).toEqual(['head', 'chunk', 'data', 'chunk', 'end']);
    expect(failure(feed(request({ limits }), `${head}1;aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nx\r\n0\r\n\r\n`))).toEqual({
      code: 'CHUNK_EXTENSIONS_TOO_LARGE', status: 413, offset: head.length,
    });
  });

  it('RFC 9112 §7.1.1: chunk extension bytes add up over the message', () => {
    const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    const limits = { maxChunkExtensionBytes: 10 };
    const events = feed(request({ limits }), `${head}1;aaaa\r\nx\r\n1;bbbb\r\ny\r\n1;cccc\r\nz\r\n0\r\n\r\n`);
    expect(failure(events)).toMatchObject({ code: 'CHUNK_EXTENSIONS_TOO_LARGE', status: 413 });
    expect(body(events)).toBe('xy');
  });

  it('RFC 9112 §7.1.1: the extension budget is per message: the next message starts afresh', () => {
    const one = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;aaaaaaa\r\nx\r\n0\r\n\r\n';
    expect(types(feed(request({ limits: { maxChunkExtensionBytes: 10 } }), one + one))).toEqual([
      'head', 'chunk', 'data', 'chunk', 'end', 'head', 'chunk', 'data', 'chunk', 'end',
    ]);
  });

  it('RFC 9112 §7.1.2: a trailer section over maxTrailerBytes is 431 TRAILER_SECTION_TOO_LARGE', () => {
    const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n';
    const limits = { maxTrailerBytes: 20 };
    expect(types(feed(request({ limits }), `${head}A: 1\r\nB: 2\r\n\r\n`))).toEqual(['head', 'chunk', 'trailers', 'end']);
    expect(failure(feed(request({ limits }), `${head}A: 1234567\r\nB: 1234567\r\n\r\n`))).toEqual({
      code: 'TRAILER_SECTION_TOO_LARGE', status: 431, offset: head.length + 12,
    });
  });

  it('RFC 9112 §7.1.2: more trailer fields than maxFieldCount is 431', () => {
    const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n';
    expect(failure(feed(request({ limits: { maxFieldCount: 2 } }), `${head}A: 1\r\nB: 2\r\nC: 3\r\n\r\n`))).toMatchObject({
      code: 'TRAILER_SECTION_TOO_LARGE', status: 431,
    });
  });

  it('RFC 9112 §2.2: empty lines before the request-line count against the start-line limit', () => {
    expect(failure(feed(request({ limits: { maxStartLineBytes: 20 } }), '\r\n'.repeat(11)))).toMatchObject({
      code: 'REQUEST_LINE_TOO_LONG', status: 414,
    });
  });
});

describe('error handling and offsets', () => {
  it('RFC 9112 §2.2: an error offset counts from the connection\'s first byte, across pieces and messages', () => {
    const input = `${GET}GET / HTTP/1.1\r\nHost: h\r\nX: a\u0001\r\n\r\n`;
    const expected = GET.length + 29;
    for (let size = 1; size <= input.length; size++) {
      expect(failure(feed(request(), chop(input, size))), `piece size ${size}`).toMatchObject({
        code: 'INVALID_FIELD_VALUE', offset: expected,
      });
    }
  });

  it('RFC 9112 §2.2: a bare CR in the request-line is BARE_CR at the CR, also when split from its next byte', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\rX\r\nHost: h\r\n\r\n'))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
    expect(failure(feed(request(), ['GET / HTTP/1.1\r', 'X\r\nHost: h\r\n\r\n']))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\r\nHost: h\r\n\r\n'))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
  });

  it('RFC 9112 §2.2: a request-line with a bare CR fails as soon as the byte after the CR arrives, with no LF ever sent', () => {
    // A peer that never sends a LF is answered at once instead of being held until a limit or a timeout.
    expect(failure(feed(request(), 'GET / HTTP/1.1\rHost: localhost\r\r'))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
    expect(failure(feed(request(), ['GET / HTTP/1.1\r', 'H']))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
    expect(failure(feed(request(), ['GE', 'T\0']))).toEqual({ code: 'NUL_BYTE', status: 400, offset: 3 });
    // A CR that ends the input so far may still be the CR of CRLF.
    expect(feed(request(), 'GET / HTTP/1.1\r')).toEqual([]);
  });

  it('RFC 9112 §2.2: a start line\'s first bare CR or NUL is its error, ahead of anything else wrong with it, whole or split', () => {
    // Held in pieces, such a line fails at that byte before the rest of it is known; whole, it must fail there too.
    const cases: [string, string, number][] = [
      ['@GET / HTTP/1.1\rX HTTP/1.1\r\nHost: h\r\n\r\n', 'BARE_CR', 15], // an invalid method before the CR
      ['GET / HTTP/1.1\rX HTTP/1.1\r\nHost: h\r\n\r\n', 'BARE_CR', 14], // three SPs only once the line is whole
      ['GET /a\0b HTTP/1.1\n', 'NUL_BYTE', 6], // a NUL before a bare LF
      ['GET / HTTP/1.1\r\0\n', 'BARE_CR', 14], // a bare CR before a bare LF
      [`GET /${'a'.repeat(40)}\r HTTP/1.1\r\nHost: h\r\n\r\n`, 'BARE_CR', 45], // before the length limit
    ];
    for (const [input, code, offset] of cases) {
      for (let size = 1; size <= input.length; size++) {
        expect(failure(feed(request({ limits: { maxStartLineBytes: 48 } }), chop(input, size))), `${JSON.stringify(input)} in pieces of ${size}`)
          .toEqual({ code, status: 400, offset });
      }
    }
  });

  it('RFC 9112 §2.2: a bare CR in a field line is BARE_CR at the CR, whole or split', () => {
    const input = 'GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n';
    for (let size = 1; size <= input.length; size++) {
      expect(failure(feed(request(), chop(input, size))), `piece size ${size}`).toEqual({ code: 'BARE_CR', status: 400, offset: 29 });
    }
  });

  it('RFC 9112 §2.2: a CR at the end of a field value (CR CR LF) is BARE_CR at the first CR', () => {
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\n\r\r\n'))).toMatchObject({ code: 'BARE_CR', offset: 25 });
    expect(failure(feed(request(), 'GET / HTTP/1.1\r\nHost: h\r\r\n\r\n'))).toMatchObject({ code: 'BARE_CR', offset: 23 });
  });

  it('RFC 9112 §2.2: after an error the parser emits nothing more and keeps the first error', () => {
    const parser = request();
    const events = feed(parser, 'GET / HTTP/1.1\r\nBad Name: x\r\n\r\n');
    const error = errorOf(events);
    expect(parser.error).toBe(error);
    expect(parser.phase).toBe('failed');
    expect(parser.push(bytes(GET))).toEqual([]);
    expect(parser.finish()).toEqual([]);
    expect(parser.resume()).toEqual([]);
    expect(parser.error).toBe(error);
  });

  it('RFC 9112 §2.2: an error in the middle of a pipelined piece stops the events there', () => {
    const events = feed(request(), `${GET}GET / HTTP/1.1\r\nHost: h\r\n\0\r\n\r\n${GET}`);
    expect(types(events)).toEqual(['head', 'end', 'error']);
  });

  it('RFC 9112 §8: finish() in the middle of a head is 400 INCOMPLETE_MESSAGE at the end of the input', () => {
    const parser = request();
    expect(feed(parser, 'GET / HTTP/1.1\r\nHost: h\r\n')).toEqual([]);
    expect(parser.phase).toBe('head');
    const events = feed(parser, [], true);
    expect(failure(events)).toEqual({ code: 'INCOMPLETE_MESSAGE', status: 400, offset: 25 });
    expect(parser.phase).toBe('failed');
  });

  it('RFC 9112 §8: finish() in the middle of a request-line is INCOMPLETE_MESSAGE', () => {
    expect(failure(feed(request(), 'GET / HT', true))).toEqual({ code: 'INCOMPLETE_MESSAGE', status: 400, offset: 8 });
  });

  it('RFC 9112 §8: finish() before a Content-Length body is complete is INCOMPLETE_MESSAGE', () => {
    const events = feed(request(), 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhello', true);
    expect(body(events)).toBe('hello');
    expect(failure(events)).toMatchObject({ code: 'INCOMPLETE_MESSAGE', status: 400 });
  });

  it('RFC 9112 §8: finish() before the last chunk is INCOMPLETE_MESSAGE', () => {
    const chunked = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(failure(feed(request(), `${chunked}5\r\nhello\r\n`, true))).toMatchObject({ code: 'INCOMPLETE_MESSAGE' });
    expect(failure(feed(request(), `${chunked}5\r\nhel`, true))).toMatchObject({ code: 'INCOMPLETE_MESSAGE' });
    expect(failure(feed(request(), `${chunked}0\r\n`, true))).toMatchObject({ code: 'INCOMPLETE_MESSAGE' });
  });

  it('RFC 9112 §8: finish() between messages is clean', () => {
    const parser = request();
    expect(types(feed(parser, GET, true))).toEqual(['head', 'end']);
    expect(parser.error).toBeNull();
    expect(parser.phase).toBe('closed');
  });

  // Empty lines before a request-line are ignored (RFC 9112 §2.2), so a connection that closes after them (e.g.
  // the extra CRLF some clients send after a POST body) closed between messages.
  it('RFC 9112 §2.2: finish() after ignored empty lines is a clean close between messages', () => {
    const parser = request();
    const events = feed(parser, 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi\r\n', true);
    expect(types(events)).toEqual(['head', 'data', 'end']);
    expect(parser.error).toBeNull();
  });

  // Skipped empty lines are not part of the message, but they are part of the stream: a head-level error (here
  // MISSING_HOST, MULTIPLE_HOST) is reported at its line's stream offset, counting them (RFC 9112 §2.2).
  it('RFC 9112 §2.2: a head-level error after skipped empty lines is reported at its line\'s stream offset', () => {
    expect(failure(feed(request(), '\r\n\r\nGET / HTTP/1.1\r\n\r\n'))).toEqual({ code: 'MISSING_HOST', status: 400, offset: 20 });
    expect(failure(feed(request(), '\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'))).toEqual({ code: 'MULTIPLE_HOST', status: 400, offset: 29 });
  });

  it('RFC 9112 §8: finish() on a parser that received nothing is clean', () => {
    const parser = request();
    expect(parser.phase).toBe('idle');
    expect(parser.finish()).toEqual([]);
  });
});

describe('long heads and bodies at every split (RFC 9112 §2.2, §5, §7.1)', () => {
  // Field values long enough for word-at-a-time scanning, names of every length, a chunked body with trailers.
  const fieldsOf = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [
    `X-${'n'.repeat(i % 7)}${i}`,
    `${'v'.repeat(i * 5 % 90)}\t${String.fromCharCode(0x80 + i)} ${i}`.trim(),
  ]);
  const fields = fieldsOf(25);
  const head = `POST /long HTTP/1.1\r\nHost: h\r\n${fields.map(([n, v]) => `${n}:  ${v} \r\n`).join('')}Transfer-Encoding: chunked\r\n\r\n`;
  const chunked = '40\r\n' + 'b'.repeat(64) + '\r\n3;name="q\\"x"\r\nend\r\n0\r\nT1: ' + 't'.repeat(50) + '\r\n\r\n';

  it('RFC 9112 §5: a long head with long values reads the same at every piece size', () => {
    const events = sameAtEverySplit(request, head + chunked + GET, false, 80);
    const parsed = requestHeads(events)[0]!.fields.toArray();
    expect(parsed.slice(1, 26)).toEqual(fields);
    expect(body(events)).toBe(`${'b'.repeat(64)}end`);
    expect(events.find((e) => e.type === 'trailers')).toEqual({ type: 'trailers', trailers: [['T1', 't'.repeat(50)]] });
    expect(types(events).slice(-2)).toEqual(['head', 'end']);
  });

  it('RFC 9110 §5.5: a control byte deep in a long value is found at its stream offset at every piece size', () => {
    const value = `${'a'.repeat(37)}\u0001${'a'.repeat(40)}`;
    const input = `GET / HTTP/1.1\r\nHost: h\r\nLong: ${value}\r\n\r\n`;
    const offset = input.indexOf('\u0001');
    for (let size = 1; size <= input.length; size += 3) {
      expect(failure(feed(request(), chop(input, size))), `piece size ${size}`).toEqual({
        code: 'INVALID_FIELD_VALUE', status: 400, offset,
      });
    }
  });
});

describe('heads that arrive in small pieces (RFC 9112 §2.2, §5)', () => {
  // Field lines that span pieces are checked as they complete and decoded together when the head is complete.
  it('RFC 9112 §6.1: Transfer-Encoding lines are read in order however the head is cut', () => {
    const head = (first: string, second: string) =>
      `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ${first}\r\nX-Pad: ${'p'.repeat(30)}\r\nTransfer-Encoding: ${second}\r\n\r\n`;
    for (let size = 1; size <= 40; size++) {
      expect(failure(feed(request(), chop(head('chunked', 'gzip'), size)))?.code, `size ${size}`).toBe('CHUNKED_NOT_FINAL');
      expect(failure(feed(request(), chop(head('gzip', 'chunked'), size)))?.code, `size ${size}`).toBe('UNSUPPORTED_TRANSFER_CODING');
    }
  });

  it('RFC 9112 §5: one input buffer reused for every piece gives the same head (nothing outlives a push)', () => {
    const input = `GET /x HTTP/1.1\r\nHost: example.com\r\nUser-Agent: ${'u'.repeat(70)}\r\nAccept: */*\r\n\r\n`;
    const expected = requestHeads(feed(request(), input))[0]!.fields.toArray();
    for (const size of [1, 3, 7, 16, 33]) {
      const parser = request();
      const scratch = Buffer.alloc(size);
      const heads = [];
      for (let at = 0; at < input.length; at += size) {
        const piece = input.slice(at, at + size);
        scratch.fill(0x7e);
        scratch.write(piece, 'latin1');
        for (const event of parser.push(scratch.subarray(0, piece.length))) if (event.type === 'head') heads.push(event.head);
      }
      expect(heads.map((h) => h.fields.toArray()), `size ${size}`).toEqual([expected]);
    }
  });

  it('RFC 9112 §2.2, §5: pieces of mixed sizes give the events of the whole input, errors and their offsets included', () => {
    // A piece that continues a cut line is copied whole after it from a few bytes on, and its lines are read in
    // the copy; the head can end inside it (body and the next request follow), and a line it cannot take there
    // (malformed, over a limit, a CR ending the piece) goes the general way from where it starts.
    const pad = (n: number) => 'v'.repeat(n);
    const head = `GET /a HTTP/1.1\r\nHost: example.com\r\nUser-Agent: ${pad(70)}\r\nAccept: ${pad(40)}\r\n`;
    const inputs: [string, ParserOptions?][] = [
      [`${head}Content-Length: 5\r\nX-Last: ${pad(30)}\r\n\r\nhelloGET /b HTTP/1.1\r\nHost: h\r\nX: ${pad(50)}\r\n\r\n`],
      [`${head}X-Bad : ${pad(20)}\r\n\r\n`],
      [`${head}X-Ctl: ${pad(20)}\u0001${pad(20)}\r\n\r\n`],
      [`${head}X-Cr: ${pad(20)}\r${pad(20)}\r\n\r\n`],
      [`${head}X-Nul: ${pad(25)}\u0000\r\n\r\n`],
      [`${head}X-Fold: a\r\n ${pad(30)}\r\n\r\n`],
      [`${head}X-Fold: a\r\n ${pad(30)}\r\nX-After: ${pad(30)}\r\n\r\n`, { lenient: { obsFold: true } }],
      [`${head}A: 1\r\nB: 2\r\nC: ${pad(30)}\r\nD: 4\r\n\r\n`, { limits: { maxFieldCount: 5 } }],
      [`${head}X-Long: ${pad(120)}\r\n\r\n`, { limits: { maxHeaderBytes: 200 } }],
      // A line over the limit that has not ended yet: refused as soon as its held bytes pass the limit.
      [`${head}X-Long: ${pad(150)}`, { limits: { maxHeaderBytes: 200 } }],
      [`${head}X-Bare-Lf: ${pad(30)}\nX-Next: ${pad(30)}\r\n\r\n`],
      [`${head}X-Bare-Lf: ${pad(30)}\nX-Next: ${pad(30)}\n\n`, { lenient: { bareLineFeed: true } }],
    ];
    for (const [input, options] of inputs) {
      const expected = digest(feed(request(options), input));
      for (let seed = 1; seed <= 40; seed++) {
        let state = seed;
        const pieces: string[] = [];
        for (let at = 0; at < input.length; ) {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          const size = 1 + (state % 64);
          pieces.push(input.slice(at, at + size));
          at += size;
        }
        expect(digest(feed(request(options), pieces)), `${JSON.stringify(input.slice(150, 190))} seed ${seed}`).toEqual(expected);
      }
    }
  });

  it('RFC 9112 §2.2: a piece that ends with the CR of a line gives the events of the whole input', () => {
    // Every CR ends a piece: the line is held with only its LF missing, and the next piece (short or long)
    // finishes it; a CR followed by anything else is reported as the whole input reports it.
    const pad = (n: number) => 'w'.repeat(n);
    const atLimit = `GET / HTTP/1.1\r\nHost: h\r\nLong: ${pad(35)}\r\nX: ${pad(16)}\r\n\r\n`;
    const inputs: [string, ParserOptions?][] = [
      [`GET / HTTP/1.1\r\nHost: h\r\nA: ${pad(20)}\r\nB: ${pad(3)}\r\nC: ${pad(40)}\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n`],
      [`GET / HTTP/1.1\r\nHost: h\r\nA: ${pad(20)}\rB: ${pad(30)}\r\n\r\n`],
      [`GET / HTTP/1.1\r\nHost: h\r\nA: ${pad(20)}\r\r\n\r\n`],
      // Field lines exactly at the limit (their bytes and CRLFs: all but the request-line and the empty line),
      // and one byte over it: a held CR is not content, so it must not tip the first over.
      [atLimit, { limits: { maxHeaderBytes: atLimit.length - 18 } }],
      [atLimit, { limits: { maxHeaderBytes: atLimit.length - 19 } }],
    ];
    for (const [input, options] of inputs) {
      const expected = digest(feed(request(options), input));
      for (const tail of [1, 5, 17, 40]) {
        // Cut after every CR, and `tail` bytes after that; a piece never holds two CRs.
        const pieces: string[] = [];
        let from = 0;
        for (let at = 0; at < input.length; at++) {
          if (input[at] !== '\r') continue;
          pieces.push(input.slice(from, at + 1));
          from = at + 1;
          if (from + tail < input.length && !input.slice(from, from + tail).includes('\r')) {
            pieces.push(input.slice(from, from + tail));
            from += tail;
          }
        }
        pieces.push(input.slice(from));
        expect(pieces.join(''), 'the pieces make the input').toBe(input);
        expect(digest(feed(request(options), pieces)), `${JSON.stringify(input.slice(28, 60))} tail ${tail}`).toEqual(expected);
      }
    }
    expect(types(feed(request(inputs[3]![1]), atLimit))).toEqual(['head', 'end']);
    expect(failure(feed(request(inputs[4]![1]), atLimit))?.code).toBe('HEADER_SECTION_TOO_LARGE');
  });

  it('RFC 9112 §5.1: values and names that span pieces keep their exact bytes, obs-text included', () => {
    const value = `a\u00ff b\tc ${'z'.repeat(40)}`;
    const events = sameAtEverySplit(request, `GET / HTTP/1.1\r\nHost: h\r\nX-Some-Long-Name:  ${value}  \r\nY:\r\n\r\n`);
    expect(requestHeads(events)[0]!.fields.toArray()).toEqual([['Host', 'h'], ['X-Some-Long-Name', value], ['Y', '']]);
  });
});

describe('pipelining and incremental input (RFC 9112 §9.3.2)', () => {
  it('RFC 9112 §9.3.2: several pipelined requests in one push are all parsed, in order', () => {
    const input =
      'GET /1 HTTP/1.1\r\nHost: h\r\n\r\n' +
      'POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc' +
      'PUT /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n' +
      'DELETE /4 HTTP/1.1\r\nHost: h\r\n\r\n';
    const events = sameAtEverySplit(request, input);
    expect(requestHeads(events).map((h) => `${h.method} ${h.target}`)).toEqual(['GET /1', 'POST /2', 'PUT /3', 'DELETE /4']);
    expect(types(events)).toEqual([
      'head', 'end', 'head', 'data', 'end', 'head', 'chunk', 'data', 'chunk', 'end', 'head', 'end',
    ]);
  });

  it('RFC 9112 §6.3: data events are views of the pushed bytes, never past the body', () => {
    const parser = new RequestParser();
    const input = bytes('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbodyGET');
    const events = parser.push(input);
    const data = events.find((e) => e.type === 'data');
    expect(data?.type === 'data' && data.data.buffer).toBe(input.buffer);
    expect(data?.type === 'data' && latin1(data.data)).toBe('body');
    expect(parser.phase).toBe('head');
  });

  it('RFC 9112 §6.3: phase follows the message: idle, head, body, idle', () => {
    const parser = request();
    expect(parser.phase).toBe('idle');
    feed(parser, 'POST / HTTP/1.1\r\n');
    expect(parser.phase).toBe('head');
    feed(parser, 'Host: h\r\nContent-Length: 2\r\n\r\na');
    expect(parser.phase).toBe('body');
    feed(parser, 'b');
    expect(parser.phase).toBe('idle');
    expect(parser.bytesReceived).toBe(49);
  });

  it('RFC 9112 §2.2: one buffer object reused for successive pieces is read with its new contents', () => {
    // A caller may read each piece into the same buffer once the previous events are handled.
    const parser = new RequestParser();
    const buffer = new Uint8Array(32);
    const write = (text: string) => {
      buffer.fill(0);
      buffer.set(bytes(text));
      return buffer.subarray(0, text.length);
    };
    const a = parser.push(write('GET /aaaa HTTP/1.1\r\nHost: h\r\n\r\n'));
    const b = parser.push(write('GET /bbbb HTTP/1.1\r\nHost: i\r\n\r\n'));
    const heads = [...a, ...b].filter((e) => e.type === 'head').map((e) => (e as { head: { target: string; authority?: string } }).head);
    expect(heads.map((h) => [h.target, h.authority])).toEqual([['/aaaa', 'h'], ['/bbbb', 'i']]);
  });

  // The decoded-text cache is keyed by buffer identity, so push() drops it: the same Buffer object pushed again
  // with new contents must yield the new method, target and field values.
  it('RFC 9112 §2.2: the same Buffer object reused with new contents is read with its new contents', () => {
    const parser = new RequestParser();
    const buffer = Buffer.from('GET /aaaa HTTP/1.1\r\nHost: h\r\n\r\n', 'latin1');
    const first = parser.push(buffer).filter((e) => e.type === 'head');
    buffer.write('GET /bbbb HTTP/1.1\r\nHost: i\r\n\r\n', 'latin1');
    const second = parser.push(buffer).filter((e) => e.type === 'head');
    const target = (e: (typeof first)[number]) => (e.type === 'head' ? `${e.head.target} ${e.head.authority}` : '');
    expect(first.map(target)).toEqual(['/aaaa h']);
    expect(second.map(target)).toEqual(['/bbbb i']);
  });

  it('RFC 9112 §2.2: the very same Uint8Array object reused with new contents is read with its new contents', () => {
    const parser = new RequestParser();
    const buffer = bytes('GET /aaaa HTTP/1.1\r\nHost: h\r\n\r\n');
    const first = parser.push(buffer).filter((e) => e.type === 'head');
    buffer.set(bytes('GET /bbbb HTTP/1.1\r\nHost: i\r\n\r\n'));
    const second = parser.push(buffer).filter((e) => e.type === 'head');
    const target = (e: (typeof first)[number]) => (e.type === 'head' ? `${e.head.target} ${e.head.authority}` : '');
    expect(first.map(target)).toEqual(['/aaaa h']);
    expect(second.map(target)).toEqual(['/bbbb i']);
  });
});
