import { describe, expect, it } from 'vitest';
import type { Item } from './model';
import {
  SYSTEM_VIEWS,
  SYSTEM_VIEW_IDS,
  View,
  ViewFilter,
  compileFilter,
  countByView,
  emptyFilter,
  foldText,
  keywordTerms,
  matchesView,
  sameFilter,
  type MatchContext,
} from './views';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const ME = 'm-me';
const ctx = { me: ME, now: NOW };

function item(id: string, patch: Partial<Item> = {}, minutesAgo = 10): Item {
  const at = new Date(NOW - minutesAgo * 60_000).toISOString();
  return {
    platform: 'x',
    nativeId: id,
    key: `x:${id}`,
    kind: 'reply',
    profile: 'acme',
    author: { handle: `h${id}`, name: `Name ${id}`, url: null },
    text: `text ${id}`,
    permalink: `https://x.com/h${id}/status/${id}`,
    siteTimestamp: at,
    parentId: null,
    threadId: null,
    capturedAt: at,
    capturedBy: null,
    status: 'open',
    priority: 'normal',
    tags: [],
    assigneeId: null,
    repliedAt: null,
    snoozedUntil: null,
    suggestedReplies: [],
    updatedAt: at,
    seq: 1,
    ...patch,
  };
}

const f = (patch: Partial<ViewFilter>): ViewFilter => ({ ...emptyFilter(), ...patch });
const view = (id: string) => SYSTEM_VIEWS.find((v) => v.id === id)!;

describe('ViewFilter and View schemas', () => {
  it('fills every field of an empty filter, so old stored views keep parsing', () => {
    expect(ViewFilter.parse({})).toEqual({
      platforms: [],
      profiles: [],
      kinds: [],
      tags: { mode: 'any', names: [] },
      assignee: null,
      statuses: [],
      priorities: [],
      keyword: '',
      maxAgeHours: null,
      minAgeHours: null,
    });
  });

  it('accepts member ids or me/nobody/someone as the assignee and refuses anything else', () => {
    expect(ViewFilter.parse({ assignee: ['m1', 'm2'] }).assignee).toEqual(['m1', 'm2']);
    expect(ViewFilter.parse({ assignee: 'someone' }).assignee).toBe('someone');
    expect(ViewFilter.safeParse({ assignee: 'everyone' }).success).toBe(false);
    expect(ViewFilter.safeParse({ assignee: [] }).success).toBe(false);
    expect(ViewFilter.safeParse({ platforms: ['myspace'] }).success).toBe(false);
    expect(ViewFilter.safeParse({ minAgeHours: -1 }).success).toBe(false);
  });

  it('parses a personal view with defaults and refuses an empty name or unknown scope', () => {
    const v = View.parse({ id: 'p1', name: '  Late ones ', scope: 'personal', filter: { minAgeHours: 4 } });
    expect(v.name).toBe('Late ones');
    expect(v.ownerId).toBeNull();
    expect(v.filter.minAgeHours).toBe(4);
    expect(View.safeParse({ id: 'p1', name: ' ', scope: 'personal', filter: {} }).success).toBe(false);
    expect(View.safeParse({ id: 'p1', name: 'a', scope: 'team', filter: {} }).success).toBe(false);
  });

  it('system views are valid views', () => {
    for (const v of SYSTEM_VIEWS) expect(View.parse(v)).toEqual(v);
    expect(SYSTEM_VIEWS.map((v) => v.id)).toEqual(Object.values(SYSTEM_VIEW_IDS));
  });
});

