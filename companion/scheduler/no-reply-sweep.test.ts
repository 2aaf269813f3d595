import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Rule } from '../../shared/rules/index.js';
import { manualClock } from '../clock.js';
import { quietLogger } from '../log.js';
import { createRulesService } from '../server/rules-service.js';
import type { SqliteStore } from '../store/sqlite.js';
import { openTestStore, opId, sampleItem, tempDir, type TempDir } from '../store/test-helpers.js';
import { startNoReplySweep, type NoReplySweep } from './no-reply-sweep.js';

let dir: TempDir;
let store: SqliteStore;
let sweep: NoReplySweep;
const clock = manualClock('2026-03-01T10:00:00.000Z');
const published: string[] = [];

beforeEach(async () => {
  dir = tempDir();
  clock.set('2026-03-01T10:00:00.000Z');
  published.length = 0;
  store = await openTestStore(dir.file(), { clock });
  const rules = createRulesService({ store, clock, logger: quietLogger });
  await store.saveRule(
    opId('r1'),
    null,
    Rule.parse({
      id: 'waiting-30',
      name: 'Waiting 30 minutes',
      on: { event: 'no_reply', minutes: 30 },
      actions: [{ type: 'priority.set', priority: 'urgent' }],
      order: 1,
    }),
  );
  sweep = startNoReplySweep({
    store,
    rules,
    clock,
    logger: quietLogger,
    publish: (events) => published.push(...events.map((e) => `${e.event.itemKey} ${e.event.data.type}`)),
    setInterval: () => ({}),
    clearInterval: () => {},
  });
});
afterEach(async () => {
  await sweep.stop();
  await store.close();
  dir.remove();
});

describe('the no-reply sweep', () => {
  it('fires a no_reply rule once, when the wait passes the threshold, and never on answered items', async () => {
    await store.captureItem(opId('c1'), null, { ...sampleItem(1), siteTimestamp: null });
    await store.captureItem(opId('c2'), null, { ...sampleItem(2), siteTimestamp: null });
    await store.recordReply(opId('rp'), null, 'x:1800000000000000002', {
      nativeId: '9',
      profile: 'acme',
      permalink: null,
      siteTimestamp: null,
      source: 'native',
    });
    await sweep.tick(); // watermark at 10:00
    clock.advance(20 * 60_000);
    await sweep.tick();
    expect(published).toEqual([]);
    clock.advance(11 * 60_000); // 31 minutes waiting
    await sweep.tick();
    expect(published).toEqual(['x:1800000000000000001 item.priority_changed']);
    expect((await store.getItem('x:1800000000000000001'))?.priority).toBe('urgent');
    expect((await store.getItem('x:1800000000000000002'))?.priority).toBe('normal');
    clock.advance(60 * 60_000);
    await sweep.tick();
    expect(published).toHaveLength(1); // once per threshold
  });

  it('does nothing and reads no items when no rule waits for silence', async () => {
    await store.removeRule(opId('del'), null, 'waiting-30');
    const rules = createRulesService({ store, clock, logger: quietLogger });
    expect(await rules.afterTime(new Date('2026-03-01T09:00:00Z'), new Date('2026-03-01T10:00:00Z'))).toEqual([]);
  });
});

describe('snooze', () => {
  it('wakes a snoozed item when its time comes, once', async () => {
    await store.captureItem(opId('c9'), null, sampleItem(9));
    await store.updateItem(opId('s9'), null, 'x:1800000000000000009', {
      status: 'pending',
      snoozeUntil: '2026-03-01T12:00:00.000Z',
    });
    expect(await store.getItem('x:1800000000000000009')).toMatchObject({
      status: 'pending',
      snoozedUntil: '2026-03-01T12:00:00.000Z',
    });
    await sweep.tick();
    expect((await store.getItem('x:1800000000000000009'))?.status).toBe('pending');
    clock.set('2026-03-01T12:00:30.000Z');
    await sweep.tick();
    expect(await store.getItem('x:1800000000000000009')).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(published).toContain('x:1800000000000000009 item.status_changed');
    const count = published.length;
    await sweep.tick();
    expect(published).toHaveLength(count);
  });
});
