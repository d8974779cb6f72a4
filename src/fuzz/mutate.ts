/**
 * Byte mutations: turning valid bytes into the inputs a careless or hostile peer sends — bit flips, bytes set to
 * the values the grammar cares most about (CR, LF, NUL, SP, HTAB, `:`), insertions of such bytes and of short
 * protocol fragments, deletions and duplications of ranges.
 *
 * The property tests (`test/properties/support/mutate.ts`) and the fuzzer share these definitions: the tests draw
 * {@link Mutation}s with fast-check arbitraries built from the constants below, the fuzzer draws them with
 * {@link randomMutations}; both apply them with {@link mutate}. The library has no runtime dependencies, so the
 * arbitraries stay in `test/`.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { Random } from './random.js';

/**
 * One byte-level edit. Positions (`at`) may be any non-negative integer: {@link mutate} takes each modulo the
 * length of the bytes at the time it applies, so a list of mutations stays meaningful for inputs of any length.
 */
export type Mutation =
  | {
      /** Flips bit `bit` of the byte at `at`. */
      readonly kind: 'flip';
      /** Where (modulo the length + 1; at the end, nothing happens). */
      readonly at: number;
      /** Which bit, 0–7. */
      readonly bit: number;
    }
  | {
      /** Sets the byte at `at` to `byte`. */
      readonly kind: 'set';
      /** Where (modulo the length + 1; at the end, nothing happens). */
      readonly at: number;
      /** The new value, 0–255. */
      readonly byte: number;
    }
  | {
      /** Inserts `text` before the byte at `at` (or appends it, at the end). */
      readonly kind: 'insert';
      /** Where (modulo the length + 1). */
      readonly at: number;
      /** The bytes to insert, as latin1. */
      readonly text: string;
    }
  | {
      /** Deletes up to `length` bytes from `at`. */
      readonly kind: 'delete';
      /** Where the range starts (modulo the length + 1). */
      readonly at: number;
      /** How many bytes, at most (the range stops at the end). */
      readonly length: number;
    }
  | {
      /** Repeats up to `length` bytes from `at` right after themselves. */
      readonly kind: 'duplicate';
      /** Where the range starts (modulo the length + 1). */
      readonly at: number;
      /** How many bytes, at most (the range stops at the end). */
      readonly length: number;
    };

/** The kinds of {@link Mutation}, in the order the generators choose among them (each equally likely). */
export const MUTATION_KINDS: readonly Mutation['kind'][] = Object.freeze(['flip', 'set', 'insert', 'delete', 'duplicate'] as const);

/**
 * What an `insert` mutation inserts most of the time: the bytes that end or separate protocol elements (CR, LF,
 * CRLF, an empty line, SP, HTAB, `:`, `;`, `,`), those a grammar must refuse (NUL, VT, DEL, 0xFF), the quoting
 * characters, and fragments that end a chunked body or a field line early.
 */
export const INSERTS: readonly string[] = Object.freeze([
  '\r', '\n', '\0', ' ', '\t', '\r\n', '\r\n\r\n', ':', ';', '"', '\\', ',', '0', 'a', '\x7f', '\xff', '\x0b', '0\r\n\r\n', ' \r\n',
]);

/** How often an insertion takes one of the {@link INSERTS} rather than random ASCII: 4 to 1. */
export const INSERT_LIST_WEIGHT = 4;

/** The most bytes of random ASCII (0x00–0x7F) an insertion that does not draw from {@link INSERTS} makes. */
export const MAX_RANDOM_INSERT_LENGTH = 4;

/** The byte values a `set` mutation favours (half of the time; any byte otherwise): CR, LF, NUL, SP, HTAB, `:`. */
export const SET_BYTES: readonly number[] = Object.freeze([0x0d, 0x0a, 0x00, 0x20, 0x09, 0x3a]);

/** The longest range a `delete` mutation removes. */
export const MAX_DELETE_LENGTH = 8;

