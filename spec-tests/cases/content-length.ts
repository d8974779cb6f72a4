/**
 * Content-Length (RFC 9110 §8.6, RFC 9112 §6.2, §6.3): `1*DIGIT`; an invalid value is an unrecoverable framing
 * error — the server MUST answer 400 and close; repeated identical values MAY be merged; the length frames the
 * body whatever the method.
 *
 * @module
 */
import {
  accepted, accepts, defineCases, get, HOST_LINE, message, mustRefuse, post, refuses, request, SMUGGLED,
} from '../build.js';
import type { CaseInit } from '../build.js';

const S63 = 'RFC 9112 §6.3';
const S86 = 'RFC 9110 §8.6';

// Values that are not 1*DIGIT (nor a list of one repeated value): rule 5 of RFC 9112 §6.3, 400 and close.
const INVALID_VALUES: readonly [string, string, string, readonly number[]][] = [
  ['plus', '+5', 'a plus sign', [151]],
  ['minus', '-5', 'a minus sign', [152]],
  ['minus-zero', '-0', 'minus zero', [155]],
  ['hex', '0x5', 'a hex prefix', [157]],
  ['octal-prefix', '0o5', 'an octal prefix', [159]],
  ['decimal', '5.0', 'a decimal point', [163]],
  ['exponent', '5e0', 'an exponent', [164]],
  ['underscore', '0_5', 'an underscore digit separator', [156]],
  ['inner-space', '0 5', 'a SP between digits', [165, 166]],
  ['letters', 'five', 'letters', [162]],
  ['suffix', '5a', 'a letter after the digits', [162]],
  ['empty', '', 'nothing', [168, 169]],
  ['semicolon', '5;', 'a semicolon', []],
  ['quoted', '"5"', 'quotes', []],
  ['fullwidth-digit', '\xef\xbc\x95', 'a UTF-8 fullwidth digit', []],
  ['vt-prefix', '\x0b5', 'a VT before the digits', [128]],
  ['nbsp-prefix', '\xa05', 'an NBSP (0xA0) before the digits', [129]],
];

const BODY_METHODS = ['GET', 'HEAD', 'OPTIONS', 'DELETE'];

