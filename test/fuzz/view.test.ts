// Views: the reference's view of bytes (the RFC verdict, with where each message ends and how it was framed),
// and a target's view from the probe's observation of a real exchange.
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOf, WHOLE } from '../../src/fuzz/plan.js';
import { referenceView, targetView } from '../../src/fuzz/view.js';
import { exchangeBytes } from '../../src/probe/exchange.js';
import { strictEcho, type TestTarget } from './support.js';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const ref = (text: string, halfClose = false) => referenceView(planOf(bytes(text), WHOLE), { halfClose });

describe('referenceView', () => {
  it('locates each message of a pipeline and names its framing (RFC 9112 §6.3)', () => {
    const first = 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc';
    const second = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n';
    const third = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';
    const v = ref(first + second + third);
    expect(v.messages.map((m) => [m.status, m.consumedTo, m.framing])).toEqual([
      [200, first.length, 'length'],
      [200, first.length + second.length, 'chunked'],
      [200, first.length + second.length + third.length, 'none'],
    ]);
    expect(v.messages[1]!.echo).toMatchObject({ method: 'POST', version: '1.1', body: 'x' });
    expect(v.end).toBe('open');
    expect(v.error).toBeUndefined();
  });

  it('refuses with the error\'s code, section and offset, and closes: Content-Length with Transfer-Encoding (RFC 9112 §6.1)', () => {
    const v = ref('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expect(v.messages).toEqual([{ status: 400, accepted: false, interim: [] }]);
    expect(v.end).toBe('closed');
    expect(v.error).toMatchObject({ section: expect.stringContaining('RFC 9112') });
  });

  it('a message after which the connection does not persist ends the stream there (RFC 9112 §9.6)', () => {
    const v = ref('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(v.messages).toHaveLength(1);
    expect(v.end).toBe('closed');
  });

  it('an incomplete body leaves the reference waiting; a half-close ends it with an error', () => {
    const partial = 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab';
    expect(ref(partial)).toMatchObject({ messages: [], end: 'open' });
    const closed = ref(partial, true);
    expect(closed.end).toBe('closed');
    expect(closed.messages[0]?.accepted).toBe(false);
  });
});

describe('targetView', () => {
  let server: TestTarget;
  beforeAll(async () => { server = await strictEcho(); });
  afterAll(async () => { await server.close(); });

  const exchange = async (text: string, expected: number) => {
    const r = await exchangeBytes(planOf(bytes(text), WHOLE), { host: '127.0.0.1', port: server.port, timeoutMs: 300, lingerMs: 20, echo: 'h1ref', expected });
    return targetView(r.observation);
  };

  it('reduces a real exchange to statuses, echoes and the connection\'s end, like the reference', async () => {
    const text = 'GET /x HTTP/1.1\r\nHost: a\r\n\r\nGET /y HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';
    const v = await exchange(text, 2);
    expect(v.messages.map((m) => [m.status, m.accepted, m.echo?.target])).toEqual([[200, true, '/x'], [200, true, '/y']]);
    expect(v.end).toBe('closed');
    const r = ref(text);
    expect(r.messages.map((m) => m.echo?.target)).toEqual(['/x', '/y']);
  });

  it('a target short of the expected responses that goes silent is hang', async () => {
    const v = await exchange('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nab', 1);
    expect(v).toMatchObject({ messages: [], end: 'hang' });
  });
});
