import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * The tag taxonomy: `tags` (stable ids, colour, description, archived, merged
 * into), `tag_names` (every name a tag ever had, by tagKey — the primary key
 * makes a name mean one tag forever: old events and outbox replays resolve
 * to today's tag) and
 * `item_tags` (which items carry which tag, by id; `items.tags` keeps the
 * names as the wire shows them).
 *
 * Backfill: every tag name already used (in the log or on items) becomes a
 * tag with its category's default colour; names that differ only in case
 * or spacing become one tag named as first seen.
 */
export const tags: Migration = {
  version: 3,
  name: 'tags',
  async up(db, { ids, clock }) {
    await db.schema
      .createTable('tags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('color', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('archived_at', 'text')
      .addColumn('merged_into', 'text', (c) => c.references('tags.id'))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema
      .createTable('tag_names')
      .addColumn('name_key', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id'))
      .addColumn('since', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tag_names_tag_id').on('tag_names').column('tag_id').execute();
    await db.schema
      .createTable('item_tags')
      .addColumn('item_key', 'text', (c) => c.notNull().references('items.key'))
      .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id'))
      .addPrimaryKeyConstraint('item_tags_pk', ['item_key', 'tag_id'])
      .execute();
    await db.schema.createIndex('item_tags_tag_id').on('item_tags').column('tag_id').execute();

    // Backfill from what the log and the items already hold.
    const now = clock.now().toISOString();
    const seen = new Map<string, { id: string; name: string; firstAt: string; lastAt: string | null }>();
    const note = (raw: string, at: string, applied: boolean) => {
      const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (!name) return null;
      const key = foldFrozen(name);
      let t = seen.get(key);
      if (!t) seen.set(key, (t = { id: ids.id('tag'), name, firstAt: at, lastAt: null }));
      if (applied && (t.lastAt === null || at > t.lastAt)) t.lastAt = at;
      return t;
    };
    const events = await sql<{ type: string; data: string; at: string }>`
      select type, data, at from events where type in (${'item.tagged'}, ${'item.untagged'}) order by seq`.execute(db);
    for (const e of events.rows) {
      const tag = (JSON.parse(e.data) as { tag?: unknown }).tag;
      if (typeof tag === 'string') note(tag, e.at, e.type === 'item.tagged');
    }
    const items = await sql<{ key: string; tags: string }>`select key, tags from items where tags <> ${'[]'}`.execute(
      db,
    );
    const carried: { key: string; names: string[]; ids: string[]; changed: boolean }[] = [];
    for (const row of items.rows) {
      const names = JSON.parse(row.tags) as unknown;
      if (!Array.isArray(names)) continue;
      const out: string[] = [];
      const tagIds: string[] = [];
      for (const n of names) {
        if (typeof n !== 'string') continue;
        const t = note(n, now, false);
        if (!t || tagIds.includes(t.id)) continue;
        out.push(t.name);
        tagIds.push(t.id);
      }
      carried.push({ key: row.key, names: out, ids: tagIds, changed: JSON.stringify(out) !== row.tags });
    }
    for (const [key, t] of seen) {
      await sql`insert into tags (id, name, color, description, archived_at, merged_into, created_by, created_at, updated_at, last_used_at)
        values (${t.id}, ${t.name}, ${defaultColorFrozen(t.name)}, ${null}, ${null}, ${null}, ${null}, ${t.firstAt}, ${t.firstAt}, ${t.lastAt})`.execute(
        db,
      );
      await sql`insert into tag_names (name_key, name, tag_id, since) values (${key}, ${t.name}, ${t.id}, ${t.firstAt})`.execute(
        db,
      );
    }
    for (const c of carried) {
      if (c.changed) await sql`update items set tags = ${JSON.stringify(c.names)} where key = ${c.key}`.execute(db);
      for (const id of c.ids) {
        await sql`insert into item_tags (item_key, tag_id) values (${c.key}, ${id})`.execute(db);
      }
    }
  },
};

/** shared/tags.ts `tagKey` as of this migration (frozen). */
function foldFrozen(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/** shared/tags.ts `defaultTagColor` as of this migration (frozen). */
function defaultColorFrozen(name: string): string {
  const palette = ['#b42318', '#b93815', '#93370d', '#067647', '#107569', '#1849a9', '#6927da', '#c01574', '#404968'];
  const at = name.indexOf(' - ');
  const category = at > 0 && name.slice(0, at).trim() && name.slice(at + 3).trim() ? name.slice(0, at).trim() : name;
  let h = 0;
  for (const ch of category.toLowerCase()) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return palette[h % palette.length]!;
}
