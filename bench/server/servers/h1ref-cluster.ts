/**
 * `h1ref serve --workers 2`'s echo (issue 15 §3): h1ref's echo server with default options in two worker
 * processes that share the listening socket, run by `runClustered` from src/server/cluster.ts exactly as the CLI
 * runs it. The server child is the cluster's primary; `node:cluster` forks the same program (server-child.js with
 * the same arguments) for each worker, which calls this function again and serves until the primary asks it to
 * stop. Only the primary ever resolves: a worker says nothing to the runner.
 *
 * @module
 */
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { countingAccessLog, createEchoServer, runClustered } from '../../../src/server/index.js';
import { IDLE_KEEP_ALIVE_MS, type RunningServer } from './response.js';
import type { ServerMode } from '../protocol.js';

/**
 * Starts the cluster of `workers` echo servers on 127.0.0.1 and a free port (the primary picks it and every
 * worker shares it); resolves in the primary once every worker listens.
 */
export function startH1refCluster(mode: ServerMode, workers: number): Promise<RunningServer> {
  const options = { host: '127.0.0.1', port: 0, ...(mode === 'idle' ? { keepAliveTimeout: IDLE_KEEP_ALIVE_MS } : {}) };
  let stop: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  return new Promise((resolve, reject) => {
    let listening: AddressInfo | undefined;
    const done = runClustered({
      workers,
      shutdownTimeout: 1000,
      log: (line) => console.log(line),
      // In the primary, the runner's stop (close below); a worker is stopped by the primary.
      stopSignal: () => (cluster.isPrimary ? stopped : new Promise<string>(() => undefined)),
      onListening: (address) => {
        listening = address;
        resolve({
          port: address.port,
          openConnections: () => Promise.resolve(Number.NaN), // spread over the workers; not counted here
          close: async () => {
            stop('stop');
            await done;
          },
        });
      },
      // The same server `h1ref serve` makes, less the access log lines (`--quiet`), counting what it answers.
      start: async () => {
        const server = createEchoServer('h1ref', { ...options, onAccessLog: countingAccessLog(undefined) });
        return { server, address: await server.listen() };
      },
    });
    void done.then((code) => {
      if (cluster.isPrimary && listening === undefined) reject(new Error(`the cluster stopped before listening (exit code ${code})`));
    });
  });
}
