/**
 * Presence and permissions end to end: two browser profiles paired with one
 * real companion as two members — Ana (the first to pair: admin) and Bo (an
 * agent) — both on the saved X status page at its real URL.
 *
 * Ana opens "Reply with…" on a reply to our post and types: Bo sees "Ana is
 * replying" in that item's bar within a couple of seconds, and on its row in
 * his side panel; nobody ever sees themselves. When Bo goes to reply to the
 * same item, Inlay tells him first. Bo is an agent: his tag menu offers only
 * the tags the team has, never "Create …", while Ana's does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { quietLogger } from '../../companion/log.js';
import { launchExtension, pairViaOptions, screenshot, serveFixture, until, type ExtensionBrowser } from './harness.js';

const STATUS_URL = 'https://x.com/inlaydemo/status/1900000000000000100';
const FIXTURE = 'test/fixtures/x/status-with-replies.html';
/** Maple Owl's reply to our post: inbound, captured by itself. */
const ITEM = 'x:1900000000000000101';

let dataDir: string;
let companion: Companion;
let ana: ExtensionBrowser;
let bo: ExtensionBrowser;
let anaPage: Page;
let boPage: Page;
let boPanel: Page;

const bar = (page: Page, key = ITEM) => page.locator(`[data-inlay-item="${key}"]`);

async function openStatus(browser: ExtensionBrowser): Promise<Page> {
  await serveFixture(browser.context, 'https://x.com/**', FIXTURE);
  const page = await browser.context.newPage();
  await page.goto(STATUS_URL);
  await until(async () => (await bar(page).locator('[data-inlay-status]').count()) > 0, 15_000, 'the captured bar');
  return page;
}

/** What every presence badge on the page says. */
async function badges(page: Page): Promise<string[]> {
  return page.locator('[data-inlay-item] [data-inlay-presence]').allTextContents();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-presence-'));
  companion = await startCompanion({ port: 0, dataDir, logger: quietLogger });
  await companion.store.saveProfile('op_presence_profile', null, {
    platform: 'x',
    handle: 'inlaydemo',
    displayName: null,
  });
  ana = await launchExtension();
  bo = await launchExtension();
  await (await pairViaOptions(ana, companion, 'Ana Admin')).close();
  await (await pairViaOptions(bo, companion, 'Bo Agent')).close();
  anaPage = await openStatus(ana);
  await until(async () => (await companion.store.countItems()) === 4, 10_000, 'the inbound replies captured');
  boPage = await openStatus(bo);
  boPanel = await bo.context.newPage();
  await boPanel.setViewportSize({ width: 420, height: 800 });
  await boPanel.goto(bo.extensionUrl('sidepanel.html'));
  await until(async () => (await boPanel.getByTestId('item-row').count()) === 4, 10_000, 'the side panel rows');
});

afterAll(async () => {
  await ana?.close();
  await bo?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('presence between two members, in Chromium', () => {
  it('the roles are what pairing gave: the first member is an admin, the second an agent', async () => {
    const members = await companion.store.listMembers();
    expect(members.map((m) => [m.name, m.role])).toEqual([
      ['Ana Admin', 'admin'],
      ['Bo Agent', 'agent'],
    ]);
  });

  it('Bo sees "Ana Admin is replying" on the item Ana replies to, within a couple of seconds', async () => {
    await boPage.bringToFront();
    await bar(anaPage).locator('[data-inlay-action="reply"]').click();
    await bar(anaPage).locator('textarea').waitFor();
    await anaPage.keyboard.type('S');
    const typed = Date.now();
    await expect
      .poll(() => bar(boPage).locator('[data-inlay-presence]').textContent(), { timeout: 3_000, interval: 50 })
      .toBe('Ana Admin is replying');
    expect(Date.now() - typed).toBeLessThan(2_000);
    await anaPage.keyboard.type('orry about that, Maple — looking into it now.');
    expect(await bar(boPage).locator('[data-inlay-presence]').getAttribute('data-inlay-presence')).toBe('typing');
    await bar(boPage).scrollIntoViewIfNeeded();
    await screenshot(boPage, 'e2e-presence-bar');
  });

  it('and on that item’s row in his side panel', async () => {
    await boPanel.bringToFront();
    const row = boPanel.getByTestId('item-row').filter({ hasText: 'mapleowl' });
    await expect
      .poll(() => row.getByTestId('row-presence').textContent(), { timeout: 3_000 })
      .toBe('Ana Admin is replying');
    await screenshot(boPanel, 'e2e-presence-sidepanel');
  });

  it('Ana sees what Bo is doing, and never herself', async () => {
    // Bo's page is in view for him: the team's items there read "viewing" on Ana's page
    await expect
      .poll(async () => (await badges(anaPage)).some((t) => t.startsWith('Bo Agent is')), { timeout: 5_000 })
      .toBe(true);
    expect((await badges(anaPage)).filter((t) => t.includes('Ana Admin'))).toEqual([]);
    expect((await badges(boPage)).filter((t) => t.includes('Bo Agent'))).toEqual([]);
  });

  it('Bo is told before his reply goes into the same item’s box', async () => {
    await anaPage.keyboard.type(' Still on it.'); // typing lasts 10 s after the last keystroke
    await boPage.bringToFront(); // the tab in front, as a person's would be
    await bar(boPage).locator('[data-inlay-action="reply"]').click();
    await bar(boPage).locator('textarea').waitFor();
    await boPage.keyboard.type('Hi Maple!');
    await bar(boPage).locator('[data-inlay-action="insert"]').click();
    await expect
      .poll(() => bar(boPage).locator('[role="alert"]').textContent(), { timeout: 5_000 })
      .toContain('Ana Admin is replying to this right now');
    expect(await bar(boPage).locator('[data-inlay-action="insert"]').textContent()).toBe('Insert anyway');
    await screenshot(boPage, 'e2e-presence-warning');
    await boPage.keyboard.press('Escape');
  });

  it('an agent’s tag menu offers only existing tags — no "Create"; an admin’s offers to create', async () => {
    await bar(boPage).locator('[data-inlay-action="tag"]').click();
    await bar(boPage).locator('input').waitFor();
    await boPage.keyboard.type('Brand new tag');
    await expect
      .poll(() => bar(boPage).locator('.item-bar__empty').textContent())
      .toContain('Only leads and admins can create tags');
    expect(await bar(boPage).locator('[role="option"]').allTextContents()).toEqual([]);
    await screenshot(boPage, 'e2e-presence-agent-tag-menu');
    await boPage.keyboard.press('Escape');

    await anaPage.keyboard.press('Escape'); // close Ana's Reply with… box
    await bar(anaPage).locator('[data-inlay-action="tag"]').click();
    await bar(anaPage).locator('input').waitFor();
    await anaPage.keyboard.type('Brand new tag');
    await expect
      .poll(() => bar(anaPage).locator('[role="option"]').allTextContents())
      .toEqual([expect.stringContaining('Brand new tag')]);
    await anaPage.keyboard.press('Escape');
  });
});
