import type { Migration } from '../migrate.js';

/**
 * Own replies: `items.replied_at` (when our first reply was seen) and
 * `item_replies`, one row per (item, reply) so a reply seen by several
 * teammates' browsers is recorded once.
 */
export const replies: Migration = {
  version: 2,
  name: 'replies',
  async up(db) {
    await db.schema.alterTable('items').addColumn('replied_at', 'text').execute();
    await db.schema
      .createTable('item_replies')
      .addColumn('item_key', 'text', (c) => c.notNull())
      .addColumn('reply_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('member_id', 'text')
      .addColumn('profile', 'text')
      .addColumn('site_timestamp', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('item_replies_pk', ['item_key', 'reply_id'])
      .execute();
  },
};
