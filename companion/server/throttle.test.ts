import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import { Throttle } from './throttle.js';

describe('Throttle', () => {
  it('allows the free failures, then backs off exponentially up to the cap', () => {
    const clock = manualClock();
    const t = new Throttle(clock, { freePerRemote: 2, freeGlobal: 100, baseMs: 1000, maxMs: 4000 });
    t.fail('a');
    t.fail('a');
    expect(t.blockedFor('a')).toBeNull();
    t.fail('a');
    expect(t.blockedFor('a')).toBe(1000);
    t.fail('a');
    expect(t.blockedFor('a')).toBe(2000);
    t.fail('a');
    t.fail('a');
    expect(t.blockedFor('a')).toBe(4000);
    expect(t.blockedFor('b')).toBeNull();
  });

  it('blocks every remote once the global budget is spent', () => {
    const clock = manualClock();
    const t = new Throttle(clock, { freePerRemote: 100, freeGlobal: 3, baseMs: 500 });
    for (const r of ['a', 'b', 'c', 'd']) t.fail(r);
    expect(t.blockedFor('zzz')).toBe(500);
    clock.advance(500);
    expect(t.blockedFor('zzz')).toBeNull();
  });

  it('forgets old failures and clears a remote on success', () => {
    const clock = manualClock();
    const t = new Throttle(clock, { freePerRemote: 1, freeGlobal: 100, baseMs: 1000, forgetAfterMs: 10_000 });
    t.fail('a');
    clock.advance(10_001);
    t.fail('a');
    expect(t.blockedFor('a')).toBeNull();
    t.fail('a');
    expect(t.blockedFor('a')).toBe(1000);
    t.succeed('a');
    expect(t.blockedFor('a')).toBeNull();
  });
});
