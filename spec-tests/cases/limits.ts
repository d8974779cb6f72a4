/**
 * Limits (RFC 9112 §3, RFC 9110 §5.4, §15.5.14, RFC 6585 §5): what a server does with more than it wishes to
 * process — 414 for a long target, an appropriate 4xx for large fields, 413 for a large body — and the sizes it
 * is expected to handle (request-lines of 8000 octets).
 *
 * @module
 */
import {
  accepted, accepts, chunk, chunkedPost, defineCases, filler, get, lastChunk, post, refuses, request,
} from '../build.js';
import type { CaseInit } from '../build.js';
import type { Outcome } from '../schema.js';

// "Larger than it wishes to process": processing passes, and so does an appropriate 4xx.
function acceptOr4xx(): Outcome[] {
  return [...accepts(), ...refuses({ status: ['4xx'], close: 'may' })];
}

const cases: CaseInit[] = [
  {
    id: 'request-line-8000',
    section: 'RFC 9112 §3',
    level: 'SHOULD',
    description: 'A request-line of 8000 octets: all recipients are RECOMMENDED to support at least that.',
    request: get(`/${filler(8000 - 'GET / HTTP/1.1'.length, 'abcdefghij')}`),
    outcomes: [
      ...accepts(),
      ...refuses({ status: [414, 400, 431], close: 'may', why: '8000 octets should be supported' }).map((o) => ({ ...o, verdict: 'warn' as const })),
    ],
    catalogue: [25],
  },
  {
    id: 'target-100k',
    section: 'RFC 9112 §3',
    level: 'MUST',
    description: 'A 100 KiB target: a server that will not parse a URI that long MUST answer 414.',
    request: get(`/${filler(100 * 1024, 'abcdefghij')}`),
    outcomes: [
      ...accepts(),
      ...refuses({ status: [414], close: 'may' }),
      { label: 'refuse with 400 or 431 (the RFC names 414)', verdict: 'warn', responses: [{ status: [400, 431] }] },
    ],
    catalogue: [24],
  },
  {
    id: 'method-100k',
    section: 'RFC 9112 §3',
    level: 'SHOULD',
    description: 'A 100 KiB method: longer than any the server implements, which SHOULD be answered 501.',
    request: request(filler(100 * 1024, 'METHOD'), '/'),
    outcomes: [
      ...refuses({ status: [501], close: 'may' }),
      { label: 'accept (405 included)', responses: [accepted()] },
      { label: 'refuse with 400, 414 or 431 (the RFC asks for 501)', verdict: 'warn', responses: [{ status: [400, 414, 431] }] },
    ],
    catalogue: [35],
  },
  {
    id: 'field-value-100k',
    section: 'RFC 9110 §5.4',
    level: 'MUST',
    description: 'A 100 KiB field value: process it, or answer an appropriate 4xx (431 fits).',
    request: get('/', [`X-Probe: ${filler(100 * 1024)}`]),
    outcomes: acceptOr4xx(),
    catalogue: [112],
  },
  {
    id: 'field-name-100k',
    section: 'RFC 9110 §5.4',
    level: 'MUST',
    description: 'A 100 KiB field name: process it, or answer an appropriate 4xx.',
    request: get('/', [`X-${filler(100 * 1024)}: v`]),
    outcomes: acceptOr4xx(),
    catalogue: [113],
  },
  {
    id: 'fields-10000',
    section: 'RFC 9110 §5.4',
    level: 'MUST',
    description: 'Ten thousand field lines: process them, or answer an appropriate 4xx.',
    request: get('/', Array.from({ length: 10000 }, (_, i) => `X-F${i}: v`)),
    outcomes: acceptOr4xx(),
    catalogue: [114],
  },
  {
    id: 'header-section-1m',
    section: 'RFC 9110 §5.4',
    level: 'MUST',
    description: 'A 1 MiB header section in 64 fields of 16 KiB: process it, or answer an appropriate 4xx.',
    request: get('/', Array.from({ length: 64 }, (_, i) => `X-F${i}: ${filler(16 * 1024 - 10)}`)),
    outcomes: acceptOr4xx(),
  },
  {
    id: 'body-1m',
    section: 'RFC 9110 §15.5.14',
    level: 'MUST',
    description: 'A 1 MiB body with Content-Length: read it, or answer 413 (and close, or read past it).',
    request: post(filler(1024 * 1024, 'body')),
    outcomes: [...accepts(), ...refuses({ status: [413], close: 'may' })],
  },
  {
    id: 'chunked-1m',
    section: 'RFC 9110 §15.5.14',
    level: 'MUST',
    description: 'A 1 MiB chunked body in 16 KiB chunks: read it, or answer 413.',
    request: chunkedPost(Array.from({ length: 64 }, () => chunk(filler(16 * 1024, 'c'))).join('') + lastChunk()),
    outcomes: [...accepts(), ...refuses({ status: [413], close: 'must' })],
  },
  {
    id: 'trailers-100k',
    section: 'RFC 9112 §7.1.2',
    level: 'MUST',
    description: 'A 100 KiB trailer field: process it, or answer an appropriate 4xx.',
    request: chunkedPost(`${chunk('hello')}${lastChunk([`X-Trailer: ${filler(100 * 1024)}`])}`),
    outcomes: [...accepts(), ...refuses({ status: ['4xx'], close: 'must' })],
  },
  {
    id: 'leading-crlf-1000',
    section: 'RFC 9112 §2.2',
    level: 'MAY',
    description: 'A thousand empty lines before the request-line: ignoring at least one is asked; refusing the rest is fine.',
    request: '\r\n'.repeat(1000) + get('/'),
    outcomes: [...accepts(), ...refuses({ status: ['4xx'], close: 'may' })],
    catalogue: [50],
  },
  {
    id: 'chunk-size-16-digits',
    section: 'RFC 9112 §7.1',
    level: 'MUST',
    description: 'A chunk size of 16 hex digits with leading zeros (0000000000000005): five, or a limit refusal.',
    request: chunkedPost(`0000000000000005\r\nhello\r\n${lastChunk()}`),
    outcomes: [...accepts({ body: 'hello' }), ...refuses({ status: [400, 413], close: 'must', why: 'a digit limit' })],
  },
  {
    id: 'chunk-size-huge-no-data',
    section: 'RFC 9112 §7.1',
    level: 'MUST',
    description: 'A chunk of 0xFFFFFFFFFF bytes and no data: 413 or 400, or wait; never answer as if it were complete.',
    request: chunkedPost('ffffffffff\r\nhello'),
    waitMs: 400,
    outcomes: [
      ...refuses({ status: [413, 400], close: 'must' }),
      { label: 'wait for the chunk data', responses: [], connection: 'open' },
      { label: 'answer an incomplete body', verdict: 'fail', responses: [accepted()] },
    ],
  },
];

/** The limits cases. */
export const limitsCases = defineCases('limits', cases);
