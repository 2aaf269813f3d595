/**
 * `;shortcut` expansion against the REAL editor libraries (the harness pages
 * of editors.test.ts: Draft.js, Lexical, Quill, ProseMirror, a React
 * textarea, a Polymer-like and a LinkedIn-like box), in Debian's Chromium,
 * with no network.
 *
 * A small test extension runs the real page-world entrypoint as a
 * `world: 'MAIN'` content script and, in the isolated world, the real
 * `startShortcutExpansion` with its DEFAULT insert (page bridge → page-world
 * techniques, local fallback). The user types with Playwright's keyboard
 * (trusted key events the editors handle as typing); the tests read each
 * editor library's OWN model: the token is gone, the reply is there, Send
 * enabled. Also: a variable the page lacks leaves the token and says so, a
 * page that spoils the replacement gets the typed text back, Ctrl+Z brings
 * the shortcut back, and without a page world the content-script fallback
 * does the same.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './harness';
import { bundlePages, PAGES, ROOT, type PageName } from './editors/bundle';
import type { HarnessWindow } from './editors/page-common';

const HOST = 'shortcuts.test';
/** Same pages, but the page-world content script does not run here. */
const HOST_NO_MAIN = 'nomain.shortcuts.test';
const CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

const EDITORS: { page: PageName; kind: string }[] = [
  { page: 'draftjs', kind: 'draftjs' },
  { page: 'lexical', kind: 'lexical' },
  { page: 'quill', kind: 'quill' },
  { page: 'prosemirror', kind: 'prosemirror' },
  { page: 'react-textarea', kind: 'textarea' },
  { page: 'polymer', kind: 'polymer' },
  { page: 'linkedin-message', kind: 'linkedin-message' },
];

const SHIP_TEXT = 'Thanks Ana! Your order ships today.';

/**
 * The isolated-world driver: the real expander with its default insert, a
 * fixed library, every editable on the harness page as the page's kind;
 * what it reports goes to `data-inlay-test-events` on <html>.
 */
const DRIVER = `
import { startShortcutExpansion } from './extension/features/shortcut-expand.ts';
const KINDS = ${JSON.stringify(Object.fromEntries(EDITORS.map((e) => [e.page, e.kind])))};
const reply = (id, shortcut, body, scope = 'shared') => ({
  id, scope, folder: '', title: id, body, variants: {}, tags: [], keywords: [], shortcut,
  ownerId: null, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: null,
});
const library = {
  replies: [
    reply('ship', 'ship', 'Thanks {{author.first_name}}! Your order ships today.'),
    reply('shipping-shared', 'shipping', 'Shipping is free over €50.'),
    reply('sig', 'sig', 'Best,\\nthe Inlay team'),
    reply('post', 'post', 'About {{post.excerpt}}: on it.'),
  ],
  usage: {}, recent: [], settings: { brand: null, guardrail: { uses: 3, minutes: 60 } }, fetchedAt: null,
};
const events = [];
const record = (e) => {
  events.push(e);
  document.documentElement.setAttribute('data-inlay-test-events', JSON.stringify(events));
};
const kind = KINDS[location.pathname.slice(1)] ?? null;
startShortcutExpansion({
  doc: document,
  library: () => library,
  editorKind: () => kind,
  context: () => ({ ctx: { author: { name: 'Ana Lima', handle: 'ana' }, platform: 'Reddit' }, platform: 'reddit', itemKey: 'reddit:t1_x' }),
  notify: (_editor, message) => record({ type: 'notify', message }),
  onExpanded: (info) => record({ type: 'expanded', ...info }),
});
document.documentElement.setAttribute('data-inlay-test-driver', '');
`;

async function bundle(contents: string, name: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: name },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome116',
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return out.outputFiles[0]!.text;
}

let context: BrowserContext;
let page: Page;
let profileDir: string;
let extensionDir: string;

