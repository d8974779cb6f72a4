/**
 * {@link runFuzz}: a fuzzing run. Inputs are made (in worker threads, with the reference's view), sent to every
 * target on fresh connections within each target's cap and the run's rate, and judged against the reference and
 * pairwise. A new difference is confirmed (three whole-delivery repeats with the probe's long linger; dropped as
 * unstable when they disagree), shrunk to minimal bytes within its budget, and stored.
 *
 * End of watch: the reference predicts how many final responses a correct server sends; once a target has sent
 * them, {@link FuzzOptions.lingerMs} of silence ends the exchange (a close ends it at once). A target still short
 * of them waits up to {@link FuzzOptions.timeoutMs} of silence (100 ms: quick, since most inputs differ
 * nowhere) and is then `hang`; a health check after a hang tells a target that waits from one that died
 * (`crash`). Confirmation repeats wait {@link FuzzOptions.confirmTimeoutMs} (1 s) and linger 250 ms, so that a
 * target that was only slow is dropped as unstable, not reported.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { escapeBytes } from '../probe/format.js';
import { type CompareContext, compareTargets, compareViews, type Difference } from './compare.js';
import {
  FINDING_CLASSES, type FindingClass, type FindingRecord, type Severity, type TargetRef, type View,
} from './finding.js';
import type { GenerateOptions, PreparedInput } from './generate.js';
import { planOf, WHOLE } from './plan.js';
import type { Quirk } from './quirks.js';
import { shrinkFinding } from './shrink.js';
import { FindingStore, oneLiner, signatureHash } from './store.js';
import { type FuzzTarget, Lanes, RateLimit, TargetState, type WatchTimes } from './target.js';
import { REFERENCE, referenceView, targetView } from './view.js';
import { createPreparer, type Preparer } from './workers.js';

/** Which findings make the run fail: meaningful ones (default), any finding, or none. */
export type FailOn = 'meaningful' | 'any' | 'none';

/** A shard of a run: the indices `i ≡ k (mod n)`. */
export interface Shard {
  /** This shard's remainder, `0 ≤ k < n`. */
  readonly k: number;
  /** The number of shards. */
  readonly n: number;
}

/** The shrinking budget of one finding. */
export interface ShrinkLimits {
  /** Exchanges at most. */
  readonly exchanges: number;
  /** Milliseconds at most (always also inside the run's time). */
  readonly ms: number;
}

/** A target as a run's report describes it. */
export interface FuzzTargetSummary extends TargetRef {
  /** The benign quirks its profile found. */
  readonly quirks: readonly Quirk[];
  /** Whether it stopped answering and was dropped. */
  readonly dropped: boolean;
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** The servers to fuzz (one or more; each is also compared with the reference). */
  readonly targets: readonly FuzzTarget[];
  /** The run's seed; random when absent (the report says which). */
  readonly seed?: number;
  /** Inputs to make: indices `0 … runs − 1` of the seed's sequence (those of this shard). */
  readonly runs?: number;
  /** Milliseconds the whole run may take, shrinking and writing included. */
  readonly timeMs?: number;
  /** Take only indices `i ≡ k (mod n)`. */
  readonly shard?: Shard;
  /** Worker threads that make inputs and their reference views; 0 makes them on the main thread. */
  readonly workers?: number;
  /** Where findings go (`DIR/<class>/<hash>.http` and `.json`, `DIR/run.ndjson`); nothing is written when absent. */
  readonly outDir?: string;
  /** Exchanges in flight per target, shared by all inputs (default 32). */
  readonly concurrency?: number;
  /** Inputs started per second at most (default 2,000). */
  readonly rate?: number;
  /**
   * Silence (ms) after which a target short of the expected responses is taken to wait, on the first pass over
   * an input and while shrinking (default 100: on loopback an answer comes within a few ms, and the HTTP
   * Garden's transport waits 50 ms for everything). A target that is only slow is not lost: a difference is
   * confirmed with {@link confirmTimeoutMs}.
   */
  readonly timeoutMs?: number;
  /** The same silence for confirmation repeats and the final check of a finding (default 1,000). */
  readonly confirmTimeoutMs?: number;
  /** Silence (ms) after the expected responses before an exchange ends (default 20). */
  readonly lingerMs?: number;
  /** The linger (ms) of confirmation repeats (default 250, the probe's). */
  readonly confirmLingerMs?: number;
  /** Seed inputs given by the caller (the CLI passes the suite's requests). */
  readonly seeds?: readonly Uint8Array[];
  /** Children per input whose views were new (default 2; 0 turns the novelty rule off). */
  readonly children?: number;
  /** Shrinking budget per finding: exchanges (default 300) and milliseconds (default 5,000). */
  readonly shrink?: ShrinkLimits;
  /** Called about every `progressMs` (default 1,000) with the counters. */
  readonly onProgress?: (stats: FuzzStats) => void;
  /** See `onProgress`. */
  readonly progressMs?: number;
}

