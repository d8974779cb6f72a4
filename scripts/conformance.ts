/**
 * `npm run conformance`: probes h1ref's own server and every peer of `scripts/peers.sh` with the built
 * `h1ref probe`, and writes `docs/conformance.md` and `docs/conformance.html`.
 *
 *   npm run conformance                     every server
 *   npm run conformance -- nginx apache2    only these peers (h1ref's own server always runs)
 *
 * Each peer is started, probed and stopped in turn (`scripts/peers.sh start NAME`, the probe, `stop NAME`), so
 * no server competes with another for the CPU and one left spinning cannot slow the others down; a peer that
 * cannot be installed or does not start gets a row saying so. The probe runs as a child process with a time
 * budget (`H1REF_CONFORMANCE_BUDGET_S`, default 240 s): the per-case timeouts bound each case, the budget bounds
 * the whole run. Everything started here is stopped by its PID, on success, failure and Ctrl-C.
 *
 * @module
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUITE } from '../spec-tests/index.js';
import type { ProbeReport } from '../src/probe/run.js';
import { type ConformanceRun, renderHtml, renderMarkdown, type ServerRun } from './conformance-report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/cli/main.js');
const peersScript = join(root, 'scripts/peers.sh');
const budgetMs = 1000 * Number(process.env['H1REF_CONFORMANCE_BUDGET_S'] ?? 240);
const peersState = process.env['H1REF_PEERS_STATE'] ?? join(process.env['XDG_RUNTIME_DIR'] ?? '/tmp', 'h1ref-peers');
// The probe's options, the same for every server: each case's own delivery and the probe's default patience.
const PROBE_ARGS = ['--timeout', '2000', '--linger', '250', '--concurrency', '8', '--color', 'never'];
const OPTIONS_TEXT = 'each case\'s own delivery, 2000 ms timeout, 250 ms linger, 8 cases at once';

// What answers on each peer (scripts/peers.sh and scripts/peers/README.md), for the reader of the pages.
const SETUPS: Readonly<Record<string, string>> = {
  'node-http': 'node:http with an echo handler (`node-echo.mjs`); its parser is llhttp',
  nginx: '`return 200 "ok\\n"` for every request: nginx answers without reading a body, and does not echo',
  apache2: 'event MPM, a mod_lua echo (`apache2-echo.lua`); mod_lua merges repeated fields and reads bodies of POST and PUT only',
  lighttpd: 'a mod_magnet echo (`lighttpd-echo.lua`)',
  haproxy: '`mode http` in front of `h1ref serve`: the echo is what haproxy forwarded',
  gunicorn: 'gthread worker (8 threads), a WSGI echo (`wsgi_echo.py`)',
  uvicorn: '`--http h11` (the h11 parser), an ASGI echo (`asgi_echo.py`)',
  waitress: '8 threads, a WSGI echo (`wsgi_echo.py`)',
};

const children = new Set<ChildProcess>();
const startedPeers = new Set<string>();

function log(text: string): void {
  process.stderr.write(`conformance: ${text}\n`);
}

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const peers = (...args: string[]): ReturnType<typeof run> => run('bash', [peersScript, ...args]);

/** One line of `peers.sh list`: name, port, whether the echo is faithful, the members it reports faithfully. */
interface PeerLine {
  readonly name: string;
  readonly port: number;
  readonly faithful: boolean;
  readonly fields: readonly string[];
}

async function peerList(): Promise<PeerLine[]> {
  const { stdout } = await peers('list');
  return stdout.trim().split('\n').map((line) => {
    const [name, port, echo, fields] = line.split(' ');
    return { name: name!, port: Number(port), faithful: echo === 'yes', fields: fields === '-' || fields === undefined ? [] : fields.split(',') };
  });
}

// CPU ticks used so far by every process of a process group (from /proc; 0 where there is no /proc).
async function groupTicks(pgid: number): Promise<number> {
  let ticks = 0;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
      // The command name is in parentheses and may hold spaces: the fields are counted after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks;
}

