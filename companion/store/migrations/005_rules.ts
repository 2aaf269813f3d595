import type { Migration } from '../migrate.js';

/**
 * Inbox rules: one row per rule (its JSON, validated on every read) with the
 * order and switch the engine sorts by; `rule_state` keeps what assignment
 * strategies remember between runs (round-robin positions).
 */
export const rules: Migration = {
  version: 5,
  name: 'rules',
  async up(db) {
    await db.schema
      .createTable('rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema.createIndex('rules_sort_order').on('rules').columns(['sort_order', 'id']).execute();
    await db.schema
      .createTable('rule_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
