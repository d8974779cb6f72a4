/**
 * What the catalogue operator families share: {@link messageOperator} and {@link streamOperator}, which turn an
 * edit made in place on a copy into an {@link Operator}, slot names, and small helpers over a message's field
 * lines and body.
 *
 * The two builders give every operator the same contract, so that the families only say what they change:
 * - the input stream is never modified (the edit works on a {@link cloneStream} copy);
 * - an unknown variant, an empty stream or a message the variant cannot edit gives `null`, never an exception;
 * - an edit that leaves the bytes as they were is no edit (`null`), so a non-null result always differs from its
 *   input on the wire;
 * - a message operator tries the messages in turn, from a random one on (the ones it `prefer`s first), until one
 *   of them takes the edit, so an operator applies to any stream that has a message it can work on.
 *
 * @module
 */
import type { Edit, Operator, OperatorFamily } from '../operator.js';
import {
  bodyText, chunkedBody, cloneStream, field, message, type BodyPart, type FieldLinePart, type MessagePart, type Stream, streamText,
} from '../parts.js';
import type { Random } from '../random.js';

/**
 * The length of the deliberately long parts (a target, a method, a field value or name, a chunk extension): above
 * the usual 8 KiB and 16 KiB limits of servers (and h1ref's), well under the fuzzer's 64 KiB payload cap even
 * when two such edits are composed.
 */
export const LONG = 20_000;

/** Control bytes other than HTAB, CR, LF and NUL (those have variants of their own). */
export const CTL_BYTES: readonly string[] = ['\x01', '\x07', '\x08', '\x0b', '\x0c', '\x0e', '\x1b', '\x1f', '\x7f'];

/** obs-text bytes some implementations treat as whitespace or strip (NEL, NBSP, SHY), and a few others. */
export const HIGH_BYTES: readonly string[] = ['\x80', '\x85', '\xa0', '\xad', '\xc0', '\xff'];

/** The request-line and head parts of a message that are plain strings. */
export type MessageSlot = 'method' | 'sp1' | 'target' | 'sp2' | 'version' | 'eol' | 'end' | 'body' | 'trailer-end';

/** The parts of a field line (a header or a trailer field). */
export type FieldSlot = 'name' | 'colon' | 'value' | 'eol';

/** The parts of a chunk. */
export type ChunkSlot = 'size' | 'ext' | 'eol' | 'data' | 'data-eol';

/** What an edit is given besides the message. */
export interface EditContext<V extends string> {
  /** The copy being edited (the operator returns it). */
  readonly stream: Stream;
  /** The index of the message being edited; `-1` for a stream operator on a stream without messages. */
  readonly mi: number;
  /** The source of every choice. */
  readonly random: Random;
  /** The variant to apply. */
  readonly variant: V;
}

/** What both builders need besides the edit: the fields of {@link Operator} that are plain data. */
export interface OperatorHeader<V extends string> {
  /** Unique, kebab-case. */
  readonly name: string;
  /** The family. */
  readonly family: OperatorFamily;
  /** One line, in our own words. */
  readonly description: string;
  /** The variants, in a stable order. */
  readonly variants: readonly V[];
}

/** An operator that edits one message at a time. */
export interface MessageOperatorSpec<V extends string> extends OperatorHeader<V> {
  /** Messages to try first for a variant (one that already has a chunked body, a Content-Length…); the rest follow. */
  readonly prefer?: (m: MessagePart, variant: V) => boolean;
  /**
   * Edits `m` (message `c.mi` of the copy `c.stream`) in place and returns the slot touched, or null when the
   * variant does not apply to this message. It may also edit the rest of `c.stream` (append a message after `m`).
   */
  readonly edit: (m: MessagePart, c: EditContext<V>) => string | null;
}

