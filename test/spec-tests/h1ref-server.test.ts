// The whole suite through the probe against h1ref's own server (createServer + echoHandler on 127.0.0.1, port 0):
// every MUST passes. The echo is h1ref's JSON, so interpretations (method, target, fields, body, trailers) are
// compared too. A second run cuts every case at random (fixed seed) to exercise split delivery on a real socket.
import { afterAll, describe, expect, it } from 'vitest';
import { SUITE } from '../../spec-tests/index.js';
import { exitCode, formatHtml, formatJson, formatJUnit, formatTerminal, runProbe } from '../../src/probe/index.js';
import type { CaseResult, ProbeReport } from '../../src/probe/index.js';
import { createServer, echoHandler, type H1Server } from '../../src/server/index.js';

// MUST cases h1ref's server is known to fail (each with a `// BUG:` note); none at present.
const KNOWN_FAILURES = new Set<string>([]);

const server: H1Server = createServer(echoHandler, { host: '127.0.0.1', port: 0, lingerTimeout: 500 });
const { port } = await server.listen();
const target = { host: '127.0.0.1', port };
const report: ProbeReport = await runProbe(target, SUITE, { concurrency: 16, echo: 'h1ref' });
const random: ProbeReport = await runProbe(target, SUITE, { concurrency: 16, split: 'random', seed: 20260601, echo: 'h1ref' });
const reproduced = new Set(report.results.filter((r) => KNOWN_FAILURES.has(r.id) && r.verdict === 'fail').map((r) => r.id));

afterAll(async () => {
  await server.close(1000);
});

function result(r: ProbeReport, id: string): CaseResult {
  const found = r.results.find((x) => x.id === id);
  if (found === undefined) throw new Error(`no result for ${id}`);
  return found;
}

function expectPasses(r: CaseResult): void {
  expect(r.verdict, `${r.id}: ${r.observed} — ${r.reasons.join(' | ')}`).not.toBe('fail');
  expect(r.verdict).not.toBe('error');
}

describe('probe against h1ref\'s own server', () => {
  it('runs every case of the suite and reports it', () => {
    expect(report.results.map((r) => r.id)).toEqual(SUITE.map((c) => c.id));
    expect(report.summary.total).toBe(SUITE.length);
    expect(report.summary.error).toBe(0);
    expect(report.summary.must.fail).toBe(reproduced.size);
  });

  it('compares the echo whenever a request is accepted (h1ref JSON)', () => {
    const post = result(report, 'content-length/body');
    expect(post.interpretationChecked).toBe(true);
    expect(result(report, 'chunked/trailer').interpretationChecked).toBe(true);
  });

  it('passes the cases where the RFC allows several answers by taking the strict one', () => {
    expect(result(report, 'field-syntax/obs-fold-sp')).toMatchObject({ verdict: 'pass', statuses: [400], connection: 'closed' });
    expect(result(report, 'smuggling/cl-te')).toMatchObject({ verdict: 'pass', statuses: [400], connection: 'closed' });
    expect(result(report, 'line-endings/all-lf')).toMatchObject({ verdict: 'pass', statuses: [400] });
  });

  it('sends 100 Continue before the body is sent', () => {
    const r = result(report, 'expect-continue/continue-before-body');
    expect(r).toMatchObject({ verdict: 'pass', statuses: [200], interim: [[100]] });
  });

  it('keeps the same verdicts when every case is cut at random (seed printed in the report)', () => {
    expect(random.options).toMatchObject({ split: 'random', seed: 20260601 });
    const changed = random.results.filter((r) => r.verdict !== result(report, r.id).verdict).map((r) => `${r.id}: ${r.observed}`);
    expect(changed).toEqual([]);
  });

  it('renders the report in every format', () => {
    const text = formatTerminal(report);
    expect(text).toContain('RFC 9112 §6.3');
    expect(text).toMatch(/Total: \d+ pass/);
    const json = JSON.parse(formatJson(report)) as ProbeReport;
    expect(json.schema).toBe('h1ref-probe/1');
    expect(json.results).toHaveLength(SUITE.length);
    const junit = formatJUnit(report);
    expect(junit.match(/<testcase /g)).toHaveLength(SUITE.length);
    expect(junit.match(/<failure /g) ?? []).toHaveLength(report.summary.fail);
    const html = formatHtml(report);
    for (const c of SUITE) expect(html).toContain(c.id);
    expect(exitCode(report)).toBe(report.summary.fail > 0 ? 1 : 0);
  });

  for (const c of SUITE) {
    if (c.level !== 'MUST') continue;
    if (reproduced.has(c.id)) it.fails(`MUST ${c.id} (known bug)`, () => expectPasses(result(report, c.id)));
    else it(`MUST ${c.id}`, () => expectPasses(result(report, c.id)));
  }
});
