/**
 * The registry of servers. Each is imported only in the child that runs it, so no other server's code is loaded
 * (or JIT-compiled, or holding memory) in the process being measured.
 *
 * @module
 */
import type { ServerMode, ServerName } from '../protocol.js';
import type { RunningServer } from './response.js';

/** Starts the named server in this process. */
export async function startServer(name: ServerName, mode: ServerMode): Promise<RunningServer> {
  switch (name) {
    case 'h1ref':
      return (await import('./h1ref.js')).startH1ref(mode);
    case 'node-http':
      return (await import('./node-http.js')).startNodeHttp(mode);
    case 'raw-net':
      return (await import('./raw-net.js')).startRawNet(mode);
    case 'h1ref-parser':
      return (await import('./h1ref-parser.js')).startH1refParser(mode);
    case 'llhttp-parser':
      return (await import('./llhttp-parser.js')).startLlhttpParser(mode);
    case 'h1ref-echo':
      return (await import('./h1ref.js')).startH1ref(mode, 'h1ref');
    case 'h1ref-echo-garden':
      return (await import('./h1ref.js')).startH1ref(mode, 'garden');
    case 'h1ref-echo-raw':
      return (await import('./h1ref.js')).startH1ref(mode, 'raw');
    case 'h1ref-echo-2w':
      return (await import('./h1ref-cluster.js')).startH1refCluster(mode, 2);
    case 'node-http-echo':
      return (await import('./node-http.js')).startNodeHttp(mode, (await import('../../node-echo-handler.js')).nodeEchoHandler);
    case 'echo-floor':
      return (await import('./echo-floor.js')).startEchoFloor(mode);
  }
}
