// h1ref's discrepancy catalogue (src/probe/catalogue.ts) and docs/catalogue.md: the table is well formed and in our
// words, every catalogue id a case or a fuzz operator names is a class of it, the classes nothing covers are listed
// as such, and the committed page is what the tables make now (regenerate it with UPDATE_CATALOGUE=1).
import { describe, expect, it } from 'vitest';
import { CATALOGUE_COVERAGE, CATALOGUE_SECTIONS } from '../src/fuzz/catalogue.js';
import { QUIRKS } from '../src/fuzz/quirks.js';
import { DISCREPANCY_CLASSES, DISCREPANCY_SECTIONS, discrepancyClass, discrepancySection } from '../src/probe/index.js';
import { SUITE } from '../spec-tests/index.js';
import { CATALOGUE_MD, catalogueCoverage, classAnchor, headingAnchor, renderCatalogue, uncoveredClasses, UPDATE_CATALOGUE_COMMAND } from './catalogue-doc.js';
import { renderCases } from './cases-doc.js';
import { expectGeneratedFile } from './generated-file.js';

// Tool and test names of the survey the numbering came from: the catalogue says things in its own words.
const FOREIGN = /\b(HP|HRS|SM|HD|HDH|FC|K25|TR|RL):|G-[SBTQM]\d|RFC9112-|SMUG-|COMP-|MAL-|NORM-/;

describe('the discrepancy catalogue', () => {
  it('numbers its classes 1, 2, 3, … without gaps, section after section', () => {
    expect(DISCREPANCY_CLASSES.map((c) => c.id)).toEqual(DISCREPANCY_CLASSES.map((_, i) => i + 1));
    expect(DISCREPANCY_SECTIONS[0]!.first).toBe(1);
    expect(DISCREPANCY_SECTIONS.at(-1)!.last).toBe(DISCREPANCY_CLASSES.length);
    for (let i = 1; i < DISCREPANCY_SECTIONS.length; i++) expect(DISCREPANCY_SECTIONS[i]!.first).toBe(DISCREPANCY_SECTIONS[i - 1]!.last + 1);
    for (const c of DISCREPANCY_CLASSES) {
      const s = discrepancySection(c.section)!;
      expect(c.id, `class ${c.id}`).toBeGreaterThanOrEqual(s.first);
      expect(c.id, `class ${c.id}`).toBeLessThanOrEqual(s.last);
      expect(discrepancyClass(c.id)).toBe(c);
    }
    expect(discrepancyClass(0)).toBeUndefined();
    expect(discrepancyClass(DISCREPANCY_CLASSES.length + 1)).toBeUndefined();
  });

  it('gives every class and section a short title and a one-line description in our words', () => {
    const titles = new Set<string>();
    for (const c of DISCREPANCY_CLASSES) {
      expect(c.title.length, `class ${c.id}`).toBeGreaterThan(2);
      expect(c.title.length, `class ${c.id}`).toBeLessThanOrEqual(60);
      expect(c.description.length, `class ${c.id}`).toBeGreaterThan(10);
      expect(c.description.length, `class ${c.id}`).toBeLessThanOrEqual(200);
      for (const text of [c.title, c.description]) expect(text, `class ${c.id}`).not.toMatch(/[\x00-\x1f\x7f]/);
      for (const text of [c.title, c.description]) expect(text, `class ${c.id}`).not.toMatch(FOREIGN);
      expect(titles.has(c.title), `class ${c.id}: the title "${c.title}" is taken`).toBe(false);
      titles.add(c.title);
    }
    for (const s of DISCREPANCY_SECTIONS) expect(`${s.title} ${s.description}`).not.toMatch(FOREIGN);
  });

  it('holds quirk keys for the benign quirks of §3.12 only', () => {
    for (const c of DISCREPANCY_CLASSES) if (c.quirk !== null) expect(c.section, `class ${c.id}`).toBe('3.12');
    // Every quirk key the catalogue and the fuzzer share is spelled the same: the profiled ones are found.
    const keys = new Set(DISCREPANCY_CLASSES.map((c) => c.quirk));
    expect(QUIRKS.filter((q) => keys.has(q)).length).toBeGreaterThanOrEqual(10);
  });

  it("every catalogue id a case names is a class of the catalogue", () => {
    for (const c of SUITE) {
      for (const id of c.catalogue ?? []) expect(discrepancyClass(id), `${c.id} names catalogue ${id}`).toBeDefined();
    }
  });

  it("every row of the fuzzer's operator table names a class of the catalogue, in that class's section", () => {
    for (const row of CATALOGUE_COVERAGE) expect(discrepancyClass(row.item)?.section, `row ${row.item}`).toBe(row.section);
    for (const [id, range] of Object.entries(CATALOGUE_SECTIONS)) {
      expect(range).toEqual({ first: discrepancySection(id)!.first, last: discrepancySection(id)!.last });
    }
  });
});

