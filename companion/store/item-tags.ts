/**
 * Tags as items use them: names resolved to tags through every name a tag
 * ever had, tags created on first use, and `item_tags` kept in step with the
 * names in `items.tags`. Used inside the transactions of items-repo and
 * tags-repo.
 */
import type { Kysely } from 'kysely';
import { defaultTagColor, normaliseTagName, tagKey } from '../../shared/tags.js';
import type { IdGen } from '../ids.js';
import { StoreError } from './errors.js';
import type { Database, TagRow } from './schema.js';

/** Keys per `in (…)` list, well under SQLite's and PostgreSQL's parameter limits. */
const PER_QUERY = 500;

/**
 * The tag each name means today, by tagKey(name): through `tag_names` (so a
 * former name, or the name of a tag merged away, finds today's tag). Names
 * no tag ever had are absent.
 */
export async function resolveTagRows(db: Kysely<Database>, names: readonly string[]): Promise<Map<string, TagRow>> {
  const keys = [...new Set(names.map(tagKey))];
  const found = new Map<string, TagRow>();
  for (let i = 0; i < keys.length; i += PER_QUERY) {
    const rows = await db
      .selectFrom('tag_names')
      .innerJoin('tags', 'tags.id', 'tag_names.tag_id')
      .selectAll('tags')
      .select('tag_names.name_key as alias_key')
      .where('tag_names.name_key', 'in', keys.slice(i, i + PER_QUERY))
      .execute();
    for (const { alias_key, ...tag } of rows) found.set(alias_key, await liveTag(db, tag));
  }
  return found;
}

/** A merged tag's row stands for the tag it was merged into (tag_names are repointed, so this is a safety net). */
export async function liveTag(db: Kysely<Database>, row: TagRow): Promise<TagRow> {
  let tag = row;
  for (let hops = 0; tag.merged_into !== null && hops < 16; hops++) {
    const next = await tagRow(db, tag.merged_into);
    if (!next) break;
    tag = next;
  }
  return tag;
}

export function tagRow(db: Kysely<Database>, id: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A tag that exists and was not merged away, or UNKNOWN_TAG in plain words. */
export async function requireLiveTag(db: Kysely<Database>, id: string): Promise<TagRow> {
  const row = await tagRow(db, id);
  if (!row) throw new StoreError('UNKNOWN_TAG', `No tag ${id}: reload the tag list.`);
  if (row.merged_into !== null) {
    const into = await liveTag(db, row);
    throw new StoreError('UNKNOWN_TAG', `The tag "${row.name}" was merged into "${into.name}": use that one.`);
  }
  return row;
}

/** Inserts a new tag and its name; the caller has checked that no tag ever had the name. */
export async function insertTag(
  trx: Kysely<Database>,
  ids: IdGen,
  t: { name: string; color?: string; description?: string | null; memberId: string | null; at: string },
): Promise<TagRow> {
  const name = normaliseTagName(t.name);
  const row: TagRow = {
    id: ids.id('tag'),
    name,
    color: t.color ?? defaultTagColor(name),
    description: tagDescription(t.description),
    archived_at: null,
    merged_into: null,
    created_by: t.memberId,
    created_at: t.at,
    updated_at: t.at,
    last_used_at: null,
  };
  await trx.insertInto('tags').values(row).execute();
  await trx
    .insertInto('tag_names')
    .values({ name_key: tagKey(name), name, tag_id: row.id, since: t.at })
    .execute();
  return row;
}

/** A tag's description: trimmed, at most 500 characters; empty means none. */
export function tagDescription(d: string | null | undefined): string | null {
  return d?.trim().slice(0, 500) || null;
}

export async function addItemTags(trx: Kysely<Database>, itemKey: string, tagIds: readonly string[]): Promise<void> {
  if (tagIds.length === 0) return;
  const have = await trx
    .selectFrom('item_tags')
    .select('tag_id')
    .where('item_key', '=', itemKey)
    .where('tag_id', 'in', [...tagIds])
    .execute();
  const missing = [...new Set(tagIds)].filter((id) => !have.some((h) => h.tag_id === id));
  if (missing.length === 0) return;
  await trx
    .insertInto('item_tags')
    .values(missing.map((tag_id) => ({ item_key: itemKey, tag_id })))
    .execute();
}

export async function removeItemTags(trx: Kysely<Database>, itemKey: string, tagIds: readonly string[]): Promise<void> {
  if (tagIds.length === 0) return;
  await trx
    .deleteFrom('item_tags')
    .where('item_key', '=', itemKey)
    .where('tag_id', 'in', [...tagIds])
    .execute();
}

export async function markTagsUsed(trx: Kysely<Database>, tagIds: readonly string[], at: string): Promise<void> {
  if (tagIds.length === 0) return;
  await trx
    .updateTable('tags')
    .set({ last_used_at: at })
    .where('id', 'in', [...tagIds])
    .execute();
}

/** Item keys carrying a tag, by id. */
export async function itemKeysWithTag(db: Kysely<Database>, tagId: string): Promise<string[]> {
  const rows = await db.selectFrom('item_tags').select('item_key').where('tag_id', '=', tagId).execute();
  return rows.map((r) => r.item_key);
}
