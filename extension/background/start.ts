/**
 * Composition root of the background worker. Listeners are registered
 * synchronously (an MV3 worker woken by an event must have its listener in
 * place in the first turn); the database and the connection come up behind
 * the `ready` promise.
 */
import browser from 'webextension-polyfill';
import type { ItemKey } from '../../shared/model';
import { PORT_NAMES, type PageHealth, type TabMessage } from '../messaging/messages';
import { openSidePanel, configureSidePanel } from '../browser/side-panel';
import { openInlayDb } from '../storage/db';
import { i18n } from '#i18n';
import { CompanionSync, type AssignedNotice, type RuleAlertNotice } from './companion-sync';
import { makeOpId, webCrypto } from './crypto';
import { createRouter, presenceSource, type Sender } from './router';
import { SettingsStore } from './settings';
import { browserSocket } from './socket-client';
import { StateHub } from './state';
import { ADAPTERS } from '../sites';
import type { NoticePushFrame } from '../../shared/protocol';
import { browserSweepTabs } from './sweeps/tabs';

/** Every 30 s (the shortest period Chrome allows): wake the worker and make sure the socket is up. */
export const KEEPALIVE_ALARM = 'inlay-keepalive';

export function startBackground(): void {
  const log = (m: string) => console.info(`[inlay] ${m}`);
  const state = new StateHub(log);
  const settings = new SettingsStore(browser.storage.local, log);

  const ready: Promise<CompanionSync> = (async () => {
    const db = await openInlayDb();
    const sync = new CompanionSync({
      db,
      settings,
      state,
      socketFactory: browserSocket,
      crypto: webCrypto,
      makeOpId,
      clientInfo: { name: 'inlay-extension', version: browser.runtime.getManifest().version },
      log,
      notify: (n) => void notifyAssigned(n).catch((err: unknown) => log(`notification: ${String(err)}`)),
      notifyAlert: (n) => void notifyRuleAlert(n).catch((err: unknown) => log(`notification: ${String(err)}`)),
      sweeps: {
        tabs: browserSweepTabs(log),
        storage: browser.storage.local,
        page: (platform, kind, profile) => ADAPTERS[platform].sweepPage?.(kind, profile) ?? null,
        notify: (n) => void notifySweep(n).catch((err: unknown) => log(`notification: ${String(err)}`)),
      },
    });
    await sync.init();
    return sync;
  })();
  ready.catch((err: unknown) => log(`background failed to start: ${String(err)}`));

  /** What each tab's content script last said about its page (cleared when the tab goes). */
  const health = new Map<number, PageHealth>();
  browser.tabs.onRemoved.addListener((tabId) => {
    health.delete(tabId);
    void ready.then((sync) => sync.sweeps?.tabClosed(tabId));
    // a closed tab's presence ends now, not when its lease runs out
    void ready.then((sync) => sync.dropPresenceOfTab(tabId));
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) health.delete(tabId);
  });

  const router = createRouter(
    {
      state: async () => (await ready, state.value),
      capture: async (item) => (await ready).capture(item),
      update: async (change) => (await ready).updateItem(change),
      reply: async (key, reply) => (await ready).recordReply(key, reply),
      replyLibrary: async () => (await ready).replyLibrary(),
      replyUsed: async (use) => (await ready).recordReplyUse(use),
      health: async (report, sender) => {
        const tabId = sender.tab?.id;
        if (tabId !== undefined) {
          const before = health.get(tabId);
          health.set(tabId, report);
          if (before?.status !== report.status) void markTab(tabId, report.status === 'unreadable');
        }
        (await ready).reportHealth(report);
      },
      companion: async (request, payload) => (await ready).companionRequest(request, payload),
      healthOfActiveTab: async () => {
        const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
        return tab?.id !== undefined ? (health.get(tab.id) ?? null) : null;
      },
      itemsGet: async (keys) => (await ready).cache.get(keys),
      itemsList: async () => (await ready).items(),
      pair: async (code, name, port) => (await ready).pair(code, name, port),
      unpair: async () => (await ready).unpair(),
      setPort: async (port) => (await ready).setPort(port),
      setSite: async (platform, enabled) => {
        await ready;
        await settings.setSite(platform, enabled);
      },
      setPolicy: async (platform, category, enabled) => {
        await ready;
        await settings.setPolicy(platform, category, enabled);
      },
      saveProfile: async (platform, handle) => (await ready).saveProfile(platform, handle),
      removeProfile: async (id) => (await ready).removeProfile(id),
      open: (url, sender, key) => openInTab(url, sender, key),
      // No await before opening: the side panel needs the user gesture.
      openSidePanel: (sender) => openSidePanel(sender.tab?.windowId),
      presence: async (itemKey, presenceState, sender) =>
        (await ready).setPresence(presenceSource(sender), itemKey, presenceState),
      setSweepsEnabled: async (enabled) => (await ready).sweeps?.setEnabled(enabled),
      signedIn: async (platform, handle, sender) => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return; // only content scripts in tabs see sites
        await (await ready).sweeps?.sawSignedIn(platform, handle, tabId);
      },
      liveView: async (beat, sender) => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return; // only content scripts in tabs see sites
        await (await ready).sweeps?.sawLiveView(beat, tabId);
      },
      sweepTab: async (sender) => {
        const tabId = sender.tab?.id;
        return tabId === undefined ? null : ((await (await ready).sweeps?.tabInfo(tabId)) ?? null);
      },
      sweepPage: async (result, sender) => {
        const tabId = sender.tab?.id;
        if (tabId !== undefined) (await ready).sweeps?.pageRead(tabId, result);
      },
    },
    { extensionId: browser.runtime.id, extensionBaseUrl: browser.runtime.getURL('/'), log },
  );

  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => router(message, sender));

  browser.notifications.onClicked.addListener((id) => {
    const target = noticeItems.get(id);
    noticeItems.delete(id);
    if (target) void openInTab(target.url, {}, target.key);
    void browser.notifications.clear(id);
  });
  browser.notifications.onClosed.addListener((id) => void noticeItems.delete(id));

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PORT_NAMES.live) return;
    void ready.then(async (sync) =>
      state.addPort(port, await sync.items(), [{ type: 'presence', entries: sync.presenceEntries() }]),
    );
  });

  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM) void ready.then((sync) => sync.wake());
  });

  void configureSidePanel().catch((err: unknown) => log(`side panel: ${String(err)}`));
}

