/**
 * {@link Connection}: the per-connection state machine that drives a {@link RequestParser} with a socket's bytes
 * and turns its events into exchanges with the handler.
 *
 * Theory of operation. Bytes from the socket go to the parser; the events it returns are kept in `pending` and
 * fed one at a time. A `head` event creates an {@link Exchange} at the tail of the queue (pipelining, RFC 9112
 * §9.3.2); `data`, `trailers` and `end` go to the exchange whose body is being read; an `error` either fails that
 * body or becomes a server answer at the tail of the queue. Exchanges are answered strictly one at a time, in
 * order: the handler of the exchange at the head of the queue runs, and the next one starts only when its
 * response is complete and its request has been read to the end — so responses can never be reordered, and a
 * handler never competes with another for the socket.
 *
 * Nothing grows without bound. Feeding stops at a `head` event while the queue is full, the socket is paused
 * while the queue is full, while the current body holds more unconsumed bytes than the high-water mark, and
 * while the socket's write buffer is full; then at most one socket read (already parsed) is held. Every state in
 * which the server waits for the peer has a deadline, checked by the server's sweep ({@link checkTimeouts}).
 *
 * Every close after a response is a lingering close (RFC 9112 §9.6): end our side once the response is flushed,
 * keep reading and discarding for a bounded time and size, then destroy — so a client that was still sending
 * reads our response instead of a reset.
 *
 * States. The connection moves forward through `open → draining → discarding → lingering → closed` (any step may
 * be skipped), and each exchange through `queued → handling → sending → done`; both change only through their
 * `transition()`, checked against the tables in `states.ts`, where each step's cause is listed. What stays
 * outside the lifecycle are facts that do not order: the client ended its side, the server is shutting down,
 * no request has been seen yet.
 *
 * Writing (joining small pieces, corking pipelined batches, waiting for `drain`) is {@link SocketOutput}'s.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ParserEvent, RequestHead } from '../parser/events.js';
import type { ParserPhase } from '../parser/message-parser.js';
import type { RequestParser } from '../parser/request-parser.js';
import { ProtocolError } from '../wire/protocol-error.js';
import { type ErrorDescription, errorResponseBytes, serverError } from './error-response.js';
import { Exchange } from './exchange.js';
import { ConnectionClosedError, HttpError } from './http-error.js';
import { logError, type ServerOptions } from './options.js';
import { callSafely } from './call-safely.js';
import { deadlineClock } from './clock.js';
import { createRequest, type RemoteInfo, type ServerRequest } from './request.js';
import { answerHttpError } from './rejection.js';
import { createResponse, RESOLVED, type ServerResponse } from './response.js';
import type { ParserPool } from './parser-pool.js';
import { SocketOutput } from './socket-output.js';
import {
  CLOSED, CONNECTION_MACHINE, type ConnectionState, DISCARDING, DONE, DRAINING, HANDLING, LINGERING, OPEN, QUEUED, SENDING, step,
} from './states.js';

/**
 * A request handler: reads the request, fills in the response. When its promise resolves the response is ended
 * if the handler did not end it. When it throws (or rejects) before the response started, the client gets 500
 * (or the status of an {@link HttpError}); after that the connection is aborted. The server goes on either way.
 */
export type Handler = (request: ServerRequest, response: ServerResponse) => void | Promise<void>;

/** The socket's peer as a {@link RemoteInfo}, read from the socket on first use (Node keeps it after that). */
class SocketRemote implements RemoteInfo {
  constructor(private readonly socket: Socket) {}
  get address(): string {
    return this.socket.remoteAddress ?? '';
  }
  get port(): number {
    return this.socket.remotePort ?? 0;
  }
}

/** What a connection needs from its server. */
export interface ConnectionHost {
  /** The options in force. */
  readonly options: ServerOptions;
  /** Where a connection takes its parser from, and gives it back to when it no longer needs it. */
  readonly parsers: ParserPool;
  /** The handler. */
  readonly handler: Handler;
  /** Called once, when the socket has closed. */
  connectionClosed(connection: Connection): void;
  /** How many connections are open. */
  readonly openConnections: number;
}

