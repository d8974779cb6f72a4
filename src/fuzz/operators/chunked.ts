/**
 * Catalogue §3.6, the chunked coding (RFC 9112 §7.1): chunk-size syntax, how chunk lines and chunk data end,
 * chunk extensions, chunk data that does not match its size, the last chunk, and the trailer section.
 *
 * RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; chunk-size = 1*HEXDIG; last-chunk =
 * 1*("0") [ chunk-ext ] CRLF; the body ends with the trailer section and CRLF. A recipient that reads a size as
 * some other number, or finds a line's end elsewhere, takes a different number of bytes as the body, and the rest
 * as the next request (the TERM.EXT, EXT.TERM, ZERO.TWO and SPILL classes of "funky chunks").
 *
 * @module
 */
import type { Operator } from '../operator.js';
import { chunk, field } from '../parts.js';
import {
  contentOf, cSlot, dataChunks, ensureChunked, isChunked, lastChunk, LONG, messageOperator, mSlot, pickIndex, tSlot, upperAscii,
} from './common.js';

const size = messageOperator({
  name: 'chunk-size',
  family: 'chunked',
  description:
    'Writes a chunk-size only a lenient parser reads: 0x, signs, `_`, junk after it, invalid, empty, ' +
    'whitespace, overflow; or valid case and zeros.',
  variants: [
    'hex-prefix', 'plus', 'plus-zero-last', 'minus', 'minus-hex-zero-last', 'underscore', 'trailing-junk', 'invalid', 'empty', 'leading-sp',
    'trailing-sp', 'overflow', 'uppercase', 'leading-zeros', 'last-zeros',
  ] as const,
  prefer: isChunked,
  edit(m, c) {
    // RFC 9112 §7.1: chunk-size = 1*HEXDIG, nothing else (no sign, prefix, separator or whitespace; BWS only
    // before a `;`); HEXDIG is case-insensitive and leading zeros are allowed; a recipient MUST guard against
    // sizes that overflow (`overflow` is 2^64 + n, which wraps to n).
    const b = ensureChunked(m);
    if (c.variant === 'plus-zero-last' || c.variant === 'minus-hex-zero-last' || c.variant === 'last-zeros') {
      const li = lastChunk(b);
      if (li < 0) return null;
      const last = b.chunks[li]!;
      last.size = { 'plus-zero-last': '+0', 'minus-hex-zero-last': '-0x0', 'last-zeros': '000' }[c.variant];
      last.dataEol = ''; // the model writes data + dataEol after any size but `0`: none here
      return cSlot(c, li, 'size');
    }
    const candidates = c.variant === 'uppercase' ? dataChunks(b).filter((i) => /[a-f]/.test(b.chunks[i]!.size)) : dataChunks(b);
    const ci = pickIndex(c.random, candidates);
    if (ci === null) return null;
    const k = b.chunks[ci]!;
    const s = k.size;
    k.size = {
      'hex-prefix': `0x${s}`,
      plus: `+${s}`,
      minus: `-${s}`,
      underscore: s.length >= 2 ? `${s[0]}_${s.slice(1)}` : `0_${s}`,
      'trailing-junk': `${s}g`,
      invalid: 'Z',
      empty: '',
      'leading-sp': ` ${s}`,
      'trailing-sp': `${s} `,
      overflow: `1${s.padStart(16, '0')}`,
      uppercase: upperAscii(s),
      'leading-zeros': `000${s}`,
    }[c.variant];
    return cSlot(c, ci, 'size');
  },
});

const lineEnding = messageOperator({
  name: 'chunk-line-ending',
  family: 'chunked',
  description: 'Ends a chunk-size line with a bare LF, a bare CR, CR and another byte, or CR CR LF.',
  variants: ['bare-lf', 'bare-cr', 'cr-byte', 'cr-cr-lf'] as const,
  prefer: isChunked,
  edit(m, c) {
    // RFC 9112 §7.1: chunk lines end with CRLF. §2.2's bare-LF allowance is about message lines in general;
    // h1ref reads it as applying to chunk lines only under its bareLineFeed leniency (errata EID 7633 rejected).
    const b = ensureChunked(m);
    const ci = pickIndex(c.random, b.chunks.map((_, i) => i));
    if (ci === null) return null;
    b.chunks[ci]!.eol = { 'bare-lf': '\n', 'bare-cr': '\r', 'cr-byte': '\rX', 'cr-cr-lf': '\r\r\n' }[c.variant];
    return cSlot(c, ci, 'eol');
  },
});

const ext = messageOperator({
  name: 'chunk-ext',
  family: 'chunked',
  description:
    'Gives a chunk an extension: valid (token, quoted, with BWS) or not (bare `;`, bad token, NUL, bare ' +
    'LF or CR, CR around `;`, very long).',
  variants: [
    'valid', 'quoted', 'bws', 'bare-semicolon', 'invalid-token', 'nul', 'lf-inside', 'cr-inside', 'cr-after-semicolon', 'cr-before-semicolon',
    'long',
  ] as const,
  prefer: isChunked,
  edit(m, c) {
    // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ); a recipient
    // MUST ignore extensions it does not understand, and may limit their length. A bare CR or LF inside one is
    // where one parser ends the line and another keeps reading (TERM.EXT / EXT.TERM).
    const b = ensureChunked(m);
    const ci = pickIndex(c.random, b.chunks.map((_, i) => i));
    if (ci === null) return null;
    b.chunks[ci]!.ext = {
      valid: ';name=value',
      quoted: ';name="a b"',
      bws: ' ; name = value',
      'bare-semicolon': ';',
      'invalid-token': ';a(b)',
      nul: ';a\x00b',
      'lf-inside': ';a\nb',
      'cr-inside': ';a\rb',
      'cr-after-semicolon': ';\ra',
      'cr-before-semicolon': '\r;a',
      long: `;a=${'b'.repeat(LONG)}`,
    }[c.variant];
    return cSlot(c, ci, 'ext');
  },
});

