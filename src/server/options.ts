/**
 * Server options and their defaults: where to listen, how long each phase of an exchange may take, how much a
 * peer can make the server hold, and the parser's limits and leniencies.
 *
 * Timeout names follow Node's `http.createServer` where the meaning is the same (`headersTimeout`,
 * `keepAliveTimeout`), so that Node users recognise them.
 *
 * @module
 */
import type { AddressInfo, Socket } from 'node:net';
import type { ParserLeniency, ParserLimits } from '../parser/options.js';
import { DEFAULT_LIMITS, STRICT } from '../parser/options.js';
import type { ProxyProtocolMode } from '../wire/proxy-header.js';
import type { ServerRequest } from './request.js';

/** One finished exchange, as the access log sees it. */
export interface AccessLogEntry {
  /** The request method, or `-` when the request head never completed (a parse error, a timeout). */
  readonly method: string;
  /** The request-target as received, or `-`. */
  readonly target: string;
  /** The final status sent, or 0 when the connection was aborted before a status line went out. */
  readonly status: number;
  /** Response body bytes handed to the socket (after framing is removed: chunk sizes are not counted). */
  readonly bytes: number;
  /** Milliseconds from the complete request head (or the error) to the end of the response. */
  readonly ms: number;
  /**
   * When the exchange ended (its response was written, or the connection refused or aborted), as `Date.now()`
   * milliseconds since the epoch: a number, so that logging costs no formatting unless a line is printed
   * (`h1ref serve` prints it as an ISO 8601 UTC time).
   */
  readonly time: number;
  /** The peer's address, as the socket reports it (the client's, from a PROXY header, when one was read). */
  readonly remoteAddress: string;
  /**
   * Why the server answered the request itself, or refused the connection, when it did: the parser's code for a
   * request it refused (e.g. `INVALID_TARGET`, `HEAD_TIMEOUT`), the server's own (`BODY_TIMEOUT`,
   * `HANDLER_TIMEOUT`, `HANDLER_ERROR`), `REJECTED_BY_HANDLER` for a handler's `HttpError` (answered with the
   * error's own status and body), or `INVALID_PROXY_HEADER` for a connection refused before any request. Absent
   * when the handler's response went out.
   */
  readonly error?: {
    /** The error's code, e.g. `INVALID_TARGET` or `INVALID_PROXY_HEADER`. */
    readonly code: string;
    /** What was wrong, and where. */
    readonly message: string;
  };
}

/**
 * The `error` of an access-log entry: the code, and the message with the byte where the problem was found when
 * there is one (a parser's refusal, a PROXY header's).
 */
export function logError(code: string, message: string, offset?: number): NonNullable<AccessLogEntry['error']> {
  return { code, message: offset === undefined ? message : `${message} (byte ${offset})` };
}

/** Everything configurable about a server; every member has a default (see {@link DEFAULT_SERVER_OPTIONS}). */
export interface ServerOptions {
  /** The address to listen on. `0.0.0.0` or `::` for every interface. Default `127.0.0.1`. */
  readonly host: string;
  /** The TCP port; 0 picks a free one (read it back from `server.address()`). Default 8080. */
  readonly port: number;
  /**
   * The listen backlog; 0 lets the system choose its maximum (Node passes 511, which the kernel caps at
   * `somaxconn`). Default 0.
   */
  readonly backlog: number;

  /**
   * Milliseconds a client may take to send a complete request head, counted from the connection's start or
   * from the first byte of the head (slow-header attacks). Exceeded → 408 and close (RFC 9110 §15.5.9).
   * Default 60000, as Node's. 0 disables it.
   */
  readonly headersTimeout: number;
  /**
   * Milliseconds a client may stay silent in the middle of a request body while the server is ready to read it.
   * Exceeded → 408 and close when no response has started, otherwise the connection is aborted. Default 30000.
   * 0 disables it.
   */
  readonly bodyTimeout: number;
  /**
   * Milliseconds an idle persistent connection is kept between requests (RFC 9112 §9.5 lets either side close an
   * idle connection at any time). Default 5000, as Node's. 0 disables it.
   */
  readonly keepAliveTimeout: number;
  /**
   * Milliseconds a handler may take from its start to the end of its response. Exceeded → 503 and close when
   * nothing was sent, otherwise the connection is aborted. Default 0 (off).
   */
  readonly handlerTimeout: number;
  /**
   * Milliseconds the server waits for a client to accept more response bytes while some are waiting in the
   * socket's buffer; exceeded → the connection is destroyed (a client that never reads). Default 60000.
   * 0 disables it.
   */
  readonly sendTimeout: number;
  /**
   * Milliseconds of lingering close: after the server ends its side, it keeps reading and discarding what the
   * client still sends, so the client's kernel does not answer our response with a reset before the client
   * read it (RFC 9112 §9.6). Default 2000.
   */
  readonly lingerTimeout: number;
  /** Bytes read and discarded during a lingering close before the socket is destroyed anyway. Default 262144. */
  readonly lingerMaxBytes: number;

  /** Open connections beyond which new ones are closed as soon as they are accepted. Default 16384. */
  readonly maxConnections: number;
  /**
   * Parsed requests a connection holds waiting for their turn (pipelining, RFC 9112 §9.3.2), the one being
   * answered included; when the queue is full the server stops reading from that socket. Default 16.
   */
  readonly maxPipelinedRequests: number;
  /**
   * Bytes of request body received but not yet consumed by the handler beyond which the server stops reading
   * from the socket until the handler catches up. Default 65536.
   */
  readonly bodyHighWaterMark: number;

