/**
 * Catalogue §3.5, Transfer-Encoding (RFC 9112 §6.1, §6.3, RFC 9110 §10.1.4 for TE's neighbours): Transfer-Encoding
 * together with Content-Length, spellings of the `chunked` token, coding lists, repeated lines, and a
 * Transfer-Encoding where it must not count (HTTP/1.0, a trailer, another field's name, a Connection option).
 *
 * RFC 9112 §6.3: when Transfer-Encoding is present it overrides Content-Length (rule 3, and the message ought to
 * be handled as an error; a server MUST close after it); in a request, `chunked` must be the final coding or the
 * server MUST answer 400 and close (rule 4). Whether a peer sees `chunked` at all is where the TE.TE, CL.TE and
 * TE.CL desyncs start.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import { chunk, field } from '../parts.js';
import {
  addField, alternateCase, ensureChunked, firstField, fSlot, hasField, hostOf, isChunked, lowerAscii, messageOperator, mSlot,
  requestText, setField, tSlot, upperAscii, wireLength,
} from './common.js';

const prefersTe = (m: Parameters<typeof hasField>[0]): boolean => hasField(m, 'transfer-encoding');

// The index of the message's first Transfer-Encoding line, making the body chunked (and adding the line) first.
function teLine(m: Parameters<typeof ensureChunked>[0]): number {
  ensureChunked(m);
  return firstField(m.fields, 'transfer-encoding');
}

const withCl = messageOperator({
  name: 'te-with-cl',
  family: 'transfer-encoding',
  description:
    'Sends Content-Length beside Transfer-Encoding: covering more, less, exactly the chunked body, or ' +
    'zero; or beside an unknown or identity coding.',
  variants: ['cl-te', 'te-cl', 'both', 'unknown-te', 'identity-te', 'cl-zero'] as const,
  prefer: prefersTe,
  edit(m, c) {
    // RFC 9112 §6.1: a sender MUST NOT send Content-Length with Transfer-Encoding; a server that gets both MAY
    // reject the request, else MUST let Transfer-Encoding win and close the connection after the response.
    const ti = teLine(m);
    const b = ensureChunked(m);
    const setCl = (v: number | string): string => fSlot(c, setField(m, 'content-length', String(v), 'Content-Length'), 'value');
    switch (c.variant) {
      case 'cl-te':
        // Content-Length counts one byte past the chunked body: the start of the next request for a TE reader.
        b.end += 'G';
        return setCl(wireLength(m));
      case 'te-cl': {
        // Content-Length covers only the first chunk-size line: a CL reader takes the chunk data as a request.
        const data = requestText(hostOf(m));
        const first = b.chunks.findIndex((x) => x.data.length > 0);
        if (first < 0) b.chunks.unshift(chunk(data));
        else b.chunks[first] = chunk(data, b.chunks[first]!.ext);
        const head = b.chunks[Math.max(0, first)]!;
        return setCl(head.size.length + head.ext.length + head.eol.length);
      }
      case 'both': return setCl(wireLength(m));
      case 'unknown-te': m.fields[ti]!.value = 'foo'; return setCl(wireLength(m));
      case 'identity-te': m.fields[ti]!.value = 'identity'; return setCl(wireLength(m));
      case 'cl-zero': return setCl(0);
    }
  },
});

// `chunked` respelled within a value (its last occurrence, any case), or the whole value when it has none.
function respell(value: string, spell: (token: string) => string): string {
  const at = lowerAscii(value).lastIndexOf('chunked');
  if (at < 0) return spell('chunked');
  return value.slice(0, at) + spell(value.slice(at, at + 7)) + value.slice(at + 7);
}

const token = messageOperator({
  name: 'te-token',
  family: 'transfer-encoding',
  description:
    'Respells the `chunked` coding: unknown, `xchunked`, other case, truncated, a high byte or NUL in ' +
    'it, parameters, trailing SP, quotes, VT before it.',
  variants: ['unknown', 'xchunked', 'upper', 'mixed-case', 'truncated', 'high-byte', 'nul', 'params', 'trailing-sp', 'quoted', 'vt-prefix'] as const,
  prefer: prefersTe,
  edit(m, c) {
    // RFC 9112 §7: coding names are case-insensitive tokens, so case variants and trailing OWS still mean
    // chunked; anything else is another (unknown: 501, RFC 9112 §6.1) coding, and `chunked` takes no parameters.
    const ti = teLine(m);
    const f = m.fields[ti]!;
    const spell = {
      unknown: () => 'foo',
      xchunked: (t: string) => `x${t}`,
      upper: upperAscii,
      'mixed-case': (t: string) => alternateCase(lowerAscii(t)),
      truncated: (t: string) => t.slice(0, 5),
      'high-byte': (t: string) => `${t.slice(0, 2)}\x96${t.slice(3)}`,
      nul: (t: string) => `${t}\x00`,
      params: (t: string) => `${t};a=b`,
      'trailing-sp': (t: string) => `${t} `,
      quoted: (t: string) => `"${t}"`,
      'vt-prefix': (t: string) => `\x0b${t}`,
    }[c.variant];
    f.value = respell(f.value, spell);
    return fSlot(c, ti, 'value');
  },
});

const codingList = messageOperator({
  name: 'te-list',
  family: 'transfer-encoding',
  description:
    'Writes Transfer-Encoding as a coding list: chunked not last, with identity or an unknown coding, ' +
    'doubled, space-separated, stray commas, empty.',
  variants: [
    'not-last', 'chunked-identity', 'identity-chunked', 'unknown-first', 'nested', 'space-list', 'doubled', 'leading-comma', 'trailing-comma',
    'empty', 'identity',
  ] as const,
  prefer: prefersTe,
  edit(m, c) {
    // RFC 9112 §6.1 and §6.3 rule 4: chunked must be last (else 400 and close) and applied once; RFC 9110 §5.6.1:
    // empty list elements are to be ignored; `identity` is no longer a coding (RFC 9112 §7), so it is unknown.
    const ti = teLine(m);
    m.fields[ti]!.value = {
      'not-last': 'chunked, gzip',
      'chunked-identity': 'chunked, identity',
      'identity-chunked': 'identity, chunked',
      'unknown-first': 'cow, chunked',
      nested: 'identity, chunked, identity',
      'space-list': 'cow chunked bar',
      doubled: 'chunked, chunked',
      'leading-comma': ',chunked',
      'trailing-comma': 'chunked,',
      empty: '',
      identity: 'identity',
    }[c.variant];
    return fSlot(c, ti, 'value');
  },
});

const duplicate = messageOperator({
  name: 'te-duplicate',
  family: 'transfer-encoding',
  description: 'Repeats the Transfer-Encoding line: chunked twice, identity before or after it, or chunked twice with a Content-Length too.',
  variants: ['chunked-twice', 'identity-first', 'identity-after', 'twice-with-cl'] as const,
  prefer: prefersTe,
  edit(m, c) {
    // RFC 9110 §5.3: repeated lines form one list, so two `chunked` lines are `chunked, chunked` (chunked applied
    // twice: RFC 9112 §6.1 forbids it) and `identity` then `chunked` is `identity, chunked` (an unknown coding).
    const ti = teLine(m);
    switch (c.variant) {
      case 'chunked-twice': return fSlot(c, addField(m, field('Transfer-Encoding', 'chunked'), ti + 1), 'name');
      case 'identity-first': return fSlot(c, addField(m, field('Transfer-Encoding', 'identity'), ti), 'name');
      case 'identity-after': return fSlot(c, addField(m, field('Transfer-encoding', 'identity'), ti + 1), 'name');
      case 'twice-with-cl': {
        const at = addField(m, field('Transfer-Encoding', 'chunked'), ti + 1);
        setField(m, 'content-length', String(wireLength(m)), 'Content-Length');
        return fSlot(c, at, 'name');
      }
    }
  },
});

const OBFUSCATIONS = ['sp-before-colon', 'underscore', 'fold', 'vt-value', 'nbsp-name'] as const;

const placement = messageOperator({
  name: 'te-placement',
  family: 'transfer-encoding',
  description: 'Puts Transfer-Encoding where it must not frame: HTTP/1.0, renamed, named by Connection, in a trailer, folded, on GET, or disguised.',
  variants: [
    'http10', 'content-encoding', 'connection-names-te', 'connection-sp-colon', 'connection-names-cl', 'in-trailer', 'obs-fold', 'on-get',
    'name-obfuscated',
  ] as const,
  prefer: (m, v) => (v === 'in-trailer' ? isChunked(m) : hasField(m, 'transfer-encoding')),
  edit(m, c) {
    const ti = teLine(m);
    const f = m.fields[ti]!;
    switch (c.variant) {
      // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request means faulty framing; the server MUST close after.
      case 'http10': m.version = 'HTTP/1.0'; return mSlot(c, 'version');
      // Content-Encoding (RFC 9110 §8.4) does not frame: the chunked bytes would be the content, with no length.
      case 'content-encoding': f.name = 'Content-Encoding'; return fSlot(c, ti, 'name');
      // RFC 9110 §7.6.1: a proxy removes the fields Connection names before forwarding; naming a framing field
      // there lets a front end strip it while the back end would have used it.
      case 'connection-names-te': return fSlot(c, addField(m, field('Connection', 'Transfer-Encoding')), 'value');
      case 'connection-sp-colon': return fSlot(c, addField(m, { name: 'Connection', colon: ' : ', value: 'Transfer-Encoding', eol: '\r\n' }), 'colon');
      case 'connection-names-cl': {
        setField(m, 'content-length', String(wireLength(m)), 'Content-Length');
        return fSlot(c, addField(m, field('Connection', 'Content-Length')), 'value');
      }
      // RFC 9112 §7.1.2: trailer fields must not frame the message.
      case 'in-trailer': {
        const b = ensureChunked(m);
        b.trailers.push(field('Transfer-Encoding', 'chunked'));
        return tSlot(c, b.trailers.length - 1, 'name');
      }
      // RFC 9112 §5.2: obs-fold, reject or replace with SP.
      case 'obs-fold': f.colon = ':'; f.value = `\r\n ${f.value}`; return fSlot(c, ti, 'value');
      case 'on-get': m.method = 'GET'; return mSlot(c, 'method');
      case 'name-obfuscated':
        switch (c.random.pick(OBFUSCATIONS)) {
          case 'sp-before-colon': f.colon = ` ${f.colon}`; return fSlot(c, ti, 'colon');
          case 'underscore': f.name = f.name.replace('-', '_'); return fSlot(c, ti, 'name');
          case 'fold': f.name = ` ${f.name}`; return fSlot(c, ti, 'name');
          case 'vt-value': f.value = `\x0b${f.value}`; return fSlot(c, ti, 'value');
          case 'nbsp-name': f.name = `${f.name}\xa0`; return fSlot(c, ti, 'name');
        }
    }
  },
});

/** The Transfer-Encoding family (catalogue §3.5), in a stable order. */
export const TRANSFER_ENCODING_OPERATORS: readonly Operator[] = [withCl, token, codingList, duplicate, placement];
