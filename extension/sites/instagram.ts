/**
 * Instagram (www.instagram.com): everything Inlay knows about the site's markup.
 *
 * This adapter reads the comments of a post (`/p/<code>/`) or reel
 * (`/reel/<code>/`) page, and of a post opened as a dialog over the feed or a
 * profile. Instagram's comment pane has no stable attributes (its classes are
 * generated), so comments are found by structure, from the `main` landmark
 * (or the post's dialog): every comment carries a permalink
 * `a[href="/p/<code>/c/<commentId>/"]` around its `time[datetime]`, and its
 * box is the largest element around that link that holds no other comment
 * and nothing of the post itself (caption time, header, form, media). Keys
 * are that href pattern, `time[datetime]`, `dir="auto"`, `role` and the
 * landmark elements; never class names. See ../../../shared/SITES.md
 * (Instagram). Because all of this is structural, the page kinds expect
 * items: a post page where nothing is found reports it (health check).
 */
import { CapturedItem } from '../../shared/model';
import {
  compileSelectors,
  css,
  matchProfile,
  mergeSelectors,
  waitForElement,
  type ExtractContext,
  type PageSpec,
  type PolicyContext,
  type SelectorEntry,
  type SelectorPack,
  type Selectors,
  type SiteAdapter,
  type SweepPost,
  type SweepThread,
} from './types';
import { isoOrNull, readText } from './read';
import { sweepTextHash } from '../../shared/sweeps';

/* ------------------------------------------------------------------ selectors */

export type InstagramSelectorName =
  | 'scope'
  | 'permalink'
  | 'time'
  | 'text'
  | 'textFallback'
  | 'control'
  | 'verified'
  | 'postHeader'
  | 'caption'
  | 'boundary'
  | 'composer'
  | 'composerFallback'
  | 'sendButton'
  | 'navAnchor'
  | 'activityScope'
  | 'threadLink'
  | 'threadRow'
  | 'unreadMark'
  | 'gridLink'
  | 'pinnedIcon'
  | 'loginForm'
  | 'loginLink'
  | 'challenge'
  | 'loadMoreIcon'
  | 'expander'
  | 'dmThread'
  | 'dmRow'
  | 'dmBubble'
  | 'dmText'
  | 'dmComposer';

/**
 * Newest first. `seen` dates when the variant is known on the live site: the
 * current ones from SITES.md (2025–2026), older ones from the markup the
 * sites used before; none was re-checked live for this adapter (no capture).
 */
export const INSTAGRAM_SELECTORS: Selectors<InstagramSelectorName> = {
  scope: [
    {
      css: 'div[role="dialog"] article',
      seen: '2025-06',
      note: 'a post opened as a dialog over the feed or a profile grid (the URL becomes /p/<code>/)',
    },
    { css: 'div[role="dialog"]', seen: '2025-06' },
    { css: 'main', seen: '2026-01', note: 'the post page: navigate from the main landmark' },
    { css: 'body', seen: '2026-01', note: 'last resort when the page has no landmark' },
  ],
  permalink: [
    {
      css: 'a[href*="/p/"][href*="/c/"]',
      seen: '2026-01',
      note: "a comment's time links to /p/<code>/c/<commentId>/ (the href is checked in code)",
    },
    { css: 'a[href*="/reel/"][href*="/c/"]', seen: '2025-06', note: 'the same on a reel page' },
  ],
  time: [{ css: 'time[datetime]', seen: '2026-01', note: 'absolute time in datetime, "3d" as text' }],
  text: [{ css: 'span[dir="auto"]', seen: '2026-01', note: 'user text (username, comment) is dir="auto"' }],
  textFallback: [{ css: 'span', seen: '2022-06', note: 'older markup without dir on the comment text' }],
  control: [
    { css: '[role="button"]', seen: '2026-01', note: 'Reply, likes, "View replies" are div/span role=button' },
    { css: 'button', seen: '2023-06' },
  ],
  verified: [
    { css: 'svg[aria-label="Verified"]', seen: '2025-06', note: 'the badge after a username (localised label)' },
    { css: 'svg[aria-label="Verificado"]', seen: '2025-06' },
    { css: 'svg[aria-label="Verifiziert"]', seen: '2025-06' },
    { css: 'svg[aria-label="Vérifié"]', seen: '2025-06' },
  ],
  postHeader: [{ css: 'header', seen: '2025-06', note: "the post's author row (avatar, username, Follow)" }],
  caption: [{ css: 'h1', seen: '2025-06', note: "the post's caption (the only h1 of the post)" }],
  boundary: [
    {
      css: 'main, article, section, header, footer, nav, form, textarea, video, [role="dialog"]',
      seen: '2026-01',
      note: 'a comment box never is or holds one of these: they belong to the post',
    },
  ],
  composer: [
    {
      css: 'textarea[aria-label^="Add a comment"]',
      seen: '2026-01',
      note: 'React-controlled textarea (English UI)',
    },
    { css: 'textarea[placeholder^="Add a comment"]', seen: '2025-06' },
  ],
  composerFallback: [
    { css: 'form textarea', seen: '2026-01', note: "any language: the only textarea in the post's form" },
  ],
  sendButton: [
    { css: 'button[type="submit"]', seen: '2023-06', note: '"Post" as a real submit button' },
    { css: '[role="button"]', seen: '2026-01', note: '"Post" as a div role=button: the one with text and no icon' },
  ],
  navAnchor: [
    { css: 'a[href="/explore/"]', seen: '2026-01', note: 'site navigation, which also holds the profile link' },
    { css: 'a[href="/direct/inbox/"]', seen: '2026-01' },
    { css: 'a[href="/reels/"]', seen: '2025-06' },
  ],

  /* ---- sweeps: the list pages (built from the documented structure; see the fixtures' headers) ---- */
  activityScope: [
    {
      css: 'main',
      seen: '2025-06',
      note: 'the activity page (mobile web /notifications/): rows from the main landmark',
    },
    {
      css: 'div[role="dialog"]',
      seen: '2025-06',
      note: 'desktop shows activity as a panel; its rows are the same (a comment row links its post thumbnail to /p/<code>/c/<id>/)',
    },
  ],
  threadLink: [
    {
      css: 'a[href*="/direct/t/"]',
      seen: '2025-06',
      note: 'a conversation of the inbox list (/direct/t/<thread id>/): name, preview, time',
    },
  ],
  threadRow: [
    { css: '[role="listitem"]', seen: '2025-06', note: 'one conversation of the list' },
    { css: '[role="row"]', seen: '2024-06' },
  ],
  unreadMark: [
    { css: '[aria-label="Unread"]', seen: '2025-06', note: 'the blue dot of an unread conversation (English label)' },
  ],
  gridLink: [
    {
      css: 'main a[href*="/p/"], main a[href*="/reel/"]',
      seen: '2025-06',
      note: 'a tile of the profile grid (/p/<code>/, /reel/<code>/, or /<username>/p/<code>/); the href is checked in code',
    },
  ],
  pinnedIcon: [
    { css: 'svg[aria-label="Pinned post icon"]', seen: '2025-06', note: 'the pin on a pinned tile (English label)' },
    { css: 'svg[aria-label*="Pinned"]', seen: '2024-06' },
  ],
  loginForm: [
    {
      css: 'form input[name="username"]',
      seen: '2026-01',
      note: 'the login form (/accounts/login/ and the login wall)',
    },
    { css: 'form#loginForm', seen: '2024-06' },
  ],
  loginLink: [
    {
      css: 'a[href^="/accounts/login"]',
      seen: '2026-01',
      note: 'the "Log in" links of the logged-out header and wall',
    },
  ],
  challenge: [
    { css: 'form[action*="/challenge/"]', seen: '2025-06', note: 'the security check ("Help us confirm it’s you")' },
    {
      css: 'iframe[src*="recaptcha"], iframe[title*="reCAPTCHA"], iframe[src*="arkoselabs"]',
      seen: '2025-06',
      note: 'a captcha inside the check',
    },
  ],
  loadMoreIcon: [
    {
      css: 'svg[aria-label="Load more comments"]',
      seen: '2026-01',
      note: 'the (+) under the comment list; its role=button ancestor is clicked',
    },
  ],
  expander: [
    {
      css: '[role="button"]:not([aria-haspopup]), button:not([type="submit"])',
      seen: '2026-01',
      note: '"View replies (3)", "View all 3 replies", "Load more comments" (words checked in code; "Hide replies" never)',
    },
  ],

  /* ---- an open conversation (/direct/t/<thread id>/; built from public descriptions, see direct-thread.html) ---- */
  dmThread: [
    {
      css: '[aria-label^="Messages in conversation with"]',
      seen: '2025-06',
      note: "the message list of the open conversation (Meta's web messaging labels it so; English UI)",
    },
    { css: '[aria-label^="Messages in conversation titled"]', seen: '2025-06', note: 'the same for a named group' },
    { css: 'main [role="grid"]', seen: '2025-06', note: 'any language: the grid of messages inside the main landmark' },
  ],
  dmRow: [
    {
      css: '[role="row"]',
      seen: '2025-06',
      note: 'one row of the list: a message, a time separator, or a status line ("Seen"); told apart in code',
    },
  ],
  dmBubble: [
    {
      css: '[role="presentation"]',
      seen: '2026-01',
      note: 'a message\'s bubble (exporters find messages by it); separators and "Seen" lines have none',
    },
  ],
  dmText: [
    { css: '[dir="auto"]', seen: '2026-01', note: 'the message text inside the bubble (user text is dir=auto)' },
  ],
  dmComposer: [
    {
      css: '[role="textbox"][contenteditable="true"]',
      seen: '2026-01',
      note: 'the "Message..." box (never an item; Inlay does not insert DM replies on Instagram)',
    },
  ],
};

