import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item, LogEvent } from '../../shared/model.js';
import type { MemberAccess } from '../../shared/permissions.js';
import type { NoticePushFrame } from '../../shared/protocol/frames.js';
import { SweepJobPushFrame } from '../../shared/protocol/frames.js';
import {
  SweepReport,
  SweepSettings,
  sweepTextHash,
  type SweepJob,
  type SweepReportInput,
  type SweepSettingsInput,
} from '../../shared/sweeps.js';
import { manualClock } from '../clock.js';
import { sequentialIds } from '../ids.js';
import { quietLogger } from '../log.js';
import type { SelectorSource } from '../selectors-file.js';
import type { PushTarget } from '../server/broadcast.js';
import type { SqliteStore } from '../store/sqlite.js';
import { openTestStore, opId, sampleItem, tempDir, type TempDir } from '../store/test-helpers.js';
import { seededRandom } from './schedule.js';
import { createSweepService, type SweepService, type SweepServiceOptions } from './service.js';

const MIN = 60_000;
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', timeZone: 'UTC' };
const on = (over: SweepSettingsInput = {}) =>
  SweepSettings.parse({ enabled: true, jitter: 0, workingHours: ALWAYS, kinds: ['notifications'], ...over });

let dir: TempDir;
let store: SqliteStore;
let service: SweepService;
const clock = manualClock('2026-03-02T10:00:00.000Z');
let published: { event: LogEvent; item: Item | null }[] = [];
let notices: { to: readonly string[]; notice: NoticePushFrame['payload'] }[] = [];
let selectorsVersion = 'none';
const selectors: SelectorSource = { get: async () => ({ overrides: {}, version: selectorsVersion }) };
let intervals: { ms: number; cleared: boolean }[] = [];

class FakeBrowser implements PushTarget {
  readonly jobs: SweepJob[] = [];
  isOpen = true;
  bufferedAmount = 0;
  constructor(
    readonly id: string,
    readonly member: MemberAccess,
  ) {}
  send(data: string): void {
    this.jobs.push(SweepJobPushFrame.parse(JSON.parse(data)).payload.job);
  }
  close(): void {
    this.isOpen = false;
  }
}

async function start(over: Partial<SweepServiceOptions> = {}): Promise<SweepService> {
  service = await createSweepService({
    store,
    clock,
    ids: sequentialIds(),
    logger: quietLogger,
    selectors,
    publish: (events) => published.push(...events),
    notify: (to, notice) => notices.push({ to, notice }),
    random: seededRandom(3),
    timeZone: 'Europe/Stockholm',
    setInterval: (_fn, ms) => {
      const h = { ms, cleared: false };
      intervals.push(h);
      return h as { unref?: () => void };
    },
    clearInterval: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
    ...over,
  });
  return service;
}

async function team() {
  const admin = (await store.createMember('Ada', 'admin')).member;
  const lead = (await store.createMember('Lena', 'lead')).member;
  const agent = (await store.createMember('Arvid', 'agent')).member;
  await store.updateMember(opId('promote'), admin.id, lead.id, { role: 'lead' });
  const access = async (id: string) => (await store.getMemberAccess(id))!;
  return { admin: await access(admin.id), lead: await access(lead.id), agent: await access(agent.id) };
}

const signedIn = (handle = 'acme', seenAt = '2026-03-02T09:00:00.000Z') => [
  { platform: 'linkedin' as const, handle, seenAt },
];

async function advertise(b: FakeBrowser, profiles = signedIn(), busy = false) {
  (await service.advertise({ id: b.id, member: b.member, target: b }, { signedIn: profiles, busy }))();
}

/** Moves the clock and ticks until a job goes out to one of the browsers. */
async function nextJob(browsers: FakeBrowser[], minutes = 30): Promise<{ browser: FakeBrowser; job: SweepJob }> {
  const before = browsers.map((b) => b.jobs.length);
  for (let i = 0; i < minutes; i++) {
    clock.advance(MIN);
    await service.tick();
    const got = browsers.findIndex((b, j) => b.jobs.length > before[j]!);
    if (got >= 0) return { browser: browsers[got]!, job: browsers[got]!.jobs.at(-1)! };
  }
  throw new Error('no job');
}

