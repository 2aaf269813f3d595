/**
 * The wiring every site's content script shares: one call from a
 * `<site>.content/index.ts` shim with its adapter.
 *
 * adapter → page-scanner → overlay-host + item-bar (capture-button until the
 * team has the item), with the background for state (site on/off, our
 * profiles, the team, selector overrides), captures and changes. Works before
 * the background answers: the overlay renders, and capture says in plain
 * words what went wrong.
 *
 * - Inbound items (the adapter's capture policy) are captured by themselves,
 *   once; everything else only when the user presses Capture.
 * - Our own replies (adapter.isOwnReply) are reported as a reply to the item
 *   they answer, with the site's time, so response times include replies
 *   typed natively.
 * - Health: on a page kind that should hold items, finding none for a while
 *   is reported ("Inlay can't read this page"), and so is recovering.
 * - Selector overrides from the companion replace the adapter's arrays of the
 *   same name (adapter.withSelectors); the page is read again.
 * - Presence: what the user does on the team's items here (viewing, typing a
 *   reply) goes to the background (presence-badge's tracker); teammates'
 *   presence shows in each bar, and "Reply with…" warns before inserting
 *   while a teammate is typing a reply to the same item.
 * - Live views: on a page a person opened (never a sweep tab) that is one of
 *   our profile's list pages a sweep reads — notifications, the message
 *   inbox — while it is in view and the page shows that profile signed in,
 *   a heartbeat to the background every minute (coverage counts it).
 * - Permissions: the bar offers only what the member may do (their role's
 *   permissions, their networks); without `items.edit` here nothing is
 *   captured by itself and no actions show.
 * - Saved replies: the library (support/reply-library) loads once and again
 *   whenever the state's `repliesVersion` moves; each bar's picker gets it
 *   with the item's variables (author, text, platform, the member, the
 *   team's brand). Shortcuts typed in the site's reply boxes expand in place
 *   (shortcut-expand). A saved reply that went in (verified, or left on the
 *   clipboard to paste) is a `reply.used`, and the own reply that follows it
 *   is recorded as `saved-reply`; the user's own text is `native`.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { itemKey, ItemKey, type CapturedItem } from '../../shared/model';
import { accessOf, PLATFORM_NAMES, worksOn, type MemberWithAccess } from '../../shared/permissions';
import type { TemplateContext } from '../../shared/replies/template';
import type { PresenceState } from '../../shared/protocol';
import { tagKey } from '../../shared/tags';
import {
  policyCategoryOf,
  type BgPush,
  type CachedTag,
  type ExtensionState,
  type SitePolicy,
} from '../messaging/messages';
import { matchProfile, waitForElement, type EditorKind, type SiteAdapter } from '../sites/types';
import { CAPTURE_BUTTON_CSS } from './capture-button';
import { FULL_ACCESS, ITEM_BAR_STYLES, mountItemBar, type ItemAccess, type ReplyOutcome } from './item-bar';
import {
  createOverlayHost,
  HOST_FOCUS_ATTR,
  HOST_ITEM_ATTR,
  HOST_SELECTOR,
  pageTheme,
  watchTheme,
  type OverlayHost,
  type Theme,
} from './overlay-host';
import { createPageScanner, type PageScanner } from './page-scanner';
import { createPresenceStore, createPresenceTracker, typingNames } from './presence-badge';
import { isEditable } from '../page-world/insert-techniques';
import { insertReply } from './reply-insert';
import { startShortcutExpansion } from './shortcut-expand';
import { createBackgroundClient, type BackgroundClient } from './support/background';
import { i18n } from './support/words';
import { createCapturedItems } from './support/captured-items';
import { createReplyLibrary } from './support/reply-library';
import type { SweepTabInfo } from '../messaging/messages';
import {
  LIVE_VIEW_BEAT_MS,
  LIVE_VIEW_KINDS,
  LIVE_VIEW_MAX_VIEWED_MS,
  normaliseHandle,
  type LiveViewBeat,
} from '../../shared/sweeps';
import { readSweepPage } from './sweep-read';

/** Puts text into a site's reply box and verifies the site noticed (reply-insert). */
export type ReplyInserter = (
  editor: Element,
  kind: EditorKind,
  text: string,
  sendButton: () => Element | null,
) => Promise<{ ok: true } | { ok: false; copied: boolean }>;

