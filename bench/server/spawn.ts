/**
 * Starting child processes pinned to a core (`taskset -c N`) and with a raised open-file limit (`ulimit -S -n`
 * through `/bin/sh`): both wrappers `exec` the real program, so the pid the runner sees is the program's own
 * (the CPU sampler reads `/proc/<pid>/stat`), and the IPC channel's descriptor is inherited through them.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';

/** Which core each side gets, or none when pinning is not possible. */
export interface Pinning {
  readonly server: number | undefined;
  readonly load: number | undefined;
  /** Why there is no pinning, when there is none. */
  readonly note: string;
}

/**
 * Server on CPU 0, load generator on CPU 1 (perf-anchors.md: each gets one whole core, so the scheduler cannot
 * let one steal from the other, and the server's core shows whether the server is the bottleneck).
 */
export function choosePinning(wanted: boolean): Pinning {
  if (!wanted) return { server: undefined, load: undefined, note: 'not pinned (--no-pin)' };
  if (os.cpus().length < 2) return { server: undefined, load: undefined, note: 'not pinned: fewer than 2 cores' };
  const probe = spawnSync('taskset', ['-c', '1', 'true'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    return { server: undefined, load: undefined, note: 'not pinned: `taskset` is missing or failed (Debian: util-linux)' };
  }
  return { server: 0, load: 1, note: 'server on CPU 0, wrk on CPU 1 (taskset)' };
}

/** How to start one program. */
export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  /** The core to pin it to. */
  readonly cpu?: number | undefined;
  /** The soft open-file limit to raise to before it starts. */
  readonly fdLimit?: number | undefined;
}

/** The command line with the wrappers in front: `sh -c 'ulimit …; exec "$@"'`, then `taskset -c N`. */
export function wrap(launch: Launch): { command: string; args: string[] } {
  let command = launch.command;
  let args = [...launch.args];
  if (launch.cpu !== undefined) {
    args = ['-c', String(launch.cpu), command, ...args];
    command = 'taskset';
  }
  if (launch.fdLimit !== undefined) {
    const script = 'ulimit -S -n "$1" || exit 97; shift; exec "$@"';
    args = ['-c', script, 'sh', String(launch.fdLimit), command, ...args];
    command = '/bin/sh';
  }
  return { command, args };
}

/**
 * A child Node process that talks over IPC: messages are queued until asked for, so none is lost between two
 * requests of the runner.
 */
export class NodeChild<In, Out> {
  readonly process: ChildProcess;
  private readonly inbox: Out[] = [];
  private readonly waiters: { resolve: (message: Out) => void; reject: (error: Error) => void }[] = [];
  private exited: Error | null = null;

  /**
   * @param script - the compiled child module
   * @param args - its argv
   * @param options - node flags, pinning and file limit
   */
  constructor(script: string, args: readonly string[], options: { nodeArgs?: readonly string[]; cpu?: number | undefined; fdLimit?: number | undefined } = {}) {
    const { command, args: argv } = wrap({
      command: process.execPath,
      args: [...(options.nodeArgs ?? []), script, ...args],
      cpu: options.cpu,
      fdLimit: options.fdLimit,
    });
    // The child's stdout goes to our stderr: our stdout is exactly the report.
    this.process = spawn(command, argv, { stdio: ['ignore', 2, 'inherit', 'ipc'] });
    this.process.on('message', (message) => {
      const waiter = this.waiters.shift();
      if (waiter !== undefined) waiter.resolve(message as Out);
      else this.inbox.push(message as Out);
    });
    const onGone = (why: string): void => {
      this.exited ??= new Error(`${script.split('/').pop()} ${args.join(' ')}: ${why}`);
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.exited);
    };
    this.process.on('error', (error) => onGone(error.message));
    this.process.on('exit', (code, signal) => onGone(code === 97 ? `could not raise the open-file limit to ${options.fdLimit}` : `exited (${signal ?? `code ${code}`})`));
  }

  /** The child's pid (the program's own: the wrappers exec it). */
  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Sends a message. */
  send(message: In): void {
    this.process.send(message as object);
  }

  /** The next message, or a rejection when the child exits first or `timeoutMs` passes. */
  next(timeoutMs: number): Promise<Out> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.exited !== null) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
        reject(new Error(`no answer from child ${this.pid} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        resolve: (message: Out) => (clearTimeout(timer), resolve(message)),
        reject: (error: Error) => (clearTimeout(timer), reject(error)),
      };
      this.waiters.push(waiter);
    });
  }

  /** Sends a request and waits for the answer. */
  ask(message: In, timeoutMs: number): Promise<Out> {
    this.send(message);
    return this.next(timeoutMs);
  }

  /** Asks the child to stop with `stopMessage`; SIGKILL if it has not exited after `graceMs`. */
  async stop(stopMessage: In, graceMs = 5000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      this.send(stopMessage);
    } catch {
      // The channel is already closed; the timer below ends it.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Runs a program to its end and collects its output. */
export function runToEnd(launch: Launch): { pid: number; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const { command, args } = wrap(launch);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, stdout, stderr: stderr + error.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { pid: child.pid ?? -1, done };
}

/** Runs `sh -c script` and returns its trimmed stdout, or undefined when it fails. */
export function shell(script: string): string | undefined {
  const result = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
