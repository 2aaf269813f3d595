import type { Migration } from '../migrate.js';

/**
 * Saved replies:
 *
 * - `saved_replies`: one row per reply (its JSON in `body`, validated on
 *   every read), with the columns reads filter and sort by — `scope` and
 *   `owner_id` (a personal reply is its owner's alone), `folder`, `title`.
 * - `reply_uses`: one row per reply id in a `reply.used` event (`seq`), so
 *   usage counts per reply and the team's recent uses (the repetition
 *   guardrail) are index reads, not log scans.
 * - `team_settings`: team-wide settings by key (JSON values), starting with
 *   the saved-reply settings.
 * - `items.suggested_replies`: the replies inbox rules suggested for the
 *   item (JSON array of `{id, ruleName}`).
 */
export const savedReplies: Migration = {
  version: 8,
  name: 'saved_replies',
  async up(db) {
    await db.schema
      .createTable('saved_replies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('folder', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema
      .createIndex('saved_replies_scope_owner')
      .on('saved_replies')
      .columns(['scope', 'owner_id'])
      .execute();
    await db.schema
      .createIndex('saved_replies_folder_title')
      .on('saved_replies')
      .columns(['folder', 'title', 'id'])
      .execute();

    await db.schema
      .createTable('reply_uses')
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('reply_id', 'text', (c) => c.notNull())
      .addColumn('item_key', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('reply_uses_pk', ['seq', 'reply_id'])
      .execute();
    await db.schema.createIndex('reply_uses_reply_id').on('reply_uses').column('reply_id').execute();
    await db.schema.createIndex('reply_uses_at').on('reply_uses').columns(['at', 'seq']).execute();

    await db.schema
      .createTable('team_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();

    await db.schema
      .alterTable('items')
      .addColumn('suggested_replies', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
