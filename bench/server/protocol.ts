/**
 * What the runner and its child processes say to each other over IPC. Each server runs in its own process so
 * that it can be pinned to one core (and profiled, and measured for memory) without the runner or the load
 * generator in the same process; the client that holds 10,000 idle connections is a child for the same reason.
 *
 * @module
 */

/**
 * The servers the benchmark knows, in table order: the hello-world servers (the subject, the usual baseline, the
 * bare-parser servers, the ceiling), then the echo servers (h1ref's three formats, node:http's echo, their floor).
 */
export const SERVER_NAMES = [
  'h1ref',
  'node-http',
  'h1ref-parser',
  'llhttp-parser',
  'raw-net',
  'h1ref-echo',
  'h1ref-echo-garden',
  'h1ref-echo-raw',
  'h1ref-echo-2w',
  'node-http-echo',
  'echo-floor',
] as const;

/** A server name. */
export type ServerName = (typeof SERVER_NAMES)[number];

/**
 * The suffix that names a server of the baseline build (`--baseline DIR`): `h1ref-echo@baseline` is the same server
 * as `h1ref-echo`, started from DIR's build, so that an older build is measured in the same rounds as this one.
 */
export const BASELINE_SUFFIX = '@baseline';

/** A server as measured: one of {@link SERVER_NAMES}, or one of them from the baseline build. */
export type BenchServer = ServerName | `${ServerName}${typeof BASELINE_SUFFIX}`;

/** Whether `server` is one of the baseline build's. */
export function isBaseline(server: BenchServer): boolean {
  return server.endsWith(BASELINE_SUFFIX);
}

/** The server's name without the baseline suffix: what it is, whichever build runs it. */
export function plainServer(server: BenchServer): ServerName {
  return (isBaseline(server) ? server.slice(0, -BASELINE_SUFFIX.length) : server) as ServerName;
}

/** The baseline build's twin of `server`. */
export function baselineOf(server: ServerName): BenchServer {
  return `${server}${BASELINE_SUFFIX}`;
}

/** Whether `name` is a server name. */
export function isServerName(name: string): name is ServerName {
  return (SERVER_NAMES as readonly string[]).includes(name);
}

/**
 * What a server answers to `GET /`: the fixed `Hello World!\n`, h1ref's JSON echo (h1ref-echo, node-http-echo and
 * the floor that imitates them), HTTP Garden's JSON echo, or the raw bytes of the request.
 */
export type AnswerKind = 'hello' | 'echo' | 'garden-echo' | 'raw-echo';

/** How each server answers, and whether it closes a connection after answering a request with `Connection: close`. */
export const SERVER_KINDS: Readonly<Record<ServerName, { readonly answer: AnswerKind; readonly closes: boolean; readonly workers?: number }>> = {
  h1ref: { answer: 'hello', closes: true },
  'node-http': { answer: 'hello', closes: true },
  // The bare hello-world servers count request ends and nothing else: they never close, so the close load skips them.
  'h1ref-parser': { answer: 'hello', closes: false },
  'llhttp-parser': { answer: 'hello', closes: false },
  'raw-net': { answer: 'hello', closes: false },
  'h1ref-echo': { answer: 'echo', closes: true },
  'h1ref-echo-garden': { answer: 'garden-echo', closes: true },
  'h1ref-echo-raw': { answer: 'raw-echo', closes: true },
  // `h1ref serve --workers 2`: a cluster of processes; its CPU is theirs together, and it has no memory row.
  'h1ref-echo-2w': { answer: 'echo', closes: true, workers: 2 },
  'node-http-echo': { answer: 'echo', closes: true },
  'echo-floor': { answer: 'echo', closes: true },
};

/**
 * `load`: the servers' defaults. `idle`: keep-alive timeouts raised to 10 minutes, so the idle connections of the
 * memory measurement are not reaped while they are counted.
 */
export type ServerMode = 'load' | 'idle';

/** The runner to a server child. */
export type ToServer =
  /** Collect garbage, then report memory and the number of open connections. */
  | { readonly kind: 'measure' }
  /** Exit now (with `process.exit`, so that `--cpu-prof` writes its profile). */
  | { readonly kind: 'stop' };

/** Memory of a server process, in bytes, after a full GC. */
export interface MemorySample {
  /** Resident set size (`VmRSS`); kernel socket buffers are not in it. */
  readonly rss: number;
  readonly heapUsed: number;
  /** C++ objects bound to JS objects, array buffers included. */
  readonly external: number;
  /**
   * Pages of V8's young generation in memory (`new_space` physical size): what a burst of allocation touched, which
   * a full GC empties but does not give back.
   */
  readonly youngBytes: number;
  /** Connections the server itself counts as open. */
  readonly open: number;
}

/** A server child to the runner. */
export type FromServer =
  | { readonly kind: 'ready'; readonly port: number }
  | ({ readonly kind: 'memory' } & MemorySample)
  | { readonly kind: 'error'; readonly message: string };

/** The runner to the idle-connection client child. */
export type ToClient =
  /** A few connections with a few requests each, then closed: the server's lazily built state exists before the baseline. */
  | { readonly kind: 'warmup'; readonly port: number; readonly connections: number; readonly requests: number; readonly answer: AnswerKind }
  /** Open `count` connections, `batch` connects at a time, and keep them. */
  | { readonly kind: 'connect'; readonly port: number; readonly count: number; readonly batch: number }
  /** One GET on every open connection; every response is checked. */
  | { readonly kind: 'request'; readonly batch: number; readonly answer: AnswerKind }
  /** Close everything and exit. */
  | { readonly kind: 'close' };

/** The idle-connection client to the runner: one reply per command. */
export type FromClient =
  | { readonly kind: 'done'; readonly ok: number; readonly failed: number; readonly firstFailure: string | undefined }
  | { readonly kind: 'error'; readonly message: string };
