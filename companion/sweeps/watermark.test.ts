import { describe, expect, it } from 'vitest';
import { SWEEP_MAX_LANES, SweepWatermark, sweepTextHash, type SweepSeen } from '../../shared/sweeps.js';
import { STREAM_LANE, advance, detectChanges, emptyWatermark, itemKeys, newSince } from './watermark.js';

const seen = (nativeId: string, at: string | null, text = nativeId, postId: string | null = null): SweepSeen => ({
  nativeId,
  at: at === null ? null : new Date(at).toISOString(),
  hash: sweepTextHash(text),
  postId,
});
const ids = (items: readonly SweepSeen[]) => items.map((i) => i.nativeId);

describe('newSince', () => {
  it('takes everything (once) on a first sweep', () => {
    const items = [seen('a', '2026-03-02T10:00:00Z'), seen('b', null), seen('a', '2026-03-02T10:00:00Z')];
    expect(ids(newSince(null, items))).toEqual(['a', 'b']);
  });

  it('at the boundary time, takes only ids not seen there: nothing lost, nothing doubled', () => {
    const first = advance(null, [seen('a', '2026-03-02T10:00:00Z'), seen('z', '2026-03-02T09:00:00Z')]);
    expect(first.lanes[STREAM_LANE]).toEqual({ at: '2026-03-02T10:00:00.000Z', ids: ['a'] });
    const next = [
      seen('d', '2026-03-02T10:01:00Z'), // later
      seen('a', '2026-03-02T10:00:00Z'), // seen
      seen('b', '2026-03-02T10:00:00Z'), // same minute, new id
      seen('c', '2026-03-02T09:59:00Z'), // older and never seen: before the watermark
    ];
    expect(ids(newSince(first, next))).toEqual(['d', 'b']);
    // The same time written with another offset is the same time.
    expect(ids(newSince(first, [seen('e', '2026-03-02T11:00:00+01:00')]))).toEqual(['e']);
    expect(ids(newSince({ ...first, window: [] }, [seen('a', '2026-03-02T11:00:00+01:00')]))).toEqual([]);
  });

  it('never counts an item of the last sweep as new again, though its relative time drifted forward', () => {
    // "1h" read at 10:00 is 09:00; read at 10:10 it is 09:10 — past the boundary, but the same item.
    const wm = advance(null, [seen('a', '2026-03-02T09:00:00Z')]);
    expect(newSince(wm, [seen('a', '2026-03-02T09:10:00Z')])).toEqual([]);
  });

  it('keeps a boundary per post thread', () => {
    const wm = advance(null, [
      seen('c1', '2026-03-02T10:00:00Z', 'x', 'p1'),
      seen('c2', '2026-03-01T10:00:00Z', 'x', 'p2'),
    ]);
    const next = [
      seen('c3', '2026-03-01T12:00:00Z', 'x', 'p1'), // older than p1's newest
      seen('c4', '2026-03-01T12:00:00Z', 'x', 'p2'), // newer than p2's newest
      seen('c5', '2026-03-01T12:00:00Z', 'x', 'p3'), // a post not seen before
    ];
    expect(ids(newSince(wm, next))).toEqual(['c4', 'c5']);
  });

  it('takes an item without a site time only when the last sweep did not see it', () => {
    const wm = advance(null, [seen('a', null), seen('b', '2026-03-02T10:00:00Z')]);
    expect(ids(newSince(wm, [seen('a', null), seen('n', null)]))).toEqual(['n']);
  });
});

describe('advance', () => {
  it('moves each boundary to the newest time, gathers ids at that time, never moves back', () => {
    let wm = advance(null, [seen('a', '2026-03-02T10:00:00Z'), seen('b', '2026-03-02T10:00:00Z')]);
    expect(wm.lanes['']).toEqual({ at: '2026-03-02T10:00:00.000Z', ids: ['a', 'b'] });
    wm = advance(wm, [seen('c', '2026-03-02T10:00:00Z'), seen('old', '2026-03-01T10:00:00Z')]);
    expect(wm.lanes['']).toEqual({ at: '2026-03-02T10:00:00.000Z', ids: ['a', 'b', 'c'] });
    expect(ids(wm.window)).toEqual(['c', 'old']); // the window is what this sweep saw, newest first
    wm = advance(wm, []);
    expect(wm.lanes['']?.at).toBe('2026-03-02T10:00:00.000Z');
    wm = advance(wm, [seen('d', '2026-03-02T10:05:00Z')]);
    expect(wm.lanes['']).toEqual({ at: '2026-03-02T10:05:00.000Z', ids: ['d'] });
  });

  it('caps lanes, keeping the threads this sweep read', () => {
    const many = Array.from({ length: SWEEP_MAX_LANES }, (_, i) =>
      seen(`c${i}`, '2026-03-01T10:00:00Z', 'x', `old${i}`),
    );
    const wm = advance(advance(null, many), [seen('n1', '2026-03-02T10:00:00Z', 'x', 'new1')]);
    expect(Object.keys(wm.lanes)).toHaveLength(SWEEP_MAX_LANES);
    expect(wm.lanes['new1']).toBeDefined();
  });

  it('is plain JSON that the shared schema reads back as it was', () => {
    const wm = advance(emptyWatermark(), [seen('a', '2026-03-02T10:00:00Z', 'hi', 'p1'), seen('b', null)]);
    expect(SweepWatermark.parse(JSON.parse(JSON.stringify(wm)))).toEqual(wm);
  });
});

