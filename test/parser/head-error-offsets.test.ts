// Errors about a head as a whole — Host (RFC 9112 §3.2) and framing (RFC 9112 §6.1, §6.3; RFC 9110 §8.6) — are
// decided when the head is complete, yet point at the field line that causes them: the line holding the value at
// fault, the later of two lines that must not stand together, or the empty line for a field that is missing
// (docs/design.md, "Where a head's errors point"). The offset is a stream offset, the same however the input is
// cut and whichever way the head reader read the line (fast paths or the general way).
import { describe, expect, it } from 'vitest';
import { GENERAL_WAY_ONLY } from '../../src/parser/head-reader.js';
import type { ParserOptions } from '../../src/parser/options.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { ResponseParser } from '../../src/parser/response-parser.js';
import { digest, feed, sameAtEverySplit, types } from './support.js';

type Make = () => RequestParser | ResponseParser;

const GENERAL = { [GENERAL_WAY_ONLY]: true } as ParserOptions;
const requestWays: Make[] = [() => new RequestParser(), () => new RequestParser(GENERAL)];
const responseWays: Make[] = [() => new ResponseParser(), () => new ResponseParser(GENERAL)];

/** Where `marker` starts in `input` (it must stand there once). */
function at(input: string, marker: string): number {
  const offset = input.indexOf(marker);
  expect(offset, marker).toBeGreaterThanOrEqual(0);
  expect(input.indexOf(marker, offset + 1), `${marker} stands once`).toBe(-1);
  return offset;
}

/**
 * The input's last event is the error `code` at `offset`, the same whole, at every piece size and both ways; with
 * the whole input's events before it.
 */
function expectError(ways: Make[], input: string, code: string, offset: number): void {
  for (const make of ways) {
    const events = sameAtEverySplit(make, input);
    expect(digest(events).at(-1)).toEqual({ error: code, offset });
    expect(digest(events)).toEqual(digest(feed(ways[0]!(), input)));
  }
}

// A request's head, with the given field lines.
const post = (...lines: string[]) => `POST /p HTTP/1.1\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;
const FIRST = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';

describe('Host errors point at their line (RFC 9112 §3.2)', () => {
  it('RFC 9112 §3.2: MISSING_HOST points at the empty line that ends the head', () => {
    const input = 'GET / HTTP/1.1\r\nAccept: */*\r\nX-Long: 0123456789abcdef0123456789\r\n\r\n';
    expectError(requestWays, input, 'MISSING_HOST', input.length - 2);
    // In a second pipelined request, after skipped empty lines: still a stream offset.
    const second = `${FIRST}\r\n\r\nGET /2 HTTP/1.1\r\nAccept: */*\r\n\r\n`;
    expectError(requestWays, second, 'MISSING_HOST', second.length - 2);
  });

  it('RFC 9112 §3.2: MULTIPLE_HOST points at the second Host line, not a third', () => {
    const input = 'GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nhOST: a\r\nHost: c\r\n\r\n';
    expectError(requestWays, input, 'MULTIPLE_HOST', at(input, 'hOST: a'));
    const http10 = `${FIRST}GET /2 HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n`;
    expectError(requestWays, http10, 'MULTIPLE_HOST', at(http10, 'Host: b'));
  });

  it('RFC 9112 §3.2: INVALID_HOST points at the Host line', () => {
    const input = 'GET / HTTP/1.1\r\nAccept: */*\r\nHost:  a b \r\nX: y\r\n\r\n';
    expectError(requestWays, input, 'INVALID_HOST', at(input, 'Host:'));
  });
});

