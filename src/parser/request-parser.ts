/**
 * {@link RequestParser}: the server side's reader of HTTP/1.1 requests.
 *
 * @module
 */
import type { Fields } from '../wire/fields.js';
import { ProtocolError } from '../wire/protocol-error.js';
import { methodCovers, parseRequestLine, type RequestLine } from '../wire/request-line.js';
import { isValidHostValue } from '../wire/request-target.js';
import { listHasToken } from '../wire/transfer-coding.js';
import type { PausedEvent, RequestHead } from './events.js';
import { requestFraming } from './framing.js';
import { type HeadContext, MessageParser } from './message-parser.js';
import { persists } from './persistence.js';
import type { SpecialFields } from './special-fields.js';

const PAUSED_CONNECT: PausedEvent = Object.freeze({ type: 'paused', reason: 'connect' });
const PAUSED_UPGRADE: PausedEvent = Object.freeze({ type: 'paused', reason: 'upgrade' });

/**
 * Parses the requests arriving on one connection, one after another (keep-alive and pipelining).
 *
 * ```ts
 * const parser = new RequestParser();
 * for (const event of parser.push(bytes)) {
 *   if (event.type === 'head') console.log(event.head.method, event.head.target);
 *   if (event.type === 'error') answer(event.error.status); // and close the connection
 * }
 * ```
 *
 * Strict by default: every rule of RFC 9112 a server may enforce is enforced, each rejection carrying the status
 * to answer. The leniencies in {@link ParserOptions.lenient} are off unless asked for.
 */
export class RequestParser extends MessageParser<RequestHead> {
  protected readonly skipsLeadingEmptyLines = true;
  protected readonly startLineTooLong = 'REQUEST_LINE_TOO_LONG' as const;
  private line: RequestLine | null = null;

  /**
   * The method of the request being read, from the moment its request-line has been parsed until the request
   * ends; `undefined` otherwise. It stays set when the request fails later in its head, so that a server can answer
   * an error to a HEAD request without content (RFC 9110 §9.3.2).
   */
  get currentMethod(): string | undefined {
    return this.line?.method;
  }

  protected resetStartLine(): void {
    this.line = null;
  }

  protected parseStartLine(bytes: Uint8Array, start: number, end: number): ProtocolError | null {
    const line = parseRequestLine(bytes, start, end, this.window);
    if (line instanceof ProtocolError) return line;
    this.line = line;
    return null;
  }

  // RFC 9112 §3: a server that receives a method longer than any it implements SHOULD answer 501. A request-line
  // whose first maxStartLineBytes + 1 bytes are all token bytes has a method longer than the whole limit; a
  // request-line that is too long anywhere else has a target too long to parse (414, the usual code).
  protected override overlongStartLine(bytes: Uint8Array, start: number, end: number): ProtocolError | null {
    if (!methodCovers(bytes, start, end)) return null;
    return new ProtocolError('METHOD_TOO_LONG', `the method is longer than the ${end - start - 1}-byte limit on the request-line`, start);
  }

  protected buildHead(fields: Fields, special: SpecialFields, context: HeadContext): RequestHead | ProtocolError {
    const line = this.line!;
    const version = line.version;

    // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, and to any request with more
    // than one Host field line or an invalid Host value. Each error points at the line that causes it: the second
    // Host line, the empty line that ends a head without Host, the Host line.
    const host = special.host;
    if (host.length > 1) return new ProtocolError('MULTIPLE_HOST', 'more than one Host field line', context.lineOf('host', 1));
    if (host.length === 0 && version === '1.1') return new ProtocolError('MISSING_HOST', 'an HTTP/1.1 request without Host', context.headEnd);
    if (host.length === 1 && !(context.hostValid ?? isValidHostValue(host[0]!))) {
      return new ProtocolError('INVALID_HOST', `Host "${host[0]}" is not uri-host [":" port]`, context.lineOf('host', 0));
    }

    const framing = requestFraming({ version, transferEncoding: special.transferEncoding, contentLength: special.contentLength, lines: context });
    if (framing instanceof ProtocolError) return framing;

    // RFC 9110 §10.1.1: a server MUST ignore a 100-continue expectation in an HTTP/1.0 request.
    const expect = special.expect.length === 0 ? undefined : special.expect.join(', ');
    const expectContinue = version === '1.1' && expect !== undefined && expect.toLowerCase() === '100-continue';

    // RFC 9110 §7.8: Upgrade counts only when listed in Connection, and is ignored in HTTP/1.0.
    const isConnect = line.targetForm === 'authority';
    const upgrades = special.upgrade.length !== 0 && version === '1.1' && listHasToken(special.connection, 'upgrade');

    return {
      kind: 'request',
      method: line.method,
      target: line.target,
      targetForm: line.targetForm,
      // RFC 9112 §3.2.2: the authority of an absolute-form target takes precedence over Host.
      authority: line.targetAuthority ?? host[0],
      version,
      rawVersion: line.rawVersion,
      fields,
      framing,
      keepAlive: persists(version, special.connection, false),
      expect,
      expectContinue,
      switchProtocol: isConnect ? 'connect' : upgrades ? 'upgrade' : undefined,
    };
  }

  protected switchesAfter(head: RequestHead): PausedEvent | null {
    if (head.switchProtocol === 'connect') return PAUSED_CONNECT;
    if (head.switchProtocol === 'upgrade') return PAUSED_UPGRADE;
    return null;
  }

  protected afterMessage(): void {
    this.line = null;
  }
}
