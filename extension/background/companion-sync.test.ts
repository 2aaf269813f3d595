import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { CapturedItem, Item, LogEvent } from '../../shared/model';
import type { BgPush } from '../messaging/messages';
import { openInlayDb } from '../storage/db';
import { Backoff } from './backoff';
import { CompanionSync } from './companion-sync';
import { SettingsStore, type KeyValueArea } from './settings';
import { StateHub, type LivePort } from './state';
import { FakeCompanion, TEST_KEY, TEST_KEY_ID, TEST_MEMBER, fakeCrypto } from './test-support/fake-companion';

vi.mock('#i18n', () => ({
  i18n: { t: (key: string, subs?: unknown) => (Array.isArray(subs) ? `${key}(${subs.join(',')})` : key) },
}));

function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea {
  const data = new Map(Object.entries(initial));
  return {
    get: async (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)])),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (keys) => void (Array.isArray(keys) ? keys : [keys]).forEach((k) => data.delete(k)),
  };
}

const T0 = '2025-01-01T00:00:00.000Z';

function captured(nativeId: string): CapturedItem {
  return {
    platform: 'x',
    nativeId,
    kind: 'reply',
    profile: 'acme',
    author: { handle: 'bob', name: 'Bob', url: null },
    text: `reply ${nativeId}`,
    permalink: `https://x.com/bob/status/${nativeId}`,
    siteTimestamp: null,
    parentId: null,
    threadId: null,
  };
}

/** A companion with a tiny idempotent store: opId → result, item log with seq. */
function storeCompanion() {
  const crypto = fakeCrypto();
  const companion = new FakeCompanion(crypto);
  const applied = new Map<string, { item: Item; seq: number }>();
  const log: Array<{ event: LogEvent; item: Item }> = [];
  let seq = 0;
  companion.handlers['item.capture'] = (payload) => {
    const opId = String(payload.opId);
    const prior = applied.get(opId);
    if (prior) return { ok: true, result: { ...prior, duplicate: true } };
    const c = payload.item as CapturedItem;
    seq += 1;
    const item: Item = {
      ...c,
      key: `${c.platform}:${c.nativeId}`,
      capturedAt: T0,
      capturedBy: TEST_MEMBER.id,
      status: 'open',
      priority: 'normal',
      tags: [],
      assigneeId: null,
      repliedAt: null,
      snoozedUntil: null,
      suggestedReplies: [],
      updatedAt: T0,
      seq,
    };
    const event: LogEvent = {
      seq,
      id: `e${seq}`,
      opId,
      at: T0,
      memberId: TEST_MEMBER.id,
      itemKey: item.key,
      data: { type: 'item.captured', item: c },
    };
    applied.set(opId, { item, seq });
    log.push({ event, item });
    return { ok: true, result: { item, seq, duplicate: false } };
  };
  companion.handlers.subscribe = (payload) => {
    const since = Number(payload.sinceSeq);
    return { ok: true, result: { headSeq: seq, events: log.filter((e) => e.event.seq > since), truncated: false } };
  };
  companion.handlers['profiles.list'] = () => ({ ok: true, result: { profiles: [] } });
  return { companion, crypto, applied, log, pushLast: (i: number) => companion.push(log[i]!.event.seq, log[i]!) };
}

let n = 0;
async function makeSync(companion: FakeCompanion, crypto = fakeCrypto(), area = pairedArea()) {
  const db = await openInlayDb(`sync-test-${n++}`);
  const state = new StateHub();
  const settings = new SettingsStore(area);
  let op = 0;
  const sync = new CompanionSync({
    db,
    settings,
    state,
    socketFactory: companion.factory,
    crypto,
    makeOpId: () => `op-${String(++op).padStart(6, '0')}`,
    backoff: new Backoff({ baseMs: 10, capMs: 20, random: () => 0.5 }),
  });
  const pushes: BgPush[] = [];
  const port: LivePort = { postMessage: (m) => pushes.push(m as BgPush), onDisconnect: { addListener: () => {} } };
  state.addPort(port, []);
  return { sync, state, settings, pushes, db };
}

function pairedArea() {
  return memoryArea({
    pairing: { keyId: TEST_KEY_ID, key: TEST_KEY, member: TEST_MEMBER, companionId: 'companion-1' },
    port: 27412,
  });
}

