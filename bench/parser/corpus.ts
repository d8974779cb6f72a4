/**
 * The benchmark cases: a message (or 64 pipelined copies) and the way it is cut into the pieces handed to the
 * parser, one `execute`/`push` call per piece. A case's pieces are one "sequence"; a timed run replays the
 * sequence many times on one parser instance, like one keep-alive connection.
 *
 * @module
 */
import {
  BROWSER_GET,
  MINIMAL_GET,
  POST_CHUNKED,
  POST_LENGTH,
  expectedFor,
  serialize,
  type Expected,
  type MessageSpec,
} from './messages.js';
import { mulberry32, randomInt } from './prng.js';

/** One benchmark case, ready to replay. */
export interface BenchCase {
  readonly name: CaseName;
  readonly description: string;
  /** Wire bytes of one message (MB/s is messages/s × this). */
  readonly bytesPerMessage: number;
  /** The pieces of one sequence, in order: views into one buffer, built once so the timed loop allocates nothing. */
  readonly pieces: readonly Buffer[];
  /** What one sequence must produce. */
  readonly expected: Readonly<Expected>;
}

/** Every case name, in the order of the report. */
export const CASE_NAMES = [
  'minimal',
  'browser',
  'browser-1byte',
  'browser-random',
  'post-length',
  'post-chunked',
  'minimal-x64',
  'browser-x64',
] as const;

/** A case name. */
export type CaseName = (typeof CASE_NAMES)[number];

/** How many copies the pipelined cases put in one buffer. */
const PIPELINED = 64;

/** Smallest and largest piece of the random split; the mean (~32 B) is a small socket read. */
const RANDOM_PIECE_MIN = 1;
const RANDOM_PIECE_MAX = 64;

/** Whether `name` is a case name. */
export function isCaseName(name: string): name is CaseName {
  return (CASE_NAMES as readonly string[]).includes(name);
}

/** Builds one case. `seed` only matters for `browser-random`. */
export function buildCase(name: CaseName, seed: number): BenchCase {
  switch (name) {
    case 'minimal':
      return whole(name, '(a) minimal GET, whole', MINIMAL_GET, 1);
    case 'browser':
      return whole(name, '(b) Chrome-like GET, whole', BROWSER_GET, 1);
    case 'browser-1byte':
      return split(name, '(b) Chrome-like GET, one byte per call', BROWSER_GET, () => 1);
    case 'browser-random': {
      const random = mulberry32(seed);
      const description = `(b) Chrome-like GET, random ${RANDOM_PIECE_MIN}–${RANDOM_PIECE_MAX}-byte pieces (seed ${seed})`;
      const nextSize = (): number => randomInt(random, RANDOM_PIECE_MIN, RANDOM_PIECE_MAX);
      return split(name, description, BROWSER_GET, nextSize);
    }
    case 'post-length':
      return whole(name, '(c) POST, Content-Length: 1024, whole', POST_LENGTH, 1);
    case 'post-chunked':
      return whole(name, '(d) POST, chunked 4 × 256 B + last chunk, whole', POST_CHUNKED, 1);
    case 'minimal-x64':
      return whole(name, `(e) ${PIPELINED} pipelined minimal GETs in one buffer`, MINIMAL_GET, PIPELINED);
    case 'browser-x64':
      return whole(name, `(e) ${PIPELINED} pipelined Chrome-like GETs in one buffer`, BROWSER_GET, PIPELINED);
  }
}

/** `copies` back-to-back copies of `message` in a single piece. */
function whole(name: CaseName, description: string, message: MessageSpec, copies: number): BenchCase {
  const one = serialize(message);
  const wire = Buffer.concat(Array.from({ length: copies }, () => one));
  const expected = times(expectedFor(message), copies);
  return { name, description, bytesPerMessage: one.length, pieces: [wire], expected };
}

/** One copy of `message`, cut into pieces whose sizes `nextSize` picks (the last piece may be shorter). */
function split(name: CaseName, description: string, message: MessageSpec, nextSize: () => number): BenchCase {
  const wire = serialize(message);
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < wire.length; ) {
    const end = Math.min(wire.length, offset + nextSize());
    pieces.push(wire.subarray(offset, end));
    offset = end;
  }
  return { name, description, bytesPerMessage: wire.length, pieces, expected: expectedFor(message) };
}

function times(e: Expected, n: number): Expected {
  return { messages: e.messages * n, fields: e.fields * n, chars: e.chars * n, bodyBytes: e.bodyBytes * n };
}
