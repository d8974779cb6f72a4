/**
 * The report: the machine line, the throughput and memory table, the targets of issue 3, and the notes that say
 * how far to trust the numbers (bottleneck side, other CPU, re-measured runs).
 *
 * @module
 */
import os from 'node:os';
import { describeMachine } from '../parser/report.js';
import { summarize, type Summary } from '../parser/results.js';
import type { RunSample, ServerRound } from './load.js';
import type { MemoryRun } from './memory.js';
import type { ServerName } from './protocol.js';

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

/** The issue's targets for h1ref, as fractions of the raw ceiling and bytes per idle connection (1 KB = 1000 B, as in the anchors). */
export const TARGETS = { keepAlive: 0.9, pipelined: 0.7, bytesPerConnection: 6000 } as const;

/**
 * What the targets were set from: issue 3 quotes a `net` server driving llhttp at 100 % of the raw ceiling with
 * keep-alive and 71 % pipelined, measured on the machine of perf-anchors.md (an AMD EPYC KVM guest, run 1 of its
 * load table). Where llhttp-parser falls short of that, the targets ask more of h1ref than they did there.
 */
export const PREMISE = { keepAlive: 1.0, pipelined: 0.71, machine: 'AMD EPYC, 2 vCPUs (perf-anchors.md)' } as const;

/** One load kind of one server over all rounds. */
export interface LoadSummary {
  readonly requestsPerSecond: Summary;
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
  readonly server: ServerName;
  readonly responseBytes: number | undefined;
  readonly keepAlive: LoadSummary | undefined;
  readonly pipelined: LoadSummary | undefined;
  readonly memory: { readonly connections: number; readonly bytesPerConnection: Summary; readonly connected: number; readonly js: number; readonly baselineRss: number; readonly connectedRss: number; readonly idleRss: number } | undefined;
}

function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : summarize(present).median;
}

