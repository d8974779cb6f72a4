/**
 * {@link echoHandler}: the default handler, which answers with how h1ref understood the request.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { ProxyEndpoint } from '../wire/proxy-header.js';
import type { ServerRequest, SocketPeer } from './request.js';
import type { ServerResponse } from './response.js';
import { echoJsonBytes } from './echo-json.js';

/**
 * The JSON document the echo handler answers with — a stable format that the probe, the fuzzer and outside
 * tools compare against.
 *
 * Names and values are exactly as received after the OWS around values was removed (RFC 9112 §5.1), bytes
 * decoded as latin1 (each byte is the code point of the same value, so bytes 0x80–0xFF appear as U+0080–U+00FF
 * and are written in the UTF-8 of the JSON text).
 */
export interface EchoDocument {
  /** The method, as received. */
  readonly method: string;
  /** The request-target, as received. */
  readonly target: string;
  /** The version as interpreted: `1.0` or `1.1`. */
  readonly version: string;
  /** The header field lines, in order, as `[name, value]` pairs; repeated fields stay separate. */
  readonly headers: [string, string][];
  /** The trailer field lines of a chunked body, likewise; usually empty. */
  readonly trailers: [string, string][];
  /** The body after removing the chunked coding, base64-encoded. */
  readonly body: string;
  /**
   * Only when the connection began with a PROXY protocol header (`h1ref serve --proxy-protocol`): what it said,
   * and the balancer it came through. Readers of the format ignore it otherwise (the probe does).
   */
  readonly proxy?: EchoProxy | undefined;
}

/** The {@link EchoDocument.proxy} member. */
export interface EchoProxy {
  /** 1 or 2. */
  readonly version: 1 | 2;
  /** `proxy` (relayed) or `local` (the balancer's own connection). */
  readonly command: 'proxy' | 'local';
  /** `tcp4`, `tcp6`, `udp4`, `udp6`, `unix-stream`, `unix-dgram` or `unspecified`. */
  readonly transport: string;
  /** The client's end, when the header gives one. */
  readonly source?: ProxyEndpoint;
  /** The end the client connected to, when the header gives one. */
  readonly destination?: ProxyEndpoint;
  /** The socket's peer: the balancer. */
  readonly via: SocketPeer;
}

function echoProxy(request: ServerRequest): EchoProxy {
  const { header, via } = request.remote.proxy!;
  return {
    version: header.version,
    command: header.command,
    transport: header.transport,
    ...(header.source === undefined ? {} : { source: header.source }),
    ...(header.destination === undefined ? {} : { destination: header.destination }),
    via,
  };
}

/**
 * The {@link EchoDocument} of `request` with `body`: the readable rule of the echo's answer, which
 * {@link echoJsonBytes} writes without making it.
 */
export function echoDocument(request: ServerRequest, body: Uint8Array): EchoDocument {
  return {
    method: request.method,
    target: request.target,
    version: request.version,
    headers: request.headers.toArray(),
    trailers: request.trailers.toArray(),
    body: body.length === 0 ? '' : Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64'),
    // JSON leaves out a member whose value is undefined: the member appears only after a PROXY header.
    proxy: request.remote.proxy === undefined ? undefined : echoProxy(request),
  };
}

/** The echo's JSON for `request` with `body`, as UTF-8 bytes. */
function echoBytes(request: ServerRequest, body: Uint8Array): Uint8Array | string {
  if (request.remote.proxy === undefined) {
    const bytes = echoJsonBytes({
      method: request.method,
      target: request.target,
      version: request.version,
      headers: request.headers.raw,
      trailers: request.trailers.raw,
      body,
    });
    if (bytes !== null) return bytes;
  }
  // With a proxy member (after a PROXY header, rare): the rule itself.
  return JSON.stringify(echoDocument(request, body));
}

function answer(request: ServerRequest, response: ServerResponse, body: Uint8Array): Promise<void> {
  response.status = 200;
  response.headers.set('Content-Type', 'application/json');
  return response.end(echoBytes(request, body));
}

const NO_BODY = new Uint8Array(0);

/**
 * Reads the whole request and answers 200 `application/json` with its {@link EchoDocument}.
 * A HEAD request gets the same head (Content-Length included) and no body (RFC 9110 §9.3.2).
 */
export function echoHandler(request: ServerRequest, response: ServerResponse): Promise<void> {
  // A request without content (RFC 9112 §6.3: neither Content-Length nor Transfer-Encoding) is answered at once,
  // without waiting a promise job for a body that cannot come.
  if (request.head.framing.kind === 'none') return answer(request, response, NO_BODY);
  return request.bytes().then((body) => answer(request, response, body));
}
