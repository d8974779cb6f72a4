/**
 * The fuzzer's generator of valid request streams: the baselines its operators edit. Every stream it makes is
 * one h1ref's strict `RequestParser` (`src/parser/request-parser.ts`) reads to the end, message by message, without an error — so that
 * whatever a target does differently with an edited stream comes from the edit, not from the baseline.
 *
 * What it draws from the grammar of RFC 9112 (and where the choices stop short of it, why):
 * - methods: the common ones (RFC 9110 §9.3) and random tokens (§9.1: `method = token`);
 * - the four request-target forms of RFC 9112 §3.2, each with the methods it goes with: origin-form with a path
 *   and an optional query, absolute-form `http://authority/path` (§3.2.2), authority-form only with CONNECT
 *   (§3.2.3), asterisk-form only with OPTIONS (§3.2.4);
 * - HTTP/1.1 and HTTP/1.0 (§2.3);
 * - Host: always in HTTP/1.1 (§3.2: a client MUST send it), sometimes in HTTP/1.0; equal to the target's
 *   authority when the target has one (§3.2.2: a client MUST send Host as the authority of the target URI);
 * - zero to six ordinary field lines (RFC 9110 §5.1 names, §5.5 values), none of the fields that change how a
 *   message is framed or whether the connection persists, which the generator sets itself;
 * - no body, a Content-Length body (RFC 9110 §8.6), or a chunked one (RFC 9112 §7.1) with now and then valid
 *   chunk extensions (§7.1.1) and trailer fields (§7.1.2); chunked only in HTTP/1.1 (§6.1: Transfer-Encoding in
 *   an HTTP/1.0 request means faulty framing);
 * - pipelines of one to four messages (§9.3.2), where only the last may be CONNECT (after it the connection is a
 *   tunnel) or end the connection (`Connection: close`, or an HTTP/1.0 message without `keep-alive`, §9.3).
 *
 * Hosts are mostly DNS-style names so that every peer of a differential run reads the same plain authority;
 * IPv4, IPv6 literals and the wider `reg-name` characters appear now and then.
 *
 * @module
 */
import {
  HEXDIGS, HOST_LABEL_CHARS, OBS_TEXT_CHARS, PCHARS, QDTEXT_ASCII_CHARS, REG_NAME_CHARS, TCHARS, UNRESERVED_CHARS, VCHARS,
  WHITESPACE_CHARS,
} from './alphabet.js';
import { chunk, field, message, type BodyPart, type ChunkPart, type FieldLinePart, type MessagePart, type Stream } from './parts.js';
import type { Random } from './random.js';

/** Options of {@link generateStream}. */
export interface GrammarOptions {
  /** The fewest messages in a stream (default 1). */
  readonly minMessages?: number;
  /** The most messages in a stream (default 4). */
  readonly maxMessages?: number;
  /** The most ordinary field lines in a message, besides the ones the generator sets itself (default 6). */
  readonly maxFields?: number;
  /** Whether ordinary field values may carry obs-text (RFC 9110 §5.5 keeps it valid; default true). */
  readonly obsText?: boolean;
}

/** Options of {@link generateMessage}. */
export interface MessageOptions {
  /**
   * Whether the message ends the stream (default true). Only the last message may be CONNECT or close the
   * connection: a message after either would never be read as a request (RFC 9110 §9.3.6, RFC 9112 §9.3).
   */
  readonly last?: boolean;
  /** The most ordinary field lines (default 6). */
  readonly maxFields?: number;
  /** Whether ordinary field values may carry obs-text (default true). */
  readonly obsText?: boolean;
}

/** The methods the generator names most often (RFC 9110 §9.3 and RFC 5789); random tokens fill the rest. */
export const COMMON_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);

/**
 * Field names never generated as ordinary fields, lower-cased: the six h1ref's parser interprets (Host,
 * Content-Length, Transfer-Encoding, Connection, Expect, Upgrade), which the generator sets itself or leaves out,
 * and the hop-by-hop and trailer-related names other peers act on (TE, Trailer, Keep-Alive, Proxy-Connection),
 * so that a baseline means the same thing to every peer.
 */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set([
  'host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade', 'te', 'trailer', 'keep-alive', 'proxy-connection',
]);

