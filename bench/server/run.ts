/**
 * `npm run bench:server`: h1ref's server, node:http and a raw `net` ceiling answering `Hello World!\n`, and
 * h1ref's echo, node:http's echo and an echo floor, loaded with wrk on loopback (keep-alive, pipelined, and a
 * connection per request) over several rounds in rotated order, plus resident memory per idle keep-alive
 * connection; prints a markdown table with ratios to the floors and issue 15's targets. Method: /work/shared/research/perf-anchors.md §1 and §3; see bench/server/README.md.
 *
 *     npm run bench:server -- --quick --json out.json
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectionBudget, type ConnectionBudget } from './limits.js';
import { loadsFor, measureServer, type LoadSettings, type ServerRound } from './load.js';
import { measureMemory, type MemoryRun } from './memory.js';
import { USAGE, parseOptions, type Options } from './options.js';
import { PROFILED, profileH1ref } from './profile-run.js';
import { plainServer, SERVER_KINDS } from './protocol.js';
import { formatHeader, formatNotes, formatTable, machine, summarizeServers } from './report.js';
import { choosePinning } from './spawn.js';
import { formatBaseline, formatTargets } from './targets.js';
import { WRK_MISSING, writePipelineScript, wrkVersion } from './wrk.js';
import { runCommand } from '../command.js';

/** `items` rotated left by `by`: round r starts with the r-th server, so drift hits every server alike. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % Math.max(1, items.length);
  return [...items.slice(k), ...items.slice(0, k)];
}

function describeMethod(o: Options, budget: ConnectionBudget | undefined): string {
  const parts: string[] = [];
  if (o.load) {
    parts.push(
      `wrk -t1 -c${o.connections} -d${o.seconds}s --latency, loads ${o.loads.join(', ')} (pipelined: ×${o.depth}, Lua script; close: -H 'Connection: close'); ${o.rounds} round(s) in rotated order, ` +
        `a fresh server process per server and round, ${o.warmupSeconds} s warm-up (1 s before each further load); runs with > ${o.maxOther} core of other CPU${o.pin ? ` or < ${o.minServerCpu} core for the server (not for close)` : ''} re-measured up to ${o.retries}×`,
    );
  }
  if (budget !== undefined) {
    parts.push(`memory: ${budget.connections.toLocaleString('en-US')} idle keep-alive connections, ${o.memoryReps} repetition(s) (ulimit -n soft ${budget.softLimit}, hard ${budget.hardLimit}; children get ${budget.fdLimit})`);
  }
  return parts.join('; ');
}

async function main(o: Options): Promise<number> {
  const wrk = wrkVersion();
  if (wrk === undefined && (o.load || o.profileDir !== undefined)) {
    console.error(WRK_MISSING);
    return 2;
  }
  const pinning = choosePinning(o.pin);
  const budget = o.idleConnections > 0 ? connectionBudget(o.idleConnections) : undefined;
  const m = machine(wrk ?? 'not installed', pinning.note);
  console.log(formatHeader(m, describeMethod(o, budget)));
  if (budget?.note !== undefined) console.log(`note: ${budget.note}\n`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'h1ref-bench-server-'));
  // Ctrl-C: remove the temp dir; the children exit by themselves when their IPC channel closes.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  }
  const settings: LoadSettings = {
    loads: o.loads,
    connections: o.connections,
    seconds: o.seconds,
    warmupSeconds: o.warmupSeconds,
    depth: o.depth,
    script: writePipelineScript(tmp),
    pinning,
    maxOther: o.maxOther,
    minServerCpu: o.minServerCpu,
    retries: o.retries,
    baselineChild: o.baselineChild,
  };
  const failures: string[] = [];
  const rounds: ServerRound[] = [];
  const memory: MemoryRun[] = [];
  try {
    if (o.load) {
      for (let round = 0; round < o.rounds; round++) {
        for (const server of rotate(o.servers, round)) {
          if (loadsFor(server, o.loads).length === 0) continue;
          try {
            const r = await measureServer(server, round, settings);
            rounds.push(r);
            const rates = Object.entries(r.runs).map(([load, run]) => `${load} ${Math.round(run.requestsPerSecond)}/s`);
            console.error(`  round ${round + 1}/${o.rounds} ${server}: ${rates.join(', ')}`);
          } catch (error) {
            failures.push(`${server}, round ${round + 1}: ${error instanceof Error ? error.message : String(error)}`);
            console.error(`  round ${round + 1}/${o.rounds} ${server}: FAILED`);
          }
        }
      }
    }
    if (budget !== undefined && budget.connections > 0) {
      const s = { connections: budget.connections, fdLimit: budget.fdLimit, batch: 250, cpu: pinning.server, settleMs: o.memorySettleMs, baselineChild: o.baselineChild };
      for (let rep = 0; rep < o.memoryReps; rep++) {
        for (const server of rotate(o.servers, rep)) {
          // A cluster's idle connections are spread over its workers: one process's RSS does not say what each costs.
          if ((SERVER_KINDS[plainServer(server)].workers ?? 1) > 1) continue;
          try {
            const r = await measureMemory(server, rep, s);
            memory.push(r);
            console.error(`  memory ${rep + 1}/${o.memoryReps} ${server}: ${Math.round(r.bytesPerConnection)} B per idle connection`);
          } catch (error) {
            failures.push(`${server}, memory ${rep + 1}: ${error instanceof Error ? error.message : String(error)}`);
            console.error(`  memory ${rep + 1}/${o.memoryReps} ${server}: FAILED`);
          }
        }
      }
    }

    const loads = o.load ? o.loads : []; // --no-load: no load columns
    const summaries = summarizeServers(o.servers, loads, rounds, memory);
    console.log(formatTable(summaries, loads, o.depth));
    console.log(formatTargets(summaries, loads, rounds));
    console.log(formatBaseline(summaries, loads, rounds));
    console.log(formatNotes(summaries, loads, o.rounds, o.depth));
    console.log(`\nload average at the end: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);

    let profiles: unknown;
    const profiledServers = PROFILED.filter((name) => o.servers.includes(name));
    if (o.profileDir !== undefined && profiledServers.length > 0) {
      const profiled = await profileH1ref(o.profileDir, settings, profiledServers);
      console.log(profiled.text);
      profiles = profiled.summaries;
    }

    if (o.jsonFile !== undefined) {
      const json = { machine: m, options: o, budget, date: new Date().toISOString(), summaries, rounds, memory, profiles, failures };
      writeFileSync(o.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
      console.error(`results written to ${o.jsonFile}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const f of failures) console.error(`\nFAILED ${f}`);
  return failures.length > 0 ? 1 : 0;
}

await runCommand(parseOptions, USAGE, main);
