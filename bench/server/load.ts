/**
 * The throughput measurement of one server in one round: a fresh server child pinned to its core, a check that
 * it answers correctly (also when pipelined, and closes after `Connection: close`), then for each load a warm-up
 * and a measured wrk run: keep-alive, pipelined, and a connection per request (`close`).
 *
 * Every measured wrk run samples CPU over its middle 70 %: the server's and wrk's own use show which side was
 * the bottleneck, and "other" CPU shows whether something else on the machine shared the cores. A run with more
 * other CPU than allowed, or with the pinned server below its expected share of its core, is measured again
 * (perf-anchors.md did the same); if every attempt is disturbed the fastest one is kept (a disturbance only ever
 * slows a run down) and marked.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { busyCores, childPids, cpuUse, snapshot } from './cpu.js';
import { checkServer } from './http-read.js';
import { isBaseline, plainServer, SERVER_KINDS, type BenchServer, type FromServer, type ToServer } from './protocol.js';
import { NodeChild, type Pinning } from './spawn.js';
import { startWrk, type WrkResult, type WrkRun } from './wrk.js';

const SERVER_CHILD = fileURLToPath(new URL('./server-child.js', import.meta.url));

/**
 * The loads, in the order they run: wrk's 50 keep-alive connections; the same with pipelined batches; and
 * `Connection: close` on every request, so that wrk connects anew for each one (requests/s is connections/s).
 */
export const LOAD_NAMES = ['keep-alive', 'pipelined', 'close'] as const;

/** A load name. */
export type LoadName = (typeof LOAD_NAMES)[number];

/** How the load runs are made. */
export interface LoadSettings {
  /** The loads to run, in {@link LOAD_NAMES} order. */
  readonly loads: readonly LoadName[];
  /** wrk connections (-c). */
  readonly connections: number;
  /** Length of each measured wrk run, in whole seconds (wrk's -d takes integers). */
  readonly seconds: number;
  /** Length of the warm-up before the first load's measured run; the other loads' warm-ups are 1 s. */
  readonly warmupSeconds: number;
  /** Requests per pipelined batch. */
  readonly depth: number;
  /** The pipelining Lua script. */
  readonly script: string;
  readonly pinning: Pinning;
  /** Other CPU (in cores) above which a run counts as disturbed. */
  readonly maxOther: number;
  /**
   * Server CPU (in cores) below which a pinned run counts as disturbed: under this load every server here keeps
   * its core busy, so a server that got less was held up by something `/proc` does not show (the hypervisor,
   * interrupt work on its core).
   */
  readonly minServerCpu: number;
  /** Extra attempts for a disturbed run. */
  readonly retries: number;
  /** Node flags for the server child (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  /** The baseline build's server child, for the `@baseline` servers (`--baseline`). */
  readonly baselineChild?: string | undefined;
}

/** One measured wrk run. */
export interface RunSample extends WrkResult {
  /** Cores used by the server process, by wrk, and by everything else, over the middle of the run. */
  readonly serverCpu: number;
  readonly wrkCpu: number;
  readonly otherCpu: number;
  /** Attempts made (1 when the first was undisturbed). */
  readonly attempts: number;
  /** Whether even the kept attempt had more other CPU than allowed. */
  readonly disturbed: boolean;
  /** Milliseconds spent waiting for the machine to become quiet before the run. */
  readonly waitedMs: number;
}

/** One server in one round. */
export interface ServerRound {
  readonly server: BenchServer;
  readonly round: number;
  /** Bytes of one response, headers included. */
  readonly responseBytes: number;
  /** The measured run of each load made (the close load skips servers that never close). */
  readonly runs: Partial<Record<LoadName, RunSample>>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (up to 30 s) until the machine is quiet, i.e. other CPU over half a second is within `maxOther`: no
 * point in starting a run that will be thrown away. Returns the time waited.
 */
async function waitForQuiet(maxOther: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 30_000) {
    if ((await busyCores(500)) <= maxOther) break;
  }
  return Math.round(performance.now() - started);
}

/** The wrk run of `load` against `url`, `seconds` long. */
export function wrkRun(load: LoadName, url: string, seconds: number, s: LoadSettings): WrkRun {
  return {
    url,
    connections: s.connections,
    seconds,
    pipeline: load === 'pipelined' ? { script: s.script, depth: s.depth } : undefined,
    headers: load === 'close' ? ['Connection: close'] : undefined,
    cpu: s.pinning.load,
  };
}

