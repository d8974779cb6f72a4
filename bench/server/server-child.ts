/**
 * A server child: `node server-child.js <server> <load|idle>`, started by the runner (pinned with `taskset`, and
 * with `--expose-gc` for the memory measurement, `--cpu-prof` for `--profile`). It starts the named server, says
 * `ready` with its port, answers `measure` with its memory after a full GC, and exits on `stop` or when the
 * runner goes away.
 *
 * @module
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { isServerName, SERVER_NAMES, type FromServer, type ToServer } from './protocol.js';
import { startServer } from './servers/index.js';

function send(message: FromServer): void {
  process.send?.(message);
}

/**
 * Two full collections with a turn of the event loop between them: the first may only queue finalizers (closed
 * sockets from the warm-up), the second reclaims what they released.
 */
async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('started without --expose-gc');
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

async function main(): Promise<void> {
  const [name, mode] = process.argv.slice(2);
  if (name === undefined || !isServerName(name) || (mode !== 'load' && mode !== 'idle')) {
    throw new Error(`usage: server-child.js <${SERVER_NAMES.join('|')}> <load|idle> (started by run.js)`);
  }
  const server = await startServer(name, mode);
  process.on('message', (message: ToServer) => {
    if (message.kind === 'stop') {
      // A cluster stops its workers first (they would otherwise only go when their channel closes).
      void (server.close?.() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
    }
    collectGarbage()
      .then(async () => {
        const { rss, heapUsed, external } = process.memoryUsage();
        const youngBytes = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
        send({ kind: 'memory', rss, heapUsed, external, youngBytes, open: await server.openConnections() });
      })
      .catch((error: unknown) => send({ kind: 'error', message: String(error) }));
  });
  // The runner died or closed the channel: nothing will ever stop us otherwise.
  process.on('disconnect', () => process.exit(0));
  send({ kind: 'ready', port: server.port });
}

main().catch((error: unknown) => {
  send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
