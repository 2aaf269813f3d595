/**
 * Kysely table types: the database as the repositories see it.
 *
 * Portable column choices (the same in SQLite and PostgreSQL):
 *   - timestamps are ISO-8601 text (Date#toISOString), so they sort as text and
 *     never pass through a driver's Date conversion;
 *   - JSON is text, parsed with zod on the way out (the database is an edge);
 *   - booleans are integers 0/1 (SQLite has no boolean type).
 * Migrations do not import these types: they are frozen in time.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  meta: MetaTable;
  events: EventsTable;
  applied_ops: AppliedOpsTable;
  items: ItemsTable;
  members: MembersTable;
  client_keys: ClientKeysTable;
  pairing_codes: PairingCodesTable;
  profiles: ProfilesTable;
  item_replies: ItemRepliesTable;
  tags: TagsTable;
  tag_names: TagNamesTable;
  item_tags: ItemTagsTable;
  rules: RulesTable;
  rule_state: RuleStateTable;
  views: ViewsTable;
  saved_replies: SavedRepliesTable;
  reply_uses: ReplyUsesTable;
  team_settings: TeamSettingsTable;
  sweep_state: SweepStateTable;
  sweep_log: SweepLogTable;
  live_views: LiveViewsTable;
}

/**
 * What the sweep dispatcher keeps across a restart (migration 009), by key:
 * `dispatcher` holds `{v, snapshot, selectorsVersion}` as JSON (the
 * dispatcher's DispatcherSnapshot and the selectors.json version last seen),
 * parsed with zod on every read. Rewritten in the transaction that records
 * each change, so it never disagrees with `sweep_log` and the item events.
 */
export interface SweepStateTable {
  key: string;
  value: string;
  updated_at: string;
}

/**
 * One row per thing that happened to a sweep target (migration 009): a job
 * succeeded, failed, was requeued; the target paused or resumed. Coverage
 * (companion/sweeps/coverage.ts) reads the successes.
 */
export interface SweepLogTable {
  id: Generated<number>;
  at: string;
  target_id: string;
  platform: string;
  profile: string;
  /** notifications, dms, recent-posts. */
  kind: string;
  /** succeeded, failed, paused, resumed, requeued. */
  event: string;
  /**
   * failed: failed | lease_expired; paused: signed_out | challenge | unreadable | failed;
   * resumed: person | signed_in | selectors; requeued: disconnected; succeeded: ok.
   */
  outcome: string;
  /** Plain words: why it paused, or what the browser said of a failure. */
  message: string | null;
  job_id: string | null;
  /** Whose browser ran the job, or who resumed the target. */
  member_id: string | null;
  page_loads: number;
  captured: number;
  new_items: number;
  edited: number;
  deleted: number;
}

/**
 * Spans of time a person had one of our profiles' list pages in view, in a tab
 * they opened (migration 010): one row per span and member, extended by each
 * `sweeps.viewed` heartbeat that reaches back to its end. Coverage reads them.
 */
export interface LiveViewsTable {
  id: Generated<number>;
  platform: string;
  /** The profile's handle, normalised (normaliseHandle). */
  profile: string;
  /** notifications, dms. */
  kind: string;
  member_id: string;
  from_at: string;
  to_at: string;
}

/**
 * Saved replies (migration 008); `body` is the whole SavedReply as JSON, parsed
 * with the shared schema on every read. `scope` and `owner_id` repeat it for
 * the visibility filter (a personal reply is its owner's alone).
 */
export interface SavedRepliesTable {
  id: string;
  /** `shared` or `personal`. */
  scope: string;
  owner_id: string | null;
  folder: string;
  title: string;
  body: string;
  updated_at: string;
  updated_by: string | null;
}

/** One row per reply id in a `reply.used` event (migration 008): usage counts and the recent window read these. */
export interface ReplyUsesTable {
  /** seq of the reply.used event. */
  seq: number;
  /** The reply's place in the use (combined replies keep their order). */
  position: number;
  reply_id: string;
  item_key: string;
  platform: string;
  member_id: string | null;
  /** When it was inserted (as the client said, never later than it was recorded). */
  at: string;
}

/** Team-wide settings by key, each a JSON value (migration 008); `saved_replies` holds ReplySettings. */
export interface TeamSettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

/** Shared views (migration 006); `body` is the view's JSON, parsed with the shared schema on every read. */
export interface ViewsTable {
  id: string;
  body: string;
  name: string;
  updated_at: string;
  updated_by: string | null;
}

/** Inbox rules (migration 005); `body` is the rule's JSON, parsed with the shared schema on every read. */
export interface RulesTable {
  id: string;
  body: string;
  sort_order: number;
  /** 0/1 */
  enabled: number;
  updated_at: string;
  updated_by: string | null;
}

