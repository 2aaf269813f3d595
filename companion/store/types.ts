/**
 * The store's small repository interface. Handlers talk only to this; the
 * SQLite implementation (sqlite.ts) is the embedded default and a PostgreSQL
 * one can follow behind the same interface (Kysely speaks both dialects).
 *
 * Every mutation takes the client's opId and is applied at most once: a
 * replayed opId returns the original outcome with `duplicate: true` and writes
 * nothing. A mutation resolves only after its transaction has committed.
 */
import type {
  RuleCause,
  CapturedItem,
  EventData,
  Item,
  ItemKey,
  ItemStatus,
  LogEvent,
  Member,
  Platform,
  Priority,
  Profile,
  Role,
  Tag,
  TagInfo,
} from '../../shared/model.js';
import type { Rule } from '../../shared/rules/index.js';
import type { StoredRules } from './rules-repo.js';
import type { StoredViews } from './views-repo.js';
import type { View } from '../../shared/views.js';
import type { MemberAccess } from '../../shared/permissions.js';
import type {
  ReplyScope,
  ReplySettings,
  ReplyUse,
  SavedReply,
  SavedReplyFields,
} from '../../shared/replies/saved-reply.js';
import type { ImportCounts, NewReplyUse, StoredReplies } from './saved-replies-repo.js';
import type { SweepSettingsByPlatform } from '../../shared/sweeps.js';
import type { LiveViewBeatRecord, LiveViewSpan } from './live-views-repo.js';
import type { StoredSweepSettings, SweepLogEntry, SweepLogQuery, SweepRecord, SweepState } from './sweeps-repo.js';

export interface Mutation<T> {
  value: T;
  /** seq of the event this op appended (or appended the first time, for a duplicate); 0 if it changed nothing. */
  seq: number;
  duplicate: boolean;
  /** Events appended by this call, in order, each with the item after it (empty for a duplicate). */
  events: { event: LogEvent; item: Item | null }[];
}

export interface ClientKey {
  id: string;
  memberId: string;
  /** base64url 256-bit secret. */
  secret: string;
  /** Firefox's moz-extension:// origin recorded at pairing; null for Chrome (fixed id) and CLI clients. */
  origin: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface PairingCode {
  id: string;
  /** The canonical code (normalisePairingCode), needed to verify the client's HMAC. */
  code: string;
  expiresAt: string;
  triesLeft: number;
  usedAt: string | null;
}

export interface ItemPatch {
  status?: ItemStatus;
  priority?: Priority;
  assigneeId?: string | null;
  /** With `status: 'pending'`: wake the item up (open) at this time. */
  snoozeUntil?: string;
  addTags?: readonly string[];
  removeTags?: readonly string[];
  /**
   * Saved reply ids an inbox rule suggests (needs `UpdateOptions.rule`): one
   * `item.replies_suggested` with those the item does not carry yet.
   */
  suggestReplies?: readonly string[];
}

export interface UpdateOptions {
  /** May a tag name no tag ever had create the tag? (the actor's `tags.create`; default true). */
  createTags?: boolean;
  /** The change is an inbox rule's: events carry the cause, tags are `by: rule:<id>`. */
  rule?: RuleCause;
}

export interface MemberPatch {
  role?: Role;
  /** Platforms the member works on; empty means all. */
  networks?: readonly Platform[];
}

export interface NewTag {
  name: string;
  color?: string;
  description?: string | null;
}

export interface TagPatch {
  color?: string;
  description?: string | null;
  archived?: boolean;
}

/** Our reply as seen in an item's thread. */
export type ReplySeen = Extract<EventData, { type: 'item.replied' }>['reply'];

export interface Store {
  /** Apply pending migrations (each in its own transaction). Idempotent. */
  migrate(): Promise<{ applied: number[]; version: number }>;
  close(): Promise<void>;

  /** Stable id of this companion's database, created by the first migration. */
  companionId(): Promise<string>;
  headSeq(): Promise<number>;