// Reasons reading is paused; reading resumes when none is left.
const PAUSE_QUEUE = 1; // the queue of waiting requests is full
const PAUSE_BODY = 2; // the handler has not consumed the body
const PAUSE_WRITE = 4; // the socket's write buffer is full
const PAUSE_IGNORED = 8; // input is no longer wanted

// `idleSince` of a connection that went idle after the last sweep.
const IDLE_UNSTAMPED = -1;

// How long a connection stays idle before its parser is released.
const PARSER_RELEASE_MS = 1000;
// Above this many open connections, a connection releases its parser as soon as it is idle.
const MANY_CONNECTIONS = 1024;

// The socket's link to its connection, cut when the socket closes (see onClose): null from then on.
const OWNER = Symbol('h1ref.connection');
type OwnedSocket = Socket & { [OWNER]: Connection | null };

function onSocketData(this: Socket, chunk: Buffer): void {
  (this as OwnedSocket)[OWNER]?.onData(chunk);
}
function onSocketEnd(this: Socket): void {
  (this as OwnedSocket)[OWNER]?.onEnd();
}
function onSocketDrain(this: Socket): void {
  (this as OwnedSocket)[OWNER]?.onDrain();
}
function onSocketError(this: Socket): void {
  (this as OwnedSocket)[OWNER]?.destroy();
}
function onSocketClose(this: Socket): void {
  (this as OwnedSocket)[OWNER]?.onClose();
}

const NO_EVENTS: readonly ParserEvent<RequestHead>[] = Object.freeze([]);
// The queue of a connection holding no storage for one: shared, never written (see enqueue).
const IDLE_QUEUE: Exchange[] = Object.freeze([]) as unknown as Exchange[];
function ignoreError(): void {}
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/** One accepted socket and the exchanges on it. */
export class Connection {
  /** The socket. */
  readonly socket: Socket;
  private readonly host: ConnectionHost;
  private readonly options: ServerOptions;
  // Created on the first byte of a request and dropped again when the connection has been idle for a while
  // (see checkTimeouts): an idle keep-alive connection then holds no parser at all.
  private parser: RequestParser | null = null;
  private readonly peer: RemoteInfo;

  private pending: readonly ParserEvent<RequestHead>[] = NO_EVENTS;
  private pendingAt = 0;
  // IDLE_QUEUE until the first request, and again after an idle connection lets go of its storage.
  private queue: Exchange[] = IDLE_QUEUE;
  private reading: Exchange | null = null;
  private pauses = 0;
  private pumping = false;
  private pumpAgain = false;

  // The lifecycle (see states.ts); changed only by transition().
  private current: ConnectionState = OPEN;
  private shuttingDown = false;
  private clientEnded = false;
  private lingerStartedAt = 0;
  private lingerBytes = 0;
  private readonly output: SocketOutput;

  // Deadlines (see checkTimeouts).
  private fresh = true;
  private headStartedAt: number;
  // When the connection last went idle: 0 while it is not, IDLE_UNSTAMPED until the next sweep notes the time.
  private idleSince = 0;
  private lastBodyAt = 0;
  private lastFlushed = 0;
  private lastFlushAt = 0;

  /**
   * @param socket - a socket just accepted
   * @param host - the server
   * @param remote - where the requests come from, when not the socket's peer (a PROXY header said otherwise)
   */
  constructor(socket: Socket, host: ConnectionHost, remote?: RemoteInfo) {
    this.socket = socket;
    this.host = host;
    this.options = host.options;
    // The socket's peer is read when someone asks (a getpeername system call per connection otherwise), except when
    // the access log will: then now, while the socket is surely open.
    this.peer = remote ?? new SocketRemote(socket);
    if (this.options.onAccessLog !== undefined) void this.peer.address;
    this.output = new SocketOutput(socket);
    const now = deadlineClock();
    this.headStartedAt = now;
    this.lastFlushAt = now;
    // Shared listener functions find their connection on the socket: no closures per connection.
    (socket as OwnedSocket)[OWNER] = this;
    socket.on('data', onSocketData);
    socket.on('end', onSocketEnd);
    socket.on('drain', onSocketDrain);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
  }

  /** @internal The connection's lifecycle state (see states.ts). */
  get state(): ConnectionState {
    return this.current;
  }

