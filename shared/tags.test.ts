import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TAG_PALETTE,
  THEME_BACKGROUNDS,
  TagColor,
  currentTagName,
  defaultTagColor,
  groupTagsByCategory,
  replaceTag,
  splitTag,
  tagKey,
  tagPaletteEntry,
  tagRenames,
} from './tags.js';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('the Category - reason convention', () => {
  it.each([
    ['CS - late delivery', { category: 'CS', reason: 'late delivery' }],
    ['Campaign - pumpkin spice', { category: 'Campaign', reason: 'pumpkin spice' }],
    ['CS - late - very', { category: 'CS', reason: 'late - very' }],
    ['Urgent', { category: null, reason: 'Urgent' }],
    ['e-mail', { category: null, reason: 'e-mail' }],
    ['CS -', { category: null, reason: 'CS -' }],
  ])('splits %s', (name, parts) => {
    expect(splitTag(name)).toEqual(parts);
  });

  it('folds case, spacing and compatibility forms into one key', () => {
    expect(tagKey('  CS  -   Late ')).toBe(tagKey('cs - late'));
    expect(tagKey('ＣＳ - late')).toBe(tagKey('CS - late'));
    expect(tagKey('CS - late')).not.toBe(tagKey('CS - lateness'));
  });

  it('groups by category, category-less last', () => {
    const groups = groupTagsByCategory([
      { name: 'Urgent' },
      { name: 'cs - late' },
      { name: 'Campaign - spring' },
      { name: 'CS - damaged' },
    ]);
    expect(groups.map((g) => [g.category, g.tags.map((t) => t.name)])).toEqual([
      ['Campaign', ['Campaign - spring']],
      ['cs', ['CS - damaged', 'cs - late']],
      [null, ['Urgent']],
    ]);
  });
});

describe('the tag palette', () => {
  it.each(['light', 'dark'] as const)(
    'passes WCAG AA (4.5:1) in the %s theme, on its chip and on the page',
    (theme) => {
      for (const p of TAG_PALETTE) {
        expect(contrast(p[theme].fg, p[theme].bg), `${p.name} fg on bg`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(p[theme].fg, THEME_BACKGROUNDS[theme]), `${p.name} fg on page`).toBeGreaterThanOrEqual(4.5);
      }
    },
  );

  it('is the design tokens’ palette (extension/ui/tokens.css)', () => {
    const css = readFileSync(join(import.meta.dirname, '../extension/ui/tokens.css'), 'utf8');
    const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');
    const read = (text: string) =>
      new Map([...text.matchAll(/(--[a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
    const light = read(css.slice(0, darkAt));
    const dark = read(css.slice(darkAt));
    for (const p of TAG_PALETTE) {
      expect([light.get(`--tag-${p.name}-fg`), light.get(`--tag-${p.name}-bg`)]).toEqual([p.light.fg, p.light.bg]);
      expect([dark.get(`--tag-${p.name}-fg`), dark.get(`--tag-${p.name}-bg`)]).toEqual([p.dark.fg, p.dark.bg]);
      expect(p.hex).toBe(p.light.fg);
    }
  });

  it('gives one category one default colour, and accepts only palette colours', () => {
    expect(defaultTagColor('CS - late')).toBe(defaultTagColor('CS - damaged'));
    expect(TagColor.safeParse(defaultTagColor('Urgent')).success).toBe(true);
    expect(TagColor.safeParse('#123456').success).toBe(false);
    expect(tagPaletteEntry('#B42318').name).toBe('red');
    expect(tagPaletteEntry('#123456').name).toBe('grey');
  });
});

describe('renames and merges', () => {
  it('replace a name on an item in place, once', () => {
    expect(replaceTag(['A', 'B'], 'A', 'C')).toEqual(['C', 'B']);
    expect(replaceTag(['A', 'C'], 'A', 'C')).toEqual(['C']);
    const untouched = ['B'];
    expect(replaceTag(untouched, 'A', 'C')).toBe(untouched);
  });

  it('map every old name in the log to the current one', () => {
    const map = tagRenames([
      { type: 'item.tagged', tag: 'CS - late', by: 'm' },
      { type: 'tag.renamed', tagId: 't1', from: 'CS - late', to: 'CS - delayed' },
      { type: 'tag.merged', tagId: 't2', from: 'Shipping - slow', intoId: 't1', into: 'CS - delayed' },
      { type: 'tag.renamed', tagId: 't1', from: 'CS - delayed', to: 'CS - late delivery' },
    ]);
    expect(currentTagName(map, 'CS - late')).toBe('CS - late delivery');
    expect(currentTagName(map, 'Shipping - slow')).toBe('CS - late delivery');
    expect(currentTagName(map, 'CS - delayed')).toBe('CS - late delivery');
    expect(currentTagName(map, 'CS - late delivery')).toBe('CS - late delivery');
    expect(currentTagName(map, 'Other')).toBe('Other');
    // Renamed back: the name means itself again.
    const back = tagRenames([
      { type: 'tag.renamed', tagId: 't1', from: 'A', to: 'B' },
      { type: 'tag.renamed', tagId: 't1', from: 'B', to: 'A' },
    ]);
    expect([...back]).toEqual([['B', 'A']]);
  });
});
