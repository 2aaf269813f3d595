/**
 * This browser's side of sweeps (docs/sweeps.md, protocol.md § Sweeps).
 *
 * - Advertises (`sweeps.advertise`) after each connect and whenever what it
 *   says changes: the profiles content scripts saw the user signed in as on
 *   pages a PERSON opened (never a sweep tab: it cannot vouch for itself),
 *   kept in storage so a restarted worker remembers them, and `busy` (this
 *   browser's switch is off, or a job is running).
 * - Runs `sweep.job`s one at a time (a second one waits in a queue): opens
 *   the job's pages in a tab the person does not see (SweepTabs: a minimized,
 *   unfocused window, else a background tab; never activated), one page after
 *   another in that tab, never more than `maxPageLoads`. The tab's content
 *   script asks `sweep.tab` (matched by tab id) and answers `sweep.page` with
 *   what it read; the tab closes however the job ended, and a `sweep.report`
 *   says how it went. The lease is renewed at half-time; a renew answered
 *   null (the companion gave the job away) stops the job without a report.
 * - Pages per kind: notifications → the adapter's notifications page;
 *   dms → the inbox list, then up to `unreadThreads` conversations with
 *   something new (unread, or changed since the last sweep: pickThreads) —
 *   none when it is 0, since opening one usually marks it read;
 *   recent-posts → the profile's posts list where the site has one, then the
 *   comment threads of our newest posts (that list's, with those the replica
 *   holds as items of kind `post`: newestPosts). A kind the site has no page
 *   for is reported `unreadable` in plain words.
 * - Live views (`sweeps.viewed`, for coverage): a content script on a page a
 *   person opened says, about once a minute while it is in view, that our
 *   profile's notifications or inbox list is on screen. Forwarded at most once
 *   per (platform, profile, kind) per 50 s; ignored from the sweep tab; dropped
 *   while offline.
 * - `notice` pushes (leads and admins) go to state.sweeps.notices (newest
 *   first, at most 20, kept in storage too) and to a desktop notification.
 */
import type { Item, Platform } from '../../../shared/model';
import type { NoticePushFrame, RequestPayload, RequestResult } from '../../../shared/protocol';
import {
  SWEEP_MAX_LANES,
  SWEEP_MAX_SEEN,
  SWEEP_MESSAGE_MAX,
  SignedInProfile,
  type LiveViewBeat,
  SweepReport,
  normaliseHandle,
  sameHandle,
  type SweepJob,
  type SweepLaneCoverage,
  type SweepReportOutcome,
  type SweepSeen,
  type SweepWatermark,
  sweepTargetId,
  sweepTextHash,
} from '../../../shared/sweeps';
import { z } from 'zod';
import type {
  ExtensionState,
  SweepPageResult,
  SweepPostRow,
  SweepTabInfo,
  SweepThreadRow,
} from '../../messaging/messages';
import type { KeyValueArea } from '../settings';
import type { Timers } from '../socket-client';
import type { StateHub } from '../state';

/** Where sweep pages open: somewhere the person at the keyboard does not see, never focused. */
export interface SweepTabs {
  /** Opens `url` in a tab that never takes focus; resolves with its id. */
  open(url: string): Promise<number>;
  /** Loads `url` in that tab (without activating it). */
  navigate(tabId: number, url: string): Promise<void>;
  /** Closes the tab (and the window opened for it); never throws. */
  close(tabId: number): Promise<void>;
}

type SweepRequest = 'sweeps.advertise' | 'sweep.renew' | 'sweep.report' | 'sweeps.viewed';

