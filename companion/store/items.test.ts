import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../shared/model.js';
import { manualClock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { sequentialIds } from '../ids.js';
import { StoreError } from './errors.js';
import { applyItemEvent } from './projection.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, opId, sampleItem, tempDir } from './test-helpers.js';
import type { TempDir } from './test-helpers.js';

let dir: TempDir;
let store: SqliteStore;
const clock = manualClock('2026-03-01T10:00:00.000Z');

beforeEach(async () => {
  dir = tempDir();
  clock.set('2026-03-01T10:00:00.000Z');
  store = await openTestStore(dir.file(), { clock });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

function rawCount(table: string): number {
  const db = new Database(dir.file(), { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('captureItem', () => {
  it('appends item.captured and writes the projection in the same commit', async () => {
    const m = await store.captureItem(opId(1), null, sampleItem(1));
    expect(m.duplicate).toBe(false);
    expect(m.seq).toBe(1);
    expect(m.value).toMatchObject({
      key: 'x:1800000000000000001',
      status: 'open',
      priority: 'normal',
      tags: [],
      assigneeId: null,
      capturedAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
      seq: 1,
      text: 'Reply number 1: where is my order?',
    });
    expect(m.events).toHaveLength(1);
    expect(m.events[0]!.event).toMatchObject({ seq: 1, opId: opId(1), itemKey: m.value.key });
    expect(m.events[0]!.event.data).toEqual({
      type: 'item.captured',
      item: expect.objectContaining({ nativeId: '1800000000000000001' }),
    });
    expect(await store.getItem(m.value.key)).toStrictEqual(m.value);
    expect(await store.countItems()).toBe(1);
    expect(await store.headSeq()).toBe(1);
  });

  it('round-trips optional author fields exactly', async () => {
    const given = sampleItem(3, {
      author: { handle: null, name: 'Ünïcödé 名前', url: null, followers: 1234 },
      lang: undefined,
      siteTimestamp: null,
    });
    const m = await store.captureItem(opId(1), null, given);
    const stored = await store.getItem(m.value.key);
    expect(stored).toStrictEqual(m.value);
    expect(stored!.author).toStrictEqual({ handle: null, name: 'Ünïcödé 名前', url: null, followers: 1234 });
    expect(stored!.lang).toBeNull();
  });

  it('replays the same opId as a duplicate with the original seq, writing nothing', async () => {
    const first = await store.captureItem(opId(1), null, sampleItem(1));
    await store.captureItem(opId(2), null, sampleItem(2));
    const again = await store.captureItem(opId(1), null, sampleItem(1));
    expect(again).toStrictEqual({ value: first.value, seq: first.seq, duplicate: true, events: [] });
    expect(rawCount('events')).toBe(2);
    expect(rawCount('applied_ops')).toBe(2);
  });

  it('returns an already captured item under a new opId without a new event', async () => {
    const first = await store.captureItem(opId(1), null, sampleItem(1));
    const other = await store.captureItem(opId(2), null, sampleItem(1, { text: 'changed on the page' }));
    expect(other).toStrictEqual({ value: first.value, seq: 0, duplicate: false, events: [] });
    expect(await store.headSeq()).toBe(1);
    expect(await store.countItems()).toBe(1);
  });

  it('refuses an opId that was used for a different kind of mutation', async () => {
    await store.captureItem(opId(1), null, sampleItem(1));
    const err = await store.updateItem(opId(1), null, 'x:1800000000000000001', { status: 'done' }).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('OP_ID_REUSED');
  });
});

describe('updateItem', () => {
  let item: Item;
  beforeEach(async () => {
    item = (await store.captureItem(opId(1), null, sampleItem(1))).value;
    clock.advance(60_000);
  });

  it('appends one event per changed field, in order, and projects the result', async () => {
    const { member } = await store.createMember('Ana', 'agent'); // seq 2
    const m = await store.updateItem(opId(2), member.id, item.key, {
      status: 'pending',
      priority: 'urgent',
      assigneeId: member.id,
    });
    expect(m).not.toBeNull();
    expect(m!.events.map((e) => [e.event.seq, e.event.data])).toEqual([
      [3, { type: 'item.status_changed', from: 'open', to: 'pending' }],
      [4, { type: 'item.priority_changed', from: 'normal', to: 'urgent' }],
      [5, { type: 'item.assigned', from: null, to: member.id }],
    ]);
    expect(m!.events.map((e) => e.item!.status)).toEqual(['pending', 'pending', 'pending']);
    expect(m!.events.map((e) => e.item!.priority)).toEqual(['normal', 'urgent', 'urgent']);
    expect(m!.seq).toBe(5);
    expect(m!.value).toMatchObject({ status: 'pending', priority: 'urgent', assigneeId: member.id, seq: 5 });
    expect(m!.value.updatedAt).toBe('2026-03-01T10:01:00.000Z');
    expect(m!.events.every((e) => e.event.memberId === member.id && e.event.opId === opId(2))).toBe(true);
    expect(await store.getItem(item.key)).toStrictEqual(m!.value);
  });

  it('appends only what changes, and nothing when nothing changes', async () => {
    const partly = await store.updateItem(opId(2), null, item.key, { status: 'done', priority: 'normal' });
    expect(partly!.events.map((e) => e.event.data.type)).toEqual(['item.status_changed']);
    const none = await store.updateItem(opId(3), null, item.key, { status: 'done', assigneeId: null });
    expect(none).toStrictEqual({ value: partly!.value, seq: 0, duplicate: false, events: [] });
    expect(await store.headSeq()).toBe(2);
  });

  it('replays an update as a duplicate with the original seq', async () => {
    const m = await store.updateItem(opId(2), null, item.key, { status: 'done' });
    await store.updateItem(opId(3), null, item.key, { status: 'open' });
    const again = await store.updateItem(opId(2), null, item.key, { status: 'done' });
    expect(again).toMatchObject({ seq: m!.seq, duplicate: true, events: [] });
    expect(again!.value.status).toBe('open'); // the current state; the op was not applied twice
    expect(await store.headSeq()).toBe(3);
  });

  it('returns null for an unknown item and records nothing, so the op can apply later', async () => {
    const key = 'x:1800000000000000002';
    expect(await store.updateItem(opId(2), null, key, { status: 'done' })).toBeNull();
    expect(rawCount('applied_ops')).toBe(1);
    await store.captureItem(opId(3), null, sampleItem(2));
    const later = await store.updateItem(opId(2), null, key, { status: 'done' });
    expect(later).toMatchObject({ duplicate: false, value: { status: 'done' } });
  });

  it('refuses to assign to a member that does not exist', async () => {
    const err = await store.updateItem(opId(2), null, item.key, { assigneeId: 'mem_ghost' }).catch((e) => e);
    expect((err as StoreError).code).toBe('UNKNOWN_MEMBER');
    expect(await store.headSeq()).toBe(1);
  });
});

describe('transactions', () => {
  it('rolls back every event and the projection when a step fails mid-way', async () => {
    const dir2 = tempDir();
    // Hands out the same event id twice, so the second event of one update violates events.id UNIQUE.
    const base = sequentialIds();
    const ids: IdGen = { id: (p) => (p === 'evt' ? 'evt_same' : base.id(p)) };
    const s = await openTestStore(dir2.file(), { ids });
    try {
      const { value } = await s.captureItem(opId(1), null, sampleItem(1));
      await expect(s.updateItem(opId(2), null, value.key, { status: 'done', priority: 'high' })).rejects.toThrow(
        /UNIQUE/,
      );
      expect(await s.headSeq()).toBe(1);
      const events = await s.eventsSince(0, 10);
      expect(events.map((e) => e.event.data.type)).toEqual(['item.captured']);
      expect(await s.getItem(value.key)).toStrictEqual(value);
    } finally {
      await s.close();
      dir2.remove();
    }
  });
});

describe('eventsSince', () => {
  it('returns events after a seq, in order, at most limit, each with the item as it is now', async () => {
    const keys: string[] = [];
    for (let i = 1; i <= 5; i++) keys.push((await store.captureItem(opId(i), null, sampleItem(i))).value.key);
    await store.createMember('Ana', 'admin'); // seq 6, no item
    await store.updateItem(opId(9), null, keys[0]!, { status: 'done' }); // seq 7

    const page1 = await store.eventsSince(0, 3);
    expect(page1.map((e) => e.event.seq)).toEqual([1, 2, 3]);
    expect(page1[0]!.item).toMatchObject({ key: keys[0], status: 'done', seq: 7 });

    const page2 = await store.eventsSince(3, 100);
    expect(page2.map((e) => [e.event.seq, e.event.data.type])).toEqual([
      [4, 'item.captured'],
      [5, 'item.captured'],
      [6, 'member.joined'],
      [7, 'item.status_changed'],
    ]);
    expect(page2[2]!.item).toBeNull();
    expect(await store.eventsSince(7, 10)).toEqual([]);
    expect(await store.eventsSince(0, 0)).toEqual([]);
  });

  it('rebuilds the items table exactly from the log with the projection functions', async () => {
    const { member } = await store.createMember('Ana', 'agent');
    for (let i = 1; i <= 4; i++) await store.captureItem(opId(i), member.id, sampleItem(i));
    await store.updateItem(opId(10), member.id, 'x:1800000000000000002', { status: 'pending', assigneeId: member.id });
    clock.advance(1000);
    await store.updateItem(opId(11), null, 'x:1800000000000000004', { priority: 'low' });

    const rebuilt = new Map<string, Item>();
    for (const { event } of await store.eventsSince(0, 1000)) {
      if (event.itemKey === null) continue;
      const next = applyItemEvent(rebuilt.get(event.itemKey) ?? null, event);
      if (next) rebuilt.set(event.itemKey, next);
    }
    const listed = await store.listItems({});
    expect(listed).toHaveLength(4);
    for (const it of listed) expect(rebuilt.get(it.key)).toStrictEqual(it);
  });
});

describe('listItems', () => {
  it('lists newest captured first, filters by status and honours the limit', async () => {
    for (let i = 1; i <= 4; i++) await store.captureItem(opId(i), null, sampleItem(i));
    await store.updateItem(opId(9), null, 'x:1800000000000000001', { status: 'done' });
    const all = await store.listItems({});
    expect(all.map((i) => i.nativeId.slice(-1))).toEqual(['4', '3', '2', '1']);
    expect((await store.listItems({ limit: 2 })).map((i) => i.nativeId.slice(-1))).toEqual(['4', '3']);
    expect((await store.listItems({ status: 'done' })).map((i) => i.nativeId.slice(-1))).toEqual(['1']);
    expect((await store.listItems({ status: 'open', limit: 1 })).map((i) => i.nativeId.slice(-1))).toEqual(['4']);
  });
});

describe('reading back', () => {
  it('refuses a row the schemas do not accept instead of passing it on', async () => {
    const { value } = await store.captureItem(opId(1), null, sampleItem(1));
    const raw = new Database(dir.file());
    const set = (column: string, v: string) =>
      raw.prepare(`update items set ${column} = ? where key = ?`).run(v, value.key);
    const code = () =>
      store.getItem(value.key).then(
        () => 'ok',
        (e: unknown) => (e as StoreError).code,
      );
    set('tags', '{not json');
    expect(await code()).toBe('CORRUPT_ROW');
    set('tags', '[]');
    expect(await code()).toBe('ok');
    set('permalink', 'javascript:alert(1)');
    expect(await code()).toBe('CORRUPT_ROW');
    raw.close();
  });
});
