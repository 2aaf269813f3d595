/** Items: capture and update through the event log, and reads of the projection. */
import type { Kysely } from 'kysely';
import { itemKey } from '../../shared/model.js';
import type { CapturedItem, EventData, Item, ItemStatus, LogEvent } from '../../shared/model.js';
import { refusalMessage } from '../../shared/permissions.js';
import { SavedReplyId } from '../../shared/replies/saved-reply.js';
import { normaliseTagName, tagKey } from '../../shared/tags.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { StoreError } from './errors.js';
import { appendEvent, applyOnce } from './event-log.js';
import { addItemTags, insertTag, markTagsUsed, removeItemTags, resolveTagRows } from './item-tags.js';
import { memberExists } from './members-repo.js';
import { applyItemEvent, MAX_SUGGESTED_REPLIES, normaliseCaptured } from './projection.js';
import { itemFromRow, itemToRow } from './rows.js';
import type { Database } from './schema.js';
import type { ItemPatch, Mutation, ReplySeen, UpdateOptions } from './types.js';

export const DEFAULT_LIST_LIMIT = 500;
export const MAX_LIST_LIMIT = 5000;
/** Keys per `in (…)` list, well under SQLite's and PostgreSQL's parameter limits. */
const KEYS_PER_QUERY = 500;

interface Deps {
  clock: Clock;
  ids: IdGen;
}

/**
 * Captures an item once: a new key appends `item.captured` and inserts the
 * projection row; a key already captured returns the stored item with seq 0
 * and appends nothing.
 */
export async function captureItem(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  captured: CapturedItem,
): Promise<Mutation<Item>> {
  const key = itemKey(captured.platform, captured.nativeId);
  const at = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'item.capture', memberId },
    at,
    async (trx) => {
      const existing = await getItem(trx, key);
      if (existing) return { value: existing, target: key, events: [] };
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: key,
        at,
        data: { type: 'item.captured', item: normaliseCaptured(captured) },
      });
      const item = applyItemEvent(null, event);
      if (!item) throw new Error('item.captured produced no item');
      await trx.insertInto('items').values(itemToRow(item, event.seq)).execute();
      return { value: item, target: key, events: [{ event, item }] };
    },
    async (trx, previous) => requireItem(trx, previous.target),
  );
  if (!result) throw new Error('captureItem always applies');
  return result;
}

/**
 * One event per field that really changes (status, priority, assignee, then
 * each tag added and each tag removed, then the saved replies a rule suggests
 * that the item lacks, in that order); nothing when nothing changes; null
 * when the item is unknown.
 *
 * Tag names resolve through every name a tag ever had (case and spacing do
 * not matter; a former name means today's tag), so items always carry
 * current names. A name no tag ever had creates the tag (category colour, no
 * description) unless `createTags` is false (TAG_FORBIDDEN); an archived tag
 * cannot be newly applied (TAG_ARCHIVED). Either refusal writes nothing.
 */
