/**
 * X (x.com, twitter.com): everything Inlay knows about the site's markup.
 *
 * This issue reads status pages: the focal tweet, the replies after it, and
 * the unrelated tweets X shows under "Discover more". Keys are data-testid,
 * role, href patterns and time[datetime]; never X's generated class names.
 * See ../../../shared/SITES.md (X) for where each fact comes from.
 */
import { CapturedItem } from '../../shared/model';
import {
  compileSelectors,
  matchProfile,
  mergeSelectors,
  type ExtractContext,
  type PageSpec,
  type PolicyContext,
  type SelectorPack,
  type Selectors,
  type SiteAdapter,
  waitForElement,
} from './types';

/* ------------------------------------------------------------------ selectors */

export type XSelectorName =
  | 'cell'
  | 'item'
  | 'userName'
  | 'avatar'
  | 'verified'
  | 'text'
  | 'articleTitle'
  | 'time'
  | 'permalink'
  | 'actionRow'
  | 'replyButton'
  | 'quoted'
  | 'conversationEnd'
  | 'accountAvatar'
  | 'profileTab'
  | 'composer'
  | 'dialog'
  | 'sendButton';

/** Newest first; `seen` is when the variant was seen on the live site. */
export const X_SELECTORS: Selectors<XSelectorName> = {
  cell: [{ css: '[data-testid="cellInnerDiv"]', seen: '2026-02', note: 'one virtual-list cell per timeline row' }],
  item: [
    {
      css: '[data-testid="cellInnerDiv"] article[data-testid="tweet"]',
      seen: '2026-02',
      note: 'a tweet in a timeline or conversation cell',
    },
  ],
  userName: [
    { css: '[data-testid="User-Name"]', seen: '2026-02', note: 'name, @handle and (in timelines) the time link' },
  ],
  avatar: [{ css: '[data-testid^="UserAvatar-Container-"]', seen: '2026-02', note: 'the suffix is the handle' }],
  verified: [{ css: '[data-testid="icon-verified"]', seen: '2025-10' }],
  text: [{ css: '[data-testid="tweetText"]', seen: '2026-02', note: 'carries lang' }],
  articleTitle: [
    { css: '[data-testid="twitter-article-title"]', seen: '2026-02', note: 'long-form posts have no tweetText' },
  ],
  time: [{ css: 'time[datetime]', seen: '2026-02' }],
  permalink: [{ css: 'a[href*="/status/"]', seen: '2026-02', note: "the time's closest link is the permalink" }],
  actionRow: [
    {
      css: '[role="group"][aria-label]',
      seen: '2026-02',
      note: 'reply/repost/like/bookmark/share row, counts in aria-label',
    },
    { css: '[role="group"]', seen: '2025-10' },
  ],
  replyButton: [{ css: '[data-testid="reply"]', seen: '2026-02' }],
  quoted: [
    { css: 'div[role="link"]', seen: '2025-10', note: 'the quoted-tweet card inside a tweet' },
    { css: 'article', seen: '2025-10', note: 'nested article variant of a quoted tweet' },
  ],
  conversationEnd: [
    {
      css: 'h2[role="heading"]',
      seen: '2026-02',
      note: 'a cell holding a heading and no tweet ("Discover more") ends the conversation',
    },
    { css: '[role="heading"][aria-level="2"]', seen: '2025-10' },
  ],
  accountAvatar: [
    {
      css: '[data-testid="SideNav_AccountSwitcher_Button"] [data-testid^="UserAvatar-Container-"]',
      seen: '2026-02',
      note: 'the logged-in account in the left navigation',
    },
  ],
  profileTab: [
    { css: 'a[data-testid="AppTabBar_Profile_Link"][href]', seen: '2025-06', note: 'left navigation "Profile"' },
  ],
  composer: [
    {
      css: '[data-testid^="tweetTextarea_"].public-DraftEditor-content[contenteditable="true"][role="textbox"]',
      seen: '2026-02',
      note: 'Draft.js editor carrying the test id itself',
    },
    {
      css: 'div[data-testid^="tweetTextarea_"] .public-DraftEditor-content[contenteditable="true"][role="textbox"]',
      seen: '2025-10',
    },
    {
      css: 'textarea[data-testid^="tweetTextarea_"]',
      seen: '2025-10',
      note: 'plain textarea on some compose surfaces',
    },
  ],
  dialog: [
    { css: '[role="dialog"][aria-modal="true"]', seen: '2026-02', note: 'the reply modal X opens from a reply button' },
    { css: '[data-testid="sheetDialog"]', seen: '2025-10' },
  ],
  sendButton: [
    { css: '[data-testid="tweetButtonInline"]', seen: '2026-02' },
    { css: '[data-testid^="tweetButton"]', seen: '2025-10' },
  ],
};

