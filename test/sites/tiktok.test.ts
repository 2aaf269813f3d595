// @vitest-environment happy-dom
/**
 * The TikTok adapter on its saved pages: our video in the 2025 layout
 * (logged in, Draft.js composer) and someone else's video in the 2023–24
 * layout (logged out). Static reads use linkedom (as the X suite does) and
 * are repeated with happy-dom's parser; the composer tests need happy-dom.
 */
import { fixtureCounts } from './fixture-support';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import {
  commentId,
  createTikTokAdapter,
  textHash,
  tiktok,
  TIKTOK_SELECTORS,
  videoOfUrl,
  type TikTokSelectorName,
} from '../../extension/sites/tiktok';
import {
  mergeSelectors,
  type ExtractContext,
  type FixtureExpectation,
  type SiteAdapter,
} from '../../extension/sites/types';

const ROOT = resolve(import.meta.dirname, '../..');
const OURS = 'test/fixtures/tiktok/video-with-comments.html';
const THEIRS = 'test/fixtures/tiktok/video-2024-not-ours.html';
const OURS_URL = 'https://www.tiktok.com/@inlaydemo/video/7480000000000000100';
const THEIRS_URL = 'https://www.tiktok.com/@pixelharbor/video/7470000000000000300';
const VID = '7480000000000000100';
const POLICY = { page: 'video', profiles: ['inlaydemo'] };

type Parser = 'linkedom' | 'happy-dom';

function source(fixture: string): string {
  return readFileSync(resolve(ROOT, fixture), 'utf8');
}

function load(fixture: string, parser: Parser = 'linkedom'): Document {
  if (parser === 'happy-dom') return new DOMParser().parseFromString(source(fixture), 'text/html');
  return parseHTML(source(fixture)).document as unknown as Document;
}

function ctxFor(
  url: string,
  profiles: readonly string[] = ['inlaydemo'],
  memo = new Map<string, string>(),
): ExtractContext {
  const u = new URL(url);
  return { url: u, page: tiktok.pageKind(u) ?? 'none', profiles, memo };
}

function readAll(doc: Document, ctx: ExtractContext, adapter: SiteAdapter<TikTokSelectorName> = tiktok) {
  return adapter.findItems(doc).map((el) => ({ el, item: adapter.extract(el, ctx) }));
}

type Rows = ReturnType<typeof readAll>;

/** An item by author handle and the start of its text (TikTok shows no ids). */
function find(rows: Rows, handle: string, text: string): { el: Element; item: CapturedItem } {
  const row = rows.find((r) => r.item?.author.handle === handle && r.item.text.startsWith(text));
  if (!row?.item) throw new Error(`no item by ${handle}: ${text}`);
  return { el: row.el, item: row.item };
}

const pick = (rows: Rows, keep: (i: CapturedItem) => boolean) =>
  rows.flatMap((r) => (r.item && keep(r.item) ? [`${r.item.author.handle}: ${r.item.text}`] : []));

/* ------------------------------------------------------------------ pages */

describe('tiktok: page predicates', () => {
  const spec = tiktok.pages.video!;
  it.each(spec.examples.accept)('accepts %s', (url) => {
    expect(tiktok.pageKind(new URL(url))).toBe('video');
  });
  it.each(spec.examples.reject)('rejects %s', (url) => {
    expect(spec.test(new URL(url))).toBe(false);
    expect(tiktok.pageKind(new URL(url))).not.toBe('video');
  });
  it('rejects URLs of the other six sites', () => {
    const hosts = spec.examples.reject.map((u) => new URL(u).hostname);
    for (const h of [
      'x.com',
      'www.linkedin.com',
      'www.youtube.com',
      'www.reddit.com',
      'www.facebook.com',
      'www.instagram.com',
    ])
      expect(hosts).toContain(h);
  });
  it('reads the video’s author, id and kind from the URL', () => {
    expect(videoOfUrl(new URL('https://www.tiktok.com/@Inlay.Demo_2/video/7480000000000000100?lang=en'))).toEqual({
      handle: 'Inlay.Demo_2',
      id: '7480000000000000100',
      kind: 'video',
    });
    expect(videoOfUrl(new URL('https://www.tiktok.com/@inlaydemo/photo/7480000000000000200'))).toMatchObject({
      kind: 'photo',
    });
  });
});

