/**
 * Renders `docs/catalogue.md`: every class of h1ref's discrepancy catalogue (`src/probe/catalogue.ts`) with its
 * id, title and description, and what covers it — the suite's cases that name it in `catalogue`, the fuzzer's
 * operator variant for it (`src/fuzz/catalogue.ts`), the fuzzer's quirk profile for a benign quirk — computed
 * from those tables, with the classes nothing covers listed first. `test/catalogue-doc.test.ts` checks that the
 * committed file is current.
 */
import type { CatalogueRow } from '../src/fuzz/catalogue.js';
import { DISCREPANCY_CLASSES, DISCREPANCY_SECTIONS, type DiscrepancyClass, printable, type SpecCase } from '../src/probe/index.js';

/** The generated file, relative to the repository root. */
export const CATALOGUE_MD = 'docs/catalogue.md';
/** How to regenerate it. */
export const UPDATE_CATALOGUE_COMMAND = 'UPDATE_CATALOGUE=1 npx vitest run test/catalogue-doc.test.ts';

/** What covers each class, by class id. */
export interface CatalogueCoverage {
  /** The ids of the cases that name the class. */
  readonly cases: ReadonlyMap<number, readonly string[]>;
  /** The fuzzer's `operator:variant` for the class. */
  readonly operators: ReadonlyMap<number, readonly string[]>;
  /** The benign quirks (§3.12) the fuzzer profiles targets for, by key. */
  readonly quirks: ReadonlySet<string>;
}

/** Reads the coverage from the suite, the fuzzer's operator table and its list of quirks. */
export function catalogueCoverage(suite: readonly SpecCase[], rows: readonly CatalogueRow[], quirks: readonly string[]): CatalogueCoverage {
  const cases = new Map<number, string[]>();
  for (const c of suite) {
    for (const id of new Set(c.catalogue ?? [])) {
      const list = cases.get(id);
      if (list === undefined) cases.set(id, [c.id]);
      else list.push(c.id);
    }
  }
  const operators = new Map<number, string[]>();
  for (const row of rows) operators.set(row.item, [...(operators.get(row.item) ?? []), `${row.operator}:${row.variant}`]);
  return { cases, operators, quirks: new Set(quirks) };
}

/** Whether the fuzzer makes inputs of the class (an operator variant) or excuses it (a quirk it profiles). */
function fuzzed(c: DiscrepancyClass, coverage: CatalogueCoverage): boolean {
  return (coverage.operators.get(c.id)?.length ?? 0) > 0 || (c.quirk !== null && coverage.quirks.has(c.quirk));
}

/** The classes no case and no part of the fuzzer covers. */
export function uncoveredClasses(coverage: CatalogueCoverage): DiscrepancyClass[] {
  return DISCREPANCY_CLASSES.filter((c) => (coverage.cases.get(c.id)?.length ?? 0) === 0 && !fuzzed(c, coverage));
}

/** The anchor of a class in `docs/catalogue.md`. */
export const classAnchor = (id: number): string => `class-${id}`;

/**
 * The anchor GitHub gives a Markdown heading made of ASCII letters, digits and punctuation: lower case, punctuation
 * other than `-` and `_` dropped, spaces turned into `-` (a case's `### <id>` in `docs/cases.md`, a section here).
 */
export const headingAnchor = (heading: string): string => heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');

const cell = (text: string): string => printable(text).replace(/\|/g, '\\|');

function fuzzCell(c: DiscrepancyClass, coverage: CatalogueCoverage): string {
  const ops = (coverage.operators.get(c.id) ?? []).map((o) => `\`${o}\``);
  if (c.quirk !== null) ops.push(coverage.quirks.has(c.quirk) ? `quirk \`${c.quirk}\`` : `— (quirk \`${c.quirk}\` not profiled)`);
  return ops.length === 0 ? '—' : ops.join(', ');
}

/** The contents of `docs/catalogue.md`. */
export function renderCatalogue(coverage: CatalogueCoverage): string {
  const uncovered = uncoveredClasses(coverage);
  const withCase = (c: DiscrepancyClass): boolean => (coverage.cases.get(c.id)?.length ?? 0) > 0;
  const out = [
    '# The discrepancy catalogue',
    '',
    `Generated from \`src/probe/catalogue.ts\` by \`${UPDATE_CATALOGUE_COMMAND}\`; do not edit.`,
    '',
    `${DISCREPANCY_CLASSES.length} classes of input on which HTTP/1.1 implementations are known to disagree (one reads a`,
    'message that another refuses, or two read it as different messages), in twelve sections. A case of the',
    'conformance suite names the classes it covers in its `catalogue` list (shown in [cases.md](cases.md)); the fuzzer',
    'maps every request-side class (§3.1–§3.9) to one operator variant that makes an input of it',
    '(`src/fuzz/catalogue.ts`) and profiles each target for the benign quirks of §3.12 (`src/fuzz/quirks.ts`). Both',
    'columns below are computed from those tables; a dash means nothing covers the class there. *Valid input* marks a',
    'class whose input is valid HTTP/1.1: there the discrepancy is refusing it. The ids are stable: a class that',
    'turns out to be wrong keeps its number.',
    '',
    '## Coverage',
    '',
    '| section | classes | with a case | fuzzed | neither |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const s of DISCREPANCY_SECTIONS) {
    const classes = DISCREPANCY_CLASSES.filter((c) => c.section === s.id);
    const none = uncovered.filter((c) => c.section === s.id).length;
    out.push(`| [${s.id} ${s.title}](#${headingAnchor(`${s.id} ${s.title}`)}) | ${classes.length} | ${classes.filter(withCase).length} | ${classes.filter((c) => fuzzed(c, coverage)).length} | ${none} |`);
  }
  out.push(`| all | ${DISCREPANCY_CLASSES.length} | ${DISCREPANCY_CLASSES.filter(withCase).length} | ${DISCREPANCY_CLASSES.filter((c) => fuzzed(c, coverage)).length} | ${uncovered.length} |`, '');
  out.push(uncovered.length === 0 ? 'Every class has a case or is fuzzed.' : `Covered by neither a case nor the fuzzer (${uncovered.length}): ${uncovered.map((c) => `[${c.id}](#${classAnchor(c.id)})`).join(', ')}.`, '');
  for (const s of DISCREPANCY_SECTIONS) {
    out.push(`## ${s.id} ${s.title}`, '', s.description, '');
    out.push('| id | class | cases | fuzzer |', '| ---: | --- | --- | --- |');
    for (const c of DISCREPANCY_CLASSES.filter((x) => x.section === s.id)) {
      const cases = (coverage.cases.get(c.id) ?? []).map((id) => `[\`${id}\`](cases.md#${headingAnchor(id)})`);
      const title = `**${cell(c.title)}**${c.valid ? ' *(valid input)*' : ''}`;
      out.push(`| <a id="${classAnchor(c.id)}"></a>${c.id} | ${title}: ${cell(c.description)} | ${cases.length === 0 ? '—' : cases.join(', ')} | ${fuzzCell(c, coverage)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
