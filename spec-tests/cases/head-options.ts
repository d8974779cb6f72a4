/**
 * HEAD and OPTIONS (RFC 9110 §9.3.2, §9.3.7; RFC 9112 §3.2.4, §6.3): a response to HEAD never has content, so
 * any bytes after its head would be read as the next response; OPTIONS applies to a resource or, with `*`, to
 * the server.
 *
 * @module
 */
import { accepted, accepts, defineCases, get, HOST_LINE, message, refuses, request, SMUGGLED } from '../build.js';
import type { CaseInit } from '../build.js';

const S932 = 'RFC 9110 §9.3.2';
const S937 = 'RFC 9110 §9.3.7';

const cases: CaseInit[] = [
  {
    id: 'head',
    section: S932,
    level: 'MUST',
    description: 'HEAD /: a response with no content (any bytes after its head are a framing error).',
    request: request('HEAD', '/'),
    outcomes: accepts(),
    catalogue: [330],
  },
  {
    id: 'head-then-get',
    section: S932,
    level: 'MUST',
    description: 'HEAD then GET pipelined: the HEAD response carries no body, so the GET response follows it directly.',
    request: request('HEAD', '/') + get('/after-head'),
    outcomes: [
      ...accepts({}, { target: '/after-head' }),
      { label: 'answer the HEAD and close', responses: [accepted()], connection: 'closed' },
    ],
    catalogue: [330],
  },
  {
    id: 'head-http10',
    section: S932,
    level: 'MUST',
    description: 'HEAD over HTTP/1.0: no content.',
    request: message('HEAD / HTTP/1.0', [HOST_LINE]),
    outcomes: accepts(),
  },
  {
    id: 'head-not-found-then-get',
    section: S932,
    level: 'MUST',
    description: 'HEAD of a path that probably does not exist, then GET: an error response to HEAD has no content either.',
    request: request('HEAD', '/h1ref-probe-no-such-resource') + get('/after-head'),
    outcomes: [
      { label: 'answer both', responses: [{ status: ['any'] }, { status: ['any'] }] },
      { label: 'answer the HEAD and close', responses: [{ status: ['any'] }], connection: 'closed' },
    ],
  },
  {
    id: 'head-missing-host',
    section: S932,
    level: 'MUST',
    description: 'HEAD without Host: the 400 is a response to HEAD, so it has no content.',
    request: message('HEAD / HTTP/1.1', []),
    outcomes: refuses({ close: 'may' }),
  },
  {
    id: 'head-with-body',
    section: 'RFC 9112 §6.3',
    level: 'MUST',
    description: 'HEAD with a Content-Length body holding a request: the body is read as body.',
    request: request('HEAD', '/', [`Content-Length: ${SMUGGLED.length}`], SMUGGLED),
    outcomes: [
      ...accepts(),
      ...refuses({ status: [400, 413], close: 'must', why: 'a body on HEAD' }),
      { label: 'ignore Content-Length on HEAD: the body becomes a second request', verdict: 'fail', responses: [accepted(), accepted()] },
    ],
    catalogue: [323],
  },
  {
    id: 'head-connection-close',
    section: 'RFC 9112 §9.6',
    level: 'MUST',
    description: 'HEAD with Connection: close: no content, then the connection closes.',
    request: request('HEAD', '/', ['Connection: close']),
    outcomes: [{ label: 'answer and close', responses: [accepted()], connection: 'closed' }],
  },
  {
    id: 'options-asterisk',
    section: 'RFC 9112 §3.2.4',
    level: 'MUST',
    description: 'OPTIONS *: a server-wide OPTIONS request, valid syntax the server must parse.',
    request: request('OPTIONS', '*'),
    outcomes: [
      ...accepts({ method: 'OPTIONS', target: '*' }),
      { label: 'not implemented (501)', responses: [{ status: [501] }] },
    ],
    catalogue: [20],
  },
  {
    id: 'options-asterisk-then-get',
    section: 'RFC 9112 §3.2.4',
    level: 'MUST',
    description: 'OPTIONS * then a GET in one write: two responses.',
    request: request('OPTIONS', '*') + get('/after-options'),
    outcomes: [
      { label: 'answer both', responses: [{ status: ['accept', 501] }, accepted({ target: '/after-options' })] },
      { label: 'answer OPTIONS and close', responses: [{ status: ['accept', 501] }], connection: 'closed' },
    ],
  },
  {
    id: 'options-root',
    section: S937,
    level: 'MUST',
    description: 'OPTIONS /: an OPTIONS request for a resource.',
    request: request('OPTIONS', '/'),
    outcomes: [...accepts({ method: 'OPTIONS', target: '/' }), { label: 'not implemented (501)', responses: [{ status: [501] }] }],
  },
  {
    id: 'options-absolute-asterisk',
    section: 'RFC 9112 §3.2.4',
    level: 'MUST',
    description: 'OPTIONS http://localhost (absolute-form with an empty path): valid, the absolute form of OPTIONS *.',
    request: request('OPTIONS', 'http://localhost'),
    outcomes: [...accepts(), { label: 'not implemented (501)', responses: [{ status: [501] }] }],
  },
  {
    id: 'options-with-body',
    section: 'RFC 9112 §6.3',
    level: 'MUST',
    description: 'OPTIONS with a Content-Length body holding a request: the body is read as body.',
    request: request('OPTIONS', '/', [`Content-Length: ${SMUGGLED.length}`], SMUGGLED),
    outcomes: [
      { label: 'answer once', responses: [{ status: ['accept', 501] }] },
      ...refuses({ status: [400, 413], close: 'must', why: 'a body on OPTIONS' }),
      { label: 'ignore Content-Length on OPTIONS: the body becomes a second request', verdict: 'fail', responses: [{ status: ['any'] }, accepted()] },
    ],
    catalogue: [176],
  },
];

/** The HEAD and OPTIONS cases. */
export const headOptionsCases = defineCases('head-options', cases);
