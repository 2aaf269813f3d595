/**
 * The tag taxonomy: list, create, update (colour, description, archive),
 * rename and merge. Every change appends an event in the same transaction.
 *
 * History: a tag's id never changes, and every name it ever had stays in
 * `tag_names` pointing at it (repointed to the target on a merge), so a name
 * always means one tag. Rename and merge rewrite the names in the items that
 * carry the tag (found through `item_tags`, by id) and append `tag.renamed` /
 * `tag.merged`; applying those events to an item gives the same projection
 * (projection.ts), and `tagRenames` (shared/tags.ts) maps any old name in the
 * log to today's name.
 */
import type { Kysely } from 'kysely';
import { TagInfo } from '../../shared/model.js';
import type { Item, LogEvent, Tag } from '../../shared/model.js';
import { normaliseTagName, splitTag, tagKey } from '../../shared/tags.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { StoreError } from './errors.js';
import { appendEvent, applyOnce, type Applied } from './event-log.js';
import {
  addItemTags,
  insertTag,
  itemKeysWithTag,
  liveTag,
  removeItemTags,
  requireLiveTag,
  resolveTagRows,
  tagDescription,
  tagRow,
} from './item-tags.js';
import { itemsByKeys, saveProjection } from './items-repo.js';
import { applyItemEvent } from './projection.js';
import { tagFromRow } from './rows.js';
import type { Database, TagRow } from './schema.js';
import type { Mutation, NewTag, TagPatch } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

/** Items rewritten per batch by a rename or merge. */
const ITEMS_PER_BATCH = 500;

export async function listTags(db: Kysely<Database>): Promise<TagInfo[]> {
  const rows = await db.selectFrom('tags').selectAll().where('merged_into', 'is', null).execute();
  const names = await db
    .selectFrom('tag_names')
    .select(['tag_id', 'name', 'name_key'])
    .orderBy('since')
    .orderBy('name_key')
    .execute();
  const usage = await db
    .selectFrom('item_tags')
    .select(['tag_id', (eb) => eb.fn.countAll().as('n')])
    .groupBy('tag_id')
    .execute();
  const count = new Map(usage.map((u) => [u.tag_id, Number(u.n)]));
  const aliases = new Map<string, string[]>();
  for (const n of names) aliases.set(n.tag_id, [...(aliases.get(n.tag_id) ?? []), n.name]);
  return rows
    .map((row) => tagInfo(row, aliases.get(row.id) ?? [], count.get(row.id) ?? 0))
    .sort(
      (a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? '') || tagKey(a.name).localeCompare(tagKey(b.name)),
    );
}

export async function getTag(db: Kysely<Database>, id: string): Promise<TagInfo | null> {
  const row = await tagRow(db, id);
  return row ? tagInfoOf(db, await liveTag(db, row)) : null;
}

export async function resolveTags(db: Kysely<Database>, names: readonly string[]): Promise<(Tag | null)[]> {
  const found = await resolveTagRows(db, names);
  return names.map((n) => {
    const row = found.get(tagKey(n));
    return row ? tagFromRow(row) : null;
  });
}

export async function createTag(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  t: NewTag,
): Promise<Mutation<TagInfo>> {
  const at = deps.clock.now().toISOString();
  return mustApply(
    await applyOnce(
      db,
      { opId, kind: 'tag.create', memberId },
      at,
      async (trx) => {
        const name = normaliseTagName(t.name);
        const known = (await resolveTagRows(trx, [name])).get(tagKey(name));
        if (known) {
          if (tagKey(known.name) !== tagKey(name)) throw nameTaken(name, known);
          return { value: await tagInfoOf(trx, known), target: known.id, events: [] };
        }
        const row = await insertTag(trx, deps.ids, { ...t, name, memberId, at });
        return tagChanged(trx, deps, { opId, memberId, at }, row, { type: 'tag.created', tag: tagFromRow(row) });
      },
      (trx, previous) => requireTagInfo(trx, previous.target),
    ),
  );
}

export async function updateTag(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  id: string,
  patch: TagPatch,
): Promise<Mutation<TagInfo>> {
  const at = deps.clock.now().toISOString();
  return mustApply(
    await applyOnce(
      db,
      { opId, kind: 'tag.update', memberId },
      at,
      async (trx) => {
        const row = await requireLiveTag(trx, id);
        const next: TagRow = {
          ...row,
          color: patch.color ?? row.color,
          description: patch.description === undefined ? row.description : tagDescription(patch.description),
          archived_at: patch.archived === undefined ? row.archived_at : patch.archived ? (row.archived_at ?? at) : null,
        };
        if (next.color === row.color && next.description === row.description && next.archived_at === row.archived_at) {
          return { value: await tagInfoOf(trx, row), target: row.id, events: [] };
        }
        next.updated_at = at;
        await trx
          .updateTable('tags')
          .set({
            color: next.color,
            description: next.description,
            archived_at: next.archived_at,
            updated_at: at,
          })
          .where('id', '=', id)
          .execute();
        return tagChanged(trx, deps, { opId, memberId, at }, next, { type: 'tag.updated', tag: tagFromRow(next) });
      },
      (trx, previous) => requireTagInfo(trx, previous.target),
    ),
  );
}

