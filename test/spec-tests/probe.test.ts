// The probe's parts on their own: reading responses byte-exactly, the echo formats, delivery plans, selection,
// the judge, and the runner's error and dry-run paths.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { accepted, accepts, get, refuses } from '../../spec-tests/build.js';
import { SUITE, type SpecCase } from '../../spec-tests/index.js';
import {
  analyzeResponses, caseSeed, cut, decodeEcho, escapeBytes, formatTarget, formatTerminal, judge, parseTarget, planDelivery,
  requestMethods, runProbe, seededRandom, selects, syntacticBoundaries, type Observation,
} from '../../src/probe/index.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const analyze = (text: string, methods: string[] = ['GET'], closed = false) =>
  analyzeResponses(bytes(text), methods, { closed, echo: 'auto' });

describe('analyzeResponses: the server\'s bytes read by the strict response parser', () => {
  it('reads pipelined responses and their bodies', () => {
    const a = analyze('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', ['GET', 'GET']);
    expect(a.responses.map((r) => [r.status, r.bodyLength])).toEqual([[200, 2], [404, 0]]);
    expect(a.trailingBytes).toBe(0);
  });

  it('counts a body sent after a HEAD response as bytes after the last response (RFC 9110 §9.3.2)', () => {
    const a = analyze('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', ['HEAD'], true);
    expect(a.responses.map((r) => r.status)).toEqual([200]);
    expect(a.trailingBytes).toBe(5);
  });

  it('counts bytes after a response that ended the connection', () => {
    const a = analyze('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\nEXTRA', ['GET'], true);
    expect(a.responses.map((r) => r.status)).toEqual([400]);
    expect(a.trailingBytes).toBe(5);
  });

  it('attaches interim responses to the final one after them', () => {
    const a = analyze('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', ['POST']);
    expect(a.responses).toHaveLength(1);
    expect(a.responses[0]).toMatchObject({ status: 200, interim: [100] });
  });

  it('ends a close-delimited body at the close, and holds it as incomplete while the connection is open', () => {
    expect(analyze('HTTP/1.1 200 OK\r\n\r\nbody', ['GET'], true).responses[0]).toMatchObject({ status: 200, bodyLength: 4 });
    const open = analyze('HTTP/1.1 200 OK\r\n\r\nbody', ['GET'], false);
    expect(open.responses).toHaveLength(0);
    expect(open.trailingBytes).toBe(23);
  });

  it('reports a malformed response (obs-fold, which a server must not send) with its code and offset', () => {
    const a = analyze('HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n');
    expect(a.malformed).toMatchObject({ code: 'OBS_FOLD', offset: 23 });
    expect(a.nonHttp).toBe(false);
  });

  it('recognises bytes that are not HTTP at all (an HTTP/0.9 answer)', () => {
    expect(analyze('<html>hello</html>', ['GET'], true).nonHttp).toBe(true);
  });

  it('stops at a 101: what follows is another protocol', () => {
    const a = analyze('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n\x00\x01binary');
    expect(a).toMatchObject({ switchedProtocol: true, trailingBytes: 0 });
  });

  it('says how many request pieces had been written when each response began', () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';
    const a = analyzeResponses(bytes(text), ['GET', 'GET'], { closed: false, echo: 'none', arrivals: [{ offset: 0, afterPieces: 1 }, { offset: 38, afterPieces: 2 }] });
    expect(a.responses.map((r) => r.afterPieces)).toEqual([1, 2]);
  });

  it('learns the methods of the requests sent, HEAD included, even from input it would refuse', () => {
    expect(requestMethods(bytes(`${get('/a')}HEAD / HTTP/1.1\r\nHost: a\r\n\r\n`))).toEqual(['GET', 'HEAD']);
    expect(requestMethods(bytes('HEAD / HTTP/1.1\nHost: a\n\n'))).toEqual(['HEAD']);
    expect(requestMethods(bytes('FOO(bar / HTTP/1.1\r\n\r\n'))).toEqual(['FOO']);
  });
});

