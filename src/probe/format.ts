/**
 * Reporters for a {@link ProbeReport}: a terminal summary grouped by RFC section, a live progress line, JSON,
 * JUnit XML (one testsuite per RFC section) and one self-contained HTML page. Every reporter is a pure function
 * of the report; writing files and choosing colours is the caller's business.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
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
    lines.push(`${paint('1', section)}  ${countsLine(c)}`);
    for (const r of results) {
      // A dry run exists to show the bytes: every case is detailed.
      const detail = o.dryRun || r.verdict === 'fail' || r.verdict === 'error' || (options.verbose === true && r.verdict === 'warn');
      if (!detail) continue;
      lines.push(`  ${verdictTag(r.verdict)} ${r.id} [${r.level}] ${r.description}`);
      lines.push(...caseDetail(r, '        '));
    }
  }
  lines.push('');
  const s = report.summary;
  lines.push(`${paint('1', 'Total')}: ${countsLine(s)} — MUST: ${s.must.pass}/${s.must.total - s.must.skip} pass` +
    `${s.must.fail > 0 ? `, ${paint('31;1', `${s.must.fail} fail`)}` : ''}`);
  return lines.join('\n');
}

/** The detail lines of one case: sent bytes, what the RFC allows, what the server did, why. */
export function caseDetail(r: CaseResult, indent = '    '): string[] {
  const out: string[] = [];
  const request = Buffer.from(r.request, 'base64');
  out.push(`${indent}sent:     ${r.pieces.length > 1 ? `${r.pieces.length} pieces (${r.pieces.join('+')} bytes)` : `${request.length} bytes`}`);
  out.push(escapeBytesLines(request, `${indent}  `, 600));
  out.push(`${indent}allowed:  ${r.allowed.join('; ') || '(nothing)'}`);
  if (r.observed !== '') out.push(`${indent}server:   ${r.observed}`);
  for (const reason of r.reasons) out.push(`${indent}why:      ${reason}`);
  if (r.note !== undefined) out.push(`${indent}note:     ${r.note}`);
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

/** The report as JSON text (the shape of {@link ProbeReport}, schema `h1ref-probe/1`). */
export function formatJson(report: ProbeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

// XML 1.0 text: escaped as for HTML, and any character XML does not allow replaced by `?`.
function xml(text: string): string {
  return escapeHtml(text).replace(/[^\x09\x0a\x0d\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/g, '?');
}

/**
 * JUnit XML: one `<testsuite>` per RFC section, one `<testcase>` per case (name = case id, classname = category).
 * fail → `<failure>`, error → `<error>`, skip → `<skipped>`; a warning passes, with a `verdict` property and the
 * reasons in `<system-out>`.
 */
export function formatJUnit(report: ProbeReport): string {
  const all = report.summary;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${xml(`h1ref probe ${report.target}`)}" tests="${all.total}" failures="${all.fail}" errors="${all.error}" skipped="${all.skip}" time="${(report.durationMs / 1000).toFixed(3)}">`);
  for (const [section, results] of groupBySection(report.results)) {
    const c = countsOf(results);
    const time = results.reduce((t, r) => t + r.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${xml(section)}" id="${xml(section)}" tests="${c.total}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip}" time="${time.toFixed(3)}">`);
    for (const r of results) {
      out.push(`    <testcase name="${xml(r.id)}" classname="${xml(r.category)}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      out.push(`      <properties><property name="level" value="${r.level}"/><property name="verdict" value="${r.verdict}"/></properties>`);
      const body = xml(caseDetail(r, '').join('\n'));
      const message = xml(`[${r.level}] ${r.description}`);
      if (r.verdict === 'fail') out.push(`      <failure message="${message}" type="${r.level}">${body}</failure>`);
      else if (r.verdict === 'error') out.push(`      <error message="${message}">${body}</error>`);
      else if (r.verdict === 'skip') out.push(`      <skipped message="${xml(r.reasons.join('; '))}"/>`);
      else if (r.verdict === 'warn') out.push(`      <system-out>${body}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------

/** `text` with `&`, `<`, `>`, `"` and `'` as numeric character references, safe in HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * One self-contained HTML page (inline CSS and a few lines of script, no external resources): the totals, a
 * table of RFC sections with their counts, then every case grouped by section, failures first opened, each with
 * its bytes, allowed outcomes, observation, reasons and the server's bytes.
 */
export function formatHtml(report: ProbeReport): string {
  const s = report.summary;
  const o = report.options;
  const sections = groupBySection(report.results);
  const rows = sections.map(([section, results]) => {
    const c = countsOf(results);
    return `<tr><td><a href="#${anchor(section)}">${escapeHtml(section)}</a></td><td>${c.total}</td><td class="pass">${c.pass}</td>` +
      `<td class="warn">${c.warn || ''}</td><td class="fail">${c.fail || ''}</td><td>${c.skip + c.error || ''}</td></tr>`;
  }).join('\n');
  const blocks = sections.map(([section, results]) => {
    const items = results.map((r) => {
      const request = Buffer.from(r.request, 'base64');
      const response = Buffer.from(r.response, 'base64');
      const open = r.verdict === 'fail' || r.verdict === 'error' ? ' open' : '';
      return `<details class="${r.verdict}"${open}><summary><span class="tag ${r.verdict}">${r.verdict}</span> ` +
        `<code>${escapeHtml(r.id)}</code> <span class="level">${r.level}</span> ${escapeHtml(r.description)}</summary>` +
        `<dl><dt>sent</dt><dd><pre>${escapeHtml(escapeBytesLines(request, '', 4096))}</pre>` +
        `${r.pieces.length > 1 ? `<p>${r.pieces.length} pieces: ${r.pieces.join(' + ')} bytes</p>` : ''}</dd>` +
        `<dt>the RFC allows</dt><dd><ul>${r.allowed.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul></dd>` +
        `<dt>the server did</dt><dd>${escapeHtml(r.observed || '—')}</dd>` +
        `<dt>why</dt><dd><ul>${r.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul></dd>` +
        `${r.note === undefined ? '' : `<dt>note</dt><dd>${escapeHtml(r.note)}</dd>`}` +
        `${response.length === 0 ? '' : `<dt>received</dt><dd><pre>${escapeHtml(escapeBytesLines(response, '', 4096))}</pre></dd>`}` +
        '</dl></details>';
    }).join('\n');
    return `<section id="${anchor(section)}"><h2>${escapeHtml(section)}</h2>\n${items}\n</section>`;
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
