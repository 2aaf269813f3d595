import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Presence, PresenceState } from '../../shared/protocol';
import { PresenceRelay, type PresenceDeps } from './presence';
import { RequestError, realTimers } from './socket-client';

const T0 = Date.parse('2026-03-02T15:00:00.000Z');
const at = (ms = 0) => new Date(T0 + ms).toISOString();
const tess = (itemKey: string, state: PresenceState, extra: Partial<Presence> = {}): Presence => ({
  memberId: 'mem_tess',
  name: 'Tess',
  itemKey,
  state,
  at: at(),
  ...extra,
});

function relay(over: Partial<PresenceDeps> = {}) {
  const sent: Array<[string, PresenceState]> = [];
  const published: Presence[][] = [];
  let listed: Presence[] = [];
  const deps: PresenceDeps = {
    timers: realTimers, // looked up at call time: vitest's fake timers apply
    send: vi.fn(async (key: string, state: PresenceState) => {
      sent.push([key, state]);
      return { at: at(), expiresAt: at(30_000) };
    }),
    list: vi.fn(async () => listed),
    me: () => 'mem_me',
    publish: (entries) => published.push(entries),
    ...over,
  };
  const r = new PresenceRelay(deps);
  return {
    r,
    deps,
    sent,
    published,
    setList: (l: Presence[]) => (listed = l),
    shown: () => published.at(-1) ?? [],
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('presence relay: teammates', () => {
  it('shows teammates as they change, never this member, and drops idle', async () => {
    const { r, shown, published } = relay();
    await r.connected();
    r.receive(tess('x:1', 'viewing'));
    expect(shown()).toEqual([tess('x:1', 'viewing')]);
    r.receive({ ...tess('x:1', 'typing'), memberId: 'mem_me', name: 'Me' }); // my other browser
    expect(shown()).toEqual([tess('x:1', 'viewing')]);
    r.receive(tess('x:1', 'typing'));
    expect(shown()).toEqual([tess('x:1', 'typing')]);
    const before = published.length;
    r.receive(tess('x:1', 'typing', { at: at(5000) })); // nothing new: not published again
    expect(published).toHaveLength(before);
    r.receive(tess('x:1', 'idle'));
    expect(shown()).toEqual([]);
  });

  it('asks presence.list on (re)connect and every poll, which replaces what it holds', async () => {
    const { r, deps, shown, setList } = relay();
    setList([tess('x:1', 'typing'), tess('x:2', 'idle')]);
    await r.connected();
    expect(deps.list).toHaveBeenCalledTimes(1);
    expect(shown()).toEqual([tess('x:1', 'typing')]);
    setList([tess('x:3', 'viewing')]);
    await vi.advanceTimersByTimeAsync(16_000);
    expect(deps.list).toHaveBeenCalledTimes(2);
    expect(shown()).toEqual([tess('x:3', 'viewing')]);
  });

  it('drops an entry nobody heard of for 35 s, and everything when the connection goes', async () => {
    const { r, deps, shown } = relay({ list: vi.fn(async () => Promise.reject(new Error('old companion'))) });
    await r.connected();
    r.receive(tess('x:1', 'viewing'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(shown()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(shown()).toEqual([]);
    expect(deps.list).toHaveBeenCalled();

    r.receive(tess('x:2', 'typing'));
    expect(shown()).toHaveLength(1);
    r.disconnected();
    expect(shown()).toEqual([]);
  });
});

describe('presence relay: this browser', () => {
  it('tells the companion the strongest state over the tabs, once per change, and idle when all leave', async () => {
    const { r, sent } = relay();
    await r.connected();
    r.set('tab:1:0', 'x:1', 'viewing');
    r.set('tab:2:0', 'x:1', 'viewing');
    r.set('tab:2:0', 'x:1', 'typing');
    r.set('tab:1:0', 'x:1', 'viewing'); // a re-send that changes nothing
    expect(sent).toEqual([
      ['x:1', 'viewing'],
      ['x:1', 'typing'],
    ]);
    r.set('tab:2:0', 'x:1', 'idle');
    expect(sent.at(-1)).toEqual(['x:1', 'viewing']);
    r.dropSources((s) => s.startsWith('tab:1:'));
    expect(sent.at(-1)).toEqual(['x:1', 'idle']);
    expect(r.effective('x:1')).toBe('idle');
  });

  it('refreshes a state that holds within 20 s, and forgets a tab that stopped saying it', async () => {
    const { r, sent } = relay();
    await r.connected();
    r.set('tab:1:0', 'x:1', 'viewing');
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toEqual([
      ['x:1', 'viewing'],
      ['x:1', 'viewing'],
    ]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toHaveLength(3);
    // the tab never re-sent: after its lease (45 s) the item ends
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent.at(-1)).toEqual(['x:1', 'idle']);
    const n = sent.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(n);
  });

  it('sends nothing while offline, and says what holds again after the reconnect', async () => {
    const { r, sent } = relay();
    r.set('tab:1:0', 'x:1', 'typing');
    r.set('tab:1:0', 'x:2', 'viewing');
    expect(sent).toEqual([]);
    await r.connected();
    expect(sent).toEqual([
      ['x:1', 'typing'],
      ['x:2', 'viewing'],
    ]);
    r.disconnected();
    r.set('tab:1:0', 'x:2', 'idle');
    await r.connected();
    expect(sent.slice(2)).toEqual([['x:1', 'typing']]);
  });

  it('rate limits locally: a burst goes out, the rest waits and coalesces to the latest state', async () => {
    const { r, sent } = relay();
    await r.connected();
    for (let i = 0; i < 12; i++) r.set('tab:1:0', `x:${i}`, 'viewing');
    expect(sent).toHaveLength(8);
    r.set('tab:1:0', 'x:10', 'typing'); // still waiting: only the latest is sent
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.slice(8)).toEqual([
      ['x:8', 'viewing'],
      ['x:9', 'viewing'],
      ['x:10', 'typing'],
      ['x:11', 'viewing'],
    ]);
  });

  it('waits retryAfter when the companion says RATE_LIMITED, then sends the state that holds', async () => {
    let refuse = true;
    const sent: Array<[string, PresenceState]> = [];
    const { r } = relay({
      send: async (key, state) => {
        sent.push([key, state]);
        if (refuse) {
          refuse = false;
          throw new RequestError('RATE_LIMITED', 'slow down', 2);
        }
        return {};
      },
    });
    await r.connected();
    r.set('tab:1:0', 'x:1', 'viewing');
    await vi.advanceTimersByTimeAsync(0);
    r.set('tab:1:0', 'x:1', 'typing');
    await vi.advanceTimersByTimeAsync(1500);
    expect(sent).toEqual([['x:1', 'viewing']]);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual([
      ['x:1', 'viewing'],
      ['x:1', 'typing'],
    ]);
  });
});