  /**
   * @internal The one way the lifecycle changes: a step the table in states.ts does not allow is a bug.
   * @throws IllegalTransitionError
   */
  transition(to: ConnectionState): void {
    this.current = step(CONNECTION_MACHINE, this.current, to);
  }

  // No request after the queued ones will be taken (the parser stopped, the client ended, shutdown).
  private stopTaking(): void {
    if (this.current === OPEN) this.transition(DRAINING);
  }

  // The parser's output is no longer wanted (it failed, a timeout ended the request, a tunnel was refused).
  private stopParsing(): void {
    if (this.current < DISCARDING) this.transition(DISCARDING);
  }

  // The parser's phase; a connection without a parser is between requests.
  private get phase(): ParserPhase {
    return this.parser === null ? 'idle' : this.parser.phase;
  }

  /** Requests parsed and not yet answered (the one being answered included). */
  get queued(): number {
    return this.queue.length;
  }

  /** Whether the connection holds no exchange and no partial request (safe to close at once). */
  get idle(): boolean {
    return this.queue.length === 0 && this.phase === 'idle' && this.pendingAt >= this.pending.length;
  }

  /**
   * Graceful shutdown: answer the requests already received, take no new ones, close when done. An idle
   * connection (or one holding only part of a head) is closed now.
   */
  shutdown(): void {
    if (this.current >= LINGERING) return;
    this.shuttingDown = true;
    this.stopTaking();
    if (this.queue.length === 0) {
      this.beginClose();
      return;
    }
    this.pump();
  }

  /** Closes the socket at once, abandoning whatever is in flight. */
  destroy(): void {
    if (this.current === CLOSED) return;
    this.socket.destroy();
  }