export interface SweepAgentDeps {
  tabs: SweepTabs;
  storage: KeyValueArea;
  state: StateHub;
  request<T extends SweepRequest>(type: T, payload: RequestPayload<T>): Promise<RequestResult<T>>;
  online(): boolean;
  /** Every item the replica holds (own posts for recent-posts are among them). */
  items(): Promise<Item[]>;
  /** The adapter's list page of this kind for one of our profiles (SiteAdapter.sweepPage), or null. */
  page(platform: Platform, kind: SweepListKind, profile: string): string | null;
  timers: Timers;
  log?: (m: string) => void;
  /** A desktop notification for a notice. */
  notify?: (notice: NoticePushFrame['payload']) => void;
  /** How long one page may take to load and be read before the job fails (default 90 s). */
  pageTimeoutMs?: number;
  /** A signed-in profile seen again within this long is not re-advertised (default 60 s). */
  seenThrottleMs?: number;
  /** Live views of one (platform, profile, kind) are forwarded at most once in this long (default 50 s). */
  liveViewThrottleMs?: number;
}

const STORAGE_KEY = 'sweeps';
const StoredNotice = z.object({
  kind: z.string().max(32),
  message: z.string().max(500),
  targetId: z.string().max(300),
  at: z.string().max(40),
});
const Stored = z.object({
  enabled: z.boolean().default(true),
  signedIn: z.array(SignedInProfile).max(50).default([]),
  /** The latest notices, newest first: still shown after the worker restarts. */
  notices: z.array(StoredNotice).max(20).default([]),
});
type Stored = z.infer<typeof Stored>;

const MAX_NOTICES = 20;

/** The list pages an adapter may name (SiteAdapter.sweepPage). */
export type SweepListKind = 'notifications' | 'dms' | 'posts';

/**
 * One page of a job: where, what it is (`list`: the notifications, inbox or posts list;
 * `thread`: one conversation or one own post's comments), its lane and the id its items carry.
 */
export interface SweepPagePlan {
  url: string;
  step: 'list' | 'thread';
  lane: string;
  postId: string | null;
}

interface Running {
  job: SweepJob;
  startedAt: number;
  tabId: number | null;
  opening: Promise<number> | null;
  page: SweepPagePlan | null;
  /** Resolves the page being read (a result, a timeout, an abort). */
  settle: ((r: SweepPageResult | { outcome: 'failed'; message: string }) => void) | null;
  aborted: boolean;
  renewTimer: unknown;
}

export class SweepAgent {
  private stored: Stored = { enabled: true, signedIn: [], notices: [] };
  private running: Running | null = null;
  private readonly queue: SweepJob[] = [];
  private lastAdvert: string | null = null;
  /** When a live view of each `platform:profile:kind` was last forwarded (this worker's life only). */
  private readonly liveSent = new Map<string, number>();
  private readonly log: (m: string) => void;

  constructor(private readonly deps: SweepAgentDeps) {
    this.log = (m) => deps.log?.(`sweeps: ${m}`);
  }

  async init(): Promise<void> {
    const raw = await this.deps.storage.get([STORAGE_KEY]);
    const parsed = Stored.safeParse(raw[STORAGE_KEY] ?? {});
    this.stored = parsed.success ? parsed.data : { enabled: true, signedIn: [], notices: [] };
    this.patch({ enabled: this.stored.enabled, notices: this.stored.notices });
  }

  get signedIn(): readonly SignedInProfile[] {
    return this.stored.signedIn;
  }

  get busy(): boolean {
    return !this.stored.enabled || this.running !== null;
  }

  /** The tab the running job reads in, if any. */
  get sweepTabId(): number | null {
    return this.running?.tabId ?? null;
  }

  // ---- advertising ----

  /** After authenticating: say what this browser can sweep (always sent). */
  async connected(): Promise<void> {
    this.lastAdvert = null;
    await this.advertise();
  }

  /** The connection went away: a running job is given to someone else by the companion; stop it. */
  disconnected(): void {
    this.lastAdvert = null;
    if (this.running) this.abort('the connection to the companion closed');
    this.queue.length = 0;
  }

  private async advertise(): Promise<void> {
    if (!this.deps.online()) return;
    const payload = { signedIn: this.stored.signedIn.map((p) => ({ ...p })), busy: this.busy };
    const json = JSON.stringify(payload);
    if (json === this.lastAdvert) return;
    this.lastAdvert = json;
    try {
      await this.deps.request('sweeps.advertise', payload);
    } catch (err) {
      this.lastAdvert = null;
      this.log(`advertise failed: ${errorText(err)}`);
    }
  }

