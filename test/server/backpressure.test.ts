// Backpressure both ways: a client that never reads its responses, or pipelines far ahead, cannot make the
// server hold more than a bounded amount — reading pauses while the queue of waiting requests is full, while
// the socket's write buffer is full, and while a handler has not consumed its body.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { connectCollecting, echoOf, parseResponses, raw, start, until } from './support.js';

describe('backpressure', () => {
  it('a client that never reads: handlers block on write(), nothing piles up, sendTimeout ends it', async () => {
    const CHUNK = Buffer.alloc(64 * 1024, 0x7a);
    let written = 0;
    let handlersStarted = 0;
    const server = await start(async (_req, res) => {
      handlersStarted++;
      // 4 MiB per response, written as fast as write() lets us.
      for (let i = 0; i < 64; i++) {
        await res.write(CHUNK);
        written += CHUNK.length;
      }
      await res.end();
    }, { sendTimeout: 200 });
    try {
      // 50 pipelined requests (200 MiB of responses if the server wrote them all), and we never read.
      const socket = net.connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      socket.pause();
      socket.on('error', () => {});
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(50));
      await until(() => server.server.stats.open === 0, 'the send timeout to close the connection');
      socket.destroy();
      // What got written is what the kernel's socket buffers took: a few MiB, not 200.
      expect(written).toBeLessThan(24 * 1024 * 1024);
      expect(handlersStarted).toBeLessThan(8);
      expect(server.server.stats.queued).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('pipelining far ahead: at most maxPipelinedRequests are parsed and waiting; all are answered in order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const server = await start(async (req, res) => {
      if (req.target === '/0') await gate;
      await res.end(req.target);
    }, { maxPipelinedRequests: 4 });
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      const received: Buffer[] = [];
      socket.on('data', (d: Buffer) => received.push(d));
      let requests = '';
      for (let i = 0; i < 100; i++) requests += `GET /${i} HTTP/1.1\r\nHost: x\r\n${i === 99 ? 'Connection: close\r\n' : ''}\r\n`;
      socket.write(requests);
      await until(() => server.server.stats.queued === 4, 'the queue to fill');
      // Give the server every chance to over-read: several turns of the event loop with all bytes delivered.
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(server.server.stats.queued).toBe(4);
      release();
      await once(socket, 'close');
      const { responses } = parseResponses(Buffer.concat(received));
      expect(responses.map((r) => r.body.toString())).toEqual(Array.from({ length: 100 }, (_, i) => `/${i}`));
    } finally {
      release();
      await server.close();
    }
  });


  it('pipelined requests that arrive in later reads while a handler runs are answered after it, in order (RFC 9112 §9.3.2)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    // Responses being produced at once: a handler counts from its start until it ends its response (the next
    // handler may start inside that end() call, before the handler's own promise settles).
    let answering = 0;
    let mostAnswering = 0;
    const server = await start(async (req, res) => {
      started.push(req.target);
      mostAnswering = Math.max(mostAnswering, ++answering);
      if (req.target === '/1') await gate;
      answering--;
      await res.end(req.target);
    });
    try {
      const { socket, received, closed } = await connectCollecting(server.port);
      socket.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\n');
      await until(() => started.length === 1, 'the first handler to start');
      // Each later request in a read of its own, while the first handler still waits at its gate.
      socket.write('GET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
      await until(() => server.server.stats.queued === 2, 'the second request to be queued');
      socket.write('GET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await until(() => server.server.stats.queued === 3, 'the third request to be queued');
      expect(started).toEqual(['/1']);
      expect(received).toEqual([]);
      release();
      await closed;
      const { responses, error } = parseResponses(Buffer.concat(received));
      expect(error).toBeNull();
      expect(responses.map((r) => r.body.toString())).toEqual(['/1', '/2', '/3']);
      expect(started).toEqual(['/1', '/2', '/3']);
      // One response at a time: the next handler starts only when the response before it is complete.
      expect(mostAnswering).toBe(1);
    } finally {
      release();
      await server.close();
    }
  });
  it('a handler that does not consume its body: the server stops reading instead of buffering it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let bufferedAtRelease = -1;
    let received = 0;
    const server = await start(async (req, res) => {
      await gate;
      bufferedAtRelease = (req.body as unknown as { buffered: number }).buffered;
      for await (const chunk of req.body) received += chunk.length;
      await res.end(String(received));
    }, { bodyHighWaterMark: 16 * 1024, limits: { maxBodyBytes: 64 * 1024 * 1024 } });
    try {
      const total = 16 * 1024 * 1024;
      const socket = net.connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      const replies: Buffer[] = [];
      socket.on('data', (d: Buffer) => replies.push(d));
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`);
      const piece = Buffer.alloc(64 * 1024, 0x41);
      let sent = 0;
      // Write until the kernel buffers are full and our own write buffer backs up: the server is not reading.
      while (sent < total && socket.write(piece)) sent += piece.length;
      if (sent < total) sent += piece.length;
      expect(sent).toBeLessThan(total);
      release();
      while (sent < total) {
        if (!socket.write(piece)) await once(socket, 'drain');
        sent += piece.length;
      }
      await once(socket, 'close');
      expect(bufferedAtRelease).toBeLessThanOrEqual(16 * 1024 + 64 * 1024);
      expect(parseResponses(Buffer.concat(replies)).responses[0]!.body.toString()).toBe(String(total));
    } finally {
      release();
      await server.close();
    }
  });

  it('a cap on open connections: beyond maxConnections new ones are closed at once; the others are served', async () => {
    const server = await start(undefined, { maxConnections: 2 });
    try {
      const a = net.connect(server.port, '127.0.0.1');
      const b = net.connect(server.port, '127.0.0.1');
      await Promise.all([once(a, 'connect'), once(b, 'connect')]);
      await until(() => server.server.stats.open === 2, 'two open connections');
      const third = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(third.bytes.length).toBe(0);
      expect(third.closedByServer).toBe(true);
      expect(server.server.stats.rejected).toBe(1);
      a.destroy();
      await until(() => server.server.stats.open === 1, 'a slot to free up');
      const fourth = await raw(server.port, 'GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(echoOf(fourth.responses[0]!).target).toBe('/ok');
      b.destroy();
    } finally {
      await server.close();
    }
  });

  it('an idle keep-alive connection lets its parser go, and the next request is parsed by a fresh one', async () => {
    const server = await start();
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      const received: Buffer[] = [];
      socket.on('data', (d: Buffer) => received.push(d));
      socket.write('GET /first HTTP/1.1\r\nHost: x\r\n\r\n');
      await until(() => parseResponses(Buffer.concat(received)).finals === 1, 'the first response');
      const connections = (server.server as unknown as { connections: Set<{ parser: unknown }> }).connections;
      const [connection] = [...connections];
      // Released by the sweep after a second of idleness (at once when more than 1024 connections are open).
      await until(() => connection!.parser === null, 'the parser to be released');
      socket.write('GET /second HTTP/1.1\r\nHost: x\r\n\r\nGET /third HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n');
      await once(socket, 'close');
      const { responses } = parseResponses(Buffer.concat(received));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 400]);
      expect(echoOf(responses[1]!).target).toBe('/second');
    } finally {
      await server.close();
    }
  });
});
