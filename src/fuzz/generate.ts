/**
 * Input generation: input *i* of a run is a pure function of `(seed, i)` (and of the seed inputs the caller gives,
 * such as the conformance suite's requests). Each input is a valid baseline stream from the grammar, edited by
 * catalogue operators (one, or two composed), by a stream operator, by byte mutations, or a seed input mutated;
 * then a delivery is chosen (whole by default; a share cut at syntactic boundaries or at random, with pauses, or
 * half-closed). The reference's view is computed with it, so what a worker hands back is ready to send.
 *
 * Children: an input whose views were new (the Garden's novelty rule) gets children, each a pure function of
 * `(seed, parent index, child number)` and the parent's stream, so a child too can be made again.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { ParserOptions } from '../parser/options.js';
import type { DeliveryRecord, View } from './finding.js';
import { generateStream } from './grammar.js';
import type { Operator, OperatorFamily } from './operator.js';
import { CATALOGUE_OPERATORS } from './operators/index.js';
import { cloneStream, type Stream, streamText } from './parts.js';
import { inputRandom, mixSeed, type Random } from './random.js';
import { BYTE_OPERATOR, chooseDelivery, STREAM_OPERATORS } from './stream-ops.js';
import { requestMethods } from '../probe/analyze.js';
import { planOf } from './plan.js';
import { referenceView } from './view.js';

/** Payloads stay under this many bytes (the safety cap). */
export const MAX_INPUT_BYTES = 64 * 1024 - 1;

/** One input, ready to send: its parts, how it was made, its bytes and delivery, and the reference's view. */
export interface PreparedInput {
  /** The input's index in the run's sequence. */
  readonly index: number;
  /** For a child input: its number under the parent `index`; absent for the sequence's own inputs. */
  readonly child?: number;
  /** How it was made: `grammar`, `catalogue`, `pair`, `stream`, `bytes`, `seed`, `child`. */
  readonly origin: string;
  /** The valid stream it started from (null for seed inputs). */
  readonly baseline: Stream | null;
  /** The edited stream (its bytes are `bytes`). */
  readonly stream: Stream;
  /** The operators applied, in order. */
  readonly operators: readonly string[];
  /** Their families. */
  readonly families: readonly OperatorFamily[];
  /** The slots they touched. */
  readonly slots: readonly string[];
  /** The bytes. */
  readonly bytes: Uint8Array;
  /** How they are delivered. */
  readonly delivery: DeliveryRecord;
  /** What h1ref's strict parser makes of them. */
  readonly reference: View;
  /** The methods of the requests in the bytes (the probe's `requestMethods`), read once for every target. */
  readonly methods: readonly string[];
}

/** What generation needs besides the index. */
export interface GenerateOptions {
  /** The run's seed. */
  readonly seed: number;
  /** Seed inputs (for instance the suite's requests), as bytes; none by default. */
  readonly seeds?: readonly Uint8Array[];
  /** The reference parser's options (strict by default). */
  readonly parser?: ParserOptions;
  /** Whether every input is delivered whole (for replays and tests); a chosen delivery otherwise. */
  readonly wholeOnly?: boolean;
}

interface Made {
  origin: string;
  baseline: Stream | null;
  stream: Stream;
  operators: string[];
  families: OperatorFamily[];
  slots: string[];
}

/** Applies a random applicable operator from `list` (a few tries); the edit is recorded in `made`. */
function applyOne(made: Made, list: readonly Operator[], random: Random): boolean {
  for (let attempt = 0; attempt < 6; attempt++) {
    const op = random.pick(list);
    const edit = op.apply(made.stream, random);
    if (edit === null) continue;
    made.stream = edit.stream;
    made.operators.push(`${op.name}:${edit.variant}`);
    made.families.push(op.family);
    made.slots.push(edit.slot);
    return true;
  }
  return false;
}

function textStream(text: string): Stream {
  return { messages: [], trailing: text };
}

