// The server behind a load balancer: `proxyProtocol` reads a PROXY protocol header (HAProxy's specification, v1
// and v2) before the first HTTP byte, over real sockets on 127.0.0.1. A valid header gives the request the
// client's address; anything else closes the connection without a response, is logged, and leaves every other
// connection alone.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createEchoServer } from '../../src/server/echo-formats.js';
import type { AccessLogEntry, ServerOptionsInit } from '../../src/server/options.js';
import { readProxyHeader } from '../../src/wire/proxy-header.js';
import { writeProxyHeaderV1, writeProxyHeaderV2 } from '../../src/writer/proxy-header.js';
import { echoOf, raw, type Running, start } from './support.js';

const GET = (target: string): string => `GET ${target} HTTP/1.1\r\nHost: t\r\n\r\n`;
const client = { transport: 'tcp4', source: { address: '203.0.113.7', port: 40123 }, destination: { address: '198.51.100.2', port: 443 } } as const;
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function proxied(options: ServerOptionsInit = {}): Promise<Running & { log: AccessLogEntry[] }> {
  const log: AccessLogEntry[] = [];
  const server = createEchoServer('h1ref', { host: '127.0.0.1', port: 0, proxyProtocol: 'any', onAccessLog: (e) => log.push(e), ...options });
  const { port } = await server.listen();
  const r = { server, port, origin: `http://127.0.0.1:${port}`, close: () => server.close(1000), log };
  running.push(r);
  return r;
}

describe('proxyProtocol', () => {
  it('v1: the request carries the client address from the header; the echo shows the header and the balancer', async () => {
    const { port } = await proxied();
    const r = await raw(port, [writeProxyHeaderV1(client), GET('/a')], { responses: 1 });
    const echo = echoOf(r.responses[0]!) as ReturnType<typeof echoOf> & { proxy?: Record<string, unknown> };
    expect(echo.target).toBe('/a');
    expect(echo.proxy).toMatchObject({ version: 1, command: 'proxy', transport: 'tcp4', source: client.source, destination: client.destination, via: { address: '127.0.0.1' } });
  });

  it('the handler sees request.remoteAddress and request.remote from the header', async () => {
    const seen: unknown[] = [];
    const r = await start(async (req, res) => {
      seen.push({ address: req.remoteAddress, port: req.remotePort, proxy: req.remote.proxy?.header.version });
      await res.end('ok');
    }, { proxyProtocol: 'v2' });
    running.push(r);
    await raw(r.port, [writeProxyHeaderV2(client), GET('/')], { responses: 1 });
    expect(seen).toEqual([{ address: '203.0.113.7', port: 40123, proxy: 2 }]);
  });

  it('v2 with TLVs, split byte by byte across reads, then two pipelined requests: both answered, in order', async () => {
    const { port } = await proxied({ proxyProtocol: 'v2' });
    const header = writeProxyHeaderV2(client, Uint8Array.of(0x04, 0x00, 0x02, 0xaa, 0xbb)); // a NOOP TLV, skipped
    const pieces = [...header].map((b) => Uint8Array.of(b));
    const r = await raw(port, [...pieces, GET('/1') + GET('/2')], { responses: 2, delayMs: 1 });
    expect(r.responses.map((x) => echoOf(x).target)).toEqual(['/1', '/2']);
    expect((echoOf(r.responses[1]!) as { proxy?: { source?: unknown } }).proxy?.source).toEqual(client.source);
  });

  it('a LOCAL header (a health check) keeps the socket peer as the client', async () => {
    const seen: string[] = [];
    const r = await start(async (req, res) => {
      seen.push(`${req.remoteAddress}:${req.remote.proxy?.header.command}`);
      await res.end('ok');
    }, { proxyProtocol: 'v2' });
    running.push(r);
    await raw(r.port, [writeProxyHeaderV2({ transport: 'unspecified' }), GET('/')], { responses: 1 });
    expect(seen).toEqual(['127.0.0.1:local']);
  });

  it.each([
    ['no header at all', GET('/')],
    ['a malformed v1 line', 'PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n' + GET('/')],
    ['a v2 header with an unassigned command', Buffer.concat([writeProxyHeaderV2(client).subarray(0, 12), Buffer.from([0x2f, 0x11, 0, 12]), Buffer.alloc(12), Buffer.from(GET('/'))])],
  ])('%s: closed without a response, logged, and the next connection is served', async (_what, bytes) => {
    const { port, log } = await proxied();
    const r = await raw(port, bytes);
    expect(r.bytes.length).toBe(0);
    expect(r.closedByServer).toBe(true);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: '-', status: 0, remoteAddress: '127.0.0.1', time: expect.any(Number), error: { code: 'INVALID_PROXY_HEADER' } });
    const ok = await raw(port, [writeProxyHeaderV1(client), GET('/next')], { responses: 1 });
    expect(echoOf(ok.responses[0]!).target).toBe('/next');
  });

  it('a header cut short by the client\'s end, or never finished, is closed and logged', async () => {
    const { port, log } = await proxied({ headersTimeout: 200 });
    const truncated = await raw(port, 'PROXY TCP4 1.2.3.4', { halfClose: true });
    expect(truncated.bytes.length).toBe(0);
    // No end: the header timeout closes it.
    const stalled = await raw(port, Buffer.from(writeProxyHeaderV2(client).subarray(0, 20)));
    expect(stalled.bytes.length).toBe(0);
    expect(stalled.closedByServer).toBe(true);
    expect(log.map((e) => e.error?.message)).toEqual([
      expect.stringContaining('ended after 18 bytes'),
      expect.stringContaining('no complete PROXY header within 200 ms'),
    ]);
  });

  it('a shutdown does not wait for a connection still sending its header', async () => {
    const { server, port } = await proxied();
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    socket.write('PROXY TCP4 ');
    const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
    socket.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    await server.close(60_000);
    await closed;
    expect(server.stats.open).toBe(0);
  });

  it('property: any first bytes get an answer only after a valid header, and the server keeps serving', async () => {
    const { port } = await proxied();
    const valid = fc.oneof(
      fc.constant(writeProxyHeaderV1(client)),
      fc.constant(writeProxyHeaderV2(client)),
    );
    const first = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(valid, fc.nat(30), fc.nat(255)).map(([h, at, b]) => { const c = Uint8Array.from(h); c[at % c.length] = b; return c; }),
      valid,
    );
    await fc.assert(fc.asyncProperty(first, async (bytes) => {
      const sent = Buffer.concat([bytes, Buffer.from(GET('/p'))]);
      const r = await raw(port, sent, { halfClose: true });
      // The socket-free reader is the oracle: an answer (whatever HTTP follows) exactly when the bytes begin with
      // a valid header; otherwise not one byte.
      if (readProxyHeader(sent, 'any').state === 'done') expect(r.responses.length).toBeGreaterThan(0);
      else expect(r.bytes.length).toBe(0);
      const ok = await raw(port, [writeProxyHeaderV1(client), GET('/alive')], { responses: 1 });
      expect(echoOf(ok.responses[0]!).target).toBe('/alive');
    }), { numRuns: 40 });
  });
});
