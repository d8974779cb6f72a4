// collectMessages / MessageCollector (src/parser/collect-messages.ts): a parser's events put back together into
// messages, however the input was split and whatever the caller does with its buffer after each push.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { collectMessages, MessageCollector } from '../../src/parser/collect-messages.js';
import type { ParserEvent, RequestHead, ResponseHead } from '../../src/parser/events.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { ResponseParser } from '../../src/parser/response-parser.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

const PIPELINE =
  'POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello' +
  'POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n' +
  'GET /c HTTP/1.1\r\nHost: h\r\n\r\n';

/** The events of `input` pushed `size` bytes at a time through one buffer overwritten between pushes, added as they come. */
function collectThroughOneBuffer(input: string, size: number): MessageCollector<RequestHead> {
  const parser = new RequestParser();
  const collector = new MessageCollector<RequestHead>();
  const buffer = Buffer.alloc(size);
  const all = bytes(input);
  for (let at = 0; at < all.length; at += size) {
    const n = all.copy(buffer, 0, at, at + size);
    collector.add(parser.push(buffer.subarray(0, n)));
  }
  return collector.add(parser.finish());
}

describe('collectMessages: messages from events', () => {
  it('three pipelined requests: heads, bodies with the chunked coding removed, chunks and trailers (RFC 9112 §6, §7.1)', () => {
    const parser = new RequestParser();
    const collected = collectMessages([...parser.push(bytes(PIPELINE)), ...parser.finish()]);
    expect(collected.error).toBe(null);
    expect(collected.current).toBe(null);
    const [a, b, c] = collected.messages;
    expect(collected.messages).toHaveLength(3);
    expect([a!.head.target, b!.head.target, c!.head.target]).toEqual(['/a', '/b', '/c']);
    expect(text(a!.body)).toBe('hello');
    expect(a!.chunks).toEqual([]);
    expect(a!.trailers.size).toBe(0);
    expect(text(b!.body)).toBe('abcde');
    expect(b!.chunks.map((k) => [k.size, k.extensions])).toEqual([[3, [{ name: 'x', value: '1' }]], [2, []], [0, []]]);
    expect(b!.trailers.toArray()).toEqual([['T', 'v']]);
    expect(c!.body.length).toBe(0);
    expect(collected.messages.every((m) => m.complete && m.switched === undefined)).toBe(true);
  });

  it('a message collected piece by piece through one reused buffer keeps its bytes (data events are views)', () => {
    const parser = new RequestParser();
    const whole = collectMessages(parser.push(bytes(PIPELINE)));
    for (const size of [1, 2, 3, 7, 16]) {
      const split = collectThroughOneBuffer(PIPELINE, size);
      expect(split.messages.map((m) => [m.head.target, text(m.body), m.trailers.toArray(), m.chunks.map((k) => k.size)]), `pieces of ${size}`)
        .toEqual(whole.messages.map((m) => [m.head.target, text(m.body), m.trailers.toArray(), m.chunks.map((k) => k.size)]));
    }
  });

  it('an error mid-body: the complete messages, the error, and the message it cut short with its body so far', () => {
    const parser = new RequestParser();
    const input = 'GET /ok HTTP/1.1\r\nHost: h\r\n\r\nPOST /cut HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\nzz\r\n';
    const collected = collectMessages([...parser.push(bytes(input))]);
    expect(collected.messages.map((m) => m.head.target)).toEqual(['/ok']);
    expect(collected.error?.code).toBe('INVALID_CHUNK_SIZE');
    expect(collected.currentHead?.target).toBe('/cut');
    const cut = collected.current!;
    expect(cut.complete).toBe(false);
    expect(text(cut.body)).toBe('ab');
    expect(cut.chunks.map((k) => k.size)).toEqual([2]);
  });

  it('the end of input inside a body: INCOMPLETE_MESSAGE and the partial message', () => {
    const parser = new RequestParser();
    const collected = collectMessages([...parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\nabc')), ...parser.finish()]);
    expect(collected.messages).toEqual([]);
    expect(collected.error?.code).toBe('INCOMPLETE_MESSAGE');
    expect(text(collected.current!.body)).toBe('abc');
  });

  it('a pause is recorded on the message after which the parser paused: CONNECT, Upgrade (RFC 9110 §9.3.6, §7.8)', () => {
    const connect = new RequestParser();
    const c = collectMessages(connect.push(bytes('CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\ntunnel bytes')));
    expect(c.messages.map((m) => m.switched)).toEqual(['connect']);

    const upgrade = new RequestParser();
    const collector = new MessageCollector<RequestHead>();
    collector.add(upgrade.push(bytes('GET /u HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n')));
    expect(collector.messages.map((m) => m.switched)).toEqual(['upgrade']);
    // Declined: the bytes after it are HTTP again, and the next message has no pause of its own.
    collector.add(upgrade.resume());
    expect(collector.messages.map((m) => [m.head.target, m.switched])).toEqual([['/u', 'upgrade'], ['/next', undefined]]);
  });

  it('responses: an interim 100, then the final response, then a 101 that switches (RFC 9110 §15.2)', () => {
    const parser = new ResponseParser();
    parser.expectResponseTo('POST');
    parser.expectResponseTo('GET');
    const input = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n';
    const collected = collectMessages<ResponseHead>(parser.push(bytes(input)));
    expect(collected.messages.map((m) => [m.head.status, text(m.body), m.switched])).toEqual([[100, '', undefined], [200, 'ok', undefined], [101, '', 'upgrade']]);
  });

  it('a message without trailers shares one empty, frozen trailer list', () => {
    const parser = new RequestParser();
    const collected = collectMessages(parser.push(bytes('GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n')));
    const [a, b] = collected.messages;
    expect(a!.trailers.size).toBe(0);
    expect(() => a!.trailers.raw.push('X', 'y')).toThrow(TypeError);
    expect(b!.trailers.size).toBe(0);
  });

  it('events added in one call or one push at a time give the same messages', () => {
    const parser = new RequestParser();
    const events: ParserEvent<RequestHead>[] = [];
    const stepwise = new MessageCollector<RequestHead>();
    for (const piece of [PIPELINE.slice(0, 40), PIPELINE.slice(40, 90), PIPELINE.slice(90)]) {
      const out = parser.push(bytes(piece));
      events.push(...out);
      stepwise.add(out);
    }
    const once = collectMessages(events);
    expect(stepwise.messages.map((m) => [m.head.target, text(m.body)])).toEqual(once.messages.map((m) => [m.head.target, text(m.body)]));
    expect(once.messages).toHaveLength(3);
  });
});
