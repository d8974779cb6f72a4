// The line structure of HTTP/1.1 (RFC 9112 §2.2): lines end with CRLF; a bare CR is invalid; a bare LF is invalid
// unless the recipient chooses to accept it; NUL is never allowed (RFC 9110 §5.5). The LineReader finds line ends
// and leaves the bytes inside a line to the grammars; CheckingLineReader (a test oracle) checks every byte as it
// comes, and the two are held to each other.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LINE_ERROR, LINE_TOO_LONG, LineReader, NEED_MORE, firstCrOrNul } from '../../src/wire/line-reader.js';
import { CheckingLineReader } from './checking-line-reader.js';
import { bytes, text } from './support.js';

/** What the tests use of a line reader. */
type Reader = Pick<LineReader, 'read' | 'lineBytes' | 'lineStart' | 'lineEnd' | 'lineWasSpliced' | 'error'>;

interface Outcome {
  lines: string[];
  /** Set when the reader stopped on a violation: its code, offset (into that piece) and the piece's index. */
  error?: { code: string; offset: number; piece: number };
  /** The index of the piece in which the reader reported LINE_TOO_LONG. */
  tooLong?: number;
  /** Whether each line was spliced from several pieces. */
  spliced: boolean[];
}

/** Feeds the pieces to a reader and collects every complete line (without its terminator). */
function feed(pieces: readonly string[], options: { max?: number; lenient?: boolean; reader?: Reader } = {}): Outcome {
  const reader = options.reader ?? new LineReader(options.lenient ?? false);
  const max = options.max ?? 1024;
  const out: Outcome = { lines: [], spliced: [] };
  for (let p = 0; p < pieces.length; p++) {
    const piece = bytes(pieces[p]!);
    let pos = 0;
    while (pos < piece.length) {
      const next = reader.read(piece, pos, max);
      if (next === NEED_MORE) break;
      if (next === LINE_ERROR) {
        out.error = { code: reader.error!.code, offset: reader.error!.offset, piece: p };
        return out;
      }
      if (next === LINE_TOO_LONG) {
        out.tooLong = p;
        return out;
      }
      expect(next).toBeGreaterThan(pos);
      out.lines.push(text(reader.lineBytes, reader.lineStart, reader.lineEnd));
      out.spliced.push(reader.lineWasSpliced);
      pos = next;
    }
  }
  return out;
}

/** Every string split into pieces of `size` bytes. */
function chop(input: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < input.length; i += size) pieces.push(input.slice(i, i + size));
  return pieces;
}

