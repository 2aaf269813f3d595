/**
 * The wiring every site's content script shares: one call from a
 * `<site>.content/index.ts` shim with its adapter.
 *
 * adapter → page-scanner → overlay-host + capture-button, with the
 * background for state (site on/off, our profiles), captures, and which items
 * are already captured. Works before the background answers: the overlay
 * renders, and capture says in plain words what went wrong.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { itemKey, type ItemKey } from '../../shared/model';
import type { BgPush, ExtensionState } from '../messaging/messages';
import { matchProfile, type SiteAdapter } from '../sites/types';
import { CAPTURE_BUTTON_CSS, mountCaptureButton } from './capture-button';
import { createOverlayHost, HOST_SELECTOR, pageTheme, watchTheme, type OverlayHost, type Theme } from './overlay-host';
import { createPageScanner, type PageScanner } from './page-scanner';
import { createBackgroundClient, type BackgroundClient } from './support/background';
import { createCapturedItems } from './support/captured-items';

export interface RunSiteOptions {
  doc?: Document;
  client?: BackgroundClient;
  /** How long to wait for the background's state before showing the overlay anyway. */
  stateWaitMs?: number;
}

/** The parts of WXT's ContentScriptContext this uses (so tests can pass a small fake). */
export type SiteContext = Pick<ContentScriptContext, 'isInvalid' | 'signal' | 'onInvalidated' | 'setTimeout'>;

export function runSite(ctx: SiteContext, adapter: SiteAdapter, options: RunSiteOptions = {}): void {
  const doc = options.doc ?? document;
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
    const inbound = adapter.isInbound(item, { page, profiles: mine });
    const host = createOverlayHost({
      item: el,
      anchor: adapter.actionRow(el),
      key,
      kind: item.kind,
      inbound,
      theme,
      styles: [CAPTURE_BUTTON_CSS],
    });
    mountCaptureButton(host, {
      item,
      inbound,
      captured,
      capture: async (it) => {
        const r = await client.capture(it);
        if (r.ok && r.value) captured.setMany([r.value]);
        return r;
      },
    });
    hosts.add(host);
    host.onDestroy(() => hosts.delete(host));
    if (!captured.has(key)) askCaptured(key);
    return host;
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
      },
      signal: ctx.signal,
    });
    scanner.start();
  }

  function stopScanner(): void {
    scanner?.stop();
    scanner = null;
  }

  function applyState(state: ExtensionState): void {
    const nextEnabled = state.sites[adapter.platform] !== false;
    const nextProfiles = state.profiles.filter((p) => p.platform === adapter.platform).map((p) => p.handle);
    const profilesChanged = nextProfiles.join('\n') !== configured.join('\n');
    configured = nextProfiles;
    if (nextEnabled !== enabled) {
      enabled = nextEnabled;
      if (enabled) startScanner();
      else stopScanner();
    } else if (profilesChanged && scanner) {
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
    }
  }

  const stopTheme = watchTheme(doc, (next) => {
    theme = next;
    for (const h of hosts) h.setTheme(next);
  });
  ctx.onInvalidated(() => {
    stopTheme();
    stopScanner();
  });

  void (async () => {
    // Wait briefly for the site switch and our profiles; never longer than that.
    const state = await client.state(options.stateWaitMs ?? 1500);
    if (ctx.isInvalid) return;
    if (state.ok) {
      configured = state.value.profiles.filter((p) => p.platform === adapter.platform).map((p) => p.handle);
      enabled = state.value.sites[adapter.platform] !== false;
    }
    if (enabled) startScanner();
    client.live(onPush, ctx.signal);
  })();
}
