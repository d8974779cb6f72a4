/**
 * The Garden-style loop, in its own process: the same inputs as runFuzz makes (`generateInput(i, { seed })`,
 * i = 0, 1, 2, …), ONE AT A TIME, each sent to every target in parallel (the Garden's `fanout`) on a fresh
 * connection the way the Garden's `roundtrip` does it (`tools/util.py`): write a piece, read until the socket
 * has been silent for 50 ms (`_DEFAULT_ORIGIN_TIMEOUT` of `tools/targets.py`) or the peer closed, next piece;
 * after the last piece one more such read (the "postamble"). Then the answers are read and judged as runFuzz
 * does (`work.ts`), which costs well under a millisecond next to the waits.
 *
 * Two things the Garden cannot do are kept, so that both loops send the same inputs: a half-closing delivery
 * shuts down the sending side after the last piece, and a target that keeps trickling bytes is cut off after
 * 10 s.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { View } from '../../src/fuzz/finding.js';
import { generateInput } from '../../src/fuzz/generate.js';
import { planOf } from '../../src/fuzz/plan.js';
import { childResult, childSettings } from './child.js';
import { judgeInput, readExchange } from './work.js';

/** What the child is given. */
export interface GardenSettings {
  readonly targets: readonly { readonly name: string; readonly host: string; readonly port: number }[];
  readonly seed: number;
  readonly timeMs: number;
  /** Silence that ends a read (the Garden's socket timeout). */
  readonly silenceMs: number;
}

/** What the child prints. */
export interface GardenResult {
  /** Inputs sent to every target and judged. */
  readonly inputs: number;
  readonly ms: number;
  readonly perSecond: number;
  /** Exchanges (inputs × targets). */
  readonly exchanges: number;
  /** Exchanges that could not connect. */
  readonly errors: number;
  /** Inputs on which some pair differed. */
  readonly differing: number;
  /** Mean milliseconds of one input (the slowest target's roundtrip). */
  readonly meanInputMs: number;
  /** Mean roundtrip per target, ms. */
  readonly meanRoundtripMs: Record<string, number>;
  /** CPU of this process, µs per input. */
  readonly cpuUsPerInput: number;
}

/** One roundtrip's outcome. */
interface Roundtrip {
  readonly response: Buffer;
  readonly closed: boolean;
  readonly error: boolean;
  readonly ms: number;
}

/** The Garden's `roundtrip` over a fresh connection (see the module documentation). */
function roundtrip(host: string, port: number, pieces: readonly Uint8Array[], halfClose: boolean, silenceMs: number, capMs = 10_000): Promise<Roundtrip> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let ended = false;
    let connected = false;
    let failed = false;
    let waiter: (() => void) | null = null;
    let silence: NodeJS.Timeout | null = null;
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const cap = setTimeout(() => finish(), capMs);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(cap);
      if (silence !== null) clearTimeout(silence);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks), closed: ended && !failed, error: failed, ms: performance.now() - started });
    };
    const wake = (): void => {
      if (silence !== null) clearTimeout(silence);
      silence = null;
      const w = waiter;
      waiter = null;
      w?.();
    };
    // recvall: returns at once after EOF, otherwise once `silenceMs` passed without a byte.
    const recvall = (): Promise<void> => new Promise((ok) => {
      if (ended || done) {
        ok();
        return;
      }
      waiter = ok;
      silence = setTimeout(wake, silenceMs);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (waiter !== null) {
        if (silence !== null) clearTimeout(silence);
        silence = setTimeout(wake, silenceMs);
      }
    });
    const onEnd = (): void => {
      ended = true;
      wake();
    };
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', () => {
      if (!connected) failed = true;
      onEnd();
      if (!connected) finish();
    });
    socket.on('connect', () => {
      connected = true;
      void (async () => {
        for (let i = 0; i < pieces.length && !done; i++) {
          if (!ended) socket.write(pieces[i]!);
          if (i === pieces.length - 1 && halfClose && !ended) socket.end();
          await recvall();
        }
        await recvall(); // the postamble
        finish();
      })();
    });
  });
}

const s = childSettings<GardenSettings>();
const cpu = process.cpuUsage();
const started = performance.now();
const deadline = started + s.timeMs;
let inputs = 0;
let errors = 0;
let differing = 0;
let inputMs = 0;
const roundtripMs: Record<string, number> = Object.fromEntries(s.targets.map((t) => [t.name, 0]));
for (let i = 0; performance.now() < deadline; i++) {
  const t0 = performance.now();
  const input = generateInput(i, { seed: s.seed });
  const plan = planOf(input.bytes, input.delivery);
  const results = await Promise.all(s.targets.map((t) => roundtrip(t.host, t.port, plan.pieces, input.delivery.halfClose, s.silenceMs)));
  const views: View[] = [];
  results.forEach((r, k) => {
    roundtripMs[s.targets[k]!.name]! += r.ms;
    if (r.error) {
      errors++;
      return;
    }
    views.push(readExchange({ request: Buffer.from(input.bytes), response: r.response, closed: r.closed, pieces: plan.pieces.length, expected: input.reference.messages.length }));
  });
  if (judgeInput(input.reference, views).differences > 0) differing++;
  inputs++;
  inputMs += performance.now() - t0;
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
childResult({
  inputs,
  ms,
  perSecond: (inputs * 1000) / ms,
  exchanges: inputs * s.targets.length,
  errors,
  differing,
  meanInputMs: inputMs / Math.max(1, inputs),
  meanRoundtripMs: Object.fromEntries(Object.entries(roundtripMs).map(([k, v]) => [k, v / Math.max(1, inputs)])),
  cpuUsPerInput: (used.user + used.system) / Math.max(1, inputs),
} satisfies GardenResult);
