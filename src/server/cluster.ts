/**
 * Every core: {@link runClustered} runs a server in N processes with `node:cluster`, all serving one listening
 * socket. It is not a second server: each worker runs the same {@link H1Server} that one process would, made by
 * the caller's `start`; this file only starts, watches, restarts and stops the processes.
 *
 * How connections are shared: Node's default scheduling on Linux is round robin (the primary accepts and hands
 * each connection to the next worker), which spreads new connections evenly, at the cost of one hand-off per
 * connection; set `NODE_CLUSTER_SCHED_POLICY=none` to let the kernel wake a worker instead.
 *
 * Shutdown: on the stop signal the primary asks every worker to close gracefully (the same
 * {@link H1Server.close} as a single process, within `shutdownTimeout`), waits for them, and kills by its pid any
 * worker still running two seconds after that. A worker that dies on its own is logged and replaced; one that
 * keeps dying within a second of starting (five times in a row) stops the restarts and the primary shuts down.
 *
 * @module
 */
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { H1Server, ServerStats } from './server.js';

/** The environment variable that tells a forked process which worker slot (1..N) it fills. */
export const CLUSTER_SLOT_VARIABLE = 'H1REF_CLUSTER_SLOT';

/** What a worker's `start` gives back. */
export interface StartedWorker {
  /** The server, listening. */
  readonly server: H1Server;
  /** Where it listens (the same in every worker). */
  readonly address: AddressInfo;
}

/** What {@link runClustered} needs. */
export interface ClusterOptions {
  /** How many worker processes (at least 1). */
  readonly workers: number;
  /**
   * Runs in each worker: makes the server and starts it listening (same host and port in every worker: the
   * cluster shares the socket). `slot` is the worker's number, 1 to `workers`, kept by its replacement.
   */
  readonly start: (slot: number) => Promise<StartedWorker>;
  /** Time each worker's graceful close may take, in ms. */
  readonly shutdownTimeout: number;
  /** Where the primary writes its lines (workers started, died, replaced; their counters at shutdown). */
  readonly log: (line: string) => void;
  /** Resolves (with the signal's name) when the cluster is to stop; called in the primary and in each worker. */
  readonly stopSignal: () => Promise<string>;
  /** Called in the primary once every worker listens, with the shared address. */
  readonly onListening?: (address: AddressInfo) => void;
}

/** What a worker tells the primary. */
type WorkerMessage =
  | { readonly type: 'h1ref:listening'; readonly address: AddressInfo }
  | { readonly type: 'h1ref:failed'; readonly message: string }
  | { readonly type: 'h1ref:stats'; readonly stats: ServerStats; readonly requests: number };

/** The primary's request to a worker. */
const SHUTDOWN = { type: 'h1ref:shutdown' } as const;

/** `auto` (or 0) is the number of cores Node reports (`os.availableParallelism()`); otherwise the number. */
export function workerCount(value: string | number): number {
  if (value === 'auto' || value === 0) return availableParallelism();
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`workers must be a positive integer or auto, got ${String(value)}`);
  return n;
}

/** Whether this process is a worker started by {@link runClustered}. */
export function isClusterWorker(): boolean {
  return cluster.isWorker && process.env[CLUSTER_SLOT_VARIABLE] !== undefined;
}

/** The slot of this worker (1..N), or 0 outside a cluster. */
export function clusterSlot(): number {
  return isClusterWorker() ? Number(process.env[CLUSTER_SLOT_VARIABLE]) : 0;
}

/**
 * Runs the cluster: in the primary, starts `workers` processes and returns when they have all stopped; in a
 * worker (the same program runs again there, and calls this function again), serves until told to stop. For the
 * per-worker request counts printed at shutdown, `start` passes its access-log hook through
 * {@link countingAccessLog}.
 *
 * @returns the exit code: 0 after a clean shutdown, 1 when the workers could not listen or kept dying
 */
export async function runClustered(options: ClusterOptions): Promise<number> {
  return isClusterWorker() ? runWorker(options) : runPrimary(options);
}

let requestsAnswered = 0;

/**
 * Wraps an access-log callback so that the worker counts the requests it answered (reported to the primary at
 * shutdown); pass the result as `onAccessLog` in `start`. Works (and counts) with `undefined` too.
 */
export function countingAccessLog<E>(log: ((entry: E) => void) | undefined): (entry: E) => void {
  return (entry) => {
    requestsAnswered++;
    log?.(entry);
  };
}

