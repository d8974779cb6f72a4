/**
 * CPU accounting from `/proc`, for two questions about every measured run: was the server the bottleneck (its
 * core near 100 %, wrk's lower), and did anything else use the machine meanwhile? On a 2-core box shared with
 * other work, a run that shared its cores is not a measurement of the server; perf-anchors.md re-measured runs
 * with more than 0.1 core of other CPU, and so does the runner.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { shell } from './spawn.js';

/** Clock ticks per second of the `/proc` counters. */
const TICKS = Number(shell('getconf CLK_TCK') ?? '100') || 100;

/** Counters at one moment. */
export interface CpuSnapshot {
  readonly atMs: number;
  /**
   * Machine-wide user + nice + system + steal ticks. irq and softirq are left out: loopback packet processing is
   * accounted there, caused by the server and wrk themselves, and not charged to either process.
   */
  readonly busy: number;
  /** user + system ticks of each watched process (all its threads), or NaN once it has gone. */
  readonly processes: readonly number[];
}

function machineBusy(): number {
  const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already inside user.
  return f[0]! + f[1]! + f[2]! + (f[7] ?? 0);
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may contain spaces and parentheses: count fields after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15 of the whole line)
  } catch {
    return Number.NaN;
  }
}

/**
 * The pids of `pid`'s children (a cluster's workers), from the parent field of every `/proc/<pid>/stat`: the
 * server's CPU is its own and theirs together.
 */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return children;
}

/** Reads the counters now, for the machine and for each pid. */
export function snapshot(pids: readonly number[]): CpuSnapshot {
  return { atMs: performance.now(), busy: machineBusy(), processes: pids.map(processTicks) };
}

/** CPU use between two snapshots, in cores (1 = one core fully busy). */
export interface CpuUse {
  /** Each watched process, in the order given to {@link snapshot}. */
  readonly processes: readonly number[];
  /** Everything else on the machine, the runner included (it sleeps during a run). */
  readonly other: number;
}

/** CPU use between `a` and `b`; `other` is never below 0 (the counters are sampled at slightly different times). */
export function cpuUse(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const seconds = (b.atMs - a.atMs) / 1000;
  const cores = (ticks: number): number => ticks / TICKS / seconds;
  const processes = a.processes.map((t, i) => cores(b.processes[i]! - t));
  const mine = processes.reduce((sum, c) => sum + (Number.isNaN(c) ? 0 : c), 0);
  return { processes, other: Math.max(0, cores(b.busy - a.busy) - mine) };
}

/** Machine-wide busy cores over the next `ms` milliseconds (nothing of ours should be running). */
export async function busyCores(ms: number): Promise<number> {
  const a = snapshot([]);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuUse(a, snapshot([])).other;
}
