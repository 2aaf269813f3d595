import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SWEEP_SETTINGS, SWEEP_KINDS_BY_PLATFORM } from '../../shared/sweeps';
import {
  coverageTable,
  daysText,
  durationText,
  fetchSweepCoverage,
  fromDraft,
  parseTargetId,
  percentText,
  toDraft,
  type Ask,
} from './sweeps';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('./i18n', () => ({
  i18n: { t: (key: string, a?: unknown) => (Array.isArray(a) ? `${key}:${a.join(',')}` : key) },
}));

describe('sweep words', () => {
  it('reads a target id, handles with colons too', () => {
    expect(parseTargetId('linkedin:acme:dms')).toEqual({ platform: 'linkedin', profile: 'acme', kind: 'dms' });
    expect(parseTargetId('youtube:acme:dms')).toBeNull(); // YouTube has no inbox
    expect(parseTargetId('nonsense')).toBeNull();
  });

  it('says durations the short way', () => {
    expect(durationText(12 * 60_000)).toBe('sweepsUiDurMinutes:12');
    expect(durationText((3 * 60 + 10) * 60_000)).toBe('sweepsUiDurHoursMinutes:3,10');
    expect(durationText(2 * 3_600_000)).toBe('sweepsUiDurHours:2');
    expect(durationText(72 * 3_600_000)).toBe('sweepsUiDurDays:3');
  });

  it('folds runs of days into ranges, Monday first', () => {
    expect(daysText([1, 2, 3, 4, 5])).toBe('sweepsUiDay1–sweepsUiDay5');
    expect(daysText([0, 1, 3])).toBe('sweepsUiDay1, sweepsUiDay3, sweepsUiDay0');
    expect(daysText([])).toBe('sweepsUiSummaryNoDays');
  });
});

describe('the sweep settings draft', () => {
  const saved = { ...DEFAULT_SWEEP_SETTINGS, enabled: true, jitter: 0.3, unreadThreads: 2 };

  it('keeps the fields it does not edit, and takes the platform’s kinds only', () => {
    const d = { ...toDraft(saved), workingEveryMinutes: '5', end: '24:00' };
    const r = fromDraft('youtube', saved, d, SWEEP_KINDS_BY_PLATFORM.youtube);
    expect(r).toEqual({
      ok: true,
      settings: {
        ...saved,
        kinds: ['notifications', 'recent-posts'],
        workingEveryMinutes: 5,
        workingHours: { ...saved.workingHours, end: '24:00' },
      },
    });
  });

  it('by default offers only what this extension reads: no TikTok message inbox, YouTube’s posts only', () => {
    const d = toDraft(saved);
    expect(fromDraft('x', saved, d)).toMatchObject({
      ok: true,
      settings: { kinds: ['notifications', 'dms', 'recent-posts'] },
    });
    expect(fromDraft('tiktok', saved, d)).toMatchObject({
      ok: true,
      settings: { kinds: ['notifications', 'recent-posts'] },
    });
    expect(fromDraft('youtube', saved, d)).toMatchObject({ ok: true, settings: { kinds: ['recent-posts'] } });
    expect(fromDraft('youtube', saved, { ...d, kinds: ['notifications'] })).toEqual({
      ok: false,
      error: 'sweepsUiErrorNoKinds:platformYoutube',
    });
  });

  it('conversations to open: 0 to 10, kept as saved when the inbox is not swept', () => {
    const d = toDraft(saved);
    expect(fromDraft('x', saved, { ...d, unreadThreads: '0' })).toMatchObject({
      ok: true,
      settings: { unreadThreads: 0 },
    });
    expect(fromDraft('x', saved, { ...d, unreadThreads: '11' })).toEqual({
      ok: false,
      error: 'sweepsUiErrorUnreadThreads',
    });
    expect(fromDraft('x', saved, { ...d, kinds: ['notifications'], unreadThreads: '99' })).toMatchObject({
      ok: true,
      settings: { unreadThreads: saved.unreadThreads },
    });
  });

  it('names the first problem', () => {
    const d = toDraft(saved);
    expect(fromDraft('x', saved, { ...d, maxPageLoadsPerHour: '0' })).toEqual({ ok: false, error: 'sweepsUiErrorCap' });
    expect(fromDraft('x', saved, { ...d, start: '9' })).toEqual({ ok: false, error: 'sweepsUiErrorStart' });
    expect(fromDraft('x', saved, { ...d, end: '09:00' })).toEqual({ ok: false, error: 'sweepsUiErrorSameTime' });
    expect(fromDraft('x', saved, { ...d, kinds: [] })).toEqual({ ok: false, error: 'sweepsUiErrorNoKinds:platformX' });
    expect(fromDraft('x', saved, { ...d, recentPosts: '21' })).toEqual({ ok: false, error: 'sweepsUiErrorPosts' });
  });
});

