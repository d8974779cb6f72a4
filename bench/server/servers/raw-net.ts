/**
 * The ceiling: a `net` server that parses nothing. It counts request ends and writes the pre-built response once
 * per request, corked when one read held several (pipelining), exactly as perf-anchors.md §1 describes. It
 * ignores bodies and checks nothing, so it is a ceiling, not a server: what is left of each request's cost is
 * the syscalls, epoll and Node's stream machinery that every `net`-based server pays.
 *
 * @module
 */
import net from 'node:net';
import type { ServerMode } from '../protocol.js';
import { countConnections, listenLoopback } from './listen.js';
import { RequestEndCounter } from './request-ends.js';
import { writeFixedResponses } from './fixed-writes.js';
import type { RunningServer } from './response.js';

/** Starts the raw ceiling on 127.0.0.1 and a free port. It has no timeouts, so `mode` changes nothing. */
export async function startRawNet(_mode: ServerMode): Promise<RunningServer> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    const counter = new RequestEndCounter();
    socket.on('data', (chunk: Buffer) => writeFixedResponses(socket, counter.count(chunk)));
    socket.on('error', () => socket.destroy());
  });
  const port = await listenLoopback(server);
  return { port, openConnections: () => countConnections(server) };
}
