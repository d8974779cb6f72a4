// The probe's reports as CI reads them (issue 14 §2): JUnit checked against junit-10.xsd's rules, JSON against
// the published schemas (docs/schema/), --json-bytes, section titles and RFC links, the HTML page's failures
// first and no raw control bytes, cross-cutting checks named, baselines and comparisons. Real servers on
// 127.0.0.1: h1ref serve, one that accepts everything and one that closes without saying so.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE } from '../../spec-tests/index.js';
import type { ProbeReport } from '../../src/probe/index.js';
import { checkJsonSchema, checkJUnit, parseXml } from './report-checkers.js';
import { run, serve, type Served } from './support.js';

const schema = (name: string): Record<string, never> => JSON.parse(readFileSync(new URL(`../../docs/schema/${name}`, import.meta.url), 'utf8')) as Record<string, never>;
const PROBE_SCHEMA = schema('h1ref-probe-1.schema.json');
const PARSE_SCHEMA = schema('h1ref-parse-1.schema.json');

let h1ref: Served;
let dir: string;
const servers: net.Server[] = [];
let yesPort: number;
let closerPort: number;

async function listen(onData: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('data', () => onData(socket));
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  h1ref = await serve();
  dir = await mkdtemp(join(tmpdir(), 'h1ref-probe-reports-'));
  // Accepts everything and keeps the connection open: it fails what it must refuse.
  yesPort = await listen((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
  // Answers once and closes without Connection: close (RFC 9112 §9.6 asks for it).
  closerPort = await listen((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
});

afterAll(async () => {
  expect(await h1ref.stop()).toBe(0);
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const FAILING = ['smuggling/cl-te', 'chunked/size-bare-lf', 'host/missing-http11'];

async function probeJson(port: number, args: readonly string[]): Promise<{ code: number; report: ProbeReport; out: string; err: string }> {
  const file = join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  const r = await run(['probe', `127.0.0.1:${port}`, '--timeout', '300', ...args, '--json', file]);
  return { ...r, report: JSON.parse(await readFile(file, 'utf8')) as ProbeReport };
}

describe('JUnit', () => {
  it('validates against junit-10.xsd, with warnings and skips visible as <skipped>', async () => {
    const file = join(dir, 'mixed.xml');
    const r = await run(['probe', `127.0.0.1:${closerPort}`, '--only', 'persistence/connection-close,smuggling/cl-te,host', '--skip', 'host/valid-port',
      '--timeout', '300', '--junit', file]);
    expect(r.code).toBe(1);
    const xml = await readFile(file, 'utf8');
    expect(checkJUnit(xml)).toEqual([]);
    const root = parseXml(xml);
    const cases = root.children.flatMap((s) => (typeof s === 'string' ? [] : s.children)).filter((c): c is Exclude<typeof c, string> => typeof c !== 'string' && c.name === 'testcase');
    const child = (id: string): string[] => cases.find((c) => c.attributes['name'] === id)!.children
      .flatMap((c) => (typeof c === 'string' ? [] : [`${c.name}${c.attributes['message'] === undefined ? '' : ` ${c.attributes['message']}`}`]));
    expect(child('persistence/connection-close')[0]).toMatch(/^skipped warning \[close-announced: SHOULD, RFC 9112 §9\.6; the case itself passed\] /);
    expect(child('host/valid-port')).toEqual(['skipped skipped by --skip']);
    // Closing after the answer is one of the readings RFC 9112 §6.1 permits for CL with TE, with a warning.
    expect(child('smuggling/cl-te')[0]).toMatch(/^skipped warning \[MUST\] Content-Length: 3 then Transfer-Encoding: chunked.*: permitted with a warning: /);
    expect(child('host/missing-http11')[0]).toMatch(/^failure \[MUST\] /);
    // The counts agree with the elements.
    const top = root.attributes;
    expect(Number(top['failures'])).toBe(cases.filter((c) => c.children.some((x) => typeof x !== 'string' && x.name === 'failure')).length);
    expect(Number(top['tests'])).toBe(cases.length);
  });

  it('the checker finds what junit-10.xsd forbids', () => {
    expect(checkJUnit('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites skipped="1"><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"><properties/></testcase></testsuite></testsuites>'))
      .toEqual(['testsuites: attribute skipped not allowed', 'testsuites/testsuite[0]/testcase[0]: <properties> not allowed in <testcase>']);
    expect(() => checkJUnit('<testsuites>\x00</testsuites>')).toThrow(/does not allow/);
    expect(checkJUnit('<testsuite name="a" tests="1" errors="0"/>')).toEqual(['testsuite: attribute failures missing']);
  });
});

describe('JSON: the published schemas', () => {
  it('reports validate against docs/schema/h1ref-probe-1.schema.json, in every --json-bytes mode, with a baseline', async () => {
    const pass = await probeJson(h1ref.port, ['--only', 'chunked,persistence', '--level', 'MUST,SHOULD']);
    const failing = await probeJson(yesPort, ['--only', FAILING.join(',')]);
    const warning = await probeJson(closerPort, ['--only', 'persistence/connection-close', '--json-bytes', 'head']);
    const none = await probeJson(yesPort, ['--only', FAILING.join(','), '--json-bytes', 'none', '--host-header', 'x.example', '-H', 'A: b']);
    await writeFile(join(dir, 'known.txt'), 'smuggling/cl-te  ticket 1\n');
    const baseline = await probeJson(yesPort, ['--only', FAILING.join(','), '--baseline', join(dir, 'known.txt')]);
    const dry = JSON.parse((await run(['probe', '--dry-run', '--only', 'host', '--json', '-'])).out) as ProbeReport;
    for (const report of [pass.report, failing.report, warning.report, none.report, baseline.report, dry]) {
      expect(checkJsonSchema(report as never, PROBE_SCHEMA)).toEqual([]);
    }
    expect(warning.report.results[0]!.verdictFrom).toEqual({ finding: 'close-announced', level: 'SHOULD', section: 'RFC 9112 §9.6', caseVerdict: 'pass' });
    expect(baseline.report.baseline).toMatchObject({ known: [{ id: 'smuggling/cl-te', reason: 'ticket 1' }], regressions: ['host/missing-http11', 'chunked/size-bare-lf'] });
    // The checker is not a rubber stamp.
    const broken = { ...failing.report, results: [{ ...failing.report.results[0]!, verdict: 'bad', extra: 1 }] };
    expect(checkJsonSchema(broken as never, PROBE_SCHEMA)).toEqual([
      '$.results[0].verdict: "bad" not in ["pass","warn","fail","skip","error"]',
      '$.results[0]: extra is not allowed',
    ]);
  });

  it('h1ref parse --json validates against docs/schema/h1ref-parse-1.schema.json', async () => {
    const inputs: [string[], string][] = [
      [[], 'POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;x;y=z\r\na\r\n0\r\nT: 1\r\n\r\nGET / HTTP/1.1\r\n\r\n'],
      [[], 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi'],
      [['--response', '--method', 'GET'], 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx'],
      [['--response'], 'HTTP/1.0 200 OK\r\n\r\nuntil close'],
      [['--response'], 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n'],
      [[], 'CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\x16\x03'],
    ];
    for (const [args, input] of inputs) {
      const r = await run(['parse', '--json', ...args, '-'], { stdin: input });
      expect(checkJsonSchema(JSON.parse(r.out) as never, PARSE_SCHEMA), input).toEqual([]);
    }
  });

  it('--json-bytes head keeps each side up to its first head; none keeps no bytes; both give the lengths', async () => {
    const id = 'chunked/size-bare-lf';
    const c = SUITE.find((x) => x.id === id)!;
    const full = (await probeJson(yesPort, ['--only', id])).report.results[0]!;
    const head = (await probeJson(yesPort, ['--only', id, '--json-bytes', 'head'])).report.results[0]!;
    const none = (await probeJson(yesPort, ['--only', id, '--json-bytes', 'none'])).report.results[0]!;
    const request = Buffer.from(full.request, 'base64').toString('latin1');
    expect(request).toBe(c.request);
    expect(full.requestLength).toBeUndefined();
    expect(Buffer.from(head.request, 'base64').toString('latin1')).toBe(request.slice(0, request.indexOf('\r\n\r\n') + 4));
    expect(head.requestLength).toBe(request.length);
    expect(head.response).toBe(full.response);
    expect(head.responseLength).toBeUndefined();
    expect(none).toMatchObject({ request: '', response: '', requestLength: request.length, responseLength: Buffer.from(full.response, 'base64').length });
  });
});

describe('text and HTML: sections by title with links, failures first, cross-cutting checks named', () => {
  it('the terminal names each section with its title and links the RFC text above its failures', async () => {
    const r = await run(['probe', `127.0.0.1:${yesPort}`, '--only', 'chunked/size-bare-lf', '--timeout', '300']);
    expect(r.out).toContain('\nRFC 9112 §7.1 Chunked Transfer Coding  0 pass, 1 fail\n  https://www.rfc-editor.org/rfc/rfc9112#section-7.1\n  FAIL  chunked/size-bare-lf [MUST] ');
  });

  it('a case whose outcome passed but whose check failed says which check, at its level', async () => {
    const r = await run(['probe', `127.0.0.1:${closerPort}`, '--only', 'persistence/connection-close', '--verbose']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('WARN  persistence/connection-close [close-announced: SHOULD, RFC 9112 §9.6; the case itself passed] ');
    expect(r.out).toContain('why:      close-announced (SHOULD, RFC 9112 §9.6): ');
  });

  it('HTML: failures listed before the sections, titles linked to the RFC, no raw control byte', async () => {
    const file = join(dir, 'page.html');
    await run(['probe', `127.0.0.1:${yesPort}`, '--only', [...FAILING, 'host/valid-port', 'version/malformed-nul'].join(','), '--timeout', '300', '--html', file]);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    expect(html).toContain('&#34;HTTP/1.1\\x00&#34; is not an HTTP-version');
    const failures = html.indexOf('<h2>Failures</h2>');
    const table = html.indexOf('<table>');
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(table);
    const list = html.slice(failures, table);
    for (const id of FAILING) expect(list).toContain(`<a href="#case-${id.replace(/[^A-Za-z0-9]+/g, '-')}"><code>${id}</code></a>`);
    expect(list).not.toContain('host/valid-port');
    expect(html).toContain('<h2><a href="https://www.rfc-editor.org/rfc/rfc9112#section-7.1">RFC 9112 §7.1 Chunked Transfer Coding</a></h2>');
    expect(html).toContain('id="case-chunked-size-bare-lf"');
  });
});

describe('--baseline and --compare', () => {
  it('against a previous report: known failures do not fail the run; a new one does; a fixed one is named', async () => {
    const before = join(dir, 'before.json');
    const first = await run(['probe', `127.0.0.1:${yesPort}`, '--only', FAILING.slice(0, 2).join(','), '--timeout', '300', '--json', before]);
    expect(first.code).toBe(1);
    const same = await run(['probe', `127.0.0.1:${yesPort}`, '--only', FAILING.slice(0, 2).join(','), '--timeout', '300', '--baseline', before]);
    expect(same.code).toBe(0);
    expect(same.out).toContain(`baseline ${before}: 2 known failures, no regression`);
    const more = await run(['probe', `127.0.0.1:${yesPort}`, '--only', FAILING.join(','), '--timeout', '300', '--baseline', before]);
    expect(more.code).toBe(1);
    expect(more.out).toContain(`baseline ${before}: 2 known failures, 1 regression: host/missing-http11`);
    const fixed = await run(['probe', `127.0.0.1:${h1ref.port}`, '--only', FAILING.slice(0, 2).join(','), '--baseline', before]);
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain(`baseline ${before}: 0 known failures, 2 fixed (chunked/size-bare-lf, smuggling/cl-te): update the baseline, no regression`);
  });

  it('a list of ids with reasons; known failures are <skipped> in JUnit; a bad baseline is exit 2', async () => {
    const list = join(dir, 'known-list.txt');
    await writeFile(list, '# known\nsmuggling/cl-te    the proxy, ticket 7\n\nchunked/size-bare-lf\nno-such/case  gone\n');
    const junit = join(dir, 'known.xml');
    const r = await run(['probe', `127.0.0.1:${yesPort}`, '--only', FAILING.slice(0, 2).join(','), '--timeout', '300', '--baseline', list, '--junit', junit]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('the baseline names cases the suite does not have: no-such/case');
    const xml = await readFile(junit, 'utf8');
    expect(checkJUnit(xml)).toEqual([]);
    expect(xml).toContain(`<skipped message="known failure (baseline ${list}): the proxy, ticket 7"/>`);
    expect(xml).toContain(`<skipped message="known failure (baseline ${list}): listed in ${list}"/>`);
    expect(xml).not.toContain('<failure');
    await writeFile(join(dir, 'bad.json'), '{"schema":"other"}');
    const bad = await run(['probe', `127.0.0.1:${yesPort}`, '--baseline', join(dir, 'bad.json')]);
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toContain('is not an h1ref-probe/1 report');
  });

  it('--compare A B prints what got worse and better, and exits 1 when something got worse', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const only = ['--only', [...FAILING, 'host/valid-port'].join(','), '--timeout', '300'];
    await run(['probe', `127.0.0.1:${h1ref.port}`, ...only, '--json', a]);
    await run(['probe', `127.0.0.1:${yesPort}`, ...only, '--json', b]);
    const worse = await run(['probe', '--compare', a, b]);
    expect(worse.code).toBe(1);
    expect(worse.out).toContain('\nworse (3):\n');
    expect(worse.out).toContain('\n  smuggling/cl-te [MUST] RFC 9112 §6.3: pass → fail (200; connection left open)\n');
    expect(worse.out).not.toContain('host/valid-port');
    const better = await run(['probe', '--compare', b, a]);
    expect(better.code).toBe(0);
    expect(better.out).toContain('\nbetter (3):\n');
    expect((await run(['probe', '--compare', a, a])).out).toContain('no verdict changed');
    expect((await run(['probe', '--compare', a])).err).toContain('--compare needs two --json reports');
  });
});
