/**
 * The body of a preparing worker thread (see `workers.ts`): it makes the inputs it is asked for, with their
 * reference views, from the run's options in `workerData`, and hands them back without their parts.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GenerateOptions, PreparedInput } from './generate.js';
import { type LeanInput, makeInput, type PrepareAnswer, type PrepareRequest } from './workers.js';

const options = workerData as GenerateOptions;

// The inputs made last, by index: a child is asked for soon after its parent was judged, and making the parent
// again would cost as much as the child. Bounded; the oldest goes first.
const RECENT_LIMIT = 1024;
const recent = new Map<number, PreparedInput>();

function lean(input: PreparedInput): LeanInput {
  const { stream: _stream, baseline: _baseline, ...rest } = input;
  return rest;
}

parentPort?.on('message', (request: PrepareRequest) => {
  let answer: PrepareAnswer;
  try {
    const input = makeInput(options, request.index, request.child, request.child === undefined ? undefined : recent.get(request.index));
    if (request.child === undefined) {
      recent.set(request.index, input);
      if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as number);
    }
    answer = { id: request.id, input: lean(input) };
  } catch (error) {
    answer = { id: request.id, error: (error as Error).stack ?? String(error) };
  }
  parentPort?.postMessage(answer);
});
