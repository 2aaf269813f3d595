/**
 * "Reply with…" on the sites' saved pages: the site's own reply box for the
 * item opens (through the adapter, as a person's click would), the text goes
 * in through the page world and is verified, the site's Send button is never
 * pressed, and when the text cannot be verified it lands on the clipboard
 * with plain words saying so. The editor frameworks themselves (Draft.js,
 * Lexical, Quill, ProseMirror…) are covered against the real libraries in
 * editors.test.ts; here the saved pages carry only the sites' markup, plus
 * the small stand-ins for the sites' own scripts that some fixtures include.
 * The text here is the user's own (the picker's "Write your own reply"):
 * free text must keep working next to the saved replies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { quietLogger } from '../../companion/log.js';
import type { Platform } from '../../shared/model.js';
import { ADAPTERS } from '../../extension/sites/index.js';
import {
  editorsText,
  launchExtension,
  openSiteFixture,
  pairViaOptions,
  screenshot,
  sentCount,
  until,
  type ExtensionBrowser,
} from './harness.js';

let dataDir: string;
let companion: Companion;
let browser: ExtensionBrowser;

/**
 * A stand-in for X's own script, which a saved page does not run: a reply
 * button opens X's reply dialog with a Draft.js-shaped box and a disabled
 * Reply button (Draft.js itself is not there, so the box cannot take a paste).
 */
function xReplyDialog(): void {
  document.addEventListener('click', (e) => {
    const button = (e.target as Element | null)?.closest?.('[data-testid="reply"]');
    if (!button || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    const box = document.createElement('div');
    box.className = 'public-DraftEditor-content';
    box.setAttribute('contenteditable', 'true');
    box.setAttribute('role', 'textbox');
    box.setAttribute('data-testid', 'tweetTextarea_0');
    const wrap = document.createElement('div');
    wrap.setAttribute('data-testid', 'tweetTextarea_0RichTextInputContainer');
    wrap.append(box);
    const send = document.createElement('button');
    send.setAttribute('data-testid', 'tweetButton');
    send.disabled = true;
    send.textContent = 'Reply';
    dialog.append(wrap, send);
    document.body.append(dialog);
  });
}

function open(platform: Platform, fixture: string): Promise<Page> {
  const exp = ADAPTERS[platform].expected.find((e) => e.fixture.endsWith(fixture))!;
  return openSiteFixture(browser, exp, platform === 'x' ? { init: xReplyDialog } : {});
}

/** Where the bar says how Reply with… went (the picker may hold its own alerts). */
const OUTCOME = '.item-bar__notice, .item-bar__error';

async function replyWith(page: Page, key: string, text: string): Promise<string> {
  const bar = page.locator(`[data-inlay-item="${key}"]`);
  await bar.locator('[data-inlay-action="reply"]').click();
  await bar.locator('.reply-picker textarea').waitFor();
  if ((await bar.locator('.reply-picker [role="combobox"]').count()) > 0) {
    await bar.locator('.reply-picker [role="option"][data-inlay-reply=""]').click();
  }
  await expect
    .poll(() =>
      bar
        .locator('.reply-picker textarea')
        .evaluate((a) => a === (a.getRootNode() as Document | ShadowRoot).activeElement),
    )
    .toBe(true);
  await page.keyboard.type(text);
  expect(await bar.locator('.reply-picker textarea').inputValue()).toBe(text);
  await bar.locator('[data-inlay-action="insert"]').click();
  await expect
    .poll(async () => (await bar.locator(OUTCOME).allTextContents()).join(' '), {
      timeout: 10_000,
    })
    .not.toBe('');
  return (await bar.locator(OUTCOME).allTextContents()).join(' ');
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-reply-'));
  companion = await startCompanion({ port: 0, dataDir, logger: quietLogger });
  const profiles: [Platform, string][] = [
    ['reddit', 'inlaydemo'],
    ['youtube', 'inlaydemo'],
    ['linkedin', 'inlay-demo'],
    ['facebook', 'inlaydemo'],
    ['x', 'inlaydemo'],
    ['tiktok', 'inlaydemo'],
    ['instagram', 'inlaydemo'],
  ];
  let n = 0;
  for (const [platform, handle] of profiles) {
    await companion.store.saveProfile(`op_reply_profile_${++n}`, null, { platform, handle, displayName: null });
  }
  browser = await launchExtension();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const options = await pairViaOptions(browser, companion, 'Reply Tester');
  await until(async () => (await options.getByTestId('profile-row').count()) === profiles.length, 10_000, 'profiles');
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Reply with… on the saved pages', () => {
  const cases: [Platform, string][] = [
    ['reddit', 'post-logged-in.html'],
    ['youtube', 'watch-ours.html'],
    ['linkedin', 'post-comments-ember.html'],
    ['instagram', 'post-ours.html'],
  ];
  it.each(cases)(
    '%s %s: the text lands in the site’s reply box, verified, and nothing is sent',
    async (platform, fixture) => {
      const page = await open(platform, fixture);
      // an inbound item nobody on the team has answered yet (otherwise Inlay warns, rightly)
      const key = await page
        .locator('[data-inlay-item][data-inlay-inbound="true"]')
        .evaluateAll(
          (hosts) =>
            hosts
              .find(
                (h) =>
                  h.shadowRoot?.querySelector('[data-inlay-status]') && !/Replied/.test(h.shadowRoot.textContent ?? ''),
              )
              ?.getAttribute('data-inlay-item') ?? null,
        );
      expect(key).not.toBeNull();
      const text = `Thanks — we are on it (${platform}) <img src=x onerror=alert(1)>`;
      const said = await replyWith(page, key!, text);
      expect({ key, said, boxes: (await editorsText(page)).slice(0, 300) }).toMatchObject({
        said: expect.stringContaining('In the reply box'),
      });
      await expect.poll(() => editorsText(page)).toContain(text);
      expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
      expect(await sentCount(page)).toBe(0);
      await screenshot(page, `e2e-reply-with-${platform}`);
      await page.close();
    },
  );

  // X's and TikTok's Draft.js and Facebook's Lexical do not run in a saved page: the box cannot take the text,
  // so Inlay must say so and leave it on the clipboard (the techniques are proven on the real editors
  // in editors.test.ts).
  it.each([
    ['x', 'status-with-replies.html'],
    ['facebook', 'post-logged-in.html'],
    ['tiktok', 'video-with-comments.html'],
  ] as [Platform, string][])(
    '%s %s: when the box cannot be verified, the text is on the clipboard and Inlay says so',
    async (platform, fixture) => {
      const page = await open(platform, fixture);
      const key = await page
        .locator('[data-inlay-item][data-inlay-inbound="true"]')
        .first()
        .getAttribute('data-inlay-item');
      const text = `Sorry about that (${platform}) — DM us your order number`;
      const said = await replyWith(page, key!, text);
      expect(said).toContain("it's on your clipboard");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
      expect(await sentCount(page)).toBe(0);
      await page.close();
    },
  );
});
