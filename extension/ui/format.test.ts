import { describe, expect, it, vi } from 'vitest';
import { excerpt, formatAge, platformLabel } from './format';

vi.mock('./i18n', () => ({
  i18n: {
    t: (key: string, subs?: string[]) =>
      ({ ageNow: 'now', ageMinutes: '$1 m', ageHours: '$1 h', ageDays: '$1 d' })[key]?.replace('$1', subs?.[0] ?? '') ??
      key,
  },
}));

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('formatAge', () => {
  it('says now, minutes, hours and days', () => {
    expect(formatAge(ago(10_000), NOW)).toBe('now');
    expect(formatAge(ago(3 * 60_000), NOW)).toBe('3 m');
    expect(formatAge(ago(59 * 60_000), NOW)).toBe('59 m');
    expect(formatAge(ago(2 * 3600_000 + 5), NOW)).toBe('2 h');
    expect(formatAge(ago(49 * 3600_000), NOW)).toBe('2 d');
  });
  it('treats future timestamps (clock skew) as now and bad input as empty', () => {
    expect(formatAge(new Date(NOW + 60_000).toISOString(), NOW)).toBe('now');
    expect(formatAge('yesterday', NOW)).toBe('');
  });
});

describe('excerpt', () => {
  it('collapses whitespace and cuts long text with an ellipsis, not inside a surrogate pair', () => {
    expect(excerpt('  a\n\n b\tc  ')).toBe('a b c');
    expect(excerpt('abcdefghij', 5)).toBe('abcd…');
    expect(excerpt('😀😀😀😀😀😀', 4)).toBe('😀😀😀…');
  });
});

describe('platformLabel', () => {
  it('has a label key for every platform', () => {
    expect(platformLabel('x')).toBe('platformX');
    expect(platformLabel('linkedin')).toBe('platformLinkedin');
  });
});
