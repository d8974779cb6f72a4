/**
 * Parser limits and lenient flags, with their defaults.
 *
 * @module
 */

/**
 * Size and count limits. Each one is checked while input arrives, so a peer cannot make the parser buffer more
 * than a limit plus one pushed chunk.
 */
export interface ParserLimits {
  /** Longest request-line (or status-line), in bytes without CRLF; longer → 414 (RFC 9112 §3). Default 8192. */
  readonly maxStartLineBytes: number;
  /** Largest header section (field lines with their CRLFs), in bytes; larger → 431 (RFC 6585 §5). Default 16384. */
  readonly maxHeaderBytes: number;
  /** Most field lines in a header or trailer section; more → 431. Default 100. */
  readonly maxFieldCount: number;
  /**
   * Largest body, in bytes after chunked decoding; larger → 413. Decided from Content-Length before any body
   * byte is read, or as chunk sizes arrive. Default 16 MiB.
   */
  readonly maxBodyBytes: number;
  /**
   * Most significant hex digits in a chunk-size; more → 400 (RFC 9112 §7.1). Leading zeros do not count: the
   * grammar allows any number of them, and the chunk line's own length limit (these digits plus the chunk
   * extension bytes left, → 413) bounds them. Default 16.
   */
  readonly maxChunkSizeDigits: number;
  /** Most bytes of chunk extensions in one message; more → 413 (RFC 9112 §7.1.1). Default 16384. */
  readonly maxChunkExtensionBytes: number;
  /** Largest trailer section, in bytes; larger → 431 (RFC 9112 §7.1.2). Default 16384. */
  readonly maxTrailerBytes: number;
}

/**
 * Leniencies: each accepts something RFC 9112 lets a recipient reject, each is off by default, and each carries a
 * smuggling risk documented with it. Turn them on only to interoperate with a known peer.
 */
export interface ParserLeniency {
  /**
   * Accept a bare LF as a line terminator (RFC 9112 §2.2 allows a recipient to, but a peer that disagrees about
   * where a line ends can be made to see a different message). Applies to every line, chunk lines included.
   * Default false.
   */
  readonly bareLineFeed: boolean;
  /**
   * Replace an obs-fold (a field line continued on the next line with leading whitespace) by one SP instead of
   * rejecting the message (RFC 9112 §5.2 allows either for a server). Default false for requests; true for
   * responses, where a user agent MUST replace it.
   */
  readonly obsFold: boolean;
}

/** Options for a parser; every member is optional and falls back to {@link DEFAULT_LIMITS} / {@link STRICT}. */
export interface ParserOptions {
  /** Limits to override. */
  readonly limits?: Partial<ParserLimits>;
  /** Leniencies to enable. */
  readonly lenient?: Partial<ParserLeniency>;
}

/** The default limits, close to h11's and Node's (16 KiB header section) and hyper's (100 fields). */
export const DEFAULT_LIMITS: ParserLimits = Object.freeze({
  maxStartLineBytes: 8192,
  maxHeaderBytes: 16384,
  maxFieldCount: 100,
  maxBodyBytes: 16 * 1024 * 1024,
  maxChunkSizeDigits: 16,
  maxChunkExtensionBytes: 16384,
  maxTrailerBytes: 16384,
});

/** No leniency: the default. */
export const STRICT: ParserLeniency = Object.freeze({ bareLineFeed: false, obsFold: false });

/** Options with every default filled in. */
export interface ResolvedParserOptions {
  /** The limits in force. */
  readonly limits: ParserLimits;
  /** The leniencies in force. */
  readonly lenient: ParserLeniency;
}

/** Fills in the defaults. */
export function resolveParserOptions(options: ParserOptions = {}): ResolvedParserOptions {
  return {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    lenient: { ...STRICT, ...options.lenient },
  };
}
