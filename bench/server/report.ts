/**
 * The report: the machine line, the throughput and memory table, and the notes that say how far to trust the
 * numbers (bottleneck side, other CPU, re-measured runs). The targets are in targets.ts.
 *
 * @module
 */
import os from 'node:os';
import { describeMachine } from '../parser/report.js';
import { summarize, type Summary } from '../parser/results.js';
import type { LoadName, RunSample, ServerRound } from './load.js';
import type { MemoryRun } from './memory.js';
import { plainServer, SERVER_KINDS, type BenchServer, type ServerName } from './protocol.js';

/** The machine and tools, for the top of the report and the JSON file. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly platform: string;
  readonly node: string;
  readonly wrk: string;
  readonly pinning: string;
  /** `/proc/loadavg`'s 1, 5 and 15 minute averages when the benchmark started. */
  readonly loadAverage: readonly number[];
}

/** Reads the machine; absolute numbers only compare on the same machine. */
export function machine(wrk: string, pinning: string): Machine {
  const { cpu, cores, platform, node } = describeMachine();
  return { cpu, cores, platform, node, wrk, pinning, loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100) };
}

/** One load kind of one server over all rounds. */
export interface LoadSummary {
  readonly requestsPerSecond: Summary;
  /** Server CPU per request in µs, per run (server cores over the middle of the run ÷ the run's requests/s). */
  readonly cpuPerRequestUs: Summary;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly serverCpu: number;
  readonly wrkCpu: number;
  /** The most other CPU seen in a kept run. */
  readonly maxOtherCpu: number;
  /** Runs measured more than once, and runs kept although disturbed. */
  readonly retried: number;
  readonly disturbed: number;
  readonly errors: number;
}

/** Everything measured for one server. */
export interface ServerSummary {
  readonly server: BenchServer;
  readonly responseBytes: number | undefined;
  /** Each load the server was measured under. */
  readonly loads: Partial<Record<LoadName, LoadSummary>>;
  readonly memory: { readonly connections: number; readonly bytesPerConnection: Summary; readonly connected: number; readonly js: number; readonly young: number; readonly baselineRss: number; readonly connectedRss: number; readonly idleRss: number; readonly settled: number | undefined } | undefined;
}

function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : summarize(present).median;
}

function summarizeLoad(samples: readonly RunSample[]): LoadSummary | undefined {
  if (samples.length === 0) return undefined;
  return {
    requestsPerSecond: summarize(samples.map((s) => s.requestsPerSecond)),
    cpuPerRequestUs: summarize(samples.map((s) => (s.serverCpu / s.requestsPerSecond) * 1e6)),
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    serverCpu: median(samples.map((s) => s.serverCpu)) ?? Number.NaN,
    wrkCpu: median(samples.map((s) => s.wrkCpu)) ?? Number.NaN,
    maxOtherCpu: Math.max(...samples.map((s) => s.otherCpu)),
    retried: samples.filter((s) => s.attempts > 1).length,
    disturbed: samples.filter((s) => s.disturbed).length,
    errors: samples.reduce((sum, s) => sum + s.errors + s.non2xx, 0),
  };
}

/** Pools the rounds and repetitions of each server. */
export function summarizeServers(servers: readonly BenchServer[], loads: readonly LoadName[], rounds: readonly ServerRound[], memory: readonly MemoryRun[]): ServerSummary[] {
  return servers.map((server) => {
    const mine = rounds.filter((r) => r.server === server);
    const mem = memory.filter((m) => m.server === server);
    const rss = (pick: (m: MemoryRun) => number): number => median(mem.map(pick)) ?? Number.NaN;
    const summaries: Partial<Record<LoadName, LoadSummary>> = {};
    for (const load of loads) {
      const summary = summarizeLoad(mine.flatMap((r) => r.runs[load] ?? []));
      if (summary !== undefined) summaries[load] = summary;
    }
    return {
      server,
      responseBytes: mine[0]?.responseBytes,
      loads: summaries,
      memory:
        mem.length === 0
          ? undefined
          : {
              connections: mem[0]!.connections,
              bytesPerConnection: summarize(mem.map((m) => m.bytesPerConnection)),
              connected: rss((m) => m.connectedBytesPerConnection),
              js: rss((m) => m.jsBytesPerConnection),
              young: rss((m) => m.youngBytesPerConnection),
              baselineRss: rss((m) => m.baseline.rss),
              connectedRss: rss((m) => m.connected.rss),
              idleRss: rss((m) => m.idle.rss),
              settled: median(mem.flatMap((m) => (m.settledBytesPerConnection === undefined ? [] : [m.settledBytesPerConnection]))) ?? undefined,
            },
    };
  });
}

