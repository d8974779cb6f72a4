/**
 * The four request messages of the corpus, described as data (method, target, fields, body) and serialized
 * from that description. Keeping the description is what lets a run check a parser's output: the expected
 * counts come from the description, never from a parser.
 *
 * @module
 */

/** How a message's body is sent. */
export type BodySpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly bytes: Uint8Array }
  | { readonly kind: 'chunked'; readonly chunks: readonly Uint8Array[] };

/** One request, before serialization. All messages are HTTP/1.1 and keep the connection open. */
export interface MessageSpec {
  readonly method: string;
  readonly target: string;
  /** Field lines in wire order; serialized as `name: value`. */
  readonly fields: readonly (readonly [name: string, value: string])[];
  readonly body: BodySpec;
}

/**
 * What a driver must report for one message. `chars` is the total length of method, target and every field
 * name and value: a driver only gets it right by actually receiving each of those strings in full.
 */
export interface Expected {
  messages: number;
  fields: number;
  chars: number;
  bodyBytes: number;
}

/** A body of `size` printable bytes (a–z repeated); the content does not matter to any parser. */
export function bodyBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = 0x61 + (i % 26);
  return bytes;
}

/** (a) The smallest valid HTTP/1.1 request: 27 bytes. */
export const MINIMAL_GET: MessageSpec = {
  method: 'GET',
  target: '/',
  fields: [['Host', 'a']],
  body: { kind: 'none' },
};

/**
 * (b) A top-level navigation as Chrome 124 sends it over HTTP/1.1: 12 field lines, 598 bytes, the size of the
 * browser GET in perf-anchors.md. The cookie's length is chosen to reach that size.
 */
export const BROWSER_GET: MessageSpec = {
  method: 'GET',
  target: '/search?q=widgets',
  fields: [
    ['Host', 'www.example.com'],
    ['Connection', 'keep-alive'],
    ['sec-ch-ua', '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"'],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Windows"'],
    ['Upgrade-Insecure-Requests', '1'],
    [
      'User-Agent',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    ],
    [
      'Accept',
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
    ],
    ['Sec-Fetch-Mode', 'navigate'],
    ['Accept-Encoding', 'gzip, deflate, br, zstd'],
    ['Accept-Language', 'en-US,en;q=0.9'],
    ['Cookie', 'sid=3f9a1c7e5b'],
  ],
  body: { kind: 'none' },
};

/** (c) A POST with a 1024-byte body framed by Content-Length: 1138 bytes. */
export const POST_LENGTH: MessageSpec = {
  method: 'POST',
  target: '/api/upload',
  fields: [
    ['Host', 'api.example.com'],
    ['Content-Type', 'application/octet-stream'],
    ['Content-Length', '1024'],
  ],
  body: { kind: 'length', bytes: bodyBytes(1024) },
};

/** (d) A POST with a chunked body, 4 chunks of 256 bytes, then the last chunk and no trailers: 1177 bytes. */
export const POST_CHUNKED: MessageSpec = {
  method: 'POST',
  target: '/api/upload',
  fields: [
    ['Host', 'api.example.com'],
    ['Content-Type', 'application/octet-stream'],
    ['Transfer-Encoding', 'chunked'],
  ],
  body: { kind: 'chunked', chunks: [bodyBytes(256), bodyBytes(256), bodyBytes(256), bodyBytes(256)] },
};

/** The message on the wire. Field names and values are ASCII, so latin1 is exact. */
export function serialize(message: MessageSpec): Buffer {
  let head = `${message.method} ${message.target} HTTP/1.1\r\n`;
  for (const [name, value] of message.fields) head += `${name}: ${value}\r\n`;
  head += '\r\n';
  const parts: Uint8Array[] = [Buffer.from(head, 'latin1')];
  const body = message.body;
  if (body.kind === 'length') {
    parts.push(body.bytes);
  } else if (body.kind === 'chunked') {
    for (const chunk of body.chunks) {
      parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`, 'latin1'), chunk, Buffer.from('\r\n', 'latin1'));
    }
    parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

/** The counts a driver must report for one copy of `message`. */
export function expectedFor(message: MessageSpec): Expected {
  let chars = message.method.length + message.target.length;
  for (const [name, value] of message.fields) chars += name.length + value.length;
  const body = message.body;
  const bodyLength =
    body.kind === 'length'
      ? body.bytes.length
      : body.kind === 'chunked'
        ? body.chunks.reduce((sum, chunk) => sum + chunk.length, 0)
        : 0;
  return { messages: 1, fields: message.fields.length, chars, bodyBytes: bodyLength };
}
