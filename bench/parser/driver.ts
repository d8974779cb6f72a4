/**
 * The contract every parser driver meets, so that the timed loop and the checks are the same code for all of
 * them and only the parser differs.
 *
 * @module
 */
import type { Expected } from './messages.js';

/**
 * What a driver saw. Every driver does the same work per message: takes the method, target and version, and
 * every field name and value as strings (adding up their lengths into `chars`, which also keeps the JIT from
 * dropping the work), and counts the body bytes it was handed.
 */
export class Tally {
  messages = 0;
  fields = 0;
  chars = 0;
  bodyBytes = 0;
  /** Messages whose version read as HTTP/1.1; must equal `messages`. */
  versions = 0;

  /**
   * Counts one head as the Node-style callback parsers hand it over: the method name, the target, the flat
   * `[name, value, …]` header list and the version numbers.
   */
  countHead(methodName: string, url: string, headers: readonly string[], versionMajor: number, versionMinor: number): void {
    let chars = methodName.length + url.length;
    for (let i = 0; i < headers.length; i++) chars += headers[i]!.length;
    this.chars += chars;
    this.fields += headers.length >> 1;
    if (versionMajor === 1 && versionMinor === 1) this.versions++;
  }

  reset(): void {
    this.messages = 0;
    this.fields = 0;
    this.chars = 0;
    this.bodyBytes = 0;
    this.versions = 0;
  }
}

/** One parser instance, reused for every message, plus the tally its callbacks or events fill in. */
export interface Driver {
  readonly tally: Tally;
  /** Hands one piece of input to the parser and consumes everything it produces. Throws on a parse error. */
  feed(piece: Buffer): void;
}

/** A parser that could be loaded: makes drivers. */
export interface Loaded {
  readonly ok: true;
  /** A short version string for the report. */
  readonly version: string;
  create(): Driver;
}

/** A parser that is not there (yet): its column shows "n/a". */
export interface Unavailable {
  readonly ok: false;
  readonly reason: string;
}

/** The outcome of loading a parser. */
export type LoadResult = Loaded | Unavailable;

/**
 * Compares a tally with what `sequences` replays of a case must give; throws, naming every difference, so a
 * driver that skipped work fails loudly instead of looking fast.
 */
export function verify(tally: Tally, expected: Readonly<Expected>, sequences: number): void {
  const want = {
    messages: expected.messages * sequences,
    fields: expected.fields * sequences,
    chars: expected.chars * sequences,
    bodyBytes: expected.bodyBytes * sequences,
    versions: expected.messages * sequences,
  };
  const wrong = (Object.keys(want) as (keyof typeof want)[])
    .filter((key) => tally[key] !== want[key])
    .map((key) => `${key}: got ${tally[key]}, want ${want[key]}`);
  if (wrong.length > 0) throw new Error(`count mismatch after ${sequences} sequences: ${wrong.join('; ')}`);
}

/** A parser with Node's binding interface (`execute` and numbered callback slots), as llhttp and http-parser-js have. */
export interface BindingParser {
  /** Bytes parsed, or an Error for bad input. */
  execute(data: Buffer): number | Error;
  [slot: number]: unknown;
}

/**
 * Finishes a driver for a parser with Node's binding interface whose head callbacks are already set: counts body
 * bytes and completed messages in `tally`, and feeds pieces through `execute`, throwing what it reports.
 */
export function bindingDriver(
  parser: BindingParser, slots: { readonly kOnBody: number; readonly kOnMessageComplete: number }, tally: Tally,
): Driver {
  parser[slots.kOnBody] = (body: Buffer): void => {
    tally.bodyBytes += body.length;
  };
  parser[slots.kOnMessageComplete] = (): void => {
    tally.messages++;
  };
  return {
    tally,
    feed(piece: Buffer): void {
      const result = parser.execute(piece);
      if (typeof result !== 'number') throw result;
    },
  };
}