// Field lines a client commonly sends, for baselines that look like traffic; random tokens and values fill the rest.
const COMMON_FIELDS: readonly (readonly [string, readonly string[]])[] = [
  ['User-Agent', ['h1ref-fuzz/1', 'Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0']],
  ['Accept', ['*/*', 'text/html,application/xhtml+xml;q=0.9', 'application/json']],
  ['Accept-Language', ['en-US,en;q=0.5', 'de']],
  ['Accept-Encoding', ['gzip, deflate', 'identity']],
  ['Cache-Control', ['no-cache', 'max-age=0']],
  ['Cookie', ['a=b', 'session=0123456789abcdef; theme=dark']],
  ['Content-Type', ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']],
  ['X-Request-Id', ['42', 'f3a9c2']],
  ['If-None-Match', ['"abc"', 'W/"1"', '*']],
  ['Referer', ['http://example.com/', '/index.html']],
];

// Bodies that look like protocol: a peer that took body bytes for a head (or the other way round) would show it.
const PROTOCOL_PIECES: readonly string[] = ['\r\n', '\r', '\n', '0\r\n\r\n', 'GET / HTTP/1.1\r\n', 'Host: a\r\n', ':', ';', 'x'];

/** A token (RFC 9110 §5.6.2) of `min` to `max` tchar bytes. */
export function generateToken(random: Random, min = 1, max = 12): string {
  return random.string(TCHARS, random.between(min, max));
}

function pctEncoded(random: Random): string {
  return `%${random.pick(HEXDIGS)}${random.pick(HEXDIGS)}`;
}

// A pchar, mostly unreserved (RFC 3986 §3.3).
function pchar(random: Random): string {
  return random.weighted<() => string>([
    [12, () => random.pick(UNRESERVED_CHARS)],
    [3, () => random.pick(PCHARS)],
    [1, () => pctEncoded(random)],
  ])();
}

function segment(random: Random, maxLength: number): string {
  let out = '';
  const length = random.between(0, maxLength);
  for (let i = 0; i < length; i++) out += pchar(random);
  return out;
}

// `absolute-path = 1*( "/" segment )` (RFC 9110 §4.1).
function absolutePath(random: Random): string {
  if (random.chance(0.25)) return '/';
  let out = '';
  const segments = random.between(1, 4);
  for (let i = 0; i < segments; i++) out += `/${segment(random, 8)}`;
  return out;
}

// `[ "?" query ]`, `query = *( pchar / "/" / "?" )` (RFC 3986 §3.4).
function optionalQuery(random: Random): string {
  if (!random.chance(0.3)) return '';
  let out = '?';
  const length = random.between(0, 16);
  for (let i = 0; i < length; i++) out += random.chance(0.1) ? random.pick(['/', '?']) : pchar(random);
  return out;
}

/** An origin-form request-target (RFC 9112 §3.2.1): `absolute-path [ "?" query ]`. */
export function generateOriginForm(random: Random): string {
  return absolutePath(random) + optionalQuery(random);
}

function dnsName(random: Random): string {
  const labels: string[] = [];
  const count = random.between(1, 3);
  for (let i = 0; i < count; i++) labels.push(random.string(HOST_LABEL_CHARS, random.between(1, 10)));
  return labels.join('.');
}

function ipv4(random: Random): string {
  return [random.int(256), random.int(256), random.int(256), random.int(256)].join('.');
}

// An IPv6address in brackets (RFC 3986 §3.2.2): eight groups, or fewer around one "::" (at most seven groups in
// all, since "::" stands for at least one).
function ipLiteral(random: Random): string {
  const groups = (n: number): string[] => Array.from({ length: n }, () => random.string(HEXDIGS, random.between(1, 4)));
  if (random.chance(0.4)) return `[${groups(8).join(':')}]`;
  return `[${groups(random.between(0, 3)).join(':')}::${groups(random.between(0, 3)).join(':')}]`;
}

// A reg-name with the wider characters RFC 3986 §3.2.2 allows: sub-delims and pct-encoded triplets.
function wideRegName(random: Random): string {
  let out = '';
  const length = random.between(1, 12);
  for (let i = 0; i < length; i++) out += random.chance(0.1) ? pctEncoded(random) : random.pick(REG_NAME_CHARS);
  return out;
}

/** A `uri-host` (RFC 3986 §3.2.2), non-empty: mostly a DNS-style name, sometimes IPv4, IPv6 or a wider reg-name. */
export function generateHost(random: Random): string {
  return random.weighted<() => string>([
    [20, () => dnsName(random)],
    [3, () => ipv4(random)],
    [2, () => ipLiteral(random)],
    [1, () => wideRegName(random)],
  ])();
}

function port(random: Random): string {
  return String(random.between(1, 65535));
}

/**
 * An authority without userinfo, `uri-host [ ":" port ]` (RFC 3986 §3.2; RFC 9110 §4.2.4 forbids userinfo in
 * http URIs); with `requirePort`, the port is always there (authority-form, RFC 9112 §3.2.3).
 */
export function generateAuthority(random: Random, requirePort = false): string {
  const host = generateHost(random);
  return requirePort || random.chance(0.35) ? `${host}:${port(random)}` : host;
}

/**
 * A field value a sender generates (RFC 9110 §5.5): visible bytes with SP and HTAB only between them, possibly
 * empty; with `obsText`, now and then one obs-text byte.
 */
export function generateFieldValue(random: Random, obsText = true): string {
  const length = random.between(0, 24);
  let value = '';
  for (let i = 0; i < length; i++) value += random.chance(0.12) ? random.pick(WHITESPACE_CHARS) : random.pick(VCHARS);
  // field-value = *field-content: whitespace neither first nor last.
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === ' ' || value[start] === '\t')) start++;
  while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  value = value.slice(start, end);
  if (obsText && random.chance(0.05)) {
    const at = random.int(value.length + 1);
    value = value.slice(0, at) + random.pick(OBS_TEXT_CHARS) + value.slice(at);
  }
  return value;
}

