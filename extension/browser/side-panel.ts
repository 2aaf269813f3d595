/**
 * Opening the side panel: Chrome's sidePanel API (not in webextension-polyfill,
 * hence this tiny typed wrapper) or Firefox's sidebarAction. Both need a user
 * gesture, so call this synchronously from a click handler (no await before it).
 */
import browser from 'webextension-polyfill';

interface ChromeSidePanel {
  open(options: { windowId?: number; tabId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}

/** Chrome's `chrome.sidePanel`, or null in browsers without it. */
export function chromeSidePanel(): ChromeSidePanel | null {
  const c = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome;
  return c?.sidePanel ?? null;
}

/** The popup has the button; clicking the toolbar icon opens the popup, not the panel. */
export async function configureSidePanel(): Promise<void> {
  await chromeSidePanel()?.setPanelBehavior({ openPanelOnActionClick: false });
}

/** Opens the side panel (Chrome) or sidebar (Firefox) in `windowId` (Chrome needs one). */
export async function openSidePanel(windowId: number | undefined): Promise<void> {
  const chromePanel = chromeSidePanel();
  if (chromePanel) {
    if (windowId === undefined) throw new Error('no window to open the side panel in');
    await chromePanel.open({ windowId });
    return;
  }
  if (browser.sidebarAction) {
    await browser.sidebarAction.open();
    return;
  }
  throw new Error('this browser has no side panel');
}
