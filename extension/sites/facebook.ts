/**
 * Facebook (www.facebook.com): everything Inlay knows about the site's markup.
 *
 * This adapter reads post pages (a Page's or a person's post, a group post, a
 * photo or video with its comments). Facebook's classes are generated and
 * change with every build; the keys are roles, aria attributes, a few data-*
 * attributes and the `comment_id=` / `reply_comment_id=` links (SITES.md,
 * Facebook).
 *
 * - A comment is a `role="article"` that holds its own `comment_id=` link: in
 *   English its aria-label starts "Comment by" / "Reply by", but the label is
 *   translated, so any article nested in the post (the outer, label-less
 *   article) that carries such a link counts too.
 * - Ids: `comment_id` appears as the numeric id (on the time link) or as
 *   base64 of `comment:<post>_<comment>` (on the profile links); replies add
 *   `reply_comment_id`. nativeId is the comment's own number, parentId the
 *   `comment_id` of a reply, threadId the post's number.
 * - Replies are rendered after their comment, outside its article, so when a
 *   reply shows no `reply_comment_id` its parent is the nearest comment before it.
 * - Times: the page shows only "2d"; the exact time is a hover tooltip that is
 *   not in the DOM, so siteTimestamp is null.
 */
import { CapturedItem } from '../../shared/model';
import { sweepTextHash } from '../../shared/sweeps';
import {
  firstByEntry,
  compileSelectors,
  matchProfile,
  mergeSelectors,
  waitForElement,
  type ExtractContext,
  type PageSpec,
  type PolicyContext,
  type SelectorPack,
  type Selectors,
  type SiteAdapter,
  type SweepPost,
  type SweepThread,
} from './types';
import { click, focus, isoOrNull, readText as readAll } from './read';

/* ------------------------------------------------------------------ selectors */

export type FacebookSelectorName =
  | 'item'
  | 'post'
  | 'postAuthor'
  | 'permalink'
  | 'body'
  | 'line'
  | 'linkCard'
  | 'actionRow'
  | 'button'
  | 'composer'
  | 'sendButton'
  | 'notificationLink'
  | 'notificationRow'
  | 'notificationName'
  | 'threadLink'
  | 'threadRow'
  | 'profilePost'
  | 'pinnedMark'
  | 'accountRail'
  | 'accountButton'
  | 'loginForm'
  | 'challenge'
  | 'expander'
  | 'dmThread'
  | 'dmRow'
  | 'dmMessage'
  | 'dmText'
  | 'dmOutgoing';

/** Newest first; `seen` is when the variant was seen on the live site. */
export const FACEBOOK_SELECTORS: Selectors<FacebookSelectorName> = {
  item: [
    {
      css: 'div[role="article"][aria-label]',
      seen: '2025-06',
      note: 'comments and replies ("Comment by …", "Reply by …" in English); posts carry no aria-label',
    },
    {
      css: 'div[role="article"]',
      seen: '2025-06',
      note: 'any other article nested in the post that holds its own comment_id link (translated labels)',
    },
  ],
  post: [
    { css: 'div[role="article"][aria-posinset]', seen: '2025-06', note: 'a post in a feed or a post dialog' },
    { css: 'div[role="article"]:not([aria-label])', seen: '2025-06', note: 'a post on its own page' },
  ],
  postAuthor: [
    {
      css: '[data-ad-rendering-role="profile_name"] a[href]',
      seen: '2025-06',
      note: 'the post header; the post’s aria-labelledby points at the same heading',
    },
    { css: 'h2 a[role="link"][href], h3 a[role="link"][href]', seen: '2025-06', note: 'post header heading' },
  ],
  permalink: [
    {
      css: 'a[href*="comment_id="]',
      seen: '2025-06',
      note: 'profile links (base64 id) and the time link (numeric id, reply_comment_id on replies)',
    },
  ],
  body: [
    { css: 'span[dir="auto"][lang]', seen: '2025-06', note: 'the comment text, with the detected language' },
    { css: 'div[dir="auto"][lang]', seen: '2025-06' },
  ],
  line: [{ css: 'div[dir="auto"]', seen: '2025-06', note: 'one paragraph of a comment' }],
  linkCard: [{ css: '[data-ft]', seen: '2025-06', note: 'link preview card under a comment' }],
  actionRow: [{ css: 'ul', seen: '2025-06', note: 'the list holding the comment’s own time link (and Like/Reply)' }],
  button: [{ css: '[role="button"]', seen: '2025-06' }],
  composer: [
    {
      css: 'div[contenteditable="true"][data-lexical-editor="true"][role="textbox"]',
      seen: '2025-06',
      note: 'Lexical: "Write a comment…" / "Reply to …"',
    },
    { css: 'form[role="presentation"] div[contenteditable="true"][role="textbox"]', seen: '2024-06' },
  ],
  sendButton: [
    { css: '#focused-state-composer-submit [role="button"]', seen: '2025-06', note: 'the focused composer’s submit' },
    { css: '#focused-state-composer-submit', seen: '2024-06' },
    { css: '[role="button"][aria-label="Comment"]', seen: '2025-06', note: 'English label' },
  ],

  /* ---- sweeps: the list pages (built from the documented structure; see the fixtures' headers) ---- */
  notificationLink: [
    {
      css: 'a[href*="notif_id="]',
      seen: '2025-06',
      note: 'a notification links to what it is about, with notif_id/notif_t (and comment_id for comments) in the query',
    },
    { css: 'a[href*="notif_t="]', seen: '2021-06', note: 'older links carry notif_t without notif_id' },
  ],
  notificationRow: [
    { css: 'div[role="row"]', seen: '2025-06', note: 'one notification of the list grid (role=grid > row > gridcell)' },
    { css: '[role="gridcell"]', seen: '2025-06' },
  ],
  notificationName: [
    { css: 'strong', seen: '2025-06', note: 'the actor names in a notification sentence are bold' },
    { css: 'b', seen: '2021-06' },
  ],
  threadLink: [
    {
      css: 'a[href*="/messages/t/"]',
      seen: '2025-06',
      note: 'a conversation of the Messenger list (/messages/t/<id>/); the row shows name, preview, time',
    },
    { css: 'a[href*="/messages/e2ee/t/"]', seen: '2025-06', note: 'an end-to-end encrypted conversation' },
  ],
  threadRow: [
    { css: 'div[role="row"]', seen: '2025-06', note: 'the chat list is a grid ("Chats"): one row per conversation' },
    { css: 'li[role="row"]', seen: '2023-06' },
  ],
  profilePost: [
    {
      css: 'div[aria-posinset]',
      seen: '2025-06',
      note: 'a post of the profile/Page timeline (the feed unit; role=article where the site still sets it)',
    },
    { css: 'div[role="article"]:not([aria-label])', seen: '2024-06', note: 'a timeline post without aria-posinset' },
  ],
  pinnedMark: [
    {
      css: '[aria-label^="Pinned"], [aria-label^="Featured"]',
      seen: '2025-06',
      note: 'the pin mark in a pinned post header (English; the words "Pinned post" are checked too)',
    },
  ],
  accountRail: [
    {
      css: '[data-pagelet="LeftRail"] a[href]',
      seen: '2025-06',
      note: 'the left rail opens with a link to the signed-in profile (or the Page one acts as)',
    },
  ],
  accountButton: [
    {
      css: '[role="banner"] [role="navigation"] [role="button"][aria-label]',
      seen: '2025-06',
      note: 'the signed-in top bar: Menu, Messenger, Notifications, "Your profile" (labels translated)',
    },
  ],
  loginForm: [
    { css: 'form[action*="login"] input[name="pass"]', seen: '2025-06', note: 'the login form: page, banner or wall' },
    { css: 'form#login_form input[type="password"]', seen: '2025-06' },
    {
      css: 'input#email, input[name="email"][type="email"]',
      seen: '2024-06',
      note: 'the e-mail box of the login form',
    },
  ],
  challenge: [
    { css: 'form[action*="/checkpoint/"]', seen: '2025-06', note: 'the security check ("Confirm it’s you")' },
    { css: '#checkpoint_title', seen: '2023-06' },
    {
      css: 'iframe[src*="recaptcha"], iframe[title*="reCAPTCHA"], iframe[src*="captcha"]',
      seen: '2025-06',
      note: 'a captcha inside the check',
    },
  ],
  expander: [
    {
      css: 'div[role="article"] [role="button"]:not([aria-label]):not([aria-haspopup]):not([aria-pressed]):not([aria-expanded="true"])',
      seen: '2025-06',
      note: 'unlabelled buttons in a post: "View more comments", "View 2 replies", a comment’s "See more" (words checked in code)',
    },
  ],

  /* ---- an open Messenger conversation (/messages/t/<id>/): see the dm fixture's header ---- */
  dmThread: [
    {
      css: '[role="main"] [role="grid"][aria-label^="Messages in conversation"]',
      seen: '2025-06',
      note: 'the message pane: "Messages in conversation with <name>" (one-to-one) / "… titled <name>" (groups); English',
    },
    { css: '[role="main"] [role="grid"]', seen: '2025-06', note: 'the pane under a translated label' },
  ],
  dmRow: [
    { css: 'div[role="row"]', seen: '2025-06', note: 'one row of the pane: a message, a time separator, "Seen"' },
  ],
  dmMessage: [
    {
      css: '[data-scope="messages_table"]',
      seen: '2025-06',
      note: 'a message’s cell (role=gridcell) inside its row; separators and "Seen" rows have none',
    },
  ],
  dmText: [{ css: '[dir="auto"]', seen: '2025-06', note: 'the message text in its bubble' }],
  dmOutgoing: [
    { css: '[data-testid="outgoing_message"]', seen: '2023-06', note: 'older builds mark our own messages' },
  ],
};

