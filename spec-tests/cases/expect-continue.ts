/**
 * Expect: 100-continue (RFC 9110 §10.1.1, §15.2): on an HTTP/1.1 request whose content will follow, an origin
 * server MUST either answer a final status at once or send 100 (Continue) — it MUST NOT wait for the content
 * first; an HTTP/1.0 expectation MUST be ignored and no 1xx sent to an HTTP/1.0 client; an unknown expectation
 * MAY get 417. Whatever it answers, the content that follows is still the body (reading it as a new request is
 * the "Expect desync" of the catalogue).
 *
 * @module
 */
import { accepted, accepts, chunked, defineCases, get, HOST_LINE, message, request } from '../build.js';
import type { CaseInit } from '../build.js';
import type { Check, Outcome } from '../schema.js';

const S1011 = 'RFC 9110 §10.1.1';

const NO_WAIT: Check = { check: 'early-response', level: 'MUST', section: S1011 };
const NO_1XX: Check = { check: 'no-1xx', level: 'MUST', section: 'RFC 9110 §15.2' };

function head(fields: readonly string[], version = 'HTTP/1.1'): string {
  return message(`POST / ${version}`, [HOST_LINE, ...fields]);
}

// The head, a wait for the server's first byte, then the body (and whatever follows).
function awaiting(fields: readonly string[], rest: string, version = 'HTTP/1.1'): Pick<CaseInit, 'request' | 'delivery'> {
  const h = head(fields, version);
  return { request: h + rest, delivery: { mode: 'await', at: [h.length], waitMs: 1000 } };
}

// Answered with the body read, or a final status chosen from the head; never the body read as a request.
function continueOutcomes(body: string): Outcome[] {
  return [
    { label: 'read the body and answer (after 100 Continue)', responses: [accepted({ body })] },
    { label: 'answer a final status from the head alone, and close', responses: [{ status: ['any'] }], connection: 'closed' },
    { label: 'answer a final status from the head alone, and read past the body', responses: [{ status: ['any'] }], connection: 'open' },
    { label: 'read the body as a new request (Expect desync)', verdict: 'fail', responses: [{ status: ['any'] }, { status: ['any'] }] },
  ];
}

const cases: CaseInit[] = [
  {
    id: 'continue-before-body',
    section: S1011,
    level: 'MUST',
    description: 'Expect: 100-continue and a 5-byte body held back: the server answers (100 or final) without waiting for it.',
    ...awaiting(['Content-Length: 5', 'Expect: 100-continue'], 'hello'),
    outcomes: continueOutcomes('hello'),
    checks: [NO_WAIT],
    catalogue: [307],
  },
  {
    id: 'continue-case-insensitive',
    section: S1011,
    level: 'MUST',
    description: 'Expect: 100-Continue (the token is case-insensitive): the same as 100-continue.',
    ...awaiting(['Content-Length: 5', 'Expect: 100-Continue'], 'hello'),
    outcomes: continueOutcomes('hello'),
    checks: [NO_WAIT],
  },
  {
    id: 'continue-chunked',
    section: S1011,
    level: 'MUST',
    description: 'Expect: 100-continue with a chunked body held back: the server does not wait for it.',
    ...awaiting(['Transfer-Encoding: chunked', 'Expect: 100-continue'], chunked('hello')),
    outcomes: continueOutcomes('hello'),
    checks: [NO_WAIT],
  },
  {
    id: 'continue-body-sent-at-once',
    section: S1011,
    level: 'MAY',
    description: 'Expect: 100-continue with the body in the same write: the server MAY skip the 100; one final response.',
    request: request('POST', '/', ['Content-Length: 5', 'Expect: 100-continue'], 'hello'),
    outcomes: accepts({ body: 'hello' }),
    catalogue: [308],
  },
  {
    id: 'continue-then-request',
    section: S1011,
    level: 'MUST',
    description: 'Expect: 100-continue, the body and a second request in one write: two final responses.',
    request: request('POST', '/', ['Content-Length: 5', 'Expect: 100-continue'], 'hello') + get('/next'),
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/next' }),
      { label: 'answer the first and close', responses: [accepted({ body: 'hello' })], connection: 'closed' },
      { label: 'the body is read as a request', verdict: 'fail', responses: [accepted(), { status: ['any'] }, { status: ['any'] }] },
    ],
    catalogue: [306, 308],
  },
  {
    id: 'continue-no-body',
    section: S1011,
    level: 'MAY',
    description: 'Expect: 100-continue on a GET without content: the server MAY omit the 100.',
    request: get('/', ['Expect: 100-continue']),
    outcomes: accepts(),
  },
  {
    id: 'http10-ignored',
    section: S1011,
    level: 'MUST',
    description: 'Expect: 100-continue in an HTTP/1.0 request: ignored; no 1xx to an HTTP/1.0 client.',
    ...awaiting(['Content-Length: 5', 'Expect: 100-continue'], 'hello', 'HTTP/1.0'),
    outcomes: [
      { label: 'read the body and answer', responses: [accepted({ body: 'hello' })] },
      { label: 'answer from the head alone', responses: [{ status: ['any'] }], connection: 'closed' },
    ],
    checks: [NO_1XX],
    catalogue: [312],
  },
  {
    id: 'unknown-expectation',
    section: S1011,
    level: 'MAY',
    description: 'Expect: x-frob (unknown): the server MAY answer 417, or ignore it.',
    request: get('/', ['Expect: x-frob']),
    outcomes: [...accepts(), { label: 'expectation failed (417)', responses: [{ status: [417] }] }],
    catalogue: [311],
  },
  {
    id: 'unknown-expectation-with-body',
    section: S1011,
    level: 'MUST',
    description: 'Expect: x-frob with a body and a second request: 417 or processing; the body is never a request.',
    request: request('POST', '/', ['Content-Length: 5', 'Expect: x-frob'], 'hello') + get('/next'),
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/next' }),
      { label: '417, then close', responses: [{ status: [417] }], connection: 'closed' },
      { label: '417, read past the body, answer the next request', responses: [{ status: [417] }, accepted({ target: '/next' })] },
      { label: 'answer the first and close', responses: [accepted()], connection: 'closed' },
      { label: 'read the body as a request', verdict: 'fail', responses: [{ status: ['any'] }, { status: ['any'] }, { status: ['any'] }] },
    ],
    catalogue: [309, 311],
  },
  {
    id: 'obfuscated-expectation',
    section: S1011,
    level: 'MUST',
    description: 'Expect: " 100-continue x" (not 100-continue): an unknown expectation; the body is still the body.',
    request: request('POST', '/', ['Content-Length: 5', 'Expect: 100-continue x'], 'hello') + get('/next'),
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/next' }),
      { label: '417, then close', responses: [{ status: [417] }], connection: 'closed' },
      { label: '417, read past the body, answer the next request', responses: [{ status: [417] }, accepted({ target: '/next' })] },
      { label: 'answer the first and close', responses: [accepted()], connection: 'closed' },
      { label: 'read the body as a request', verdict: 'fail', responses: [{ status: ['any'] }, { status: ['any'] }, { status: ['any'] }] },
    ],
    catalogue: [309],
  },
];

/** The Expect: 100-continue cases. */
export const expectContinueCases = defineCases('expect-continue', cases);