describe('decodeEcho: the three echo formats', () => {
  const h1ref = JSON.stringify({ method: 'POST', target: '/x', version: '1.1', headers: [['Host', 'a'], ['X', 'caf\xe9']], trailers: [['T', '1']], body: Buffer.from('hi').toString('base64') });
  const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
  const garden = JSON.stringify({ method: b64('POST'), uri: b64('/x'), version: b64('HTTP/1.1'), headers: [[b64('host'), b64('a')]], body: b64('hi') });

  it('reads h1ref\'s JSON, latin1 values and base64 body', () => {
    expect(decodeEcho(Buffer.from(h1ref, 'utf8'), 'auto')).toEqual({
      format: 'h1ref', method: 'POST', target: '/x', version: '1.1', headers: [['Host', 'a'], ['X', 'caf\xe9']], trailers: [['T', '1']], body: 'hi',
    });
  });

  it('reads HTTP Garden\'s five base64 fields', () => {
    expect(decodeEcho(Buffer.from(garden), 'auto')).toEqual({ format: 'garden', method: 'POST', target: '/x', version: 'HTTP/1.1', headers: [['host', 'a']], body: 'hi' });
    expect(decodeEcho(Buffer.from(garden), 'h1ref')).toBeUndefined();
  });

  it('parses raw received bytes as the request', () => {
    expect(decodeEcho(bytes('PUT /r HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nT: 1\r\n\r\n'), 'raw')).toEqual({
      format: 'raw', method: 'PUT', target: '/r', version: 'HTTP/1.1', headers: [['Host', 'a'], ['Transfer-Encoding', 'chunked']], body: 'hi', trailers: [['T', '1']],
    });
  });

  it('finds no echo in ordinary content, or when told there is none', () => {
    expect(decodeEcho(bytes('<html>ok</html>'), 'auto')).toBeUndefined();
    expect(decodeEcho(bytes('{"ok":true}'), 'auto')).toBeUndefined();
    expect(decodeEcho(Buffer.from(h1ref), 'none')).toBeUndefined();
  });
});

describe('delivery plans', () => {
  const c = SUITE.find((x) => x.id === 'fragmentation/get-between-cr-lf')!;

  it('cuts at the case\'s offsets, and the pieces put back together are the case\'s bytes', () => {
    const plan = planDelivery(c);
    expect(plan.pieces).toHaveLength(2);
    expect(Buffer.concat(plan.pieces).toString('latin1')).toBe(c.request);
    expect(Buffer.from(plan.pieces[0]!).toString('latin1').endsWith('\r')).toBe(true);
  });

  it('cuts at every syntactic boundary: around delimiters, and inside tokens', () => {
    const b = bytes('GET / HTTP/1.1\r\n');
    const pieces = cut(b, syntacticBoundaries(b)).map((p) => Buffer.from(p).toString('latin1'));
    expect(pieces.join('')).toBe('GET / HTTP/1.1\r\n');
    expect(pieces).toContain('\r');
    expect(pieces).toContain('\n');
    expect(pieces).toContain('G');
    expect(pieces).toContain('/');
  });

  it('replays random cuts from the seed, per case', () => {
    const a = planDelivery(c, 'random', seededRandom(caseSeed(42, c.id))).pieces.map((p) => p.length);
    const b = planDelivery(c, 'random', seededRandom(caseSeed(42, c.id))).pieces.map((p) => p.length);
    expect(a).toEqual(b);
    expect(a.reduce((x, y) => x + y, 0)).toBe(c.request.length);
  });

  it('keeps a delivery that waits for responses whatever the override', () => {
    const wait = SUITE.find((x) => x.id === 'expect-continue/continue-before-body')!;
    expect(planDelivery(wait, 'bytes')).toMatchObject({ awaitMs: 1000 });
    expect(planDelivery(wait, 'bytes').pieces).toHaveLength(2);
  });

  it('drops pauses beyond 2000 pieces', () => {
    const big = SUITE.find((x) => x.id === 'limits/target-100k')!;
    expect(planDelivery(big, 'bytes').pauseMs).toBe(0);
  });
});

