// Generated HTTP/1.1 messages: a model of each message (what it means), the bytes h1ref's writers make of it,
// the events a parser must produce for it, and a "styled" serialization that uses the freedom the grammar gives
// a sender (OWS, BWS, leading zeros, upper-case hex, HTTP/1.x minor versions, obs-text, quoted-pairs, empty lines
// before a request) for properties that only compare parsers with themselves.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { ChunkedEncoder, defaultReasonPhrase, writeRequestHead, writeResponseHead } from '../../../src/writer/index.js';
import type { PlainEvent } from './feed.js';
import { seededRandom } from '../../../src/probe/delivery.js';
import { TCHARS, VCHARS } from '../../../src/fuzz/alphabet.js';

// ---------------------------------------------------------------------------------------------------------------
// Character classes. tchar (RFC 9110 §5.6.2) and VCHAR (RFC 5234) come from src/fuzz/alphabet.ts, which reads
// them out of the parser's tables (src/wire/char-classes.ts), so that these generators and the fuzzer's share one
// definition; the narrower sets below are spelled out from the ABNF.

export { TCHARS, VCHARS };

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
const ALNUM = [...range(0x30, 0x39), ...range(0x41, 0x5a), ...range(0x61, 0x7a)];
const DIGITS = range(0x30, 0x39);
const HEXDIGS = [...DIGITS, ...range(0x41, 0x46), ...range(0x61, 0x66)];
const UNRESERVED = [...ALNUM, ...Array.from('-._~')];
const SUB_DELIMS = Array.from("!$&'()*+,;=");

// Names the parser interprets; generated "ordinary" fields avoid them so that the model knows the framing.
const SPECIAL_NAMES = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade']);

export const token = (maxLength = 12): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength });

/** A field value as a sender generates it: VCHAR, SP and HTAB, no whitespace first or last (RFC 9110 §5.5). */
export const fieldValue: fc.Arbitrary<string> = fc
  .string({ unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...VCHARS) }, fc.constantFrom(' ', '\t')), maxLength: 24 })
  .map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ''));

/** A field name the parser does not interpret. */
export const ordinaryName: fc.Arbitrary<string> = token(16).filter((n) => !SPECIAL_NAMES.has(n.toLowerCase()));

/** Ordinary field lines. */
export const ordinaryFields = (maxLength = 5): fc.Arbitrary<[string, string][]> =>
  fc.array(fc.tuple(ordinaryName, fieldValue), { maxLength });

const pctEncoded = fc.tuple(fc.constantFrom(...HEXDIGS), fc.constantFrom(...HEXDIGS)).map(([a, b]) => `%${a}${b}`);
const pchar = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...UNRESERVED, ...SUB_DELIMS, ':', '@') }, { weight: 1, arbitrary: pctEncoded });
const regName = (minLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...UNRESERVED, ...SUB_DELIMS) }, { weight: 1, arbitrary: pctEncoded }), minLength, maxLength: 12 });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
// IP-literals that are real IPv6 addresses (RFC 3986 §3.2.2): eight groups, or fewer around one "::".
const h16 = fc.string({ unit: fc.constantFrom(...HEXDIGS), minLength: 1, maxLength: 4 });
const ipLiteral = fc.oneof(
  fc.array(h16, { minLength: 8, maxLength: 8 }).map((groups) => `[${groups.join(':')}]`),
  fc.tuple(fc.array(h16, { maxLength: 3 }), fc.array(h16, { maxLength: 3 })).map(([left, right]) => `[${left.join(':')}::${right.join(':')}]`),
);
const uriHost = fc.oneof({ weight: 4, arbitrary: regName(1) }, ipv4, ipLiteral);
const port = fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 1, maxLength: 5 });

/** `uri-host [":" port]` with a non-empty host. */
export const authority: fc.Arbitrary<string> = fc
  .tuple(uriHost, fc.option(fc.oneof(port, fc.constant('')), { nil: undefined }))
  .map(([host, p]) => (p === undefined ? host : `${host}:${p}`));

/** A Host field value (RFC 9112 §3.2): an authority, rarely empty. */
export const hostValue: fc.Arbitrary<string> = fc.oneof({ weight: 15, arbitrary: authority }, fc.constant(''));

