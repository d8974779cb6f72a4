// The stream operators, the byte-mutation operator and the delivery chooser (src/fuzz/stream-ops.ts), and the
// byte mutations they share with the property tests (src/fuzz/mutate.ts).
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { generateStream } from '../../src/fuzz/grammar.js';
import {
  INSERTS, MAX_DELETE_LENGTH, MAX_DUPLICATE_LENGTH, MAX_MUTATIONS, MUTATION_KINDS, SET_BYTES, mutate, randomMutations, type Mutation,
} from '../../src/fuzz/mutate.js';
import type { Operator } from '../../src/fuzz/operator.js';
import { chunkedBody, field, message, streamText, withContentLength, type Stream, writeStream } from '../../src/fuzz/parts.js';
import { inputRandom, Random } from '../../src/fuzz/random.js';
import {
  BYTE_OPERATOR, CONCATENATE, DELETE_MESSAGE, DUPLICATE_MESSAGE, MAX_CUTS, RECHUNK, SHIFT_BOUNDARY, SPLIT_MESSAGE, STREAM_OPERATORS,
  chooseDelivery, concatStreams, deleteMessage, duplicateMessage, rechunk, shiftBoundary, splitMessage, type DeliveryMode,
} from '../../src/fuzz/stream-ops.js';
import { collectMessages } from '../../src/parser/collect-messages.js';
import { RequestParser } from '../../src/parser/request-parser.js';
import { syntacticBoundaries } from '../../src/probe/delivery.js';

const SEED = 7;

const get = (target = '/', extra: [string, string][] = []): Stream => ({
  messages: [message('GET', target, [field('Host', 'a'), ...extra.map(([n, v]) => field(n, v))])],
  trailing: '',
});

const post = (body: string): Stream => ({
  messages: [withContentLength(message('POST', '/p', [field('Host', 'a')], { kind: 'raw', data: body }))],
  trailing: '',
});

const chunked = (datas: string[]): Stream => ({
  messages: [message('POST', '/c', [field('Host', 'a'), field('Transfer-Encoding', 'chunked')], chunkedBody(datas))],
  trailing: '',
});

const pipeline = (...streams: Stream[]): Stream => ({ messages: streams.flatMap((s) => s.messages), trailing: '' });

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** The bodies the strict parser delivers, one per message it ends, and whether it reported an error. */
function bodies(s: Stream): { bodies: string[]; error: boolean } {
  const collected = collectMessages(new RequestParser().push(writeStream(s)));
  return { bodies: collected.messages.map((m) => latin1(m.body)), error: collected.error !== null };
}

