/**
 * Driver for llhttp, through Node's own binding (`require('_http_common').HTTPParser`), used the way node:http
 * uses it but without IncomingMessage: callbacks set by index, one `execute(buffer)` per piece.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { Tally, bindingDriver, type BindingParser, type Driver, type LoadResult } from '../driver.js';

/** The parts of Node's internal parser binding this driver uses. */
interface NativeParser extends BindingParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
}

/** The binding's constructor and the callback slot numbers. */
interface NativeParserClass {
  new (): NativeParser;
  readonly REQUEST: number;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
}

/** `_http_common`: the binding and the method table its method indices point into. */
interface HttpCommon {
  readonly HTTPParser: NativeParserClass;
  readonly methods: readonly string[];
}

/** Loads the binding; it ships with Node, so this only fails on a runtime without it. */
export function loadLlhttp(): LoadResult {
  let common: HttpCommon;
  try {
    common = createRequire(import.meta.url)('_http_common') as HttpCommon;
  } catch (error) {
    return { ok: false, reason: `require('_http_common') failed: ${String(error)}` };
  }
  return { ok: true, version: `llhttp ${process.versions.llhttp ?? '?'}`, create: () => createDriver(common) };
}

function createDriver({ HTTPParser, methods }: HttpCommon): Driver {
  const tally = new Tally();
  const parser = new HTTPParser();
  // Same arguments as anchors: no async resource, default header size limit, no leniency.
  parser.initialize(HTTPParser.REQUEST, {}, 0, 0);

  // With more than 32 field lines the binding flushes them early through kOnHeaders, and kOnHeadersComplete
  // then gets `undefined` for headers and url; node:http collects them the same way (_http_common.js).
  let pendingHeaders: string[] = [];
  let pendingUrl = '';

  parser[HTTPParser.kOnHeaders] = (headers: string[], url: string): void => {
    for (let i = 0; i < headers.length; i++) pendingHeaders.push(headers[i]!);
    pendingUrl += url;
  };

  parser[HTTPParser.kOnHeadersComplete] = (
    versionMajor: number,
    versionMinor: number,
    headers: string[] | undefined,
    method: number,
    url: string | undefined,
  ): void => {
    if (headers === undefined) {
      headers = pendingHeaders;
      pendingHeaders = [];
    }
    if (url === undefined) {
      url = pendingUrl;
      pendingUrl = '';
    }
    const methodName = methods[method] ?? '';
    tally.countHead(methodName, url, headers, versionMajor, versionMinor);
  };

  // Node 20's binding passes kOnBody one Buffer (a copy of the body bytes, not a view of the input).
  return bindingDriver(parser, HTTPParser, tally);
}
