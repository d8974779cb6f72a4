/**
 * `h1ref serve`: runs the echo server, prints where it listens and one line per exchange, and shuts down cleanly
 * on SIGINT and SIGTERM.
 *
 * @module
 */
import { DEFAULT_LIMITS, type ParserLimits } from '../parser/options.js';
import { createEchoServer, ECHO_FORMATS, type EchoFormat } from '../server/echo-formats.js';
import { formatHostPort, ListenError } from '../server/listen-error.js';
import { countingAccessLog, isClusterWorker, runClustered, workerCount } from '../server/cluster.js';
import { DEFAULT_SERVER_OPTIONS, type AccessLogEntry, type ServerOptionsInit } from '../server/options.js';
import { COMMON_FLAGS, type FlagSpec, type FlagValues, formatFlags, parseFlags } from './flags.js';
import type { CliIo } from './io.js';

const d = DEFAULT_SERVER_OPTIONS;

/** Each parser limit's flag name, its key in {@link ParserLimits} and its help line (shared with `parse`). */
export const LIMIT_FLAGS: readonly [flag: string, key: keyof ParserLimits, help: string][] = [
  ['max-start-line-bytes', 'maxStartLineBytes', 'longest request-line, in bytes; longer → 414'],
  ['max-header-bytes', 'maxHeaderBytes', 'largest header section, in bytes; larger → 431'],
  ['max-field-count', 'maxFieldCount', 'most header (or trailer) field lines; more → 431'],
  ['max-body-bytes', 'maxBodyBytes', 'largest request body, in bytes; larger → 413'],
  ['max-chunk-size-digits', 'maxChunkSizeDigits', 'most hex digits in a chunk size, leading zeros not counted; more → 400'],
  ['max-chunk-extension-bytes', 'maxChunkExtensionBytes', 'most chunk-extension bytes per body; more → 413'],
  ['max-trailer-bytes', 'maxTrailerBytes', 'largest trailer section, in bytes; larger → 431'],
];

/** The formats of `serve --log-format`. */
export const LOG_FORMATS = ['text', 'json'] as const;

/** What `serve --log-format` accepts (see {@link formatAccessLog}). */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The flags of `serve`, in `--help` order. */
export const SERVE_FLAGS: readonly FlagSpec[] = [
  { name: 'host', kind: 'string', default: d.host, placeholder: 'ADDRESS', help: 'address to listen on (0.0.0.0 or :: for every interface)' },
  { name: 'port', kind: 'integer', default: d.port, placeholder: 'PORT', help: 'TCP port; 0 picks a free one' },
  { name: 'backlog', kind: 'integer', default: d.backlog, help: 'listen backlog; 0 = the system maximum' },
  ...LIMIT_FLAGS.map(([name, key, help]): FlagSpec => ({ name, kind: 'integer', default: DEFAULT_LIMITS[key], help })),
  { name: 'lenient-bare-lf', kind: 'boolean', default: false, help: 'accept a bare LF as a line ending (RFC 9112 §2.2; smuggling risk)' },
  { name: 'lenient-obs-fold', kind: 'boolean', default: false, help: 'replace obs-fold with SP instead of 400 (RFC 9112 §5.2)' },
  { name: 'headers-timeout', kind: 'integer', default: d.headersTimeout, placeholder: 'MS', help: 'time to receive a request head → 408; 0 = off' },
  { name: 'body-timeout', kind: 'integer', default: d.bodyTimeout, placeholder: 'MS', help: 'idle time inside a request body → 408; 0 = off' },
  { name: 'keep-alive-timeout', kind: 'integer', default: d.keepAliveTimeout, placeholder: 'MS', help: 'idle time between requests before closing; 0 = off' },
  { name: 'handler-timeout', kind: 'integer', default: d.handlerTimeout, placeholder: 'MS', help: 'time a handler may take → 503; 0 = off' },
  { name: 'send-timeout', kind: 'integer', default: d.sendTimeout, placeholder: 'MS', help: 'time a client may leave our response unread; 0 = off' },
  { name: 'linger-timeout', kind: 'integer', default: d.lingerTimeout, placeholder: 'MS', help: 'lingering close: time to discard input before destroying' },
  { name: 'linger-max-bytes', kind: 'integer', default: d.lingerMaxBytes, help: 'lingering close: bytes discarded before destroying' },
  { name: 'max-connections', kind: 'integer', default: d.maxConnections, help: 'open connections beyond which new ones are closed' },
  { name: 'max-pipelined-requests', kind: 'integer', default: d.maxPipelinedRequests, help: 'queued requests per connection before reading pauses' },
  { name: 'body-high-water-mark', kind: 'integer', default: d.bodyHighWaterMark, help: 'unconsumed body bytes before reading pauses' },
  { name: 'proxy-protocol', kind: 'string', default: 'off', choices: ['off', 'v1', 'v2', 'any'], help: 'read a PROXY protocol header first (behind a balancer)' },
  { name: 'workers', kind: 'string', default: '1', placeholder: 'N|auto', help: 'processes sharing the port (node:cluster); auto = one per core' },
  { name: 'shutdown-timeout', kind: 'integer', default: 10_000, placeholder: 'MS', help: 'on SIGINT/SIGTERM, time for in-flight requests' },
  { name: 'echo', kind: 'string', default: 'h1ref', choices: ECHO_FORMATS, help: 'what the answer holds (see above)' },
  { name: 'log-format', kind: 'string', default: 'text', choices: LOG_FORMATS, help: 'access log lines: text, or one JSON object per line' },
  { name: 'quiet', kind: 'boolean', default: false, help: 'no access log lines' },
  ...COMMON_FLAGS,
];

