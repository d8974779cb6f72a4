// The findings reports: Markdown, the HTML trophy page, the terminal table and a view in a few lines, over
// hand-built records (three pairs, four classes, every severity, bytes and echoes holding every byte value).
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { FindingClass, FindingRecord, Severity, View } from '../../src/fuzz/finding.js';
import {
  compareFindings, formatFindingsHtml, formatFindingsMarkdown, formatFindingsText, formatViewText, type FindingsReportMeta,
} from '../../src/fuzz/report.js';
import { oneLiner, signatureHash } from '../../src/fuzz/store.js';
import { escapeBytesLines } from '../../src/probe/format.js';

const ALL = Buffer.from(Uint8Array.from({ length: 256 }, (_, i) => i));
const ALL_TEXT = ALL.toString('latin1');

const TARGETS = [
  { name: 'nginx', address: '127.0.0.1:8081', version: '1.24.0' },
  { name: 'apache', address: '127.0.0.1:8082', version: '2.4.57' },
  { name: 'odd|srv', address: '127.0.0.1:8083' },
  { name: 'lighttpd', address: '127.0.0.1:8084', version: '1.4.69' },
];

const REFERENCE_VIEW: View = {
  messages: [{
    status: 200, accepted: true, interim: [],
    echo: { method: 'GET', target: '/a', version: '1.1', headers: [['Host', 'a'], ['Content-Length', '2']], body: 'ab' },
    consumedTo: 44, framing: 'content-length',
  }],
  end: 'open',
  leftover: 0,
};

const NGINX_VIEW: View = {
  messages: [
    { status: 200, accepted: true, interim: [], echo: { method: 'GET', target: '/a', version: '1.1', headers: [['host', 'a']], body: '' } },
    { status: 400, accepted: false, interim: [] },
  ],
  end: 'closed',
  leftover: 0,
};

// A view whose every string holds every byte value.
const WILD_VIEW: View = {
  messages: [{
    status: 200, accepted: true, interim: [100],
    echo: { method: ALL_TEXT, target: ALL_TEXT, version: ALL_TEXT, headers: [[ALL_TEXT, ALL_TEXT]], body: ALL_TEXT },
    consumedTo: 3, framing: ALL_TEXT,
  }],
  end: 'reset',
  leftover: 7,
  malformed: ALL_TEXT,
  nonHttp: true,
  error: { code: ALL_TEXT, section: ALL_TEXT, offset: 9 },
};

let serial = 0;
function finding(cls: FindingClass, severity: Severity, target: string, over: Partial<FindingRecord> = {}): FindingRecord {
  const signature = `${cls}|${severity}|${target}|${serial++}`;
  const bytes = Buffer.from(`GET /${serial} HTTP/1.1\r\nHost: a\r\n\r\n`, 'latin1');
  const address = TARGETS.find((t) => t.name === target)!.address;
  return {
    schema: 'h1ref-fuzz-finding/1',
    class: cls,
    severity,
    signature,
    hash: signatureHash(signature),
    pair: [target, 'h1ref-parser'],
    targets: TARGETS,
    views: { [target]: NGINX_VIEW, 'h1ref-parser': REFERENCE_VIEW },
    verdict: 'RFC 9112 §6.3: h1ref reads one message of 2 bytes',
    reasons: [`${target} answered 2 messages, the reference 1`],
    quirks: severity === 'excused' ? ['nginx-lowercases-names'] : [],
    seed: 42,
    index: serial,
    operators: ['cl-duplicate', 'te-obs-fold'],
    slots: ['m0.f1.value'],
    delivery: { mode: 'whole', cuts: [], pauseMs: 0, halfClose: false },
    bytes: bytes.toString('base64'),
    escaped: '',
    oneLiner: oneLiner(bytes, address),
    shrink: { from: 120, to: bytes.length, exchanges: 31 },
    foundAt: '2026-12-03T10:00:00.000Z',
    ...over,
  };
}