describe('stream operators: exact effects', () => {
  it('concatStreams: the bytes of the first stream, then the second; trailing bytes of the first keep their place', () => {
    const a = get('/a');
    const b = post('xy');
    const ab = concatStreams(a, b);
    expect(ab.messages).toHaveLength(2);
    expect(streamText(ab)).toBe(streamText(a) + streamText(b));
    const withTrailing: Stream = { ...get('/a'), trailing: 'junk' };
    const joined = concatStreams(withTrailing, b);
    expect(joined.messages).toHaveLength(1);
    expect(joined.trailing).toBe(`junk${streamText(b)}`);
    expect(streamText(joined)).toBe(`${streamText(withTrailing)}${streamText(b)}`);
  });

  it('stream-concatenate: `self` doubles the stream, `fresh` appends a generated one', () => {
    const s = pipeline(get('/a'), post('xy'));
    const self = CONCATENATE.apply(s, new Random(1), 'self')!;
    expect(streamText(self.stream)).toBe(streamText(s).repeat(2));
    expect(self.slot).toBe('stream');
    const fresh = CONCATENATE.apply(s, new Random(1), 'fresh')!;
    expect(streamText(fresh.stream).startsWith(streamText(s))).toBe(true);
    expect(fresh.stream.messages.length).toBeGreaterThan(2);
  });

  it('splitMessage repeat-line: two requests, the field lines divided between them, the body with the second', () => {
    const s = post('hello');
    const out = splitMessage(s, 0, 1, 'repeat-line')!;
    expect(streamText(out)).toBe('POST /p HTTP/1.1\r\nHost: a\r\n\r\nPOST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello');
    expect(streamText(splitMessage(s, 0, 0, 'repeat-line')!)).toBe(`POST /p HTTP/1.1\r\n\r\n${streamText(s)}`);
    expect(streamText(splitMessage(s, 0, 2, 'repeat-line')!)).toBe('POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nPOST /p HTTP/1.1\r\n\r\nhello');
  });

  it('splitMessage bare: the same bytes with one CRLF inserted before a field line', () => {
    const s = get('/', [['X', '1'], ['Y', '2']]);
    const out = splitMessage(s, 0, 1, 'bare')!;
    expect(out.messages).toHaveLength(2);
    expect(streamText(out)).toBe('GET / HTTP/1.1\r\nHost: a\r\n\r\nX: 1\r\nY: 2\r\n\r\n');
    expect(out.messages[1]!.method).toBe('X: 1');
    expect(splitMessage(s, 0, 3, 'bare')).toBeNull();
    expect(splitMessage(s, 1, 0, 'bare')).toBeNull();
  });

  it('stream-split-message applies only to a message with field lines, and names it', () => {
    const noFields: Stream = { messages: [message('GET', '/', [], { kind: 'none' }, 'HTTP/1.0')], trailing: '' };
    expect(SPLIT_MESSAGE.apply(noFields, new Random(1))).toBeNull();
    const s = pipeline(noFields, get('/b', [['X', '1']]));
    for (let seed = 0; seed < 50; seed++) {
      const edit = SPLIT_MESSAGE.apply(s, new Random(seed))!;
      expect(edit.slot).toBe('m1');
      expect(edit.stream.messages).toHaveLength(3);
      expect(edit.stream.messages[0]).toEqual(noFields.messages[0]);
    }
  });

  it('duplicateMessage and deleteMessage', () => {
    const s = pipeline(get('/a'), get('/b'), get('/c'));
    const [a, b, c] = s.messages.map((m) => streamText({ messages: [m], trailing: '' }));
    expect(streamText(duplicateMessage(s, 1)!)).toBe(a! + b! + b! + c!);
    expect(streamText(deleteMessage(s, 1)!)).toBe(a! + c!);
    expect(duplicateMessage(s, 3)).toBeNull();
    expect(deleteMessage(s, -1)).toBeNull();
    // The copy is a copy: editing it leaves the original alone.
    const dup = duplicateMessage(s, 0)!;
    dup.messages[1]!.method = 'PUT';
    expect(dup.messages[0]!.method).toBe('GET');
    // stream-delete-message needs two messages.
    expect(DELETE_MESSAGE.apply(get(), new Random(1))).toBeNull();
    expect(DUPLICATE_MESSAGE.apply({ messages: [], trailing: 'x' }, new Random(1))).toBeNull();
  });

  it('shiftBoundary earlier: the last bytes of message N start message N + 1; Content-Length is left as it was', () => {
    const s = pipeline(post('hello'), get('/b'));
    const out = shiftBoundary(s, 0, 'earlier', 2)!;
    expect(streamText(out)).toBe(streamText(s));
    expect(out.messages[0]!.body).toEqual({ kind: 'raw', data: 'hel' });
    expect(out.messages[1]!.method).toBe('loGET');
    expect(out.messages[0]!.fields.at(-1)).toEqual(field('Content-Length', '5'));
    // Past the body: into the empty line and the field lines before it.
    const far = shiftBoundary(s, 0, 'earlier', 8)!;
    expect(far.messages[0]!.body).toEqual({ kind: 'raw', data: '' });
    expect(far.messages[0]!.end).toBe('');
    expect(far.messages[0]!.fields.at(-1)!.eol).toBe('\r');
    expect(far.messages[1]!.method).toBe('\n\r\nhelloGET');
    expect(streamText(far)).toBe(streamText(s));
  });

  it('shiftBoundary later: the first bytes of message N + 1 end message N', () => {
    const s = pipeline(get('/a'), get('/b'));
    const out = shiftBoundary(s, 0, 'later', 5)!;
    expect(streamText(out)).toBe(streamText(s));
    expect(out.messages[0]!.end).toBe('\r\nGET /');
    expect(out.messages[1]!.method).toBe('');
    expect(out.messages[1]!.sp1).toBe('');
    expect(out.messages[1]!.target).toBe('b');
    // With a body, the bytes join the body.
    const p = shiftBoundary(pipeline(post('xy'), get('/b')), 0, 'later', 1)!;
    expect(p.messages[0]!.body).toEqual({ kind: 'raw', data: 'xyG' });
  });

  it('shiftBoundary keeps a chunked body\'s chunks while the bytes come from its end, and flattens it otherwise', () => {
    const s = pipeline(chunked(['abc']), get('/b'));
    const near = shiftBoundary(s, 0, 'earlier', 2)!;
    expect(near.messages[0]!.body.kind).toBe('chunked');
    expect(near.messages[1]!.method).toBe('\r\nGET');
    expect(streamText(near)).toBe(streamText(s));
    const far = shiftBoundary(s, 0, 'earlier', 6)!;
    expect(far.messages[0]!.body).toEqual({ kind: 'raw', data: '3\r\nabc\r' });
    expect(far.messages[1]!.method).toBe('\n0\r\n\r\nGET');
    expect(streamText(far)).toBe(streamText(s));
    expect(shiftBoundary(s, 1, 'earlier', 1)).toBeNull();
    expect(shiftBoundary(s, 0, 'later', 1000)).toBeNull();
  });

  it('stream-shift-boundary keeps the bytes and names the first message of the pair', () => {
    const s = pipeline(post('hello'), get('/b'), chunked(['abc', 'de']));
    for (let seed = 0; seed < 200; seed++) {
      const edit = SHIFT_BOUNDARY.apply(s, new Random(seed))!;
      expect(streamText(edit.stream)).toBe(streamText(s));
      expect(['m0', 'm1']).toContain(edit.slot);
      expect(edit.stream).not.toEqual(s);
    }
    expect(SHIFT_BOUNDARY.apply(post('x'), new Random(1))).toBeNull();
  });

  it('rechunk: new chunk sizes, the same data, the same last chunk and trailers', () => {
    const s = chunked(['hello', 'world']);
    const body = s.messages[0]!.body;
    if (body.kind === 'chunked') body.trailers.push(field('T', '1'));
    const out = rechunk(s, 0, [3, 3, 4])!;
    expect(streamText(out)).toBe(
      'POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n3\r\nlow\r\n4\r\norld\r\n0\r\nT: 1\r\n\r\n',
    );
    expect(streamText(rechunk(s, 0, [10], [2])!)).toContain('\r\n\r\n00a\r\nhelloworld\r\n0\r\n');
    expect(rechunk(s, 0, [3, 3])).toBeNull();
    expect(rechunk(s, 0, [0, 10])).toBeNull();
    expect(rechunk(post('x'), 0, [1])).toBeNull();
    // A chunk another operator broke is not repaired.
    const broken = chunked(['abc']);
    const bb = broken.messages[0]!.body;
    if (bb.kind === 'chunked') bb.chunks[0]!.size = '4';
    expect(rechunk(broken, 0, [3])).toBeNull();
    expect(RECHUNK.apply(broken, new Random(1))).toBeNull();
  });

  it('stream-rechunk keeps the decoded body (RFC 9112 §7.1) in every variant', () => {
    for (let i = 0; i < 300; i++) {
      const s = generateStream(inputRandom(SEED, i));
      const before = bodies(s);
      for (const variant of RECHUNK.variants) {
        const edit = RECHUNK.apply(s, inputRandom(SEED + 1, i), variant);
        if (edit === null) {
          expect(s.messages.some((m) => m.body.kind === 'chunked' && m.body.chunks.length > 1)).toBe(false);
          continue;
        }
        expect(edit.slot).toMatch(/^m\d+\.body$/);
        const after = bodies(edit.stream);
        expect(after.error).toBe(false);
        expect(after.bodies).toEqual(before.bodies);
        if (variant === 'one') {
          const m = edit.stream.messages[Number(edit.slot.slice(1, edit.slot.indexOf('.')))]!;
          expect(m.body.kind === 'chunked' && m.body.chunks.length).toBe(2);
        }
      }
    }
  });
});

