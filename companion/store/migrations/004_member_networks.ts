import type { Migration } from '../migrate.js';

/** `members.networks`: JSON array of the platforms a member works on; `[]` means all. */
export const memberNetworks: Migration = {
  version: 4,
  name: 'member_networks',
  async up(db) {
    await db.schema
      .alterTable('members')
      .addColumn('networks', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
