/**
 * Helpers that keep the case modules readable: messages from their lines, chunked bodies, and the outcome sets
 * that recur (accept; refuse with 400 and close; refuse or accept with a warning).
 *
 * Strings are bytes: one code unit per byte (latin1). Write CR, LF, NUL and obs-text as `'\r'`, `'\n'`,
 * `'\x00'`, `'\xe9'`.
 *
 * @module
 */
import type {
  Category, Interpretation, Outcome, ResponseExpectation, SpecCase, StatusSpec,
} from './schema.js';

/** The Host every case sends unless it is about Host. */
export const HOST = 'localhost';
/** The Host field line. */
export const HOST_LINE = `Host: ${HOST}`;
/** CR LF. */
export const CRLF = '\r\n';

/**
 * A complete GET for `/smuggled`, placed where a server that misreads the framing sees a second request and a
 * server that reads it right sees body bytes: the number of responses then tells the two readings apart.
 */
export const SMUGGLED = 'GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n';

/**
 * A message from its lines: the start-line and each field line end with CRLF, then the empty line, then the body.
 *
 * @example message('GET / HTTP/1.1', ['Host: localhost']) // 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'
 */
export function message(startLine: string, fields: readonly string[] = [], body = ''): string {
  return `${startLine}${CRLF}${fields.map((f) => f + CRLF).join('')}${CRLF}${body}`;
}

/** A request with `Host: localhost` first, then `fields`, then the body (no framing field is added). */
export function request(method: string, target: string, fields: readonly string[] = [], body = '', version = 'HTTP/1.1'): string {
  return message(`${method} ${target} ${version}`, [HOST_LINE, ...fields], body);
}

/** `GET target HTTP/1.1` with Host and `fields`. */
export function get(target = '/', fields: readonly string[] = []): string {
  return request('GET', target, fields);
}

/** `POST target HTTP/1.1` with Host, `Content-Length` of the body, `fields` and the body. */
export function post(body: string, fields: readonly string[] = [], target = '/'): string {
  return request('POST', target, [`Content-Length: ${body.length}`, ...fields], body);
}

/** `POST / HTTP/1.1` with Host, `Transfer-Encoding: chunked`, `fields` and the (already encoded) body. */
export function chunkedPost(encodedBody: string, fields: readonly string[] = [], target = '/'): string {
  return request('POST', target, ['Transfer-Encoding: chunked', ...fields], encodedBody);
}

/** One chunk: size in hex, the extension text as given (e.g. `;a=b`), CRLF, the data, CRLF. */
export function chunk(data: string, extension = ''): string {
  return `${data.length.toString(16)}${extension}${CRLF}${data}${CRLF}`;
}

/** The last chunk and the trailer section: `0`, CRLF, each trailer line with CRLF, CRLF. */
export function lastChunk(trailers: readonly string[] = [], extension = ''): string {
  return `0${extension}${CRLF}${trailers.map((t) => t + CRLF).join('')}${CRLF}`;
}

/** A chunked body of one chunk per piece of data, then the last chunk. */
export function chunked(...data: readonly string[]): string {
  return data.map((d) => chunk(d)).join('') + lastChunk();
}

/** Offsets just after the end of each message head (the first CRLF CRLF from `from`), for split deliveries. */
export function headEnd(bytes: string, from = 0): number {
  const i = bytes.indexOf('\r\n\r\n', from);
  if (i < 0) throw new Error('no end of head');
  return i + 4;
}