describe('system views', () => {
  const items = [
    item('mine', { assigneeId: ME }),
    item('mine-done', { assigneeId: ME, status: 'done' }),
    item('mine-snoozed', { assigneeId: ME, status: 'pending' }),
    item('theirs', { assigneeId: 'm-other', tags: ['CS - refund'] }),
    item('free', {}),
    item('free-done', { status: 'done' }),
    item('tagged', { tags: ['Sales - lead'] }),
    item('hot', { priority: 'high', tags: ['x'] }),
    item('fire', { priority: 'urgent', assigneeId: 'm-other', tags: ['x'] }),
    item('fire-done', { priority: 'urgent', status: 'done' }),
  ];
  const keys = (id: string, c: MatchContext = ctx) =>
    items.filter((i) => matchesView(i, view(id).filter, c)).map((i) => i.nativeId);

  it('All holds everything, done included', () => {
    expect(keys(SYSTEM_VIEW_IDS.all)).toHaveLength(items.length);
  });
  it('My queue: assigned to me and not done (snoozed included)', () => {
    expect(keys(SYSTEM_VIEW_IDS.mine)).toEqual(['mine', 'mine-snoozed']);
  });
  it('My queue is empty while this browser has no member', () => {
    expect(keys(SYSTEM_VIEW_IDS.mine, { me: null, now: NOW })).toEqual([]);
  });
  it('Unassigned: nobody, not done', () => {
    expect(keys(SYSTEM_VIEW_IDS.unassigned)).toEqual(['free', 'tagged', 'hot']);
  });
  it('Untagged: no tags, not done', () => {
    expect(keys(SYSTEM_VIEW_IDS.untagged)).toEqual(['mine', 'mine-snoozed', 'free']);
  });
  it('High priority: high or urgent, not done', () => {
    expect(keys(SYSTEM_VIEW_IDS.high)).toEqual(['hot', 'fire']);
  });
  it('Done', () => {
    expect(keys(SYSTEM_VIEW_IDS.done)).toEqual(['mine-done', 'free-done', 'fire-done']);
  });
  it('countByView counts each view', () => {
    expect(countByView(items, SYSTEM_VIEWS, ctx)).toEqual({
      'system:all': 10,
      'system:mine': 2,
      'system:unassigned': 3,
      'system:untagged': 3,
      'system:high': 2,
      'system:done': 3,
    });
  });
});

describe('matchesView', () => {
  it('narrows by platform, profile, kind, status and priority; an empty list means any', () => {
    const li = item('li', { platform: 'linkedin', kind: 'comment', profile: 'Acme' });
    expect(matchesView(li, f({ platforms: ['linkedin', 'reddit'] }), ctx)).toBe(true);
    expect(matchesView(li, f({ platforms: ['x'] }), ctx)).toBe(false);
    expect(matchesView(li, f({ profiles: ['acme'] }), ctx)).toBe(true);
    expect(matchesView(li, f({ profiles: ['other'] }), ctx)).toBe(false);
    expect(matchesView(item('np', { profile: null }), f({ profiles: ['acme'] }), ctx)).toBe(false);
    expect(matchesView(li, f({ kinds: ['comment'] }), ctx)).toBe(true);
    expect(matchesView(li, f({ kinds: ['dm'] }), ctx)).toBe(false);
    expect(matchesView(li, f({ statuses: ['pending'] }), ctx)).toBe(false);
    expect(matchesView(li, f({ priorities: ['low', 'normal'] }), ctx)).toBe(true);
    expect(matchesView(li, emptyFilter(), ctx)).toBe(true);
  });

  it('assignee: me, nobody, someone, or given members', () => {
    const mine = item('a', { assigneeId: ME });
    const theirs = item('b', { assigneeId: 'm2' });
    const free = item('c');
    const who = (a: ViewFilter['assignee']) =>
      [mine, theirs, free].filter((i) => matchesView(i, f({ assignee: a }), ctx)).map((i) => i.nativeId);
    expect(who(null)).toEqual(['a', 'b', 'c']);
    expect(who('me')).toEqual(['a']);
    expect(who('nobody')).toEqual(['c']);
    expect(who('someone')).toEqual(['a', 'b']);
    expect(who(['m2', 'm3'])).toEqual(['b']);
  });

  it('tags: any, all, none — case- and accent-insensitive; none without names is untagged', () => {
    const both = item('both', { tags: ['CS - Late delivery', 'Refund'] });
    const one = item('one', { tags: ['refund'] });
    const bare = item('bare');
    const pick = (mode: 'any' | 'all' | 'none', names: string[]) =>
      [both, one, bare].filter((i) => matchesView(i, f({ tags: { mode, names } }), ctx)).map((i) => i.nativeId);
    expect(pick('any', ['REFUND'])).toEqual(['both', 'one']);
    expect(pick('all', ['refund', 'cs - late delivery'])).toEqual(['both']);
    expect(pick('none', ['Refund'])).toEqual(['bare']);
    expect(pick('none', [])).toEqual(['bare']);
    expect(pick('any', [])).toEqual(['both', 'one', 'bare']);
    expect(pick('all', [])).toEqual(['both', 'one', 'bare']);
  });

  it('keyword: every word, case- and accent-insensitive, over text, author, handle and tags', () => {
    const it1 = item('1', {
      text: 'Mon CAFÉ est arrivé froid',
      author: { name: 'Zoë Ørsted', handle: 'zoe_o', url: null },
      tags: ['CS - late delivery'],
    });
    const m = (keyword: string) => matchesView(it1, f({ keyword }), ctx);
    expect(m('cafe')).toBe(true);
    expect(m('  Café   FROID ')).toBe(true);
    expect(m('cafe chaud')).toBe(false);
    expect(m('zoe orsted')).toBe(true);
    expect(m('@zoe_o')).toBe(true);
    expect(m('late delivery')).toBe(true);
    expect(m('"est arrive"')).toBe(true);
    expect(m('"arrive est"')).toBe(false);
    expect(m('')).toBe(true);
    expect(m('""')).toBe(true);
  });

  it('keyword matches the current text after an item changes (no stale cache)', () => {
    const a = item('a', { text: 'hello' });
    const b = { ...a, tags: ['Refund'] };
    expect(matchesView(a, f({ keyword: 'refund' }), ctx)).toBe(false);
    expect(matchesView(b, f({ keyword: 'refund' }), ctx)).toBe(true);
  });

  it('age: min and max hours against the site time, else the capture time', () => {
    const fresh = item('fresh', {}, 30);
    const old = item('old', {}, 5 * 60);
    const noSite = {
      ...item('nosite', {}, 0),
      siteTimestamp: null,
      capturedAt: new Date(NOW - 3 * 3_600_000).toISOString(),
    };
    const ages = (patch: Partial<ViewFilter>) =>
      [fresh, old, noSite].filter((i) => matchesView(i, f(patch), ctx)).map((i) => i.nativeId);
    expect(ages({ maxAgeHours: 1 })).toEqual(['fresh']);
    expect(ages({ minAgeHours: 2 })).toEqual(['old', 'nosite']);
    expect(ages({ minAgeHours: 2, maxAgeHours: 4 })).toEqual(['nosite']);
    expect(ages({ minAgeHours: 0.5 })).toEqual(['fresh', 'old', 'nosite']);
  });

  it('compileFilter and matchesView agree', () => {
    const match = compileFilter(f({ statuses: ['open'], keyword: 'b' }), ctx);
    for (const i of [item('b'), item('c'), item('b2', { status: 'done' })]) {
      expect(match(i)).toBe(matchesView(i, f({ statuses: ['open'], keyword: 'b' }), ctx));
    }
  });

  it('counts 5,000 items over every system view quickly', () => {
    const many = Array.from({ length: 5000 }, (_, n) =>
      item(String(n), { text: `message number ${n} about a délivery`, assigneeId: n % 3 ? null : ME }),
    );
    const views = [...SYSTEM_VIEWS, { id: 'kw', filter: f({ keyword: 'delivery 42' }) }];
    const t0 = performance.now();
    const counts = countByView(many, views, ctx);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(counts['system:all']).toBe(5000);
    expect(counts['system:mine']).toBe(1667);
    expect(counts.kw).toBe(many.filter((i) => i.text.includes('42')).length);
  });
});

