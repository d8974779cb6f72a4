/**
 * {@link ListenError}: why a server could not listen, in one line.
 *
 * @module
 */

/** What each common `listen` failure means, for the one-line message. */
const CAUSES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is already in use by another process',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not one of this machine\'s',
  EAFNOSUPPORT: 'this machine does not support the address family (IPv6 disabled?)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
};

/** A failure to listen: the address asked for and the system's reason, as one line for a person. */
export class ListenError extends Error {
  /** The system error code, e.g. `EADDRINUSE`, or `UNKNOWN`. */
  readonly code: string;
  /** The host asked for. */
  readonly host: string;
  /** The port asked for. */
  readonly port: number;

  /**
   * @param host - the host asked for
   * @param port - the port asked for
   * @param cause - the error `net.Server` emitted
   */
  constructor(host: string, port: number, cause: unknown) {
    const code = typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string'
      ? (cause as { code: string }).code
      : 'UNKNOWN';
    const reason = CAUSES[code] ?? (cause instanceof Error ? cause.message : String(cause));
    super(`cannot listen on ${formatHostPort(host, port)}: ${reason} (${code})`, { cause });
    this.name = 'ListenError';
    this.code = code;
    this.host = host;
    this.port = port;
  }
}

/** `host:port`, with an IPv6 literal in brackets (RFC 3986 §3.2.2). */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
