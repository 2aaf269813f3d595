import { describe, expect, it } from 'vitest';
import type { Platform } from '../../shared/model.js';
import {
  SweepReport,
  SweepSettings,
  sweepTargets,
  sweepTextHash,
  type BrowserSweepInfo,
  type SweepReportInput,
  type SweepSettingsByPlatform,
  type SweepSettingsInput,
} from '../../shared/sweeps.js';
import { manualClock } from '../clock.js';
import { sequentialIds } from '../ids.js';
import { DispatcherSnapshot, SweepDispatcher, type Dispatch, type SweepEffects } from './dispatcher.js';
import { seededRandom } from './schedule.js';

const MIN = 60_000;
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', timeZone: 'UTC' };
const on = (over: SweepSettingsInput = {}) =>
  SweepSettings.parse({ enabled: true, jitter: 0, workingHours: ALWAYS, ...over });

type Profiles = [Platform, string][];

function setup(opts: { profiles?: Profiles; settings?: SweepSettingsByPlatform; seed?: number } = {}) {
  const clock = manualClock('2026-03-02T10:00:00.000Z');
  const profiles = opts.profiles ?? [['linkedin', 'acme']];
  const settings = opts.settings ?? { linkedin: on({ kinds: ['notifications'] }) };
  const targets = sweepTargets(
    profiles.map(([platform, handle]) => ({ platform, handle })),
    settings,
  );
  const d = new SweepDispatcher({
    settings,
    targets,
    now: clock.now(),
    random: seededRandom(opts.seed ?? 7),
    ids: sequentialIds(),
  });
  return { clock, d, targets };
}

/** A browser signed in (as seen at `seenAt`) to the given profiles. */
function browser(
  sessionId: string,
  profiles: Profiles,
  opts: { busy?: boolean; seenAt?: string; memberId?: string } = {},
): BrowserSweepInfo {
  return {
    sessionId,
    memberId: opts.memberId ?? `mem_${sessionId}`,
    signedIn: profiles.map(([platform, handle]) => ({
      platform,
      handle,
      seenAt: opts.seenAt ?? '2026-03-02T09:00:00.000Z',
    })),
    busy: opts.busy ?? false,
  };
}

const report = (jobId: string, over: Partial<SweepReportInput> = {}) =>
  SweepReport.parse({ jobId, outcome: 'ok', pageLoads: 1, capturedCount: 0, ...over });

/** Ticks once a minute for `minutes`, collecting everything. */
function run(d: SweepDispatcher, clock: ReturnType<typeof manualClock>, minutes: number): SweepEffects {
  const all: SweepEffects = { dispatch: [], events: [], alerts: [] };
  for (let i = 0; i < minutes; i++) {
    clock.advance(MIN);
    const fx = d.tick(clock.now());
    all.dispatch.push(...fx.dispatch);
    all.events.push(...fx.events);
    all.alerts.push(...fx.alerts);
  }
  return all;
}

/** Ticks once a minute for `minutes`, and every job dispatched reports ok at once. */
function serve(d: SweepDispatcher, clock: ReturnType<typeof manualClock>, minutes: number): SweepEffects {
  const all: SweepEffects = { dispatch: [], events: [], alerts: [] };
  const add = (fx: SweepEffects) => {
    all.dispatch.push(...fx.dispatch);
    all.events.push(...fx.events);
    all.alerts.push(...fx.alerts);
    for (const x of fx.dispatch) add(d.report(x.sessionId, report(x.job.jobId), clock.now()));
  };
  for (let i = 0; i < minutes; i++) {
    clock.advance(MIN);
    add(d.tick(clock.now()));
  }
  return all;
}

/** Ticks until something is dispatched (at most `minutes`). */
function next(d: SweepDispatcher, clock: ReturnType<typeof manualClock>, minutes = 120): Dispatch[] {
  for (let i = 0; i < minutes; i++) {
    clock.advance(MIN);
    const fx = d.tick(clock.now());
    if (fx.dispatch.length > 0) return fx.dispatch;
  }
  return [];
}

