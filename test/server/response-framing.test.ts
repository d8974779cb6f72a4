// How the server frames what handlers send, checked on the exact bytes with a raw socket and h1ref's strict
// response parser: Content-Length when the length is known, chunked for streamed HTTP/1.1 responses (with
// trailers), close-delimited for streamed HTTP/1.0 responses, no body for HEAD, 204 and 304, and no way for a
// handler to split a response.
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handler } from '../../src/server/connection.js';
import { HttpError } from '../../src/server/http-error.js';
import { echoOf, header, raw, start, type Running } from './support.js';

const routes: Record<string, Handler> = {
  '/known': async (_req, res) => {
    res.headers.set('Content-Type', 'text/plain');
    await res.end('known length');
  },
  '/stream': async (_req, res) => {
    await res.write('one,');
    await res.write('two,');
    await res.end('three');
  },
  '/trailers': async (_req, res) => {
    await res.write('data');
    await res.end(undefined, [['X-Sum', '42']]);
  },
  '/trailers-whole': async (_req, res) => {
    await res.end('whole', [['X-Sum', '7']]);
  },
  '/204': async (_req, res) => {
    res.status = 204;
    await res.end();
  },
  '/304': async (_req, res) => {
    res.status = 304;
    res.headers.set('ETag', '"v1"');
    await res.end();
  },
  '/204-with-body': async (_req, res) => {
    res.status = 204;
    await res.end('not allowed');
  },
  '/204-with-length': async (_req, res) => {
    // RFC 9110 §8.6: a server MUST NOT send Content-Length in a 204 response.
    res.status = 204;
    res.headers.set('Content-Length', '0');
    res.headers.set('X-Evil', 'sent with the 204');
    await res.end();
  },
  '/split': async (_req, res) => {
    res.headers.set('X-Evil', 'a\r\nSet-Cookie: stolen=1');
    await res.end('x');
  },
  '/split-name': async (_req, res) => {
    res.headers.set('X-Evil: 1\r\nX-More', 'b');
    await res.end('x');
  },
  '/split-reason': async (_req, res) => {
    res.reason = 'OK\r\nX-Evil: 1';
    await res.end('x');
  },
  '/split-nul': async (_req, res) => {
    res.headers.append('X-Evil', 'a\0b');
    await res.end('x');
  },
  '/split-wide': async (_req, res) => {
    // U+010D U+010A would become CR LF if code units were truncated to bytes.
    res.headers.append('X-Evil', 'a\u010d\u010aSet-Cookie: stolen=1');
    await res.end('x');
  },
  '/split-date': async (_req, res) => {
    res.headers.set('Date', 'Sun, 06 Nov 1994 08:49:37 GMT\r\nSet-Cookie: stolen=1');
    await res.end('x');
  },
  '/split-raw': async (_req, res) => {
    res.headers.raw.push('X-Evil', 'ok', 'Set-Cookie: stolen=1\r\nX-Evil');
    await res.end('x');
  },
  '/split-streamed': async (_req, res) => {
    res.headers.append('X-Evil', 'a\nSet-Cookie: stolen=1');
    await res.write('x');
    await res.end();
  },
  '/set-te': async (_req, res) => {
    res.headers.set('Transfer-Encoding', 'chunked');
    await res.end('x');
  },
  '/cl-mismatch': async (_req, res) => {
    res.headers.set('Content-Length', '10');
    await res.end('short');
  },
  '/cl-short-stream': async (_req, res) => {
    res.headers.set('Content-Length', '10');
    await res.write('short');
    await res.end();
  },
  '/cl-declared': async (_req, res) => {
    res.headers.set('Content-Length', '6');
    await res.write('abc');
    await res.end('def');
  },
  '/close': async (_req, res) => {
    res.headers.set('Connection', 'close');
    await res.end('bye');
  },
  '/own-date': async (_req, res) => {
    res.headers.set('Date', 'Sun, 06 Nov 1994 08:49:37 GMT');
    await res.end();
  },
  '/status-101': async (_req, res) => {
    res.status = 101;
    await res.end();
  },
  '/http-error': async () => {
    throw new HttpError(404, 'no such thing');
  },
  '/json': async (req, res) => {
    await res.end(JSON.stringify(await req.json()));
  },
  '/limit': async (req, res) => {
    await res.end(String((await req.bytes(4)).length));
  },
  '/implicit-end': async (_req, res) => {
    res.status = 202;
    res.headers.set('X-Done', 'yes');
  },
  '/sync': (_req, res) => {
    void res.end('sync handler');
  },
  '/text': async (req, res) => {
    await res.end(`${(await req.text()).length}`);
  },
};

