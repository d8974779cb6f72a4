/**
 * Command-line options of `npm run bench:fuzz -- …`.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/** The two servers the end-to-end and Garden-style rows run against. */
export const TARGET_NAMES = ['h1ref', 'node-http'] as const;

/** One of {@link TARGET_NAMES}. */
export type TargetName = (typeof TARGET_NAMES)[number];

/** The parts of the benchmark that can be run alone. */
export const PART_NAMES = ['socket-free', 'end-to-end', 'garden'] as const;

/** One of {@link PART_NAMES}. */
export type PartName = (typeof PART_NAMES)[number];

/** The parsed options. */
export interface Options {
  /** Which parts to run. */
  readonly parts: readonly PartName[];
  /** Which targets the socket rows run against. */
  readonly targets: readonly TargetName[];
  /** Rounds: every row is measured once per round. */
  readonly rounds: number;
  /** Milliseconds per end-to-end run and per Garden-style run. */
  readonly timeMs: number;
  /** Milliseconds each socket-free case is timed, after its warm-up. */
  readonly socketFreeMs: number;
  /** Milliseconds of warm-up for each socket-free case (not counted). */
  readonly warmupMs: number;
  /** The `workers` settings of the end-to-end rows, in order (0: inputs made on the main thread). */
  readonly workers: readonly number[];
  /** The run's seed, the same for every row. */
  readonly seed: number;
  /** runFuzz's `concurrency`. */
  readonly concurrency: number;
  /** runFuzz's `lingerMs`. */
  readonly lingerMs: number;
  /** runFuzz's `confirmLingerMs`. */
  readonly confirmLingerMs: number;
  /** runFuzz's `timeoutMs`. */
  readonly timeoutMs: number;
  /** runFuzz's `rate` (inputs started per second at most). */
  readonly rate: number;
  /** runFuzz's `children`. */
  readonly children: number;
  /** The Garden's socket timeout: silence (ms) that ends a read. */
  readonly silenceMs: number;
  /** A run during which others used more cores than this is measured again (and flagged if it stays so). */
  readonly maxOther: number;
  /** Extra attempts for a disturbed run. */
  readonly retries: number;
  /** Milliseconds to wait, before each run, for the machine to be quiet. */
  readonly quietWaitMs: number;
  /** Pin both targets to CPU 0 with taskset (the fuzzer stays free to use every core). */
  readonly pin: boolean;
  /** Afterwards, profile one end-to-end run (`--cpu-prof`) into this directory and print its hottest functions. */
  readonly profileDir: string | undefined;
  /** The `workers` setting of the profiled run. */
  readonly profileWorkers: number;
  /** Where the report goes as JSON (`-`: stdout, instead of the tables); nowhere when absent. */
  readonly json: string | undefined;
  /** Measure nothing: print the tables of a report saved with `--json FILE`. */
  readonly from: string | undefined;
}

/** The `--help` text. */
export const USAGE = `usage: node dist/bench/fuzz/run.js [options]   (npm run bench:fuzz -- [options])
  --time DURATION          length of each end-to-end run and of each Garden-style run (default 10s)
  --rounds N               every row is measured once per round; medians and min–max over rounds (default 3)
  --socket-free-time D     time each socket-free case is measured, after its warm-up (default 3s)
  --warmup D               warm-up of each socket-free case, not counted (default 1s)
  --workers LIST           runFuzz's workers for the end-to-end rows (default 0,1,2,4; 0 = main thread)
  --seed N                 the seed of every row (default 1)
  --concurrency N          runFuzz: exchanges in flight per target (default 32, runFuzz's default)
  --linger MS              runFuzz: silence after the expected responses (default 20)
  --confirm-linger MS      runFuzz: linger of confirmation repeats (default 250)
  --timeout MS             runFuzz: silence before a target short of responses is taken to wait (default 100)
  --rate N                 runFuzz: inputs started per second at most (default 2000, runFuzz's default)
  --children N             runFuzz: children per input with new views (default 2)
  --silence MS             Garden-style loop: silence that ends a read (default 50, _DEFAULT_ORIGIN_TIMEOUT)
  --only LIST              run only these parts: ${PART_NAMES.join(', ')}
  --target LIST            the targets of the socket rows: ${TARGET_NAMES.join(', ')} (default both)
  --max-other CORES        a run during which other processes used more CPU is measured again (default 0.35)
  --retries N              extra attempts for such a run; the least disturbed is kept (default 1)
  --quiet-wait D           before each run, wait up to this long for the machine to be quiet (default 60s)
  --pin                    pin both targets to CPU 0 (taskset); the fuzzer is not pinned
  --profile DIR            afterwards, one end-to-end run under node --cpu-prof into DIR, and its hottest functions
  --profile-workers N      workers of the profiled run (default 0)
  --json FILE              also write the whole report (every sample) as JSON to FILE; - prints it instead of the tables
  --from FILE              measure nothing: print the tables of a report saved with --json FILE
  --help                   this text
Durations: 10s, 1500ms, 2m (a bare number is seconds).`;

