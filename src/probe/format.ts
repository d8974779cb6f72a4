/**
 * Reporters for a {@link ProbeReport}: a terminal summary grouped by RFC section, a live progress line, JSON,
 * JUnit XML (one testsuite per RFC section) and one self-contained HTML page. Every reporter is a pure function
 * of the report; writing files and choosing colours is the caller's business.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { formatBaselineLine } from './baseline.js';
import type { SpecCase } from './case.js';
import type { CaseResult, ProbeReport, VerdictCounts } from './run.js';

/**
 * Bytes as readable text: printable ASCII as is, CR and LF as `\r` and `\n`, HTAB as `\t`, a backslash doubled,
 * everything else as `\xNN`. The result is pure ASCII, safe in a terminal, XML and HTML (after entity escaping).
 *
 * @param max - at most this many bytes are shown; the rest is summarised as `… (N more bytes)`
 */
export function escapeBytes(bytes: Uint8Array, max = Infinity): string {
  let out = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  if (bytes.length > n) out += `… (${bytes.length - n} more bytes)`;
  return out;
}

/**
 * `text` with every control character (C0, DEL, C1) written as `\xNN`, so that a description quoting a NUL or a
 * CR prints as text and never reaches a terminal, an XML file or an HTML page as a raw control byte.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** {@link escapeBytes}, broken into lines after each `\n` (for display), each line prefixed with `indent`. */
export function escapeBytesLines(bytes: Uint8Array, indent = '', max = 2048): string {
  return escapeBytes(bytes, max).split(/(?<=\\n)/).map((line) => indent + line).join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

/** The results grouped by RFC section, sections in document order (RFC number, then section numbers). */
export function groupBySection(results: readonly CaseResult[]): [section: string, results: CaseResult[]][] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const list = groups.get(r.section);
    if (list === undefined) groups.set(r.section, [r]);
    else list.push(r);
  }
  return [...groups.entries()].sort(([a], [b]) => compareSections(a, b));
}

/**
 * The RFC editor's URL of a section: `RFC 9112 §7.1` → `https://www.rfc-editor.org/rfc/rfc9112#section-7.1`,
 * an appendix (`RFC 9112 §C.2`) → `…#appendix-C.2`; the RFC's own page when `section` names no section.
 */
export function rfcUrl(section: string): string {
  const m = /^RFC (\d+)(?: §([A-Z]?)([\d.]*))?/.exec(section);
  if (m === null) return 'https://www.rfc-editor.org/';
  const base = `https://www.rfc-editor.org/rfc/rfc${m[1]!}`;
  if (m[2] === undefined && m[3] === undefined) return base;
  return m[2] === '' ? `${base}#section-${m[3]!}` : `${base}#appendix-${m[2]!}${m[3]!}`;
}

/** A section with its title when the report has it: `RFC 9112 §7.1 Chunked Transfer Coding`. */
export function sectionName(report: Pick<ProbeReport, 'sections'>, section: string): string {
  const title = report.sections?.[section]?.title;
  return title === undefined || title === null ? section : `${section} ${title}`;
}