/** The `--help` text of `serve`. */
export function serveUsage(): string {
  return [
    'Usage: h1ref serve [options]',
    '',
    'Serves an echo: every request is answered 200 with what the server received, in one of three formats:',
    '  h1ref   application/json {"method","target","version","headers":[[name,value],…],"trailers":[…],',
    '          "body":"<base64>"}, names and values as latin1 strings (the default);',
    '  garden  application/json in HTTP Garden\'s origin format: {"method","uri","version","headers","body"},',
    '          every string base64 of the bytes, headers as [name, value] pairs; no trailers;',
    '  raw     message/http: the exact bytes received for the request, head and body (chunk lines and',
    '          trailers included), recorded from the socket — not a re-serialisation.',
    'Prints the address, then one line per request: the time it ended (ISO 8601, UTC), the peer\'s address,',
    'method, target, status, body bytes, duration and, when the server answered or refused by itself, the error',
    'code and why. --log-format json prints each as one JSON object (time, remoteAddress, method, target, status,',
    'bytes, ms, error {code, message} when there is one). With --workers N > 1, N processes serve the same port',
    '(a worker that dies is replaced); each text line starts with its worker (w1…), each JSON object has "worker",',
    'and at shutdown each worker\'s counters are printed.',
    '',
    'Options:',
    formatFlags(SERVE_FLAGS),
  ].join('\n');
}

/** Turns parsed flags into server options. */
export function serveOptions(values: FlagValues, log: ((entry: AccessLogEntry) => void) | undefined): ServerOptionsInit {
  const limits: Partial<Record<keyof ParserLimits, number>> = {};
  for (const [flag, key] of LIMIT_FLAGS) limits[key] = values[flag] as number;
  return {
    host: values['host'] as string,
    port: values['port'] as number,
    backlog: values['backlog'] as number,
    limits,
    lenient: { bareLineFeed: values['lenient-bare-lf'] as boolean, obsFold: values['lenient-obs-fold'] as boolean },
    headersTimeout: values['headers-timeout'] as number,
    bodyTimeout: values['body-timeout'] as number,
    keepAliveTimeout: values['keep-alive-timeout'] as number,
    handlerTimeout: values['handler-timeout'] as number,
    sendTimeout: values['send-timeout'] as number,
    lingerTimeout: values['linger-timeout'] as number,
    lingerMaxBytes: values['linger-max-bytes'] as number,
    bodyHighWaterMark: values['body-high-water-mark'] as number,
    maxConnections: values['max-connections'] as number,
    maxPipelinedRequests: values['max-pipelined-requests'] as number,
    proxyProtocol: values['proxy-protocol'] as ServerOptionsInit['proxyProtocol'],
    onAccessLog: log,
  };
}

