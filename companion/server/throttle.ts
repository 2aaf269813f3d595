/**
 * Throttles failed pair/auth attempts, per remote address and globally, with
 * exponential backoff. Loopback makes every remote 127.0.0.1, so the global
 * bucket is what really stops a local brute-forcer; the per-remote bucket
 * blocks first.
 */
import type { Clock } from '../clock.js';

export interface ThrottleOptions {
  /** Failures allowed per remote before backoff starts. */
  freePerRemote: number;
  /** Failures allowed across all remotes before backoff starts. */
  freeGlobal: number;
  /** First backoff; doubles with each further failure. */
  baseMs: number;
  maxMs: number;
  /** A bucket with no failure for this long starts again from zero. */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freePerRemote: 5,
  freeGlobal: 20,
  baseMs: 1_000,
  maxMs: 5 * 60_000,
  forgetAfterMs: 15 * 60_000,
};

interface Bucket {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

const GLOBAL = '\0global';

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly opts: ThrottleOptions;

  constructor(
    private readonly clock: Clock,
    opts: Partial<ThrottleOptions> = {},
  ) {
    this.opts = { ...DEFAULT_THROTTLE, ...opts };
  }

  /** null when an attempt may go ahead, else how long to wait (ms). */
  blockedFor(remote: string): number | null {
    const now = this.clock.now().getTime();
    const until = Math.max(this.buckets.get(remote)?.blockedUntil ?? 0, this.buckets.get(GLOBAL)?.blockedUntil ?? 0);
    return until > now ? until - now : null;
  }

  fail(remote: string): void {
    this.bump(remote, this.opts.freePerRemote);
    this.bump(GLOBAL, this.opts.freeGlobal);
  }

  /** A success clears the remote's own bucket (not the global one). */
  succeed(remote: string): void {
    this.buckets.delete(remote);
  }

  private bump(key: string, free: number): void {
    const now = this.clock.now().getTime();
    let b = this.buckets.get(key);
    if (!b || now - b.lastFailureAt > this.opts.forgetAfterMs) {
      b = { failures: 0, lastFailureAt: now, blockedUntil: 0 };
      this.buckets.set(key, b);
    }
    b.failures += 1;
    b.lastFailureAt = now;
    if (b.failures > free) {
      const exp = Math.min(b.failures - free - 1, 30);
      b.blockedUntil = now + Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** exp);
    }
    if (this.buckets.size > 10_000) this.prune(now);
  }

  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      if (k !== GLOBAL && now - b.lastFailureAt > this.opts.forgetAfterMs) this.buckets.delete(k);
    }
  }
}
