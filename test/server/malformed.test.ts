// Raw-socket tests for what no well-behaved client sends. Every class of malformed request gets the status its
// ProtocolError carries, a short text/plain body naming the code, `Connection: close`, and a clean close (FIN,
// not a reset: lingering close, RFC 9112 §9.6) — and the next connection is unaffected. Delivering the same bytes
// whole, byte by byte, or in random pieces with pauses gives the same answer (RFC 9112 §2.1: a message is a byte
// stream; where TCP splits it must not matter).
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestParser } from '../../src/parser/request-parser.js';
import { echoOf, header, parseResponses, randomPieces, raw, start, until, type RawResult, type Running } from './support.js';

const H = 'Host: x\r\n';
const TE = 'Transfer-Encoding: chunked\r\n';

/** [name, request bytes (latin1), status, code] — the status and code each RFC rule assigns. */
const CASES: readonly [string, string, number, string][] = [
  ['obs-fold (RFC 9112 §5.2)', `GET / HTTP/1.1\r\n${H}X-A: a\r\n b\r\n\r\n`, 400, 'OBS_FOLD'],
  ['whitespace before the colon (RFC 9112 §5.1)', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n', 400, 'WHITESPACE_BEFORE_COLON'],
  ['whitespace before the first field line (RFC 9112 §2.2)', `GET / HTTP/1.1\r\n X-A: a\r\n${H}\r\n`, 400, 'WHITESPACE_BEFORE_FIRST_FIELD'],
  ['a field name that is not a token (RFC 9110 §5.1)', `GET / HTTP/1.1\r\n${H}X(A): a\r\n\r\n`, 400, 'INVALID_FIELD_NAME'],
  ['an empty field name (RFC 9110 §5.1)', `GET / HTTP/1.1\r\n${H}: a\r\n\r\n`, 400, 'INVALID_FIELD_NAME'],
  ['a control byte in a field value (RFC 9110 §5.5)', `GET / HTTP/1.1\r\n${H}X-A: a\x01b\r\n\r\n`, 400, 'INVALID_FIELD_VALUE'],
  ['NUL in a field value (RFC 9110 §5.5)', `GET / HTTP/1.1\r\n${H}X-A: a\x00b\r\n\r\n`, 400, 'NUL_BYTE'],
  ['a bare CR (RFC 9112 §2.2)', `GET / HTTP/1.1\r\n${H}X-A: a\rb\r\n\r\n`, 400, 'BARE_CR'],
  // No LF ever comes: answered when the byte after the CR arrives, not after a timeout.
  ['lines ended by bare CRs and no LF at all (RFC 9112 §2.2)', 'GET / HTTP/1.1\rHost: x\r\r', 400, 'BARE_CR'],
  ['a NUL in a request-line whose LF has not come (RFC 9110 §5.5)', 'GET /a\x00b', 400, 'NUL_BYTE'],
  ['a bare LF ending a line (RFC 9112 §2.2, strict by default)', `GET / HTTP/1.1\n${H}\r\n`, 400, 'BARE_LF'],
  ['HTTP/1.1 without Host (RFC 9112 §3.2)', 'GET / HTTP/1.1\r\n\r\n', 400, 'MISSING_HOST'],
  ['two Host fields (RFC 9112 §3.2)', `GET / HTTP/1.1\r\n${H}${H}\r\n`, 400, 'MULTIPLE_HOST'],
  ['an invalid Host (RFC 9112 §3.2)', 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n', 400, 'INVALID_HOST'],
  ['a method that is not a token (RFC 9112 §3.1)', `G@T / HTTP/1.1\r\n${H}\r\n`, 400, 'INVALID_METHOD'],
  ['two spaces in the request-line (RFC 9112 §3)', `GET  / HTTP/1.1\r\n${H}\r\n`, 400, 'INVALID_REQUEST_LINE'],
  ['DEL in the target (RFC 9112 §3.2)', `GET /a\x7fb HTTP/1.1\r\n${H}\r\n`, 400, 'INVALID_TARGET'],
  ['asterisk-form with GET (RFC 9112 §3.2.4)', `GET * HTTP/1.1\r\n${H}\r\n`, 400, 'TARGET_FORM_MISMATCH'],
  ['host:port with GET (RFC 9112 §3.2.3)', `GET localhost:80 HTTP/1.1\r\n${H}\r\n`, 400, 'UNSUPPORTED_SCHEME'],
  ['an absolute-form target with a scheme other than http(s) (RFC 9110 §4.2)', `GET foo://localhost/ HTTP/1.1\r\n${H}\r\n`, 400, 'UNSUPPORTED_SCHEME'],
  ['a malformed version (RFC 9112 §2.3)', `GET / HTTP/1.x\r\n${H}\r\n`, 400, 'INVALID_VERSION'],
  ['HTTP/2.0 in an HTTP/1 request-line (RFC 9110 §15.6.6)', `GET / HTTP/2.0\r\n${H}\r\n`, 505, 'UNSUPPORTED_VERSION'],
  ['a request-line over the limit (RFC 9112 §3)', `GET /${'a'.repeat(9000)} HTTP/1.1\r\n${H}\r\n`, 414, 'REQUEST_LINE_TOO_LONG'],
  ['a method longer than the request-line limit (RFC 9112 §3)', `${'M'.repeat(9000)} / HTTP/1.1\r\n${H}\r\n`, 501, 'METHOD_TOO_LONG'],
  ['a header section over the limit (RFC 6585 §5)', `GET / HTTP/1.1\r\n${H}X-A: ${'a'.repeat(17000)}\r\n\r\n`, 431, 'HEADER_SECTION_TOO_LARGE'],
  ['too many field lines (RFC 6585 §5)', `GET / HTTP/1.1\r\n${H}${'X-A: a\r\n'.repeat(101)}\r\n`, 431, 'TOO_MANY_FIELDS'],
  ['a Content-Length that is not a number (RFC 9112 §6.3)', `POST / HTTP/1.1\r\n${H}Content-Length: abc\r\n\r\n`, 400, 'INVALID_CONTENT_LENGTH'],
  ['conflicting Content-Length (RFC 9110 §8.6)', `POST / HTTP/1.1\r\n${H}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`, 400, 'CONFLICTING_CONTENT_LENGTH'],
  ['Transfer-Encoding with Content-Length (RFC 9112 §6.1)', `POST / HTTP/1.1\r\n${H}${TE}Content-Length: 3\r\n\r\n0\r\n\r\n`, 400, 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH'],
  ['Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1)', `POST / HTTP/1.0\r\n${TE}\r\n0\r\n\r\n`, 400, 'TRANSFER_ENCODING_IN_HTTP10'],
  ['an unimplemented transfer coding (RFC 9112 §6.1)', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`, 501, 'UNSUPPORTED_TRANSFER_CODING'],
  ['chunked not last (RFC 9112 §6.3)', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip\r\n\r\n`, 400, 'CHUNKED_NOT_FINAL'],
  ['a chunk size that is not hex (RFC 9112 §7.1)', `POST / HTTP/1.1\r\n${H}${TE}\r\nzz\r\n\r\n`, 400, 'INVALID_CHUNK_SIZE'],
  ['chunk data not followed by CRLF (RFC 9112 §7.1)', `POST / HTTP/1.1\r\n${H}${TE}\r\n3\r\nabcX\r\n0\r\n\r\n`, 400, 'MISSING_CHUNK_DATA_CRLF'],
  ['a bare LF in a chunk line (RFC 9112 §7.1)', `POST / HTTP/1.1\r\n${H}${TE}\r\n1\na\r\n0\r\n\r\n`, 400, 'BARE_LF'],
  ['a chunk size beyond 2^53 - 1, after leading zeros (RFC 9112 §7.1)', `POST / HTTP/1.1\r\n${H}${TE}\r\n${'0'.repeat(17)}${'f'.repeat(15)}\r\na\r\n0\r\n\r\n`, 413, 'CHUNK_SIZE_TOO_LARGE'],
  ['chunk extensions over the limit (RFC 9112 §7.1.1)', `POST / HTTP/1.1\r\n${H}${TE}\r\n1;a=${'b'.repeat(17000)}\r\na\r\n0\r\n\r\n`, 413, 'CHUNK_EXTENSIONS_TOO_LARGE'],
  ['a trailer section over the limit (RFC 9112 §7.1.2)', `POST / HTTP/1.1\r\n${H}${TE}\r\n1\r\na\r\n0\r\nX-T: ${'b'.repeat(17000)}\r\n\r\n`, 431, 'TRAILER_SECTION_TOO_LARGE'],
  ['a Content-Length over maxBodyBytes (RFC 9110 §15.5.14)', `POST / HTTP/1.1\r\n${H}Content-Length: 99999999999\r\n\r\n`, 413, 'BODY_TOO_LARGE'],
  ['an unsupported expectation (RFC 9110 §10.1.1)', `GET / HTTP/1.1\r\n${H}Expect: something-else\r\n\r\n`, 417, 'EXPECTATION_FAILED'],
  ['CONNECT to an origin server (RFC 9110 §9.3.6)', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\ntunnel bytes', 501, 'CONNECT_NOT_SUPPORTED'],
];

let running: Running;
beforeAll(async () => {
  running = await start();
});
afterAll(() => running.close());

function expectErrorAnswer(result: RawResult, status: number, code: string): void {
  expect(result.responseError).toBeNull();
  expect(result.responses).toHaveLength(1);
  const [response] = result.responses;
  expect(response!.status).toBe(status);
  expect(header(response!, 'connection')).toBe('close');
  expect(header(response!, 'content-type')).toBe('text/plain; charset=utf-8');
  expect(response!.body.toString('utf8')).toContain(code);
  // Closed by the server, with a FIN: the client read the answer instead of a reset.
  expect(result.closedByServer).toBe(true);
  expect(result.reset).toBe(false);
}

describe('malformed requests: status, body, close, and the next connection works', () => {
  for (const [name, bytes, status, code] of CASES) {
    it(`${name} → ${status} ${code}`, async () => {
      // The table agrees with the parser (a server-decided code — 417, 501 — is not a parser error).
      const parsed = new RequestParser().push(Buffer.from(bytes, 'latin1')).find((e) => e.type === 'error');
      if (parsed?.type === 'error') expect([parsed.error.status, parsed.error.code]).toEqual([status, code]);
      expectErrorAnswer(await raw(running.port, bytes), status, code);
      const next = await raw(running.port, `GET /next HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
      expect(next.responses.map((r) => r.status)).toEqual([200]);
      expect(echoOf(next.responses[0]!).target).toBe('/next');
    });
  }

  it('a malformed request after valid pipelined ones is answered in its turn, after theirs', async () => {
    const result = await raw(running.port, `GET /1 HTTP/1.1\r\n${H}\r\nGET /2 HTTP/1.1\r\n${H}\r\nGET /3 HTTP/1.1\r\n${H}X: a\r\n b\r\n\r\nGET /4 HTTP/1.1\r\n${H}\r\n`);
    expect(result.responses.map((r) => r.status)).toEqual([200, 200, 400]);
    expect(result.responses.slice(0, 2).map((r) => echoOf(r).target)).toEqual(['/1', '/2']);
    expect(result.closedByServer).toBe(true);
    expect(result.reset).toBe(false);
  });

  it('a message cut short by the client closing its side → 400 INCOMPLETE_MESSAGE (RFC 9112 §8)', async () => {
    expectErrorAnswer(await raw(running.port, `POST / HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\nabc`, { halfClose: true }), 400, 'INCOMPLETE_MESSAGE');
    expectErrorAnswer(await raw(running.port, `GET / HTTP/1.1\r\nHo`, { halfClose: true }), 400, 'INCOMPLETE_MESSAGE');
  });

  it('a client that uploads 128 KiB after a 413 and only then reads gets the whole 413 and a FIN, no reset (RFC 9112 §9.6)', async () => {
    // Its own server, so that the connection's close can be waited for. lingerTimeout is long so that only the
    // client's end of its upload (not the deadline) ends the lingering.
    const own = await start(undefined, { lingerTimeout: 60_000 });
    const socket = net.connect(own.port, '127.0.0.1');
    try {
      const errors: string[] = [];
      socket.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
      await once(socket, 'connect');
      // Not a byte read until the upload is over: the 413 waits in the client's receive buffer meanwhile.
      socket.pause();
      const write = (bytes: string): Promise<void> => new Promise((resolve) => socket.write(bytes, 'latin1', () => resolve()));
      await write(`POST /upload HTTP/1.1\r\n${H}Content-Length: 99999999999\r\n\r\n`);
      // In paced pieces, so that the server reads some of them while more are still on their way (a server that
      // stopped reading at the first of them would then reset the connection).
      const piece = 'u'.repeat(16 * 1024);
      for (let i = 0; i < 8 && !socket.destroyed; i++) {
        await new Promise((r) => setTimeout(r, 10));
        await write(piece);
      }
      socket.end();
      // The server reads and discards the 128 KiB (under lingerMaxBytes), sees our FIN and closes.
      await until(() => own.server.stats.open === 0 || socket.destroyed, 'the server to close the lingering connection');
      const received: Buffer[] = [];
      socket.on('data', (d: Buffer) => received.push(d));
      const closed = once(socket, 'close');
      socket.resume();
      await closed;
      const { responses, error } = parseResponses(Buffer.concat(received));
      expect(error).toBeNull();
      expect(responses.map((r) => [r.status, header(r, 'connection')])).toEqual([[413, 'close']]);
      expect(responses[0]!.body.toString('utf8')).toContain('BODY_TOO_LARGE');
      // No EPIPE while uploading, no ECONNRESET while reading: a clean FIN.
      expect(errors).toEqual([]);
    } finally {
      socket.destroy();
      await own.close();
    }
  });

  it('a client that keeps sending after an error is cut off after lingerMaxBytes, not read forever', async () => {
    const small = await start(undefined, { lingerMaxBytes: 1024, lingerTimeout: 60_000 });
    try {
      const junk = 'x'.repeat(64 * 1024);
      const result = await raw(small.port, [`GET / HTTP/1.1\r\n${H}X: a\r\n b\r\n\r\n`, junk, junk, junk]);
      expect(result.responses[0]?.status).toBe(400);
      expect(result.closedByServer).toBe(true);
    } finally {
      await small.close();
    }
  });
});

describe('split delivery gives the same answers', () => {
  // Byte by byte for every case, and random pieces with pauses for a sample (the pauses cost wall time).
  for (const [name, bytes, status, code] of CASES) {
    it(`byte by byte: ${name}`, async () => {
      const pieces = bytes.length <= 2048 ? [...bytes] : randomPieces(bytes, bytes.length, 97);
      expectErrorAnswer(await raw(running.port, pieces), status, code);
    });
  }

  const sample = CASES.filter((_, i) => i % 4 === 0);
  for (const [name, bytes, status, code] of sample) {
    it(`random pieces with pauses: ${name}`, async () => {
      const pieces = randomPieces(bytes, 7 + bytes.length, Math.max(7, Math.ceil(bytes.length / 25)));
      expectErrorAnswer(await raw(running.port, pieces, { delayMs: 2 }), status, code);
    });
  }

  const valid = `POST /a?b=c HTTP/1.1\r\n${H}X-Long:   spaced value  \r\n${TE}\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nGET /second HTTP/1.1\r\n${H}Connection: close\r\n\r\n`;
  const expected = [
    { target: '/a?b=c', body: Buffer.from('hello world').toString('base64'), trailers: [['X-Trailer', 't']] },
    { target: '/second', body: '', trailers: [] },
  ];
  const summary = (result: RawResult) => result.responses.map((r) => {
    const e = echoOf(r);
    return { target: e.target, body: e.body, trailers: e.trailers };
  });

  it('valid pipelined requests: whole, byte by byte, and random pieces with pauses agree', async () => {
    expect(summary(await raw(running.port, valid))).toEqual(expected);
    expect(summary(await raw(running.port, [...valid]))).toEqual(expected);
    for (const seed of [1, 2, 3]) expect(summary(await raw(running.port, randomPieces(valid, seed), { delayMs: 1 }))).toEqual(expected);
  });
});
