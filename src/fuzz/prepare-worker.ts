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

/** Makes input `index`, or its child `child`, keeping the inputs of the sequence for their children. */
function make(index: number, child: number | undefined): LeanInput {
  const input = makeInput(options, index, child, child === undefined ? undefined : recent.get(index));
  if (child === undefined) {
    recent.set(index, input);
    if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as number);
  }
  return lean(input);
}

parentPort?.on('message', (request: PrepareRequest) => {
  let answer: PrepareAnswer;
  try {
    answer = { id: request.id, inputs: request.indices.map((index) => make(index, request.child)) };
  } catch (error) {
    answer = { id: request.id, error: (error as Error).stack ?? String(error) };
  }
  parentPort?.postMessage(answer);
});
