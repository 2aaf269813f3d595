/**
 * Every site, end to end: each adapter's saved pages served at their real
 * URLs in Chromium with the built extension and a paired companion. On each
 * page the overlay attaches to exactly the items the adapter recognises
 * (one host per item, inside it), the capture policy's inbound items reach
 * the companion by themselves, and nothing else does. Then in-page (SPA)
 * navigation and infinite scroll, simulated by changing the URL and
 * appending nodes in the page.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type Companion } from '../../companion/app.js';
import { quietLogger } from '../../companion/log.js';
import { PLATFORMS, type Platform } from '../../shared/model.js';
import { ADAPTERS } from '../../extension/sites/index.js';
import type { FixtureExpectation } from '../../extension/sites/types.js';
import { happyPages } from '../sites/fixture-support.js';
import { launchExtension, pairViaOptions, ROOT, screenshot, serveAt, until, type ExtensionBrowser } from './harness.js';

let dataDir: string;
let companion: Companion;
let browser: ExtensionBrowser;

const cases = PLATFORMS.flatMap((p) =>
  ADAPTERS[p].expected.map((exp) => ({ platform: p, name: basename(exp.fixture, '.html'), exp })),
);

/** Saved pages read on the test's side, to ask the adapter what they show. */
const { doc } = happyPages('https://x.com/');

/** Saved profiles per platform (every case's, at once). */
const savedPerPlatform = new Map<string, number>();

/**
 * A page that does not name its account (Facebook's notifications and Messenger, LinkedIn's
 * notifications), seen with more of our profiles saved than the case reads with.
 */
function ambiguous(platform: Platform, exp: FixtureExpectation, html: string): boolean {
  if ((savedPerPlatform.get(platform) ?? 0) <= exp.profiles.length) return false;
  const page = doc(html, exp.url);
  const adapter = ADAPTERS[platform];
  return (adapter.signedInAs?.(page) ?? adapter.detectLoggedInHandle(page)) === null;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-sites-'));
  companion = await startCompanion({ port: 0, dataDir, logger: quietLogger });
  let n = 0;
  const saved = new Set<string>();
  for (const { platform, exp } of cases) {
    for (const handle of exp.profiles) {
      if (saved.has(`${platform}:${handle}`)) continue;
      saved.add(`${platform}:${handle}`);
      savedPerPlatform.set(platform, (savedPerPlatform.get(platform) ?? 0) + 1);
      await companion.store.saveProfile(`op_profile_${++n}`, null, { platform, handle, displayName: null });
    }
  }
  browser = await launchExtension();
  const options = await pairViaOptions(browser, companion, 'Site Tester');
  await until(async () => (await options.getByTestId('profile-row').count()) === saved.size, 10_000, 'profiles');
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await companion?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('every site on its saved pages', () => {
  it.each(cases.map((c) => [`${c.platform} ${c.name}`, c] as const))('%s', async (_label, { platform, name, exp }) => {
    const html = readFileSync(join(ROOT, exp.fixture), 'utf8');
    await serveAt(browser.context, exp.url, html);
    const page = await browser.context.newPage();
    try {
      await page.goto(exp.url);
      const recognised = exp.counts.recognised ?? exp.counts.items!;
      await expect.poll(() => page.locator('[data-inlay-item]').count(), { timeout: 15_000 }).toBe(recognised);
      // one host per item, each inside the element the adapter read
      const keys = await page
        .locator('[data-inlay-item]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-inlay-item')));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.every((k) => k!.startsWith(`${platform}:`))).toBe(true);

      const inbound = await page
        .locator('[data-inlay-item][data-inlay-inbound="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-inlay-item')!));
      if (exp.counts.inbound !== undefined) {
        // A page that does not name its account cannot tell which of several saved profiles it
        // belongs to: what it cannot attribute is not captured by itself (a sweep tab knows its
        // profile). Here every case's profiles are saved at once.
        if (ambiguous(platform, exp, html)) expect(inbound.length).toBeLessThanOrEqual(exp.counts.inbound);
        else expect(inbound).toHaveLength(exp.counts.inbound);
      }
      // the inbound ones reach the companion by themselves; the others do not
      await expect
        .poll(async () => (await Promise.all(inbound.map((k) => companion.store.getItem(k)))).filter(Boolean).length, {
          timeout: 15_000,
        })
        .toBe(inbound.length);
      const others = keys.filter((k) => !inbound.includes(k!));
      for (const k of others) {
        const stored = await companion.store.getItem(k!);
        // another fixture of the same site may hold the same item as inbound (logged-in and logged-out variants)
        if (stored) expect(cases.some((c) => c.platform === platform && c.name !== name)).toBe(true);
      }
      await page.locator('[data-inlay-item]').first().scrollIntoViewIfNeeded();
      await screenshot(page, `e2e-site-${platform}-${name}`);
    } finally {
      await page.close();
    }
  });
});

describe('in-page navigation and infinite scroll', () => {
  it('attaches to items appended later, and clears the old page on an in-page URL change', async () => {
    const exp = ADAPTERS.reddit.expected[0]!;
    await serveAt(browser.context, exp.url, readFileSync(join(ROOT, exp.fixture), 'utf8'));
    const page = await browser.context.newPage();
    await page.goto(exp.url);
    const recognised = exp.counts.recognised ?? exp.counts.items!;
    await expect.poll(() => page.locator('[data-inlay-item]').count(), { timeout: 15_000 }).toBe(recognised);

    // infinite scroll: the site appends a copy of the last top-level comment under a new id
    await page.evaluate(() => {
      const all = document.querySelectorAll('shreddit-comment[depth="0"]');
      const last = all[all.length - 1]!;
      const copy = last.cloneNode(true) as Element;
      for (const host of copy.querySelectorAll('[data-inlay-item]')) host.remove();
      copy.querySelectorAll('shreddit-comment').forEach((c) => c.remove());
      copy.setAttribute('thingid', 't1_zzlater1');
      copy.setAttribute('permalink', `${copy.getAttribute('permalink')!.replace(/[^/]+\/?$/, '')}zzlater1/`);
      last.after(copy);
    });
    await expect.poll(() => page.locator('[data-inlay-item="reddit:t1_zzlater1"]').count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-inlay-item]').count()).toBe(recognised + 1);

    // the site re-renders an item: its host comes back once
    await page.evaluate(() => {
      const el = document.querySelector('shreddit-comment[thingid="t1_zzlater1"]')!;
      el.replaceWith(el.cloneNode(true));
      document.querySelector('shreddit-comment[thingid="t1_zzlater1"] [data-inlay-item]')?.remove();
    });
    await expect.poll(() => page.locator('[data-inlay-item="reddit:t1_zzlater1"]').count(), { timeout: 5_000 }).toBe(1);

    // SPA navigation to a page the adapter does not read: every host goes
    await page.evaluate(() => history.pushState({}, '', '/r/PlannerApp/'));
    await expect.poll(() => page.locator('[data-inlay-item]').count(), { timeout: 5_000 }).toBe(0);
    // and back: the hosts return
    await page.evaluate((u) => history.pushState({}, '', u), new URL(exp.url).pathname);
    await expect.poll(() => page.locator('[data-inlay-item]').count(), { timeout: 5_000 }).toBe(recognised + 1);
    await page.close();
  });
});
