/**
 * How the reference `net` servers answer: the pre-built response once per complete request, corked when one read
 * completed several (pipelining), so that they differ from the ceiling only in how they find request ends.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { RAW_RESPONSE } from './response.js';

/** Writes the fixed response `count` times. */
export function writeFixedResponses(socket: Socket, count: number): void {
  if (count === 1) {
    socket.write(RAW_RESPONSE);
  } else if (count > 1) {
    socket.cork();
    for (let i = 0; i < count; i++) socket.write(RAW_RESPONSE);
    socket.uncork();
  }
}