  // Items and the event log
  captureItem(opId: string, memberId: string | null, item: CapturedItem): Promise<Mutation<Item>>;
  updateItem(
    opId: string,
    memberId: string | null,
    key: ItemKey,
    patch: ItemPatch,
    opts?: UpdateOptions,
  ): Promise<Mutation<Item> | null>;
  /** Our reply to `key` was seen; once per (item, reply id). Null when the item is unknown. */
  recordReply(opId: string, memberId: string | null, key: ItemKey, reply: ReplySeen): Promise<Mutation<Item> | null>;
  getItem(key: ItemKey): Promise<Item | null>;
  listItems(opts: { limit?: number; status?: ItemStatus }): Promise<Item[]>;
  /** Events with seq > sinceSeq in order, each with its item's current state; at most `limit`. */
  eventsSince(sinceSeq: number, limit: number): Promise<{ event: LogEvent; item: Item | null }[]>;
  countItems(): Promise<number>;

  // Members and keys
  createMember(name: string, role: Role): Promise<{ member: Member; seq: number }>;
  getMember(id: string): Promise<Member | null>;
  /** Oldest first, each with networks and effective permissions. */
  listMembers(): Promise<MemberAccess[]>;
  countMembers(): Promise<number>;
  /** The member with their networks and effective permissions; null if unknown. */
  getMemberAccess(id: string): Promise<MemberAccess | null>;
  /** Role and networks; appends `member.updated`. UNKNOWN_MEMBER, or LAST_ADMIN when no admin would be left. */
  updateMember(opId: string, actorId: string | null, id: string, patch: MemberPatch): Promise<Mutation<MemberAccess>>;
  createClientKey(memberId: string, secret: string, origin: string | null): Promise<ClientKey>;
  getClientKey(id: string): Promise<ClientKey | null>;
  /** Origins recorded for live (not revoked) keys. */
  listKeyOrigins(): Promise<string[]>;
  touchClientKey(id: string, at: string): Promise<void>;

  // Pairing codes (shared between the running companion and `inlay pair` in another process)
  createPairingCode(code: string, expiresAt: string, tries: number): Promise<PairingCode>;
  /** Codes that are unused, unexpired at `now` and have tries left. */
  activePairingCodes(now: string): Promise<PairingCode[]>;
  /** Marks a code used; false if it was already used (single use, race-safe). */
  consumePairingCode(id: string, at: string): Promise<boolean>;
  /** One failed try against every active code; codes reaching 0 are dead. */
  burnPairingTry(now: string): Promise<void>;

  // Tags (the taxonomy)
  /** Every tag not merged away (archived included): most recently used first, then by name. */
  listTags(): Promise<TagInfo[]>;
  /** The tag with this id, or the tag it was merged into; null if unknown. */
  getTag(id: string): Promise<TagInfo | null>;
  /** The tag each name means today (through former names and merges), in input order; null for a name no tag had. */
  resolveTags(names: readonly string[]): Promise<(Tag | null)[]>;
  /** A name that is a live tag's current name returns it (seq 0); a former name is TAG_NAME_TAKEN. */
  createTag(opId: string, memberId: string | null, tag: NewTag): Promise<Mutation<TagInfo>>;
  updateTag(opId: string, memberId: string | null, id: string, patch: TagPatch): Promise<Mutation<TagInfo>>;
  /** Items carrying the tag carry the new name; the old one stays an alias. TAG_NAME_TAKEN if another tag has or had it. */
  renameTag(opId: string, memberId: string | null, id: string, name: string): Promise<Mutation<TagInfo>>;
  /** Tag `id` disappears into `into` (items, names, history); the value is `into` after it. */
  mergeTag(opId: string, memberId: string | null, id: string, into: string): Promise<Mutation<TagInfo>>;

  // Profiles (our own accounts)
  listProfiles(): Promise<Profile[]>;
  saveProfile(
    opId: string,
    memberId: string | null,
    p: { platform: Platform; handle: string; displayName: string | null },
  ): Promise<Mutation<Profile>>;
  removeProfile(opId: string, memberId: string | null, id: string): Promise<Mutation<null>>;