describe('companion sync', () => {
  it('keeps captures made offline in the outbox and the cache, then replays them in order on reconnect', async () => {
    const { companion, crypto, applied } = storeCompanion();
    companion.running = false;
    const { sync, state, pushes } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('offline'));
    expect(state.value.detail).toBe('statusOffline');

    for (const id of ['1', '2', '3']) await sync.capture(captured(id));
    expect(state.value.outbox).toBe(3);
    const local = await sync.items();
    expect(local.map((i) => [i.key, i.status, i.seq])).toEqual(
      expect.arrayContaining([
        ['x:1', 'open', 0],
        ['x:2', 'open', 0],
        ['x:3', 'open', 0],
      ]),
    );
    expect(pushes.filter((p) => p.type === 'item')).toHaveLength(3);

    companion.running = true;
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await vi.waitFor(() => expect(state.value.outbox).toBe(0));
    const sentCaptures = companion.received.filter((r) => r.type === 'item.capture');
    expect(sentCaptures.map((r) => (r.payload.item as CapturedItem).nativeId)).toEqual(['1', '2', '3']);
    expect(sentCaptures.map((r) => r.payload.opId)).toEqual(['op-000001', 'op-000002', 'op-000003']);
    expect(applied.size).toBe(3);
    await vi.waitFor(async () => expect((await sync.items()).every((i) => i.seq > 0)).toBe(true));
    expect(state.value.detail).toBe(`statusConnected(${TEST_MEMBER.name})`);
    sync.client.stop();
  });

  it('keeps an entry until acknowledged: a drop after commit resends the same opId and nothing is doubled', async () => {
    const { companion, crypto, applied } = storeCompanion();
    const store = companion.handlers['item.capture']!;
    let dropOnce = true;
    companion.handlers['item.capture'] = async (payload, ctx) => {
      const reply = await store(payload, ctx); // committed…
      if (dropOnce) {
        dropOnce = false;
        queueMicrotask(() => companion.last!.drop(1006)); // …but the ack never arrives
        return 'silence';
      }
      return reply;
    };
    const { sync, state } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await sync.capture(captured('42'));
    await vi.waitFor(() => expect(companion.sockets.length).toBeGreaterThanOrEqual(2));
    await vi.waitFor(() => expect(state.value.outbox).toBe(0));
    const sent = companion.received.filter((r) => r.type === 'item.capture').map((r) => r.payload.opId);
    expect(sent).toEqual(['op-000001', 'op-000001']);
    expect(applied.size).toBe(1);
    sync.client.stop();
  });

  it('drops a capture the companion refuses for good, takes back the optimistic item, and carries on', async () => {
    const { companion, crypto } = storeCompanion();
    const store = companion.handlers['item.capture']!;
    companion.handlers['item.capture'] = (payload, ctx) =>
      (payload.item as CapturedItem).nativeId === 'bad'
        ? { ok: false, code: 'BAD_FRAME', message: 'nope' }
        : store(payload, ctx);
    const { sync, state } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await sync.capture(captured('bad'));
    await sync.capture(captured('good'));
    await vi.waitFor(() => expect(state.value.outbox).toBe(0));
    await vi.waitFor(async () => expect((await sync.items()).map((i) => i.key)).toEqual(['x:good']));
    sync.client.stop();
  });

  it('applies live pushes in seq order, updates lastSeq and pushes items to ports', async () => {
    const { companion, crypto, log, pushLast } = storeCompanion();
    const { sync, state, pushes } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    // another member captures: the companion stores it and pushes the event
    await companion.handlers['item.capture']!(
      { opId: 'other-op-1', item: captured('7') },
      { serverNonce: '', clientNonce: '' },
    );
    pushLast(0);
    await vi.waitFor(() => expect(state.value.lastSeq).toBe(1));
    expect(pushes.some((p) => p.type === 'item' && p.item.key === 'x:7' && p.item.seq === 1)).toBe(true);
    pushLast(0); // a replayed push is ignored
    expect(log).toHaveLength(1);
    expect(await sync.meta.lastSeq()).toBe(1);
    sync.client.stop();

    // reconnect: asks only for what it missed
    await companion.handlers['item.capture']!(
      { opId: 'other-op-2', item: captured('8') },
      { serverNonce: '', clientNonce: '' },
    );
    sync.client.start();
    await vi.waitFor(() => expect(state.value.lastSeq).toBe(2));
    const subs = companion.received.filter((r) => r.type === 'subscribe').map((r) => r.payload.sinceSeq);
    expect(subs).toEqual([0, 1]);
    expect((await sync.items()).map((i) => i.key)).toEqual(expect.arrayContaining(['x:7', 'x:8']));
    sync.client.stop();
  });

  it('resets lastSeq and the items cache, but keeps the outbox, when the companion database changes', async () => {
    const { companion, crypto, pushLast } = storeCompanion();
    const { sync, state } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await companion.handlers['item.capture']!(
      { opId: 'other-op-1', item: captured('7') },
      { serverNonce: '', clientNonce: '' },
    );
    pushLast(0);
    await vi.waitFor(() => expect(state.value.lastSeq).toBe(1));
    sync.client.stop();

    // offline capture, then a different companion answers
    await sync.capture(captured('mine'));
    const fresh = storeCompanion();
    fresh.companion.companionId = 'companion-2';
    companion.running = false;
    (sync.client as unknown as { options: { socketFactory: unknown } }).options.socketFactory = fresh.companion.factory;
    sync.client.start();
    await vi.waitFor(() => expect(state.value.companionId).toBe('companion-2'));
    await vi.waitFor(() => expect(state.value.outbox).toBe(0));
    expect(fresh.companion.received.find((r) => r.type === 'subscribe')?.payload.sinceSeq).toBe(0);
    expect(fresh.applied.size).toBe(1);
    await vi.waitFor(async () => expect((await sync.items()).map((i) => i.key)).toEqual(['x:mine']));
    sync.client.stop();
  });

  it('goes unpaired without a key and pairs through the client', async () => {
    const { companion, crypto } = storeCompanion();
    const { sync, state, settings } = await makeSync(companion, crypto, memoryArea());
    await sync.init();
    expect(state.value.status).toBe('unpaired');
    companion.handlers.pair = () => ({ ok: false, code: 'PAIRING_FAILED' });
    expect(await sync.pair('AAAA-BBBB', 'Ada', 27412)).toEqual({ ok: false, error: 'pairWrongCode' });
    companion.running = false;
    expect(await sync.pair('AAAA-BBBB', 'Ada', 9999)).toEqual({ ok: false, error: 'pairUnreachable(9999)' });
    expect(settings.value.pairing).toBeNull();
  });

  it('saves profiles through the outbox and swaps the local one for the companion’s on ack', async () => {
    const { companion, crypto } = storeCompanion();
    companion.handlers['profile.save'] = (p) => ({
      ok: true,
      result: {
        profile: { id: 'p1', platform: p.platform, handle: p.handle, displayName: null },
        seq: 9,
        duplicate: false,
      },
    });
    const { sync, state, settings } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await sync.saveProfile('x', '@acme');
    expect(settings.value.profiles.map((p) => p.handle)).toEqual(['acme']);
    await vi.waitFor(() =>
      expect(settings.value.profiles).toEqual([{ id: 'p1', platform: 'x', handle: 'acme', displayName: null }]),
    );
    expect(state.value.profiles.map((p) => p.id)).toEqual(['p1']);
    sync.client.stop();
  });
});

