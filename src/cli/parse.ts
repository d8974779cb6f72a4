/**
 * `h1ref parse [FILE|-]`: the reference, offline. Reads raw HTTP/1.1 messages (requests, or responses with
 * `--response`) and prints how h1ref's parser interprets each one, or the exact error: its code, the status a
 * server answers with, the RFC section and the offset of the offending byte, with the bytes around it.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import type { BodyFraming } from '../parser/framing.js';
import type { ChunkExtension, MessageHead, RequestHead, ResponseHead } from '../parser/events.js';
import type { ParserLimits, ParserOptions } from '../parser/options.js';
import { DEFAULT_LIMITS } from '../parser/options.js';
import { RequestParser } from '../parser/request-parser.js';
import { ResponseParser } from '../parser/response-parser.js';
import { escapeBytes } from '../probe/format.js';
import { type CollectedMessage, MessageCollector } from '../parser/collect-messages.js';
import { type LocatedEvent, MessageLocator } from '../parser/message-locator.js';
import type { ProtocolError } from '../wire/protocol-error.js';
import { COMMON_FLAGS, type FlagSpec, formatFlags, parseFlags, UsageError } from './flags.js';
import type { CliIo } from './io.js';
import { LIMIT_FLAGS } from './serve.js';

/** The flags of `parse`, in `--help` order. */
export const PARSE_FLAGS: readonly FlagSpec[] = [
  { name: 'response', kind: 'boolean', default: false, help: 'the input holds responses, not requests' },
  { name: 'method', kind: 'list', default: [], placeholder: 'METHOD', commas: false, help: 'with --response: the method of each request answered, in order (repeatable; GET after the last)' },
  { name: 'json', kind: 'boolean', default: false, help: 'print JSON (schema h1ref-parse/1) instead of text' },
  { name: 'lenient-bare-lf', kind: 'boolean', default: false, help: 'accept a bare LF as a line ending (RFC 9112 §2.2; smuggling risk)' },
  { name: 'lenient-obs-fold', kind: 'boolean', default: false, help: 'requests: replace obs-fold with SP instead of 400 (RFC 9112 §5.2); responses always do' },
  ...LIMIT_FLAGS.map(([name, key, help]): FlagSpec => ({ name, kind: 'integer', default: DEFAULT_LIMITS[key], help })),
  ...COMMON_FLAGS,
];

/** The `--help` text of `parse`. */
export function parseUsage(): string {
  return [
    'Usage: h1ref parse [options] [FILE|-]',
    '',
    'Reads one or more raw HTTP/1.1 messages from FILE (standard input for - or no FILE), exactly as they would',
    'arrive on a connection, and prints h1ref\'s interpretation of each: the request-line or status-line, the',
    'fields, the body framing, keep-alive, Expect, the body (decoded from chunked, escaped), chunk extensions and',
    'trailers. At the first error it prints the code, what the receiver does (for a request, the status a server',
    'answers with; for a response, that a client treats it as invalid and closes the connection), the RFC section',
    'and the offset of the offending byte, with the bytes around it. Bytes are shown escaped: \\r \\n \\t \\\\ and \\xNN.',
    'The end of the input is the end of the connection: a message cut short is INCOMPLETE_MESSAGE.',
    '',
    'Exit status: 0 when every message parsed, 1 on a protocol error, 2 on a usage error.',
    '',
    'Options:',
    formatFlags(PARSE_FLAGS),
  ].join('\n');
}