/**
 * What an activity row says it is (English; data, like the selectors). A row is an item only
 * when its words say comment, reply or mention AND its post link carries the comment's id.
 */
export const ACTIVITY_WORDS = {
  aggregate: /\band \d+ others?\b|\bliked\b|\breacted\b|\bstarted following\b/i,
  mention: /\bmentioned you in a comment\b/i,
  reply: /\breplied to your comment\b|\breplied:/i,
  comment: /\bcommented(?: on your (?:post|reel))?:|\bcommented on your (?:post|reel)\b/i,
} as const;

/** An expander's words: only "more of the thread"; never "Hide replies" (English). */
const MORE_THREAD_WORDS: readonly RegExp[] = [
  /^(?:[-—–]+\s*)?view (?:all )?(?:\d+ )?(?:more )?repl(?:y|ies)(?: \(\d+\))?$/i,
  /^load more comments$/i,
  /^view (?:all )?(?:\d+ )?(?:more )?comments$/i,
];
/**
 * A conversation's time separator, as its words (English UI): "Jan 1, 2026, 5:32 PM",
 * "8/24/25, 3:36 PM", "Thu 6:14 PM", "12:56 PM", "Today 9:12 AM", "Yesterday".
 */
const TIME_WORDS =
  /^(?:(?:today|yesterday|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s*)?(?:[a-z]{3,9}\.? \d{1,2}, \d{4},?\s*|\d{1,2}\/\d{1,2}\/\d{2,4},?\s*)?(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A separator's words as an instant, read in the browser's time zone (Instagram writes them in
 * the viewer's local time), only where they name the full date: "Jan 1, 2026, 5:32 PM". Weekdays,
 * "Today" and bare times name no date a later read agrees on: null.
 */
function localTimeOf(words: string): string | null {
  const m = /^([a-z]{3})[a-z]*\.? (\d{1,2}), (\d{4}),?\s*(\d{1,2}):(\d{2})\s*([ap])?\.?m?\.?$/i.exec(words.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!.toLowerCase());
  if (month < 0) return null;
  let hour = Number(m[4]);
  const ampm = m[6]?.toLowerCase();
  if (ampm === 'p' && hour < 12) hour += 12;
  if (ampm === 'a' && hour === 12) hour = 0;
  const d = new Date(Number(m[3]), month, Number(m[2]), hour, Number(m[5]));
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[2]) ? null : d.toISOString();
}

/** "2h", "3d", "1w": a list's relative time, not a preview. */
const RELATIVE_TIME = /^(?:\d{1,3}\s?(?:s|m|min|h|d|w|y)|now|just now|yesterday)$/i;

/** "Reply" as Instagram labels a comment's reply control, per UI language (data, like the selectors). */
export const REPLY_WORDS: readonly string[] = [
  'reply',
  'responder',
  'répondre',
  'antworten',
  'rispondi',
  'beantwoorden',
  'odpowiedz',
  'svara',
  'svar',
  'vastaa',
  'yanıtla',
  'balas',
  'trả lời',
  'ответить',
  'відповісти',
  'απάντηση',
  'odpovědět',
  'válasz',
  'răspunde',
  'ตอบกลับ',
  '返信する',
  '답글 달기',
  '回复',
  '回覆',
];

/* ----------------------------------------------------------------------- URLs */

export const INSTAGRAM_HOSTS = ['www.instagram.com', 'instagram.com'] as const;
export const INSTAGRAM_MATCHES = ['https://www.instagram.com/*'] as const;

/** First path segments that are Instagram's own pages, never a username. */
const RESERVED = new Set([
  'p',
  'reel',
  'reels',
  'tv',
  'explore',
  'accounts',
  'direct',
  'stories',
  'about',
  'legal',
  'developer',
  'web',
  'emails',
  'challenge',
  'session',
  'privacy',
  'terms',
  'help',
  'api',
  'oauth',
  'graphql',
  'ajax',
  'static',
  'data',
  'topics',
  'locations',
  'directory',
  'press',
  'jobs',
  'download',
  'nametag',
  'your_activity',
  'archive',
  'create',
  'c',
  'r',
  'notifications',
]);

const USERNAME = /^[A-Za-z0-9._]{1,30}$/;
const SHORTCODE = '[A-Za-z0-9_-]{5,64}';
const CID = '[A-Za-z0-9_-]{1,64}';
const POST_PATH = new RegExp(
  `^\\/(?:([A-Za-z0-9._]{1,30})\\/)?(p|reel)\\/(${SHORTCODE})\\/?(?:c\\/(${CID})\\/?(?:r\\/(${CID})\\/?)?)?$`,
);
/** A comment permalink: `/p/<code>/c/<id>/`, a reply may add `r/<replyId>/`; trailing pages (liked_by) allowed. */
const COMMENT_HREF = new RegExp(
  `^\\/(?:([A-Za-z0-9._]{1,30})\\/)?(p|reel)\\/(${SHORTCODE})\\/c\\/(${CID})(?:\\/r\\/(${CID}))?(?=\\/|$)`,
);
const HANDLE_HREF = /^\/([A-Za-z0-9._]{1,30})\/?$/;

function isInstagramHost(url: URL): boolean {
  return url.protocol === 'https:' && (INSTAGRAM_HOSTS as readonly string[]).includes(url.hostname);
}

/** The post a URL shows: page kind, shortcode, and the author when the URL names them. */
export function postOfUrl(url: URL): { page: 'post' | 'reel'; code: string; handle: string | null } | null {
  if (!isInstagramHost(url)) return null;
  const m = POST_PATH.exec(url.pathname);
  if (!m) return null;
  const user = m[1] ?? null;
  if (user && RESERVED.has(user.toLowerCase())) return null;
  return { page: m[2] === 'reel' ? 'reel' : 'post', code: m[3]!, handle: user };
}

const OTHER_SITES = [
  'https://x.com/inlaydemo/status/1900000000000000100',
  'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000000/',
  'https://www.youtube.com/watch?v=Dm0InLay001&lc=UgxMapleOwl1a2b3c4d5e6f4AaABAg',
  'https://www.reddit.com/r/test/comments/abc123/a_post/',
  'https://www.facebook.com/inlaydemo/posts/1234567890',
  'https://www.tiktok.com/@inlaydemo/video/7000000000000000000',
];

const COMMON_REJECT = [
  'https://www.instagram.com/',
  'https://www.instagram.com/inlaydemo/',
  'https://www.instagram.com/inlaydemo/tagged/',
  'https://www.instagram.com/explore/',
  'https://www.instagram.com/explore/tags/plannerapp/',
  'https://www.instagram.com/reels/',
  'https://www.instagram.com/reels/DInLay0002b/',
  'https://www.instagram.com/direct/inbox/',
  'https://www.instagram.com/direct/t/340282366841710300949128000000000000/',
  'https://www.instagram.com/stories/inlaydemo/3300000000000000000/',
  'https://www.instagram.com/accounts/edit/',
  'https://www.instagram.com/p/',
  'https://www.instagram.com/p/DInLay0001a/liked_by/',
  'https://www.instagram.com/explore/p/DInLay0001a/',
  'http://www.instagram.com/p/DInLay0001a/',
  'https://www.instagram.com.evil.example/p/DInLay0001a/',
  'https://threads.net/@inlaydemo/post/DInLay0001a',
  ...OTHER_SITES,
];

const post: PageSpec = {
  test: (url) => postOfUrl(url)?.page === 'post',
  expectsItems: true,
  examples: {
    accept: [
      'https://www.instagram.com/p/DInLay0001a/',
      'https://www.instagram.com/p/DInLay0001a',
      'https://www.instagram.com/p/DInLay0001a/?img_index=2',
      'https://www.instagram.com/p/DInLay0001a/?utm_source=ig_web_copy_link&igsh=MzRlODBiNWFlZA==',
      'https://www.instagram.com/inlaydemo/p/DInLay0001a/',
      'https://www.instagram.com/p/DInLay0001a/c/17900000000000101/',
      'https://www.instagram.com/p/DInLay0001a/c/17900000000000101/r/17900000000000111/',
      'https://instagram.com/p/DInLay0001a/',
    ],
    reject: [...COMMON_REJECT, 'https://www.instagram.com/reel/DInLay0002b/'],
  },
};

const reel: PageSpec = {
  test: (url) => postOfUrl(url)?.page === 'reel',
  expectsItems: true,
  examples: {
    accept: [
      'https://www.instagram.com/reel/DInLay0002b/',
      'https://www.instagram.com/reel/DInLay0002b/?igsh=MzRlODBiNWFlZA==',
      'https://www.instagram.com/inlaydemo/reel/DInLay0002b/',
      'https://www.instagram.com/reel/DInLay0002b/c/17900000000000201/',
    ],
    reject: [...COMMON_REJECT, 'https://www.instagram.com/p/DInLay0002b/'],
  },
};

/* ---------------------------------------------------------- sweep list pages */

const LIST_REJECT = [
  'https://www.instagram.com/',
  'https://www.instagram.com/p/DInLay0001a/',
  'https://www.instagram.com/reel/DInLay0002b/',
  'https://www.instagram.com/explore/',
  'https://www.instagram.com/accounts/login/',
  'https://www.instagram.com/challenge/',
  'http://www.instagram.com/direct/inbox/',
  'https://www.instagram.com.evil.example/direct/inbox/',
  'https://x.com/notifications',
  'https://www.linkedin.com/messaging/',
  'https://www.youtube.com/@inlaydemo/videos',
  'https://www.reddit.com/message/inbox/',
  'https://www.facebook.com/notifications',
  'https://www.tiktok.com/@inlaydemo',
];

/**
 * Activity: the page exists on mobile web (`/notifications/`, formerly `/accounts/activity/`);
 * desktop shows the same list as a panel over the page it was opened from.
 */
const notifications: PageSpec = {
  test: (url) => isInstagramHost(url) && /^\/(?:notifications|accounts\/activity)\/?$/.test(url.pathname),
  // activity may hold only likes and follows: see itemsExpected
  expectsItems: true,
  examples: {
    accept: [
      'https://www.instagram.com/notifications/',
      'https://www.instagram.com/notifications',
      'https://www.instagram.com/accounts/activity/',
      'https://instagram.com/notifications/',
    ],
    reject: [
      ...LIST_REJECT,
      'https://www.instagram.com/direct/inbox/',
      'https://www.instagram.com/direct/t/340282366841710300949128000000000001/',
      'https://www.instagram.com/notifications/settings/',
    ],
  },
};

const inbox: PageSpec = {
  test: (url) => isInstagramHost(url) && /^\/direct\/inbox\/?$/.test(url.pathname),
  // conversations are read with sweepThreads, not as items
  expectsItems: false,
  examples: {
    accept: [
      'https://www.instagram.com/direct/inbox/',
      'https://www.instagram.com/direct/inbox',
      'https://instagram.com/direct/inbox/',
    ],
    reject: [
      ...LIST_REJECT,
      'https://www.instagram.com/direct/t/340282366841710300949128000000000000/',
      'https://www.instagram.com/direct/requests/',
      'https://www.instagram.com/notifications/',
    ],
  },
};

/** The profile whose grid a URL shows (`/<username>/`), or null. */
export function profileOfUrl(url: URL): string | null {
  if (!isInstagramHost(url)) return null;
  const m = /^\/([A-Za-z0-9._]{1,30})\/?$/.exec(url.pathname);
  if (!m || RESERVED.has(m[1]!.toLowerCase())) return null;
  return m[1]!;
}

const profile: PageSpec = {
  test: (url) => profileOfUrl(url) !== null,
  // the grid is read with sweepPosts; a new profile has no posts
  expectsItems: false,
  examples: {
    accept: [
      'https://www.instagram.com/inlaydemo/',
      'https://www.instagram.com/inlaydemo',
      'https://www.instagram.com/inlay.demo_2/',
      'https://www.instagram.com/inlaydemo/?hl=en',
      'https://instagram.com/inlaydemo/',
    ],
    reject: [
      ...LIST_REJECT,
      'https://www.instagram.com/inlaydemo/tagged/',
      'https://www.instagram.com/inlaydemo/reels/',
      'https://www.instagram.com/notifications/',
      'https://www.instagram.com/direct/inbox/',
      'https://www.instagram.com/direct/t/340282366841710300949128000000000001/',
      'https://www.instagram.com/direct/',
      'https://www.instagram.com/reels/',
    ],
  },
};

const THREAD_HREF = /^\/direct\/t\/([A-Za-z0-9_-]{1,64})\/?$/;

/** The conversation a URL opens (`/direct/t/<thread id>/`): its id, or null. */
export function threadOfUrl(url: URL): string | null {
  if (!isInstagramHost(url)) return null;
  return THREAD_HREF.exec(url.pathname)?.[1] ?? null;
}

/** One open conversation: its messages are items of kind `dm` (sweepThreads' links open here). */
const dm: PageSpec = {
  test: (url) => threadOfUrl(url) !== null,
  // a conversation holds at least the message that started it
  expectsItems: true,
  examples: {
    accept: [
      'https://www.instagram.com/direct/t/340282366841710300949128000000000001/',
      'https://www.instagram.com/direct/t/340282366841710300949128000000000001',
      'https://www.instagram.com/direct/t/340282366841710300949128000000000002/?hl=en',
      'https://www.instagram.com/direct/t/17843000000000001/',
      'https://instagram.com/direct/t/340282366841710300949128000000000001/',
    ],
    reject: [
      ...LIST_REJECT,
      'https://www.instagram.com/direct/inbox/',
      'https://www.instagram.com/direct/requests/',
      'https://www.instagram.com/direct/t/',
      'https://www.instagram.com/direct/t/340282366841710300949128000000000001/details/',
      'https://www.instagram.com/direct/new/',
      'https://www.instagram.com/notifications/',
      'https://www.instagram.com/inlaydemo/',
      'http://www.instagram.com/direct/t/340282366841710300949128000000000001/',
      'https://www.instagram.com.evil.example/direct/t/340282366841710300949128000000000001/',
    ],
  },
};

const PAGES = { post, reel, notifications, inbox, dm, profile } as const;
const GRID_HREF = new RegExp(`^\\/(?:([A-Za-z0-9._]{1,30})\\/)?(p|reel)\\/(${SHORTCODE})\\/?$`);

/* ------------------------------------------------------------------- reading */

function pathOf(href: string | null): string {
  if (!href) return '';
  if (href.startsWith('/')) return href.replace(/[?#].*$/, '');
  try {
    const u = new URL(href);
    return (INSTAGRAM_HOSTS as readonly string[]).includes(u.hostname) ? u.pathname : '';
  } catch {
    return '';
  }
}

/** The username a profile link (`/<username>/`) names, or null. */
export function handleFromHref(href: string | null): string | null {
  const m = HANDLE_HREF.exec(pathOf(href));
  return m && USERNAME.test(m[1]!) && !RESERVED.has(m[1]!.toLowerCase()) ? m[1]! : null;
}

/**
 * An activity row's link to the comment it is about: a comment permalink around the post's
 * thumbnail (an image) with no time in it. A post page's comment permalinks wrap the time instead.
 */
function isActivityLink(a: Element): boolean {
  return a.querySelector('img') !== null && a.querySelector('time') === null;
}

function clickable(el: Element): el is Element & { click(): void } {
  return typeof (el as { click?: unknown }).click === 'function';
}

/** One comment as found on the page. */
interface CommentBox {
  el: Element;
  /** Its own permalink (the one around its time). */
  anchor: Element;
  id: string;
  kind: 'p' | 'reel';
  code: string;
  /** The parent id when the permalink names it (`/c/<parent>/r/<reply>/`). */
  hrefParent: string | null;
  /** How deep the permalink sits under the scope: replies sit deeper than the comment they answer. */
  depth: number;
  parentId: string | null;
}

interface Analysis {
  scope: Element;
  boxes: CommentBox[];
  byEl: Map<Element, CommentBox>;
}

export function createInstagramAdapter(
  selectors: Selectors<InstagramSelectorName> = INSTAGRAM_SELECTORS,
): SiteAdapter<InstagramSelectorName> {
  const q = compileSelectors(selectors);
  /**
   * The last analysis of each scope, reused while the scope's element count
   * is unchanged and its boxes are still in the page: a scan reads every
   * item right after finding them, and must see the same boxes.
   */
  const cache = new WeakMap<Element, { size: number; analysis: Analysis }>();

  /** The first element under `root` matching the entries, tried in order. */
  function firstByPriority(root: ParentNode, entries: readonly SelectorEntry[]): Element | null {
    for (const e of entries) {
      const found = root.querySelector(e.css);
      if (found) return found;
    }
    return null;
  }

  /** Where the post that `el` belongs to lives: its dialog, else `main`. */
  function scopeOf(el: Element): Element | null {
    for (const e of selectors.scope) {
      const s = el.closest(e.css);
      if (s) return s;
    }
    return null;
  }

  function parseComment(a: Element) {
    const m = COMMENT_HREF.exec(pathOf(a.getAttribute('href')));
    if (!m) return null;
    if (m[1] && RESERVED.has(m[1].toLowerCase())) return null;
    return { kind: m[2] as 'p' | 'reel', code: m[3]!, cid: m[4]!, rid: m[5] ?? null };
  }

  /**
   * Find every comment box of one scope and how they nest. A box is the
   * largest element around a comment's permalink that (1) holds no other
   * comment's permalink, (2) is and holds nothing of the post itself (the
   * `boundary` elements, or a time that is not a comment's), and (3) does not
   * reach back over an earlier sibling holding a control (that is the "View
   * replies" toggle above a reply, not part of the reply), the caption or
   * someone else's profile link.
   */
  function analyse(scope: Element): Analysis {
    const groups = new Map<string, { anchors: Element[]; c: NonNullable<ReturnType<typeof parseComment>> }>();
    const anchorSet = new Set<Element>();
    for (const a of scope.querySelectorAll(q.permalink)) {
      const c = parseComment(a);
      if (!c || isActivityLink(a)) continue;
      const id = c.rid ?? c.cid;
      anchorSet.add(a);
      const g = groups.get(id);
      if (g) g.anchors.push(a);
      else groups.set(id, { anchors: [a], c });
    }

    // which comment each ancestor holds (null: more than one)
    const holder = new Map<Element, string | null>();
    for (const [id, g] of groups) {
      for (const a of g.anchors) {
        for (let n: Element | null = a; n && n !== scope; n = n.parentElement) {
          const cur = holder.get(n);
          if (cur === undefined) holder.set(n, id);
          else if (cur === id) continue;
          else {
            if (cur === null) break;
            holder.set(n, null);
          }
        }
      }
    }

    // everything around the post's own parts
    const blocked = new Set<Element>();
    for (const b of scope.querySelectorAll(`${q.boundary}, ${q.time}`)) {
      if (b.matches(q.time) && !b.matches(q.boundary)) {
        const link = b.closest('a');
        if (link && anchorSet.has(link)) continue;
      }
      for (let n: Element | null = b; n && n !== scope && !blocked.has(n); n = n.parentElement) blocked.add(n);
    }

    const boxes: CommentBox[] = [];
    const byEl = new Map<Element, CommentBox>();
    for (const [id, g] of groups) {
      const anchor = g.anchors.find((a) => a.querySelector(q.time)) ?? g.anchors[0]!;
      if (blocked.has(anchor)) continue;
      const author = authorNear(anchor, scope);
      let box: Element = anchor;
      for (;;) {
        const p = box.parentElement;
        if (!p || p === scope || holder.get(p) !== id || blocked.has(p) || earlierBlocks(box, author)) break;
        box = p;
      }
      let depth = 0;
      for (let n: Element | null = anchor; n && n !== scope; n = n.parentElement) depth++;
      const entry: CommentBox = {
        el: box,
        anchor,
        id,
        kind: g.c.kind,
        code: g.c.code,
        hrefParent: g.c.rid ? g.c.cid : null,
        depth,
        parentId: null,
      };
      boxes.push(entry);
      byEl.set(box, entry);
    }
    const ownAnchors = new Map<Element, CommentBox>(boxes.map((b) => [b.anchor, b]));

    // in document order: comments and the controls between them ("View replies" toggles)
    let lastTop: CommentBox | null = null;
    let toggled = false;
    const ordered: CommentBox[] = [];
    for (const n of scope.querySelectorAll(`${q.permalink}, ${q.control}`)) {
      const own = ownAnchors.get(n);
      if (own) {
        ordered.push(own);
        if (own.hrefParent) own.parentId = own.hrefParent;
        else if (lastTop && toggled && own.depth > lastTop.depth) own.parentId = lastTop.id;
        else {
          lastTop = own;
          toggled = false;
        }
      } else if (n.matches(q.control) && lastTop && !insideBox(n, scope, byEl)) toggled = true;
    }
    return { scope, boxes: ordered, byEl };
  }

  function sizeOf(scope: Element): number {
    // a live collection's length is cheap in browsers; DOM stand-ins without one count by query
    return scope.getElementsByTagName('*').length || scope.querySelectorAll('*').length;
  }

  function analysed(scope: Element): Analysis {
    const size = sizeOf(scope);
    const hit = cache.get(scope);
    if (hit && hit.size === size && hit.analysis.boxes.every((b) => b.el.isConnected && scope.contains(b.el))) {
      return hit.analysis;
    }
    const analysis = analyse(scope);
    cache.set(scope, { size, analysis });
    return analysis;
  }

  /** The username of the comment around `anchor`: the nearest profile link that is not an @mention. */
  function authorNear(anchor: Element, scope: Element): string | null {
    for (let n: Element | null = anchor; n && n !== scope; n = n.parentElement) {
      const found = authorLinkOf(n);
      if (found) return found.handle;
    }
    return null;
  }

  /**
   * Would growing the box over an earlier sibling of `el` swallow something
   * that is not this comment's: a control (the "View replies" toggle above a
   * reply), the caption, or someone else's profile link?
   */
  function earlierBlocks(el: Element, author: string | null): boolean {
    for (let s = el.previousElementSibling; s; s = s.previousElementSibling) {
      if (s.matches(q.control) || s.querySelector(q.control)) return true;
      if (s.matches(q.caption) || s.querySelector(q.caption)) return true;
      for (const a of [s, ...Array.from(s.querySelectorAll('a[href]'))]) {
        const h = a.localName === 'a' ? handleFromHref(a.getAttribute('href')) : null;
        if (h && h !== author && !readText(a).trim().startsWith('@')) return true;
      }
    }
    return false;
  }

  function insideBox(el: Element, scope: Element, byEl: Map<Element, CommentBox>): boolean {
    for (let n: Element | null = el; n && n !== scope; n = n.parentElement) if (byEl.has(n)) return true;
    return false;
  }

  function boxOf(el: Element): { box: CommentBox; analysis: Analysis } | null {
    const scope = scopeOf(el);
    if (!scope) return null;
    const analysis = analysed(scope);
    const box = analysis.byEl.get(el);
    return box ? { box, analysis } : null;
  }

  /** The author's profile link: the first profile link of the box that is not an @mention. */
  function authorLinkOf(box: Element): { link: Element; handle: string } | null {
    for (const a of box.querySelectorAll('a[href]')) {
      const handle = handleFromHref(a.getAttribute('href'));
      if (!handle) continue;
      if (readText(a).trim().startsWith('@')) continue;
      return { link: a, handle };
    }
    return null;
  }

  /** Is `el` inside a control, link or time of the box (other than a control wrapping the whole comment)? */
  function insideChrome(el: Element, box: Element, author: Element): boolean {
    for (let n: Element | null = el; n && n !== box; n = n.parentElement) {
      if (n.localName === 'a' || n.localName === 'time') return true;
      if (n.matches(q.control) && !n.contains(author)) return true;
    }
    return false;
  }

  function textOf(box: Element, author: { link: Element; handle: string }, anchor: Element): string {
    const skip = (e: Element): boolean => {
      if (e === anchor || e.localName === 'time') return true;
      if (e.matches(q.control) && !e.contains(author.link)) return true;
      if (e.localName === 'a') {
        const h = handleFromHref(e.getAttribute('href'));
        return h !== null && h === author.handle && !readText(e).trim().startsWith('@');
      }
      return false;
    };
    for (const entries of [selectors.text, selectors.textFallback]) {
      const sel = css(entries);
      let afterAuthor = false;
      // in document order, with the author link among them: the text follows the username
      // (a "Pinned" label above it is not the text)
      for (const c of box.querySelectorAll(`${sel}, a[href]`)) {
        if (c === author.link) afterAuthor = true;
        if (!c.matches(sel) || (!afterAuthor && !c.contains(author.link))) continue;
        if (insideChrome(c, box, author.link)) continue;
        const t = readText(c, skip).trim();
        if (t) return t.slice(0, 20_000);
      }
    }
    return '';
  }

  function replyButtonOf(box: Element, author: Element | null): Element | null {
    for (const c of box.querySelectorAll(q.control)) {
      if (author && c.contains(author)) continue;
      const label = readText(c).trim().toLowerCase();
      if (label && REPLY_WORDS.includes(label)) return c;
    }
    return null;
  }

  /** The lowest element holding both `a` and `b`. */
  function commonAncestor(a: Element, b: Element): Element | null {
    for (let n: Element | null = a; n; n = n.parentElement) if (n.contains(b)) return n;
    return null;
  }

  /** The post's author(s), as the URL, the header, or the first profile link above the comments name them. */
  function ownersOf(analysis: Analysis, ctx: { url: URL }): string[] {
    const fromUrl = postOfUrl(ctx.url)?.handle;
    if (fromUrl) return [fromUrl];
    const { scope, byEl } = analysis;
    const header = firstByPriority(scope, selectors.postHeader);
    if (header && !insideBox(header, scope, byEl)) {
      const found: string[] = [];
      for (const a of header.querySelectorAll('a[href]')) {
        const h = handleFromHref(a.getAttribute('href'));
        if (h && !found.includes(h)) found.push(h);
      }
      if (found.length > 0) return found;
    }
    let firstLink: string | null = null;
    for (const a of scope.querySelectorAll('a[href]')) {
      if (insideBox(a, scope, byEl)) break; // the comments start here
      const h = handleFromHref(a.getAttribute('href'));
      if (!h) continue;
      if (a.querySelector('img')) return [h]; // the avatar link of the author row (or the caption)
      firstLink ??= h;
    }
    return firstLink ? [firstLink] : [];
  }

  /* ------------------------------------------------------- an open conversation */

  /** Is `el` inside a control or a link of `row` (hover toolbar, reactions, the sender's avatar link)? */
  function inRowChrome(el: Element, row: Element): boolean {
    for (let n: Element | null = el; n && n !== row; n = n.parentElement) {
      if (n.localName === 'a' || n.localName === 'button' || n.getAttribute('role') === 'button') return true;
    }
    return false;
  }

  /** The sender's profile link of a row: a link to /<username>/ outside the bubble (their avatar). */
  function senderLinkOf(row: Element): { link: Element; handle: string } | null {
    for (const a of row.querySelectorAll('a[href]')) {
      if (a.closest(q.dmBubble)) continue; // a link inside the message text is not its sender
      const handle = handleFromHref(a.getAttribute('href'));
      if (handle) return { link: a, handle };
    }
    return null;
  }

  /** The received side's avatar without a link (some builds draw the image only). */
  function hasAvatar(row: Element): boolean {
    for (const img of row.querySelectorAll('img[alt]')) {
      if (img.closest(q.dmBubble)) continue;
      if (/profile picture/i.test(img.getAttribute('alt') ?? '')) return true;
    }
    return false;
  }

  /** The message text of a row: its bubble's dir=auto text, never the row's controls or links. */
  function dmTextOf(row: Element): string {
    const skip = (e: Element): boolean => e.localName === 'button' || e.getAttribute('role') === 'button';
    for (const bubble of row.querySelectorAll(q.dmBubble)) {
      if (inRowChrome(bubble, row)) continue;
      for (const t of bubble.querySelectorAll(q.dmText)) {
        if (inRowChrome(t, row)) continue;
        const text = readText(t, skip).trim();
        if (text) return text.slice(0, 20_000);
      }
      const text = readText(bubble, skip).trim();
      if (text) return text.slice(0, 20_000);
    }
    return '';
  }

  /** A message row: a row of a conversation's list that holds a bubble (separators and "Seen" lines hold none). */
  function isMessageRow(row: Element): boolean {
    if (!row.closest(q.dmThread) || row.querySelector('a[href*="/direct/t/"]')) return false;
    for (const b of row.querySelectorAll(q.dmBubble)) if (!inRowChrome(b, row)) return true;
    return false;
  }

  function dmRows(root: ParentNode): Element[] {
    const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
    const rows = Array.from(root.querySelectorAll(q.dmRow));
    if (rootEl?.matches(q.dmRow)) rows.unshift(rootEl);
    return rows.filter(isMessageRow);
  }

  /** A time separator's instant as the site gives it: time[datetime], else its words ("Jan 1, 2026, 5:32 PM"). */
  function separatorOf(row: Element): { key: string; at: string | null } | null {
    if (isMessageRow(row)) return null;
    const time = row.querySelector(q.time);
    const words = readText(row).replace(/\s+/g, ' ').trim();
    if (time) return { key: time.getAttribute('datetime') ?? words, at: isoOrNull(time.getAttribute('datetime')) };
    if (!words || words.length > 60 || !TIME_WORDS.test(words)) return null;
    return { key: words, at: localTimeOf(words) };
  }

  /** The nearest time separator above a message row (in its list), or null. */
  function separatorAbove(row: Element): { key: string; at: string | null } | null {
    const list = row.closest(q.dmThread);
    if (!list) return null;
    let found: { key: string; at: string | null } | null = null;
    for (const r of list.querySelectorAll(q.dmRow)) {
      if (r === row) return found;
      const sep = separatorOf(r);
      if (sep) found = sep;
    }
    return null;
  }

  /**
   * The other participant of a one-to-one conversation: the only profile link of the
   * conversation's header (the part of `main` above the message list), or null (a group, or no header).
   */
  function headerUserOf(row: Element): string | null {
    const list = row.closest(q.dmThread);
    const main = list?.closest('main') ?? row.ownerDocument.querySelector('main');
    if (!main) return null;
    const found = new Map<string, string>();
    // in document order, up to the list: only what is above it
    for (const a of main.querySelectorAll(`a[href], ${q.dmThread}`)) {
      if (a === list) break;
      if (a.localName !== 'a' || a.closest(q.dmComposer)) continue;
      const h = handleFromHref(a.getAttribute('href'));
      if (h) found.set(h.toLowerCase(), h);
    }
    return found.size === 1 ? [...found.values()][0]! : null;
  }

  /**
   * One message of the open conversation. Which side it is on is decided from one fact:
   * a received message's row carries its sender's avatar (a link to /<username>/, or the
   * avatar image, outside the bubble); our own messages carry none. (If Instagram drew the
   * avatar on the last message of a run only, the earlier ones of the run would read as
   * ours: the fixture test holds the fact.) The author is that link's username, else, in a
   * one-to-one conversation, the header's user; ours is the signed-in account.
   *
   * Instagram's markup carries no message id, so the id is derived:
   * `dm:<thread>:<sender>:<hash of the text and the nearest time separator above>`
   * (sender `me` for ours). Two identical messages from the same sender under the same
   * separator (the same minute, or the same run) therefore merge into one item. The row's
   * position is never used: rows are virtualised and move as the list loads.
   */
  function extractMessage(row: Element, ctx: ExtractContext): CapturedItem | null {
    const thread = threadOfUrl(ctx.url);
    if (!thread || !isMessageRow(row)) return null;
    const text = dmTextOf(row);
    const sender = senderLinkOf(row);
    const fromUs = !sender && !hasAvatar(row);
    const signedIn = detectLoggedInHandle(row.ownerDocument);
    const me = matchProfile(signedIn, ctx.profiles) ?? (ctx.profiles.length === 1 ? ctx.profiles[0]! : null);
    const handle = fromUs ? (signedIn ?? me) : (sender?.handle ?? headerUserOf(row));
    const sep = separatorAbove(row);
    const own = row.querySelector(q.time);
    const siteTimestamp = isoOrNull(own?.getAttribute('datetime') ?? null) ?? sep?.at ?? null;
    const who = fromUs ? 'me' : (handle?.toLowerCase() ?? 'them');
    const item = {
      platform: 'instagram' as const,
      nativeId: `dm:${thread}:${who}:${sweepTextHash(`${text}\n${sep?.key ?? ''}`)}`,
      kind: 'dm' as const,
      profile: me,
      author: { handle, name: null, url: handle ? `https://www.instagram.com/${handle}/` : null },
      text,
      permalink: `https://www.instagram.com/direct/t/${thread}/`,
      siteTimestamp,
      parentId: null,
      threadId: thread,
      lang: null,
    };
    const parsed = CapturedItem.safeParse(item);
    return parsed.success ? parsed.data : null;
  }

  function extract(el: Element, ctx: ExtractContext): CapturedItem | null {
    try {
      if (ctx.page === 'dm') return extractMessage(el, ctx);
      if (ctx.page === 'notifications') return extractActivity(el, ctx);
      if (activityLinkIn(el) && !boxOf(el)) return null; // an activity row is read on the activity page only
      const found = boxOf(el);
      if (!found) return null;
      const { box, analysis } = found;
      const author = authorLinkOf(box.el);
      if (!author) return null;
      const owners = ownersOf(analysis, ctx);
      const profile = owners.map((o) => matchProfile(o, ctx.profiles)).find((p) => p !== null) ?? null;
      const time = box.anchor.querySelector(q.time);
      const path = `/${box.kind}/${box.code}/c/${box.hrefParent ?? box.id}/${box.hrefParent ? `r/${box.id}/` : ''}`;
      // comment text cannot hold icons: a badge in the box is the author's
      const verified = box.el.querySelector(q.verified) !== null;
      const item = {
        platform: 'instagram' as const,
        nativeId: box.id,
        kind: box.parentId ? ('reply' as const) : ('comment' as const),
        profile,
        author: {
          handle: author.handle,
          name: null,
          url: `https://www.instagram.com/${author.handle}/`,
          verified,
        },
        text: textOf(box.el, author, box.anchor),
        permalink: `https://www.instagram.com${path}`,
        siteTimestamp: isoOrNull(time?.getAttribute('datetime') ?? null),
        parentId: box.parentId,
        threadId: box.code,
        lang: null,
      };
      const parsed = CapturedItem.safeParse(item);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  function detectLoggedInHandle(doc: Document): string | null {
    for (const a of doc.querySelectorAll(q.navAnchor)) {
      if (a.closest('main, [role="dialog"]')) continue;
      let n = a.parentElement;
      for (let i = 0; n && i < 16; i++, n = n.parentElement) {
        if (n.querySelector('main, [role="dialog"]')) break; // climbed past the navigation
        for (const link of n.querySelectorAll('a[href]')) {
          const h = handleFromHref(link.getAttribute('href'));
          if (h && link.querySelector('img')) return h; // "Profile", shown with our avatar
        }
      }
    }
    return null;
  }

  function composerIn(root: ParentNode): Element | null {
    const labelled = firstByPriority(root, selectors.composer);
    if (labelled) return labelled;
    const inForms = Array.from(root.querySelectorAll(q.composerFallback));
    return inForms.length === 1 ? inForms[0]! : null;
  }

  async function open(el: Element, timeoutMs = 3000): Promise<Element | null> {
    // a conversation's box is the Direct composer, which Inlay does not fill: never click a message's Reply
    const here = el.ownerDocument.location?.href;
    if (here && threadOfUrl(new URL(here)) !== null) return null;
    const scope = scopeOf(el) ?? el.ownerDocument.documentElement;
    const found = boxOf(el);
    if (found) {
      const author = authorLinkOf(found.box.el);
      const button = replyButtonOf(found.box.el, author?.link ?? null);
      // Instagram answers Reply by putting "@author " into the post's comment box and focusing it
      if (button && clickable(button)) button.click();
    }
    const find = () => composerIn(scope) ?? composerIn(el.ownerDocument);
    return waitForElement(scope, find, timeoutMs);
  }

  function sendButton(editor: Element): Element | null {
    const form = editor.closest('form');
    if (!form) return null;
    for (const e of selectors.sendButton) {
      const candidates = Array.from(form.querySelectorAll(e.css)).filter(
        (c) => !c.contains(editor) && !c.querySelector('svg') && readText(c).trim() !== '',
      );
      if (candidates.length > 0) return candidates.at(-1)!;
    }
    return null;
  }

  /* ---------------------------------------------------------------- sweeps */

  /** The activity rows under `root`: around each comment link that holds a post thumbnail. */
  function activityRows(root: ParentNode): Element[] {
    const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
    const links = Array.from(root.querySelectorAll(q.permalink)).filter((a) => parseComment(a) && isActivityLink(a));
    if (rootEl?.matches(q.permalink) && parseComment(rootEl) && isActivityLink(rootEl)) links.unshift(rootEl);
    const rows: Element[] = [];
    for (const link of links) {
      const row = activityRowOf(link);
      if (row && !rows.includes(row)) rows.push(row);
    }
    return rows;
  }

  /** The largest element around an activity link that holds no other row's link, inside the activity scope. */
  function activityRowOf(link: Element): Element | null {
    const scope = link.closest(q.activityScope);
    if (!scope) return null;
    let row: Element = link;
    for (let p = row.parentElement; p && p !== scope; p = p.parentElement) {
      const others = Array.from(p.querySelectorAll('a[href]')).some((a) => {
        if (a === link) return false;
        const c = parseComment(a);
        return (c !== null && isActivityLink(a)) || GRID_HREF.test(pathOf(a.getAttribute('href')));
      });
      if (others || p.querySelectorAll('time').length > 1) break;
      row = p;
    }
    return row;
  }

  function activityLinkIn(row: Element): Element | null {
    if (row.matches(q.permalink) && isActivityLink(row)) return row;
    for (const a of row.querySelectorAll(q.permalink)) if (parseComment(a) && isActivityLink(a)) return a;
    return null;
  }

  /**
   * One activity row that is a comment, reply or mention by someone else. Its nativeId is the
   * comment's id from the thumbnail's link, as on the post page (the reply's id for
   * `/c/<parent>/r/<reply>/`); the text is what follows "commented:" / "replied to your comment:" /
   * "mentioned you in a comment:"; the time its time[datetime].
   */
  function extractActivity(row: Element, ctx: ExtractContext): CapturedItem | null {
    const link = activityLinkIn(row);
    const c = link ? parseComment(link) : null;
    if (!link || !c) return null;
    const author = authorLinkOf(row);
    if (!author || author.link === link) return null;
    const skip = (e: Element): boolean => e === link || e.localName === 'time' || e.matches(q.control);
    const sentence = readText(row, skip).replace(/\s+/g, ' ').trim();
    if (ACTIVITY_WORDS.aggregate.test(sentence)) return null;
    const kind = ACTIVITY_WORDS.mention.test(sentence)
      ? ('mention' as const)
      : c.rid || ACTIVITY_WORDS.reply.test(sentence)
        ? ('reply' as const)
        : ACTIVITY_WORDS.comment.test(sentence)
          ? ('comment' as const)
          : null;
    if (!kind) return null;
    const words = readText(row, (e) => skip(e) || e === author.link)
      .replace(/\s+/g, ' ')
      .trim();
    const colon = words.indexOf(':');
    const text = (colon >= 0 ? words.slice(colon + 1) : words).trim().slice(0, 20_000);
    const id = c.rid ?? c.cid;
    const signedIn = detectLoggedInHandle(row.ownerDocument);
    const profile = matchProfile(signedIn, ctx.profiles) ?? (ctx.profiles.length === 1 ? ctx.profiles[0]! : null);
    const item = {
      platform: 'instagram' as const,
      nativeId: id,
      kind: kind === 'comment' && c.rid ? ('reply' as const) : kind,
      profile,
      author: { handle: author.handle, name: null, url: `https://www.instagram.com/${author.handle}/` },
      text,
      permalink: `https://www.instagram.com/${c.kind}/${c.code}/c/${c.cid}/${c.rid ? `r/${c.rid}/` : ''}`,
      siteTimestamp: isoOrNull(row.querySelector(q.time)?.getAttribute('datetime') ?? null),
      parentId: c.rid ? c.cid : null,
      threadId: c.code,
      lang: null,
    };
    const parsed = CapturedItem.safeParse(item);
    return parsed.success ? parsed.data : null;
  }

  /** Leaf text pieces of `el` (spans without span children), trimmed, empty ones dropped. */
  function leafTexts(el: Element): string[] {
    return Array.from(el.querySelectorAll('span, abbr, time'))
      .filter((s) => !s.querySelector('span'))
      .map((s) => readText(s).replace(/\s+/g, ' ').trim())
      .filter((t) => t !== '');
  }

  function isBold(el: Element): boolean {
    const view = el.ownerDocument.defaultView;
    if (!view || typeof view.getComputedStyle !== 'function') return false;
    for (const s of el.querySelectorAll('span')) {
      if (s.querySelector('span')) continue;
      const w = view.getComputedStyle(s).fontWeight;
      const n = w === 'bold' ? 700 : Number.parseInt(w, 10);
      if (Number.isFinite(n) && n >= 600) return true;
    }
    return false;
  }

  function threadOf(link: Element): SweepThread | null {
    const m = THREAD_HREF.exec(pathOf(link.getAttribute('href')));
    if (!m) return null;
    const row = link.closest(q.threadRow) ?? link;
    const unread =
      [row, link].some((e) => /\bunread\b/i.test(e.getAttribute('aria-label') ?? '')) ||
      row.querySelector(q.unreadMark) !== null ||
      isBold(link);
    const preview = leafTexts(link)
      .slice(1)
      .filter((t) => t !== '·' && !RELATIVE_TIME.test(t) && !/^unread$/i.test(t))
      .join(' ')
      .slice(0, 500);
    const t = row.querySelector('time[datetime], abbr[title]');
    const at = isoOrNull(t?.getAttribute('datetime') ?? t?.getAttribute('title') ?? null);
    return { id: m[1]!, url: `https://www.instagram.com/direct/t/${m[1]!}/`, unread, at, preview };
  }

  function signedOut(doc: Document): boolean {
    if (challenge(doc)) return false; // a security check is its own stop
    if (/^\/accounts\/(?:login|emailsignup)(?:\/|$)/.test(doc.location?.pathname ?? '')) return true;
    if (doc.querySelector(q.loginForm)) return true;
    // the logged-out wall: "Log in" links and none of the signed-in navigation
    return doc.querySelector(q.loginLink) !== null && doc.querySelector(q.navAnchor) === null;
  }

  function challenge(doc: Document): boolean {
    if (/^\/(?:challenge|accounts\/suspended|accounts\/disabled)(?:\/|$)/.test(doc.location?.pathname ?? '')) {
      return true;
    }
    return doc.querySelector(q.challenge) !== null;
  }

  function sweepExpanders(doc: Document): Element[] {
    const out: Element[] = [];
    const add = (b: Element | null) => {
      if (b && !out.includes(b) && !b.closest('a[href], form')) out.push(b);
    };
    for (const svg of doc.querySelectorAll(q.loadMoreIcon)) add(svg.closest(q.control) ?? svg.parentElement);
    for (const b of doc.querySelectorAll(q.expander)) {
      if (b.querySelector('svg:not([aria-label="Load more comments"]), a[href], textarea, input')) continue;
      const words = readText(b).replace(/\s+/g, ' ').trim();
      if (MORE_THREAD_WORDS.some((re) => re.test(words))) add(b);
    }
    // document order (the icon buttons were added first)
    return out.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  }

  function isOurs(author: CapturedItem['author'], profiles: readonly string[]): boolean {
    return matchProfile(author.handle, profiles) !== null;
  }

  const adapter: SiteAdapter<InstagramSelectorName> = {
    platform: 'instagram',
    hosts: INSTAGRAM_HOSTS,
    matches: INSTAGRAM_MATCHES,
    pages: PAGES,
    pageKind(url) {
      for (const [kind, spec] of Object.entries(PAGES)) if (spec.test(url)) return kind;
      return null;
    },
    selectors,
    withSelectors: (override: SelectorPack) => createInstagramAdapter(mergeSelectors(selectors, override)),

    findItems(root) {
      const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
      const scopes = new Set<Element>();
      const anchors = Array.from(root.querySelectorAll(q.permalink));
      if (rootEl?.matches(q.permalink)) anchors.unshift(rootEl);
      for (const a of anchors) {
        const s = scopeOf(a);
        if (s) scopes.add(s);
      }
      const found: Element[] = [];
      for (const s of scopes) {
        for (const b of analysed(s).boxes) {
          if (!rootEl || rootEl === b.el || rootEl.contains(b.el)) found.push(b.el);
        }
      }
      // then the activity rows (the activity page, or its panel over any page)
      for (const row of activityRows(root)) if (!found.includes(row)) found.push(row);
      // and the messages of an open conversation
      for (const row of dmRows(root)) if (!found.includes(row)) found.push(row);
      return found;
    },

    extract,

    actionRow(el) {
      const b = boxOf(el)?.box;
      if (!b) return null;
      const author = authorLinkOf(b.el);
      const reply = replyButtonOf(b.el, author?.link ?? null);
      if (reply) {
        // the row around Reply: the first ancestor that also holds the time or another control (likes, options)
        for (let n = reply.parentElement; n && n !== b.el; n = n.parentElement) {
          if (n.contains(b.anchor)) return n;
          for (const c of n.querySelectorAll(q.control)) if (c !== reply && !c.contains(reply)) return n;
        }
        return commonAncestor(b.anchor, reply);
      }
      for (let n = b.anchor.parentElement; n && n !== b.el; n = n.parentElement) {
        if (n.querySelector(q.control)) return n;
      }
      return b.anchor.parentElement;
    },

    isInbound(item: CapturedItem, ctx: PolicyContext) {
      if (ctx.page === 'dm') {
        // a message in our conversation that our profiles did not write
        return item.kind === 'dm' && item.profile !== null && !isOurs(item.author, ctx.profiles);
      }
      if (ctx.page === 'notifications') {
        if (item.profile === null || !['comment', 'reply', 'mention'].includes(item.kind)) return false;
        return !isOurs(item.author, ctx.profiles);
      }
      if ((ctx.page !== 'post' && ctx.page !== 'reel') || item.profile === null) return false;
      if (item.kind !== 'comment' && item.kind !== 'reply') return false;
      // what our own profiles write is outbound (own replies are recorded by isOwnReply)
      return !isOurs(item.author, ctx.profiles);
    },

    isOwnReply(item: CapturedItem, ctx: PolicyContext) {
      // a message we sent in a conversation answers the nearest inbound message above it (DM threads are flat)
      if (ctx.page === 'dm') return item.kind === 'dm' && isOurs(item.author, ctx.profiles);
      return item.kind === 'reply' && item.parentId !== null && isOurs(item.author, ctx.profiles);
    },

    detectLoggedInHandle,

    /** Activity: items are expected once a row links a comment (a list of likes and follows holds none). */
    itemsExpected(doc: Document, page: string) {
      if (page !== 'notifications') return true;
      return activityRows(doc).length > 0;
    },

    composer: { editor: 'textarea', open, sendButton },

    /** Activity (mobile web's page; a panel on desktop), the Direct inbox list, and the profile grid. */
    sweepPage(kind, profile) {
      if (kind === 'notifications') return 'https://www.instagram.com/notifications/';
      if (kind === 'dms') return 'https://www.instagram.com/direct/inbox/';
      const handle = profile.trim().replace(/^@/, '');
      return USERNAME.test(handle) && !RESERVED.has(handle.toLowerCase())
        ? `https://www.instagram.com/${handle}/`
        : null;
    },

    /** Conversations of the inbox list: links to /direct/t/<id>/ (never clicked). */
    sweepThreads(doc: Document): SweepThread[] {
      const out: SweepThread[] = [];
      for (const link of doc.querySelectorAll(q.threadLink)) {
        const t = threadOf(link);
        if (t && !out.some((o) => o.id === t.id)) out.push(t);
      }
      return out;
    },

    /** The grid's tiles on one of our profiles (the URL's, or the one a tile's link names), pinned ones flagged. */
    sweepPosts(doc: Document, profiles: readonly string[]): SweepPost[] {
      const href = doc.location?.href;
      const pageOwner = href ? profileOfUrl(new URL(href)) : null;
      const out: SweepPost[] = [];
      for (const a of doc.querySelectorAll(q.gridLink)) {
        if (a.closest('[role="dialog"]')) continue;
        const m = GRID_HREF.exec(pathOf(a.getAttribute('href')));
        if (!m) continue;
        const owner = m[1] ?? pageOwner;
        if (!matchProfile(owner, profiles) || out.some((o) => o.id === m[3])) continue;
        const t = a.querySelector(q.time);
        out.push({
          id: m[3]!,
          url: `https://www.instagram.com/${m[2]!}/${m[3]!}/`,
          at: isoOrNull(t?.getAttribute('datetime') ?? null),
          pinned: a.querySelector(q.pinnedIcon) !== null,
        });
      }
      return out;
    },

    signedInAs(doc: Document) {
      return signedOut(doc) ? null : detectLoggedInHandle(doc);
    },
    signedOut,
    challenge,
    sweepExpanders,

    expected: [
      {
        fixture: 'test/fixtures/instagram/post-ours.html',
        url: 'https://www.instagram.com/p/DInLay0001a/',
        profiles: ['inlaydemo'],
        counts: {
          items: 7,
          recognised: 7,
          inbound: 6,
          own: 1,
          'kind:comment': 5,
          'kind:reply': 2,
          scope: 2,
          permalink: 7,
          time: 9,
          verified: 1,
          postHeader: 0,
          composer: 1,
          composerFallback: 1,
          navAnchor: 3,
        },
      },
      {
        fixture: 'test/fixtures/instagram/post-not-ours-dialog-es.html',
        url: 'https://www.instagram.com/p/CxPixHrb002/',
        profiles: ['inlaydemo'],
        counts: {
          items: 5,
          recognised: 5,
          inbound: 0,
          own: 1,
          'kind:comment': 3,
          'kind:reply': 2,
          scope: 4,
          permalink: 5,
          time: 7,
          verified: 0,
          postHeader: 2,
          composer: 0,
          composerFallback: 1,
          navAnchor: 3,
        },
      },
      {
        fixture: 'test/fixtures/instagram/direct-thread.html',
        url: 'https://www.instagram.com/direct/t/340282366841710300949128000000000001/',
        profiles: ['inlaydemo'],
        counts: {
          items: 6,
          recognised: 6,
          inbound: 4,
          own: 2,
          'kind:dm': 6,
          dmThread: 1,
          dmRow: 9,
          dmBubble: 6,
          dmComposer: 1,
          permalink: 0,
          threadLink: 0,
          navAnchor: 3,
        },
      },
      {
        fixture: 'test/fixtures/instagram/notifications.html',
        url: 'https://www.instagram.com/notifications/',
        profiles: ['inlaydemo'],
        counts: {
          items: 6,
          recognised: 4,
          inbound: 4,
          'kind:comment': 2,
          'kind:reply': 1,
          'kind:mention': 1,
          permalink: 6,
          time: 8,
          threadLink: 0,
          loginForm: 0,
          challenge: 0,
          navAnchor: 3,
        },
      },
    ],
  };
  return adapter;
}

export const instagram = createInstagramAdapter();
