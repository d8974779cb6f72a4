// The close after a response that announced it (RFC 9112 §9.6), from the client's side: whatever the client does
// around its request — half-closing at once, sending more, staying silent — it gets the whole response and then a
// clean close, never a reset in its place; and the server lets go of the connection.
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectCollecting, parseResponses, raw, type Running, start } from './support.js';
import { echoHandler } from '../../src/server/echo-handler.js';

const H = 'Host: h\r\n';
let running: Running | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function openConnectionsReachZero(r: Running): Promise<number> {
  // The server's own count, after the client saw the close: the socket's close reaches the server a turn later.
  for (let i = 0; i < 1000 && r.server.stats.open !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return r.server.stats.open;
}

describe('closing after Connection: close (RFC 9112 §9.6)', () => {
  it('RFC 9112 §9.6: a client that sends Connection: close and half-closes right after its request gets the whole response, then a clean close', async () => {
    running = await start(echoHandler);
    const result = await raw(running.port, `GET /a HTTP/1.1\r\n${H}Connection: close\r\n\r\n`, { halfClose: true });
    expect(result.responseError).toBeNull();
    expect(result.responses).toHaveLength(1);
    const [response] = result.responses;
    expect(response!.status).toBe(200);
    expect(response!.headers).toContainEqual(['Connection', 'close']);
    expect(JSON.parse(response!.body.toString('utf8')).target).toBe('/a');
    expect(result.closedByServer).toBe(true);
    expect(result.reset).toBe(false);
    expect(await openConnectionsReachZero(running)).toBe(0);
  });

  it('RFC 9112 §9.6: the request and the half-close in one write, from 50 clients at once: every response whole, no reset', async () => {
    running = await start(echoHandler);
    const port = running.port;
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const socket = net.connect(port, '127.0.0.1');
        await once(socket, 'connect');
        const received: Buffer[] = [];
        let reset = false;
        socket.on('data', (d: Buffer) => received.push(d));
        socket.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ECONNRESET') reset = true;
        });
        const closed = once(socket, 'close');
        // end(data): the request's last byte and the FIN leave together.
        socket.end(`GET /${i} HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
        await closed;
        return { i, reset, parsed: parseResponses(Buffer.concat(received)) };
      }),
    );
    for (const { i, reset, parsed } of results) {
      expect(reset).toBe(false);
      expect(parsed.error).toBeNull();
      expect(parsed.responses).toHaveLength(1);
      expect(JSON.parse(parsed.responses[0]!.body.toString('utf8')).target).toBe(`/${i}`);
    }
    expect(await openConnectionsReachZero(running)).toBe(0);
  });

  it('RFC 9112 §9.6: bytes sent after a Connection: close request are read and dropped, so the response is not lost to a reset', async () => {
    running = await start(echoHandler);
    const c = await connectCollecting(running.port);
    let reset = false;
    c.socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET') reset = true;
    });
    // A second request after the one that asked for the close: the server must not answer it, and must not reset.
    c.socket.write(`GET /first HTTP/1.1\r\n${H}Connection: close\r\n\r\nGET /second HTTP/1.1\r\n${H}\r\n\r\n`);
    await new Promise((resolve) => c.socket.once('end', resolve));
    c.socket.end();
    await c.closed;
    const parsed = parseResponses(Buffer.concat(c.received));
    expect(reset).toBe(false);
    expect(parsed.responses).toHaveLength(1);
    expect(JSON.parse(parsed.responses[0]!.body.toString('utf8')).target).toBe('/first');
    expect(await openConnectionsReachZero(running)).toBe(0);
  });

  it('RFC 9112 §9.6: a client that reads the response but never closes is let go after lingerTimeout', async () => {
    running = await start(echoHandler, { lingerTimeout: 100 });
    // allowHalfOpen: our side stays open after the server's FIN, so only the server's lingering deadline can end
    // the connection on its side.
    const socket = net.connect({ port: running.port, host: '127.0.0.1', allowHalfOpen: true });
    await once(socket, 'connect');
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    const errors: string[] = [];
    socket.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
    socket.write(`GET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
    await once(socket, 'end');
    expect(parseResponses(Buffer.concat(received)).finals).toBe(1);
    expect(await openConnectionsReachZero(running)).toBe(0);
    // The server has closed its socket: what we send now is refused (a reset), which a connection still lingering
    // would have read and dropped.
    const closed = new Promise((resolve) => socket.once('close', resolve)); // not once(): it rejects on 'error'
    socket.write('more');
    setTimeout(() => socket.write('more'), 50).unref();
    await closed;
    expect(errors.some((code) => code === 'ECONNRESET' || code === 'EPIPE')).toBe(true);
  });

  it('a closed socket no longer reaches its connection (Node keeps closed sockets until a full collection: what they reach would be promoted with them)', async () => {
    const sockets: net.Socket[] = [];
    running = await start(echoHandler, { onConnection: (socket) => sockets.push(socket) });
    const result = await raw(running.port, `GET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
    expect(result.responses).toHaveLength(1);
    expect(await openConnectionsReachZero(running)).toBe(0);
    expect(sockets).toHaveLength(1);
    const socket = sockets[0]! as unknown as Record<symbol, unknown>;
    // The connection is found through one symbol-keyed member while the socket is open; nothing of it is left after.
    const links = Object.getOwnPropertySymbols(socket).filter((key) => key.description === 'h1ref.connection');
    expect(links).toHaveLength(1);
    expect(socket[links[0]!]).toBeNull();
  });
});
