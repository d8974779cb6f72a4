// https:// targets: `h1ref probe` and `h1ref fuzz` over node:tls against h1ref's own server behind a TLS front
// (test/fixtures/tls: the committed self-signed certificate), compared with the same runs over plain TCP; and
// the handshakes that fail — a certificate that cannot be verified, a plain HTTP port, a server that never answers
// the handshake — each one line before anything runs; and a certificate the client trusts, verified and accepted.
import { Buffer } from 'node:buffer';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FuzzReport } from '../../src/fuzz/campaign.js';
import { exchangeBytes } from '../../src/probe/exchange.js';
import type { CaseResult, ProbeReport } from '../../src/probe/run.js';
import { type Front, silentServer, tlsFront } from '../fixtures/tls/front.js';
import { checkJsonSchema, checkJUnit } from './report-checkers.js';
import { run, serve, type Served } from './support.js';

const TEST_CERT_URL = new URL('../fixtures/tls/localhost.crt', import.meta.url);

// What a case came to, over either transport: its verdict, the outcome matched and what the server did.
function outcomes(report: ProbeReport): Record<string, string> {
  return Object.fromEntries(report.results.map((r: CaseResult) => [r.id, `${r.verdict} | ${r.matched ?? '-'} | ${r.observed}`]));
}

async function probeJson(argv: readonly string[]): Promise<{ code: number; report: ProbeReport }> {
  const r = await run(['probe', ...argv, '--json', '-', '--json-bytes', 'none']);
  return { code: r.code, report: JSON.parse(r.out) as ProbeReport };
}

