// The head reader's fast scans of a field line (RFC 9112 §5), held to the rule: scanFieldLine / parseFieldLine in
// src/wire/field-line.ts. (The property in test/properties/head-reader-equivalence.test.ts holds the whole head
// reader to its general way; these pin the scans themselves.)
import { describe, it, expect } from 'vitest';
import { FieldLineProgress, continueFieldLine, readWholeFieldLine } from '../../src/parser/fast-field-line.js';
import { parseFieldLine, scanFieldLine } from '../../src/wire/field-line.js';
import { FIELD_LINE_CUT, GENERAL_WAY } from '../../src/wire/line-status.js';
import { bytes, text } from '../wire/support.js';

/** The rule's answer for one field line: [name, value], or null when it rejects the line. */
function parse(line: string): [string, string] | null {
  const into: string[] = [];
  return parseFieldLine(bytes(line), 0, line.length, into) === null ? [into[0]!, into[1]!] : null;
}

/** The arguments for a whole array: the array, 0 and its length. */
const all = (b: Uint8Array): [Uint8Array, number, number] => [b, 0, b.length];

describe('readWholeFieldLine: the one-pass reading of a field line that lies whole in a piece (RFC 9112 §5)', () => {
  const LINES = [
    'Host: example.com', 'A:b', 'X-Empty:', 'X-Ows: \t padded \t ', 'Obs: caf\u00e9', 'UA: ' + 'u'.repeat(90),
    'Bad Name: x', 'Colonless', ': no name', 'X: a\u0001b', 'X: a\u007fb', 'X: a\rb', ' folded: x', 'N\u00e9: v',
  ];

  it('RFC 9112 §5: accepts exactly the lines parseFieldLine accepts, and says where the name and value lie', () => {
    for (const line of LINES) {
      const whole = bytes(`${line}\r\nNext: x\r\n`);
      const progress = new FieldLineProgress();
      const cr = readWholeFieldLine(whole, 0, whole.length, progress);
      const expected = parse(line);
      if (expected === null) {
        expect(cr, line).toBe(GENERAL_WAY);
        continue;
      }
      // The index of the CR measures the line for the caller's limit.
      expect(cr, line).toBe(line.length);
      expect(text(whole, 0, progress.nameLength), line).toBe(expected[0]);
      // The value from its first byte to the line's end, trailing OWS included (the caller removes it).
      expect(text(whole, progress.valueOffset, line.length).replace(/[ \t]+$/, ''), line).toBe(expected[1]);
    }
  });

  it('RFC 9112 §5: a valid line cut short by the end of the piece is FIELD_LINE_CUT, a cut right after its CR too', () => {
    for (const line of LINES.filter((l) => parse(l) !== null)) {
      const full = `${line}\r\n`;
      for (let cut = 1; cut < full.length; cut++) {
        const piece = bytes(full.slice(0, cut));
        const progress = new FieldLineProgress();
        expect(readWholeFieldLine(piece, 0, piece.length, progress), `${JSON.stringify(full)} cut at ${cut}`).toBe(FIELD_LINE_CUT);
        expect(progress.atLineFeed, `${JSON.stringify(full)} cut at ${cut}`).toBe(cut === full.length - 1);
      }
    }
  });

  it('RFC 9112 §2.2: a line cut right after its CR ends at that CR when the LF comes, and is handed back otherwise', () => {
    // The caller holds the line together: the CR lies right before the bytes that continue it.
    const cases: [string, string][] = [['Host: example.com\r', '\nX'], ['Host: exa', 'mple.com\r'], ['H', 'ost: a\r']];
    for (const [first, rest] of cases) {
      const progress = new FieldLineProgress();
      const joined = bytes(first + rest + '\nNext');
      expect(readWholeFieldLine(joined, 0, first.length, progress), first).toBe(FIELD_LINE_CUT);
      let at = first.length;
      if (!progress.atLineFeed) {
        expect(continueFieldLine(joined, at, at + rest.length, at, progress), first).toBe(FIELD_LINE_CUT);
        at += rest.length;
      }
      expect(progress.atLineFeed, first).toBe(true);
      const cr = continueFieldLine(joined, at, joined.length, at, progress);
      expect(text(joined, cr, cr + 2), first).toBe('\r\n');
      expect(text(joined, 0, progress.nameLength)).toBe('Host');
      expect(progress.following).toBe(false);
    }
    // A CR followed by anything but LF is a bare CR: the general way reports it.
    const progress = new FieldLineProgress();
    const bare = bytes('Host: a\rb\r\n');
    expect(readWholeFieldLine(bare, 0, 8, progress)).toBe(FIELD_LINE_CUT);
    expect(continueFieldLine(bare, 8, bare.length, 8, progress)).toBe(GENERAL_WAY);
    expect(progress.following).toBe(false);
  });

  it('RFC 9112 §5: an invalid byte before the cut is GENERAL_WAY, so the general way reports it', () => {
    expect(readWholeFieldLine(...all(bytes('X: a\u0001b')), new FieldLineProgress())).toBe(GENERAL_WAY);
    expect(readWholeFieldLine(...all(bytes('Bad Na')), new FieldLineProgress())).toBe(GENERAL_WAY);
    expect(readWholeFieldLine(...all(bytes('\r')), new FieldLineProgress())).toBe(GENERAL_WAY);
  });
});

