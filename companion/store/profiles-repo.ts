/** Profiles: our own accounts per platform, one per handle (case-insensitive, `@` optional). */
import type { Kysely } from 'kysely';
import type { Platform, Profile } from '../../shared/model.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { appendEvent, applyOnce, eventAt } from './event-log.js';
import { profileFromRow } from './rows.js';
import type { Database, ProfileRow } from './schema.js';
import type { Mutation } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

/**
 * What makes two handles the same profile: trimmed, without a leading `@`,
 * lower-cased (Unicode-aware, computed here rather than with SQL lower(),
 * which folds only ASCII in SQLite).
 */
export function profileHandleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

export async function listProfiles(db: Kysely<Database>): Promise<Profile[]> {
  const rows = await db
    .selectFrom('profiles')
    .selectAll()
    .where('removed_at', 'is', null)
    .orderBy('platform')
    .orderBy('handle_key')
    .execute();
  return rows.map(profileFromRow);
}

/**
 * Creates the profile, or updates the one with the same platform and handle
 * key (reviving it if it was removed), appending `profile.saved`. Saving what
 * is already stored appends nothing (seq 0).
 */
export async function saveProfile(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  p: { platform: Platform; handle: string; displayName: string | null },
): Promise<Mutation<Profile>> {
  const at = deps.clock.now().toISOString();
  const handle = p.handle.trim();
  const handleKey = profileHandleKey(handle);
  const result = await applyOnce(
    db,
    { opId, kind: 'profile.save', memberId },
    at,
    async (trx) => {
      const existing = await trx
        .selectFrom('profiles')
        .selectAll()
        .where('platform', '=', p.platform)
        .where('handle_key', '=', handleKey)
        .executeTakeFirst();
      if (
        existing &&
        existing.removed_at === null &&
        existing.handle === handle &&
        existing.display_name === p.displayName
      ) {
        return { value: profileFromRow(existing), target: existing.id, events: [] };
      }
      const profile: Profile = {
        id: existing?.id ?? deps.ids.id('prf'),
        platform: p.platform,
        handle,
        displayName: p.displayName,
      };
      if (existing) {
        await trx
          .updateTable('profiles')
          .set({ handle, display_name: p.displayName, updated_at: at, removed_at: null })
          .where('id', '=', existing.id)
          .execute();
      } else {
        await trx
          .insertInto('profiles')
          .values({
            id: profile.id,
            platform: p.platform,
            handle,
            handle_key: handleKey,
            display_name: p.displayName,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'profile.saved', profile },
      });
      return { value: profile, target: profile.id, events: [{ event, item: null }] };
    },
    async (trx, previous) => replayedProfile(trx, previous.target, previous.seq),
  );
  if (!result) throw new Error('saveProfile always applies');
  return result;
}

/** The profile as the original save left it (even if it was removed since). */
async function replayedProfile(db: Kysely<Database>, id: string, seq: number): Promise<Profile> {
  if (seq > 0) {
    const event = await eventAt(db, seq);
    if (event?.data.type === 'profile.saved') return event.data.profile;
  }
  const row = await profileRow(db, id);
  if (!row) throw new Error(`An applied op refers to profile ${id}, which is missing.`);
  return profileFromRow(row);
}

/** Soft-removes the profile, appending `profile.removed`; an unknown or removed id changes nothing. */
export async function removeProfile(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  id: string,
): Promise<Mutation<null>> {
  const at = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'profile.remove', memberId },
    at,
    async (trx) => {
      const existing = await profileRow(trx, id);
      if (!existing || existing.removed_at !== null) return { value: null, target: id, events: [] };
      await trx.updateTable('profiles').set({ removed_at: at, updated_at: at }).where('id', '=', id).execute();
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'profile.removed', profileId: id },
      });
      return { value: null, target: id, events: [{ event, item: null }] };
    },
    async () => null,
  );
  if (!result) throw new Error('removeProfile always applies');
  return result;
}

function profileRow(db: Kysely<Database>, id: string): Promise<ProfileRow | undefined> {
  return db.selectFrom('profiles').selectAll().where('id', '=', id).executeTakeFirst();
}
