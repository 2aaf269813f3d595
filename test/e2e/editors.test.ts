/**
 * Reply insertion against the REAL editor libraries (npm devDependencies,
 * bundled at test time with esbuild; see test/e2e/editors/bundle.ts), in
 * Debian's Chromium, with no network.
 *
 * 1. Techniques, one by one, called in the page world: the editor's OWN model
 *    (Draft.js EditorState, Lexical editor state, Quill getText, ProseMirror
 *    doc, React state, the component's value) takes the text and the
 *    harness's Send button enables; at the cursor in the middle of existing
 *    text, at the end when the editor has no focus, multi-line, and hostile
 *    text landing literally.
 * 2. The whole path across worlds: a small test extension runs the real
 *    page-world entrypoint as a `world: 'MAIN'` content script and, in the
 *    isolated world, the real `insertReply` with the real page bridge. Also:
 *    no page world (the content-script fallback), a box that refuses text
 *    (clipboard), a page that forges bridge messages, and pages whose CSP
 *    forbids eval see no violation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsertOutcome } from '../../extension/features/reply-insert';
import type { TechniqueOutcome } from '../../extension/page-world/insert-techniques';
import type { EditorKind } from '../../extension/sites/types';
import { CHROMIUM } from './harness';
import { buildTestExtension, bundlePages, bundleTechniques, PAGES, type PageName } from './editors/bundle';
import type { DriverRequest } from './editors/driver';
import type { HarnessWindow } from './editors/page-common';
import type { InlayTechniques } from './editors/techniques-entry';

const HOST = 'editors.test';
/** Same pages, but the page-world content script does not run here. */
const HOST_NO_MAIN = 'nomain.editors.test';
const CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

const EDITORS: { page: PageName; kind: EditorKind; lib: string }[] = [
  { page: 'draftjs', kind: 'draftjs', lib: 'draft-js 0.11.7 + React 18.3.1' },
  { page: 'lexical', kind: 'lexical', lib: 'lexical 0.52.0 + @lexical/rich-text' },
  { page: 'quill', kind: 'quill', lib: 'quill 1.3.7' },
  { page: 'prosemirror', kind: 'prosemirror', lib: 'prosemirror-view 1.42.9' },
  { page: 'react-textarea', kind: 'textarea', lib: 'React 18.3.1 controlled textarea' },
  { page: 'polymer', kind: 'polymer', lib: 'Polymer-like custom element (trusted input only)' },
  { page: 'linkedin-message', kind: 'linkedin-message', lib: 'LinkedIn-like message box (trusted input only)' },
];

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let context: BrowserContext;
let page: Page;
let profileDir: string;
let extensionDir: string;

