// Behind a real load balancer: scripts/peers.sh's haproxy (Debian's) fronting `h1ref serve` with send-proxy-v2
// (H1REF_PEERS_PROXY_PROTOCOL=v2). The echo must show the real client: the address and port of this test's own
// socket, not haproxy's connection to the backend. Started in a private state folder on free ports, stopped by
// the script by its recorded PID.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectMessages } from '../../src/parser/collect-messages.js';
import { ResponseParser } from '../../src/parser/response-parser.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'scripts/peers.sh');
const HAPROXY = '/usr/sbin/haproxy';

let state = '';
let base = 0;

const peers = (...args: string[]): Promise<{ code: number; out: string }> =>
  new Promise((resolve) => {
    const env = { ...process.env, H1REF_PEERS_STATE: state, H1REF_PEERS_BASE_PORT: String(base), H1REF_PEERS_NO_INSTALL: '1', H1REF_PEERS_PROXY_PROTOCOL: 'v2' };
    execFile('bash', [script, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out: stdout + stderr });
    });
  });

/** A free port from the kernel; the script's ports are base + 5 (haproxy) and base + 9 (its backend). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

// Debian's haproxy is what this test is about; on a machine without it the test says so instead of passing.
describe.skipIf(!existsSync(HAPROXY))('haproxy with send-proxy-v2 in front of h1ref serve --proxy-protocol v2', () => {
  beforeAll(async () => {
    state = await mkdtemp(path.join(os.tmpdir(), 'h1ref-peers-pp-'));
    base = (await freePort()) - 5;
    const started = await peers('start', 'haproxy');
    expect(started.code, started.out).toBe(0);
  });

  afterAll(async () => {
    await peers('stop', 'haproxy');
    await rm(state, { recursive: true, force: true });
  });

  it('the echo shows this socket as the client, and haproxy as the balancer it came through', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: base + 5 });
    await new Promise<void>((ok, fail) => socket.once('connect', ok).once('error', fail));
    const localPort = socket.localPort!;
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
    socket.end('GET /behind-haproxy HTTP/1.1\r\nHost: peer\r\nConnection: close\r\n\r\n');
    await closed;
    const { messages } = collectMessages(new ResponseParser().push(Buffer.concat(chunks)));
    expect(messages[0]?.head.status).toBe(200);
    const echo = JSON.parse(Buffer.from(messages[0]!.body).toString('utf8')) as { target: string; proxy?: { version: number; transport: string; source: { address: string; port: number }; via: { port: number } } };
    expect(echo.target).toBe('/behind-haproxy');
    expect(echo.proxy).toMatchObject({ version: 2, transport: 'tcp4', source: { address: '127.0.0.1', port: localPort } });
    // The backend's socket peer is haproxy's own outgoing connection, another port.
    expect(echo.proxy!.via.port).not.toBe(localPort);
  });
});
