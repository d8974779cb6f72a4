/**
 * {@link createServer} and {@link H1Server}: the listening socket (its own, or attached `net.Server`s), the set of
 * open connections, the timeout sweep and graceful shutdown.
 *
 * @module
 */
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { Connection, type ConnectionHost, type Handler } from './connection.js';
import { echoHandler } from './echo-handler.js';
import { ListenError } from './listen-error.js';
import { callSafely } from './call-safely.js';
import { deadlineClock } from './clock.js';
import { type AccessLogEntry, logError, resolveServerOptions, type ServerOptions, type ServerOptionsInit } from './options.js';
import { ParserPool } from './parser-pool.js';
import { readProxyIntake } from './proxy-intake.js';
import type { RemoteInfo } from './request.js';
import type { ProxyProtocolMode } from '../wire/proxy-header.js';

/** Counters a server keeps, for tests and monitoring. */
export interface ServerStats {
  /** Connections accepted since the server started. */
  readonly accepted: number;
  /** Connections closed at once because `maxConnections` were open. */
  readonly rejected: number;
  /** Connections open now. */
  readonly open: number;
  /** Requests parsed and not yet answered, over all open connections. */
  readonly queued: number;
}

/**
 * An HTTP/1.1 server on `node:net`: every accepted socket gets a connection of its own that parses with h1ref's
 * parser and answers with the handler.
 *
 * What node:http reports as events, it reports through callbacks in its options, like the access log:
 * `onListening` (`listening`), `onError` (`error` of the listening socket), `onClose` (`close`), `onHandlerError`
 * (a handler's failure, with its request) and `onAccessLog` (every exchange, with the error code of a request the
 * server refused: node's `clientError`). `listen()` and `close()` also return promises of the same moments.
 */
export class H1Server implements ConnectionHost {
  /** The options in force, defaults filled in. */
  readonly options: ServerOptions;
  /** The request handler. */
  readonly handler: Handler;
  /** @internal The connections' parsers, kept for reuse (see {@link ConnectionHost}). */
  readonly parsers: ParserPool;
  private readonly listener: net.Server;
  // net.Servers made elsewhere whose connections this server serves (see attach).
  private readonly attached: net.Server[] = [];
  private readonly connections = new Set<Connection>();
  // Connections still waiting for their PROXY header: the function that abandons each.
  private readonly proxyIntakes = new Set<() => void>();
  private sweep: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private whenEmpty: (() => void) | null = null;
  private acceptedCount = 0;
  private rejectedCount = 0;

