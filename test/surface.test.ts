// The package's public surface (package.json `exports`): each entry module lists its names one by one, the root is
// exactly the four layers' lists, the README's library example imports only what the root gives, and the parsers'
// plumbing stays out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as fuzz from '../src/fuzz/index.js';
import * as parser from '../src/parser/index.js';
import * as probe from '../src/probe/index.js';
import * as server from '../src/server/index.js';
import * as wire from '../src/wire/index.js';
import * as writer from '../src/writer/index.js';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

const INDEXES = [
  'src/index.ts', 'src/wire/index.ts', 'src/parser/index.ts', 'src/writer/index.ts', 'src/server/index.ts', 'src/probe/index.ts',
  'src/fuzz/index.ts', 'src/fuzz/operators/index.ts',
];

/** Names a user must not come to rely on: the line reader, the field-line fast path, the parsers' shared base, the
 * server's connection machinery, helpers of the grammars, and the byte order helpers whose user has not come yet. */
const INTERNAL = [
  'LineReader', 'NEED_MORE', 'LINE_ERROR', 'LINE_TOO_LONG', 'firstCrOrNul', 'FieldLineProgress', 'FIELD_LINE_CUT',
  'continueFieldLine', 'readWholeFieldLine', 'valueEndWithoutOws', 'findInvalidFieldContentByte', 'MessageParser',
  'SpecialFields', 'specialFieldKind', 'resolveParserOptions', 'invalidByte', 'methodCovers', 'controlByteError',
  'Connection', 'resolveServerOptions', 'serverError', 'errorResponseBytes', 'createRequest', 'createResponse',
  'answerHttpError', 'RequestBody', 'Exchange', 'SocketOutput', 'htons', 'ntohs', 'htonl', 'ntohl',
  'readUint16BE', 'readUint32BE', 'writeUint16BE', 'writeUint32BE', 'HOST_IS_LITTLE_ENDIAN',
];

describe('the public surface', () => {
  it('every entry module names its exports: no `export *`', () => {
    for (const path of INDEXES) expect(read(path), path).not.toMatch(/^export \*/m);
  });

  it('package.json exports the root, ./probe and ./fuzz, built from the entry modules checked here', () => {
    const pkg = JSON.parse(read('package.json')) as { exports: Record<string, string | { default: string }> };
    const entries = Object.entries(pkg.exports).filter(([key]) => key !== './package.json');
    expect(Object.fromEntries(entries.map(([key, value]) => [key, typeof value === 'string' ? value : value.default]))).toEqual({
      '.': './dist/src/index.js',
      './probe': './dist/src/probe/index.js',
      './fuzz': './dist/src/fuzz/index.js',
    });
  });

  it('the root exports exactly what the wire, parser, writer and server layers export', () => {
    const layers = [...Object.keys(wire), ...Object.keys(parser), ...Object.keys(writer), ...Object.keys(server)];
    expect(new Set(layers).size, 'a name exported by two layers').toBe(layers.length);
    expect(Object.keys(root).sort()).toEqual(layers.sort());
  });

  it('the plumbing is not exported from any entry module', () => {
    for (const [name, mod] of Object.entries({ root, wire, parser, writer, server, probe, fuzz })) {
      for (const internal of INTERNAL) expect(Object.keys(mod), `${name} exports ${internal}`).not.toContain(internal);
    }
  });

  it("a handler's request and response show no plumbing: no public constructor, no setTrailers, no ResponseChannel", () => {
    // The connection makes them (createRequest, createResponse); their declarations say only `private constructor();`.
    for (const file of ['request', 'response']) {
      const declarations = readFileSync(new URL(`../dist/src/server/${file}.d.ts`, import.meta.url), 'utf8');
      const body = declarations.slice(declarations.indexOf(`export declare class Server${file === 'request' ? 'Request' : 'Response'} `));
      expect(body, file).toMatch(/^ {4}private constructor\(\);$/m);
      expect(body, file).not.toMatch(/setTrailers|ResponseChannel|RequestBody\b/);
    }
    expect(Object.getOwnPropertyNames(server.ServerRequest.prototype)).not.toContain('setTrailers');
    const rootDeclarations = read('dist/src/index.d.ts');
    expect(rootDeclarations).not.toMatch(/ResponseChannel|RequestBody\b|createResponse|createRequest/);
  });

  it("the README's library examples import only names the root exports", () => {
    const imports = [...read('README.md').matchAll(/import \{([^}]*)\} from 'h1ref'/g)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, names] of imports) {
      for (const name of names!.split(',').map((n) => n.trim()).filter((n) => n !== '' && !n.startsWith('type '))) {
        expect(Object.keys(root), name).toContain(name);
      }
    }
  });

  it('what the README names as the library is in the root', () => {
    for (const name of [
      'RequestParser', 'ResponseParser', 'collectMessages', 'ProtocolError', 'ERROR_CODES', 'writeResponseHead', 'writeRequestHead',
      'ContentLengthEncoder', 'ChunkedEncoder', 'rawRequest', 'rawResponse', 'createServer',
    ]) expect(Object.keys(root), name).toContain(name);
  });
});
