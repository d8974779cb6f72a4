/**
 * {@link collectMessages}: a parser's events put back together into whole messages — head, body, chunks and
 * trailers — for callers that want messages rather than a stream of events (`h1ref parse`, the probe's
 * reference, tests).
 *
 * A server should not collect: it would hold every body in memory. The events exist so that it need not.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { Fields } from '../wire/fields.js';
import type { ProtocolError } from '../wire/protocol-error.js';
import type { ChunkEvent, MessageHead, ParserEvent, PausedEvent } from './events.js';

/** One message as {@link collectMessages} puts it together. */
export interface CollectedMessage<H extends MessageHead = MessageHead> {
  /** The head. */
  readonly head: H;
  /**
   * The body with the chunked coding removed: the bytes of the message's `data` events, copied, so it outlives
   * the buffers that were pushed.
   */
  readonly body: Buffer;
  /** The message's `chunk` events in order, the last chunk (size 0) included; empty unless the body is chunked. */
  readonly chunks: readonly ChunkEvent[];
  /** The trailer section (RFC 9112 §7.1.2); empty when there is none. */
  readonly trailers: Fields;
  /** Whether the message's `end` came; false for {@link MessageCollector.current}, a message not (yet) complete. */
  readonly complete: boolean;
  /**
   * What switches protocols after this message, when the parser paused after it (the {@link PausedEvent}'s
   * reason); `undefined` otherwise.
   */
  readonly switched: PausedEvent['reason'] | undefined;
}

type Building<H extends MessageHead> = { -readonly [K in keyof CollectedMessage<H>]: CollectedMessage<H>[K] };

const NO_BODY: Buffer = Buffer.alloc(0);
// One empty trailer section for every message without one; frozen, so no caller can add to the shared list.
const NO_TRAILERS: Fields = new Fields(Object.freeze([]) as unknown as string[]);
const NO_CHUNKS: readonly ChunkEvent[] = Object.freeze([]);

/**
 * Puts messages together from a parser's events, across any number of calls to {@link MessageCollector.add} —
 * one per `push`, so that a caller can act on each message as it completes. {@link collectMessages} is the
 * one-call form.
 *
 * Body bytes are copied as they are added: `data` events are views of the pushed buffer, which the caller may
 * reuse after the push.
 */
export class MessageCollector<H extends MessageHead = MessageHead> {
  /** The complete messages, in order. */
  readonly messages: CollectedMessage<H>[] = [];
  private failure: ProtocolError | null = null;
  // The message whose head came and whose end has not, with its body bytes so far.
  private building: Building<H> | null = null;
  private pieces: Buffer[] = [];

  /** The error that stopped the parser, or null. */
  get error(): ProtocolError | null {
    return this.failure;
  }

  /** The head of the message in progress (its head came, its end has not), or null; cheaper than {@link current}. */
  get currentHead(): H | null {
    return this.building === null ? null : this.building.head;
  }

  /**
   * The message in progress, with its body so far (`complete` false), or null: after an error, the message the
   * error cut short.
   */
  get current(): CollectedMessage<H> | null {
    const m = this.building;
    return m === null ? null : { ...m, body: join(this.pieces), chunks: [...m.chunks] };
  }

  /** Adds the events of one `push`, `finish` or `resume`, in order; returns the collector. */
  add(events: Iterable<ParserEvent<H>>): this {
    for (const event of events) {
      switch (event.type) {
        case 'head':
          this.building = { head: event.head, body: NO_BODY, chunks: NO_CHUNKS, trailers: NO_TRAILERS, complete: false, switched: undefined };
          break;
        case 'data':
          if (this.building !== null) this.pieces.push(Buffer.from(event.data));
          break;
        case 'chunk':
          if (this.building !== null) {
            if (this.building.chunks === NO_CHUNKS) this.building.chunks = [];
            (this.building.chunks as ChunkEvent[]).push(event);
          }
          break;
        case 'trailers':
          if (this.building !== null) this.building.trailers = event.trailers;
          break;
        case 'end': {
          const m = this.building;
          if (m === null) break;
          m.body = join(this.pieces);
          m.complete = true;
          this.messages.push(m);
          this.building = null;
          this.pieces = [];
          break;
        }
        case 'paused': {
          // The parser pauses right after the message that switches (see PausedEvent).
          const last = this.messages[this.messages.length - 1] as Building<H> | undefined;
          if (last !== undefined) last.switched = event.reason;
          break;
        }
        case 'error':
          this.failure = event.error;
          break;
      }
    }
    return this;
  }
}

// The pieces as one buffer; no copy for none or one (each piece is a copy already).
function join(pieces: readonly Buffer[]): Buffer {
  return pieces.length === 0 ? NO_BODY : pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
}

/**
 * Puts a parser's events together into messages: each message's head, body (copied, chunked coding removed),
 * chunks and trailers, the message an error cut short, and the error.
 *
 * ```ts
 * const parser = new RequestParser();
 * const collected = collectMessages([...parser.push(bytes), ...parser.finish()]);
 * for (const m of collected.messages) console.log(m.head.method, m.head.target, m.body.length);
 * if (collected.error !== null) console.log(collected.error.code, collected.error.offset);
 * ```
 *
 * The events must be those of one parser, in order, collected before the buffers pushed to it are reused. To act
 * on messages as they complete, keep a {@link MessageCollector} and add each push's events to it.
 */
export function collectMessages<H extends MessageHead>(events: Iterable<ParserEvent<H>>): MessageCollector<H> {
  return new MessageCollector<H>().add(events);
}
