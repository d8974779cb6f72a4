/**
 * The fuzzer's model of a request stream: every byte of every message in a named slot, so that an operator can
 * edit one part (a method, a field line's colon, a chunk line's ending) and say which slot it touched, and so that
 * the shrinker can drop a field line or restore a slot to its baseline value.
 *
 * A {@link Stream} is written to bytes by {@link writeStream} with no validation at all, like the raw builders
 * of `src/writer/raw-request.ts` (whose finer-grained cousin this is: `RawRequestParts` has one line ending and
 * one separator per message, the fuzzer needs one per line). Strings are bytes, one per code unit (latin1).
 *
 * Slots are paths: `m0.method`, `m0.sp1`, `m0.target`, `m0.sp2`, `m0.version`, `m0.eol`, `m0.f2.name`,
 * `m0.f2.colon`, `m0.f2.value`, `m0.f2.eol`, `m0.end` (the empty line), `m0.body`, `m0.c1.size`, `m0.c1.ext`,
 * `m0.c1.eol`, `m0.c1.data`, `m0.c1.data-eol`, `m0.t0.…` (trailer lines), `m0.trailer-end`, `stream` (the bytes
 * between or after messages, or the stream as a whole).
 *
 * @module
 */
import { Buffer } from 'node:buffer';

/**
 * One field line: `name`, `colon` (the separator, `: ` when well-formed), `value`, `eol`. An operator that needs
 * a line the pair cannot express (no colon at all, a line of junk) puts everything in `name` and empties `colon`.
 */
export interface FieldLinePart {
  /** The field name, as sent. */
  name: string;
  /** What separates name and value: `:` plus optional whitespace (`: `, `:`, ` : `, `:\t`). */
  colon: string;
  /** The field value, as sent (may hold leading/trailing whitespace an operator put there). */
  value: string;
  /** The line ending: `\r\n` when well-formed. */
  eol: string;
}

/** One chunk of a chunked body: `size` `ext` `eol` `data` `dataEol`. The last chunk is the one whose size is zero. */
export interface ChunkPart {
  /** The chunk-size as sent (hex digits when well-formed). */
  size: string;
  /** The chunk extensions as sent, including each leading `;` (empty when none). */
  ext: string;
  /** Ends the chunk line. */
  eol: string;
  /** The chunk data (empty for the last chunk). */
  data: string;
  /** Follows the data (`\r\n`); unused for the last chunk, whose line is followed by the trailer section. */
  dataEol: string;
}

/** No body at all. */
export interface NoBody {
  /** Discriminator. */
  readonly kind: 'none';
}

/** Bytes written as given after the head (a Content-Length body, or anything). */
export interface RawBody {
  /** Discriminator. */
  readonly kind: 'raw';
  /** The bytes, latin1. */
  data: string;
}

/** A chunked body: chunks (the last one with size `0`), trailer field lines, the final empty line. */
export interface ChunkedBody {
  /** Discriminator. */
  readonly kind: 'chunked';
  /** The chunks, the last chunk included. */
  chunks: ChunkPart[];
  /** The trailer section's field lines. */
  trailers: FieldLinePart[];
  /** The empty line that ends the trailer section. */
  end: string;
}

/** A message body as the fuzzer models it. */
export type BodyPart = NoBody | RawBody | ChunkedBody;

/** One request message, part by part. */
export interface MessagePart {
  /** The method token. */
  method: string;
  /** Between method and target (one SP when well-formed). */
  sp1: string;
  /** The request-target. */
  target: string;
  /** Between target and version (one SP when well-formed). */
  sp2: string;
  /** The HTTP-version (`HTTP/1.1`); may be empty for an HTTP/0.9-style line (then `sp2` is usually empty too). */
  version: string;
  /** Ends the request-line. */
  eol: string;
  /** The field lines, in order. */
  fields: FieldLinePart[];
  /** The empty line that ends the head. */
  end: string;
  /** The body. */
  body: BodyPart;
}

