/**
 * `npm run bench:parser`: measures llhttp, http-parser-js and h1ref on every case, each (case, parser) pair in
 * a fresh child process, and prints a markdown table. Exits with status 1 when any pair failed its checks.
 *
 *     npm run bench:parser -- --quick --case browser,browser-x64 --parser llhttp,h1ref --json out.json
 *
 * @module
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCase, type BenchCase } from './corpus.js';
import { USAGE, parseOptions, type Options } from './options.js';
import { jobToArgv, type ChildJob, type ChildReply } from './protocol.js';
import { describeMachine, formatHeader, formatNotes, formatTable } from './report.js';
import { summarize, type PairResult } from './results.js';
import { runCommand } from '../command.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

/** Runs one job in a new process and turns its reply (or its death) into a result. */
function runChild(job: ChildJob, benchCase: BenchCase): Promise<PairResult> {
  const { caseName, parser, timing } = job;
  // Generous: a child normally needs well under warm-up + runs + 1 s.
  const timeoutMs = 30 * (timing.warmupMs + timing.runs * timing.runMs) + 30_000;
  return new Promise((resolve) => {
    let reply: ChildReply | undefined;
    const child = fork(CHILD, jobToArgv(job), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message) => {
      reply = message as ChildReply;
    });
    child.on('error', (error) => {
      reply ??= { kind: 'error', message: `could not start ${CHILD}: ${error.message}` };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const how = signal === 'SIGKILL' ? `SIGKILL, timeout ${timeoutMs} ms?` : (signal ?? `code ${code}`);
      const r: ChildReply = reply ?? { kind: 'error', message: `child exited (${how}) without a result` };
      if (r.kind === 'unavailable') {
        resolve({ case: caseName, parser, status: 'n/a', reason: r.reason });
      } else if (r.kind === 'error') {
        resolve({ case: caseName, parser, status: 'failed', reason: r.message });
      } else {
        const messagesPerSecond = summarize(r.samples.map((s) => s.messagesPerSecond));
        resolve({
          case: caseName,
          parser,
          status: 'ok',
          version: r.version,
          messagesPerSecond,
          megabytesPerSecond: (messagesPerSecond.median * benchCase.bytesPerMessage) / 1e6,
          samples: r.samples,
        });
      }
    });
  });
}

function progress(result: PairResult): string {
  if (result.status === 'ok') return `${Math.round(result.messagesPerSecond.median).toLocaleString('en-US')} msg/s`;
  return `${result.status}: ${result.reason}`;
}

async function main(options: Options): Promise<number> {
  const machine = describeMachine();
  console.log(formatHeader(machine, options.timing, options.seed, options.quick));

  const cases = options.cases.map((name) => buildCase(name, options.seed));
  const results: PairResult[] = [];
  for (const benchCase of cases) {
    for (const parser of options.parsers) {
      const job: ChildJob = { caseName: benchCase.name, parser, seed: options.seed, timing: options.timing };
      const result = await runChild(job, benchCase);
      results.push(result);
      // Progress goes to stderr, so stdout is exactly the report.
      console.error(`  ${benchCase.name} / ${parser}: ${progress(result)}`);
    }
  }

  console.log(formatTable(cases, options.parsers, results));
  console.log(formatNotes(cases, results));

  if (options.jsonFile !== undefined) {
    const { timing, quick, seed } = options;
    const json = { machine, timing, quick, seed, date: new Date().toISOString(), results };
    writeFileSync(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
    console.error(`results written to ${options.jsonFile}`);
  }

  const failed = results.filter((r) => r.status === 'failed');
  for (const r of failed) console.error(`\nFAILED ${r.case} / ${r.parser}:\n${r.reason}`);
  return failed.length > 0 ? 1 : 0;
}

await runCommand(parseOptions, USAGE, main);
