/**
 * Views: saved filters over the team's items (DESIGN.md §3). A view is
 * personal (kept in this browser) or shared (kept by the companion for the
 * whole team); the system views below are built in and the same for everyone.
 *
 * Filter semantics — every field narrows, an empty field does not:
 *   platforms / profiles / kinds / statuses / priorities  the item's value is one of them ([] = any)
 *   tags      any: has at least one of `names`; all: has every one; none: has none of them.
 *             `none` with no names means "has no tags at all" (the Untagged view). any/all with no names = any.
 *   assignee  null = anyone or nobody; 'me' = assigned to the member at this browser; 'nobody';
 *             'someone' = assigned to anybody; [ids] = assigned to one of those members
 *   keyword   every word (or "quoted phrase") appears in the text, author name, @handle or tags,
 *             case- and accent-insensitively ("Cafe" finds "café", "ØRE" finds "øre")
 *   minAgeHours / maxAgeHours  age = now − (site timestamp, else capture time), in hours, inclusive
 *
 * Pure: `matchesView` and `countByView` take the member and the clock as arguments.
 */
import { z } from 'zod';
import { IsoTime, ItemKind, ItemStatus, LIMITS, Platform, Priority, type Item } from './model';

export const TAG_MODES = ['any', 'all', 'none'] as const;
export const TagMode = z.enum(TAG_MODES);
export type TagMode = z.infer<typeof TagMode>;

export const TagFilter = z.object({
  mode: TagMode.default('any'),
  names: z.array(z.string().min(1).max(LIMITS.tag)).max(50).default([]),
});
export type TagFilter = z.output<typeof TagFilter>;

export const AssigneeFilter = z.union([
  z.enum(['me', 'nobody', 'someone']),
  z.array(z.string().min(1).max(128)).min(1).max(100),
]);
export type AssigneeFilter = z.output<typeof AssigneeFilter>;

const Hours = z
  .number()
  .nonnegative()
  .max(24 * 366 * 10);

export const ViewFilter = z.object({
  platforms: z.array(Platform).max(20).default([]),
  /** Our profile handles the items reached. */
  profiles: z.array(z.string().max(LIMITS.handle)).max(50).default([]),
  kinds: z.array(ItemKind).max(20).default([]),
  tags: TagFilter.default({ mode: 'any', names: [] }),
  assignee: AssigneeFilter.nullable().default(null),
  statuses: z.array(ItemStatus).max(10).default([]),
  priorities: z.array(Priority).max(10).default([]),
  keyword: z.string().max(200).default(''),
  /** Only items at most this old. */
  maxAgeHours: Hours.nullable().default(null),
  /** Only items at least this old (waiting a while). */
  minAgeHours: Hours.nullable().default(null),
});
export type ViewFilter = z.output<typeof ViewFilter>;

export const ViewScope = z.enum(['personal', 'shared']);
export type ViewScope = z.infer<typeof ViewScope>;

export const View = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(80),
  /**
   * personal: this browser only (browser.storage.local). shared: the team's, kept by the companion
   * and sent to every paired browser (views.list / view.save / view.delete; leads and admins edit them).
   */
  scope: ViewScope,
  filter: ViewFilter,
  /** Who made it (a member id) for shared views; null for system and personal views. */
  ownerId: z.string().max(128).nullable().default(null),
  /** When it was last saved; null for system views. */
  updatedAt: IsoTime.nullable().default(null),
});
export type View = z.output<typeof View>;

export interface MatchContext {
  /** The member id at this browser; null while unpaired (then 'me' matches nothing). */
  me: string | null;
  /** ms since epoch, for ages. */
  now: number;
}

export function emptyFilter(): ViewFilter {
  return ViewFilter.parse({});
}

const NOT_DONE: ItemStatus[] = ['open', 'pending'];
const filter = (patch: Partial<ViewFilter>): ViewFilter => ({ ...emptyFilter(), ...patch });
const system = (id: string, name: string, f: ViewFilter): View => ({
  id: `system:${id}`,
  name,
  scope: 'shared',
  filter: f,
  ownerId: null,
  updatedAt: null,
});

/**
 * Built in, the same for the whole team. `All` comes first (everything, done included: the panel
 * opens on it); the names are English fallbacks — the extension shows translated names by id.
 */
export const SYSTEM_VIEWS: readonly View[] = [
  system('all', 'All', filter({})),
  system('mine', 'My queue', filter({ assignee: 'me', statuses: NOT_DONE })),
  system('unassigned', 'Unassigned', filter({ assignee: 'nobody', statuses: NOT_DONE })),
  system('untagged', 'Untagged', filter({ tags: { mode: 'none', names: [] }, statuses: NOT_DONE })),
  system('high', 'High priority', filter({ priorities: ['high', 'urgent'], statuses: NOT_DONE })),
  system('done', 'Done', filter({ statuses: ['done'] })),
];

export const SYSTEM_VIEW_IDS = {
  all: 'system:all',
  mine: 'system:mine',
  unassigned: 'system:unassigned',
  untagged: 'system:untagged',
  high: 'system:high',
  done: 'system:done',
} as const;

export function isSystemView(id: string): boolean {
  return id.startsWith('system:');
}

/** When the item happened as far as we know: the site's timestamp, else when it was captured. */
export function itemTime(item: Pick<Item, 'siteTimestamp' | 'capturedAt'>): string {
  return item.siteTimestamp ?? item.capturedAt;
}

