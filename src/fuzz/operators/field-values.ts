/**
 * Catalogue §3.3, field values (RFC 9110 §5.5, RFC 9112 §5): bytes inside a value (NUL, CR, LF, other controls,
 * obs-text), the whitespace around it, bytes at its ends that some implementations strip, other encodings of the
 * same value, and repeated field lines.
 *
 * RFC 9110 §5.5: field-value = *field-content, of VCHAR, obs-text, SP and HTAB only; CR, LF and NUL MUST be
 * rejected or (CR, LF, NUL) replaced with SP before the message is processed or forwarded. Leading and trailing
 * OWS (SP, HTAB) is not part of the value; nothing else is whitespace there.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { Operator } from '../operator.js';
import { field } from '../parts.js';
import { addField, CTL_BYTES, fSlot, HIGH_BYTES, insertAt, messageOperator, pickField, pickIndex } from './common.js';

// The colon slot cut just after its colon (whatever a name-side edit put before it stays), or null when the line
// has no colon (a value edit about OWS does not apply to it).
function uptoColon(colon: string): string | null {
  const i = colon.indexOf(':');
  return i < 0 ? null : colon.slice(0, i + 1);
}

const valueBytes = messageOperator({
  name: 'field-value-bytes',
  family: 'field-values',
  description: 'Puts NUL, a bare CR or LF, another control byte or an obs-text byte inside a value, or a NUL-led line after it.',
  variants: ['nul', 'nul-end', 'cr', 'lf', 'ctl', 'obs-text', 'nul-line-after'] as const,
  edit(m, c) {
    // RFC 9110 §5.5: NUL, CR and LF in a value MUST be rejected or replaced with SP; other CTLs are not
    // field-content (invalid); obs-text is allowed, but carries no meaning a recipient may rely on.
    const fi = pickField(m, c.random);
    if (fi === null) return null;
    const f = m.fields[fi]!;
    const mid = Math.floor(f.value.length / 2);
    switch (c.variant) {
      case 'nul': f.value = insertAt(f.value, mid, '\x00'); break;
      case 'nul-end': f.value = `${f.value}\x00`; break;
      case 'cr': f.value = insertAt(f.value, mid, '\r'); break;
      case 'lf': f.value = insertAt(f.value, mid, '\n'); break;
      case 'ctl': f.value = insertAt(f.value, mid, c.random.pick(CTL_BYTES)); break;
      case 'obs-text': f.value = insertAt(f.value, mid, c.random.pick(HIGH_BYTES)); break;
      case 'nul-line-after': return fSlot(c, addField(m, field('\x00X-Next', 'y'), fi + 1), 'name');
    }
    return fSlot(c, fi, 'value');
  },
});

const valueOws = messageOperator({
  name: 'field-value-ows',
  family: 'field-values',
  description: 'Changes the whitespace around a value: none, two spaces, HTAB, VT, VT and FF, NBSP after the colon; SP, HTAB or CR after the value.',
  variants: ['no-space', 'double-space', 'htab', 'vt', 'vt-ff', 'nbsp', 'trailing-sp', 'trailing-htab', 'trailing-cr'] as const,
  edit(m, c) {
    // RFC 9112 §5.1: OWS (SP / HTAB) before and after the value is allowed and not part of it. VT, FF and NBSP
    // are not OWS: they begin the value, which then holds a byte that is not field-content (VT, FF) or is obs-text.
    // A trailing CR is a bare CR (RFC 9112 §2.2).
    const fi = pickField(m, c.random);
    if (fi === null) return null;
    const f = m.fields[fi]!;
    const trailing = { 'trailing-sp': ' ', 'trailing-htab': '\t', 'trailing-cr': '\r' } as const;
    if (c.variant === 'trailing-sp' || c.variant === 'trailing-htab' || c.variant === 'trailing-cr') {
      f.value += trailing[c.variant];
      return fSlot(c, fi, 'value');
    }
    const colon = uptoColon(f.colon);
    if (colon === null) return null;
    const ows = { 'no-space': '', 'double-space': '  ', htab: '\t', vt: '\x0b', 'vt-ff': ' \x0b\x0c', nbsp: '\xa0' }[c.variant];
    f.colon = colon + ows;
    return fSlot(c, fi, 'colon');
  },
});

const SPECIAL_BYTES = ['\x00', '\x01', '\x0b', '\x0c', '\x7f', '\x85', '\xa0', '\xff', '"', ',', ';'];

const valueEnds = messageOperator({
  name: 'field-value-ends',
  family: 'field-values',
  description: 'Wraps a value in bytes some implementations strip (NBSP, NEL, 0xFF), or puts an odd byte at its start or end.',
  variants: ['nbsp-both', 'nel-nbsp', 'high-both', 'trailing-byte', 'prefix-byte', 'nospace-prefix-byte'] as const,
  edit(m, c) {
    // RFC 9110 §5.5: only SP and HTAB are trimmed; any other byte at either end is part of the value (obs-text)
    // or makes it invalid (CTL), so `\xa0chunked\xa0` is not `chunked`.
    const fi = pickField(m, c.random);
    if (fi === null) return null;
    const f = m.fields[fi]!;
    switch (c.variant) {
      case 'nbsp-both': f.value = `\xa0${f.value}\xa0`; break;
      case 'nel-nbsp': f.value = `\x85${f.value}\xa0`; break;
      case 'high-both': f.value = `\xff${f.value}\xff`; break;
      case 'trailing-byte': f.value += c.random.pick([...CTL_BYTES, ...HIGH_BYTES]); break;
      case 'prefix-byte': f.value = c.random.pick(SPECIAL_BYTES) + f.value; break;
      case 'nospace-prefix-byte': {
        const colon = uptoColon(f.colon);
        if (colon === null) return null;
        f.colon = colon;
        f.value = c.random.pick(SPECIAL_BYTES) + f.value;
        break;
      }
    }
    return fSlot(c, fi, 'value');
  },
});

// RFC 2047 Q-encoding of bytes: letters and digits as they are, everything else as =XX.
function qEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    out += /[A-Za-z0-9]/.test(ch) ? ch : `=${s.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const valueForm = messageOperator({
  name: 'field-value-form',
  family: 'field-values',
  description: 'Writes a value another way: as an RFC 2047 encoded-word, in double or single quotes, or empty.',
  variants: ['rfc2047-latin1', 'rfc2047-utf8', 'double-quoted', 'single-quoted', 'empty'] as const,
  edit(m, c) {
    // RFC 9110 §5.5: HTTP does not decode RFC 2047 encoded-words or strip quotes from a value whose grammar has
    // none (a quoted `"chunked"` is not the chunked coding, §5.6.4); an empty value is valid.
    const fi = pickField(m, c.random);
    if (fi === null) return null;
    const f = m.fields[fi]!;
    switch (c.variant) {
      case 'rfc2047-latin1': f.value = `=?iso-8859-1?B?${Buffer.from(f.value, 'latin1').toString('base64')}?=`; break;
      case 'rfc2047-utf8': f.value = `=?UTF-8?Q?${qEncode(f.value)}?=`; break;
      case 'double-quoted': f.value = `"${f.value}"`; break;
      case 'single-quoted': f.value = `'${f.value}'`; break;
      case 'empty': f.value = ''; break;
    }
    return fSlot(c, fi, 'value');
  },
});

const lines = messageOperator({
  name: 'field-lines',
  family: 'field-values',
  description: 'Repeats a field line (same or other value), adds two different Content-Type lines or forwarding fields, drops or moves a line.',
  variants: ['duplicate-same', 'duplicate-other', 'content-type-pair', 'proxy-fields', 'drop-line', 'move-first'] as const,
  edit(m, c) {
    // RFC 9110 §5.3: repeated lines of a list field combine with commas; repeating a field that is not a list
    // (Content-Type, §8.3) makes the message invalid for it, and which one a recipient keeps is its own choice.
    switch (c.variant) {
      case 'content-type-pair': {
        const at = addField(m, field('Content-Type', 'text/plain'));
        addField(m, field('Content-Type', 'application/json'));
        return fSlot(c, at, 'name');
      }
      case 'proxy-fields': {
        const at = addField(m, field('X-Forwarded-For', '203.0.113.7'));
        addField(m, field('Max-Forwards', '0'));
        return fSlot(c, at, 'name');
      }
      default: break;
    }
    const fi = c.variant === 'move-first' ? pickIndex(c.random, m.fields.map((_, i) => i).slice(1)) : pickField(m, c.random);
    if (fi === null) return null;
    const f = m.fields[fi]!;
    switch (c.variant) {
      case 'duplicate-same': return fSlot(c, addField(m, { ...f }, fi + 1), 'name');
      case 'duplicate-other': return fSlot(c, addField(m, { ...f, value: `${f.value}2` }, fi + 1), 'value');
      case 'drop-line': m.fields.splice(fi, 1); return fSlot(c, fi, 'name');
      case 'move-first': {
        m.fields.splice(fi, 1);
        m.fields.unshift(f);
        return fSlot(c, 0, 'name');
      }
    }
  },
});

/** The field-value family (catalogue §3.3), in a stable order. */
export const FIELD_VALUES_OPERATORS: readonly Operator[] = [valueBytes, valueOws, valueEnds, valueForm, lines];
