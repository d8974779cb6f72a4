/**
 * {@link MessageLocator}: a parser's events, each with the exact stream offset at which it was completed — so a
 * caller can tell which bytes of the input made up each message (the raw echo, `h1ref parse`).
 *
 * The parsers report offsets only in errors, and a piece pushed to them may complete several events at once. The
 * locator therefore feeds its parser in pieces small enough that every event has one place. Outside a body of
 * known extent — in the head, chunk lines, the CRLF after chunk data, the trailer section — an event can complete
 * only at the end of a line (RFC 9112 §2.1: the head is lines; §7.1: so is every chunk line and the trailer
 * section), at its LF: those parts go in one line at a time, up to and including the next LF. Body bytes whose
 * extent the parser already knows — a Content-Length body, the data of a chunk whose size has been read, a body
 * delimited by the close — go in at once. The parser's events are the same whatever the split (a property the
 * parser's tests check), so locating costs no fidelity; an error found inside a line is located at that line's
 * end, and its own `offset` names the byte. `test/parser/message-locator.test.ts` proves the events and offsets
 * equal to feeding one byte at a time, the readable rule this optimises (a few pushes per request instead of one
 * per byte).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { MessageHead, ParserEvent } from './events.js';
import type { MessageParser } from './message-parser.js';

const LF = 0x0a;

// From `pos`: the bytes up to and including the next LF, or all that is left when no LF follows.
function lineLength(bytes: Uint8Array, pos: number): number {
  const lf = bytes.indexOf(LF, pos);
  return lf === -1 ? bytes.length - pos : lf + 1 - pos;
}

/** A parser event and where it happened. */
export interface LocatedEvent<H extends MessageHead> {
  /** The event. */
  readonly event: ParserEvent<H>;
  /**
   * The stream offset just after the byte that completed the event: for `end`, the end of the message; for
   * `head`, the end of the head's empty line. For `error`, see the error's own `offset` for the offending byte.
   */
  readonly offset: number;
}

/**
 * Wraps a request or response parser and locates its events in the stream.
 *
 * After a `paused` event (CONNECT, Upgrade, 101) the locator stops feeding: the bytes after the message stay with
 * it, and either {@link MessageLocator.resume} goes on parsing them as HTTP (a switch that did not happen) or
 * {@link MessageLocator.takeRemaining} hands them over.
 */
export class MessageLocator<H extends MessageHead> {
  /** The wrapped parser (for `expectResponseTo`, `currentMethod`, limits). Push bytes through the locator only. */
  readonly parser: MessageParser<H>;
  // Bytes the parser can take in one piece: body bytes of a known extent (Infinity for a body up to the close).
  private bulk = 0;
  private fed = 0;
  // Bytes received after a pause, not yet given to the parser.
  private held: Uint8Array[] = [];
  private paused = false;

  /** @param parser - a fresh `RequestParser` or `ResponseParser` (nothing pushed to it yet) */
  constructor(parser: MessageParser<H>) {
    this.parser = parser;
  }

  /** How many bytes the parser has been given; the offset of the next byte. */
  get offset(): number {
    return this.fed;
  }

  /** Parses the next piece of input; the events it completed, each with its offset. */
  push(bytes: Uint8Array): LocatedEvent<H>[] {
    if (this.paused) {
      if (bytes.length !== 0) this.held.push(bytes.slice());
      return [];
    }
    const out: LocatedEvent<H>[] = [];
    let pos = 0;
    while (pos < bytes.length) {
      const n = this.bulk > 0 ? Math.min(this.bulk, bytes.length - pos) : lineLength(bytes, pos);
      const events = this.parser.push(bytes.subarray(pos, pos + n));
      pos += n;
      this.fed += n;
      if (this.bulk > 0) this.bulk -= n;
      for (const event of events) {
        this.note(event);
        out.push({ event, offset: this.fed });
      }
      if (this.paused) {
        if (pos < bytes.length) this.held.push(bytes.slice(pos));
        break;
      }
    }
    return out;
  }

  /** Tells the parser the input ended; see `MessageParser.finish`. */
  finish(): LocatedEvent<H>[] {
    if (this.paused) return [];
    return this.parser.finish().map((event) => ({ event, offset: this.fed }));
  }

  /** Goes on with HTTP after a `paused` event (the switch did not happen), parsing the bytes held since. */
  resume(): LocatedEvent<H>[] {
    if (!this.paused) return [];
    this.paused = false;
    const out: LocatedEvent<H>[] = this.parser.resume().map((event) => ({ event, offset: this.fed }));
    for (const e of out) this.note(e.event);
    const held = this.held;
    this.held = [];
    for (const piece of held) out.push(...this.push(piece));
    return out;
  }

  /** After a `paused` event: the bytes received after the message, untouched; parsing stops for good. */
  takeRemaining(): Uint8Array {
    const parts = this.held;
    this.held = [];
    this.paused = false;
    this.parser.takeRemaining();
    return Buffer.concat(parts);
  }

  private note(event: ParserEvent<H>): void {
    switch (event.type) {
      case 'head': {
        const framing = event.head.framing;
        this.bulk = framing.kind === 'length' ? framing.length : framing.kind === 'until-close' ? Infinity : 0;
        break;
      }
      case 'chunk':
        this.bulk = event.size;
        break;
      case 'paused':
        this.bulk = 0;
        this.paused = true;
        break;
      case 'end':
      case 'error':
        this.bulk = 0;
        break;
      default:
        break;
    }
  }
}
