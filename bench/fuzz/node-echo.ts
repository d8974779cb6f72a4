/**
 * The second target: node:http, default server options and strict parser, answering every request with h1ref's
 * JSON echo (the handler is bench/node-echo-handler.ts, shared with the server benchmark's `node-http-echo`).
 *
 *     node dist/bench/fuzz/node-echo.js [PORT]      # prints "node-http listening on http://127.0.0.1:PORT/"
 *
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeEchoHandler } from '../node-echo-handler.js';

const server = http.createServer(nodeEchoHandler);

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`node-http listening on http://127.0.0.1:${port}/\n`);
});
