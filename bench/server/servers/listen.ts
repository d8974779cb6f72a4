/**
 * Listening on loopback with a free port and counting connections, for the two servers built on `net.Server`
 * (kept apart from node-http.ts so that the raw ceiling's process never loads `node:http`).
 *
 * @module
 */
import type { Server } from 'node:net';

/** Listens on 127.0.0.1, port 0, and resolves with the port the system picked. */
export function listenLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address !== 'object') reject(new Error('no address after listen'));
      else resolve(address.port);
    });
  });
}

/** `getConnections` as a promise (an `http.Server` is a `net.Server` underneath). */
export function countConnections(server: Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}
