/**
 * `h1ref probe <host:port | http://url | https://url>`: runs the conformance suite (`spec-tests/`) against a server
 * over raw TCP (or TLS) and prints, section by section of RFC 9112 / RFC 9110, where it departs from them.
 *
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HOST_LINE } from '../../spec-tests/build.js';
import { sectionTitle } from '../../spec-tests/rfc-sections.js';
import { SUITE, type Level, type SpecCase } from '../../spec-tests/index.js';
import { ECHO_MODES, type EchoMode } from '../probe/echo.js';
import { ECHO_FIELDS, type EchoField } from '../probe/judge.js';
import { SPLIT_MODES, type SplitMode } from '../probe/delivery.js';
import { type Baseline, compareReports, formatComparison, judgeAgainstBaseline, parseBaseline } from '../probe/baseline.js';
import { withFields } from '../probe/fields.js';
import { formatCaseList, formatHtml, type JsonBytes, formatJson, formatJUnit, formatProgress, formatTerminal } from '../probe/format.js';
import { checkReachable } from '../probe/reach.js';
import { formatTarget, parseTarget, type ProbeTarget } from '../probe/connect.js';
import {
  exitCode, runProbe, selectCases, selects, type CaseResult, type ProbeOptions, type ProbeReport, type VerdictCounts,
} from '../probe/run.js';
import { COMMON_FLAGS, type FlagSpec, formatFlags, parseFlags, UsageError } from './flags.js';
import { type CliIo, colorWanted } from './io.js';

/** The flags of `probe`, in `--help` order. */
export const PROBE_FLAGS: readonly FlagSpec[] = [
  { name: 'only', kind: 'list', default: [], placeholder: 'SELECTOR', help: 'run only cases matching: id, category, section (§6.3) or id glob; repeatable' },
  { name: 'skip', kind: 'list', default: [], placeholder: 'SELECTOR', help: 'skip these cases (same forms as --only); reported as skip' },
  { name: 'level', kind: 'list', default: [], placeholder: 'LEVELS', choices: ['MUST', 'SHOULD', 'MAY'], help: 'run only cases of these requirement levels (MUST,SHOULD); repeatable' },
  { name: 'host-header', kind: 'string', default: '', placeholder: 'HOST', help: 'send this Host instead of localhost (cases about Host keep their own)' },
  { name: 'header', short: 'H', kind: 'list', default: [], commas: false, placeholder: '\'NAME: VALUE\'', help: 'add this field line after Host (Host: replaces it); repeatable' },
  { name: 'strict', kind: 'boolean', default: false, help: 'fail on SHOULD too (a broken SHOULD is otherwise a warning)' },
  { name: 'split', kind: 'string', default: 'case', placeholder: 'MODE', choices: ['case', ...SPLIT_MODES], help: 'how to cut each request into writes; case: each case\'s own delivery' },
  { name: 'seed', kind: 'string', default: '', placeholder: 'N', help: 'seed of --split random (printed when chosen at random, to repeat a run)' },
  { name: 'timeout', kind: 'integer', default: 2000, placeholder: 'MS', help: 'silence after which a server that has not answered is taken to be waiting' },
  { name: 'linger', kind: 'integer', default: 250, placeholder: 'MS', help: 'silence after the expected responses before the connection counts as open' },
  { name: 'concurrency', kind: 'integer', default: 8, help: 'cases run at once, each on its own connection' },
  { name: 'insecure', kind: 'boolean', default: false, help: 'https:// targets: accept a certificate that cannot be verified (self-signed, expired, another name)' },
  { name: 'echo', kind: 'string', default: 'auto', placeholder: 'FORMAT', choices: ECHO_MODES, help: 'echo format read from 2xx bodies; auto: h1ref\'s or Garden\'s JSON' },
  { name: 'echo-fields', kind: 'list', default: [], placeholder: 'FIELDS', choices: ECHO_FIELDS, help: 'compare only these members of an echo (a partial echo); all when absent' },
  { name: 'json', kind: 'string', default: '', placeholder: 'FILE', help: 'write the report as JSON (schema h1ref-probe/1); - for standard output' },
  { name: 'json-bytes', kind: 'string', default: 'full', choices: ['full', 'head', 'none'], help: 'bytes in --json: all, each up to its first head (4 KiB at most), or none' },
  { name: 'junit', kind: 'string', default: '', placeholder: 'FILE', help: 'write JUnit XML: one testsuite per RFC section; - for standard output' },
  { name: 'html', kind: 'string', default: '', placeholder: 'FILE', help: 'write one self-contained HTML page; - for standard output' },
  { name: 'baseline', kind: 'string', default: '', placeholder: 'FILE', help: 'known failures: a previous --json report or a list of ids with reasons; only new failures fail the run' },
  { name: 'compare', kind: 'boolean', default: false, help: 'h1ref probe --compare A.json B.json: print what changed between two --json reports' },
  { name: 'dry-run', kind: 'boolean', default: false, help: 'print every selected case\'s bytes, cuts and allowed outcomes; send nothing (no target needed)' },
  { name: 'list', kind: 'boolean', default: false, help: 'list the selected cases (id, section, level, description) and exit; no target needed' },
  { name: 'verbose', kind: 'boolean', default: false, help: 'detail warnings too, not only failures and errors' },
  { name: 'color', kind: 'string', default: 'auto', placeholder: 'WHEN', choices: ['auto', 'always', 'never'], help: 'ANSI colours; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces them)' },
  ...COMMON_FLAGS,
];

