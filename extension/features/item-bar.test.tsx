// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CapturedItem, Item, Member } from '../../shared/model';
import { DEFAULT_REPLY_SETTINGS, type SavedReply } from '../../shared/replies/saved-reply';
import type { ReplyLibrary } from '../messaging/messages';
import { mountItemBar, tagColour, type ItemBarProps } from './item-bar';
import { createOverlayHost } from './overlay-host';
import { createPresenceStore } from './presence-badge';
import type { ItemChange } from './support/background';
import { createCapturedItems } from './support/captured-items';

vi.mock('./support/words', () => ({
  i18n: {
    t: (key: string, a?: unknown, b?: unknown) => {
      const subs = Array.isArray(a) ? a : Array.isArray(b) ? b : null;
      return subs ? `${key}(${subs.join(',')})` : key;
    },
  },
}));

const captured: CapturedItem = {
  platform: 'x',
  nativeId: '42',
  kind: 'reply',
  profile: 'inlaydemo',
  author: { handle: 'mapleowl', name: 'Maple', url: 'https://x.com/mapleowl' },
  text: 'hello',
  permalink: 'https://x.com/mapleowl/status/42',
  siteTimestamp: null,
  parentId: '1',
  threadId: '1',
};
const item: Item = {
  ...captured,
  key: 'x:42',
  capturedAt: '2026-01-01T00:00:00.000Z',
  capturedBy: null,
  status: 'open',
  priority: 'normal',
  tags: ['CS - damaged'],
  assigneeId: null,
  repliedAt: null,
  snoozedUntil: null,
  suggestedReplies: [],
  updatedAt: '2026-01-01T00:00:00.000Z',
  seq: 3,
};
const ana: Member = { id: 'mem_ana', name: 'Ana Agent', role: 'agent', createdAt: '2026-01-01T00:00:00.000Z' };
const bo: Member = { id: 'mem_bo', name: '<b>Bo</b> Lead', role: 'lead', createdAt: '2026-01-01T00:00:00.000Z' };

const settle = () => new Promise((r) => setTimeout(r, 0));

function savedReply(id: string, title: string, body: string): SavedReply {
  return {
    id,
    scope: 'shared',
    folder: 'Returns',
    title,
    body,
    variants: {},
    tags: id === 'r-sorry' ? ['CS - damaged'] : [],
    keywords: [],
    shortcut: null,
    ownerId: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: null,
  };
}

