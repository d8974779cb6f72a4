/**
 * One (case, parser) measurement in its own process, so that JIT feedback and heap state from another parser
 * or another input shape cannot leak into it. Started by run.js with `child_process.fork`; answers over IPC,
 * or prints the reply as JSON when started by hand.
 *
 * @module
 */
import { buildCase, isCaseName } from './corpus.js';
import { isParserName, loadParser } from './drivers/index.js';
import { measure } from './measure.js';
import { jobFromArgv, type ChildReply } from './protocol.js';

async function main(): Promise<ChildReply> {
  const job = jobFromArgv(process.argv.slice(2));
  if (!isCaseName(job.caseName)) throw new Error(`unknown case ${job.caseName}`);
  if (!isParserName(job.parser)) throw new Error(`unknown parser ${job.parser}`);
  const loaded = await loadParser(job.parser);
  if (!loaded.ok) return { kind: 'unavailable', reason: loaded.reason };
  const benchCase = buildCase(job.caseName, job.seed);
  const samples = measure(loaded.create(), benchCase, job.timing);
  return { kind: 'result', version: loaded.version, samples };
}

function reply(message: ChildReply): void {
  if (process.send === undefined) {
    console.log(JSON.stringify(message));
    return;
  }
  // Close the channel once the message is out, so the child exits.
  process.send(message, () => process.disconnect());
}

main().then(reply, (error: unknown) => {
  reply({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