/* ----------------------------------------------------------------------- URLs */

export const X_HOSTS = ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com'] as const;
export const X_MATCHES = ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.x.com/*'] as const;

/** First path segments that are X's own pages, never a handle. */
const RESERVED = new Set([
  'home',
  'explore',
  'notifications',
  'messages',
  'search',
  'settings',
  'i',
  'compose',
  'intent',
  'hashtag',
  'login',
  'logout',
  'signup',
  'tos',
  'privacy',
  'account',
  'jobs',
  'lists',
]);

const HANDLE = /^\w{1,15}$/;
const STATUS_PATH = /^\/(\w{1,15})\/status(?:es)?\/(\d{1,25})(?:\/(?:photo|video)\/\d{1,2})?\/?$/;
const ANON_STATUS_PATH = /^\/i\/(?:web\/)?status\/(\d{1,25})\/?$/;
const STATUS_HREF = /^\/(\w{1,15})\/status(?:es)?\/(\d{1,25})(?=$|[/?#])/;
const HANDLE_HREF = /^\/(\w{1,15})(?=$|[/?#])/;

function isXHost(url: URL): boolean {
  return url.protocol === 'https:' && (X_HOSTS as readonly string[]).includes(url.hostname);
}

/** The status a URL shows: its id, and the author's handle when the URL names it. */
export function statusOfUrl(url: URL): { handle: string | null; id: string } | null {
  if (!isXHost(url)) return null;
  const m = STATUS_PATH.exec(url.pathname);
  if (m && !RESERVED.has(m[1]!.toLowerCase())) return { handle: m[1]!, id: m[2]! };
  const anon = ANON_STATUS_PATH.exec(url.pathname);
  return anon ? { handle: null, id: anon[1]! } : null;
}

const status: PageSpec = {
  test: (url) => statusOfUrl(url) !== null,
  expectsItems: true,
  examples: {
    accept: [
      'https://x.com/inlaydemo/status/1900000000000000100',
      'https://twitter.com/inlaydemo/status/1900000000000000100',
      'https://mobile.x.com/inlaydemo/status/1900000000000000100',
      'https://x.com/inlaydemo/status/1900000000000000100?s=20&t=abc',
      'https://x.com/inlaydemo/status/1900000000000000100/',
      'https://x.com/inlaydemo/status/1900000000000000100/photo/1',
      'https://x.com/inlaydemo/status/1900000000000000100/video/1',
      'https://x.com/Inlay_Demo/status/1900000000000000100#replies',
      'https://x.com/i/web/status/1900000000000000100',
      'https://x.com/i/status/1900000000000000100',
    ],
    reject: [
      'https://x.com/home',
      'https://x.com/notifications',
      'https://x.com/notifications/mentions',
      'https://x.com/messages',
      'https://x.com/inlaydemo',
      'https://x.com/inlaydemo/with_replies',
      'https://x.com/search?q=inlay%20status/1900000000000000100',
      'https://x.com/inlaydemo/status/1900000000000000100/quotes',
      'https://x.com/inlaydemo/status/1900000000000000100/analytics',
      'https://x.com/inlaydemo/status/not-a-number',
      'https://x.com/home/status/1900000000000000100',
      'http://x.com/inlaydemo/status/1900000000000000100',
      'https://notx.com/inlaydemo/status/1900000000000000100',
      'https://x.com.evil.example/inlaydemo/status/1900000000000000100',
      'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000000/',
      'https://www.youtube.com/watch?v=aaaaaaaaaaa&lc=Ugx',
      'https://www.reddit.com/r/test/comments/abc123/a_post/',
      'https://www.facebook.com/inlaydemo/posts/1234567890',
      'https://www.instagram.com/p/AbCdEf/',
      'https://www.tiktok.com/@inlaydemo/video/7000000000000000000',
    ],
  },
};

/* ------------------------------------------------------------------- reading */

type Role = 'focal' | 'reply' | 'ancestor' | 'other';

/** Text as the reader sees it: emoji images count by their alt text, <br> is a line break. */
function readText(el: Element): string {
  let out = '';
  const walk = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue ?? '';
      else if (c.nodeType === 1) {
        const e = c as Element;
        if (e.localName === 'img') out += e.getAttribute('alt') ?? '';
        else if (e.localName === 'br') out += '\n';
        else walk(e);
      }
    }
  };
  walk(el);
  return out;
}

function pathOf(href: string | null): string {
  if (!href) return '';
  if (href.startsWith('/')) return href;
  try {
    const u = new URL(href);
    return (X_HOSTS as readonly string[]).includes(u.hostname) ? u.pathname : '';
  } catch {
    return '';
  }
}

function handleFromHref(href: string | null): string | null {
  const m = HANDLE_HREF.exec(pathOf(href));
  return m && !RESERVED.has(m[1]!.toLowerCase()) ? m[1]! : null;
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function createXAdapter(selectors: Selectors<XSelectorName> = X_SELECTORS): SiteAdapter<XSelectorName> {
  const q = compileSelectors(selectors);
  const WALK = 60;

  /** Not inside a quoted tweet (or a nested article) of `article`. */
  function isOwn(el: Element, article: Element): boolean {
    for (let n = el.parentElement; n && n !== article; n = n.parentElement) {
      if (n.matches(q.quoted)) return false;
    }
    return true;
  }

  function ownAll(article: Element, sel: string): Element[] {
    return Array.from(article.querySelectorAll(sel)).filter((el) => isOwn(el, article));
  }

  function ownFirst(article: Element, sel: string): Element | null {
    for (const el of article.querySelectorAll(sel)) if (isOwn(el, article)) return el;
    return null;
  }

  /** The tweet's own permalink: the link around its own time[datetime]. */
  function permalinkOf(article: Element): { handle: string; id: string; datetime: string | null } | null {
    for (const time of article.querySelectorAll(q.time)) {
      if (!isOwn(time, article)) continue;
      const link = time.closest(q.permalink);
      if (!link || !article.contains(link)) continue;
      const m = STATUS_HREF.exec(pathOf(link.getAttribute('href')));
      if (m && !RESERVED.has(m[1]!.toLowerCase()))
        return { handle: m[1]!, id: m[2]!, datetime: time.getAttribute('datetime') };
    }
    return null;
  }

  function authorOf(article: Element, fallbackHandle: string) {
    const box = ownFirst(article, q.userName);
    let handle: string | null = null;
    let name: string | null = null;
    if (box) {
      for (const a of box.querySelectorAll('a[href]')) {
        const h = handleFromHref(a.getAttribute('href'));
        if (!h) continue;
        handle ??= h;
        const text = readText(a).trim();
        if (!name && text && !text.startsWith('@')) name = text;
      }
    }
    if (!handle) {
      const avatar = ownFirst(article, q.avatar);
      const suffix = avatar?.getAttribute('data-testid')?.replace(/^UserAvatar-Container-/, '') ?? '';
      if (HANDLE.test(suffix)) handle = suffix;
    }
    handle ??= fallbackHandle;
    const verified = box ? box.querySelector(q.verified) !== null : false;
    return { handle, name: name ? name.slice(0, 256) : null, url: `https://x.com/${handle}`, verified };
  }

  function isConversationEnd(cell: Element): boolean {
    return cell.querySelector(q.item) === null && cell.querySelector(q.conversationEnd) !== null;
  }

  /** What a neighbouring cell says about the thread: its role if known, 'end' for the "Discover more" boundary. */
  function cellRole(cell: Element, focalId: string, memo: Map<string, string>): Role | 'end' | null {
    if (!cell.matches(q.cell)) return null;
    const article = cell.querySelector(q.item);
    if (!article) return isConversationEnd(cell) ? 'end' : null;
    const link = permalinkOf(article);
    if (!link) return null;
    if (link.id === focalId) return 'focal';
    return (memo.get(`role:${link.id}`) as Role | undefined) ?? null;
  }

  /**
   * Where a tweet sits in the conversation. X virtualises the list (cells far
   * off screen are removed), so the answer comes from the nearest neighbour
   * cell whose role is already known, and is remembered per page.
   */
  function roleOf(article: Element, id: string, ctx: ExtractContext): Role | null {
    const focal = statusOfUrl(ctx.url);
    if (!focal) return 'other';
    if (id === focal.id) return 'focal';
    const known = ctx.memo.get(`role:${id}`) as Role | undefined;
    if (known) return known;
    const cell = article.closest(q.cell);
    if (!cell) return null;
    let role: Role | null = null;
    let c = cell.previousElementSibling;
    for (let i = 0; c && i < WALK && !role; i++, c = c.previousElementSibling) {
      const r = cellRole(c, focal.id, ctx.memo);
      if (r === 'end' || r === 'other') role = 'other';
      else if (r === 'focal' || r === 'reply') role = 'reply';
      else if (r === 'ancestor') role = 'ancestor';
    }
    c = cell.nextElementSibling;
    for (let i = 0; c && i < WALK && !role; i++, c = c.nextElementSibling) {
      const r = cellRole(c, focal.id, ctx.memo);
      if (r === 'end') role = 'reply';
      else if (r === 'focal' || r === 'ancestor') role = 'ancestor';
      else if (r === 'reply') role = 'reply';
      else if (r === 'other') role = 'other';
    }
    if (role) ctx.memo.set(`role:${id}`, role);
    return role;
  }

  function focalAuthor(ctx: ExtractContext): string | null {
    return ctx.memo.get('focalAuthor') ?? statusOfUrl(ctx.url)?.handle ?? null;
  }

  function extract(el: Element, ctx: ExtractContext): CapturedItem | null {
    try {
      const link = permalinkOf(el);
      if (!link) return null; // promoted posts have no permalink: not an item
      const author = authorOf(el, link.handle);
      const textEl = ownFirst(el, q.text) ?? ownFirst(el, q.articleTitle);
      const role = ctx.page === 'status' ? roleOf(el, link.id, ctx) : 'other';
      if (role === 'focal') ctx.memo.set('focalAuthor', author.handle);
      const focal = statusOfUrl(ctx.url);
      const isReply = role === 'reply' && focal !== null;
      const profile =
        role === 'focal' || isReply
          ? matchProfile(focalAuthor(ctx), ctx.profiles)
          : matchProfile(author.handle, ctx.profiles);
      const item = {
        platform: 'x' as const,
        nativeId: link.id,
        kind: isReply ? ('reply' as const) : ('post' as const),
        profile,
        author,
        text: textEl ? readText(textEl).trim().slice(0, 20_000) : '',
        permalink: `https://x.com/${author.handle}/status/${link.id}`,
        siteTimestamp: isoOrNull(link.datetime),
        parentId: isReply ? focal.id : null,
        threadId: isReply ? focal.id : role === 'focal' ? link.id : null,
        lang: textEl?.getAttribute('lang')?.slice(0, 16) ?? null,
      };
      const parsed = CapturedItem.safeParse(item);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  function detectLoggedInHandle(doc: Document): string | null {
    const avatar = doc.querySelector(q.accountAvatar);
    const suffix = avatar?.getAttribute('data-testid')?.replace(/^UserAvatar-Container-/, '') ?? '';
    if (HANDLE.test(suffix)) return suffix;
    const tab = doc.querySelector(q.profileTab);
    return tab ? handleFromHref(tab.getAttribute('href')) : null;
  }

  const adapter: SiteAdapter<XSelectorName> = {
    platform: 'x',
    hosts: X_HOSTS,
    matches: X_MATCHES,
    pages: { status },
    pageKind: (url) => (status.test(url) ? 'status' : null),
    selectors,
    withSelectors: (override: SelectorPack) => createXAdapter(mergeSelectors(selectors, override)),

    findItems(root) {
      const found: Element[] = [];
      const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
      if (rootEl?.matches(q.item)) found.push(rootEl);
      for (const el of root.querySelectorAll(q.item)) found.push(el);
      // a quoted tweet rendered as a nested item belongs to its outer tweet
      return found.filter((el) => !el.parentElement?.closest(q.item));
    },

    extract,

    actionRow(el) {
      const rows = ownAll(el, q.actionRow);
      const withReply = rows.filter((r) => r.querySelector(q.replyButton));
      return withReply.at(-1) ?? rows.at(-1) ?? null;
    },

    composer: {
      editor: 'draftjs',
      kindOf: (editor) => (editor.localName === 'textarea' ? 'textarea' : 'draftjs'),
      /**
       * The focal tweet answers in the page's inline box; any other tweet's
       * Reply opens X's modal with its own box. Only the item's own Reply is
       * clicked; nothing is ever sent.
       */
      async open(el, timeoutMs = 3000) {
        const doc = el.ownerDocument;
        const inDialog = (): Element | null => {
          for (const d of doc.querySelectorAll(q.dialog)) {
            const box = d.querySelector(q.composer);
            if (box) return box;
          }
          return null;
        };
        const focal = statusOfUrl(new URL(doc.location.href));
        const link = permalinkOf(el);
        if (focal && link && link.id === focal.id) {
          const inline = doc.querySelector(q.composer);
          if (inline) return inline;
        }
        const open = inDialog();
        if (open) return open;
        const button = ownAll(el, q.replyButton)[0] as HTMLElement | undefined;
        if (!button) return null;
        button.click();
        return waitForElement(doc, inDialog, timeoutMs);
      },
      sendButton(editor) {
        const scope = editor.closest(q.dialog) ?? editor.ownerDocument;
        return scope.querySelector(q.sendButton);
      },
    },

    isOwnReply(item: CapturedItem, ctx: PolicyContext) {
      return ctx.page === 'status' && item.kind === 'reply' && matchProfile(item.author.handle, ctx.profiles) !== null;
    },

    isInbound(item: CapturedItem, ctx: PolicyContext) {
      if (ctx.page !== 'status' || item.kind !== 'reply' || item.profile === null) return false;
      // our own replies are outbound (own-reply detection records them next issue)
      return matchProfile(item.author.handle, ctx.profiles) === null;
    },

    detectLoggedInHandle,

    expected: [
      {
        fixture: 'test/fixtures/x/status-with-replies.html',
        url: 'https://x.com/inlaydemo/status/1900000000000000100',
        profiles: ['inlaydemo'],
        counts: {
          items: 8,
          recognised: 8,
          inbound: 4,
          'kind:reply': 5,
          'kind:post': 3,
          cell: 9,
          item: 8,
          userName: 8,
          text: 8,
          actionRow: 8,
          replyButton: 8,
          composer: 1,
          sendButton: 1,
          accountAvatar: 1,
        },
      },
      {
        fixture: 'test/fixtures/x/status-not-ours-dark.html',
        url: 'https://x.com/pixelharbor/status/1900000000000000200',
        profiles: ['inlaydemo'],
        counts: {
          items: 6,
          recognised: 5,
          inbound: 0,
          'kind:reply': 3,
          'kind:post': 2,
          cell: 7,
          item: 6,
          userName: 7,
          text: 7,
          replyButton: 6,
          composer: 1,
          accountAvatar: 1,
        },
      },
    ],
  };
  return adapter;
}

export const x = createXAdapter();