/** Orders `RFC 9110 §5.5` before `RFC 9112 §2.2`, and `§6.3` before `§6.10`. */
export function compareSections(a: string, b: string): number {
  const key = (s: string): number[] => {
    const m = /^RFC (\d+) §([A-Z]?)([\d.]*)/.exec(s);
    if (m === null) return [Infinity];
    const letter = m[2] === '' ? 0 : 1000 + m[2]!.charCodeAt(0);
    return [Number(m[1]), letter, ...m[3]!.split('.').filter((x) => x !== '').map(Number)];
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many of `results` have each verdict, and how many in all. */
export function countsOf(results: readonly CaseResult[]): VerdictCounts {
  const c: VerdictCounts = { total: 0, pass: 0, warn: 0, fail: 0, skip: 0, error: 0 };
  for (const r of results) {
    c.total++;
    c[r.verdict]++;
  }
  return c;
}

function countsLine(c: VerdictCounts): string {
  const parts = [`${c.pass} pass`];
  if (c.warn > 0) parts.push(`${c.warn} warn`);
  if (c.fail > 0) parts.push(`${c.fail} fail`);
  if (c.skip > 0) parts.push(`${c.skip} skip`);
  if (c.error > 0) parts.push(`${c.error} error`);
  return parts.join(', ');
}

/** Options of {@link formatTerminal}. */
export interface TerminalOptions {
  /** ANSI colours. Default false. */
  readonly color?: boolean;
  /** Detail warnings as well as failures and errors. Default false. */
  readonly verbose?: boolean;
}

/**
 * The terminal summary: a header, then one block per RFC section with its counts and each failure (and error,
 * and warning when `verbose`; every case on a dry run) in detail — the request bytes escaped, how they are cut,
 * what the RFC allows, what the server did and why the verdict — then the totals.
 */
export function formatTerminal(report: ProbeReport, options: TerminalOptions = {}): string {
  const paint = (code: string, text: string): string => (options.color === true ? `\x1b[${code}m${text}\x1b[0m` : text);
  const verdictTag = (v: string): string => {
    const tag = v.toUpperCase().padEnd(5);
    switch (v) {
      case 'fail': return paint('31;1', tag);
      case 'error': return paint('35;1', tag);
      case 'warn': return paint('33', tag);
      case 'pass': return paint('32', tag);
      default: return paint('2', tag);
    }
  };
  const o = report.options;
  const lines: string[] = [];
  lines.push(`h1ref probe ${report.target}: ${report.results.length} case(s) in ${(report.durationMs / 1000).toFixed(1)} s` +
    ` (split ${o.split}${o.seed === null ? '' : `, seed ${o.seed}`}, echo ${o.echo}${o.echoFields === null || o.echoFields === undefined ? '' : ` (${o.echoFields.join(', ')})`}${o.strict ? ', strict' : ''}${o.dryRun ? ', dry run' : ''})`);
  lines.push('');
  for (const [section, results] of groupBySection(report.results)) {
    const c = countsOf(results);
    lines.push(`${paint('1', sectionName(report, section))}  ${countsLine(c)}`);
    let linked = false;
    for (const r of results) {
      // A dry run exists to show the bytes: every case is detailed.
      const detail = o.dryRun || r.verdict === 'fail' || r.verdict === 'error' || (options.verbose === true && r.verdict === 'warn');
      if (!detail) continue;
      // The RFC's text is one click away from any section with a case in detail.
      if (!linked) lines.push(`  ${rfcUrl(section)}`);
      linked = true;
      lines.push(`  ${verdictTag(r.verdict)} ${r.id} [${levelTag(r)}] ${printable(r.description)}`);
      lines.push(...caseDetail(r, '        '));
    }
  }
  lines.push('');
  const s = report.summary;
  lines.push(`${paint('1', 'Total')}: ${countsLine(s)} — MUST: ${s.must.pass}/${s.must.total - s.must.skip} pass` +
    `${s.must.fail > 0 ? `, ${paint('31;1', `${s.must.fail} fail`)}` : ''}`);
  if (report.baseline !== undefined) lines.push(formatBaselineLine(report.baseline));
  return lines.join('\n');
}

/**
 * The level shown with a case's verdict: the case's own, or — when the case's outcome passed and a cross-cutting
 * check (Date, Connection: close, …) made the verdict — that check's: `date: MUST, RFC 9110 §6.6.1; the case
 * itself passed`.
 */
export function levelTag(r: CaseResult): string {
  if (r.verdictFrom === undefined) return r.level;
  const section = r.verdictFrom.section === undefined ? '' : `, ${r.verdictFrom.section}`;
  return `${r.verdictFrom.finding}: ${r.verdictFrom.level}${section}; the case itself ${r.verdictFrom.caseVerdict === 'pass' ? 'passed' : 'warned'}`;
}

/**
 * The detail lines of one case: sent bytes, what the RFC allows (one outcome a line, so that no label's own
 * punctuation can blur where one ends), what the server did, why.
 */
export function caseDetail(r: CaseResult, indent = '    '): string[] {
  const out: string[] = [];
  const request = Buffer.from(r.request, 'base64');
  const sent = r.request === '' && r.requestLength !== undefined ? r.requestLength : request.length;
  out.push(`${indent}sent:     ${r.pieces.length > 1 ? `${r.pieces.length} pieces (${r.pieces.join('+')} bytes)` : `${sent} bytes`}`);
  if (request.length > 0) out.push(escapeBytesLines(request, `${indent}  `, 600));
  if (r.allowed.length === 0) out.push(`${indent}allowed:  (nothing)`);
  r.allowed.forEach((label, i) => out.push(`${indent}${i === 0 ? 'allowed:' : '        '}  - ${printable(label)}`));
  if (r.observed !== '') out.push(`${indent}server:   ${printable(r.observed)}`);
  for (const reason of r.reasons) out.push(`${indent}why:      ${printable(reason)}`);
  if (r.note !== undefined) out.push(`${indent}note:     ${printable(r.note)}`);
  return out;
}

/**
 * The cases as a table, one line each: id, RFC section, level and description (control characters escaped),
 * columns aligned, then the count.
 */
export function formatCaseList(cases: readonly SpecCase[]): string {
  const rows = [['id', 'section', 'level', 'description'], ...cases.map((c) => [c.id, c.section, c.level, printable(c.description)])];
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)) + 2);
  const lines = rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(width[i]!) : cell)).join(''));
  return `${lines.join('\n')}\n${cases.length} case${cases.length === 1 ? '' : 's'}`;
}

