/**
 * {@link ServerResponse}: the response a handler builds, and the framing the server chooses for it.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { FieldsInput } from '../writer/field-lines.js';
import { ChunkedEncoder, ContentLengthEncoder } from '../writer/body-encoders.js';
import { assertFieldName, assertFieldValue, assertReasonPhrase, InvalidMessageError } from '../writer/field-validation.js';
import { defaultReasonPhrase } from '../writer/status-reasons.js';
import { dateLine } from './date-cache.js';
import { ResponseHeaders, sameName } from './response-headers.js';
import { listHasToken } from '../wire/transfer-coding.js';
import { ConnectionClosedError } from './http-error.js';

/**
 * What a response needs from its exchange: facts about the request that decide the framing, and a way to the
 * socket. Implemented by the connection; handlers never see it.
 */
export interface ResponseChannel {
  /** Whether the request was HEAD: the head is sent as for GET, the body never (RFC 9110 §9.3.2). */
  readonly isHead: boolean;
  /** Whether the request was HTTP/1.0, to which chunked cannot be sent (RFC 9112 §6.1). */
  readonly http10: boolean;
  /**
   * Decides, once, whether the connection closes after this response, given whether the response itself needs
   * it (a `Connection: close` set by the handler, a body delimited by closing). Returns the decision.
   */
  decideClose(responseNeedsClose: boolean): boolean;
  /** Whether the request was HTTP/1.0 with `keep-alive`, which the response then confirms (RFC 9112 §9.3). */
  readonly confirmKeepAlive: boolean;
  /** Hands bytes to the socket; resolves when the socket can take more. Rejects once the connection is gone. */
  send(pieces: readonly Uint8Array[]): Promise<void>;
  /** The response is complete. */
  finish(): void;
  /**
   * The response cannot be completed (its body stream failed or did not match its head): the server answers in
   * its place if nothing was sent, and aborts the connection otherwise.
   */
  abort(error: unknown): void;
  /** Whether the connection can no longer carry this response (closed, or answered by the server instead). */
  readonly gone: boolean;
}

/** How the body is delimited; decided when the head is sent. */
const enum Framing {
  /** Not decided yet: the head has not been sent. */
  Undecided,
  /** No body at all: 204, 304 (RFC 9110 §15.3.5, §15.4.5). */
  None,
  /** Content-Length (RFC 9110 §8.6), set by the handler. */
  Length,
  /** Content-Length (RFC 9110 §8.6), the length of the body given whole to `end()`. */
  Whole,
  /** Chunked (RFC 9112 §7.1). */
  Chunked,
  /** Until the connection closes (RFC 9112 §6.3 rule 8): streamed to an HTTP/1.0 client. */
  Close,
}

const EMPTY = new Uint8Array(0);
/**
 * @internal The promise `write()` and `end()` return when the bytes went to the socket at once (and what the
 * connection's `send` returns then): already fulfilled, shared, so the synchronous path allocates none. A handler
 * that returns it is known to be done without waiting for a promise job.
 */
export const RESOLVED: Promise<void> = Promise.resolve();

type Latin1Write = (this: Buffer, text: string, offset: number) => number;
// Node's native latin1 encoder without the lookup of the encoding name (see writer/latin1-write.ts).
const latin1Write = (Buffer.prototype as unknown as { latin1Write: Latin1Write }).latin1Write;


/**
 * The head and `body` as the pieces to send. The connection copies small pieces into one buffer (or, for
 * pipelined responses, into the batch it writes at once), so they are not joined here.
 */
function headWith(head: Uint8Array, body: Uint8Array): Uint8Array[] {
  return body.length === 0 ? [head] : [head, body];
}

const CONNECTION_CLOSE = 'Connection: close\r\n';
const CONNECTION_KEEP_ALIVE = 'Connection: keep-alive\r\n';

/** What one pass over a handler's header lines found. */
interface FieldScan {
  /** A copy of the lines scanned, to recognize the same lines next time. */
  readonly fields: readonly string[];
  /** The lines as they go on the wire (Connection left out), each checked, each with its CRLF. */
  readonly lines: string;
  /** The handler's Content-Length value, if any, and how many it set. */
  readonly declared: string | undefined;
  readonly declaredCount: number;
  /** Whether the handler set Date. */
  readonly hasDate: boolean;
  /** Whether the handler's Connection asks for close. */
  readonly wantsClose: boolean;
}

// The last scan. Handlers mostly send the same lines response after response; lines equal to the ones scanned
// last (same names and values, compared as strings) were checked then and give the same result.
let lastScan: FieldScan | null = null;

