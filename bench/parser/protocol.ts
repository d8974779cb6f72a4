/**
 * What the runner and a child process say to each other: the child gets its job as argv, and answers with one
 * IPC message.
 *
 * @module
 */
import type { CaseName } from './corpus.js';
import type { ParserName } from './drivers/index.js';
import type { RunSample } from './measure.js';
import type { Timing } from './timing.js';

/** The child's job. */
export interface ChildJob {
  readonly caseName: CaseName;
  readonly parser: ParserName;
  readonly seed: number;
  readonly timing: Timing;
}

/** The child's one reply. */
export type ChildReply =
  | { readonly kind: 'result'; readonly version: string; readonly samples: readonly RunSample[] }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string };

/** The job as argv (a single JSON argument: nothing to escape or parse by hand). */
export function jobToArgv(job: ChildJob): string[] {
  return [JSON.stringify(job)];
}

/** The job from argv; the runner wrote it, so a shape check is enough. */
export function jobFromArgv(argv: readonly string[]): ChildJob {
  const job = JSON.parse(argv[0] ?? 'null') as ChildJob | null;
  if (job === null || typeof job.caseName !== 'string' || typeof job.parser !== 'string') {
    throw new Error('usage: child.js \'{"caseName":…,"parser":…,"seed":…,"timing":{…}}\' (started by run.js)');
  }
  return job;
}