/** The longest range a `duplicate` mutation repeats (long enough to repeat a whole field line). */
export const MAX_DUPLICATE_LENGTH = 40;

/** The most mutations in one list ({@link randomMutations} makes 1 to this many). */
export const MAX_MUTATIONS = 4;

// Positions are drawn from the non-negative 31-bit integers, as fast-check's `nat()` does; `mutate` reduces them.
const MAX_POSITION = 0x7fffffff;

/**
 * One mutation, drawn with the distribution of the property tests' `mutation` arbitrary; of the given kind when
 * `kind` is given (each kind is equally likely otherwise).
 */
export function randomMutation(random: Random, kind?: Mutation['kind']): Mutation {
  const chosen = kind ?? random.pick(MUTATION_KINDS);
  const at = random.between(0, MAX_POSITION);
  switch (chosen) {
    case 'flip':
      return { kind: 'flip', at, bit: random.between(0, 7) };
    case 'set':
      return { kind: 'set', at, byte: random.chance(0.5) ? random.pick(SET_BYTES) : random.between(0, 255) };
    case 'insert': {
      const fromList = random.int(INSERT_LIST_WEIGHT + 1) < INSERT_LIST_WEIGHT;
      let text: string;
      if (fromList) {
        text = random.pick(INSERTS);
      } else {
        text = '';
        const length = random.between(1, MAX_RANDOM_INSERT_LENGTH);
        for (let i = 0; i < length; i++) text += String.fromCharCode(random.between(0, 0x7f));
      }
      return { kind: 'insert', at, text };
    }
    case 'delete':
      return { kind: 'delete', at, length: random.between(1, MAX_DELETE_LENGTH) };
    case 'duplicate':
      return { kind: 'duplicate', at, length: random.between(1, MAX_DUPLICATE_LENGTH) };
  }
}

/**
 * One to {@link MAX_MUTATIONS} mutations (all of one kind when `kind` is given). The count is uniform, where
 * fast-check's array arbitrary leans towards short lists; the mutations themselves follow the arbitrary's
 * distribution.
 */
export function randomMutations(random: Random, kind?: Mutation['kind']): Mutation[] {
  const count = random.between(1, MAX_MUTATIONS);
  const out: Mutation[] = [];
  for (let i = 0; i < count; i++) out.push(randomMutation(random, kind));
  return out;
}

/**
 * Applies `list` in order to a copy of `bytes` (the input is not modified). Each position is taken modulo the
 * length + 1 at the time: a flip or set at the end does nothing, an insertion there appends, a delete or
 * duplicate range is clipped to the bytes that exist.
 */
export function mutate(bytes: Uint8Array, list: readonly Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of list) {
    const at = m.at % (out.length + 1);
    switch (m.kind) {
      case 'flip':
        if (at < out.length) out[at] = out[at]! ^ (1 << m.bit);
        break;
      case 'set':
        if (at < out.length) out[at] = m.byte;
        break;
      case 'insert': {
        const ins = new Uint8Array(Buffer.from(m.text, 'latin1'));
        const next = new Uint8Array(out.length + ins.length);
        next.set(out.subarray(0, at));
        next.set(ins, at);
        next.set(out.subarray(at), at + ins.length);
        out = next;
        break;
      }
      case 'delete': {
        const end = Math.min(out.length, at + m.length);
        const next = new Uint8Array(out.length - (end - at));
        next.set(out.subarray(0, at));
        next.set(out.subarray(end), at);
        out = next;
        break;
      }
      case 'duplicate': {
        const end = Math.min(out.length, at + m.length);
        const piece = out.slice(at, end);
        const next = new Uint8Array(out.length + piece.length);
        next.set(out.subarray(0, end));
        next.set(piece, end);
        next.set(out.subarray(end), end + piece.length);
        out = next;
        break;
      }
    }
  }
  return out;
}