/* ----------------------------------------------------------------------- URLs */

export const FACEBOOK_HOSTS = ['www.facebook.com', 'web.facebook.com', 'facebook.com'] as const;
export const FACEBOOK_MATCHES = ['https://www.facebook.com/*', 'https://web.facebook.com/*'] as const;
const ORIGIN = 'https://www.facebook.com';

/** First path segments that are Facebook's own pages, never a profile or Page. */
const RESERVED = new Set([
  'groups',
  'watch',
  'photo',
  'photo.php',
  'photos',
  'permalink.php',
  'story.php',
  'video.php',
  'events',
  'marketplace',
  'gaming',
  'hashtag',
  'stories',
  'reel',
  'reels',
  'login',
  'login.php',
  'logout.php',
  'share',
  'sharer',
  'pages',
  'people',
  'profile.php',
  'messages',
  'notifications',
  'search',
  'settings',
  'bookmarks',
  'friends',
  'saved',
  'help',
  'privacy',
  'policies',
  'ads',
  'business',
  'recover',
  'home.php',
  'l.php',
  'me',
  'checkpoint',
  'two_step_verification',
  'r.php',
  'reg',
  'dialog',
  'plugins',
  'sharer.php',
  'latest',
  'feeds',
  'reels',
]);

const ID = /^\d{5,25}$/;
const TOKEN = /^(?:\d{5,25}|pfbid0[A-Za-z0-9]{10,120})$/;
const VANITY = /^[A-Za-z0-9.-]{2,80}$/;

function isFacebookHost(url: URL): boolean {
  return url.protocol === 'https:' && (FACEBOOK_HOSTS as readonly string[]).includes(url.hostname);
}

export interface FacebookPostRef {
  /** The post's number when the URL shows it, else its pfbid token. */
  id: string;
  /** The Page or profile the URL names (vanity or numeric id), if any. */
  author: string | null;
}

function segments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean);
}

/** The post a URL shows, or null. */
export function postOfUrl(url: URL): FacebookPostRef | null {
  if (!isFacebookHost(url)) return null;
  const seg = segments(url);
  const p = url.searchParams;
  const first = seg[0]?.toLowerCase() ?? '';
  const tokenOr = (v: string | null | undefined) => (v && TOKEN.test(v) ? v : null);
  // /permalink.php?story_fbid=…&id=…, /story.php?story_fbid=…&id=…
  if ((first === 'permalink.php' || first === 'story.php') && seg.length === 1) {
    const id = tokenOr(p.get('story_fbid'));
    const owner = p.get('id');
    return id ? { id, author: owner && ID.test(owner) ? owner : null } : null;
  }
  // /photo/?fbid=…, /photo.php?fbid=…
  if ((first === 'photo' || first === 'photo.php') && seg.length === 1) {
    const id = tokenOr(p.get('fbid'));
    return id && ID.test(id) ? { id, author: null } : null;
  }
  // /watch/?v=…
  if (first === 'watch' && seg.length === 1) {
    const v = p.get('v');
    return v && ID.test(v) ? { id: v, author: null } : null;
  }
  // /groups/<group>/posts/<id>/, /groups/<group>/permalink/<id>/
  if (first === 'groups') {
    if (seg.length === 4 && (seg[2] === 'posts' || seg[2] === 'permalink')) {
      const id = tokenOr(seg[3]);
      return id ? { id, author: null } : null;
    }
    return null;
  }
  if (RESERVED.has(first) || !VANITY.test(seg[0] ?? '')) return null;
  const author = seg[0]!;
  // /<page>/posts/<id>/ and the canonical /<page>/posts/<slug>/<id>/
  if (seg[1] === 'posts' && (seg.length === 3 || seg.length === 4)) {
    const id = tokenOr(seg[seg.length - 1]);
    return id ? { id, author } : null;
  }
  // /<page>/videos/<id>/, /<page>/videos/<slug>/<id>/
  if (seg[1] === 'videos' && (seg.length === 3 || seg.length === 4)) {
    const id = seg[seg.length - 1]!;
    return ID.test(id) ? { id, author } : null;
  }
  // /<page>/photos/<album>/<id>/
  if (seg[1] === 'photos' && seg.length === 4 && ID.test(seg[3]!)) return { id: seg[3]!, author };
  return null;
}

const post: PageSpec = {
  test: (url) => postOfUrl(url) !== null,
  // a post may have no comments (or show none logged out): an empty page is not a broken adapter
  expectsItems: false,
  examples: {
    accept: [
      'https://www.facebook.com/inlaydemo/posts/8800000000000200',
      'https://www.facebook.com/inlaydemo/posts/8800000000000200/',
      'https://www.facebook.com/inlaydemo/posts/pfbid02BrightKettleSpringRestockAnonymisedDemoPost7xQ2mL9',
      'https://www.facebook.com/inlaydemo/posts/restock-update/8800000000000100/',
      'https://www.facebook.com/inlaydemo/posts/8800000000000200?comment_id=8800000000000201',
      'https://www.facebook.com/permalink.php?story_fbid=8800000000000200&id=100000000000900',
      'https://www.facebook.com/permalink.php?story_fbid=pfbid02BrightKettleSpringRestockAnonymisedDemoPost7xQ2mL9&id=100000000000900',
      'https://www.facebook.com/story.php?story_fbid=8800000000000200&id=100000000000900',
      'https://www.facebook.com/photo/?fbid=8800000000000300&set=a.8800000000000001',
      'https://www.facebook.com/photo.php?fbid=8800000000000300',
      'https://www.facebook.com/inlaydemo/photos/a.8800000000000001/8800000000000300/',
      'https://www.facebook.com/groups/plannerfans/posts/8800000000000400/',
      'https://www.facebook.com/groups/8800000000000002/permalink/8800000000000400/',
      'https://www.facebook.com/watch/?v=8800000000000500',
      'https://www.facebook.com/inlaydemo/videos/8800000000000500/',
      'https://web.facebook.com/inlaydemo/posts/8800000000000200',
      'https://facebook.com/inlaydemo/posts/8800000000000200',
    ],
    reject: [
      'https://www.facebook.com/',
      'https://www.facebook.com/home.php',
      'https://www.facebook.com/inlaydemo',
      'https://www.facebook.com/inlaydemo/posts',
      'https://www.facebook.com/inlaydemo/posts/not-an-id',
      'https://www.facebook.com/groups/plannerfans',
      'https://www.facebook.com/groups/plannerfans/posts/',
      'https://www.facebook.com/watch/',
      'https://www.facebook.com/watch/?v=abc',
      'https://www.facebook.com/photo/',
      'https://www.facebook.com/permalink.php',
      'https://www.facebook.com/messages/t/8800000000000600',
      'https://www.facebook.com/notifications',
      'https://www.facebook.com/marketplace/item/8800000000000700/',
      'https://www.facebook.com/events/8800000000000800/',
      'https://m.facebook.com/inlaydemo/posts/8800000000000200',
      'http://www.facebook.com/inlaydemo/posts/8800000000000200',
      'https://www.facebook.com.evil.example/inlaydemo/posts/8800000000000200',
      'https://x.com/inlaydemo/status/1900000000000000100',
      'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000000/',
      'https://www.youtube.com/watch?v=aaaaaaaaaaa&lc=Ugx',
      'https://www.reddit.com/r/test/comments/abc123/a_post/',
      'https://www.instagram.com/p/AbCdEf/',
      'https://www.tiktok.com/@inlaydemo/video/7000000000000000000',
    ],
  },
};

