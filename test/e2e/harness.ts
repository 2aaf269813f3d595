/**
 * Drives the built extension in Debian's Chromium through playwright-core.
 * No test tool downloads a browser: CHROMIUM_PATH or /usr/bin/chromium.
 * Saved pages are served at their real URLs with context.route, so content
 * scripts match as they would on the live site. No live network.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { Companion } from '../../companion/app.js';
import { CHROME_EXTENSION_ID } from '../../shared/extension-id.js';
import type { SweepStatus } from '../../shared/sweeps.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS_DIR = join(ROOT, 'test-results');

export function assertBuilt(): void {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error('The extension is not built: run `npm run build` (npm test does it first).');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\` or set CHROMIUM_PATH.`,
    );
  }
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

export async function launchExtension(): Promise<ExtensionBrowser> {
  assertBuilt();
  const userDataDir = mkdtempSync(join(tmpdir(), 'inlay-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  // Nothing reaches the network: anything not routed by a test is refused.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort('blockedbyclient'));
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${CHROME_EXTENSION_ID}/`)) ??
    (await context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(`chrome-extension://${CHROME_EXTENSION_ID}/`),
      timeout: 15_000,
    }));
  return {
    context,
    worker,
    extensionUrl: (path) => `chrome-extension://${CHROME_EXTENSION_ID}/${path.replace(/^\//, '')}`,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Serve a fixture file for every request to `urlGlob` (documents only; sub-resources are refused). */
export async function serveFixture(context: BrowserContext, urlGlob: string, fixturePath: string): Promise<void> {
  const html = readFileSync(join(ROOT, fixturePath), 'utf8');
  await context.route(urlGlob, (route) => {
    if (route.request().resourceType() === 'document') {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    return route.abort('blockedbyclient');
  });
}

export async function screenshot(
  page: Page,
  name: string,
  clip?: { x: number; y: number; width: number; height: number },
): Promise<string> {
  const file = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, ...(clip ? { clip } : {}) });
  return file;
}

/** Pair a browser through its options page, as the README says; returns the options page. */
export async function pairViaOptions(browser: ExtensionBrowser, companion: Companion, name: string): Promise<Page> {
  const { code } = await companion.createPairingCode();
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options.html'));
  await options.getByTestId('pairing-code').fill(code);
  await options.getByTestId('member-name').fill(name);
  await options.getByTestId('companion-port').fill(String(companion.port));
  await options.getByTestId('pair-button').click();
  await until(async () => ((await options.getByTestId('member').textContent()) ?? '').includes(name), 15_000);
  return options;
}

/** Polls `check` until it is true (usable in hooks, where expect.poll is not); throws after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Serve a fixture's HTML for one exact URL (documents only) and refuse its sub-resources. */
export async function serveAt(context: BrowserContext, url: string, html: string): Promise<void> {
  await context.route(
    (u) => u.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
}

/** What every reply box on the page holds (contenteditables' text, textareas' values), joined by lines. */
export async function editorsText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[contenteditable="true"], textarea'))
      .map((e) => (e instanceof HTMLTextAreaElement ? e.value : (e.textContent ?? '')))
      .join('\n'),
  );
}

/**
 * Open a site's saved page at its real URL (the adapter's `expected` entry for
 * `fixture`), counting any form submit in `window.__sent` (Inlay never sends),
 * and wait until the bars are there. `init` runs before the page's scripts.
 */
export async function openSiteFixture(
  browser: ExtensionBrowser,
  exp: { url: string; fixture: string },
  opts: { init?: () => void; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  await serveAt(browser.context, exp.url, readFileSync(join(ROOT, exp.fixture), 'utf8'));
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    (window as unknown as { __sent: number }).__sent = 0;
    document.addEventListener('submit', () => ((window as unknown as { __sent: number }).__sent += 1), true);
  });
  if (opts.init) await page.addInitScript(opts.init);
  if (opts.viewport) await page.setViewportSize(opts.viewport);
  await page.goto(exp.url);
  await until(
    async () => (await page.locator('[data-inlay-item] [data-inlay-action="reply"]').count()) > 0,
    15_000,
    `Inlay's bars on ${exp.url}`,
  );
  return page;
}

/** How many times a form was submitted on a page opened with openSiteFixture. */
export function sentCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __sent: number }).__sent);
}

/** Runs the companion's sweep tick (its 30 s timer does the same) until `done` holds of the status. */
export async function sweepUntil(
  companion: Companion,
  done: (s: SweepStatus) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  await until(
    async () => {
      await companion.sweeps.tick();
      return done(companion.sweeps.status());
    },
    timeoutMs,
    what,
  );
}
