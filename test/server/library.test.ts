// The server as a library for people who know node:http and fastify (issue 14 §4): an HttpError answers with its
// own body and keeps the connection when the request was read; end() sends a stream with backpressure; the
// server's lifecycle callbacks; listen(port, host); attach(netServer). Real sockets on 127.0.0.1, port 0.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionClosedError, HttpError } from '../../src/server/http-error.js';
import type { AccessLogEntry } from '../../src/server/options.js';
import type { ServerRequest } from '../../src/server/request.js';
import { createServer } from '../../src/server/server.js';
import { ResponseParser } from '../../src/parser/response-parser.js';
import { header, raw, start, until, type Running } from './support.js';

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

describe('HttpError: the handler\'s own answer on a connection that stays open (RFC 9112 §9.3)', () => {
  const log: AccessLogEntry[] = [];
  const reported: unknown[] = [];
  let server: Running;
  beforeAll(async () => {
    server = await start(async (req, res) => {
      res.headers.set('X-Partial', 'set before the throw');
      switch (req.target) {
        case '/json':
          throw new HttpError(404, 'no such user', {
            body: JSON.stringify({ error: 'not found', id: 7 }),
            contentType: 'application/json',
            headers: [['X-Error-Id', 'e7']],
          });
        case '/plain':
          throw new HttpError(401, 'sign in first', { headers: [['WWW-Authenticate', 'Basic realm="x"']] });
        case '/bad-field':
          throw new HttpError(400, 'x', { headers: [['X-Evil', 'a\r\nSet-Cookie: stolen=1']] });
        case '/refuse-body':
          // Refuses before reading the body (RFC 9110 §15.5.14: too large).
          throw new HttpError(413, 'too large');
        case '/json-body':
          await req.json();
          throw new HttpError(422, 'read, then refused');
        default:
          await res.end('ok ' + req.target);
      }
    }, { onAccessLog: (entry) => log.push(entry), onHandlerError: (error) => reported.push(error), lingerTimeout: 200 });
  });
  afterAll(() => server.close());

  it('undici: the body, type and fields arrive as given; the same connection serves the next request', async () => {
    const client = new Client(server.origin, { pipelining: 1 });
    try {
      const first = await client.request({ path: '/json', method: 'GET' });
      expect(first.statusCode).toBe(404);
      expect(first.headers['content-type']).toBe('application/json');
      expect(first.headers['x-error-id']).toBe('e7');
      expect(first.headers['x-partial']).toBeUndefined();
      expect(first.headers.connection).toBeUndefined();
      expect(await first.body.json()).toEqual({ error: 'not found', id: 7 });
      const second = await client.request({ path: '/after', method: 'GET' });
      expect(second.statusCode).toBe(200);
      expect(await second.body.text()).toBe('ok /after');
      // One connection for both.
      expect(server.server.stats.accepted).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('raw: two requests on one socket, an HttpError between them, no Connection: close; the message as text/plain by default', async () => {
    const r = await raw(server.port, [get('/plain'), get('/json-after-plain', 'Connection: close\r\n')]);
    expect(r.responseError).toBeNull();
    expect(r.responses.map((x) => x.status)).toEqual([401, 200]);
    const [refused, next] = r.responses;
    expect(header(refused!, 'connection')).toBeUndefined();
    expect(header(refused!, 'content-type')).toBe('text/plain; charset=utf-8');
    expect(header(refused!, 'www-authenticate')).toBe('Basic realm="x"');
    expect(refused!.body.toString()).toBe('sign in first\n');
    expect(next!.body.toString()).toBe('ok /json-after-plain');
  });

  it('a request whose body was read completely keeps the connection too', async () => {
    const r = await raw(server.port, [`POST /json-body HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{"a":1}`, get('/next', 'Connection: close\r\n')]);
    expect(r.responses.map((x) => x.status)).toEqual([422, 200]);
  });

  it('HEAD: the head alone, and the connection goes on', async () => {
    const r = await raw(server.port, `HEAD /json HTTP/1.1\r\nHost: x\r\n\r\n${get('/x', 'Connection: close\r\n')}`, { methods: ['HEAD', 'GET'] });
    expect(r.responseError).toBeNull();
    expect(r.responses.map((x) => x.status)).toEqual([404, 200]);
    expect(header(r.responses[0]!, 'content-length')).toBe(String(JSON.stringify({ error: 'not found', id: 7 }).length));
    expect(r.responses[0]!.body.length).toBe(0);
  });

  it('a request whose body has not all arrived: Connection: close and a lingering close, not a read of the rest (RFC 9110 §15.5.14, RFC 9112 §9.6)', async () => {
    const r = await raw(server.port, `POST /refuse-body HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n${'x'.repeat(100)}`);
    expect(r.responses.map((x) => x.status)).toEqual([413]);
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.responses[0]!.body.toString()).toBe('too large\n');
    expect(r.closedByServer).toBe(true);
  });

  it('an invalid field in the error → 500, nothing of it on the wire, reported', async () => {
    const before = reported.length;
    const r = await raw(server.port, get('/bad-field'));
    expect(r.responses.map((x) => x.status)).toEqual([500]);
    expect(r.bytes.toString('latin1')).not.toMatch(/stolen|X-Evil/);
    expect(reported.length).toBe(before + 1);
  });

  it('the access log names the rejection: REJECTED_BY_HANDLER with the status sent', async () => {
    await raw(server.port, get('/plain', 'Connection: close\r\n'));
    const entry = log.filter((e) => e.target === '/plain').at(-1)!;
    expect(entry.status).toBe(401);
    expect(entry.error).toEqual({ code: 'REJECTED_BY_HANDLER', message: 'sign in first' });
  });

  it('new HttpError(status) alone: the reason phrase as the message; a status outside 400-599 becomes 500', () => {
    expect(new HttpError(404).message).toBe('Not Found');
    expect(new HttpError(302, 'x').status).toBe(500);
  });
});

/** A Readable of `total` bytes in `size`-byte pieces that counts what it produced. */
function counted(total: number, size = 64 * 1024): { stream: Readable; produced: () => number; reads: () => number } {
  let produced = 0;
  let reads = 0;
  const piece = Buffer.alloc(size, 0x61);
  const stream = new Readable({
    read() {
      reads++;
      if (produced >= total) {
        this.push(null);
        return;
      }
      const n = Math.min(size, total - produced);
      produced += n;
      this.push(n === size ? piece : piece.subarray(0, n));
    },
  });
  return { stream, produced: () => produced, reads: () => reads };
}

async function* pieces(...list: (string | Uint8Array | Error)[]): AsyncGenerator<string | Uint8Array> {
  for (const item of list) {
    await new Promise((r) => setImmediate(r));
    if (item instanceof Error) throw item;
    yield item;
  }
}

describe('end(stream): a Readable or async iterable, with backpressure (RFC 9112 §6, §7.1)', () => {
  const reported: unknown[] = [];
  const rejections: unknown[] = [];
  const streams: ReturnType<typeof counted>[] = [];
  let server: Running;
  beforeAll(async () => {
    server = await start(async (req, res) => {
      const path = req.target;
      try {
        switch (path) {
          case '/big': {
            const source = counted(64 * 1024 * 1024);
            streams.push(source);
            await res.end(source.stream);
            return;
          }
          case '/readable': {
            const source = counted(200_000, 7_000);
            streams.push(source);
            await res.end(source.stream);
            return;
          }
          case '/strings':
            await res.end(pieces('one,', '', 'two,', Buffer.from('three')), [['X-Sum', '3']]);
            return;
          case '/length':
            res.headers.set('Content-Length', '11');
            await res.end(pieces('hello', ' ', 'world'));
            return;
          case '/length-over':
            res.headers.set('Content-Length', '10');
            await res.end(pieces('abcdef', 'ghijklmnop'));
            return;
          case '/length-under':
            res.headers.set('Content-Length', '10');
            await res.end(pieces('abc'));
            return;
          case '/fails':
            await res.end(pieces('first piece,', 'second piece,', new Error('the disk went away')));
            return;
          case '/fails-at-once':
            await res.end(pieces(new Error('no such file')));
            return;
          case '/http-error-at-once':
            await res.end(pieces(new HttpError(404, 'no such file')));
            return;
          case '/not-awaited':
            void res.end(pieces('a', new Error('nobody is listening')));
            return;
          case '/empty':
            await res.end(pieces());
            return;
          case '/not-bytes':
            await res.end(pieces('x', 42 as unknown as string));
            return;
          default:
            await res.end('ok');
        }
      } catch (error) {
        rejections.push(error);
        throw error;
      }
    }, { onHandlerError: (error) => reported.push(error), lingerTimeout: 200 });
  });
  afterAll(() => server.close());

  it('a large body to a client that does not read: the stream is paused, not buffered; then all of it arrives, chunked', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.pause();
    socket.write(get('/big', 'Connection: close\r\n'));
    await until(() => streams.length === 1 && streams[0]!.produced() > 0, 'the stream to start');
    const source = streams[0]!;
    // Wait until the producer stops: the same count over 20 turns of 25 ms.
    let last = -1;
    let same = 0;
    while (same < 20) {
      await new Promise((r) => setTimeout(r, 25));
      const now = source.produced();
      same = now === last ? same + 1 : 0;
      last = now;
    }
    // What was produced is what the kernel's buffers and the stream's high-water mark hold: a few MiB, not 64.
    expect(last).toBeLessThan(24 * 1024 * 1024);
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    socket.resume();
    await once(socket, 'close');
    const parser = new ResponseParser({ limits: { maxBodyBytes: 128 * 1024 * 1024 } });
    let bodyBytes = 0;
    const events = [...parser.push(Buffer.concat(received)), ...parser.finish()];
    for (const event of events) if (event.type === 'data') bodyBytes += event.data.length;
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(events.some((e) => e.type === 'head' && e.head.fields.get('transfer-encoding') === 'chunked')).toBe(true);
    expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
    expect(bodyBytes).toBe(64 * 1024 * 1024);
    expect(source.produced()).toBe(64 * 1024 * 1024);
  });

  it('undici reads a Readable\'s bytes in order', async () => {
    const client = new Client(server.origin);
    try {
      const response = await client.request({ path: '/readable', method: 'GET' });
      const body = Buffer.from(await response.body.arrayBuffer());
      expect(response.headers['transfer-encoding']).toBe('chunked');
      expect(body.length).toBe(200_000);
      expect(body.every((b) => b === 0x61)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('strings and bytes from an async generator, empty pieces skipped, trailers after the last chunk', async () => {
    const r = await raw(server.port, get('/strings', 'Connection: close\r\n'));
    expect(r.responseError).toBeNull();
    expect(r.responses[0]!.body.toString()).toBe('one,two,three');
    expect(r.responses[0]!.trailers).toEqual([['X-Sum', '3']]);
  });

  it('an empty stream: an empty body with Content-Length: 0', async () => {
    const r = await raw(server.port, get('/empty', 'Connection: close\r\n'));
    expect(header(r.responses[0]!, 'content-length')).toBe('0');
    expect(header(r.responses[0]!, 'transfer-encoding')).toBeUndefined();
  });

  it('HTTP/1.0: delimited by closing the connection (RFC 9112 §6.1, §6.3)', async () => {
    const r = await raw(server.port, 'GET /strings HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    expect(r.responses[0]!.head.framing).toEqual({ kind: 'until-close' });
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.responses[0]!.body.toString()).toBe('one,two,three');
    expect(r.closedByServer).toBe(true);
  });

  it('HEAD: the head a GET gets, no body; the stream is closed unread; the connection goes on (RFC 9110 §9.3.2)', async () => {
    const before = streams.length;
    const r = await raw(server.port, `HEAD /readable HTTP/1.1\r\nHost: x\r\n\r\n${get('/x', 'Connection: close\r\n')}`, { methods: ['HEAD', 'GET'] });
    expect(r.responseError).toBeNull();
    expect(r.responses.map((x) => x.status)).toEqual([200, 200]);
    expect(header(r.responses[0]!, 'transfer-encoding')).toBe('chunked');
    expect(r.responses[0]!.body.length).toBe(0);
    const source = streams[before]!;
    expect(source.reads()).toBe(0);
    await until(() => source.stream.destroyed, 'the stream to be destroyed');
  });

  it('Content-Length set by the handler is honoured when the stream matches it', async () => {
    const r = await raw(server.port, get('/length', 'Connection: close\r\n'));
    expect(r.responses[0]!.head.framing).toEqual({ kind: 'length', length: 11 });
    expect(r.responses[0]!.body.toString()).toBe('hello world');
  });

  it('a stream longer than Content-Length: not one byte past it, the connection aborted (never a smuggled message)', async () => {
    const r = await raw(server.port, get('/length-over'));
    expect(r.bytes.toString('latin1')).not.toContain('ghij');
    expect(r.bytes.toString('latin1').endsWith('\r\n\r\nabcdef')).toBe(true);
    expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
    expect(r.closedByServer).toBe(true);
  });

  it('a stream shorter than Content-Length: the connection aborted', async () => {
    const r = await raw(server.port, get('/length-under'));
    expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
    expect(r.closedByServer).toBe(true);
  });

  it('a stream that fails midway: the client sees an incomplete response (no last chunk, RFC 9112 §7.1) and a close; reported; end() rejects', async () => {
    const before = reported.length;
    const r = await raw(server.port, get('/fails'));
    expect(r.bytes.toString('latin1')).toContain('first piece,');
    expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
    expect(r.closedByServer).toBe(true);
    await until(() => reported.length > before, 'the report');
    expect((reported[before] as Error).message).toBe('the disk went away');
    const rejection = rejections.filter((e) => e instanceof ConnectionClosedError).at(-1) as ConnectionClosedError;
    expect((rejection.cause as Error).message).toBe('the disk went away');
  });

  it('a stream that fails before its first piece: the server answers 500 instead; an HttpError its own status', async () => {
    const failed = await raw(server.port, get('/fails-at-once'));
    expect(failed.responses.map((x) => x.status)).toEqual([500]);
    expect(failed.responseError).toBeNull();
    const notFound = await raw(server.port, [get('/http-error-at-once'), get('/x', 'Connection: close\r\n')]);
    expect(notFound.responses.map((x) => x.status)).toEqual([404, 200]);
    expect(notFound.responses[0]!.body.toString()).toBe('no such file\n');
  });

  it('a stream that yields something other than bytes or strings: aborted like a failure', async () => {
    const r = await raw(server.port, get('/not-bytes'));
    expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
  });

  it('a failing stream the handler did not await: no unhandled rejection, the connection aborted, the server goes on', async () => {
    const r = await raw(server.port, get('/not-awaited'));
    expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
    const after = await raw(server.port, get('/x', 'Connection: close\r\n'));
    expect(after.responses[0]!.body.toString()).toBe('ok');
  });

  it('write() and end() while a stream is being sent are refused', async () => {
    let refused: unknown = null;
    const gated = await start(async (_req, res) => {
      const sending = res.end(pieces('a', 'b'));
      refused = await res.write('x').then(() => null, (error: unknown) => error);
      expect(res.finished).toBe(true);
      await res.end('ignored');
      await sending;
    });
    try {
      const r = await raw(gated.port, get('/', 'Connection: close\r\n'));
      expect(r.responses[0]!.body.toString()).toBe('ab');
      expect(String(refused)).toMatch(/write after end/);
    } finally {
      await gated.close();
    }
  });
});

describe('the server\'s lifecycle, as node:http users listen for it', () => {
  it('listen(port, host), onListening, onClose; listen() with no arguments still takes the options', async () => {
    const events: string[] = [];
    const server = createServer(undefined, {
      port: 1, host: '::1', onHandlerError: () => {},
      onListening: (address) => events.push(`listening ${address.address}`),
      onClose: () => events.push('closed'),
    });
    const address = await server.listen(0, '127.0.0.1');
    expect(address.address).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(events).toEqual(['listening 127.0.0.1']);
    await server.close();
    expect(events).toEqual(['listening 127.0.0.1', 'closed']);

    const byOptions = createServer(undefined, { port: 0, host: '127.0.0.1' });
    expect((await byOptions.listen()).port).toBeGreaterThan(0);
    await byOptions.close();
    await expect(createServer().listen(70000)).rejects.toThrow(RangeError);
  });

  it('onError: an error of the listening socket once it listens is reported, and the server goes on', async () => {
    const errors: Error[] = [];
    const server = createServer(undefined, { port: 0, onError: (error) => errors.push(error), onHandlerError: () => {} });
    const { port } = await server.listen();
    try {
      // What net.Server emits when accepting fails (EMFILE, ENFILE): simulated, the kernel will not oblige here.
      const listener = (server as unknown as { listener: net.Server }).listener;
      listener.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
      expect(errors.map((e) => e.message)).toEqual(['accept EMFILE']);
      const r = await raw(port, get('/', 'Connection: close\r\n'));
      expect(r.responses[0]!.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('onHandlerError gets the request the handler was answering', async () => {
    const seen: [string, string | undefined][] = [];
    const server = await start(() => {
      throw new Error('bug');
    }, { onHandlerError: (error, request?: ServerRequest) => seen.push([(error as Error).message, request?.target]) });
    try {
      await raw(server.port, get('/where'));
      expect(seen).toEqual([['bug', '/where']]);
    } finally {
      await server.close();
    }
  });

  it('attach(netServer): serves the connections of a net.Server made elsewhere, half-open included; close() leaves it to its owner', async () => {
    // A plain net.Server: no allowHalfOpen, Nagle on — the server gives each socket its own settings.
    const plain = net.createServer();
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const { port } = plain.address() as net.AddressInfo;
    const server = createServer(async (req, res) => {
      await res.end(`attached ${req.target}`);
    }, { onHandlerError: () => {} }).attach(plain);
    try {
      expect(server.address()?.port).toBe(port);
      const client = new Client(`http://127.0.0.1:${port}`);
      const response = await client.request({ path: '/a', method: 'GET' });
      expect(await response.body.text()).toBe('attached /a');
      await client.close();
      // The client shuts down its side right after the request: the response still comes.
      const r = await raw(port, get('/half'), { halfClose: true });
      expect(r.responses.map((x) => x.body.toString())).toEqual(['attached /half']);
    } finally {
      await server.close();
    }
    // The net.Server still listens (it is its owner's), and no longer hands its connections to the closed server.
    expect(plain.listening).toBe(true);
    plain.on('connection', (socket) => socket.resume().end('not h1ref\n'));
    const after = await raw(port, get('/late'));
    expect(after.bytes.toString()).toBe('not h1ref\n');
    plain.close();
    await once(plain, 'close');
  });
});
