import { describe, expect, it, vi } from 'vitest';
import { emptyLibrary } from './reply-library';
import { initialState } from './state';
import { createRouter, presenceSource, type BgHandlers, type Sender } from './router';

vi.mock('#i18n', () => ({
  i18n: { t: (key: string, subs?: unknown) => (Array.isArray(subs) ? `${key}(${subs.join(',')})` : key) },
}));

const BASE = 'chrome-extension://abc/';
const page: Sender = { id: 'abc', url: `${BASE}options.html` };
const content: Sender = { id: 'abc', url: 'https://x.com/acme/status/1', tab: { id: 7, windowId: 3 } };

function handlers(): BgHandlers {
  return {
    state: vi.fn(() => initialState()),
    capture: vi.fn(async () => ({ ok: true as const, item: {} as never })),
    update: vi.fn(async () => ({ ok: true as const, item: null })),
    reply: vi.fn(async () => ({ ok: true as const })),
    replyLibrary: vi.fn(async () => emptyLibrary()),
    replyUsed: vi.fn(async () => ({ ok: true as const })),
    health: vi.fn(async () => {}),
    healthOfActiveTab: vi.fn(async () => null),
    companion: vi.fn(async () => ({ ok: true as const, result: null })),
    itemsGet: vi.fn(async () => []),
    itemsList: vi.fn(async () => []),
    pair: vi.fn(async () => ({ ok: true as const, state: initialState() })),
    unpair: vi.fn(async () => ({ ok: true as const })),
    setPort: vi.fn(async () => ({ ok: true as const })),
    setSite: vi.fn(async () => {}),
    setPolicy: vi.fn(async () => {}),
    saveProfile: vi.fn(async () => ({ ok: true as const })),
    removeProfile: vi.fn(async () => ({ ok: true as const })),
    open: vi.fn(async () => {}),
    openSidePanel: vi.fn(async () => {}),
    presence: vi.fn(async () => {}),
    setSweepsEnabled: vi.fn(async () => {}),
    signedIn: vi.fn(async () => {}),
    liveView: vi.fn(async () => {}),
    sweepTab: vi.fn(async () => null),
    sweepPage: vi.fn(async () => {}),
  };
}

const item = {
  platform: 'x',
  nativeId: '1',
  kind: 'reply',
  profile: 'acme',
  author: { handle: 'bob', name: 'Bob', url: null },
  text: '<img src=x onerror=alert(1)>',
  permalink: 'https://x.com/bob/status/1',
  siteTimestamp: null,
  parentId: null,
  threadId: null,
};