/* ---------------------------------------------------------- sweep list pages */

const OTHER_SITES = [
  'https://x.com/notifications',
  'https://www.linkedin.com/notifications/',
  'https://www.youtube.com/@inlaydemo/videos',
  'https://www.reddit.com/message/inbox/',
  'https://www.instagram.com/direct/inbox/',
  'https://www.tiktok.com/@inlaydemo',
];

const NOTIFICATIONS_PATH = /^\/notifications\/?$/;
/** The Messenger list itself, without a conversation open. */
const INBOX_PATH = /^\/messages(?:\/t)?\/?$/;
/** A conversation: `/messages/t/<id>/`, end-to-end encrypted ones `/messages/e2ee/t/<id>/`. */
const THREAD_HREF = /^\/messages\/(e2ee\/)?t\/([A-Za-z0-9._-]{1,64})\/?$/;

const notifications: PageSpec = {
  test: (url) => isFacebookHost(url) && NOTIFICATIONS_PATH.test(url.pathname),
  // the list may hold only reactions, follows and birthdays: see itemsExpected
  expectsItems: true,
  examples: {
    accept: [
      'https://www.facebook.com/notifications',
      'https://www.facebook.com/notifications/',
      'https://www.facebook.com/notifications?ref=bookmarks',
      'https://web.facebook.com/notifications',
    ],
    reject: [
      'https://www.facebook.com/',
      'https://www.facebook.com/notifications/settings/',
      'https://www.facebook.com/inlaydemo/posts/8800000000000200?notif_id=1&notif_t=feed_comment',
      'https://m.facebook.com/notifications',
      'http://www.facebook.com/notifications',
      'https://www.facebook.com.evil.example/notifications',
      ...OTHER_SITES,
    ],
  },
};

/**
 * The Messenger list, with no conversation open (`/messages/`, `/messages/t/` without an id).
 * Desktop Facebook may answer `/messages/` by opening the most recent conversation
 * (`/messages/t/<id>/`) beside the list; that URL is the `dm` page, never this one, and
 * sweepThreads lists nothing there, so a sweep's list step that lands on a conversation
 * Facebook opened stops (nothing listed: "unreadable") instead of taking that conversation
 * for the list. A Page's messages in Meta Business Suite (business.facebook.com) are a
 * separate product and are not swept.
 */
const inbox: PageSpec = {
  test: (url) => isFacebookHost(url) && INBOX_PATH.test(url.pathname),
  // conversations are read with sweepThreads, not as items
  expectsItems: false,
  examples: {
    accept: [
      'https://www.facebook.com/messages/',
      'https://www.facebook.com/messages',
      'https://www.facebook.com/messages/t/',
      'https://web.facebook.com/messages/',
    ],
    reject: [
      'https://www.facebook.com/messages/t/8800000000000600/',
      'https://www.facebook.com/messages/e2ee/t/8800000000000601/',
      'https://www.facebook.com/messages/requests/',
      'https://www.facebook.com/notifications',
      'https://business.facebook.com/latest/inbox/all',
      'https://www.messenger.com/t/8800000000000600/',
      'https://m.facebook.com/messages/',
      ...OTHER_SITES,
    ],
  },
};

/** The conversation a URL shows (`/messages/t/<id>/`, `/messages/e2ee/t/<id>/`), or null. */
export function threadOfUrl(url: URL): { id: string; e2ee: boolean; url: string } | null {
  if (!isFacebookHost(url)) return null;
  const m = THREAD_HREF.exec(url.pathname);
  if (!m) return null;
  return { id: m[2]!, e2ee: m[1] !== undefined, url: `${ORIGIN}/messages/${m[1] ?? ''}t/${m[2]!}/` };
}

/**
 * One open Messenger conversation: its messages are items of kind `dm`. A conversation
 * always shows messages (an end-to-end encrypted one behind its PIN wall shows none, and
 * is reported unreadable rather than read as empty).
 */
const dm: PageSpec = {
  test: (url) => threadOfUrl(url) !== null,
  expectsItems: true,
  examples: {
    accept: [
      'https://www.facebook.com/messages/t/8800000000000601/',
      'https://www.facebook.com/messages/t/8800000000000601',
      'https://www.facebook.com/messages/e2ee/t/8800000000000602/',
      'https://www.facebook.com/messages/t/8800000000000601/?ref=inbox',
      'https://web.facebook.com/messages/t/8800000000000601/',
      'https://facebook.com/messages/e2ee/t/8800000000000602',
    ],
    reject: [
      'https://www.facebook.com/messages/',
      'https://www.facebook.com/messages',
      'https://www.facebook.com/messages/t/',
      'https://www.facebook.com/messages/e2ee/t/',
      'https://www.facebook.com/messages/requests/',
      'https://www.facebook.com/messages/t/8800000000000601/info',
      'https://www.facebook.com/messages/new/',
      'https://www.messenger.com/t/8800000000000601/',
      'https://m.facebook.com/messages/t/8800000000000601/',
      'http://www.facebook.com/messages/t/8800000000000601/',
      'https://www.facebook.com.evil.example/messages/t/8800000000000601/',
      'https://business.facebook.com/latest/inbox/all',
      ...OTHER_SITES,
    ],
  },
};

/** The profile or Page whose timeline a URL shows (`/<vanity>`, `/profile.php?id=<n>`), or null. */
export function profileOfUrl(url: URL): string | null {
  if (!isFacebookHost(url)) return null;
  const seg = segments(url);
  if (seg.length === 1 && seg[0] === 'profile.php') {
    const id = url.searchParams.get('id');
    return id && ID.test(id) ? id : null;
  }
  if (seg.length !== 1 || !VANITY.test(seg[0]!) || RESERVED.has(seg[0]!.toLowerCase())) return null;
  return seg[0]!;
}

const profile: PageSpec = {
  test: (url) => profileOfUrl(url) !== null,
  // a profile's posts are read with sweepPosts; a timeline may hold no post
  expectsItems: false,
  examples: {
    accept: [
      'https://www.facebook.com/inlaydemo',
      'https://www.facebook.com/inlaydemo/',
      'https://www.facebook.com/inlay.demo',
      'https://www.facebook.com/inlaydemo?locale=en_GB',
      'https://www.facebook.com/profile.php?id=100000000000900',
      'https://web.facebook.com/inlaydemo',
    ],
    reject: [
      'https://www.facebook.com/',
      'https://www.facebook.com/home.php',
      'https://www.facebook.com/profile.php',
      'https://www.facebook.com/profile.php?id=abc',
      'https://www.facebook.com/inlaydemo/posts/8800000000000200',
      'https://www.facebook.com/inlaydemo/photos',
      'https://www.facebook.com/groups/plannerfans',
      'https://www.facebook.com/messages/',
      'https://www.facebook.com/notifications',
      'https://www.facebook.com/watch/',
      'https://www.facebook.com/login/',
      'https://www.facebook.com/checkpoint/',
      'https://m.facebook.com/inlaydemo',
      'http://www.facebook.com/inlaydemo',
      ...OTHER_SITES,
    ],
  },
};

const PAGES = { post, notifications, inbox, dm, profile } as const;

/* ------------------------------------------------------------- sweep words */

/**
 * What kind of item a notification is, by its link's `notif_t` (data, like the selectors):
 * feed_comment, feed_comment_reply and comment_mention are seen in public notification links;
 * the others are their documented siblings. Reactions, follows, tags, birthdays: absent, so not items.
 */
export const NOTIFICATION_KINDS: Readonly<Record<string, 'comment' | 'reply' | 'mention'>> = {
  feed_comment: 'comment',
  page_feed_comment: 'comment',
  comment_on_page_post: 'comment',
  feed_comment_reply: 'reply',
  comment_reply: 'reply',
  page_comment_reply: 'reply',
  comment_mention: 'mention',
  mentions_comment: 'mention',
  tagged_in_comment: 'mention',
};