  /** This browser's switch (Options). Off: `busy`, so the companion sends no jobs. */
  async setEnabled(enabled: boolean): Promise<void> {
    this.stored = { ...this.stored, enabled };
    await this.save();
    this.patch({ enabled });
    await this.advertise();
  }

  /**
   * A content script saw the user signed in as `handle` on `platform`, in tab `tabId`.
   * Ignored from the sweep tab (a sweep cannot vouch for itself).
   */
  async sawSignedIn(platform: Platform, handle: string, tabId: number | null): Promise<void> {
    if (tabId !== null && this.isSweepTab(tabId)) return;
    const clean = handle.trim().replace(/^@+/, '');
    if (!clean) return;
    const now = this.deps.timers.now();
    const before = this.stored.signedIn.find((p) => p.platform === platform && sameHandle(p.handle, clean));
    if (before && now - Date.parse(before.seenAt) < (this.deps.seenThrottleMs ?? 60_000)) return;
    const entry: SignedInProfile = { platform, handle: clean, seenAt: new Date(now).toISOString() };
    const rest = this.stored.signedIn.filter((p) => !(p.platform === platform && sameHandle(p.handle, clean)));
    this.stored = { ...this.stored, signedIn: [entry, ...rest].slice(0, 50) };
    await this.save();
    await this.advertise();
  }

  /**
   * A content script had our profile's list page in view in tab `tabId` (a page a person opened).
   * Forwarded as `sweeps.viewed`, at most once per page per throttle period. Offline it is dropped,
   * not queued: a live view is a heartbeat, not an operation the companion must acknowledge — a
   * beat replayed later would claim a view at the time it arrives. Time not reported is simply
   * not counted (coverage understates, never overstates).
   */
  async sawLiveView(beat: LiveViewBeat, tabId: number | null): Promise<void> {
    if (tabId !== null && this.isSweepTab(tabId)) return;
    if (!this.deps.online()) return;
    const key = sweepTargetId(beat.platform, beat.profile, beat.kind); // one per page of a profile
    const now = this.deps.timers.now();
    const last = this.liveSent.get(key);
    if (last !== undefined && now - last < (this.deps.liveViewThrottleMs ?? 50_000)) return;
    this.liveSent.set(key, now);
    try {
      await this.deps.request('sweeps.viewed', { ...beat });
    } catch (err) {
      this.log(`sweeps.viewed failed: ${errorText(err)}`);
    }
  }

  private isSweepTab(tabId: number): boolean {
    return this.running !== null && this.running.tabId === tabId;
  }

  // ---- notices ----

  notice(n: NoticePushFrame['payload']): void {
    const notices = this.deps.state.value.sweeps.notices;
    const entry = { kind: n.kind, message: n.message.slice(0, 500), targetId: n.targetId, at: n.at };
    const next = [entry, ...notices].slice(0, MAX_NOTICES);
    this.patch({ notices: next });
    this.stored = { ...this.stored, notices: next };
    void this.save();
    this.deps.notify?.(n);
  }

  // ---- jobs ----

  job(job: SweepJob): void {
    if (this.running?.job.jobId === job.jobId || this.queue.some((j) => j.jobId === job.jobId)) return;
    if (this.running) {
      this.queue.push(job);
      return;
    }
    void this.run(job);
  }

  /** The sweep tab's content script asks what it is; any other tab gets null. */
  async tabInfo(tabId: number): Promise<SweepTabInfo | null> {
    const r = this.running;
    if (!r) return null;
    if (r.tabId === null && r.opening) await r.opening.catch(() => null);
    if (this.running !== r || r.tabId !== tabId || !r.page) return null;
    return {
      jobId: r.job.jobId,
      platform: r.job.target.platform,
      profile: r.job.target.profile,
      kind: r.job.target.kind,
      step: r.page.step,
      lane: r.page.lane,
      postId: r.page.postId,
      maxReplyExpansions: r.job.maxReplyExpansions,
    };
  }

