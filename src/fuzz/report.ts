/**
 * Reports on stored findings: `docs/findings.md` ({@link formatFindingsMarkdown}), a self-contained
 * `findings.html` ({@link formatFindingsHtml}), a terminal table ({@link formatFindingsText}), and one view in a
 * few lines for `--replay` ({@link formatViewText}). Every function here is pure: records in, text out.
 *
 * Text that comes from the wire (bytes, echoed methods, targets, fields, bodies) is shown escaped as the probe
 * shows bytes (`\r\n` as such, other control and non-ASCII bytes as `\xNN`); other text (verdicts, reasons,
 * names, error codes and sections, framing) keeps its characters, except control characters, which are escaped
 * too. No report ever holds a raw control character other than line feed.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { escapeBytes, escapeBytesLines, escapeHtml } from '../probe/format.js';
import {
  FINDING_CLASSES, type FindingClass, type FindingRecord, type MessageView, type Severity, type TargetRef, type View,
} from './finding.js';
import { REFERENCE } from './view.js';

/** The severities, most important first: the order reports sort and count them in. */
export const SEVERITIES: readonly Severity[] = ['meaningful', 'permitted', 'excused'];

/** One run of the fuzzer, as the reports summarise it. */
export interface RunSummary {
  /** The run's seed. */
  readonly seed: number;
  /** How many inputs it tried. */
  readonly inputs: number;
  /** How long it took, ms. */
  readonly durationMs: number;
}

/** What the Markdown and HTML reports say besides the findings. */
export interface FindingsReportMeta {
  /** The heading; `h1ref fuzz findings` when absent. */
  readonly title?: string;
  /** When the report was made (ISO time); shown as given. */
  readonly generatedAt: string;
  /** The targets fuzzed; one with no finding still gets its row in the summaries. */
  readonly targets: readonly TargetRef[];
  /** The runs the findings come from. */
  readonly runs?: readonly RunSummary[];
}

/**
 * The order of findings in every report and in what `readFindings` returns: by class (in
 * {@link FINDING_CLASSES} order), then severity ({@link SEVERITIES} order), then pair (the differing target's
 * name, then the other's), then hash. Strings compare by code unit, so the order does not depend on a locale.
 */
export function compareFindings(a: FindingRecord, b: FindingRecord): number {
  return FINDING_CLASSES.indexOf(a.class) - FINDING_CLASSES.indexOf(b.class) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compareText(a.pair[0], b.pair[0]) || compareText(a.pair[1], b.pair[1]) || compareText(a.hash, b.hash);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Grouping and counting, shared by the reports.

type Pair = readonly [string, string];
type Counts = Record<Severity, number>;

interface PairGroup {
  readonly pair: Pair;
  readonly byClass: Map<FindingClass, FindingRecord[]>;
}

// Findings by pair (pairs in name order), and within a pair by class; each list in compareFindings order. With
// `targets`, a target that is in no pair gets an empty group against the reference.
function groupByPair(findings: readonly FindingRecord[], targets: readonly TargetRef[] = []): PairGroup[] {
  const groups = new Map<string, PairGroup>();
  for (const f of [...findings].sort(compareFindings)) {
    const key = JSON.stringify(f.pair);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, g = { pair: [f.pair[0], f.pair[1]], byClass: new Map() });
    const list = g.byClass.get(f.class);
    if (list === undefined) g.byClass.set(f.class, [f]);
    else list.push(f);
  }
  for (const t of targets) {
    if (t.name === REFERENCE || [...groups.values()].some((g) => g.pair[0] === t.name)) continue;
    groups.set(JSON.stringify([t.name, REFERENCE]), { pair: [t.name, REFERENCE], byClass: new Map() });
  }
  return [...groups.values()].sort((a, b) => compareText(a.pair[0], b.pair[0]) || compareText(a.pair[1], b.pair[1]));
}

