/**
 * The PROXY protocol header at the start of a connection (`proxyProtocol` in the server's options): read before
 * the connection's HTTP parser sees a byte, with the socket-free reader of `wire/proxy-header.ts`.
 *
 * The bytes are collected until the reader decides (at most 107 for version 1, 16 + 65,535 for version 2: bounded
 * by the header's own limits), however they are cut into reads. Then the socket is paused, what followed the
 * header is put back in front of its input (`unshift`), and the caller builds the connection on it. A header that
 * is refused, cut short by the client's end, or not complete within the time allowed ends the connection without
 * a response, as the specification requires ("abort the connection", §2.1).
 *
 * @module
 */
import type { Socket } from 'node:net';
import { type ProxyHeader, type ProxyHeaderError, type ProxyProtocolMode, readProxyHeader } from '../wire/proxy-header.js';

/** The header's outcome: the header read, or why the connection is to be closed. */
export type ProxyIntakeResult = { readonly header: ProxyHeader } | { readonly error: ProxyHeaderError };

/**
 * Reads the PROXY header from a socket just accepted and calls `done` once: with the header (the socket is then
 * paused, holding the bytes after the header), or with the error (the socket is then destroyed).
 *
 * @returns a function that abandons the wait and destroys the socket (for a server shutting down)
 */
export function readProxyIntake(socket: Socket, mode: ProxyProtocolMode, timeoutMs: number, done: (result: ProxyIntakeResult) => void): () => void {
  let received: Buffer = Buffer.alloc(0);
  let settled = false;
  const finish = (result: ProxyIntakeResult): void => {
    if (settled) return;
    settled = true;
    if (timer !== undefined) clearTimeout(timer);
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('error', onError);
    if ('error' in result) socket.destroy();
    done(result);
  };
  const fail = (message: string, offset: number): void =>
    finish({ error: { code: 'INVALID_PROXY_HEADER', section: 'PROXY protocol §2', message, offset } });
  const onData = (chunk: Buffer): void => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const read = readProxyHeader(received, mode);
    if (read.state === 'incomplete') return;
    if (read.state === 'error') {
      finish({ error: read.error });
      return;
    }
    socket.pause();
    const rest = received.subarray(read.header.length);
    if (rest.length > 0) socket.unshift(rest);
    finish({ header: read.header });
  };
  const onEnd = (): void => fail(`the connection ended after ${received.length} bytes, before its PROXY header was complete`, received.length);
  const onError = (): void => fail('the connection failed before its PROXY header was complete', received.length);
  const timer = timeoutMs > 0
    ? setTimeout(() => fail(`no complete PROXY header within ${timeoutMs} ms`, received.length), timeoutMs)
    : undefined;
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('error', onError);
  return () => fail('the server is shutting down', received.length);
}
