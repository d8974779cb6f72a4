/**
 * The responses the server writes on its own: for a `ProtocolError` from the parser, and for the cases a
 * server decides around the parser (timeouts, an unsupported CONNECT, a failed expectation, a handler that threw).
 *
 * Every one is small, `text/plain`, names the problem, its stable code and the RFC section it rests on, and
 * carries `Connection: close`: after any of them the connection is closed (with a lingering close), because
 * either the bytes that follow cannot be trusted to start a new request or the server chose to stop.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { writeResponseHead } from '../writer/head-writer.js';
import { defaultReasonPhrase } from '../writer/status-reasons.js';
import { httpDate } from './date-cache.js';

/**
 * The codes the server itself produces, next to the parser's `ProtocolError` codes, with the status they
 * are answered with and the section that decides it.
 */
export const SERVER_ERROR_CODES: Readonly<Record<ServerErrorCode, ServerErrorCodeInfo>> = Object.freeze({
  BODY_TIMEOUT: { status: 408, section: 'RFC 9110 §15.5.9' },
  CONNECT_NOT_SUPPORTED: { status: 501, section: 'RFC 9110 §9.3.6' },
  HANDLER_ERROR: { status: 500, section: 'RFC 9110 §15.6.1' },
  HANDLER_TIMEOUT: { status: 503, section: 'RFC 9110 §15.6.4' },
});

/**
 * A server-decided error code:
 * - `BODY_TIMEOUT`: the request body stopped arriving for longer than `bodyTimeout` (408, RFC 9110 §15.5.9);
 * - `CONNECT_NOT_SUPPORTED`: CONNECT asks for a tunnel (RFC 9110 §9.3.6); h1ref is an origin server, not a proxy,
 *   so it does not implement the method (501, RFC 9110 §15.6.2);
 * - `HANDLER_ERROR`: the handler threw before sending anything (500, RFC 9110 §15.6.1);
 * - `HANDLER_TIMEOUT`: the handler did not finish within `handlerTimeout` (503, RFC 9110 §15.6.4).
 */
export type ServerErrorCode = 'BODY_TIMEOUT' | 'CONNECT_NOT_SUPPORTED' | 'HANDLER_ERROR' | 'HANDLER_TIMEOUT';

/** The status a server-decided code is answered with, and the RFC section behind it. */
export interface ServerErrorCodeInfo {
  /** The status code. */
  readonly status: number;
  /** The RFC section, e.g. `RFC 9110 §15.5.9`. */
  readonly section: string;
}

/**
 * What an error response needs: a `ProtocolError` has this shape, and {@link serverError} builds one for
 * the server's own codes.
 */
export interface ErrorDescription {
  /** The status to answer with. */
  readonly status: number;
  /** The stable code naming the problem. */
  readonly code: string;
  /** The RFC section the decision rests on. */
  readonly section: string;
  /** One sentence for a person. */
  readonly message: string;
}

/** An error description for one of the server's own codes. */
export function serverError(code: ServerErrorCode, message: string): ErrorDescription {
  const { status, section } = SERVER_ERROR_CODES[code];
  return { status, code, section, message };
}

/**
 * The bytes of the error response: `HTTP/1.1 <status>`, Date, `Content-Type: text/plain; charset=utf-8`,
 * Content-Length, `Connection: close`, and a body of two lines, e.g.
 *
 * ```text
 * 400 Bad Request
 * OBS_FOLD (RFC 9112 §5.2): a field line folded onto the next line (obs-fold)
 * ```
 *
 * The status line says HTTP/1.1 whatever the request's version: a server sends the highest minor version it
 * conforms to within the request's major version (RFC 9110 §6.2).
 *
 * @param error - what went wrong
 * @param head - whether the request was HEAD, in which case the body is announced but not sent (RFC 9110 §9.3.2)
 */
export function errorResponseBytes(error: ErrorDescription, head = false): Uint8Array {
  const reason = defaultReasonPhrase(error.status);
  const body = Buffer.from(`${error.status} ${reason}\n${error.code} (${error.section}): ${error.message}\n`, 'utf8');
  const headBytes = writeResponseHead({
    status: error.status,
    fields: [
      ['Date', httpDate()],
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Length', String(body.length)],
      ['Connection', 'close'],
    ],
  });
  return head ? headBytes : Buffer.concat([headBytes, body]);
}
