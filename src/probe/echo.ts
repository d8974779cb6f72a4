/**
 * Reading what an echoing server says it received, in the three formats the probe understands:
 *
 * - **h1ref**: `{"method","target","version","headers":[[name,value]…],"trailers":[…],"body":base64}`, names and
 *   values as latin1 strings (h1ref's `echoHandler`);
 * - **garden**: HTTP Garden's origin format, a 200 whose body is JSON of five base64 fields — `method`, `uri`,
 *   `version`, `headers` as `[name, value]` pairs, `body` (the body after removing the chunked coding);
 * - **raw**: the body *is* the bytes the server received for the request, head and body; the probe parses them
 *   with h1ref's request parser (lenient, since a server echoing raw bytes may have accepted anything).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { collectMessages } from '../parser/collect-messages.js';
import { RequestParser } from '../parser/request-parser.js';
import { latin1 } from '../wire/latin1.js';
import type { EchoedRequest, EchoFormat } from './observation.js';

/** Which echo format to look for: one of them, `auto` (h1ref's or Garden's JSON, whichever parses), or `none`. */
export type EchoMode = EchoFormat | 'auto' | 'none';

/** The echo modes, for option parsing. */
export const ECHO_MODES: readonly EchoMode[] = ['auto', 'h1ref', 'garden', 'raw', 'none'];

/**
 * Decodes an echo from a response body, or returns undefined when the body is not in the format asked for.
 *
 * @param body - the response body (after removing the chunked coding)
 * @param mode - the format; `auto` tries h1ref's then Garden's JSON (raw cannot be recognised reliably)
 */
export function decodeEcho(body: Uint8Array, mode: EchoMode): EchoedRequest | undefined {
  switch (mode) {
    case 'none': return undefined;
    case 'raw': return decodeRaw(body);
    case 'h1ref': return decodeH1ref(parseJson(body));
    case 'garden': return decodeGarden(parseJson(body));
    case 'auto': {
      const json = parseJson(body);
      return decodeH1ref(json) ?? decodeGarden(json);
    }
  }
}

function parseJson(body: Uint8Array): unknown {
  if (body.length === 0 || body.length > 64 * 1024 * 1024) return undefined;
  const first = body[0];
  if (first !== 0x7b) return undefined; // '{'
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';

function pairs(v: unknown): [string, string][] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: [string, string][] = [];
  for (const p of v) {
    if (!Array.isArray(p) || p.length !== 2 || !isString(p[0]) || !isString(p[1])) return undefined;
    out.push([p[0], p[1]]);
  }
  return out;
}

function decodeH1ref(json: unknown): EchoedRequest | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (!isString(o.method) || !isString(o.target) || !isString(o.version) || !isString(o.body)) return undefined;
  const headers = pairs(o.headers);
  if (headers === undefined) return undefined;
  const trailers = o.trailers === undefined ? [] : pairs(o.trailers);
  if (trailers === undefined) return undefined;
  return {
    format: 'h1ref',
    method: o.method,
    target: o.target,
    version: o.version,
    headers,
    body: Buffer.from(o.body, 'base64').toString('latin1'),
    trailers,
  };
}

function fromBase64(v: unknown): string | undefined {
  if (!isString(v) || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) return undefined;
  return Buffer.from(v, 'base64').toString('latin1');
}

function decodeGarden(json: unknown): EchoedRequest | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const method = fromBase64(o.method);
  const uri = fromBase64(o.uri);
  const version = fromBase64(o.version);
  const body = fromBase64(o.body);
  const encoded = pairs(o.headers);
  if (method === undefined || uri === undefined || version === undefined || body === undefined || encoded === undefined) return undefined;
  const headers: [string, string][] = [];
  for (const [n, v] of encoded) {
    const name = fromBase64(n);
    const value = fromBase64(v);
    if (name === undefined || value === undefined) return undefined;
    headers.push([name, value]);
  }
  return { format: 'garden', method, target: uri, version, headers, body };
}

function decodeRaw(body: Uint8Array): EchoedRequest | undefined {
  const parser = new RequestParser({ lenient: { bareLineFeed: true, obsFold: true } });
  const collected = collectMessages([...parser.push(body), ...parser.finish()]);
  // The first request, or as much of it as came before an error.
  const m = collected.messages[0] ?? collected.current;
  if (m === null) return undefined;
  const h = m.head;
  return {
    format: 'raw', method: h.method, target: h.target, version: h.rawVersion, headers: h.fields.toArray(),
    body: latin1(m.body), trailers: m.trailers.toArray(),
  };
}
