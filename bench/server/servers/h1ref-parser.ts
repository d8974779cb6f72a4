/**
 * h1ref's request parser on a bare `net` server: each read goes through `RequestParser.push`, and each complete
 * request gets the fixed response written the way the ceiling writes it. No request or response objects, no
 * handler, no timeouts: what separates this from raw-net is the parser alone, and what separates h1ref's server
 * from this is the server around the parser. A request the parser rejects closes the connection.
 *
 * @module
 */
import { RequestParser } from '../../../src/parser/index.js';
import type { ServerMode } from '../protocol.js';
import { startBareServer } from './bare-server.js';
import type { RunningServer } from './response.js';

/** Starts the server on 127.0.0.1 and a free port. It has no timeouts, so `mode` changes nothing. */
export function startH1refParser(_mode: ServerMode): Promise<RunningServer> {
  return startBareServer(() => {
    const parser = new RequestParser();
    return (chunk) => {
      const events = parser.push(chunk);
      let ends = 0;
      for (let i = 0; i < events.length; i++) {
        const type = events[i]!.type;
        if (type === 'end') ends++;
        else if (type === 'error') return -1;
      }
      return ends;
    };
  });
}
