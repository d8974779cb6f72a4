/**
 * {@link runProbe}: the suite (or any list of cases) against one server, with selection, splitting,
 * concurrency, and a report in a stable shape.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import type { Level, SpecCase } from './case.js';
import { caseBytes, caseSeed, planDelivery, seededRandom, type SplitMode } from './delivery.js';
import type { EchoMode } from './echo.js';
import { runExchange } from './exchange.js';
import { rfcUrl } from './format.js';
import { type EchoField, judge, type Verdict, type VerdictSource } from './judge.js';
import type { ConnectionState, Observation } from './observation.js';
import type { BaselineOutcome } from './baseline.js';
import { endpointOf, formatTarget, type ProbeTarget } from './connect.js';

/** The Host and extra field lines sent in place of the suite's Host line (`--host-header`, `-H`). */
export interface FieldsSent {
  /** The Host value sent, or null for the suite's own. */
  readonly host: string | null;
  /** Field lines added after Host, `Name: value`. */
  readonly extra: readonly string[];
}

/** Options of {@link runProbe}; all optional. */
export interface ProbeOptions {
  /**
   * Run only the cases matching one of these: a case id, a category, an RFC section (`RFC 9112 §6.3`, `§6.3`, or
   * a prefix such as `RFC 9112 §6` that also selects its subsections), or a glob over ids (`chunked/size-*`).
   */
  readonly only?: readonly string[];
  /** Skip the cases matching one of these (same forms as `only`); they are reported as `skip`. */
  readonly skip?: readonly string[];
  /** Run only the cases of these requirement levels; every level when absent or empty. */
  readonly levels?: readonly Level[];
  /**
   * What the caller changed in the cases' bytes (`--host-header`, `-H`), recorded in the report; the cases given
   * to {@link runProbe} already carry it.
   */
  readonly fields?: FieldsSent;
  /** Fail on SHOULD too (see the schema's verdicts). */
  readonly strict?: boolean;
  /** Re-cut every case (except those that wait for responses between pieces); each case's own delivery by default. */
  readonly split?: SplitMode;
  /** The seed of `random` splits; a random one is chosen (and reported) when absent. */
  readonly seed?: number;
  /** Silence, in ms, after which a server that has not answered is taken to be waiting. Default 2000. */
  readonly timeoutMs?: number;
  /** Silence, in ms, after the expected responses before the connection is judged open. Default 250. */
  readonly lingerMs?: number;
  /** Cases run at once, each on its own connection. Default 8. */
  readonly concurrency?: number;
  /** Echo format to decode from accepted responses. Default `auto`. */
  readonly echo?: EchoMode;
  /** Compare only these members of an echo (see {@link JudgeOptions.echoFields}); all by default. */
  readonly echoFields?: readonly EchoField[];
  /** Plan every case and report the bytes, but connect to nothing. */
  readonly dryRun?: boolean;
  /**
   * The title of a section (`RFC 9112 §7.1` → `Chunked Transfer Coding`), for the report's `sections`; the CLI
   * gives the RFCs' tables of contents. Sections are named by number alone when absent.
   */
  readonly sectionTitle?: (section: string) => string | undefined;
  /** Called after each case, for a progress display. */
  readonly onResult?: (result: CaseResult, done: number, total: number) => void;
}

