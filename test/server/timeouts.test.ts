// Every wait for the peer has a deadline, configured tiny here (50–200 ms) so the outcomes can be asserted: no
// input leaves a socket open forever.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { connectCollecting, header, parseResponses, raw, start, until } from './support.js';

describe('timeouts', () => {
  it('headersTimeout: a head that never completes → 408 and close (RFC 9110 §15.5.9)', async () => {
    const server = await start(undefined, { headersTimeout: 100 });
    try {
      const startedAt = Date.now();
      const r = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      expect(r.responses.map((x) => x.status)).toEqual([408]);
      expect(r.responses[0]!.body.toString()).toContain('HEAD_TIMEOUT');
      expect(header(r.responses[0]!, 'connection')).toBe('close');
      expect(r.closedByServer).toBe(true);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    } finally {
      await server.close();
    }
  });

  it('headersTimeout against slowloris: bytes keep trickling in, the head still has to complete in time', async () => {
    const server = await start(undefined, { headersTimeout: 150 });
    try {
      const { socket, received, closed } = await connectCollecting(server.port);
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
      const drip = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write('X-Drip: 1\r\n');
      }, 20);
      await closed;
      clearInterval(drip);
      expect(parseResponses(Buffer.concat(received)).responses.map((x) => x.status)).toEqual([408]);
    } finally {
      await server.close();
    }
  });

  it('a connection that never sends a byte is closed after headersTimeout, without a response', async () => {
    const server = await start(undefined, { headersTimeout: 80 });
    try {
      const r = await raw(server.port, []);
      expect(r.bytes.length).toBe(0);
      expect(r.closedByServer).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('keepAliveTimeout: an idle persistent connection is closed after it, quietly', async () => {
    const server = await start(undefined, { keepAliveTimeout: 100, headersTimeout: 60_000 });
    try {
      const startedAt = Date.now();
      const r = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(r.responses.map((x) => x.status)).toEqual([200]);
      expect(header(r.responses[0]!, 'connection')).toBeUndefined();
      expect(r.closedByServer).toBe(true);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    } finally {
      await server.close();
    }
  });

  it('bodyTimeout: a body that stalls → 408, and the handler sees its body fail', async () => {
    let failure: unknown = null;
    const server = await start(async (req, res) => {
      try {
        await req.bytes();
      } catch (error) {
        failure = error;
        throw error;
      }
      await res.end('unreachable');
    }, { bodyTimeout: 100 });
    try {
      const r = await raw(server.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
      expect(r.responses.map((x) => x.status)).toEqual([408]);
      expect(r.responses[0]!.body.toString()).toContain('BODY_TIMEOUT');
      expect(r.closedByServer).toBe(true);
      expect(failure).not.toBeNull();
    } finally {
      await server.close();
    }
  });

  it('bodyTimeout does not run while a 100-continue client waits for the handler to read', async () => {
    const server = await start(async (req, res) => {
      // Longer than bodyTimeout before reading: the client is waiting for us, not stalling.
      await new Promise((r) => setTimeout(r, 250));
      await res.end(await req.text());
    }, { bodyTimeout: 80 });
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      const received: Buffer[] = [];
      socket.on('data', (d: Buffer) => {
        received.push(d);
        if (Buffer.concat(received).toString('latin1') === 'HTTP/1.1 100 Continue\r\n\r\n') socket.write('hello');
      });
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n');
      await once(socket, 'close');
      const { responses } = parseResponses(Buffer.concat(received));
      expect(responses.map((x) => x.status)).toEqual([100, 200]);
      expect(responses[1]!.body.toString()).toBe('hello');
    } finally {
      await server.close();
    }
  });

  it('bodyTimeout runs again once a final status went out without 100 Continue: no deadlock with a client that then keeps its body', async () => {
    const server = await start(async (req, res) => {
      await res.write('head first, ');
      await res.end(await req.text());
    }, { bodyTimeout: 100 });
    try {
      const r = await raw(server.port, 'PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n');
      // No 100 (a final status was already sent); the body never comes; the response cannot complete: abort.
      expect(r.responses.filter((x) => x.status === 100)).toEqual([]);
      expect(r.bytes.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
      expect(r.closedByServer).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('handlerTimeout: a handler that takes too long → 503 and close; the server goes on', async () => {
    const server = await start(async (req, res) => {
      if (req.target === '/hang') await new Promise(() => {});
      await res.end('quick');
    }, { handlerTimeout: 100 });
    try {
      const r = await raw(server.port, 'GET /hang HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(r.responses.map((x) => x.status)).toEqual([503]);
      expect(r.responses[0]!.body.toString()).toContain('HANDLER_TIMEOUT');
      const ok = await raw(server.port, 'GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(ok.responses[0]!.body.toString()).toBe('quick');
    } finally {
      await server.close();
    }
  });

  it('handlerTimeout after the response started: the connection is aborted', async () => {
    const server = await start(async (_req, res) => {
      await res.write('started');
      await new Promise(() => {});
    }, { handlerTimeout: 100 });
    try {
      const r = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
      expect(r.closedByServer).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('lingerTimeout: after an error response, a client that neither reads on nor closes is cut off', async () => {
    const server = await start(undefined, { lingerTimeout: 300 });
    try {
      // allowHalfOpen: we do not answer the server's FIN with ours, so only the server's linger deadline ends it.
      const socket = net.connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });
      await once(socket, 'connect');
      socket.write('BAD REQUEST LINE\r\n\r\n');
      const received: Buffer[] = [];
      socket.on('data', (d: Buffer) => received.push(d));
      await once(socket, 'end');
      const endedAt = Date.now();
      expect(parseResponses(Buffer.concat(received)).responses.map((x) => x.status)).toEqual([400]);
      // The server keeps its side open (reading and discarding) for lingerTimeout, then lets go.
      expect(server.server.stats.open).toBe(1);
      await until(() => server.server.stats.open === 0, 'the server to drop the connection');
      expect(Date.now() - endedAt).toBeGreaterThanOrEqual(250);
      socket.destroy();
    } finally {
      await server.close();
    }
  });
});
