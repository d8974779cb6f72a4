/**
 * The echo floor: a `net` server that parses nothing (the raw ceiling's request-end counter) and answers every
 * request with pre-built bytes of the same size and shape as h1ref's echo answer to wrk's request — status line,
 * a `Date` of the same length, `Content-Type`, `Content-Length`, and `Connection: close` when the request asked
 * for it, then the JSON document of `GET /` with wrk's `Host` (and `Connection`) field — and closes after
 * answering a request that held `Connection: close`. What is left of each request's cost is what every
 * `net`-based echo server pays for its socket, its connection and its bytes; the echo rows and the close row are
 * measured against it.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { ServerMode } from '../protocol.js';
import { startBareServer } from './bare-server.js';
import { requestEndCounter } from './request-ends.js';
import type { RunningServer } from './response.js';

/**
 * h1ref's echo answer to wrk's `GET /` on `port`, with or without `Connection: close` (in the request's fields
 * and in the answer's head). wrk's field order may differ; the size does not.
 */
export function echoAnswer(port: number, close: boolean): Buffer {
  const headers = [['Host', `127.0.0.1:${port}`], ...(close ? [['Connection', 'close']] : [])];
  const json = JSON.stringify({ method: 'GET', target: '/', version: '1.1', headers, trailers: [], body: '' });
  // An IMF-fixdate (RFC 9110 §5.6.7) has a fixed length: the start time's is as long as any other.
  const head = `HTTP/1.1 200 OK\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
  return Buffer.from(head + json, 'utf8');
}

/** Starts the echo floor on 127.0.0.1 and a free port. It has no timeouts, so `mode` changes nothing. */
export function startEchoFloor(_mode: ServerMode): Promise<RunningServer> {
  return startBareServer(
    requestEndCounter,
    (port) => ({ keepAlive: echoAnswer(port, false), close: echoAnswer(port, true) }),
  );
}
