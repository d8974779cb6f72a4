/**
 * The baseline most people would pick: `http.createServer` with `writeHead` and `end`, as in perf-anchors.md §1;
 * or, for the echo rows, with the node:http echo handler of bench/node-echo-handler.ts.
 *
 * @module
 */
import http from 'node:http';
import { BODY, IDLE_KEEP_ALIVE_MS, type RunningServer } from './response.js';
import type { ServerMode } from '../protocol.js';
import { countConnections, listenLoopback } from './listen.js';

const HEADERS = { 'Content-Type': 'text/plain', 'Content-Length': BODY.length };

const hello: http.RequestListener = (_request, response) => {
  response.writeHead(200, HEADERS);
  response.end(BODY);
};

/** Starts a node:http server on 127.0.0.1 and a free port, with the hello-world handler unless given another. */
export async function startNodeHttp(mode: ServerMode, handler: http.RequestListener = hello): Promise<RunningServer> {
  const server = http.createServer(handler);
  // Node's default of 5 s would reap the idle connections the memory measurement is counting.
  if (mode === 'idle') server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  const port = await listenLoopback(server);
  return { port, openConnections: () => countConnections(server) };
}
