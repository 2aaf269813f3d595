/**
 * The few things that differ between SQL dialects, behind one small interface.
 * Repositories and migrations use Kysely's builder and these hooks only, so a
 * PostgreSQL backend adds a `postgres-dialect.ts` beside `sqlite-dialect.ts`
 * instead of rewriting queries.
 */
import type { CreateTableBuilder } from 'kysely';

export interface DialectSpecifics {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Adds `column` as an integer primary key that only ever grows (the event
   * log's seq). SQLite: `integer primary key autoincrement` (never reuses a
   * value); PostgreSQL would use `bigint generated always as identity`.
   */
  serialPrimaryKey<T extends string, C extends string, CN extends string>(
    table: CreateTableBuilder<T, C>,
    column: CN,
  ): CreateTableBuilder<T, C | CN>;
}
