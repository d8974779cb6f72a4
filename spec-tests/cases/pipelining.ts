/**
 * Pipelining (RFC 9112 §9.3.2): a client may send several requests without waiting; the server MUST answer them
 * in the order received. After a request it cannot parse, it cannot know where the next one starts, so it
 * answers 400 and closes (RFC 9112 §2.2).
 *
 * @module
 */
import { accepted, accepts, chunked, chunkedPost, defineCases, get, HOST_LINE, message, post, refuses, request } from '../build.js';
import type { CaseInit } from '../build.js';
import type { Interpretation, Outcome } from '../schema.js';

const S932 = 'RFC 9112 §9.3.2';

// Every request answered in order; a server without persistence may answer the first and close.
function inOrder(...echoes: Interpretation[]): Outcome[] {
  return [
    ...accepts(...echoes),
    { label: 'no persistence: answer the first and close', responses: [accepted(echoes[0])], connection: 'closed' },
  ];
}

const TEN = Array.from({ length: 10 }, (_, i) => `/r${i}`);

const cases: CaseInit[] = [
  {
    id: 'two-gets',
    section: S932,
    level: 'MUST',
    description: 'Two GETs in one write: answered in the order sent.',
    request: get('/a') + get('/b'),
    outcomes: inOrder({ target: '/a' }, { target: '/b' }),
    checks: [{ check: 'close-announced', level: 'MUST', section: 'RFC 9112 §9.3' }],
    catalogue: [298],
  },
  {
    id: 'ten-gets',
    section: S932,
    level: 'MUST',
    description: 'Ten GETs in one write: ten responses, in order.',
    request: TEN.map((t) => get(t)).join(''),
    outcomes: inOrder(...TEN.map((target) => ({ target }))),
    catalogue: [298],
  },
  {
    id: 'hundred-gets',
    section: S932,
    level: 'MUST',
    description: 'A hundred GETs in one write: a hundred responses, in order.',
    request: Array.from({ length: 100 }, (_, i) => get(`/r${i}`)).join(''),
    outcomes: inOrder(...Array.from({ length: 100 }, (_, i) => ({ target: `/r${i}` }))),
  },
  {
    id: 'mixed-bodies',
    section: S932,
    level: 'MUST',
    description: 'GET, POST with Content-Length, chunked POST, GET in one write.',
    request: get('/a') + post('body') + chunkedPost(chunked('chunky')) + get('/d'),
    outcomes: inOrder({ target: '/a' }, { body: 'body' }, { body: 'chunky' }, { target: '/d' }),
  },
  {
    id: 'crlf-between',
    section: 'RFC 9112 §2.2',
    level: 'SHOULD',
    description: 'An extra CRLF between two pipelined requests: a server SHOULD ignore it.',
    request: `${get('/a')}\r\n${get('/b')}`,
    outcomes: [
      ...inOrder({ target: '/a' }, { target: '/b' }),
      { label: 'refuse the empty line', verdict: 'warn', responses: [accepted(), { status: [400] }] },
    ],
    catalogue: [50],
  },
  {
    id: 'invalid-second',
    section: 'RFC 9112 §2.2',
    level: 'SHOULD',
    description: 'A valid GET, then an unparseable line: answer the GET, then 400 and close.',
    request: `${get('/a')}NOT A REQUEST\r\n\r\n`,
    outcomes: [
      ...refuses({ before: [accepted({ target: '/a' })] }),
      { label: 'close after the first response (no persistence)', responses: [accepted()], connection: 'closed' },
      { label: 'accept the invalid second request', verdict: 'warn', responses: [accepted(), accepted()] },
    ],
    catalogue: [297],
  },
  {
    id: 'invalid-first',
    section: 'RFC 9112 §2.2',
    level: 'SHOULD',
    description: 'An unparseable line, then a valid GET: 400 and close; the GET is not answered.',
    request: `NOT A REQUEST\r\n\r\n${get('/b')}`,
    outcomes: [
      ...refuses(),
      { label: 'answer the request after an unparseable one', verdict: 'warn', responses: [{ status: [400] }, accepted()] },
    ],
    catalogue: [297],
  },
  {
    id: 'missing-host-second',
    section: 'RFC 9112 §3.2',
    level: 'MUST',
    description: 'A valid GET, then a GET without Host: the second is answered 400.',
    request: get('/a') + message('GET /b HTTP/1.1', []),
    outcomes: [
      ...refuses({ before: [accepted({ target: '/a' })], close: 'may' }),
      { label: 'close after the first response (no persistence)', responses: [accepted()], connection: 'closed' },
      { label: 'accept the second request without Host', verdict: 'fail', responses: [accepted(), accepted()] },
    ],
  },
  {
    id: 'head-then-get',
    section: S932,
    level: 'MUST',
    description: 'HEAD then GET in one write: the HEAD response has no body, so the GET response is read cleanly.',
    request: request('HEAD', '/a') + get('/b'),
    outcomes: inOrder({}, { target: '/b' }),
  },
  {
    id: 'post-expect-then-get',
    section: S932,
    level: 'MUST',
    description: 'A POST with Expect: 100-continue sent with its body, then a GET: two final responses in order.',
    request: request('POST', '/a', ['Content-Length: 5', 'Expect: 100-continue'], 'hello') + get('/b'),
    outcomes: inOrder({ body: 'hello' }, { target: '/b' }),
  },
  {
    id: 'http10-in-pipeline',
    section: 'RFC 9112 §9.3',
    level: 'MUST',
    description: 'An HTTP/1.1 GET, then an HTTP/1.0 GET, then another: the HTTP/1.0 one ends the connection.',
    request: get('/a') + message('GET /b HTTP/1.0', [HOST_LINE]) + get('/c'),
    outcomes: [
      { label: 'answer two and close', responses: [accepted({ target: '/a' }), accepted({ target: '/b' })], connection: 'closed' },
      { label: 'no persistence: answer the first and close', responses: [accepted()], connection: 'closed' },
      { label: 'answer the request after the HTTP/1.0 one', verdict: 'fail', responses: [accepted(), accepted(), accepted()] },
    ],
  },
];

/** The pipelining cases. */
export const pipeliningCases = defineCases('pipelining', cases);
