/**
 * The parsers the benchmark knows, by the name used in `--parser` and in the report's columns.
 *
 * @module
 */
import type { LoadResult } from '../driver.js';
import { loadH1ref } from './h1ref.js';
import { loadHttpParserJs } from './http-parser-js.js';
import { loadLlhttp } from './llhttp.js';

/** Every parser, in column order: the two baselines, then h1ref. */
export const PARSER_NAMES = ['llhttp', 'http-parser-js', 'h1ref'] as const;

/** A parser name. */
export type ParserName = (typeof PARSER_NAMES)[number];

/** Whether `name` is a parser name. */
export function isParserName(name: string): name is ParserName {
  return (PARSER_NAMES as readonly string[]).includes(name);
}

/** Loads one parser (in the child process that benchmarks it, so no other parser's code is loaded there). */
export async function loadParser(name: ParserName): Promise<LoadResult> {
  switch (name) {
    case 'llhttp':
      return loadLlhttp();
    case 'http-parser-js':
      return loadHttpParserJs();
    case 'h1ref':
      return loadH1ref();
  }
}
