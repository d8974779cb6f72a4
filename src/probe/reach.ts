/**
 * {@link checkReachable}: one connection to the target before any case runs — for an `https://` target, one TLS
 * handshake — so that a server that is not there, or whose TLS fails, costs one line and not hundreds of
 * identical errors.
 *
 * @module
 */
import { describeConnectError, openConnection, type ProbeTarget } from './connect.js';

/**
 * Connects to `target` (and completes the TLS handshake for a TLS target), then closes the connection at once
 * (no request byte is sent).
 *
 * @param timeoutMs - how long to wait for the connection to be accepted and, over TLS, for the handshake
 * @returns undefined when the connection was made; otherwise why not, in one line (`connect ECONNREFUSED
 *   127.0.0.1:9`, `no connection within 2000 ms`, `TLS handshake failed: DEPTH_ZERO_SELF_SIGNED_CERT (…)`,
 *   `no TLS handshake within 2000 ms`)
 */
export function checkReachable(target: ProbeTarget, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let tcp = false;
    const socket = openConnection(target, () => done(undefined));
    const done = (why: string | undefined): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(why);
    };
    // A server that accepts the connection and then never answers the handshake is bounded here too.
    const timer = setTimeout(() => done(tcp && target.tls === true ? `no TLS handshake within ${timeoutMs} ms` : `no connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => { tcp = true; });
    socket.once('error', (error: NodeJS.ErrnoException) => done(describeConnectError(target, error)));
  });
}
