// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Item } from '../../../shared/model';
import { ItemList, sortNewestFirst } from './ItemList';

vi.mock('../i18n', () => ({
  i18n: { t: (key: string, subs?: string[]) => (subs ? `${key}:${subs.join(',')}` : key) },
}));

const NOW = Date.parse('2025-06-01T12:00:00.000Z');

function item(id: string, minutesAgo: number, text = `text ${id}`): Item {
  const at = new Date(NOW - minutesAgo * 60_000).toISOString();
  return {
    platform: 'x',
    nativeId: id,
    key: `x:${id}`,
    kind: 'reply',
    profile: 'acme',
    author: { handle: `h${id}`, name: `Name ${id}`, url: null },
    text,
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
    updatedAt: at,
    seq: 1,
  };
}

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
const press = (key: string) =>
  act(() => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });

describe('ItemList', () => {
  it('lists newest first with platform, author, handle, excerpt, age and status', () => {
    act(() =>
      render(<ItemList items={[item('a', 120), item('b', 3), item('c', 30)]} now={NOW} onOpen={() => {}} />, root),
    );
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['x:b', 'x:c', 'x:a']);
    const first = rows()[0]!;
    expect(first.textContent).toContain('platformX');
    expect(first.textContent).toContain('Name b');
    expect(first.textContent).toContain('@hb');
    expect(first.textContent).toContain('text b');
    expect(first.textContent).toContain('ageMinutes:3');
    expect(first.textContent).toContain('itemStatusOpen');
  });

  it('renders hostile captured text as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
    act(() => render(<ItemList items={[item('evil', 1, hostile)]} now={NOW} onOpen={() => {}} />, root));
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    expect(rows()[0]!.querySelector('.item-text')!.textContent).toBe(hostile);
  });

  it('moves the selection with j/k and opens the selected item with Enter', () => {
    const onOpen = vi.fn();
    act(() => render(<ItemList items={[item('a', 1), item('b', 2), item('c', 3)]} now={NOW} onOpen={onOpen} />, root));
    const selected = () => rows().find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.itemKey;
    expect(selected()).toBeUndefined();
    press('j');
    expect(selected()).toBe('x:a');
    press('j');
    press('j');
    press('j'); // stops at the end
    expect(selected()).toBe('x:c');
    press('k');
    expect(selected()).toBe('x:b');
    press('Enter');
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen.mock.calls[0]![0].key).toBe('x:b');
  });

  it('ignores j/k while typing in a field', () => {
    act(() => render(<ItemList items={[item('a', 1), item('b', 2)]} now={NOW} onOpen={() => {}} />, root));
    const input = document.createElement('input');
    document.body.appendChild(input);
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    });
    expect(rows().some((r) => r.getAttribute('aria-selected') === 'true')).toBe(false);
    input.remove();
  });

  it('opens an item on click', () => {
    const onOpen = vi.fn();
    act(() => render(<ItemList items={[item('a', 1), item('b', 2)]} now={NOW} onOpen={onOpen} />, root));
    act(() => rows()[1]!.click());
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ key: 'x:b' }));
  });

  it('sorts by site time, falling back to capture time', () => {
    const noSite = { ...item('n', 0), siteTimestamp: null, capturedAt: new Date(NOW - 10 * 60_000).toISOString() };
    expect(sortNewestFirst([item('a', 20), noSite, item('b', 5)]).map((i) => i.key)).toEqual(['x:b', 'x:n', 'x:a']);
  });
});