/** Counts by severity. */
export interface SeverityCounts {
  /** Meaningful. */
  meaningful: number;
  /** Permitted. */
  permitted: number;
  /** Excused by a quirk. */
  excused: number;
}

/** The live counters of a run. */
export interface FuzzStats {
  /** Inputs judged (children included). */
  inputs: number;
  /** Exchanges made, all targets, confirmation and shrinking included. */
  exchanges: number;
  /** Differences seen, by class and severity (every occurrence, before deduplication). */
  readonly differences: Record<FindingClass, SeverityCounts>;
  /** Findings confirmed and stored (unique signatures). */
  findings: number;
  /** Differences dropped because their repeats disagreed. */
  unstable: number;
  /** Quirks that excused a difference, with how often. */
  readonly quirks: Record<string, number>;
  /** Milliseconds since the start. */
  elapsedMs: number;
  /** Milliseconds left of `timeMs`, or null. */
  remainingMs: number | null;
}

/** What a run returns (and `--json` prints): the schema `h1ref-fuzz/1`. */
export interface FuzzReport {
  /** The report format. */
  readonly schema: 'h1ref-fuzz/1';
  /** The seed used. */
  readonly seed: number;
  /** The shard, as `k/n`. */
  readonly shard: string;
  /** The targets. */
  readonly targets: readonly FuzzTargetSummary[];
  /** The counters at the end. */
  readonly stats: FuzzStats;
  /** Every finding of the run, deduplicated by signature. */
  readonly findings: readonly FindingRecord[];
  /** Targets that could not be reached before the run, or were dropped during it. */
  readonly unreachable: readonly string[];
  /** Milliseconds the run took. */
  readonly durationMs: number;
}

const emptyCounts = (): SeverityCounts => ({ meaningful: 0, permitted: 0, excused: 0 });

/** A difference found for one input between one pair (a target and the reference, or two targets). */
interface PairDifference {
  readonly pair: readonly [number, number]; // target indices; -1 is the reference
  readonly difference: Difference;
}

/**
 * The part of a signature known before shrinking: class, severity, pair, kind, and the reference's error code.
 * The shrinker keeps a step only when this stays the same — severity included, so that shrinking a method to one
 * letter cannot turn a finding into one a method whitelist excuses.
 */
function preSignature(names: readonly string[], d: PairDifference, reference: View): string {
  const [a, b] = d.pair;
  const name = (i: number): string => (i < 0 ? REFERENCE : names[i]!);
  return `${d.difference.class}|${d.difference.severity}|${name(a)}~${name(b)}|${d.difference.kind}|${reference.error?.code ?? 'accepted'}`;
}

/** The operator families that made an input (sorted, `+`-joined), or how it was made when no operator was. */
function familiesOf(input: PreparedInput): string {
  return [...new Set(input.families)].sort().join('+') || input.origin;
}

/** The exit status for a run: 3 when a target was unreachable or dropped, 1 for findings at `failOn`, else 0. */
export function fuzzExitCode(report: FuzzReport, failOn: FailOn): number {
  if (report.unreachable.length > 0) return 3;
  if (failOn === 'none') return 0;
  const counted = report.findings.filter((f) => failOn === 'any' || f.severity === 'meaningful');
  return counted.length > 0 ? 1 : 0;
}

