/**
 * The report: the machine, the three tables (socket-free, end to end, Garden-style) as medians with their
 * min–max over rounds, the issue's two targets checked, and the per-input CPU budget the socket-free rows imply.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, type Summary } from '../parser/results.js';
import { shell } from '../server/spawn.js';
import type { FuzzChildResult } from './fuzz-child.js';
import type { GardenResult } from './garden.js';
import type { CpuShares } from './cpu.js';
import type { Options } from './options.js';
import type { SocketFreeCase, SocketFreeResult } from './socket-free.js';

/** The issue's targets: end to end ≥ 50 × the Garden-style loop, and ≥ 1,000 inputs/s. */
export const TARGETS = { ratio: 50, inputsPerSecond: 1000 } as const;

/** The machine, for the header and the JSON. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly kernel: string;
  readonly node: string;
  readonly pinning: string;
  readonly loadAverage: readonly number[];
  /**
   * What was measured: the commit, whether the tree had changes, and a hash of the compiled fuzzer
   * (`dist/src/fuzz`), which moves while src/fuzz is being worked on.
   */
  readonly build: string;
}

/** The commit and a hash of the compiled fuzzer's files. */
function buildOf(): string {
  const head = shell('git rev-parse --short HEAD') ?? 'no git';
  const dirty = (shell('git status --porcelain') ?? '') !== '';
  const dir = fileURLToPath(new URL('../../src/fuzz/', import.meta.url));
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.js')) hash.update(name).update(readFileSync(file));
    }
  };
  try {
    walk(dir);
  } catch {
    return `${head}${dirty ? ' + uncommitted changes' : ''}`;
  }
  return `${head}${dirty ? ' + uncommitted changes' : ''}, compiled src/fuzz ${hash.digest('hex').slice(0, 10)}`;
}

/** Reads the machine (the model name from /proc/cpuinfo, as `lscpu` would). */
export function machine(pinning: string): Machine {
  let cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'latin1').split('\n').find((l) => l.startsWith('model name'));
    if (line !== undefined) cpu = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    pinning,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    build: buildOf(),
  };
}

/** One measurement, with who used the CPU meanwhile. */
export interface Sample<R> {
  readonly round: number;
  readonly result: R;
  /** Cores used during the child's life: each target (in the order of `options.targets`), ours, others'. */
  readonly cpu: CpuShares;
  /** Attempts made (more than one when a run was disturbed by other processes). */
  readonly attempts: number;
  /** Whether other processes used more than `--max-other` cores even in the attempt kept. */
  readonly disturbed: boolean;
  /** Targets that had died and were restarted before this run. */
  readonly restarted: readonly string[];
  /** Targets that died during this run (its numbers do not measure the fuzzer). */
  readonly died: readonly string[];
}

/** One end-to-end run. */
export type EndToEndSample = Sample<FuzzChildResult> & { readonly workers: number };

/** Everything measured, as `--json` prints it. */
export interface BenchReport {
  readonly schema: 'h1ref-bench-fuzz/1';
  readonly machine: Machine;
  readonly options: Options;
  readonly startedAt: string;
  readonly socketFree: readonly Sample<SocketFreeResult>[];
  readonly endToEnd: readonly EndToEndSample[];
  readonly garden: readonly Sample<GardenResult>[];
  /** Captured exchanges behind the `read` case. */
  readonly corpusSize: number;
  readonly notes: readonly string[];
  readonly profile?: string;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 1): string => n.toFixed(digits);
const spread = (s: Summary, f: (n: number) => string = int): string => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const median = (values: readonly number[]): number => summarize(values).median;

/** Inputs per second of an end-to-end run: inputs judged over runFuzz's whole duration. */
export function e2eRate(r: FuzzChildResult): number {
  return (r.inputs * 1000) / Math.max(1, r.durationMs);
}

const CASES: readonly { case: SocketFreeCase; what: string; unit: string }[] = [
  { case: 'generate', what: 'generation + reference view: `generateInput(i, { seed })` (what a worker does per input)', unit: 'inputs/s' },
  { case: 'judge', what: 'judging: `compareViews` of each target vs the reference + `compareTargets` of each pair + novelty key, over the real targets\' views (main thread, per input)', unit: 'inputs/s' },
  { case: 'read', what: 'reading one answer: request methods, counting parser, `analyzeResponses` (byte by byte, echo decoded), `targetView` (main thread, per exchange)', unit: 'exchanges/s' },
];

/** ` (2 of 3 disturbed)` when some runs of a row were disturbed by other processes. */
function disturbance(runs: readonly Sample<unknown>[]): string {
  const n = runs.filter((x) => x.disturbed).length;
  return n === 0 ? '' : ` (${n} of ${runs.length} disturbed)`;
}

/** Median cores of target `name` over the runs. */
function targetCores(r: BenchReport, runs: readonly Sample<unknown>[], name: string, digits = 2): string {
  const i = r.options.targets.indexOf(name as never);
  return fixed(median(runs.map((x) => x.cpu.targets[i] ?? Number.NaN)), digits);
}

