/**
 * `h1ref fuzz`: differential fuzzing of HTTP/1.1 servers, each judged against h1ref's parser (the RFC verdict) and
 * against the others; findings confirmed, shrunk, stored, replayable. Also `--replay FILE.json` (one finding
 * again) and `--report DIR…` (the findings of one or more runs, merged, as Markdown and HTML).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { SUITE } from '../../spec-tests/index.js';
import { fuzzExitCode, type FailOn, type FuzzOptions, type FuzzReport, type FuzzStats, runFuzz } from '../fuzz/campaign.js';
import type { FindingRecord } from '../fuzz/finding.js';
import { formatFindingsHtml, formatFindingsMarkdown, formatFindingsText, formatViewText } from '../fuzz/report.js';
import { emitCase, replayFinding } from '../fuzz/replay.js';
import { readFindings } from '../fuzz/store.js';
import { type FuzzTarget } from '../fuzz/target.js';
import { ECHO_MODES, type EchoMode } from '../probe/echo.js';
import { formatTarget, parseTarget } from '../probe/connect.js';
import { checkReachable } from '../probe/reach.js';
import { createEchoServer } from '../server/echo-formats.js';
import { COMMON_FLAGS, type FlagSpec, formatFlags, parseFlags, UsageError } from './flags.js';
import type { CliIo } from './io.js';

/** The flags of `fuzz`, in `--help` order. */
export const FUZZ_FLAGS: readonly FlagSpec[] = [
  { name: 'target', kind: 'list', default: [], placeholder: '[NAME=]ADDRESS', help: 'a server to fuzz: HOST:PORT, http://HOST:PORT or https://HOST:PORT; repeatable (the only addresses contacted)' },
  { name: 'targets', kind: 'string', default: '', placeholder: 'FILE', help: 'targets from a JSON file: [{"name","address","echo","version"}]' },
  { name: 'insecure', kind: 'boolean', default: false, help: 'https:// targets: accept a certificate that cannot be verified (self-signed, expired, another name)' },
  { name: 'self', kind: 'boolean', default: false, help: 'also start h1ref\'s own echo server and fuzz it (it must agree with h1ref\'s parser)' },
  { name: 'time', kind: 'string', default: '', placeholder: 'DURATION', help: 'bound the whole run (60s, 10m, 1h; shrinking and writing included); 60s when neither --time nor --runs' },
  { name: 'runs', kind: 'integer', default: 0, placeholder: 'N', help: 'make the inputs with indices 0 … N−1 (those of this shard)' },
  { name: 'seed', kind: 'string', default: '', placeholder: 'N', help: 'the run\'s seed (random by default, always printed)' },
  { name: 'workers', kind: 'string', default: 'auto', placeholder: 'N', help: 'threads making inputs and reference views; auto: cores − 1, at most 8' },
  { name: 'shard', kind: 'string', default: '', placeholder: 'K/N', help: 'take only the indices i ≡ K (mod N) of the seed\'s sequence' },
  { name: 'out', kind: 'string', default: '', placeholder: 'DIR', help: 'store findings in DIR/<class>/<hash>.http and .json, the run log in DIR/run.ndjson' },
  { name: 'fail-on', kind: 'string', default: 'meaningful', placeholder: 'WHAT', choices: ['meaningful', 'any', 'none'], help: 'which findings make the exit status 1' },
  { name: 'echo', kind: 'string', default: 'auto', placeholder: 'FORMAT', choices: ECHO_MODES, help: 'echo format of targets given by --target' },
  { name: 'concurrency', kind: 'integer', default: 32, help: 'exchanges in flight per target' },
  { name: 'rate', kind: 'integer', default: 2000, placeholder: 'N', help: 'inputs started per second at most' },
  { name: 'timeout', kind: 'integer', default: 100, placeholder: 'MS', help: 'silence after which a target short of the expected responses is taken to wait' },
  { name: 'confirm-timeout', kind: 'integer', default: 1000, placeholder: 'MS', help: 'the same, for the repeats that confirm a difference' },
  { name: 'linger', kind: 'integer', default: 20, placeholder: 'MS', help: 'silence after the expected responses before an exchange ends' },
  { name: 'children', kind: 'integer', default: 2, placeholder: 'N', help: 'children of each input whose views are new (0: no novelty rule; children depend on what a run has seen, so shards compare equal only with 0)' },
  { name: 'shrink-exchanges', kind: 'integer', default: 300, placeholder: 'N', help: 'shrinking budget per finding: exchanges' },
  { name: 'shrink-time', kind: 'string', default: '5s', placeholder: 'DURATION', help: 'shrinking budget per finding: time (always inside --time)' },
  { name: 'no-seeds', kind: 'boolean', default: false, help: 'do not use the conformance suite\'s requests as seed inputs' },
  { name: 'json', kind: 'boolean', default: false, help: 'print the run\'s report as JSON (schema h1ref-fuzz/1) instead of the table' },
  { name: 'replay', kind: 'string', default: '', placeholder: 'FILE.json', help: 'send a stored finding again (--target overrides its targets); exit 0 reproduced, 1 not, 3 unreachable' },
  { name: 'emit-case', kind: 'boolean', default: false, help: 'with --replay: print a spec-tests case skeleton for the finding' },
  { name: 'report', kind: 'boolean', default: false, help: 'merge the findings under the DIR arguments into findings.md and findings.html' },
  { name: 'md', kind: 'string', default: '', placeholder: 'FILE', help: 'with --report: where the Markdown goes (DIR/findings.md)' },
  { name: 'html', kind: 'string', default: '', placeholder: 'FILE', help: 'with --report: where the HTML goes (DIR/findings.html)' },
  ...COMMON_FLAGS,
];

