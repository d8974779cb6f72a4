// `h1ref serve`, run in-process through runCli with captured output and a controllable stop signal.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { runCli, usage } from '../../src/cli/commands.js';
import { SERVE_FLAGS, serveUsage } from '../../src/cli/serve.js';
import { fakeIo } from '../cli/support.js';
import { until } from './support.js';

describe('h1ref serve', () => {
  it('prints its address, logs each request, and exits 0 on the stop signal', async () => {
    const cli = fakeIo();
    const exit = runCli(['serve', '--port', '0', '--max-body-bytes=1000'], cli.io);
    await until(() => cli.out().includes('listening on'), 'the listening line');
    const port = Number(/127\.0\.0\.1:(\d+)\//.exec(cli.out())![1]);
    const res = await request(`http://127.0.0.1:${port}/hello?x=1`, { method: 'POST', body: 'abc' });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const big = await request(`http://127.0.0.1:${port}/big`, { method: 'POST', body: 'x'.repeat(1001) });
    expect(big.statusCode).toBe(413);
    await big.body.dump();
    await until(() => cli.out().split('\n').length >= 3, 'two access-log lines');
    cli.stop('SIGINT');
    expect(await exit).toBe(0);
    const lines = cli.out().trim().split('\n');
    expect(lines[0]).toBe(`h1ref listening on http://127.0.0.1:${port}/`);
    expect(lines[1]).toMatch(/^POST \/hello\?x=1 200 \d+B \d+\.\dms$/);
    expect(lines[2]).toMatch(/^POST \/big 413 0B \d+\.\dms$/);
    expect(lines.at(-1)).toBe('h1ref: closed');
    expect(cli.err()).toBe('');
  });

  it('--quiet: no access log', async () => {
    const cli = fakeIo();
    const exit = runCli(['serve', '--port=0', '--quiet'], cli.io);
    await until(() => cli.out().includes('listening on'), 'the listening line');
    const port = Number(/:(\d+)\/\n/.exec(cli.out())![1]);
    await (await request(`http://127.0.0.1:${port}/`)).body.dump();
    cli.stop('SIGTERM');
    expect(await exit).toBe(0);
    expect(cli.out()).not.toMatch(/GET \//);
  });

  it('--help lists every option with its default', async () => {
    const cli = fakeIo();
    expect(await runCli(['serve', '--help'], cli.io)).toBe(0);
    for (const flag of SERVE_FLAGS) {
      const line = cli.out().split('\n').find((l) => l.trimStart().replace(/^-\w, /, '').startsWith(`--${flag.name} `));
      expect(line ?? cli.out().split('\n').find((l) => l.includes(`--${flag.name}`)), flag.name).toMatch(/\(default: [^)]+\)$/);
    }
    expect(cli.out()).toContain('--port PORT');
    expect(cli.out()).toContain('(default: 8080)');
    expect(cli.out()).toContain('(default: 127.0.0.1)');
    expect(serveUsage()).toBe(cli.out().trimEnd());
  });

  it('unknown commands and options → usage and exit 2', async () => {
    const a = fakeIo();
    expect(await runCli(['nonsense'], a.io)).toBe(2);
    expect(a.err()).toContain('unknown command "nonsense"');
    expect(a.err()).toContain(usage());
    const b = fakeIo();
    expect(await runCli(['serve', '--bogus'], b.io)).toBe(2);
    expect(b.err()).toContain('unknown option --bogus');
    expect(b.err()).toContain('Usage: h1ref serve');
    const c = fakeIo();
    expect(await runCli(['serve', '--port', 'eighty'], c.io)).toBe(2);
    expect(c.err()).toContain('--port needs a non-negative integer');
    const d = fakeIo();
    expect(await runCli([], d.io)).toBe(2);
    const e = fakeIo();
    expect(await runCli(['--help'], e.io)).toBe(0);
    expect(e.out()).toContain('serve');
  });

  it('a port in use → one line naming the cause, exit 1', async () => {
    const first = fakeIo();
    const running = runCli(['serve', '--port', '0', '--quiet'], first.io);
    await until(() => first.out().includes('listening on'), 'the listening line');
    const port = /:(\d+)\/\n/.exec(first.out())![1]!;
    const second = fakeIo();
    expect(await runCli(['serve', '--port', port], second.io)).toBe(1);
    expect(second.err()).toBe(`h1ref: cannot listen on 127.0.0.1:${port}: the port is already in use by another process (EADDRINUSE)\n`);
    first.stop('SIGINT');
    expect(await running).toBe(0);
  });

  // The built executable (npm test builds before it runs the tests), as a real process receiving a real signal.
  const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
  it.skipIf(!existsSync(bin))('the built h1ref executable serves, and exits 0 on SIGINT after closing', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => /listening on http:\/\/127\.0\.0\.1:\d+\//.test(out), 'the listening line');
      const port = Number(/127\.0\.0\.1:(\d+)\//.exec(out)![1]);
      const res = await request(`http://127.0.0.1:${port}/from-test`);
      expect(((await res.body.json()) as { target: string }).target).toBe('/from-test');
      await until(() => out.includes('GET /from-test 200'), 'the access-log line');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('h1ref: SIGINT, shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