  // Inbox rules
  listRules(): Promise<StoredRules>;
  saveRule(opId: string, memberId: string | null, rule: Rule): Promise<Mutation<Rule>>;
  removeRule(opId: string, memberId: string | null, id: string): Promise<Mutation<null> | null>;
  getRuleState(key: string): Promise<unknown>;
  /** Who on the team last replied in this item's thread (or to it), or null. */
  lastResponder(item: { key: string; platform: string; threadId: string | null }): Promise<string | null>;
  setRuleState(key: string, value: unknown): Promise<void>;

  // Shared views (the team's saved filters)
  listViews(): Promise<StoredViews>;
  /** Creates or replaces the shared view with this id; `ownerId` is kept from the first save. */
  saveView(opId: string, memberId: string | null, view: View): Promise<Mutation<View>>;
  /** Null when there is no such view. */
  removeView(opId: string, memberId: string | null, id: string): Promise<Mutation<null> | null>;

  // Saved replies (saved-replies-repo.ts). Refusals are SavedReplyError, in plain words.
  /** The shared replies and this member's personal ones, by folder then title; unreadable rows reported. */
  listSavedReplies(memberId: string | null): Promise<StoredReplies>;
  /** Whose a reply is (its row, readable or not); null when there is no such reply. */
  savedReplyOwner(id: string): Promise<{ scope: ReplyScope; ownerId: string | null } | null>;
  /** Creates or replaces a reply; keeps its first owner; refuses a scope change and a teammate's personal reply. */
  saveSavedReply(opId: string, memberId: string | null, reply: SavedReplyFields): Promise<Mutation<SavedReply>>;
  /** A shared reply or the member's own personal one; null when there is none such. */
  removeSavedReply(opId: string, memberId: string | null, id: string): Promise<Mutation<null> | null>;
  /** All or nothing, one op; personal replies are the importer's. */
  importSavedReplies(
    opId: string,
    memberId: string | null,
    replies: readonly SavedReplyFields[],
  ): Promise<Mutation<ImportCounts>>;
  /** Appends `reply.used` (about `use.itemKey`) and indexes it per reply id. */
  recordReplyUse(opId: string, memberId: string | null, use: NewReplyUse): Promise<Mutation<ReplyUse>>;
  /** Uses per reply id, the whole team's, ever. */
  replyUsage(): Promise<Record<string, number>>;
  /** The team's uses of the last 24 hours, newest first, at most 5000. */
  recentReplyUses(): Promise<ReplyUse[]>;
  /** DEFAULT_REPLY_SETTINGS until saved. */
  getReplySettings(): Promise<ReplySettings>;
  saveReplySettings(opId: string, memberId: string | null, settings: ReplySettings): Promise<Mutation<ReplySettings>>;

  // Sweeps (sweeps-repo.ts)
  /** The team's sweep settings as stored (`{}`: nothing written, every platform off), and what could not be read. */
  getSweepSettings(): Promise<StoredSweepSettings>;
  /** `update` runs in the transaction on what is stored; appends `sweeps.settings_saved`. */
  saveSweepSettings(
    opId: string,
    memberId: string | null,
    update: (current: StoredSweepSettings) => SweepSettingsByPlatform,
  ): Promise<Mutation<SweepSettingsByPlatform>>;
  /** The dispatcher's state as last recorded; `unreadable` says why it could not be read (it starts afresh). */
  getSweepState(): Promise<{ state: SweepState | null; unreadable: string | null }>;
  /** State, log rows and item events (edits, deletions) in one transaction; the item events appended. */
  recordSweep(rec: SweepRecord): Promise<{ event: LogEvent; item: Item | null }[]>;
  listSweepLog(q?: SweepLogQuery): Promise<SweepLogEntry[]>;
  /** Successful sweeps with since <= at <= until, oldest first (coverage: one indexed query). */
  listSweepSuccesses(q: { since: string; until: string }): Promise<{ targetId: string; at: string }[]>;

  // Live views (live-views-repo.ts)
  /** A `sweeps.viewed` heartbeat: extends the member's latest span of that page, or starts one. */
  recordLiveView(beat: LiveViewBeatRecord): Promise<{ span: LiveViewSpan; extended: boolean }>;
  /** Every member's live-view spans overlapping [since, until) (coverage: one indexed query). */
  listLiveViews(q: { since: string; until: string }): Promise<LiveViewSpan[]>;
}