const pathAbempty = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: pchar }, fc.constant('/')), maxLength: 20 });
const query = fc.option(fc.string({ unit: fc.oneof({ weight: 4, arbitrary: pchar }, fc.constantFrom('/', '?')), maxLength: 16 }), { nil: undefined });

/** origin-form (RFC 9112 §3.2.1). */
export const originForm: fc.Arbitrary<string> = fc
  .tuple(pathAbempty, query)
  .map(([path, q]) => `/${path}${q === undefined ? '' : `?${q}`}`);

interface TargetShape {
  method: string;
  target: string;
  form: 'origin' | 'absolute' | 'authority' | 'asterisk';
  /** The authority the target names, when it names one. */
  authority: string | undefined;
}

const ordinaryMethod = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE') },
  { weight: 1, arbitrary: token(10).filter((m) => m !== 'CONNECT') },
);

// Only http and https, in any case: h1ref refuses other schemes (RFC 9110 §4.2; RFC 3986 §3.1).
const absoluteForm: fc.Arbitrary<{ target: string; authority: string | undefined }> = fc
  .tuple(fc.constantFrom('http', 'https', 'HTTP', 'hTTpS', 'Http', 'HTTPS'), authority, pathAbempty, query)
  .map(([scheme, auth, path, q]) => {
    const rest = path === '' || path.startsWith('/') ? path : `/${path}`;
    return { target: `${scheme}://${auth}${rest}${q === undefined ? '' : `?${q}`}`, authority: auth };
  });

/** A method with a request-target in a form that method allows (RFC 9112 §3.2). */
const targetShape = (allowConnect: boolean): fc.Arbitrary<TargetShape> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.tuple(ordinaryMethod, originForm).map(([method, target]) => ({ method, target, form: 'origin' as const, authority: undefined })) },
    { weight: 3, arbitrary: fc.tuple(ordinaryMethod, absoluteForm).map(([method, t]) => ({ method, ...t, form: 'absolute' as const })) },
    { weight: 1, arbitrary: fc.constant({ method: 'OPTIONS', target: '*', form: 'asterisk' as const, authority: undefined }) },
    ...(allowConnect
      ? [{
          weight: 1,
          arbitrary: fc.tuple(uriHost, port).map(([host, p]) => ({ method: 'CONNECT', target: `${host}:${p}`, form: 'authority' as const, authority: `${host}:${p}` })),
        }]
      : []),
  );

// ---------------------------------------------------------------------------------------------------------------
// Models.

/** A chunk extension as the writer takes it and the parser reports it. */
export interface Ext {
  readonly name: string;
  readonly value: string | undefined;
}

export interface Chunk {
  readonly data: Uint8Array;
  readonly extensions: readonly Ext[];
}

export type Body =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly data: Uint8Array }
  | { readonly kind: 'chunked'; readonly chunks: readonly Chunk[]; readonly lastExtensions: readonly Ext[]; readonly trailers: readonly (readonly [string, string])[] }
  | { readonly kind: 'close'; readonly data: Uint8Array };

export interface RequestModel {
  readonly kind: 'request';
  readonly method: string;
  readonly target: string;
  readonly targetForm: TargetShape['form'];
  readonly version: '1.0' | '1.1';
  readonly fields: readonly (readonly [string, string])[];
  readonly body: Body;
  // What the parser must make of it.
  readonly authority: string | undefined;
  readonly expect: string | undefined;
  readonly expectContinue: boolean;
  readonly keepAlive: boolean;
  readonly switchProtocol: 'connect' | 'upgrade' | undefined;
}

export interface ResponseModel {
  readonly kind: 'response';
  readonly requestMethod: string;
  readonly status: number;
  /** The reason phrase to write; `undefined` lets the writer pick the registered one. */
  readonly reason: string | undefined;
  readonly version: '1.0' | '1.1';
  readonly fields: readonly (readonly [string, string])[];
  readonly body: Body;
  readonly interim: boolean;
  readonly keepAlive: boolean;
  readonly pauses: boolean;
}

export type MessageModel = RequestModel | ResponseModel;

