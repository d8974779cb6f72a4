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
import { Buffer } from 'node:buffer';
import type { SpecCase } from './case.js';
import type { ParserEvent, RequestHead } from '../parser/events.js';
import type { ParserOptions } from '../parser/options.js';
import { RequestParser } from '../parser/request-parser.js';
import { type DeliveryPlan, planDelivery } from './delivery.js';
import type { EchoedRequest, Observation, ObservedResponse } from './observation.js';

/** Options of {@link referenceObservation}. */
export interface ReferenceOptions {
  /** The delivery plan to feed (the case's own by default). */
  readonly plan?: DeliveryPlan;
  /** Parser options (strict defaults). */
  readonly parser?: ParserOptions;
}

interface Current {
  readonly head: RequestHead;
  readonly body: Buffer[];
  trailers: [string, string][];
  readonly interim: number[];
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
  const responses: ObservedResponse[] = [];
  let current: Current | null = null;
  let closed = false;
  let switched = false;
  let firstByteAfter: number | null = null;
  let sent = 0;

  const respond = (status: number, echo: EchoedRequest | undefined, interim: readonly number[]): void => {
    firstByteAfter ??= sent;
    responses.push({ status, reason: '', version: 'HTTP/1.1', interim, bodyLength: 0, echo, afterPieces: sent });
  };

  const handle = (events: readonly ParserEvent<RequestHead>[]): void => {
    for (const event of events) {
      if (closed) return;
      switch (event.type) {
        case 'head':
          current = { head: event.head, body: [], trailers: [], interim: [] };
          break;
        case 'data':
          current?.body.push(Buffer.from(event.data));
          break;
        case 'trailers':
          if (current !== null) current.trailers = event.trailers.toArray();
          break;
        case 'chunk':
          break;
        case 'end': {
          const m = current!;
          current = null;
          const head = m.head;
          respond(200, {
            format: 'h1ref',
            method: head.method,
            target: head.target,
            version: head.version,
            headers: head.fields.toArray(),
            body: Buffer.concat(m.body).toString('latin1'),
            trailers: m.trailers,
          }, m.interim);
          if (!head.keepAlive) closed = true;
          break;
        }
        case 'paused':
          if (event.reason === 'connect') {
            switched = true;
            closed = true;
          } else {
            handle(parser.resume());
          }
          break;
        case 'error':
          current = null;
          respond(event.error.status, undefined, []);
          closed = true;
          break;
      }
    }
  };

  for (const piece of plan.pieces) {
    if (closed) break;
    sent++;
    handle(parser.push(piece));
    const m = current as Current | null;
    if (m !== null && m.head.expectContinue && m.head.framing.kind !== 'none' && m.interim.length === 0 && !closed) {
      m.interim.push(100);
      firstByteAfter ??= sent;
    }
  }
  if (options.halfClose === true && !closed) {
    handle(parser.finish());
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
