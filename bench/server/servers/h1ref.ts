/**
 * h1ref's own server (`createServer` from src/server, loaded from the build in dist/) with a handler that
 * writes the fixed body, or h1ref's echo server (`createEchoServer`, what `h1ref serve` runs) in one of its
 * formats. Everything else is the server's defaults: the benchmark measures what a user gets.
 *
 * @module
 */
import { createEchoServer, createServer, type EchoFormat, type Handler } from '../../../src/server/index.js';
import { BODY, IDLE_KEEP_ALIVE_MS, type RunningServer } from './response.js';
import type { ServerMode } from '../protocol.js';

/** The benchmark's handler: `Content-Type: text/plain` and the fixed body (also driven by in-process.ts). */
export const fixedBodyHandler: Handler = (_request, response) => {
  response.headers.set('Content-Type', 'text/plain');
  // The whole body given to end(): the server sends it with Content-Length (RFC 9110 §8.6).
  return response.end(BODY);
};

/** Starts h1ref's server on 127.0.0.1 and a free port: the hello-world handler, or the echo in `echo`'s format. */
export async function startH1ref(mode: ServerMode, echo?: EchoFormat): Promise<RunningServer> {
  const options = { host: '127.0.0.1', port: 0, ...(mode === 'idle' ? { keepAliveTimeout: IDLE_KEEP_ALIVE_MS } : {}) };
  const server = echo === undefined ? createServer(fixedBodyHandler, options) : createEchoServer(echo, options);
  const { port } = await server.listen();
  return { port, openConnections: () => Promise.resolve(server.stats.open) };
}
