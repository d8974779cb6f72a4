/**
 * The command table and the dispatcher behind `h1ref <command>`.
 *
 * @module
 */
import { editDistance, UsageError, VersionRequest } from './flags.js';
import type { CliIo } from './io.js';
import { parse, parseUsage } from './parse.js';
import { fuzz, fuzzUsage } from './fuzz.js';
import { probe, probeUsage } from './probe.js';
import { serve, serveUsage } from './serve.js';
import { packageVersion } from './version.js';

/** One command: its runner, a one-line summary, and its full usage text. */
export interface Command {
  /** Runs the command with the arguments after its name; resolves with the exit code. */
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
  /** One line for the top-level usage. */
  readonly summary: string;
  /** The command's `--help` text. */
  readonly usage: () => string;
}

/** Every command, by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  serve: { run: serve, summary: 'serve the echo handler (h1ref serve --help)', usage: serveUsage },
  probe: { run: probe, summary: 'run the conformance suite against a server (h1ref probe --help)', usage: probeUsage },
  fuzz: { run: fuzz, summary: 'differential fuzzing of HTTP/1.1 servers, judged by the RFC (h1ref fuzz --help)', usage: fuzzUsage },
  parse: { run: parse, summary: 'print how h1ref reads raw messages, or the exact error (h1ref parse --help)', usage: parseUsage },
};

/** The top-level usage text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'Usage: h1ref <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    '`h1ref <command> --help` lists the options of a command with their defaults; `h1ref --version` prints the',
    'version (so does `--version` after any command).',
  ].join('\n');
}

/**
 * Runs a command line (without `node` and the script) and returns the exit code: 0 on success, 1 on failure,
 * 2 on a usage error — an unknown command or option is printed with the usage (and the nearest known name, when
 * one is near). `--version`, alone or after any command, prints `h1ref <version>`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(`${usage()}\n`);
    return 0;
  }
  if (name === '--version') {
    io.out(`h1ref ${packageVersion()}\n`);
    return 0;
  }
  if (name === undefined) {
    io.err(`${usage()}\n`);
    return 2;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    const near = Object.keys(COMMANDS).find((c) => editDistance(name, c) <= 2);
    io.err(`h1ref: unknown command "${name}"${near === undefined ? '' : ` (did you mean ${near}?)`}\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof VersionRequest) {
      io.out(`h1ref ${packageVersion()}\n`);
      return 0;
    }
    if (error instanceof UsageError) {
      io.err(`h1ref ${name}: ${error.message}\n\n${command.usage()}\n`);
      return 2;
    }
    throw error;
  }
}
