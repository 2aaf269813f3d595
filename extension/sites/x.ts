/**
 * X (x.com, twitter.com): everything Inlay knows about the site's markup.
 *
 * Five page kinds:
 * - `status`: the focal tweet, the replies after it, and the unrelated tweets
 *   X shows under "Discover more".
 * - `notifications` (All, Verified and Mentions tabs): tweets that mention or
 *   reply to one of our profiles are `mention`s (inbound when someone else
 *   wrote them); X's aggregate notifications ("… liked your post", "…
 *   followed you", `article[data-testid="notification"]`) are not items.
 * - `dm`: one open conversation, 2025 markup (`/messages/<id>`,
 *   `messageEntry`) and 2026 X Chat markup (`/i/chat/<id>`, `dm-container`,
 *   `message-<id>` rows); each message is a `dm`, inbound when it is not ours.
 * - `inbox` (sweeps): the message inbox list, 2025 `/messages` (`conversation`
 *   rows) and 2026 `/i/chat` (`dm-conversation-item-<id>` rows), read with
 *   `sweepThreads`; it holds no items.
 * - `profile` (sweeps): a profile's Posts tab, `/<handle>`; its tweets are
 *   `post`s (never inbound), and `sweepPosts` lists ours (pinned flagged,
 *   reposts of others skipped).
 *
 * Keys are data-testid, role, href patterns, time[datetime] and, for which
 * side of a conversation a message sits on, the rendered layout; never X's
 * generated class names. See ../../../shared/SITES.md (X) for the facts.
 */
import { CapturedItem } from '../../shared/model';
import {
  compileSelectors,
  matchProfile,
  mergeSelectors,
  normHandle,
  type ExtractContext,
  type PageSpec,
  type PolicyContext,
  type SelectorPack,
  type Selectors,
  type SiteAdapter,
  type SweepPost,
  type SweepThread,
  waitForElement,
} from './types';
import { isoOrNull, readText } from './read';

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
  | 'sendButton'
  | 'notification'
  | 'handleLink'
  | 'dmThread'
  | 'dmHeader'
  | 'dmList'
  | 'dmMessage'
  | 'dmText'
  | 'dmComposer'
  | 'dmSendButton'
  | 'loginWall'
  | 'challenge'
  | 'moreReplies'
  | 'inboxRow'
  | 'inboxUnread'
  | 'socialContext'
  | 'emptyState';

