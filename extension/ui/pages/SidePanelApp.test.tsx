// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Item, Member } from '../../../shared/model';
import type { Presence } from '../../../shared/protocol';
import type { ExtensionState } from '../../messaging/messages';
import type { Refusal } from '../use-live';
import { initialState } from '../../background/state';
import { emptyFilter, type View, type ViewFilter } from '../../../shared/views';
import { memoryPanelStore, type PanelStore } from '../triage/personal-views';
import { SidePanelView, type Ask } from './SidePanelApp';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../i18n', () => ({
  i18n: {
    t: (key: string, a?: unknown, b?: unknown) =>
      typeof a === 'number'
        ? `${key}#${a}${Array.isArray(b) ? `:${b.join(',')}` : ''}`
        : Array.isArray(a)
          ? `${key}:${a.join(',')}`
          : key,
  },
}));

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const member = (id: string, name: string, role: Member['role'] = 'agent'): Member => ({
  id,
  name,
  role,
  createdAt: new Date(NOW).toISOString(),
});
/** A lead: may do everything the panel offers (agents and viewers are tested under "permissions"). */
const ME = member('m-me', 'Mia Me', 'lead');
const BOB = member('m-bob', 'Bob Lead');

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

const connected = (patch: Partial<ExtensionState> = {}): ExtensionState => ({
  ...initialState(),
  status: 'connected',
  member: ME,
  members: [ME, BOB],
  ...patch,
});

let root: HTMLElement;
let ask: ReturnType<typeof vi.fn<Ask>>;
let store: PanelStore & { data: { views: unknown[]; settings: unknown } };

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
  ask = vi.fn<Ask>(async () => ({ ok: true }));
  store = memoryPanelStore();
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const q = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const rows = () => [...root.querySelectorAll<HTMLElement>('[data-testid="item-row"]')];
const cursorKey = () => rows().find((r) => r.dataset.cursor === 'true')?.dataset.itemKey;
const selectedKeys = () =>
  rows()
    .filter((r) => r.getAttribute('aria-selected') === 'true')
    .map((r) => r.dataset.itemKey);
const updates = () => ask.mock.calls.map((c) => c[0]).filter((r) => r.type === 'item.update');
/** Every request but the presence the panel reports by itself. */
const requests = () => ask.mock.calls.map((c) => c[0]).filter((r) => r.type !== 'presence.set');
const presenceSent = () =>
  ask.mock.calls.map((c) => c[0]).flatMap((r) => (r.type === 'presence.set' ? [`${r.itemKey}:${r.state}`] : []));

