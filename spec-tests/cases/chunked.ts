/**
 * The chunked transfer coding (RFC 9112 §7.1): `chunk-size [ chunk-ext ] CRLF chunk-data CRLF`, the last chunk,
 * the trailer section; extensions (§7.1.1) and trailers (§7.1.2, RFC 9110 §6.5).
 *
 * Errata: EID 7633 proposed letting a bare LF end the lines of a chunked body; it was rejected ("invalid by
 * intent"). RFC 9112 §2.2's "MAY recognize a single LF" covers the start-line and field lines only. A recipient
 * "MUST be able to parse and decode the chunked transfer coding" (§7.1): reading chunk framing other than the
 * grammar says — a bare LF or CR as a terminator, a sign or prefix on the size, an overflowing size — decodes a
 * different body than the sender meant, so these cases are MUST-level and accepting them fails. Malformed chunk
 * extensions (ignored by recipients anyway) are SHOULD-level.
 *
 * @module
 */
import {
  accepted, accepts, chunk, chunked, chunkedPost, defineCases, filler, get, invalid, lastChunk, mustRefuse,
  refuses,
} from '../build.js';
import type { CaseInit } from '../build.js';

const S71 = 'RFC 9112 §7.1';
const S711 = 'RFC 9112 §7.1.1';
const S712 = 'RFC 9112 §7.1.2';
const ERRATA = 'EID 7633 (a bare LF to end chunked lines) was rejected: RFC 9112 §2.2\'s LF leniency does not reach chunked bodies.';

const READ_WRONG = 'decode the chunked body other than the grammar says';

// Chunked bodies whose framing is invalid: 400 and close (the body cannot be delimited).
const BAD_FRAMING: readonly [string, string, string, readonly number[], string?][] = [
  ['size-bare-lf', '5\nhello\r\n0\r\n\r\n', 'a chunk-size line ended by a bare LF', [250, 251], ERRATA],
  ['data-bare-lf', '5\r\nhello\n0\r\n\r\n', 'chunk data followed by a bare LF', [269, 270], ERRATA],
  ['last-chunk-bare-lf', '5\r\nhello\r\n0\n\r\n', 'the last-chunk line ended by a bare LF', [250], ERRATA],
  ['trailer-end-bare-lf', '5\r\nhello\r\n0\r\n\n', 'the end of the trailer section as a bare LF', [277], ERRATA],
  ['trailer-line-bare-lf', '5\r\nhello\r\n0\r\nX-Trailer: t\n\r\n', 'a trailer line ended by a bare LF', [277], ERRATA],
  ['ext-bare-lf', '5;a=b\nhello\r\n0\r\n\r\n', 'a bare LF ending a chunk-size line with an extension', [254, 255]],
  ['size-bare-cr', '5\rhello\r\n0\r\n\r\n', 'a chunk-size line ended by a bare CR', [252]],
  ['data-bare-cr', '5\r\nhello\r0\r\n\r\n', 'chunk data followed by a bare CR', [253]],
  ['ext-bare-cr', '5;a\rb\r\nhello\r\n0\r\n\r\n', 'a bare CR inside a chunk extension', [256]],
  ['data-cr-cr', '5\r\nhello\r\r\n0\r\n\r\n', 'chunk data followed by CR CR LF', [255]],
  ['data-missing-crlf', '5\r\nhello0\r\n\r\n', 'chunk data not followed by CRLF', [264, 265]],
  ['data-too-long', '3\r\nhello\r\n0\r\n\r\n', 'more chunk data than the size says', [266, 267]],
  ['data-too-short', '7\r\nhello\r\n0\r\n\r\n', 'less chunk data than the size says', [266]],
  ['size-empty', '5\r\nhello\r\n\r\n0\r\n\r\n', 'an empty chunk-size line before the last chunk', [245, 271]],
  ['size-plus', '+5\r\nhello\r\n0\r\n\r\n', 'a plus sign on the size', [235]],
  ['size-minus', '-5\r\nhello\r\n0\r\n\r\n', 'a minus sign on the size', [237]],
  ['size-0x', '0x5\r\nhello\r\n0\r\n\r\n', 'a 0x prefix on the size', [234, 233]],
  ['size-underscore', '0_5\r\nhello\r\n0\r\n\r\n', 'an underscore in the size', [239, 232]],
  ['size-leading-sp', ' 5\r\nhello\r\n0\r\n\r\n', 'a SP before the size', [246]],
  ['size-junk-suffix', '5g\r\nhello\r\n0\r\n\r\n', 'a non-hex byte after the size', [240]],
  ['size-not-hex', 'g\r\nhello\r\n0\r\n\r\n', 'a size that is not hex at all', [242]],
  ['last-chunk-minus', '5\r\nhello\r\n-0\r\n\r\n', 'a last chunk of "-0"', [238]],
  ['size-overflow', '10000000000000005\r\nhello\r\n0\r\n\r\n', 'a size of 2^64 + 5, which wraps to 5 in 64 bits', [248]],
];

