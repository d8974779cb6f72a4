/**
 * llhttp (Node's own parser, through the binding node:http drives) on a bare `net` server: the counterpart of
 * h1ref-parser, set up as node:http sets it up (a head callback that receives the method, target and header
 * strings the binding makes), each complete request answered with the fixed response the way the ceiling
 * answers. The issue that set the server's targets measured this arrangement at about 100 % of the ceiling with
 * keep-alive and 71 % pipelined. A request llhttp rejects closes the connection.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { ServerMode } from '../protocol.js';
import { startBareServer } from './bare-server.js';
import type { RunningServer } from './response.js';

/** The parts of Node's internal parser binding used here (see bench/parser/drivers/llhttp.ts). */
interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  [slot: number]: unknown;
}
interface HttpCommon {
  readonly HTTPParser: {
    new (): NativeParser;
    readonly REQUEST: number;
    readonly kOnHeaders: number;
    readonly kOnHeadersComplete: number;
    readonly kOnMessageComplete: number;
  };
}

/** Starts the server on 127.0.0.1 and a free port. It has no timeouts, so `mode` changes nothing. */
export function startLlhttpParser(_mode: ServerMode): Promise<RunningServer> {
  const { HTTPParser } = createRequire(import.meta.url)('_http_common') as HttpCommon;
  return startBareServer(() => {
    const parser = new HTTPParser();
    parser.initialize(HTTPParser.REQUEST, {}, 0, 0);
    let ends = 0;
    // node:http receives the head through these; with a function in the slot the binding makes the method, target
    // and header strings it passes, as it does for node:http.
    parser[HTTPParser.kOnHeaders] = (): void => {};
    parser[HTTPParser.kOnHeadersComplete] = (): void => {};
    parser[HTTPParser.kOnMessageComplete] = (): void => {
      ends++;
    };
    return (chunk) => {
      ends = 0;
      return typeof parser.execute(chunk) === 'number' ? ends : -1;
    };
  });
}
