/**
 * The fuzzer's data: what one target did with one input (a {@link View}), the classes of difference, and the
 * record a confirmed finding is stored as. Plain data throughout, so it crosses worker threads and files as JSON.
 *
 * @module
 */

/** What one target (or the reference) did with one message of the stream. */
export interface MessageView {
  /** The final status; the reference's is the status h1ref's server answers (200 for an accepted message). */
  readonly status: number;
  /** Whether the status accepts the request (the probe's `isAcceptStatus`). */
  readonly accepted: boolean;
  /** Interim statuses before the final one. */
  readonly interim: readonly number[];
  /** What the target echoed, for an accepted message from an echoing target. */
  readonly echo?: EchoView;
  /** Reference only: the stream offset just after the message's last byte. */
  readonly consumedTo?: number;
  /** Reference only: how the body was delimited (RFC 9112 §6.3). */
  readonly framing?: string;
}

/** An echo, reduced to what the comparison looks at. */
export interface EchoView {
  /** The method. */
  readonly method: string;
  /** The request-target. */
  readonly target: string;
  /** The version, `1.0` or `1.1` (an `HTTP/` prefix removed). */
  readonly version: string;
  /** Header fields as `[name, value]`, names as the target reported them. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body after removing the chunked coding (latin1). */
  readonly body: string;
}

/**
 * How the stream ended: the target closed (FIN), reset, left the connection open; `hang` when it sent fewer
 * responses than the reference predicts and went silent; `crash` when, afterwards, it no longer accepted a
 * connection or answered a plain GET.
 */
export type StreamEnd = 'open' | 'closed' | 'reset' | 'hang' | 'crash';

/** What one target (or the reference) did with one input. */
export interface View {
  /** One entry per final response, in order. */
  readonly messages: readonly MessageView[];
  /** How the connection ended. */
  readonly end: StreamEnd;
  /** Bytes the target sent after its last complete response that did not form one (0 for the reference). */
  readonly leftover: number;
  /** The response parser's error code when the target's bytes were not a valid response. */
  readonly malformed?: string;
  /** Whether the target answered with bytes that are not HTTP/1.x at all (HTTP/0.9, garbage). */
  readonly nonHttp?: boolean;
  /** Reference only: the error h1ref's parser gave (code, RFC section, offset), when it refused. */
  readonly error?: ReferenceRefusal;
}

/** The error h1ref's parser gave when it refused. */
export interface ReferenceRefusal {
  /** The error code (`ERROR_CODES`). */
  readonly code: string;
  /** The RFC section behind the refusal. */
  readonly section: string;
  /** The stream offset of the offending byte. */
  readonly offset: number;
}

/**
 * The classes of difference, most severe first:
 * - `framing`: the message count, a body's bytes or where a message ends differ (request smuggling lives here);
 * - `accept-reject`: one side accepts a message the other refuses;
 * - `interpretation`: both accept, but read the method, target, version, fields or body differently;
 * - `connection`: one closes where the other keeps the connection open;
 * - `crash-hang`: the target stopped answering, or waited where the reference answered;
 * - `status`: only the refusal status differs (benign by default).
 */
export const FINDING_CLASSES = ['framing', 'accept-reject', 'interpretation', 'connection', 'crash-hang', 'status'] as const;

/** One of {@link FINDING_CLASSES}. */
export type FindingClass = (typeof FINDING_CLASSES)[number];

/**
 * How much a difference matters:
 * - `meaningful`: a target accepts what the RFC refuses, or frames or reads the bytes differently from the reference;
 * - `permitted`: the two outcomes differ, but the RFC permits both;
 * - `excused`: a known benign quirk of the target explains it (named in `quirks`).
 */
export type Severity = 'meaningful' | 'permitted' | 'excused';

/** A target as the fuzzer names it. */
export interface TargetRef {
  /** A short name (`h1ref`, `nginx`, or the address given). */
  readonly name: string;
  /** The target as a URL, `http://host:port` or `https://host:port` (`host:port` in older records). */
  readonly address: string;
  /** The server's version, when known. */
  readonly version?: string;
}

/** How the input's bytes were delivered. */
export interface DeliveryRecord {
  /** `whole`, `boundaries`, `random`, `pauses`, `half-close`. */
  readonly mode: string;
  /** The byte offsets the bytes were cut at (empty when whole). */
  readonly cuts: readonly number[];
  /** Pause between pieces, ms. */
  readonly pauseMs: number;
  /** Whether the client shut down its sending side after the last piece. */
  readonly halfClose: boolean;
}

/** What shrinking did to a finding's input. */
export interface ShrinkSummary {
  /** Bytes before shrinking. */
  readonly from: number;
  /** Bytes after. */
  readonly to: number;
  /** Exchanges it took. */
  readonly exchanges: number;
}

/** A confirmed, shrunk finding: what `DIR/<class>/<hash>.json` holds (the `.http` beside it holds the bytes). */
export interface FindingRecord {
  /** The record format. */
  readonly schema: 'h1ref-fuzz-finding/1';
  /** The finding's class. */
  readonly class: FindingClass;
  /** How much it matters. */
  readonly severity: Severity;
  /**
   * The signature: class, severity, pair, the kind of view difference, the reference's error code, and the
   * operator families that made the input (`accept-reject|meaningful|nginx~h1ref-parser|accepts-refused|BARE_LF|field-syntax`).
   */
  readonly signature: string;
  /** A short hash of the signature: the file name. */
  readonly hash: string;
  /** The target that differs (first) and the one it differs from (the reference is `h1ref-parser`). */
  readonly pair: readonly [string, string];
  /** Every target of the run. */
  readonly targets: readonly TargetRef[];
  /** Each target's view of the minimal bytes, by name, and the reference's under `h1ref-parser`. */
  readonly views: Readonly<Record<string, View>>;
  /** The RFC verdict: what h1ref's parser does with the bytes, in one line, with the section. */
  readonly verdict: string;
  /** Why the views differ, one line per difference. */
  readonly reasons: readonly string[];
  /** The benign quirks that were applied when comparing (empty for most findings). */
  readonly quirks: readonly string[];
  /** The run's seed and the input's index: `h1ref fuzz --seed S --runs I+1` makes this input again. */
  readonly seed: number;
  /** See `seed`. */
  readonly index: number;
  /** For an input made as a child of input `index` (the novelty rule): its number. */
  readonly child?: number;
  /** The operators that made the input, in order. */
  readonly operators: readonly string[];
  /** The slots they touched. */
  readonly slots: readonly string[];
  /** The slots that still differ from the valid baseline after shrinking (absent for inputs without one). */
  readonly diffSlots?: readonly string[];
  /** How the original input was delivered (the minimal bytes are replayed whole). */
  readonly delivery: DeliveryRecord;
  /** The minimal bytes, base64. */
  readonly bytes: string;
  /** The same bytes escaped for reading (`\r\n` shown as such). */
  readonly escaped: string;
  /** A shell one-liner that sends the bytes: `printf '…' | nc host port`. */
  readonly oneLiner: string;
  /** The size of the input before shrinking, and the exchanges shrinking took. */
  readonly shrink: ShrinkSummary;
  /** When it was confirmed (ISO time). */
  readonly foundAt: string;
}
