/**
 * h1ref's conformance suite: every case of every category, in one array, plus the schema and the builders.
 *
 * ```ts
 * import { SUITE } from './spec-tests/index.js';
 * console.log(SUITE.length, SUITE[0]!.id);
 * ```
 *
 * @module
 */
import { chunkedCases } from './cases/chunked.js';
import { contentLengthCases } from './cases/content-length.js';
import { expectContinueCases } from './cases/expect-continue.js';
import { fieldSyntaxCases } from './cases/field-syntax.js';
import { fragmentationCases } from './cases/fragmentation.js';
import { headOptionsCases } from './cases/head-options.js';
import { hostCases } from './cases/host.js';
import { limitsCases } from './cases/limits.js';
import { lineEndingCases } from './cases/line-endings.js';
import { persistenceCases } from './cases/persistence.js';
import { pipeliningCases } from './cases/pipelining.js';
import { requestLineCases } from './cases/request-line.js';
import { responseFramingCases } from './cases/response-framing.js';
import { smugglingCases } from './cases/smuggling.js';
import { targetFormCases } from './cases/target-forms.js';
import { transferEncodingCases } from './cases/transfer-encoding.js';
import { versionCases } from './cases/version.js';
import type { SpecCase } from './schema.js';

export * from './schema.js';

/** Every case, grouped by category in the order of {@link CATEGORIES}. */
export const SUITE: readonly SpecCase[] = Object.freeze([
  ...requestLineCases,
  ...targetFormCases,
  ...versionCases,
  ...fieldSyntaxCases,
  ...hostCases,
  ...contentLengthCases,
  ...transferEncodingCases,
  ...chunkedCases,
  ...smugglingCases,
  ...lineEndingCases,
  ...fragmentationCases,
  ...limitsCases,
  ...persistenceCases,
  ...pipeliningCases,
  ...expectContinueCases,
  ...headOptionsCases,
  ...responseFramingCases,
]);
