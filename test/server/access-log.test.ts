// The access log (`onAccessLog`) over real sockets: each exchange's entry carries when it ended, the peer and, when
// the server answered by itself, the error's code — the parser's for a refused request, the server's own for a
// timeout or a failed handler — and no error when the handler's response went out.
import { afterEach, describe, expect, it } from 'vitest';
import type { Handler } from '../../src/server/connection.js';
import type { AccessLogEntry, ServerOptionsInit } from '../../src/server/options.js';
import { raw, type Running, start, until } from './support.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function logged(handler: Handler, options: ServerOptionsInit = {}): Promise<Running & { log: AccessLogEntry[] }> {
  const log: AccessLogEntry[] = [];
  const r = await start(handler, { onAccessLog: (e) => log.push(e), ...options });
  running.push(r);
  return { ...r, log };
}

const ok: Handler = async (req, res) => {
  await req.bytes();
  await res.end('ok');
};

describe('access log entries', () => {
  it('a served request: time within the exchange, the peer, no error', async () => {
    const { port, log } = await logged(ok);
    const before = Date.now();
    const r = await raw(port, 'GET /a HTTP/1.1\r\nHost: t\r\n\r\n', { responses: 1 });
    expect(r.responses[0]!.status).toBe(200);
    await until(() => log.length === 1, 'the entry');
    expect(log[0]).toMatchObject({ method: 'GET', target: '/a', status: 200, bytes: 2, remoteAddress: '127.0.0.1' });
    expect(log[0]!.error).toBeUndefined();
    expect(log[0]!.time).toBeGreaterThanOrEqual(before);
    expect(log[0]!.time).toBeLessThanOrEqual(Date.now());
  });

  // The byte is the parser's offset: for an error about the head as a whole, where the field line that causes it
  // starts, or the empty line that ends a head without Host (docs/design.md, "Where a head's errors point").
  it.each([
    ['no Host', 'GET /a HTTP/1.1\r\n\r\n', 400, 'MISSING_HOST', 17],
    ['a bad target', 'GET a b HTTP/1.1\r\nHost: t\r\n\r\n', 400, 'INVALID_REQUEST_LINE', 5],
    ['a body too large', 'POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 99\r\n\r\n', 413, 'BODY_TOO_LARGE', 47],
    ['Transfer-Encoding with Content-Length', 'POST /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n', 400, 'TRANSFER_ENCODING_WITH_CONTENT_LENGTH', 55],
  ])('a request the parser refused (%s): its code, and the byte where it was found', async (_what, bytes, status, code, at) => {
    const { port, log } = await logged(ok, { limits: { maxBodyBytes: 10 } });
    const r = await raw(port, bytes);
    expect(r.responses.map((x) => x.status)).toEqual([status]);
    await until(() => log.length === 1, 'the entry');
    expect(log[0]).toMatchObject({ status, remoteAddress: '127.0.0.1', error: { code } });
    expect(log[0]!.error!.message).toMatch(new RegExp(` \\(byte ${at}\\)$`));
  });

  it('the server\'s own answers: HEAD_TIMEOUT, BODY_TIMEOUT, HANDLER_ERROR', async () => {
    const failing: Handler = async (req) => {
      if (req.target === '/throw') throw new Error('a bug');
      await req.bytes();
    };
    const { port, log } = await logged(failing, { headersTimeout: 150, bodyTimeout: 150 });
    await raw(port, 'GET /slow HTTP/1.1\r\nHost');
    await raw(port, 'POST /stall HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc');
    await raw(port, 'GET /throw HTTP/1.1\r\nHost: t\r\n\r\n');
    await until(() => log.length === 3, 'three entries');
    expect(log.map((e) => [e.method, e.status, e.error?.code])).toEqual([
      ['-', 408, 'HEAD_TIMEOUT'],
      ['POST', 408, 'BODY_TIMEOUT'],
      ['GET', 500, 'HANDLER_ERROR'],
    ]);
  });
});