/** The `--help` text of `probe`. */
export function probeUsage(): string {
  return [
    'Usage: h1ref probe [options] <host:port | http://host[:port] | https://host[:port]>',
    '       h1ref probe --list | --dry-run [options]',
    '       h1ref probe --compare A.json B.json',
    '',
    `Sends the ${SUITE.length} cases of h1ref's conformance suite to a server, each on a fresh connection,`,
    'reads the answers with h1ref\'s strict response parser, and judges each case against the outcomes the RFC',
    'allows: pass, warn (a SHOULD broken, or a permitted but risky reading), fail (a MUST broken), skip, error.',
    'Prints a summary by RFC section with every failure in detail: the request bytes, what the RFC allows and',
    'what the server did. A live progress line goes to standard error when it is a terminal. When a report goes',
    'to standard output (--json -, --junit - or --html -), the summary goes to standard error.',
    '',
    'An https:// target is probed over TLS (node:tls: the host as the server name, ALPN http/1.1, the certificate',
    'verified unless --insecure); each write of a cut request goes out in TLS records of its own.',
    '',
    'Before any case runs, the probe connects once (over TLS, one handshake): a target that cannot be reached,',
    'or whose TLS handshake fails, is one line and exit 2.',
    '',
    'With --baseline, a failure the baseline lists is reported as known and does not fail the run; a listed case',
    'that passes now is reported as fixed. --compare exits 1 when a case got worse from A to B.',
    '',
    'Exit status: 0 when nothing failed; 1 when a case failed (a MUST, or a SHOULD with --strict);',
    '2 when the target cannot be reached, when nothing failed but some cases could not run, or on a usage error.',
    '',
    'Options:',
    formatFlags(PROBE_FLAGS),
  ].join('\n');
}

/** Parsed `probe` arguments. */
interface ProbeCommand {
  /** Null for --list and dry runs without one. */
  readonly target: ProbeTarget | null;
  /** The cases to run: the suite with --host-header and -H applied. */
  readonly cases: readonly SpecCase[];
  readonly list: boolean;
  readonly baseline: string;
  readonly options: ProbeOptions;
  readonly files: { readonly json: string; readonly junit: string; readonly html: string };
  readonly verbose: boolean;
  readonly jsonBytes: JsonBytes;
  readonly color: 'auto' | 'always' | 'never';
}