async function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = window) {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  });
}
async function type(input: HTMLInputElement, text: string) {
  await act(async () => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function flush() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function mount(
  items: Item[],
  state: ExtensionState = connected(),
  extra: { store?: PanelStore; presence?: Presence[]; refusal?: Refusal | null; keepCalls?: boolean } = {},
) {
  await act(async () => {
    render(
      <SidePanelView
        state={state}
        items={items}
        loaded
        now={NOW}
        ask={ask}
        store={extra.store ?? store}
        presence={extra.presence}
        refusal={extra.refusal}
      />,
      root,
    );
  });
  await flush();
  // the opening fetch of the team's shared views (views.list) is checked under "shared views"
  if (!extra.keepCalls) ask.mockClear();
}

const THREE = () => [item('a', 1), item('b', 2), item('c', 3)];

describe('keyboard navigation', () => {
  it('starts on the first row; j/k and the arrows move; Enter and o open the item on its site', async () => {
    await mount(THREE());
    expect(cursorKey()).toBe('x:a');
    await press('j');
    await press('ArrowDown');
    await press('j'); // stops at the end
    expect(cursorKey()).toBe('x:c');
    await press('k');
    expect(cursorKey()).toBe('x:b');
    await press('Enter');
    expect(ask).toHaveBeenLastCalledWith({ type: 'open', url: 'https://x.com/hb/status/b', key: 'x:b' });
    await press('ArrowUp');
    await press('o');
    expect(ask).toHaveBeenLastCalledWith({ type: 'open', url: 'https://x.com/ha/status/a', key: 'x:a' });
    await press('r');
    expect(requests()).toHaveLength(3);
  });

  it('tells teammates which item is under the cursor (viewing), and lets go of the one it leaves', async () => {
    await mount(THREE(), connected(), { keepCalls: true });
    await press('j');
    expect(presenceSent()).toEqual(['x:a:viewing', 'x:a:idle', 'x:b:viewing']);
  });

  it('never fires while typing in a field, and leaves browser shortcuts alone', async () => {
    await mount(THREE());
    const input = document.createElement('input');
    document.body.appendChild(input);
    await press('j', {}, input);
    await press('e', {}, input);
    await press('j', { ctrlKey: true });
    expect(cursorKey()).toBe('x:a');
    expect(requests()).toEqual([]);
    input.remove();
  });

  it('a click opens the row and moves the cursor there', async () => {
    await mount(THREE());
    await act(async () => rows()[2]!.click());
    expect(cursorKey()).toBe('x:c');
    expect(ask).toHaveBeenCalledWith({ type: 'open', url: 'https://x.com/hc/status/c', key: 'x:c' });
  });
});

describe('actions on one item', () => {
  it('e marks done and e on a done item reopens', async () => {
    await mount([item('a', 1), item('b', 2, { status: 'done' })]);
    await press('e');
    await press('j');
    await press('e');
    expect(updates()).toEqual([
      { type: 'item.update', key: 'x:a', status: 'done' },
      { type: 'item.update', key: 'x:b', status: 'open' },
    ]);
  });

  it('s snoozes (pending)', async () => {
    await mount(THREE());
    await press('s');
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:a', status: 'pending' }]);
  });

  it('p opens the priority picker; a number picks', async () => {
    await mount(THREE());
    await press('p');
    const picker = q('priority-picker')!;
    expect(picker.textContent).toContain('priorityUrgent');
    await press('4', {}, document.activeElement ?? picker);
    expect(q('priority-picker')).toBeNull();
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:a', priority: 'urgent' }]);
  });

  it('a opens the assign picker: me, the team, nobody; type-ahead and Enter', async () => {
    await mount(THREE());
    await press('a');
    const options = () => [...q('assign-picker')!.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    expect(options()).toEqual(['sidepanelFilterMeMia Me', 'Bob Lead', '✓sidepanelFilterNobody']);
    const input = q('assign-picker')!.querySelector('input')!;
    expect(document.activeElement).toBe(input);
    await type(input, 'bob');
    expect(options()).toEqual(['Bob Lead']);
    await press('Enter', {}, input);
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:a', assigneeId: 'm-bob' }]);
    expect(q('assign-picker')).toBeNull();
  });

  it('the assign picker unassigns with Nobody, and Escape closes it without a change', async () => {
    await mount([item('a', 1, { assigneeId: 'm-me' })]);
    await press('a');
    let input = q('assign-picker')!.querySelector('input')!;
    await press('Escape', {}, input);
    expect(q('assign-picker')).toBeNull();
    expect(requests()).toEqual([]);
    await press('a');
    input = q('assign-picker')!.querySelector('input')!;
    await press('ArrowDown', {}, input);
    await press('ArrowDown', {}, input);
    await press('Enter', {}, input);
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:a', assigneeId: null }]);
  });

  it('t opens the tag picker: type-ahead over tags in use, create a new one, remove one the item has', async () => {
    await mount([item('a', 1, { tags: ['CS - refund'] }), item('b', 2, { tags: ['CS - late delivery'] })]);
    await press('t');
    let input = q('tag-picker')!.querySelector('input')!;
    const options = () => [...q('tag-picker')!.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    expect(options()).toEqual(['CS - late delivery', '✓CS - refundsidepanelPickTagRemove']);
    await type(input, 'late');
    expect(options()).toEqual(['CS - late delivery', 'sidepanelPickTagCreate:late']);
    await press('Enter', {}, input);
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:a', addTags: ['CS - late delivery'] }]);

    await press('t');
    input = q('tag-picker')!.querySelector('input')!;
    await type(input, '  Sales   -  lead ');
    expect(options()).toEqual(['sidepanelPickTagCreate:Sales - lead']);
    await press('Enter', {}, input);
    expect(updates()[1]).toEqual({ type: 'item.update', key: 'x:a', addTags: ['Sales - lead'] });

    await press('t');
    input = q('tag-picker')!.querySelector('input')!;
    await type(input, 'refund');
    expect(options()).toEqual(['sidepanelPickTagCreate:refund', '✓CS - refundsidepanelPickTagRemove']);
    await type(input, 'cs - REFUND');
    expect(options()).toEqual(['✓CS - refundsidepanelPickTagRemove']);
    await press('Enter', {}, input); // the one it has: remove
    expect(updates()[2]).toEqual({ type: 'item.update', key: 'x:a', removeTags: ['CS - refund'] });
  });

  it('says so in plain words when a change does not go through', async () => {
    await mount(THREE());
    ask.mockResolvedValueOnce({ ok: false, error: "Can't reach Inlay's background" });
    await press('e');
    await flush();
    expect(q('action-error')!.textContent).toContain("sidepanelActionFailed:Can't reach Inlay's background");
    await press('j');
    await press('e');
    await flush();
    expect(q('action-error')).toBeNull();
  });
});

describe('selection and bulk actions', () => {
  it('x selects, Shift+j extends, and e marks every selected item done', async () => {
    await mount([item('a', 1), item('b', 2), item('c', 3), item('d', 4)]);
    await press('x');
    await press('j');
    await press('j');
    await press('J', { shiftKey: true });
    expect(selectedKeys()).toEqual(['x:a', 'x:c', 'x:d']);
    expect(q('bulk-count')!.textContent).toBe('sidepanelSelected#3');
    await press('e');
    expect(updates()).toEqual([
      { type: 'item.update', key: 'x:a', status: 'done' },
      { type: 'item.update', key: 'x:c', status: 'done' },
      { type: 'item.update', key: 'x:d', status: 'done' },
    ]);
  });

  it('bulk assign, tag and priority from the bulk bar apply to the selection', async () => {
    await mount([item('a', 1, { tags: ['Refund'] }), item('b', 2), item('c', 3)]);
    await press('x');
    await press('j');
    await press('x');
    await act(async () => q('bulk-assign')!.click());
    let input = q('assign-picker')!.querySelector('input')!;
    expect(q('assign-picker')!.textContent).toContain('sidepanelPickFor#2');
    await press('Enter', {}, input); // me
    await act(async () => q('bulk-tag')!.click());
    input = q('tag-picker')!.querySelector('input')!;
    await press('Enter', {}, input); // Refund: b lacks it, so add to b only
    await act(async () => q('bulk-priority')!.click());
    await press('3', {}, document.activeElement!);
    expect(updates()).toEqual([
      { type: 'item.update', key: 'x:a', assigneeId: 'm-me' },
      { type: 'item.update', key: 'x:b', assigneeId: 'm-me' },
      { type: 'item.update', key: 'x:b', addTags: ['Refund'] },
      { type: 'item.update', key: 'x:a', priority: 'high' },
      { type: 'item.update', key: 'x:b', priority: 'high' },
    ]);
    expect(selectedKeys()).toEqual(['x:a', 'x:b']);
  });

  it('Escape clears the selection; the items it held are untouched', async () => {
    await mount(THREE());
    await press('x');
    await press('j');
    await press('x');
    expect(q('bulk-bar')).not.toBeNull();
    await press('Escape');
    expect(selectedKeys()).toEqual([]);
    expect(q('bulk-bar')).toBeNull();
    await press('e');
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:b', status: 'done' }]);
  });

  it('when a done item leaves the view, the cursor lands on the next one', async () => {
    const items = [item('a', 1), item('b', 2), item('c', 3)];
    await mount(items);
    await press('3'); // Unassigned (not done)
    await press('j');
    expect(cursorKey()).toBe('x:b');
    await mount([items[0]!, { ...items[1]!, status: 'done' }, items[2]!]);
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['x:a', 'x:c']);
    expect(cursorKey()).toBe('x:c');
  });
});

describe('views, counts and the filter bar', () => {
  const mixed = () => [
    item('mine', 1, { assigneeId: 'm-me' }),
    item('bob', 2, { assigneeId: 'm-bob', tags: ['CS - refund'] }),
    item('free', 3, { platform: 'reddit', key: 'reddit:free', text: 'Le café était froid' }),
    item('hot', 4, { priority: 'urgent', tags: ['x'] }),
    item('done', 5, { status: 'done', assigneeId: 'm-me' }),
  ];
  const counts = () =>
    Object.fromEntries(
      [...root.querySelectorAll<HTMLElement>('[data-testid="view-tab"]')].map((t) => [
        t.dataset.view,
        t.querySelector('[data-testid="view-count"]')!.textContent,
      ]),
    );

  it('shows a live count per view and switches with a click or 1–9', async () => {
    await mount(mixed());
    expect(counts()).toEqual({
      'system:all': '5',
      'system:mine': '1',
      'system:unassigned': '2',
      'system:untagged': '2',
      'system:high': '1',
      'system:done': '1',
    });
    await press('2');
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['x:mine']);
    expect(store.data.settings).toMatchObject({ lastViewId: 'system:mine' });
    await act(async () => root.querySelector<HTMLElement>('[data-view="system:done"]')!.click());
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['x:done']);
    expect(q('item-count')!.textContent).toBe('sidepanelCount#1');
  });

  it('counts follow the items as they change', async () => {
    const items = mixed();
    await mount(items);
    await mount(items.map((i) => (i.key === 'x:hot' ? { ...i, status: 'done' as const } : i)));
    expect(counts()['system:high']).toBe('0');
    expect(counts()['system:done']).toBe('2');
  });

  it('/ focuses the search; the keyword filters case- and accent-insensitively; Enter goes back to the list', async () => {
    await mount(mixed());
    await press('/');
    const search = q('search') as HTMLInputElement;
    expect(document.activeElement).toBe(search);
    await type(search, 'CAFE');
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['reddit:free']);
    await press('e', {}, search); // typing, not an action
    expect(requests()).toEqual([]);
    await press('Enter', {}, search);
    expect(document.activeElement).toBe(q('triage-list'));
    await press('e');
    expect(updates()).toEqual([{ type: 'item.update', key: 'reddit:free', status: 'done' }]);
  });

  it('filters by site, status and assignee from the chips', async () => {
    await mount(mixed());
    await act(async () => q('filter-platform')!.click());
    const reddit = [...q('filter-platform-menu')!.querySelectorAll('label')].find((l) =>
      l.textContent!.includes('platformReddit'),
    )!;
    await act(async () => reddit.querySelector('input')!.click());
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['reddit:free']);
    expect(q('filter-platform')!.textContent).toContain(
      'sidepanelFilterSummary:sidepanelFilterPlatform,platformReddit',
    );
    await act(async () => q('filter-reset')!.click());
    expect(rows()).toHaveLength(5);

    await act(async () => q('filter-assignee')!.click());
    const nobody = [...q('filter-assignee-menu')!.querySelectorAll('label')].find(
      (l) => l.textContent === 'sidepanelFilterNobody',
    )!;
    await act(async () => nobody.querySelector('input')!.click());
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['reddit:free', 'x:hot']);
    await act(async () => q('filter-status')!.click());
    const done = [...q('filter-status-menu')!.querySelectorAll('label')].find(
      (l) => l.textContent === 'itemStatusDone',
    )!;
    await act(async () => done.querySelector('input')!.click());
    expect(rows()).toHaveLength(0);
    expect(q('empty-state')!.textContent).toContain('sidepanelEmptyFiltered');
  });

  it('saves the filters as a personal view (stored), which then has its own tab and count', async () => {
    await mount(mixed());
    await act(async () => q('filter-tags')!.click());
    const none = [...q('filter-tags-menu')!.querySelectorAll('label')].find(
      (l) => l.textContent === 'sidepanelTagModeNone',
    )!;
    await act(async () => none.querySelector('input')!.click());
    expect(q('filter-tags')!.textContent).toContain('sidepanelTagsUntagged');
    await act(async () => q('view-save')!.click());
    await type(q('view-name') as HTMLInputElement, 'No tags at all');
    await act(async () => {
      q('view-name-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    const tab = [...root.querySelectorAll<HTMLElement>('[data-testid="view-tab"]')].find((t) =>
      t.textContent!.startsWith('No tags at all'),
    )!;
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(tab.querySelector('[data-testid="view-count"]')!.textContent).toBe('3');
    expect(store.data.views).toEqual([
      expect.objectContaining({
        name: 'No tags at all',
        scope: 'personal',
        filter: expect.objectContaining({ tags: { mode: 'none', names: [] } }),
      }),
    ]);
    expect(q('view-save')).toBeNull();
    await act(async () => q('view-delete')!.click());
    expect(store.data.views).toEqual([]);
    expect(root.querySelector('[data-view="system:all"]')!.getAttribute('aria-selected')).toBe('true');
  });

  it('opens on the view used last, from storage', async () => {
    const saved = memoryPanelStore({ settings: { responseTargetMinutes: 60, lastViewId: 'system:high' } });
    await mount(mixed(), connected(), { store: saved });
    expect(rows().map((r) => r.dataset.itemKey)).toEqual(['x:hot']);
  });

  it('sets the response target in the header and stores it', async () => {
    await mount([item('a', 45)]);
    expect(q('row-wait')!.dataset.level).toBe('ok');
    const select = q('response-target') as HTMLSelectElement;
    await act(async () => {
      select.value = '15';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(q('row-wait')!.dataset.level).toBe('warn');
    expect(store.data.settings).toMatchObject({ responseTargetMinutes: 15 });
  });
});

describe('states', () => {
  it('an empty view says what fills it', async () => {
    await mount([item('a', 1, { assigneeId: 'm-bob', tags: ['t'] })]);
    await press('3');
    expect(q('empty-state')!.textContent).toContain('sidepanelEmptyUnassigned');
    expect(q('empty-state')!.textContent).toContain('sidepanelEmptyUnassignedHint');
    await press('2');
    expect(q('empty-state')!.textContent).toContain('sidepanelEmptyMineHint');
  });

  it('shows the loading state and the offline banner', async () => {
    await act(async () => {
      render(
        <SidePanelView
          state={connected({ status: 'offline', detail: 'down' })}
          items={[]}
          loaded={false}
          now={NOW}
          ask={ask}
          store={store}
        />,
        root,
      );
    });
    expect(q('loading')).not.toBeNull();
    expect(q('offline-banner')!.textContent).toContain('down');
  });

  it('? shows the key list and Escape closes it', async () => {
    await mount(THREE());
    await press('?', { shiftKey: true });
    expect(q('key-help')!.textContent).toContain('sidepanelKeyAssign');
    await press('j');
    expect(cursorKey()).toBe('x:a');
    await press('Escape');
    expect(q('key-help')).toBeNull();
  });
});

describe('permissions', () => {
  const AGENT = { ...member('m-me', 'Mia Me', 'agent'), networks: [], permissions: ['items.edit' as const] };
  const VIEWER = member('m-me', 'Mia Me', 'viewer'); // no permissions sent: the role's (none)
  const asAgent = (patch: Partial<ExtensionState> = {}) =>
    connected({ member: AGENT, members: [AGENT, BOB], ...patch });

  it('an agent assigns only themselves or nobody, and a teammate’s item is left alone with a word why', async () => {
    await mount([item('a', 1), item('b', 2, { assigneeId: 'm-bob' })], asAgent());
    await press('a');
    const options = () => [...q('assign-picker')!.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    expect(options()).toEqual(['sidepanelFilterMeMia Me', '✓sidepanelFilterNobody']);
    await press('Escape', {}, q('assign-picker')!.querySelector('input')!);
    await press('x');
    await press('j');
    await press('x');
    await act(async () => q('bulk-assign')!.click());
    await press('Enter', {}, q('assign-picker')!.querySelector('input')!); // me
    await flush();
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:a', assigneeId: 'm-me' }]);
    expect(q('action-error')!.textContent).toContain('sidepanelSkippedTeammates#1');
  });

  it('an agent picks only existing tags (the team’s, from tags.list too): no "Create"', async () => {
    const tags = [
      { id: 't1', name: 'CS - damaged', color: '#067647', archived: false, lastUsedAt: null },
      { id: 't2', name: 'Old - thing', color: '#404968', archived: true, lastUsedAt: null },
    ];
    await mount([item('a', 1, { tags: ['CS - refund'] })], asAgent({ tags }));
    await press('t');
    const input = q('tag-picker')!.querySelector('input')!;
    expect(input.placeholder).toBe('sidepanelTagFind');
    const options = () => [...q('tag-picker')!.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    expect(options()).toEqual(['CS - damaged', '✓CS - refundsidepanelPickTagRemove']);
    await type(input, 'brand new');
    expect(options()).toEqual([]);
    await type(input, 'old');
    expect(options()).toEqual([]); // archived: not applied anew
  });

  it('a viewer gets no actions: keys do nothing, the bulk bar only counts, and the panel says why', async () => {
    await mount(THREE(), connected({ member: VIEWER, members: [VIEWER, BOB] }));
    expect(q('view-only-banner')!.textContent).toBe('sidepanelViewOnly');
    for (const k of ['e', 's', 'a', 't', 'p']) await press(k);
    expect(q('assign-picker')).toBeNull();
    expect(q('tag-picker')).toBeNull();
    expect(updates()).toEqual([]);
    await press('x');
    expect(q('bulk-count')).not.toBeNull();
    expect(q('bulk-done')).toBeNull();
    expect(q('bulk-assign')).toBeNull();
  });

  it('leaves items on sites outside the member’s networks alone, and says so', async () => {
    const onX = { ...AGENT, networks: ['x' as const] };
    await mount([item('a', 1), item('b', 2, { platform: 'reddit', key: 'reddit:b' })], asAgent({ member: onX }));
    await press('x');
    await press('j');
    await press('x');
    await press('e');
    await flush();
    expect(updates()).toEqual([{ type: 'item.update', key: 'x:a', status: 'done' }]);
    expect(q('action-error')!.textContent).toContain('sidepanelSkippedNetworks#1');
  });

  it('shows the companion’s refusal in its words', async () => {
    await mount(THREE(), connected(), {
      refusal: { key: 'x:a', error: 'Only leads and admins can create new tags.', n: 1 },
    });
    expect(q('action-error')!.textContent).toContain('sidepanelRefused:Only leads and admins can create new tags.');
  });
});

describe('presence on rows', () => {
  it('marks the rows teammates are on ("Bob is replying"), never me', async () => {
    const at = new Date(NOW).toISOString();
    await mount(THREE(), connected(), {
      presence: [
        { memberId: 'm-bob', name: 'Bob Lead', itemKey: 'x:b', state: 'typing', at },
        { memberId: 'm-cy', name: 'Cy', itemKey: 'x:b', state: 'viewing', at },
        { memberId: 'm-me', name: 'Mia Me', itemKey: 'x:a', state: 'viewing', at },
      ],
    });
    const marks = rows().map((r) => r.querySelector('[data-testid="row-presence"]')?.textContent ?? null);
    expect(marks).toEqual([null, 'presenceReplying:Bob Lead presenceMore:1', null]);
    expect(rows()[1]!.querySelector('[data-testid="row-presence"]')!.getAttribute('data-state')).toBe('typing');
  });

  it('colours tags by their stored colour when the team has one', async () => {
    const tags = [{ id: 't1', name: 'CS - damaged', color: '#067647', archived: false, lastUsedAt: null }];
    await mount([item('a', 1, { tags: ['cs - damaged', 'Other'] })], connected({ tags }));
    const chips = [...rows()[0]!.querySelectorAll<HTMLElement>('.tag')];
    expect(chips[0]!.dataset.color).toBe('green');
    expect(chips[1]!.dataset.color).toMatch(/^[a-z]+$/);
  });
});

describe('shared views', () => {
  const filterOf = (patch: Partial<ViewFilter>): ViewFilter => ({ ...emptyFilter(), ...patch });
  const TEAM = {
    id: 'shared:urgent',
    name: 'Team urgent',
    scope: 'shared',
    filter: filterOf({ priorities: ['urgent'] }),
    ownerId: 'm-bob',
    updatedAt: new Date(NOW).toISOString(),
  } satisfies View;
  const MINE = {
    id: 'personal:bob',
    name: 'Bob’s',
    scope: 'personal',
    filter: filterOf({ assignee: ['m-bob'] }),
    ownerId: null,
    updatedAt: null,
  } satisfies View;
  const ITEMS = () => [item('a', 1, { priority: 'urgent' }), item('b', 2, { assigneeId: 'm-bob' }), item('c', 3)];
  const companionCalls = (request: string) =>
    ask.mock.calls.map((c) => c[0]).filter((r) => r.type === 'companion' && r.request === request);
  const tab = (id: string) => root.querySelector<HTMLElement>(`[data-view="${id}"]`);

  /** The companion through the background: keeps `team`, answers views.list with it, saves and deletes. */
  function companion(initial: unknown[]) {
    let team = [...initial];
    ask.mockImplementation(async (r) => {
      if (r.type !== 'companion') return { ok: true };
      if (r.request === 'views.list') return { ok: true, result: { views: team } };
      if (r.request === 'view.save') {
        const view = { ...(r.payload.view as { id: string }), ownerId: 'm-me', updatedAt: new Date(NOW).toISOString() };
        team = [...team.filter((v) => (v as { id?: string }).id !== view.id), view];
        return { ok: true, result: { view, seq: 9, duplicate: false } };
      }
      if (r.request === 'view.delete') {
        team = team.filter((v) => (v as { id?: string }).id !== r.payload.id);
        return { ok: true, result: { seq: 10, duplicate: false } };
      }
      return { ok: false, error: 'unexpected' };
    });
  }

  it('lists the team’s views beside personal ones, each with its count, and refetches on focus', async () => {
    companion([TEAM, { id: 'system:all', scope: 'shared' }, { nonsense: true }]);
    await mount(ITEMS(), connected(), { store: memoryPanelStore({ views: [MINE] }), keepCalls: true });
    expect(companionCalls('views.list')).toEqual([{ type: 'companion', request: 'views.list', payload: {} }]);
    const tabs = [...root.querySelectorAll<HTMLElement>('[data-testid="view-tab"]')].map((t) => t.dataset.view);
    expect(tabs.slice(-2)).toEqual(['shared:urgent', 'personal:bob']);
    expect(tab('shared:urgent')!.dataset.team).toBe('true');
    expect(tab('shared:urgent')!.title).toContain('sidepanelViewShared:Team urgent');
    expect(tab('shared:urgent')!.querySelector('[data-testid="view-count"]')!.textContent).toBe('1');

    companion([TEAM, { ...TEAM, id: 'shared:new', name: 'New one' }]);
    await act(async () => {
      window.dispatchEvent(new Event('focus'));
    });
    await flush();
    expect(companionCalls('views.list')).toHaveLength(2);
    expect(tab('shared:new')).not.toBeNull();
  });

  it('does not ask the companion while it is away', async () => {
    companion([TEAM]);
    await mount(ITEMS(), connected({ status: 'offline' }), { keepCalls: true });
    expect(companionCalls('views.list')).toEqual([]);
    expect(tab('shared:urgent')).toBeNull();
  });

  it('a lead shares a personal view: it is saved for the team and leaves the personal views', async () => {
    companion([]);
    const mine = memoryPanelStore({ views: [MINE] });
    await mount(ITEMS(), connected(), { store: mine });
    await act(async () => tab('personal:bob')!.click());
    await act(async () => q('view-share')!.click());
    await flush();
    const [save] = companionCalls('view.save');
    expect(save).toMatchObject({
      request: 'view.save',
      payload: {
        opId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
        view: { name: 'Bob’s', scope: 'shared', filter: MINE.filter, id: expect.stringMatching(/^shared:/) },
      },
    });
    expect(mine.data.views).toEqual([]);
    const shared = root.querySelector<HTMLElement>('[data-team="true"]')!;
    expect(shared.getAttribute('aria-selected')).toBe('true');
    expect(shared.textContent).toContain('Bob’s');
    expect(companionCalls('views.list')).toHaveLength(1); // refetched after the save
    expect(q('view-share')).toBeNull();
  });

  it('a lead deletes a shared view through the companion', async () => {
    companion([TEAM]);
    await mount(ITEMS());
    await act(async () => tab('shared:urgent')!.click());
    await act(async () => q('view-delete')!.click());
    await flush();
    expect(companionCalls('view.delete')).toEqual([
      { type: 'companion', request: 'view.delete', payload: { opId: expect.any(String), id: 'shared:urgent' } },
    ]);
    expect(tab('system:all')!.getAttribute('aria-selected')).toBe('true');
  });

  it('says so when the companion refuses to share', async () => {
    companion([]);
    await mount(ITEMS(), connected(), { store: memoryPanelStore({ views: [MINE] }) });
    ask.mockImplementation(async () => ({ ok: false, error: 'Only leads and admins can share views with the team' }));
    await act(async () => tab('personal:bob')!.click());
    await act(async () => q('view-share')!.click());
    await flush();
    expect(q('action-error')!.textContent).toContain('sidepanelShareFailed:Only leads and admins');
  });

  it('an agent may not share a view, nor delete a shared one', async () => {
    const AGENT = { ...member('m-me', 'Mia Me', 'agent'), networks: [], permissions: ['items.edit' as const] };
    companion([TEAM]);
    await mount(ITEMS(), connected({ member: AGENT, members: [AGENT, BOB] }), {
      store: memoryPanelStore({ views: [MINE] }),
    });
    await act(async () => tab('personal:bob')!.click());
    expect(q('view-share')).toBeNull();
    expect(q('view-delete')).not.toBeNull(); // their own personal view
    await act(async () => tab('shared:urgent')!.click());
    expect(q('view-delete')).toBeNull();
  });
});
