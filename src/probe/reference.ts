/**
 * {@link referenceObservation}: what h1ref's own request parser makes of a case, in the shape of an
 * {@link Observation} — so the same judge that scores a server scores the parser, and the suite and the parser
 * cannot drift apart.
 *
 * The model of a server around the parser is the smallest one: each complete message is answered 200 with the
 * parser's interpretation as the echo; an error is answered with `ProtocolError.status` and ends the connection;
 * so does a message after which the connection does not persist, and CONNECT (the bytes after it are a tunnel's).
 * A request that says `Expect: 100-continue` and has a body still to come gets an interim 100 as soon as its
 * head is complete, as h1ref's server sends it. A declined Upgrade resumes parsing.
 *
 * @module
 */
import type { SpecCase } from './case.js';
import { MessageCollector } from '../parser/collect-messages.js';
import type { ParserEvent, RequestHead } from '../parser/events.js';
import type { ParserOptions } from '../parser/options.js';
import { RequestParser } from '../parser/request-parser.js';
import { latin1 } from '../wire/latin1.js';
import { type DeliveryPlan, planDelivery } from './delivery.js';
import type { EchoedRequest, Observation, ObservedResponse } from './observation.js';

/** Options of {@link referenceObservation}. */
export interface ReferenceOptions {
  /** The delivery plan to feed (the case's own by default). */
  readonly plan?: DeliveryPlan;
  /** Parser options (strict defaults). */
  readonly parser?: ParserOptions;
}

/** Runs h1ref's {@link RequestParser} over a case's bytes, piece by piece, and reports what a server built on it does. */
export function referenceObservation(c: SpecCase, options: ReferenceOptions = {}): Observation {
  return referenceOfBytes(options.plan ?? planDelivery(c), { ...options, halfClose: c.halfClose === true });
}

/** Options of {@link referenceOfBytes}. */
export interface BytesReferenceOptions {
  /** Parser options (strict defaults). */
  readonly parser?: ParserOptions;
  /** Whether the client shuts down its sending side after the last piece (the parser then sees the end of input). */
  readonly halfClose?: boolean;
}

/**
 * The bytes-level core of {@link referenceObservation}: what a server built on h1ref's parser does with these
 * pieces, for callers without a {@link SpecCase} (the fuzzer).
 */
export function referenceOfBytes(plan: DeliveryPlan, options: BytesReferenceOptions = {}): Observation {
  const parser = new RequestParser(options.parser);
  const collected = new MessageCollector<RequestHead>();
  const responses: ObservedResponse[] = [];
  let answered = 0;
  // The head of the request that was sent a 100 Continue.
  let continued: RequestHead | null = null;
  let closed = false;
  let switched = false;
  let firstByteAfter: number | null = null;
  let sent = 0;

  const respond = (status: number, echo: EchoedRequest | undefined, interim: readonly number[]): void => {
    firstByteAfter ??= sent;
    responses.push({ status, reason: '', version: 'HTTP/1.1', interim, bodyLength: 0, echo, afterPieces: sent });
  };

  // Answers what the events completed: each message in order, then the error.
  const take = (events: readonly ParserEvent<RequestHead>[]): void => {
    collected.add(events);
    while (!closed && answered < collected.messages.length) {
      const m = collected.messages[answered++]!;
      const head = m.head;
      respond(200, {
        format: 'h1ref',
        method: head.method,
        target: head.target,
        version: head.version,
        headers: head.fields.toArray(),
        body: latin1(m.body),
        trailers: m.trailers.toArray(),
      }, head === continued ? [100] : []);
      if (!head.keepAlive) {
        closed = true;
      } else if (m.switched === 'connect') {
        switched = true;
        closed = true;
      } else if (m.switched === 'upgrade') {
        // A declined Upgrade: HTTP/1.1 goes on with the bytes after it (RFC 9110 §7.8).
        collected.add(parser.resume());
      }
    }
    if (!closed && collected.error !== null) {
      respond(collected.error.status, undefined, []);
      closed = true;
    }
  };

  for (const piece of plan.pieces) {
    if (closed) break;
    sent++;
    take(parser.push(piece));
    const head = collected.currentHead;
    if (head !== null && head.expectContinue && head.framing.kind !== 'none' && continued !== head && !closed) {
      continued = head;
      firstByteAfter ??= sent;
    }
  }
  if (options.halfClose === true && !closed) {
    take(parser.finish());
    closed = true;
  }
  return {
    responses,
    connection: closed ? 'closed' : 'open',
    timedOut: false,
    nonHttp: false,
    trailingBytes: 0,
    piecesSent: sent,
    piecesTotal: plan.pieces.length,
    firstByteAfterPieces: firstByteAfter,
    switchedProtocol: switched,
    synthetic: true,
  };
}