/** A field name the generator may use for an ordinary field: a token that is none of {@link RESERVED_FIELD_NAMES}. */
export function generateFieldName(random: Random): string {
  for (;;) {
    const name = generateToken(random, 1, 16);
    if (!RESERVED_FIELD_NAMES.has(name.toLowerCase())) return name;
  }
}

// An ordinary field line. The separator is mostly ": "; RFC 9112 §5.1 allows any OWS after the colon.
function ordinaryField(random: Random, obsText: boolean): FieldLinePart {
  let line: FieldLinePart;
  if (random.chance(0.4)) {
    const [name, values] = random.pick(COMMON_FIELDS);
    line = field(name, random.pick(values));
  } else {
    line = field(generateFieldName(random), generateFieldValue(random, obsText));
  }
  if (random.chance(0.1)) line.colon = random.pick([':', ':\t', ':  ', ': \t']);
  return line;
}

// A chunk-ext-val (RFC 9112 §7.1.1): a token, or a quoted-string (RFC 9110 §5.6.4) with now and then a
// quoted-pair.
function extensionValue(random: Random): string {
  if (random.chance(0.6)) return generateToken(random, 1, 8);
  let out = '"';
  const length = random.between(0, 10);
  for (let i = 0; i < length; i++) out += random.chance(0.1) ? `\\${random.pick(VCHARS)}` : random.pick(QDTEXT_ASCII_CHARS);
  return `${out}"`;
}

/** One to two chunk extensions (RFC 9112 §7.1.1), each `;name` or `;name=value`, without BWS. */
export function generateChunkExtensions(random: Random): string {
  let out = '';
  const count = random.between(1, 2);
  for (let i = 0; i < count; i++) {
    out += `;${generateToken(random, 1, 8)}`;
    if (random.chance(0.6)) out += `=${extensionValue(random)}`;
  }
  return out;
}

/** `length` body bytes as a latin1 string: random bytes, or pieces that look like protocol. */
function bodyData(random: Random, length: number): string {
  let out = '';
  if (random.chance(0.75)) {
    for (let i = 0; i < length; i++) out += String.fromCharCode(random.int(256));
    return out;
  }
  while (out.length < length) out += random.pick(PROTOCOL_PIECES);
  return out.slice(0, length);
}

function chunkedBody(random: Random, obsText: boolean): BodyPart {
  const chunks: ChunkPart[] = [];
  const count = random.between(0, 4);
  for (let i = 0; i < count; i++) {
    const c = chunk(bodyData(random, random.between(1, 64)), random.chance(0.15) ? generateChunkExtensions(random) : '');
    // chunk-size = 1*HEXDIG: either case (RFC 9112 §7.1).
    if (random.chance(0.2)) c.size = c.size.toUpperCase();
    chunks.push(c);
  }
  chunks.push(chunk('', random.chance(0.1) ? generateChunkExtensions(random) : ''));
  // RFC 9110 §6.5.1: nothing about framing or routing belongs in a trailer; ordinary fields do.
  const trailers: FieldLinePart[] = [];
  if (random.chance(0.2)) {
    const n = random.between(1, 2);
    for (let i = 0; i < n; i++) trailers.push(field(generateFieldName(random), generateFieldValue(random, obsText)));
  }
  return { kind: 'chunked', chunks, trailers, end: '\r\n' };
}

// Mostly the canonical spelling; field names are case-insensitive (RFC 9110 §5.1).
function nameCase(random: Random, name: string): string {
  return random.weighted([[8, name], [1, name.toLowerCase()], [1, name.toUpperCase()]]);
}

interface RequestLineChoice {
  readonly method: string;
  readonly target: string;
  /** The target's authority, which Host must equal (RFC 9112 §3.2.2); undefined for origin- and asterisk-form. */
  readonly authority: string | undefined;
}

function ordinaryMethod(random: Random): string {
  if (random.chance(0.8)) return random.pick(COMMON_METHODS);
  for (;;) {
    const method = generateToken(random, 1, 10);
    // RFC 9112 §3.2.3: CONNECT goes with authority-form only, which is chosen on its own below.
    if (method !== 'CONNECT') return method;
  }
}

