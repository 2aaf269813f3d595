// @vitest-environment happy-dom
/**
 * The X adapter wired into the overlay features (run-site), on the saved
 * pages, with a background that does not answer, one that switches the site
 * off, and live pushes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PLATFORMS, type CapturedItem, type Item } from '../../shared/model';
import type { BgPush, ExtensionState, TabMessage } from '../../extension/messaging/messages';
import { runSite, type SiteContext } from '../../extension/features/run-site';
import type { BackgroundClient, Outcome } from '../../extension/features/support/background';
import { x } from '../../extension/sites/x';
import { defaultPolicy } from '../../extension/background/settings';

vi.mock('../../extension/features/support/words', () => ({
  i18n: { t: (key: string, subs?: unknown) => (Array.isArray(subs) ? `${key}(${subs.join(',')})` : key) },
}));
vi.mock('webextension-polyfill', () => ({ default: {} }));

const ROOT = resolve(import.meta.dirname, '../..');
const OURS = 'https://x.com/inlaydemo/status/1900000000000000100';
const THEIRS = 'https://x.com/pixelharbor/status/1900000000000000200';
const NO_ANSWER = { ok: false, reason: 'no-answer', detail: 'no reply' } as const;

function loadPage(fixture: string, url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  const parsed = new DOMParser().parseFromString(readFileSync(resolve(ROOT, fixture), 'utf8'), 'text/html');
  const html = document.documentElement;
  for (const a of Array.from(html.attributes)) html.removeAttribute(a.name);
  for (const a of Array.from(parsed.documentElement.attributes)) html.setAttribute(a.name, a.value);
  document.head.replaceChildren(...Array.from(parsed.head.childNodes, (n) => document.importNode(n, true)));
  document.body.replaceWith(document.importNode(parsed.body, true));
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

function state(over: Partial<ExtensionState> = {}): ExtensionState {
  return {
    status: 'connected',
    detail: null,
    port: 27412,
    outbox: 0,
    member: null,
    companionId: null,
    members: [],
    selectors: {},
    viewsVersion: 0,
    repliesVersion: 0,
    sweeps: { enabled: true, running: null, notices: [] },
    policy: defaultPolicy(),
    sites: Object.fromEntries(PLATFORMS.map((p) => [p, true])) as ExtensionState['sites'],
    profiles: [],
    lastSeq: 0,
    ...over,
  };
}

type TestClient = BackgroundClient & { push?: (p: BgPush) => void; tab?: (m: TabMessage) => void };

function client(over: Partial<BackgroundClient> = {}): TestClient {
  const c: TestClient = {
    state: async () => NO_ANSWER,
    capture: async () => NO_ANSWER,
    itemsGet: async () => NO_ANSWER,
    itemsList: async () => NO_ANSWER,
    replies: async () => NO_ANSWER,
    replyUsed: async () => NO_ANSWER,
    update: async () => NO_ANSWER,
    reply: async () => NO_ANSWER,
    health: async () => NO_ANSWER,
    presence: async () => NO_ANSWER,
    live: (onPush) => {
      c.push = onPush;
    },
    onTabMessage: (cb) => {
      c.tab = cb;
    },
    ...over,
  };
  return c;
}

const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));
const hosts = () => Array.from(document.querySelectorAll<HTMLElement>('[data-inlay-item]'));
const inbound = () => hosts().filter((h) => h.getAttribute('data-inlay-inbound') === 'true');

let ctx: ReturnType<typeof fakeCtx> | null = null;

/** The captured item the companion would answer with. */
function asItem(c: CapturedItem): Item {
  return {
    ...c,
    key: `${c.platform}:${c.nativeId}`,
    capturedAt: '2026-03-02T15:10:00.000Z',
    capturedBy: null,
    status: 'open',
    priority: 'normal',
    tags: [],
    assigneeId: null,
    repliedAt: null,
    snoozedUntil: null,
    suggestedReplies: [],
    updatedAt: '2026-03-02T15:10:00.000Z',
    seq: 1,
  };
}

