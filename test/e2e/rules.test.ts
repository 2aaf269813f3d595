/**
 * Inbox rules end to end: a lead writes a rule in the options page,
 * back-tests it on captured history, saves it; the next comment that matches
 * is tagged and assigned by it the moment it is captured, and the side panel
 * shows it within a second.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { quietLogger } from '../../companion/log.js';
import { launchExtension, pairViaOptions, ROOT, screenshot, serveAt, until, type ExtensionBrowser } from './harness.js';

const STATUS = 'https://x.com/inlaydemo/status/1900000000000000100';
const FIXTURE = 'test/fixtures/x/status-with-replies.html';
let dataDir: string;
let companion: Companion;
let browser: ExtensionBrowser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-rules-'));
  companion = await startCompanion({ port: 0, dataDir, logger: quietLogger });
  await companion.store.saveProfile('op_rules_profile', null, {
    platform: 'x',
    handle: 'inlaydemo',
    displayName: null,
  });
  browser = await launchExtension();
  const options = await pairViaOptions(browser, companion, 'Lena Lead');
  await until(async () => (await options.getByTestId('profile-row').count()) === 1, 10_000, 'profile');
  await options.close();
  await serveAt(browser.context, STATUS, readFileSync(join(ROOT, FIXTURE), 'utf8'));
});

afterAll(async () => {
  await browser?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('inbox rules, from the options page to the page and the side panel', () => {
  it('a rule written in Options tags and assigns the matching comment as it is captured', async () => {
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    await options.getByTestId('rule-form').waitFor({ timeout: 15_000 });
    await options.getByTestId('rule-name').fill('Export bugs');
    await options.getByTestId('rule-keywords').fill('export, exporter, exportera');
    await options.getByTestId('rule-tags').fill('CS - export bug');
    await options.getByTestId('rule-priority').selectOption('high');
    const me = (await companion.store.listMembers())[0]!;
    await options.getByTestId('rule-assignee').selectOption(me.id);

    // back-test first: nothing captured yet
    await options.getByTestId('rule-backtest').click();
    await expect.poll(() => options.getByTestId('rules-backtest').textContent()).toContain('0 items');
    await options.getByTestId('rule-save').click();
    await expect
      .poll(() => options.getByTestId('rule-row').allTextContents())
      .toEqual([expect.stringContaining('Export bugs')]);
    await screenshot(options, 'e2e-options-rules');

    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl('sidepanel.html'));
    const page = await browser.context.newPage();
    await page.goto(STATUS);
    await expect.poll(() => companion.store.countItems(), { timeout: 15_000 }).toBe(4);
    const t0 = Date.now();
    const item = await companion.store.getItem('x:1900000000000000101'); // "The export to calendar keeps failing…"
    expect(item).toMatchObject({ tags: ['CS - export bug'], priority: 'high', assigneeId: me.id });
    expect((await companion.store.getItem('x:1900000000000000102'))?.tags).toEqual([]);

    // the page's bar and the side panel show it
    await expect
      .poll(() => page.locator('[data-inlay-item="x:1900000000000000101"] [data-inlay-tag]').allTextContents(), {
        timeout: 5_000,
      })
      .toEqual([expect.stringContaining('CS - export bug')]);
    await expect
      .poll(async () => (await panel.locator('body').textContent()) ?? '', { timeout: 1_000, interval: 25 })
      .toContain('CS - export bug');
    expect(Date.now() - t0).toBeLessThan(1_500);
    await screenshot(panel, 'e2e-sidepanel-rule-tagged');

    // with history captured, a back-test counts what a draft would do
    await options.getByTestId('rule-name').fill('Dark mode requests');
    await options.getByTestId('rule-keywords').fill('dark mode');
    await options.getByTestId('rule-tags').fill('Product - dark mode');
    await options.getByTestId('rule-backtest').click();
    await expect.poll(() => options.getByTestId('rules-backtest').textContent()).toMatch(/matched 1: would tag 1/);
  });
});