/** One message as `h1ref parse --json` reports it. */
export interface ParsedMessage {
  /** 1-based, in input order (an interim response is a message of its own). */
  readonly index: number;
  /** Offset of the message's first byte (empty lines before a request-line included). */
  readonly start: number;
  /** Offset after its last byte; null when the message did not complete. */
  readonly end: number | null;
  /** Whether the message completed. */
  readonly complete: boolean;
  /** Requests: the method. */
  readonly method?: string;
  /** Requests: the request-target as received. */
  readonly target?: string;
  /** Requests: origin, absolute, authority or asterisk (RFC 9112 §3.2). */
  readonly targetForm?: string;
  /** Requests: the authority the request is for (target or Host, RFC 9112 §3.2.2), or null. */
  readonly authority?: string | null;
  /** Requests: the Expect field value, or null. */
  readonly expect?: string | null;
  /** Requests: whether the client waits for 100 Continue. */
  readonly expectContinue?: boolean;
  /** Requests: `connect` or `upgrade` when the connection would switch protocols after it, else null. */
  readonly switchProtocol?: string | null;
  /** Responses: the status code. */
  readonly status?: number;
  /** Responses: the reason phrase. */
  readonly reason?: string;
  /** Responses: the method of the request it answers. */
  readonly requestMethod?: string;
  /** Responses: whether it is an interim (1xx) response. */
  readonly interim?: boolean;
  /** The version as received (`HTTP/1.1`). */
  readonly rawVersion: string;
  /** The version as interpreted (`1.0` or `1.1`). */
  readonly version: string;
  /** The header fields, in order, names and values as latin1 strings. */
  readonly fields: [string, string][];
  /** How the body is delimited. */
  readonly framing: BodyFraming;
  /** Whether the connection persists after it. */
  readonly keepAlive: boolean;
  /** Chunked bodies: each chunk's size and extensions, the last chunk (size 0) included. */
  readonly chunks: { readonly size: number; readonly extensions: readonly ChunkExtension[] }[];
  /** The body after removing the chunked coding, base64. */
  readonly body: string;
  /** Its length in bytes. */
  readonly bodyLength: number;
  /** The trailer fields of a chunked body. */
  readonly trailers: [string, string][];
}

/** The error `h1ref parse` stopped at. */
export interface ParseErrorReport {
  /** The stable error code (`ERROR_CODES`). */
  readonly code: string;
  /**
   * The status a server answers a request with. For a response nobody sends it (a client does not answer a
   * response): it is the code's status, kept so that the member means the same in every report; read
   * {@link ParseErrorReport.action}.
   */
  readonly status: number;
  /**
   * What the receiver does, in a sentence: for a request, `a server answers 400 and closes the connection`; for a
   * response, `a client treats the response as invalid, discards it and closes the connection`.
   */
  readonly action: string;
  /** The RFC section the rejection rests on. */
  readonly section: string;
  /** What is wrong. */
  readonly message: string;
  /** Offset of the offending byte in the input. */
  readonly offset: number;
  /** The message it belongs to (1-based). */
  readonly messageIndex: number;
}

/** The whole of `h1ref parse --json`'s output. */
export interface ParseReport {
  /** The output format: `h1ref-parse/1`. */
  readonly schema: 'h1ref-parse/1';
  /** `request` or `response`. */
  readonly kind: 'request' | 'response';
  /** Input length in bytes. */
  readonly bytes: number;
  /** Whether every message parsed. */
  readonly ok: boolean;
  /** The messages, in order. */
  readonly messages: ParsedMessage[];
  /** The error that stopped the parser, or null. */
  readonly error: ParseErrorReport | null;
  /** After CONNECT or a protocol switch: why parsing stopped and how many bytes follow, unparsed. */
  readonly switched: { readonly reason: string; readonly remainingBytes: number } | null;
}

/**
 * Parses `input` as h1ref does and reports every message and the error, if any.
 *
 * @param methods - for responses: the method of each request answered, in order (GET after the last)
 */
