/**
 * {@link withFields}: a case with the Host a deployment answers to, and extra field lines (credentials, a routing
 * header), so that a virtual-hosted server is probed as it is deployed and not answered by its default host.
 *
 * Only the suite's own Host line is touched: each `Host: <suite host>` field line that follows a CRLF is replaced
 * by the new Host line and the extra lines. A case whose subject is Host is the caller's to leave alone, and a
 * case without that line (HTTP/1.0, an unusual Host) is unchanged. The cut offsets of `split` and `await`
 * deliveries are moved with the bytes, so each piece still ends where the case meant it to.
 *
 * @module
 */
import type { Delivery, SpecCase } from './case.js';

/** What {@link withFields} puts in place of the suite's Host line. */
export interface FieldOverrides {
  /** The Host value to send (RFC 9110 §7.2); the suite's own when absent. */
  readonly host?: string;
  /** Field lines to add after Host, each `Name: value`, in order. */
  readonly fields?: readonly string[];
}

/**
 * `c` with every `\r\n<hostLine>\r\n` rewritten as {@link FieldOverrides} say; `c` itself when nothing changes.
 *
 * @param hostLine - the suite's Host field line, e.g. `Host: localhost`
 */
export function withFields(c: SpecCase, hostLine: string, overrides: FieldOverrides): SpecCase {
  const fields = overrides.fields ?? [];
  if (overrides.host === undefined && fields.length === 0) return c;
  const replacement = [overrides.host === undefined ? hostLine : `Host: ${overrides.host}`, ...fields].join('\r\n');
  const line = `${hostLine}\r\n`;
  // Each match: where the Host line starts in the old bytes.
  const starts: number[] = [];
  for (let at = c.request.indexOf(line); at !== -1; at = c.request.indexOf(line, at + hostLine.length)) {
    if (at >= 2 && c.request.startsWith('\r\n', at - 2)) starts.push(at);
  }
  if (starts.length === 0) return c;
  let request = '';
  let from = 0;
  for (const at of starts) {
    request += c.request.slice(from, at) + replacement;
    from = at + hostLine.length;
  }
  request += c.request.slice(from);
  const delta = replacement.length - hostLine.length;
  // An old offset moves by the growth of every Host line before it; one inside a Host line keeps its distance
  // from the line's start (clamped into the new line).
  const move = (offset: number): number => {
    let shift = 0;
    for (const at of starts) {
      if (offset <= at) break;
      if (offset < at + hostLine.length) return offset + shift - (offset - at) + Math.min(offset - at, replacement.length - 1);
      shift += delta;
    }
    return offset + shift;
  };
  return { ...c, request, ...(c.delivery === undefined ? {} : { delivery: moveCuts(c.delivery, move) }) };
}

function moveCuts(delivery: Delivery, move: (offset: number) => number): Delivery {
  return delivery.mode === 'split' || delivery.mode === 'await' ? { ...delivery, at: delivery.at.map(move) } : delivery;
}
