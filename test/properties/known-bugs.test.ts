// The minimal counterexamples of the bugs the properties found in src/ (see support/known-bugs.ts). Each
// `it.fails` case asserts the property on its counterexample, so it passes while the bug is there and fails
// once it is fixed — the signal to delete the bug's entry and its tolerance, and let the property check that
// shape again.
import { describe, expect, it } from 'vitest';
import { bytesOf, bytewise, feed, whole } from './support/feed.js';
import { KNOWN_BUGS, knownBugBehind } from './support/known-bugs.js';

describe('known bugs found by the properties (minimal counterexamples; it.fails until fixed)', () => {
  for (const bug of KNOWN_BUGS) {
    const spec = { kind: bug.kind, options: bug.options };
    const bytes = bytesOf(bug.input);

    it.fails(`BUG(${bug.id}) split invariance (RFC 9112 §2.1): ${bug.summary} — input ${JSON.stringify(bug.input)}, options ${JSON.stringify(bug.options)}`, () => {
      expect(feed(spec, bytewise(bytes))).toEqual(feed(spec, whole(bytes)));
    });

    it(`BUG(${bug.id}) is recognised by the tolerance the split-invariance properties apply while it is open`, () => {
      const reference = feed(spec, whole(bytes));
      const split = feed(spec, bytewise(bytes));
      if (JSON.stringify(split) !== JSON.stringify(reference)) expect(knownBugBehind(bytes, reference, split, bug.options)).toBe(bug.id);
    });
  }
});
