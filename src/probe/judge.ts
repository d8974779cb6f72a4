/**
 * {@link judge}: from a case's allowed outcomes and an observation to a verdict, with the reasons.
 *
 * @module
 */
import type {
  Check, Interpretation, Level, Outcome, OutcomeVerdict, ResponseExpectation, SpecCase,
} from './case.js';
import { statusMatches } from './case.js';
import type { EchoedRequest, Observation, ObservedResponse } from './observation.js';

/** A case's verdict (see the schema module for what each means). */
export type Verdict = 'pass' | 'warn' | 'fail' | 'skip' | 'error';

/** The result of judging one observation. */
export interface Judgement {
  /** The verdict. */
  readonly verdict: Verdict;
  /** The label of the outcome the observation matched, or null when it matched none. */
  readonly matched: string | null;
  /** Why: the matched outcome or the mismatch, then every finding (malformed response, failed check, …). */
  readonly reasons: readonly string[];
  /**
   * Whether an echo was compared with the outcome's interpretation. False when the target does not echo (the
   * verdict then rests on statuses, message count and the connection only).
   */
  readonly interpretationChecked: boolean;
  /** Set when a finding apart from the outcomes (a check, a malformed response) made the verdict worse. */
  readonly verdictFrom?: VerdictSource;
}

/** The finding that made a verdict worse than the outcome the case matched. */
export interface VerdictSource {
  /** The finding: a check's name (`date`), `malformed response`, `bytes after the last response`. */
  readonly finding: string;
  /** Its requirement level. */
  readonly level: Level;
  /** Its RFC section, when it has one of its own. */
  readonly section?: string;
  /** The verdict of the outcome the case matched. */
  readonly caseVerdict: 'pass' | 'warn';
}

/** The members of an {@link Interpretation} an echo can be compared on. */
export type EchoField = keyof Interpretation;

/** Every {@link EchoField}, for option parsing. */
export const ECHO_FIELDS: readonly EchoField[] = ['method', 'target', 'version', 'headers', 'body', 'trailers'];

/** Options of {@link judge}. */
export interface JudgeOptions {
  /** Treat SHOULD as MUST: a warn from a SHOULD-level case or check becomes a fail. */
  readonly strict?: boolean;
  /**
   * Compare only these members of an echo (every member by default). For partial echoes: an application
   * interface that merges or lowercases header fields (WSGI, ASGI) or a proxy in front of an echo still reports
   * the method, target and body faithfully, and comparing the rest would blame the server for its interface.
   */
  readonly echoFields?: readonly EchoField[];
}

const RANK: Record<OutcomeVerdict, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * Judges an observation against a case:
 *
 * 1. The outcomes the observation matches (same number of final responses, each status allowed, each echo equal
 *    where both the outcome and the server give one, the connection state when the outcome names one); the best
 *    verdict among them wins. No match: fail for a MUST case, warn otherwise.
 * 2. Findings that stand alone: a malformed response and bytes left after the last response fail; each
 *    {@link Check} that does not hold fails (MUST) or warns (SHOULD).
 * 3. The verdict is the worst of these; `strict` turns SHOULD-level warnings into failures.
 */