describe('companion sync: team, selectors and replies', () => {
  it('fetches the team and the selector overrides on connect, and keeps them for offline pages', async () => {
    const { companion, crypto } = storeCompanion();
    const overrides = { x: { item: [{ css: 'article[data-testid="tweet"]', seen: '2026-12' }] } };
    companion.handlers['members.list'] = () => ({ ok: true, result: { members: [TEST_MEMBER] } });
    companion.handlers['selectors.get'] = () => ({ ok: true, result: { overrides, version: 'v1' } });
    const area = pairedArea();
    const { sync, state } = await makeSync(companion, crypto, area);
    await sync.init();
    await vi.waitFor(() => expect(state.value.selectors).toEqual(overrides));
    expect(state.value.members).toEqual([TEST_MEMBER]);
    const reloaded = new SettingsStore(area);
    expect((await reloaded.load()).selectors).toEqual(overrides);
  });

  it('sends an own reply through the outbox and marks the cached item answered', async () => {
    const { companion, crypto } = storeCompanion();
    const sent: unknown[] = [];
    companion.handlers['item.reply'] = (payload) => {
      sent.push(payload);
      return { ok: false, code: 'NOT_FOUND', message: 'no such item' };
    };
    companion.running = false;
    const { sync, state } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('offline'));
    await sync.capture(captured('7'));
    const reply = {
      nativeId: '70',
      profile: 'acme',
      permalink: 'https://x.com/acme/status/70',
      siteTimestamp: '2025-01-01T01:00:00.000Z',
      source: 'native' as const,
    };
    await sync.recordReply('x:7', reply);
    expect(state.value.outbox).toBe(2);
    expect((await sync.cache.getOne('x:7'))?.repliedAt).toBe('2025-01-01T01:00:00.000Z');
    companion.running = true;
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ key: 'x:7', reply, opId: expect.any(String) });
    await vi.waitFor(() => expect(state.value.outbox).toBe(0)); // NOT_FOUND is definitive: dropped, not retried forever
  });
});

