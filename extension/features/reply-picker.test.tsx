// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../shared/model';
import { DEFAULT_REPLY_SETTINGS, type ReplyUse, type SavedReply } from '../../shared/replies/saved-reply';
import type { TemplateContext } from '../../shared/replies/template';
import type { ReplyLibrary } from '../messaging/messages';
import { compose, ReplyPicker, type InsertResult, type ReplyPickerProps } from './reply-picker';

/** Keys with their substitutions, so the tests read what the user would. */
vi.mock('./support/words', () => ({
  i18n: {
    t: (key: string, a?: unknown, b?: unknown) => {
      const subs = Array.isArray(a) ? a : Array.isArray(b) ? b : null;
      return subs ? `${key}(${subs.join(',')})` : key;
    },
  },
}));

const AT = '2026-03-02T12:00:00.000Z';
const NOW = new Date('2026-03-02T12:30:00.000Z');

function reply(id: string, over: Partial<SavedReply> = {}): SavedReply {
  return {
    id,
    scope: 'shared',
    folder: '',
    title: id,
    body: `Body of ${id}`,
    variants: {},
    tags: [],
    keywords: [],
    shortcut: null,
    ownerId: null,
    updatedAt: AT,
    updatedBy: null,
    ...over,
  };
}

const REPLIES: SavedReply[] = [
  reply('late', {
    title: 'Late delivery apology',
    folder: 'Shipping',
    body: 'Hi {{author.first_name}}, sorry your order is late! — {{agent.first_name}} at {{brand}}',
    shortcut: 'late',
  }),
  reply('damaged', {
    title: 'Damaged item',
    folder: 'Returns',
    tags: ['CS - damaged'],
    body: 'Hi {{author.first_name | there}}, we will replace it.',
    shortcut: 'dmg',
  }),
  reply('track', {
    title: 'Tracking link',
    folder: 'Shipping',
    keywords: ['tracking'],
    body: 'Track your parcel here: https://example.com/track',
    variants: { x: 'Track it: https://example.com/t' },
  }),
  reply('ship', { title: 'Shipping delay', folder: 'Shipping', body: 'Parcels take 3–5 days right now.' }),
  reply('long', { title: 'Full returns policy', folder: 'Returns', body: `Our policy: ${'a'.repeat(300)}` }),
];

function library(over: Partial<ReplyLibrary> = {}): ReplyLibrary {
  return {
    replies: REPLIES,
    usage: { ship: 12, long: 1 },
    recent: [],
    settings: { ...DEFAULT_REPLY_SETTINGS, brand: 'Acme' },
    fetchedAt: AT,
    ...over,
  };
}

const CTX: TemplateContext = {
  author: { name: 'Maple Owl', handle: 'mapleowl' },
  post: { text: 'Where is my order? The tracking page says nothing.' },
  platform: 'X',
  agent: { name: 'Ana Agent' },
  brand: 'Acme',
};

const settle = () => new Promise((r) => setTimeout(r, 0));

