// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Item, Member } from '../../../shared/model';
import { OVERSCAN, ROW_HEIGHT, TriageList, sortNewestFirst, visibleRange, type TriageListProps } from './TriageList';

vi.mock('../i18n', () => ({
  i18n: {
    t: (key: string, a?: unknown) =>
      typeof a === 'number' ? `${key}#${a}` : Array.isArray(a) ? `${key}:${a.join(',')}` : key,
  },
}));

const NOW = Date.parse('2025-06-01T12:00:00.000Z');

function item(id: string, minutesAgo: number, patch: Partial<Item> = {}): Item {
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

const ada: Member = { id: 'm-ada', name: 'Ada Lovelace', role: 'agent', createdAt: new Date(NOW).toISOString() };

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const rows = () => [...root.querySelectorAll<HTMLElement>('[data-testid="item-row"]')];

function show(items: Item[], patch: Partial<TriageListProps> = {}) {
  act(() =>
    render(
      <TriageList
        items={items}
        cursor={null}
        selected={new Set()}
        now={NOW}
        targetMinutes={60}
        members={new Map([[ada.id, ada]])}
        onRowClick={() => {}}
        onToggle={() => {}}
        {...patch}
      />,
      root,
    ),
  );
}

describe('TriageList rows', () => {
  it('shows platform, author, handle, excerpt, status, tags, assignee initials and the waiting time', () => {
    show([item('a', 3, { tags: ['CS - refund'], assigneeId: ada.id, priority: 'urgent', status: 'pending' })]);
    const row = rows()[0]!;
    expect(row.textContent).toContain('platformX');
    expect(row.textContent).toContain('Name a');
    expect(row.textContent).toContain('@ha');
    expect(row.textContent).toContain('text a');
    expect(row.textContent).toContain('itemStatusPending');
    expect(row.textContent).toContain('priorityUrgent');
    expect(row.querySelector('.tag')!.textContent).toBe('CS - refund');
    expect(row.querySelector('[data-testid="row-assignee"]')!.textContent).toBe('AL');
    expect(row.querySelector('[data-testid="row-assignee"]')!.getAttribute('title')).toBe(
      'sidepanelAssignedTo:Ada Lovelace',
    );
    expect(row.querySelector('[data-testid="row-wait"]')!.textContent).toBe('ageMinutes:3');
  });

  it('colours the waiting time against the response target: ok, warn, late; stops at the reply', () => {
    const replied = item('r', 300, { repliedAt: new Date(NOW - 290 * 60_000).toISOString() });
    show([item('ok', 59), item('warn', 61), item('late', 240), replied]);
    const level = (key: string) =>
      root.querySelector(`[data-item-key="x:${key}"] [data-testid="row-wait"]`) as HTMLElement;
    expect(level('ok').dataset.level).toBe('ok');
    expect(level('warn').dataset.level).toBe('warn');
    expect(level('late').dataset.level).toBe('late');
    expect(level('late').textContent).toBe('ageHours:4');
    expect(level('r').dataset.level).toBe('ok');
    expect(level('r').dataset.stopped).toBe('replied');
    expect(level('r').textContent).toBe('ageMinutes:10');
    show([item('ok', 59)], { targetMinutes: 15 });
    expect(level('ok').dataset.level).toBe('warn');
  });

  it('renders hostile captured text as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
    show([
      item('evil', 1, { text: hostile, author: { name: '<i>x</i>', handle: null, url: null }, tags: ['<u>t</u>'] }),
    ]);
    expect(root.querySelector('img, script, b, i, u')).toBeNull();
    expect(rows()[0]!.querySelector('.tri-text')!.textContent).toBe(hostile);
  });

  it('marks the cursor and the selection; clicks and the check box report back', () => {
    const onRowClick = vi.fn();
    const onToggle = vi.fn();
    show([item('a', 1), item('b', 2)], { cursor: 'x:b', selected: new Set(['x:a']), onRowClick, onToggle });
    const [a, b] = rows();
    expect(b!.dataset.cursor).toBe('true');
    expect(a!.getAttribute('aria-selected')).toBe('true');
    expect(b!.getAttribute('aria-selected')).toBe('false');
    expect(root.querySelector('[role="listbox"]')!.getAttribute('aria-activedescendant')).toBe(b!.id);
    act(() => b!.click());
    expect(onRowClick).toHaveBeenCalledWith(1, expect.anything());
    act(() => a!.querySelector<HTMLElement>('.tri-check')!.click());
    expect(onToggle).toHaveBeenCalledWith('x:a');
    expect(onRowClick).toHaveBeenCalledTimes(1);
  });
});

describe('virtualisation', () => {
  const many = Array.from({ length: 5000 }, (_, n) => item(String(n), n));

  it('keeps only the rows in view (plus a little overscan) in the DOM with 5,000 items', () => {
    const t0 = performance.now();
    show(many);
    const rendered = rows();
    const inView = Math.ceil(window.innerHeight / ROW_HEIGHT);
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThanOrEqual(inView + 2 * OVERSCAN + 1);
    expect(rendered[0]!.dataset.itemKey).toBe('x:0');
    expect(rendered[0]!.getAttribute('aria-setsize')).toBe('5000');
    const list = root.querySelector<HTMLElement>('[role="listbox"]')!;
    expect(list.style.height).toBe(`${5000 * ROW_HEIGHT}px`);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('renders the rows around the scroll position', () => {
    show(many);
    const scroller = root.querySelector<HTMLElement>('.tri-scroll')!;
    act(() => {
      scroller.scrollTop = 2000 * ROW_HEIGHT;
      scroller.dispatchEvent(new Event('scroll'));
    });
    const keys = rows().map((r) => r.dataset.itemKey);
    expect(keys).toContain('x:2000');
    expect(keys).not.toContain('x:0');
    expect(rows()[0]!.style.top).toBe(`${(2000 - OVERSCAN) * ROW_HEIGHT}px`);
  });

  it('scrolls the cursor row into the DOM when it moves far away', () => {
    show(many, { cursor: 'x:4321' });
    const row = root.querySelector<HTMLElement>('[data-item-key="x:4321"]');
    expect(row).not.toBeNull();
    expect(row!.dataset.cursor).toBe('true');
    expect(rows().length).toBeLessThan(40);
  });

  it('visibleRange', () => {
    expect(visibleRange(0, 680, 5000, 68, 5)).toEqual([0, 15]);
    expect(visibleRange(6800, 680, 5000, 68, 5)).toEqual([95, 115]);
    expect(visibleRange(0, 680, 3, 68, 5)).toEqual([0, 3]);
    expect(visibleRange(-50, 0, 10, 68, 0)).toEqual([0, 1]);
  });
});

describe('sortNewestFirst', () => {
  it('sorts by site time, falling back to capture time', () => {
    const noSite = { ...item('n', 0), siteTimestamp: null, capturedAt: new Date(NOW - 10 * 60_000).toISOString() };
    expect(sortNewestFirst([item('a', 20), noSite, item('b', 5)]).map((i) => i.key)).toEqual(['x:b', 'x:n', 'x:a']);
  });
});
