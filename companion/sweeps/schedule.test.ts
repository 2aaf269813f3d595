import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SWEEP_SETTINGS,
  SweepSettings,
  WorkingHours,
  sweepTargets,
  type SweepSettingsInput,
  type SweepTarget,
} from '../../shared/sweeps.js';
import {
  FIRST_RUN_SPREAD_MS,
  MINUTE_MS,
  dueTargets,
  isWorkingTime,
  nextRunAt,
  plannedRun,
  retryAt,
  seededRandom,
  type TargetSchedule,
} from './schedule.js';

const at = (s: string) => new Date(s);
const settings = (over: SweepSettingsInput = {}) => SweepSettings.parse({ enabled: true, ...over });
const hours = (over: Partial<WorkingHours> = {}) => WorkingHours.parse(over);
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', timeZone: 'UTC' };
const NEVER = { days: [], start: '09:00', end: '17:00', timeZone: 'UTC' };

describe('sweep settings', () => {
  it('are opt-in and carry the documented defaults', () => {
    expect(DEFAULT_SWEEP_SETTINGS).toEqual({
      enabled: false,
      kinds: ['notifications', 'dms', 'recent-posts'],
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' },
      workingEveryMinutes: 10,
      otherEveryMinutes: 60,
      jitter: 0.2,
      maxPageLoadsPerHour: 30,
      recentPosts: 5,
      maxReplyExpansions: 10,
      unreadThreads: 3,
      staleAfterMinutes: 180,
    });
  });

  it('refuse jitter above one half, unknown time zones and equal start and end', () => {
    expect(SweepSettings.safeParse({ jitter: 0.6 }).success).toBe(false);
    expect(SweepSettings.safeParse({ jitter: -0.1 }).success).toBe(false);
    expect(WorkingHours.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(WorkingHours.safeParse({ start: '09:00', end: '09:00' }).success).toBe(false);
    expect(WorkingHours.safeParse({ start: '24:00' }).success).toBe(false);
    expect(WorkingHours.parse({ days: [5, 1, 1], timeZone: 'Europe/Stockholm' }).days).toEqual([1, 5]);
  });

  it('give each profile the targets its platform has and its settings ask for', () => {
    const targets = sweepTargets(
      [
        { platform: 'youtube', handle: 'Acme' },
        { platform: 'linkedin', handle: '@acme-co' },
        { platform: 'linkedin', handle: 'ACME-CO' }, // the same profile
      ],
      { linkedin: settings({ kinds: ['recent-posts', 'notifications'] }) },
    );
    expect(targets.map((t) => t.id)).toEqual([
      'youtube:acme:notifications',
      'youtube:acme:recent-posts', // YouTube has no message inbox
      'linkedin:acme-co:notifications',
      'linkedin:acme-co:recent-posts',
    ]);
  });
});

describe('isWorkingTime', () => {
  it('counts the start minute in and the end minute out, on the listed days only', () => {
    const h = hours(); // Mon–Fri 09:00–17:00 UTC
    expect(isWorkingTime(at('2026-03-02T09:00:00Z'), h)).toBe(true); // Monday
    expect(isWorkingTime(at('2026-03-02T08:59:59Z'), h)).toBe(false);
    expect(isWorkingTime(at('2026-03-02T16:59:59Z'), h)).toBe(true);
    expect(isWorkingTime(at('2026-03-02T17:00:00Z'), h)).toBe(false);
    expect(isWorkingTime(at('2026-03-07T10:00:00Z'), h)).toBe(false); // Saturday
    const late = hours({ days: [1], start: '20:00', end: '24:00' });
    expect(isWorkingTime(at('2026-03-02T23:59:00Z'), late)).toBe(true);
    expect(isWorkingTime(at('2026-03-03T00:00:00Z'), late)).toBe(false);
  });

  it('reads the clock of the time zone, before and after the spring DST change in Europe/Stockholm', () => {
    const h = hours({ start: '08:00', end: '17:00', timeZone: 'Europe/Stockholm' });
    // Friday 27 March 2026: CET, UTC+1.
    expect(isWorkingTime(at('2026-03-27T06:30:00Z'), h)).toBe(false); // 07:30
    expect(isWorkingTime(at('2026-03-27T07:00:00Z'), h)).toBe(true); // 08:00
    expect(isWorkingTime(at('2026-03-27T15:59:00Z'), h)).toBe(true); // 16:59
    expect(isWorkingTime(at('2026-03-27T16:00:00Z'), h)).toBe(false); // 17:00
    // Monday 30 March 2026: CEST, UTC+2 — the same wall-clock hours, an hour earlier in UTC.
    expect(isWorkingTime(at('2026-03-30T05:30:00Z'), h)).toBe(false); // 07:30
    expect(isWorkingTime(at('2026-03-30T06:00:00Z'), h)).toBe(true); // 08:00
    expect(isWorkingTime(at('2026-03-30T14:59:00Z'), h)).toBe(true); // 16:59
    expect(isWorkingTime(at('2026-03-30T15:00:00Z'), h)).toBe(false); // 17:00
  });

  it('runs a window across midnight into the next day, through both DST changes', () => {
    // Saturday nights 22:00–06:00, Stockholm. 29 March 2026 02:00 CET jumps to 03:00 CEST.
    const h = hours({ days: [6], start: '22:00', end: '06:00', timeZone: 'Europe/Stockholm' });
    expect(isWorkingTime(at('2026-03-28T20:59:00Z'), h)).toBe(false); // Sat 21:59 CET
    expect(isWorkingTime(at('2026-03-28T21:00:00Z'), h)).toBe(true); // Sat 22:00 CET
    expect(isWorkingTime(at('2026-03-29T00:30:00Z'), h)).toBe(true); // Sun 01:30 CET
    expect(isWorkingTime(at('2026-03-29T01:30:00Z'), h)).toBe(true); // Sun 03:30 CEST
    expect(isWorkingTime(at('2026-03-29T03:59:00Z'), h)).toBe(true); // Sun 05:59 CEST
    expect(isWorkingTime(at('2026-03-29T04:00:00Z'), h)).toBe(false); // Sun 06:00 CEST
    expect(isWorkingTime(at('2026-03-29T20:30:00Z'), h)).toBe(false); // Sun 22:30: Sunday is not listed
    expect(isWorkingTime(at('2026-03-30T01:00:00Z'), h)).toBe(false); // Mon 03:00
    // 25 October 2026 03:00 CEST falls back to 02:00 CET: the night is an hour longer in real time.
    expect(isWorkingTime(at('2026-10-24T20:00:00Z'), h)).toBe(true); // Sat 22:00 CEST
    expect(isWorkingTime(at('2026-10-25T04:59:00Z'), h)).toBe(true); // Sun 05:59 CET
    expect(isWorkingTime(at('2026-10-25T05:00:00Z'), h)).toBe(false); // Sun 06:00 CET
  });
});

describe('nextRunAt', () => {
  const office = settings({ jitter: 0 }); // Mon–Fri 09–17 UTC, 10 / 60 minutes

  it('uses the working cadence in working hours and the other cadence outside them', () => {
    const mon10 = at('2026-03-02T10:00:00Z');
    expect(nextRunAt(mon10, mon10, office, seededRandom(1)).toISOString()).toBe('2026-03-02T10:10:00.000Z');
    const mon20 = at('2026-03-02T20:00:00Z');
    expect(nextRunAt(mon20, mon20, office, seededRandom(1)).toISOString()).toBe('2026-03-02T21:00:00.000Z');
    const sat = at('2026-03-07T10:00:00Z');
    expect(nextRunAt(sat, sat, office, seededRandom(1)).toISOString()).toBe('2026-03-07T11:00:00.000Z');
  });

  it('decides by the run time: the first sweep of the morning comes when working hours begin', () => {
    const r = seededRandom(1);
    // 08:30 is outside (next would be 09:30), but working hours begin at 09:00.
    expect(nextRunAt(at('2026-03-02T08:30:00Z'), at('2026-03-02T08:30:00Z'), office, r).toISOString()).toBe(
      '2026-03-02T09:00:00.000Z',
    );
    // 08:55 + 10 min is 09:05, inside.
    expect(nextRunAt(at('2026-03-02T08:55:00Z'), at('2026-03-02T08:55:00Z'), office, r).toISOString()).toBe(
      '2026-03-02T09:05:00.000Z',
    );
    // 16:55 + 10 min is 17:05, outside: the hour applies.
    expect(nextRunAt(at('2026-03-02T16:55:00Z'), at('2026-03-02T16:55:00Z'), office, r).toISOString()).toBe(
      '2026-03-02T17:55:00.000Z',
    );
    // After the spring change, 08:00 in Stockholm is 06:00 UTC, not 07:00.
    const sthlm = settings({ jitter: 0, workingHours: { start: '08:00', timeZone: 'Europe/Stockholm' } });
    expect(nextRunAt(at('2026-03-30T05:30:00Z'), at('2026-03-30T05:30:00Z'), sthlm, r).toISOString()).toBe(
      '2026-03-30T06:00:00.000Z',
    );
  });

  it('stays within ± jitter × cadence of the plan and never before now (property, 1000 seeds)', () => {
    const base = at('2026-03-02T00:00:00Z').getTime();
    const variants = [ALWAYS, NEVER, hours({ timeZone: 'Europe/Stockholm' }), hours({ start: '22:00', end: '06:00' })];
    for (let seed = 1; seed <= 1000; seed++) {
      const r = seededRandom(seed);
      const jitter = Math.round(r() * 50) / 100; // 0 … 0.5
      const s = settings({
        jitter,
        workingHours: variants[seed % variants.length],
        workingEveryMinutes: 2 + Math.floor(r() * 60),
        otherEveryMinutes: 2 + Math.floor(r() * 240),
      });
      const last = new Date(base + Math.floor(r() * 14 * 24 * 60) * MINUTE_MS);
      const now = new Date(last.getTime() + Math.floor(r() * 3) * Math.floor(r() * 90) * MINUTE_MS);
      const next = nextRunAt(last, now, s, r);
      const plan = plannedRun(last, s);
      expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
      if (next.getTime() > now.getTime()) {
        expect(Math.abs(next.getTime() - plan.at.getTime())).toBeLessThanOrEqual(jitter * plan.cadenceMs + 1);
      }
      const min = Math.min(s.workingEveryMinutes, s.otherEveryMinutes) * MINUTE_MS;
      expect(next.getTime() - last.getTime()).toBeGreaterThanOrEqual((1 - jitter) * min - 1);
    }
  });

  it('plans the same as a minute-by-minute reference, around both DST changes (property)', () => {
    const reference = (last: Date, s: SweepSettings) => {
      const working = (t: number) => isWorkingTime(new Date(t), s.workingHours);
      const work = s.workingEveryMinutes * MINUTE_MS;
      const other = s.otherEveryMinutes * MINUTE_MS;
      for (let t = last.getTime() + MINUTE_MS; ; t += MINUTE_MS) {
        const cadence = working(t) ? work : other;
        if (t - last.getTime() >= cadence) return { at: t, cadenceMs: cadence };
      }
    };
    const starts = ['2026-03-28T18:00:00Z', '2026-10-24T18:00:00Z'].map((d) => at(d).getTime());
    for (let seed = 1; seed <= 300; seed++) {
      const r = seededRandom(seed);
      const s = settings({
        workingHours: {
          days: [0, 1, 6].filter(() => r() < 0.7),
          start: `0${Math.floor(r() * 4)}:${r() < 0.5 ? '00' : '17'}`,
          end: r() < 0.5 ? '03:30' : '23:00',
          timeZone: 'Europe/Stockholm',
        },
        workingEveryMinutes: 2 + Math.floor(r() * 30),
        otherEveryMinutes: 2 + Math.floor(r() * 180),
      });
      const last = new Date(starts[seed % 2]! + Math.floor(r() * 16 * 60) * MINUTE_MS);
      const plan = plannedRun(last, s);
      expect({ at: plan.at.getTime(), cadenceMs: plan.cadenceMs }).toEqual(reference(last, s));
    }
  });

  it('is exactly cadence ± jitter × cadence when the hours do not change, and spreads over the whole range', () => {
    const s = settings({ jitter: 0.2, workingHours: ALWAYS });
    const last = at('2026-03-02T10:00:00Z');
    const offsets = new Set<number>();
    for (let seed = 1; seed <= 500; seed++) {
      const off = nextRunAt(last, last, s, seededRandom(seed)).getTime() - last.getTime() - 10 * MINUTE_MS;
      expect(Math.abs(off)).toBeLessThanOrEqual(2 * MINUTE_MS);
      offsets.add(Math.sign(off) * Math.ceil(Math.abs(off) / 30_000));
    }
    expect(offsets.size).toBeGreaterThan(6); // both sides, near and far
  });

  it('is due at once when overdue, and soon after a platform is switched on', () => {
    const s = settings({ workingHours: ALWAYS });
    const now = at('2026-03-02T10:00:00Z');
    expect(nextRunAt(at('2026-03-02T04:00:00Z'), now, s, seededRandom(3)).toISOString()).toBe(now.toISOString());
    const firsts = new Set<number>();
    for (let seed = 1; seed <= 200; seed++) {
      const t = nextRunAt(null, now, s, seededRandom(seed)).getTime() - now.getTime();
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThan(FIRST_RUN_SPREAD_MS);
      firsts.add(Math.floor(t / 10_000));
    }
    expect(firsts.size).toBeGreaterThan(6); // spread, not all at once
  });
});

describe('retryAt', () => {
  it('backs off 2, 4, 8 minutes, never longer than the cadence', () => {
    const s = settings({ jitter: 0, workingHours: ALWAYS });
    const now = at('2026-03-02T10:00:00Z');
    const after = (n: number) => (retryAt(n, now, s, seededRandom(1)).getTime() - now.getTime()) / MINUTE_MS;
    expect([1, 2, 3, 4, 5].map(after)).toEqual([2, 4, 8, 10, 10]);
    const jittered = settings({ jitter: 0.5, workingHours: ALWAYS });
    for (let seed = 1; seed <= 200; seed++) {
      const m = (retryAt(1, now, jittered, seededRandom(seed)).getTime() - now.getTime()) / MINUTE_MS;
      expect(m).toBeGreaterThanOrEqual(1);
      expect(m).toBeLessThanOrEqual(3);
    }
  });
});

describe('dueTargets', () => {
  const t = (
    id: string,
    platform: SweepTarget['platform'],
    kind: SweepTarget['kind'] = 'notifications',
  ): SweepTarget => ({
    id,
    platform,
    profile: 'acme',
    kind,
  });
  const now = at('2026-03-02T10:00:00Z');
  const sched = (nextRunAt: string | null, paused: unknown = null): TargetSchedule => ({ nextRunAt, paused });

  it('lists switched-on, unpaused, scheduled targets whose time has come, longest overdue first', () => {
    const targets = [
      t('a', 'linkedin'),
      t('b', 'linkedin'),
      t('c', 'linkedin'),
      t('d', 'linkedin'),
      t('e', 'x'), // platform off
      t('f', 'linkedin', 'dms'), // kind off
      t('g', 'linkedin'),
      t('h', 'linkedin'),
    ];
    const state = new Map<string, TargetSchedule>([
      ['a', sched('2026-03-02T09:58:00Z')],
      ['b', sched('2026-03-02T09:50:00Z')],
      ['c', sched('2026-03-02T10:01:00Z')], // not yet
      ['d', sched(null)], // running
      ['e', sched('2026-03-02T09:00:00Z')],
      ['f', sched('2026-03-02T09:00:00Z')],
      ['g', sched('2026-03-02T09:00:00Z', { reason: 'unreadable' })],
      ['h', sched('2026-03-02T10:00:00Z')],
    ]);
    const on = { linkedin: settings({ kinds: ['notifications'] }) };
    expect(dueTargets(targets, state, now, on).map((x) => x.id)).toEqual(['b', 'a', 'h']);
    expect(dueTargets(targets, state, now, {})).toEqual([]); // every platform off by default
  });
});
