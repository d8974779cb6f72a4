// The fuzzer end to end, against real servers on 127.0.0.1: h1ref's own strict echo server (which must agree
// with h1ref's parser: nothing found), and lenient servers with one leniency each, which a bounded, seeded run
// must find, confirm and shrink. Runs are bounded by --runs, not by time.
import { Buffer } from 'node:buffer';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FuzzOptions, type FuzzReport, fuzzExitCode, runFuzz } from '../../src/fuzz/campaign.js';
import type { FindingRecord } from '../../src/fuzz/finding.js';
import { replayFinding } from '../../src/fuzz/replay.js';
import { addsHeader, bareLineFeed, chunkedNotLast, lenientFront, spaceBeforeColon, strictEcho, type TestTarget } from './support.js';

// Shrinking bounded by exchanges only (not by time), so that the minimal bytes do not depend on the machine's speed.
const base: Omit<FuzzOptions, 'targets'> = { seed: 20261207, workers: 0, timeoutMs: 1000, concurrency: 16, children: 0, shrink: { exchanges: 100, ms: 600_000 } };
const target = (name: string, t: TestTarget) => ({ name, host: '127.0.0.1', port: t.port, echo: 'h1ref' as const });
const bytesOf = (f: FindingRecord): string => Buffer.from(f.bytes, 'base64').toString('latin1');
const meaningful = (r: FuzzReport): FindingRecord[] => r.findings.filter((f) => f.severity === 'meaningful');

describe('h1ref fuzz: --self', () => {
  let strict: TestTarget;
  beforeAll(async () => { strict = await strictEcho(); });
  afterAll(async () => { await strict.close(); });

  it('h1ref\'s own server agrees with h1ref\'s parser on every input: nothing meaningful, exit 0', async () => {
    const report = await runFuzz({ ...base, targets: [target('h1ref', strict)], runs: 400 });
    expect(report.stats.inputs).toBe(400);
    expect(meaningful(report)).toEqual([]);
    expect(report.unreachable).toEqual([]);
    expect(fuzzExitCode(report, 'meaningful')).toBe(0);
  });

  it('contacts no address but the one given', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    try {
      await runFuzz({ ...base, targets: [target('h1ref', strict)], runs: 40 });
      const ports = new Set(connect.mock.calls.map((call) => {
        // Node normalises connect's arguments into an array [options, callback] before calling the method.
        const first = call[0] as unknown;
        const o = (Array.isArray(first) ? first[0] : first) as net.TcpNetConnectOpts | number;
        return typeof o === 'number' ? o : o.port;
      }));
      expect([...ports]).toEqual([strict.port]);
    } finally {
      connect.mockRestore();
    }
  });

  it('the same seed gives the same findings', async () => {
    const lenient = await lenientFront(bareLineFeed);
    try {
      const a = await runFuzz({ ...base, targets: [target('lenient', lenient)], runs: 150 });
      const b = await runFuzz({ ...base, targets: [target('lenient', lenient)], runs: 150 });
      expect(a.findings.map((f) => f.signature).sort()).toEqual(b.findings.map((f) => f.signature).sort());
      expect(a.findings.length).toBeGreaterThan(0);
    } finally {
      await lenient.close();
    }
  });
});

