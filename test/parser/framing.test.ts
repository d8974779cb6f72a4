// Message body length (RFC 9112 §6.3, rules 1-8) and Transfer-Encoding (RFC 9112 §6.1), decided from the head
// by requestFraming/responseFraming, and applied by the parsers.
import { describe, it, expect } from 'vitest';
import { type FieldLineOffsets, type FramingFields, requestFraming, responseFraming } from '../../src/parser/framing.js';
import { ProtocolError } from '../../src/wire/protocol-error.js';
import {
  body, errorOf, failure, feed, request, requestHeads, response, responseHeads, sameAtEverySplit, types,
} from './support.js';

const fields = (f: Partial<FramingFields> = {}): FramingFields => ({
  version: '1.1', transferEncoding: [], contentLength: [], ...f,
});

const codeOf = (result: unknown) => {
  expect(result).toBeInstanceOf(ProtocolError);
  const e = result as ProtocolError;
  return { code: e.code, status: e.status };
};

const NONE = { kind: 'none' };
const CHUNKED = { kind: 'chunked' };
const UNTIL_CLOSE = { kind: 'until-close' };

describe('requestFraming (RFC 9112 §6.3)', () => {
  it('RFC 9112 §6.3 rule 7: a request with neither Transfer-Encoding nor Content-Length has no body', () => {
    expect(requestFraming(fields())).toEqual(NONE);
    expect(requestFraming(fields({ version: '1.0' }))).toEqual(NONE);
  });

  it('RFC 9112 §6.3 rule 6: a valid Content-Length gives the body length', () => {
    expect(requestFraming(fields({ contentLength: ['42'] }))).toEqual({ kind: 'length', length: 42 });
    expect(requestFraming(fields({ version: '1.0', contentLength: ['7'] }))).toEqual({ kind: 'length', length: 7 });
  });

  it('RFC 9112 §6.3 rule 6: Content-Length: 0 is no body', () => {
    expect(requestFraming(fields({ contentLength: ['0'] }))).toEqual(NONE);
  });

  it('RFC 9110 §8.6: repeated identical Content-Length values are one length', () => {
    expect(requestFraming(fields({ contentLength: ['5', '5'] }))).toEqual({ kind: 'length', length: 5 });
    expect(requestFraming(fields({ contentLength: ['5, 5'] }))).toEqual({ kind: 'length', length: 5 });
  });

  it('RFC 9112 §6.3 rule 5: an invalid Content-Length is 400 INVALID_CONTENT_LENGTH', () => {
    for (const v of ['-1', '+1', '1 2', '0x1', '', 'abc', '99999999999999999999']) {
      expect(codeOf(requestFraming(fields({ contentLength: [v] }))), v).toEqual({ code: 'INVALID_CONTENT_LENGTH', status: 400 });
    }
  });

  it('RFC 9112 §6.3 rule 5: differing Content-Length values are 400 CONFLICTING_CONTENT_LENGTH', () => {
    expect(codeOf(requestFraming(fields({ contentLength: ['5, 6'] })))).toEqual({ code: 'CONFLICTING_CONTENT_LENGTH', status: 400 });
    expect(codeOf(requestFraming(fields({ contentLength: ['5', '6'] })))).toEqual({ code: 'CONFLICTING_CONTENT_LENGTH', status: 400 });
  });

  it('RFC 9112 §6.3 rule 4: Transfer-Encoding with chunked as the final coding is chunked', () => {
    expect(requestFraming(fields({ transferEncoding: ['chunked'] }))).toEqual(CHUNKED);
    expect(requestFraming(fields({ transferEncoding: ['CHUNKED'] }))).toEqual(CHUNKED);
    expect(requestFraming(fields({ transferEncoding: [', chunked ,'] }))).toEqual(CHUNKED);
  });

  it('RFC 9112 §6.3 rule 4: a request whose final coding is not chunked is 400 CHUNKED_NOT_FINAL', () => {
    expect(codeOf(requestFraming(fields({ transferEncoding: ['gzip'] })))).toEqual({ code: 'CHUNKED_NOT_FINAL', status: 400 });
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked, gzip'] })))).toEqual({ code: 'CHUNKED_NOT_FINAL', status: 400 });
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked', 'gzip'] })))).toEqual({ code: 'CHUNKED_NOT_FINAL', status: 400 });
  });

  it('RFC 9112 §6.3 rule 3: Transfer-Encoding with Content-Length is 400 TRANSFER_ENCODING_WITH_CONTENT_LENGTH', () => {
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked'], contentLength: ['5'] })))).toEqual({
      code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', status: 400,
    });
    // Whatever the Content-Length says, even when it is itself invalid.
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked'], contentLength: ['x'] })))).toEqual({
      code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', status: 400,
    });
  });

  it('RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request is 400 TRANSFER_ENCODING_IN_HTTP10', () => {
    expect(codeOf(requestFraming(fields({ version: '1.0', transferEncoding: ['chunked'] })))).toEqual({
      code: 'TRANSFER_ENCODING_IN_HTTP10', status: 400,
    });
    expect(codeOf(requestFraming(fields({ version: '1.0', transferEncoding: ['chunked'], contentLength: ['5'] })))).toEqual({
      code: 'TRANSFER_ENCODING_IN_HTTP10', status: 400,
    });
  });

  it('RFC 9112 §6.1: a coding the server does not implement is 501 UNSUPPORTED_TRANSFER_CODING', () => {
    expect(codeOf(requestFraming(fields({ transferEncoding: ['gzip, chunked'] })))).toEqual({ code: 'UNSUPPORTED_TRANSFER_CODING', status: 501 });
    expect(codeOf(requestFraming(fields({ transferEncoding: ['x-custom', 'chunked'] })))).toEqual({ code: 'UNSUPPORTED_TRANSFER_CODING', status: 501 });
  });

  it('RFC 9112 §6.1: chunked applied twice is 400 CHUNKED_APPLIED_TWICE', () => {
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked, chunked'] })))).toEqual({ code: 'CHUNKED_APPLIED_TWICE', status: 400 });
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked', 'chunked'] })))).toEqual({ code: 'CHUNKED_APPLIED_TWICE', status: 400 });
  });

  it('RFC 9112 §7.1: chunked takes no parameters; a malformed or empty Transfer-Encoding is 400', () => {
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked;q=1'] })))).toEqual({ code: 'INVALID_TRANSFER_ENCODING', status: 400 });
    expect(codeOf(requestFraming(fields({ transferEncoding: ['chunked gzip'] })))).toEqual({ code: 'INVALID_TRANSFER_ENCODING', status: 400 });
    expect(codeOf(requestFraming(fields({ transferEncoding: [''] })))).toEqual({ code: 'INVALID_TRANSFER_ENCODING', status: 400 });
    expect(codeOf(requestFraming(fields({ transferEncoding: [' , '] })))).toEqual({ code: 'INVALID_TRANSFER_ENCODING', status: 400 });
  });
});