function summarizeLoad(samples: readonly RunSample[]): LoadSummary | undefined {
  if (samples.length === 0) return undefined;
  return {
    requestsPerSecond: summarize(samples.map((s) => s.requestsPerSecond)),
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
export function summarizeServers(servers: readonly ServerName[], rounds: readonly ServerRound[], memory: readonly MemoryRun[]): ServerSummary[] {
  return servers.map((server) => {
    const mine = rounds.filter((r) => r.server === server);
    const mem = memory.filter((m) => m.server === server);
    const rss = (pick: (m: MemoryRun) => number): number => median(mem.map(pick)) ?? Number.NaN;
    return {
      server,
      responseBytes: mine[0]?.responseBytes,
      keepAlive: summarizeLoad(mine.map((r) => r.keepAlive)),
      pipelined: summarizeLoad(mine.map((r) => r.pipelined)),
      memory:
        mem.length === 0
          ? undefined
          : {
              connections: mem[0]!.connections,
              bytesPerConnection: summarize(mem.map((m) => m.bytesPerConnection)),
              connected: rss((m) => m.connectedBytesPerConnection),
              js: rss((m) => m.jsBytesPerConnection),
              baselineRss: rss((m) => m.baseline.rss),
              connectedRss: rss((m) => m.connected.rss),
              idleRss: rss((m) => m.idle.rss),
            },
    };
  });
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const short = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toPrecision(3)}M` : n >= 1e3 ? `${(n / 1e3).toPrecision(3)}k` : n.toPrecision(3));
const ms = (n: number | null): string => (n === null ? '—' : n.toFixed(2));
const rate = (s: LoadSummary | undefined): string => (s === undefined ? '—' : `${int(s.requestsPerSecond.median)} (${short(s.requestsPerSecond.min)}–${short(s.requestsPerSecond.max)})`);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function ratio(a: LoadSummary | undefined, ceiling: LoadSummary | undefined): number | undefined {
  return a === undefined || ceiling === undefined ? undefined : a.requestsPerSecond.median / ceiling.requestsPerSecond.median;
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

/** The main table: throughput, latency, ratios to the ceiling, memory per idle connection. */
export function formatTable(summaries: readonly ServerSummary[], depth: number): string {
  const ceiling = summaries.find((s) => s.server === 'raw-net');
  const n = summaries.find((s) => s.memory !== undefined)?.memory?.connections;
  const header = [
    'server',
    'keep-alive req/s median (min–max)',
    'p50 ms',
    'p99 ms',
    `pipelined ×${depth} req/s median (min–max)`,
    'p50 ms',
    'p99 ms',
    '÷ raw-net keep-alive',
    '÷ raw-net pipelined',
    `B per idle conn${n === undefined ? '' : ` (${int(n)})`}`,
  ];
  const align = ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:'];
  const fmtRatio = (r: number | undefined): string => (r === undefined ? '—' : r.toFixed(2));
  const rows = summaries.map((s) => [
    s.server,
    rate(s.keepAlive),
    ms(s.keepAlive?.p50Ms ?? null),
    ms(s.keepAlive?.p99Ms ?? null),
    rate(s.pipelined),
    ms(s.pipelined?.p50Ms ?? null),
    ms(s.pipelined?.p99Ms ?? null),
    fmtRatio(ratio(s.keepAlive, ceiling?.keepAlive)),
    fmtRatio(ratio(s.pipelined, ceiling?.pipelined)),
    s.memory === undefined ? '—' : `${int(s.memory.bytesPerConnection.median)}`,
  ]);
  return [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** h1ref against the issue's targets, when both h1ref and the ceiling were measured. */
export function formatTargets(summaries: readonly ServerSummary[]): string {
  const h1ref = summaries.find((s) => s.server === 'h1ref');
  const ceiling = summaries.find((s) => s.server === 'raw-net');
  if (h1ref === undefined) return '';
  const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
  const lines = ['', 'Targets for h1ref (issue 3):'];
  const ka = ratio(h1ref.keepAlive, ceiling?.keepAlive);
  const pl = ratio(h1ref.pipelined, ceiling?.pipelined);
  if (ka !== undefined) lines.push(`- keep-alive: ${ka.toFixed(2)} × the raw ceiling (target ≥ ${TARGETS.keepAlive}): ${verdict(ka >= TARGETS.keepAlive)}`);
  if (pl !== undefined) lines.push(`- pipelined: ${pl.toFixed(2)} × the raw ceiling (target ≥ ${TARGETS.pipelined}): ${verdict(pl >= TARGETS.pipelined)}`);
  if (h1ref.memory !== undefined) {
    const b = h1ref.memory.bytesPerConnection.median;
    lines.push(`- memory: ${int(b)} B per idle keep-alive connection (target ≤ ${int(TARGETS.bytesPerConnection)}): ${verdict(b <= TARGETS.bytesPerConnection)}`);
  }
  lines.push(...formatPremise(summaries));
  return lines.length > 2 ? lines.join('\n') : '';
}

/**
 * The targets' premise checked on this machine: where llhttp and h1ref's parser alone stand against the ceiling,
 * and h1ref's whole server against llhttp alone. The bare parser servers have no server layer at all, so a
 * ratio of theirs below a target means the target leaves a real server nothing to spend.
 */
function formatPremise(summaries: readonly ServerSummary[]): string[] {
  const find = (name: ServerName): ServerSummary | undefined => summaries.find((s) => s.server === name);
  const ceiling = find('raw-net');
  const llhttp = find('llhttp-parser');
  const pair = (a: ServerSummary | undefined, b: ServerSummary | undefined): string | undefined => {
    const ka = ratio(a?.keepAlive, b?.keepAlive);
    const pl = ratio(a?.pipelined, b?.pipelined);
    return ka === undefined && pl === undefined ? undefined : `${ka?.toFixed(2) ?? '—'} keep-alive / ${pl?.toFixed(2) ?? '—'} pipelined`;
  };
  const lines: string[] = [];
  const llhttpBare = pair(llhttp, ceiling);
  if (llhttpBare !== undefined) {
    lines.push(
      `- premise: llhttp alone on a bare net server reaches ${llhttpBare} of the ceiling here; ` +
        `the targets were set where it reached ${PREMISE.keepAlive.toFixed(2)} / ${PREMISE.pipelined.toFixed(2)} (${PREMISE.machine})`,
    );
  }
  const parserBare = pair(find('h1ref-parser'), ceiling);
  if (parserBare !== undefined) lines.push(`- h1ref's parser alone (no server layer): ${parserBare} of the ceiling`);
  const againstLlhttp = pair(find('h1ref'), llhttp);
  if (againstLlhttp !== undefined) lines.push(`- h1ref's whole server ÷ llhttp alone: ${againstLlhttp}`);
  return lines;
}

function cpuCell(s: LoadSummary): string {
  const perRequest = (s.serverCpu / s.requestsPerSecond.median) * 1e6;
  return `${(100 * s.serverCpu).toFixed(0)} % / ${(100 * s.wrkCpu).toFixed(0)} % / ${perRequest.toFixed(2)} µs`;
}

/** The notes: CPU per side, disturbance, memory details, response sizes. */
export function formatNotes(summaries: readonly ServerSummary[], rounds: number, depth: number): string {
  const lines: string[] = [];
  const loaded = summaries.filter((s) => s.keepAlive !== undefined || s.pipelined !== undefined);
  if (loaded.length > 0) {
    lines.push('', `Per run: server CPU / wrk CPU (median over the middle 70 % of each run; 100 % = one core) / server CPU µs per request. ${rounds} round(s).`, '');
    lines.push('| server | response bytes | keep-alive | pipelined | other CPU, max (cores) | runs re-measured / kept disturbed | wrk errors |', '|---|---:|---|---|---:|---:|---:|');
    for (const s of loaded) {
      const both = [s.keepAlive, s.pipelined].filter((x): x is LoadSummary => x !== undefined);
      lines.push(
        `| ${s.server} | ${s.responseBytes ?? '—'} | ${s.keepAlive ? cpuCell(s.keepAlive) : '—'} | ${s.pipelined ? cpuCell(s.pipelined) : '—'} | ` +
          `${Math.max(...both.map((x) => x.maxOtherCpu)).toFixed(2)} | ${both.reduce((a, x) => a + x.retried, 0)} / ${both.reduce((a, x) => a + x.disturbed, 0)} | ${both.reduce((a, x) => a + x.errors, 0)} |`,
      );
    }
    lines.push('', `Pipelined latency is per batch of ${depth} requests.`);
  }
  const withMemory = summaries.filter((s) => s.memory !== undefined);
  if (withMemory.length > 0) {
    lines.push('', 'Memory per idle keep-alive connection: server RSS after a full GC, before and after opening the connections and one GET on each. Kernel socket buffers are not in RSS.', '');
    lines.push('| server | connections | baseline RSS | RSS connected | RSS keep-alive idle | **B/conn idle** median (min–max) | B/conn connected, no request | JS heap+external B/conn |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of withMemory) {
      const m = s.memory!;
      lines.push(
        `| ${s.server} | ${int(m.connections)} | ${mib(m.baselineRss)} | ${mib(m.connectedRss)} | ${mib(m.idleRss)} | ` +
          `**${int(m.bytesPerConnection.median)}** (${int(m.bytesPerConnection.min)}–${int(m.bytesPerConnection.max)}) | ${int(m.connected)} | ${int(m.js)} |`,
      );
    }
  }
  return lines.join('\n');
}
