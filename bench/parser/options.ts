/**
 * Command-line options of `npm run bench:parser -- …`.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { CASE_NAMES, isCaseName, type CaseName } from './corpus.js';
import { PARSER_NAMES, isParserName, type ParserName } from './drivers/index.js';
import { DEFAULT_SEED } from './prng.js';
import { FULL_TIMING, QUICK_TIMING, type Timing } from './timing.js';

/** The parsed options. */
export interface Options {
  readonly cases: readonly CaseName[];
  readonly parsers: readonly ParserName[];
  readonly timing: Timing;
  readonly quick: boolean;
  readonly seed: number;
  readonly jsonFile: string | undefined;
}

/** The `--help` text. */
export const USAGE = `usage: node dist/bench/parser/run.js [options]
  --quick             shorter warm-up and runs (0.2 s, 5 × 0.1 s instead of 0.5 s, 5 × 0.4 s)
  --case NAME         only this case (repeatable, or comma-separated): ${CASE_NAMES.join(', ')}
  --parser NAME       only this parser (repeatable, or comma-separated): ${PARSER_NAMES.join(', ')}
  --seed N            seed of the random split (default ${DEFAULT_SEED}, 0x${DEFAULT_SEED.toString(16)})
  --json FILE         also write the results as JSON
  --help              this text`;

/** Parses argv; throws with a message for anything unknown, including unknown case and parser names. */
export function parseOptions(argv: readonly string[]): Options | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      case: { type: 'string', multiple: true },
      parser: { type: 'string', multiple: true },
      seed: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) return 'help';

  const cases = pick(values.case, CASE_NAMES, isCaseName, 'case');
  const parsers = pick(values.parser, PARSER_NAMES, isParserName, 'parser');
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`--seed: not a 32-bit integer: ${values.seed}`);
  }
  const quick = values.quick === true;
  return { cases, parsers, timing: quick ? QUICK_TIMING : FULL_TIMING, quick, seed, jsonFile: values.json };
}

/** The named items in their canonical order, or all of them when none is named. */
function pick<T extends string>(
  given: string[] | undefined,
  all: readonly T[],
  isName: (name: string) => name is T,
  what: string,
): T[] {
  if (given === undefined) return [...all];
  const names = given.flatMap((item) => item.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  for (const name of names) {
    if (!isName(name)) throw new Error(`--${what}: unknown ${what} '${name}'; known: ${all.join(', ')}`);
  }
  return all.filter((name) => names.includes(name));
}
