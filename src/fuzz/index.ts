/**
 * `h1ref fuzz` as a library: differential fuzzing of HTTP/1.1 servers, every target judged against h1ref's strict
 * parser (the RFC verdict) and against the other targets; findings confirmed, shrunk to minimal bytes, stored and
 * replayable.
 *
 * ```ts
 * import { runFuzz, fuzzExitCode, formatFindingsText } from 'h1ref/fuzz';
 * const report = await runFuzz({
 *   targets: [{ name: 'mine', host: '127.0.0.1', port: 8080 }],
 *   seed: 1, runs: 2000, outDir: 'findings',
 * });
 * console.log(formatFindingsText(report.findings));
 * process.exitCode = fuzzExitCode(report, 'meaningful');
 * ```
 *
 * - {@link runFuzz} runs a campaign; {@link replayFinding} sends a stored finding again;
 * - {@link generateInput} makes input *i* of a seed's sequence (a pure function of the two), from the
 *   {@link generateStream | grammar}, the {@link CATALOGUE_OPERATORS | catalogue operators} (one family per
 *   section of the discrepancy catalogue, {@link CATALOGUE_COVERAGE}), the {@link STREAM_OPERATORS | stream
 *   operators} and {@link mutate | byte mutations};
 * - {@link referenceView} and {@link targetView} give the views {@link compareViews} judges;
 * - {@link shrinkFinding} shrinks an input against any oracle; {@link FindingStore} and {@link readFindings}
 *   keep findings; {@link formatFindingsMarkdown} and {@link formatFindingsHtml} report them.
 *
 * @module h1ref/fuzz
 */
export { CATALOGUE_COVERAGE, CATALOGUE_SECTIONS, coverageOf, type CatalogueRow, type CatalogueSection, type SectionRange } from './catalogue.js';
export {
  compareContext, fuzzExitCode, runFuzz, verdictOf, type FailOn, type FuzzTargetSummary, type Shard, type ShrinkLimits, type FuzzOptions, type FuzzReport, type FuzzStats, type SeverityCounts,
} from './campaign.js';
export { compareTargets, compareViews, type CompareContext, type Difference } from './compare.js';
export {
  FINDING_CLASSES, type DeliveryRecord, type EchoView, type FindingClass, type FindingRecord, type MessageView,
  type ReferenceRefusal, type Severity, type ShrinkSummary, type StreamEnd, type TargetRef, type View,
} from './finding.js';
export { generateChild, generateInput, MAX_INPUT_BYTES, type GenerateOptions, type PreparedInput } from './generate.js';
export { generateMessage, generateStream, type GrammarOptions, type MessageOptions } from './grammar.js';
export { MAX_MUTATIONS, mutate, randomMutations, type Mutation } from './mutate.js';
export { FAMILY_SECTION, type Edit, type Operator, type OperatorFamily } from './operator.js';
export { CATALOGUE_OPERATORS, operatorByName } from './operators/index.js';
export {
  chunk, chunkedBody, cloneStream, field, message, streamText, withContentLength, writeStream, type BodyPart, type ChunkedBody,
  type ChunkPart, type FieldLinePart, type MessagePart, type NoBody, type RawBody, type Stream,
} from './parts.js';
export { planOf, WHOLE } from './plan.js';
export { NO_QUIRKS, QUIRK_PROBES, QUIRKS, profileFromViews, type Quirk, type QuirkProfile } from './quirks.js';
export { inputRandom, Random } from './random.js';
export { emitCase, replayFinding, type ReplayResult } from './replay.js';
export { compareFindings, formatFindingsHtml, SEVERITIES, formatFindingsMarkdown, formatFindingsText, formatViewText, type FindingsReportMeta, type RunSummary } from './report.js';
export { ddmin, shrinkFinding, shrinkParts, type PartsResult, type ShrinkBudget, type ShrinkInput, type ShrinkOracle, type ShrinkResult } from './shrink.js';
export { FINDING_SCHEMA, FindingStore, oneLiner, printfCommand, readFindings, RUN_LOG, signatureHash, type RunEvent } from './store.js';
export { BYTE_OPERATOR, chooseDelivery, MAX_CUTS, STREAM_OPERATORS, type DeliveryChoice, type DeliveryMode } from './stream-ops.js';
export type { FuzzTarget } from './target.js';
export { REFERENCE, referenceView, targetView, type ReferenceViewOptions } from './view.js';
