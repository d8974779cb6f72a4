/**
 * The one response every server sends: `Hello World!\n` with Content-Length, as in perf-anchors.md §1.
 *
 * @module
 */
import { Buffer } from 'node:buffer';

/** The body. */
export const BODY_TEXT = 'Hello World!\n';

/** The body as bytes, built once: no server should pay for encoding it per request. */
export const BODY = Buffer.from(BODY_TEXT, 'latin1');

/**
 * The raw ceiling's whole response, 78 bytes. h1ref adds `Date` (RFC 9110 §6.6.1 makes it a MUST for a server
 * with a clock) and node:http adds `Date`, `Connection` and `Keep-Alive`; the difference is small on loopback.
 */
export const RAW_RESPONSE = Buffer.from(
  `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY_TEXT}`,
  'latin1',
);

/** A server as its child process sees it. */
export interface RunningServer {
  readonly port: number;
  /** Connections open now, as the server counts them. */
  openConnections(): Promise<number>;
  /** Stops what the server started besides itself (a cluster's workers), when it did; exiting is enough otherwise. */
  close?(): Promise<void>;
}

/** Ten minutes: longer than any memory measurement, so idle connections stay open while they are counted. */
export const IDLE_KEEP_ALIVE_MS = 600_000;