/** A one-line progress display: `[123/551] 118 pass 3 warn 2 fail  chunked/size-plus`. */
export function formatProgress(done: number, total: number, counts: Readonly<VerdictCounts>, last?: string): string {
  return `[${done}/${total}] ${countsLine(counts)}${last === undefined ? '' : `  ${last}`}`;
}

// ---------------------------------------------------------------------------------------------------------------

/** How much of each case's bytes a JSON report keeps: see {@link formatJson}. */
export type JsonBytes = 'full' | 'head' | 'none';

/** The most bytes `head` keeps of a request or a response. */
export const JSON_HEAD_BYTES = 4096;

/**
 * The report as JSON text (the shape of {@link ProbeReport}, schema `h1ref-probe/1`).
 *
 * @param bytes - `full` (the default) keeps every byte sent and received, base64; `head` keeps each up to the end
 *   of its first head (the first empty line), at most {@link JSON_HEAD_BYTES} bytes; `none` leaves both out. When
 *   bytes are cut or left out, `requestLength` and `responseLength` say how many there were.
 */
export function formatJson(report: ProbeReport, bytes: JsonBytes = 'full'): string {
  if (bytes === 'full') return `${JSON.stringify(report, null, 2)}\n`;
  const cut = (base64: string): string => {
    if (bytes === 'none') return '';
    const all = Buffer.from(base64, 'base64');
    const end = all.indexOf('\r\n\r\n');
    return all.subarray(0, Math.min(end === -1 ? all.length : end + 4, JSON_HEAD_BYTES)).toString('base64');
  };
  const results = report.results.map((r) => {
    const request = cut(r.request);
    const response = cut(r.response);
    return {
      ...r,
      request,
      response,
      ...(request === r.request ? {} : { requestLength: Buffer.from(r.request, 'base64').length }),
      ...(response === r.response ? {} : { responseLength: Buffer.from(r.response, 'base64').length }),
    };
  });
  return `${JSON.stringify({ ...report, results }, null, 2)}\n`;
}

