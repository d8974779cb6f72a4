// ResponseParser: a client's reading of HTTP/1.1 responses (RFC 9112 §4, §6.3, §9.3; RFC 9110 §15).
import { describe, it, expect } from 'vitest';
import { ResponseParser } from '../../src/parser/response-parser.js';
import { latin1 } from '../../src/wire/latin1.js';
import {
  body, chop, errorOf, failure, feed, response, responseHeads, sameAtEverySplit, types,
} from './support.js';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('status-line (RFC 9112 §4)', () => {
  it('RFC 9112 §4: a status-line gives status, reason and version', () => {
    const events = sameAtEverySplit(response, OK);
    expect(types(events)).toEqual(['head', 'data', 'end']);
    expect(responseHeads(events)[0]).toMatchObject({
      kind: 'response', status: 200, reason: 'OK', version: '1.1', rawVersion: 'HTTP/1.1', requestMethod: 'GET',
      interim: false, keepAlive: true, framing: { kind: 'length', length: 2 },
    });
  });

  it('RFC 9112 §4: the reason phrase may be empty but the SP before it is required', () => {
    expect(responseHeads(feed(response(), 'HTTP/1.1 204 \r\n\r\n'))[0]).toMatchObject({ status: 204, reason: '' });
    expect(failure(feed(response(), 'HTTP/1.1 204\r\n\r\n'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 0 });
  });

  it('RFC 9112 §4: a reason phrase with spaces, HTAB and obs-text is kept as received', () => {
    expect(responseHeads(feed(response(), 'HTTP/1.1 404 Not\tFound \u00e9\r\n\r\n'))[0]!.reason).toBe('Not\tFound \u00e9');
  });

  it('RFC 9110 §15: a status code outside 100-599 is rejected', () => {
    expect(failure(feed(response(), 'HTTP/1.1 600 Nope\r\n\r\n'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
    expect(failure(feed(response(), 'HTTP/1.1 099 Nope\r\n\r\n'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 9 });
  });

  it('RFC 9112 §4: a status code that is not three digits is rejected', () => {
    expect(failure(feed(response(), 'HTTP/1.1 20 OK\r\n\r\n'))).toMatchObject({ code: 'INVALID_STATUS_LINE' });
    expect(failure(feed(response(), 'HTTP/1.1 2000 OK\r\n\r\n'))).toMatchObject({ code: 'INVALID_STATUS_LINE' });
  });

  it('RFC 9112 §2.3: HTTP/1.0 responses are version 1.0; HTTP/1.x is 1.1; HTTP/2.0 is unsupported', () => {
    expect(responseHeads(feed(response(), 'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'))[0]!.version).toBe('1.0');
    expect(responseHeads(feed(response(), 'HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n'))[0]).toMatchObject({
      version: '1.1', rawVersion: 'HTTP/1.2',
    });
    expect(failure(feed(response(), 'HTTP/2.0 200 OK\r\n\r\n'))).toMatchObject({ code: 'UNSUPPORTED_VERSION', offset: 5 });
    expect(failure(feed(response(), 'HTTP/1.1x200 OK\r\n\r\n'))).toMatchObject({ code: 'INVALID_STATUS_LINE', offset: 8 });
  });

  it('RFC 9112 §4: a control byte in the reason phrase is rejected at that byte', () => {
    expect(failure(feed(response(), 'HTTP/1.1 200 O\u0001K\r\n\r\n'))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 14 });
    expect(failure(feed(response(), 'HTTP/1.1 200 O\rK\r\n\r\n'))).toEqual({ code: 'BARE_CR', status: 400, offset: 14 });
  });

  it('RFC 9112 §2.2: an empty line where the status-line belongs is rejected (leading CRLF is skipped only by servers)', () => {
    expect(failure(feed(response(), `\r\n${OK}`))).toEqual({ code: 'INVALID_STATUS_LINE', status: 400, offset: 0 });
  });

  it('RFC 9112 §4: a status-line longer than maxStartLineBytes is STATUS_LINE_TOO_LONG', () => {
    const parser = response([], { limits: { maxStartLineBytes: 20 } });
    expect(failure(feed(parser, `HTTP/1.1 200 ${'x'.repeat(20)}\r\n\r\n`))).toEqual({ code: 'STATUS_LINE_TOO_LONG', status: 400, offset: 0 });
  });

  it('RFC 9112 §2.2: a bare LF after the status-line is BARE_LF by default and a line end when lenient', () => {
    expect(failure(feed(response(), 'HTTP/1.1 200 OK\nContent-Length: 0\n\n'))).toEqual({ code: 'BARE_LF', status: 400, offset: 15 });
    const events = feed(response([], { lenient: { bareLineFeed: true } }), 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok');
    expect(types(events)).toEqual(['head', 'data', 'end']);
  });

  it('RFC 9112 §5.1: the header section of a response is parsed like a request\'s', () => {
    const head = responseHeads(feed(response(), 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n'))[0]!;
    expect(head.fields.getAll('set-cookie')).toEqual(['a=1', 'b=2']);
    expect(failure(feed(response(), 'HTTP/1.1 200 OK\r\nBad : x\r\n\r\n'))).toEqual({ code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 20 });
  });

  it('RFC 9112 §5.2: a user agent replaces obs-fold in a response with SP by default; a proxy may reject it', () => {
    const input = 'HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n';
    expect(responseHeads(feed(response(), input))[0]!.fields.get('x')).toBe('a b');
    expect(failure(feed(response([], { lenient: { obsFold: false } }), input))).toMatchObject({ code: 'OBS_FOLD', offset: 23 });
  });
});

describe('interim responses (RFC 9110 §15.2)', () => {
  it('RFC 9110 §15.2: a 1xx response is interim; the final response to the same request follows', () => {
    const input = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
    const events = sameAtEverySplit(() => response(['POST']), input);
    expect(types(events)).toEqual(['head', 'end', 'head', 'data', 'end']);
    const [interim, final] = responseHeads(events);
    expect(interim).toMatchObject({ status: 100, interim: true, keepAlive: true, requestMethod: 'POST', framing: { kind: 'none' } });
    expect(final).toMatchObject({ status: 200, interim: false, requestMethod: 'POST' });
  });

  it('RFC 9110 §15.2: several interim responses (102, 103 with fields) before the final one', () => {
    const input = 'HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n';
    const events = sameAtEverySplit(() => response(['GET', 'GET']), `${input}${OK}`);
    expect(responseHeads(events).map((h) => [h.status, h.interim])).toEqual([[102, true], [103, true], [204, false], [200, false]]);
    expect(responseHeads(events)[1]!.fields.get('link')).toBe('</s.css>; rel=preload');
  });

  it('RFC 9110 §15.2: interim responses do not consume the queued request method', () => {
    const parser = response(['HEAD', 'GET']);
    const events = feed(parser, 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' + OK);
    expect(responseHeads(events).map((h) => h.requestMethod)).toEqual(['HEAD', 'HEAD', 'GET']);
    expect(types(events)).toEqual(['head', 'end', 'head', 'end', 'head', 'data', 'end']);
  });

  it('RFC 9110 §15.2: an HTTP/1.0-style interim response does not end the connection', () => {
    const events = feed(response(), `HTTP/1.1 100 Continue\r\nConnection: close\r\n\r\n${OK}`);
    expect(responseHeads(events)[0]!.keepAlive).toBe(true);
    expect(types(events)).toEqual(['head', 'end', 'head', 'data', 'end']);
  });
});

describe('protocol switches (RFC 9110 §15.2.2, §9.3.6)', () => {
  it('RFC 9110 §15.2.2: 101 Switching Protocols pauses the parser; takeRemaining returns the new protocol\'s bytes', () => {
    const parser = response(['GET']);
    const tail = '\u0081\u0002hi\r\n\u0000';
    const events = feed(parser, `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n${tail}`);
    expect(types(events)).toEqual(['head', 'end', 'paused:upgrade']);
    expect(responseHeads(events)[0]).toMatchObject({ status: 101, interim: false, framing: { kind: 'none' } });
    expect(parser.phase).toBe('paused');
    expect(feed(parser, 'later')).toEqual([]);
    expect(latin1(parser.takeRemaining())).toBe(`${tail}later`);
    expect(parser.phase).toBe('closed');
  });

  it('RFC 9110 §15.2.2: the 101 pause is at the same byte however the input is split', () => {
    const input = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\nPRI * HTTP/2.0\r\n';
    for (let size = 1; size <= input.length; size++) {
      const parser = response();
      expect(types(feed(parser, chop(input, size))), `piece size ${size}`).toEqual(['head', 'end', 'paused:upgrade']);
      expect(latin1(parser.takeRemaining()), `piece size ${size}`).toBe('PRI * HTTP/2.0\r\n');
    }
  });

  it('RFC 9110 §9.3.6: a 2xx response to CONNECT pauses the parser for the tunnel', () => {
    const parser = response(['CONNECT']);
    const events = feed(parser, 'HTTP/1.1 200 OK\r\n\r\n\u0016\u0003\u0003');
    expect(types(events)).toEqual(['head', 'end', 'paused:connect']);
    expect(latin1(parser.takeRemaining())).toBe('\u0016\u0003\u0003');
  });

  it('RFC 9110 §9.3.6: after a refused CONNECT, resume() parses the next response', () => {
    const parser = response(['CONNECT', 'GET']);
    feed(parser, `HTTP/1.1 200 OK\r\n\r\n${OK}`);
    const resumed = parser.resume();
    expect(resumed.map((e) => e.type)).toEqual(['head', 'data', 'end']);
  });
});

describe('responses to HEAD and the request queue (RFC 9112 §6.3 rule 1, RFC 9110 §9.3.2)', () => {
  it('RFC 9110 §9.3.2: a response to HEAD with Content-Length has no body', () => {
    const parser = response(['HEAD']);
    const events = feed(parser, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
    expect(types(events)).toEqual(['head', 'end']);
    expect(responseHeads(events)[0]).toMatchObject({ requestMethod: 'HEAD', framing: { kind: 'none' } });
    expect(parser.phase).toBe('idle');
  });

  it('RFC 9110 §9.3.2: a response to HEAD with Transfer-Encoding: chunked has no body either', () => {
    expect(types(feed(response(['HEAD']), 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'))).toEqual(['head', 'end']);
  });

  it('RFC 9112 §9.3.2: expectResponseTo queues pipelined HEAD and GET in order', () => {
    const input =
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' + // HEAD: no body
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' + // GET
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' + // HEAD
      'HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope'; // GET
    const events = sameAtEverySplit(() => response(['HEAD', 'GET', 'HEAD', 'GET']), input);
    expect(types(events)).toEqual(['head', 'end', 'head', 'data', 'end', 'head', 'end', 'head', 'data', 'end']);
    expect(responseHeads(events).map((h) => h.requestMethod)).toEqual(['HEAD', 'GET', 'HEAD', 'GET']);
    expect(body(events)).toBe('hellonope');
  });

  it('RFC 9112 §9.3.2: methods queued after parsing began apply to later responses', () => {
    const parser = new ResponseParser();
    parser.expectResponseTo('GET');
    expect(types(feed(parser, OK))).toEqual(['head', 'data', 'end']);
    parser.expectResponseTo('HEAD');
    expect(types(feed(parser, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n'))).toEqual(['head', 'end']);
  });

  it('RFC 9112 §6.3: a response with no method queued is taken as an answer to GET', () => {
    expect(responseHeads(feed(response(), OK))[0]!.requestMethod).toBe('GET');
  });
});

describe('until-close bodies (RFC 9112 §6.3 rule 8)', () => {
  it('RFC 9112 §6.3 rule 8: a body without framing runs until finish(); end follows the last data', () => {
    const parser = response();
    const events = feed(parser, ['HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst', ' second'], true);
    expect(types(events)).toEqual(['head', 'data', 'end']);
    expect(body(events)).toBe('first second');
    expect(responseHeads(events)[0]).toMatchObject({ framing: { kind: 'until-close' }, keepAlive: false });
    expect(parser.error).toBeNull();
  });

  it('RFC 9112 §6.3 rule 8: an until-close response with an empty body ends cleanly at finish()', () => {
    const events = feed(response(), 'HTTP/1.1 200 OK\r\n\r\n', true);
    expect(types(events)).toEqual(['head', 'end']);
  });

  it('RFC 9112 §9.3: an until-close response never keeps the connection, even with keep-alive', () => {
    expect(responseHeads(feed(response(), 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n'))[0]!.keepAlive).toBe(false);
    expect(responseHeads(feed(response(), 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n'))[0]!.keepAlive).toBe(false);
  });

  it('RFC 9110 §15.5.14: an until-close body over maxBodyBytes is 413 at the first byte past the limit', () => {
    const events = feed(response([], { limits: { maxBodyBytes: 5 } }), ['HTTP/1.1 200 OK\r\n\r\nabc', 'def']);
    expect(body(events)).toBe('abcde');
    expect(failure(events)).toEqual({ code: 'BODY_TOO_LARGE', status: 413, offset: 24 });
  });

  it('RFC 9112 §8: finish() inside a Content-Length body is INCOMPLETE_MESSAGE', () => {
    const events = feed(response(), 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', true);
    expect(failure(events)).toEqual({ code: 'INCOMPLETE_MESSAGE', status: 400, offset: 44 });
  });

  it('RFC 9112 §8: finish() inside a response head is INCOMPLETE_MESSAGE', () => {
    expect(failure(feed(response(), 'HTTP/1.1 200 OK\r\nContent-', true))).toMatchObject({ code: 'INCOMPLETE_MESSAGE' });
  });
});

describe('persistence of responses (RFC 9112 §9.3)', () => {
  it('RFC 9112 §9.3: an HTTP/1.1 response persists by default; the next response is parsed', () => {
    const events = feed(response(['GET', 'GET']), OK + OK);
    expect(responseHeads(events).map((h) => h.keepAlive)).toEqual([true, true]);
  });

  it('RFC 9112 §9.6: Connection: close ends the connection; bytes after the response are ignored', () => {
    const parser = response(['GET', 'GET']);
    const events = feed(parser, `HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok${OK}`);
    expect(types(events)).toEqual(['head', 'data', 'end']);
    expect(responseHeads(events)[0]!.keepAlive).toBe(false);
    expect(parser.phase).toBe('closed');
  });

  it('RFC 9112 §9.3: an HTTP/1.0 response does not persist unless it says keep-alive', () => {
    expect(responseHeads(feed(response(), 'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n'))[0]!.keepAlive).toBe(false);
    const events = feed(response(['GET', 'GET']), `HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n${OK}`);
    expect(responseHeads(events).map((h) => h.keepAlive)).toEqual([true, true]);
  });

  it('RFC 9112 §9.3: close wins over keep-alive in a response', () => {
    expect(responseHeads(feed(response(), 'HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n'))[0]!.keepAlive).toBe(false);
  });

  it('RFC 9112 §9.3: a 204 or 304 persists in HTTP/1.1 (no body to read until close)', () => {
    const events = feed(response(['GET', 'GET']), 'HTTP/1.1 304 Not Modified\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
    expect(responseHeads(events).map((h) => h.keepAlive)).toEqual([true, true]);
  });
});

describe('chunked responses (RFC 9112 §7.1)', () => {
  it('RFC 9112 §7.1: a chunked response body is decoded and the next response follows', () => {
    const events = sameAtEverySplit(() => response(['GET', 'GET']),
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1;x\r\nc\r\n0\r\n\r\n${OK}`);
    expect(types(events)).toEqual(['head', 'chunk', 'data', 'chunk', 'data', 'chunk', 'end', 'head', 'data', 'end']);
    expect(body(events)).toBe('abcok');
  });

  it('RFC 9112 §7.1: a response whose last chunk never comes is INCOMPLETE_MESSAGE at finish()', () => {
    const events = feed(response(), 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n', true);
    expect(errorOf(events).code).toBe('INCOMPLETE_MESSAGE');
  });

  it('RFC 9112 §7.1: a malformed chunk line in a response is rejected', () => {
    expect(failure(feed(response(), 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toEqual({
      code: 'INVALID_CHUNK_SIZE', status: 400, offset: 47,
    });
  });
});

describe('one options object for many parsers (resolved once, RFC 9112 §5.2 defaults kept per kind)', () => {
  it('a request parser and a response parser made from the same object keep their own obs-fold defaults', async () => {
    const { RequestParser } = await import('../../src/parser/request-parser.js');
    const shared = { limits: { maxHeaderBytes: 4096 } };
    const folded = new Uint8Array(Buffer.from('HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n', 'latin1'));
    const foldedRequest = new Uint8Array(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n', 'latin1'));
    for (let round = 0; round < 2; round++) {
      // A user agent replaces obs-fold; a server refuses it: the same object must not make them agree.
      expect(new ResponseParser(shared).push(folded).some((e) => e.type === 'error')).toBe(false);
      expect(new RequestParser(shared).push(foldedRequest).find((e) => e.type === 'error')?.type).toBe('error');
      // And the limit of the shared object is in force for both.
      const big = new Uint8Array(Buffer.from(`GET / HTTP/1.1\r\nHost: a\r\nX: ${'a'.repeat(5000)}\r\n\r\n`, 'latin1'));
      const e = new RequestParser(shared).push(big).find((x) => x.type === 'error');
      expect(e?.type === 'error' ? e.error.code : null).toBe('HEADER_SECTION_TOO_LARGE');
    }
  });
});