const report = (jobId: string, over: Partial<SweepReportInput> = {}) =>
  SweepReport.parse({ jobId, outcome: 'ok', pageLoads: 2, capturedCount: 0, ...over });

const seen = (nativeId: string, minute: number, text: string) => ({
  nativeId,
  at: `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`,
  hash: sweepTextHash(text),
  postId: null,
});

beforeEach(async () => {
  dir = tempDir();
  clock.set('2026-03-02T10:00:00.000Z');
  published = [];
  notices = [];
  intervals = [];
  selectorsVersion = 'none';
  store = await openTestStore(dir.file(), { clock });
  await store.saveProfile(opId('p1'), null, { platform: 'linkedin', handle: 'acme', displayName: null });
});
afterEach(async () => {
  await service?.stop();
  await store.close();
  dir.remove();
});

describe('the sweep service', () => {
  it('ticks on the injected interval and stops', async () => {
    await start({ everyMs: 30_000 });
    service.start();
    expect(intervals).toEqual([{ ms: 30_000, cleared: false }]);
    await service.stop();
    expect(intervals[0]!.cleared).toBe(true);
  });

  it('fills the working-hours zone from the machine when a platform is first written, and keeps what is sent after', async () => {
    const { admin } = await team();
    await start();
    const all = await service.settings();
    expect(Object.keys(all)).toHaveLength(7);
    expect(all.x).toMatchObject({ enabled: false, workingHours: { timeZone: 'Europe/Stockholm' } });

    const first = await service.saveSettings(opId('s1'), admin.id, {
      linkedin: SweepSettings.parse({ enabled: true }), // the default zone: UTC
      x: SweepSettings.parse({ workingHours: { timeZone: 'America/New_York' } }),
    });
    expect(first.mutation.value.linkedin?.workingHours.timeZone).toBe('Europe/Stockholm');
    expect(first.mutation.value.x?.workingHours.timeZone).toBe('America/New_York');
    expect(first.mutation.events.map((e) => e.event.data)).toEqual([
      { type: 'sweeps.settings_saved', enabled: ['linkedin'] },
    ]);
    const again = await service.saveSettings(opId('s2'), admin.id, {
      linkedin: SweepSettings.parse({ enabled: true }),
    });
    expect(again.mutation.value.linkedin?.workingHours.timeZone).toBe('UTC'); // no longer the first write
    expect(again.mutation.value.x?.workingHours.timeZone).toBe('America/New_York'); // other platforms keep theirs
    const replay = await service.saveSettings(opId('s2'), admin.id, { linkedin: SweepSettings.parse({}) });
    expect(replay.mutation.duplicate).toBe(true);
    expect((await store.getSweepSettings()).settings.linkedin?.enabled).toBe(true);
  });

  it('gives a job to exactly one signed-in browser, requeues it when that one leaves, and commits each step', async () => {
    const { admin, agent } = await team();
    await start();
    await service.saveSettings(opId('s1'), admin.id, { linkedin: on() });
    const a = new FakeBrowser('conn_a', admin);
    const b = new FakeBrowser('conn_b', agent);
    const elsewhere = new FakeBrowser('conn_c', agent);
    await advertise(a);
    await advertise(b);
    await advertise(elsewhere, signedIn('acme-eu'));
    const { browser, job } = await nextJob([a, b, elsewhere]);
    expect([a, b, elsewhere].reduce((n, x) => n + x.jobs.length, 0)).toBe(1);
    expect(job.target.id).toBe('linkedin:acme:notifications');

    const other = browser === a ? b : a;
    service.leave(browser.id);
    await service.tick(); // the leave is queued; the tick runs after it
    expect(other.jobs).toHaveLength(1);
    const next = other.jobs[0]!;
    expect(next.jobId).not.toBe(job.jobId);
    expect((await store.listSweepLog()).map((r) => [r.event, r.outcome, r.jobId])).toEqual([
      ['requeued', 'disconnected', job.jobId],
    ]);
    expect(service.renew(browser.id, next.jobId)).toBeNull();
    expect(service.renew(other.id, next.jobId)).not.toBeNull();

    const r = await service.report(other.id, report(next.jobId, { seen: [seen('a', 1, 'hello')], capturedCount: 1 }));
    expect(r.accepted).toBe(true);
    expect((await service.report(other.id, report(next.jobId))).accepted).toBe(false); // once
    expect(service.status().targets[0]).toMatchObject({ lastSuccessAt: clock.now().toISOString(), paused: null });
    const rows = await store.listSweepLog({ event: 'succeeded' });
    expect(rows).toEqual([
      expect.objectContaining({
        targetId: 'linkedin:acme:notifications',
        platform: 'linkedin',
        profile: 'acme',
        kind: 'notifications',
        outcome: 'ok',
        memberId: other.member.id,
        pageLoads: 2,
        captured: 1,
        newItems: 1,
        edited: 0,
      }),
    ]);
    const { state } = await store.getSweepState();
    expect(state?.snapshot.targets['linkedin:acme:notifications']?.watermark?.lanes['']?.ids).toEqual(['a']);
  });

  it('turns edits and deletions of stored items into item events, and skips items nobody captured', async () => {
    const { admin } = await team();
    await start();
    await service.saveSettings(opId('s1'), admin.id, { linkedin: on() });
    const li = (n: string) => sampleItem(1, { platform: 'linkedin', nativeId: n, profile: 'acme' });
    await store.captureItem(opId('c1'), admin.id, li('a'));
    await store.captureItem(opId('c2'), admin.id, li('b'));
    const a = new FakeBrowser('conn_a', admin);
    await advertise(a);
    const first = (await nextJob([a])).job;
    const window = [seen('a', 1, 'hello'), seen('b', 2, 'bye'), seen('ghost', 3, 'boo'), seen('c', 4, 'new')];
    (
      await service.report(a.id, report(first.jobId, { seen: window, lanes: [{ lane: '', complete: true }] }))
    ).deliver();
    expect(published).toEqual([]);

    const second = (await nextJob([a])).job;
    expect(second.watermark?.window).toHaveLength(4);
    const now = [seen('a', 1, 'hello, edited'), seen('c', 4, 'new')]; // b and ghost are gone
    const r = await service.report(a.id, report(second.jobId, { seen: now, lanes: [{ lane: '', complete: true }] }));
    r.deliver();
    expect(published.map((e) => [e.event.itemKey, e.event.data])).toEqual([
      [
        'linkedin:a',
        {
          type: 'item.edited',
          via: 'sweep',
          previousHash: sweepTextHash('hello'),
          hash: sweepTextHash('hello, edited'),
        },
      ],
      ['linkedin:b', { type: 'item.deleted', via: 'sweep' }],
    ]);
    expect(published.every((e) => e.event.memberId === admin.id)).toBe(true);
    expect((await store.getItem('linkedin:b'))?.goneAt).toBe(clock.now().toISOString());
    expect(await store.getItem('linkedin:a')).not.toHaveProperty('goneAt');
    expect((await store.listSweepLog({ event: 'succeeded' })).at(-1)).toMatchObject({
      newItems: 0,
      edited: 1,
      deleted: 2,
    });

    // The watermark holds: the same items again add no edits.
    published = [];
    const third = (await nextJob([a])).job;
    (await service.report(a.id, report(third.jobId, { seen: now, lanes: [{ lane: '', complete: true }] }))).deliver();
    expect(published).toEqual([]);
  });

  it('pauses on signed_out, tells leads and admins only, and resumes when a browser is seen signed in again', async () => {
    const { admin, lead, agent } = await team();
    await start();
    await service.saveSettings(opId('s1'), admin.id, { linkedin: on({ kinds: ['notifications', 'dms'] }) });
    const b = new FakeBrowser('conn_b', agent);
    await advertise(b);
    const { job } = await nextJob([b]);
    (await service.report(b.id, report(job.jobId, { outcome: 'signed_out', pageLoads: 1 }))).deliver();
    const message = "You're signed out of LinkedIn (acme) — sweeps paused until someone signs in again";
    expect(notices).toEqual([
      {
        to: expect.arrayContaining([admin.id, lead.id]),
        notice: {
          kind: 'sweep.paused',
          message,
          targetId: job.target.id,
          targetIds: expect.arrayContaining(['linkedin:acme:notifications', 'linkedin:acme:dms']),
          platform: 'linkedin',
          profile: 'acme',
          reason: 'signed_out',
          at: clock.now().toISOString(),
        },
      },
    ]);
    expect(notices[0]!.to).not.toContain(agent.id);
    expect(service.status().targets.every((t) => t.paused?.message === message)).toBe(true);
    expect((await store.listSweepLog({ event: 'paused' })).map((r) => [r.outcome, r.pageLoads])).toEqual([
      ['signed_out', 1],
      ['signed_out', 0],
    ]);

    clock.advance(5 * MIN);
    await advertise(b, signedIn('acme', clock.now().toISOString()));
    expect(service.status().targets.every((t) => t.paused === null)).toBe(true);
    expect((await store.listSweepLog({ event: 'resumed' })).map((r) => r.outcome)).toEqual(['signed_in', 'signed_in']);
  });

  it('drops sign-ins outside the member’s networks', async () => {
    const { admin, agent } = await team();
    await store.updateMember(opId('nets'), admin.id, agent.id, { networks: ['x'] });
    const xOnly = (await store.getMemberAccess(agent.id))!;
    await start();
    await service.saveSettings(opId('s1'), admin.id, { linkedin: on() });
    const b = new FakeBrowser('conn_b', xOnly);
    await advertise(b, signedIn('acme', '2030-01-01T00:00:00.000Z'));
    await expect(nextJob([b], 10)).rejects.toThrow('no job');
  });

  it('resumes unreadable targets when selectors.json changes, and a person resumes any pause', async () => {
    const { admin } = await team();
    await start();
    await service.saveSettings(opId('s1'), admin.id, { linkedin: on({ kinds: ['notifications', 'dms'] }) });
    const a = new FakeBrowser('conn_a', admin);
    await advertise(a);
    const { job } = await nextJob([a]);
    await service.report(a.id, report(job.jobId, { outcome: 'unreadable' }));
    expect(service.status().targets.find((t) => t.target.id === job.target.id)?.paused?.reason).toBe('unreadable');
    await service.tick(); // same selectors: still paused
    expect(service.status().targets.find((t) => t.target.id === job.target.id)?.paused).not.toBeNull();
    selectorsVersion = '3f9a0c1d2b4e5f60';
    await service.tick();
    expect(service.status().targets.find((t) => t.target.id === job.target.id)?.paused).toBeNull();
    expect((await store.listSweepLog({ event: 'resumed' })).map((r) => r.outcome)).toEqual(['selectors']);

    expect((await service.resume('linkedin:acme:nope', admin.id)).resumed).toBeNull();
    expect((await service.resume(job.target.id, admin.id)).resumed).toBe(false); // not paused
  });

  it('keeps settings, watermarks, pauses and the last success across a restart', async () => {
    const { admin } = await team();
    await start();
    await service.saveSettings(opId('s1'), admin.id, { linkedin: on({ kinds: ['notifications', 'dms'] }) });
    const a = new FakeBrowser('conn_a', admin);
    await advertise(a);
    const first = await nextJob([a]);
    await service.report(a.id, report(first.job.jobId, { seen: [seen('a', 1, 'hello')] }));
    const second = await nextJob([a]);
    await service.report(a.id, report(second.job.jobId, { outcome: 'unreadable' }));
    const before = service.status();
    await service.stop();

    await start({ ids: sequentialIds() });
    const after = service.status();
    expect(after.targets.map((t) => [t.target.id, t.lastSuccessAt, t.paused?.reason ?? null])).toEqual(
      before.targets.map((t) => [t.target.id, t.lastSuccessAt, t.paused?.reason ?? null]),
    );
    expect((await service.settings()).linkedin?.enabled).toBe(true);
    const b = new FakeBrowser('conn_b2', admin);
    await advertise(b);
    const again = await nextJob([b]);
    expect(again.job.target.id).toBe(first.job.target.id);
    expect(again.job.watermark?.lanes['']?.ids).toEqual(['a']);
  });

  it('picks up a profile saved elsewhere on the next tick', async () => {
    const { admin } = await team();
    await start();
    await service.saveSettings(opId('s1'), admin.id, { linkedin: on() });
    await store.saveProfile(opId('p2'), null, { platform: 'linkedin', handle: 'beta', displayName: null });
    await service.tick();
    expect(service.status().targets.map((t) => t.target.id)).toEqual([
      'linkedin:acme:notifications',
      'linkedin:beta:notifications',
    ]);
  });
});
