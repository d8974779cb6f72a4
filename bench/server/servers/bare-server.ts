/**
 * The shape the raw ceiling and the two bare-parser servers share: a `net` server on loopback that, for each read,
 * asks a per-connection counter how many requests the read completed and writes the pre-built response that many
 * times, corked when there are several (pipelining). Only the counter differs between them, so that the
 * difference in their throughput is what their counters cost.
 *
 * @module
 */
import net from 'node:net';
import { countConnections, listenLoopback } from './listen.js';
import { RAW_RESPONSE, type RunningServer } from './response.js';

/** How many requests a read completed, or -1 when the connection is to be closed (input the parser rejects). */
export type EndCounter = (chunk: Buffer) => number;

/** Starts a bare server on 127.0.0.1 and a free port; `newCounter` is called once per connection. */
export async function startBareServer(newCounter: () => EndCounter): Promise<RunningServer> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    const count = newCounter();
    socket.on('data', (chunk: Buffer) => {
      const ends = count(chunk);
      if (ends < 0) {
        socket.destroy();
      } else if (ends === 1) {
        socket.write(RAW_RESPONSE);
      } else if (ends > 1) {
        socket.cork();
        for (let i = 0; i < ends; i++) socket.write(RAW_RESPONSE);
        socket.uncork();
      }
    });
    socket.on('error', () => socket.destroy());
  });
  const port = await listenLoopback(server);
  return { port, openConnections: () => countConnections(server) };
}
