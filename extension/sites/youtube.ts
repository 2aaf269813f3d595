/**
 * YouTube (www.youtube.com): everything Inlay knows about the site's markup.
 *
 * This adapter reads the comments of a watch page (and of a Short, when its
 * comment panel is open): `ytd-comment-thread-renderer` threads whose comments
 * are `ytd-comment-view-model` (2024+) or `ytd-comment-renderer` (before), with
 * replies under `ytd-comment-replies-renderer`. Keys are YouTube's custom
 * elements, the ids its Polymer templates stamp (`#author-text`,
 * `#content-text`, `#published-time-text`, `#reply-button-end`), and the
 * `&lc=<commentId>` permalink; never generated class names. For sweeps it also
 * knows the channel's Videos tab (`channelVideos`: `sweepPosts` lists our
 * videos by video id), the "N replies" expanders, and the sign-in and
 * security-check pages YouTube and Google show instead of a page.
 * See ../../../shared/SITES.md (YouTube) for where each fact comes from.
 *
 * Single-valued lookups (the video's owner, the composer's Send button) try
 * the entries of their array in order, newest first, and take the first hit:
 * YouTube leaves retired elements in the page (hidden, sometimes stale), so a
 * newer match must win over an older one that happens to come first.
 */
import { CapturedItem } from '../../shared/model';
import {
  compileSelectors,
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
} from './types';
import { isoOrNull, readText } from './read';

/* ------------------------------------------------------------------ selectors */

export type YouTubeSelectorName =
  | 'thread'
  | 'item'
  | 'replies'
  | 'authorText'
  | 'ownerBadge'
  | 'verified'
  | 'text'
  | 'permalink'
  | 'time'
  | 'actionRow'
  | 'replyButton'
  | 'notInComment'
  | 'videoOwner'
  | 'ownVideoTools'
  | 'accountHandle'
  | 'watchFlexy'
  | 'simplebox'
  | 'commentbox'
  | 'composer'
  | 'topComposer'
  | 'commentCount'
  | 'sendButton'
  | 'videoItem'
  | 'ownChannelTools'
  | 'moreReplies'
  | 'signInLink'
  | 'avatarButton'
  | 'challenge'
  | 'botCheck';

/**
 * Newest first. `seen` dates when the variant is known on the live site: the
 * current ones from SITES.md (2025–2026), older ones from the markup the
 * sites used before; none was re-checked live for this adapter (no capture).
 */
