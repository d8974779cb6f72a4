// RFC citations are checked: every `RFC NNNN §X.Y` (and every bare `§X.Y` that inherits an RFC named before it;
// the rule is in test/citations-index.ts) in src/, spec-tests/, test/, bench/, scripts/, docs/*.md, README.md and
// DEVELOPERS.md must name a section that exists in spec-tests/rfc-sections.ts, and docs/sections.md (the index
// from a section to the code, spec-tests and tests that cite it) must be what the tree makes now.
import { describe, expect, it } from 'vitest';
import { SUITE } from '../spec-tests/index.js';
import { RFC_SECTIONS, sectionTitle } from '../spec-tests/rfc-sections.js';
import {
  bySectionOrder,
  describeUnknown,
  isUnknown,
  renderSectionIndex,
  scanText,
  type Citation,
  scanTree,
  SECTIONS_MD,
  UPDATE_COMMAND,
} from './citations-index.js';
import { expectGeneratedFile } from './generated-file.js';

// The section sign, spelt so that this file's examples are not themselves citations.
const S = '\u00a7';

function found(text: string, file = 'x.ts'): string[] {
  return scanText(file, text).citations.map((c) => `${c.rfc} ${c.section}${c.inherited ? ' (bare)' : ''}`);
}

describe('finding citations', () => {
  it('reads RFC NNNN with a section sign, "Section", "Appendix" or a dotted number', () => {
    expect(found(`RFC 9112 ${S}7.1.1, RFC9110 ${S} 5.5; RFC 9112 Section 6.3; RFC 5234 Appendix B.1, RFC 5234 B.1`)).toEqual([
      '9112 7.1.1',
      '9110 5.5',
      '9112 6.3',
      '5234 B.1',
      '5234 B.1',
    ]);
  });

  it('does not take a trailing dot, a plain word or a year for a section', () => {
    expect(found(`(RFC 9112 ${S}3.2.) RFC 1700 says; RFC 9110 2022`)).toEqual(['9112 3.2']);
  });

  it('a bare section inherits the RFC named most recently before it on the line', () => {
    expect(found(`RFC 9110 ${S}5.5, ${S}5.6.2; RFC 9112 ${S}4, ${S}7.1 and (RFC 3986) ${S}3.3`)).toEqual([
      '9110 5.5',
      '9110 5.6.2 (bare)',
      '9112 4',
      '9112 7.1 (bare)',
      '3986 3.3 (bare)',
    ]);
  });

  it('a bare section in a comment block inherits from an earlier line of the block, not from code above it', () => {
    const text = [`const a = 'RFC 9110 ${S}5.5';`, '/**', ` * Framing (RFC 9112 ${S}6.3):`, ` * rule 4 (${S}6.1).`, ' */', `f(${S}2.2);`];
    expect(scanText('x.ts', text.join('\n')).citations.map((c) => `${c.line} ${c.rfc} ${c.section}`)).toEqual([
      '1 9110 5.5',
      '3 9112 6.3',
      '4 9112 6.1',
    ]);
    expect(scanText('x.ts', text.join('\n')).unattributed).toEqual([{ file: 'x.ts', line: 6, section: '2.2' }]);
  });

  it('in Markdown a paragraph is one passage; a blank line, a table row or a list item starts another', () => {
    const text = [`See RFC 9112 ${S}6.3`, `and ${S}6.1.`, '', `then ${S}2.2`, `| RFC 9110 ${S}8.6 | ${S}5.5 |`, `- ${S}7.1`];
    expect(found(text.join('\n'), 'x.md')).toEqual(['9112 6.3', '9112 6.1 (bare)', '9110 8.6', '9110 5.5 (bare)']);
  });

  it('a bare section the most recent RFC lacks is taken as that of an RFC named earlier which has it', () => {
    expect(found(`RFC 9112 ${S}3.2: (${S}3.2.3, RFC 9110 ${S}9.3.6) then (${S}3.2.2); RFC 9110 ${S}5.5 and ${S}6.3.1`)).toEqual([
      '9112 3.2',
      '9112 3.2.3 (bare)',
      '9110 9.3.6',
      '9112 3.2.2 (bare)',
      '9110 5.5',
      '9110 6.3.1 (bare)',
    ]);
  });

  it('an RFC name wrapped after "RFC" at the end of a line is read on the next line of the passage', () => {
    expect(found(['// a trailer line (RFC', `// 9112 ${S}2.2's leniency) and ${S}7.1`].join('\n'))).toEqual(['9112 2.2', '9112 7.1 (bare)']);
  });

  it('both ends of a range are cited', () => {
    expect(found(`RFC 3986 ${S}3.2.2–3.2.3, RFC 9112 ${S}2-${S}9`)).toEqual(['3986 3.2.2', '3986 3.2.3', '9112 2', '9112 9 (bare)']);
  });

  it('a section of another document is not a citation', () => {
    expect(found(`RFC 9112 ${S}7.1, \`anchors-fuzz.md\` ${S}3.4, catalogue ${S}3.1–${S}3.9, ${S}3.1 of the discrepancy catalogue`)).toEqual([
      '9112 7.1',
    ]);
  });

  it('test titles are found like comments', () => {
    expect(found(`  it('RFC 9112 ${S}2.2: a CRLF ends the line', () => {`)).toEqual(['9112 2.2']);
  });
});

