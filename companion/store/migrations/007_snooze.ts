import type { Migration } from '../migrate.js';

/** Snoozed items wake up: `items.snoozed_until` (pending until then; null otherwise). */
export const snooze: Migration = {
  version: 7,
  name: 'snooze',
  async up(db) {
    await db.schema.alterTable('items').addColumn('snoozed_until', 'text').execute();
  },
};
