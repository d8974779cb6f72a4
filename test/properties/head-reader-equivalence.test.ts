// Property 8 — the head reader's fast paths are a checked optimisation of its general way. The general way reads
// each line with the line reader and checks it with the one readable grammar (RFC 9112 §3, §4 start lines; §5 and
// RFC 9110 §5.5 field lines); the fast paths find and check whole lines in one pass, check cut lines on from where
// they stopped, and splice small pieces. A parser switched to the general way only (GENERAL_WAY_ONLY, internal)
// and a default parser are fed the same inputs — valid messages, mutated ones, the fuzzer's catalogue-edited
// streams — delivered whole, cut at every point, byte by byte, in random pieces and through one reused buffer;
// after every push and at the end they must have produced the same events (errors with their code, offset, status
// and message), be in the same phase and hold the same bytes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENERAL_WAY_ONLY } from '../../src/parser/head-reader.js';
import type { ParserEvent } from '../../src/parser/events.js';
import type { ParserOptions } from '../../src/parser/options.js';
import { generateInput } from '../../src/fuzz/generate.js';
import { check, parameters, RUNS } from './support/config.js';
import {
  asPaddedViews, bytewise, cutAt, latin1, makeParser, record, throughOneBuffer, whole, type AnyParser, type ParserSpec,
  type PausePolicy, type PlainEvent,
} from './support/feed.js';
import { anyInput, type Input } from './support/inputs.js';
import { anyOptions, cuts } from './support/mutate.js';

/** The same parser, reading heads the general way only. */
function generalWay(spec: ParserSpec): ParserSpec {
  return { ...spec, options: { ...spec.options, [GENERAL_WAY_ONLY]: true } as ParserOptions };
}

/** What one push (or the final `finish`) produced, and where it left the parser. */
interface Step {
  events: PlainEvent[];
  messages: string[];
  phase: string;
  heldBytes: number;
}

function step(parser: AnyParser, out: readonly ParserEvent[], policy: PausePolicy): Step {
  const events: PlainEvent[] = [];
  const messages: string[] = [];
  const take = (list: readonly ParserEvent[]): void => {
    record(events, list);
    for (const event of list) if (event.type === 'error') messages.push(event.error.message);
  };
  take(out);
  while (policy === 'resume' && out.some((e) => e.type === 'paused')) {
    out = parser.resume();
    take(out);
  }
  return { events, messages, phase: parser.phase, heldBytes: parser.heldBytes };
}

/** Feeds the pieces, one push each, then `finish()`; what each call produced. */
function steps(spec: ParserSpec, pieces: Iterable<Uint8Array>, policy: PausePolicy): Step[] {
  const parser = makeParser(spec);
  const out: Step[] = [];
  for (const piece of pieces) out.push(step(parser, parser.push(piece), policy));
  out.push(step(parser, parser.finish(), policy));
  const remaining = parser.phase === 'paused' ? latin1(parser.takeRemaining()) : '';
  out.push({ events: [], messages: [remaining], phase: parser.phase, heldBytes: 0 });
  return out;
}

/**
 * Both ways, push by push. Pieces from a generator that reuses its buffer are made twice, so that each parser
 * gets them as it would from a socket.
 */
function assertSameWays(spec: ParserSpec, pieces: () => Iterable<Uint8Array>, policy: PausePolicy = 'hold'): void {
  expect(steps(spec, pieces(), policy)).toEqual(steps(generalWay(spec), pieces(), policy));
}

/** Every delivery of one input but the exhaustive ones. */
function assertSameDeliveries(input: Input, points: number[], size: number, policy: PausePolicy): void {
  const { spec, bytes } = input;
  assertSameWays(spec, () => whole(bytes), policy);
  assertSameWays(spec, () => cutAt(bytes, points), policy);
  assertSameWays(spec, () => bytewise(bytes), policy);
  assertSameWays(spec, () => throughOneBuffer(bytes, size), policy);
  assertSameWays(spec, () => asPaddedViews(cutAt(bytes, points), 3), policy);
}

const policy: fc.Arbitrary<PausePolicy> = fc.constantFrom('hold', 'resume');
// Piece sizes around the head reader's thresholds: a few bytes, 16 (a piece copied whole), 256 (a small read).
const pieceSize: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }));