function mount(over: Partial<ReplyPickerProps> = {}) {
  const root = document.createElement('div');
  document.body.append(root);
  const inserted: { text: string; replyIds: string[]; anyway: boolean }[] = [];
  const onClose = vi.fn();
  const results: InsertResult[] = [];
  let props: ReplyPickerProps = {
    library: library(),
    status: 'ready',
    platform: 'x',
    context: CTX,
    item: { text: 'Where is my order? The tracking page says nothing.', tags: ['CS - damaged'] },
    suggested: [{ id: 'late', ruleName: 'Late delivery' }],
    onInsert: async (text, o) => {
      inserted.push({ text, ...o });
      return results.shift() ?? 'done';
    },
    onClose,
    now: () => NOW,
    ...over,
  };
  render(<ReplyPicker {...props} />, root);
  const q = <E extends Element = HTMLElement>(sel: string) => root.querySelector<E>(sel);
  const qa = (sel: string) => Array.from(root.querySelectorAll<HTMLElement>(sel));
  const filter = () => q<HTMLInputElement>('[role="combobox"]')!;
  const area = () => q<HTMLTextAreaElement>('textarea')!;
  const key = async (target: Element, k: string, mods: KeyboardEventInit = {}) => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));
    await settle();
  };
  const type = async (el: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
  };
  const rerender = async (next: Partial<ReplyPickerProps>) => {
    props = { ...props, ...next };
    render(<ReplyPicker {...props} />, root);
    await settle();
  };
  const rows = () =>
    qa('[role="option"]').map((o) =>
      [
        o.querySelector('.reply-picker__title')?.textContent,
        o.querySelector('.reply-picker__folder')?.textContent,
        o.querySelector('.reply-picker__why')?.textContent,
        o.querySelector('.reply-picker__shortcut')?.textContent,
      ]
        .filter(Boolean)
        .join(' | '),
    );
  const warnings = () => qa('[data-inlay-warning]').map((w) => w.textContent);
  const insertButton = () => q<HTMLButtonElement>('[data-inlay-action="insert"]')!;
  return { root, q, qa, filter, area, key, type, rows, warnings, insertButton, inserted, onClose, results, rerender };
}

afterEach(() => {
  for (const el of Array.from(document.body.children)) render(null, el);
  document.body.replaceChildren();
});

describe('reply-picker: the list', () => {
  it('opens in the filter and ranks rule, tag, keyword, most used, the rest — saying why', async () => {
    const p = mount();
    await settle();
    expect(document.activeElement).toBe(p.filter());
    expect(p.rows()).toEqual([
      'Late delivery apology | Shipping | overlayPickerReasonRule(Late delivery) | ;late',
      'Damaged item | Returns | overlayPickerReasonTag(CS - damaged) | ;dmg',
      'Tracking link | Shipping | overlayPickerReasonKeyword(“tracking”)',
      'Shipping delay | Shipping | overlayPickerReasonUsed(12)',
      'Full returns policy | Returns | overlayPickerReasonUsed(1)',
      'overlayPickerWriteOwn',
    ]);
    // screen readers: a combobox over a listbox, the highlighted option named by aria-activedescendant
    const list = p.q('[role="listbox"]')!;
    expect(p.filter().getAttribute('aria-controls')).toBe(list.id);
    const selected = p.qa('[role="option"][aria-selected="true"]');
    expect(selected).toHaveLength(1);
    expect(p.filter().getAttribute('aria-activedescendant')).toBe(selected[0]!.id);
    // Tab goes from the filter straight to the preview (rows are reached with the arrows)
    const tabbable = p.qa('input, textarea, button:not([disabled]), [tabindex]:not([tabindex="-1"])');
    expect(tabbable.slice(0, 2)).toEqual([p.filter(), p.area()]);
  });

  it('previews the highlighted reply filled in, with the length against the limit; arrows move', async () => {
    const p = mount();
    await settle();
    expect(p.area().value).toBe('Hi Maple, sorry your order is late! — Ana at Acme');
    expect(p.q('[data-inlay-count]')?.textContent).toBe('overlayPickerCount(49,280)');
    await p.key(p.filter(), 'ArrowDown');
    await p.key(p.filter(), 'ArrowDown');
    // X's variant, with X's way of counting a URL (23)
    expect(p.area().value).toBe('Track it: https://example.com/t');
    expect(p.q('[data-inlay-count]')?.textContent).toBe('overlayPickerCount(33,280)');
    await p.key(p.filter(), 'ArrowUp');
    await p.key(p.filter(), 'ArrowUp');
    await p.key(p.filter(), 'ArrowUp'); // wraps to "Write your own reply"
    expect(p.qa('[role="option"]').at(-1)!.getAttribute('aria-selected')).toBe('true');
    expect(p.area().value).toBe('');
  });

  it('uses the platform’s own body and limit elsewhere', async () => {
    const p = mount({ platform: 'reddit', context: { ...CTX, platform: 'Reddit' } });
    await settle();
    await p.key(p.filter(), 'ArrowDown');
    await p.key(p.filter(), 'ArrowDown');
    expect(p.area().value).toBe('Track your parcel here: https://example.com/track');
    expect(p.q('[data-inlay-count]')?.textContent).toBe('overlayPickerCount(49,10000)');
  });

  it('filters as the user types (accent- and case-insensitive, ;shortcut first) and Enter inserts', async () => {
    const p = mount();
    await settle();
    await p.type(p.filter(), 'RÉTURNS');
    expect(p.rows().map((r) => r.split(' | ')[0])).toEqual([
      'Damaged item',
      'Full returns policy',
      'overlayPickerWriteOwn',
    ]);
    await p.type(p.filter(), ';dmg');
    expect(p.rows()[0]).toContain('overlayPickerReasonShortcut');
    await p.type(p.filter(), 'nothing like this');
    expect(p.rows()).toEqual(['overlayPickerWriteOwn']);
    expect(p.q('.reply-picker__note')?.textContent).toBe('overlayPickerNoMatch(nothing like this)');
    await p.type(p.filter(), 'damaged');
    await p.key(p.filter(), 'Enter');
    expect(p.inserted).toEqual([{ text: 'Hi Maple, we will replace it.', replyIds: ['damaged'], anyway: false }]);
  });

  it('renders what teammates wrote and what the page shows as text, and a page value never adds a variable', async () => {
    const hostile = reply('evil', { title: '<img src=x onerror=alert(1)>', body: 'Hi {{author.name}}' });
    const p = mount({
      library: library({ replies: [hostile] }),
      suggested: [],
      context: { ...CTX, author: { name: 'Eve {{brand}} <b>x</b>', handle: null } },
    });
    await settle();
    expect(p.q('img')).toBeNull();
    expect(p.q('b')).toBeNull();
    expect(p.rows()[0]).toBe('<img src=x onerror=alert(1)>');
    expect(p.area().value).not.toContain('Acme');
    await p.key(p.filter(), 'Enter');
    expect(p.inserted[0]!.text).toBe('Hi Eve { {brand} } <b>x</b>');
  });
});