const data = messageOperator({
  name: 'chunk-data',
  family: 'chunked',
  description:
    'Makes chunk data longer or shorter than its size, drops the last chunk, re-chunks the same content, ' +
    'empties the body, or adds a byte after it.',
  variants: ['longer', 'shorter', 'spill-lf', 'no-last-chunk', 'rechunk', 'empty-body', 'byte-after'] as const,
  prefer: isChunked,
  edit(m, c) {
    // RFC 9112 §7.1: exactly chunk-size bytes of data, then CRLF; the body ends after the last chunk and the
    // trailer section. How the content is cut into chunks carries no meaning (`rechunk` must read the same).
    const b = ensureChunked(m);
    switch (c.variant) {
      case 'no-last-chunk':
        b.chunks = b.chunks.filter((k) => k.data.length > 0);
        b.trailers = [];
        b.end = '';
        return mSlot(c, 'body');
      case 'rechunk': {
        const content = contentOf(b);
        if (content.length < 2) return null;
        const li = lastChunk(b);
        const last = li >= 0 ? b.chunks[li]! : chunk('');
        const pieces = [];
        for (let at = 0; at < content.length;) {
          const n = c.random.between(1, Math.max(1, Math.ceil((content.length - at) / 2)));
          pieces.push(chunk(content.slice(at, at + n), c.random.chance(0.25) ? ';x=1' : ''));
          at += n;
        }
        b.chunks = [...pieces, last];
        return mSlot(c, 'body');
      }
      case 'empty-body':
        b.chunks = [chunk('')];
        b.trailers = [];
        b.end = '\r\n';
        return mSlot(c, 'body');
      case 'byte-after':
        b.end += 'X';
        return mSlot(c, 'trailer-end');
      default: break;
    }
    const ci = pickIndex(c.random, dataChunks(b));
    if (ci === null) return null;
    const k = b.chunks[ci]!;
    switch (c.variant) {
      case 'longer': k.data += 'XY'; break;
      case 'shorter': k.data = k.data.slice(0, -1); break;
      case 'spill-lf': k.data += 'X'; k.dataEol = '\n'; break;
    }
    return cSlot(c, ci, 'data');
  },
});

const dataEnding = messageOperator({
  name: 'chunk-data-ending',
  family: 'chunked',
  description: 'Ends chunk data with nothing, a bare LF, a bare CR or two other bytes, or puts an extra CRLF before the last chunk.',
  variants: ['missing', 'bare-lf', 'bare-cr', 'two-bytes', 'extra-crlf-before-last'] as const,
  prefer: isChunked,
  edit(m, c) {
    // RFC 9112 §7.1: chunk-data is followed by CRLF; a parser that skips two bytes without looking, or accepts
    // one byte, or none, ends the chunk elsewhere (ZERO.TWO, ONE.TWO).
    const b = ensureChunked(m);
    const chunks = dataChunks(b);
    const ci = c.variant === 'extra-crlf-before-last' ? (chunks.length === 0 ? null : chunks[chunks.length - 1]!) : pickIndex(c.random, chunks);
    if (ci === null) return null;
    b.chunks[ci]!.dataEol = { missing: '', 'bare-lf': '\n', 'bare-cr': '\r', 'two-bytes': 'XY', 'extra-crlf-before-last': '\r\n\r\n' }[c.variant];
    return cSlot(c, ci, 'data-eol');
  },
});

const trailers = messageOperator({
  name: 'chunk-trailers',
  family: 'chunked',
  description: 'Adds a trailer field (plain, Host, Authorization, Content-Type, one ending in a bare LF) or changes how the trailer section ends.',
  variants: ['field', 'host', 'authorization', 'content-type', 'bare-lf-line', 'bare-lf-end', 'end-two-bytes', 'no-end'] as const,
  prefer: isChunked,
  edit(m, c) {
    // RFC 9110 §6.5.1: fields needed for framing, routing or authentication must not be taken from trailers
    // (a recipient MUST NOT merge them into the header section unless it knows the field is allowed there).
    // RFC 9112 §7.1: the trailer section ends with CRLF.
    const b = ensureChunked(m);
    const add = (name: string, value: string, eol = '\r\n'): string => {
      b.trailers.push({ ...field(name, value), eol });
      return tSlot(c, b.trailers.length - 1, 'name');
    };
    switch (c.variant) {
      case 'field': return add('X-Trailer', 'v');
      case 'host': return add('Host', 'other.example');
      case 'authorization': return add('Authorization', 'Basic YTpi');
      case 'content-type': return add('Content-Type', 'text/html');
      case 'bare-lf-line': return add('X-Trailer', 'v', '\n');
      case 'bare-lf-end': b.end = '\n'; return mSlot(c, 'trailer-end');
      case 'end-two-bytes': b.end = 'X:'; return mSlot(c, 'trailer-end');
      case 'no-end': b.end = ''; return mSlot(c, 'trailer-end');
    }
  },
});

/** The chunked-framing family (catalogue §3.6), in a stable order. */
export const CHUNKED_OPERATORS: readonly Operator[] = [size, lineEnding, ext, data, dataEnding, trailers];