/** Makes input `index` of the run. */
export function generateInput(index: number, options: GenerateOptions): PreparedInput {
  const random = inputRandom(options.seed, index);
  const seeds = options.seeds ?? [];
  const kind = random.weighted<string>([
    [15, 'grammar'], [35, 'catalogue'], [20, 'pair'], [10, 'stream'], [12, 'bytes'], [seeds.length > 0 ? 8 : 0.0001, 'seed'],
  ]);
  const baseline = generateStream(random.fork());
  const made: Made = { origin: kind, baseline, stream: cloneStream(baseline), operators: [], families: [], slots: [] };
  switch (kind) {
    case 'catalogue':
      applyOne(made, CATALOGUE_OPERATORS, random);
      break;
    case 'pair':
      applyOne(made, CATALOGUE_OPERATORS, random);
      applyOne(made, CATALOGUE_OPERATORS, random);
      break;
    case 'stream':
      applyOne(made, STREAM_OPERATORS, random);
      if (random.chance(0.5)) applyOne(made, CATALOGUE_OPERATORS, random);
      break;
    case 'bytes':
      applyOne(made, [BYTE_OPERATOR], random);
      break;
    case 'seed': {
      if (seeds.length === 0) break;
      const seed = seeds[random.int(seeds.length)]!;
      made.baseline = null;
      made.stream = textStream(Buffer.from(seed.buffer, seed.byteOffset, seed.length).toString('latin1'));
      if (random.chance(0.6)) applyOne(made, [BYTE_OPERATOR], random);
      break;
    }
    default:
      break;
  }
  return finish(index, undefined, made, random, options);
}

/**
 * Makes child `child` of a parent input: the parent's stream edited once more (a catalogue operator or byte
 * mutations), from `(seed, parent index, child)`.
 */
export function generateChild(parent: PreparedInput, child: number, options: GenerateOptions): PreparedInput {
  const random = inputRandom(mixSeed(options.seed, parent.index), child);
  const made: Made = {
    origin: 'child',
    baseline: parent.baseline,
    stream: cloneStream(parent.stream),
    operators: [...parent.operators],
    families: [...parent.families],
    slots: [...parent.slots],
  };
  if (made.stream.messages.length === 0 || random.chance(0.3)) applyOne(made, [BYTE_OPERATOR], random);
  else applyOne(made, CATALOGUE_OPERATORS, random);
  return finish(parent.index, child, made, random, options);
}

function finish(index: number, child: number | undefined, made: Made, random: Random, options: GenerateOptions): PreparedInput {
  let text = streamText(made.stream);
  if (text.length > MAX_INPUT_BYTES) {
    // Keep under the payload cap: fall back to the baseline, or cut the text.
    made.stream = made.baseline !== null && streamText(made.baseline).length <= MAX_INPUT_BYTES ? cloneStream(made.baseline) : textStream(text.slice(0, MAX_INPUT_BYTES));
    text = streamText(made.stream);
  }
  const bytes = new Uint8Array(Buffer.from(text, 'latin1'));
  const chosen = options.wholeOnly === true ? { mode: 'whole' as const, cuts: [], pauseMs: 0, halfClose: false } : chooseDelivery(bytes, random);
  const delivery: DeliveryRecord = { mode: chosen.mode, cuts: chosen.cuts, pauseMs: chosen.pauseMs, halfClose: chosen.halfClose };
  const reference = referenceView(planOf(bytes, delivery), {
    ...(options.parser === undefined ? {} : { parser: options.parser }),
    halfClose: delivery.halfClose,
  });
  return {
    index,
    ...(child === undefined ? {} : { child }),
    origin: made.origin,
    baseline: made.baseline,
    stream: made.stream,
    operators: made.operators,
    families: made.families,
    slots: made.slots,
    bytes,
    delivery,
    reference,
    methods: requestMethods(bytes),
  };
}
