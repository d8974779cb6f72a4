/**
 * The HTTP/1.1 server on `node:net`: connections driven by h1ref's parser, a small async handler API, the echo
 * handlers, timeouts, backpressure and graceful shutdown. Exported from the package root, `h1ref`.
 *
 * - {@link createServer} makes an {@link H1Server} around a {@link Handler}, which gets a {@link ServerRequest}
 *   and answers with a {@link ServerResponse};
 * - {@link echoHandler} (the default), {@link gardenEchoHandler} and {@link rawEcho} answer with what the server
 *   understood; {@link createEchoServer} picks one by name.
 *
 * @module
 */
export {
  CLUSTER_SLOT_VARIABLE, clusterSlot, countingAccessLog, isClusterWorker, runClustered, workerCount, type ClusterOptions, type StartedWorker,
} from './cluster.js';
export type { Handler } from './connection.js';
export { echoHandler, type EchoDocument, type EchoProxy } from './echo-handler.js';
export {
  createEchoServer, ECHO_FORMATS, gardenEchoHandler, rawEcho, type EchoFormat, type GardenEchoDocument, type RawEcho,
} from './echo-formats.js';
export { SERVER_ERROR_CODES, type ServerErrorCode, type ServerErrorCodeInfo } from './error-response.js';
export { ConnectionClosedError, HttpError, type HttpErrorInit } from './http-error.js';
export { ListenError } from './listen-error.js';
export { DEFAULT_SERVER_OPTIONS, type AccessLogEntry, type ServerOptions, type ServerOptionsInit } from './options.js';
export { ServerRequest, type RemoteInfo, type SocketPeer } from './request.js';
export { ResponseHeaders } from './response-headers.js';
export { ServerResponse, type ResponseBody } from './response.js';
export { createServer, H1Server, type ServerStats } from './server.js';
