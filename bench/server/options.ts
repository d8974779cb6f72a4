/**
 * Command-line options of `npm run bench:server -- …`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LOAD_NAMES, type LoadName } from './load.js';
import { baselineOf, SERVER_NAMES, isServerName, type BenchServer, type ServerName } from './protocol.js';

/** The parsed options. */
export interface Options {
  /** The servers to measure, in table order; with a baseline, each of h1ref's followed by its baseline twin. */
  readonly servers: readonly BenchServer[];
  /** The baseline build's server child (`--baseline DIR`), when one was given. */
  readonly baselineChild: string | undefined;
  /** The wrk loads, in {@link LOAD_NAMES} order. */
  readonly loads: readonly LoadName[];
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly depth: number;
  /** Idle connections for the memory measurement; 0 skips it. */
  readonly idleConnections: number;
  readonly memoryReps: number;
  /** Milliseconds the idle connections wait before the settled memory sample; 0 takes none. */
  readonly memorySettleMs: number;
  readonly maxOther: number;
  readonly minServerCpu: number;
  readonly retries: number;
  readonly pin: boolean;
  readonly load: boolean;
  /** Profile h1ref's servers (hello world and echo) under each load after the measurements, writing the profiles here. */
  readonly profileDir: string | undefined;
  readonly quick: boolean;
  readonly jsonFile: string | undefined;
}

/** The `--help` text. */
export const USAGE = `usage: node dist/bench/server/run.js [options]   (npm run bench:server -- [options])
  --quick               1 round of 2 s runs (1 s warm-up), 1 memory repetition: a smoke test, ~1 min
  --rounds N            rounds; each round measures every server in a rotated order (default 3)
  --duration S          seconds per measured wrk run (default 5)
  --warmup S            seconds of keep-alive warm-up per server and round, not counted (default 2)
  --connections N       wrk connections (default 50)
  --depth N             requests per pipelined batch (default 10)
  --server NAME         only this server (repeatable, or comma-separated): ${SERVER_NAMES.join(', ')}
  --loads LIST          the wrk loads, comma-separated (default ${LOAD_NAMES.join(',')}); close sends
                        Connection: close (a connection per request) and skips the servers that never close
  --idle-connections N  connections for the memory per idle connection (default 10000; 0 skips it)
  --memory-reps N       repetitions of the memory measurement (default 3)
  --memory-settle S     seconds the idle connections wait before a second, settled sample (default 20, --quick 0;
                        0 takes none): V8 gives back the young generation the burst of requests grew
  --max-other CORES     a run with more CPU used by other processes is measured again (default 0.1)
  --min-server-cpu C    a pinned run whose server got less of its core is measured again (default 0.9)
  --retries N           extra attempts for such a run (default 2)
  --no-pin              do not pin the server and wrk to separate cores
  --no-load             skip the throughput measurement (memory and/or profile only)
  --profile DIR         afterwards, profile h1ref and h1ref-echo (those of them selected; node --cpu-prof)
                        under each load into DIR/<server>/<load> and print their hottest functions
  --baseline DIR        also measure h1ref's selected servers as built in DIR (another checkout or worktree,
                        built with \`npx tsc -p .\`), named <server>@baseline, in the same rounds as this build's;
                        the report gives baseline ÷ this build per round (above 1: this build is cheaper)
  --json FILE           also write every sample as JSON
  --help                this text`;

function count(value: string | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${value}`);
  return n;
}

/** Parses argv; throws with a message for anything unknown. */
export function parseOptions(argv: readonly string[]): Options | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      depth: { type: 'string' },
      server: { type: 'string', multiple: true },
      loads: { type: 'string' },
      'idle-connections': { type: 'string' },
      'memory-reps': { type: 'string' },
      'memory-settle': { type: 'string' },
      'max-other': { type: 'string' },
      'min-server-cpu': { type: 'string' },
      retries: { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      'no-load': { type: 'boolean', default: false },
      profile: { type: 'string' },
      json: { type: 'string' },
      baseline: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) return 'help';
  const quick = values.quick === true;
  let servers: ServerName[] = [...SERVER_NAMES];
  if (values.server !== undefined) {
    const names = values.server.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
    for (const name of names) if (!isServerName(name)) throw new Error(`--server: unknown server '${name}'; known: ${SERVER_NAMES.join(', ')}`);
    servers = SERVER_NAMES.filter((name) => names.includes(name));
  }
  // h1ref's servers from another build: each right after this build's, so that a round measures the two in turn.
  let baselineChild: string | undefined;
  let measured: BenchServer[] = servers;
  if (values.baseline !== undefined) {
    baselineChild = join(resolve(values.baseline), 'dist', 'bench', 'server', 'server-child.js');
    if (!existsSync(baselineChild)) throw new Error(`--baseline: ${baselineChild} not found; build that checkout first (npx tsc -p .)`);
    measured = servers.flatMap((name): BenchServer[] => (name.startsWith('h1ref') ? [name, baselineOf(name)] : [name]));
  }
  let loads: LoadName[] = [...LOAD_NAMES];
  if (values.loads !== undefined) {
    const names = values.loads.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const name of names) if (!(LOAD_NAMES as readonly string[]).includes(name)) throw new Error(`--loads: unknown load '${name}'; known: ${LOAD_NAMES.join(', ')}`);
    if (names.length === 0) throw new Error('--loads: expected at least one load (use --no-load to skip them all)');
    loads = LOAD_NAMES.filter((name) => names.includes(name));
  }
  const maxOther = values['max-other'] === undefined ? 0.1 : Number(values['max-other']);
  if (!(maxOther >= 0)) throw new Error(`--max-other: expected a number of cores ≥ 0, got ${values['max-other']}`);
  const minServerCpu = values['min-server-cpu'] === undefined ? 0.9 : Number(values['min-server-cpu']);
  if (!(minServerCpu >= 0 && minServerCpu <= 1)) throw new Error(`--min-server-cpu: expected a number of cores from 0 to 1, got ${values['min-server-cpu']}`);
  return {
    servers: measured,
    baselineChild,
    loads,
    rounds: count(values.rounds, quick ? 1 : 3, 'rounds'),
    seconds: count(values.duration, quick ? 2 : 5, 'duration'),
    warmupSeconds: count(values.warmup, quick ? 1 : 2, 'warmup'),
    connections: count(values.connections, 50, 'connections'),
    depth: count(values.depth, 10, 'depth'),
    idleConnections: count(values['idle-connections'], 10_000, 'idle-connections', 0),
    memoryReps: count(values['memory-reps'], quick ? 1 : 3, 'memory-reps'),
    memorySettleMs: count(values['memory-settle'], quick ? 0 : 20, 'memory-settle', 0) * 1000,
    maxOther,
    minServerCpu,
    retries: count(values.retries, 2, 'retries', 0),
    pin: values['no-pin'] !== true,
    load: values['no-load'] !== true,
    profileDir: values.profile,
    quick,
    jsonFile: values.json,
  };
}