// Chunk-extension syntax errors: extensions are ignored by recipients, so these are SHOULD-level.
const BAD_EXTENSIONS: readonly [string, string, string, readonly number[]][] = [
  ['ext-bare-semicolon', '5;', 'a ";" with no extension name', [259]],
  ['ext-no-name', '5;=v', 'an extension without a name', [259]],
  ['ext-invalid-token', '5;a@b=c', 'an "@" in the extension name', [260]],
  ['ext-space-in-value', '5;a=b c', 'a SP inside an unquoted value', [260]],
  ['ext-unterminated-quote', '5;a="b', 'a quoted value without its closing quote', [260]],
  ['ext-nul', '5;a=\x00', 'a NUL as the value', [261]],
  ['size-trailing-sp', '5 ', 'a SP after the size with no ";" after it', [247]],
  ['size-trailing-htab', '5\t', 'a HTAB after the size with no ";" after it', [247]],
];

const cases: CaseInit[] = [
  {
    id: 'several-chunks',
    section: S71,
    level: 'MUST',
    description: 'Three chunks, then the last chunk: the body is their concatenation.',
    request: chunkedPost(chunked('hel', 'lo', ' world')),
    outcomes: accepts({ body: 'hello world' }),
    catalogue: [281],
  },
  {
    id: 'empty-body',
    section: S71,
    level: 'MUST',
    description: 'Only the last chunk (0 CRLF CRLF): an empty body.',
    request: chunkedPost(lastChunk()),
    outcomes: accepts({ body: '' }),
    catalogue: [281],
  },
  {
    id: 'upper-hex',
    section: S71,
    level: 'MUST',
    description: 'A chunk size in upper-case hex (A = 10).',
    request: chunkedPost(`A\r\n${filler(10, '0123456789')}\r\n${lastChunk()}`),
    outcomes: accepts({ body: '0123456789' }),
    catalogue: [249],
  },
  {
    id: 'mixed-hex',
    section: S71,
    level: 'MUST',
    description: 'A chunk size in mixed-case hex (1a = 26).',
    request: chunkedPost(`1a\r\n${filler(26, 'abcdefghijklmnopqrstuvwxyz')}\r\n${lastChunk()}`),
    outcomes: accepts({ body: 'abcdefghijklmnopqrstuvwxyz' }),
  },
  {
    id: 'size-leading-zeros',
    section: S71,
    level: 'MUST',
    description: 'A chunk size with leading zeros (0005) is five.',
    request: chunkedPost(`0005\r\nhello\r\n${lastChunk()}`),
    outcomes: accepts({ body: 'hello' }),
  },
  {
    id: 'size-many-leading-zeros',
    section: S71,
    level: 'MUST',
    description: 'A chunk size of 24 hex digits, all leading zeros but the last (000000000000000000000005): five.',
    request: chunkedPost(`000000000000000000000005\r\nhello\r\n${lastChunk()}`),
    outcomes: [
      ...accepts({ body: 'hello' }),
      // 1*HEXDIG allows any number of leading zeros; a digit limit that counts them refuses valid input.
      ...refuses({ status: [400, 413], close: 'must', why: 'a digit limit that counts leading zeros' })
        .map((o) => ({ ...o, verdict: o.verdict === 'fail' ? 'fail' as const : 'warn' as const })),
    ],
  },
  {
    id: 'last-chunk-zeros',
    section: S71,
    level: 'MUST',
    description: 'A last chunk written "000" is the last chunk.',
    request: chunkedPost(`${chunk('hello')}000\r\n\r\n`),
    outcomes: accepts({ body: 'hello' }),
  },
  ...([
    ['ext-name', ';foo', 'a name-only extension'],
    ['ext-token-value', ';foo=bar', 'a name=token extension'],
    ['ext-quoted-value', ';foo="a b;c"', 'a quoted value holding SP and ";"'],
    ['ext-quoted-escape', ';foo="a\\"b"', 'a quoted value with an escaped quote'],
    ['ext-several', ';a=1;b;c="x"', 'three extensions'],
  ] as const).map(([name, ext, what]): CaseInit => ({
    id: name,
    section: S711,
    level: 'MUST',
    description: `A chunk with ${what}: a recipient MUST ignore unrecognised extensions.`,
    request: chunkedPost(`${chunk('hello', ext)}${lastChunk()}`),
    outcomes: accepts({ body: 'hello' }),
    catalogue: [263],
  })),
  {
    id: 'ext-bws',
    section: S711,
    level: 'MUST',
    description: 'Whitespace around ";" and "=" in an extension (5 ; a = 1) is BWS: allowed.',
    request: chunkedPost(`${chunk('hello', ' ; a = 1')}${lastChunk()}`),
    outcomes: [
      ...accepts({ body: 'hello' }),
      ...refuses({ close: 'must', why: 'BWS is allowed here' }).map((o) => ({ ...o, verdict: o.verdict === 'fail' ? 'fail' as const : 'warn' as const })),
    ],
    catalogue: [247],
  },
  {
    id: 'ext-on-last-chunk',
    section: S711,
    level: 'MUST',
    description: 'An extension on the last chunk (0;final=yes).',
    request: chunkedPost(`${chunk('hello')}${lastChunk([], ';final=yes')}`),
    outcomes: accepts({ body: 'hello' }),
  },
  {
    id: 'trailer',
    section: S712,
    level: 'MUST',
    description: 'A trailer field after the last chunk: parsed, and not merged into the header section.',
    request: chunkedPost(`${chunk('hello')}${lastChunk(['X-Trailer: t'])}`),
    outcomes: accepts({ body: 'hello', headers: { 'X-Trailer': null }, trailers: { 'X-Trailer': 't' } }),
    catalogue: [273],
  },
  {
    id: 'trailers-several',
    section: S712,
    level: 'MUST',
    description: 'Three trailer fields, one repeated.',
    request: chunkedPost(`${chunk('hello')}${lastChunk(['X-A: 1', 'X-B: 2', 'X-A: 3'])}`),
    outcomes: accepts({ body: 'hello', trailers: { 'X-A': ['1', '3'], 'X-B': '2' } }),
  },
  {
    id: 'big-chunk',
    section: S71,
    level: 'MUST',
    description: 'One 64 KiB chunk.',
    request: chunkedPost(chunked(filler(65536, 'chunk'))),
    outcomes: accepts({ body: filler(65536, 'chunk') }),
  },
  {
    id: 'many-small-chunks',
    section: S71,
    level: 'MUST',
    description: 'Two hundred one-byte chunks.',
    request: chunkedPost(chunked(...filler(200, 'abcdefghij').split(''))),
    outcomes: accepts({ body: filler(200, 'abcdefghij') }),
  },
  {
    id: 'then-pipelined-after-trailers',
    section: S712,
    level: 'MUST',
    description: 'A chunked body with trailers, then another request: two responses.',
    request: chunkedPost(`${chunk('hello')}${lastChunk(['X-Trailer: t'])}`) + get('/next'),
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/next' }),
      { label: 'answer the first and close (no persistence)', responses: [accepted({ body: 'hello' })], connection: 'closed' },
    ],
  },
  ...BAD_FRAMING.map(([name, body, what, catalogue, note]): CaseInit => ({
    id: name,
    section: S71,
    level: 'MUST',
    description: `A chunked body with ${what}: invalid framing; the server must not decode a body from it (400, close).`,
    request: chunkedPost(body),
    outcomes: mustRefuse({ status: name === 'size-overflow' ? [400, 413] : [400], close: 'must' }, READ_WRONG),
    ...(note === undefined ? {} : { note }),
    catalogue,
  })),
  {
    id: 'size-many-digits',
    section: S71,
    level: 'MUST',
    description: 'A chunk size of 20 hex digits: too large for any body; 400 or 413, never a wrapped small size.',
    request: chunkedPost('ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n'),
    outcomes: mustRefuse({ status: [400, 413], close: 'must' }, READ_WRONG),
    catalogue: [248],
  },
  ...BAD_EXTENSIONS.map(([name, line, what, catalogue]): CaseInit => ({
    id: name,
    section: S711,
    level: 'SHOULD',
    description: `A chunk-size line "${line.replace(/[^\x20-\x7e]/g, '?')}" with ${what}: invalid.`,
    request: chunkedPost(`${line}\r\nhello\r\n${lastChunk()}`),
    outcomes: invalid({ close: 'must' }),
    catalogue,
  })),
  {
    id: 'no-last-chunk-then-rest',
    section: S71,
    level: 'MUST',
    description: 'A chunk, a pause, then the last chunk and a second request: the body ends only at the last chunk.',
    request: chunkedPost(chunk('hello')) + lastChunk() + get('/next'),
    delivery: { mode: 'await', at: [chunkedPost(chunk('hello')).length], waitMs: 300 },
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/next' }),
      { label: 'answer early and close', responses: [accepted()], connection: 'closed' },
    ],
    catalogue: [272],
  },
  {
    id: 'no-last-chunk-then-close',
    section: 'RFC 9112 §8',
    level: 'MUST',
    description: 'A chunk and no last chunk, then the client closes: an incomplete message, never answered as complete.',
    request: chunkedPost(chunk('hello')),
    halfClose: true,
    outcomes: [
      { label: 'answer 400 and close', responses: [{ status: [400, 408] }], connection: 'closed' },
      { label: 'close without a response', responses: [], connection: 'closed' },
      { label: 'answer an incomplete message as complete', verdict: 'fail', responses: [accepted({ body: 'hello' })] },
    ],
    catalogue: [272],
  },
  {
    id: 'no-final-crlf-waits',
    section: S712,
    level: 'SHOULD',
    description: 'The last chunk without the empty line that ends the trailer section: the message is not complete yet.',
    request: chunkedPost(`${chunk('hello')}0\r\n`),
    waitMs: 400,
    outcomes: [
      { label: 'wait for the end of the trailer section', responses: [], connection: 'open' },
      { label: 'answer before the message ended (a following request line would be read as a trailer)', verdict: 'warn', responses: [accepted()] },
    ],
  },
  ...([
    ['trailer-content-length', 'Content-Length: 10', 'Content-Length', [185]],
    ['trailer-transfer-encoding', 'Transfer-Encoding: chunked', 'Transfer-Encoding', [228]],
  ] as const).map(([name, line, field, catalogue]): CaseInit => ({
    id: name,
    section: 'RFC 9110 §6.5.1',
    level: 'MUST',
    description: `${field} in the trailer section does not frame anything: the next request follows at once.`,
    request: chunkedPost(`${chunk('hello')}${lastChunk([line])}`) + get('/next'),
    outcomes: [
      ...accepts({ body: 'hello' }, { target: '/next' }),
      ...refuses({ why: `${field} is not allowed in trailers` }),
      { label: `apply the trailer ${field} to the framing`, verdict: 'fail', responses: [accepted()], connection: 'open' },
    ],
    catalogue,
  })),
  ...([
    ['trailer-sp-before-colon', 'X-Trailer : t', 'whitespace before the colon'],
    ['trailer-no-colon', 'X-Trailer t', 'no colon'],
    ['trailer-obs-fold', 'X-Trailer: a\r\n b', 'an obs-fold'],
    ['trailer-bad-name', 'X@Trailer: t', 'an invalid name'],
    ['trailer-nul', 'X-Trailer: a\x00b', 'a NUL in the value'],
  ] as const).map(([name, line, what]): CaseInit => ({
    id: name,
    section: S712,
    level: 'SHOULD',
    description: `A trailer field line with ${what}: invalid field syntax in the trailer section.`,
    request: chunkedPost(`${chunk('hello')}${lastChunk([line])}`),
    outcomes: invalid(),
  })),
  {
    id: 'ext-64k',
    section: S711,
    level: 'MAY',
    description: 'A 64 KiB chunk extension: a server ought to limit extensions (4xx), or may accept them.',
    request: chunkedPost(`${chunk('hello', `;x=${filler(65536)}`)}${lastChunk()}`),
    outcomes: [...accepts({ body: 'hello' }), ...refuses({ status: ['4xx'], close: 'must' })],
    catalogue: [262],
  },
];

/** The chunked-coding cases. */
export const chunkedCases = defineCases('chunked', cases);
