import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SweepCoverage, SweepSettings, type SweepSettingsInput } from '../../shared/sweeps.js';
import { manualClock } from '../clock.js';
import { sequentialIds } from '../ids.js';
import { quietLogger } from '../log.js';
import type { SqliteStore } from '../store/sqlite.js';
import type { SweepLogEntry } from '../store/sweeps-repo.js';
import { openTestStore, opId, tempDir, type TempDir } from '../store/test-helpers.js';
import { readSweepCoverage } from './coverage-read.js';
import { seededRandom } from './schedule.js';
import { createSweepService, type SweepService } from './service.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** Mon–Fri 09:00–17:00 UTC: every 10 minutes in working hours, every 60 outside. */
const WORK = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' };
const on = (over: SweepSettingsInput = {}) =>
  SweepSettings.parse({ enabled: true, jitter: 0, workingHours: WORK, ...over });
const LINKEDIN = on({ kinds: ['notifications', 'dms'] });

/** Monday 2026-03-02 (a working day). */
const mon = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
/** The end of the period: a day after Monday 10:00. */
const NOW = '2026-03-03T10:00:00.000Z';

let dir: TempDir;
let store: SqliteStore;
let service: SweepService | null = null;
const clock = manualClock(NOW);

function row(targetId: string, at: string, event: SweepLogEntry['event'] = 'succeeded'): SweepLogEntry {
  const [platform, profile, kind] = targetId.split(':') as [SweepLogEntry['platform'], string, SweepLogEntry['kind']];
  return {
    at,
    targetId,
    platform,
    profile,
    kind,
    event,
    outcome: event === 'succeeded' ? 'ok' : 'failed',
    message: null,
    jobId: null,
    memberId: null,
    pageLoads: 1,
    captured: 0,
    newItems: 0,
    edited: 0,
    deleted: 0,
  };
}

beforeEach(async () => {
  dir = tempDir();
  clock.set(NOW);
  store = await openTestStore(dir.file(), { clock });
  for (const [platform, handle] of [
    ['linkedin', 'Acme'],
    ['x', 'acme'],
  ] as const) {
    await store.saveProfile(opId(`${platform}-${handle}`), null, { platform, handle, displayName: null });
  }
  await store.saveSweepSettings(opId('s1'), null, () => ({ linkedin: LINKEDIN, x: on({ enabled: false }) }));
  await store.recordSweep({
    state: null,
    items: [],
    log: [
      row('linkedin:acme:notifications', mon('07:00')), // before the look-back (twice 60 min before the period)
      row('linkedin:acme:notifications', mon('08:30')), // in the look-back: outside working hours, 60 min cadence
      row('linkedin:acme:notifications', mon('10:30')), // covers 08:30–10:30 (cap 120 min) → 10:00–10:30 in the period
      row('linkedin:acme:notifications', mon('10:40')), // 10:30–10:40
      row('linkedin:acme:dms', mon('10:20')), // the first success of the inbox: 20 min back (2 × 10) → 10:00–10:20
      row('linkedin:acme:dms', mon('10:30')), // 10:20–10:30
      row('linkedin:acme:dms', mon('10:50'), 'failed'), // not a success
      row('linkedin:acme:recent-posts', mon('10:45')), // a kind the settings no longer ask for
      row('x:acme:notifications', mon('10:45')), // a platform switched off
    ],
  });
});
afterEach(async () => {
  await service?.stop();
  service = null;
  await store.close();
  dir.remove();
});

const expected = {
  from: '2026-03-02T10:00:00.000Z',
  to: NOW,
  leftOut: 0,
  profiles: [
    {
      platform: 'linkedin',
      profile: 'Acme',
      periodMs: DAY,
      coveredMs: 30 * MIN, // only while both pages were covered: 10:00–10:30
      share: (30 * MIN) / DAY,
      targets: [
        {
          targetId: 'linkedin:acme:notifications',
          kind: 'notifications',
          sweptMs: 40 * MIN,
          coveredMs: 40 * MIN,
          share: (40 * MIN) / DAY,
        },
        { targetId: 'linkedin:acme:dms', kind: 'dms', sweptMs: 30 * MIN, coveredMs: 30 * MIN, share: (30 * MIN) / DAY },
      ],
    },
  ],
};

describe('coverage from the store', () => {
  it('reads the successes from twice the longest cadence before the period, for the platforms switched on', async () => {
    const { settings } = await store.getSweepSettings();
    const out = await readSweepCoverage(store, { now: new Date(NOW), days: 1, settings });
    expect(SweepCoverage.parse(out)).toEqual(out); // what goes on the wire
    expect(out).toEqual(expected);
  });

  it('counts a live view for the target of its page only, and none of a profile or platform not swept', async () => {
    const view = async (kind: 'notifications' | 'dms', startMs: number, minutes: number, over = {}) => {
      for (let m = 0; m <= minutes; m++) {
        await store.recordLiveView({
          platform: 'linkedin',
          profile: 'acme',
          kind,
          memberId: 'mem_1',
          at: new Date(startMs + m * MIN),
          viewedMs: m === 0 ? 0 : MIN,
          ...over,
        });
      }
    };
    await view('dms', Date.parse(mon('10:30')), 20); // the inbox list in view 10:30–10:50
    await view('notifications', Date.parse(mon('12:00')), 5, { platform: 'x' }); // x is switched off
    await view('notifications', Date.parse(mon('12:00')), 5, { profile: 'someone-else' }); // not our profile
    await view('notifications', Date.parse(mon('09:00')), 30); // before the period: 09:00–09:30
    const { settings } = await store.getSweepSettings();
    const out = await readSweepCoverage(store, { now: new Date(NOW), days: 1, settings });
    expect(SweepCoverage.parse(out)).toEqual(out);
    const [notifications, dms] = expected.profiles[0]!.targets;
    expect(out.profiles).toEqual([
      {
        ...expected.profiles[0],
        coveredMs: 40 * MIN, // notifications 10:00–10:40 ∩ the inbox 10:00–10:50
        share: (40 * MIN) / DAY,
        targets: [
          notifications, // the inbox view does not cover the notifications
          { ...dms, sweptMs: 30 * MIN, coveredMs: 50 * MIN, share: (50 * MIN) / DAY },
        ],
      },
    ]);
  });

  it('is what the service answers, with the settings in force, and nothing once the platform is off', async () => {
    service = await createSweepService({
      store,
      clock,
      ids: sequentialIds(),
      logger: quietLogger,
      selectors: { get: async () => ({ overrides: {}, version: 'none' }) },
      publish: () => {},
      notify: () => {},
      random: seededRandom(1),
      timeZone: 'UTC',
    });
    expect(await service.coverage(1)).toEqual(expected);
    const week = await service.coverage(7);
    expect(week).toMatchObject({ from: '2026-02-24T10:00:00.000Z', to: NOW });
    expect(week.profiles[0]).toMatchObject({ periodMs: 7 * DAY, coveredMs: 30 * MIN });

    await service.saveSettings(opId('s2'), 'mem_nobody', { linkedin: { ...LINKEDIN, enabled: false } });
    expect(await service.coverage(1)).toEqual({ ...expected, profiles: [] });
  });
});
