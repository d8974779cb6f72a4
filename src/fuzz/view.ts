/**
 * Views: what a target did with an input, and what the RFC says it should have done, in one shape.
 *
 * - {@link targetView} reduces the probe's {@link Observation} of a real exchange;
 * - {@link referenceView} runs h1ref's strict parser over the same pieces (the probe's `referenceOfBytes`, the
 *   smallest server around the parser) and adds what only the reference knows: where each message ends in the
 *   stream and how its body was delimited (RFC 9112 §6.3), and the error, with its section, when it refuses.
 *
 * @module
 */
import type { MessageHead } from '../parser/events.js';
import { MessageLocator } from '../parser/message-locator.js';
import type { ParserOptions } from '../parser/options.js';
import { RequestParser } from '../parser/request-parser.js';
import { isAcceptStatus } from '../probe/case.js';
import type { DeliveryPlan } from '../probe/delivery.js';
import type { EchoedRequest, Observation } from '../probe/observation.js';
import { referenceOfBytes } from '../probe/reference.js';
import type { EchoView, MessageView, View } from './finding.js';

/** The reference's name in views and findings. */
export const REFERENCE = 'h1ref-parser';

/** An echo reduced to what is compared; the version without its `HTTP/` prefix. */
export function echoView(e: EchoedRequest): EchoView {
  return {
    method: e.method,
    target: e.target,
    version: e.version.replace(/^HTTP\//i, ''),
    headers: e.headers,
    body: e.body,
  };
}

/**
 * A target's view of one exchange. A target that sent fewer final responses than the reference predicts and
 * then went silent is `hang` (whether it also stopped serving, `crash`, is decided by a liveness check after).
 */
export function targetView(o: Observation): View {
  const messages: MessageView[] = o.responses.map((r) => ({
    status: r.status,
    accepted: isAcceptStatus(r.status),
    interim: r.interim,
    ...(r.echo === undefined ? {} : { echo: echoView(r.echo) }),
  }));
  return {
    messages,
    end: o.timedOut ? 'hang' : o.connection,
    leftover: o.trailingBytes,
    ...(o.malformed === undefined ? {} : { malformed: o.malformed.code }),
    ...(o.nonHttp ? { nonHttp: true } : {}),
  };
}

/** Options of {@link referenceView}. */
export interface ReferenceViewOptions {
  /** The parser's options (strict by default: that is the RFC verdict). */
  readonly parser?: ParserOptions;
  /** Whether the client half-closes after the last piece. */
  readonly halfClose?: boolean;
}

/**
 * What a server built on h1ref's strict parser does with the pieces: the RFC verdict, with each message's end
 * offset and framing, and the parser's error when it refuses.
 */
export function referenceView(plan: DeliveryPlan, options: ReferenceViewOptions = {}): View {
  const observation = referenceOfBytes(plan, {
    ...(options.parser === undefined ? {} : { parser: options.parser }),
    ...(options.halfClose === true ? { halfClose: true } : {}),
  });
  const located = locate(plan.pieces, options);
  const messages: MessageView[] = observation.responses.map((r, i) => {
    const where = located.messages[i];
    return {
      status: r.status,
      accepted: isAcceptStatus(r.status),
      interim: r.interim,
      ...(r.echo === undefined ? {} : { echo: echoView(r.echo) }),
      ...(where === undefined ? {} : { consumedTo: where.end, framing: where.framing }),
    };
  });
  return {
    messages,
    end: observation.connection,
    leftover: 0,
    ...(located.error === undefined ? {} : { error: located.error }),
  };
}

interface Located {
  readonly messages: { end: number; framing: string }[];
  error?: { readonly code: string; readonly section: string; readonly offset: number };
}

// Where each message ends, and the error: the parser's events located in the stream. It stops where the model
// stops (an error, a message after which the connection does not persist, a tunnel), as referenceOfBytes does.
function locate(pieces: readonly Uint8Array[], options: ReferenceViewOptions): Located {
  const locator = new MessageLocator(new RequestParser(options.parser));
  const out: Located = { messages: [] };
  let framing = 'none';
  let stop = false;
  const take = (events: ReturnType<typeof locator.push>): void => {
    for (const { event, offset } of events) {
      if (stop) return;
      if (event.type === 'head') {
        framing = (event.head as MessageHead).framing.kind;
        if (!(event.head as { keepAlive?: boolean }).keepAlive) framing += ';close';
      } else if (event.type === 'end') {
        out.messages.push({ end: offset, framing: framing.replace(';close', '') });
        if (framing.endsWith(';close')) stop = true;
      } else if (event.type === 'error') {
        out.error = { code: event.error.code, section: event.error.section, offset: event.error.offset };
        stop = true;
      } else if (event.type === 'paused') {
        if (event.reason === 'connect') stop = true;
        else take(locator.resume());
      }
    }
  };
  for (const piece of pieces) {
    if (stop) break;
    take(locator.push(piece));
  }
  if (options.halfClose === true && !stop) take(locator.finish());
  return out;
}
