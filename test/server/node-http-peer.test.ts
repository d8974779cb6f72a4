// node:http as a peer nobody here wrote (llhttp inside). The same raw bytes go to a node:http echo server and to
// h1ref's echo server. For valid input both must understand the same request: method, target, version, header
// lines (order, case, duplicates, OWS trimmed), trailers and body. Where they differ on invalid or unusual input,
// each case says which RFC rule h1ref follows.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoOf, raw, start, type Running } from './support.js';

let h1: Running;
let peer: http.Server;
let peerPort: number;

beforeAll(async () => {
  h1 = await start();
  peer = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const pairs = (list: string[]): [string, string][] => {
      const out: [string, string][] = [];
      for (let i = 0; i < list.length; i += 2) out.push([list[i]!, list[i + 1]!]);
      return out;
    };
    // No Content-Length set here, unlike bench/node-echo-handler.ts: node:http then frames as it chooses (close-
    // delimited to an HTTP/1.0 client), which the HTTP/1.0 keep-alive case compares with h1ref.
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({
      method: req.method,
      target: req.url,
      version: req.httpVersion,
      headers: pairs(req.rawHeaders),
      trailers: pairs(req.rawTrailers),
      body: Buffer.concat(chunks).toString('base64'),
    }));
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  peerPort = (peer.address() as AddressInfo).port;
});
afterAll(async () => {
  await h1.close();
  await new Promise((r) => peer.close(r));
});

const H = 'Host: example.test\r\n';
const C = 'Connection: close\r\n';

/** Sends the bytes to both servers; returns each one's statuses and echo documents. */
async function both(bytes: string, responses?: number) {
  const [a, b] = await Promise.all([raw(peerPort, bytes, { responses }), raw(h1.port, bytes, { responses })]);
  const view = (r: Awaited<ReturnType<typeof raw>>) => ({
    statuses: r.responses.map((x) => x.status),
    echoes: r.responses.filter((x) => x.status === 200).map(echoOf),
  });
  return { node: view(a), h1ref: view(b) };
}

const VALID: readonly [string, string][] = [
  ['a simple GET', `GET /a/b?c=d&e HTTP/1.1\r\n${H}${C}\r\n`],
  ['header order, case and duplicates kept; OWS trimmed', `GET / HTTP/1.1\r\n${H}X-Dup: 1\r\nx-dup: 2\r\nX-Space: \t spaced out \t\r\nAccept: */*\r\n${C}\r\n`],
  ['an empty field value', `GET / HTTP/1.1\r\n${H}X-Empty:\r\n${C}\r\n`],
  ['obs-text in a value, passed through as latin1', `GET / HTTP/1.1\r\n${H}X-Latin: caf\xe9 \xff\r\n${C}\r\n`],
  ['POST with Content-Length', `POST /form HTTP/1.1\r\n${H}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\n${C}\r\na=1&b=hello`],
  ['a chunked body with extensions and trailers', `POST /c HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n${C}\r\n5;name=value\r\nhello\r\n1;flag\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\nX-Other: 2\r\n\r\n`],
  ['a binary body', `PUT /bin HTTP/1.1\r\n${H}Content-Length: 6\r\n${C}\r\n\x00\x01\xfe\xff\r\n`],
  ['an empty line before the request-line (RFC 9112 §2.2)', `\r\nGET /after-crlf HTTP/1.1\r\n${H}${C}\r\n`],
  ['absolute-form', `GET http://example.test/abs?x HTTP/1.1\r\n${H}${C}\r\n`],
  ['OPTIONS *', `OPTIONS * HTTP/1.1\r\n${H}${C}\r\n`],
  ['HTTP/1.0 without Host', 'GET /old HTTP/1.0\r\n\r\n'],
  ['pipelined requests', `GET /1 HTTP/1.1\r\n${H}\r\nPOST /2 HTTP/1.1\r\n${H}Content-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\n${H}${C}\r\n`],
  ['a percent-encoded NUL in the target (not a NUL byte)', `GET /a%00b HTTP/1.1\r\n${H}${C}\r\n`],
];

describe('valid requests: node:http and h1ref understand the same thing', () => {
  for (const [name, bytes] of VALID) {
    it(name, async () => {
      const { node, h1ref } = await both(bytes);
      expect(node.statuses.length).toBeGreaterThan(0);
      expect(h1ref).toEqual(node);
    });
  }
});

