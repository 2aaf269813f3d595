import { describe, expect, it } from 'vitest';
import { Backoff, backoffCeiling, backoffDelay } from './backoff';

const opts = { baseMs: 500, capMs: 30_000 };

describe('backoff', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffCeiling(n, opts))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('draws the delay uniformly in [0, ceiling) (full jitter)', () => {
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...opts, random: () => 0.5 })).toBe(2000);
    expect(backoffDelay(3, { ...opts, random: () => 0.999999 })).toBe(3999);
    expect(backoffDelay(40, { ...opts, random: () => 0.999999 })).toBeLessThan(30_000);
  });

  it('stays within bounds with real randomness and actually varies', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(6, opts);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(30_000);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(50);
  });

  it('counts attempts and resets after success', () => {
    const b = new Backoff({ ...opts, random: () => 0.999 });
    const first = [b.next(), b.next(), b.next()];
    expect(first).toEqual([499, 999, 1998]);
    expect(b.attempts).toBe(3);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(499);
  });
});
