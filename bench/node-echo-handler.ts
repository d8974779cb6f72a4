/**
 * The one node:http echo of bench/: a request listener that answers every request 200 with h1ref's JSON echo
 * (`{"method","target","version","headers":[[name,value]…],"trailers":[…],"body":base64}`, what the probe's
 * `decodeEcho` reads as `h1ref`), built from `rawHeaders` and `rawTrailers` so that order, case and repeats
 * survive. Used by the fuzz benchmark's second target (`fuzz/node-echo.ts`) and by the server benchmark's
 * `node-http-echo` row (`server/servers/node-http.ts`).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** Reads the whole request, then answers 200 `application/json` with its echo document, with Content-Length. */
export function nodeEchoHandler(req: IncomingMessage, res: ServerResponse): void {
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
}