describe('detectChanges', () => {
  const prev = [
    seen('n5', '2026-03-02T10:05:00Z', 'five'),
    seen('n4', '2026-03-02T10:04:00Z', 'four'),
    seen('n3', '2026-03-02T10:03:00Z', 'three'),
    seen('n2', '2026-03-02T10:02:00Z', 'two'),
    seen('n1', '2026-03-02T10:01:00Z', 'one'),
  ];

  it('finds edits by hash and deletions inside the span a newest-first list was read', () => {
    const now = [
      seen('n6', '2026-03-02T10:06:00Z', 'six'),
      seen('n5', '2026-03-02T10:05:00Z', 'five, edited'),
      // n4 is gone
      seen('n3', '2026-03-02T10:03:00Z', '  three '), // only spacing changed: not an edit
      seen('n2', '2026-03-02T10:02:00Z', 'two'),
      // reading stopped here: n1 is older than anything read, so proves nothing
    ];
    expect(detectChanges(prev, now, [{ lane: '', complete: false }])).toEqual({ edited: ['n5'], deleted: ['n4'] });
  });

  it('claims no deletion at the oldest time read (reading may have stopped inside that minute)', () => {
    const now = [seen('n5', '2026-03-02T10:05:00Z', 'five'), seen('x', '2026-03-02T10:04:00Z')];
    expect(detectChanges(prev, now, []).deleted).toEqual([]); // n4 shares the oldest time read
  });

  it('a complete lane proves every absence; a thread read in part proves none; an unread lane nothing', () => {
    const before = [
      seen('a', '2026-03-02T10:00:00Z', 'a', 'p1'),
      seen('b', '2026-03-02T11:00:00Z', 'b', 'p1'),
      seen('c', null, 'c', 'p1'),
      seen('d', '2026-03-02T10:00:00Z', 'd', 'p2'),
      seen('e', '2026-03-02T11:00:00Z', 'e', 'p2'),
      seen('f', '2026-03-02T10:00:00Z', 'f', 'p3'),
    ];
    const now = [seen('a', '2026-03-02T10:00:00Z', 'a', 'p1'), seen('d', '2026-03-02T09:00:00Z', 'd', 'p2')];
    const coverage = [
      { lane: 'p1', complete: true },
      { lane: 'p2', complete: false },
    ];
    expect(detectChanges(before, now, coverage)).toEqual({ edited: [], deleted: ['b', 'c'] });
    // A complete lane in which nothing is left: everything in it was deleted.
    expect(detectChanges(before, [], [{ lane: 'p3', complete: true }]).deleted).toEqual(['f']);
  });

  it('never deletes an item without a site time from a list read in part', () => {
    expect(detectChanges([seen('q', null)], [seen('r', '2026-03-02T09:00:00Z')], []).deleted).toEqual([]);
  });

  it('names changes as item keys of the platform', () => {
    expect(itemKeys('linkedin', ['n4'])).toEqual(['linkedin:n4']);
  });
});

describe('sweepTextHash', () => {
  it('ignores spacing and Unicode composition, and tells different texts apart', () => {
    expect(sweepTextHash('  Hej  då\n')).toBe(sweepTextHash('Hej då'));
    expect(sweepTextHash('Cafe\u0301')).toBe(sweepTextHash('Café'));
    expect(sweepTextHash('Hej då')).not.toBe(sweepTextHash('Hej da'));
    expect(sweepTextHash('')).toMatch(/^[0-9a-f]{16}$/);
  });
});
