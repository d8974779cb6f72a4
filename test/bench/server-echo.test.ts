// The server benchmark's echo rows: the echo floor's pre-built answers must stay the size and shape of h1ref's
// echo answer to wrk's request (else the floor measures other bytes), and the checks made before each run must
// tell a right echo, a wrong answer, and a server that does not close after `Connection: close` apart.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkServer, getRequest, ResponseReader } from '../../bench/server/http-read.js';
import { echoAnswer } from '../../bench/server/servers/echo-floor.js';
import { createEchoServer } from '../../src/server/echo-formats.js';
import type { H1Server } from '../../src/server/server.js';

let server: H1Server;
let port: number;

beforeAll(async () => {
  server = createEchoServer('h1ref', { host: '127.0.0.1', port: 0 });
  port = (await server.listen()).port;
});
afterAll(async () => {
  await server.close();
});

/** One request on a fresh connection; the first complete response, as latin1 text. */
function exchange(to: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: to });
    const reader = new ResponseReader();
    socket.on('error', reject);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      if (reader.push(chunk) === 0) return;
      socket.destroy();
      resolve(reader.responses[0]!);
    });
  });
}

/** A `net` server that answers every connection's first read with `answer(port)` and ends it or not. */
async function fakeServer(answer: (port: number) => Buffer, end: boolean): Promise<{ port: number; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const fake = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => (end ? socket.end(answer(p)) : socket.write(answer(p))));
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const p = (fake.address() as net.AddressInfo).port;
  return {
    port: p,
    close: () => {
      for (const s of sockets) s.destroy();
      fake.close();
    },
  };
}

const split = (response: string): { head: string[]; body: string } => {
  const at = response.indexOf('\r\n\r\n');
  return { head: response.slice(0, at).split('\r\n'), body: response.slice(at + 4) };
};

describe('echo floor', () => {
  for (const close of [false, true]) {
    it(`answers with h1ref's echo bytes but the Date value${close ? ', Connection: close' : ''}`, async () => {
      const real = await exchange(port, getRequest(port, close));
      const floor = echoAnswer(port, close).toString('latin1');
      expect(floor.length).toBe(real.length);
      const a = split(real);
      const b = split(floor);
      expect(b.head.map((line) => (line.startsWith('Date: ') ? line.length : line))).toEqual(a.head.map((line) => (line.startsWith('Date: ') ? line.length : line)));
      expect(b.body).toBe(a.body);
      expect(a.head.includes('Connection: close')).toBe(close);
    });
  }
});

describe('checkServer', () => {
  it('accepts h1ref\'s echo alone, pipelined, and closing; the size is that of one answer', async () => {
    await expect(checkServer(port, { count: 1, answer: 'echo' })).resolves.toBe(echoAnswer(port, false).length);
    await expect(checkServer(port, { count: 10, answer: 'echo' })).resolves.toBe(echoAnswer(port, false).length);
    await expect(checkServer(port, { count: 1, answer: 'echo', close: true })).resolves.toBe(echoAnswer(port, true).length);
  });

  it('rejects an echo where hello world is expected, and hello world where an echo is', async () => {
    await expect(checkServer(port, { count: 1, answer: 'hello' })).rejects.toThrow(/body/);
    const helloWorld = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello World!\n', 'latin1');
    const hello = await fakeServer(() => helloWorld, false);
    try {
      await expect(checkServer(hello.port, { count: 1, answer: 'echo' })).rejects.toThrow(/not JSON/);
      await expect(checkServer(hello.port, { count: 1, answer: 'hello' })).resolves.toBe(helloWorld.length);
    } finally {
      hello.close();
    }
  });

  it('rejects a server that announces the close but keeps the connection', async () => {
    const open = await fakeServer((p) => echoAnswer(p, true), false);
    try {
      await expect(checkServer(open.port, { count: 1, answer: 'echo', close: true }, 300)).rejects.toThrow(/did not close/);
    } finally {
      open.close();
    }
  });

  it('rejects a server that closes without announcing it', async () => {
    const silent = await fakeServer((p) => echoAnswer(p, false), true);
    try {
      await expect(checkServer(silent.port, { count: 1, answer: 'echo', close: true })).rejects.toThrow(/does not announce/);
    } finally {
      silent.close();
    }
  });
});
