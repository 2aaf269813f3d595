import type { Migration } from '../migrate.js';

/**
 * Shared views: the team's saved filters, one row per view (its JSON,
 * validated on every read) with the order the side panel lists them in.
 */
export const views: Migration = {
  version: 6,
  name: 'views',
  async up(db) {
    await db.schema
      .createTable('views')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema.createIndex('views_name').on('views').columns(['name', 'id']).execute();
  },
};
