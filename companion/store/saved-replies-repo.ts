/**
 * Saved replies as stored: the team's shared library and each member's
 * personal replies, saved, imported and removed through the event log (so
 * every browser hears about a change and the log says who changed what), read
 * back through the shared schema — a row that no longer parses is skipped and
 * reported. Also their usage (one `reply.used` event per insertion, indexed in
 * `reply_uses`) and the team's saved-reply settings.
 *
 * - A personal reply is its owner's alone: others never list it, replace it
 *   or remove it, and its events say only whose it is (`reply.saved` carries
 *   id, scope and owner, never the text — true of shared ones too).
 * - A reply keeps its scope and its first owner; changing the scope is delete
 *   + save. Refusals are SavedReplyError, in plain words.
 */
import type { Kysely } from 'kysely';
import { Platform, type Item, type LogEvent } from '../../shared/model.js';
import {
  DEFAULT_REPLY_SETTINGS,
  ReplyScope,
  ReplySettings,
  SavedReply,
  type ReplyUse,
  type SavedReplyFields,
} from '../../shared/replies/saved-reply.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { appendEvent, applyOnce } from './event-log.js';
import { getItem } from './items-repo.js';
import { readJsonColumn, utcIso } from './rows.js';
import type { Database, ReplyUseRow, SavedReplyRow } from './schema.js';
import type { Mutation } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

/** The window `recentReplyUses` covers (the repetition guardrail's longest), and how many uses it returns at most. */
export const RECENT_USE_HOURS = 24;
export const RECENT_USE_MAX = 5000;
/** Rows read for the recent window: a use has at most 10 reply ids. */
const RECENT_ROWS_MAX = RECENT_USE_MAX * 10;
/** The `team_settings` key of ReplySettings. */
export const REPLY_SETTINGS_KEY = 'saved_replies';

export type SavedReplyErrorCode =
  /** A reply keeps its scope: shared stays shared, personal stays personal. */
  | 'REPLY_SCOPE_FIXED'
  /** The id is a teammate's personal reply. */
  | 'REPLY_NOT_YOURS';

/** A save the library refuses; the message is plain words for the person at the keyboard. Nothing was written. */
export class SavedReplyError extends Error {
  constructor(
    readonly code: SavedReplyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SavedReplyError';
  }
}

export interface StoredReplies {
  replies: SavedReply[];
  /** Rows that did not parse (written by a newer Inlay, or by hand), with why. */
  unreadable: { id: string; why: string }[];
}

/** A use as a client reports it; the store adds the member and keeps the time no later than now. */
export interface NewReplyUse {
  itemKey: string;
  platform: Platform;
  replyIds: readonly string[];
  at: string;
}

type RowHead = Pick<SavedReplyRow, 'id' | 'scope' | 'owner_id' | 'body'>;

function parseRow(row: RowHead): { ok: true; reply: SavedReply } | { ok: false; why: string } {
  const parsed = readJsonColumn(SavedReply, row.body);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  if (r.id !== row.id || r.scope !== row.scope || r.ownerId !== row.owner_id) {
    return { ok: false, why: 'its id, scope or owner differs from the row that holds it' };
  }
  return { ok: true, reply: r };
}

/** The shared replies and `memberId`'s personal ones, by folder, then title. */
export async function listSavedReplies(db: Kysely<Database>, memberId: string | null): Promise<StoredReplies> {
  const rows = await db
    .selectFrom('saved_replies')
    .select(['id', 'scope', 'owner_id', 'body'])
    .where((eb) =>
      memberId === null
        ? eb('scope', '=', 'shared')
        : eb.or([eb('scope', '=', 'shared'), eb.and([eb('scope', '=', 'personal'), eb('owner_id', '=', memberId)])]),
    )
    .orderBy('folder')
    .orderBy('title')
    .orderBy('id')
    .execute();
  const replies: SavedReply[] = [];
  const unreadable: StoredReplies['unreadable'] = [];
  for (const row of rows) {
    const r = parseRow(row);
    if (r.ok) replies.push(r.reply);
    else unreadable.push({ id: row.id, why: r.why });
  }
  return { replies, unreadable };
}

