/**
 * Sweeps over a real socket (docs/sweeps.md): browsers advertise, exactly one
 * gets each job, a job whose browser leaves goes to another, reports move the
 * watermark and write item events, a sign-out pauses the target and tells the
 * leads, agents cannot change the settings, live views count as coverage of
 * their page, and everything survives a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model.js';
import type { NoticePushFrame, PushFrame, SweepJobPushFrame } from '../../shared/protocol/frames.js';
import {
  SweepReport,
  SweepSettings,
  sweepTextHash,
  type LiveViewBeat,
  type SweepJob,
  type SweepReportInput,
} from '../../shared/sweeps.js';
import { manualClock } from '../../companion/clock.js';
import { readSweepsStatus } from '../../companion/cli/status.js';
import { seededRandom } from '../../companion/sweeps/schedule.js';
import { authed, opId, pairNew, type Credentials, type Frame, type TestClient } from './client.js';
import { startTestCompanion, type TestCompanion } from './companion.js';

const MIN = 60_000;
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', timeZone: 'UTC' };
const LINKEDIN = SweepSettings.parse({ enabled: true, kinds: ['notifications'], jitter: 0, workingHours: ALWAYS });
const TARGET = 'linkedin:acme:notifications';

let c: TestCompanion;
const open: TestClient[] = [];
const clock = manualClock('2026-03-02T10:00:00.000Z');

const start = (dataDir?: string) =>
  startTestCompanion({
    clock,
    sweeps: { random: seededRandom(11), timeZone: 'UTC' },
    ...(dataDir ? { dataDir } : {}),
  });

async function member(name: string): Promise<{ client: TestClient; creds: Credentials; id: string }> {
  const { code } = await c.createPairingCode();
  const { client, creds } = await pairNew(c.port, code, name);
  open.push(client);
  await client.call('subscribe', { sinceSeq: await c.store.headSeq() });
  return { client, creds, id: creds.member.id };
}

const isJob = (f: Frame): f is SweepJobPushFrame => 'type' in f && f.type === 'sweep.job';
const isNotice = (f: Frame): f is NoticePushFrame => 'type' in f && f.type === 'notice';
const jobOf = async (client: TestClient, ms = 1000): Promise<SweepJob> =>
  ((await client.take(isJob, ms)) as SweepJobPushFrame).payload.job;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first job any of these clients received (within a second), taken from its inbox. */
async function firstJob(clients: TestClient[]): Promise<{ client: TestClient; job: SweepJob }> {
  for (let i = 0; i < 50; i++) {
    const client = clients.find((x) => x.pendingOf('sweep.job').length > 0);
    if (client) return { client, job: await jobOf(client) };
    await sleep(20);
  }
  throw new Error('no sweep.job within a second');
}

/** The next event push of `type`, skipping others. */
async function pushOf(client: TestClient, type: string): Promise<PushFrame> {
  for (;;) {
    const push = await client.nextPush();
    if (push.payload.event.data.type === type) return push;
  }
}

/** Moves the clock and runs the companion's sweep tick (the 30 s timer does the same). */
async function tick(minutes: number): Promise<void> {
  clock.advance(minutes * MIN);
  await c.sweeps.tick();
}

const signedIn = (handle = 'acme') => ({
  signedIn: [{ platform: 'linkedin' as const, handle, seenAt: clock.now().toISOString() }],
  busy: false,
});

function linkedinItem(n: number, text: string): CapturedItem {
  const nativeId = `71000000000000000${n}`;
  return {
    platform: 'linkedin',
    nativeId,
    kind: 'comment',
    profile: 'acme',
    author: { handle: 'ana-example', name: 'Ana Example', url: 'https://www.linkedin.com/in/ana-example' },
    text,
    permalink: `https://www.linkedin.com/feed/update/urn:li:activity:${nativeId}`,
    siteTimestamp: `2026-03-02T09:0${n}:00.000Z`,
    parentId: null,
    threadId: null,
    lang: 'en',
  };
}

const seenOf = (item: CapturedItem, text = item.text) => ({
  nativeId: item.nativeId,
  at: item.siteTimestamp,
  hash: sweepTextHash(text),
  postId: null,
});

