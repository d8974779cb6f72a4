/**
 * {@link HttpError}: an error a handler (or a request helper) throws to choose the status, and if it likes the body,
 * of the error response.
 *
 * @module
 */
import { defaultReasonPhrase } from '../writer/status-reasons.js';

/** What an {@link HttpError} answers with besides its status: its own body, content type and header fields. */
export interface HttpErrorInit {
  /**
   * The response body (strings are sent as UTF-8). Default: the error's message and a line feed, as
   * `text/plain; charset=utf-8`.
   */
  readonly body?: Uint8Array | string;
  /** The body's Content-Type. Default `text/plain; charset=utf-8` (also when `body` is given without one). */
  readonly contentType?: string;
  /**
   * More header fields, `[name, value]` pairs in order (e.g. `WWW-Authenticate` for a 401, `Allow` for a 405,
   * `Retry-After` for a 503). Checked like every response field when the head is written; an invalid one turns the
   * answer into a 500. Content-Length and Transfer-Encoding are the server's to write.
   */
  readonly headers?: readonly (readonly [name: string, value: string])[];
  /** The cause, for the error's `cause` (not sent). */
  readonly cause?: unknown;
}

/**
 * Thrown to end an exchange with a given status. When a handler throws one before its response started, the
 * server discards whatever the handler had set on the response and answers with `status`, the error's own
 * `body`, `contentType` and `headers` (by default the message as a short plain-text body); any other thrown value
 * gets 500 (RFC 9110 §15.6.1). After the response started, the connection is aborted as for any error.
 *
 * The answer is an ordinary response: the connection stays open for the next request when the request was
 * received completely (RFC 9112 §9.3). When part of the request body had not arrived yet, the answer carries
 * `Connection: close` and the server closes after it instead of reading a body it refused (see
 * `docs/design.md`, "The server").
 *
 * ```ts
 * throw new HttpError(404, 'no such user', { body: JSON.stringify({ error: 'not found' }), contentType: 'application/json' });
 * ```
 */
export class HttpError extends Error {
  /** The status code to answer with, 400–599. */
  readonly status: number;
  /** The body to answer with, if the error brings its own. */
  readonly body: Uint8Array | string | undefined;
  /** The body's Content-Type, if the error names one. */
  readonly contentType: string | undefined;
  /** More header fields for the answer. */
  readonly headers: readonly (readonly [name: string, value: string])[];

  /**
   * @param status - 400–599; anything else becomes 500
   * @param message - one sentence for the client; by default the status's reason phrase
   * @param init - the answer's own body, content type and fields
   */
  constructor(status: number, message?: string, init: HttpErrorInit = {}) {
    const valid = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
    super(message ?? (defaultReasonPhrase(valid) || `error ${valid}`), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpError';
    this.status = valid;
    this.body = init.body;
    this.contentType = init.contentType;
    this.headers = init.headers ?? [];
  }
}

/**
 * Thrown (as a rejection) by response writes and request body reads once the connection is gone: the client
 * went away, a timeout fired, the server shut down, or the server aborted a response it could not complete.
 */
export class ConnectionClosedError extends Error {
  /**
   * @param message - what ended the connection
   * @param cause - what made the server end it, when it did (e.g. a response body stream that failed)
   */
  constructor(message = 'the connection closed', cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ConnectionClosedError';
  }
}
