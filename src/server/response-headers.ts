/**
 * {@link ResponseHeaders}: the header section a handler builds, in order.
 *
 * @module
 */
import { equalsIgnoringAsciiCase } from '../wire/ascii-case.js';

/**
 * An ordered, mutable list of response field lines. Names keep the case they were given in and compare
 * case-insensitively (RFC 9110 §5.1); repeated names stay separate lines, in order. Nothing is validated here:
 * every name and value is checked by the writer when the head is sent, so an invalid one fails there, before a
 * byte is written.
 */
export class ResponseHeaders implements Iterable<[name: string, value: string]> {
  /** The lines flattened as `[name0, value0, name1, value1, …]`, the shape the writers take without copying. */
  readonly raw: string[] = [];

  /** The number of field lines. */
  get size(): number {
    return this.raw.length >> 1;
  }

  /** Replaces every line named `name` with one line holding `value` (at the position of the first one). */
  set(name: string, value: string): this {
    const raw = this.raw;
    let at = -1;
    for (let i = raw.length - 2; i >= 0; i -= 2) {
      if (sameName(raw[i]!, name)) {
        if (at !== -1) raw.splice(at, 2);
        at = i;
      }
    }
    if (at === -1) raw.push(name, value);
    else {
      raw[at] = name;
      raw[at + 1] = value;
    }
    return this;
  }

  /** Adds one more line, after the others. */
  append(name: string, value: string): this {
    this.raw.push(name, value);
    return this;
  }

  /** The values of `name` joined with `, ` (RFC 9110 §5.3), or `undefined`. */
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(', ');
  }

  /** Every value of `name`, one per line, in order. */
  getAll(name: string): string[] {
    const raw = this.raw;
    const found: string[] = [];
    for (let i = 0; i < raw.length; i += 2) if (sameName(raw[i]!, name)) found.push(raw[i + 1]!);
    return found;
  }

  /** Whether a line named `name` exists. */
  has(name: string): boolean {
    const raw = this.raw;
    for (let i = 0; i < raw.length; i += 2) if (sameName(raw[i]!, name)) return true;
    return false;
  }

  /** Removes every line named `name`; returns whether there was one. */
  delete(name: string): boolean {
    const raw = this.raw;
    const before = raw.length;
    for (let i = raw.length - 2; i >= 0; i -= 2) if (sameName(raw[i]!, name)) raw.splice(i, 2);
    return raw.length !== before;
  }

  /** The lines as `[name, value]` pairs (a copy). */
  toArray(): [string, string][] {
    const pairs: [string, string][] = [];
    for (let i = 0; i < this.raw.length; i += 2) pairs.push([this.raw[i]!, this.raw[i + 1]!]);
    return pairs;
  }

  /** Iterates the lines in order. */
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.toArray()[Symbol.iterator]();
  }
}

/** Case-insensitive comparison of field names (RFC 9110 §5.1): the wire layer's, under the server's name. */
export const sameName: (a: string, b: string) => boolean = equalsIgnoringAsciiCase;
