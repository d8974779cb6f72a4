/**
 * The probe's contract: what a case is, how the set of outcomes the RFC allows is written, and which statuses
 * count as accepting a request (shared by the probe and the fuzzer). h1ref's conformance suite (`spec-tests/`)
 * is written in these types; the library itself loads no suite data.
 *
 * A case is plain data. It names one requirement (RFC section, level), holds the exact bytes a client sends (a
 * JS string, one code unit per byte, decoded latin1: `'\r'`, `'\n'`, `'\x00'` and `'\xff'` are bytes), says how
 * they are delivered, and lists every outcome the RFC allows for those bytes — not one expected answer. The
 * runner (`src/probe`) observes what a server does and looks for the outcome it matches.
 *
 * ## Verdicts
 *
 * - **pass**: the server did one of the things the RFC allows.
 * - **warn**: the server did something the RFC permits but that carries a risk (a leniency another parser may not
 *   share: obs-fold joined with SP, Transfer-Encoding used when Content-Length is also present), or it broke a
 *   SHOULD. `--strict` turns the second kind into fail; the first stays a warning.
 * - **fail**: a MUST was broken (the bytes were misread, a message that must be refused was accepted, the
 *   connection stayed open where it must close, a response was malformed).
 * - **skip** (not run) and **error** (the probe could not run the case: connection refused, …).
 *
 * An observation that matches no listed outcome is judged by the case's level: MUST → fail, SHOULD and MAY → warn.
 * Outcomes may also name known-bad behaviour (`verdict: 'fail'`) so that the report can say *which* wrong reading
 * the server made ("used Content-Length and ignored Transfer-Encoding").
 *
 * ## Policy decisions (where the RFC text needs a reading)
 *
 * - Refusing is acceptable in place of answering: an error response may be replaced by closing the connection
 *   without a response, which is reported as warn ("the RFC asks for a 400 response") — never as a pass, never as
 *   a fail. A reset counts as a close.
 * - Accepting a message means answering it with a status from {@link ACCEPT_STATUSES}: the server parsed the
 *   request and chose a response (2xx, 3xx, 404, 405, …). 400, 408, 411, 413, 414, 417, 431, 501 and 505 are
 *   refusals; other 5xx match neither unless listed.
 * - Invalid syntax without a specific MUST falls under RFC 9112 §2.2 ("SHOULD respond with a 400 … and close"),
 *   so accepting it is a warn, not a fail; RFC 9110 §2.4 lets a recipient recover from an invalid construct
 *   "unless noted otherwise". Where the RFC does say MUST (whitespace before a colon, Host, Content-Length,
 *   chunked not last, bare CR, CR/LF/NUL in field values, obs-fold, chunked decoding), accepting it the wrong way
 *   is a fail.
 * - Valid input must be understood: RFC 9110 §2.4 has a recipient interpret a protocol element "according to the
 *   semantics defined for it" (RFC 7230 §2.5 said outright that a recipient MUST be able to parse any value of
 *   reasonable length that matches the grammar), and RFC 9112 adds specific MUSTs (accept the absolute-form,
 *   ignore empty list elements, decode chunked, ignore unknown chunk extensions). Refusing valid input therefore
 *   fails a MUST-level case, except where a case lists the refusal as a warn because the input is unusual and
 *   refusing it is the safe side (leading zeros in Content-Length or, many of them, in a chunk size; empty list
 *   elements in Transfer-Encoding).
 * - Errata: EID 7633 (a bare LF allowed to end a chunk line) was rejected; RFC 9112 §2.2's "MAY recognize a
 *   single LF" covers the start-line and field lines only, so a bare LF in a chunk-size line, after chunk data or
 *   in the trailer section is invalid, and accepting it fails (see the chunked cases).
 *
 * @module
 */

/** A requirement level (RFC 2119 / RFC 8174). "RECOMMENDED" is SHOULD; "OPTIONAL" is MAY. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** The categories, one module each under `spec-tests/cases/`. */
export const CATEGORIES = [
  'request-line',
  'target-forms',
  'version',
  'field-syntax',
  'host',
  'content-length',
  'transfer-encoding',
  'chunked',
  'smuggling',
  'line-endings',
  'fragmentation',
  'limits',
  'persistence',
  'pipelining',
  'expect-continue',
  'head-options',
  'response-framing',
] as const;