/** The `--help` text of `fuzz`. */
export function fuzzUsage(): string {
  return [
    'Usage: h1ref fuzz --target ADDRESS [--target ADDRESS …] [options]',
    '       h1ref fuzz --replay FILE.json [--target ADDRESS] [--emit-case]',
    '       h1ref fuzz --report DIR [DIR …] [--md FILE] [--html FILE]',
    '',
    'Generates request streams (valid ones from the grammar, edited by operators from the discrepancy catalogue,',
    'stream operators and byte mutations), sends each to every target on fresh connections, and judges every',
    'target against h1ref\'s strict parser (the RFC verdict) and against the other targets. A new difference is',
    'confirmed (three repeats), shrunk to minimal bytes, and stored with a one-liner that reproduces it.',
    'Only the addresses given are contacted. An https:// target is fuzzed over TLS (node:tls: the host as the',
    'server name, ALPN http/1.1, the certificate verified unless --insecure); each write of a cut request goes',
    'out in TLS records of its own. Before anything is generated, each target gets one connection (over TLS, one',
    'handshake): a target that cannot be reached, or whose TLS handshake fails, is one line and exit 3.',
    '',
    'Exit status: 0 nothing at or above --fail-on; 1 findings; 2 usage; 3 a target is unreachable or crashed.',
    '',
    'Options:',
    formatFlags(FUZZ_FLAGS),
  ].join('\n');
}

/** Reads `90`, `90s`, `1500ms`, `10m`, `1h` into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) throw new UsageError(`a duration looks like a duration 60s, 10m or 1h, not "${text}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

/**
 * Reads `[NAME=]HOST:PORT` (or an http:// or https:// URL) into a target.
 *
 * @param insecure - for an https:// target, accept a certificate that cannot be verified
 */