describe('continueFieldLine: a field line checked piece by piece (RFC 9112 §5)', () => {
  const LINES = [
    'Host: example.com', 'A:b', 'X-Empty:', 'X-Ows: \t padded \t ', 'Obs: caf\u00e9', 'Sp:   ', 'Long-Name: ' + 'v'.repeat(40),
    'Bad Name: x', 'Colonless', 'X: a\u0001b', 'X: a\rb', 'X: a\nb', 'N\u00e9: v', 'Name :v',
  ];

  // Feeds `line` + CRLF in three pieces cut at c1 and c2 the way the head reader does; returns the name and value
  // found, or null when some step handed the line to the general way.
  function follow(line: string, c1: number, c2: number): [string, string] | null {
    const full = `${line}\r\n`;
    const progress = new FieldLineProgress();
    const first = bytes(full.slice(0, c1));
    if (readWholeFieldLine(first, 0, first.length, progress) !== FIELD_LINE_CUT) return null;
    let held = c1;
    for (const piece of [full.slice(c1, c2), full.slice(c2)]) {
      if (piece.length === 0) continue;
      const b = bytes(piece);
      const cr = continueFieldLine(b, 0, b.length, held, progress);
      if (cr === GENERAL_WAY) return null;
      if (cr >= 0) {
        expect(progress.following).toBe(false);
        const lineEnd = held + cr;
        // The line's length, for the caller's limit.
        expect(lineEnd).toBe(line.length);
        let valueEnd = lineEnd;
        while (valueEnd > progress.valueOffset && (full[valueEnd - 1] === ' ' || full[valueEnd - 1] === '\t')) valueEnd--;
        return [full.slice(0, progress.nameLength), full.slice(progress.valueOffset, valueEnd)];
      }
      held += b.length;
    }
    return null;
  }

  it('RFC 9112 §5: every valid line, cut anywhere twice, gives the name and value scanFieldLine gives', () => {
    for (const line of LINES) {
      const whole = bytes(line);
      const spans = { nameEnd: 0, valueStart: 0, valueEnd: 0 };
      const valid = scanFieldLine(whole, 0, whole.length, spans) === null;
      for (let c1 = 1; c1 <= line.length; c1++) {
        for (let c2 = c1; c2 <= line.length; c2++) {
          const found = follow(line, c1, c2);
          if (valid) {
            expect(found, `${JSON.stringify(line)} cut at ${c1}, ${c2}`).toEqual([line.slice(0, spans.nameEnd), line.slice(spans.valueStart, spans.valueEnd)]);
          } else {
            expect(found, `${JSON.stringify(line)} cut at ${c1}, ${c2}`).toBeNull();
          }
        }
      }
    }
  });

  it('RFC 9112 §2.2: a CR that ends a piece leaves only the LF to come', () => {
    const progress = new FieldLineProgress();
    readWholeFieldLine(...all(bytes('Host: exa')), progress);
    expect(continueFieldLine(...all(bytes('mple\r')), 9, progress)).toBe(FIELD_LINE_CUT);
    expect(progress.atLineFeed).toBe(true);
    expect(progress.following).toBe(true);
  });
});
