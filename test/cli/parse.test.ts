// `h1ref parse`, run in-process through runCli on files and standard input: the interpretation of valid messages,
// the exact error (code, status, section, offset, caret) of invalid ones, responses framed by --method, and the
// exit codes.
import { Buffer } from 'node:buffer';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSE_FLAGS, parseMessages, parseUsage, type ParseReport } from '../../src/cli/parse.js';
import { run } from './support.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h1ref-parse-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.from(text, 'latin1'));
  return path;
}

const CHUNKED = 'POST /up?x=1 HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nX-Name: caf\xe9\r\n\r\n' +
  '5;a=b;q="x y"\r\nhello\r\n6\r\n world\r\n0\r\nChecksum: 42\r\n\r\n';
const SECOND = '\r\nGET http://example.com/next HTTP/1.0\r\n\r\n';

describe('h1ref parse: valid requests', () => {
  it('prints each request: line, fields, framing, keep-alive, expect, chunks with extensions, body, trailers', async () => {
    const r = await run(['parse', await file('two.http', CHUNKED + SECOND)]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`h1ref parse: 2 requests parsed from ${CHUNKED.length + SECOND.length} bytes`);
    expect(r.out).toContain(`request 1: bytes 0–${CHUNKED.length - 1} (${CHUNKED.length} bytes)\n`);
    expect(r.out).toContain('  method      POST\n  target      /up?x=1 (origin-form)\n  version     HTTP/1.1\n  authority   example.com\n  fields      4\n');
    expect(r.out).toContain('              X-Name: caf\\xe9\n');
    expect(r.out).toContain('  framing     chunked (RFC 9112 §7.1)\n  keep-alive  yes\n');
    expect(r.out).toContain('  expect      100-continue (the client waits for 100 Continue, RFC 9110 §10.1.1)\n');
    expect(r.out).toContain('  chunks      5, 6, 0\n              chunk 1 extensions: ;a=b;q="x y"\n');
    expect(r.out).toContain('  body        11 bytes\n              hello world\n  trailers    1\n              Checksum: 42\n');
    // The empty line before the second request-line belongs to the second request.
    expect(r.out).toContain(`request 2: bytes ${CHUNKED.length}–${CHUNKED.length + SECOND.length - 1} (${SECOND.length} bytes)\n`);
    expect(r.out).toContain('  target      http://example.com/next (absolute-form)\n  version     HTTP/1.0\n  authority   example.com\n  fields      0\n');
    expect(r.out).toContain('  keep-alive  no: the connection closes after it (RFC 9112 §9.3)\n');
  });

  it('--json: the same, as data', async () => {
    const r = await run(['parse', '--json', await file('two.http', CHUNKED + SECOND)]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ParseReport;
    expect(report).toMatchObject({ schema: 'h1ref-parse/1', kind: 'request', bytes: CHUNKED.length + SECOND.length, ok: true, error: null, switched: null });
    const [a, b] = report.messages;
    expect(a).toMatchObject({
      index: 1, start: 0, end: CHUNKED.length, complete: true, method: 'POST', target: '/up?x=1', targetForm: 'origin',
      authority: 'example.com', version: '1.1', rawVersion: 'HTTP/1.1', expect: '100-continue', expectContinue: true,
      framing: { kind: 'chunked' }, keepAlive: true, bodyLength: 11, trailers: [['Checksum', '42']],
      chunks: [{ size: 5, extensions: [{ name: 'a', value: 'b' }, { name: 'q', value: 'x y' }] }, { size: 6, extensions: [] }, { size: 0, extensions: [] }],
    });
    expect(a!.fields).toEqual([['Host', 'example.com'], ['Transfer-Encoding', 'chunked'], ['Expect', '100-continue'], ['X-Name', 'caf\xe9']]);
    expect(Buffer.from(a!.body, 'base64').toString('latin1')).toBe('hello world');
    expect(b).toMatchObject({ index: 2, start: CHUNKED.length, end: CHUNKED.length + SECOND.length, targetForm: 'absolute', keepAlive: false });
  });

  it('reads standard input for - (and without a FILE)', async () => {
    const a = await run(['parse', '-'], { stdin: 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' });
    expect(a.code).toBe(0);
    expect(a.out).toContain('request 1: bytes 0–26 (27 bytes)');
    const b = await run(['parse'], { stdin: '' });
    expect(b.code).toBe(0);
    expect(b.out).toContain('(no request in the input)');
  });

  it('an Upgrade is declined and parsing goes on; after CONNECT the bytes are a tunnel\'s', async () => {
    const upgrade = 'GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n';
    const a = parseMessages(Buffer.from(upgrade, 'latin1'), 'request');
    expect(a.messages.map((m) => [m.target, m.switchProtocol])).toEqual([['/', 'upgrade'], ['/2', null]]);
    const b = parseMessages(Buffer.from('CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\x16\x03\x01', 'latin1'), 'request');
    expect(b).toMatchObject({ ok: true, switched: { remainingBytes: 3 } });
    expect(b.messages[0]).toMatchObject({ method: 'CONNECT', targetForm: 'authority', switchProtocol: 'connect' });
  });
});

describe('h1ref parse: errors', () => {
  it('the code, status, section and offset, with the bytes around it and a caret under the offending byte', async () => {
    const text = 'GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n';
    const r = await run(['parse', await file('fold.http', text)]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('h1ref parse: 0 requests parsed from 37 bytes, then an error');
    const at = lines.findIndex((l) => l.startsWith('error in request 1'));
    expect(lines[at]).toBe('error in request 1, at byte 31: OBS_FOLD → 400 (RFC 9112 §5.2)');
    expect(lines[at + 2]).toBe('  GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\r\\n b\\r\\n\\r\\n');
    // Byte 31 is the SP that starts the continuation line.
    expect(text[31]).toBe(' ');
    expect(lines[at + 3]).toBe(`  ${' '.repeat('GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\r\\n'.length)}^`);
  });

  it('RFC 9112 §3.2, §6.1: an error about the head as a whole has its caret under the field line that causes it', async () => {
    // The error line names the offset; the caret stands under that byte in the escaped bytes above it.
    const caretUnder = async (text: string, offset: number, code: string, kind = 'request') => {
      const r = await run(['parse', ...(kind === 'response' ? ['--response'] : []), '-'], { stdin: text });
      expect(r.code).toBe(1);
      const lines = r.out.split('\n');
      const at = lines.findIndex((l) => l.startsWith(`error in ${kind} 1`));
      expect(lines[at]).toContain(`at byte ${offset}: ${code} `);
      const column = lines[at + 3]!.indexOf('^');
      expect(lines[at + 3]!.trim()).toBe('^');
      const escaped = text.slice(offset, offset + 12).replaceAll('\r', '\\r').replaceAll('\n', '\\n');
      expect(lines[at + 2]!.slice(column).startsWith(escaped), `${code}: ${lines[at + 2]!.slice(column)}`).toBe(true);
      return lines.slice(at, at + 4).join('\n');
    };
    const both = 'POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
    expect(await caretUnder(both, both.indexOf('Transfer-Encoding'), 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH')).toBe([
      'error in request 1, at byte 61: TRANSFER_ENCODING_WITH_CONTENT_LENGTH → 400 (RFC 9112 §6.1)',
      '  both Transfer-Encoding and Content-Length are present',
      '  …\\r\\nHost: example.com\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: c…',
      `  ${' '.repeat('…\\r\\nHost: example.com\\r\\nContent-Length: 5\\r\\n'.length)}^`,
    ].join('\n'));
    const hosts = 'GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nhost: b\r\n\r\n';
    await caretUnder(hosts, hosts.indexOf('host: b'), 'MULTIPLE_HOST');
    const gzip = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n';
    await caretUnder(gzip, gzip.indexOf('Transfer-Encoding: gzip'), 'CHUNKED_NOT_FINAL');
    const br = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: br, chunked\r\n\r\n';
    await caretUnder(br, br.indexOf('Transfer-Encoding'), 'UNSUPPORTED_TRANSFER_CODING');
    // Host missing: the caret is under the empty line that ends the head.
    const noHost = 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\n';
    await caretUnder(noHost, noHost.length - 2, 'MISSING_HOST');
    const lengths = 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx';
    await caretUnder(lengths, lengths.indexOf('Content-Length: 2'), 'CONFLICTING_CONTENT_LENGTH', 'response');
    const j = await run(['parse', '--json', '-'], { stdin: both });
    expect((JSON.parse(j.out) as ParseReport).error).toMatchObject({ code: 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', offset: both.indexOf('Transfer-Encoding') });
  });

  it('an error after valid requests names the request it is in; --json gives the same', async () => {
    const ok = 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\n';
    const bad = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n';
    const path = await file('chunk.http', ok + bad);
    const r = await run(['parse', path]);
    expect(r.code).toBe(1);
    const offset = ok.length + bad.indexOf('zz');
    expect(r.out).toContain(`error in request 2, at byte ${offset}: INVALID_CHUNK_SIZE → 400 (RFC 9112 §7.1)`);
    // The head of the request the error is in is printed, with the body read so far.
    expect(r.out).toContain('request 2: bytes 28– (incomplete)');
    expect(r.out).toContain('  body        5 bytes so far\n');
    const j = await run(['parse', '--json', path]);
    const report = JSON.parse(j.out) as ParseReport;
    expect(report.ok).toBe(false);
    expect(report.error).toMatchObject({ code: 'INVALID_CHUNK_SIZE', status: 400, section: 'RFC 9112 §7.1', offset, messageIndex: 2 });
    expect(report.messages[1]).toMatchObject({ complete: false, end: null, bodyLength: 5 });
  });

  it('--response: an error says what a client does (invalid, close), not a status a server would answer', async () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx';
    const path = await file('bad-response.http', text);
    const r = await run(['parse', '--response', path]);
    expect(r.code).toBe(1);
    const line = r.out.split('\n').find((l) => l.startsWith('error in response 1'))!;
    expect(line).toMatch(/^error in response 1, at byte \d+: \w+ → invalid response, close the connection \(RFC 911[02] §[\d.]+\)$/);
    expect(r.out).not.toMatch(/→ \d{3}/);
    const j = await run(['parse', '--response', '--json', path]);
    const report = JSON.parse(j.out) as ParseReport;
    expect(report.error!.action).toBe('a client treats the response as invalid, discards it and closes the connection');
    // A request with the same fault is answered by a server: the status stays.
    const req = await run(['parse', '--json', '-'], { stdin: 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx' });
    expect((JSON.parse(req.out) as ParseReport).error).toMatchObject({ status: 400, action: 'a server answers 400 and closes the connection' });
  });

  it('input that ends inside a message: INCOMPLETE_MESSAGE at the end of the input', async () => {
    const r = await run(['parse', '-'], { stdin: 'GET / HTTP/1.1\r\nHost: a\r\n' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('error in request 1, at byte 25: INCOMPLETE_MESSAGE → 400 (RFC 9112 §8)');
  });

  it('a bare LF is refused unless --lenient-bare-lf; obs-fold is joined with --lenient-obs-fold; limits apply', async () => {
    const lf = 'GET / HTTP/1.1\nHost: a\n\n';
    const strict = JSON.parse((await run(['parse', '--json', '-'], { stdin: lf })).out) as ParseReport;
    expect(strict.error).toMatchObject({ code: 'BARE_LF', offset: 14 });
    const lenient = await run(['parse', '--json', '--lenient-bare-lf', '-'], { stdin: lf });
    expect(lenient.code).toBe(0);
    const fold = JSON.parse((await run(['parse', '--json', '--lenient-obs-fold', '-'], { stdin: 'GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n' })).out) as ParseReport;
    expect(fold.messages[0]!.fields).toEqual([['Host', 'a'], ['X', 'a b']]);
    const long = await run(['parse', '--max-start-line-bytes', '10', '-'], { stdin: 'GET /0123456789 HTTP/1.1\r\nHost: a\r\n\r\n' });
    expect(long.code).toBe(1);
    expect(long.out).toContain('REQUEST_LINE_TOO_LONG → 414');
  });
});

describe('h1ref parse --response', () => {
  const responses = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';

  it('--method HEAD: the first response has no body, so the next one is a response of its own (RFC 9112 §6.3)', async () => {
    const r = await run(['parse', '--response', '--method', 'HEAD', '--json', await file('head.http', responses)]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ParseReport;
    expect(report.messages.map((m) => [m.status, m.interim, m.requestMethod, m.bodyLength])).toEqual([
      [100, true, 'HEAD', 0], [200, false, 'HEAD', 0], [200, false, 'GET', 5],
    ]);
    const text = await run(['parse', '--response', '--method', 'HEAD', await file('head.http', responses)]);
    expect(text.out).toContain('response 2, to HEAD: bytes 25–62 (38 bytes)\n  status      200 OK\n');
    expect(text.out).toContain('  framing     no body (a response to HEAD, RFC 9112 §6.3 rule 1)\n');
  });

  it('without it, the 5 bytes of the second response\'s head are read as the first one\'s body', async () => {
    const report = JSON.parse((await run(['parse', '--response', '--json', await file('head.http', responses)])).out) as ParseReport;
    expect(report.messages[1]).toMatchObject({ status: 200, bodyLength: 5 });
    expect(Buffer.from(report.messages[1]!.body, 'base64').toString('latin1')).toBe('HTTP/');
    expect(report.ok).toBe(false);
    expect(report.error!.code).toBe('INVALID_STATUS_LINE');
  });

  it('a body delimited by the close ends with the input', async () => {
    const r = await run(['parse', '--response', '-'], { stdin: 'HTTP/1.0 200 OK\r\n\r\nuntil close' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('  framing     until the connection closes (RFC 9112 §6.3 rule 8)\n');
    expect(r.out).toContain('  body        11 bytes\n              until close');
  });
});

describe('h1ref parse: usage', () => {
  it('exit 2 for an unreadable file and for bad options; --help lists every option with its default', async () => {
    const missing = await run(['parse', join(dir, 'missing.http')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read');
    const method = await run(['parse', '--method', 'HEAD', '-'], { stdin: '' });
    expect(method.code).toBe(2);
    expect(method.err).toContain('--method applies to --response only');
    const token = await run(['parse', '--response', '--method', 'GE T', '-'], { stdin: '' });
    expect(token.code).toBe(2);
    const help = await run(['parse', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.trimEnd()).toBe(parseUsage());
    for (const flag of PARSE_FLAGS) expect(help.out.split('\n').find((l) => l.trimStart().replace(/^-\w, /, '').startsWith(`--${flag.name} `)), flag.name).toMatch(/\(default: [^)]+\)$/);
  });
});