describe('stream operators on random streams', () => {
  const all: Operator[] = [...STREAM_OPERATORS, BYTE_OPERATOR];

  it('the operators have unique names and the families stream and bytes', () => {
    expect(new Set(all.map((o) => o.name)).size).toBe(all.length);
    for (const op of STREAM_OPERATORS) expect(op.family).toBe('stream');
    expect(BYTE_OPERATOR.family).toBe('bytes');
    expect(STREAM_OPERATORS.map((o) => o.name)).toEqual([
      'stream-concatenate', 'stream-split-message', 'stream-duplicate-message', 'stream-delete-message', 'stream-shift-boundary', 'stream-rechunk',
    ]);
  });

  it('never throw, never modify their input, and answer the variant asked for (or null for an unknown one)', () => {
    const applied = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const s = i % 10 === 9 ? { messages: [], trailing: 'GET / HTTP/1.1\r\n' } : generateStream(inputRandom(SEED, i));
      const before = JSON.stringify(s);
      for (const op of all) {
        for (const variant of [undefined, ...op.variants]) {
          const edit = op.apply(s, inputRandom(SEED + 2, i), variant);
          expect(JSON.stringify(s), `${op.name} ${variant}`).toBe(before);
          if (edit === null) continue;
          applied.set(op.name, (applied.get(op.name) ?? 0) + 1);
          expect(op.variants).toContain(edit.variant);
          if (variant !== undefined) expect(edit.variant).toBe(variant);
          expect(edit.slot).toMatch(/^(stream|m\d+(\..+)?)$/);
          expect(() => writeStream(edit.stream)).not.toThrow();
        }
        expect(op.apply(s, new Random(i), 'no-such-variant')).toBeNull();
      }
    }
    for (const op of all) expect(applied.get(op.name) ?? 0, op.name).toBeGreaterThan(100);
  });

  it('the same seed gives the same edit', () => {
    for (let i = 0; i < 100; i++) {
      const s = generateStream(inputRandom(SEED, i));
      for (const op of all) {
        const a = op.apply(s, inputRandom(SEED, i));
        const b = op.apply(s, inputRandom(SEED, i));
        expect(b).toEqual(a);
      }
    }
  });
});