describe('LineReader: CRLF-terminated lines (RFC 9112 §2.2)', () => {
  it('RFC 9112 §2.2: reads a CRLF-terminated line and returns the index after the CRLF', () => {
    const reader = new LineReader();
    const input = bytes('GET / HTTP/1.1\r\nHost: a\r\n');
    expect(reader.read(input, 0, 100)).toBe(16);
    expect(text(reader.lineBytes, reader.lineStart, reader.lineEnd)).toBe('GET / HTTP/1.1');
    expect(reader.lineWasSpliced).toBe(false);
    // A line in one piece is exposed in place, without a copy.
    expect(reader.lineBytes).toBe(input);
    expect(reader.read(input, 16, 100)).toBe(25);
    expect(text(reader.lineBytes, reader.lineStart, reader.lineEnd)).toBe('Host: a');
  });

  it('RFC 9112 §2.2: reads several lines of one piece, the empty line that ends a head included', () => {
    expect(feed(['a\r\nbc\r\n\r\ndef\r\n']).lines).toEqual(['a', 'bc', '', 'def']);
  });

  it('RFC 9112 §2.2: an unterminated line is NEED_MORE and keeps its bytes for the next piece', () => {
    const reader = new LineReader();
    expect(reader.read(bytes('GET / HT'), 0, 100)).toBe(NEED_MORE);
    expect(reader.pendingBytes).toBe(8);
    const rest = bytes('TP/1.1\r\nX');
    expect(reader.read(rest, 0, 100)).toBe(8);
    expect(text(reader.lineBytes, reader.lineStart, reader.lineEnd)).toBe('GET / HTTP/1.1');
    expect(reader.lineWasSpliced).toBe(true);
    expect(reader.pendingBytes).toBe(0);
  });

  it('RFC 9112 §2.2: a CRLF split between two pieces (CR | LF) ends the line', () => {
    const out = feed(['abc\r', '\ndef\r\n']);
    expect(out.error).toBeUndefined();
    expect(out.lines).toEqual(['abc', 'def']);
    expect(out.spliced).toEqual([true, false]);
  });

  it('RFC 9112 §2.2: a CR alone in a piece, followed by LF alone, ends the line', () => {
    expect(feed(['abc', '\r', '\n', 'd\r\n']).lines).toEqual(['abc', 'd']);
  });

  it('RFC 9112 §2.2: a pending CR counts in pendingBytes until its LF arrives', () => {
    const reader = new LineReader();
    expect(reader.read(bytes('ab\r'), 0, 100)).toBe(NEED_MORE);
    expect(reader.pendingBytes).toBe(3);
    expect(reader.read(bytes('\n'), 0, 100)).toBe(1);
    expect(reader.pendingBytes).toBe(0);
  });

  it('RFC 9112 §2.2: an empty piece changes nothing', () => {
    const reader = new LineReader();
    expect(reader.read(bytes('ab'), 0, 100)).toBe(NEED_MORE);
    expect(reader.read(new Uint8Array(0), 0, 100)).toBe(NEED_MORE);
    expect(reader.read(bytes('\r\n'), 0, 100)).toBe(2);
    expect(text(reader.lineBytes, reader.lineStart, reader.lineEnd)).toBe('ab');
  });

  it('RFC 9112 §2.2: lines spanning many pieces read the same as in one piece, at every piece size', () => {
    const input = 'POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\n\r\n5;ext="a b"\r\n';
    const whole = feed([input]);
    expect(whole.lines).toEqual(['POST /upload HTTP/1.1', 'Host: example.com', 'Content-Type: text/plain', '', '5;ext="a b"']);
    for (let size = 1; size <= input.length; size++) {
      expect(feed(chop(input, size)).lines, `piece size ${size}`).toEqual(whole.lines);
    }
  });

  it('RFC 9112 §2.2: a line longer than the reader\'s first internal buffer is spliced intact', () => {
    const long = 'x'.repeat(5000);
    expect(feed(chop(`${long}\r\nend\r\n`, 100), { max: 10000 }).lines).toEqual([long, 'end']);
  });

  it('RFC 9112 §2.2: reset() forgets a partial line', () => {
    const reader = new LineReader();
    expect(reader.read(bytes('partial'), 0, 100)).toBe(NEED_MORE);
    reader.reset();
    expect(reader.pendingBytes).toBe(0);
    expect(feed(['new\r\n'], { reader }).lines).toEqual(['new']);
  });

  it('RFC 9112 §2.2: beginPiece() lets a caller reuse one buffer object with new contents', () => {
    const reader = new LineReader();
    const buffer = bytes('ab\r\ncd\r\n');
    expect(reader.read(buffer, 0, 100)).toBe(4);
    buffer.set(bytes('\n\n\n\n\n\n\n\n'));
    buffer.set(bytes('xyz\r\n'));
    reader.beginPiece(buffer);
    // "xyz\r\n\n\n\n": the cached LF position from the old contents must not be used.
    expect(reader.read(buffer, 0, 100)).toBe(5);
    expect(text(reader.lineBytes, reader.lineStart, reader.lineEnd)).toBe('xyz');
    expect(reader.read(buffer, 5, 100)).toBe(LINE_ERROR);
    expect(reader.error!.code).toBe('BARE_LF');
    expect(reader.error!.offset).toBe(5);
  });
});

