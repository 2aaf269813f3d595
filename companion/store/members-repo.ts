/** Members and the client keys bound to them. */
import type { Kysely } from 'kysely';
import type { Member, Platform, Role } from '../../shared/model.js';
import { memberAccess, type MemberAccess } from '../../shared/permissions.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { StoreError } from './errors.js';
import { appendEvent, applyOnce } from './event-log.js';
import { clientKeyFromRow, memberFromRow, networksFromRow, utcIso } from './rows.js';
import type { Database, MemberRow } from './schema.js';
import type { ClientKey, MemberPatch, Mutation } from './types.js';

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

function accessFromRow(row: MemberRow): MemberAccess {
  return memberAccess(memberFromRow(row), networksFromRow(row));
}

export async function getMemberAccess(db: Kysely<Database>, id: string): Promise<MemberAccess | null> {
  const row = await db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? accessFromRow(row) : null;
}

/** Oldest first, each with networks and effective permissions. */
export async function listMembers(db: Kysely<Database>): Promise<MemberAccess[]> {
  const rows = await db.selectFrom('members').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(accessFromRow);
}

/**
 * Changes a member's role and networks, appending `member.updated`; nothing
 * when nothing changes. Refuses to leave the team without an admin.
 */
export async function updateMember(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  actorId: string | null,
  id: string,
  patch: MemberPatch,
): Promise<Mutation<MemberAccess>> {
  const at = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'member.update', memberId: actorId },
    at,
    async (trx) => {
      const row = await trx.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new StoreError('UNKNOWN_MEMBER', `No member ${id}: reload the member list.`);
      const before = accessFromRow(row);
      const role: Role = patch.role ?? before.role;
      const networks: Platform[] = patch.networks ? memberAccess(before, patch.networks).networks : before.networks;
      if (role === before.role && JSON.stringify(networks) === JSON.stringify(before.networks)) {
        return { value: before, target: id, events: [] };
      }
      if (before.role === 'admin' && role !== 'admin') {
        const admins = await trx
          .selectFrom('members')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('role', '=', 'admin')
          .executeTakeFirst();
        if (Number(admins?.n ?? 0) <= 1) {
          throw new StoreError(
            'LAST_ADMIN',
            `${before.name} is the only admin: make someone else an admin first, so the team keeps one.`,
          );
        }
      }
      await trx
        .updateTable('members')
        .set({ role, networks: JSON.stringify(networks) })
        .where('id', '=', id)
        .execute();
      const member: Member = { id, name: before.name, role, createdAt: before.createdAt };
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId: actorId,
        itemKey: null,
        at,
        data: { type: 'member.updated', member, networks },
      });
      return { value: memberAccess(member, networks), target: id, events: [{ event, item: null }] };
    },
    async (trx, previous) => {
      const access = await getMemberAccess(trx, previous.target);
      if (!access)
        throw new StoreError('CORRUPT_ROW', `An applied op refers to member ${previous.target}, which is missing.`);
      return access;
    },
  );
  if (!result) throw new Error('updateMember always applies');
  return result;
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