export function parseMessages(input: Uint8Array, kind: 'request' | 'response', options: ParserOptions = {}, methods: readonly string[] = []): ParseReport {
  const parser = kind === 'request' ? new RequestParser(options) : new ResponseParser(options);
  if (parser instanceof ResponseParser) for (const m of methods) parser.expectResponseTo(m);
  const locator = new MessageLocator<MessageHead>(parser);
  const collected = new MessageCollector<MessageHead>();
  // The offset just after each complete message: where it ends and the next one starts.
  const ends: number[] = [];
  let switched: ParseReport['switched'] = null;

  const take = (events: readonly LocatedEvent<MessageHead>[]): void => {
    for (const { event, offset } of events) if (event.type === 'end') ends.push(offset);
    collected.add(events.map((e) => e.event));
  };
  take(locator.push(input));
  while (parser.phase === 'paused') {
    const last = collected.messages[collected.messages.length - 1]!;
    if (kind === 'request' && last.switched === 'upgrade') {
      // RFC 9110 §7.8: a server may decline an Upgrade and go on with HTTP/1.1, as h1ref's does.
      take(locator.resume());
    } else {
      const rest = locator.takeRemaining();
      const why = last.switched === 'connect'
        ? (last.head.kind === 'request' ? 'CONNECT: what follows is tunnel data (RFC 9110 §9.3.6)' : `a ${last.head.status} response to CONNECT: what follows is tunnel data (RFC 9110 §9.3.6)`)
        : '101 Switching Protocols: what follows is the new protocol (RFC 9110 §15.2.2)';
      switched = { reason: why, remainingBytes: rest.length };
    }
  }
  if (collected.error === null && switched === null) take(locator.finish());

  const messages = collected.messages.map((m, i) => describe(m, i + 1, i === 0 ? 0 : ends[i - 1]!, ends[i]!));
  const error = collected.error === null ? null : errorReport(collected.error, messages.length + 1, kind);
  const cut = collected.error === null ? null : collected.current;
  if (cut !== null) messages.push(describe(cut, messages.length + 1, ends[ends.length - 1] ?? 0, null));
  return { schema: 'h1ref-parse/1', kind, bytes: input.length, ok: error === null, messages, error, switched };
}

function errorReport(e: ProtocolError, messageIndex: number, kind: 'request' | 'response'): ParseErrorReport {
  return { code: e.code, status: e.status, action: errorAction(e.status, kind), section: e.section, message: e.message, offset: e.offset, messageIndex };
}

// A server answers a request it refuses with the error's status and closes (RFC 9112 §9.6 after an error answer).
// A client has no one to answer: a response it cannot parse is invalid, and since where the next one starts is no
// longer known, the connection cannot be reused (RFC 9112 §6.3: the user agent closes the connection and discards
// the response; RFC 9112 §8 for one cut short).
function errorAction(status: number, kind: 'request' | 'response'): string {
  return kind === 'request'
    ? `a server answers ${status} and closes the connection`
    : 'a client treats the response as invalid, discards it and closes the connection';
}

function describe(m: CollectedMessage, index: number, start: number, end: number | null): ParsedMessage {
  const head = m.head;
  const common = {
    rawVersion: head.rawVersion,
    version: head.version,
    fields: head.fields.toArray(),
    framing: head.framing,
    keepAlive: head.keepAlive,
    chunks: m.chunks.map((c) => ({ size: c.size, extensions: c.extensions })),
    body: m.body.toString('base64'),
    bodyLength: m.body.length,
    trailers: m.trailers.toArray(),
  };
  const place = { index, start, end, complete: end !== null };
  if (head.kind === 'request') {
    const h: RequestHead = head;
    return {
      ...place,
      method: h.method,
      target: h.target,
      targetForm: h.targetForm,
      authority: h.authority ?? null,
      expect: h.expect ?? null,
      expectContinue: h.expectContinue,
      switchProtocol: h.switchProtocol ?? null,
      ...common,
    };
  }
  const h: ResponseHead = head;
  return { ...place, status: h.status, reason: h.reason, requestMethod: h.requestMethod, interim: h.interim, ...common };
}

// ---------------------------------------------------------------------------------------------------------------

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
const esc = (text: string): string => escapeBytes(latin1(text));

function framingText(f: BodyFraming, m: ParsedMessage): string {
  switch (f.kind) {
    case 'none': {
      if (m.status !== undefined) {
        // RFC 9112 §6.3 rules 1 and 2: the request method or the status decides, whatever the fields say.
        if (m.status < 200 || m.status === 204 || m.status === 304) return `no body (a ${m.status} response, RFC 9112 §6.3 rule 1)`;
        if (m.requestMethod === 'HEAD') return 'no body (a response to HEAD, RFC 9112 §6.3 rule 1)';
        if (m.requestMethod === 'CONNECT' && m.status < 300) return 'no body (a 2xx response to CONNECT, RFC 9112 §6.3 rule 2)';
      }
      return 'no body';
    }
    case 'length': return `Content-Length: ${f.length} bytes`;
    case 'chunked': return 'chunked (RFC 9112 §7.1)';
    case 'until-close': return 'until the connection closes (RFC 9112 §6.3 rule 8)';
  }
}