export function judge(c: SpecCase, o: Observation, options: JudgeOptions = {}): Judgement {
  if (o.error !== undefined) return { verdict: 'error', matched: null, reasons: [o.error], interpretationChecked: false };
  const reasons: string[] = [];
  const strict = options.strict === true;
  const escalate = (level: 'MUST' | 'SHOULD' | 'MAY'): 'warn' | 'fail' => (level === 'MUST' || (strict && level === 'SHOULD') ? 'fail' : 'warn');

  let best: { outcome: Outcome; echoChecked: boolean } | null = null;
  const mismatches: string[] = [];
  for (const outcome of c.outcomes) {
    const m = matchOutcome(outcome, o, options.echoFields);
    if (typeof m === 'string') {
      mismatches.push(m);
      continue;
    }
    if (best === null || RANK[outcome.verdict ?? 'pass'] < RANK[best.outcome.verdict ?? 'pass']) best = { outcome, echoChecked: m.echoChecked };
  }

  let verdict: Verdict;
  if (best !== null) {
    const v = best.outcome.verdict ?? 'pass';
    verdict = v === 'warn' && strict && c.level === 'SHOULD' ? 'fail' : v;
    reasons.push(`${v === 'pass' ? 'allowed' : v === 'warn' ? 'permitted with a warning' : 'known wrong reading'}: ${best.outcome.label}`);
  } else {
    verdict = escalate(c.level);
    reasons.push(`matches none of the outcomes the RFC allows (${c.level})`);
    // Say how each allowed outcome was missed (a status, the connection, or an echo field), so a failure names
    // the difference and not only the verdict; named wrong readings are left out, as they are not allowed.
    for (const [i, outcome] of c.outcomes.entries()) {
      if ((outcome.verdict ?? 'pass') !== 'fail') reasons.push(`not "${outcome.label}": ${mismatches[i]!}`);
    }
  }

  const caseVerdict = best === null ? null : verdict;
  let verdictFrom: VerdictSource | undefined;
  const worsen = (v: Verdict, finding: Omit<VerdictSource, 'caseVerdict'>): void => {
    if (v === verdict || !(v === 'fail' || (v === 'warn' && verdict === 'pass'))) return;
    verdict = v;
    // Only a case that matched a passing or warning outcome has a verdict of its own to set apart.
    if (caseVerdict === 'pass' || caseVerdict === 'warn') verdictFrom = { ...finding, caseVerdict };
  };
  const matchedHttp09 = best?.outcome.http09 === true;
  if (o.malformed !== undefined && !matchedHttp09) {
    reasons.push(`malformed response: ${o.malformed.code} at byte ${o.malformed.offset} of the response bytes (${o.malformed.message})`);
    worsen('fail', { finding: 'malformed response', level: 'MUST' });
  } else if (o.nonHttp && !matchedHttp09) {
    reasons.push('the server answered with bytes that are not an HTTP/1.x response');
    worsen('fail', { finding: 'not an HTTP/1.x response', level: 'MUST' });
  }
  if (o.trailingBytes > 0 && !matchedHttp09 && o.malformed === undefined) {
    reasons.push(`${o.trailingBytes} byte(s) after the last complete response`);
    worsen('fail', { finding: 'bytes after the last response', level: 'MUST' });
  }
  for (const check of c.checks ?? []) {
    const problem = runCheck(check, o);
    if (problem === null) continue;
    reasons.push(`${check.check} (${check.level}, ${check.section}): ${problem}`);
    if (check.level !== 'MAY') worsen(escalate(check.level), { finding: check.check, level: check.level, section: check.section });
  }
  return {
    verdict, matched: best?.outcome.label ?? null, reasons, interpretationChecked: best?.echoChecked ?? false,
    ...(verdictFrom === undefined ? {} : { verdictFrom }),
  };
}

/** An observation matched an outcome. */
export interface OutcomeMatch {
  /** Whether an echo was compared with the outcome's interpretation (false when there was none to compare). */
  readonly echoChecked: boolean;
}

/**
 * Whether an observation matches an outcome: the reason it does not, or an {@link OutcomeMatch}.
 *
 * @param echoFields - compare only these members of an echo (all by default)
 */
export function matchOutcome(outcome: Outcome, o: Observation, echoFields?: readonly EchoField[]): string | OutcomeMatch {
  if (outcome.http09 === true) {
    return o.nonHttp ? { echoChecked: false } : 'the answer is not HTTP/0.9';
  }
  if (outcome.connection !== undefined) {
    const closed = o.connection !== 'open';
    if (outcome.connection === 'closed' && !closed) return 'the connection stayed open';
    if (outcome.connection === 'open' && closed) return `the connection was ${o.connection === 'reset' ? 'reset' : 'closed'}`;
  }
  if (outcome.responses.length !== o.responses.length) {
    return `${o.responses.length} response(s), expected ${outcome.responses.length}`;
  }
  let echoChecked = false;
  for (let i = 0; i < outcome.responses.length; i++) {
    const want = outcome.responses[i]!;
    const got = o.responses[i]!;
    const m = matchResponse(want, got, echoFields);
    if (typeof m === 'string') return `response ${i + 1}: ${m}`;
    if (m) echoChecked = true;
  }
  return { echoChecked };
}

// The reason a response does not match, or whether an echo was compared.
function matchResponse(want: ResponseExpectation, got: ObservedResponse, echoFields: readonly EchoField[] | undefined): string | boolean {
  if (!want.status.some((s) => statusMatches(got.status, s))) return `status ${got.status}, allowed ${want.status.join(', ')}`;
  if (want.echo === undefined || got.echo === undefined || !statusMatches(got.status, 'accept')) return false;
  let expected: Interpretation = want.echo;
  if (echoFields !== undefined) {
    const kept: Record<string, unknown> = {};
    for (const field of echoFields) if (expected[field] !== undefined) kept[field] = expected[field];
    expected = kept as Interpretation;
    if (Object.keys(kept).length === 0) return false;
  }
  const problem = compareEcho(expected, got.echo);
  return problem === null ? true : `echo: ${problem}`;
}

