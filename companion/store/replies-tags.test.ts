import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import { applyItemEvent } from './projection.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, opId, sampleItem, tempDir, type TempDir } from './test-helpers.js';
import type { ReplySeen } from './types.js';

let dir: TempDir;
let store: SqliteStore;
const clock = manualClock('2026-03-01T10:00:00.000Z');
const KEY = 'x:1800000000000000001';

beforeEach(async () => {
  dir = tempDir();
  clock.set('2026-03-01T10:00:00.000Z');
  store = await openTestStore(dir.file(), { clock });
  await store.captureItem(opId('cap'), null, sampleItem(1));
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

function reply(id: string, over: Partial<ReplySeen> = {}): ReplySeen {
  return {
    nativeId: id,
    profile: 'acme',
    permalink: `https://x.com/acme/status/${id}`,
    siteTimestamp: '2026-03-01T10:20:00.000Z',
    source: 'native',
    ...over,
  };
}

describe('tags through updateItem', () => {
  it('adds and removes tags, one event each, and keeps them in the projection', async () => {
    const m = await store.updateItem(opId(1), null, KEY, { addTags: ['CS - damaged', 'Campaign - spring'] });
    expect(m!.value.tags).toEqual(['CS - damaged', 'Campaign - spring']);
    expect(m!.events.map((e) => e.event.data)).toEqual([
      { type: 'item.tagged', tag: 'CS - damaged', by: 'unknown' },
      { type: 'item.tagged', tag: 'Campaign - spring', by: 'unknown' },
    ]);
    const r = await store.updateItem(opId(2), null, KEY, { removeTags: ['CS - damaged', 'never there'] });
    expect(r!.events.map((e) => e.event.data.type)).toEqual(['item.untagged']);
    expect((await store.getItem(KEY))!.tags).toEqual(['Campaign - spring']);
  });

  it('writes nothing for a tag the item already has, and replays an op without a second event', async () => {
    await store.updateItem(opId(1), null, KEY, { addTags: ['CS - late delivery'] });
    const again = await store.updateItem(opId(2), null, KEY, { addTags: ['CS - late delivery'] });
    expect(again!.events).toEqual([]);
    const head = await store.headSeq();
    const replay = await store.updateItem(opId(1), null, KEY, { addTags: ['CS - late delivery'] });
    expect(replay!.duplicate).toBe(true);
    expect(await store.headSeq()).toBe(head);
  });
});

describe('recordReply', () => {
  it('records our reply once, sets repliedAt from the site time, and survives a rebuild from the log', async () => {
    const m = await store.recordReply(opId(1), null, KEY, reply('1800000000000000900'));
    expect(m!.duplicate).toBe(false);
    expect(m!.value.repliedAt).toBe('2026-03-01T10:20:00.000Z');
    expect(m!.events[0]!.event.data).toEqual({ type: 'item.replied', reply: reply('1800000000000000900') });

    // a teammate's browser sees the same reply: nothing new
    const seenAgain = await store.recordReply(opId(2), null, KEY, reply('1800000000000000900'));
    expect(seenAgain!.events).toEqual([]);
    expect(seenAgain!.seq).toBe(0);

    // a second reply keeps the first reply time
    clock.advance(60_000);
    const second = await store.recordReply(opId(3), null, KEY, reply('1800000000000000901', { siteTimestamp: null }));
    expect(second!.events).toHaveLength(1);
    expect(second!.value.repliedAt).toBe('2026-03-01T10:20:00.000Z');

    const log = await store.eventsSince(0, 100);
    let rebuilt = null;
    for (const { event } of log) rebuilt = applyItemEvent(rebuilt, event);
    expect(rebuilt).toStrictEqual(await store.getItem(KEY));
  });

  it('uses the time it was seen when the site showed none', async () => {
    clock.set('2026-03-01T11:00:00.000Z');
    const m = await store.recordReply(opId(1), null, KEY, reply('1800000000000000902', { siteTimestamp: null }));
    expect(m!.value.repliedAt).toBe('2026-03-01T11:00:00.000Z');
  });

  it('returns null for an item it does not know', async () => {
    expect(await store.recordReply(opId(1), null, 'x:404', reply('1'))).toBeNull();
  });
});