describe('selection and targets', () => {
  const c = SUITE.find((x) => x.id === 'smuggling/cl-te')!;

  it('selects by id, category, section (with subsections) and id glob', () => {
    for (const s of ['smuggling/cl-te', 'smuggling', 'RFC 9112 §6.3', '9112 §6.3', '§6.3', 'RFC 9112 §6', 'smuggling/cl-*']) expect(selects(s, c), s).toBe(true);
    for (const s of ['chunked', 'RFC 9110 §6.3', '§6.1', 'RFC 9112 §6.3.1', 'chunked/*']) expect(selects(s, c), s).toBe(false);
  });

  it('reads host:port, [v6]:port, http and https URLs, and names each as a URL', () => {
    expect(parseTarget('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseTarget('[::1]:81')).toEqual({ host: '::1', port: 81 });
    expect(parseTarget('http://localhost/x')).toEqual({ host: 'localhost', port: 80 });
    expect(parseTarget('http://[::1]:9000/')).toEqual({ host: '::1', port: 9000 });
    expect(parseTarget('https://example.com/')).toEqual({ host: 'example.com', port: 443, tls: true });
    expect(parseTarget('HTTPS://[::1]:8443')).toEqual({ host: '::1', port: 8443, tls: true });
    expect(() => parseTarget('ftp://example.com/')).toThrow(/only http:\/\/ and https:\/\//);
    expect(() => parseTarget('localhost')).toThrow(TypeError);
    expect(formatTarget(parseTarget('127.0.0.1:8080'))).toBe('http://127.0.0.1:8080');
    expect(formatTarget(parseTarget('https://[::1]:8443/x'))).toBe('https://[::1]:8443');
    expect(formatTarget({ host: 'localhost', port: 443, tls: true, insecure: true })).toBe('https://localhost:443');
  });
});

describe('judge', () => {
  const observation = (statuses: number[], connection: Observation['connection'], extra: Partial<Observation> = {}): Observation => ({
    responses: statuses.map((status) => ({ status, reason: '', version: 'HTTP/1.1', headers: [], interim: [], bodyLength: 0, afterPieces: 1 })),
    connection, timedOut: false, nonHttp: false, trailingBytes: 0, piecesSent: 1, piecesTotal: 1, firstByteAfterPieces: 1, switchedProtocol: false,
    ...extra,
  });
  const should: SpecCase = {
    id: 'x/should', section: 'RFC 9112 §2.2', level: 'SHOULD', category: 'line-endings', description: 'an invalid message', request: 'x',
    outcomes: [...refuses(), { label: 'accept it', verdict: 'warn', responses: [accepted()] }],
  };

  it('takes the best outcome the observation matches', () => {
    expect(judge(should, observation([400], 'closed'))).toMatchObject({ verdict: 'pass', matched: 'refuse with 400 and close' });
    expect(judge(should, observation([200], 'open'))).toMatchObject({ verdict: 'warn', matched: 'accept it' });
  });

  it('turns a SHOULD-level warning into a failure when strict', () => {
    expect(judge(should, observation([200], 'open'), { strict: true }).verdict).toBe('fail');
  });

  it('judges an unmatched observation by the case\'s level', () => {
    expect(judge(should, observation([500], 'closed')).verdict).toBe('warn');
    expect(judge({ ...should, level: 'MUST' }, observation([500], 'closed')).verdict).toBe('fail');
  });

  it('a failed check: MUST → fail, SHOULD → warn (fail when strict), MAY → no change', () => {
    // A 400 without a Date field: the outcome passes, only the `date` check (RFC 9110 §6.6.1) does not hold.
    const withCheck = (level: SpecCase['level']): SpecCase => ({ ...should, checks: [{ check: 'date', level, section: 'RFC 9110 §6.6.1' }] });
    const undated = observation([400], 'closed');
    const verdicts = (['MUST', 'SHOULD', 'MAY'] as const).map((level) => [
      level, judge(withCheck(level), undated).verdict, judge(withCheck(level), undated, { strict: true }).verdict,
    ]);
    expect(verdicts).toEqual([['MUST', 'fail', 'fail'], ['SHOULD', 'warn', 'fail'], ['MAY', 'pass', 'pass']]);
    // The failed check is named among the reasons, whatever its level.
    for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
      expect(judge(withCheck(level), undated).reasons.some((r) => r.startsWith(`date (${level}, RFC 9110 §6.6.1)`)), level).toBe(true);
    }
    // A check that holds changes nothing, and a failed check never improves a worse verdict.
    const dated = observation([400], 'closed');
    const withDate: Observation = { ...dated, responses: [{ ...dated.responses[0]!, headers: [['Date', 'Sun, 06 Nov 1994 08:49:37 GMT']] }] };
    expect(judge(withCheck('MUST'), withDate).verdict).toBe('pass');
    expect(judge(withCheck('MAY'), observation([200], 'open')).verdict).toBe('warn');
    expect(judge(withCheck('SHOULD'), observation([500], 'closed'), { strict: true }).verdict).toBe('fail');
  });

  it('an unmatched MAY-level case warns, strict or not', () => {
    expect(judge({ ...should, level: 'MAY' }, observation([500], 'closed')).verdict).toBe('warn');
    expect(judge({ ...should, level: 'MAY' }, observation([500], 'closed'), { strict: true }).verdict).toBe('warn');
  });

  it('fails a malformed response or bytes after the last response, whatever the outcome', () => {
    expect(judge(should, observation([400], 'closed', { trailingBytes: 3 })).verdict).toBe('fail');
    expect(judge(should, observation([], 'closed', { malformed: { code: 'INVALID_STATUS_LINE', message: 'x', offset: 0 } })).verdict).toBe('fail');
  });

  it('compares the echo when the server gives one', () => {
    const c: SpecCase = { ...should, level: 'MUST', outcomes: accepts({ body: 'hello' }) };
    const echoed = (body: string): Observation => {
      const o = observation([200], 'open');
      return { ...o, responses: [{ ...o.responses[0]!, echo: { format: 'h1ref', method: 'POST', target: '/', version: '1.1', headers: [], body } }] };
    };
    expect(judge(c, echoed('hello'))).toMatchObject({ verdict: 'pass', interpretationChecked: true });
    expect(judge(c, echoed('hel')).verdict).toBe('fail');
    expect(judge(c, observation([200], 'open'))).toMatchObject({ verdict: 'pass', interpretationChecked: false });
  });
});

describe('runProbe without a server', () => {
  it('reports every case as an error when nothing listens', async () => {
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const report = await runProbe({ host: '127.0.0.1', port }, SUITE, { only: ['request-line/get-origin', 'host'] });
    expect(report.summary.error).toBe(report.results.length);
    expect(report.results[0]!.reasons[0]).toMatch(/cannot connect/);
  });

  it('plans and prints the bytes on a dry run, sending nothing', async () => {
    const report = await runProbe({ host: '127.0.0.1', port: 1 }, SUITE, { dryRun: true, only: ['chunked/size-bare-lf'], skip: [], split: 'bytes' });
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ verdict: 'skip', connection: null });
    expect(report.results[0]!.pieces.length).toBe(Buffer.from(report.results[0]!.request, 'base64').length);
    const text = formatTerminal(report);
    expect(text).toContain('1 skip');
    expect(text).toMatch(/^ +5\\n$/m);
    expect(text).toMatch(/^ +hello\\r\\n$/m);
    expect(escapeBytes(Buffer.from(report.results[0]!.request, 'base64'))).toContain('5\\nhello\\r\\n');
  });

  it('reports skipped cases as skip', async () => {
    const report = await runProbe({ host: '127.0.0.1', port: 1 }, SUITE, { only: ['version'], skip: ['version'] });
    expect(report.summary.skip).toBe(report.results.length);
    expect(report.summary.total).toBeGreaterThan(10);
  });
});