describe('bytes-mutate and the byte mutations', () => {
  it('returns no messages and the mutated bytes as latin1 trailing bytes', () => {
    const s: Stream = { ...pipeline(get('/a'), post('xy\xff')), trailing: '\x80junk' };
    for (let seed = 0; seed < 200; seed++) {
      const edit = BYTE_OPERATOR.apply(s, new Random(seed))!;
      expect(edit.stream.messages).toEqual([]);
      expect(edit.slot).toBe('stream');
      // With the variant given, the operator's draws are exactly randomMutations' (of that kind).
      for (const variant of BYTE_OPERATOR.variants) {
        const kind = variant === 'mixed' ? undefined : (variant as Mutation['kind']);
        const expected = latin1(mutate(writeStream(s), randomMutations(new Random(seed), kind)));
        expect(BYTE_OPERATOR.apply(s, new Random(seed), variant)!.stream.trailing).toBe(expected);
      }
    }
  });

  it('variant flip keeps the length and changes at most four bytes; delete shortens', () => {
    const s = get('/a');
    const text = streamText(s);
    for (let seed = 0; seed < 100; seed++) {
      const out = BYTE_OPERATOR.apply(s, new Random(seed), 'flip')!.stream.trailing;
      expect(out.length).toBe(text.length);
      let changed = 0;
      for (let k = 0; k < text.length; k++) if (out[k] !== text[k]) changed++;
      expect(changed).toBeLessThanOrEqual(MAX_MUTATIONS);
    }
    for (let seed = 0; seed < 100; seed++) {
      const out = BYTE_OPERATOR.apply(s, new Random(seed), 'delete')!.stream.trailing;
      expect(out.length).toBeLessThan(text.length);
      expect(out.length).toBeGreaterThanOrEqual(text.length - MAX_MUTATIONS * MAX_DELETE_LENGTH);
    }
  });

  it('mutate applies each kind exactly, positions modulo the length + 1, without touching its input', () => {
    const bytes = new Uint8Array(Buffer.from('abcdef', 'latin1'));
    const run = (list: Mutation[]): string => latin1(mutate(bytes, list));
    expect(run([{ kind: 'flip', at: 0, bit: 5 }])).toBe('Abcdef');
    expect(run([{ kind: 'set', at: 8, byte: 0x0a }])).toBe('a\ncdef');
    expect(run([{ kind: 'insert', at: 3, text: '\r\n' }])).toBe('abc\r\ndef');
    expect(run([{ kind: 'insert', at: 6, text: 'Z' }])).toBe('abcdefZ');
    expect(run([{ kind: 'delete', at: 4, length: 8 }])).toBe('abcd');
    expect(run([{ kind: 'duplicate', at: 1, length: 2 }])).toBe('abcbcdef');
    expect(run([{ kind: 'flip', at: 6, bit: 0 }])).toBe('abcdef');
    expect(latin1(bytes)).toBe('abcdef');
  });

  it('randomMutations: one to four mutations of every kind, with the arbitrary\'s ranges', () => {
    const kinds = new Set<string>();
    const counts = new Set<number>();
    let fromInserts = 0;
    let inserts = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const list = randomMutations(new Random(seed));
      counts.add(list.length);
      for (const m of list) {
        kinds.add(m.kind);
        expect(Number.isInteger(m.at) && m.at >= 0 && m.at <= 0x7fffffff).toBe(true);
        switch (m.kind) {
          case 'flip': expect(m.bit >= 0 && m.bit <= 7).toBe(true); break;
          case 'set': expect(m.byte >= 0 && m.byte <= 255).toBe(true); break;
          case 'insert':
            inserts++;
            if (INSERTS.includes(m.text)) fromInserts++;
            else {
              expect(m.text.length >= 1 && m.text.length <= 4).toBe(true);
              for (const c of m.text) expect(c.charCodeAt(0)).toBeLessThan(0x80);
            }
            break;
          case 'delete': expect(m.length >= 1 && m.length <= MAX_DELETE_LENGTH).toBe(true); break;
          case 'duplicate': expect(m.length >= 1 && m.length <= MAX_DUPLICATE_LENGTH).toBe(true); break;
        }
      }
    }
    expect([...kinds].sort()).toEqual([...MUTATION_KINDS].sort());
    expect([...counts].sort()).toEqual([1, 2, 3, 4]);
    // Four in five insertions come from the list (a random 1-byte string is sometimes in it too).
    expect(fromInserts / inserts).toBeGreaterThan(0.7);
    expect(SET_BYTES).toContain(0x0d);
  });
});

