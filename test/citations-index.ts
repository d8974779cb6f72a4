/**
 * Finds the RFC citations in h1ref's tree and builds `docs/sections.md`, the index from an RFC section to the code,
 * the spec-test cases and the tests that cite it. Used by `test/citations.test.ts`, which checks every citation
 * against `spec-tests/rfc-sections.ts` and the committed index against {@link renderSectionIndex}.
 *
 * ## What counts as a citation
 *
 * - `RFC 9112 §7.1`, `RFC9112 §7.1`, `RFC 9112 Section 7.1`, `RFC 5234 Appendix B.1`, and `RFC 5234 B.1` (a
 *   number with a dot right after the RFC's number). Appendices are a capital letter and dotted numbers (`B.1`,
 *   `C.2.2`).
 * - **A bare section sign** (a section number after `§` with no RFC right before it) inherits the RFC named most
 *   recently before it in the same passage, whether that mention had a section or not: in "RFC 9110 §5.5, §5.6.2"
 *   both sections are RFC 9110's, and in "(RFC 3986) … §3.3" the section is RFC 3986's. When that RFC's table
 *   does not list the section but an RFC named earlier in the passage does, the section is taken as that one's
 *   ("RFC 9112 §3.2: … (§3.2.3, RFC 9110 §9.3.6) … (§3.2.2)" cites RFC 9112 §3.2.2); so a bare section fails the
 *   check only when none of the RFCs named before it has it.
 * - A passage is: in code, one line, or a run of consecutive comment lines (`//`, `/*`, `*`, `#`, `--`), so a
 *   bare section in a JSDoc block inherits from an RFC named on an earlier line of that block; in Markdown, a
 *   paragraph (up to a blank line; a table row, a heading and each list item start a new one). A bare section
 *   with no RFC before it in its passage is left alone (counted as unattributed, not checked).
 * - A range's end is cited too: "§3.2.2–3.2.3" and "§2-§9" cite both ends.
 * - A section sign that refers to another document than an RFC is not a citation: one right after a Markdown
 *   file's name (`anchors-fuzz.md` §3) or after the word catalogue (and the end of such a range), and one followed
 *   by "of the (discrepancy) catalogue" or "of" a Markdown file's name.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecCase } from '../spec-tests/schema.js';
import { RFC_SECTIONS, rfcSections, sectionOrder, sectionTitle } from '../spec-tests/rfc-sections.js';

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the index is written, relative to {@link ROOT}. */
export const SECTIONS_MD = 'docs/sections.md';

/** The command that rewrites {@link SECTIONS_MD}. */
export const UPDATE_COMMAND = 'UPDATE_SECTIONS=1 npx vitest run test/citations.test.ts';

/** One citation of an RFC section, where it stands. */
export interface Citation {
  /** Path relative to the root, with `/`. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** The RFC's number, digits only. */
  readonly rfc: string;
  /** The section as written: `7.1.1`, `B.1`. */
  readonly section: string;
  /** Whether the RFC was inherited by a bare `§` from an earlier mention in its passage. */
  readonly inherited: boolean;
}

/** A bare `§` that no RFC mention precedes in its passage. */
export interface Unattributed {
  /** Path relative to the root, with `/`. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** The section as written. */
  readonly section: string;
}

/** What a scan of some text found. */
export interface ScanResult {
  /** Every citation, in the order of the text. */
  readonly citations: Citation[];
  /** Bare sections no RFC was named before (not checked). */
  readonly unattributed: Unattributed[];
}

