/**
 * The saved-reply library the background keeps for the pickers, the shortcuts
 * and the repetition guardrail (ReplyLibrary), in IndexedDB so it works offline
 * and after the MV3 worker restarts.
 *
 * - It is fetched with `replies.list` after each connect, and again shortly
 *   after a `reply.saved`, `reply.removed` or `replies.settings_saved` event
 *   (a burst — an import — makes one fetch), or after one of our pages changed
 *   the library. `asOfSeq` is the highest event seq this connection had
 *   received when the answer arrived: those events were committed before the
 *   list was read, so the answer has them, and they are neither fetched for nor
 *   applied again. (The companion broadcasts a change just after answering the
 *   request that made it; a list read in between would hold a teammate's use
 *   whose event comes after the answer, and count it twice until the next
 *   fetch. A `headSeq` in the replies.list result would close that window.)
 * - A `reply.used` event is applied in place (usage +1 per reply, the use put
 *   first in `recent`), without a fetch; `recent` keeps the last 24 hours.
 * - This browser's own uses are counted at once (`recordLocal`, while their
 *   outbox op waits), so the guardrail sees them before the companion confirms.
 *   Their opIds are kept in `counted` until the companion's event for the same
 *   op arrives, which is then not counted again; a fetch re-adds the uses still
 *   in the outbox (the companion does not have them yet).
 */
import type { LogEvent } from '../../shared/model';
import type { RequestResult } from '../../shared/protocol';
import { DEFAULT_REPLY_SETTINGS, type ReplyUse } from '../../shared/replies/saved-reply';
import { ReplyLibrary } from '../messaging/messages';
import type { InlayDb, StoredReplyLibrary } from '../storage/db';
import { realTimers, type Timers } from './socket-client';

/** `recent` keeps the uses of the last 24 hours (what the guardrail's longest window needs). */
export const RECENT_WINDOW_MS = 24 * 60 * 60_000;
export const RECENT_MAX = 5000;

export function emptyLibrary(): ReplyLibrary {
  return { replies: [], usage: {}, recent: [], settings: DEFAULT_REPLY_SETTINGS, fetchedAt: null };
}

/** The uses of the last 24 hours before `now`, newest first, at most RECENT_MAX. */
export function trimRecent(recent: readonly ReplyUse[], now: number): ReplyUse[] {
  const since = now - RECENT_WINDOW_MS;
  return recent
    .map((u, i) => ({ u, i, t: Date.parse(u.at) }))
    .filter(({ t }) => t > since)
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .slice(0, RECENT_MAX)
    .map(({ u }) => u);
}

/** The library with one more use: +1 for each reply in it, and the use first in `recent`. */
export function withUse(library: ReplyLibrary, use: ReplyUse, now: number): ReplyLibrary {
  const usage = { ...library.usage };
  for (const id of new Set(use.replyIds)) usage[id] = (usage[id] ?? 0) + 1;
  return { ...library, usage, recent: trimRecent([use, ...library.recent], now) };
}

/** One of this browser's uses still waiting in the outbox. */
export interface PendingUse {
  opId: string;
  use: ReplyUse;
}

export interface ReplyLibraryDeps {
  db: InlayDb;
  /** `replies.list` now, with the highest event seq the connection had received when the answer came. */
  fetch: () => Promise<{ result: RequestResult<'replies.list'>; asOfSeq: number }>;
  /** Whether the companion can be asked now. */
  online: () => boolean;
  /** This browser's `reply.used` ops still in the outbox, oldest first. */
  pending: () => Promise<PendingUse[]>;
  /** The library changed (pages ask again). */
  onChange: () => void;
  now?: () => number;
  timers?: Timers;
  log?: (m: string) => void;
  /** Change events within this many ms make one fetch. */
  coalesceMs?: number;
  /** `get` waits at most this long for a fetch in flight before answering from the cache. */
  waitMs?: number;
}

const REPLY_CHANGES: ReadonlySet<string> = new Set(['reply.saved', 'reply.removed', 'replies.settings_saved']);

