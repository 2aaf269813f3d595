/**
 * TikTok (www.tiktok.com): everything Inlay knows about the site's markup.
 *
 * This adapter reads the comment panel of a video (or photo) page. The keys
 * are TikTok's `data-e2e` test attributes: comment text
 * `[data-e2e="comment-level-1"]` (replies `-2`), author
 * `[data-e2e="comment-username-1"]` with its `a[href^="/@"]`, reply button
 * `[data-e2e="comment-reply-1"]`, composer `[data-e2e="comment-input"]`
 * (Draft.js) and `[data-e2e="comment-post"]`. TikTok's class names are
 * generated (`css-<hash>-DivCommentItemWrapper`): the item box is found by
 * structure (the smallest element holding exactly one author and one text),
 * and the `DivCommentItemWrapper` substring is only the last resort.
 *
 * The markup shows no comment ids. An item's nativeId is derived, see
 * `commentId`. See ../../../shared/SITES.md (TikTok) for where each fact comes from.
 */
import { CapturedItem } from '../../shared/model';
import {
  compileSelectors,
  matchProfile,
  mergeSelectors,
  normHandle,
  waitForElement,
  type ExtractContext,
  type PageSpec,
  type PolicyContext,
  type SelectorPack,
  type Selectors,
  type SiteAdapter,
} from './types';
import { readText as readAll } from './read';

/* ------------------------------------------------------------------ selectors */

export type TikTokSelectorName =
  | 'text'
  | 'replyText'
  | 'username'
  | 'replyUsername'
  | 'avatar'
  | 'time'
  | 'replyButton'
  | 'itemWrapper'
  | 'composerBox'
  | 'composer'
  | 'sendButton'
  | 'accountLink'
  | 'inboxList'
  | 'inboxItem'
  | 'inboxTitle'
  | 'inboxContent'
  | 'inboxVideo'
  | 'chatItem'
  | 'chatLink'
  | 'chatNickname'
  | 'chatPreview'
  | 'chatTime'
  | 'chatUnread'
  | 'postItem'
  | 'postLink'
  | 'postPinned'
  | 'loginModal'
  | 'challenge'
  | 'moreReplies';

