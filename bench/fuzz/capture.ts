/**
 * Answers from the real targets, captured once before the measurements, for the socket-free `read` case: the
 * first inputs of the seed's sequence sent to each target as runFuzz sends them (the probe's `exchangeBytes`, the
 * input's own delivery, runFuzz's linger and timeout), with what came back.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { generateInput } from '../../src/fuzz/generate.js';
import { planOf } from '../../src/fuzz/plan.js';
import { exchangeBytes } from '../../src/probe/exchange.js';

/** One captured exchange (bytes as base64). */
export interface CapturedExchange {
  /** The input's index in the seed's sequence. */
  readonly index: number;
  readonly target: string;
  readonly request: string;
  readonly response: string;
  readonly closed: boolean;
  readonly pieces: number;
  readonly expected: number;
}

/** Where to send, and how. */
export interface CaptureSettings {
  readonly targets: readonly { readonly name: string; readonly host: string; readonly port: number }[];
  readonly seed: number;
  /** Inputs 0 … count − 1. */
  readonly count: number;
  readonly concurrency: number;
  readonly lingerMs: number;
  readonly timeoutMs: number;
}

/** Sends the inputs, writes the exchanges to `file` as JSON, and returns how many there are. */
export async function captureAnswers(s: CaptureSettings, file: string): Promise<number> {
  const out: CapturedExchange[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < s.count) {
      const input = generateInput(next++, { seed: s.seed });
      const plan = planOf(input.bytes, input.delivery);
      await Promise.all(s.targets.map(async (t) => {
        const r = await exchangeBytes(plan, {
          host: t.host, port: t.port, timeoutMs: s.timeoutMs, lingerMs: s.lingerMs, echo: 'h1ref',
          expected: input.reference.messages.length, halfClose: input.delivery.halfClose, maxResponseBytes: 4 * 1024 * 1024,
        });
        if (r.observation.error !== undefined) return;
        out.push({
          index: input.index,
          target: t.name,
          request: Buffer.from(input.bytes).toString('base64'),
          response: Buffer.from(r.response).toString('base64'),
          closed: r.observation.connection !== 'open',
          pieces: plan.pieces.length,
          expected: input.reference.messages.length,
        });
      }));
    }
  };
  await Promise.all(Array.from({ length: s.concurrency }, lane));
  writeFileSync(file, JSON.stringify(out));
  return out.length;
}