export async function updateItem(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  key: string,
  patch: ItemPatch,
  opts: UpdateOptions = {},
): Promise<Mutation<Item> | null> {
  const at = deps.clock.now().toISOString();
  return applyOnce(
    db,
    { opId, kind: 'item.update', memberId },
    at,
    async (trx) => {
      const before = await getItem(trx, key);
      if (!before) return null;
      const changes: EventData[] = [];
      const cause = opts.rule ? { rule: opts.rule } : {};
      const until = patch.status === 'pending' && patch.snoozeUntil ? { until: patch.snoozeUntil } : {};
      if (
        patch.status !== undefined &&
        (patch.status !== before.status || (until.until !== undefined && until.until !== before.snoozedUntil))
      ) {
        changes.push({ type: 'item.status_changed', from: before.status, to: patch.status, ...until, ...cause });
      }
      if (patch.priority !== undefined && patch.priority !== before.priority) {
        changes.push({ type: 'item.priority_changed', from: before.priority, to: patch.priority, ...cause });
      }
      if (patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeId) {
        if (patch.assigneeId !== null && !(await memberExists(trx, patch.assigneeId))) {
          throw new StoreError('UNKNOWN_MEMBER', `No member ${patch.assigneeId} to assign ${key} to.`);
        }
        changes.push({ type: 'item.assigned', from: before.assigneeId, to: patch.assigneeId, ...cause });
      }
      const by = opts.rule ? `rule:${opts.rule.id}` : (memberId ?? 'unknown');
      const tags = new Set(before.tags);
      const named = await resolveTagRows(trx, [...(patch.addTags ?? []), ...(patch.removeTags ?? [])]);
      const added: string[] = [];
      const removed: string[] = [];
      for (const raw of patch.addTags ?? []) {
        let row = named.get(tagKey(raw));
        if (row && tags.has(row.name)) continue;
        if (!row) {
          if (opts.createTags === false) {
            throw new StoreError(
              'TAG_FORBIDDEN',
              `There is no tag "${normaliseTagName(raw)}". ${refusalMessage('tags.create', 'create new tags', 'pick one from the list')}`,
            );
          }
          row = await insertTag(trx, deps.ids, { name: raw, memberId, at });
          named.set(tagKey(raw), row);
        }
        if (row.archived_at !== null) {
          throw new StoreError(
            'TAG_ARCHIVED',
            `The tag "${row.name}" is archived: pick another, or ask a lead or an admin to unarchive it.`,
          );
        }
        changes.push({ type: 'item.tagged', tag: row.name, by, ...cause });
        tags.add(row.name);
        added.push(row.id);
      }
      for (const raw of patch.removeTags ?? []) {
        const row = named.get(tagKey(raw));
        // A name no tag ever had can only be an item's by accident; it goes by its exact name.
        const tag = row?.name ?? normaliseTagName(raw);
        if (!tags.has(tag)) continue;
        changes.push({ type: 'item.untagged', tag, by, ...cause });
        tags.delete(tag);
        if (row) removed.push(row.id);
      }
      if (patch.suggestReplies?.length) {
        if (!opts.rule) throw new Error('Saved replies are suggested by inbox rules only (UpdateOptions.rule).');
        const suggest = newSuggestions(before, patch.suggestReplies);
        if (suggest.length > 0) changes.push({ type: 'item.replies_suggested', replyIds: suggest, rule: opts.rule });
      }
      let item: Item = before;
      const events: { event: LogEvent; item: Item }[] = [];
      for (const data of changes) {
        const event = await appendEvent(trx, deps.ids, { opId, memberId, itemKey: key, at, data });
        const next = applyItemEvent(item, event);
        if (!next) throw new Error(`${data.type} lost item ${key}`);
        item = next;
        events.push({ event, item });
      }
      if (events.length > 0) await saveProjection(trx, item);
      await addItemTags(
        trx,
        key,
        added.filter((id) => !removed.includes(id)),
      );
      await removeItemTags(trx, key, removed);
      await markTagsUsed(trx, added, at);
      return { value: item, target: key, events };
    },
    async (trx, previous) => requireItem(trx, previous.target),
  );
}

/**
 * The suggested reply ids the item does not carry yet, once each, in order, as
 * many as it has room for. An id no saved reply can have (rules accept longer
 * ones) is left out: it would make the event and the item unreadable.
 */
function newSuggestions(item: Item, ids: readonly string[]): string[] {
  const room = MAX_SUGGESTED_REPLIES - item.suggestedReplies.length;
  const have = new Set(item.suggestedReplies.map((s) => s.id));
  return [...new Set(ids)]
    .filter((id) => !have.has(id) && SavedReplyId.safeParse(id).success)
    .slice(0, Math.max(0, room));
}

/** The mutable part of an item's projection row. */
export async function saveProjection(trx: Kysely<Database>, item: Item): Promise<void> {
  await trx
    .updateTable('items')
    .set({
      status: item.status,
      priority: item.priority,
      assignee_id: item.assigneeId,
      tags: JSON.stringify(item.tags),
      replied_at: item.repliedAt,
      snoozed_until: item.snoozedUntil,
      suggested_replies: JSON.stringify(item.suggestedReplies),
      gone_at: item.goneAt ?? null,
      updated_at: item.updatedAt,
      seq: item.seq,
    })
    .where('key', '=', item.key)
    .execute();
}

