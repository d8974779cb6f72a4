/**
 * The `Date` header value, formatted at most once per second.
 *
 * @module
 */

let cachedSecond = -1;
let cachedValue = '';

/**
 * The current time as an IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
 *
 * An origin server with a clock MUST send Date in 2xx, 3xx and 4xx responses (RFC 9110 §6.6.1), and the value has
 * a resolution of one second, so formatting it for every response would be wasted work: it is recomputed only
 * when the second changes. `Date.prototype.toUTCString` produces exactly the IMF-fixdate format.
 *
 * @param now - milliseconds since the epoch; the current time by default
 */
export function httpDate(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedValue = new Date(second * 1000).toUTCString();
  }
  return cachedValue;
}
