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
 * Parses `argv` (the arguments after the command name) against `specs`.
 *
 * @returns every flag's value (the default when absent) and whether `--help` was given
 * @throws UsageError for an unknown flag, a missing value, a bad number or a positional argument
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
    // `-` is a positional (standard input, by convention); so is everything after `--`.
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (spec === undefined) throw new UsageError(`unknown option --${name}`);
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

function checkChoice(spec: FlagSpec, value: string): void {
  if (spec.choices !== undefined && !spec.choices.includes(value)) {
    throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')}, got "${value}"`);
  }
}

/** The option lines of `--help`: each flag, its placeholder, its help and its default, aligned. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => (s.kind === 'boolean' ? `--${s.name}` : `--${s.name} ${placeholder(s)}`));
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
