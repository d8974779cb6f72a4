// `h1ref serve --echo h1ref|garden|raw`: what each format holds, byte for byte, and the probe reading each format
// from a live server (interpretations compared, and a lying echo caught).
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE } from '../../spec-tests/index.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { runProbe, selects } from '../../src/probe/index.js';
import { MessageLocator } from '../../src/parser/message-locator.js';
import { randomPieces, raw, start, type Running } from '../server/support.js';
import { run, serve, type Served } from './support.js';

let garden: Served;
let rawEcho: Served;
let h1ref: Served;

beforeAll(async () => {
  [garden, rawEcho, h1ref] = await Promise.all([serve(['--echo', 'garden']), serve(['--echo', 'raw']), serve(['--echo', 'h1ref'])]);
});
afterAll(async () => {
  expect(await Promise.all([garden.stop(), rawEcho.stop(), h1ref.stop()])).toEqual([0, 0, 0]);
});

const b64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64');
const unb64 = (text: string): string => Buffer.from(text, 'base64').toString('latin1');

const FIRST = 'POST /a?b=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-A:  caf\xe9 \r\nx-a: 2\r\n\r\n' +
  '3;ext="q"\r\nabc\r\n0\r\nT: 1\r\n\r\n';
const SECOND = '\r\nGET /2 HTTP/1.1\r\nhost: y\r\nConnection: close\r\n\r\n';

describe('serve --echo garden', () => {
  it('answers 200 application/json with five base64 members: method, uri, version, headers as pairs, body', async () => {
    const r = await raw(garden.port, FIRST + SECOND);
    expect(r.responses.map((x) => x.status)).toEqual([200, 200]);
    const doc = JSON.parse(r.responses[0]!.body.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['body', 'headers', 'method', 'uri', 'version']);
    expect(doc).toEqual({
      method: b64('POST'),
      uri: b64('/a?b=1'),
      version: b64('HTTP/1.1'),
      headers: [['Host', 'x'], ['Transfer-Encoding', 'chunked'], ['X-A', 'caf\xe9'], ['x-a', '2']].map(([n, v]) => [b64(n!), b64(v!)]),
      body: b64('abc'),
    });
    expect(r.responses[0]!.headers).toContainEqual(['Content-Type', 'application/json']);
    const second = JSON.parse(r.responses[1]!.body.toString('utf8')) as { uri: string; headers: [string, string][] };
    expect(unb64(second.uri)).toBe('/2');
    expect(second.headers.map(([n, v]) => [unb64(n), unb64(v)])).toEqual([['host', 'y'], ['Connection', 'close']]);
  });
});

describe('serve --echo raw', () => {
  it('answers each request with the exact bytes received for it, head and body, as message/http', async () => {
    const r = await raw(rawEcho.port, FIRST + SECOND);
    expect(r.responses.map((x) => x.status)).toEqual([200, 200]);
    expect(r.responses[0]!.headers).toContainEqual(['Content-Type', 'message/http; msgtype=request']);
    expect(r.responses[0]!.body.toString('latin1')).toBe(FIRST);
    // The empty line before the second request-line (RFC 9112 §2.2) is part of the second request's bytes.
    expect(r.responses[1]!.body.toString('latin1')).toBe(SECOND);
  });

  it('the same bytes however they are cut into reads (one byte at a time, random pieces)', async () => {
    const bytes = await raw(rawEcho.port, [...(FIRST + SECOND)], { delayMs: 1 });
    expect(bytes.responses.map((x) => x.body.toString('latin1'))).toEqual([FIRST, SECOND]);
    for (const seed of [1, 2, 3]) {
      const r = await raw(rawEcho.port, randomPieces(FIRST + SECOND, seed), { delayMs: 1 });
      expect(r.responses.map((x) => x.body.toString('latin1')), `seed ${seed}`).toEqual([FIRST, SECOND]);
    }
  });

  it('a request after a declined Upgrade, and a Content-Length body with pipelined requests behind it', async () => {
    const upgrade = 'GET /u HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n';
    const post = 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello';
    const last = 'GET /l HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';
    const r = await raw(rawEcho.port, upgrade + post + last);
    expect(r.responses.map((x) => x.body.toString('latin1'))).toEqual([upgrade, post, last]);
  });

  it('a HEAD request gets the head only (RFC 9110 §9.3.2)', async () => {
    const head = 'HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';
    const r = await raw(rawEcho.port, head, { methods: ['HEAD'] });
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]!.body.length).toBe(0);
    expect(r.bytes.toString('latin1')).toContain(`Content-Length: ${head.length}\r\n`);
  });
});

