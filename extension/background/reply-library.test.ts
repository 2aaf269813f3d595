import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../../shared/model';
import { DEFAULT_REPLY_SETTINGS, type ReplyUse, type SavedReply } from '../../shared/replies/saved-reply';
import { openDB } from 'idb';
import { DB_VERSION, openInlayDb } from '../storage/db';
import { Backoff } from './backoff';
import { CompanionSync } from './companion-sync';
import { RECENT_WINDOW_MS, trimRecent, withUse, emptyLibrary } from './reply-library';
import { SettingsStore, type KeyValueArea } from './settings';
import { StateHub } from './state';
import { FakeCompanion, TEST_KEY, TEST_KEY_ID, TEST_MEMBER, fakeCrypto } from './test-support/fake-companion';

vi.mock('#i18n', () => ({
  i18n: { t: (key: string, subs?: unknown) => (Array.isArray(subs) ? `${key}(${subs.join(',')})` : key) },
}));

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea {
  const data = new Map(Object.entries(initial));
  return {
    get: async (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)])),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (keys) => void (Array.isArray(keys) ? keys : [keys]).forEach((k) => data.delete(k)),
  };
}
const pairedArea = () =>
  memoryArea({
    pairing: { keyId: TEST_KEY_ID, key: TEST_KEY, member: TEST_MEMBER, companionId: 'companion-1' },
    port: 27412,
  });

function reply(id: string, title: string, patch: Partial<SavedReply> = {}): SavedReply {
  return {
    id,
    scope: 'shared',
    folder: 'Shipping',
    title,
    body: `Hi {{author.first_name | there}}, ${title.toLowerCase()}.`,
    variants: {},
    tags: [],
    keywords: [],
    shortcut: null,
    ownerId: null,
    updatedAt: iso(60_000),
    updatedBy: null,
    ...patch,
  };
}

/**
 * A companion that keeps saved replies and their uses: `reply.used` is applied at most
 * once per opId, and its event pushed just after the answer (as the real server does:
 * commit, answer, broadcast).
 */
function replyCompanion() {
  const crypto = fakeCrypto();
  const companion = new FakeCompanion(crypto);
  let seq = 0;
  const replies = new Map<string, SavedReply>([['r-ship', reply('r-ship', 'Shipped')]]);
  const uses: Array<ReplyUse & { opId: string | null }> = [];
  const usage: Record<string, number> = {};
  const log: Array<{ event: LogEvent; item: null }> = [];
  const event = (data: LogEvent['data'], opId: string | null, memberId: string, itemKey: string | null, at: string) => {
    seq += 1;
    const e = { event: { seq, id: `e${seq}`, opId, at, memberId, itemKey, data } as LogEvent, item: null };
    log.push(e);
    return e;
  };
  const use = (payload: Record<string, unknown>, memberId: string) => {
    const opId = (payload.opId as string | undefined) ?? null;
    const prior = opId ? log.find((l) => l.event.opId === opId) : undefined;
    if (prior) return { seq: prior.event.seq, duplicate: true };
    const u = {
      opId,
      replyIds: payload.replyIds as string[],
      itemKey: payload.itemKey as string,
      platform: payload.platform as ReplyUse['platform'],
      memberId,
      at: payload.at as string,
    };
    uses.unshift(u);
    for (const id of u.replyIds) usage[id] = (usage[id] ?? 0) + 1;
    const e = event(
      { type: 'reply.used', replyIds: u.replyIds, platform: u.platform, usedAt: u.at },
      opId,
      memberId,
      u.itemKey,
      iso(0), // the event is when the companion recorded it
    );
    setTimeout(() => companion.push(e.event.seq, e), 0);
    return { seq: e.event.seq, duplicate: false };
  };
  companion.handlers['replies.list'] = () => ({
    ok: true,
    result: {
      replies: [...replies.values()],
      usage: { ...usage },
      recent: uses.map(({ opId: _opId, ...u }) => u),
      settings: DEFAULT_REPLY_SETTINGS,
    },
  });
  companion.handlers['reply.used'] = (payload) => ({ ok: true, result: use(payload, TEST_MEMBER.id) });
  companion.handlers.subscribe = (payload) => {
    const since = Number(payload.sinceSeq);
    return { ok: true, result: { headSeq: seq, events: log.filter((l) => l.event.seq > since), truncated: false } };
  };
  companion.handlers['profiles.list'] = () => ({ ok: true, result: { profiles: [] } });
  return {
    companion,
    crypto,
    replies,
    uses,
    /** A teammate's use, recorded and pushed. */
    teammateUses: (replyIds: string[], at = iso(1000)) =>
      use({ opId: `their-${seq}`, replyIds, itemKey: 'x:9', platform: 'x', at }, 'mem_tess'),
    /** A lead saved or removed replies: stored, and the events pushed. */
    save: (r: SavedReply, pushLater = false) => {
      replies.set(r.id, r);
      const e = event(
        { type: 'reply.saved', replyId: r.id, scope: r.scope, ownerId: null },
        null,
        'mem_lead',
        null,
        iso(0),
      );
      if (pushLater) setTimeout(() => companion.push(e.event.seq, e), 0);
      else companion.push(e.event.seq, e);
      return e.event.seq;
    },
    remove: (id: string) => {
      const r = replies.get(id)!;
      replies.delete(id);
      const e = event(
        { type: 'reply.removed', replyId: id, scope: r.scope, ownerId: null },
        null,
        'mem_lead',
        null,
        iso(0),
      );
      companion.push(e.event.seq, e);
    },
    lists: () => companion.received.filter((r) => r.type === 'replies.list').length,
  };
}

