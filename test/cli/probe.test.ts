// `h1ref probe`, run in-process through runCli against h1ref's own server (`h1ref serve` on port 0) and against
// a small server that accepts everything: the reports it writes, selection, dry runs, seeds, the progress line
// and the exit codes.
import { Buffer } from 'node:buffer';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE } from '../../spec-tests/index.js';
import { PROBE_FLAGS, probeUsage } from '../../src/cli/probe.js';
import { caseBytes, escapeBytes, selects, type ProbeReport } from '../../src/probe/index.js';
import { run, serve, type Served } from './support.js';

let h1ref: Served;
let dir: string;
// A server that answers every read with 200 and keeps the connection open: it accepts what it must refuse.
let yes: net.Server;
let yesPort: number;

beforeAll(async () => {
  h1ref = await serve();
  dir = await mkdtemp(join(tmpdir(), 'h1ref-probe-'));
  yes = net.createServer((socket) => {
    socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => yes.listen(0, '127.0.0.1', resolve));
  yesPort = (yes.address() as net.AddressInfo).port;
});

afterAll(async () => {
  expect(await h1ref.stop()).toBe(0);
  await new Promise((resolve) => yes.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const ONLY = ['chunked', 'host', 'version', 'head-options'];
const selected = SUITE.filter((c) => ONLY.some((s) => selects(s, c)));

function entities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

describe('h1ref probe against h1ref serve', () => {
  let result: { code: number; out: string; err: string };
  let report: ProbeReport;
  const files = { json: '', junit: '', html: '' };

  beforeAll(async () => {
    files.json = join(dir, 'out', 'report.json');
    files.junit = join(dir, 'out', 'report.xml');
    files.html = join(dir, 'report.html');
    result = await run(['probe', `127.0.0.1:${h1ref.port}`, '--only', ONLY.slice(0, 2).join(','), ...ONLY.slice(2).flatMap((s) => ['--only', s]),
      '--json', files.json, '--junit', files.junit, '--html', files.html, '--concurrency', '16']);
    report = JSON.parse(await readFile(files.json, 'utf8')) as ProbeReport;
  });

  it('passes every case it selected, exits 0, and prints the summary by RFC section', () => {
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^h1ref probe http://127\\.0\\.0\\.1:${h1ref.port}: ${selected.length} case\\(s\\) in `));
    expect(result.out).toContain('RFC 9112 §7.1 Chunked Transfer Coding  ');
    expect(result.out).toMatch(/\nTotal: \d+ pass.* — MUST: (\d+)\/\1 pass\n$/);
    expect(result.err).toContain(`wrote ${files.json}`);
  });

  it('--json: the stable schema, every selected case in suite order, request bytes in base64', () => {
    expect(report.schema).toBe('h1ref-probe/1');
    expect(report.target).toBe(`http://127.0.0.1:${h1ref.port}`);
    expect(report.options).toMatchObject({ only: ONLY, skip: [], strict: false, split: 'case', concurrency: 16, echo: 'auto', dryRun: false });
    expect(report.results.map((r) => r.id)).toEqual(selected.map((c) => c.id));
    const s = report.summary;
    expect(s.total).toBe(selected.length);
    expect(s.pass + s.warn + s.fail + s.skip + s.error).toBe(s.total);
    expect(s.fail).toBe(0);
    expect(s.must.total).toBe(selected.filter((c) => c.level === 'MUST').length);
    for (const r of report.results) {
      const c = selected.find((x) => x.id === r.id)!;
      expect(r).toMatchObject({ section: c.section, level: c.level, category: c.category });
      expect(Buffer.from(r.request, 'base64')).toEqual(Buffer.from(caseBytes(c)));
      expect(['pass', 'warn']).toContain(r.verdict);
      expect(typeof r.durationMs).toBe('number');
    }
    const trailer = report.results.find((r) => r.id === 'chunked/trailer')!;
    expect(trailer).toMatchObject({ verdict: 'pass', statuses: [200], interpretationChecked: true });
    expect(Buffer.from(trailer.response, 'base64').toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('--junit: one testsuite per RFC section, one named testcase per case', async () => {
    const xml = await readFile(files.junit, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    // Each suite is named with its section's number and title, its id is the section, its url the RFC's text.
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)" id="([^"]*)" url="([^"]*)" tests="(\d+)"/g)].map((m) => [entities(m[2]!), Number(m[4])] as const);
    expect(xml).toContain('<testsuite name="RFC 9112 §7.1 Chunked Transfer Coding" id="RFC 9112 §7.1" url="https://www.rfc-editor.org/rfc/rfc9112#section-7.1" ');
    const sections = [...new Set(selected.map((c) => c.section))];
    expect(suites.map(([name]) => name).sort()).toEqual(sections.sort());
    for (const [name, tests] of suites) expect(tests, name).toBe(selected.filter((c) => c.section === name).length);
    const cases = [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"/g)].map((m) => entities(m[1]!));
    expect(cases.sort()).toEqual(selected.map((c) => c.id).sort());
    expect(xml).not.toContain('<failure');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('--html: one self-contained page naming every case', async () => {
    const html = await readFile(files.html, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const c of selected) expect(html).toContain(`<code>${c.id}</code>`);
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/);
  });
});

describe('h1ref probe: selection, dry runs, seeds, progress', () => {
  it('--only by id and section, --skip by category: skipped cases are reported as skip', async () => {
    const file = join(dir, 'only.json');
    const r = await run(['probe', `127.0.0.1:${h1ref.port}`, '--only', 'chunked/size-plus', '--only', 'RFC 9112 §6.1', '--skip', 'smuggling', '--json', file]);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(file, 'utf8')) as ProbeReport;
    const want = SUITE.filter((c) => c.id === 'chunked/size-plus' || selects('RFC 9112 §6.1', c));
    expect(report.results.map((x) => x.id)).toEqual(want.map((c) => c.id));
    for (const x of report.results) expect(x.verdict === 'skip').toBe(x.category === 'smuggling');
    expect(report.results.some((x) => x.verdict === 'skip')).toBe(true);
    expect(report.results.find((x) => x.id === 'chunked/size-plus')!.verdict).toBe('pass');
  });

  it('--dry-run prints each case\'s bytes and cuts and sends nothing (no server listens there)', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await run(['probe', `127.0.0.1:${port}`, '--dry-run', '--only', 'chunked/size-plus', '--split', 'bytes']);
    expect(r.code).toBe(0);
    const c = SUITE.find((x) => x.id === 'chunked/size-plus')!;
    const bytes = caseBytes(c);
    expect(r.out).toContain('dry run');
    expect(r.out).toContain(`SKIP  chunked/size-plus [MUST]`);
    expect(r.out).toContain(`sent:     ${bytes.length} pieces (${Array(bytes.length).fill(1).join('+')} bytes)`);
    // The bytes, escaped, one line per line of the request.
    for (const line of escapeBytes(bytes).split(/(?<=\\n)/)) expect(r.out).toContain(line);
    expect(r.out).toContain('why:      dry run: nothing sent');
  });

  it('--split random prints the seed it chose; --seed repeats the same cuts', async () => {
    const a = await run(['probe', `127.0.0.1:${h1ref.port}`, '--dry-run', '--only', 'chunked/size-plus', '--split', 'random']);
    const seed = /random splits with seed (\d+) \(repeat with --seed \1\)/.exec(a.err)?.[1];
    expect(seed).toBeDefined();
    expect(a.out).toContain(`split random, seed ${seed}`);
    const b = await run(['probe', `127.0.0.1:${h1ref.port}`, '--dry-run', '--only', 'chunked/size-plus', '--split', 'random', '--seed', seed!]);
    const pieces = (text: string): string => /sent: +(.*)/.exec(text)![1]!;
    expect(pieces(b.out)).toBe(pieces(a.out));
    expect(b.err).toContain(`seed ${seed}`);
  });

  it('a live progress line on a terminal (standard error), none otherwise', async () => {
    const args = ['probe', `127.0.0.1:${h1ref.port}`, '--only', 'host'];
    const tty = await run(args, { tty: { out: false, err: true } });
    const total = SUITE.filter((c) => c.category === 'host').length;
    expect(tty.err).toContain(`\r[${total}/${total}] ${total} pass  `);
    expect(tty.err.endsWith('\r\x1b[K')).toBe(true);
    expect(tty.out).not.toContain('\x1b[');
    const piped = await run(args, { tty: { out: false, err: false } });
    expect(piped.err).toBe('');
    const colored = await run([...args, '--color', 'always']);
    expect(colored.out).toContain('\x1b[1mTotal\x1b[0m');
  });
});

describe('h1ref probe: exit codes', () => {
  it('1 when a MUST fails, with the failure detailed: bytes, what the RFC allows, what the server did', async () => {
    const r = await run(['probe', `127.0.0.1:${yesPort}`, '--only', 'smuggling/cl-te', '--timeout', '300']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL  smuggling/cl-te [MUST]');
    expect(r.out).toContain('Transfer-Encoding: chunked\\r\\n');
    // One allowed outcome a line: labels hold ';' and ',' of their own.
    expect(r.out).toContain('        allowed:  - refuse with 400 and close\n                  - close without a response (the RFC asks for an error response) [warn]\n');
    expect(r.out).toMatch(/server: +200; connection left open/);
    expect(r.out).toMatch(/MUST: 0\/1 pass, 1 fail/);
  });

  it('--strict: a broken SHOULD fails too', async () => {
    // An h1ref whose start-line limit is below the 8000 octets RFC 9112 §3 recommends supporting answers 414.
    const short = await serve(['--max-start-line-bytes', '4096']);
    try {
      const plain = await run(['probe', `127.0.0.1:${short.port}`, '--only', 'limits/request-line-8000']);
      expect(plain.code).toBe(0);
      expect(plain.out).toContain('1 warn');
      const strict = await run(['probe', `127.0.0.1:${short.port}`, '--only', 'limits/request-line-8000', '--strict']);
      expect(strict.code).toBe(1);
      expect(strict.out).toContain('FAIL  limits/request-line-8000 [SHOULD]');
    } finally {
      expect(await short.stop()).toBe(0);
    }
  });

  it('2 when cases cannot run (nothing listens), and on usage errors', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await run(['probe', `127.0.0.1:${port}`, '--only', 'host/missing-http11']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('ECONNREFUSED');
    for (const [args, message] of [
      [[], 'which server?'],
      [['--only', 'host'], 'which server?'],
      [['example.com'], 'expected host:port'],
      [['ftp://example.com/'], 'only http:// and https:// targets'],
      [['http://'], 'not a URL'],
      [['127.0.0.1:1', '--only', 'no-such-case'], '--only no-such-case: no case matches'],
      [['127.0.0.1:1', '--split', 'halves'], '--split must be one of case, whole, boundaries, bytes, random'],
      [['127.0.0.1:1', '--echo', 'xml'], '--echo must be one of'],
      [['127.0.0.1:1', '--seed', 'abc'], '--seed needs an integer'],
      [['127.0.0.1:1', '127.0.0.1:2'], 'unexpected argument "127.0.0.1:2"'],
    ] as const) {
      const r = await run(['probe', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).toContain('Usage: h1ref probe');
    }
  });

  it('--help lists every option with its default', async () => {
    const r = await run(['probe', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd()).toBe(probeUsage());
    for (const flag of PROBE_FLAGS) {
      const line = r.out.split('\n').find((l) => l.trimStart().replace(/^-\w, /, '').startsWith(`--${flag.name} `));
      expect(line, flag.name).toMatch(/\(default: [^)]+\)$/);
    }
    expect(r.out).toContain('--timeout MS');
    expect(r.out).toContain('(default: 2000)');
    expect(r.out).toContain('[case|whole|boundaries|bytes|random] (default: case)');
  });
});
