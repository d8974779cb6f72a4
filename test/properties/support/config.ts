// How many runs each property makes, and how to replay a failure.
//
//   H1REF_PROPERTY_RUNS=200000 npx vitest run test/properties     a long campaign (see scripts/fuzz-long.sh)
//   H1REF_PROPERTY_SEED=<seed> H1REF_PROPERTY_PATH=<path> …       replay the failure fast-check printed
//
// fast-check's failure message names the seed and the shrink path of the counterexample; with both set, the
// failing case is the first one run.
import fc from 'fast-check';

/** The default number of runs of every property in `npm test`. */
export const DEFAULT_RUNS = 1000;

function readRuns(): number {
  const text = process.env['H1REF_PROPERTY_RUNS'];
  if (text === undefined || text.trim() === '') return DEFAULT_RUNS;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`H1REF_PROPERTY_RUNS must be a positive integer, got ${JSON.stringify(text)}`);
  return runs;
}

function readSeed(): number | undefined {
  const text = process.env['H1REF_PROPERTY_SEED'];
  if (text === undefined || text.trim() === '') return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`H1REF_PROPERTY_SEED must be an integer, got ${JSON.stringify(text)}`);
  return seed;
}

/** Runs per property. */
export const RUNS = readRuns();

/** The fast-check parameters every property uses. */
export function parameters(): fc.Parameters<unknown> {
  const seed = readSeed();
  const path = process.env['H1REF_PROPERTY_PATH'];
  return {
    numRuns: RUNS,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined || path === '' ? {} : { path }),
    // Print the shrunk counterexample and the seed; the last failure's message ends up in vitest's report.
    verbose: 0,
  };
}

/** Checks a property with the shared parameters; on failure fast-check's message carries the seed and path. */
export function check<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>): void {
  fc.assert(property, parameters() as fc.Parameters<Ts>);
}