// Percent of one core the group used over the next second (Linux counts 100 ticks a second).
async function cpuAfter(pgid: number | null): Promise<number | null> {
  if (pgid === null) return null;
  const before = await groupTicks(pgid);
  await new Promise((r) => setTimeout(r, 1000));
  return (await groupTicks(pgid)) - before;
}

async function peerPgid(name: string): Promise<number | null> {
  try {
    const [pid] = (await readFile(join(peersState, name, 'pid'), 'latin1')).trim().split(' ');
    return Number(pid) || null;
  } catch {
    return null;
  }
}

/** Runs the built `h1ref probe` on a port within the budget: the report, or why there is none. */
async function probe(port: number, echoArgs: readonly string[], dir: string, name: string): Promise<ProbeReport | string> {
  const file = join(dir, `${name}.json`);
  const child = spawn(process.execPath, [cli, 'probe', `127.0.0.1:${port}`, ...echoArgs, ...PROBE_ARGS, '--json', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let overBudget = false;
  const timer = setTimeout(() => {
    overBudget = true;
    child.kill('SIGKILL');
  }, budgetMs);
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  clearTimeout(timer);
  children.delete(child);
  if (overBudget) return `the probe did not finish within ${budgetMs / 1000} s`;
  if (code !== 0 && code !== 1 && code !== 2) return `the probe exited with ${String(code)}: ${stderr.trim().split('\n').at(-1) ?? ''}`;
  return JSON.parse(await readFile(file, 'utf8')) as ProbeReport;
}

function echoWords(faithful: boolean, fields: readonly string[]): { args: string[]; text: string } {
  if (faithful) return { args: ['--echo', 'h1ref'], text: 'h1ref JSON: all' };
  if (fields.length === 0) return { args: ['--echo', 'none'], text: 'none (no echo)' };
  return { args: ['--echo', 'h1ref', '--echo-fields', fields.join(',')], text: `h1ref JSON: ${fields.join(', ')}` };
}

const OWN_SETUP = '`h1ref serve` (the built CLI) with its default echo handler';

async function ownServer(dir: string): Promise<ServerRun> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const port = await new Promise<number | null>((done) => {
    const check = setInterval(() => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m !== null || child.exitCode !== null) {
        clearInterval(check);
        done(m === null ? null : Number(m[1]));
      }
    }, 20);
  });
  const version = `h1ref ${(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version} (serve --echo h1ref)`;
  if (port === null) {
    children.delete(child);
    return { name: 'h1ref', version, setup: OWN_SETUP, echo: 'h1ref JSON: all', report: null, problem: 'h1ref serve did not start', cpuAfter: null };
  }
  log(`probing h1ref on 127.0.0.1:${port}`);
  const result = await probe(port, ['--echo', 'h1ref'], dir, 'h1ref');
  const cpu = await cpuTicksOfPid(child.pid!);
  child.kill('SIGINT');
  await new Promise((done) => child.once('exit', done));
  children.delete(child);
  return typeof result === 'string'
    ? { name: 'h1ref', version, setup: OWN_SETUP, echo: 'h1ref JSON: all', report: null, problem: result, cpuAfter: cpu }
    : { name: 'h1ref', version, setup: OWN_SETUP, echo: 'h1ref JSON: all', report: result, problem: null, cpuAfter: cpu };
}

// The CPU use of one process over the next second (h1ref's server is not a group leader of its own).
async function cpuTicksOfPid(pid: number): Promise<number | null> {
  const ticks = async (): Promise<number | null> => {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  };
  const before = await ticks();
  await new Promise((r) => setTimeout(r, 1000));
  const after = await ticks();
  return before === null || after === null ? null : after - before;
}