describe('scheduling', () => {
  it('never schedules a platform that is not switched on, and starts soon after it is', () => {
    const { clock, d } = setup({ settings: {} });
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    expect(run(d, clock, 24 * 60).dispatch).toEqual([]);
    expect(d.status(clock.now()).targets[0]).toMatchObject({ enabled: false, nextRunAt: null, stale: false });
    expect(d.staleTargets(clock.now())).toEqual([]);

    const switchedOnAt = clock.now().getTime();
    d.setSettings({ linkedin: on() }, clock.now());
    const first = next(d, clock, 5);
    expect(first).toHaveLength(1); // one of the three targets; one job per profile at a time
    expect(clock.now().getTime() - switchedOnAt).toBeLessThanOrEqual(3 * MIN);

    d.setSettings({ linkedin: on({ enabled: false }) }, clock.now());
    d.report('s1', report(first[0]!.job.jobId), clock.now()); // the running job may still finish
    expect(run(d, clock, 6 * 60).dispatch).toEqual([]);
  });

  it('sweeps every cadence, and hands the job with its limits and watermark', () => {
    const { clock, d } = setup({ settings: { linkedin: on({ kinds: ['recent-posts'], recentPosts: 3 }) } });
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    const [first] = next(d, clock);
    expect(first!.job).toMatchObject({
      target: { id: 'linkedin:acme:recent-posts' },
      maxPageLoads: 4,
      recentPosts: 3,
      maxReplyExpansions: 10,
      unreadThreads: 0,
      watermark: null,
      issuedAt: clock.now().toISOString(),
    });
    expect(Date.parse(first!.job.leaseUntil) - clock.now().getTime()).toBe(5 * MIN + 4 * 90_000);
    const doneAt = clock.now().getTime() + 3 * MIN;
    clock.advance(3 * MIN);
    const seen = [{ nativeId: 'c1', at: '2026-03-02T09:00:00.000Z', hash: sweepTextHash('hi'), postId: 'p1' }];
    d.report('s1', report(first!.job.jobId, { seen, pageLoads: 4 }), clock.now());
    const [second] = next(d, clock);
    expect(clock.now().getTime() - doneAt).toBe(10 * MIN); // jitter 0
    expect(second!.job.watermark?.lanes['p1']).toEqual({ at: '2026-03-02T09:00:00.000Z', ids: ['c1'] });
  });
});

describe('assignment', () => {
  it('gives a job to exactly one browser of three eligible, never to one signed in elsewhere, and rotates fairly', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s3', [['linkedin', 'acme']]), clock.now());
    d.browserConnected(browser('s1', [['linkedin', 'ACME']]), clock.now()); // handles compare without case
    d.browserConnected(browser('s2', [['linkedin', '@acme']]), clock.now());
    d.browserConnected(browser('other', [['linkedin', 'acme-eu']]), clock.now());
    d.browserConnected(browser('x', [['x', 'acme']]), clock.now());
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const dispatched = next(d, clock);
      expect(dispatched).toHaveLength(1);
      const one = dispatched[0]!;
      got.push(one.sessionId);
      expect(run(d, clock, 7).dispatch).toEqual([]); // nothing more while it runs (the lease is 8 minutes)
      d.report(one.sessionId, report(one.job.jobId), clock.now());
    }
    expect(got).toEqual(['s1', 's2', 's3', 's1', 's2', 's3']); // least recently used, ties by session id
  });

  it('skips a busy browser, and dispatches when it becomes free', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']], { busy: true }), clock.now());
    expect(run(d, clock, 30).dispatch).toEqual([]);
    d.browserConnected(browser('s2', [['linkedin', 'acme']]), clock.now()); // free: dispatched at once
    expect(d.status(clock.now()).targets[0]?.running?.sessionId).toBe('s2');
  });

  it('dispatches a free browser as soon as it says so', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']], { busy: true }), clock.now());
    run(d, clock, 5);
    const fx = d.browserUpdated(browser('s1', [['linkedin', 'acme']]), clock.now());
    expect(fx.dispatch.map((x) => x.sessionId)).toEqual(['s1']);
  });

  it('gives one browser one job at a time, and runs one job per profile at a time', () => {
    const { clock, d } = setup({
      profiles: [
        ['linkedin', 'acme'],
        ['linkedin', 'beta'],
      ],
      settings: { linkedin: on({ kinds: ['notifications', 'dms'] }) },
    });
    const both: Profiles = [
      ['linkedin', 'acme'],
      ['linkedin', 'beta'],
    ];
    d.browserConnected(browser('s1', both), clock.now());
    const alone = run(d, clock, 3);
    expect(alone.dispatch).toHaveLength(1); // four targets due, one browser: one job
    const fx = d.browserConnected(browser('s2', both), clock.now());
    expect(fx.dispatch).toHaveLength(1); // the second browser takes the other profile, never the same one
    expect(run(d, clock, 3).dispatch).toEqual([]);
    const jobs = [...alone.dispatch, ...fx.dispatch];
    expect(jobs.map((x) => x.sessionId)).toEqual(['s1', 's2']);
    expect(new Set(jobs.map((x) => x.job.target.profile)).size).toBe(2);
  });
});

