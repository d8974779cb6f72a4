/**
 * Targets and the care taken with them: only the addresses given are contacted; each target has a cap on the
 * exchanges in flight; a target that stops answering is paused, health-checked, and dropped after ten failed
 * checks, so that a dead or hostile server costs bounded time.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { endpointOf, formatTarget, type ProbeTarget } from '../probe/connect.js';
import { type DeliveryPlan } from '../probe/delivery.js';
import type { EchoMode } from '../probe/echo.js';
import { exchangeBytes } from '../probe/exchange.js';
import type { ExchangeResult } from '../probe/exchange.js';
import type { View } from './finding.js';
import type { QuirkProfile } from './quirks.js';
import { NO_QUIRKS, QUIRK_PROBES, profileFromViews } from './quirks.js';
import { targetView } from './view.js';

/** A server to fuzz: where it is (over TCP, or TLS for a `tls` target) and how to read it. */
export interface FuzzTarget extends ProbeTarget {
  /** A short name for reports (`h1ref`, `nginx`); the address given by default. */
  readonly name: string;
  /** The echo format its 2xx bodies carry; `auto` (h1ref's or Garden's JSON) by default; `none` for no echo. */
  readonly echo?: EchoMode;
  /** The server's version, for reports. */
  readonly version?: string;
}

/** How patiently a target is watched. */
export interface WatchTimes {
  /** Silence, ms, after which a target that has not sent the expected responses is taken to be waiting. */
  readonly timeoutMs: number;
  /** Silence, ms, after the expected responses before the watch ends. */
  readonly lingerMs: number;
}

/** The request a health check sends. */
export const HEALTH_CHECK = Buffer.from('GET / HTTP/1.1\r\nHost: h1ref-fuzz\r\nConnection: close\r\n\r\n', 'latin1');

/**
 * A counting semaphore: at most `limit` holders at once. The others wait in order of priority (lower first), then
 * of arrival.
 */
export class Lanes {
  private active = 0;
  private readonly waiting: { readonly priority: number; readonly ok: () => void }[] = [];

  /** @param limit - the most holders at once (at least 1) */
  constructor(private readonly limit: number) {}

  /** Waits for a lane; `priority` orders the waiters (lower goes first; 0 by default). */
  acquire(priority = 0): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((ok) => {
      let at = this.waiting.length;
      while (at > 0 && this.waiting[at - 1]!.priority > priority) at--;
      this.waiting.splice(at, 0, { priority, ok });
    });
  }

  /** Gives a lane back. */
  release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.ok();
    else this.active--;
  }
}

/** Spaces out starts so that no more than `perSecond` begin in any second (a token bucket of one second). */
export class RateLimit {
  private tokens: number;
  private last = performance.now();

  /** @param perSecond - starts per second (Infinity: no limit) */
  constructor(private readonly perSecond: number) {
    this.tokens = Math.min(perSecond, 64);
  }

  /** Waits until a start is allowed. */
  async take(): Promise<void> {
    if (!Number.isFinite(this.perSecond)) return;
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((ok) => setTimeout(ok, Math.max(1, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000))));
    }
  }
}

/** A target during a run: its lanes, health, quirk profile and counters. */
export class TargetState {
  /** The target. */
  readonly target: FuzzTarget;
  /** The target as a URL: `http://host:port` or `https://host:port`. */
  readonly address: string;
  /** Its quirk profile (none until profiled). */
  profile: QuirkProfile = NO_QUIRKS;
  /** Exchanges made. */
  exchanges = 0;
  /** Set once the target failed ten health checks in a row: it is no longer sent anything. */
  dropped = false;
  private readonly lanes: Lanes;
  private pausedUntilHealthy: Promise<boolean> | null = null;

  /**
   * @param target - the server
   * @param concurrency - the most exchanges in flight to it at once
   * @param times - how patiently it is watched
   */
  constructor(target: FuzzTarget, concurrency: number, private readonly times: WatchTimes) {
    this.target = target;
    this.address = formatTarget(target);
    this.lanes = new Lanes(concurrency);
  }

  /** The echo mode to read its answers with. */
  get echo(): EchoMode {
    return this.target.echo ?? 'auto';
  }

  /**
   * One exchange on a fresh connection, within the target's cap. A target that is being health-checked is
   * waited for; a dropped target gives null.
   */
  async exchange(plan: DeliveryPlan, expected: number, halfClose: boolean, watch: WatchTimes = this.times, methods?: readonly string[]): Promise<ExchangeResult | null> {
    if (this.pausedUntilHealthy !== null) await this.pausedUntilHealthy;
    if (this.dropped) return null;
    await this.lanes.acquire();
    try {
      this.exchanges++;
      return await exchangeBytes(plan, {
        ...endpointOf(this.target),
        timeoutMs: watch.timeoutMs,
        lingerMs: watch.lingerMs,
        echo: this.echo,
        expected,
        halfClose,
        ...(methods === undefined ? {} : { methods }),
        // The fuzzer's payloads stay under 64 KiB; an answer far beyond that is a target that will not stop.
        maxResponseBytes: 4 * 1024 * 1024,
      });
    } finally {
      this.lanes.release();
    }
  }

  /** Whether the target accepts a connection and answers a plain GET (any status), once. */
  async healthy(): Promise<boolean> {
    this.exchanges++;
    const r = await exchangeBytes({ pieces: [HEALTH_CHECK], pauseMs: 0, awaitMs: null }, {
      ...endpointOf(this.target), timeoutMs: Math.max(1000, this.times.timeoutMs), lingerMs: 0, echo: 'none', expected: 1,
    });
    return r.observation.error === undefined && r.observation.responses.length > 0;
  }

  /**
   * After a target went silent: whether it still serves (accepts a connection and answers a plain GET). When it
   * does not, that input crashed it: the target is paused (new exchanges wait) and checked again every
   * `intervalMs`, up to `checks` times in all, and dropped when none succeeds.
   */
  async checkAfterSilence(checks = 10, intervalMs = 500): Promise<boolean> {
    if (this.dropped) return false;
    if (this.pausedUntilHealthy !== null) {
      await this.pausedUntilHealthy;
      return !this.dropped;
    }
    if (await this.healthy()) return true;
    // Another exchange may have found it dead meanwhile and started checking: one series of checks at a time.
    if (this.pausedUntilHealthy !== null || this.dropped) {
      await this.pausedUntilHealthy;
      return false;
    }
    this.pausedUntilHealthy = (async () => {
      for (let i = 1; i < checks; i++) {
        await new Promise((ok) => setTimeout(ok, intervalMs));
        if (await this.healthy()) return true;
      }
      this.dropped = true;
      return false;
    })();
    void this.pausedUntilHealthy.then(() => { this.pausedUntilHealthy = null; });
    return false;
  }

  /** Profiles the target's benign quirks ({@link QUIRK_PROBES}), each request on its own connection. */
  async profileQuirks(): Promise<QuirkProfile> {
    const views: Record<string, View | undefined> = {};
    await Promise.all(Object.entries(QUIRK_PROBES).map(async ([name, text]) => {
      const bytes = Buffer.from(text, 'latin1');
      const expected = name === 'pipeline' ? 2 : 1;
      // Patient: a quirk misread here would excuse or report differences for the whole run.
      const r = await this.exchange({ pieces: [bytes], pauseMs: 0, awaitMs: null }, expected, false, { lingerMs: 50, timeoutMs: Math.max(1000, this.times.timeoutMs) });
      views[name] = r === null || r.observation.error !== undefined ? undefined : targetView(r.observation);
    }));
    this.profile = profileFromViews(views);
    return this.profile;
  }
}
