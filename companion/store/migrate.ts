/**
 * A tiny migration runner: numbered migrations, each applied in its own
 * transaction together with its row in `schema_migrations`, so a crash leaves
 * a migration either fully applied or not at all. Running it again is a no-op.
 * It refuses to touch a database written by a newer Inlay.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import type { DialectSpecifics } from './dialect.js';
import type { Database } from './schema.js';

export interface MigrationContext {
  dialect: DialectSpecifics;
  clock: Clock;
  ids: IdGen;
}

export interface Migration {
  version: number;
  name: string;
  /** Frozen in time: uses the schema builder and plain SQL, never the current table types. */
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly where: string,
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The database ${where} was written by a newer version of Inlay (schema version ${databaseVersion}; ` +
        `this version knows up to ${knownVersion}). Nothing was changed. ` +
        'Update Inlay to the newest version, or start it with a different --data-dir.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export async function runMigrations(
  db: Kysely<Database>,
  migrations: readonly Migration[],
  ctx: MigrationContext & { where: string },
): Promise<{ applied: number[]; version: number }> {
  checkOrder(migrations);
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();

  const known = migrations.at(-1)?.version ?? 0;
  const current = await currentVersion(db);
  if (current > known) throw new DatabaseTooNewError(ctx.where, current, known);

  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await db.transaction().execute(async (trx) => {
      // Re-checked inside the (write-locked) transaction: another process may have migrated meanwhile.
      const done = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', m.version)
        .executeTakeFirst();
      if (done) return false;
      await m.up(trx as unknown as Kysely<unknown>, ctx);
      await trx
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, applied_at: ctx.clock.now().toISOString() })
        .execute();
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return { applied, version: Math.max(known, current) };
}

async function currentVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}; expected ${i + 1}.`);
  });
}
