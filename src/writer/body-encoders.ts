/**
 * Body encoders: the two ways a writer delimits a body it sends (RFC 9112 §6.3) — a declared Content-Length, or
 * the chunked transfer coding (RFC 9112 §7.1).
 *
 * Each encoder holds the state of one body and refuses, with an {@link InvalidMessageError}, to produce bytes
 * that would frame the message differently from what its head announced.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { checkFieldLines, writeFieldLines, type FieldsInput } from './field-lines.js';
import { assertToken, InvalidMessageError } from './field-validation.js';
import { writeLatin1 } from './latin1-write.js';
import { tokenOrQuotedString } from './quoted-string.js';

/**
 * A chunk extension to send (RFC 9112 §7.1.1): a token name and an optional value. Structurally the same as
 * the parser's `ChunkExtension`, so received extensions can be written back.
 */
export interface ChunkExtensionInit {
  /** The extension name, a token. */
  readonly name: string;
  /** The value, written as a token when it is one and as a quoted-string otherwise; none when `undefined`. */
  readonly value?: string | undefined;
}

/**
 * Sends a body of a declared length (RFC 9110 §8.6): passes chunks through unchanged while counting them, and
 * throws rather than send more or fewer bytes than declared — either would make the recipient read the next
 * message from the wrong place (RFC 9112 §6.3).
 */
export class ContentLengthEncoder {
  /** The declared length, in bytes. */
  readonly length: number;
  private sent = 0;
  private ended = false;

  /**
   * @param length - the Content-Length the head declared: a non-negative safe integer
   * @throws InvalidMessageError for any other number
   */
  constructor(length: number) {
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
      throw new InvalidMessageError('Content-Length', `expected a non-negative integer, got ${String(length)}`, 'RFC 9110 §8.6');
    }
    this.length = length;
  }

  /** The bytes still to send. */
  get remaining(): number {
    return this.length - this.sent;
  }

  /**
   * Accounts for `chunk` and returns it, unchanged and uncopied.
   *
   * @throws InvalidMessageError when `chunk` would exceed the declared length, or after {@link end}; the chunk is
   * then not counted
   */
  encode(chunk: Uint8Array): Uint8Array {
    if (this.ended) throw new InvalidMessageError('message body', 'data after the end of the body', 'RFC 9110 §8.6');
    assertBytes(chunk);
    if (chunk.length > this.length - this.sent) {
      throw new InvalidMessageError(
        'message body',
        `${chunk.length} bytes would exceed the declared Content-Length ${this.length} (${this.remaining} left)`,
        'RFC 9110 §8.6',
      );
    }
    this.sent += chunk.length;
    return chunk;
  }

  /**
   * Declares the body complete.
   *
   * @throws InvalidMessageError when fewer bytes than declared were sent
   */
  end(): void {
    if (this.sent !== this.length) {
      throw new InvalidMessageError(
        'message body',
        `${this.sent} bytes sent where Content-Length declared ${this.length}`,
        'RFC 9110 §8.6',
      );
    }
    this.ended = true;
  }
}

/**
 * Sends a body in the chunked transfer coding (RFC 9112 §7.1): each piece of data as one chunk, then the last
 * chunk with an optional trailer section.
 */
export class ChunkedEncoder {
  private finished = false;

  /**
   * Encodes one chunk: `chunk-size [ chunk-ext ] CRLF chunk-data CRLF` (RFC 9112 §7.1), with the size in
   * lowercase hex. The data is copied into the returned buffer.
   *
   * Empty data returns empty output (extensions included): a chunk of size 0 is the last chunk, so writing one
   * here would end the body early.
   *
   * @param data - the chunk's data
   * @param extensions - chunk extensions (RFC 9112 §7.1.1), in order
   * @throws InvalidMessageError for an invalid extension, or after {@link encodeLast}
   */
  encodeChunk(data: Uint8Array, extensions?: readonly ChunkExtensionInit[]): Uint8Array {
    this.assertOpen();
    assertBytes(data);
    const ext = formatExtensions(extensions);
    if (data.length === 0) return new Uint8Array(0);
    const size = data.length.toString(16);
    const chunk = Buffer.allocUnsafe(size.length + ext.length + 2 + data.length + 2);
    let at = writeLatin1(chunk, 0, size);
    at = writeLatin1(chunk, at, ext);
    chunk[at++] = 0x0d;
    chunk[at++] = 0x0a;
    chunk.set(data, at);
    at += data.length;
    chunk[at++] = 0x0d;
    chunk[at] = 0x0a;
    return chunk;
  }

  /**
   * Encodes the end of the body: `0 [ chunk-ext ] CRLF`, the trailer field lines and the final CRLF (RFC 9112
   * §7.1, §7.1.2). After it the encoder refuses any more output.
   *
   * @param trailers - the trailer section; none by default. Only fields whose definition allows them in a
   * trailer may be sent there (RFC 9110 §6.5.1), which is the caller's to know.
   * @param extensions - extensions of the last chunk
   * @throws InvalidMessageError for an invalid trailer field or extension, or when called twice
   */
  encodeLast(trailers?: FieldsInput, extensions?: readonly ChunkExtensionInit[]): Uint8Array {
    this.assertOpen();
    const ext = formatExtensions(extensions);
    const lines = checkFieldLines(trailers, 'trailer field');
    const last = Buffer.allocUnsafe(1 + ext.length + 2 + lines.byteLength + 2);
    last[0] = 0x30; // '0'
    let at = writeLatin1(last, 1, ext);
    last[at++] = 0x0d;
    last[at++] = 0x0a;
    at = writeFieldLines(last, at, lines);
    last[at++] = 0x0d;
    last[at] = 0x0a;
    this.finished = true;
    return last;
  }

  private assertOpen(): void {
    if (this.finished) {
      throw new InvalidMessageError('message body', 'data after the last chunk', 'RFC 9112 §7.1');
    }
  }
}

/** Body data must be bytes: a string's length counts code units, not the bytes it would become. */
function assertBytes(data: Uint8Array): void {
  if (!(data instanceof Uint8Array)) {
    throw new InvalidMessageError('message body', `expected a Uint8Array, got ${typeof data}`, 'RFC 9112 §6');
  }
}

/**
 * `*( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )` as a sender writes it: no whitespace, names checked as
 * tokens, values as token or quoted-string (RFC 9112 §7.1.1).
 */
function formatExtensions(extensions: readonly ChunkExtensionInit[] | undefined): string {
  if (extensions === undefined || extensions.length === 0) return '';
  let text = '';
  for (const { name, value } of extensions) {
    assertToken(name, 'chunk extension name', 'RFC 9112 §7.1.1');
    text += value === undefined ? `;${name}` : `;${name}=${tokenOrQuotedString(value, 'chunk extension value')}`;
  }
  return text;
}
