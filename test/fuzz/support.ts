// Test targets for the fuzzer: h1ref's strict echo server, and lenient servers made from it by putting one
// leniency in front — a rewrite of the request bytes before the strict server reads them. Each such server reads
// one construct the way a lenient implementation would (a bare LF as a line ending, whitespace before a colon
// ignored, a chunked coding that is not last still decoded) and is strict about everything else, so the fuzzer
// must find exactly that leniency. All listen on 127.0.0.1 on ports of their own.
import http from 'node:http';
import net from 'node:net';
import { createEchoServer } from '../../src/server/echo-formats.js';
import type { H1Server } from '../../src/server/server.js';

/** A running test target. */
export interface TestTarget {
  readonly port: number;
  close(): Promise<void>;
}

/** h1ref's echo server (strict unless `lenient` says otherwise). */
export async function strictEcho(lenient: { bareLineFeed?: boolean } = {}): Promise<TestTarget & { server: H1Server }> {
  const server = createEchoServer('h1ref', { host: '127.0.0.1', port: 0, lenient });
  const address = await server.listen();
  return { server, port: address.port, close: () => server.close() };
}

/**
 * A lenient server (and, with `diesOn`, one that crashes — stops listening and resets every connection — the
 * first time a request matches it): `rewrite` is applied to the head of each request stream (the bytes up to and including the
 * first empty line, or everything when there is none), and the result is given to a strict h1ref echo server
 * behind it. The rewrite sees the bytes as a latin1 string. Bytes are collected until the client pauses (5 ms)
 * so that a rewrite sees whole lines however the client cut them.
 */
export async function lenientFront(rewrite: (text: string) => string, diesOn?: RegExp): Promise<TestTarget> {
  const backend = await strictEcho();
  const sockets = new Set<net.Socket>();
  const front = net.createServer({ allowHalfOpen: true }, (client) => {
    sockets.add(client);
    const upstream = net.connect({ host: '127.0.0.1', port: backend.port, allowHalfOpen: true });
    sockets.add(upstream);
    let pending = '';
    let timer: NodeJS.Timeout | null = null;
    const flush = (): void => {
      timer = null;
      if (pending.length === 0) return;
      upstream.write(Buffer.from(rewrite(pending), 'latin1'));
      pending = '';
    };
    client.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      if (diesOn?.test(pending) === true) {
        // A crash: the listener goes away and every connection is reset.
        front.close();
        for (const s of sockets) s.destroy();
        return;
      }
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(flush, 5);
    });
    client.on('end', () => {
      if (timer !== null) clearTimeout(timer);
      flush();
      upstream.end();
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    upstream.on('end', () => client.end());
    const drop = (): void => {
      if (timer !== null) clearTimeout(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((ok) => front.listen(0, '127.0.0.1', ok));
  const port = (front.address() as net.AddressInfo).port;
  return {
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => front.close(() => ok()));
      await backend.close();
    },
  };
}

/** Applies `edit` to every head in the stream (text before each `\r\n\r\n` or `\n\n`), leaving bodies alone. */
function inHeads(text: string, edit: (head: string) => string): string {
  // Only the first head is rewritten: enough for the leniencies below, and it keeps bodies byte-exact.
  const end = text.search(/\r?\n\r?\n/);
  if (end === -1) return edit(text);
  return edit(text.slice(0, end)) + text.slice(end);
}

/** A bare LF ends a line in the head (RFC 9112 §2.2 lets a recipient do that; h1ref does not by default). */
export const bareLineFeed = (text: string): string => inHeads(text, (h) => h.replace(/(?<!\r)\n/g, '\r\n'));

/** Whitespace between a field name and its colon is dropped (RFC 9112 §5.1 says such a request MUST be refused). */
export const spaceBeforeColon = (text: string): string => inHeads(text, (h) => h.replace(/^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]+:/gm, '$1:'));

/** A Transfer-Encoding whose list holds `chunked` anywhere is read as `chunked` (RFC 9112 §6.3: not last means no chunked framing). */
export const chunkedNotLast = (text: string): string => inHeads(text, (h) => h.replace(/^(transfer-encoding:[ \t]*)([^\r\n]*\bchunked\b[^\r\n]*)$/gim, '$1chunked'));

/** Adds a header field to every request: a benign quirk (the Garden's `added-headers`), not a discrepancy. */
export const addsHeader = (text: string): string => text.replace(/^([^\r\n]*\r?\n)/, '$1X-Added-By-Front: 1\r\n');

/**
 * node:http answering every request 200 with h1ref's JSON echo (from rawHeaders, so order, case and duplicates
 * survive); with `insecure`, llhttp's lenient parser (`insecureHTTPParser`), a real lenient peer.
 */
export async function nodeEcho(insecure = false): Promise<TestTarget> {
  const pairs = (raw: readonly string[]): [string, string][] => {
    const out: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
    return out;
  };
  const server = http.createServer({ insecureHTTPParser: insecure }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.stringify({
        method: req.method, target: req.url, version: req.httpVersion, headers: pairs(req.rawHeaders),
        trailers: pairs(req.rawTrailers), body: Buffer.concat(chunks).toString('base64'),
      });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
