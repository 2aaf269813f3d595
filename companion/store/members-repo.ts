/** Members and the client keys bound to them. */
import type { Kysely } from 'kysely';
import type { Member, Role } from '../../shared/model.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { appendEvent } from './event-log.js';
import { clientKeyFromRow, memberFromRow, utcIso } from './rows.js';
import type { Database } from './schema.js';
import type { ClientKey } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

/** Inserts the member and appends `member.joined` in one transaction. */
export async function createMember(
  db: Kysely<Database>,
  deps: Deps,
  name: string,
  role: Role,
): Promise<{ member: Member; seq: number }> {
  const member: Member = { id: deps.ids.id('mem'), name, role, createdAt: deps.clock.now().toISOString() };
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('members')
      .values({ id: member.id, name: member.name, role: member.role, created_at: member.createdAt })
      .execute();
    const event = await appendEvent(trx, deps.ids, {
      opId: null,
      memberId: member.id,
      itemKey: null,
      at: member.createdAt,
      data: { type: 'member.joined', member },
    });
    return { member, seq: event.seq };
  });
}

export async function getMember(db: Kysely<Database>, id: string): Promise<Member | null> {
  const row = await db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? memberFromRow(row) : null;
}

export async function memberExists(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db.selectFrom('members').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** Oldest first. */
export async function listMembers(db: Kysely<Database>): Promise<Member[]> {
  const rows = await db.selectFrom('members').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(memberFromRow);
}

export async function countMembers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function createClientKey(
  db: Kysely<Database>,
  deps: Deps,
  memberId: string,
  secret: string,
  origin: string | null,
): Promise<ClientKey> {
  const key: ClientKey = {
    id: deps.ids.id('key'),
    memberId,
    secret,
    origin,
    createdAt: deps.clock.now().toISOString(),
    revokedAt: null,
  };
  await db
    .insertInto('client_keys')
    .values({ id: key.id, member_id: memberId, secret, origin, created_at: key.createdAt })
    .execute();
  return key;
}

export async function getClientKey(db: Kysely<Database>, id: string): Promise<ClientKey | null> {
  const row = await db.selectFrom('client_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? clientKeyFromRow(row) : null;
}

export async function listKeyOrigins(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('client_keys')
    .select('origin')
    .distinct()
    .where('revoked_at', 'is', null)
    .where('origin', 'is not', null)
    .orderBy('origin')
    .execute();
  return rows.flatMap((r) => (r.origin === null ? [] : [r.origin]));
}

export async function touchClientKey(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db
    .updateTable('client_keys')
    .set({ last_used_at: utcIso(at) })
    .where('id', '=', id)
    .execute();
}
