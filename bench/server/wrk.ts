/**
 * wrk, the load generator: finding it, the pipelining script, one run, and reading its report.
 *
 * wrk, not autocannon: on 2 cores autocannon (one Node thread) saturates its own core before any `net`-based
 * server does, so it measures itself (perf-anchors.md §1). wrk is C with epoll and needs well under a core.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runToEnd } from './spawn.js';

/** What to print when wrk is missing. The benchmark never installs anything itself. */
export const WRK_MISSING = `wrk was not found on PATH. The server benchmark needs it as its load generator.
Install Debian's package and run again:

    sudo apt-get update && sudo apt-get install -y wrk

(or build it from https://github.com/wg/wrk). autocannon is no substitute on 2 cores: it saturates its own
core before the servers do.`;

/** wrk's version string (e.g. `debian/4.1.0-3+b2`), or undefined when wrk is not installed. */
export function wrkVersion(): string | undefined {
  // `wrk -v` prints its version and usage, then exits with status 1.
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (result.error !== undefined) return undefined;
  const match = /^wrk\s+(\S+)/m.exec(`${result.stdout}\n${result.stderr}`);
  return match?.[1] ?? 'unknown version';
}

/**
 * The pipelining script: `depth` copies of wrk's default request (GET / with Host) in one buffer, sent as one
 * write per batch. wrk counts each response, so requests/s is responses/s; latency is per batch. Written into
 * a temporary directory by the runner, as `wrk -s` needs a file.
 */
const PIPELINE_LUA = `-- Written by h1ref's bench/server/wrk.ts: pipelining, wrk -s pipeline.lua URL -- <depth>
init = function(args)
  local depth = tonumber(args[1]) or 10
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format()
  end
  request_batch = table.concat(batch)
end

request = function()
  return request_batch
end
`;

/** Writes the pipelining script into `dir` and returns its path. */
export function writePipelineScript(dir: string): string {
  const file = path.join(dir, 'pipeline.lua');
  writeFileSync(file, PIPELINE_LUA);
  return file;
}

/** One wrk run. */
export interface WrkRun {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** The pipelining script and its depth, or undefined for plain keep-alive. */
  readonly pipeline?: { readonly script: string; readonly depth: number } | undefined;
  /**
   * Extra header fields (`-H`). With `Connection: close` wrk reads the answer's `Connection: close`, closes and
   * connects again for the next request: one connection per request.
   */
  readonly headers?: readonly string[] | undefined;
  readonly cpu?: number | undefined;
}

/** What the runner keeps of wrk's report. */
export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
  /** Latency percentiles in ms, or null when wrk printed none (it sometimes prints `0.00us` under pipelining). */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Socket errors (connect + read + write + timeout) and responses that were not 2xx or 3xx. */
  readonly errors: number;
  readonly non2xx: number;
}

/** Starts wrk (one thread, `--latency`); resolves with its parsed report, or rejects with its output. */
export function startWrk(run: WrkRun): { pid: number; result: Promise<WrkResult> } {
  const args = ['-t1', `-c${run.connections}`, `-d${run.seconds}s`, '--latency'];
  for (const header of run.headers ?? []) args.push('-H', header);
  if (run.pipeline !== undefined) args.push('-s', run.pipeline.script);
  args.push(run.url);
  if (run.pipeline !== undefined) args.push('--', String(run.pipeline.depth));
  const { pid, done } = runToEnd({ command: 'wrk', args, cpu: run.cpu });
  const result = done.then(({ code, stdout, stderr }) => {
    if (code !== 0) throw new Error(`wrk ${args.join(' ')} failed (${code}):\n${stdout}${stderr}`);
    return parseWrkOutput(stdout);
  });
  return { pid, result };
}

const UNIT_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

function latency(text: string, percent: number): number | null {
  const match = new RegExp(`^\\s*${percent}%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(text);
  if (match === null) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms > 0 ? ms : null;
}

/** Reads requests/s, the 50th and 99th percentile latency and the error counts from wrk's text report. */
export function parseWrkOutput(text: string): WrkResult {
  const rps = /^Requests\/sec:\s+([0-9.]+)/m.exec(text);
  const total = /^\s*(\d+) requests in /m.exec(text);
  if (rps === null || total === null) throw new Error(`unexpected wrk output:\n${text}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors = socket === null ? 0 : socket.slice(1, 5).reduce((sum, n) => sum + Number(n), 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  return {
    requestsPerSecond: Number(rps[1]),
    requests: Number(total[1]),
    p50Ms: latency(text, 50),
    p99Ms: latency(text, 99),
    errors,
    non2xx,
  };
}
