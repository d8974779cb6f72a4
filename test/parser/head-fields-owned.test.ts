// A head's fields belong to the head (events are plain data): the list a head is read into is handed out with it and
// the next head is read into a new one (head-reader.ts, completeHead), so nothing the parser reads later — the next
// heads on a keep-alive connection, a trailer section, a reset and another connection's heads — may change the
// fields of a head already handed out.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestHead, ResponseHead } from '../../src/parser/events.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { ResponseParser } from '../../src/parser/response-parser.js';

// Requests of zero to five field lines (either side of the copied size), with names and values drawn per request.
const fieldLine = fc.tuple(fc.constantFrom('X-A', 'Accept', 'Connection', 'Expect', 'Upgrade', 'X-Long-Name'), fc.stringMatching(/^[a-z0-9]{0,8}$/));
const request = fc
  .tuple(fc.array(fieldLine, { maxLength: 5 }), fc.boolean())
  .map(([lines, chunked]) => {
    const fields = lines.filter(([name]) => name !== 'Connection' && name !== 'Expect' && name !== 'Upgrade').map(([n, v]) => `${n}: ${v}\r\n`);
    const body = chunked ? 'Transfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\nX-T: t\r\n\r\n' : '\r\n';
    return `GET / HTTP/1.1\r\nHost: h\r\n${fields.join('')}${body}`;
  });

function cut(stream: Buffer, cuts: number[]): Buffer[] {
  const at = [0, ...cuts.filter((c) => c <= stream.length).sort((a, b) => a - b), stream.length];
  return at.slice(1).map((end, i) => stream.subarray(at[i]!, end));
}

describe("a head's fields are its own", () => {
  it('property: after any later input, a reset and another stream, every request head still has the fields it was handed with', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(600), { maxLength: 6 }), fc.array(request, { maxLength: 3 }), (first, cuts, second) => {
        const parser = new RequestParser();
        const seen: [RequestHead, string[]][] = [];
        const feed = (pieces: Buffer[]) => {
          for (const piece of pieces) for (const event of parser.push(piece)) if (event.type === 'head') seen.push([event.head, [...event.head.fields.raw]]);
        };
        feed(cut(Buffer.from(first.join(''), 'latin1'), cuts));
        expect(seen).toHaveLength(first.length);
        parser.reset();
        feed([Buffer.from(second.join(''), 'latin1')]);
        for (const [head, raw] of seen) expect(head.fields.raw).toEqual(raw);
      }),
      { numRuns: 500 },
    );
  });

  it('response heads likewise', () => {
    const parser = new ResponseParser();
    const heads: [ResponseHead, string[]][] = [];
    const stream = 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\nHTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n';
    for (let i = 0; i < 3; i++) parser.expectResponseTo('GET');
    for (const event of parser.push(Buffer.from(stream, 'latin1'))) if (event.type === 'head') heads.push([event.head, [...event.head.fields.raw]]);
    expect(heads.map(([, raw]) => raw)).toEqual([['Content-Length', '1'], ['X-A', '1'], ['A', '1', 'B', '2', 'C', '3', 'Content-Length', '0']]);
    parser.reset();
    parser.expectResponseTo('GET');
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\nY: 9\r\nContent-Length: 0\r\n\r\n', 'latin1'));
    for (const [head, raw] of heads) expect(head.fields.raw).toEqual(raw);
  });
});
