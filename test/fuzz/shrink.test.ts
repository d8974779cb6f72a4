/**
 * The shrinker against pure oracles (h1ref's strict request parser, or predicates on the bytes): no sockets. Every
 * oracle is wrapped in a recorder that fails the test when the shrinker sends the same bytes twice or sends the
 * input it started from, and that counts the calls, so that each test also checks the budget's accounting.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { field, message, chunk, cloneStream, streamText, writeStream, type Stream } from '../../src/fuzz/parts.js';
import { ddmin, shrinkFinding, shrinkParts, type ShrinkBudget, type ShrinkResult } from '../../src/fuzz/shrink.js';
import { RequestParser } from '../../src/parser/request-parser.js';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const UNLIMITED: ShrinkBudget = { maxExchanges: Infinity, deadline: Infinity };

/** The strict parser's first error code for the bytes, if any. */
function errorCode(input: Uint8Array): string | undefined {
  for (const e of new RequestParser().push(input)) if (e.type === 'error') return e.error.code;
  return undefined;
}

/** Wraps a pure predicate as an oracle that records every call and every protocol breach. */
function recorder(predicate: (b: Uint8Array) => boolean, original: Uint8Array) {
  const seen = new Set<string>();
  const breaches: string[] = [];
  const rec = {
    calls: 0,
    breaches,
    oracle: async (b: Uint8Array): Promise<boolean> => {
      rec.calls++;
      const key = text(b);
      if (seen.has(key)) breaches.push(`sent twice: ${JSON.stringify(key)}`);
      if (key === text(original)) breaches.push('sent the original input');
      seen.add(key);
      return predicate(b);
    },
  };
  return rec;
}

/** What every result must satisfy: it passes the oracle (or is the original), and the accounting is exact. */
function checkResult(result: ShrinkResult, predicate: (b: Uint8Array) => boolean, original: Uint8Array, rec: ReturnType<typeof recorder>): void {
  expect(rec.breaches).toEqual([]);
  expect(result.exchanges).toBe(rec.calls);
  expect(predicate(result.bytes) || text(result.bytes) === text(original)).toBe(true);
  if (result.stream !== null) expect(text(writeStream(result.stream))).toBe(text(result.bytes));
}

