/**
 * `npm run fuzz:peers`: the differential fuzzing campaign against the real peers of `scripts/peers.sh`. It starts
 * the peers and `h1ref serve` (the reference server) on loopback, runs the built `h1ref fuzz` once per peer
 * (h1ref's server and that peer) and once more with every echoing peer together (each pair of them compared within
 * that run), merges what the runs found into `docs/findings.md` and `docs/findings.html`, prints a summary, and
 * stops everything it started.
 *
 *   npm run fuzz:peers                              every peer, 10 minutes of fuzzing in all
 *   npm run fuzz:peers -- --time 3m                 a shorter campaign
 *   npm run fuzz:peers -- --seed 7 nginx gunicorn   only these peers, a chosen seed
 *
 * Options:
 *   --time DURATION   fuzzing time of the whole campaign, split across its runs (default 10m; 90s, 3m, 1h)
 *   --seed N          the seed every run uses (random by default; printed)
 *   --out DIR         the campaign directory: one findings directory per run, the targets files, campaign.json
 *                     (default: a new directory under the system's temp folder, kept after the campaign)
 *   --md FILE         where the merged Markdown goes (default docs/findings.md)
 *   --html FILE       where the merged HTML goes (default docs/findings.html)
 *   --partial-echo    also read the partial echoes (apache2, lighttpd, haproxy, gunicorn, uvicorn, waitress);
 *                     `h1ref fuzz` compares every member of an echo, so the members their app interface loses
 *                     show up as interpretation or body differences that are not the server's doing
 *   --no-group        leave out the run with every echoing peer together
 *
 * Bounds: each `h1ref fuzz` child gets its share of the time as its own `--time`, and is killed by its PID when it
 * is still running 30 s after that. After each run, a peer still burning CPU (the gunicorn busy loop of
 * ../shared/research/peers-notes.md) is restarted before the next run. A peer that cannot be installed or does
 * not start is reported and left out. Peers, `h1ref serve` and the fuzz children are stopped by PID (peers through
 * `scripts/peers.sh stop NAME`) on success, on errors and on Ctrl-C; peers that were already running before the
 * campaign are used and left running.
 *
 * @module
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FuzzReport } from '../src/fuzz/campaign.js';
import { FINDING_CLASSES, type FindingRecord } from '../src/fuzz/finding.js';
import { SEVERITIES } from '../src/fuzz/report.js';
import { readFindings } from '../src/fuzz/store.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/cli/main.js');
const peersScript = join(root, 'scripts/peers.sh');
const peersState = process.env['H1REF_PEERS_STATE'] ?? join(process.env['XDG_RUNTIME_DIR'] ?? '/tmp', 'h1ref-peers');
const OVERRUN_MS = 30_000; // how long a fuzz child may run past its own --time before it is killed
const RUN_OVERHEAD_MS = 3_000; // per run, outside its --time: node start, health checks, quirk profiling, the CPU check
const MIN_SLICE_MS = 10_000;
const BUSY_TICKS = 50; // CPU ticks in one second (half a core) above which an idle peer counts as busy

function log(text: string): void {
  process.stderr.write(`fuzz-peers: ${text}\n`);
}

// --- processes --------------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
const startedPeers = new Set<string>();

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const peers = (...args: string[]): ReturnType<typeof run> => run('bash', [peersScript, ...args]);

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

// SIGTERM to one child by its PID, SIGKILL when it is still there after `graceMs`.
async function endChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited(child);
    clearTimeout(timer);
  }
  children.delete(child);
}

// --- peers ------------------------------------------------------------------------------------------------------

/** A peer of `peers.sh list`: name, port, whether its echo is faithful, the echo members it reports faithfully. */
interface Peer {
  readonly name: string;
  readonly port: number;
  readonly faithful: boolean;
  readonly fields: readonly string[];
  version: string;
}

async function peerList(): Promise<Peer[]> {
  const { stdout } = await peers('list');
  return stdout.trim().split('\n').map((line) => {
    const [name, port, echo, fields] = line.split(' ');
    return { name: name!, port: Number(port), faithful: echo === 'yes', fields: fields === '-' || fields === undefined ? [] : fields.split(','), version: '' };
  });
}

// Whether `peers.sh status NAME` finds the peer running and answering a GET.
async function peerUp(name: string): Promise<boolean> {
  const { code, stdout } = await peers('status', name);
  return code === 0 && new RegExp(`^${name}\\s+\\d+\\s+\\d+\\s+running\\s+GET/\\d+`, 'm').test(stdout);
}