describe('text folding and keyword terms', () => {
  it('folds accents, case, ß/ø/ł and spacing', () => {
    expect(foldText('  Ünïcödé   ßtraße ')).toBe('unicode sstrasse');
    expect(foldText('ØRESUND Łódź')).toBe('oresund lodz');
    expect(foldText('ＡＢＣ')).toBe('abc');
  });
  it('splits words and quoted phrases', () => {
    expect(keywordTerms('late "Late  Delivery" Refund')).toEqual(['late', 'late delivery', 'refund']);
    expect(keywordTerms('  ')).toEqual([]);
  });
});

describe('sameFilter', () => {
  it('ignores the order of list entries, keyword spacing and case', () => {
    expect(sameFilter(f({ statuses: ['open', 'pending'] }), f({ statuses: ['pending', 'open'] }))).toBe(true);
    expect(sameFilter(f({ keyword: 'Cafe  froid' }), f({ keyword: 'café froid' }))).toBe(true);
    expect(sameFilter(f({ assignee: ['a', 'b'] }), f({ assignee: ['b', 'a'] }))).toBe(true);
    expect(sameFilter(f({ tags: { mode: 'any', names: [] } }), f({ tags: { mode: 'all', names: [] } }))).toBe(true);
  });
  it('tells different filters apart', () => {
    expect(sameFilter(f({ statuses: ['open'] }), f({ statuses: ['open', 'pending'] }))).toBe(false);
    expect(sameFilter(f({ assignee: 'me' }), f({ assignee: null }))).toBe(false);
    expect(sameFilter(f({ tags: { mode: 'none', names: [] } }), emptyFilter())).toBe(false);
    expect(sameFilter(f({ tags: { mode: 'any', names: ['a'] } }), f({ tags: { mode: 'all', names: ['a'] } }))).toBe(
      false,
    );
    expect(sameFilter(f({ minAgeHours: 1 }), emptyFilter())).toBe(false);
  });
});