/** A chunk extension value: any string a sender can write as a token or a quoted-string (HTAB, SP, VCHAR). */
export const extValue: fc.Arbitrary<string> = fc.oneof(
  token(8),
  fc.string({ unit: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VCHARS) }, fc.constantFrom(' ', '\t', '"', '\\')), maxLength: 12 }),
);
export const ext: fc.Arbitrary<Ext> = fc.record({ name: token(8), value: fc.option(extValue, { nil: undefined }) });
const extensions = fc.array(ext, { maxLength: 3 });

const bodyBytes = (maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength }),
    // Bodies that look like protocol: a parser that confused body and head would show it.
    fc.array(fc.constantFrom('\r\n', '\r', '\n', '0\r\n\r\n', 'GET / HTTP/1.1\r\n', ':', ';', 'x'), { maxLength: 12 }).map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'latin1'))),
  );

export const chunk: fc.Arbitrary<Chunk> = fc.record({
  data: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.uint8Array({ minLength: 1, maxLength: 300 })),
  extensions: fc.oneof({ weight: 3, arbitrary: fc.constant([] as Ext[]) }, extensions),
});

export const chunkedBody: fc.Arbitrary<Extract<Body, { kind: 'chunked' }>> = fc.record({
  kind: fc.constant('chunked' as const),
  chunks: fc.array(chunk, { maxLength: 5 }),
  lastExtensions: fc.oneof({ weight: 3, arbitrary: fc.constant([] as Ext[]) }, extensions),
  trailers: fc.oneof(fc.constant([] as [string, string][]), fc.array(fc.tuple(token(12), fieldValue), { minLength: 1, maxLength: 3 })),
});

const caseOf = (name: string): fc.Arbitrary<string> =>
  fc.constantFrom(name, name.toLowerCase(), name.toUpperCase());

/** Inserts `extra` into `base` at positions chosen by `at` (each taken modulo the current length + 1). */
function interleave<T>(base: readonly T[], extra: readonly T[], at: readonly number[]): T[] {
  const out = [...base];
  extra.forEach((item, i) => out.splice((at[i] ?? 0) % (out.length + 1), 0, item));
  return out;
}

const CONNECTION_OPTIONS = [undefined, 'close', 'keep-alive', 'Keep-Alive', 'Close', 'upgrade', 'keep-alive, Upgrade', 'foo, close'] as const;

function listHas(value: string | undefined, tok: string): boolean {
  return value !== undefined && value.split(',').some((e) => e.trim().toLowerCase() === tok);
}

/** RFC 9112 §9.3, written out independently of src/parser/persistence.ts. */
function persistent(version: '1.0' | '1.1', connection: string | undefined): boolean {
  if (listHas(connection, 'close')) return false;
  return version === '1.1' || listHas(connection, 'keep-alive');
}

/**
 * A valid request. With `last` false it leaves the connection open and does not switch protocols, so that
 * another request can follow it on the same connection.
 */