describe('the hourly cap', () => {
  it('stops dispatch when the platform has used its page loads and resumes when the hour slides', () => {
    const { clock, d } = setup({
      profiles: [
        ['linkedin', 'acme'],
        ['linkedin', 'beta'],
        ['x', 'acme'],
      ],
      settings: {
        linkedin: on({ kinds: ['notifications'], maxPageLoadsPerHour: 4 }),
        x: on({ kinds: ['notifications'] }),
      },
    });
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    d.browserConnected(browser('s2', [['linkedin', 'beta']]), clock.now());
    d.browserConnected(browser('s3', [['x', 'acme']]), clock.now());
    const first = run(d, clock, 3).dispatch;
    expect(first.map((x) => x.job.target.id).sort()).toEqual([
      'linkedin:acme:notifications',
      'linkedin:beta:notifications',
      'x:acme:notifications',
    ]);
    const reportedAt = clock.now().getTime();
    for (const x of first) d.report(x.sessionId, report(x.job.jobId, { pageLoads: 2 }), clock.now());
    expect(d.status(clock.now()).platforms.find((p) => p.platform === 'linkedin')?.pageLoadsLastHour).toBe(4);

    // LinkedIn is due every 10 minutes but has no page loads left; X goes on.
    const hour = run(d, clock, 59);
    expect(hour.dispatch.filter((x) => x.job.target.platform === 'linkedin')).toEqual([]);
    expect(hour.dispatch.filter((x) => x.job.target.platform === 'x').length).toBeGreaterThan(0);
    for (const x of hour.dispatch) d.report(x.sessionId, report(x.job.jobId, { pageLoads: 1 }), clock.now());

    const resumed = run(d, clock, 2).dispatch.filter((x) => x.job.target.platform === 'linkedin');
    expect(resumed).toHaveLength(2);
    expect(clock.now().getTime() - reportedAt).toBeGreaterThanOrEqual(60 * MIN);
  });

  it('counts running jobs against the cap before their reports come', () => {
    const { clock, d } = setup({
      profiles: [
        ['linkedin', 'acme'],
        ['linkedin', 'beta'],
      ],
      settings: { linkedin: on({ kinds: ['notifications'], maxPageLoadsPerHour: 3 }) },
    });
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    d.browserConnected(browser('s2', [['linkedin', 'beta']]), clock.now());
    expect(run(d, clock, 5).dispatch).toHaveLength(1); // 2 + 2 > 3
  });
});

