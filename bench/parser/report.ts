/**
 * The human-readable report: machine header and the markdown table, with footnotes for anything not measured.
 *
 * @module
 */
import os from 'node:os';
import type { BenchCase } from './corpus.js';
import type { ParserName } from './drivers/index.js';
import type { PairResult, Summary } from './results.js';
import type { Timing } from './timing.js';

/** The machine, for the top of the report and the JSON file. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly platform: string;
  readonly node: string;
  readonly llhttp: string;
}

/** Reads the machine from `os` and `process`; absolute numbers only compare on the same machine. */
export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    llhttp: process.versions.llhttp ?? '?',
  };
}

/** The title, machine and timing lines printed before any measurement. */
export function formatHeader(machine: Machine, timing: Timing, seed: number, quick: boolean): string {
  const secs = (ms: number): string => `${ms / 1000} s`;
  return [
    '# h1ref parser benchmark',
    '',
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.platform}; node ${machine.node} (llhttp ${machine.llhttp})`,
    `timing: ${quick ? '--quick, ' : ''}warm-up ${secs(timing.warmupMs)}, then ${timing.runs} × ${secs(timing.runMs)}, ` +
      `each (case, parser) in a fresh process; seed ${seed} (0x${seed.toString(16)})`,
    '',
  ].join('\n');
}

/** Abbreviates 1234567 as "1.23M" (three significant digits). */
function short(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${(n / 1e3).toPrecision(3)}k`;
  return n.toPrecision(3);
}

function rate(summary: Summary): string {
  return `${Math.round(summary.median).toLocaleString('en-US')} (${short(summary.min)}–${short(summary.max)})`;
}

/** Calls per message: "598", "18.7", or "1/64" for the pipelined cases. */
function callsPerMessage(benchCase: BenchCase): string {
  const calls = benchCase.pieces.length;
  const messages = benchCase.expected.messages;
  if (messages > calls) return `${calls}/${messages / calls}`;
  const ratio = calls / messages;
  return Number.isInteger(ratio) ? String(ratio) : ratio.toFixed(1);
}

/**
 * The table. One msg/s column per parser (median, then min–max of the runs), the MB/s of each, and h1ref's
 * median over each baseline's median.
 */
export function formatTable(
  cases: readonly BenchCase[],
  parsers: readonly ParserName[],
  results: readonly PairResult[],
): string {
  const find = (caseName: string, parser: ParserName): PairResult | undefined =>
    results.find((r) => r.case === caseName && r.parser === parser);
  const cell = (r: PairResult | undefined): string =>
    r === undefined ? '—' : r.status === 'ok' ? rate(r.messagesPerSecond) : r.status === 'n/a' ? 'n/a' : '**FAILED**';
  const mbps = (r: PairResult | undefined): string =>
    r?.status === 'ok' ? r.megabytesPerSecond.toFixed(r.megabytesPerSecond < 10 ? 1 : 0) : r?.status ?? '—';
  const ratio = (a: PairResult | undefined, b: PairResult | undefined): string =>
    a?.status === 'ok' && b?.status === 'ok'
      ? (a.messagesPerSecond.median / b.messagesPerSecond.median).toFixed(2)
      : '—';

  const baselines = (['llhttp', 'http-parser-js'] as const).filter((p) => parsers.includes(p));
  const withRatios = parsers.includes('h1ref') ? baselines : [];
  const header = [
    'case',
    'bytes/msg',
    'calls/msg',
    ...parsers.map((p) => `${p} msg/s`),
    `MB/s (${parsers.join(' / ')})`,
    ...withRatios.map((p) => `h1ref ÷ ${p}`),
  ];
  const align = ['---', '---:', '---:', ...parsers.map(() => '---:'), '---:', ...withRatios.map(() => '---:')];
  const rows = cases.map((c) => [
    c.name,
    String(c.bytesPerMessage),
    callsPerMessage(c),
    ...parsers.map((p) => cell(find(c.name, p))),
    parsers.map((p) => mbps(find(c.name, p))).join(' / '),
    ...withRatios.map((p) => ratio(find(c.name, 'h1ref'), find(c.name, p))),
  ]);
  return [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** The case legend, parser versions, and the reason for every cell that is not a number. */
export function formatNotes(cases: readonly BenchCase[], results: readonly PairResult[]): string {
  const lines = ['', 'msg/s: median of the timed runs (min–max). MB/s: wire bytes, 1 MB = 10^6 B, from the median.', ''];
  for (const c of cases) lines.push(`- ${c.name}: ${c.description}`);
  const versions = new Set(results.flatMap((r) => (r.status === 'ok' ? [r.version] : [])));
  if (versions.size > 0) lines.push('', `parsers: ${[...versions].join(', ')}`);
  const reasons = new Map<string, string[]>();
  for (const r of results) {
    if (r.status === 'ok') continue;
    const key = `${r.parser} ${r.status}: ${r.reason.split('\n')[0]}`;
    reasons.set(key, [...(reasons.get(key) ?? []), r.case]);
  }
  if (reasons.size > 0) lines.push('');
  for (const [reason, where] of reasons) lines.push(`- ${reason} (${where.join(', ')})`);
  return lines.join('\n');
}