/* ------------------------------------------------------------- fixture counts */

function counts(exp: FixtureExpectation, parser: Parser): Record<string, number> {
  const doc = load(exp.fixture, parser);
  const ctx = ctxFor(exp.url, exp.profiles);
  const rows = readAll(doc, ctx);
  const policy = { page: ctx.page, profiles: exp.profiles };
  const got = fixtureCounts(tiktok, doc, exp, rows, policy);
  return got;
}

describe('tiktok: expected counts on fixtures', () => {
  const cases = tiktok.expected.map((e): [string, FixtureExpectation] => [e.fixture, e]);
  it('covers every fixture', () => {
    expect(tiktok.expected.map((e) => e.fixture).sort()).toEqual(
      [OURS, THEIRS, 'test/fixtures/tiktok/notifications.html'].sort(),
    );
  });
  it.each(cases)('%s (linkedom)', (_name, exp) => {
    expect(counts(exp, 'linkedom')).toEqual(exp.counts);
  });
  it.each(cases)('%s (happy-dom)', (_name, exp) => {
    expect(counts(exp, 'happy-dom')).toEqual(exp.counts);
  });
});

/* ----------------------------------------------------- our video, 2025 layout */

describe('tiktok: our video (2025 layout, logged in)', () => {
  const doc = load(OURS);
  const rows = readAll(doc, ctxFor(OURS_URL));
  const top = find(rows, 'mapleowl', 'The calendar export').item;

  it('reads a top-level comment: handle from the link, nickname as name, parent the video', () => {
    expect(top).toEqual({
      platform: 'tiktok',
      nativeId: commentId(VID, 'mapleowl', 'The calendar export keeps failing since the update 😩', null),
      kind: 'comment',
      profile: 'inlaydemo',
      author: { handle: 'mapleowl', name: 'Maple Owl', url: 'https://www.tiktok.com/@mapleowl' },
      text: 'The calendar export keeps failing since the update 😩',
      permalink: OURS_URL,
      siteTimestamp: null, // "3d ago": relative times are not turned into timestamps
      parentId: VID,
      threadId: VID,
      lang: null,
    });
    expect(top.nativeId).toMatch(/^7480000000000000100:mapleowl:[0-9a-f]{16}$/);
  });

  it('reads replies with the top-level comment’s derived id as parent; a mention is not the author', () => {
    const reply = find(rows, 'tidepool', '@Maple Owl').item;
    expect(reply).toMatchObject({
      kind: 'reply',
      author: { handle: 'tidepool', name: 'Tide Pool 🌊', url: 'https://www.tiktok.com/@tidepool' },
      text: '@Maple Owl same on my phone',
      parentId: top.nativeId,
      threadId: VID,
      permalink: OURS_URL,
    });
    const late = find(rows, 'mapleowl', 'Same').item;
    expect(late.parentId).toBe(find(rows, 'sunny_dunes', 'First!').item.nativeId);
  });

  it('the video author’s reply is our own reply; the "Creator" badge is not part of the name', () => {
    const own = find(rows, 'inlaydemo', 'Sorry!').item;
    expect(own).toMatchObject({
      kind: 'reply',
      author: { handle: 'inlaydemo', name: 'Inlay Demo' },
      parentId: top.nativeId,
      profile: 'inlaydemo',
    });
    expect(tiktok.isOwnReply!(own, POLICY)).toBe(true);
    expect(tiktok.isInbound(own, POLICY)).toBe(false);
  });

  it('comments and replies from others are inbound; ours are not', () => {
    expect(pick(rows, (i) => tiktok.isInbound(i, POLICY))).toEqual([
      'mapleowl: The calendar export keeps failing since the update 😩',
      'tidepool: @Maple Owl same on my phone',
      'harbor_lights: Dark mode for the widgets when?',
      'quiet.fern: ¿Habrá versión para Linux?',
      'pixelharbor: <img src=x onerror=alert(1)> lol this app',
      'sunny_dunes: First!\nLove the planner',
      'mapleowl: Same 😂',
    ]);
    expect(pick(rows, (i) => tiktok.isOwnReply!(i, POLICY))).toEqual([
      'inlaydemo: Sorry! A fix ships tomorrow, update the app then 🙏',
      'inlaydemo: Tell us what to build next!',
    ]);
  });

  it('reads a full date as the day; line breaks and markup-looking text stay plain text', () => {
    expect(find(rows, 'harbor_lights', 'Dark mode').item.siteTimestamp).toBe('2026-03-02T00:00:00.000Z');
    expect(find(rows, 'sunny_dunes', 'First!').item.text).toBe('First!\nLove the planner');
    expect(find(rows, 'pixelharbor', '<img').item.text).toBe('<img src=x onerror=alert(1)> lol this app');
    expect(find(rows, 'quiet.fern', '¿').item.author).toEqual({
      handle: 'quiet.fern',
      name: 'quiet fern',
      url: 'https://www.tiktok.com/@quiet.fern',
    });
  });

  it('ids are deterministic: a fresh read of the page gives the same ids, other text another', () => {
    const again = readAll(load(OURS, 'happy-dom'), ctxFor(OURS_URL));
    expect(again.map((r) => r.item?.nativeId)).toEqual(rows.map((r) => r.item?.nativeId));
    expect(new Set(rows.map((r) => r.item?.nativeId)).size).toBe(rows.length);
    expect(commentId(VID, 'MapleOwl', 'Same  😂 ', 'p')).toBe(commentId(VID, '@mapleowl', 'Same 😂', 'p'));
    expect(commentId(VID, 'mapleowl', 'Same 😂', 'p')).not.toBe(commentId(VID, 'mapleowl', 'Same 😂', 'q'));
    expect(textHash('')).toBe('811c9dc501234567');
  });

  it('the item box is the comment alone, and the overlay goes after the row with its Reply button', () => {
    for (const { el } of rows) {
      expect(el.querySelectorAll('[data-e2e^="comment-level-"]')).toHaveLength(1);
      const row = tiktok.actionRow(el)!;
      expect(el.contains(row)).toBe(true);
      expect(row.querySelector('[data-e2e^="comment-reply-"]')).not.toBeNull();
    }
  });

  it('finds the items by structure alone: without any class names the same items are read', () => {
    const d = load(OURS);
    for (const el of d.querySelectorAll('[class]')) el.removeAttribute('class');
    expect(readAll(d, ctxFor(OURS_URL)).map((r) => r.item)).toEqual(rows.map((r) => r.item));
  });

  it('when the author test ids change, the DivCommentItemWrapper boxes and avatar links still read', () => {
    const d = load(OURS);
    for (const el of d.querySelectorAll('[data-e2e^="comment-username-"]')) el.removeAttribute('data-e2e');
    const r = readAll(d, ctxFor(OURS_URL));
    expect(r).toHaveLength(9);
    expect(r.every((x) => x.el.matches('[class*="DivCommentItemWrapper"]'))).toBe(true);
    expect(r.map((x) => x.item?.author.handle)).toEqual(rows.map((x) => x.item?.author.handle));
  });

  it('remembers a reply’s thread after TikTok removed the thread’s top comment', () => {
    const d = load(OURS);
    const memo = new Map<string, string>();
    const first = readAll(d, ctxFor(OURS_URL, ['inlaydemo'], memo));
    const parentId = find(first, 'tidepool', '@Maple').item.parentId;
    d.querySelector('[data-e2e="comment-level-1"]')!.closest('[class*="DivCommentItemWrapper"]')!.remove();
    const later = readAll(d, ctxFor(OURS_URL, ['inlaydemo'], memo));
    expect(find(later, 'tidepool', '@Maple').item.parentId).toBe(parentId);
  });

  it('finds items under a subtree root and when the root is the item itself', () => {
    const { el } = find(rows, 'tidepool', '@Maple');
    expect(tiktok.findItems(el)).toEqual([el]);
    const thread = el.closest('[class*="DivCommentObjectWrapper"]')!;
    expect(tiktok.findItems(thread)).toHaveLength(3); // the top comment and its 2 replies
  });

  it('detects the logged-in account; needs a profile to call anything inbound', () => {
    expect(tiktok.detectLoggedInHandle(doc)).toBe('inlaydemo');
    const none = readAll(load(OURS), ctxFor(OURS_URL, []));
    expect(pick(none, (i) => tiktok.isInbound(i, { page: 'video', profiles: [] }))).toEqual([]);
    const upper = readAll(load(OURS), ctxFor(OURS_URL, ['@InlayDemo']));
    expect(pick(upper, (i) => tiktok.isInbound(i, { page: 'video', profiles: ['@InlayDemo'] }))).toHaveLength(7);
  });
});

