/**
 * {@link ParserPool}: request parsers kept for the next connections.
 *
 * Building a parser (its head reader, line reader and decoding window, 0.7 KB of objects) is most of what a new
 * connection allocates, and a connection-per-request client (the probe, the fuzzer, health checks, HTTP/1.0) makes
 * a new connection for every request. A connection that closes, or goes idle and lets go of its parser, gives it
 * back here; the next connection takes it. A parser is reset when given back — `MessageParser.reset`, proved equal
 * to a new parser by `test/parser/reset.test.ts` — so it holds no bytes of the connection it served while it waits.
 *
 * @module
 */
import type { ParserOptions } from '../parser/options.js';
import { RequestParser } from '../parser/request-parser.js';

/**
 * How many idle parsers a server keeps: enough for a burst of new connections at once (~0.8 KB each, ~200 KB in
 * all when full), few enough that an idle server holds little.
 */
export const PARSER_POOL_SIZE = 256;

/** A server's spare request parsers, all made with the server's parser options. */
export class ParserPool {
  /** The options every parser of this pool is made with. */
  readonly options: ParserOptions;
  private readonly spare: RequestParser[] = [];
  private readonly size: number;

  /**
   * @param options - the server's parser options (one object, so that it is resolved once)
   * @param size - the most parsers kept
   */
  constructor(options: ParserOptions, size = PARSER_POOL_SIZE) {
    this.options = options;
    this.size = size;
  }

  /** A parser in the state of a new one: a kept one if there is, otherwise a new one. */
  take(): RequestParser {
    return this.spare.pop() ?? new RequestParser(this.options);
  }

  /** Takes back a parser its connection will never use again, whatever its state; kept if there is room. */
  give(parser: RequestParser): void {
    if (this.spare.length >= this.size) return;
    parser.reset();
    this.spare.push(parser);
  }

  /** How many parsers are kept now. */
  get kept(): number {
    return this.spare.length;
  }
}
