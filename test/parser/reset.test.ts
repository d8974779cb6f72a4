// MessageParser.reset(): a parser given to one connection after another must be exactly what a new parser is.
// After any input — messages, bad bytes, a pause, a close, cut anywhere — a reset parser equals a new one with the
// same options field by field (its whole object graph: head reader, line reader, decoding window), and it then
// parses any further input exactly as a new one does.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParserOptions } from '../../src/parser/options.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { ResponseParser } from '../../src/parser/response-parser.js';
import { requestPart, responsePart } from './stream-parts.js';


/** A stream of parts, and where it is cut into pieces. */
function cutStream(part: fc.Arbitrary<string>): fc.Arbitrary<Buffer[]> {
  return fc.array(part, { maxLength: 5 }).chain((parts) => {
    const stream = Buffer.from(parts.join(''), 'latin1');
    return fc.uniqueArray(fc.integer({ min: 0, max: stream.length }), { maxLength: 6 }).map((cuts) => {
      const at = [0, ...cuts.sort((a, b) => a - b), stream.length];
      return at.slice(1).map((end, i) => stream.subarray(at[i]!, end));
    });
  });
}

// What happens after the pieces: nothing more, the close, or (when paused) the hand-over of what follows.
const ending = fc.constantFrom('none', 'finish', 'takeRemaining');

const OPTIONS: readonly ParserOptions[] = [{}, { lenient: { bareLineFeed: true, obsFold: true } }, { limits: { maxStartLineBytes: 64, maxHeaderBytes: 200, maxFieldCount: 3 } }];

function feedAll<P extends RequestParser | ResponseParser>(parser: P, pieces: readonly Buffer[], end: string): unknown[] {
  const events: unknown[] = [];
  for (const piece of pieces) events.push(...parser.push(piece));
  if (end === 'finish') events.push(...parser.finish());
  if (end === 'takeRemaining' && parser.phase === 'paused') events.push(Buffer.from(parser.takeRemaining()));
  return events;
}

describe('MessageParser.reset() gives back a new parser', () => {
  it('a new parser reset is still a new parser', () => {
    const parser = new RequestParser();
    parser.reset();
    expect(parser).toEqual(new RequestParser());
  });

  it('property: requests — after any input, reset equals new, field by field, and parses what follows as a new one does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPTIONS), cutStream(requestPart), ending, cutStream(requestPart), (options, before, end, after) => {
        const reused = new RequestParser(options);
        feedAll(reused, before, end);
        reused.reset();
        const fresh = new RequestParser(options);
        expect(reused).toEqual(fresh);
        expect(feedAll(reused, after, 'finish')).toEqual(feedAll(fresh, after, 'finish'));
      }),
      { numRuns: 1500 },
    );
  });

  it('property: responses likewise, the queued request methods forgotten too', () => {
    fc.assert(
      fc.property(cutStream(responsePart), fc.array(fc.constantFrom('GET', 'HEAD', 'CONNECT'), { maxLength: 3 }), ending, cutStream(responsePart), (before, methods, end, after) => {
        const reused = new ResponseParser();
        for (const method of methods) reused.expectResponseTo(method);
        feedAll(reused, before, end);
        reused.reset();
        const fresh = new ResponseParser();
        expect(reused).toEqual(fresh);
        expect(feedAll(reused, after, 'finish')).toEqual(feedAll(fresh, after, 'finish'));
      }),
      { numRuns: 800 },
    );
  });
});
