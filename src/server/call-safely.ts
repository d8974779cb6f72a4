/**
 * {@link callSafely}: how the server calls an application's callback (an access log, an error hook), so that what
 * the callback throws cannot unwind the server's own stack.
 *
 * @module
 */

/** Calls an application callback; what it throws goes to `onError` instead of up the server's stack. */
export function callSafely<T>(callback: (value: T) => void, value: T, onError: (error: unknown) => void): void {
  try {
    callback(value);
  } catch (error) {
    try {
      onError(error);
    } catch {
      // Nothing is left to tell.
    }
  }
}
