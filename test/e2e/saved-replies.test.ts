/**
 * Saved replies end to end, on three sites' saved pages served at their real
 * URLs, with a real companion holding the team's library:
 *
 *   - a member tags an inbound comment from the bar; "Reply with…" then lists
 *     the reply linked to that tag first (and, on YouTube, a reply an inbox
 *     rule suggested for the item above it);
 *   - the preview is filled from the page (the commenter's first name as the
 *     site shows it), the member (their first name) and the team (the brand);
 *   - Enter puts it into the site's own reply box, verified, never sent;
 *   - the usage event (which reply, which item, who, when) reaches the
 *     companion;
 *   - typing a `;shortcut` in the site's own box expands it in place, and
 *     that use reaches the companion too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { quietLogger } from '../../companion/log.js';
import type { Item, LogEvent, Platform } from '../../shared/model.js';
import { SavedReplyInput } from '../../shared/replies/saved-reply.js';
import { Rule } from '../../shared/rules/rule.js';
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

const TAG = 'CS - late delivery';
const LATE =
  'Hi {{author.first_name | there}} ({{author.handle}}), sorry your order is late — we are on it. {{agent.first_name}} at {{brand}}';

let dataDir: string;
let companion: Companion;
let browser: ExtensionBrowser;
let n = 0;
const op = () => `op_saved_replies_${++n}`;

function open(platform: Platform, fixture: string): Promise<Page> {
  const exp = ADAPTERS[platform].expected.find((e) => e.fixture.endsWith(fixture))!;
  return openSiteFixture(browser, exp, { viewport: { width: 1100, height: 900 } });
}

/** An inbound item the team has captured, not answered yet, whose author's handle the page shows. */
async function unansweredNamedItem(page: Page): Promise<Item> {
  const keys = await page
    .locator('[data-inlay-item][data-inlay-inbound="true"]')
    .evaluateAll((hosts) =>
      hosts
        .filter(
          (h) => h.shadowRoot?.querySelector('[data-inlay-status]') && !/Replied/.test(h.shadowRoot.textContent ?? ''),
        )
        .map((h) => h.getAttribute('data-inlay-item')!),
    );
  for (const key of keys) {
    const item = await companion.store.getItem(key);
    if (item?.author.handle && item.repliedAt === null) return item;
  }
  throw new Error(`no unanswered inbound item with an author handle among ${keys.join(', ')}`);
}

async function tagFromBar(page: Page, bar: Locator, tag: string): Promise<void> {
  await bar.locator('[data-inlay-action="tag"]').click();
  await bar.locator('input').waitFor();
  await page.keyboard.type(tag);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => bar.locator('[data-inlay-tag]').allTextContents(), { timeout: 5_000 })
    .toContainEqual(expect.stringContaining(tag));
}

async function usesOf(key: string): Promise<LogEvent[]> {
  const all = await companion.store.eventsSince(0, 100_000);
  return all.map((e) => e.event).filter((e) => e.data.type === 'reply.used' && e.itemKey === key);
}

