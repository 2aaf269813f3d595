/**
 * The append-only event log and the applied-ops ledger that makes every
 * client mutation happen at most once.
 */
import type { Kysely } from 'kysely';
import type { EventData, Item, LogEvent } from '../../shared/model.js';
import type { IdGen } from '../ids.js';
import { StoreError } from './errors.js';
import { eventFromRow } from './rows.js';
import type { AppliedOpRow, Database, OpKind } from './schema.js';
import type { Mutation } from './types.js';

export interface NewEvent {
  opId: string | null;
  memberId: string | null;
  itemKey: string | null;
  at: string;
  data: EventData;
}

/** Appends one event; call inside the transaction that also updates the projection. */
export async function appendEvent(trx: Kysely<Database>, ids: IdGen, e: NewEvent): Promise<LogEvent> {
  const id = ids.id('evt');
  const { seq } = await trx
    .insertInto('events')
    .values({
      id,
      op_id: e.opId,
      at: e.at,
      member_id: e.memberId,
      item_key: e.itemKey,
      type: e.data.type,
      data: JSON.stringify(e.data),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return { seq, id, opId: e.opId, at: e.at, memberId: e.memberId, itemKey: e.itemKey, data: e.data };
}

export async function headSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return Number(row?.head ?? 0);
}

export async function eventsAfter(db: Kysely<Database>, sinceSeq: number, limit: number): Promise<LogEvent[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('seq', '>', sinceSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
  return rows.map(eventFromRow);
}

export async function eventAt(db: Kysely<Database>, seq: number): Promise<LogEvent | null> {
  const row = await db.selectFrom('events').selectAll().where('seq', '=', seq).executeTakeFirst();
  return row ? eventFromRow(row) : null;
}

export interface Op {
  opId: string;
  kind: OpKind;
  memberId: string | null;
}

export interface Applied<T> {
  value: T;
  /** The item key or profile id the op acted on, for its replay. */
  target: string;
  events: { event: LogEvent; item: Item | null }[];
}

/**
 * Runs `apply` at most once per op id, in one transaction: a replayed op id
 * gets `replay(previous)` with duplicate: true and writes nothing. `apply`
 * may return null (e.g. the item does not exist): nothing is recorded then,
 * so the op can still succeed later.
 */
export async function applyOnce<T>(
  db: Kysely<Database>,
  op: Op,
  at: string,
  apply: (trx: Kysely<Database>) => Promise<Applied<T> | null>,
  replay: (trx: Kysely<Database>, previous: AppliedOpRow) => Promise<T>,
): Promise<Mutation<T> | null> {
  return db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('applied_ops').selectAll().where('op_id', '=', op.opId).executeTakeFirst();
    if (previous) {
      if (previous.kind !== op.kind) {
        throw new StoreError(
          'OP_ID_REUSED',
          `The op id ${op.opId} was already used for ${previous.kind}, not ${op.kind}; every mutation needs a fresh op id.`,
        );
      }
      return { value: await replay(trx, previous), seq: previous.seq, duplicate: true, events: [] };
    }
    const done = await apply(trx);
    if (!done) return null;
    const seq = done.events.at(-1)?.event.seq ?? 0;
    await trx
      .insertInto('applied_ops')
      .values({ op_id: op.opId, kind: op.kind, target: done.target, seq, member_id: op.memberId, at })
      .execute();
    return { value: done.value, seq, duplicate: false, events: done.events };
  });
}
