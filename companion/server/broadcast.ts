/**
 * Live pushes `{ v, type: 'event', seq, payload: { event, item } }` to every
 * authenticated connection that has subscribed. Each frame is serialised once.
 *
 * A subscriber that cannot keep up (its socket buffer grows past the limit) is
 * closed with SLOW_CONSUMER_CLOSE; it reconnects and catches up from its last
 * seq, so nothing is lost and the companion's memory stays bounded.
 */
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import type { PushFrame } from '../../shared/protocol/frames.js';
import type { Item, LogEvent } from '../../shared/model.js';

/** 1013 "try again later": the client was too slow; reconnect and subscribe from your last seq. */
export const SLOW_CONSUMER_CLOSE = 1013;
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** The part of a socket the broadcaster needs. */
export interface PushTarget {
  readonly bufferedAmount: number;
  readonly isOpen: boolean;
  send(data: string): void;
  close(code: number, reason: string): void;
}

interface Subscriber {
  target: PushTarget;
  /** Highest seq delivered (or covered by catch-up); pushes at or below it are skipped. */
  lastSeq: number;
  /** While the catch-up query runs, live pushes wait here. */
  pending: { seq: number; data: string }[] | null;
}

export class Broadcaster {
  private readonly subs = new Map<PushTarget, Subscriber>();

  constructor(private readonly maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES) {}

  get size(): number {
    return this.subs.size;
  }

  /**
   * Start (or restart) a subscription; live pushes are held until `release`
   * is called with the last seq the catch-up covered.
   */
  hold(target: PushTarget): { release(lastSeq: number): void } {
    const sub: Subscriber = { target, lastSeq: Number.MAX_SAFE_INTEGER, pending: [] };
    this.subs.set(target, sub);
    return {
      release: (lastSeq) => {
        if (this.subs.get(target) !== sub) return;
        const pending = sub.pending ?? [];
        sub.pending = null;
        sub.lastSeq = lastSeq;
        for (const p of pending) this.deliver(sub, p.seq, p.data);
      },
    };
  }

  remove(target: PushTarget): void {
    this.subs.delete(target);
  }

  publish(events: readonly { event: LogEvent; item: Item | null }[]): void {
    if (this.subs.size === 0) return;
    for (const e of events) {
      const frame: PushFrame = { v: PROTOCOL_VERSION, type: 'event', seq: e.event.seq, payload: e };
      const data = JSON.stringify(frame);
      for (const sub of this.subs.values()) {
        if (sub.pending) sub.pending.push({ seq: e.event.seq, data });
        else this.deliver(sub, e.event.seq, data);
      }
    }
  }

  private deliver(sub: Subscriber, seq: number, data: string): void {
    if (seq <= sub.lastSeq) return;
    const t = sub.target;
    if (!t.isOpen) {
      this.subs.delete(t);
      return;
    }
    if (t.bufferedAmount > this.maxBufferedBytes) {
      this.subs.delete(t);
      t.close(SLOW_CONSUMER_CLOSE, 'too slow: reconnect and subscribe from your last seq');
      return;
    }
    sub.lastSeq = seq;
    t.send(data);
  }
}