describe('https:// targets', () => {
  let h1ref: Served;
  let front: Front;
  let silent: Front;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    h1ref = await serve();
    front = await tlsFront(h1ref.port);
    silent = await silentServer();
    dir = await mkdtemp(join(tmpdir(), 'h1ref-tls-'));
    url = `https://127.0.0.1:${front.port}`;
  });
  afterAll(async () => {
    await front.close();
    await silent.close();
    await h1ref.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('probe --insecure: every case of the suite comes out over TLS as over plain TCP (split, await and half-close cases included)', async () => {
    const plain = await probeJson([`127.0.0.1:${h1ref.port}`]);
    const tls = await probeJson([url, '--insecure']);
    expect(plain.code).toBe(0);
    expect(tls.code).toBe(0);
    expect(tls.report.target).toBe(url);
    expect(tls.report.summary).toEqual(plain.report.summary);
    expect(tls.report.summary.fail + tls.report.summary.error).toBe(0);
    expect(outcomes(tls.report)).toEqual(outcomes(plain.report));
    // The half-close cases ran (TLS's close_notify, then FIN) and passed.
    expect(tls.report.results.find((r) => r.id === 'persistence/half-close-after-request')?.verdict).toBe('pass');
  });

  it('probe --split bytes --insecure: each byte its own write, so its own TLS record, read as over TCP', async () => {
    const only = ['--only', 'chunked', '--only', 'request-line', '--split', 'bytes'];
    const plain = await probeJson([`127.0.0.1:${h1ref.port}`, ...only]);
    const tls = await probeJson([url, '--insecure', ...only]);
    expect(tls.report.results.length).toBeGreaterThan(50);
    expect(tls.report.results.some((r) => r.pieces.length > 50)).toBe(true);
    expect(outcomes(tls.report)).toEqual(outcomes(plain.report));
    expect(tls.code).toBe(plain.code);
  });

  it('every report names the target with its scheme: text, JSON (schema), JUnit, HTML', async () => {
    const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml'), html: join(dir, 'r.html') };
    const r = await run(['probe', url, '--insecure', '--only', 'host/missing-http11', '--json', files.json, '--junit', files.junit, '--html', files.html]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^h1ref probe ${url.replace(/\./g, '\\.')}: 1 case\\(s\\)`));
    const json = JSON.parse(await readFile(files.json, 'utf8')) as ProbeReport;
    expect(json.target).toBe(url);
    const schema = JSON.parse(await readFile(new URL('../../docs/schema/h1ref-probe-1.schema.json', import.meta.url), 'utf8')) as Record<string, never>;
    expect(checkJsonSchema(json as never, schema)).toEqual([]);
    expect(checkJsonSchema({ ...json, target: '127.0.0.1:80' } as never, schema).join('\n')).toContain('does not match');
    const junit = await readFile(files.junit, 'utf8');
    expect(checkJUnit(junit)).toEqual([]);
    expect(junit).toContain(`<testsuites name="h1ref probe ${url}"`);
    expect(await readFile(files.html, 'utf8')).toContain(`<h1>h1ref probe: ${url}</h1>`);
  });

  it('probe without --insecure: the self-signed certificate is one line with its code and exit 2, before any case', async () => {
    const r = await run(['probe', url, '--json', join(dir, 'never.json')]);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `h1ref probe: cannot reach ${url}: TLS handshake failed: DEPTH_ZERO_SELF_SIGNED_CERT (self-signed certificate); --insecure accepts a certificate that cannot be verified\n`,
    });
    await expect(readFile(join(dir, 'never.json'))).rejects.toThrow(/ENOENT/);
  });

  it('probe without --insecure: a certificate the client trusts (NODE_EXTRA_CA_CERTS, in a child process) is verified and accepted, name included', async () => {
    // Node reads NODE_EXTRA_CA_CERTS when it starts: the built CLI in a child process with the test certificate as a
    // trusted authority. Its name check runs too: the certificate names 127.0.0.1, the address the probe asked for.
    const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: fileURLToPath(TEST_CERT_URL), NO_COLOR: '1' };
    const trusted = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(process.execPath, [bin, 'probe', url, '--only', 'persistence', '--json', '-', '--json-bytes', 'none'], { env }, (error, out, err) =>
        // On a non-zero exit, execFile's error carries the exit status as its code.
        resolve({ code: error === null ? 0 : Number((error as { code?: unknown }).code), out, err }),
      );
    });
    expect(trusted.err).not.toMatch(/cannot reach/);
    expect(trusted.code).toBe(0);
    const report = JSON.parse(trusted.out) as ProbeReport;
    expect(report.target).toBe(url);
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.summary.fail + report.summary.error).toBe(0);
  });

  it('probe https:// against a plain HTTP port: one line, exit 2', async () => {
    const r = await run(['probe', `https://127.0.0.1:${h1ref.port}`, '--insecure']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `h1ref probe: cannot reach https://127.0.0.1:${h1ref.port}: TLS handshake failed: ERR_SSL_WRONG_VERSION_NUMBER (wrong version number); is it a plain http:// server?\n`,
    });
  });

  it('probe: a server that accepts TCP and never answers the handshake is bounded by --timeout: one line, exit 2', async () => {
    const r = await run(['probe', `https://127.0.0.1:${silent.port}`, '--insecure', '--timeout', '300']);
    expect(r).toEqual({ code: 2, out: '', err: `h1ref probe: cannot reach https://127.0.0.1:${silent.port}: no TLS handshake within 300 ms\n` });
  });

  it('one exchange over TLS (the library): answers read as over TCP; a handshake that never completes ends at the hard stop as an error', async () => {
    const plan = { pieces: [Buffer.from('GET /tls HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1')], pauseMs: 0, awaitMs: null };
    const watch = { timeoutMs: 50, lingerMs: 50, echo: 'h1ref' as const, expected: 1 };
    const ok = await exchangeBytes(plan, { host: '127.0.0.1', port: front.port, tls: true, insecure: true, ...watch });
    expect(ok.observation.error).toBeUndefined();
    expect(ok.observation.responses.map((r) => [r.status, r.echo?.target])).toEqual([[200, '/tls']]);
    const refused = await exchangeBytes(plan, { host: '127.0.0.1', port: front.port, tls: true, ...watch });
    expect(refused.observation.error).toBe(`cannot connect to ${url}: TLS handshake failed: DEPTH_ZERO_SELF_SIGNED_CERT (self-signed certificate); --insecure accepts a certificate that cannot be verified`);
    const hung = await exchangeBytes(plan, { host: '127.0.0.1', port: silent.port, tls: true, insecure: true, ...watch });
    expect(hung.observation.error).toBe(`cannot connect to https://127.0.0.1:${silent.port}: no TLS handshake within 5500 ms`);
    expect(hung.observation.piecesSent).toBe(0);
  });

  it('fuzz: h1ref over plain TCP and over TLS agree, input for input', async () => {
    const r = await run([
      'fuzz', '--target', `plain=127.0.0.1:${h1ref.port}`, '--target', `tls=${url}`, '--insecure',
      '--seed', '11', '--runs', '300', '--workers', '0', '--timeout', '500', '--children', '0', '--concurrency', '16', '--json',
    ]);
    const report = JSON.parse(r.out) as FuzzReport;
    expect(report.targets.map((t) => [t.name, t.address])).toEqual([['plain', `http://127.0.0.1:${h1ref.port}`], ['tls', url]]);
    expect(report.stats.inputs).toBe(300);
    expect(report.unreachable).toEqual([]);
    // No meaningful finding, and the two never differ from each other. A permitted difference from the parser
    // alone can appear for either (h1ref's server refuses CONNECT with 501 at its head where the parser waits for
    // the body; when the 501 comes after the 20 ms linger, that exchange looks like waiting): it is the server's,
    // not the transport's.
    expect(report.findings.filter((f) => f.severity === 'meaningful')).toEqual([]);
    expect(report.findings.filter((f) => f.pair.includes('plain') && f.pair.includes('tls'))).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('fuzz --replay: a finding recorded against an https:// target is sent again over TLS (--insecure for its certificate)', async () => {
    // h1ref's server refuses CONNECT at its head (501) where the parser alone waits for the chunked body.
    const bytes = 'CONNECT w:1 HTTP/1.1\r\nHost: w:1\r\nTransfer-Encoding: chunked\r\n\r\n';
    const file = join(dir, 'finding.json');
    await writeFile(file, JSON.stringify({
      schema: 'h1ref-fuzz-finding/1', class: 'accept-reject', severity: 'permitted',
      signature: 'accept-reject|permitted|tls~h1ref-parser|refused-early|accepted|chunked', pair: ['tls', 'h1ref-parser'],
      targets: [{ name: 'tls', address: url }], bytes: Buffer.from(bytes, 'latin1').toString('base64'), escaped: bytes,
    }));
    const replayed = await run(['fuzz', '--replay', file, '--insecure']);
    expect(replayed.out).toContain('tls              #1 501 refused');
    expect(replayed.out).toContain('reproduced: message 1: refused (501) where the base still waits for the rest of a message');
    expect(replayed.code).toBe(0);
    const refused = await run(['fuzz', '--replay', file]);
    expect(refused).toMatchObject({ code: 3, err: 'h1ref fuzz: unreachable: tls\n' });
  });

  it('fuzz without --insecure: the certificate is one line and exit 3, before any input', async () => {
    const r = await run(['fuzz', '--target', `tls=${url}`, '--runs', '5', '--workers', '0']);
    expect(r).toEqual({
      code: 3,
      out: '',
      err: `h1ref fuzz: cannot reach tls (${url}): TLS handshake failed: DEPTH_ZERO_SELF_SIGNED_CERT (self-signed certificate); --insecure accepts a certificate that cannot be verified\n`,
    });
  });
});

describe('the TLS front used by these tests', () => {
  it('passes a reset by the plain server behind it on to the client as a reset (not a clean close)', async () => {
    const net = await import('node:net');
    const tls = await import('node:tls');
    // A backend that resets every connection as soon as it has read something.
    const backend = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.resetAndDestroy());
    });
    await new Promise<void>((ok) => backend.listen(0, '127.0.0.1', ok));
    const resetting = await tlsFront((backend.address() as import('node:net').AddressInfo).port);
    try {
      const client = tls.connect({ host: '127.0.0.1', port: resetting.port, rejectUnauthorized: false });
      const outcome = await new Promise<string>((resolve) => {
        client.on('secureConnect', () => client.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
        client.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        client.on('close', () => resolve('closed without an error'));
      });
      expect(outcome).toBe('ECONNRESET');
    } finally {
      await resetting.close();
      await new Promise((ok) => backend.close(ok));
    }
  });
});
