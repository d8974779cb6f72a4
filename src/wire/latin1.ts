/**
 * Turning bytes into strings. HTTP/1.1 field values are bytes, and latin1 maps each byte to the one code unit
 * of the same value, so a latin1 string keeps every byte (obs-text included) and its indices equal byte offsets.
 *
 * @module
 */
import { Buffer } from 'node:buffer';

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

// Buffer's native latin1 decoder, which also accepts any Uint8Array as `this`. It costs one call into C++ per use,
// which is why {@link Latin1Window} decodes a window at once and slices strings out of it.
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: Latin1Slice }).latin1Slice;

/** Decodes `bytes[start, end)` as latin1: one code unit per byte. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return start >= end ? '' : latin1Slice.call(bytes, start, end);
}

/** Encodes a string whose code units are all below 256 as latin1 bytes (one byte per code unit). */
export function latin1Bytes(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

/**
 * Decodes protocol elements with one native call per window of input instead of one per token: the first request
 * for a string decodes up to {@link Latin1Window.windowBytes} bytes from there, and later requests inside that
 * range are answered by slicing the decoded string, which V8 does without copying.
 *
 * A window belongs to one buffer object. Callers that rewrite a buffer in place (a scratch buffer for partial
 * lines) must call {@link Latin1Window.forget} first.
 */
export class Latin1Window {
  /** How many bytes one decode covers: a typical request head fits in one window. */
  static readonly windowBytes = 2048;

  private bytes: Uint8Array | null = null;
  // A buffer whose meaningful bytes end before its length (a reused line buffer), and where they end.
  private boundBytes: Uint8Array | null = null;
  private boundEnd = 0;
  private start = 0;
  private end = 0;
  private text = '';

  /** The latin1 string of `bytes[start, end)`. */
  slice(bytes: Uint8Array, start: number, end: number): string {
    if (bytes !== this.bytes || start < this.start || end > this.end) {
      const limit = bytes === this.boundBytes ? this.boundEnd : bytes.length;
      const windowEnd = Math.max(end, Math.min(limit, start + Latin1Window.windowBytes));
      this.text = latin1(bytes, start, windowEnd);
      this.bytes = bytes;
      this.start = start;
      this.end = windowEnd;
    }
    return this.text.substring(start - this.start, end - this.start);
  }

  /** Drops the cached window, for a buffer that is about to change. */
  forget(): void {
    this.bytes = null;
  }

  /** The state of a new window: nothing cached, nothing bound. */
  reset(): void {
    this.clear();
    this.boundEnd = 0;
    this.start = 0;
    this.end = 0;
  }

  /** Drops every reference to input: the cached window, its text and any bound buffer. */
  clear(): void {
    this.bytes = null;
    this.text = '';
    this.boundBytes = null;
  }

  /**
   * Drops the cached window and declares that the meaningful bytes of `bytes` end at `end`, so that windows
   * over it never decode the stale bytes after that (a reused buffer holding one spliced line).
   */
  bound(bytes: Uint8Array, end: number): void {
    this.bytes = null;
    this.boundBytes = bytes;
    this.boundEnd = end;
  }
}
