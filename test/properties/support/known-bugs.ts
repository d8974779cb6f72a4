// Bugs the properties found in src/, kept as regression cases: each entry is the minimal counterexample that
// was reported, with what the parser did wrong. known-bugs.test.ts checks every one of them with a plain `it`.
//
// While a bug is open, its case is an `it.fails` (it passes while the bug is there and fails once it is fixed),
// and the property that found it tolerates exactly that shape, with a `// BUG(id):` comment at the tolerance,
// so that the suite stays green without losing the property. Once fixed, the tolerance is deleted and the case
// becomes a plain `it`, as all of these are: all four were fixed in 975e7db.

export interface KnownBug {
  readonly id: string;
  readonly summary: string;
  /** The parser and the input: fed whole, and one byte at a time. */
  readonly kind: 'request' | 'response';
  readonly options: Record<string, unknown>;
  readonly input: string;
}

/** Fixed bugs: each input gave different events fed whole and one byte at a time; `summary` says how. */
export const FIXED_BUGS: readonly KnownBug[] = [
  // split-bare-cr (fixed): a piece that ends inside a line is checked at once for a CR not followed by LF, but a
  // whole line is handed to the grammar, which reports the first bad byte of the line. So when a line holds a bad
  // byte before a bare CR, or a bare CR before a bare LF, the error depends on where the input was cut.
  { id: 'split-bare-cr', summary: 'bare CR after an invalid method byte: whole → INVALID_METHOD@0, byte-at-a-time → BARE_CR@1', kind: 'request', options: {}, input: '\x01\rx\r\n' },
  { id: 'split-bare-cr', summary: 'bare CR after an invalid field-name byte: whole → INVALID_FIELD_NAME@17, byte-at-a-time → BARE_CR@18', kind: 'request', options: {}, input: 'GET / HTTP/1.1\r\nA;\rb\r\n\r\n' },
  { id: 'split-bare-cr', summary: 'bare CR then bare LF in a field line: whole → BARE_LF@21, byte-at-a-time → BARE_CR@19', kind: 'request', options: {}, input: 'GET / HTTP/1.1\r\nA: \rb\n\r\n' },
  { id: 'split-bare-cr', summary: 'bare CR in the status code: whole → INVALID_STATUS_LINE@9, byte-at-a-time → BARE_CR@9', kind: 'response', options: {}, input: 'HTTP/1.1 \r04 x\r\n\r\n' },
  { id: 'split-bare-cr', summary: 'bare CR in a line over the limit: whole → REQUEST_LINE_TOO_LONG@0, byte-at-a-time → BARE_CR@0', kind: 'request', options: { limits: { maxStartLineBytes: 1 } }, input: '\rab\r\n' },
  { id: 'split-bare-cr', summary: 'bare CR in a field line past maxFieldCount: whole → TOO_MANY_FIELDS@16, byte-at-a-time → BARE_CR@17', kind: 'request', options: { limits: { maxFieldCount: 0 } }, input: 'GET / HTTP/1.1\r\nA\rb\r\n\r\n' },
  // split-limit-vs-bare-lf (fixed): a whole line ended by a bare LF is rejected for the LF before its length is
  // checked; the same line in pieces is rejected for its length as soon as it crosses the limit.
  { id: 'split-limit-vs-bare-lf', summary: 'line over maxStartLineBytes ended by a bare LF: whole → BARE_LF@2, byte-at-a-time → REQUEST_LINE_TOO_LONG@0', kind: 'request', options: { limits: { maxStartLineBytes: 1 } }, input: 'ab\n' },
  // split-empty-line-count (fixed): empty lines before a request-line are counted against maxStartLineBytes with
  // `next - pos`, the bytes of the current piece only; a CRLF split between pieces counts 1, not 2.
  { id: 'split-empty-line-count', summary: 'two empty lines over maxStartLineBytes 3: whole → REQUEST_LINE_TOO_LONG@2, byte-at-a-time → no error', kind: 'request', options: { limits: { maxStartLineBytes: 3 } }, input: '\r\n\r\n' },
  // until-close-offset (fixed): a close-delimited body that crosses maxBodyBytes is rejected at the start of the
  // piece that crosses, and none of that piece is delivered; so both the data delivered and the error offset
  // depend on the cuts. (Expected: data up to the limit, BODY_TOO_LARGE at the first byte past it.)
  { id: 'until-close-offset', summary: 'close-delimited body over maxBodyBytes 1: whole → BODY_TOO_LARGE@19 and no data, byte-at-a-time → data "a" then BODY_TOO_LARGE@20', kind: 'response', options: { limits: { maxBodyBytes: 1 } }, input: 'HTTP/1.1 200 OK\r\n\r\nab' },
];