/** A loaded library, as reply-library holds it. */
function store(over: Partial<ReplyLibrary>): NonNullable<ItemBarProps['library']> {
  const lib: ReplyLibrary = {
    replies: [],
    usage: {},
    recent: [],
    settings: DEFAULT_REPLY_SETTINGS,
    fetchedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
  return { get: () => lib, status: () => 'ready', subscribe: () => () => {}, ensure: () => {} };
}

let lastHost: ReturnType<typeof createOverlayHost> | null = null;
const host = () => lastHost!;

function mount(over: Partial<ItemBarProps> = {}) {
  const article = document.createElement('article');
  document.body.append(article);
  const host = createOverlayHost({
    item: article,
    anchor: null,
    key: 'x:42',
    kind: 'reply',
    inbound: true,
    theme: 'light',
    styles: [],
  });
  lastHost = host;
  const store = createCapturedItems();
  store.setMany([item]);
  const changes: ItemChange[] = [];
  mountItemBar(host, {
    item: captured,
    inbound: true,
    captured: store,
    capture: async () => ({ ok: true, value: null }),
    members: () => [ana, bo],
    me: () => ana,
    knownTags: async () => ['CS - late delivery', 'Campaign - spring', 'CS - damaged'],
    update: async (c) => {
      changes.push(c);
      return { ok: true, value: null };
    },
    ...over,
  });
  const q = <E extends Element = HTMLElement>(sel: string) => host.root.querySelector<E>(sel);
  const qa = (sel: string) => Array.from(host.root.querySelectorAll<HTMLElement>(sel));
  const key = (target: Element, k: string) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
  return { host, q, qa, key, store, changes };
}

afterEach(() => document.body.replaceChildren());

describe('item-bar', () => {
  it('shows status, tags and actions for a captured item; the capture control for one the team lacks', async () => {
    const { q, qa } = mount();
    await settle();
    expect(q('[data-inlay-status]')?.textContent).toBe('itemStatusOpen');
    expect(qa('[data-inlay-tag]').map((t) => t.textContent)).toEqual(['CS - damaged×']);
    expect(qa('[data-inlay-action]').map((b) => b.getAttribute('data-inlay-action'))).toEqual([
      'tag',
      'assign',
      'priority',
      'done',
    ]);
    document.body.replaceChildren();
    const fresh = mount({ captured: createCapturedItems() });
    await settle();
    expect(fresh.q('.capture-button button')?.textContent).toContain('overlayCapture');
  });

  it('tags from the keyboard: type-ahead over known tags, accent-insensitive, Enter picks', async () => {
    const { q, qa, key, changes } = mount();
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="tag"]')!.click();
    await settle();
    const input = q<HTMLInputElement>('.item-bar__input')!;
    expect(q('.item-bar__menu')).not.toBeNull();
    await settle();
    // already-applied tags are not offered
    expect(qa('[role="option"]').map((o) => o.textContent)).toEqual(['CS - late delivery', 'Campaign - spring']);
    input.value = 'campáign';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(qa('[role="option"]').map((o) => o.textContent)).toEqual([
      'Campaign - spring',
      'overlayTagCreate(campáign)',
    ]);
    key(input, 'Enter');
    await settle();
    expect(changes).toEqual([{ key: 'x:42', addTags: ['Campaign - spring'] }]);
    expect(q('.item-bar__menu')).toBeNull();
  });

  it('creates a new tag when none matches, and removes one with its ×', async () => {
    const { q, key, changes } = mount();
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="tag"]')!.click();
    await settle();
    const input = q<HTMLInputElement>('.item-bar__input')!;
    input.value = '  Billing -   refund ';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    key(input, 'Enter');
    await settle();
    q<HTMLButtonElement>('.item-bar__chip-x')!.click();
    await settle();
    expect(changes).toEqual([
      { key: 'x:42', addTags: ['Billing - refund'] },
      { key: 'x:42', removeTags: ['CS - damaged'] },
    ]);
  });

  it('assigns with arrows and Enter; member names render as text; Escape closes', async () => {
    const { q, qa, key, changes, store } = mount();
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="assign"]')!.click();
    await settle();
    const list = q('[role="listbox"]')!;
    expect(qa('[role="option"]').map((o) => o.textContent)).toEqual([
      'overlayAssignMe',
      '<b>Bo</b> Lead',
      'overlayAssignNobody ✓',
    ]);
    expect(q('b')).toBeNull();
    key(list, 'ArrowDown');
    await settle();
    key(list, 'Enter');
    await settle();
    expect(changes).toEqual([{ key: 'x:42', assigneeId: 'mem_bo' }]);
    store.setMany([{ ...item, assigneeId: 'mem_bo' }]);
    await settle();
    expect(q('[data-inlay-assignee]')?.textContent).toBe('<L');
    q<HTMLButtonElement>('[data-inlay-action="priority"]')!.click();
    await settle();
    key(q('[role="listbox"]')!, 'Escape');
    await settle();
    expect(q('.item-bar__menu')).toBeNull();
  });

  it('marks done and reopens, and collapses to one mark', async () => {
    const { q, changes, store } = mount();
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="done"]')!.click();
    await settle();
    store.setMany([{ ...item, status: 'done' }]);
    await settle();
    expect(q('[data-inlay-action="done"]')?.textContent).toBe('overlayReopen');
    q<HTMLButtonElement>('[data-inlay-action="done"]')!.click();
    expect(changes).toEqual([
      { key: 'x:42', status: 'done' },
      { key: 'x:42', status: 'open' },
    ]);
    q<HTMLButtonElement>('[aria-expanded="true"][title="overlayCollapse"]')!.click();
    await settle();
    expect(q('.item-bar--collapsed')).not.toBeNull();
    expect(q('[data-inlay-action]')).toBeNull();
  });

  it('"Reply with…" opens the saved-reply picker: a suggestion filled from the page goes in, and the bar says what happened', async () => {
    const reply = vi.fn(async () => ({ ok: false as const, message: 'overlayCopied', copied: true }));
    const library = store({
      replies: [
        savedReply('r-sorry', 'Sorry it arrived damaged', 'Hi {{author.first_name}}, so sorry — {{agent.first_name}}'),
        savedReply('r-other', 'Anything else', 'Thanks!'),
      ],
    });
    const { q, qa, key } = mount({
      reply,
      library,
      replyContext: () => ({ author: { name: 'Maple Owl', handle: 'mapleowl' }, agent: { name: 'Ana Agent' } }),
    });
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="reply"]')!.click();
    await settle();
    const filter = q<HTMLInputElement>('[role="combobox"]')!;
    expect(q('.item-bar__menu')?.getAttribute('aria-label')).toBe('overlayReplyWith');
    // the item's tag links the first reply; it is highlighted and previewed
    expect(qa('[role="option"]')[0]?.textContent).toContain('overlayPickerReasonTag(CS - damaged)');
    expect(q<HTMLTextAreaElement>('textarea')!.value).toBe('Hi Maple, so sorry — Ana');
    key(filter, 'Enter');
    await settle();
    await settle();
    expect(reply).toHaveBeenCalledWith('Hi Maple, so sorry — Ana', { anyway: false, replyIds: ['r-sorry'] });
    expect(q('.item-bar__error')?.textContent).toBe('overlayCopied');
    expect(q('.item-bar__menu')).not.toBeNull(); // still open: the text is there to copy
  });

  it('"Reply with…" without a library takes free text; Escape closes and focus returns to the button', async () => {
    const reply = vi.fn(async () => ({ ok: true as const }));
    const { q, key } = mount({ reply });
    await settle();
    const button = q<HTMLButtonElement>('[data-inlay-action="reply"]')!;
    button.click();
    await settle();
    const area = q<HTMLTextAreaElement>('textarea')!;
    expect(q('[role="combobox"]')).toBeNull();
    area.value = 'On it — DM us your order number.';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    key(area, 'Escape');
    await settle();
    expect(q('.item-bar__menu')).toBeNull();
    expect(host().root.activeElement ?? document.activeElement).toBe(button);
    button.click();
    await settle();
    const again = q<HTMLTextAreaElement>('textarea')!;
    again.value = 'On it!';
    again.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="insert"]')!.click();
    await settle();
    await settle();
    expect(reply).toHaveBeenCalledWith('On it!', { anyway: false, replyIds: [] });
    expect(q('.item-bar__menu')).toBeNull();
    expect(q('.item-bar__notice')?.textContent).toBe('overlayInserted');
  });

  it('keeps one colour per tag category', () => {
    expect(tagColour('CS - damaged')).toBe(tagColour('CS - late delivery'));
    expect(tagColour('CS - damaged')).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('item-bar: what the member may do', () => {
  const agent = { edit: true, createTags: false, assignOthers: false };
  const viewer = { edit: false, createTags: false, assignOthers: false };

  it('an agent picks only existing tags: no "Create …", and says who can create', async () => {
    const { q, qa, key, changes } = mount({ access: () => agent });
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="tag"]')!.click();
    await settle();
    const input = q<HTMLInputElement>('.item-bar__input')!;
    input.value = 'Brand new';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(qa('[role="option"]')).toEqual([]);
    expect(q('.item-bar__empty')?.textContent).toBe('overlayTagNoneCannotCreate');
    key(input, 'Enter');
    input.value = 'late';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(qa('[role="option"]').map((o) => o.textContent)).toEqual(['CS - late delivery']);
    key(input, 'Enter');
    await settle();
    expect(changes).toEqual([{ key: 'x:42', addTags: ['CS - late delivery'] }]);
  });

  it('an agent assigns only themselves or nobody, and cannot take a teammate’s item', async () => {
    const { q, qa, store, key } = mount({ access: () => agent });
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="assign"]')!.click();
    await settle();
    expect(qa('[role="option"]').map((o) => o.textContent)).toEqual(['overlayAssignMe', 'overlayAssignNobody ✓']);
    key(q('[role="listbox"]')!, 'Escape');
    store.setMany([{ ...item, assigneeId: 'mem_bo' }]);
    await settle();
    expect(q('[data-inlay-action="assign"]')).toBeNull();
    expect(q('[data-inlay-action="tag"]')).not.toBeNull();
  });

  it('a viewer sees the item but no actions at all, and no capture control', async () => {
    const { q, qa } = mount({ access: () => viewer, reply: async () => ({ ok: true }) });
    await settle();
    expect(qa('[data-inlay-action]')).toEqual([]);
    expect(q('.item-bar__chip-x')).toBeNull();
    expect(q('[data-inlay-tag]')?.textContent).toBe('CS - damaged');
    expect(q('[data-inlay-readonly]')?.textContent).toBe('overlayViewOnly');
    document.body.replaceChildren();
    const fresh = mount({ access: () => viewer, captured: createCapturedItems() });
    await settle();
    expect(fresh.q('button')).toBeNull();
  });

  it('follows a change of role while the page is open', async () => {
    let access = { edit: true, createTags: true, assignOthers: true };
    const subs = new Set<() => void>();
    const { q } = mount({
      access: () => access,
      onContext: (cb) => {
        subs.add(cb);
        return () => subs.delete(cb);
      },
    });
    await vi.waitFor(() => expect(subs.size).toBeGreaterThan(0)); // effects run after paint
    expect(q('[data-inlay-action="done"]')).not.toBeNull();
    access = viewer;
    for (const cb of subs) cb();
    await settle();
    expect(q('[data-inlay-action="done"]')).toBeNull();
  });

  it('shows the companion’s refusal in its words', async () => {
    let refuse: ((e: string) => void) | null = null;
    const { q } = mount({
      refusals: (k, cb) => {
        expect(k).toBe('x:42');
        refuse = cb;
        return () => {};
      },
    });
    await vi.waitFor(() => expect(refuse).not.toBeNull()); // effects run after paint
    refuse!('Only leads and admins can create new tags — pick one from the list.');
    await settle();
    expect(q('[role="alert"]')?.textContent).toBe(
      'Only leads and admins can create new tags — pick one from the list.',
    );
  });

  it('uses the tag’s stored colour, else the category colour', async () => {
    const { q } = mount({ tagColor: (t) => (t === 'CS - damaged' ? '#067647' : null) });
    await settle();
    expect(q('[data-inlay-tag]')?.getAttribute('style')).toContain('#067647');
    document.body.replaceChildren();
    const plain = mount();
    await settle();
    expect(plain.q('[data-inlay-tag]')?.getAttribute('style')).toContain(tagColour('CS - damaged'));
  });
});

