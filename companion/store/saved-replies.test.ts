import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REPLY_SETTINGS, SavedReplyInput, type SavedReplyFields } from '../../shared/replies/saved-reply.js';
import type { EventData, RuleCause } from '../../shared/model.js';
import { manualClock } from '../clock.js';
import { applyItemEvent } from './projection.js';
import { SavedReplyError } from './saved-replies-repo.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, opId, sampleItem, tempDir, type TempDir } from './test-helpers.js';

let dir: TempDir;
let store: SqliteStore;
const clock = manualClock('2026-03-01T10:00:00.000Z');
const ANA = 'mem_ana';
const BO = 'mem_bo';
const ITEM = 'x:1800000000000000001';

beforeEach(async () => {
  dir = tempDir();
  clock.set('2026-03-01T10:00:00.000Z');
  store = await openTestStore(dir.file(), { clock });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

function reply(id: string, over: Partial<Parameters<typeof SavedReplyInput.parse>[0]> = {}): SavedReplyFields {
  return SavedReplyInput.parse({
    id,
    scope: 'shared',
    folder: 'Shipping',
    title: `Reply ${id}`,
    body: 'Hi {{author.first_name | there}}, sorry about that!',
    ...over,
  });
}

function raw(run: (db: Database.Database) => void): void {
  const db = new Database(dir.file());
  try {
    run(db);
  } finally {
    db.close();
  }
}

async function rejection(p: Promise<unknown>): Promise<SavedReplyError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SavedReplyError) return err;
    throw err;
  }
  throw new Error('expected a SavedReplyError');
}

