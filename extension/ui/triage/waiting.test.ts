import { describe, expect, it } from 'vitest';
import { durationParts, initials, tagColor, TAG_COLORS, waitLevel, waiting } from './waiting';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ago = (min: number) => new Date(NOW - min * 60_000).toISOString();
const base = {
  siteTimestamp: ago(30),
  capturedAt: ago(10),
  repliedAt: null,
  status: 'open' as const,
  updatedAt: ago(0),
};

describe('waiting', () => {
  it('runs from the site time (else capture time) to now', () => {
    expect(waiting(base, NOW, 60)).toEqual({ ms: 30 * 60_000, level: 'ok', stopped: null });
    expect(waiting({ ...base, siteTimestamp: null }, NOW, 60).ms).toBe(10 * 60_000);
  });
  it('stops at the reply, or for a done item at its last change', () => {
    expect(waiting({ ...base, repliedAt: ago(20) }, NOW, 60)).toEqual({
      ms: 10 * 60_000,
      level: 'ok',
      stopped: 'replied',
    });
    expect(waiting({ ...base, status: 'done', updatedAt: ago(25) }, NOW, 60)).toMatchObject({
      ms: 5 * 60_000,
      stopped: 'closed',
    });
  });
  it('is ok under the target, warn under four times it, late from there', () => {
    expect(waitLevel(59 * 60_000, 60)).toBe('ok');
    expect(waitLevel(60 * 60_000, 60)).toBe('warn');
    expect(waitLevel(239 * 60_000, 60)).toBe('warn');
    expect(waitLevel(240 * 60_000, 60)).toBe('late');
    expect(waiting({ ...base, siteTimestamp: ago(45) }, NOW, 15).level).toBe('warn');
  });
  it('never goes negative on a clock that is behind', () => {
    expect(waiting({ ...base, siteTimestamp: ago(-5) }, NOW, 60).ms).toBe(0);
  });
});

describe('helpers', () => {
  it('durationParts', () => {
    expect(durationParts(30_000)).toEqual([0, 'm']);
    expect(durationParts(59 * 60_000)).toEqual([59, 'm']);
    expect(durationParts(47 * 3_600_000)).toEqual([47, 'h']);
    expect(durationParts(50 * 3_600_000)).toEqual([2, 'd']);
  });
  it('initials', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  bob ')).toBe('B');
    expect(initials('Zoë de la Cruz')).toBe('ZC');
  });
  it('tagColor keeps a colour per category, from the tokens palette', () => {
    expect(tagColor('CS - late delivery')).toBe(tagColor('CS - refund'));
    expect(TAG_COLORS).toContain(tagColor('Sales - lead'));
  });
});