describe('reassignment', () => {
  it('gives the job to another eligible browser when its browser disconnects mid-job', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    d.browserConnected(browser('s2', [['linkedin', 'acme']]), clock.now());
    const [job] = next(d, clock);
    expect(job!.sessionId).toBe('s1');
    clock.advance(MIN);
    const fx = d.browserDisconnected('s1', clock.now());
    expect(fx.events).toEqual([
      expect.objectContaining({ type: 'sweep.requeued', jobId: job!.job.jobId, why: 'disconnected' }),
    ]);
    expect(fx.dispatch).toHaveLength(1);
    expect(fx.dispatch[0]).toMatchObject({ sessionId: 's2', job: { target: job!.job.target } });
    expect(fx.dispatch[0]!.job.jobId).not.toBe(job!.job.jobId);
    // The lost job's report, should it come, changes nothing.
    expect(d.report('s1', report(job!.job.jobId), clock.now()).accepted).toBe(false);
    expect(d.status(clock.now()).targets[0]?.consecutiveFailures).toBe(0);
  });

  it('waits for another browser when the only one disconnects', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    next(d, clock);
    expect(d.browserDisconnected('s1', clock.now()).dispatch).toEqual([]);
    expect(run(d, clock, 10).dispatch).toEqual([]);
    const fx = d.browserConnected(browser('s9', [['linkedin', 'acme']]), clock.now());
    expect(fx.dispatch.map((x) => x.sessionId)).toEqual(['s9']);
  });

  it('requeues a job whose lease ran out, to another browser, and pauses after three', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    d.browserConnected(browser('s2', [['linkedin', 'acme']]), clock.now());
    const [job] = next(d, clock);
    expect(job!.sessionId).toBe('s1');
    const lease = Date.parse(job!.job.leaseUntil) - clock.now().getTime();
    clock.advance(lease - MIN);
    expect(d.tick(clock.now()).dispatch).toEqual([]); // still within the lease
    const renewed = d.renew('s1', job!.job.jobId, clock.now());
    expect(renewed).not.toBeNull();
    expect(d.renew('s2', job!.job.jobId, clock.now())).toBeNull();
    clock.set(renewed!);
    const fx = d.tick(clock.now());
    expect(fx.events).toEqual([
      expect.objectContaining({
        type: 'sweep.failed',
        why: 'lease_expired',
        failures: 1,
        retryAt: clock.now().toISOString(),
      }),
    ]);
    expect(fx.dispatch.map((x) => x.sessionId)).toEqual(['s2']);
    expect(d.report('s1', report(job!.job.jobId), clock.now()).accepted).toBe(false);

    // s2 lets it run out too, then s1 again: three in a row pause it.
    clock.set(fx.dispatch[0]!.job.leaseUntil);
    const again = d.tick(clock.now());
    expect(again.dispatch.map((x) => x.sessionId)).toEqual(['s1']);
    clock.set(again.dispatch[0]!.job.leaseUntil);
    const third = d.tick(clock.now());
    expect(third.dispatch).toEqual([]);
    expect(third.events.map((e) => e.type)).toEqual(['sweep.failed', 'sweep.paused']);
    expect(d.status(clock.now()).targets[0]?.paused?.reason).toBe('failed');
  });
});

