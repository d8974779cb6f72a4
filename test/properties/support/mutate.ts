// Turning valid messages into invalid ones, and other inputs a peer may send, as fast-check arbitraries: byte
// flips, insertions of the bytes the grammar cares most about (CR, LF, NUL, SP, HTAB, ":", ";", quotes), deletions
// and duplications of ranges (the Mutation type, its constants and `mutate` come from src/fuzz/mutate.ts), plus
// cut points and random parser options.
import fc from 'fast-check';
import type { ParserOptions } from '../../../src/parser/options.js';
import {
  INSERTS, INSERT_LIST_WEIGHT, MAX_DELETE_LENGTH, MAX_DUPLICATE_LENGTH, MAX_MUTATIONS, MAX_RANDOM_INSERT_LENGTH, SET_BYTES,
  mutate, type Mutation,
} from '../../../src/fuzz/mutate.js';

// The mutations themselves, and `mutate` that applies them, live in src/fuzz/mutate.ts, shared with the fuzzer;
// these are fast-check's ways of drawing them, from the same constants.
export { mutate, type Mutation };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.oneof(fc.constantFrom(...SET_BYTES), fc.nat(255)) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof({ weight: INSERT_LIST_WEIGHT, arbitrary: fc.constantFrom(...INSERTS) }, fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: MAX_RANDOM_INSERT_LENGTH })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: MAX_DELETE_LENGTH }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: MAX_DUPLICATE_LENGTH }) }),
);

/** One to four mutations. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: MAX_MUTATIONS });

/** Cut points for {@link cutAt}: none to many, repeats allowed (they make empty pieces). */
export const cuts: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.nat(), { maxLength: 6 }),
  fc.array(fc.nat(), { maxLength: 40 }),
);

/** Small limits, so that generated messages cross them, and leniencies on or off. */
export const smallOptions: fc.Arbitrary<ParserOptions> = fc.record({
  limits: fc.record(
    {
      maxStartLineBytes: fc.integer({ min: 1, max: 120 }),
      maxHeaderBytes: fc.integer({ min: 0, max: 300 }),
      maxFieldCount: fc.integer({ min: 0, max: 8 }),
      maxBodyBytes: fc.integer({ min: 0, max: 400 }),
      maxChunkSizeDigits: fc.integer({ min: 1, max: 16 }),
      maxChunkExtensionBytes: fc.integer({ min: 0, max: 60 }),
      maxTrailerBytes: fc.integer({ min: 0, max: 100 }),
    },
    { requiredKeys: [] },
  ),
  lenient: fc.record({ bareLineFeed: fc.boolean(), obsFold: fc.boolean() }, { requiredKeys: [] }),
});

/** Default options, or small limits and random leniencies. */
export const anyOptions: fc.Arbitrary<ParserOptions> = fc.oneof(fc.constant({}), smallOptions);
