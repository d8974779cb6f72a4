import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tokenOrQuotedString } from '../../src/writer/quoted-string.js';
import { InvalidMessageError } from '../../src/writer/field-validation.js';
import { CTLS_BUT_HTAB, TCHARS, VCHARS, token } from './arbitraries.js';

/** Removes the quotes and quoted-pairs of a quoted-string (RFC 9110 §5.6.4), checking its grammar on the way. */
function unquote(quoted: string): string {
  expect(quoted.startsWith('"') && quoted.endsWith('"') && quoted.length >= 2).toBe(true);
  let value = '';
  for (let i = 1; i < quoted.length - 1; i++) {
    const c = quoted[i]!;
    if (c === '\\') {
      const escaped = quoted[++i]!;
      // Senders only generate the quoted-pairs needed for DQUOTE and backslash.
      expect(['"', '\\']).toContain(escaped);
      value += escaped;
    } else {
      // qdtext as generated: HTAB, SP, VCHAR except DQUOTE and backslash.
      expect(c === '\t' || c === ' ' || (VCHARS.includes(c) && c !== '"' && c !== '\\')).toBe(true);
      value += c;
    }
  }
  return value;
}

const anyValue = fc.string({ unit: fc.constantFrom(...VCHARS, ' ', '\t'), maxLength: 30 });

describe('tokenOrQuotedString (RFC 9110 §5.6.2 token, §5.6.4 quoted-string)', () => {
  it('returns a token unchanged (RFC 9110 §5.6.2)', () => {
    expect(tokenOrQuotedString('abc')).toBe('abc');
    expect(tokenOrQuotedString("a!#$%&'*+-.^_`|~9")).toBe("a!#$%&'*+-.^_`|~9");
    fc.assert(fc.property(token(), (t) => tokenOrQuotedString(t) === t), { numRuns: 1000 });
  });

  it('quotes everything else, escaping only DQUOTE and backslash (RFC 9110 §5.6.4)', () => {
    expect(tokenOrQuotedString('')).toBe('""');
    expect(tokenOrQuotedString('a b')).toBe('"a b"');
    expect(tokenOrQuotedString('a=b;c')).toBe('"a=b;c"');
    expect(tokenOrQuotedString('say "hi"')).toBe('"say \\"hi\\""');
    expect(tokenOrQuotedString('C:\\dir')).toBe('"C:\\\\dir"');
    expect(tokenOrQuotedString('\t')).toBe('"\t"');
  });

  it('round-trips any HTAB/SP/VCHAR value through a grammar-checking unquote (property, RFC 9110 §5.6.4)', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const out = tokenOrQuotedString(value);
        const isToken = value.length > 0 && Array.from(value).every((c) => TCHARS.includes(c));
        return isToken ? out === value : unquote(out) === value;
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects every CTL but HTAB, obs-text and non-byte code units (RFC 9110 §5.6.4)', () => {
    for (const ctl of CTLS_BUT_HTAB) {
      expect(() => tokenOrQuotedString(`a${ctl}b`, 'chunk extension value')).toThrow(InvalidMessageError);
    }
    expect(() => tokenOrQuotedString('\u00e9')).toThrow(/byte 0xe9 at index 0 cannot be sent in a quoted-string/);
    expect(() => tokenOrQuotedString('\u2603')).toThrow(/U\+2603/);
    expect(() => tokenOrQuotedString(1 as unknown as string)).toThrow(InvalidMessageError);
  });
});
