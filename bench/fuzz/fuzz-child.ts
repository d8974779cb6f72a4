/**
 * One end-to-end run in its own process: `runFuzz` against the running targets for the given time, nothing
 * written, no shrinking; prints the counters, this process's CPU (`process.cpuUsage`: every thread of it, the
 * workers included) and how busy the main thread's event loop was.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { runFuzz } from '../../src/fuzz/campaign.js';
import { childResult, childSettings } from './child.js';

/** What the child is given. */
export interface FuzzChildSettings {
  readonly targets: readonly { readonly name: string; readonly host: string; readonly port: number }[];
  readonly seed: number;
  readonly timeMs: number;
  readonly workers: number;
  readonly concurrency: number;
  readonly lingerMs: number;
  readonly confirmLingerMs: number;
  readonly timeoutMs: number;
  readonly rate: number;
  readonly children: number;
}

/** What the child prints. */
export interface FuzzChildResult {
  /** Inputs judged (children included). */
  readonly inputs: number;
  /** Exchanges made, all targets, confirmation repeats included. */
  readonly exchanges: number;
  /** Confirmed findings (unique signatures). */
  readonly findings: number;
  /** Differences dropped as unstable. */
  readonly unstable: number;
  /** Differences seen (every occurrence), by severity. */
  readonly differences: { readonly meaningful: number; readonly permitted: number; readonly excused: number };
  /** runFuzz's own duration (health check, quirk profiling, worker start and the drain at the end included). */
  readonly durationMs: number;
  /** Inputs per second over the steady part: from 1 s after the start to where generation stops. */
  readonly steadyPerSecond: number | null;
  /** Inputs per second over the last quarter of the steady part (after most of the first findings). */
  readonly lastQuarterPerSecond: number | null;
  /** About one sample per second: elapsed ms, inputs, exchanges and findings so far. */
  readonly timeline: readonly { readonly ms: number; readonly inputs: number; readonly exchanges: number; readonly findings: number }[];
  /** This process's CPU per input over the same steady part, µs (start-up and the drain left out). */
  readonly steadyCpuUsPerInput: number | null;
  /** CPU of this process during runFuzz, µs (user, system). */
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  /** The main thread's event-loop utilization during runFuzz (1: never idle). */
  readonly mainLoopUtilization: number;
  /** Targets unreachable or dropped. */
  readonly unreachable: readonly string[];
}

const s = childSettings<FuzzChildSettings>();
// A handle of our own keeps the process alive until runFuzz returns, whatever its worker pool does: a build of
// 2026-12-07 unref'd the pool before awaiting the workers' 'online' events, and the process exited there (code 13).
const keepAlive = setInterval(() => undefined, 60_000);
const samples: { ms: number; inputs: number; cpuUs: number; findings: number; exchanges: number }[] = [];
const elu = performance.eventLoopUtilization();
const cpu = process.cpuUsage();
const report = await runFuzz({
  targets: s.targets.map((t) => ({ ...t, echo: 'h1ref' as const })),
  seed: s.seed,
  timeMs: s.timeMs,
  workers: s.workers,
  concurrency: s.concurrency,
  lingerMs: s.lingerMs,
  confirmLingerMs: s.confirmLingerMs,
  timeoutMs: s.timeoutMs,
  rate: s.rate,
  children: s.children,
  // Nothing written, nothing shrunk: confirmation still runs (three repeats per new signature), as it must.
  shrink: { exchanges: 0, ms: 0 },
  progressMs: 250,
  onProgress: (stats) => {
    const c = process.cpuUsage(cpu);
    samples.push({ ms: stats.elapsedMs, inputs: stats.inputs, cpuUs: c.user + c.system, findings: stats.findings, exchanges: stats.exchanges });
  },
});
const used = process.cpuUsage(cpu);
clearInterval(keepAlive);
const loop = performance.eventLoopUtilization(elu);

// runFuzz stops starting inputs min(shrink ms + 1 s, time / 4) before its deadline (here 1 s, or a quarter).
const generationEnd = s.timeMs - Math.min(1000, s.timeMs / 4);
const steady = samples.filter((x) => x.ms >= 1000 && x.ms <= generationEnd);
const first = steady[0];
const last = steady[steady.length - 1];
const window = first !== undefined && last !== undefined && last.ms > first.ms && last.inputs > first.inputs;
const steadyPerSecond = window ? ((last.inputs - first.inputs) * 1000) / (last.ms - first.ms) : null;
const steadyCpuUsPerInput = window ? (last.cpuUs - first.cpuUs) / (last.inputs - first.inputs) : null;
// The last quarter of the generating part: how fast the loop runs once the first burst of findings is behind it.
const late = steady.filter((x) => x.ms >= generationEnd - (generationEnd - 1000) / 4);
const lateFirst = late[0];
const lastQuarterPerSecond = lateFirst !== undefined && last !== undefined && last.ms > lateFirst.ms ? ((last.inputs - lateFirst.inputs) * 1000) / (last.ms - lateFirst.ms) : null;
// One sample per second for the JSON: how inputs, exchanges and findings grew.
const timeline = samples.filter((x, i) => i === samples.length - 1 || Math.floor(x.ms / 1000) !== Math.floor((samples[i + 1]?.ms ?? 0) / 1000))
  .map((x) => ({ ms: x.ms, inputs: x.inputs, exchanges: x.exchanges, findings: x.findings }));
const differences = { meaningful: 0, permitted: 0, excused: 0 };
for (const counts of Object.values(report.stats.differences)) {
  differences.meaningful += counts.meaningful;
  differences.permitted += counts.permitted;
  differences.excused += counts.excused;
}
childResult({
  inputs: report.stats.inputs,
  exchanges: report.stats.exchanges,
  findings: report.findings.length,
  unstable: report.stats.unstable,
  differences,
  durationMs: report.durationMs,
  steadyPerSecond,
  steadyCpuUsPerInput,
  lastQuarterPerSecond,
  timeline,
  cpuUserUs: used.user,
  cpuSystemUs: used.system,
  mainLoopUtilization: loop.utilization,
  unreachable: report.unreachable,
} satisfies FuzzChildResult);