/** The result of one case, in the report. */
export interface CaseResult {
  /** Case id. */
  readonly id: string;
  /** RFC section. */
  readonly section: string;
  /** Requirement level. */
  readonly level: Level;
  /** Category. */
  readonly category: string;
  /** The case's one-line description. */
  readonly description: string;
  /** The verdict. */
  readonly verdict: Verdict;
  /** The label of the outcome matched, or null. */
  readonly matched: string | null;
  /** Why the verdict is what it is. */
  readonly reasons: readonly string[];
  /** Whether an echo was compared (false when the target does not echo). */
  readonly interpretationChecked: boolean;
  /** What the RFC allows: the labels of the passing and warning outcomes (warnings marked). */
  readonly allowed: readonly string[];
  /** What the server did, in one line. */
  readonly observed: string;
  /** Final response statuses, in order. */
  readonly statuses: readonly number[];
  /** Interim statuses before each final response. */
  readonly interim: readonly (readonly number[])[];
  /** The connection's state at the end; null when the case did not run. */
  readonly connection: ConnectionState | null;
  /** Whether the probe gave up waiting for more responses. */
  readonly timedOut: boolean;
  /** The request bytes, base64. */
  readonly request: string;
  /** The sizes of the writes the request was cut into. */
  readonly pieces: readonly number[];
  /** Every byte the server sent, base64. */
  readonly response: string;
  /** Milliseconds the case took. */
  readonly durationMs: number;
  /** The case's note (errata, rationale), if any. */
  readonly note?: string;
  /**
   * Set when the verdict is worse than the outcome the case matched: the finding that made it (a cross-cutting
   * check such as `date`, a malformed response), its level and section, and the case's own verdict.
   */
  readonly verdictFrom?: VerdictSource;
  /** The request's length in bytes, when `request` was left out of a JSON report (`--json-bytes`). */
  readonly requestLength?: number;
  /** The response's length in bytes, when `response` was cut or left out of a JSON report (`--json-bytes`). */
  readonly responseLength?: number;
}

/** Verdict counts. */
export interface VerdictCounts {
  /** Cases in the report. */
  total: number;
  /** pass verdicts. */
  pass: number;
  /** warn verdicts. */
  warn: number;
  /** fail verdicts. */
  fail: number;
  /** skip verdicts. */
  skip: number;
  /** error verdicts. */
  error: number;
}

/** The options a run used, as recorded in its report. */
export interface ReportOptions {
  /** Whether SHOULD counted as MUST. */
  readonly strict: boolean;
  /** The split mode, or `case` when each case's own delivery was used. */
  readonly split: SplitMode | 'case';
  /** The seed of random splits, or null. */
  readonly seed: number | null;
  /** See {@link ProbeOptions.timeoutMs}. */
  readonly timeoutMs: number;
  /** See {@link ProbeOptions.lingerMs}. */
  readonly lingerMs: number;
  /** Cases run at once. */
  readonly concurrency: number;
  /** The echo format looked for. */
  readonly echo: EchoMode;
  /** The echo members compared, or null for all of them. */
  readonly echoFields: readonly EchoField[] | null;
  /** Whether nothing was sent. */
  readonly dryRun: boolean;
  /** The `only` selectors. */
  readonly only: readonly string[];
  /** The `skip` selectors. */
  readonly skip: readonly string[];
  /** The levels run (empty: all of them). Absent from reports older than the field. */
  readonly levels?: readonly Level[];
  /** The Host sent in place of the suite's (null: the suite's own) and the field lines added after it. */
  readonly fields?: FieldsSent;
}

/** Verdict counts over all cases, with the same counts over MUST-level cases. */
export interface ReportSummary extends VerdictCounts {
  /** The counts over MUST-level cases only. */
  readonly must: VerdictCounts;
}

/** An RFC section's title and where to read it. */
export interface SectionInfo {
  /** The section's title (`Chunked Transfer Coding`), or null when unknown. */
  readonly title: string | null;
  /** The section at the RFC editor: `https://www.rfc-editor.org/rfc/rfc9112#section-7.1`. */
  readonly url: string;
}

/** A probe run, as JSON-friendly data. The shape is versioned by `schema`. */
export interface ProbeReport {
  /** The report format: `h1ref-probe/1`. */
  readonly schema: 'h1ref-probe/1';
  /** The target as a URL, `http://host:port` or `https://host:port`, or `none` for a dry run without a target. */
  readonly target: string;
  /** ISO time the run started. */
  readonly startedAt: string;
  /** Milliseconds the run took. */
  readonly durationMs: number;
  /** The options in force (the seed is the one actually used). */
  readonly options: ReportOptions;
  /** Counts over all cases, and over MUST-level cases only. */
  readonly summary: ReportSummary;
  /** One entry per case, in suite order. */
  readonly results: readonly CaseResult[];
  /** Each RFC section of the results with its title and its URL at the RFC editor. Absent from older reports. */
  readonly sections?: Readonly<Record<string, SectionInfo>>;
  /** The run against a baseline (`--baseline`): known failures, regressions, fixed cases; absent without one. */
  readonly baseline?: BaselineOutcome;
}

