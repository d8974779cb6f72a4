/**
 * {@link Exchange}: one request and its response, as the connection tracks them.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import type { RequestHead } from '../parser/events.js';
import type { ErrorDescription } from './error-response.js';
import { RequestBody, type RequestBodyHooks } from './request-body.js';
import type { ServerRequest } from './request.js';
import type { ResponseChannel, ServerResponse } from './response.js';
import { DONE, QUEUED, RESPONSE_MACHINE, type ResponseState, step } from './states.js';

/**
 * What an exchange asks of its connection. The exchange is its response's {@link ResponseChannel} and its body's
 * {@link RequestBodyHooks} itself, forwarding to these, so an exchange costs one object rather than one object and
 * a handful of closures per request.
 */
export interface ExchangeOwner {
  /** See {@link ResponseChannel.decideClose}. */
  decideClose(exchange: Exchange, responseNeedsClose: boolean): boolean;
  /** See {@link ResponseChannel.send}. */
  sendFor(exchange: Exchange, pieces: readonly Uint8Array[]): Promise<void>;
  /** See {@link ResponseChannel.finish}. */
  finishResponse(exchange: Exchange): void;
  /** See {@link ResponseChannel.abort}. */
  abortResponse(exchange: Exchange, error: unknown): void;
  /** Whether the connection can no longer carry this exchange's response. */
  isGone(exchange: Exchange): boolean;
  /** See {@link RequestBodyHooks.onFirstRead}. */
  firstRead(exchange: Exchange): void;
  /** See {@link RequestBodyHooks.onConsumed}. */
  consumed(exchange: Exchange): void;
}

/**
 * The state of one exchange. An exchange is either a request for the handler (`request`, `response` and `body`
 * are set) or an answer the server gives itself (`answer` is set before it starts: a parse error between
 * requests, a timeout waiting for a head, CONNECT, an unmet expectation).
 *
 * Its response moves through `queued → handling → sending → done` (the table and each step's cause are in
 * `states.ts`), only by {@link Exchange.transition}. It is retired from the connection's queue once its response
 * is done and its request has been read to the end (or the connection is going to close anyway, in which case
 * the rest of the request need not be read).
 */
export class Exchange implements ResponseChannel, RequestBodyHooks {
  /** The parsed head, or null for a server answer to bytes that never made a head. */
  readonly head: RequestHead | null;
  /** The request body queue, or null when there is no head. */
  readonly body: RequestBody | null;
  /** The handler's view of the request. */
  request: ServerRequest | null = null;
  /** The handler's response. */
  response: ServerResponse | null = null;
  /** When set, the server answers this error instead of calling the handler (or instead of its response). */
  answer: ErrorDescription | null;
  /** The handler's `HttpError`, answered on its own response, for the access log; null when there was none. */
  rejection: ErrorDescription | null = null;
  /** When the exchange was created (the complete head, or the error), in `performance.now()` milliseconds; 0 when not timed. */
  readonly createdAt: number;

  // The response's progress (see states.ts); changed only by transition().
  private current: ResponseState = QUEUED;
  /** The handler's promise has not settled yet (it may outlive the response, or end before it). */
  handlerRunning = false;
  /** When the handler started, for `handlerTimeout`. */
  handlerStartedAt = 0;
  /** `100 Continue` has been sent (RFC 9110 §10.1.1). */
  continueSent = false;
  /** Whether the connection closes after this response; decided when the head is written. */
  closeAfter = false;
  /** The status line that went out, 0 until then. */
  statusSent = 0;

  /** @see ResponseChannel.isHead */
  readonly isHead: boolean;
  /** @see ResponseChannel.http10 */
  readonly http10: boolean;
  /** @see ResponseChannel.confirmKeepAlive */
  readonly confirmKeepAlive: boolean;
  private readonly owner: ExchangeOwner;

  /**
   * @param owner - the connection
   * @param head - the parsed head, or null; a body queue is created for it
   * @param answer - an error to answer with instead of calling the handler, or null
   * @param method - the request's method when its head failed after the request-line was read (so that an
   *   error answer to HEAD carries no content, RFC 9110 §9.3.2)
   * @param timed - whether to note {@link createdAt} (only the access log needs it; 0 otherwise)
   */
  constructor(owner: ExchangeOwner, head: RequestHead | null, answer: ErrorDescription | null, method?: string, timed = true) {
    this.owner = owner;
    this.createdAt = timed ? performance.now() : 0;
    this.head = head;
    // A request without a body shares the one empty, complete body (see RequestBody.EMPTY).
    this.body = head === null ? null : head.framing.kind === 'none' ? RequestBody.EMPTY : new RequestBody(this);
    this.answer = answer;
    this.isHead = (head?.method ?? method) === 'HEAD';
    this.http10 = head !== null && head.version === '1.0';
    this.confirmKeepAlive = this.http10 && head!.keepAlive;
  }

  /** The response's progress (see states.ts). */
  get state(): ResponseState {
    return this.current;
  }

  /**
   * The one way the response's progress changes: a step the table in states.ts does not allow is a bug.
   * @throws IllegalTransitionError
   */
  transition(to: ResponseState): void {
    this.current = step(RESPONSE_MACHINE, this.current, to);
  }

  /** Whether a status line has gone out for this exchange (the handler's head, or the server's answer). */
  get headSent(): boolean {
    return this.statusSent !== 0;
  }

  /** @see ResponseChannel.gone */
  get gone(): boolean {
    return this.owner.isGone(this);
  }

  /** @see ResponseChannel.decideClose */
  decideClose(responseNeedsClose: boolean): boolean {
    return this.owner.decideClose(this, responseNeedsClose);
  }

  /** @see ResponseChannel.send */
  send(pieces: readonly Uint8Array[]): Promise<void> {
    return this.owner.sendFor(this, pieces);
  }

  /** @see ResponseChannel.finish */
  finish(): void {
    this.owner.finishResponse(this);
  }

  /** @see ResponseChannel.abort */
  abort(error: unknown): void {
    this.owner.abortResponse(this, error);
  }

  /** @see RequestBodyHooks.onFirstRead */
  onFirstRead(): void {
    this.owner.firstRead(this);
  }

  /** @see RequestBodyHooks.onConsumed */
  onConsumed(): void {
    this.owner.consumed(this);
  }

  /** Whether the request has been read to its end (trivially so without a head). */
  get requestComplete(): boolean {
    return this.body === null || this.body.complete;
  }

  /** Whether the exchange can leave the queue. */
  get done(): boolean {
    return this.current === DONE && (this.closeAfter || this.requestComplete);
  }
}
