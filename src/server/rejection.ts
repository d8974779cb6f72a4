/**
 * {@link answerHttpError}: a handler's {@link HttpError} sent as an ordinary response on the handler's own
 * {@link ServerResponse}, so that it is framed, checked and kept alive like any other.
 *
 * @module
 */
import type { HttpError } from './http-error.js';
import type { ServerResponse } from './response.js';

const PLAIN_TEXT = 'text/plain; charset=utf-8';

/**
 * Answers `error` on a response whose head has not been sent: whatever the handler had set is dropped, the
 * error's status, fields, content type and body are sent.
 *
 * When the request had not been received completely, the answer carries `Connection: close` and the server
 * closes after it (a lingering close, RFC 9112 §9.6) rather than reading the rest: the server refuses the request,
 * so reading a body of up to `maxBodyBytes` it will not use only keeps the client sending (RFC 9110 §15.5.14 lets
 * a server close instead of reading an oversized body), and a server that answers before the whole content has
 * arrived says whether it will close or go on reading (RFC 9110 §10.1.1). A request read to its end leaves the
 * connection as any response does (RFC 9112 §9.3).
 *
 * @param requestComplete - whether the request, body included, has been received to its end
 * @returns the promise of `end()`: rejected, before anything is sent, when a field of the error is invalid
 */
export function answerHttpError(response: ServerResponse, error: HttpError, requestComplete: boolean): Promise<void> {
  response.status = error.status;
  response.reason = undefined;
  const headers = response.headers;
  headers.raw.length = 0;
  for (const [name, value] of error.headers) headers.append(name, value);
  headers.set('Content-Type', error.contentType ?? PLAIN_TEXT);
  if (!requestComplete) headers.set('Connection', 'close');
  return response.end(error.body ?? `${error.message}\n`);
}