describe('checking citations', () => {
  it('a section missing from a complete RFC fails with its place; an RFC without a table is not checked', () => {
    const text = `// RFC 9112 ${S}2.9 and ${S}7.1.1; RFC 9110 ${S}15.5.14; RFC 2119 ${S}99`;
    const unknown = scanText('src/x.ts', text).citations.filter(isUnknown).map(describeUnknown);
    expect(unknown).toEqual([`src/x.ts:1: RFC 9112 ${S}2.9: RFC 9112 has no section 2.9`]);
  });

  it('a section missing from a partial table fails and says to add it from the RFC', () => {
    const [message] = scanText('a.md', `RFC 9113 ${S}8.2`).citations.filter(isUnknown).map(describeUnknown);
    expect(message).toContain('add it to spec-tests/rfc-sections.ts');
  });
});

describe('the table of sections (spec-tests/rfc-sections.ts)', () => {
  it('lists each RFC once, each number once, and every subsection after its parent', () => {
    expect(new Set(RFC_SECTIONS.map((d) => d.rfc)).size).toBe(RFC_SECTIONS.length);
    for (const doc of RFC_SECTIONS) {
      const seen = new Set<string>();
      for (const [number, title] of doc.sections) {
        expect(title, `RFC ${doc.rfc} ${number}`).not.toBe('');
        expect(seen.has(number), `RFC ${doc.rfc} ${number} twice`).toBe(false);
        const parent = number.includes('.') ? number.slice(0, number.lastIndexOf('.')) : undefined;
        if (doc.complete && parent !== undefined) expect(seen.has(parent), `RFC ${doc.rfc} ${number} before ${parent}`).toBe(true);
        seen.add(number);
      }
    }
  });
});

// Section numbers that do not exist on purpose (examples and test data, not citations), by file: each must
// still be found there, so that the list does not outlive them.
const NOT_CITATIONS: readonly { file: string; rfc: string; section: string; why: string }[] = [
  { file: 'src/probe/format.ts', rfc: '9112', section: '6.10', why: 'an example of numeric ordering (6.3 before 6.10)' },
  { file: 'test/spec-tests/probe.test.ts', rfc: '9112', section: '6.3.1', why: 'a selector that must not select a 6.3 case' },
];

function isExempt(c: Citation): boolean {
  return NOT_CITATIONS.some((n) => n.file === c.file && n.rfc === c.rfc && n.section === c.section);
}

describe('the tree', () => {
  const { citations } = scanTree();

  it('every citation names a section that exists (for the RFCs in spec-tests/rfc-sections.ts)', () => {
    const unknown = citations.filter((c) => isUnknown(c) && !isExempt(c)).sort(bySectionOrder).map(describeUnknown);
    expect(unknown, `citations of sections that do not exist:\n${unknown.join('\n')}`).toEqual([]);
  });

  it('every spec-test case names a section of the table in its section and checks', () => {
    const bad = SUITE.flatMap((c) =>
      [c.section, ...(c.checks ?? []).map((check) => check.section)]
        .filter((text) => {
          const cited = scanText('', text).citations;
          return cited.length === 0 || cited.some((x) => sectionTitle(x.rfc, x.section) === undefined);
        })
        .map((text) => `${c.id}: ${text}`),
    );
    expect(bad).toEqual([]);
  });

  it('every exemption still matches a section number that does not exist', () => {
    for (const n of NOT_CITATIONS) {
      expect(citations.some((c) => isExempt(c) && c.file === n.file && isUnknown(c)), `${n.file}: ${n.why}`).toBe(true);
    }
  });

  it(`${SECTIONS_MD} is up to date`, () => expectGeneratedFile(SECTIONS_MD, renderSectionIndex(citations, SUITE), 'UPDATE_SECTIONS', UPDATE_COMMAND));
});