/** What the adapter reads for `key` on the current page. */
function itemOf(key: string): CapturedItem {
  const url = new URL(location.href);
  for (const el of x.findItems(document)) {
    const it = x.extract(el, { url, page: 'status', profiles: ['inlaydemo'], memo: new Map() });
    if (it && `x:${it.nativeId}` === key) return it;
  }
  throw new Error(`no ${key}`);
}
afterEach(() => {
  ctx?.invalidate();
  ctx = null;
});

describe('X overlay on a status page', () => {
  it('renders one host per recognised tweet even when the background does not answer', async () => {
    loadPage('test/fixtures/x/status-with-replies.html', OURS);
    ctx = fakeCtx();
    runSite(ctx, x, { client: client() });
    await vi.waitFor(() => expect(hosts()).toHaveLength(8)); // work is spread over frames
    expect(hosts().map((h) => `${h.getAttribute('data-inlay-item')} ${h.getAttribute('data-inlay-kind')}`)).toEqual([
      'x:1900000000000000100 post',
      'x:1900000000000000101 reply',
      'x:1900000000000000102 reply',
      'x:1900000000000000103 reply',
      'x:1900000000000000104 reply',
      'x:1900000000000000105 reply',
      'x:1899999999999990001 post',
      'x:1899999999999990002 post',
    ]);
    for (const h of hosts()) {
      expect(h.closest('article[data-testid="tweet"]')?.querySelectorAll('[data-inlay-item]')).toHaveLength(1);
      expect(h.previousElementSibling?.getAttribute('role')).toBe('group');
    }
    // no profiles configured (no answer), but the page shows we are logged in as @inlaydemo
    expect(inbound().map((h) => h.getAttribute('data-inlay-item'))).toEqual([
      'x:1900000000000000101',
      'x:1900000000000000102',
      'x:1900000000000000104',
      'x:1900000000000000105',
    ]);
    const button = inbound()[0]!.shadowRoot!.querySelector('button')!;
    button.click();
    await settle();
    expect(inbound()[0]!.shadowRoot!.querySelector('[role="alert"]')?.textContent).toBe('overlayErrorNoAnswer');
  });

  it('captures inbound replies by themselves, once, shows the bar, and captures others on demand', async () => {
    loadPage('test/fixtures/x/status-with-replies.html', OURS);
    ctx = fakeCtx();
    const sent: string[] = [];
    const c = client({
      state: async () => ({
        ok: true,
        value: state({ profiles: [{ id: 'p1', platform: 'x', handle: 'inlaydemo', displayName: null }] }),
      }),
      capture: async (item): Promise<Outcome<Item | null>> => {
        sent.push(`${item.nativeId} ${item.kind} ${item.author.handle} ${item.parentId}`);
        return { ok: true, value: asItem(item) };
      },
      itemsGet: async () => ({ ok: true, value: [] }),
    });
    runSite(ctx, x, { client: c });
    await vi.waitFor(() => expect(hosts()).toHaveLength(8));
    await vi.waitFor(() => expect(sent).toHaveLength(4));
    expect(sent).toEqual([
      '1900000000000000101 reply mapleowl 1900000000000000100',
      '1900000000000000102 reply quietfjord 1900000000000000100',
      '1900000000000000104 reply tidepool_42 1900000000000000100',
      '1900000000000000105 reply northwind_ux 1900000000000000100',
    ]);
    const byKey = (k: string) => document.querySelector<HTMLElement>(`[data-inlay-item="${k}"]`)!.shadowRoot!;
    await vi.waitFor(() =>
      expect(byKey('x:1900000000000000101').querySelector('[data-inlay-status]')?.textContent).toBe('itemStatusOpen'),
    );
    expect(byKey('x:1900000000000000101').querySelector('[data-inlay-action="tag"]')).not.toBeNull();
    // not inbound (a post under "Discover more"): nothing is sent until the user asks
    expect(byKey('x:1899999999999990001').querySelector('.capture-button--quiet button')).not.toBeNull();
    byKey('x:1899999999999990001').querySelector<HTMLButtonElement>('.capture-button button')!.click();
    await vi.waitFor(() => expect(sent).toHaveLength(5));
    expect(sent[4]).toBe('1899999999999990001 post brightkite_ null');
    // a teammate's change arrives live
    c.push?.({ type: 'item', item: { ...asItem(itemOf('x:1900000000000000105')), tags: ['CS - export'] } });
    await vi.waitFor(() =>
      expect(byKey('x:1900000000000000105').querySelector('[data-inlay-tag]')?.textContent).toContain('CS - export'),
    );
  });

  it('nothing is inbound on someone else’s tweet; every tweet still gets a quiet Capture', async () => {
    loadPage('test/fixtures/x/status-not-ours-dark.html', THEIRS);
    ctx = fakeCtx();
    runSite(ctx, x, { client: client() });
    await vi.waitFor(() => expect(hosts()).toHaveLength(5));
    expect(inbound()).toHaveLength(0);
    expect(hosts().every((h) => h.getAttribute('data-theme') === 'dark')).toBe(true);
    expect(hosts()[0]!.shadowRoot!.querySelector('.capture-button--quiet button')).not.toBeNull();
  });

  it('follows the capture policy: with comments off, nothing reaches the team by itself', async () => {
    loadPage('test/fixtures/x/status-with-replies.html', OURS);
    ctx = fakeCtx();
    const sent: string[] = [];
    const policy = defaultPolicy();
    policy.x = { ...policy.x, comments: false };
    const c = client({
      state: async () => ({
        ok: true,
        value: state({ policy, profiles: [{ id: 'p1', platform: 'x', handle: 'inlaydemo', displayName: null }] }),
      }),
      capture: async (item) => {
        sent.push(item.nativeId);
        return { ok: true, value: asItem(item) };
      },
      itemsGet: async () => ({ ok: true, value: [] }),
    });
    runSite(ctx, x, { client: c });
    await vi.waitFor(() => expect(hosts()).toHaveLength(8));
    await settle(200);
    expect(inbound()).toHaveLength(0);
    expect(sent).toEqual([]);
    // switched back on, live: the replies are inbound again and captured
    c.push?.({
      type: 'state',
      state: state({ profiles: [{ id: 'p1', platform: 'x', handle: 'inlaydemo', displayName: null }] }),
    });
    await vi.waitFor(() => expect(sent).toHaveLength(4));
  });

  it('reports a page it cannot read, and reports it readable again when items appear', async () => {
    loadPage('test/fixtures/x/status-with-replies.html', OURS);
    const articles = Array.from(document.querySelectorAll('article[data-testid="tweet"]'));
    const parents = articles.map((a) => [a, a.parentElement!] as const);
    for (const a of articles) a.remove(); // X changed its markup: no tweet is found
    ctx = fakeCtx();
    const reports: string[] = [];
    const c = client({
      health: async (r) => {
        reports.push(`${r.platform} ${r.page} ${r.status} ${r.found}`);
        return { ok: true, value: true };
      },
    });
    runSite(ctx, x, { client: c, healthGraceMs: 50 });
    await vi.waitFor(() => expect(reports).toEqual(['x status unreadable 0']));
    for (const [a, parent] of parents) parent.append(a);
    await vi.waitFor(() =>
      expect(reports).toEqual(['x status unreadable 0', expect.stringMatching(/^x status ok [1-8]$/)]),
    );
  });

  it('scrolls to and highlights the item the side panel opened', async () => {
    loadPage('test/fixtures/x/status-with-replies.html', OURS);
    ctx = fakeCtx();
    const c = client();
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.getAttribute('data-testid') ?? this.localName);
    };
    runSite(ctx, x, { client: c });
    await vi.waitFor(() => expect(c.tab).toBeDefined());
    c.tab!({ type: 'focus', key: 'x:1900000000000000104' }); // before the overlay is there: it waits
    await vi.waitFor(() => expect(scrolled).toEqual(['tweet']));
    const host = document.querySelector('[data-inlay-item="x:1900000000000000104"]')!;
    expect(host.hasAttribute('data-inlay-focus')).toBe(true);
  });

  it('respects the site switch, live', async () => {
    loadPage('test/fixtures/x/status-with-replies.html', OURS);
    ctx = fakeCtx();
    const off = state({ sites: { ...state().sites, x: false } });
    const c = client({ state: async () => ({ ok: true, value: off }) });
    runSite(ctx, x, { client: c });
    await settle();
    expect(hosts()).toHaveLength(0);
    c.push?.({ type: 'state', state: state() });
    await vi.waitFor(() => expect(hosts()).toHaveLength(8));
    c.push?.({ type: 'state', state: off });
    await settle();
    expect(hosts()).toHaveLength(0);
  });

  it('removes everything when the extension context goes away', async () => {
    loadPage('test/fixtures/x/status-with-replies.html', OURS);
    ctx = fakeCtx();
    runSite(ctx, x, { client: client() });
    await vi.waitFor(() => expect(hosts()).toHaveLength(8));
    ctx.invalidate();
    expect(hosts()).toHaveLength(0);
  });
});