export const request = (last: boolean): fc.Arbitrary<RequestModel> =>
  fc
    .record({
      version: fc.constantFrom('1.1', '1.1', '1.1', '1.0') as fc.Arbitrary<'1.0' | '1.1'>,
      shape: targetShape(last),
      host: hostValue,
      hostName: caseOf('Host'),
      sendHost10: fc.boolean(),
      extra: ordinaryFields(),
      connection: fc.constantFrom(...CONNECTION_OPTIONS),
      connectionName: caseOf('Connection'),
      expect: fc.option(fc.constantFrom('100-continue', '100-Continue', 'something-else'), { nil: undefined }),
      upgrade: fc.option(fc.constantFrom('websocket', 'h2c, foo/1'), { nil: undefined }),
      bodyChoice: fc.constantFrom('none', 'none', 'length', 'length', 'chunked', 'chunked', 'zero-length'),
      lengthData: bodyBytes(200),
      chunked: chunkedBody,
      lengthName: caseOf('Content-Length'),
      teName: caseOf('Transfer-Encoding'),
      teValue: fc.constantFrom('chunked', 'Chunked', 'CHUNKED'),
      at: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    })
    .map((r): RequestModel => {
      const version = r.version;
      let connection: string | undefined = r.connection;
      let upgrade = r.upgrade;
      if (!last) {
        // Keep the connection open and HTTP/1.1 in use for the next request.
        connection = version === '1.0' ? 'keep-alive' : connection === undefined || listHas(connection, 'close') || listHas(connection, 'upgrade') ? undefined : connection;
        upgrade = undefined;
      }
      let body: Body = { kind: 'none' };
      const special: [string, string][] = [];
      if (r.bodyChoice === 'length' || r.bodyChoice === 'zero-length') {
        const data = r.bodyChoice === 'length' ? r.lengthData : new Uint8Array(0);
        body = { kind: 'length', data };
        special.push([r.lengthName, String(data.length)]);
      } else if (r.bodyChoice === 'chunked' && version === '1.1') {
        body = r.chunked;
        special.push([r.teName, r.teValue]);
      }
      if (version === '1.1' || r.sendHost10) special.push([r.hostName, r.host]);
      if (connection !== undefined) special.push([r.connectionName, connection]);
      if (r.expect !== undefined) special.push(['Expect', r.expect]);
      if (upgrade !== undefined) special.push(['Upgrade', upgrade]);
      const fields = interleave(r.extra, special, r.at);
      const hasHost = version === '1.1' || r.sendHost10;
      const switchProtocol =
        r.shape.form === 'authority' ? 'connect' : upgrade !== undefined && version === '1.1' && listHas(connection, 'upgrade') ? 'upgrade' : undefined;
      return {
        kind: 'request',
        method: r.shape.method,
        target: r.shape.target,
        targetForm: r.shape.form,
        version,
        fields,
        body,
        authority: r.shape.authority ?? (hasHost ? r.host : undefined),
        expect: r.expect,
        expectContinue: version === '1.1' && r.expect !== undefined && r.expect.toLowerCase() === '100-continue',
        keepAlive: persistent(version, connection),
        switchProtocol,
      };
    });

/** Requests for one connection: each but the last keeps it open. */
export const requestSequence = (maxLength = 4): fc.Arbitrary<RequestModel[]> =>
  fc.integer({ min: 1, max: maxLength }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => request(i === n - 1))));

const finalStatus = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(200, 200, 201, 204, 206, 301, 304, 400, 404, 500, 503) },
  { weight: 3, arbitrary: fc.integer({ min: 200, max: 599 }) },
  { weight: 1, arbitrary: fc.constant(101) },
);
const interimStatus = fc.oneof(fc.constantFrom(100, 102, 103), fc.integer({ min: 100, max: 199 }).filter((s) => s !== 101));
const reasonPhrase = fc.option(
  fc.string({ unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...VCHARS) }, fc.constantFrom(' ', '\t')), maxLength: 20 }),
  { nil: undefined },
);

const responseParts = fc.record({
  version: fc.constantFrom('1.1', '1.1', '1.1', '1.0') as fc.Arbitrary<'1.0' | '1.1'>,
  reason: reasonPhrase,
  extra: ordinaryFields(),
  connection: fc.constantFrom(...CONNECTION_OPTIONS),
  bodyChoice: fc.constantFrom('length', 'length', 'chunked', 'chunked', 'close', 'zero-length'),
  lengthData: bodyBytes(200),
  chunked: chunkedBody,
  // A response without a body may still carry framing fields (HEAD, 204, 304): they must be ignored.
  strayFraming: fc.option(fc.constantFrom(['Content-Length', '42'] as const, ['Content-Length', '0'] as const, ['Transfer-Encoding', 'chunked'] as const), { nil: undefined }),
  lengthName: caseOf('Content-Length'),
  teName: caseOf('Transfer-Encoding'),
  at: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
});

type ResponseParts = typeof responseParts extends fc.Arbitrary<infer T> ? T : never;