describe('chooseDelivery', () => {
  const bytes = writeStream(pipeline(post('hello world'), get('/b', [['Accept', '*/*']]), chunked(['abc', 'defgh'])));

  it('cuts are strictly inside the bytes, sorted, distinct and at most eight; pauses and half-close only in their modes', () => {
    for (let i = 0; i < 3000; i++) {
      const d = chooseDelivery(bytes, inputRandom(SEED, i));
      expect(d.cuts.length).toBeLessThanOrEqual(MAX_CUTS);
      for (let k = 0; k < d.cuts.length; k++) {
        expect(d.cuts[k]! > 0 && d.cuts[k]! < bytes.length).toBe(true);
        if (k > 0) expect(d.cuts[k]!).toBeGreaterThan(d.cuts[k - 1]!);
      }
      expect(d.cuts.length === 0).toBe(d.mode === 'whole' || d.mode === 'half-close');
      if (d.mode === 'pauses') expect(d.pauseMs >= 5 && d.pauseMs <= 20).toBe(true);
      else expect(d.pauseMs).toBe(0);
      expect(d.halfClose).toBe(d.mode === 'half-close');
    }
  });

  it('boundaries mode cuts only at syntactic boundaries of the probe, sampled down from all of them', () => {
    const all = new Set(syntacticBoundaries(bytes));
    let seen = 0;
    for (let i = 0; i < 2000; i++) {
      const d = chooseDelivery(bytes, inputRandom(SEED, i));
      if (d.mode !== 'boundaries') continue;
      seen++;
      expect(d.cuts.length).toBe(MAX_CUTS);
      for (const c of d.cuts) expect(all.has(c), String(c)).toBe(true);
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('every mode appears over 1,000 draws, whole about 70 % of them', () => {
    const seen = new Map<DeliveryMode, number>();
    for (let i = 0; i < 1000; i++) {
      const d = chooseDelivery(bytes, inputRandom(SEED, i));
      seen.set(d.mode, (seen.get(d.mode) ?? 0) + 1);
    }
    for (const mode of ['whole', 'boundaries', 'random', 'pauses', 'half-close'] as const) expect(seen.get(mode) ?? 0, mode).toBeGreaterThan(0);
    expect(seen.get('whole')!).toBeGreaterThan(600);
    expect(seen.get('whole')!).toBeLessThan(800);
  });

  it('bytes too short to cut go whole', () => {
    for (let i = 0; i < 200; i++) {
      for (const short of [new Uint8Array(0), new Uint8Array([0x47])]) {
        const d = chooseDelivery(short, inputRandom(SEED, i));
        expect(d.cuts).toEqual([]);
        expect(['whole', 'half-close']).toContain(d.mode);
      }
    }
  });

  it('the same seed gives the same delivery', () => {
    for (let i = 0; i < 100; i++) expect(chooseDelivery(bytes, inputRandom(SEED, i))).toEqual(chooseDelivery(bytes, inputRandom(SEED, i)));
  });
});