// A method and a request-target in a form that method allows (RFC 9112 §3.2).
function requestLine(random: Random, last: boolean): RequestLineChoice {
  const form = random.weighted<'origin' | 'absolute' | 'asterisk' | 'authority'>([
    [14, 'origin'],
    [4, 'absolute'],
    [1, 'asterisk'],
    ...(last ? [[1, 'authority'] as const] : []),
  ]);
  switch (form) {
    case 'origin':
      return { method: ordinaryMethod(random), target: generateOriginForm(random), authority: undefined };
    case 'absolute': {
      // RFC 9112 §3.2.2: absolute-form, here always an http URI with a host (RFC 9110 §4.2.1).
      const authority = generateAuthority(random);
      const path = random.chance(0.1) ? '' : absolutePath(random);
      return { method: ordinaryMethod(random), target: `http://${authority}${path}${optionalQuery(random)}`, authority };
    }
    case 'asterisk':
      return { method: 'OPTIONS', target: '*', authority: undefined };
    case 'authority': {
      const authority = generateAuthority(random, true);
      return { method: 'CONNECT', target: authority, authority };
    }
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** One valid request message; see the module documentation for what it draws from. */
export function generateMessage(random: Random, options: MessageOptions = {}): MessagePart {
  const last = options.last ?? true;
  const maxFields = options.maxFields ?? 6;
  const obsText = options.obsText ?? true;
  const version = random.chance(0.8) ? 'HTTP/1.1' : 'HTTP/1.0';
  const line = requestLine(random, last);

  const fields: FieldLinePart[] = [];
  const ordinaryCount = random.between(0, Math.max(0, maxFields));
  for (let i = 0; i < ordinaryCount; i++) fields.push(ordinaryField(random, obsText));
  const insert = (f: FieldLinePart): void => {
    fields.splice(random.int(fields.length + 1), 0, f);
  };

  // Body: chunked only in HTTP/1.1 (RFC 9112 §6.1); CONNECT carries none (its content has no defined meaning,
  // RFC 9110 §9.3.6). Methods that usually carry content get one more often.
  let body: BodyPart = { kind: 'none' };
  if (line.method !== 'CONNECT') {
    const usual = BODY_METHODS.has(line.method) || !COMMON_METHODS.includes(line.method);
    const choice = random.weighted<'none' | 'length' | 'chunked'>(usual
      ? [[1, 'none'], [3, 'length'], [3, 'chunked']]
      : [[6, 'none'], [1, 'length'], [1, 'chunked']]);
    if (choice === 'chunked' && version === 'HTTP/1.1') {
      body = chunkedBody(random, obsText);
      insert(field(nameCase(random, 'Transfer-Encoding'), random.weighted([[6, 'chunked'], [1, 'Chunked']])));
    } else if (choice !== 'none') {
      const data = bodyData(random, random.chance(0.15) ? 0 : random.between(1, 100));
      body = { kind: 'raw', data };
      insert(field(nameCase(random, 'Content-Length'), String(data.length)));
    }
  }

  // Connection (RFC 9112 §9.3): only the last message may end the connection; an HTTP/1.0 message before another
  // one must ask to keep it open.
  let connection: string | undefined;
  if (version === 'HTTP/1.0') {
    connection = last ? random.weighted<string | undefined>([[3, undefined], [1, 'close'], [2, 'keep-alive']]) : random.pick(['keep-alive', 'Keep-Alive']);
  } else {
    connection = random.weighted<string | undefined>(last ? [[6, undefined], [2, 'close'], [1, 'keep-alive']] : [[6, undefined], [1, 'keep-alive']]);
  }
  if (connection !== undefined) insert(field(nameCase(random, 'Connection'), connection));

  // Host (RFC 9112 §3.2): required in HTTP/1.1, optional in HTTP/1.0; the target's authority when it has one.
  // RFC 9110 §7.2 asks a user agent to send it first, which it mostly is.
  if (version === 'HTTP/1.1' || random.chance(0.5)) {
    const host = field(nameCase(random, 'Host'), line.authority ?? generateAuthority(random));
    if (random.chance(0.8)) fields.unshift(host);
    else insert(host);
  }

  return message(line.method, line.target, fields, body, version);
}

/** A valid stream of `minMessages` to `maxMessages` requests (1–4 by default), with nothing after the last. */
export function generateStream(random: Random, options: GrammarOptions = {}): Stream {
  const min = Math.max(1, options.minMessages ?? 1);
  const max = Math.max(min, options.maxMessages ?? 4);
  const count = random.between(min, max);
  const messages: MessagePart[] = [];
  const messageOptions = { maxFields: options.maxFields ?? 6, obsText: options.obsText ?? true };
  for (let i = 0; i < count; i++) messages.push(generateMessage(random, { ...messageOptions, last: i === count - 1 }));
  return { messages, trailing: '' };
}
