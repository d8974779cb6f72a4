/**
 * The shape the raw ceiling, the two bare-parser servers and the echo floor share: a `net` server on loopback
 * that, for each read, asks a per-connection counter how many requests the read completed and writes a pre-built
 * answer that many times, corked when there are several (pipelining). Only the counter and the answer bytes
 * differ between them, so that the difference in their throughput is what their counters cost.
 *
 * A server given a closing answer also closes: after a read that completed requests and holds the bytes
 * `Connection: close` anywhere (a byte search, not a parse; enough for wrk's requests), it answers the last
 * of them with the closing answer and ends the connection, as a server must after a request that asked for the
 * close (RFC 9112 §9.6).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { countConnections, listenLoopback } from './listen.js';
import { RAW_RESPONSE, type RunningServer } from './response.js';

/** How many requests a read completed, or -1 when the connection is to be closed (input the parser rejects). */
export type EndCounter = (chunk: Buffer) => number;

/** The pre-built answers: one per request, and (for a server that closes) the one before closing. */
export interface BareAnswers {
  readonly keepAlive: Buffer;
  readonly close?: Buffer | undefined;
}

const CONNECTION_CLOSE = Buffer.from('\r\nConnection: close\r\n', 'latin1');

/**
 * Starts a bare server on 127.0.0.1 and a free port; `newCounter` is called once per connection. `answers` is
 * called once, with the port, before the first request (an answer may name the port, as an echo's Host does);
 * without it every request gets the ceiling's hello-world response and the server never closes.
 */
export async function startBareServer(newCounter: () => EndCounter, answers?: (port: number) => BareAnswers): Promise<RunningServer> {
  let keepAlive: Buffer = RAW_RESPONSE;
  let close: Buffer | undefined;
  const server = net.createServer({ noDelay: true }, (socket) => {
    const count = newCounter();
    socket.on('data', (chunk: Buffer) => {
      const ends = count(chunk);
      if (ends < 0) {
        socket.destroy();
      } else if (close !== undefined && ends > 0 && chunk.indexOf(CONNECTION_CLOSE) !== -1) {
        if (ends > 1) socket.cork();
        for (let i = 1; i < ends; i++) socket.write(keepAlive);
        socket.end(close); // end() uncorks
      } else if (ends === 1) {
        socket.write(keepAlive);
      } else if (ends > 1) {
        socket.cork();
        for (let i = 0; i < ends; i++) socket.write(keepAlive);
        socket.uncork();
      }
    });
    socket.on('error', () => socket.destroy());
  });
  const port = await listenLoopback(server);
  // Set before any connection's first read: the promise resolves before the event loop polls for connections.
  if (answers !== undefined) ({ keepAlive, close } = answers(port));
  return { port, openConnections: () => countConnections(server) };
}
