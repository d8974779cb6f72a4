/**
 * Delivery plans: how a case's bytes are cut into writes, and how long to pause between them.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { Delivery, SpecCase, SplitDelivery } from './case.js';

/** How the runner re-cuts every case (except those that wait for responses between pieces). */
export type SplitMode = 'whole' | 'boundaries' | 'bytes' | 'random';

/** The split modes, for option parsing. */
export const SPLIT_MODES: readonly SplitMode[] = ['whole', 'boundaries', 'bytes', 'random'];

/** The writes of one case. */
export interface DeliveryPlan {
  /** The pieces, in order; their concatenation is the case's bytes. Empty for a case that sends nothing. */
  readonly pieces: readonly Uint8Array[];
  /** Pause between pieces, in ms. */
  readonly pauseMs: number;
  /** For `await` deliveries: how long to wait for a response byte after each piece; otherwise null. */
  readonly awaitMs: number | null;
}

/** Default pauses between pieces, in ms, by how the bytes were cut. */
export interface DefaultPauses {
  /** At a case's own offsets. */
  readonly split: number;
  /** At every syntactic boundary. */
  readonly boundaries: number;
  /** One byte at a time. */
  readonly bytes: number;
  /** At random offsets. */
  readonly random: number;
}

/** The default pauses: long enough for each piece to arrive as a read of its own on loopback. */
export const DEFAULT_PAUSE_MS: DefaultPauses = Object.freeze({ split: 20, boundaries: 2, bytes: 1, random: 5 });

/** Beyond this many pieces, pieces are written without pauses (a 100 KiB case one byte at a time would take minutes). */
export const MAX_PAUSED_PIECES = 2000;

/** The bytes of a case (its string, one byte per code unit). */
export function caseBytes(c: SpecCase): Uint8Array {
  return Buffer.from(c.request, 'latin1');
}

/**
 * The plan for a case: its own delivery, or the `override` split mode when one is given (an `await` delivery is
 * kept whatever the override, since it is part of what the case tests).
 *
 * @param random - a source of numbers in [0, 1), for `random`
 */
export function planDelivery(c: SpecCase, override?: SplitMode, random?: () => number): DeliveryPlan {
  const plan = rawPlan(c, override, random);
  return plan.pieces.length > MAX_PAUSED_PIECES && plan.awaitMs === null ? { ...plan, pauseMs: 0 } : plan;
}

function rawPlan(c: SpecCase, override?: SplitMode, random?: () => number): DeliveryPlan {
  const bytes = caseBytes(c);
  const delivery: Delivery = c.delivery ?? { mode: 'whole' };
  if (delivery.mode === 'await') return { pieces: cut(bytes, delivery.at), pauseMs: 0, awaitMs: delivery.waitMs };
  const mode = override ?? delivery.mode;
  switch (mode) {
    case 'whole':
      return { pieces: bytes.length === 0 ? [] : [bytes], pauseMs: 0, awaitMs: null };
    case 'split': {
      const d = delivery as SplitDelivery;
      return { pieces: cut(bytes, d.at), pauseMs: d.pauseMs ?? DEFAULT_PAUSE_MS.split, awaitMs: null };
    }
    case 'boundaries': {
      const pause = delivery.mode === 'boundaries' ? delivery.pauseMs : undefined;
      return { pieces: cut(bytes, syntacticBoundaries(bytes)), pauseMs: pause ?? DEFAULT_PAUSE_MS.boundaries, awaitMs: null };
    }
    case 'bytes': {
      const pause = delivery.mode === 'bytes' ? delivery.pauseMs : undefined;
      return { pieces: cut(bytes, Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)), pauseMs: pause ?? DEFAULT_PAUSE_MS.bytes, awaitMs: null };
    }
    case 'random':
      return { pieces: cut(bytes, randomCuts(bytes.length, random ?? Math.random)), pauseMs: DEFAULT_PAUSE_MS.random, awaitMs: null };
  }
}

/** Cuts `bytes` at the given offsets (out-of-range and repeated offsets are ignored). */
export function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const offsets = [...new Set(at)].filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const o of offsets) {
    pieces.push(bytes.subarray(start, o));
    start = o;
  }
  if (start < bytes.length) pieces.push(bytes.subarray(start));
  return pieces;
}

const DELIMITERS = new Set([0x20, 0x09, 0x0d, 0x0a, 0x3a, 0x3b, 0x2c, 0x3d, 0x2f]);

/**
 * Every syntactic boundary of HTTP/1.1 bytes: before and after each delimiter (SP, HTAB, CR, LF, `:`, `;`, `,`,
 * `=`, `/`) — so that a CR and its LF arrive apart — and in the middle of every run of other bytes (inside the
 * method, the version, a field name, a value, a chunk size, body data).
 */
export function syntacticBoundaries(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let runStart = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i]! : -1;
    const isDelimiter = DELIMITERS.has(b);
    if (i === bytes.length || isDelimiter) {
      if (runStart !== -1) {
        const length = i - runStart;
        if (length > 1) out.push(runStart + (length >> 1));
        runStart = -1;
      }
      if (i < bytes.length) out.push(i, i + 1);
    } else if (runStart === -1) {
      runStart = i;
    }
  }
  return out;
}

function randomCuts(length: number, random: () => number): number[] {
  if (length < 2) return [];
  const count = 1 + Math.floor(random() * Math.min(8, length - 1));
  return Array.from({ length: count }, () => 1 + Math.floor(random() * (length - 1)));
}

/** A small seeded generator (mulberry32): the same seed gives the same numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A per-case seed from the run's seed and the case id, so that one case replays alone with the same cuts. */
export function caseSeed(seed: number, id: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
