import type { Migration } from '../migrate.js';

/**
 * Live views (issue 6, coverage): `live_views` holds spans of time when a
 * person had one of our profiles' list pages in view (the notifications list,
 * the message inbox list) in a tab they opened — never a sweep tab. One row per
 * span and member; a heartbeat (`sweeps.viewed`) extends the member's latest
 * span of that page when the time it vouches for reaches back to the span's
 * end, else starts a new one. Coverage reads the spans that end inside or
 * after a period (the index on `to_at`); the heartbeat finds its member's
 * latest span through the second index.
 */
export const liveViews: Migration = {
  version: 10,
  name: 'live_views',
  async up(db, { dialect }) {
    await dialect
      .serialPrimaryKey(db.schema.createTable('live_views'), 'id')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('from_at', 'text', (c) => c.notNull())
      .addColumn('to_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('live_views_to_at').on('live_views').column('to_at').execute();
    await db.schema
      .createIndex('live_views_member_page')
      .on('live_views')
      .columns(['member_id', 'platform', 'profile', 'kind', 'to_at'])
      .execute();
  },
};
