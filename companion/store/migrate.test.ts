import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import { sequentialIds } from '../ids.js';
import { DatabaseTooNewError, runMigrations } from './migrate.js';
import type { Migration } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { Database as Schema } from './schema.js';
import { openSqliteStore } from './sqlite.js';
import { createSqliteKysely, openSqliteFile, sqliteSpecifics } from './sqlite-dialect.js';
import { tempDir } from './test-helpers.js';
import type { TempDir } from './test-helpers.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function rawVersions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('select version from schema_migrations order by version')
      .all()
      .map((r) => (r as { version: number }).version);
  } finally {
    db.close();
  }
}

const ALL = migrations.map((m) => m.version);
const LATEST = migrations.length;
/** A schema version from a newer Inlay than this one. */
const FUTURE = LATEST + 10;

describe('migrations', () => {
  it('creates every table on a fresh database and records each version', async () => {
    const store = openSqliteStore({ file: dir.file(), ids: sequentialIds() });
    const result = await store.migrate();
    expect(result).toEqual({ applied: migrations.map((m) => m.version), version: migrations.length });
    expect(await store.companionId()).toBe('cmp_000001');
    await store.close();

    const db = new Database(dir.file(), { readonly: true });
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    db.close();
    expect(tables).toEqual(
      expect.arrayContaining([
        'applied_ops',
        'client_keys',
        'events',
        'items',
        'members',
        'meta',
        'pairing_codes',
        'profiles',
        'schema_migrations',
        'item_replies',
      ]),
    );
    expect(rawVersions(dir.file())).toEqual(ALL);
  });

  it('is a no-op when run again, in the same process or after reopening', async () => {
    const store = openSqliteStore({ file: dir.file() });
    await store.migrate();
    const id = await store.companionId();
    expect(await store.migrate()).toEqual({ applied: [], version: LATEST });
    await store.close();

    const again = openSqliteStore({ file: dir.file() });
    expect(await again.migrate()).toEqual({ applied: [], version: LATEST });
    expect(await again.companionId()).toBe(id);
    await again.close();
    expect(rawVersions(dir.file())).toEqual(ALL);
  });

  it('refuses a database written by a newer Inlay, in plain words, and changes nothing', async () => {
    const store = openSqliteStore({ file: dir.file() });
    await store.migrate();
    await store.close();
    const raw = new Database(dir.file());
    raw.prepare("insert into schema_migrations (version, name, applied_at) values (?, 'future', 'x')").run(FUTURE);
    raw.close();

    const newer = openSqliteStore({ file: dir.file() });
    const err = await newer.migrate().catch((e: unknown) => e);
    await newer.close();
    expect(err).toBeInstanceOf(DatabaseTooNewError);
    expect((err as Error).message).toContain(
      `newer version of Inlay (schema version ${FUTURE}; this version knows up to ${LATEST})`,
    );
    expect((err as Error).message).toContain('Nothing was changed');
    expect((err as Error).message).toContain(dir.file());
    expect(rawVersions(dir.file())).toEqual([...ALL, FUTURE]);
  });

  it('rolls a failing migration back completely, keeping the earlier ones', async () => {
    const failing: Migration = {
      version: LATEST + 1,
      name: 'half_done',
      async up(db) {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        throw new Error('boom');
      },
    };
    const sqlite = openSqliteFile(dir.file(), 'FULL');
    const db = createSqliteKysely<Schema>(sqlite);
    const ctx = { dialect: sqliteSpecifics, clock: manualClock(), ids: sequentialIds(), where: dir.file() };
    await expect(runMigrations(db, [...migrations, failing], ctx)).rejects.toThrow('boom');
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where name = 'half_done'`.execute(db);
    expect(rows).toEqual([]);
    await db.destroy();
    expect(rawVersions(dir.file())).toEqual(ALL);
  });

  it('refuses a migration list with gaps', async () => {
    const sqlite = openSqliteFile(dir.file(), 'FULL');
    const db = createSqliteKysely<Schema>(sqlite);
    const ctx = { dialect: sqliteSpecifics, clock: manualClock(), ids: sequentialIds(), where: dir.file() };
    const gap: Migration = { version: LATEST + 2, name: 'gap', up: async () => {} };
    await expect(runMigrations(db, [...migrations, gap], ctx)).rejects.toThrow(`expected ${LATEST + 1}`);
    await db.destroy();
  });
});

describe('opening the file', () => {
  it('sets WAL, synchronous, foreign keys and busy timeout on every open, including after a reopen', async () => {
    const first = openSqliteStore({ file: dir.file(), synchronous: 'NORMAL' });
    await first.migrate();
    expect(first.pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 'NORMAL',
      foreignKeys: true,
      busyTimeoutMs: 5000,
    });
    await first.close();

    // better-sqlite3 alone reopens a WAL database at its default; the store sets FULL again.
    const plain = new Database(dir.file());
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(plain.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: the reason we set it every time
    plain.close();

    const second = openSqliteStore({ file: dir.file() });
    expect(second.pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 'FULL',
      foreignKeys: true,
      busyTimeoutMs: 5000,
    });
    await second.close();
  });

  it('creates the folder 0700 and the file 0600', async () => {
    const file = dir.file('nested/deeper/inlay.db');
    const store = openSqliteStore({ file });
    await store.migrate();
    await store.close();
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('enforces foreign keys', async () => {
    const store = openSqliteStore({ file: dir.file() });
    await store.migrate();
    await expect(store.createClientKey('mem_nobody', 'secret', null)).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });
});
