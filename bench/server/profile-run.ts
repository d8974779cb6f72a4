/**
 * `--profile DIR`: h1ref's server under each load with `node --cpu-prof`, then the hottest functions. The
 * profiled runs are not counted in the table (the profiler costs a few percent).
 *
 * @module
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServerChild, type LoadSettings } from './load.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './profile.js';
import { startWrk } from './wrk.js';

/** Profiles h1ref under keep-alive and under pipelining; returns the report section and the summaries. */
export async function profileH1ref(dir: string, s: LoadSettings): Promise<{ text: string; summaries: ProfileSummary[] }> {
  const sections: string[] = [
    '',
    '## Profile of h1ref (node --cpu-prof, server child only)',
    '',
    'Shares of sampled time. `(idle)` is the event loop waiting in epoll; `(native)` is mostly the write syscall',
    '(loopback TCP included). The profiler shares the server\'s core, so throughput may be lower than in the table.',
  ];
  const summaries: ProfileSummary[] = [];
  for (const kind of ['keep-alive', 'pipelined'] as const) {
    const out = path.resolve(dir, kind);
    mkdirSync(out, { recursive: true });
    const before = new Set(readdirSync(out));
    // V8's default sampling interval (1 ms); 250 µs cost the server about as much and showed the same hot spots.
    const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${out}`];
    const { child, port } = await startServerChild('h1ref', 'load', { cpu: s.pinning.server, nodeArgs });
    let rate = Number.NaN;
    try {
      const url = `http://127.0.0.1:${port}/`;
      const pipeline = kind === 'pipelined' ? { script: s.script, depth: s.depth } : undefined;
      console.error(`  profiling h1ref, ${kind}, ${s.warmupSeconds + s.seconds} s`);
      rate = (await startWrk({ url, connections: s.connections, seconds: s.warmupSeconds + s.seconds, pipeline, cpu: s.pinning.load }).result).requestsPerSecond;
    } finally {
      await child.stop({ kind: 'stop' }); // process.exit in the child: the profile is written on exit
    }
    const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
    if (file === undefined) {
      sections.push('', `(${kind}: no profile was written in ${out})`);
      continue;
    }
    const summary = summarizeProfile(path.join(out, file));
    summaries.push(summary);
    sections.push('', formatProfile(`h1ref, ${kind} (${Math.round(rate).toLocaleString('en-US')} req/s under the profiler)`, summary));
  }
  return { text: sections.join('\n'), summaries };
}
