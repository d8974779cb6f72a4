/**
 * Reading a V8 CPU profile (`node --cpu-prof`) into the functions with the most self time, and the share of
 * each part of the code (src/server, src/parser, Node's internals, GC, …): what `--profile` prints.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a `.cpuprofile` this reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's self time. */
export interface HotFunction {
  readonly name: string;
  /** `src/server/connection.js:123` for our code, the URL for Node's, or a pseudo-frame like `(garbage collector)`. */
  readonly where: string;
  readonly area: string;
  readonly selfMs: number;
  readonly percent: number;
}

/** A profile summarized. */
export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Self time per area, largest first. */
  readonly areas: readonly { readonly area: string; readonly selfMs: number; readonly percent: number }[];
  readonly top: readonly HotFunction[];
  /** The hottest functions in h1ref's own code (src/), which the overall list may crowd out. */
  readonly topOwn: readonly HotFunction[];
}

/** Which part of the code a frame belongs to. */
function areaOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const ours = /\/dist\/(src\/[a-z-]+|bench\/[a-z-]+)\//.exec(url);
  if (ours !== null) return ours[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return 'other';
}

const sourceMaps = new Map<string, SourceMap | null>();

/** The compiled file's source map (tsc writes one next to each .js), or null. */
function sourceMapOf(file: string): SourceMap | null {
  let map = sourceMaps.get(file);
  if (map === undefined) {
    try {
      map = existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as never) : null;
    } catch {
      map = null;
    }
    sourceMaps.set(file, map);
  }
  return map;
}

/** `src/server/connection.ts:123` (through the source map) for our code, the URL for Node's. */
function shortWhere(url: string, line: number, column: number): string {
  if (url === '') return '';
  const ours = /\/dist\/((?:src|bench)\/.*)$/.exec(url);
  if (ours === null) return `${url}:${line + 1}`;
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const entry = sourceMapOf(file)?.findEntry(line, column);
  if (entry !== undefined && entry !== null && 'originalSource' in entry && entry.originalSource !== undefined) {
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
    const relative = /\/((?:src|bench)\/.*)$/.exec(source)?.[1] ?? source;
    return `${relative}:${entry.originalLine + 1}`;
  }
  return `${ours[1]}:${line + 1}`;
}

/** Reads a profile and returns its top `count` functions by self time. */
export function summarizeProfile(file: string, count = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, { name: string; where: string; area: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id);
    if (frame === undefined) return;
    totalUs += us;
    const where = shortWhere(frame.url, frame.lineNumber, frame.columnNumber);
    const key = `${frame.functionName}@${where}`;
    const entry = self.get(key) ?? { name: frame.functionName || '(anonymous)', where, area: areaOf(frame.url, frame.functionName), us: 0 };
    entry.us += us;
    self.set(key, entry);
  });
  const areas = new Map<string, number>();
  for (const e of self.values()) areas.set(e.area, (areas.get(e.area) ?? 0) + e.us);
  const pct = (us: number): number => (totalUs === 0 ? 0 : (100 * us) / totalUs);
  const sorted = [...self.values()].sort((a, b) => b.us - a.us);
  const hot = (e: { name: string; where: string; area: string; us: number }): HotFunction =>
    ({ name: e.name, where: e.where, area: e.area, selfMs: e.us / 1000, percent: pct(e.us) });
  return {
    file,
    totalMs: totalUs / 1000,
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, selfMs: us / 1000, percent: pct(us) })),
    top: sorted.slice(0, count).map(hot),
    topOwn: sorted.filter((e) => e.area.startsWith('src/')).slice(0, 15).map(hot),
  };
}

/** The summary as markdown: areas, then the hottest functions. */
export function formatProfile(title: string, summary: ProfileSummary): string {
  const lines = [`### ${title}`, '', `${summary.file}: ${(summary.totalMs / 1000).toFixed(1)} s of samples`, ''];
  lines.push('| area | self ms | % |', '|---|---:|---:|');
  for (const a of summary.areas) lines.push(`| ${a.area} | ${a.selfMs.toFixed(0)} | ${a.percent.toFixed(1)} |`);
  lines.push('', '| function | where | self ms | % |', '|---|---|---:|---:|');
  const row = (f: HotFunction): string => `| ${f.name} | ${f.where} | ${f.selfMs.toFixed(0)} | ${f.percent.toFixed(1)} |`;
  lines.push(...summary.top.map(row));
  lines.push('', 'Hottest in h1ref (src/):', '', '| function | where | self ms | % |', '|---|---|---:|---:|');
  lines.push(...summary.topOwn.map(row));
  return lines.join('\n');
}