// The wild one: every byte value in its bytes and views, markup in its prose.
const WILD = finding('status', 'meaningful', 'nginx', {
  bytes: Buffer.concat([ALL, Buffer.from('```` | ``` |')]).toString('base64'),
  oneLiner: oneLiner(Buffer.concat([ALL, Buffer.from('```` | ``` |')]), '127.0.0.1:8081'),
  views: { nginx: WILD_VIEW, 'h1ref-parser': REFERENCE_VIEW, apache: NGINX_VIEW },
  verdict: `RFC 9110 §5.5: refused <script>alert(1)</script> ${ALL_TEXT}`,
  reasons: ['# not a heading', '- not a list', '1. not a list', '*not emphasis* and `not code` | not a cell', '_lead, TE_AND_CL, trail_', `control ${ALL_TEXT}`],
  quirks: ['[not](a-link)'],
  operators: ['op|with|pipes', 'op`tick'],
});

const FINDINGS: FindingRecord[] = [
  finding('framing', 'permitted', 'nginx'),
  finding('framing', 'meaningful', 'nginx'),
  finding('accept-reject', 'excused', 'nginx'),
  finding('accept-reject', 'meaningful', 'apache'),
  finding('status', 'excused', 'apache'),
  finding('status', 'permitted', 'apache'),
  WILD,
  finding('interpretation', 'meaningful', 'odd|srv', { child: 2 }),
];

const META: FindingsReportMeta = {
  generatedAt: '2026-12-03T12:00:00.000Z',
  targets: TARGETS,
  runs: [{ seed: 42, inputs: 100000, durationMs: 61234 }],
};

// Fenced code blocks as CommonMark reads them: an opening run of 3+ backticks, closed by a line of at least as
// many backticks and nothing else. Fails the test when a block is left open.
function codeBlocks(markdown: string): { info: string; content: string }[] {
  const blocks: { info: string; content: string }[] = [];
  let open: { fence: number; info: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open === undefined) {
      const m = /^(`{3,})([^`]*)$/.exec(line);
      if (m !== null) open = { fence: m[1]!.length, info: m[2]!, lines: [] };
    } else if (new RegExp(`^\`{${open.fence},}\\s*$`).test(line)) {
      blocks.push({ info: open.info, content: open.lines.join('\n') });
      open = undefined;
    } else open.lines.push(line);
  }
  expect(open).toBeUndefined();
  return blocks;
}

