// The findings directory: signature hashes, the shell line that replays bytes, the store's files and journal,
// and reading findings back from several directories.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingClass, FindingRecord, Severity } from '../../src/fuzz/finding.js';
import { FindingStore, oneLiner, printfCommand, readFindings, RUN_LOG, signatureHash } from '../../src/fuzz/store.js';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

// What the shell's printf writes for a command.
function run(shell: string, command: string): Buffer {
  return execFileSync(shell, ['-c', command]);
}

function finding(over: Partial<FindingRecord> & { bytes?: string } = {}): FindingRecord {
  const signature = over.signature ?? 'framing|content-length|m0.f1.value|nginx:2 messages';
  const bytes = over.bytes ?? Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1').toString('base64');
  return {
    schema: 'h1ref-fuzz-finding/1',
    class: 'framing',
    severity: 'meaningful',
    signature,
    hash: signatureHash(signature),
    pair: ['nginx', 'h1ref-parser'],
    targets: [{ name: 'nginx', address: '127.0.0.1:8081', version: '1.24.0' }],
    views: {},
    verdict: 'RFC 9112 §6.3: refused',
    reasons: ['message count differs'],
    quirks: [],
    seed: 7,
    index: 3,
    operators: ['cl-duplicate'],
    slots: ['m0.f1.value'],
    delivery: { mode: 'whole', cuts: [], pauseMs: 0, halfClose: false },
    escaped: '',
    oneLiner: '',
    shrink: { from: 90, to: 27, exchanges: 12 },
    foundAt: '2026-12-03T10:00:00.000Z',
    ...over,
    bytes,
  };
}

function bytesOf(r: FindingRecord): Buffer {
  return Buffer.from(r.bytes, 'base64');
}

