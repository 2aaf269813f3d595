/**
 * Sweeps as stored (issue 6): the team's sweep settings (`team_settings`,
 * key `sweeps`, changed through the event log like every team setting), the
 * dispatcher's state (`sweep_state`), the sweep log (`sweep_log`), and the
 * item events a sweep's report implies (`item.edited`, `item.deleted`).
 *
 * `recordSweep` writes the dispatcher's new state, its log rows and those item
 * events in ONE transaction, so after a crash the state, the log and the item
 * log agree: either the whole change is there or none of it is.
 *
 * Everything read back is parsed with zod. What no longer parses is not
 * fatal: a platform's settings that cannot be read are left out (so that
 * platform is off) and reported; an unreadable dispatcher state is reported
 * and the dispatcher starts afresh (watermarks lost means items are seen as
 * new once more, and the capture path is idempotent).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { IsoTime, Platform, PLATFORMS, type Item, type LogEvent } from '../../shared/model.js';
import { SweepKind, SweepSettings, type SweepSettingsByPlatform } from '../../shared/sweeps.js';
import { DispatcherSnapshot } from '../sweeps/dispatcher.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { appendEvent, applyOnce } from './event-log.js';
import { readJsonColumn } from './rows.js';
import { getItem, saveProjection } from './items-repo.js';
import { applyItemEvent } from './projection.js';
import type { Database, NewSweepLogRow, SweepLogRow } from './schema.js';
import type { Mutation } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

/** The `team_settings` key of the sweep settings. */
export const SWEEP_SETTINGS_KEY = 'sweeps';
/** The `sweep_state` key of the dispatcher's state. */
export const DISPATCHER_STATE_KEY = 'dispatcher';

/** What the dispatcher keeps across a restart, and the selectors.json version it last saw. */
export const SweepState = z.object({
  v: z.literal(1),
  snapshot: DispatcherSnapshot,
  /** null: never looked. A different version seen later resumes targets paused as unreadable. */
  selectorsVersion: z.string().max(64).nullable(),
});
export type SweepState = z.infer<typeof SweepState>;

export interface StoredSweepSettings {
  /** The platforms whose settings are stored and readable. */
  settings: SweepSettingsByPlatform;
  /** Platforms (or keys) stored but unreadable, with why: they are off until written again. */
  unreadable: { platform: string; why: string }[];
}

export const SWEEP_LOG_EVENTS = ['succeeded', 'failed', 'paused', 'resumed', 'requeued'] as const;
export const SweepLogEvent = z.enum(SWEEP_LOG_EVENTS);
export type SweepLogEvent = z.infer<typeof SweepLogEvent>;

/** One row of the sweep log, as the service writes it and status and coverage read it. */
export const SweepLogEntry = z.object({
  at: IsoTime,
  targetId: z.string(),
  platform: Platform,
  profile: z.string(),
  kind: SweepKind,
  event: SweepLogEvent,
  /** See SweepLogTable.outcome. */
  outcome: z.string(),
  message: z.string().nullable(),
  jobId: z.string().nullable(),
  memberId: z.string().nullable(),
  pageLoads: z.number().int().nonnegative(),
  captured: z.number().int().nonnegative(),
  newItems: z.number().int().nonnegative(),
  edited: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
});
export type SweepLogEntry = z.infer<typeof SweepLogEntry>;

export interface SweepLogQuery {
  event?: SweepLogEvent;
  targetId?: string;
  /** at >= since */
  since?: string;
  /** at < until */
  until?: string;
  /** At most this many (default and cap 50,000)… */
  limit?: number;
  /** …oldest first, unless this is true. */
  newestFirst?: boolean;
}

/** An item change a sweep's report implies; the member is whose browser saw it. */
export type SweepItemChange =
  | { type: 'item.edited'; itemKey: string; previousHash: string; hash: string; memberId: string | null }
  | { type: 'item.deleted'; itemKey: string; memberId: string | null };

