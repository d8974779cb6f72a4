/**
 * Request smuggling shapes (RFC 9112 §6.1, §6.3, §11.2; the discrepancy catalogue, `docs/catalogue.md`): the
 * same bytes framed two ways. Each case is built so that the readings give different response counts — a short
 * Content-Length leaves chunk bytes that read as a second (invalid) request; a long one hides a complete
 * `GET /smuggled` — so the verdict holds without an echo; with one, the body is compared too.
 *
 * Transfer-Encoding with Content-Length (RFC 9112 §6.1, §6.3 rule 3): the server may reject the message (400)
 * or decode chunked and ignore Content-Length — and then MUST close the connection after responding. Rejecting
 * passes; decoding and closing is a warn (it is allowed, and it is what a front end that disagrees exploits);
 * anything else fails.
 *
 * @module
 */
import {
  accepted, chunked, defineCases, HOST_LINE, message, mustRefuse, refuses, request, SMUGGLED,
} from '../build.js';
import type { CaseInit } from '../build.js';
import type { Outcome } from '../schema.js';

const S61 = 'RFC 9112 §6.1';
const S63 = 'RFC 9112 §6.3';

/** A chunked body of "hello": 17 bytes. With `Content-Length: 3` a CL reader stops inside it. */
const HELLO = chunked('hello');
/** An empty chunked body followed by a complete request: a chunked reader ends after five bytes. */
const LONG = `0\r\n\r\n${SMUGGLED}`;

function post(fields: readonly string[], body: string, version = 'HTTP/1.1'): string {
  return message(`POST / ${version}`, [HOST_LINE, ...fields], body);
}

/** TE chunked with a short Content-Length (CL.TE bytes). */
function clTe(): Outcome[] {
  return [
    ...refuses({ close: 'must' }),
    { label: 'decode chunked, ignore Content-Length, then close (permitted, risky)', verdict: 'warn', responses: [accepted({ body: 'hello' })], connection: 'closed' },
    { label: 'decode chunked but keep the connection open (it MUST close)', verdict: 'fail', responses: [accepted({ body: 'hello' })], connection: 'open' },
    { label: 'use Content-Length: the rest of the chunked body is read as a request (CL.TE)', verdict: 'fail', responses: [accepted(), { status: ['any'] }] },
  ];
}

/** TE chunked with a long Content-Length that covers a hidden request (TE.CL bytes). */
function teCl(): Outcome[] {
  return [
    ...refuses({ close: 'must' }),
    { label: 'decode chunked, ignore Content-Length, then close (permitted, risky)', verdict: 'warn', responses: [accepted({ body: '' })], connection: 'closed' },
    { label: 'decode chunked and go on: the hidden request is answered (it MUST close)', verdict: 'fail', responses: [accepted(), accepted()] },
    { label: 'use Content-Length and ignore Transfer-Encoding (TE.CL)', verdict: 'fail', responses: [accepted({ body: LONG })] },
  ];
}

/** The obfuscated Transfer-Encoding is not a Transfer-Encoding: Content-Length frames the body. */
function usesContentLength(refusal: 'pass' | 'warn', acceptVerdict: 'pass' | 'warn' = 'pass', acceptLabel = 'use Content-Length'): Outcome[] {
  return [
    { label: acceptLabel, verdict: acceptVerdict, responses: [accepted({ body: LONG })] },
    ...refuses({ close: 'must' }).map((o) => (refusal === 'warn' && o.verdict !== 'fail' ? { ...o, verdict: 'warn' as const } : o)),
    { label: 'take it as Transfer-Encoding: chunked and close', verdict: 'fail', responses: [accepted({ body: '' })], connection: 'closed' },
    { label: 'take it as Transfer-Encoding: chunked: the hidden request is answered', verdict: 'fail', responses: [accepted(), accepted()] },
  ];
}

