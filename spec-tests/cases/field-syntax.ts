/**
 * Field lines (RFC 9112 §5, RFC 9110 §5): `field-name ":" OWS field-value OWS`, the name a token, no whitespace
 * before the colon, values of visible characters, SP, HTAB and obs-text, obs-fold, and the bytes that are
 * invalid and dangerous in a value (CR, LF, NUL).
 *
 * @module
 */
import {
  accepted, accepts, defineCases, filler, get, HOST_LINE, invalid, message, mustRefuse, refuses,
} from '../build.js';
import type { CaseInit } from '../build.js';
import type { Outcome } from '../schema.js';

const S51 = 'RFC 9112 §5.1';
const S52 = 'RFC 9112 §5.2';
const S9110_51 = 'RFC 9110 §5.1';
const S9110_55 = 'RFC 9110 §5.5';

const NAME_DELIMITERS: readonly [string, string][] = [
  ['lparen', '('], ['rparen', ')'], ['comma', ','], ['slash', '/'], ['semicolon', ';'], ['lt', '<'],
  ['equals', '='], ['gt', '>'], ['question', '?'], ['at', '@'], ['lbracket', '['], ['backslash', '\\'],
  ['rbracket', ']'], ['lbrace', '{'], ['rbrace', '}'], ['dquote', '"'],
];

const NAME_BYTES: readonly [string, string, string][] = [
  ['sp', ' ', 'a SP'],
  ['nul', '\x00', 'a NUL byte'],
  ['soh', '\x01', 'byte 0x01'],
  ['vt', '\x0b', 'VT'],
  ['del', '\x7f', 'DEL'],
  ['obs-text', '\xf6', 'byte 0xF6'],
  ['utf8', '\xc3\xa9', 'raw UTF-8 (é)'],
  ['nbsp', '\xa0', 'NBSP (0xA0)'],
];

// Control bytes other than HTAB, CR, LF and NUL are not field-vchar; RFC 9110 §5.5 has no MUST for them.
const VALUE_CTLS: readonly [string, string][] = [
  ['soh', '\x01'], ['bs', '\x08'], ['vt', '\x0b'], ['ff', '\x0c'], ['esc', '\x1b'], ['us', '\x1f'], ['del', '\x7f'],
];

// RFC 9110 §5.5: a recipient of CR, LF or NUL in a field value MUST reject the message or replace each with SP.
function crLfNul(value: string, replaced: string): Outcome[] {
  return [
    ...refuses(),
    { label: 'replace the byte with SP (permitted, risky)', verdict: 'warn', responses: [accepted({ headers: { 'X-Probe': replaced } })] },
    { label: 'drop the byte (neither reject nor replace with SP)', verdict: 'fail', responses: [accepted({ headers: { 'X-Probe': value.replace(/[\r\n\0]/g, '') } })] },
  ];
}

function probe(value: string): string {
  return get('/', [`X-Probe: ${value}`]);
}

