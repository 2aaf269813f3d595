import { describe, expect, it } from 'vitest';
import type { Presence } from '../../shared/protocol/frames.js';
import { PresencePushFrame } from '../../shared/protocol/frames.js';
import { manualClock } from '../clock.js';
import type { PushTarget } from './broadcast.js';
import { PresenceHub } from './presence.js';

function target(buffered = 0) {
  const got: Presence[] = [];
  const t: PushTarget & { got: Presence[] } = {
    got,
    bufferedAmount: buffered,
    isOpen: true,
    send: (data) => got.push(PresencePushFrame.parse(JSON.parse(data)).payload),
    close: () => {},
  };
  return t;
}

const ana = { id: 'mem_ana', name: 'Ana' };
const bo = { id: 'mem_bo', name: 'Bo' };
const KEY = 'x:1900000000000000002';

function setup() {
  const clock = manualClock('2026-03-01T10:00:00.000Z');
  const hub = new PresenceHub(clock);
  const a1 = target();
  const a2 = target();
  const b = target();
  hub.join(a1, ana);
  hub.join(a2, ana);
  hub.join(b, bo);
  return { clock, hub, a1, a2, b };
}

describe('PresenceHub', () => {
  it('relays a change to every other connection, not back to its sender, and not a refresh', () => {
    const { hub, a1, a2, b } = setup();
    expect(hub.set(a1, ana, KEY, 'viewing')).toEqual({
      ok: true,
      at: '2026-03-01T10:00:00.000Z',
      expiresAt: '2026-03-01T10:00:30.000Z',
    });
    const viewing = {
      memberId: 'mem_ana',
      name: 'Ana',
      itemKey: KEY,
      state: 'viewing',
      at: '2026-03-01T10:00:00.000Z',
    };
    expect(b.got).toEqual([viewing]);
    expect(a2.got).toEqual([viewing]);
    expect(a1.got).toEqual([]);
    hub.set(a1, ana, KEY, 'viewing');
    expect(b.got).toHaveLength(1);
    hub.set(a1, ana, KEY, 'typing');
    expect(b.got.at(-1)).toMatchObject({ state: 'typing' });
    expect(hub.list()).toEqual([expect.objectContaining({ memberId: 'mem_ana', state: 'typing' })]);
    expect(hub.list('x:other')).toEqual([]);
  });

  it('shows one state per member and item: the strongest over their connections', () => {
    const { hub, a1, a2, b } = setup();
    hub.set(a1, ana, KEY, 'typing');
    hub.set(a2, ana, KEY, 'viewing');
    expect(b.got.map((p) => p.state)).toEqual(['typing']);
    hub.set(a1, ana, KEY, 'idle');
    expect(b.got.map((p) => p.state)).toEqual(['typing', 'viewing']);
    hub.leave(a2);
    expect(b.got.map((p) => p.state)).toEqual(['typing', 'viewing', 'idle']);
    expect(hub.list()).toEqual([]);
  });

  it('expires an entry 30 s after its last refresh, and ends every entry of a closed connection', () => {
    const { clock, hub, a1, b } = setup();
    hub.set(a1, ana, KEY, 'viewing');
    hub.set(a1, ana, 'x:2', 'viewing');
    clock.advance(20_000);
    hub.set(a1, ana, KEY, 'viewing'); // refreshed
    clock.advance(10_000);
    hub.sweep();
    expect(b.got.filter((p) => p.state === 'idle').map((p) => [p.itemKey, p.at])).toEqual([
      ['x:2', '2026-03-01T10:00:30.000Z'],
    ]);
    hub.leave(a1);
    expect(b.got.at(-1)).toMatchObject({ itemKey: KEY, state: 'idle' });
    expect(hub.list()).toEqual([]);
  });

  it('limits each connection to 10 a second, with retryAfter, and skips a congested receiver', () => {
    const { clock, hub, a1 } = setup();
    const slow = target(10 * 1024 * 1024);
    hub.join(slow, bo);
    for (let i = 0; i < 10; i++) expect(hub.set(a1, ana, `x:${i}`, 'viewing').ok).toBe(true);
    expect(hub.set(a1, ana, 'x:10', 'viewing')).toEqual({ ok: false, retryAfter: 1 });
    clock.advance(100);
    expect(hub.set(a1, ana, 'x:10', 'viewing').ok).toBe(true);
    expect(slow.got).toEqual([]);
  });

  it('keeps at most maxPerConnection entries, ending the oldest', () => {
    const clock = manualClock();
    const hub = new PresenceHub(clock, { maxPerConnection: 2, burst: 100 });
    const a = target();
    const b = target();
    hub.join(a, ana);
    hub.join(b, bo);
    for (const k of ['x:1', 'x:2', 'x:3']) hub.set(a, ana, k, 'viewing');
    expect(hub.list().map((p) => p.itemKey)).toEqual(['x:2', 'x:3']);
    expect(b.got.filter((p) => p.state === 'idle').map((p) => p.itemKey)).toEqual(['x:1']);
  });
});
