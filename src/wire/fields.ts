/**
 * {@link Fields}: the header or trailer section of a message as received, in order, with case-insensitive lookup.
 *
 * @module
 */
import { equalsIgnoringAsciiCase } from './ascii-case.js';

/**
 * An ordered list of field lines (RFC 9110 §5): names keep the case they were received in, values are the field
 * values with surrounding whitespace removed (RFC 9112 §5.1), and repeated names stay separate lines.
 *
 * Names compare case-insensitively (RFC 9110 §5.1). Lookup is a linear scan: a message has tens of fields, where
 * a scan beats building an index that most messages never use.
 */
export class Fields implements Iterable<[name: string, value: string]> {
  /**
   * The field lines, flattened as `[name0, value0, name1, value1, …]` — the shape of Node's `rawHeaders`, which
   * costs one array for the whole section instead of one per field.
   */
  readonly raw: string[];

  /** @param raw - flattened `[name, value, …]` pairs, taken over without a copy */
  constructor(raw: string[] = []) {
    this.raw = raw;
  }

  /** Builds a field list from `[name, value]` pairs. */
  static of(pairs: Iterable<readonly [string, string]>): Fields {
    const raw: string[] = [];
    for (const [name, value] of pairs) raw.push(name, value);
    return new Fields(raw);
  }

  /** The number of field lines. */
  get size(): number {
    return this.raw.length >> 1;
  }

  /** The name of the `index`th field line, as received. */
  nameAt(index: number): string {
    return this.raw[index * 2] ?? '';
  }

  /** The value of the `index`th field line. */
  valueAt(index: number): string {
    return this.raw[index * 2 + 1] ?? '';
  }

  /**
   * Every value received for `name`, in order, one per field line.
   *
   * @param name - a field name, in any case
   */
  getAll(name: string): string[] {
    const found: string[] = [];
    const raw = this.raw;
    for (let i = 0; i < raw.length; i += 2) if (equalsIgnoringAsciiCase(raw[i]!, name)) found.push(raw[i + 1]!);
    return found;
  }

  /**
   * The combined value of `name`: its field lines joined with ", " as RFC 9110 §5.3 allows for list-based
   * fields, or `undefined` when the field is absent.
   *
   * @param name - a field name, in any case
   */
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(', ');
  }

  /** Whether at least one field line named `name` (in any case) was received. */
  has(name: string): boolean {
    const raw = this.raw;
    for (let i = 0; i < raw.length; i += 2) if (equalsIgnoringAsciiCase(raw[i]!, name)) return true;
    return false;
  }

  /** The field lines as `[name, value]` pairs, in order. */
  toArray(): [string, string][] {
    const pairs: [string, string][] = [];
    for (let i = 0; i < this.raw.length; i += 2) pairs.push([this.raw[i]!, this.raw[i + 1]!]);
    return pairs;
  }

  /** Iterates the field lines as `[name, value]` pairs, in order. */
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.toArray()[Symbol.iterator]();
  }
}

/**
 * A new, empty `[name, value, …]` list with storage for three field lines, for the lists a parser reads a head into
 * and a handler sets its response's fields in: most have one to three lines (wrk's Host; Host and Connection, as
 * the probe, the fuzzer and health checks send; curl's Host, User-Agent and Accept; a handler's Content-Type).
 *
 * V8 gives an empty array storage on its first push — room for 19 elements after a push of one line, ~170 bytes on
 * a 64-bit Node — so an empty literal filled with one field line costs 200 bytes. A literal of six elements has
 * storage for six, and popping them leaves that storage in place (V8 trims an array's storage only when more than
 * 16 slots would be free): 96 bytes. A fourth line grows it as any array grows, to room for 28 elements, which a
 * browser's twelve lines fit (an empty literal grows twice for them). Measured on Node 20, list and storage: one
 * to three lines 96 bytes against 200; four 336 against 200; twelve 336 against 584. Which way V8 goes never
 * changes what a list holds, only what it costs.
 */
export function newFieldList(): string[] {
  const list = ['', '', '', '', '', ''];
  for (let k = 0; k < 6; k++) list.pop();
  return list;
}