// Starts one peer; the reason it is left out, or null when it serves.
async function startPeer(name: string): Promise<string | null> {
  const wasUp = await peerUp(name);
  const started = await peers('start', name);
  process.stderr.write(started.stdout + started.stderr);
  if (!wasUp) startedPeers.add(name);
  if (started.stdout.includes(`skipping ${name}`)) return 'not installed, and it cannot be installed here';
  if (started.code !== 0 || !(await peerUp(name))) return 'it did not start (see the peers.sh output above)';
  if (wasUp) log(`${name} was already running: using it, and leaving it running`);
  return null;
}

async function stopPeer(name: string): Promise<void> {
  const stopped = await peers('stop', name);
  process.stderr.write(stopped.stdout + stopped.stderr);
  startedPeers.delete(name);
}

async function peerPgid(name: string): Promise<number | null> {
  try {
    const [pid] = (await readFile(join(peersState, name, 'pid'), 'latin1')).trim().split(' ');
    return Number(pid) || null;
  } catch {
    return null;
  }
}

// CPU ticks (user + system) used so far by the processes whose process group, or PID, is `id` (from /proc).
async function ticksOf(id: number, by: 'group' | 'pid'): Promise<number> {
  let ticks = 0;
  let entries: string[];
  try {
    entries = by === 'pid' ? [String(id)] : await readdir('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
      // Fields are counted after the last ')': the command name may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (by === 'pid' || Number(fields[2]) === id) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks;
}

// Ticks used over the next second (Linux counts 100 a second: 100 is one busy core).
async function cpuOverASecond(ids: readonly { id: number; by: 'group' | 'pid' }[]): Promise<number[]> {
  const before = await Promise.all(ids.map((x) => ticksOf(x.id, x.by)));
  await new Promise((r) => setTimeout(r, 1000));
  const after = await Promise.all(ids.map((x) => ticksOf(x.id, x.by)));
  return after.map((a, i) => a - before[i]!);
}

// --- h1ref serve ------------------------------------------------------------------------------------------------

async function startServe(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [cli, 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const port = await new Promise<number | null>((done) => {
    const began = Date.now();
    const check = setInterval(() => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m !== null || child.exitCode !== null || Date.now() - began > 10_000) {
        clearInterval(check);
        done(m === null ? null : Number(m[1]));
      }
    }, 20);
  });
  if (port === null) {
    await endChild(child);
    throw new Error(`h1ref serve did not start: ${out.trim()}`);
  }
  return { child, port };
}

// --- the runs ---------------------------------------------------------------------------------------------------

/** A target as `h1ref fuzz --targets FILE` reads it. */
interface TargetEntry {
  readonly name: string;
  readonly address: string;
  readonly echo: 'h1ref' | 'none';
  readonly version: string;
}

/** One `h1ref fuzz` child: what it was given, and what came of it. */
interface RunResult {
  readonly label: string;
  readonly targets: readonly TargetEntry[];
  readonly dir: string;
  readonly sliceMs: number;
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly killed: boolean;
  readonly report: FuzzReport | null;
  /** Inputs judged: from the report, else from the child's last progress line. */
  readonly inputs: number | null;
  readonly problem: string | null;
}

async function fuzzRun(label: string, targets: readonly TargetEntry[], seed: number, sliceMs: number, campaignDir: string): Promise<RunResult> {
  const dir = join(campaignDir, label);
  const targetsFile = join(campaignDir, `${label}.targets.json`);
  await writeFile(targetsFile, `${JSON.stringify(targets, null, 2)}\n`);
  const args = [cli, 'fuzz', '--targets', targetsFile, '--time', `${Math.round(sliceMs / 1000)}s`, '--seed', String(seed), '--out', dir, '--json', '--fail-on', 'none'];
  log(`${label}: h1ref fuzz ${args.slice(2).join(' ')}`);
  const began = Date.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let lastProgress = '';
  let stderrTail = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.trim() === '') continue;
      process.stderr.write(`  [${label}] ${line}\n`);
      if (/ inputs \(/.test(line)) lastProgress = line;
      stderrTail = line;
    }
  });
  let killed = false;
  const watchdog = setTimeout(() => {
    killed = true;
    log(`${label}: still running ${OVERRUN_MS / 1000} s after its --time: killing pid ${child.pid}`);
    void endChild(child, 2_000);
  }, sliceMs + OVERRUN_MS);
  const exitCode = await exited(child);
  clearTimeout(watchdog);
  children.delete(child);
  const wallMs = Date.now() - began;
  let report: FuzzReport | null = null;
  if (!killed && stdout.trim() !== '') {
    try {
      report = JSON.parse(stdout) as FuzzReport;
    } catch {
      report = null;
    }
  }
  const progressInputs = /(\d+) inputs \(/.exec(lastProgress);
  const inputs = report !== null ? report.stats.inputs : progressInputs === null ? null : Number(progressInputs[1]);
  let problem: string | null = null;
  if (killed) problem = `killed after ${Math.round(wallMs / 1000)} s (its --time was ${Math.round(sliceMs / 1000)} s)`;
  else if (report === null) problem = `exited with ${String(exitCode)} and no report: ${stderrTail}`;
  else if (report.unreachable.length > 0) {
    const dropped = report.targets.filter((t) => t.dropped).map((t) => t.name);
    problem = dropped.length > 0 ? `dropped during the run (stopped answering): ${dropped.join(', ')}` : `unreachable at the start: ${report.unreachable.join(', ')}`;
  }
  return { label, targets, dir, sliceMs, wallMs, exitCode, killed, report, inputs, problem };
}