describe('coverage', () => {
  const DAY = 86_400_000;
  const target = (id: string, kind: 'notifications' | 'dms' | 'recent-posts', share: number) => ({
    targetId: id,
    kind,
    sweptMs: Math.round(share * DAY),
    coveredMs: Math.round(share * DAY),
    share,
  });
  const COVERAGE = {
    from: '2026-02-23T10:00:00.000Z',
    to: '2026-03-02T10:00:00.000Z',
    leftOut: 0,
    profiles: [
      {
        platform: 'youtube' as const,
        profile: 'acme',
        periodMs: DAY,
        coveredMs: DAY / 2,
        share: 0.5,
        targets: [
          target('youtube:acme:notifications', 'notifications', 0.5),
          target('youtube:acme:recent-posts', 'recent-posts', 0.999),
        ],
      },
      {
        platform: 'x' as const,
        profile: 'acme',
        periodMs: DAY,
        coveredMs: DAY / 4,
        share: 0.25,
        targets: [target('x:acme:notifications', 'notifications', 0.29), target('x:acme:dms', 'dms', 0.25)],
      },
    ],
  };

  it('rounds shares down: 99.9 % is never shown as all of it', () => {
    expect(percentText(0.999)).toBe('sweepsUiCoveragePercent:99');
    expect(percentText(0.29)).toBe('sweepsUiCoveragePercent:29'); // not 28 (0.29 × 100 is 28.999…)
    expect(percentText(0.002)).toBe('sweepsUiCoveragePercent:<1'); // some, but under one per cent: never "0 %"
    expect(percentText(0)).toBe('sweepsUiCoveragePercent:0');
    expect(percentText(1)).toBe('sweepsUiCoveragePercent:100');
    expect(percentText(0)).toBe('sweepsUiCoveragePercent:0');
  });

  it('makes one row per profile in site order and one column per kind of page some profile has', () => {
    const table = coverageTable(COVERAGE);
    expect(table.columns).toEqual(['notifications', 'dms', 'recent-posts']);
    expect(table.rows).toEqual([
      {
        key: 'x:acme',
        platform: 'x',
        site: 'platformX',
        profile: 'acme',
        share: 'sweepsUiCoveragePercent:25',
        kinds: ['sweepsUiCoveragePercent:29', 'sweepsUiCoveragePercent:25', null],
      },
      {
        key: 'youtube:acme',
        platform: 'youtube',
        site: 'platformYoutube',
        profile: 'acme',
        share: 'sweepsUiCoveragePercent:50',
        kinds: ['sweepsUiCoveragePercent:50', null, 'sweepsUiCoveragePercent:99'], // YouTube has no inbox
      },
    ]);
    expect(coverageTable({ ...COVERAGE, profiles: [] })).toEqual({ columns: [], rows: [], leftOut: 0 });
  });

  it('asks the companion for the last 7 days and reads only what parses', async () => {
    const asked: unknown[] = [];
    const answering =
      (reply: unknown): Ask =>
      async (req) => {
        asked.push(req);
        return reply as never;
      };
    expect(await fetchSweepCoverage(answering({ ok: true, result: COVERAGE }))).toEqual({ ok: true, value: COVERAGE });
    expect(asked[0]).toEqual({ type: 'companion', request: 'sweeps.coverage', payload: { days: 7 } });
    expect(await fetchSweepCoverage(answering({ ok: true, result: { ...COVERAGE, profiles: 'all' } }))).toEqual({
      ok: false,
      error: 'errorUnreachable',
    });
    expect(await fetchSweepCoverage(answering({ ok: false, error: 'The companion is not running.' }))).toEqual({
      ok: false,
      error: 'The companion is not running.',
    });
  });
});