const cases: CaseInit[] = [
  {
    id: 'body',
    section: S63,
    level: 'MUST',
    description: 'POST with Content-Length 5 and five body bytes.',
    request: post('hello'),
    outcomes: accepts({ method: 'POST', body: 'hello' }),
    catalogue: [183],
  },
  {
    id: 'zero',
    section: S63,
    level: 'MUST',
    description: 'POST with Content-Length 0 and no body.',
    request: post(''),
    outcomes: accepts({ body: '' }),
    catalogue: [184],
  },
  {
    id: 'zero-then-request',
    section: S63,
    level: 'MUST',
    description: 'Content-Length 0, then a complete request: the second request is a request, not body.',
    request: post('') + SMUGGLED,
    outcomes: [
      ...accepts({ body: '' }, { target: '/smuggled' }),
      { label: 'answer the first and close (no persistence)', responses: [accepted({ body: '' })], connection: 'closed' },
    ],
    catalogue: [179, 180],
  },
  {
    id: 'ows',
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: 'SP and HTAB around the Content-Length value are OWS.',
    request: request('POST', '/', ['Content-Length: \t 5 \t'], 'hello'),
    outcomes: accepts({ body: 'hello' }),
    catalogue: [167],
  },
  {
    id: 'leading-zeros',
    section: S86,
    level: 'MUST',
    description: 'Content-Length 010 is ten (decimal; 1*DIGIT allows leading zeros), then a second request follows.',
    request: request('POST', '/', ['Content-Length: 010'], '0123456789') + get('/next'),
    outcomes: [
      ...accepts({ body: '0123456789' }, { target: '/next' }),
      { label: 'answer the first and close (no persistence)', responses: [accepted({ body: '0123456789' })], connection: 'closed' },
      ...refuses({ close: 'must', why: 'leading zeros are valid' }).map((o) => ({ ...o, verdict: o.verdict === 'fail' ? 'fail' as const : 'warn' as const })),
    ],
    catalogue: [160, 161],
  },
  ...([
    ['duplicate-lines', ['Content-Length: 5', 'Content-Length: 5'], 'two identical Content-Length lines'],
    ['duplicate-list', ['Content-Length: 5, 5'], 'the list "5, 5"'],
    ['duplicate-list-three', ['Content-Length: 5,5,5'], 'the list "5,5,5"'],
    ['trailing-comma', ['Content-Length: 5,'], 'the list "5," (an empty element, ignored in a list)'],
    ['leading-comma', ['Content-Length: ,5'], 'the list ",5" (an empty element, ignored in a list)'],
  ] as const).map(([name, fields, what]): CaseInit => ({
    id: name,
    section: name.endsWith('comma') ? S63 : S86,
    level: 'MAY',
    description: `${what}: RFC 9112 §6.3 processes a list of one repeated valid value as that value; RFC 9110 §8.6 also lets a recipient reject it.`,
    request: request('POST', '/', fields, 'hello'),
    outcomes: [...refuses({ close: 'must' }), ...accepts({ body: 'hello' })],
    catalogue: [149],
  })),
  ...([
    ['different-lines', ['Content-Length: 5', 'Content-Length: 6'], 'two Content-Length lines that differ', [145, 146, 148]],
    ['different-list', ['Content-Length: 5, 6'], 'the list "5, 6"', [150]],
    ['zero-then-five', ['Content-Length: 0', 'Content-Length: 5'], 'Content-Length 0 then 5', [148]],
    ['five-then-zero', ['Content-Length: 5', 'Content-Length: 0'], 'Content-Length 5 then 0', [148]],
    ['empty-then-five', ['Content-Length:', 'Content-Length: 5'], 'an empty Content-Length then 5', [171, 172]],
  ] as const).map(([name, fields, what, catalogue]): CaseInit => ({
    id: name,
    section: S63,
    level: 'MUST',
    description: `${what}: the length is invalid, so the server MUST answer 400 and close.`,
    request: request('POST', '/', fields, 'hello'),
    outcomes: mustRefuse({ close: 'must' }, 'pick one of the lengths'),
    catalogue,
  })),
  ...INVALID_VALUES.map(([name, value, what, catalogue]): CaseInit => ({
    id: `invalid-${name}`,
    section: S63,
    level: 'MUST',
    description: `Content-Length with ${what} ("${value.replace(/[^\x20-\x7e]/g, '?')}") is invalid: 400 and close.`,
    request: request('POST', '/', [`Content-Length: ${value}`], 'hello'),
    outcomes: mustRefuse({ close: 'must' }, 'read a length out of an invalid value'),
    catalogue,
  })),
  {
    id: 'invalid-nul-suffix',
    section: 'RFC 9110 §5.5',
    level: 'MUST',
    description: 'Content-Length "5\\0": reject, or replace the NUL with SP, which leaves a valid 5 (risky).',
    request: request('POST', '/', ['Content-Length: 5\x00'], 'hello'),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'replace the NUL with SP and read 5 (permitted, risky)', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
    ],
    catalogue: [221],
  },
  {
    id: 'obs-fold',
    section: 'RFC 9112 §5.2',
    level: 'MUST',
    description: 'Content-Length folded onto a continuation line: reject, or replace the fold with SP and read 5.',
    request: request('POST', '/', ['Content-Length:', ' 5'], 'hello'),
    outcomes: [
      ...refuses({ close: 'must' }),
      { label: 'replace the fold with SP (permitted, risky)', verdict: 'warn', responses: [accepted({ body: 'hello' })] },
    ],
  },
  ...([
    ['overflow-2-64', '18446744073709551621', '2^64 + 5'],
    ['overflow-huge', '99999999999999999999999999999999999999', 'a 38-digit number'],
  ] as const).map(([name, value, what]): CaseInit => ({
    id: name,
    section: S86,
    level: 'MUST',
    description: `Content-Length ${what}: a recipient MUST guard against overflow; 400, 413, or waiting are fine, reading 5 is not.`,
    request: request('POST', '/', [`Content-Length: ${value}`], 'hello'),
    waitMs: 400,
    outcomes: [
      ...refuses({ status: [400, 413], close: 'must' }),
      { label: 'wait for that many bytes', responses: [], connection: 'open' },
      { label: 'the number wrapped around (read 5 bytes)', verdict: 'fail', responses: [accepted()] },
    ],
    catalogue: [173, 154],
  })),
  {
    id: 'huge-no-body',
    section: 'RFC 9110 §15.5.14',
    level: 'MUST',
    description: 'Content-Length 10^12 and no body: 413 (or 400), or wait; never answer as if the body were there.',
    request: request('POST', '/', ['Content-Length: 1000000000000']),
    waitMs: 400,
    outcomes: [
      ...refuses({ status: [413, 400], close: 'must' }),
      { label: 'wait for the body', responses: [], connection: 'open' },
      { label: 'answer without the body', verdict: 'fail', responses: [accepted()] },
    ],
    catalogue: [174],
  },
  {
    id: 'undersend-then-rest',
    section: S63,
    level: 'MUST',
    description: 'Content-Length 10 with five bytes, a pause, then five more and a second request: both answered.',
    request: request('POST', '/', ['Content-Length: 10'], 'hello') + 'world' + get('/next'),
    delivery: { mode: 'await', at: [request('POST', '/', ['Content-Length: 10'], 'hello').length], waitMs: 300 },
    outcomes: [
      ...accepts({ body: 'helloworld' }, { target: '/next' }),
      { label: 'answer early and close', responses: [accepted()], connection: 'closed' },
    ],
    catalogue: [175],
  },
  {
    id: 'undersend-then-close',
    section: 'RFC 9112 §8',
    level: 'MUST',
    description: 'Content-Length 10 with five bytes, then the client closes: the message is incomplete; never answered as complete.',
    request: request('POST', '/', ['Content-Length: 10'], 'hello'),
    halfClose: true,
    outcomes: [
      { label: 'answer 400 and close', responses: [{ status: [400, 408] }], connection: 'closed' },
      { label: 'close without a response', responses: [], connection: 'closed' },
      { label: 'answer an incomplete message as complete', verdict: 'fail', responses: [accepted({ body: 'hello' })] },
    ],
    catalogue: [175],
  },
  {
    id: 'post-no-length',
    section: S63,
    level: 'MUST',
    description: 'POST with neither Content-Length nor Transfer-Encoding: the body is empty (or 411 Length Required).',
    request: request('POST', '/'),
    outcomes: [...accepts({ body: '' }), { label: 'length required (411)', responses: [{ status: [411] }] }],
    catalogue: [182],
  },
  {
    id: 'post-no-length-then-bytes',
    section: S63,
    level: 'MUST',
    description: 'POST without a length, then "hello": the body is empty, so "hello" is the next (invalid) request.',
    request: request('POST', '/') + 'hello\r\n\r\n',
    outcomes: [
      { label: 'empty body, then 400 for "hello"', responses: [{ status: ['accept', 411] }, { status: [400] }] },
      { label: 'empty body, then close on "hello"', responses: [{ status: ['accept', 411] }], connection: 'closed' },
      { label: 'read the request body until the connection closes', verdict: 'fail', responses: [], connection: 'open' },
      { label: 'take "hello" as the body', verdict: 'fail', responses: [accepted({ body: 'hello\r\n\r\n' })] },
    ],
  },
  ...BODY_METHODS.map((method): CaseInit => ({
    id: `${method.toLowerCase()}-with-body`,
    section: S63,
    level: 'MUST',
    description: `${method} with a Content-Length body that looks like a request: the length frames it whatever the method.`,
    request: request(method, '/', [`Content-Length: ${SMUGGLED.length}`], SMUGGLED),
    outcomes: [
      { label: 'read the body, answer once', responses: [accepted()] },
      ...refuses({ status: [400, 413], close: 'must', why: `a body on ${method}` }),
      { label: 'ignore Content-Length: the body becomes a second request (CL.0)', verdict: 'fail', responses: [accepted(), accepted({ target: '/smuggled' })] },
    ],
    catalogue: [176, 181, 188, 299],
  })),
  {
    id: 'trace-with-body',
    section: 'RFC 9110 §9.3.8',
    level: 'MUST',
    description: 'TRACE must not have content, but a body sent anyway is still framed by Content-Length.',
    request: request('TRACE', '/', [`Content-Length: ${SMUGGLED.length}`], SMUGGLED),
    outcomes: [
      { label: 'any answer, once', responses: [{ status: ['any'] }] },
      { label: 'ignore Content-Length: the body becomes a second request', verdict: 'fail', responses: [{ status: ['any'] }, accepted({ target: '/smuggled' })] },
    ],
    catalogue: [177],
  },
  {
    id: 'body-then-pipelined',
    section: S63,
    level: 'MUST',
    description: 'A POST body followed at once by another request: the second starts right after the fifth byte.',
    request: post('hello') + get('/second'),
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/second' }),
      { label: 'answer the first and close (no persistence)', responses: [accepted({ body: 'hello' })], connection: 'closed' },
    ],
  },
  {
    id: 'host-after-body-line',
    section: S63,
    level: 'MUST',
    description: 'The body holds a line that looks like a field; it is body, not head.',
    request: message('POST / HTTP/1.1', [HOST_LINE, 'Content-Length: 14'], 'Content-Length'),
    outcomes: accepts({ body: 'Content-Length' }),
  },
];

/** The Content-Length cases. */
export const contentLengthCases = defineCases('content-length', cases);
