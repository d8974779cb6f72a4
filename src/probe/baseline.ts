/**
 * Baselines and comparisons: gate CI on "no new failures" from the first day, and say what changed between two
 * runs (two server versions, two configurations).
 *
 * A baseline is either a previous `--json` report (schema `h1ref-probe/1`: its failed cases are the known ones,
 * each with its first reason) or a small text file of known failures, one case id a line with the reason after
 * it, `#` starting a comment:
 *
 * ```text
 * # known failures of our proxy, 2026-12
 * chunked/size-bare-lf      the upstream parser; fixed in 2.4
 * smuggling/te-cl           ticket OPS-123
 * ```
 *
 * Against a baseline, a **regression** is a case that fails now and is not a known failure; only regressions fail
 * the run ({@link exitCode}). A known failure that passes (or warns) now is **fixed**: time to update the baseline.
 *
 * @module
 */
import type { CaseResult, ProbeReport } from './run.js';
import type { Verdict } from './judge.js';

/** Known failures, by case id, with the reason each is accepted for now. */
export interface Baseline {
  /** Where the baseline came from (a file name), for the report. */
  readonly source: string;
  /** Case id → why its failure is known. */
  readonly known: ReadonlyMap<string, string>;
}

/** A known failure that still fails. */
export interface KnownFailure {
  /** Case id. */
  readonly id: string;
  /** Why it is known, from the baseline. */
  readonly reason: string;
}

/** What a run looks like against its baseline; part of the report (`baseline`). */
export interface BaselineOutcome {
  /** Where the baseline came from. */
  readonly source: string;
  /** Known failures that still fail, with their reasons. */
  readonly known: readonly KnownFailure[];
  /** Cases that fail now and are not known failures: these fail the run. */
  readonly regressions: readonly string[];
  /** Known failures that ran and did not fail. */
  readonly fixed: readonly string[];
}

/**
 * Reads a baseline: a `h1ref-probe/1` JSON report when the text starts with `{`, a list of ids otherwise.
 *
 * @throws TypeError when the JSON is not a probe report, or a list line has no id
 */
export function parseBaseline(text: string, source: string): Baseline {
  const known = new Map<string, string>();
  if (text.trimStart().startsWith('{')) {
    const report = JSON.parse(text) as Partial<ProbeReport>;
    if (report.schema !== 'h1ref-probe/1' || !Array.isArray(report.results)) throw new TypeError(`${source} is not an h1ref-probe/1 report`);
    for (const r of report.results) {
      if (r.verdict === 'fail') known.set(r.id, r.reasons[0] ?? `failed in ${source}`);
    }
    return { source, known };
  }
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    if (!m[1]!.includes('/')) throw new TypeError(`${source}:${index + 1}: expected a case id (category/name), got ${JSON.stringify(m[1])}`);
    known.set(m[1]!, m[2]! === '' ? `listed in ${source}` : m[2]!);
  }
  return { source, known };
}

/** `results` judged against `baseline`: which failures are known, which are new, which known ones are fixed. */
export function judgeAgainstBaseline(results: readonly CaseResult[], baseline: Baseline): BaselineOutcome {
  const known: KnownFailure[] = [];
  const regressions: string[] = [];
  const fixed: string[] = [];
  for (const r of results) {
    const reason = baseline.known.get(r.id);
    if (r.verdict === 'fail') {
      if (reason === undefined) regressions.push(r.id);
      else known.push({ id: r.id, reason });
    } else if (reason !== undefined && (r.verdict === 'pass' || r.verdict === 'warn')) {
      fixed.push(r.id);
    }
  }
  return { source: baseline.source, known, regressions, fixed };
}

