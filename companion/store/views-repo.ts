/**
 * Shared views as stored: the team's saved filters, saved and removed through
 * the event log (so every browser hears about a change and the log says who
 * changed what), read back through the shared schema — a row that no longer
 * parses is skipped and reported.
 */
import type { Kysely } from 'kysely';
import { View } from '../../shared/views.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { appendEvent, applyOnce } from './event-log.js';
import { readJsonColumn } from './rows.js';
import type { Database } from './schema.js';
import type { Mutation } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

export interface StoredViews {
  views: View[];
  /** Rows that did not parse (written by a newer Inlay, or by hand), with why. */
  unreadable: { id: string; why: string }[];
}

function parseRow(body: string): { ok: true; view: View } | { ok: false; why: string } {
  const r = readJsonColumn(View, body);
  return r.ok ? { ok: true, view: r.value } : r;
}

/** Every shared view, by name. */
export async function listViews(db: Kysely<Database>): Promise<StoredViews> {
  const rows = await db.selectFrom('views').selectAll().orderBy('name').orderBy('id').execute();
  const views: View[] = [];
  const unreadable: StoredViews['unreadable'] = [];
  for (const row of rows) {
    const r = parseRow(row.body);
    if (r.ok) views.push(r.view);
    else unreadable.push({ id: row.id, why: r.why });
  }
  return { views, unreadable };
}

/**
 * Creates or replaces the shared view with this id. The stored view is always
 * `scope: 'shared'`, stamped with the save time; its owner is whoever saved it
 * first.
 */
export async function saveView(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  view: View,
): Promise<Mutation<View>> {
  const at = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'view.save', memberId },
    at,
    async (trx) => {
      const before = await trx.selectFrom('views').select('body').where('id', '=', view.id).executeTakeFirst();
      const previous = before ? parseRow(before.body) : null;
      const ownerId = previous?.ok ? previous.view.ownerId : memberId;
      const stored: View = { ...view, scope: 'shared', ownerId, updatedAt: at };
      const row = { body: JSON.stringify(stored), name: stored.name, updated_at: at, updated_by: memberId };
      await trx
        .insertInto('views')
        .values({ id: stored.id, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'view.saved', viewId: stored.id, name: stored.name },
      });
      return { value: stored, target: stored.id, events: [{ event, item: null }] };
    },
    async (trx, previous) => {
      const row = await trx.selectFrom('views').select('body').where('id', '=', previous.target).executeTakeFirst();
      const r = row ? parseRow(row.body) : null;
      return r?.ok ? r.view : { ...view, scope: 'shared' as const, ownerId: memberId, updatedAt: at };
    },
  );
  if (!result) throw new Error('saveView always applies');
  return result;
}

/** Removes a shared view; null when there is no such view. */
export async function removeView(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  id: string,
): Promise<Mutation<null> | null> {
  const at = deps.clock.now().toISOString();
  return applyOnce(
    db,
    { opId, kind: 'view.remove', memberId },
    at,
    async (trx) => {
      const gone = await trx.deleteFrom('views').where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return null;
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'view.removed', viewId: id },
      });
      return { value: null, target: id, events: [{ event, item: null }] };
    },
    async () => null,
  );
}
