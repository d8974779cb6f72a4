/**
 * {@link deadlineClock}: the clock the server's deadlines read.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';

/**
 * Whole milliseconds since the process started, plus one: the clock every timeout of the server is measured on.
 *
 * Monotonic, unlike `Date.now()` (a wall clock that NTP or an operator may step, which would fire or suspend every
 * deadline at once). Whole milliseconds stay small integers (V8 Smis) for 24 days of uptime, so the timestamps a
 * connection keeps cost no heap number each (16 bytes apiece, per idle connection, with `Date.now()`'s values).
 * Never 0, which the deadline fields use for "not running".
 */
export function deadlineClock(): number {
  return Math.floor(performance.now()) + 1;
}
