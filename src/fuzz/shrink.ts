/**
 * The shrinker: makes a finding's input as small as it can while the caller's oracle still sees the same
 * signature. It works in two stages:
 *
 * 1. **Structural**, over the {@link Stream} model ({@link shrinkParts}): with a baseline, first restore every
 *    slot that differs from it to the baseline's value (what is left is the minimal diff, reported as
 *    `diffSlots`); then, in rounds until a round gains nothing, drop whole messages, the trailing bytes, field
 *    lines, chunks other than the last, trailer lines, raw bodies, and shorten tokens.
 * 2. **Byte-level** delta debugging on the bytes that stage 1 left ({@link ddmin}), then a one-byte-removal pass.
 *
 * Every oracle call is an exchange with real servers, so calls are the cost that matters: every candidate's bytes
 * are remembered with the oracle's answer and never sent twice (across both stages), the current best is never
 * sent (it is known to pass), and the budget ({@link ShrinkBudget}) is checked before each call. When it runs out
 * the shrinker stops where it is and returns the best input so far — which has passed the oracle, or is the
 * original input, which the caller vouches for and which is therefore never re-sent.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { cloneStream, type BodyPart, type ChunkPart, type FieldLinePart, type MessagePart, type Stream, writeStream } from './parts.js';

/** How much the shrinker may spend. Whichever limit is reached first ends shrinking. */
export interface ShrinkBudget {
  /** The most oracle calls (exchanges) to make; `Infinity` for no limit. */
  readonly maxExchanges: number;
  /** A `performance.now()` time (ms) after which no further oracle call is made; `Infinity` for none. */
  readonly deadline: number;
  /**
   * How many candidates byte-level ddmin sends at once (1 by default). The result is the same for any value but the
   * exchanges counted are not, so a value fixed by the caller keeps shrinking reproducible.
   */
  readonly parallel?: number;
}

/**
 * Sends `bytes` to the targets and says whether they still give the finding's signature. It is called at most once
 * for any given bytes. An exception it throws ends shrinking and reaches the caller.
 */
export type ShrinkOracle = (bytes: Uint8Array) => Promise<boolean>;

/** What the shrinker starts from. */
export interface ShrinkInput {
  /** The finding's input; the caller vouches that it gives the signature (it is never sent to the oracle). */
  readonly stream: Stream;
  /** The valid stream the input was derived from by operators, when there is one. */
  readonly baseline?: Stream;
}

/** The shrinker's answer. */
export interface ShrinkResult {
  /** The smallest input found that gives the signature (the original input when nothing smaller did). */
  readonly bytes: Uint8Array;
  /**
   * The stream whose bytes are `bytes`, while that is known: null once the byte-level stage has removed bytes
   * (its result need not fit the part model).
   */
  readonly stream: Stream | null;
  /** Oracle calls made. */
  readonly exchanges: number;
  /**
   * The passes that changed the input, in order, each as `name from→to` (sizes in bytes); a pass that ran in
   * several rounds appears once per round that gained. Names: `restore`, `messages`, `trailing`, `fields`,
   * `chunks`, `trailers`, `bodies`, `tokens`, `ddmin`, `one-byte`.
   */
  readonly stages: readonly string[];
  /**
   * Only when a baseline was given: the slots (named as in `parts.ts`) that still differ from the baseline once the
   * restore pass is over — the slots of the minimal diff. They are numbered as in the stream the restore pass
   * leaves (the baseline with only the edits that matter), before the later passes drop and renumber lines: the
   * numbering an operator records its slot in when its edit is the only one. Where lines were added or removed,
   * the run of lines in between is named whole (`m0.f3`: an added line, or the index at which a removed one would
   * go back); a different message count, or different trailing bytes, is `stream`.
   */
  readonly diffSlots?: readonly string[];
  /**
   * Whether a limit of the budget was reached (the result may then be larger than an unlimited run's; it is true
   * too when the last exchange allowed happened to be the last one needed).
   */
  readonly exhausted: boolean;
}

/** The result of the structural stage alone: the stream is always known. */
export interface PartsResult extends ShrinkResult {
  /** The smallest stream found; `bytes` is `writeStream(stream)`. */
  readonly stream: Stream;
}