// Where the errors point, given where each value's line starts: here line k of a field starts at its base + k.
describe('requestFraming and responseFraming: each error at the field line that causes it (RFC 9112 §6.1, §6.3)', () => {
  const BASE = { 'host': 100, 'content-length': 200, 'transfer-encoding': 300 } as const;
  const lines: FieldLineOffsets = { lineOf: (field, index) => BASE[field] + index };
  const offsetOf = (result: unknown) => {
    expect(result).toBeInstanceOf(ProtocolError);
    return (result as ProtocolError).offset;
  };
  const request = (f: Partial<FramingFields>) => offsetOf(requestFraming(fields({ ...f, lines })));

  it('RFC 9112 §6.1: Transfer-Encoding with Content-Length points at the first line of whichever came second', () => {
    expect(request({ transferEncoding: ['chunked'], contentLength: ['5'] })).toBe(300);
    const later: FieldLineOffsets = { lineOf: (field, index) => (field === 'content-length' ? 400 : 300) + index };
    expect(offsetOf(requestFraming(fields({ transferEncoding: ['chunked'], contentLength: ['5', '5'], lines: later })))).toBe(400);
    expect(offsetOf(responseFraming(fields({ transferEncoding: ['chunked'], contentLength: ['5'], lines }), 200, 'GET'))).toBe(300);
  });

  it('RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 points at the first Transfer-Encoding line', () => {
    expect(request({ version: '1.0', transferEncoding: ['gzip', 'chunked'] })).toBe(300);
  });

  it('RFC 9110 §8.6, RFC 9112 §6.3: a Content-Length error points at the line of the first value at fault', () => {
    expect(request({ contentLength: ['5', '5', '6'] })).toBe(202);
    expect(request({ contentLength: ['5', 'x'] })).toBe(201);
    expect(offsetOf(responseFraming(fields({ contentLength: ['1', '2'], lines }), 200, 'GET'))).toBe(201);
  });

  it('RFC 9112 §6.1, §6.3: a Transfer-Encoding error points at the line holding the coding at fault', () => {
    expect(request({ transferEncoding: ['chunked', 'gzip'] })).toBe(301); // the final coding, not chunked
    expect(request({ transferEncoding: ['gzip, x', 'chunked'] })).toBe(300); // the first coding not implemented
    expect(request({ transferEncoding: ['chunked', '', 'chunked'] })).toBe(302); // the second chunked
    expect(request({ transferEncoding: ['gzip', 'chunked;a=1'] })).toBe(301); // chunked with parameters
    expect(request({ transferEncoding: ['gzip', 'x y'] })).toBe(301); // not a list of codings
    expect(request({ transferEncoding: [',', ''] })).toBe(300); // no coding at all
  });

  it('RFC 9112 §6.3: without line offsets, errors have offset 0', () => {
    expect(offsetOf(requestFraming(fields({ contentLength: ['5', '6'] })))).toBe(0);
    expect(offsetOf(requestFraming(fields({ transferEncoding: ['chunked', 'gzip'] })))).toBe(0);
  });
});