/** Newest first; `seen` is when the variant was seen on the live site. */
export const X_SELECTORS: Selectors<XSelectorName> = {
  cell: [{ css: '[data-testid="cellInnerDiv"]', seen: '2026-02', note: 'one virtual-list cell per timeline row' }],
  item: [
    {
      css: '[data-testid="cellInnerDiv"] article[data-testid="tweet"]',
      seen: '2026-02',
      note: 'a tweet in a timeline or conversation cell',
    },
    {
      css: 'article[data-testid="tweet"]',
      seen: '2025-10',
      note: 'a tweet outside the virtual list (single-tweet snapshots, embeds); not the one quoted in a reply dialog',
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
  notification: [
    {
      css: 'article[data-testid="notification"]',
      seen: '2025-10',
      note: 'aggregate notification ("… liked your post", "… followed you"): never an item',
    },
  ],
  handleLink: [
    {
      css: 'a[role="link"][href^="/"]',
      seen: '2026-02',
      note: 'links whose text is "@handle": mentions in tweetText and the "Replying to" context',
    },
  ],
  dmThread: [
    { css: '[data-testid="dm-conversation-panel"]', seen: '2026-02', note: 'X Chat: the open conversation' },
    { css: '[data-testid="DmActivityContainer"]', seen: '2025-10', note: 'the open conversation (/messages/<id>)' },
    { css: '[data-testid="DMDrawer"]', seen: '2025-10', note: 'the messages drawer over other pages' },
  ],
  dmHeader: [
    {
      css: '[data-testid="dm-conversation-header"]',
      seen: '2026-02',
      note: 'names the other participant(s): profile links and avatars',
    },
    { css: '[data-testid="DM_Conversation_Avatar"]', seen: '2025-10', note: 'the participant avatar over the thread' },
    { css: '[data-testid="DMDrawerHeader"]', seen: '2025-10' },
  ],
  dmList: [
    { css: '[data-testid="dm-message-list"]', seen: '2026-02' },
    { css: '[data-testid="DmScrollerContainer"]', seen: '2025-10' },
  ],
  dmMessage: [
    {
      css: '[data-testid="dm-message-list"] [data-testid^="message-"]:not([data-testid^="message-text-"])',
      seen: '2026-02',
      note: 'one row per message; the suffix is the message id (read only when it looks like one)',
    },
    { css: '[data-testid="messageEntry"]', seen: '2025-10', note: 'one message; carries no id' },
  ],
  dmText: [
    { css: '[data-testid^="message-text-"]', seen: '2026-02' },
    { css: '[data-testid="tweetText"]', seen: '2025-10', note: 'a messageEntry writes its text like a tweet' },
  ],
  dmComposer: [
    { css: 'textarea[data-testid="dm-composer-textarea"]', seen: '2026-02', note: 'X Chat: a plain textarea' },
    { css: 'textarea[data-testid="dmComposerTextInput"]', seen: '2026-02' },
    {
      css: '[data-testid="dmComposerTextInput"][contenteditable="true"][role="textbox"]',
      seen: '2025-10',
      note: 'Draft.js editor carrying the test id itself',
    },
    { css: '[data-testid="dmComposerTextInput"] [contenteditable="true"][role="textbox"]', seen: '2025-10' },
  ],
  dmSendButton: [
    { css: '[data-testid="dm-composer-send-button"]', seen: '2026-02', note: 'shown once the box holds text' },
    { css: '[data-testid="dmComposerSendButton"]', seen: '2025-10' },
  ],
  loginWall: [
    {
      css: '[data-testid="loginButton"]',
      seen: '2026-02',
      note: 'the logged-out wall and bottom bar: "Log in" (with signupButton beside it)',
    },
    { css: 'form input[autocomplete="username"]', seen: '2026-02', note: 'the login flow (/i/flow/login)' },
    { css: '[data-testid="signupButton"]', seen: '2025-10' },
  ],
  challenge: [
    {
      css: 'iframe[src*="arkoselabs.com"], iframe#arkose_iframe',
      seen: '2026-02',
      note: 'Arkose Labs captcha (account access checks, suspicious-login checks)',
    },
    { css: 'iframe[src*="recaptcha"], iframe[title*="reCAPTCHA"]', seen: '2025-10', note: 'older reCAPTCHA check' },
    { css: 'form[action*="/account/access"]', seen: '2025-10', note: 'the "Your account has been locked" page' },
  ],
  moreReplies: [
    {
      css: '[data-testid="cellInnerDiv"] [role="button"]:not([data-testid]):not([aria-haspopup])',
      seen: '2026-02',
      note: 'a cell holding no tweet whose only button says "Show more replies" / "Show probable spam" (text checked too)',
    },
  ],
  /* The sweep's list pages (docs/sweeps.md), from what open-source X Chat / DM scrapers key on
     (2025–2026): `dm-conversation-item-<id>` rows whose aria-description ends in "unread" and that
     show a filled-circle icon when unread; 2025 `conversation` rows linking to /messages/<id>;
     `socialContext` ("Pinned", "… reposted") over profile tweets. Not re-checked live for Inlay. */
  inboxRow: [
    {
      css: '[data-testid^="dm-conversation-item-"]',
      seen: '2026-02',
      note: 'X Chat (/i/chat) inbox row; the suffix names the conversation (`<user id>:<user id>`, or `g<id>` for a group)',
    },
    {
      css: '[data-testid="conversation"]',
      seen: '2025-10',
      note: '/messages inbox row holding a link to /messages/<id>',
    },
  ],
  inboxUnread: [
    { css: '[data-icon="icon-circle-fill"]', seen: '2026-02', note: 'X Chat: the unread dot in a row' },
    {
      css: '[data-testid*="unread"]',
      seen: '2025-10',
      note: 'an unread badge; the row\'s aria-description/aria-label ending in "unread" is checked too',
    },
  ],
  socialContext: [
    {
      css: '[data-testid="socialContext"]',
      seen: '2026-02',
      note: 'the line over a timeline tweet: "Pinned", "<name> reposted" (words checked)',
    },
  ],
  emptyState: [
    {
      css: '[data-testid="emptyState"]',
      seen: '2025-10',
      note: 'a timeline with nothing in it ("@… hasn\'t posted")',
    },
  ],
};

/** A row label ("Name, @handle, preview, 9:13 AM, unread") whose last part says it is unread. */
const UNREAD_LABEL = /(?:^|,)\s*unread\s*$/i;
/** What a profile tweet's social context says when it is the pinned one (English UI). */
const PINNED_TEXT = /\bpinned\b/i;

/** What a "show more replies" cell says (its button carries no test id; the words are checked as well). */
const MORE_REPLIES_TEXT = /^show (?:more |additional |hidden )?(?:replies|probable spam)$/i;

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
  'bookmarks',
  'communities',
]);

