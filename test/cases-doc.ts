/**
 * Renders `docs/cases.md`: every case of the conformance suite with its id, RFC section (title, link to the RFC
 * editor's text), level, description, bytes, delivery and the outcomes it allows — so that a user can read the
 * case behind a verdict without the source. `test/cases-doc.test.ts` checks that the committed file is current.
 */
import { Buffer } from 'node:buffer';
import { ACCEPT_STATUSES, CATEGORIES, type Outcome, type SpecCase } from '../spec-tests/index.js';
import { sectionTitle } from '../spec-tests/rfc-sections.js';
import { discrepancyClass, escapeBytesLines, printable, rfcUrl } from '../src/probe/index.js';
import { classAnchor } from './catalogue-doc.js';

/** The generated file, relative to the repository root. */
export const CASES_MD = 'docs/cases.md';
/** How to regenerate it. */
export const UPDATE_CASES_COMMAND = 'UPDATE_CASES=1 npx vitest run test/cases-doc.test.ts';
/** The most request bytes shown per case; the rest is counted. */
const MAX_BYTES = 1024;

function sectionLink(section: string): string {
  const m = /^RFC (\d+) §(.+)$/.exec(section);
  const title = m === null ? undefined : sectionTitle(m[1]!, m[2]!);
  return `[${section}${title === undefined ? '' : ` ${title}`}](${rfcUrl(section)})`;
}

// A discrepancy class the case covers, linked to its row in docs/catalogue.md.
function catalogueLink(id: number): string {
  const title = discrepancyClass(id)?.title;
  return `[${id}${title === undefined ? '' : ` ${title}`}](catalogue.md#${classAnchor(id)})`;
}

function delivery(c: SpecCase): string {
  const d = c.delivery;
  if (d === undefined || d.mode === 'whole') return 'one write';
  if (d.mode === 'bytes') return 'one byte per write';
  if (d.mode === 'boundaries') return 'cut at every syntactic boundary';
  if (d.mode === 'split') return `cut at byte${d.at.length === 1 ? '' : 's'} ${d.at.join(', ')}`;
  return `cut at byte${d.at.length === 1 ? '' : 's'} ${d.at.join(', ')}, waiting up to ${d.waitMs} ms for an answer after each piece`;
}

function outcome(o: Outcome): string {
  const statuses = o.responses.length === 0 ? 'no response'
    : o.responses.map((r) => r.status.map((x) => (x === 'accept' ? 'accepted' : String(x))).join(' or ')).join(', then ');
  const connection = o.connection === undefined ? '' : `, connection ${o.connection}`;
  const verdict = o.verdict ?? 'pass';
  return `- **${verdict}**: ${printable(o.label)} (${o.http09 === true ? 'an HTTP/0.9 answer' : statuses}${connection})`;
}

/** The contents of `docs/cases.md`. */
export function renderCases(suite: readonly SpecCase[]): string {
  const out = [
    '# The conformance suite, case by case',
    '',
    `Generated from \`spec-tests/\` by \`${UPDATE_CASES_COMMAND}\`; do not edit. ${suite.length} cases. Each case's`,
    'bytes are shown escaped (`\\r`, `\\n`, `\\xNN`; long requests cut after 1,024 bytes); the outcomes are every',
    'behaviour the RFC allows (**pass**, or **warn** when permitted but risky or a SHOULD is broken) and named wrong',
    'readings (**fail**), each with the final statuses it takes (*accepted*: any of',
    `${ACCEPT_STATUSES}) and the connection's state. \`h1ref probe --list\` prints the same ids;`,
    '`h1ref probe --dry-run --only ID` prints one case\'s bytes and cuts. "Catalogue" names the classes of',
    '[the discrepancy catalogue](catalogue.md) a case covers.',
    '',
  ];
  for (const category of CATEGORIES) {
    const cases = suite.filter((c) => c.category === category);
    out.push(`## ${category}`, '');
    for (const c of cases) {
      const bytes = Buffer.from(c.request, 'latin1');
      out.push(`### ${c.id}`, '');
      out.push(`${sectionLink(c.section)} · **${c.level}** · ${bytes.length} bytes, ${delivery(c)}${c.halfClose === true ? ', then the sending side closed' : ''}`, '');
      out.push(printable(c.description), '');
      out.push('```text', escapeBytesLines(bytes, '', MAX_BYTES), '```', '');
      out.push(...c.outcomes.map(outcome), '');
      for (const check of c.checks ?? []) out.push(`Every response: \`${check.check}\` (${check.level}, ${check.section}).`, '');
      if (c.note !== undefined) out.push(`Note: ${printable(c.note)}`, '');
      if (c.catalogue !== undefined && c.catalogue.length > 0) out.push(`Catalogue: ${c.catalogue.map(catalogueLink).join(', ')}.`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