/** Newest first; `seen` is when the variant was seen on the live site. */
export const TIKTOK_SELECTORS: Selectors<TikTokSelectorName> = {
  text: [
    {
      css: '[data-e2e="comment-level-1"]',
      seen: '2025-10',
      note: 'top-level comment text (span in 2025, p in 2023–24)',
    },
  ],
  replyText: [{ css: '[data-e2e="comment-level-2"]', seen: '2025-10', note: 'reply text' }],
  username: [
    {
      css: '[data-e2e="comment-username-1"]',
      seen: '2025-10',
      note: 'div around a[href^="/@"] > p (2025); span inside the link (2023–24); shows the nickname',
    },
  ],
  replyUsername: [{ css: '[data-e2e="comment-username-2"]', seen: '2025-10' }],
  avatar: [
    { css: '[data-e2e="comment-avatar-1"]', seen: '2024-06' },
    { css: '[data-e2e="comment-avatar-2"]', seen: '2024-06' },
  ],
  time: [
    { css: '[data-e2e="comment-time-1"]', seen: '2024-06', note: 'relative ("2d ago") or a date ("2-14", "2024-1-5")' },
    { css: '[data-e2e="comment-time-2"]', seen: '2024-06' },
  ],
  replyButton: [
    { css: '[data-e2e="comment-reply-1"]', seen: '2025-10', note: 'role="button" "Reply"' },
    { css: '[data-e2e="comment-reply-2"]', seen: '2025-10' },
  ],
  itemWrapper: [
    {
      css: '[class*="DivCommentItemWrapper"]',
      seen: '2025-10',
      note: 'last resort only: a generated class whose readable suffix has held since 2025',
    },
  ],
  composerBox: [{ css: '[data-e2e="comment-input"]', seen: '2025-10', note: 'wraps the Draft.js editor' }],
  composer: [
    {
      css: '[data-e2e="comment-input"] .public-DraftEditor-content[contenteditable="true"]',
      seen: '2025-10',
      note: 'Draft.js content element (role is "combobox" for @-mentions)',
    },
    {
      css: '[data-e2e="comment-text"] [contenteditable="true"]',
      seen: '2023-09',
      note: 'older comment box test id',
    },
  ],
  sendButton: [{ css: '[data-e2e="comment-post"]', seen: '2025-10', note: '"Post"; aria-disabled while empty' }],
  accountLink: [
    { css: 'a[data-e2e="nav-profile"][href^="/@"]', seen: '2025-06', note: 'side navigation "Profile"' },
    { css: '[data-e2e="profile-icon"]', seen: '2024-06', note: 'header avatar; its link names the account' },
  ],

  /* --- sweeps --- */
  inboxList: [{ css: '[data-e2e="inbox-list"]', seen: '2025-10', note: 'the Activity list (role="tabpanel")' }],
  inboxItem: [{ css: '[data-e2e="inbox-list-item"]', seen: '2025-10', note: 'one activity row' }],
  inboxTitle: [{ css: '[data-e2e="inbox-title"]', seen: '2025-10', note: 'a[href="/@handle"], the nickname as text' }],
  inboxContent: [
    {
      css: '[data-e2e="inbox-content"]',
      seen: '2025-10',
      note: '"<span> commented: …</span> 4m ago"; follows and likes have no quoted text',
    },
  ],
  inboxVideo: [
    {
      css: 'a[href*="/video/"], a[href*="/photo/"]',
      seen: '2025-10',
      note: 'the video the activity is about, when linked',
    },
  ],
  chatItem: [{ css: '[data-e2e="chat-list-item"]', seen: '2026-01', note: 'one conversation of /messages' }],
  chatLink: [
    { css: 'a[href*="/messages?"][href*="u="]', seen: '2025-06', note: 'a conversation link, where a row has one' },
    { css: 'a[href^="/@"]', seen: '2025-06', note: 'the other person’s profile, where a row links it' },
  ],
  chatNickname: [{ css: 'p', seen: '2026-01', note: 'the first paragraph of the row: the nickname (PInfoNickname)' }],
  chatPreview: [
    {
      css: 'p + p > span:first-child',
      seen: '2026-01',
      note: 'second paragraph (PInfoExtractTime): last message preview, then the time',
    },
  ],
  chatTime: [
    { css: 'p + p > span:last-child:not(:first-child)', seen: '2026-01', note: '"22:38", "1-5" or "2025-1-5"' },
  ],
  chatUnread: [
    { css: 'sup', seen: '2026-01', note: 'the unread count badge (SupBadge in the red dot)' },
    { css: '[aria-label*="unread" i]', seen: '2025-06' },
  ],
  postItem: [{ css: '[data-e2e="user-post-item"]', seen: '2025-10', note: 'one video of the profile grid' }],
  postLink: [{ css: 'a[href*="/video/"], a[href*="/photo/"]', seen: '2025-10' }],
  postPinned: [{ css: '[data-e2e="video-card-badge"]', seen: '2025-10', note: '"Pinned" badge on the card' }],
  loginModal: [{ css: '[data-e2e="login-modal"]', seen: '2025-06', note: 'the log-in dialog shown to visitors' }],
  challenge: [
    { css: '#captcha-verify-image', seen: '2025-10', note: 'slide/rotate puzzle image' },
    { css: '.captcha_verify_container', seen: '2025-10', note: 'hand-written (not generated) class of the check' },
    { css: '[id^="captcha_container"], .secsdk-captcha-drag-icon', seen: '2025-10' },
  ],
  moreReplies: [
    {
      css: '[data-e2e^="view-more"][role="button"]',
      seen: '2024-06',
      note: '"View N replies" / "View N more" (the same e2e id says "Hide": words checked)',
    },
    {
      css: '[role="button"]:not([data-e2e])',
      seen: '2025-10',
      note: '2025 layout: the reply container\'s "View N more" carries no e2e id; only its words qualify it',
    },
  ],
};

/* ----------------------------------------------------------------------- URLs */

export const TIKTOK_HOSTS = ['www.tiktok.com'] as const;
export const TIKTOK_MATCHES = ['https://www.tiktok.com/*'] as const;

