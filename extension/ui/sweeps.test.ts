import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SWEEP_SETTINGS, SWEEP_KINDS_BY_PLATFORM } from '../../shared/sweeps';
import { daysText, durationText, fromDraft, parseTargetId, toDraft } from './sweeps';

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

  it('by default offers only what this extension reads: no X message inbox, nothing yet on YouTube', () => {
    const d = toDraft(saved);
    expect(fromDraft('x', saved, d)).toMatchObject({
      ok: true,
      settings: { kinds: ['notifications', 'recent-posts'] },
    });
    expect(fromDraft('youtube', saved, d)).toEqual({ ok: false, error: 'sweepsUiErrorNoKinds:platformYoutube' });
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