describe('responseFraming (RFC 9112 §6.3)', () => {
  const withBodyFields = fields({ contentLength: ['10'] });
  const chunkedFields = fields({ transferEncoding: ['chunked'] });

  it('RFC 9112 §6.3 rule 1: a response to HEAD has no body, whatever its fields say', () => {
    expect(responseFraming(withBodyFields, 200, 'HEAD')).toEqual(NONE);
    expect(responseFraming(chunkedFields, 200, 'HEAD')).toEqual(NONE);
    expect(responseFraming(fields(), 200, 'HEAD')).toEqual(NONE);
    expect(responseFraming(fields({ contentLength: ['x'] }), 200, 'HEAD')).toEqual(NONE);
  });

  it('RFC 9112 §6.3 rule 1: 1xx, 204 and 304 responses have no body, whatever their fields say', () => {
    for (const status of [100, 101, 102, 103, 199, 204, 304]) {
      expect(responseFraming(withBodyFields, status, 'GET'), String(status)).toEqual(NONE);
      expect(responseFraming(chunkedFields, status, 'GET'), String(status)).toEqual(NONE);
      expect(responseFraming(fields(), status, 'GET'), String(status)).toEqual(NONE);
    }
  });

  it('RFC 9112 §6.3 rule 2: a 2xx response to CONNECT has no body (the connection becomes a tunnel)', () => {
    for (const status of [200, 201, 299]) {
      expect(responseFraming(withBodyFields, status, 'CONNECT'), String(status)).toEqual(NONE);
      expect(responseFraming(chunkedFields, status, 'CONNECT'), String(status)).toEqual(NONE);
    }
  });

  it('RFC 9112 §6.3 rule 2: a non-2xx response to CONNECT is framed as usual', () => {
    expect(responseFraming(withBodyFields, 407, 'CONNECT')).toEqual({ kind: 'length', length: 10 });
    expect(responseFraming(fields(), 502, 'CONNECT')).toEqual(UNTIL_CLOSE);
  });

  it('RFC 9112 §6.3 rule 3: Transfer-Encoding with Content-Length in a response is rejected', () => {
    expect(codeOf(responseFraming(fields({ transferEncoding: ['chunked'], contentLength: ['5'] }), 200, 'GET'))).toEqual({
      code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', status: 400,
    });
  });

  it('RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 response is faulty framing', () => {
    expect(codeOf(responseFraming(fields({ version: '1.0', transferEncoding: ['chunked'] }), 200, 'GET'))).toEqual({
      code: 'TRANSFER_ENCODING_IN_HTTP10', status: 400,
    });
  });

  it('RFC 9112 §6.3 rule 4: chunked as the final coding is chunked (other codings left to the application)', () => {
    expect(responseFraming(chunkedFields, 200, 'GET')).toEqual(CHUNKED);
    expect(responseFraming(fields({ transferEncoding: ['gzip, chunked'] }), 200, 'GET')).toEqual(CHUNKED);
    expect(responseFraming(fields({ transferEncoding: ['x-unknown', 'chunked'] }), 200, 'GET')).toEqual(CHUNKED);
  });

  it('RFC 9112 §6.3 rule 4: a response whose final coding is not chunked is read until the connection closes', () => {
    expect(responseFraming(fields({ transferEncoding: ['gzip'] }), 200, 'GET')).toEqual(UNTIL_CLOSE);
    expect(responseFraming(fields({ transferEncoding: ['chunked, gzip'] }), 200, 'GET')).toEqual(UNTIL_CLOSE);
  });

  it('RFC 9112 §6.1: chunked twice in a response is 400 CHUNKED_APPLIED_TWICE', () => {
    expect(codeOf(responseFraming(fields({ transferEncoding: ['chunked, chunked'] }), 200, 'GET'))).toEqual({
      code: 'CHUNKED_APPLIED_TWICE', status: 400,
    });
  });

  it('RFC 9112 §6.3 rule 5: an invalid Content-Length in a response is an error', () => {
    expect(codeOf(responseFraming(fields({ contentLength: ['-1'] }), 200, 'GET'))).toEqual({ code: 'INVALID_CONTENT_LENGTH', status: 400 });
    expect(codeOf(responseFraming(fields({ contentLength: ['1', '2'] }), 200, 'GET'))).toEqual({ code: 'CONFLICTING_CONTENT_LENGTH', status: 400 });
  });

  it('RFC 9112 §6.3 rule 6: a valid Content-Length gives the length', () => {
    expect(responseFraming(withBodyFields, 200, 'GET')).toEqual({ kind: 'length', length: 10 });
    expect(responseFraming(fields({ contentLength: ['0'] }), 200, 'GET')).toEqual(NONE);
    expect(responseFraming(withBodyFields, 404, 'POST')).toEqual({ kind: 'length', length: 10 });
  });

  it('RFC 9112 §6.3 rule 8: a response without framing fields is read until the connection closes', () => {
    expect(responseFraming(fields(), 200, 'GET')).toEqual(UNTIL_CLOSE);
    expect(responseFraming(fields({ version: '1.0' }), 200, 'GET')).toEqual(UNTIL_CLOSE);
    expect(responseFraming(fields(), 500, 'POST')).toEqual(UNTIL_CLOSE);
  });
});