describe('LineReader: line length limit', () => {
  it('RFC 9110 §2.3: a line of exactly the limit is accepted', () => {
    expect(feed(['abcde\r\n'], { max: 5 }).lines).toEqual(['abcde']);
    expect(feed(['ab', 'c', 'de\r', '\n'], { max: 5 }).lines).toEqual(['abcde']);
  });

  it('RFC 9110 §2.3: a complete line one byte over the limit is LINE_TOO_LONG', () => {
    expect(feed(['abcdef\r\n'], { max: 5 }).tooLong).toBe(0);
  });

  it('RFC 9110 §2.3: an incomplete line is LINE_TOO_LONG as soon as it passes the limit, before any CRLF', () => {
    expect(feed(['abcdef'], { max: 5 }).tooLong).toBe(0);
    expect(feed(['abc', 'def'], { max: 5 }).tooLong).toBe(1);
    expect(feed(['abc', 'de', 'f'], { max: 5 }).tooLong).toBe(2);
  });

  it('RFC 9110 §2.3: the CRLF does not count toward the limit, even when the CR ends a piece', () => {
    expect(feed(['abcde\r', '\n'], { max: 5 }).lines).toEqual(['abcde']);
  });

  it('RFC 9110 §2.3: a limit of 0 admits only the empty line', () => {
    expect(feed(['\r\n'], { max: 0 }).lines).toEqual(['']);
    expect(feed(['a\r\n'], { max: 0 }).tooLong).toBe(0);
  });
});

describe('CheckingLineReader, the oracle: bare CR, bare LF and NUL as soon as they are known (RFC 9112 §2.2, RFC 9110 §5.5)', () => {
  const checking = (lenient = false) => new CheckingLineReader(lenient);

  it('RFC 9112 §2.2: a CR not followed by LF is BARE_CR at the CR', () => {
    expect(feed(['ab\rc\r\n'], { reader: checking() }).error).toEqual({ code: 'BARE_CR', offset: 2, piece: 0 });
  });

  it('RFC 9112 §2.2: CR CR LF is BARE_CR at the first CR', () => {
    expect(feed(['ab\r\r\n'], { reader: checking() }).error).toEqual({ code: 'BARE_CR', offset: 2, piece: 0 });
  });

  it('RFC 9112 §2.2: a bare CR in the second line of a piece is reported at its index in the piece', () => {
    const out = feed(['ok\r\nab\rc\r\n'], { reader: checking() });
    expect(out.lines).toEqual(['ok']);
    expect(out.error).toEqual({ code: 'BARE_CR', offset: 6, piece: 0 });
  });

  it('RFC 9112 §2.2: a bare CR in the continuation of a line is reported at its index in that piece', () => {
    expect(feed(['abc', 'd\ref\r\n'], { reader: checking() }).error).toEqual({ code: 'BARE_CR', offset: 1, piece: 1 });
  });

  it('RFC 9112 §2.2: a CR that ends a piece and is not followed by LF is reported at offset -1 of the next piece', () => {
    expect(feed(['abc\r', 'x\r\n'], { reader: checking() }).error).toEqual({ code: 'BARE_CR', offset: -1, piece: 1 });
  });

  it('RFC 9112 §2.2: a bare LF is BARE_LF at the LF by default', () => {
    expect(feed(['ab\ncd\r\n'], { reader: checking() }).error).toEqual({ code: 'BARE_LF', offset: 2, piece: 0 });
  });

  it('RFC 9112 §2.2: a bare LF before any CR of the piece is BARE_LF, even at the end of the piece', () => {
    expect(feed(['abc\n'], { reader: checking() }).error).toEqual({ code: 'BARE_LF', offset: 3, piece: 0 });
    expect(feed(['\n'], { reader: checking() }).error).toEqual({ code: 'BARE_LF', offset: 0, piece: 0 });
  });

  it('RFC 9112 §2.2: a bare LF after a complete line is reported at its index in the piece', () => {
    const out = feed(['ok\r\nab\n\r\n'], { reader: checking() });
    expect(out.lines).toEqual(['ok']);
    expect(out.error).toEqual({ code: 'BARE_LF', offset: 6, piece: 0 });
  });

  it('RFC 9112 §2.2: a bare LF in the continuation of a line is BARE_LF at its index in that piece', () => {
    expect(feed(['ab', 'cd\ne\r\n'], { reader: checking() }).error).toEqual({ code: 'BARE_LF', offset: 2, piece: 1 });
    expect(feed(['ab', 'cd\n'], { reader: checking() }).error).toEqual({ code: 'BARE_LF', offset: 2, piece: 1 });
  });

  it('RFC 9110 §5.5: a NUL byte in a line is NUL_BYTE at the NUL', () => {
    expect(feed(['a\0b\r\n'], { reader: checking() }).error).toEqual({ code: 'NUL_BYTE', offset: 1, piece: 0 });
    expect(feed(['ok\r\nab\0\r\n'], { reader: checking() }).error).toEqual({ code: 'NUL_BYTE', offset: 6, piece: 0 });
  });

  it('RFC 9110 §5.5: a NUL byte is rejected in a partial line and in a line\'s continuation', () => {
    expect(feed(['ab\0c'], { reader: checking() }).error).toEqual({ code: 'NUL_BYTE', offset: 2, piece: 0 });
    expect(feed(['ab', 'c\0d\r\n'], { reader: checking() }).error).toEqual({ code: 'NUL_BYTE', offset: 1, piece: 1 });
  });

  it('RFC 9110 §5.5: a NUL byte after the current line does not fail that line', () => {
    const out = feed(['ab\r\n\0\r\n'], { reader: checking() });
    expect(out.lines).toEqual(['ab']);
    expect(out.error).toEqual({ code: 'NUL_BYTE', offset: 4, piece: 0 });
  });

  it('RFC 9112 §2.2: errors carry a message and their RFC section', () => {
    const reader = checking();
    expect(reader.read(bytes('a\rb'), 0, 100)).toBe(LINE_ERROR);
    expect(reader.error!.status).toBe(400);
    expect(reader.error!.section).toBe('RFC 9112 §2.2');
    expect(reader.error!.message.length).toBeGreaterThan(0);
  });
});