/** Whose a reply is, from its row (readable or not); null when there is no such reply. */
export async function savedReplyOwner(
  db: Kysely<Database>,
  id: string,
): Promise<{ scope: ReplyScope; ownerId: string | null } | null> {
  const row = await db
    .selectFrom('saved_replies')
    .select(['scope', 'owner_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  // A scope this version does not know is treated as the stricter one.
  const scope = ReplyScope.safeParse(row.scope);
  return { scope: scope.success ? scope.data : 'shared', ownerId: row.owner_id };
}

/**
 * Writes one reply (creating or replacing it) and appends its `reply.saved`.
 * `ownerIfNew` owns a reply this id does not name yet; an existing reply keeps
 * its owner. Refuses (SavedReplyError) a teammate's personal reply and a
 * change of scope.
 */
async function writeReply(
  trx: Kysely<Database>,
  deps: Deps,
  op: { opId: string; memberId: string | null; at: string },
  input: SavedReplyFields,
  ownerIfNew: string | null,
): Promise<{ reply: SavedReply; created: boolean; event: LogEvent }> {
  const before = await trx
    .selectFrom('saved_replies')
    .select(['scope', 'owner_id', 'title'])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (before) {
    if (before.scope !== 'shared' && before.owner_id !== op.memberId) {
      throw new SavedReplyError(
        'REPLY_NOT_YOURS',
        'That reply id belongs to a teammate’s personal reply, which only they can change — save yours as a new reply.',
      );
    }
    if (before.scope !== input.scope) {
      throw new SavedReplyError(
        'REPLY_SCOPE_FIXED',
        before.scope === 'shared'
          ? `“${before.title}” is a shared reply, and a reply keeps its scope: to have it as a personal reply, save a copy under a new id.`
          : `“${before.title}” is your personal reply, and a reply keeps its scope: to share it, save a copy as a new shared reply (and delete the personal one).`,
      );
    }
  }
  const reply: SavedReply = {
    id: input.id,
    scope: input.scope,
    folder: input.folder,
    title: input.title,
    body: input.body,
    variants: input.variants,
    tags: input.tags,
    keywords: input.keywords,
    shortcut: input.shortcut,
    ownerId: before ? before.owner_id : ownerIfNew,
    updatedAt: op.at,
    updatedBy: op.memberId,
  };
  const row = {
    scope: reply.scope,
    owner_id: reply.ownerId,
    folder: reply.folder,
    title: reply.title,
    body: JSON.stringify(reply),
    updated_at: op.at,
    updated_by: op.memberId,
  };
  await trx
    .insertInto('saved_replies')
    .values({ id: reply.id, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
  const event = await appendEvent(trx, deps.ids, {
    opId: op.opId,
    memberId: op.memberId,
    itemKey: null,
    at: op.at,
    data: { type: 'reply.saved', replyId: reply.id, scope: reply.scope, ownerId: reply.ownerId },
  });
  return { reply, created: !before, event };
}

/**
 * Creates or replaces the reply with this id. A new reply is owned by whoever
 * saved it; replacing keeps the first owner and the scope.
 */
export async function saveSavedReply(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  input: SavedReplyFields,
): Promise<Mutation<SavedReply>> {
  const at = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'reply.save', memberId },
    at,
    async (trx) => {
      const { reply, event } = await writeReply(trx, deps, { opId, memberId, at }, input, memberId);
      return { value: reply, target: reply.id, events: [{ event, item: null }] };
    },
    async (trx, previous) => {
      const row = await trx
        .selectFrom('saved_replies')
        .select(['id', 'scope', 'owner_id', 'body'])
        .where('id', '=', previous.target)
        .executeTakeFirst();
      const r = row ? parseRow(row) : null;
      return r?.ok ? r.reply : { ...input, ownerId: memberId, updatedAt: previous.at, updatedBy: memberId };
    },
  );
  if (!result) throw new Error('saveSavedReply always applies');
  return result;
}

/**
 * Removes a reply: a shared one, or `memberId`'s own personal one (whether the
 * member may remove shared replies is the caller's check). Null when there is
 * no such reply for this member — a teammate's personal reply is none.
 */
export async function removeSavedReply(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  id: string,
): Promise<Mutation<null> | null> {
  const at = deps.clock.now().toISOString();
  return applyOnce(
    db,
    { opId, kind: 'reply.remove', memberId },
    at,
    async (trx) => {
      const before = await savedReplyOwner(trx, id);
      if (!before || (before.scope === 'personal' && before.ownerId !== memberId)) return null;
      await trx.deleteFrom('saved_replies').where('id', '=', id).execute();
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'reply.removed', replyId: id, scope: before.scope, ownerId: before.ownerId },
      });
      return { value: null, target: id, events: [{ event, item: null }] };
    },
    async () => null,
  );
}

