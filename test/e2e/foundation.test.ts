/**
 * The foundation end to end, as a person meets it: the built extension in
 * Debian's Chromium, a real companion on loopback, the saved X status page
 * served at its real URL.
 *
 * Pair through the options page → add our X profile → the replies to our post
 * reach the team by themselves, and another tweet is captured by hand → they
 * are in the side panel → a second browser profile paired as another member
 * sees changes live → our own reply in the thread is recorded on the reply it
 * answers → the companion stops, changes wait in the outbox, the companion
 * comes back on the same port and data folder, and nothing is lost or doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { quietLogger } from '../../companion/log.js';
import { launchExtension, pairViaOptions, screenshot, serveFixture, type ExtensionBrowser } from './harness.js';

const STATUS_URL = 'https://x.com/inlaydemo/status/1900000000000000100';
const FIXTURE = 'test/fixtures/x/status-with-replies.html';
const INBOUND = '[data-inlay-item][data-inlay-inbound="true"]';

let dataDir: string;
let companion: Companion;
let port: number;
let alice: ExtensionBrowser;
let bob: ExtensionBrowser;

async function start(p = 0): Promise<Companion> {
  return startCompanion({ port: p, dataDir, logger: quietLogger });
}

function pair(browser: ExtensionBrowser, name: string): Promise<Page> {
  return pairViaOptions(browser, companion, name);
}

/** The capture button inside the overlay host of item `key` (the shadow root is open, so CSS pierces it). */
function captureButton(page: Page, key: string) {
  return page.locator(`[data-inlay-item="${key}"] button`).first();
}

/** The status the item's bar shows ("Open", "Done"…), or null while it shows the capture control. */
async function statusText(page: Page, key: string): Promise<string | null> {
  const status = page.locator(`[data-inlay-item="${key}"] [data-inlay-status]`);
  return (await status.count()) > 0 ? status.first().textContent() : null;
}

async function rowTexts(panel: Page): Promise<string[]> {
  return panel.getByTestId('item-row').allTextContents();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-data-'));
  companion = await start();
  port = companion.port;
  alice = await launchExtension();
  bob = await launchExtension();
});

afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('foundation, end to end in Chromium', () => {
  let page: Page;
  let alicePanel: Page;
  let bobPanel: Page;

  it('pairs through the options page and takes our X profile', async () => {
    const options = await pair(alice, 'Alice Agent');
    await expect
      .poll(() => options.getByTestId('connection-status').textContent())
      .toMatch(/Connected to companion as/);
    await options.getByTestId('profile-platform').selectOption('x');
    await options.getByTestId('profile-handle').fill('@inlaydemo');
    await options.getByTestId('profile-add').click();
    await expect
      .poll(() => options.getByTestId('profile-row').allTextContents())
      .toEqual([expect.stringContaining('@inlaydemo')]);
    await screenshot(options, 'e2e-options-paired');
    expect(await companion.store.countMembers()).toBe(1);

    const popup = await alice.context.newPage();
    await popup.goto(alice.extensionUrl('popup.html'));
    await expect.poll(() => popup.getByTestId('connection-status').textContent()).toMatch(/Connected to companion as/);
    await screenshot(popup, 'e2e-popup-connected');
    await popup.close();
  });

  it('captures the replies to our post by themselves, and another tweet on demand', async () => {
    await serveFixture(alice.context, 'https://x.com/**', FIXTURE);
    page = await alice.context.newPage();
    await page.goto(STATUS_URL);
    await expect.poll(() => page.locator('[data-inlay-item]').count(), { timeout: 15_000 }).toBe(8);
    expect(await page.locator(INBOUND).evaluateAll((els) => els.map((e) => e.getAttribute('data-inlay-item')))).toEqual(
      ['x:1900000000000000101', 'x:1900000000000000102', 'x:1900000000000000104', 'x:1900000000000000105'],
    );
    await expect.poll(() => companion.store.countItems(), { timeout: 10_000 }).toBe(4);
    expect(await companion.store.getItem('x:1900000000000000101')).toMatchObject({
      kind: 'reply',
      profile: 'inlaydemo',
      parentId: '1900000000000000100',
      author: { handle: 'mapleowl', name: 'Maple Owl' },
    });
    // our own reply (103, by @inlaydemo) answers the reply above it: recorded with the site's time
    await expect
      .poll(async () => (await companion.store.getItem('x:1900000000000000102'))?.repliedAt ?? null, {
        timeout: 10_000,
      })
      .toBe('2026-03-02T15:40:00.000Z');
    await expect.poll(() => statusText(page, 'x:1900000000000000101')).toBe('Open');

    // a tweet that is not inbound is captured only when asked
    await captureButton(page, 'x:1899999999999990001').click();
    await expect.poll(() => companion.store.countItems()).toBe(5);
    await page.locator('[data-inlay-item="x:1900000000000000101"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-x-overlay');
  });

  it('tags, assigns and closes an item from its bar, from the keyboard', async () => {
    const bar = page.locator('[data-inlay-item="x:1900000000000000101"]');
    await bar.locator('[data-inlay-action="tag"]').click();
    await bar.locator('input').waitFor();
    await page.keyboard.type('CS - export bug');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await companion.store.getItem('x:1900000000000000101'))?.tags)
      .toEqual(['CS - export bug']);
    await bar.locator('[data-inlay-action="assign"]').click();
    await bar.locator('[role="listbox"]').waitFor();
    await page.keyboard.press('Enter'); // "Me" comes first
    await expect
      .poll(async () => (await companion.store.getItem('x:1900000000000000101'))?.assigneeId)
      .toEqual((await companion.store.listMembers())[0]!.id);
    await bar.locator('[data-inlay-action="tag"]').click();
    await screenshot(page, 'e2e-x-tag-menu');
    await page.keyboard.press('Escape');
    await expect.poll(() => bar.locator('[data-inlay-tag]').allTextContents()).toEqual(['CS - export bug×']);
  });

  it('lists the captured items in the side panel', async () => {
    alicePanel = await alice.context.newPage();
    await alicePanel.setViewportSize({ width: 400, height: 800 });
    await alicePanel.goto(alice.extensionUrl('sidepanel.html'));
    await expect.poll(() => alicePanel.getByTestId('item-row').count(), { timeout: 10_000 }).toBe(5);
    expect((await rowTexts(alicePanel)).join('\n')).toContain('mapleowl');
    await screenshot(alicePanel, 'e2e-sidepanel');
  });

  it('a second member in another browser profile sees changes within a second', async () => {
    await pair(bob, 'Bob Lead');
    expect(await companion.store.countMembers()).toBe(2);
    bobPanel = await bob.context.newPage();
    await bobPanel.goto(bob.extensionUrl('sidepanel.html'));
    await expect.poll(() => bobPanel.getByTestId('item-row').count(), { timeout: 10_000 }).toBe(5);

    await captureButton(page, 'x:1899999999999990002').click();
    const clicked = Date.now();
    await expect.poll(() => bobPanel.getByTestId('item-row').count(), { timeout: 1_000, interval: 25 }).toBe(6);
    expect(Date.now() - clicked).toBeLessThan(1_000);
  });

  it('loses nothing the outbox held while the companion was stopped', async () => {
    await companion.close();
    const popup = await alice.context.newPage();
    await popup.goto(alice.extensionUrl('popup.html'));
    await expect
      .poll(() => popup.getByTestId('connection-status').textContent(), { timeout: 15_000 })
      .toMatch(/not running/i);

    // two changes while it is away: a capture by hand and "Done" on a captured reply
    await captureButton(page, 'x:1900000000000000103').click();
    await page.locator('[data-inlay-item="x:1900000000000000104"] [data-inlay-action="done"]').click();
    await expect
      .poll(() => popup.getByTestId('outbox-count').getAttribute('data-count'), { timeout: 10_000 })
      .toBe('2');
    await screenshot(popup, 'e2e-popup-offline-outbox');

    companion = await start(port);
    await expect
      .poll(() => popup.getByTestId('outbox-count').getAttribute('data-count'), { timeout: 60_000 })
      .toBe('0');
    await expect.poll(() => alicePanel.getByTestId('item-row').count(), { timeout: 30_000 }).toBe(7);
    await expect.poll(() => bobPanel.getByTestId('item-row').count(), { timeout: 60_000 }).toBe(7);
    expect(await companion.store.countItems()).toBe(7);
    expect((await companion.store.getItem('x:1900000000000000104'))?.status).toBe('done');

    // the page again: the same inbound replies are not captured twice
    const head = await companion.store.headSeq();
    await page.reload();
    await expect.poll(() => statusText(page, 'x:1900000000000000104'), { timeout: 15_000 }).toBe('Done');
    expect(await companion.store.countItems()).toBe(7);
    expect(await companion.store.headSeq()).toBe(head);
  });

  it('opens an item on the site from the side panel, in the tab the user is on', async () => {
    // A real side panel has no tab of its own, so the active tab is the site's. Opened here as a
    // tab, the panel page is the sender's tab, which is the tab the user is on.
    const row = alicePanel.getByTestId('item-row').filter({ hasText: 'mapleowl' });
    await row.click();
    await expect
      .poll(() => alicePanel.url(), { timeout: 10_000 })
      .toBe('https://x.com/mapleowl/status/1900000000000000101');
    await expect.poll(() => alicePanel.locator('[data-inlay-item]').count(), { timeout: 15_000 }).toBe(8);
  });
});
