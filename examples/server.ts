// A small JSON service on h1ref's server: routes, reads JSON, answers errors with HttpError, streams a response.
// README.md shows this file (with `from 'h1ref'`); test/examples.test.ts checks that both are the same and runs it.
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createServer, HttpError, type H1Server, type Handler, type HttpErrorInit } from '../src/index.js';

const users = new Map<string, { name: string }>();

// An error answer of our own: a JSON body instead of the default text/plain message.
const json = (value: unknown): HttpErrorInit => ({ body: JSON.stringify(value), contentType: 'application/json' });

export const handler: Handler = async (req, res) => {
  // req.target is the request-target as sent: for an origin server, a path and a query.
  const url = new URL(req.target, 'http://localhost');
  const user = /^\/users\/(\d+)$/.exec(url.pathname);

  if (req.method === 'POST' && url.pathname === '/users') {
    const input = (await req.json()) as { name?: unknown }; // not JSON → 400; too large → 413
    if (typeof input.name !== 'string') throw new HttpError(422, 'name must be a string', json({ error: 'name must be a string' }));
    const id = String(users.size + 1);
    users.set(id, { name: input.name });
    res.status = 201;
    res.headers.set('Content-Type', 'application/json');
    res.headers.set('Location', `/users/${id}`);
    await res.end(JSON.stringify({ id, name: input.name }));
  } else if (req.method === 'GET' && user !== null) {
    const found = users.get(user[1]!);
    if (found === undefined) throw new HttpError(404, 'no such user', json({ error: 'no such user' }));
    res.headers.set('Content-Type', 'application/json');
    await res.end(JSON.stringify(found));
  } else if (req.method === 'GET' && url.pathname === '/count') {
    // A stream: sent chunked (HTTP/1.1), read from the generator only as fast as the client takes it.
    const to = Math.min(Number(url.searchParams.get('to') ?? 10), 1_000_000);
    res.headers.set('Content-Type', 'text/plain; charset=utf-8');
    await res.end(Readable.from(count(to)));
  } else {
    throw new HttpError(404, `no route for ${req.method} ${url.pathname}`);
  }
};

async function* count(to: number): AsyncGenerator<string> {
  for (let i = 1; i <= to; i++) yield `${i}\n`;
}

/** Starts the service; `node dist/examples/server.js` runs it on port 8080. */
export async function start(port = 8080): Promise<H1Server> {
  const server = createServer(handler, {
    onListening: ({ address, port }) => console.log(`listening on http://${address}:${port}/`),
    onHandlerError: (error, request) => console.error(`${request?.method} ${request?.target} failed:`, error),
  });
  await server.listen(port, '127.0.0.1');
  return server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await start();
  process.once('SIGINT', () => void server.close());
}
