/**
 * Fragmented delivery: HTTP is a stream of octets (RFC 9112 §2.1, §2.2), so where TCP cuts it must not change
 * how it is read. Each case sends a valid message cut somewhere awkward — inside the method, between CR and LF,
 * inside a chunk size — with a pause between the pieces, and expects exactly what the whole message gets.
 *
 * @module
 */
import { accepts, chunk, chunked, chunkedPost, defineCases, get, lastChunk, post } from '../build.js';
import type { CaseInit } from '../build.js';
import type { Delivery } from '../schema.js';

const S21 = 'RFC 9112 §2.1';

const GET = get('/path?q=1', ['X-Probe: fragmented value']);
const POST = post('hello world', ['X-Probe: v']);
const CHUNKED = chunkedPost(`${chunk('hello', ';ext=1')}${chunk(' world')}${lastChunk(['X-Trailer: t'])}`);

const GET_ECHO = { method: 'GET', target: '/path?q=1', headers: { 'X-Probe': 'fragmented value' } };

function at(text: string, marker: string, offset = 0): number {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`no ${JSON.stringify(marker)}`);
  return i + offset;
}

const SPLITS: readonly [string, number[], string][] = [
  ['in-method', [2], 'inside the method (GE|T)'],
  ['after-method', [3], 'right after the method'],
  ['in-target', [at(GET, 'path', 2)], 'inside the target'],
  ['in-version', [at(GET, 'HTTP/1.', 7)], 'inside the version (HTTP/1.|1)'],
  ['between-cr-lf', [at(GET, '\r\n', 1)], 'between the CR and the LF of the request-line'],
  ['in-field-name', [at(GET, 'X-Probe', 3)], 'inside a field name'],
  ['before-colon', [at(GET, 'X-Probe', 7)], 'just before a colon'],
  ['in-field-value', [at(GET, 'fragmented', 5)], 'inside a field value'],
  ['before-final-crlf', [GET.length - 2], 'before the final CRLF'],
  ['between-final-cr-lf', [GET.length - 1], 'between the final CR and LF'],
  ['many', [1, 5, 9, 14, 20, 27, 33, 40], 'into nine pieces'],
];

const cases: CaseInit[] = [
  ...SPLITS.map(([name, offsets, what]): CaseInit => ({
    id: `get-${name}`,
    section: S21,
    level: 'MUST',
    description: `A GET cut ${what}: the server waits for the rest and reads the same request.`,
    request: GET,
    delivery: { mode: 'split', at: offsets, pauseMs: 30 },
    outcomes: accepts(GET_ECHO),
    catalogue: [301],
  })),
  ...([
    ['get-bytes', GET, { mode: 'bytes' }, GET_ECHO, 'A GET sent one byte at a time.'],
    ['get-boundaries', GET, { mode: 'boundaries' }, GET_ECHO, 'A GET cut at every syntactic boundary.'],
    ['post-bytes', POST, { mode: 'bytes' }, { body: 'hello world' }, 'A POST with a body, one byte at a time.'],
    ['chunked-bytes', CHUNKED, { mode: 'bytes' }, { body: 'hello world', trailers: { 'X-Trailer': 't' } }, 'A chunked POST with an extension and a trailer, one byte at a time.'],
    ['chunked-boundaries', CHUNKED, { mode: 'boundaries' }, { body: 'hello world' }, 'A chunked POST cut at every syntactic boundary.'],
  ] as const).map(([name, bytes, delivery, echo, description]): CaseInit => ({
    id: name,
    section: S21,
    level: 'MUST',
    description,
    request: bytes,
    delivery: delivery as Delivery,
    outcomes: accepts(echo),
    catalogue: [301],
  })),
  {
    id: 'post-body-split',
    section: S21,
    level: 'MUST',
    description: 'A POST whose body arrives in two pieces after a pause.',
    request: POST,
    delivery: { mode: 'split', at: [POST.length - 5], pauseMs: 50 },
    outcomes: accepts({ body: 'hello world' }),
    catalogue: [301],
  },
  {
    id: 'head-then-body-later',
    section: S21,
    level: 'MUST',
    description: 'A POST whose head and body are separate writes 100 ms apart.',
    request: POST,
    delivery: { mode: 'split', at: [POST.indexOf('\r\n\r\n') + 4], pauseMs: 100 },
    outcomes: accepts({ body: 'hello world' }),
    catalogue: [301, 302],
  },
  ...([
    ['chunk-size-split', at(CHUNKED, '\r\n5;', 3), 'between the chunk size and its extension'],
    ['chunk-crlf-split', at(CHUNKED, 'hello\r\n', 6), 'between the CR and LF after chunk data'],
    ['last-chunk-split', CHUNKED.length - 3, 'inside the trailer section end'],
  ] as const).map(([name, offset, what]): CaseInit => ({
    id: name,
    section: 'RFC 9112 §7.1',
    level: 'MUST',
    description: `A chunked body cut ${what}.`,
    request: CHUNKED,
    delivery: { mode: 'split', at: [offset], pauseMs: 30 },
    outcomes: accepts({ body: 'hello world' }),
    catalogue: [301],
  })),
  {
    id: 'pipeline-split-mid-second',
    section: 'RFC 9112 §9.3.2',
    level: 'MUST',
    description: 'Two pipelined GETs cut inside the second request-line.',
    request: get('/a') + get('/b'),
    delivery: { mode: 'split', at: [get('/a').length + 4], pauseMs: 30 },
    outcomes: [
      ...accepts({ target: '/a' }, { target: '/b' }),
    ],
    catalogue: [300],
  },
  {
    id: 'pipeline-boundaries',
    section: 'RFC 9112 §9.3.2',
    level: 'MUST',
    description: 'A GET, a POST and a chunked POST pipelined, cut at every syntactic boundary.',
    request: get('/a') + post('body') + chunkedPost(chunked('xy')),
    delivery: { mode: 'boundaries' },
    outcomes: accepts({ target: '/a' }, { body: 'body' }, { body: 'xy' }),
    catalogue: [300],
  },
];

/** The fragmented-delivery cases. */
export const fragmentationCases = defineCases('fragmentation', cases);