const HANDLE = /^\w{1,15}$/;
const STATUS_PATH = /^\/(\w{1,15})\/status(?:es)?\/(\d{1,25})(?:\/(?:photo|video)\/\d{1,2})?\/?$/;
const ANON_STATUS_PATH = /^\/i\/(?:web\/)?status\/(\d{1,25})\/?$/;
const STATUS_HREF = /^\/(\w{1,15})\/status(?:es)?\/(\d{1,25})(?=$|[/?#])/;
const HANDLE_HREF = /^\/(\w{1,15})(?=$|[/?#])/;
/** An @mention in text: not part of a word or an e-mail address. */
const MENTION = /(?:^|[^\w@])@(\w{1,15})(?!\w)/g;
const MESSAGE_TESTID = /^message-([0-9A-Za-z][0-9A-Za-z_:.=-]{0,99})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
      'https://x.com/messages/1500000000000000001-1500000000000000002',
      'https://x.com/i/chat/1500000000000000001-1500000000000000003',
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

const NOTIFICATIONS_PATH = /^\/notifications(?:\/(mentions|verified))?\/?$/;
/** 2025: `/messages/<a>-<b>` (one to one: both user ids) or `/messages/<group id>`. */
const MESSAGES_PATH = /^\/messages\/(\d{1,25}(?:-\d{1,25})?)\/?$/;
/** 2026 X Chat: `/i/chat/<a>-<b>`, or a group's `g<id>`. */
const CHAT_PATH = /^\/i\/chat\/(\d{1,25}(?:-\d{1,25})?|g\d{1,25})\/?$/;

/** Which notifications tab a URL shows, or null. */
export function notificationsTabOfUrl(url: URL): 'all' | 'mentions' | 'verified' | null {
  if (!isXHost(url)) return null;
  const m = NOTIFICATIONS_PATH.exec(url.pathname);
  if (!m) return null;
  return (m[1] as 'mentions' | 'verified' | undefined) ?? 'all';
}

/** The conversation a URL shows: its id, and which markup generation's URL it is. */
export function conversationOfUrl(url: URL): { id: string; path: string } | null {
  if (!isXHost(url)) return null;
  const old = MESSAGES_PATH.exec(url.pathname);
  if (old) return { id: old[1]!, path: `/messages/${old[1]!}` };
  const chat = CHAT_PATH.exec(url.pathname);
  return chat ? { id: chat[1]!, path: `/i/chat/${chat[1]!}` } : null;
}

const OTHER_SITES = [
  'https://www.linkedin.com/messaging/thread/2-YmM3NGRmZTAtZjAwZi00ZjM3LWE0N2QtOTE3ZmQ2ZDkxMmE4XzAxMA==/',
  'https://www.youtube.com/watch?v=aaaaaaaaaaa&lc=Ugx',
  'https://www.reddit.com/message/messages/abc123',
  'https://www.facebook.com/messages/t/1234567890',
  'https://www.instagram.com/direct/t/1234567890/',
  'https://www.tiktok.com/messages?lang=en',
];

const notifications: PageSpec = {
  test: (url) => notificationsTabOfUrl(url) !== null,
  // an All tab may hold only likes and follows, and a Mentions tab may be empty: see itemsExpected
  expectsItems: true,
  examples: {
    accept: [
      'https://x.com/notifications',
      'https://x.com/notifications/',
      'https://x.com/notifications/mentions',
      'https://x.com/notifications/mentions/',
      'https://x.com/notifications/verified',
      'https://twitter.com/notifications/mentions',
      'https://mobile.x.com/notifications',
      'https://x.com/notifications/mentions?lang=en',
    ],
    reject: [
      'https://x.com/home',
      'https://x.com/inlaydemo/status/1900000000000000100',
      'https://x.com/messages/1500000000000000001-1500000000000000002',
      'https://x.com/i/chat/1500000000000000001-1500000000000000003',
      'https://x.com/settings/notifications',
      'https://x.com/notifications/mentions/extra',
      'https://x.com/notificationsx',
      'https://x.com/i/notifications',
      'https://x.com/inlaydemo/notifications',
      'https://x.com/messages',
      'https://x.com/inlaydemo',
      'http://x.com/notifications',
      'https://x.com.evil.example/notifications',
      ...OTHER_SITES,
    ],
  },
};

const dm: PageSpec = {
  test: (url) => conversationOfUrl(url) !== null,
  expectsItems: true,
  examples: {
    accept: [
      'https://x.com/messages/1500000000000000001-1500000000000000002',
      'https://x.com/messages/1500000000000000001-1500000000000000002/',
      'https://x.com/messages/1600000000000000009',
      'https://twitter.com/messages/1500000000000000001-1500000000000000002',
      'https://mobile.x.com/messages/1500000000000000001-1500000000000000002',
      'https://x.com/i/chat/1500000000000000001-1500000000000000003',
      'https://x.com/i/chat/1500000000000000001-1500000000000000003?s=1',
      'https://x.com/i/chat/g1600000000000000009',
    ],
    reject: [
      'https://x.com/messages',
      'https://x.com/messages/',
      'https://x.com/messages/requests',
      'https://x.com/messages/compose',
      'https://x.com/messages/settings',
      'https://x.com/messages/1500000000000000001-1500000000000000002/info',
      'https://x.com/i/chat',
      'https://x.com/i/chat/',
      'https://x.com/i/chat/new',
      'https://x.com/i/chat/1500000000000000001-1500000000000000003/info',
      'https://x.com/notifications',
      'https://x.com/notifications/mentions',
      'https://x.com/inlaydemo/status/1900000000000000100',
      'https://x.com/inlaydemo/messages/1500000000000000001-1500000000000000002',
      'https://x.com/inlaydemo',
      'http://x.com/messages/1500000000000000001-1500000000000000002',
      'https://x.com.evil.example/messages/1500000000000000001-1500000000000000002',
      ...OTHER_SITES,
    ],
  },
};

/** The message inbox list: 2025 `/messages`, 2026 X Chat `/i/chat` (read with sweepThreads; it holds no items). */
const INBOX_PATH = /^\/(?:messages|i\/chat)\/?$/;

/** Is this URL a message inbox list (not a conversation)? */
export function isInboxUrl(url: URL): boolean {
  return isXHost(url) && INBOX_PATH.test(url.pathname);
}

const inbox: PageSpec = {
  test: isInboxUrl,
  // the list's rows are conversations, not items: sweepThreads reads them
  expectsItems: false,
  examples: {
    accept: [
      'https://x.com/i/chat',
      'https://x.com/i/chat/',
      'https://x.com/messages',
      'https://x.com/messages/',
      'https://twitter.com/messages',
      'https://mobile.x.com/i/chat',
      'https://x.com/i/chat?lang=en',
    ],
    reject: [
      'https://x.com/i/chat/1500000000000000001-1500000000000000003',
      'https://x.com/i/chat/g1600000000000000009',
      'https://x.com/messages/1500000000000000001-1500000000000000002',
      'https://x.com/messages/requests',
      'https://x.com/messages/settings',
      'https://x.com/i/chat/new',
      'https://x.com/inlaydemo/messages',
      'https://x.com/notifications',
      'https://x.com/inlaydemo/status/1900000000000000100',
      'https://x.com/inlaydemo',
      'http://x.com/messages',
      'https://x.com.evil.example/i/chat',
      ...OTHER_SITES,
    ],
  },
};

/** A profile's main timeline, `/<handle>` (its Posts tab; not /with_replies, /media, /likes). */
const PROFILE_PATH = /^\/(\w{1,15})\/?$/;

/** The handle of the profile a URL shows (its Posts tab), or null. */
export function profileOfUrl(url: URL): string | null {
  if (!isXHost(url)) return null;
  const m = PROFILE_PATH.exec(url.pathname);
  return m && !RESERVED.has(m[1]!.toLowerCase()) ? m[1]! : null;
}

const profile: PageSpec = {
  test: (url) => profileOfUrl(url) !== null,
  // its tweets are read as posts; a profile that never posted shows X's empty state (see itemsExpected)
  expectsItems: true,
  examples: {
    accept: [
      'https://x.com/inlaydemo',
      'https://x.com/inlaydemo/',
      'https://twitter.com/Inlay_Demo',
      'https://mobile.x.com/inlaydemo',
      'https://x.com/inlaydemo?lang=en',
    ],
    reject: [
      'https://x.com/home',
      'https://x.com/explore',
      'https://x.com/settings',
      'https://x.com/notifications',
      'https://x.com/messages',
      'https://x.com/i/chat',
      'https://x.com/i/chat/1500000000000000001-1500000000000000003',
      'https://x.com/inlaydemo/with_replies',
      'https://x.com/inlaydemo/media',
      'https://x.com/inlaydemo/likes',
      'https://x.com/inlaydemo/status/1900000000000000100',
      'https://x.com/this_handle_is_too_long',
      'https://x.com/not-a-handle',
      'http://x.com/inlaydemo',
      'https://x.com.evil.example/inlaydemo',
      ...OTHER_SITES,
    ],
  },
};

const PAGES = { status, notifications, dm, inbox, profile } as const;

/* ------------------------------------------------------------------- reading */

type Role = 'focal' | 'reply' | 'ancestor' | 'other';

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

/** A short deterministic hash of a message's text (FNV-1a, 32 bits, base 36), for ids X does not give. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** A flexbox placement value as a side: end (sent) or start (received); `reversed` for row-reverse. */
function placement(value: string, reversed: boolean): 'start' | 'end' | null {
  const end = value === 'flex-end' || value === 'end' || value === 'self-end';
  const start = value === 'flex-start' || value === 'start' || value === 'self-start';
  if (!end && !start) return null;
  return end !== reversed ? 'end' : 'start';
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

  /* ---- tweets: status pages and the notifications timeline ---- */

  function extractTweet(el: Element, ctx: ExtractContext): CapturedItem | null {
    const link = permalinkOf(el);
    if (!link) return null; // promoted posts have no permalink: not an item
    const author = authorOf(el, link.handle);
    const textEl = ownFirst(el, q.text) ?? ownFirst(el, q.articleTitle);
    if (ctx.page === 'notifications') return notificationTweet(el, ctx, link, author, textEl);
    const role = ctx.page === 'status' ? roleOf(el, link.id, ctx) : 'other';
    if (role === 'focal') ctx.memo.set('focalAuthor', author.handle);
    const focal = statusOfUrl(ctx.url);
    const isReply = role === 'reply' && focal !== null;
    const profile =
      role === 'focal' || isReply
        ? matchProfile(focalAuthor(ctx), ctx.profiles)
        : matchProfile(author.handle, ctx.profiles);
    return parse({
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
    });
  }

  /**
   * The handles a tweet addresses, in order: its "Replying to @…" context and
   * the @mentions in its text (never those of a quoted tweet, nor the
   * author's own @handle).
   */
  function addressedHandles(article: Element, textEl: Element | null): string[] {
    const out: string[] = [];
    for (const a of ownAll(article, q.handleLink)) {
      if (a.closest(q.userName)) continue;
      const h = handleFromHref(a.getAttribute('href'));
      const label = readText(a).trim();
      if (h && label.startsWith('@') && normHandle(label) === h.toLowerCase()) out.push(h);
    }
    if (textEl) for (const m of readText(textEl).matchAll(MENTION)) out.push(m[1]!);
    return out;
  }

  /**
   * A tweet in the notifications timeline: a `mention` of the first of our
   * profiles it addresses. On the Mentions tab X lists only tweets that
   * mention the signed-in account, so one whose reply context hides it ("and
   * 2 others") still counts for that account. Anything else is a `post`.
   * The page shows no conversation ids: parent and thread stay unknown.
   */
  function notificationTweet(
    el: Element,
    ctx: ExtractContext,
    link: { id: string; datetime: string | null },
    author: ReturnType<typeof authorOf>,
    textEl: Element | null,
  ): CapturedItem | null {
    let mentioned: string | null = null;
    for (const h of addressedHandles(el, textEl)) {
      mentioned = matchProfile(h, ctx.profiles);
      if (mentioned) break;
    }
    if (!mentioned && notificationsTabOfUrl(ctx.url) === 'mentions' && !matchProfile(author.handle, ctx.profiles))
      mentioned = ourAccount(el.ownerDocument, ctx)?.profile ?? null;
    return parse({
      platform: 'x' as const,
      nativeId: link.id,
      kind: mentioned ? ('mention' as const) : ('post' as const),
      profile: mentioned ?? matchProfile(author.handle, ctx.profiles),
      author,
      text: textEl ? readText(textEl).trim().slice(0, 20_000) : '',
      permalink: `https://x.com/${author.handle}/status/${link.id}`,
      siteTimestamp: isoOrNull(link.datetime),
      parentId: null,
      threadId: null,
      lang: textEl?.getAttribute('lang')?.slice(0, 16) ?? null,
    });
  }

  /** Which of our profiles is signed in on this page: the logged-in account when it is ours, else the only profile. */
  function ourAccount(doc: Document, ctx: ExtractContext): { profile: string; handle: string } | null {
    const logged = ctx.memo.get('me') ?? detectLoggedInHandle(doc);
    if (logged) ctx.memo.set('me', logged);
    const mine = matchProfile(logged, ctx.profiles);
    if (logged) return mine ? { profile: mine, handle: logged } : null;
    const only = ctx.profiles.length === 1 ? ctx.profiles[0]! : null;
    return only ? { profile: only, handle: normHandle(only) } : null;
  }

  /* ---- direct messages ---- */

  /** The message id a 2026 row carries in its test id (`message-<id>`), or null. */
  function messageIdOf(row: Element): string | null {
    const m = MESSAGE_TESTID.exec(row.getAttribute('data-testid') ?? '');
    if (!m) return null;
    const id = m[1]!;
    return UUID.test(id) || /^\d{1,25}$/.test(id) || !/^[a-z]+-/.test(id) ? id : null;
  }

  /** A message row: a 2025 `messageEntry`, or a 2026 `message-<id>` row (not one of its parts). */
  function isMessageRow(el: Element): boolean {
    return messageIdOf(el) !== null || !(el.getAttribute('data-testid') ?? '').startsWith('message-');
  }

  /** The message row `el` sits in, if any. */
  function enclosingRow(el: Element): Element | null {
    let n = el.parentElement?.closest(q.dmMessage) ?? null;
    while (n && !isMessageRow(n)) n = n.parentElement?.closest(q.dmMessage) ?? null;
    return n;
  }

  /** Handles an element names: profile links and avatars (X's `UserAvatar-Container-unknown` names nobody). */
  function handlesIn(el: Element, within: Element, skip: Element | null): string[] {
    const out: string[] = [];
    const add = (h: string | null) => {
      if (h && h.toLowerCase() !== 'unknown' && !out.some((o) => normHandle(o) === h.toLowerCase())) out.push(h);
    };
    for (const n of [el, ...Array.from(el.querySelectorAll(`${q.avatar}, a[href]`))]) {
      if ((skip && skip.contains(n)) || (n !== within && !isOwn(n, within))) continue;
      if (n.matches(q.avatar)) add(n.getAttribute('data-testid')!.replace(/^UserAvatar-Container-/, '') || null);
      else if (n.localName === 'a') add(handleFromHref(n.getAttribute('href')));
    }
    return out.filter((h) => HANDLE.test(h));
  }

  /** The other participants named over the thread, and the display names its profile links show. */
  function participantsOf(scope: Element | Document, ctx: ExtractContext) {
    const handles: string[] = [];
    for (const header of scope.querySelectorAll(q.dmHeader)) {
      for (const h of handlesIn(header, header, null))
        if (!matchProfile(h, ctx.profiles) && !handles.some((o) => normHandle(o) === h.toLowerCase())) handles.push(h);
    }
    // a name is the text of a plain profile link (not an avatar, not a profile card, not message text)
    const names = new Map<string, string>();
    for (const a of scope.querySelectorAll('a[href]')) {
      if (a.closest(q.dmText) || a.querySelector(q.avatar)) continue;
      const h = handleFromHref(a.getAttribute('href'));
      const label = readText(a).trim();
      if (h && label && !label.startsWith('@') && !names.has(h.toLowerCase()))
        names.set(h.toLowerCase(), label.slice(0, 256));
    }
    return { handles, names };
  }

  /**
   * Which side of the conversation a message is drawn on, from the rendered
   * layout: the first element from the row down to its text that places its
   * content at the end (`justify-content`/`align-items`/`align-self`
   * flex-end, flipped for *-reverse) is the sent side, at the start the
   * received side. Only where the page is laid out (a browser); null
   * otherwise, or when nothing on that path says.
   */
  function sideOf(row: Element, textEl: Element | null): 'start' | 'end' | null {
    const view = row.ownerDocument.defaultView;
    if (!view || typeof view.getComputedStyle !== 'function') return null;
    const path: Element[] = [];
    for (let n = textEl?.parentElement ?? null; n && n !== row && row.contains(n); n = n.parentElement) path.push(n);
    path.push(row);
    path.reverse();
    for (const n of path) {
      const cs = view.getComputedStyle(n);
      const parent = n.parentElement ? view.getComputedStyle(n.parentElement) : null;
      if (parent && /flex/.test(parent.display) && parent.flexDirection.startsWith('column')) {
        const self = placement(cs.alignSelf, false);
        if (self) return self;
      }
      if (/flex/.test(cs.display)) {
        const dir = cs.flexDirection || 'row';
        const value = dir.startsWith('column') ? cs.alignItems : cs.justifyContent;
        const side = placement(value, dir.startsWith('row') && dir.endsWith('reverse'));
        if (side) return side;
      }
    }
    return null;
  }

  /** The sender a row names itself (group chats, and the avatar X draws under a run of received messages). */
  function senderInRow(row: Element, textEl: Element | null): string | null {
    return handlesIn(row, row, textEl)[0] ?? null;
  }

  function messageText(row: Element): string {
    const textEl = row.querySelector(q.dmText);
    return textEl ? readText(textEl).trim().slice(0, 20_000) : '';
  }

  function fallbackId(row: Element, conv: string, text: string): string {
    const hash = hashText(text);
    let n = 1;
    for (const other of (row.closest(q.dmList) ?? row.ownerDocument).querySelectorAll(q.dmMessage)) {
      if (other === row) break;
      if (!messageIdOf(other) && hashText(messageText(other)) === hash) n += 1;
    }
    return `dm:${conv}:${hash}${n > 1 ? `:${n}` : ''}`;
  }

  /**
   * One message of the open conversation. Its id is the row's own message id
   * where X gives one (2026); 2025 rows carry none, so it is
   * `dm:<conversation>:<hash of the text>`, with `:<n>` for the n-th message
   * of the same text in the list. The time is left out on purpose: X shows it
   * only under the last message of a run and moves it when the run grows, so
   * an id holding it would change. The author is whoever the row names, else
   * by side: the sent side is our signed-in account, the received side the
   * other participant of a one-to-one thread (null in a group when the row
   * names nobody). When the side cannot be told the message is still read,
   * with no profile, so it is never taken for inbound or for ours.
   */
  function extractMessage(row: Element, ctx: ExtractContext): CapturedItem | null {
    const conv = conversationOfUrl(ctx.url);
    if (!conv) return null;
    const textEl = row.querySelector(q.dmText);
    const text = messageText(row);
    const siteTimestamp = isoOrNull(row.querySelector(q.time)?.getAttribute('datetime') ?? null);
    const nativeId = messageIdOf(row) ?? fallbackId(row, conv.id, text);
    const scope = row.closest(q.dmThread) ?? row.ownerDocument;
    const people = participantsOf(scope, ctx);
    const me = ourAccount(row.ownerDocument, ctx);
    const named = senderInRow(row, textEl);
    const side = named ? null : sideOf(row, textEl);
    let fromUs: boolean | null = null;
    let handle: string | null = null;
    if (named) {
      fromUs = matchProfile(named, ctx.profiles) !== null;
      handle = named;
    } else if (side === 'end') {
      fromUs = true;
      handle = me?.handle ?? null;
    } else if (side === 'start') {
      fromUs = false;
      handle = people.handles.length === 1 ? people.handles[0]! : null;
    }
    return parse({
      platform: 'x' as const,
      nativeId,
      kind: 'dm' as const,
      profile: fromUs === null ? null : (me?.profile ?? null),
      author: {
        handle,
        name: handle && !fromUs ? (people.names.get(handle.toLowerCase()) ?? null) : null,
        url: handle ? `https://x.com/${handle}` : null,
      },
      text,
      permalink: `https://x.com${conv.path}`,
      siteTimestamp,
      parentId: null,
      threadId: conv.id,
      lang: textEl?.getAttribute('lang')?.slice(0, 16) ?? null,
    });
  }

  function parse(item: CapturedItem): CapturedItem | null {
    const parsed = CapturedItem.safeParse(item);
    return parsed.success ? parsed.data : null;
  }

  function extract(el: Element, ctx: ExtractContext): CapturedItem | null {
    try {
      if (el.matches(q.dmMessage)) return ctx.page === 'dm' ? extractMessage(el, ctx) : null;
      return extractTweet(el, ctx);
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

  function collect(root: ParentNode, sel: string): Element[] {
    const found: Element[] = [];
    const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
    if (rootEl?.matches(sel)) found.push(rootEl);
    for (const el of root.querySelectorAll(sel)) found.push(el);
    return found;
  }

  /* ---- the message inbox list (sweeps) ---- */

  /**
   * The conversation an inbox row opens: the row's own link where it has one
   * (2025 rows link to /messages/<id>), else its X Chat test id: `<a>:<b>` (the
   * two user ids, /i/chat/<a>-<b>), `g<id>` (a group), or `<user id>:<a>-<b>`.
   */
  function conversationOfRow(row: Element): { id: string; path: string } | null {
    for (const a of [row, ...Array.from(row.querySelectorAll('a[href]'))]) {
      const path = pathOf(a.getAttribute('href'));
      if (!path) continue;
      try {
        const conv = conversationOfUrl(new URL(path, 'https://x.com'));
        if (conv) return conv;
      } catch {
        // not a URL: try the next link
      }
    }
    const suffix = /^dm-conversation-item-(.{1,80})$/.exec(row.getAttribute('data-testid') ?? '')?.[1] ?? '';
    const pair = /^(\d{1,25}):(\d{1,25})$/.exec(suffix);
    const withConv = /^\d{1,25}:(\d{1,25}-\d{1,25})$/.exec(suffix);
    const id = pair
      ? `${pair[1]!}-${pair[2]!}`
      : withConv
        ? withConv[1]!
        : /^(?:g\d{1,25}|\d{1,25})$/.test(suffix)
          ? suffix
          : null;
    return id ? { id, path: `/i/chat/${id}` } : null;
  }

  /** The row shows it unread: X Chat's dot, an unread badge, or a label whose last part is "unread". */
  function isUnreadRow(row: Element): boolean {
    if (row.querySelector(q.inboxUnread)) return true;
    for (const el of [row, ...Array.from(row.querySelectorAll('[role="option"], [role="tab"], a[href]'))]) {
      for (const attr of ['aria-description', 'aria-label'])
        if (UNREAD_LABEL.test(el.getAttribute(attr) ?? '')) return true;
    }
    return false;
  }

  /**
   * The row's preview of the last message: its text after the time (name,
   * @handle and time come first in both generations); without a time, the
   * text after the @handle, else after the name. Badges and icons are skipped.
   */
  function previewOfRow(row: Element): string {
    const before: string[] = [];
    const after: string[] = [];
    let passedTime = false;
    const walk = (node: Element): void => {
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          const t = (c.nodeValue ?? '').trim();
          if (t && t !== '·') (passedTime ? after : before).push(t);
        } else if (c.nodeType === 1) {
          const e = c as Element;
          if (e.matches(q.time)) {
            passedTime = true;
            continue;
          }
          if (/^(?:svg|script|style|template|noscript)$/.test(e.localName)) continue;
          if (e.getAttribute('aria-hidden') === 'true' || e.matches(q.inboxUnread)) continue;
          if (e.localName === 'img') {
            const alt = e.getAttribute('alt')?.trim();
            if (alt) (passedTime ? after : before).push(alt);
          } else walk(e);
        }
      }
    };
    walk(row);
    let parts = after;
    if (!passedTime) {
      const at = before.findIndex((t) => /^@\w{1,15}$/.test(t));
      parts = before.slice(at >= 0 ? at + 1 : 1);
    }
    return parts
      .filter((t) => !/^unread$/i.test(t))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 2000);
  }

  const adapter: SiteAdapter<XSelectorName> = {
    platform: 'x',
    hosts: X_HOSTS,
    matches: X_MATCHES,
    pages: PAGES,
    pageKind(url) {
      for (const [kind, spec] of Object.entries(PAGES)) if (spec.test(url)) return kind;
      return null;
    },
    selectors,
    withSelectors: (override: SelectorPack) => createXAdapter(mergeSelectors(selectors, override)),

    findItems(root) {
      // one query, in document order; then: a quoted tweet rendered as a nested item belongs to its
      // outer tweet, a tweet shared into a message belongs to the message, aggregate notifications
      // are not items, and a message row's parts (or a row inside a row) are not rows of their own
      return collect(root, `${q.item}, ${q.dmMessage}`).filter((el) =>
        el.matches(q.dmMessage)
          ? isMessageRow(el) && enclosingRow(el) === null
          : !el.parentElement?.closest(q.item) &&
            !el.closest(q.notification) &&
            !el.closest(q.dialog) &&
            enclosingRow(el) === null,
      );
    },

    extract,

    actionRow(el) {
      if (el.matches(q.dmMessage)) return null; // messages have no action row until hovered
      const rows = ownAll(el, q.actionRow);
      const withReply = rows.filter((r) => r.querySelector(q.replyButton));
      return withReply.at(-1) ?? rows.at(-1) ?? null;
    },

    composer: {
      editor: 'draftjs',
      /** Draft.js on status pages and 2025 messages; X Chat (2026) writes into a textarea. */
      kindOf: (editor) => (editor.localName === 'textarea' ? 'textarea' : 'draftjs'),
      /**
       * A message answers in its conversation's box (nothing to click). The
       * focal tweet answers in the page's inline box; any other tweet's
       * Reply opens X's modal with its own box. Only the item's own Reply is
       * clicked; nothing is ever sent.
       */
      async open(el, timeoutMs = 3000) {
        const doc = el.ownerDocument;
        if (el.matches(q.dmMessage)) {
          const thread = el.closest(q.dmThread);
          return waitForElement(
            doc,
            () => thread?.querySelector(q.dmComposer) ?? doc.querySelector(q.dmComposer),
            timeoutMs,
          );
        }
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
        if (editor.matches(q.dmComposer)) {
          const thread = editor.closest(q.dmThread);
          return thread?.querySelector(q.dmSendButton) ?? editor.ownerDocument.querySelector(q.dmSendButton);
        }
        const scope = editor.closest(q.dialog) ?? editor.ownerDocument;
        return scope.querySelector(q.sendButton);
      },
    },

    /**
     * Our own answers: a reply from one of our profiles on a status page; our
     * messages in a conversation (no parent: run-site credits the nearest
     * inbound message above).
     */
    flatThreads: true,

    isOwnReply(item: CapturedItem, ctx: PolicyContext) {
      const ours = matchProfile(item.author.handle, ctx.profiles) !== null;
      if (ctx.page === 'status') return item.kind === 'reply' && ours;
      if (ctx.page === 'dm') return item.kind === 'dm' && ours;
      return false;
    },

    /** Replies to our tweets, mentions of our profiles and messages to us, written by someone else. */
    isInbound(item: CapturedItem, ctx: PolicyContext) {
      const wants: Partial<Record<keyof typeof PAGES, CapturedItem['kind']>> = {
        status: 'reply',
        notifications: 'mention',
        dm: 'dm',
      };
      // the inbox list holds no items; a profile's tweets are posts (ours, or reposts of others)
      const want = wants[ctx.page as keyof typeof PAGES];
      if (!want || item.kind !== want || item.profile === null) return false;
      return matchProfile(item.author.handle, ctx.profiles) === null;
    },

    /**
     * Notifications: items are expected once the timeline shows a cell with
     * an article that is not an aggregate notification (so an empty Mentions
     * tab, or an All tab of likes and follows, is not "unreadable"). Status
     * and conversation pages should show items at once.
     */
    itemsExpected(doc: Document, page: string) {
      if (page === 'profile') return doc.querySelector(q.emptyState) === null;
      if (page !== 'notifications') return true;
      for (const a of doc.querySelectorAll(`${q.cell} article`)) if (!a.closest(q.notification)) return true;
      return false;
    },

    detectLoggedInHandle,

    /**
     * Notifications: the All tab. Message inbox: the 2026 X Chat list (`/i/chat`); the 2025
     * `/messages` list is read the same way where an account still has it. Posts: the profile's
     * main timeline, which lists its own posts, its pinned one and its reposts (skipped).
     */
    sweepPage(kind, profile) {
      if (kind === 'notifications') return 'https://x.com/notifications';
      if (kind === 'dms') return 'https://x.com/i/chat';
      const handle = normHandle(profile);
      return HANDLE.test(handle) && !RESERVED.has(handle) ? `https://x.com/${handle}` : null;
    },

    sweepThreads(doc) {
      const out: SweepThread[] = [];
      for (const row of doc.querySelectorAll(q.inboxRow)) {
        if (row.parentElement?.closest(q.inboxRow)) continue; // a row's part, never a row of its own
        const conv = conversationOfRow(row);
        if (!conv || out.some((t) => t.id === conv.id)) continue;
        out.push({
          id: conv.id,
          url: `https://x.com${conv.path}`,
          unread: isUnreadRow(row),
          at: isoOrNull(row.querySelector(q.time)?.getAttribute('datetime') ?? null),
          preview: previewOfRow(row),
        });
      }
      return out;
    },

    sweepPosts(doc, profiles) {
      const out: SweepPost[] = [];
      for (const el of adapter.findItems(doc)) {
        if (el.matches(q.dmMessage)) continue;
        const link = permalinkOf(el);
        if (!link) continue; // promoted: no permalink
        // a repost shows the original's author and permalink: someone else's post, not ours
        const author = authorOf(el, link.handle);
        if (!matchProfile(author.handle, profiles) || out.some((p) => p.id === link.id)) continue;
        const context = ownFirst(el, q.socialContext);
        out.push({
          id: link.id,
          url: `https://x.com/${author.handle}/status/${link.id}`,
          at: isoOrNull(link.datetime),
          pinned: context !== null && PINNED_TEXT.test(readText(context)),
        });
      }
      return out;
    },

    signedInAs(doc) {
      if (adapter.signedOut?.(doc)) return null;
      // the account switcher names the account; the Profile tab is a fallback
      return detectLoggedInHandle(doc);
    },

    signedOut(doc) {
      if (/^\/(?:i\/flow\/login|login|i\/flow\/signup)(?:\/|$)/.test(doc.location?.pathname ?? '')) return true;
      return doc.querySelector(q.accountAvatar) === null && doc.querySelector(q.loginWall) !== null;
    },

    challenge(doc) {
      if (/^\/account\/access(?:\/|$)/.test(doc.location?.pathname ?? '')) return true;
      return doc.querySelector(q.challenge) !== null;
    },

    /** "Show more replies" cells: a cell with no tweet in it, whose button says only that (never a like or a follow). */
    sweepExpanders(doc) {
      const out: Element[] = [];
      for (const b of doc.querySelectorAll(q.moreReplies)) {
        const cell = b.closest(q.cell);
        if (!cell || cell.querySelector('article') || b.closest('article')) continue;
        const words = (b.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (MORE_REPLIES_TEXT.test(words)) out.push(b);
      }
      return out;
    },

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
      {
        fixture: 'test/fixtures/x/notifications-all.html',
        url: 'https://x.com/notifications',
        profiles: ['inlaydemo'],
        counts: {
          items: 3,
          recognised: 3,
          inbound: 2,
          'kind:mention': 2,
          'kind:post': 1,
          cell: 6,
          item: 3,
          notification: 3,
          userName: 4,
          text: 4,
          actionRow: 3,
          replyButton: 3,
          accountAvatar: 1,
          dmMessage: 0,
        },
      },
      {
        fixture: 'test/fixtures/x/notifications-mentions.html',
        url: 'https://x.com/notifications/mentions',
        profiles: ['inlaydemo', 'inlayhelp'],
        counts: {
          items: 5,
          recognised: 5,
          inbound: 4,
          'kind:mention': 5,
          cell: 5,
          item: 5,
          notification: 0,
          userName: 5,
          verified: 1,
          text: 5,
          replyButton: 5,
          accountAvatar: 1,
        },
      },
      {
        fixture: 'test/fixtures/x/profile.html',
        url: 'https://x.com/inlaydemo',
        profiles: ['inlaydemo'],
        counts: {
          items: 5,
          recognised: 4,
          inbound: 0,
          'kind:post': 4,
          cell: 6,
          item: 5,
          socialContext: 2,
          replyButton: 5,
          accountAvatar: 1,
          emptyState: 0,
          inboxRow: 0,
          dmMessage: 0,
        },
      },
      {
        fixture: 'test/fixtures/x/dm-thread-2025.html',
        url: 'https://x.com/messages/1500000000000000001-1500000000000000002',
        profiles: ['inlaydemo'],
        counts: {
          items: 5,
          recognised: 5,
          inbound: 3,
          'kind:dm': 5,
          dmThread: 1,
          dmHeader: 3,
          dmList: 1,
          dmMessage: 5,
          dmText: 5,
          dmComposer: 1,
          dmSendButton: 1,
          item: 0,
          composer: 0,
          accountAvatar: 1,
        },
      },
      {
        fixture: 'test/fixtures/x/dm-chat-2026.html',
        url: 'https://x.com/i/chat/1500000000000000001-1500000000000000003',
        profiles: ['inlaydemo'],
        counts: {
          items: 6,
          recognised: 6,
          inbound: 4,
          'kind:dm': 6,
          dmThread: 1,
          dmHeader: 1,
          dmList: 1,
          dmMessage: 6,
          dmText: 6,
          dmComposer: 1,
          dmSendButton: 1,
          item: 0,
          accountAvatar: 1,
        },
      },
    ],
  };
  return adapter;
}

export const x = createXAdapter();
