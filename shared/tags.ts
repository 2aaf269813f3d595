/**
 * The tag taxonomy's shared rules: the `Category - reason` naming convention,
 * what makes two names the same tag, the fixed colour palette, and how a
 * rename or merge rewrites names — so the companion, the overlay, the side
 * panel and reports all agree.
 */
import { z } from 'zod';
import type { EventData } from './model.js';

/** Category and reason are separated by a spaced hyphen: `CS - late delivery`. */
export const TAG_SEPARATOR = ' - ';

/**
 * `CS - late delivery` → `{ category: 'CS', reason: 'late delivery' }`. The
 * first ` - ` separates; a name without one is category-less
 * (`{ category: null, reason: name }`).
 */
export function splitTag(name: string): { category: string | null; reason: string } {
  const at = name.indexOf(TAG_SEPARATOR);
  if (at <= 0) return { category: null, reason: name };
  const category = name.slice(0, at).trim();
  const reason = name.slice(at + TAG_SEPARATOR.length).trim();
  if (!category || !reason) return { category: null, reason: name };
  return { category, reason };
}

/** A tag name as people type it: trimmed, inner whitespace collapsed, NFC. */
export function normaliseTagName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * What makes two names the same tag: `CS - Damaged` and `cs -  damaged` are
 * one tag. Locale-independent, so every machine folds the same way.
 */
export function tagKey(name: string): string {
  return normaliseTagName(name).normalize('NFKC').toLowerCase();
}

/**
 * The fixed tag palette: the design system's `--tag-<name>-fg/-bg` pairs
 * (extension/ui/tokens.css). Every pair passes WCAG AA (4.5:1) in both
 * themes, and every foreground also passes on the theme's page background.
 * A tag stores its colour as the entry's `hex` (the light foreground).
 */
export const TAG_PALETTE = [
  { name: 'red', hex: '#b42318', light: { fg: '#b42318', bg: '#fee4e2' }, dark: { fg: '#fda29b', bg: '#3d1613' } },
  { name: 'orange', hex: '#b93815', light: { fg: '#b93815', bg: '#fdead7' }, dark: { fg: '#f7b27a', bg: '#3b1d0d' } },
  { name: 'amber', hex: '#93370d', light: { fg: '#93370d', bg: '#fef0c7' }, dark: { fg: '#fec84b', bg: '#33240a' } },
  { name: 'green', hex: '#067647', light: { fg: '#067647', bg: '#dcfae6' }, dark: { fg: '#75e0a7', bg: '#0b2e1e' } },
  { name: 'teal', hex: '#107569', light: { fg: '#107569', bg: '#ccfbef' }, dark: { fg: '#5fe9d0', bg: '#0a2e2a' } },
  { name: 'blue', hex: '#1849a9', light: { fg: '#1849a9', bg: '#dbe8fe' }, dark: { fg: '#84adff', bg: '#102348' } },
  { name: 'violet', hex: '#6927da', light: { fg: '#6927da', bg: '#ece9fe' }, dark: { fg: '#bdb4fe', bg: '#25174d' } },
  { name: 'pink', hex: '#c01574', light: { fg: '#c01574', bg: '#fce7f6' }, dark: { fg: '#faa7e0', bg: '#3d0f2b' } },
  { name: 'grey', hex: '#404968', light: { fg: '#404968', bg: '#eaecf0' }, dark: { fg: '#cdd5df', bg: '#262b33' } },
] as const;
export type TagPaletteEntry = (typeof TAG_PALETTE)[number];

/** The page backgrounds the palette is checked against (tokens.css `--bg`). */
export const THEME_BACKGROUNDS = { light: '#ffffff', dark: '#16181c' } as const;

export const TAG_COLORS = TAG_PALETTE.map((p) => p.hex) as [TagPaletteEntry['hex'], ...TagPaletteEntry['hex'][]];
/** A colour a tag may have: one of the palette's hex values. */
export const TagColor = z.enum(TAG_COLORS);
export type TagColor = z.infer<typeof TagColor>;

/** The palette entry of a stored colour (grey for anything unknown). */
export function tagPaletteEntry(color: string): TagPaletteEntry {
  const hex = color.toLowerCase();
  return TAG_PALETTE.find((p) => p.hex === hex) ?? TAG_PALETTE[TAG_PALETTE.length - 1]!;
}

/**
 * The colour a new tag gets unless one is chosen: picked by its category (the
 * same string hash the overlay's item bar uses), so one category's tags share
 * a colour in every picker and report.
 */
export function defaultTagColor(name: string): TagColor {
  const category = splitTag(normaliseTagName(name)).category ?? normaliseTagName(name);
  let h = 0;
  for (const ch of category.toLowerCase()) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return TAG_PALETTE[h % TAG_PALETTE.length]!.hex;
}

/** Tags grouped by category (category-less last), both sorted by name. */
export function groupTagsByCategory<T extends { name: string }>(
  tags: readonly T[],
): { category: string | null; tags: T[] }[] {
  const groups = new Map<string | null, T[]>();
  for (const t of tags) {
    const { category } = splitTag(t.name);
    const key = category === null ? null : (groupKeyOf(groups, category) ?? category);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const byName = (a: string, b: string) => tagKey(a).localeCompare(tagKey(b));
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : byName(a, b)))
    .map(([category, list]) => ({ category, tags: list.sort((a, b) => byName(a.name, b.name)) }));
}

/** Categories compare like tags do (`cs` and `CS` are one category); the first spelling seen names the group. */
function groupKeyOf(groups: Map<string | null, unknown>, category: string): string | undefined {
  const k = tagKey(category);
  for (const g of groups.keys()) if (g !== null && tagKey(g) === k) return g;
  return undefined;
}

/**
 * An item's tag list after `from` was renamed to (or merged into) `to`: `from`
 * is replaced in place, and dropped if the item already carries `to`.
 * Returns the same array when the item does not carry `from`.
 */
export function replaceTag(tags: readonly string[], from: string, to: string): readonly string[] {
  if (!tags.includes(from)) return tags;
  if (from !== to && tags.includes(to)) return tags.filter((t) => t !== from);
  return tags.map((t) => (t === from ? to : t));
}

/**
 * Every name the log shows a tag had, mapped to the name it has now (after
 * every `tag.renamed` and `tag.merged`, in log order). A name that never
 * changed is absent: it still means itself. Reports key their tag counts
 * with `currentTagName(map, name)`, so figures from before a rename or merge
 * add up under today's tag.
 */
export function tagRenames(events: Iterable<EventData>): Map<string, string> {
  const now = new Map<string, string>();
  for (const e of events) {
    let from: string;
    let to: string;
    if (e.type === 'tag.renamed') [from, to] = [e.from, e.to];
    else if (e.type === 'tag.merged') [from, to] = [e.from, e.into];
    else continue;
    for (const [old, current] of now) if (current === from) now.set(old, to);
    if (from !== to) now.set(from, to);
    now.delete(to);
  }
  return now;
}

export function currentTagName(renames: ReadonlyMap<string, string>, name: string): string {
  return renames.get(name) ?? name;
}