/** What assignment strategies remember between runs (round-robin positions), as JSON. */
export interface RuleStateTable {
  key: string;
  value: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

/** Key/value facts about this database; `companion_id` is created by migration 001. */
export interface MetaTable {
  key: string;
  value: string;
}

/** The append-only event log; `seq` is the monotonic sequence number clients catch up from. */
export interface EventsTable {
  seq: Generated<number>;
  id: string;
  op_id: string | null;
  at: string;
  member_id: string | null;
  item_key: string | null;
  type: string;
  /** JSON of EventData. */
  data: string;
}

/**
 * Every client op applied, once. A replayed op id finds its row here and gets
 * the original outcome back. One op may append several events (an update that
 * changes status and priority) or none (a capture of a known item), so op
 * uniqueness lives here rather than on events.op_id.
 */
export interface AppliedOpsTable {
  op_id: string;
  kind: OpKind;
  /** What the op acted on: an item key, a profile, rule, view or reply id. */
  target: string;
  /** seq of the last event the op appended; 0 if it changed nothing. */
  seq: number;
  member_id: string | null;
  at: string;
}

export type OpKind =
  | 'item.capture'
  | 'item.update'
  | 'item.reply'
  | 'profile.save'
  | 'profile.remove'
  | 'member.update'
  | 'tag.create'
  | 'tag.update'
  | 'tag.rename'
  | 'tag.merge'
  | 'rule.save'
  | 'rule.remove'
  | 'view.save'
  | 'view.remove'
  | 'reply.save'
  | 'reply.remove'
  | 'replies.import'
  | 'reply.use'
  | 'replies.settings'
  | 'sweeps.settings';

/** The current-state projection of items, kept in step with the event log in the same transaction. */
export interface ItemsTable {
  key: string;
  platform: string;
  native_id: string;
  kind: string;
  profile: string | null;
  author_handle: string | null;
  author_name: string | null;
  author_url: string | null;
  /** 0/1, null when the page did not say. */
  author_verified: number | null;
  author_followers: number | null;
  text: string;
  permalink: string;
  site_timestamp: string | null;
  parent_id: string | null;
  thread_id: string | null;
  lang: string | null;
  captured_at: string;
  captured_by: string | null;
  /** seq of the item.captured event: a stable, monotonic order for lists. */
  captured_seq: number;
  status: string;
  priority: string;
  /** JSON array of tag names. */
  tags: string;
  assignee_id: string | null;
  /** When our first reply was seen (migration 002); null while unanswered. */
  replied_at: string | null;
  /** Migration 007: when a snoozed item wakes up. */
  snoozed_until: string | null;
  /** Migration 008: JSON array of `{id, ruleName}`, the saved replies rules suggested (default `[]`). */
  suggested_replies: ColumnType<string, string | undefined, string>;
  /** Migration 009: when a sweep found the item gone from the site (item.deleted); null while it is there. */
  gone_at: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: string;
  /** seq of the last event that changed the item. */
  seq: number;
}

/** Our replies seen in items' threads, once per (item, reply); migration 002. */
export interface ItemRepliesTable {
  item_key: string;
  reply_id: string;
  /** seq of the item.replied event. */
  seq: number;
  member_id: string | null;
  profile: string | null;
  site_timestamp: string | null;
  source: string;
  seen_at: string;
}

export interface MembersTable {
  id: string;
  name: string;
  role: string;
  created_at: string;
  /** JSON array of platforms the member works on, `[]` for all (migration 004). */
  networks: ColumnType<string, string | undefined, string>;
}

/** The tag taxonomy (migration 003). Ids are stable; a merged tag keeps its row with `merged_into` set. */
export interface TagsTable {
  id: string;
  /** The current name, as written (`CS - late delivery`); unique through `tag_names`. */
  name: string;
  /** A palette hex (shared/tags.ts TAG_PALETTE). */
  color: string;
  description: string | null;
  archived_at: string | null;
  merged_into: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** When it was last applied to an item. */
  last_used_at: string | null;
}

/**
 * Every name a tag ever had (its current one included), by tagKey: a name,
 * once used, always means the same tag — repointed to the target when its
 * tag is merged. Old events and outbox replays resolve through it.
 */
export interface TagNamesTable {
  name_key: string;
  /** The name as it was written. */
  name: string;
  tag_id: string;
  since: string;
}

/** Which item carries which tag, by id; kept in step with `items.tags` (the names). */
export interface ItemTagsTable {
  item_key: string;
  tag_id: string;
}

export interface ClientKeysTable {
  id: string;
  member_id: string;
  secret: string;
  origin: string | null;
  created_at: string;
  revoked_at: ColumnType<string | null, string | null | undefined, string | null>;
  last_used_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PairingCodesTable {
  id: string;
  /** Canonical code (normalisePairingCode); the companion MACs with it. */
  code: string;
  created_at: string;
  expires_at: string;
  tries_left: number;
  used_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProfilesTable {
  id: string;
  platform: string;
  handle: string;
  /** profileHandleKey(handle): unique per platform, so `@Acme` and `acme` are one profile. */
  handle_key: string;
  display_name: string | null;
  created_at: string;
  updated_at: string;
  /** Removal is soft, so a replayed op and a re-saved handle find the same id. */
  removed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export type EventRow = Selectable<EventsTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewItemRow = Insertable<ItemsTable>;
export type MemberRow = Selectable<MembersTable>;
export type ClientKeyRow = Selectable<ClientKeysTable>;
export type PairingCodeRow = Selectable<PairingCodesTable>;
export type ProfileRow = Selectable<ProfilesTable>;
export type AppliedOpRow = Selectable<AppliedOpsTable>;
export type TagRow = Selectable<TagsTable>;
export type SavedReplyRow = Selectable<SavedRepliesTable>;
export type ReplyUseRow = Selectable<ReplyUsesTable>;
export type SweepLogRow = Selectable<SweepLogTable>;
export type NewSweepLogRow = Insertable<SweepLogTable>;
export type LiveViewRow = Selectable<LiveViewsTable>;