describe('h1ref fuzz finds each leniency of a lenient server, and shrinks it', () => {
  const servers: TestTarget[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });
  const run = async (rewrite: (t: string) => string, runs = 300): Promise<FuzzReport> => {
    const s = await lenientFront(rewrite);
    servers.push(s);
    return runFuzz({ ...base, targets: [target('lenient', s)], runs });
  };

  it('a bare LF accepted as a line ending (RFC 9112 §2.2: h1ref refuses it) is found, and shrunk to a fraction of its input', async () => {
    const report = await run(bareLineFeed);
    const found = meaningful(report).filter((f) => f.views['h1ref-parser']!.error?.code === 'BARE_LF');
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      // The bare LF survives shrinking (it is the finding), and most of the input does not.
      expect(bytesOf(f)).toMatch(/(?<!\r)\n/);
      expect(f.shrink.to).toBeLessThanOrEqual(f.shrink.from / 3);
      expect(['accept-reject', 'framing']).toContain(f.class);
    }
    expect(fuzzExitCode(report, 'meaningful')).toBe(1);
  });

  it('whitespace before a colon ignored (RFC 9112 §5.1: MUST refuse) is found, and its minimal input keeps the space before the colon', async () => {
    const report = await run(spaceBeforeColon);
    const found = meaningful(report).filter((f) => f.class === 'accept-reject' && /[ \t]:/.test(bytesOf(f)));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.views['h1ref-parser']!.error?.code).toBeDefined();
  });

  it('chunked not last still decoded (RFC 9112 §6.3) is found', async () => {
    const report = await run(chunkedNotLast, 500);
    const found = meaningful(report).filter((f) => /chunked/i.test(bytesOf(f)));
    expect(found.length).toBeGreaterThan(0);
  });

  it('two leniencies of one class between the same pair are two findings, not one', async () => {
    const report = await run((t) => spaceBeforeColon(bareLineFeed(t)), 400);
    const codes = new Set(meaningful(report).filter((f) => f.pair[0] === 'lenient' && f.pair[1] === 'h1ref-parser').map((f) => f.views['h1ref-parser']!.error?.code));
    expect(codes).toContain('BARE_LF');
    expect(codes).toContain('WHITESPACE_BEFORE_COLON');
  });

  it('a server that only adds a header field to what it echoes is excused as a quirk, not reported', async () => {
    const report = await run(addsHeader, 200);
    expect(report.targets[0]!.quirks).toContain('added-headers');
    expect(meaningful(report)).toEqual([]);
    expect(fuzzExitCode(report, 'meaningful')).toBe(0);
  });
});

describe('store and replay', () => {
  let lenient: TestTarget;
  let dir: string;
  beforeAll(async () => {
    lenient = await lenientFront(bareLineFeed);
    dir = await mkdtemp(join(tmpdir(), 'h1ref-fuzz-'));
  });
  afterAll(async () => {
    await lenient.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes DIR/<class>/<hash>.http with exactly the bytes and the .json beside it; replay reproduces', async () => {
    const report = await runFuzz({ ...base, targets: [target('lenient', lenient)], runs: 150, outDir: dir });
    expect(report.findings.length).toBeGreaterThan(0);
    const f = report.findings[0]!;
    const http = await readFile(join(dir, f.class, `${f.hash}.http`));
    expect(http.toString('base64')).toBe(f.bytes);
    const json = JSON.parse(await readFile(join(dir, f.class, `${f.hash}.json`), 'utf8')) as FindingRecord;
    expect(json.signature).toBe(f.signature);
    const log = (await readFile(join(dir, 'run.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(log[0]!.type).toBe('start');
    expect(log.at(-1)!.type).toBe('end');
    expect(log.filter((l) => l.type === 'finding')).toHaveLength(report.findings.length);
    expect(await readdir(dir)).toContain(f.class);
    const replay = await replayFinding(json);
    expect(replay.reproduced).toBe(true);
  });
});

describe('a dead target', () => {
  it('a target that dies on some input is health-checked, dropped after ten failed checks, and the run ends: exit 3', async () => {
    const dying = await lenientFront((t) => t, /chunked/i);
    try {
      const report = await runFuzz({ ...base, targets: [target('dying', dying)], runs: 400 });
      expect(report.targets[0]!.dropped).toBe(true);
      expect(report.unreachable).toEqual(['dying']);
      // It was dropped once dead: far fewer inputs than asked were judged.
      expect(report.stats.inputs).toBeLessThan(400);
      expect(fuzzExitCode(report, 'meaningful')).toBe(3);
    } finally {
      await dying.close();
    }
  });

  it('an unreachable target stops the run before any input, exit 3', async () => {
    const probe = net.createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    const report = await runFuzz({ ...base, targets: [{ name: 'gone', host: '127.0.0.1', port }], runs: 10 });
    expect(report.unreachable).toEqual(['gone']);
    expect(report.stats.inputs).toBe(0);
    expect(fuzzExitCode(report, 'meaningful')).toBe(3);
  });
});
