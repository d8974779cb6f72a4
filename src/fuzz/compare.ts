/**
 * Judging: two views of one input compared message by message, the difference classified (framing,
 * accept-reject, interpretation, connection, crash-hang, status), ranked by how much it matters, and excused when
 * a benign quirk of a target explains it.
 *
 * The rules, in the order they are applied to each pair of messages:
 * - both accepted: with echoes on both sides, a different body is a **framing** difference (the bytes after
 *   the head were delimited differently), a different method, target, version or field set is an
 *   **interpretation** difference;
 * - one accepted, the other refused: **accept-reject**; silence where the other refused counts as refusing too
 *   (an error response and a close are the same answer, the Garden's rule). When the side that accepted then
 *   accepts another message after it, the two disagree on where messages end: **framing**;
 * - both refused: agreement, whatever the two statuses (every refusal code is the same answer);
 * - one side has more final responses than the other where the other neither refused nor stopped: **framing**
 *   (a message ended early, or a smuggled one was answered); a side that went silent while the other answered
 *   is a **crash-hang** when it then stopped serving, otherwise framing (it waited for bytes the other did not).
 *
 * After the messages, the connection: one side closing where the other kept the connection open is a
 * **connection** difference. A response the strict response parser cannot read (a body sent to HEAD, a bad
 * status-line) is **framing** on the response side, unless it is an HTTP/0.9 or HTTP/2 answer from a target
 * whose profile says it speaks them.
 *
 * Severity against the reference (h1ref's strict parser, the RFC verdict): **meaningful** when the target
 * accepts what the RFC refuses, frames or reads the bytes differently, keeps open a connection the RFC closes,
 * crashes or hangs; **permitted** when the target is merely stricter (refuses what the reference accepts, closes
 * early) or only a status differs; **excused** when a quirk in its profile explains the difference.
 *
 * @module
 */
import type { FindingClass, MessageView, Severity, View } from './finding.js';
import { echoDifferences, NO_QUIRKS, type Quirk, type QuirkProfile } from './quirks.js';

/** A difference between two views of one input. */
export interface Difference {
  /** The most severe class found. */
  readonly class: FindingClass;
  /** How much it matters. */
  readonly severity: Severity;
  /** What differs, one line per difference, most severe first. */
  readonly reasons: readonly string[];
  /** The quirks that excused it (for `excused`), or that were applied while comparing. */
  readonly quirks: readonly Quirk[];
  /**
   * The kind of difference without positions or sizes (`accepts-refused`, `count+1`, `body`, `open-vs-closed`…):
   * the part of a finding's signature that says how the views differ.
   */
  readonly kind: string;
}

const CLASS_RANK: Readonly<Record<FindingClass, number>> = {
  framing: 0, 'accept-reject': 1, interpretation: 2, connection: 3, 'crash-hang': 4, status: 5,
};
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { meaningful: 0, permitted: 1, excused: 2 };

interface Found {
  readonly class: FindingClass;
  readonly severity: Severity;
  readonly reason: string;
  readonly kind: string;
  readonly quirks: readonly Quirk[];
}

/** What the comparison may know of the input, to decide whether a quirk applies. */
export interface CompareContext {
  /** The reference's error code when it refused (from `View.error`). */
  readonly referenceError?: string;
  /** Whether the input begins with the HTTP/2 connection preface (`PRI * HTTP/2.0`). */
  readonly http2Preface?: boolean;
}

// The methods a method whitelist is expected to keep (RFC 9110 §9.1: GET and HEAD MUST be supported; the others
// are the common ones every general-purpose server implements). CONNECT has a quirk of its own.
const COMMON_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);

/** Why a target refusing a message the base side accepted is a known quirk of its, or null. */
function refusalQuirk(base: MessageView, status: number | null, profile: QuirkProfile): Quirk | null {
  const echo = base.echo;
  if (status === 411 && profile.quirks.includes('requires-length-in-post')) return 'requires-length-in-post';
  if (status === 417 && profile.quirks.includes('refuses-unknown-expect')) return 'refuses-unknown-expect';
  if (echo === undefined) return null;
  if (echo.method === 'CONNECT' && profile.quirks.includes('connect-unsupported')) return 'connect-unsupported';
  if (!COMMON_METHODS.has(echo.method)) {
    if (profile.quirks.includes('method-character-blacklist') && /[^A-Z]/.test(echo.method)) return 'method-character-blacklist';
    if (profile.quirks.includes('method-whitelist')) return 'method-whitelist';
  }
  if (echo.version === '1.0' && profile.quirks.includes('doesnt-support-version')) return 'doesnt-support-version';
  return null;
}

