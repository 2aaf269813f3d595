// @vitest-environment happy-dom
/**
 * The Instagram adapter on its saved pages: page predicates, expected counts
 * (read with two DOM engines), every field of named comments and replies,
 * the structural box finding (which must hold on markup it was not written
 * against), the capture policy, own-reply detection, the composer, and
 * selector overrides.
 */
import { byId, elOf, fixtureCounts } from './fixture-support';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { mergeSelectors, queryAll, type ExtractContext, type FixtureExpectation } from '../../extension/sites/types';
import {
  createInstagramAdapter,
  handleFromHref,
  instagram,
  INSTAGRAM_SELECTORS,
  postOfUrl,
} from '../../extension/sites/instagram';

const ROOT = resolve(import.meta.dirname, '../..');
const OURS_FIXTURE = 'test/fixtures/instagram/post-ours.html';
const THEIRS_FIXTURE = 'test/fixtures/instagram/post-not-ours-dialog-es.html';
const OURS = 'https://www.instagram.com/p/DInLay0001a/';
const THEIRS = 'https://www.instagram.com/p/CxPixHrb002/';

const html = (fixture: string) => readFileSync(resolve(ROOT, fixture), 'utf8');

function load(fixture: string): Document {
  return parseHTML(html(fixture)).document as unknown as Document;
}

function loadHappy(fixture: string): Document {
  return new DOMParser().parseFromString(html(fixture), 'text/html');
}

function ctxFor(url: string, profiles: readonly string[] = ['inlaydemo']): ExtractContext {
  const u = new URL(url);
  return { url: u, page: instagram.pageKind(u) ?? 'none', profiles, memo: new Map() };
}

function readAll(doc: Document, ctx: ExtractContext, adapter = instagram) {
  return adapter.findItems(doc).map((el) => ({ el, item: adapter.extract(el, ctx) }));
}

describe('instagram: page predicates', () => {
  for (const [kind, spec] of Object.entries(instagram.pages)) {
    it.each(spec.examples.accept)(`${kind} accepts %s`, (url) => {
      expect(instagram.pageKind(new URL(url))).toBe(kind);
    });
    it.each(spec.examples.reject)(`${kind} rejects %s`, (url) => {
      expect(spec.test(new URL(url))).toBe(false);
    });
  }

  it('every page spec rejects the other six sites', () => {
    for (const spec of Object.values(instagram.pages)) {
      const hosts = spec.examples.reject.map((u) => new URL(u).hostname);
      for (const h of [
        'x.com',
        'www.linkedin.com',
        'www.youtube.com',
        'www.reddit.com',
        'www.facebook.com',
        'www.tiktok.com',
      ])
        expect(hosts).toContain(h);
    }
  });

  it('reads the shortcode and, where the URL names them, the author', () => {
    expect(postOfUrl(new URL('https://www.instagram.com/p/DInLay0001a/?img_index=2'))).toEqual({
      page: 'post',
      code: 'DInLay0001a',
      handle: null,
    });
    expect(postOfUrl(new URL('https://www.instagram.com/inlay.demo/reel/DInLay0002b/'))).toEqual({
      page: 'reel',
      code: 'DInLay0002b',
      handle: 'inlay.demo',
    });
  });

  it('reads profile links, never Instagram’s own pages', () => {
    expect(handleFromHref('/mapleowl/')).toBe('mapleowl');
    expect(handleFromHref('https://www.instagram.com/harbor_lights/')).toBe('harbor_lights');
    expect(handleFromHref('/explore/')).toBeNull();
    expect(handleFromHref('/reels/')).toBeNull();
    expect(handleFromHref('/mapleowl/tagged/')).toBeNull();
    expect(handleFromHref('/p/DInLay0001a/')).toBeNull();
    expect(handleFromHref('https://evil.example/mapleowl/')).toBeNull();
  });

  it('post and reel pages expect items (a page where none are found is a health problem)', () => {
    expect(instagram.pages.post!.expectsItems).toBe(true);
    expect(instagram.pages.reel!.expectsItems).toBe(true);
  });
});