const ORIGIN = 'https://www.tiktok.com';
/** TikTok usernames: letters, digits, `_` and `.`. */
const HANDLE = /^[A-Za-z0-9_.]{1,64}$/;
const VIDEO_PATH = /^\/@([^/?#]{1,64})\/(video|photo)\/(\d{1,25})\/?$/;
const HANDLE_HREF = /^(?:https:\/\/(?:www\.)?tiktok\.com)?\/@([^/?#]{1,64})(?=$|[/?#])/;

function decodeHandle(raw: string): string | null {
  try {
    const h = decodeURIComponent(raw);
    return HANDLE.test(h) ? h : null;
  } catch {
    return null;
  }
}

/** The video (or photo post) a URL shows: its author's handle, id and kind. */
export function videoOfUrl(url: URL): { handle: string; id: string; kind: 'video' | 'photo' } | null {
  if (url.protocol !== 'https:' || !(TIKTOK_HOSTS as readonly string[]).includes(url.hostname)) return null;
  const m = VIDEO_PATH.exec(url.pathname);
  if (!m) return null;
  const handle = decodeHandle(m[1]!);
  return handle ? { handle, id: m[3]!, kind: m[2] as 'video' | 'photo' } : null;
}

function handleFromHref(href: string | null | undefined): string | null {
  const m = HANDLE_HREF.exec(href ?? '');
  return m ? decodeHandle(m[1]!) : null;
}

const NOTIFICATIONS_PATH = /^\/notifications\/?$/;
const MESSAGES_PATH = /^\/messages\/?$/;
const PROFILE_PATH = /^\/@([^/?#]{1,64})\/?$/;
const LOGIN_PATH = /^\/login(?:\/|$)/;
const CAPTCHA_PATH = /^\/captcha(?:\/|$)/;

function isTikTokHost(url: URL): boolean {
  return url.protocol === 'https:' && (TIKTOK_HOSTS as readonly string[]).includes(url.hostname);
}

/** The profile a URL shows (`/@handle`), or null. */
export function profileOfUrl(url: URL): string | null {
  if (!isTikTokHost(url)) return null;
  const m = PROFILE_PATH.exec(url.pathname);
  return m ? decodeHandle(m[1]!) : null;
}

const notifications: PageSpec = {
  test: (url) => isTikTokHost(url) && NOTIFICATIONS_PATH.test(url.pathname),
  // a list of likes and follows holds no items: see itemsExpected
  expectsItems: true,
  examples: {
    accept: [
      'https://www.tiktok.com/notifications',
      'https://www.tiktok.com/notifications/',
      'https://www.tiktok.com/notifications?lang=en',
    ],
    reject: [
      'https://www.tiktok.com/notifications/settings',
      'https://www.tiktok.com/setting/notifications',
      'http://www.tiktok.com/notifications',
      'https://www.tiktok.com.evil.example/notifications',
      'https://x.com/notifications',
      'https://www.reddit.com/notifications',
    ],
  },
};

const messages: PageSpec = {
  test: (url) => isTikTokHost(url) && MESSAGES_PATH.test(url.pathname),
  // the conversation list is read by sweepThreads; the page holds no items of its own
  expectsItems: false,
  examples: {
    accept: [
      'https://www.tiktok.com/messages',
      'https://www.tiktok.com/messages?lang=en',
      'https://www.tiktok.com/messages?lang=en&u=7000000000000000001',
    ],
    reject: [
      'https://www.tiktok.com/messages/requests',
      'https://www.tiktok.com/@inlaydemo/messages',
      'http://www.tiktok.com/messages',
      'https://x.com/messages',
      'https://www.linkedin.com/messaging/',
      'https://www.facebook.com/messages/t/1234567890',
      'https://www.instagram.com/direct/t/1234567890/',
    ],
  },
};

const profile: PageSpec = {
  test: (url) => profileOfUrl(url) !== null,
  // the grid is read by sweepPosts; an account with no videos shows none
  expectsItems: false,
  examples: {
    accept: [
      'https://www.tiktok.com/@inlaydemo',
      'https://www.tiktok.com/@inlaydemo/',
      'https://www.tiktok.com/@inlay.demo_2?lang=en',
    ],
    reject: [
      'https://www.tiktok.com/@inlaydemo/video/7480000000000000100',
      'https://www.tiktok.com/@inlaydemo/live',
      'https://www.tiktok.com/@',
      'https://www.tiktok.com/@bad%20name',
      'https://www.tiktok.com/inlaydemo',
      'http://www.tiktok.com/@inlaydemo',
      'https://x.com/inlaydemo',
      'https://www.instagram.com/inlaydemo/',
      'https://www.youtube.com/@inlaydemo',
    ],
  },
};

const video: PageSpec = {
  test: (url) => videoOfUrl(url) !== null,
  expectsItems: true,
  examples: {
    accept: [
      'https://www.tiktok.com/@inlaydemo/video/7480000000000000100',
      'https://www.tiktok.com/@inlaydemo/video/7480000000000000100/',
      'https://www.tiktok.com/@inlaydemo/video/7480000000000000100?is_from_webapp=1&sender_device=pc',
      'https://www.tiktok.com/@inlay.demo_2/video/7480000000000000100?lang=en#comments',
      'https://www.tiktok.com/@inlaydemo/photo/7480000000000000200',
    ],
    reject: [
      'https://www.tiktok.com/',
      'https://www.tiktok.com/foryou',
      'https://www.tiktok.com/explore',
      'https://www.tiktok.com/following',
      'https://www.tiktok.com/@inlaydemo',
      'https://www.tiktok.com/@inlaydemo/live',
      'https://www.tiktok.com/@inlaydemo/video/',
      'https://www.tiktok.com/@inlaydemo/video/not-a-number',
      'https://www.tiktok.com/@inlaydemo/video/7480000000000000100/comments',
      'https://www.tiktok.com/video/7480000000000000100',
      'https://www.tiktok.com/tag/planner',
      'https://www.tiktok.com/search?q=%40inlaydemo%2Fvideo%2F7480000000000000100',
      'https://www.tiktok.com/messages?lang=en',
      'http://www.tiktok.com/@inlaydemo/video/7480000000000000100',
      'https://www.tiktok.com.evil.example/@inlaydemo/video/7480000000000000100',
      'https://nottiktok.com/@inlaydemo/video/7480000000000000100',
      'https://x.com/inlaydemo/status/1900000000000000100',
      'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000000/',
      'https://www.youtube.com/watch?v=aaaaaaaaaaa&lc=Ugx',
      'https://www.reddit.com/r/test/comments/abc123/a_post/',
      'https://www.facebook.com/inlaydemo/posts/1234567890',
      'https://www.instagram.com/p/AbCdEf/',
    ],
  },
};

/* ------------------------------------------------------------------- reading */

/** Text as the reader sees it, each line's runs of spaces collapsed. */
function readText(el: Element): string {
  return readAll(el)
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .join('\n')
    .trim()
    .slice(0, 20_000);
}

/** FNV-1a over UTF-16 code units with a given offset basis (32-bit). */
function fnv1a(s: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 16 hex digits: two independent 32-bit FNV-1a hashes. Deterministic across browsers and runs. */
export function textHash(s: string): string {
  return fnv1a(s, 0x811c9dc5).toString(16).padStart(8, '0') + fnv1a(s, 0x01234567).toString(16).padStart(8, '0');
}

/**
 * TikTok's markup carries no comment ids, so an item's id is derived from
 * what identifies it on the page and never changes: the video id, the
 * author's handle (lower case), and a hash of the text as shown (NFC,
 * whitespace collapsed), plus, for a reply, the id of the comment it
 * answers. Format: `<videoId>:<handle>:<16 hex>`. Two identical comments by
 * one author under the same parent share an id (they are one item to us).
 */
export function commentId(videoId: string, handle: string, text: string, parentId: string | null): string {
  const norm = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return `${videoId}:${normHandle(handle)}:${textHash([videoId, normHandle(handle), parentId ?? '', norm].join('\u0000'))}`;
}

/** A full date TikTok prints (`2024-1-5`, `2024-01-05`) → midnight UTC; relative times and `2-14` → null. */
function dateOrNull(text: string | null | undefined): string | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? check.toISOString() : null;
}

export function createTikTokAdapter(
  selectors: Selectors<TikTokSelectorName> = TIKTOK_SELECTORS,
): SiteAdapter<TikTokSelectorName> {
  const q = compileSelectors(selectors);
  const anyText = `${q.text}, ${q.replyText}`;
  const anyUser = `${q.username}, ${q.replyUsername}`;
  const WALK = 10;

  const count = (root: Element, sel: string) => root.querySelectorAll(sel).length;

  /**
   * The item box of a comment text element: the smallest ancestor that holds
   * its author too (and still exactly one author and one text); widened by a
   * level or two when the reply button sits just outside it. Falls back to
   * the nearest `DivCommentItemWrapper`.
   */
  function boxOf(textEl: Element): Element | null {
    let a = textEl.parentElement;
    for (let i = 0; a && i < WALK; i++, a = a.parentElement) {
      const texts = count(a, anyText);
      const users = count(a, anyUser);
      if (texts > 1 || users > 1) break;
      if (users === 1) {
        if (a.querySelector(q.replyButton)) return a;
        let b = a.parentElement;
        for (let j = 0; b && j < 3; j++, b = b.parentElement) {
          if (count(b, anyText) > 1 || count(b, anyUser) > 1) break;
          if (b.querySelector(q.replyButton)) return b;
        }
        return a;
      }
    }
    return textEl.closest(q.itemWrapper);
  }

  function commentBoxes(root: ParentNode): Element[] {
    const texts = Array.from(root.querySelectorAll(anyText));
    const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
    if (rootEl?.matches(anyText)) texts.unshift(rootEl);
    // root inside a comment (a re-rendered part of it): its box is found from the text above
    if (!texts.length && rootEl) {
      const up = rootEl.closest(anyText);
      if (up) texts.push(up);
    }
    const seen = new Set<Element>();
    const out: Element[] = [];
    for (const t of texts) {
      const box = boxOf(t);
      if (box && !seen.has(box)) {
        seen.add(box);
        out.push(box);
      }
    }
    return out;
  }

  /** Comment boxes and Activity rows, in document order. */
  function findItems(root: ParentNode): Element[] {
    const rows = Array.from(root.querySelectorAll(q.inboxItem));
    const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
    if (rootEl?.matches(q.inboxItem)) rows.unshift(rootEl);
    const boxes = commentBoxes(root);
    if (!rows.length) return boxes;
    return [...boxes, ...rows].sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  }

  /* ---- sweeps ---- */

  /** Which of our profiles the page belongs to: the signed-in one, else our only one. */
  function ourAccount(doc: Document | null, profiles: readonly string[]): string | null {
    const shown = doc ? detectLoggedInHandle(doc) : null;
    return matchProfile(shown, profiles) ?? (profiles.length === 1 ? profiles[0]! : null);
  }

  /** "<who> commented: <text>", "replied to your comment: …", "mentioned you in a comment: …" (English words). */
  const ACTIVITY = /^\s*([^:]{1,80}?):\s*([\s\S]+)$/;

  function activityKind(verb: string): 'comment' | 'reply' | 'mention' {
    const v = verb.toLowerCase();
    if (/mention|tagged/.test(v)) return 'mention';
    if (/repl/.test(v)) return 'reply';
    return 'comment';
  }

  /**
   * One Activity row: an item only when it quotes what someone wrote
   * (`<span> commented: …</span>`); likes, follows and "N others" rows quote
   * nothing. A top-level comment on a video the row links keeps the id the
   * comment gets on the video page (`commentId`, no parent); anything else gets
   * an id of its own (`inbox:<handle>:<hash>`), since a reply's parent is not
   * on the row.
   */
  function readActivity(el: Element, ctx: ExtractContext): CapturedItem | null {
    const title = el.querySelector(q.inboxTitle);
    const link = title?.matches('a[href]')
      ? title
      : (title?.querySelector('a[href]') ?? el.querySelector('a[href^="/@"]'));
    const handle = handleFromHref(link?.getAttribute('href'));
    const content = el.querySelector(q.inboxContent);
    if (!handle || !content) return null;
    const quoted = Array.from(content.querySelectorAll('span')).find((sp) => ACTIVITY.test(sp.textContent ?? ''));
    const m = quoted ? ACTIVITY.exec(readText(quoted)) : null;
    if (!m || /\band \d+ others?\b/i.test(m[1]!)) return null;
    const kind = activityKind(m[1]!);
    const text = m[2]!.trim();
    let v: ReturnType<typeof videoOfUrl> = null;
    const vLink = el.querySelector(q.inboxVideo)?.getAttribute('href');
    if (vLink) {
      try {
        v = videoOfUrl(new URL(vLink, ORIGIN));
      } catch {
        v = null;
      }
    }
    const nativeId =
      kind === 'comment' && v
        ? commentId(v.id, handle, text, null)
        : `inbox:${normHandle(handle)}:${textHash([v?.id ?? '', normHandle(handle), kind, text].join('\u0000'))}`;
    const name = title ? readText(title).replace(/\s+/g, ' ').trim().slice(0, 256) : '';
    const item = {
      platform: 'tiktok' as const,
      nativeId,
      kind,
      profile: ourAccount(el.ownerDocument, ctx.profiles),
      author: { handle, name: name || null, url: `${ORIGIN}/@${handle}` },
      text,
      permalink: v ? `${ORIGIN}/@${v.handle}/${v.kind}/${v.id}` : `${ORIGIN}/notifications`,
      siteTimestamp: null, // rows show relative times only ("4m ago")
      parentId: kind === 'comment' && v ? v.id : null,
      threadId: v?.id ?? null,
      lang: null,
    };
    const parsed = CapturedItem.safeParse(item);
    return parsed.success ? parsed.data : null;
  }

  /** The time a video id carries: TikTok ids hold the upload's Unix seconds in their top 32 bits. */
  function timeOfId(id: string): string | null {
    try {
      const seconds = Number(BigInt(id) >> 32n);
      // 2016-01-01 .. 2100-01-01: anything else is not a time-bearing id
      return seconds > 1_451_606_400 && seconds < 4_102_444_800 ? new Date(seconds * 1000).toISOString() : null;
    } catch {
      return null;
    }
  }

  const MORE_WORDS = /^view (?:\d[\d,.]*[km]?(?: more)?(?: repl(?:y|ies))?|more(?: repl(?:y|ies))?)$/i;

  function challenge(doc: Document): boolean {
    try {
      if (CAPTCHA_PATH.test(doc.location?.pathname ?? '')) return true;
      return doc.querySelector(q.challenge) !== null;
    } catch {
      return false;
    }
  }

  function signedOut(doc: Document): boolean {
    try {
      if (LOGIN_PATH.test(doc.location?.pathname ?? '')) return true;
      if (challenge(doc)) return false;
      return doc.querySelector(q.loginModal) !== null && detectLoggedInHandle(doc) === null;
    } catch {
      return false;
    }
  }

  /** The parts of one item box. */
  function partsOf(el: Element) {
    const textEl = el.matches(anyText) ? el : el.querySelector(anyText);
    if (!textEl) return null;
    const level = textEl.matches(q.replyText) ? 2 : 1;
    const userEl = el.querySelector(level === 2 ? q.replyUsername : q.username) ?? el.querySelector(anyUser);
    return { textEl, level, userEl };
  }

  /** Handle (from the profile link) and display name (the username element's text). */
  function authorOf(el: Element, textEl: Element, userEl: Element | null) {
    let link: Element | null = null;
    if (userEl) {
      link = userEl.matches('a[href]') ? userEl : (userEl.closest('a[href]') ?? userEl.querySelector('a[href]'));
    }
    let handle = handleFromHref(link?.getAttribute('href'));
    if (!handle) {
      // the avatar link, or any profile link that is not a mention inside the text
      for (const a of el.querySelectorAll('a[href]')) {
        if (textEl.contains(a)) continue;
        handle = handleFromHref(a.getAttribute('href'));
        if (handle) break;
      }
    }
    // the nickname: the link's text when the link sits inside the username element (2025: a "Creator" badge is its sibling)
    const nameEl = link && userEl?.contains(link) ? link : userEl;
    const name = nameEl ? readText(nameEl).replace(/\s+/g, ' ').trim() : '';
    return { handle, name: name ? name.slice(0, 256) : null };
  }

  /** The top-level comment box a reply box belongs to: the one in the nearest ancestor that holds a top-level text. */
  function parentBoxOf(el: Element, ownText: Element): Element | null {
    for (let a = el.parentElement, i = 0; a && i < WALK; a = a.parentElement, i++) {
      if (!a.querySelector(q.text)) continue;
      // the last top-level text before the reply's own text, in document order
      let best: Element | null = null;
      for (const t of a.querySelectorAll(anyText)) {
        if (t === ownText) break;
        if (t.matches(q.text)) best = t;
      }
      return best ? boxOf(best) : null;
    }
    return null;
  }

  /** The derived id of a top-level comment box. */
  function topLevelId(box: Element, videoId: string): string | null {
    const parts = partsOf(box);
    if (!parts || parts.level !== 1) return null;
    const { handle } = authorOf(box, parts.textEl, parts.userEl);
    return handle ? commentId(videoId, handle, readText(parts.textEl), null) : null;
  }

  function extract(el: Element, ctx: ExtractContext): CapturedItem | null {
    try {
      if (el.matches(q.inboxItem)) return ctx.page === 'notifications' ? readActivity(el, ctx) : null;
      const v = videoOfUrl(ctx.url);
      const parts = partsOf(el);
      if (!v || !parts) return null;
      const { textEl, level, userEl } = parts;
      const author = authorOf(el, textEl, userEl);
      if (!author.handle) return null;
      const text = readText(textEl);
      // top-level comments answer the video; a reply answers its thread's top-level comment
      let parentId: string | null = v.id;
      if (level === 2) {
        const parent = parentBoxOf(el, textEl);
        const found = parent ? topLevelId(parent, v.id) : null;
        // TikTok virtualises the list: remember the thread in case its top comment is gone on a later read
        const key = `parent:${normHandle(author.handle)}:${textHash(text)}`;
        if (found) ctx.memo.set(key, found);
        parentId = found ?? ctx.memo.get(key) ?? null;
      }
      const nativeId = commentId(v.id, author.handle, text, level === 2 ? parentId : null);
      const timeEl = el.querySelector(q.time);
      const item = {
        platform: 'tiktok' as const,
        nativeId,
        kind: level === 2 ? ('reply' as const) : ('comment' as const),
        profile: matchProfile(v.handle, ctx.profiles) ?? matchProfile(author.handle, ctx.profiles),
        author: { handle: author.handle, name: author.name, url: `${ORIGIN}/@${author.handle}` },
        text,
        permalink: `${ORIGIN}/@${v.handle}/${v.kind}/${v.id}`,
        siteTimestamp: dateOrNull(timeEl?.textContent),
        parentId,
        threadId: v.id,
        lang: null,
      };
      const parsed = CapturedItem.safeParse(item);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  function actionRow(el: Element): Element | null {
    const btn = el.querySelector(q.replyButton);
    const row = btn?.parentElement ?? null;
    return row && el.contains(row) && row !== el ? row : null;
  }

  function isInbound(item: CapturedItem, ctx: PolicyContext): boolean {
    const kinds: readonly string[] =
      ctx.page === 'video' ? ['comment', 'reply'] : ctx.page === 'notifications' ? ['comment', 'reply', 'mention'] : [];
    if (!kinds.includes(item.kind) || item.profile === null) return false;
    // our own comments are outbound (isOwnReply), whoever the policy is asked for
    const ours = matchProfile(item.author.handle, ctx.profiles) ?? matchProfile(item.author.handle, [item.profile]);
    return ours === null;
  }

  function isOwnReply(item: CapturedItem, ctx: PolicyContext): boolean {
    if (item.kind !== 'comment' && item.kind !== 'reply') return false;
    return item.parentId !== null && matchProfile(item.author.handle, ctx.profiles) !== null;
  }

  function detectLoggedInHandle(doc: Document): string | null {
    try {
      for (const el of doc.querySelectorAll(q.accountLink)) {
        const link = el.matches('a[href]') ? el : (el.closest('a[href]') ?? el.querySelector('a[href]'));
        const h = handleFromHref(link?.getAttribute('href'));
        if (h) return h;
      }
      return null;
    } catch {
      return null;
    }
  }

  /* ---- the native reply box ---- */

  /** The composer inside the item's own thread (an inline reply box), if TikTok shows one there. */
  function threadComposer(el: Element): Element | null {
    for (let a = el.parentElement, i = 0; a && i < WALK; a = a.parentElement, i++) {
      if (count(a, q.text) > 1) return null; // left the thread
      const ed = a.querySelector(q.composer);
      if (ed) return ed;
    }
    return null;
  }

  function focusedComposer(doc: Document): Element | null {
    const active = doc.activeElement;
    return active?.closest(q.composer) ?? null;
  }

  async function openComposer(el: Element, timeoutMs = 3000): Promise<Element | null> {
    try {
      const doc = el.ownerDocument;
      const btn = el.querySelector(q.replyButton) as HTMLElement | null;
      if (!btn) return null;
      btn.click();
      const start = Date.now();
      // TikTok either opens a box in the thread or reuses the panel's box ("Reply to …"): prefer the former
      const grace = Math.min(400, timeoutMs);
      const near = await waitForElement(doc, () => threadComposer(el) ?? focusedComposer(doc), grace);
      if (near) return near;
      const left = Math.max(0, timeoutMs - (Date.now() - start));
      return await waitForElement(
        doc,
        () => threadComposer(el) ?? focusedComposer(doc) ?? doc.querySelector(q.composer),
        left,
      );
    } catch {
      return null;
    }
  }

  function sendButton(editor: Element): Element | null {
    try {
      for (let a = editor.parentElement, i = 0; a && i < WALK; a = a.parentElement, i++) {
        const btn = a.querySelector(q.sendButton);
        if (btn) return btn;
      }
      return null;
    } catch {
      return null;
    }
  }

  const adapter: SiteAdapter<TikTokSelectorName> = {
    platform: 'tiktok',
    hosts: TIKTOK_HOSTS,
    matches: TIKTOK_MATCHES,
    pages: { video, notifications, messages, profile },
    pageKind(url) {
      if (video.test(url)) return 'video';
      if (notifications.test(url)) return 'notifications';
      if (messages.test(url)) return 'messages';
      return profile.test(url) ? 'profile' : null;
    },
    selectors,
    withSelectors: (override: SelectorPack) => createTikTokAdapter(mergeSelectors(selectors, override)),
    findItems,
    extract,
    actionRow,
    isInbound,
    isOwnReply,
    detectLoggedInHandle,
    composer: { editor: 'draftjs', open: openComposer, sendButton },

    /** Notifications: Activity rows are expected once the list shows one that quotes someone's words. */
    itemsExpected(doc, page) {
      if (page !== 'notifications') return true;
      return Array.from(doc.querySelectorAll(`${q.inboxItem} ${q.inboxContent} span`)).some((sp) =>
        ACTIVITY.test(sp.textContent ?? ''),
      );
    },

    /** Activity (`/notifications`), the message list (`/messages`) and the profile's video grid (`/@handle`). */
    sweepPage(kind, handle) {
      if (kind === 'notifications') return `${ORIGIN}/notifications`;
      if (kind === 'dms') return `${ORIGIN}/messages`;
      const h = normHandle(handle);
      return HANDLE.test(h) ? `${ORIGIN}/@${h}` : null;
    },

    /**
     * The conversations of /messages. A row carries no conversation id or link
     * (TikTok opens a chat by click, or by `?u=<user id>` which the row does
     * not show), so the id is the other person's handle where the row links
     * their profile, else a hash of the nickname it shows; the url is the
     * row's own chat link where it has one, else the list itself.
     */
    sweepThreads(doc) {
      const out: { id: string; url: string; unread: boolean; at: string | null; preview: string }[] = [];
      for (const row of doc.querySelectorAll(q.chatItem)) {
        const links = Array.from(row.querySelectorAll(q.chatLink));
        const chat = links.find((a) => /[?&]u=\d{1,25}(?:&|$)/.test(a.getAttribute('href') ?? ''));
        const who = links.map((a) => handleFromHref(a.getAttribute('href'))).find((h) => h !== null) ?? null;
        const nick = row.querySelector(q.chatNickname);
        const nickname = nick ? readText(nick).replace(/\s+/g, ' ').trim() : '';
        const uid = /[?&]u=(\d{1,25})/.exec(chat?.getAttribute('href') ?? '')?.[1];
        const id = uid ? `u:${uid}` : who ? `@${normHandle(who)}` : nickname ? `name:${textHash(nickname)}` : null;
        if (!id || out.some((t) => t.id === id)) continue;
        const preview = row.querySelector(q.chatPreview);
        out.push({
          id,
          url: uid ? `${ORIGIN}/messages?u=${uid}` : `${ORIGIN}/messages`,
          unread: row.querySelector(q.chatUnread) !== null,
          at: dateOrNull(row.querySelector(q.chatTime)?.textContent),
          preview: preview ? readText(preview).replace(/\s+/g, ' ').trim().slice(0, 500) : '',
        });
      }
      return out;
    },

    /** Our videos in the profile grid: id as the comments' parent (the video id), time from the id, pinned badge. */
    sweepPosts(doc, profiles) {
      const out: { id: string; url: string; at: string | null; pinned: boolean }[] = [];
      for (const card of doc.querySelectorAll(q.postItem)) {
        let v: ReturnType<typeof videoOfUrl> = null;
        for (const a of card.querySelectorAll(q.postLink)) {
          try {
            v = videoOfUrl(new URL(a.getAttribute('href') ?? '', ORIGIN));
          } catch {
            v = null;
          }
          if (v) break;
        }
        if (!v || !matchProfile(v.handle, profiles) || out.some((p) => p.id === v.id)) continue;
        out.push({
          id: v.id,
          url: `${ORIGIN}/@${v.handle}/${v.kind}/${v.id}`,
          at: timeOfId(v.id),
          pinned: card.querySelector(q.postPinned) !== null,
        });
      }
      return out;
    },

    signedInAs(doc) {
      if (challenge(doc) || signedOut(doc)) return null;
      return detectLoggedInHandle(doc);
    },
    signedOut,
    challenge,

    /** "View N replies" / "View N more" under a comment: they load replies in place. Never "Hide", Reply or Like. */
    sweepExpanders(doc) {
      const out: Element[] = [];
      for (const el of doc.querySelectorAll(q.moreReplies)) {
        const href = el.closest('a[href]')?.getAttribute('href');
        if (href && !href.startsWith('#')) continue;
        if (el.closest(q.replyButton) || el.querySelector(q.replyButton)) continue;
        const words = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (!MORE_WORDS.test(words) || out.some((o) => o.contains(el) || el.contains(o))) continue;
        out.push(el);
      }
      return out;
    },
    expected: [
      {
        fixture: 'test/fixtures/tiktok/video-with-comments.html',
        url: 'https://www.tiktok.com/@inlaydemo/video/7480000000000000100',
        profiles: ['inlaydemo'],
        counts: {
          items: 9,
          recognised: 9,
          inbound: 7,
          own: 2,
          'kind:comment': 6,
          'kind:reply': 3,
          text: 6,
          replyText: 3,
          username: 6,
          replyUsername: 3,
          replyButton: 9,
          itemWrapper: 9,
          composerBox: 1,
          composer: 1,
          sendButton: 1,
          accountLink: 2,
        },
      },
      {
        fixture: 'test/fixtures/tiktok/video-2024-not-ours.html',
        url: 'https://www.tiktok.com/@pixelharbor/video/7470000000000000300',
        profiles: ['inlaydemo'],
        counts: {
          items: 7,
          recognised: 7,
          inbound: 0,
          own: 1,
          'kind:comment': 4,
          'kind:reply': 3,
          text: 4,
          replyText: 3,
          username: 4,
          replyUsername: 3,
          replyButton: 7,
          time: 7,
          itemWrapper: 0,
          composer: 0,
          sendButton: 0,
          accountLink: 0,
        },
      },
      {
        fixture: 'test/fixtures/tiktok/notifications.html',
        url: 'https://www.tiktok.com/notifications',
        profiles: ['inlaydemo'],
        counts: {
          items: 6,
          recognised: 3,
          inbound: 3,
          'kind:comment': 1,
          'kind:reply': 1,
          'kind:mention': 1,
          inboxList: 1,
          inboxItem: 6,
          inboxTitle: 6,
          inboxContent: 6,
          inboxVideo: 2,
          accountLink: 1,
          loginModal: 0,
          challenge: 0,
          text: 0,
        },
      },
    ],
  };
  return adapter;
}

export const tiktok = createTikTokAdapter();
