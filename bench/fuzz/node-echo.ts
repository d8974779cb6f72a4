/**
 * The second target: node:http answering every request 200 with h1ref's JSON echo
 * (`{"method","target","version","headers":[[name,value]…],"trailers":[…],"body":base64}`, what the probe's
 * `decodeEcho` reads as `h1ref`), built from `rawHeaders` so that order, case and repeats survive. Default
 * server options, strict parser.
 *
 *     node dist/bench/fuzz/node-echo.js [PORT]      # prints "node-http listening on http://127.0.0.1:PORT/"
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.stringify({
      method: req.method,
      target: req.url,
      version: req.httpVersion,
      headers: pairs(req.rawHeaders),
      trailers: pairs(req.rawTrailers),
      body: Buffer.concat(chunks).toString('base64'),
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`node-http listening on http://127.0.0.1:${port}/\n`);
});
