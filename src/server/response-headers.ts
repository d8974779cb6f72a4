/**
 * {@link ResponseHeaders}: the header section a handler builds, in order.
 *
 * @module
 */
import { equalsIgnoringAsciiCase } from '../wire/ascii-case.js';
import { Fields, newFieldList } from '../wire/fields.js';

/**
 * An ordered, mutable list of response field lines: a {@link Fields} (reading, case-insensitive lookup) that the
 * handler can also change. Names keep the case they were given in and compare case-insensitively (RFC 9110
 * §5.1); repeated names stay separate lines, in order. Nothing is validated here: every name and value is checked
 * by the writer when the head is sent, so an invalid one fails there, before a byte is written.
 */
export class ResponseHeaders extends Fields {
  /** An empty header section. */
  constructor() {
    // Room for three field lines; most handlers set fewer (see newFieldList).
    super(newFieldList());
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

  /** Removes every line named `name`; returns whether there was one. */
  delete(name: string): boolean {
    const raw = this.raw;
    const before = raw.length;
    for (let i = raw.length - 2; i >= 0; i -= 2) if (sameName(raw[i]!, name)) raw.splice(i, 2);
    return raw.length !== before;
  }
}

/** Case-insensitive comparison of field names (RFC 9110 §5.1): the wire layer's, under the server's name. */
export const sameName: (a: string, b: string) => boolean = equalsIgnoringAsciiCase;