/**
 * Shrinks a finding: the structural stage ({@link shrinkParts}), then the byte-level stage ({@link ddmin}) on its
 * result, sharing one budget and one memory of the candidates already sent.
 *
 * @param input - the finding's stream, and the baseline it came from when known
 * @param oracle - true when the bytes still give the finding's signature
 * @param budget - the exchanges and time the whole shrink may take
 */
export async function shrinkFinding(input: ShrinkInput, oracle: ShrinkOracle, budget: ShrinkBudget): Promise<ShrinkResult> {
  const ex = new Exchanger(oracle, budget);
  const stages: string[] = [];
  const parts = await structural(ex, input, stages);
  const bytes = await byteLevel(ex, parts.bytes, stages);
  return {
    bytes,
    stream: bytes === parts.bytes ? parts.stream : null,
    exchanges: ex.exchanges,
    stages,
    ...(parts.diffSlots !== undefined ? { diffSlots: parts.diffSlots } : {}),
    exhausted: ex.exhausted,
  };
}

/**
 * The structural stage alone (restore to the baseline, then drop and shorten parts), see the module comment.
 *
 * @param input - the finding's stream, and the baseline it came from when known
 * @param oracle - true when the bytes still give the finding's signature
 * @param budget - the exchanges and time this stage may take
 */
export async function shrinkParts(input: ShrinkInput, oracle: ShrinkOracle, budget: ShrinkBudget): Promise<PartsResult> {
  const ex = new Exchanger(oracle, budget);
  const stages: string[] = [];
  const parts = await structural(ex, input, stages);
  return {
    bytes: parts.bytes,
    stream: parts.stream,
    exchanges: ex.exchanges,
    stages,
    ...(parts.diffSlots !== undefined ? { diffSlots: parts.diffSlots } : {}),
    exhausted: ex.exhausted,
  };
}

/**
 * The byte-level stage alone: delta debugging over contiguous pieces of the bytes (subsets, then complements, at
 * ever finer granularity), then single-byte removals until none succeeds. With a budget large enough to finish,
 * the result is 1-minimal: removing any one byte of it makes the oracle fail. `bytes` themselves are assumed to
 * pass and are never sent.
 *
 * @param bytes - an input that gives the signature
 * @param oracle - true when the bytes still give the signature
 * @param budget - the exchanges and time this stage may take
 */
export async function ddmin(bytes: Uint8Array, oracle: ShrinkOracle, budget: ShrinkBudget): Promise<ShrinkResult> {
  const ex = new Exchanger(oracle, budget);
  ex.assume(bytes);
  const stages: string[] = [];
  const out = await byteLevel(ex, bytes, stages);
  return { bytes: out, stream: null, exchanges: ex.exchanges, stages, exhausted: ex.exhausted };
}

// ---------------------------------------------------------------------------------------------------------------
// The exchanger: the one place that calls the oracle, so the budget and the memory of answers cannot be bypassed.

/** Bytes as a string key, one code unit per byte (the same latin1 convention as `parts.ts`). */
function keyOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

class Exchanger {
  exchanges = 0;
  private readonly answers = new Map<string, boolean>();

  constructor(
    private readonly oracle: ShrinkOracle,
    private readonly budget: ShrinkBudget,
  ) {}

  /** True once no further call may be made (both limits only ever tighten, so this never turns false again). */
  get exhausted(): boolean {
    return this.exchanges >= this.budget.maxExchanges || performance.now() >= this.budget.deadline;
  }

  /** Records bytes known to pass (the input, each new best) so that they are never sent. */
  assume(bytes: Uint8Array): void {
    this.answers.set(keyOf(bytes), true);
  }

  /** How many oracle calls ddmin makes at once. */
  get parallel(): number {
    return Math.max(1, this.budget.parallel ?? 1);
  }

