import type { Migration } from '../migrate.js';

/**
 * Sweeps (issue 6):
 *
 * - `sweep_state`: what the sweep dispatcher keeps across a restart, as JSON
 *   by key (`dispatcher`: watermarks, pauses, schedules, the hourly page-load
 *   window, the selectors.json version last seen).
 * - `sweep_log`: one row per thing that happened to a target (a job
 *   succeeded, failed or was requeued; the target paused or resumed), with
 *   page loads and counts — what `inlay status` and coverage read.
 * - `items.gone_at`: when a sweep found the item gone from the site.
 *
 * The team's sweep settings live in `team_settings` (migration 008) under
 * the key `sweeps`.
 */
export const sweeps: Migration = {
  version: 9,
  name: 'sweeps',
  async up(db, { dialect }) {
    await db.schema
      .createTable('sweep_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .serialPrimaryKey(db.schema.createTable('sweep_log'), 'id')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      .addColumn('job_id', 'text')
      .addColumn('member_id', 'text')
      .addColumn('page_loads', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('captured', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('new_items', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('sweep_log_target_at').on('sweep_log').columns(['target_id', 'at']).execute();
    await db.schema.createIndex('sweep_log_event_at').on('sweep_log').columns(['event', 'at']).execute();

    await db.schema.alterTable('items').addColumn('gone_at', 'text').execute();
  },
};