describe('framing applied by RequestParser (RFC 9112 §6.3)', () => {
  const head = (extra: string, version = '1.1') => `POST /p HTTP/${version}\r\nHost: h\r\n${extra}\r\n`;

  it('RFC 9112 §6.3 rule 7: a request without framing fields ends with its head; the next request follows', () => {
    const events = sameAtEverySplit(request, `${head('')}GET /2 HTTP/1.1\r\nHost: h\r\n\r\n`);
    expect(types(events)).toEqual(['head', 'end', 'head', 'end']);
    expect(requestHeads(events)[0]!.framing).toEqual(NONE);
  });

  it('RFC 9112 §6.3 rule 6: Content-Length delimits the body exactly; what follows is the next request', () => {
    const events = sameAtEverySplit(request, `${head('Content-Length: 5\r\n')}helloGET /2 HTTP/1.1\r\nHost: h\r\n\r\n`);
    expect(types(events)).toEqual(['head', 'data', 'end', 'head', 'end']);
    expect(body(events)).toBe('hello');
    expect(requestHeads(events)[0]!.framing).toEqual({ kind: 'length', length: 5 });
  });

  it('RFC 9112 §6.3 rule 4: a chunked request body is decoded', () => {
    const events = sameAtEverySplit(request, `${head('Transfer-Encoding: chunked\r\n')}5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n`);
    expect(types(events)).toEqual(['head', 'chunk', 'data', 'chunk', 'data', 'chunk', 'end']);
    expect(body(events)).toBe('hello world');
  });

  it('RFC 9112 §6.3 rule 4: a request whose final coding is not chunked is 400 CHUNKED_NOT_FINAL', () => {
    expect(failure(feed(request(), head('Transfer-Encoding: gzip\r\n')))).toEqual({ code: 'CHUNKED_NOT_FINAL', status: 400, offset: 27 });
    expect(failure(feed(request(), head('Transfer-Encoding: chunked, gzip\r\n')))).toMatchObject({ code: 'CHUNKED_NOT_FINAL', status: 400 });
  });

  it('RFC 9112 §6.3 rule 3: a request with Transfer-Encoding and Content-Length is 400, no head emitted', () => {
    const events = feed(request(), `${head('Transfer-Encoding: chunked\r\nContent-Length: 5\r\n')}0\r\n\r\n`);
    expect(types(events)).toEqual(['error']);
    expect(failure(events)).toEqual({ code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', status: 400, offset: 55 });
  });

  it('RFC 9112 §6.3 rule 3: the order of Transfer-Encoding and Content-Length does not matter', () => {
    expect(failure(feed(request(), head('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n')))).toMatchObject({
      code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH',
    });
  });

  it('RFC 9112 §6.1: an unknown transfer coding is 501', () => {
    expect(failure(feed(request(), head('Transfer-Encoding: gzip, chunked\r\n')))).toMatchObject({ code: 'UNSUPPORTED_TRANSFER_CODING', status: 501 });
    expect(failure(feed(request(), head('Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n')))).toMatchObject({
      code: 'UNSUPPORTED_TRANSFER_CODING', status: 501,
    });
  });

  it('RFC 9112 §6.1: chunked twice is 400 CHUNKED_APPLIED_TWICE', () => {
    expect(failure(feed(request(), head('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n')))).toMatchObject({
      code: 'CHUNKED_APPLIED_TWICE', status: 400,
    });
  });

  it('RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request is 400', () => {
    expect(failure(feed(request(), head('Transfer-Encoding: chunked\r\n', '1.0')))).toMatchObject({
      code: 'TRANSFER_ENCODING_IN_HTTP10', status: 400,
    });
  });

  it('RFC 9112 §6.3 rule 5: an invalid Content-Length is 400 and nothing is read as body', () => {
    for (const v of ['-5', '+5', '5 5', '0x5', '', '5a']) {
      const events = feed(request(), `${head(`Content-Length: ${v}\r\n`)}hello`);
      expect(types(events), v).toEqual(['error']);
      expect(errorOf(events).code, v).toBe('INVALID_CONTENT_LENGTH');
    }
  });

  it('RFC 9110 §8.6: "Content-Length: 5, 5" and two equal lines are accepted; "5, 6" conflicts', () => {
    expect(body(feed(request(), `${head('Content-Length: 5, 5\r\n')}hello`))).toBe('hello');
    expect(body(feed(request(), `${head('Content-Length: 5\r\nContent-Length: 5\r\n')}hello`))).toBe('hello');
    expect(failure(feed(request(), head('Content-Length: 5, 6\r\n')))).toMatchObject({ code: 'CONFLICTING_CONTENT_LENGTH', status: 400 });
    expect(failure(feed(request(), head('Content-Length: 5\r\nContent-Length: 6\r\n')))).toMatchObject({ code: 'CONFLICTING_CONTENT_LENGTH' });
  });

  it('RFC 9110 §5.1: framing field names are matched case-insensitively', () => {
    expect(body(feed(request(), `${head('content-LENGTH: 2\r\n')}ok`))).toBe('ok');
    expect(body(feed(request(), `${head('TRANSFER-encoding: Chunked\r\n')}2\r\nok\r\n0\r\n\r\n`))).toBe('ok');
  });

  it('RFC 9112 §6.3: a head-level framing error in a second message is reported at its field line\'s stream offset', () => {
    const first = 'GET / HTTP/1.1\r\nHost: h\r\n\r\n';
    const events = feed(request(), `${first}${head('Content-Length: x\r\n')}`);
    expect(types(events)).toEqual(['head', 'end', 'error']);
    expect(errorOf(events).offset).toBe(first.length + head('').length - 2);
  });
});

describe('framing applied by ResponseParser (RFC 9112 §6.3)', () => {
  it('RFC 9112 §6.3 rule 1: a response to HEAD with Content-Length has no body; the next response follows at once', () => {
    const events = sameAtEverySplit(() => response(['HEAD', 'GET']),
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    expect(types(events)).toEqual(['head', 'end', 'head', 'data', 'end']);
    expect(responseHeads(events)[0]!.framing).toEqual(NONE);
    expect(body(events)).toBe('ok');
  });

  it('RFC 9112 §6.3 rule 1: 204 and 304 responses with Content-Length or chunked have no body', () => {
    const input = 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n' +
      'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx';
    const events = sameAtEverySplit(() => response(['GET', 'GET', 'GET']), input);
    expect(types(events)).toEqual(['head', 'end', 'head', 'end', 'head', 'data', 'end']);
    expect(responseHeads(events).map((h) => h.status)).toEqual([204, 304, 200]);
  });

  it('RFC 9112 §6.3 rule 1: a 1xx response has no body, even with Content-Length', () => {
    const events = feed(response(), 'HTTP/1.1 100 Continue\r\nContent-Length: 3\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc');
    expect(types(events)).toEqual(['head', 'end', 'head', 'data', 'end']);
    expect(body(events)).toBe('abc');
  });

  it('RFC 9112 §6.3 rule 2: a 2xx response to CONNECT has no body and pauses the parser', () => {
    const parser = response(['CONNECT']);
    const events = feed(parser, 'HTTP/1.1 200 Connection Established\r\nContent-Length: 5\r\n\r\n\u0016\u0003\u0001tls');
    expect(types(events)).toEqual(['head', 'end', 'paused:connect']);
    expect(new TextDecoder('latin1').decode(parser.takeRemaining())).toBe('\u0016\u0003\u0001tls');
  });

  it('RFC 9112 §6.3 rule 2: a non-2xx response to CONNECT has its body and does not pause', () => {
    const events = feed(response(['CONNECT']), 'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 4\r\n\r\ndeny');
    expect(types(events)).toEqual(['head', 'data', 'end']);
  });

  it('RFC 9112 §6.3 rule 3: a response with Transfer-Encoding and Content-Length is an error', () => {
    expect(failure(feed(response(), 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n'))).toMatchObject({
      code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH',
    });
  });

  it('RFC 9112 §6.3 rule 4: a chunked response is decoded, trailers included', () => {
    const events = sameAtEverySplit(response,
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nExpires: never\r\n\r\n');
    expect(types(events)).toEqual(['head', 'chunk', 'data', 'chunk', 'trailers', 'end']);
    expect(events[1]).toEqual({ type: 'chunk', size: 3, extensions: [{ name: 'x', value: 'y' }] });
    expect(events[4]).toEqual({ type: 'trailers', trailers: [['Expires', 'never']] });
  });

  it('RFC 9112 §6.3 rule 4: a response whose final coding is not chunked is read until close', () => {
    const parser = response();
    const events = feed(parser, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nabc', 'def'], true);
    expect(types(events)).toEqual(['head', 'data', 'end']);
    expect(body(events)).toBe('abcdef');
    expect(responseHeads(events)[0]!.keepAlive).toBe(false);
  });

  it('RFC 9112 §6.3 rule 5: an invalid Content-Length in a response is an error', () => {
    expect(failure(feed(response(), 'HTTP/1.1 200 OK\r\nContent-Length: 1,2\r\n\r\n'))).toMatchObject({ code: 'CONFLICTING_CONTENT_LENGTH' });
    expect(failure(feed(response(), 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n'))).toMatchObject({ code: 'INVALID_CONTENT_LENGTH' });
  });

  it('RFC 9112 §6.3 rule 8: a response without framing is read until close and finish() ends it', () => {
    const parser = response();
    const first = feed(parser, ['HTTP/1.1 200 OK\r\n\r\nsome', ' body']);
    expect(types(first)).toEqual(['head', 'data']);
    expect(body(first)).toBe('some body');
    expect(responseHeads(first)[0]!.framing).toEqual(UNTIL_CLOSE);
    expect(parser.phase).toBe('body');
    expect(types(feed(parser, [], true))).toEqual(['end']);
    expect(parser.phase).toBe('closed');
  });

  it('RFC 9112 §6.3 rule 8: bytes that look like another response are body of an until-close response', () => {
    const events = feed(response(), 'HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 200 OK\r\n\r\n', true);
    expect(types(events)).toEqual(['head', 'data', 'end']);
    expect(body(events)).toBe('HTTP/1.1 200 OK\r\n\r\n');
  });

  it('RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 response is an error', () => {
    expect(failure(feed(response(), 'HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'))).toMatchObject({
      code: 'TRANSFER_ENCODING_IN_HTTP10',
    });
  });
});

describe('framing fields that two parsers could read differently (RFC 9112 §6.1, §6.3, §11.2)', () => {
  const req = (fieldLines: string) => `POST / HTTP/1.1\r\nHost: h\r\n${fieldLines}\r\n`;

  it('RFC 9112 §5.1: "Transfer-Encoding : chunked" (space before colon) is rejected, not ignored', () => {
    expect(failure(feed(request(), req('Transfer-Encoding : chunked\r\nContent-Length: 3\r\n')))).toMatchObject({
      code: 'WHITESPACE_BEFORE_COLON', status: 400, offset: 43,
    });
  });

  it('RFC 9112 §6.3 rule 4: a coding name that merely contains "chunked" is not chunked', () => {
    expect(failure(feed(request(), req('Transfer-Encoding: xchunked\r\n')))).toMatchObject({ code: 'CHUNKED_NOT_FINAL', status: 400 });
    expect(failure(feed(request(), req('Transfer-Encoding: chunked-false\r\n')))).toMatchObject({ code: 'CHUNKED_NOT_FINAL', status: 400 });
  });

  it('RFC 9110 §5.5: a control byte hiding in Transfer-Encoding or Content-Length is rejected at that byte', () => {
    expect(failure(feed(request(), req('Transfer-Encoding: \u000bchunked\r\n')))).toEqual({ code: 'INVALID_FIELD_VALUE', status: 400, offset: 45 });
    expect(failure(feed(request(), req('Content-Length: 3\u000c\r\n')))).toEqual({ code: 'INVALID_FIELD_VALUE', status: 400, offset: 43 });
  });

  it('RFC 9112 §6.3 rule 3: Transfer-Encoding and Content-Length are rejected even when TE comes in a second line', () => {
    expect(failure(feed(request(), req('Content-Length: 0\r\nTransfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n')))).toMatchObject({
      code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH',
    });
  });

  it('RFC 9112 §7.1: a chunk size with a sign, a prefix or trailing whitespace is rejected', () => {
    const head = req('Transfer-Encoding: chunked\r\n');
    for (const line of ['+5', '0x5', '5 ', ' 5', '5\t']) {
      expect(errorOf(feed(request(), `${head}${line}\r\nhello\r\n0\r\n\r\n`)).status, JSON.stringify(line)).toBe(400);
    }
  });

  it('RFC 9112 §7.1: a chunk size that overflows 64 bits is not wrapped to a small number', () => {
    const head = req('Transfer-Encoding: chunked\r\n');
    // 17 digits: the overflow past 2^53 - 1 is seen (at the 14th digit) before the 16-digit limit.
    expect(failure(feed(request(), `${head}10000000000000005\r\nhello\r\n0\r\n\r\n`))).toMatchObject({
      code: 'CHUNK_SIZE_TOO_LARGE', status: 413,
    });
    expect(failure(feed(request({ limits: { maxChunkSizeDigits: 32 } }), `${head}10000000000000005\r\nhello\r\n`))).toMatchObject({
      code: 'CHUNK_SIZE_TOO_LARGE', status: 413,
    });
  });

  it('RFC 9110 §8.6: a Content-Length that overflows 64 bits is not wrapped to a small number', () => {
    expect(failure(feed(request(), `${req('Content-Length: 18446744073709551621\r\n')}hello`))).toMatchObject({
      code: 'INVALID_CONTENT_LENGTH', status: 400,
    });
  });

  it('RFC 9112 §6.3 rule 3: obs-fold cannot be used to hide a second framing field (strict default rejects the fold)', () => {
    expect(failure(feed(request(), req('Content-Length: 3\r\nX: y\r\n Transfer-Encoding: chunked\r\n')))).toMatchObject({ code: 'OBS_FOLD' });
  });
});
