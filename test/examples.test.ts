// The README's server example is examples/server.ts (the README imports from 'h1ref', the file from the sources),
// and it works: run here against a real socket with undici.
import { readFileSync } from 'node:fs';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../examples/server.js';
import type { H1Server } from '../src/server/server.js';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('examples/server.ts, the README\'s server example', () => {
  it('is what the README shows, from its first import on', () => {
    const file = read('examples/server.ts');
    const code = file.slice(file.indexOf('import ')).replace("from '../src/index.js'", "from 'h1ref'");
    const readme = read('README.md');
    const marker = '<!-- example: examples/server.ts -->\n```ts\n';
    const at = readme.indexOf(marker);
    expect(at, 'the README marks the example').toBeGreaterThan(0);
    const block = readme.slice(at + marker.length, readme.indexOf('```', at + marker.length));
    expect(block).toBe(code);
  });

  let server: H1Server;
  let client: Client;
  beforeAll(async () => {
    server = await start(0);
    client = new Client(`http://127.0.0.1:${server.address()!.port}`, { pipelining: 1 });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('routes, reads JSON, answers errors with their own JSON body on the same connection, streams', async () => {
    const created = await client.request({ path: '/users', method: 'POST', body: JSON.stringify({ name: 'Ada' }) });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/users/1');
    expect(await created.body.json()).toEqual({ id: '1', name: 'Ada' });

    const found = await client.request({ path: '/users/1', method: 'GET' });
    expect(await found.body.json()).toEqual({ name: 'Ada' });

    const missing = await client.request({ path: '/users/9', method: 'GET' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('application/json');
    expect(await missing.body.json()).toEqual({ error: 'no such user' });

    const invalid = await client.request({ path: '/users', method: 'POST', body: '{"name":7}' });
    expect(invalid.statusCode).toBe(422);
    expect(await invalid.body.json()).toEqual({ error: 'name must be a string' });

    const notJson = await client.request({ path: '/users', method: 'POST', body: '{' });
    expect(notJson.statusCode).toBe(400);
    await notJson.body.text();

    const counted = await client.request({ path: '/count?to=100000', method: 'GET' });
    expect(counted.headers['transfer-encoding']).toBe('chunked');
    const lines = (await counted.body.text()).split('\n');
    expect(lines.length).toBe(100_001);
    expect(lines[99_999]).toBe('100000');

    // Every exchange above went over one connection: the errors did not close it.
    expect(server.stats.accepted).toBe(1);
  });
});
