/**
 * {@link HttpError}: an error a handler (or a request helper) throws to choose the status of the error response.
 *
 * @module
 */

/**
 * Thrown to end an exchange with a given status. When a handler throws one before its response started, the
 * server answers with `status` and the error's message as a short plain-text body; any other thrown value gets
 * 500 (RFC 9110 §15.6.1).
 */
export class HttpError extends Error {
  /** The status code to answer with, 400–599. */
  readonly status: number;

  /**
   * @param status - 400–599; anything else becomes 500
   * @param message - one sentence for the client
   */
  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
  }
}

/**
 * Thrown (as a rejection) by response writes and request body reads once the connection is gone: the client
 * went away, a timeout fired, or the server shut down.
 */
export class ConnectionClosedError extends Error {
  /** @param message - what ended the connection */
  constructor(message = 'the connection closed') {
    super(message);
    this.name = 'ConnectionClosedError';
  }
}