describe('framing errors point at their line (RFC 9112 §6.1, §6.3; RFC 9110 §8.6)', () => {
  it('RFC 9112 §6.1: TRANSFER_ENCODING_WITH_CONTENT_LENGTH points at the first line of whichever of the two came second', () => {
    const teFirst = post('Host: h', 'Transfer-Encoding: chunked', 'X: 1', 'Content-Length: 5', 'Content-Length: 5');
    expectError(requestWays, teFirst, 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', at(teFirst, 'Content-Length: 5\r\nC'));
    const clFirst = post('Content-Length: 5', 'Host: h', 'Transfer-Encoding: gzip', 'Transfer-Encoding: chunked');
    expectError(requestWays, clFirst, 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', at(clFirst, 'Transfer-Encoding: gzip'));
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    expectError(responseWays, response, 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', at(response, 'Transfer-Encoding'));
  });

  it('RFC 9110 §8.6: CONFLICTING_CONTENT_LENGTH points at the line of the first value that differs', () => {
    const lines = post('Host: h', 'Content-Length: 5', 'Content-Length: 5, 5', 'Content-Length: 6', 'Content-Length: 7');
    expectError(requestWays, lines, 'CONFLICTING_CONTENT_LENGTH', at(lines, 'Content-Length: 6'));
    const list = post('Host: h', 'Content-Length: 5', 'Content-Length: 5, 6');
    expectError(requestWays, list, 'CONFLICTING_CONTENT_LENGTH', at(list, 'Content-Length: 5, 6'));
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n';
    expectError(responseWays, response, 'CONFLICTING_CONTENT_LENGTH', at(response, 'Content-Length: 2'));
  });

  it('RFC 9112 §6.3: INVALID_CONTENT_LENGTH points at the line of the invalid value', () => {
    const input = post('Content-Length: 5', 'Host: h', 'content-length: +5');
    expectError(requestWays, input, 'INVALID_CONTENT_LENGTH', at(input, 'content-length'));
  });

  it('RFC 9112 §6.3: CHUNKED_NOT_FINAL points at the Transfer-Encoding line holding the final coding', () => {
    const input = post('Host: h', 'Transfer-Encoding: chunked', 'X: 1', 'Transfer-Encoding: gzip', 'Transfer-Encoding: ,');
    expectError(requestWays, input, 'CHUNKED_NOT_FINAL', at(input, 'Transfer-Encoding: gzip'));
  });

  it('RFC 9112 §6.1: UNSUPPORTED_TRANSFER_CODING points at the Transfer-Encoding line holding the first coding other than chunked', () => {
    const input = post('Host: h', 'Transfer-Encoding: ', 'Transfer-Encoding: x-unknown', 'Transfer-Encoding: gzip, chunked');
    expectError(requestWays, input, 'UNSUPPORTED_TRANSFER_CODING', at(input, 'Transfer-Encoding: x-unknown'));
  });

  it('RFC 9112 §6.1: CHUNKED_APPLIED_TWICE points at the line holding the second chunked', () => {
    const input = post('Host: h', 'Transfer-Encoding: chunked', 'X: 1', 'Transfer-Encoding: Chunked');
    expectError(requestWays, input, 'CHUNKED_APPLIED_TWICE', at(input, 'Transfer-Encoding: Chunked'));
    const response = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked, chunked\r\n\r\n';
    expectError(responseWays, response, 'CHUNKED_APPLIED_TWICE', at(response, 'Transfer-Encoding: chunked'));
  });

  it('RFC 9112 §6.1: INVALID_TRANSFER_ENCODING points at the line whose value is not a list of codings', () => {
    const input = post('Host: h', 'Transfer-Encoding: gzip', 'Transfer-Encoding: chunked;', 'X: 1');
    expectError(requestWays, input, 'INVALID_TRANSFER_ENCODING', at(input, 'Transfer-Encoding: chunked;'));
  });

  it('RFC 9112 §6.1: TRANSFER_ENCODING_IN_HTTP10 points at the first Transfer-Encoding line', () => {
    const input = `${FIRST}POST / HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n`;
    expectError(requestWays, input, 'TRANSFER_ENCODING_IN_HTTP10', at(input, 'Transfer-Encoding'));
    expect(types(feed(new RequestParser(), input))).toEqual(['head', 'end', 'error']);
  });

  it('RFC 9112 §5.2: a folded Transfer-Encoding line is pointed at where its field line starts', () => {
    const input = post('Host: h', 'Transfer-Encoding: chunked,', ' gzip');
    expectError([() => new RequestParser({ lenient: { obsFold: true } })], input, 'CHUNKED_NOT_FINAL', at(input, 'Transfer-Encoding'));
  });
});
