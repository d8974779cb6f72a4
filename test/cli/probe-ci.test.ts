// `h1ref probe` as a CI tool (issue 14 §2): --version everywhere, colours from the environment, did-you-mean,
// reports on standard output, failing fast, listing, levels, Host and extra fields, baselines and comparisons,
// run in-process through runCli against h1ref's own server and small node:net / node:http servers on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/probe/index.js';
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
