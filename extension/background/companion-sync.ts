/**
 * Keeps the local replica (items cache, lastSeq, profiles) in step with the
 * companion and pushes every change to the live ports.
 *
 * On connect (after the client verified the companion):
 *   1. a different companionId (another database) resets lastSeq and the
 *      items cache, but keeps the outbox — those changes are still ours;
 *   2. subscribe { sinceSeq: lastSeq } and apply the catch-up in order
 *      (truncated → reload the whole list with items.list);
 *   3. refresh our profiles;
 *   4. replay the outbox in order (opIds make a resend harmless).
 * While connected, event pushes are applied in seq order through one queue.
 * Every capture or mutation is written to the outbox first, applied
 * optimistically to the cache, then sent. A change the companion refuses for
 * good is taken back from the cache (while this worker still holds what the
 * item was before) and its plain-words reason is pushed to the pages
 * (`refused`), so the overlay and the side panel can say it.
 *
 * Also kept here: the member's networks and permissions (`me`, `members.list`,
 * `member.updated`), the tag list (`tags.list` and the tag events; a rename or
 * merge rewrites the cached items' tags, as the companion rewrote its own),
 * presence (presence.ts), which never touches the outbox, and the saved-reply
 * library (reply-library.ts): fetched after each connect and after library
 * events, uses applied in place, this browser's uses queued as `reply.used`
 * outbox ops and counted at once.
 */
import { i18n } from '#i18n';
import type {
  CapturedItem,
  Item,
  ItemKey,
  ItemStatus,
  LogEvent,
  Member,
  Platform,
  Priority,
  Profile,
  TagInfo,
} from '../../shared/model';
import { permissionsOf, type MemberWithAccess } from '../../shared/permissions';
import type { EventPush, Presence, PresenceState, PushFrame, RequestResult } from '../../shared/protocol';
import { replaceTag, tagKey } from '../../shared/tags';
import { describeStatus } from './status-words';
import type {
  CachedTag,
  ExtensionState,
  PageCompanionRequest,
  PageHealth,
  ReplyLibrary,
  ReplySeen,
} from '../messaging/messages';
import type { SavedReplyId } from '../../shared/replies/saved-reply';
import { REQUESTS } from '../../shared/protocol';
import type { z } from 'zod';
import type { InlayDb } from '../storage/db';
import { ItemCache } from '../storage/item-cache';
import { MetaStore } from '../storage/meta';
import type { Backoff } from './backoff';
import type { HandshakeCrypto } from './crypto';
import { Outbox, OutboxReplayer, classifyError, type OutboxEntry, type SendOutcome } from './outbox';
import { PresenceRelay, type PresenceOptions } from './presence';
import { ReplyLibraryCache, type PendingUse } from './reply-library';
import type { SettingsStore } from './settings';
import {
  RequestError,
  SocketClient,
  realTimers,
  type ClientStatus,
  type Session,
  type SocketFactory,
  type Timers,
} from './socket-client';
import type { StateHub } from './state';
import { SweepAgent, type SweepAgentDeps } from './sweeps/agent';

export interface SyncDeps {
  db: InlayDb;
  settings: SettingsStore;
  state: StateHub;
  socketFactory: SocketFactory;
  crypto: HandshakeCrypto;
  makeOpId: () => string;
  now?: () => number;
  timers?: Timers;
  backoff?: Backoff;
  clientInfo?: { name: string; version: string };
  log?: (m: string) => void;
  /** A desktop notification (assignments to me by someone else); absent: none. */
  notify?: (n: AssignedNotice) => void;
  /** A desktop notification for an inbox rule's alert; absent: none. */
  notifyAlert?: (n: RuleAlertNotice) => void;
  /** Presence timing (tests make it short). */
  presence?: Partial<PresenceOptions>;
  /** Saved-reply library timing: change events within `coalesceMs` make one fetch; `replies.get` waits at most `waitMs`. */
  replies?: { coalesceMs?: number; waitMs?: number };
  /** Sweeps (sweeps/agent.ts): where sweep tabs open, where the agent keeps its state; absent: no sweeps. */
  sweeps?: Pick<SweepAgentDeps, 'tabs' | 'storage' | 'page' | 'notify' | 'pageTimeoutMs' | 'seenThrottleMs'>;
}

/** Saved replies were inserted into a reply to `key` (BgRequest `reply.used`). */
export interface ReplyUseRequest {
  key: ItemKey;
  platform: Platform;
  replyIds: SavedReplyId[];
  at: string;
}

/** Page requests that change the saved-reply library: the cached library is fetched again after them. */
const LIBRARY_CHANGES: ReadonlySet<PageCompanionRequest> = new Set<PageCompanionRequest>([
  'reply.save',
  'reply.delete',
  'replies.import',
  'replies.settings.set',
]);

