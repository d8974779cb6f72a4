// `h1ref serve --workers N` (server/cluster.ts): N real processes sharing one port through node:cluster,
// answered by every worker, a killed worker replaced, and every process gone after a graceful shutdown.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.js';
import { workerCount } from '../../src/server/cluster.js';
import { fakeIo } from '../cli/support.js';
import { until } from './support.js';

// The built executable: npm test builds it before the tests run. A missing build is a failure, not a skip.
const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** One request on its own connection (`Connection: close`); resolves with the whole answer. */
function get(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(`GET ${target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`));
    let answer = '';
    socket.setEncoding('latin1').on('data', (d: string) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('h1ref serve --workers', () => {
  it('two workers both answer; a killed worker is replaced; SIGTERM stops every process', async () => {
    expect(existsSync(bin), `${bin} (run npm run build)`).toBe(true);
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const pids = (): number[] => [...out.matchAll(/worker \d started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    try {
      await until(() => /listening on http:\/\/127\.0\.0\.1:\d+\/ \(2 workers\)/.test(out), 'the listening line');
      const port = Number(/127\.0\.0\.1:(\d+)\//.exec(out)![1]);
      const first = pids();
      expect(first).toHaveLength(2);
      for (let i = 0; i < 10; i++) expect(await get(port, `/a${i}`)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      await until(() => (out.match(/^w\d \S+Z 127\.0\.0\.1 GET \/a\d 200 /gm) ?? []).length === 10, 'ten access-log lines');
      // Each line names its worker (before the time and peer), and both took a share (round robin on Linux).
      expect(out).toMatch(/^w1 \S+Z 127\.0\.0\.1 GET \/a\d 200 /m);
      expect(out).toMatch(/^w2 \S+Z 127\.0\.0\.1 GET \/a\d 200 /m);

      // A worker killed outright is logged and replaced in its slot.
      const [w1] = /worker 1 started \(pid (\d+)\)/.exec(out)!.slice(1).map(Number) as [number];
      process.kill(w1, 'SIGKILL');
      await until(() => out.includes(`worker 1 (pid ${w1}) exited (signal SIGKILL); starting a new one`), 'the replacement line');
      await until(() => pids().length === 3, 'the new worker 1');
      const replacement = pids()[2]!;
      expect(first).not.toContain(replacement);
      await until(() => out.includes(`worker 1 (pid ${replacement}) listening`), 'the new worker 1 listening');
      // The new worker 1 serves too.
      for (let i = 0; i < 6 && !/^w1 \S+Z 127\.0\.0\.1 GET \/b/m.test(out); i++) {
        expect(await get(port, `/b${i}`)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        await until(() => (out.match(/^w\d \S+Z 127\.0\.0\.1 GET \/b\d 200 /gm) ?? []).length === i + 1, 'the access-log line');
      }
      expect(out).toMatch(/^w1 \S+Z 127\.0\.0\.1 GET \/b\d 200 /m);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('h1ref: SIGTERM, shutting down 2 workers');
      // Each worker's counters, then the primary's last line.
      expect(out).toMatch(new RegExp(`h1ref: worker 1 \\(pid ${replacement}\\): \\d+ connections, \\d+ requests answered`));
      expect(out).toMatch(/h1ref: worker 2 \(pid \d+\): \d+ connections, \d+ requests answered/);
      expect(out.trimEnd().split('\n').at(-1)).toBe('h1ref: closed');
      for (const pid of [...first, replacement]) expect(alive(pid), `worker pid ${pid}`).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const pid of pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('workers that cannot listen: the primary says why and exits 1, leaving no process behind', async () => {
    expect(existsSync(bin), `${bin} (run npm run build)`).toBe(true);
    const blocker = net.createServer();
    await new Promise<void>((ok) => blocker.listen({ host: '127.0.0.1', port: 0 }, () => ok()));
    const port = (blocker.address() as net.AddressInfo).port;
    const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(out).toContain('already in use');
      for (const m of out.matchAll(/pid (\d+)/g)) expect(alive(Number(m[1]))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      blocker.close();
    }
  });

  it('--workers takes a positive integer or auto', async () => {
    expect(workerCount('auto')).toBeGreaterThanOrEqual(1);
    expect(workerCount('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'many']) {
      const cli = fakeIo();
      expect(await runCli(['serve', '--port', '0', '--workers', bad], cli.io)).toBe(2);
      expect(cli.err()).toContain('workers must be a positive integer or auto');
    }
  });
});
