import { describe, expect, it } from 'vitest';
import { SweepSettings, sweepTargets, type SweepSettingsInput } from '../../shared/sweeps.js';
import { coverage, intersect, sweptSpans, union } from './coverage.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Mon–Fri 09:00–17:00 UTC: 10 minutes in, 60 outside. */
const WORK = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' };
const on = (over: SweepSettingsInput = {}) => SweepSettings.parse({ enabled: true, workingHours: WORK, ...over });

const at = (hhmm: string, day = '2026-03-02') => `${day}T${hhmm}:00.000Z`; // 2026-03-02 is a Monday
const t = (hhmm: string) => Date.parse(at(hhmm));

describe('spans', () => {
  it('unite and intersect', () => {
    expect(
      union([
        { from: 5, to: 8 },
        { from: 1, to: 3 },
        { from: 2, to: 4 },
        { from: 9, to: 9 },
      ]),
    ).toEqual([
      { from: 1, to: 4 },
      { from: 5, to: 8 },
    ]);
    expect(
      intersect(
        [
          { from: 0, to: 4 },
          { from: 6, to: 10 },
        ],
        [{ from: 3, to: 7 }],
      ),
    ).toEqual([
      { from: 3, to: 4 },
      { from: 6, to: 7 },
    ]);
  });
});

describe('what a sweep covers', () => {
  const settings = { linkedin: on({ kinds: ['notifications'] }) };
  const [target] = sweepTargets([{ platform: 'linkedin', handle: 'acme' }], settings);

  it('is the time since the previous success, capped at twice the cadence in force when it began', () => {
    const spans = sweptSpans(target!, [t('10:00'), t('10:10'), t('11:00')], settings);
    // first: 20 minutes back (2 × 10); then 10:00–10:10; then 10:10–11:00 capped at 20 min → 10:40–11:00
    expect(spans).toEqual([
      { from: t('09:40'), to: t('10:10') },
      { from: t('10:40'), to: t('11:00') },
    ]);
  });

  it('trusts a morning sweep for the night hour it follows (the cadence of the evening before)', () => {
    const spans = sweptSpans(target!, [t('08:00'), t('09:05')], settings);
    expect(spans).toEqual([{ from: t('06:00'), to: t('09:05') }]); // 2 × 60 min back from 08:00, then all of 08:00–09:05
  });
});

describe('coverage per profile and platform', () => {
  const settings = { linkedin: on(), x: on({ kinds: ['notifications'] }) };
  const targets = sweepTargets(
    [
      { platform: 'linkedin', handle: 'acme' },
      { platform: 'x', handle: 'Acme' },
    ],
    settings,
  );
  const every10 = (id: string, from: string, to: string) => {
    const out: { targetId: string; at: string; event: string }[] = [];
    for (let x = t(from); x <= t(to); x += 10 * MIN)
      out.push({ targetId: id, at: new Date(x).toISOString(), event: 'succeeded' });
    return out;
  };

  it('is full when every target of the profile was swept on cadence, and says so per target', () => {
    const successes = [
      ...every10('linkedin:acme:notifications', '09:00', '12:00'),
      ...every10('linkedin:acme:dms', '09:00', '12:00'),
      ...every10('linkedin:acme:recent-posts', '09:00', '12:00'),
      ...every10('x:acme:notifications', '09:00', '10:30'),
    ];
    const [linkedin, x] = coverage({ from: at('10:00'), to: at('12:00'), targets, successes, settings });
    expect(linkedin).toMatchObject({
      platform: 'linkedin',
      profile: 'acme',
      periodMs: 2 * HOUR,
      coveredMs: 2 * HOUR,
      share: 1,
    });
    expect(linkedin!.targets.map((c) => c.share)).toEqual([1, 1, 1]);
    // X was swept until 10:30; a sweep that never came covers nothing after it.
    expect(x).toMatchObject({ platform: 'x', profile: 'Acme', coveredMs: 30 * MIN, share: 0.25 });
  });

  it('counts a profile covered only while all of its targets are, and live views fill gaps for all of them', () => {
    const successes = [
      ...every10('linkedin:acme:notifications', '09:00', '12:00'),
      ...every10('linkedin:acme:dms', '09:00', '11:00'), // the inbox was not swept after 11:00
      ...every10('linkedin:acme:recent-posts', '09:00', '12:00'),
      { targetId: 'linkedin:acme:dms', at: at('11:30'), event: 'failed' }, // not a success: ignored
    ];
    const base = {
      from: at('10:00'),
      to: at('12:00'),
      targets: targets.filter((x) => x.platform === 'linkedin'),
      successes,
      settings,
    };
    const [alone] = coverage(base);
    expect(alone!.coveredMs).toBe(HOUR);
    expect(alone!.targets.find((c) => c.kind === 'dms')).toMatchObject({ sweptMs: HOUR, coveredMs: HOUR, share: 0.5 });

    const [withLive] = coverage({
      ...base,
      liveViews: [{ platform: 'linkedin', profile: 'ACME', from: at('11:15'), to: at('11:45') }],
    });
    expect(withLive!.coveredMs).toBe(HOUR + 30 * MIN);
    expect(withLive!.targets.find((c) => c.kind === 'dms')).toMatchObject({
      sweptMs: HOUR,
      coveredMs: HOUR + 30 * MIN,
    });

    // A person on the notifications page did not watch the message inbox.
    const [notificationsOnly] = coverage({
      ...base,
      liveViews: [
        { platform: 'linkedin', profile: 'acme', from: at('11:15'), to: at('11:45'), kinds: ['notifications'] },
      ],
    });
    expect(notificationsOnly!.coveredMs).toBe(HOUR);
    expect(notificationsOnly!.targets.find((c) => c.kind === 'dms')).toMatchObject({ coveredMs: HOUR });
    const [inbox] = coverage({
      ...base,
      liveViews: [{ platform: 'linkedin', profile: 'acme', from: at('11:15'), to: at('11:45'), kinds: ['dms'] }],
    });
    expect(inbox!.coveredMs).toBe(HOUR + 30 * MIN);
  });

  it('measures the first interval of the period from the success just before it, and clips to the period', () => {
    const successes = [
      { targetId: 'x:acme:notifications', at: at('09:55') },
      { targetId: 'x:acme:notifications', at: at('10:05') },
    ];
    const [x] = coverage({
      from: at('10:00'),
      to: at('10:30'),
      targets: targets.filter((y) => y.platform === 'x'),
      successes,
      settings,
    });
    expect(x!.coveredMs).toBe(5 * MIN); // 10:00–10:05 of 09:55–10:05
  });

  it('lists a profile seen only in live views, and handles an empty period', () => {
    const out = coverage({
      from: at('10:00'),
      to: at('11:00'),
      targets: [],
      successes: [],
      settings,
      liveViews: [{ platform: 'reddit', profile: 'acme', from: at('10:30'), to: at('12:00') }],
    });
    expect(out).toEqual([
      { platform: 'reddit', profile: 'acme', periodMs: HOUR, coveredMs: 30 * MIN, share: 0.5, targets: [] },
    ]);
    expect(coverage({ from: at('10:00'), to: at('10:00'), targets, successes: [], settings })[0]).toMatchObject({
      periodMs: 0,
      share: 0,
    });
  });
});