/* ----------------------------------------------- someone else's video, 2024 */

describe('tiktok: someone else’s video (2023–24 layout, logged out)', () => {
  const doc = load(THEIRS);
  const rows = readAll(doc, ctxFor(THEIRS_URL));

  it('reads the older markup: p/span test ids, the link around the username', () => {
    const top = find(rows, 'mapleowl', 'Does this').item;
    expect(top).toEqual({
      platform: 'tiktok',
      nativeId: commentId('7470000000000000300', 'mapleowl', 'Does this work offline?', null),
      kind: 'comment',
      profile: null,
      author: { handle: 'mapleowl', name: 'Maple Owl', url: 'https://www.tiktok.com/@mapleowl' },
      text: 'Does this work offline?',
      permalink: THEIRS_URL,
      siteTimestamp: '2024-01-05T00:00:00.000Z',
      parentId: '7470000000000000300',
      threadId: '7470000000000000300',
      lang: null,
    });
    expect(find(rows, 'pixelharbor', 'Yes,').item).toMatchObject({ kind: 'reply', parentId: top.nativeId });
    expect(find(rows, 'pixelharbor', 'Yep!').item.parentId).toBe(find(rows, 'harbor_lights', 'Link').item.nativeId);
    expect(find(rows, 'tidepool', 'Which').item.siteTimestamp).toBeNull(); // "1-12": no year
  });

  it('nothing is inbound for us; our comment there is an own reply', () => {
    expect(pick(rows, (i) => tiktok.isInbound(i, POLICY))).toEqual([]);
    expect(pick(rows, (i) => tiktok.isOwnReply!(i, POLICY))).toEqual(['inlaydemo: Our planner does that too 😉']);
  });

  it('for the video’s author every comment but their own is inbound', () => {
    const theirs = readAll(load(THEIRS), ctxFor(THEIRS_URL, ['pixelharbor']));
    const policy = { page: 'video', profiles: ['pixelharbor'] };
    expect(pick(theirs, (i) => tiktok.isInbound(i, policy))).toEqual([
      'mapleowl: Does this work offline?',
      'inlaydemo: Our planner does that too 😉',
      'tidepool: Which app is this?',
      'harbor_lights: Link in bio?',
      'quiet.fern: Tried it, the widgets are great',
    ]);
  });

  it('shows no logged-in account ("Profile" is not a handle link) and no composer', async () => {
    expect(tiktok.detectLoggedInHandle(doc)).toBeNull();
    const d = load(THEIRS, 'happy-dom');
    const el = tiktok.findItems(d)[0]!;
    expect(await tiktok.composer!.open(el, 100)).toBeNull();
  });
});

