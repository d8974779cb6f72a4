// Property 1 — split invariance. A parser's events depend on the bytes received, never on how the transport cut
// them into pieces: TCP guarantees order, not boundaries (RFC 9112 §2.1 defines a message as a sequence of octets;
// §2.2 lines, §6.3 body length and §7.1 chunked coding are all defined on that sequence). For every input —
// valid messages, or valid messages mutated into invalid ones — fed whole, cut at arbitrary points (empty pieces
// included) and fed one byte at a time, the events are the same once adjacent data events are merged (data
// events are views, so their bytes are compared) and errors are compared by code, status and offset.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from './support/config.js';
import { asPaddedViews, bytewise, cutAt, errorsOf, feed, throughOneBuffer, whole, type PausePolicy, type Transcript } from './support/feed.js';
import { anyInput, requestInput, responseInput, type Input } from './support/inputs.js';
import { cuts, smallOptions } from './support/mutate.js';

const policy: fc.Arbitrary<PausePolicy> = fc.constantFrom('hold', 'resume');

/** The transcript of the input in pieces equals that of the whole input. */
function assertSame(_input: Input, reference: Transcript, split: Transcript): void {
  // An open bug would be tolerated here, in its exact shape, with a `// BUG(id):` comment (see support/known-bugs.ts).
  expect(split).toEqual(reference);
}

function assertSplitInvariant(input: Input, points: number[], pause: PausePolicy): void {
  const reference = feed(input.spec, whole(input.bytes), pause);
  if (input.valid && input.spec.options?.limits === undefined) {
    // The unmutated messages are valid: the reference reading has no error (else the generator is wrong).
    expect(errorsOf(reference)).toEqual([]);
  }
  assertSame(input, reference, feed(input.spec, cutAt(input.bytes, points), pause));
  assertSame(input, reference, feed(input.spec, bytewise(input.bytes), pause));
}

describe('property 1: split invariance (RFC 9112 §2.1, §2.2, §6.3, §7.1)', () => {
  it('requests — pipelined, chunked with extensions and trailers, valid or mutated — yield the same events however they are cut', () => {
    check(fc.property(requestInput(), cuts, policy, assertSplitInvariant));
  });

  it('responses (methods told with expectResponseTo; HEAD, 1xx, 204, 304, CONNECT, close-delimited) yield the same events however they are cut', () => {
    check(fc.property(responseInput(), cuts, policy, assertSplitInvariant));
  });

  it('with small limits and leniencies on or off, messages crossing the limits yield the same events however they are cut (RFC 9112 §2.2, RFC 6585 §5, RFC 9110 §15.5.14)', () => {
    check(fc.property(anyInput(smallOptions), cuts, policy, assertSplitInvariant));
  });

  it('pieces passed in one reused receive buffer (overwritten after each push), or as views and Buffers inside larger buffers, yield the same events as fresh buffers (RFC 9112 §2.1)', () => {
    check(
      fc.property(anyInput(), fc.integer({ min: 1, max: 64 }), cuts, fc.integer({ min: 1, max: 16 }), (input, size, points, pad) => {
        const reference = feed(input.spec, whole(input.bytes));
        assertSame(input, reference, feed(input.spec, throughOneBuffer(input.bytes, size)));
        assertSame(input, reference, feed(input.spec, asPaddedViews(cutAt(input.bytes, points), pad)));
      }),
    );
  });
});
