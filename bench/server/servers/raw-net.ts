/**
 * The ceiling: a `net` server that parses nothing. It counts request ends and writes the pre-built response once
 * per request, corked when one read held several (pipelining), exactly as perf-anchors.md §1 describes. It
 * ignores bodies and checks nothing, so it is a ceiling, not a server: what is left of each request's cost is
 * the syscalls, epoll and Node's stream machinery that every `net`-based server pays.
 *
 * @module
 */
import type { ServerMode } from '../protocol.js';
import { startBareServer } from './bare-server.js';
import { requestEndCounter } from './request-ends.js';
import type { RunningServer } from './response.js';

/** Starts the raw ceiling on 127.0.0.1 and a free port. It has no timeouts, so `mode` changes nothing. */
export function startRawNet(_mode: ServerMode): Promise<RunningServer> {
  return startBareServer(requestEndCounter);
}