/** reply-insert with the adapter's Send button, verified; the text goes to the clipboard when it could not be. */
const defaultInsert: ReplyInserter = (editor, kind, text, sendButton) =>
  insertReply(editor, kind, text, { sendButton });

export interface RunSiteOptions {
  doc?: Document;
  client?: BackgroundClient;
  /** How long to wait for the background's state before showing the overlay anyway. */
  stateWaitMs?: number;
  /** How long a page that should hold items may show none before it is reported unreadable. */
  healthGraceMs?: number;
  /** The reply-box technique (default: reply-insert, through the page world; null: no "Reply with…"). */
  insert?: ReplyInserter | null;
  /** How a typed shortcut goes into the box (shortcut-expand's default: the page bridge, like reply-insert). */
  shortcutInsert?: (editor: Element, kind: EditorKind, text: string) => Promise<boolean>;
  /** Sweep pacing (tests make it short): see sweep-read. */
  sweep?: { settleMs?: number; minPauseMs?: number; spreadMs?: number; maxSteps?: number };
}

/** The parts of WXT's ContentScriptContext this uses (so tests can pass a small fake). */
export type SiteContext = Pick<ContentScriptContext, 'isInvalid' | 'signal' | 'onInvalidated' | 'setTimeout'>;

export function runSite(ctx: SiteContext, base: SiteAdapter, options: RunSiteOptions = {}): void {
  const doc = options.doc ?? document;
  let adapter = base;
  let selectorsJson = '{}';
  let members: MemberWithAccess[] = [];
  /** Which inbound categories reach the team by themselves on this site (all, until the background says). */
  let policy: SitePolicy = { comments: true, mentions: true, dms: true };
  let me: MemberWithAccess | null = null;
  /** The team's tags (names and colours), from the background's cache. */
  let tags: CachedTag[] = [];
  /** Item elements on the page by key, for own-reply parents and re-reading threads. */
  const elements = new Map<string, Element>();
  /** What the adapter read from each of them (the variables of a saved reply typed there). */
  const extracted = new Map<string, CapturedItem>();
  /** Keys of inbound items we asked to capture (auto-capture happens once per page life). */
  const autoCaptured = new Set<string>();
  /** Own replies already reported on this page. */
  const repliesSent = new Set<string>();
  /** Parents we inserted a saved reply into, so the reply that follows counts as saved-reply. */
  const insertedFor = new Set<string>();
  /** Reply boxes Reply with… opened, by the item they answer. */
  const composerOf = new WeakMap<Element, string>();
  /** Keys the capture policy called inbound on this page. */
  const inboundKeys = new Set<string>();
  /** Each item's thread on this page. */
  const threads = new Map<string, string | null>();
  const client = options.client ?? createBackgroundClient();
  const captured = createCapturedItems();
  /** The saved-reply library: loaded now, again whenever the state's repliesVersion moves. */
  const library = createReplyLibrary(() => client.replies());
  void library.reload();
  const hosts = new Set<OverlayHost>();
  const memo = new Map<string, string>();
  let theme: Theme = pageTheme(doc);
  let enabled = true;
  let configured: string[] = [];
  let loggedIn: string | null = null;
  let lastDetect = 0;
  let scanner: PageScanner | null = null;
  /**
   * Is this a sweep tab (docs/sweeps.md)? undefined until the background said; null: a page a
   * person opened. A sweep tab sends no presence and never reports who is signed in.
   */
  let sweep: SweepTabInfo | null | undefined = client.sweepTab ? undefined : null;
  /** Presence said before we knew whether this is a sweep tab: sent once we know it is not. */
  const heldPresence = new Map<string, PresenceState>();
  /** Captures this page started (a sweep waits for them and counts the new ones). */
  const pageCaptures: Promise<boolean>[] = [];

  /** What this member may do on this site (everything until the background says who they are). */
  function access(): ItemAccess {
    if (!me) return FULL_ACCESS;
    const { permissions, networks } = accessOf(me);
    const edit = permissions.includes('items.edit') && worksOn({ networks }, adapter.platform);
    return {
      edit,
      createTags: edit && permissions.includes('tags.create'),
      assignOthers: edit && permissions.includes('items.assignOthers'),
    };
  }

  /* ---- the bars' context (team, member, tags) and refusals, for the bars to follow ---- */
  const contextSubs = new Set<() => void>();
  const onContext = (cb: () => void): (() => void) => {
    contextSubs.add(cb);
    return () => contextSubs.delete(cb);
  };
  const refusalSubs = new Map<string, Set<(error: string) => void>>();
  const refusals = (key: string, cb: (error: string) => void): (() => void) => {
    let set = refusalSubs.get(key);
    if (!set) refusalSubs.set(key, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
      if (set.size === 0) refusalSubs.delete(key);
    };
  };
  function tagColor(name: string): string | null {
    const k = tagKey(name);
    return tags.find((t) => tagKey(t.name) === k)?.color ?? null;
  }

  /* ---- presence: teammates here, and what this user does on the team's items ---- */
  const presence = createPresenceStore(() => me?.id ?? null);
  /** What we last told the background per item (non-idle only). */
  const told = new Map<string, PresenceState>();
  function reportPresence(key: string, state: PresenceState): void {
    if (sweep === undefined) {
      heldPresence.set(key, state);
      return;
    }
    if (sweep !== null) return; // nobody is on a sweep tab
    if (state !== 'idle' && !captured.has(key as ItemKey)) return; // not the team's item (yet)
    if (state === 'idle' && !told.has(key)) return;
    if (state === 'idle') told.delete(key);
    else told.set(key, state);
    void client.presence(key as ItemKey, state);
  }
  const tracker = createPresenceTracker({ doc, report: reportPresence });

  /**
   * Our handles: configured profiles plus the logged-in account where the page shows it. A sweep
   * tab is signed in as its job's profile (the job went to a browser that is): that one alone, so
   * a list page that does not name its account (LinkedIn's notifications) still reads as ours.
   */
  function profiles(): string[] {
    if (sweep) return [matchProfile(sweep.profile, configured) ?? sweep.profile];
    if (!loggedIn && Date.now() - lastDetect > 1000) {
      lastDetect = Date.now();
      loggedIn = adapter.detectLoggedInHandle(doc);
    }
    return loggedIn && !matchProfile(loggedIn, configured) ? [...configured, loggedIn] : configured;
  }

  /* ---- which items are captured already: one batched items.get per burst ---- */
  let askKeys = new Set<ItemKey>();
  let askTimer: number | undefined;
  function askCaptured(key: ItemKey): void {
    askKeys.add(key);
    askTimer ??= ctx.setTimeout(() => {
      const keys = [...askKeys];
      askKeys = new Set();
      askTimer = undefined;
      void client.itemsGet(keys).then((r) => {
        if (r.ok) captured.setMany(r.value);
      });
    }, 150);
  }

  function attach(el: Element) {
    const url = new URL(doc.location.href);
    const page = adapter.pageKind(url);
    if (!page) return null;
    const mine = profiles();
    const item = adapter.extract(el, { url, page, profiles: mine, memo });
    if (!item) return null;
    const key = itemKey(item.platform, item.nativeId);
    const policyCtx = { page, profiles: mine };
    const inbound = adapter.isInbound(item, policyCtx) && policy[policyCategoryOf(item.kind)];
    const host = createOverlayHost({
      item: el,
      anchor: adapter.actionRow(el),
      key,
      kind: item.kind,
      inbound,
      theme,
      styles: [CAPTURE_BUTTON_CSS, ...ITEM_BAR_STYLES],
    });
    const capture = async (it: typeof item) => {
      const r = await client.capture(it);
      if (r.ok) captured.set(key, r.value ?? undefined);
      return r;
    };
    const composer = adapter.composer;
    const insert = options.insert === undefined ? defaultInsert : options.insert;
    extracted.set(key, item);
    mountItemBar(host, {
      item,
      inbound,
      captured,
      capture,
      members: () => members,
      me: () => me,
      knownTags,
      update: async (change) => {
        const r = await client.update(change);
        if (r.ok && r.value) captured.setMany([r.value]);
        return r;
      },
      access,
      presence,
      onTyping: () => tracker.typed(key),
      tagColor,
      refusals,
      onContext,
      library,
      replyContext: () => templateContext(item),
      ...(composer && insert
        ? {
            reply: (text: string, o: { anyway: boolean; replyIds: readonly string[] }) =>
              replyWith(el, key, composer, insert, text, o.anyway, o.replyIds),
          }
        : {}),
    });
    hosts.add(host);
    elements.set(key, el);
    const unwatch = tracker.watch(key, host.host, el);
    // an item that becomes the team's while the user is on it: say so now, not at the next refresh
    const offCaptured = captured.subscribe(key, () => {
      if (!told.has(key)) tracker.refresh(key);
    });
    host.onDestroy(() => {
      hosts.delete(host);
      unwatch();
      offCaptured();
      if (elements.get(key) === el) {
        elements.delete(key);
        extracted.delete(key);
      }
    });
    found += 1;
    threads.set(key, item.threadId);
    if (inbound) inboundKeys.add(key);
    if (!captured.has(key)) askCaptured(key);
    if (inbound && !autoCaptured.has(key) && access().edit) {
      autoCaptured.add(key);
      if (!captured.has(key)) {
        const done = capture(item);
        // new to the extension: the background made it with seq 0 (an item the team had comes back with its seq)
        pageCaptures.push(done.then((r) => r.ok && r.value !== null && r.value.seq === 0).catch(() => false));
      }
    }
    if (adapter.isOwnReply?.(item, policyCtx)) reportOwnReply(item, el);
    checkHealthSoon();
    return host;
  }

  /* ---- own replies: recorded on the item they answer ---- */
  function reportOwnReply(reply: NonNullable<ReturnType<SiteAdapter['extract']>>, el: Element): void {
    const parentKey = reply.parentId ? itemKey(reply.platform, reply.parentId) : null;
    // Nested sites name the parent; on flat threads (X conversations, any DM thread) a reply
    // whose parent is not an inbound item answers the nearest inbound item above it.
    const flat = adapter.flatThreads === true || reply.kind === 'dm';
    const target =
      parentKey && isInboundKey(parentKey) ? parentKey : flat ? precedingInbound(el, reply.threadId) : null;
    if (!target) return;
    const id = `${target}>${reply.nativeId}`;
    if (repliesSent.has(id)) return;
    repliesSent.add(id);
    void client.reply(target, {
      nativeId: reply.nativeId,
      profile: reply.profile ?? reply.author.handle,
      permalink: reply.permalink,
      siteTimestamp: reply.siteTimestamp,
      source: insertedFor.has(target) ? 'saved-reply' : 'native',
    });
  }

  function isInboundKey(key: string): boolean {
    return inboundKeys.has(key) && elements.has(key);
  }

  /** The inbound item of the same thread nearest above `el` in the page. */
  function precedingInbound(el: Element, threadId: string | null): string | null {
    let best: { key: string; el: Element } | null = null;
    for (const [key, other] of elements) {
      if (other === el || !isInboundKey(key) || threads.get(key) !== threadId) continue;
      const above = (other.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      const nearer = !best || (best.el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      if (above && nearer) best = { key, el: other };
    }
    return best?.key ?? null;
  }

  /* ---- reply with…: the site's own box, verified, never sent ---- */
  async function replyWith(
    el: Element,
    key: string,
    composer: NonNullable<SiteAdapter['composer']>,
    insert: ReplyInserter,
    text: string,
    anyway: boolean,
    replyIds: readonly string[],
  ): Promise<ReplyOutcome> {
    // A teammate typing a reply to this item right now: say so before anything is inserted.
    const typing = anyway ? null : typingNames(presence.on(key));
    if (typing) return { ok: false, message: i18n.t('overlayTeammateTyping', [typing]), copied: false, confirm: true };
    const editor = await composer.open(el);
    if (!editor) return { ok: false, message: i18n.t('overlayNoComposer'), copied: false };
    tracker.claim(key, editor);
    composerOf.set(editor, key);
    tracker.typed(key);
    // Re-read the thread just before inserting: did someone on the team answer meanwhile
    // (on this page, or in a teammate's browser, which the companion pushed here)?
    rereadOwnReplies();
    const known = captured.get(key);
    const teammate = countOwnRepliesAround(key) > 0 || (typeof known === 'object' && known.repliedAt !== null);
    const r = await insert(editor, composer.kindOf?.(editor) ?? composer.editor, text, () =>
      composer.sendButton(editor),
    );
    // in the box, or on the clipboard for the user to paste: saved replies were used either way
    if (r.ok || r.copied) savedRepliesUsed(key, replyIds);
    if (!r.ok) return { ok: false, message: i18n.t(r.copied ? 'overlayCopied' : 'overlayNotCopied'), copied: r.copied };
    return teammate ? { ok: false, message: i18n.t('overlayTeammateReplied'), copied: false } : { ok: true };
  }

  /* ---- saved replies: variables, usage, shortcuts ---- */

  /** The variables of a saved reply answering `item`. */
  function templateContext(item: CapturedItem): TemplateContext {
    return {
      author: { name: item.author.name, handle: item.author.handle },
      post: { text: item.text },
      platform: PLATFORM_NAMES[adapter.platform],
      agent: { name: me?.name ?? null },
      brand: library.get()?.settings.brand ?? null,
    };
  }

  /** Saved replies went into a reply to `key`: a usage event, and the reply that follows counts as saved-reply. */
  function savedRepliesUsed(key: string, replyIds: readonly string[]): void {
    const ids = [...new Set(replyIds)].slice(0, 10);
    const parsed = ItemKey.safeParse(key);
    if (ids.length === 0 || !parsed.success) return;
    const at = new Date().toISOString();
    insertedFor.add(key);
    library.noteUse({ replyIds: ids, itemKey: parsed.data, platform: adapter.platform, memberId: me?.id ?? null, at });
    void client.replyUsed({ key: parsed.data, platform: adapter.platform, replyIds: ids, at });
  }

  /** The page element an element sits in, outside every shadow root (Reddit's composer is inside one). */
  function inPage(el: Element): Element {
    let node = el;
    for (;;) {
      const root = node.getRootNode() as Document | ShadowRoot;
      if (!('host' in root) || !root.host) return node;
      node = root.host;
    }
  }

  /** The item a reply box answers: the one Reply with… opened it for, the one holding it, or the nearest above it. */
  function itemKeyFor(editor: Element): string | null {
    const claimed = composerOf.get(editor);
    if (claimed && elements.has(claimed)) return claimed;
    const at = inPage(editor);
    let holder: { key: string; el: Element } | null = null;
    let above: { key: string; el: Element } | null = null;
    for (const [key, el] of elements) {
      if (!el.isConnected) continue;
      if (el.contains(at)) {
        if (!holder || holder.el.contains(el)) holder = { key, el };
      } else if (el.compareDocumentPosition(at) & Node.DOCUMENT_POSITION_FOLLOWING) {
        if (!above || above.el.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) above = { key, el };
      }
    }
    return holder?.key ?? above?.key ?? null;
  }

  /** Is this one of the site's reply boxes (any editable box of a supported page that is not Inlay's own)? */
  function shortcutEditorKind(el: Element): EditorKind | null {
    const composer = adapter.composer;
    if (!composer || !enabled || !isEditable(el)) return null;
    if (el.localName === 'input') return null; // search boxes and the like: replies are written in boxes
    if (inPage(el).closest(HOST_SELECTOR)) return null;
    if (adapter.pageKind(new URL(doc.location.href)) === null) return null;
    return composer.kindOf?.(el) ?? composer.editor;
  }

  /** A message about a shortcut: in the bar of the item it answers, else next to the box. */
  function notifyNear(editor: Element, message: string): void {
    const key = itemKeyFor(editor);
    const bars = key ? refusalSubs.get(key) : undefined;
    if (key && bars && bars.size > 0 && captured.has(key as ItemKey)) {
      for (const cb of [...bars]) cb(message);
      return;
    }
    showNote(doc, editor, message);
  }

  function startShortcuts(): () => void {
    return startShortcutExpansion({
      doc,
      library: () => library.get(),
      editorKind: shortcutEditorKind,
      context: (editor) => {
        const key = itemKeyFor(editor);
        const item = key ? extracted.get(key) : undefined;
        const ctx: TemplateContext = item
          ? templateContext(item)
          : {
              author: {},
              platform: PLATFORM_NAMES[adapter.platform],
              agent: { name: me?.name ?? null },
              brand: library.get()?.settings.brand ?? null,
            };
        return { ctx, platform: adapter.platform, itemKey: key };
      },
      notify: notifyNear,
      onExpanded: ({ replyId, itemKey: key }) => {
        if (key) savedRepliesUsed(key, [replyId]);
      },
      ...(options.shortcutInsert ? { insert: options.shortcutInsert } : {}),
    });
  }

  /** One pass over the page's items for own replies not reported yet (no host is touched). */
  function rereadOwnReplies(): void {
    const url = new URL(doc.location.href);
    const page = adapter.pageKind(url);
    if (!page || !adapter.isOwnReply) return;
    const mine = profiles();
    for (const el of adapter.findItems(doc)) {
      const it = adapter.extract(el, { url, page, profiles: mine, memo });
      if (it && adapter.isOwnReply(it, { page, profiles: mine })) reportOwnReply(it, el);
    }
  }

  function countOwnRepliesAround(key: string): number {
    let n = 0;
    for (const id of repliesSent) if (id.startsWith(`${key}>`)) n += 1;
    return n;
  }

  /* ---- "open on site": scroll to the item and highlight it ---- */
  async function focusItem(key: string, timeoutMs = 10_000): Promise<void> {
    const find = (): Element | null =>
      [...hosts].find((h) => h.host.getAttribute(HOST_ITEM_ATTR) === key && h.host.isConnected)?.host ?? null;
    const host = await waitForElement(doc, find, timeoutMs);
    const el = elements.get(key);
    if (!host || !el) return;
    (el as HTMLElement).scrollIntoView({ block: 'center', behavior: 'smooth' });
    host.setAttribute(HOST_FOCUS_ATTR, '');
    ctx.setTimeout(() => host.removeAttribute(HOST_FOCUS_ATTR), 2500);
  }

  /* ---- tags the team has (tags.list) and uses (items), most recent first; archived ones are not offered ---- */
  async function knownTags(): Promise<string[]> {
    const seen = new Map<string, { name: string; at: string }>();
    const archived = new Set(tags.filter((t) => t.archived).map((t) => tagKey(t.name)));
    const note = (name: string, at: string): void => {
      const k = tagKey(name);
      if (archived.has(k)) return;
      const before = seen.get(k);
      if (!before || before.at < at) seen.set(k, { name: before?.name ?? name, at });
    };
    for (const t of tags) if (!t.archived) note(t.name, t.lastUsedAt ?? '');
    const r = await client.itemsList();
    if (r.ok) for (const it of r.value) for (const t of it.tags) note(t, it.updatedAt);
    return [...seen.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((t) => t.name);
  }

  /* ---- health: a page that should hold items and shows none ---- */
  let found = 0;
  let healthTimer: number | undefined;
  let reported: 'ok' | 'unreadable' | null = null;
  function checkHealthSoon(): void {
    if (reported === 'ok') return;
    healthTimer ??= ctx.setTimeout(
      () => {
        healthTimer = undefined;
        const url = new URL(doc.location.href);
        const page = adapter.pageKind(url);
        if (!page || !adapter.pages[page]?.expectsItems) return;
        if (found === 0 && adapter.itemsExpected && !adapter.itemsExpected(doc, page)) {
          checkHealthSoon(); // not loaded yet, or nothing to show: look again later
          return;
        }
        const status = found > 0 ? 'ok' : 'unreadable';
        if (status === reported) return;
        reported = status;
        void client.health({ platform: adapter.platform, page, status, found });
      },
      found > 0 ? 0 : (options.healthGraceMs ?? 8000),
    );
  }

  let stopShortcuts: (() => void) | null = null;

  function startScanner(): void {
    if (scanner || ctx.isInvalid) return;
    stopShortcuts ??= startShortcuts();
    scanner = createPageScanner({
      doc,
      hostSelector: HOST_SELECTOR,
      findItems: (root) => adapter.findItems(root),
      isActive: (url) => adapter.pageKind(url) !== null,
      attach,
      onNavigate: () => {
        memo.clear();
        loggedIn = null;
        reportSignedInSoon();
        if (sweep === null) liveBeatSoon();
        found = 0;
        reported = null;
        checkHealthSoon();
      },
      signal: ctx.signal,
    });
    scanner.start();
    checkHealthSoon();
  }

  function stopScanner(): void {
    scanner?.stop();
    scanner = null;
  }

  function stopAll(): void {
    stopScanner();
    stopShortcuts?.();
    stopShortcuts = null;
  }

  function applyState(state: ExtensionState): void {
    library.follow(state.repliesVersion);
    const context = JSON.stringify([members, me, tags]);
    members = state.members;
    me = state.member;
    tags = state.tags ?? [];
    if (JSON.stringify([members, me, tags]) !== context) for (const cb of [...contextSubs]) cb();
    const nextPolicy = state.policy[base.platform];
    const policyChanged = JSON.stringify(nextPolicy) !== JSON.stringify(policy);
    policy = nextPolicy;
    const pack = state.selectors[base.platform];
    const nextJson = JSON.stringify(pack ?? {});
    if (nextJson !== selectorsJson) {
      selectorsJson = nextJson;
      adapter = pack ? base.withSelectors(pack) : base;
      if (scanner) {
        stopScanner();
        startScanner();
      }
    }
    const nextEnabled = state.sites[adapter.platform] !== false;
    const nextProfiles = state.profiles.filter((p) => p.platform === adapter.platform).map((p) => p.handle);
    const profilesChanged = nextProfiles.join('\n') !== configured.join('\n');
    configured = nextProfiles;
    if (nextEnabled !== enabled) {
      enabled = nextEnabled;
      if (enabled) startScanner();
      else stopAll();
    } else if ((profilesChanged || policyChanged) && scanner) {
      memo.clear();
      scanner.rescan(); // which items are inbound may have changed
    }
  }

  function onPush(push: BgPush): void {
    switch (push.type) {
      case 'state':
        applyState(push.state);
        break;
      case 'items':
        captured.setMany(push.items);
        break;
      case 'item':
        captured.setMany([push.item]);
        break;
      case 'presence':
        presence.set(push.entries);
        break;
      case 'refused':
        for (const cb of [...(refusalSubs.get(push.key) ?? [])]) cb(push.error);
        break;
    }
  }

  /* ---- sweeps: who is signed in (pages a person opened only), and reading a sweep tab's page ---- */
  let signedInSent: string | null = null;
  function reportSignedIn(): void {
    if (sweep !== null || ctx.isInvalid || !client.signedIn) return;
    const handle = adapter.signedInAs?.(doc) ?? null;
    if (!handle || handle === signedInSent) return;
    signedInSent = handle;
    void client.signedIn(adapter.platform, handle);
  }
  function reportSignedInSoon(): void {
    signedInSent = null; // a visit after navigating counts again (the background throttles)
    for (const ms of [500, 3000, 10_000]) ctx.setTimeout(reportSignedIn, ms);
  }

  /*
   * ---- live views (coverage, docs/sweeps.md § Coverage): our profile's notifications or inbox
   * list in view on a page a PERSON opened ----
   * A beat at once when such a page comes into view, then every LIVE_VIEW_BEAT_MS while it stays
   * in view; none while hidden, none from a sweep tab, none where this member captures nothing by
   * itself (the site switched off, no items.edit here). `viewedMs` is how long it has been in view
   * without a break: hiding it, leaving the page or another account starts again at 0.
   */
  let viewing: { key: string; since: number } | null = null;
  let beatTimer: number | undefined;
  function liveView(): Omit<LiveViewBeat, 'viewedMs'> | null {
    if (sweep !== null || ctx.isInvalid || !enabled || !client.liveView) return null;
    if (doc.visibilityState !== 'visible' || !access().edit) return null;
    if (!adapter.sweepPage || !adapter.signedInAs) return null;
    const page = adapter.pageKind(new URL(doc.location.href));
    if (!page) return null;
    const handle = adapter.signedInAs(doc);
    if (!handle || !matchProfile(handle, configured)) return null; // only our profiles
    for (const kind of LIVE_VIEW_KINDS) {
      const list = adapter.sweepPage(kind, handle);
      // the same kind of page as the list a sweep reads (not a conversation, not another list)
      if (list && adapter.pageKind(new URL(list)) === page)
        return { platform: adapter.platform, profile: handle, kind };
    }
    return null;
  }
  function liveBeat(): void {
    clearTimeout(beatTimer);
    beatTimer = undefined;
    if (ctx.isInvalid) return;
    const view = liveView();
    const now = Date.now();
    if (view) {
      const key = `${view.kind}:${normaliseHandle(view.profile)}`;
      if (viewing?.key !== key) viewing = { key, since: now };
      void client.liveView?.({ ...view, viewedMs: Math.min(now - viewing.since, LIVE_VIEW_MAX_VIEWED_MS) });
    } else viewing = null;
    // look again while visible (the page may become one, or stay one); hidden: visibilitychange wakes us
    if (doc.visibilityState === 'visible' && sweep === null) beatTimer = ctx.setTimeout(liveBeat, LIVE_VIEW_BEAT_MS);
  }
  /** After load or navigation: the account may show late, so look a few times until it is a view. */
  function liveBeatSoon(): void {
    viewing = null;
    liveBeat();
    for (const ms of [500, 3000, 10_000]) ctx.setTimeout(() => viewing === null && liveBeat(), ms);
  }
  const onVisibility = (): void => {
    if (doc.visibilityState !== 'visible') viewing = null; // the break: the next view starts at 0
    liveBeat();
  };

  async function runSweep(info: SweepTabInfo): Promise<void> {
    const sleep = (ms: number) => new Promise<void>((resolve) => ctx.setTimeout(resolve, ms));
    const result = await readSweepPage({
      doc,
      adapter: () => adapter,
      info,
      profiles,
      memo,
      captures: async () => {
        await sleep(300); // the scanner's last pass
        const outcomes = await Promise.all(pageCaptures);
        return outcomes.filter(Boolean).length;
      },
      sleep,
      ...options.sweep,
    });
    if (!ctx.isInvalid) await client.sweepPage?.(result);
  }

  const stopTheme = watchTheme(doc, (next) => {
    theme = next;
    for (const h of hosts) h.setTheme(next);
  });
  ctx.onInvalidated(() => {
    stopTheme();
    stopAll();
    tracker.stop();
    clearTimeout(healthTimer);
    clearTimeout(beatTimer);
  });

  void (async () => {
    // Wait briefly for the site switch and our profiles (and whether this is a sweep tab); never longer.
    const [state, sweepAnswer] = await Promise.all([
      client.state(options.stateWaitMs ?? 1500),
      client.sweepTab ? client.sweepTab() : Promise.resolve(null),
    ]);
    if (ctx.isInvalid) return;
    sweep = sweepAnswer && sweepAnswer.ok ? sweepAnswer.value : null;
    const held = [...heldPresence];
    heldPresence.clear();
    if (sweep === null) for (const [key, st] of held) reportPresence(key, st);
    if (state.ok) {
      configured = state.value.profiles.filter((p) => p.platform === adapter.platform).map((p) => p.handle);
      enabled = state.value.sites[adapter.platform] !== false;
      members = state.value.members;
      me = state.value.member;
      tags = state.value.tags ?? [];
      policy = state.value.policy[base.platform];
      const pack = state.value.selectors[base.platform];
      selectorsJson = JSON.stringify(pack ?? {});
      if (pack) adapter = base.withSelectors(pack);
      library.follow(state.value.repliesVersion);
    }
    if (enabled) startScanner();
    if (sweep) void runSweep(sweep);
    else {
      reportSignedInSoon();
      doc.addEventListener('visibilitychange', onVisibility, { signal: ctx.signal });
      liveBeatSoon();
    }
    client.live(onPush, ctx.signal);
    client.onTabMessage((m) => {
      if (m.type === 'focus') void focusItem(m.key);
    }, ctx.signal);
  })();
}

/**
 * A short note under a reply box that has no Inlay bar to speak in (a shortcut that could not
 * expand): in its own shadow root, text only, gone after a few seconds or when the box is left.
 */
function showNote(doc: Document, editor: Element, message: string): void {
  const view = doc.defaultView;
  if (!view) return;
  doc.querySelector('[data-inlay-note]')?.remove();
  const host = doc.createElement('div');
  host.setAttribute('data-inlay-note', '');
  const root = host.attachShadow({ mode: 'open' });
  const note = doc.createElement('div');
  note.setAttribute('role', 'status');
  note.textContent = message;
  const r = editor.getBoundingClientRect();
  const width = Math.min(360, view.innerWidth - 16);
  note.style.cssText = [
    'position:fixed',
    `left:${Math.max(8, Math.min(r.left, view.innerWidth - width - 8))}px`,
    `top:${Math.min(r.bottom + 4, view.innerHeight - 60)}px`,
    `max-width:${width}px`,
    'z-index:2147483646',
    'padding:6px 10px',
    'border-radius:6px',
    'font:400 12px/16px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif',
    'color:#fff',
    'background:#1f2937',
    'box-shadow:0 4px 16px rgba(0,0,0,0.2)',
    'pointer-events:none',
  ].join(';');
  root.append(note);
  (doc.body ?? doc.documentElement).append(host);
  const remove = (): void => {
    host.remove();
    editor.removeEventListener('blur', remove);
  };
  editor.addEventListener('blur', remove, { once: true });
  view.setTimeout(remove, 6000);
}