/** The floor a server's rows are compared with: the raw ceiling for hello world, the echo floor for the echoes. */
export function floorOf(server: BenchServer): ServerName {
  return SERVER_KINDS[plainServer(server)].answer === 'hello' ? 'raw-net' : 'echo-floor';
}

/** Server CPU per request in µs (median over the rounds) of `server` under `load`, if measured. */
export function cpuPerRequest(summaries: readonly ServerSummary[], server: BenchServer, load: LoadName): number | undefined {
  return summaries.find((s) => s.server === server)?.loads[load]?.cpuPerRequestUs.median;
}

/** Whole numbers with thousands separators. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const short = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toPrecision(3)}M` : n >= 1e3 ? `${(n / 1e3).toPrecision(3)}k` : n.toPrecision(3));
const ms = (n: number | null): string => (n === null ? '—' : n.toFixed(2));
const rate = (s: LoadSummary | undefined): string => (s === undefined ? '—' : `${int(s.requestsPerSecond.median)} (${short(s.requestsPerSecond.min)}–${short(s.requestsPerSecond.max)})`);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Requests/s of `a` ÷ requests/s of `b` (medians), when both were measured. */
export function ratio(a: LoadSummary | undefined, b: LoadSummary | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a.requestsPerSecond.median / b.requestsPerSecond.median;
}

/** The title and machine lines. */
export function formatHeader(m: Machine, describe: string): string {
  return [
    '# h1ref server benchmark',
    '',
    `machine: ${m.cpu}, ${m.cores} cores, ${m.platform}; node ${m.node}; wrk ${m.wrk}; ${m.pinning}; load average at start ${m.loadAverage.join(' ')}`,
    `method: ${describe}`,
    '',
  ].join('\n');
}

function loadTitle(load: LoadName, depth: number): string {
  return load === 'keep-alive' ? 'keep-alive req/s' : load === 'pipelined' ? `pipelined ×${depth} req/s` : 'close conn/s';
}

/**
 * The main table: per load, throughput and latency; throughput ÷ the row's floor (raw-net for the hello-world
 * rows, echo-floor for the echo rows); server CPU per request under each load; memory per idle connection.
 */
