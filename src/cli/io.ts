/**
 * {@link CliIo}: what a command uses of its process, so tests can run commands in-process.
 *
 * @module
 */
import { Buffer } from 'node:buffer';

/** Output streams and the stop signal of a command. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Resolves with the name of the signal that asks a long-running command to stop. */
  stopSignal(): Promise<string>;
  /** Whether standard output and standard error are terminals (live progress, colours); neither when absent. */
  readonly isTTY?: { readonly out: boolean; readonly err: boolean };
  /** The environment (`NO_COLOR`, `FORCE_COLOR`); an empty one when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads standard input to its end (`h1ref parse -`); absent where there is none. */
  readStdin?(): Promise<Uint8Array>;
}

/**
 * The real process: stdout, stderr, and SIGINT/SIGTERM. A second signal while the command is stopping exits
 * at once with code 1 (the usual "press Ctrl-C again" behaviour).
 */
export function processIo(): CliIo {
  return {
    isTTY: { out: process.stdout.isTTY === true, err: process.stderr.isTTY === true },
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stopSignal: () =>
      new Promise((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          const hurry = (): void => process.exit(1);
          process.once('SIGINT', hurry);
          process.once('SIGTERM', hurry);
          resolve(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}

/**
 * Whether to write ANSI colours to `stream`: `--color always` or `never` decides; with `auto`, a non-empty
 * `NO_COLOR` turns colours off (no-color.org), then `FORCE_COLOR` turns them on (off when it is `0` or `false`,
 * as Node reads it), and otherwise colours go to a terminal only.
 */
export function colorWanted(when: 'auto' | 'always' | 'never', io: CliIo, stream: 'out' | 'err'): boolean {
  if (when !== 'auto') return when === 'always';
  const env = io.env ?? {};
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.isTTY?.[stream] === true;
}