export function parseFuzzTarget(text: string, echo: EchoMode, insecure = false): FuzzTarget {
  const eq = text.indexOf('=');
  const name = eq > 0 && !text.slice(0, eq).includes(':') ? text.slice(0, eq) : '';
  const address = name === '' ? text : text.slice(eq + 1);
  let t;
  try {
    t = parseTarget(address);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { name: name === '' ? address : name, ...t, ...(t.tls === true && insecure ? { insecure: true } : {}), echo };
}

async function readTargetsFile(file: string, echo: EchoMode, insecure: boolean): Promise<FuzzTarget[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`--targets ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new UsageError(`--targets ${file}: expected a JSON array of {"name","address"}`);
  return data.map((entry: unknown) => {
    const e = entry as { name?: unknown; address?: unknown; echo?: unknown; version?: unknown };
    if (typeof e.address !== 'string') throw new UsageError(`--targets ${file}: every entry needs an "address" (host:port)`);
    const t = parseFuzzTarget(e.address, typeof e.echo === 'string' && (ECHO_MODES as readonly string[]).includes(e.echo) ? e.echo as EchoMode : echo, insecure);
    return { ...t, ...(typeof e.name === 'string' ? { name: e.name } : {}), ...(typeof e.version === 'string' ? { version: e.version } : {}) };
  });
}

/** One line of counters, for the live line and the periodic log. */
export function formatFuzzProgress(s: FuzzStats): string {
  const c = (k: keyof FuzzStats['differences']): string => {
    const d = s.differences[k];
    return `${d.meaningful}/${d.permitted}/${d.excused}`;
  };
  const rate = s.elapsedMs > 0 ? Math.round((s.inputs * 1000) / s.elapsedMs) : 0;
  const xrate = s.elapsedMs > 0 ? Math.round((s.exchanges * 1000) / s.elapsedMs) : 0;
  const left = s.remainingMs === null ? '' : ` · ${Math.round(s.remainingMs / 1000)} s left`;
  return `${s.inputs} inputs (${rate}/s) · ${xrate} exchanges/s · framing ${c('framing')} · accept ${c('accept-reject')} · interp ${c('interpretation')} · conn ${c('connection')} · crash ${c('crash-hang')} · status ${c('status')} · ${s.findings} findings · ${s.unstable} unstable · ${Math.round(s.elapsedMs / 1000)} s${left}`;
}

/**
 * Runs `h1ref fuzz`.
 *
 * @returns 0, 1 (findings at --fail-on), 3 (a target unreachable or dropped); usage errors throw
 * @throws UsageError for a bad command line
 */
export async function fuzz(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, help, positionals } = parseFlags(argv, FUZZ_FLAGS, Infinity);
  if (help) {
    io.out(`${fuzzUsage()}\n`);
    return 0;
  }
  const echo = values['echo'] as EchoMode;
  const insecure = values['insecure'] as boolean;
  const targets = (values['target'] as readonly string[]).map((t) => parseFuzzTarget(t, echo, insecure));
  if (values['report'] as boolean) return report(positionals, values['md'] as string, values['html'] as string, io);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]!}" (targets are given with --target)`);
  const replay = values['replay'] as string;
  if (replay !== '') return replayCommand(replay, targets, values['emit-case'] as boolean, insecure, io);

  if ((values['targets'] as string) !== '') targets.push(...(await readTargetsFile(values['targets'] as string, echo, insecure)));
  const self = values['self'] as boolean;
  if (targets.length === 0 && !self) throw new UsageError('which servers? give --target HOST:PORT (repeatable), --targets FILE or --self; nothing else is contacted');

  const seedText = values['seed'] as string;
  if (seedText !== '' && (!/^[0-9]+$/.test(seedText) || Number(seedText) > 0xffffffff)) throw new UsageError(`--seed needs an integer from 0 to 4294967295, got "${seedText}"`);
  const seed = seedText === '' ? Math.floor(Math.random() * 0x7fffffff) : Number(seedText);
  const runs = values['runs'] as number;
  const timeText = values['time'] as string;
  const timeMs = timeText === '' ? (runs > 0 ? undefined : 60_000) : parseDuration(timeText);
  const shardText = values['shard'] as string;
  let shard = { k: 0, n: 1 };
  if (shardText !== '') {
    const m = /^(\d+)\/(\d+)$/.exec(shardText);
    if (m === null || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard needs K/N with 0 ≤ K < N, got "${shardText}"`);
    shard = { k: Number(m[1]), n: Number(m[2]) };
  }
  const workersText = values['workers'] as string;
  const workers = workersText === 'auto' ? Math.min(8, Math.max(0, availableParallelism() - 1)) : Number(workersText);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new UsageError(`--workers needs auto or an integer from 0 to 64, got "${workersText}"`);
  const concurrency = values['concurrency'] as number;
  if (concurrency < 1) throw new UsageError('--concurrency needs at least 1');

  // Fail fast: one line per target that cannot be reached (or whose TLS handshake fails), before anything runs.
  const why = await Promise.all(targets.map((t) => checkReachable(t, Math.max(2000, values['confirm-timeout'] as number))));
  const unreachable = targets.flatMap((t, i) => (why[i] === undefined ? [] : [`h1ref fuzz: cannot reach ${t.name}${t.name === formatTarget(t) ? '' : ` (${formatTarget(t)})`}: ${why[i]!}\n`]));
  if (unreachable.length > 0) {
    for (const line of unreachable) io.err(line);
    return 3;
  }

  // --self: h1ref's own echo server, in this process, on a port of its own choosing.
  const selfServer = self ? createEchoServer('h1ref', { host: '127.0.0.1', port: 0 }) : null;
  if (selfServer !== null) {
    const address = await selfServer.listen();
    targets.unshift({ name: 'h1ref', host: '127.0.0.1', port: address.port, echo: 'h1ref' });
  }
  io.err(`h1ref fuzz: seed ${seed}${shard.n > 1 ? `, shard ${shard.k}/${shard.n}` : ''}, ${targets.length} target${targets.length === 1 ? '' : 's'} (${targets.map((t) => t.name).join(', ')}); repeat with --seed ${seed}\n`);

  const tty = io.isTTY?.err === true;
  let lastLine = 0;
  const options: FuzzOptions = {
    targets,
    seed,
    ...(runs > 0 ? { runs } : {}),
    ...(timeMs === undefined ? {} : { timeMs }),
    shard,
    workers,
    ...((values['out'] as string) === '' ? {} : { outDir: values['out'] as string }),
    concurrency,
    rate: values['rate'] as number,
    timeoutMs: values['timeout'] as number,
    confirmTimeoutMs: values['confirm-timeout'] as number,
    lingerMs: values['linger'] as number,
    children: values['children'] as number,
    shrink: { exchanges: values['shrink-exchanges'] as number, ms: parseDuration(values['shrink-time'] as string) },
    ...((values['no-seeds'] as boolean) ? {} : { seeds: SUITE.map((c) => Buffer.from(c.request, 'latin1')).filter((b) => b.length > 0 && b.length < 4096) }),
    progressMs: tty ? 200 : 10_000,
    onProgress: (stats) => {
      if (tty) io.err(`\r${formatFuzzProgress(stats)}\x1b[K`);
      else if (stats.elapsedMs - lastLine >= 10_000) {
        lastLine = stats.elapsedMs;
        io.err(`h1ref fuzz: ${formatFuzzProgress(stats)}\n`);
      }
    },
  };
  let result: FuzzReport;
  try {
    result = await runFuzz(options);
  } finally {
    await selfServer?.close();
  }
  if (tty) io.err('\r\x1b[K');
  if (values['json'] as boolean) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else io.out(`${formatRun(result)}\n`);
  for (const name of result.unreachable) io.err(`h1ref fuzz: ${name} is unreachable (no answer to a plain GET)\n`);
  return fuzzExitCode(result, values['fail-on'] as FailOn);
}

function formatRun(r: FuzzReport): string {
  const lines = [
    `seed ${r.seed} · shard ${r.shard} · ${r.stats.inputs} inputs · ${r.stats.exchanges} exchanges · ${(r.durationMs / 1000).toFixed(1)} s · ${Math.round((r.stats.inputs * 1000) / Math.max(1, r.durationMs))} inputs/s`,
    ...r.targets.map((t) => `  ${t.name} (${t.address})${t.quirks.length > 0 ? ` quirks: ${t.quirks.join(', ')}` : ''}${t.dropped ? ' — dropped: stopped answering' : ''}`),
    '',
    formatFindingsText(r.findings),
  ];
  for (const f of r.findings) {
    lines.push('', `${f.severity} ${f.class}: ${f.pair[0]} vs ${f.pair[1]} (${f.hash})`, `  bytes:   ${f.escaped}`, `  verdict: ${f.verdict}`, ...f.reasons.map((x) => `  - ${x}`), `  replay:  ${f.oneLiner}`);
  }
  return lines.join('\n');
}

async function replayCommand(file: string, override: readonly FuzzTarget[], emit: boolean, insecure: boolean, io: CliIo): Promise<number> {
  let record: FindingRecord;
  try {
    record = JSON.parse(await readFile(file, 'utf8')) as FindingRecord;
  } catch (error) {
    throw new UsageError(`--replay ${file}: ${(error as Error).message}`);
  }
  if (record.schema !== 'h1ref-fuzz-finding/1') throw new UsageError(`--replay ${file}: not a finding record (schema ${String(record.schema)})`);
  if (emit) {
    io.out(`${emitCase(record)}\n`);
    return 0;
  }
  const result = await replayFinding(record, override.length > 0 ? override : undefined, insecure);
  io.out(`${record.class} (${record.severity}) ${record.pair[0]} vs ${record.pair[1]}: ${record.escaped}\n`);
  for (const [name, view] of Object.entries(result.views)) io.out(`  ${name.padEnd(16)} ${formatViewText(view, ' '.repeat(19))}\n`);
  if (result.unreachable.length > 0) {
    io.err(`h1ref fuzz: unreachable: ${result.unreachable.join(', ')}\n`);
    return 3;
  }
  io.out(result.reproduced ? `reproduced: ${result.reasons.join('; ')}\n` : 'not reproduced\n');
  return result.reproduced ? 0 : 1;
}

async function report(dirs: readonly string[], md: string, html: string, io: CliIo): Promise<number> {
  if (dirs.length === 0) throw new UsageError('--report needs one or more DIR arguments (the --out directories of runs)');
  const findings = await readFindings(dirs);
  const targets = new Map<string, FindingRecord['targets'][number]>();
  for (const f of findings) for (const t of f.targets) if (!targets.has(t.name)) targets.set(t.name, t);
  const meta = { generatedAt: new Date().toISOString(), targets: [...targets.values()] };
  const mdFile = md === '' ? join(dirs[0]!, 'findings.md') : md;
  const htmlFile = html === '' ? join(dirs[0]!, 'findings.html') : html;
  for (const [file, text] of [[mdFile, formatFindingsMarkdown(findings, meta)], [htmlFile, formatFindingsHtml(findings, meta)]] as const) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    io.err(`h1ref fuzz: wrote ${file}\n`);
  }
  io.out(`${findings.length} finding${findings.length === 1 ? '' : 's'} from ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'}\n${formatFindingsText(findings)}\n`);
  return 0;
}