/** Requests from the fuzzer's generator (grammar streams edited by catalogue, stream and byte operators). */
const fuzzInput: fc.Arbitrary<Input> = fc
  .tuple(fc.integer({ min: 1, max: 0x7fffffff }), fc.nat(100_000), anyOptions)
  .map(([seed, index, options]) => ({
    spec: { kind: 'request', options },
    bytes: generateInput(index, { seed, wholeOnly: true }).bytes,
    valid: false,
    styled: false,
    mutations: [],
  }));

/** The index of every LF in `bytes`, and -1 first (as if a line ended just before the input). */
function lineFeeds(bytes: Uint8Array): number[] {
  const at = [-1];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) at.push(i);
  return at;
}

type LimitName = 'maxHeaderBytes' | 'maxStartLineBytes' | 'maxTrailerBytes' | 'maxFieldCount';

/**
 * An input with one limit set so that it runs out exactly at (or a byte or two around) the end of some line, and
 * cuts at or near line ends: where the fast paths' own limit checks (a whole line, a held line, a line cut right
 * after its CR) must agree with the line reader's to the byte.
 */
const boundaryCase = fc
  .tuple(
    fc.oneof(anyInput(), fuzzInput.map((input) => ({ ...input, spec: { kind: 'request' as const } }))),
    fc.constantFrom<LimitName>('maxHeaderBytes', 'maxHeaderBytes', 'maxHeaderBytes', 'maxStartLineBytes', 'maxTrailerBytes', 'maxFieldCount'),
    // Lines i and j (LF indexes): i is most often the start line's, where the first message's fields begin.
    fc.oneof(fc.constant(1), fc.nat()), fc.nat(), fc.oneof(fc.constant(0), fc.integer({ min: -2, max: 2 })),
    // Line j, where the limit runs out, cut inside (k bytes before its LF) and at its end (before its CR, after
    // it, after the LF); then more cuts near the end of any line.
    fc.integer({ min: 2, max: 60 }), fc.integer({ min: -1, max: 1 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: -20, max: 1 })), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([input, name, a, b, delta, k, e, near, lenient]) => {
    const lfs = lineFeeds(input.bytes);
    const [i, j] = [a % lfs.length, b % lfs.length].sort((x, y) => x - y) as [number, number];
    // From the line after LF i to the CR before LF j, as the limit counts it (each line's CRLF included).
    const span = name === 'maxFieldCount' ? j - i : name === 'maxStartLineBytes' ? lfs[j]! - lfs[i]! - 2 : lfs[j]! - lfs[i]!;
    const options: ParserOptions = { limits: { [name]: Math.max(0, span + delta) }, lenient: { bareLineFeed: lenient, obsFold: lenient } };
    const points = [lfs[j]! - k, lfs[j]! + e, ...near.map(([n, offset]) => lfs[n % lfs.length]! + offset)].map((p) => Math.max(0, p));
    return { input: { ...input, spec: { ...input.spec, options } }, points };
  });

describe('property 8: the head reader\'s fast paths equal its general way (RFC 9112 §2.2, §3, §4, §5; RFC 9110 §5.5)', () => {
  it('valid and mutated messages, with default or small limits and leniencies, give the same events push by push whole, cut, byte by byte and in pieces', () => {
    check(fc.property(anyInput(anyOptions), cuts, pieceSize, policy, assertSameDeliveries));
  });

  it('the fuzzer\'s edited request streams give the same events push by push both ways', () => {
    check(fc.property(fuzzInput, cuts, pieceSize, policy, assertSameDeliveries));
  });

  it('limits that run out at, or a byte around, the end of a line, with cuts near line ends, give the same events both ways (RFC 9112 §2.2, RFC 6585 §5)', () => {
    check(fc.property(boundaryCase, pieceSize, ({ input, points }, size) => assertSameDeliveries(input, points, size, 'hold')));
  });

  it('an input cut in two at every point of its first 600 bytes gives the same events both ways', () => {
    // Exhaustive over the cut point, so fewer inputs than the other properties.
    fc.assert(
      fc.property(fc.oneof(anyInput(anyOptions), fuzzInput), (input) => {
        const { spec, bytes } = input;
        for (let at = 0; at <= Math.min(bytes.length, 600); at++) assertSameWays(spec, () => cutAt(bytes, [at]));
      }),
      { ...parameters(), numRuns: Math.max(20, Math.floor(RUNS / 10)) } as fc.Parameters<[Input]>,
    );
  });
});
