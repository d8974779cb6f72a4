/**
 * What an operator is: a named edit of a {@link Stream}'s parts that records the slot it touched. The catalogue
 * operators (`operators/`, one family per section §3.1–§3.9 of the discrepancy catalogue) and the stream
 * operators share this shape, so a generated input is a baseline plus a list of named edits, and the shrinker can
 * undo them slot by slot.
 *
 * @module
 */
import type { Stream } from './parts.js';
import type { Random } from './random.js';

/** The catalogue sections the operator families come from, plus the byte- and stream-level families. */
export type OperatorFamily =
  | 'request-line' // §3.1
  | 'field-syntax' // §3.2
  | 'field-values' // §3.3
  | 'content-length' // §3.4
  | 'transfer-encoding' // §3.5
  | 'chunked' // §3.6
  | 'host' // §3.7
  | 'connection' // §3.8
  | 'expect-upgrade-methods' // §3.9
  | 'bytes' // the property tests' byte mutations
  | 'stream'; // the Garden's stream operators

/** The catalogue section of each catalogue family. */
export const FAMILY_SECTION: Readonly<Record<Exclude<OperatorFamily, 'bytes' | 'stream'>, string>> = {
  'request-line': '3.1',
  'field-syntax': '3.2',
  'field-values': '3.3',
  'content-length': '3.4',
  'transfer-encoding': '3.5',
  chunked: '3.6',
  host: '3.7',
  connection: '3.8',
  'expect-upgrade-methods': '3.9',
};

/** The result of applying an operator: the edited stream, and where it was edited. */
export interface Edit {
  /** A new stream (the input stream is never modified). */
  readonly stream: Stream;
  /** The slot touched (see `parts.ts`: `m0.f2.colon`, `m0.c0.size`, `stream`, …). */
  readonly slot: string;
  /** The variant applied (one of the operator's `variants`). */
  readonly variant: string;
}

/** A named, seeded edit. */
export interface Operator {
  /** Unique, kebab-case: `request-line-whitespace`, `cl-duplicate`, … */
  readonly name: string;
  /** Its family. */
  readonly family: OperatorFamily;
  /** One line, in our own words. */
  readonly description: string;
  /** The named variants it can apply (each a distinct edit), in a stable order. */
  readonly variants: readonly string[];
  /**
   * Applies one variant (chosen with `random` when not given) to a copy of `stream`; null when it does not apply
   * (no message, no field line to edit, no chunked body, …).
   */
  apply(stream: Stream, random: Random, variant?: string): Edit | null;
}