const firstName = (name: string) => name.trim().split(/\s+/)[0]!;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-saved-replies-'));
  companion = await startCompanion({ port: 0, dataDir, logger: quietLogger });
  const s = companion.store;
  const profiles: [Platform, string][] = [
    ['reddit', 'inlaydemo'],
    ['youtube', 'inlaydemo'],
    ['linkedin', 'inlay-demo'],
  ];
  for (const [platform, handle] of profiles) await s.saveProfile(op(), null, { platform, handle, displayName: null });
  const library = [
    { id: 'r-late', folder: 'Shipping', title: 'Late delivery', tags: [TAG], body: LATE },
    { id: 'r-dm', folder: 'General', title: 'Move to DM', body: 'Could you DM us your order number?', shortcut: 'dm' },
    {
      id: 'r-thanks',
      folder: 'General',
      title: 'Thanks',
      body: 'Thank you, {{author.handle}}! Passing it on to the team.',
      shortcut: 'thanks',
    },
    { id: 'r-video', folder: 'YouTube', title: 'Video follow-up', body: 'Part two of this video is out on Friday!' },
  ];
  for (const r of library) await s.saveSavedReply(op(), null, SavedReplyInput.parse({ scope: 'shared', ...r }));
  // "Move to DM" is the team's most used reply
  for (let i = 0; i < 4; i++) {
    const at = new Date(Date.now() - (i + 2) * 3_600_000).toISOString();
    await s.recordReplyUse(op(), null, { itemKey: `reddit:t1_old${i}`, platform: 'reddit', replyIds: ['r-dm'], at });
  }
  await s.saveReplySettings(op(), null, { brand: 'Acme', guardrail: { uses: 3, minutes: 60 } });
  await s.saveRule(
    op(),
    null,
    Rule.parse({
      id: 'youtube-follow-up',
      name: 'YouTube follow-up',
      on: { event: 'item.captured' },
      when: { op: 'in', fact: 'platform', values: ['youtube'] },
      actions: [{ type: 'reply.suggest', savedReplyIds: ['r-video'] }],
      order: 1,
    }),
  );
  browser = await launchExtension();
  const options = await pairViaOptions(browser, companion, 'Sam Rivera');
  await until(async () => (await options.getByTestId('profile-row').count()) === profiles.length, 10_000, 'profiles');
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('saved replies on the saved pages', () => {
  const cases: [Platform, string][] = [
    ['reddit', 'post-logged-in.html'],
    ['youtube', 'watch-ours.html'],
    ['linkedin', 'post-comments-ember.html'],
  ];
  it.each(cases)(
    '%s %s: the tag’s reply comes first, fills itself in from the page, lands in the box, and its use is recorded',
    async (platform, fixture) => {
      const page = await open(platform, fixture);
      const item = await unansweredNamedItem(page);
      const bar = page.locator(`[data-inlay-item="${item.key}"]`);
      await tagFromBar(page, bar, TAG);

      await bar.locator('[data-inlay-action="reply"]').click();
      const options = bar.locator('.reply-picker [role="option"]');
      await expect.poll(() => options.count(), { timeout: 10_000 }).toBeGreaterThan(3);
      const order = await options.evaluateAll((os) => os.map((o) => o.getAttribute('data-inlay-reply')));
      const why = async (id: string) =>
        bar.locator(`.reply-picker [data-inlay-reply="${id}"] .reply-picker__why`).textContent();
      if (platform === 'youtube') {
        // a rule's suggestion first, then the tag's reply
        expect(order.slice(0, 3)).toEqual(['r-video', 'r-late', 'r-dm']);
        expect(await why('r-video')).toBe('Suggested by rule “YouTube follow-up”');
      } else {
        expect(order.slice(0, 2)).toEqual(['r-late', 'r-dm']);
      }
      expect(await why('r-late')).toBe(`Tag ${TAG}`);
      expect(await why('r-dm')).toMatch(/^Used \d+ times$/);
      if (platform === 'youtube') await page.keyboard.press('ArrowDown');

      // filled from the page (the commenter), the member and the team — never a raw {{…}}
      const handle = `@${item.author.handle!.replace(/^@/, '')}`;
      const hi = item.author.name ? firstName(item.author.name) : 'there';
      const expected = `Hi ${hi} (${handle}), sorry your order is late — we are on it. Sam at Acme`;
      const preview = bar.locator('.reply-picker textarea');
      await expect.poll(() => preview.inputValue()).toBe(expected);
      expect(await bar.locator('.reply-picker [data-inlay-count]').textContent()).toMatch(/^\d+ \/ \d+$/);
      expect(await bar.locator('.reply-picker [data-inlay-warning]').count()).toBe(0);
      await screenshot(page, `e2e-saved-replies-picker-${platform}`);
      if (platform === 'youtube') {
        // the picture in the README (docs/images/reply-picker.png)
        const box = (await bar.locator('.reply-picker').boundingBox())!;
        const top = (await bar.boundingBox())!.y - 150;
        await screenshot(page, 'e2e-saved-replies-picker-readme', {
          x: 0,
          y: Math.max(0, top),
          width: Math.min(1100, box.x + box.width + 40),
          height: box.y + box.height + 16 - Math.max(0, top),
        });
      }

      const before = Date.now();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => bar.locator('.item-bar__notice').textContent(), { timeout: 10_000 })
        .toContain('In the reply box');
      await expect.poll(() => editorsText(page)).toContain(expected);
      expect(await sentCount(page)).toBe(0);

      // the usage event: which reply, which item, which member, when
      await expect.poll(async () => (await usesOf(item.key)).length, { timeout: 5_000 }).toBe(1);
      const [used] = await usesOf(item.key);
      const members = await companion.store.listMembers();
      expect(used).toMatchObject({
        itemKey: item.key,
        memberId: members.find((m) => m.name === 'Sam Rivera')!.id,
        data: { type: 'reply.used', replyIds: ['r-late'], platform },
      });
      const usedAt = Date.parse((used!.data as { usedAt: string }).usedAt);
      expect(usedAt).toBeGreaterThanOrEqual(before - 1_000);
      expect(usedAt).toBeLessThanOrEqual(Date.now());
      await screenshot(page, `e2e-saved-replies-inserted-${platform}`);
      await page.close();
    },
  );

  it('reddit: typing ;thanks in the site’s own reply box expands it in place, and the use is recorded', async () => {
    const page = await open('reddit', 'post-logged-in.html');
    const item = await unansweredNamedItem(page);
    const bar = page.locator(`[data-inlay-item="${item.key}"]`);
    // the member starts their own reply through Reply with… (which opens the site's box for this comment)…
    await bar.locator('[data-inlay-action="reply"]').click();
    await bar.locator('.reply-picker [data-inlay-reply=""]').click();
    await page.keyboard.type('Oh');
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(() => bar.locator('.item-bar__notice').textContent(), { timeout: 10_000 })
      .toContain('In the reply box');
    // …and goes on typing in the site's own box
    const box = page.locator('[contenteditable="true"], textarea').filter({ hasText: /^Oh$/ });
    await box.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' ;thanks');
    const expected = `Oh Thank you, @${item.author.handle!.replace(/^@/, '')}! Passing it on to the team.`;
    await expect.poll(() => editorsText(page), { timeout: 5_000 }).toContain(expected);
    expect(await editorsText(page)).not.toContain(';thanks');
    await expect
      .poll(async () => (await usesOf(item.key)).map((e) => (e.data as { replyIds: string[] }).replyIds), {
        timeout: 5_000,
      })
      .toContainEqual(['r-thanks']);
    expect(await sentCount(page)).toBe(0);
    await page.close();
  });
});
