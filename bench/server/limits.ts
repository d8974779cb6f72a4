/**
 * Can this machine hold N idle connections on loopback? Each side of a connection is a file descriptor in its
 * process (the server child and the client child each hold N), and each client socket takes an ephemeral port.
 * The runner raises the children's soft open-file limit (up to the hard limit); nothing can raise the hard limit
 * or widen the port range without root, so those are only checked and reported.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { shell } from './spawn.js';

/** What was found, and the connection count and file limit to use. */
export interface ConnectionBudget {
  readonly softLimit: number;
  readonly hardLimit: number;
  readonly ephemeralPorts: number;
  /** Connections the memory measurement will open (the requested number, or fewer when the machine cannot). */
  readonly connections: number;
  /** The soft limit the children get. */
  readonly fdLimit: number;
  /** Why fewer connections than requested, if so. */
  readonly note: string | undefined;
}

/** Descriptors a Node process needs besides the connections (stdio, IPC, epoll, the listener, libuv, …). */
const HEADROOM = 256;

function limit(flag: '-Sn' | '-Hn'): number {
  const value = shell(`ulimit ${flag}`);
  if (value === 'unlimited') return Number.MAX_SAFE_INTEGER;
  return Number(value ?? '1024') || 1024;
}

function ephemeralPorts(): number {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'latin1').trim().split(/\s+/).map(Number);
    return high! - low! + 1;
  } catch {
    return 28_232; // Linux's default range, 32768–60999
  }
}

/** Checks the limits for `wanted` connections. */
export function connectionBudget(wanted: number): ConnectionBudget {
  const softLimit = limit('-Sn');
  const hardLimit = limit('-Hn');
  const ports = ephemeralPorts();
  const possible = Math.min(hardLimit - HEADROOM, ports - HEADROOM);
  const connections = Math.max(0, Math.min(wanted, possible));
  const fdLimit = Math.min(hardLimit, Math.max(softLimit, connections + HEADROOM));
  let note: string | undefined;
  if (connections < wanted) {
    const why = hardLimit - HEADROOM < ports - HEADROOM ? `the hard open-file limit is ${hardLimit} (raise it with \`ulimit -Hn\` as root)` : `only ${ports} ephemeral ports (net.ipv4.ip_local_port_range)`;
    note = `${connections} connections instead of ${wanted}: ${why}; B/conn is not comparable across different N`;
  }
  return { softLimit, hardLimit: hardLimit === Number.MAX_SAFE_INTEGER ? Infinity : hardLimit, ephemeralPorts: ports, connections, fdLimit, note };
}
