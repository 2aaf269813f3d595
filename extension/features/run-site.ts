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
 * - Permissions: the bar offers only what the member may do (their role's
 *   permissions, their networks); without `items.edit` here nothing is
 *   captured by itself and no actions show.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { itemKey, type ItemKey } from '../../shared/model';
import { accessOf, worksOn, type MemberWithAccess } from '../../shared/permissions';
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
import { insertReply } from './reply-insert';
import { createBackgroundClient, type BackgroundClient } from './support/background';
import { i18n } from './support/words';
import { createCapturedItems } from './support/captured-items';

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
  /** Keys of inbound items we asked to capture (auto-capture happens once per page life). */
  const autoCaptured = new Set<string>();
  /** Own replies already reported on this page. */
  const repliesSent = new Set<string>();
  /** Parents we inserted a saved reply into, so the reply that follows counts as saved-reply. */
  const insertedFor = new Set<string>();
  /** Keys the capture policy called inbound on this page. */
  const inboundKeys = new Set<string>();
  /** Each item's thread on this page. */
  const threads = new Map<string, string | null>();
  const client = options.client ?? createBackgroundClient();
  const captured = createCapturedItems();
  const hosts = new Set<OverlayHost>();
  const memo = new Map<string, string>();
  let theme: Theme = pageTheme(doc);
  let enabled = true;
  let configured: string[] = [];
  let loggedIn: string | null = null;
  let lastDetect = 0;
  let scanner: PageScanner | null = null;

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
    if (state !== 'idle' && !captured.has(key as ItemKey)) return; // not the team's item (yet)
    if (state === 'idle' && !told.has(key)) return;
    if (state === 'idle') told.delete(key);
    else told.set(key, state);
    void client.presence(key as ItemKey, state);
  }
  const tracker = createPresenceTracker({ doc, report: reportPresence });

  /** Our handles: configured profiles plus the logged-in account where the page shows it. */
  function profiles(): string[] {
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
      ...(composer && insert
        ? {
            reply: (text: string, o?: { anyway?: boolean }) =>
              replyWith(el, key, composer, insert, text, o?.anyway === true),
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
      if (elements.get(key) === el) elements.delete(key);
    });
    found += 1;
    threads.set(key, item.threadId);
    if (inbound) inboundKeys.add(key);
    if (!captured.has(key)) askCaptured(key);
    if (inbound && !autoCaptured.has(key) && access().edit) {
      autoCaptured.add(key);
      if (!captured.has(key)) void capture(item);
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
  ): Promise<ReplyOutcome> {
    // A teammate typing a reply to this item right now: say so before anything is inserted.
    const typing = anyway ? null : typingNames(presence.on(key));
    if (typing) return { ok: false, message: i18n.t('overlayTeammateTyping', [typing]), copied: false, confirm: true };
    const editor = await composer.open(el);
    if (!editor) return { ok: false, message: i18n.t('overlayNoComposer'), copied: false };
    tracker.claim(key, editor);
    tracker.typed(key);
    // Re-read the thread just before inserting: did someone on the team answer meanwhile
    // (on this page, or in a teammate's browser, which the companion pushed here)?
    rereadOwnReplies();
    const known = captured.get(key);
    const teammate = countOwnRepliesAround(key) > 0 || (typeof known === 'object' && known.repliedAt !== null);
    const r = await insert(editor, composer.kindOf?.(editor) ?? composer.editor, text, () =>
      composer.sendButton(editor),
    );
    if (!r.ok) return { ok: false, message: i18n.t(r.copied ? 'overlayCopied' : 'overlayNotCopied'), copied: r.copied };
    insertedFor.add(key);
    return teammate ? { ok: false, message: i18n.t('overlayTeammateReplied'), copied: false } : { ok: true };
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

  function startScanner(): void {
    if (scanner || ctx.isInvalid) return;
    scanner = createPageScanner({
      doc,
      hostSelector: HOST_SELECTOR,
      findItems: (root) => adapter.findItems(root),
      isActive: (url) => adapter.pageKind(url) !== null,
      attach,
      onNavigate: () => {
        memo.clear();
        loggedIn = null;
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

  function applyState(state: ExtensionState): void {
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
      else stopScanner();
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

  const stopTheme = watchTheme(doc, (next) => {
    theme = next;
    for (const h of hosts) h.setTheme(next);
  });
  ctx.onInvalidated(() => {
    stopTheme();
    stopScanner();
    tracker.stop();
    clearTimeout(healthTimer);
  });

  void (async () => {
    // Wait briefly for the site switch and our profiles; never longer than that.
    const state = await client.state(options.stateWaitMs ?? 1500);
    if (ctx.isInvalid) return;
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
    }
    if (enabled) startScanner();
    client.live(onPush, ctx.signal);
    client.onTabMessage((m) => {
      if (m.type === 'focus') void focusItem(m.key);
    }, ctx.signal);
  })();
}