/** A request stream: messages in order, then `trailing` bytes (junk, a partial message) after the last one. */
export interface Stream {
  /** The messages. */
  messages: MessagePart[];
  /** Bytes after the last message, written as given. */
  trailing: string;
}

/** A field line with the well-formed separators. */
export function field(name: string, value: string): FieldLinePart {
  return { name, colon: ': ', value, eol: '\r\n' };
}

/** A chunk with the well-formed separators and a size written in lower-case hex from the data's length. */
export function chunk(data: string, ext = ''): ChunkPart {
  return { size: data.length.toString(16), ext, eol: '\r\n', data, dataEol: '\r\n' };
}

/** A well-formed chunked body of the given chunks, then the last chunk and an empty trailer section. */
export function chunkedBody(datas: readonly string[]): BodyPart {
  return { kind: 'chunked', chunks: [...datas.filter((d) => d.length > 0).map((d) => chunk(d)), chunk('')], trailers: [], end: '\r\n' };
}

/** A well-formed request message: the separators are the RFC's, fields and body as given. */
export function message(method: string, target: string, fields: FieldLinePart[], body: BodyPart = { kind: 'none' }, version = 'HTTP/1.1'): MessagePart {
  return { method, sp1: ' ', target, sp2: ' ', version, eol: '\r\n', fields, end: '\r\n', body };
}

/** A deep copy (operators edit copies; baselines stay as they were). */
export function cloneStream(s: Stream): Stream {
  return {
    messages: s.messages.map((m) => ({
      ...m,
      fields: m.fields.map((f) => ({ ...f })),
      body: m.body.kind === 'chunked'
        ? { kind: 'chunked', chunks: m.body.chunks.map((c) => ({ ...c })), trailers: m.body.trailers.map((f) => ({ ...f })), end: m.body.end }
        : { ...m.body },
    })),
    trailing: s.trailing,
  };
}

/** The bytes of a field line. */
export function fieldLineText(f: FieldLinePart): string {
  return f.name + f.colon + f.value + f.eol;
}

/** The bytes of a body, as a latin1 string. */
export function bodyText(b: BodyPart): string {
  switch (b.kind) {
    case 'none': return '';
    case 'raw': return b.data;
    case 'chunked': {
      let out = '';
      for (const c of b.chunks) {
        out += c.size + c.ext + c.eol;
        if (c.size !== '0' || c.data.length > 0) out += c.data + c.dataEol;
      }
      for (const t of b.trailers) out += fieldLineText(t);
      return out + b.end;
    }
  }
}

/**
 * The bytes of one message, as a latin1 string. A chunk whose size is `0` and which carries no data is written
 * as the last chunk (its line, then the trailer section); a chunk of any other size is written with its data and
 * `dataEol` — so an operator that writes `00` or `0x0` as a size makes a chunk the RFC reads differently, which
 * is the point.
 */
export function messageText(m: MessagePart): string {
  let out = m.method + m.sp1 + m.target + m.sp2 + m.version + m.eol;
  for (const f of m.fields) out += fieldLineText(f);
  return out + m.end + bodyText(m.body);
}

/** The bytes of a stream, as a latin1 string. */
export function streamText(s: Stream): string {
  let out = '';
  for (const m of s.messages) out += messageText(m);
  return out + s.trailing;
}

/** The bytes of a stream. */
export function writeStream(s: Stream): Uint8Array {
  return new Uint8Array(Buffer.from(streamText(s), 'latin1'));
}

/** Sets Content-Length (replacing every Content-Length line, or adding one) to the raw body's length. */
export function withContentLength(m: MessagePart): MessagePart {
  const length = bodyText(m.body).length;
  const fields = m.fields.filter((f) => f.name.toLowerCase() !== 'content-length');
  fields.push(field('Content-Length', String(length)));
  return { ...m, fields };
}
