/**
 * {@link CliIo}: what a command uses of its process, so tests can run commands in-process.
 *
 * @module
 */

/** Output streams and the stop signal of a command. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Resolves with the name of the signal that asks a long-running command to stop. */
  stopSignal(): Promise<string>;
}

/**
 * The real process: stdout, stderr, and SIGINT/SIGTERM. A second signal while the command is stopping exits
 * at once with code 1 (the usual "press Ctrl-C again" behaviour).
 */
export function processIo(): CliIo {
  return {
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
