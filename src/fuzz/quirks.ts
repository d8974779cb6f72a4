/**
 * Benign quirks: behaviours of a target that differ from the reference without being a parsing discrepancy (the
 * keys of HTTP Garden's quirk profiles, catalogue §3.12). Each target is profiled once at the start of a run with
 * a handful of plain requests ({@link QUIRK_PROBES}); the profile is cached for the run, and every difference it
 * excuses names the quirk.
 *
 * @module
 */
import type { EchoView, View } from './finding.js';

/** The quirks a profile can hold. */
export const QUIRKS = [
  'allows-http-0-9', // answers a request-line without a version (HTTP/0.9)
  'allows-missing-host-header', // accepts an HTTP/1.1 request without Host (RFC 9112 §3.2 says 400)
  'requires-length-in-post', // refuses a POST without a body length (411)
  'method-whitelist', // refuses a well-formed method it does not implement
  'method-character-blacklist', // refuses a method token holding some tchar (`-`, `_`, `!`, digits)
  'added-headers', // its echo holds header fields the request did not carry
  'removed-headers', // its echo lacks header fields the request carried
  'header-name-translation', // its echo writes `-` in names as `_` (CGI style)
  'joins-duplicate-headers', // its echo joins repeated fields into one
  'doesnt-support-persistence', // closes after every response
  'doesnt-support-version', // refuses HTTP/1.0
  'allows-http-2', // answers the HTTP/2 connection preface in HTTP/2
  'connect-unsupported', // refuses CONNECT (501): not a proxy (our addition; the Garden has no key for it)
  'refuses-unknown-expect', // answers 417 to an expectation other than 100-continue (RFC 9110 §10.1.1 MAY; ours)
] as const;

/** One of {@link QUIRKS}. */
export type Quirk = (typeof QUIRKS)[number];

/** A target's quirks, with what the profiler learned about each. */
export interface QuirkProfile {
  /** The quirks found. */
  readonly quirks: readonly Quirk[];
  /** Header names (lower case) the target adds to its echo. */
  readonly addedHeaders: readonly string[];
  /** Header names (lower case) the target drops from its echo. */
  readonly removedHeaders: readonly string[];
  /** Whether the target echoes at all (a target without an echo is compared on status, count and connection). */
  readonly echoes: boolean;
}

/** A profile with no quirks, for a target that behaves like the reference (and for tests). */
export const NO_QUIRKS: QuirkProfile = { quirks: [], addedHeaders: [], removedHeaders: [], echoes: true };

/** The requests the profiler sends, each on its own connection, whole, by name. */
export const QUIRK_PROBES: Readonly<Record<string, string>> = {
  plain: 'GET /quirk HTTP/1.1\r\nHost: q\r\nX-Quirk-One: a\r\nX-Quirk-Two: b\r\nX-Quirk-Two: c\r\nConnection: keep-alive\r\n\r\n',
  http09: 'GET /\r\n',
  noHost: 'GET / HTTP/1.1\r\n\r\n',
  postNoLength: 'POST / HTTP/1.1\r\nHost: q\r\n\r\n',
  oddMethod: 'QUIRKY / HTTP/1.1\r\nHost: q\r\n\r\n',
  methodChars: 'G-T_1! / HTTP/1.1\r\nHost: q\r\n\r\n',
  http10: 'GET / HTTP/1.0\r\n\r\n',
  http2: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
  expect: 'GET / HTTP/1.1\r\nHost: q\r\nExpect: quirk\r\n\r\n',
  connect: 'CONNECT q:80 HTTP/1.1\r\nHost: q:80\r\n\r\n',
  pipeline: 'GET /1 HTTP/1.1\r\nHost: q\r\n\r\nGET /2 HTTP/1.1\r\nHost: q\r\n\r\n',
};

const SENT_PLAIN = ['host', 'x-quirk-one', 'x-quirk-two', 'connection'];

/**
 * Builds a profile from the target's views of {@link QUIRK_PROBES} (by the same names). A missing view (the
 * probe could not run) adds nothing.
 */