describe('companion sync: assignment notifications', () => {
  it('notifies me when a teammate assigns me an item, live only, never for my own assignments', async () => {
    const { companion, crypto } = storeCompanion();
    const notices: Array<{ key: string; by: string | null }> = [];
    const db = await openInlayDb(`sync-test-notify`);
    const state = new StateHub();
    const settings = new SettingsStore(pairedArea());
    const teammate = { ...TEST_MEMBER, id: 'mem_teammate', name: 'Tess Lead' };
    companion.handlers['members.list'] = () => ({ ok: true, result: { members: [TEST_MEMBER, teammate] } });
    const sync = new CompanionSync({
      db,
      settings,
      state,
      socketFactory: companion.factory,
      crypto,
      makeOpId: () => `op-${Math.random().toString(36).slice(2, 10)}`,
      backoff: new Backoff({ baseMs: 10, capMs: 20, random: () => 0.5 }),
      notify: ({ item, by }) => notices.push({ key: item.key, by }),
    });
    await sync.init();
    await vi.waitFor(() => expect(state.value.members).toHaveLength(2));
    const item: Item = {
      ...captured('9'),
      key: 'x:9',
      capturedAt: T0,
      capturedBy: teammate.id,
      status: 'open',
      priority: 'normal',
      tags: [],
      assigneeId: null,
      repliedAt: null,
      snoozedUntil: null,
      suggestedReplies: [],
      updatedAt: T0,
      seq: 1,
    };
    const assigned = (seq: number, by: string) => ({
      event: {
        seq,
        id: `e${seq}`,
        opId: null,
        at: T0,
        memberId: by,
        itemKey: 'x:9',
        data: { type: 'item.assigned' as const, from: null, to: TEST_MEMBER.id },
      },
      item: { ...item, assigneeId: TEST_MEMBER.id, seq },
    });
    companion.push(101, assigned(101, teammate.id));
    companion.push(102, assigned(102, TEST_MEMBER.id)); // I assigned myself: no notice
    await vi.waitFor(() => expect(state.value.lastSeq).toBe(102));
    expect(notices).toEqual([{ key: 'x:9', by: 'Tess Lead' }]);
  });
});

