/**
 * {@link ServerRequest}: a request as a handler sees it.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { HttpVersion, RequestHead, TargetForm } from '../parser/events.js';
import type { Fields } from '../wire/fields.js';
import type { ProxyHeader } from '../wire/proxy-header.js';
import { HttpError } from './http-error.js';
import { RequestBody } from './request-body.js';

const NO_CONTENT: Promise<Uint8Array> = Promise.resolve(new Uint8Array(0));

/** A socket's peer, as the socket reports it. */
export interface SocketPeer {
  /** Its address. */
  readonly address: string;
  /** Its port. */
  readonly port: number;
}

/**
 * Where a request came from: the client's address and port, and, when the connection began with a PROXY protocol
 * header (the server's `proxyProtocol` option), what the header said and the balancer it came through.
 */
export interface RemoteInfo {
  /** The client's address: the header's source when it gave one, otherwise the socket's peer. */
  readonly address: string;
  /** The client's port, likewise (0 when the header's source has none, as for a UNIX socket). */
  readonly port: number;
  /** The PROXY header, when one was read. */
  readonly proxy?: {
    /** The header as read (version, command, transport, source and destination). */
    readonly header: ProxyHeader;
    /** The socket's own peer: the balancer that sent the header. */
    readonly via: SocketPeer;
  };
}

let makeRequest: (head: RequestHead, body: RequestBody, peer: RemoteInfo, maxBodyBytes: number) => ServerRequest;

/**
 * The request object for a parsed head (the connection makes one for each request; handlers never need to).
 *
 * @param head - the parsed head
 * @param body - the connection's queue for this request's body
 * @param peer - the client's address and port
 * @param maxBodyBytes - the default limit of the collecting helpers (the parser's `maxBodyBytes`)
 */
export function createRequest(head: RequestHead, body: RequestBody, peer: RemoteInfo, maxBodyBytes: number): ServerRequest {
  return makeRequest(head, body, peer, maxBodyBytes);
}

/**
 * One request: its head exactly as parsed, its trailers once the body has ended, and its body as an async
 * iterable of byte chunks with helpers that collect it.
 *
 * The body can be read once, by iteration or by one of the helpers. Reading it is what tells the server to send
 * `100 Continue` to a client that asked for it (RFC 9110 §10.1.1).
 */
export class ServerRequest {
  // The fields below read the parsed head rather than copy it: a request object costs a few slots, not a dozen.

  /** The method, case-sensitive as received (RFC 9110 §9.1). */
  get method(): string {
    return this.head.method;
  }
  /** The request-target exactly as received (RFC 9112 §3.2). */
  get target(): string {
    return this.head.target;
  }
  /** Which form the target has (RFC 9112 §3.2). */
  get targetForm(): TargetForm {
    return this.head.targetForm;
  }
  /** The version as interpreted: `1.0`, or `1.1` for any other `HTTP/1.x` (RFC 9110 §6.2). */
  get version(): HttpVersion {
    return this.head.version;
  }
  /** The version as received, e.g. `HTTP/1.1`. */
  get rawVersion(): string {
    return this.head.rawVersion;
  }
  /**
   * The header section in order, names as received and values with surrounding whitespace removed; `get(name)`
   * is case-insensitive and joins repeated fields with `, ` (RFC 9110 §5.3); `raw` is the flat
   * `[name, value, …]` list.
   */
  get headers(): Fields {
    return this.head.fields;
  }
  /** The authority the request is for: the target's for absolute-form and authority-form, else Host. */
  get authority(): string | undefined {
    return this.head.authority;
  }
  /** The client's address: the socket's peer, or the source of a PROXY header (see {@link remote}). */
  get remoteAddress(): string {
    return this.peer.address;
  }
  /** The client's port, likewise. */
  get remotePort(): number {
    return this.peer.port;
  }
  /** Where the request came from, with the PROXY header when the connection began with one. */
  get remote(): RemoteInfo {
    return this.peer;
  }
  /** The parsed head, for anything the fields above leave out (framing, keep-alive, expectations). */
  readonly head: RequestHead;
  /** The body, as an async iterable of byte chunks. */
  get body(): AsyncIterable<Uint8Array> {
    return this.source;
  }
  private readonly source: RequestBody;
  private readonly peer: RemoteInfo;
  private readonly maxBodyBytes: number;

  // Private: made by the connection through createRequest, so that its parameters stay out of the public API.
  private constructor(head: RequestHead, body: RequestBody, peer: RemoteInfo, maxBodyBytes: number) {
    this.head = head;
    this.peer = peer;
    this.source = body;
    this.maxBodyBytes = maxBodyBytes;
  }

  static {
    makeRequest = (head, body, peer, maxBodyBytes) => new ServerRequest(head, body, peer, maxBodyBytes);
  }

  /** The trailer section (RFC 9112 §7.1.2); empty until the body has been read to its end, and for most requests. */
  get trailers(): Fields {
    return this.source.trailers;
  }

  /**
   * The whole body as one buffer.
   *
   * @param limit - the most bytes to accept; more → an {@link HttpError} 413 (RFC 9110 §15.5.14). By default the
   * server's `maxBodyBytes`, which the parser also enforces.
   */
  bytes(limit: number = this.maxBodyBytes): Promise<Uint8Array> {
    // A request without content (RFC 9112 §6.3: neither Content-Length nor Transfer-Encoding), most of them, is
    // answered without reading: one promise for all of them, of an empty array no one can grow.
    if (this.source === RequestBody.EMPTY) return NO_CONTENT;
    return this.readAll(limit);
  }

  private async readAll(limit: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = await this.source.read();
      if (chunk === null) break;
      total += chunk.length;
      if (total > limit) throw new HttpError(413, `the request body is larger than ${limit} bytes`);
      chunks.push(chunk);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  }

  /** The whole body decoded as UTF-8 (invalid sequences become U+FFFD); `limit` as for {@link bytes}. */
  async text(limit?: number): Promise<string> {
    const bytes = await this.bytes(limit);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  }

  /**
   * The whole body parsed as JSON; `limit` as for {@link bytes}.
   *
   * @throws HttpError 400 when the body is not JSON
   */
  async json(limit?: number): Promise<unknown> {
    const text = await this.text(limit);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new HttpError(400, `the request body is not JSON: ${(error as Error).message}`);
    }
  }
}