const report = (jobId: string, over: Partial<SweepReportInput> = {}) => ({
  report: SweepReport.parse({
    jobId,
    outcome: 'ok',
    pageLoads: 2,
    capturedCount: 0,
    lanes: [{ lane: '', complete: true }],
    ...over,
  }),
});

/** Admin Ana, lead Lena, agent Arvid; Ana saves the LinkedIn profile and switches LinkedIn sweeps on. */
async function team() {
  const ana = await member('Ana');
  const lena = await member('Lena');
  const arvid = await member('Arvid');
  await ana.client.call('member.update', { opId: opId(), id: lena.id, role: 'lead' });
  await ana.client.call('profile.save', { opId: opId(), platform: 'linkedin', handle: 'acme', displayName: 'Acme' });
  await lena.client.call('sweeps.settings.set', { opId: opId(), settings: { linkedin: LINKEDIN } });
  return { ana, lena, arvid };
}

beforeEach(async () => {
  clock.set('2026-03-02T10:00:00.000Z');
  c = await start();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

describe('sweeps on the wire', () => {
  it('gives each job to exactly one signed-in browser, moves it when that one leaves, and keeps the watermark', async () => {
    const { ana, lena, arvid } = await team();
    const items = [linkedinItem(1, 'Where is my parcel?'), linkedinItem(2, 'Thanks!')];
    for (const item of items) await ana.client.call('item.capture', { opId: opId(), item });

    await ana.client.call('sweeps.advertise', signedIn());
    await arvid.client.call('sweeps.advertise', signedIn());
    await lena.client.call('sweeps.advertise', signedIn('acme-eu')); // signed in to another account
    await tick(3);
    const { client: receiver, job: first } = await firstJob([ana.client, arvid.client, lena.client]);
    await sleep(100);
    const others = [ana, arvid, lena].filter((m) => m.client.pendingOf('sweep.job').length > 0);
    expect(others).toEqual([]); // the one job was taken above; nobody else got one
    expect(receiver).not.toBe(lena.client);
    expect(first).toMatchObject({ target: { id: TARGET, platform: 'linkedin', profile: 'acme' }, watermark: null });
    const running = (await lena.client.call('sweeps.status', {})).targets[0]!.running!;
    const [gone, stays] = receiver === ana.client ? [ana, arvid] : [arvid, ana];
    expect(running.memberId).toBe(gone.id);

    // The browser running it goes away mid-job: the other gets the job at once.
    await gone.client.close();
    const moved = await jobOf(stays.client);
    expect(moved.target.id).toBe(TARGET);
    expect(moved.jobId).not.toBe(first.jobId);
    expect(await stays.client.call('sweep.renew', { jobId: moved.jobId })).toMatchObject({
      leaseUntil: expect.any(String),
    });
    expect(await lena.client.call('sweep.renew', { jobId: moved.jobId })).toEqual({ leaseUntil: null });
    const back = await authed(c.port, gone.creds); // back, but not offering sweeps
    open.push(back);

    const all = items.map((i) => seenOf(i));
    expect(await stays.client.call('sweep.report', report(moved.jobId, { seen: all }))).toEqual({ accepted: true });
    expect(await stays.client.call('sweep.report', report(moved.jobId, { seen: all }))).toEqual({ accepted: false });
    const status = await lena.client.call('sweeps.status', {});
    expect(status.targets).toEqual([
      expect.objectContaining({
        target: { id: TARGET, platform: 'linkedin', profile: 'acme', kind: 'notifications' },
        enabled: true,
        lastSuccessAt: clock.now().toISOString(),
        running: null,
        paused: null,
      }),
    ]);

    // Ten minutes on: the same items again change nothing.
    const head = await c.store.headSeq();
    await tick(11);
    const second = await jobOf(stays.client);
    expect(second.watermark?.lanes['']?.ids).toEqual([items[1]!.nativeId]);
    expect(await stays.client.call('sweep.report', report(second.jobId, { seen: all }))).toEqual({ accepted: true });
    expect(await c.store.headSeq()).toBe(head);

    // An edited text is an item.edited event, heard by every subscriber.
    await tick(11);
    const third = await jobOf(stays.client);
    await stays.client.call(
      'sweep.report',
      report(third.jobId, { seen: [seenOf(items[0]!, 'Where is my parcel??'), all[1]!] }),
    );
    const edited = await pushOf(lena.client, 'item.edited');
    expect(edited.payload.event).toMatchObject({
      itemKey: `linkedin:${items[0]!.nativeId}`,
      memberId: stays.id,
      data: {
        type: 'item.edited',
        via: 'sweep',
        previousHash: all[0]!.hash,
        hash: sweepTextHash('Where is my parcel??'),
      },
    });
    expect(edited.payload.item?.text).toBe('Where is my parcel?'); // the item keeps the text it was captured with
  });

  it('pauses a signed-out target in plain words, tells the lead and not the agent, and a person resumes it', async () => {
    const { ana, lena, arvid } = await team();
    await arvid.client.call('sweeps.advertise', signedIn());
    await tick(3);
    const job = await jobOf(arvid.client);
    await arvid.client.call('sweep.report', report(job.jobId, { outcome: 'signed_out', pageLoads: 1 }));
    const message = "You're signed out of LinkedIn (acme) — sweeps paused until someone signs in again";
    const notice = (await lena.client.take(isNotice)) as NoticePushFrame;
    expect(notice.payload).toEqual({
      kind: 'sweep.paused',
      message,
      targetId: TARGET,
      targetIds: [TARGET],
      platform: 'linkedin',
      profile: 'acme',
      reason: 'signed_out',
      at: clock.now().toISOString(),
    });
    expect(await ana.client.take(isNotice)).toMatchObject({ payload: { kind: 'sweep.paused' } }); // admins too
    await sleep(100);
    expect(arvid.client.pendingOf('notice')).toEqual([]);
    const { targets } = await arvid.client.call('sweeps.status', {});
    expect(targets[0]).toMatchObject({ paused: { reason: 'signed_out', message }, nextRunAt: null });

    await tick(30);
    expect(arvid.client.pendingOf('sweep.job')).toEqual([]); // paused: no jobs
    expect(await arvid.client.call('sweep.resume', { targetId: TARGET })).toEqual({ resumed: true });
    expect(await arvid.client.call('sweep.resume', { targetId: TARGET })).toEqual({ resumed: false });
    const missing = await arvid.client.expectError('sweep.resume', { targetId: 'linkedin:nobody:dms' });
    expect(missing.error.code).toBe('NOT_FOUND');
    expect((await arvid.client.call('sweeps.status', {})).targets[0]!.paused).toBeNull();
  });

  it('inlay status says, per target, when it was last swept, when it runs next, and why it is paused', async () => {
    const { ana, arvid } = await team();
    await ana.client.call('profile.save', { opId: opId(), platform: 'linkedin', handle: 'beta', displayName: null });
    await arvid.client.call('sweeps.advertise', {
      signedIn: [...signedIn().signedIn, ...signedIn('beta').signedIn],
      busy: false,
    });
    await tick(3);
    const jobs = [await jobOf(arvid.client)];
    await arvid.client.call('sweep.report', report(jobs[0]!.jobId)); // frees the browser for the other profile
    jobs.push(await jobOf(arvid.client));
    const byProfile = new Map(jobs.map((j) => [j.target.profile, j]));
    await arvid.client.call('sweep.report', report(byProfile.get('beta')!.jobId, { outcome: 'challenge' }));
    clock.advance(4 * MIN);

    // The store holds what the status needs, running companion or not.
    const s = await readSweepsStatus(c.store, clock.now(), true);
    expect(s.enabled).toEqual(['linkedin']);
    expect(s.targets.map((t) => t.words)).toEqual([
      "LinkedIn's notifications page (acme): last swept 4 min ago; next run in 6 min.",
      "LinkedIn's notifications page (beta): paused since 4 min ago — LinkedIn showed a security check (captcha) (beta) — sweeps paused until someone opens linkedin.com and passes it. Never swept yet.",
    ]);
    const stopped = await readSweepsStatus(c.store, clock.now(), false);
    expect(stopped.targets[0]!.words).toBe(
      "LinkedIn's notifications page (acme): last swept 4 min ago; next run when the companion runs.",
    );
    expect(stopped.targets[1]).toMatchObject({ paused: { reason: 'challenge' }, lastSuccessAt: null });
  });

  it('tells anyone what share of the last days sweeps covered, per profile and page', async () => {
    const { lena, arvid } = await team();
    await arvid.client.call('sweeps.advertise', signedIn());
    await tick(3);
    const first = await jobOf(arvid.client);
    await arvid.client.call('sweep.report', report(first.jobId));
    const t1 = clock.now().getTime();
    await tick(11);
    const second = await jobOf(arvid.client);
    await arvid.client.call('sweep.report', report(second.jobId));
    const t2 = clock.now().getTime();
    clock.advance(5 * MIN); // not swept since: not covered yet

    const DAY = 24 * 60 * MIN;
    const covered = 20 * MIN + (t2 - t1); // the first sweep vouches for twice the cadence before it
    const day = await arvid.client.call('sweeps.coverage', { days: 1 });
    expect(day).toEqual({
      from: new Date(clock.now().getTime() - DAY).toISOString(),
      to: clock.now().toISOString(),
      leftOut: 0,
      profiles: [
        {
          platform: 'linkedin',
          profile: 'acme',
          periodMs: DAY,
          coveredMs: covered,
          share: covered / DAY,
          targets: [
            { targetId: TARGET, kind: 'notifications', sweptMs: covered, coveredMs: covered, share: covered / DAY },
          ],
        },
      ],
    });
    const week = await lena.client.request('sweeps.coverage', {}); // 7 days unless asked
    expect(week).toMatchObject({
      ok: true,
      result: {
        from: new Date(clock.now().getTime() - 7 * DAY).toISOString(),
        profiles: [{ periodMs: 7 * DAY, coveredMs: covered }],
      },
    });
    for (const payload of [{ days: 0 }, { days: 91 }, { days: 1.5 }, { days: 7, platform: 'linkedin' }]) {
      expect((await arvid.client.expectError('sweeps.coverage', payload)).error.code).toBe('BAD_FRAME');
    }
    // inlay status reads the same from the database.
    const status = await readSweepsStatus(c.store, clock.now(), true);
    expect(status.coverage).toMatchObject({ days: 7, profiles: [{ coveredMs: covered, words: expect.any(String) }] });
  });

  it('keeps the list pages people had in view as live views, and counts them as coverage of that page', async () => {
    const { ana, arvid } = await team();
    const vera = await member('Vera');
    await ana.client.call('member.update', { opId: opId(), id: vera.id, role: 'viewer' });
    const beat = (over: Partial<LiveViewBeat> = {}): LiveViewBeat => ({
      platform: 'linkedin',
      profile: 'Acme',
      kind: 'notifications',
      viewedMs: MIN,
      ...over,
    });
    const t0 = clock.now().getTime();
    expect(await arvid.client.call('sweeps.viewed', beat({ viewedMs: 0 }))).toEqual({ recorded: true });
    for (let m = 1; m <= 10; m++) {
      clock.advance(MIN);
      expect(await arvid.client.call('sweeps.viewed', beat())).toEqual({ recorded: true });
    }
    // the inbox list: kept, but LinkedIn's settings sweep only the notifications here
    expect(await arvid.client.call('sweeps.viewed', beat({ kind: 'dms' }))).toEqual({ recorded: true });
    // not one of our profiles: nothing kept
    expect(await arvid.client.call('sweeps.viewed', beat({ profile: 'someone-else' }))).toEqual({ recorded: false });
    expect(await c.store.listLiveViews({ since: new Date(0).toISOString(), until: clock.now().toISOString() })).toEqual(
      [
        {
          platform: 'linkedin',
          profile: 'acme',
          kind: 'notifications',
          memberId: arvid.id,
          from: new Date(t0).toISOString(),
          to: new Date(t0 + 10 * MIN).toISOString(),
        },
        expect.objectContaining({ kind: 'dms', from: new Date(t0 + 9 * MIN).toISOString() }),
      ],
    );
    clock.advance(5 * MIN);
    const DAY = 24 * 60 * MIN;
    const day = await vera.client.call('sweeps.coverage', { days: 1 }); // viewers read it
    expect(day.profiles).toEqual([
      {
        platform: 'linkedin',
        profile: 'acme',
        periodMs: DAY,
        coveredMs: 10 * MIN,
        share: (10 * MIN) / DAY,
        targets: [
          { targetId: TARGET, kind: 'notifications', sweptMs: 0, coveredMs: 10 * MIN, share: (10 * MIN) / DAY },
        ],
      },
    ]);

    // a viewer's browser captures nothing by itself, so its view is no coverage; nor another network's
    expect((await vera.client.expectError('sweeps.viewed', beat())).error.code).toBe('FORBIDDEN');
    await ana.client.call('member.update', { opId: opId(), id: arvid.id, networks: ['x'] });
    const outside = await arvid.client.expectError('sweeps.viewed', beat());
    expect(outside.error).toEqual({
      code: 'FORBIDDEN',
      message: 'You work on X only: ask an admin to add LinkedIn to your networks.',
    });
    for (const payload of [
      { ...beat(), kind: 'recent-posts' },
      beat({ viewedMs: 120_001 }),
      beat({ viewedMs: -1 }),
      { ...beat(), memberId: ana.id },
    ]) {
      expect((await ana.client.expectError('sweeps.viewed', payload)).error.code).toBe('BAD_FRAME');
    }
  });

  it('lets only leads and admins change the settings, in plain words, and everyone read them', async () => {
    const { arvid } = await team();
    const head = await c.store.headSeq();
    const refused = await arvid.client.expectError('sweeps.settings.set', {
      opId: opId(),
      settings: { linkedin: { enabled: false } },
    });
    expect(refused.error).toEqual({
      code: 'FORBIDDEN',
      message: 'Only leads and admins can change sweep settings — ask one.',
    });
    expect(await c.store.headSeq()).toBe(head);
    const { settings } = await arvid.client.call('sweeps.settings.get', {});
    expect(settings.linkedin).toMatchObject({ enabled: true, kinds: ['notifications'], workingEveryMinutes: 10 });
    expect(settings.x).toMatchObject({ enabled: false });
    const bad = await arvid.client.expectError('sweeps.advertise', {
      signedIn: [{ platform: 'myspace' }],
      busy: false,
    });
    expect(bad.error.code).toBe('BAD_FRAME');
  });

  it('keeps the settings, the last success, pauses and the watermark across a restart on the same data folder', async () => {
    const dataDir = c.dataDir;
    const { ana } = await team();
    await ana.client.call('profile.save', { opId: opId(), platform: 'x', handle: 'acme', displayName: null });
    const set = await ana.client.call('sweeps.settings.set', {
      opId: opId(),
      settings: { x: { ...LINKEDIN } },
    });
    expect(set.settings.x?.enabled).toBe(true);
    await ana.client.call('sweeps.advertise', {
      signedIn: [...signedIn().signedIn, { platform: 'x', handle: 'acme', seenAt: clock.now().toISOString() }],
      busy: false,
    });
    const item = linkedinItem(1, 'Hello');
    const done: string[] = [];
    for (let i = 0; i < 10 && done.length < 2; i++) {
      await tick(1);
      for (const f of ana.client.pendingOf('sweep.job')) {
        const job = (await ana.client.take((x) => x === f)) as SweepJobPushFrame;
        const outcome = job.payload.job.target.platform === 'x' ? 'unreadable' : 'ok';
        await ana.client.call('sweep.report', report(job.payload.job.jobId, { outcome, seen: [seenOf(item)] }));
        done.push(job.payload.job.target.id);
      }
    }
    expect(done.sort()).toEqual([TARGET, 'x:acme:notifications']);
    const before = await ana.client.call('sweeps.status', {});

    await Promise.all(open.splice(0).map((x) => x.close()));
    await c.close();
    c = await start(dataDir); // afterEach stops it and removes the folder
    const again = await authed(c.port, ana.creds);
    open.push(again);
    expect((await again.call('sweeps.settings.get', {})).settings).toMatchObject({
      linkedin: { enabled: true },
      x: { enabled: true },
    });
    const after = await again.call('sweeps.status', {});
    expect(after.targets.map((t) => [t.target.id, t.lastSuccessAt, t.paused?.reason ?? null])).toEqual(
      before.targets.map((t) => [t.target.id, t.lastSuccessAt, t.paused?.reason ?? null]),
    );
    expect(after.targets.find((t) => t.target.id === 'x:acme:notifications')?.paused?.reason).toBe('unreadable');
    await again.call('sweeps.advertise', signedIn());
    await tick(11);
    expect((await jobOf(again)).watermark?.lanes['']?.ids).toEqual([item.nativeId]);
  });
});