describe('router', () => {
  it('refuses malformed messages with a plain-words error and calls nothing', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    for (const bad of [
      null,
      'capture',
      { type: 'nope' },
      { type: 'capture', item: { ...item, permalink: 'javascript:alert(1)' } },
      { type: 'items.get', keys: ['not-a-key'] },
      { type: 'open', url: 'javascript:alert(1)' },
      { type: 'pair', code: 'X', memberName: '   ', port: 27412 },
    ]) {
      const reply = await route(bad, page);
      expect(reply.ok).toBe(false);
      expect(reply.ok === false && reply.error).toMatch(/^errorInvalidRequest/);
    }
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it('dispatches valid requests and returns their replies', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    expect(await route({ type: 'capture', item }, content)).toMatchObject({ ok: true });
    expect(h.capture).toHaveBeenCalledWith(item);
    expect(await route({ type: 'items.get', keys: ['x:1'] }, content)).toEqual({ ok: true, items: [] });
    expect(h.itemsGet).toHaveBeenCalledWith(['x:1']);
    expect(await route({ type: 'item.update', key: 'x:1', status: 'done' }, content)).toMatchObject({ ok: true });
    expect(h.update).toHaveBeenCalledWith({ key: 'x:1', status: 'done' });
    await route({ type: 'open', url: 'https://x.com/bob/status/1' }, content);
    expect(h.open).toHaveBeenCalledWith('https://x.com/bob/status/1', content, undefined);
    await route({ type: 'open', url: 'https://x.com/bob/status/1', key: 'x:1' }, page);
    expect(h.open).toHaveBeenLastCalledWith('https://x.com/bob/status/1', page, 'x:1');
    expect(await route({ type: 'pair', code: 'k7qx-m2pd', memberName: 'Ada', port: 27412 }, page)).toMatchObject({
      ok: true,
    });
    expect(h.pair).toHaveBeenCalledWith('k7qx-m2pd', 'Ada', 27412);
    expect(await route({ type: 'state.get' }, page)).toMatchObject({ ok: true, state: { status: 'connecting' } });
  });

  it('lets content scripts capture and read, but not pair, unpair or change settings', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    for (const msg of [
      { type: 'pair', code: 'K7QXM2PD', memberName: 'Eve', port: 1 },
      { type: 'unpair' },
      { type: 'port.set', port: 1 },
      { type: 'sites.set', platform: 'x', enabled: false },
      { type: 'profile.save', platform: 'x', handle: 'eve' },
      { type: 'profile.remove', id: 'p1' },
      { type: 'policy.set', platform: 'x', category: 'dms', enabled: false },
      { type: 'companion', request: 'member.update', payload: { memberId: 'm1', role: 'admin' } },
    ]) {
      expect(await route(msg, content)).toEqual({ ok: false, error: 'errorNotAllowed' });
    }
    expect(h.pair).not.toHaveBeenCalled();
    expect(h.unpair).not.toHaveBeenCalled();
    expect(h.setSite).not.toHaveBeenCalled();
    expect(h.companion).not.toHaveBeenCalled();
    expect(await route({ type: 'sites.set', platform: 'x', enabled: false }, page)).toEqual({ ok: true });
    expect(h.setSite).toHaveBeenCalledWith('x', false);
  });

  it('takes presence from content scripts (per tab and frame), checked, and answers at once', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    const frame: Sender = { ...content, frameId: 2 };
    expect(await route({ type: 'presence.set', itemKey: 'x:1', state: 'typing' }, frame)).toEqual({ ok: true });
    expect(h.presence).toHaveBeenCalledWith('x:1', 'typing', frame);
    expect(presenceSource(frame)).toBe('tab:7:2');
    expect(presenceSource(content)).toBe('tab:7:0');
    expect(presenceSource(page)).toBe(`page:${BASE}options.html`);
    for (const bad of [
      { type: 'presence.set', itemKey: 'x:1', state: 'away' },
      { type: 'presence.set', itemKey: 'javascript:1', state: 'viewing' },
    ]) {
      expect(await route(bad, content)).toMatchObject({ ok: false });
    }
    expect(h.presence).toHaveBeenCalledTimes(1);
  });

  it('gives content scripts the saved-reply library and takes their uses, parsed', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    expect(await route({ type: 'replies.get' }, content)).toEqual({ ok: true, library: emptyLibrary() });
    const use = { key: 'x:1', platform: 'x', replyIds: ['r-ship'], at: '2026-11-20T12:00:00.000Z' };
    expect(await route({ type: 'reply.used', ...use }, content)).toEqual({ ok: true });
    expect(h.replyUsed).toHaveBeenCalledWith(use);
    for (const bad of [
      { type: 'reply.used', ...use, replyIds: [] },
      { type: 'reply.used', ...use, replyIds: ['has space'] },
      { type: 'reply.used', ...use, key: 'nope' },
      { type: 'reply.used', ...use, at: 'yesterday' },
    ]) {
      expect(await route(bad, content)).toMatchObject({ ok: false });
    }
    expect(h.replyUsed).toHaveBeenCalledTimes(1);
  });

  it('refuses other extensions', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    expect(await route({ type: 'state.get' }, { id: 'evil', url: 'chrome-extension://evil/x.html' })).toEqual({
      ok: false,
      error: 'errorNotAllowed',
    });
  });

  it('turns a handler exception into an error reply', async () => {
    const h = handlers();
    h.itemsList = vi.fn(async () => {
      throw new Error('disk full');
    });
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    expect(await route({ type: 'items.list' }, page)).toEqual({ ok: false, error: 'errorInternal(disk full)' });
    h.openSidePanel = vi.fn(async () => {
      throw new Error('no gesture');
    });
    expect(await route({ type: 'sidepanel.open' }, content)).toEqual({
      ok: false,
      error: 'errorSidePanel(no gesture)',
    });
  });

  it('sweeps: pages report sign-ins and sweep tabs ask and answer; only our pages switch sweeps', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionId: 'abc', extensionBaseUrl: BASE });
    expect(await route({ type: 'signed-in', platform: 'x', handle: 'acme' }, content)).toEqual({ ok: true });
    expect(h.signedIn).toHaveBeenCalledWith('x', 'acme', content);
    const beat = { platform: 'x' as const, profile: 'acme', kind: 'dms' as const, viewedMs: 60_000 };
    expect(await route({ type: 'live-view', beat }, content)).toEqual({ ok: true });
    expect(h.liveView).toHaveBeenCalledWith(beat, content);
    expect((await route({ type: 'live-view', beat: { ...beat, kind: 'recent-posts' } }, content)).ok).toBe(false);
    expect(await route({ type: 'sweep.tab' }, content)).toEqual({ ok: true, sweep: null });
    const result = { jobId: 'j1', outcome: 'ok', seen: [], complete: true, capturedCount: 0, message: null };
    expect(await route({ type: 'sweep.page', result }, content)).toEqual({ ok: true });
    expect(h.sweepPage).toHaveBeenCalledWith({ ...result, threads: [], posts: [] }, content);
    expect(await route({ type: 'sweeps.enable', enabled: false }, content)).toMatchObject({ ok: false });
    expect(h.setSweepsEnabled).not.toHaveBeenCalled();
    expect(await route({ type: 'sweeps.enable', enabled: false }, page)).toEqual({ ok: true });
    expect(h.setSweepsEnabled).toHaveBeenCalledWith(false);
  });
});