/**
 * Runs cases against a server and reports each one's verdict. The caller gives the cases (the CLI gives `SUITE`,
 * h1ref's conformance suite), so the library itself loads no suite data.
 *
 * ```ts
 * const report = await runProbe(parseTarget('127.0.0.1:8080'), SUITE, { only: ['smuggling'], concurrency: 16 });
 * console.log(formatTerminal(report));
 * process.exitCode = exitCode(report);
 * ```
 *
 * @param target - the server; null only for a dry run, which connects to nothing
 * @throws TypeError when `target` is null and `options.dryRun` is not set
 */
export async function runProbe(target: ProbeTarget | null, cases: readonly SpecCase[], options: ProbeOptions = {}): Promise<ProbeReport> {
  if (target === null && options.dryRun !== true) throw new TypeError('runProbe needs a target unless it is a dry run');
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const only = options.only ?? [];
  const skip = options.skip ?? [];
  const split = options.split;
  const seed = split === 'random' ? (options.seed ?? Math.floor(Math.random() * 0x7fffffff)) : (options.seed ?? null);
  const timeoutMs = options.timeoutMs ?? 2000;
  const lingerMs = options.lingerMs ?? 250;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const echo = options.echo ?? 'auto';
  const strict = options.strict === true;
  const dryRun = options.dryRun === true;

  const levels = options.levels ?? [];
  const selected = selectCases(cases, only, levels);
  const results: CaseResult[] = new Array<CaseResult>(selected.length);
  let next = 0;
  let done = 0;

  const runOne = async (index: number): Promise<void> => {
    const c = selected[index]!;
    const random = seed === null ? undefined : seededRandom(caseSeed(seed, c.id));
    const plan = planDelivery(c, split, random);
    let result: CaseResult;
    if (skip.some((s) => selects(s, c))) {
      result = notRun(c, plan.pieces, 'skipped by --skip');
    } else if (dryRun) {
      result = notRun(c, plan.pieces, 'dry run: nothing sent');
    } else {
      const exchange = await runExchange(c, plan, { ...endpointOf(target!), timeoutMs, lingerMs, echo });
      const j = judge(c, exchange.observation, { strict, ...(options.echoFields === undefined ? {} : { echoFields: options.echoFields }) });
      result = {
        ...base(c, plan.pieces),
        verdict: j.verdict,
        matched: j.matched,
        reasons: j.reasons,
        interpretationChecked: j.interpretationChecked,
        ...(j.verdictFrom === undefined ? {} : { verdictFrom: j.verdictFrom }),
        observed: describeObservation(exchange.observation),
        statuses: exchange.observation.responses.map((r) => r.status),
        interim: exchange.observation.responses.map((r) => r.interim),
        connection: exchange.observation.error === undefined ? exchange.observation.connection : null,
        timedOut: exchange.observation.timedOut,
        response: Buffer.from(exchange.response).toString('base64'),
        durationMs: Math.round(exchange.durationMs),
      };
    }
    results[index] = result;
    done++;
    options.onResult?.(result, done, selected.length);
  };

  const worker = async (): Promise<void> => {
    while (next < selected.length) await runOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, selected.length)) }, () => worker()));

  return {
    schema: 'h1ref-probe/1',
    target: target === null ? 'none' : formatTarget(target),
    startedAt,
    durationMs: Math.round(performance.now() - started),
    options: {
      strict, split: split ?? 'case', seed, timeoutMs, lingerMs, concurrency, echo,
      echoFields: options.echoFields === undefined ? null : [...options.echoFields], dryRun, only: [...only], skip: [...skip],
      levels: [...levels], fields: options.fields ?? { host: null, extra: [] },
    },
    summary: summarize(results),
    results,
    sections: Object.fromEntries([...new Set(results.map((r) => r.section))].map((section) => [section, {
      title: options.sectionTitle?.(section) ?? null, url: rfcUrl(section),
    }])),
  };
}

/** The cases `only` selects (all when it is empty) whose level is one of `levels` (any when it is empty), in order. */
export function selectCases(cases: readonly SpecCase[], only: readonly string[], levels: readonly Level[] = []): SpecCase[] {
  return cases.filter((c) => (only.length === 0 || only.some((s) => selects(s, c))) && (levels.length === 0 || levels.includes(c.level)));
}