export const YOUTUBE_SELECTORS: Selectors<YouTubeSelectorName> = {
  thread: [{ css: 'ytd-comment-thread-renderer', seen: '2026-01', note: 'one top-level comment and its replies' }],
  item: [
    {
      css: 'ytd-comment-thread-renderer ytd-comment-view-model',
      seen: '2026-01',
      note: 'view-model comments (2024+), top level and replies alike',
    },
    {
      css: 'ytd-comment-thread-renderer ytd-comment-renderer',
      seen: '2023-10',
      note: 'Polymer comment renderer before the view-model rollout',
    },
  ],
  replies: [
    { css: 'ytd-comment-replies-renderer #contents', seen: '2026-01', note: 'expanded replies' },
    { css: 'ytd-comment-replies-renderer #teaser-replies', seen: '2024-06', note: 'replies shown before expanding' },
    { css: 'ytd-comment-replies-renderer #loaded-replies', seen: '2022-06', note: 'older replies container' },
    { css: 'ytd-comment-replies-renderer', seen: '2026-01', note: 'anything under the replies renderer is a reply' },
  ],
  authorText: [
    {
      css: '#author-text',
      seen: '2026-01',
      note: 'a[href="/@handle"]; carries `hidden` when the owner badge shows the name instead',
    },
  ],
  ownerBadge: [
    {
      css: '#author-comment-badge ytd-author-comment-badge-renderer',
      seen: '2026-01',
      note: "the channel owner's name pill, linking to the channel",
    },
    { css: 'ytd-author-comment-badge-renderer', seen: '2023-10' },
  ],
  verified: [
    {
      css: '#header-author ytd-badge-supported-renderer .badge-style-type-verified',
      seen: '2025-06',
      note: 'semantic Polymer class, not a generated one',
    },
    { css: '#header-author ytd-badge-supported-renderer [aria-label="Verified"]', seen: '2025-06' },
  ],
  text: [
    { css: '#content-text', seen: '2026-01', note: 'yt-attributed-string (2024+) or yt-formatted-string (before)' },
  ],
  permalink: [
    {
      css: '#published-time-text a[href*="lc="]',
      seen: '2026-01',
      note: 'the relative time links to /watch?v=…&lc=<commentId>',
    },
    {
      css: '.published-time-text a[href*="lc="]',
      seen: '2022-06',
      note: 'yt-formatted-string.published-time-text (semantic class) before the id',
    },
    { css: '#header-author a[href*="lc="]', seen: '2023-10' },
  ],
  time: [
    { css: '#header-author time[datetime]', seen: '2026-01', note: 'not rendered today: YouTube shows relative times' },
  ],
  actionRow: [
    { css: 'ytd-comment-engagement-bar #toolbar', seen: '2026-01', note: 'like, dislike, heart, Reply' },
    { css: 'ytd-comment-action-buttons-renderer #toolbar', seen: '2023-10' },
    { css: '#action-buttons #toolbar', seen: '2023-10' },
  ],
  replyButton: [
    { css: '#reply-button-end button', seen: '2026-01', note: 'yt-button-shape button inside the reply renderer' },
    { css: '#reply-button-end tp-yt-paper-button', seen: '2022-06' },
    { css: '#reply-button-end', seen: '2023-10', note: 'the renderer itself when its button is not stamped yet' },
  ],
  notInComment: [
    {
      css: 'ytd-commentbox',
      seen: '2026-01',
      note: 'an open reply box inside a comment is not part of the comment',
    },
  ],
  videoOwner: [
    {
      css: 'ytd-watch-metadata ytd-video-owner-renderer a[href]',
      seen: '2026-01',
      note: 'avatar and channel-name links of the watch page',
    },
    { css: 'ytd-watch-metadata #owner ytd-channel-name a[href]', seen: '2025-06' },
    { css: '#above-the-fold #owner a[href]', seen: '2025-06' },
    {
      css: 'ytd-video-secondary-info-renderer ytd-video-owner-renderer a[href]',
      seen: '2022-06',
      note: 'watch layout before ytd-watch-metadata',
    },
    {
      css: 'ytd-reel-video-renderer[is-active] ytd-channel-name a[href]',
      seen: '2025-06',
      note: 'the Short on screen',
    },
    { css: 'ytd-reel-video-renderer[is-active] yt-reel-channel-bar-view-model a[href]', seen: '2025-06' },
  ],
  ownVideoTools: [
    {
      css: 'ytd-watch-metadata #owner a[href^="https://studio.youtube.com/video/"]',
      seen: '2025-06',
      note: 'Analytics / Edit video replace Subscribe when the signed-in channel owns the video',
    },
    { css: '#owner a[href^="https://studio.youtube.com/video/"]', seen: '2024-06' },
  ],
  accountHandle: [
    {
      css: 'ytd-active-account-header-renderer #channel-handle',
      seen: '2025-06',
      note: 'the account menu (stays in the DOM once it has been opened)',
    },
  ],
  watchFlexy: [{ css: 'ytd-watch-flexy[video-id]', seen: '2026-01', note: 'the watch page carries its video id' }],
  simplebox: [
    {
      css: 'ytd-comment-simplebox-renderer #simplebox-placeholder',
      seen: '2026-01',
      note: '"Add a comment…" above the threads',
    },
    { css: 'ytd-comment-simplebox-renderer #placeholder-area', seen: '2025-06' },
  ],
  commentbox: [{ css: 'ytd-commentbox', seen: '2026-01', note: 'the open comment or reply box' }],
  composer: [
    {
      css: 'ytd-commentbox #contenteditable-root[contenteditable="true"]',
      seen: '2026-01',
      note: 'Polymer contenteditable (yt-formatted-string#contenteditable-textarea)',
    },
    { css: 'ytd-commentbox #contenteditable-root', seen: '2025-06' },
  ],
  commentCount: [
    {
      css: 'ytd-comments-header-renderer #count',
      seen: '2026-01',
      note: '"11 Comments" above the threads, rendered once the lazy comments section has loaded',
    },
  ],
  topComposer: [
    {
      css: 'ytd-comment-simplebox-renderer ytd-commentbox #contenteditable-root',
      seen: '2026-01',
      note: 'the top-level box once the placeholder was clicked',
    },
    { css: 'ytd-comments-header-renderer ytd-commentbox #contenteditable-root', seen: '2025-06' },
  ],
  sendButton: [
    { css: '#submit-button button', seen: '2026-01', note: 'disabled until the box has text' },
    { css: '#submit-button tp-yt-paper-button', seen: '2022-06' },
    { css: '#submit-button', seen: '2023-10' },
  ],
  /* Sweeps (docs/sweeps.md): the channel's videos list, the watch page's reply expanders, and
     what YouTube and Google show instead of a page. Constructed from the public facts each note
     names; none re-checked live for Inlay. */
  videoItem: [
    {
      css: 'ytd-rich-item-renderer a#video-title-link[href*="/watch?v="]',
      seen: '2025-06',
      note: 'the /@handle/videos grid: one rich item per video, its title links to /watch?v=<id>',
    },
    {
      css: 'ytd-rich-item-renderer yt-lockup-view-model a[href^="/watch?v="]',
      seen: '2025-10',
      note: 'lockup view-model items (2025 rollout) inside the same rich item',
    },
    {
      css: 'ytd-grid-video-renderer a#video-title[href*="/watch?v="]',
      seen: '2022-06',
      note: 'the channel grid before rich items',
    },
  ],
  ownChannelTools: [
    {
      css: 'yt-page-header-renderer a[href^="https://studio.youtube.com/"]',
      seen: '2025-06',
      note: '"Customize channel" / "Manage videos" replace Subscribe on the signed-in channel\'s own page',
    },
    { css: '#channel-header a[href^="https://studio.youtube.com/"]', seen: '2023-10' },
  ],
  moreReplies: [
    {
      css: 'ytd-comment-replies-renderer #more-replies button',
      seen: '2026-01',
      note: '"N replies" under a comment (yt-button-shape button); #less-replies beside it hides them again',
    },
    {
      css: 'ytd-comment-replies-renderer #more-replies-sub-thread button',
      seen: '2025-06',
      note: 'the same for a nested sub-thread rollout',
    },
    {
      css: 'ytd-comment-replies-renderer ytd-continuation-item-renderer button',
      seen: '2026-01',
      note: '"Show more replies" at the end of an expanded reply list',
    },
    { css: 'ytd-comment-replies-renderer #more-replies tp-yt-paper-button', seen: '2022-06' },
  ],
  signInLink: [
    {
      css: 'ytd-masthead ytd-button-renderer a[href*="ServiceLogin"]',
      seen: '2026-01',
      note: 'the masthead "Sign in" button shown instead of the avatar',
    },
    { css: '#masthead #buttons a[href*="accounts.google.com"]', seen: '2023-10' },
  ],
  avatarButton: [
    {
      css: 'ytd-masthead #avatar-btn',
      seen: '2026-01',
      note: "the signed-in account's avatar (ytd-topbar-menu-button-renderer)",
    },
    { css: 'ytd-topbar-menu-button-renderer #avatar-btn', seen: '2023-10' },
  ],
  challenge: [
    {
      css: 'form#captcha-form, #recaptcha[data-sitekey]',
      seen: '2025-06',
      note: 'the google.com/sorry "unusual traffic" captcha page',
    },
    { css: 'iframe[src*="recaptcha"], iframe[title*="reCAPTCHA"]', seen: '2025-06' },
  ],
  botCheck: [
    {
      css: 'yt-playability-error-supported-renderers',
      seen: '2025-06',
      note: 'the player\'s error box; a challenge only when it says "confirm you\'re not a bot" (words checked)',
    },
  ],
};

