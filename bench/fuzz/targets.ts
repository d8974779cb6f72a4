/**
 * The two targets, each a separate process on 127.0.0.1 with a port of its own choosing: `h1ref serve` (the
 * built CLI) and node:http with the same echo (`node-echo.ts`). Each prints its address on stdout; the runner
 * reads it from there. Optionally pinned with taskset (which execs, so the pid is the server's own). Stopped by
 * pid only.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wrap } from '../server/spawn.js';
import type { TargetName } from './options.js';

/** A target process that has printed its address. */
export interface RunningTarget {
  readonly name: TargetName;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** Whether it is still running. */
  alive(): boolean;
  /** How it ended, once it has (`code 1`, `SIGKILL`). */
  exitReason(): string | undefined;
  /** Stops it: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const NODE_ECHO = fileURLToPath(new URL('./node-echo.js', import.meta.url));

/** The command line of each target (before pinning). */
function commandOf(name: TargetName): string[] {
  switch (name) {
    case 'h1ref':
      return [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet', '--shutdown-timeout', '500'];
    case 'node-http':
      return [NODE_ECHO, '0'];
  }
}

/** Starts a target and waits (up to `startMs`) for the line with its address. */
export function startTarget(name: TargetName, cpu: number | undefined, startMs = 15_000): Promise<RunningTarget> {
  const { command, args } = wrap({ command: process.execPath, args: commandOf(name), cpu });
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = signal ?? `code ${code}`;
      resolve();
    });
    child.on('error', (error) => {
      exit ??= error.message;
      resolve();
    });
  });
  const stop = async (graceMs = 3000): Promise<void> => {
    if (exit === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let found = false;
    const timer = setTimeout(() => {
      void stop(0).then(() => reject(new Error(`${name} printed no address within ${startMs} ms`)));
    }, startMs);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${exit}) before it printed its address`));
    });
    // Its stdout is read to the end, so that nothing it prints can block it on a full pipe.
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      if (found) return;
      out += text;
      const m = /listening on http:\/\/([0-9.]+):(\d+)\//.exec(out);
      if (m === null) return;
      found = true;
      clearTimeout(timer);
      resolve({
        name,
        host: m[1]!,
        port: Number(m[2]),
        pid: child.pid ?? -1,
        alive: () => exit === undefined,
        exitReason: () => exit,
        stop,
      });
    });
  });
}