  /** The sweep tab read its page. */
  pageRead(tabId: number, result: SweepPageResult): void {
    const r = this.running;
    if (!r || r.tabId !== tabId || r.job.jobId !== result.jobId || !r.settle) return;
    r.settle(result);
  }

  /** A tab closed: when it was the sweep tab (someone closed it), the page fails. */
  tabClosed(tabId: number): void {
    const r = this.running;
    if (r && r.tabId === tabId) {
      r.tabId = null;
      r.settle?.({ outcome: 'failed', message: 'The sweep tab was closed before the page was read' });
    }
  }

  /**
   * The first pages a job visits: the notifications list; the message inbox list; for
   * recent-posts the profile's posts list where the site has one, else the threads of the own
   * posts the replica holds. A list's reading may add pages (`followUp`).
   */
  async plan(job: SweepJob): Promise<SweepPagePlan[] | { outcome: SweepReportOutcome; message: string }> {
    const { platform, profile, kind } = job.target;
    if (kind === 'notifications' || kind === 'dms') {
      const url = this.deps.page(platform, kind, profile);
      if (!url) return { outcome: 'unreadable', message: `Inlay cannot read this site's ${kindWords(kind)} yet` };
      return [{ url, step: 'list', lane: '', postId: null }];
    }
    const list = this.deps.page(platform, 'posts', profile);
    if (list && job.maxPageLoads > 1) return [{ url: list, step: 'list', lane: '', postId: null }];
    return this.postThreads(job, []);
  }

  /** What a list page adds to the job: the conversations with something new, or our newest posts. */
  async followUp(job: SweepJob, result: SweepPageResult): Promise<SweepPagePlan[]> {
    if (job.target.kind === 'dms') {
      return pickThreads(result.threads, job.watermark, job.unreadThreads).map((t) => ({
        url: t.url,
        step: 'thread' as const,
        lane: t.id,
        postId: t.id,
      }));
    }
    if (job.target.kind === 'recent-posts') return this.postThreads(job, result.posts);
    return [];
  }

  /** The threads of our newest posts: those the posts list showed, with those the replica holds. */
  private async postThreads(job: SweepJob, listed: readonly SweepPostRow[]): Promise<SweepPagePlan[]> {
    const { platform, profile } = job.target;
    const known = ownPosts(await this.deps.items(), platform, profile).map((p) => ({
      id: p.nativeId,
      url: p.permalink,
      at: p.siteTimestamp,
      pinned: false,
    }));
    return newestPosts(listed, known, job.recentPosts).map((p) => ({
      url: p.url,
      step: 'thread' as const,
      lane: p.id,
      postId: p.id,
    }));
  }

