/**
 * The contract every site adapter implements (DESIGN.md §2, §6).
 *
 * An adapter holds ALL knowledge of one site: which URLs are which page kind,
 * the selectors (as data, so the companion can override them without shipping
 * code), how to find items, how to read one item, where the overlay goes, and
 * the capture policy. Features (`extension/features/`) are site-agnostic and
 * take everything site-shaped from here.
 */
import type { CapturedItem, Platform } from '../../shared/model';
import { SelectorPack, type SelectorEntry } from '../../shared/selectors';

/* ------------------------------------------------------------------ selectors */

export { SelectorEntry, SelectorPack } from '../../shared/selectors';

/** Typed view of a pack whose names are known at compile time. */
export type Selectors<K extends string> = Record<K, readonly SelectorEntry[]>;

/** Join a selector array into one selector list (`a, b, c`). */
export function css(entries: readonly SelectorEntry[]): string {
  return entries.map((e) => e.css).join(', ');
}

/** Every named array joined once, so hot paths never rebuild selector strings. */
export function compileSelectors<K extends string>(pack: Selectors<K>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const name of Object.keys(pack) as K[]) out[name] = css(pack[name]);
  return out;
}

/** Does `el` match any entry? */
export function matchesAny(el: Element, entries: readonly SelectorEntry[]): boolean {
  return el.matches(css(entries));
}

/** All elements under `root` (and `root` itself) that match any entry, in document order. */
export function queryAll(root: ParentNode, entries: readonly SelectorEntry[]): Element[] {
  const sel = css(entries);
  const found = Array.from(root.querySelectorAll(sel));
  if (isElement(root) && root.matches(sel)) found.unshift(root);
  return found;
}

/** The first element under `scope` matching the first entry that matches anything (newest variant wins). */
export function firstByEntry(scope: ParentNode, entries: readonly SelectorEntry[]): Element | null {
  for (const e of entries) {
    const found = scope.querySelector(e.css);
    if (found) return found;
  }
  return null;
}

/** The first element under `root` that matches any entry. */
export function queryFirst(root: ParentNode, entries: readonly SelectorEntry[]): Element | null {
  return root.querySelector(css(entries));
}

export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

/* ---------------------------------------------------------------------- pages */

/** A named kind of page, with examples the tests hold it to. */
export interface PageSpec {
  /** Does this URL show this kind of page? */
  test(url: URL): boolean;
  /** Which items this page kind holds and whether a page of this kind must hold some (for health checks). */
  expectsItems: boolean;
  examples: {
    accept: readonly string[];
    reject: readonly string[];
  };
}

/* ------------------------------------------------------------------- contexts */

/** What the adapter is told when it reads an item. */
export interface ExtractContext {
  url: URL;
  /** The page kind (`pages` key) the URL matched. */
  page: string;
  /** Our own handles on this platform (configured, plus the logged-in one where the page shows it). */
  profiles: readonly string[];
  /**
   * Scratch memory the adapter may use for the life of one page (cleared on
   * navigation), e.g. to remember what it already worked out about a thread
   * when the site virtualises its list and removes earlier nodes.
   */
  memo: Map<string, string>;
}

/** What the capture policy is told. */
export interface PolicyContext {
  page: string;
  profiles: readonly string[];
}

/** Expected counts on one fixture: selector name (or `items`/`inbound`) → how many. */
export interface FixtureExpectation {
  /** Path relative to the repository root. */
  fixture: string;
  /** The URL the fixture is served at. */
  url: string;
  /** Our profiles while reading it. */
  profiles: readonly string[];
  /** Counts: `items` (findItems), `recognised` (extract ≠ null), `inbound`, or any selector name. */
  counts: Readonly<Record<string, number>>;
}

/* -------------------------------------------------------------------- adapter */

/** The editor technology behind a site's reply box: decides how text is inserted (SITES.md). */
export type EditorKind = 'draftjs' | 'lexical' | 'quill' | 'prosemirror' | 'textarea' | 'polymer' | 'linkedin-message';