export interface ImportCounts {
  created: number;
  updated: number;
}

/**
 * Saves many replies as one op, all or nothing: each replaces the reply with
 * its id or is added (a personal one owned by the importer; a new shared one
 * by nobody, being the team's). An id given twice counts once, its last
 * version kept. One refused reply (a teammate's personal reply, a change of
 * scope) refuses the whole import, saying which.
 */
export async function importSavedReplies(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  inputs: readonly SavedReplyFields[],
): Promise<Mutation<ImportCounts>> {
  const at = deps.clock.now().toISOString();
  const byId = new Map<string, SavedReplyFields>();
  for (const r of inputs) byId.set(r.id, r);
  const result = await applyOnce(
    db,
    { opId, kind: 'replies.import', memberId },
    at,
    async (trx) => {
      const counts: ImportCounts = { created: 0, updated: 0 };
      const events: { event: LogEvent; item: null }[] = [];
      for (const input of byId.values()) {
        const owner = input.scope === 'personal' ? memberId : null;
        const written = await writeReply(trx, deps, { opId, memberId, at }, input, owner).catch((err: unknown) => {
          if (err instanceof SavedReplyError) {
            throw new SavedReplyError(err.code, `Nothing was imported: “${input.title}” (${input.id}): ${err.message}`);
          }
          throw err;
        });
        if (written.created) counts.created += 1;
        else counts.updated += 1;
        events.push({ event: written.event, item: null });
      }
      return { value: counts, target: 'replies', events };
    },
    (trx) => replayedImport(trx, opId),
  );
  if (!result) throw new Error('importSavedReplies always applies');
  return result;
}

/** What an import created and updated, read back from the log: was each of its replies there just before it? */
async function replayedImport(trx: Kysely<Database>, opId: string): Promise<ImportCounts> {
  const replyIdOf = (data: string): string => (JSON.parse(data) as { replyId: string }).replyId;
  const own = await trx
    .selectFrom('events')
    .select(['seq', 'data'])
    .where('op_id', '=', opId)
    .where('type', '=', 'reply.saved')
    .orderBy('seq')
    .execute();
  const first = own[0];
  if (!first) return { created: 0, updated: 0 };
  const ids = new Set(own.map((e) => replyIdOf(e.data)));
  const earlier = await trx
    .selectFrom('events')
    .select(['type', 'data'])
    .where('type', 'in', ['reply.saved', 'reply.removed'])
    .where('seq', '<', first.seq)
    .orderBy('seq')
    .execute();
  const existed = new Map<string, boolean>();
  for (const e of earlier) {
    const id = replyIdOf(e.data);
    if (ids.has(id)) existed.set(id, e.type === 'reply.saved');
  }
  const created = [...ids].filter((id) => existed.get(id) !== true).length;
  return { created, updated: ids.size - created };
}

/**
 * Saved replies went into a reply to `use.itemKey`: one `reply.used` event
 * (the reply ids once each, in order) and one `reply_uses` row per id. The
 * use keeps the client's time (the outbox may deliver it late), never later
 * than now. The pushed item is the item as it is (a use changes nothing on it;
 * null when it was never captured).
 */
export async function recordReplyUse(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  use: NewReplyUse,
): Promise<Mutation<ReplyUse>> {
  const now = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'reply.use', memberId },
    now,
    async (trx) => {
      const replyIds = [...new Set(use.replyIds)];
      const usedAt = utcIso(use.at);
      const at = usedAt < now ? usedAt : now;
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: use.itemKey,
        at: now,
        data: { type: 'reply.used', replyIds, platform: use.platform, usedAt: at },
      });
      await trx
        .insertInto('reply_uses')
        .values(
          replyIds.map((replyId, position) => ({
            seq: event.seq,
            position,
            reply_id: replyId,
            item_key: use.itemKey,
            platform: use.platform,
            member_id: memberId,
            at,
          })),
        )
        .execute();
      const item: Item | null = await getItem(trx, use.itemKey);
      const value: ReplyUse = { replyIds, itemKey: use.itemKey, platform: use.platform, memberId, at };
      return { value, target: use.itemKey, events: [{ event, item }] };
    },
    async (trx, previous) => {
      const rows = await trx
        .selectFrom('reply_uses')
        .selectAll()
        .where('seq', '=', previous.seq)
        .orderBy('position')
        .execute();
      return usesFromRows(rows)[0] ?? { ...use, replyIds: [...use.replyIds], memberId, at: now };
    },
  );
  if (!result) throw new Error('recordReplyUse always applies');
  return result;
}