describe('saving saved replies', () => {
  it('creates, replaces and keeps the first owner; its event says only which reply and whose', async () => {
    const first = await store.saveSavedReply(opId(1), ANA, reply('r_ship'));
    expect(first).toMatchObject({ duplicate: false, seq: expect.any(Number) });
    expect(first.value).toMatchObject({
      id: 'r_ship',
      scope: 'shared',
      ownerId: ANA,
      updatedBy: ANA,
      updatedAt: '2026-03-01T10:00:00.000Z',
      variants: {},
      tags: [],
      keywords: [],
      shortcut: null,
    });
    expect(first.events.map((e) => e.event.data)).toEqual([
      { type: 'reply.saved', replyId: 'r_ship', scope: 'shared', ownerId: ANA },
    ]);
    expect(first.events[0]!.item).toBeNull();

    clock.advance(60_000);
    const second = await store.saveSavedReply(opId(2), BO, reply('r_ship', { title: 'Where is my parcel' }));
    expect(second.value).toMatchObject({
      title: 'Where is my parcel',
      ownerId: ANA,
      updatedBy: BO,
      updatedAt: '2026-03-01T10:01:00.000Z',
    });
    expect((await store.listSavedReplies(BO)).replies).toEqual([second.value]);
  });

  it('applies an op id once: a replay returns the reply and writes nothing', async () => {
    const first = await store.saveSavedReply(opId(1), ANA, reply('r_1'));
    const head = await store.headSeq();
    const again = await store.saveSavedReply(opId(1), ANA, reply('r_1', { title: 'Changed' }));
    expect(again).toEqual({ value: first.value, seq: first.seq, duplicate: true, events: [] });
    expect(await store.headSeq()).toBe(head);
  });

  it('refuses to change a reply’s scope, in words, and writes nothing', async () => {
    await store.saveSavedReply(opId(1), ANA, reply('r_1', { title: 'Returns' }));
    const head = await store.headSeq();
    const err = await rejection(store.saveSavedReply(opId(2), ANA, reply('r_1', { scope: 'personal' })));
    expect(err.code).toBe('REPLY_SCOPE_FIXED');
    expect(err.message).toMatch(/“Returns” is a shared reply, and a reply keeps its scope/);
    expect(await store.headSeq()).toBe(head);
    expect((await store.listSavedReplies(ANA)).replies.map((r) => r.scope)).toEqual(['shared']);

    await store.saveSavedReply(opId(3), ANA, reply('r_mine', { scope: 'personal' }));
    const up = await rejection(store.saveSavedReply(opId(4), ANA, reply('r_mine', { scope: 'shared' })));
    expect(up.message).toMatch(/your personal reply.*to share it, save a copy/);
  });

  it('refuses to replace a teammate’s personal reply without telling what it says', async () => {
    await store.saveSavedReply(opId(1), ANA, reply('r_ana', { scope: 'personal', title: 'Secret sauce' }));
    const head = await store.headSeq();
    for (const scope of ['personal', 'shared'] as const) {
      const err = await rejection(store.saveSavedReply(opId(`bo-${scope}`), BO, reply('r_ana', { scope })));
      expect(err.code).toBe('REPLY_NOT_YOURS');
      expect(err.message).not.toContain('Secret sauce');
    }
    expect(await store.headSeq()).toBe(head);
    expect((await store.listSavedReplies(ANA)).replies[0]).toMatchObject({ title: 'Secret sauce', ownerId: ANA });
  });

  it('lists shared replies and the member’s own personal ones, by folder then title', async () => {
    await store.saveSavedReply(opId(1), ANA, reply('r_b', { folder: 'Shipping', title: 'B late' }));
    await store.saveSavedReply(opId(2), ANA, reply('r_a', { folder: 'Shipping', title: 'A lost' }));
    await store.saveSavedReply(opId(3), ANA, reply('r_ret', { folder: 'Returns', title: 'Label' }));
    await store.saveSavedReply(opId(4), ANA, reply('r_none', { folder: '', title: 'Thanks' }));
    const personal = await store.saveSavedReply(opId(5), ANA, reply('r_ana', { scope: 'personal', title: 'Mine' }));
    await store.saveSavedReply(opId(6), BO, reply('r_bo', { scope: 'personal', title: 'Bo’s' }));

    expect(personal.events.map((e) => e.event.data)).toEqual([
      { type: 'reply.saved', replyId: 'r_ana', scope: 'personal', ownerId: ANA },
    ]);
    expect((await store.listSavedReplies(ANA)).replies.map((r) => r.id)).toEqual([
      'r_none',
      'r_ret',
      'r_a',
      'r_b',
      'r_ana',
    ]);
    expect((await store.listSavedReplies(BO)).replies.map((r) => r.id)).toEqual([
      'r_none',
      'r_ret',
      'r_a',
      'r_b',
      'r_bo',
    ]);
    expect((await store.listSavedReplies(null)).replies.map((r) => r.id)).not.toContain('r_ana');
    expect(await store.savedReplyOwner('r_ana')).toEqual({ scope: 'personal', ownerId: ANA });
    expect(await store.savedReplyOwner('r_gone')).toBeNull();
  });

  it('removes a shared reply or one’s own personal one; a teammate’s personal reply is not there for others', async () => {
    await store.saveSavedReply(opId(1), ANA, reply('r_shared'));
    await store.saveSavedReply(opId(2), ANA, reply('r_ana', { scope: 'personal' }));

    expect(await store.removeSavedReply(opId(3), BO, 'r_ana')).toBeNull();
    expect(await store.removeSavedReply(opId(4), BO, 'r_nothing')).toBeNull();
    const gone = await store.removeSavedReply(opId(5), ANA, 'r_ana');
    expect(gone?.events.map((e) => e.event.data)).toEqual([
      { type: 'reply.removed', replyId: 'r_ana', scope: 'personal', ownerId: ANA },
    ]);
    const shared = await store.removeSavedReply(opId(6), BO, 'r_shared');
    expect(shared?.events[0]?.event.data).toMatchObject({ type: 'reply.removed', replyId: 'r_shared' });
    expect(await store.removeSavedReply(opId(6), BO, 'r_shared')).toMatchObject({ duplicate: true, value: null });
    expect((await store.listSavedReplies(ANA)).replies).toEqual([]);
  });

  it('skips and reports rows that do not parse', async () => {
    await store.saveSavedReply(opId(1), ANA, reply('r_ok'));
    raw((db) => {
      const insert = db.prepare(
        `insert into saved_replies (id, scope, owner_id, folder, title, body, updated_at, updated_by)
         values (?, 'shared', null, '', ?, ?, '2026-03-01T10:00:00.000Z', null)`,
      );
      insert.run('r_json', 'Broken', '{not json');
      insert.run('r_schema', 'Empty', JSON.stringify({ id: 'r_schema', scope: 'shared', title: 'Empty', body: '' }));
      insert.run(
        'r_moved',
        'Moved',
        JSON.stringify({
          ...reply('r_other'),
          ownerId: null,
          updatedAt: '2026-03-01T10:00:00.000Z',
          updatedBy: null,
        }),
      );
    });
    const { replies, unreadable } = await store.listSavedReplies(ANA);
    expect(replies.map((r) => r.id)).toEqual(['r_ok']);
    expect(unreadable).toEqual([
      { id: 'r_json', why: 'not valid JSON' },
      { id: 'r_schema', why: expect.any(String) },
      { id: 'r_moved', why: expect.stringContaining('differs') },
    ]);
  });
});