/**
 * Checks every name and value of the handler's lines (a token; field-content without CR, LF, NUL, other
 * controls or obs-text, RFC 9110 §5.1, §5.5 — so no line can be ended early), renders them, Connection excluded
 * (the server writes its own), and notes the fields that decide the framing. Every code unit that passes the
 * checks is one byte, so the lines can be encoded as latin1.
 */
function scanFields(given: readonly string[]): FieldScan {
  const last = lastScan;
  if (last !== null && sameList(given, last.fields)) return last;
  if (given.length % 2 !== 0) {
    throw new InvalidMessageError('field name', 'a header list with an odd number of entries', 'RFC 9110 §5');
  }
  let lines = '';
  let declared: string | undefined;
  let declaredCount = 0;
  let hasDate = false;
  let wantsClose = false;
  for (let i = 0; i < given.length; i += 2) {
    const name = given[i]!;
    const value = given[i + 1]!;
    switch (name.length) {
      case 4:
        if (sameName(name, 'date')) hasDate = true;
        break;
      case 10:
        if (sameName(name, 'connection')) {
          if (listHasToken([value], 'close')) wantsClose = true;
          continue;
        }
        break;
      case 14:
        if (sameName(name, 'content-length')) {
          declared = value;
          declaredCount++;
        }
        break;
      case 17:
        if (sameName(name, 'transfer-encoding')) {
          throw new InvalidMessageError('field', 'Transfer-Encoding is chosen by the server, not the handler', 'RFC 9112 §6.1');
        }
        break;
    }
    assertFieldName(name);
    assertFieldValue(value, name);
    lines += name + ': ' + value + '\r\n';
  }
  const scan: FieldScan = { fields: given.slice(), lines, declared, declaredCount, hasDate, wantsClose };
  lastScan = scan;
  return scan;
}

/** Whether two lists hold the same strings (all of them strings), in order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'string' || x !== b[i]) return false;
  }
  return true;
}

// The last head built, and what it was built from. Consecutive responses mostly share all of it.
let lastStatusLine = '';
let lastDate = '';
let lastLines = '';
let lastLength = -1;
let lastChunked = false;
let lastConnection = '';
let lastHead: Uint8Array | null = null;

/**
 * The head as bytes: status-line, Date (unless the handler set one), the handler's checked lines, the framing
 * field, Connection, and the empty line. Every part is checked or built by the server from constants and
 * digits. The head of the previous response is reused when every part is the same; it is never written to.
 *
 * @param length - the Content-Length the server writes for a body given whole, or -1 for none
 */
function headBytes(statusLine: string, date: string, lines: string, length: number, chunked: boolean, connection: string): Uint8Array {
  if (
    lastHead !== null &&
    length === lastLength &&
    statusLine === lastStatusLine &&
    date === lastDate &&
    lines === lastLines &&
    chunked === lastChunked &&
    connection === lastConnection
  ) {
    return lastHead;
  }
  let text = statusLine + date + lines;
  if (length >= 0) text += 'Content-Length: ' + length + '\r\n';
  else if (chunked) text += 'Transfer-Encoding: chunked\r\n';
  text += connection + '\r\n';
  const head = Buffer.allocUnsafe(text.length);
  latin1Write.call(head, text, 0);
  lastStatusLine = statusLine;
  lastDate = date;
  lastLines = lines;
  lastLength = length;
  lastChunked = chunked;
  lastConnection = connection;
  lastHead = head;
  return head;
}

// `HTTP/1.1 200 OK\r\n` and the like, for the registered reason phrases (checked once, when first built).
const STATUS_LINES: string[] = [];

/** The status-line (RFC 9112 §4) with its CRLF; the status is already known to be an integer 200–599. */
function statusLineOf(status: number, reason: string | undefined): string {
  if (reason === undefined || reason === null) {
    const cached = STATUS_LINES[status];
    if (cached !== undefined) return cached;
    const phrase = defaultReasonPhrase(status);
    assertReasonPhrase(phrase);
    return (STATUS_LINES[status] = `HTTP/1.1 ${status} ${phrase}\r\n`);
  }
  assertReasonPhrase(reason);
  // status-line = HTTP-version SP status-code SP [ reason-phrase ]: the second SP stays when the phrase is empty.
  return `HTTP/1.1 ${status} ${reason}\r\n`;
}

/**
 * What {@link ServerResponse.end} sends: bytes or a string (UTF-8) known whole, or a stream of them — a Node
 * `Readable`, a web `ReadableStream`, an async generator: anything async-iterable that yields `Uint8Array`s
 * (Buffers) or strings.
 */
export type ResponseBody = Uint8Array | string | AsyncIterable<Uint8Array | string>;