/** A change to an item, as the overlay and the side panel ask for it. */
export interface ItemChangeRequest {
  key: ItemKey;
  status?: ItemStatus;
  priority?: Priority;
  assigneeId?: string | null;
  addTags?: string[];
  removeTags?: string[];
}

/** The item after `change`, as the companion will most likely make it (the optimistic copy). */
export function applyChange(current: Item, change: Omit<ItemChangeRequest, 'key'>, at: string): Item {
  const removed = new Set(change.removeTags ?? []);
  const tags = [...current.tags, ...(change.addTags ?? []).filter((t) => !current.tags.includes(t))].filter(
    (t) => !removed.has(t),
  );
  return {
    ...current,
    ...(change.status !== undefined ? { status: change.status } : {}),
    ...(change.priority !== undefined ? { priority: change.priority } : {}),
    ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
    tags: [...new Set(tags)],
    updatedAt: at,
  };
}

/** The cached form of a tag from the companion. */
export function cachedTag(
  t: Pick<TagInfo, 'id' | 'name' | 'color' | 'archived'> & { lastUsedAt?: string | null },
): CachedTag {
  return { id: t.id, name: t.name, color: t.color, archived: t.archived, lastUsedAt: t.lastUsedAt ?? null };
}

/** `member` with the networks and permissions the team list says it has (when that entry is about the same role). */
export function withAccess(member: Member, team: readonly MemberWithAccess[]): MemberWithAccess {
  const entry = team.find((m) => m.id === member.id);
  if (!entry || entry.role !== member.role) return member;
  return {
    ...member,
    ...(entry.networks ? { networks: entry.networks } : {}),
    ...(entry.permissions ? { permissions: entry.permissions } : {}),
  };
}

/** "<who> assigned you <author>'s <kind> on <platform>" — the words are made by the notifier. */
export interface AssignedNotice {
  item: Item;
  by: string | null;
}

/** A rule's alert, as the notifier gets it (with the item when the replica has it). */
export interface RuleAlertNotice {
  message: string;
  ruleName: string;
  item: Item | null;
  itemKey: string;
}

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** Prefix of a profile that exists only locally until the companion acknowledges it. */
const LOCAL_PROFILE = 'local:';

export class CompanionSync {
  readonly outbox: Outbox;
  readonly cache: ItemCache;
  readonly meta: MetaStore;
  readonly client: SocketClient;
  readonly presence: PresenceRelay;
  readonly replies: ReplyLibraryCache;
  /** This browser's sweeps (null without `deps.sweeps`). */
  readonly sweeps: SweepAgent | null;
  private readonly replayer: OutboxReplayer;
  private readonly now: () => number;
  private readonly log: (m: string) => void;
  private readonly timers: Timers;
  private queue: Promise<void> = Promise.resolve();
  /** opId of an item.update still in the outbox → the item before it (to take a refused change back). */
  private readonly before = new Map<string, Item>();
  /** opId → the companion's plain-words reason for refusing it for good. */
  private readonly refusals = new Map<string, string>();
  private tagsRefresh: unknown = null;
  /** The highest event seq this connection has received (pushes and catch-up), as they arrive. */
  private receivedSeq = 0;

