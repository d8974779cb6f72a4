/**
 * A tiny seeded PRNG, so the "random pieces" case splits the input the same way on every run and in every
 * child process: each parser sees exactly the same piece boundaries.
 *
 * @module
 */
import { seededRandom } from '../../src/probe/delivery.js';

/**
 * The seed used when `--seed` is not given; printed with the results so a run can be reproduced. It cuts the
 * 598-byte browser GET into 19 pieces, near the 18.4 that the mean piece size (32.5 B) predicts and the 18.7
 * calls per message of perf-anchors.md; some seeds give as few as 14 or as many as 26.
 */
export const DEFAULT_SEED = 0x5eed_0000;

/**
 * mulberry32, the same seeded generator the probe uses for random splits: good enough to scatter split points
 * and fill bodies; not for cryptography. Re-exported under the name the bench uses.
 */
export const mulberry32: (seed: number) => () => number = seededRandom;

/** A uniform integer in [min, max], both inclusive. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