  /** The parser's size and count limits. */
  readonly limits: ParserLimits;
  /** The parser's leniencies (all off by default). */
  readonly lenient: ParserLeniency;

  /**
   * Called once per finished exchange (the CLI prints it); what it throws goes to `onHandlerError`. This is where
   * a client's errors show (node:http's `clientError`): a request the server refused has its parser code in
   * `error`. Default: nothing.
   */
  readonly onAccessLog: ((entry: AccessLogEntry) => void) | undefined;
  /**
   * Called with each accepted socket before the server reads from it, so that a listener added here sees every
   * byte first (the raw echo records the bytes of each request this way). It must not read, pause or write.
   * Default: nothing.
   */
  readonly onConnection: ((socket: Socket) => void) | undefined;
  /**
   * Whether every connection starts with a PROXY protocol header (HAProxy's PROXY protocol specification), as a
   * load balancer in front of the server sends it: `v1` (text), `v2` (binary), `any` (either), or `off` (the
   * default). When on, a connection without a valid header, or whose header does not complete within
   * `headersTimeout`, is closed without a response and logged (with `error`); the client's address from the
   * header is the request's `remoteAddress`, and the header is on `request.remote.proxy`. Only turn it on behind a
   * balancer that always sends the header: anyone who can connect directly could claim any address.
   */
  readonly proxyProtocol: 'off' | ProxyProtocolMode;
  /**
   * Called with every error a handler throws (or a rejected promise it returns), after the server answered or
   * aborted, with the request it was handling; also with a response body stream's failure, and with what
   * `onAccessLog` or another callback throws (no request then). An `HttpError`, a client's malformed body
   * and a connection that went away are not handler errors and are not reported. Default: `console.error`.
   */
  readonly onHandlerError: (error: unknown, request?: ServerRequest) => void;
  /**
   * Called when the server starts listening (by `listen()`), with the address bound: node:http's
   * `listening` event. Default: nothing.
   */
  readonly onListening: ((address: AddressInfo) => void) | undefined;
  /**
   * Called with an error of the listening socket once it listens (accepting a connection failed, e.g. `EMFILE`
   * when the process is out of file descriptors): node:http's `error` event. The server goes on listening. An error
   * while starting to listen is not reported here: `listen()` rejects with a `ListenError`. Default:
   * `console.error`.
   */
  readonly onError: (error: Error) => void;
  /** Called once `close()` has finished (every connection closed): node:http's `close`. Default: nothing. */
  readonly onClose: (() => void) | undefined;
}

/** What {@link createServer} accepts: any subset of {@link ServerOptions}, limits and leniencies member by member. */
export type ServerOptionsInit = Partial<Omit<ServerOptions, 'limits' | 'lenient'>> & {
  /** Limits to override. */
  readonly limits?: Partial<ParserLimits>;
  /** Leniencies to turn on. */
  readonly lenient?: Partial<ParserLeniency>;
};

/** The defaults. */
export const DEFAULT_SERVER_OPTIONS: ServerOptions = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  backlog: 0,
  headersTimeout: 60_000,
  bodyTimeout: 30_000,
  keepAliveTimeout: 5_000,
  handlerTimeout: 0,
  sendTimeout: 60_000,
  lingerTimeout: 2_000,
  lingerMaxBytes: 256 * 1024,
  maxConnections: 16_384,
  maxPipelinedRequests: 16,
  bodyHighWaterMark: 64 * 1024,
  limits: DEFAULT_LIMITS,
  lenient: STRICT,
  onAccessLog: undefined,
  onConnection: undefined,
  proxyProtocol: 'off',
  onHandlerError: (error: unknown) => console.error('h1ref: handler error:', error),
  onListening: undefined,
  onError: (error: Error) => console.error('h1ref: server error:', error),
  onClose: undefined,
});

const NON_NEGATIVE_INTEGERS = [
  'port', 'backlog', 'headersTimeout', 'bodyTimeout', 'keepAliveTimeout', 'handlerTimeout', 'sendTimeout',
  'lingerTimeout', 'lingerMaxBytes', 'maxConnections', 'maxPipelinedRequests', 'bodyHighWaterMark',
] as const;

/**
 * Fills in the defaults and checks every number, so a typo fails at startup rather than as odd behaviour later.
 *
 * @throws RangeError for a negative or non-integer number, a port above 65535, or a queue of fewer than one request
 */
export function resolveServerOptions(init: ServerOptionsInit = {}): ServerOptions {
  const options: ServerOptions = {
    ...DEFAULT_SERVER_OPTIONS,
    ...stripUndefined(init),
    limits: { ...DEFAULT_LIMITS, ...stripUndefined(init.limits ?? {}) },
    lenient: { ...STRICT, ...stripUndefined(init.lenient ?? {}) },
  };
  for (const key of NON_NEGATIVE_INTEGERS) {
    const value = options[key];
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${key} must be a non-negative integer, got ${String(value)}`);
  }
  for (const [key, value] of Object.entries(options.limits)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`limits.${key} must be a non-negative integer, got ${String(value)}`);
  }
  if (options.port > 65535) throw new RangeError(`port must be at most 65535, got ${options.port}`);
  if (options.maxPipelinedRequests < 1) throw new RangeError('maxPipelinedRequests must be at least 1');
  if (!['off', 'v1', 'v2', 'any'].includes(options.proxyProtocol)) throw new RangeError(`proxyProtocol must be off, v1, v2 or any, got ${String(options.proxyProtocol)}`);
  return options;
}

// `{ port: undefined }` means "the default", as it would for an absent member.
function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
