/**
 * Catalogue §3.4, Content-Length (RFC 9110 §8.6, RFC 9112 §6.2–§6.3): the syntax of its number, lists of values,
 * repeated lines, a length that disagrees with the body, a hidden or misplaced Content-Length, and bodies on
 * methods that seldom have one.
 *
 * RFC 9110 §8.6: Content-Length = 1*DIGIT. RFC 9112 §6.3 rule 5: a request whose Content-Length is invalid (not a
 * number, a list of different numbers, several lines that disagree) cannot be framed: the server MUST answer 400
 * and close. Any parser that reads such a value as *some* number frames the stream differently from one that
 * rejects it or reads another number — the CL.CL, CL.0 and 0.CL desyncs.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import { field, type MessagePart } from '../parts.js';
import {
  addField, alternateCase, ensureChunked, ensureContentLength, ensureContentLengthBody, ensureFollowing, fSlot,
  hasField, hostOf, isChunked, messageOperator, mSlot, removeBody, requestText, setField, setRawBody, tSlot, upperAscii, wireLength,
} from './common.js';

// The length the message's Content-Length states, as digits: its first line's value when that is a plain number,
// else the body's length on the wire (so composed edits start from a number).
function digitsOf(m: MessagePart, ci: number): string {
  const v = m.fields[ci]!.value.trim();
  return /^[0-9]+$/.test(v) ? v : String(wireLength(m));
}

const TWO_64 = 2n ** 64n;

const number = messageOperator({
  name: 'cl-number',
  family: 'content-length',
  description: 'Writes the Content-Length number in a form only a lenient parser reads: signs, prefixes, separators, junk, overflow, empty.',
  variants: [
    'plus', 'minus', 'minus-zero', 'minus-overflow', 'underscore', 'hex', 'octal-prefix', 'leading-zero', 'many-zeros', 'trailing-junk',
    'decimal', 'exponent', 'internal-space', 'space-pad', 'trailing-ows', 'empty', 'overflow',
  ] as const,
  prefer: (m) => hasField(m, 'content-length'),
  edit(m, c) {
    // RFC 9110 §8.6: 1*DIGIT only. Leading zeros are grammatical (`many-zeros`, `leading-zero`), and so is
    // trailing OWS (`trailing-ows`); a number past what the recipient can hold MUST be treated as an error
    // rather than wrap (`overflow`, `minus-overflow`: 2^64 ± n wrap to n in 64 bits).
    const ci = ensureContentLength(m);
    const d = digitsOf(m, ci);
    const n = BigInt(d);
    const value = {
      plus: `+${d}`,
      minus: `-${d}`,
      'minus-zero': '-0',
      'minus-overflow': `-${(TWO_64 - n).toString()}`,
      underscore: d.length >= 2 ? `${d[0]}_${d.slice(1)}` : `0_${d}`,
      hex: `0x${n.toString(16)}`,
      'octal-prefix': `0o${n.toString(8)}`,
      'leading-zero': `0${d}`,
      'many-zeros': `0000${d}`,
      'trailing-junk': `${d}Z`,
      decimal: `${d}.0`,
      exponent: `${d}e0`,
      'internal-space': d.length >= 2 ? `${d[0]} ${d.slice(1)}` : `${d} 0`,
      'space-pad': `0 ${d}`,
      'trailing-ows': `${d} \t`,
      empty: '',
      overflow: (TWO_64 + n).toString(),
    }[c.variant];
    m.fields[ci]!.value = value;
    return fSlot(c, ci, 'value');
  },
});

const list = messageOperator({
  name: 'cl-list',
  family: 'content-length',
  description: 'Writes Content-Length as a comma list: the same number twice or three times, with a zero first or last, no space, a trailing comma.',
  variants: ['same-twice', 'same-thrice', 'zero-first', 'zero-last', 'no-space', 'trailing-comma'] as const,
  prefer: (m) => hasField(m, 'content-length'),
  edit(m, c) {
    // RFC 9110 §8.6: a recipient MAY accept a list of identical values as that one value, and MUST reject a
    // list that is not; a list with an empty element is not 1*DIGIT at all.
    const ci = ensureContentLength(m);
    const d = digitsOf(m, ci);
    const other = d === '0' ? '1' : '0';
    m.fields[ci]!.value = {
      'same-twice': `${d}, ${d}`,
      'same-thrice': `${d}, ${d}, ${d}`,
      'zero-first': `${other}, ${d}`,
      'zero-last': `${d}, ${other}`,
      'no-space': `${d},${d}`,
      'trailing-comma': `${d},`,
    }[c.variant];
    return fSlot(c, ci, 'value');
  },
});

const duplicate = messageOperator({
  name: 'cl-duplicate',
  family: 'content-length',
  description:
    'Adds a second Content-Length line: the same value, a different one after or before the right one, ' +
    'an empty one, or one with `[` before its colon.',
  variants: ['same', 'other-second', 'other-first', 'empty-first', 'bracket-first'] as const,
  prefer: (m) => hasField(m, 'content-length'),
  edit(m, c) {
    // RFC 9112 §6.3 rule 5: several Content-Length lines with different values are unrecoverable (400 and
    // close); identical ones MAY be read as one (RFC 9110 §8.6). A parser that keeps the first or the last one
    // frames the body differently from the other (CL.CL).
    const ci = ensureContentLength(m);
    const d = digitsOf(m, ci);
    const other = d === '0' ? '1' : '0';
    switch (c.variant) {
      case 'same': return fSlot(c, addField(m, field('Content-Length', d), ci + 1), 'value');
      case 'other-second': return fSlot(c, addField(m, field('Content-Length', other), ci + 1), 'value');
      case 'other-first': return fSlot(c, addField(m, field('Content-Length', other), ci), 'value');
      case 'empty-first': return fSlot(c, addField(m, field('Content-Length', ''), ci), 'value');
      case 'bracket-first': return fSlot(c, addField(m, { name: 'Content-Length', colon: '[: ', value: other, eol: '\r\n' }, ci), 'colon');
    }
  },
});

const bodyLength = messageOperator({
  name: 'cl-body-length',
  family: 'content-length',
  description: 'Makes Content-Length disagree with the body (longer, shorter, zero, huge, absent) or frames a body that is itself a request.',
  variants: [
    'too-long', 'too-short', 'zero-with-body', 'huge', 'no-length', 'body-is-request', 'zero-then-request', 'hidden-cl-request',
  ] as const,
  prefer: (m) => hasField(m, 'content-length'),
  edit(m, c) {
    // RFC 9112 §6.3 rule 6: the body is exactly Content-Length bytes; fewer bytes sent means the server waits
    // (and then MUST treat the message as incomplete), more bytes are the next request (§9.3.2). Rule 7: a
    // request with neither Content-Length nor Transfer-Encoding has no body.
    switch (c.variant) {
      case 'no-length':
        removeBody(m);
        m.method = 'POST';
        return mSlot(c, 'body');
      case 'body-is-request':
        setRawBody(m, requestText(hostOf(m)));
        return mSlot(c, 'body');
      case 'hidden-cl-request': {
        // 0.CL shape: a Content-Length written so that some parsers do not see it (SP before the colon,
        // RFC 9112 §5.1: MUST reject), over a body that is a whole request.
        const ci = setRawBody(m, requestText(hostOf(m)));
        m.fields[ci]!.colon = ` ${m.fields[ci]!.colon}`;
        return fSlot(c, ci, 'colon');
      }
      default: break;
    }
    const ci = ensureContentLength(m);
    const length = wireLength(m);
    const f = m.fields[ci]!;
    switch (c.variant) {
      case 'too-long': f.value = String(length + 5); break;
      case 'too-short':
        if (length === 0) return null;
        f.value = String(length - 1);
        break;
      case 'zero-with-body':
        if (length === 0) m.body = { kind: 'raw', data: requestText(hostOf(m)) };
        f.value = '0';
        break;
      case 'huge':
        m.body = { kind: 'none' };
        f.value = '99999999999';
        break;
      case 'zero-then-request':
        m.body = { kind: 'none' };
        f.value = '0';
        ensureFollowing(c.stream, c.mi);
        break;
    }
    return fSlot(c, ci, 'value');
  },
});

const name = messageOperator({
  name: 'cl-name',
  family: 'content-length',
  description:
    'Disguises the Content-Length line (SP before the colon, `_`, case, obs-fold) or moves a ' +
    'Content-Length into a chunked trailer section.',
  variants: ['sp-before-colon', 'underscore', 'upper', 'mixed-case', 'fold', 'in-trailer'] as const,
  prefer: (m, v) => (v === 'in-trailer' ? isChunked(m) : hasField(m, 'content-length')),
  edit(m, c) {
    if (c.variant === 'in-trailer') {
      // RFC 9112 §7.1.2: a trailer field must not be used for framing; Content-Length there is to be ignored.
      const b = ensureChunked(m);
      b.trailers.push(field('Content-Length', String(wireLength(m))));
      return tSlot(c, b.trailers.length - 1, 'name');
    }
    const ci = ensureContentLength(m);
    const f = m.fields[ci]!;
    switch (c.variant) {
      // RFC 9112 §5.1: MUST reject whitespace before the colon; `_` makes another (valid) name; case is
      // insignificant (RFC 9110 §5.1); obs-fold MUST be rejected or replaced with SP (RFC 9112 §5.2).
      case 'sp-before-colon': f.colon = ` ${f.colon}`; return fSlot(c, ci, 'colon');
      case 'underscore': f.name = f.name.replace('-', '_'); return fSlot(c, ci, 'name');
      case 'upper': f.name = upperAscii(f.name); return fSlot(c, ci, 'name');
      case 'mixed-case': f.name = alternateCase(f.name); return fSlot(c, ci, 'name');
      case 'fold': f.value = `\r\n ${f.value}`; return fSlot(c, ci, 'value');
    }
  },
});

const methodBody = messageOperator({
  name: 'cl-method-body',
  family: 'content-length',
  description:
    'Puts a Content-Length body on GET, HEAD, OPTIONS or TRACE (or the start of a request in it), or ' +
    'makes a plain POST with or without a body.',
  variants: ['get', 'head', 'options', 'trace', 'get-request-prefix', 'post-valid', 'post-zero'] as const,
  prefer: (m) => hasField(m, 'content-length'),
  edit(m, c) {
    // RFC 9110 §9.3.1, §9.3.2, §9.3.7: content on GET, HEAD or OPTIONS has no defined meaning, but RFC 9112
    // §6.3 frames it all the same: a server that does not read it leaves it to be taken as the next request.
    // RFC 9110 §9.3.8: a client MUST NOT send content in TRACE.
    switch (c.variant) {
      case 'get':
      case 'head':
      case 'options':
      case 'trace':
        ensureContentLengthBody(m);
        m.method = upperAscii(c.variant);
        return mSlot(c, 'method');
      case 'get-request-prefix':
        m.method = 'GET';
        setRawBody(m, 'GET /smuggled HTTP/1.1\r\nX-Ignore: ');
        return mSlot(c, 'body');
      case 'post-valid':
        m.method = 'POST';
        return fSlot(c, setRawBody(m, 'a=1'), 'value');
      case 'post-zero': {
        m.method = 'POST';
        removeBody(m);
        return fSlot(c, setField(m, 'content-length', '0', 'Content-Length'), 'value');
      }
    }
  },
});

/** The Content-Length family (catalogue §3.4), in a stable order. */
export const CONTENT_LENGTH_OPERATORS: readonly Operator[] = [number, list, duplicate, bodyLength, name, methodBody];
