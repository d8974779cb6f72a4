/**
 * `npm run bench:fuzz`: the fuzzer's throughput, measured side by side in one invocation.
 *
 * 1. Socket-free (`socket-free.ts`): generation with the reference's view, judging, and reading an answer, each on
 *    one thread in a fresh process, inputs (or exchanges) per second after a warm-up.
 * 2. End to end (`fuzz-child.ts`): `runFuzz` against `h1ref serve` and a node:http echo (`node-echo.ts`), both
 *    separate processes on 127.0.0.1 started here (`targets.ts`), for each `--workers` setting, time-bounded.
 * 3. Garden-style (`garden.ts`): the same inputs one at a time, as the HTTP Garden's transport sends them.
 *
 * Every row once per round; the report gives medians and min–max. Targets are stopped by pid at the end (and on
 * SIGINT/SIGTERM); every child has a time limit after which it is killed, so a dead target cannot hang the run.
 * See bench/fuzz/README.md.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../command.js';
import { formatProfile, summarizeProfile } from '../server/profile.js';
import { choosePinning } from '../server/spawn.js';
import { captureAnswers } from './capture.js';
import { type ChildRun, killChildren, runChild } from './child.js';
import { measureCpu, waitForQuiet } from './cpu.js';
import type { FuzzChildResult, FuzzChildSettings } from './fuzz-child.js';
import type { GardenResult, GardenSettings } from './garden.js';
import { type Options, parseOptions, type TargetName, USAGE } from './options.js';
import { type BenchReport, type EndToEndSample, formatReport, machine, type Sample } from './report.js';
import type { SocketFreeCase, SocketFreeResult, SocketFreeSettings } from './socket-free.js';
import { type RunningTarget, startTarget } from './targets.js';

const log = (line: string): void => {
  process.stderr.write(`bench:fuzz: ${line}\n`);
};

/** `items` rotated left by `by`, so that drift over an invocation hits every setting alike. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % Math.max(1, items.length);
  return [...items.slice(k), ...items.slice(0, k)];
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The running targets, restarted (on a new port) when one has died. */
class Targets {
  readonly running = new Map<TargetName, RunningTarget>();
  readonly restarts: string[] = [];

  constructor(private readonly names: readonly TargetName[], private readonly cpu: number | undefined) {}

  /** Starts the missing or dead ones; returns the names restarted. */
  async ensure(): Promise<string[]> {
    const restarted: string[] = [];
    for (const name of this.names) {
      const t = this.running.get(name);
      if (t !== undefined && t.alive()) continue;
      if (t !== undefined) {
        restarted.push(name);
        this.restarts.push(`${name} (pid ${t.pid}) had exited (${t.exitReason() ?? '?'}) and was restarted`);
      }
      const started = await startTarget(name, this.cpu);
      this.running.set(name, started);
      log(`${name} listening on ${started.host}:${started.port} (pid ${started.pid})`);
    }
    return restarted;
  }

  list(): { name: string; host: string; port: number }[] {
    return this.names.map((n) => {
      const t = this.running.get(n)!;
      return { name: n, host: t.host, port: t.port };
    });
  }

  /** The names of those that have exited. */
  dead(): string[] {
    return this.names.filter((n) => this.running.get(n)?.alive() === false);
  }

  pids(): number[] {
    return this.names.map((n) => this.running.get(n)?.pid ?? -1);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((t) => t.stop()));
  }
}

/**
 * One measurement: wait for the machine to be quiet, run the child while /proc watches, and run it again (up to
 * `--retries` times) when other processes used more than `--max-other` cores meanwhile; the least disturbed
 * attempt is kept.
 */
async function measure<R>(o: Options, targets: Targets, round: number, make: () => ChildRun): Promise<Sample<R>> {
  let best: Sample<R> | undefined;
  const restarted: string[] = [];
  let attempts = 0;
  while (attempts <= o.retries) {
    attempts++;
    restarted.push(...(await targets.ensure()));
    const busy = await waitForQuiet(o.maxOther, o.quietWaitMs);
    if (busy > o.maxOther) log(`the machine did not get quiet (${busy.toFixed(2)} cores busy); measuring anyway`);
    // The settings are made now: a target restarted just above listens on a new port.
    const run = make();
    const { result, cpu } = await measureCpu(targets.pids(), () => runChild<R>(run));
    const disturbed = cpu.other > o.maxOther;
    const died = targets.dead();
    if (died.length > 0) log(`${run.script}: ${died.join(', ')} died during the run`);
    if (best === undefined || cpu.other < best.cpu.other) best = { round, result, cpu, attempts, disturbed, restarted, died };
    if (!disturbed) break;
    log(`${run.script}: other processes used ${cpu.other.toFixed(2)} cores during attempt ${attempts}${attempts <= o.retries ? '; measuring again' : ''}`);
  }
  return { ...best!, attempts, restarted };
}