  constructor(private readonly deps: SyncDeps) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? (() => {});
    this.timers = deps.timers ?? realTimers;
    this.outbox = new Outbox(deps.db, { makeOpId: deps.makeOpId, now: this.now });
    this.cache = new ItemCache(deps.db);
    this.meta = new MetaStore(deps.db);
    this.client = new SocketClient({
      socketFactory: deps.socketFactory,
      crypto: deps.crypto,
      timers: deps.timers,
      backoff: deps.backoff,
      client: deps.clientInfo,
      log: (m) => this.log(`socket: ${m}`),
      getConfig: async () => {
        const s = this.deps.settings.value;
        return { port: s.port, credentials: s.pairing ? { keyId: s.pairing.keyId, key: s.pairing.key } : null };
      },
      onStatus: (s) => this.onStatus(s),
      onAuthenticated: (session) => this.onAuthenticated(session),
      onPush: (frame) => this.onPush(frame),
      onPresence: (p) => this.presence.receive(p),
      onAlert: (a) => this.onAlert(a),
      onSweepJob: ({ job }) => this.sweeps?.job(job),
      onNotice: (n) => this.sweeps?.notice(n),
    });
    this.sweeps = deps.sweeps
      ? new SweepAgent({
          ...deps.sweeps,
          state: deps.state,
          request: (type, payload) => this.client.request(type, payload),
          online: () => this.client.isAuthenticated,
          items: () => this.cache.all(),
          timers: this.timers,
          log: (m) => this.log(m),
        })
      : null;
    this.presence = new PresenceRelay({
      timers: this.timers,
      send: (itemKey, state) => this.client.request('presence.set', { itemKey, state }),
      list: async () => (await this.client.request('presence.list', {})).presence,
      me: () => this.deps.settings.value.pairing?.member.id ?? null,
      publish: (entries) => this.deps.state.broadcast({ type: 'presence', entries }),
      log: (m) => this.log(m),
      options: deps.presence,
    });
    this.replies = new ReplyLibraryCache({
      db: deps.db,
      fetch: async () => {
        const result = await this.client.request('replies.list', {});
        // read at once: every push that arrived before this answer is in it
        return { result, asOfSeq: this.receivedSeq };
      },
      online: () => this.client.isAuthenticated,
      pending: () => this.pendingUses(),
      onChange: () => this.state.patch({ repliesVersion: this.state.value.repliesVersion + 1 }),
      now: this.now,
      timers: this.timers,
      log: (m) => this.log(m),
      ...deps.replies,
    });
    this.replayer = new OutboxReplayer(this.outbox, {
      send: (entry) => this.send(entry),
      onAck: (entry, result) => this.onAck(entry, result),
      onDrop: (entry) => this.onDrop(entry),
      log: this.log,
    });
    this.outbox.onChange((outbox) => this.deps.state.patch({ outbox }));
  }

  private get state(): StateHub {
    return this.deps.state;
  }

  /** Loads settings and the replica into the state, then connects if paired. */
  async init(): Promise<void> {
    const s = await this.deps.settings.load();
    const meta = await this.meta.read();
    this.state.patch({
      port: s.port,
      sites: s.sites,
      policy: s.policy,
      profiles: s.profiles,
      members: s.members,
      selectors: s.selectors,
      tags: s.tags,
      member: this.memberOf(s.pairing?.member ?? null),
      companionId: meta.companionId ?? s.pairing?.companionId ?? null,
      lastSeq: meta.lastSeq,
      outbox: await this.outbox.count(),
      ...describeStatus(s.pairing ? { status: 'connecting' } : { status: 'unpaired' }, s.port),
    });
    this.deps.settings.onChange((next) =>
      this.state.patch({
        port: next.port,
        sites: next.sites,
        policy: next.policy,
        profiles: next.profiles,
        members: next.members,
        selectors: next.selectors,
        tags: next.tags,
        ...(next.pairing ? { member: this.memberOf(next.pairing.member) } : {}),
      }),
    );
    await this.replies.load();
    await this.sweeps?.init();
    if (s.pairing) this.client.start();
  }

  /** The alarm's tick: reconnect if needed (MV3 may have restarted the worker). */
  wake(): void {
    if (this.deps.settings.value.pairing) this.client.ensureConnected();
  }

  async items(): Promise<Item[]> {
    return this.cache.all();
  }

  /** This browser's member with their networks and permissions, as far as we know them. */
  private memberOf(member: Member | null): MemberWithAccess | null {
    return member ? withAccess(member, this.deps.settings.value.members) : null;
  }

  // ---- presence: never through the outbox ----

  /** A page says what the user does on an item (`source`: which tab and frame). */
  setPresence(source: string, itemKey: ItemKey, state: PresenceState): void {
    this.presence.set(source, itemKey, state);
  }

  /** A tab closed: what its frames said ends. */
  dropPresenceOfTab(tabId: number): void {
    this.presence.dropSources((source) => source.startsWith(`tab:${tabId}:`));
  }

  presenceEntries(): Presence[] {
    return this.presence.entries();
  }

  // ---- mutations: outbox first, optimistic cache, then send ----

  /**
   * Local mutations run one at a time, in the order they arrived: a page's
   * capture of an item and the reply seen right after it must reach the
   * outbox in that order, though each awaits the cache first.
   */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.local.then(task);
    this.local = run.catch(() => undefined);
    return run;
  }
  private local: Promise<unknown> = Promise.resolve();

  capture(captured: CapturedItem): Promise<Result<{ item: Item }>> {
    return this.serial(() => this.captureNow(captured));
  }

  private async captureNow(captured: CapturedItem): Promise<Result<{ item: Item }>> {
    const key: ItemKey = `${captured.platform}:${captured.nativeId}`;
    const existing = await this.cache.getOne(key);
    // The companion has it already (seq > 0): pages re-capture inbound items on every visit; nothing to send.
    if (existing && existing.seq > 0) return { ok: true, item: existing };
    const at = new Date(this.now()).toISOString();
    const item: Item = existing
      ? { ...existing, ...captured, key }
      : {
          ...captured,
          key,
          capturedAt: at,
          capturedBy: this.deps.settings.value.pairing?.member.id ?? null,
          status: 'open',
          priority: 'normal',
          tags: [],
          assigneeId: null,
          repliedAt: null,
          snoozedUntil: null,
          suggestedReplies: [],
          updatedAt: at,
          seq: 0,
        };
    await this.outbox.add({ type: 'item.capture', payload: { item: captured } });
    await this.cache.putLocal(item);
    this.state.broadcast({ type: 'item', item });
    this.kick();
    return { ok: true, item };
  }

  updateItem(change: ItemChangeRequest): Promise<Result<{ item: Item | null }>> {
    return this.serial(() => this.updateNow(change));
  }

  private async updateNow(change: ItemChangeRequest): Promise<Result<{ item: Item | null }>> {
    const entry = await this.outbox.add({ type: 'item.update', payload: change });
    const current = await this.cache.getOne(change.key);
    let item: Item | null = null;
    if (current) {
      this.before.set(entry.opId, current);
      item = applyChange(current, change, new Date(this.now()).toISOString());
      await this.cache.putLocal(item);
      this.state.broadcast({ type: 'item', item });
    }
    this.kick();
    return { ok: true, item };
  }

  /** Our reply to `key` was seen on the page: through the outbox, so it is recorded even if the companion is away. */
  recordReply(key: ItemKey, reply: ReplySeen): Promise<Result> {
    return this.serial(() => this.recordReplyNow(key, reply));
  }

  private async recordReplyNow(key: ItemKey, reply: ReplySeen): Promise<Result> {
    await this.outbox.add({ type: 'item.reply', payload: { key, reply } });
    const current = await this.cache.getOne(key);
    if (current && current.repliedAt === null) {
      const item: Item = { ...current, repliedAt: reply.siteTimestamp ?? new Date(this.now()).toISOString() };
      await this.cache.putLocal(item);
      this.state.broadcast({ type: 'item', item });
    }
    this.kick();
    return { ok: true };
  }

  /** The saved-reply library (cached; waits briefly for a fetch in flight). */
  replyLibrary(): Promise<ReplyLibrary> {
    return this.replies.get();
  }

  /**
   * Saved replies were inserted into a reply: through the outbox (never lost), and
   * counted in the cached library at once, so this browser's guardrail sees it.
   */
  recordReplyUse(use: ReplyUseRequest): Promise<Result> {
    return this.serial(() => this.recordReplyUseNow(use));
  }

  private async recordReplyUseNow(use: ReplyUseRequest): Promise<Result> {
    const payload = { itemKey: use.key, platform: use.platform, replyIds: use.replyIds, at: use.at };
    const entry = await this.outbox.add({ type: 'reply.used', payload });
    await this.replies.recordLocal(entry.opId, { ...payload, memberId: this.me() });
    this.kick();
    return { ok: true };
  }

  private me(): string | null {
    return this.deps.settings.value.pairing?.member.id ?? null;
  }

  /** This browser's uses still in the outbox. */
  private async pendingUses(): Promise<PendingUse[]> {
    const memberId = this.me();
    const out: PendingUse[] = [];
    for (const e of await this.outbox.all()) {
      if (e.type === 'reply.used') out.push({ opId: e.opId, use: { ...e.payload, memberId } });
    }
    return out;
  }

  /**
   * A team-settings request from one of our pages, sent now (not queued):
   * checked against the protocol schema, given an opId when it needs one.
   */
  async companionRequest(
    type: PageCompanionRequest,
    payload: Record<string, unknown>,
  ): Promise<Result<{ result: unknown }>> {
    if (!this.client.isAuthenticated) return { ok: false, error: i18n.t('errorNeedsCompanion') };
    const schema = (REQUESTS as Record<string, { payload: z.ZodType } | undefined>)[type]?.payload;
    if (!schema) return { ok: false, error: i18n.t('errorCompanionTooOld') };
    const withOp = 'opId' in payload ? payload : { ...payload, opId: this.deps.makeOpId() };
    let parsed = schema.safeParse(withOp);
    if (!parsed.success) parsed = schema.safeParse(payload); // requests without an opId
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || type;
      return { ok: false, error: i18n.t('errorInvalidRequest', [where]) };
    }
    try {
      const result: unknown = await this.client.request(type as never, parsed.data as never);
      // a fetch sent after this answer has the change (its event may come before or after)
      if (LIBRARY_CHANGES.has(type)) this.replies.markStale();
      return { ok: true, result };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Page health goes to the companion's log when connected; it is a report, not a change, so no outbox. */
  reportHealth(report: PageHealth): void {
    if (!this.client.isAuthenticated) return;
    this.client.request('health.report', report).catch((err: unknown) => this.log(`health.report: ${String(err)}`));
  }

  async saveProfile(platform: Platform, handle: string): Promise<Result<{ profile: Profile }>> {
    const clean = handle.trim().replace(/^@/, '');
    const entry = await this.outbox.add({ type: 'profile.save', payload: { platform, handle: clean } });
    const profile: Profile = { id: `${LOCAL_PROFILE}${entry.opId}`, platform, handle: clean, displayName: null };
    const others = this.deps.settings.value.profiles.filter(
      (p) => !(p.platform === platform && p.handle.toLowerCase() === clean.toLowerCase()),
    );
    await this.deps.settings.setProfiles([...others, profile]);
    this.kick();
    return { ok: true, profile };
  }

  async removeProfile(id: string): Promise<Result> {
    const profiles = this.deps.settings.value.profiles;
    if (!profiles.some((p) => p.id === id)) return { ok: false, error: i18n.t('errorNoProfile') };
    await this.deps.settings.setProfiles(profiles.filter((p) => p.id !== id));
    if (id.startsWith(LOCAL_PROFILE)) {
      // Never reached the companion: take the pending save back instead of sending a remove.
      const opId = id.slice(LOCAL_PROFILE.length);
      const pending = (await this.outbox.all()).find((e) => e.opId === opId);
      if (pending) {
        await this.outbox.remove(pending.id);
        return { ok: true };
      }
    }
    await this.outbox.add({ type: 'profile.remove', payload: { id } });
    this.kick();
    return { ok: true };
  }

  // ---- pairing and connection settings ----

  async pair(code: string, memberName: string, port: number): Promise<Result<{ state: ExtensionState }>> {
    this.client.stop();
    const outcome = await this.client.pair(port, code, memberName);
    if (!outcome.ok) {
      this.log(`pairing failed: ${outcome.reason} (${outcome.message})`);
      // Keep whatever pairing we had; reconnect with it.
      if (this.deps.settings.value.pairing) this.client.start();
      const p = String(port);
      const error =
        outcome.reason === 'wrong_code'
          ? i18n.t('pairWrongCode')
          : outcome.reason === 'unreachable'
            ? i18n.t('pairUnreachable', [p])
            : outcome.reason === 'rate_limited'
              ? i18n.t('pairRateLimited', [String(outcome.retryAfter ?? 60)])
              : outcome.reason === 'bad_server_proof'
                ? i18n.t('pairImpostor', [p])
                : outcome.reason === 'unsupported_version'
                  ? i18n.t('pairUnsupported')
                  : i18n.t('pairFailed', [outcome.message]);
      return { ok: false, error };
    }
    await this.deps.settings.setPort(port);
    await this.deps.settings.setPairing({
      keyId: outcome.keyId,
      key: outcome.key,
      member: outcome.member,
      companionId: outcome.companionId,
    });
    this.state.patch({ member: outcome.member, port });
    this.client.restart();
    return { ok: true, state: this.state.value };
  }

  async unpair(): Promise<Result> {
    this.client.stop();
    await this.deps.settings.setPairing(null);
    await this.replies.clear();
    this.state.patch({ member: null, ...describeStatus({ status: 'unpaired' }, this.deps.settings.value.port) });
    return { ok: true };
  }

  async setPort(port: number): Promise<Result> {
    await this.deps.settings.setPort(port);
    if (this.deps.settings.value.pairing) this.client.restart();
    return { ok: true };
  }

  // ---- connection callbacks ----

  private onStatus(s: ClientStatus): void {
    const patch: Partial<ExtensionState> = describeStatus(s, this.deps.settings.value.port);
    if (s.status === 'connected') {
      patch.member = this.memberOf(s.member);
      patch.companionId = s.companionId;
    } else {
      // whatever we showed of teammates is unknown now; presence.list after the reconnect
      this.presence.disconnected();
      // the companion gives a running job to another browser when this connection closes
      this.sweeps?.disconnected();
    }
    this.state.patch(patch);
  }

  private async onAuthenticated(session: Session): Promise<void> {
    const known = await this.meta.companionId();
    if (known !== session.companionId) {
      if (known !== null) {
        this.log(`companion changed (${known} → ${session.companionId}): resetting the replica, keeping the outbox`);
        const local = (await this.cache.all()).filter((i) => i.seq === 0);
        await this.cache.replaceAll([], local);
        await this.meta.setLastSeq(0);
        this.state.broadcast({ type: 'items', items: local });
      }
      await this.meta.setCompanionId(session.companionId);
      this.receivedSeq = 0;
      this.replies.reset();
    }
    const pairing = this.deps.settings.value.pairing;
    if (pairing && (pairing.member.name !== session.member.name || pairing.member.role !== session.member.role)) {
      await this.deps.settings.setPairing({ ...pairing, member: session.member });
    }

    const sinceSeq = await this.meta.lastSeq();
    const caughtUp = await session.request('subscribe', { sinceSeq });
    this.receivedSeq = Math.max(this.receivedSeq, caughtUp.headSeq);
    await this.enqueue(() => this.applyCatchUp(caughtUp));

    // Each independently: a companion that lacks one of these still gets the others.
    await this.step('profiles.list', async () =>
      this.mergeProfiles((await session.request('profiles.list', {})).profiles),
    );
    await this.step('members.list', async () =>
      this.deps.settings.setMembers((await session.request('members.list', {})).members),
    );
    // my own networks and permissions (members.list has them too; `me` is the authority)
    await this.step('me', async () => this.putMember((await session.request('me', {})).member));
    await this.step('tags.list', async () =>
      this.deps.settings.setTags((await session.request('tags.list', {})).tags.map(cachedTag)),
    );
    await this.step('selectors.get', async () =>
      this.deps.settings.setSelectors((await session.request('selectors.get', {})).overrides),
    );
    // before the outbox replays: the uses still queued are counted on top of the companion's list
    await this.step('replies.list', () => this.replies.refresh());
    this.kick();
    await this.presence.connected();
    // after subscribe and the catch-up: the companion may hand this browser a job at once
    await this.step('sweeps.advertise', async () => this.sweeps?.connected());
  }

  /** Replaces (or adds) one member in the cached team. */
  private async putMember(member: MemberWithAccess): Promise<void> {
    const team = this.deps.settings.value.members;
    const at = team.findIndex((m) => m.id === member.id);
    await this.deps.settings.setMembers(at < 0 ? [...team, member] : team.map((m, i) => (i === at ? member : m)));
  }

  /** An item was tagged with a name we do not know: the companion made a tag; fetch the list shortly. */
  private refreshTagsSoon(): void {
    if (this.tagsRefresh !== null || !this.client.isAuthenticated) return;
    this.tagsRefresh = this.timers.setTimeout(() => {
      this.tagsRefresh = null;
      if (!this.client.isAuthenticated) return;
      this.client
        .request('tags.list', {})
        .then((r) => this.deps.settings.setTags(r.tags.map(cachedTag)))
        .catch((err: unknown) => this.log(`tags.list failed: ${String(err)}`));
    }, 500);
  }

  /** `from` is now `to` (a rename or a merge): the items we hold carry the new name, as the companion's do. */
  private async renameTagInCache(from: string, to: string, event: LogEvent, broadcast: boolean): Promise<void> {
    const changed: Item[] = [];
    for (const item of await this.cache.all()) {
      const tags = replaceTag(item.tags, from, to);
      if (tags === item.tags) continue;
      const next: Item = {
        ...item,
        tags: [...tags],
        seq: item.seq === 0 ? 0 : Math.max(item.seq, event.seq),
        updatedAt: event.at,
      };
      await this.cache.putLocal(next);
      changed.push(next);
    }
    if (!broadcast || changed.length === 0) return;
    if (changed.length > 50) this.state.broadcast({ type: 'items', items: await this.cache.all() });
    else for (const item of changed) this.state.broadcast({ type: 'item', item });
  }

  private async setTags(change: (tags: CachedTag[]) => CachedTag[]): Promise<void> {
    await this.deps.settings.setTags(change(this.deps.settings.value.tags));
  }

  private async step(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async applyCatchUp(result: RequestResult<'subscribe'>): Promise<void> {
    for (const { event, item } of result.events) await this.applyEvent({ event, item }, false);
    if (result.truncated) {
      const { items, headSeq } = await this.client.request('items.list', { limit: 5000 });
      const local = (await this.cache.all()).filter((i) => i.seq === 0);
      await this.cache.replaceAll(items, local);
      await this.setLastSeq(Math.max(headSeq, result.headSeq));
    } else {
      await this.setLastSeq(Math.max(result.headSeq, await this.meta.lastSeq()));
    }
    this.state.broadcast({ type: 'items', items: await this.cache.all() });
  }

  private onPush(frame: PushFrame): void {
    this.receivedSeq = Math.max(this.receivedSeq, frame.seq);
    this.replies.received(frame.payload.event);
    void this.enqueue(async () => {
      if (frame.seq <= (await this.meta.lastSeq())) return;
      await this.applyEvent(frame.payload, true);
      await this.setLastSeq(frame.seq);
    });
  }

  private onAlert(a: { itemKey: string; ruleName: string; message: string }): void {
    void this.cache.getOne(a.itemKey).then(
      (item) =>
        this.deps.notifyAlert?.({ message: a.message, ruleName: a.ruleName, item: item ?? null, itemKey: a.itemKey }),
      () => this.deps.notifyAlert?.({ message: a.message, ruleName: a.ruleName, item: null, itemKey: a.itemKey }),
    );
  }

  private async applyEvent({ event, item }: EventPush, broadcast: boolean): Promise<void> {
    if (item && (await this.cache.applyServer(item)) && broadcast) this.state.broadcast({ type: 'item', item });
    const data = event.data;
    if (data.type === 'profile.saved') {
      const rest = this.deps.settings.value.profiles.filter(
        (p) =>
          p.id !== data.profile.id &&
          !(p.id.startsWith(LOCAL_PROFILE) && p.platform === data.profile.platform && p.handle === data.profile.handle),
      );
      await this.deps.settings.setProfiles([...rest, data.profile]);
    } else if (data.type === 'item.assigned' && broadcast && item) {
      const me = this.deps.settings.value.pairing?.member.id;
      if (me && data.to === me && event.memberId !== me) {
        const by = this.deps.settings.value.members.find((m) => m.id === event.memberId)?.name ?? null;
        this.deps.notify?.({ item, by });
      }
    } else if (
      data.type === 'reply.used' ||
      data.type === 'reply.saved' ||
      data.type === 'reply.removed' ||
      data.type === 'replies.settings_saved'
    ) {
      await this.replies.applyEvent(event);
    } else if (data.type === 'view.saved' || data.type === 'view.removed') {
      this.state.patch({ viewsVersion: this.state.value.viewsVersion + 1 });
    } else if (data.type === 'member.joined') {
      const rest = this.deps.settings.value.members.filter((m) => m.id !== data.member.id);
      await this.deps.settings.setMembers([...rest, data.member]);
    } else if (data.type === 'member.updated') {
      // the effective permissions are the role's (shared/permissions.ts), as the companion computes them
      await this.putMember({ ...data.member, networks: data.networks, permissions: permissionsOf(data.member.role) });
      const pairing = this.deps.settings.value.pairing;
      if (pairing && pairing.member.id === data.member.id) {
        await this.deps.settings.setPairing({ ...pairing, member: data.member });
      }
    } else if (data.type === 'tag.created') {
      const tag = cachedTag(data.tag);
      await this.setTags((tags) => [tag, ...tags.filter((t) => t.id !== tag.id)]);
    } else if (data.type === 'tag.updated') {
      await this.setTags((tags) =>
        tags.map((t) => (t.id === data.tag.id ? { ...cachedTag(data.tag), lastUsedAt: t.lastUsedAt } : t)),
      );
    } else if (data.type === 'tag.renamed') {
      await this.setTags((tags) => tags.map((t) => (t.id === data.tagId ? { ...t, name: data.to } : t)));
      await this.renameTagInCache(data.from, data.to, event, broadcast);
    } else if (data.type === 'tag.merged') {
      await this.setTags((tags) => tags.filter((t) => t.id !== data.tagId));
      await this.renameTagInCache(data.from, data.into, event, broadcast);
    } else if (data.type === 'item.tagged') {
      const known = this.deps.settings.value.tags;
      const k = tagKey(data.tag);
      const at = known.findIndex((t) => tagKey(t.name) === k);
      if (at < 0) this.refreshTagsSoon();
      else if ((known[at]!.lastUsedAt ?? '') < event.at) {
        await this.setTags((tags) => [{ ...known[at]!, lastUsedAt: event.at }, ...tags.filter((_, i) => i !== at)]);
      }
    } else if (data.type === 'profile.removed') {
      await this.deps.settings.setProfiles(this.deps.settings.value.profiles.filter((p) => p.id !== data.profileId));
    }
  }

  private async mergeProfiles(server: Profile[]): Promise<void> {
    // Keep local profiles whose save is still in the outbox.
    const local = this.deps.settings.value.profiles.filter((p) => p.id.startsWith(LOCAL_PROFILE));
    const merged = [
      ...server,
      ...local.filter((l) => !server.some((s) => s.platform === l.platform && s.handle === l.handle)),
    ];
    await this.deps.settings.setProfiles(merged);
  }

  private async setLastSeq(seq: number): Promise<void> {
    await this.meta.setLastSeq(seq);
    this.state.patch({ lastSeq: seq });
  }

  /** Runs replica updates one after another, in arrival order. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((err: unknown) => this.log(`replica update failed: ${String(err)}`));
    return run;
  }

  // ---- outbox replay ----

  /** Start a replay if connected (a no-op while offline: reconnect replays). */
  private kick(): void {
    if (this.client.isAuthenticated) {
      void this.replayer.drain().catch((err: unknown) => this.log(`outbox replay failed: ${String(err)}`));
    }
  }

  /** For tests and the reconnect path: drain and wait. */
  drainOutbox(): Promise<void> {
    return this.replayer.drain();
  }

  private async send(entry: OutboxEntry & { id: number }): Promise<SendOutcome> {
    try {
      return { kind: 'ack', result: await this.sendOp(entry) };
    } catch (err) {
      if (!(err instanceof RequestError)) return { kind: 'retry', reason: String(err) };
      const reason = `${err.code}: ${err.message}`;
      switch (err.code) {
        case 'BAD_RESULT':
          return { kind: 'ack', result: null }; // committed; only the reply was odd
        case 'TIMEOUT':
        case 'DISCONNECTED':
        case 'NOT_CONNECTED':
          return { kind: 'retry', reason };
        default:
          if (classifyError(err.code, entry.attempts) !== 'drop') return { kind: 'retry', reason };
          this.refusals.set(entry.opId, err.message);
          return { kind: 'drop', reason };
      }
    }
  }

  private sendOp(entry: OutboxEntry): Promise<unknown> {
    const opId = entry.opId;
    switch (entry.type) {
      case 'item.capture':
        return this.client.request('item.capture', { ...entry.payload, opId });
      case 'item.update':
        return this.client.request('item.update', { ...entry.payload, opId });
      case 'item.reply':
        return this.client.request('item.reply', { ...entry.payload, opId });
      case 'profile.save':
        return this.client.request('profile.save', { ...entry.payload, opId });
      case 'profile.remove':
        return this.client.request('profile.remove', { ...entry.payload, opId });
      case 'reply.used':
        return this.client.request('reply.used', { ...entry.payload, opId });
    }
  }

  private async onAck(entry: OutboxEntry, result: unknown): Promise<void> {
    this.before.delete(entry.opId);
    if (result === null || typeof result !== 'object') return;
    if (
      (entry.type === 'item.capture' || entry.type === 'item.update' || entry.type === 'item.reply') &&
      'item' in result
    ) {
      const item = (result as RequestResult<'item.capture'>).item;
      if (await this.cache.applyServer(item)) this.state.broadcast({ type: 'item', item });
    } else if (entry.type === 'profile.save' && 'profile' in result) {
      const saved = (result as RequestResult<'profile.save'>).profile;
      const rest = this.deps.settings.value.profiles.filter(
        (p) => p.id !== `${LOCAL_PROFILE}${entry.opId}` && p.id !== saved.id,
      );
      await this.deps.settings.setProfiles([...rest, saved]);
    }
  }

  /**
   * A refused item.update: the cached item goes back to what it was before it,
   * with the changes still waiting in the outbox applied again — unless the
   * companion has sent a newer item meanwhile (that one is the truth already).
   */
  private async takeBack(entry: Extract<OutboxEntry, { type: 'item.update' }>): Promise<void> {
    const prior = this.before.get(entry.opId);
    this.before.delete(entry.opId);
    if (!prior) return;
    const key = entry.payload.key;
    const current = await this.cache.getOne(key);
    if (!current || current.seq !== prior.seq) return;
    let item = prior;
    for (const e of await this.outbox.all()) {
      if (e.type === 'item.update' && e.payload.key === key) item = applyChange(item, e.payload, current.updatedAt);
    }
    await this.cache.putLocal(item);
    this.state.broadcast({ type: 'item', item });
  }

  private async onDrop(entry: OutboxEntry): Promise<void> {
    const refusal = this.refusals.get(entry.opId) ?? null;
    this.refusals.delete(entry.opId);
    if (entry.type === 'item.capture') {
      // The companion refused the item for good: take the optimistic copy back.
      const key: ItemKey = `${entry.payload.item.platform}:${entry.payload.item.nativeId}`;
      const cached = await this.cache.getOne(key);
      if (cached && cached.seq === 0) {
        await this.deps.db.delete('items', key);
        this.state.broadcast({ type: 'items', items: await this.cache.all() });
      }
      if (refusal) this.state.broadcast({ type: 'refused', key, error: refusal });
    } else if (entry.type === 'item.update') {
      await this.takeBack(entry);
      if (refusal) this.state.broadcast({ type: 'refused', key: entry.payload.key, error: refusal });
    } else if (entry.type === 'profile.save') {
      await this.deps.settings.setProfiles(
        this.deps.settings.value.profiles.filter((p) => p.id !== `${LOCAL_PROFILE}${entry.opId}`),
      );
    } else if (entry.type === 'reply.used') {
      await this.replies.dropped(entry.opId);
    }
  }
}
