import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVE_VIEW_JOIN_SLACK_MS, type LiveViewBeatRecord } from './live-views-repo.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, tempDir, type TempDir } from './test-helpers.js';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const S = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

let dir: TempDir;
let store: SqliteStore;
beforeEach(async () => {
  dir = tempDir();
  store = await openTestStore(dir.file());
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

const beat = (atMs: number, viewedMs: number, over: Partial<LiveViewBeatRecord> = {}) =>
  store.recordLiveView({
    platform: 'linkedin',
    profile: 'Acme',
    kind: 'notifications',
    memberId: 'mem_1',
    at: new Date(atMs),
    viewedMs,
    ...over,
  });
const all = () => store.listLiveViews({ since: iso(0), until: iso(T0 + 86_400_000) });

describe('live views: spans of a page in view', () => {
  it('a beat vouches for viewedMs before it and nothing after; the next one that reaches back extends the span', async () => {
    expect(await beat(T0, 0)).toMatchObject({ extended: false, span: { from: iso(T0), to: iso(T0) } });
    expect(await beat(T0 + 60 * S, 60 * S)).toMatchObject({
      extended: true,
      span: { from: iso(T0), to: iso(T0 + 60 * S) },
    });
    // a beat lost (offline, throttled): the next one vouches for 2 minutes and still reaches back
    expect(await beat(T0 + 180 * S, 120 * S)).toMatchObject({
      extended: true,
      span: { from: iso(T0), to: iso(T0 + 180 * S) },
    });
    expect(await all()).toEqual([
      {
        platform: 'linkedin',
        profile: 'acme', // normalised
        kind: 'notifications',
        memberId: 'mem_1',
        from: iso(T0),
        to: iso(T0 + 180 * S),
      },
    ]);
  });

  it('starts a new span when what the beat vouches for does not reach back to the span (the tab was hidden)', async () => {
    await beat(T0, 0);
    await beat(T0 + 60 * S, 60 * S); // [T0, T0+60s]
    // hidden from T0+60s; shown again at T0+150s (viewedMs restarts at 0), beat a minute later
    expect(await beat(T0 + 150 * S, 0)).toMatchObject({ extended: false });
    expect(await beat(T0 + 210 * S, 60 * S)).toMatchObject({ extended: true });
    expect((await all()).map((v) => [v.from, v.to])).toEqual([
      [iso(T0), iso(T0 + 60 * S)],
      [iso(T0 + 150 * S), iso(T0 + 210 * S)],
    ]);
  });

  it('joins only within the latency slack of the span end', async () => {
    await beat(T0, 0);
    const edge = T0 + 60 * S + LIVE_VIEW_JOIN_SLACK_MS;
    expect(await beat(edge, 60 * S)).toMatchObject({ extended: true }); // reaches T0 + slack: joins
    expect(await beat(edge + 60 * S + LIVE_VIEW_JOIN_SLACK_MS + 1, 60 * S)).toMatchObject({ extended: false });
  });

  it('keeps spans apart per member, page kind and profile', async () => {
    await beat(T0, 0);
    expect(await beat(T0 + 60 * S, 60 * S, { memberId: 'mem_2' })).toMatchObject({ extended: false });
    expect(await beat(T0 + 60 * S, 60 * S, { kind: 'dms' })).toMatchObject({ extended: false });
    expect(await beat(T0 + 60 * S, 60 * S, { profile: 'other' })).toMatchObject({ extended: false });
    expect(await beat(T0 + 60 * S, 60 * S, { profile: '@ACME' })).toMatchObject({ extended: true });
    expect(await all()).toHaveLength(4);
  });

  it('lists the spans that overlap the period, and only those', async () => {
    await beat(T0 + 60 * S, 60 * S); // [T0, T0+60s]
    await beat(T0 + 600 * S, 60 * S); // [T0+540s, T0+600s]
    const between = await store.listLiveViews({ since: iso(T0 + 60 * S), until: iso(T0 + 540 * S) });
    expect(between).toEqual([]); // one ends at the period's start, the other starts at its end
    const some = await store.listLiveViews({ since: iso(T0 + 30 * S), until: iso(T0 + 560 * S) });
    expect(some.map((v) => v.from)).toEqual([iso(T0), iso(T0 + 540 * S)]);
  });
});
