#!/usr/bin/env node
/**
 * The `h1ref` executable: runs {@link runCli} on the process's arguments and exits with its code.
 *
 * @module
 */
import { runCli } from './commands.js';
import { processIo } from './io.js';

runCli(process.argv.slice(2), processIo()).then(
  // Exit explicitly: after `serve` has closed, nothing should keep the process alive, and a stray handle must
  // not turn a clean shutdown into a hang.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`h1ref: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
