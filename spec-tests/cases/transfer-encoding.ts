/**
 * Transfer-Encoding in requests (RFC 9112 §6.1, §6.3 rule 4, §7): chunked must be the final coding or the server
 * MUST answer 400 and close; codings are case-insensitive; an unknown coding SHOULD get 501; HTTP/1.0 with
 * Transfer-Encoding is faulty framing.
 *
 * @module
 */
import {
  accepted, accepts, chunked, chunkedPost, defineCases, get, message, mustRefuse, refuses, request,
} from '../build.js';
import type { CaseInit } from '../build.js';
import type { Outcome } from '../schema.js';

const S61 = 'RFC 9112 §6.1';
const S63 = 'RFC 9112 §6.3';

const HELLO = chunked('hello');

// A TE whose final coding is not chunked: 400 and close; using no body or treating it as chunked both fail.
function notChunkedFinal(): Outcome[] {
  return [
    ...refuses({ close: 'must' }),
    { label: 'decode it as chunked anyway', verdict: 'fail', responses: [accepted()] },
    { label: 'ignore Transfer-Encoding (the chunked bytes become a second request)', verdict: 'fail', responses: [accepted(), { status: ['any'] }] },
  ];
}

// Values whose final coding is not chunked.
const NOT_CHUNKED: readonly [string, string, string, readonly number[]][] = [
  ['chunked-gzip', 'chunked, gzip', 'chunked followed by gzip', [198]],
  ['chunked-identity', 'chunked, identity', 'chunked followed by identity', [200]],
  ['identity', 'identity', 'identity alone (removed from the registry)', [199]],
  ['gzip', 'gzip', 'gzip alone', []],
  ['xchunked', 'xchunked', 'xchunked (not chunked)', [195]],
  ['chunkedx', 'chunkedx', 'chunkedx (not chunked)', [195]],
  ['chunk', 'chunk', 'chunk (a truncated name)', [219]],
  ['quoted', '"chunked"', 'a quoted "chunked"', [139]],
  ['apostrophes', "'chunked'", "an apostrophe-quoted 'chunked'", [140]],
  ['space-list', 'cow chunked bar', 'words separated by SP instead of commas', [204]],
  ['accent', 'ch\x96nked', 'a non-ASCII byte inside the name', [220]],
  ['encoded-word', '=?iso-8859-1?B?Y2h1bmtlZA==?=', 'an RFC 2047 encoded-word', [138]],
  ['empty', '', 'an empty value', [216]],
];

