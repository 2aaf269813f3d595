/**
 * Messages inside the extension: content scripts and extension pages talk to
 * the background service worker (which holds the only WebSocket) with
 * `browser.runtime.sendMessage` (request → reply) and long-lived ports
 * (`browser.runtime.connect({ name: PORT_NAMES.live })`) for pushes.
 * Every message is parsed with these schemas on the receiving side.
 */
import { z } from 'zod';
import {
  CapturedItem,
  HttpUrl,
  IsoTime,
  Item,
  ItemKey,
  ItemStatus,
  type ItemKind,
  LIMITS,
  Platform,
  Priority,
  Profile,
  TagInfo,
  TagName,
} from '../../shared/model';
import { MemberWithAccess } from '../../shared/permissions';
import { Presence, PresenceState } from '../../shared/protocol';
import { SelectorOverrides } from '../../shared/selectors';
import { ReplySettings, ReplyUse, SavedReply, SavedReplyId } from '../../shared/replies/saved-reply';
import {
  LiveViewBeat,
  SWEEP_MAX_LANES,
  SWEEP_MESSAGE_MAX,
  SWEEP_MAX_SEEN,
  SweepJobId,
  SweepKind,
  SweepReportOutcome,
  SweepSeen,
} from '../../shared/sweeps';

export const ConnectionStatus = z.enum([
  'unpaired', // no key yet: open the options page and pair
  'connecting',
  'connected',
  'offline', // companion not reachable; changes wait in the outbox
  'auth_failed', // the key was refused (revoked, or another companion on the port)
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const SiteSettings = z.record(Platform, z.boolean());
export type SiteSettings = z.infer<typeof SiteSettings>;

/**
 * The capture policy per site: which inbound items reach the team by
 * themselves. `comments`: comments and replies on our profiles' posts;
 * `mentions`: mentions of our profiles; `dms`: messages in our inbox.
 * Anything else is captured only by hand.
 */
export const POLICY_CATEGORIES = ['comments', 'mentions', 'dms'] as const;
export const PolicyCategory = z.enum(POLICY_CATEGORIES);
export type PolicyCategory = z.infer<typeof PolicyCategory>;
export const SitePolicy = z.object({ comments: z.boolean(), mentions: z.boolean(), dms: z.boolean() });
export type SitePolicy = z.infer<typeof SitePolicy>;
export const CapturePolicy = z.record(Platform, SitePolicy);
export type CapturePolicy = z.infer<typeof CapturePolicy>;

/** Which policy category an item kind falls under. */
export function policyCategoryOf(kind: ItemKind): PolicyCategory {
  return kind === 'mention' ? 'mentions' : kind === 'dm' ? 'dms' : 'comments';
}

/**
 * A tag as the extension caches it (from `tags.list` and the tag events), for
 * pickers and colours: the few fields they need, not the whole TagInfo.
 */
export const CachedTag = TagInfo.pick({ id: true, name: true, color: true, archived: true, lastUsedAt: true });
export type CachedTag = z.infer<typeof CachedTag>;

export const ExtensionState = z.object({
  status: ConnectionStatus,
  /** Plain-words detail for the popup ("Companion not running — start it with …"). */
  detail: z.string().nullable(),
  port: z.number().int(),
  outbox: z.number().int().nonnegative(),
  /** Who this browser is paired as; `permissions`/`networks` when the companion said (else the role's, see accessOf). */
  member: MemberWithAccess.nullable(),
  companionId: z.string().nullable(),
  sites: SiteSettings,
  policy: CapturePolicy,
  profiles: z.array(Profile),
  lastSeq: z.number().int().nonnegative(),
  /** The team, for assignee pickers (from members.list; empty until connected once). */
  members: z.array(MemberWithAccess),
  /** Selector overrides served by the companion (selectors.get), cached for offline pages. */
  selectors: SelectorOverrides,
  /** Goes up when a teammate saves or removes a shared view: pages reload them (views.list). */
  viewsVersion: z.number().int().nonnegative().default(0),
  /**
   * Goes up when the saved-reply library changes (a reply saved or removed, a use recorded, the
   * settings changed): pages ask again with `replies.get`.
   */
  repliesVersion: z.number().int().nonnegative().default(0),
  /**
   * Sweeps in this browser: `enabled` is this browser's own switch (Options; on by default — the
   * team still opts in per platform); `running` is the job in its background tab now, if any;
   * `notices` are the companion's latest sweep notices (leads and admins), newest first.
   */
  sweeps: z
    .object({
      enabled: z.boolean(),
      running: z.object({ jobId: z.string(), targetId: z.string(), startedAt: IsoTime }).nullable(),
      notices: z
        .array(z.object({ kind: z.string().max(32), message: z.string().max(500), targetId: z.string(), at: IsoTime }))
        .max(20),
    })
    .default({ enabled: true, running: null, notices: [] }),
  /** The team's tags (tags.list and tag events), most recently used first; absent before the first connect. */
  tags: z.array(CachedTag).max(5000).optional(),
});
export type ExtensionState = z.infer<typeof ExtensionState>;

/** Our reply seen in a thread (see the protocol's item.reply). */
export const ReplySeen = z.object({
  nativeId: z.string().min(1).max(LIMITS.nativeId),
  profile: z.string().max(LIMITS.handle).nullable(),
  permalink: HttpUrl.nullable(),
  siteTimestamp: IsoTime.nullable(),
  source: z.enum(['native', 'saved-reply']),
});
export type ReplySeen = z.infer<typeof ReplySeen>;

/** What a content script found on its page: `unreadable` when the page should hold items and it found none. */
export const PageHealth = z.object({
  platform: Platform,
  page: z.string().min(1).max(64),
  status: z.enum(['ok', 'unreadable']),
  found: z.number().int().nonnegative().max(100_000),
});
export type PageHealth = z.infer<typeof PageHealth>;

/**
 * Companion requests an extension page may make directly (online only: team
 * settings such as rules, tags and members are not queued in the outbox).
 * The background checks the payload against the protocol's schema first and
 * adds an `opId` when the request needs one.
 */
export const PAGE_COMPANION_REQUESTS = [
  'members.list',
  'member.update',
  'tags.list',
  'tag.create',
  'tag.update',
  'tag.rename',
  'tag.merge',
  'rules.list',
  'rule.save',
  'rule.delete',
  'rules.backtest',
  'rules.import',
  'rules.export',
  'views.list',
  'view.save',
  'view.delete',
  'replies.list',
  'reply.save',
  'reply.delete',
  'replies.import',
  'replies.settings.set',
  'sweeps.status',
  'sweeps.coverage',
  'sweeps.settings.get',
  'sweeps.settings.set',
  'sweep.resume',
] as const;
export const PageCompanionRequest = z.enum(PAGE_COMPANION_REQUESTS);
export type PageCompanionRequest = z.infer<typeof PageCompanionRequest>;

/**
 * The saved-reply library as the background keeps it (from `replies.list`, cached so pickers
 * and shortcuts work offline): `recent` includes this browser's uses still in the outbox.
 * `fetchedAt`: when the companion last answered (null: never; the library is empty).
 */
export const ReplyLibrary = z.object({
  replies: z.array(SavedReply),
  usage: z.record(z.string(), z.number().int().nonnegative()),
  recent: z.array(ReplyUse).max(5000),
  settings: ReplySettings,
  fetchedAt: IsoTime.nullable(),
});
export type ReplyLibrary = z.infer<typeof ReplyLibrary>;

/** A conversation on a message inbox list, as the adapter read it (SweepThread in sites/types.ts). */
export const SweepThreadRow = z.object({
  id: z.string().min(1).max(LIMITS.nativeId),
  url: HttpUrl,
  unread: z.boolean(),
  at: IsoTime.nullable(),
  preview: z.string().max(2000),
});
export type SweepThreadRow = z.infer<typeof SweepThreadRow>;

/** One of our posts on a profile's posts list (SweepPost in sites/types.ts). */
export const SweepPostRow = z.object({
  id: z.string().min(1).max(LIMITS.nativeId),
  url: HttpUrl,
  at: IsoTime.nullable(),
  pinned: z.boolean(),
});
export type SweepPostRow = z.infer<typeof SweepPostRow>;

/**
 * What the background tells a sweep tab's content script (BgRequest `sweep.tab`): which job and
 * which lane this page is, and how far it may go. A tab that is not a sweep tab gets null.
 */
export const SweepTabInfo = z.object({
  jobId: SweepJobId,
  platform: Platform,
  profile: z.string().min(1).max(LIMITS.handle),
  kind: SweepKind,
  /**
   * What this page is to the job: `list` (the notifications list, the message inbox list, or
   * the profile's posts list) or `thread` (one conversation, or one own post's comments).
   */
  step: z.enum(['list', 'thread']),
  /** '' for the notifications or message list; the post's (or conversation's) id for a thread. */
  lane: z.string().max(LIMITS.nativeId),
  /** A thread: its lane id, which its items carry as `postId`; else null. */
  postId: z.string().max(LIMITS.nativeId).nullable(),
  /** "Show more replies"-type expansions this page may click, at most. */
  maxReplyExpansions: z.number().int().min(0).max(50),
});
export type SweepTabInfo = z.infer<typeof SweepTabInfo>;

/** What a sweep tab's content script read on its page (BgRequest `sweep.page`). */
export const SweepPageResult = z.object({
  jobId: SweepJobId,
  outcome: SweepReportOutcome,
  /** Every item read on the page (captured or already known). */
  seen: z.array(SweepSeen).max(SWEEP_MAX_SEEN),
  /** The page was read to its end (scrolled to the bottom, nothing more loaded, no expander left). */
  complete: z.boolean(),
  /** Items this page handed to the capture path that the extension did not hold yet. */
  capturedCount: z.number().int().min(0).max(100_000),
  message: z.string().max(SWEEP_MESSAGE_MAX).nullable(),
  /** The message inbox list: its conversations, in list order (the agent opens those with something new). */
  threads: z
    .array(SweepThreadRow)
    .max(SWEEP_MAX_LANES * 4)
    .default([]),
  /** The profile's posts list: our posts on it, in page order (the agent opens the newest). */
  posts: z
    .array(SweepPostRow)
    .max(SWEEP_MAX_LANES * 4)
    .default([]),
});
export type SweepPageResult = z.infer<typeof SweepPageResult>;

/** Requests to the background, sent with runtime.sendMessage. */
export const BgRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state.get') }),
  z.object({ type: z.literal('capture'), item: CapturedItem }),
  z.object({
    type: z.literal('item.update'),
    key: ItemKey,
    status: ItemStatus.optional(),
    priority: Priority.optional(),
    assigneeId: z.string().nullable().optional(),
    addTags: z.array(TagName).max(20).optional(),
    removeTags: z.array(TagName).max(20).optional(),
  }),
  z.object({ type: z.literal('item.reply'), key: ItemKey, reply: ReplySeen }),
  /** The saved-reply library (ReplyLibrary): cached, refreshed from the companion when connected. */
  z.object({ type: z.literal('replies.get') }),
  /** Saved replies were inserted into a reply to `key`: queued in the outbox as `reply.used`. */
  z.object({
    type: z.literal('reply.used'),
    key: ItemKey,
    platform: Platform,
    replyIds: z.array(SavedReplyId).min(1).max(10),
    at: IsoTime,
  }),
  /** This browser's sweep switch (Options): off advertises `busy`, so the companion sends it no jobs. */
  z.object({ type: z.literal('sweeps.enable'), enabled: z.boolean() }),
  /**
   * A content script saw the user signed in to `handle` on a page a person opened (never from a
   * sweep tab: the background ignores those). Feeds `sweeps.advertise`.
   */
  z.object({ type: z.literal('signed-in'), platform: Platform, handle: z.string().trim().min(1).max(LIMITS.handle) }),
  /**
   * Live view (coverage): our profile's notifications or inbox list is in view on a page a person
   * opened (never from a sweep tab: the background ignores those). Sent about once a minute while
   * in view; forwarded as `sweeps.viewed`, throttled, dropped offline.
   */
  z.object({ type: z.literal('live-view'), beat: LiveViewBeat }),
  /** Is the sender's tab a sweep tab? `{ ok, sweep: SweepTabInfo | null }`. */
  z.object({ type: z.literal('sweep.tab') }),
  /** A sweep tab's content script finished reading its page. */
  z.object({ type: z.literal('sweep.page'), result: SweepPageResult }),
  z.object({ type: z.literal('health'), report: PageHealth }),
  z.object({ type: z.literal('health.get') }),
  z.object({ type: z.literal('companion'), request: PageCompanionRequest, payload: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('items.get'), keys: z.array(ItemKey).max(2000) }),
  z.object({ type: z.literal('items.list') }),
  z.object({
    type: z.literal('pair'),
    code: z.string().min(1).max(32),
    memberName: z.string().trim().min(1).max(80),
    port: z.number().int().min(1).max(65535),
  }),
  z.object({ type: z.literal('unpair') }),
  z.object({ type: z.literal('port.set'), port: z.number().int().min(1).max(65535) }),
  z.object({ type: z.literal('sites.set'), platform: Platform, enabled: z.boolean() }),
  z.object({ type: z.literal('policy.set'), platform: Platform, category: PolicyCategory, enabled: z.boolean() }),
  z.object({ type: z.literal('profile.save'), platform: Platform, handle: z.string().trim().min(1).max(128) }),
  z.object({ type: z.literal('profile.remove'), id: z.string().max(64) }),
  /** Navigate the tab the user is on; with `key`, the page then scrolls to that item and highlights it. */
  z.object({ type: z.literal('open'), url: z.url({ protocol: /^https?$/ }), key: ItemKey.optional() }),
  z.object({ type: z.literal('sidepanel.open') }),
  /**
   * What the user is doing on an item on this page (viewing it, typing a reply), relayed to
   * the team as presence. Never queued: presence is only worth knowing now. A content
   * script re-sends a state that holds at least every 20 s; the background forgets it otherwise.
   */
  z.object({ type: z.literal('presence.set'), itemKey: ItemKey, state: PresenceState }),
]);
export type BgRequest = z.infer<typeof BgRequest>;

