// The head reader's one header budget (RFC 6585 §5): every field line counts with its CRLF toward
// maxHeaderBytes, whichever way the line is read — the general way, a whole line in one pass, a line cut and
// checked on, a small piece spliced, a line cut right after its CR. The fast paths once measured lines
// themselves; these pin the boundary to the byte, for every cut in two or three pieces, and both ways.
import { describe, it, expect } from 'vitest';
import { GENERAL_WAY_ONLY } from '../../src/parser/head-reader.js';
import type { ParserOptions } from '../../src/parser/options.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { bytes } from './support.js';

const HEAD = 'GET / HTTP/1.1\r\nHost: a\r\nX-Long-Name: abcdefghijklmnopqrstuvwxyz\r\n\r\n';
// "Host: a\r\n" and "X-Long-Name: …\r\n": the header section's bytes as the limit counts them.
const SECTION = 9 + 41;
const LONG_LINE_AT = 16 + 9;

/** The head event's field count, or the error's code and offset, for `pieces` pushed in turn. */
function outcome(pieces: readonly Uint8Array[], maxHeaderBytes: number, generalWayOnly: boolean): string {
  const parser = new RequestParser({ limits: { maxHeaderBytes }, [GENERAL_WAY_ONLY]: generalWayOnly } as ParserOptions);
  for (const piece of pieces) {
    for (const event of parser.push(piece)) {
      if (event.type === 'head') return `head with ${event.head.fields.size} fields`;
      if (event.type === 'error') return `${event.error.code} at ${event.error.offset}`;
    }
  }
  return 'incomplete';
}

/** `HEAD` whole, cut once anywhere, and cut twice anywhere. */
function* everyCut(): Generator<Uint8Array[]> {
  const all = bytes(HEAD);
  yield [all];
  for (let a = 1; a < all.length; a++) {
    yield [all.slice(0, a), all.slice(a)];
    for (let b = a + 1; b < all.length; b++) yield [all.slice(0, a), all.slice(a, b), all.slice(b)];
  }
}

describe('the head reader\'s header budget (RFC 6585 §5)', () => {
  it('RFC 6585 §5: a header section of exactly maxHeaderBytes is read, however the head is cut, both ways', () => {
    for (const pieces of everyCut()) {
      const cuts = pieces.map((p) => p.length).join('+');
      expect(outcome(pieces, SECTION, false), cuts).toBe('head with 2 fields');
      expect(outcome(pieces, SECTION, true), cuts).toBe('head with 2 fields');
    }
  });

  it('RFC 6585 §5: one byte over is 431 HEADER_SECTION_TOO_LARGE at the line that crosses it, however the head is cut, both ways', () => {
    for (const pieces of everyCut()) {
      const cuts = pieces.map((p) => p.length).join('+');
      expect(outcome(pieces, SECTION - 1, false), cuts).toBe(`HEADER_SECTION_TOO_LARGE at ${LONG_LINE_AT}`);
      expect(outcome(pieces, SECTION - 1, true), cuts).toBe(`HEADER_SECTION_TOO_LARGE at ${LONG_LINE_AT}`);
    }
  });
});
