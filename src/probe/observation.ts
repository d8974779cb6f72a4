/**
 * What the probe saw on one connection: the responses (parsed by h1ref's strict response parser), the state the
 * connection was left in, and anything wrong with the response bytes themselves.
 *
 * The same shape is produced by the reference model ({@link referenceObservation}), which runs h1ref's own
 * request parser over a case's bytes, so that the suite can be checked against the parser without a socket.
 *
 * @module
 */

/** The echo formats the probe understands. */
export type EchoFormat = 'h1ref' | 'garden' | 'raw';

/** How an echoing server reported a request it accepted. */
export interface EchoedRequest {
  /** Which format the echo was in. */
  readonly format: EchoFormat;
  /** The method. */
  readonly method: string;
  /** The request-target. */
  readonly target: string;
  /** The version, as the server wrote it (`1.1`, `HTTP/1.1`). */
  readonly version: string;
  /** The header fields, in order, as `[name, value]`; names as the server reports them. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body after removing the chunked coding, latin1. */
  readonly body: string;
  /** The trailer fields, when the format carries them (h1ref's and raw). */
  readonly trailers?: readonly (readonly [string, string])[];
}

/** One final response, with the interim responses that preceded it. */
export interface ObservedResponse {
  /** The status code. */
  readonly status: number;
  /** The reason phrase. */
  readonly reason: string;
  /** The HTTP-version of the status-line, as received. */
  readonly version: string;
  /** The header fields, in order; absent in the reference model, which has no real response. */
  readonly headers?: readonly (readonly [string, string])[];
  /** The statuses of the interim (1xx) responses that came before this one. */
  readonly interim: readonly number[];
  /** The body length in bytes (after removing the chunked coding). */
  readonly bodyLength: number;
  /** What the server echoed, when it echoes. */
  readonly echo?: EchoedRequest;
  /** How many pieces of the request had been written when the first byte of this response arrived. */
  readonly afterPieces: number;
}

/** How the connection ended up: closed by the server (FIN), reset, or still open when the probe stopped. */
export type ConnectionState = 'closed' | 'reset' | 'open';

/** A response the strict response parser could not read. */
export interface MalformedResponse {
  /** The parser's error code (`ERROR_CODES`). */
  readonly code: string;
  /** The parser's message. */
  readonly message: string;
  /** The offset of the offending byte, from the first byte the server sent. */
  readonly offset: number;
}

/** Everything the probe saw for one case. */
export interface Observation {
  /** The complete final responses, in order. */
  readonly responses: readonly ObservedResponse[];
  /** The connection's state when the probe stopped watching. */
  readonly connection: ConnectionState;
  /** Whether the probe stopped because its timeout ran out while it still expected more. */
  readonly timedOut: boolean;
  /** The first response the parser could not read, if any (the responses after it are not in `responses`). */
  readonly malformed?: MalformedResponse;
  /** Whether the server's bytes did not begin with a status-line at all (an HTTP/0.9 answer, or garbage). */
  readonly nonHttp: boolean;
  /** Bytes after the last complete response that did not form a complete response. */
  readonly trailingBytes: number;
  /** How many pieces were written, and how many there were to write. */
  readonly piecesSent: number;
  /** The number of pieces in the delivery plan. */
  readonly piecesTotal: number;
  /** How many pieces had been written when the server's first byte arrived; null when it sent nothing. */
  readonly firstByteAfterPieces: number | null;
  /** Whether a 101 (or a 2xx to CONNECT) switched the connection to another protocol. */
  readonly switchedProtocol: boolean;
  /**
   * True for the reference model: responses have no header fields, so checks on response fields do not apply.
   */
  readonly synthetic?: boolean;
  /** Why the probe could not observe anything (connection refused, …); the case's verdict is then `error`. */
  readonly error?: string;
}
