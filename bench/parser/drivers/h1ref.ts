/**
 * Driver for h1ref's own request parser (`RequestParser` from src/parser/index.ts, loaded from the build in
 * dist/). Each `push(bytes)` returns the events the bytes completed; one instance serves every message.
 *
 * The parser is typed here structurally, with only what the driver reads, and imported through a computed
 * URL: the benchmark then compiles and runs before the parser exists (the column shows "n/a") and does not
 * break while the parser's other types change.
 *
 * @module
 */
import { Tally, type Driver, type LoadResult } from '../driver.js';

/** What the driver reads from a request head. */
interface H1Head {
  readonly method: string;
  readonly target: string;
  readonly rawVersion: string;
  /** `raw` is `[name0, value0, name1, value1, …]`, already strings. */
  readonly fields: { readonly raw: readonly string[] };
}

/** The parser's events, reduced to the members the driver reads. */
type H1Event =
  | { readonly type: 'head'; readonly head: H1Head }
  | { readonly type: 'data'; readonly data: Uint8Array }
  | { readonly type: 'chunk'; readonly size: number }
  | { readonly type: 'trailers' }
  | { readonly type: 'end' }
  | { readonly type: 'paused' }
  | { readonly type: 'error'; readonly error: unknown };

/** The parser API the driver relies on. */
interface H1RequestParser {
  push(bytes: Uint8Array): readonly H1Event[];
}

/** The built parser module, relative to this file both in bench/ and in dist/bench/. */
const MODULE_URL = new URL('../../../src/parser/index.js', import.meta.url);

/** Imports the parser from the build; any failure makes the column "n/a" and the reason a footnote. */
export async function loadH1ref(): Promise<LoadResult> {
  let mod: { RequestParser?: unknown };
  try {
    mod = (await import(MODULE_URL.href)) as { RequestParser?: unknown };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ERR_MODULE_NOT_FOUND'
        ? `${MODULE_URL.pathname} not built yet (no src/parser/index.ts?)`
        : `importing ${MODULE_URL.pathname} failed: ${String(error)}`;
    return { ok: false, reason };
  }
  if (typeof mod.RequestParser !== 'function') {
    return { ok: false, reason: `${MODULE_URL.pathname} has no RequestParser export` };
  }
  const RequestParser = mod.RequestParser as new () => H1RequestParser;
  return { ok: true, version: 'h1ref (this checkout)', create: () => createDriver(RequestParser) };
}

function createDriver(RequestParser: new () => H1RequestParser): Driver {
  const tally = new Tally();
  const parser = new RequestParser();
  return {
    tally,
    feed(piece: Buffer): void {
      // Its own loop, not collectMessages: that copies every body piece and builds an object per message, work
      // the llhttp and http-parser-js drivers do not do, so the column would measure the copies.
      const events = parser.push(piece);
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        switch (event.type) {
          case 'head': {
            const head = event.head;
            const raw = head.fields.raw;
            let chars = head.method.length + head.target.length;
            for (let j = 0; j < raw.length; j++) chars += raw[j]!.length;
            tally.chars += chars;
            tally.fields += raw.length >> 1;
            if (head.rawVersion === 'HTTP/1.1') tally.versions++;
            break;
          }
          case 'data':
            tally.bodyBytes += event.data.byteLength;
            break;
          case 'chunk':
            // llhttp and http-parser-js do not surface chunk boundaries; nothing to do for parity.
            break;
          case 'end':
            tally.messages++;
            break;
          case 'error':
            throw new Error(`h1ref rejected the input: ${describe(event.error)}`);
          case 'trailers':
          case 'paused':
            // The corpus has no trailers and never switches protocols.
            throw new Error(`h1ref: unexpected '${event.type}' event`);
        }
      }
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