describe('pauses', () => {
  const all = { linkedin: on(), x: on({ kinds: ['notifications'] }) };
  const profiles: Profiles = [
    ['linkedin', 'acme'],
    ['x', 'acme'],
  ];

  it('signed out: pauses every target of that profile at once, in plain words, with one alert', () => {
    const { clock, d } = setup({ profiles, settings: all });
    d.browserConnected(browser('s1', profiles), clock.now());
    const [job] = next(d, clock).filter((x) => x.job.target.platform === 'linkedin');
    const fx = d.report('s1', report(job!.job.jobId, { outcome: 'signed_out', pageLoads: 1 }), clock.now());
    const message = "You're signed out of LinkedIn (acme) — sweeps paused until someone signs in again";
    expect(fx.events.filter((e) => e.type === 'sweep.paused')).toHaveLength(3);
    expect(fx.alerts).toEqual([
      {
        type: 'sweep.paused',
        at: clock.now().toISOString(),
        platform: 'linkedin',
        profile: 'acme',
        targetIds: expect.arrayContaining([
          'linkedin:acme:notifications',
          'linkedin:acme:dms',
          'linkedin:acme:recent-posts',
        ]),
        reason: 'signed_out',
        message,
      },
    ]);
    const status = d.status(clock.now());
    for (const t of status.targets.filter((t) => t.target.platform === 'linkedin')) {
      expect(t.paused).toEqual({ reason: 'signed_out', message, since: clock.now().toISOString() });
      expect(t.nextRunAt).toBeNull();
    }
    expect(status.targets.find((t) => t.target.platform === 'x')?.paused).toBeNull();
    const later = serve(d, clock, 120);
    expect(later.dispatch.filter((x) => x.job.target.platform === 'linkedin')).toEqual([]);
    expect(later.dispatch.filter((x) => x.job.target.platform === 'x').length).toBeGreaterThan(5); // X goes on
    expect(later.alerts).toEqual([]); // said once
  });

  it('signed out: resumes by itself when a browser sees the profile signed in after the pause, and not the one that was signed out', () => {
    const { clock, d } = setup();
    const acme: Profiles = [['linkedin', 'acme']];
    d.browserConnected(browser('s1', acme), clock.now());
    const [job] = next(d, clock);
    d.report('s1', report(job!.job.jobId, { outcome: 'signed_out' }), clock.now());
    const pausedAt = clock.now().getTime();
    // The same stale observation changes nothing; nor does another browser's old one.
    expect(d.browserUpdated(browser('s1', acme), clock.now()).events).toEqual([]);
    expect(d.browserConnected(browser('s2', acme), clock.now()).events).toEqual([]);
    clock.advance(5 * MIN);
    const fx = d.browserUpdated(browser('s2', acme, { seenAt: new Date(pausedAt + MIN).toISOString() }), clock.now());
    expect(fx.events).toEqual([expect.objectContaining({ type: 'sweep.resumed', by: 'signed_in' })]);
    expect(fx.dispatch.map((x) => x.sessionId)).toEqual(['s2']); // s1 has not shown it is signed in again
  });

  it('challenge: pauses the profile, tells where to pass the check, and raises an alert', () => {
    const { clock, d } = setup({ profiles, settings: all });
    d.browserConnected(browser('s1', profiles), clock.now());
    const [job] = next(d, clock).filter((x) => x.job.target.platform === 'linkedin');
    const fx = d.report('s1', report(job!.job.jobId, { outcome: 'challenge' }), clock.now());
    expect(fx.alerts).toHaveLength(1);
    expect(fx.alerts[0]!.message).toBe(
      'LinkedIn showed a security check (captcha) (acme) — sweeps paused until someone opens linkedin.com and passes it',
    );
    expect(d.status(clock.now()).targets.filter((t) => t.paused?.reason === 'challenge')).toHaveLength(3);
  });

  it('unreadable: pauses that target only; resume runs it again now', () => {
    const { clock, d } = setup({ settings: { linkedin: on({ kinds: ['notifications', 'dms'] }) } });
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    const [job] = next(d, clock);
    const fx = d.report('s1', report(job!.job.jobId, { outcome: 'unreadable' }), clock.now());
    const name = job!.job.target.kind === 'dms' ? 'message inbox' : 'notifications page';
    expect(fx.alerts[0]).toMatchObject({
      reason: 'unreadable',
      targetIds: [job!.job.target.id],
      message: `Inlay could not read LinkedIn's ${name} (acme) — sweeps paused; it may have changed`,
    });
    // The other target goes on.
    expect(fx.dispatch.map((x) => x.job.target.id)).toEqual(
      [`linkedin:acme:notifications`, `linkedin:acme:dms`].filter((id) => id !== job!.job.target.id),
    );
    d.report('s1', report(fx.dispatch[0]!.job.jobId), clock.now());
    expect(serve(d, clock, 60).dispatch.every((x) => x.job.target.id !== job!.job.target.id)).toBe(true);
    const resumed = d.resume(job!.job.target.id, clock.now());
    expect(resumed.events).toEqual([expect.objectContaining({ type: 'sweep.resumed', by: 'person' })]);
    expect(resumed.dispatch.map((x) => x.job.target.id)).toEqual([job!.job.target.id]); // at once
    expect(d.status(clock.now()).targets.find((t) => t.target.id === job!.job.target.id)?.paused).toBeNull();
  });

  it('failed: backs off, and pauses after three failures in a row; a success in between starts the count again', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    const fail = (message: string | null = 'the tab crashed') => {
      const [job] = next(d, clock);
      return d.report('s1', report(job!.job.jobId, { outcome: 'failed', message }), clock.now());
    };
    const f1 = fail();
    expect(f1.events).toEqual([
      expect.objectContaining({ type: 'sweep.failed', why: 'failed', failures: 1, message: 'the tab crashed' }),
    ]);
    const retry1 = Date.parse((f1.events[0] as { retryAt: string }).retryAt) - clock.now().getTime();
    expect(retry1).toBe(2 * MIN);
    const f2 = fail();
    expect(Date.parse((f2.events[0] as { retryAt: string }).retryAt) - clock.now().getTime()).toBe(4 * MIN);

    const [ok] = next(d, clock);
    d.report('s1', report(ok!.job.jobId), clock.now());
    fail();
    fail();
    expect(d.status(clock.now()).targets[0]?.paused).toBeNull();
    const f3 = fail(null);
    expect(f3.events.map((e) => e.type)).toEqual(['sweep.failed', 'sweep.paused']);
    expect(f3.alerts[0]?.message).toBe(
      "Sweeps of LinkedIn's notifications page (acme) failed 3 times in a row — paused",
    );
    expect(run(d, clock, 120).dispatch).toEqual([]);
    d.resume('linkedin:acme:notifications', clock.now());
    expect(d.status(clock.now()).targets[0]).toMatchObject({ paused: null, consecutiveFailures: 0 });
  });

  it('refuses a report for a job that session does not hold', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    d.browserConnected(browser('s2', [['linkedin', 'acme']]), clock.now());
    const [job] = next(d, clock);
    expect(d.report('s2', report(job!.job.jobId), clock.now())).toMatchObject({ accepted: false, events: [] });
    expect(d.report('s1', report('swj_nope'), clock.now()).accepted).toBe(false);
    expect(d.report('s1', report(job!.job.jobId), clock.now()).accepted).toBe(true);
    expect(d.report('s1', report(job!.job.jobId), clock.now()).accepted).toBe(false); // once
  });
});