/** An expander's words: "3 replies", "1 reply", "Show more replies" (never "Hide replies"). */
const MORE_REPLIES_TEXT = /\breplies\b|\breply\b|\bshow more\b/i;
const LESS_REPLIES_TEXT = /\bhide\b|\bless\b/i;
/** The player's "Sign in to confirm you’re not a bot" check. */
const BOT_CHECK_TEXT = /confirm (?:that )?you[’']?re not a bot/i;
/** Google's account check: "Verify it’s you". */
const VERIFY_TEXT = /verify it[’']?s you/i;

/* ----------------------------------------------------------------------- URLs */

export const YOUTUBE_HOSTS = ['www.youtube.com', 'youtube.com'] as const;
export const YOUTUBE_MATCHES = ['https://www.youtube.com/*'] as const;

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const LIVE_PATH = /^\/live\/([A-Za-z0-9_-]{11})\/?$/;
const SHORTS_PATH = /^\/shorts\/([A-Za-z0-9_-]{11})\/?$/;
const HANDLE_PATH = /^\/@([^/?#]{1,100})\/?$/;
const CHANNEL_PATH = /^\/channel\/(UC[A-Za-z0-9_-]{10,40})\/?$/;
const COMMENT_ID = /^[A-Za-z0-9_.-]{1,200}$/;
/** A channel's Videos tab: `/@handle/videos` or `/channel/UC…/videos`. */
const CHANNEL_VIDEOS_PATH = /^\/(?:@([^/?#]{1,100})|channel\/(UC[A-Za-z0-9_-]{10,40}))\/videos\/?$/;
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;

function isYouTubeHost(url: URL): boolean {
  return url.protocol === 'https:' && isYouTubeHostName(url.hostname);
}

function isYouTubeHostName(host: string): boolean {
  return (YOUTUBE_HOSTS as readonly string[]).includes(host);
}

/** The video a URL shows and how (`watch`, including `/live/<id>`, or `shorts`). */
export function videoOfUrl(url: URL): { page: 'watch' | 'shorts'; id: string } | null {
  if (!isYouTubeHost(url)) return null;
  if (url.pathname === '/watch' || url.pathname === '/watch/') {
    const v = url.searchParams.get('v');
    return v && VIDEO_ID.test(v) ? { page: 'watch', id: v } : null;
  }
  const live = LIVE_PATH.exec(url.pathname);
  if (live) return { page: 'watch', id: live[1]! };
  const shorts = SHORTS_PATH.exec(url.pathname);
  return shorts ? { page: 'shorts', id: shorts[1]! } : null;
}

const OTHER_SITES = [
  'https://x.com/inlaydemo/status/1900000000000000100',
  'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000000/',
  'https://www.reddit.com/r/test/comments/abc123/a_post/',
  'https://www.facebook.com/inlaydemo/posts/1234567890',
  'https://www.instagram.com/p/DInLay0001a/',
  'https://www.tiktok.com/@inlaydemo/video/7000000000000000000',
];

const watch: PageSpec = {
  test: (url) => videoOfUrl(url)?.page === 'watch',
  expectsItems: true,
  examples: {
    accept: [
      'https://www.youtube.com/watch?v=Dm0InLay001',
      'https://www.youtube.com/watch?v=Dm0InLay001&lc=UgxMapleOwl1a2b3c4d5e6f4AaABAg',
      'https://www.youtube.com/watch?v=Dm0InLay001&t=75s',
      'https://www.youtube.com/watch?app=desktop&v=Dm0InLay001',
      'https://www.youtube.com/watch?v=Dm0InLay001&list=PLInlayDemo0000000000000000000000&index=2',
      'https://www.youtube.com/watch/?v=Dm0InLay001#comments',
      'https://www.youtube.com/live/Dm0InLay001',
      'https://youtube.com/watch?v=Dm0InLay001',
    ],
    reject: [
      'https://www.youtube.com/',
      'https://www.youtube.com/watch',
      'https://www.youtube.com/watch?v=short',
      'https://www.youtube.com/watch?v=Dm0InLay001toolong',
      'https://www.youtube.com/watch?list=PLInlayDemo0000000000000000000000',
      'https://www.youtube.com/@inlaydemo',
      'https://www.youtube.com/@inlaydemo/videos',
      'https://www.youtube.com/channel/UCinlaydemo0000000000000',
      'https://www.youtube.com/results?search_query=watch%3Fv%3DDm0InLay001',
      'https://www.youtube.com/feed/subscriptions',
      'https://www.youtube.com/playlist?list=PLInlayDemo0000000000000000000000',
      'https://www.youtube.com/post/UgkxInlayDemoPost000000000000000000',
      'https://www.youtube.com/shorts/Dm0InLay001',
      'https://www.youtube.com/embed/Dm0InLay001',
      'https://m.youtube.com/watch?v=Dm0InLay001',
      'https://music.youtube.com/watch?v=Dm0InLay001',
      'https://studio.youtube.com/video/Dm0InLay001/edit',
      'https://youtu.be/Dm0InLay001',
      'http://www.youtube.com/watch?v=Dm0InLay001',
      'https://www.youtube.com.evil.example/watch?v=Dm0InLay001',
      ...OTHER_SITES,
    ],
  },
};

/** The channel whose Videos tab a URL shows, or null. */
export function channelVideosOfUrl(url: URL): { handle: string | null; channelId: string | null } | null {
  if (!isYouTubeHost(url)) return null;
  const m = CHANNEL_VIDEOS_PATH.exec(url.pathname);
  if (!m) return null;
  if (m[2]) return { handle: null, channelId: m[2] };
  const handle = decode(m[1]!);
  return handle && !/[\s/]/.test(handle) ? { handle, channelId: null } : null;
}

const channelVideos: PageSpec = {
  test: (url) => channelVideosOfUrl(url) !== null,
  // a grid of videos, not comments: sweepPosts reads it, and it holds no items
  expectsItems: false,
  examples: {
    accept: [
      'https://www.youtube.com/@inlaydemo/videos',
      'https://www.youtube.com/@inlaydemo/videos/',
      'https://www.youtube.com/@InlayDemo/videos?view=0&sort=dd',
      'https://www.youtube.com/channel/UCinlaydemo0000000000000/videos',
      'https://youtube.com/@inlaydemo/videos',
    ],
    reject: [
      'https://www.youtube.com/@inlaydemo',
      'https://www.youtube.com/@inlaydemo/shorts',
      'https://www.youtube.com/@inlaydemo/streams',
      'https://www.youtube.com/@inlaydemo/community',
      'https://www.youtube.com/@inlaydemo/videos/extra',
      'https://www.youtube.com/channel/UCinlaydemo0000000000000',
      'https://www.youtube.com/channel/UCinlaydemo0000000000000/join',
      'https://www.youtube.com/watch?v=Dm0InLay001',
      'https://www.youtube.com/shorts/Dm0InLay002',
      'https://www.youtube.com/feed/videos',
      'https://m.youtube.com/@inlaydemo/videos',
      'https://studio.youtube.com/channel/UCinlaydemo0000000000000/videos',
      'http://www.youtube.com/@inlaydemo/videos',
      'https://www.youtube.com.evil.example/@inlaydemo/videos',
      ...OTHER_SITES,
    ],
  },
};

const shorts: PageSpec = {
  test: (url) => videoOfUrl(url)?.page === 'shorts',
  // the comment panel of a Short is closed until the viewer opens it
  expectsItems: false,
  examples: {
    accept: [
      'https://www.youtube.com/shorts/Dm0InLay002',
      'https://www.youtube.com/shorts/Dm0InLay002/',
      'https://www.youtube.com/shorts/Dm0InLay002?feature=share',
    ],
    reject: [
      'https://www.youtube.com/shorts/',
      'https://www.youtube.com/shorts/short',
      'https://www.youtube.com/@inlaydemo/shorts',
      'https://www.youtube.com/watch?v=Dm0InLay002',
      'https://m.youtube.com/shorts/Dm0InLay002',
      ...OTHER_SITES,
    ],
  },
};

const PAGES = { watch, shorts, channelVideos } as const;

/* ------------------------------------------------------------------- reading */

function pathAndQuery(href: string | null): URL | null {
  if (!href) return null;
  try {
    const u = new URL(href, 'https://www.youtube.com/');
    return (YOUTUBE_HOSTS as readonly string[]).includes(u.hostname) ? u : null;
  } catch {
    return null;
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A channel link: `/@handle` or `/channel/UC…` (nothing else, e.g. not `/channel/UC…/join`). */
export function channelOfHref(href: string | null): { handle: string | null; channelId: string | null } | null {
  const u = pathAndQuery(href);
  if (!u) return null;
  const h = HANDLE_PATH.exec(u.pathname);
  if (h) {
    const handle = decode(h[1]!);
    return handle && !/[\s/]/.test(handle) ? { handle, channelId: null } : null;
  }
  const c = CHANNEL_PATH.exec(u.pathname);
  return c ? { handle: null, channelId: c[1]! } : null;
}

function channelUrl(ch: { handle: string | null; channelId: string | null }): string | null {
  if (ch.handle) return `https://www.youtube.com/@${encodeURIComponent(ch.handle)}`;
  if (ch.channelId) return `https://www.youtube.com/channel/${ch.channelId}`;
  return null;
}

type Channel = { handle: string | null; channelId: string | null };

/** Is this channel one of our profiles (by handle, or by channel id if a profile was configured that way)? */
function channelProfile(ch: Channel | null, profiles: readonly string[]): string | null {
  if (!ch) return null;
  return matchProfile(ch.handle, profiles) ?? matchProfile(ch.channelId, profiles);
}

function clickable(el: Element): el is Element & { click(): void } {
  return typeof (el as { click?: unknown }).click === 'function';
}

export function createYouTubeAdapter(
  selectors: Selectors<YouTubeSelectorName> = YOUTUBE_SELECTORS,
): SiteAdapter<YouTubeSelectorName> {
  const q = compileSelectors(selectors);

  /** The first element under `root` matching the entries, tried in order (newest first). */
  function firstByPriority(root: ParentNode, entries: readonly SelectorEntry[]): Element | null {
    for (const e of entries) {
      const found = root.querySelector(e.css);
      if (found) return found;
    }
    return null;
  }

  /** Belongs to this comment itself: not inside an open reply box (or, defensively, another comment). */
  function isOwn(node: Element, comment: Element): boolean {
    for (let n = node.parentElement; n && n !== comment; n = n.parentElement) {
      if (n.matches(q.notInComment) || n.matches(q.item)) return false;
    }
    return true;
  }

  function ownFirst(comment: Element, sel: string): Element | null {
    for (const el of comment.querySelectorAll(sel)) if (isOwn(el, comment)) return el;
    return null;
  }

  /** The comment's id and video from its `&lc=` permalink. */
  function permalinkOf(comment: Element): { id: string; videoId: string | null } | null {
    for (const a of comment.querySelectorAll(q.permalink)) {
      if (!isOwn(a, comment)) continue;
      const u = pathAndQuery(a.getAttribute('href'));
      const lc = u?.searchParams.get('lc') ?? null;
      if (!u || !lc || !COMMENT_ID.test(lc)) continue;
      const v = u.searchParams.get('v') ?? SHORTS_PATH.exec(u.pathname)?.[1] ?? null;
      return { id: lc, videoId: v && VIDEO_ID.test(v) ? v : null };
    }
    return null;
  }

  function authorOf(comment: Element) {
    const textLink = ownFirst(comment, q.authorText);
    const badge = ownFirst(comment, q.ownerBadge);
    let ch = textLink ? channelOfHref(textLink.getAttribute('href')) : null;
    let label = textLink ? readText(textLink).trim() : '';
    if ((!ch || !label) && badge) {
      // the owner's pill: its link and its text name the channel
      for (const a of badge.querySelectorAll('a[href]')) {
        const c = channelOfHref(a.getAttribute('href'));
        if (c) {
          ch ??= c;
          break;
        }
      }
      if (!label) label = readText(badge).trim();
    }
    if (!ch && label.startsWith('@') && /^@[^\s/]{1,100}$/.test(label))
      ch = { handle: label.slice(1), channelId: null };
    const handle = ch?.handle ?? null;
    // since 2023 YouTube shows the @handle only; a plain name appears for channels without one
    const name = label && !label.startsWith('@') ? label.slice(0, 256) : null;
    return {
      author: {
        handle: handle ? handle.slice(0, 128) : null,
        name,
        url: ch ? channelUrl(ch) : null,
        verified: ownFirst(comment, q.verified) !== null,
      },
      channel: ch,
    };
  }

  /**
   * The outermost thread a comment belongs to. Some YouTube rollouts show
   * replies to replies as nested sub-threads (a ytd-comment-thread-renderer
   * inside the replies of another, "#more-replies-sub-thread"); the data
   * model still has two levels only, so they all answer the top comment.
   */
  function outerThreadOf(comment: Element): Element | null {
    let thread = comment.closest(q.thread);
    for (let up = thread?.parentElement?.closest(q.thread); up; up = up.parentElement?.closest(q.thread)) thread = up;
    return thread;
  }

  /** Under a replies renderer, at any depth. */
  function isReply(comment: Element, thread: Element): boolean {
    const box = comment.closest(q.replies);
    return box !== null && thread.contains(box);
  }

  /** The thread's top-level comment: its first comment that is not a reply. */
  function topCommentOf(thread: Element): Element | null {
    for (const c of thread.querySelectorAll(q.item)) if (!isReply(c, thread)) return c;
    return null;
  }

  /** The video's owner as the watch page (or the Short on screen) shows it. */
  function ownerOf(doc: Document): Channel | null {
    for (const e of selectors.videoOwner) {
      for (const a of doc.querySelectorAll(e.css)) {
        const ch = channelOfHref(a.getAttribute('href'));
        if (ch) return ch;
      }
    }
    return null;
  }

  function videoIdOf(ctx: ExtractContext, link: { videoId: string | null }, doc: Document): string | null {
    const fromUrl = videoOfUrl(ctx.url)?.id;
    if (fromUrl) return fromUrl;
    if (link.videoId) return link.videoId;
    const flexy = doc.querySelector(q.watchFlexy)?.getAttribute('video-id') ?? '';
    return VIDEO_ID.test(flexy) ? flexy : null;
  }

  function extract(el: Element, ctx: ExtractContext): CapturedItem | null {
    try {
      if (!el.matches(q.item)) return null;
      const thread = outerThreadOf(el);
      if (!thread) return null;
      const link = permalinkOf(el);
      if (!link) return null; // not stamped yet, or not a comment: nothing to key it by
      const doc = el.ownerDocument;
      const videoId = videoIdOf(ctx, link, doc);
      if (!videoId) return null;
      const reply = isReply(el, thread);
      let parentId: string | null = null;
      if (reply) {
        // reply ids are `<topLevelCommentId>.<replyId>`; else the thread's top comment says it
        const dot = link.id.indexOf('.');
        if (dot > 0) parentId = link.id.slice(0, dot);
        else {
          const top = topCommentOf(thread);
          parentId = (top && top !== el ? permalinkOf(top)?.id : null) ?? null;
        }
      }
      const { author } = authorOf(el);
      const textEl = ownFirst(el, q.text);
      const timeEl = ownFirst(el, q.time);
      const item = {
        platform: 'youtube' as const,
        nativeId: link.id,
        kind: reply ? ('reply' as const) : ('comment' as const),
        profile: channelProfile(ownerOf(doc), ctx.profiles),
        author,
        text: textEl ? readText(textEl).trim().slice(0, 20_000) : '',
        permalink: `https://www.youtube.com/watch?v=${videoId}&lc=${encodeURIComponent(link.id)}`,
        // YouTube shows "2 days ago": store no time rather than a guess
        siteTimestamp: isoOrNull(timeEl?.getAttribute('datetime') ?? null),
        parentId,
        threadId: videoId,
        lang: null,
      };
      const parsed = CapturedItem.safeParse(item);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  function isOurs(author: CapturedItem['author'], profiles: readonly string[]): boolean {
    if (matchProfile(author.handle, profiles)) return true;
    const ch = author.url ? channelOfHref(author.url) : null;
    return ch?.channelId ? matchProfile(ch.channelId, profiles) !== null : false;
  }

  function isCommentPage(page: string): boolean {
    return page === 'watch' || page === 'shorts';
  }

  function detectLoggedInHandle(doc: Document): string | null {
    const shown = doc.querySelector(q.accountHandle);
    const text = shown ? readText(shown).trim() : '';
    if (/^@[^\s/]{1,100}$/.test(text)) return text.slice(1);
    // Analytics / Edit video next to the channel name: the signed-in channel owns this video
    if (firstByPriority(doc, selectors.ownVideoTools)) return ownerOf(doc)?.handle ?? null;
    // "Customize channel" / "Manage videos" on a channel page: the signed-in channel is this one
    if (firstByPriority(doc, selectors.ownChannelTools)) {
      const href = doc.location?.href;
      const ch = href ? channelVideosOfUrl(new URL(href)) : null;
      return ch?.handle ?? null;
    }
    return null;
  }

  function pathOfDoc(doc: Document): { host: string; path: string } {
    const loc = doc.location;
    return { host: loc?.hostname ?? '', path: loc?.pathname ?? '' };
  }

  /** Google's account challenge ("Verify it's you") or the google.com/sorry captcha, by URL or markup. */
  function isChallenge(doc: Document): boolean {
    const { host, path } = pathOfDoc(doc);
    if (
      (host === 'www.google.com' || host === 'google.com' || isYouTubeHostName(host)) &&
      /^\/sorry(?:\/|$)/.test(path)
    )
      return true;
    if (host === 'accounts.google.com') {
      if (/\/challenge(?:\/|$)/.test(path)) return true;
      for (const h of doc.querySelectorAll('h1, [role="heading"]')) if (VERIFY_TEXT.test(readText(h))) return true;
    }
    if (doc.querySelector(q.challenge)) return true;
    for (const box of doc.querySelectorAll(q.botCheck)) if (BOT_CHECK_TEXT.test(readText(box))) return true;
    return false;
  }

  /** The editable root of an open comment box under `root` (its own, not a nested comment's). */
  function composerIn(root: Element): Element | null {
    for (const e of selectors.composer) {
      for (const ed of root.querySelectorAll(e.css)) {
        if (!root.matches(q.item) || ed.closest(q.item) === root) return ed;
      }
    }
    return null;
  }

  async function open(el: Element, timeoutMs = 3000): Promise<Element | null> {
    const comment = el.matches(q.item) ? el : el.closest(q.item);
    if (comment) {
      const existing = composerIn(comment);
      if (existing) return existing;
      const button = firstByPriority(comment, selectors.replyButton);
      if (!button || !isOwn(button, comment) || !clickable(button)) return null; // replies are off here
      button.click();
      return waitForElement(comment, () => composerIn(comment), timeoutMs);
    }
    // not a comment: the top-level "Add a comment…" box of the page
    const doc = el.ownerDocument;
    const section: Element = el.closest('ytd-comments') ?? doc.documentElement;
    const top = () => firstByPriority(section, selectors.topComposer);
    const existing = top();
    if (existing) return existing;
    const placeholder = firstByPriority(section, selectors.simplebox);
    if (!placeholder || !clickable(placeholder)) return null;
    placeholder.click();
    return waitForElement(section, top, timeoutMs);
  }

  function sendButton(editor: Element): Element | null {
    const box = editor.closest(q.commentbox);
    return box ? firstByPriority(box, selectors.sendButton) : null;
  }

  const adapter: SiteAdapter<YouTubeSelectorName> = {
    platform: 'youtube',
    hosts: YOUTUBE_HOSTS,
    matches: YOUTUBE_MATCHES,
    pages: PAGES,
    pageKind(url) {
      for (const [kind, spec] of Object.entries(PAGES)) if (spec.test(url)) return kind;
      return null;
    },
    selectors,
    withSelectors: (override: SelectorPack) => createYouTubeAdapter(mergeSelectors(selectors, override)),

    findItems(root) {
      const found: Element[] = [];
      const rootEl = (root as Node).nodeType === 1 ? (root as Element) : null;
      if (rootEl?.matches(q.item)) found.push(rootEl);
      for (const el of root.querySelectorAll(q.item)) found.push(el);
      // a retired renderer YouTube leaves hidden, or one nested in another comment, is not an item
      return found.filter((el) => !el.hasAttribute('hidden') && !el.parentElement?.closest(q.item));
    },

    extract,

    actionRow(el) {
      return ownFirst(el, q.actionRow);
    },

    isInbound(item: CapturedItem, ctx: PolicyContext) {
      if (!isCommentPage(ctx.page) || item.profile === null) return false;
      if (item.kind !== 'comment' && item.kind !== 'reply') return false;
      // what our own channels write is outbound (own replies are recorded by isOwnReply)
      return !isOurs(item.author, ctx.profiles);
    },

    isOwnReply(item: CapturedItem, ctx: PolicyContext) {
      return item.kind === 'reply' && item.parentId !== null && isOurs(item.author, ctx.profiles);
    },

    detectLoggedInHandle,

    /**
     * Comments load only when the user scrolls to them: the page should hold
     * items once the comments header has rendered with a count above zero.
     */
    itemsExpected(doc) {
      const digits = (doc.querySelector(q.commentCount)?.textContent ?? '').replace(/[^\d]/g, '');
      return digits !== '' && Number(digits) > 0;
    },

    composer: { editor: 'polymer', open, sendButton },

    /**
     * - `notifications`: none. YouTube's notifications are a masthead menu, not a page. YouTube
     *   Studio's comments inbox (studio.youtube.com/channel/<UC id>/comments/inbox) is the page a
     *   team works from, but it is not taught here: its URL needs the channel's UC id, which a
     *   profile's handle does not give (studio.youtube.com/ only opens the channel dashboard), and
     *   no public source shows a Studio comment carrying its comment id (scrapers hash author and
     *   text), so its captures would not dedupe with the same comment read on its watch page.
     * - `dms`: none. YouTube has no messages.
     * - `posts`: the channel's Videos tab (a handle, or a UC id when the profile is configured so).
     */
    sweepPage(kind, profile) {
      if (kind !== 'posts') return null;
      const raw = profile.trim().replace(/^@/, '');
      if (CHANNEL_ID.test(raw)) return `https://www.youtube.com/channel/${raw}/videos`;
      const handle = raw.toLowerCase();
      return handle && /^[^\s/?#]{1,100}$/.test(handle)
        ? `https://www.youtube.com/@${encodeURIComponent(handle)}/videos`
        : null;
    },

    /** Our videos on our channel's Videos tab (ids are video ids: what our comments carry as threadId). */
    sweepPosts(doc, profiles) {
      const href = doc.location?.href;
      const channel = href ? channelVideosOfUrl(new URL(href)) : null;
      if (!channelProfile(channel, profiles)) return []; // someone else's channel lists none of ours
      const out: SweepPost[] = [];
      for (const a of doc.querySelectorAll(q.videoItem)) {
        if (a.closest('[hidden]')) continue;
        const v = pathAndQuery(a.getAttribute('href'))?.searchParams.get('v') ?? '';
        if (!VIDEO_ID.test(v) || out.some((p) => p.id === v)) continue;
        // the grid shows "3 days ago" only, and a channel's Videos tab has no pinned video
        out.push({ id: v, url: `https://www.youtube.com/watch?v=${v}`, at: null, pinned: false });
      }
      return out;
    },

    signedInAs(doc) {
      if (adapter.signedOut?.(doc) || isChallenge(doc)) return null;
      return detectLoggedInHandle(doc);
    },

    /** Google's sign-in pages, or the masthead's "Sign in" button with no account avatar. */
    signedOut(doc) {
      if (isChallenge(doc)) return false;
      if (pathOfDoc(doc).host === 'accounts.google.com') return true;
      return doc.querySelector(q.signInLink) !== null && doc.querySelector(q.avatarButton) === null;
    },

    challenge: isChallenge,

    /**
     * "N replies" and "Show more replies" under a comment (only ever inside a replies renderer),
     * visible and saying so: never like, dislike, heart, Reply or the "Hide replies" toggle.
     */
    sweepExpanders(doc) {
      const out: Element[] = [];
      for (const b of doc.querySelectorAll(q.moreReplies)) {
        if (b.closest('[hidden]') || b.hasAttribute('disabled') || b.getAttribute('aria-disabled') === 'true') continue;
        if (b.closest(q.actionRow) || b.closest(q.commentbox)) continue;
        const words = `${b.getAttribute('aria-label') ?? ''} ${readText(b)}`.replace(/\s+/g, ' ').trim();
        if (!MORE_REPLIES_TEXT.test(words) || LESS_REPLIES_TEXT.test(words)) continue;
        if (out.some((o) => o.contains(b) || b.contains(o))) continue;
        out.push(b);
      }
      return out;
    },

    expected: [
      {
        fixture: 'test/fixtures/youtube/watch-ours.html',
        url: 'https://www.youtube.com/watch?v=Dm0InLay001',
        profiles: ['inlaydemo'],
        counts: {
          items: 9,
          recognised: 9,
          inbound: 7,
          own: 1,
          'kind:comment': 5,
          'kind:reply': 4,
          thread: 5,
          item: 9,
          authorText: 9,
          ownerBadge: 2,
          verified: 1,
          text: 9,
          permalink: 9,
          actionRow: 9,
          replyButton: 18,
          videoOwner: 4,
          ownVideoTools: 2,
          accountHandle: 0,
          watchFlexy: 1,
          simplebox: 2,
          commentbox: 0,
          composer: 0,
        },
      },
      {
        fixture: 'test/fixtures/youtube/watch-not-ours-legacy.html',
        url: 'https://www.youtube.com/watch?v=Px4rBoR0002',
        profiles: ['inlaydemo'],
        counts: {
          items: 8,
          recognised: 7,
          inbound: 0,
          own: 1,
          'kind:comment': 4,
          'kind:reply': 3,
          thread: 5,
          item: 8,
          authorText: 8,
          ownerBadge: 2,
          verified: 0,
          text: 8,
          permalink: 7,
          actionRow: 8,
          replyButton: 16,
          videoOwner: 2,
          ownVideoTools: 0,
          accountHandle: 1,
          watchFlexy: 1,
          simplebox: 2,
          commentbox: 0,
        },
      },
    ],
  };
  return adapter;
}

export const youtube = createYouTubeAdapter();