describe('importing saved replies', () => {
  it('adds and replaces in one op, says how many of each, and replays with the same counts', async () => {
    await store.saveSavedReply(opId(1), ANA, reply('r_old', { title: 'Old' }));
    await store.saveSavedReply(opId(2), ANA, reply('r_gone'));
    await store.removeSavedReply(opId(3), ANA, 'r_gone');

    const m = await store.importSavedReplies(opId(4), BO, [
      reply('r_old', { title: 'Old, improved' }),
      reply('r_new'),
      reply('r_gone', { title: 'Back again' }),
      reply('r_bo', { scope: 'personal' }),
      reply('r_new', { title: 'New, second version' }),
    ]);
    expect(m.value).toEqual({ created: 3, updated: 1 });
    expect(m.events.map((e) => [e.event.opId, e.event.data.type])).toEqual(
      Array.from({ length: 4 }, () => [opId(4), 'reply.saved']),
    );
    const bo = (await store.listSavedReplies(BO)).replies;
    expect(Object.fromEntries(bo.map((r) => [r.id, [r.title, r.ownerId]]))).toEqual({
      r_old: ['Old, improved', ANA],
      r_new: ['New, second version', null],
      r_gone: ['Back again', null],
      r_bo: ['Reply r_bo', BO],
    });

    const head = await store.headSeq();
    const again = await store.importSavedReplies(opId(4), BO, [reply('r_other')]);
    expect(again).toEqual({ value: { created: 3, updated: 1 }, seq: m.seq, duplicate: true, events: [] });
    expect(await store.headSeq()).toBe(head);
  });

  it('imports nothing when one reply is refused, and says which', async () => {
    await store.saveSavedReply(opId(1), ANA, reply('r_ana', { scope: 'personal' }));
    const head = await store.headSeq();
    const err = await rejection(
      store.importSavedReplies(opId(2), BO, [reply('r_fine'), reply('r_ana', { scope: 'personal', title: 'Mine' })]),
    );
    expect(err.code).toBe('REPLY_NOT_YOURS');
    expect(err.message).toMatch(/^Nothing was imported: “Mine” \(r_ana\): /);
    expect(await store.headSeq()).toBe(head);
    expect((await store.listSavedReplies(BO)).replies).toEqual([]);
    // the op id was not used up: the fixed file goes through under it
    const fixed = await store.importSavedReplies(opId(2), BO, [reply('r_fine')]);
    expect(fixed).toMatchObject({ value: { created: 1, updated: 0 }, duplicate: false });
  });
});