describe('X overlay on notifications and messages', () => {
  const profiles = [{ id: 'p1', platform: 'x' as const, handle: 'inlaydemo', displayName: null }];
  const recording = (sent: string[], replies: string[]) =>
    client({
      state: async () => ({ ok: true, value: state({ profiles }) }),
      capture: async (item): Promise<Outcome<Item | null>> => {
        sent.push(`${item.nativeId} ${item.kind} ${item.author.handle}`);
        return { ok: true, value: asItem(item) };
      },
      itemsGet: async () => ({ ok: true, value: [] }),
      reply: async (key, seen) => {
        replies.push(`${key} < ${seen.nativeId} ${seen.source}`);
        return { ok: true, value: true };
      },
    });

  it('mentions of us are captured by themselves; likes and follows get no overlay', async () => {
    loadPage('test/fixtures/x/notifications-all.html', 'https://x.com/notifications');
    ctx = fakeCtx();
    const sent: string[] = [];
    runSite(ctx, x, { client: recording(sent, []) });
    await vi.waitFor(() => expect(hosts()).toHaveLength(3));
    expect(document.querySelectorAll('article[data-testid="notification"] [data-inlay-item]')).toHaveLength(0);
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent).toEqual(['1900000000000000301 mention brightkite_', '1900000000000000303 mention northwind_ux']);
  });

  it('in a conversation, the participant’s messages are captured and ours are recorded as replies to the one above', async () => {
    const chat = 'https://x.com/i/chat/1500000000000000001-1500000000000000003';
    const U = (n: number) => `8c1f0e2a-${String(n).padStart(4, '0')}-4c3b-9d2e-${String(n).padStart(12, '0')}`;
    loadPage('test/fixtures/x/dm-chat-2026.html', chat);
    ctx = fakeCtx();
    const sent: string[] = [];
    const replies: string[] = [];
    runSite(ctx, x, { client: recording(sent, replies) });
    await vi.waitFor(() => expect(hosts()).toHaveLength(6));
    expect(inbound().map((h) => h.getAttribute('data-inlay-item'))).toEqual([1, 2, 4, 6].map((n) => `x:${U(n)}`));
    for (const h of hosts())
      expect(h.closest('[data-testid^="message-"]')?.querySelectorAll('[data-inlay-item]')).toHaveLength(1);
    await vi.waitFor(() => expect(sent).toHaveLength(4));
    expect(sent[0]).toBe(`${U(1)} dm quietfjord`);
    await vi.waitFor(() => expect(replies).toHaveLength(2));
    expect(replies).toEqual([`x:${U(2)} < ${U(3)} native`, `x:${U(4)} < ${U(5)} native`]);
  });
});
