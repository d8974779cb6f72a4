/**
 * Line endings and control bytes in the head (RFC 9112 §2.2): CRLF ends lines; a recipient MAY also take a bare
 * LF as a line terminator (a leniency with a smuggling risk, so a warning); a bare CR MUST be treated as invalid
 * or replaced with SP — never as a line end.
 *
 * @module
 */
import { accepted, accepts, defineCases, get, HOST_LINE, invalid, mustRefuse, refuses } from '../build.js';
import type { CaseInit } from '../build.js';
import type { Outcome } from '../schema.js';

const S22 = 'RFC 9112 §2.2';

// A bare LF where CRLF belongs: refusing passes; taking LF as the line end is permitted and risky.
function bareLf(): Outcome[] {
  return [
    ...refuses(),
    { label: 'take the bare LF as a line end (permitted by RFC 9112 §2.2, risky)', verdict: 'warn', responses: [accepted({ method: 'GET', target: '/' })] },
  ];
}

const cases: CaseInit[] = [
  {
    id: 'crlf',
    section: S22,
    level: 'MUST',
    description: 'Every line ended by CRLF: the baseline.',
    request: get('/'),
    outcomes: accepts({ method: 'GET', target: '/' }),
  },
  ...([
    ['all-lf', `GET / HTTP/1.1\n${HOST_LINE}\n\n`, 'every line ended by a bare LF', [99]],
    ['request-line-lf', `GET / HTTP/1.1\n${HOST_LINE}\r\n\r\n`, 'the request-line ended by a bare LF', [3]],
    ['field-line-lf', `GET / HTTP/1.1\r\n${HOST_LINE}\n\r\n`, 'a field line ended by a bare LF', [98]],
    ['final-lf', `GET / HTTP/1.1\r\n${HOST_LINE}\r\n\n`, 'the empty line as a bare LF', [111]],
    ['lf-cr-lf', `GET / HTTP/1.1\r\n${HOST_LINE}\n\r\n`, 'a field line ended by LF and the head by CRLF', [111]],
  ] as const).map(([name, bytes, what, catalogue]): CaseInit => ({
    id: name,
    section: S22,
    level: 'MAY',
    description: `${what}: a recipient MAY accept a bare LF as the line terminator; refusing is the strict choice.`,
    request: bytes,
    outcomes: bareLf(),
    catalogue,
  })),
  ...([
    ['all-cr', `GET / HTTP/1.1\r${HOST_LINE}\r\r`, 'every line ended by a bare CR', [4]],
    ['request-line-cr', `GET / HTTP/1.1\r${HOST_LINE}\r\n\r\n`, 'the request-line ended by a bare CR', [4]],
    ['field-line-cr', `GET / HTTP/1.1\r\n${HOST_LINE}\rX-Probe: a\r\n\r\n`, 'a bare CR between two fields', [97]],
    ['cr-cr-lf', `GET / HTTP/1.1\r\r\n${HOST_LINE}\r\n\r\n`, 'the request-line ended by CR CR LF', [4]],
    ['field-cr-cr-lf', `GET / HTTP/1.1\r\n${HOST_LINE}\r\r\n\r\n`, 'a field line ended by CR CR LF', [133]],
    ['final-cr', `GET / HTTP/1.1\r\n${HOST_LINE}\r\n\r\r\n`, 'the empty line as CR CR LF', [108]],
  ] as const).map(([name, bytes, what, catalogue]): CaseInit => ({
    id: name,
    section: S22,
    level: 'MUST',
    description: `${what}: a bare CR is invalid (or SP), never a line terminator.`,
    request: bytes,
    waitMs: 400,
    outcomes: [
      ...mustRefuse({}, 'take the bare CR as a line end'),
      { label: 'wait for a line end that never comes (the RFC asks to treat the CR as invalid)', verdict: 'warn', responses: [], connection: 'open' },
    ],
    catalogue,
  })),
  {
    id: 'lf-inside-request-line',
    section: S22,
    level: 'MAY',
    description: 'GET /<LF>HTTP/1.1: with LF as a line end, "GET /" is an HTTP/0.9 request-line; refusing is expected.',
    request: `GET /\nHTTP/1.1\r\n${HOST_LINE}\r\n\r\n`,
    outcomes: [
      ...refuses(),
      { label: 'answer as HTTP/0.9 (LF leniency, then an obsolete request)', verdict: 'warn', responses: [], http09: true },
    ],
    catalogue: [5],
  },
  ...([
    ['nul-in-request-line', `GET /\x00 HTTP/1.1\r\n${HOST_LINE}\r\n\r\n`, 'a NUL byte in the request-line'],
    ['nul-after-request-line', `GET / HTTP/1.1\x00\r\n${HOST_LINE}\r\n\r\n`, 'a NUL byte before the CRLF'],
    ['ctl-before-crlf', `GET / HTTP/1.1\x01\r\n${HOST_LINE}\r\n\r\n`, 'byte 0x01 before the CRLF'],
    ['del-in-field-line-end', `GET / HTTP/1.1\r\n${HOST_LINE}\x7f\r\n\r\n`, 'DEL at the end of the Host value'],
    ['vt-line-end', `GET / HTTP/1.1\r\n${HOST_LINE}\x0b\r\n\r\n`, 'VT at the end of the Host value'],
  ] as const).map(([name, bytes, what]): CaseInit => ({
    id: name,
    section: S22,
    level: 'SHOULD',
    description: `${what}: the line does not match the grammar; invalid.`,
    request: bytes,
    outcomes: invalid(),
    catalogue: [123],
  })),
  {
    id: 'lf-cr-between-lines',
    section: S22,
    level: 'MUST',
    description: 'LF CR between two lines: the CR starts the next line, bare; invalid.',
    request: `GET / HTTP/1.1\n\r${HOST_LINE}\r\n\r\n`,
    outcomes: mustRefuse({}, 'accept a line that starts with a bare CR'),
  },
  {
    id: 'space-after-final-crlf',
    section: S22,
    level: 'MUST',
    description: 'The head ends with CRLF CRLF; a SP after it is the start of the next request, not part of this one.',
    request: `${get('/')} `,
    waitMs: 300,
    outcomes: [
      { label: 'answer the request (the SP waits as the start of another)', responses: [accepted({ target: '/' })] },
      { label: 'answer, then refuse the SP as a request', responses: [accepted(), { status: [400] }], connection: 'closed' },
    ],
  },
];

/** The line-ending and control-byte cases. */
export const lineEndingCases = defineCases('line-endings', cases);