/** "… and 3 others …", "… and 2 other people …": one notification for several people (English). */
const AGGREGATE_WORDS = /\band (?:\d+|one|two|three|several) (?:others?|other people)\b/i;
/** The hidden words before an unread conversation's preview (English). */
const UNREAD_PREFIX = /^unread message:?\s*/i;
/** "2h", "3 d", "1w", "Just now": a list's relative time, not a preview. */
const RELATIVE_TIME = /^(?:\d{1,3}\s?(?:s|m|min|h|d|w|y|mo|yr)s?|just now|now|yesterday)$/i;
/** An expander's words: only "more of the thread" (English; the button carries no stable key of its own). */
const MORE_THREAD_WORDS: readonly RegExp[] = [
  /^view (?:more|previous|all) comments?$/i,
  /^view (?:all )?\d+ (?:more |previous )?(?:comments?|repl(?:y|ies))$/i,
  /^view (?:more |all )?repl(?:y|ies)$/i,
  /^see (?:more|previous) comments?$/i,
  /^\d+ repl(?:y|ies)$/i,
  /^.{1,80} replied · \d+ repl(?:y|ies)$/i,
  /^view \d+ more repl(?:y|ies)$/i,
];

/* ------------------------------------------------------------------- reading */

/** What a `comment_id` value says: numeric, `<post>_<comment>`, or base64 of `comment:<post>_<comment>`. */
export function parseCommentParam(value: string | null): { comment: string; post: string | null } | null {
  if (!value) return null;
  if (ID.test(value)) return { comment: value, post: null };
  const pair = /^(\d{5,25})_(\d{5,25})$/.exec(value);
  if (pair) return { comment: pair[2]!, post: pair[1]! };
  if (!/^[A-Za-z0-9+/=_-]{8,200}$/.test(value)) return null;
  try {
    const m = /^comment:(\d{5,25})_(\d{5,25})$/.exec(atob(value.replace(/-/g, '+').replace(/_/g, '/')));
    return m ? { comment: m[2]!, post: m[1]! } : null;
  } catch {
    return null;
  }
}

function parseHref(href: string | null): URL | null {
  if (!href) return null;
  try {
    const u = new URL(href, ORIGIN);
    return (FACEBOOK_HOSTS as readonly string[]).includes(u.hostname) ? u : null;
  } catch {
    return null;
  }
}

interface ProfileRef {
  handle: string;
  url: string;
}

/** The profile or Page a link goes to (vanity or numeric id), or null for any other link. */
export function profileOfHref(href: string | null): ProfileRef | null {
  const u = parseHref(href);
  if (!u) return null;
  const seg = segments(u);
  const byId = (id: string | null | undefined): ProfileRef | null =>
    id && ID.test(id) ? { handle: id, url: `${ORIGIN}/profile.php?id=${id}` } : null;
  if (seg.length === 1 && seg[0] === 'profile.php') return byId(u.searchParams.get('id'));
  if (seg.length === 4 && seg[0] === 'groups' && seg[2] === 'user') return byId(seg[3]);
  if (seg.length === 3 && seg[0] === 'people') return byId(seg[2]);
  if (seg.length === 1 && VANITY.test(seg[0]!) && !RESERVED.has(seg[0]!.toLowerCase())) {
    return { handle: seg[0]!, url: `${ORIGIN}/${seg[0]}` };
  }
  return null;
}

/** Is this a link to a post (the comment's time link), not to a person? */
function isPostLink(u: URL): boolean {
  return postOfUrl(new URL(u.pathname + u.search, ORIGIN)) !== null;
}

function clean(text: string, max: number): string {
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim()
    .slice(0, max);
}