/** An invalid Content-Length line in front of a body that holds a request. */
function hiddenContentLength(ignoreVerdict: 'warn' | 'fail'): Outcome[] {
  return [
    ...refuses({ close: 'must' }),
    { label: 'ignore the line: no body, so the hidden request is answered', verdict: ignoreVerdict, responses: [accepted(), accepted({ target: '/smuggled' })] },
    { label: 'use the line as Content-Length', verdict: 'fail', responses: [accepted()] },
  ];
}

const cases: CaseInit[] = [
  {
    id: 'cl-te',
    section: S63,
    level: 'MUST',
    description: 'Content-Length: 3 then Transfer-Encoding: chunked: 400 and close, or decode chunked and close.',
    request: post(['Content-Length: 3', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: clTe(),
    catalogue: [190, 193],
  },
  {
    id: 'te-cl',
    section: S63,
    level: 'MUST',
    description: 'Transfer-Encoding: chunked then Content-Length: 3 (order does not matter): same rules.',
    request: post(['Transfer-Encoding: chunked', 'Content-Length: 3'], HELLO),
    outcomes: clTe(),
    catalogue: [190, 193],
  },
  {
    id: 'te-cl-hidden-request',
    section: S63,
    level: 'MUST',
    description: 'A chunked body that ends early and a Content-Length that covers a whole request after it (TE.CL).',
    request: post(['Transfer-Encoding: chunked', `Content-Length: ${LONG.length}`], LONG),
    outcomes: teCl(),
    catalogue: [191, 193],
  },
  {
    id: 'cl-zero-te',
    section: S63,
    level: 'MUST',
    description: 'Content-Length: 0 with Transfer-Encoding: chunked and a chunked body.',
    request: post(['Content-Length: 0', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: clTe(),
    catalogue: [190],
  },
  {
    id: 'te-cl-get',
    section: S63,
    level: 'MUST',
    description: 'GET with both Transfer-Encoding and Content-Length: the framing rules do not depend on the method.',
    request: message('GET / HTTP/1.1', [HOST_LINE, 'Content-Length: 3', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: clTe(),
    catalogue: [190, 230],
  },
  {
    id: 'te-cl-http10',
    section: S61,
    level: 'MUST',
    description: 'HTTP/1.0 with Transfer-Encoding and Content-Length: faulty framing; the server MUST close after it.',
    request: post(['Content-Length: 3', 'Transfer-Encoding: chunked'], HELLO, 'HTTP/1.0'),
    outcomes: clTe(),
    catalogue: [223],
  },
  ...([
    ['upper-case', 'Transfer-Encoding: CHUNKED', [218]],
    ['trailing-space', 'Transfer-Encoding: chunked ', [217]],
    ['htab-before-value', 'Transfer-Encoding:\tchunked', [132]],
    ['no-space', 'Transfer-Encoding:chunked', [130]],
    ['leading-comma', 'Transfer-Encoding: , chunked', [214]],
    ['name-upper-case', 'TRANSFER-ENCODING: chunked', [96]],
  ] as const).map(([name, line, catalogue]): CaseInit => ({
    id: `te-${name}-cl`,
    section: S63,
    level: 'MUST',
    description: `"${line}" is a valid chunked Transfer-Encoding, so with Content-Length: 3 the TE-and-CL rules apply.`,
    request: post(['Content-Length: 3', line], HELLO),
    outcomes: clTe(),
    catalogue: [190, ...catalogue],
  })),
  {
    id: 'te-in-connection-cl',
    section: 'RFC 9110 §7.6.1',
    level: 'MUST',
    description: 'Connection: Transfer-Encoding does not remove Transfer-Encoding at an origin: the TE-and-CL rules apply.',
    request: post(['Connection: Transfer-Encoding', 'Content-Length: 3', 'Transfer-Encoding: chunked'], HELLO),
    outcomes: clTe(),
    catalogue: [225],
  },
  ...([
    ['xchunked', 'Transfer-Encoding: xchunked', [195]],
    ['identity', 'Transfer-Encoding: identity', [199]],
    ['chunked-identity', 'Transfer-Encoding: chunked, identity', [200]],
    ['nested', 'Transfer-Encoding: identity, chunked, identity', [203]],
    ['nbsp-value', 'Transfer-Encoding: \xa0chunked', [124, 129]],
    ['nbsp-suffix', 'Transfer-Encoding: chunked\xa0', [124, 135]],
    ['high-byte-value', 'Transfer-Encoding: \xffchunked\xff', [126]],
    ['vt-value', 'Transfer-Encoding:\x0bchunked', [128]],
    ['ff-value', 'Transfer-Encoding:\x0cchunked', [128]],
    ['encoded-word', 'Transfer-Encoding: =?UTF-8?B?Y2h1bmtlZA==?=', [138]],
  ] as const).map(([name, line, catalogue]): CaseInit => ({
    id: `te-${name}-cl`,
    section: S63,
    level: 'MUST',
    description: `"${line.replace(/[^\x20-\x7e]/g, '?')}" with Content-Length: chunked is not the final coding; 400 and close.`,
    request: post(['Content-Length: 3', line], HELLO),
    outcomes: mustRefuse({ close: 'must' }, 'accept: one of the two framings was used'),
    catalogue: [231, ...catalogue],
  })),
  {
    id: 'te-two-lines-cl',
    section: S63,
    level: 'MUST',
    description: 'Transfer-Encoding: chunked and Transfer-Encoding: identity lines with Content-Length: 400 and close.',
    request: post(['Transfer-Encoding: chunked', 'Transfer-Encoding: identity', 'Content-Length: 3'], HELLO),
    outcomes: mustRefuse({ close: 'must' }, 'accept: one of the framings was used'),
    catalogue: [207, 209],
  },
  {
    id: 'te-chunked-and-junk',
    section: S63,
    level: 'MUST',
    description: 'Transfer-Encoding: chunked and Transfer-Encoding: x (no Content-Length): the last coding is x; 400.',
    request: post(['Transfer-Encoding: chunked', 'Transfer-Encoding: x'], HELLO),
    outcomes: mustRefuse({ close: 'must' }, 'accept: chunked was not the final coding'),
    catalogue: [207],
  },
  ...([
    ['te-sp-before-colon', 'Transfer-Encoding : chunked', [59]],
    ['te-htab-before-colon', 'Transfer-Encoding\t: chunked', [60]],
  ] as const).map(([name, line, catalogue]): CaseInit => ({
    id: `${name}-cl`,
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: `"${line.replace('\t', '\\t')}" with Content-Length: whitespace before a colon MUST be answered 400.`,
    request: post(['Content-Length: 3', line], HELLO),
    outcomes: mustRefuse({ close: 'must' }, 'accept: one of the framings was used'),
    catalogue,
  })),
  {
    id: 'te-underscore-cl',
    section: 'RFC 9110 §5.1',
    level: 'MUST',
    description: 'Transfer_Encoding is another field, not Transfer-Encoding: Content-Length frames the body.',
    request: post([`Content-Length: ${LONG.length}`, 'Transfer_Encoding: chunked'], LONG),
    outcomes: usesContentLength('warn'),
    catalogue: [88],
  },
  {
    id: 'te-plural-name-cl',
    section: 'RFC 9110 §5.1',
    level: 'MUST',
    description: 'Transfer-Encodings (a different name) is not Transfer-Encoding: Content-Length frames the body.',
    request: post([`Content-Length: ${LONG.length}`, 'Transfer-Encodings: chunked'], LONG),
    outcomes: usesContentLength('warn'),
    catalogue: [219],
  },
  ...([
    ['te-space-in-name', 'Transfer Encoding: chunked', [89]],
    ['te-nbsp-before-colon', 'Transfer-Encoding\xa0: chunked', [63]],
    ['te-nel-before-colon', 'Transfer-Encoding\x85: chunked', [62]],
    ['te-accent-in-name', 'Transf\x82r-Encoding: chunked', [86]],
    ['te-junk-before-colon', 'Transfer-Encoding x: chunked', [94]],
  ] as const).map(([name, line, catalogue]): CaseInit => ({
    id: `${name}-cl`,
    section: 'RFC 9110 §5.1',
    level: 'MUST',
    description: `"${line.replace(/[^\x20-\x7e]/g, '?')}": an invalid field name; refuse, or ignore the line and use Content-Length, never chunked.`,
    request: post([`Content-Length: ${LONG.length}`, line], LONG),
    outcomes: usesContentLength('pass', 'warn', 'ignore the invalid line and use Content-Length'),
    catalogue,
  })),
  {
    id: 'te-obs-fold-cl',
    section: 'RFC 9112 §5.2',
    level: 'MUST',
    description: 'Transfer-Encoding folded onto a continuation line, with Content-Length: reject, or join and apply the TE-and-CL rules.',
    request: post(['Content-Length: 3', 'Transfer-Encoding:', ' chunked'], HELLO),
    outcomes: clTe(),
    catalogue: [73, 229],
  },
  {
    id: 'te-folded-into-previous-cl',
    section: 'RFC 9112 §5.2',
    level: 'MUST',
    description: 'A SP-prefixed Transfer-Encoding line after another field: an obs-fold of that field, never a Transfer-Encoding.',
    request: post([`Content-Length: ${LONG.length}`, 'X-Probe: a', ' Transfer-Encoding: chunked'], LONG),
    outcomes: usesContentLength('pass', 'warn', 'join the fold into X-Probe (permitted, risky) and use Content-Length'),
    catalogue: [68, 69, 70],
  },
  {
    id: 'te-after-bare-cr-cl',
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: 'X-Probe: a<CR>Transfer-Encoding: chunked: a bare CR is invalid or becomes SP; it never ends a line.',
    request: post([`Content-Length: ${LONG.length}`, 'X-Probe: a\rTransfer-Encoding: chunked'], LONG),
    outcomes: usesContentLength('pass', 'warn', 'replace the CR with SP (permitted, risky) and use Content-Length'),
    catalogue: [97, 100],
  },
  {
    id: 'te-after-bare-lf-cl',
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: 'X-Probe: a<LF>Transfer-Encoding: chunked with Content-Length: refuse; the LF may end the line (then TE-and-CL rules) or become SP.',
    request: post([`Content-Length: ${LONG.length}`, 'X-Probe: a\nTransfer-Encoding: chunked'], LONG),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'end the line at the LF, decode chunked and close (permitted, risky)', verdict: 'warn', responses: [accepted({ body: '' })], connection: 'closed' },
      { label: 'replace the LF with SP and use Content-Length (permitted, risky)', verdict: 'warn', responses: [accepted({ body: LONG })] },
      { label: 'decode chunked and go on: the hidden request is answered', verdict: 'fail', responses: [accepted(), accepted()] },
    ],
    catalogue: [98, 103],
  },
  {
    id: 'te-lf-fold-cl',
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: '"Transfer-Encoding:<LF> chunked" with Content-Length: a bare LF and an obs-fold in one; refuse, or apply TE-and-CL.',
    request: post(['Content-Length: 3', 'Transfer-Encoding:\n chunked'], HELLO),
    outcomes: [
      ...clTe(),
      { label: 'ignore the empty Transfer-Encoding and use Content-Length', verdict: 'fail', responses: [accepted(), { status: ['any'] }] },
    ],
    catalogue: [73, 78],
  },
  {
    id: 'field-name-split-cl',
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: '"Transfer-" and "Encoding: chunked" on two lines: a colon-less line, never one Transfer-Encoding field.',
    request: post([`Content-Length: ${LONG.length}`, 'Transfer-', 'Encoding: chunked'], LONG),
    outcomes: usesContentLength('pass', 'warn', 'ignore the colon-less line and use Content-Length'),
    catalogue: [79],
  },
  {
    id: 'cl-sp-before-colon',
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: '"Content-Length : N" in front of a body holding a request: whitespace before the colon MUST be answered 400.',
    request: post([`Content-Length : ${SMUGGLED.length}`], SMUGGLED),
    outcomes: hiddenContentLength('fail'),
    catalogue: [59, 186],
  },
  {
    id: 'cl-underscore',
    section: 'RFC 9110 §5.1',
    level: 'MUST',
    description: 'Content_Length is another field: the POST has no body, so the request after it is a request.',
    request: post([`Content_Length: ${SMUGGLED.length}`], SMUGGLED),
    outcomes: [
      { label: 'no body (or 411); the next request is answered', responses: [{ status: ['accept', 411] }, accepted({ target: '/smuggled' })] },
      { label: 'no body (or 411), then close', responses: [{ status: ['accept', 411] }], connection: 'closed' },
      ...refuses({ close: 'must', why: 'Content_Length is a valid field name' }).map((o) => (o.verdict === 'fail' ? o : { ...o, verdict: 'warn' as const })),
      { label: 'use Content_Length as Content-Length', verdict: 'fail', responses: [accepted({ body: SMUGGLED })], connection: 'open' },
    ],
    catalogue: [88, 186],
  },
  ...([
    ['cl-no-colon', `Content-Length ${SMUGGLED.length}`, [80]],
    ['cl-nbsp-before-colon', `Content-Length\xa0: ${SMUGGLED.length}`, [63]],
    ['cl-cr-in-name', `Content\r-Length: ${SMUGGLED.length}`, [100]],
  ] as const).map(([name, line, catalogue]): CaseInit => ({
    id: name,
    section: 'RFC 9112 §5.1',
    level: 'SHOULD',
    description: `"${line.replace(/[^\x20-\x7e]/g, '?')}": not a valid field line; refuse, never read it as Content-Length.`,
    request: post([line], SMUGGLED),
    outcomes: hiddenContentLength('warn'),
    catalogue: [186, ...catalogue],
  })),
  {
    id: 'lf-lf-ends-head',
    section: 'RFC 9112 §2.2',
    level: 'MAY',
    description: 'A field line ended by LF LF, then a request: refuse; a bare-LF reader sees two requests (risky).',
    request: `GET / HTTP/1.1\r\n${HOST_LINE}\r\nX-Probe: a\n\n${SMUGGLED}`,
    outcomes: [
      ...refuses(),
      { label: 'end the head at LF LF: two requests (bare LF leniency, risky)', verdict: 'warn', responses: [accepted(), accepted({ target: '/smuggled' })] },
      { label: 'replace the LFs with SP: one request', verdict: 'warn', responses: [accepted()] },
    ],
    catalogue: [109, 110],
  },
  {
    id: 'cr-x-after-crlf',
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: 'CRLF then CR X: a line that starts with a bare CR; invalid, never the end of the head.',
    request: `GET / HTTP/1.1\r\n${HOST_LINE}\r\n\rX-Probe: a\r\n\r\n`,
    outcomes: mustRefuse({}, 'accept a line that starts with a bare CR'),
    catalogue: [107, 108],
  },
  {
    id: 'te-cl-then-pipelined',
    section: S63,
    level: 'MUST',
    description: 'TE and CL together, then a second request in the same write: after such a message the connection MUST close.',
    request: post(['Transfer-Encoding: chunked', 'Content-Length: 17'], HELLO) + request('GET', '/next'),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'decode chunked, answer, and close before the next request (permitted, risky)', verdict: 'warn', responses: [accepted({ body: 'hello' })], connection: 'closed' },
      { label: 'answer the next request too (the connection MUST close)', verdict: 'fail', responses: [accepted(), accepted()] },
    ],
    catalogue: [193],
  },
];

/** The request-smuggling cases. */
export const smugglingCases = defineCases('smuggling', cases);