let server: Running;
beforeAll(async () => {
  server = await start(async (req, res) => {
    const route = routes[req.target.split('?')[0]!];
    if (route === undefined) throw new HttpError(404, 'unknown route');
    await route(req, res);
  });
});
afterAll(() => server.close());

const get = (path: string, version = '1.1', method = 'GET', extra = '') =>
  `${method} ${path} HTTP/${version}\r\nHost: x\r\n${extra}${version === '1.1' ? 'Connection: close\r\n' : ''}\r\n`;

describe('framing chosen for the handler (RFC 9112 §6.3)', () => {
  it('a body given whole → Content-Length', async () => {
    const r = await raw(server.port, get('/known'));
    expect(r.responses[0]!.head.framing).toEqual({ kind: 'length', length: 12 });
    expect(r.responses[0]!.body.toString()).toBe('known length');
    expect(header(r.responses[0]!, 'transfer-encoding')).toBeUndefined();
  });

  it('streamed to HTTP/1.1 → chunked', async () => {
    const r = await raw(server.port, get('/stream'));
    expect(header(r.responses[0]!, 'transfer-encoding')).toBe('chunked');
    expect(header(r.responses[0]!, 'content-length')).toBeUndefined();
    expect(r.responses[0]!.body.toString()).toBe('one,two,three');
  });

  it('streamed to HTTP/1.0 → delimited by closing (chunked is not sent to 1.0, RFC 9112 §6.1)', async () => {
    const r = await raw(server.port, 'GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const response = r.responses[0]!;
    expect(response.head.framing).toEqual({ kind: 'until-close' });
    expect(header(response, 'connection')).toBe('close');
    expect(response.body.toString()).toBe('one,two,three');
    expect(r.closedByServer).toBe(true);
  });

  it('HTTP/1.0 keep-alive with a known length: Connection: keep-alive, and the connection serves the next request', async () => {
    const r = await raw(server.port, 'GET /known HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /known HTTP/1.0\r\n\r\n');
    expect(r.responses.map((x) => header(x, 'connection'))).toEqual(['keep-alive', 'close']);
  });

  it('trailers after a streamed body', async () => {
    const r = await raw(server.port, get('/trailers'));
    expect(r.responses[0]!.trailers).toEqual([['X-Sum', '42']]);
    expect(r.responses[0]!.body.toString()).toBe('data');
  });

  it('trailers with a whole body still go chunked to HTTP/1.1; dropped for HTTP/1.0 (RFC 9110 §6.5.1)', async () => {
    const r11 = await raw(server.port, get('/trailers-whole'));
    expect(r11.responses[0]!.trailers).toEqual([['X-Sum', '7']]);
    const r10 = await raw(server.port, get('/trailers-whole', '1.0'));
    expect(r10.responses[0]!.head.framing).toEqual({ kind: 'length', length: 5 });
    expect(r10.responses[0]!.body.toString()).toBe('whole');
  });

  it('204 and 304 carry no body and no framing fields (RFC 9110 §15.3.5, §15.4.5)', async () => {
    const r = await raw(server.port, [get('/204').replace('Connection: close\r\n', ''), get('/304')], { responses: 2 });
    for (const response of r.responses) {
      expect(header(response, 'content-length')).toBeUndefined();
      expect(header(response, 'transfer-encoding')).toBeUndefined();
    }
    expect(r.responses.map((x) => x.status)).toEqual([204, 304]);
    expect(r.bytes.toString('latin1')).toMatch(/ETag: "v1"\r\n(?:.*\r\n)*\r\n$/);
  });

  it('HEAD: the head a GET gets, no body — also for streamed responses, and the next request is found', async () => {
    const r = await raw(server.port, `HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\nHEAD /known HTTP/1.1\r\nHost: x\r\n\r\n${get('/known')}`, { methods: ['HEAD', 'HEAD', 'GET'] });
    expect(r.responseError).toBeNull();
    expect(r.responses.map((x) => x.status)).toEqual([200, 200, 200]);
    expect(header(r.responses[0]!, 'transfer-encoding')).toBe('chunked');
    expect(header(r.responses[1]!, 'content-length')).toBe('12');
    expect(r.responses[0]!.body.length + r.responses[1]!.body.length).toBe(0);
    expect(r.responses[2]!.body.toString()).toBe('known length');
  });

  it('an error answer to HEAD announces its Content-Length and sends no body (RFC 9110 §9.3.2)', async () => {
    // The server's own answers: to a head it refuses (417), to a head that fails after its request-line (400),
    // and to a handler that throws (404 from an HttpError, 500 otherwise). Each answer must be exactly its head.
    const requests = [
      `HEAD /known HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n`,
      `HEAD /known HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n`,
      // An HttpError's answer keeps the connection (test/server/library.test.ts): this client asks to close.
      `HEAD /http-error HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `HEAD /204-with-body HTTP/1.1\r\nHost: x\r\n\r\n`,
    ];
    for (const [i, request] of requests.entries()) {
      const r = await raw(server.port, request, { methods: ['HEAD'] });
      expect(r.responseError, request).toBeNull();
      expect(r.responses.map((x) => x.status), request).toEqual([[417, 400, 404, 500][i]]);
      const response = r.responses[0]!;
      expect(Number(header(response, 'content-length')), request).toBeGreaterThan(0);
      expect(header(response, 'connection'), request).toBe('close');
      // Nothing after the head's blank line: read as a GET's answer, the bytes would want a body.
      expect(r.bytes.toString('latin1').endsWith('\r\n\r\n'), request).toBe(true);
      expect(r.bytes.indexOf('\r\n\r\n'), request).toBe(r.bytes.length - 4);
      expect(r.closedByServer, request).toBe(true);
    }
  });

  it('Date is added (IMF-fixdate, RFC 9110 §5.6.7) unless the handler set one', async () => {
    const r = await raw(server.port, [get('/known').replace('Connection: close\r\n', ''), get('/own-date')], { responses: 2 });
    expect(header(r.responses[0]!, 'date')).toBe(new Date(Date.parse(header(r.responses[0]!, 'date')!)).toUTCString());
    expect(r.responses[1]!.headers.filter(([n]) => n === 'Date')).toEqual([['Date', 'Sun, 06 Nov 1994 08:49:37 GMT']]);
  });

  it('a handler Content-Length is kept when the body matches it', async () => {
    const r = await raw(server.port, get('/cl-declared'));
    expect(r.responses[0]!.head.framing).toEqual({ kind: 'length', length: 6 });
    expect(r.responses[0]!.body.toString()).toBe('abcdef');
  });

  it('Connection: close from the handler: announced, and the server closes after the response', async () => {
    const r = await raw(server.port, `GET /close HTTP/1.1\r\nHost: x\r\n\r\nGET /known HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(r.responses.map((x) => x.status)).toEqual([200]);
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.closedByServer).toBe(true);
  });

  it('a handler that returns without ending: the response is ended for it', async () => {
    const r = await raw(server.port, get('/implicit-end'));
    expect(r.responses[0]!.status).toBe(202);
    expect(header(r.responses[0]!, 'x-done')).toBe('yes');
    expect(header(r.responses[0]!, 'content-length')).toBe('0');
  });

  it('a synchronous handler works too', async () => {
    const r = await raw(server.port, get('/sync'));
    expect(r.responses[0]!.body.toString()).toBe('sync handler');
  });
});

describe('handlers cannot break the framing or split the response', () => {
  for (const path of ['/split', '/split-name', '/split-reason', '/split-nul', '/split-wide', '/split-date', '/split-raw', '/split-streamed', '/set-te', '/cl-mismatch', '/status-101', '/204-with-body', '/204-with-length']) {
    it(`${path}: rejected before anything is sent → 500, nothing of the handler's on the wire`, async () => {
      const r = await raw(server.port, get(path));
      expect(r.responseError).toBeNull();
      expect(r.responses.map((x) => x.status)).toEqual([500]);
      expect(r.bytes.toString('latin1')).not.toMatch(/stolen|X-Evil|not allowed/);
      expect(r.responses[0]!.body.toString()).toContain('HANDLER_ERROR');
    });
  }

  it('fewer bytes than a Content-Length already sent → the connection is aborted, never left ambiguous', async () => {
    const r = await raw(server.port, get('/cl-short-stream'));
    expect(r.responseError).toMatch(/INCOMPLETE_MESSAGE/);
    expect(r.closedByServer).toBe(true);
  });

  it('HttpError chooses the status; request helpers enforce JSON and the body limit', async () => {
    const notFound = await raw(server.port, get('/http-error'));
    expect(notFound.responses[0]!.status).toBe(404);
    expect(notFound.responses[0]!.body.toString()).toContain('no such thing');
    const badJson = await raw(server.port, `POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{x}`);
    expect(badJson.responses[0]!.status).toBe(400);
    const goodJson = await raw(server.port, `POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"a":1}`);
    expect(goodJson.responses[0]!.body.toString()).toBe('{"a":1}');
    const tooBig = await raw(server.port, `POST /limit HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n12345`);
    expect(tooBig.responses[0]!.status).toBe(413);
    const fits = await raw(server.port, `POST /limit HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\n1234`);
    expect(fits.responses[0]!.body.toString()).toBe('4');
  });

  it('a handler that does not read the body: the rest is discarded and the next request is found', async () => {
    const body = 'x'.repeat(200_000);
    const r = await raw(server.port, [`POST /known HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`, body, get('/text')]);
    expect(r.responses.map((x) => x.status)).toEqual([200, 200]);
    expect(r.responses[1]!.body.toString()).toBe('0');
  });
});

describe('the echo handler', () => {
  it('reports names and values exactly as received, bytes as latin1', async () => {
    const echo = await start();
    try {
      const r = await raw(echo.port, `GET /%7Ea?b=%20 HTTP/1.1\r\nHost: x\r\nX-Bytes: \x80\xff\xe9\r\nx-lower:  v  \r\nConnection: close\r\n\r\n`);
      const doc = echoOf(r.responses[0]!);
      expect(doc).toEqual({
        method: 'GET',
        target: '/%7Ea?b=%20',
        version: '1.1',
        headers: [['Host', 'x'], ['X-Bytes', '\x80\xff\xe9'], ['x-lower', 'v'], ['Connection', 'close']],
        trailers: [],
        body: '',
      });
      expect(header(r.responses[0]!, 'content-type')).toBe('application/json');
      const binary = Buffer.from([0, 1, 2, 0xfe, 0xff]);
      const r2 = await raw(echo.port, [`PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\n`, binary]);
      expect(Buffer.from(echoOf(r2.responses[0]!).body, 'base64')).toEqual(binary);
    } finally {
      await echo.close();
    }
  });
});