// XML 1.0 text: escaped as for HTML, and any character XML does not allow replaced by `?` (texts from cases and
// servers come through printable() first, so none should be left).
function xml(text: string): string {
  return escapeHtml(text).replace(/[^\x09\x0a\x0d\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/g, '?');
}

/**
 * JUnit XML that validates against the JUnit schema most CI tools read (Jenkins xunit-plugin's `junit-10.xsd`):
 * one `<testsuite>` per RFC section, named with its title and linked to the RFC text (`url`), one `<testcase>`
 * per case (name = case id, classname = category). fail → `<failure>`, error → `<error>`, skip → `<skipped>`.
 * A **warning** is a `<skipped message="warning: …">` with its detail in `<system-out>`, so that CI shows it
 * rather than passing it silently; a failure the run's baseline knows is a `<skipped message="known failure …">`.
 * The run's options are the first suite's `<properties>` (the schema has no properties on a testcase).
 */
export function formatJUnit(report: ProbeReport): string {
  const kinds = new Map(report.results.map((r) => [r.id, junitKind(report, r)] as const));
  const count = (results: readonly CaseResult[]): { tests: number; failures: number; errors: number; skipped: number } => {
    const c = { tests: results.length, failures: 0, errors: 0, skipped: 0 };
    for (const r of results) {
      const k = kinds.get(r.id)!.element;
      if (k === 'failure') c.failures++;
      else if (k === 'error') c.errors++;
      else if (k === 'skipped') c.skipped++;
    }
    return c;
  };
  const all = count(report.results);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // junit-10.xsd: testsuites has name, time, tests, failures and errors (no skipped).
  out.push(`<testsuites name="${xml(`h1ref probe ${report.target}`)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" time="${(report.durationMs / 1000).toFixed(3)}">`);
  const o = report.options;
  const properties = [
    ['target', report.target], ['startedAt', report.startedAt], ['split', o.split], ['seed', o.seed === null ? '' : String(o.seed)],
    ['strict', String(o.strict)], ['echo', o.echo], ['only', o.only.join(',')], ['skip', o.skip.join(',')],
    ...(report.baseline === undefined ? [] : [['baseline', report.baseline.source]]),
  ];
  groupBySection(report.results).forEach(([section, results], index) => {
    const c = count(results);
    const time = results.reduce((t, r) => t + r.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${xml(sectionName(report, section))}" id="${xml(section)}" url="${xml(rfcUrl(section))}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${time.toFixed(3)}">`);
    if (index === 0) out.push(`    <properties>${properties.map(([name, value]) => `<property name="${name}" value="${xml(value!)}"/>`).join('')}</properties>`);
    for (const r of results) {
      const kind = kinds.get(r.id)!;
      const body = xml(caseDetail(r, '').join('\n'));
      const open = `    <testcase name="${xml(r.id)}" classname="${xml(r.category)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      // A pass needs no detail: its bytes are in the JSON and HTML reports.
      if (kind.element === 'passed') {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (kind.element === 'skipped') out.push(`      <skipped message="${xml(kind.message)}"/>${r.verdict === 'skip' ? '' : `<system-out>${body}</system-out>`}`);
      else out.push(`      <${kind.element} message="${xml(kind.message)}" type="${r.level}">${body}</${kind.element}>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

// How a case shows in JUnit, and the one-line message CI displays.
function junitKind(report: ProbeReport, r: CaseResult): { element: 'failure' | 'error' | 'skipped' | 'passed'; message: string } {
  const what = `[${levelTag(r)}] ${printable(r.description)}`;
  const why = printable(r.reasons.join('; '));
  const known = report.baseline?.known.find((k) => k.id === r.id);
  if (known !== undefined) return { element: 'skipped', message: `known failure (baseline ${report.baseline!.source}): ${printable(known.reason)}` };
  switch (r.verdict) {
    case 'fail': return { element: 'failure', message: `${what}: ${why}` };
    case 'error': return { element: 'error', message: `${what}: ${why}` };
    case 'skip': return { element: 'skipped', message: why };
    case 'warn': return { element: 'skipped', message: `warning ${what}: ${why}` };
    default: return { element: 'passed', message: '' };
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** `text` with `&`, `<`, `>`, `"` and `'` as numeric character references, safe in HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * One self-contained HTML page (inline CSS and a few lines of script, no external resources; links to the RFC
 * editor's text of each section): the totals, every failure and error listed first with a link to its case, a
 * table of RFC sections (number and title) with their counts, then every case grouped by section, failures
 * opened, each with its bytes, allowed outcomes, observation, reasons and the server's bytes. No raw control
 * character reaches the page: texts go through {@link printable}, bytes through {@link escapeBytes}.
 */
export function formatHtml(report: ProbeReport): string {
  const s = report.summary;
  const o = report.options;
  // Every text from a case or a server goes through printable(): a NUL quoted in a description must not make the
  // page a binary file.
  const text = (t: string): string => escapeHtml(printable(t));
  const sections = groupBySection(report.results);
  const sectionLink = (section: string): string =>
    `<a href="${escapeHtml(rfcUrl(section))}">${escapeHtml(sectionName(report, section))}</a>`;
  const rows = sections.map(([section, results]) => {
    const c = countsOf(results);
    return `<tr><td><a href="#${anchor(section)}">${escapeHtml(sectionName(report, section))}</a></td><td>${c.total}</td><td class="pass">${c.pass}</td>` +
      `<td class="warn">${c.warn || ''}</td><td class="fail">${c.fail || ''}</td><td>${c.skip + c.error || ''}</td></tr>`;
  }).join('\n');
  const failing = report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'error');
  const failures = failing.length === 0 ? '<p>No case failed.</p>'
    : `<ol>${failing.map((r) => `<li><span class="tag ${r.verdict}">${r.verdict}</span> <a href="#case-${anchor(r.id)}"><code>${escapeHtml(r.id)}</code></a> ` +
      `<span class="level">${text(levelTag(r))}</span> ${sectionLink(r.section)}: ${text(r.description)}</li>`).join('\n')}</ol>`;
  const blocks = sections.map(([section, results]) => {
    const items = results.map((r) => {
      const request = Buffer.from(r.request, 'base64');
      const response = Buffer.from(r.response, 'base64');
      const open = r.verdict === 'fail' || r.verdict === 'error' ? ' open' : '';
      return `<details id="case-${anchor(r.id)}" class="${r.verdict}"${open}><summary><span class="tag ${r.verdict}">${r.verdict}</span> ` +
        `<code>${escapeHtml(r.id)}</code> <span class="level">${text(levelTag(r))}</span> ${text(r.description)}</summary>` +
        `<dl><dt>sent</dt><dd><pre>${escapeHtml(escapeBytesLines(request, '', 4096))}</pre>` +
        `${r.pieces.length > 1 ? `<p>${r.pieces.length} pieces: ${r.pieces.join(' + ')} bytes</p>` : ''}</dd>` +
        `<dt>the RFC allows</dt><dd><ul>${r.allowed.map((a) => `<li>${text(a)}</li>`).join('')}</ul></dd>` +
        `<dt>the server did</dt><dd>${text(r.observed || '—')}</dd>` +
        `<dt>why</dt><dd><ul>${r.reasons.map((x) => `<li>${text(x)}</li>`).join('')}</ul></dd>` +
        `${r.note === undefined ? '' : `<dt>note</dt><dd>${text(r.note)}</dd>`}` +
        `${response.length === 0 ? '' : `<dt>received</dt><dd><pre>${escapeHtml(escapeBytesLines(response, '', 4096))}</pre></dd>`}` +
        '</dl></details>';
    }).join('\n');
    return `<section id="${anchor(section)}"><h2>${sectionLink(section)}</h2>\n${items}\n</section>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>h1ref probe ${escapeHtml(report.target)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}
td.pass,span.pass{color:#176f2c}td.warn,span.warn{color:#8a6100}td.fail,span.fail{color:#b3141c;font-weight:bold}
span.error{color:#7a1fa2}span.skip{color:#777}
details{border-left:4px solid #ccc;margin:.3em 0;padding:.1em .6em}details.fail{border-color:#b3141c}
details.warn{border-color:#d9a400}details.pass{border-color:#5cb85c}details.error{border-color:#7a1fa2}
summary{cursor:pointer}.tag{display:inline-block;width:3.5em;text-transform:uppercase;font-weight:bold;font-size:.85em}
.level{font-size:.8em;color:#555;border:1px solid #bbb;border-radius:3px;padding:0 .3em}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}dt{font-weight:bold;margin-top:.4em}
#filters label{margin-right:1em}
</style></head><body>
<h1>h1ref probe: ${escapeHtml(report.target)}</h1>
<p>${report.results.length} cases, ${escapeHtml(report.startedAt)}, ${(report.durationMs / 1000).toFixed(1)} s; split ${escapeHtml(o.split)}${o.seed === null ? '' : `, seed ${o.seed}`}, echo ${escapeHtml(o.echo)}${o.echoFields === null || o.echoFields === undefined ? '' : ` (${escapeHtml(o.echoFields.join(', '))})`}${o.strict ? ', strict' : ''}.</p>
<p><span class="pass">${s.pass} pass</span> · <span class="warn">${s.warn} warn</span> · <span class="fail">${s.fail} fail</span> · ${s.skip} skip · ${s.error} error — MUST: ${s.must.pass}/${s.must.total - s.must.skip} pass</p>
<p id="filters">${['pass', 'warn', 'fail', 'skip', 'error'].map((v) => `<label><input type="checkbox" data-v="${v}" checked> ${v}</label>`).join('')}</p>
<h2>Failures</h2>
${failures}
<table><thead><tr><th>section</th><th>cases</th><th>pass</th><th>warn</th><th>fail</th><th>other</th></tr></thead><tbody>
${rows}
</tbody></table>
${blocks}
<script>
for (const box of document.querySelectorAll('#filters input')) box.addEventListener('change', () => {
  for (const d of document.querySelectorAll('details.' + box.dataset.v)) d.style.display = box.checked ? '' : 'none';
});
</script>
</body></html>
`;
}

function anchor(section: string): string {
  return section.replace(/[^A-Za-z0-9]+/g, '-');
}