function buildResponse(p: ResponseParts, requestMethod: string, status: number, last: boolean): ResponseModel {
  const version = p.version;
  const interim = status < 200 && status !== 101;
  let connection: string | undefined = p.connection;
  let choice = p.bodyChoice;
  if (!last || interim) {
    connection = version === '1.0' ? 'keep-alive' : connection === undefined || listHas(connection, 'close') ? undefined : connection;
    if (choice === 'close') choice = 'length';
  }
  if (choice === 'chunked' && version === '1.0') choice = 'length';
  const noBody = requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304 || (requestMethod === 'CONNECT' && status < 300);
  let body: Body = { kind: 'none' };
  const special: [string, string][] = [];
  if (noBody) {
    if (p.strayFraming !== undefined) special.push([...p.strayFraming]);
  } else if (choice === 'length' || choice === 'zero-length') {
    const data = choice === 'length' ? p.lengthData : new Uint8Array(0);
    body = { kind: 'length', data };
    special.push([p.lengthName, String(data.length)]);
  } else if (choice === 'chunked') {
    body = p.chunked;
    special.push([p.teName, 'chunked']);
  } else {
    body = { kind: 'close', data: p.lengthData };
  }
  if (connection !== undefined) special.push(['Connection', connection]);
  const pauses = status === 101 || (requestMethod === 'CONNECT' && status >= 200 && status < 300);
  return {
    kind: 'response',
    requestMethod,
    status,
    reason: p.reason,
    version,
    fields: interleave(p.extra, special, p.at),
    body,
    interim,
    keepAlive: interim || (body.kind !== 'close' && persistent(version, connection)),
    pauses,
  };
}

/** One request's responses: zero or more interim (1xx) responses, then the final one. */
export interface Exchange {
  readonly method: string;
  readonly responses: readonly ResponseModel[];
}

export const exchange = (last: boolean): fc.Arbitrary<Exchange> =>
  fc
    .record({
      method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'PUT', 'CONNECT', 'OPTIONS'),
      interim: fc.oneof({ weight: 3, arbitrary: fc.constant([] as [ResponseParts, number][]) }, fc.array(fc.tuple(responseParts, interimStatus), { minLength: 1, maxLength: 2 })),
      final: responseParts,
      status: finalStatus,
    })
    .map((e) => {
      let status = e.status;
      let method = e.method;
      if (!last && status === 101) status = 200;
      if (!last && method === 'CONNECT' && status < 300) method = 'GET';
      return {
        method,
        responses: [...e.interim.map(([p, s]) => buildResponse(p, method, s, false)), buildResponse(e.final, method, status, last)],
      };
    });

/** Responses for one connection, one exchange per request; each final response but the last keeps it open. */
export const exchangeSequence = (maxLength = 3): fc.Arbitrary<Exchange[]> =>
  fc.integer({ min: 1, max: maxLength }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => exchange(i === n - 1))));

// ---------------------------------------------------------------------------------------------------------------
// Writing with h1ref's writers.

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export { concatBytes };

function writeBody(body: Body): Uint8Array[] {
  switch (body.kind) {
    case 'none':
      return [];
    case 'length':
    case 'close':
      return [body.data];
    case 'chunked': {
      const encoder = new ChunkedEncoder();
      const out = body.chunks.map((c) => encoder.encodeChunk(c.data, c.extensions));
      out.push(encoder.encodeLast(body.trailers as [string, string][], body.lastExtensions));
      return out;
    }
  }
}

/** The message as h1ref's writers produce it. */
export function writeMessage(model: MessageModel): Uint8Array {
  const fields = model.fields as [string, string][];
  const head =
    model.kind === 'request'
      ? writeRequestHead({ method: model.method, target: model.target, version: model.version, fields })
      : writeResponseHead({ status: model.status, ...(model.reason === undefined ? {} : { reason: model.reason }), version: model.version, fields });
  return concatBytes([head, ...writeBody(model.body)]);
}

export function writeMessages(models: readonly MessageModel[]): Uint8Array {
  return concatBytes(models.map(writeMessage));
}

export const responsesOf = (exchanges: readonly Exchange[]): ResponseModel[] => exchanges.flatMap((e) => e.responses);
export const methodsOf = (exchanges: readonly Exchange[]): string[] => exchanges.map((e) => e.method);

// ---------------------------------------------------------------------------------------------------------------
// The events a parser must produce for a model.

const plainExtensions = (exts: readonly Ext[]): { name: string; value: string | undefined }[] =>
  exts.map((e) => ({ name: e.name, value: e.value }));