/** One of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number];

/**
 * A status a response may have:
 * - a number: exactly that status;
 * - `'accept'`: the request was accepted — any final status in {@link ACCEPT_STATUSES};
 * - `'4xx'`, `'5xx'`: any status of that class;
 * - `'any'`: any final status.
 */
export type StatusSpec = number | 'accept' | '4xx' | '5xx' | 'any';

/**
 * The statuses that show a request was parsed and answered as a request: every 2xx and 3xx, and the 4xx a
 * server answers after routing a well-formed request. Statuses that refuse the message itself (400, 408, 411,
 * 413, 414, 417, 431, 501, 505) and server errors are not in the set.
 */
export function isAcceptStatus(status: number): boolean {
  if (status >= 200 && status < 400) return true;
  return ACCEPT_4XX.has(status);
}

/** The 4xx statuses {@link isAcceptStatus} counts as acceptance (routing, authentication, method, negotiation). */
export const ACCEPT_4XX: ReadonlySet<number> = new Set([401, 403, 404, 405, 406, 409, 410, 412, 415, 416, 421, 422, 426, 428, 429]);

/** A description of {@link isAcceptStatus} for reports. */
export const ACCEPT_STATUSES = '2xx, 3xx, 401, 403, 404, 405, 406, 409, 410, 412, 415, 416, 421, 422, 426, 428, 429';

/** Whether `status` matches `spec`. Interim (1xx) statuses never match: they are not final responses. */
export function statusMatches(status: number, spec: StatusSpec): boolean {
  if (status < 200) return false;
  switch (spec) {
    case 'accept': return isAcceptStatus(status);
    case '4xx': return status >= 400 && status < 500;
    case '5xx': return status >= 500 && status < 600;
    case 'any': return true;
    default: return status === spec;
  }
}

/**
 * How an echoing server must report a request it accepted. Every member is optional: only what is given is
 * compared, and only when the target echoes (h1ref's JSON, HTTP Garden's format, or the raw bytes).
 */
export interface Interpretation {
  /** The method, exactly. */
  readonly method?: string;
  /** The request-target, exactly as received. */
  readonly target?: string;
  /** `1.0` or `1.1` (an `HTTP/` prefix in the echo is ignored). */
  readonly version?: string;
  /**
   * Field values by name (any case): a string or a list compared with the values received for that name, joined
   * by commas with whitespace around each element ignored (so `a, b` on one line equals `a` and `b` on two);
   * `null` means the field must be absent.
   */
  readonly headers?: Readonly<Record<string, string | readonly string[] | null>>;
  /** The body after removing the chunked coding, latin1. */
  readonly body?: string;
  /** Trailer fields, as {@link Interpretation.headers}; compared only when the echo carries trailers (h1ref's). */
  readonly trailers?: Readonly<Record<string, string | readonly string[] | null>>;
}

/** What one final response must be. */
export interface ResponseExpectation {
  /** The statuses allowed. */
  readonly status: readonly StatusSpec[];
  /** What an echoing server must have understood (checked for accepted requests, when the target echoes). */
  readonly echo?: Interpretation;
}

/** The verdict an outcome gives when the observation matches it. */
export type OutcomeVerdict = 'pass' | 'warn' | 'fail';

/** One behaviour the RFC allows (or, with `verdict: 'fail'`, one known wrong reading, named for the report). */
export interface Outcome {
  /** A few words for the report: "refuse with 400 and close", "join the obs-fold with SP". */
  readonly label: string;
  /** pass by default. */
  readonly verdict?: OutcomeVerdict;
  /**
   * The final responses, in order: their number is the number of requests the server saw in the bytes (an
   * interim 1xx response belongs to the final response after it and is not counted).
   */
  readonly responses: readonly ResponseExpectation[];
  /**
   * The state of the connection after the last response: `closed` (by the server: FIN or reset), `open`, or
   * either when absent.
   */
  readonly connection?: 'closed' | 'open';
  /** The answer is HTTP/0.9: bytes without a status-line (only meaningful for requests without a version). */
  readonly http09?: true;
}

/**
 * A property every response of a case must have, checked apart from the outcomes:
 * - `no-1xx`: no interim response at all (RFC 9110 §15.2: never to an HTTP/1.0 client);
 * - `no-transfer-encoding`: no response carries Transfer-Encoding (RFC 9112 §6.1: not to an HTTP/1.0 request);
 * - `close-announced`: when the server closed the connection after its last response, that response carries
 *   `Connection: close`;
 * - `keep-alive-announced`: when the server kept the connection open after a response to an HTTP/1.0 request,
 *   that response carries `Connection: keep-alive`;
 * - `date`: every 2xx, 3xx and 4xx response has one Date field in IMF-fixdate (RFC 9110 §6.6.1, §5.6.7);
 * - `early-response`: a response (interim or final) arrived before the last piece was sent — the server did
 *   not wait for the content (RFC 9110 §10.1.1);
 * - `no-101`: no response switched protocols.
 */
