/**
 * Reconnect delays: exponential backoff with "full jitter" (AWS architecture
 * blog, "Exponential Backoff And Jitter"): the delay for attempt n is a
 * uniform random value in [0, min(cap, base · 2^n)). Full jitter spreads the
 * reconnects of many browsers after a companion restart, and the cap keeps a
 * waiting user from staring at a stale popup for more than ~30 s.
 */
export interface BackoffOptions {
  /** First ceiling, in ms. */
  baseMs: number;
  /** Largest ceiling, in ms. */
  capMs: number;
  /** A source of uniform randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/** The ceiling for attempt `attempt` (0-based): min(cap, base · 2^attempt). */
export function backoffCeiling(attempt: number, { baseMs, capMs }: BackoffOptions): number {
  const exp = baseMs * 2 ** Math.min(Math.max(0, attempt), 30);
  return Math.min(capMs, exp);
}

/** The delay before attempt `attempt` (0-based), uniform in [0, ceiling). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  return Math.floor(random() * backoffCeiling(attempt, options));
}

/** Counts failed attempts; `reset()` after a successful connection. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The next delay; each call counts one more failed attempt. */
  next(): number {
    const delay = backoffDelay(this.attempt, this.options);
    this.attempt += 1;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
