/**
 * The request-line (RFC 9112 §3): `method SP request-target SP HTTP-version`, the method a token (RFC 9110 §9.1),
 * exactly one SP between the parts, and the robustness rules around it (RFC 9112 §2.2).
 *
 * @module
 */
import {
  accepted, accepts, defineCases, get, HOST_LINE, invalid, invalidRequestLine, message, refuses, request,
  requestLineWhitespace,
} from '../build.js';
import type { CaseInit } from '../build.js';

const S3 = 'RFC 9112 §3';
const S31 = 'RFC 9112 §3.1';
const S22 = 'RFC 9112 §2.2';

// RFC 9110 §9.1 methods every server can be asked; a server may answer 405 or 501 to those it does not support.
const STANDARD_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH'];

// Delimiters (RFC 9110 §5.6.2): none of them may appear in a token, so none in a method.
const METHOD_DELIMITERS: readonly [string, string][] = [
  ['lparen', '('], ['rparen', ')'], ['comma', ','], ['slash', '/'], ['colon', ':'], ['semicolon', ';'],
  ['lt', '<'], ['equals', '='], ['gt', '>'], ['question', '?'], ['at', '@'], ['lbracket', '['],
  ['backslash', '\\'], ['rbracket', ']'], ['lbrace', '{'], ['rbrace', '}'], ['dquote', '"'],
];

const CONTROL_IN_METHOD: readonly [string, string, string][] = [
  ['nul', '\x00', 'NUL'], ['soh', '\x01', 'byte 0x01'], ['del', '\x7f', 'DEL'], ['obs-text', '\xc9', 'byte 0xC9'],
  ['htab', '\t', 'HTAB'],
];

