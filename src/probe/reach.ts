/**
 * {@link checkReachable}: one TCP connection to the target before any case runs, so that a server that is not
 * there costs one line and not hundreds of identical errors.
 *
 * @module
 */
import net from 'node:net';
import type { ProbeTarget } from './run.js';

/**
 * Connects to `target` and closes the connection at once (no byte is sent).
 *
 * @param timeoutMs - how long to wait for the connection to be accepted
 * @returns undefined when the connection was accepted; otherwise why not, in one line (`connect ECONNREFUSED
 *   127.0.0.1:9`, `no connection within 2000 ms`)
 */
export function checkReachable(target: ProbeTarget, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const done = (why: string | undefined): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(why);
    };
    const timer = setTimeout(() => done(`no connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.message));
  });
}
