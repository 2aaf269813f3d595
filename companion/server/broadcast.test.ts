import { describe, expect, it } from 'vitest';
import type { Item, LogEvent } from '../../shared/model.js';
import { Broadcaster, SLOW_CONSUMER_CLOSE, type PushTarget } from './broadcast.js';

function target(bufferedAmount = 0) {
  const sent: number[] = [];
  const closes: number[] = [];
  const t: PushTarget & { sent: number[]; closes: number[]; buffered: number } = {
    sent,
    closes,
    buffered: bufferedAmount,
    get bufferedAmount() {
      return t.buffered;
    },
    isOpen: true,
    send: (data) => sent.push((JSON.parse(data) as { seq: number }).seq),
    close: (code) => closes.push(code),
  };
  return t;
}

const ev = (seq: number): { event: LogEvent; item: Item | null } => ({
  event: {
    seq,
    id: `evt_${seq}`,
    opId: null,
    at: '2026-01-01T00:00:00.000Z',
    memberId: null,
    itemKey: null,
    data: { type: 'profile.removed', profileId: 'p' },
  },
  item: null,
});

describe('Broadcaster', () => {
  it('holds pushes during catch-up and releases only those after it, once each', () => {
    const b = new Broadcaster();
    const t = target();
    const hold = b.hold(t);
    b.publish([ev(5), ev(6)]); // committed while the catch-up query ran
    expect(t.sent).toEqual([]);
    hold.release(5); // the catch-up covered up to 5
    expect(t.sent).toEqual([6]);
    b.publish([ev(6), ev(7)]);
    expect(t.sent).toEqual([6, 7]);
  });

  it('closes a subscriber whose buffer is over the limit, and stops pushing to it', () => {
    const b = new Broadcaster(1000);
    const slow = target(5000);
    const fast = target(0);
    b.hold(slow).release(0);
    b.hold(fast).release(0);
    b.publish([ev(1), ev(2)]);
    expect(slow.closes).toEqual([SLOW_CONSUMER_CLOSE]);
    expect(slow.sent).toEqual([]);
    expect(fast.sent).toEqual([1, 2]);
    expect(b.size).toBe(1);
  });

  it('forgets removed subscribers', () => {
    const b = new Broadcaster();
    const t = target();
    b.hold(t).release(0);
    b.remove(t);
    b.publish([ev(1)]);
    expect(t.sent).toEqual([]);
  });
});
