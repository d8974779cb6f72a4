// No writer lets caller data end a line early (response splitting, request smuggling): RFC 9110 §5.5 calls CR,
// LF and NUL "invalid and dangerous" in field values, and RFC 9112 §2.2 makes CRLF the only line terminator, so
// every element a writer puts on a line must refuse them — and every other control byte but HTAB.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ChunkedEncoder } from '../../src/writer/body-encoders.js';
import { InvalidMessageError } from '../../src/writer/field-validation.js';
import { writeRequestHead, writeResponseHead } from '../../src/writer/head-writer.js';
import { tokenOrQuotedString } from '../../src/writer/quoted-string.js';
import { CTLS_BUT_HTAB, withSplittingByte } from './arbitraries.js';

const data = new Uint8Array([0x61]);

/** Every element a writer accepts text for, with the element name its error must carry. */
const ELEMENTS: readonly { element: string; write: (s: string) => unknown; htabAllowedInside: boolean }[] = [
  { element: 'method', write: (s) => writeRequestHead({ method: s, target: '/' }), htabAllowedInside: false },
  { element: 'request-target', write: (s) => writeRequestHead({ method: 'GET', target: s }), htabAllowedInside: false },
  { element: 'field name', write: (s) => writeRequestHead({ method: 'GET', target: '/', fields: [[s, 'v']] }), htabAllowedInside: false },
  { element: 'field value', write: (s) => writeRequestHead({ method: 'GET', target: '/', fields: [['X', s]] }), htabAllowedInside: true },
  { element: 'field name', write: (s) => writeResponseHead({ status: 200, fields: [[s, 'v']] }), htabAllowedInside: false },
  { element: 'field value', write: (s) => writeResponseHead({ status: 200, fields: [['X', s]] }), htabAllowedInside: true },
  { element: 'reason phrase', write: (s) => writeResponseHead({ status: 200, reason: s }), htabAllowedInside: true },
  { element: 'chunk extension name', write: (s) => new ChunkedEncoder().encodeChunk(data, [{ name: s }]), htabAllowedInside: false },
  { element: 'chunk extension value', write: (s) => new ChunkedEncoder().encodeChunk(data, [{ name: 'e', value: s }]), htabAllowedInside: true },
  { element: 'chunk extension name', write: (s) => new ChunkedEncoder().encodeLast(undefined, [{ name: s }]), htabAllowedInside: false },
  { element: 'chunk extension value', write: (s) => new ChunkedEncoder().encodeLast(undefined, [{ name: 'e', value: s }]), htabAllowedInside: true },
  { element: 'trailer field name', write: (s) => new ChunkedEncoder().encodeLast([[s, 'v']]), htabAllowedInside: false },
  { element: 'trailer field value', write: (s) => new ChunkedEncoder().encodeLast([['X', s]]), htabAllowedInside: true },
  { element: 'parameter value', write: (s) => tokenOrQuotedString(s), htabAllowedInside: true },
];

function rejection(write: () => unknown): InvalidMessageError | undefined {
  try {
    write();
  } catch (error) {
    if (error instanceof InvalidMessageError) return error;
    throw error;
  }
  return undefined;
}

describe('forbidden bytes in every written element (RFC 9110 §5.5, RFC 9112 §2.2)', () => {
  it('any string containing CR, LF or NUL is rejected, naming the element (property, RFC 9110 §5.5)', () => {
    for (const { element, write } of ELEMENTS) {
      fc.assert(
        fc.property(withSplittingByte, (s) => rejection(() => write(s))?.element === element),
        { numRuns: 1000 },
      );
    }
  });

  it('every other control byte is rejected too; HTAB only inside values and phrases (RFC 9110 §5.5, §5.6.4; RFC 9112 §4)', () => {
    for (const { element, write, htabAllowedInside } of ELEMENTS) {
      for (const ctl of CTLS_BUT_HTAB) expect(rejection(() => write(`a${ctl}b`))?.element, `${element} ${ctl.charCodeAt(0)}`).toBe(element);
      expect(rejection(() => write('a\tb')) === undefined, `${element} HTAB`).toBe(htabAllowedInside);
    }
  });

  it('CR LF injections in each element fail instead of forging a line (RFC 9112 §2.2)', () => {
    const forged = 'x\r\nSet-Cookie: admin=1';
    for (const { element, write } of ELEMENTS) expect(rejection(() => write(forged))?.element).toBe(element);
  });
});
