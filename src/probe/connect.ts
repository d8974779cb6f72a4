/**
 * Targets and connections to them, for the probe and the fuzzer alike: {@link parseTarget} reads
 * `host:port`, `http://…` and `https://…`; {@link openConnection} opens a plain TCP connection (`node:net`) or a
 * TLS one (`node:tls`) to it. Everything else — delivery, reading, half-close, timeouts — is the same over both:
 * the callers see one `net.Socket` (a `tls.TLSSocket` is one) that is ready once the TLS handshake is done.
 *
 * Over TLS, each `write` is sealed into TLS records of its own, so a case cut into pieces (split, byte by byte)
 * reaches the server's TLS layer as one record or more per piece, and is decrypted piece by piece as over TCP;
 * `end()` sends TLS's close_notify and then closes the sending side.
 *
 * @module
 */
import net from 'node:net';
import tls from 'node:tls';

/** Where the server is, and how to talk to it. */
export interface ProbeTarget {
  /** Host name or address. */
  readonly host: string;
  /** TCP port. */
  readonly port: number;
  /** Whether to speak TLS (an `https://` target); plain TCP when absent or false. */
  readonly tls?: boolean;
  /**
   * Over TLS: accept a certificate that cannot be verified (self-signed, expired, for another name). The
   * connection is still encrypted, but to whoever answers.
   */
  readonly insecure?: boolean;
}

/**
 * Reads `host:port`, `[v6]:port`, an `http://` URL (port 80 by default) or an `https://` URL (port 443 by default)
 * into a {@link ProbeTarget}. A URL's path, if any, is ignored: every case brings its own request target.
 *
 * @throws TypeError for anything else
 */
export function parseTarget(text: string): ProbeTarget {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new TypeError(`not a URL: ${JSON.stringify(text)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`only http:// and https:// targets are supported, not ${url.protocol}//`);
    const secure = url.protocol === 'https:';
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
    return secure ? { host, port, tls: true } : { host, port };
  }
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (m === null) throw new TypeError(`expected host:port, http://host:port or https://host:port, got ${JSON.stringify(text)}`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new TypeError(`port out of range: ${port}`);
  return { host: m[1] ?? m[2]!, port };
}

/** The target as a URL without a path: `http://host:port` or `https://host:port`, an IPv6 address in brackets. */
export function formatTarget(target: ProbeTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.tls === true ? 'https' : 'http'}://${host}:${target.port}`;
}

/** Only the members of {@link ProbeTarget}: what a connection needs, without whatever else an object carries. */
export function endpointOf(target: ProbeTarget): ProbeTarget {
  return {
    host: target.host,
    port: target.port,
    ...(target.tls === true ? { tls: true } : {}),
    ...(target.insecure === true ? { insecure: true } : {}),
  };
}

/**
 * Opens a connection to `target`: TCP, or TLS over TCP for a `tls` target — with the host as the server name
 * (SNI) when it is a name, ALPN `http/1.1`, and the certificate verified unless `insecure`. Errors (refused, reset,
 * a failed handshake) come as the socket's `error` events, as with `net.connect`.
 *
 * @param onReady - called once the connection can carry requests: on `connect` over TCP, after the handshake
 *   (`secureConnect`) over TLS
 */
export function openConnection(target: ProbeTarget, onReady: () => void): net.Socket {
  if (target.tls !== true) {
    const socket = net.connect({ host: target.host, port: target.port });
    socket.once('connect', onReady);
    return socket;
  }
  const socket = tls.connect({
    host: target.host,
    port: target.port,
    // RFC 6066 §3: a server name is a DNS host name, never an address literal.
    ...(net.isIP(target.host) === 0 ? { servername: target.host } : {}),
    ALPNProtocols: ['http/1.1'],
    rejectUnauthorized: target.insecure !== true,
  });
  socket.once('secureConnect', onReady);
  return socket;
}

/**
 * A connection error in one line. Over TCP, and for a TLS target whose TCP connection failed (refused, unreachable),
 * Node's message (`connect ECONNREFUSED 127.0.0.1:9`). For a failed TLS handshake, `TLS handshake failed:` with
 * the OpenSSL or Node code (`DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_SSL_WRONG_VERSION_NUMBER`) and its message, and
 * what to do: for a certificate that cannot be verified, that `insecure` (the CLI's `--insecure`) accepts it; for
 * bytes that are not TLS, that the port may serve plain HTTP.
 */
export function describeConnectError(target: ProbeTarget, error: NodeJS.ErrnoException): string {
  if (target.tls !== true || error.syscall === 'connect' || error.syscall === 'getaddrinfo') return error.message;
  const code = error.code ?? 'ERROR';
  const hint = CERTIFICATE_CODES.has(code)
    ? target.insecure === true ? '' : '; --insecure accepts a certificate that cannot be verified'
    : NOT_TLS_CODES.has(code) ? '; is it a plain http:// server?' : '';
  // OpenSSL's own errors carry a short `reason` ("wrong version number"); their message is a long multi-line dump.
  const reason = (error as { reason?: unknown }).reason;
  const why = typeof reason === 'string' ? reason : error.message.split('\n', 1)[0]!;
  return `TLS handshake failed: ${code} (${why})${hint}`;
}

// The certificate checks' codes: OpenSSL's X509_V_ERR_* names as Node gives them, and Node's for a name mismatch.
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE', 'INVALID_CA', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// What OpenSSL says when the first bytes back are not a TLS record (an HTTP response, say).
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);