let makeResponse: (channel: ResponseChannel) => ServerResponse;

/**
 * The response object of an exchange (the connection makes one for each request; handlers never need to).
 *
 * @param channel - the exchange this response belongs to
 */
export function createResponse(channel: ResponseChannel): ServerResponse {
  return makeResponse(channel);
}

/**
 * One response. Set {@link status} and {@link headers}, then either call {@link end} with the whole body (sent
 * with Content-Length), or {@link write} pieces and then {@link end} (sent chunked to HTTP/1.1 clients, with
 * trailers when `end` is given some, and delimited by closing the connection for HTTP/1.0 clients), or give
 * {@link end} a stream, which it sends as it would pieces given to {@link write}, with the same backpressure.
 *
 * The server owns framing and connection management: a handler may set Content-Length (the body must then match
 * it exactly) and `Connection: close`, but not Transfer-Encoding. It adds Date unless the handler set one.
 * Every name, value and the status are checked when the head is written; an invalid one makes the write throw
 * an InvalidMessageError before anything is sent, so a handler cannot split a response.
 *
 * Strings are sent as UTF-8.
 */
export class ServerResponse {
  /** The status code to send, 200–599 (the server sends `100 Continue` itself). Default 200. */
  status = 200;
  /** The reason phrase; by default the registered one for the status. */
  reason: string | undefined = undefined;
  /** The header section, in order. */
  readonly headers = new ResponseHeaders();

  private readonly channel: ResponseChannel;
  private framing = Framing.Undecided;
  private length: ContentLengthEncoder | null = null;
  private chunked: ChunkedEncoder | null = null;
  private ended = false;
  private sentBytes = 0;

  // Private: made by the connection through createResponse, so that its channel stays out of the public API.
  private constructor(channel: ResponseChannel) {
    this.channel = channel;
  }

  static {
    makeResponse = (channel) => new ServerResponse(channel);
  }

  /** Whether the head has been sent (after which status and headers no longer change anything). */
  get headersSent(): boolean {
    return this.framing !== Framing.Undecided;
  }

  /** Whether {@link end} has been called. */
  get finished(): boolean {
    return this.ended;
  }

  /** Body bytes sent so far (framing excluded; always 0 for HEAD). */
  get bytesSent(): number {
    return this.sentBytes;
  }

