/**
 * Catalogue §3.2, the syntax of field lines (RFC 9112 §5, RFC 9110 §5.1): bytes between the name and the colon,
 * before the name, inside it; obs-fold; how a field line ends; and lines or sections too large.
 *
 * Each of these decides *which* field a recipient sees: a parser that strips a byte before the colon, folds a
 * continuation line or ends a line on a bare CR reads `Transfer-Encoding` where a strict one reads an invalid line
 * (and must reject it) or a different field.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import { field, type FieldLinePart } from '../parts.js';
import {
  addField, alternateCase, CTL_BYTES, fSlot, HIGH_BYTES, insertAt, LONG, messageOperator, mSlot, pickField, pickIndex, upperAscii,
} from './common.js';

// Where a byte goes inside a name: just after its first hyphen (`Transfer-|Encoding`), else in the middle.
function namePoint(name: string): number {
  const h = name.indexOf('-');
  return h >= 0 ? h + 1 : Math.floor(name.length / 2);
}

const nameSuffix = messageOperator({
  name: 'field-name-suffix',
  family: 'field-syntax',
  description: 'Puts bytes between a field name and its colon: SP, HTAB, a control byte, NEL, NBSP, SHY, another high byte, `[`, LF SP, a junk word.',
  variants: ['sp', 'htab', 'ctl', 'nel', 'nbsp', 'shy', 'high-byte', 'bracket', 'lf-sp', 'junk-token'] as const,
  edit(m, c) {
    // RFC 9112 §5.1: no whitespace is allowed between the field name and the colon; a server MUST reject such a
    // line with 400. Other bytes there are not tchar (RFC 9110 §5.1) and make the name invalid.
    const fi = pickField(m, c.random);
    if (fi === null) return null;
    const byte = {
      sp: ' ', htab: '\t', ctl: c.random.pick(CTL_BYTES), nel: '\x85', nbsp: '\xa0', shy: '\xad', 'high-byte': c.random.pick(HIGH_BYTES),
      bracket: '[', 'lf-sp': '\n ', 'junk-token': ' x',
    }[c.variant];
    const f = m.fields[fi]!;
    f.colon = byte + f.colon;
    return fSlot(c, fi, 'colon');
  },
});

const namePrefix = messageOperator({
  name: 'field-name-prefix',
  family: 'field-syntax',
  description: 'Puts whitespace or an odd byte before a field name: a line that reads as an obs-fold, or junk before the name.',
  variants: ['sp', 'htab', 'first-line-htab', 'after-junk-line', 'odd-byte'] as const,
  edit(m, c) {
    // RFC 9112 §2.2: whitespace between the start-line and the first field line MUST be rejected or the line
    // consumed; after another line, leading whitespace makes it an obs-fold (§5.2).
    const picked = pickField(m, c.random);
    if (picked === null) return null;
    const fi = c.variant === 'first-line-htab' ? 0 : picked;
    switch (c.variant) {
      case 'sp': m.fields[fi]!.name = ` ${m.fields[fi]!.name}`; return fSlot(c, fi, 'name');
      case 'htab':
      case 'first-line-htab':
        m.fields[fi]!.name = `\t${m.fields[fi]!.name}`;
        return fSlot(c, fi, 'name');
      case 'after-junk-line':
        addField(m, field('X-Junk', 'x'), fi);
        m.fields[fi + 1]!.name = ` ${m.fields[fi + 1]!.name}`;
        return fSlot(c, fi + 1, 'name');
      case 'odd-byte':
        m.fields[fi]!.name = c.random.pick([...CTL_BYTES, ...HIGH_BYTES]) + m.fields[fi]!.name;
        return fSlot(c, fi, 'name');
    }
  },
});

const obsFold = messageOperator({
  name: 'obs-fold',
  family: 'field-syntax',
  description:
    'Continues a field line on the next line (obs-fold): inside the value, right after the colon, twice, ' +
    'with HTAB, VT, or after an empty junk field.',
  variants: ['inside-value', 'after-colon', 'after-colon-lf', 'double-wrap', 'tab-wrap', 'vt-wrap', 'bad-wrap'] as const,
  edit(m, c) {
    // RFC 9112 §5.2: a server MUST reject a message with obs-fold (400) or replace each fold with SP; a fold is
    // CRLF followed by SP or HTAB, so the VT and bare-LF variants are not folds at all, only look like them.
    const fi = pickField(m, c.random);
    if (fi === null) return null;
    const f = m.fields[fi]!;
    const colon = f.colon.includes(':') ? f.colon.slice(0, f.colon.indexOf(':') + 1) : ':';
    switch (c.variant) {
      case 'inside-value': {
        const sp = f.value.indexOf(' ');
        f.value = sp > 0
          ? `${f.value.slice(0, sp)}\r\n ${f.value.slice(sp + 1)}`
          : insertAt(f.value, Math.floor(f.value.length / 2), '\r\n ');
        return fSlot(c, fi, 'value');
      }
      case 'after-colon': f.colon = colon; f.value = `\r\n ${f.value}`; return fSlot(c, fi, 'value');
      case 'after-colon-lf': f.colon = colon; f.value = `\n ${f.value}`; return fSlot(c, fi, 'value');
      case 'double-wrap': f.colon = `${colon}\r\n \r\n `; return fSlot(c, fi, 'colon');
      case 'tab-wrap': f.colon = colon; f.value = `\r\n\t${f.value}`; return fSlot(c, fi, 'value');
      case 'vt-wrap': f.value = `${f.value}\n\x0b`; return fSlot(c, fi, 'value');
      case 'bad-wrap':
        addField(m, field('X-Blah-Ignore', ''), fi);
        m.fields[fi + 1]!.name = ` ${m.fields[fi + 1]!.name}`;
        return fSlot(c, fi + 1, 'name');
    }
  },
});

const DELIMITERS = [' ', '"', '(', ')', ',', '/', ';', '<', '=', '>', '?', '@', '[', '\\', ']', '{', '}', '\x7f', '\x01'];

const nameBytes = messageOperator({
  name: 'field-name-bytes',
  family: 'field-syntax',
  description:
    'Breaks a field name: no colon, an empty name, a delimiter, CR, a line break, non-ASCII or ' +
    'percent-encoded bytes; or changes its case.',
  variants: [
    'no-colon', 'empty-name', 'colon-only', 'delimiter', 'utf8', 'high-byte-replace', 'percent', 'cr-inside', 'split-line', 'upper',
    'mixed-case', 'invalid-line-before',
  ] as const,
  edit(m, c) {
    // RFC 9110 §5.1: field-name = token (1*tchar); RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
    // A line without a colon or with an invalid name makes the message invalid (400). Names are
    // case-insensitive, so the case variants are valid and must be read as the same field.
    const inserts = c.variant === 'empty-name' || c.variant === 'colon-only' || c.variant === 'invalid-line-before';
    const fi = pickField(m, c.random) ?? (inserts ? 0 : null);
    if (fi === null) return null;
    switch (c.variant) {
      case 'empty-name': addField(m, field('', 'ignored'), fi); return fSlot(c, fi, 'name');
      case 'colon-only': addField(m, { name: '', colon: ':', value: '', eol: '\r\n' }, fi); return fSlot(c, fi, 'colon');
      case 'invalid-line-before': addField(m, field('X-Invalid Y', ''), fi); return fSlot(c, fi, 'name');
      default: break;
    }
    const f = m.fields[fi]!;
    const at = namePoint(f.name);
    switch (c.variant) {
      case 'no-colon':
        f.name = `${f.name} ${f.value}`;
        f.colon = '';
        f.value = '';
        break;
      case 'delimiter': f.name = insertAt(f.name, at, c.random.pick(DELIMITERS)); break;
      case 'utf8': f.name = insertAt(f.name, at, '\xc3\xab'); break;
      case 'high-byte-replace': f.name = f.name.length < 2 ? `${f.name}\x82` : `${f.name[0]}\x82${f.name.slice(2)}`; break;
      case 'percent':
        f.name = f.name.length === 0 ? '%41' : `%${f.name.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${f.name.slice(1)}`;
        break;
      case 'cr-inside': f.name = insertAt(f.name, at, '\r'); break;
      case 'split-line': f.name = insertAt(f.name, at, '\r\n'); break;
      case 'upper': f.name = upperAscii(f.name); break;
      case 'mixed-case': f.name = alternateCase(f.name); break;
    }
    return fSlot(c, fi, 'name');
  },
});

const nameHyphen = messageOperator({
  name: 'field-name-hyphen',
  family: 'field-syntax',
  description: 'Replaces the hyphen of a field name (Content-Length, Transfer-Encoding…) with `_`, SP, `\\`, SHY or HTAB, or drops it.',
  variants: ['underscore', 'space', 'backslash', 'soft-hyphen', 'htab', 'dropped'] as const,
  edit(m, c) {
    // RFC 9110 §5.1: `_` is a tchar, so `Content_Length` is a valid name of another field; a server that
    // translates it to `-` reads a framing field the RFC says is not there. SP, `\`, SHY and HTAB are not tchar.
    const withHyphen: number[] = [];
    for (let i = 0; i < m.fields.length; i++) if (m.fields[i]!.name.includes('-')) withHyphen.push(i);
    const framing = withHyphen.filter((i) => /^(content-length|transfer-encoding)$/i.test(m.fields[i]!.name));
    const fi = pickIndex(c.random, framing.length > 0 && c.random.chance(0.5) ? framing : withHyphen);
    if (fi === null) return null;
    const by = { underscore: '_', space: ' ', backslash: '\\', 'soft-hyphen': '\xad', htab: '\t', dropped: '' }[c.variant];
    m.fields[fi]!.name = m.fields[fi]!.name.replace('-', by);
    return fSlot(c, fi, 'name');
  },
});

const JOIN_BYTES = [' ', '\t', '\x00', '\x0b', '\x0c', '\x85', '\xa0', '\xff', 'X'];

const lineEnding = messageOperator({
  name: 'field-line-ending',
  family: 'field-syntax',
  description:
    'Ends a field line (or the head) with something other than CRLF: bare LF or CR, CR CR LF, a byte, CR ' +
    'or LF plus a byte, an extra line.',
  variants: [
    'bare-lf', 'bare-cr', 'cr-cr-lf', 'all-bare-lf', 'byte', 'cr-byte', 'byte-lf', 'crlf-cr', 'crlf-lf', 'lf-crlf', 'lf-lf', 'end-bare-lf',
    'end-cr-byte',
  ] as const,
  edit(m, c) {
    // RFC 9112 §2.2: lines end with CRLF; a recipient MAY accept a bare LF, and a bare CR MUST be rejected or
    // replaced with SP. Whichever peer ends a line where the other does not sees other fields, or a head that
    // ends early (the rest becomes a body or the next request).
    switch (c.variant) {
      case 'all-bare-lf':
        m.eol = '\n';
        for (const f of m.fields) f.eol = '\n';
        m.end = '\n';
        return mSlot(c, 'eol');
      case 'end-bare-lf': m.end = '\n'; return mSlot(c, 'end');
      case 'end-cr-byte': m.end = '\rX'; return mSlot(c, 'end');
      default: break;
    }
    const fi = pickField(m, c.random);
    if (fi === null) return null;
    const f: FieldLinePart = m.fields[fi]!;
    switch (c.variant) {
      case 'bare-lf': f.eol = '\n'; break;
      case 'bare-cr': f.eol = '\r'; break;
      case 'cr-cr-lf': f.eol = '\r\r\n'; break;
      case 'byte': f.eol = c.random.pick(JOIN_BYTES); break;
      case 'cr-byte': f.eol = `\r${c.random.pick(JOIN_BYTES)}`; break;
      case 'byte-lf': f.eol = `${c.random.pick(JOIN_BYTES)}\n`; break;
      case 'crlf-cr': f.eol = '\r\n\r'; break;
      case 'crlf-lf': f.eol = '\r\n\n'; break;
      case 'lf-crlf': f.eol = '\n\r\n'; break;
      case 'lf-lf': f.eol = '\n\n'; break;
    }
    return fSlot(c, fi, 'eol');
  },
});

const limits = messageOperator({
  name: 'field-limits',
  family: 'field-syntax',
  description: 'Adds a field with a very long value or name, or very many field lines.',
  variants: ['long-value', 'long-name', 'many-fields'] as const,
  edit(m, c) {
    // RFC 9110 §5.4: a server that receives a field section larger than it wishes to process answers with a 4xx
    // (431, RFC 6585 §5); it must not misread the lines it did take.
    switch (c.variant) {
      case 'long-value': return fSlot(c, addField(m, field('X-Long', 'a'.repeat(LONG))), 'value');
      case 'long-name': return fSlot(c, addField(m, field(`X-${'a'.repeat(LONG)}`, 'x')), 'name');
      case 'many-fields': {
        const first = m.fields.length;
        for (let i = 0; i < 1000; i++) m.fields.push(field(`X-F${i}`, String(i)));
        return fSlot(c, first, 'name');
      }
    }
  },
});

/** The field-line syntax family (catalogue §3.2), in a stable order. */
export const FIELD_SYNTAX_OPERATORS: readonly Operator[] = [nameSuffix, namePrefix, obsFold, nameBytes, nameHyphen, lineEnding, limits];