describe('companion sync: presence', () => {
  const tessTyping = {
    memberId: 'mem_tess',
    name: 'Tess',
    itemKey: 'x:1',
    state: 'typing' as const,
    at: T0,
  };

  it('asks presence.list after connecting, relays pushes to the pages, and clears them when the connection goes', async () => {
    const { companion, crypto } = storeCompanion();
    companion.handlers['presence.list'] = () => ({ ok: true, result: { presence: [tessTyping] } });
    const { sync, state, pushes } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await vi.waitFor(() => expect(pushes).toContainEqual({ type: 'presence', entries: [tessTyping] }));
    expect(companion.types().indexOf('presence.list')).toBeGreaterThan(companion.types().indexOf('subscribe'));
    companion.pushPresence({ ...tessTyping, itemKey: 'x:2', state: 'viewing' });
    expect(sync.presenceEntries().map((p) => [p.itemKey, p.state])).toEqual([
      ['x:1', 'typing'],
      ['x:2', 'viewing'],
    ]);
    expect(pushes.at(-1)).toMatchObject({ type: 'presence', entries: [{ itemKey: 'x:1' }, { itemKey: 'x:2' }] });
    companion.pushPresence({ ...TEST_MEMBER_PRESENCE, itemKey: 'x:3' }); // my own other browser: not shown
    expect(sync.presenceEntries()).toHaveLength(2);
    const mark = pushes.length;
    companion.last!.drop(1006);
    await vi.waitFor(() => expect(pushes.slice(mark)).toContainEqual({ type: 'presence', entries: [] }));
    sync.client.stop();
  });

  it('forwards what the pages say to the companion (presence.set), never through the outbox', async () => {
    const { companion, crypto } = storeCompanion();
    const sets: unknown[] = [];
    companion.handlers['presence.set'] = (payload) => {
      sets.push(payload);
      return { ok: true, result: { at: T0, expiresAt: T0 } };
    };
    companion.handlers['presence.list'] = () => ({ ok: true, result: { presence: [] } });
    companion.running = false;
    const { sync, state } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('offline'));
    sync.setPresence('tab:4:0', 'x:1', 'viewing'); // offline: nothing is queued
    expect(state.value.outbox).toBe(0);
    companion.running = true;
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    // … but what still holds is said once connected
    await vi.waitFor(() => expect(sets).toEqual([{ itemKey: 'x:1', state: 'viewing' }]));
    sync.setPresence('tab:4:0', 'x:1', 'typing');
    await vi.waitFor(() => expect(sets).toHaveLength(2));
    sync.dropPresenceOfTab(4);
    await vi.waitFor(() => expect(sets.at(-1)).toEqual({ itemKey: 'x:1', state: 'idle' }));
    expect(companion.types()).not.toContain('item.update');
    expect(await sync.outbox.count()).toBe(0);
    sync.client.stop();
  });
});

const TEST_MEMBER_PRESENCE = {
  memberId: TEST_MEMBER.id,
  name: TEST_MEMBER.name,
  itemKey: 'x:1',
  state: 'viewing' as const,
  at: T0,
};