async function main(o: Options): Promise<number> {
  if (o.from !== undefined) {
    console.log(formatReport(JSON.parse(readFileSync(o.from, 'utf8')) as BenchReport));
    return 0;
  }
  const pinning = choosePinning(o.pin);
  const targetCpu = pinning.server;
  const pinNote = !o.pin ? 'not pinned' : targetCpu === undefined ? pinning.note : 'both targets pinned to CPU 0 (taskset), the fuzzer not pinned';
  const m = machine(pinNote);
  const startedAt = new Date().toISOString();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'h1ref-bench-fuzz-'));
  const targets = new Targets(o.targets, targetCpu);
  const notes: string[] = [];
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      log(`${signal}: stopping the measurement and the targets`);
      killChildren();
      void targets.stop().finally(() => {
        rmSync(tmp, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }

  const socketFree: Sample<SocketFreeResult>[] = [];
  const endToEnd: EndToEndSample[] = [];
  const garden: Sample<GardenResult>[] = [];
  let corpusSize = 0;
  let profile: string | undefined;
  try {
    log(`${m.cpu}, ${m.cores} cores, node ${m.node}; ${pinNote}`);
    await targets.ensure();
    const corpus = path.join(tmp, 'answers.json');
    if (o.parts.includes('socket-free')) {
      corpusSize = await captureAnswers({ targets: targets.list(), seed: o.seed, count: 1000, concurrency: 32, lingerMs: o.lingerMs, timeoutMs: o.timeoutMs }, corpus);
      log(`captured ${corpusSize} answers for the read case`);
    }
    for (let round = 0; round < o.rounds && !stopping; round++) {
      if (o.parts.includes('socket-free')) {
        for (const c of ['generate', 'judge', 'read'] as const satisfies readonly SocketFreeCase[]) {
          if (stopping) break;
          const settings: SocketFreeSettings = { case: c, seed: o.seed, warmupMs: o.warmupMs, runMs: o.socketFreeMs, ...(c === 'generate' ? {} : { corpus }) };
          try {
            const x = await measure<SocketFreeResult>(o, targets, round, () => ({ script: 'socket-free.js', settings, limitMs: o.warmupMs + o.socketFreeMs + 120_000 }));
            socketFree.push(x);
            log(`round ${round + 1}: socket-free ${c}: ${Math.round(x.result.perSecond).toLocaleString('en-US')}/s (${x.result.cpuUsPerItem.toFixed(1)} µs CPU each)`);
          } catch (error) {
            notes.push(`round ${round + 1}, socket-free ${c}: ${(error as Error).message}`);
            log((error as Error).message);
          }
        }
      }
      if (o.parts.includes('end-to-end')) {
        for (const workers of rotate(o.workers, round)) {
          if (stopping) break;
          const settings = (): FuzzChildSettings => ({
            targets: targets.list(), seed: o.seed, timeMs: o.timeMs, workers, concurrency: o.concurrency, lingerMs: o.lingerMs,
            confirmLingerMs: o.confirmLingerMs, timeoutMs: o.timeoutMs, rate: o.rate, children: o.children,
          });
          try {
            const x = await measure<FuzzChildResult>(o, targets, round, () => ({ script: 'fuzz-child.js', settings: settings(), limitMs: o.timeMs + 60_000 }));
            endToEnd.push({ ...x, workers });
            const r = x.result;
            log(`round ${round + 1}: end to end, workers ${workers}: ${r.inputs} inputs in ${(r.durationMs / 1000).toFixed(1)} s = ${Math.round((r.inputs * 1000) / r.durationMs)}/s, ` +
              `${r.findings} findings, fuzzer CPU ${((r.cpuUserUs + r.cpuSystemUs) / Math.max(1, r.inputs)).toFixed(0)} µs/input${r.unreachable.length > 0 ? `, unreachable: ${r.unreachable.join(', ')}` : ''}`);
            if (r.unreachable.length > 0) notes.push(`round ${round + 1}, workers ${workers}: unreachable or dropped: ${r.unreachable.join(', ')}`);
          } catch (error) {
            notes.push(`round ${round + 1}, workers ${workers}: ${(error as Error).message}`);
            log((error as Error).message);
          }
        }
      }
      if (o.parts.includes('garden') && !stopping) {
        const settings = (): GardenSettings => ({ targets: targets.list(), seed: o.seed, timeMs: o.timeMs, silenceMs: o.silenceMs });
        try {
          const x = await measure<GardenResult>(o, targets, round, () => ({ script: 'garden.js', settings: settings(), limitMs: o.timeMs + 30_000 }));
          garden.push(x);
          log(`round ${round + 1}: Garden-style: ${x.result.inputs} inputs in ${(x.result.ms / 1000).toFixed(1)} s = ${x.result.perSecond.toFixed(1)}/s`);
        } catch (error) {
          notes.push(`round ${round + 1}, Garden-style: ${(error as Error).message}`);
          log((error as Error).message);
        }
      }
    }
    if (o.profileDir !== undefined && !stopping) {
      profile = await profileRun(o, targets, o.profileDir);
    }
  } finally {
    await targets.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  notes.push(...targets.restarts);
  const disturbed = [
    ...socketFree.filter((x) => x.disturbed).map((x) => `round ${x.round + 1} socket-free ${x.result.case}`),
    ...endToEnd.filter((x) => x.disturbed).map((x) => `round ${x.round + 1} end to end workers ${x.workers}`),
    ...garden.filter((x) => x.disturbed).map((x) => `round ${x.round + 1} Garden-style`),
  ];
  for (const x of [...socketFree, ...endToEnd, ...garden]) {
    if (x.died.length > 0) notes.push(`round ${x.round + 1}, ${'workers' in x ? `end to end workers ${String(x.workers)}` : 'case' in (x.result as object) ? `socket-free ${(x.result as SocketFreeResult).case}` : 'Garden-style'}: ${x.died.join(', ')} died during the run`);
  }
  const failed = notes.length;
  if (disturbed.length > 0) notes.push(`kept although other processes used more than ${o.maxOther} cores in every attempt: ${disturbed.join('; ')}`);
  const report: BenchReport = { schema: 'h1ref-bench-fuzz/1', machine: m, options: o, startedAt, socketFree, endToEnd, garden, corpusSize, notes, ...(profile === undefined ? {} : { profile }) };
  if (o.json !== undefined && o.json !== '-') writeFileSync(o.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(o.json === '-' ? JSON.stringify(report, null, 2) : formatReport(report));
  return failed > 0 ? 1 : 0;
}

/** One more end-to-end run under `node --cpu-prof`; returns the summary of each thread's profile. */
async function profileRun(o: Options, targets: Targets, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  await targets.ensure();
  await pause(1000);
  const settings: FuzzChildSettings = {
    targets: targets.list(), seed: o.seed, timeMs: o.timeMs, workers: o.profileWorkers, concurrency: o.concurrency, lingerMs: o.lingerMs,
    confirmLingerMs: o.confirmLingerMs, timeoutMs: o.timeoutMs, rate: o.rate, children: o.children,
  };
  log(`profiling one end-to-end run (workers ${o.profileWorkers}) into ${dir}`);
  const r = await runChild<FuzzChildResult>({ script: 'fuzz-child.js', settings, limitMs: o.timeMs + 60_000, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f)).sort((a, b) => statSync(path.join(dir, a)).mtimeMs - statSync(path.join(dir, b)).mtimeMs);
  const parts = [`### Profile: end to end, workers ${o.profileWorkers}, ${r.inputs} inputs in ${(r.durationMs / 1000).toFixed(1)} s (${Math.round((r.inputs * 1000) / r.durationMs)}/s under the profiler)`];
  for (const f of files) parts.push('', formatProfile(f, summarizeProfile(path.join(dir, f), 20)));
  return parts.join('\n');
}

await runCommand(parseOptions, USAGE, main);
