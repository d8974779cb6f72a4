/**
 * The body of a preparing worker thread (see `workers.ts`): it makes the inputs it is asked for, with their
 * reference views, from the run's options in `workerData`.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateInput, type GenerateOptions } from './generate.js';
import type { PrepareAnswer, PrepareRequest } from './workers.js';

const options = workerData as GenerateOptions;
parentPort?.on('message', (request: PrepareRequest) => {
  let answer: PrepareAnswer;
  try {
    answer = { id: request.id, input: generateInput(request.index, options) };
  } catch (error) {
    answer = { id: request.id, error: (error as Error).stack ?? String(error) };
  }
  parentPort?.postMessage(answer);
});
