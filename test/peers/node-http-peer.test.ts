// scripts/peers.sh, proven on the one peer that needs no Debian package: node:http. Starts it through the
// script (in a private state folder, on a free port), checks its echo of repeated fields, a body and a
// chunked body with trailers, and stops it by its PID.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'scripts/peers.sh');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let state = '';
let base = 0;
let port = 0;

const peers = (...args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    const env = { ...process.env, H1REF_PEERS_STATE: state, H1REF_PEERS_BASE_PORT: String(base), H1REF_PEERS_NO_INSTALL: '1' };
    execFile('bash', [script, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });

/** A port nobody listens on now (the kernel's pick), whose predecessor becomes the script's port base. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** Sends raw bytes on a fresh connection and returns everything the server sent until it closed. */
const exchange = (bytes: string): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(Buffer.from(bytes, 'latin1')));
    socket.setTimeout(5000, () => socket.destroy(new Error('timed out')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });

interface Reply {
  statusLine: string;
  headers: [string, string][];
  body: Buffer;
}

/** One Content-Length-framed response. */
const parseReply = (raw: Buffer): Reply => {
  const end = raw.indexOf('\r\n\r\n');
  expect(end).toBeGreaterThan(0);
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  });
  const length = Number(headers.find(([name]) => name === 'content-length')?.[1]);
  const body = raw.subarray(end + 4);
  expect(body.length).toBe(length);
  return { statusLine, headers, body };
};

/** Whether the process runs: a zombie (exited, not yet reaped by whatever adopted it) does not. */
const pidAlive = async (pid: number): Promise<boolean> => {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

beforeAll(async () => {
  state = await mkdtemp(path.join(os.tmpdir(), 'h1ref-peers-test-'));
  port = await freePort();
  base = port - 1; // node-http is base + 1
});

afterAll(async () => {
  await peers('stop', 'node-http');
  await rm(state, { recursive: true, force: true });
});

describe('scripts/peers.sh with the node:http peer', () => {
  it('list: one "name port echo fields" line per peer; node-http is the faithful echo', async () => {
    const run = await peers('list');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['node-http', 'nginx', 'apache2', 'lighttpd', 'haproxy', 'gunicorn', 'uvicorn', 'waitress']);
    for (const line of lines) expect(line).toMatch(/^[a-z0-9-]+ \d+ (yes|no) \S+$/);
    expect(lines[0]).toBe(`node-http ${port} yes method,target,version,headers,trailers,body`);
  });

  it('start: starts node-http on 127.0.0.1 and answers a GET; a second start is a no-op', async () => {
    const first = await peers('start', 'node-http');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`started node-http (pid `);
    expect(first.stdout).toContain(`http://127.0.0.1:${port}`);

    const again = await peers('start', 'node-http');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('node-http already running');

    const status = await peers('status', 'node-http');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^node-http +${port} +\\d+ +running +GET/200$`, 'm'));
  });

  it('echo: repeated fields stay separate, in order and case; the body comes back in base64', async () => {
    const reply = parseReply(
      await exchange(
        'POST /echo?x=1&x=2 HTTP/1.1\r\nHost: peer.test\r\nX-Dup: one\r\nx-dup: two\r\nX-Dup:  three \r\n' +
          'Content-Length: 11\r\nConnection: close\r\n\r\nhello\0world',
      ),
    );
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(reply.headers).toContainEqual(['content-type', 'application/json']);
    expect(JSON.parse(reply.body.toString('utf8'))).toEqual({
      method: 'POST',
      target: '/echo?x=1&x=2',
      version: '1.1',
      headers: [
        ['Host', 'peer.test'],
        ['X-Dup', 'one'],
        ['x-dup', 'two'],
        ['X-Dup', 'three'],
        ['Content-Length', '11'],
        ['Connection', 'close'],
      ],
      trailers: [],
      body: Buffer.from('hello\0world', 'latin1').toString('base64'),
    });
  });

  it('echo: a chunked body is de-chunked and its trailer fields are echoed', async () => {
    const reply = parseReply(
      await exchange(
        'PUT /c HTTP/1.1\r\nHost: peer.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
          '5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t1\r\nx-trailer: t2\r\n\r\n',
      ),
    );
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    const document = JSON.parse(reply.body.toString('utf8')) as { method: string; trailers: [string, string][]; body: string };
    expect(document.method).toBe('PUT');
    expect(document.trailers).toEqual([
      ['X-Trailer', 't1'],
      ['x-trailer', 't2'],
    ]);
    expect(Buffer.from(document.body, 'base64').toString('latin1')).toBe('hello world');
  });

  it('stop: stops the process it started, by its PID; a second stop is a no-op', async () => {
    const [pidText = ''] = (await readFile(path.join(state, 'node-http', 'pid'), 'utf8')).split(' ');
    const pid = Number(pidText);
    expect(Number.isInteger(pid) && pid > 0).toBe(true);
    expect(await pidAlive(pid)).toBe(true);

    const stop = await peers('stop', 'node-http');
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain(`stopped node-http (pid ${pid})`);
    expect(await pidAlive(pid)).toBe(false);
    await expect(exchange('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).rejects.toThrow(/ECONNREFUSED/);

    const again = await peers('stop', 'node-http');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('node-http not running');

    const status = await peers('status', 'node-http');
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(new RegExp(`^node-http +${port} +- +stopped +-$`, 'm'));
  });
});