// A value that is not a token was a quoted-string (RFC 9112 §7.1.1): shown quoted again, with its quotes escaped.
function extensionText(e: ChunkExtension): string {
  if (e.value === undefined) return `;${esc(e.name)}`;
  const value = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(e.value) ? esc(e.value) : `"${esc(e.value).replace(/"/g, '\\"')}"`;
  return `;${esc(e.name)}=${value}`;
}

/** The bytes around `offset`, escaped, with a caret line under the offending byte. */
export function errorContext(input: Uint8Array, offset: number, before = 40, after = 20): [text: string, caret: string] {
  const from = Math.max(0, offset - before);
  const to = Math.min(input.length, offset + after);
  const lead = from > 0 ? '…' : '';
  const prefix = lead + escapeBytes(input.subarray(from, Math.min(offset, input.length)));
  const rest = escapeBytes(input.subarray(Math.min(offset, input.length), to)) + (to < input.length ? '…' : '');
  // At the end of the input (a message cut short) the caret points just past the last byte.
  return [prefix + rest, `${' '.repeat(prefix.length)}^`];
}

/** `h1ref parse`'s text output for a report of `input`. */
export function formatParse(report: ParseReport, input: Uint8Array): string {
  const lines: string[] = [];
  const noun = report.kind;
  const complete = report.messages.filter((m) => m.complete).length;
  lines.push(`h1ref parse: ${complete} ${noun}${complete === 1 ? '' : 's'} parsed from ${report.bytes} bytes${report.error === null ? '' : ', then an error'}`);
  const label = (k: string): string => `  ${k.padEnd(12)}`;
  const more = ' '.repeat(14);
  for (const m of report.messages) {
    lines.push('');
    const span = m.end === null ? `bytes ${m.start}– (incomplete)` : `bytes ${m.start}–${m.end - 1} (${m.end - m.start} bytes)`;
    if (m.method !== undefined) {
      lines.push(`${noun} ${m.index}: ${span}`);
      lines.push(`${label('method')}${esc(m.method)}`);
      lines.push(`${label('target')}${esc(m.target!)} (${m.targetForm}-form)`);
    } else {
      lines.push(`${noun} ${m.index}${m.interim === true ? ' (interim)' : ''}, to ${m.requestMethod}: ${span}`);
      lines.push(`${label('status')}${m.status} ${esc(m.reason ?? '')}`.trimEnd());
    }
    lines.push(`${label('version')}${esc(m.rawVersion)}${m.rawVersion === `HTTP/${m.version}` ? '' : ` (interpreted as ${m.version}, RFC 9110 §6.2)`}`);
    if (m.method !== undefined) lines.push(`${label('authority')}${m.authority === null ? '(none)' : esc(m.authority!)}`);
    lines.push(`${label('fields')}${m.fields.length}`);
    for (const [name, value] of m.fields) lines.push(`${more}${esc(name)}: ${esc(value)}`);
    lines.push(`${label('framing')}${framingText(m.framing, m)}`);
    lines.push(`${label('keep-alive')}${m.keepAlive ? 'yes' : 'no: the connection closes after it (RFC 9112 §9.3)'}`);
    if (m.method !== undefined && m.expect !== null) {
      lines.push(`${label('expect')}${esc(m.expect!)}${m.expectContinue ? ' (the client waits for 100 Continue, RFC 9110 §10.1.1)' : m.expect!.toLowerCase() === '100-continue' ? ' (ignored in HTTP/1.0, RFC 9110 §10.1.1)' : ' (not 100-continue: a server may answer 417)'}`);
    }
    if (m.switchProtocol === 'upgrade') lines.push(`${label('upgrade')}requested; parsing goes on as if the server declined (RFC 9110 §7.8)`);
    if (m.chunks.length !== 0) {
      lines.push(`${label('chunks')}${m.chunks.map((c) => String(c.size)).join(', ')}`);
      m.chunks.forEach((c, i) => {
        if (c.extensions.length !== 0) lines.push(`${more}chunk ${i + 1} extensions: ${c.extensions.map(extensionText).join('')}`);
      });
    }
    const body = Buffer.from(m.body, 'base64');
    lines.push(`${label('body')}${body.length} byte${body.length === 1 ? '' : 's'}${m.complete ? '' : ' so far'}`);
    if (body.length !== 0) lines.push(`${more}${escapeBytes(body, 2048)}`);
    if (m.trailers.length !== 0) {
      lines.push(`${label('trailers')}${m.trailers.length}`);
      for (const [name, value] of m.trailers) lines.push(`${more}${esc(name)}: ${esc(value)}`);
    }
  }
  if (report.switched !== null) {
    lines.push('');
    lines.push(`stopped: ${report.switched.reason}; ${report.switched.remainingBytes} more byte(s) not parsed`);
  }
  const e = report.error;
  if (e !== null) {
    lines.push('');
    // `→ 400` is a server's answer to a request; for a response, what a client does instead.
    const outcome = report.kind === 'request' ? `${e.status}` : 'invalid response, close the connection';
    lines.push(`error in ${noun} ${e.messageIndex}, at byte ${e.offset}: ${e.code} → ${outcome} (${e.section})`);
    lines.push(`  ${e.message}`);
    const [text, caret] = errorContext(input, e.offset);
    lines.push(`  ${text}`);
    lines.push(`  ${caret}`);
  }
  if (report.messages.length === 0 && e === null && report.switched === null) {
    lines.push('');
    lines.push(`(no ${noun} in the input)`);
  }
  return lines.join('\n');
}

