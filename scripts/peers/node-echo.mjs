// The node:http peer: answers every request 200 application/json with h1ref's echo document
// {"method","target","version","headers":[[name,value],…],"trailers":[…],"body":"<base64>"}.
// node:http's rawHeaders and rawTrailers keep order, case and repeated fields, and decode bytes as latin1,
// as h1ref's own echo does, so this echo is faithful to how node:http (llhttp) understood the request.
// Started by scripts/peers.sh; listens on 127.0.0.1 only.
//   node scripts/peers/node-echo.mjs PORT
import http from 'node:http';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node node-echo.mjs PORT');
  process.exit(2);
}

const pairs = (raw) => {
  const out = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('error', () => res.destroy());
  req.on('end', () => {
    const text = JSON.stringify({
      method: req.method,
      target: req.url,
      version: req.httpVersion,
      headers: pairs(req.rawHeaders),
      trailers: pairs(req.rawTrailers),
      body: Buffer.concat(chunks).toString('base64'),
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`node:http ${process.versions.node} (llhttp ${process.versions.llhttp}) echo on http://127.0.0.1:${port}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
