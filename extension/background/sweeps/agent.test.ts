import { describe, expect, it, vi } from 'vitest';
import type { Item } from '../../../shared/model';
import { sweepTextHash, type SweepJob } from '../../../shared/sweeps';
import { StateHub } from '../state';
import type { SweepPageResult } from '../../messaging/messages';
import { SweepAgent, newestPosts, ownPosts, pickThreads, type SweepAgentDeps } from './agent';

function memoryArea() {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (keys: string[]) => Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]])),
    set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
    remove: async () => {},
  };
}

const job = (over: Partial<SweepJob> = {}): SweepJob => ({
  jobId: 'swj_1',
  target: { id: 'x:inlaydemo:notifications', platform: 'x', profile: 'inlaydemo', kind: 'notifications' },
  issuedAt: '2026-03-02T10:00:00.000Z',
  leaseUntil: '2026-03-02T10:08:00.000Z',
  maxPageLoads: 2,
  recentPosts: 0,
  maxReplyExpansions: 0,
  unreadThreads: 0,
  watermark: null,
  ...over,
});

const post = (id: string, at: string, handle = 'inlaydemo'): Item =>
  ({
    key: `x:${id}`,
    platform: 'x',
    nativeId: id,
    kind: 'post',
    profile: 'inlaydemo',
    author: { handle, name: null, url: null },
    permalink: `https://x.com/${handle}/status/${id}`,
    siteTimestamp: at,
    capturedAt: at,
  }) as unknown as Item;

/** The list pages the fake adapter names (`{profile}` is replaced). */
type Pages = Partial<Record<'notifications' | 'dms' | 'posts', string>>;

