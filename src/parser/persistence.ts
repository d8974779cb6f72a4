/**
 * Connection persistence (RFC 9112 §9.3).
 *
 * @module
 */
import { listHasToken } from '../wire/transfer-coding.js';

/**
 * Whether the connection stays open after a message (RFC 9112 §9.3):
 * - a `close` connection option ends it, in either version;
 * - HTTP/1.1 persists by default;
 * - HTTP/1.0 persists only with the `keep-alive` connection option (the RFC 2068 mechanism §9.3 still lets
 *   HTTP/1.0 peers use);
 * - a body delimited by closing the connection ends it (RFC 9112 §6.3 rule 8).
 *
 * @param connection - every Connection field value of the message
 */
export function persists(version: '1.0' | '1.1', connection: readonly string[], untilClose: boolean): boolean {
  if (untilClose) return false;
  if (connection.length === 0) return version === '1.1';
  if (listHasToken(connection, 'close')) return false;
  return version === '1.1' || listHasToken(connection, 'keep-alive');
}
