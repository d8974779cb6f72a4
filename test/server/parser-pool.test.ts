// The server's parser pool: a connection that closes or goes idle gives its parser back, reset, and the next
// connection takes it. Whatever state the parser was left in by its last connection — a head cut in the middle,
// a failed request — the next connection is parsed as if by a new parser: the same answers, the same error
// offsets (counted from its own first byte).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestParser } from '../../src/parser/request-parser.js';
import { echoHandler } from '../../src/server/echo-handler.js';
import type { AccessLogEntry } from '../../src/server/options.js';
import { ParserPool } from '../../src/server/parser-pool.js';
import { raw, type Running, start } from './support.js';

let running: Running | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(predicate()).toBe(true);
}

describe('ParserPool', () => {
  it('gives a kept parser back reset, and keeps no more than its size', () => {
    const pool = new ParserPool({}, 2);
    const used = pool.take();
    used.push(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\nX-Cut: ab', 'latin1'));
    expect(used.phase).toBe('head');
    pool.give(used);
    expect(pool.kept).toBe(1);
    const again = pool.take();
    expect(again).toBe(used);
    expect(again).toEqual(new RequestParser({}));
    expect(again.bytesReceived).toBe(0);
    pool.give(new RequestParser());
    pool.give(new RequestParser());
    pool.give(new RequestParser());
    expect(pool.kept).toBe(2);
  });
});

describe('the server reuses parsers across connections', () => {
  it('a connection closed in the middle of a head gives its parser back, and the next connection parses from its own first byte', async () => {
    const log: AccessLogEntry[] = [];
    running = await start(echoHandler, { onAccessLog: (entry) => log.push(entry) });
    const r = running;
    expect(r.server.parsers.kept).toBe(0);

    // A client that leaves in the middle of a field line: its parser held a partial line and 60-odd bytes.
    const cut = net.connect(r.port, '127.0.0.1');
    await new Promise((resolve) => cut.once('connect', resolve));
    cut.write('GET /first HTTP/1.1\r\nHost: h\r\nX-Long-Field-Name: a value cut in the mid');
    await until(() => r.server.stats.open === 1);
    cut.destroy();
    await until(() => r.server.stats.open === 0);
    expect(r.server.parsers.kept).toBe(1);

    // The next connection takes that parser: a good request, then a bad one whose error offset must count from
    // this connection's first byte, as a new parser counts.
    const good = 'GET /second HTTP/1.1\r\nHost: h\r\n\r\n';
    const bad = 'GET /third HTTP/1.1\r\nHost: h\r\nNo colon here\r\n\r\n';
    const result = await raw(r.port, good + bad);
    expect(result.responses.map((response) => response.status)).toEqual([200, 400]);
    expect(JSON.parse(Buffer.from(result.responses[0]!.body).toString('utf8')).target).toBe('/second');
    const fresh = new RequestParser().push(Buffer.from(good + bad, 'latin1')).find((event) => event.type === 'error');
    expect(fresh?.type).toBe('error');
    // The log: the first connection's cut head (counted from its own first byte), then this connection's two.
    await until(() => log.length === 3);
    expect(log[0]!.error?.code).toBe('INCOMPLETE_MESSAGE');
    expect(log[1]!.target).toBe('/second');
    expect(log[2]!.error?.code).toBe(fresh!.type === 'error' ? fresh!.error.code : '');
    expect(log[2]!.error?.message).toContain(`(byte ${fresh!.type === 'error' ? fresh!.error.offset : -1})`);
    // The 400 closes the connection (a lingering close): its parser is given back when the lingering starts.
    await until(() => r.server.parsers.kept === 1);
  });
});
