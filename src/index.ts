/**
 * h1ref: a strict, property-tested reference implementation of HTTP/1.1 (RFC 9110 semantics, RFC 9112 message
 * syntax).
 *
 * - {@link RequestParser} and {@link ResponseParser} turn bytes into events, identically however the input is split;
 *   {@link collectMessages} puts the events back together into messages;
 * - the writers turn heads and bodies into bytes that the parsers accept;
 * - {@link createServer} runs them on `node:net`;
 * - every rejection is a {@link ProtocolError} carrying the status to answer and the RFC section behind it.
 *
 * This module is the package's root, `h1ref`; the probe and the fuzzer are `h1ref/probe` and `h1ref/fuzz`. Each
 * name below is listed on purpose: what is not here (the line reader, the parsers' fast paths and shared base,
 * the server's connection machinery) may change without notice.
 *
 * @module h1ref
 */

// The wire layer: grammars and character classes (src/wire).
export {
  ALPHA, classifyRequestTarget, DIGIT, ERROR_CODES, FIELD_CONTENT, FIELD_VCHAR, Fields, IP_LITERAL_CHAR, isValidHostValue,
  isValidIpLiteral, latin1, latin1Bytes, Latin1Window, listHasToken, OBS_TEXT, parseChunkExtensions, parseChunkLine,
  parseContentLength, parseFieldLine, parseHttpVersion, parseObsFoldContinuation, parseQuotedString, parseRequestLine,
  parseStatusLine, parseTransferCodings, ProtocolError, PROXY_V1_MAX_LINE, PROXY_V2_SIGNATURE, readProxyHeader, QDTEXT, QUOTED_PAIR_CHAR, REASON_CHAR, REG_NAME_CHAR, scanFieldLine,
  SCHEME_CHAR, SUB_DELIMS, TARGET_CHAR, TCHAR, UNRESERVED, VCHAR, WHITESPACE, type ByteClass, type ChunkExtensionEntry,
  type ChunkLine, type ClassifiedTarget, type ErrorCode, type ErrorCodeInfo, type FieldLineSpans, type ParsedVersion,
  type ProtocolErrorJSON, type ProxyEndpoint, type ProxyHeader, type ProxyHeaderError, type ProxyHeaderRead,
  type ProxyProtocolMode, type ProxyTransport, type QuotedString, type RequestLine, type RequestTargetForm, type StatusLine, type TransferCoding,
} from './wire/index.js';

// The parsers and their events (src/parser).
export {
  collectMessages, DEFAULT_LIMITS, MessageCollector, MessageLocator, persists, RequestParser, requestFraming, ResponseParser,
  responseFraming, STRICT, type BodyFraming, type ChunkEvent, type ChunkExtension, type CollectedMessage, type DataEvent,
  type EndEvent, type ErrorEvent, type FieldLineOffsets, type FramingField, type FramingFields, type HeadEvent,
  type HttpVersion, type LocatedEvent, type MessageHead, type MessageHeadBase, type ParserEvent, type ParserLeniency,
  type ParserLimits, type ParserOptions, type ParserPhase, type PausedEvent, type RequestHead, type ResponseHead,
  type TargetForm, type TrailersEvent,
} from './parser/index.js';

// The writers (src/writer).
export {
  assertFieldName, assertFieldValue, assertMethod, assertReasonPhrase, assertRequestTarget, assertStatusCode, assertToken,
  ChunkedEncoder, ContentLengthEncoder, defaultReasonPhrase, InvalidMessageError, rawBytes, rawRequest, rawResponse,
  REASON_PHRASES, tokenOrQuotedString, writeProxyHeaderV1, writeProxyHeaderV2, writeRequestHead, writeResponseHead,
  type ProxyHeaderInit, type ChunkExtensionInit, type FieldsInput,
  type RawFieldLine, type RawMessageParts, type RawPiece, type RawRequestParts, type RawResponseParts, type RequestHeadInit,
  type ResponseHeadInit,
} from './writer/index.js';

// The server (src/server).
export {
  CLUSTER_SLOT_VARIABLE, clusterSlot, ConnectionClosedError, countingAccessLog, createEchoServer, isClusterWorker,
  runClustered, workerCount, type ClusterOptions, type StartedWorker, createServer, DEFAULT_SERVER_OPTIONS, ECHO_FORMATS, echoHandler,
  gardenEchoHandler, H1Server, HttpError, type HttpErrorInit, ListenError, rawEcho, ResponseHeaders, SERVER_ERROR_CODES, ServerRequest,
  ServerResponse, type AccessLogEntry, type EchoDocument, type EchoProxy, type RemoteInfo, type SocketPeer, type EchoFormat, type GardenEchoDocument, type Handler,
  type RawEcho, type ResponseBody, type ServerErrorCode, type ServerErrorCodeInfo, type ServerOptions, type ServerOptionsInit,
  type ServerStats,
} from './server/index.js';