/** Every reply is `{ ok: true, ... }` or `{ ok: false, error }` with a plain-words message. */
export type BgReply<T = object> = ({ ok: true } & T) | { ok: false; error: string };

export const PORT_NAMES = { live: 'inlay-live' } as const;

/** Sent by the background to a tab's content script (tabs.sendMessage). */
export const TabMessage = z.discriminatedUnion('type', [
  /** Scroll to this item and highlight it (after "open on site" from the side panel). */
  z.object({ type: z.literal('focus'), key: ItemKey }),
]);
export type TabMessage = z.infer<typeof TabMessage>;

/** Pushed by the background on a `live` port. */
export const BgPush = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: ExtensionState }),
  /** Full list, sent when a port connects and after a resync. */
  z.object({ type: z.literal('items'), items: z.array(Item) }),
  /** One item changed. */
  z.object({ type: z.literal('item'), item: Item }),
  /** Teammates viewing or typing on items now (never this member, never idle); the whole list each time. */
  z.object({ type: z.literal('presence'), entries: z.array(Presence).max(2000) }),
  /** The companion refused a change for good (its plain-words reason); the item is as the companion has it. */
  z.object({ type: z.literal('refused'), key: ItemKey, error: z.string().max(1000) }),
]);
export type BgPush = z.infer<typeof BgPush>;