describe(CATALOGUE_MD, () => {
  const coverage = catalogueCoverage(SUITE, CATALOGUE_COVERAGE, QUIRKS);
  const now = renderCatalogue(coverage);
  const rowOf = (id: number): string => now.split('\n').find((line) => line.startsWith(`| <a id="${classAnchor(id)}"></a>${id} |`)) ?? '';

  it('has one row per class, with the cases that name it and the operator variant that makes it', () => {
    for (const c of DISCREPANCY_CLASSES) expect(now.split(`<a id="${classAnchor(c.id)}"></a>`).length, `class ${c.id}`).toBe(2);
    const folded = SUITE.filter((c) => c.catalogue?.includes(72)).map((c) => c.id);
    expect(folded.length).toBeGreaterThan(0);
    for (const id of folded) expect(rowOf(72)).toContain(`[\`${id}\`](cases.md#${headingAnchor(id)})`);
    expect(rowOf(72)).toContain('`obs-fold:inside-value`');
    expect(rowOf(350)).toContain('quirk `allows-http-0-9`');
    expect(rowOf(353)).toContain('quirk `requires-specific-host-header` not profiled');
    expect(rowOf(20)).toContain('*(valid input)*');
  });

  it('lists the classes nothing covers, and only those, with a dash in both columns', () => {
    const none = uncoveredClasses(coverage);
    // The HTTP/2 downgrade classes are out of h1ref's scope: no case, no operator.
    expect(none.map((c) => c.id)).toEqual(expect.arrayContaining([345, 346, 347, 348, 349]));
    expect(now).toContain(`Covered by neither a case nor the fuzzer (${none.length}): ${none.map((c) => `[${c.id}](#${classAnchor(c.id)})`).join(', ')}.`);
    for (const c of DISCREPANCY_CLASSES) {
      const row = rowOf(c.id);
      const uncovered = none.includes(c);
      expect(row.endsWith('| — | — |') || row.endsWith('| — | — (quirk `' + (c.quirk ?? '') + '` not profiled) |'), `class ${c.id}`).toBe(uncovered);
    }
  });

  it("links each case to its heading in docs/cases.md, whose headings' anchors are all distinct", () => {
    const cases = renderCases(SUITE);
    const anchors = cases.split('\n').filter((line) => line.startsWith('#')).map((line) => headingAnchor(line.replace(/^#+ /, '')));
    expect(new Set(anchors).size).toBe(anchors.length);
    for (const c of SUITE) expect(anchors, c.id).toContain(headingAnchor(c.id));
    expect(headingAnchor('chunked/size-bare-lf')).toBe('chunkedsize-bare-lf');
    expect(headingAnchor('3.11 HTTP/2 to HTTP/1.1 downgrade')).toBe('311-http2-to-http11-downgrade');
  });

  it('is up to date', () => expectGeneratedFile(CATALOGUE_MD, now, 'UPDATE_CATALOGUE', UPDATE_CATALOGUE_COMMAND));
});