export interface SweepRecord {
  /** The dispatcher's state now; null leaves the stored state as it is. */
  state: SweepState | null;
  log: readonly SweepLogEntry[];
  /** Changes of items the store does not hold are skipped (nobody captured them: not news). */
  items: readonly SweepItemChange[];
}

const MAX_LOG_ROWS = 50_000;

// ---------------------------------------------------------------------------
// Settings

function readSettings(text: string | undefined): StoredSweepSettings {
  const out: StoredSweepSettings = { settings: {}, unreadable: [] };
  if (text === undefined) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    out.unreadable.push({ platform: '*', why: 'not JSON' });
    return out;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    out.unreadable.push({ platform: '*', why: 'not an object' });
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    const platform = Platform.safeParse(key);
    const parsed = SweepSettings.safeParse(value);
    if (platform.success && parsed.success) out.settings[platform.data] = parsed.data;
    else
      out.unreadable.push({
        platform: key,
        why: platform.success ? (parsed.error?.issues[0]?.message ?? 'invalid') : 'not a platform',
      });
  }
  return out;
}

/** The stored sweep settings (nothing stored: `{settings: {}}`, every platform off). */
export async function getSweepSettings(db: Kysely<Database>): Promise<StoredSweepSettings> {
  const row = await db
    .selectFrom('team_settings')
    .select('value')
    .where('key', '=', SWEEP_SETTINGS_KEY)
    .executeTakeFirst();
  return readSettings(row?.value);
}

/**
 * Changes the team's sweep settings: `update` gets the stored settings (in the
 * transaction, so concurrent changes do not lose each other) and returns the
 * new ones. Appends `sweeps.settings_saved {enabled}`.
 */
export async function saveSweepSettings(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  update: (current: StoredSweepSettings) => SweepSettingsByPlatform,
): Promise<Mutation<SweepSettingsByPlatform>> {
  const at = deps.clock.now().toISOString();
  const read = async (trx: Kysely<Database>) =>
    readSettings(
      (await trx.selectFrom('team_settings').select('value').where('key', '=', SWEEP_SETTINGS_KEY).executeTakeFirst())
        ?.value,
    );
  const result = await applyOnce(
    db,
    { opId, kind: 'sweeps.settings', memberId },
    at,
    async (trx) => {
      const next = update(await read(trx));
      const value: SweepSettingsByPlatform = {};
      for (const p of PLATFORMS) if (next[p]) value[p] = SweepSettings.parse(next[p]);
      const row = { value: JSON.stringify(value), updated_at: at, updated_by: memberId };
      await trx
        .insertInto('team_settings')
        .values({ key: SWEEP_SETTINGS_KEY, ...row })
        .onConflict((oc) => oc.column('key').doUpdateSet(row))
        .execute();
      const enabled = PLATFORMS.filter((p) => value[p]?.enabled === true);
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'sweeps.settings_saved', enabled },
      });
      return { value, target: SWEEP_SETTINGS_KEY, events: [{ event, item: null }] };
    },
    async (trx) => (await read(trx)).settings,
  );
  if (!result) throw new Error('saveSweepSettings always applies');
  return result;
}

// ---------------------------------------------------------------------------
// The dispatcher's state and the log

export async function getSweepState(
  db: Kysely<Database>,
): Promise<{ state: SweepState | null; unreadable: string | null }> {
  const row = await db
    .selectFrom('sweep_state')
    .select('value')
    .where('key', '=', DISPATCHER_STATE_KEY)
    .executeTakeFirst();
  if (!row) return { state: null, unreadable: null };
  const parsed = readJsonColumn(SweepState, row.value);
  return parsed.ok ? { state: parsed.value, unreadable: null } : { state: null, unreadable: parsed.why };
}

function logRow(e: SweepLogEntry): NewSweepLogRow {
  return {
    at: e.at,
    target_id: e.targetId,
    platform: e.platform,
    profile: e.profile,
    kind: e.kind,
    event: e.event,
    outcome: e.outcome,
    message: e.message,
    job_id: e.jobId,
    member_id: e.memberId,
    page_loads: e.pageLoads,
    captured: e.captured,
    new_items: e.newItems,
    edited: e.edited,
    deleted: e.deleted,
  };
}

