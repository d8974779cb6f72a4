// End to end with undici 7 (a client nobody here wrote, whose llhttp parser is strict about what we send) against
// a real server listening on 127.0.0.1.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Pool, request } from 'undici';
import type { Handler } from '../../src/server/connection.js';
import { ConnectionClosedError } from '../../src/server/http-error.js';
import type { RequestBody } from '../../src/server/request-body.js';
import { echoOf, parseResponses, raw, start, until, type Running } from './support.js';

type Echo = ReturnType<typeof echoOf>;
const decode = (e: Echo): string => Buffer.from(e.body, 'base64').toString('latin1');

let echo: Running;
beforeAll(async () => {
  echo = await start();
});
afterAll(() => echo.close());

describe('undici against the echo handler', () => {
  it('GET: method, target, version and headers as sent', async () => {
    const res = await request(`${echo.origin}/path?q=1`, { headers: { 'x-one': '1', 'X-Two': ' padded ' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['date']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const doc = (await res.body.json()) as Echo;
    expect(doc.method).toBe('GET');
    expect(doc.target).toBe('/path?q=1');
    expect(doc.version).toBe('1.1');
    expect(doc.headers).toContainEqual(['x-one', '1']);
    expect(doc.trailers).toEqual([]);
    expect(doc.body).toBe('');
  });

  it('HEAD: the head a GET gets (Content-Length included), no body (RFC 9110 §9.3.2)', async () => {
    const head = await request(`${echo.origin}/same`, { method: 'HEAD' });
    expect(head.statusCode).toBe(200);
    expect(await head.body.text()).toBe('');
    expect(head.headers['content-type']).toBe('application/json');
    // The echo of this very request, had it been sent with GET, is one byte shorter ("GET" vs "HEAD").
    const server = await start(async (req, res) => {
      res.headers.set('Content-Type', 'text/plain');
      await res.end('ten bytes!');
    });
    try {
      const h = await request(server.origin, { method: 'HEAD' });
      const g = await request(server.origin, { method: 'GET' });
      expect(await h.body.text()).toBe('');
      expect(await g.body.text()).toBe('ten bytes!');
      expect(h.headers['content-length']).toBe('10');
      // undici sends HEAD with `Connection: close` (undici#258), which the response confirms; otherwise equal.
      expect(h.headers['connection']).toBe('close');
      expect({ ...h.headers, date: '', connection: '' }).toEqual({ ...g.headers, date: '', connection: '' });
    } finally {
      await server.close();
    }
  });

  it('POST with Content-Length', async () => {
    const res = await request(`${echo.origin}/upload`, { method: 'POST', body: 'hello, world', headers: { 'content-type': 'text/plain' } });
    const doc = (await res.body.json()) as Echo;
    expect(doc.method).toBe('POST');
    expect(doc.headers).toContainEqual(['content-length', '12']);
    expect(decode(doc)).toBe('hello, world');
  });

  it('POST with a streamed (chunked) body', async () => {
    async function* parts() {
      for (let i = 0; i < 5; i++) yield Buffer.from(`part ${i};`);
    }
    const res = await request(`${echo.origin}/stream`, { method: 'POST', body: Readable.from(parts()) });
    const doc = (await res.body.json()) as Echo;
    expect(doc.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && v === 'chunked')).toBe(true);
    expect(decode(doc)).toBe('part 0;part 1;part 2;part 3;part 4;');
  });

  it('keep-alive: many requests reuse one socket (counted server-side)', async () => {
    const server = await start();
    const client = new Client(server.origin);
    try {
      for (let i = 0; i < 20; i++) {
        const res = await client.request({ path: `/${i}`, method: 'GET' });
        expect(((await res.body.json()) as Echo).target).toBe(`/${i}`);
      }
      expect(server.server.stats.accepted).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('Pool: requests spread over a bounded set of persistent connections', async () => {
    const server = await start();
    const pool = new Pool(server.origin, { connections: 3 });
    try {
      const results = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        const res = await pool.request({ path: `/p${i}`, method: 'GET' });
        return ((await res.body.json()) as Echo).target;
      }));
      expect(results).toEqual(Array.from({ length: 30 }, (_, i) => `/p${i}`));
      expect(server.server.stats.accepted).toBeLessThanOrEqual(3);
    } finally {
      await pool.close();
      await server.close();
    }
  });

  it('pipelining depth 10: responses strictly in request order even when later handlers finish first', async () => {
    // What the server held at once: requests parsed and waiting (more than one: undici really pipelined), and
    // responses being produced (one: a handler counts from its start until it ends its response).
    let mostQueued = 0;
    let answering = 0;
    let mostAnswering = 0;
    let stats = (): number => 0;
    const handler: Handler = async (req, res) => {
      mostAnswering = Math.max(mostAnswering, ++answering);
      const n = Number(req.target.slice(1));
      // Earlier requests take longer: a server that answered as handlers finish would reorder.
      await new Promise((r) => setTimeout(r, (10 - (n % 10)) * 2));
      mostQueued = Math.max(mostQueued, stats());
      res.headers.set('X-N', String(n));
      answering--;
      await res.end(req.target);
    };
    const server = await start(handler);
    stats = () => server.server.stats.queued;
    const client = new Client(server.origin, { pipelining: 10 });
    try {
      const all = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
        // blocking: false, or undici holds every later request until the response head before it has come.
        const res = await client.request({ path: `/${i}`, method: 'GET', blocking: false });
        return [res.headers['x-n'], await res.body.text()];
      }));
      expect(all).toEqual(Array.from({ length: 40 }, (_, i) => [String(i), `/${i}`]));
      expect(server.server.stats.accepted).toBe(1);
      expect(mostQueued).toBeGreaterThan(1);
      expect(mostAnswering).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  // undici 7's `expectContinue` applies to HTTP/2 only (and it refuses an explicit Expect header), so the
  // HTTP/1.1 client here is node:http's, another implementation nobody here wrote.
  it('Expect: 100-continue from node:http: the client gets 100, then sends the body, which is echoed', async () => {
    const result = await new Promise<{ continued: boolean; status: number; body: string }>((resolve, reject) => {
      let continued = false;
      const req = http.request({ host: '127.0.0.1', port: echo.port, method: 'PUT', path: '/continue', headers: { Expect: '100-continue', 'Content-Length': '13' } });
      req.on('continue', () => {
        continued = true;
        req.end('after the 100');
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ continued, status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(result.continued).toBe(true);
    expect(result.status).toBe(200);
    const doc = JSON.parse(result.body) as Echo;
    expect(doc.headers).toContainEqual(['Expect', '100-continue']);
    expect(decode(doc)).toBe('after the 100');
  });

  it('response trailers after a chunked body (RFC 9112 §7.1.2)', async () => {
    const server = await start(async (_req, res) => {
      const hash = createHash('sha256');
      for (const piece of ['one ', 'two ', 'three']) {
        hash.update(piece);
        await res.write(piece);
      }
      await res.end(undefined, [['X-Checksum', hash.digest('hex')]]);
    });
    try {
      const res = await request(server.origin);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      const text = await res.body.text();
      expect(text).toBe('one two three');
      expect(res.trailers['x-checksum']).toBe(createHash('sha256').update('one two three').digest('hex'));
    } finally {
      await server.close();
    }
  });
});

describe('100-continue on the wire', () => {
  it('100 Continue is sent when the handler starts reading, before the final response', async () => {
    const head = `POST /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n`;
    const net = await import('node:net');
    const socket = net.connect(echo.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.write(head);
    await until(() => Buffer.concat(chunks).toString('latin1').includes('\r\n\r\n'), '100 Continue');
    expect(Buffer.concat(chunks).toString('latin1')).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    socket.write('hello');
    await new Promise((r) => socket.on('close', r));
    const { responses } = parseResponses(Buffer.concat(chunks));
    expect(responses.map((r) => r.status)).toEqual([100, 200]);
    expect(decode(echoOf(responses[1]!))).toBe('hello');
  });

  it('a handler that answers without reading gets no 100, and the connection closes (RFC 9110 §10.1.1)', async () => {
    const server = await start(async (_req, res) => {
      res.status = 403;
      await res.end('no\n');
    });
    try {
      const result = await raw(server.port, `PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n`);
      expect(result.responses.map((r) => r.status)).toEqual([403]);
      expect(result.responses[0]!.headers).toContainEqual(['Connection', 'close']);
      expect(result.closedByServer).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('HTTP/1.0 with Expect: 100-continue: the expectation is ignored, not refused (RFC 9110 §10.1.1)', async () => {
    const result = await raw(echo.port, `POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi`);
    expect(result.responses.map((r) => r.status)).toEqual([200]);
  });
});

describe('large bodies with bounded memory', () => {
  const CHUNK = Buffer.alloc(64 * 1024, 0x61);
  const TOTAL_CHUNKS = 800; // 50 MiB

  // Live memory, not garbage waiting for a collection: collect before each sample.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  // The client and the server share this process, and its first large transfer grows the heap and the allocator's
  // pools once and for all (more so when this test runs alone, in a cold process): measure after one.
  async function warmUp(origin: string, init: Parameters<typeof request>[1] = {}): Promise<void> {
    const res = await request(origin, init);
    for await (const _ of res.body) {
      // drained
    }
  }

  function sampler() {
    gc();
    const base = process.memoryUsage();
    let peakArrayBuffers = 0;
    let peakRss = 0;
    const timer = setInterval(() => {
      gc();
      const now = process.memoryUsage();
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers - base.arrayBuffers);
      peakRss = Math.max(peakRss, now.rss - base.rss);
    }, 25);
    return {
      stop() {
        clearInterval(timer);
        return { peakArrayBuffers, peakRss };
      },
    };
  }

  it('a 50 MB streamed upload: the handler sees every byte while memory stays far below 50 MB', async () => {
    let maxBuffered = 0;
    const server = await start(async (req, res) => {
      let n = 0;
      const hash = createHash('sha256');
      for await (const chunk of req.body) {
        n += chunk.length;
        hash.update(chunk);
        maxBuffered = Math.max(maxBuffered, (req.body as RequestBody).buffered);
        // A slowish consumer, so the server has to stop reading rather than buffer.
        if (n % (4 * 1024 * 1024) < chunk.length) await new Promise((r) => setTimeout(r, 5));
      }
      await res.end(`${n} ${hash.digest('hex')}`);
    }, { limits: { maxBodyBytes: 64 * 1024 * 1024 } });
    const expectedHash = createHash('sha256');
    for (let i = 0; i < TOTAL_CHUNKS; i++) expectedHash.update(CHUNK);
    async function* upload(chunks: number) {
      for (let i = 0; i < chunks; i++) yield CHUNK;
    }
    await warmUp(server.origin, { method: 'POST', body: Readable.from(upload(TOTAL_CHUNKS / 8)) });
    maxBuffered = 0;
    const memory = sampler();
    try {
      const res = await request(server.origin, { method: 'POST', body: Readable.from(upload(TOTAL_CHUNKS)) });
      expect(await res.body.text()).toBe(`${CHUNK.length * TOTAL_CHUNKS} ${expectedHash.digest('hex')}`);
    } finally {
      const { peakArrayBuffers, peakRss } = memory.stop();
      await server.close();
      // What the server held unconsumed never passed the high-water mark plus one socket read.
      expect(maxBuffered).toBeLessThanOrEqual(64 * 1024 + 64 * 1024);
      expect(peakArrayBuffers).toBeLessThan(24 * 1024 * 1024);
      expect(peakRss).toBeLessThan(40 * 1024 * 1024);
    }
  });

  it('a 50 MB streamed download: write() backpressure keeps memory far below 50 MB', async () => {
    let maxBuffered = 0;
    const server = await start(async (req, res) => {
      const chunks = req.target === '/warm-up' ? TOTAL_CHUNKS / 8 : TOTAL_CHUNKS;
      for (let i = 0; i < chunks; i++) await res.write(CHUNK);
      await res.end();
    });
    await warmUp(`${server.origin}/warm-up`);
    const observe = setInterval(() => {
      // Server-side: what the socket holds waiting for the client.
      for (const c of (server.server as unknown as { connections: Set<{ socket: { writableLength: number } }> }).connections) {
        maxBuffered = Math.max(maxBuffered, c.socket.writableLength);
      }
    }, 2);
    const memory = sampler();
    try {
      const res = await request(server.origin);
      let n = 0;
      for await (const chunk of res.body) {
        n += (chunk as Buffer).length;
        // A slowish consumer, so backpressure actually engages.
        if (n % (4 * 1024 * 1024) < (chunk as Buffer).length) await new Promise((r) => setTimeout(r, 5));
      }
      expect(n).toBe(CHUNK.length * TOTAL_CHUNKS);
    } finally {
      clearInterval(observe);
      const { peakArrayBuffers, peakRss } = memory.stop();
      await server.close();
      expect(maxBuffered).toBeLessThanOrEqual(2 * (CHUNK.length + 16));
      expect(peakArrayBuffers).toBeLessThan(24 * 1024 * 1024);
      expect(peakRss).toBeLessThan(40 * 1024 * 1024);
    }
  });
});

describe('failures in flight', () => {
  it('a client aborting mid-body: the handler sees the body fail, the server lives on', async () => {
    let failure: unknown = null;
    let sawBytes = 0;
    const server = await start(async (req, res) => {
      try {
        for await (const chunk of req.body) sawBytes += chunk.length;
      } catch (error) {
        failure = error;
        throw error;
      }
      await res.end('done');
    });
    try {
      const controller = new AbortController();
      async function* body() {
        for (let i = 0; i < 100; i++) {
          yield Buffer.alloc(16 * 1024, 0x62);
          if (i === 10) {
            await until(() => sawBytes > 0, 'the first body bytes');
            controller.abort();
          }
        }
      }
      await expect(request(server.origin, { method: 'POST', body: Readable.from(body()), signal: controller.signal })).rejects.toThrow();
      await until(() => failure !== null, 'the handler to see the failure');
      expect(failure instanceof ConnectionClosedError || (failure as { code?: string }).code === 'INCOMPLETE_MESSAGE').toBe(true);
      await until(() => server.server.stats.open === 0, 'the connection to close');
      const res = await request(server.origin, { method: 'POST', body: 'x' });
      expect(await res.body.text()).toBe('done');
    } finally {
      await server.close();
    }
  });

  it('a handler that throws before sending → 500 and the server goes on; after sending → the connection is aborted', async () => {
    const server = await start(async (req, res) => {
      if (req.target === '/early') throw new Error('boom');
      if (req.target === '/late') {
        await res.write('partial');
        throw new Error('boom after sending');
      }
      await res.end('fine');
    });
    try {
      const early = await request(`${server.origin}/early`);
      expect(early.statusCode).toBe(500);
      expect(await early.body.text()).toContain('HANDLER_ERROR');
      const late = await request(`${server.origin}/late`);
      expect(late.statusCode).toBe(200);
      await expect(late.body.text()).rejects.toThrow();
      expect(await (await request(`${server.origin}/ok`)).body.text()).toBe('fine');
    } finally {
      await server.close();
    }
  });

  it('shutdown with requests in flight: idle connections close now, in-flight ones finish with Connection: close, then close() resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const server = await start(async (req, res) => {
      if (req.target === '/slow') {
        started++;
        await gate;
      }
      await res.end(req.target);
    });
    const idle = new Client(server.origin);
    const busy = Array.from({ length: 3 }, () => new Client(server.origin));
    try {
      await (await idle.request({ path: '/warm', method: 'GET' })).body.text();
      const inFlight = busy.map(async (c) => {
        const res = await c.request({ path: '/slow', method: 'GET' });
        return { status: res.statusCode, connection: res.headers['connection'], body: await res.body.text() };
      });
      await until(() => started === 3, 'three handlers to start');
      expect(server.server.stats.open).toBe(4);
      let closed = false;
      const closing = server.server.close(10_000).then(() => (closed = true));
      // The idle keep-alive connection goes at once; the busy ones stay.
      await until(() => server.server.stats.open === 3, 'the idle connection to close');
      expect(closed).toBe(false);
      // No new connections are served while closing.
      await expect(request(`${server.origin}/new`)).rejects.toThrow();
      release();
      const results = await Promise.all(inFlight);
      expect(results).toEqual(Array.from({ length: 3 }, () => ({ status: 200, connection: 'close', body: '/slow' })));
      await closing;
      expect(closed).toBe(true);
      expect(server.server.stats.open).toBe(0);
    } finally {
      release();
      await Promise.all([idle, ...busy].map((c) => c.destroy()));
    }
  });

  it('shutdown deadline: a handler that never finishes is cut off when the deadline passes', async () => {
    let started = false;
    const server = await start(async () => {
      started = true;
      await new Promise(() => {});
    });
    const pending = request(server.origin).catch((e: unknown) => e);
    await until(() => started, 'the handler to start');
    await server.server.close(100);
    expect(server.server.stats.open).toBe(0);
    expect(await pending).toBeInstanceOf(Error);
  });
});