beforeAll(async () => {
  const [pages, techniques] = await Promise.all([bundlePages(), bundleTechniques()]);
  extensionDir = mkdtempSync(join(tmpdir(), 'inlay-editors-ext-'));
  await buildTestExtension(extensionDir, [`https://${HOST}/*`, `https://${HOST_NO_MAIN}/*`], [`https://${HOST}/*`]);
  profileDir = mkdtempSync(join(tmpdir(), 'inlay-editors-profile-'));
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
    if (asset === 'techniques') return route.fulfill({ contentType: 'text/javascript', body: techniques });
    if (asset && (PAGES as readonly string[]).includes(asset)) {
      return route.fulfill({ contentType: 'text/javascript', body: pages[asset as PageName] });
    }
    if ((PAGES as readonly string[]).includes(name)) {
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': CSP },
        body: `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body>
<script src="/assets/techniques.js"></script><script src="/assets/${name}.js"></script></body></html>`,
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

async function open(
  name: PageName,
  opts: { initial?: string; host?: string; driver?: boolean; query?: string } = {},
): Promise<void> {
  const query = opts.initial ? `?initial=${encodeURIComponent(opts.initial)}` : opts.query ? `?${opts.query}` : '';
  await page.goto(`https://${opts.host ?? HOST}/${name}${query}`);
  await page.waitForSelector('html[data-harness-ready]', { state: 'attached', timeout: 10_000 });
  if (opts.driver) await page.waitForSelector('html[data-inlay-test-driver]', { state: 'attached', timeout: 10_000 });
}

/** What the editor library itself holds, NBSPs as spaces. */
async function model(): Promise<string> {
  const text = await page.evaluate(() => (window as HarnessWindow).__harness!.modelText());
  return text.replace(/\u00a0/g, ' ');
}

async function sendEnabled(): Promise<boolean> {
  return page.evaluate(() => (window as HarnessWindow).__harness!.sendEnabled());
}

/** Run one page-world technique on the harness editor, where `whereFor` says. */
async function technique(kind: EditorKind, text: string): Promise<TechniqueOutcome> {
  return page.evaluate(
    async ({ kind, text }) => {
      const t = (window as unknown as { __inlayTechniques: InlayTechniques }).__inlayTechniques;
      const el = (window as HarnessWindow).__harness!.editor();
      return t.insert(kind, el, text, { where: t.whereFor(el), world: 'page' });
    },
    { kind, text },
  );
}

/** Put the caret right after `needle` in the editor, as a click there would. */
async function caretAfter(needle: string): Promise<void> {
  await page.evaluate((needle) => {
    const el = (window as HarnessWindow).__harness!.editor() as HTMLElement;
    el.focus();
    if (el instanceof HTMLTextAreaElement) {
      const at = el.value.indexOf(needle) + needle.length;
      el.setSelectionRange(at, at);
      return;
    }
    const root = el.getRootNode() as Document & { getSelection(): Selection | null };
    const selection = root.getSelection()!;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const at = node.data.replace(/\u00a0/g, ' ').indexOf(needle);
      if (at >= 0) return void selection.collapse(node, at + needle.length);
    }
    throw new Error(`"${needle}" is not in the editor`);
  }, needle);
  await page.waitForTimeout(30); // the editors read the selection on selectionchange
}

let runs = 0;
/** Run the real insertReply in the test extension's isolated world. */
async function insertReply(req: Omit<DriverRequest, 'id'>): Promise<{ outcome: InsertOutcome; ms: number }> {
  const id = `r${++runs}`;
  await page.evaluate(
    (detail) => document.dispatchEvent(new CustomEvent('inlay-test:run', { detail })),
    JSON.stringify({ ...req, id }),
  );
  const handle = await page.waitForFunction(
    (id) => document.documentElement.getAttribute(`data-inlay-test-${id}`),
    id,
    {
      timeout: 15_000,
    },
  );
  const result = JSON.parse((await handle.jsonValue()) as string) as { outcome: InsertOutcome; ms: number } & {
    error?: string;
  };
  if (result.error) throw new Error(result.error);
  return result;
}

/** The site undoes every edit to its box (as a box that lost its model would). */
async function refuseInput(): Promise<void> {
  await page.evaluate(() => {
    const editor = (window as HarnessWindow).__harness!.editor();
    editor.addEventListener(
      'input',
      (e) => {
        e.stopImmediatePropagation();
        editor.textContent = '';
      },
      { capture: true },
    );
  });
}

async function clipboardStub(): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('data-inlay-test-clipboard'));
}

async function pageState() {
  return page.evaluate(() => {
    const win = window as HarnessWindow;
    const editor = win.__harness!.editor();
    return {
      images: document.querySelectorAll('img').length + editor.querySelectorAll('img').length,
      pwned: win.__pwned ?? null,
      violations: win.__violations ?? [],
      marks: document.querySelectorAll('[data-inlay-insert-target]').length,
    };
  });
}

/* --------------------------------------------------------------- techniques */

describe.each(EDITORS)('technique for $kind ($lib)', ({ page: name, kind }) => {
  it('puts text into an empty box: the model holds it and Send enables', async () => {
    await open(name);
    expect(await sendEnabled()).toBe(false);
    const out = await technique(kind, 'Thanks for reaching out!');
    expect(out.landed).toBe(true);
    expect((await model()).trim()).toBe('Thanks for reaching out!');
    expect(await sendEnabled()).toBe(true);
  });

  it('inserts at the cursor in the middle of existing text', async () => {
    await open(name, { initial: 'Hello world' });
    await caretAfter('Hello ');
    const out = await technique(kind, 'dear ');
    expect(out.landed).toBe(true);
    expect((await model()).trim()).toBe('Hello dear world');
    expect(await sendEnabled()).toBe(true);
  });

  it('appends at the end when the editor has no focus', async () => {
    await open(name, { initial: 'Hello' });
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.getSelection()?.removeAllRanges();
    });
    const out = await technique(kind, ' — see you soon');
    expect(out.landed).toBe(true);
    expect((await model()).trim()).toBe('Hello — see you soon');
  });

  it('keeps the lines of multi-line text', async () => {
    await open(name);
    const out = await technique(kind, 'First line\nSecond line');
    expect(out.landed).toBe(true);
    const text = await model();
    expect(text).toMatch(/^\s*First line\n+Second line\s*$/);
    expect(await sendEnabled()).toBe(true);
  });

  it('inserts multi-line text at the cursor in the middle of existing text', async () => {
    await open(name, { initial: 'Hello world' });
    await caretAfter('Hello ');
    const out = await technique(kind, 'one\ntwo ');
    expect(out.landed).toBe(true);
    expect(await model()).toMatch(/^\s*Hello one\n+two world\s*$/);
  });

  it('lands hostile text as literal text and creates no element', async () => {
    await open(name);
    const out = await technique(kind, HOSTILE);
    expect(out.landed).toBe(true);
    await page.waitForTimeout(50);
    expect((await model()).trim()).toBe(HOSTILE);
    expect(await pageState()).toMatchObject({ images: 0, pwned: null });
  });
});