function countSeverities(findings: readonly FindingRecord[] = []): Counts {
  const c: Counts = { meaningful: 0, permitted: 0, excused: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

function allOf(g: PairGroup): FindingRecord[] {
  return [...g.byClass.values()].flat();
}

function pairLabel(pair: Pair): string {
  return `${pair[0]} vs ${pair[1]}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function totalsLine(findings: readonly FindingRecord[]): string {
  const c = countSeverities(findings);
  return `${plural(findings.length, 'finding')} (${SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Escaping.

// Prose (verdicts, reasons, names) with its control characters (C0, DEL, C1) as `\xNN`; with `lines`, line
// feeds are kept.
function prose(text: string, lines = false): string {
  return text.replace(lines ? /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g : /[\x00-\x1f\x7f-\x9f]/g,
    (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// A string read off the wire (one byte per code unit), escaped like bytes; code units above 0xff, which bytes
// cannot make, as `\u{…}`. At most `max` characters are shown.
function wire(text: string, max = Infinity): string {
  const shown = text.length > max ? text.slice(0, max) : text;
  const more = text.length - shown.length;
  const escaped = /[^\x00-\xff]/.test(shown)
    ? shown.replace(/[^\x00-\xff]+|[\x00-\xff]+/g, (run) => run.charCodeAt(0) > 0xff
      ? [...run].map((ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`).join('')
      : escapeBytes(Buffer.from(run, 'latin1')))
    : escapeBytes(Buffer.from(shown, 'latin1'));
  return more > 0 ? `${escaped}… (${more} more bytes)` : escaped;
}

function bytesOf(f: FindingRecord): Buffer {
  return Buffer.from(f.bytes, 'base64');
}

// The most bytes a report shows of one input (minimal inputs are far shorter).
const MAX_BYTES = 64 * 1024;
// The most characters of an echoed body shown in a view.
const MAX_BODY = 4096;

// Markdown inline text: prose, with every character that could start markup escaped by a backslash (CommonMark
// lets any ASCII punctuation be escaped), including what would open a block at the start of a list item. An
// underscore inside a word cannot, and stays as it is (`TE_AND_CL`).
function md(text: string): string {
  return prose(text).trim()
    .replace(/[\\`*[\]<>|~&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\$&')
    .replace(/^[#+\-=>!:]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

// A fenced code block; the fence is longer than any run of backticks in the content, so nothing closes it early.
function fence(content: string, info = ''): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${info}\n${prose(content.replace(/\n$/, ''), true)}\n${f}`;
}

// HTML text from prose.
function h(text: string): string {
  return escapeHtml(prose(text));
}

// An id made only of letters, digits and `-`, one to one with its parts: every other character of a part as
// `_` and four hex digits, parts joined by `-`.
function idOf(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts.map((p) => p.replace(/[^A-Za-z0-9]/g, (ch) => `_${ch.charCodeAt(0).toString(16).padStart(4, '0')}`))].join('-');
}

function pairId(pair: Pair, cls: FindingClass): string {
  return idOf('g', pair[0], pair[1], cls);
}

// Ids of findings: `f-<hash>`, with a suffix in the (unlikely) case that two signatures share a hash.
function findingIds(findings: readonly FindingRecord[]): Map<FindingRecord, string> {
  const ids = new Map<FindingRecord, string>();
  const used = new Set<string>();
  for (const f of findings) {
    let id = idOf('f', f.hash);
    for (let n = 2; used.has(id); n++) id = `${idOf('f', f.hash)}-${n}`;
    used.add(id);
    ids.set(f, id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Details shared by Markdown and HTML.

function targetLine(t: TargetRef): string {
  return `${t.name} ${t.version ?? '(version unknown)'} at ${t.address}`;
}

function madeBy(f: FindingRecord): string {
  const d = f.delivery;
  const delivery = d.mode === 'whole' ? 'whole' : `${d.mode} (cut at ${d.cuts.join(' ') || 'no offset'}` +
    `${d.pauseMs > 0 ? `; ${d.pauseMs} ms pauses` : ''})`;
  return `seed ${f.seed}, input ${f.index}${f.child === undefined ? '' : ` child ${f.child}`} (h1ref fuzz --seed ${f.seed} --runs ${f.index + 1}); ` +
    `operators: ${f.operators.join(', ') || 'none'}; slots: ${f.slots.join(', ') || 'none'}; ` +
    `delivered ${delivery}${d.halfClose ? ', then half-closed' : ''}`;
}

function shrunk(f: FindingRecord): string {
  return `${f.shrink.from} → ${f.shrink.to} bytes in ${plural(f.shrink.exchanges, 'exchange')}`;
}

// The views of a finding in display order: the pair, then the other targets as the run lists them, then the rest.
function orderedViews(f: FindingRecord): [string, View][] {
  const names = [f.pair[0], f.pair[1], ...f.targets.map((t) => t.name), REFERENCE, ...Object.keys(f.views).sort(compareText)];
  const out: [string, View][] = [];
  for (const name of new Set(names)) {
    const v = Object.hasOwn(f.views, name) ? f.views[name] : undefined;
    if (v !== undefined) out.push([name, v]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * `docs/findings.md`: the targets and runs, a summary table with one row per pair and class (the counts of each
 * severity; a target without findings gets a row of zeros), then a section per pair and a subsection per class,
 * with every finding in full: severity, the RFC verdict, the reasons, the quirks applied, the targets' versions,
 * how the input was made and shrunk, the minimal bytes escaped in a code block, and the shell line that sends
 * them. Text from records is escaped so that it cannot break the Markdown around it (pipes in table cells,
 * backticks in code blocks, markup in prose).
 */
export function formatFindingsMarkdown(findings: readonly FindingRecord[], meta: FindingsReportMeta): string {
  const groups = groupByPair(findings, meta.targets);
  const out: string[] = [];
  out.push(`# ${md(meta.title ?? 'h1ref fuzz findings')}`, '');
  out.push(`Generated ${md(meta.generatedAt)}: ${md(totalsLine(findings))}.`, '');
  if (meta.targets.length > 0) {
    out.push('Targets:', '', ...meta.targets.map((t) => `- ${md(targetLine(t))}`), '');
  }
  if (meta.runs !== undefined && meta.runs.length > 0) {
    out.push('| seed | inputs | duration |', '| ---: | ---: | ---: |');
    for (const r of meta.runs) out.push(`| ${r.seed} | ${r.inputs} | ${(r.durationMs / 1000).toFixed(1)} s |`);
    out.push('');
  }
  out.push('## Summary', '');
  out.push(`| pair | class | ${SEVERITIES.join(' | ')} |`, `| --- | --- | ${SEVERITIES.map(() => '---:').join(' | ')} |`);
  for (const g of groups) {
    if (g.byClass.size === 0) out.push(`| ${md(pairLabel(g.pair))} | none | ${SEVERITIES.map(() => '0').join(' | ')} |`);
    for (const [cls, list] of g.byClass) {
      const c = countSeverities(list);
      out.push(`| ${md(pairLabel(g.pair))} | ${cls} | ${SEVERITIES.map((s) => c[s]).join(' | ')} |`);
    }
  }
  for (const g of groups) {
    if (g.byClass.size === 0) continue;
    out.push('', `## ${md(pairLabel(g.pair))}`);
    for (const [cls, list] of g.byClass) {
      out.push('', `### ${cls}`);
      for (const f of list) out.push('', ...findingMarkdown(f));
    }
  }
  return `${out.join('\n')}\n`;
}

function findingMarkdown(f: FindingRecord): string[] {
  const bytes = bytesOf(f);
  const out = [`#### ${f.severity}: ${md(f.hash)}`, ''];
  out.push(`- **Severity**: ${f.severity}`);
  out.push(`- **RFC verdict**: ${md(f.verdict)}`);
  out.push('- **Why**:', ...(f.reasons.length === 0 ? ['  - (no reason recorded)'] : f.reasons.map((r) => `  - ${md(r)}`)));
  out.push(`- **Quirks applied**: ${f.quirks.length === 0 ? 'none' : f.quirks.map(md).join(', ')}`);
  out.push(`- **Targets**: ${f.targets.map((t) => md(targetLine(t))).join('; ') || 'none'}`);
  out.push(`- **Made by**: ${md(madeBy(f))}`);
  out.push(`- **Shrunk**: ${md(shrunk(f))}`);
  out.push(`- **Found**: ${md(f.foundAt)}`);
  out.push('', `Bytes (${bytes.length}):`, '', fence(escapeBytesLines(bytes, '', MAX_BYTES)));
  out.push('', 'Send them:', '', fence(f.oneLiner, 'sh'));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * `findings.html`, one self-contained page (inline CSS, no script, no external resources): a grid of targets
 * (pairs) × classes whose cells count findings and link to their sections, then every finding with its bytes
 * escaped and, beside them, every target's view in a table (per message: status, acceptance, the echoed method,
 * target, version, fields and body, and for the reference where the message ends and how it was framed; then how
 * the connection ended and the bytes left over), rows that differ between views highlighted. All text is
 * HTML-escaped; the page holds no control character other than line feed.
 */
export function formatFindingsHtml(findings: readonly FindingRecord[], meta: FindingsReportMeta): string {
  const groups = groupByPair(findings, meta.targets);
  const ids = findingIds(groups.flatMap(allOf));
  const title = meta.title ?? 'h1ref fuzz findings';
  const head = `<tr><th>target</th>${FINDING_CLASSES.map((c) => `<th>${c}</th>`).join('')}<th>all</th></tr>`;
  const rows = groups.map((g) => {
    const cells = FINDING_CLASSES.map((cls) => {
      const list = g.byClass.get(cls);
      if (list === undefined) return '<td class="none">·</td>';
      const c = countSeverities(list);
      const top = SEVERITIES.find((s) => c[s] > 0)!;
      return `<td class="${top}"><a href="#${pairId(g.pair, cls)}" title="${SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ')}">${list.length}</a></td>`;
    }).join('');
    const label = g.pair[1] === REFERENCE ? h(g.pair[0]) : `${h(g.pair[0])} <span class="vs">vs ${h(g.pair[1])}</span>`;
    return `<tr><th>${label}</th>${cells}<td>${allOf(g).length}</td></tr>`;
  }).join('\n');
  const sections = groups.flatMap((g) => [...g.byClass].map(([cls, list]) =>
    `<section id="${pairId(g.pair, cls)}"><h2>${h(pairLabel(g.pair))}: ${cls} <small>${h(totalsLine(list))}</small></h2>\n` +
    `${list.map((f) => findingHtml(f, ids.get(f)!)).join('\n')}\n</section>`)).join('\n');
  const runs = meta.runs === undefined || meta.runs.length === 0 ? '' :
    `<p>Runs: ${meta.runs.map((r) => `seed ${r.seed}, ${r.inputs} inputs, ${(r.durationMs / 1000).toFixed(1)} s`).join('; ')}.</p>\n`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:90em;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
table.grid td{text-align:center}td.none{color:#bbb}.vs{color:#777;font-weight:normal}
td.meaningful a,span.meaningful{color:#b3141c;font-weight:bold}td.permitted a,span.permitted{color:#8a6100}
td.excused a,span.excused{color:#777}
article{border-left:4px solid #ccc;margin:1em 0;padding:.1em .8em}article.meaningful{border-color:#b3141c}
article.permitted{border-color:#d9a400}article.excused{border-color:#bbb}
.tag{text-transform:uppercase;font-size:.85em}.side{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.4fr);gap:1em}
pre{background:#f6f6f6;padding:.5em;margin:.2em 0;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table.views td{font-family:ui-monospace,monospace;font-size:.9em;white-space:pre-wrap;word-break:break-all}
table.views tr.diff td,table.views tr.diff th{background:#fdecea}dt{font-weight:bold;margin-top:.4em}
</style></head><body>
<h1>${h(title)}</h1>
<p>Generated ${h(meta.generatedAt)}: ${h(totalsLine(findings))}.</p>
${meta.targets.length === 0 ? '' : `<p>Targets: ${meta.targets.map((t) => h(targetLine(t))).join('; ')}.</p>\n`}${runs}<table class="grid"><thead>${head}</thead><tbody>
${rows}
</tbody></table>
${sections}
</body></html>
`;
}

function findingHtml(f: FindingRecord, id: string): string {
  const bytes = bytesOf(f);
  const list = (items: readonly string[], none: string): string =>
    items.length === 0 ? none : `<ul>${items.map((x) => `<li>${h(x)}</li>`).join('')}</ul>`;
  return `<article class="finding ${f.severity}" id="${id}">` +
    `<h3><span class="tag ${f.severity}">${f.severity}</span> <code>${h(f.hash)}</code> ${h(pairLabel(f.pair))} <a href="#${id}">#</a></h3>` +
    `<p><b>RFC verdict:</b> ${h(f.verdict)}</p>` +
    '<div class="side"><div>' +
    `<h4>bytes (${bytes.length})</h4><pre>${escapeHtml(prose(escapeBytesLines(bytes, '', MAX_BYTES), true))}</pre>` +
    `<h4>send them</h4><pre>${h(f.oneLiner)}</pre>` +
    `<dl><dt>why</dt><dd>${list(f.reasons, '—')}</dd>` +
    `<dt>quirks applied</dt><dd>${list(f.quirks, 'none')}</dd>` +
    `<dt>targets</dt><dd>${list(f.targets.map(targetLine), 'none')}</dd>` +
    `<dt>made by</dt><dd>${h(madeBy(f))}</dd><dt>shrunk</dt><dd>${h(shrunk(f))}</dd>` +
    `<dt>found</dt><dd>${h(f.foundAt)}</dd></dl>` +
    `</div><div>${viewsTable(orderedViews(f))}</div></div></article>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Views as rows of text.

interface ViewRow {
  readonly label: string;
  readonly cells: readonly string[];
}

const MISSING = '—';

// The rows comparing `views`: per message its status and acceptance, its echo (when any view has one) and the
// reference's framing (when any has it); then the end, the leftover, and the errors any view has.
function viewRows(views: readonly (readonly [string, View])[]): ViewRow[] {
  const rows: ViewRow[] = [];
  const all = views.map(([, v]) => v);
  const count = Math.max(0, ...all.map((v) => v.messages.length));
  for (let i = 0; i < count; i++) {
    const ms = all.map((v): MessageView | undefined => v.messages[i]);
    const row = (label: string, cell: (m: MessageView) => string): void => {
      rows.push({ label: `#${i + 1} ${label}`, cells: ms.map((m) => (m === undefined ? MISSING : cell(m))) });
    };
    row('status', (m) => String(m.status));
    if (ms.some((m) => m !== undefined && m.interim.length > 0)) row('interim', (m) => m.interim.join(', ') || MISSING);
    row('accepted', (m) => (m.accepted ? 'yes' : 'no'));
    if (ms.some((m) => m?.echo !== undefined)) {
      row('method', (m) => (m.echo === undefined ? MISSING : wire(m.echo.method)));
      row('target', (m) => (m.echo === undefined ? MISSING : wire(m.echo.target)));
      row('version', (m) => (m.echo === undefined ? MISSING : wire(m.echo.version)));
      row('fields', (m) => (m.echo === undefined ? MISSING
        : m.echo.headers.map(([name, value]) => `${wire(name)}: ${wire(value)}`).join('\n') || '(none)'));
      row('body', (m) => (m.echo === undefined ? MISSING : `(${m.echo.body.length}) ${wire(m.echo.body, MAX_BODY)}`));
    }
    if (ms.some((m) => m?.consumedTo !== undefined)) row('ends at', (m) => (m.consumedTo === undefined ? MISSING : String(m.consumedTo)));
    if (ms.some((m) => m?.framing !== undefined)) row('framing', (m) => (m.framing === undefined ? MISSING : prose(m.framing)));
  }
  const line = (label: string, cell: (v: View) => string): void => {
    rows.push({ label, cells: all.map(cell) });
  };
  if (count === 0) line('messages', () => 'none');
  line('end', (v) => v.end);
  line('leftover', (v) => String(v.leftover));
  if (all.some((v) => v.malformed !== undefined)) line('malformed', (v) => (v.malformed === undefined ? MISSING : prose(v.malformed)));
  if (all.some((v) => v.nonHttp === true)) line('not HTTP', (v) => (v.nonHttp === true ? 'yes' : 'no'));
  if (all.some((v) => v.error !== undefined)) {
    line('error', (v) => (v.error === undefined ? MISSING : `${prose(v.error.code)} (${prose(v.error.section)}) at ${v.error.offset}`));
  }
  return rows;
}

function viewsTable(views: readonly (readonly [string, View])[]): string {
  const head = `<tr><th></th>${views.map(([name]) => `<th>${h(name)}</th>`).join('')}</tr>`;
  const body = viewRows(views).map((r) => {
    const differs = r.cells.some((c) => c !== r.cells[0]);
    return `<tr${differs ? ' class="diff"' : ''}><th>${h(r.label)}</th>${r.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  }).join('');
  return `<table class="views"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The terminal summary: one row per pair, one column per class and one for all classes, each cell
 * `meaningful/permitted/excused` (`-` when the pair has no finding of that class).
 */
export function formatFindingsText(findings: readonly FindingRecord[]): string {
  if (findings.length === 0) return 'h1ref fuzz: no findings\n';
  const groups = groupByPair(findings);
  const cell = (list: readonly FindingRecord[] | undefined): string => {
    if (list === undefined || list.length === 0) return '-';
    const c = countSeverities(list);
    return SEVERITIES.map((s) => c[s]).join('/');
  };
  const table = [['pair', ...FINDING_CLASSES, 'all']];
  for (const g of groups) table.push([prose(pairLabel(g.pair)), ...FINDING_CLASSES.map((cls) => cell(g.byClass.get(cls))), cell(allOf(g))]);
  table.push(['all', ...FINDING_CLASSES.map((cls) => cell(findings.filter((f) => f.class === cls))), cell(findings)]);
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return `h1ref fuzz: ${totalsLine(findings)}; cells are ${SEVERITIES.join('/')}\n\n${lines.join('\n')}\n`;
}

/**
 * A view in a few lines: one per message (`#1 200 accepted GET /a HTTP/1.1 [Host: a] body(0) ""`, with where
 * the reference ends it and how it framed it), then one for the end of the stream (how it ended, leftover bytes,
 * and any malformed response, non-HTTP answer or the reference's error). No trailing newline.
 *
 * @param indent - put before every line but the first (the caller writes what precedes the first)
 */
export function formatViewText(view: View, indent = ''): string {
  const lines: string[] = [];
  view.messages.forEach((m, i) => {
    let line = `#${i + 1} ${m.status}${m.interim.length > 0 ? ` (after ${m.interim.join(', ')})` : ''} ${m.accepted ? 'accepted' : 'refused'}`;
    if (m.echo !== undefined) {
      const e = m.echo;
      line += ` ${wire(e.method)} ${wire(e.target)} HTTP/${wire(e.version)}` +
        ` [${e.headers.map(([n, v]) => `${wire(n)}: ${wire(v)}`).join('; ')}]` +
        ` body(${e.body.length}) "${wire(e.body, 200)}"`;
    }
    if (m.consumedTo !== undefined) line += `, ends at ${m.consumedTo}`;
    if (m.framing !== undefined) line += ` (${prose(m.framing)})`;
    lines.push(line);
  });
  if (view.messages.length === 0) lines.push('no response');
  let end = `end: ${view.end}, leftover ${view.leftover}`;
  if (view.malformed !== undefined) end += `, malformed response ${prose(view.malformed)}`;
  if (view.nonHttp === true) end += ', not HTTP';
  if (view.error !== undefined) end += `, error ${prose(view.error.code)} (${prose(view.error.section)}) at ${view.error.offset}`;
  lines.push(end);
  return lines.join(`\n${indent}`);
}
