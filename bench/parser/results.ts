/**
 * The result of one (case, parser) pair, as the runner keeps it and writes it with `--json`.
 *
 * @module
 */
import type { CaseName } from './corpus.js';
import type { ParserName } from './drivers/index.js';
import type { RunSample } from './measure.js';

/** Median, min and max of the timed runs, in messages per second. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One pair's outcome: measured, not available (h1ref before its parser exists), or failed. */
export type PairResult =
  | {
      readonly case: CaseName;
      readonly parser: ParserName;
      readonly status: 'ok';
      readonly version: string;
      readonly messagesPerSecond: Summary;
      /** Wire megabytes (10^6 B) per second, from the median. */
      readonly megabytesPerSecond: number;
      readonly samples: readonly RunSample[];
    }
  | { readonly case: CaseName; readonly parser: ParserName; readonly status: 'n/a'; readonly reason: string }
  | { readonly case: CaseName; readonly parser: ParserName; readonly status: 'failed'; readonly reason: string };

/** Median (mean of the middle two for an even count), min and max. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}
