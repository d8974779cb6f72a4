/**
 * Persistent connections (RFC 9112 §9.3, §9.6; RFC 9110 §7.6.1, §7.8): HTTP/1.1 persists unless `close` is
 * sent; `close` from the client means the server MUST close after its response and process nothing more;
 * HTTP/1.0 persists only with `keep-alive`; a server that does not persist says `close`.
 *
 * @module
 */
import { accepted, accepts, defineCases, get, HOST_LINE, message, request } from '../build.js';
import type { CaseInit } from '../build.js';
import type { Check, Outcome } from '../schema.js';

const S93 = 'RFC 9112 §9.3';
const S96 = 'RFC 9112 §9.6';

const CLOSE_ANNOUNCED: Check = { check: 'close-announced', level: 'SHOULD', section: S96 };

// The server must answer the first request, close, and not answer the second.
function closesAfterFirst(): Outcome[] {
  return [
    { label: 'answer, then close without processing the next request', responses: [accepted({ target: '/first' })], connection: 'closed' },
    { label: 'answer the request sent after "close"', verdict: 'fail', responses: [accepted(), accepted()] },
    { label: 'answer but leave the connection open', verdict: 'fail', responses: [accepted()], connection: 'open' },
  ];
}

function get10(target: string, fields: readonly string[] = []): string {
  return message(`GET ${target} HTTP/1.0`, [HOST_LINE, ...fields]);
}