// --- the summary ------------------------------------------------------------------------------------------------

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function pairCounts(findings: readonly FindingRecord[]): string {
  const pairs = [...new Set(findings.map((f) => `${f.pair[0]} ~ ${f.pair[1]}`))].sort();
  const rows = pairs.map((pair) => {
    const mine = findings.filter((f) => `${f.pair[0]} ~ ${f.pair[1]}` === pair);
    const cells = FINDING_CLASSES.map((c) => {
      const n = mine.filter((f) => f.class === c).length;
      return n === 0 ? '.' : String(n);
    });
    return [pair, ...cells, ...SEVERITIES.map((s) => String(mine.filter((f) => f.severity === s).length)), String(mine.length)];
  });
  return table(['pair', ...FINDING_CLASSES, ...SEVERITIES, 'total'], rows);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

// --- main -------------------------------------------------------------------------------------------------------

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) throw new Error(`--time needs a duration such as 90s, 3m or 1h, got "${text}"`);
  const unit = m[2] ?? 's';
  return Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

async function main(): Promise<number> {
  const began = Date.now();
  const { values, positionals } = parseArgs({
    options: {
      time: { type: 'string', default: '10m' },
      seed: { type: 'string' },
      out: { type: 'string' },
      md: { type: 'string', default: 'docs/findings.md' },
      html: { type: 'string', default: 'docs/findings.html' },
      'partial-echo': { type: 'boolean', default: false },
      'no-group': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    const source = await readFile(join(root, 'scripts/fuzz-peers.ts'), 'utf8').catch(() => '');
    process.stdout.write(`${source.slice(source.indexOf('/**') + 4, source.indexOf(' * @module')).replace(/^ \* ?/gm, '')}`);
    return 0;
  }
  const totalMs = parseDuration(values.time);
  if (values.seed !== undefined && !/^\d+$/.test(values.seed)) throw new Error(`--seed needs an integer, got "${values.seed}"`);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 0x7fffffff) : Number(values.seed);
  if (!existsSync(cli)) throw new Error(`${relative(root, cli)} is missing: build first (npx tsc -p .)`);

  const list = await peerList();
  for (const name of positionals) if (!list.some((p) => p.name === name)) throw new Error(`unknown peer "${name}": one of ${list.map((p) => p.name).join(', ')}`);
  const wanted = positionals.length === 0 ? list : list.filter((p) => positionals.includes(p.name));
  const campaignDir = values.out === undefined ? await mkdtemp(join(tmpdir(), 'h1ref-fuzz-peers-')) : resolve(values.out);
  await mkdir(campaignDir, { recursive: true });
  log(`seed ${seed}; ${seconds(totalMs)} of fuzzing; campaign directory ${campaignDir}`);

  // 1. The peers, one by one (peers.sh installs what is missing), then their versions.
  const up: Peer[] = [];
  const left: { name: string; why: string }[] = [];
  for (const peer of wanted) {
    const why = await startPeer(peer.name);
    if (why === null) up.push(peer);
    else {
      left.push({ name: peer.name, why });
      log(`leaving out ${peer.name}: ${why}`);
      if (startedPeers.has(peer.name)) await stopPeer(peer.name);
    }
  }
  const versions = (await peers('version', 'all')).stdout;
  for (const peer of up) peer.version = new RegExp(`^${peer.name} (.*)$`, 'm').exec(versions)?.[1] ?? '';

  // 2. The reference server.
  const serve = await startServe();
  const packageVersion = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const h1ref: TargetEntry = { name: 'h1ref', address: `127.0.0.1:${serve.port}`, echo: 'h1ref', version: `h1ref ${packageVersion} (serve --echo h1ref)` };
  log(`h1ref serve on 127.0.0.1:${serve.port} (pid ${serve.child.pid})`);
  const entry = (p: Peer): TargetEntry => ({
    name: p.name, address: `127.0.0.1:${p.port}`, version: p.version,
    echo: p.faithful || (values['partial-echo'] && p.fields.length > 0) ? 'h1ref' : 'none',
  });

  // 3. The runs: h1ref and each peer, then every echoing peer together; each gets its share of what is left.
  const plan: { label: string; targets: TargetEntry[]; weight: number; peers: Peer[] }[] = up.map((p) => ({ label: `h1ref-vs-${p.name}`, targets: [h1ref, entry(p)], weight: 1, peers: [p] }));
  const echoing = up.filter((p) => p.fields.length > 0);
  if (!values['no-group'] && echoing.length >= 2) plan.push({ label: 'echoing-peers', targets: echoing.map(entry), weight: 2, peers: echoing });
  if (plan.length === 0) log('no peer is running: nothing to fuzz');
  const fuzzBegan = Date.now();
  const fuzzDeadline = fuzzBegan + totalMs;
  const results: RunResult[] = [];
  const busy: string[] = [];
  for (let i = 0; i < plan.length; i++) {
    if (interrupted) break;
    const step = plan[i]!;
    const weightLeft = plan.slice(i).reduce((n, s) => n + s.weight, 0);
    const available = fuzzDeadline - Date.now() - RUN_OVERHEAD_MS * (plan.length - i);
    const sliceMs = Math.max(MIN_SLICE_MS, Math.floor((available * step.weight) / weightLeft / 1000) * 1000);
    log(`run ${i + 1}/${plan.length}: ${step.label} (${step.targets.map((t) => `${t.name}${t.echo === 'none' ? ' [no echo]' : ''}`).join(', ')}), ${seconds(sliceMs)}`);
    const result = await fuzzRun(step.label, step.targets, seed, sliceMs, campaignDir);
    results.push(result);
    const r = result.report;
    log(`${step.label}: ${result.inputs ?? '?'} inputs, ${r?.stats.exchanges ?? '?'} exchanges, ${r?.findings.length ?? '?'} findings in ${seconds(result.wallMs)}${result.problem === null ? '' : ` — ${result.problem}`}`);

    // A peer still busy after its run (or the reference server) would slow down every later run.
    const watched = await Promise.all(step.peers.map(async (p) => ({ name: p.name, pgid: await peerPgid(p.name) })));
    const ids = [...watched.filter((w) => w.pgid !== null).map((w) => ({ id: w.pgid!, by: 'group' as const })), { id: serve.child.pid!, by: 'pid' as const }];
    const cpu = await cpuOverASecond(ids);
    const serveCpu = cpu[cpu.length - 1]!;
    if (serveCpu > BUSY_TICKS) log(`warning: h1ref serve used ${serveCpu} % of a core in the second after ${step.label}`);
    let k = 0;
    for (const w of watched) {
      if (w.pgid === null) continue;
      const used = cpu[k++]!;
      if (used <= BUSY_TICKS) continue;
      busy.push(`${w.name} (${used} % of a core in the second after ${step.label})`);
      if (i === plan.length - 1) {
        log(`${w.name} used ${used} % of a core in the second after ${step.label} (the last run: it is stopped next)`);
        continue;
      }
      if (!startedPeers.has(w.name)) {
        log(`warning: ${w.name} used ${used} % of a core after ${step.label}; it was running before the campaign, so it is left as it is`);
        continue;
      }
      log(`${w.name} used ${used} % of a core in the second after ${step.label}: restarting it`);
      await stopPeer(w.name);
      const why = await startPeer(w.name);
      if (why !== null) log(`${w.name} did not come back (${why}); later runs will find it unreachable`);
    }
  }
  const fuzzMs = Date.now() - fuzzBegan;

  // 4. The merged report.
  const dirs = results.map((r) => r.dir).filter((d) => existsSync(d));
  const merged = await run(process.execPath, [cli, 'fuzz', '--report', ...(dirs.length > 0 ? dirs : [campaignDir]), '--md', values.md, '--html', values.html]);
  process.stderr.write(merged.stderr);
  if (merged.code !== 0) log(`h1ref fuzz --report exited with ${merged.code}`);
  const findings = await readFindings(dirs.length > 0 ? dirs : [campaignDir]);

  const summary = {
    seed, campaignDir, requestedMs: totalMs, fuzzMs, totalMs: Date.now() - began,
    peers: up.map((p) => ({ name: p.name, port: p.port, version: p.version, echo: entry(p).echo })),
    leftOut: left, busyAfterRun: busy,
    reference: h1ref,
    runs: results.map((r) => ({
      label: r.label, targets: r.targets.map((t) => t.name), sliceMs: r.sliceMs, wallMs: r.wallMs, exitCode: r.exitCode, killed: r.killed,
      inputs: r.inputs, exchanges: r.report?.stats.exchanges ?? null, findings: r.report?.findings.length ?? null,
      unstable: r.report?.stats.unstable ?? null, quirks: r.report?.targets.map((t) => ({ name: t.name, quirks: t.quirks, dropped: t.dropped })) ?? null,
      problem: r.problem, dir: r.dir,
    })),
    findings: findings.length,
  };
  await writeFile(join(campaignDir, 'campaign.json'), `${JSON.stringify(summary, null, 2)}\n`);

  // The summary on stdout.
  const out: string[] = [];
  out.push(`h1ref fuzz:peers — seed ${seed}, ${seconds(fuzzMs)} of fuzzing (asked: ${seconds(totalMs)}), ${seconds(Date.now() - began)} in all`);
  out.push(`reference: h1ref serve on ${h1ref.address} (${h1ref.version}); campaign directory: ${campaignDir}`);
  out.push('');
  out.push(table(['peer', 'port', 'echo', 'version'], up.map((p) => [p.name, String(p.port), entry(p).echo, p.version])));
  for (const l of left) out.push(`left out: ${l.name} — ${l.why}`);
  for (const b of busy) out.push(`busy after its run (restarted unless it was the last run): ${b}`);
  out.push('');
  out.push(table(['run', '--time', 'took', 'inputs', 'exchanges', 'findings', 'unstable', 'note'], results.map((r) => [
    r.label, seconds(r.sliceMs), seconds(r.wallMs), r.inputs === null ? '?' : String(r.inputs), String(r.report?.stats.exchanges ?? '?'),
    String(r.report?.findings.length ?? '?'), String(r.report?.stats.unstable ?? '?'), r.problem ?? '',
  ])));
  const inputs = results.reduce((n, r) => n + (r.inputs ?? 0), 0);
  out.push(`inputs in all: ${inputs}`);
  out.push('');
  out.push(`${findings.length} finding${findings.length === 1 ? '' : 's'} after merging (by pair and class):`);
  if (findings.length > 0) out.push(pairCounts(findings));
  // The ones to read first: meaningful before the rest, then by class, then the shortest bytes; the same bytes
  // found for several pairs are shown once.
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    FINDING_CLASSES.indexOf(a.class) - FINDING_CLASSES.indexOf(b.class) || a.escaped.length - b.escaped.length);
  const top = sorted.filter((f, i) => sorted.findIndex((g) => g.bytes === f.bytes) === i).slice(0, 3);
  if (top.length > 0) {
    out.push('', 'first findings (meaningful first, then by class, shortest bytes first, distinct bytes):');
    for (const f of top) out.push(`  ${f.severity} ${f.class}: ${f.pair[0]} vs ${f.pair[1]} (${f.hash})`, `    bytes:   ${f.escaped}`, `    replay:  ${f.oneLiner}`);
  }
  out.push('', `wrote ${values.md} and ${values.html}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return results.some((r) => r.killed || r.report === null) ? 1 : 0;
}

// --- clean-up ---------------------------------------------------------------------------------------------------

let cleaning: Promise<void> | null = null;

// Kills the fuzz children and h1ref serve (by PID), then stops the peers this campaign started.
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => endChild(c)));
    for (const name of [...startedPeers]) await stopPeer(name);
  })();
  return cleaning;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      for (const c of children) c.kill('SIGKILL');
      process.exit(130);
    }
    interrupted = true;
    log(`${signal}: stopping what was started (again to force)`);
    void cleanUp().finally(() => process.exit(130));
  });
}
// Last resort, should the process end some other way: no child outlives it.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

main().then(
  async (code) => {
    await cleanUp();
    process.exit(code);
  },
  async (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await cleanUp();
    process.exit(1);
  },
);
