/**
 * Where inputs are made: on the main thread, or in `worker_threads` so that generation and the reference's view
 * (the CPU-bound part of a run) leave the main thread to the sockets. With N workers, worker *k* makes the
 * indices *i ≡ k (mod N)*; since input *i* is a pure function of `(seed, i)`, one worker and four make the same
 * input at each index.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { generateInput, type GenerateOptions, type PreparedInput } from './generate.js';

/** Makes inputs by index. */
export interface Preparer {
  /** Input `index` of the run, with its reference view. */
  prepare(index: number): Promise<PreparedInput>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** A request to a worker, and its answer. */
export interface PrepareRequest {
  /** Matches the answer to the request. */
  readonly id: number;
  /** The input's index. */
  readonly index: number;
}

/** A worker's answer. */
export type PrepareAnswer = { readonly id: number; readonly input: PreparedInput } | { readonly id: number; readonly error: string };

/**
 * The worker script. Under the TypeScript sources (the test runner), the compiled one in `dist/` is used: a
 * worker thread runs JavaScript only.
 */
export function workerScript(): URL {
  const here = new URL('./prepare-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL(fileURLToPath(here).replace(/\/src\/fuzz\/prepare-worker\.js$/, '/dist/src/fuzz/prepare-worker.js'), 'file:');
}

/** Inputs made on the calling thread. */
export function inlinePreparer(options: GenerateOptions): Preparer {
  return {
    prepare: (index) => Promise.resolve(generateInput(index, options)),
    close: () => Promise.resolve(),
  };
}

/** A preparer with `workers` threads (0: on the calling thread). */
export async function createPreparer(workers: number, options: GenerateOptions): Promise<Preparer> {
  if (workers <= 0) return inlinePreparer(options);
  const pool = Array.from({ length: workers }, () => new Worker(workerScript(), { workerData: options }));
  const pending = new Map<number, { ok: (input: PreparedInput) => void; fail: (error: Error) => void }>();
  let nextId = 0;
  for (const worker of pool) {
    worker.on('message', (answer: PrepareAnswer) => {
      const p = pending.get(answer.id);
      if (p === undefined) return;
      pending.delete(answer.id);
      if ('input' in answer) p.ok(answer.input);
      else p.fail(new Error(answer.error));
    });
    worker.on('error', (error) => {
      for (const p of pending.values()) p.fail(error);
      pending.clear();
    });
    // Not unref'd: while the main thread waits for an input and has no socket open, the workers are what keeps
    // the process alive. close() ends them.
  }
  await Promise.all(pool.map((w) => new Promise<void>((ok) => w.once('online', () => ok()))));
  return {
    prepare(index: number): Promise<PreparedInput> {
      const id = nextId++;
      const worker = pool[index % pool.length]!;
      return new Promise((ok, fail) => {
        pending.set(id, { ok, fail });
        worker.postMessage({ id, index } satisfies PrepareRequest);
      });
    },
    async close(): Promise<void> {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
