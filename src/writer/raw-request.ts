/**
 * Raw message builders for the probe, the fuzzer and parser tests: they write exactly the bytes they are given,
 * well-formed or not.
 *
 * **NOTHING HERE IS VALIDATED.** A CR, LF or NUL in a method, a space in a field name, a bare LF as line ending,
 * a missing colon, a body that disagrees with Content-Length: all are written as asked, because producing such
 * messages is the point. Never use these builders to send data that came from a user; use
 * `writeRequestHead` / `writeResponseHead` (head-writer.ts) and the body encoders, which refuse what HTTP forbids.
 *
 * The single check is that strings are bytes: each code unit is written as one byte (latin1), and a code unit
 * above 0xFF throws a `RangeError` instead of being truncated to a byte nobody asked for.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { Fields } from '../wire/fields.js';
import { defaultReasonPhrase } from './status-reasons.js';

/** A piece of a raw message: a string (one byte per code unit, latin1) or bytes. */
export type RawPiece = string | Uint8Array;

/**
 * A field line for a raw message: a `[name, value]` pair, written `name`, `fieldSeparator`, `value`,
 * `lineEnding`; or a whole line as a {@link RawPiece}, written as given followed by `lineEnding` (for lines a
 * pair cannot express, such as one without a colon).
 */
export type RawFieldLine = readonly [name: string, value: string] | RawPiece;

/** The parts a raw message is built from, besides its start-line. Every member has a well-formed default. */
export interface RawMessageParts {
  /** The version, written as given; `HTTP/1.1` by default. */
  readonly version?: string;
  /** The field lines, in order; none by default. */
  readonly fields?: Fields | readonly RawFieldLine[];
  /** Written after the head as given; nothing by default. No Content-Length is added for it. */
  readonly body?: RawPiece;
  /** Ends the start-line, each field line and the head; `\r\n` by default. Try `\n`, `\r` or `\r\r\n`. */
  readonly lineEnding?: string;
  /** Separates the start-line's three parts; one SP by default. */
  readonly separator?: string;
  /** Separates a field name from its value; `: ` by default. Try ` : ` or `:\t`. */
  readonly fieldSeparator?: string;
}

/** A raw request: {@link RawMessageParts} plus a method and a target. */
export interface RawRequestParts extends RawMessageParts {
  /** The method, as given; `GET` by default. */
  readonly method?: string;
  /** The request-target, as given; `/` by default. */
  readonly target?: string;
}

/** A raw response: {@link RawMessageParts} plus a status and a reason phrase. */
export interface RawResponseParts extends RawMessageParts {
  /** The status code, as given (a string may be anything, e.g. `2000` or `20x`); `200` by default. */
  readonly status?: number | string;
  /** The reason phrase, as given; by default the registered phrase of a numeric status, else empty. */
  readonly reason?: string;
}

/**
 * Concatenates pieces into one byte array; strings are written one byte per code unit (latin1).
 *
 * @throws RangeError for a string holding a code unit above 0xFF
 */
export function rawBytes(...pieces: readonly RawPiece[]): Uint8Array {
  return Buffer.concat(pieces.map(toBytes));
}

/**
 * Builds a request from parts, unvalidated: `method SP target SP version`, the field lines, an empty line, the
 * body — each separator and line ending replaceable. See the module documentation: **no validation at all**.
 *
 * @example rawRequest({ fields: [['Host', 'a'], ['Transfer-Encoding', 'chunked']], body: '0\n\n', lineEnding: '\n' })
 * @throws RangeError for a string holding a code unit above 0xFF
 */
export function rawRequest(parts: RawRequestParts = {}): Uint8Array {
  return rawMessage([parts.method ?? 'GET', parts.target ?? '/', parts.version ?? 'HTTP/1.1'], parts);
}

/**
 * Builds a response from parts, unvalidated: `version SP status SP reason`, the field lines, an empty line, the
 * body. See the module documentation: **no validation at all**.
 *
 * @throws RangeError for a string holding a code unit above 0xFF
 */
export function rawResponse(parts: RawResponseParts = {}): Uint8Array {
  const status = parts.status ?? 200;
  const reason = parts.reason ?? (typeof status === 'number' ? defaultReasonPhrase(status) : '');
  return rawMessage([parts.version ?? 'HTTP/1.1', String(status), reason], parts);
}

function rawMessage(startLine: readonly [string, string, string], parts: RawMessageParts): Uint8Array {
  const eol = parts.lineEnding ?? '\r\n';
  const sep = parts.separator ?? ' ';
  const colon = parts.fieldSeparator ?? ': ';
  const pieces: RawPiece[] = [startLine.join(sep), eol];
  const fields = parts.fields instanceof Fields ? parts.fields.toArray() : (parts.fields ?? []);
  for (const line of fields) {
    if (typeof line === 'string' || line instanceof Uint8Array) pieces.push(line, eol);
    else pieces.push(line[0], colon, line[1], eol);
  }
  pieces.push(eol);
  if (parts.body !== undefined) pieces.push(parts.body);
  return rawBytes(...pieces);
}

function toBytes(piece: RawPiece): Uint8Array {
  if (typeof piece !== 'string') return piece;
  for (let i = 0; i < piece.length; i++) {
    const code = piece.charCodeAt(i);
    if (code > 0xff) {
      throw new RangeError(`U+${code.toString(16).toUpperCase().padStart(4, '0')} at index ${i} is not a byte`);
    }
  }
  return Buffer.from(piece, 'latin1');
}