export class ReplyLibraryCache {
  private library: ReplyLibrary = emptyLibrary();
  /** opId → when: own uses counted in `library` whose companion event has not arrived. */
  private readonly counted = new Map<string, string>();
  /** Own ops whose event this connection received but has not applied yet (a fetch must not re-add them). */
  private readonly seen = new Set<string>();
  private asOfSeq = 0;
  /** The highest seq of a change event the library does not include yet. */
  private wantSeq = 0;
  private stale = false;
  private loaded: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight: Promise<void> | null = null;
  private soon: unknown = null;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly log: (m: string) => void;

  constructor(private readonly deps: ReplyLibraryDeps) {
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? realTimers;
    this.log = deps.log ?? (() => {});
  }

  /** Reads the stored library (once; later calls wait for the same read). */
  load(): Promise<void> {
    this.loaded ??= this.serial(async () => {
      let stored: unknown;
      try {
        stored = await this.deps.db.get('replies', 'library');
      } catch (err) {
        this.log(`replies: the stored library could not be read (${errorText(err)})`);
        return;
      }
      if (!stored || typeof stored !== 'object') return;
      const parsed = ReplyLibrary.safeParse((stored as { library?: unknown }).library);
      if (!parsed.success) {
        this.log('replies: the stored library could not be read; it will be fetched again');
        return;
      }
      this.library = parsed.data;
      const counted = (stored as { counted?: unknown }).counted;
      if (Array.isArray(counted)) {
        for (const c of counted) {
          if (c && typeof c.opId === 'string' && typeof c.at === 'string') this.counted.set(c.opId, c.at);
        }
      }
    });
    return this.loaded;
  }

