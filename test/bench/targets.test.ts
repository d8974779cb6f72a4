// The server benchmark's issue 15 verdicts: each judged figure from the medians over rounds, and the same figure
// computed inside each round (its servers measured close together) — which differs when the machine's speed
// changes between rounds, as it does here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadName, RunSample, ServerRound } from '../../bench/server/load.js';
import { parseOptions, type Options } from '../../bench/server/options.js';
import type { BenchServer } from '../../bench/server/protocol.js';
import type { ServerSummary } from '../../bench/server/report.js';
import { formatBaseline, formatTargets } from '../../bench/server/targets.js';
import { summarize } from '../../bench/parser/results.js';

// A run whose server CPU per request is `us` µs (one core busy at 1e6 / us requests per second).
function run(us: number): RunSample {
  return { requestsPerSecond: 1e6 / us, requests: 1e6, p50Ms: 1, p99Ms: 2, errors: 0, non2xx: 0, serverCpu: 1, wrkCpu: 0.5, otherCpu: 0, attempts: 1, disturbed: false, waitedMs: 0 } as RunSample;
}

function measured(load: LoadName, perRound: Partial<Record<BenchServer, number>>[]): { summaries: ServerSummary[]; rounds: ServerRound[] } {
  const rounds: ServerRound[] = perRound.flatMap((cpu, round) =>
    Object.entries(cpu).map(([server, us]) => ({ server: server as BenchServer, round, responseBytes: 217, runs: { [load]: run(us) } })),
  );
  const servers = Object.keys(perRound[0]!) as BenchServer[];
  const summaries = servers.map((server): ServerSummary => {
    const cpu = perRound.map((r) => r[server]!);
    return {
      server,
      responseBytes: 217,
      loads: { [load]: { requestsPerSecond: summarize(cpu.map((us) => 1e6 / us)), cpuPerRequestUs: summarize(cpu), p50Ms: 1, p99Ms: 2, serverCpu: 1, wrkCpu: 0.5, maxOtherCpu: 0, retried: 0, disturbed: 0, errors: 0 } },
      memory: undefined,
    };
  });
  return { summaries, rounds };
}

describe('bench:server targets (issue 15)', () => {
  it('judges the close row from the medians and shows the per-round figures beside them', () => {
    // The machine is twice as slow in the last two rounds: the medians mix machine states, the rounds do not.
    const { summaries, rounds } = measured('close', [
      { 'h1ref-echo': 80, 'node-http-echo': 92, 'echo-floor': 75 },
      { 'h1ref-echo': 82, 'node-http-echo': 95, 'echo-floor': 76 },
      { 'h1ref-echo': 160, 'node-http-echo': 184, 'echo-floor': 150 },
    ]);
    const text = formatTargets(summaries, ['close'], rounds);
    expect(text).toContain('h1ref-echo 82.00 µs − echo-floor 76.00 µs = 6.00 µs per connection (target ≤ 10 µs): met; per round 6.00 (5.00–10.00) over 3 round(s)');
    expect(text).toContain('node-http-echo 95.00 µs ÷ h1ref-echo 82.00 µs = 1.16 (target ≥ 1.15): met; per round 1.15 (1.15–1.16) over 3 round(s)');
  });

  it('computes the echo share per round only from rounds that measured all three servers', () => {
    const { summaries, rounds } = measured('keep-alive', [
      { 'h1ref-echo': 20, 'node-http-echo': 30, 'echo-floor': 15 },
      { 'h1ref-echo': 50, 'node-http-echo': 60, 'echo-floor': 30 },
    ]);
    const partial = rounds.filter((r) => !(r.round === 1 && r.server === 'echo-floor'));
    expect(formatTargets(summaries, ['keep-alive'], partial)).toContain("h1ref's share 0.56 (target ≤ 0.33): **missed**; per round 0.33 (0.33–0.33) over 1 round(s)");
  });

  it('leaves the per-round figures out when no rounds are given', () => {
    const { summaries } = measured('close', [{ 'h1ref-echo': 80, 'node-http-echo': 92, 'echo-floor': 75 }]);
    expect(formatTargets(summaries, ['close'])).not.toContain('per round');
  });
});

describe('bench:server --baseline: another build measured in the same rounds', () => {
  it('gives baseline ÷ this build per round for each of h1ref\'s servers that has a twin', () => {
    // The second round ran on a machine twice as slow: the ratio inside each round does not see it.
    const { summaries, rounds } = measured('keep-alive', [
      { 'h1ref-echo': 20, 'h1ref-echo@baseline': 24, 'node-http-echo': 30, 'echo-floor': 15 },
      { 'h1ref-echo': 40, 'h1ref-echo@baseline': 44, 'node-http-echo': 60, 'echo-floor': 30 },
    ]);
    const text = formatBaseline(summaries, ['keep-alive'], rounds);
    expect(text).toContain('- h1ref-echo: keep-alive 1.15 (1.10–1.20) over 2 round(s)');
    expect(text).not.toContain('node-http-echo');
  });

  it('says nothing when no baseline servers were measured', () => {
    const { summaries, rounds } = measured('close', [{ 'h1ref-echo': 80, 'node-http-echo': 92, 'echo-floor': 75 }]);
    expect(formatBaseline(summaries, ['close'], rounds)).toBe('');
  });

  it('puts each of h1ref\'s selected servers\' twin right after it, and needs the other build\'s server child', () => {
    const dir = mkdtempSync(join(tmpdir(), 'h1ref-baseline-'));
    try {
      expect(() => parseOptions(['--baseline', dir])).toThrow(/server-child\.js not found; build that checkout first/);
      mkdirSync(join(dir, 'dist', 'bench', 'server'), { recursive: true });
      writeFileSync(join(dir, 'dist', 'bench', 'server', 'server-child.js'), '');
      const options = parseOptions(['--baseline', dir, '--server', 'echo-floor,h1ref-echo,h1ref']) as Options;
      expect(options.servers).toEqual(['h1ref', 'h1ref@baseline', 'h1ref-echo', 'h1ref-echo@baseline', 'echo-floor']);
      expect(options.baselineChild).toBe(join(dir, 'dist', 'bench', 'server', 'server-child.js'));
      expect((parseOptions(['--server', 'h1ref']) as Options).servers).toEqual(['h1ref']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