async function runWorker(options: ClusterOptions): Promise<number> {
  const send = (message: WorkerMessage): Promise<void> =>
    new Promise((ok) => {
      // The callback says the message was written (or could not be: the primary is gone), so that it is sent
      // before the channel closes.
      if (process.send === undefined || !process.connected) ok();
      else process.send(message, undefined, {}, () => ok());
    });
  // Told by the primary, or by a signal sent to the whole process group (Ctrl-C in a terminal reaches every
  // worker too): either way the same graceful close, once. Listened for from the start: the request may come
  // while the server is still starting.
  const stop = new Promise<void>((ok) => {
    process.on('message', (m: unknown) => { if ((m as { type?: string } | null)?.type === SHUTDOWN.type) ok(); });
    void options.stopSignal().then(() => ok());
  });
  let server: H1Server;
  try {
    const started = await options.start(clusterSlot());
    server = started.server;
    await send({ type: 'h1ref:listening', address: started.address });
  } catch (error) {
    await send({ type: 'h1ref:failed', message: (error as Error).message });
    process.disconnect?.();
    return 1;
  }
  await stop;
  await server.close(options.shutdownTimeout);
  await send({ type: 'h1ref:stats', stats: server.stats, requests: requestsAnswered });
  process.disconnect?.();
  return 0;
}

async function runPrimary(options: ClusterOptions): Promise<number> {
  const count = options.workers;
  const workers = new Map<number, Worker>(); // slot → its current process
  // Each process's end: both its exit and the end of its channel (so that its last message has been read).
  const ends = new Map<Worker, Promise<void>>();
  const fastDeaths = new Map<number, number>();
  let stopping = false;
  let failure: string | null = null;
  let listening = 0;
  let announced = false;
  let resolveFailed: (() => void) | null = null;
  const failed = new Promise<void>((ok) => (resolveFailed = ok));

  const fork = (slot: number): void => {
    const worker = cluster.fork({ [CLUSTER_SLOT_VARIABLE]: String(slot) });
    const bornAt = Date.now();
    const pid = worker.process.pid;
    workers.set(slot, worker);
    ends.set(worker, Promise.all([
      new Promise<void>((ok) => worker.once('exit', () => ok())),
      new Promise<void>((ok) => worker.once('disconnect', () => ok())),
    ]).then(() => undefined));
    options.log(`h1ref: worker ${slot} started (pid ${pid})`);
    let listened = false;
    // A worker that is going away cannot be written to; that is not the primary's error.
    worker.on('error', () => undefined);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'h1ref:listening') {
        listening++;
        // A replacement says when it takes connections again; the first ones are announced together below.
        if (announced && !listened) options.log(`h1ref: worker ${slot} (pid ${pid}) listening`);
        listened = true;
        if (!announced && listening >= count) {
          announced = true;
          options.onListening?.(message.address);
        }
      } else if (message.type === 'h1ref:failed') {
        failure ??= message.message;
        resolveFailed?.();
      } else if (message.type === 'h1ref:stats') {
        const s = message.stats;
        options.log(`h1ref: worker ${slot} (pid ${pid}): ${s.accepted} connections, ${message.requests} requests answered, ${s.rejected} refused over max-connections`);
      }
    });
    worker.on('exit', (code, signal) => {
      if (stopping || failure !== null) return;
      const how = signal === null ? `code ${code}` : `signal ${signal}`;
      const quick = Date.now() - bornAt < 1000;
      const streak = quick ? (fastDeaths.get(slot) ?? 0) + 1 : 0;
      fastDeaths.set(slot, streak);
      if (streak >= 5) {
        failure = `worker ${slot} died ${streak} times within a second of starting (last: ${how})`;
        resolveFailed?.();
        return;
      }
      options.log(`h1ref: worker ${slot} (pid ${pid}) exited (${how}); starting a new one`);
      ends.delete(worker);
      fork(slot);
    });
  };

  for (let slot = 1; slot <= count; slot++) fork(slot);
  const signal = await Promise.race([options.stopSignal(), failed.then(() => null)]);
  stopping = true;
  if (signal !== null) options.log(`h1ref: ${signal}, shutting down ${workers.size} workers`);
  else options.log(`h1ref: ${failure ?? 'a worker failed'}; shutting down`);
  for (const worker of workers.values()) if (worker.isConnected()) worker.send(SHUTDOWN, undefined, () => undefined);
  // A worker that does not finish in time (its close is bounded by shutdownTimeout; this is the backstop) is
  // killed by its own pid.
  const backstop = setTimeout(() => {
    for (const worker of workers.values()) if (!worker.isDead() && worker.process.pid !== undefined) process.kill(worker.process.pid, 'SIGKILL');
  }, options.shutdownTimeout + 2000);
  await Promise.all(ends.values());
  clearTimeout(backstop);
  return failure === null ? 0 : 1;
}
