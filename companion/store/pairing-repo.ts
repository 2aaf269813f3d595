/**
 * Pairing codes. The running companion and `inlay pair` (another process)
 * share this table; every check-and-change is one conditional UPDATE, so two
 * processes cannot both consume a code.
 */
import type { Kysely } from 'kysely';
import { normalisePairingCode } from '../../shared/protocol/auth.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { pairingCodeFromRow, utcIso } from './rows.js';
import type { Database } from './schema.js';
import type { PairingCode } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

/** Stores the code canonical (normalisePairingCode): the companion MACs with it. */
export async function createPairingCode(
  db: Kysely<Database>,
  deps: Deps,
  code: string,
  expiresAt: string,
  tries: number,
): Promise<PairingCode> {
  const pc: PairingCode = {
    id: deps.ids.id('pc'),
    code: normalisePairingCode(code),
    expiresAt: utcIso(expiresAt),
    triesLeft: tries,
    usedAt: null,
  };
  await db
    .insertInto('pairing_codes')
    .values({
      id: pc.id,
      code: pc.code,
      created_at: deps.clock.now().toISOString(),
      expires_at: pc.expiresAt,
      tries_left: pc.triesLeft,
    })
    .execute();
  return pc;
}

/** Newest first. */
export async function activePairingCodes(db: Kysely<Database>, now: string): Promise<PairingCode[]> {
  const rows = await db
    .selectFrom('pairing_codes')
    .selectAll()
    .where('used_at', 'is', null)
    .where('expires_at', '>', utcIso(now))
    .where('tries_left', '>', 0)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(pairingCodeFromRow);
}

export async function consumePairingCode(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('pairing_codes')
    .set({ used_at: utcIso(at) })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function burnPairingTry(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .updateTable('pairing_codes')
    .set((eb) => ({ tries_left: eb('tries_left', '-', 1) }))
    .where('used_at', 'is', null)
    .where('expires_at', '>', utcIso(now))
    .where('tries_left', '>', 0)
    .execute();
}
