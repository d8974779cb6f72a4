/**
 * The socket-free cases, one per child process, on one thread:
 *
 * - `generate`: `generateInput(i, { seed })` for i = 0, 1, 2, … — the grammar, the operators, the delivery and the
 *   reference's view (h1ref's strict parser over the pieces): what a worker thread does per input;
 * - `judge`: what the main thread does per input once both targets' views are in — `compareViews` of each target
 *   against the reference, `compareTargets` of the two, and the novelty key — over the real targets' views of the
 *   first inputs (read from the answers captured before the measurement); without captured answers, over two
 *   stand-ins: one that agrees with the reference and one built on h1ref's parser with both leniencies on;
 * - `read`: what `exchangeBytes` does per exchange besides the socket — the request methods, the counting response
 *   parser, `analyzeResponses` (byte by byte, with the echo decoded) and `targetView` — over answers captured from
 *   the real targets before the measurement (`capture.ts`).
 *
 * Each warms up (not counted), then runs for the given time; it prints items per second and CPU per item.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { View } from '../../src/fuzz/finding.js';
import { generateInput, type PreparedInput } from '../../src/fuzz/generate.js';
import { planOf } from '../../src/fuzz/plan.js';
import { referenceView } from '../../src/fuzz/view.js';
import type { CapturedExchange } from './capture.js';
import { childResult, childSettings } from './child.js';
import { asTargetView, type ExchangeBytes, judgeInput, readExchange } from './work.js';

/** The cases. */
export type SocketFreeCase = 'generate' | 'judge' | 'read';

/** What the child is given. */
export interface SocketFreeSettings {
  readonly case: SocketFreeCase;
  readonly seed: number;
  readonly warmupMs: number;
  readonly runMs: number;
  /** For `read`: the captured answers (JSON written by `capture.ts`). */
  readonly corpus?: string;
}

/** What the child prints. */
export interface SocketFreeResult {
  readonly case: SocketFreeCase;
  /** Items done in the timed part (inputs; exchanges for `read`). */
  readonly items: number;
  readonly ms: number;
  readonly perSecond: number;
  /** CPU (user + system) per item, µs. */
  readonly cpuUsPerItem: number;
  /** For `judge`: the share of inputs on which at least one pair differs. */
  readonly differingShare?: number;
  /** For `read`: how many distinct exchanges the corpus holds. */
  readonly corpusSize?: number;
}

/** Runs `step` with increasing item numbers for `ms`, and returns the count and CPU. */
function timed(ms: number, step: (i: number) => void): { items: number; ms: number; cpuUs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + ms;
  let i = 0;
  let now = start;
  while (now < end) {
    // Check the clock every 16 items: a performance.now() call per item would be a visible share of `judge`.
    for (let k = 0; k < 16; k++) step(i++);
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return { items: i, ms: now - start, cpuUs: used.user + used.system };
}

function result(c: SocketFreeCase, t: { items: number; ms: number; cpuUs: number }, extra: Partial<SocketFreeResult> = {}): SocketFreeResult {
  return { case: c, items: t.items, ms: t.ms, perSecond: (t.items * 1000) / t.ms, cpuUsPerItem: t.cpuUs / t.items, ...extra };
}

function runGenerate(s: SocketFreeSettings): SocketFreeResult {
  const options = { seed: s.seed };
  let sink = 0;
  // Warm up on other indices, so that the timed part makes the same inputs in every round.
  timed(s.warmupMs, (i) => { sink += generateInput(1_000_000 + i, options).bytes.length; });
  const t = timed(s.runMs, (i) => { sink += generateInput(i, options).bytes.length; });
  if (sink < 0) console.error(sink);
  return result('generate', t);
}

/** The captured answers, as bytes. */
function loadCorpus(file: string): (ExchangeBytes & { index: number; target: string })[] {
  const captured = JSON.parse(readFileSync(file, 'utf8')) as CapturedExchange[];
  return captured.map((c) => ({
    index: c.index,
    target: c.target,
    request: Buffer.from(c.request, 'base64'),
    response: Buffer.from(c.response, 'base64'),
    closed: c.closed,
    pieces: c.pieces,
    expected: c.expected,
  }));
}

function runJudge(s: SocketFreeSettings): SocketFreeResult {
  const pool: { reference: View; views: View[] }[] = [];
  if (s.corpus !== undefined) {
    // The real targets' views of inputs 0 … n − 1, from the answers they gave before the measurement.
    const byIndex = new Map<number, View[]>();
    for (const e of loadCorpus(s.corpus)) byIndex.set(e.index, [...(byIndex.get(e.index) ?? []), readExchange(e)]);
    const width = Math.max(...[...byIndex.values()].map((v) => v.length));
    for (const [index, views] of [...byIndex].sort((a, b) => a[0] - b[0])) {
      if (views.length === width) pool.push({ reference: generateInput(index, { seed: s.seed }).reference, views });
    }
  } else {
    // Stand-ins: one target that agrees with the reference, one on h1ref's parser with both leniencies on.
    const lenient = { lenient: { bareLineFeed: true, obsFold: true } };
    for (let i = 0; i < 4000; i++) {
      const input: PreparedInput = generateInput(i, { seed: s.seed });
      const other = referenceView(planOf(input.bytes, input.delivery), { parser: lenient, halfClose: input.delivery.halfClose });
      pool.push({ reference: input.reference, views: [asTargetView(input.reference), asTargetView(other)] });
    }
  }
  if (pool.length === 0) throw new Error('nothing to judge');
  let differing = 0;
  for (const p of pool) if (judgeInput(p.reference, p.views).differences > 0) differing++;
  let sink = 0;
  const step = (i: number): void => {
    const p = pool[i % pool.length]!;
    sink += judgeInput(p.reference, p.views).key.length;
  };
  timed(s.warmupMs, step);
  const t = timed(s.runMs, step);
  if (sink < 0) console.error(sink);
  return result('judge', t, { differingShare: differing / pool.length, corpusSize: pool.length });
}

function runRead(s: SocketFreeSettings): SocketFreeResult {
  if (s.corpus === undefined) throw new Error('read needs a corpus');
  const corpus = loadCorpus(s.corpus);
  if (corpus.length === 0) throw new Error('the corpus is empty');
  let sink = 0;
  const step = (i: number): void => {
    sink += readExchange(corpus[i % corpus.length]!).messages.length;
  };
  timed(s.warmupMs, step);
  const t = timed(s.runMs, step);
  if (sink < 0) console.error(sink);
  return result('read', t, { corpusSize: corpus.length });
}

const settings = childSettings<SocketFreeSettings>();
const run = settings.case === 'generate' ? runGenerate : settings.case === 'judge' ? runJudge : runRead;
childResult(run(settings));
