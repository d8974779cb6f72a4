// The code excerpts of docs/tour.md, read from the sources: each excerpt is marked in the Markdown by a comment
// naming a file and a declaration (`<!-- code: src/server/server.ts H1Server.accept -->`, optionally `lines 3-20`),
// and the fenced block under it must be that declaration's text as it is in the file now. test/tour.test.ts
// checks it; `UPDATE_TOUR=1` rewrites the blocks from the sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** One excerpt marker and the block under it. */
export interface Excerpt {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** `Class.member`, `function`, `Interface`, `const`… */
  readonly symbol: string;
  /** A 1-based inclusive line range within the declaration, or none for all of it. */
  readonly lines?: readonly [number, number];
  /** Where the fenced block's body starts and ends in the Markdown (character offsets). */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The block's body as committed. */
  readonly committed: string;
  /** The marker's line number in the Markdown, for messages. */
  readonly line: number;
}

const MARKER = /<!-- code: (\S+) (\S+)(?: lines (\d+)-(\d+))? -->\n```[a-z]*\n/g;

/** The excerpts of a Markdown text. */
export function findExcerpts(markdown: string): Excerpt[] {
  const out: Excerpt[] = [];
  for (const m of markdown.matchAll(MARKER)) {
    const bodyStart = m.index + m[0].length;
    const bodyEnd = markdown.indexOf('```', bodyStart);
    if (bodyEnd < 0) throw new Error(`unclosed code block after ${m[0]}`);
    out.push({
      file: m[1]!,
      symbol: m[2]!,
      ...(m[3] === undefined ? {} : { lines: [Number(m[3]), Number(m[4])] as const }),
      bodyStart,
      bodyEnd,
      committed: markdown.slice(bodyStart, bodyEnd),
      line: markdown.slice(0, m.index).split('\n').length,
    });
  }
  return out;
}

function nameOf(node: ts.Node): string | undefined {
  const name = (node as { name?: ts.Node }).name;
  if (name !== undefined && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))) return name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isVariableStatement(node)) {
    const d = node.declarationList.declarations[0];
    return d !== undefined && ts.isIdentifier(d.name) ? d.name.text : undefined;
  }
  return undefined;
}

/** The declaration `symbol` (`A` or `A.b`) in a source file, or undefined. */
export function findDeclaration(source: ts.SourceFile, symbol: string): ts.Node | undefined {
  let scope: readonly ts.Node[] = source.statements;
  let found: ts.Node | undefined;
  for (const part of symbol.split('.')) {
    found = scope.find((n) => nameOf(n) === part);
    if (found === undefined) return undefined;
    scope = ts.isClassDeclaration(found) || ts.isInterfaceDeclaration(found) ? [...found.members] : [];
  }
  return found;
}

/** The text an excerpt must have now: the declaration as written (without its doc comment), de-indented. */
export function excerptText(root: string, e: Pick<Excerpt, 'file' | 'symbol' | 'lines'>): string {
  const path = join(root, e.file);
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const node = findDeclaration(source, e.symbol);
  if (node === undefined) throw new Error(`${e.file} has no declaration ${e.symbol}`);
  const start = node.getStart(source);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lines = text.slice(lineStart, node.end).split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  lines = lines.map((l) => l.slice(indent));
  if (e.lines !== undefined) {
    const [from, to] = e.lines;
    if (from < 1 || to > lines.length || from > to) throw new Error(`${e.file} ${e.symbol}: lines ${from}-${to} of ${lines.length}`);
    const cut = lines.slice(from - 1, to);
    if (to < lines.length) cut.push('// …');
    lines = from > 1 ? ['// …', ...cut] : cut;
  }
  return `${lines.join('\n')}\n`;
}

/** The Markdown with every excerpt replaced by its text now. */
export function updateExcerpts(root: string, markdown: string): string {
  let out = '';
  let at = 0;
  for (const e of findExcerpts(markdown)) {
    out += markdown.slice(at, e.bodyStart) + excerptText(root, e);
    at = e.bodyEnd;
  }
  return out + markdown.slice(at);
}