function expectedFraming(model: MessageModel): Record<string, unknown> {
  const body = model.body;
  switch (body.kind) {
    case 'none':
      return { kind: 'none' };
    case 'length':
      return body.data.length === 0 ? { kind: 'none' } : { kind: 'length', length: body.data.length };
    case 'chunked':
      return { kind: 'chunked' };
    case 'close':
      return { kind: 'until-close' };
  }
}

const latin1Of = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');

/** The events of one message, in order, as {@link record} makes them. */
export function expectedEvents(model: MessageModel): PlainEvent[] {
  const fields = model.fields.flatMap(([n, v]) => [n, v]);
  const framing = expectedFraming(model);
  const rawVersion = `HTTP/${model.version}`;
  const head: Record<string, unknown> =
    model.kind === 'request'
      ? {
          kind: 'request',
          method: model.method,
          target: model.target,
          targetForm: model.targetForm,
          authority: model.authority,
          version: model.version,
          rawVersion,
          fields,
          framing,
          keepAlive: model.keepAlive,
          expect: model.expect,
          expectContinue: model.expectContinue,
          switchProtocol: model.switchProtocol,
        }
      : {
          kind: 'response',
          status: model.status,
          reason: model.reason ?? defaultReason(model.status),
          requestMethod: model.requestMethod,
          interim: model.interim,
          version: model.version,
          rawVersion,
          fields,
          framing,
          keepAlive: model.keepAlive,
        };
  const events: PlainEvent[] = [{ type: 'head', head }];
  const body = model.body;
  if ((body.kind === 'length' || body.kind === 'close') && body.data.length !== 0) events.push({ type: 'data', bytes: latin1Of(body.data) });
  if (body.kind === 'chunked') {
    for (const c of body.chunks) {
      events.push({ type: 'chunk', size: c.data.length, extensions: plainExtensions(c.extensions) });
      events.push({ type: 'data', bytes: latin1Of(c.data) });
    }
    events.push({ type: 'chunk', size: 0, extensions: plainExtensions(body.lastExtensions) });
    if (body.trailers.length !== 0) events.push({ type: 'trailers', trailers: body.trailers.flatMap(([n, v]) => [n, v]) });
  }
  events.push({ type: 'end' });
  if (model.kind === 'request' && model.switchProtocol !== undefined) events.push({ type: 'paused', reason: model.switchProtocol });
  if (model.kind === 'response' && model.pauses) events.push({ type: 'paused', reason: model.status === 101 ? 'upgrade' : 'connect' });
  return events;
}

// The reason phrase the writer sends when given none (its own table: the phrase is opaque to the parser).
const defaultReason = (status: number): string => defaultReasonPhrase(status);

// ---------------------------------------------------------------------------------------------------------------
// Styled serialization: the same message meaningfully, with the sender-side freedoms of the grammar exercised.

/** A small deterministic PRNG (the probe's mulberry32), so that a style is a seed fast-check can record and replay. */
export const prng: (seed: number) => () => number = seededRandom;

/**
 * The message written with optional whitespace where the grammar allows it (OWS around field values, BWS in
 * chunk extensions), chunk sizes with leading zeros and upper-case hex, quoted-pairs in extension values,
 * obs-text in ordinary field values, HTTP/1.x minor versions above 1, and empty lines before a request-line.
 * Meaning is unchanged except for obs-text and the minor version.
 */