/** Compares what a server echoed with an expected interpretation: the first difference, or null. */
export function compareEcho(want: Interpretation, got: EchoedRequest): string | null {
  if (want.method !== undefined && got.method !== want.method) return `method ${quote(got.method)}, expected ${quote(want.method)}`;
  if (want.target !== undefined && got.target !== want.target) return `target ${quote(got.target)}, expected ${quote(want.target)}`;
  if (want.version !== undefined && normalizeVersion(got.version) !== normalizeVersion(want.version)) {
    return `version ${quote(got.version)}, expected ${quote(want.version)}`;
  }
  if (want.headers !== undefined) {
    const problem = compareFields(want.headers, got.headers, 'field');
    if (problem !== null) return problem;
  }
  if (want.body !== undefined && got.body !== want.body) return `body ${quote(got.body)}, expected ${quote(want.body)}`;
  if (want.trailers !== undefined && got.trailers !== undefined) {
    const problem = compareFields(want.trailers, got.trailers, 'trailer');
    if (problem !== null) return problem;
  }
  return null;
}

function compareFields(
  want: Readonly<Record<string, string | readonly string[] | null>>, got: readonly (readonly [string, string])[], what: string,
): string | null {
  for (const [name, expected] of Object.entries(want)) {
    const lower = name.toLowerCase();
    const values = got.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
    if (expected === null) {
      if (values.length !== 0) return `${what} ${name} present (${quote(values.join(', '))}), expected absent`;
      continue;
    }
    if (values.length === 0) return `${what} ${name} absent, expected ${quote(typeof expected === 'string' ? expected : expected.join(', '))}`;
    const list = typeof expected === 'string' ? [expected] : expected;
    if (normalizeList(values) !== normalizeList(list)) {
      return `${what} ${name} is ${quote(values.join(', '))}, expected ${quote(list.join(', '))}`;
    }
  }
  return null;
}

// Field values compared as lists: joined with commas, each element without surrounding SP/HTAB.
function normalizeList(values: readonly string[]): string {
  return values.join(',').split(',').map((v) => v.replace(/^[ \t]+|[ \t]+$/g, '')).join(',');
}

function normalizeVersion(v: string): string {
  return v.startsWith('HTTP/') ? v.slice(5) : v;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** Runs one check: a description of what is wrong, or null when it holds (or cannot be decided). */
export function runCheck(check: Check, o: Observation): string | null {
  const finals = o.responses;
  switch (check.check) {
    case 'no-1xx': {
      const r = finals.find((f) => f.interim.length !== 0);
      return r === undefined ? null : `interim ${r.interim.join(', ')} sent`;
    }
    case 'no-101':
      return finals.some((f) => f.status === 101) || o.switchedProtocol ? 'the server switched protocols' : null;
    case 'early-response':
      if (o.firstByteAfterPieces !== null && o.firstByteAfterPieces < o.piecesTotal) return null;
      return o.firstByteAfterPieces === null
        ? 'no response at all'
        : `nothing arrived until all ${o.piecesTotal} pieces were sent (the server waited for the content)`;
    default:
      break;
  }
  if (o.synthetic === true) return null;
  switch (check.check) {
    case 'no-transfer-encoding': {
      const r = finals.find((f) => field(f, 'transfer-encoding').length !== 0);
      return r === undefined ? null : `a ${r.status} response carries Transfer-Encoding: ${field(r, 'transfer-encoding').join(', ')}`;
    }
    case 'close-announced': {
      const last = finals[finals.length - 1];
      if (last === undefined || o.connection === 'open') return null;
      return hasToken(field(last, 'connection'), 'close') ? null : `the server closed after a ${last.status} without Connection: close`;
    }
    case 'keep-alive-announced': {
      const last = finals[finals.length - 1];
      if (last === undefined || o.connection !== 'open') return null;
      return hasToken(field(last, 'connection'), 'keep-alive') ? null : `the connection stayed open after a ${last.status} without Connection: keep-alive`;
    }
    case 'date': {
      for (const r of finals) {
        if (r.status >= 500) continue;
        const dates = field(r, 'date');
        if (dates.length !== 1) return `a ${r.status} response has ${dates.length} Date fields`;
        if (!IMF_FIXDATE.test(dates[0]!)) return `Date ${JSON.stringify(dates[0])} is not an IMF-fixdate`;
      }
      return null;
    }
    default:
      return null;
  }
}

/** `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 §5.6.7). */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

function field(r: ObservedResponse, name: string): string[] {
  return (r.headers ?? []).filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

function hasToken(values: readonly string[], token: string): boolean {
  return values.some((v) => v.split(',').some((t) => t.trim().toLowerCase() === token));
}