describe('LineReader: lenient bare LF (RFC 9112 §2.2 "MAY recognize a single LF")', () => {
  it('RFC 9112 §2.2: a lenient reader takes a bare LF as a line end', () => {
    expect(feed(['a\nbc\r\n\nd\n'], { lenient: true }).lines).toEqual(['a', 'bc', '', 'd']);
  });

  it('RFC 9112 §2.2: a lenient reader still accepts CRLF, also split CR | LF', () => {
    expect(feed(['ab\r', '\ncd\n'], { lenient: true }).lines).toEqual(['ab', 'cd']);
  });

  it('RFC 9112 §2.2: a lenient reader takes a bare LF that ends a continued line', () => {
    const out = feed(['ab', 'c\nd', 'e\n'], { lenient: true });
    expect(out.lines).toEqual(['abc', 'de']);
    expect(out.spliced).toEqual([true, true]);
  });

  it('RFC 9112 §2.2: lenient lines read the same at every piece size', () => {
    const input = 'GET / HTTP/1.1\nHost: a\r\nX: y\n\n';
    const expected = ['GET / HTTP/1.1', 'Host: a', 'X: y', ''];
    for (let size = 1; size <= input.length; size++) {
      expect(feed(chop(input, size), { lenient: true }).lines, `piece size ${size}`).toEqual(expected);
    }
  });

  it('RFC 9112 §2.2: a lenient checking reader still rejects a bare CR and a NUL', () => {
    const checking = () => new CheckingLineReader(true);
    expect(feed(['a\rb\n'], { reader: checking() }).error).toEqual({ code: 'BARE_CR', offset: 1, piece: 0 });
    expect(feed(['a\0b\n'], { reader: checking() }).error).toEqual({ code: 'NUL_BYTE', offset: 1, piece: 0 });
    expect(feed(['ab\r', 'c\n'], { reader: checking() }).error).toEqual({ code: 'BARE_CR', offset: -1, piece: 1 });
    // The LineReader leaves them in the line, for the grammar.
    expect(feed(['a\rb\n', 'a\0b\n'], { lenient: true }).lines).toEqual(['a\rb', 'a\0b']);
  });

  it('RFC 9110 §2.3: a lenient reader applies the length limit to LF-terminated lines', () => {
    expect(feed(['abcdef\n'], { lenient: true, max: 5 }).tooLong).toBe(0);
    expect(feed(['abc', 'def\n'], { lenient: true, max: 5 }).tooLong).toBe(1);
    expect(feed(['abcde\n'], { lenient: true, max: 5 }).lines).toEqual(['abcde']);
  });
});

