/**
 * The HTTP/1.1 server on `node:net`: connections driven by h1ref's parser, a small async handler API, the echo
 * handler, timeouts, backpressure and graceful shutdown.
 *
 * @module
 */
export { Connection, type ConnectionHost, type Handler } from './connection.js';
export { httpDate } from './date-cache.js';
export { echoHandler, type EchoDocument } from './echo-handler.js';
export {
  createEchoServer, ECHO_FORMATS, gardenEchoHandler, rawEcho, type EchoFormat, type GardenEchoDocument, type RawEcho,
} from './echo-formats.js';
export {
  errorResponseBytes,
  SERVER_ERROR_CODES,
  serverError,
  type ErrorDescription,
  type ServerErrorCode,
  type ServerErrorCodeInfo,
} from './error-response.js';
export { ConnectionClosedError, HttpError } from './http-error.js';
export { formatHostPort, ListenError } from './listen-error.js';
export { DEFAULT_SERVER_OPTIONS, resolveServerOptions, type AccessLogEntry, type ServerOptions, type ServerOptionsInit } from './options.js';
export { ServerRequest } from './request.js';
export { ResponseHeaders } from './response-headers.js';
export { ServerResponse } from './response.js';
export { createServer, H1Server, type ServerStats } from './server.js';