describe('the stale alert', () => {
  it('is raised once per stale period, and again only after a success and a new silence', () => {
    const { clock, d } = setup({ settings: { linkedin: on({ kinds: ['notifications'], staleAfterMinutes: 180 }) } });
    const alerts = run(d, clock, 6 * 60).alerts; // nobody connected: never swept
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      type: 'sweep.stale',
      targetIds: ['linkedin:acme:notifications'],
      message:
        "LinkedIn's notifications page (acme) has not been swept for 3 h 1 min — is a browser signed in to it connected?",
    });
    expect(d.staleTargets(clock.now())).toEqual([expect.objectContaining({ alerted: true })]);

    // A browser arrives: the overdue target goes to it at once; its success ends the stale period.
    const [job] = d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now()).dispatch;
    d.report('s1', report(job!.job.jobId), clock.now());
    expect(d.status(clock.now()).targets[0]?.stale).toBe(false);
    d.browserDisconnected('s1', clock.now());
    const again = run(d, clock, 4 * 60).alerts;
    expect(again).toHaveLength(1);
  });
});

describe('watermarks and edits through reports', () => {
  it('counts what is new, and reports edits and deletions as item keys', () => {
    const { clock, d } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    const item = (id: string, minute: number, text = id) => ({
      nativeId: id,
      at: `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`,
      hash: sweepTextHash(text),
      postId: null,
    });
    const [j1] = next(d, clock);
    const r1 = d.report('s1', report(j1!.job.jobId, { seen: [item('a', 1), item('b', 2), item('c', 3)] }), clock.now());
    expect(r1.events[0]).toMatchObject({ type: 'sweep.succeeded', new: 3, edited: [], deleted: [] });
    const [j2] = next(d, clock);
    expect(j2!.job.watermark?.lanes['']?.ids).toEqual(['c']);
    const r2 = d.report(
      's1',
      report(j2!.job.jobId, {
        seen: [item('a', 1), item('c', 3, 'c, edited'), item('d', 4)],
        capturedCount: 1,
        pageLoads: 2,
      }),
      clock.now(),
    );
    expect(r2.events[0]).toMatchObject({
      type: 'sweep.succeeded',
      new: 1,
      captured: 1,
      pageLoads: 2,
      edited: ['linkedin:c'],
      deleted: ['linkedin:b'],
      memberId: 'mem_s1',
    });
  });
});