  /**
   * @param handler - the request handler
   * @param options - the options; see {@link ServerOptions}
   */
  constructor(handler: Handler, options: ServerOptionsInit = {}) {
    this.handler = handler;
    this.options = resolveServerOptions(options);
    this.parsers = new ParserPool({ limits: this.options.limits, lenient: this.options.lenient });
    // allowHalfOpen: a client that shuts down its sending side after the request still gets the response; the
    // connection decides when to end our side. noDelay: responses are written whole, so Nagle only adds latency.
    this.listener = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket));
    // Errors while starting to listen reject listen(); once listening, the socket's errors (a failed accept) are
    // reported and the server goes on.
    this.listener.on('error', (error: Error) => {
      if (this.listener.listening) callSafely(this.options.onError, error, this.options.onHandlerError);
    });
  }

  /** Counters; see {@link ServerStats}. */
  get stats(): ServerStats {
    let queued = 0;
    for (const connection of this.connections) queued += connection.queued;
    return { accepted: this.acceptedCount, rejected: this.rejectedCount, open: this.connections.size, queued };
  }

  /**
   * The address the server listens on, once it does (the actual port when 0 was asked for); for a server that
   * only serves an attached `net.Server`, that server's address.
   */
  address(): AddressInfo | null {
    const address = this.listener.address() ?? this.attached[0]?.address() ?? null;
    return address !== null && typeof address === 'object' ? address : null;
  }

  /**
   * Starts listening on `port` and `host` when given (as node:http's `server.listen(port, host)`), otherwise on the
   * configured ones, with the configured backlog; then calls `onListening`.
   *
   * @param port - the TCP port, 0 for a free one; default the `port` option
   * @param host - the address; default the `host` option
   * @returns the address actually bound
   * @throws ListenError (as a rejection) naming the cause: port in use, permission denied, unknown address, …;
   * RangeError (as a rejection) for a port that is not an integer from 0 to 65535
   */
  listen(port: number = this.options.port, host: string = this.options.host): Promise<AddressInfo> {
    if (!Number.isInteger(port) || port < 0 || port > 65535) return Promise.reject(new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`));
    const { backlog } = this.options;
    return new Promise((resolve, reject) => {
      const onError = (error: unknown): void => reject(new ListenError(host, port, error));
      this.listener.once('error', onError);
      const listenOptions: net.ListenOptions = { host, port };
      if (backlog > 0) listenOptions.backlog = backlog;
      this.listener.listen(listenOptions, () => {
        this.listener.off('error', onError);
        this.startSweep();
        const address = this.address()!;
        const onListening = this.options.onListening;
        if (onListening !== undefined) callSafely(onListening, address, this.options.onHandlerError);
        resolve(address);
      });
    });
  }

  /**
   * Serves the connections of a `net.Server` made elsewhere (node:http's `server.emit('connection', socket)`
   * pattern, or a server shared with other protocols): every socket it emits as `connection` from now on is this
   * server's, as if accepted by {@link listen}. Each socket is given the settings of the server's own listener
   * (half-open allowed, so that a client that shuts down its side after the request still gets the response;
   * no Nagle delay). The `net.Server` stays its owner's: its errors and its `listen` and `close` are not this
   * server's; {@link close} stops taking its connections and closes the ones taken. A `tls.Server` is not
   * supported (its `connection` sockets carry TLS records).
   *
   * @param netServer - the server whose connections to serve
   * @returns this server
   * @throws Error once {@link close} has been called
   */
  attach(netServer: net.Server): this {
    if (this.closing !== null) throw new Error('h1ref: attach() after close()');
    netServer.on('connection', this.acceptAttached);
    this.attached.push(netServer);
    this.startSweep();
    return this;
  }

  private readonly acceptAttached = (socket: Socket): void => {
    // What our own listener is created with (see the constructor), for a socket someone else's accepted.
    socket.allowHalfOpen = true;
    socket.setNoDelay(true);
    this.accept(socket);
  };

  /**
   * Graceful shutdown: stops accepting (and taking an attached server's connections), closes idle connections,
   * lets in-flight exchanges finish (the last response on each connection carries `Connection: close`), and
   * destroys whatever is still open after `timeoutMs`. Resolves when every connection has closed, after calling
   * `onClose`. Calling it again returns the same promise.
   *
   * @param timeoutMs - how long in-flight exchanges may take; default 10000
   */
  close(timeoutMs = 10_000): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        for (const connection of this.connections) connection.destroy();
      }, timeoutMs);
      let listenerClosed = false;
      const maybeDone = (): void => {
        if (!listenerClosed || this.connections.size !== 0 || this.proxyIntakes.size !== 0) return;
        this.whenEmpty = null;
        clearTimeout(deadline);
        this.stopSweep();
        const onClose = this.options.onClose;
        if (onClose !== undefined) callSafely(onClose, undefined, this.options.onHandlerError);
        resolve();
      };
      this.whenEmpty = maybeDone;
      for (const attached of this.attached) attached.off('connection', this.acceptAttached);
      // net.Server calls back once its own count of sockets is zero, which can be a tick before each socket's
      // 'close' reaches its Connection: wait for both.
      this.listener.close(() => {
        listenerClosed = true;
        maybeDone();
      });
      for (const connection of this.connections) connection.shutdown();
      // A connection still sending its PROXY header has sent no request: nothing to finish.
      for (const abandon of [...this.proxyIntakes]) abandon();
    });
    return this.closing;
  }

  /** @internal How many connections are open. */
  get openConnections(): number {
    return this.connections.size;
  }

  /** @internal Called by a connection when its socket has closed. */
  connectionClosed(connection: Connection): void {
    this.connections.delete(connection);
    if (this.connections.size === 0) this.whenEmpty?.();
  }

  private accept(socket: Socket): void {
    if (this.closing !== null || this.connections.size + this.proxyIntakes.size >= this.options.maxConnections) {
      // Beyond the cap, refusing costs nothing but a close; answering 503 would cost a lingering close each.
      this.rejectedCount++;
      socket.destroy();
      return;
    }
    this.acceptedCount++;
    if (this.options.proxyProtocol !== 'off') {
      this.acceptProxied(socket);
      return;
    }
    this.serve(socket);
  }

  // A connection that begins with a PROXY header (see proxy-intake.ts): the connection is made once the header is
  // read, with the client's address from it; until then the socket counts against maxConnections and is destroyed
  // by a shutdown.
  private acceptProxied(socket: Socket): void {
    const via = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const startedAt = performance.now();
    const abandon = readProxyIntake(socket, this.options.proxyProtocol as ProxyProtocolMode, this.options.headersTimeout, (result) => {
      this.proxyIntakes.delete(abandon);
      if ('error' in result) {
        const log = this.options.onAccessLog;
        const entry: AccessLogEntry = {
          method: '-', target: '-', status: 0, bytes: 0, ms: performance.now() - startedAt, time: Date.now(),
          remoteAddress: via.address,
          error: logError(result.error.code, result.error.message, result.error.offset),
        };
        if (log !== undefined) callSafely(log, entry, this.options.onHandlerError);
        this.whenEmpty?.();
        return;
      }
      const { header } = result;
      // LOCAL, UNKNOWN and unspecified families carry no client address: the real endpoints apply (§2.1, §2.2).
      const source = header.command === 'proxy' ? header.source : undefined;
      const remote: RemoteInfo = { address: source?.address ?? via.address, port: source?.port ?? (source === undefined ? via.port : 0), proxy: { header, via } };
      this.serve(socket, remote);
      socket.resume();
    });
    this.proxyIntakes.add(abandon);
  }

  private serve(socket: Socket, remote?: RemoteInfo): void {
    if (this.options.onConnection !== undefined) {
      // An application callback: what it throws is reported, and the connection is served all the same.
      try {
        this.options.onConnection(socket);
      } catch (error) {
        this.options.onHandlerError(error);
      }
    }
    this.connections.add(new Connection(socket, this, remote));
  }

  // One timer for every deadline of every connection: the resolution is a fraction of the shortest timeout, so
  // 10,000 idle connections cost one timer, not 10,000.
  private startSweep(): void {
    if (this.sweep !== null) return;
    const o = this.options;
    const timeouts = [o.headersTimeout, o.bodyTimeout, o.keepAliveTimeout, o.handlerTimeout, o.sendTimeout, o.lingerTimeout]
      .filter((t) => t > 0);
    const shortest = timeouts.length === 0 ? 1000 : Math.min(...timeouts);
    const interval = Math.min(1000, Math.max(10, Math.floor(shortest / 5)));
    this.sweep = setInterval(() => {
      const now = deadlineClock();
      for (const connection of this.connections) connection.checkTimeouts(now);
    }, interval);
    this.sweep.unref();
  }

  private stopSweep(): void {
    if (this.sweep !== null) clearInterval(this.sweep);
    this.sweep = null;
  }
}

/**
 * Creates a server; call `listen()` to start it.
 *
 * ```ts
 * const server = createServer(async (req, res) => {
 *   res.headers.set('Content-Type', 'text/plain');
 *   await res.end(`hello ${req.target}\n`);
 * }, { port: 0 });
 * const { port } = await server.listen();
 * // …
 * await server.close();
 * ```
 *
 * @param handler - the request handler; the echo handler by default
 * @param options - see {@link ServerOptions}
 */
export function createServer(handler: Handler = echoHandler, options: ServerOptionsInit = {}): H1Server {
  return new H1Server(handler, options);
}
