/**
 * When a site changes: selector packs are data the companion serves, and a
 * page that should hold items but shows none is said in plain words. Here a
 * team lead's `selectors.json` first breaks X's item selector (as a site
 * change would): the page is reported unreadable (badge on the tab, a warning
 * in the companion's log). A corrected file read by a newly paired browser
 * makes the same page readable again, with no new version of the extension.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { createLogger } from '../../companion/log.js';
import { launchExtension, pairViaOptions, ROOT, serveAt, until, type ExtensionBrowser } from './harness.js';

const URL_OURS = 'https://x.com/inlaydemo/status/1900000000000000100';
const FIXTURE = 'test/fixtures/x/status-with-replies.html';
let dataDir: string;
let companion: Companion;
const logLines: Array<{ level: string; msg: string; platform?: string; page?: string }> = [];
const browsers: ExtensionBrowser[] = [];

async function pairedBrowser(name: string): Promise<ExtensionBrowser> {
  const b = await launchExtension();
  browsers.push(b);
  const options = await pairViaOptions(b, companion, name);
  await until(async () => (await options.getByTestId('profile-row').count()) === 1, 10_000, 'profiles');
  await options.close();
  await serveAt(b.context, URL_OURS, readFileSync(join(ROOT, FIXTURE), 'utf8'));
  return b;
}

interface ChromeApi {
  tabs: { query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<Array<{ id?: number }>> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
}

/** The toolbar badge of the tab in front (the extension may not read tabs' URLs), read in the service worker. */
async function badgeOf(b: ExtensionBrowser, page: Page): Promise<string> {
  await page.bringToFront();
  return b.worker.evaluate(async () => {
    // the service worker's own `chrome` API (not typed in this Node test)
    const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id === undefined ? '' : chrome.action.getBadgeText({ tabId: tab.id });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-health-'));
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line)) });
  companion = await startCompanion({ port: 0, dataDir, logger });
  await companion.store.saveProfile('op_health_profile', null, {
    platform: 'x',
    handle: 'inlaydemo',
    displayName: null,
  });
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('site health and selector overrides', () => {
  it('a pack that finds nothing makes the page "unreadable": badge on the tab, warning in the log', async () => {
    writeFileSync(
      join(dataDir, 'selectors.json'),
      JSON.stringify({ x: { item: [{ css: 'article[data-testid="tweet-2027"]', seen: '2027-01' }] } }),
    );
    const b = await pairedBrowser('Lead One');
    const page = await b.context.newPage();
    await page.goto(URL_OURS);
    await expect.poll(() => badgeOf(b, page), { timeout: 20_000 }).toBe('!');
    expect(await page.locator('[data-inlay-item]').count()).toBe(0);
    await expect
      .poll(() => logLines.some((l) => l.level === 'warn' && l.platform === 'x' && l.page === 'status'))
      .toBe(true);
  });

  it('a corrected pack is read without a new version: the same page is readable again', async () => {
    writeFileSync(
      join(dataDir, 'selectors.json'),
      JSON.stringify({
        x: { item: [{ css: '[data-testid="cellInnerDiv"] article[data-testid="tweet"]', seen: '2027-01' }] },
      }),
    );
    const b = await pairedBrowser('Lead Two');
    const page = await b.context.newPage();
    await page.goto(URL_OURS);
    await expect.poll(() => page.locator('[data-inlay-item]').count(), { timeout: 15_000 }).toBe(8);
    expect(await badgeOf(b, page)).toBe('');
  });
});
