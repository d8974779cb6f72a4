/**
 * h1ref's request parser on a bare `net` server: each read goes through `RequestParser.push`, and each complete
 * request gets the fixed response written the way the ceiling writes it. No request or response objects, no
 * handler, no timeouts: what separates this from raw-net is the parser alone, and what separates h1ref's server
 * from this is the server around the parser. A request the parser rejects closes the connection.
 *
 * @module
 */
import net from 'node:net';
import { RequestParser } from '../../../src/parser/index.js';
import type { ServerMode } from '../protocol.js';
import { writeFixedResponses } from './fixed-writes.js';
import { countConnections, listenLoopback } from './listen.js';
import type { RunningServer } from './response.js';

/** Starts the server on 127.0.0.1 and a free port. It has no timeouts, so `mode` changes nothing. */
export async function startH1refParser(_mode: ServerMode): Promise<RunningServer> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    const parser = new RequestParser();
    socket.on('data', (chunk: Buffer) => {
      const events = parser.push(chunk);
      let ends = 0;
      for (let i = 0; i < events.length; i++) {
        const type = events[i]!.type;
        if (type === 'end') ends++;
        else if (type === 'error') {
          socket.destroy();
          return;
        }
      }
      writeFixedResponses(socket, ends);
    });
    socket.on('error', () => socket.destroy());
  });
  const port = await listenLoopback(server);
  return { port, openConnections: () => countConnections(server) };
}