/* ---------------------------------------------------------------- composer */

describe('tiktok: the native reply box (Draft.js)', () => {
  it('clicks the comment’s Reply and resolves the panel’s Draft.js box and its Post button', async () => {
    const doc = load(OURS, 'happy-dom');
    expect(tiktok.composer!.editor).toBe('draftjs');
    const el = tiktok.findItems(doc)[0]!;
    let clicked = 0;
    el.querySelector('[data-e2e="comment-reply-1"]')!.addEventListener('click', () => clicked++);
    const editor = (await tiktok.composer!.open(el, 1000))!;
    expect(clicked).toBe(1);
    expect(editor.matches('.public-DraftEditor-content[contenteditable="true"]')).toBe(true);
    expect(editor.closest('[data-e2e="comment-input"]')).not.toBeNull();
    const post = tiktok.composer!.sendButton(editor)!;
    expect(post.getAttribute('data-e2e')).toBe('comment-post');
    expect(post.getAttribute('aria-disabled')).toBe('true');
  });

  it('prefers a reply box TikTok opens inside the comment’s thread', async () => {
    const doc = load(OURS, 'happy-dom');
    const el = tiktok.findItems(doc)[0]!;
    const thread = el.closest('[class*="DivCommentObjectWrapper"]')!;
    const panelBox = doc.querySelector('[data-e2e="comment-input"]')!;
    el.querySelector('[data-e2e="comment-reply-1"]')!.addEventListener('click', () => {
      setTimeout(() => {
        const inline = panelBox.closest('[class*="DivCommentInputContainer"]')!.cloneNode(true) as Element;
        thread.append(inline);
      }, 20);
    });
    const editor = (await tiktok.composer!.open(el, 1000))!;
    expect(thread.contains(editor)).toBe(true);
    expect(thread.contains(tiktok.composer!.sendButton(editor))).toBe(true);
  });

  it('an item without a Reply button opens nothing', async () => {
    const doc = load(OURS, 'happy-dom');
    const el = tiktok.findItems(doc)[0]!;
    el.querySelector('[data-e2e="comment-reply-1"]')!.remove();
    expect(await tiktok.composer!.open(el, 100)).toBeNull();
  });
});