/** An operator that edits the stream as a whole (adds, drops or reorders messages, or edits `trailing`). */
export interface StreamOperatorSpec<V extends string> extends OperatorHeader<V> {
  /** Edits the copy `s` in place and returns the slot touched, or null when the variant does not apply. */
  readonly edit: (s: Stream, c: EditContext<V>) => string | null;
}

function chooseVariant<V extends string>(variants: readonly V[], random: Random, variant: string | undefined): V | null {
  if (variant === undefined) return variants.length === 0 ? null : random.pick(variants);
  return (variants as readonly string[]).includes(variant) ? (variant as V) : null;
}

/** Builds an {@link Operator} that edits one message of a copy, trying the messages in turn until one takes the edit. */
export function messageOperator<V extends string>(spec: MessageOperatorSpec<V>): Operator {
  return {
    name: spec.name,
    family: spec.family,
    description: spec.description,
    variants: spec.variants,
    apply(stream: Stream, random: Random, variant?: string): Edit | null {
      const v = chooseVariant(spec.variants, random, variant);
      const n = stream.messages.length;
      if (v === null || n === 0) return null;
      const before = streamText(stream);
      const start = random.int(n);
      const first: number[] = [];
      const later: number[] = [];
      for (let k = 0; k < n; k++) {
        const mi = (start + k) % n;
        (spec.prefer === undefined || spec.prefer(stream.messages[mi]!, v) ? first : later).push(mi);
      }
      for (const mi of [...first, ...later]) {
        const copy = cloneStream(stream);
        const slot = spec.edit(copy.messages[mi]!, { stream: copy, mi, random, variant: v });
        if (slot !== null && streamText(copy) !== before) return { stream: copy, slot, variant: v };
      }
      return null;
    },
  };
}

