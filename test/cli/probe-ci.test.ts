// `h1ref probe` as a CI tool (issue 14 §2): --version everywhere, colours from the environment, did-you-mean,
// reports on standard output, failing fast, listing, levels, Host and extra fields, baselines and comparisons,
// run in-process through runCli against h1ref's own server and small node:net / node:http servers on 127.0.0.1.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_LINE } from '../../spec-tests/build.js';
import { SUITE } from '../../spec-tests/index.js';
import { caseBytes, planDelivery, printable, withFields, type ProbeReport } from '../../src/probe/index.js';
import { run, serve, type Served } from './support.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let h1ref: Served;
let dir: string;

beforeAll(async () => {
  h1ref = await serve();
  dir = await mkdtemp(join(tmpdir(), 'h1ref-probe-ci-'));
});

afterAll(async () => {
  expect(await h1ref.stop()).toBe(0);
  await rm(dir, { recursive: true, force: true });
});

/** A port where nothing listens: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the command line', () => {
  it('--version at the top level and after every command prints the package version', async () => {
    for (const args of [['--version'], ['probe', '--version'], ['serve', '--version'], ['parse', '--version'], ['fuzz', '--version'],
      ['probe', '127.0.0.1:1', '--only', 'host', '--version']]) {
      const r = await run(args);
      expect(r, args.join(' ')).toEqual({ code: 0, out: `h1ref ${VERSION}\n`, err: '' });
    }
    expect((await run(['probe', '--help'])).out).toMatch(/\n {2}--version +print h1ref's version and exit/);
  });

  it('an unknown option or command names the nearest known one', async () => {
    for (const [args, message] of [
      [['probe', '127.0.0.1:1', '--josn', 'x'], 'unknown option --josn (did you mean --json?)'],
      [['probe', '127.0.0.1:1', '--dryrun'], 'unknown option --dryrun (did you mean --dry-run?)'],
      [['probe', '127.0.0.1:1', '--colour', 'never'], 'unknown option --colour (did you mean --color?)'],
      [['serve', '--prot', '0'], 'unknown option --prot (did you mean --port?)'],
      [['probe', '127.0.0.1:1', '--conc', '2'], 'unknown option --conc (did you mean --concurrency?)'],
      [['probe', '127.0.0.1:1', '-Z'], 'unknown option -Z'],
      [['prbe', '127.0.0.1:1'], 'unknown command "prbe" (did you mean probe?)'],
    ] as const) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0]).toContain(message);
    }
    // Nothing near: no guess.
    expect((await run(['probe', '127.0.0.1:1', '--xyzzy'])).err.split('\n')[0]).toBe('h1ref probe: unknown option --xyzzy');
  });

  it('colours: NO_COLOR turns them off, FORCE_COLOR on, --color decides over both', async () => {
    const args = ['probe', `127.0.0.1:${h1ref.port}`, '--only', 'host/missing-http11'];
    const painted = (r: { out: string }): boolean => r.out.includes('\x1b[1mTotal\x1b[0m');
    expect(painted(await run(args, { tty: { out: true, err: false } }))).toBe(true);
    expect(painted(await run(args, { tty: { out: true, err: false }, env: { NO_COLOR: '1' } }))).toBe(false);
    // An empty NO_COLOR does not count (no-color.org).
    expect(painted(await run(args, { tty: { out: true, err: false }, env: { NO_COLOR: '' } }))).toBe(true);
    expect(painted(await run(args, { tty: { out: false, err: false }, env: { FORCE_COLOR: '1' } }))).toBe(true);
    expect(painted(await run(args, { tty: { out: true, err: false }, env: { FORCE_COLOR: '0' } }))).toBe(false);
    expect(painted(await run([...args, '--color', 'always'], { env: { NO_COLOR: '1' } }))).toBe(true);
    expect(painted(await run([...args, '--color', 'never'], { env: { FORCE_COLOR: '1' } }))).toBe(false);
  });

  it('- writes a report to standard output, and the summary goes to standard error', async () => {
    const args = ['probe', `127.0.0.1:${h1ref.port}`, '--only', 'chunked/size-plus'];
    const json = await run([...args, '--json', '-']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as ProbeReport;
    expect(report.results.map((r) => [r.id, r.verdict])).toEqual([['chunked/size-plus', 'pass']]);
    expect(json.err).toContain('Total: 1 pass');
    const junit = await run([...args, '--junit', '-']);
    expect(junit.out.startsWith('<?xml')).toBe(true);
    const html = await run([...args, '--html', '-', '--json', join(dir, 'also.json')]);
    expect(html.out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'also.json'), 'utf8'))).toMatchObject({ schema: 'h1ref-probe/1' });
    const two = await run([...args, '--json', '-', '--html', '-']);
    expect(two.code).toBe(2);
    expect(two.err).toContain('only one of --json, --junit and --html can go to standard output');
  });
});

describe('failing fast, listing, dry runs', () => {
  it('a target that cannot be reached: one line and exit 2, before any case runs', async () => {
    const port = await closedPort();
    const r = await run(['probe', `127.0.0.1:${port}`, '--json', join(dir, 'never.json')]);
    expect(r).toEqual({ code: 2, out: '', err: `h1ref probe: cannot reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n` });
    await expect(readFile(join(dir, 'never.json'))).rejects.toThrow(/ENOENT/);
  });

  it('cases that cannot run after the target was reached are errors, and exit 2', async () => {
    // A server that takes one connection (the probe's check) and then stops listening.
    const once = net.createServer((socket) => {
      socket.destroy();
      once.close();
    });
    await new Promise<void>((resolve) => once.listen(0, '127.0.0.1', resolve));
    const port = (once.address() as net.AddressInfo).port;
    const r = await run(['probe', `127.0.0.1:${port}`, '--only', 'host/missing-http11']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('ERROR host/missing-http11');
    expect(r.out).toContain('ECONNREFUSED');
  });

  it('--list needs no target: id, section, level and description of each selected case, control bytes escaped', async () => {
    const r = await run(['probe', '--list', '--only', 'version', '--skip', 'version/http09', '--level', 'SHOULD']);
    expect(r.code).toBe(0);
    const want = SUITE.filter((c) => c.category === 'version' && c.id !== 'version/http09' && c.level === 'SHOULD');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id +section +level +description$/);
    expect(lines.at(-1)).toBe(`${want.length} cases`);
    expect(lines.slice(1, -1).map((l) => l.split(/ {2,}/))).toEqual(want.map((c) => [c.id, c.section, c.level, printable(c.description)]));
    // version/malformed-nul's description quotes a NUL.
    expect(r.out).toContain('"HTTP/1.1\\x00"');
    expect(r.out).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
  });

  it('--dry-run needs no target', async () => {
    const r = await run(['probe', '--dry-run', '--only', 'chunked/size-plus', '--json', join(dir, 'dry.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^h1ref probe none: 1 case\(s\)/);
    const report = JSON.parse(await readFile(join(dir, 'dry.json'), 'utf8')) as ProbeReport;
    expect(report).toMatchObject({ target: 'none', options: { dryRun: true }, summary: { total: 1, skip: 1 } });
  });
});

describe('--level, --host-header and -H', () => {
  it('--level runs only the cases of the levels named', async () => {
    const file = join(dir, 'levels.json');
    const r = await run(['probe', `127.0.0.1:${h1ref.port}`, '--only', 'limits', '--level', 'SHOULD,MAY', '--json', file]);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(file, 'utf8')) as ProbeReport;
    const want = SUITE.filter((c) => c.category === 'limits' && c.level !== 'MUST');
    expect(want.length).toBeGreaterThan(0);
    expect(report.results.map((x) => x.id)).toEqual(want.map((c) => c.id));
    expect(report.options.levels).toEqual(['SHOULD', 'MAY']);
    expect((await run(['probe', '--list', '--level', 'must'])).err).toContain('--level must be one of MUST, SHOULD, MAY, got "must"');
  });

  it('a virtual-hosted server is probed as deployed; cases about Host keep their own', async () => {
    // node:http answering 200 for app.example with the right token, 421 (Misdirected Request) for anything else.
    const seen: string[] = [];
    const vhost = http.createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.headers['x-token']}`);
      res.statusCode = req.headers.host === 'app.example' && req.headers['x-token'] === 't 1' ? 200 : 421;
      res.end();
    });
    await new Promise<void>((resolve) => vhost.listen(0, '127.0.0.1', resolve));
    const port = (vhost.address() as net.AddressInfo).port;
    try {
      const only = ['request-line/get-origin', 'host/valid-port'];
      const args = ['probe', `127.0.0.1:${port}`, '--only', only.join(','), '--echo', 'none'];
      const plain = JSON.parse((await run([...args, '--json', '-'])).out) as ProbeReport;
      expect(plain.results.map((x) => x.statuses)).toEqual([[421], [421]]);
      const file = join(dir, 'vhost.json');
      const r = await run([...args, '--host-header', 'app.example', '-H', 'X-Token: t 1', '--json', file]);
      const report = JSON.parse(await readFile(file, 'utf8')) as ProbeReport;
      const [custom, host] = report.results;
      expect(custom!.statuses).toEqual([200]);
      expect(Buffer.from(custom!.request, 'base64').toString('latin1')).toContain('\r\nHost: app.example\r\nX-Token: t 1\r\n');
      // The Host case sends its own Host, so this server answers it 421.
      expect(Buffer.from(host!.request, 'base64')).toEqual(Buffer.from(caseBytes(SUITE.find((c) => c.id === 'host/valid-port')!)));
      expect(host!.statuses).toEqual([421]);
      expect(report.options.fields).toEqual({ host: 'app.example', extra: ['X-Token: t 1'] });
      expect(r.code).toBe(0);
      // -H 'Host: …' is --host-header.
      const same = JSON.parse((await run([...args, '-H', 'host: app.example', '-HX-Token: t 1', '--json', '-'])).out) as ProbeReport;
      expect(same.results[0]!.statuses).toEqual([200]);
      expect(seen).toContain('app.example t 1');
    } finally {
      await new Promise((resolve) => vhost.close(resolve));
    }
    for (const [args, message] of [
      [['-H', 'no colon'], "-H needs 'Name: value'"],
      [['-H', 'Bad Name: x'], "-H needs 'Name: value'"],
      [['--host-header', 'a\rb'], '--host-header: a field value cannot hold control characters'],
    ] as const) {
      const r = await run(['probe', '--list', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
    }
  });

  it('withFields moves the cuts of split and await deliveries with the bytes', () => {
    for (const c of SUITE.filter((x) => x.delivery?.mode === 'split' || x.delivery?.mode === 'await')) {
      const moved = withFields(c, HOST_LINE, { host: 'a-longer-host.example', fields: ['X-A: 1'] });
      const before = planDelivery(c).pieces.map((p) => Buffer.from(p).toString('latin1'));
      const after = planDelivery(moved).pieces.map((p) => Buffer.from(p).toString('latin1'));
      expect(after.join(''), c.id).toBe(moved.request);
      expect(after.length, c.id).toBe(before.length);
      if (!c.request.includes(`\r\n${HOST_LINE}\r\n`)) {
        expect(moved, c.id).toBe(c);
        continue;
      }
      expect(after.every((p) => p.length > 0), c.id).toBe(true);
      // Every piece is the same once the Host line is put back, unless a cut falls inside a Host line.
      const restore = (p: string): string => p.replaceAll('Host: a-longer-host.example\r\nX-A: 1', HOST_LINE);
      const cuts = before.slice(0, -1).map((_, i) => before.slice(0, i + 1).join('').length);
      const lines = [...c.request.matchAll(new RegExp(`(?<=\r\n)${HOST_LINE}\r\n`, 'g'))].map((m) => m.index);
      const cutInHost = cuts.some((at) => lines.some((start) => at > start && at < start + HOST_LINE.length));
      if (!cutInHost) expect(after.map(restore), c.id).toEqual(before);
    }
  });
});