describe('MessageLocator', () => {
  it('locates every message end exactly, whatever the pieces', () => {
    const middle = 'GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz';
    const stream = Buffer.from(FIRST + middle + SECOND, 'latin1');
    const ends = (pieces: readonly string[]): number[] => {
      const locator = new MessageLocator(new RequestParser());
      const out: number[] = [];
      for (const p of pieces) for (const e of locator.push(Buffer.from(p, 'latin1'))) if (e.event.type === 'end') out.push(e.offset);
      return out;
    };
    const want = [FIRST.length, FIRST.length + middle.length, stream.length];
    expect(ends([stream.toString('latin1')])).toEqual(want);
    for (const seed of [5, 6, 7, 8]) expect(ends(randomPieces(stream.toString('latin1'), seed, 40))).toEqual(want);
  });
});

describe('the probe reads each echo format from a live server', () => {
  const ONLY = ['content-length', 'chunked', 'field-syntax'];
  const selected = SUITE.filter((c) => ONLY.some((s) => selects(s, c)));

  for (const format of ['garden', 'raw', 'h1ref'] as const) {
    it(`--echo ${format}: every case passes and the interpretation is compared`, async () => {
      const port = { garden, raw: rawEcho, h1ref }[format].port;
      const report = await runProbe({ host: '127.0.0.1', port }, SUITE, { only: ONLY, echo: format, concurrency: 16 });
      expect(report.results).toHaveLength(selected.length);
      expect(report.summary.fail, report.results.filter((r) => r.verdict === 'fail').map((r) => `${r.id}: ${r.reasons.join('; ')}`).join('\n')).toBe(0);
      expect(report.summary.error).toBe(0);
      // Whenever a request was accepted (200), the echo was decoded and compared with what the RFC says it means.
      const accepted = report.results.filter((r) => r.statuses.length > 0 && r.statuses.every((s) => s === 200) && r.matched !== null);
      expect(accepted.length).toBeGreaterThan(20);
      const compared = report.results.filter((r) => r.interpretationChecked).map((r) => r.id);
      for (const id of ['content-length/body', 'chunked/trailer', 'chunked/trailers-several']) expect(compared, id).toContain(id);
      expect(compared.length).toBeGreaterThan(20);
    });
  }

  it('the same CLI, reading the garden echo', async () => {
    const r = await run(['probe', `127.0.0.1:${garden.port}`, '--echo', 'garden', '--only', 'chunked/trailer,content-length/body']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('echo garden');
  });

  let liar: Running;
  beforeAll(async () => {
    // A garden echo that reports a body it did not receive: the probe must notice.
    liar = await start(async (request, response) => {
      await request.bytes();
      response.headers.set('Content-Type', 'application/json');
      await response.end(JSON.stringify({
        method: b64(request.method), uri: b64(request.target), version: b64(request.rawVersion),
        headers: request.headers.toArray().map(([n, v]) => [b64(n), b64(v)]), body: b64('not what was sent'),
      }));
    });
  });
  afterAll(async () => {
    await liar.close();
  });

  it('an echo that misreports the body fails the case, naming the difference', async () => {
    const report = await runProbe({ host: '127.0.0.1', port: liar.port }, SUITE, { only: ['content-length/body'], echo: 'garden' });
    const r = report.results[0]!;
    expect(r.verdict).toBe('fail');
    expect(r.reasons.join('\n')).toMatch(/^not "accept[^"]*": response 1: echo: body "not what was sent", expected "hello"$/m);
  });

  it('--echo-fields: a partial echo is compared on the fields it reports faithfully only', async () => {
    const partial = await run(['probe', `127.0.0.1:${liar.port}`, '--only', 'content-length/body', '--echo', 'garden', '--echo-fields', 'method,target']);
    expect(partial.code).toBe(0);
    expect(partial.out).toContain('echo garden (method, target)');
    const whole = await run(['probe', `127.0.0.1:${liar.port}`, '--only', 'content-length/body', '--echo', 'garden', '--echo-fields', 'method', '--echo-fields', 'body']);
    expect(whole.code).toBe(1);
    expect(whole.out).toContain('echo: body "not what was sent"');
  });
});