async function peer(line: PeerLine, dir: string): Promise<ServerRun> {
  const echo = echoWords(line.faithful, line.fields);
  const setup = SETUPS[line.name] ?? 'see scripts/peers.sh';
  const started = await peers('start', line.name);
  process.stderr.write(started.stdout + started.stderr);
  // Asked after the start, which installs what is missing: before it, a fresh machine has no version to tell.
  const version = (await peers('version', line.name)).stdout.trim().replace(/^\S+ /, '');
  if (started.stdout.includes(`skipping ${line.name}`)) {
    return { name: line.name, version, setup, echo: echo.text, report: null, problem: 'not installed, and it cannot be installed here', cpuAfter: null };
  }
  startedPeers.add(line.name);
  if (started.code !== 0) {
    await stopPeer(line.name);
    return { name: line.name, version, setup, echo: echo.text, report: null, problem: 'it did not start (see scripts/peers.sh start)', cpuAfter: null };
  }
  log(`probing ${line.name} on 127.0.0.1:${line.port}`);
  const began = Date.now();
  const result = await probe(line.port, echo.args, dir, line.name);
  log(`${line.name}: ${Math.round((Date.now() - began) / 1000)} s`);
  const cpu = await cpuAfter(await peerPgid(line.name));
  await stopPeer(line.name);
  return typeof result === 'string'
    ? { name: line.name, version, setup, echo: echo.text, report: null, problem: result, cpuAfter: cpu }
    : { name: line.name, version, setup, echo: echo.text, report: result, problem: null, cpuAfter: cpu };
}

async function stopPeer(name: string): Promise<void> {
  const stopped = await peers('stop', name);
  process.stderr.write(stopped.stdout + stopped.stderr);
  startedPeers.delete(name);
}

// On Ctrl-C: kill the probes and servers started here (by PID), stop the peers started here, then exit.
async function cleanUp(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const name of [...startedPeers]) await stopPeer(name);
}

async function main(): Promise<void> {
  const began = Date.now();
  const date = new Date().toISOString();
  const wanted = process.argv.slice(2);
  const list = await peerList();
  for (const name of wanted) if (!list.some((p) => p.name === name)) throw new Error(`unknown peer "${name}": one of ${list.map((p) => p.name).join(', ')}`);
  const dir = await mkdtemp(join(tmpdir(), 'h1ref-conformance-'));
  const servers: ServerRun[] = [];
  try {
    servers.push(await ownServer(dir));
    for (const line of list) {
      if (wanted.length !== 0 && !wanted.includes(line.name)) continue;
      servers.push(await peer(line, dir));
    }
  } finally {
    await cleanUp();
    await rm(dir, { recursive: true, force: true });
  }
  const commit = (await run('git', ['rev-parse', '--short', 'HEAD'])).stdout.trim();
  const os = (await readFile('/etc/os-release', 'utf8').catch(() => '')).match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1] ?? process.platform;
  const packageVersion = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const conformance: ConformanceRun = {
    date,
    environment: `h1ref ${packageVersion} (commit ${commit || 'unknown'}), Node ${process.versions.node}, ${os}`,
    suite: {
      cases: SUITE.length,
      must: SUITE.filter((c) => c.level === 'MUST').length,
      should: SUITE.filter((c) => c.level === 'SHOULD').length,
      may: SUITE.filter((c) => c.level === 'MAY').length,
    },
    options: OPTIONS_TEXT,
    servers,
    seconds: (Date.now() - began) / 1000,
  };
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(root, 'docs/conformance.md'), renderMarkdown(conformance));
  await writeFile(join(root, 'docs/conformance.html'), renderHtml(conformance));
  for (const s of servers) {
    const line = s.report === null ? `not run (${s.problem ?? ''})` : `${s.report.summary.pass} pass, ${s.report.summary.warn} warn, ${s.report.summary.fail} fail, ${s.report.summary.error} error; MUST ${s.report.summary.must.pass}/${s.report.summary.must.total - s.report.summary.must.skip}`;
    log(`${s.name.padEnd(10)} ${line}`);
  }
  log(`wrote docs/conformance.md and docs/conformance.html in ${Math.round(conformance.seconds)} s`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: stopping what was started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().catch(async (error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await cleanUp();
  process.exit(1);
});