/** Runs a fuzzing campaign; see the module documentation. Never rejects for anything a target does. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const shard = options.shard ?? { k: 0, n: 1 };
  const deadline = options.timeMs === undefined ? Infinity : started + options.timeMs;
  const runs = options.runs ?? (options.timeMs === undefined ? 1000 : Infinity);
  const concurrency = options.concurrency ?? 32;
  const times: WatchTimes = { timeoutMs: options.timeoutMs ?? 100, lingerMs: options.lingerMs ?? 20 };
  // Confirmation is patient where the first pass is quick: it decides what is reported.
  const confirmTimes: WatchTimes = { timeoutMs: Math.max(times.timeoutMs, options.confirmTimeoutMs ?? 1000), lingerMs: options.confirmLingerMs ?? 250 };
  const childrenPer = options.children ?? 2;
  const shrinkBudget = options.shrink ?? { exchanges: 300, ms: 5000 };
  const states = options.targets.map((t) => new TargetState(t, concurrency, times));
  const names = states.map((s) => s.target.name);
  const stats: FuzzStats = {
    inputs: 0, exchanges: 0, findings: 0, unstable: 0, elapsedMs: 0, remainingMs: null, quirks: {},
    differences: Object.fromEntries(FINDING_CLASSES.map((c) => [c, emptyCounts()])) as Record<FindingClass, SeverityCounts>,
  };
  const findings = new Map<string, FindingRecord>();
  const seen = new Set<string>();
  const unreachable: string[] = [];
  const report = (): FuzzReport => ({
    schema: 'h1ref-fuzz/1',
    seed,
    shard: `${shard.k}/${shard.n}`,
    targets: states.map((s) => ({
      name: s.target.name, address: s.address, ...(s.target.version === undefined ? {} : { version: s.target.version }),
      quirks: s.profile.quirks, dropped: s.dropped,
    })),
    stats: { ...stats, exchanges: states.reduce((n, s) => n + s.exchanges, 0), elapsedMs: Math.round(performance.now() - started) },
    findings: [...findings.values()],
    unreachable: [...unreachable, ...states.filter((s) => s.dropped && !unreachable.includes(s.target.name)).map((s) => s.target.name)],
    durationMs: Math.round(performance.now() - started),
  });

  // Fail fast: every target must answer a plain GET before anything else is sent.
  const health = await Promise.all(states.map((s) => s.healthy()));
  health.forEach((ok, i) => { if (!ok) unreachable.push(names[i]!); });
  if (unreachable.length > 0) return report();
  await Promise.all(states.map((s) => s.profileQuirks()));

  const store = options.outDir === undefined ? null : new FindingStore(options.outDir);
  await store?.open();
  await store?.log({ type: 'start', seed, shard: `${shard.k}/${shard.n}`, targets: states.map((s) => ({ name: s.target.name, address: s.address, quirks: s.profile.quirks })), time: new Date().toISOString() });
  const generate: GenerateOptions = { seed, ...(options.seeds === undefined ? {} : { seeds: options.seeds }) };
  const preparer: Preparer = await createPreparer(options.workers ?? 0, generate);

  // Generation stops early enough to leave one finding's shrinking and the writing inside --time.
  const reserveMs = Math.min(shrinkBudget.ms + 1000, options.timeMs === undefined ? 0 : options.timeMs / 4);
  const generating = (): boolean => performance.now() < deadline - reserveMs;
  const rate = new RateLimit(options.rate ?? 2000);
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = Math.max(1, concurrency);
  // Children waiting to be made (in the workers, like every input) and judged: a parent and a child number.
  const children: { parent: PreparedInput; child: number }[] = [];
  const novelty = new Set<string>();
  const shrinkLanes = new Lanes(4);
  // Set when the run has returned its report: work still running then is abandoned and stores nothing.
  let closed = false;
  const shrinks = new Set<Promise<void>>();

  const lastProgress = { at: performance.now() };
  const progress = (): void => {
    if (options.onProgress === undefined) return;
    const now = performance.now();
    if (now - lastProgress.at < (options.progressMs ?? 1000)) return;
    lastProgress.at = now;
    stats.exchanges = states.reduce((n, s) => n + s.exchanges, 0);
    stats.elapsedMs = Math.round(now - started);
    stats.remainingMs = Number.isFinite(deadline) ? Math.max(0, Math.round(deadline - now)) : null;
    options.onProgress(stats);
  };

  /** Every live target's view of the bytes (null for a dropped target, and for one not in `only`). */
  const viewsOf = async (input: PreparedInput, bytes: Uint8Array, whole: boolean, watch: WatchTimes, reference: View, only?: readonly number[]): Promise<(View | null)[]> => {
    const delivery = whole ? WHOLE : input.delivery;
    const plan = planOf(bytes, delivery);
    return Promise.all(states.map(async (s, i) => {
      if (only !== undefined && !only.includes(i)) return null;
      // The input's own bytes come with their methods read once (in the worker); other bytes are read here.
      const r = await s.exchange(plan, reference.messages.length, delivery.halfClose, watch, bytes === input.bytes ? input.methods : undefined);
      if (r === null) return null;
      if (r.observation.error !== undefined) {
        // Refused or reset before connecting: the target no longer accepts connections.
        await s.checkAfterSilence();
        return { messages: [], end: 'crash', leftover: 0 } satisfies View;
      }
      const v = targetView(r.observation);
      if (v.end === 'hang' && !(await s.checkAfterSilence())) return { ...v, end: 'crash' } satisfies View;
      return v;
    }));
  };

  const differencesOf = (reference: View, views: readonly (View | null)[], bytes: Uint8Array): PairDifference[] => {
    const out: PairDifference[] = [];
    const context: CompareContext = compareContext(reference, bytes);
    const agrees: boolean[] = views.map((v, i) => {
      if (v === null) return false;
      const d = compareViews(reference, v, undefined, states[i]!.profile, context);
      if (d !== null) out.push({ pair: [i, -1], difference: d });
      return d === null || d.severity === 'excused';
    });
    for (let i = 0; i < views.length; i++) {
      for (let j = i + 1; j < views.length; j++) {
        const a = views[i];
        const b = views[j];
        // Two targets are compared with each other when both differ from the reference: when one agrees with it,
        // their difference is the other's difference from the reference, already reported as such.
        if (a == null || b == null || agrees[i] === true || agrees[j] === true) continue;
        // The pair is named [the one that differs, the one it differs from]: the reasons describe j against i.
        const d = compareTargets(reference, a, b, states[i]!.profile, states[j]!.profile, context);
        if (d !== null) out.push({ pair: [j, i], difference: d });
      }
    }
    return out;
  };

  /** The same difference between the same pair, on these bytes? (Used by confirmation and by the shrinker.) */
  const reproduces = async (input: PreparedInput, bytes: Uint8Array, want: string, pair: readonly [number, number], watch: WatchTimes): Promise<{ ok: boolean; views: (View | null)[]; reference: View } > => {
    const reference = referenceView(planOf(bytes, WHOLE));
    // Only the pair's targets are asked: confirmation and shrinking are most of a finding's exchanges.
    const views = await viewsOf(input, bytes, true, watch, reference, pair.filter((i) => i >= 0));
    const ds = differencesOf(reference, views, bytes).filter((d) => d.pair[0] === pair[0] && d.pair[1] === pair[1]);
    return { ok: ds.some((d) => preSignature(names, d, reference) === want), views, reference };
  };

  const confirmAndStore = async (input: PreparedInput, d: PairDifference, pre: string): Promise<void> => {
    // Confirmation: three whole deliveries with the long linger must all show the same difference.
    for (let repeat = 0; repeat < 3; repeat++) {
      if (performance.now() > deadline) return;
      const r = await reproduces(input, input.bytes, pre, d.pair, confirmTimes);
      if (!r.ok) {
        stats.unstable++;
        await store?.log({ type: 'unstable', signature: pre, index: input.index, time: new Date().toISOString() });
        return;
      }
    }
    const budgetEnd = Math.min(performance.now() + shrinkBudget.ms, deadline - 500);
    const oracle = async (bytes: Uint8Array): Promise<boolean> => (await reproduces(input, bytes, pre, d.pair, times)).ok;
    const shrunk = await shrinkFinding(
      { stream: input.stream, ...(input.baseline === null ? {} : { baseline: input.baseline }) },
      oracle,
      // Eight candidates at a time: a candidate that makes a target wait costs a whole timeout.
      { maxExchanges: shrinkBudget.exchanges, deadline: budgetEnd, parallel: 8 },
    );
    // The minimal bytes, checked once more with the long linger; the unshrunk bytes when that fails.
    let bytes = shrunk.bytes;
    let final = await reproduces(input, bytes, pre, d.pair, confirmTimes);
    if (!final.ok) {
      bytes = input.bytes;
      final = await reproduces(input, bytes, pre, d.pair, confirmTimes);
    }
    // The signature is the difference plus the operator families that made the input: a function of the input
    // alone, so that the set of findings does not depend on which input of a family came first (which differs
    // between shards, and between runs with other timings). The slots left after shrinking are recorded beside it.
    const signature = `${pre}|${familiesOf(input)}`;
    const diffSlots = shrunk.diffSlots ?? [];
    const hash = signatureHash(signature);
    if (findings.has(signature)) return;
    const [a, b] = d.pair;
    const targetName = (i: number): string => (i < 0 ? REFERENCE : names[i]!);
    const views: Record<string, View> = { [REFERENCE]: final.reference };
    final.views.forEach((v, i) => { if (v !== null) views[names[i]!] = v; });
    const finalDiff = differencesOf(final.reference, final.views, bytes).find((x) => x.pair[0] === a && x.pair[1] === b)?.difference ?? d.difference;
    const address = states[a]!.address;
    const record: FindingRecord = {
      schema: 'h1ref-fuzz-finding/1',
      class: finalDiff.class,
      severity: finalDiff.severity,
      signature,
      hash,
      pair: [targetName(a), targetName(b)],
      targets: states.map((s) => ({ name: s.target.name, address: s.address, ...(s.target.version === undefined ? {} : { version: s.target.version }) })),
      views,
      verdict: verdictOf(final.reference),
      reasons: finalDiff.reasons,
      quirks: finalDiff.quirks,
      seed,
      index: input.index,
      ...(input.child === undefined ? {} : { child: input.child }),
      operators: input.operators,
      slots: input.slots,
      ...(diffSlots.length > 0 ? { diffSlots } : {}),
      delivery: input.delivery,
      bytes: Buffer.from(bytes).toString('base64'),
      escaped: escapeBytes(bytes),
      oneLiner: oneLiner(bytes, address),
      shrink: { from: input.bytes.length, to: bytes.length, exchanges: shrunk.exchanges },
      foundAt: new Date().toISOString(),
    };
    if (closed) return;
    findings.set(signature, record);
    stats.findings++;
    await store?.write(record, bytes);
  };

  const judge = async (input: PreparedInput): Promise<void> => {
    const views = await viewsOf(input, input.bytes, false, times, input.reference);
    stats.inputs++;
    const ds = differencesOf(input.reference, views, input.bytes);
    // Novelty: an input whose combination of views was not seen before gets children.
    const key = views.map((v) => (v === null ? '-' : `${v.messages.map((m) => (m.accepted ? 'a' : 'r')).join('')}${v.end[0]}`)).join('|') + ds.map((d) => d.difference.kind).join(',');
    if (childrenPer > 0 && input.child === undefined && !novelty.has(key) && novelty.size < 100_000) {
      novelty.add(key);
      for (let c = 0; c < childrenPer && children.length < 1000; c++) children.push({ parent: input, child: c });
    }
    for (const d of ds) {
      const counts = stats.differences[d.difference.class];
      counts[d.difference.severity]++;
      for (const q of d.difference.quirks) stats.quirks[q] = (stats.quirks[q] ?? 0) + 1;
      // An excused difference is counted, with its quirk, but not stored: a quirk is known, not found.
      if (d.difference.severity === 'excused') continue;
      const pre = preSignature(names, d, input.reference);
      // Skip what cannot give a new finding: a meaningful difference is a finding once per set of operator
      // families that made it; a permitted one once per difference (stricter targets are many and alike, and
      // each is worth one example, not one per operator).
      const key = d.difference.severity === 'meaningful' ? `${pre}|${familiesOf(input)}` : pre;
      if (seen.has(key)) continue;
      seen.add(key);
      // Confirming and shrinking run beside the main loop, a few at a time (each holds target lanes while it
      // works); the others wait their turn rather than being dropped, so what is found does not depend on timing.
      // Most important first: when --time ends the run, what is left unconfirmed is the least of it.
      const priority = FINDING_CLASSES.indexOf(d.difference.class) + (d.difference.severity === 'meaningful' ? 0 : 10);
      const task = (async () => {
        await shrinkLanes.acquire(priority);
        try {
          await confirmAndStore(input, d, pre);
        } finally {
          shrinkLanes.release();
        }
      })();
      shrinks.add(task);
      void task.finally(() => shrinks.delete(task)).catch(() => undefined);
    }
  };

  const launch = (work: () => Promise<void>): void => {
    const p = work().catch(async (error: unknown) => {
      // Nothing a target does may stop the run; an error here is ours, so it is logged, not swallowed.
      await store?.log({ type: 'error', message: (error as Error).stack ?? String(error), time: new Date().toISOString() });
      throw error;
    }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  let index = shard.k;
  // Inputs are made a batch ahead of their judging, so that the workers make the next batch while the main
  // thread sends this one, and one message carries many inputs.
  const BATCH = 16;
  const ready: PreparedInput[] = [];
  let refill: Promise<void> | null = null;
  let refillError: unknown = null;
  const startRefill = (): void => {
    if (refill !== null || index >= runs) return;
    const batch: number[] = [];
    for (; batch.length < BATCH && index < runs; index += shard.n) batch.push(index);
    // A failure is ours (a worker that cannot make an input): it stops the run, from the loop below.
    refill = preparer.prepareBatch(batch).then((inputs) => void ready.push(...inputs), (error: unknown) => void (refillError = error)).finally(() => (refill = null));
  };
  const progressTimer = setInterval(progress, Math.max(50, options.progressMs ?? 1000));
  const work = async (): Promise<void> => {
    while (generating() && states.some((s) => !s.dropped)) {
      const child = children.shift();
      if (ready.length < BATCH) startRefill();
      if (refillError !== null) throw refillError;
      if (child === undefined && ready.length === 0) {
        if (refill === null) break; // every index of --runs is judged or on its way
        await refill;
        continue;
      }
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      await rate.take();
      if (child !== undefined) {
        launch(async () => judge(await preparer.prepareChild(child.parent, child.child)));
      } else {
        const input = ready.shift()!;
        launch(() => judge(input));
      }
    }
    while (inFlight.size > 0) await Promise.race(inFlight).catch(() => undefined);
    // The findings still being confirmed and shrunk (each bounded by its budget and by --time).
    while (shrinks.size > 0) await Promise.race(shrinks);
  };
  try {
    // --time bounds the whole run: nothing — an input waiting for a lane of a target that trickles bytes, a target
    // being health-checked, a confirmation — is waited for beyond two seconds past the deadline. The report has
    // what is done; what is still running is abandoned (and writes nothing more).
    if (Number.isFinite(deadline)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([work(), new Promise<void>((ok) => { timer = setTimeout(ok, Math.max(0, deadline + 2000 - performance.now())); })]);
      clearTimeout(timer);
    } else {
      await work();
    }
  } finally {
    closed = true;
    clearInterval(progressTimer);
    await preparer.close();
  }
  const result = report();
  await store?.log({ type: 'end', stats: result.stats, findings: result.findings.length, unreachable: result.unreachable, time: new Date().toISOString() });
  return result;
}

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n', 'latin1');

/** What the comparison needs to know of an input besides the views. */
export function compareContext(reference: View, bytes: Uint8Array): CompareContext {
  const http2Preface = bytes.length >= HTTP2_PREFACE.length && HTTP2_PREFACE.equals(bytes.subarray(0, HTTP2_PREFACE.length));
  return {
    ...(reference.error === undefined ? {} : { referenceError: reference.error.code }),
    ...(http2Preface ? { http2Preface: true } : {}),
  };
}

/** The RFC verdict in one line: what h1ref's strict parser does with the bytes. */
export function verdictOf(reference: View): string {
  const accepted = reference.messages.filter((m) => m.accepted).length;
  const framing = reference.messages.filter((m) => m.accepted).map((m) => m.framing ?? '?').join(', ');
  if (reference.error !== undefined) {
    return `h1ref's parser accepts ${accepted} message${accepted === 1 ? '' : 's'}${accepted > 0 ? ` (${framing})` : ''}, then refuses: ${reference.error.code} at byte ${reference.error.offset} (${reference.error.section})`;
  }
  return `h1ref's parser accepts ${accepted} message${accepted === 1 ? '' : 's'}${accepted > 0 ? ` (${framing})` : ''} and ${reference.end === 'open' ? 'waits for more' : 'closes'}`;
}