/** The report as indented JSON, each `[name, value]` pair on one line. */
export function formatParseJson(report: ParseReport): string {
  const string = '"(?:[^"\\\\]|\\\\.)*"';
  const pair = new RegExp(`\\[\\n\\s+(${string}),\\n\\s+(${string})\\n\\s+\\]`, 'g');
  return JSON.stringify(report, null, 2).replace(pair, '[$1, $2]');
}

/**
 * Runs `h1ref parse`.
 *
 * @returns 0 when every message parsed, 1 on a protocol error, 2 when the input cannot be read
 * @throws UsageError for a bad command line
 */
export async function parse(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, help, positionals } = parseFlags(argv, PARSE_FLAGS, 1);
  if (help) {
    io.out(`${parseUsage()}\n`);
    return 0;
  }
  const response = values['response'] as boolean;
  const methods = values['method'] as readonly string[];
  if (methods.length !== 0 && !response) throw new UsageError('--method applies to --response only');
  for (const m of methods) if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(m)) throw new UsageError(`--method ${JSON.stringify(m)} is not a method token (RFC 9110 §9.1)`);
  const limits: Partial<Record<keyof ParserLimits, number>> = {};
  for (const [flag, key] of LIMIT_FLAGS) limits[key] = values[flag] as number;
  const options: ParserOptions = {
    limits,
    lenient: {
      bareLineFeed: values['lenient-bare-lf'] as boolean,
      // A user agent must replace obs-fold in a response (RFC 9112 §5.2): the response parser always does.
      ...(response ? {} : { obsFold: values['lenient-obs-fold'] as boolean }),
    },
  };

  const file = positionals[0] ?? '-';
  let input: Uint8Array;
  try {
    if (file === '-') {
      if (io.readStdin === undefined) throw new Error('no standard input here');
      input = await io.readStdin();
    } else {
      input = await readFile(file);
    }
  } catch (error) {
    io.err(`h1ref parse: cannot read ${file === '-' ? 'standard input' : file}: ${(error as Error).message}\n`);
    return 2;
  }

  const report = parseMessages(input, response ? 'response' : 'request', options, methods);
  io.out(values['json'] === true ? `${formatParseJson(report)}\n` : `${formatParse(report, input)}\n`);
  return report.ok ? 0 : 1;
}
