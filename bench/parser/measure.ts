/**
 * The timed loop. It runs inside the child process, on one driver and one case, and checks the driver's tally
 * after the warm-up and after every run.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import type { BenchCase } from './corpus.js';
import { verify, type Driver } from './driver.js';
import type { Timing } from './timing.js';

/** One timed run. */
export interface RunSample {
  /** Replays of the case's pieces. */
  readonly sequences: number;
  readonly seconds: number;
  readonly messagesPerSecond: number;
}

/** Warm-up batches grow until one takes this long, so the rate that sizes the timed runs is not a tiny sample. */
const MIN_BATCH_MS = 20;

/** Feeds every piece of the case `sequences` times. */
function replay(driver: Driver, pieces: readonly Buffer[], sequences: number): void {
  for (let s = 0; s < sequences; s++) {
    for (let i = 0; i < pieces.length; i++) driver.feed(pieces[i]!);
  }
}

/** Warms up, then does `timing.runs` timed runs of a fixed number of sequences each. */
export function measure(driver: Driver, benchCase: BenchCase, timing: Timing): RunSample[] {
  const { pieces, expected } = benchCase;
  const tally = driver.tally;

  // Warm-up: doubling batches until one lasts MIN_BATCH_MS; the last batch's rate sizes the timed runs.
  tally.reset();
  let warmupSequences = 0;
  let batch = 1;
  let sequencesPerMs = 0;
  const warmupStart = performance.now();
  for (;;) {
    const t0 = performance.now();
    replay(driver, pieces, batch);
    const elapsed = performance.now() - t0;
    warmupSequences += batch;
    if (elapsed > 0) sequencesPerMs = batch / elapsed;
    if (performance.now() - warmupStart >= timing.warmupMs && sequencesPerMs > 0) break;
    if (elapsed < MIN_BATCH_MS) batch *= 2;
  }
  verify(tally, expected, warmupSequences);

  const sequences = Math.max(1, Math.round(timing.runMs * sequencesPerMs));
  const samples: RunSample[] = [];
  for (let run = 0; run < timing.runs; run++) {
    tally.reset();
    const t0 = performance.now();
    replay(driver, pieces, sequences);
    const seconds = (performance.now() - t0) / 1000;
    verify(tally, expected, sequences);
    samples.push({ sequences, seconds, messagesPerSecond: (sequences * expected.messages) / seconds });
  }
  return samples;
}
