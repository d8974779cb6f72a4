// The package as a user gets it. The tree is packed the way a fresh clone is (no dist/, so `npm pack` must build
// it: prepack empties dist/, prepare runs tsc), the tarball is installed offline into an empty consumer package,
// and the consumer uses it as the README says: the `h1ref` command, ESM imports of every entry of `exports`, and
// a TypeScript file type-checked against the shipped declarations. The tree holds only what the package is built
// from (not test/, bench/, scripts/), so the one build here compiles src/ and spec-tests/ and nothing twice.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
};
/** What a clone holds that the package is built from. */
const TREE = ['package.json', 'tsconfig.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'src', 'spec-tests'];

const run = promisify(execFile);
// npm passes its own settings to scripts as npm_* variables; the commands here must behave as a user's would.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

async function exec(command: string, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, env: ENV, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

let work = '';
let files: string[] = [];
let installed = '';
let consumer = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'h1ref-pack-'));
  const tree = join(work, 'tree');
  for (const entry of TREE) cpSync(join(ROOT, entry), join(tree, entry), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(tree, 'node_modules'), 'dir');
  // A file left over from an earlier build: packing must not ship it.
  mkdirSync(join(tree, 'dist', 'src'), { recursive: true });
  writeFileSync(join(tree, 'dist', 'src', 'stale.js'), 'export {};\n');

  const out = join(work, 'out');
  mkdirSync(out);
  const packed = JSON.parse((await exec('npm', ['pack', '--json', '--pack-destination', out], tree)).stdout) as {
    filename: string;
    files: { path: string }[];
  }[];
  files = packed[0]!.files.map((f) => f.path).sort();

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', join(out, packed[0]!.filename)], consumer);
  installed = join(consumer, 'node_modules', PACKAGE.name);
});

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('npm pack from a tree without dist/', () => {
  it('builds the package and ships the licence, the docs, the build and the declarations', () => {
    for (const path of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/spec-tests/index.js']) {
      expect(files).toContain(path);
    }
    for (const target of Object.values(PACKAGE.exports)) {
      for (const path of typeof target === 'string' ? [target] : [target.types, target.default]) expect(files).toContain(path.replace(/^\.\//, ''));
    }
    for (const path of Object.values(PACKAGE.bin)) expect(files).toContain(path);
  });

  it('ships nothing else: no TypeScript sources, tests, benchmarks, scripts, build state or stale output', () => {
    const top = new Set(['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md']);
    expect(files.filter((p) => !top.has(p) && !p.startsWith('dist/src/') && !p.startsWith('dist/spec-tests/'))).toEqual([]);
    expect(files.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(files).not.toContain('dist/src/stale.js');
  });

  it('ships source maps that carry their sources, so that no map points at a file the package lacks', () => {
    const maps = files.filter((p) => p.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const path of maps) {
      const map = JSON.parse(readFileSync(join(installed, path), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length, path).toBe(map.sources.length);
      expect(map.sourcesContent!.every((s) => typeof s === 'string' && s.length > 0), path).toBe(true);
    }
  });
});

describe('the installed package', () => {
  const bin = (): string => join(consumer, 'node_modules', '.bin', 'h1ref');

  it('puts the h1ref command on the consumer\'s path', async () => {
    const { stdout } = await exec(bin(), ['--help'], consumer);
    for (const command of ['serve', 'probe', 'fuzz', 'parse']) expect(stdout).toContain(`  ${command} `);
  });

  it('h1ref --version prints the installed package\'s version', async () => {
    expect((await exec(bin(), ['--version'], consumer)).stdout).toBe(`h1ref ${PACKAGE.version}\n`);
    expect((await exec(bin(), ['probe', '--version'], consumer)).stdout).toBe(`h1ref ${PACKAGE.version}\n`);
  });

  it('finds the conformance suite it ships (h1ref probe --dry-run)', async () => {
    const { stdout } = await exec(bin(), ['probe', '127.0.0.1:9', '--dry-run', '--only', 'chunked/size-bare-lf'], consumer);
    expect(stdout).toContain('1 case(s)');
    expect(stdout).toContain('chunked/size-bare-lf [MUST]');
  });

  it('imports h1ref, h1ref/probe and h1ref/fuzz from ESM, and nothing outside exports', async () => {
    writeFileSync(join(consumer, 'use.mjs'), [
      "import { createRequire } from 'node:module';",
      "import { RequestParser, createServer } from 'h1ref';",
      "import { parseTarget } from 'h1ref/probe';",
      "import { generateInput } from 'h1ref/fuzz';",
      "const events = new RequestParser().push(Buffer.from('GET /a HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'));",
      "const server = createServer(undefined, { port: 0 });",
      "const { port } = await server.listen();",
      "const echo = await (await fetch(`http://127.0.0.1:${port}/echo?q=1`)).json();",
      "await server.close();",
      "const [a, b] = [generateInput(7, { seed: 1 }), generateInput(7, { seed: 1 })];",
      "let deep;",
      "try { await import('h1ref/dist/src/wire/index.js'); deep = 'imported'; } catch (error) { deep = error.code; }",
      'console.log(JSON.stringify({',
      "  version: createRequire(import.meta.url)('h1ref/package.json').version,",
      '  events: events.map((e) => e.type), target: echo.target, probe: parseTarget(\'127.0.0.1:8080\'),',
      '  fuzz: a.bytes.length > 0 && Buffer.compare(a.bytes, b.bytes) === 0, deep,',
      '}));',
    ].join('\n'));
    const { stdout } = await exec(process.execPath, ['use.mjs'], consumer);
    expect(JSON.parse(stdout)).toEqual({
      version: PACKAGE.version,
      events: ['head', 'end'],
      target: '/echo?q=1',
      probe: { host: '127.0.0.1', port: 8080 },
      fuzz: true,
      deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  });

  it('type-checks a TypeScript consumer against the shipped declarations', async () => {
    writeFileSync(join(consumer, 'use.ts'), [
      "import { RequestParser, createServer, type ProtocolError, type ServerOptionsInit } from 'h1ref';",
      "import { parseTarget, type ProbeReport, type ProbeTarget } from 'h1ref/probe';",
      "import { generateInput, type PreparedInput } from 'h1ref/fuzz';",
      '',
      'const parser = new RequestParser();',
      'export const seen: string[] = [];',
      "for (const event of parser.push(new TextEncoder().encode('GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'))) {",
      "  if (event.type === 'head') seen.push(event.head.method);",
      "  if (event.type === 'error') { const e: ProtocolError = event.error; seen.push(`${e.status} ${e.section} ${e.offset}`); }",
      '}',
      "const options: ServerOptionsInit = { port: 0, host: '127.0.0.1' };",
      'export const server = createServer(undefined, options);',
      "export const target: ProbeTarget = parseTarget('127.0.0.1:8080');",
      'export const input: PreparedInput = generateInput(0, { seed: 1 });',
      'export const musts = (report: ProbeReport): string => report.schema;',
      '// The declarations are real types, not any: each line below must be an error.',
      '// @ts-expect-error a port is a number',
      "export const wrong: ServerOptionsInit = { port: '8080' };",
      '// @ts-expect-error the parser takes bytes',
      "parser.push('GET / HTTP/1.1');",
    ].join('\n'));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        // The consumer has no dependencies of its own; Node's types come from this repository. The package's
        // declarations are checked too (skipLibCheck off): one that needs a dev dependency's types fails here.
        typeRoots: [join(realpathSync(join(ROOT, 'node_modules')), '@types')], types: ['node'], skipLibCheck: false,
      },
      files: ['use.ts'],
    }));
    await exec(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer);
  });
});

describe('the API reference', () => {
  it('documents exactly the entries of exports, each module named by its import specifier', () => {
    const typedoc = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
    const documented = typedoc.entryPoints.map((entry) => {
      const name = /@module\s+(\S+)/.exec(readFileSync(join(ROOT, entry), 'utf8'))?.[1];
      return { name, types: `./dist/${entry.replace(/\.ts$/, '.d.ts')}` };
    });
    const exported = Object.entries(PACKAGE.exports)
      .filter(([, target]) => typeof target !== 'string')
      .map(([specifier, target]) => ({ name: PACKAGE.name + specifier.slice(1), types: (target as { types: string }).types }));
    expect(documented).toEqual(exported);
  });
});

