/**
 * Where the fuzzer keeps what it finds. A finding is two files in `DIR/<class>/`, named by the hash of its
 * signature: `<hash>.http`, exactly the bytes that show it, and `<hash>.json`, its {@link FindingRecord}. A run
 * also keeps a journal, `DIR/run.ndjson`: one JSON object per line for its start, its progress, each finding and
 * its end.
 *
 * Both files of a finding are written under a temporary name and renamed into place, `.http` first and `.json`
 * last, so a process killed at any moment leaves each file either whole or absent; a finding counts as stored
 * ({@link FindingStore.has}) once its `.json` is there.
 *
 * {@link readFindings} gathers the records of one or more such directories for the reports of `report.ts`.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTarget, type ProbeTarget } from '../probe/connect.js';
import { FINDING_CLASSES, type FindingRecord } from './finding.js';
import { compareFindings, SEVERITIES } from './report.js';

/** The `schema` of a finding record; {@link readFindings} skips JSON files with any other. */
export const FINDING_SCHEMA = 'h1ref-fuzz-finding/1';

/** The journal's file name inside a findings directory. */
export const RUN_LOG = 'run.ndjson';

/**
 * A short, stable name for a signature: the first 12 hex digits of its SHA-256 (UTF-8). Equal signatures get
 * equal names in every run and on every machine, so a finding found twice is stored once.
 */
export function signatureHash(signature: string): string {
  return createHash('sha256').update(signature, 'utf8').digest('hex').slice(0, 12);
}

/**
 * A `printf` command that writes exactly `bytes` to its standard output. The format is single-quoted; printable
 * ASCII stands for itself except `'`, `\` and `%` (quoting and format characters) and a leading `-` (which printf
 * would take for an option); CR, LF and HTAB are `\r`, `\n` and `\t`; every other byte is a three-digit octal
 * escape. Octal rather than `\xHH` because POSIX printf knows only octal: the command works in bash, zsh, dash
 * and `/usr/bin/printf` alike. Three digits always, so that a digit after an escape is never read as part of it.
 */
export function printfCommand(bytes: Uint8Array): string {
  let format = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0d) format += '\\r';
    else if (b === 0x0a) format += '\\n';
    else if (b === 0x09) format += '\\t';
    else if (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c && b !== 0x25 && !(b === 0x2d && i === 0)) {
      format += String.fromCharCode(b);
    } else format += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `printf '${format}'`;
}

/**
 * A shell line that sends `bytes` to a server: `printf '…' | nc host port`, or for an `https://` address
 * `printf '…' | openssl s_client -quiet -connect host:port` (which sends the server name, does not stop at a
 * certificate it cannot verify, and waits for the server to close; see {@link printfCommand} for the escapes). The
 * line is printable ASCII when the address is.
 *
 * @param address - `http://host:port`, `https://host:port`, `host:port` or `[v6-address]:port`
 */
export function oneLiner(bytes: Uint8Array, address: string): string {
  let target: ProbeTarget;
  try {
    target = parseTarget(address);
  } catch {
    target = { host: address, port: 80 };
  }
  if (target.tls === true) {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    return `${printfCommand(bytes)} | openssl s_client -quiet -connect ${shellWord(`${host}:${target.port}`)}`;
  }
  return `${printfCommand(bytes)} | nc ${shellWord(target.host)} ${shellWord(String(target.port))}`;
}

// A word as the shell reads it: as is when it holds nothing the shell treats specially, else single-quoted.
function shellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9._:%+@=,/-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A line of the journal: any JSON object with a `type` (`start`, `progress`, `finding`, `end`, …). */
export interface RunEvent {
  /** What happened. */
  readonly type: string;
}

/**
 * The files of one findings directory: `<class>/<hash>.http` and `<class>/<hash>.json` per finding, and the
 * journal `run.ndjson`. Journal lines are appended in the order they are asked for.
 */
export class FindingStore {
  /** The directory. */
  readonly dir: string;
  // Journal appends wait for each other, so lines land in call order even when callers do not wait.
  private journal: Promise<void> = Promise.resolve();
  private temps = 0;

  /** @param dir - the findings directory; created by {@link FindingStore.open} */
  constructor(dir: string) {
    this.dir = dir;
  }

  /** Creates the directory (and its parents) when missing. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /** Whether a finding with this hash is stored (its `.json`, the last file written, is there), in any class. */
  async has(hash: string): Promise<boolean> {
    checkHash(hash);
    for (const cls of FINDING_CLASSES) {
      if (await isFile(join(this.dir, cls, `${hash}.json`))) return true;
    }
    return false;
  }

