// The echo's JSON bytes, written directly (src/server/echo-json.ts), against the readable rule they optimise:
// `Buffer.from(JSON.stringify(document), 'utf8')` of the EchoDocument. Byte for byte, for any latin1 strings and
// bodies; and through a real server, the answer's body is exactly the rule's bytes.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoJsonBytes, type EchoParts } from '../../src/server/echo-json.js';
import { echoHandler } from '../../src/server/echo-handler.js';
import { gardenJson, type GardenEchoDocument } from '../../src/server/echo-formats.js';
import { raw, type Running, start } from './support.js';

/** The rule: the document JSON.stringify is given, encoded as UTF-8. */
function byTheRule(parts: EchoParts): Buffer {
  const pairs = (flat: readonly string[]): [string, string][] => {
    const out: [string, string][] = [];
    for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
    return out;
  };
  const document = {
    method: parts.method,
    target: parts.target,
    version: parts.version,
    headers: pairs(parts.headers),
    trailers: pairs(parts.trailers),
    body: Buffer.from(parts.body).toString('base64'),
  };
  return Buffer.from(JSON.stringify(document), 'utf8');
}

// Any latin1 code unit, and a mix weighted towards the ones JSON escapes or encodes in two bytes.
const anyUnit = fc.integer({ min: 0, max: 0xff }).map((unit) => String.fromCharCode(unit));
const awkwardUnit = fc.constantFrom('"', '\\', '\b', '\t', '\n', '\f', '\r', '\0', '\x1f', '\x7f', '\x80', '\xff', '\xe9', '/', 'a');
const latin1 = fc.string({ unit: fc.oneof(anyUnit, awkwardUnit), maxLength: 40 });
const fieldList = fc.array(fc.tuple(latin1, latin1), { maxLength: 6 }).map((pairs) => pairs.flat());
const parts: fc.Arbitrary<EchoParts> = fc.record({
  method: latin1,
  target: latin1,
  version: fc.constantFrom('1.0', '1.1'),
  headers: fieldList,
  trailers: fieldList,
  body: fc.uint8Array({ maxLength: 64 }),
});

describe('the echo JSON written directly agrees with JSON.stringify', () => {
  it('wrk\'s request: the same bytes', () => {
    const request: EchoParts = { method: 'GET', target: '/', version: '1.1', headers: ['Host', '127.0.0.1:8080'], trailers: [], body: new Uint8Array(0) };
    expect(echoJsonBytes(request)!.toString('latin1')).toBe('{"method":"GET","target":"/","version":"1.1","headers":[["Host","127.0.0.1:8080"]],"trailers":[],"body":""}');
  });

  it('every latin1 code unit alone, as a value, is encoded as JSON.stringify encodes it', () => {
    for (let unit = 0; unit <= 0xff; unit++) {
      const value = String.fromCharCode(unit);
      const given: EchoParts = { method: 'GET', target: value, version: '1.1', headers: ['X', value], trailers: [value, 'v'], body: new Uint8Array([unit]) };
      expect(echoJsonBytes(given), `U+${unit.toString(16).padStart(4, '0')}`).toEqual(byTheRule(given));
    }
  });

  it('property: any method, target, field lines, trailers and body give the same bytes', () => {
    fc.assert(
      fc.property(parts, (given) => {
        expect(echoJsonBytes(given)).toEqual(byTheRule(given));
      }),
      { numRuns: 2000 },
    );
  });

  it('a code unit above U+00FF (not a byte received) is left to the rule: null', () => {
    expect(echoJsonBytes({ method: 'GET', target: '/\u0100', version: '1.1', headers: [], trailers: [], body: new Uint8Array(0) })).toBeNull();
    expect(echoJsonBytes({ method: 'GET', target: '/', version: '1.1', headers: ['X', '\u{1f600}'], trailers: [], body: new Uint8Array(0) })).toBeNull();
  });
});

describe('the echo handler answers the rule\'s bytes through a real server', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start(echoHandler);
  });
  afterAll(() => running.close());

  it('obs-text, quotes and backslashes in field values, a chunked body with a trailer: the body is JSON.stringify\'s UTF-8', async () => {
    const request = Buffer.concat([
      Buffer.from('POST /p?q=%22x HTTP/1.1\r\nHost: h\r\nX-Quote: a"b\\c\r\nX-Obs: caf', 'latin1'),
      Buffer.from([0xe9, 0xff]),
      Buffer.from('\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhe\x00lo\r\n0\r\nX-T: t\r\n\r\n', 'latin1'),
    ]);
    const result = await raw(running.port, request);
    expect(result.responses).toHaveLength(1);
    const body = result.responses[0]!.body;
    const expected = byTheRule({
      method: 'POST',
      target: '/p?q=%22x',
      version: '1.1',
      headers: ['Host', 'h', 'X-Quote', 'a"b\\c', 'X-Obs', 'caf\xe9\xff', 'Transfer-Encoding', 'chunked', 'Connection', 'close'],
      trailers: ['X-T', 't'],
      body: Buffer.from('he\x00lo', 'latin1'),
    });
    expect(Buffer.from(body)).toEqual(expected);
  });

  it('a request without content is answered too (the handler\'s synchronous path), in order with a pipelined one that has content', async () => {
    const result = await raw(running.port, 'GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhiGET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    expect(result.responses.map((r) => JSON.parse(Buffer.from(r.body).toString('utf8')) as { target: string; body: string })).toEqual([
      expect.objectContaining({ target: '/a', body: '' }),
      expect.objectContaining({ target: '/b', body: Buffer.from('hi').toString('base64') }),
      expect.objectContaining({ target: '/c', body: '' }),
    ]);
  });
});
