import { describe, expect, it, vi } from 'vitest';
import type { Item } from '../../../shared/model';
import type { SweepJob } from '../../../shared/sweeps';
import { StateHub } from '../state';
import { SweepAgent, ownPosts, type SweepAgentDeps } from './agent';

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

function setup(items: Item[] = []) {
  const storage = memoryArea();
  const state = new StateHub();
  const calls: Array<[string, unknown]> = [];
  let nextTab = 40;
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
    online: () => true,
    items: async () => items,
    pages: () => ({ notifications: 'https://x.com/notifications' }),
    timers: { setTimeout: () => null, clearTimeout: () => {}, now: () => Date.parse('2026-03-02T10:00:00.000Z') },
  };
  return { agent: new SweepAgent(deps), storage, state, calls, tabs };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

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
      lane: '',
      postId: null,
      maxReplyExpansions: 0,
    });
    const seen = [{ nativeId: '1', at: '2026-03-02T09:00:00.000Z', hash: 'abcd', postId: null }];
    agent.pageRead(tabId + 1, {
      jobId: 'swj_1',
      outcome: 'ok',
      seen: [],
      complete: true,
      capturedCount: 9,
      message: null,
    });
    agent.pageRead(tabId, { jobId: 'swj_1', outcome: 'ok', seen, complete: true, capturedCount: 1, message: null });
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
    agent.pageRead(agent.sweepTabId!, {
      jobId: 'swj_1',
      outcome: 'signed_out',
      seen: [],
      complete: false,
      capturedCount: 0,
      message: 'The site showed its sign-in page',
    });
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
    expect(plan).toEqual([{ url: 'https://x.com/inlaydemo/status/200', lane: '200', postId: '200' }]);
    expect(ownPosts(items, 'x', 'inlaydemo').map((i) => i.nativeId)).toEqual(['200', '100']);
    expect(
      await agent.plan(job({ target: { id: 'x:inlaydemo:dms', platform: 'x', profile: 'inlaydemo', kind: 'dms' } })),
    ).toMatchObject({
      outcome: 'unreadable',
    });
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
