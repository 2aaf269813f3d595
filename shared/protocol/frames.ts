/**
 * Wire frames. Every frame is one JSON text message.
 *
 *   request  (client → companion)  { v, id, type, payload }
 *   response (companion → client)  { v, id, ok: true, result } | { v, id, ok: false, error }
 *   push     (companion → client)  { v, type: 'event', seq, payload: { event, item } }
 *                                  { v, type: 'presence', payload: Presence }   (ephemeral: no seq)
 *                                  { v, type: 'alert', payload }                 (a rule's alert; ephemeral)
 *                                  { v, type: 'sweep.job', payload: { job } }    (to exactly one session)
 *                                  { v, type: 'notice', payload }                (sweep notices to leads and admins)
 *
 * docs/protocol.md is the prose version of this file.
 */
import { z } from 'zod';
import {
  CapturedItem,
  HttpUrl,
  IsoTime,
  Item,
  ItemKey,
  ItemStatus,
  LIMITS,
  LogEvent,
  Member,
  Platform,
  Priority,
  Profile,
  Role,
  TagInfo,
  TagName,
} from '../model.js';
import { MemberWithAccess } from '../permissions.js';
import { TagColor } from '../tags.js';
import { SelectorOverrides } from '../selectors.js';
import { BackTestReport, Rule, RuleId } from '../rules/index.js';
import { View } from '../views.js';
import { ReplySettings, ReplyUse, SavedReply, SavedReplyId, SavedReplyInput } from '../replies/saved-reply.js';
import {
  SWEEP_COVERAGE_DEFAULT_DAYS,
  SWEEP_COVERAGE_MAX_DAYS,
  LiveViewBeat,
  SignedInProfile,
  SweepCoverage,
  SweepJob,
  SweepJobId,
  SweepPauseReason,
  SweepReport,
  SweepSettingsByPlatform,
  SweepStatus,
  SweepTarget,
} from '../sweeps.js';
import { ProtocolError } from './errors.js';
import { PROTOCOL_VERSION } from './version.js';

/** 32 random bytes, base64url without padding (43 characters). */
export const Nonce = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** HMAC-SHA256, base64url without padding (43 characters). */
export const Proof = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** The 256-bit client key, base64url without padding. */
export const SecretKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** Client-made idempotency key of a mutation. */
export const OpId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const RequestId = z.string().min(1).max(64);

const Version = z.literal(PROTOCOL_VERSION);

const Seq = z.number().int().nonnegative();
const TagId = z.string().min(1).max(64);
/** A tag's description: trimmed; empty means none. */
const TagDescription = z
  .string()
  .max(500)
  .transform((s) => s.trim() || null)
  .nullable();

/** What a teammate is doing on an item right now. `idle`: nothing (they left, or their entry expired). */
export const PRESENCE_STATES = ['viewing', 'typing', 'idle'] as const;
export const PresenceState = z.enum(PRESENCE_STATES);
export type PresenceState = z.infer<typeof PresenceState>;

/** One member's presence on one item; ephemeral, never in the event log. */
export const Presence = z.object({
  memberId: z.string(),
  name: z.string().max(LIMITS.memberName),
  itemKey: ItemKey,
  state: PresenceState,
  /** When the companion last heard it (or, for `idle`, when it ended). */
  at: IsoTime,
});
export type Presence = z.infer<typeof Presence>;

