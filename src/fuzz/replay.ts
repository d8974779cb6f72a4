/**
 * Replaying a stored finding: its bytes sent whole on a fresh connection to each recorded target (or to the
 * targets given instead), the views compared again; and a finding turned into the skeleton of a conformance case.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { parseTarget, type ProbeTarget } from '../probe/connect.js';
import { escapeBytes } from '../probe/format.js';
import { compareContext } from './campaign.js';
import { compareTargets, compareViews, type Difference } from './compare.js';
import type { FindingRecord, View } from './finding.js';
import { planOf, WHOLE } from './plan.js';
import { type FuzzTarget, TargetState } from './target.js';
import { REFERENCE, referenceView, targetView } from './view.js';

/** What a replay saw. */
export interface ReplayResult {
  /** Whether the pair differs again in the same class and the same way. */
  readonly reproduced: boolean;
  /** Each target's view, and the reference's under `h1ref-parser`. */
  readonly views: Readonly<Record<string, View>>;
  /** The reasons of the difference seen now (empty when none). */
  readonly reasons: readonly string[];
  /** Targets that could not be reached. */
  readonly unreachable: readonly string[];
}

/**
 * The recorded targets as fuzz targets (h1ref's echo format detected automatically). An `https://` target is
 * replayed over TLS; `insecure` (the CLI's `--insecure`) accepts its certificate when it cannot be verified.
 */
export function recordedTargets(record: FindingRecord, insecure = false): FuzzTarget[] {
  return record.targets.map((t) => {
    let at: ProbeTarget;
    try {
      at = parseTarget(t.address);
    } catch {
      at = { host: '127.0.0.1', port: 0 };
    }
    return { name: t.name, ...at, ...(at.tls === true && insecure ? { insecure: true } : {}), echo: 'auto' as const };
  });
}

/**
 * Sends a finding's bytes again. With `targets`, they replace the recorded ones in order (the first given stands
 * for the first of the pair, and so on), so a finding can be checked against a fixed build at another address.
 *
 * @param insecure - accept the certificates of recorded `https://` targets that cannot be verified
 */
export async function replayFinding(record: FindingRecord, targets?: readonly FuzzTarget[], insecure = false): Promise<ReplayResult> {
  const recorded = recordedTargets(record, insecure);
  const names = [record.pair[0], record.pair[1]].filter((n) => n !== REFERENCE);
  const chosen: FuzzTarget[] = names.map((name, i) => {
    const given = targets?.[i];
    const base = recorded.find((t) => t.name === name) ?? recorded[i]!;
    return given === undefined ? base : { ...given, name };
  });
  const bytes = new Uint8Array(Buffer.from(record.bytes, 'base64'));
  const plan = planOf(bytes, WHOLE);
  const reference = referenceView(plan);
  const views: Record<string, View> = { [REFERENCE]: reference };
  const unreachable: string[] = [];
  const states = chosen.map((t) => new TargetState(t, 1, { timeoutMs: 2000, lingerMs: 250 }));
  const seen: (View | null)[] = await Promise.all(states.map(async (s) => {
    const r = await s.exchange(plan, reference.messages.length, false);
    if (r === null || r.observation.error !== undefined) {
      unreachable.push(s.target.name);
      return null;
    }
    const v = targetView(r.observation);
    views[s.target.name] = v;
    return v;
  }));
  if (unreachable.length > 0) return { reproduced: false, views, reasons: [], unreachable };
  await Promise.all(states.map((s) => s.profileQuirks()));
  const context = compareContext(reference, bytes);
  let d: Difference | null;
  if (seen.length === 1) d = compareViews(reference, seen[0]!, undefined, states[0]!.profile, context);
  // A pair of targets is recorded as [the one that differs, the one it differs from]: the second is the base.
  else d = compareTargets(reference, seen[1]!, seen[0]!, states[1]!.profile, states[0]!.profile, context);
  const [, , , kind] = record.signature.split('|');
  const reproduced = d !== null && d.class === record.class && (kind === undefined || d.kind === kind);
  return { reproduced, views, reasons: d?.reasons ?? [], unreachable };
}

/** A conformance case skeleton (`spec-tests/cases/*.ts` style) for a finding, to be completed by hand. */
export function emitCase(record: FindingRecord): string {
  const bytes = Buffer.from(record.bytes, 'base64');
  const reference = record.views[REFERENCE];
  const refused = reference?.error !== undefined && (reference.messages.length === 0 || !reference.messages[reference.messages.length - 1]!.accepted);
  const section = reference?.error?.section ?? 'RFC 9112 §?';
  const js = JSON.stringify(bytes.toString('latin1'));
  return [
    '{',
    `  id: 'fuzz/${record.class}-${record.hash}',`,
    `  section: '${section}',`,
    `  level: 'MUST', // check the requirement level in ${section}`,
    `  category: 'smuggling', // pick the category the bytes belong to`,
    `  description: ${JSON.stringify(`Found by h1ref fuzz: ${record.reasons[0] ?? record.class}`)},`,
    `  request: ${js}, // ${escapeBytes(bytes, 200)}`,
    '  outcomes: [',
    refused
      ? `    { label: 'refuse with ${reference?.messages.at(-1)?.status ?? 400} and close', responses: [${(reference?.messages ?? []).slice(0, -1).map(() => "{ status: ['accept'] }, ").join('')}{ status: [${reference?.messages.at(-1)?.status ?? 400}] }], connection: 'closed' },`
      : `    { label: 'accept as h1ref reads it', responses: [${(reference?.messages ?? []).map(() => "{ status: ['accept'] }").join(', ')}] },`,
    `    // ${record.pair[0]} did: ${record.reasons.join('; ').replace(/\n/g, ' ')}`,
    '  ],',
    `  note: ${JSON.stringify(`Seed ${record.seed}, input ${record.index}; operators ${record.operators.join(', ') || 'none'}.`)},`,
    '},',
  ].join('\n');
}