export async function renameTag(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  id: string,
  newName: string,
): Promise<Mutation<TagInfo>> {
  const at = deps.clock.now().toISOString();
  return mustApply(
    await applyOnce(
      db,
      { opId, kind: 'tag.rename', memberId },
      at,
      async (trx) => {
        const row = await requireLiveTag(trx, id);
        const name = normaliseTagName(newName);
        if (name === row.name) return { value: await tagInfoOf(trx, row), target: id, events: [] };
        const key = tagKey(name);
        const owner = (await resolveTagRows(trx, [name])).get(key);
        if (owner && owner.id !== id) throw nameTaken(name, owner);
        if (owner) {
          // Its own former name (or a change of case): the name row keeps its history, with today's spelling.
          await trx.updateTable('tag_names').set({ name }).where('name_key', '=', key).execute();
        } else {
          await trx.insertInto('tag_names').values({ name_key: key, name, tag_id: id, since: at }).execute();
        }
        await trx.updateTable('tags').set({ name, updated_at: at }).where('id', '=', id).execute();
        const event = await appendEvent(trx, deps.ids, {
          opId,
          memberId,
          itemKey: null,
          at,
          data: { type: 'tag.renamed', tagId: id, from: row.name, to: name },
        });
        await rewriteItems(trx, await itemKeysWithTag(trx, id), event);
        const renamed = { ...row, name, updated_at: at };
        return { value: await tagInfoOf(trx, renamed), target: id, events: [{ event, item: null }] };
      },
      (trx, previous) => requireTagInfo(trx, previous.target),
    ),
  );
}

export async function mergeTag(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  id: string,
  intoId: string,
): Promise<Mutation<TagInfo>> {
  const at = deps.clock.now().toISOString();
  return mustApply(
    await applyOnce(
      db,
      { opId, kind: 'tag.merge', memberId },
      at,
      async (trx) => {
        const from = await requireLiveTag(trx, id);
        const into = await requireLiveTag(trx, intoId);
        if (from.id === into.id) {
          throw new StoreError('TAG_MERGE_SELF', `A tag cannot be merged into itself ("${from.name}").`);
        }
        const event = await appendEvent(trx, deps.ids, {
          opId,
          memberId,
          itemKey: null,
          at,
          data: { type: 'tag.merged', tagId: from.id, from: from.name, intoId: into.id, into: into.name },
        });
        const keys = await itemKeysWithTag(trx, from.id);
        await rewriteItems(trx, keys, event);
        for (const key of keys) {
          await removeItemTags(trx, key, [from.id]);
          await addItemTags(trx, key, [into.id]);
        }
        await trx.updateTable('tag_names').set({ tag_id: into.id }).where('tag_id', '=', from.id).execute();
        await trx.updateTable('tags').set({ merged_into: into.id, updated_at: at }).where('id', '=', from.id).execute();
        const lastUsed =
          [from.last_used_at, into.last_used_at]
            .filter((x): x is string => x !== null)
            .sort()
            .at(-1) ?? null;
        await trx
          .updateTable('tags')
          .set({ last_used_at: lastUsed, updated_at: at })
          .where('id', '=', into.id)
          .execute();
        const merged = { ...into, last_used_at: lastUsed, updated_at: at };
        return { value: await tagInfoOf(trx, merged), target: into.id, events: [{ event, item: null }] };
      },
      (trx, previous) => requireTagInfo(trx, previous.target),
    ),
  );
}

/** Applies a rename or merge event to every item that carries the tag; their seq becomes the event's. */
async function rewriteItems(trx: Kysely<Database>, keys: readonly string[], event: LogEvent): Promise<void> {
  for (let i = 0; i < keys.length; i += ITEMS_PER_BATCH) {
    const items = await itemsByKeys(trx, keys.slice(i, i + ITEMS_PER_BATCH));
    for (const item of items.values()) {
      const next: Item | null = applyItemEvent(item, event);
      if (next && next !== item) await saveProjection(trx, next);
    }
  }
}

async function tagChanged(
  trx: Kysely<Database>,
  deps: Deps,
  op: { opId: string; memberId: string | null; at: string },
  row: TagRow,
  data: { type: 'tag.created' | 'tag.updated'; tag: Tag },
): Promise<Applied<TagInfo>> {
  const event = await appendEvent(trx, deps.ids, { ...op, itemKey: null, data });
  return { value: await tagInfoOf(trx, row), target: row.id, events: [{ event, item: null }] };
}

function nameTaken(name: string, owner: TagRow): StoreError {
  return new StoreError(
    'TAG_NAME_TAKEN',
    tagKey(owner.name) === tagKey(name)
      ? `There is already a tag "${owner.name}".`
      : `"${name}" was a name of the tag "${owner.name}" and still means it in older reports: ` +
          `use "${owner.name}", or pick another name.`,
  );
}

async function tagInfoOf(db: Kysely<Database>, row: TagRow): Promise<TagInfo> {
  const names = await db
    .selectFrom('tag_names')
    .select('name')
    .where('tag_id', '=', row.id)
    .orderBy('since')
    .orderBy('name_key')
    .execute();
  const usage = await db
    .selectFrom('item_tags')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tag_id', '=', row.id)
    .executeTakeFirst();
  return tagInfo(
    row,
    names.map((n) => n.name),
    Number(usage?.n ?? 0),
  );
}

async function requireTagInfo(db: Kysely<Database>, id: string): Promise<TagInfo> {
  const tag = await getTag(db, id);
  if (!tag) throw new StoreError('CORRUPT_ROW', `An applied op refers to tag ${id}, which is missing.`);
  return tag;
}

function tagInfo(row: TagRow, names: readonly string[], usage: number): TagInfo {
  const { category, reason } = splitTag(row.name);
  const current = tagKey(row.name);
  return TagInfo.parse({
    ...tagFromRow(row),
    category,
    reason,
    aliases: names.filter((n) => tagKey(n) !== current),
    usage,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function mustApply<T>(m: Mutation<T> | null): Mutation<T> {
  if (!m) throw new Error('tag mutations always apply');
  return m;
}