/* ---------------------------------------------------------- selector packs */

describe('tiktok: selector packs are data', () => {
  it('an override replaces a named array; invalid or unknown entries are ignored', () => {
    const doc = load(OURS);
    const renamed = createTikTokAdapter().withSelectors({
      replyText: [{ css: '[data-e2e="comment-level-2-renamed"]', seen: '2026-03' }],
      nope: [{ css: 'div', seen: '2026-03' }],
    });
    expect(renamed.selectors.replyText).toEqual([{ css: '[data-e2e="comment-level-2-renamed"]', seen: '2026-03' }]);
    expect(renamed.findItems(doc)).toHaveLength(6); // replies are no longer recognised as texts
    expect(Object.keys(renamed.selectors)).toEqual(Object.keys(TIKTOK_SELECTORS));
    const broken = createTikTokAdapter().withSelectors({ text: [{ css: '', seen: 'yesterday' }] });
    expect(broken.selectors.text).toEqual(TIKTOK_SELECTORS.text);
    const validate = (sel: string) => {
      try {
        doc.querySelector(sel);
        return true;
      } catch {
        return false;
      }
    };
    const bad = mergeSelectors(TIKTOK_SELECTORS, { text: [{ css: 'div[unclosed', seen: '2026-03' }] }, validate);
    expect(bad.text).toEqual(TIKTOK_SELECTORS.text);
  });

  it('every selector entry is dated and keys on data-e2e and structure, never generated classes', () => {
    for (const [name, entries] of Object.entries(TIKTOK_SELECTORS)) {
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.seen, name).toMatch(/^\d{4}-\d{2}$/);
        expect(e.css, name).not.toMatch(/\.css-|\.e[a-z0-9]{6,}/);
        if (name !== 'itemWrapper') expect(e.css, name).not.toMatch(/\[class/);
      }
    }
  });
});