export type CheckName =
  | 'no-1xx'
  | 'no-transfer-encoding'
  | 'close-announced'
  | 'keep-alive-announced'
  | 'date'
  | 'early-response'
  | 'no-101';

/** A {@link CheckName} with the requirement behind it. */
export interface Check {
  /** What is checked. */
  readonly check: CheckName;
  /** The requirement level: a broken MUST fails, a broken SHOULD warns. */
  readonly level: Level;
  /** The RFC section. */
  readonly section: string;
}

/**
 * How the bytes go out on the connection:
 * - `whole`: one write (several messages in one write are a pipeline);
 * - `split`: one write per piece, cut at the given byte offsets, with a pause between pieces;
 * - `boundaries`: cut at every syntactic boundary (around each SP, HTAB, CR, LF, `:`, `;`, `,`, `=`, `/` and in
 *   the middle of every token), with a pause between pieces;
 * - `bytes`: one byte per write;
 * - `await`: cut at the given offsets; after each piece wait until a response byte arrives or `waitMs` passes,
 *   then send the next piece (100-continue, requests one after another on a persistent connection).
 */
export type Delivery = WholeDelivery | SplitDelivery | BoundariesDelivery | BytesDelivery | AwaitDelivery;

/** All the bytes in one write. */
export interface WholeDelivery {
  /** Discriminator. */
  readonly mode: 'whole';
}

/** One write per piece, cut at given offsets. */
export interface SplitDelivery {
  /** Discriminator. */
  readonly mode: 'split';
  /** Byte offsets to cut at (each strictly inside the bytes). */
  readonly at: readonly number[];
  /** Pause between pieces, in ms (the runner's default when absent). */
  readonly pauseMs?: number;
}

/** One write per piece, cut at every syntactic boundary. */
export interface BoundariesDelivery {
  /** Discriminator. */
  readonly mode: 'boundaries';
  /** Pause between pieces, in ms (the runner's default when absent). */
  readonly pauseMs?: number;
}

/** One byte per write. */
export interface BytesDelivery {
  /** Discriminator. */
  readonly mode: 'bytes';
  /** Pause between bytes, in ms (the runner's default when absent). */
  readonly pauseMs?: number;
}

/** Cut at given offsets; after each piece, wait for the server's first byte (or `waitMs`) before the next. */
export interface AwaitDelivery {
  /** Discriminator. */
  readonly mode: 'await';
  /** Byte offsets to cut at. */
  readonly at: readonly number[];
  /** How long to wait for a response byte after each piece, in ms. */
  readonly waitMs: number;
}

/** One case of the suite. */
export interface SpecCase {
  /** Stable and unique: `<category>/<name>`. */
  readonly id: string;
  /** The RFC section the requirement comes from, e.g. `RFC 9112 §5.2`. */
  readonly section: string;
  /** The requirement level. */
  readonly level: Level;
  /** The category (and the module the case lives in). */
  readonly category: Category;
  /** One line, in our own words: what is sent and what the RFC requires. */
  readonly description: string;
  /** The bytes, one code unit per byte (latin1). May hold several messages, or none. */
  readonly request: string;
  /** How the bytes are delivered; whole by default. */
  readonly delivery?: Delivery;
  /** Shut down our sending side after the last byte (the server then sees the end of the input). */
  readonly halfClose?: boolean;
  /** Every outcome the RFC allows, and named wrong ones. */
  readonly outcomes: readonly Outcome[];
  /** Properties every response must have. */
  readonly checks?: readonly Check[];
  /**
   * How long a silent server is given, in ms, before it is taken to be waiting (for cases whose right answer is
   * to wait for more bytes). The runner's default otherwise.
   */
  readonly waitMs?: number;
  /** Rationale, errata decisions, what the alternatives risk. */
  readonly note?: string;
  /** The classes of h1ref's discrepancy catalogue (`DISCREPANCY_CLASSES`, `docs/catalogue.md`) the case covers, by id. */
  readonly catalogue?: readonly number[];
}
