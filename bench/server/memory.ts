/**
 * Resident memory per idle keep-alive connection (perf-anchors.md §3): a server child started with
 * `--expose-gc`, keep-alive timeouts raised so nothing is reaped; a client child opens N connections and sends
 * one GET on each; the server's RSS after a full GC is read before (baseline), after connecting, and after the
 * requests (keep-alive idle). B/conn = (idle RSS − baseline RSS) / N. Then, with `settleMs`, the same after the
 * connections have been idle that long ("settled"): the burst of N requests grows V8's young generation (its
 * semi-spaces grow with the allocation rate), which is in the first idle sample and which V8 gives back once the
 * process has been idle a while — measured on 2026-12-07: h1ref 5,012 B right after the requests, 1,932 B after
 * 20 s idle, raw `net` 4,042 and 2,351; with `--max-semi-space-size=1` in the server, 2,765 and 2,830 at once.
 *
 * The average includes one-off growth of the heap and malloc arenas, so it depends on N: compare servers only
 * at the same N (10,000 by default, as the anchors).
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { startServerChild } from './load.js';
import { plainServer, SERVER_KINDS, type BenchServer, type FromClient, type FromServer, type MemorySample, type ToClient, type ToServer } from './protocol.js';
import { NodeChild } from './spawn.js';

const CLIENT_CHILD = fileURLToPath(new URL('./conns-client.js', import.meta.url));

/** How the memory measurement is made. */
export interface MemorySettings {
  /** The baseline build's server child, for the `@baseline` servers (`--baseline`). */
  readonly baselineChild?: string | undefined;
  /** Idle connections to open. */
  readonly connections: number;
  /** The open-file limit to give both children (connections plus headroom). */
  readonly fdLimit: number;
  /** Connects (and requests) in flight at once. */
  readonly batch: number;
  /** The core the server is pinned to, if any (as in the load runs). */
  readonly cpu: number | undefined;
  /** How long the connections stay idle before the settled sample; 0 takes none. */
  readonly settleMs: number;
}

/** One server, one repetition. */
export interface MemoryRun {
  readonly server: BenchServer;
  readonly rep: number;
  readonly connections: number;
  readonly baseline: MemorySample;
  readonly connected: MemorySample;
  readonly idle: MemorySample;
  /** (idle RSS − baseline RSS) / connections: the headline number. */
  readonly bytesPerConnection: number;
  /** (connected RSS − baseline RSS) / connections: sockets that never sent a request. */
  readonly connectedBytesPerConnection: number;
  /** JS heap + external growth per connection, baseline to idle. */
  readonly jsBytesPerConnection: number;
  /** Young-generation pages touched per connection, baseline to idle (part of the RSS growth; see MemorySample). */
  readonly youngBytesPerConnection: number;
  /** The sample after the connections were idle for `settleMs`, when taken. */
  readonly settled: MemorySample | undefined;
  /** (settled RSS − baseline RSS) / connections, when taken. */
  readonly settledBytesPerConnection: number | undefined;
}

const STEP_TIMEOUT_MS = 180_000;

function expectDone(answer: FromClient, what: string, allowFailures = false): FromClient & { kind: 'done' } {
  if (answer.kind === 'error') throw new Error(`${what}: ${answer.message}`);
  if (answer.failed > 0 && !allowFailures) throw new Error(`${what}: ${answer.failed} of ${answer.ok + answer.failed} failed, first: ${answer.firstFailure}`);
  return answer;
}

async function sample(server: NodeChild<ToServer, FromServer>): Promise<MemorySample> {
  const answer = await server.ask({ kind: 'measure' }, STEP_TIMEOUT_MS);
  if (answer.kind !== 'memory') throw new Error(`memory sample: ${answer.kind === 'error' ? answer.message : answer.kind}`);
  const { rss, heapUsed, external, youngBytes, open } = answer;
  // A baseline build older than the young-generation column does not report it: NaN, shown as —.
  return { rss, heapUsed, external, youngBytes: youngBytes ?? Number.NaN, open };
}

/** Measures one server once. */
export async function measureMemory(name: BenchServer, rep: number, s: MemorySettings): Promise<MemoryRun> {
  const { child: server, port } = await startServerChild(name, 'idle', { cpu: s.cpu, nodeArgs: ['--expose-gc'], fdLimit: s.fdLimit, baselineChild: s.baselineChild });
  const client = new NodeChild<ToClient, FromClient>(CLIENT_CHILD, [], { fdLimit: s.fdLimit });
  const { answer } = SERVER_KINDS[plainServer(name)];
  try {
    // The server's lazily built state (JIT code, parser tables, pools) exists before the baseline is taken.
    expectDone(await client.ask({ kind: 'warmup', port, connections: 10, requests: 20, answer }, STEP_TIMEOUT_MS), 'warm-up');
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the warm-up sockets finish closing
    const baseline = await sample(server);
    expectDone(await client.ask({ kind: 'connect', port, count: s.connections, batch: s.batch }, STEP_TIMEOUT_MS), `opening ${s.connections} connections`);
    const connected = await sample(server);
    expectDone(await client.ask({ kind: 'request', batch: s.batch, answer }, STEP_TIMEOUT_MS), `one GET on each of ${s.connections} connections`);
    const idle = await sample(server);
    if (idle.open !== s.connections) throw new Error(`${name} holds ${idle.open} connections, not ${s.connections}: some were closed`);
    let settled: MemorySample | undefined;
    if (s.settleMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, s.settleMs));
      settled = await sample(server);
      if (settled.open !== s.connections) throw new Error(`${name} holds ${settled.open} connections after ${s.settleMs} ms idle, not ${s.connections}`);
    }
    const n = s.connections;
    return {
      server: name,
      rep,
      connections: n,
      baseline,
      connected,
      idle,
      bytesPerConnection: (idle.rss - baseline.rss) / n,
      connectedBytesPerConnection: (connected.rss - baseline.rss) / n,
      jsBytesPerConnection: (idle.heapUsed + idle.external - baseline.heapUsed - baseline.external) / n,
      youngBytesPerConnection: (idle.youngBytes - baseline.youngBytes) / n,
      settled,
      settledBytesPerConnection: settled === undefined ? undefined : (settled.rss - baseline.rss) / n,
    };
  } finally {
    await client.stop({ kind: 'close' });
    await server.stop({ kind: 'stop' });
  }
}
