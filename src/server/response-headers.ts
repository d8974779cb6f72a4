/**
 * {@link ResponseHeaders}: the header section a handler builds, in order.
 *
 * @module
 */

/**
 * An ordered, mutable list of response field lines. Names keep the case they were given in and compare
 * case-insensitively (RFC 9110 §5.1); repeated names stay separate lines, in order. Nothing is validated here:
 * every name and value is checked by the writer when the head is sent, so an invalid one fails there, before a
 * byte is written.
 */
export class ResponseHeaders implements Iterable<[name: string, value: string]> {
  private readonly lines: [string, string][] = [];

  /** The number of field lines. */
  get size(): number {
    return this.lines.length;
  }

  /** Replaces every line named `name` with one line holding `value` (at the position of the first one). */
  set(name: string, value: string): this {
    const lower = name.toLowerCase();
    let at = -1;
    for (let i = this.lines.length - 1; i >= 0; i--) {
      if (this.lines[i]![0].toLowerCase() === lower) {
        if (at !== -1) this.lines.splice(at, 1);
        at = i;
      }
    }
    if (at === -1) this.lines.push([name, value]);
    else this.lines[at] = [name, value];
    return this;
  }

  /** Adds one more line, after the others. */
  append(name: string, value: string): this {
    this.lines.push([name, value]);
    return this;
  }

  /** The values of `name` joined with `, ` (RFC 9110 §5.3), or `undefined`. */
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(', ');
  }

  /** Every value of `name`, one per line, in order. */
  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const found: string[] = [];
    for (const [n, v] of this.lines) if (n.toLowerCase() === lower) found.push(v);
    return found;
  }

  /** Whether a line named `name` exists. */
  has(name: string): boolean {
    const lower = name.toLowerCase();
    return this.lines.some(([n]) => n.toLowerCase() === lower);
  }

  /** Removes every line named `name`; returns whether there was one. */
  delete(name: string): boolean {
    const lower = name.toLowerCase();
    const before = this.lines.length;
    for (let i = this.lines.length - 1; i >= 0; i--) if (this.lines[i]![0].toLowerCase() === lower) this.lines.splice(i, 1);
    return this.lines.length !== before;
  }

  /** The lines as `[name, value]` pairs (a copy). */
  toArray(): [string, string][] {
    return this.lines.map(([n, v]) => [n, v]);
  }

  /** Iterates the lines in order. */
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.toArray()[Symbol.iterator]();
  }
}
