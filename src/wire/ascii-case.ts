/**
 * Case-insensitive comparison as HTTP defines it for field names, tokens and coding names: ASCII letters fold,
 * nothing else does (RFC 9110 §5.1, §5.6.2). One implementation for the parser, the writers and the server, and
 * none of them allocates a lower-cased copy.
 *
 * @module
 */

// The lower-case form of an ASCII letter; any other code unit is itself.
function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** Whether `a` and `b` are the same once ASCII letters are folded (`Content-Length` = `content-length`). */
export function equalsIgnoringAsciiCase(a: string, b: string): boolean {
  return a.length === b.length && regionEqualsIgnoringAsciiCase(a, 0, b);
}

/**
 * Whether `text`, from index `start`, holds `other` once ASCII letters are folded on both sides. The caller checks
 * that `text` is long enough.
 */
export function regionEqualsIgnoringAsciiCase(text: string, start: number, other: string): boolean {
  for (let i = 0; i < other.length; i++) {
    const x = text.charCodeAt(start + i);
    const y = other.charCodeAt(i);
    if (x !== y && fold(x) !== fold(y)) return false;
  }
  return true;
}