// The cells of a Markdown table row, split at unescaped pipes.
function mdCells(row: string): string[] {
  return row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

function controlBytes(text: string): number[] {
  return [...Buffer.from(text, 'utf8')].filter((b) => (b < 0x20 && b !== 0x0a && b !== 0x09) || b === 0x7f);
}

describe('compareFindings', () => {
  it('orders by class, then severity, then pair, then hash', () => {
    const sorted = [...FINDINGS].sort(compareFindings);
    expect(sorted.map((f) => `${f.class} ${f.severity} ${f.pair[0]}`)).toEqual([
      'framing meaningful nginx',
      'framing permitted nginx',
      'accept-reject meaningful apache',
      'accept-reject excused nginx',
      'interpretation meaningful odd|srv',
      'status meaningful nginx',
      'status permitted apache',
      'status excused apache',
    ]);
  });
});

describe('formatFindingsText', () => {
  it('counts meaningful/permitted/excused per pair and class', () => {
    const text = formatFindingsText(FINDINGS);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('h1ref fuzz: 8 findings (4 meaningful, 2 permitted, 2 excused); cells are meaningful/permitted/excused');
    const table = lines.slice(2).map((l) => l.split(/ {2,}/));
    expect(table).toEqual([
      ['pair', 'framing', 'accept-reject', 'interpretation', 'connection', 'crash-hang', 'status', 'all'],
      ['apache vs h1ref-parser', '-', '1/0/0', '-', '-', '-', '0/1/1', '1/1/1'],
      ['nginx vs h1ref-parser', '1/1/0', '0/0/1', '-', '-', '-', '1/0/0', '2/1/1'],
      ['odd|srv vs h1ref-parser', '-', '-', '1/0/0', '-', '-', '-', '1/0/0'],
      ['all', '1/1/0', '1/0/1', '1/0/0', '-', '-', '1/1/1', '4/2/2'],
    ]);
    // Columns line up.
    const starts = (l: string) => [...l.matchAll(/(?<= {2})\S/g)].map((m) => m.index);
    expect(new Set(lines.slice(2).map((l) => JSON.stringify(starts(l)))).size).toBe(1);
  });

  it('says when there is nothing', () => {
    expect(formatFindingsText([])).toBe('h1ref fuzz: no findings\n');
  });
});

describe('formatFindingsMarkdown', () => {
  const markdown = formatFindingsMarkdown(FINDINGS, META);

  it('summarises pairs × classes with the count of each severity, a target without findings as zeros', () => {
    const lines = markdown.split('\n');
    const start = lines.indexOf('| pair | class | meaningful | permitted | excused |');
    expect(start).toBeGreaterThan(0);
    const rows: string[][] = [];
    for (let i = start; lines[i]!.startsWith('|'); i++) rows.push(mdCells(lines[i]!));
    expect(rows).toEqual([
      ['pair', 'class', 'meaningful', 'permitted', 'excused'],
      ['---', '---', '---:', '---:', '---:'],
      ['apache vs h1ref-parser', 'accept-reject', '1', '0', '0'],
      ['apache vs h1ref-parser', 'status', '0', '1', '1'],
      ['lighttpd vs h1ref-parser', 'none', '0', '0', '0'],
      ['nginx vs h1ref-parser', 'framing', '1', '1', '0'],
      ['nginx vs h1ref-parser', 'accept-reject', '0', '0', '1'],
      ['nginx vs h1ref-parser', 'status', '1', '0', '0'],
      ['odd\\|srv vs h1ref-parser', 'interpretation', '1', '0', '0'],
    ]);
    expect(markdown).toContain('| 42 | 100000 | 61.2 s |');
  });

  it('has a section per pair and class, findings in severity order', () => {
    const headings = markdown.split('\n').filter((l) => /^#{2,3} /.test(l));
    expect(headings).toEqual([
      '## Summary',
      '## apache vs h1ref-parser', '### accept-reject', '### status',
      '## nginx vs h1ref-parser', '### framing', '### accept-reject', '### status',
      '## odd\\|srv vs h1ref-parser', '### interpretation',
    ]);
    const framing = markdown.split('### framing')[1]!.split('### accept-reject')[0]!;
    expect(framing.indexOf('#### meaningful')).toBeLessThan(framing.indexOf('#### permitted'));
    expect(markdown.match(/^#### /gm)).toHaveLength(FINDINGS.length);
  });

  it('details each finding: verdict, reasons, quirks, versions, seed, index and operators, bytes and the shell line', () => {
    const f = FINDINGS[2]!;
    const section = markdown.split(`#### excused: ${f.hash}`)[1]!.split('####')[0]!;
    expect(section).toContain('- **Severity**: excused');
    expect(section).toContain('- **RFC verdict**: RFC 9112 §6.3: h1ref reads one message of 2 bytes');
    expect(section).toContain('  - nginx answered 2 messages, the reference 1');
    expect(section).toContain('- **Quirks applied**: nginx-lowercases-names');
    expect(section).toContain('nginx 1.24.0 at 127.0.0.1:8081; apache 2.4.57 at 127.0.0.1:8082; odd\\|srv (version unknown) at 127.0.0.1:8083');
    expect(section).toContain(`seed 42, input ${f.index} (h1ref fuzz --seed 42 --runs ${f.index + 1}); operators: cl-duplicate, te-obs-fold; slots: m0.f1.value; delivered whole`);
    expect(section).toContain(`- **Shrunk**: 120 → ${Buffer.from(f.bytes, 'base64').length} bytes in 31 exchanges`);
    const blocks = codeBlocks(section);
    expect(blocks).toEqual([
      { info: '', content: `GET /${f.index} HTTP/1.1\\r\\n\nHost: a\\r\\n\n\\r\\n` },
      { info: 'sh', content: f.oneLiner },
    ]);
  });

  it('stays valid Markdown when bytes hold backticks and pipes and prose holds markup', () => {
    const blocks = codeBlocks(markdown);
    expect(blocks).toHaveLength(2 * FINDINGS.length);
    const bytes = Buffer.from(WILD.bytes, 'base64');
    expect(blocks.map((b) => b.content)).toContain(escapeBytesLines(bytes, '', Infinity));
    expect(blocks.map((b) => b.content)).toContain(WILD.oneLiner);
    const section = markdown.split(`#### meaningful: ${WILD.hash}`)[1]!;
    expect(section).toContain('  - \\# not a heading');
    expect(section).toContain('  - \\- not a list');
    expect(section).toContain('  - 1\\. not a list');
    expect(section).toContain('  - \\*not emphasis\\* and \\`not code\\` \\| not a cell');
    expect(section).toContain('  - \\_lead, TE_AND_CL, trail\\_');
    expect(section).toContain('- **Quirks applied**: \\[not\\](a-link)');
    expect(section).toContain('\\<script\\>');
    expect(section).toContain('op\\|with\\|pipes, op\\`tick');
    expect(controlBytes(markdown)).toEqual([]);
    expect(markdown).not.toContain('\t');
  });

  it('names the child of an input the novelty rule made', () => {
    const f = FINDINGS[7]!;
    expect(markdown).toContain(`- **Made by**: seed 42, input ${f.index} child 2 (h1ref fuzz --seed 42 --runs ${f.index + 1});`);
  });

  it('takes a title', () => {
    expect(formatFindingsMarkdown([], { ...META, title: 'Campaign *one*' }).split('\n')[0]).toBe('# Campaign \\*one\\*');
  });
});

describe('formatFindingsHtml', () => {
  const html = formatFindingsHtml(FINDINGS, META);

  // The rows of the grid as text, tags removed.
  function grid(page: string): string[][] {
    const table = /<table class="grid">([\s\S]*?)<\/table>/.exec(page)![1]!;
    return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]*>/g, '')));
  }

  it('shows a grid of targets × classes, counting findings', () => {
    expect(grid(html)).toEqual([
      ['target', 'framing', 'accept-reject', 'interpretation', 'connection', 'crash-hang', 'status', 'all'],
      ['apache', '·', '1', '·', '·', '·', '2', '3'],
      ['lighttpd', '·', '·', '·', '·', '·', '·', '0'],
      ['nginx', '2', '1', '·', '·', '·', '1', '4'],
      ['odd|srv', '·', '·', '1', '·', '·', '·', '1'],
    ]);
  });

  it('links every count to a section, and every link resolves to one id', () => {
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    const hrefs = [...html.matchAll(/ href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(FINDINGS.length);
    for (const href of hrefs) {
      expect(href.startsWith('#')).toBe(true);
      expect(ids).toContain(href.slice(1));
    }
    // Each grid link leads to a section holding as many findings as the link says.
    for (const m of html.matchAll(/<a href="#(g-[^"]+)"[^>]*>(\d+)<\/a>/g)) {
      const section = new RegExp(`<section id="${m[1]!}">([\\s\\S]*?)</section>`).exec(html)![1]!;
      expect(section.match(/<article /g)).toHaveLength(Number(m[2]));
    }
    for (const f of FINDINGS) expect(ids).toContain(`f-${f.hash}`);
  });

  it('never holds a control byte, and escapes everything it shows', () => {
    expect(controlBytes(html)).toEqual([]);
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('odd|srv');
    // The wild bytes, escaped then HTML-escaped, and the views' strings the same way.
    const article = html.split(`id="f-${WILD.hash}"`)[1]!.split('</article>')[0]!;
    expect(article).toContain('\\x00\\x01\\x02');
    expect(article).toContain('!&#34;#$%&#38;&#39;()*+,-./0123456789:;&#60;=&#62;?@');
    expect(article).toContain('\\x7f\\x80');
    expect(article).toContain('\\xff');
  });

  it('shows every view side by side, with the reference\'s framing, and marks rows that differ', () => {
    const article = html.split(`id="f-${FINDINGS[0]!.hash}"`)[1]!.split('</article>')[0]!;
    expect(article).toContain(`<h4>bytes (${Buffer.from(FINDINGS[0]!.bytes, 'base64').length})</h4><pre>GET /${FINDINGS[0]!.index} HTTP/1.1\\r\\n\nHost: a\\r\\n\n\\r\\n</pre>`);
    expect(article).toContain(`<pre>printf &#39;GET /${FINDINGS[0]!.index} HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n&#39; | nc 127.0.0.1 8081</pre>`);
    const table = /<table class="views">([\s\S]*?)<\/table>/.exec(article)![1]!;
    const rows = [...table.matchAll(/<tr( class="diff")?>([\s\S]*?)<\/tr>/g)].map((r) =>
      [r[1] === undefined ? '' : 'diff', ...[...r[2]!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!)]);
    expect(rows).toEqual([
      ['', '', 'nginx', 'h1ref-parser'],
      ['', '#1 status', '200', '200'],
      ['', '#1 accepted', 'yes', 'yes'],
      ['', '#1 method', 'GET', 'GET'],
      ['', '#1 target', '/a', '/a'],
      ['', '#1 version', '1.1', '1.1'],
      ['diff', '#1 fields', 'host: a', 'Host: a\nContent-Length: 2'],
      ['diff', '#1 body', '(0) ', '(2) ab'],
      ['diff', '#1 ends at', '—', '44'],
      ['diff', '#1 framing', '—', 'content-length'],
      ['diff', '#2 status', '400', '—'],
      ['diff', '#2 accepted', 'no', '—'],
      ['diff', 'end', 'closed', 'open'],
      ['', 'leftover', '0', '0'],
    ]);
    // A third target's view is shown too.
    const wild = html.split(`id="f-${WILD.hash}"`)[1]!.split('</article>')[0]!;
    expect(wild).toContain('<tr><th></th><th>nginx</th><th>h1ref-parser</th><th>apache</th></tr>');
    expect(wild).toContain('<th>#1 interim</th><td>100</td><td>—</td><td>—</td>');
    expect(wild).toContain('<th>not HTTP</th><td>yes</td><td>no</td><td>no</td>');
  });

  it('is one self-contained page', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/https?:/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });
});

