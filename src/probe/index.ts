/**
 * `h1ref probe` as a library: run the conformance suite (`spec-tests/`) against any HTTP/1.1 server over raw TCP
 * or TLS (`https://` targets) and report, requirement by requirement, where it departs from RFC 9112 / RFC 9110.
 *
 * ```ts
 * import { runProbe, parseTarget, formatTerminal, exitCode } from 'h1ref/probe';
 * // cases: SpecCase rows, such as the suite of a checkout (`SUITE` from spec-tests/index.ts)
 * const report = await runProbe(parseTarget('127.0.0.1:8080'), cases, { strict: false, concurrency: 16 });
 * console.log(formatTerminal(report, { color: process.stdout.isTTY }));
 * process.exitCode = exitCode(report);
 * ```
 *
 * - {@link runProbe} runs cases and returns a {@link ProbeReport};
 * - {@link formatTerminal}, {@link formatProgress}, {@link formatJson}, {@link formatJUnit}, {@link formatHtml}
 *   render it;
 * - {@link judge} and {@link referenceObservation} score an observation and compute h1ref's own;
 * - {@link DISCREPANCY_CLASSES} is the catalogue of discrepancy classes the cases' `catalogue` ids refer to.
 *
 * @module h1ref/probe
 */
export {
  ACCEPT_4XX, ACCEPT_STATUSES, CATEGORIES, isAcceptStatus, statusMatches, type AwaitDelivery, type BoundariesDelivery,
  type BytesDelivery, type Category, type Check, type CheckName, type Delivery, type Interpretation, type Level,
  type Outcome, type OutcomeVerdict, type ResponseExpectation, type SpecCase, type SplitDelivery, type StatusSpec,
  type WholeDelivery,
} from './case.js';
export {
  DISCREPANCY_CLASSES, DISCREPANCY_SECTIONS, discrepancyClass, discrepancySection, type DiscrepancyClass, type DiscrepancySection,
  type DiscrepancySectionId,
} from './catalogue.js';
export { analyzeResponses, requestMethods, type AnalyzeOptions, type Arrival, type ResponseAnalysis } from './analyze.js';
export {
  caseBytes, caseSeed, cut, DEFAULT_PAUSE_MS, planDelivery, seededRandom, SPLIT_MODES, syntacticBoundaries,
  type DefaultPauses, type DeliveryPlan, type SplitMode,
} from './delivery.js';
export { decodeEcho, ECHO_MODES, type EchoMode } from './echo.js';
export { exchangeBytes, runExchange, type BytesExchangeOptions, type ExchangeOptions, type ExchangeResult } from './exchange.js';
export {
  caseDetail, compareSections, escapeBytes, escapeBytesLines, formatCaseList, formatHtml, rfcUrl, sectionName, formatJson, formatJUnit, formatProgress,
  formatTerminal, groupBySection, JSON_HEAD_BYTES, levelTag, printable, type JsonBytes, type TerminalOptions,
} from './format.js';
export {
  compareEcho, ECHO_FIELDS, judge, matchOutcome, runCheck, type EchoField, type Judgement, type JudgeOptions, type OutcomeMatch,
  type Verdict, type VerdictSource,
} from './judge.js';
export type {
  ConnectionState, EchoedRequest, EchoFormat, MalformedResponse, Observation, ObservedResponse,
} from './observation.js';
export { referenceObservation, referenceOfBytes, type BytesReferenceOptions, type ReferenceOptions } from './reference.js';
export { checkReachable } from './reach.js';
export { describeConnectError, endpointOf, formatTarget, openConnection, parseTarget, type ProbeTarget } from './connect.js';
export {
  compareReports, formatBaselineLine, formatComparison, judgeAgainstBaseline, parseBaseline, type Baseline, type BaselineOutcome, type KnownFailure,
  type Comparison, type VerdictChange,
} from './baseline.js';
export { withFields, type FieldOverrides } from './fields.js';
export {
  describeObservation, exitCode, runProbe, selectCases, selects, summarize, type CaseResult, type FieldsSent, type ProbeOptions,
  type ProbeReport, type ReportOptions, type ReportSummary, type SectionInfo, type VerdictCounts,
} from './run.js';