  /** The library as pages and pickers get it; waits briefly (waitMs) when a fetch is in flight. */
  async get(): Promise<ReplyLibrary> {
    await this.load();
    const inFlight = this.inFlight;
    if (inFlight) {
      let timer: unknown = null;
      await Promise.race([
        inFlight.catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = this.timers.setTimeout(resolve, this.deps.waitMs ?? 300);
        }),
      ]);
      this.timers.clearTimeout(timer);
    }
    await this.queue;
    return this.view();
  }

  /** The current library (recent trimmed to the window), without waiting. */
  view(): ReplyLibrary {
    return { ...this.library, recent: trimRecent(this.library.recent, this.now()) };
  }

  /**
   * Fetch now. One fetch at a time: a call while one is in flight waits for it
   * (and a change seen meanwhile that it does not include schedules another).
   */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.stale = false;
    const run = this.fetchOnce().finally(() => {
      this.inFlight = null;
      if (this.needsFetch()) this.schedule();
    });
    this.inFlight = run;
    return run;
  }

  /**
   * The library changed on the companion: an event with this seq (fetch soon,
   * unless the answer we hold already includes it), or, without a seq, a change
   * we learned of otherwise (a page's save, a refused use): fetch soon.
   * Only event seqs go here — a fetch's `asOfSeq` counts received events.
   */
  markStale(seq?: number): void {
    if (seq === undefined) this.stale = true;
    else if (seq > this.asOfSeq) this.wantSeq = Math.max(this.wantSeq, seq);
    if (this.needsFetch()) this.schedule();
  }

  /** Unpaired: the library (personal replies included) is forgotten; own uses still queued stay counted for the next fetch. */
  async clear(): Promise<void> {
    await this.load();
    await this.serial(async () => {
      this.library = emptyLibrary();
      this.reset();
      await this.persist();
      this.deps.onChange();
    });
  }

  /** Another companion database answered: seqs start again. */
  reset(): void {
    this.asOfSeq = 0;
    this.wantSeq = 0;
    this.seen.clear();
  }

  /** Called as a push arrives (before it is applied): notes our own ops the companion has recorded. */
  received(event: LogEvent): void {
    if (event.data.type === 'reply.used' && event.opId !== null && this.counted.has(event.opId)) {
      this.seen.add(event.opId);
    }
  }

  /** An event from the companion (catch-up or live): uses are applied, other library changes fetched. */
  async applyEvent(event: LogEvent): Promise<void> {
    const data = event.data;
    if (REPLY_CHANGES.has(data.type)) {
      await this.load();
      this.markStale(event.seq);
      return;
    }
    if (data.type !== 'reply.used') return;
    await this.load();
    await this.serial(async () => {
      const opId = event.opId;
      const mine = opId !== null && this.counted.has(opId);
      if (opId !== null) this.seen.delete(opId);
      if (mine) {
        // counted when this browser inserted it
        this.counted.delete(opId);
        await this.persist();
        return;
      }
      if (event.seq <= this.asOfSeq) return; // the fetched library has it
      const now = this.now();
      if (event.itemKey === null) {
        const usage = { ...this.library.usage };
        for (const id of new Set(data.replyIds)) usage[id] = (usage[id] ?? 0) + 1;
        this.library = { ...this.library, usage };
      } else {
        this.library = withUse(
          this.library,
          {
            replyIds: data.replyIds,
            itemKey: event.itemKey,
            platform: data.platform,
            memberId: event.memberId,
            // when it was inserted (the outbox may deliver it later), as the companion's `recent` says
            at: data.usedAt ?? event.at,
          },
          now,
        );
      }
      await this.persist();
      this.deps.onChange();
    });
  }

  /** This browser inserted saved replies (its outbox op `opId` is queued): count the use now. */
  async recordLocal(opId: string, use: ReplyUse): Promise<void> {
    await this.load();
    await this.serial(async () => {
      this.counted.set(opId, use.at);
      this.library = withUse(this.library, use, this.now());
      await this.persist();
      this.deps.onChange();
    });
  }

  /** The companion refused an own use for good: it no longer counts (the fetch takes it out). */
  async dropped(opId: string): Promise<void> {
    await this.load();
    await this.serial(async () => {
      if (!this.counted.delete(opId)) return;
      this.seen.delete(opId);
      await this.persist();
    });
    this.markStale();
  }

  // ---- internals ----

  private needsFetch(): boolean {
    return this.stale || this.wantSeq > this.asOfSeq;
  }

  private schedule(): void {
    if (this.soon !== null) return;
    this.soon = this.timers.setTimeout(() => {
      this.soon = null;
      if (!this.needsFetch() || !this.deps.online()) return; // the next connect fetches
      this.refresh().catch((err: unknown) => this.log(`replies.list failed: ${errorText(err)}`));
    }, this.deps.coalesceMs ?? 250);
  }

  private async fetchOnce(): Promise<void> {
    await this.load();
    const { result, asOfSeq } = await this.deps.fetch();
    await this.serial(async () => {
      const now = this.now();
      let next: ReplyLibrary = {
        replies: result.replies,
        usage: { ...result.usage },
        recent: trimRecent(result.recent, now),
        settings: result.settings,
        fetchedAt: new Date(now).toISOString(),
      };
      // own uses the companion does not have yet: still in the outbox, no event seen for them
      for (const p of await this.deps.pending()) {
        if (this.counted.has(p.opId) && !this.seen.has(p.opId)) next = withUse(next, p.use, now);
      }
      // an own use no longer in the outbox and older than the window will never need de-duplicating
      const since = now - RECENT_WINDOW_MS;
      for (const [opId, at] of this.counted) if (Date.parse(at) <= since) this.counted.delete(opId);
      const changed = !sameContent(next, this.library);
      this.library = next;
      this.asOfSeq = asOfSeq;
      await this.persist();
      if (changed) this.deps.onChange();
    });
  }

  private async persist(): Promise<void> {
    const value: StoredReplyLibrary = {
      library: this.library,
      counted: [...this.counted].map(([opId, at]) => ({ opId, at })),
    };
    await this.deps.db.put('replies', value, 'library');
  }

  /** Runs library updates one after another, in arrival order. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch((err: unknown) => this.log(`replies: update failed: ${errorText(err)}`));
    return run;
  }
}

function sameContent(a: ReplyLibrary, b: ReplyLibrary): boolean {
  const key = (l: ReplyLibrary) => JSON.stringify([l.replies, l.usage, l.recent, l.settings]);
  return key(a) === key(b);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
