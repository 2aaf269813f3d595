/**
 * The embedded default store: one SQLite file through better-sqlite3 and
 * Kysely. Opening is synchronous; call `await store.migrate()` before use.
 *
 * Open one store per file per process: better-sqlite3 is synchronous, so a
 * second connection in the same process that wants the write lock while the
 * first holds it mid-transaction blocks the thread for the busy timeout and
 * then fails. Other processes (the `inlay pair` CLI) are fine: WAL plus
 * BEGIN IMMEDIATE and busy_timeout make them wait their turn.
 */
import { chmodSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import { randomIds } from '../ids.js';
import type { IdGen } from '../ids.js';
import { createKyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';
import { IN_MEMORY, createSqliteKysely, openSqliteFile, readSqlitePragmas, sqliteSpecifics } from './sqlite-dialect.js';
import type { SqlitePragmas, SqliteSynchronous } from './sqlite-dialect.js';
import type { Store } from './types.js';

export type { SqlitePragmas, SqliteSynchronous } from './sqlite-dialect.js';

export interface SqliteStoreOptions {
  /** Path of the database file (its folder is created 0700), or ':memory:'. */
  file: string;
  clock?: Clock;
  ids?: IdGen;
  /** FULL (default) survives power loss; NORMAL may lose the last commits on power loss, never corrupts. */
  synchronous?: SqliteSynchronous;
}

export interface SqliteStore extends Store {
  readonly file: string;
  /** The PRAGMAs in force on this connection (for `inlay doctor` and tests). */
  pragmas(): SqlitePragmas;
  /**
   * A consistent copy of the live database via SQLite's online backup API,
   * written to a temp file beside `toFile` (its folder created 0700), made 0600, then renamed into place.
   */
  backup(toFile: string): Promise<void>;
}

export function openSqliteStore(opts: SqliteStoreOptions): SqliteStore {
  const sqlite = openSqliteFile(opts.file, opts.synchronous ?? 'FULL');
  const db = createSqliteKysely<Database>(sqlite);
  const store = createKyselyStore(db, {
    clock: opts.clock ?? systemClock,
    ids: opts.ids ?? randomIds,
    dialect: sqliteSpecifics,
    where: opts.file === IN_MEMORY ? 'in memory' : opts.file,
  });
  return {
    ...store,
    file: opts.file,
    pragmas: () => readSqlitePragmas(sqlite),
    async backup(toFile) {
      const tmp = `${toFile}.${process.pid}.${Date.now()}.tmp`;
      try {
        mkdirSync(dirname(toFile), { recursive: true, mode: 0o700 });
        await sqlite.backup(tmp);
        chmodSync(tmp, 0o600);
        renameSync(tmp, toFile);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
    },
  };
}