describe('technique details', () => {
  it('a textContent write leaves the Polymer-like Send disabled (why the technique exists)', async () => {
    await open('polymer');
    await page.evaluate(() => {
      (window as HarnessWindow).__harness!.editor().textContent = 'typed?';
    });
    expect(await sendEnabled()).toBe(false);
  });

  it('Draft.js: an empty box takes a paste; a box with text takes the browser insertText', async () => {
    await open('draftjs');
    expect((await technique('draftjs', 'one')).technique).toBe('paste');
    await open('draftjs', { initial: 'Hi' });
    expect((await technique('draftjs', 'two')).technique).toBe('exec-insert-text');
  });

  it("Draft.js: the browser's own insertText into an EMPTY box crashes React (why only paste is used there)", async () => {
    await open('draftjs');
    const errors: string[] = [];
    const onError = (e: Error) => errors.push(e.message);
    page.on('pageerror', onError);
    const composerLeft = await page.evaluate(async () => {
      const el = (window as HarnessWindow).__harness!.editor() as HTMLElement;
      el.focus();
      document.execCommand('insertText', false, 'typed');
      await new Promise((r) => setTimeout(r, 50));
      return document.querySelectorAll('.public-DraftEditor-content').length;
    });
    page.off('pageerror', onError);
    // The browser replaced Draft's placeholder <br>; React then fails to remove it and unmounts the tree.
    expect(errors.join('\n')).toMatch(/removeChild/);
    expect(composerLeft).toBe(0);
  });

  it('Lexical takes beforeinput insertReplacementText; Quill goes through its own instance', async () => {
    await open('lexical');
    expect((await technique('lexical', 'one')).technique).toBe('beforeinput-replacement');
    await open('quill');
    expect((await technique('quill', 'one')).technique).toBe('quill-api');
  });
});

/* ------------------------------------------------------------ across worlds */

describe.each(EDITORS)('insertReply across worlds for $kind', ({ page: name, kind }) => {
  it('the page-world content script inserts, and the isolated world verifies model and Send', async () => {
    await open(name, { driver: true });
    const { outcome } = await insertReply({ kind, text: 'Hi Ana,\nthanks for the note!', send: true });
    expect(outcome).toMatchObject({ ok: true });
    expect(await model()).toMatch(/Hi Ana,\n+thanks for the note!/);
    expect(await sendEnabled()).toBe(true);
    const state = await pageState();
    expect(state.marks).toBe(0);
    expect(state.violations).toEqual([]);
  });
});

