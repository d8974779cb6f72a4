/**
 * The per-input work the benchmark measures outside runFuzz, written the way runFuzz and the probe do it, so that
 * the socket-free rows and the Garden-style loop judge inputs exactly as the fuzzer does.
 *
 * @module
 */
import type { Buffer } from 'node:buffer';
import { compareTargets, compareViews, type CompareContext } from '../../src/fuzz/compare.js';
import type { View } from '../../src/fuzz/finding.js';
import { NO_QUIRKS } from '../../src/fuzz/quirks.js';
import { targetView } from '../../src/fuzz/view.js';
import { ResponseParser } from '../../src/parser/response-parser.js';
import { analyzeResponses, requestMethods } from '../../src/probe/analyze.js';
import type { Observation } from '../../src/probe/observation.js';

/** A target's view of the reference's verdict: the reference's view without what only the reference knows. */
export function asTargetView(v: View): View {
  return {
    messages: v.messages.map((m) => ({
      status: m.status,
      accepted: m.accepted,
      interim: m.interim,
      ...(m.echo === undefined ? {} : { echo: m.echo }),
    })),
    end: v.end,
    leftover: 0,
  };
}

/** Judges one input the way runFuzz's `differencesOf` and its novelty key do: each target against the reference, then each pair; returns the number of differences and the key. */
export function judgeInput(reference: View, views: readonly View[]): { differences: number; key: string } {
  const context: CompareContext = reference.error === undefined ? {} : { referenceError: reference.error.code };
  const kinds: string[] = [];
  for (const v of views) {
    const d = compareViews(reference, v, undefined, NO_QUIRKS, context);
    if (d !== null) kinds.push(d.kind);
  }
  for (let i = 0; i < views.length; i++) {
    for (let j = i + 1; j < views.length; j++) {
      const d = compareTargets(reference, views[i]!, views[j]!, NO_QUIRKS, NO_QUIRKS, context);
      if (d !== null) kinds.push(d.kind);
    }
  }
  const key = views.map((v) => `${v.messages.map((m) => (m.accepted ? 'a' : 'r')).join('')}${v.end[0]}`).join('|') + kinds.join(',');
  return { differences: kinds.length, key };
}

/** One exchange's bytes, as `readExchange` needs them. */
export interface ExchangeBytes {
  /** The request bytes (all pieces). */
  readonly request: Buffer;
  /** Every byte the target sent. */
  readonly response: Buffer;
  /** Whether the target closed (or reset) the connection. */
  readonly closed: boolean;
  /** How many pieces the request was written in. */
  readonly pieces: number;
  /** How many final responses the reference predicts. */
  readonly expected: number;
}

/**
 * What exchangeBytes does with one exchange's bytes besides the socket, up to the view: the request methods, the
 * response parser that counts final responses as bytes arrive (here fed the whole answer at once), the strict
 * byte-by-byte analysis with the echo decoded, and the view.
 */
export function readExchange(e: ExchangeBytes): View {
  const methods = requestMethods(e.request);
  const counter = new ResponseParser({ limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER, maxHeaderBytes: 1 << 24, maxFieldCount: 1 << 20 } });
  for (const m of methods) counter.expectResponseTo(m);
  // Counted as exchangeBytes counts them (it decides when the linger starts); the count is not needed here.
  for (const event of counter.push(e.response)) if (event.type === 'error') break;
  const analysis = analyzeResponses(e.response, methods, { closed: e.closed, echo: 'h1ref', arrivals: [{ offset: 0, afterPieces: e.pieces }] });
  const observation: Observation = {
    responses: analysis.responses,
    connection: e.closed ? 'closed' : 'open',
    timedOut: !e.closed && analysis.responses.length < e.expected,
    ...(analysis.malformed === undefined ? {} : { malformed: analysis.malformed }),
    nonHttp: analysis.nonHttp,
    trailingBytes: analysis.trailingBytes,
    piecesSent: e.pieces,
    piecesTotal: e.pieces,
    firstByteAfterPieces: e.pieces,
    switchedProtocol: analysis.switchedProtocol,
  };
  return targetView(observation);
}