beforeAll(async () => {
  const [pages, main, isolated] = await Promise.all([
    bundlePages(),
    bundle(
      `import script from './extension/entrypoints/page-world.content/index.ts'; script.main();`,
      'page-world-main.ts',
    ),
    bundle(DRIVER, 'shortcut-driver.ts'),
  ]);
  extensionDir = mkdtempSync(join(tmpdir(), 'inlay-shortcuts-ext-'));
  mkdirSync(extensionDir, { recursive: true });
  writeFileSync(join(extensionDir, 'main.js'), main);
  writeFileSync(join(extensionDir, 'isolated.js'), isolated);
  // the expander's messages come from the extension's own strings (browser.i18n), as in the real build
  cpSync(join(ROOT, '.output/chrome-mv3/_locales'), join(extensionDir, '_locales'), { recursive: true });
  writeFileSync(
    join(extensionDir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Inlay shortcuts test',
      version: '0.0.1',
      default_locale: 'en',
      content_scripts: [
        { matches: [`https://${HOST}/*`], js: ['main.js'], run_at: 'document_idle', world: 'MAIN' },
        { matches: [`https://${HOST}/*`, `https://${HOST_NO_MAIN}/*`], js: ['isolated.js'], run_at: 'document_idle' },
      ],
    }),
  );
  profileDir = mkdtempSync(join(tmpdir(), 'inlay-shortcuts-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 700 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  await context.route(/^https?:\/\//, (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== HOST && url.hostname !== HOST_NO_MAIN) return route.abort('blockedbyclient');
    const name = url.pathname.slice(1);
    const asset = /^assets\/([\w-]+)\.js$/.exec(name)?.[1];
    if (asset && (PAGES as readonly string[]).includes(asset)) {
      return route.fulfill({ contentType: 'text/javascript', body: pages[asset as PageName] });
    }
    if ((PAGES as readonly string[]).includes(name)) {
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': CSP },
        body: `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body>
<script src="/assets/${name}.js"></script></body></html>`,
      });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

/* ------------------------------------------------------------------ helpers */

async function open(name: PageName, opts: { host?: string; initial?: string } = {}): Promise<void> {
  const query = opts.initial ? `?initial=${encodeURIComponent(opts.initial)}` : '';
  await page.goto(`https://${opts.host ?? HOST}/${name}${query}`);
  await page.waitForSelector('html[data-harness-ready]', { state: 'attached', timeout: 10_000 });
  await page.waitForSelector('html[data-inlay-test-driver]', { state: 'attached', timeout: 10_000 });
  // Click into the box and put the caret at its end, as a user about to type would.
  await page.locator('[data-harness-editor]').click();
  await page.evaluate(() => {
    const el = (window as HarnessWindow).__harness!.editor() as HTMLElement;
    el.focus();
    if (el instanceof HTMLTextAreaElement) return el.setSelectionRange(el.value.length, el.value.length);
    const root = el.getRootNode() as Document & { getSelection(): Selection | null };
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let last: Text | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n as Text;
    if (last) root.getSelection()!.collapse(last, last.data.length);
  });
  await page.waitForTimeout(30);
}

/** What the editor library itself holds, NBSPs as spaces. */
async function model(): Promise<string> {
  const text = await page.evaluate(() => (window as HarnessWindow).__harness!.modelText());
  return text.replace(/\u00a0/g, ' ');
}

async function sendEnabled(): Promise<boolean> {
  return page.evaluate(() => (window as HarnessWindow).__harness!.sendEnabled());
}

type DriverEvent = { type: 'notify'; message: string } | { type: 'expanded'; replyId: string; itemKey: string };

async function events(): Promise<DriverEvent[]> {
  const raw = await page.evaluate(() => document.documentElement.getAttribute('data-inlay-test-events'));
  return raw ? (JSON.parse(raw) as DriverEvent[]) : [];
}

async function untilEvents(n: number): Promise<DriverEvent[]> {
  await page.waitForFunction(
    (n) => JSON.parse(document.documentElement.getAttribute('data-inlay-test-events') ?? '[]').length >= n,
    n,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(150); // the editors render; nothing more should come
  return events();
}

async function marks(): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('[data-inlay-insert-target]').length);
}

/* --------------------------------------------------------------------- tests */

describe.each(EDITORS)('typing a shortcut in $kind', ({ page: name }) => {
  it('`;ship ` (another shortcut extends it) becomes the reply on the space, in the editor’s own model', async () => {
    await open(name);
    await page.keyboard.type('Hello ;ship');
    await page.waitForTimeout(150);
    expect((await model()).trim()).toBe('Hello ;ship');
    await page.keyboard.type(' ');
    const seen = await untilEvents(1);
    expect(seen).toEqual([{ type: 'expanded', replyId: 'ship', itemKey: 'reddit:t1_x', platform: 'reddit' }]);
    expect(await model()).toMatch(new RegExp(`^\\s*Hello ${SHIP_TEXT.replace(/[.!?]/g, '\\$&')} \\s*$`));
    expect(await sendEnabled()).toBe(true);
    expect(await marks()).toBe(0);
    // The caret is after the kept space: typing goes on after it.
    await page.keyboard.type('Bye');
    await page.waitForTimeout(100);
    expect((await model()).trim()).toBe(`Hello ${SHIP_TEXT} Bye`);
  });

  it('`;sig` expands at once into lines, and the token is gone', async () => {
    await open(name);
    await page.keyboard.type(';sig');
    await untilEvents(1);
    expect(await model()).toMatch(/^\s*Best,\n+the Inlay team\s*$/);
    expect(await model()).not.toContain(';sig');
  });

  it('a variable the page lacks leaves what was typed and says why', async () => {
    await open(name);
    await page.keyboard.type('Re ;post');
    const seen = await untilEvents(1);
    expect(seen).toEqual([
      {
        type: 'notify',
        message: "“;post” needs the post's text, which this page doesn't show — use Reply with… to edit it.",
      },
    ]);
    await page.keyboard.type('!');
    await page.waitForTimeout(100);
    expect((await model()).trim()).toBe('Re ;post!');
  });
});

describe('details', () => {
  it('Ctrl+Z after an expansion brings the shortcut back (editors with an undo stack in these harnesses)', async () => {
    // The Lexical, Quill and ProseMirror harnesses load no history module, so they have no Ctrl+Z at all.
    for (const name of ['react-textarea', 'draftjs', 'polymer', 'linkedin-message'] as const) {
      await open(name);
      await page.keyboard.type('Hi ;sig');
      await untilEvents(1);
      expect(await model(), name).toContain('the Inlay team');
      await page.keyboard.press('Control+z');
      await page.waitForTimeout(150);
      expect((await model()).trim(), name).toBe('Hi ;sig');
    }
  });

  it('a page that moves the caret before the text lands: never half a replacement', async () => {
    const outcomes: Record<string, string> = {};
    for (const name of ['lexical', 'draftjs', 'quill', 'prosemirror', 'polymer', 'linkedin-message'] as const) {
      await open(name);
      await page.evaluate(() => {
        // When the bridge request arrives, the page moves the caret to the end: the token would stay.
        window.addEventListener(
          'message',
          (e) => {
            if ((e.data as { type?: string })?.type !== 'insert') return;
            const el = (window as HarnessWindow).__harness!.editor();
            const root = el.getRootNode() as Document & { getSelection(): Selection | null };
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let last: Text | null = null;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n as Text;
            if (last) root.getSelection()!.collapse(last, last.data.length);
          },
          true,
        );
      });
      await page.keyboard.type('Hello ;sig');
      const [seen] = await untilEvents(1);
      const text = await model();
      if (seen?.type === 'expanded') {
        // The editor kept its own selection (Quill reads its saved range): a clean replacement.
        expect(text, name).toMatch(/^\s*Hello Best,\n+the Inlay team\s*$/);
        outcomes[name] = 'expanded';
      } else {
        expect(seen, name).toEqual({
          type: 'notify',
          message: "Couldn't expand “;sig” in this box — your text is as you typed it. Use Reply with… instead.",
        });
        expect(text.trim(), name).toBe('Hello ;sig');
        outcomes[name] = 'put back';
      }
    }
    // Every editor whose technique follows the DOM selection had half a replacement, and got the typed text back.
    expect(outcomes).toMatchObject({
      lexical: 'put back',
      draftjs: 'put back',
      prosemirror: 'put back',
      polymer: 'put back',
      'linkedin-message': 'put back',
    });
  });

  it('without a page world, the content-script fallback replaces the token the same way', async () => {
    const failed: string[] = [];
    for (const { page: name, kind } of EDITORS) {
      await open(name, { host: HOST_NO_MAIN });
      await page.keyboard.type('Hi ;sig');
      const seen = await untilEvents(1);
      if (seen[0]?.type !== 'expanded') failed.push(`${kind}: ${JSON.stringify(seen)}`);
      else expect(await model(), kind).toMatch(/^\s*Hi Best,\n+the Inlay team\s*$/);
      expect(await marks(), kind).toBe(0);
    }
    expect(failed).toEqual([]);
  });
});
