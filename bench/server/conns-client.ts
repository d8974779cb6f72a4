/**
 * The idle-connection client: a child process that opens thousands of keep-alive connections to one server on
 * loopback and holds them, on the runner's commands (see {@link ToClient}). It runs apart from the runner so
 * that its 10,000 sockets count against its own open-file limit, which the runner raises when starting it.
 *
 * @module
 */
import type { Buffer } from 'node:buffer';
import net from 'node:net';
import { checkResponse, getRequest, ResponseReader } from './http-read.js';
import type { AnswerKind, FromClient, ToClient } from './protocol.js';

const sockets: net.Socket[] = [];

function reply(message: FromClient): void {
  process.send?.(message);
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      // A connection the server closes later must not crash the client; the server's own count shows it.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Sends `count` GETs one after the other on `socket` and checks each response. */
function exchange(socket: net.Socket, port: number, count: number, answer: AnswerKind): Promise<void> {
  return new Promise((resolve, reject) => {
    const reader = new ResponseReader();
    const request = getRequest(port);
    let sent = 1;
    let checked = 0;
    const onData = (chunk: Buffer): void => {
      let done: number;
      try {
        done = reader.push(chunk);
      } catch (error) {
        finish(error as Error);
        return;
      }
      for (; checked < done; checked++) {
        const bad = checkResponse(reader.responses[checked]!, answer);
        if (bad !== undefined) {
          finish(new Error(bad));
          return;
        }
      }
      if (done === count) {
        finish(undefined);
      } else if (done === sent) {
        sent++;
        socket.write(request);
      }
    };
    const onClose = (): void => finish(new Error(`closed by the server after ${reader.responses.length} responses`));
    const finish = (error: Error | undefined): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.write(request);
  });
}

/** Runs `task` over `items`, `batch` at a time; counts successes and failures. */
async function inBatches<T>(items: readonly T[], batch: number, task: (item: T) => Promise<unknown>): Promise<FromClient> {
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  for (let i = 0; i < items.length; i += batch) {
    const results = await Promise.allSettled(items.slice(i, i + batch).map(task));
    for (const r of results) {
      if (r.status === 'fulfilled') ok++;
      else {
        failed++;
        firstFailure ??= r.reason instanceof Error ? r.reason.message : String(r.reason);
      }
    }
  }
  return { kind: 'done', ok, failed, firstFailure };
}

async function handle(message: ToClient): Promise<FromClient> {
  switch (message.kind) {
    case 'warmup': {
      const { port, connections, requests, answer } = message;
      return inBatches(Array.from({ length: connections }, (_, i) => i), connections, async () => {
        const socket = await connect(port);
        try {
          await exchange(socket, port, requests, answer);
        } finally {
          socket.destroy();
        }
      });
    }
    case 'connect': {
      const { port, count, batch } = message;
      // Batches stay well under the listen backlog, so no SYN is dropped and retried (which costs a second).
      return inBatches(Array.from({ length: count }, (_, i) => i), batch, async () => sockets.push(await connect(port)));
    }
    case 'request': {
      const port = sockets[0]?.remotePort ?? 0;
      return inBatches(sockets, message.batch, (socket) => exchange(socket, port, 1, message.answer));
    }
    case 'close':
      for (const socket of sockets) socket.destroy();
      process.exit(0);
  }
}

process.on('message', (message: ToClient) => {
  handle(message).then(reply, (error: unknown) => reply({ kind: 'error', message: String(error) }));
});
process.on('disconnect', () => process.exit(0));
