/**
 * Where inputs are made: on the main thread, or in `worker_threads` so that generation and the reference's view
 * (the CPU-bound part of a run) leave the main thread to the sockets. With N workers, worker *k* makes the
 * indices *i ≡ k (mod N)* and their children; since input *i* is a pure function of `(seed, i)` (and a child of
 * `(seed, i, child)` and its parent), one worker and four make the same input at each index.
 *
 * What crosses from a worker to the main thread is only what sending and judging need (the bytes, the delivery,
 * the reference's view, the methods, how the input was made): the parts (`stream`, `baseline`) are two thirds of
 * a structured clone and are needed only to shrink a finding, so the main thread makes them again, from the index,
 * when it first asks for them.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { generateChild, generateInput, type GenerateOptions, type PreparedInput } from './generate.js';
import type { Stream } from './parts.js';

/** Makes inputs by index. */
export interface Preparer {
  /** Input `index` of the run, with its reference view. */
  prepare(index: number): Promise<PreparedInput>;
  /**
   * Several inputs at once, in the order of `indices`. One message per worker and batch instead of one per input:
   * a message between threads costs tens of microseconds of waking up on both sides, as much as judging an input.
   */
  prepareBatch(indices: readonly number[]): Promise<PreparedInput[]>;
  /** Child `child` of `parent` (an input of the sequence, made by `prepare`), with its reference view. */
  prepareChild(parent: PreparedInput, child: number): Promise<PreparedInput>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** A request to a worker: inputs `indices`, or child number `child` of the input `indices[0]`. */
export interface PrepareRequest {
  /** Matches the answer to the request. */
  readonly id: number;
  /** The inputs' indices (a child's: its parent's, alone). */
  readonly indices: readonly number[];
  /** For a child: its number under its parent. */
  readonly child?: number;
}

/** An input as it crosses threads: everything but its parts. */
export type LeanInput = Omit<PreparedInput, 'stream' | 'baseline'>;

/** A worker's answer: the inputs asked for, in order, or why it could not make them. */
export type PrepareAnswer = { readonly id: number; readonly inputs: readonly LeanInput[] } | { readonly id: number; readonly error: string };

/**
 * The worker script. Under the TypeScript sources (the test runner), the compiled one in `dist/` is used: a
 * worker thread runs JavaScript only.
 */
export function workerScript(): URL {
  const here = new URL('./prepare-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL(fileURLToPath(here).replace(/\/src\/fuzz\/prepare-worker\.js$/, '/dist/src/fuzz/prepare-worker.js'), 'file:');
}

/** Makes input `index` (or its child `child`) on the calling thread; `parent` saves making the parent again. */
export function makeInput(options: GenerateOptions, index: number, child?: number, parent?: PreparedInput): PreparedInput {
  if (child === undefined) return generateInput(index, options);
  return generateChild(parent ?? generateInput(index, options), child, options);
}

/** Inputs made on the calling thread. */
export function inlinePreparer(options: GenerateOptions): Preparer {
  return {
    prepare: (index) => Promise.resolve(generateInput(index, options)),
    prepareBatch: (indices) => Promise.resolve(indices.map((index) => generateInput(index, options))),
    prepareChild: (parent, child) => Promise.resolve(generateChild(parent, child, options)),
    close: () => Promise.resolve(),
  };
}

/**
 * A lean input with its parts back: they are made again on first use (input *i* is a pure function of the seed
 * and *i*), which happens only when a finding is shrunk.
 */
export function withParts(lean: LeanInput, options: GenerateOptions): PreparedInput {
  let parts: { stream: Stream; baseline: Stream | null } | undefined;
  const made = (): { stream: Stream; baseline: Stream | null } => {
    if (parts === undefined) {
      const full = makeInput(options, lean.index, lean.child);
      parts = { stream: full.stream, baseline: full.baseline };
    }
    return parts;
  };
  return Object.defineProperties({ ...lean } as PreparedInput, {
    stream: { get: () => made().stream, enumerable: true },
    baseline: { get: () => made().baseline, enumerable: true },
  });
}

/** A preparer with `workers` threads (0: on the calling thread). */
export async function createPreparer(workers: number, options: GenerateOptions): Promise<Preparer> {
  if (workers <= 0) return inlinePreparer(options);
  const pool = Array.from({ length: workers }, () => new Worker(workerScript(), { workerData: options }));
  const pending = new Map<number, { ok: (inputs: PreparedInput[]) => void; fail: (error: Error) => void }>();
  let nextId = 0;
  for (const worker of pool) {
    worker.on('message', (answer: PrepareAnswer) => {
      const p = pending.get(answer.id);
      if (p === undefined) return;
      pending.delete(answer.id);
      if ('inputs' in answer) p.ok(answer.inputs.map((input) => withParts(input, options)));
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
  const ask = (worker: Worker, request: Omit<PrepareRequest, 'id'>): Promise<PreparedInput[]> => {
    const id = nextId++;
    return new Promise((ok, fail) => {
      pending.set(id, { ok, fail });
      worker.postMessage({ id, ...request } satisfies PrepareRequest);
    });
  };
  // Input i is made by worker i mod N; a child by the worker that made its parent, which most likely still holds
  // it (see prepare-worker.ts).
  const workerOf = (index: number): Worker => pool[index % pool.length]!;
  const prepareBatch = async (indices: readonly number[]): Promise<PreparedInput[]> => {
    const byWorker = new Map<Worker, number[]>();
    for (const index of indices) {
      const worker = workerOf(index);
      const list = byWorker.get(worker);
      if (list === undefined) byWorker.set(worker, [index]);
      else list.push(index);
    }
    const made = new Map<number, PreparedInput>();
    await Promise.all([...byWorker].map(async ([worker, list]) => {
      const inputs = await ask(worker, { indices: list });
      inputs.forEach((input, k) => made.set(list[k]!, input));
    }));
    return indices.map((index) => made.get(index)!);
  };
  return {
    prepare: async (index) => (await prepareBatch([index]))[0]!,
    prepareBatch,
    prepareChild: async (parent, child) => (await ask(workerOf(parent.index), { indices: [parent.index], child }))[0]!,
    async close(): Promise<void> {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