/** One line on a run against its baseline: `baseline known.txt: 2 known failures, 1 fixed, no regression`. */
export function formatBaselineLine(b: BaselineOutcome): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(b.known.length, 'known failure')];
  if (b.fixed.length > 0) parts.push(`${b.fixed.length} fixed (${b.fixed.join(', ')}): update the baseline`);
  parts.push(b.regressions.length === 0 ? 'no regression' : `${plural(b.regressions.length, 'regression')}: ${b.regressions.join(', ')}`);
  return `baseline ${b.source}: ${parts.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------------------------

/** One case whose verdict differs between two reports. */
export interface VerdictChange {
  /** Case id. */
  readonly id: string;
  /** RFC section and level, from the newer report. */
  readonly section: string;
  /** Requirement level. */
  readonly level: string;
  /** The verdict in the first report. */
  readonly from: Verdict;
  /** The verdict in the second report. */
  readonly to: Verdict;
  /** What the second server did, in one line. */
  readonly observed: string;
}

/** What changed from one report to another. */
export interface Comparison {
  /** Cases that got worse (pass → warn → fail). */
  readonly worse: readonly VerdictChange[];
  /** Cases that got better. */
  readonly better: readonly VerdictChange[];
  /** Other changes (to or from skip and error). */
  readonly other: readonly VerdictChange[];
  /** Ids only in the first report, and only in the second. */
  readonly onlyIn: readonly [readonly string[], readonly string[]];
}

const RANK: Partial<Record<Verdict, number>> = { pass: 0, warn: 1, fail: 2 };

/** The cases whose verdicts differ from `a` to `b`, sorted into worse, better and other, in `b`'s order. */
export function compareReports(a: ProbeReport, b: ProbeReport): Comparison {
  const before = new Map(a.results.map((r) => [r.id, r] as const));
  const ids = new Set(b.results.map((r) => r.id));
  const worse: VerdictChange[] = [];
  const better: VerdictChange[] = [];
  const other: VerdictChange[] = [];
  for (const r of b.results) {
    const old = before.get(r.id);
    if (old === undefined || old.verdict === r.verdict) continue;
    const change = { id: r.id, section: r.section, level: r.level, from: old.verdict, to: r.verdict, observed: r.observed };
    const from = RANK[old.verdict];
    const to = RANK[r.verdict];
    if (from === undefined || to === undefined) other.push(change);
    else (to > from ? worse : better).push(change);
  }
  return {
    worse, better, other,
    onlyIn: [a.results.filter((r) => !ids.has(r.id)).map((r) => r.id), b.results.filter((r) => !before.has(r.id)).map((r) => r.id)],
  };
}

/** The comparison as text: the two runs, then each kind of change with one line per case. */
export function formatComparison(a: ProbeReport, b: ProbeReport, names: readonly [string, string], c: Comparison): string {
  const lines = [
    `h1ref probe --compare: ${names[0]} (${a.target}, ${a.startedAt}) → ${names[1]} (${b.target}, ${b.startedAt})`,
    `  ${names[0]}: ${counts(a)}`,
    `  ${names[1]}: ${counts(b)}`,
  ];
  const block = (title: string, changes: readonly VerdictChange[]): void => {
    if (changes.length === 0) return;
    lines.push('', `${title} (${changes.length}):`);
    for (const x of changes) lines.push(`  ${x.id} [${x.level}] ${x.section}: ${x.from} → ${x.to}${x.observed === '' ? '' : ` (${x.observed})`}`);
  };
  block('worse', c.worse);
  block('better', c.better);
  block('other changes', c.other);
  if (c.onlyIn[0].length > 0) lines.push('', `only in ${names[0]} (${c.onlyIn[0].length}): ${c.onlyIn[0].join(', ')}`);
  if (c.onlyIn[1].length > 0) lines.push('', `only in ${names[1]} (${c.onlyIn[1].length}): ${c.onlyIn[1].join(', ')}`);
  if (c.worse.length + c.better.length + c.other.length === 0) lines.push('', 'no verdict changed');
  return lines.join('\n');
}

function counts(r: ProbeReport): string {
  const s = r.summary;
  return `${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.skip} skip, ${s.error} error — MUST ${s.must.pass}/${s.must.total - s.must.skip}`;
}
