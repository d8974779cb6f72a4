// MessageLocator feeds its parser a line at a time outside bodies of known extent. The readable rule it optimises
// is the simplest possible locator: every byte pushed alone, each event located just after the byte that
// completed it. For any stream and any way of cutting it, the two agree on every event and its offset (errors:
// their code and the byte they name, which is what the locator promises for them), and on the body bytes.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageHead, ParserEvent } from '../../src/parser/events.js';
import type { MessageParser } from '../../src/parser/message-parser.js';
import { requestPart, responsePart } from './stream-parts.js';
import { MessageLocator } from '../../src/parser/message-locator.js';
import type { ParserOptions } from '../../src/parser/options.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { ResponseParser } from '../../src/parser/response-parser.js';

/** What the comparison looks at: each event but `data` as its type, offset and distinguishing content. */
interface Located {
  readonly what: string;
  readonly offset: number | null;
}

function describeEvent(event: ParserEvent<MessageHead>): string {
  switch (event.type) {
    case 'head':
      return `head ${JSON.stringify(event.head.fields.raw)} ${event.head.framing.kind}`;
    case 'chunk':
      return `chunk ${event.size}`;
    case 'trailers':
      return `trailers ${JSON.stringify(event.trailers.raw)}`;
    case 'paused':
      return `paused ${event.reason}`;
    case 'error':
      return `error ${event.error.code} at ${event.error.offset}`;
    default:
      return event.type;
  }
}

interface Outcome {
  readonly events: Located[];
  readonly body: string;
}

function record(events: readonly { event: ParserEvent<MessageHead>; offset: number }[], out: Located[], body: Buffer[]): boolean {
  for (const { event, offset } of events) {
    if (event.type === 'data') {
      body.push(Buffer.from(event.data));
      continue;
    }
    // An error's place is the byte it names (MessageLocator's contract), not where the piece holding it ended.
    out.push({ what: describeEvent(event), offset: event.type === 'error' ? null : offset });
    if (event.type === 'error' || event.type === 'paused') return false;
  }
  return true;
}

/** The rule: every byte alone. */
function byteByByte(parser: MessageParser<MessageHead>, stream: Uint8Array): Outcome {
  const events: Located[] = [];
  const body: Buffer[] = [];
  for (let i = 0; i < stream.length; i++) {
    const located = parser.push(stream.subarray(i, i + 1)).map((event) => ({ event, offset: i + 1 }));
    if (!record(located, events, body)) return { events, body: Buffer.concat(body).toString('latin1') };
  }
  record(parser.finish().map((event) => ({ event, offset: stream.length })), events, body);
  return { events, body: Buffer.concat(body).toString('latin1') };
}

/** The locator, given the stream in `cuts`. */
function located(parser: MessageParser<MessageHead>, stream: Uint8Array, cuts: readonly number[]): Outcome {
  const locator = new MessageLocator(parser);
  const events: Located[] = [];
  const body: Buffer[] = [];
  let from = 0;
  let going = true;
  for (const to of [...cuts, stream.length]) {
    if (!going) break;
    going = record(locator.push(stream.subarray(from, to)), events, body);
    from = to;
  }
  if (going) record(locator.finish(), events, body);
  return { events, body: Buffer.concat(body).toString('latin1') };
}


function streamAndCuts(part: fc.Arbitrary<string>): fc.Arbitrary<{ stream: Buffer; cuts: number[] }> {
  return fc.array(part, { minLength: 1, maxLength: 6 }).chain((parts) => {
    const stream = Buffer.from(parts.join(''), 'latin1');
    return fc
      .uniqueArray(fc.integer({ min: 1, max: Math.max(1, stream.length - 1) }), { maxLength: 6 })
      .map((cuts) => ({ stream, cuts: cuts.filter((c) => c < stream.length).sort((a, b) => a - b) }));
  });
}

const LENIENCIES: readonly ParserOptions[] = [{}, { lenient: { bareLineFeed: true, obsFold: true } }];

describe('MessageLocator locates every event where feeding one byte at a time does', () => {
  it('wrk\'s request, one piece: head and end at the end of the empty line', () => {
    const stream = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1');
    const { events } = located(new RequestParser(), stream, []);
    expect(events.map((e) => [e.what.split(' ')[0], e.offset])).toEqual([['head', 27], ['end', 27], ['head', 55], ['end', 55]]);
  });

  it('property: requests, any stream of messages and bad bytes, cut anywhere, strict and lenient', () => {
    fc.assert(
      fc.property(streamAndCuts(requestPart), fc.constantFrom(...LENIENCIES), ({ stream, cuts }, options) => {
        expect(located(new RequestParser(options), stream, cuts)).toEqual(byteByByte(new RequestParser(options), stream));
      }),
      { numRuns: 1500 },
    );
  });

  it('property: responses likewise (interim responses, no content, chunked, until the close)', () => {
    fc.assert(
      fc.property(streamAndCuts(responsePart), ({ stream, cuts }) => {
        expect(located(new ResponseParser(), stream, cuts)).toEqual(byteByByte(new ResponseParser(), stream));
      }),
      { numRuns: 800 },
    );
  });
});
