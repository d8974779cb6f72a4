// Regression cases: the minimal counterexamples of the bugs the properties found in src/ (see
// support/known-bugs.ts, which also describes how an open bug is handled: it.fails plus a tolerance). Each input
// must give the same events fed whole, one byte at a time, and cut in two at every point.
import { describe, expect, it } from 'vitest';
import { bytesOf, bytewise, cutAt, feed, whole } from './support/feed.js';
import { FIXED_BUGS } from './support/known-bugs.js';

describe('bugs found by the properties, fixed (minimal counterexamples kept as regression cases)', () => {
  for (const bug of FIXED_BUGS) {
    it(`${bug.id} — split invariance (RFC 9112 §2.1): input ${JSON.stringify(bug.input)}, options ${JSON.stringify(bug.options)}; was: ${bug.summary}`, () => {
      const spec = { kind: bug.kind, options: bug.options };
      const bytes = bytesOf(bug.input);
      const reference = feed(spec, whole(bytes));
      expect(feed(spec, bytewise(bytes))).toEqual(reference);
      for (let at = 0; at <= bytes.length; at++) expect(feed(spec, cutAt(bytes, [at]))).toEqual(reference);
    });
  }
});