describe('status and snapshots', () => {
  it('shows each target, and survives a restart as JSON with pauses, watermarks and the page-load window', () => {
    const { clock, d, targets } = setup({ settings: { linkedin: on({ kinds: ['notifications', 'dms'] }) } });
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    const [job] = next(d, clock);
    const seen = [{ nativeId: 'a', at: '2026-03-02T09:00:00.000Z', hash: sweepTextHash('a'), postId: null }];
    const fx = d.report('s1', report(job!.job.jobId, { seen, pageLoads: 2 }), clock.now());
    const [other] = fx.dispatch;
    d.report('s1', report(other!.job.jobId, { outcome: 'unreadable' }), clock.now());

    const status = d.status(clock.now());
    const okOne = status.targets.find((t) => t.target.id === job!.job.target.id)!;
    expect(okOne).toMatchObject({
      enabled: true,
      lastSuccessAt: clock.now().toISOString(),
      paused: null,
      running: null,
    });
    expect(Date.parse(okOne.nextRunAt!) - clock.now().getTime()).toBe(10 * MIN);
    expect(status.targets.find((t) => t.target.id === other!.job.target.id)?.paused?.reason).toBe('unreadable');
    expect(status.platforms).toEqual([
      { platform: 'linkedin', enabled: true, pageLoadsLastHour: 3, maxPageLoadsPerHour: 30 },
    ]);

    const snap = DispatcherSnapshot.parse(JSON.parse(JSON.stringify(d.snapshot())));
    const restored = new SweepDispatcher({
      settings: { linkedin: on({ kinds: ['notifications', 'dms'] }) },
      targets,
      now: clock.now(),
      random: seededRandom(1),
      ids: sequentialIds(),
      snapshot: snap,
    });
    const after = restored.status(clock.now());
    expect(after.targets).toEqual(status.targets);
    expect(after.platforms).toEqual(status.platforms);
    restored.browserConnected(browser('s2', [['linkedin', 'acme']]), clock.now());
    const [again] = next(restored, clock);
    expect(again!.job.watermark?.lanes['']?.ids).toEqual(['a']);
  });

  it('reschedules, soon, a target whose job was running when the companion stopped', () => {
    const { clock, d, targets } = setup();
    d.browserConnected(browser('s1', [['linkedin', 'acme']]), clock.now());
    next(d, clock);
    const snap = DispatcherSnapshot.parse(JSON.parse(JSON.stringify(d.snapshot())));
    expect(snap.pageLoads.linkedin).toEqual([{ at: clock.now().toISOString(), loads: 2 }]); // its budget is charged
    const restored = new SweepDispatcher({
      settings: { linkedin: on({ kinds: ['notifications'] }) },
      targets,
      now: clock.now(),
      random: seededRandom(1),
      ids: sequentialIds(),
      snapshot: snap,
    });
    restored.browserConnected(browser('s9', [['linkedin', 'acme']]), clock.now());
    expect(next(restored, clock, 3)).toHaveLength(1);
  });
});
