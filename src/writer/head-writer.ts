/**
 * Writing message heads: a status-line or request-line, the header field lines and the empty line that ends the
 * head (RFC 9112 §2.1), as one buffer.
 *
 * Every element is checked first (see field-validation.ts), then the exact size is known, so the head is built
 * in a single allocation with no intermediate strings.
 *
 * The writers add nothing on their own: no Date, no Content-Length, no Host. Framing and the fields it needs are
 * the caller's decision, made once where the body is known.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { HttpVersion } from '../parser/events.js';
import { checkFieldLines, writeFieldLines, type CheckedFieldLines, type FieldsInput } from './field-lines.js';
import {
  assertMethod,
  assertReasonPhrase,
  assertRequestTarget,
  assertStatusCode,
  InvalidMessageError,
} from './field-validation.js';
import { writeLatin1 } from './latin1-write.js';
import { defaultReasonPhrase } from './status-reasons.js';

/** What {@link writeResponseHead} needs. */
export interface ResponseHeadInit {
  /** The status code, 100–599 (RFC 9110 §15). */
  readonly status: number;
  /** The reason phrase; by default the registered one for `status`, or empty for an unregistered code. */
  readonly reason?: string;
  /** The version to send; `1.1` by default. */
  readonly version?: HttpVersion;
  /** The header section, written in order; none by default. */
  readonly fields?: FieldsInput;
}

/** What {@link writeRequestHead} needs. */
export interface RequestHeadInit {
  /** The method, a token, case-sensitive (RFC 9110 §9.1). */
  readonly method: string;
  /** The request-target in the form the caller chose (RFC 9112 §3.2), written as given. */
  readonly target: string;
  /** The version to send; `1.1` by default. */
  readonly version?: HttpVersion;
  /** The header section, written in order; none by default. An HTTP/1.1 request needs Host (RFC 9112 §3.2). */
  readonly fields?: FieldsInput;
}

/** `HTTP/1.x` as bytes on the wire (RFC 9112 §2.3); both are 8 bytes. */
function versionText(version: HttpVersion | undefined): string {
  if (version === undefined || version === '1.1') return 'HTTP/1.1';
  if (version === '1.0') return 'HTTP/1.0';
  throw new InvalidMessageError('HTTP version', `expected '1.0' or '1.1', got ${String(version)}`, 'RFC 9112 §2.3');
}

/**
 * Writes a response head: `HTTP/1.1 200 OK CRLF`, the field lines, and the empty line (RFC 9112 §4, §5).
 *
 * @returns the head's bytes, ready for the socket
 * @throws InvalidMessageError when an element cannot be sent (nothing is written)
 */
export function writeResponseHead(init: ResponseHeadInit): Uint8Array {
  const version = versionText(init.version);
  assertStatusCode(init.status);
  const reason = init.reason ?? defaultReasonPhrase(init.status);
  assertReasonPhrase(reason);
  const lines = checkFieldLines(init.fields, 'field');

  // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4): the second SP stays even when
  // the reason phrase is empty. Then CRLF, the field lines, and CRLF.
  const head = Buffer.allocUnsafe(8 + 1 + 3 + 1 + reason.length + 2 + lines.byteLength + 2);
  let at = writeLatin1(head, 0, version);
  head[at++] = 0x20;
  at = writeLatin1(head, at, String(init.status));
  head[at++] = 0x20;
  at = writeLatin1(head, at, reason);
  return finish(head, at, lines);
}

/**
 * Writes a request head: `GET / HTTP/1.1 CRLF`, the field lines, and the empty line (RFC 9112 §3, §5).
 *
 * @returns the head's bytes, ready for the socket
 * @throws InvalidMessageError when an element cannot be sent (nothing is written)
 */
export function writeRequestHead(init: RequestHeadInit): Uint8Array {
  const version = versionText(init.version);
  assertMethod(init.method);
  assertRequestTarget(init.target);
  const lines = checkFieldLines(init.fields, 'field');

  // request-line = method SP request-target SP HTTP-version (RFC 9112 §3), then CRLF, field lines, CRLF.
  const head = Buffer.allocUnsafe(init.method.length + 1 + init.target.length + 1 + 8 + 2 + lines.byteLength + 2);
  let at = writeLatin1(head, 0, init.method);
  head[at++] = 0x20;
  at = writeLatin1(head, at, init.target);
  head[at++] = 0x20;
  at = writeLatin1(head, at, version);
  return finish(head, at, lines);
}

/** Ends the start-line, writes the field lines and the empty line that ends the head (RFC 9112 §2.1). */
function finish(head: Buffer, offset: number, lines: CheckedFieldLines): Buffer {
  let at = offset;
  head[at++] = 0x0d;
  head[at++] = 0x0a;
  at = writeFieldLines(head, at, lines);
  head[at++] = 0x0d;
  head[at++] = 0x0a;
  return head;
}
