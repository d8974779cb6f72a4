/**
 * How the server frames its responses (RFC 9112 §4, §6; RFC 9110 §6.6.1, §15). Every response of every case is
 * read by h1ref's strict response parser, so a malformed status-line or field, a wrong Content-Length, a body on
 * a HEAD response and bytes left after the last response are findings in any case. The cases here add the
 * requirements that depend on the request: no chunked coding and no 1xx to an HTTP/1.0 client, a Date field,
 * the close announced.
 *
 * @module
 */
import { accepted, accepts, defineCases, get, HOST_LINE, message, request } from '../build.js';
import type { CaseInit } from '../build.js';
import type { Check } from '../schema.js';

const DATE: Check = { check: 'date', level: 'MUST', section: 'RFC 9110 §6.6.1' };
const NO_TE_HTTP10: Check = { check: 'no-transfer-encoding', level: 'MUST', section: 'RFC 9112 §6.1' };

const cases: CaseInit[] = [
  {
    id: 'date',
    section: 'RFC 9110 §6.6.1',
    level: 'MUST',
    description: 'A 2xx response from an origin server with a clock carries one Date in IMF-fixdate.',
    request: get('/'),
    outcomes: accepts(),
    checks: [DATE],
    catalogue: [332],
  },
  {
    id: 'date-on-400',
    section: 'RFC 9110 §6.6.1',
    level: 'MUST',
    description: 'A 4xx response carries a Date too (missing Host is answered 400).',
    request: message('GET / HTTP/1.1', []),
    outcomes: [
      { label: 'refuse', responses: [{ status: [400] }] },
      { label: 'close without a response', verdict: 'warn', responses: [], connection: 'closed' },
    ],
    checks: [DATE],
  },
  {
    id: 'http10-no-chunked',
    section: 'RFC 9112 §6.1',
    level: 'MUST',
    description: 'A response to an HTTP/1.0 request carries no Transfer-Encoding (the client cannot decode chunked).',
    request: message('GET / HTTP/1.0', [HOST_LINE]),
    outcomes: accepts(),
    checks: [NO_TE_HTTP10],
  },
  {
    id: 'http10-post-no-chunked',
    section: 'RFC 9112 §6.1',
    level: 'MUST',
    description: 'A response to an HTTP/1.0 POST carries no Transfer-Encoding.',
    request: message('POST / HTTP/1.0', [HOST_LINE, 'Content-Length: 5'], 'hello'),
    outcomes: accepts({ body: 'hello' }),
    checks: [NO_TE_HTTP10],
  },
  {
    id: 'http10-keep-alive-no-chunked',
    section: 'RFC 9112 §6.1',
    level: 'MUST',
    description: 'A response to an HTTP/1.0 keep-alive request carries no Transfer-Encoding, and says keep-alive if it persists.',
    request: message('GET / HTTP/1.0', [HOST_LINE, 'Connection: keep-alive']),
    outcomes: accepts(),
    checks: [NO_TE_HTTP10, { check: 'keep-alive-announced', level: 'SHOULD', section: 'RFC 9112 §C.2.2' }],
  },
  {
    id: 'conditional-then-get',
    section: 'RFC 9110 §15.4.5',
    level: 'MUST',
    description: 'GET with If-None-Match: * then GET: a 304 has no content, whatever its fields say.',
    request: get('/', ['If-None-Match: *']) + get('/after'),
    outcomes: [
      { label: 'answer both', responses: [{ status: ['any'] }, accepted({ target: '/after' })] },
      { label: 'answer the first and close', responses: [{ status: ['any'] }], connection: 'closed' },
    ],
    catalogue: [331],
  },
  {
    id: 'range-then-get',
    section: 'RFC 9110 §14.2',
    level: 'MUST',
    description: 'GET with Range: bytes=0-0 then GET: a 206 (or 200) framed so the next response follows cleanly.',
    request: get('/', ['Range: bytes=0-0']) + get('/after'),
    outcomes: [
      { label: 'answer both', responses: [{ status: ['any'] }, accepted({ target: '/after' })] },
      { label: 'answer the first and close', responses: [{ status: ['any'] }], connection: 'closed' },
    ],
    catalogue: [327],
  },
  {
    id: 'invalid-range-ignored',
    section: 'RFC 9110 §14.2',
    level: 'MUST',
    description: 'An unparseable Range (bytes=z-y) is ignored: a normal response.',
    request: get('/', ['Range: bytes=z-y']),
    outcomes: [{ label: 'answer (the Range is ignored; 416 is tolerated)', responses: [{ status: ['accept'] }] }],
    catalogue: [325],
  },
  {
    id: 'range-on-post',
    section: 'RFC 9110 §14.2',
    level: 'MUST',
    description: 'Range on a POST is ignored (Range applies to GET only).',
    request: request('POST', '/', ['Content-Length: 5', 'Range: bytes=0-0'], 'hello'),
    outcomes: accepts({ body: 'hello' }),
    catalogue: [324],
  },
  {
    id: 'odd-accept',
    section: 'RFC 9110 §12.5.1',
    level: 'MUST',
    description: 'An Accept value no representation matches: a normal response or 406, well framed.',
    request: get('/', ['Accept: application/x-h1ref-nothing']),
    outcomes: accepts(),
    catalogue: [328],
  },
  {
    id: 'error-close-announced',
    section: 'RFC 9112 §9.6',
    level: 'SHOULD',
    description: 'An unparseable request: the 400 that precedes the close says Connection: close.',
    request: 'GARBAGE\r\n\r\n',
    outcomes: [
      { label: 'refuse', responses: [{ status: [400] }] },
      { label: 'close without a response', verdict: 'warn', responses: [], connection: 'closed' },
    ],
    checks: [{ check: 'close-announced', level: 'SHOULD', section: 'RFC 9112 §9.6' }, DATE],
  },
];

/** The response-framing cases. */
export const responseFramingCases = defineCases('response-framing', cases);