describe('formatViewText', () => {
  it('renders messages, echo, framing and the end in a few lines', () => {
    expect(formatViewText(REFERENCE_VIEW)).toBe(
      '#1 200 accepted GET /a HTTP/1.1 [Host: a; Content-Length: 2] body(2) "ab", ends at 44 (content-length)\n' +
      'end: open, leftover 0');
    expect(formatViewText(NGINX_VIEW)).toBe(
      '#1 200 accepted GET /a HTTP/1.1 [host: a] body(0) ""\n#2 400 refused\nend: closed, leftover 0');
    expect(formatViewText({
      messages: [], end: 'open', leftover: 0, error: { code: 'BARE_CR', section: 'RFC 9112 §2.2', offset: 14 },
    })).toBe('no response\nend: open, leftover 0, error BARE_CR (RFC 9112 §2.2) at 14');
    expect(formatViewText(NGINX_VIEW, '    ').split('\n')).toEqual([
      '#1 200 accepted GET /a HTTP/1.1 [host: a] body(0) ""', '    #2 400 refused', '    end: closed, leftover 0',
    ]);
  });

  it('escapes what the target sent, one line per message', () => {
    const text = formatViewText(WILD_VIEW);
    const lines = text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith('#1 200 (after 100) accepted \\x00\\x01')).toBe(true);
    expect(lines[1]).toMatch(/^end: reset, leftover 7, malformed response \\x00.*, not HTTP, error \\x00.* at 9$/);
    expect(controlBytes(text)).toEqual([]);
  });
});