describe('insertReply edge cases', () => {
  it('appends after existing text when the box was not focused, and at the caret when it was', async () => {
    for (const { page: name, kind } of EDITORS) {
      await open(name, { initial: 'Hello world', driver: true });
      const end = await insertReply({ kind, text: '!', send: true });
      expect(end.outcome, kind).toMatchObject({ ok: true });
      expect((await model()).trim(), kind).toBe('Hello world!');

      await open(name, { initial: 'Hello world', driver: true });
      await caretAfter('Hello ');
      const mid = await insertReply({ kind, text: 'big ', send: true });
      expect(mid.outcome, kind).toMatchObject({ ok: true });
      expect((await model()).trim(), kind).toBe('Hello big world');
    }
  });

  it('without a page world, it inserts from the isolated world where the browser edits (execCommand, value)', async () => {
    const results: Record<string, InsertOutcome> = {};
    for (const { page: name, kind } of EDITORS) {
      await open(name, { host: HOST_NO_MAIN, driver: true });
      const { outcome } = await insertReply({ kind, text: 'From the content script', send: true, claimMs: 150 });
      results[kind] = outcome;
      if (outcome.ok) expect((await model()).trim()).toBe('From the content script');
      expect((await pageState()).marks).toBe(0);
    }
    // Every kind works from the isolated world in Chromium (events and execCommand are shared DOM).
    expect(Object.entries(results).filter(([, o]) => !o.ok)).toEqual([]);
  });

  it('a box that refuses the text is not verified, and the text goes to the clipboard', async () => {
    await open('polymer', { driver: true });
    await refuseInput();
    const { outcome } = await insertReply({ kind: 'polymer', text: 'Nope', send: true, verifyMs: 200 });
    expect(outcome).toEqual({ ok: false, reason: 'not-verified', copied: true });
    expect(await clipboardStub()).toBe('Nope');
  });

  it('text that lands while Send stays disabled is not verified', async () => {
    await open('linkedin-message', { driver: true });
    await page.evaluate(() => {
      // The site ignores input: its Send never enables.
      const editor = (window as HarnessWindow).__harness!.editor();
      editor.addEventListener('input', (e) => e.stopImmediatePropagation(), { capture: true });
    });
    const { outcome } = await insertReply({ kind: 'linkedin-message', text: 'Hello', send: true, verifyMs: 200 });
    expect(outcome).toMatchObject({ ok: false, reason: 'not-verified', copied: true });
  });

  it('a page that steals the nonce and forges an "ok" cannot make Inlay report success', async () => {
    await open('lexical', { driver: true });
    await page.evaluate(() => {
      // Hostile page: read the nonce from the mark, remove the mark, and answer "ok" in the bridge's format.
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as Element;
          const nonce = el.getAttribute('data-inlay-insert-target');
          if (!nonce) continue;
          el.removeAttribute('data-inlay-insert-target');
          window.postMessage(
            { source: 'inlay-page-bridge', v: 1, type: 'result', nonce, ok: true, technique: 'paste', error: null },
            '*',
          );
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-inlay-insert-target'] });
    });
    const { outcome } = await insertReply({ kind: 'lexical', text: 'Real reply', send: true, verifyMs: 300 });
    expect(outcome).toMatchObject({ ok: false, reason: 'not-verified', copied: true });
    expect((await model()).trim()).toBe('');
  });

  it('the page world ignores requests for elements nobody marked, and malformed ones', async () => {
    await open('polymer', { driver: true });
    const answers = await page.evaluate(async () => {
      const seen: unknown[] = [];
      window.addEventListener('message', (e) => {
        const data = e.data as { type?: string };
        if (data?.type === 'result') seen.push(data);
      });
      const base = { source: 'inlay-page-bridge', v: 1, type: 'insert', kind: 'polymer', where: 'end' };
      window.postMessage({ ...base, nonce: 'ab'.repeat(16), text: 'spam' }, '*');
      window.postMessage({ ...base, nonce: 'not-a-nonce', text: 'spam' }, '*');
      window.postMessage({ ...base, nonce: 'cd'.repeat(16), text: 'spam', kind: 'eval' }, '*');
      await new Promise((r) => setTimeout(r, 100));
      return seen;
    });
    expect(answers).toEqual([expect.objectContaining({ nonce: 'ab'.repeat(16), ok: false, error: 'no-target' })]);
    expect(await model()).toBe('');
  });

  it('the pages would report an eval (so "no CSP violation" above means something)', async () => {
    await open('polymer', { query: 'probe-eval' });
    await page.waitForTimeout(50);
    const violations = await page.evaluate(() => (window as HarnessWindow).__violations);
    expect(violations?.join('\n')).toMatch(/script-src/);
  });

  it('copies with the real clipboard API when verification fails', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `https://${HOST}` });
    await open('polymer', { driver: true });
    await page.bringToFront();
    await refuseInput();
    const { outcome } = await insertReply({
      kind: 'polymer',
      text: 'Paste me',
      send: true,
      verifyMs: 100,
      realClipboard: true,
    });
    expect(outcome).toEqual({ ok: false, reason: 'not-verified', copied: true });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Paste me');
  });
});