describe('signatureHash', () => {
  it('is the first 12 hex digits of the signature\'s SHA-256', () => {
    expect(signatureHash('abc')).toBe('ba7816bf8f01'); // SHA-256("abc") = ba7816bf8f01cfea…
    expect(signatureHash('abc')).toBe(signatureHash('abc'));
    expect(signatureHash('abd')).not.toBe(signatureHash('abc'));
    expect(signatureHash('é')).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('printfCommand and oneLiner: a shell line that sends the bytes exactly', () => {
  it('reproduces all 256 byte values in bash, in both orders', () => {
    expect(run('bash', printfCommand(ALL_BYTES))).toEqual(Buffer.from(ALL_BYTES));
    const reversed = ALL_BYTES.slice().reverse();
    expect(run('bash', printfCommand(reversed))).toEqual(Buffer.from(reversed));
  });

  it('reproduces them in a POSIX sh as well (octal escapes only)', () => {
    if (!existsSync('/bin/sh')) return;
    expect(run('/bin/sh', printfCommand(ALL_BYTES))).toEqual(Buffer.from(ALL_BYTES));
  });

  it('never lets a digit after an escape extend it', () => {
    // Every byte followed by each octal digit, an 8 and a hex letter.
    const parts: number[] = [];
    for (let b = 0; b < 256; b++) for (const next of '012345678a') parts.push(b, next.charCodeAt(0));
    const bytes = Uint8Array.from(parts);
    expect(run('bash', printfCommand(bytes))).toEqual(Buffer.from(bytes));
  });

  it('keeps format characters, quotes and a leading dash literal', () => {
    for (const text of ['-n GET', '--', '%s%d%%%', '%', "'", "a'b\\c", '\\n\\x41\\101', 'x\\', '']) {
      const bytes = Buffer.from(text, 'latin1');
      expect(run('bash', printfCommand(bytes)), text).toEqual(bytes);
    }
  });

  it('shows CR, LF and HTAB as such and is printable ASCII on one line', () => {
    const cmd = printfCommand(Buffer.from('GET / HTTP/1.1\r\nA:\tb\r\n\r\n', 'latin1'));
    expect(cmd).toBe("printf 'GET / HTTP/1.1\\r\\nA:\\tb\\r\\n\\r\\n'");
    expect(printfCommand(ALL_BYTES)).toMatch(/^[\x20-\x7e]+$/);
    expect(printfCommand(Buffer.from("%'\\\x00\x7f\xff", 'latin1'))).toBe("printf '\\045\\047\\134\\000\\177\\377'");
  });

  it('pipes into nc with the host and port of the address', () => {
    const bytes = Buffer.from('GET / HTTP/1.1\r\n\r\n', 'latin1');
    const line = oneLiner(bytes, '127.0.0.1:8081');
    expect(line).toBe("printf 'GET / HTTP/1.1\\r\\n\\r\\n' | nc 127.0.0.1 8081");
    expect(oneLiner(bytes, '[::1]:8080')).toMatch(/ \| nc ::1 8080$/);
    expect(oneLiner(bytes, 'my host;rm:80')).toMatch(/ \| nc 'my host;rm' 80$/);
    expect(oneLiner(bytes, 'http://127.0.0.1:8081')).toBe(line);
    const printfPart = oneLiner(ALL_BYTES, 'localhost:80').replace(/ \| nc localhost 80$/, '');
    expect(run('bash', printfPart)).toEqual(Buffer.from(ALL_BYTES));
  });

  it('pipes into openssl s_client for an https:// address', () => {
    const bytes = Buffer.from('GET / HTTP/1.1\r\n\r\n', 'latin1');
    expect(oneLiner(bytes, 'https://127.0.0.1:8443')).toBe("printf 'GET / HTTP/1.1\\r\\n\\r\\n' | openssl s_client -quiet -connect 127.0.0.1:8443");
    expect(oneLiner(bytes, 'https://[::1]:8443')).toMatch(/ \| openssl s_client -quiet -connect '\[::1\]:8443'$/);
  });
});

describe('FindingStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(os.tmpdir(), 'h1ref-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('open() creates the directory and its parents', async () => {
    const store = new FindingStore(join(dir, 'a', 'b'));
    await store.open();
    await store.open();
    expect(await readdir(join(dir, 'a'))).toEqual(['b']);
  });

  it('writes <class>/<hash>.http (exactly the bytes), <class>/<hash>.json and a journal line', async () => {
    const store = new FindingStore(dir);
    await store.open();
    const record = finding({ class: 'accept-reject', severity: 'permitted', bytes: Buffer.from(ALL_BYTES).toString('base64') });
    expect(await store.has(record.hash)).toBe(false);
    await store.write(record, ALL_BYTES);
    expect(await store.has(record.hash)).toBe(true);
    expect(await readFile(join(dir, 'accept-reject', `${record.hash}.http`))).toEqual(Buffer.from(ALL_BYTES));
    const json = await readFile(join(dir, 'accept-reject', `${record.hash}.json`), 'utf8');
    expect(json).toBe(`${JSON.stringify(record, null, 2)}\n`);
    expect(JSON.parse(json)).toEqual(record);
    // No temporary file is left behind.
    expect((await readdir(join(dir, 'accept-reject'))).sort()).toEqual([`${record.hash}.http`, `${record.hash}.json`]);
    const lines = (await readFile(join(dir, RUN_LOG), 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'finding', hash: record.hash, class: 'accept-reject', severity: 'permitted', pair: ['nginx', 'h1ref-parser'] });
    expect(Object.keys(event)).toEqual(['type', 'hash', 'class', 'severity', 'pair', 'time']);
    expect(Number.isNaN(Date.parse(event['time'] as string))).toBe(false);
  });

  it('replaces a finding written again under the same hash', async () => {
    const store = new FindingStore(dir);
    await store.open();
    const first = finding();
    await store.write(first, bytesOf(first));
    const again = finding({ reasons: ['second reading'] });
    await store.write(again, bytesOf(again));
    expect(JSON.parse(await readFile(join(dir, 'framing', `${first.hash}.json`), 'utf8'))).toEqual(again);
    expect(await readdir(join(dir, 'framing'))).toHaveLength(2);
  });

  it('journals events in call order, each on its own line, with a time', async () => {
    const store = new FindingStore(dir);
    await store.open();
    const done = [
      store.log({ type: 'start', seed: 1, targets: ['nginx'] }),
      ...Array.from({ length: 20 }, (_, i) => store.log({ type: 'progress', inputs: i })),
      store.log({ type: 'end', inputs: 20, time: 'given' }),
    ];
    await Promise.all(done);
    const events = (await readFile(join(dir, RUN_LOG), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e['type'])).toEqual(['start', ...Array<string>(20).fill('progress'), 'end']);
    expect(events.slice(1, 21).map((e) => e['inputs'])).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(events[0]).toMatchObject({ seed: 1, targets: ['nginx'] });
    expect(typeof events[0]!['time']).toBe('string');
    expect(events[21]!['time']).toBe('given');
  });

  it('counts a finding as stored only once its .json is in place (a kill after the .http)', async () => {
    const store = new FindingStore(dir);
    await store.open();
    const record = finding();
    await mkdir(join(dir, 'framing'));
    await writeFile(join(dir, 'framing', `${record.hash}.http`), bytesOf(record));
    await writeFile(join(dir, 'framing', `${record.hash}.json.123-1-abcd.tmp`), '{"schema":"h1ref-fu');
    expect(await store.has(record.hash)).toBe(false);
    expect(await readFindings([dir])).toEqual([]);
  });

  it('refuses records that cannot name a file, and bytes that are not the record\'s', async () => {
    const store = new FindingStore(dir);
    await store.open();
    const record = finding();
    await expect(store.write({ ...record, hash: '../x' }, bytesOf(record))).rejects.toThrow(/not a finding hash/);
    await expect(store.write({ ...record, class: 'nope' as FindingClass }, bytesOf(record))).rejects.toThrow(/unknown class/);
    await expect(store.write(record, Buffer.from('other'))).rejects.toThrow(/not the record's bytes/);
    await expect(store.has('../../etc/passwd')).rejects.toThrow(/not a finding hash/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('readFindings', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(os.tmpdir(), 'h1ref-read-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function store(name: string, records: FindingRecord[]): Promise<string> {
    const s = new FindingStore(join(root, name));
    await s.open();
    for (const r of records) await s.write(r, bytesOf(r));
    return s.dir;
  }

  const make = (signature: string, cls: FindingClass, severity: Severity, pair: [string, string], foundAt: string): FindingRecord =>
    finding({ signature, hash: signatureHash(signature), class: cls, severity, pair, foundAt });

  it('deduplicates by signature across directories, keeping the earliest, and sorts class, severity, pair, hash', async () => {
    const a1 = make('s1', 'status', 'meaningful', ['nginx', 'h1ref-parser'], '2026-12-03T10:00:05.000Z');
    const a2 = make('s2', 'framing', 'excused', ['nginx', 'h1ref-parser'], '2026-12-03T10:00:00.000Z');
    const a3 = make('s3', 'framing', 'meaningful', ['nginx', 'h1ref-parser'], '2026-12-03T10:00:00.000Z');
    const b1 = { ...make('s1', 'status', 'meaningful', ['nginx', 'h1ref-parser'], '2026-12-03T09:00:00.000Z'), reasons: ['earlier'] };
    const b2 = make('s4', 'framing', 'meaningful', ['apache', 'h1ref-parser'], '2026-12-03T11:00:00.000Z');
    const b3 = { ...make('s3', 'framing', 'meaningful', ['nginx', 'h1ref-parser'], '2026-12-03T12:00:00.000Z'), reasons: ['later'] };
    const b4 = make('s5', 'accept-reject', 'permitted', ['nginx', 'h1ref-parser'], '2026-12-03T11:00:00.000Z');
    const dirA = await store('a', [a1, a2, a3]);
    const dirB = await store('b', [b1, b2, b3, b4]);
    const found = await readFindings([dirA, dirB]);
    expect(found.map((f) => f.signature)).toEqual(['s4', 's3', 's2', 's5', 's1']);
    expect(found.find((f) => f.signature === 's1')!.reasons).toEqual(['earlier']);
    expect(found.find((f) => f.signature === 's3')!.reasons).toEqual(['message count differs']);
    // Same order whichever directory comes first.
    expect((await readFindings([dirB, dirA])).map((f) => f.hash)).toEqual(found.map((f) => f.hash));
  });

  it('orders equal class, severity and pair by hash, and pairs by both names', async () => {
    const records = ['x1', 'x2', 'x3', 'x4'].map((s) => make(s, 'connection', 'permitted', ['nginx', 'h1ref-parser'], '2026-12-03T10:00:00.000Z'));
    const other = make('y', 'connection', 'permitted', ['nginx', 'apache'], '2026-12-03T10:00:00.000Z');
    const found = await readFindings([await store('c', [...records, other])]);
    expect(found[0]!.signature).toBe('y');
    expect(found.slice(1).map((f) => f.hash)).toEqual(records.map((r) => r.hash).sort());
  });

  it('looks at every .json at any depth and skips what is not a finding record', async () => {
    const deep = join(root, 'd', 'campaign', 'nested');
    await mkdir(deep, { recursive: true });
    const r = make('deep', 'interpretation', 'excused', ['nginx', 'h1ref-parser'], '2026-12-03T10:00:00.000Z');
    await writeFile(join(deep, 'anything.json'), JSON.stringify(r));
    await writeFile(join(root, 'd', 'report.json'), JSON.stringify({ schema: 'h1ref-probe/1' }));
    await writeFile(join(root, 'd', 'broken.json'), '{');
    await writeFile(join(root, 'd', 'list.json'), '[1,2]');
    await writeFile(join(root, 'd', 'record.txt'), JSON.stringify(make('txt', 'status', 'excused', ['a', 'b'], 'x')));
    expect((await readFindings([join(root, 'd')])).map((f) => f.signature)).toEqual(['deep']);
  });

  it('fails on a file that claims the schema but is not a record, and on a missing directory', async () => {
    await mkdir(join(root, 'e'));
    await writeFile(join(root, 'e', 'bad.json'), JSON.stringify({ ...finding(), severity: 'huge' }));
    await expect(readFindings([join(root, 'e')])).rejects.toThrow(/bad\.json: not a valid finding record: severity/);
    await expect(readFindings([join(root, 'missing')])).rejects.toThrow(/ENOENT/);
  });
});