  private async run(job: SweepJob): Promise<void> {
    const r: Running = {
      job,
      startedAt: this.deps.timers.now(),
      tabId: null,
      opening: null,
      page: null,
      settle: null,
      aborted: false,
      renewTimer: null,
    };
    this.running = r;
    this.patch({
      running: { jobId: job.jobId, targetId: job.target.id, startedAt: new Date(r.startedAt).toISOString() },
    });
    void this.advertise();
    this.scheduleRenew(r, Date.parse(job.leaseUntil) - Date.parse(job.issuedAt));

    let outcome: SweepReportOutcome = 'ok';
    let message: string | null = null;
    let pageLoads = 0;
    let capturedCount = 0;
    const seen = new Map<string, SweepSeen>();
    const lanes: SweepLaneCoverage[] = [];
    let threadsRead = 0;
    try {
      const plan = await this.plan(job);
      const pages: SweepPagePlan[] = [];
      if (!Array.isArray(plan)) {
        outcome = plan.outcome;
        message = plan.message;
      } else {
        pages.push(...plan);
      }
      while (pages.length > 0) {
        const page = pages.shift()!;
        if (r.aborted || pageLoads >= job.maxPageLoads || lanes.length >= SWEEP_MAX_LANES) break;
        const result = await this.visit(r, page);
        pageLoads += 1;
        if (r.aborted) break;
        if ('seen' in result) {
          capturedCount += result.capturedCount;
          for (const s of result.seen) {
            const item = { ...s, postId: page.postId };
            seen.set(`${item.postId ?? ''}\u0000${item.nativeId}`, item);
          }
        }
        if (result.outcome !== 'ok') {
          outcome = result.outcome;
          message = result.message;
          break;
        }
        if ('seen' in result && page.step === 'list') {
          // a posts list is no lane of its own; the notifications and inbox lists are lane ''
          if (job.target.kind !== 'recent-posts') lanes.push({ lane: page.lane, complete: result.complete });
          pages.push(...(await this.followUp(job, result)));
        } else {
          // a conversation is read from its newest end only: never "complete", so it claims no deletions
          const complete = job.target.kind === 'dms' ? false : 'complete' in result ? result.complete : false;
          lanes.push({ lane: page.lane, complete });
          if (job.target.kind === 'dms') threadsRead += 1;
        }
      }
      if (outcome === 'ok' && job.target.kind === 'recent-posts' && pageLoads > 0 && lanes.length === 0) {
        message = 'No own posts found yet: the profile lists none, and the team holds none of ours as items';
      } else if (outcome === 'ok' && job.target.kind === 'recent-posts' && pageLoads === 0) {
        message = 'No own posts known yet: capture one of our posts to have its comments swept';
      }
    } catch (err) {
      outcome = 'failed';
      message = `The sweep stopped: ${errorText(err)}`;
    } finally {
      this.deps.timers.clearTimeout(r.renewTimer);
      const tabId = r.tabId;
      r.tabId = null;
      if (tabId !== null) await this.deps.tabs.close(tabId);
    }

    if (!r.aborted) {
      const report = SweepReport.parse({
        jobId: job.jobId,
        outcome,
        pageLoads,
        capturedCount,
        seen: [...seen.values()].slice(0, SWEEP_MAX_SEEN),
        lanes,
        message: message?.slice(0, SWEEP_MESSAGE_MAX) ?? null,
      });
      try {
        const { accepted } = await this.deps.request('sweep.report', { report });
        const threads = threadsRead > 0 ? `, ${threadsRead} conversation(s) opened` : '';
        this.log(
          `${job.target.id}: ${outcome} after ${pageLoads} page(s)${threads}${message ? ` (${message})` : ''}${accepted ? '' : ', not accepted'}`,
        );
      } catch (err) {
        this.log(`${job.target.id}: report failed: ${errorText(err)}`);
      }
    }
    this.running = null;
    this.patch({ running: null });
    const next = this.queue.shift();
    if (next) void this.run(next);
    else void this.advertise();
  }

  /** Opens (or navigates the sweep tab to) one page and waits for its content script's reading. */
  private async visit(
    r: Running,
    page: SweepPagePlan,
  ): Promise<SweepPageResult | { outcome: 'failed'; message: string }> {
    r.page = page;
    const read = new Promise<SweepPageResult | { outcome: 'failed'; message: string }>((resolve) => {
      r.settle = resolve;
    });
    const timeoutMs = this.deps.pageTimeoutMs ?? 90_000;
    const timer = this.deps.timers.setTimeout(
      () => r.settle?.({ outcome: 'failed', message: 'The page did not load and read in time' }),
      timeoutMs,
    );
    try {
      if (r.tabId === null) {
        r.opening = this.deps.tabs.open(page.url);
        r.tabId = await r.opening;
        r.opening = null;
        if (r.aborted) r.settle?.({ outcome: 'failed', message: 'stopped' });
      } else {
        await this.deps.tabs.navigate(r.tabId, page.url);
      }
    } catch (err) {
      r.opening = null;
      r.settle?.({ outcome: 'failed', message: `The sweep tab could not open: ${errorText(err)}` });
    }
    const result = await read;
    this.deps.timers.clearTimeout(timer);
    r.settle = null;
    return result;
  }