let n = 0;
async function makeSync(companion: FakeCompanion, crypto = fakeCrypto(), dbName = `replies-test-${n++}`) {
  const db = await openInlayDb(dbName);
  const state = new StateHub();
  const settings = new SettingsStore(pairedArea());
  let op = 0;
  const sync = new CompanionSync({
    db,
    settings,
    state,
    socketFactory: companion.factory,
    crypto,
    makeOpId: () => `${dbName}-op-${++op}`,
    now: () => NOW,
    backoff: new Backoff({ baseMs: 10, capMs: 20, random: () => 0.5 }),
    replies: { coalesceMs: 20, waitMs: 50 },
  });
  return { sync, state, db };
}

const use = (patch: Partial<{ key: string; replyIds: string[]; at: string }> = {}) => ({
  key: 'x:1',
  platform: 'x' as const,
  replyIds: ['r-ship'],
  at: iso(5000),
  ...patch,
});

describe('the saved-reply library in the background', () => {
  it('fetches the library after connecting and bumps repliesVersion', async () => {
    const fake = replyCompanion();
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    expect((await sync.replyLibrary()).fetchedAt).toBeNull();
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    expect(fake.lists()).toBe(1);
    expect(fake.companion.types().indexOf('replies.list')).toBeGreaterThan(fake.companion.types().indexOf('subscribe'));
    const lib = await sync.replyLibrary();
    expect(lib.replies.map((r) => r.id)).toEqual(['r-ship']);
    expect(lib.fetchedAt).toBe(new Date(NOW).toISOString());
    expect(state.value.repliesVersion).toBe(1);

    // the next connect fetches again
    sync.client.stop();
    fake.replies.set('r-late', reply('r-late', 'Running late'));
    sync.client.start();
    await vi.waitFor(() => expect(fake.lists()).toBe(2));
    await vi.waitFor(async () => expect((await sync.replyLibrary()).replies).toHaveLength(2));
    expect(state.value.repliesVersion).toBe(2);
    sync.client.stop();
  });

  it('fetches again once after a burst of reply events, and not for events the library already has', async () => {
    const fake = replyCompanion();
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    expect(fake.lists()).toBe(1);
    fake.save(reply('r-a', 'Apology'));
    fake.save(reply('r-b', 'Back in stock'));
    fake.remove('r-ship');
    await vi.waitFor(async () =>
      expect((await sync.replyLibrary()).replies.map((r) => r.id).sort()).toEqual(['r-a', 'r-b']),
    );
    await new Promise((r) => setTimeout(r, 80));
    expect(fake.lists()).toBe(2);
    const version = state.value.repliesVersion;

    // a page's own save: fetched once after it; its event (included in that answer) fetches nothing more
    fake.companion.handlers['reply.save'] = (payload) => {
      const r = reply((payload.reply as SavedReply).id, (payload.reply as SavedReply).title);
      const seq = fake.save(r, true); // broadcast after the answer
      return { ok: true, result: { reply: r, seq, duplicate: false } };
    };
    const saved = await sync.companionRequest('reply.save', {
      reply: { id: 'r-c', scope: 'shared', title: 'Courier', body: 'It is with the courier.' },
    });
    expect(saved.ok).toBe(true);
    await vi.waitFor(async () => expect((await sync.replyLibrary()).replies.map((r) => r.id)).toContain('r-c'));
    await new Promise((r) => setTimeout(r, 80));
    expect(fake.lists()).toBe(3);
    expect(state.value.repliesVersion).toBe(version + 1);
    sync.client.stop();
  });

  it('applies a teammate’s use in place (usage +1, first in recent) without fetching', async () => {
    const fake = replyCompanion();
    fake.replies.set('r-b', reply('r-b', 'Back in stock'));
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    const version = state.value.repliesVersion;
    fake.teammateUses(['r-ship', 'r-b']);
    await vi.waitFor(async () => expect((await sync.replyLibrary()).usage).toEqual({ 'r-ship': 1, 'r-b': 1 }));
    fake.teammateUses(['r-ship'], iso(500));
    await vi.waitFor(async () => expect((await sync.replyLibrary()).usage['r-ship']).toBe(2));
    const lib = await sync.replyLibrary();
    expect(lib.recent.map((u) => [u.replyIds, u.memberId, u.itemKey, u.at])).toEqual([
      [['r-ship'], 'mem_tess', 'x:9', iso(500)],
      [['r-ship', 'r-b'], 'mem_tess', 'x:9', iso(1000)],
    ]);
    expect(fake.lists()).toBe(1);
    expect(state.value.repliesVersion).toBe(version + 2);
    sync.client.stop();
  });

  it('counts this browser’s use at once and once only, when the companion’s event for the same op arrives', async () => {
    const fake = replyCompanion();
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    const r = await sync.recordReplyUse(use());
    expect(r).toEqual({ ok: true });
    // counted before the companion confirms
    expect((await sync.replyLibrary()).usage).toEqual({ 'r-ship': 1 });
    await vi.waitFor(() => expect(state.value.outbox).toBe(0));
    await vi.waitFor(() => expect(state.value.lastSeq).toBe(1));
    const sent = fake.companion.received.filter((x) => x.type === 'reply.used');
    expect(sent.map((x) => x.payload)).toEqual([
      { itemKey: 'x:1', platform: 'x', replyIds: ['r-ship'], at: iso(5000), opId: expect.any(String) },
    ]);
    const lib = await sync.replyLibrary();
    expect(lib.usage).toEqual({ 'r-ship': 1 });
    expect(lib.recent).toEqual([
      { replyIds: ['r-ship'], itemKey: 'x:1', platform: 'x', memberId: TEST_MEMBER.id, at: iso(5000) },
    ]);
    // a fetch now (the companion has it) still counts it once
    await sync.replies.refresh();
    expect((await sync.replyLibrary()).usage).toEqual({ 'r-ship': 1 });
    expect((await sync.replyLibrary()).recent).toHaveLength(1);
    sync.client.stop();
  });

  it('queues a use made offline in the outbox, keeps counting it across fetches, and replays it on reconnect', async () => {
    const fake = replyCompanion();
    fake.companion.running = false;
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('offline'));
    await sync.recordReplyUse(use({ key: 'x:2' }));
    expect(state.value.outbox).toBe(1);
    expect((await sync.outbox.all()).map((e) => [e.type, e.payload])).toEqual([
      ['reply.used', { itemKey: 'x:2', platform: 'x', replyIds: ['r-ship'], at: iso(5000) }],
    ]);
    expect((await sync.replyLibrary()).usage).toEqual({ 'r-ship': 1 });

    // the companion answers replies.list before the outbox replays: the queued use is counted on top
    const order: string[] = [];
    const list = fake.companion.handlers['replies.list']!;
    fake.companion.handlers['replies.list'] = (p, c) => {
      order.push('list');
      return list(p, c);
    };
    const used = fake.companion.handlers['reply.used']!;
    fake.companion.handlers['reply.used'] = (p, c) => {
      order.push('used');
      return used(p, c);
    };
    fake.companion.running = true;
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await vi.waitFor(() => expect(state.value.outbox).toBe(0));
    expect(order).toEqual(['list', 'used']);
    expect(fake.uses.map((u) => u.itemKey)).toEqual(['x:2']);
    await vi.waitFor(() => expect(state.value.lastSeq).toBe(1));
    expect((await sync.replyLibrary()).usage).toEqual({ 'r-ship': 1 });
    expect((await sync.replyLibrary()).recent.map((u) => u.itemKey)).toEqual(['x:2']);
    sync.client.stop();
  });

  it('keeps the library across a worker restart, with the uses still waiting in the outbox', async () => {
    const fake = replyCompanion();
    const name = `replies-restart-${n++}`;
    const first = await makeSync(fake.companion, fake.crypto, name);
    await first.sync.init();
    await vi.waitFor(() => expect(first.state.value.status).toBe('connected'));
    fake.teammateUses(['r-ship']);
    await vi.waitFor(async () => expect((await first.sync.replyLibrary()).usage['r-ship']).toBe(1));
    first.sync.client.stop();
    await first.sync.recordReplyUse(use()); // offline now: queued
    first.db.close();

    // a new worker, the companion not running
    fake.companion.running = false;
    const second = await makeSync(fake.companion, fake.crypto, name);
    await second.sync.init();
    const lib = await second.sync.replyLibrary();
    expect(lib.replies.map((r) => r.title)).toEqual(['Shipped']);
    expect(lib.usage).toEqual({ 'r-ship': 2 });
    expect(lib.recent.map((u) => u.memberId)).toEqual(['mem_tess', TEST_MEMBER.id]); // newest first
    expect(second.state.value.outbox).toBe(1);

    // back online: the use is delivered and still counted once
    fake.companion.running = true;
    await vi.waitFor(() => expect(second.state.value.status).toBe('connected'));
    await vi.waitFor(() => expect(second.state.value.outbox).toBe(0));
    await vi.waitFor(() => expect(fake.uses).toHaveLength(2));
    await vi.waitFor(() => expect(second.state.value.lastSeq).toBe(2));
    expect((await second.sync.replyLibrary()).usage).toEqual({ 'r-ship': 2 });
    second.sync.client.stop();
  });

  it('takes back a use the companion refuses for good', async () => {
    const fake = replyCompanion();
    fake.companion.handlers['reply.used'] = () => ({ ok: false, code: 'FORBIDDEN', message: 'Viewers cannot' });
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    await sync.recordReplyUse(use());
    await vi.waitFor(() => expect(state.value.outbox).toBe(0));
    await vi.waitFor(async () => expect((await sync.replyLibrary()).usage).toEqual({}));
    expect((await sync.replyLibrary()).recent).toEqual([]);
    sync.client.stop();
  });

  it('forgets the library (personal replies too) when the browser is unpaired', async () => {
    const fake = replyCompanion();
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    expect((await sync.replyLibrary()).replies).toHaveLength(1);
    const version = state.value.repliesVersion;
    await sync.unpair();
    expect(await sync.replyLibrary()).toEqual(emptyLibrary());
    expect(state.value.repliesVersion).toBe(version + 1);
  });

  it('answers from the cache when a fetch takes long', async () => {
    const fake = replyCompanion();
    const { sync, state } = await makeSync(fake.companion, fake.crypto);
    await sync.init();
    await vi.waitFor(() => expect(state.value.status).toBe('connected'));
    fake.companion.handlers['replies.list'] = () => 'silence';
    void sync.replies.refresh().catch(() => {});
    const started = Date.now();
    const lib = await sync.replyLibrary();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(lib.replies.map((r) => r.id)).toEqual(['r-ship']);
    sync.client.stop();
  });
});