function setup(items: Item[] = [], pages: Pages = { notifications: 'https://x.com/notifications' }) {
  const storage = memoryArea();
  const state = new StateHub();
  const calls: Array<[string, unknown]> = [];
  let nextTab = 40;
  /** The clock and the connection, for tests that move them. */
  const env = { now: Date.parse('2026-03-02T10:00:00.000Z'), online: true };
  const tabs = {
    open: vi.fn(async () => nextTab++),
    navigate: vi.fn(async () => {}),
    close: vi.fn(async () => {}),
  };
  const deps: SweepAgentDeps = {
    tabs,
    storage,
    state,
    request: (async (type: string, payload: unknown) => {
      calls.push([type, payload]);
      if (type === 'sweep.renew') return { leaseUntil: null };
      if (type === 'sweep.report') return { accepted: true };
      return { recorded: true };
    }) as SweepAgentDeps['request'],
    online: () => env.online,
    items: async () => items,
    page: (platform, kind, profile) => pages[kind]?.replace('{profile}', profile) ?? null,
    timers: { setTimeout: () => null, clearTimeout: () => {}, now: () => env.now },
  };
  return { agent: new SweepAgent(deps), storage, state, calls, tabs, env };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A page's reading as the content script sends it. */
const read = (over: Partial<SweepPageResult> = {}): SweepPageResult => ({
  jobId: 'swj_1',
  outcome: 'ok',
  seen: [],
  complete: true,
  capturedCount: 0,
  message: null,
  threads: [],
  posts: [],
  ...over,
});

/** Waits until the agent has opened or navigated its tab to `url`, then answers that page. */
async function answer(
  agent: SweepAgent,
  tabs: { open: { mock: { calls: unknown[][] } }; navigate: { mock: { calls: unknown[][] } } },
  result: SweepPageResult,
): Promise<string> {
  for (let i = 0; i < 10; i++) await flush();
  const urls = [...tabs.open.mock.calls.map((c) => c[0]), ...tabs.navigate.mock.calls.map((c) => c[1])];
  agent.pageRead(agent.sweepTabId!, result);
  return String(urls.at(-1));
}

describe('sweep agent', () => {
  it('advertises what people’s pages saw signed in, remembers it, and never takes a sweep tab’s word', async () => {
    const { agent, storage, calls } = setup();
    await agent.init();
    await agent.connected();
    expect(calls).toEqual([['sweeps.advertise', { signedIn: [], busy: false }]]);
    await agent.sawSignedIn('x', '@inlaydemo', 3);
    expect(calls.at(-1)).toEqual([
      'sweeps.advertise',
      { signedIn: [{ platform: 'x', handle: 'inlaydemo', seenAt: '2026-03-02T10:00:00.000Z' }], busy: false },
    ]);
    expect((storage.data.sweeps as { signedIn: unknown[] }).signedIn).toHaveLength(1);
    await agent.sawSignedIn('x', 'InlayDemo', 3); // seen again at once: nothing new to say
    expect(calls).toHaveLength(2);

    agent.job(job());
    await flush();
    const sweepTab = agent.sweepTabId!;
    await agent.sawSignedIn('reddit', 'someone', sweepTab);
    expect(agent.signedIn.map((p) => p.platform)).toEqual(['x']);

    const again = setup();
    again.storage.data.sweeps = storage.data.sweeps;
    await again.agent.init();
    expect(again.agent.signedIn.map((p) => p.handle)).toEqual(['inlaydemo']);
  });

  it('forwards live views at most once per page every 50 s, never a sweep tab’s, and drops them offline', async () => {
    const { agent, calls, env } = setup();
    await agent.init();
    const beat = { platform: 'x' as const, profile: 'InlayDemo', kind: 'notifications' as const, viewedMs: 0 };
    await agent.sawLiveView(beat, 3);
    expect(calls).toEqual([['sweeps.viewed', beat]]);
    env.now += 49_000;
    await agent.sawLiveView({ ...beat, profile: '@inlaydemo', viewedMs: 49_000 }, 4); // the same page, too soon
    await agent.sawLiveView({ ...beat, kind: 'dms' }, 4); // another page: its own throttle
    expect(calls.map((c) => c[1])).toEqual([beat, { ...beat, kind: 'dms' }]);
    env.now += 11_000;
    await agent.sawLiveView({ ...beat, viewedMs: 60_000 }, 3);
    expect(calls.at(-1)).toEqual(['sweeps.viewed', { ...beat, viewedMs: 60_000 }]);

    env.now += 60_000;
    env.online = false; // not queued: a heartbeat replayed later would claim the wrong time
    await agent.sawLiveView({ ...beat, viewedMs: 120_000 }, 3);
    env.online = true;
    await agent.connected();
    expect(calls.filter((c) => c[0] === 'sweeps.viewed')).toHaveLength(3);

    agent.job(job());
    await flush();
    env.now += 60_000;
    await agent.sawLiveView(beat, agent.sweepTabId!);
    expect(calls.filter((c) => c[0] === 'sweeps.viewed')).toHaveLength(3);
  });

  it('runs a job in its own tab, answers that tab only, reports what it read and closes the tab', async () => {
    const { agent, state, calls, tabs } = setup();
    await agent.init();
    agent.job(job());
    await flush();
    expect(tabs.open).toHaveBeenCalledWith('https://x.com/notifications');
    expect(state.value.sweeps.running).toMatchObject({ jobId: 'swj_1', targetId: 'x:inlaydemo:notifications' });
    expect(calls.at(-1)).toEqual(['sweeps.advertise', { signedIn: [], busy: true }]);
    const tabId = agent.sweepTabId!;
    expect(await agent.tabInfo(tabId + 1)).toBeNull();
    expect(await agent.tabInfo(tabId)).toEqual({
      jobId: 'swj_1',
      platform: 'x',
      profile: 'inlaydemo',
      kind: 'notifications',
      step: 'list',
      lane: '',
      postId: null,
      maxReplyExpansions: 0,
    });
    const seen = [{ nativeId: '1', at: '2026-03-02T09:00:00.000Z', hash: 'abcd', postId: null }];
    agent.pageRead(tabId + 1, read({ capturedCount: 9 }));
    agent.pageRead(tabId, read({ seen, capturedCount: 1 }));
    await flush();
    await flush();
    expect(tabs.close).toHaveBeenCalledWith(tabId);
    expect(calls.find(([t]) => t === 'sweep.report')).toEqual([
      'sweep.report',
      {
        report: {
          jobId: 'swj_1',
          outcome: 'ok',
          pageLoads: 1,
          capturedCount: 1,
          seen,
          lanes: [{ lane: '', complete: true }],
          message: null,
        },
      },
    ]);
    expect(state.value.sweeps.running).toBeNull();
    expect(calls.at(-1)).toEqual(['sweeps.advertise', { signedIn: [], busy: false }]);
  });

  it('a signed-out page ends the job with that outcome; a closed tab fails it', async () => {
    const { agent, calls, tabs } = setup();
    await agent.init();
    agent.job(job());
    await flush();
    agent.pageRead(
      agent.sweepTabId!,
      read({ outcome: 'signed_out', complete: false, message: 'The site showed its sign-in page' }),
    );
    await flush();
    await flush();
    expect(calls.find(([t]) => t === 'sweep.report')?.[1]).toMatchObject({
      report: { outcome: 'signed_out', lanes: [], message: 'The site showed its sign-in page' },
    });
    agent.job(job({ jobId: 'swj_2' }));
    await flush();
    agent.tabClosed(agent.sweepTabId!);
    await flush();
    await flush();
    expect(calls.filter(([t]) => t === 'sweep.report').at(-1)?.[1]).toMatchObject({
      report: { jobId: 'swj_2', outcome: 'failed' },
    });
    expect(tabs.close).toHaveBeenCalledTimes(1); // the first tab; the second was closed by someone else
  });

  it('recent posts visit our newest own posts, at most recentPosts of them; a site without a page says so', async () => {
    const items = [
      post('100', '2026-03-01T10:00:00.000Z'),
      post('200', '2026-03-02T10:00:00.000Z'),
      post('300', '2026-03-02T11:00:00.000Z', 'someoneelse'),
    ];
    const { agent } = setup(items);
    const plan = await agent.plan(
      job({
        target: { id: 'x:inlaydemo:recent-posts', platform: 'x', profile: 'InlayDemo', kind: 'recent-posts' },
        recentPosts: 1,
      }),
    );
    expect(plan).toEqual([{ url: 'https://x.com/inlaydemo/status/200', step: 'thread', lane: '200', postId: '200' }]);
    expect(ownPosts(items, 'x', 'inlaydemo').map((i) => i.nativeId)).toEqual(['200', '100']);
    expect(
      await agent.plan(job({ target: { id: 'x:inlaydemo:dms', platform: 'x', profile: 'inlaydemo', kind: 'dms' } })),
    ).toMatchObject({
      outcome: 'unreadable',
    });
  });

  it('dms: reads the inbox list, then opens only conversations with something new, at most unreadThreads', async () => {
    const thread = (id: string, unread: boolean, preview: string) => ({
      id,
      url: `https://x.com/messages/${id}`,
      unread,
      at: '2026-03-02T09:00:00.000Z',
      preview,
    });
    const { agent, calls, tabs } = setup([], { dms: 'https://x.com/messages' });
    await agent.init();
    const dms = { id: 'x:inlaydemo:dms', platform: 'x' as const, profile: 'inlaydemo', kind: 'dms' as const };
    // the last sweep saw 20-21 with "old" and 30-31 with "same"
    const watermark = {
      v: 1 as const,
      lanes: {},
      window: [
        { nativeId: '20-21', at: null, hash: sweepTextHash('old'), postId: null },
        { nativeId: '30-31', at: null, hash: sweepTextHash('same'), postId: null },
      ],
    };
    agent.job(job({ target: dms, maxPageLoads: 3, unreadThreads: 2, watermark }));
    const rows = [
      thread('30-31', false, 'same'), // read, unchanged: never opened
      thread('20-21', false, 'new words'), // read on a phone, but changed since the last sweep
      thread('10-11', true, 'hello?'), // unread
      thread('40-41', true, 'one more'), // unread, but over the cap of 2
    ];
    expect(await answer(agent, tabs, read({ threads: rows, seen: [], complete: false }))).toBe(
      'https://x.com/messages',
    );
    const msg = { nativeId: 'm1', at: '2026-03-02T09:30:00.000Z', hash: 'h1', postId: null };
    expect(await answer(agent, tabs, read({ jobId: 'swj_1', seen: [msg], capturedCount: 1 }))).toBe(
      'https://x.com/messages/10-11',
    );
    expect(await answer(agent, tabs, read({ seen: [], complete: true }))).toBe('https://x.com/messages/40-41');
    for (let i = 0; i < 10; i++) await flush();
    const report = calls.find(([t]) => t === 'sweep.report')?.[1] as { report: Record<string, unknown> };
    expect(report.report).toMatchObject({
      outcome: 'ok',
      pageLoads: 3,
      capturedCount: 1,
      // a conversation is read from its newest end: never complete, so it claims no deletions
      lanes: [
        { lane: '', complete: false },
        { lane: '10-11', complete: false },
        { lane: '40-41', complete: false },
      ],
      seen: [{ nativeId: 'm1', postId: '10-11' }],
    });
    expect(tabs.navigate).toHaveBeenCalledTimes(2);
    expect(tabs.close).toHaveBeenCalledTimes(1);
  });

  it('dms with unreadThreads 0 read the list only', async () => {
    const { agent, calls, tabs } = setup([], { dms: 'https://x.com/messages' });
    await agent.init();
    agent.job(
      job({ target: { id: 'x:inlaydemo:dms', platform: 'x', profile: 'inlaydemo', kind: 'dms' }, unreadThreads: 0 }),
    );
    const rows = [{ id: '1-2', url: 'https://x.com/messages/1-2', unread: true, at: null, preview: 'hi' }];
    await answer(agent, tabs, read({ threads: rows }));
    for (let i = 0; i < 10; i++) await flush();
    expect(tabs.navigate).not.toHaveBeenCalled();
    expect(calls.find(([t]) => t === 'sweep.report')?.[1]).toMatchObject({ report: { outcome: 'ok', pageLoads: 1 } });
  });

  it('recent posts read the profile’s posts list first, then the newest posts’ threads within the page budget', async () => {
    const items = [post('150', '2026-03-01T12:00:00.000Z')]; // known to the team, not on the list's first screen
    const { agent, calls, tabs } = setup(items, { posts: 'https://x.com/{profile}' });
    await agent.init();
    agent.job(
      job({
        target: { id: 'x:inlaydemo:recent-posts', platform: 'x', profile: 'inlaydemo', kind: 'recent-posts' },
        maxPageLoads: 3,
        recentPosts: 2,
      }),
    );
    const listed = [
      { id: '50', url: 'https://x.com/inlaydemo/status/50', at: '2026-01-01T00:00:00.000Z', pinned: true },
      { id: '300', url: 'https://x.com/inlaydemo/status/300', at: '2026-03-02T08:00:00.000Z', pinned: false },
      { id: '100', url: 'https://x.com/inlaydemo/status/100', at: '2026-03-01T10:00:00.000Z', pinned: false },
    ];
    expect(await answer(agent, tabs, read({ posts: listed, complete: false }))).toBe('https://x.com/inlaydemo');
    expect(await answer(agent, tabs, read())).toBe('https://x.com/inlaydemo/status/300');
    expect(await agent.tabInfo(agent.sweepTabId!)).toMatchObject({ step: 'thread', lane: '300', postId: '300' });
    expect(await answer(agent, tabs, read({ complete: false }))).toBe('https://x.com/inlaydemo/status/150');
    for (let i = 0; i < 10; i++) await flush();
    expect(calls.find(([t]) => t === 'sweep.report')?.[1]).toMatchObject({
      report: {
        outcome: 'ok',
        pageLoads: 3,
        // the posts list is no lane of its own
        lanes: [
          { lane: '300', complete: true },
          { lane: '150', complete: false },
        ],
      },
    });
  });

  it('picks conversations: unread first, then changed; none without a cap; only unread on a first sweep', () => {
    const t = (id: string, unread: boolean, preview = id) => ({
      id,
      url: `https://x.com/m/${id}`,
      unread,
      at: null,
      preview,
    });
    const rows = [t('a', false), t('b', true), t('c', false, 'changed'), t('d', true)];
    const wm = {
      v: 1 as const,
      lanes: {},
      window: ['a', 'b', 'c', 'd'].map((id) => ({ nativeId: id, at: null, hash: sweepTextHash(id), postId: null })),
    };
    expect(pickThreads(rows, wm, 10).map((r) => r.id)).toEqual(['b', 'd', 'c']);
    expect(pickThreads(rows, wm, 2).map((r) => r.id)).toEqual(['b', 'd']);
    expect(pickThreads(rows, wm, 0)).toEqual([]);
    expect(pickThreads(rows, null, 10).map((r) => r.id)).toEqual(['b', 'd']);
    // a thread's own messages (postId = the thread) are not the list's previews
    const threadOnly = { ...wm, window: [{ nativeId: 'a', at: null, hash: sweepTextHash('a'), postId: 'a' }] };
    expect(pickThreads([t('a', false)], threadOnly, 5).map((r) => r.id)).toEqual(['a']);
  });

  it('newest posts: pinned old posts left out, known posts merged, timeless ones after in list order', () => {
    const p = (id: string, at: string | null, pinned = false) => ({ id, url: `https://x.com/s/${id}`, at, pinned });
    const listed = [p('pin', null, true), p('n1', null), p('t1', '2026-03-01T00:00:00.000Z'), p('n2', null)];
    const known = [p('k1', '2026-03-02T00:00:00.000Z'), p('t1', '2026-03-01T00:00:00.000Z')];
    expect(newestPosts(listed, known, 10).map((x) => x.id)).toEqual(['k1', 't1', 'n1', 'n2']);
    expect(newestPosts(listed, known, 2).map((x) => x.id)).toEqual(['k1', 't1']);
    expect(newestPosts([p('pin2', '2026-03-03T00:00:00.000Z', true)], [], 1).map((x) => x.id)).toEqual(['pin2']);
    expect(newestPosts(listed, known, 0)).toEqual([]);
  });

  it('notices go to the state, newest first, at most 20, kept across a restart, and to the notifier', async () => {
    const { agent, state, storage } = setup();
    for (let i = 0; i < 22; i++) {
      agent.notice({
        kind: 'sweep.paused',
        message: `m${i}`,
        targetId: 'x:inlaydemo:notifications',
        targetIds: [],
        platform: 'x',
        profile: 'inlaydemo',
        reason: 'signed_out',
        at: '2026-03-02T10:00:00.000Z',
      });
    }
    expect(state.value.sweeps.notices).toHaveLength(20);
    expect(state.value.sweeps.notices[0]?.message).toBe('m21');
    // a restarted worker still shows them
    await new Promise((r) => setTimeout(r, 0));
    const again = setup();
    again.storage.data.sweeps = storage.data.sweeps;
    await again.agent.init();
    expect(again.state.value.sweeps.notices).toHaveLength(20);
    expect(again.state.value.sweeps.notices[0]?.message).toBe('m21');
  });

  it('switched off in this browser: busy', async () => {
    const { agent, calls, storage } = setup();
    await agent.init();
    await agent.setEnabled(false);
    expect(calls.at(-1)).toEqual(['sweeps.advertise', { signedIn: [], busy: true }]);
    expect((storage.data.sweeps as { enabled: boolean }).enabled).toBe(false);
  });
});