export function styledMessage(model: MessageModel, seed: number): Uint8Array {
  const rnd = prng(seed);
  const chance = (p: number): boolean => rnd() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const ows = (): string => (chance(0.3) ? pick([' ', '\t', '  ', ' \t ']) : '');
  const parts: string[] = [];
  const version = model.version === '1.1' && chance(0.2) ? `HTTP/1.${pick(['1', '2', '9'])}` : `HTTP/${model.version}`;
  if (model.kind === 'request') {
    if (chance(0.15)) parts.push(pick(['\r\n', '\r\n\r\n']));
    parts.push(`${model.method} ${model.target} ${version}\r\n`);
  } else {
    parts.push(`${version} ${model.status} ${model.reason ?? (chance(0.5) ? '' : 'Obs \xe9 text')}\r\n`);
  }
  const fieldLine = ([name, value]: readonly [string, string], obsText: boolean): string => {
    let v = value;
    if (obsText && chance(0.2)) {
      const at = Math.floor(rnd() * (v.length + 1));
      v = `${v.slice(0, at)}${String.fromCharCode(0x80 + Math.floor(rnd() * 128))}${v.slice(at)}`;
    }
    return `${name}:${ows()}${v}${ows()}\r\n`;
  };
  for (const f of model.fields) parts.push(fieldLine(f, !SPECIAL_NAMES.has(f[0].toLowerCase())));
  parts.push('\r\n');
  const head = Buffer.from(parts.join(''), 'latin1');
  const body = model.body;
  if (body.kind === 'none') return new Uint8Array(head);
  if (body.kind !== 'chunked') return concatBytes([head, body.data]);

  const extText = (exts: readonly Ext[]): string =>
    exts
      .map((e) => {
        if (e.value === undefined) return `${ows()};${ows()}${e.name}`;
        const isToken = e.value.length > 0 && [...e.value].every((c) => TCHARS.includes(c));
        let v: string;
        if (isToken && chance(0.7)) v = e.value;
        else v = `"${[...e.value].map((c) => (c === '"' || c === '\\' || chance(0.1) ? `\\${c}` : c)).join('')}"`;
        return `${ows()};${ows()}${e.name}${ows()}=${ows()}${v}`;
      })
      .join('');
  const size = (n: number): string => {
    let hex = n.toString(16);
    if (chance(0.3)) hex = hex.toUpperCase();
    // Leading zeros, sometimes past the 16-digit limit: they do not count toward it (RFC 9112 §7.1).
    if (chance(0.2)) hex = '0'.repeat(Math.floor(rnd() * 25)) + hex;
    return hex;
  };
  const out: Uint8Array[] = [head];
  for (const c of body.chunks) {
    out.push(Buffer.from(`${size(c.data.length)}${extText(c.extensions)}\r\n`, 'latin1'), c.data, Buffer.from('\r\n', 'latin1'));
  }
  const trailers = body.trailers.map((f) => fieldLine(f, true)).join('');
  out.push(Buffer.from(`${size(0)}${extText(body.lastExtensions)}\r\n${trailers}\r\n`, 'latin1'));
  return concatBytes(out);
}

export function styledMessages(models: readonly MessageModel[], seed: number): Uint8Array {
  return concatBytes(models.map((m, i) => styledMessage(m, seed + i * 7919)));
}

/**
 * The message as the writers produce it, written independently of them with `eol` ending every line: the
 * start line, field lines, the empty line, chunk-size lines, chunk data and trailer lines. With CRLF it must equal
 * {@link writeMessage}'s output byte for byte.
 */
export function plainMessage(model: MessageModel, eol: '\r\n' | '\n' = '\r\n'): Uint8Array {
  const start =
    model.kind === 'request'
      ? `${model.method} ${model.target} HTTP/${model.version}`
      : `HTTP/${model.version} ${model.status} ${model.reason ?? defaultReason(model.status)}`;
  const fieldLines = (fields: readonly (readonly [string, string])[]): string => fields.map(([n, v]) => `${n}: ${v}${eol}`).join('');
  const head = Buffer.from(`${start}${eol}${fieldLines(model.fields)}${eol}`, 'latin1');
  const body = model.body;
  if (body.kind === 'none') return new Uint8Array(head);
  if (body.kind !== 'chunked') return concatBytes([head, body.data]);
  const extText = (exts: readonly Ext[]): string =>
    exts.map((e) => (e.value === undefined ? `;${e.name}` : `;${e.name}=${quoteIfNeeded(e.value)}`)).join('');
  const out: Uint8Array[] = [head];
  for (const c of body.chunks) {
    out.push(Buffer.from(`${c.data.length.toString(16)}${extText(c.extensions)}${eol}`, 'latin1'), c.data, Buffer.from(eol, 'latin1'));
  }
  out.push(Buffer.from(`0${extText(body.lastExtensions)}${eol}${fieldLines(body.trailers)}${eol}`, 'latin1'));
  return concatBytes(out);
}

/** token, or quoted-string escaping `"` and `\` only (RFC 9110 §5.6.4: what a sender generates). */
function quoteIfNeeded(value: string): string {
  if (value.length > 0 && [...value].every((c) => TCHARS.includes(c))) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