/** Notifications still on screen → the item they open when clicked. */
const noticeItems = new Map<string, { url: string; key: ItemKey }>();

async function notifyAssigned({ item, by }: AssignedNotice): Promise<void> {
  const who = item.author.name ?? (item.author.handle ? `@${item.author.handle}` : i18n.t('notifySomeone'));
  const id = await browser.notifications.create({
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: by ? i18n.t('notifyAssignedBy', [by]) : i18n.t('notifyAssigned'),
    // captured text is hostile; notifications render plain text only, and it is cut short
    message: `${who}: ${item.text.slice(0, 140)}`,
  });
  noticeItems.set(id, { url: item.permalink, key: item.key });
}

async function notifyRuleAlert({ message, ruleName, item, itemKey }: RuleAlertNotice): Promise<void> {
  const id = await browser.notifications.create({
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: i18n.t('notifyRuleAlert', [ruleName]),
    message: item ? `${message}\n${item.text.slice(0, 120)}` : message,
  });
  if (item) noticeItems.set(id, { url: item.permalink, key: itemKey as ItemKey });
}

/** A sweep notice for leads and admins: paused targets, stale ones (plain words from the companion). */
async function notifySweep(n: NoticePushFrame['payload']): Promise<void> {
  await browser.notifications.create({
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: i18n.t(n.kind === 'sweep.stale' ? 'sweepNoticeStale' : 'sweepNoticePaused'),
    message: n.message.slice(0, 300),
  });
}

/** A "!" on the toolbar icon of a tab whose page Inlay cannot read (MV3 `action`, MV2 `browserAction`). */
async function markTab(tabId: number, unreadable: boolean): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  try {
    await action.setBadgeText({ tabId, text: unreadable ? '!' : '' });
    if (unreadable) await action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
  } catch {
    // the tab went away meanwhile
  }
}

/**
 * Navigates the sender's tab (content script) or the active tab of the focused
 * window (side panel, popup); with `key`, tells the page to scroll to that item
 * and highlight it once it has loaded (the content script waits for the item).
 */
async function openInTab(url: string, sender: Sender, key?: ItemKey): Promise<void> {
  const tabId =
    sender.tab?.id ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id ?? undefined;
  const tab = tabId === undefined ? await browser.tabs.create({ url }) : await browser.tabs.update(tabId, { url });
  if (!key || tab?.id === undefined) return;
  const target = tab.id;
  const focus: TabMessage = { type: 'focus', key };
  const send = (): void => void browser.tabs.sendMessage(target, focus).catch(() => {});
  // Once the page is complete its content script listens; SPA sites may not reload, so also try now.
  const onUpdated = (id: number, change: { status?: string }): void => {
    if (id !== target || change.status !== 'complete') return;
    browser.tabs.onUpdated.removeListener(onUpdated);
    send();
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  setTimeout(() => browser.tabs.onUpdated.removeListener(onUpdated), 30_000);
  send();
}
