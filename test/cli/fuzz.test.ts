// `h1ref fuzz` as a command: its runs against real servers on 127.0.0.1 (h1ref serve with and without a
// leniency, node:http with its lenient parser), the files it writes, --replay, --report, --shard, exit codes.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FuzzReport } from '../../src/fuzz/campaign.js';
import type { FindingRecord } from '../../src/fuzz/finding.js';
import { nodeEcho, type TestTarget } from '../fuzz/support.js';
import { run, serve, type Served } from './support.js';

// Shrinking bounded by exchanges, not time, so that minimal bytes do not depend on the machine's load.
const COMMON = ['--seed', '7', '--workers', '0', '--timeout', '500', '--children', '0', '--concurrency', '16', '--shrink-exchanges', '40', '--shrink-time', '10m'];

async function findingFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await findingFiles(join(dir, entry.name))).map((f) => f));
    else if (entry.name.endsWith('.json')) out.push(join(dir, entry.name));
  }
  return out;
}

describe('h1ref fuzz (command)', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'h1ref-fuzz-cli-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('refuses to start without a target: nothing is contacted that was not given (exit 2)', async () => {
    const r = await run(['fuzz', '--runs', '5']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give --target');
  });

  it('--self: h1ref serve agrees with h1ref\'s parser, prints the seed, exit 0', async () => {
    const r = await run(['fuzz', '--self', '--runs', '300', ...COMMON, '--json']);
    expect(r.err).toContain('seed 7');
    const report = JSON.parse(r.out) as FuzzReport;
    expect(report.schema).toBe('h1ref-fuzz/1');
    expect(report.stats.inputs).toBe(300);
    expect(report.findings.filter((f) => f.severity === 'meaningful')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('an unreachable target: one line and exit 3 before any input', async () => {
    const r = await run(['fuzz', '--target', 'gone=127.0.0.1:1', '--runs', '5', ...COMMON]);
    expect(r.code).toBe(3);
    expect(r.err).toBe('h1ref fuzz: cannot reach gone (http://127.0.0.1:1): connect ECONNREFUSED 127.0.0.1:1\n');
  });

  describe('real lenient peers: node:http with insecureHTTPParser, h1ref serve --lenient-bare-lf', () => {
    let node: TestTarget;
    let lenient: Served;
    let out: string;
    let report: FuzzReport;
    beforeAll(async () => {
      node = await nodeEcho(true);
      lenient = await serve(['--lenient-bare-lf']);
      out = join(dir, 'peers');
      const r = await run(['fuzz', '--target', `node-insecure=127.0.0.1:${node.port}`, '--target', `h1ref-lenient=127.0.0.1:${lenient.port}`, '--runs', '150', ...COMMON, '--out', out, '--json']);
      expect(r.code).toBe(1);
      report = JSON.parse(r.out) as FuzzReport;
    });
    afterAll(async () => {
      await node.close();
      await lenient.stop();
    });

    it('finds a framing finding', () => {
      const framing = report.findings.filter((f) => f.class === 'framing' && f.severity === 'meaningful');
      expect(framing.length).toBeGreaterThan(0);
    });

    it('stores every finding as .http + .json, and --replay of one exits 0', async () => {
      const files = await findingFiles(out);
      expect(files.length).toBe(report.findings.length);
      const framing = report.findings.find((f) => f.class === 'framing')!;
      const file = join(out, framing.class, `${framing.hash}.json`);
      const r = await run(['fuzz', '--replay', file]);
      expect(r.out).toContain('reproduced');
      expect(r.code).toBe(0);
    });

    it('--replay against a server without the leniency does not reproduce (exit 1)', async () => {
      const strict = await serve();
      try {
        const f = report.findings.find((x) => x.pair.includes('h1ref-lenient') && x.pair.includes('h1ref-parser') && x.severity === 'meaningful');
        expect(f).toBeDefined();
        const r = await run(['fuzz', '--replay', join(out, f!.class, `${f!.hash}.json`), '--target', `127.0.0.1:${strict.port}`]);
        expect(r.code).toBe(1);
        expect(r.out).toContain('not reproduced');
      } finally {
        await strict.stop();
      }
    });

    it('--emit-case prints a spec-tests case skeleton with the bytes', async () => {
      const f = report.findings[0]!;
      const r = await run(['fuzz', '--replay', join(out, f.class, `${f.hash}.json`), '--emit-case']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`id: 'fuzz/${f.class}-${f.hash}'`);
      expect(r.out).toContain('outcomes: [');
    });

    it('--report renders findings.md and findings.html', async () => {
      const md = join(dir, 'report', 'findings.md');
      const html = join(dir, 'report', 'findings.html');
      const r = await run(['fuzz', '--report', out, '--md', md, '--html', html]);
      expect(r.code).toBe(0);
      expect(await readFile(md, 'utf8')).toContain(report.findings[0]!.hash);
      expect(await readFile(html, 'utf8')).toContain('<table');
    });
  });

  it('two shards, merged by --report, find what one run over the same indices finds', async () => {
    const lenient = await serve(['--lenient-bare-lf']);
    try {
      const args = ['--target', `lenient=127.0.0.1:${lenient.port}`, '--runs', '200', ...COMMON];
      const whole = join(dir, 'whole');
      await run(['fuzz', ...args, '--out', whole]);
      await run(['fuzz', ...args, '--shard', '0/2', '--out', join(dir, 's0')]);
      await run(['fuzz', ...args, '--shard', '1/2', '--out', join(dir, 's1')]);
      const signatures = async (dirs: string[]): Promise<string[]> => {
        const all = (await Promise.all(dirs.map(findingFiles))).flat();
        const records = await Promise.all(all.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as FindingRecord));
        return [...new Set(records.map((r) => r.signature))].sort();
      };
      const one = await signatures([whole]);
      expect(one.length).toBeGreaterThan(0);
      expect(await signatures([join(dir, 's0'), join(dir, 's1')])).toEqual(one);
      const merged = await run(['fuzz', '--report', join(dir, 's0'), join(dir, 's1')]);
      expect(merged.out).toContain(`${one.length} finding`);
    } finally {
      await lenient.stop();
    }
  });
});