/** Reads `10s`, `1500ms`, `2m` or a bare number of seconds into milliseconds. */
export function parseDuration(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (m === null) throw new Error(`--${name}: expected a duration such as 10s, 1500ms or 2m, got ${text}`);
  const unit = m[2] ?? 's';
  const ms = Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
  if (ms <= 0) throw new Error(`--${name}: must be more than 0`);
  return ms;
}

function integer(value: string | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${value}`);
  return n;
}

function list<T extends string>(value: string | undefined, known: readonly T[], name: string): T[] {
  if (value === undefined) return [...known];
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (!(known as readonly string[]).includes(n)) throw new Error(`--${name}: unknown '${n}'; known: ${known.join(', ')}`);
  return known.filter((k) => names.includes(k));
}

function maxOther(value: string | undefined): number {
  if (value === undefined) return 0.35;
  const n = Number(value);
  if (!(n >= 0)) throw new Error(`--max-other: expected a number of cores ≥ 0, got ${value}`);
  return n;
}

/** Parses argv; throws with a message for anything unknown. */
export function parseOptions(argv: readonly string[]): Options | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      time: { type: 'string' },
      rounds: { type: 'string' },
      'socket-free-time': { type: 'string' },
      warmup: { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      linger: { type: 'string' },
      'confirm-linger': { type: 'string' },
      timeout: { type: 'string' },
      rate: { type: 'string' },
      children: { type: 'string' },
      silence: { type: 'string' },
      only: { type: 'string' },
      target: { type: 'string' },
      'max-other': { type: 'string' },
      retries: { type: 'string' },
      'quiet-wait': { type: 'string' },
      pin: { type: 'boolean', default: false },
      profile: { type: 'string' },
      'profile-workers': { type: 'string' },
      json: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) return 'help';
  const workers = (values.workers ?? '0,1,2,4').split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => integer(s, 0, 'workers', 0));
  if (workers.length === 0) throw new Error('--workers: give at least one number');
  const targets = list(values.target, TARGET_NAMES, 'target');
  if (targets.length === 0) throw new Error('--target: give at least one target');
  return {
    parts: list(values.only, PART_NAMES, 'only'),
    targets,
    rounds: integer(values.rounds, 3, 'rounds', 1),
    timeMs: values.time === undefined ? 10_000 : parseDuration(values.time, 'time'),
    socketFreeMs: values['socket-free-time'] === undefined ? 3000 : parseDuration(values['socket-free-time'], 'socket-free-time'),
    warmupMs: values.warmup === undefined ? 1000 : parseDuration(values.warmup, 'warmup'),
    workers,
    seed: integer(values.seed, 1, 'seed', 0),
    concurrency: integer(values.concurrency, 32, 'concurrency', 1),
    lingerMs: integer(values.linger, 20, 'linger', 0),
    confirmLingerMs: integer(values['confirm-linger'], 250, 'confirm-linger', 0),
    timeoutMs: integer(values.timeout, 100, 'timeout', 1),
    rate: integer(values.rate, 2000, 'rate', 1),
    children: integer(values.children, 2, 'children', 0),
    silenceMs: integer(values.silence, 50, 'silence', 1),
    maxOther: maxOther(values['max-other']),
    retries: integer(values.retries, 1, 'retries', 0),
    quietWaitMs: values['quiet-wait'] === undefined ? 60_000 : parseDuration(values['quiet-wait'], 'quiet-wait'),
    pin: values.pin === true,
    profileDir: values.profile,
    profileWorkers: integer(values['profile-workers'], 0, 'profile-workers', 0),
    json: values.json,
    from: values.from,
  };
}