/**
 * Wait until `find()` returns an element (checked on every DOM change under
 * `root`), or `timeoutMs` passes. Composers appear asynchronously after a click.
 */
export function waitForElement(
  root: Document | Element,
  find: () => Element | null,
  timeoutMs = 3000,
): Promise<Element | null> {
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      const el = find();
      if (el) done(el);
    });
    const timer = setTimeout(() => done(null), timeoutMs);
    function done(el: Element | null) {
      obs.disconnect();
      clearTimeout(timer);
      resolve(el);
    }
    obs.observe(root, { childList: true, subtree: true, attributes: true });
  });
}

/* --------------------------------------------------------------------- sweeps */

/** The list pages a sweep may open (SiteAdapter.sweepPage). */
export type SweepPageKind = 'notifications' | 'dms' | 'posts';

/** One conversation in a message inbox list. */
export interface SweepThread {
  /** The conversation's id on the site (stable across visits; it names the sweep lane). */
  id: string;
  /** The conversation's page: an absolute URL on the site's own host. */
  url: string;
  /** The list marks it unread (a dot, bold, "unread" in its label). */
  unread: boolean;
  /** Its last activity as the list shows it (ISO), or null when it shows none that parses. */
  at: string | null;
  /** The list's preview of the last message, as plain text ('' when none); a change means something new. */
  preview: string;
}

/** One of our posts listed on a profile's posts page. */
export interface SweepPost {
  /** The post's native id, the same as a captured item of kind `post` would carry. */
  id: string;
  /** Its permalink: an absolute URL on the site's own host, where its comment thread is read. */
  url: string;
  /** When it was posted (ISO), or null when the list shows no time that parses. */
  at: string | null;
  /** Pinned to the top of the profile (so not necessarily among the newest). */
  pinned: boolean;
}

export interface SiteAdapter<K extends string = string> {
  platform: Platform;
  /** Host names the adapter serves (`x.com`, `twitter.com`, …). */
  hosts: readonly string[];
  /** Content-script match patterns (the entrypoint repeats them literally, as WXT requires). */
  matches: readonly string[];
  /** Named page kinds with example URLs. */
  pages: Readonly<Record<string, PageSpec>>;
  /** The page kind of a URL, or null when the adapter has nothing to do there. */
  pageKind(url: URL): string | null;
  /** The selector pack in use (data; see `withSelectors`). */
  selectors: Selectors<K>;
  /** A copy of this adapter reading with an override pack (names it does not know are ignored; invalid entries refused). */
  withSelectors(override: SelectorPack): SiteAdapter<K>;

  /** Item elements under `root` (which may itself be one), in document order. Cheap: one query. */
  findItems(root: ParentNode): Element[];
  /** Read one item element; null when it is not an item this adapter can read. Never throws on odd markup. */
  extract(el: Element, ctx: ExtractContext): CapturedItem | null;
  /** The item's own action row (where the overlay goes, right after it); null → the overlay goes at the item's end. */
  actionRow(el: Element): Element | null;
  /** Capture policy: does this item reach the team by itself? Others still get a manual "Capture". */
  isInbound(item: CapturedItem, ctx: PolicyContext): boolean;
  /**
   * Lazy pages (YouTube's comments load on scroll): has the page rendered the
   * part where items live, with some in it? The health check waits for this
   * before it calls a page unreadable. Absent: items are expected at once.
   */
  itemsExpected?(doc: Document, page: string): boolean;
  /** The logged-in account's handle where the page shows it. */
  detectLoggedInHandle(doc: Document): string | null;

  /** Counts the tests hold each fixture to. */
  expected: readonly FixtureExpectation[];

