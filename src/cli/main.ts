#!/usr/bin/env node
/**
 * The `h1ref` executable: runs {@link runCli} on the process's arguments and exits with its code.
 *
 * @module
 */
import { runCli } from './commands.js';
import { processIo } from './io.js';

// Exit explicitly: after `serve` has closed, nothing should keep the process alive, and a stray handle must not
// turn a clean shutdown into a hang. But only once standard output and error have taken everything written to
// them: writes to a pipe are asynchronous, and exiting at once cut a large `fuzz --json` report short.
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

runCli(process.argv.slice(2), processIo()).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    process.stderr.write(`h1ref: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitAfterFlush(1);
  },
);