describe('where they differ, h1ref follows the RFC rule named', () => {
  it('an invalid Host value: node:http accepts it; h1ref answers 400 (RFC 9112 §3.2: a server MUST answer 400 to an invalid Host)', async () => {
    const { node, h1ref } = await both(`GET / HTTP/1.1\r\nHost: a b\r\n${C}\r\n`);
    expect(node.statuses).toEqual([200]);
    expect(h1ref.statuses).toEqual([400]);
  });

  it('identical repeated Content-Length: node:http rejects; h1ref accepts one value (RFC 9110 §8.6 allows either)', async () => {
    const { node, h1ref } = await both(`POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 3\r\n${C}\r\nabc`);
    expect(node.statuses).toEqual([400]);
    expect(h1ref.statuses).toEqual([200]);
    expect(Buffer.from(h1ref.echoes[0]!.body, 'base64').toString()).toBe('abc');
  });

  it('an extension method: llhttp only knows registered methods; h1ref takes any token (RFC 9110 §9.1, RFC 9112 §3.1)', async () => {
    const { node, h1ref } = await both(`FROBNICATE / HTTP/1.1\r\n${H}${C}\r\n`);
    expect(node.statuses).toEqual([400]);
    expect(h1ref.statuses).toEqual([200]);
    expect(h1ref.echoes[0]!.method).toBe('FROBNICATE');
  });

  it('a lower-case method: node:http rejects; h1ref keeps it, case-sensitive (RFC 9110 §9.1)', async () => {
    const { node, h1ref } = await both(`get / HTTP/1.1\r\n${H}${C}\r\n`);
    expect(node.statuses).toEqual([400]);
    expect(h1ref.echoes.map((e) => e.method)).toEqual(['get']);
  });

  it('HTTP/1.2: node:http rejects; h1ref treats it as 1.1 (RFC 9110 §6.2: a higher minor version is understood as the highest supported)', async () => {
    const { node, h1ref } = await both(`GET / HTTP/1.2\r\n${H}${C}\r\n`);
    expect(node.statuses).toEqual([400]);
    expect(h1ref.statuses).toEqual([200]);
    expect(h1ref.echoes[0]!.version).toBe('1.1');
  });

  it('Transfer-Encoding in HTTP/1.0: node:http decodes chunked; h1ref answers 400 (RFC 9112 §6.1: MUST treat the framing as faulty)', async () => {
    const { node, h1ref } = await both('POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(node.statuses).toEqual([200]);
    expect(h1ref.statuses).toEqual([400]);
  });

  it('HTTP/1.0 keep-alive: node:http answers close-delimited and closes; h1ref sends Content-Length, confirms keep-alive and answers the next request (RFC 9112 §9.3)', async () => {
    const bytes = 'GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n';
    const { node, h1ref } = await both(bytes);
    expect(node.statuses).toEqual([200]);
    expect(h1ref.echoes.map((e) => e.target)).toEqual(['/1', '/2']);
    const detail = await raw(h1.port, bytes);
    expect(detail.responses[0]!.headers).toContainEqual(['Connection', 'keep-alive']);
    expect(detail.responses[1]!.headers).toContainEqual(['Connection', 'close']);
  });

  it('an Upgrade nobody handles: both answer as HTTP/1.1; node:http then stops parsing, h1ref goes on with the next request (RFC 9110 §7.8: a server MAY ignore Upgrade)', async () => {
    const bytes = `GET /ws HTTP/1.1\r\n${H}Upgrade: websocket\r\nConnection: Upgrade\r\n\r\nGET /after HTTP/1.1\r\n${H}${C}\r\n`;
    const first = await both(bytes, 1);
    expect(first.h1ref.echoes[0]).toEqual(first.node.echoes[0]);
    const rest = await raw(h1.port, bytes);
    expect(rest.responses.map((r) => echoOf(r).target)).toEqual(['/ws', '/after']);
  });

  it('CONNECT without a listener: node:http closes without a word; h1ref answers 501 and closes (RFC 9110 §9.3.6, §15.6.2)', async () => {
    const { node, h1ref } = await both('CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n');
    expect(node.statuses).toEqual([]);
    expect(h1ref.statuses).toEqual([501]);
  });

  it('both reject what RFC 9112 lets a server reject: obs-fold, bare LF, TE with CL, missing Host', async () => {
    for (const bytes of [
      `GET / HTTP/1.1\r\n${H}X: a\r\n b\r\n${C}\r\n`,
      `GET / HTTP/1.1\n${H}${C}\n`,
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n${C}\r\n0\r\n\r\n`,
      `GET / HTTP/1.1\r\n${C}\r\n`,
    ]) {
      const { node, h1ref } = await both(bytes);
      expect(node.statuses).toEqual([400]);
      expect(h1ref.statuses).toEqual([400]);
    }
  });
});