describe('reply usage', () => {
  const use = (replyIds: string[], at = clock.now().toISOString(), platform = 'x' as const) => ({
    itemKey: ITEM,
    platform,
    replyIds,
    at,
  });

  it('records a use once per op id, with the item as it is, and counts it per reply', async () => {
    const { value: item } = await store.captureItem(opId('cap'), ANA, sampleItem(1));
    const m = await store.recordReplyUse(opId(1), ANA, use(['r_a', 'r_b', 'r_a']));
    expect(m.value).toEqual({
      replyIds: ['r_a', 'r_b'],
      itemKey: ITEM,
      platform: 'x',
      memberId: ANA,
      at: '2026-03-01T10:00:00.000Z',
    });
    expect(m.events).toHaveLength(1);
    expect(m.events[0]!.event).toMatchObject({
      itemKey: ITEM,
      memberId: ANA,
      data: { type: 'reply.used', replyIds: ['r_a', 'r_b'], platform: 'x' },
    });
    expect(m.events[0]!.item).toEqual(item);
    expect(await store.getItem(ITEM)).toEqual(item);

    const again = await store.recordReplyUse(opId(1), ANA, use(['r_a', 'r_b']));
    expect(again).toEqual({ value: m.value, seq: m.seq, duplicate: true, events: [] });
    await store.recordReplyUse(opId(2), BO, use(['r_a']));
    expect(await store.replyUsage()).toEqual({ r_a: 2, r_b: 1 });
  });

  it('accepts a use of an item never captured (its push carries no item)', async () => {
    const m = await store.recordReplyUse(opId(1), ANA, use(['r_a']));
    expect(m.events[0]!.item).toBeNull();
  });

  it('returns the team’s uses of the last 24 hours, newest first, each at the time it was inserted', async () => {
    await store.recordReplyUse(opId(1), ANA, use(['r_old']));
    clock.advance(2 * 3_600_000);
    // the outbox delivered it late: it counts when it was inserted (an hour ago)
    await store.recordReplyUse(opId(2), BO, use(['r_late'], '2026-03-01T11:00:00.000+00:00', 'x'));
    await store.recordReplyUse(opId(3), ANA, use(['r_b', 'r_a']));
    // a client clock ahead of ours: no later than now
    await store.recordReplyUse(opId(4), ANA, use(['r_future'], '2026-03-02T00:00:00.000Z'));

    expect((await store.recentReplyUses()).map((u) => [u.replyIds, u.at])).toEqual([
      [['r_future'], '2026-03-01T12:00:00.000Z'],
      [['r_b', 'r_a'], '2026-03-01T12:00:00.000Z'],
      [['r_late'], '2026-03-01T11:00:00.000Z'],
      [['r_old'], '2026-03-01T10:00:00.000Z'],
    ]);
    clock.set('2026-03-02T10:30:00.000Z');
    expect((await store.recentReplyUses()).map((u) => u.replyIds[0])).toEqual(['r_future', 'r_b', 'r_late']);
    clock.set('2026-03-03T12:00:00.000Z');
    expect(await store.recentReplyUses()).toEqual([]);
    expect(await store.replyUsage()).toEqual({ r_old: 1, r_late: 1, r_a: 1, r_b: 1, r_future: 1 });
  });
});

describe('saved-reply settings', () => {
  it('are the defaults until saved; a save appends its event and replays', async () => {
    expect(await store.getReplySettings()).toEqual(DEFAULT_REPLY_SETTINGS);
    const settings = { brand: 'Acme', guardrail: { uses: 5, minutes: 30 } };
    const m = await store.saveReplySettings(opId(1), ANA, settings);
    expect(m.value).toEqual(settings);
    expect(m.events.map((e) => e.event.data)).toEqual([{ type: 'replies.settings_saved', ...settings }]);
    expect(await store.getReplySettings()).toEqual(settings);
    const again = await store.saveReplySettings(opId(1), ANA, { brand: null, guardrail: { uses: 2, minutes: 1 } });
    expect(again).toEqual({ value: settings, seq: m.seq, duplicate: true, events: [] });
  });

  it('reads a damaged settings row as the defaults', async () => {
    raw((db) =>
      db
        .prepare(`insert into team_settings (key, value, updated_at, updated_by) values ('saved_replies', ?, '', null)`)
        .run('{"brand": 3}'),
    );
    expect(await store.getReplySettings()).toEqual(DEFAULT_REPLY_SETTINGS);
  });
});