  /**
   * Sends a piece of the body (and the head first, if it has not gone yet).
   *
   * @returns a promise that resolves when the socket can take more: await it, or memory grows with a slow client
   * @throws InvalidMessageError (as a rejection) for an invalid head, more bytes than Content-Length, or any body
   * in a 204 or 304 response
   */
  write(chunk: Uint8Array | string): Promise<void> {
    try {
      if (this.ended) throw new InvalidMessageError('message body', 'write after end()', 'RFC 9112 §6');
      const data = toBytes(chunk);
      let head: Uint8Array | null = null;
      if (this.framing === Framing.Undecided) head = this.commit(null, undefined);
      const body = this.encode(data);
      if (head !== null) return this.channel.send(headWith(head, body));
      if (body.length === 0) return RESOLVED;
      return this.channel.send([body]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Ends the response, optionally with a last piece of body and, for a chunked response, a trailer section
   * (RFC 9112 §7.1.2). Trailers given to a response that is not chunked (Content-Length already sent, an
   * HTTP/1.0 client, HEAD, 204, 304) are dropped: a recipient may discard trailers anyway (RFC 9110 §6.5.1).
   * Calling it again does nothing.
   *
   * Given a stream (a `Readable`, a web `ReadableStream`, an async generator of `Uint8Array`s or strings), `end`
   * sends each piece as {@link write} would — chunked to an HTTP/1.1 client unless the handler set
   * Content-Length, delimited by closing to an HTTP/1.0 client — and reads the next piece only once the socket
   * can take more, so a slow client pauses the stream instead of filling memory. The head goes out with the first
   * piece: a stream that fails before it still gets the server's 500 (or, if it throws an {@link HttpError}, that
   * answer). A HEAD request gets the head alone and the stream is closed unread (RFC 9110 §9.3.2). A stream that
   * fails after the head, or that gives more or fewer bytes than the handler's Content-Length, leaves a response
   * that cannot be completed: the connection is aborted, so that the client sees it is incomplete (RFC 9112
   * §8), the error goes to `onHandlerError`, and `end` rejects with a {@link ConnectionClosedError} whose `cause`
   * is that error. Until the stream ends, {@link finished} is true and `write`/`end` are refused.
   *
   * @returns a promise that settles when the last byte has been handed to the socket (for a stream: when the
   * stream has been sent)
   * @throws InvalidMessageError (as a rejection) for an invalid head, trailer, or a body that does not match
   * the Content-Length set by the handler
   */
  end(chunk?: ResponseBody, trailers?: FieldsInput): Promise<void> {
    if (this.ended) return RESOLVED;
    try {
      // Anything but bytes or a string is a stream (endWithStream checks that it is one).
      if (chunk !== undefined && typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) return this.endWithStream(chunk, trailers);
      const data = chunk === undefined ? EMPTY : toBytes(chunk);
      let sent: Promise<void>;
      if (this.framing === Framing.Undecided) {
        // The common case: the whole response at once. Head and body go out as one buffer, built in one
        // allocation (the body is copied in when the two are small).
        const head = this.commit(data, trailers);
        const body = this.encode(data);
        const last = this.encodeEnd(trailers);
        this.ended = true;
        const pieces = headWith(head, body);
        if (last.length !== 0) pieces.push(last);
        sent = this.channel.send(pieces);
      } else {
        const pieces: Uint8Array[] = [];
        const body = this.encode(data);
        if (body.length !== 0) pieces.push(body);
        const last = this.encodeEnd(trailers);
        if (last.length !== 0) pieces.push(last);
        this.ended = true;
        sent = pieces.length === 0 ? RESOLVED : this.channel.send(pieces);
      }
      this.channel.finish();
      return sent;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // end() with a stream: checks that it is one, then sends it (see pipe). The promise is marked handled: a
  // failure is dealt with here (the connection is told), so a handler that does not await it cannot crash the
  // process with an unhandled rejection.
  private endWithStream(source: unknown, trailers: FieldsInput | undefined): Promise<void> {
    if (source === null || typeof source !== 'object' || typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') {
      return Promise.reject(new InvalidMessageError('message body', `expected a Uint8Array, a string or an async iterable of them, got ${source === null ? 'null' : typeof source}`, 'RFC 9112 §6'));
    }
    // From now on the handler's write() and end() are refused: the stream is the rest of the body.
    this.ended = true;
    const sending = this.pipe(source as AsyncIterable<unknown>, trailers);
    sending.catch(ignore);
    return sending;
  }

  private async pipe(source: AsyncIterable<unknown>, trailers: FieldsInput | undefined): Promise<void> {
    const channel = this.channel;
    try {
      if (channel.isHead) {
        // RFC 9110 §9.3.2: the head a GET would get, without content; the stream is closed unread.
        const head = this.commit(null, undefined);
        void closeSource(source);
        const sent = channel.send([head]);
        if (sent !== RESOLVED) await sent;
      } else {
        for await (const piece of source) {
          const data = toBytes(piece as Uint8Array | string);
          if (data.length === 0) continue;
          const head = this.framing === Framing.Undecided ? this.commit(null, undefined) : null;
          const body = this.encode(data);
          // Backpressure: the next piece is pulled from the stream only once the socket can take more.
          const sent = channel.send(head === null ? [body] : headWith(head, body));
          if (sent !== RESOLVED) await sent;
        }
      }
      // The last piece (the chunked coding's last chunk and trailers; a Content-Length checked complete), or the
      // whole response when the stream was empty.
      this.ended = false;
      await this.end(undefined, trailers);
    } catch (error) {
      // Gone: the client left or the server closed; nothing more to tell anyone.
      if (error instanceof ConnectionClosedError) throw error;
      // Nothing sent yet: the server may still answer on this response (an HttpError) or in its place.
      this.ended = this.framing !== Framing.Undecided;
      channel.abort(error);
      throw new ConnectionClosedError('the response body could not be completed; the response was abandoned', error);
    }
  }

  /**
   * Chooses the framing and writes the head (RFC 9112 §6.3 as a sender applies it):
   * - 204 and 304 have no body;
   * - a Content-Length set by the handler is kept, and the body must match it;
   * - a body given whole to `end()` is sent with Content-Length;
   * - otherwise an HTTP/1.1 client gets chunked, and an HTTP/1.0 client a body delimited by closing the
   *   connection (chunked is not sent to HTTP/1.0, RFC 9112 §6.1).
   *
   * Every check runs before anything is sent, so a failure leaves the server free to answer 500 instead.
   */
  private commit(whole: Uint8Array | null, trailers: FieldsInput | undefined): Uint8Array {
    const status = this.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
      // 1xx are interim responses; the server sends 100 Continue itself and does not switch protocols (101).
      throw new InvalidMessageError('status code', `a final status from 200 to 599, got ${String(status)}`, 'RFC 9110 §15');
    }
    const channel = this.channel;

    const scan = scanFields(this.headers.raw);
    const declared = scan.declared;
    const declaredCount = scan.declaredCount;
    const statusLine = statusLineOf(status, this.reason);
    const length = declared === undefined ? undefined : declaredLength(declared, declaredCount);
    const noContent = status === 204 || status === 304;
    if (status === 204 && length !== undefined) {
      throw new InvalidMessageError('field', 'a 204 response cannot carry Content-Length', 'RFC 9110 §8.6');
    }
    // The fields the server adds itself are built from constants and decimal digits: nothing to check.
    let framing: Framing;
    if (noContent) {
      framing = Framing.None;
      if (whole !== null && whole.length !== 0) throw noContentError(status);
    } else if (length !== undefined) {
      framing = Framing.Length;
      if (whole !== null && whole.length !== length && !channel.isHead) {
        throw new InvalidMessageError('message body', `${whole.length} bytes where Content-Length is ${length}`, 'RFC 9110 §8.6');
      }
      this.length = new ContentLengthEncoder(length);
    } else if (whole !== null && (trailers === undefined || channel.http10)) {
      // The whole body is known and sent at once: it matches the Content-Length written here by construction.
      framing = Framing.Whole;
    } else if (!channel.http10) {
      framing = Framing.Chunked;
      this.chunked = new ChunkedEncoder();
    } else {
      framing = Framing.Close;
    }
    const close = channel.decideClose(scan.wantsClose || framing === Framing.Close);
    // RFC 9112 §9.6: a server that is going to close says so in the last response; an HTTP/1.0 client learns
    // that the connection persists only from `keep-alive` (RFC 9112 §9.3).
    const connection = close ? CONNECTION_CLOSE : channel.confirmKeepAlive ? CONNECTION_KEEP_ALIVE : '';
    this.framing = framing;
    return headBytes(statusLine, scan.hasDate ? '' : dateLine(), scan.lines, framing === Framing.Whole ? whole!.length : -1, framing === Framing.Chunked, connection);
  }

  private encode(data: Uint8Array): Uint8Array {
    if (data.length === 0) return EMPTY;
    switch (this.framing) {
      case Framing.None:
        throw noContentError(this.status);
      case Framing.Length:
        if (this.channel.isHead) return EMPTY;
        this.length!.encode(data);
        this.sentBytes += data.length;
        return data;
      case Framing.Whole:
        // end() gives its body once, right after the head, and the head declared exactly its length; nothing
        // can follow (write() after end() throws before it gets here).
        if (this.channel.isHead) return EMPTY;
        if (this.ended) throw new InvalidMessageError('message body', 'data after the end of the body', 'RFC 9110 §8.6');
        this.sentBytes += data.length;
        return data;
      case Framing.Chunked:
        if (this.channel.isHead) return EMPTY;
        this.sentBytes += data.length;
        return this.chunked!.encodeChunk(data);
      default:
        if (this.channel.isHead) return EMPTY;
        this.sentBytes += data.length;
        return data;
    }
  }

  private encodeEnd(trailers: FieldsInput | undefined): Uint8Array {
    if (this.channel.isHead) return EMPTY;
    if (this.framing === Framing.Length) this.length!.end();
    if (this.framing === Framing.Chunked) return this.chunked!.encodeLast(trailers);
    return EMPTY;
  }
}

// The handler's Content-Length: exactly one value of 1*DIGIT (RFC 9110 §8.6).
function declaredLength(value: string, count: number): number {
  if (count > 1 || !/^[0-9]{1,15}$/.test(value)) {
    throw new InvalidMessageError('Content-Length', `expected one decimal number, got ${JSON.stringify(value)}${count > 1 ? ` and ${count - 1} more` : ''}`, 'RFC 9110 §8.6');
  }
  return Number(value);
}

function ignore(): void {}

// Ends a stream that will not be read: a Node stream is destroyed (its iterator's return() would not run before
// the first read), anything else is told through its iterator's return() (a ReadableStream is cancelled).
async function closeSource(source: AsyncIterable<unknown>): Promise<void> {
  try {
    const destroy = (source as { destroy?: unknown }).destroy;
    if (typeof destroy === 'function') destroy.call(source);
    else await source[Symbol.asyncIterator]().return?.();
  } catch {
    // A stream that fails while closing has nothing left to send.
  }
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return chunk;
  throw new InvalidMessageError('message body', `expected a Uint8Array or a string, got ${typeof chunk}`, 'RFC 9112 §6');
}

function noContentError(status: number): InvalidMessageError {
  return new InvalidMessageError('message body', `a ${status} response has no content`, status === 204 ? 'RFC 9110 §15.3.5' : 'RFC 9110 §15.4.5');
}

