/**
 * `--profile DIR`: h1ref's servers (the hello-world one and the echo, those of them being measured) under each
 * load with `node --cpu-prof`, then the hottest functions. The profiled runs are not counted in the table (the
 * profiler costs a few percent).
 *
 * @module
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadsFor, startServerChild, wrkRun, type LoadSettings } from './load.js';
import type { ServerName } from './protocol.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './profile.js';
import { startWrk } from './wrk.js';

/** The servers `--profile` profiles, when they are among those measured. */
export const PROFILED: readonly ServerName[] = ['h1ref', 'h1ref-echo'];

/**
 * Profiles each of `servers` (of {@link PROFILED}) under each of its loads into `dir/<server>/<load>`; returns the
 * report section and the summaries.
 */
export async function profileH1ref(dir: string, s: LoadSettings, servers: readonly ServerName[]): Promise<{ text: string; summaries: ProfileSummary[] }> {
  const sections: string[] = [
    '',
    `## Profile of ${servers.join(', ')} (node --cpu-prof, server child only)`,
    '',
    'Shares of sampled time. `(idle)` is the event loop waiting in epoll; `(native)` is mostly the write syscall',
    '(loopback TCP included). The profiler shares the server\'s core, so throughput may be lower than in the table.',
  ];
  const summaries: ProfileSummary[] = [];
  for (const [server, kind] of servers.flatMap((name) => loadsFor(name, s.loads).map((load) => [name, load] as const))) {
    const out = path.resolve(dir, server, kind);
    mkdirSync(out, { recursive: true });
    const before = new Set(readdirSync(out));
    // V8's default sampling interval (1 ms); 250 µs cost the server about as much and showed the same hot spots.
    const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${out}`];
    const { child, port } = await startServerChild(server, 'load', { cpu: s.pinning.server, nodeArgs });
    let rate = Number.NaN;
    try {
      const url = `http://127.0.0.1:${port}/`;
      console.error(`  profiling ${server}, ${kind}, ${s.warmupSeconds + s.seconds} s`);
      rate = (await startWrk(wrkRun(kind, url, s.warmupSeconds + s.seconds, s)).result).requestsPerSecond;
    } finally {
      await child.stop({ kind: 'stop' }); // process.exit in the child: the profile is written on exit
    }
    const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
    if (file === undefined) {
      sections.push('', `(${server}, ${kind}: no profile was written in ${out})`);
      continue;
    }
    const summary = summarizeProfile(path.join(out, file));
    summaries.push(summary);
    sections.push('', formatProfile(`${server}, ${kind} (${Math.round(rate).toLocaleString('en-US')} req/s under the profiler)`, summary));
  }
  return { text: sections.join('\n'), summaries };
}