/**
 * One access-log line, without its newline. `text`:
 * `2025-01-02T03:04:05.678Z 127.0.0.1 GET /path 200 171B 0.4ms`, followed by ` CODE: message` when the server
 * answered or refused by itself (the request-line's `-` `-` when no head was read). `json`: one object with
 * `time` (the same ISO string), `remoteAddress`, `method`, `target`, `status`, `bytes`, `ms` (to 0.1) and `error`
 * when there is one, plus `worker` when given. In text the worker is the caller's prefix (`w1 `).
 */
export function formatAccessLog(entry: AccessLogEntry, format: LogFormat = 'text', worker?: number): string {
  const time = new Date(entry.time).toISOString();
  const peer = entry.remoteAddress === '' ? '-' : entry.remoteAddress;
  if (format === 'json') {
    const { method, target, status, bytes, error } = entry;
    const ms = Math.round(entry.ms * 10) / 10;
    return JSON.stringify({ time, remoteAddress: peer, method, target, status, bytes, ms, ...(error === undefined ? {} : { error }), ...(worker === undefined ? {} : { worker }) });
  }
  const line = `${time} ${peer} ${entry.method} ${entry.target} ${entry.status} ${entry.bytes}B ${entry.ms.toFixed(1)}ms`;
  return entry.error === undefined ? line : `${line} ${entry.error.code}: ${entry.error.message}`;
}

/**
 * Runs `h1ref serve` until SIGINT or SIGTERM.
 *
 * @returns the exit code: 0 after a clean shutdown, 1 when the server cannot listen
 * @throws UsageError for a bad command line
 */
export async function serve(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, help } = parseFlags(argv, SERVE_FLAGS);
  if (help) {
    io.out(`${serveUsage()}\n`);
    return 0;
  }
  const quiet = values['quiet'] as boolean;
  const format = values['log-format'] as LogFormat;
  const log = quiet ? undefined : (entry: AccessLogEntry): void => io.out(`${formatAccessLog(entry, format)}\n`);
  let options: ServerOptionsInit;
  let server;
  let workers: number;
  try {
    workers = workerCount(values['workers'] as string);
    options = serveOptions(values, log);
    server = createEchoServer(values['echo'] as EchoFormat, options);
  } catch (error) {
    io.err(`h1ref serve: ${(error as Error).message}\n`);
    return 2;
  }
  if (workers > 1 || isClusterWorker()) return serveClustered(workers, values, io);
  try {
    const address = await server.listen();
    io.out(`h1ref listening on http://${formatHostPort(address.address, address.port)}/\n`);
  } catch (error) {
    io.err(`h1ref: ${error instanceof ListenError ? error.message : String(error)}\n`);
    return 1;
  }
  const signal = await io.stopSignal();
  io.out(`h1ref: ${signal}, shutting down\n`);
  await server.close(values['shutdown-timeout'] as number);
  io.out('h1ref: closed\n');
  return 0;
}

/** `serve --workers N`: the same echo server in N processes (see `server/cluster.ts`). */
async function serveClustered(workers: number, values: FlagValues, io: CliIo): Promise<number> {
  const quiet = values['quiet'] as boolean;
  const format = values['log-format'] as LogFormat;
  const code = await runClustered({
    workers,
    shutdownTimeout: values['shutdown-timeout'] as number,
    log: (line) => io.out(`${line}\n`),
    stopSignal: () => io.stopSignal(),
    onListening: (address) => io.out(`h1ref listening on http://${formatHostPort(address.address, address.port)}/ (${workers} workers)\n`),
    start: async (slot) => {
      const log = quiet
        ? undefined
        : format === 'json'
          ? (entry: AccessLogEntry): void => io.out(`${formatAccessLog(entry, format, slot)}\n`)
          : (entry: AccessLogEntry): void => io.out(`w${slot} ${formatAccessLog(entry)}\n`);
      const server = createEchoServer(values['echo'] as EchoFormat, serveOptions(values, countingAccessLog(log)));
      return { server, address: await server.listen() };
    },
  });
  if (!isClusterWorker() && code === 0) io.out('h1ref: closed\n');
  return code;
}