function parseProbeArgs(argv: readonly string[]): ProbeCommand | 'help' | { compare: [string, string] } {
  const { values, help, positionals } = parseFlags(argv, PROBE_FLAGS, 2);
  if (help) return 'help';
  if (values['compare'] as boolean) {
    if (positionals.length !== 2) throw new UsageError('--compare needs two --json reports: h1ref probe --compare A.json B.json');
    return { compare: [positionals[0]!, positionals[1]!] };
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]!}"`);
  const dryRun = values['dry-run'] as boolean;
  const list = values['list'] as boolean;
  const text = positionals[0];
  if (text === undefined && !dryRun && !list) throw new UsageError('which server? give host:port, http://host:port or https://host:port (or --list, --dry-run)');
  let target: ProbeTarget | null = null;
  try {
    if (text !== undefined) target = parseTarget(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (target?.tls === true && (values['insecure'] as boolean)) target = { ...target, insecure: true };
  const fields = parseFieldFlags(values['host-header'] as string, values['header'] as readonly string[]);
  const files = { json: values['json'] as string, junit: values['junit'] as string, html: values['html'] as string };
  if (Object.values(files).filter((f) => f === '-').length > 1) throw new UsageError('only one of --json, --junit and --html can go to standard output (-)');
  const only = values['only'] as readonly string[];
  const skip = values['skip'] as readonly string[];
  // A selector that matches nothing is almost always a typo; running zero cases would hide it.
  for (const [flag, list] of [['only', only], ['skip', skip]] as const) {
    for (const selector of list) {
      if (!SUITE.some((c) => selects(selector, c))) throw new UsageError(`--${flag} ${selector}: no case matches (ids look like chunked/size-plus, sections like "RFC 9112 §7.1" or §7.1)`);
    }
  }
  const seedText = values['seed'] as string;
  let seed: number | undefined;
  if (seedText !== '') {
    if (!/^[0-9]+$/.test(seedText) || Number(seedText) > 0xffffffff) throw new UsageError(`--seed needs an integer from 0 to 4294967295, got "${seedText}"`);
    seed = Number(seedText);
  }
  const split = values['split'] as string;
  const concurrency = values['concurrency'] as number;
  if (concurrency < 1) throw new UsageError('--concurrency needs at least 1');
  const options: ProbeOptions = {
    only,
    skip,
    levels: values['level'] as readonly Level[],
    fields,
    sectionTitle: (section) => {
      const m = /^RFC (\d+) §(.+)$/.exec(section);
      return m === null ? undefined : sectionTitle(m[1]!, m[2]!);
    },
    strict: values['strict'] as boolean,
    ...(split === 'case' ? {} : { split: split as SplitMode }),
    ...(seed === undefined ? {} : { seed }),
    timeoutMs: values['timeout'] as number,
    lingerMs: values['linger'] as number,
    concurrency,
    echo: values['echo'] as EchoMode,
    ...((values['echo-fields'] as readonly string[]).length === 0 ? {} : { echoFields: values['echo-fields'] as readonly EchoField[] }),
    dryRun,
  };
  // Cases whose subject is Host keep the Host they test.
  const overrides = { ...(fields.host === null ? {} : { host: fields.host }), fields: fields.extra };
  const cases = SUITE.map((c) => (c.category === 'host' ? c : withFields(c, HOST_LINE, overrides)));
  return {
    target,
    cases,
    list,
    baseline: values['baseline'] as string,
    options,
    files,
    verbose: values['verbose'] as boolean,
    jsonBytes: values['json-bytes'] as JsonBytes,
    color: values['color'] as 'auto' | 'always' | 'never',
  };
}

// --host-header and -H: a Host value and field lines, checked so that the probe never sends a field of its own
// that is itself malformed (a field name is a token, RFC 9110 §5.1; a value has no CR, LF or NUL, §5.5).
function parseFieldFlags(hostHeader: string, headers: readonly string[]): { host: string | null; extra: string[] } {
  let host: string | null = hostHeader === '' ? null : hostHeader;
  const extra: string[] = [];
  for (const header of headers) {
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/s.exec(header);
    if (m === null) throw new UsageError(`-H needs 'Name: value' with a token for a name, got ${JSON.stringify(header)}`);
    if (m[1]!.toLowerCase() === 'host') host = m[2]!;
    else extra.push(`${m[1]!}: ${m[2]!}`);
    checkFieldValue('-H', m[2]!);
  }
  if (host !== null) checkFieldValue('--host-header', host);
  return { host, extra };
}

function checkFieldValue(flag: string, value: string): void {
  // RFC 9110 §5.5: field values never hold CR, LF or NUL; other controls are not field-vchar either.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) throw new UsageError(`${flag}: a field value cannot hold control characters, got ${JSON.stringify(value)}`);
}

/**
 * Runs `h1ref probe`.
 *
 * @returns the exit code of {@link exitCode}: 0, 1 when a case failed, 2 when cases could not run
 * @throws UsageError for a bad command line
 */
export async function probe(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseProbeArgs(argv);
  if (command === 'help') {
    io.out(`${probeUsage()}\n`);
    return 0;
  }
  if ('compare' in command) return compare(command.compare, io);
  const { target, files, cases } = command;
  if (command.list) {
    const skip = command.options.skip ?? [];
    const listed = selectCases(cases, command.options.only ?? [], command.options.levels).filter((c) => !skip.some((x) => selects(x, c)));
    io.out(`${formatCaseList(listed)}\n`);
    return 0;
  }
  let baseline: Baseline | undefined;
  if (command.baseline !== '') {
    try {
      baseline = parseBaseline(await readFile(command.baseline, 'utf8'), command.baseline);
    } catch (error) {
      io.err(`h1ref probe: cannot use the baseline ${command.baseline}: ${(error as Error).message}\n`);
      return 2;
    }
    const unknown = [...baseline.known.keys()].filter((id) => !SUITE.some((c) => c.id === id));
    if (unknown.length > 0) io.err(`h1ref probe: the baseline names cases the suite does not have: ${unknown.join(', ')}\n`);
  }
  let options = command.options;
  if (options.split === 'random' && options.seed === undefined) {
    // Chosen here rather than by the runner, so it can be printed before the run: an interrupted run can be
    // repeated too.
    options = { ...options, seed: Math.floor(Math.random() * 0x7fffffff) };
  }
  if (options.split === 'random') io.err(`h1ref probe: random splits with seed ${options.seed!} (repeat with --seed ${options.seed!})\n`);

  if (target !== null && options.dryRun !== true) {
    // Fail fast: one line, not one error per case, when nothing answers there.
    const why = await checkReachable(target, options.timeoutMs ?? 2000);
    if (why !== undefined) {
      io.err(`h1ref probe: cannot reach ${formatTarget(target)}: ${why}\n`);
      return 2;
    }
  }
  const progress = io.isTTY?.err === true && options.dryRun !== true ? liveProgress(io) : undefined;
  const ran = await runProbe(target, cases, { ...options, ...(progress === undefined ? {} : { onResult: progress.onResult }) });
  progress?.clear();
  const report: ProbeReport = baseline === undefined ? ran : { ...ran, baseline: judgeAgainstBaseline(ran.results, baseline) };

  // Standard output belongs to a report written to `-`; the summary then goes to standard error.
  const summaryTo = Object.values(files).includes('-') ? 'err' : 'out';
  const color = colorWanted(command.color, io, summaryTo);
  io[summaryTo](`${formatTerminal(report, { color, verbose: command.verbose })}\n`);

  const outputs: [file: string, text: () => string][] = [
    [files.json, () => formatJson(report, command.jsonBytes)],
    [files.junit, () => formatJUnit(report)],
    [files.html, () => formatHtml(report)],
  ];
  for (const [file, text] of outputs) {
    if (file === '') continue;
    if (file === '-') {
      io.out(text());
      continue;
    }
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text());
    } catch (error) {
      io.err(`h1ref probe: cannot write ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    io.err(`h1ref probe: wrote ${file}\n`);
  }
  return exitCode(report);
}

// --compare A B: what changed between two reports; exit 1 when a case got worse.
async function compare(files: readonly [string, string], io: CliIo): Promise<number> {
  const reports: ProbeReport[] = [];
  for (const file of files) {
    try {
      const report = JSON.parse(await readFile(file, 'utf8')) as ProbeReport;
      if (report.schema !== 'h1ref-probe/1') throw new TypeError('not an h1ref-probe/1 report');
      reports.push(report);
    } catch (error) {
      io.err(`h1ref probe: cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const comparison = compareReports(reports[0]!, reports[1]!);
  io.out(`${formatComparison(reports[0]!, reports[1]!, files, comparison)}\n`);
  return comparison.worse.length > 0 ? 1 : 0;
}

// The progress line: rewritten in place (CR, erase to the end of the line), at most every 50 ms.
function liveProgress(io: CliIo): { onResult: (result: CaseResult, done: number, total: number) => void; clear: () => void } {
  const counts: VerdictCounts = { total: 0, pass: 0, warn: 0, fail: 0, skip: 0, error: 0 };
  let last = 0;
  let shown = false;
  return {
    onResult(result, done, total) {
      counts.total++;
      counts[result.verdict]++;
      const now = Date.now();
      if (now - last < 50 && done !== total) return;
      last = now;
      shown = true;
      io.err(`\r${formatProgress(done, total, counts, result.id)}\x1b[K`);
    },
    clear() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}