// A section number: dotted digits, or an appendix (a capital letter with at least one dotted number).
const NUMBER = String.raw`(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)`;
// After "Appendix" a lone letter is a section too.
const APPENDIX = String.raw`[A-Z](?:\.\d+)*`;
const END = String.raw`(?![\w])`;
// One pass over a line, in order: an RFC mention (with its section, if any), or a bare section sign.
const TOKEN = new RegExp(
  String.raw`RFC\s?(\d{3,5})(?![\d])` +
    String.raw`(?:\s*§\s?(${NUMBER})${END}|\s+Section\s+(${NUMBER})${END}|\s+Appendix\s+(${APPENDIX})${END}` +
    String.raw`|\s+(\d+\.\d+(?:\.\d+)*|[A-Z]\.\d+(?:\.\d+)*)${END})?` +
    String.raw`|§\s?(${NUMBER})${END}`,
  'g',
);
// The end of a range right after a section: `–3.2.3`, `-3.4` (a `§` before the end is matched on its own).
const RANGE_END = new RegExp(String.raw`^[–-](${NUMBER})${END}`);
// Text before a bare `§` that says it belongs to another document.
const OTHER_DOCUMENT_BEFORE = /(?:\.md`?\s*|catalogue(?:'s)?\s*(?:item\s*|section\s*)?)$/i;
// Text after a bare section that says the same.
const OTHER_DOCUMENT_AFTER = /^(?:[–-]§?[\d.]*\d)?\s+of\s+(?:the\s+)?(?:discrepancy\s+)?catalogue|^(?:[–-]§?[\d.]*\d)?\s+of\s+`?[\w-]+\.md/i;

type Kind = 'code' | 'markdown';

function isCommentLine(trimmed: string): boolean {
  return /^(?:\/\/|\/\*|\*|#|--)/.test(trimmed);
}

// Whether `line` continues the passage of the line before it (`previous`).
function continuesPassage(kind: Kind, previous: string | undefined, line: string): boolean {
  if (previous === undefined) return false;
  const before = previous.trim();
  const now = line.trim();
  if (before === '' || now === '') return false;
  if (kind === 'markdown') {
    if (/^(?:\||#|[-*+]\s|\d+\.\s|```)/.test(now)) return false;
    return !/^(?:\||#|```)/.test(before);
  }
  // Code: a comment line continues a comment block (a `/*` opens a new one).
  return isCommentLine(now) && !now.startsWith('/*') && isCommentLine(before) && !before.endsWith('*/');
}

// The RFC a bare section inherits: the most recent one named whose table lists the section, else the most recent.
function inheritedRfc(named: readonly string[], section: string): string {
  for (let k = named.length - 1; k >= 0; k--) if (sectionTitle(named[k]!, section) !== undefined) return named[k]!;
  return named[named.length - 1]!;
}

/**
 * Scans `text` (the contents of `file`) for citations, following the rule in this module's description.
 *
 * @param file - the path reported with each citation
 * @param text - the file's contents
 */
export function scanText(file: string, text: string): ScanResult {
  const kind: Kind = file.endsWith('.md') ? 'markdown' : 'code';
  const citations: Citation[] = [];
  const unattributed: Unattributed[] = [];
  const lines = text.split('\n');
  // The RFCs named so far in the passage, most recent last.
  let named: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const continues = continuesPassage(kind, lines[i - 1], line);
    if (!continues) named = [];
    let skippedEnd = -1;
    // An RFC's name wrapped after "RFC" at the end of the line before is read as if "RFC" stood on this line.
    const wrapped = continues && /\bRFC$/.test(lines[i - 1]!.trimEnd());
    const scanned = wrapped ? line.replace(/^(\s*(?:(?:\/\/|\*|#|--)\s*)?)(\d{3,5}(?!\d))/, '$1RFC $2') : line;
    const cite = (rfc: string, section: string, inherited: boolean, at: number): void => {
      citations.push({ file, line: i + 1, rfc, section, inherited });
      const end = RANGE_END.exec(scanned.slice(at));
      if (end) citations.push({ file, line: i + 1, rfc, section: end[1]!, inherited });
    };
    for (const m of scanned.matchAll(TOKEN)) {
      const after = m.index + m[0].length;
      if (m[1] !== undefined) {
        named = [...named.filter((rfc) => rfc !== m[1]), m[1]];
        const section = m[2] ?? m[3] ?? m[4] ?? m[5];
        if (section !== undefined) cite(m[1], section, false, after);
        continue;
      }
      const section = m[6]!;
      const rangeOfSkipped = skippedEnd >= 0 && /^[–-]$/.test(scanned.slice(skippedEnd, m.index));
      const otherDocument =
        OTHER_DOCUMENT_BEFORE.test(scanned.slice(Math.max(0, m.index - 40), m.index)) || OTHER_DOCUMENT_AFTER.test(scanned.slice(after));
      if (rangeOfSkipped || otherDocument) {
        skippedEnd = after;
        continue;
      }
      if (named.length === 0) unattributed.push({ file, line: i + 1, section });
      else cite(inheritedRfc(named, section), section, true, after);
    }
  }
  return { citations, unattributed };
}

/** The directories scanned recursively, and the single files scanned, relative to the root. */
export const SCANNED = {
  directories: ['src', 'spec-tests', 'test', 'bench', 'scripts'],
  files: ['README.md', 'DEVELOPERS.md'],
  // docs/*.md, except the index itself (generated from the others) and docs/cases.md (generated from spec-tests/).
  docs: 'docs',
} as const;

function walk(directory: string, into: string[]): void {
  for (const name of readdirSync(directory).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(directory, name);
    if (statSync(path).isDirectory()) walk(path, into);
    else into.push(path);
  }
}

/** Every file scanned for citations, relative to `root`, with `/`, sorted. */
export function scannedFiles(root: string = ROOT): string[] {
  const paths: string[] = [];
  for (const directory of SCANNED.directories) walk(join(root, directory), paths);
  for (const file of SCANNED.files) paths.push(join(root, file));
  for (const name of readdirSync(join(root, SCANNED.docs)).sort()) {
    // docs/cases.md is generated from spec-tests/, which is scanned itself.
    if (name.endsWith('.md') && `${SCANNED.docs}/${name}` !== SECTIONS_MD && name !== 'cases.md') paths.push(join(root, SCANNED.docs, name));
  }
  return paths.map((path) => relative(root, path).split(sep).join('/')).sort();
}

/** Scans every file of {@link scannedFiles}. */
export function scanTree(root: string = ROOT): ScanResult {
  const citations: Citation[] = [];
  const unattributed: Unattributed[] = [];
  for (const file of scannedFiles(root)) {
    const bytes = readFileSync(join(root, file));
    if (bytes.includes(0)) continue; // not text
    const found = scanText(file, bytes.toString('utf8'));
    citations.push(...found.citations);
    unattributed.push(...found.unattributed);
  }
  return { citations, unattributed };
}

/** Whether a citation can be checked (its RFC has an entry) and names a section the entry does not list. */
export function isUnknown(citation: Citation): boolean {
  return rfcSections(citation.rfc) !== undefined && sectionTitle(citation.rfc, citation.section) === undefined;
}

/** A failure line for an unknown citation: the file and line, the citation, and why it fails. */
export function describeUnknown(citation: Citation): string {
  const doc = rfcSections(citation.rfc)!;
  const why = doc.complete
    ? `RFC ${doc.rfc} has no section ${citation.section}`
    : `not in the partial table of RFC ${doc.rfc}: check the RFC and add it to spec-tests/rfc-sections.ts`;
  const how = citation.inherited ? ' (a bare § that inherits the RFC named before it)' : '';
  return `${citation.file}:${citation.line}: RFC ${citation.rfc} §${citation.section}${how}: ${why}`;
}

/** The case ids of the suite that cite each section (`9112 7.1` → ids), from each case's `section` and checks. */
export function specTestsBySection(suite: readonly SpecCase[]): Map<string, string[]> {
  const bySection = new Map<string, string[]>();
  for (const c of suite) {
    const keys = new Set<string>();
    for (const text of [c.section, ...(c.checks ?? []).map((check) => check.section)]) {
      for (const citation of scanText('', text).citations) keys.add(`${citation.rfc} ${citation.section}`);
    }
    for (const key of keys) {
      const ids = bySection.get(key) ?? [];
      ids.push(c.id);
      bySection.set(key, ids);
    }
  }
  return bySection;
}

type Column = 'code' | 'tests';

// The checker's own files hold example citations, not citations of code: they are checked, not indexed.
const NOT_INDEXED: ReadonlySet<string> = new Set(['test/citations-index.ts', 'test/citations.test.ts']);

function columnOf(file: string): Column | undefined {
  if (NOT_INDEXED.has(file)) return undefined;
  if (/^(?:src|bench|scripts)\//.test(file)) return 'code';
  if (file.startsWith('test/')) return 'tests';
  return undefined;
}

function link(file: string): string {
  return `[${file}](../${file})`;
}

/**
 * The contents of `docs/sections.md`: for each cited section of each RFC in the table, in the RFC's order and
 * with its title, the files under src/, bench/ and scripts/, the spec-test cases and the test files that cite it.
 * File lists name files only (no line numbers), so the index changes when a file starts or stops citing a
 * section, not when lines move.
 *
 * @param citations - every citation in the tree ({@link scanTree})
 * @param suite - the conformance suite (`SUITE` from `spec-tests/index.ts`)
 */
export function renderSectionIndex(citations: readonly Citation[], suite: readonly SpecCase[]): string {
  const files = new Map<string, { code: Set<string>; tests: Set<string> }>();
  for (const citation of citations) {
    if (sectionTitle(citation.rfc, citation.section) === undefined) continue;
    const column = columnOf(citation.file);
    if (column === undefined) continue;
    const key = `${citation.rfc} ${citation.section}`;
    const entry = files.get(key) ?? { code: new Set<string>(), tests: new Set<string>() };
    entry[column].add(citation.file);
    files.set(key, entry);
  }
  const specs = specTestsBySection(suite);
  const out: string[] = [
    '---',
    'title: RFC sections to code',
    '---',
    '',
    '# RFC sections to code',
    '',
    'Generated by `test/citations-index.ts` from the tree; do not edit by hand. `npm test` fails when it is out of',
    `date; \`${UPDATE_COMMAND}\` rewrites it.`,
    '',
    'For each RFC section that h1ref cites, in the RFC\'s order and with its title: the files under `src/`, `bench/`',
    'and `scripts/` that cite it (code), the spec-test cases whose requirement it is (their `section`, or one of',
    'their checks\'), and the test files that cite it. A citation is `RFC 9112 §7.1`, or a bare `§7.1` after an RFC',
    'was named earlier in the same line, comment or paragraph (the full rule is in `test/citations-index.ts`).',
    'Every citation is checked against `spec-tests/rfc-sections.ts`, the sections and titles of the RFCs cited.',
    '',
  ];
  const contents: string[] = [];
  const body: string[] = [];
  for (const doc of RFC_SECTIONS) {
    const cited = doc.sections.filter(([number]) => files.has(`${doc.rfc} ${number}`) || specs.has(`${doc.rfc} ${number}`));
    if (cited.length === 0) continue;
    const anchor = `rfc-${doc.rfc}`;
    contents.push(`- [RFC ${doc.rfc}, ${doc.title}](#${anchor}): ${cited.length} of ${doc.sections.length} sections cited`);
    body.push(`<a id="${anchor}"></a>`, '', `## RFC ${doc.rfc}: ${doc.title}`, '');
    for (const [number, title] of cited) {
      const key = `${doc.rfc} ${number}`;
      const entry = files.get(key);
      body.push(`### RFC ${doc.rfc} §${number} ${title}`, '');
      const code = [...(entry?.code ?? [])].sort();
      const tests = [...(entry?.tests ?? [])].sort();
      const ids = specs.get(key) ?? [];
      if (code.length > 0) body.push(`- code: ${code.map(link).join(', ')}`);
      if (ids.length > 0) body.push(`- spec-tests (${ids.length}): ${ids.map((id) => `\`${id}\``).join(', ')}`);
      if (tests.length > 0) body.push(`- tests: ${tests.map(link).join(', ')}`);
      body.push('');
    }
  }
  out.push(...contents, '', ...body);
  return `${out.join('\n').trimEnd()}\n`;
}

/** Sorts citations by RFC and section, in the table's order. */
export function bySectionOrder(a: Citation, b: Citation): number {
  return sectionOrder(a.rfc, a.section) - sectionOrder(b.rfc, b.section);
}
