// docs/tour.md follows one request through h1ref with excerpts of the code. The excerpts are read from the
// sources (see tour-excerpts.ts): a change to an excerpted declaration fails this test until the tour is
// regenerated (`UPDATE_TOUR=1 npx vitest run test/tour.test.ts`) and reread, so the tour cannot drift from the code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { excerptText, findDeclaration, findExcerpts, updateExcerpts } from './tour-excerpts.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TOUR = 'docs/tour.md';
const UPDATE_COMMAND = 'UPDATE_TOUR=1 npx vitest run test/tour.test.ts';

describe('the excerpt reader', () => {
  const source = ts.createSourceFile('x.ts', 'export class A {\n  /** doc */\n  b(): number {\n    return 1;\n  }\n}\nexport function c(): void {}\nconst d = 1;\n', ts.ScriptTarget.Latest, true);

  it('finds classes, their members, functions and constants by name', () => {
    expect(findDeclaration(source, 'A.b')?.getText(source)).toBe('b(): number {\n    return 1;\n  }');
    expect(findDeclaration(source, 'c')?.getText(source)).toBe('export function c(): void {}');
    expect(findDeclaration(source, 'd')).toBeDefined();
    expect(findDeclaration(source, 'A.nope')).toBeUndefined();
    expect(findDeclaration(source, 'nope')).toBeUndefined();
  });

  it('reads markers and the blocks under them', () => {
    const md = 'text\n<!-- code: src/a.ts A.b lines 2-3 -->\n```ts\nold\n```\nmore\n';
    const [e] = findExcerpts(md);
    expect(e).toMatchObject({ file: 'src/a.ts', symbol: 'A.b', lines: [2, 3], committed: 'old\n', line: 2 });
  });
});

describe(TOUR, () => {
  const path = join(ROOT, TOUR);
  if (process.env['UPDATE_TOUR'] === '1') writeFileSync(path, updateExcerpts(ROOT, readFileSync(path, 'utf8')));
  const markdown = readFileSync(path, 'utf8');
  const excerpts = findExcerpts(markdown);

  it('has its excerpts, each of a declaration that exists', () => {
    expect(excerpts.length).toBeGreaterThanOrEqual(10);
    for (const e of excerpts) expect(() => excerptText(ROOT, e), `${TOUR}:${e.line}`).not.toThrow();
  });

  it('shows each excerpt as the source has it now', () => {
    const stale = excerpts.filter((e) => excerptText(ROOT, e) !== e.committed).map((e) => `${TOUR}:${e.line}: ${e.file} ${e.symbol}`);
    expect(stale, `excerpts that no longer match their source (run \`${UPDATE_COMMAND}\` and reread them):\n${stale.join('\n')}`).toEqual([]);
  });

  it('links only to files that exist', () => {
    const links = [...markdown.matchAll(/\]\((?!https?:|#)([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    const missing = links.filter((l) => !existsSync(resolve(dirname(path), l)));
    expect(missing).toEqual([]);
  });
});