/** How many times each reply was used, by the whole team, ever (ids that were never used are absent). */
export async function replyUsage(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('reply_uses')
    .select((eb) => ['reply_id', eb.fn.countAll().as('n')])
    .groupBy('reply_id')
    .execute();
  const usage: Record<string, number> = {};
  for (const r of rows) usage[r.reply_id] = Number(r.n);
  return usage;
}

/** The team's uses of the last RECENT_USE_HOURS, newest first, at most RECENT_USE_MAX. */
export async function recentReplyUses(db: Kysely<Database>, deps: Pick<Deps, 'clock'>): Promise<ReplyUse[]> {
  const since = new Date(deps.clock.now().getTime() - RECENT_USE_HOURS * 3_600_000).toISOString();
  const rows = await db
    .selectFrom('reply_uses')
    .selectAll()
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .orderBy('seq', 'desc')
    .orderBy('position', 'asc')
    .limit(RECENT_ROWS_MAX)
    .execute();
  return usesFromRows(rows).slice(0, RECENT_USE_MAX);
}

/**
 * Rows (each use's rows together, by position) → one ReplyUse per event. A
 * row whose platform this version does not know is left out.
 */
function usesFromRows(rows: readonly ReplyUseRow[]): ReplyUse[] {
  const uses: ReplyUse[] = [];
  let lastSeq: number | null = null;
  let current: ReplyUse | null = null;
  for (const row of rows) {
    if (row.seq === lastSeq) {
      current?.replyIds.push(row.reply_id);
      continue;
    }
    lastSeq = row.seq;
    const platform = Platform.safeParse(row.platform);
    current = platform.success
      ? {
          replyIds: [row.reply_id],
          itemKey: row.item_key,
          platform: platform.data,
          memberId: row.member_id,
          at: row.at,
        }
      : null;
    if (current) uses.push(current);
  }
  return uses;
}

/** The team's saved-reply settings; DEFAULT_REPLY_SETTINGS until someone saves them (or when the row cannot be read). */
export async function getReplySettings(db: Kysely<Database>): Promise<ReplySettings> {
  const row = await db
    .selectFrom('team_settings')
    .select('value')
    .where('key', '=', REPLY_SETTINGS_KEY)
    .executeTakeFirst();
  if (row) {
    // unreadable: the defaults, like a row never written
    const parsed = readJsonColumn(ReplySettings, row.value);
    if (parsed.ok) return parsed.value;
  }
  return { brand: DEFAULT_REPLY_SETTINGS.brand, guardrail: { ...DEFAULT_REPLY_SETTINGS.guardrail } };
}

/** Replaces the team's saved-reply settings; appends `replies.settings_saved`. */
export async function saveReplySettings(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  settings: ReplySettings,
): Promise<Mutation<ReplySettings>> {
  const at = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'replies.settings', memberId },
    at,
    async (trx) => {
      const value: ReplySettings = { brand: settings.brand, guardrail: { ...settings.guardrail } };
      const row = { value: JSON.stringify(value), updated_at: at, updated_by: memberId };
      await trx
        .insertInto('team_settings')
        .values({ key: REPLY_SETTINGS_KEY, ...row })
        .onConflict((oc) => oc.column('key').doUpdateSet(row))
        .execute();
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'replies.settings_saved', brand: value.brand, guardrail: value.guardrail },
      });
      return { value, target: REPLY_SETTINGS_KEY, events: [{ event, item: null }] };
    },
    (trx) => getReplySettings(trx),
  );
  if (!result) throw new Error('saveReplySettings always applies');
  return result;
}