function counts(doc: Document, exp: FixtureExpectation): Record<string, number> {
  const ctx = ctxFor(exp.url, exp.profiles);
  const rows = readAll(doc, ctx);
  const policy = { page: ctx.page, profiles: exp.profiles };
  const got = fixtureCounts(instagram, doc, exp, rows, policy);
  return got;
}

describe('instagram: expected counts on fixtures', () => {
  const cases = instagram.expected.map((e): [string, FixtureExpectation] => [e.fixture, e]);
  it.each(cases)('%s (linkedom)', (_name, exp) => {
    expect(counts(load(exp.fixture), exp)).toEqual(exp.counts);
  });
  it.each(cases)('%s (happy-dom)', (_name, exp) => {
    expect(counts(loadHappy(exp.fixture), exp)).toEqual(exp.counts);
  });
  it('every fixture says in its header that it was built and where it is served', () => {
    for (const exp of instagram.expected) {
      const head = html(exp.fixture).slice(0, 3000);
      expect(head).toContain('BUILT, NOT CAPTURED');
      expect(head).toContain(`Served at ${exp.url}`);
    }
  });
});

describe('instagram: our own post (post-ours, 2024+ div markup)', () => {
  const doc = load(OURS_FIXTURE);
  const rows = readAll(doc, ctxFor(OURS));
  const policy = { page: 'post', profiles: ['inlaydemo'] };

  it('finds the comments and replies, not the caption, the post time or "More posts"', () => {
    expect(rows.map((r) => r.item?.nativeId)).toEqual([
      '17900000000000101',
      '17900000000000111',
      '17900000000000112',
      '17900000000000102',
      '17900000000000103',
      '17900000000000104',
      '17900000000000105',
    ]);
    for (const { el } of rows) {
      expect(el.querySelectorAll('a[href*="/c/"]')).toHaveLength(1); // one comment per box
      expect(el.querySelector('textarea, h1, form, section')).toBeNull();
    }
  });

  it('reads a comment with every field', () => {
    expect(byId(rows, '17900000000000101')).toEqual({
      platform: 'instagram',
      nativeId: '17900000000000101',
      kind: 'comment',
      profile: 'inlaydemo',
      author: { handle: 'mapleowl', name: null, url: 'https://www.instagram.com/mapleowl/', verified: false },
      text: 'Does the new planner sync with my watch?',
      permalink: 'https://www.instagram.com/p/DInLay0001a/c/17900000000000101/',
      siteTimestamp: '2026-03-02T15:20:00.000Z',
      parentId: null,
      threadId: 'DInLay0001a',
      lang: null,
    });
  });

  it('reads a reply with its parent; an @mention in the text is not the author', () => {
    expect(byId(rows, '17900000000000112')).toEqual({
      platform: 'instagram',
      nativeId: '17900000000000112',
      kind: 'reply',
      profile: 'inlaydemo',
      author: { handle: 'tidepool', name: null, url: 'https://www.instagram.com/tidepool/', verified: false },
      text: '@mapleowl mine syncs fine since yesterday',
      permalink: 'https://www.instagram.com/p/DInLay0001a/c/17900000000000112/',
      siteTimestamp: '2026-03-03T08:30:00.000Z',
      parentId: '17900000000000101',
      threadId: 'DInLay0001a',
      lang: null,
    });
  });

  it('our own reply is an own reply, not inbound', () => {
    const own = byId(rows, '17900000000000111');
    expect(own).toMatchObject({
      kind: 'reply',
      parentId: '17900000000000101',
      author: { handle: 'inlaydemo' },
      text: '@mapleowl yes, from version 4.2 on 🙂',
    });
    expect(instagram.isOwnReply!(own, policy)).toBe(true);
    expect(instagram.isInbound(own, policy)).toBe(false);
    expect(instagram.isOwnReply!(byId(rows, '17900000000000112'), policy)).toBe(false);
  });

  it('keeps markup-looking text as text, line breaks, emoji and the verified badge', () => {
    expect(byId(rows, '17900000000000104')).toMatchObject({
      text: '<script>alert(1)</script> first!',
      author: { handle: 'pixelharbor', verified: true },
    });
    expect(byId(rows, '17900000000000105').text).toBe('Two requests:\n1. dark mode for widgets\n2. a yearly view');
    expect(byId(rows, '17900000000000102').text).toBe('Love the colours in this update 😍');
    // "See translation" and "Reply" are controls, not text
    expect(byId(rows, '17900000000000103').text).toBe(
      'Ordered last week and still no confirmation email, can someone check?',
    );
  });

  it('everything others wrote on our post is inbound', () => {
    const inbound = rows.filter((r) => r.item && instagram.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual([
      '17900000000000101',
      '17900000000000112',
      '17900000000000102',
      '17900000000000103',
      '17900000000000104',
      '17900000000000105',
    ]);
    const none = readAll(load(OURS_FIXTURE), ctxFor(OURS, []));
    expect(none.filter((r) => r.item && instagram.isInbound(r.item, { page: 'post', profiles: [] }))).toHaveLength(0);
    const upper = readAll(load(OURS_FIXTURE), ctxFor(OURS, ['@InlayDemo']));
    expect(
      upper.filter((r) => r.item && instagram.isInbound(r.item, { page: 'post', profiles: ['@InlayDemo'] })),
    ).toHaveLength(6);
  });

  it('puts the overlay after the row holding Reply', () => {
    for (const { el } of rows) {
      const row = instagram.actionRow(el)!;
      expect(el.contains(row)).toBe(true);
      expect(Array.from(row.querySelectorAll('[role="button"]')).some((b) => b.textContent?.trim() === 'Reply')).toBe(
        true,
      );
      expect(row.querySelector('span[dir="auto"]')?.textContent).not.toContain('Does the new planner');
    }
  });

  it('detects the logged-in account from the navigation’s profile link', () => {
    expect(instagram.detectLoggedInHandle(doc)).toBe('inlaydemo');
    const copy = load(OURS_FIXTURE);
    copy.querySelector('[data-inlay-layout="nav"] a[href="/inlaydemo/"]')!.remove();
    expect(instagram.detectLoggedInHandle(copy)).toBeNull();
  });

  it('the post author comes from the author row, else the caption, else the URL', () => {
    const copy = load(OURS_FIXTURE);
    const authorRow = copy
      .querySelector('main [role="button"] svg[aria-label="More options"]')!
      .closest('[role="button"]')!.parentElement!;
    authorRow.remove();
    expect(readAll(copy, ctxFor(OURS)).every((r) => r.item?.profile === 'inlaydemo')).toBe(true);
    const named = readAll(load(OURS_FIXTURE), ctxFor('https://www.instagram.com/pixelharbor/p/DInLay0001a/'));
    expect(named.every((r) => r.item?.profile === null)).toBe(true);
  });
});

describe('instagram: someone else’s post in a dialog, older ul/li markup, Spanish (post-not-ours-dialog-es)', () => {
  const doc = load(THEIRS_FIXTURE);
  const rows = readAll(doc, ctxFor(THEIRS));
  const policy = { page: 'post', profiles: ['inlaydemo'] };

  it('reads the comments in the dialog, not the profile behind it', () => {
    expect(rows.map((r) => [r.item?.nativeId, r.item?.kind, r.item?.parentId])).toEqual([
      ['17800000000000201', 'comment', null],
      ['17800000000000211', 'reply', '17800000000000201'],
      ['17800000000000202', 'comment', null],
      ['17800000000000203', 'comment', null],
      ['17800000000000213', 'reply', '17800000000000203'],
    ]);
    for (const { el } of rows) expect(el.closest('[role="dialog"]')).not.toBeNull();
  });

  it('reads a comment with every field', () => {
    expect(byId(rows, '17800000000000201')).toEqual({
      platform: 'instagram',
      nativeId: '17800000000000201',
      kind: 'comment',
      profile: null,
      author: { handle: 'mapleowl', name: null, url: 'https://www.instagram.com/mapleowl/', verified: false },
      text: '¿Esto funciona también con la app de escritorio?',
      permalink: 'https://www.instagram.com/p/CxPixHrb002/c/17800000000000201/',
      siteTimestamp: '2025-11-04T10:00:00.000Z',
      parentId: null,
      threadId: 'CxPixHrb002',
      lang: null,
    });
  });

  it('nothing is inbound on someone else’s post; our reply there is still an own reply', () => {
    expect(rows.filter((r) => r.item && instagram.isInbound(r.item, policy))).toHaveLength(0);
    const own = byId(rows, '17800000000000211');
    expect(own).toMatchObject({
      author: { handle: 'inlaydemo' },
      text: '@mapleowl sí, lo probamos la semana pasada 👍',
    });
    expect(instagram.isOwnReply!(own, policy)).toBe(true);
  });

  it('the post author comes from the dialog’s header: as that profile, the others’ comments are inbound', () => {
    const asOwner = readAll(load(THEIRS_FIXTURE), ctxFor(THEIRS, ['pixelharbor']));
    const ownerPolicy = { page: 'post', profiles: ['pixelharbor'] };
    expect(
      asOwner.filter((r) => r.item && instagram.isInbound(r.item, ownerPolicy)).map((r) => r.item!.nativeId),
    ).toEqual(['17800000000000201', '17800000000000211', '17800000000000202', '17800000000000213']);
  });

  it('a story ring around the avatar and "Ver traducción" do not change what is read', () => {
    expect(byId(rows, '17800000000000202')).toMatchObject({
      author: { handle: 'quietfern' },
      text: 'Qué bonito quedó el acabado',
      siteTimestamp: '2025-11-05T09:15:00.000Z',
    });
  });

  it('puts the overlay after the row with the time and "Responder"', () => {
    for (const { el } of rows) {
      const row = instagram.actionRow(el)!;
      expect(row.querySelector('time')).not.toBeNull();
      expect(row.textContent).toContain('Responder');
    }
  });

  it('detects the logged-in account in a Spanish UI', () => {
    expect(instagram.detectLoggedInHandle(doc)).toBe('inlaydemo');
  });
});

describe('instagram: structure it was not written against', () => {
  it('a reply permalink that names its parent (/c/<parent>/r/<reply>/) is a reply even without a toggle', () => {
    const doc = load(OURS_FIXTURE);
    const reply = doc.querySelector('a[href="/p/DInLay0001a/c/17900000000000112/"]')!;
    reply.setAttribute('href', '/p/DInLay0001a/c/17900000000000101/r/17900000000000112/');
    for (const t of doc.querySelectorAll('[role="button"]'))
      if (t.textContent?.includes('Hide all replies')) t.remove();
    const rows = readAll(doc, ctxFor(OURS));
    expect(byId(rows, '17900000000000112')).toMatchObject({
      kind: 'reply',
      parentId: '17900000000000101',
      permalink: 'https://www.instagram.com/p/DInLay0001a/c/17900000000000101/r/17900000000000112/',
    });
    // without a "View replies" toggle in between, a deeper comment is not guessed to be a reply
    expect(byId(rows, '17900000000000111')).toMatchObject({ kind: 'comment', parentId: null });
  });

  it('a post with a single comment: the box does not grow into the post', () => {
    const doc = load(OURS_FIXTURE);
    const rows = readAll(doc, ctxFor(OURS));
    elOf(rows, '17900000000000101').parentElement!.remove(); // the thread with its replies
    for (const id of ['17900000000000103', '17900000000000104', '17900000000000105']) elOf(rows, id).remove();
    const again = readAll(doc, ctxFor(OURS));
    expect(again).toHaveLength(1);
    const box = again[0]!.el;
    expect(box.querySelector('h1, textarea, form, section, time[datetime="2026-03-02T15:04:05.000Z"]')).toBeNull();
    expect(again[0]!.item).toMatchObject({
      nativeId: '17900000000000102',
      author: { handle: 'quietfern' },
      text: 'Love the colours in this update 😍',
      profile: 'inlaydemo',
    });
    // even when the caption shows no time of its own, the box stops at the caption
    doc.querySelector('h1')!.parentElement!.querySelector('time')!.remove();
    const still = readAll(doc, ctxFor(OURS));
    expect(still[0]!.el.querySelector('h1')).toBeNull();
    expect(still[0]!.item?.author.handle).toBe('quietfern');
  });

  it('a label above the username ("Pinned") is not the text', () => {
    const doc = load(OURS_FIXTURE);
    const rows = readAll(doc, ctxFor(OURS));
    const box = elOf(rows, '17900000000000102');
    const label = doc.createElement('span');
    label.setAttribute('dir', 'auto');
    label.textContent = 'Pinned';
    box.querySelector('a[href="/quietfern/"]')!.closest('div')!.before(label);
    expect(instagram.extract(box, ctxFor(OURS))?.text).toBe('Love the colours in this update 😍');
  });

  it('finds boxes under a subtree root only, in document order', () => {
    const doc = load(OURS_FIXTURE);
    const all = instagram.findItems(doc);
    const thread = all[0]!.parentElement!;
    expect(instagram.findItems(thread)).toEqual(all.slice(0, 3));
    expect(instagram.findItems(all[3]!)).toEqual([all[3]]);
  });

  it('a box re-found after replies were expanded is the comment row, and the stale one is no longer read', () => {
    const doc = load(OURS_FIXTURE);
    const rows = readAll(doc, ctxFor(OURS));
    const collapsed = elOf(rows, '17900000000000105'); // its thread wrapper holds "View all 3 replies"
    expect(collapsed.textContent).toContain('View all 3 replies');
    const replyRow = elOf(rows, '17900000000000112').cloneNode(true) as Element;
    replyRow.querySelector('a[href*="/c/"]')!.setAttribute('href', '/p/DInLay0001a/c/17900000000000121/');
    const toggle = Array.from(collapsed.querySelectorAll('[role="button"]')).find((b) =>
      b.textContent?.includes('View all 3 replies'),
    )!;
    toggle.after(replyRow);
    const again = readAll(doc, ctxFor(OURS));
    expect(instagram.extract(collapsed, ctxFor(OURS))).toBeNull();
    expect(byId(again, '17900000000000121')).toMatchObject({ kind: 'reply', parentId: '17900000000000105' });
    expect(elOf(again, '17900000000000105')).not.toBe(collapsed);
  });

  it('never throws on odd elements or a page without landmarks', () => {
    const doc = load(OURS_FIXTURE);
    const ctx = ctxFor(OURS);
    expect(instagram.extract(doc.body, ctx)).toBeNull();
    expect(instagram.extract(doc.querySelector('textarea')!, ctx)).toBeNull();
    const bare = parseHTML(
      '<html><body><div><a href="/mapleowl/">mapleowl</a><span dir="auto">hi</span><a href="/p/AbCdE1/c/42/"><time datetime="nope">1d</time></a></div></body></html>',
    ).document as unknown as Document;
    const found = readAll(bare, ctxFor('https://www.instagram.com/p/AbCdE1/'));
    expect(found).toHaveLength(1);
    expect(found[0]!.item).toMatchObject({ nativeId: '42', text: 'hi', siteTimestamp: null, profile: null });
  });
});

describe('instagram: composer', () => {
  function loadPage(fixture: string): void {
    const parsed = new DOMParser().parseFromString(html(fixture), 'text/html');
    document.head.replaceChildren(...Array.from(parsed.head.childNodes, (n) => document.importNode(n, true)));
    document.body.replaceWith(document.importNode(parsed.body, true));
  }

  function clicks(): Element[] {
    const seen: Element[] = [];
    document.addEventListener('click', (e) => seen.push(e.target as Element), { capture: true });
    return seen;
  }

  it('is a React textarea', () => {
    expect(instagram.composer?.editor).toBe('textarea');
  });

  it('clicks the comment’s Reply and resolves with the post’s comment box; Send is the form’s "Post"', async () => {
    loadPage(OURS_FIXTURE);
    const seen = clicks();
    const box = instagram.findItems(document)[0]!;
    const editor = await instagram.composer!.open(box, 200);
    expect(editor?.localName).toBe('textarea');
    expect(editor?.getAttribute('aria-label')).toBe('Add a comment…');
    expect(seen.map((e) => e.textContent?.trim())).toEqual(['Reply']);
    expect(box.contains(seen[0]!)).toBe(true);
    const send = instagram.composer!.sendButton(editor!);
    expect(send?.textContent).toBe('Post');
    expect(send?.closest('form')).toBe(editor?.closest('form'));
  });

  it('in another language: the only textarea of the post’s form, "Responder" and "Publicar"', async () => {
    loadPage(THEIRS_FIXTURE);
    const seen = clicks();
    const reply = instagram.findItems(document)[1]!;
    const editor = await instagram.composer!.open(reply, 200);
    expect(editor?.getAttribute('aria-label')).toBe('Agrega un comentario...');
    expect(editor?.closest('[role="dialog"]')).not.toBeNull();
    expect(seen.map((e) => e.textContent?.trim())).toEqual(['Responder']);
    expect(instagram.composer!.sendButton(editor!)?.textContent).toBe('Publicar');
  });

  it('resolves null when the page has no comment box (comments off, logged out)', async () => {
    loadPage(OURS_FIXTURE);
    document.querySelector('form')!.remove();
    expect(await instagram.composer!.open(instagram.findItems(document)[0]!, 50)).toBeNull();
  });
});

describe('instagram: selector packs are data', () => {
  it('an override replaces a named array; invalid or unknown entries are ignored', () => {
    const doc = load(THEIRS_FIXTURE);
    const mainOnly = createInstagramAdapter().withSelectors({
      scope: [{ css: 'main', seen: '2026-03' }],
      nope: [{ css: 'div', seen: '2026-03' }],
    });
    expect(mainOnly.findItems(doc)).toHaveLength(0); // the dialog is outside main
    expect(Object.keys(mainOnly.selectors)).toEqual(Object.keys(INSTAGRAM_SELECTORS));
    const spanish = createInstagramAdapter().withSelectors({
      composer: [{ css: 'textarea[aria-label^="Agrega un comentario"]', seen: '2026-03' }],
    });
    expect(queryAll(doc, spanish.selectors.composer)).toHaveLength(1);
    const broken = createInstagramAdapter().withSelectors({ permalink: [{ css: '', seen: 'yesterday' }] });
    expect(broken.selectors.permalink).toEqual(INSTAGRAM_SELECTORS.permalink);
    const validate = (sel: string) => {
      try {
        doc.querySelector(sel);
        return true;
      } catch {
        return false;
      }
    };
    const bad = mergeSelectors(INSTAGRAM_SELECTORS, { text: [{ css: 'span[unclosed', seen: '2026-03' }] }, validate);
    expect(bad.text).toEqual(INSTAGRAM_SELECTORS.text);
  });

  it('every selector entry is dated and none keys on generated class names', () => {
    for (const [name, entries] of Object.entries(INSTAGRAM_SELECTORS)) {
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.seen, name).toMatch(/^\d{4}-\d{2}$/);
        expect(e.css, name).not.toMatch(/\./);
      }
    }
  });
});