/** Letters that NFKD does not take apart but people type without the mark. */
const FOLD_EXTRA: Record<string, string> = { ß: 'ss', ø: 'o', ł: 'l', đ: 'd', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/** Case- and accent-insensitive comparison form: NFKD, marks stripped, lower case, spaces collapsed. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßøłđæœıþ]/g, (c) => FOLD_EXTRA[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words and "quoted phrases" of a keyword query, folded; empty when there is nothing to match. */
export function keywordTerms(keyword: string): string[] {
  const terms: string[] = [];
  for (const m of keyword.matchAll(/"([^"]*)"|(\S+)/g)) {
    const t = foldText(m[1] ?? m[2] ?? '');
    if (t) terms.push(t);
  }
  return terms;
}

/** Items are immutable values (a change replaces the object), so their folded text is cached per object. */
const haystacks = new WeakMap<Item, string>();
function haystack(item: Item): string {
  let h = haystacks.get(item);
  if (h === undefined) {
    const parts = [item.text, item.author.name ?? '', item.author.handle ? `@${item.author.handle}` : '', ...item.tags];
    h = foldText(parts.join('\n'));
    haystacks.set(item, h);
  }
  return h;
}

const HOUR = 3_600_000;

/** Compiles a filter once into a predicate, for matching many items. */
export function compileFilter(f: ViewFilter, ctx: MatchContext): (item: Item) => boolean {
  const platforms = f.platforms.length ? new Set<string>(f.platforms) : null;
  const profiles = f.profiles.length ? new Set(f.profiles.map(foldText)) : null;
  const kinds = f.kinds.length ? new Set<string>(f.kinds) : null;
  const statuses = f.statuses.length ? new Set<string>(f.statuses) : null;
  const priorities = f.priorities.length ? new Set<string>(f.priorities) : null;
  const tagNames = [...new Set(f.tags.names.map(foldText))].filter(Boolean);
  const tagMode = f.tags.mode;
  const terms = keywordTerms(f.keyword);
  const assignee = f.assignee;
  const assigneeIds = Array.isArray(assignee) ? new Set(assignee) : null;
  const oldest = f.maxAgeHours === null ? null : ctx.now - f.maxAgeHours * HOUR;
  const newest = f.minAgeHours === null ? null : ctx.now - f.minAgeHours * HOUR;

  return (item) => {
    if (platforms && !platforms.has(item.platform)) return false;
    if (kinds && !kinds.has(item.kind)) return false;
    if (statuses && !statuses.has(item.status)) return false;
    if (priorities && !priorities.has(item.priority)) return false;
    if (profiles && (item.profile === null || !profiles.has(foldText(item.profile)))) return false;

    if (assignee !== null) {
      if (assigneeIds) {
        if (item.assigneeId === null || !assigneeIds.has(item.assigneeId)) return false;
      } else if (assignee === 'me') {
        if (ctx.me === null || item.assigneeId !== ctx.me) return false;
      } else if (assignee === 'nobody') {
        if (item.assigneeId !== null) return false;
      } else if (item.assigneeId === null) return false; // 'someone'
    }

    if (tagNames.length === 0) {
      if (tagMode === 'none' && item.tags.length > 0) return false;
    } else {
      const have = new Set(item.tags.map(foldText));
      switch (tagMode) {
        case 'any':
          if (!tagNames.some((t) => have.has(t))) return false;
          break;
        case 'all':
          if (!tagNames.every((t) => have.has(t))) return false;
          break;
        case 'none':
          if (tagNames.some((t) => have.has(t))) return false;
          break;
      }
    }

    if (oldest !== null || newest !== null) {
      const at = Date.parse(itemTime(item));
      if (Number.isNaN(at)) return false;
      if (oldest !== null && at < oldest) return false;
      if (newest !== null && at > newest) return false;
    }

    if (terms.length > 0) {
      const h = haystack(item);
      if (!terms.every((t) => h.includes(t))) return false;
    }
    return true;
  };
}

export function matchesView(item: Item, f: ViewFilter, ctx: MatchContext): boolean {
  return compileFilter(f, ctx)(item);
}

/** How many items each view holds, by view id (one pass over the items per view). */
export function countByView(
  items: readonly Item[],
  views: readonly Pick<View, 'id' | 'filter'>[],
  ctx: MatchContext,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const view of views) {
    const match = compileFilter(view.filter, ctx);
    let n = 0;
    for (const item of items) if (match(item)) n++;
    counts[view.id] = n;
  }
  return counts;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
};

/** True when two filters select the same items (order of list entries does not matter). */
export function sameFilter(a: ViewFilter, b: ViewFilter): boolean {
  const assigneeSame =
    a.assignee === b.assignee ||
    (Array.isArray(a.assignee) && Array.isArray(b.assignee) && sameSet(a.assignee, b.assignee));
  const tagsSame =
    (a.tags.names.length === 0 && b.tags.names.length === 0
      ? (a.tags.mode === 'none') === (b.tags.mode === 'none')
      : a.tags.mode === b.tags.mode) && sameSet(a.tags.names.map(foldText), b.tags.names.map(foldText));
  return (
    assigneeSame &&
    tagsSame &&
    sameSet(a.platforms, b.platforms) &&
    sameSet(a.profiles, b.profiles) &&
    sameSet(a.kinds, b.kinds) &&
    sameSet(a.statuses, b.statuses) &&
    sameSet(a.priorities, b.priorities) &&
    keywordTerms(a.keyword).join('\u0000') === keywordTerms(b.keyword).join('\u0000') &&
    a.maxAgeHours === b.maxAgeHours &&
    a.minAgeHours === b.minAgeHours
  );
}
