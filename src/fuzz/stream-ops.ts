/**
 * Operators on whole streams, modelled on the stream mutations of the HTTP Garden: they move message boundaries
 * rather than bytes inside a message — append one stream to another, cut a message in two at a field line,
 * repeat or drop a message, move bytes from the end of one message to the start of the next, cut a chunked body
 * into other chunks. Where two peers disagree about where a message ends (RFC 9112 §6.3), such streams are what
 * turns the disagreement into request smuggling.
 *
 * Also here: the byte-mutation operator (the property tests' mutations, `mutate.ts`, as an {@link Operator}) and
 * {@link chooseDelivery}, which decides how an input's bytes are written to a target.
 *
 * Every operator works on a copy; the stream it is given is never modified.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { syntacticBoundaries } from '../probe/delivery.js';
import { HEXDIGS } from './alphabet.js';
import { generateStream } from './grammar.js';
import { mutate, MUTATION_KINDS, randomMutations, type Mutation } from './mutate.js';
import type { Edit, Operator } from './operator.js';
import {
  bodyText, chunk, cloneStream, fieldLineText, type BodyPart, type ChunkPart, type MessagePart, type Stream, streamText, writeStream,
} from './parts.js';
import type { Random } from './random.js';

// ---------------------------------------------------------------------------------------------------------------
// Helpers over the parts model.

// One string slot of a message, in the order writeStream writes it.
interface TextSlot {
  get(): string;
  set(value: string): void;
}

// The head's slots, request-line to the empty line: all written unconditionally, so their texts concatenated are
// exactly the head's bytes.
function headSlots(m: MessagePart): TextSlot[] {
  const slots: TextSlot[] = [
    { get: () => m.method, set: (v) => { m.method = v; } },
    { get: () => m.sp1, set: (v) => { m.sp1 = v; } },
    { get: () => m.target, set: (v) => { m.target = v; } },
    { get: () => m.sp2, set: (v) => { m.sp2 = v; } },
    { get: () => m.version, set: (v) => { m.version = v; } },
    { get: () => m.eol, set: (v) => { m.eol = v; } },
  ];
  for (const f of m.fields) {
    slots.push(
      { get: () => f.name, set: (v) => { f.name = v; } },
      { get: () => f.colon, set: (v) => { f.colon = v; } },
      { get: () => f.value, set: (v) => { f.value = v; } },
      { get: () => f.eol, set: (v) => { f.eol = v; } },
    );
  }
  slots.push({ get: () => m.end, set: (v) => { m.end = v; } });
  return slots;
}

function headText(m: MessagePart): string {
  let out = '';
  for (const s of headSlots(m)) out += s.get();
  return out;
}

// The slots of a message written unconditionally, in order. A chunked body's chunk lines are left out (a chunk
// whose size is `0` writes its data and data-eol only when it has data, so emptying one of its slots would change
// other bytes): only its trailer lines and final empty line are slots here.
function messageSlots(m: MessagePart): TextSlot[] {
  const slots = headSlots(m);
  const body = m.body;
  if (body.kind === 'raw') {
    slots.push({ get: () => body.data, set: (v) => { body.data = v; } });
  } else if (body.kind === 'chunked') {
    for (const t of body.trailers) {
      slots.push(
        { get: () => t.name, set: (v) => { t.name = v; } },
        { get: () => t.colon, set: (v) => { t.colon = v; } },
        { get: () => t.value, set: (v) => { t.value = v; } },
        { get: () => t.eol, set: (v) => { t.eol = v; } },
      );
    }
    slots.push({ get: () => body.end, set: (v) => { body.end = v; } });
  }
  return slots;
}

// Removes the last `count` bytes of the slots (as far back as needed) and returns them.
function takeTail(slots: readonly TextSlot[], count: number): string {
  let taken = '';
  for (let i = slots.length - 1; i >= 0 && count > 0; i--) {
    const value = slots[i]!.get();
    const n = Math.min(count, value.length);
    taken = value.slice(value.length - n) + taken;
    slots[i]!.set(value.slice(0, value.length - n));
    count -= n;
  }
  return taken;
}

// Removes the first `count` bytes of the slots (as far on as needed) and returns them.
function takeHead(slots: readonly TextSlot[], count: number): string {
  let taken = '';
  for (let i = 0; i < slots.length && count > 0; i++) {
    const value = slots[i]!.get();
    const n = Math.min(count, value.length);
    taken += value.slice(0, n);
    slots[i]!.set(value.slice(n));
    count -= n;
  }
  return taken;
}

// Appends bytes to the very end of a message: its last written slot.
function appendToMessage(m: MessagePart, text: string): void {
  const body = m.body;
  if (body.kind === 'raw') body.data += text;
  else if (body.kind === 'chunked') body.end += text;
  else m.end += text;
}

function chunkedTailLength(body: Extract<BodyPart, { kind: 'chunked' }>): number {
  let n = body.end.length;
  for (const t of body.trailers) n += fieldLineText(t).length;
  return n;
}

function editOf(stream: Stream, slot: string, variant: string): Edit {
  return { stream, slot, variant };
}

// An operator whose variant is chosen uniformly when not given; an unknown variant does not apply.
function streamOperator(
  name: string, description: string, variants: readonly string[], apply: (stream: Stream, random: Random, variant: string) => Edit | null,
): Operator {
  return Object.freeze({
    name,
    family: 'stream' as const,
    description,
    variants: Object.freeze([...variants]),
    apply(stream: Stream, random: Random, variant?: string): Edit | null {
      const v = variant ?? random.pick(variants);
      return variants.includes(v) ? apply(stream, random, v) : null;
    },
  });
}

/** The indices of `list` for which `keep` holds. */
function indicesWhere<T>(list: readonly T[], keep: (item: T) => boolean): number[] {
  const out: number[] = [];
  list.forEach((item, i) => {
    if (keep(item)) out.push(i);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Concatenation.

/**
 * The stream whose bytes are `first`'s followed by `second`'s. The messages of both are kept as messages when
 * `first` has no trailing bytes; otherwise `second` is appended to `first`'s trailing bytes as text (the parts
 * model has no place for bytes between two messages). Neither input is modified.
 */
export function concatStreams(first: Stream, second: Stream): Stream {
  const a = cloneStream(first);
  if (a.trailing !== '') return { messages: a.messages, trailing: a.trailing + streamText(second) };
  const b = cloneStream(second);
  return { messages: [...a.messages, ...b.messages], trailing: b.trailing };
}

/**
 * `stream-concatenate`: the stream followed by another — a fresh stream from the grammar (`fresh`) or a copy of
 * itself (`self`). A CONNECT or a `Connection: close` that was last is no longer last, which is the point: what a
 * peer does with bytes after a tunnel request or a close is one of the questions.
 */
export const CONCATENATE: Operator = streamOperator(
  'stream-concatenate',
  'appends a second stream (a fresh one or a copy) after the last message',
  ['fresh', 'self'],
  (stream, random, v) => {
    const second = v === 'fresh' ? generateStream(random.fork()) : stream;
    return editOf(concatStreams(stream, second), 'stream', v);
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Splitting, duplicating, deleting messages.

/** How {@link splitMessage} starts the second part. */
export type SplitMode = 'repeat-line' | 'bare';

/**
 * Cuts message `n`'s head before its field line `at`: the first part keeps the request-line and field lines
 * `0 … at − 1` and ends there, with an empty line and no body (RFC 9112 §2.1: the empty line ends the head). The
 * second part holds the other field lines, the original empty line and the body, and starts with
 *
 * - `repeat-line`: a copy of the request-line, so that they form a second request (`at` from 0 to the number of
 *   field lines);
 * - `bare`: nothing, so that field line `at` stands where a request-line is expected — the bytes are the
 *   original's with one CRLF inserted (`at` from 0 to the number of field lines − 1). In the parts model that line
 *   is the second message's `method` (name, separator and value), with its line ending as `eol` and the other
 *   request-line slots empty.
 *
 * Framing fields stay on whichever side of the cut they were. Returns null when `n` or `at` is out of range. The
 * input is not modified.
 */
export function splitMessage(stream: Stream, n: number, at: number, mode: SplitMode): Stream | null {
  const original = stream.messages[n];
  if (original === undefined || at < 0 || at > original.fields.length || (mode === 'bare' && at === original.fields.length)) return null;
  const out = cloneStream(stream);
  const m = out.messages[n]!;
  const first: MessagePart = { ...m, fields: m.fields.slice(0, at), end: '\r\n', body: { kind: 'none' } };
  let second: MessagePart;
  if (mode === 'repeat-line') {
    second = { ...m, fields: m.fields.slice(at) };
  } else {
    const line = m.fields[at]!;
    second = { ...m, method: line.name + line.colon + line.value, sp1: '', target: '', sp2: '', version: '', eol: line.eol, fields: m.fields.slice(at + 1) };
  }
  out.messages.splice(n, 1, first, second);
  return out;
}

/**
 * `stream-split-message`: {@link splitMessage} of a message that has field lines, at a random field-line
 * boundary.
 */
export const SPLIT_MESSAGE: Operator = streamOperator(
  'stream-split-message',
  'ends a message early at a field-line boundary, leaving its other field lines (and body) to a second message',
  ['repeat-line', 'bare'],
  (stream, random, v) => {
    const candidates = indicesWhere(stream.messages, (m) => m.fields.length > 0);
    if (candidates.length === 0) return null;
    const n = random.pick(candidates);
    const fields = stream.messages[n]!.fields.length;
    const mode = v as SplitMode;
    const out = splitMessage(stream, n, random.between(0, mode === 'bare' ? fields - 1 : fields), mode);
    return out === null ? null : editOf(out, `m${n}`, v);
  },
);

/** Message `n` twice in a row; null when there is no message `n`. The input is not modified. */
export function duplicateMessage(stream: Stream, n: number): Stream | null {
  if (n < 0 || n >= stream.messages.length) return null;
  const out = cloneStream(stream);
  const copy = cloneStream({ messages: [out.messages[n]!], trailing: '' }).messages[0]!;
  out.messages.splice(n + 1, 0, copy);
  return out;
}

/** `stream-duplicate-message`: {@link duplicateMessage} of a random message. */
export const DUPLICATE_MESSAGE: Operator = streamOperator(
  'stream-duplicate-message',
  'repeats a message right after itself',
  ['repeat'],
  (stream, random, v) => {
    if (stream.messages.length === 0) return null;
    const n = random.int(stream.messages.length);
    return editOf(duplicateMessage(stream, n)!, `m${n}`, v);
  },
);

/** The stream without message `n`; null when there is no message `n`. The input is not modified. */
export function deleteMessage(stream: Stream, n: number): Stream | null {
  if (n < 0 || n >= stream.messages.length) return null;
  const out = cloneStream(stream);
  out.messages.splice(n, 1);
  return out;
}

/** `stream-delete-message`: {@link deleteMessage} of a random message of a stream of two or more. */
export const DELETE_MESSAGE: Operator = streamOperator(
  'stream-delete-message',
  'removes one message of a pipeline',
  ['delete'],
  (stream, random, v) => {
    if (stream.messages.length < 2) return null;
    const n = random.int(stream.messages.length);
    return editOf(deleteMessage(stream, n)!, `m${n}`, v);
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Shifting the boundary between two messages.

/** The most bytes {@link SHIFT_BOUNDARY} moves across a boundary. */
export const MAX_SHIFT = 16;

/**
 * Moves the boundary between messages N and N + 1 by `count` bytes, keeping the stream's bytes: `earlier` takes
 * the last `count` bytes of message N and puts them in front of message N + 1's method; `later` takes the first
 * `count` bytes of message N + 1's head and puts them at the end of message N. Declared lengths are left as they
 * were, so a Content-Length now covers bytes of the neighbour. Returns null when N + 1 does not exist or the
 * message giving bytes has fewer than `count + 1` (a message is never emptied). The input is not modified.
 *
 * When `earlier` has to reach into a chunked body's chunks, that body becomes a raw body of the same bytes.
 */
export function shiftBoundary(stream: Stream, n: number, direction: 'earlier' | 'later', count: number): Stream | null {
  if (n < 0 || n + 1 >= stream.messages.length || count < 1) return null;
  const out = cloneStream(stream);
  const m = out.messages[n]!;
  const next = out.messages[n + 1]!;
  if (direction === 'earlier') {
    if (bodyText(m.body).length + headText(m).length <= count) return null;
    if (m.body.kind === 'chunked' && chunkedTailLength(m.body) < count) m.body = { kind: 'raw', data: bodyText(m.body) };
    next.method = takeTail(messageSlots(m), count) + next.method;
  } else {
    if (headText(next).length <= count) return null;
    appendToMessage(m, takeHead(headSlots(next), count));
  }
  return out;
}

/**
 * `stream-shift-boundary`: {@link shiftBoundary} between two neighbouring messages, by 1–2 bytes (a line
 * ending's worth) half of the time and by up to {@link MAX_SHIFT} otherwise.
 */
export const SHIFT_BOUNDARY: Operator = streamOperator(
  'stream-shift-boundary',
  'moves bytes across the boundary between two messages, leaving their declared lengths as they were',
  ['earlier', 'later'],
  (stream, random, v) => {
    if (stream.messages.length < 2) return null;
    const n = random.int(stream.messages.length - 1);
    const count = random.chance(0.5) ? random.between(1, 2) : random.between(1, MAX_SHIFT);
    // A shorter move when the giving message is too short for this one.
    for (let c = count; c >= 1; c--) {
      const out = shiftBoundary(stream, n, v as 'earlier' | 'later', c);
      if (out !== null) return editOf(out, `m${n}`, v);
    }
    return null;
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Re-chunking.

const isHexSize = (size: string): boolean => size.length > 0 && Array.from(size).every((c) => HEXDIGS.includes(c));

/**
 * The data chunks of a well-formed chunked body (every size the hex length of its data, then one last chunk of
 * size `0` with no data), or null when the body is not one: re-chunking must not quietly repair a chunk another
 * operator broke.
 */
function wellFormedDataChunks(body: BodyPart): ChunkPart[] | null {
  if (body.kind !== 'chunked' || body.chunks.length === 0) return null;
  const last = body.chunks[body.chunks.length - 1]!;
  if (last.size !== '0' || last.data !== '') return null;
  const data = body.chunks.slice(0, -1);
  for (const c of data) {
    if (!isHexSize(c.size) || Number.parseInt(c.size, 16) !== c.data.length || c.data.length === 0) return null;
    if (c.eol !== '\r\n' || c.dataEol !== '\r\n') return null;
  }
  return data;
}

/**
 * Message `n`'s chunked body with its data cut into chunks of the given `sizes` (which must be positive and add
 * up to the data's length), each size in lower-case hex after `leadingZeros[i]` zeros (none by default). The last
 * chunk and the trailer section are kept; the data chunks' extensions go with them. Returns null when message `n`
 * has no well-formed chunked body or the sizes do not fit. The input is not modified.
 */
export function rechunk(stream: Stream, n: number, sizes: readonly number[], leadingZeros: readonly number[] = []): Stream | null {
  const m = stream.messages[n];
  if (m === undefined) return null;
  const dataChunks = wellFormedDataChunks(m.body);
  if (dataChunks === null) return null;
  const data = dataChunks.map((c) => c.data).join('');
  let total = 0;
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1) return null;
    total += size;
  }
  if (total !== data.length) return null;
  const out = cloneStream(stream);
  const body = out.messages[n]!.body as Extract<BodyPart, { kind: 'chunked' }>;
  const last = body.chunks[body.chunks.length - 1]!;
  const chunks: ChunkPart[] = [];
  let at = 0;
  sizes.forEach((size, i) => {
    const c = chunk(data.slice(at, at + size));
    c.size = '0'.repeat(leadingZeros[i] ?? 0) + c.size;
    chunks.push(c);
    at += size;
  });
  body.chunks = [...chunks, last];
  return out;
}

/**
 * `stream-rechunk`: {@link rechunk} of a well-formed chunked body with data (RFC 9112 §7.1), keeping the data, the
 * last chunk and the trailer section: into `one` chunk, single `bytes`, `random` sizes (up to 32), or random sizes
 * `padded` with one to four leading zeros (`chunk-size = 1*HEXDIG` allows them; a peer that reads only so many
 * digits does not).
 */
export const RECHUNK: Operator = streamOperator(
  'stream-rechunk',
  'cuts a chunked body into different chunks, keeping its data',
  ['one', 'bytes', 'random', 'padded'],
  (stream, random, v) => {
    const candidates = indicesWhere(stream.messages, (m) => {
      const data = wellFormedDataChunks(m.body);
      return data !== null && data.length > 0;
    });
    if (candidates.length === 0) return null;
    const n = random.pick(candidates);
    const dataLength = wellFormedDataChunks(stream.messages[n]!.body)!.reduce((sum, c) => sum + c.data.length, 0);
    let sizes: number[];
    if (v === 'one') {
      sizes = [dataLength];
    } else if (v === 'bytes') {
      sizes = Array.from({ length: dataLength }, () => 1);
    } else {
      sizes = [];
      for (let left = dataLength; left > 0;) {
        const size = random.between(1, Math.min(left, 32));
        sizes.push(size);
        left -= size;
      }
    }
    const zeros = v === 'padded' ? sizes.map(() => random.between(1, 4)) : [];
    const out = rechunk(stream, n, sizes, zeros);
    return out === null ? null : editOf(out, `m${n}.body`, v);
  },
);

/** The stream operators, in a stable order. */
export const STREAM_OPERATORS: readonly Operator[] = Object.freeze([
  CONCATENATE, SPLIT_MESSAGE, DUPLICATE_MESSAGE, DELETE_MESSAGE, SHIFT_BOUNDARY, RECHUNK,
]);

// ---------------------------------------------------------------------------------------------------------------
// Byte mutations.

const BYTE_VARIANTS: readonly string[] = Object.freeze(['mixed', ...MUTATION_KINDS]);

/**
 * `bytes-mutate` (family `bytes`): the stream's bytes with one to four byte mutations (`randomMutations`) —
 * `mixed` kinds, or all of one kind (`flip`, `set`, …). A byte mutation can break any structure, so the result
 * no longer has messages: it is `{ messages: [], trailing: <the mutated bytes as latin1> }`, and its slot is
 * `stream`. Null only for a variant it does not have.
 */
export const BYTE_OPERATOR: Operator = Object.freeze({
  name: 'bytes-mutate',
  family: 'bytes' as const,
  description: 'applies one to four byte mutations (flip, set, insert, delete, duplicate) to the written bytes',
  variants: BYTE_VARIANTS,
  apply(stream: Stream, random: Random, variant?: string): Edit | null {
    // Mixed lists as often as lists of one kind, all kinds together.
    const v = variant ?? random.weighted<string>([[MUTATION_KINDS.length, 'mixed'], ...MUTATION_KINDS.map((k) => [1, k] as const)]);
    if (!BYTE_VARIANTS.includes(v)) return null;
    const list = randomMutations(random, v === 'mixed' ? undefined : (v as Mutation['kind']));
    const bytes = mutate(writeStream(stream), list);
    return editOf({ messages: [], trailing: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1') }, 'stream', v);
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Delivery.

/** How an input's bytes are written to a target. */
export type DeliveryMode = 'whole' | 'boundaries' | 'random' | 'pauses' | 'half-close';

/** A delivery chosen by {@link chooseDelivery}. */
export interface DeliveryChoice {
  /** How it was chosen. */
  readonly mode: DeliveryMode;
  /** Offsets to cut the bytes at: strictly inside them (0 < cut < length), sorted, no repeats; empty when whole. */
  readonly cuts: number[];
  /** Pause between pieces, ms: 5–20 for `pauses`, 0 otherwise (the pieces are written back to back). */
  readonly pauseMs: number;
  /** Whether the client shuts down its sending side after the last piece (`half-close` only). */
  readonly halfClose: boolean;
}

/** The most cuts a delivery makes. */
export const MAX_CUTS = 8;

// Up to `max` distinct offsets from `offsets` (each strictly inside `length`), sorted.
function sample(offsets: readonly number[], length: number, max: number, random: Random): number[] {
  const inside = [...new Set(offsets)].filter((o) => o > 0 && o < length);
  // A partial Fisher–Yates shuffle picks `max` of them without bias.
  for (let i = 0; i < Math.min(max, inside.length); i++) {
    const j = i + random.int(inside.length - i);
    [inside[i], inside[j]] = [inside[j]!, inside[i]!];
  }
  return inside.slice(0, max).sort((a, b) => a - b);
}

function randomOffsets(length: number, random: Random, max: number): number[] {
  const count = random.between(1, max);
  return sample(Array.from({ length: count }, () => random.between(1, length - 1)), length, max, random);
}

/**
 * How to write `bytes` to a target. Whole most of the time (about 70 %), since most differences show whole and a
 * whole write is the fastest; otherwise cut at up to {@link MAX_CUTS} syntactic boundaries (`syntacticBoundaries`
 * of the probe: a CR apart from its LF, a name apart from its colon, a chunk size cut in two), cut at random
 * offsets, cut (at either kind) with 5–20 ms pauses so that each piece arrives as a read of its own — outcomes
 * must not depend on where input is cut (RFC 9112 reads a stream, not packets) — or whole followed by a
 * half-close (the client's FIN, RFC 9112 §9.6), which tells a target no more bytes are coming.
 *
 * Bytes too short to cut (fewer than two) are delivered whole.
 */
export function chooseDelivery(bytes: Uint8Array, random: Random): DeliveryChoice {
  const mode = random.weighted<DeliveryMode>([[70, 'whole'], [8, 'boundaries'], [8, 'random'], [7, 'pauses'], [7, 'half-close']]);
  const length = bytes.length;
  const whole: DeliveryChoice = { mode: 'whole', cuts: [], pauseMs: 0, halfClose: false };
  switch (mode) {
    case 'whole':
      return whole;
    case 'half-close':
      return { mode, cuts: [], pauseMs: 0, halfClose: true };
    case 'boundaries':
    case 'random':
    case 'pauses': {
      if (length < 2) return whole;
      let cuts: number[];
      if (mode === 'boundaries' || (mode === 'pauses' && random.chance(0.5))) {
        cuts = sample(syntacticBoundaries(bytes), length, mode === 'pauses' ? 4 : MAX_CUTS, random);
      } else {
        cuts = randomOffsets(length, random, mode === 'pauses' ? 4 : MAX_CUTS);
      }
      if (cuts.length === 0) return whole;
      return { mode, cuts, pauseMs: mode === 'pauses' ? random.between(5, 20) : 0, halfClose: false };
    }
  }
}