describe('reply-picker: combining, editing, free text', () => {
  it('Shift+Enter adds replies to one message (a blank line apart); each can be removed; Enter inserts them all', async () => {
    const p = mount();
    await settle();
    await p.key(p.filter(), 'Enter', { shiftKey: true });
    await p.key(p.filter(), 'ArrowDown');
    await p.key(p.filter(), 'ArrowDown');
    await p.key(p.filter(), 'ArrowDown');
    await p.key(p.filter(), 'Enter', { shiftKey: true });
    expect(p.qa('[data-inlay-part]').map((c) => c.getAttribute('data-inlay-part'))).toEqual(['late', 'ship']);
    expect(p.area().value).toBe(
      'Hi Maple, sorry your order is late! — Ana at Acme\n\nParcels take 3–5 days right now.',
    );
    await p.key(p.filter(), 'ArrowUp');
    p.q<HTMLButtonElement>('[data-inlay-action="add"]')!.click(); // the mouse way
    await settle();
    expect(p.qa('[data-inlay-part]')).toHaveLength(3);
    p.q<HTMLButtonElement>('[data-inlay-part="late"] button')!.click();
    await settle();
    expect(p.q('[data-inlay-part="late"] button')).toBeNull();
    expect(p.area().value).toBe('Parcels take 3–5 days right now.\n\nTrack it: https://example.com/t');
    await p.key(p.filter(), 'Enter');
    expect(p.inserted).toEqual([
      {
        text: 'Parcels take 3–5 days right now.\n\nTrack it: https://example.com/t',
        replyIds: ['ship', 'track'],
        anyway: false,
      },
    ]);
  });

  it('an edited preview is what goes in, still counted as the reply it came from; Undo brings the reply back', async () => {
    const p = mount();
    await settle();
    await p.type(p.area(), 'Hi Maple, so sorry — it ships today. Ana');
    expect(p.qa('[data-inlay-part]').map((c) => c.getAttribute('data-inlay-part'))).toEqual(['late']);
    await p.key(p.filter(), 'ArrowDown'); // moving on does not throw the edit away
    expect(p.area().value).toBe('Hi Maple, so sorry — it ships today. Ana');
    p.q<HTMLButtonElement>('[data-inlay-action="undo-edits"]')!.click();
    await settle();
    expect(p.area().value).toBe('Hi Maple, sorry your order is late! — Ana at Acme');
    await p.type(p.area(), 'Hi {{author.first_name}}, edited');
    expect(p.q('.reply-picker__filled')?.textContent).toBe('overlayPickerFilled(Hi Maple, edited)');
    await p.key(p.area(), 'Enter', { ctrlKey: true });
    expect(p.inserted).toEqual([{ text: 'Hi Maple, edited', replyIds: ['late'], anyway: false }]);
  });

  it('writing from scratch still works: "Write your own reply", or emptying the preview', async () => {
    const p = mount();
    await settle();
    await p.key(p.filter(), 'ArrowUp');
    await p.key(p.filter(), 'Enter');
    expect(document.activeElement).toBe(p.area());
    expect(p.insertButton().disabled).toBe(true);
    await p.type(p.area(), 'On it — DM us your order number.');
    await p.key(p.area(), 'Enter', { metaKey: true });
    expect(p.inserted).toEqual([{ text: 'On it — DM us your order number.', replyIds: [], anyway: false }]);

    document.body.replaceChildren();
    const q = mount();
    await settle();
    await q.type(q.area(), '');
    await q.type(q.area(), 'My own words');
    q.insertButton().click();
    await settle();
    expect(q.inserted).toEqual([{ text: 'My own words', replyIds: [], anyway: false }]);
  });

  it('an empty library says where replies come from, and takes free text at once', async () => {
    const p = mount({ library: library({ replies: [] }) });
    await settle();
    expect(p.q('[role="listbox"]')).toBeNull();
    expect(p.q('.reply-picker__note--empty')?.textContent).toBe('overlayPickerEmpty');
    expect(document.activeElement).toBe(p.area());
    await p.type(p.area(), 'Thanks!');
    await p.key(p.area(), 'Enter', { ctrlKey: true });
    expect(p.inserted).toEqual([{ text: 'Thanks!', replyIds: [], anyway: false }]);
    await p.rerender({ library: null, status: 'loading' });
    expect(p.q('.reply-picker__note--empty')?.textContent).toBe('overlayPickerLoading');
    await p.rerender({ library: null, status: 'unavailable' });
    expect(p.q('.reply-picker__note--empty')?.textContent).toBe('overlayPickerUnavailable');
  });

  it('Escape closes', async () => {
    const p = mount();
    await settle();
    await p.key(p.area(), 'Escape');
    expect(p.onClose).toHaveBeenCalledTimes(1);
  });
});

