/**
 * Presence: who is viewing an item, or typing in its native reply box, right
 * now. Ephemeral — held in memory, never in the event log, lost on restart.
 *
 * Each authenticated connection may hold one entry per item (a browser can
 * have several tabs). What teammates see is one state per (member, item): the
 * strongest over that member's connections (typing > viewing). A presence
 * push `{ v, type: 'presence', payload }` goes to every other authenticated
 * connection when that state changes — a refresh that changes nothing is not
 * relayed. Entries expire `ttlMs` after their last refresh and when their
 * connection closes; teammates then get `state: 'idle'`.
 *
 * Time comes from the injected clock; `sweep()` expires entries and runs on a
 * timer (and before every set and list), so tests move the clock and call it.
 */
import type {
  AlertPushFrame,
  NoticePushFrame,
  Presence,
  PresencePushFrame,
  PresenceState,
} from '../../shared/protocol/frames.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import type { Clock } from '../clock.js';
import type { PushTarget } from './broadcast.js';

export interface PresenceOptions {
  /** An entry not refreshed for this long is gone (default 30 s). */
  ttlMs: number;
  /** Sets per second per connection, sustained (default 10)… */
  perSecond: number;
  /** …and in a burst (default 10). */
  burst: number;
  /** Items one connection may be present on at once; the oldest entry goes (default 32). */
  maxPerConnection: number;
  /** A connection whose socket buffer is past this misses presence pushes (they are ephemeral). */
  maxBufferedBytes: number;
  /** How often the timer sweeps expired entries (default 5 s). */
  sweepMs: number;
}

export const DEFAULT_PRESENCE: PresenceOptions = {
  ttlMs: 30_000,
  perSecond: 10,
  burst: 10,
  maxPerConnection: 32,
  maxBufferedBytes: 1024 * 1024,
  sweepMs: 5_000,
};

type Active = Exclude<PresenceState, 'idle'>;
const STRENGTH: Record<Active, number> = { viewing: 1, typing: 2 };

interface Who {
  id: string;
  name: string;
}

interface Conn {
  target: PushTarget;
  member: Who;
  /** itemKey → state and when it was last refreshed (ms). */
  entries: Map<string, { state: Active; at: number }>;
  tokens: number;
  refilledAt: number;
}

export type PresenceSet = { ok: true; at: string; expiresAt: string } | { ok: false; retryAfter: number };