  /**
   * Stores a finding: `<class>/<hash>.http` holds `bytes`, `<class>/<hash>.json` the record as indented JSON and
   * a final newline, and a `finding` line goes to the journal. A finding already stored under the same hash is
   * replaced.
   *
   * @param bytes - the minimal bytes; they must be the ones `record.bytes` holds in base64
   * @throws Error when the record's class or hash could not be a file path here, or its bytes differ from `bytes`
   */
  async write(record: FindingRecord, bytes: Uint8Array): Promise<void> {
    checkHash(record.hash);
    if (!(FINDING_CLASSES as readonly string[]).includes(record.class)) {
      throw new Error(`finding ${record.hash}: unknown class ${JSON.stringify(record.class)}`);
    }
    if (!Buffer.from(bytes).equals(Buffer.from(record.bytes, 'base64'))) {
      throw new Error(`finding ${record.hash}: the bytes to store are not the record's bytes`);
    }
    const dir = join(this.dir, record.class);
    await mkdir(dir, { recursive: true });
    await this.replace(join(dir, `${record.hash}.http`), bytes);
    await this.replace(join(dir, `${record.hash}.json`), `${JSON.stringify(record, null, 2)}\n`);
    await this.log({
      type: 'finding', hash: record.hash, class: record.class, severity: record.severity, pair: record.pair,
    });
  }

  /**
   * Appends one event to the journal as a line of JSON: `{"type":"start", …}`, `{"type":"progress", …}`,
   * `{"type":"end", …}`. A `time` (ISO) is added when the event has none.
   */
  async log<E extends RunEvent>(event: E): Promise<void> {
    const line = `${JSON.stringify({ ...event, time: (event as { time?: unknown }).time ?? new Date().toISOString() })}\n`;
    const done = this.journal.then(() => appendFile(join(this.dir, RUN_LOG), line));
    // A failed append is reported to its caller, and does not stop the lines after it.
    this.journal = done.catch(() => undefined);
    return done;
  }

  // Writes under a temporary name in the same directory, then renames over `path` (atomic within a file system).
  private async replace(path: string, data: Uint8Array | string): Promise<void> {
    const temp = `${path}.${process.pid}-${++this.temps}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  }
}

// Hashes become file names: only what signatureHash makes (or any hex name) is accepted.
function checkHash(hash: string): void {
  if (!/^[0-9a-f]{1,64}$/.test(hash)) throw new Error(`not a finding hash: ${JSON.stringify(hash)}`);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Every finding record under the given directories: each `*.json` file at any depth whose `schema` is
 * {@link FINDING_SCHEMA} (other JSON files, and files that are not JSON, are skipped). A signature found more
 * than once, in one directory or across several, is kept once: the record with the earliest `foundAt` (the
 * first read on a tie; directories in the order given, files in name order). The result is sorted by
 * {@link compareFindings}: class (in {@link FINDING_CLASSES} order), severity, pair, hash.
 *
 * @throws Error when a directory cannot be read, or a file claims the schema but is not a valid record
 */
export async function readFindings(dirs: readonly string[]): Promise<FindingRecord[]> {
  const bySignature = new Map<string, FindingRecord>();
  for (const dir of dirs) {
    for (const file of await jsonFiles(dir)) {
      let data: unknown;
      try {
        data = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        continue;
      }
      if (typeof data !== 'object' || data === null || (data as { schema?: unknown }).schema !== FINDING_SCHEMA) continue;
      const problem = recordProblem(data as Record<string, unknown>);
      if (problem !== undefined) throw new Error(`${file}: not a valid finding record: ${problem}`);
      const record = data as FindingRecord;
      const kept = bySignature.get(record.signature);
      if (kept === undefined || record.foundAt < kept.foundAt) bySignature.set(record.signature, record);
    }
  }
  return [...bySignature.values()].sort(compareFindings);
}

// The `.json` files under `dir`, depth first, names in code-unit order; symbolic links are not followed.
async function jsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await jsonFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

// What the readers rely on: the fields used to deduplicate, sort and name a finding.
function recordProblem(r: Record<string, unknown>): string | undefined {
  if (!(FINDING_CLASSES as readonly unknown[]).includes(r['class'])) return `class ${JSON.stringify(r['class'])}`;
  if (!(SEVERITIES as readonly unknown[]).includes(r['severity'])) return `severity ${JSON.stringify(r['severity'])}`;
  for (const key of ['signature', 'hash', 'foundAt', 'bytes'] as const) {
    if (typeof r[key] !== 'string') return `${key} is not a string`;
  }
  for (const key of ['reasons', 'quirks', 'operators', 'targets'] as const) {
    if (!Array.isArray(r[key])) return `${key} is not a list`;
  }
  if (typeof r['views'] !== 'object' || r['views'] === null) return 'views is not an object';
  const pair = r['pair'];
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
    return 'pair is not two names';
  }
  return undefined;
}
