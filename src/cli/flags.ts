/**
 * Command-line flags: a small declarative parser (`--name value`, `--name=value`, boolean `--name`), so each
 * command lists its options once and `--help` is generated from the same list.
 *
 * @module
 */

/** One flag of a command. */
export interface FlagSpec {
  /** The flag without dashes, e.g. `port`. */
  readonly name: string;
  /** A one-letter alias used with one dash, e.g. `H` for `-H`. */
  readonly short?: string;
  /**
   * `string`, `integer` (non-negative), `boolean` (takes no value), or `list`: repeatable, each value may also be
   * a comma-separated list, collected in order (`--only a,b --only c` → `['a', 'b', 'c']`).
   */
  readonly kind: 'string' | 'integer' | 'boolean' | 'list';
  /** The default, shown by `--help` (a `list` flag's default is always empty). */
  readonly default: string | number | boolean | readonly string[];
  /**
   * For `string` and `list` flags: the only values accepted, listed by `--help` as the placeholder (or after the
   * help line when the flag has a placeholder of its own).
   */
  readonly choices?: readonly string[];
  /** For `list` flags: split each value at commas (default true); false keeps values whole (HTTP methods). */
  readonly commas?: boolean;
  /** One line for `--help`. */
  readonly help: string;
  /** The value's placeholder in `--help`, e.g. `MS`. */
  readonly placeholder?: string;
}

/** Parsed flag values by name, defaults filled in. */
export type FlagValues = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** A mistake in the command line: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  /** @param message - what is wrong, in one line */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Thrown by {@link parseFlags} when `--version` is given: the dispatcher prints the package's version and exits 0,
 * whichever command it came to (so every command has `--version` without handling it).
 */
export class VersionRequest extends Error {
  constructor() {
    super('--version');
    this.name = 'VersionRequest';
  }
}

/** The flags every command has: listed by `--help`, handled by {@link parseFlags} itself. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', kind: 'boolean', default: false, help: 'print this text and exit' },
  { name: 'version', kind: 'boolean', default: false, help: 'print h1ref\'s version and exit' },
];

/**
 * Parses `argv` (the arguments after the command name) against `specs`.
 *
 * @returns every flag's value (the default when absent) and whether `--help` was given
 * @throws UsageError for an unknown flag (with the nearest known one, when one is near), a missing value, a bad
 *   number or a positional argument
 * @throws VersionRequest for `--version`
 */
export function parseFlags(
  argv: readonly string[], specs: readonly FlagSpec[], maxPositionals = 0,
): { values: FlagValues; help: boolean; positionals: string[] } {
  const values: Record<string, string | number | boolean | readonly string[]> = {};
  for (const spec of specs) values[spec.name] = spec.kind === 'list' ? [] : spec.default;
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version') throw new VersionRequest();
    // `-` is a positional (standard input, by convention); so is everything after `--`.
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let eq: number;
    let spec: FlagSpec | undefined;
    let name: string;
    if (arg.startsWith('--')) {
      eq = arg.indexOf('=');
      name = arg.slice(2, eq === -1 ? undefined : eq);
      spec = specs.find((s) => s.name === name);
      if (spec === undefined) throw new UsageError(`unknown option --${name}${suggestion(name, specs)}`);
    } else {
      // `-H value` or `-Hvalue` (one letter, one dash).
      spec = specs.find((s) => s.short === arg[1]);
      if (spec === undefined) throw new UsageError(`unknown option ${arg.slice(0, 2)}${suggestion(arg.slice(1), specs)}`);
      name = spec.name;
      eq = arg.length > 2 ? 1 : -1;
    }
    if (spec.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    let raw: string;
    if (eq !== -1) {
      raw = arg.slice(eq + 1);
    } else {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      raw = next;
    }
    if (spec.kind === 'integer') {
      if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
        throw new UsageError(`--${name} needs a non-negative integer, got "${raw}"`);
      }
      values[name] = Number(raw);
    } else if (spec.kind === 'list') {
      const items = spec.commas === false ? [raw] : raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
      for (const item of items) checkChoice(spec, item);
      values[name] = [...(values[name] as readonly string[]), ...items];
    } else {
      checkChoice(spec, raw);
      values[name] = raw;
    }
  }
  if (positionals.length > maxPositionals) throw new UsageError(`unexpected argument "${positionals[maxPositionals]!}"`);
  return { values, help, positionals };
}

// The known flag nearest to a mistyped one, when it is near enough to be the one meant: within a third of the
// longer name's length in edits (a transposition counts as one), or the only flag the typed text begins.
function suggestion(typed: string, specs: readonly FlagSpec[]): string {
  let best: FlagSpec | undefined;
  let bestDistance = Infinity;
  for (const spec of [...specs, ...COMMON_FLAGS]) {
    const d = editDistance(typed, spec.name);
    if (d < bestDistance) {
      best = spec;
      bestDistance = d;
    }
  }
  const prefixed = specs.filter((s) => typed.length >= 2 && s.name.startsWith(typed));
  if (prefixed.length === 1) return ` (did you mean --${prefixed[0]!.name}?)`;
  if (best === undefined || bestDistance > Math.max(1, Math.floor(Math.max(typed.length, best.name.length) / 3))) return '';
  return ` (did you mean --${best.name}?)`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

function checkChoice(spec: FlagSpec, value: string): void {
  if (spec.choices !== undefined && !spec.choices.includes(value)) {
    throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')}, got "${value}"`);
  }
}

/** The option lines of `--help`: each flag, its placeholder, its help and its default, aligned. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => {
    const long = s.kind === 'boolean' ? `--${s.name}` : `--${s.name} ${placeholder(s)}`;
    return s.short === undefined ? long : `-${s.short}, ${long}`;
  });
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return specs
    .map((s, i) => {
      const shown = s.kind === 'boolean' ? (s.default ? 'on' : 'off')
        : s.kind === 'list' ? 'none'
        : s.default === '' ? 'none' : String(s.default);
      // Choices too long for the placeholder column are listed after the help instead.
      const choices = s.choices !== undefined && s.placeholder !== undefined ? ` [${s.choices.join('|')}]` : '';
      return `  ${left[i]!.padEnd(width)}${s.help}${choices} (default: ${shown})`;
    })
    .join('\n');
}

function placeholder(s: FlagSpec): string {
  return s.placeholder ?? s.choices?.join('|') ?? (s.kind === 'integer' ? 'N' : 'VALUE');
}
