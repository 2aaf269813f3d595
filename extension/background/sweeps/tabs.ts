/**
 * Where sweep pages open (SweepTabs, with the browser's APIs): a minimized,
 * unfocused window of its own, so the person at the keyboard never sees the
 * page nor loses focus. A browser that cannot keep such a window minimized
 * and unfocused — a headless one has no window manager; some (Wayland)
 * desktops refuse to minimize — would show it or hand it focus, so there the
 * sweep uses a background tab (`active: false`) in the person's window
 * instead: the first window that comes back shown or focused is closed at
 * once and windows are not tried again in this worker's life. (A headless
 * browser, which shows nothing to anyone, reports every new window as shown
 * and focused: there the window is kept.) The tab is
 * muted, never activated, and closed (with its window) when the job ends.
 */
import browser from 'webextension-polyfill';
import type { SweepTabs } from './agent';

export function browserSweepTabs(log: (m: string) => void = () => {}): SweepTabs {
  /** Sweep tab → the window opened for it. */
  const windows = new Map<number, number>();
  /**
   * A headless browser has no screen and no window manager: its windows are seen by nobody, but
   * it reports each new one as `normal` and focused, so there that report proves nothing.
   */
  const headless = /HeadlessChrome/.test(globalThis.navigator?.userAgent ?? '');
  let tryWindows = true;
  return {
    async open(url) {
      if (tryWindows) {
        try {
          const win = await browser.windows.create({ url, focused: false, state: 'minimized', type: 'normal' });
          const tabId = win.tabs?.[0]?.id;
          const unseen = headless || (win.state === 'minimized' && !win.focused);
          if (win.id !== undefined && tabId !== undefined && unseen) {
            windows.set(tabId, win.id);
            void browser.tabs.update(tabId, { muted: true }).catch(() => {});
            return tabId;
          }
          tryWindows = false;
          log(`sweeps: the browser showed the sweep window (${win.state ?? '?'}); using background tabs`);
          if (win.id !== undefined) await browser.windows.remove(win.id).catch(() => {});
        } catch (err) {
          tryWindows = false;
          log(
            `sweeps: no minimized window (${err instanceof Error ? err.message : String(err)}); using a background tab`,
          );
        }
      }
      const tab = await browser.tabs.create({ url, active: false });
      if (tab.id === undefined) throw new Error('the browser gave the sweep tab no id');
      void browser.tabs.update(tab.id, { muted: true }).catch(() => {});
      return tab.id;
    },
    async navigate(tabId, url) {
      await browser.tabs.update(tabId, { url });
    },
    async close(tabId) {
      const win = windows.get(tabId);
      windows.delete(tabId);
      try {
        if (win !== undefined) await browser.windows.remove(win);
        else await browser.tabs.remove(tabId);
      } catch {
        // already gone
      }
    },
  };
}
