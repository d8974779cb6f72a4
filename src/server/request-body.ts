/**
 * {@link RequestBody}: the bytes of one request body on their way from the parser to the handler, with the
 * backpressure signals the connection needs.
 *
 * @module
 */
import { Fields } from '../wire/fields.js';
import { ConnectionClosedError } from './http-error.js';

/** What the body tells its connection. */
export interface RequestBodyHooks {
  /** The handler asked for body bytes for the first time (the moment to send `100 Continue`, RFC 9110 §10.1.1). */
  onFirstRead(): void;
  /** Buffered bytes were handed to the handler (the moment to resume reading the socket). */
  onConsumed(): void;
}

type Waiter = { resolve: (chunk: Uint8Array | null) => void; reject: (error: unknown) => void };

const NO_TRAILERS = new Fields([]);

const NO_HOOKS: RequestBodyHooks = Object.freeze({ onFirstRead(): void {}, onConsumed(): void {} });

const OPEN = 0;
const ENDED = 1;
const FAILED = 2;

/**
 * A queue of body chunks between the parser (which pushes) and the handler (which pulls, one read at a time).
 *
 * Chunks are the parser's `data` views of the buffers the socket delivered. Node allocates a new buffer for every
 * socket read and never writes to it again, so the views stay valid without a copy for as long as anyone holds
 * them.
 *
 * The queue itself does not limit what it holds: the connection looks at {@link RequestBody.buffered} after every
 * push and stops reading the socket above its high-water mark, so at most one socket read beyond that mark is held.
 */
export class RequestBody implements AsyncIterable<Uint8Array> {
  private chunks: (Uint8Array | undefined)[] = [];
  private first = 0;
  private state = OPEN;
  private failure: unknown = null;
  private waiter: Waiter | null = null;
  private discarding = false;
  private reading = false;
  private bufferedBytes = 0;
  private receivedBytes = 0;
  private receivedTrailers: Fields = NO_TRAILERS;

  /** @param hooks - the connection's callbacks */
  constructor(private readonly hooks: RequestBodyHooks) {}

  /**
   * The body of every request without one (RFC 9112 §6.3: no Content-Length, no Transfer-Encoding): complete
   * from the start, so nothing can be pushed into it, fail it or discard it, and a read ends at once. Being
   * immutable once ended, one instance serves all such requests.
   */
  static readonly EMPTY: RequestBody = RequestBody.ended();

  private static ended(): RequestBody {
    const body = new RequestBody(NO_HOOKS);
    body.state = ENDED;
    return body;
  }

  /** Bytes received and not yet handed to the handler. */
  get buffered(): number {
    return this.bufferedBytes;
  }

  /** Bytes received in all (discarded ones included). */
  get received(): number {
    return this.receivedBytes;
  }

  /** Whether the whole body has been received (or discarded up to its end). */
  get complete(): boolean {
    return this.state === ENDED;
  }

  /** Whether the handler has asked for body bytes. */
  get started(): boolean {
    return this.reading;
  }

  /** Whether the body was cut short by an error. */
  get failed(): boolean {
    return this.state === FAILED;
  }

  /** The trailer section (RFC 9112 §7.1.2), once it has arrived; empty until then. */
  get trailers(): Fields {
    return this.receivedTrailers;
  }

  /** Keeps the trailer section (called by the connection for the `trailers` event, before `end`). */
  setTrailers(trailers: Fields): void {
    if (this.state === OPEN) this.receivedTrailers = trailers;
  }

  /** Adds body bytes (called by the connection for each `data` event). */
  push(chunk: Uint8Array): void {
    if (this.state !== OPEN) return;
    this.receivedBytes += chunk.length;
    if (this.discarding || chunk.length === 0) return;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.resolve(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
  }

  /** The body is complete. */
  end(): void {
    if (this.state !== OPEN) return;
    this.state = ENDED;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.resolve(null);
    }
  }

  /** The body will not complete: reads reject with `error` once the buffered chunks are consumed. */
  fail(error: unknown): void {
    if (this.state !== OPEN) return;
    this.state = FAILED;
    this.failure = error;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.reject(error);
    }
  }

  /**
   * Drops what is buffered and everything still to come: the response is complete and nobody will read the rest,
   * but the bytes must still be read off the connection to reach the next request (RFC 9112 §9.3).
   */
  discard(): void {
    if (this === RequestBody.EMPTY) return; // shared, and there is nothing to discard
    this.discarding = true;
    this.chunks = [];
    this.first = 0;
    this.bufferedBytes = 0;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.reject(new ConnectionClosedError('the response is complete; the rest of the body was discarded'));
    }
    this.hooks.onConsumed();
  }

  /**
   * The next chunk, or null at the end of the body.
   *
   * @throws the parser's ProtocolError when the body was malformed, or a ConnectionClosedError when the connection
   * went away first
   */
  read(): Promise<Uint8Array | null> {
    if (!this.reading) {
      this.reading = true;
      this.hooks.onFirstRead();
    }
    if (this.first < this.chunks.length) {
      const chunk = this.chunks[this.first]!;
      this.chunks[this.first++] = undefined;
      if (this.first === this.chunks.length) {
        this.chunks = [];
        this.first = 0;
      }
      this.bufferedBytes -= chunk.length;
      this.hooks.onConsumed();
      return Promise.resolve(chunk);
    }
    if (this.state === ENDED || this.discarding) return Promise.resolve(null);
    if (this.state === FAILED) return Promise.reject(this.failure);
    if (this.waiter !== null) return Promise.reject(new Error('the request body is already being read'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Iterates the body's chunks, in order. */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = await this.read();
      if (chunk === null) return;
      yield chunk;
    }
  }
}
