/**
 * Running one measurement in a child Node process: the child gets its settings as one JSON argument and prints
 * its result as the last line of its stdout. A child that outlives its time limit is killed by its pid, so a
 * measurement cannot hang the benchmark, whatever a target does.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How to run one child. */
export interface ChildRun {
  /** The compiled script, relative to this directory (`fuzz-child.js`). */
  readonly script: string;
  /** Its settings (passed as `argv[2]`, JSON). */
  readonly settings: unknown;
  /** Milliseconds after which it is killed (SIGKILL). */
  readonly limitMs: number;
  /** Extra flags for node (`--cpu-prof`, …). */
  readonly nodeArgs?: readonly string[];
}

// The children running now, so that an interrupted benchmark can stop them (by pid) on its way out.
const running = new Set<ChildProcess>();

/** Kills every measuring child still running (SIGKILL, by pid). */
export function killChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** The compiled script beside this module. */
export function scriptPath(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/**
 * Runs the child to its end and returns the JSON of its last stdout line. Rejects when it exits without one (its
 * stderr, which is passed through to ours, says why) or when it was killed for taking too long.
 */
export function runChild<T>(run: ChildRun): Promise<T> {
  const child = spawn(process.execPath, [...(run.nodeArgs ?? []), scriptPath(run.script), JSON.stringify(run.settings)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, run.limitMs);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      running.delete(child);
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      if (killed) {
        reject(new Error(`${run.script} (pid ${child.pid}) took more than ${run.limitMs} ms and was killed`));
        return;
      }
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${run.script} (pid ${child.pid}) ended (${signal ?? `code ${code}`}) without a result`));
      }
    });
  });
}

/** In a child: its settings. */
export function childSettings<T>(): T {
  const text = process.argv[2];
  if (text === undefined) throw new Error('expected the settings as one JSON argument');
  return JSON.parse(text) as T;
}

/** In a child: prints the result as its last stdout line and exits (worker threads or sockets may linger). */
export function childResult(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
