// Helpers for the CLI tests: commands run in-process through runCli with captured output, and `h1ref serve`
// started on port 0 and stopped by its stop signal.
import { Buffer } from 'node:buffer';
import { runCli } from '../../src/cli/commands.js';
import type { CliIo } from '../../src/cli/io.js';
import { until } from '../server/support.js';

export interface FakeIo {
  readonly io: CliIo;
  stop(signal: string): void;
  out(): string;
  err(): string;
}

/** Captured standard output and error; optionally terminals, an environment, a standard input. */
export function fakeIo(options: { tty?: { out: boolean; err: boolean }; stdin?: string; env?: Record<string, string> } = {}): FakeIo {
  let out = '';
  let err = '';
  let stop!: (signal: string) => void;
  const signal = new Promise<string>((resolve) => (stop = resolve));
  const io: CliIo = {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    stopSignal: () => signal,
    ...(options.tty === undefined ? {} : { isTTY: options.tty }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.stdin === undefined ? {} : { readStdin: async () => Buffer.from(options.stdin!, 'latin1') }),
  };
  return { io, stop, out: () => out, err: () => err };
}

/** Runs one command to its end. */
export async function run(argv: readonly string[], options: Parameters<typeof fakeIo>[0] = {}): Promise<{ code: number; out: string; err: string }> {
  const cli = fakeIo(options);
  const code = await runCli(argv, cli.io);
  return { code, out: cli.out(), err: cli.err() };
}

export interface Served {
  readonly port: number;
  readonly cli: FakeIo;
  /** Stops the server (SIGINT) and resolves with its exit code. */
  stop(): Promise<number>;
}

/** `h1ref serve --port 0 --quiet` with more arguments, once it listens. */
export async function serve(args: readonly string[] = []): Promise<Served> {
  const cli = fakeIo();
  const exit = runCli(['serve', '--port', '0', '--quiet', ...args], cli.io);
  await until(() => cli.out().includes('listening on') || cli.err() !== '', 'the listening line');
  const m = /127\.0\.0\.1:(\d+)\//.exec(cli.out());
  if (m === null) throw new Error(`serve did not start: ${cli.err()}`);
  return {
    port: Number(m[1]),
    cli,
    stop: async () => {
      cli.stop('SIGINT');
      return exit;
    },
  };
}
