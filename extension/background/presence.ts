/**
 * Presence in the background: who on the team is viewing an item or typing a
 * reply to it right now, both ways.
 *
 * Teammates (companion → pages). Presence pushes arrive as they change; a
 * refresh that changes nothing is not relayed, so `presence.list` is asked
 * after every (re)connect and every `pollMs` while connected, and it replaces
 * what we hold ("everyone present now"). An entry not heard of for `staleMs`
 * (35 s; the companion's own expiry is 30 s) is dropped, so a lost push or a
 * dead connection never leaves a ghost. This member's own entries (another of
 * their browsers) are never shown. Pages get the whole list as a
 * `{ type: 'presence', entries }` push whenever what it says changes.
 *
 * This browser (pages → companion). Each content script says what the user
 * does on an item (`viewing`, `typing`, `idle`) and re-sends a state that
 * holds; per item the strongest over every tab is what the companion is told
 * (`presence.set`), once per change, then refreshed every `refreshMs`
 * (≤ 20 s) while it holds. A tab that stops re-sending for `leaseMs` is
 * forgotten (it was closed or reloaded). Nothing is queued while the
 * companion is away — presence is only worth knowing now — and everything
 * that holds is said again after a reconnect. Sends go through a local token
 * bucket (below the companion's 10/s); a RATE_LIMITED answer waits its
 * `retryAfter`. Only the latest state per item waits, so a burst coalesces.
 */
import type { ItemKey } from '../../shared/model';
import type { Presence, PresenceState } from '../../shared/protocol';
import { RequestError, type Timers } from './socket-client';

export interface PresenceOptions {
  /** Teammates' entries not heard of (push or list) for this long are dropped. */
  staleMs: number;
  /** How often a state that holds is said again to the companion (it forgets after 30 s). */
  refreshMs: number;
  /** How often `presence.list` is asked while connected. */
  pollMs: number;
  /** A page's state not re-sent for this long is forgotten. */
  leaseMs: number;
  /** Local rate limit: sets per second, sustained… */
  perSecond: number;
  /** …and in a burst. */
  burst: number;
  /** The housekeeping period (refresh, expiry, poll). */
  tickMs: number;
}

export const DEFAULT_PRESENCE: PresenceOptions = {
  staleMs: 35_000,
  refreshMs: 14_000,
  pollMs: 15_000,
  leaseMs: 45_000,
  perSecond: 5,
  burst: 8,
  tickMs: 4_000,
};

export interface PresenceDeps {
  timers: Timers;
  /** `presence.set` on the authenticated connection. */
  send(itemKey: ItemKey, state: PresenceState): Promise<unknown>;
  /** `presence.list` for every item. */
  list(): Promise<Presence[]>;
  /** This browser's member (their own entries are not shown). */
  me(): string | null;
  /** Hands the current list to the pages. */
  publish(entries: Presence[]): void;
  log?: (m: string) => void;
  options?: Partial<PresenceOptions>;
}

type Active = Exclude<PresenceState, 'idle'>;
const STRENGTH: Record<PresenceState, number> = { idle: 0, viewing: 1, typing: 2 };

export class PresenceRelay {
  private readonly o: PresenceOptions;
  /** `${memberId}|${itemKey}` → the teammate's entry and when we last heard of it (ms). */
  private readonly others = new Map<string, { presence: Presence; seen: number }>();
  /** itemKey → source (tab and frame) → its state and when it last said so (ms). */
  private readonly own = new Map<ItemKey, Map<string, { state: Active; at: number }>>();
  /** What the companion was last told per item (non-idle only) and when (ms). */
  private readonly told = new Map<ItemKey, { state: Active; at: number }>();
  /** The latest state per item waiting for a token. */
  private readonly pending = new Map<ItemKey, PresenceState>();
  private tokens: number;
  private refilledAt: number;
  private blockedUntil = 0;
  private online = false;
  private generation = 0;
  private tickTimer: unknown = null;
  private flushTimer: unknown = null;
  private lastPoll = 0;
  private shown = '';

  constructor(private readonly deps: PresenceDeps) {
    this.o = { ...DEFAULT_PRESENCE, ...deps.options };
    this.tokens = this.o.burst;
    this.refilledAt = deps.timers.now();
  }

  private now(): number {
    return this.deps.timers.now();
  }

  // ---- teammates ----

  /** A presence push from the companion. */
  receive(p: Presence): void {
    const k = `${p.memberId}|${p.itemKey}`;
    if (p.state === 'idle') this.others.delete(k);
    else this.others.set(k, { presence: p, seen: this.now() });
    this.publishIfChanged();
  }

  /** Everyone present now (`presence.list`): replaces what we hold. */
  replace(list: readonly Presence[]): void {
    this.others.clear();
    const now = this.now();
    for (const p of list) {
      if (p.state !== 'idle') this.others.set(`${p.memberId}|${p.itemKey}`, { presence: p, seen: now });
    }
    this.publishIfChanged();
  }

  /** Teammates present now: never this member, never idle, in a stable order. */
  entries(): Presence[] {
    const me = this.deps.me();
    return [...this.others.values()]
      .map((e) => e.presence)
      .filter((p) => p.memberId !== me)
      .sort((a, b) => a.itemKey.localeCompare(b.itemKey) || a.memberId.localeCompare(b.memberId));
  }

  /** Publishes when who is where (or their name) changed; a newer `at` alone is no news. */
  publishIfChanged(): void {
    const entries = this.entries();
    const sig = entries.map((p) => `${p.memberId}|${p.itemKey}|${p.state}|${p.name}`).join('\n');
    if (sig === this.shown) return;
    this.shown = sig;
    this.deps.publish(entries);
  }

  // ---- this browser ----