  /**
   * Applies every deadline that is due (called periodically by the server's sweep).
   *
   * Each deadline measures a wait for the peer, so none runs while the server itself is the one holding things
   * up (reading paused for backpressure, a client told to wait for `100 Continue`).
   *
   * @param now - the time, by {@link deadlineClock}
   */
  checkTimeouts(now: number): void {
    const state = this.current;
    if (state === CLOSED) return;
    const o = this.options;
    const socket = this.socket;

    // The peer is not taking our bytes.
    if (socket.writableLength > 0) {
      const flushed = socket.bytesWritten - socket.writableLength;
      if (flushed !== this.lastFlushed) {
        this.lastFlushed = flushed;
        this.lastFlushAt = now;
      } else if (o.sendTimeout > 0 && now - this.lastFlushAt >= o.sendTimeout) {
        this.destroy();
        return;
      }
    } else {
      this.lastFlushAt = now;
    }

    if (state === LINGERING) {
      // The lingering close's time runs from when our side finished (the response flushed, our FIN sent), as
      // noted by the sweep, like the start of an idle period; until then the send timeout above applies.
      if (this.lingerStartedAt === 0) {
        if (socket.writableFinished) this.lingerStartedAt = now;
      } else if (now - this.lingerStartedAt >= o.lingerTimeout) {
        this.destroy();
      }
      return;
    }

    const active = this.queue[0];
    if (active !== undefined && active.handlerRunning && o.handlerTimeout > 0 && now - active.handlerStartedAt >= o.handlerTimeout) {
      this.failExchange(active, serverError('HANDLER_TIMEOUT', `the handler did not finish within ${o.handlerTimeout} ms`));
      return;
    }

    if (this.pauses !== 0 || state >= DISCARDING) return;
    const phase = this.phase;
    if (phase === 'body') {
      const reading = this.reading;
      // A client that asked for 100-continue waits for us until the handler reads or answers (RFC 9110 §10.1.1).
      if (reading === null || (reading.head!.expectContinue && !reading.continueSent && !reading.headSent)) return;
      if (o.bodyTimeout > 0 && now - this.lastBodyAt >= o.bodyTimeout) {
        this.failReading(serverError('BODY_TIMEOUT', `the request body stalled for ${o.bodyTimeout} ms`));
      }
      return;
    }
    if (state !== OPEN) return;
    if (phase === 'head' || (phase === 'idle' && this.fresh && this.queue.length === 0)) {
      if (this.headStartedAt === 0) this.headStartedAt = now;
      if (o.headersTimeout > 0 && now - this.headStartedAt >= o.headersTimeout) {
        if (phase === 'idle') {
          // Nothing was ever sent: there is no request to answer (RFC 9112 §9.5 allows closing an idle connection).
          this.beginClose();
        } else {
          this.failBetweenRequests(new ProtocolError('HEAD_TIMEOUT', `the request head did not complete within ${o.headersTimeout} ms`, this.parser?.bytesReceived ?? 0));
        }
      }
    } else if (phase === 'idle' && this.queue.length === 0 && this.idleSince !== 0) {
      if (this.idleSince === IDLE_UNSTAMPED) this.idleSince = now;
      if (o.keepAliveTimeout > 0 && now - this.idleSince >= o.keepAliveTimeout) {
        this.beginClose();
      } else if (this.parser !== null && now - this.idleSince >= PARSER_RELEASE_MS && this.pendingAt >= this.pending.length) {
        this.releaseIdleMemory();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reading.

  /** @internal Bytes from the socket. */
  onData(chunk: Buffer): void {
    const state = this.current;
    if (state === LINGERING) {
      this.lingerBytes += chunk.length;
      if (this.lingerBytes > this.options.lingerMaxBytes) this.destroy();
      return;
    }
    if (state >= DISCARDING) {
      // Nothing more will be read from this connection: stop reading (TCP pushes back on the client) until the
      // lingering close, which reads and discards with its own limits.
      this.pause(PAUSE_IGNORED);
      return;
    }
    const parser = (this.parser ??= this.host.parsers.take());
    const events = parser.push(chunk);
    let heads = 0;
    for (let i = 0; i < events.length; i++) if (events[i]!.type === 'head') heads++;
    const sawHead = heads !== 0;
    // Pipelined requests: their responses are produced in this turn of the event loop (handler by handler,
    // through promise jobs). Hold the writes and send them together once the turn is over.
    if (heads > 1) this.output.corkForTurn();
    if (this.pendingAt < this.pending.length) {
      // Only possible if a read was already under way when we paused: keep every event, in order.
      this.pending = this.pending.slice(this.pendingAt).concat(events);
    } else {
      this.pending = events;
    }
    this.pendingAt = 0;
    // The clock is read only when a deadline starts: a read that completes its requests starts none.
    const phase = parser.phase;
    if (phase === 'head') {
      if (sawHead || this.headStartedAt === 0) this.headStartedAt = deadlineClock();
    } else if (!this.fresh || sawHead) {
      this.headStartedAt = 0;
    }
    if (phase === 'body') this.lastBodyAt = deadlineClock();
    this.pump();
  }

  /** @internal The client ended its side. */
  onEnd(): void {
    this.clientEnded = true;
    const state = this.current;
    if (state === LINGERING) return; // the socket closes itself once our side has finished too
    if (state >= DISCARDING) {
      this.pump();
      return;
    }
    // The client will send nothing more: a message cut short is an error (RFC 9112 §8); between messages the
    // queued requests are still answered, then the connection closes.
    const events = this.parser === null ? NO_EVENTS : this.parser.finish();
    if (events.length !== 0) {
      this.pending = this.pending.slice(this.pendingAt).concat(events);
      this.pendingAt = 0;
    }
    this.stopTaking();
    this.pump();
  }

  // Feeds pending parser events to the exchanges, stopping at a head while the queue is full.
  private feed(): void {
    while (this.pendingAt < this.pending.length) {
      if (this.current >= DISCARDING) break;
      const event = this.pending[this.pendingAt]!;
      if (event.type === 'head') {
        if (this.shuttingDown) {
          // Shutdown takes no new request: drop it and everything after it.
          this.stopParsing();
          break;
        }
        if (this.queue.length >= this.options.maxPipelinedRequests) {
          this.pause(PAUSE_QUEUE);
          return;
        }
      }
      this.pendingAt++;
      this.handleEvent(event);
    }
    this.pending = NO_EVENTS;
    this.pendingAt = 0;
    this.unpause(PAUSE_QUEUE);
  }

  private handleEvent(event: ParserEvent<RequestHead>): void {
    switch (event.type) {
      case 'head':
        this.onHead(event.head);
        return;
      case 'data': {
        const reading = this.reading;
        if (reading === null) return;
        const body = reading.body!;
        body.push(event.data);
        if (body.buffered > this.options.bodyHighWaterMark) this.pause(PAUSE_BODY);
        return;
      }
      case 'chunk':
        return;
      case 'trailers':
        this.reading?.body?.setTrailers(event.trailers);
        return;
      case 'end': {
        const reading = this.reading;
        this.reading = null;
        if (reading !== null) {
          reading.body!.end();
          this.unpause(PAUSE_BODY);
        }
        return;
      }
      case 'paused':
        if (event.reason === 'upgrade') {
          // RFC 9110 §7.8: a server MAY ignore Upgrade and go on with HTTP/1.1; h1ref never switches, so the
          // bytes after the request are parsed as the next request (a client waits for 101 before switching).
          const events = this.parser!.resume();
          this.pending = events.length === 0 ? NO_EVENTS : events.slice();
          this.pendingAt = 0;
        } else {
          // CONNECT (answered 501, see onHead): whatever follows is tunnel data we will not interpret. Drop it
          // and close after the answer.
          this.parser!.takeRemaining();
          this.stopParsing();
        }
        return;
      case 'error':
        this.onParseError(event.error);
        return;
    }
  }

  private onHead(head: RequestHead): void {
    this.fresh = false;
    this.idleSince = 0;
    // The body timer starts with the head; a request without a body never has one running.
    if (head.framing.kind !== 'none') this.lastBodyAt = deadlineClock();
    let answer: ErrorDescription | null = null;
    if (head.switchProtocol === 'connect') {
      answer = serverError('CONNECT_NOT_SUPPORTED', 'h1ref is an origin server and does not open tunnels');
    } else if (head.expect !== undefined && head.expect.toLowerCase() !== '100-continue') {
      // RFC 9110 §10.1.1: a server MAY answer 417 to an expectation it does not support; 100-continue is the
      // only one defined (an HTTP/1.0 100-continue is ignored, not refused).
      answer = new ProtocolError('EXPECTATION_FAILED', `the expectation "${head.expect}" is not supported`, this.parser!.bytesReceived);
    }
    const exchange = new Exchange(this, head, answer, undefined, this.options.onAccessLog !== undefined);
    if (answer === null) {
      exchange.request = createRequest(head, exchange.body!, this.peer, this.options.limits.maxBodyBytes);
      exchange.response = createResponse(exchange);
    }
    this.enqueue(exchange);
    this.reading = exchange;
    if (!head.keepAlive) this.stopTaking();
  }

  private onParseError(error: ProtocolError): void {
    this.stopTaking();
    const reading = this.reading;
    if (reading !== null) this.failReading(error);
    else this.failBetweenRequests(error);
  }

  // An error outside any request body: answered in turn, after the requests before it, then the connection closes.
  private failBetweenRequests(error: ErrorDescription): void {
    this.stopParsing();
    this.pending = NO_EVENTS;
    this.pendingAt = 0;
    this.enqueue(new Exchange(this, null, error, this.parser?.currentMethod, this.options.onAccessLog !== undefined));
    this.pump();
  }

  // An error inside the body being read (malformed chunked framing, a stalled body, a client gone mid-body).
  private failReading(error: ErrorDescription): void {
    const reading = this.reading;
    if (reading === null) return;
    this.reading = null;
    this.stopParsing();
    this.pending = NO_EVENTS;
    this.pendingAt = 0;
    reading.body!.fail(error instanceof Error ? error : new HttpError(error.status, error.message));
    this.failExchange(reading, error);
  }

  /**
   * Ends an exchange with the server's answer: at once if it is the one being answered and nothing was sent yet;
   * by aborting the connection if its response already started; in its turn if it has not started.
   */
  private failExchange(exchange: Exchange, error: ErrorDescription): void {
    exchange.closeAfter = true;
    this.stopTaking();
    if (exchange.state === DONE) {
      // The client has its whole response; only the rest of its request was bad. Close without another word.
      this.pump();
      return;
    }
    if (!exchange.headSent) {
      exchange.answer = error;
      if (exchange.state === HANDLING) this.answer(exchange);
      this.pump();
      return;
    }
    this.destroy();
  }

  /** @internal The handler asked for body bytes for the first time. */
  firstRead(exchange: Exchange): void {
    const head = exchange.head!;
    // RFC 9110 §10.1.1: the server sends 100 Continue once it decides to read the content — when the handler
    // asks for it — unless it already sent a final status or the body has already arrived.
    if (head.expectContinue && !exchange.continueSent && !exchange.body!.complete && this.current < LINGERING) {
      // The body timer starts now: until this read the client was waiting for us.
      this.lastBodyAt = deadlineClock();
      if (!exchange.headSent) {
        exchange.continueSent = true;
        this.output.write(CONTINUE);
      }
    }
  }

  /** @internal The handler took buffered body bytes. */
  consumed(exchange: Exchange): void {
    if (exchange === this.reading && exchange.body!.buffered <= this.options.bodyHighWaterMark) this.unpause(PAUSE_BODY);
  }

  private pause(reason: number): void {
    if (this.pauses === 0) this.socket.pause();
    this.pauses |= reason;
  }

  private unpause(reason: number): void {
    if ((this.pauses & reason) === 0) return;
    this.pauses &= ~reason;
    if (this.pauses === 0 && this.current < LINGERING) {
      this.lastBodyAt = deadlineClock();
      if (this.headStartedAt !== 0) this.headStartedAt = deadlineClock();
      this.socket.resume();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Answering, in order.

  /**
   * Moves the queue forward: retires finished exchanges, starts the next one, feeds pending events. Re-entrant
   * calls (a handler that ends its response synchronously) only ask for another turn of the loop.
   */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        if (this.current >= LINGERING) return;
        while (this.queue.length !== 0 && this.queue[0]!.done) {
          const exchange = this.queue.shift()!;
          this.retire(exchange);
          if (exchange.closeAfter) {
            this.beginClose();
            return;
          }
        }
        const next = this.queue[0];
        if (next !== undefined && next.state === QUEUED && !this.socket.writableNeedDrain) this.start(next);
        this.feed();
        // Feeding can finish the first exchange (its body's end) or queue one that can start now.
        const first = this.queue[0];
        if (first !== undefined && (first.done || (first.state === QUEUED && !this.socket.writableNeedDrain))) this.pumpAgain = true;
        if (this.queue.length === 0 && this.current !== OPEN && this.pendingAt >= this.pending.length) {
          this.beginClose();
          return;
        }
      } while (this.pumpAgain);
      if (this.queue.length === 0 && this.idleSince === 0 && this.phase === 'idle') {
        // Stamped by the next sweep, like the start of a fresh connection's first head: a connection that goes
        // idle after every response then reads no clock for it, and the keep-alive deadline keeps the sweep's
        // resolution.
        this.idleSince = IDLE_UNSTAMPED;
        // With many connections open, memory per idle connection matters more than the cost of a new parser
        // for the next request; with few, keep it (the sweep still releases it after PARSER_RELEASE_MS).
        if (this.host.openConnections > MANY_CONNECTIONS && this.pendingAt >= this.pending.length) this.releaseIdleMemory();
      }
    } finally {
      this.pumping = false;
    }
  }

  // Between requests, what a connection holds for the next one is taken again on demand: the parser (it holds
  // nothing a new one would not have; it goes back to the server's pool) and the queue's storage (an array keeps
  // room for 17 after its first push, ~150 bytes: the shared empty IDLE_QUEUE takes its place).
  private releaseIdleMemory(): void {
    this.dropParser();
    this.queue = IDLE_QUEUE;
  }

  // A connection's first exchange (or its first after an idle release) goes into an array of one, not into an
  // empty array grown by a push to room for 17: a connection-per-request client never queues more.
  private enqueue(exchange: Exchange): void {
    if (this.queue === IDLE_QUEUE) this.queue = [exchange];
    else this.queue.push(exchange);
  }

  // The connection will parse no more with its parser (idle, lingering or closed): it goes back to the server's
  // pool, reset, for the next connection. No event of it is pending (the callers have none, or drop them), and what
  // it handed out — heads, fields, body views of the socket's reads — is not the parser's to change.
  private dropParser(): void {
    const parser = this.parser;
    if (parser === null) return;
    this.parser = null;
    this.host.parsers.give(parser);
  }

  private start(exchange: Exchange): void {
    if (exchange.answer !== null) {
      this.answer(exchange);
      return;
    }
    const request = exchange.request!;
    const response = exchange.response!;
    exchange.transition(HANDLING);
    exchange.handlerRunning = true;
    // Only the handler timeout reads it.
    if (this.options.handlerTimeout > 0) exchange.handlerStartedAt = deadlineClock();
    let result: void | Promise<void>;
    try {
      result = this.host.handler(request, response);
    } catch (error) {
      this.handlerSettled(exchange, error, true);
      return;
    }
    if (result !== undefined && result !== RESOLVED && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).then(
        () => this.handlerSettled(exchange, undefined, false),
        (error: unknown) => this.handlerSettled(exchange, error, true),
      );
    } else {
      this.handlerSettled(exchange, undefined, false);
    }
  }

  private handlerSettled(exchange: Exchange, error: unknown, failed: boolean): void {
    exchange.handlerRunning = false;
    if (failed) {
      this.handlerFailed(exchange, error);
      return;
    }
    const response = exchange.response!;
    if (!response.finished && this.current < LINGERING && exchange.answer === null) {
      // An async handler is done when its promise resolves: end the response it left open.
      response.end().catch((endError: unknown) => {
        this.report(endError, exchange);
        if (exchange.headSent) this.destroy();
        else this.handlerSettled(exchange, endError, true);
      });
    }
  }

  /**
   * @internal A response cannot be completed (its body stream failed, or gave other than the bytes its head
   * announced): answered 500 if nothing was sent, otherwise the connection is aborted so that the client sees
   * the response is incomplete (RFC 9112 §8).
   */
  abortResponse(exchange: Exchange, error: unknown): void {
    this.handlerFailed(exchange, error);
  }

  private handlerFailed(exchange: Exchange, error: unknown): void {
    // Errors that come from the client's side (a malformed or abandoned body) or that choose a status are not
    // the handler's bugs: only the rest are reported.
    if (!(error instanceof ConnectionClosedError || error instanceof ProtocolError || error instanceof HttpError)) {
      this.report(error, exchange);
    }
    if (exchange.state === DONE || this.current >= LINGERING) return;
    if (exchange.headSent) {
      // Part of the response is on the wire: the only honest signal left is to abort (RFC 9112 §8).
      this.destroy();
      return;
    }
    if (error instanceof HttpError && exchange.response !== null) {
      // The handler's own answer, on its own response: kept alive when the request was read (see rejection.ts).
      exchange.rejection = { status: error.status, code: 'REJECTED_BY_HANDLER', section: 'RFC 9110 §15', message: error.message };
      answerHttpError(exchange.response, error, exchange.requestComplete).catch((endError: unknown) => this.handlerFailed(exchange, endError));
      return;
    }
    exchange.closeAfter = true;
    exchange.answer = error instanceof ProtocolError ? error : serverError('HANDLER_ERROR', 'the request handler failed');
    this.answer(exchange);
    this.pump();
  }

  // Writes the server's own answer for an exchange and closes after it.
  private answer(exchange: Exchange): void {
    const error = exchange.answer!;
    exchange.closeAfter = true;
    exchange.statusSent = error.status;
    exchange.transition(DONE);
    exchange.body?.fail(new ConnectionClosedError('the server answered this request itself'));
    if (this.current !== CLOSED) this.output.write(errorResponseBytes(error, exchange.isHead));
    this.pump();
  }

  // The application's error callback; if it throws too, the error is dropped rather than allowed to escape into
  // the socket's event handlers (where it would take the process down).
  private report(error: unknown, exchange: Exchange): void {
    const onHandlerError = this.options.onHandlerError;
    callSafely((failure: unknown) => onHandlerError(failure, exchange.request ?? undefined), error, ignoreError);
  }

  private retire(exchange: Exchange): void {
    const log = this.options.onAccessLog;
    if (log !== undefined) {
      // The server's own answer, when it gave one, is what the log must explain; a parser error says where.
      const answer = exchange.answer ?? exchange.rejection;
      callSafely(log, {
        method: exchange.head?.method ?? '-',
        target: exchange.head?.target ?? '-',
        status: exchange.statusSent,
        bytes: exchange.response?.bytesSent ?? 0,
        ms: performance.now() - exchange.createdAt,
        time: Date.now(),
        remoteAddress: this.peer.address,
        error: answer === null ? undefined : logError(answer.code, answer.message, answer instanceof ProtocolError ? answer.offset : undefined),
      }, this.options.onHandlerError);
    }
  }

  /** @internal Whether the connection can no longer carry this exchange's response. */
  isGone(exchange: Exchange): boolean {
    return this.current >= LINGERING || exchange.answer !== null;
  }

  /** @internal Decides whether the connection closes after this exchange's response (when its head is written). */
  decideClose(exchange: Exchange, responseNeedsClose: boolean): boolean {
    const head = exchange.head!;
    const body = exchange.body!;
    const close =
      responseNeedsClose ||
      !head.keepAlive ||
      this.clientEnded ||
      body.failed ||
      // Shutting down: the last queued response announces the close (RFC 9112 §9.6).
      (this.shuttingDown && this.queue.length === 1) ||
      // A client still waiting for 100 Continue may or may not send the body now; only closing leaves no doubt
      // about where the next request starts (RFC 9110 §10.1.1).
      (head.expectContinue && !exchange.continueSent && !body.complete);
    if (close) exchange.closeAfter = true;
    return close;
  }

  /** @internal Writes a response's bytes. */
  sendFor(exchange: Exchange, pieces: readonly Uint8Array[]): Promise<void> {
    if (this.isGone(exchange)) return Promise.reject(new ConnectionClosedError());
    // The first piece a response sends is its head.
    if (exchange.state === HANDLING) {
      exchange.statusSent = exchange.response!.status;
      exchange.transition(SENDING);
    }
    const sent = this.output.send(pieces);
    if (sent !== RESOLVED) this.pause(PAUSE_WRITE);
    return sent;
  }

  /** @internal The handler ended its response. */
  finishResponse(exchange: Exchange): void {
    // Already done when the server answered in the handler's place (it timed out): nothing is left to finish.
    if (exchange.state !== DONE) exchange.transition(DONE);
    if (!exchange.requestComplete && !exchange.closeAfter) {
      // The handler answered without reading the whole body: read the rest off the connection and drop it, so
      // the next request is found where it starts (RFC 9112 §6.3). The parser's maxBodyBytes and the body timeout
      // bound what that can cost.
      exchange.body!.discard();
    }
    this.pump();
  }

  /** @internal The socket's write buffer emptied. */
  onDrain(): void {
    this.output.drained();
    this.unpause(PAUSE_WRITE);
    this.pump();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Closing.

  /** Lingering close (RFC 9112 §9.6): end our side, read and discard for a while, then destroy. */
  private beginClose(): void {
    if (this.current >= LINGERING) return;
    this.transition(LINGERING);
    this.abandonQueue();
    this.pauses = 0;
    // Nothing more is parsed: a lingering connection holds no parser.
    this.dropParser();
    this.socket.resume();
    this.output.flush();
    // When the client has ended its side too, Node destroys the socket once ours has finished (sockets are
    // autoDestroy); otherwise the sweep times the lingering (checkTimeouts). No listener, no timer per close.
    this.socket.end();
  }

  private abandonQueue(): void {
    // Made only when someone is waiting to hear it: an Error captures a stack trace, and a connection that closes
    // with nothing in flight (every Connection: close client) would pay for one it never shows.
    if (this.queue.length === 0 && !this.output.hasWaiters) {
      this.reading = null;
      this.pending = NO_EVENTS;
      this.pendingAt = 0;
      return;
    }
    const gone = new ConnectionClosedError();
    for (const exchange of this.queue) {
      if (!exchange.done && exchange.headSent) this.retire(exchange);
      exchange.body?.fail(gone);
    }
    this.queue = IDLE_QUEUE;
    this.reading = null;
    this.pending = NO_EVENTS;
    this.pendingAt = 0;
    this.output.abandon(gone);
  }

  /** @internal The socket closed. */
  onClose(): void {
    if (this.current === CLOSED) return;
    this.transition(CLOSED);
    this.abandonQueue();
    this.dropParser();
    // Cut the socket's link to the connection. Node keeps a closed socket alive until the next full garbage
    // collection (its handle object is a root for the young generation's collections), and everything the socket
    // reaches lives — and is copied and promoted — with it: measured under connection-per-request load, about
    // 3 KB per connection of parser, exchange and request objects that then survived every young collection.
    (this.socket as OwnedSocket)[OWNER] = null;
    this.host.connectionClosed(this);
  }
}