describe('companion sync: tags, members and refusals', () => {
  function serverItem(id: string, tags: string[], seq: number): Item {
    return {
      ...captured(id),
      key: `x:${id}`,
      capturedAt: T0,
      capturedBy: TEST_MEMBER.id,
      status: 'open',
      priority: 'normal',
      tags,
      assigneeId: null,
      repliedAt: null,
      snoozedUntil: null,
      suggestedReplies: [],
      updatedAt: T0,
      seq,
    };
  }
  const tagEvent = (seq: number, data: LogEvent['data']) => ({
    event: {
      seq,
      id: `e${seq}`,
      opId: null,
      at: '2025-01-02T00:00:00.000Z',
      memberId: 'mem_lead',
      itemKey: null,
      data,
    },
    item: null,
  });
  const tag = (id: string, name: string, color = '#1849a9') => ({
    id,
    name,
    color,
    description: null,
    archived: false,
    category: name.split(' - ')[0] ?? null,
    reason: name,
    aliases: [],
    usage: 1,
    lastUsedAt: T0,
    createdAt: T0,
    updatedAt: T0,
  });

  it('caches tags.list, renames and merges the tags of cached items, and broadcasts the changed items', async () => {
    const { companion, crypto } = storeCompanion();
    companion.handlers['tags.list'] = () => ({
      ok: true,
      result: { tags: [tag('tag_late', 'CS - late'), tag('tag_slow', 'CS - slow', '#b42318')] },
    });
    const { sync, state, pushes, settings } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.tags?.map((t) => t.name)).toEqual(['CS - late', 'CS - slow']));
    expect(settings.value.tags[1]).toEqual({
      id: 'tag_slow',
      name: 'CS - slow',
      color: '#b42318',
      archived: false,
      lastUsedAt: T0,
    });
    await sync.cache.applyServer(serverItem('1', ['CS - late', 'VIP'], 3));
    await sync.cache.applyServer(serverItem('2', ['CS - slow', 'CS - late delivery'], 4));
    await sync.cache.applyServer(serverItem('3', ['VIP'], 5));

    companion.push(
      6,
      tagEvent(6, { type: 'tag.renamed', tagId: 'tag_late', from: 'CS - late', to: 'CS - late delivery' }),
    );
    await vi.waitFor(async () => expect((await sync.cache.getOne('x:1'))?.tags).toEqual(['CS - late delivery', 'VIP']));
    expect(await sync.cache.getOne('x:1')).toMatchObject({ seq: 6, updatedAt: '2025-01-02T00:00:00.000Z' });
    expect(state.value.tags?.[0]?.name).toBe('CS - late delivery');
    // item 2 already carries the new name as a different entry: only `from` is replaced in place
    companion.push(
      7,
      tagEvent(7, {
        type: 'tag.merged',
        tagId: 'tag_slow',
        from: 'CS - slow',
        intoId: 'tag_late',
        into: 'CS - late delivery',
      }),
    );
    await vi.waitFor(async () => expect((await sync.cache.getOne('x:2'))?.tags).toEqual(['CS - late delivery']));
    expect(state.value.tags?.map((t) => t.id)).toEqual(['tag_late']);
    expect((await sync.cache.getOne('x:3'))?.seq).toBe(5); // untouched
    const changed = pushes.filter((p) => p.type === 'item').map((p) => (p.type === 'item' ? p.item.key : ''));
    expect(changed).toEqual(['x:1', 'x:2']);
    sync.client.stop();
  });

  it('keeps my networks and permissions from me/members.list, and follows member.updated', async () => {
    const { companion, crypto } = storeCompanion();
    const agentAccess = { ...TEST_MEMBER, networks: ['x'], permissions: ['items.edit'] };
    companion.handlers['members.list'] = () => ({ ok: true, result: { members: [agentAccess] } });
    companion.handlers.me = () => ({ ok: true, result: { member: agentAccess } });
    const { sync, state, settings } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.member).toMatchObject({ networks: ['x'], permissions: ['items.edit'] }));
    expect(companion.types()).toContain('me');
    companion.push(
      2,
      tagEvent(2, { type: 'member.updated', member: { ...TEST_MEMBER, role: 'viewer' }, networks: [] }),
    );
    await vi.waitFor(() => expect(state.value.member).toMatchObject({ role: 'viewer', permissions: [] }));
    expect(state.value.members).toEqual([{ ...TEST_MEMBER, role: 'viewer', networks: [], permissions: [] }]);
    expect(settings.value.pairing?.member.role).toBe('viewer');
    sync.client.stop();
  });

  it('takes a refused change back and tells the pages the companion’s words', async () => {
    const { companion, crypto, log } = storeCompanion();
    const words = 'Only leads and admins can create new tags — pick one from the list.';
    companion.handlers['item.update'] = () => ({ ok: false, code: 'FORBIDDEN', message: words });
    const { sync, state, pushes } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await sync.capture(captured('5'));
    await vi.waitFor(async () => expect((await sync.cache.getOne('x:5'))?.seq).toBe(1));
    expect(log).toHaveLength(1);
    const r = await sync.updateItem({ key: 'x:5', addTags: ['Brand new'] });
    expect(r).toMatchObject({ ok: true, item: { tags: ['Brand new'] } });
    await vi.waitFor(() => expect(pushes).toContainEqual({ type: 'refused', key: 'x:5', error: words }));
    expect((await sync.cache.getOne('x:5'))?.tags).toEqual([]);
    expect(pushes.filter((p) => p.type === 'item' && p.item.key === 'x:5').at(-1)).toMatchObject({
      item: { tags: [] },
    });
    expect(state.value.outbox).toBe(0);
    sync.client.stop();
  });
});

describe('companion sync: shared views', () => {
  it('counts a teammate’s saved or removed shared view, so pages reload them', async () => {
    const { companion, crypto } = storeCompanion();
    const { sync, state } = await makeSync(companion, crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    const ev = (seq: number, data: LogEvent['data']) => ({
      event: { seq, id: `e${seq}`, opId: null, at: T0, memberId: 'mem_x', itemKey: null, data },
      item: null,
    });
    companion.push(201, ev(201, { type: 'view.saved', viewId: 'v1', name: 'VIPs' }));
    companion.push(202, ev(202, { type: 'view.removed', viewId: 'v1' }));
    await vi.waitFor(() => expect(state.value.viewsVersion).toBe(2));
  });
});