function socketFreeTable(r: BenchReport): string[] {
  if (r.socketFree.length === 0) return [];
  const lines = [
    `### Socket-free, one thread (${fixed(r.options.socketFreeMs / 1000)} s each after ${fixed(r.options.warmupMs / 1000)} s warm-up, a fresh process per case and round)`,
    '',
    '| case | what is timed | rate median (min–max) | CPU µs per item | other processes, cores |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  const runsOf = (c: SocketFreeCase): Sample<SocketFreeResult>[] => r.socketFree.filter((x) => x.result.case === c);
  for (const c of CASES) {
    const runs = runsOf(c.case);
    if (runs.length === 0) continue;
    const rate = summarize(runs.map((x) => x.result.perSecond));
    const share = runs[0]!.result.differingShare;
    const extra = c.case === 'judge' && share !== undefined
      ? ` (${int(runs[0]!.result.corpusSize ?? 0)} inputs; some pair differs on ${fixed(100 * share)} % of them)`
      : c.case === 'read' ? ` (${int(r.corpusSize)} answers captured from the targets)` : '';
    lines.push(`| ${c.case} | ${c.what}${extra} | ${spread(rate)} ${c.unit}${disturbance(runs)} | ${fixed(median(runs.map((x) => x.result.cpuUsPerItem)), 1)} | ${fixed(median(runs.map((x) => x.cpu.other)), 2)} |`);
  }
  const us = (c: SocketFreeCase): number | undefined => {
    const runs = runsOf(c);
    return runs.length === 0 ? undefined : 1e6 / median(runs.map((x) => x.result.perSecond));
  };
  const g = us('generate');
  const j = us('judge');
  const rd = us('read');
  if (j !== undefined && rd !== undefined) {
    const targets = r.options.targets.length;
    const main = j + targets * rd;
    lines.push('', `Main thread per input, sockets aside: judge ${fixed(j)} µs + ${targets} × read ${fixed(rd)} µs = **${fixed(main)} µs**, a ceiling of ${int(1e6 / main)} inputs/s with workers` +
      (g === undefined ? '.' : `; with workers = 0, + generate ${fixed(g)} µs = ${fixed(main + g)} µs, a ceiling of ${int(1e6 / (main + g))} inputs/s. Generation on one worker alone: ${int(1e6 / g)} inputs/s.`));
  }
  return lines;
}

function gardenRate(r: BenchReport): number | undefined {
  return r.garden.length === 0 ? undefined : median(r.garden.map((g) => g.result.perSecond));
}

function endToEndTable(r: BenchReport): string[] {
  if (r.endToEnd.length === 0) return [];
  const o = r.options;
  const names = o.targets;
  const garden = gardenRate(r);
  const lines = [
    `### End to end: runFuzz against ${names.join(' and ')} (separate processes on 127.0.0.1), ${fixed(o.timeMs / 1000)} s per run`,
    '',
    `seed ${o.seed}, concurrency ${o.concurrency}, linger ${o.lingerMs} ms, timeout ${o.timeoutMs} ms, rate ≤ ${int(o.rate)}/s, children ${o.children}, confirmation linger ${o.confirmLingerMs} ms, ` +
      'no shrinking, nothing written. inputs/s = inputs judged ÷ runFuzz\'s whole duration; steady = from 1 s in to where generation stops; last quarter = the last quarter of that. ' +
      'Fuzzer CPU is the whole process (workers included), per input over the steady part; fuzzer cores over the whole run; main loop busy is the main thread\'s event-loop utilization.',
    '',
    `| workers | inputs/s median (min–max) | steady inputs/s | last-quarter inputs/s | exchanges/s | ÷ Garden-style | fuzzer CPU µs/input | fuzzer cores | main loop busy | ${names.map((n) => `${n} cores`).join(' | ')} | other processes, cores | differences m/p/e | findings |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ${names.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
  ];
  for (const w of o.workers) {
    const runs = r.endToEnd.filter((x) => x.workers === w);
    if (runs.length === 0) continue;
    const rate = summarize(runs.map((x) => e2eRate(x.result)));
    const steady = runs.map((x) => x.result.steadyPerSecond).filter((x): x is number => x !== null);
    const late = runs.map((x) => x.result.lastQuarterPerSecond).filter((x): x is number => x !== null);
    const xs = median(runs.map((x) => (x.result.exchanges * 1000) / Math.max(1, x.result.durationMs)));
    const steadyCpu = runs.map((x) => x.result.steadyCpuUsPerInput).filter((x): x is number => x !== null);
    const cpuPer = steadyCpu.length > 0 ? median(steadyCpu) : median(runs.map((x) => (x.result.cpuUserUs + x.result.cpuSystemUs) / Math.max(1, x.result.inputs)));
    const cores = median(runs.map((x) => (x.result.cpuUserUs + x.result.cpuSystemUs) / 1000 / Math.max(1, x.result.durationMs)));
    const loop = median(runs.map((x) => x.result.mainLoopUtilization));
    const diff = (k: 'meaningful' | 'permitted' | 'excused'): string => int(median(runs.map((x) => x.result.differences[k])));
    lines.push(
      `| ${w} | ${spread(rate)}${disturbance(runs)} | ${steady.length === 0 ? '–' : int(median(steady))} | ${late.length === 0 ? '–' : int(median(late))} | ${int(xs)} | ${garden === undefined ? '–' : `${fixed(rate.median / garden, 0)}×`} | ` +
        `${int(cpuPer)} | ${fixed(cores, 2)} | ${fixed(100 * loop, 0)} % | ${names.map((n) => targetCores(r, runs, n)).join(' | ')} | ` +
        `${fixed(median(runs.map((x) => x.cpu.other)), 2)} | ${diff('meaningful')}/${diff('permitted')}/${diff('excused')} | ${spread(summarize(runs.map((x) => x.result.findings)))} |`,
    );
  }
  return lines;
}

function gardenTable(r: BenchReport): string[] {
  if (r.garden.length === 0) return [];
  const o = r.options;
  const g = r.garden;
  const rate = summarize(g.map((x) => x.result.perSecond));
  const names = o.targets;
  return [
    `### Garden-style loop: the same inputs one at a time, each to ${names.join(' and ')} in parallel, read until ${o.silenceMs} ms of silence (+ one more read), ${fixed(o.timeMs / 1000)} s per run`,
    '',
    `| inputs/s median (min–max) | exchanges/s | ms per input | ${names.map((n) => `${n} ms/roundtrip`).join(' | ')} | CPU µs/input | ${names.map((n) => `${n} cores`).join(' | ')} | inputs that differ | connect errors |`,
    `| ---: | ---: | ---: | ${names.map(() => '---:').join(' | ')} | ---: | ${names.map(() => '---:').join(' | ')} | ---: | ---: |`,
    `| ${spread(rate, (n) => fixed(n))}${disturbance(g)} | ${fixed(median(g.map((x) => (x.result.exchanges * 1000) / x.result.ms)))} | ${fixed(median(g.map((x) => x.result.meanInputMs)))} | ` +
      `${names.map((n) => fixed(median(g.map((x) => x.result.meanRoundtripMs[n] ?? Number.NaN)))).join(' | ')} | ${int(median(g.map((x) => x.result.cpuUsPerInput)))} | ` +
      `${names.map((n) => targetCores(r, g, n, 3)).join(' | ')} | ${int(median(g.map((x) => x.result.differing)))} of ${int(median(g.map((x) => x.result.inputs)))} | ${int(median(g.map((x) => x.result.errors)))} |`,
  ];
}

function targetsTable(r: BenchReport): string[] {
  const garden = gardenRate(r);
  if (r.endToEnd.length === 0) return [];
  const met = (ok: boolean): string => (ok ? 'met' : '**not met**');
  /** The workers setting with the highest median of `rate`, with its median and spread. */
  const best = (rate: (x: FuzzChildResult) => number | null): { workers: number; s: Summary } | undefined => {
    let found: { workers: number; s: Summary } | undefined;
    for (const w of r.options.workers) {
      const values = r.endToEnd.filter((x) => x.workers === w).map((x) => rate(x.result)).filter((v): v is number => v !== null);
      if (values.length === 0) continue;
      const s = summarize(values);
      if (found === undefined || s.median > found.s.median) found = { workers: w, s };
    }
    return found;
  };
  const lines = ['### The issue\'s targets (the best workers setting, by median)', '', '| measure | value | target | |', '| --- | ---: | ---: | --- |'];
  const rows: [string, ((x: FuzzChildResult) => number | null)][] = [
    ['whole run', e2eRate],
    ['last quarter of the run (what a longer run sustains)', (x) => x.lastQuarterPerSecond],
  ];
  for (const [label, rate] of rows) {
    const b = best(rate);
    if (b === undefined) continue;
    lines.push(`| end to end, inputs/s, ${label} (workers ${b.workers}) | ${int(b.s.median)} (${int(b.s.min)}–${int(b.s.max)}) | ≥ ${int(TARGETS.inputsPerSecond)} | ${met(b.s.median >= TARGETS.inputsPerSecond)} |`);
    if (garden !== undefined) {
      lines.push(`| end to end ÷ Garden-style, ${label} (workers ${b.workers}) | ${fixed(b.s.median / garden, 0)}× (${fixed(b.s.min / garden, 0)}–${fixed(b.s.max / garden, 0)}×) | ≥ ${TARGETS.ratio}× | ${met(b.s.median / garden >= TARGETS.ratio)} |`);
    }
  }
  return lines;
}

/** The whole report as markdown. */
export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    `## h1ref fuzz throughput — ${r.startedAt}`,
    '',
    `${m.cpu}, ${m.cores} cores, ${m.kernel}, node ${m.node}; ${m.pinning}; load average at start ${m.loadAverage.join(' / ')}; ${r.options.rounds} round(s); build ${m.build ?? '?'}`,
    '',
    ...socketFreeTable(r),
    '',
    ...endToEndTable(r),
    '',
    ...gardenTable(r),
    '',
    ...targetsTable(r),
  ];
  if (r.notes.length > 0) lines.push('', 'Notes:', ...r.notes.map((n) => `- ${n}`));
  if (r.profile !== undefined) lines.push('', r.profile);
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}
