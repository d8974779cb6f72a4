// `h1ref serve`, run in-process through runCli with captured output and a controllable stop signal.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { runCli, usage } from '../../src/cli/commands.js';
import { formatAccessLog, SERVE_FLAGS, serveUsage } from '../../src/cli/serve.js';
import { fakeIo } from '../cli/support.js';
import { raw, until } from './support.js';

describe('h1ref serve', () => {
  it('prints its address, logs each request, and exits 0 on the stop signal', async () => {
    const began = Date.now();
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
    const ended = Date.now();
    const lines = cli.out().trim().split('\n');
    expect(lines[0]).toBe(`h1ref listening on http://127.0.0.1:${port}/`);
    // Time (ISO 8601, UTC), peer, request-line parts, status, bytes, duration; a refusal ends with its code.
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 POST \/hello\?x=1 200 \d+B \d+\.\dms$/);
    expect(lines[2]).toMatch(/^\S+Z 127\.0\.0\.1 POST \/big 413 0B \d+\.\dms BODY_TOO_LARGE: .+ \(byte \d+\)$/);
    // The time is when the exchange ended: after this test began, before the server closed.
    const logged = Date.parse(lines[1]!.split(' ')[0]!);
    expect(logged).toBeGreaterThanOrEqual(began);
    expect(logged).toBeLessThanOrEqual(ended);
    expect(lines.at(-1)).toBe('h1ref: closed');
    expect(cli.err()).toBe('');
  });

  it.each(['text', 'json'])('--log-format %s: a request the parser refused is logged with its code and peer', async (format) => {
    const cli = fakeIo();
    const exit = runCli(['serve', '--port=0', `--log-format=${format}`], cli.io);
    await until(() => cli.out().includes('listening on'), 'the listening line');
    const port = Number(/:(\d+)\/\n/.exec(cli.out())![1]);
    // No Host: refused 400 (RFC 9112 §3.2); then a good request on a new connection.
    const refused = await raw(port, 'GET /nohost HTTP/1.1\r\n\r\n', { responses: 1 });
    expect(refused.responses[0]!.status).toBe(400);
    await (await request(`http://127.0.0.1:${port}/ok`)).body.dump();
    await until(() => cli.out().split('\n').length >= 4, 'two access-log lines');
    cli.stop('SIGTERM');
    expect(await exit).toBe(0);
    const [bad, good] = cli.out().trim().split('\n').slice(1, 3) as [string, string];
    if (format === 'text') {
      expect(bad).toMatch(/^\S+Z 127\.0\.0\.1 - - 400 0B \d+\.\dms MISSING_HOST: .+ \(byte \d+\)$/);
      expect(good).toMatch(/^\S+Z 127\.0\.0\.1 GET \/ok 200 \d+B \d+\.\dms$/);
    } else {
      const b = JSON.parse(bad) as Record<string, unknown>;
      expect(b).toMatchObject({ remoteAddress: '127.0.0.1', method: '-', target: '-', status: 400, bytes: 0, error: { code: 'MISSING_HOST' } });
      expect(new Date(b['time'] as string).toISOString()).toBe(b['time']);
      expect(typeof b['ms']).toBe('number');
      const g = JSON.parse(good) as Record<string, unknown>;
      expect(g).toMatchObject({ remoteAddress: '127.0.0.1', method: 'GET', target: '/ok', status: 200 });
      expect(g).not.toHaveProperty('error');
      expect(g).not.toHaveProperty('worker');
    }
  });

  it('formatAccessLog: a PROXY refusal in text, and a worker\'s line in JSON', () => {
    const entry = { method: '-', target: '-', status: 0, bytes: 0, ms: 1.26, time: Date.UTC(2025, 0, 2, 3, 4, 5, 678), remoteAddress: '::1', error: { code: 'INVALID_PROXY_HEADER', message: 'no PROXY signature (byte 0)' } };
    expect(formatAccessLog(entry)).toBe('2025-01-02T03:04:05.678Z ::1 - - 0 0B 1.3ms INVALID_PROXY_HEADER: no PROXY signature (byte 0)');
    expect(JSON.parse(formatAccessLog(entry, 'json', 2))).toEqual({
      time: '2025-01-02T03:04:05.678Z', remoteAddress: '::1', method: '-', target: '-', status: 0, bytes: 0, ms: 1.3, error: entry.error, worker: 2,
    });
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

  // The executable as a real process receiving a real signal. It runs a build of the sources made here, into a
  // directory of its own, rather than dist/: dist/ may be missing (the test used to skip itself then) or older
  // than the sources (it then tested stale code), and rebuilding dist/ here would race the other test files.
  // The build only emits (noCheck): type-checking is `tsc -p .`'s job in npm test.
  let buildDir = '';
  let bin = '';
  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'h1ref-cli-'));
    const root = fileURLToPath(new URL('../../', import.meta.url));
    await writeFile(join(buildDir, 'tsconfig.json'), JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { outDir: join(buildDir, 'out'), rootDir: root, incremental: false, declaration: false, sourceMap: false, inlineSources: false, noCheck: true, types: [] },
      include: [join(root, 'src')],
    }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', join(buildDir, 'tsconfig.json')]);
    // The package is ESM ("type": "module"); so is its build.
    await writeFile(join(buildDir, 'out', 'package.json'), '{"type":"module"}\n');
    bin = join(buildDir, 'out', 'src', 'cli', 'main.js');
  });
  afterAll(async () => {
    if (buildDir !== '') await rm(buildDir, { recursive: true, force: true });
  });

  it('the h1ref executable, built from the sources, serves, and exits 0 on SIGINT after closing', async () => {
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