describe('the database upgrade', () => {
  it('adds the replies store to a version-1 database and keeps its outbox', async () => {
    const name = `replies-upgrade-${n++}`;
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        db.createObjectStore('items', { keyPath: 'key' }).createIndex('capturedAt', 'capturedAt');
        db.createObjectStore('meta');
      },
    });
    await v1.add('outbox', {
      type: 'profile.remove',
      payload: { id: 'p1' },
      opId: 'op-old',
      createdAt: 1,
      attempts: 0,
    });
    v1.close();
    const db = await openInlayDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(['items', 'meta', 'outbox', 'replies']);
    expect((await db.getAll('outbox')).map((e) => e.opId)).toEqual(['op-old']);
    db.close();
  });
});

describe('recent uses', () => {
  const u = (at: string, id = 'r1'): ReplyUse => ({
    replyIds: [id],
    itemKey: 'x:1',
    platform: 'x',
    memberId: null,
    at,
  });

  it('keeps the last 24 hours, newest first', () => {
    const recent = trimRecent([u(iso(RECENT_WINDOW_MS + 1)), u(iso(10)), u(iso(RECENT_WINDOW_MS - 1)), u(iso(5))], NOW);
    expect(recent.map((x) => x.at)).toEqual([iso(5), iso(10), iso(RECENT_WINDOW_MS - 1)]);
  });

  it('counts a use once per reply in it', () => {
    const lib = withUse(emptyLibrary(), { ...u(iso(1)), replyIds: ['a', 'b', 'a'] }, NOW);
    expect(lib.usage).toEqual({ a: 1, b: 1 });
    expect(withUse(lib, u(iso(0), 'a'), NOW).usage).toEqual({ a: 2, b: 1 });
  });
});