const cases: CaseInit[] = [
  {
    id: 'get-origin',
    section: S3,
    level: 'MUST',
    description: 'A plain GET with Host is parsed: method, target and version as sent.',
    request: get('/'),
    outcomes: accepts({ method: 'GET', target: '/', version: '1.1' }),
  },
  ...STANDARD_METHODS.map((method): CaseInit => ({
    id: `method-${method.toLowerCase()}`,
    section: 'RFC 9110 §9.1',
    level: 'MUST',
    description: `${method} is a token method: the server parses it, and may answer 405 or 501 if it does not support it.`,
    request: request(method, '/', method === 'POST' || method === 'PUT' || method === 'PATCH' ? ['Content-Length: 0'] : []),
    outcomes: [
      { label: 'accept', responses: [accepted({ method })] },
      { label: 'not implemented (501)', responses: [{ status: [501] }] },
    ],
  })),
  {
    id: 'method-unknown',
    section: 'RFC 9110 §9.1',
    level: 'SHOULD',
    description: 'An unknown but well-formed method (FROB): the server SHOULD answer 501; 405 or processing it are fine too.',
    request: request('FROB', '/'),
    outcomes: [
      { label: 'not implemented (501)', responses: [{ status: [501] }] },
      { label: 'accept (405 included)', responses: [accepted({ method: 'FROB' })] },
      ...refuses({ status: [400], why: 'a valid token refused as malformed; 501 is the status the RFC asks for' }).map((o) => ({ ...o, verdict: 'warn' as const })),
    ],
  },
  {
    id: 'method-token-symbols',
    section: 'RFC 9110 §9.1',
    level: 'SHOULD',
    description: "A method made of every tchar symbol (!#$%&'*+-.^_`|~) is a valid token: 501, 405 or accept.",
    request: request("!#$%&'*+-.^_`|~", '/'),
    outcomes: [
      { label: 'not implemented (501)', responses: [{ status: [501] }] },
      { label: 'accept (405 included)', responses: [accepted({ method: "!#$%&'*+-.^_`|~" })] },
      ...refuses({ status: [400], why: 'a valid token refused as malformed' }).map((o) => ({ ...o, verdict: 'warn' as const })),
    ],
  },
  ...['get', 'GeT'].map((method): CaseInit => ({
    id: `method-case-${method === 'get' ? 'lower' : 'mixed'}`,
    section: 'RFC 9110 §9.1',
    level: 'SHOULD',
    description: `The method is case-sensitive: "${method}" is not GET, so it is an unknown method (501 or 405), never a GET.`,
    request: request(method, '/'),
    outcomes: [
      { label: 'not implemented (501)', responses: [{ status: [501] }] },
      { label: 'accept as its own method (405 included)', responses: [accepted({ method })] },
      { label: 'treated as GET: methods are case-sensitive', verdict: 'fail', responses: [accepted({ method: 'GET' })] },
      ...refuses({ status: [400], why: 'a valid token refused as malformed' }).map((o) => ({ ...o, verdict: 'warn' as const })),
    ],
    catalogue: [28, 29],
  })),
  ...METHOD_DELIMITERS.map(([name, ch]): CaseInit => ({
    id: `method-delimiter-${name}`,
    section: S31,
    level: 'SHOULD',
    description: `"${ch}" inside the method: a delimiter cannot be part of a token, so the request-line is invalid.`,
    request: message(`G${ch}ET / HTTP/1.1`, [HOST_LINE]),
    outcomes: invalidRequestLine(),
    catalogue: [32, 33],
  })),
  ...CONTROL_IN_METHOD.map(([name, ch, what]): CaseInit => ({
    id: `method-${name}`,
    section: S31,
    level: 'SHOULD',
    description: `${what} inside the method: not a token character, so the request-line is invalid.`,
    request: message(`GE${ch}T / HTTP/1.1`, [HOST_LINE]),
    outcomes: name === 'htab' ? requestLineWhitespace() : invalidRequestLine(),
    catalogue: [27, 31],
  })),
  {
    id: 'method-digit-first',
    section: S31,
    level: 'SHOULD',
    description: 'A method that starts with a digit (0GET) is still a token: 501, 405 or accept.',
    request: request('0GET', '/'),
    outcomes: [
      { label: 'not implemented (501)', responses: [{ status: [501] }] },
      { label: 'accept (405 included)', responses: [accepted({ method: '0GET' })] },
      ...refuses({ status: [400], why: 'a valid token refused as malformed' }).map((o) => ({ ...o, verdict: 'warn' as const })),
    ],
    catalogue: [34],
  },
  {
    id: 'two-sp-after-method',
    section: S3,
    level: 'SHOULD',
    description: 'Two SP between method and target: invalid; 400 or 301, or (risky) parse on whitespace.',
    request: message('GET  / HTTP/1.1', [HOST_LINE]),
    outcomes: requestLineWhitespace(),
    catalogue: [1],
  },
  {
    id: 'two-sp-before-version',
    section: S3,
    level: 'SHOULD',
    description: 'Two SP between target and version: invalid; 400 or 301, or (risky) parse on whitespace.',
    request: message('GET /  HTTP/1.1', [HOST_LINE]),
    outcomes: requestLineWhitespace(),
    catalogue: [1],
  },
  {
    id: 'htab-separators',
    section: S3,
    level: 'SHOULD',
    description: 'HTAB instead of SP between the parts: invalid; the whitespace leniency of §3 covers it (risky).',
    request: message('GET\t/\tHTTP/1.1', [HOST_LINE]),
    outcomes: requestLineWhitespace(),
    catalogue: [2],
  },
  {
    id: 'vt-separator',
    section: S3,
    level: 'SHOULD',
    description: 'VT (0x0B) as a separator: invalid; §3 names VT among the whitespace a lenient parser may accept.',
    request: message('GET\x0b/ HTTP/1.1', [HOST_LINE]),
    outcomes: requestLineWhitespace(),
  },
  {
    id: 'ff-separator',
    section: S3,
    level: 'SHOULD',
    description: 'FF (0x0C) as a separator: invalid; §3 names FF among the whitespace a lenient parser may accept.',
    request: message('GET /\x0cHTTP/1.1', [HOST_LINE]),
    outcomes: requestLineWhitespace(),
  },
  {
    id: 'bare-cr-separator',
    section: S22,
    level: 'MUST',
    description: 'A bare CR as the separator after the method: it MUST be treated as invalid or replaced with SP.',
    request: message('GET\r/ HTTP/1.1', [HOST_LINE]),
    outcomes: [
      ...refuses({ status: [400, 301] }),
      { label: 'replace the bare CR with SP (permitted, risky)', verdict: 'warn', responses: [accepted({ method: 'GET', target: '/' })] },
    ],
    catalogue: [4],
  },
  {
    id: 'leading-sp',
    section: S3,
    level: 'SHOULD',
    description: 'SP before the method: invalid; a lenient parser may ignore leading whitespace (risky).',
    request: message(' GET / HTTP/1.1', [HOST_LINE]),
    outcomes: requestLineWhitespace(),
  },
  {
    id: 'trailing-sp',
    section: S3,
    level: 'SHOULD',
    description: 'SP after the version: invalid; a lenient parser may ignore trailing whitespace (risky).',
    request: message('GET / HTTP/1.1 ', [HOST_LINE]),
    outcomes: requestLineWhitespace(),
  },
  {
    id: 'missing-target',
    section: S3,
    level: 'SHOULD',
    description: 'Method and version only (GET HTTP/1.1): no request-target, invalid.',
    request: message('GET HTTP/1.1', [HOST_LINE]),
    outcomes: [...invalidRequestLine(), { label: 'answer as HTTP/0.9', verdict: 'warn', responses: [], http09: true }],
    catalogue: [6],
  },
  {
    id: 'missing-version',
    section: S3,
    level: 'SHOULD',
    description: 'GET / without a version: an HTTP/0.9 request, which HTTP/1.1 servers need not support; 400 is expected.',
    request: message('GET /', [HOST_LINE]),
    outcomes: [...invalidRequestLine(), { label: 'answer as HTTP/0.9 (obsolete)', verdict: 'warn', responses: [], http09: true }],
    catalogue: [8],
  },
  {
    id: 'method-only',
    section: S3,
    level: 'SHOULD',
    description: 'A request-line holding only a method: invalid.',
    request: message('GET', [HOST_LINE]),
    outcomes: invalidRequestLine(),
  },
  {
    id: 'four-parts',
    section: S3,
    level: 'SHOULD',
    description: 'A fourth word after the version: invalid (the target cannot hold a SP).',
    request: message('GET / HTTP/1.1 extra', [HOST_LINE]),
    outcomes: invalidRequestLine(),
    catalogue: [58],
  },
  {
    id: 'no-spaces',
    section: S3,
    level: 'SHOULD',
    description: 'No SP at all (GET/HTTP/1.1): invalid.',
    request: message('GET/HTTP/1.1', [HOST_LINE]),
    outcomes: invalidRequestLine(),
    catalogue: [7],
  },
  {
    id: 'version-first',
    section: S3,
    level: 'SHOULD',
    description: 'Parts in the wrong order (HTTP/1.1 / GET): invalid.',
    request: message('HTTP/1.1 / GET', [HOST_LINE]),
    outcomes: invalidRequestLine(),
    catalogue: [58],
  },
  {
    id: 'leading-crlf',
    section: S22,
    level: 'SHOULD',
    description: 'One CRLF before the request-line: a server SHOULD ignore at least one such empty line.',
    request: `\r\n${get('/')}`,
    outcomes: [
      { label: 'ignore the empty line', responses: [accepted({ method: 'GET', target: '/' })] },
    ],
    catalogue: [50],
  },
  {
    id: 'leading-crlf-several',
    section: S22,
    level: 'MAY',
    description: 'Three CRLFs before the request-line: ignoring one is required, more is allowed; 400 is allowed too.',
    request: `\r\n\r\n\r\n${get('/')}`,
    outcomes: [...accepts({ method: 'GET', target: '/' }), ...refuses()],
    catalogue: [50],
  },
  {
    id: 'leading-bare-lf',
    section: S22,
    level: 'MAY',
    description: 'A bare LF before the request-line: an empty line only if LF alone ends lines (MAY); refusing is fine.',
    request: `\n${get('/')}`,
    outcomes: [
      ...refuses(),
      { label: 'take the LF as an empty line and ignore it (bare LF leniency, risky)', verdict: 'warn', responses: [accepted({ method: 'GET', target: '/' })] },
    ],
    catalogue: [3],
  },
  {
    id: 'whitespace-line-first',
    section: S22,
    level: 'SHOULD',
    description: 'A line of one SP before the request-line: not an empty line, so not ignorable; invalid.',
    request: ` \r\n${get('/')}`,
    outcomes: invalid(),
    catalogue: [51],
  },
  {
    id: 'nul-before-request',
    section: S22,
    level: 'SHOULD',
    description: 'A NUL byte before the method: invalid.',
    request: `\x00${get('/')}`,
    outcomes: invalid(),
    catalogue: [55],
  },
  {
    id: 'tls-client-hello',
    section: S22,
    level: 'SHOULD',
    description: 'The first bytes of a TLS ClientHello: not HTTP; answer 400 or simply close.',
    request: '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n',
    outcomes: [
      ...refuses(),
      { label: 'close without a response', responses: [], connection: 'closed' },
      { label: 'accept the bytes as a request', verdict: 'fail', responses: [accepted()] },
    ],
    catalogue: [52],
  },
  {
    id: 'h2-preface',
    section: 'RFC 9110 §15.6.6',
    level: 'SHOULD',
    description: 'The HTTP/2 connection preface (PRI * HTTP/2.0) sent to an HTTP/1.1 server: 505, 400 or close.',
    request: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    outcomes: [
      ...refuses({ status: [505, 400] }),
      { label: 'close without a response', responses: [], connection: 'closed' },
      { label: 'accept the preface as an HTTP/1.1 request', verdict: 'warn', responses: [accepted()] },
    ],
    catalogue: [49],
  },
  {
    id: 'empty-connection',
    section: 'RFC 9112 §9.6',
    level: 'MAY',
    description: 'A connection that sends nothing and closes its side: the server closes too, with or without a 400.',
    request: '',
    halfClose: true,
    outcomes: [
      { label: 'close without a response', responses: [], connection: 'closed' },
      { label: 'answer 400 or 408 and close', responses: [{ status: [400, 408] }], connection: 'closed' },
    ],
    catalogue: [53],
  },
  {
    id: 'incomplete-line-then-close',
    section: 'RFC 9112 §8',
    level: 'MAY',
    description: 'Part of a request-line, then the client closes its side: the server MAY answer 400 before closing.',
    request: 'GET / HTT',
    halfClose: true,
    outcomes: [
      { label: 'answer 400 and close', responses: [{ status: [400] }], connection: 'closed' },
      { label: 'close without a response', responses: [], connection: 'closed' },
      { label: 'accept an incomplete request-line', verdict: 'fail', responses: [accepted()] },
    ],
    catalogue: [54],
  },
  {
    id: 'incomplete-head-waits',
    section: 'RFC 9112 §2.1',
    level: 'MUST',
    description: 'A head without its final empty line: the request is not complete, so the server waits.',
    request: `GET / HTTP/1.1\r\n${HOST_LINE}\r\n`,
    waitMs: 500,
    outcomes: [
      { label: 'wait for the rest of the head', responses: [], connection: 'open' },
      { label: 'give up with 400 or 408', responses: [{ status: [400, 408] }], connection: 'closed' },
      { label: 'answer a request whose head never ended', verdict: 'fail', responses: [accepted()] },
    ],
    catalogue: [54],
  },
];

/** The request-line cases. */
export const requestLineCases = defineCases('request-line', cases);
