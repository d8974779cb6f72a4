// Turning valid messages into invalid ones, and other inputs a peer may send: byte flips, insertions of the bytes
// the grammar cares most about (CR, LF, NUL, SP, HTAB, ":", ";", quotes), deletions and duplications of ranges,
// plus random parser options.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import type { ParserOptions } from '../../../src/parser/options.js';

export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly byte: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number };

const INSERTS = ['\r', '\n', '\0', ' ', '\t', '\r\n', '\r\n\r\n', ':', ';', '"', '\\', ',', '0', 'a', '\x7f', '\xff', '\x0b', '0\r\n\r\n', ' \r\n'];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.oneof(fc.constantFrom(0x0d, 0x0a, 0x00, 0x20, 0x09, 0x3a), fc.nat(255)) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...INSERTS) }, fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 4 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

/** One to four mutations. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** Applies mutations in order; positions are taken modulo the length at the time. */
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

/** Cut points for {@link cutAt}: none to many, repeats allowed (they make empty pieces). */
export const cuts: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.nat(), { maxLength: 6 }),
  fc.array(fc.nat(), { maxLength: 40 }),
);

/** Small limits, so that generated messages cross them, and leniencies on or off. */
export const smallOptions: fc.Arbitrary<ParserOptions> = fc.record({
  limits: fc.record(
    {
      maxStartLineBytes: fc.integer({ min: 1, max: 120 }),
      maxHeaderBytes: fc.integer({ min: 0, max: 300 }),
      maxFieldCount: fc.integer({ min: 0, max: 8 }),
      maxBodyBytes: fc.integer({ min: 0, max: 400 }),
      maxChunkSizeDigits: fc.integer({ min: 1, max: 16 }),
      maxChunkExtensionBytes: fc.integer({ min: 0, max: 60 }),
      maxTrailerBytes: fc.integer({ min: 0, max: 100 }),
    },
    { requiredKeys: [] },
  ),
  lenient: fc.record({ bareLineFeed: fc.boolean(), obsFold: fc.boolean() }, { requiredKeys: [] }),
});

/** Default options, or small limits and random leniencies. */
export const anyOptions: fc.Arbitrary<ParserOptions> = fc.oneof(fc.constant({}), smallOptions);