const cases: CaseInit[] = [
  {
    id: 'http11-persists',
    section: S93,
    level: 'MUST',
    description: 'Two HTTP/1.1 requests, the second sent after the first response: both answered, or the first says close.',
    request: get('/first') + get('/second'),
    delivery: { mode: 'await', at: [get('/first').length], waitMs: 1000 },
    outcomes: [
      ...accepts({ target: '/first' }, { target: '/second' }),
      { label: 'no persistence: answer once and close', responses: [accepted({ target: '/first' })], connection: 'closed' },
    ],
    checks: [{ check: 'close-announced', level: 'MUST', section: S93 }],
  },
  ...([
    ['close', 'Connection: close'],
    ['close-upper-case', 'Connection: CLOSE'],
    ['close-in-list', 'Connection: keep-alive, close'],
    ['close-after-token', 'Connection: x-frob, close'],
    ['close-second-line', 'Connection: x-frob\r\nConnection: close'],
    ['close-ows', 'Connection:   close  '],
  ] as const).map(([name, line]): CaseInit => ({
    id: `connection-${name}`,
    section: S96,
    level: 'MUST',
    description: `"${line.replace('\r\n', ' + ')}" then a second request: the server MUST close after its response and answer nothing more.`,
    request: get('/first', line.split('\r\n')) + get('/second'),
    outcomes: closesAfterFirst(),
    checks: [CLOSE_ANNOUNCED],
    catalogue: [295],
  })),
  {
    id: 'http10-closes',
    section: S93,
    level: 'MUST',
    description: 'Two pipelined HTTP/1.0 requests without keep-alive: the connection closes after the first response.',
    request: get10('/first') + get10('/second'),
    outcomes: closesAfterFirst(),
    catalogue: [296],
  },
  {
    id: 'http10-keep-alive',
    section: S93,
    level: 'MAY',
    description: 'HTTP/1.0 with Connection: keep-alive: the server may keep the connection (and then says keep-alive) or close.',
    request: get10('/first', ['Connection: keep-alive']) + get10('/second', ['Connection: keep-alive']),
    delivery: { mode: 'await', at: [get10('/first', ['Connection: keep-alive']).length], waitMs: 1000 },
    outcomes: [
      ...accepts({ target: '/first' }, { target: '/second' }),
      { label: 'answer once and close', responses: [accepted({ target: '/first' })], connection: 'closed' },
    ],
    checks: [{ check: 'keep-alive-announced', level: 'SHOULD', section: 'RFC 9112 §C.2.2' }],
  },
  {
    id: 'http10-keep-alive-then-plain',
    section: S93,
    level: 'MUST',
    description: 'HTTP/1.0 keep-alive, then a plain HTTP/1.0 request, then a third: the plain one ends the connection.',
    request: get10('/first', ['Connection: keep-alive']) + get10('/second') + get10('/third'),
    delivery: { mode: 'await', at: [get10('/first', ['Connection: keep-alive']).length], waitMs: 1000 },
    outcomes: [
      { label: 'answer the first two and close', responses: [accepted({ target: '/first' }), accepted({ target: '/second' })], connection: 'closed' },
      { label: 'answer once and close (no persistence)', responses: [accepted({ target: '/first' })], connection: 'closed' },
      { label: 'answer the request sent after the connection ended', verdict: 'fail', responses: [accepted(), accepted(), accepted()] },
    ],
  },
  {
    id: 'idle',
    section: 'RFC 9112 §9.5',
    level: 'MAY',
    description: 'A connection on which nothing is sent: the server waits, or closes it (a 408 is allowed).',
    request: '',
    waitMs: 400,
    outcomes: [
      { label: 'wait', responses: [], connection: 'open' },
      { label: 'close', responses: [], connection: 'closed' },
      { label: 'send 408 and close', responses: [{ status: [408] }], connection: 'closed' },
    ],
  },
  {
    id: 'half-close-after-request',
    section: S96,
    level: 'SHOULD',
    description: 'A complete request, then the client shuts down its sending side: the server still answers.',
    request: get('/'),
    halfClose: true,
    outcomes: [
      { label: 'answer, then close', responses: [accepted()], connection: 'closed' },
      { label: 'answer and keep the half-open connection', responses: [accepted()], connection: 'open' },
    ],
  },
  {
    id: 'upgrade-ignored',
    section: 'RFC 9110 §7.8',
    level: 'MUST',
    description: 'Upgrade to an unknown protocol, then a second request: a server that ignores Upgrade answers both.',
    request: get('/first', ['Connection: upgrade', 'Upgrade: x-frob/1']) + get('/second'),
    outcomes: [
      ...accepts({ target: '/first' }, { target: '/second' }),
      { label: 'answer once and close', responses: [accepted({ target: '/first' })], connection: 'closed' },
    ],
    checks: [{ check: 'no-101', level: 'MUST', section: 'RFC 9110 §7.8' }],
    catalogue: [315],
  },
  {
    id: 'upgrade-http10-ignored',
    section: 'RFC 9110 §7.8',
    level: 'MUST',
    description: 'Upgrade in an HTTP/1.0 request: the server MUST ignore it (no 101).',
    request: message('GET / HTTP/1.0', [HOST_LINE, 'Connection: upgrade', 'Upgrade: websocket']),
    outcomes: accepts(),
    checks: [{ check: 'no-101', level: 'MUST', section: 'RFC 9110 §7.8' }],
    catalogue: [317],
  },
  {
    id: 'upgrade-without-connection',
    section: 'RFC 9110 §7.8',
    level: 'SHOULD',
    description: 'Upgrade without "upgrade" in Connection (which a sender of Upgrade MUST send): answered as a plain GET.',
    request: get('/', ['Upgrade: websocket']),
    outcomes: accepts(),
    checks: [{ check: 'no-101', level: 'SHOULD', section: 'RFC 9110 §7.8' }],
    catalogue: [314],
  },
  {
    id: 'keep-alive-after-post',
    section: S93,
    level: 'MUST',
    description: 'A POST with a body, its response, then a GET on the same connection.',
    request: request('POST', '/first', ['Content-Length: 5'], 'hello') + get('/second'),
    delivery: { mode: 'await', at: [request('POST', '/first', ['Content-Length: 5'], 'hello').length], waitMs: 1000 },
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/second' }),
      { label: 'no persistence: answer once and close', responses: [accepted()], connection: 'closed' },
    ],
    checks: [{ check: 'close-announced', level: 'MUST', section: S93 }],
  },
  {
    id: 'close-announced-after-error',
    section: S96,
    level: 'SHOULD',
    description: 'An invalid request: when the server closes after its 400, the response says Connection: close.',
    request: message('GET / HTTP/1.1', []),
    outcomes: [
      { label: 'refuse', responses: [{ status: [400] }] },
      { label: 'close without a response', verdict: 'warn', responses: [], connection: 'closed' },
    ],
    checks: [CLOSE_ANNOUNCED],
  },
];

/** The persistence cases. */
export const persistenceCases = defineCases('persistence', cases);
