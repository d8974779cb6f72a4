// The probe's response analysis pushes body bytes of a known extent in one piece (the fast way) and everything
// else a byte at a time; pushing every byte on its own is the readable way. The two must give the same analysis —
// responses, statuses, echoes, bodies, malformed answers, trailing bytes — for valid and mutated response streams,
// whether the server closed or not. (The fuzzer reads two answers per input this way; so does every probe case.)
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { analyzeResponses, type Arrival } from '../../src/probe/analyze.js';
import { check } from './support/config.js';
import { responseInput } from './support/inputs.js';

describe('analyzeResponses: bulk bodies agree with byte-by-byte reading', () => {
  it('the same analysis for valid and mutated response streams, closed or not', () => {
    check(fc.property(responseInput(), fc.boolean(), fc.array(fc.nat(), { maxLength: 4 }), (input, closed, arrivalOffsets) => {
      const methods = input.spec.kind === 'response' ? (input.spec.methods ?? []) : [];
      const arrivals: Arrival[] = [...new Set(arrivalOffsets.map((o) => o % (input.bytes.length + 1)))].sort((a, b) => a - b)
        .map((offset, i) => ({ offset, afterPieces: i + 1 }));
      const bulk = analyzeResponses(input.bytes, methods, { closed, echo: 'auto', arrivals });
      const bytewise = analyzeResponses(input.bytes, methods, { closed, echo: 'auto', arrivals, bytewise: true });
      expect(bulk).toEqual(bytewise);
    }));
  });
});
