/**
 * Who used the machine during a measurement, from `/proc`: each target, the measuring child (through this
 * process's `cutime`/`cstime`, which take in a child's CPU once it has exited and been reaped), and everyone
 * else. This machine is shared with other work; a run during which others used a noticeable share of its two
 * cores is not a measurement of the fuzzer, so the runner waits for quiet before each run, measures a disturbed
 * run again, and says which runs were disturbed.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { shell } from '../server/spawn.js';

const TICKS = Number(shell('getconf CLK_TCK') ?? '100') || 100;

/** Machine-wide busy ticks: user + nice + system + steal (irq and softirq left out: that is loopback traffic). */
function machineBusy(): number {
  const f = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  return f[0]! + f[1]! + f[2]! + (f[7] ?? 0);
}

/** utime + stime of a process (and, with `children`, of its reaped children too); NaN once it has gone. */
function processTicks(pid: number | 'self', children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of the line: utime, stime, cutime, cstime.
    return Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return Number.NaN;
  }
}

/** Counters at one moment. */
interface Snapshot {
  readonly at: number;
  readonly busy: number;
  readonly self: number;
  readonly targets: readonly number[];
}

function take(pids: readonly number[]): Snapshot {
  return { at: performance.now(), busy: machineBusy(), self: processTicks('self', true), targets: pids.map((p) => processTicks(p)) };
}

/** CPU over a measurement, in cores (1 = one core busy the whole time). */
export interface CpuShares {
  /** Each target, in the order of the pids given. */
  readonly targets: readonly number[];
  /** The benchmark and its measuring children. */
  readonly ours: number;
  /** Everything else: other people's work on the machine. */
  readonly other: number;
  /** The whole machine. */
  readonly machine: number;
}

/** Runs `work` and says who used the CPU meanwhile. */
export async function measureCpu<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ result: T; cpu: CpuShares }> {
  const a = take(pids);
  const result = await work();
  const b = take(pids);
  const seconds = (b.at - a.at) / 1000;
  const cores = (ticks: number): number => ticks / TICKS / seconds;
  const targets = a.targets.map((t, i) => cores(b.targets[i]! - t));
  const ours = cores(b.self - a.self);
  const machine = cores(b.busy - a.busy);
  const known = ours + targets.reduce((s, c) => s + (Number.isNaN(c) ? 0 : c), 0);
  return { result, cpu: { targets, ours, other: Math.max(0, machine - known), machine } };
}

/** Machine-wide busy cores over the next `ms`. */
export async function busyCores(ms: number): Promise<number> {
  const a = machineBusy();
  const t = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (machineBusy() - a) / TICKS / ((performance.now() - t) / 1000);
}

/**
 * Waits until the machine has been quiet (at most `maxBusy` cores busy over one second) or `limitMs` passed;
 * returns the busy cores last seen.
 */
export async function waitForQuiet(maxBusy: number, limitMs: number): Promise<number> {
  const end = performance.now() + limitMs;
  for (;;) {
    const busy = await busyCores(1000);
    if (busy <= maxBusy || performance.now() >= end) return busy;
  }
}