/** Each request type with its payload and result schema. */
export const REQUESTS = {
  hello: {
    payload: z.object({
      protocols: z.array(z.number().int().positive()).min(1).max(16),
      clientNonce: Nonce,
      client: z.object({ name: z.string().max(64), version: z.string().max(32) }),
    }),
    result: z.object({
      protocol: z.number().int().positive(),
      serverNonce: Nonce,
      companionId: z.string(),
      companionVersion: z.string(),
    }),
  },
  pair: {
    payload: z.object({
      /** HMAC(code, `inlay/v1/pair-client|${serverNonce}|${clientNonce}`); the code itself never travels. */
      proof: Proof,
      memberName: z.string().trim().min(1).max(LIMITS.memberName),
    }),
    result: z.object({
      keyId: z.string(),
      key: SecretKey,
      member: Member,
      /** HMAC(code, `inlay/v1/pair-server|${clientNonce}|${serverNonce}|${keyId}`): the companion knew the code too. */
      serverProof: Proof,
    }),
  },
  auth: {
    payload: z.object({
      keyId: z.string().min(1).max(64),
      /** HMAC(key, `inlay/v1/client|${serverNonce}|${clientNonce}`). */
      proof: Proof,
    }),
    result: z.object({
      /** HMAC(key, `inlay/v1/server|${clientNonce}|${serverNonce}`): verify before sending anything else. */
      serverProof: Proof,
      member: Member,
    }),
  },
  heartbeat: {
    payload: z.object({}).strict(),
    result: z.object({ now: z.string() }),
  },
  /** The authenticated member, with their networks and effective permissions. */
  me: {
    payload: z.object({}).strict(),
    result: z.object({ member: MemberWithAccess }),
  },
  subscribe: {
    payload: z.object({ sinceSeq: z.number().int().nonnegative() }),
    result: z.object({
      headSeq: z.number().int().nonnegative(),
      events: z.array(z.object({ event: LogEvent, item: Item.nullable() })),
      /** More than the catch-up limit was missed: reload with items.list. */
      truncated: z.boolean(),
    }),
  },
  'items.list': {
    payload: z.object({
      limit: z.number().int().positive().max(5000).optional(),
      status: ItemStatus.optional(),
    }),
    result: z.object({ items: z.array(Item), headSeq: z.number().int().nonnegative() }),
  },
  'item.capture': {
    payload: z.object({ opId: OpId, item: CapturedItem }),
    result: z.object({ item: Item, seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  'item.update': {
    payload: z
      .object({
        opId: OpId,
        key: ItemKey,
        status: ItemStatus.optional(),
        priority: Priority.optional(),
        assigneeId: z.string().max(64).nullable().optional(),
        /** With `status: 'pending'`: the item wakes up (open again) at this time. */
        snoozeUntil: IsoTime.optional(),
        addTags: z.array(TagName).max(20).optional(),
        removeTags: z.array(TagName).max(20).optional(),
      })
      .refine(
        (p) =>
          p.status !== undefined ||
          p.priority !== undefined ||
          p.assigneeId !== undefined ||
          (p.addTags?.length ?? 0) > 0 ||
          (p.removeTags?.length ?? 0) > 0,
        { message: 'nothing to update' },
      ),
    result: z.object({ item: Item, seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  /**
   * Our reply to an item was seen in its thread (typed natively, or after an
   * Inlay saved reply was inserted). Recorded once per reply id and item,
   * whichever teammate's browser saw it first; `duplicate` otherwise.
   */
  'item.reply': {
    payload: z.object({
      opId: OpId,
      key: ItemKey,
      reply: z.object({
        nativeId: z.string().min(1).max(LIMITS.nativeId),
        profile: z.string().max(LIMITS.handle).nullable(),
        permalink: HttpUrl.nullable(),
        siteTimestamp: IsoTime.nullable(),
        source: z.enum(['native', 'saved-reply']),
      }),
    }),
    result: z.object({ item: Item, seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  /** An adapter's health on a page: `unreadable` when it expected items and found none. Logged by the companion. */
  'health.report': {
    payload: z.object({
      platform: Platform,
      page: z.string().min(1).max(64),
      status: z.enum(['ok', 'unreadable']),
      found: z.number().int().nonnegative().max(100_000),
    }),
    result: z.object({ recorded: z.boolean() }),
  },
  /** Selector overrides the companion serves (its data folder's selectors.json); `{}` when there are none. */
  'selectors.get': {
    payload: z.object({}).strict(),
    result: z.object({ overrides: SelectorOverrides, version: z.string().max(64) }),
  },
  /** The team's inbox rules, in the order they run, and rows that could not be read. */
  'rules.list': {
    payload: z.object({}).strict(),
    result: z.object({
      rules: z.array(Rule),
      unreadable: z.array(z.object({ id: z.string(), why: z.string() })),
    }),
  },
  /** Create or replace a rule (by id). Needs `rules.edit`. */
  'rule.save': {
    payload: z.object({ opId: OpId, rule: Rule }),
    result: z.object({ rule: Rule, seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  'rule.delete': {
    payload: z.object({ opId: OpId, id: RuleId }),
    result: z.object({ seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  /**
   * What rules would do on the captured history ("would tag 37, assign 12"),
   * without changing anything: the given rules (a draft), or the stored ones.
   */
  'rules.backtest': {
    payload: z.object({
      rules: z.array(Rule).max(1000).optional(),
      limit: z.number().int().positive().max(50_000).optional(),
    }),
    result: z.object({ report: BackTestReport }),
  },
  /** Import a rules file (the export format); every rule in it is saved, or none is. Needs `rules.edit`. */
  'rules.import': {
    payload: z.object({ opId: OpId, text: z.string().max(2_000_000) }),
    result: z.object({ saved: z.number().int().nonnegative(), errors: z.array(z.string()) }),
  },
  /** The rules as a file to keep or share (the import format). */
  'rules.export': {
    payload: z.object({}).strict(),
    result: z.object({ text: z.string() }),
  },
  /** The team's shared views (saved filters), by name. */
  'views.list': {
    payload: z.object({}).strict(),
    result: z.object({ views: z.array(View) }),
  },
  /**
   * Create or replace a shared view (by id; stored as `scope: 'shared'`, owned by whoever saved it
   * first). Needs `rules.edit` (team settings: leads and admins).
   */
  'view.save': {
    payload: z.object({
      opId: OpId,
      view: View.refine((v) => !v.id.startsWith('system:'), { message: 'system views cannot be saved' }),
    }),
    result: z.object({ view: View, seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  'view.delete': {
    payload: z.object({ opId: OpId, id: z.string().min(1).max(64) }),
    result: z.object({ seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  /**
   * The saved replies this member sees (the team's shared ones and their own personal ones),
   * how often each was used (by the whole team), the team's uses of the last 24 hours (for the
   * repetition guardrail) and the saved-reply settings.
   */
  'replies.list': {
    payload: z.object({}).strict(),
    result: z.object({
      replies: z.array(SavedReply),
      usage: z.record(z.string(), z.number().int().nonnegative()),
      recent: z.array(ReplyUse).max(5000),
      settings: ReplySettings,
    }),
  },
  /**
   * Create or replace a saved reply (by id). A shared reply needs `replies.editShared`; a
   * personal one only `items.edit`, and only its owner may replace it. A reply keeps its scope:
   * changing it is delete + save.
   */
  'reply.save': {
    payload: z.object({ opId: OpId, reply: SavedReplyInput }),
    result: z.object({ reply: SavedReply, seq: Seq, duplicate: z.boolean() }),
  },
  'reply.delete': {
    payload: z.object({ opId: OpId, id: SavedReplyId }),
    result: z.object({ seq: Seq, duplicate: z.boolean() }),
  },
  /**
   * Save many replies at once (an import): each replaces the reply with its id, or is added;
   * all or nothing. Shared ones need `replies.editShared`.
   */
  'replies.import': {
    payload: z.object({ opId: OpId, replies: z.array(SavedReplyInput).min(1).max(2000) }),
    result: z.object({ created: z.number().int(), updated: z.number().int(), seq: Seq, duplicate: z.boolean() }),
  },
  /** Saved replies were inserted into a reply to `itemKey` (queued in the outbox: never lost). */
  'reply.used': {
    payload: z.object({
      opId: OpId,
      itemKey: ItemKey,
      platform: Platform,
      replyIds: z.array(SavedReplyId).min(1).max(10),
      /** When it was inserted (the outbox may deliver it later). */
      at: IsoTime,
    }),
    result: z.object({ seq: Seq, duplicate: z.boolean() }),
  },
  /** Team settings for saved replies (`replies.editShared`). */
  'replies.settings.set': {
    payload: z.object({ opId: OpId, settings: ReplySettings }),
    result: z.object({ settings: ReplySettings, seq: Seq, duplicate: z.boolean() }),
  },
  'members.list': {
    payload: z.object({}).strict(),
    result: z.object({ members: z.array(MemberWithAccess) }),
  },
  /** Admins (members.manage): a member's role and the platforms they work on (empty: all). */
  'member.update': {
    payload: z
      .object({
        opId: OpId,
        id: z.string().min(1).max(64),
        role: Role.optional(),
        networks: z
          .array(Platform)
          .max(16)
          .transform((n) => [...new Set(n)])
          .optional(),
      })
      .refine((p) => p.role !== undefined || p.networks !== undefined, { message: 'nothing to update' }),
    result: z.object({ member: MemberWithAccess, seq: Seq, duplicate: z.boolean() }),
  },
  /** Every tag that was not merged away, archived ones included (`archived: true`). */
  'tags.list': {
    payload: z.object({}).strict(),
    result: z.object({ tags: z.array(TagInfo) }),
  },
  /** Leads and admins (tags.create). A name that already exists returns that tag unchanged. */
  'tag.create': {
    payload: z.object({
      opId: OpId,
      name: TagName,
      color: TagColor.optional(),
      description: TagDescription.optional(),
    }),
    result: z.object({ tag: TagInfo, seq: Seq, duplicate: z.boolean() }),
  },
  /** Leads and admins: colour, description, archive (`archived: true`) or unarchive. */
  'tag.update': {
    payload: z
      .object({
        opId: OpId,
        id: TagId,
        color: TagColor.optional(),
        description: TagDescription.optional(),
        archived: z.boolean().optional(),
      })
      .refine((p) => p.color !== undefined || p.description !== undefined || p.archived !== undefined, {
        message: 'nothing to update',
      }),
    result: z.object({ tag: TagInfo, seq: Seq, duplicate: z.boolean() }),
  },
  /** Leads and admins. Items keep the tag under its new name; the old name becomes an alias. */
  'tag.rename': {
    payload: z.object({ opId: OpId, id: TagId, name: TagName }),
    result: z.object({ tag: TagInfo, seq: Seq, duplicate: z.boolean() }),
  },
  /** Leads and admins: tag `id` disappears into tag `into`; the result is `into` after the merge. */
  'tag.merge': {
    payload: z.object({ opId: OpId, id: TagId, into: TagId }),
    result: z.object({ tag: TagInfo, seq: Seq, duplicate: z.boolean() }),
  },
  /**
   * What this connection's member is doing on an item (refresh at least every
   * 20 s; entries expire after 30 s). Relayed to every other connection as a
   * presence push when it changes. Not a mutation: no opId, nothing stored.
   */
  'presence.set': {
    payload: z.object({ itemKey: ItemKey, state: PresenceState }),
    result: z.object({ at: IsoTime, expiresAt: IsoTime }),
  },
  /** Who is viewing or typing now (every item, or one). */
  'presence.list': {
    payload: z.object({ itemKey: ItemKey.optional() }),
    result: z.object({ presence: z.array(Presence) }),
  },
  /**
   * Sweeps (docs/sweeps.md). A browser says it can run sweeps: the profiles it
   * is signed in to, as its content scripts last saw them on pages a person
   * opened (never refreshed by a sweep tab), and whether it is busy (running a
   * job, or sweeps switched off in this browser). Send after authenticating
   * and whenever either changes. The session and member are the connection's.
   */
  'sweeps.advertise': {
    payload: z.object({ signedIn: z.array(SignedInProfile).max(50), busy: z.boolean() }),
    result: z.object({ recorded: z.boolean() }),
  },
  /** A running job needs more time: its new lease, or null when this session does not hold it (give up). */
  'sweep.renew': {
    payload: z.object({ jobId: SweepJobId }),
    result: z.object({ leaseUntil: IsoTime.nullable() }),
  },
  /** A job ended, however it ended. `accepted: false`: this session no longer holds it (nothing changed). */
  'sweep.report': {
    payload: z.object({ report: SweepReport }),
    result: z.object({ accepted: z.boolean() }),
  },
  /** Every target: last successful sweep, next run, running job, pause and why; page loads per platform. */
  'sweeps.status': {
    payload: z.object({}).strict(),
    result: SweepStatus,
  },
  /**
   * Coverage (docs/sweeps.md § Coverage): per profile of each platform switched on, what share of
   * the last `days` × 24 h sweeps covered — the profile as a whole (every target covered at once)
   * and each target.
   */
  'sweeps.coverage': {
    payload: z
      .object({ days: z.number().int().min(1).max(SWEEP_COVERAGE_MAX_DAYS).default(SWEEP_COVERAGE_DEFAULT_DAYS) })
      .strict(),
    result: SweepCoverage,
  },
  /**
   * A live view (docs/sweeps.md § Coverage): a person had this list page of our profile in view, in
   * a tab they opened (never a sweep tab), for `viewedMs` up to now. Sent about once a minute while
   * it stays in view. Not a mutation of the log (no opId): a heartbeat lost is time not counted.
   * `recorded: false`: the profile is not one of ours on that platform (nothing kept).
   */
  'sweeps.viewed': {
    payload: LiveViewBeat,
    result: z.object({ recorded: z.boolean() }),
  },
  /** The team's sweep settings, for every platform (one never written has the defaults: off). */
  'sweeps.settings.get': {
    payload: z.object({}).strict(),
    result: z.object({ settings: SweepSettingsByPlatform }),
  },
  /**
   * Replaces the settings of the platforms given (each whole; fields left out take their defaults);
   * other platforms keep theirs. Team settings: `rules.edit` (leads and admins).
   */
  'sweeps.settings.set': {
    payload: z.object({
      opId: OpId,
      settings: SweepSettingsByPlatform.refine((s) => Object.keys(s).length > 0, { message: 'no platform given' }),
    }),
    result: z.object({ settings: SweepSettingsByPlatform, seq: Seq, duplicate: z.boolean() }),
  },
  /** A person fixed what paused a target: it (and the targets paused with it) run again now. */
  'sweep.resume': {
    payload: z.object({ targetId: SweepTarget.shape.id }),
    result: z.object({ resumed: z.boolean() }),
  },
  'profiles.list': {
    payload: z.object({}).strict(),
    result: z.object({ profiles: z.array(Profile) }),
  },
  'profile.save': {
    payload: z.object({
      opId: OpId,
      platform: Platform,
      handle: z.string().trim().min(1).max(LIMITS.handle),
      displayName: z.string().max(LIMITS.name).nullable().optional(),
    }),
    result: z.object({ profile: Profile, seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
  'profile.remove': {
    payload: z.object({ opId: OpId, id: z.string().max(64) }),
    result: z.object({ seq: z.number().int().nonnegative(), duplicate: z.boolean() }),
  },
} as const;

export type RequestType = keyof typeof REQUESTS;
export const REQUEST_TYPES = Object.keys(REQUESTS) as RequestType[];
/** Requests allowed before authentication. */
export const PRE_AUTH_REQUESTS: readonly RequestType[] = ['hello', 'pair', 'auth', 'heartbeat'];

export type RequestPayload<T extends RequestType> = z.infer<(typeof REQUESTS)[T]['payload']>;
export type RequestResult<T extends RequestType> = z.infer<(typeof REQUESTS)[T]['result']>;

/** The envelope, before the payload is checked against its type. */
export const RequestEnvelope = z.object({
  v: Version,
  id: RequestId,
  type: z.enum(REQUEST_TYPES as [RequestType, ...RequestType[]]),
  payload: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;

export type Request = { [T in RequestType]: { v: 1; id: string; type: T; payload: RequestPayload<T> } }[RequestType];

/** Parse a request frame fully: envelope, then the payload for its type. */
export function parseRequest(
  raw: unknown,
): { ok: true; request: Request } | { ok: false; id: string | null; message: string } {
  const env = RequestEnvelope.safeParse(raw);
  const rawId =
    typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
      ? ((raw as { id: string }).id.slice(0, 64) as string)
      : null;
  if (!env.success) return { ok: false, id: rawId, message: summarise(env.error) };
  const schema = REQUESTS[env.data.type].payload;
  const payload = schema.safeParse(env.data.payload ?? {});
  if (!payload.success) return { ok: false, id: env.data.id, message: summarise(payload.error) };
  return { ok: true, request: { ...env.data, payload: payload.data } as Request };
}

export const ResponseFrame = z.union([
  z.object({ v: Version, id: RequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ v: Version, id: RequestId.nullable(), ok: z.literal(false), error: ProtocolError }),
]);
export type ResponseFrame = z.infer<typeof ResponseFrame>;

export const EventPush = z.object({
  event: LogEvent,
  /** The item after the event, when the event is about an item. */
  item: Item.nullable(),
});
export type EventPush = z.infer<typeof EventPush>;

export const PushFrame = z.object({
  v: Version,
  type: z.literal('event'),
  seq: z.number().int().positive(),
  payload: EventPush,
});
export type PushFrame = z.infer<typeof PushFrame>;

/** A teammate's presence changed. Ephemeral: no seq, never caught up (ask presence.list after connecting). */
export const PresencePushFrame = z.object({
  v: Version,
  type: z.literal('presence'),
  payload: Presence,
});
export type PresencePushFrame = z.infer<typeof PresencePushFrame>;

/**
 * An inbox rule's alert for the members it names: the extension shows a
 * desktop notification. Ephemeral like presence: a member who is not
 * connected misses it (the change itself is in the log).
 */
export const AlertPushFrame = z.object({
  v: Version,
  type: z.literal('alert'),
  payload: z.object({
    itemKey: ItemKey,
    ruleId: z.string().max(128),
    ruleName: z.string().max(200),
    message: z.string().max(1000),
    at: IsoTime,
  }),
});
export type AlertPushFrame = z.infer<typeof AlertPushFrame>;

/**
 * A sweep job for this browser (sent to exactly one session). Run it in a
 * background tab, then `sweep.report`; `sweep.renew` before `leaseUntil` if
 * it needs longer. Ephemeral: a job whose session closes goes to another one.
 */
export const SweepJobPushFrame = z.object({
  v: Version,
  type: z.literal('sweep.job'),
  payload: z.object({ job: SweepJob }),
});
export type SweepJobPushFrame = z.infer<typeof SweepJobPushFrame>;

export const NOTICE_KINDS = ['sweep.paused', 'sweep.stale'] as const;

/**
 * Something a lead should know that is not about one item: sweeps of a
 * target paused, or a target not swept for too long. Sent to the open
 * connections of leads and admins; ephemeral (`sweeps.status` has the state).
 */
export const NoticePushFrame = z.object({
  v: Version,
  type: z.literal('notice'),
  payload: z.object({
    kind: z.enum(NOTICE_KINDS),
    /** Plain words, ready to show. */
    message: z.string().max(1000),
    /** The target it is about (the one a report was about, when several paused together)… */
    targetId: SweepTarget.shape.id,
    /** …and every target it concerns (a sign-out pauses all of a profile's). */
    targetIds: z.array(SweepTarget.shape.id).max(20),
    platform: Platform,
    profile: z.string().max(LIMITS.handle),
    /** Why it paused (for `sweep.stale`, why it is paused, if it is); null otherwise. */
    reason: SweepPauseReason.nullable(),
    at: IsoTime,
  }),
});
export type NoticePushFrame = z.infer<typeof NoticePushFrame>;

/** Anything the companion sends. Clients ignore push types they do not know. */
export const ServerFrame = z.union([
  PushFrame,
  PresencePushFrame,
  AlertPushFrame,
  SweepJobPushFrame,
  NoticePushFrame,
  ResponseFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** A short, path-prefixed description of a zod error, safe to put on the wire. */
function summarise(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(frame)'}: ${i.message}`)
    .join('; ')
    .slice(0, 500);
}
