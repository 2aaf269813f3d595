// @vitest-environment happy-dom
/**
 * run-site's saved-reply wiring, with a small made-up site (items are
 * `<article data-id>`, the reply box a textarea): the library loads once and
 * follows `repliesVersion`; a saved reply that went in (or onto the
 * clipboard) is a `reply.used` and the own reply after it is `saved-reply`,
 * the user's own text is not; a shortcut typed in an item's box expands
 * with that item's variables and counts as a use on it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PLATFORMS, type CapturedItem, type Item } from '../../shared/model';
import { DEFAULT_REPLY_SETTINGS, type SavedReply } from '../../shared/replies/saved-reply';
import type { BgPush, ExtensionState, ReplyLibrary, SweepTabInfo } from '../messaging/messages';
import type { SiteAdapter } from '../sites/types';
import { runSite, type ReplyInserter, type SiteContext } from './run-site';
import type { BackgroundClient, Outcome, ReplyUsed } from './support/background';
import type { ReplySeen } from '../messaging/messages';
import { defaultPolicy } from '../background/settings';

vi.mock('./support/words', () => ({
  i18n: {
    t: (key: string, a?: unknown, b?: unknown) => {
      const subs = Array.isArray(a) ? a : Array.isArray(b) ? b : null;
      return subs ? `${key}(${subs.join(',')})` : key;
    },
  },
}));
vi.mock('webextension-polyfill', () => ({ default: {} }));

const NOW = '2026-03-02T12:00:00.000Z';

function extract(el: Element): CapturedItem | null {
  const id = el.getAttribute('data-id');
  if (!id) return null;
  return {
    platform: 'reddit',
    nativeId: id,
    kind: 'comment',
    profile: null,
    author: { handle: el.getAttribute('data-author'), name: el.getAttribute('data-name'), url: null },
    text: el.querySelector('p')?.textContent ?? '',
    permalink: `https://www.reddit.com/r/demo/comments/1/c/${id}/`,
    siteTimestamp: null,
    parentId: el.getAttribute('data-parent'),
    threadId: 't1',
  };
}

const site: SiteAdapter = {
  platform: 'reddit',
  hosts: ['www.reddit.com'],
  matches: [],
  pages: { post: { test: () => true, expectsItems: false, examples: { accept: [], reject: [] } } },
  pageKind: () => 'post',
  selectors: {},
  withSelectors: () => site,
  findItems: (root) => {
    const found = Array.from(root.querySelectorAll('article[data-id]'));
    if ((root as Element).matches?.('article[data-id]')) found.unshift(root as Element);
    return found;
  },
  extract,
  actionRow: (el) => el.querySelector('.actions'),
  isInbound: (item) => item.author.handle !== 'us',
  detectLoggedInHandle: () => 'us',
  expected: [],
  composer: {
    editor: 'textarea',
    open: async (el) => {
      let box = el.querySelector('textarea');
      if (!box) {
        box = el.ownerDocument.createElement('textarea');
        el.append(box);
      }
      return box;
    },
    sendButton: () => null,
  },
  isOwnReply: (item) => item.author.handle === 'us',
};

function asItem(c: CapturedItem, over: Partial<Item> = {}): Item {
  return {
    ...c,
    key: `${c.platform}:${c.nativeId}`,
    capturedAt: NOW,
    capturedBy: null,
    status: 'open',
    priority: 'normal',
    tags: [],
    assigneeId: null,
    repliedAt: null,
    snoozedUntil: null,
    suggestedReplies: [],
    updatedAt: NOW,
    seq: 1,
    ...over,
  };
}

function reply(id: string, over: Partial<SavedReply> = {}): SavedReply {
  return {
    id,
    scope: 'shared',
    folder: 'Shipping',
    title: id,
    body: `Body ${id}`,
    variants: {},
    tags: [],
    keywords: [],
    shortcut: null,
    ownerId: null,
    updatedAt: NOW,
    updatedBy: null,
    ...over,
  };
}

const LIBRARY: ReplyLibrary = {
  replies: [
    reply('ship', {
      title: 'Shipping delay',
      body: 'Hi {{author.first_name}}, it ships Monday. — {{agent.first_name}}',
    }),
    reply('thanks', { title: 'Thanks', body: 'Thanks from {{brand}}!', shortcut: 'thx' }),
    reply('named', { folder: 'Templates', title: 'By name', body: 'Dear {{author.name}},', shortcut: 'dear' }),
  ],
  usage: {},
  recent: [],
  settings: { ...DEFAULT_REPLY_SETTINGS, brand: 'Acme' },
  fetchedAt: NOW,
};

function state(over: Partial<ExtensionState> = {}): ExtensionState {
  return {
    status: 'connected',
    detail: null,
    port: 27412,
    outbox: 0,
    member: { id: 'mem_sam', name: 'Sam Rivera', role: 'agent', createdAt: NOW },
    companionId: null,
    members: [],
    selectors: {},
    viewsVersion: 0,
    repliesVersion: 1,
    sweeps: { enabled: true, running: null, notices: [] },
    policy: defaultPolicy(),
    sites: Object.fromEntries(PLATFORMS.map((p) => [p, true])) as ExtensionState['sites'],
    profiles: [],
    lastSeq: 0,
    ...over,
  };
}

function page(): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(
    'https://www.reddit.com/r/demo/comments/1/',
  );
  document.body.replaceChildren();
  document.body.insertAdjacentHTML(
    'beforeend',
    `
    <article data-id="c1" data-author="maple" data-name="Maple Owl"><p>Where is my parcel?</p><div class="actions"></div></article>
    <article data-id="c2" data-author="fjord" data-name="Quiet Fjord"><p>Any news?</p><div class="actions"></div></article>`,
  );
}

function fakeCtx(): SiteContext & { invalidate(): void } {
  const abort = new AbortController();
  return {
    get isInvalid() {
      return abort.signal.aborted;
    },
    signal: abort.signal,
    onInvalidated: (cb: () => void) => {
      abort.signal.addEventListener('abort', cb);
      return () => abort.signal.removeEventListener('abort', cb);
    },
    setTimeout: (fn: () => void, ms?: number) => setTimeout(fn, ms) as unknown as number,
    invalidate: () => abort.abort(),
  };
}

function client() {
  const used: ReplyUsed[] = [];
  const seen: { key: string; reply: ReplySeen }[] = [];
  let libraryCalls = 0;
  let push: ((p: BgPush) => void) | null = null;
  const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
  const c: BackgroundClient = {
    state: async () => ok(state()),
    capture: async (item) => ok(asItem(item)),
    itemsGet: async (keys) => ok(keys.flatMap((k) => (k === 'reddit:c1' || k === 'reddit:c2' ? [] : []))),
    itemsList: async () => ok([]),
    update: async () => ok(null),
    reply: async (key, r) => {
      seen.push({ key, reply: r });
      return ok(true as const);
    },
    health: async () => ok(true as const),
    presence: async () => ok(true as const),
    replies: async () => {
      libraryCalls += 1;
      return ok(LIBRARY);
    },
    replyUsed: async (u) => {
      used.push(u);
      return ok(true as const);
    },
    live: (onPush) => {
      push = onPush;
    },
    onTabMessage: () => {},
  };
  return {
    c,
    used,
    seen,
    get libraryCalls() {
      return libraryCalls;
    },
    push: (p: BgPush) => push?.(p),
  };
}

const settle = (ms = 10) => new Promise((r) => setTimeout(r, ms));
const shadow = (key: string) => document.querySelector<HTMLElement>(`[data-inlay-item="${key}"]`)?.shadowRoot ?? null;

async function openPicker(key: string): Promise<ShadowRoot> {
  await vi.waitFor(() => expect(shadow(key)?.querySelector('[data-inlay-action="reply"]')).toBeTruthy());
  const root = shadow(key)!;
  root.querySelector<HTMLButtonElement>('[data-inlay-action="reply"]')!.click();
  await vi.waitFor(() => expect(root.querySelector('.reply-picker')).not.toBeNull());
  return root;
}

const keydown = (el: Element, key: string, init: KeyboardEventInit = {}) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, ...init }));

let ctx: ReturnType<typeof fakeCtx> | null = null;
afterEach(() => {
  ctx?.invalidate();
  ctx = null;
  document.body.replaceChildren();
});

describe('run-site: saved replies', () => {
  it('loads the library once, and again when repliesVersion moves', async () => {
    page();
    const k = client();
    ctx = fakeCtx();
    runSite(ctx, site, { client: k.c, insert: async () => ({ ok: true }) });
    await vi.waitFor(() => expect(k.libraryCalls).toBe(1));
    await settle(30);
    k.push({ type: 'state', state: state({ repliesVersion: 1 }) });
    await settle();
    expect(k.libraryCalls).toBe(1);
    k.push({ type: 'state', state: state({ repliesVersion: 2 }) });
    await vi.waitFor(() => expect(k.libraryCalls).toBe(2));
  });

  it('a saved reply filled from the item goes in, is a reply.used, and the own reply after it is saved-reply', async () => {
    page();
    const k = client();
    const inserted: string[] = [];
    const insert: ReplyInserter = async (editor, _kind, text) => {
      (editor as HTMLTextAreaElement).value += text;
      inserted.push(text);
      return { ok: true };
    };
    ctx = fakeCtx();
    runSite(ctx, site, { client: k.c, insert });
    const root = await openPicker('reddit:c1');
    await vi.waitFor(() => expect(root.querySelector('[role="combobox"]')).not.toBeNull());
    keydown(root.querySelector('[role="combobox"]')!, 'Enter');
    await vi.waitFor(() => expect(k.used).toHaveLength(1));
    expect(inserted).toEqual(['Hi Maple, it ships Monday. — Sam']);
    expect(k.used[0]).toMatchObject({ key: 'reddit:c1', platform: 'reddit', replyIds: ['ship'] });
    expect(Date.parse(k.used[0]!.at)).not.toBeNaN();
    // our reply shows up under it
    const own = document.createElement('article');
    own.setAttribute('data-id', 'c9');
    own.setAttribute('data-author', 'us');
    own.setAttribute('data-parent', 'c1');
    own.insertAdjacentHTML('beforeend', '<p>Hi Maple, it ships Monday. — Sam</p><div class="actions"></div>');
    document.body.append(own);
    await vi.waitFor(() => expect(k.seen).toHaveLength(1));
    expect(k.seen[0]).toMatchObject({ key: 'reddit:c1', reply: { nativeId: 'c9', source: 'saved-reply' } });
  });

  it('the user’s own text is no reply.used, and the reply after it stays native; the clipboard fallback counts', async () => {
    page();
    const k = client();
    let result: { ok: true } | { ok: false; copied: boolean } = { ok: true };
    ctx = fakeCtx();
    runSite(ctx, site, { client: k.c, insert: async () => result });
    let root = await openPicker('reddit:c2');
    await vi.waitFor(() => expect(root.querySelector('[role="combobox"]')).not.toBeNull());
    root.querySelector<HTMLElement>('[data-inlay-reply=""]')!.click();
    await settle();
    const area = root.querySelector<HTMLTextAreaElement>('.reply-picker textarea')!;
    area.value = 'On it!';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    keydown(area, 'Enter', { ctrlKey: true });
    await vi.waitFor(() => expect(root.querySelector('.item-bar__notice')).not.toBeNull());
    expect(k.used).toEqual([]);
    const own = document.createElement('article');
    own.setAttribute('data-id', 'c8');
    own.setAttribute('data-author', 'us');
    own.setAttribute('data-parent', 'c2');
    own.insertAdjacentHTML('beforeend', '<p>On it!</p><div class="actions"></div>');
    document.body.append(own);
    await vi.waitFor(() => expect(k.seen).toHaveLength(1));
    expect(k.seen[0]).toMatchObject({ key: 'reddit:c2', reply: { source: 'native' } });

    // the box refused it, the text is on the clipboard: the user pastes it, so it is used
    result = { ok: false, copied: true };
    root = await openPicker('reddit:c1');
    await vi.waitFor(() => expect(root.querySelector('[role="combobox"]')).not.toBeNull());
    keydown(root.querySelector('[role="combobox"]')!, 'Enter');
    await vi.waitFor(() => expect(k.used).toHaveLength(1));
    expect(root.querySelector('.item-bar__error')?.textContent).toBe('overlayCopied');
    result = { ok: false, copied: false };
    keydown(root.querySelector('[role="combobox"]')!, 'Enter');
    await settle(30);
    expect(k.used).toHaveLength(1); // nothing went anywhere: not a use
  });

  it('a shortcut typed in an item’s reply box expands with that item’s variables and is a use on it', async () => {
    page();
    const k = client();
    const typed: string[] = [];
    ctx = fakeCtx();
    runSite(ctx, site, {
      client: k.c,
      insert: async () => ({ ok: true }),
      shortcutInsert: async (editor, kind, text) => {
        typed.push(`${kind}: ${text}`);
        const box = editor as HTMLTextAreaElement;
        box.setRangeText(text, box.selectionStart ?? 0, box.selectionEnd ?? 0, 'end');
        return true;
      },
    });
    await vi.waitFor(() => expect(k.libraryCalls).toBe(1));
    await vi.waitFor(() => expect(shadow('reddit:c2')).toBeTruthy());
    const box = document.createElement('textarea');
    document.querySelector('article[data-id="c2"]')!.append(box);
    box.focus();
    box.value = 'Hey ;thx';
    box.setSelectionRange(8, 8);
    box.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: 'x', bubbles: true }));
    await vi.waitFor(() => expect(k.used).toHaveLength(1));
    expect(typed).toEqual(['textarea: Thanks from Acme!']);
    expect(box.value).toBe('Hey Thanks from Acme!');
    expect(k.used[0]).toMatchObject({ key: 'reddit:c2', platform: 'reddit', replyIds: ['thanks'] });
  });

  it('says in the item’s bar why a shortcut did not expand, and next to the box when no item is near', async () => {
    page();
    document.body.insertAdjacentHTML('afterbegin', '<div id="top"></div>');
    document
      .querySelector('article[data-id="c2"]')!
      .insertAdjacentHTML(
        'afterend',
        '<article data-id="c3" data-author="anon"><p>?</p><div class="actions"></div></article>',
      );
    const k = client();
    const typed: string[] = [];
    ctx = fakeCtx();
    runSite(ctx, site, {
      client: k.c,
      insert: async () => ({ ok: true }),
      shortcutInsert: async (_e, _k, text) => {
        typed.push(text);
        return true;
      },
    });
    await vi.waitFor(() => expect(shadow('reddit:c3')?.querySelector('[data-inlay-action="reply"]')).toBeTruthy());
    const type = (box: HTMLTextAreaElement, value: string) => {
      box.focus();
      box.value = value;
      box.setSelectionRange(value.length, value.length);
      box.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: 'r', bubbles: true }));
    };
    const box = document.createElement('textarea');
    document.querySelector('article[data-id="c3"]')!.append(box);
    type(box, ';dear');
    await vi.waitFor(() =>
      expect(shadow('reddit:c3')?.querySelector('.item-bar__error')?.textContent).toContain(
        'overlayShortcutNeeds(;dear,overlayShortcutFromPage(overlayPickerVarName))',
      ),
    );
    expect(typed).toEqual([]);
    expect(box.value).toBe(';dear');
    // above every item: no bar to speak in, a note by the box
    const lone = document.createElement('textarea');
    document.getElementById('top')!.append(lone);
    type(lone, ';dear');
    await vi.waitFor(() => expect(document.querySelector('[data-inlay-note]')).not.toBeNull());
    expect(document.querySelector('[data-inlay-note]')!.shadowRoot!.textContent).toContain(
      'overlayShortcutNeeds(;dear',
    );
    expect(k.used).toEqual([]);
  });

  it('never expands in Inlay’s own boxes', async () => {
    page();
    const k = client();
    const typed: string[] = [];
    ctx = fakeCtx();
    runSite(ctx, site, {
      client: k.c,
      insert: async () => ({ ok: true }),
      shortcutInsert: async (_e, _k, text) => {
        typed.push(text);
        return true;
      },
    });
    const root = await openPicker('reddit:c1');
    const area = root.querySelector<HTMLTextAreaElement>('.reply-picker textarea')!;
    area.value = ';thx';
    area.setSelectionRange(4, 4);
    area.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: 'x', bubbles: true, composed: true }));
    await settle(50);
    expect(typed).toEqual([]);
  });
});

describe('run-site: live views (coverage)', () => {
  let visibility: DocumentVisibilityState = 'visible';
  let signedInAs: string | null = 'Acme';
  const listSite: SiteAdapter = {
    ...site,
    pages: {
      post: site.pages.post!,
      notifications: site.pages.post!,
      messages: site.pages.post!,
      message: site.pages.post!,
    },
    pageKind: (url) =>
      url.pathname.startsWith('/notifications')
        ? 'notifications'
        : /^\/message\/messages\/?$/.test(url.pathname)
          ? 'messages'
          : url.pathname.startsWith('/message/messages/')
            ? 'message'
            : 'post',
    sweepPage: (kind) =>
      kind === 'notifications'
        ? 'https://www.reddit.com/notifications'
        : kind === 'dms'
          ? 'https://www.reddit.com/message/messages/'
          : 'https://www.reddit.com/user/acme/submitted/',
    signedInAs: () => signedInAs,
  };

  function setup(url: string, over: { sweepTab?: boolean; profiles?: string[]; role?: 'agent' | 'viewer' } = {}) {
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
    const beats: unknown[] = [];
    const k = client();
    k.c.state = async () =>
      ({
        ok: true,
        value: state({
          profiles: (over.profiles ?? ['acme']).map((handle, i) => ({
            id: `p${i}`,
            platform: 'reddit',
            handle,
            displayName: null,
          })),
          member: { id: 'mem_sam', name: 'Sam Rivera', role: over.role ?? 'agent', createdAt: NOW },
        }),
      }) as const;
    const info: SweepTabInfo = {
      jobId: 'swj_6ZbPZ0Yl9s2sUq3Q',
      platform: 'reddit',
      profile: 'acme',
      kind: 'notifications',
      step: 'list',
      lane: '',
      postId: null,
      maxReplyExpansions: 0,
    };
    k.c.sweepTab = async () => ({ ok: true, value: over.sweepTab ? info : null });
    k.c.liveView = async (beat) => {
      beats.push(beat);
      return { ok: true, value: true as const };
    };
    ctx = fakeCtx();
    runSite(ctx, listSite, { client: k.c, insert: null });
    return beats;
  }
  const setVisibility = (v: DocumentVisibilityState) => {
    visibility = v;
    document.dispatchEvent(new Event('visibilitychange'));
  };

  beforeEach(() => {
    visibility = 'visible';
    signedInAs = 'Acme';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date(NOW));
  });
  afterEach(() => {
    vi.useRealTimers();
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('beats at once and every minute while our notifications list is in view, and not while hidden', async () => {
    const beats = setup('https://www.reddit.com/notifications');
    await vi.advanceTimersByTimeAsync(100);
    expect(beats).toEqual([{ platform: 'reddit', profile: 'Acme', kind: 'notifications', viewedMs: 0 }]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(beats.at(-1)).toEqual({ platform: 'reddit', profile: 'Acme', kind: 'notifications', viewedMs: 60_000 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(beats.at(-1)).toMatchObject({ viewedMs: 120_000 }); // never vouches for more than 2 minutes
    const before = beats.length;

    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(beats).toHaveLength(before); // nothing while hidden
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(10);
    expect(beats.slice(before)).toEqual([{ platform: 'reddit', profile: 'Acme', kind: 'notifications', viewedMs: 0 }]);
  });

  it('says the inbox list is the dms page; a conversation, a post, or another account is no live view', async () => {
    const inbox = setup('https://www.reddit.com/message/messages/');
    await vi.advanceTimersByTimeAsync(100);
    expect(inbox).toEqual([{ platform: 'reddit', profile: 'Acme', kind: 'dms', viewedMs: 0 }]);
    ctx?.invalidate();

    for (const url of [
      'https://www.reddit.com/message/messages/2k9q1ab/',
      'https://www.reddit.com/r/demo/comments/1/',
    ]) {
      const beats = setup(url);
      await vi.advanceTimersByTimeAsync(2 * 60_000);
      expect(beats).toEqual([]);
      ctx?.invalidate();
    }
    signedInAs = 'someone-else'; // signed in to an account that is not one of our profiles
    const other = setup('https://www.reddit.com/notifications');
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(other).toEqual([]);
  });

  it('never beats from a sweep tab, nor for a member who captures nothing here', async () => {
    const sweepTab = setup('https://www.reddit.com/notifications', { sweepTab: true });
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    setVisibility('hidden');
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(sweepTab).toEqual([]);
    ctx?.invalidate();

    const viewer = setup('https://www.reddit.com/notifications', { role: 'viewer' });
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(viewer).toEqual([]);
  });
});

describe('run-site: a sweep tab reads as its job’s profile', () => {
  it('reads items with the job’s profile alone, though several of ours are saved for the site', async () => {
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(
      'https://www.reddit.com/notifications',
    );
    const row = document.createElement('article');
    row.setAttribute('data-id', 't1_n1');
    row.setAttribute('data-author', 'someone');
    row.append(Object.assign(document.createElement('p'), { textContent: 'hi' }));
    document.body.replaceChildren(row);
    const seen: string[][] = [];
    const reader: SiteAdapter = {
      ...site,
      extract: (el, c) => {
        seen.push([...c.profiles]);
        return extract(el);
      },
    };
    const k = client();
    k.c.state = async () =>
      ({
        ok: true,
        value: state({
          profiles: ['acme', 'acme_support'].map((handle, i) => ({
            id: `p${i}`,
            platform: 'reddit',
            handle,
            displayName: null,
          })),
        }),
      }) as const;
    k.c.sweepTab = async () => ({
      ok: true,
      value: {
        jobId: 'swj_1',
        platform: 'reddit',
        profile: 'ACME_support',
        kind: 'notifications',
        step: 'list',
        lane: '',
        postId: null,
        maxReplyExpansions: 0,
      },
    });
    ctx = fakeCtx();
    runSite(ctx, reader, {
      client: k.c,
      insert: null,
      sweep: { settleMs: 0, minPauseMs: 0, spreadMs: 0, maxSteps: 1 },
    });
    await settle(300);
    expect(seen.length).toBeGreaterThan(0);
    // the saved spelling of the job's profile, and no other of ours
    for (const profiles of seen) expect(profiles).toEqual(['acme_support']);
  });
});
