import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/** The foundation: meta, the event log and applied ops, items, members and keys, pairing codes, profiles. */
export const init: Migration = {
  version: 1,
  name: 'init',
  async up(db, { dialect, ids }) {
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into meta (key, value) values (${'companion_id'}, ${ids.id('cmp')})`.execute(db);

    await db.schema
      .createTable('members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .serialPrimaryKey(db.schema.createTable('events'), 'seq')
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('op_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text')
      .addColumn('item_key', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_op_id').on('events').column('op_id').execute();
    await db.schema.createIndex('events_item_key_seq').on('events').columns(['item_key', 'seq']).execute();

    await db.schema
      .createTable('applied_ops')
      .addColumn('op_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('member_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('items')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('native_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('profile', 'text')
      .addColumn('author_handle', 'text')
      .addColumn('author_name', 'text')
      .addColumn('author_url', 'text')
      .addColumn('author_verified', 'integer')
      .addColumn('author_followers', 'integer')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('permalink', 'text', (c) => c.notNull())
      .addColumn('site_timestamp', 'text')
      .addColumn('parent_id', 'text')
      .addColumn('thread_id', 'text')
      .addColumn('lang', 'text')
      .addColumn('captured_at', 'text', (c) => c.notNull())
      .addColumn('captured_by', 'text')
      .addColumn('captured_seq', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text', (c) => c.references('members.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('items_captured_seq').on('items').column('captured_seq').execute();
    await db.schema.createIndex('items_status_captured_seq').on('items').columns(['status', 'captured_seq']).execute();
    await db.schema.createIndex('items_assignee_id').on('items').column('assignee_id').execute();

    await db.schema
      .createTable('client_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('origin', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('client_keys_member_id').on('client_keys').column('member_id').execute();

    await db.schema
      .createTable('pairing_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('tries_left', 'integer', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('pairing_codes_expires_at').on('pairing_codes').column('expires_at').execute();

    await db.schema
      .createTable('profiles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('handle', 'text', (c) => c.notNull())
      .addColumn('handle_key', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .execute();
    await db.schema
      .createIndex('profiles_platform_handle_key')
      .on('profiles')
      .columns(['platform', 'handle_key'])
      .unique()
      .execute();
  },
};
