// The probe against a server nobody here wrote: node:http on 127.0.0.1 with a handler that echoes in h1ref's
// JSON format (from rawHeaders, so order, case and duplicates survive). Each assertion below is a behaviour found
// by running the probe against node:http on Node 20.20.2 (llhttp 9.3.1) — the verdicts prove the probe on a
// foreign server, they do not define what node:http should do. A later Node may change some of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE } from '../../spec-tests/index.js';
import { runProbe, type CaseResult, type ProbeReport } from '../../src/probe/index.js';
import { nodeEcho, type TestTarget } from '../fuzz/support.js';

let server: TestTarget;
let report: ProbeReport;

const IDS = [
  'host/missing-http11',
  'host/duplicate-different',
  'host/invalid-userinfo',
  'target-forms/absolute-form-empty-host',
  'persistence/connection-close',
  'persistence/upgrade-ignored',
  'content-length/ows',
  'smuggling/cl-te',
  'smuggling/te-cl-hidden-request',
  'line-endings/all-lf',
  'chunked/size-bare-lf',
  'field-syntax/obs-fold-sp',
  'expect-continue/continue-before-body',
  'request-line/method-unknown',
  'response-framing/error-close-announced',
  'pipelining/two-gets',
];

beforeAll(async () => {
  server = await nodeEcho();
  report = await runProbe({ host: '127.0.0.1', port: server.port }, SUITE, { only: IDS, concurrency: 16, echo: 'h1ref' });
});

afterAll(async () => {
  await server.close();
});

function result(id: string): CaseResult {
  const found = report.results.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no result for ${id}`);
  return found;
}

describe('probe against node:http (behaviour observed on Node 20.20.2)', () => {
  it('runs the selected cases and reads node:http\'s echo', () => {
    expect(report.results.map((r) => r.id).sort()).toEqual([...IDS].sort());
    expect(report.summary.error).toBe(0);
    expect(result('pipelining/two-gets')).toMatchObject({ verdict: 'pass', statuses: [200, 200], interpretationChecked: true });
  });

  it('refuses a request without Host (400), but accepts two different Host lines and a Host with userinfo', () => {
    expect(result('host/missing-http11')).toMatchObject({ verdict: 'pass', statuses: [400] });
    expect(result('host/duplicate-different')).toMatchObject({ verdict: 'fail', statuses: [200] });
    expect(result('host/invalid-userinfo')).toMatchObject({ verdict: 'fail', statuses: [200] });
  });

  it('accepts an http URI with an empty host (http:///p)', () => {
    expect(result('target-forms/absolute-form-empty-host')).toMatchObject({ verdict: 'fail', statuses: [200] });
  });

  it('answers a valid request followed by bytes after "Connection: close" with a lone 400: the 200 is never sent', () => {
    expect(result('persistence/connection-close')).toMatchObject({ verdict: 'fail', statuses: [400], connection: 'closed' });
  });

  it('stops parsing after an Upgrade it does not perform: the request after it is never answered', () => {
    expect(result('persistence/upgrade-ignored')).toMatchObject({ verdict: 'fail', statuses: [200], connection: 'open', timedOut: true });
  });

  it('refuses HTAB and SP around a Content-Length value (OWS) with 400', () => {
    expect(result('content-length/ows')).toMatchObject({ verdict: 'fail', statuses: [400] });
  });

  it('refuses Transfer-Encoding with Content-Length, bare LF, a bare LF in a chunk line and obs-fold (400, close)', () => {
    for (const id of ['smuggling/cl-te', 'smuggling/te-cl-hidden-request', 'line-endings/all-lf', 'chunked/size-bare-lf', 'field-syntax/obs-fold-sp']) {
      expect(result(id), id).toMatchObject({ verdict: 'pass', statuses: [400], connection: 'closed' });
    }
  });

  it('sends 100 Continue before the body arrives', () => {
    expect(result('expect-continue/continue-before-body')).toMatchObject({ verdict: 'pass', statuses: [200], interim: [[100]] });
  });

  it('answers an unknown method with 400 where the RFC asks for 501 (a warning)', () => {
    expect(result('request-line/method-unknown')).toMatchObject({ verdict: 'warn', statuses: [400] });
  });

  it('sends its parse-error 400 without Date (a MUST for an origin server with a clock)', () => {
    const r = result('response-framing/error-close-announced');
    expect(r).toMatchObject({ verdict: 'fail', statuses: [400], connection: 'closed' });
    expect(r.reasons.some((x) => x.startsWith('date (MUST'))).toBe(true);
    expect(r.reasons.some((x) => x.startsWith('close-announced'))).toBe(false);
  });
});