/** Whether a selector (`only` / `skip` entry) selects a case: id, category, section (or section prefix), or id glob. */
export function selects(selector: string, c: SpecCase): boolean {
  if (selector === c.id || selector === c.category) return true;
  if (selector.includes('*')) {
    const re = new RegExp(`^${selector.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(c.id);
  }
  if (!selector.includes('§')) return false;
  // A section: "RFC 9112 §6.3", "9112 §6.3" or "§6.3"; a section also selects its subsections.
  const at = selector.indexOf('§');
  const rfc = selector.slice(0, at).replace(/[^0-9]/g, '');
  const wanted = selector.slice(at + 1).trim();
  const m = /^RFC (\d+) §(.+)$/.exec(c.section);
  if (m === null || (rfc !== '' && rfc !== m[1])) return false;
  return m[2] === wanted || m[2]!.startsWith(`${wanted}.`);
}

/**
 * The exit status for a report: 1 when a case failed (against a baseline: when a case failed that is not a known
 * failure), 2 when none failed but some could not run, else 0.
 */
export function exitCode(report: ProbeReport): number {
  const failed = report.baseline === undefined ? report.summary.fail : report.baseline.regressions.length;
  if (failed > 0) return 1;
  return report.summary.error > 0 ? 2 : 0;
}

function base(c: SpecCase, pieces: readonly Uint8Array[]): Omit<CaseResult, 'verdict' | 'matched' | 'reasons' | 'interpretationChecked' | 'observed' | 'statuses' | 'interim' | 'connection' | 'timedOut' | 'response' | 'durationMs'> {
  return {
    id: c.id,
    section: c.section,
    level: c.level,
    category: c.category,
    description: c.description,
    allowed: c.outcomes.filter((o) => (o.verdict ?? 'pass') !== 'fail').map((o) => (o.verdict === 'warn' ? `${o.label} [warn]` : o.label)),
    request: Buffer.from(caseBytes(c)).toString('base64'),
    pieces: pieces.map((p) => p.length),
    ...(c.note === undefined ? {} : { note: c.note }),
  };
}

function notRun(c: SpecCase, pieces: readonly Uint8Array[], why: string): CaseResult {
  return {
    ...base(c, pieces),
    verdict: 'skip',
    matched: null,
    reasons: [why],
    interpretationChecked: false,
    observed: '',
    statuses: [],
    interim: [],
    connection: null,
    timedOut: false,
    response: '',
    durationMs: 0,
  };
}

/** Counts verdicts, overall and for MUST-level cases. */
export function summarize(results: readonly CaseResult[]): ReportSummary {
  const all = emptyCounts();
  const must = emptyCounts();
  for (const r of results) {
    all.total++;
    all[r.verdict]++;
    if (r.level === 'MUST') {
      must.total++;
      must[r.verdict]++;
    }
  }
  return { ...all, must };
}

function emptyCounts(): VerdictCounts {
  return { total: 0, pass: 0, warn: 0, fail: 0, skip: 0, error: 0 };
}

/** One line for what the server did: statuses in order (interims in parentheses), the connection, findings. */
export function describeObservation(o: Observation): string {
  if (o.error !== undefined) return `not run: ${o.error}`;
  const parts: string[] = [];
  if (o.responses.length === 0) parts.push('no response');
  else {
    parts.push(o.responses.map((r) => (r.interim.length === 0 ? String(r.status) : `(${r.interim.join(', ')}) ${r.status}`)).join(', '));
  }
  if (o.nonHttp) parts.push('non-HTTP bytes');
  if (o.malformed !== undefined) parts.push(`malformed response (${o.malformed.code} at byte ${o.malformed.offset})`);
  if (o.trailingBytes > 0) parts.push(`${o.trailingBytes} byte(s) after the last response`);
  const state = o.connection === 'open' ? (o.timedOut ? 'left open (timed out waiting)' : 'left open') : o.connection === 'reset' ? 'reset' : 'closed';
  parts.push(`connection ${state}`);
  const echo = o.responses.find((r) => r.echo !== undefined)?.echo;
  if (echo !== undefined) {
    const body = echo.body.length > 40 ? `${JSON.stringify(echo.body.slice(0, 37))}...` : JSON.stringify(echo.body);
    parts.push(`first echo: ${echo.method} ${echo.target} body ${body}`);
  }
  return parts.join('; ');
}