/** The text repeated to `length` characters. */
export function filler(length: number, text = 'a'): string {
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

// ---------------------------------------------------------------------------------------------------------------
// Response expectations.

/** An accepted request (any status of `isAcceptStatus`), optionally with what an echo must show. */
export function accepted(echo?: Interpretation): ResponseExpectation {
  return echo === undefined ? { status: ['accept'] } : { status: ['accept'], echo };
}

/** A response with one of the statuses. */
export function status(...statuses: readonly StatusSpec[]): ResponseExpectation {
  return { status: statuses };
}

// ---------------------------------------------------------------------------------------------------------------
// Outcome sets.

/**
 * The request (or each request of a pipeline) is accepted: one response per interpretation given (one when none
 * is given), in order.
 */
export function accepts(...echoes: readonly Interpretation[]): Outcome[] {
  const responses = echoes.length === 0 ? [accepted()] : echoes.map((e) => accepted(e));
  return [{ label: responses.length === 1 ? 'accept' : `accept all ${responses.length} requests, in order`, responses }];
}

/** Options of {@link refuses}. */
export interface RefuseOptions {
  /** The statuses that refuse; `[400]` by default. */
  readonly status?: readonly StatusSpec[];
  /**
   * How strongly the connection must close after the refusal: `must` (leaving it open fails), `should` (warns;
   * RFC 9112 §2.2's default for invalid messages), `may` (either). `should` by default.
   */
  readonly close?: 'must' | 'should' | 'may';
  /** Responses that come before the refusal (earlier requests of a pipeline). */
  readonly before?: readonly ResponseExpectation[];
  /** Why, for the label. */
  readonly why?: string;
}

/**
 * The server refuses: it answers one of `status` and closes the connection. Closing without a response is a
 * warn; leaving the connection open after the refusal is a fail or a warn per `close`.
 */
export function refuses(options: RefuseOptions = {}): Outcome[] {
  const statuses = options.status ?? [400];
  const close = options.close ?? 'should';
  const before = options.before ?? [];
  const refusal: ResponseExpectation = { status: statuses };
  const what = `refuse with ${statuses.join(' or ')}${options.why === undefined ? '' : ` (${options.why})`}`;
  const outcomes: Outcome[] = [
    close === 'may'
      ? { label: what, responses: [...before, refusal] }
      : { label: `${what} and close`, responses: [...before, refusal], connection: 'closed' },
    { label: 'close without a response (the RFC asks for an error response)', verdict: 'warn', responses: before, connection: 'closed' },
  ];
  if (close !== 'may') {
    outcomes.push({
      label: `${what} but leave the connection open (the RFC says the server ${close.toUpperCase()} close)`,
      verdict: close === 'must' ? 'fail' : 'warn',
      responses: [...before, refusal],
      connection: 'open',
    });
  }
  return outcomes;
}

/**
 * Invalid syntax with no specific MUST: RFC 9112 §2.2 asks for 400 and a close (SHOULD), and RFC 9110 §2.4 lets
 * a recipient recover, so accepting is a warn.
 */
export function invalid(options: RefuseOptions = {}): Outcome[] {
  return [
    ...refuses(options),
    { label: 'accept the invalid message', verdict: 'warn', responses: [...(options.before ?? []), accepted()] },
  ];
}

/**
 * Input the RFC says MUST be refused (or, for some, repaired in a stated way): refusing passes; accepting is
 * named as a failure.
 */
export function mustRefuse(options: RefuseOptions = {}, acceptLabel = 'accept a message the RFC says to refuse'): Outcome[] {
  return [
    ...refuses(options),
    { label: acceptLabel, verdict: 'fail', responses: [...(options.before ?? []), accepted()] },
  ];
}

/**
 * An invalid request-line (RFC 9112 §3): a recipient SHOULD answer 400 or a 301 redirect to the target properly
 * encoded, and SHOULD NOT autocorrect it and go on; accepting is a warn.
 */
export function invalidRequestLine(): Outcome[] {
  return invalid({ status: [400, 301] });
}

/**
 * Whitespace other than one SP in the request-line (RFC 9112 §3): 400 or 301, or — a permitted leniency with
 * a smuggling risk — parsing on whitespace-delimited words.
 */
export function requestLineWhitespace(): Outcome[] {
  return [
    ...refuses({ status: [400, 301] }),
    { label: 'parse on whitespace-delimited words (permitted by RFC 9112 §3, risky)', verdict: 'warn', responses: [accepted()] },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Cases.

/** A case as written in a category module: the category and its id prefix are added by {@link defineCases}. */
export type CaseInit = Omit<SpecCase, 'category'>;

/** Adds the category to each case and prefixes its id with `<category>/`. */
export function defineCases(category: Category, cases: readonly CaseInit[]): SpecCase[] {
  return cases.map((c) => ({ ...c, category, id: `${category}/${c.id}` }));
}
