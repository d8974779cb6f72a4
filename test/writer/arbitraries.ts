// Generators shared by the writer tests: the byte classes a sender generates (RFC 9110 §5.5, §5.6.2; RFC 9112
// §3.2, §4), built independently of the writer's own tables from the ABNF, and strings that must be refused.
import fc from 'fast-check';

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));

/** tchar (RFC 9110 §5.6.2), spelled out from the ABNF. */
export const TCHARS: readonly string[] = [
  ...range(0x30, 0x39),
  ...range(0x41, 0x5a),
  ...range(0x61, 0x7a),
  ...Array.from("!#$%&'*+-.^_`|~"),
];
/** VCHAR (RFC 5234 §B.1). */
export const VCHARS: readonly string[] = range(0x21, 0x7e);
/** Every CTL (RFC 5234 §B.1) except HTAB: 0x00–0x08, 0x0A–0x1F, 0x7F. */
export const CTLS_BUT_HTAB: readonly string[] = [...range(0x00, 0x08), ...range(0x0a, 0x1f), '\x7f'];

/** A token. */
export const token = (maxLength = 16): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength });

/** A field value as a sender generates it: VCHAR, SP, HTAB, no whitespace first or last. */
export const fieldValue: fc.Arbitrary<string> = fc
  .string({ unit: fc.constantFrom(...VCHARS, ' ', '\t'), maxLength: 40 })
  .map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ''));

/** A request-target as the writer accepts it: one or more VCHAR. */
export const target: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...VCHARS), minLength: 1, maxLength: 40 });

/** A reason phrase: HTAB, SP, VCHAR. */
export const reason: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...VCHARS, ' ', '\t'), maxLength: 30 });

/** A header or trailer section as pairs. */
export const fieldPairs: fc.Arbitrary<[string, string][]> = fc.array(fc.tuple(token(), fieldValue), { maxLength: 8 });

/** Any string with at least one CR, LF or NUL somewhere in it (the response-splitting bytes). */
export const withSplittingByte: fc.Arbitrary<string> = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('\r', '\n', '\0'), fc.string({ unit: 'binary', maxLength: 10 }))
  .map(([a, b, c]) => a + b + c);

/** Decodes writer output for comparison with expected text. */
export const text = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