  /** What a page (`source`: its tab and frame) says the user does on `itemKey`. */
  set(source: string, itemKey: ItemKey, state: PresenceState): void {
    let sources = this.own.get(itemKey);
    if (state === 'idle') {
      sources?.delete(source);
      if (sources?.size === 0) this.own.delete(itemKey);
    } else {
      if (!sources) this.own.set(itemKey, (sources = new Map()));
      sources.set(source, { state, at: this.now() });
    }
    this.update(itemKey);
  }

  /** A tab went away: everything its pages said ends. */
  dropSources(which: (source: string) => boolean): void {
    for (const [key, sources] of [...this.own]) {
      let changed = false;
      for (const source of [...sources.keys()]) if (which(source) && sources.delete(source)) changed = true;
      if (!changed) continue;
      if (sources.size === 0) this.own.delete(key);
      this.update(key);
    }
  }

  /** The strongest state over every page for `itemKey`. */
  effective(itemKey: ItemKey): PresenceState {
    let best: PresenceState = 'idle';
    for (const { state } of this.own.get(itemKey)?.values() ?? []) if (STRENGTH[state] > STRENGTH[best]) best = state;
    return best;
  }

  private update(itemKey: ItemKey): void {
    const want = this.effective(itemKey);
    const told = this.told.get(itemKey)?.state ?? 'idle';
    if (want === told && !this.pending.has(itemKey)) return;
    if (want === told)
      this.pending.delete(itemKey); // it went back before it was sent
    else this.queue(itemKey, want);
  }

  private queue(itemKey: ItemKey, state: PresenceState): void {
    if (!this.online) return;
    this.pending.set(itemKey, state);
    this.flush();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.o.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.o.perSecond);
    this.refilledAt = now;
  }

  private flush(): void {
    if (!this.online || this.pending.size === 0) return;
    const now = this.now();
    if (now < this.blockedUntil) return this.scheduleFlush(this.blockedUntil - now);
    this.refill();
    for (const [key, state] of [...this.pending]) {
      if (this.tokens < 1) return this.scheduleFlush(((1 - this.tokens) / this.o.perSecond) * 1000);
      this.tokens -= 1;
      this.pending.delete(key);
      if (state === 'idle') this.told.delete(key);
      else this.told.set(key, { state, at: now });
      const gen = this.generation;
      this.deps.send(key, state).catch((err: unknown) => this.failed(gen, key, err));
    }
  }

  private failed(gen: number, key: ItemKey, err: unknown): void {
    if (gen !== this.generation) return;
    if (err instanceof RequestError && err.code === 'RATE_LIMITED') {
      this.blockedUntil = this.now() + (err.retryAfter ?? 1) * 1000;
      this.told.delete(key);
      this.pending.set(key, this.effective(key));
      this.flush();
      return;
    }
    // Not connected (any more): said again after the reconnect. Anything else is a bug worth a line.
    this.told.delete(key);
    if (!(err instanceof RequestError && err.transient)) {
      this.deps.log?.(`presence.set failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private scheduleFlush(ms: number): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = this.deps.timers.setTimeout(
      () => {
        this.flushTimer = null;
        this.flush();
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  // ---- the connection ----

  /** After (re)connecting: who is here, and tell the companion what holds here. */
  async connected(): Promise<void> {
    this.stopTimers();
    const gen = ++this.generation;
    this.online = true;
    this.told.clear();
    this.pending.clear();
    this.blockedUntil = 0;
    this.expireLeases();
    await this.poll(gen);
    if (gen !== this.generation) return;
    for (const key of this.own.keys()) this.update(key);
    this.scheduleTick(gen);
  }

  /** The connection went: what we showed of teammates is unknown now; our own states wait for the reconnect. */
  disconnected(): void {
    if (!this.online && this.others.size === 0) return;
    this.generation++;
    this.online = false;
    this.told.clear();
    this.pending.clear();
    this.stopTimers();
    this.others.clear();
    this.publishIfChanged();
  }

  private async poll(gen: number): Promise<void> {
    this.lastPoll = this.now();
    try {
      const list = await this.deps.list();
      if (gen === this.generation) this.replace(list);
    } catch (err) {
      this.deps.log?.(`presence.list failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Housekeeping: stale teammates, forgotten tabs, refreshes, the poll. */
  tick(): void {
    const now = this.now();
    for (const [k, e] of this.others) if (now - e.seen > this.o.staleMs) this.others.delete(k);
    this.expireLeases();
    if (this.online) {
      for (const [key, t] of this.told) {
        if (now - t.at >= this.o.refreshMs && !this.pending.has(key)) this.pending.set(key, t.state);
      }
      this.flush();
      if (now - this.lastPoll >= this.o.pollMs) void this.poll(this.generation);
    }
    this.publishIfChanged();
  }

  /** Pages that stopped re-sending a state (closed, reloaded, crashed) no longer count. */
  private expireLeases(): void {
    const now = this.now();
    for (const [key, sources] of [...this.own]) {
      let changed = false;
      for (const [source, e] of sources) {
        if (now - e.at > this.o.leaseMs) {
          sources.delete(source);
          changed = true;
        }
      }
      if (sources.size === 0) this.own.delete(key);
      if (changed) this.update(key);
    }
  }

  private scheduleTick(gen: number): void {
    this.tickTimer = this.deps.timers.setTimeout(() => {
      this.tickTimer = null;
      if (gen !== this.generation) return;
      this.tick();
      this.scheduleTick(gen);
    }, this.o.tickMs);
  }

  private stopTimers(): void {
    if (this.tickTimer !== null) this.deps.timers.clearTimeout(this.tickTimer);
    if (this.flushTimer !== null) this.deps.timers.clearTimeout(this.flushTimer);
    this.tickTimer = this.flushTimer = null;
  }
}
