/**
 * How long each child warms up and measures. The warm-up lets V8 optimize the parser for this one input shape
 * before any run is timed; the timed runs are short enough for five of them per pair.
 *
 * @module
 */

/** The timing parameters of one (case, parser) measurement. */
export interface Timing {
  /** Warm-up time before the first timed run, in ms. */
  readonly warmupMs: number;
  /** Target length of one timed run, in ms (the sequence count is fixed from the warm-up rate). */
  readonly runMs: number;
  /** Number of timed runs; the report gives their median, min and max. */
  readonly runs: number;
}

/** The default: as in perf-anchors.md §2 (0.5 s warm-up here, 5 × 0.4 s). */
export const FULL_TIMING: Timing = { warmupMs: 500, runMs: 400, runs: 5 };

/** `--quick`: a smoke test of the numbers, about a quarter of the time. */
export const QUICK_TIMING: Timing = { warmupMs: 200, runMs: 100, runs: 5 };
