import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item, LogEvent } from '../../shared/model.js';
import { currentTagName, defaultTagColor, tagRenames } from '../../shared/tags.js';
import { manualClock } from '../clock.js';
import { sequentialIds } from '../ids.js';
import { StoreError } from './errors.js';
import { runMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';
import { applyItemEvent } from './projection.js';
import type { Database as Schema } from './schema.js';
import { createSqliteKysely, openSqliteFile, sqliteSpecifics } from './sqlite-dialect.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, opId, sampleItem, tempDir, type TempDir } from './test-helpers.js';

let dir: TempDir;
let store: SqliteStore;
const clock = manualClock('2026-03-01T10:00:00.000Z');
const A = 'x:1800000000000000001';
const B = 'x:1800000000000000002';

beforeEach(async () => {
  dir = tempDir();
  clock.set('2026-03-01T10:00:00.000Z');
  store = await openTestStore(dir.file(), { clock });
  await store.captureItem(opId('capA'), null, sampleItem(1));
  await store.captureItem(opId('capB'), null, sampleItem(2));
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

function raw<T>(query: string): T[] {
  const db = new Database(dir.file(), { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

/** What a refusal must leave untouched. */
function written() {
  return {
    events: raw<{ n: number }>('select count(*) as n from events')[0]!.n,
    ops: raw<{ n: number }>('select count(*) as n from applied_ops')[0]!.n,
    tags: raw<{ id: string; name: string; archived_at: string | null }>(
      'select id, name, archived_at from tags order by id',
    ),
    names: raw<{ name_key: string; tag_id: string }>('select name_key, tag_id from tag_names order by name_key'),
    itemTags: raw<{ item_key: string; tag_id: string }>('select * from item_tags order by item_key, tag_id'),
    items: raw<{ key: string; tags: string; seq: number }>('select key, tags, seq from items order by key'),
  };
}

/** Rebuilds every item from the whole log, the way a fresh projection would. */
async function rebuild(): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  for (const { event } of await store.eventsSince(0, 10_000)) {
    if (event.itemKey !== null) {
      const next = applyItemEvent(items.get(event.itemKey) ?? null, event);
      if (next) items.set(event.itemKey, next);
    } else {
      for (const [key, item] of items) items.set(key, applyItemEvent(item, event)!);
    }
  }
  return items;
}

async function log(): Promise<LogEvent[]> {
  return (await store.eventsSince(0, 10_000)).map((e) => e.event);
}

describe('creating tags', () => {
  it('creates a tag with its category colour, a tag.created event, and is idempotent by op id', async () => {
    const m = await store.createTag(opId(1), 'mem_lead', { name: '  CS  -  late delivery ', description: ' Late ' });
    expect(m.value).toMatchObject({
      name: 'CS - late delivery',
      category: 'CS',
      reason: 'late delivery',
      color: defaultTagColor('CS - anything'),
      description: 'Late',
      archived: false,
      aliases: [],
      usage: 0,
      lastUsedAt: null,
    });
    expect(m.events.map((e) => e.event.data)).toEqual([
      {
        type: 'tag.created',
        tag: { id: m.value.id, name: 'CS - late delivery', color: m.value.color, description: 'Late', archived: false },
      },
    ]);
    const replay = await store.createTag(opId(1), 'mem_lead', { name: 'CS - late delivery' });
    expect(replay).toMatchObject({ duplicate: true, seq: m.seq, value: { id: m.value.id } });
    // The same name in another spelling is the same tag: returned unchanged, nothing appended.
    const same = await store.createTag(opId(2), 'mem_lead', { name: 'cs - LATE delivery' });
    expect(same).toMatchObject({ seq: 0, duplicate: false, value: { id: m.value.id, name: 'CS - late delivery' } });
    expect((await store.listTags()).map((t) => t.name)).toEqual(['CS - late delivery']);
  });

  it('lets item.update create a tag on first use, by default, and resolves names case-insensitively', async () => {
    const first = await store.updateItem(opId(1), 'mem_lead', A, { addTags: ['Campaign - pumpkin spice'] });
    expect(first!.events.map((e) => e.event.data.type)).toEqual(['item.tagged']);
    const again = await store.updateItem(opId(2), 'mem_ana', B, { addTags: ['campaign -  PUMPKIN spice'] });
    expect(again!.value.tags).toEqual(['Campaign - pumpkin spice']);
    const [tag] = await store.listTags();
    expect(tag).toMatchObject({ name: 'Campaign - pumpkin spice', usage: 2, lastUsedAt: '2026-03-01T10:00:00.000Z' });
    expect(raw('select item_key, tag_id from item_tags order by item_key')).toEqual([
      { item_key: A, tag_id: tag!.id },
      { item_key: B, tag_id: tag!.id },
    ]);
    await store.updateItem(opId(3), 'mem_ana', B, { removeTags: ['CAMPAIGN - pumpkin spice'] });
    expect((await store.getItem(B))!.tags).toEqual([]);
    expect((await store.getTag(tag!.id))!.usage).toBe(1);
  });

  it('refuses a new name when the member may not create tags, and writes nothing', async () => {
    await store.createTag(opId(1), 'mem_lead', { name: 'CS - damaged' });
    const before = written();
    const err = await store
      .updateItem(
        opId(2),
        'mem_agent',
        A,
        { status: 'done', addTags: ['CS - damaged', 'CS - brand new'] },
        {
          createTags: false,
        },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('TAG_FORBIDDEN');
    expect((err as StoreError).message).toContain('Only leads and admins can create new tags — pick one from the list');
    expect(written()).toEqual(before);
    // Existing tags are fine for the same member.
    const ok = await store.updateItem(opId(2), 'mem_agent', A, { addTags: ['cs - damaged'] }, { createTags: false });
    expect(ok!.value.tags).toEqual(['CS - damaged']);
  });
});

describe('archiving', () => {
  it('keeps an archived tag on the items that carry it, refuses to apply it anew, and unarchives', async () => {
    await store.updateItem(opId(1), null, A, { addTags: ['CS - damaged'] });
    const [tag] = await store.listTags();
    clock.advance(1000);
    const archived = await store.updateTag(opId(2), 'mem_lead', tag!.id, { archived: true });
    expect(archived.value).toMatchObject({ archived: true, usage: 1 });
    expect(archived.events[0]!.event.data).toMatchObject({ type: 'tag.updated', tag: { archived: true } });
    expect((await store.getItem(A))!.tags).toEqual(['CS - damaged']);
    // Already on A: nothing to do. New on B: refused, nothing written.
    expect((await store.updateItem(opId(3), null, A, { addTags: ['CS - damaged'] }))!.events).toEqual([]);
    const before = written();
    const err = await store.updateItem(opId(4), null, B, { addTags: ['CS - damaged'] }).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('TAG_ARCHIVED');
    expect(written()).toEqual(before);
    // Archiving twice changes nothing; unarchiving lets it be applied again.
    expect((await store.updateTag(opId(5), null, tag!.id, { archived: true })).seq).toBe(0);
    await store.updateTag(opId(6), null, tag!.id, { archived: false, color: '#1849a9', description: 'Broken' });
    expect((await store.updateItem(opId(7), null, B, { addTags: ['CS - damaged'] }))!.value.tags).toEqual([
      'CS - damaged',
    ]);
    expect(await store.getTag(tag!.id)).toMatchObject({ archived: false, color: '#1849a9', description: 'Broken' });
  });

  it('refuses an unknown tag id with UNKNOWN_TAG', async () => {
    const err = await store.updateTag(opId(1), null, 'tag_nope', { archived: true }).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('UNKNOWN_TAG');
    expect(raw<{ n: number }>('select count(*) as n from applied_ops')[0]!.n).toBe(2);
  });
});

describe('renaming keeps history', () => {
  it('rewrites the items that carry the tag, appends tag.renamed, and keeps the old name meaning the tag', async () => {
    await store.updateItem(opId(1), null, A, { addTags: ['CS - late', 'Campaign - spring'] });
    const [late] = (await store.listTags()).filter((t) => t.name === 'CS - late');
    clock.advance(60_000);
    const m = await store.renameTag(opId(2), 'mem_lead', late!.id, 'CS - late delivery');
    expect(m.value).toMatchObject({ id: late!.id, name: 'CS - late delivery', aliases: ['CS - late'], usage: 1 });
    expect(m.events.map((e) => e.event.data)).toEqual([
      { type: 'tag.renamed', tagId: late!.id, from: 'CS - late', to: 'CS - late delivery' },
    ]);
    const item = (await store.getItem(A))!;
    expect(item.tags).toEqual(['CS - late delivery', 'Campaign - spring']);
    expect(item.seq).toBe(m.seq);
    expect((await store.getItem(B))!.seq).toBe(2); // B did not carry it
    // A fresh projection from the log is the stored one.
    const rebuilt = await rebuild();
    expect(rebuilt.get(A)).toStrictEqual(item);
    expect(rebuilt.get(B)).toStrictEqual(await store.getItem(B));

    // The old name still means the tag: an outbox replay that adds it lands on today's name.
    const replayed = await store.updateItem(opId(3), null, B, { addTags: ['CS - late'] }, { createTags: false });
    expect(replayed!.value.tags).toEqual(['CS - late delivery']);

    // Reports: the log's tag events, mapped through the renames, count under today's name.
    const events = await log();
    const renames = tagRenames(events.map((e) => e.data));
    const counted = events.flatMap((e) => (e.data.type === 'item.tagged' ? [currentTagName(renames, e.data.tag)] : []));
    expect(counted.filter((n) => n === 'CS - late delivery')).toHaveLength(2);
    expect((await store.listTags()).map((t) => t.name).sort()).toEqual(['CS - late delivery', 'Campaign - spring']);
  });

  it('refuses a name another tag has or had, allows its own former name back, and a change of case', async () => {
    const late = (await store.createTag(opId(1), null, { name: 'CS - late' })).value;
    const damaged = (await store.createTag(opId(2), null, { name: 'CS - damaged' })).value;
    await store.renameTag(opId(3), null, late.id, 'CS - delayed');
    const before = written();
    for (const name of ['cs - DELAYED', 'CS - late']) {
      const err = await store.renameTag(opId(`x${name}`), null, damaged.id, name).catch((e: unknown) => e);
      expect((err as StoreError).code).toBe('TAG_NAME_TAKEN');
    }
    const taken = await store.createTag(opId(4), null, { name: 'CS - late' }).catch((e: unknown) => e);
    expect((taken as StoreError).code).toBe('TAG_NAME_TAKEN');
    expect((taken as StoreError).message).toContain('was a name of the tag "CS - delayed"');
    expect(written()).toEqual(before);

    const back = await store.renameTag(opId(5), null, late.id, 'CS - late');
    expect(back.value).toMatchObject({ name: 'CS - late', aliases: ['CS - delayed'] });
    const cased = await store.renameTag(opId(6), null, late.id, 'CS - Late');
    expect(cased.value).toMatchObject({ name: 'CS - Late', aliases: ['CS - delayed'] });
    expect(raw<{ name: string }>(`select name from tag_names where tag_id = '${late.id}' order by since`)).toEqual([
      { name: 'CS - Late' },
      { name: 'CS - delayed' },
    ]);
    expect((await store.renameTag(opId(7), null, late.id, 'CS - Late')).seq).toBe(0);
  });
});

describe('merging keeps history', () => {
  it('moves items to the target once, appends tag.merged, and the merged names resolve to the target', async () => {
    await store.updateItem(opId(1), null, A, { addTags: ['CS - late', 'CS - delayed'] });
    await store.updateItem(opId(2), null, B, { addTags: ['CS - late'] });
    const tags = await store.listTags();
    const late = tags.find((t) => t.name === 'CS - late')!;
    const delayed = tags.find((t) => t.name === 'CS - delayed')!;
    clock.advance(60_000);
    const m = await store.mergeTag(opId(3), 'mem_lead', late.id, delayed.id);
    expect(m.value).toMatchObject({ id: delayed.id, name: 'CS - delayed', aliases: ['CS - late'], usage: 2 });
    expect(m.events[0]!.event.data).toEqual({
      type: 'tag.merged',
      tagId: late.id,
      from: 'CS - late',
      intoId: delayed.id,
      into: 'CS - delayed',
    });
    expect((await store.getItem(A))!.tags).toEqual(['CS - delayed']);
    expect((await store.getItem(B))!.tags).toEqual(['CS - delayed']);
    expect(raw('select item_key, tag_id from item_tags order by item_key')).toEqual([
      { item_key: A, tag_id: delayed.id },
      { item_key: B, tag_id: delayed.id },
    ]);
    expect((await store.listTags()).map((t) => t.id)).toEqual([delayed.id]);
    // The merged tag's id still answers, with the tag it became.
    expect((await store.getTag(late.id))!.id).toBe(delayed.id);
    expect((await store.resolveTags(['cs - late', 'nothing']))[0]).toMatchObject({ id: delayed.id });
    expect((await store.resolveTags(['nothing']))[0]).toBeNull();

    const rebuilt = await rebuild();
    expect(rebuilt.get(A)).toStrictEqual(await store.getItem(A));
    expect(rebuilt.get(B)).toStrictEqual(await store.getItem(B));
    const renames = tagRenames((await log()).map((e) => e.data));
    expect(currentTagName(renames, 'CS - late')).toBe('CS - delayed');

    // Renaming the target later carries the merged name along.
    await store.renameTag(opId(4), null, delayed.id, 'Shipping - late');
    const after = tagRenames((await log()).map((e) => e.data));
    expect(currentTagName(after, 'CS - late')).toBe('Shipping - late');
    expect(currentTagName(after, 'CS - delayed')).toBe('Shipping - late');
    expect((await store.getTag(delayed.id))!.aliases).toEqual(['CS - delayed', 'CS - late']);
  });

  it('refuses merging a tag into itself or into a merged tag, and writes nothing', async () => {
    const a = (await store.createTag(opId(1), null, { name: 'CS - a' })).value;
    const b = (await store.createTag(opId(2), null, { name: 'CS - b' })).value;
    await store.mergeTag(opId(3), null, a.id, b.id);
    const before = written();
    expect(((await store.mergeTag(opId(4), null, b.id, b.id).catch((e) => e)) as StoreError).code).toBe(
      'TAG_MERGE_SELF',
    );
    const gone = (await store.mergeTag(opId(5), null, b.id, a.id).catch((e) => e)) as StoreError;
    expect(gone.code).toBe('UNKNOWN_TAG');
    expect(gone.message).toContain('was merged into "CS - b"');
    expect(written()).toEqual(before);
  });
});

describe('migration 003 backfills tags from what the log and the items hold', () => {
  it('creates one tag per name (spellings folded), item_tags, colours and last use', async () => {
    const d = tempDir();
    try {
      const file = d.file();
      const ids = sequentialIds();
      const ctx = { dialect: sqliteSpecifics, clock: manualClock('2026-02-01T00:00:00.000Z'), ids, where: file };
      const db = createSqliteKysely<Schema>(openSqliteFile(file, 'FULL'));
      await runMigrations(db, migrations.slice(0, 2), ctx);
      await db.destroy();
      // A store from before tags: names straight on items, in two spellings.
      const sqlite = new Database(file);
      const tagged = (seq: number, tag: string, at: string) =>
        sqlite
          .prepare('insert into events (id, op_id, at, member_id, item_key, type, data) values (?, ?, ?, ?, ?, ?, ?)')
          .run(`evt_${seq}`, null, at, null, A, 'item.tagged', JSON.stringify({ type: 'item.tagged', tag, by: 'x' }));
      tagged(1, 'CS - damaged', '2026-01-01T00:00:00.000Z');
      tagged(2, 'cs - Damaged', '2026-01-02T00:00:00.000Z');
      tagged(3, 'Gone', '2026-01-03T00:00:00.000Z');
      sqlite
        .prepare(
          `insert into items (key, platform, native_id, kind, text, permalink, captured_at, captured_seq, status, priority, tags, updated_at, seq)
           values (?, 'x', ?, 'reply', 't', 'https://x.com/a/status/1', '2026-01-01T00:00:00.000Z', 1, 'open', 'normal', ?, '2026-01-01T00:00:00.000Z', 3)`,
        )
        .run(A, A.slice(2), JSON.stringify(['CS - damaged', 'cs - Damaged', 'Campaign - spring']));
      sqlite.close();

      const db2 = createSqliteKysely<Schema>(openSqliteFile(file, 'FULL'));
      expect((await runMigrations(db2, migrations, ctx)).applied).toEqual(
        migrations.map((m) => m.version).filter((v) => v >= 3),
      );
      await db2.destroy();
      const check = new Database(file, { readonly: true });
      const rows = check.prepare('select id, name, color, last_used_at from tags order by name').all();
      const itemRow = check.prepare('select tags from items').get() as { tags: string };
      const itemTags = check.prepare('select count(*) as n from item_tags').get() as { n: number };
      const names = check.prepare('select name_key from tag_names order by name_key').all();
      check.close();
      expect(rows).toEqual([
        {
          id: expect.any(String),
          name: 'CS - damaged',
          color: defaultTagColor('CS - damaged'),
          last_used_at: '2026-01-02T00:00:00.000Z',
        },
        {
          id: expect.any(String),
          name: 'Campaign - spring',
          color: defaultTagColor('Campaign - spring'),
          last_used_at: null,
        },
        {
          id: expect.any(String),
          name: 'Gone',
          color: defaultTagColor('Gone'),
          last_used_at: '2026-01-03T00:00:00.000Z',
        },
      ]);
      expect(JSON.parse(itemRow.tags)).toEqual(['CS - damaged', 'Campaign - spring']);
      expect(itemTags.n).toBe(2);
      expect(names).toEqual([{ name_key: 'campaign - spring' }, { name_key: 'cs - damaged' }, { name_key: 'gone' }]);
    } finally {
      d.remove();
    }
  });
});