function entryOf(row: SweepLogRow): SweepLogEntry | null {
  const parsed = SweepLogEntry.safeParse({
    at: row.at,
    targetId: row.target_id,
    platform: row.platform,
    profile: row.profile,
    kind: row.kind,
    event: row.event,
    outcome: row.outcome,
    message: row.message,
    jobId: row.job_id,
    memberId: row.member_id,
    pageLoads: row.page_loads,
    captured: row.captured,
    newItems: row.new_items,
    edited: row.edited,
    deleted: row.deleted,
  });
  return parsed.success ? parsed.data : null;
}

/**
 * Writes the dispatcher's state, its log rows and the item events of a sweep
 * in one transaction. Returns the item events appended, each with its item, to
 * broadcast.
 */
export async function recordSweep(
  db: Kysely<Database>,
  deps: Deps,
  rec: SweepRecord,
): Promise<{ event: LogEvent; item: Item | null }[]> {
  const at = deps.clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    if (rec.state) {
      const value = JSON.stringify(rec.state);
      await trx
        .insertInto('sweep_state')
        .values({ key: DISPATCHER_STATE_KEY, value, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
        .execute();
    }
    if (rec.log.length > 0) await trx.insertInto('sweep_log').values(rec.log.map(logRow)).execute();
    const out: { event: LogEvent; item: Item | null }[] = [];
    for (const change of rec.items) {
      const before = await getItem(trx, change.itemKey);
      if (!before) continue;
      if (change.type === 'item.deleted' && before.goneAt !== undefined) continue;
      const event = await appendEvent(trx, deps.ids, {
        opId: null,
        memberId: change.memberId,
        itemKey: change.itemKey,
        at,
        data:
          change.type === 'item.edited'
            ? { type: 'item.edited', via: 'sweep', previousHash: change.previousHash, hash: change.hash }
            : { type: 'item.deleted', via: 'sweep' },
      });
      const item = applyItemEvent(before, event);
      if (!item) throw new Error(`${change.type} lost item ${change.itemKey}`);
      if (item !== before) await saveProjection(trx, item);
      out.push({ event, item });
    }
    return out;
  });
}

/** Sweep log rows, oldest first (or newest). Rows this version cannot read are left out. */
export async function listSweepLog(db: Kysely<Database>, q: SweepLogQuery = {}): Promise<SweepLogEntry[]> {
  let query = db
    .selectFrom('sweep_log')
    .selectAll()
    .orderBy('at', q.newestFirst ? 'desc' : 'asc')
    .orderBy('id', q.newestFirst ? 'desc' : 'asc')
    .limit(Math.min(Math.max(1, Math.floor(q.limit ?? MAX_LOG_ROWS)), MAX_LOG_ROWS));
  if (q.event) query = query.where('event', '=', q.event);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.since) query = query.where('at', '>=', q.since);
  if (q.until) query = query.where('at', '<', q.until);
  return (await query.execute()).flatMap((row) => entryOf(row) ?? []);
}

/**
 * The successful sweeps (`succeeded` rows) with since <= at <= until, oldest
 * first: only the target and the time, for coverage. One range scan of the
 * `sweep_log_event_at` index (event, at); no cap, since coverage over a long
 * period needs every success in it (the hourly page-load caps bound them).
 */
export async function listSweepSuccesses(
  db: Kysely<Database>,
  q: { since: string; until: string },
): Promise<{ targetId: string; at: string }[]> {
  const rows = await db
    .selectFrom('sweep_log')
    .select(['target_id', 'at'])
    .where('event', '=', 'succeeded')
    .where('at', '>=', q.since)
    .where('at', '<=', q.until)
    .orderBy('at', 'asc')
    .execute();
  return rows.map((r) => ({ targetId: r.target_id, at: r.at }));
}