export class PresenceHub {
  private readonly conns = new Map<PushTarget, Conn>();
  /** What teammates were last told, per (member, item), while not idle. */
  private readonly shown = new Map<string, Presence>();
  private readonly opts: PresenceOptions;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly clock: Clock,
    opts: Partial<PresenceOptions> = {},
  ) {
    this.opts = { ...DEFAULT_PRESENCE, ...opts };
  }

  get ttlMs(): number {
    return this.opts.ttlMs;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.opts.sweepMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** An authenticated connection: it receives presence pushes from now on. */
  join(target: PushTarget, member: Who): void {
    const conn = this.conns.get(target);
    if (conn) conn.member = { id: member.id, name: member.name };
    else {
      this.conns.set(target, {
        target,
        member: { id: member.id, name: member.name },
        entries: new Map(),
        tokens: this.opts.burst,
        refilledAt: this.now(),
      });
    }
  }

  /** The connection closed: its entries end (teammates see idle where nothing else keeps them). */
  leave(target: PushTarget): void {
    const conn = this.conns.get(target);
    if (!conn) return;
    this.conns.delete(target);
    for (const itemKey of conn.entries.keys()) this.update(conn.member, itemKey, null);
  }

  set(target: PushTarget, member: Who, itemKey: string, state: PresenceState): PresenceSet {
    this.join(target, member);
    const conn = this.conns.get(target)!;
    const now = this.now();
    conn.tokens = Math.min(this.opts.burst, conn.tokens + ((now - conn.refilledAt) * this.opts.perSecond) / 1000);
    conn.refilledAt = now;
    if (conn.tokens < 1) {
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - conn.tokens) / this.opts.perSecond)) };
    }
    conn.tokens -= 1;
    this.sweep();
    if (state === 'idle') conn.entries.delete(itemKey);
    else {
      conn.entries.delete(itemKey); // re-inserted last: the map stays ordered oldest first
      conn.entries.set(itemKey, { state, at: now });
      while (conn.entries.size > this.opts.maxPerConnection) {
        const oldest = conn.entries.keys().next().value as string;
        conn.entries.delete(oldest);
        this.update(conn.member, oldest, null);
      }
    }
    this.update(conn.member, itemKey, target);
    const at = new Date(now).toISOString();
    return { ok: true, at, expiresAt: state === 'idle' ? at : new Date(now + this.opts.ttlMs).toISOString() };
  }

  /** Who is present now, on every item or one; idle is never listed. */
  list(itemKey?: string): Presence[] {
    this.sweep();
    return [...this.shown.values()].filter((p) => itemKey === undefined || p.itemKey === itemKey);
  }

  /** Ends every entry not refreshed within the TTL. */
  sweep(): void {
    const cutoff = this.now() - this.opts.ttlMs;
    for (const conn of this.conns.values()) {
      for (const [itemKey, e] of conn.entries) {
        if (e.at > cutoff) continue;
        conn.entries.delete(itemKey);
        this.update(conn.member, itemKey, null);
      }
    }
  }

  /** Recomputes what teammates see of `member` on `itemKey`, and pushes it if it changed. */
  private update(member: Who, itemKey: string, origin: PushTarget | null): void {
    let best: { state: Active; at: number } | null = null;
    for (const conn of this.conns.values()) {
      if (conn.member.id !== member.id) continue;
      const e = conn.entries.get(itemKey);
      if (!e) continue;
      if (!best || STRENGTH[e.state] > STRENGTH[best.state] || (e.state === best.state && e.at > best.at)) best = e;
    }
    const key = `${member.id}\u0000${itemKey}`;
    const before = this.shown.get(key);
    if (!best) {
      if (!before) return;
      this.shown.delete(key);
      this.push({ ...before, state: 'idle', at: new Date(this.now()).toISOString() }, origin);
      return;
    }
    const now: Presence = {
      memberId: member.id,
      name: member.name,
      itemKey,
      state: best.state,
      at: new Date(best.at).toISOString(),
    };
    this.shown.set(key, now);
    if (!before || before.state !== now.state || before.name !== now.name) this.push(now, origin);
  }

  /** A rule's alert to the named members' open connections (ephemeral, like presence). */
  alert(memberIds: readonly string[], payload: AlertPushFrame['payload']): number {
    return this.toMembers(memberIds, { v: PROTOCOL_VERSION, type: 'alert', payload } satisfies AlertPushFrame);
  }

  /** A notice (a sweep paused, a target gone stale) to the named members' open connections; ephemeral. */
  notice(memberIds: readonly string[], payload: NoticePushFrame['payload']): number {
    return this.toMembers(memberIds, { v: PROTOCOL_VERSION, type: 'notice', payload } satisfies NoticePushFrame);
  }

  private toMembers(memberIds: readonly string[], frame: AlertPushFrame | NoticePushFrame): number {
    const data = JSON.stringify(frame);
    let sent = 0;
    for (const conn of this.conns.values()) {
      const t = conn.target;
      if (!memberIds.includes(conn.member.id) || !t.isOpen || t.bufferedAmount > this.opts.maxBufferedBytes) continue;
      t.send(data);
      sent += 1;
    }
    return sent;
  }

  private push(payload: Presence, origin: PushTarget | null): void {
    const frame: PresencePushFrame = { v: PROTOCOL_VERSION, type: 'presence', payload };
    const data = JSON.stringify(frame);
    for (const conn of this.conns.values()) {
      const t = conn.target;
      if (t === origin || !t.isOpen || t.bufferedAmount > this.opts.maxBufferedBytes) continue;
      t.send(data);
    }
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