/**
 * Our reply to `key` was seen in its thread. Appends `item.replied` once per
 * (item, reply id) — a reply seen again, by this browser or a teammate's, is a
 * duplicate that writes nothing; null when the item is unknown.
 */
export async function recordReply(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  key: string,
  reply: ReplySeen,
): Promise<Mutation<Item> | null> {
  const at = deps.clock.now().toISOString();
  return applyOnce(
    db,
    { opId, kind: 'item.reply', memberId },
    at,
    async (trx) => {
      const before = await getItem(trx, key);
      if (!before) return null;
      const seen = await trx
        .selectFrom('item_replies')
        .select('seq')
        .where('item_key', '=', key)
        .where('reply_id', '=', reply.nativeId)
        .executeTakeFirst();
      if (seen) return { value: before, target: key, events: [] };
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: key,
        at,
        data: { type: 'item.replied', reply },
      });
      const item = applyItemEvent(before, event);
      if (!item) throw new Error(`item.replied lost item ${key}`);
      await trx
        .insertInto('item_replies')
        .values({
          item_key: key,
          reply_id: reply.nativeId,
          seq: event.seq,
          member_id: memberId,
          profile: reply.profile,
          site_timestamp: reply.siteTimestamp,
          source: reply.source,
          seen_at: at,
        })
        .execute();
      await saveProjection(trx, item);
      return { value: item, target: key, events: [{ event, item }] };
    },
    async (trx, previous) => requireItem(trx, previous.target),
  );
}

export async function getItem(db: Kysely<Database>, key: string): Promise<Item | null> {
  const row = await db.selectFrom('items').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? itemFromRow(row) : null;
}

async function requireItem(db: Kysely<Database>, key: string): Promise<Item> {
  const item = await getItem(db, key);
  if (!item) throw new StoreError('CORRUPT_ROW', `An applied op refers to item ${key}, which is missing.`);
  return item;
}

/** Newest captured first. */
export async function listItems(db: Kysely<Database>, opts: { limit?: number; status?: ItemStatus }): Promise<Item[]> {
  const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? DEFAULT_LIST_LIMIT)), MAX_LIST_LIMIT);
  let q = db.selectFrom('items').selectAll().orderBy('captured_seq', 'desc').limit(limit);
  if (opts.status) q = q.where('status', '=', opts.status);
  return (await q.execute()).map(itemFromRow);
}

export async function itemsByKeys(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, Item>> {
  const unique = [...new Set(keys)];
  const found = new Map<string, Item>();
  for (let i = 0; i < unique.length; i += KEYS_PER_QUERY) {
    const rows = await db
      .selectFrom('items')
      .selectAll()
      .where('key', 'in', unique.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const row of rows) found.set(row.key, itemFromRow(row));
  }
  return found;
}

export async function countItems(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Who on the team last replied in this item's thread (or to the item itself), for `last_responder` rules. */
export async function lastResponder(
  db: Kysely<Database>,
  item: { key: string; platform: string; threadId: string | null },
): Promise<string | null> {
  let q = db
    .selectFrom('item_replies')
    .innerJoin('items', 'items.key', 'item_replies.item_key')
    .select('item_replies.member_id')
    .where('item_replies.member_id', 'is not', null)
    .orderBy('item_replies.seq', 'desc')
    .limit(1);
  q = item.threadId
    ? q.where((eb) =>
        eb.or([
          eb('item_replies.item_key', '=', item.key),
          eb.and([eb('items.platform', '=', item.platform), eb('items.thread_id', '=', item.threadId)]),
        ]),
      )
    : q.where('item_replies.item_key', '=', item.key);
  const row = await q.executeTakeFirst();
  return row?.member_id ?? null;
}
