/**
 * h1ref's own server (`createServer` from src/server, loaded from the build in dist/) with a handler that
 * writes the fixed body. Everything else is the server's defaults: the benchmark measures what a user gets.
 *
 * @module
 */
import { createServer, type Handler } from '../../../src/server/index.js';
import { BODY, IDLE_KEEP_ALIVE_MS, type RunningServer } from './response.js';
import type { ServerMode } from '../protocol.js';

/** The benchmark's handler: `Content-Type: text/plain` and the fixed body (also driven by in-process.ts). */
export const fixedBodyHandler: Handler = (_request, response) => {
  response.headers.set('Content-Type', 'text/plain');
  // The whole body given to end(): the server sends it with Content-Length (RFC 9110 §8.6).
  return response.end(BODY);
};

/** Starts h1ref's server on 127.0.0.1 and a free port. */
export async function startH1ref(mode: ServerMode): Promise<RunningServer> {
  const server = createServer(fixedBodyHandler, {
    host: '127.0.0.1',
    port: 0,
    ...(mode === 'idle' ? { keepAliveTimeout: IDLE_KEEP_ALIVE_MS } : {}),
  });
  const { port } = await server.listen();
  return { port, openConnections: () => Promise.resolve(server.stats.open) };
}