  /** The oracle's answer for `bytes`, from memory when they were asked before; false when the budget is out. */
  async test(bytes: Uint8Array): Promise<boolean> {
    const key = keyOf(bytes);
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    if (this.exhausted) return false;
    this.exchanges++;
    // A copy, so that an oracle which keeps or edits its argument cannot change what we hold.
    const verdict = await this.oracle(bytes.slice());
    this.answers.set(key, verdict);
    return verdict;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Stage 1: structural.

/** The structural stage's running state: the best stream so far and its bytes. */
class Parts {
  best: Stream;
  bestBytes: Uint8Array;
  /** Counts accepted candidates, so that a pass can tell whether it changed anything (bytes may not shrink). */
  accepted = 0;

  constructor(
    readonly ex: Exchanger,
    stream: Stream,
  ) {
    this.best = cloneStream(stream);
    this.bestBytes = writeStream(this.best);
    ex.assume(this.bestBytes);
  }

  /** Makes `candidate` the best when it passes. */
  async accept(candidate: Stream): Promise<boolean> {
    const bytes = writeStream(candidate);
    // Same bytes, different parts (an empty field line dropped, a slot restored whose text the neighbours held):
    // the oracle's answer is known without asking, and the simpler structure is worth keeping.
    if (!sameBytes(bytes, this.bestBytes) && !(await this.ex.test(bytes))) return false;
    this.best = candidate;
    this.bestBytes = bytes;
    this.accepted++;
    return true;
  }

  /** Runs one pass and records it in `stages` when it changed the input. */
  async pass(name: string, stages: string[], run: () => Promise<void>): Promise<void> {
    if (this.ex.exhausted) return;
    const before = this.accepted;
    const from = this.bestBytes.length;
    await run();
    if (this.accepted !== before) stages.push(`${name} ${from}→${this.bestBytes.length}`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

async function structural(ex: Exchanger, input: ShrinkInput, stages: string[]): Promise<{ stream: Stream; bytes: Uint8Array; diffSlots?: readonly string[] }> {
  const st = new Parts(ex, input.stream);
  const baseline = input.baseline;
  let diffSlots: readonly string[] | undefined;
  if (baseline !== undefined) {
    // Restoring comes first: every line the later passes drop would otherwise be one more difference.
    await st.pass('restore', stages, () => restoreBaseline(st, baseline));
    diffSlots = uniq(streamDiffs(baseline, st.best).flatMap((d) => d.slots));
  }
  for (;;) {
    const before = st.bestBytes.length;
    await st.pass('messages', stages, () => dropMessages(st));
    await st.pass('trailing', stages, () => dropTrailing(st));
    await st.pass('fields', stages, () => dropFieldLines(st));
    await st.pass('chunks', stages, () => dropChunks(st));
    await st.pass('trailers', stages, () => dropTrailers(st));
    await st.pass('bodies', stages, () => emptyBodies(st));
    await st.pass('tokens', stages, () => shortenTokens(st));
    // Another round only when this one gained bytes: a drop may have enabled another (a field line that only
    // mattered because of a message now gone), and the memory of answers makes the repeated candidates free.
    if (ex.exhausted || st.bestBytes.length >= before) break;
  }
  return { stream: st.best, bytes: st.bestBytes, ...(diffSlots !== undefined ? { diffSlots } : {}) };
}

function uniq(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/**
 * Removes items from a list while the stream built from what is left passes: first in halves, quarters, …
 * when the list is long (many unrelated lines go in a few calls), then one at a time. `minKeep` items always stay.
 */
async function reduceList<T>(st: Parts, items: readonly T[], minKeep: number, build: (kept: readonly T[]) => Stream): Promise<T[]> {
  let kept = [...items];
  let size = kept.length >= 4 ? Math.ceil(kept.length / 2) : 1;
  for (;;) {
    let i = 0;
    while (i < kept.length && !st.ex.exhausted) {
      const count = Math.min(size, kept.length - i);
      const candidate = [...kept.slice(0, i), ...kept.slice(i + count)];
      if (candidate.length >= minKeep && (await st.accept(build(candidate)))) kept = candidate;
      else i += count;
    }
    if (size === 1 || st.ex.exhausted) return kept;
    size = Math.ceil(size / 2);
  }
}

async function dropMessages(st: Parts): Promise<void> {
  await reduceList(st, st.best.messages, 1, (kept) => {
    const s = cloneStream(st.best);
    s.messages = cloneMessages(kept);
    return s;
  });
}

async function dropTrailing(st: Parts): Promise<void> {
  if (st.best.trailing === '') return;
  const s = cloneStream(st.best);
  s.trailing = '';
  await st.accept(s);
}

async function dropFieldLines(st: Parts): Promise<void> {
  for (let i = 0; i < st.best.messages.length && !st.ex.exhausted; i++) {
    await reduceList(st, st.best.messages[i]!.fields, 0, (kept) => {
      const s = cloneStream(st.best);
      s.messages[i]!.fields = kept.map((f) => ({ ...f }));
      return s;
    });
  }
}

async function dropChunks(st: Parts): Promise<void> {
  for (let i = 0; i < st.best.messages.length && !st.ex.exhausted; i++) {
    const body = st.best.messages[i]!.body;
    if (body.kind !== 'chunked' || body.chunks.length < 2) continue;
    // The last chunk stays: it ends the body, and without it every later byte is read as chunk data.
    const last = body.chunks[body.chunks.length - 1]!;
    await reduceList(st, body.chunks.slice(0, -1), 0, (kept) => {
      const s = cloneStream(st.best);
      chunkedOf(s, i).chunks = [...kept, last].map((c) => ({ ...c }));
      return s;
    });
  }
}

async function dropTrailers(st: Parts): Promise<void> {
  for (let i = 0; i < st.best.messages.length && !st.ex.exhausted; i++) {
    const body = st.best.messages[i]!.body;
    if (body.kind !== 'chunked' || body.trailers.length === 0) continue;
    await reduceList(st, body.trailers, 0, (kept) => {
      const s = cloneStream(st.best);
      chunkedOf(s, i).trailers = kept.map((f) => ({ ...f }));
      return s;
    });
  }
}

async function emptyBodies(st: Parts): Promise<void> {
  for (let i = 0; i < st.best.messages.length && !st.ex.exhausted; i++) {
    const body = st.best.messages[i]!.body;
    if (body.kind !== 'raw' || body.data === '') continue;
    const s = cloneStream(st.best);
    setRawBody(s.messages[i]!, '');
    await st.accept(s);
  }
}

/**
 * Replaces a raw body, and keeps a Content-Length line that framed the old body exactly framing the new one: the
 * body's bytes rarely matter to a finding, its framing usually does, and a body left shorter than its
 * Content-Length would turn most findings into a wait for the missing bytes.
 */
function setRawBody(m: MessagePart, data: string): void {
  if (m.body.kind !== 'raw') return;
  const old = String(m.body.data.length);
  m.body = { kind: 'raw', data };
  for (const f of m.fields) {
    if (f.name.trim().toLowerCase() === 'content-length' && f.value.trim() === old) f.value = f.value.replace(old, String(data.length));
  }
}

/** Where a token lives in a stream, as a getter and a setter (the setter may keep a dependent slot in step). */
interface TokenSlot {
  get(s: Stream): string;
  set(s: Stream, value: string): void;
}

function fieldTokens(lines: (s: Stream) => FieldLinePart[], j: number): TokenSlot[] {
  return [
    { get: (s) => lines(s)[j]!.name, set: (s, v) => { lines(s)[j]!.name = v; } },
    { get: (s) => lines(s)[j]!.value, set: (s, v) => { lines(s)[j]!.value = v; } },
  ];
}

function chunkedOf(s: Stream, i: number): Extract<BodyPart, { kind: 'chunked' }> {
  return s.messages[i]!.body as Extract<BodyPart, { kind: 'chunked' }>;
}

/**
 * Shortened chunk data keeps a size line that matched it matching (in the same letter case), for the reason
 * given at {@link setRawBody}; a size an operator made wrong stays as it was.
 */
function setChunkData(c: ChunkPart, data: string): void {
  const old = c.data.length.toString(16);
  if (c.size.toLowerCase() === old) {
    const size = data.length.toString(16);
    c.size = c.size === old.toUpperCase() && c.size !== old ? size.toUpperCase() : size;
  }
  c.data = data;
}

/** Every token of the current stream (the pass does not change the structure, so the indices stay valid). */
function tokenSlots(best: Stream): TokenSlot[] {
  const out: TokenSlot[] = [];
  best.messages.forEach((m, i) => {
    out.push({ get: (s) => s.messages[i]!.method, set: (s, v) => { s.messages[i]!.method = v; } });
    out.push({ get: (s) => s.messages[i]!.target, set: (s, v) => { s.messages[i]!.target = v; } });
    m.fields.forEach((_, j) => out.push(...fieldTokens((s) => s.messages[i]!.fields, j)));
    const body = m.body;
    if (body.kind === 'raw') {
      out.push({
        get: (s) => (s.messages[i]!.body as Extract<BodyPart, { kind: 'raw' }>).data,
        set: (s, v) => setRawBody(s.messages[i]!, v),
      });
    } else if (body.kind === 'chunked') {
      body.chunks.forEach((_, j) => {
        out.push({ get: (s) => chunkedOf(s, i).chunks[j]!.data, set: (s, v) => setChunkData(chunkedOf(s, i).chunks[j]!, v) });
        out.push({ get: (s) => chunkedOf(s, i).chunks[j]!.ext, set: (s, v) => { chunkedOf(s, i).chunks[j]!.ext = v; } });
      });
      body.trailers.forEach((_, j) => out.push(...fieldTokens((s) => chunkedOf(s, i).trailers, j)));
    }
  });
  out.push({ get: (s) => s.trailing, set: (s, v) => { s.trailing = v; } });
  return out;
}

/**
 * The shorter versions of a token to try, best first: its first character (one character of the token's own
 * class: a method stays a letter, a target a `/`, a value that starts with whitespace keeps it), then each half.
 * Never empty: an empty token changes what kind of element the line is (no method, no field name), which the
 * byte-level stage can still try.
 */
function shorterTokens(t: string): string[] {
  if (t.length <= 1) return [];
  const half = t.length / 2;
  return uniq([t[0]!, t.slice(0, Math.ceil(half)), t.slice(Math.floor(half))]).filter((c) => c.length < t.length);
}

async function shortenTokens(st: Parts): Promise<void> {
  for (const slot of tokenSlots(st.best)) {
    // Shortening repeats while it succeeds, so a halving can go on halving.
    let progress = true;
    while (progress && !st.ex.exhausted) {
      progress = false;
      for (const shorter of shorterTokens(slot.get(st.best))) {
        const s = cloneStream(st.best);
        slot.set(s, shorter);
        if (await st.accept(s)) {
          progress = true;
          break;
        }
        if (st.ex.exhausted) return;
      }
    }
  }
}

// Restoring slots to the baseline.

/** Slots that differ from the baseline, and how to put the baseline's value back (absent when it cannot be). */
interface Diff {
  readonly slots: readonly string[];
  readonly restore?: (s: Stream) => void;
  /**
   * The order restorations are applied in, highest first. Lines put back into a list shift the lines after them,
   * so a list's insertions and removals go from its end to its start (ranked by their index), after every
   * restoration that replaces a value in place (ranked {@link IN_PLACE}), whose indices are the input's.
   */
  readonly rank: number;
}

const IN_PLACE = Number.MAX_SAFE_INTEGER;
const MESSAGE_KEYS = ['method', 'sp1', 'target', 'sp2', 'version', 'eol', 'end'] as const;
const FIELD_KEYS = [['name', 'name'], ['colon', 'colon'], ['value', 'value'], ['eol', 'eol']] as const;
const CHUNK_KEYS = [['size', 'size'], ['ext', 'ext'], ['eol', 'eol'], ['data', 'data'], ['data-eol', 'dataEol']] as const;

/**
 * Differences between the lines of one list (field lines, chunks, trailer lines). The two lists are aligned on a
 * longest common subsequence of lines with the same `align` key (a field line's name, a chunk's data), so that
 * separate edits are separate differences and can be restored separately. Aligned lines, and the lines of a run
 * between two aligned ones that has as many lines on both sides, are compared slot by slot (lines edited in
 * place); any other run (lines added or removed) is one difference, named by the input's lines in it — or, when
 * the input has none there, by the index at which the baseline's lines would go back — and restored by putting
 * the baseline's lines in their place.
 */
function listDiffs<T extends object>(
  prefix: string,
  base: readonly T[],
  cur: readonly T[],
  keys: readonly (readonly [string, keyof T])[],
  align: (line: T) => string,
  list: (s: Stream) => T[],
): Diff[] {
  const same = (i: number, j: number): boolean => align(base[i]!) === align(cur[j]!);
  // Among the alignments with the most lines, the one with the most identical lines: when an edit adds a second
  // line of a name, the baseline's line stays with its unchanged copy and the new one is the added line.
  const perLine = base.length + cur.length + 1;
  const score = (i: number, j: number): number => perLine + (keys.every(([, k]) => base[i]![k] === cur[j]![k]) ? 1 : 0);
  // common[i][j]: the best score of an alignment of base[i..] with cur[j..].
  const common = Array.from({ length: base.length + 1 }, () => new Array<number>(cur.length + 1).fill(0));
  for (let i = base.length - 1; i >= 0; i--) {
    for (let j = cur.length - 1; j >= 0; j--) {
      const skip = Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
      common[i]![j] = same(i, j) ? Math.max(skip, score(i, j) + common[i + 1]![j + 1]!) : skip;
    }
  }
  const out: Diff[] = [];
  const inPlace = (i: number, j: number): void => {
    for (const [name, k] of keys) {
      const value = base[i]![k];
      if (value === cur[j]![k]) continue;
      out.push({ slots: [`${prefix}${j}.${name}`], rank: IN_PLACE, restore: (s) => { list(s)[j]![k] = value; } });
    }
  };
  const run = (b0: number, b1: number, c0: number, c1: number): void => {
    if (b1 - b0 === c1 - c0) {
      for (let t = 0; t < c1 - c0; t++) inPlace(b0 + t, c0 + t);
      return;
    }
    const restored = base.slice(b0, b1);
    const slots = c1 > c0 ? Array.from({ length: c1 - c0 }, (_, t) => `${prefix}${c0 + t}`) : [`${prefix}${c0}`];
    out.push({ slots, rank: c0, restore: (s) => { list(s).splice(c0, c1 - c0, ...restored.map((x) => ({ ...x }))); } });
  };
  let i = 0;
  let j = 0;
  let b0 = 0;
  let c0 = 0;
  while (i < base.length || j < cur.length) {
    if (i < base.length && j < cur.length && same(i, j) && common[i]![j] === score(i, j) + common[i + 1]![j + 1]!) {
      run(b0, i, c0, j);
      inPlace(i, j);
      b0 = ++i;
      c0 = ++j;
    } else if (j < cur.length && (i === base.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      j++;
    } else {
      i++;
    }
  }
  run(b0, i, c0, j);
  return out;
}

/** Deep copies of messages, by way of `cloneStream` (the one place that knows what a deep copy takes). */
function cloneMessages(messages: readonly MessagePart[]): MessagePart[] {
  return cloneStream({ messages: [...messages], trailing: '' }).messages;
}

function cloneBody(body: BodyPart): BodyPart {
  return cloneMessages([{ method: '', sp1: '', target: '', sp2: '', version: '', eol: '', fields: [], end: '', body }])[0]!.body;
}

// Field lines align by name: an edit of a value, a colon or a line ending keeps the line, and a second line of a
// name is an added line. Chunks align by their data: an edit of a size or a chunk line ending keeps the chunk.
const byName = (f: FieldLinePart): string => f.name;
const byData = (c: ChunkPart): string => c.data;

function streamDiffs(base: Stream, cur: Stream): Diff[] {
  const out: Diff[] = [];
  if (base.trailing !== cur.trailing) {
    const trailing = base.trailing;
    out.push({ slots: ['stream'], rank: IN_PLACE, restore: (s) => { s.trailing = trailing; } });
  }
  // Messages added or removed: no slot-level diff means anything then, and restoring them all is the baseline.
  if (base.messages.length !== cur.messages.length) return [...out, { slots: ['stream'], rank: IN_PLACE }];
  cur.messages.forEach((m, i) => {
    const b = base.messages[i]!;
    for (const k of MESSAGE_KEYS) {
      if (b[k] === m[k]) continue;
      const value = b[k];
      out.push({ slots: [`m${i}.${k}`], rank: IN_PLACE, restore: (s) => { s.messages[i]![k] = value; } });
    }
    out.push(...listDiffs(`m${i}.f`, b.fields, m.fields, FIELD_KEYS, byName, (s) => s.messages[i]!.fields));
    const bb = b.body;
    const mb = m.body;
    if (bb.kind === 'chunked' && mb.kind === 'chunked') {
      out.push(...listDiffs(`m${i}.c`, bb.chunks, mb.chunks, CHUNK_KEYS, byData, (s) => chunkedOf(s, i).chunks));
      out.push(...listDiffs(`m${i}.t`, bb.trailers, mb.trailers, FIELD_KEYS, byName, (s) => chunkedOf(s, i).trailers));
      if (bb.end !== mb.end) {
        const end = bb.end;
        out.push({ slots: [`m${i}.trailer-end`], rank: IN_PLACE, restore: (s) => { chunkedOf(s, i).end = end; } });
      }
    } else if (bb.kind !== mb.kind || (bb.kind === 'raw' && mb.kind === 'raw' && bb.data !== mb.data)) {
      out.push({ slots: [`m${i}.body`], rank: IN_PLACE, restore: (s) => { s.messages[i]!.body = cloneBody(bb); } });
    }
  });
  return out;
}

/**
 * Restores the slots that differ from the baseline, as many as the oracle allows: the list of differences is
 * reduced like a list of lines, "dropping" a difference meaning putting the baseline's value back. The
 * differences are computed once, on the input, and every candidate applies its restorations to a fresh copy of
 * that input, in the order of their ranks, so that the input's indices stay valid.
 */
async function restoreBaseline(st: Parts, baseline: Stream): Promise<void> {
  const start = st.best;
  const diffs = streamDiffs(baseline, start);
  const restorable = diffs.filter((d) => d.restore !== undefined);
  if (restorable.length === 0) return;
  await reduceList(st, restorable, 0, (kept) => {
    const s = cloneStream(start);
    const chosen = restorable.filter((d) => !kept.includes(d)).sort((a, b) => b.rank - a.rank);
    for (const d of chosen) d.restore!(s);
    return s;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Stage 2: byte level.

function without(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(bytes.length - (to - from));
  out.set(bytes.subarray(0, from), 0);
  out.set(bytes.subarray(to), from);
  return out;
}

/**
 * The first candidate, in order, that passes — asking the oracle about up to `ex.parallel` of them at once (each
 * call is an exchange that may wait out a timeout). The answer is the one a one-at-a-time walk would give; only
 * the calls spent past it differ, by a number that depends on `parallel`, not on timing.
 */
async function firstPassing(ex: Exchanger, candidates: readonly Uint8Array[]): Promise<Uint8Array | null> {
  for (let k = 0; k < candidates.length && !ex.exhausted; k += ex.parallel) {
    const window = candidates.slice(k, k + ex.parallel);
    const verdicts = await Promise.all(window.map((c) => ex.test(c)));
    const hit = verdicts.indexOf(true);
    if (hit !== -1) return window[hit]!;
  }
  return null;
}

/** Delta debugging, then single-byte removals; returns `start` itself when nothing smaller passed. */
async function byteLevel(ex: Exchanger, start: Uint8Array, stages: string[]): Promise<Uint8Array> {
  let c = start;
  // n pieces of (nearly) equal size. A piece that passes on its own becomes the input (back to halves); else a
  // complement (the input minus one piece) that passes does (one piece fewer); else the pieces get smaller, until
  // they are single bytes.
  let n = 2;
  while (c.length >= 2 && !ex.exhausted) {
    n = Math.min(n, c.length);
    const bounds = Array.from({ length: n + 1 }, (_, i) => Math.floor((i * c.length) / n));
    let next: Uint8Array | null = null;
    const pieces = Array.from({ length: n }, (_, i) => c.slice(bounds[i], bounds[i + 1]));
    const piece = await firstPassing(ex, pieces);
    if (piece !== null) {
      next = piece;
      n = 2;
    }
    // With two pieces each complement is the other piece, already tested.
    if (next === null && n > 2 && !ex.exhausted) {
      const rests = Array.from({ length: n }, (_, i) => without(c, bounds[i]!, bounds[i + 1]!));
      const rest = await firstPassing(ex, rests);
      if (rest !== null) {
        next = rest;
        n = Math.max(n - 1, 2);
      }
    }
    if (next !== null) {
      c = next;
      continue;
    }
    if (n >= c.length) break;
    n = Math.min(2 * n, c.length);
  }
  if (c !== start) stages.push(`ddmin ${start.length}→${c.length}`);
  // Single-byte removals until a whole round removes nothing. When ddmin finished it has tried each of these at
  // its last granularity, so they come from memory; they matter after an early stop or for inputs of one byte.
  const before = c;
  let removed = true;
  while (removed && !ex.exhausted) {
    removed = false;
    for (let i = 0; i < c.length && !ex.exhausted; ) {
      const rest = without(c, i, i + 1);
      if (await ex.test(rest)) {
        c = rest;
        removed = true;
      } else {
        i++;
      }
    }
  }
  if (c !== before) stages.push(`one-byte ${before.length}→${c.length}`);
  return c;
}
