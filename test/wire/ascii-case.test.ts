import { describe, expect, it } from 'vitest';
import { equalsIgnoringAsciiCase, regionEqualsIgnoringAsciiCase } from '../../src/wire/ascii-case.js';

describe('ASCII case folding (RFC 9110 §5.1, §5.6.2)', () => {
  it('RFC 9110 §5.1: field names compare case-insensitively, letters only', () => {
    expect(equalsIgnoringAsciiCase('Content-Length', 'content-LENGTH')).toBe(true);
    expect(equalsIgnoringAsciiCase('Host', 'Hosts')).toBe(false);
    // '@' (0x40) and '`' (0x60) differ by the case bit but are not letters.
    expect(equalsIgnoringAsciiCase('a@b', 'a`b')).toBe(false);
    // Non-ASCII letters do not fold: U+00C9 and U+00E9 stay different.
    expect(equalsIgnoringAsciiCase('\u00c9', '\u00e9')).toBe(false);
  });

  it('RFC 9110 §7.6.1: a token is found at an offset inside a list element', () => {
    expect(regionEqualsIgnoringAsciiCase('keep-alive, CLOSE', 12, 'close')).toBe(true);
    expect(regionEqualsIgnoringAsciiCase('keep-alive, clos[', 12, 'close')).toBe(false);
  });
});