async function measureOnce(load: LoadName, url: string, s: LoadSettings, serverPid: number): Promise<Omit<RunSample, 'attempts' | 'disturbed' | 'waitedMs'>> {
  // The server's processes: the child and, for a cluster, its workers (all of them pinned to the child's core).
  const server = [serverPid, ...childPids(serverPid)];
  const wrk = startWrk(wrkRun(load, url, s.seconds, s));
  const ms = s.seconds * 1000;
  await sleep(0.15 * ms);
  const a = snapshot([wrk.pid, ...server]);
  await sleep(0.7 * ms);
  const b = snapshot([wrk.pid, ...server]);
  const result = await wrk.result;
  const use = cpuUse(a, b);
  const serverCpu = use.processes.slice(1).reduce((sum, cores) => sum + (Number.isNaN(cores) ? 0 : cores), 0);
  return { ...result, serverCpu, wrkCpu: use.processes[0]!, otherCpu: use.other };
}

async function measure(load: LoadName, url: string, s: LoadSettings, serverPid: number, label: string): Promise<RunSample> {
  let best: RunSample | undefined;
  for (let attempt = 1; attempt <= 1 + s.retries; attempt++) {
    const waitedMs = await waitForQuiet(s.maxOther);
    const run = await measureOnce(load, url, s, serverPid);
    const crowded = run.otherCpu > s.maxOther;
    // With a connection per request, wrk's own connects may pace the run and leave the server part of its core:
    // its CPU per request is what counts there, and that needs no saturation.
    const starved = s.pinning.server !== undefined && load !== 'close' && run.serverCpu < s.minServerCpu;
    const sample: RunSample = { ...run, attempts: attempt, disturbed: crowded || starved, waitedMs };
    if (!sample.disturbed) return sample;
    if (best === undefined || sample.requestsPerSecond > best.requestsPerSecond) best = sample;
    const why = [crowded ? `${run.otherCpu.toFixed(2)} cores of other CPU` : '', starved ? `server had ${(100 * run.serverCpu).toFixed(0)} % of its core` : '']
      .filter((w) => w !== '')
      .join(', ');
    console.error(`    ${label}: disturbed (${why}; ${Math.round(run.requestsPerSecond)} req/s), attempt ${attempt} of ${1 + s.retries}`);
  }
  return { ...best!, attempts: 1 + s.retries };
}

/**
 * Starts a server child and waits for its port. A baseline server (`h1ref-echo@baseline`) is started by the
 * baseline build's own server child, `options.baselineChild`, under its plain name.
 */
export async function startServerChild(server: BenchServer, mode: 'load' | 'idle', options: { cpu?: number | undefined; nodeArgs?: readonly string[]; fdLimit?: number; baselineChild?: string | undefined }): Promise<{ child: NodeChild<ToServer, FromServer>; port: number }> {
  const script = isBaseline(server) ? options.baselineChild : SERVER_CHILD;
  if (script === undefined) throw new Error(`${server}: no baseline build given (--baseline DIR)`);
  const child = new NodeChild<ToServer, FromServer>(script, [plainServer(server), mode], { cpu: options.cpu, nodeArgs: options.nodeArgs, fdLimit: options.fdLimit });
  const ready = await child.next(15_000).catch(async (error: unknown) => {
    await child.stop({ kind: 'stop' });
    throw error;
  });
  if (ready.kind !== 'ready') {
    await child.stop({ kind: 'stop' });
    throw new Error(`${server} did not start: ${ready.kind === 'error' ? ready.message : ready.kind}`);
  }
  return { child, port: ready.port };
}

/** The loads `server` is measured under: all of `loads`, less `close` for a server that never closes. */
export function loadsFor(server: BenchServer, loads: readonly LoadName[]): LoadName[] {
  return loads.filter((load) => load !== 'close' || SERVER_KINDS[plainServer(server)].closes);
}

/** Measures one server under each load, in a fresh child process. */
export async function measureServer(server: BenchServer, round: number, s: LoadSettings): Promise<ServerRound> {
  const { child, port } = await startServerChild(server, 'load', { cpu: s.pinning.server, nodeArgs: s.nodeArgs ?? [], baselineChild: s.baselineChild });
  try {
    const url = `http://127.0.0.1:${port}/`;
    const loads = loadsFor(server, s.loads);
    const { answer } = SERVER_KINDS[plainServer(server)];
    // A server that answers wrongly would be measured doing less work: check one request and one batch first,
    // and for the close load that it closes (else wrk would go on over the same connection).
    const responseBytes = await checkServer(port, { count: 1, answer });
    if (loads.includes('pipelined')) await checkServer(port, { count: s.depth, answer });
    if (loads.includes('close')) await checkServer(port, { count: 1, answer, close: true });
    const runs: Partial<Record<LoadName, RunSample>> = {};
    for (const [i, load] of loads.entries()) {
      await startWrk(wrkRun(load, url, i === 0 ? s.warmupSeconds : 1, s)).result;
      runs[load] = await measure(load, url, s, child.pid, `${server} ${load}`);
    }
    return { server, round, responseBytes, runs };
  } finally {
    await child.stop({ kind: 'stop' });
  }
}
