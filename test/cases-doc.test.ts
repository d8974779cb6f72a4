// docs/cases.md (every case with its id, section, level, description, bytes and allowed outcomes) must be what
// the suite makes now: regenerate it with UPDATE_CASES=1 after changing a case.
import { describe, expect, it } from 'vitest';
import { SUITE } from '../spec-tests/index.js';
import { CASES_MD, renderCases, UPDATE_CASES_COMMAND } from './cases-doc.js';
import { expectGeneratedFile } from './generated-file.js';


describe(CASES_MD, () => {
  const now = renderCases(SUITE);

  it('names every case once, with its section linked to the RFC, and holds no raw control byte', () => {
    for (const c of SUITE) expect(now.split(`\n### ${c.id}\n`).length, c.id).toBe(2);
    expect(now).toContain('[RFC 9112 §7.1 Chunked Transfer Coding](https://www.rfc-editor.org/rfc/rfc9112#section-7.1)');
    expect(now).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('names the catalogue classes a case covers, with their titles, linked to docs/catalogue.md', () => {
    const folded = SUITE.find((c) => c.catalogue?.includes(72))!;
    const entry = now.split(`\n### ${folded.id}\n`)[1]!.split('\n### ')[0]!;
    expect(entry).toContain('[72 Obsolete line folding](catalogue.md#class-72)');
  });

  it('is up to date', () => expectGeneratedFile(CASES_MD, now, 'UPDATE_CASES', UPDATE_CASES_COMMAND));
});