describe('suggested replies on items', () => {
  const cause = (name: string): RuleCause => ({ id: `rule-${name}`, name, because: ['text contains “parcel”'] });

  it('a rule’s suggestion adds each reply once, in order, with the rule’s name, up to 20', async () => {
    await store.captureItem(opId('cap'), null, sampleItem(1));
    const m = await store.updateItem(
      opId(1),
      null,
      ITEM,
      { suggestReplies: ['r_a', 'r_b', 'r_a'] },
      {
        rule: cause('Shipping'),
      },
    );
    expect(m?.events.map((e) => e.event.data)).toEqual([
      { type: 'item.replies_suggested', replyIds: ['r_a', 'r_b'], rule: cause('Shipping') },
    ]);
    expect(m?.value.suggestedReplies).toEqual([
      { id: 'r_a', ruleName: 'Shipping' },
      { id: 'r_b', ruleName: 'Shipping' },
    ]);

    const more = await store.updateItem(
      opId(2),
      null,
      ITEM,
      { suggestReplies: ['r_b', 'r_c', 'x'.repeat(65)] },
      {
        rule: cause('Returns'),
      },
    );
    expect(more?.events.map((e) => e.event.data)).toEqual([
      { type: 'item.replies_suggested', replyIds: ['r_c'], rule: cause('Returns') },
    ]);
    const nothing = await store.updateItem(opId(3), null, ITEM, { suggestReplies: ['r_a'] }, { rule: cause('Again') });
    expect(nothing?.events).toEqual([]);

    const many = Array.from({ length: 25 }, (_, i) => `r_many_${i}`);
    const full = await store.updateItem(opId(4), null, ITEM, { suggestReplies: many }, { rule: cause('Many') });
    expect(full?.value.suggestedReplies).toHaveLength(20);
    expect(full?.value.suggestedReplies.slice(0, 3).map((s) => s.id)).toEqual(['r_a', 'r_b', 'r_c']);
    // read back from the row, the same
    expect((await store.getItem(ITEM))?.suggestedReplies).toEqual(full?.value.suggestedReplies);

    await expect(store.updateItem(opId(5), 'mem_x', ITEM, { suggestReplies: ['r_z'] })).rejects.toThrow(
      /inbox rules only/,
    );
  });

  it('the projection adds suggestions once, ignores the library’s events and a use', async () => {
    const { value: item } = await store.captureItem(opId('cap'), null, sampleItem(1));
    const at = '2026-03-01T10:05:00.000Z';
    const event = (seq: number, data: EventData) => ({
      seq,
      id: `evt_${seq}`,
      opId: null,
      at,
      memberId: null,
      itemKey: ITEM,
      data,
    });
    const suggested = applyItemEvent(
      item,
      event(50, { type: 'item.replies_suggested', replyIds: ['r_a'], rule: cause('Shipping') }),
    );
    expect(suggested).toMatchObject({ suggestedReplies: [{ id: 'r_a', ruleName: 'Shipping' }], seq: 50 });
    const same = applyItemEvent(
      suggested,
      event(51, { type: 'item.replies_suggested', replyIds: ['r_a'], rule: cause('Other') }),
    );
    expect(same).toBe(suggested);
    const unchanged: EventData[] = [
      { type: 'reply.used', replyIds: ['r_a'], platform: 'x' },
      { type: 'reply.saved', replyId: 'r_a', scope: 'shared', ownerId: null },
      { type: 'reply.removed', replyId: 'r_a', scope: 'shared', ownerId: null },
      { type: 'replies.settings_saved', brand: null, guardrail: { uses: 3, minutes: 60 } },
    ];
    for (const data of unchanged) {
      expect(applyItemEvent(suggested, event(52, data))).toBe(suggested);
    }
  });
});
