// The catalogue coverage table (src/fuzz/catalogue.ts): every class of §3.1–§3.9 of the discrepancy catalogue
// (src/probe/catalogue.ts; test/catalogue-doc.test.ts checks each row's id against it) has exactly one row, each
// row names an operator of its section's family and one of that operator's variants, and that variant, applied to
// a valid baseline, makes an input (other bytes than the baseline's).
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_COVERAGE, CATALOGUE_SECTIONS, type CatalogueSection, coverageOf } from '../../src/fuzz/catalogue.js';
import { FAMILY_SECTION, type OperatorFamily } from '../../src/fuzz/operator.js';
import { CATALOGUE_OPERATORS, operatorByName } from '../../src/fuzz/operators/index.js';
import { chunkedBody, cloneStream, field, message, type Stream, streamText, withContentLength, writeStream } from '../../src/fuzz/parts.js';
import { Random } from '../../src/fuzz/random.js';

// A POST with a Content-Length body, a chunked POST (a chunk whose size has a hex letter, and a trailer), a GET.
function baseline(): Stream {
  const chunked = message('POST', '/upload', [field('Host', 'example.com'), field('Transfer-Encoding', 'chunked')], chunkedBody(['hello world!', 'xyz']));
  if (chunked.body.kind === 'chunked') chunked.body.trailers.push(field('X-Checksum', '1'));
  return {
    messages: [
      withContentLength(message('POST', '/form', [field('Host', 'example.com'), field('Content-Type', 'text/plain')], { kind: 'raw', data: 'a=1&b=2' })),
      chunked,
      message('GET', '/page?q=1', [field('Host', 'example.com'), field('Accept', '*/*')]),
    ],
    trailing: '',
  };
}

const SECTIONS = Object.keys(CATALOGUE_SECTIONS) as CatalogueSection[];

const FAMILY_OF: Record<string, OperatorFamily> = Object.fromEntries(
  Object.entries(FAMILY_SECTION).map(([family, section]) => [section, family as OperatorFamily]),
);

// The RFC sections each catalogue section is about, for the test titles.
const RFC_OF: Record<CatalogueSection, string> = {
  '3.1': 'RFC 9112 §3',
  '3.2': 'RFC 9112 §5',
  '3.3': 'RFC 9110 §5.5',
  '3.4': 'RFC 9110 §8.6',
  '3.5': 'RFC 9112 §6.1',
  '3.6': 'RFC 9112 §7.1',
  '3.7': 'RFC 9112 §3.2',
  '3.8': 'RFC 9112 §9',
  '3.9': 'RFC 9110 §10.1.1, §7.8, §9.3',
};

describe('catalogue coverage table (catalogue §3.1–§3.9)', () => {
  it('the sections are contiguous and in order, from item 1 to the last item of §3.9', () => {
    expect(SECTIONS).toEqual(['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9']);
    expect(CATALOGUE_SECTIONS['3.1'].first).toBe(1);
    for (let i = 1; i < SECTIONS.length; i++) {
      expect(CATALOGUE_SECTIONS[SECTIONS[i]!].first).toBe(CATALOGUE_SECTIONS[SECTIONS[i - 1]!].last + 1);
    }
    for (const s of SECTIONS) expect(CATALOGUE_SECTIONS[s].last).toBeGreaterThanOrEqual(CATALOGUE_SECTIONS[s].first);
  });

  it('every item of every section has exactly one row, in that section, and no row lies outside the ranges', () => {
    for (const s of SECTIONS) {
      const { first, last } = CATALOGUE_SECTIONS[s];
      for (let item = first; item <= last; item++) {
        const rows = CATALOGUE_COVERAGE.filter((r) => r.item === item);
        expect(rows, `item ${item}`).toHaveLength(1);
        expect(rows[0]!.section, `item ${item}`).toBe(s);
      }
    }
    expect(CATALOGUE_COVERAGE).toHaveLength(CATALOGUE_SECTIONS['3.9'].last);
    expect(CATALOGUE_COVERAGE.map((r) => r.item)).toEqual(CATALOGUE_COVERAGE.map((_, i) => i + 1));
    expect(coverageOf(1)?.item).toBe(1);
    expect(coverageOf(CATALOGUE_SECTIONS['3.9'].last + 1)).toBeUndefined();
  });

  it("every row names an existing operator of its section's family and one of that operator's variants", () => {
    for (const row of CATALOGUE_COVERAGE) {
      const op = operatorByName(row.operator);
      expect(op, `item ${row.item}: ${row.operator}`).toBeDefined();
      expect(op!.family, `item ${row.item}`).toBe(FAMILY_OF[row.section]);
      expect(op!.variants, `item ${row.item}`).toContain(row.variant);
    }
  });

  it('summaries are a few words of our own: short, one line, no tool test IDs', () => {
    for (const row of CATALOGUE_COVERAGE) {
      expect(row.summary.length, `item ${row.item}`).toBeGreaterThan(5);
      expect(row.summary.length, `item ${row.item}`).toBeLessThanOrEqual(110);
      expect(row.summary, `item ${row.item}`).not.toMatch(/[\r\n]|\b(HP|HRS|SM|HD|HDH|FC|K25|TR|RL):|G-[SBTQM]|RFC9112-|SMUG-|COMP-|MAL-|NORM-/);
    }
  });

  it('every catalogue family has rows, and every operator is named by at least one row', () => {
    for (const s of SECTIONS) expect(CATALOGUE_COVERAGE.some((r) => r.section === s)).toBe(true);
    const named = new Set(CATALOGUE_COVERAGE.map((r) => r.operator));
    for (const op of CATALOGUE_OPERATORS) expect(named.has(op.name), op.name).toBe(true);
  });

  describe('each row, applied to a baseline of a Content-Length POST, a chunked POST and a GET, makes an input', () => {
    const base = baseline();
    const before = streamText(base);
    const bytes = Buffer.from(writeStream(base)).toString('latin1');
    for (const row of CATALOGUE_COVERAGE) {
      it(`item ${row.item} (catalogue §${row.section}, ${RFC_OF[row.section]}): ${row.operator}:${row.variant} — ${row.summary}`, () => {
        const op = operatorByName(row.operator)!;
        for (let seed = 1; seed <= 5; seed++) {
          const input = cloneStream(base);
          const edit = op.apply(input, new Random(seed), row.variant);
          expect(edit, `seed ${seed}`).not.toBeNull();
          expect(edit!.variant).toBe(row.variant);
          expect(Buffer.from(writeStream(edit!.stream)).toString('latin1'), `seed ${seed}`).not.toBe(bytes);
          expect(streamText(input), 'the input stream is left as it was').toBe(before);
        }
      });
    }
  });
});