export function profileFromViews(views: Readonly<Record<string, View | undefined>>): QuirkProfile {
  const quirks = new Set<Quirk>();
  const accepted = (v: View | undefined): boolean => v !== undefined && v.messages[0]?.accepted === true;
  const plain = views['plain'];
  const echo = plain?.messages[0]?.echo;
  let added: string[] = [];
  let removed: string[] = [];
  if (echo !== undefined) {
    const names = echo.headers.map(([n]) => n.toLowerCase());
    const translated = names.some((n) => n.includes('_') && SENT_PLAIN.includes(n.replace(/_/g, '-')));
    if (translated) quirks.add('header-name-translation');
    const seen = new Set(names.map((n) => n.replace(/_/g, '-')));
    added = [...seen].filter((n) => !SENT_PLAIN.includes(n));
    removed = SENT_PLAIN.filter((n) => !seen.has(n));
    if (added.length > 0) quirks.add('added-headers');
    if (removed.length > 0) quirks.add('removed-headers');
    const twos = echo.headers.filter(([n]) => n.toLowerCase().replace(/_/g, '-') === 'x-quirk-two');
    if (twos.length === 1) quirks.add('joins-duplicate-headers');
  }
  const http09 = views['http09'];
  if (http09 !== undefined && (http09.nonHttp === true || accepted(http09))) quirks.add('allows-http-0-9');
  if (accepted(views['noHost'])) quirks.add('allows-missing-host-header');
  if (views['postNoLength']?.messages[0]?.status === 411) quirks.add('requires-length-in-post');
  if (accepted(plain) && views['oddMethod'] !== undefined && !accepted(views['oddMethod'])) quirks.add('method-whitelist');
  if (accepted(plain) && views['methodChars'] !== undefined && !accepted(views['methodChars'])) quirks.add('method-character-blacklist');
  if (accepted(plain) && views['http10'] !== undefined && !accepted(views['http10'])) quirks.add('doesnt-support-version');
  const http2 = views['http2'];
  if (http2 !== undefined && (http2.nonHttp === true || http2.malformed !== undefined)) quirks.add('allows-http-2');
  if (accepted(plain) && views['expect']?.messages[0]?.status === 417) quirks.add('refuses-unknown-expect');
  if (accepted(plain) && views['connect'] !== undefined && !accepted(views['connect'])) quirks.add('connect-unsupported');
  const pipeline = views['pipeline'];
  if (accepted(plain) && pipeline !== undefined && pipeline.messages.length === 1 && pipeline.end !== 'open') quirks.add('doesnt-support-persistence');
  return {
    quirks: QUIRKS.filter((q) => quirks.has(q)),
    addedHeaders: added,
    removedHeaders: removed,
    echoes: echo !== undefined,
  };
}

/** Header fields as compared: names lower case (and `_` read as `-` when a side translates), duplicates joined. */
export function normalizeHeaders(
  headers: readonly (readonly [string, string])[],
  drop: ReadonlySet<string>,
  translate: boolean,
): string[] {
  const byName = new Map<string, string[]>();
  for (const [rawName, value] of headers) {
    let name = rawName.toLowerCase();
    if (translate) name = name.replace(/_/g, '-');
    if (drop.has(name)) continue;
    const list = byName.get(name) ?? [];
    // Joining with "," and trimming each element makes `a, b` on one line equal `a` and `b` on two (RFC 9110 §5.3).
    list.push(...value.split(',').map((v) => v.trim()));
    byName.set(name, list);
  }
  return [...byName.entries()].map(([n, v]) => `${n}: ${v.join(',')}`).sort();
}

/** The echo members that differ between two echoes, after the quirks of both sides are applied. */
export function echoDifferences(a: EchoView, b: EchoView, pa: QuirkProfile, pb: QuirkProfile): { fields: string[]; body: boolean } {
  const fields: string[] = [];
  if (a.method !== b.method) fields.push('method');
  if (a.target !== b.target) fields.push('target');
  if (a.version !== b.version) fields.push('version');
  const drop = new Set([...pa.addedHeaders, ...pa.removedHeaders, ...pb.addedHeaders, ...pb.removedHeaders]);
  const translate = pa.quirks.includes('header-name-translation') || pb.quirks.includes('header-name-translation');
  const ha = normalizeHeaders(a.headers, drop, translate);
  const hb = normalizeHeaders(b.headers, drop, translate);
  if (ha.join('\n') !== hb.join('\n')) fields.push('headers');
  return { fields, body: a.body !== b.body };
}