describe('LineReader leaves the bytes inside a line to the grammars (RFC 9112 §2.2)', () => {
  const plain = (lenient = false) => new LineReader(lenient);

  it('RFC 9112 §2.2: finds the same CRLF lines as the checking reader, at every piece size', () => {
    const input = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n5;x=y\r\n0\r\n\r\n';
    const expected = feed([input], { reader: new CheckingLineReader() }).lines;
    expect(expected).toEqual(['GET / HTTP/1.1', 'Host: a', '', '5;x=y', '0', '']);
    for (let size = 1; size <= input.length; size++) {
      expect(feed(chop(input, size), { reader: plain() }).lines, `piece size ${size}`).toEqual(expected);
    }
  });

  it('RFC 9112 §2.2, RFC 9110 §5.5: with each line checked for CR and NUL as the grammars do, it agrees with the checking reader on every input however cut', () => {
    // The first error by stream offset, and the lines before it; a bare LF ends the LineReader's line before its
    // grammar sees an earlier CR or NUL in it, so there the checking reader may name that byte instead.
    type Verdict = { lines: string[]; error?: { code: string; at: number } };
    const run = (reader: Reader, pieces: readonly Uint8Array[], checkLines: boolean): Verdict => {
      const stream = Uint8Array.from(pieces.flatMap((piece) => [...piece]));
      const out: Verdict = { lines: [] };
      let offset = 0;
      for (const piece of pieces) {
        let pos = 0;
        while (pos < piece.length) {
          const next = reader.read(piece, pos, 1 << 20);
          if (next === NEED_MORE) break;
          if (next < 0) {
            out.error = { code: reader.error!.code, at: offset + reader.error!.offset };
            return out;
          }
          const line = reader.lineBytes.subarray(reader.lineStart, reader.lineEnd);
          const bad = checkLines ? firstCrOrNul(line, 0, line.length) : -1;
          if (bad !== -1) {
            // The line's LF is at `offset + next - 1` in the stream, its content ends before the CR (if any).
            const lf = offset + next - 1;
            const lineEnd = lf > 0 && stream[lf - 1] === 0x0d ? lf - 1 : lf;
            out.error = { code: line[bad] === 0 ? 'NUL_BYTE' : 'BARE_CR', at: lineEnd - (line.length - bad) };
            return out;
          }
          out.lines.push(text(line));
          pos = next;
        }
        offset += piece.length;
      }
      return out;
    };
    const alphabet = fc.constantFrom(...'ab: \r\n\0'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 6 }), fc.boolean(), (input, cuts, lenient) => {
        const all = bytes(input);
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((x, y) => x - y);
        // A final CRLF ends the last line: the checking reader fails inside a line as soon as it sees a bad byte,
        // the grammar once the line is complete.
        const pieces = [...[0, ...points].map((from, k) => all.slice(from, [...points, all.length][k])), bytes('\r\n')];
        const oracle = run(new CheckingLineReader(lenient), pieces, false);
        const plainOut = run(new LineReader(lenient), pieces, true);
        if (plainOut.error?.code === 'BARE_LF' && oracle.error !== undefined && oracle.error.code !== 'BARE_LF') {
          expect(oracle.error.at).toBeLessThan(plainOut.error.at);
          expect(plainOut.lines).toEqual(oracle.lines);
        } else {
          expect(plainOut).toEqual(oracle);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('RFC 9112 §2.2: a CR or NUL inside a line is passed to the grammar, which reports it', () => {
    expect(feed(['a\rb\r\n'], { reader: plain() }).lines).toEqual(['a\rb']);
    expect(feed(['a\0b\r\n'], { reader: plain() }).lines).toEqual(['a\0b']);
    expect(feed(['a\r\r\n'], { reader: plain() }).lines).toEqual(['a\r']);
    expect(feed(['a\rb', 'c\r\n'], { reader: plain() }).lines).toEqual(['a\rbc']);
  });

  it('RFC 9112 §2.2: a CR ending a piece and not followed by LF stays in the line for the grammar to reject', () => {
    // Judged once the line is whole, so that the outcome does not depend on where the input was cut.
    expect(feed(['abc\r', 'x\r\n'], { reader: plain() }).lines).toEqual(['abc\rx']);
    expect(feed(['abc\r', '\r\n'], { reader: plain() }).lines).toEqual(['abc\r']);
    expect(feed(['abc\r', '\n'], { reader: plain() }).lines).toEqual(['abc']);
    expect(feed(['\r', '\n'], { reader: plain() }).lines).toEqual(['']);
  });

  it('RFC 9112 §2.2: a bare LF is still BARE_LF at the LF, whole or continued', () => {
    expect(feed(['ab\ncd\r\n'], { reader: plain() }).error).toEqual({ code: 'BARE_LF', offset: 2, piece: 0 });
    expect(feed(['\n'], { reader: plain() }).error).toEqual({ code: 'BARE_LF', offset: 0, piece: 0 });
    expect(feed(['ab', 'c\n'], { reader: plain() }).error).toEqual({ code: 'BARE_LF', offset: 1, piece: 1 });
    expect(feed(['ok\r\nab\n'], { reader: plain() }).error).toEqual({ code: 'BARE_LF', offset: 6, piece: 0 });
  });

  it('RFC 9112 §2.2: lenient, a bare LF ends the line; CRLF still ends it without the CR', () => {
    expect(feed(['a\nb\r\n', 'c', '\n', 'd\r', '\n'], { reader: plain(true) }).lines).toEqual(['a', 'b', 'c', 'd']);
  });

  it('RFC 9110 §2.3: the limit applies to content, a CR that ends a piece aside, and before the LF arrives', () => {
    expect(feed(['abcde\r', '\n'], { reader: plain(), max: 5 }).lines).toEqual(['abcde']);
    expect(feed(['abcde\r\n'], { reader: plain(), max: 5 }).lines).toEqual(['abcde']);
    expect(feed(['abcdef\r\n'], { reader: plain(), max: 5 }).tooLong).toBe(0);
    expect(feed(['abc', 'def'], { reader: plain(), max: 5 }).tooLong).toBe(1);
    expect(feed(['abcdef'], { reader: plain(), max: 5 }).tooLong).toBe(0);
  });
});

describe('LineReader without content checks, checking held lines (start lines; RFC 9112 §2.2, RFC 9110 §5.5)', () => {
  const held = (lenient = false) => {
    const reader = new LineReader(lenient);
    reader.checkHeldLine = true;
    return reader;
  };
  /** The outcome of a whole input and of the same input in pieces of every size, which must all agree. */
  const everyCut = (input: string, max = 1024): Outcome => {
    const whole = feed([input], { reader: held(), max });
    for (let size = 1; size < input.length; size++) {
      const cut = feed(chop(input, size), { reader: held(), max });
      // Offsets are per piece: compare them as stream offsets.
      const at = (o: Outcome) => (o.error === undefined ? undefined : { code: o.error.code, at: o.error.piece * (o === whole ? 0 : size) + o.error.offset });
      expect(at(cut), `${JSON.stringify(input)} in pieces of ${size}`).toEqual(at(whole));
      expect(cut.tooLong === undefined, `${JSON.stringify(input)} in pieces of ${size}: too long`).toBe(whole.tooLong === undefined);
      expect(cut.lines, `${JSON.stringify(input)} in pieces of ${size}: lines`).toEqual(whole.lines);
    }
    return whole;
  };

  it('RFC 9112 §2.2: a held line fails at a CR as soon as a byte other than LF follows it, with no LF in sight', () => {
    expect(feed(['GET / HTTP/1.1\rHost: a\r\r'], { reader: held() }).error).toEqual({ code: 'BARE_CR', offset: 14, piece: 0 });
    expect(feed(['ab', 'c\rd'], { reader: held() }).error).toEqual({ code: 'BARE_CR', offset: 1, piece: 1 });
  });

  it('RFC 9112 §2.2: a CR that ends a piece is undecided: bare (offset -1) if the next piece goes on, the terminator if it brings the LF', () => {
    expect(feed(['abc\r', 'x'], { reader: held() }).error).toEqual({ code: 'BARE_CR', offset: -1, piece: 1 });
    expect(feed(['abc\r'], { reader: held() })).toEqual({ lines: [], spliced: [] });
    expect(feed(['abc\r', '\n'], { reader: held() }).lines).toEqual(['abc']);
    expect(feed(['abc\r', '', '\n'], { reader: held() }).lines).toEqual(['abc']);
  });

  it('RFC 9110 §5.5: a held line fails at a NUL at once', () => {
    expect(feed(['ab\0c'], { reader: held() }).error).toEqual({ code: 'NUL_BYTE', offset: 2, piece: 0 });
    expect(feed(['ab', '\0'], { reader: held() }).error).toEqual({ code: 'NUL_BYTE', offset: 0, piece: 1 });
  });

  it('RFC 9112 §2.2: a line that arrives whole with a CR or NUL inside is still left to the grammar', () => {
    // The caller's grammar reports the same byte (firstCrOrNul), so whole and held lines get one answer.
    expect(feed(['a\rb\r\n'], { reader: held() }).lines).toEqual(['a\rb']);
    expect(feed(['a\0b\r\n'], { reader: held() }).lines).toEqual(['a\0b']);
  });

  it('RFC 9112 §2.2: a bare CR or NUL before a bare LF is reported first, whole or held', () => {
    expect(everyCut('ab\rc\n').error).toEqual({ code: 'BARE_CR', offset: 2, piece: 0 });
    expect(everyCut('a\0b\n').error).toEqual({ code: 'NUL_BYTE', offset: 1, piece: 0 });
    expect(everyCut('abc\n').error).toEqual({ code: 'BARE_LF', offset: 3, piece: 0 });
  });

  it('RFC 9112 §2.2: among the first maxLength + 1 bytes a bare CR or NUL comes before the length limit; later ones do not', () => {
    expect(everyCut('abcdef\rgh\r\n', 5).tooLong).toBe(0);
    expect(everyCut('abcde\rgh\r\n', 5).error).toEqual({ code: 'BARE_CR', offset: 5, piece: 0 });
    expect(everyCut('ab\0defgh\r\n', 5).error).toEqual({ code: 'NUL_BYTE', offset: 2, piece: 0 });
    expect(everyCut('abcde\r\n', 5).lines).toEqual(['abcde']);
  });

  it('RFC 9112 §2.2: lines without CR or NUL read as without the check, at every piece size', () => {
    expect(everyCut('GET / HTTP/1.1\r\nHost: a\r\n\r\n').lines).toEqual(['GET / HTTP/1.1', 'Host: a', '']);
  });

  it('RFC 9112 §3: a line found too long exposes its first maxLength + 1 bytes, however it was cut', () => {
    // What a request-line begins with decides its error (a method longer than the limit is 501, not 414).
    const prefixOf = (pieces: readonly string[], max: number): string | undefined => {
      const reader = new LineReader();
      for (const piece of pieces) {
        const next = reader.read(bytes(piece), 0, max);
        if (next === LINE_TOO_LONG) return text(reader.lineBytes, reader.lineStart, reader.lineEnd);
        expect(next).toBe(NEED_MORE);
      }
      return undefined;
    };
    for (const input of ['abcdefgh', 'abcdefgh\r\n', 'abcdef\r']) {
      expect(prefixOf([input], 5), input).toBe('abcdef');
      for (let size = 1; size < input.length; size++) expect(prefixOf(chop(input, size), 5), `${JSON.stringify(input)} in pieces of ${size}`).toBe('abcdef');
    }
    expect(prefixOf(['abcde\r'], 5)).toBeUndefined();
  });

  it('firstCrOrNul finds the first CR or NUL in a range, or -1', () => {
    const b = bytes('ab\rc\0d');
    expect(firstCrOrNul(b, 0, b.length)).toBe(2);
    expect(firstCrOrNul(b, 3, b.length)).toBe(4);
    expect(firstCrOrNul(b, 0, 2)).toBe(-1);
  });
});

describe('LineReader retaining spliced lines (decoding a head at once; RFC 9112 §2.2)', () => {
  it('RFC 9112 §2.2: each spliced line stays where it was assembled until the retained lines are released', () => {
    const reader = new LineReader();
    reader.retainSplicedLines = true;
    const seen: { start: number; end: number }[] = [];
    for (const piece of ['Ab', 'c\r\nDe', 'f\r', '\nG', 'h\r\n']) {
      const input = bytes(piece);
      let pos = 0;
      while (pos < input.length) {
        const next = reader.read(input, pos, 64);
        if (next === NEED_MORE) break;
        expect(reader.lineWasSpliced).toBe(true);
        seen.push({ start: reader.lineStart, end: reader.lineEnd });
        pos = next;
      }
    }
    // Three lines side by side in the reader's buffer, none overwritten by the next.
    expect(seen).toEqual([{ start: 0, end: 3 }, { start: 3, end: 6 }, { start: 6, end: 8 }]);
    expect(text(reader.splicedBytes, 0, 8)).toBe('AbcDefGh');
    // Turned off, the retained lines' room is freed.
    reader.retainSplicedLines = false;
    reader.read(bytes('x'), 0, 64);
    expect(reader.read(bytes('y\r\n'), 0, 64)).toBe(3);
    expect([reader.lineStart, reader.lineEnd]).toEqual([0, 2]);
  });

  it('RFC 9110 §2.3: the length limit applies to each line, not to the lines retained before it', () => {
    const reader = new LineReader();
    reader.retainSplicedLines = true;
    expect(feed(['abcd', 'e\r\nfgh', 'ij\r\nklm', 'no\r\n'], { reader, max: 5 }).lines).toEqual(['abcde', 'fghij', 'klmno']);
    expect(feed(['abc', 'def\r\n'], { reader, max: 5 }).tooLong).toBe(1);
  });

  it('RFC 9112 §2.2: a whole line appended and declared complete lands after the retained lines, and the next one after it', () => {
    const reader = new LineReader();
    reader.retainSplicedLines = true;
    expect(feed(['Ab', 'c\r\n'], { reader }).lines).toEqual(['Abc']);
    const piece = bytes('xxDef\r\nyy');
    expect(reader.append(piece, 2, 5)).toBe(3);
    reader.setPartial(6, 6);
    expect(reader.hasPartial).toBe(false);
    expect(feed(['Gh', '\r\n'], { reader }).lines).toEqual(['Gh']);
    expect([reader.lineStart, reader.lineEnd]).toEqual([6, 8]);
    expect(text(reader.splicedBytes, 0, 8)).toBe('AbcDefGh');
    // A line longer than the buffer so far makes it grow, keeping what it holds.
    const long = bytes('L'.repeat(1000));
    expect(reader.append(long, 0, 1000)).toBe(8);
    expect(text(reader.splicedBytes, 0, 8)).toBe('AbcDefGh');
    expect(text(reader.splicedBytes, 8, 1008)).toBe('L'.repeat(1000));
  });

  it('RFC 9112 §2.2: without retaining, every spliced line starts at the beginning of the buffer', () => {
    const reader = new LineReader();
    feed(['ab', 'c\r\nde', 'f\r\n'], { reader });
    expect([reader.lineStart, reader.lineEnd]).toEqual([0, 3]);
  });
});

describe('LineReader.append and setPartial: bytes its caller has already read (RFC 9112 §2.2)', () => {
  it('RFC 9112 §2.2: appended bytes declared partial begin the line that the next read completes', () => {
    const reader = new LineReader();
    expect(reader.append(bytes('Host: exa'), 0, 9)).toBe(0);
    expect(reader.pendingBytes).toBe(9);
    expect(reader.read(bytes('mple.com\r\n'), 0, 64)).toBe(10);
    expect(text(reader.lineBytes, reader.lineStart, reader.lineEnd)).toBe('Host: example.com');
  });

  it('RFC 9112 §2.2: setPartial keeps part of the appended bytes as the partial line, retaining what precedes it', () => {
    const reader = new LineReader();
    reader.retainSplicedLines = true;
    reader.append(bytes('A: b\r\nC: d'), 0, 10);
    reader.setPartial(6, 10);
    expect(reader.pendingBytes).toBe(4);
    expect(reader.read(bytes('e\r\n'), 0, 64)).toBe(3);
    expect([reader.lineStart, reader.lineEnd]).toEqual([6, 11]);
    expect(text(reader.splicedBytes, 0, 11)).toBe('A: b\r\nC: de');
  });

  it('RFC 9110 §2.3: bytes declared partial count toward the line limit', () => {
    const reader = new LineReader();
    reader.append(bytes('abc'), 0, 3);
    expect(reader.read(bytes('def'), 0, 5)).toBe(LINE_TOO_LONG);
  });
});
