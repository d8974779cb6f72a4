/**
 * From a recorded delivery to the probe's {@link DeliveryPlan}: the bytes cut where the record says, with its pause.
 *
 * @module
 */
import { cut, type DeliveryPlan } from '../probe/delivery.js';
import type { DeliveryRecord } from './finding.js';

/** The delivery plan of bytes cut as recorded. */
export function planOf(bytes: Uint8Array, delivery: DeliveryRecord): DeliveryPlan {
  return { pieces: bytes.length === 0 ? [] : cut(bytes, delivery.cuts), pauseMs: delivery.pauseMs, awaitMs: null };
}

/** A whole delivery: one write, no half-close (how confirmations, shrinking and replays send bytes). */
export const WHOLE: DeliveryRecord = Object.freeze({ mode: 'whole', cuts: [], pauseMs: 0, halfClose: false });