describe('item-bar: presence', () => {
  it('shows teammates on the item, from other members only, and updates live', async () => {
    const presence = createPresenceStore(() => 'mem_ana');
    const { q } = mount({ presence });
    await settle();
    expect(q('[data-inlay-presence]')).toBeNull();
    const at = '2026-01-01T00:00:00.000Z';
    presence.set([
      { memberId: 'mem_bo', name: 'Tess', itemKey: 'x:42', state: 'typing', at },
      { memberId: 'mem_ana', name: 'Ana Agent', itemKey: 'x:42', state: 'viewing', at },
      { memberId: 'mem_cy', name: 'Cy', itemKey: 'x:7', state: 'viewing', at },
    ]);
    await settle();
    expect(q('[data-inlay-presence]')?.textContent).toBe('presenceReplying(Tess)');
    presence.set([{ memberId: 'mem_bo', name: 'Tess', itemKey: 'x:42', state: 'viewing', at }]);
    await settle();
    expect(q('[data-inlay-presence]')?.textContent).toBe('presenceViewing(Tess)');
  });

  it('Reply with… says a teammate is typing before inserting; Insert anyway inserts', async () => {
    const reply = vi.fn(async (_text: string, o: { anyway: boolean; replyIds: readonly string[] }) =>
      o.anyway
        ? { ok: true as const }
        : { ok: false as const, message: 'overlayTeammateTyping(Tess)', copied: false, confirm: true },
    );
    const onTyping = vi.fn();
    const { q } = mount({ reply, onTyping });
    await settle();
    q<HTMLButtonElement>('[data-inlay-action="reply"]')!.click();
    await settle();
    const area = q<HTMLTextAreaElement>('textarea')!;
    area.value = 'On it!';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(onTyping).toHaveBeenCalled();
    q<HTMLButtonElement>('[data-inlay-action="insert"]')!.click();
    await settle();
    await settle();
    expect(reply).toHaveBeenLastCalledWith('On it!', { anyway: false, replyIds: [] });
    expect(q('.item-bar__error')?.textContent).toBe('overlayTeammateTyping(Tess)');
    expect(q('[data-inlay-action="insert"]')?.textContent).toBe('overlayInsertAnyway');
    q<HTMLButtonElement>('[data-inlay-action="insert"]')!.click();
    await settle();
    await settle();
    expect(reply).toHaveBeenLastCalledWith('On it!', { anyway: true, replyIds: [] });
    expect(q('.item-bar__notice')?.textContent).toBe('overlayInserted');
  });
});
