/**
 * Everything SQLite-specific in the store, in one place: opening the file
 * (owner-only permissions), the PRAGMAs set on every open, a Kysely dialect
 * whose write transactions start with BEGIN IMMEDIATE, and the DDL hooks.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDatabase, SqliteStatement } from 'kysely';
import type { DialectSpecifics } from './dialect.js';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqlitePragmas {
  journalMode: string;
  synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  foreignKeys: boolean;
  busyTimeoutMs: number;
}

/** How long a writer waits for another process's write lock (e.g. `inlay pair`) before failing. */
export const BUSY_TIMEOUT_MS = 5_000;

export const IN_MEMORY = ':memory:';

/**
 * Opens (creating if needed) the database file and sets the PRAGMAs. The
 * parent folder is created 0700 and a new file 0600: it holds client keys.
 * `synchronous` is set explicitly every time because better-sqlite3 reopens
 * WAL databases at NORMAL.
 */
export function openSqliteFile(file: string, synchronous: SqliteSynchronous): Database.Database {
  if (file !== IN_MEMORY) createPrivateFile(file);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (file !== IN_MEMORY && mode !== 'wal') {
      throw new Error(
        `Could not switch the database ${file} to WAL mode (SQLite kept "${String(mode)}"). ` +
          'This happens on network or unusual file systems: put the data folder on a local disk (--data-dir).',
      );
    }
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const set = readSqlitePragmas(db);
    if (set.synchronous !== synchronous || !set.foreignKeys) {
      throw new Error(`SQLite did not accept synchronous=${synchronous} and foreign_keys=ON for ${file}.`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

export function readSqlitePragmas(db: Database.Database): SqlitePragmas {
  const sync = Number(db.pragma('synchronous', { simple: true }));
  const synchronous = SYNCHRONOUS_NAMES[sync];
  if (!synchronous) throw new Error(`Unexpected PRAGMA synchronous value ${sync}`);
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous,
    foreignKeys: Number(db.pragma('foreign_keys', { simple: true })) === 1,
    busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
  };
}

/**
 * A Kysely instance on one better-sqlite3 connection. Kysely's SqliteDriver
 * serialises everything on that connection with a mutex, so a transaction
 * holds it until commit; inside `db.transaction().execute(fn)` use only the
 * `trx` handed to `fn` (using `db` there would wait for itself).
 */
export function createSqliteKysely<DB>(sqlite: Database.Database): Kysely<DB> {
  return new Kysely<DB>({ dialect: new ImmediateSqliteDialect(cachingStatements(sqlite)) });
}

/**
 * Write transactions take the write lock up front (BEGIN IMMEDIATE). A
 * deferred BEGIN that reads first and writes later can fail with SQLITE_BUSY
 * without waiting when another process (the `inlay pair` CLI) wrote in between;
 * IMMEDIATE waits up to busy_timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** Kysely prepares every query anew; keep the most recent statements prepared. */
function cachingStatements(sqlite: Database.Database, max = 200): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const hit = cache.get(sql);
      if (hit) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > max) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return stmt;
    },
  };
}

export const sqliteSpecifics: DialectSpecifics = {
  name: 'sqlite',
  serialPrimaryKey: (table, column) => table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement()),
};