describe('reply-picker: guardrails', () => {
  it('a variable the page does not show is said in words and needs a second Insert; no {{…}} goes in', async () => {
    const p = mount({ context: { ...CTX, author: { name: null, handle: 'mapleowl' } } });
    await settle();
    expect(p.area().value).toBe('Hi , sorry your order is late! — Ana at Acme');
    expect(p.warnings()).toEqual(['overlayPickerMissingPage(overlayPickerVarFirstName)']);
    await p.key(p.filter(), 'Enter');
    expect(p.inserted).toEqual([]);
    expect(p.insertButton().textContent).toBe('overlayInsertAnyway');
    expect(p.q('[role="alert"]')?.textContent).toBe('overlayPickerMissingPage(overlayPickerVarFirstName)');
    await p.key(p.filter(), 'Enter');
    expect(p.inserted).toHaveLength(1);
    expect(p.inserted[0]!.text).not.toMatch(/\{\{|\}\}/);
    // the fallback fills the other one
    await p.key(p.filter(), 'ArrowDown');
    expect(p.area().value).toBe('Hi there, we will replace it.');
    expect(p.warnings()).toEqual([]);
  });

  it('says when the member or the brand is unknown', async () => {
    const p = mount({ context: { ...CTX, agent: { name: null }, brand: null } });
    await settle();
    expect(p.warnings()).toEqual(['overlayPickerMissingAgent', 'overlayPickerMissingBrand']);
  });

  it('too long for the platform: flagged with the count, and nothing goes in until it is shortened', async () => {
    const p = mount();
    await settle();
    for (let i = 0; i < 4; i++) await p.key(p.filter(), 'ArrowDown');
    expect(p.q('[data-inlay-count]')?.textContent).toBe('overlayPickerCount(312,280)');
    expect(p.q('.reply-picker__count--over')).not.toBeNull();
    expect(p.warnings()).toEqual(['overlayPickerTooLong(32,platformX)']);
    expect(p.insertButton().disabled).toBe(true);
    await p.key(p.filter(), 'Enter');
    expect(p.inserted).toEqual([]);
    await p.type(p.area(), 'Our policy: short enough.');
    expect(p.warnings()).toEqual([]);
    await p.key(p.area(), 'Enter', { ctrlKey: true });
    expect(p.inserted).toEqual([{ text: 'Our policy: short enough.', replyIds: ['long'], anyway: false }]);
  });

  it('warns before the same reply goes out too often on one platform, and inserts on the second Insert', async () => {
    const use = (minutesAgo: number, platform: Platform = 'x'): ReplyUse => ({
      replyIds: ['ship'],
      itemKey: `${platform}:1`,
      platform,
      memberId: null,
      at: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
    });
    const recent = [use(5), use(20), use(90), use(1, 'reddit')];
    const p = mount({ library: library({ recent }), suggested: [] });
    await settle();
    await p.type(p.filter(), 'shipping delay');
    expect(p.warnings()).toEqual(['overlayPickerRepeated(Shipping delay,2,platformX,60)']);
    await p.key(p.filter(), 'Enter');
    expect(p.inserted).toEqual([]);
    await p.key(p.filter(), 'Enter');
    expect(p.inserted.map((i) => i.replyIds)).toEqual([['ship']]);
    // once, on another platform, is no pattern
    document.body.replaceChildren();
    const r = mount({ library: library({ recent }), suggested: [], platform: 'reddit' });
    await settle();
    await r.type(r.filter(), 'shipping delay');
    expect(r.warnings()).toEqual([]);
  });

  it('a teammate typing: the bar says so, and the next Insert goes in anyway', async () => {
    const p = mount();
    p.results.push('confirm');
    await settle();
    await p.key(p.filter(), 'Enter');
    await settle();
    expect(p.insertButton().textContent).toBe('overlayInsertAnyway');
    await p.key(p.filter(), 'Enter');
    expect(p.inserted.map((i) => i.anyway)).toEqual([false, true]);
  });
});

describe('compose', () => {
  const ctx: TemplateContext = { author: { name: 'Ana', handle: null } };
  it('joins rendered parts with a blank line and gathers what is missing', () => {
    const parts = [reply('a', { body: 'Hi {{author.first_name}}!' }), reply('b', { body: 'Ask {{author.handle}}.' })];
    expect(compose(parts, null, 'x', ctx)).toEqual({
      text: 'Hi Ana!\n\nAsk .',
      missing: ['author.handle'],
      problems: [],
      raw: false,
    });
  });

  it('fills variables the user typed in an edited text, and flags broken braces', () => {
    expect(compose([], 'Thanks {{author.name}}', 'x', ctx).text).toBe('Thanks Ana');
    expect(compose([], 'Oops {{author.name', 'x', ctx).raw).toBe(true);
  });

  it('keeps page values inert, also when an edited text is filled again', () => {
    const hostile = { author: { name: '{{brand}} Eve', handle: null }, brand: 'Acme' };
    const first = compose([], 'Hi {{author.name}}', 'x', hostile);
    expect(first.text).toBe('Hi { {brand} } Eve');
    expect(first.raw).toBe(false);
    expect(compose([], first.text, 'x', hostile).text).toBe(first.text);
  });
});