const ENGLISH_LABEL =
  /^(Comment|Reply) by (.+?)(?: to .+?['’]s? comment)?(?: (?:\d+ \w+|an? \w+|about .+|just now|yesterday) ago| just now| yesterday)?$/;

interface CommentIds {
  id: string;
  parentId: string | null;
  post: string | null;
  /** The post link the comment's time link goes to, without tracking parameters. */
  postLink: URL | null;
}

/** Text as the reader sees it; the comment's own buttons (See more, reactions) are not text. */
function readText(el: Element): string {
  return readAll(el, (e) => e.getAttribute('role') === 'button');
}

export function createFacebookAdapter(
  selectors: Selectors<FacebookSelectorName> = FACEBOOK_SELECTORS,
): SiteAdapter<FacebookSelectorName> {
  const q = compileSelectors(selectors);
  const ARTICLE = 'div[role="article"]';
  /** How far up from a comment to look for the comment a reply follows, or the reply box after it. */
  const WALK = 4;
  const UP = 8;

  function enclosingArticle(el: Element): Element | null {
    return el.parentElement?.closest(ARTICLE) ?? null;
  }

  /** Elements of `article` that are not inside a nested article. */
  function ownAll(article: Element, sel: string): Element[] {
    return Array.from(article.querySelectorAll(sel)).filter((n) => n.closest(ARTICLE) === article);
  }

  function ownFirst(article: Element, sel: string): Element | null {
    for (const n of article.querySelectorAll(sel)) if (n.closest(ARTICLE) === article) return n;
    return null;
  }

  /** A comment article: it holds its own comment_id link, and either has a label or sits inside the post. */
  function isComment(el: Element): boolean {
    if (!el.matches(q.item) || el.hasAttribute('aria-posinset')) return false;
    if (!ownFirst(el, q.permalink)) return false;
    return el.hasAttribute('aria-label') || enclosingArticle(el) !== null;
  }

  /** The post around a comment: the outermost article that is not itself a comment. */
  function postOf(el: Element): Element | null {
    let found: Element | null = null;
    for (let a = enclosingArticle(el); a; a = enclosingArticle(a)) if (!isComment(a)) found = a;
    return found ?? el.ownerDocument.querySelector(q.post);
  }

  /** The comment's own comment_id links (profile links, time link): not the ones quoted in its text. */
  function metaLinks(article: Element): Element[] {
    const all = ownAll(article, q.permalink);
    const meta = all.filter((a) => !a.closest(q.body) && !a.closest(q.line));
    return meta.length ? meta : all;
  }

  function idsOf(article: Element): CommentIds | null {
    let own: string | null = null;
    let parent: string | null = null;
    let fromLinks: string | null = null;
    let post: string | null = null;
    let postLink: URL | null = null;
    for (const a of metaLinks(article)) {
      const u = parseHref(a.getAttribute('href'));
      if (!u) continue;
      const c = parseCommentParam(u.searchParams.get('comment_id'));
      const r = u.searchParams.get('reply_comment_id');
      if (c?.post) post ??= c.post;
      if (r && ID.test(r) && c) {
        own = r;
        parent = c.comment;
      }
      if (isPostLink(u)) {
        postLink ??= u;
        if (c && !ID.test(u.searchParams.get('reply_comment_id') ?? '')) fromLinks ??= c.comment;
      } else if (c) fromLinks ??= c.comment;
    }
    const id = own ?? fromLinks;
    return id ? { id, parentId: own ? parent : null, post, postLink } : null;
  }

  function isMarkedReply(article: Element, ids: CommentIds | null): boolean {
    if (ids?.parentId) return true;
    if (/^Reply by /i.test(article.getAttribute('aria-label') ?? '')) return true;
    const up = enclosingArticle(article);
    return up !== null && isComment(up);
  }

  function isTopLevel(article: Element): boolean {
    return isComment(article) && !isMarkedReply(article, idsOf(article));
  }

  /** The nearest top-level comment rendered before `article` (replies follow their comment). */
  function precedingTopLevel(article: Element): Element | null {
    const up = enclosingArticle(article);
    if (up && isComment(up)) return up;
    const stop = postOf(article);
    let node: Element | null = article;
    for (let level = 0; node && node !== stop && level < UP; level++, node = node.parentElement) {
      for (let s = node.previousElementSibling; s; s = s.previousElementSibling) {
        const found = [s, ...Array.from(s.querySelectorAll(ARTICLE))].filter(
          (e) => e.matches(ARTICLE) && isTopLevel(e),
        );
        if (found.length) return found[found.length - 1]!;
      }
    }
    return null;
  }

  function authorOf(article: Element) {
    let ref: ProfileRef | null = null;
    let name: string | null = null;
    for (const a of metaLinks(article)) {
      const r = profileOfHref(a.getAttribute('href'));
      if (!r) continue;
      ref ??= r;
      const text = clean(readText(a), 256);
      if (!name && text) name = text;
    }
    if (!name) {
      const m = ENGLISH_LABEL.exec(article.getAttribute('aria-label') ?? '');
      name = m ? clean(m[2]!, 256) || null : null;
    }
    return { handle: ref?.handle ?? null, name, url: ref?.url ?? null };
  }

  function textOf(article: Element): { text: string; lang: string | null } {
    const skip = (n: Element) => n.closest('a') !== null || n.closest(q.linkCard) !== null;
    const body = ownAll(article, q.body).find((n) => !skip(n) && n !== article) ?? null;
    const scope = body ?? article;
    const lines = Array.from(scope.querySelectorAll(q.line)).filter(
      (d) =>
        d.closest(ARTICLE) === article && !skip(d) && !d.closest(q.button) && !d.querySelector(q.line) && d !== scope,
    );
    const text = lines.length ? lines.map((d) => clean(readText(d), 20_000)).join('\n') : body ? readText(body) : '';
    return { text: clean(text, 20_000), lang: body?.getAttribute('lang')?.slice(0, 16) ?? null };
  }

  function postAuthor(article: Element, ctx: ExtractContext): string | null {
    const known = ctx.memo.get('fb:postAuthor');
    if (known) return known;
    const p = postOf(article);
    let link: Element | null = p ? firstByEntry(p, selectors.postAuthor) : null;
    const labelledBy = p?.getAttribute('aria-labelledby');
    if (!link && labelledBy) link = article.ownerDocument.getElementById(labelledBy)?.querySelector('a[href]') ?? null;
    const found = profileOfHref(link?.getAttribute('href') ?? null)?.handle ?? postOfUrl(ctx.url)?.author ?? null;
    if (found) ctx.memo.set('fb:postAuthor', found);
    return found;
  }

  /** The post's number: from a comment's base64 id, else the URL, else the page's canonical link. */
  function postIdOf(article: Element, ids: CommentIds, ctx: ExtractContext): string | null {
    if (ids.post) return ids.post;
    const fromUrl = postOfUrl(ctx.url)?.id ?? null;
    if (fromUrl && ID.test(fromUrl)) return fromUrl;
    const canonical = article.ownerDocument.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
    const m = /\/(\d{5,25})\/?$/.exec(parseHref(canonical)?.pathname ?? '');
    return m ? m[1]! : fromUrl;
  }

  function permalinkOf(ids: CommentIds, isReply: boolean, parentId: string | null, ctx: ExtractContext): string {
    const base = new URL(ORIGIN);
    const from = ids.postLink ?? ctx.url;
    base.pathname = from.pathname;
    for (const key of ['story_fbid', 'id', 'fbid', 'set', 'v']) {
      const v = from.searchParams.get(key);
      if (v) base.searchParams.set(key, v);
    }
    base.searchParams.set('comment_id', isReply && parentId ? parentId : ids.id);
    if (isReply && parentId) base.searchParams.set('reply_comment_id', ids.id);
    return base.href;
  }

  function extract(el: Element, ctx: ExtractContext): CapturedItem | null {
    try {
      if (ctx.page === 'dm') return extractDm(el, ctx);
      if (isDmRow(el)) return null; // a Messenger chat window docked on another page
      if (ctx.page === 'notifications') return el.matches(q.item) ? null : extractNotification(el, ctx);
      if (ctx.page !== 'post' || !isComment(el)) return null;
      const ids = idsOf(el);
      if (!ids) return null;
      const marked = isMarkedReply(el, ids);
      let parentId = ids.parentId;
      if (marked && !parentId) {
        parentId = ctx.memo.get(`fb:parent:${ids.id}`) ?? null;
        if (!parentId) {
          const before = precedingTopLevel(el);
          parentId = before ? (idsOf(before)?.id ?? null) : null;
          if (parentId) ctx.memo.set(`fb:parent:${ids.id}`, parentId);
        }
      }
      const { text, lang } = textOf(el);
      const candidate = {
        platform: 'facebook' as const,
        nativeId: ids.id,
        kind: marked ? ('reply' as const) : ('comment' as const),
        profile: matchProfile(postAuthor(el, ctx), ctx.profiles),
        author: authorOf(el),
        text,
        permalink: permalinkOf(ids, marked, parentId, ctx),
        siteTimestamp: null,
        parentId: marked ? parentId : null,
        threadId: postIdOf(el, ids, ctx),
        lang,
      };
      const parsed = CapturedItem.safeParse(candidate);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** The comment's own row: the list holding its time link. */
  function actionRow(el: Element): Element | null {
    for (const a of metaLinks(el)) {
      const u = parseHref(a.getAttribute('href'));
      if (!u || !isPostLink(u)) continue;
      const row = a.closest(q.actionRow);
      if (row && el.contains(row)) return row;
    }
    return null;
  }

  /** The Reply control: labelled "Reply" in English, else the second control of the row (after Like). */
  function replyButtonOf(el: Element): Element | null {
    const row = actionRow(el);
    if (!row) return null;
    const buttons = Array.from(row.querySelectorAll(q.button));
    const english = buttons.find((b) => /^reply$/i.test((b.getAttribute('aria-label') ?? b.textContent ?? '').trim()));
    return english ?? (buttons.length >= 2 ? buttons[1]! : null);
  }

  /** The reply box that opens after the comment's thread, before the next top-level comment. */
  function editorNear(el: Element): Element | null {
    const root = isTopLevel(el) ? el : (precedingTopLevel(el) ?? el);
    const inside = root.querySelector(q.composer);
    if (inside) return inside;
    const stop = postOf(root);
    let node: Element | null = root;
    for (let level = 0; node && node !== stop && level < WALK; level++, node = node.parentElement) {
      for (let s = node.nextElementSibling; s; s = s.nextElementSibling) {
        const tops = [s, ...Array.from(s.querySelectorAll(ARTICLE))].filter((e) => e.matches(ARTICLE) && isTopLevel(e));
        if (tops.length) return null;
        const editor = s.matches(q.composer) ? s : s.querySelector(q.composer);
        if (editor) return editor;
      }
    }
    return null;
  }

  /* ---------------------------------------------------------------- sweeps */

  /** A notification's own link (the one with notif_id / notif_t), or null. */
  function notificationLinkOf(row: Element): Element | null {
    if (row.matches(q.notificationLink)) return row;
    return row.querySelector(q.notificationLink);
  }

  /** The row of a notification link: its grid row, else the link itself. */
  function notificationRowOf(link: Element): Element {
    return link.closest(q.notificationRow) ?? link;
  }

  /** The notification rows under `root`, one per row, in document order. */
  function notificationRows(root: ParentNode): Element[] {
    const rows: Element[] = [];
    const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
    const links = Array.from(root.querySelectorAll(q.notificationLink));
    if (rootEl?.matches(q.notificationLink)) links.unshift(rootEl);
    for (const link of links) {
      const row = notificationRowOf(link);
      if (!rows.includes(row)) rows.push(row);
    }
    return rows;
  }

  /** What a notification is about, from its link and words: a comment, reply or mention, or null (not an item). */
  function notificationKind(link: URL, sentence: string): 'comment' | 'reply' | 'mention' | null {
    // several people in one notification ("Maple Owl and 3 others commented…"): an aggregate, never an item
    if (AGGREGATE_WORDS.test(sentence)) return null;
    const type = link.searchParams.get('notif_t');
    if (type !== null) return NOTIFICATION_KINDS[type] ?? null;
    // no notif_t: only the English sentence says what it is
    if (/\bmentioned you\b/i.test(sentence)) return 'mention';
    if (/\breplied to\b/i.test(sentence)) return 'reply';
    if (/\bcommented on\b/i.test(sentence)) return 'comment';
    return null;
  }

  /** Leaf text pieces of `el` (spans without span children), trimmed, empty ones dropped. */
  function leafTexts(el: Element, skip: (e: Element) => boolean = () => false): Element[] {
    return Array.from(el.querySelectorAll('span, abbr, time')).filter(
      (s) => !skip(s) && !s.querySelector('span') && readText(s).trim() !== '',
    );
  }

  /**
   * One notification that is a comment, reply or mention by someone else. Its nativeId is the
   * comment's own number, as on the post page: `reply_comment_id` for a reply, else the
   * `comment_id` (numeric, or base64 of `comment:<post>_<comment>`); parentId the `comment_id`
   * of a reply; threadId the post's number (from the base64 id or the post link). The text is
   * the quoted part of the sentence where there is one («commented on your post: "…"»), else the
   * sentence; the author is the bold name (Facebook links the notification, not the person, so
   * there is no handle); the time is relative ("2h") and not read.
   */
  function extractNotification(row: Element, ctx: ExtractContext): CapturedItem | null {
    const link = notificationLinkOf(row);
    const u = parseHref(link?.getAttribute('href') ?? null);
    if (!link || !u) return null;
    const c = parseCommentParam(u.searchParams.get('comment_id'));
    if (!c) return null; // about a post, a page, a birthday: not a comment
    const names = Array.from(row.querySelectorAll(q.notificationName));
    const sentenceEl = names[0]?.closest('span[dir="auto"]') ?? row.querySelector('span[dir="auto"]') ?? link;
    const sentence = clean(readText(sentenceEl), 20_000);
    const kind = notificationKind(u, sentence);
    if (!kind) return null;
    const r = u.searchParams.get('reply_comment_id');
    const isReply = r !== null && ID.test(r);
    const id = isReply ? r : c.comment;
    const parentId = isReply ? c.comment : null;
    const ref = postOfUrl(new URL(u.pathname + u.search, ORIGIN));
    const quoted = /[“"«„]([\s\S]+)[”"»“]\s*$/.exec(sentence);
    const text = clean(quoted ? quoted[1]! : sentence, 20_000);
    const name = names[0] ? clean(readText(names[0]), 256) || null : null;
    const threadId = c.post ?? (ref && ID.test(ref.id) ? ref.id : (ref?.id ?? null));
    const base = new URL(ORIGIN);
    base.pathname = u.pathname;
    for (const key of ['story_fbid', 'id', 'fbid', 'set', 'v']) {
      const v = u.searchParams.get(key);
      if (v) base.searchParams.set(key, v);
    }
    base.searchParams.set('comment_id', isReply ? c.comment : id);
    if (isReply) base.searchParams.set('reply_comment_id', id);
    const signedIn = adapter.signedInAs?.(row.ownerDocument) ?? null;
    const profile =
      matchProfile(ref?.author ?? null, ctx.profiles) ??
      matchProfile(signedIn, ctx.profiles) ??
      (ctx.profiles.length === 1 ? ctx.profiles[0]! : null);
    const parsed = CapturedItem.safeParse({
      platform: 'facebook' as const,
      nativeId: id,
      kind: kind === 'mention' ? 'mention' : isReply ? 'reply' : kind,
      profile,
      author: { handle: null, name, url: null },
      text,
      permalink: base.href,
      siteTimestamp: null,
      parentId,
      threadId,
      lang: null,
    });
    return parsed.success ? parsed.data : null;
  }

  /** Is this a conversation row's unread marking: "unread" in its label or hidden text, or bold text? */
  function isUnread(row: Element, link: Element): boolean {
    for (const el of [row, link]) if (/\bunread\b/i.test(el.getAttribute('aria-label') ?? '')) return true;
    for (const s of leafTexts(link)) {
      if (UNREAD_PREFIX.test(readText(s).trim())) return true;
    }
    const view = row.ownerDocument.defaultView;
    if (!view || typeof view.getComputedStyle !== 'function') return false;
    // the name and preview of an unread conversation are bold (Facebook sets it by class: only a laid-out page says)
    for (const s of leafTexts(link)) {
      const weight = view.getComputedStyle(s).fontWeight;
      const n = weight === 'bold' ? 700 : Number.parseInt(weight, 10);
      if (Number.isFinite(n) && n >= 600) return true;
    }
    return false;
  }

  function threadOf(link: Element): SweepThread | null {
    const u = parseHref(link.getAttribute('href'));
    const m = u ? THREAD_HREF.exec(u.pathname) : null;
    if (!u || !m) return null;
    const row = link.closest(q.threadRow) ?? link;
    const pieces = leafTexts(link).map((s) => clean(readText(s), 2000));
    // the first piece is the conversation's name; then the preview, "·" and the time ("2h")
    const preview = pieces
      .slice(1)
      .map((t) => t.replace(UNREAD_PREFIX, '').trim())
      .filter((t) => t !== '' && t !== '·' && !RELATIVE_TIME.test(t))
      .join(' ');
    const timeEl = row.querySelector('time[datetime], abbr[data-utime]');
    const utime = timeEl?.getAttribute('data-utime');
    const at =
      utime && /^\d{9,11}$/.test(utime)
        ? new Date(Number(utime) * 1000).toISOString()
        : isoOrNull(timeEl?.getAttribute('datetime') ?? null);
    return {
      id: m[2]!,
      url: `${ORIGIN}/messages/${m[1] ?? ''}t/${m[2]!}/`,
      unread: isUnread(row, link),
      at,
      preview: preview.slice(0, 500),
    };
  }

  /* ------------------------------------------------- an open Messenger conversation */

  /**
   * How a message row says who wrote it (stable facts, no classes):
   * - a received message's run carries the sender: a link to their profile around their avatar
   *   (`a[href]` to /<id> or /profile.php?id=, outside the text), beside the last message of the
   *   run, and in group chats a heading (`h5`) with their name over the first;
   * - our own runs carry no profile link and no name: the first row's hidden heading reads
   *   "You sent" (English), older builds mark the bubble `data-testid="outgoing_message"`.
   * A run is the messages between two time separators, a heading starting a new one and a
   * sender link ending one. A run with neither mark (a translated heading that names nobody in
   * the conversation, or the avatar row scrolled away) is read with no profile: never inbound,
   * never ours.
   */
  type DmSide = { us: true } | { us: false; handle: string | null; name: string | null; url: string | null } | null;

  function isDmRow(el: Element): boolean {
    return el.matches(q.dmRow) && el.querySelector(q.dmMessage) !== null;
  }

  /** The conversation pane around a row (the labelled grid), else the nearest grid. */
  function dmPaneOf(el: Element): Element | null {
    return el.closest(q.dmThread) ?? el.closest('[role="grid"]');
  }

  /** The pane's rows in document order (the outermost rows only). */
  function dmRowsOf(pane: Element): Element[] {
    return Array.from(pane.querySelectorAll(q.dmRow)).filter((r) => r.parentElement?.closest(q.dmRow) == null);
  }

  function dmHeading(row: Element): string | null {
    const h = row.querySelector('h5, h6');
    const t = h ? clean(readText(h), 256) : '';
    return t || null;
  }

  /** A time separator: a row without a message, with a heading or a time (not the "Seen" line). */
  function isSeparator(row: Element): boolean {
    if (row.querySelector(q.dmMessage)) return false;
    return row.querySelector('h2, h3, h4, time, abbr[data-utime]') !== null;
  }

  /** The sender link of a received row: a profile link around an avatar, not in the text. */
  function senderLinkOf(row: Element): { handle: string; name: string | null; url: string } | null {
    for (const a of row.querySelectorAll('a[href]')) {
      if (a.closest(q.dmText) || a.closest('[role="button"]')) continue;
      const ref = profileOfHref(a.getAttribute('href'));
      if (!ref) continue;
      const img = a.querySelector('img[alt], [role="img"][aria-label], svg[aria-label]');
      const name =
        clean(a.getAttribute('aria-label') ?? img?.getAttribute('alt') ?? img?.getAttribute('aria-label') ?? '', 256) ||
        null;
      return { handle: ref.handle, name, url: ref.url };
    }
    return null;
  }

  /** The other participant the pane's label names ("Messages in conversation with Maple Owl"), English. */
  function paneName(pane: Element): string | null {
    const m = /^Messages in conversation (?:with|titled) (.+)$/.exec(pane.getAttribute('aria-label') ?? '');
    return m ? clean(m[1]!, 256) || null : null;
  }

  function dmSide(row: Element, pane: Element): DmSide {
    const rows = dmRowsOf(pane);
    const at = rows.indexOf(row);
    if (at < 0) return null;
    const run: Element[] = [];
    for (let i = at; i >= 0; i--) {
      const r = rows[i]!;
      if (isSeparator(r)) break;
      if (!isDmRow(r)) continue;
      if (i < at && senderLinkOf(r)) break; // a sender link ends the run before this one
      run.unshift(r);
      if (dmHeading(r)) break;
    }
    for (let i = at + 1; i < rows.length; i++) {
      const r = rows[i]!;
      if (isSeparator(r)) break;
      if (!isDmRow(r)) continue;
      if (dmHeading(r)) break;
      if (senderLinkOf(run.at(-1)!)) break;
      run.push(r);
    }
    const heading = run[0] ? dmHeading(run[0]) : null;
    for (const r of run) {
      const link = senderLinkOf(r);
      if (link)
        return {
          us: false,
          handle: link.handle,
          name: heading && !/^you sent$/i.test(heading) ? heading : link.name,
          url: link.url,
        };
    }
    if ((heading && /^you sent$/i.test(heading)) || run.some((r) => r.querySelector(q.dmOutgoing))) return { us: true };
    const other = paneName(pane);
    if (heading && other && heading.toLowerCase() === other.toLowerCase())
      return { us: false, handle: null, name: other, url: null };
    return null;
  }

  /** The message text: the bubble's innermost dir=auto blocks, not headings, buttons or the sender link. */
  function dmTextOf(row: Element): string {
    const cell = row.querySelector(q.dmMessage) ?? row;
    const blocks = Array.from(cell.querySelectorAll(q.dmText)).filter(
      (d) =>
        !d.closest('h1, h2, h3, h4, h5, h6, [role="button"]') &&
        !d.querySelector(q.dmText) &&
        !(d.closest('a[href]') && profileOfHref(d.closest('a[href]')!.getAttribute('href'))),
    );
    return clean(blocks.map((d) => clean(readText(d), 20_000)).join('\n'), 20_000);
  }

  /** The nearest time separator above a row, reduced to its clock time ("09:12", "9:12 AM"). */
  function separatorKey(row: Element, pane: Element): { key: string; at: string | null } {
    const rows = dmRowsOf(pane);
    for (let i = rows.indexOf(row) - 1; i >= 0; i--) {
      const r = rows[i]!;
      if (!isSeparator(r)) continue;
      const text = clean(readText(r), 200);
      const clock = /\b\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?/i.exec(text)?.[0];
      const t = r.querySelector('time[datetime], abbr[data-utime]');
      const utime = t?.getAttribute('data-utime');
      const at =
        utime && /^\d{9,11}$/.test(utime)
          ? new Date(Number(utime) * 1000).toISOString()
          : isoOrNull(t?.getAttribute('datetime') ?? null);
      return { key: (clock ?? text).toLowerCase().replace(/\s+/g, ''), at };
    }
    return { key: '', at: null };
  }

  /** The account the conversation belongs to: the signed-in one where the page shows it, else our only profile. */
  function dmProfile(doc: Document, ctx: ExtractContext): string | null {
    return matchProfile(signedInAs(doc), ctx.profiles) ?? (ctx.profiles.length === 1 ? ctx.profiles[0]! : null);
  }

  /**
   * One message of the open conversation. Messenger's markup carries no message id of its
   * own, so the id is derived: `dm:<thread>:<sender>:<text hash>:<separator hash>` — the
   * sender `me` (ours), their profile id or name hash (theirs) or `?`, sweepTextHash of the
   * text, and a hash of the clock time of the nearest time separator above ("Today at 09:12"
   * becomes "Yesterday at 09:12" the next day; the clock time stays). Never the row's position.
   * What merges: two messages with the same text from the same sender under separators showing
   * the same clock time (the same "ok" twice in one sitting) are one item. The time is the
   * separator's own `time[datetime]` / `data-utime` where it carries one, else null (the
   * words "Today at 09:12" are not parsed: no zone, translated).
   */
  function extractDm(row: Element, ctx: ExtractContext): CapturedItem | null {
    const thread = threadOfUrl(ctx.url);
    const pane = dmPaneOf(row);
    if (!thread || !pane || !isDmRow(row)) return null;
    const text = dmTextOf(row);
    if (!text) return null; // a photo, sticker or call notice: nothing to read
    const side = dmSide(row, pane);
    const profile = side === null ? null : dmProfile(row.ownerDocument, ctx);
    const sender =
      side === null
        ? '?'
        : side.us
          ? 'me'
          : (side.handle ?? `n${sweepTextHash((side.name ?? '').toLowerCase()).slice(0, 12)}`);
    const sep = separatorKey(row, pane);
    const nativeId = `dm:${thread.id}:${sender}:${sweepTextHash(text)}:${sweepTextHash(sep.key).slice(0, 8)}`;
    const author =
      side === null
        ? { handle: null, name: null, url: null }
        : side.us
          ? { handle: profile, name: null, url: null }
          : {
              handle: side.handle,
              name: side.name,
              url: side.url,
            };
    const parsed = CapturedItem.safeParse({
      platform: 'facebook' as const,
      nativeId,
      kind: 'dm' as const,
      profile,
      author,
      text,
      permalink: thread.url,
      siteTimestamp: sep.at,
      parentId: null,
      threadId: thread.id,
      lang: null,
    });
    return parsed.success ? parsed.data : null;
  }

  /** The message rows under `root` (which may be one), in document order. */
  function dmRows(root: ParentNode): Element[] {
    const rows: Element[] = [];
    const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
    const cells = Array.from(root.querySelectorAll(q.dmMessage));
    if (rootEl?.matches(q.dmMessage)) cells.unshift(rootEl);
    for (const cell of cells) {
      const row = cell.closest(q.dmRow);
      if (row && !rows.includes(row) && dmPaneOf(row)) rows.push(row);
    }
    if (rootEl && isDmRow(rootEl) && !rows.includes(rootEl) && dmPaneOf(rootEl)) rows.unshift(rootEl);
    return rows;
  }

  /** The post's permalink among its own links: a post URL (posts/, story_fbid, permalink, photo, video). */
  function postLinkOf(postEl: Element): { ref: FacebookPostRef; url: URL } | null {
    for (const a of postEl.querySelectorAll('a[href]')) {
      if (a.parentElement?.closest(q.profilePost) !== postEl && a.closest(q.profilePost) !== postEl) continue;
      if (a.closest('div[role="article"][aria-label]')) continue; // a comment's own links
      const u = parseHref(a.getAttribute('href'));
      if (!u || u.searchParams.has('comment_id')) continue;
      const ref = postOfUrl(new URL(u.pathname + u.search, ORIGIN));
      if (ref) return { ref, url: u };
    }
    return null;
  }

  function isPinned(postEl: Element): boolean {
    for (const m of postEl.querySelectorAll(q.pinnedMark)) if (m.closest(q.profilePost) === postEl) return true;
    for (const s of leafTexts(postEl)) {
      if (s.closest(q.profilePost) === postEl && /^pinned post$/i.test(readText(s).trim())) return true;
    }
    return false;
  }

  function signedInAs(doc: Document): string | null {
    if (adapter.signedOut?.(doc)) return null;
    for (const a of doc.querySelectorAll(q.accountRail)) {
      const ref = profileOfHref(a.getAttribute('href'));
      if (ref) return ref.handle;
    }
    return null;
  }

  function pathOfDoc(doc: Document): string {
    return doc.location?.pathname ?? '';
  }

  function challenge(doc: Document): boolean {
    if (/^\/(?:checkpoint|two_step_verification)(?:\/|$)/.test(pathOfDoc(doc))) return true;
    return doc.querySelector(q.challenge) !== null;
  }

  function signedOut(doc: Document): boolean {
    if (challenge(doc)) return false; // a security check is its own stop, not a sign-in page
    if (/^\/(?:login(?:\.php)?|r\.php|reg)(?:\/|$)/.test(pathOfDoc(doc))) return true;
    // the login form (page, wall or logged-out banner) where no signed-in top bar is shown
    return doc.querySelector(q.loginForm) !== null && doc.querySelector(q.accountButton) === null;
  }

  /** Thread expanders: unlabelled buttons in a post whose words only ask for more of the thread. */
  function sweepExpanders(doc: Document): Element[] {
    const out: Element[] = [];
    for (const b of doc.querySelectorAll(q.expander)) {
      if (b.closest('a[href], form, [contenteditable="true"], [role="dialog"][aria-modal="true"] [role="menu"]'))
        continue;
      if (b.querySelector('a[href], [contenteditable="true"]')) continue;
      const words = (b.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (MORE_THREAD_WORDS.some((re) => re.test(words))) {
        out.push(b);
        continue;
      }
      // "See more" of a comment's text (inside the comment's own article)
      if (/^see more$/i.test(words)) {
        const article = b.closest('div[role="article"]');
        if (article && isComment(article)) out.push(b);
      }
    }
    return out;
  }

  const adapter: SiteAdapter<FacebookSelectorName> = {
    platform: 'facebook',
    hosts: FACEBOOK_HOSTS,
    matches: FACEBOOK_MATCHES,
    pages: PAGES,
    pageKind(url) {
      for (const [kind, spec] of Object.entries(PAGES)) if (spec.test(url)) return kind;
      return null;
    },
    selectors,
    withSelectors: (override: SelectorPack) => createFacebookAdapter(mergeSelectors(selectors, override)),

    findItems(root) {
      const found: Element[] = [];
      const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
      if (rootEl?.matches(q.item)) found.push(rootEl);
      for (const el of root.querySelectorAll(q.item)) found.push(el);
      // comments (post pages), notification rows (the notifications page; the link says which),
      // then the messages of an open conversation (the dm page)
      return [...found.filter(isComment), ...notificationRows(root), ...dmRows(root)];
    },

    extract,
    actionRow,

    isInbound(item: CapturedItem, ctx: PolicyContext) {
      if (ctx.page === 'dm') {
        // a message in one of our conversations, not written by us (side unknown: profile null)
        return item.kind === 'dm' && item.profile !== null && matchProfile(item.author.handle, ctx.profiles) === null;
      }
      if (ctx.page === 'notifications') {
        // a notification reached the signed-in account; our own profiles never notify themselves
        if (item.profile === null || !['comment', 'reply', 'mention'].includes(item.kind)) return false;
        return matchProfile(item.author.handle, ctx.profiles) === null;
      }
      if (ctx.page !== 'post' || item.profile === null) return false;
      if (item.kind !== 'comment' && item.kind !== 'reply') return false;
      return matchProfile(item.author.handle, ctx.profiles) === null;
    },

    /** dm: ours by author (run-site reads conversations flat: ours answers the nearest inbound above). */
    isOwnReply(item: CapturedItem, ctx: PolicyContext) {
      if (ctx.page === 'dm') {
        return item.kind === 'dm' && item.profile !== null && matchProfile(item.author.handle, ctx.profiles) !== null;
      }
      if (item.kind === 'dm') return false;
      return item.kind === 'reply' && item.parentId !== null && matchProfile(item.author.handle, ctx.profiles) !== null;
    },

    /**
     * Facebook shows the account only as a name and avatar under translated
     * labels ("Your profile"), and a person acting as a Page comments as the
     * Page: nothing on the page tells the acting handle reliably.
     */
    detectLoggedInHandle: () => null,

    /**
     * Notifications: items are expected once the list shows a notification about a comment
     * (a link with comment_id), so a list of reactions and birthdays is not "unreadable".
     */
    itemsExpected(doc: Document, page: string) {
      if (page !== 'notifications') return true;
      return Array.from(doc.querySelectorAll(q.notificationLink)).some((a) =>
        /[?&]comment_id=/.test(a.getAttribute('href') ?? ''),
      );
    },

    /**
     * The list pages: the notifications list, the Messenger list (a Page acting in the new Pages
     * experience has its own; Meta Business Suite's inbox is another product, not swept), and the
     * profile's or Page's timeline.
     */
    sweepPage(kind, profile) {
      if (kind === 'notifications') return `${ORIGIN}/notifications`;
      if (kind === 'dms') return `${ORIGIN}/messages/`;
      const handle = profile.trim().replace(/^@/, '');
      if (ID.test(handle)) return `${ORIGIN}/profile.php?id=${handle}`;
      return VANITY.test(handle) && !RESERVED.has(handle.toLowerCase()) ? `${ORIGIN}/${handle}` : null;
    },

    /** Conversation rows of the Messenger list: links to /messages/t/<id>/; never clicked. */
    sweepThreads(doc: Document): SweepThread[] {
      const out: SweepThread[] = [];
      // a conversation Facebook opened in place of the list (see `inbox`) is not the list
      if (threadOfUrl(new URL(doc.location?.href ?? ORIGIN)) !== null) return out;
      for (const link of doc.querySelectorAll(q.threadLink)) {
        const t = threadOf(link);
        if (t && !out.some((o) => o.id === t.id)) out.push(t);
      }
      return out;
    },

    /** Our posts on the timeline: each post's own permalink; by one of our profiles (header or link). */
    sweepPosts(doc: Document, profiles: readonly string[]): SweepPost[] {
      const out: SweepPost[] = [];
      const page = profileOfUrl(new URL(doc.location?.href ?? ORIGIN));
      for (const postEl of doc.querySelectorAll(q.profilePost)) {
        if (postEl.parentElement?.closest(q.profilePost)) continue; // a post shared inside a post
        const found = postLinkOf(postEl);
        if (!found) continue;
        const header = firstByEntry(postEl, selectors.postAuthor);
        const author = profileOfHref(header?.getAttribute('href') ?? null)?.handle ?? null;
        const ours =
          matchProfile(author, profiles) ?? (author === null ? matchProfile(found.ref.author ?? page, profiles) : null);
        if (!ours || out.some((o) => o.id === found.ref.id)) continue;
        const base = new URL(ORIGIN);
        base.pathname = found.url.pathname;
        for (const key of ['story_fbid', 'id', 'fbid', 'set', 'v']) {
          const v = found.url.searchParams.get(key);
          if (v) base.searchParams.set(key, v);
        }
        const t = postEl.querySelector('time[datetime]');
        out.push({
          id: found.ref.id,
          url: base.href,
          at: isoOrNull(t?.getAttribute('datetime') ?? null),
          pinned: isPinned(postEl),
        });
      }
      return out;
    },

    signedInAs,
    signedOut,
    challenge,
    sweepExpanders,

    composer: {
      editor: 'lexical',

      async open(el: Element, timeoutMs = 3000): Promise<Element | null> {
        // no reply insertion into Messenger: a message row never opens a box
        if (isDmRow(el) || el.closest(q.dmMessage)) return null;
        const doc = el.ownerDocument;
        const reply = replyButtonOf(el);
        if (reply) {
          click(reply);
          const box = await waitForElement(doc, () => editorNear(el), timeoutMs);
          focus(box);
          return box;
        }
        // no Reply control (logged out, or older markup): the post's own box, the last one on the post
        const scope: ParentNode = postOf(el) ?? doc;
        const box = await waitForElement(
          doc,
          () => Array.from(scope.querySelectorAll(q.composer)).at(-1) ?? null,
          timeoutMs,
        );
        focus(box);
        return box;
      },

      sendButton(editor: Element): Element | null {
        const form = editor.closest('form');
        if (form) return firstByEntry(form, selectors.sendButton);
        let node: Element | null = editor.parentElement;
        for (let level = 0; node && level < 5; level++, node = node.parentElement) {
          const found = firstByEntry(node, selectors.sendButton);
          if (found) return found;
        }
        return null;
      },
    },

    expected: [
      {
        fixture: 'test/fixtures/facebook/post-logged-out.html',
        url: 'https://www.facebook.com/brightkettle/posts/pfbid02BrightKettleSpringRestockAnonymisedDemoPost7xQ2mL9',
        profiles: ['brightkettle'],
        counts: {
          items: 10,
          recognised: 10,
          inbound: 8,
          'kind:comment': 10,
          'kind:reply': 0,
          item: 11,
          post: 1,
          postAuthor: 1,
          permalink: 30,
          body: 10,
          linkCard: 1,
          composer: 0,
          sendButton: 0,
        },
      },
      {
        fixture: 'test/fixtures/facebook/post-logged-in.html',
        url: 'https://www.facebook.com/inlaydemo/posts/8800000000000200',
        profiles: ['inlaydemo'],
        counts: {
          items: 5,
          recognised: 5,
          inbound: 3,
          'kind:comment': 3,
          'kind:reply': 2,
          item: 6,
          post: 1,
          postAuthor: 1,
          permalink: 15,
          body: 5,
          composer: 2,
          sendButton: 3,
        },
      },
      {
        fixture: 'test/fixtures/facebook/notifications.html',
        url: 'https://www.facebook.com/notifications',
        profiles: ['inlaydemo'],
        counts: {
          items: 8,
          recognised: 4,
          inbound: 4,
          'kind:comment': 2,
          'kind:reply': 1,
          'kind:mention': 1,
          notificationLink: 8,
          notificationName: 9,
          item: 0,
          post: 0,
          threadLink: 0,
          accountButton: 4,
          loginForm: 0,
          challenge: 0,
        },
      },
      {
        fixture: 'test/fixtures/facebook/messages-thread.html',
        url: 'https://www.facebook.com/messages/t/8800000000000601/',
        profiles: ['inlaydemo'],
        counts: {
          items: 5,
          recognised: 5,
          inbound: 2,
          own: 3,
          'kind:dm': 5,
          dmThread: 1,
          dmRow: 9,
          dmMessage: 5,
          dmOutgoing: 0,
          item: 0,
          post: 0,
          composer: 1,
          threadLink: 1,
          loginForm: 0,
          challenge: 0,
        },
      },
    ],
  };
  return adapter;
}

export const facebook = createFacebookAdapter();