  /**
   * The site's own reply box for an item. `open` does what a person would
   * (clicks the item's Reply button, or the page's comment box for a
   * top-level comment) and resolves with the editable element once the site
   * shows it (waiting at most `timeoutMs`), or null. It never presses Send.
   * `sendButton` finds the site's Send/Reply button that belongs to that
   * editor, so insertion can be verified (the site enabled it).
   */
  composer?: {
    editor: EditorKind;
    /** Sites with several kinds of reply box (LinkedIn): the kind of this one; else `editor`. */
    kindOf?(editor: Element): EditorKind;
    open(el: Element, timeoutMs?: number): Promise<Element | null>;
    sendButton(editor: Element): Element | null;
  };
  /**
   * Replies are not nested in the markup (X conversations): a reply from us
   * whose parent is not an inbound item answers the nearest inbound item
   * above it in the same thread. DM threads are always read this way.
   */
  flatThreads?: boolean;
  /**
   * Own-reply detection: is this item a reply written from one of our
   * profiles (so it answers the inbound item `item.parentId` points at)?
   */
  isOwnReply?(item: CapturedItem, ctx: PolicyContext): boolean;

  /* ---- sweeps (docs/sweeps.md): all optional; a site without them is not swept ---- */

  /**
   * The list page a sweep opens first, per target kind, for one of our profiles (its handle as
   * `signedInAs` names it), as an absolute URL on the site; null where the site has no such page:
   * - `notifications`: the notifications / mentions list (its items are read like any page's);
   * - `dms`: the message inbox list (read with `sweepThreads`; the conversations with something
   *   new are then opened one by one, up to the job's `unreadThreads`);
   * - `posts`: the list of the profile's own posts (read with `sweepPosts`; the newest are then
   *   opened, up to the job's `recentPosts`). Without it, recent-posts visits only the own posts
   *   the team already holds as items.
   */
  sweepPage?(kind: SweepPageKind, profile: string): string | null;
  /**
   * The conversations the message inbox list shows, in list order (newest activity first), keyed
   * on stable attributes. Reading only: never opens, archives or marks anything.
   */
  sweepThreads?(doc: Document): SweepThread[];
  /** Our own posts the profile's posts page lists, in page order (pinned ones flagged). */
  sweepPosts?(doc: Document, profiles: readonly string[]): SweepPost[];
  /**
   * The account this page shows the user signed in as (the handle, without `@`), or null when
   * the page shows none or shows the site's sign-in wall. Reported only from pages a person opened.
   */
  signedInAs?(doc: Document): string | null;
  /** The site showed its sign-in page or wall instead of the page (a sweep stops: `signed_out`). */
  signedOut?(doc: Document): boolean;
  /** The site showed a security check or captcha (a sweep stops: `challenge`). */
  challenge?(doc: Document): boolean;
  /**
   * The "show more replies"-type expanders on the page that only reveal more of the thread,
   * keyed on stable attributes. Never anything that likes, sends, follows, dismisses or marks
   * read: a sweep clicks these and nothing else.
   */
  sweepExpanders?(doc: Document): Element[];
}

/**
 * Merge an override pack into a base pack: known names are replaced by the
 * override's entries when they all parse and are valid CSS; unknown names and
 * invalid arrays are ignored, so a bad override never removes a working selector.
 */
export function mergeSelectors<K extends string>(
  base: Selectors<K>,
  override: unknown,
  isValidCss: (css: string) => boolean = isValidSelector,
): Selectors<K> {
  const parsed = SelectorPack.safeParse(override);
  if (!parsed.success) return base;
  const out = { ...base };
  for (const name of Object.keys(base) as K[]) {
    const entries = parsed.data[name];
    if (entries && entries.every((e) => isValidCss(e.css))) out[name] = entries;
  }
  return out;
}

/** Valid CSS for this browser's selector engine (where there is no DOM, only the shape was checked). */
export function isValidSelector(selector: string): boolean {
  if (typeof document === 'undefined') return true;
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** Lower-case, without a leading `@`: how handles are compared. */
export function normHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** The configured profile `handle` matches, or null. */
export function matchProfile(handle: string | null, profiles: readonly string[]): string | null {
  if (!handle) return null;
  const h = normHandle(handle);
  return profiles.find((p) => normHandle(p) === h) ?? null;
}