export function formatTable(summaries: readonly ServerSummary[], loads: readonly LoadName[], depth: number): string {
  const n = summaries.find((s) => s.memory !== undefined)?.memory?.connections;
  const header = [
    'server',
    ...loads.flatMap((load) => [`${loadTitle(load, depth)} median (min–max)`, 'p50 ms', 'p99 ms']),
    ...loads.map((load) => `÷ floor ${load}`),
    ...(loads.length === 0 ? [] : [`CPU µs/request (${loads.join(' / ')})`]),
    `B per idle conn${n === undefined ? '' : ` (${int(n)})`}`,
  ];
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  // A server measured under none of these loads and not for memory (a bare server under close only) has no row.
  const shown = summaries.filter((s) => Object.keys(s.loads).length > 0 || s.memory !== undefined);
  const rows = shown.map((s) => {
    const floor = summaries.find((f) => f.server === floorOf(s.server));
    return [
      s.server,
      ...loads.flatMap((load) => [rate(s.loads[load]), ms(s.loads[load]?.p50Ms ?? null), ms(s.loads[load]?.p99Ms ?? null)]),
      ...loads.map((load) => ratio(s.loads[load], floor?.loads[load])?.toFixed(2) ?? '—'),
      ...(loads.length === 0 ? [] : [loads.map((load) => s.loads[load]?.cpuPerRequestUs.median.toFixed(2) ?? '—').join(' / ')]),
      s.memory === undefined ? '—' : `${int(s.memory.bytesPerConnection.median)}`,
    ];
  });
  const lines = [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`);
  if (loads.length > 0) lines.push('', 'Floors: raw-net for the hello-world rows, echo-floor for the echo rows. A close load shows connections/s (one request each); servers that never close (the bare hello-world servers) are not run under it.');
  return lines.join('\n');
}

function cpuCell(s: LoadSummary): string {
  return `${(100 * s.serverCpu).toFixed(0)} % / ${(100 * s.wrkCpu).toFixed(0)} % / ${s.cpuPerRequestUs.median.toFixed(2)} µs`;
}

/** The notes: CPU per side, disturbance, memory details, response sizes. */
export function formatNotes(summaries: readonly ServerSummary[], loads: readonly LoadName[], rounds: number, depth: number): string {
  const lines: string[] = [];
  const loaded = summaries.filter((s) => Object.keys(s.loads).length > 0);
  if (loaded.length > 0) {
    lines.push('', `Per run: server CPU / wrk CPU (median over the middle 70 % of each run; 100 % = one core) / server CPU µs per request (median of the runs'). ${rounds} round(s).`, '');
    lines.push(
      `| server | response bytes | ${loads.join(' | ')} | other CPU, max (cores) | runs re-measured / kept disturbed | wrk errors |`,
      `|---|---:|${loads.map(() => '---|').join('')}---:|---:|---:|`,
    );
    for (const s of loaded) {
      const all = loads.map((load) => s.loads[load]).filter((x): x is LoadSummary => x !== undefined);
      lines.push(
        `| ${s.server} | ${s.responseBytes ?? '—'} | ${loads.map((load) => (s.loads[load] ? cpuCell(s.loads[load]) : '—')).join(' | ')} | ` +
          `${Math.max(...all.map((x) => x.maxOtherCpu)).toFixed(2)} | ${all.reduce((a, x) => a + x.retried, 0)} / ${all.reduce((a, x) => a + x.disturbed, 0)} | ${all.reduce((a, x) => a + x.errors, 0)} |`,
      );
    }
    if (loads.includes('pipelined')) lines.push('', `Pipelined latency is per batch of ${depth} requests.`);
    if (loads.includes('close')) lines.push('', 'Close: wrk sends `Connection: close` and connects anew after each answer; latency is per request on its new connection (wrk does not count the connect). A close run is not re-measured for a server below its core share: wrk\'s connects may pace it.');
  }
  const withMemory = summaries.filter((s) => s.memory !== undefined);
  if (withMemory.length > 0) {
    lines.push('', 'Memory per idle keep-alive connection: server RSS after a full GC, before and after opening the connections and one GET on each. Kernel socket buffers are not in RSS. The young generation column is the part of it that is V8\'s young-generation pages the burst touched (empty after the GC, not given back until idle).', '');
    lines.push('| server | connections | baseline RSS | RSS connected | RSS keep-alive idle | **B/conn idle** median (min–max) | B/conn connected, no request | JS heap+external B/conn | of the idle B/conn: young generation | B/conn idle, settled |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of withMemory) {
      const m = s.memory!;
      lines.push(
        `| ${s.server} | ${int(m.connections)} | ${mib(m.baselineRss)} | ${mib(m.connectedRss)} | ${mib(m.idleRss)} | ` +
          `**${int(m.bytesPerConnection.median)}** (${int(m.bytesPerConnection.min)}–${int(m.bytesPerConnection.max)}) | ${int(m.connected)} | ${int(m.js)} | ${Number.isNaN(m.young) ? '—' : int(m.young)} | ${m.settled === undefined ? '—' : int(m.settled)} |`,
      );
    }
  }
  return lines.join('\n');
}
