/**
 * The domain model shared by the extension and the companion.
 * Everything that crosses a boundary (page → extension → companion → store)
 * is parsed with these schemas. Captured text is hostile: it is bounded here
 * and rendered only as text everywhere else.
 */
import { z } from 'zod';

export const PLATFORMS = ['x', 'linkedin', 'youtube', 'instagram', 'facebook', 'tiktok', 'reddit'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

export const ITEM_KINDS = ['comment', 'reply', 'mention', 'dm', 'post'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;

export const ITEM_STATUSES = ['open', 'pending', 'done'] as const;
export const ItemStatus = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const ROLES = ['admin', 'lead', 'agent', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Limits on captured data; anything larger is refused at the edge. */
export const LIMITS = {
  nativeId: 256,
  handle: 128,
  name: 256,
  url: 2048,
  text: 20_000,
  tag: 80,
  memberName: 80,
} as const;

/** An ISO-8601 timestamp with offset, as produced by Date#toISOString. */
export const IsoTime = z.iso.datetime({ offset: true });

/** Only http(s) URLs are stored; `javascript:` and friends never reach a link. */
export const HttpUrl = z.url({ protocol: /^https?$/ }).max(LIMITS.url);

/** `platform:nativeId`, the item's key everywhere. */
export const ItemKey = z
  .string()
  .min(3)
  .max(LIMITS.nativeId + 16)
  .regex(/^(x|linkedin|youtube|instagram|facebook|tiktok|reddit):.+$/);
export type ItemKey = z.infer<typeof ItemKey>;

export function itemKey(platform: Platform, nativeId: string): ItemKey {
  return `${platform}:${nativeId}`;
}

export const Author = z.object({
  handle: z.string().max(LIMITS.handle).nullable(),
  name: z.string().max(LIMITS.name).nullable(),
  url: HttpUrl.nullable(),
  verified: z.boolean().optional(),
  followers: z.number().int().nonnegative().nullable().optional(),
});
export type Author = z.infer<typeof Author>;

/** What an adapter extracts from the page: the item as the site shows it. */
export const CapturedItem = z.object({
  platform: Platform,
  nativeId: z.string().min(1).max(LIMITS.nativeId),
  kind: ItemKind,
  /** Which of our profiles it reached (our handle on that platform), if known. */
  profile: z.string().max(LIMITS.handle).nullable(),
  author: Author,
  text: z.string().max(LIMITS.text),
  permalink: HttpUrl,
  /** When the site says it was posted. */
  siteTimestamp: IsoTime.nullable(),
  parentId: z.string().max(LIMITS.nativeId).nullable(),
  threadId: z.string().max(LIMITS.nativeId).nullable(),
  lang: z.string().max(16).nullable().optional(),
});
export type CapturedItem = z.infer<typeof CapturedItem>;

/** The current-state projection of an item (built from the event log). */
export const Item = CapturedItem.extend({
  key: ItemKey,
  capturedAt: IsoTime,
  capturedBy: z.string().nullable(),
  status: ItemStatus,
  priority: Priority,
  tags: z.array(z.string().max(LIMITS.tag)),
  assigneeId: z.string().nullable(),
  /** When our first reply to it was seen (the site's time where it showed one); null while unanswered. */
  repliedAt: IsoTime.nullable().default(null),
  /** A snoozed (pending) item wakes up (open again) at this time; null when not snoozed. */
  snoozedUntil: IsoTime.nullable().default(null),
  /** Saved replies inbox rules suggested for it, in the order they did (the picker lists them first). */
  suggestedReplies: z
    .array(z.object({ id: z.string().max(64), ruleName: z.string().max(200).nullable() }))
    .max(20)
    .default([]),
  /**
   * When a sweep found the item gone from the site (deleted, or hidden from
   * us); absent while it is there. Optional rather than defaulted, so Items
   * built by code that predates it stay valid.
   */
  goneAt: IsoTime.optional(),
  updatedAt: IsoTime,
  /** seq of the last event that changed this item. */
  seq: z.number().int().nonnegative(),
});
export type Item = z.infer<typeof Item>;

export const Member = z.object({
  id: z.string(),
  name: z.string().min(1).max(LIMITS.memberName),
  role: Role,
  createdAt: IsoTime,
});
export type Member = z.infer<typeof Member>;

/** One of our own accounts on a platform. */
export const Profile = z.object({
  id: z.string(),
  platform: Platform,
  handle: z.string().min(1).max(LIMITS.handle),
  displayName: z.string().max(LIMITS.name).nullable(),
});
export type Profile = z.infer<typeof Profile>;

export const Tag = z.object({
  id: z.string(),
  /** `Category - reason`, e.g. `CS - late delivery`. */
  name: z.string().min(1).max(LIMITS.tag),
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  description: z.string().max(500).nullable(),
  archived: z.boolean(),
});
export type Tag = z.infer<typeof Tag>;

/**
 * A tag as `tags.list` and the tag requests return it: the Tag plus what the
 * pickers and reports need. `aliases` are the names that also mean this tag
 * (its former names, and the names of tags merged into it): a name, once
 * used, always means the same tag.
 */
export const TagInfo = Tag.extend({
  /** From the `Category - reason` convention; null for a category-less name. */
  category: z.string().nullable(),
  reason: z.string(),
  aliases: z.array(z.string().max(LIMITS.tag)),
  /** How many items carry it now. */
  usage: z.number().int().nonnegative(),
  /** When it was last applied to an item (for "recent first"); null if never. */
  lastUsedAt: IsoTime.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type TagInfo = z.infer<typeof TagInfo>;

/** A tag name as applied to an item: trimmed, inner spaces collapsed, never empty. */
export const TagName = z
  .string()
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1).max(LIMITS.tag));

/**
 * Which inbox rule made a change, and why, in words the UI can show
 * ("text contains “krossat”"). Changes made by people carry none.
 */
export const RuleCause = z.object({
  id: z.string().max(128),
  name: z.string().max(200),
  because: z.array(z.string().max(300)).max(20),
});
export type RuleCause = z.infer<typeof RuleCause>;

/** What changed, as recorded in the append-only event log. */
export const EventData = z.discriminatedUnion('type', [
  z.object({ type: z.literal('item.captured'), item: CapturedItem }),
  z.object({
    type: z.literal('item.status_changed'),
    from: ItemStatus,
    to: ItemStatus,
    /** With `to: pending`: snoozed until then. */
    until: IsoTime.optional(),
    rule: RuleCause.optional(),
  }),
  z.object({ type: z.literal('item.priority_changed'), from: Priority, to: Priority, rule: RuleCause.optional() }),
  z.object({
    type: z.literal('item.assigned'),
    from: z.string().nullable(),
    to: z.string().nullable(),
    rule: RuleCause.optional(),
  }),
  z.object({
    type: z.literal('item.tagged'),
    tag: z.string().max(LIMITS.tag),
    by: z.string(),
    rule: RuleCause.optional(),
  }),
  z.object({
    type: z.literal('item.untagged'),
    tag: z.string().max(LIMITS.tag),
    by: z.string(),
    rule: RuleCause.optional(),
  }),
  z.object({ type: z.literal('rule.saved'), ruleId: z.string().max(128), name: z.string().max(200) }),
  z.object({ type: z.literal('rule.removed'), ruleId: z.string().max(128) }),
  /** A shared view (a team's saved filter) was created or replaced; reload with `views.list`. */
  z.object({ type: z.literal('view.saved'), viewId: z.string().max(128), name: z.string().max(200) }),
  z.object({ type: z.literal('view.removed'), viewId: z.string().max(128) }),
  z.object({
    type: z.literal('item.replied'),
    /** Our reply as the site shows it; `memberId` of the event is who was at the keyboard. */
    reply: z.object({
      nativeId: z.string().min(1).max(LIMITS.nativeId),
      profile: z.string().max(LIMITS.handle).nullable(),
      permalink: HttpUrl.nullable(),
      siteTimestamp: IsoTime.nullable(),
      /** `native`: typed on the site; `saved-reply`: an Inlay saved reply was inserted first. */
      source: z.enum(['native', 'saved-reply']),
    }),
  }),
  /** Inbox rule `rule` suggests these saved replies for the item (added to `suggestedReplies`, once each). */
  z.object({
    type: z.literal('item.replies_suggested'),
    replyIds: z.array(z.string().max(64)).min(1).max(20),
    rule: RuleCause,
  }),
  /** A saved reply was created or replaced (reload with `replies.list`); personal ones say only whose. */
  z.object({
    type: z.literal('reply.saved'),
    replyId: z.string().max(64),
    scope: z.enum(['shared', 'personal']),
    ownerId: z.string().nullable(),
  }),
  z.object({
    type: z.literal('reply.removed'),
    replyId: z.string().max(64),
    scope: z.enum(['shared', 'personal']),
    ownerId: z.string().nullable(),
  }),
  /**
   * Saved replies were inserted into a reply to the item (`itemKey` of the event; several when
   * combined), by the event's member: what reports count, and what the repetition guardrail reads.
   */
  z.object({
    type: z.literal('reply.used'),
    replyIds: z.array(z.string().max(64)).min(1).max(10),
    platform: Platform,
    /** When the replies were inserted (the outbox may deliver the use later than that); never after the event. */
    usedAt: IsoTime.optional(),
  }),
  /** The team's saved-reply settings changed (brand name, repetition guardrail). */
  z.object({
    type: z.literal('replies.settings_saved'),
    brand: z.string().max(80).nullable(),
    guardrail: z.object({ uses: z.number().int(), minutes: z.number().int() }),
  }),
  /**
   * A sweep saw the item's text changed on the site: hashes (sweepTextHash) of
   * the text the previous sweep saw and of the text now. The item keeps the text
   * it was captured with; the log says it changed.
   */
  z.object({
    type: z.literal('item.edited'),
    via: z.literal('sweep'),
    previousHash: z.string().min(1).max(128),
    hash: z.string().min(1).max(128),
  }),
  /** A sweep did not find the item where it must have seen it (companion/sweeps/watermark.ts); the item's `goneAt` is set. */
  z.object({ type: z.literal('item.deleted'), via: z.literal('sweep') }),
  /** The team's sweep settings changed; `enabled` lists the platforms swept now. Reload with `sweeps.settings.get`. */
  z.object({ type: z.literal('sweeps.settings_saved'), enabled: z.array(Platform) }),
  z.object({ type: z.literal('member.joined'), member: Member }),
  /** An admin changed a member's role or networks; `member` and `networks` are as they are now. */
  z.object({ type: z.literal('member.updated'), member: Member, networks: z.array(Platform) }),
  z.object({ type: z.literal('tag.created'), tag: Tag }),
  /** Colour, description or archived changed; `tag` is the tag after the change. */
  z.object({ type: z.literal('tag.updated'), tag: Tag }),
  /** Items that carried `from` carry `to` from this event on; `from` keeps meaning this tag in older events. */
  z.object({
    type: z.literal('tag.renamed'),
    tagId: z.string(),
    from: z.string().max(LIMITS.tag),
    to: z.string().max(LIMITS.tag),
  }),
  /** Tag `tagId` (`from`) was merged into `intoId` (`into`): items carry `into` instead, once. */
  z.object({
    type: z.literal('tag.merged'),
    tagId: z.string(),
    from: z.string().max(LIMITS.tag),
    intoId: z.string(),
    into: z.string().max(LIMITS.tag),
  }),
  z.object({ type: z.literal('profile.saved'), profile: Profile }),
  z.object({ type: z.literal('profile.removed'), profileId: z.string() }),
]);
export type EventData = z.infer<typeof EventData>;
export type EventType = EventData['type'];

export const LogEvent = z.object({
  seq: z.number().int().positive(),
  id: z.string(),
  opId: z.string().nullable(),
  at: IsoTime,
  memberId: z.string().nullable(),
  itemKey: ItemKey.nullable(),
  data: EventData,
});
export type LogEvent = z.infer<typeof LogEvent>;
