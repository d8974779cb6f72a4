/**
 * The fuzzer's source of choices. Input *i* of a run is a pure function of `(seed, i)`: {@link inputRandom} mixes
 * the two into the state of a small seeded generator (the probe's `seededRandom`, mulberry32), so whichever worker
 * or shard makes input *i*, and in whatever order, it makes the same bytes.
 *
 * @module
 */
import { seededRandom } from '../probe/delivery.js';

/** Choices drawn from one seeded sequence. */
export class Random {
  private readonly next: () => number;

  /** @param seed - any 32-bit integer */
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** A number in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [0, n); 0 when n ≤ 0. */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** One element, chosen with the given weights (`[weight, value]` pairs, weights > 0). */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of choices) total += w;
    let r = this.next() * total;
    for (const [w, v] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices[choices.length - 1]![1];
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(alphabet: readonly string[], length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.pick(alphabet);
    return out;
  }

  /** A fresh generator derived from this one (for a sub-choice whose draws must not shift the ones after it). */
  fork(): Random {
    return new Random(Math.floor(this.next() * 0x100000000));
  }
}

/** Mixes a run's seed and an input's index into one 32-bit seed (a murmur3-style finaliser over both). */
export function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The generator of input `index` of the run seeded with `seed`. */
export function inputRandom(seed: number, index: number): Random {
  return new Random(mixSeed(seed, index));
}