const cases: CaseInit[] = [
  // Valid field lines.
  ...([
    ['no-ows', 'X-Probe:value', 'value', 'no whitespace after the colon'],
    ['many-sp', 'X-Probe:     value', 'value', 'several SP after the colon'],
    ['htab-ows', 'X-Probe:\tvalue\t', 'value', 'HTAB as OWS on both sides'],
    ['trailing-ows', 'X-Probe: value   ', 'value', 'trailing SP (removed from the value)'],
    ['inner-whitespace', 'X-Probe: a  b\tc', 'a  b\tc', 'SP and HTAB inside the value (kept)'],
    ['empty-value', 'X-Probe:', '', 'an empty value'],
    ['empty-value-ows', 'X-Probe:   ', '', 'a value of only whitespace (empty)'],
    ['obs-text', 'X-Probe: caf\xe9', 'caf\xe9', 'obs-text (byte 0xE9): field-vchar allows it'],
    ['all-vchar', 'X-Probe: !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'every visible symbol'],
    ['colon-in-value', 'X-Probe: a:b: c', 'a:b: c', 'colons after the first belong to the value'],
  ] as const).map(([name, line, value, what]): CaseInit => ({
    id: `valid-${name}`,
    section: S51,
    level: 'MUST',
    description: `A field line with ${what} is valid; the value is "${value.replace(/[^\x20-\x7e]/g, '?')}".`,
    request: get('/', [line]),
    outcomes: accepts({ headers: { 'X-Probe': value } }),
    catalogue: name === 'no-ows' ? [130] : name === 'many-sp' ? [131] : name === 'htab-ows' ? [132] : name === 'empty-value' ? [141] : [],
  })),
  {
    id: 'valid-tchar-name',
    section: S9110_51,
    level: 'MUST',
    description: "A field name of every tchar symbol (!#$%&'*+-.^_`|~) and alphanumerics is a valid token.",
    request: get('/', ["!#$%&'*+-.^_`|~09azAZ: v"]),
    outcomes: accepts({ headers: { "!#$%&'*+-.^_`|~09azAZ": 'v' } }),
  },
  {
    id: 'valid-underscore-name',
    section: S9110_51,
    level: 'MUST',
    description: 'An underscore in a field name (X_Probe) is a tchar; it is a field of its own, not X-Probe.',
    request: get('/', ['X_Probe: underscore']),
    outcomes: [
      ...accepts({ headers: { X_Probe: 'underscore', 'X-Probe': null } }),
      { label: 'drop the field (allowed: a server may ignore a field it does not use)', responses: [accepted({ headers: { 'X-Probe': null } })] },
      { label: 'merge X_Probe into X-Probe', verdict: 'fail', responses: [accepted({ headers: { 'X-Probe': 'underscore' } })] },
    ],
    catalogue: [88],
  },
  {
    id: 'valid-repeated-field',
    section: 'RFC 9110 §5.3',
    level: 'MUST',
    description: 'A field repeated on two lines: both values reach the server, in order.',
    request: get('/', ['X-Probe: one', 'X-Probe: two']),
    outcomes: accepts({ headers: { 'X-Probe': ['one', 'two'] } }),
    catalogue: [142],
  },
  {
    id: 'valid-name-case',
    section: S9110_51,
    level: 'MUST',
    description: 'Field names are case-insensitive: HOST and content-LENGTH work like Host and Content-Length.',
    request: message('POST / HTTP/1.1', ['HOST: localhost', 'content-LENGTH: 5'], 'hello'),
    outcomes: accepts({ body: 'hello' }),
    catalogue: [96],
  },
  {
    id: 'valid-many-fields',
    section: S51,
    level: 'MUST',
    description: 'Fifty field lines: well within any reasonable limit.',
    request: get('/', Array.from({ length: 50 }, (_, i) => `X-Field-${i}: value-${i}`)),
    outcomes: accepts({ headers: { 'X-Field-49': 'value-49' } }),
  },
  {
    id: 'valid-4k-value',
    section: 'RFC 9110 §5.4',
    level: 'MUST',
    description: 'A 4 KiB field value: a reasonable length every server can parse.',
    request: probe(filler(4096)),
    outcomes: accepts({ headers: { 'X-Probe': filler(4096) } }),
  },

  // Whitespace before the colon: a MUST 400 (RFC 9112 §5.1).
  ...([
    ['sp-before-colon', 'X-Probe : v', 'a SP'],
    ['htab-before-colon', 'X-Probe\t: v', 'a HTAB'],
    ['sp-before-colon-no-ows', 'X-Probe :v', 'a SP (no OWS after the colon)'],
  ] as const).map(([name, line, what]): CaseInit => ({
    id: name,
    section: S51,
    level: 'MUST',
    description: `${what} between the field name and the colon: the server MUST answer 400.`,
    request: get('/', [line]),
    outcomes: mustRefuse(),
    catalogue: [59, 60],
  })),

  // Names that are not tokens.
  ...NAME_DELIMITERS.map(([name, ch]): CaseInit => ({
    id: `name-delimiter-${name}`,
    section: S9110_51,
    level: 'SHOULD',
    description: `"${ch}" inside a field name: not a token, so the field line is invalid.`,
    request: get('/', [`X-Pro${ch}be: v`]),
    outcomes: invalid(),
    catalogue: [84],
  })),
  ...NAME_BYTES.map(([name, ch, what]): CaseInit => ({
    id: `name-byte-${name}`,
    section: S9110_51,
    level: 'SHOULD',
    description: `${what} inside a field name: not a token, so the field line is invalid.`,
    request: get('/', [`X-Pro${ch}be: v`]),
    outcomes: invalid(),
    catalogue: name === 'utf8' || name === 'obs-text' ? [85] : name === 'nbsp' ? [63] : [84],
  })),
  {
    id: 'empty-name',
    section: S9110_51,
    level: 'SHOULD',
    description: 'A field line that starts with the colon (": v"): the name is empty; invalid.',
    request: get('/', [': v']),
    outcomes: invalid(),
    catalogue: [82],
  },
  {
    id: 'colon-only',
    section: S9110_51,
    level: 'SHOULD',
    description: 'A field line of one colon: no name, no value; invalid.',
    request: get('/', [':']),
    outcomes: invalid(),
    catalogue: [83],
  },
  {
    id: 'no-colon',
    section: S51,
    level: 'SHOULD',
    description: 'A field line without a colon ("X-Probe v"): invalid.',
    request: get('/', ['X-Probe v']),
    outcomes: invalid(),
    catalogue: [80],
  },

  // Whitespace at the start of the first field line (RFC 9112 §2.2): reject, or ignore the line.
  ...([['sp', ' '], ['htab', '\t']] as const).map(([name, ws]): CaseInit => ({
    id: `first-field-leading-${name}`,
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: `The only Host line starts with ${name === 'sp' ? 'SP' : 'HTAB'}: reject, or ignore the line (then Host is missing: 400 too).`,
    request: message('GET / HTTP/1.1', [`${ws}${HOST_LINE}`]),
    outcomes: mustRefuse({ close: 'may' }, 'use a whitespace-preceded first line as a field'),
    catalogue: [67],
  })),
  {
    id: 'first-field-leading-sp-ignored',
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: 'A whitespace-preceded line before Host: reject, or ignore that line; never use it as a field.',
    request: message('GET / HTTP/1.1', [' X-Probe: hidden', HOST_LINE]),
    outcomes: [
      ...refuses(),
      { label: 'ignore the whitespace-preceded line', responses: [accepted({ headers: { 'X-Probe': null } })] },
      { label: 'use the whitespace-preceded line as a field', verdict: 'fail', responses: [accepted({ headers: { 'X-Probe': 'hidden' } })] },
    ],
    catalogue: [67],
  },

  // obs-fold (RFC 9112 §5.2): reject with 400, or replace each fold with SP.
  ...([
    ['sp', 'X-Probe: a\r\n b', 'a b', 'SP'],
    ['htab', 'X-Probe: a\r\n\tb', 'a b', 'HTAB'],
    ['multiple', 'X-Probe: a\r\n b\r\n  c', 'a b c', 'two continuation lines'],
    ['empty-first', 'X-Probe:\r\n b', 'b', 'an empty first line'],
  ] as const).map(([name, line, joined, what]): CaseInit => ({
    id: `obs-fold-${name}`,
    section: S52,
    level: 'MUST',
    description: `obs-fold (${what}): the server MUST either reject with 400 or replace each fold with SP.`,
    request: get('/', [line]),
    outcomes: [
      ...refuses(),
      { label: 'replace the fold with SP (permitted, risky)', verdict: 'warn', responses: [accepted({ headers: { 'X-Probe': joined } })] },
    ],
    catalogue: [72],
  })),
  {
    id: 'obs-fold-host',
    section: S52,
    level: 'MUST',
    description: 'A Host value folded onto two lines: reject, or join it into "local host", which is an invalid Host (400).',
    request: message('GET / HTTP/1.1', ['Host: local', ' host']),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [72],
  },

  // CR, LF, NUL in a value (RFC 9110 §5.5): reject, or replace with SP.
  {
    id: 'value-nul',
    section: S9110_55,
    level: 'MUST',
    description: 'A NUL byte in a field value: reject the message, or replace the NUL with SP.',
    request: probe('a\x00b'),
    outcomes: crLfNul('a\x00b', 'a b'),
    catalogue: [116, 117],
  },
  {
    id: 'value-nul-end',
    section: S9110_55,
    level: 'MUST',
    description: 'A NUL byte at the end of a field value: reject, or replace with SP (then trimmed away).',
    request: probe('ab\x00'),
    outcomes: [
      ...refuses(),
      { label: 'replace the NUL with SP (permitted, risky)', verdict: 'warn', responses: [accepted({ headers: { 'X-Probe': 'ab' } })] },
    ],
    catalogue: [118],
  },
  {
    id: 'value-bare-cr',
    section: S9110_55,
    level: 'MUST',
    description: 'A bare CR inside a field value: reject the message, or replace the CR with SP.',
    request: probe('a\rb'),
    outcomes: crLfNul('a\rb', 'a b'),
    catalogue: [121],
  },
  {
    id: 'value-bare-lf',
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: 'A bare LF inside a field value: reject; or end the line there (LF leniency); or replace it with SP.',
    request: probe('a\nX-Other: b'),
    outcomes: [
      ...refuses(),
      { label: 'end the line at the LF (bare LF leniency, risky)', verdict: 'warn', responses: [accepted({ headers: { 'X-Probe': 'a', 'X-Other': 'b' } })] },
      { label: 'replace the LF with SP (permitted, risky)', verdict: 'warn', responses: [accepted({ headers: { 'X-Probe': 'a X-Other: b' } })] },
    ],
    catalogue: [98],
  },
  ...VALUE_CTLS.map(([name, ch]): CaseInit => ({
    id: `value-ctl-${name}`,
    section: S9110_55,
    level: 'SHOULD',
    description: `Control byte 0x${ch.charCodeAt(0).toString(16).padStart(2, '0')} inside a field value: not field-vchar; invalid.`,
    request: probe(`a${ch}b`),
    outcomes: invalid(),
    catalogue: [123],
  })),
];

/** The field-line cases. */
export const fieldSyntaxCases = defineCases('field-syntax', cases);