  private scheduleRenew(r: Running, leaseMs: number): void {
    const half = Math.max(5_000, Math.floor(leaseMs / 2));
    r.renewTimer = this.deps.timers.setTimeout(() => {
      if (this.running !== r) return;
      this.deps
        .request('sweep.renew', { jobId: r.job.jobId })
        .then(({ leaseUntil }) => {
          if (this.running !== r) return;
          if (leaseUntil === null) {
            this.abort('the companion gave the job to another browser');
            return;
          }
          this.scheduleRenew(r, leaseMs);
        })
        .catch((err: unknown) => {
          this.log(`renew failed: ${errorText(err)}`);
          if (this.running === r) this.scheduleRenew(r, leaseMs);
        });
    }, half);
  }

  /** Stops the running job without a report (the companion no longer holds it for us). */
  private abort(why: string): void {
    const r = this.running;
    if (!r) return;
    this.log(`${r.job.target.id}: stopped (${why})`);
    r.aborted = true;
    r.settle?.({ outcome: 'failed', message: why });
  }

  // ---- state and storage ----

  private patch(change: Partial<ExtensionState['sweeps']>): void {
    this.deps.state.patch({ sweeps: { ...this.deps.state.value.sweeps, ...change } });
  }

  private async save(): Promise<void> {
    await this.deps.storage.set({ [STORAGE_KEY]: this.stored });
  }
}

/** Our own posts on `platform` by `profile` that the replica holds, newest first (with a permalink). */
export function ownPosts(items: readonly Item[], platform: Platform, profile: string): Item[] {
  const me = normaliseHandle(profile);
  return items
    .filter(
      (i) =>
        i.platform === platform &&
        i.kind === 'post' &&
        ((i.author.handle !== null && normaliseHandle(i.author.handle) === me) ||
          (i.profile !== null && normaliseHandle(i.profile) === me && i.author.handle === null)),
    )
    .sort((a, b) => (b.siteTimestamp ?? b.capturedAt).localeCompare(a.siteTimestamp ?? a.capturedAt));
}

/**
 * The conversations a dms sweep opens, at most `max`, in list order: those the list marks unread,
 * then those whose preview changed or that are new since the last sweep (a teammate may have read
 * them on a phone; the team still has to see them). With no watermark yet, only unread ones.
 */
export function pickThreads(
  threads: readonly SweepThreadRow[],
  watermark: SweepWatermark | null,
  max: number,
): SweepThreadRow[] {
  if (max <= 0) return [];
  const before = new Map<string, string>();
  for (const w of watermark?.window ?? []) if (w.postId === null) before.set(w.nativeId, w.hash);
  const changed = (t: SweepThreadRow): boolean => watermark !== null && before.get(t.id) !== sweepTextHash(t.preview);
  const unread = threads.filter((t) => t.unread);
  const fresh = threads.filter((t) => !t.unread && changed(t));
  return [...unread, ...fresh].slice(0, max);
}

/**
 * Our newest posts, at most `max`: the posts list's (pinned ones only when their time says they
 * are among the newest) merged with the ones the replica holds, newest first by site time; posts
 * without a time keep the list's order after those with one.
 */
export function newestPosts(
  listed: readonly SweepPostRow[],
  known: readonly SweepPostRow[],
  max: number,
): SweepPostRow[] {
  if (max <= 0) return [];
  const byId = new Map<string, SweepPostRow>();
  for (const p of listed) if (!p.pinned || p.at !== null) byId.set(p.id, p);
  for (const p of known) if (!byId.has(p.id)) byId.set(p.id, p);
  const all = [...byId.values()];
  const order = new Map(all.map((p, i) => [p.id, i]));
  return all
    .sort((a, b) => {
      if (a.at && b.at) return b.at.localeCompare(a.at);
      if (a.at || b.at) return a.at ? -1 : 1;
      return order.get(a.id)! - order.get(b.id)!;
    })
    .slice(0, max);
}

function kindWords(kind: 'notifications' | 'dms'): string {
  return kind === 'notifications' ? 'notifications page' : 'message inbox';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