/** Thirty field lines, one of which ends with a bare LF, and a Content-Length body. */
function bigRequestWithBareLf(): Stream {
  const fields = [field('Host', 'example.com')];
  for (let i = 0; i < 30; i++) fields.push(field(`X-Filler-${i}`, `value number ${i} with some words`));
  fields[17] = { ...fields[17]!, eol: '\n' };
  fields.push(field('Content-Length', '11'));
  return { messages: [message('POST', '/upload/some/path?q=1', fields, { kind: 'raw', data: 'hello world' })], trailing: '' };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('shrinkFinding against the strict parser', () => {
  test('a bare LF in one of thirty field lines (RFC 9112 §2.2) shrinks to the lone LF, through the one field line', async () => {
    const stream = bigRequestWithBareLf();
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'BARE_LF';
    expect(predicate(original)).toBe(true);

    const partsRec = recorder(predicate, original);
    const parts = await shrinkParts({ stream }, partsRec.oracle, UNLIMITED);
    checkResult(parts, predicate, original, partsRec);
    // Structurally: every other field line and the body gone (its Content-Length line with it), tokens cut to one
    // character; the bare LF's line survives.
    expect(text(parts.bytes)).toBe('P / HTTP/1.1\r\nX: v\n\r\n');
    expect(parts.stages.map((s) => s.split(' ')[0])).toEqual(['fields', 'bodies', 'tokens']);
    expect(parts.exhausted).toBe(false);

    const rec = recorder(predicate, original);
    const result = await shrinkFinding({ stream }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    // The parser checks every byte, so the LF alone is already a bare LF.
    expect(text(result.bytes)).toBe('\n');
    expect(result.stream).toBeNull();
    expect(result.stages.at(-1)).toMatch(/^ddmin \d+→1$/);
  });

  test('a control byte in a field value (RFC 9110 §5.5) shrinks to the smallest request that reaches that value', async () => {
    const stream = bigRequestWithBareLf();
    stream.messages[0]!.fields[17] = { ...stream.messages[0]!.fields[17]!, eol: '\r\n', value: 'val\x01ue' };
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'INVALID_FIELD_VALUE';
    expect(predicate(original)).toBe(true);
    const rec = recorder(predicate, original);
    const result = await shrinkFinding({ stream }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    // A one-letter method, the shortest target, the version, then a field line of a one-letter name, the colon,
    // the byte and the line's CRLF (the value is only checked once its line is complete).
    expect(text(result.bytes)).toBe('P / HTTP/1.1\r\nX:\x01\r\n');
  });

  test('when only the structural stage fits the budget, the stream is returned with its bytes', async () => {
    const stream = bigRequestWithBareLf();
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'BARE_LF';
    const parts = await shrinkParts({ stream }, recorder(predicate, original).oracle, UNLIMITED);
    const rec = recorder(predicate, original);
    const result = await shrinkFinding({ stream }, rec.oracle, { maxExchanges: parts.exchanges, deadline: Infinity });
    checkResult(result, predicate, original, rec);
    expect(result.exhausted).toBe(true);
    expect(result.stream).toEqual(parts.stream);
    expect(text(result.bytes)).toBe(text(parts.bytes));
  });
});

describe('shrinking a pipeline', () => {
  /** Three messages; the second has both framing fields, the first and third have neither. */
  function pipeline(): Stream {
    return {
      messages: [
        message('GET', '/first', [field('Host', 'a.example'), field('Accept', '*/*'), field('User-Agent', 'fuzz/1.0')]),
        message(
          'POST',
          '/second',
          [field('Host', 'a.example'), field('Transfer-Encoding', 'chunked'), field('X-Pad', 'pad'), field('Content-Length', '5'), field('Accept', '*/*')],
          { kind: 'chunked', chunks: [chunk('hello'), chunk('world'), chunk('')], trailers: [field('X-Trailer', 'yes')], end: '\r\n' },
        ),
        message('GET', '/third', [field('Host', 'a.example'), field('Connection', 'close')]),
      ],
      trailing: 'GARBAGE',
    };
  }
  // A field line of each name: at the start of the input or of a line.
  const predicate = (b: Uint8Array) => /^Transfer-Encoding:/m.test(text(b)) && /^Content-Length:/m.test(text(b));

  test('from three messages to the one that has Transfer-Encoding and Content-Length, with just those field lines', async () => {
    const stream = pipeline();
    const original = writeStream(stream);
    const rec = recorder(predicate, original);
    const parts = await shrinkParts({ stream }, rec.oracle, UNLIMITED);
    checkResult(parts, predicate, original, rec);
    expect(parts.stream.messages).toHaveLength(1);
    const [only] = parts.stream.messages;
    expect(only!.fields.map((f) => f.name)).toEqual(['Transfer-Encoding', 'Content-Length']);
    expect(parts.stream.trailing).toBe('');
    // The chunks other than the last and the trailer line went; the last chunk stays (it ends the body).
    expect(only!.body).toEqual({ kind: 'chunked', chunks: [chunk('')], trailers: [], end: '\r\n' });
    expect(streamText(parts.stream)).toBe('P / HTTP/1.1\r\nTransfer-Encoding: c\r\nContent-Length: 5\r\n\r\n0\r\n\r\n');
  });

  test('byte-level, down to the two names, each at the start of a line', async () => {
    const stream = pipeline();
    const original = writeStream(stream);
    const rec = recorder(predicate, original);
    const result = await shrinkFinding({ stream }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    expect(text(result.bytes)).toBe('Transfer-Encoding:\nContent-Length:');
  });

  test('chunk data shrinks with its size line kept in step; the other chunks and the trailers go', async () => {
    const stream: Stream = {
      messages: [
        message('POST', '/', [field('Host', 'example.com'), field('Transfer-Encoding', 'chunked'), field('X-Junk', 'junk')], {
          kind: 'chunked',
          chunks: [chunk('aaaaaaaa'), chunk('bbbbZbbbbbbbbbbb'), chunk('cc'), chunk('')],
          trailers: [field('X-T', '1'), field('X-U', '2')],
          end: '\r\n',
        }),
      ],
      trailing: '',
    };
    const original = writeStream(stream);
    // The strict parser accepts the message and its body holds a Z.
    const predicate = (b: Uint8Array): boolean => {
      let body = '';
      let ended = false;
      for (const e of new RequestParser().push(b)) {
        if (e.type === 'error') return false;
        if (e.type === 'data') body += text(e.data);
        if (e.type === 'end') ended = true;
      }
      return ended && body.includes('Z');
    };
    expect(predicate(original)).toBe(true);
    const rec = recorder(predicate, original);
    const parts = await shrinkParts({ stream }, rec.oracle, UNLIMITED);
    checkResult(parts, predicate, original, rec);
    expect(streamText(parts.stream)).toBe('P / HTTP/1.1\r\nHost: e\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nZ\r\n0\r\n\r\n');
  });
});

describe('exchanges', () => {
  test('across both stages, no bytes are sent twice, and neither the input nor a best so far is sent', async () => {
    const stream = bigRequestWithBareLf();
    stream.messages.push(message('GET', '/again', [field('Host', 'example.com'), field('X-A', 'a')]));
    stream.trailing = 'GET / HTTP/1.1\r\n';
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'BARE_LF';
    const sent: string[] = [];
    const passed = new Set<string>([text(original)]);
    const oracle = async (b: Uint8Array) => {
      sent.push(text(b));
      expect(passed.has(text(b))).toBe(false);
      const verdict = predicate(b);
      if (verdict) passed.add(text(b));
      return verdict;
    };
    const result = await shrinkFinding({ stream }, oracle, UNLIMITED);
    expect(new Set(sent).size).toBe(sent.length);
    expect(result.exchanges).toBe(sent.length);
    expect(predicate(result.bytes)).toBe(true);
    expect(text(result.bytes)).toBe('\n');
  });
});

describe('the budget', () => {
  const stream = bigRequestWithBareLf();
  const original = writeStream(stream);
  const predicate = (b: Uint8Array) => errorCode(b) === 'BARE_LF';

  test('never more exchanges than the budget allows, and the result still passes', async () => {
    const unlimited = await shrinkFinding({ stream }, recorder(predicate, original).oracle, UNLIMITED);
    const full = unlimited.exchanges;
    expect(unlimited.exhausted).toBe(false);
    for (const maxExchanges of [0, 1, 2, 5, 13, full - 1, full, full + 10]) {
      const rec = recorder(predicate, original);
      const result = await shrinkFinding({ stream }, rec.oracle, { maxExchanges, deadline: Infinity });
      checkResult(result, predicate, original, rec);
      expect(rec.calls).toBe(Math.min(maxExchanges, full));
      expect(result.exhausted).toBe(maxExchanges <= full);
      if (maxExchanges >= full) expect(text(result.bytes)).toBe(text(unlimited.bytes));
    }
  });

  test('ddmin alone keeps to the budget too', async () => {
    for (const maxExchanges of [0, 1, 3, 10]) {
      const rec = recorder(predicate, original);
      const result = await ddmin(original, rec.oracle, { maxExchanges, deadline: Infinity });
      checkResult(result, predicate, original, rec);
      expect(rec.calls).toBeLessThanOrEqual(maxExchanges);
    }
  });

  test('a deadline already past: the original, after no exchange at all', async () => {
    const deadline = performance.now() - 1;
    for (const run of [
      (o: (b: Uint8Array) => Promise<boolean>) => shrinkFinding({ stream, baseline: cloneStream(stream) }, o, { maxExchanges: Infinity, deadline }),
      (o: (b: Uint8Array) => Promise<boolean>) => shrinkParts({ stream }, o, { maxExchanges: Infinity, deadline }),
      (o: (b: Uint8Array) => Promise<boolean>) => ddmin(original, o, { maxExchanges: Infinity, deadline }),
    ]) {
      const rec = recorder(predicate, original);
      const result = await run(rec.oracle);
      expect(rec.calls).toBe(0);
      expect(result.exchanges).toBe(0);
      expect(text(result.bytes)).toBe(text(original));
      if (result.stream !== null) expect(result.stream).toEqual(stream);
      expect(result.stages).toEqual([]);
      expect(result.exhausted).toBe(true);
    }
  });

  test('a deadline reached while shrinking: no call starts after it', async () => {
    // A clock that each exchange moves on by 10 ms: calls start at 0, 10, 20 and 30, and at 40 the 35 ms deadline
    // has passed.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const rec = recorder(predicate, original);
    const oracle = async (b: Uint8Array) => {
      const verdict = await rec.oracle(b);
      now += 10;
      return verdict;
    };
    const result = await shrinkFinding({ stream }, oracle, { maxExchanges: Infinity, deadline: 35 });
    checkResult(result, predicate, original, rec);
    expect(rec.calls).toBe(4);
    expect(result.exhausted).toBe(true);
  });
});

describe('shrinking against a baseline', () => {
  function baseline(): Stream {
    return {
      messages: [message('GET', '/', [field('Host', 'example.com'), field('Accept', '*/*'), field('User-Agent', 'ua'), field('X-A', '1'), field('X-B', '2')])],
      trailing: '',
    };
  }

  test('diffSlots names the one slot an edit touched (RFC 9112 §5.1: whitespace before the colon), the other edits restored', async () => {
    const base = baseline();
    const stream = cloneStream(base);
    const m = stream.messages[0]!;
    m.fields[2]!.colon = ' : '; // the edit that matters
    m.fields[4]!.value = 'changed'; // edits that do not
    m.target = '/changed';
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'WHITESPACE_BEFORE_COLON';
    expect(predicate(original)).toBe(true);
    const rec = recorder(predicate, original);
    const result = await shrinkFinding({ stream, baseline: base }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    expect(result.diffSlots).toEqual(['m0.f2.colon']);
    expect(result.stages[0]).toMatch(/^restore /);
    // The baseline is left as it was.
    expect(base).toEqual(baseline());
  });

  test('a field line an edit added is named as a whole line, numbered as in the input (RFC 9110 §8.6)', async () => {
    const base: Stream = {
      messages: [message('POST', '/', [field('Host', 'example.com'), field('Content-Length', '5'), field('Accept', '*/*')], { kind: 'raw', data: 'hello' })],
      trailing: '',
    };
    const stream = cloneStream(base);
    stream.messages[0]!.fields.splice(2, 0, field('Content-Length', '6'));
    stream.messages[0]!.method = 'PUT';
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'CONFLICTING_CONTENT_LENGTH';
    expect(predicate(original)).toBe(true);
    const rec = recorder(predicate, original);
    const result = await shrinkParts({ stream, baseline: base }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    expect(result.diffSlots).toEqual(['m0.f2']);
  });

  test('a second line of a name added before the first is the added line (RFC 9110 §8.6)', async () => {
    const base: Stream = {
      messages: [message('POST', '/', [field('Host', 'example.com'), field('Content-Length', '5'), field('Accept', '*/*')], { kind: 'raw', data: 'hello' })],
      trailing: '',
    };
    const stream = cloneStream(base);
    stream.messages[0]!.fields.splice(1, 0, field('Content-Length', '6'));
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'CONFLICTING_CONTENT_LENGTH';
    const rec = recorder(predicate, original);
    const result = await shrinkParts({ stream, baseline: base }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    expect(result.diffSlots).toEqual(['m0.f1']);
  });

  test('a field line an edit removed is named by its place in the baseline (RFC 9112 §3.2: Host is required)', async () => {
    const base = baseline();
    const stream = cloneStream(base);
    stream.messages[0]!.fields.splice(0, 1);
    stream.messages[0]!.fields[1]!.value = 'x';
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'MISSING_HOST';
    expect(predicate(original)).toBe(true);
    const rec = recorder(predicate, original);
    const result = await shrinkParts({ stream, baseline: base }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    expect(result.diffSlots).toEqual(['m0.f0']);
  });

  test('separate line edits in one list are restored separately, and named in the numbering of the minimal diff', async () => {
    const base = baseline(); // Host, Accept, User-Agent, X-A, X-B
    const stream = cloneStream(base);
    const fields = stream.messages[0]!.fields;
    fields.splice(2, 1); // User-Agent removed: restorable
    fields.splice(1, 0, field('Content-Length', '1')); // two lines added: together they conflict
    fields.push(field('Content-Length', '2'));
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => errorCode(b) === 'CONFLICTING_CONTENT_LENGTH';
    expect(predicate(original)).toBe(true);
    const rec = recorder(predicate, original);
    const result = await shrinkParts({ stream, baseline: base }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    // With User-Agent back, the lines are Host, CL 1, Accept, User-Agent, X-A, X-B, CL 2.
    expect(result.diffSlots).toEqual(['m0.f1', 'm0.f6']);
  });

  test('many restorations applied together put every line back in its place', async () => {
    const base: Stream = { messages: [message('GET', '/', Array.from({ length: 8 }, (_, i) => field(`F${i}`, `v${i}`)))], trailing: '' };
    const stream = cloneStream(base);
    const fields = stream.messages[0]!.fields;
    fields[6]!.value = 'Z'; // the edit that matters
    fields.splice(4, 1);
    fields.splice(1, 1);
    fields.splice(4, 0, field('J1', 'j'));
    fields.unshift(field('J0', 'j'));
    stream.messages[0]!.method = 'PUT';
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => text(b).includes('Z');
    const rec = recorder(predicate, original);
    const result = await shrinkParts({ stream, baseline: base }, rec.oracle, UNLIMITED);
    checkResult(result, predicate, original, rec);
    // Six differences (two lines added, two removed, the method, the value): the first three go back together.
    expect(result.diffSlots).toEqual(['m0.f6.value']);
    expect(rec.calls).toBeGreaterThan(0);
  });

  test('without a baseline there is no diffSlots; with a different message count it is the stream', async () => {
    const base = baseline();
    const stream = cloneStream(base);
    stream.messages.push(message('GET', '/', [field('Host', 'a')]));
    const original = writeStream(stream);
    const predicate = (b: Uint8Array) => text(b).includes('GET');
    const plain = await shrinkParts({ stream }, recorder(predicate, original).oracle, UNLIMITED);
    expect(plain.diffSlots).toBeUndefined();
    const rec = recorder(predicate, original);
    const against = await shrinkParts({ stream, baseline: base }, rec.oracle, UNLIMITED);
    checkResult(against, predicate, original, rec);
    expect(against.diffSlots).toEqual(['stream']);
  });
});

describe('ddmin (property)', () => {
  /** Whether `pattern` occurs in `b` in order, not necessarily contiguously. */
  function hasSubsequence(b: Uint8Array, pattern: readonly number[]): boolean {
    let k = 0;
    for (let i = 0; i < b.length && k < pattern.length; i++) if (b[i] === pattern[k]) k++;
    return k === pattern.length;
  }

  function isOneMinimal(b: Uint8Array, predicate: (b: Uint8Array) => boolean): boolean {
    for (let i = 0; i < b.length; i++) if (predicate(new Uint8Array([...b.subarray(0, i), ...b.subarray(i + 1)]))) return false;
    return true;
  }

  // Bytes from a small alphabet half the time, so that the pattern's bytes also occur where they are not needed.
  const byte = fc.oneof(fc.integer({ min: 0x61, max: 0x63 }), fc.integer({ min: 0, max: 255 }));

  test('the result passes, is 1-minimal, and for a subsequence oracle is the subsequence itself', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(byte, fc.boolean()), { maxLength: 48 }), async (marked) => {
        const input = new Uint8Array(marked.map(([b]) => b));
        const pattern = marked.filter(([, keep]) => keep).map(([b]) => b);
        const predicate = (b: Uint8Array) => hasSubsequence(b, pattern);
        const rec = recorder(predicate, input);
        const result = await ddmin(input, rec.oracle, UNLIMITED);
        checkResult(result, predicate, input, rec);
        expect(predicate(result.bytes)).toBe(true);
        expect(isOneMinimal(result.bytes, predicate)).toBe(true);
        // Any byte beyond the pattern could be removed, so 1-minimal means exactly the pattern.
        expect([...result.bytes]).toEqual(pattern);
      }),
      { seed: 20261203, numRuns: 200 },
    );
  });

  test('for a substring oracle the result is the substring', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(byte, { maxLength: 48 }).chain((list) => fc.tuple(fc.constant(list), fc.nat(list.length), fc.nat(list.length))),
        async ([list, a, b]) => {
          const input = new Uint8Array(list);
          const needle = text(input.subarray(Math.min(a, b), Math.max(a, b)));
          const predicate = (x: Uint8Array) => text(x).includes(needle);
          const rec = recorder(predicate, input);
          const result = await ddmin(input, rec.oracle, UNLIMITED);
          checkResult(result, predicate, input, rec);
          expect(text(result.bytes)).toBe(needle);
        },
      ),
      { seed: 20261204, numRuns: 200 },
    );
  });
});

describe('ddmin with candidates in parallel', () => {
  test('gives the same minimal bytes as one at a time, and never exceeds its budget', async () => {
    const input = new Uint8Array(Buffer.from('POST / HTTP/1.1\r\nHost: a\r\nX-One: 1\r\nContent-Length: 3\r\nX-Two: 2\r\n\r\nabc', 'latin1'));
    // The oracle: the bytes still hold "Host" and "Length" in that order.
    const oracle = async (b: Uint8Array): Promise<boolean> => /Host[^]*Length/.test(Buffer.from(b).toString('latin1'));
    const one = await ddmin(input, oracle, { maxExchanges: Infinity, deadline: Infinity });
    const eight = await ddmin(input, oracle, { maxExchanges: Infinity, deadline: Infinity, parallel: 8 });
    expect(Buffer.from(eight.bytes).toString('latin1')).toBe(Buffer.from(one.bytes).toString('latin1'));
    expect(Buffer.from(one.bytes).toString('latin1')).toBe('HostLength');
    let calls = 0;
    const counted = async (b: Uint8Array): Promise<boolean> => { calls++; return oracle(b); };
    const limited = await ddmin(input, counted, { maxExchanges: 13, deadline: Infinity, parallel: 8 });
    expect(calls).toBe(13);
    expect(limited.exchanges).toBe(13);
  });
});