/** Builds an {@link Operator} that edits a copy of the stream as a whole. */
export function streamOperator<V extends string>(spec: StreamOperatorSpec<V>): Operator {
  return {
    name: spec.name,
    family: spec.family,
    description: spec.description,
    variants: spec.variants,
    apply(stream: Stream, random: Random, variant?: string): Edit | null {
      const v = chooseVariant(spec.variants, random, variant);
      if (v === null) return null;
      const copy = cloneStream(stream);
      const n = copy.messages.length;
      const slot = spec.edit(copy, { stream: copy, mi: n === 0 ? -1 : random.int(n), random, variant: v });
      if (slot === null || streamText(copy) === streamText(stream)) return null;
      return { stream: copy, slot, variant: v };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Slots (the paths of parts.ts).

/** The slot of a part of message `c.mi`: `m0.method`, `m1.end`, `m0.body`, `m0.trailer-end`. */
export function mSlot(c: { readonly mi: number }, part: MessageSlot): string {
  return `m${c.mi}.${part}`;
}

/** The slot of a part of field line `fi` of message `c.mi`: `m0.f2.colon`. */
export function fSlot(c: { readonly mi: number }, fi: number, part: FieldSlot): string {
  return `m${c.mi}.f${fi}.${part}`;
}

/** The slot of a part of chunk `ci` of message `c.mi`: `m0.c1.size`. */
export function cSlot(c: { readonly mi: number }, ci: number, part: ChunkSlot): string {
  return `m${c.mi}.c${ci}.${part}`;
}

/** The slot of a part of trailer line `ti` of message `c.mi`: `m0.t0.name`. */
export function tSlot(c: { readonly mi: number }, ti: number, part: FieldSlot): string {
  return `m${c.mi}.t${ti}.${part}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Strings.

/** `s` with `x` inserted at `i`. */
export function insertAt(s: string, i: number, x: string): string {
  return s.slice(0, i) + x + s.slice(i);
}

/** ASCII letters upper-cased, every other byte as it was (field names and tokens are case-insensitive ASCII). */
export function upperAscii(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : s[i];
  }
  return out;
}

/** ASCII letters lower-cased, every other byte as it was. */
export function lowerAscii(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : s[i];
  }
  return out;
}

/** Letters alternately upper- and lower-case, by position: `GET` → `GeT`, `chunked` → `ChUnKeD`. */
export function alternateCase(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += i % 2 === 0 ? upperAscii(s[i]!) : lowerAscii(s[i]!);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Field lines.

/** The indexes of the field lines named `name` (given in lower case; compared without ASCII case, RFC 9110 §5.1). */
export function fieldIndexes(fields: readonly FieldLinePart[], name: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < fields.length; i++) if (lowerAscii(fields[i]!.name) === name) out.push(i);
  return out;
}

/** The index of the first field line named `name` (lower case), or -1. */
export function firstField(fields: readonly FieldLinePart[], name: string): number {
  for (let i = 0; i < fields.length; i++) if (lowerAscii(fields[i]!.name) === name) return i;
  return -1;
}

/** Whether `m` has a field line named `name` (lower case). */
export function hasField(m: MessagePart, name: string): boolean {
  return firstField(m.fields, name) >= 0;
}

const FRAMING_NAMES = ['content-length', 'transfer-encoding', 'host'];

/**
 * A field line of `m` to edit: half the time one of the lines that decide framing or routing (Content-Length,
 * Transfer-Encoding, Host) when the message has any, since an edit there is the one peers are most likely to read
 * differently; otherwise any line. Null when the message has no field lines.
 */
export function pickField(m: MessagePart, random: Random): number | null {
  if (m.fields.length === 0) return null;
  const framing: number[] = [];
  for (let i = 0; i < m.fields.length; i++) if (FRAMING_NAMES.includes(lowerAscii(m.fields[i]!.name))) framing.push(i);
  if (framing.length > 0 && random.chance(0.5)) return random.pick(framing);
  return random.int(m.fields.length);
}

/** One of `indexes`, or null when there is none. */
export function pickIndex(random: Random, indexes: readonly number[]): number | null {
  return indexes.length === 0 ? null : random.pick(indexes);
}

/** Adds a field line at `at` (the end by default) and returns its index. */
export function addField(m: MessagePart, f: FieldLinePart, at = m.fields.length): number {
  const i = Math.max(0, Math.min(at, m.fields.length));
  m.fields.splice(i, 0, f);
  return i;
}

/**
 * Gives the field `name` (lower case) the value `value`: the first line of that name keeps its own name and separators (so an
 * obfuscation another operator made survives) and gets the value, later lines of that name go; a new line
 * `canonical: value` is appended when there is none. Returns the line's index.
 */
export function setField(m: MessagePart, name: string, value: string, canonical = name): number {
  const lines = fieldIndexes(m.fields, name);
  if (lines.length === 0) return addField(m, field(canonical, value));
  const first = lines[0]!;
  m.fields[first]!.value = value;
  m.fields = m.fields.filter((_, i) => i === first || !lines.includes(i));
  return first;
}

/** Removes every field line named `name` (lower case); returns the index the first one had, or -1. */
export function removeFields(m: MessagePart, name: string): number {
  const first = firstField(m.fields, name);
  if (first >= 0) m.fields = m.fields.filter((f) => lowerAscii(f.name) !== name);
  return first;
}

/** The value of the first Host line without surrounding whitespace, or `localhost` when there is none. */
export function hostOf(m: MessagePart): string {
  const i = firstField(m.fields, 'host');
  if (i < 0) return 'localhost';
  const v = m.fields[i]!.value.replace(/^[ \t]+|[ \t]+$/g, '');
  return v.length > 0 ? v : 'localhost';
}

/** A complete small GET to `path` on `host`: the request a smuggling gadget hides or a pipeline adds. */
export function requestText(host: string, path = '/smuggled'): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
}

/** A well-formed GET message to `path` on `host`. */
export function getMessage(host: string, path = '/'): MessagePart {
  return message('GET', path, [field('Host', host)]);
}

/** Makes sure message `mi` is followed by another one (appends a GET to the same host when it is the last). */
export function ensureFollowing(s: Stream, mi: number): void {
  const m = s.messages[mi];
  if (m !== undefined && mi === s.messages.length - 1) s.messages.push(getMessage(hostOf(m), '/next'));
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies.

/** The content of a body: a raw body's bytes, a chunked body's chunk data joined, nothing for none. */
export function contentOf(b: BodyPart): string {
  switch (b.kind) {
    case 'none': return '';
    case 'raw': return b.data;
    case 'chunked': return b.chunks.map((c) => c.data).join('');
  }
}

/** The number of body bytes on the wire (what a correct Content-Length would say for a raw body). */
export function wireLength(m: MessagePart): number {
  return bodyText(m.body).length;
}

/**
 * Makes `data` the message's body, framed by a Content-Length that matches it (RFC 9112 §6.2): Transfer-Encoding
 * lines go (they would override the length, §6.3), the Content-Length line is set. Returns its index.
 */
export function setRawBody(m: MessagePart, data: string): number {
  m.body = { kind: 'raw', data };
  removeFields(m, 'transfer-encoding');
  return setField(m, 'content-length', String(data.length), 'Content-Length');
}

/** Removes the body and the fields that frame it (Content-Length, Transfer-Encoding). */
export function removeBody(m: MessagePart): void {
  m.body = { kind: 'none' };
  removeFields(m, 'content-length');
  removeFields(m, 'transfer-encoding');
}

/**
 * The index of the message's first Content-Length line, adding one when there is none: a message without one gets
 * a raw body of its own content (or `fallback` when it has none) and a matching length.
 */
export function ensureContentLength(m: MessagePart, fallback = 'abc'): number {
  const i = firstField(m.fields, 'content-length');
  if (i >= 0) return i;
  const content = contentOf(m.body);
  return setRawBody(m, content.length > 0 ? content : fallback);
}

/**
 * Like {@link ensureContentLength}, but the body is raw and not empty afterwards (for the edits about a body a
 * method does not expect).
 */
export function ensureContentLengthBody(m: MessagePart, fallback = 'abc'): number {
  const i = firstField(m.fields, 'content-length');
  if (i >= 0 && m.body.kind === 'raw' && m.body.data.length > 0) return i;
  const content = contentOf(m.body);
  return setRawBody(m, content.length > 0 ? content : fallback);
}

/**
 * Makes the message's body chunked (RFC 9112 §7.1), if it is not already: its content (or `fallback`) becomes one
 * chunk, Content-Length lines go, and `Transfer-Encoding: chunked` is added when no Transfer-Encoding line is
 * there. Returns the body.
 */
export function ensureChunked(m: MessagePart, fallback = 'abc'): Extract<BodyPart, { kind: 'chunked' }> {
  if (m.body.kind !== 'chunked') {
    const content = contentOf(m.body);
    m.body = chunkedBody([content.length > 0 ? content : fallback]);
    removeFields(m, 'content-length');
  }
  if (!hasField(m, 'transfer-encoding')) addField(m, field('Transfer-Encoding', 'chunked'));
  return m.body as Extract<BodyPart, { kind: 'chunked' }>;
}

/** Whether the message has a chunked body. */
export function isChunked(m: MessagePart): boolean {
  return m.body.kind === 'chunked';
}

/** The indexes of the chunks that carry data. */
export function dataChunks(b: Extract<BodyPart, { kind: 'chunked' }>): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.chunks.length; i++) if (b.chunks[i]!.data.length > 0) out.push(i);
  return out;
}

/** The index of the last chunk without data (the last-chunk when the body is well-formed), or -1. */
export function lastChunk(b: Extract<BodyPart, { kind: 'chunked' }>): number {
  for (let i = b.chunks.length - 1; i >= 0; i--) if (b.chunks[i]!.data.length === 0) return i;
  return -1;
}