const cases: CaseInit[] = [
  {
    id: 'chunked',
    section: 'RFC 9112 §7.1',
    level: 'MUST',
    description: 'Transfer-Encoding: chunked with one chunk: the body is decoded.',
    request: chunkedPost(HELLO),
    outcomes: accepts({ body: 'hello', headers: { 'Content-Length': null } }),
    catalogue: [281],
  },
  ...([
    ['capitalised', 'Chunked'],
    ['upper-case', 'CHUNKED'],
    ['mixed-case', 'cHuNkEd'],
  ] as const).map(([name, value]): CaseInit => ({
    id: `case-${name}`,
    section: 'RFC 9112 §7',
    level: 'MUST',
    description: `"${value}": transfer coding names are case-insensitive, so this is chunked.`,
    request: request('POST', '/', [`Transfer-Encoding: ${value}`], HELLO),
    outcomes: accepts({ body: 'hello' }),
    catalogue: [218],
  })),
  {
    id: 'ows',
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: 'Whitespace around "chunked" is OWS, trimmed from the value.',
    request: request('POST', '/', ['Transfer-Encoding: \t chunked \t'], HELLO),
    outcomes: accepts({ body: 'hello' }),
    catalogue: [217],
  },
  ...([
    ['leading-comma', ', chunked', 'a leading empty list element', [211, 214]],
    ['trailing-comma', 'chunked,', 'a trailing empty list element', [215]],
  ] as const).map(([name, value, what, catalogue]): CaseInit => ({
    id: name,
    section: 'RFC 9110 §5.6.1',
    level: 'MUST',
    description: `"${value}": ${what}, which a recipient MUST ignore; the coding is chunked.`,
    request: request('POST', '/', [`Transfer-Encoding: ${value}`], HELLO),
    outcomes: [
      ...accepts({ body: 'hello' }),
      ...refuses({ close: 'must', why: 'empty list elements are to be ignored' }).map((o) => ({ ...o, verdict: o.verdict === 'fail' ? 'fail' as const : 'warn' as const })),
    ],
    catalogue,
  })),
  ...NOT_CHUNKED.map(([name, value, what, catalogue]): CaseInit => ({
    id: `not-final-${name}`,
    section: S63,
    level: 'MUST',
    description: `Transfer-Encoding ${what}: chunked is not the final coding, so the server MUST answer 400 and close.`,
    request: request('POST', '/', [`Transfer-Encoding: ${value}`], HELLO),
    outcomes: notChunkedFinal(),
    catalogue,
  })),
  {
    id: 'two-lines-not-final',
    section: S63,
    level: 'MUST',
    description: 'Transfer-Encoding: chunked, then Transfer-Encoding: identity on a second line: the list ends with identity; 400.',
    request: request('POST', '/', ['Transfer-Encoding: chunked', 'Transfer-Encoding: identity'], HELLO),
    outcomes: notChunkedFinal(),
    catalogue: [208, 209],
  },
  ...([
    ['gzip-chunked', 'gzip, chunked', 'gzip then chunked'],
    ['unknown-chunked', 'frob, chunked', 'an unknown coding then chunked'],
    ['identity-chunked', 'identity, chunked', 'identity (no longer a coding) then chunked'],
  ] as const).map(([name, value, what]): CaseInit => ({
    id: name,
    section: S61,
    level: 'SHOULD',
    description: `Transfer-Encoding ${what}: a coding the server does not understand SHOULD be answered 501.`,
    request: request('POST', '/', [`Transfer-Encoding: ${value}`], HELLO),
    outcomes: [
      ...refuses({ status: [501], close: 'must' }),
      ...refuses({ status: [400], close: 'must', why: 'the body is not in that coding' }),
      { label: 'decode only the chunked coding and accept', verdict: 'warn', responses: [accepted()] },
    ],
    catalogue: name === 'identity-chunked' ? [201, 203] : name === 'unknown-chunked' ? [202] : [],
  })),
  {
    id: 'identity-chunked-lines',
    section: S61,
    level: 'SHOULD',
    description: 'Transfer-Encoding: identity, then Transfer-Encoding: chunked: identity is unknown (501, or 400).',
    request: request('POST', '/', ['Transfer-Encoding: identity', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: [
      ...refuses({ status: [501, 400], close: 'must' }),
      { label: 'skip identity and decode chunked', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
    ],
    catalogue: [208],
  },
  {
    id: 'chunked-twice',
    section: S61,
    level: 'SHOULD',
    description: '"chunked, chunked": chunked applied twice, which no sender may do; refuse (or decode once, risky).',
    request: request('POST', '/', ['Transfer-Encoding: chunked, chunked'], HELLO),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'decode chunked once', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
    ],
    catalogue: [210],
  },
  {
    id: 'chunked-two-lines',
    section: S61,
    level: 'SHOULD',
    description: 'Two Transfer-Encoding: chunked lines: chunked twice; refuse (or decode once, risky).',
    request: request('POST', '/', ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'decode chunked once', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
      { label: 'treat the body as absent', verdict: 'fail', responses: [accepted({ body: '' }), { status: ['any'] }] },
    ],
    catalogue: [205, 206],
  },
  {
    id: 'chunked-parameter',
    section: 'RFC 9112 §7.1',
    level: 'SHOULD',
    description: '"chunked;q=1": chunked defines no parameters; their presence SHOULD be treated as an error.',
    request: request('POST', '/', ['Transfer-Encoding: chunked;q=1'], HELLO),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'ignore the parameter and decode chunked', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
    ],
    catalogue: [222],
  },
  {
    id: 'http10',
    section: S61,
    level: 'MUST',
    description: 'Transfer-Encoding in an HTTP/1.0 request: the framing is faulty; the server MUST close after it.',
    request: message('POST / HTTP/1.0', ['Host: localhost', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'decode it as chunked, then close', verdict: 'warn', responses: [accepted({ body: 'hello' })], connection: 'closed' },
    ],
    catalogue: [223],
  },
  ...(['GET', 'HEAD', 'OPTIONS'] as const).map((method): CaseInit => ({
    id: `${method.toLowerCase()}-chunked`,
    section: S63,
    level: 'MUST',
    description: `${method} with a chunked body: Transfer-Encoding frames the body whatever the method.`,
    request: message(`${method} / HTTP/1.1`, ['Host: localhost', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: [
      { label: 'read the chunked body, answer once', responses: [accepted()] },
      ...refuses({ close: 'must', why: `a body on ${method}` }),
      { label: 'ignore Transfer-Encoding: the chunks become a second request', verdict: 'fail', responses: [accepted(), { status: ['any'] }] },
    ],
    catalogue: [230],
  })),
  {
    id: 'chunked-then-pipelined',
    section: 'RFC 9112 §7.1',
    level: 'MUST',
    description: 'A chunked body followed at once by another request: two responses.',
    request: chunkedPost(HELLO) + get('/second'),
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/second' }),
      { label: 'answer the first and close (no persistence)', responses: [accepted({ body: 'hello' })], connection: 'closed' },
    ],
  },
  {
    id: 'content-encoding-chunked',
    section: 'RFC 9110 §8.4',
    level: 'MUST',
    description: 'Content-Encoding: chunked is not a transfer coding: the body has no length, so the chunks are a second request.',
    request: request('POST', '/', ['Content-Encoding: chunked'], HELLO),
    outcomes: [
      { label: 'no body; the chunk bytes are an invalid second request', responses: [{ status: ['accept', 411, 415] }, { status: [400] }] },
      { label: 'no body; close on the chunk bytes', responses: [{ status: ['accept', 411, 415] }], connection: 'closed' },
      { label: 'decode the body as chunked', verdict: 'fail', responses: [accepted({ body: 'hello' })], connection: 'open' },
    ],
    catalogue: [224],
  },
  {
    id: 'obs-fold',
    section: 'RFC 9112 §5.2',
    level: 'MUST',
    description: 'Transfer-Encoding folded onto a continuation line: reject, or join it with SP and decode chunked.',
    request: request('POST', '/', ['Transfer-Encoding:', ' chunked'], HELLO),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'replace the fold with SP and decode chunked (permitted, risky)', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
      { label: 'ignore the folded Transfer-Encoding', verdict: 'fail', responses: [accepted(), { status: ['any'] }] },
    ],
    catalogue: [229],
  },
  {
    id: 'invalid-value-bytes',
    section: 'RFC 9110 §5.5',
    level: 'MUST',
    description: 'Transfer-Encoding "chunked" with a DEL byte after it: an invalid value, and not chunked either way; 400.',
    request: request('POST', '/', ['Transfer-Encoding: chunked\x7f'], HELLO),
    outcomes: notChunkedFinal(),
    catalogue: [135],
  },
  {
    id: 'chunked-nul-suffix',
    section: 'RFC 9110 §5.5',
    level: 'MUST',
    description: '"chunked\\0": reject, or replace the NUL with SP, which leaves chunked (risky).',
    request: request('POST', '/', ['Transfer-Encoding: chunked\x00'], HELLO),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'replace the NUL with SP and decode chunked (permitted, risky)', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
    ],
    catalogue: [221],
  },
  {
    id: 'name-sp-before-colon',
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: '"Transfer-Encoding : chunked" (no Content-Length): whitespace before the colon MUST be answered 400.',
    request: request('POST', '/', ['Transfer-Encoding : chunked'], HELLO),
    outcomes: mustRefuse({ close: 'must' }),
    catalogue: [59],
  },
];

/** The Transfer-Encoding cases. */
export const transferEncodingCases = defineCases('transfer-encoding', cases);
