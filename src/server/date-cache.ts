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

// `Date: <IMF-fixdate>\r\n`, ready to put in a head; '' when it must be rebuilt. A timer clears it when the
// second it was built in is over, so responses in between neither read the clock nor format anything.
let cachedLine = '';

function clearDateLine(): void {
  cachedLine = '';
}

/**
 * The field line `Date: <IMF-fixdate>` with its CRLF (RFC 9110 §6.6.1, RFC 9112 §5), for the current second.
 *
 * The line is built from `toUTCString()` alone (letters, digits, SP, `,` and `:`), so it needs no check before
 * it is written.
 */
export function dateLine(): string {
  if (cachedLine !== '') return cachedLine;
  const now = Date.now();
  const line = `Date: ${httpDate(now)}\r\n`;
  cachedLine = line;
  // Valid until the next second starts; an unref'd timer keeps no process alive.
  setTimeout(clearDateLine, 1000 - (now % 1000)).unref();
  return line;
}
