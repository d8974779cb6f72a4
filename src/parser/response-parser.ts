/**
 * {@link ResponseParser}: the client side's reader of HTTP/1.1 responses.
 *
 * @module
 */
import type { Fields } from '../wire/fields.js';
import { ProtocolError } from '../wire/protocol-error.js';
import { parseStatusLine, type StatusLine } from '../wire/status-line.js';
import type { PausedEvent, ResponseHead } from './events.js';
import { responseFraming } from './framing.js';
import { type HeadContext, MessageParser } from './message-parser.js';
import type { ParserLeniency, ParserOptions } from './options.js';
import { persists } from './persistence.js';
import type { SpecialFields } from './special-fields.js';

const PAUSED_CONNECT: PausedEvent = Object.freeze({ type: 'paused', reason: 'connect' });
const PAUSED_UPGRADE: PausedEvent = Object.freeze({ type: 'paused', reason: 'upgrade' });

// A user agent replaces obs-fold (RFC 9112 §5.2): one frozen object, so that resolved options are shared.
const RESPONSE_LENIENCY_DEFAULTS: Partial<ParserLeniency> = Object.freeze({ obsFold: true });

/**
 * Parses the responses arriving on one connection. Whether a response has a body depends on the request it
 * answers (RFC 9112 §6.3: HEAD, CONNECT), so tell the parser each request's method, in order, with
 * {@link ResponseParser.expectResponseTo}; a response with no method queued is taken as an answer to GET.
 *
 * Interim (1xx) responses come as a head and an end of their own, then the final response to the same request
 * follows. A 101 response, or a 2xx response to CONNECT, pauses the parser: the bytes after it belong to another
 * protocol.
 */
export class ResponseParser extends MessageParser<ResponseHead> {
  /**
   * @param options - limits and leniencies. Unlike a server, a user agent MUST replace an obs-fold in a response
   *   with SP (RFC 9112 §5.2), so `lenient.obsFold` defaults to true here; a proxy, which may instead reject the
   *   response (and answer 502), passes `{ lenient: { obsFold: false } }`.
   */
  constructor(options: ParserOptions = {}) {
    super(options, RESPONSE_LENIENCY_DEFAULTS);
  }

  protected readonly skipsLeadingEmptyLines = false;
  protected readonly startLineTooLong = 'STATUS_LINE_TOO_LONG' as const;
  private line: StatusLine | null = null;
  private readonly methods: string[] = [];

  /** Queues the method of the next request sent on this connection (pipelined requests queue in order). */
  expectResponseTo(method: string): void {
    this.methods.push(method);
  }

  protected resetStartLine(): void {
    this.line = null;
    this.methods.length = 0;
  }

  protected parseStartLine(bytes: Uint8Array, start: number, end: number): ProtocolError | null {
    const line = parseStatusLine(bytes, start, end, this.window);
    if (line instanceof ProtocolError) return line;
    this.line = line;
    return null;
  }

  protected buildHead(fields: Fields, special: SpecialFields, context: HeadContext): ResponseHead | ProtocolError {
    const line = this.line!;
    const requestMethod = this.methods[0] ?? 'GET';
    const framing = responseFraming(
      { version: line.version, transferEncoding: special.transferEncoding, contentLength: special.contentLength, lines: context },
      line.status,
      requestMethod,
    );
    if (framing instanceof ProtocolError) return framing;
    const interim = line.status < 200 && line.status !== 101;
    return {
      kind: 'response',
      status: line.status,
      reason: line.reason,
      requestMethod,
      interim,
      version: line.version,
      rawVersion: line.rawVersion,
      fields,
      framing,
      // An interim response never ends the connection: the final response is still to come.
      keepAlive: interim || persists(line.version, special.connection, framing.kind === 'until-close'),
    };
  }

  protected switchesAfter(head: ResponseHead): PausedEvent | null {
    if (head.status === 101) return PAUSED_UPGRADE;
    if (head.requestMethod === 'CONNECT' && head.status >= 200 && head.status < 300) return PAUSED_CONNECT;
    return null;
  }

  protected afterMessage(head: ResponseHead): void {
    if (!head.interim) this.methods.shift();
    this.line = null;
  }
}
