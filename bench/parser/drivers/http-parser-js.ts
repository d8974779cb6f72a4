/**
 * Driver for http-parser-js, the pure-JS parser, with the same numbered callbacks as Node's binding.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { Tally, bindingDriver, type BindingParser, type Driver, type LoadResult } from '../driver.js';

/** The parts of an http-parser-js parser this driver uses. */
interface JsParser extends BindingParser {
  initialize(type: string, resource: object): void;
}

/** The constructor, its constants and its method table. */
interface JsParserClass {
  new (): JsParser;
  readonly REQUEST: string;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
  /** Reading this getter switches kOnHeadersComplete to positional arguments, as Node ≥ 0.12 expects. */
  readonly kOnExecute: number;
  readonly methods: readonly string[];
}

/** Loads the devDependency; fails only when node_modules lacks it. */
export function loadHttpParserJs(): LoadResult {
  const require = createRequire(import.meta.url);
  let HTTPParser: JsParserClass;
  let version = '?';
  try {
    HTTPParser = (require('http-parser-js') as { HTTPParser: JsParserClass }).HTTPParser;
    version = (require('http-parser-js/package.json') as { version: string }).version;
  } catch (error) {
    return { ok: false, reason: `require('http-parser-js') failed: ${String(error)}` };
  }
  // Once, before any parser exists: afterwards onHeadersComplete gets (major, minor, headers, method, url, …).
  void HTTPParser.kOnExecute;
  return { ok: true, version: `http-parser-js ${version}`, create: () => createDriver(HTTPParser) };
}

function createDriver(HTTPParser: JsParserClass): Driver {
  const tally = new Tally();
  const methods = HTTPParser.methods;
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {});

  // Only trailers come through kOnHeaders here; the corpus has none, so it must never fire.
  parser[HTTPParser.kOnHeaders] = (): void => {
    throw new Error('http-parser-js: unexpected kOnHeaders (trailers)');
  };

  parser[HTTPParser.kOnHeadersComplete] = (
    versionMajor: number,
    versionMinor: number,
    headers: string[],
    method: number,
    url: string,
  ): void => {
    const methodName = methods[method] ?? '';
    tally.countHead(methodName, url, headers, versionMajor, versionMinor);
  };

  // kOnBody's first argument is a view (Buffer#slice) of the input; the offset/length arguments are legacy.
  return bindingDriver(parser, HTTPParser, tally);
}