/** Why a target accepting a message the base side refused is a known quirk of its, or null. */
function acceptanceQuirk(context: CompareContext, profile: QuirkProfile): Quirk | null {
  if (context.referenceError === 'MISSING_HOST' && profile.quirks.includes('allows-missing-host-header')) return 'allows-missing-host-header';
  return null;
}

/**
 * Compares a target's view (`other`) with a base view (`base`: the reference, or another target). Returns null
 * when they agree. The severity is judged as if `base` were right: pass the reference as `base` to get the RFC's
 * ranking; for two targets, {@link compareTargets} ranks by each one's difference from the reference.
 */
export function compareViews(base: View, other: View, baseProfile: QuirkProfile = NO_QUIRKS, profile: QuirkProfile = NO_QUIRKS, context: CompareContext = {}): Difference | null {
  const found: Found[] = [];
  const add = (c: FindingClass, severity: Severity, reason: string, kind: string, quirks: readonly Quirk[] = []): void => {
    found.push({ class: c, severity, reason, kind, quirks });
  };
  const echoes = baseProfile.echoes && profile.echoes;
  const n = Math.max(base.messages.length, other.messages.length);
  let diverged = false;
  for (let i = 0; i < n && !diverged; i++) {
    const b = base.messages[i];
    const o = other.messages[i];
    if (b !== undefined && o !== undefined) {
      if (b.accepted && o.accepted) {
        if (echoes && b.echo !== undefined && o.echo !== undefined) {
          const d = echoDifferences(b.echo, o.echo, baseProfile, profile);
          if (d.body) {
            add('framing', 'meaningful', `message ${i + 1}: body ${JSON.stringify(clip(b.echo.body))} vs ${JSON.stringify(clip(o.echo.body))}`, 'body');
            diverged = true;
          }
          if (d.fields.length > 0) add('interpretation', 'meaningful', `message ${i + 1}: ${d.fields.join(', ')} differ`, d.fields.join('+'));
        }
        if (b.status !== o.status) add('status', 'permitted', `message ${i + 1}: status ${b.status} vs ${o.status}`, 'status');
      } else if (b.accepted !== o.accepted) {
        diverged = true;
        if (o.accepted) {
          const q = acceptanceQuirk(context, profile);
          // Accepting a refused message and then accepting another message after it is the shape of request
          // smuggling: the two disagree on where the messages end. That is framing, not only acceptance.
          const more = other.messages.slice(i + 1).some((m) => m.accepted);
          add(more ? 'framing' : 'accept-reject', q === null ? 'meaningful' : 'excused', `message ${i + 1}: accepted (${o.status}) what the base refused (${b.status}${context.referenceError === undefined ? '' : ` ${context.referenceError}`})${more ? `, then accepted more after it` : ''}`, more ? 'accepts-refused+more' : 'accepts-refused', q === null ? [] : [q]);
        } else {
          const q = refusalQuirk(b, o.status, profile);
          add('accept-reject', q === null ? 'permitted' : 'excused', `message ${i + 1}: refused (${o.status}) what the base accepted (${b.status})`, 'refuses-accepted', q === null ? [] : [q]);
        }
      } else {
        // Both refused: every refusal is the same answer. The streams end here on both sides.
        diverged = true;
      }
    } else if (b !== undefined) {
      diverged = true;
      if (!b.accepted) break; // a refusal on one side, silence on the other: the same answer
      if (other.end === 'crash') add('crash-hang', 'meaningful', `message ${i + 1}: no answer, and the target stopped serving`, 'crash');
      else if (other.end === 'hang') add('framing', 'meaningful', `message ${i + 1}: no answer; the target waited for more bytes (${other.messages.length} of ${base.messages.length} responses)`, 'count-');
      else if (i > 0 && profile.quirks.includes('doesnt-support-persistence')) add('connection', 'excused', `message ${i + 1}: not answered; the target closes after every response`, 'closed-early', ['doesnt-support-persistence']);
      else {
        const q = refusalQuirk(b, null, profile);
        add('accept-reject', q === null ? 'permitted' : 'excused', `message ${i + 1}: closed without answering what the base accepted`, 'refuses-accepted', q === null ? [] : [q]);
      }
    } else if (o !== undefined) {
      diverged = true;
      if ((base.end === 'open' || base.end === 'hang') && !o.accepted) {
        // Refusing bytes the base is still reading (a method's first letters, a head not yet ended) is only
        // stricter: the target decided sooner, on less.
        add('accept-reject', 'permitted', `message ${i + 1}: refused (${o.status}) where the base still waits for the rest of a message`, 'refused-early');
      } else if (base.end === 'open' || base.end === 'hang') {
        add('framing', 'meaningful', `message ${i + 1}: accepted (${o.status}) where the base still waits for the rest of a message`, 'count+');
      } else if (o.accepted) {
        add('framing', 'meaningful', `message ${i + 1}: answered (${o.status}) after the base closed the connection (${base.messages.length} of ${other.messages.length} responses)`, 'count+');
      } else {
        add('connection', 'meaningful', `message ${i + 1}: read and refused (${o.status}) bytes after the point where the base closed`, 'count+refused');
      }
    }
  }
  if (other.malformed !== undefined || other.nonHttp === true) {
    // A response the strict response parser cannot read breaks the response stream's framing (a body sent to
    // HEAD, a bad status-line): framing, on the response side. HTTP/0.9 and HTTP/2 answers are quirks.
    const quirk: Quirk | null = context.http2Preface === true && profile.quirks.includes('allows-http-2') ? 'allows-http-2'
      : other.nonHttp === true && profile.quirks.includes('allows-http-0-9') ? 'allows-http-0-9' : null;
    add('framing', quirk === null ? 'meaningful' : 'excused', other.malformed !== undefined ? `the response could not be read (${other.malformed})` : 'the answer is not HTTP/1.x', other.malformed !== undefined ? 'malformed-response' : 'non-http', quirk === null ? [] : [quirk]);
  }
  if (other.end === 'crash' && !found.some((f) => f.kind === 'crash')) add('crash-hang', 'meaningful', 'the target stopped serving after this input', 'crash');
  if (!diverged && base.messages.length === other.messages.length) {
    const bClosed = base.end === 'closed' || base.end === 'reset';
    const oClosed = other.end === 'closed' || other.end === 'reset';
    if (bClosed && !oClosed && other.end !== 'crash') {
      const last = base.messages[base.messages.length - 1];
      // RFC 9112 §9.6: after a response to a message that ends the connection, the server MUST close.
      add('connection', last?.accepted === true ? 'meaningful' : 'permitted', `the base closed after its last response; the target ${other.end === 'hang' ? 'waited' : 'kept the connection open'}`, 'open-vs-closed');
    } else if (!bClosed && oClosed) {
      const persistence = profile.quirks.includes('doesnt-support-persistence');
      add('connection', persistence ? 'excused' : 'permitted', 'the target closed where the base kept the connection open', 'closed-vs-open', persistence ? ['doesnt-support-persistence'] : []);
    }
  }
  if (found.length === 0) return null;
  found.sort((x, y) => CLASS_RANK[x.class] - CLASS_RANK[y.class] || SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
  // The finding's severity is the most severe of its parts that are not excused, if any.
  const counted = found.filter((f) => f.severity !== 'excused');
  const lead = counted.length > 0 ? counted[0]! : found[0]!;
  const quirks = [...new Set(found.flatMap((f) => f.quirks))];
  const severity = counted.length === 0 ? 'excused' : counted.reduce<Severity>((s, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[s] ? f.severity : s), 'permitted');
  return { class: lead.class, severity, reasons: found.map((f) => f.reason), quirks, kind: lead.kind };
}

/**
 * Compares two targets. The class and reasons come from comparing them with each other; the severity from how
 * each differs from the reference: meaningful when either is meaningfully wrong, else permitted (both within
 * what the RFC allows), else excused.
 */
export function compareTargets(reference: View, a: View, b: View, pa: QuirkProfile, pb: QuirkProfile, context: CompareContext = {}): Difference | null {
  const between = compareViews(a, b, pa, pb, context);
  if (between === null) return null;
  const ra = compareViews(reference, a, NO_QUIRKS, pa, context);
  const rb = compareViews(reference, b, NO_QUIRKS, pb, context);
  const severities = [ra?.severity, rb?.severity].filter((s): s is Severity => s !== undefined);
  let severity: Severity = between.severity === 'excused' ? 'excused' : 'permitted';
  if (severities.includes('meaningful')) severity = 'meaningful';
  else if (severities.length > 0 && severities.every((s) => s === 'excused')) severity = 'excused';
  return { ...between, severity };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
