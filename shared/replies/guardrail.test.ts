import { describe, expect, it } from 'vitest';
import { repetition } from './guardrail.js';

const settings = { guardrail: { uses: 3, minutes: 60 } };
const now = new Date('2026-03-01T12:00:00.000Z');
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();

describe('repetition', () => {
  it('counts uses of the reply on the platform within the window, and warns at the threshold', () => {
    const uses = [
      { replyIds: ['a'], platform: 'x' as const, at: at(5) },
      { replyIds: ['b', 'a'], platform: 'x' as const, at: at(30) }, // combined: counts for a
      { replyIds: ['a'], platform: 'reddit' as const, at: at(10) }, // other platform
      { replyIds: ['a'], platform: 'x' as const, at: at(61) }, // outside the window
      { replyIds: ['b'], platform: 'x' as const, at: at(1) }, // other reply
    ];
    expect(repetition(uses, 'a', 'x', now, settings)).toEqual({ count: 2, warn: true, minutes: 60 });
    expect(repetition(uses, 'a', 'reddit', now, settings)).toEqual({ count: 1, warn: false, minutes: 60 });
    expect(repetition(uses, 'a', 'x', now, { guardrail: { uses: 4, minutes: 60 } }).warn).toBe(false);
  });

  it('ignores uses stamped in the future (a skewed clock) and nothing used means no warning', () => {
    expect(repetition([{ replyIds: ['a'], platform: 'x', at: at(-5) }], 'a', 'x', now, settings).count).toBe(0);
    expect(repetition([], 'a', 'x', now, settings).warn).toBe(false);
  });
});
