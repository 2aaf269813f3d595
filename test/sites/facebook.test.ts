import { byId, fixtureCounts } from './fixture-support';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ExtractContext, type FixtureExpectation } from '../../extension/sites/types';
import {
  createFacebookAdapter,
  facebook,
  FACEBOOK_SELECTORS,
  parseCommentParam,
  postOfUrl,
  profileOfHref,
} from '../../extension/sites/facebook';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = 'test/fixtures/facebook/post-logged-out.html';
const IN = 'test/fixtures/facebook/post-logged-in.html';
const OUT_URL = 'https://www.facebook.com/brightkettle/posts/pfbid02BrightKettleSpringRestockAnonymisedDemoPost7xQ2mL9';
const IN_URL = 'https://www.facebook.com/inlaydemo/posts/8800000000000200';
const LINK_PFBID = 'pfbid0KettleLinkFormAnonymisedDemo4s7QpWx9ZrT2mVbN8cYh3LdJgF6kE1';

function loadWindow(fixture: string) {
  return parseHTML(readFileSync(resolve(ROOT, fixture), 'utf8'));
}

function load(fixture: string): Document {
  return loadWindow(fixture).document as unknown as Document;
}

function ctxFor(url: string, profiles: readonly string[], memo = new Map<string, string>()): ExtractContext {
  const u = new URL(url);
  return { url: u, page: facebook.pageKind(u) ?? 'none', profiles, memo };
}

function readAll(doc: Document, ctx: ExtractContext, adapter = facebook) {
  return adapter.findItems(doc).map((el) => ({ el, item: adapter.extract(el, ctx) }));
}

function elById(rows: ReturnType<typeof readAll>, id: string): Element {
  const row = rows.find((r) => r.item?.nativeId === id);
  if (!row) throw new Error(`no item ${id}`);
  return row.el;
}

describe('facebook: page predicates', () => {
  const spec = facebook.pages.post!;
  it.each(spec.examples.accept)('accepts %s', (url) => {
    expect(facebook.pageKind(new URL(url))).toBe('post');
  });
  it.each(spec.examples.reject)('rejects %s', (url) => {
    expect(spec.test(new URL(url))).toBe(false);
  });

  it('reads the post id and its Page from the URL', () => {
    expect(postOfUrl(new URL(IN_URL))).toEqual({ id: '8800000000000200', author: 'inlaydemo' });
    expect(postOfUrl(new URL(OUT_URL))).toEqual({
      id: 'pfbid02BrightKettleSpringRestockAnonymisedDemoPost7xQ2mL9',
      author: 'brightkettle',
    });
    expect(postOfUrl(new URL('https://www.facebook.com/inlaydemo/posts/restock-update/8800000000000100/'))).toEqual({
      id: '8800000000000100',
      author: 'inlaydemo',
    });
    expect(
      postOfUrl(new URL('https://www.facebook.com/permalink.php?story_fbid=8800000000000200&id=100000000000900')),
    ).toEqual({ id: '8800000000000200', author: '100000000000900' });
    expect(postOfUrl(new URL('https://www.facebook.com/groups/plannerfans/posts/8800000000000400/'))).toEqual({
      id: '8800000000000400',
      author: null,
    });
  });

  it('reads comment ids in all three spellings', () => {
    const b64 = Buffer.from('comment:8800000000000100_8800000000000101').toString('base64');
    expect(parseCommentParam('8800000000000101')).toEqual({ comment: '8800000000000101', post: null });
    expect(parseCommentParam(b64)).toEqual({ comment: '8800000000000101', post: '8800000000000100' });
    expect(parseCommentParam('8800000000000100_8800000000000101')).toEqual({
      comment: '8800000000000101',
      post: '8800000000000100',
    });
    expect(parseCommentParam(Buffer.from('something:else').toString('base64'))).toBeNull();
    expect(parseCommentParam('<script>')).toBeNull();
  });

  it('reads profiles from vanity, profile.php, group-member and people links only', () => {
    expect(profileOfHref('https://www.facebook.com/maple.owl.812?comment_id=1&__cft__[0]=x')).toEqual({
      handle: 'maple.owl.812',
      url: 'https://www.facebook.com/maple.owl.812',
    });
    expect(profileOfHref('/profile.php?id=100000000000103&comment_id=1')?.handle).toBe('100000000000103');
    expect(profileOfHref('/groups/plannerfans/user/100000000000104/')?.handle).toBe('100000000000104');
    expect(profileOfHref('/people/Maple-Owl/100000000000105/')?.handle).toBe('100000000000105');
    expect(profileOfHref('/inlaydemo/posts/8800000000000200?comment_id=1')).toBeNull();
    expect(profileOfHref('/groups/plannerfans')).toBeNull();
    expect(profileOfHref('https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com')).toBeNull();
    expect(profileOfHref('https://evil.example/maple.owl.812')).toBeNull();
  });
});

describe('facebook: expected counts on fixtures', () => {
  const cases = facebook.expected.map((e): [string, FixtureExpectation] => [e.fixture, e]);
  it.each(cases)('%s', (_name, exp) => {
    const doc = load(exp.fixture);
    const ctx = ctxFor(exp.url, exp.profiles);
    const rows = readAll(doc, ctx);
    const policy = { page: ctx.page, profiles: exp.profiles };
    const got = fixtureCounts(facebook, doc, exp, rows, policy);
    expect(got).toEqual(exp.counts);
  });
});

describe('facebook: logged-out post of our Page, derived from a real capture (post-logged-out)', () => {
  const doc = load(OUT);
  const profiles = ['brightkettle'];
  const rows = readAll(doc, ctxFor(OUT_URL, profiles));
  const policy = { page: 'post', profiles };

  it('reads a comment: the numeric id, the post number from the base64 id, a permalink without tracking', () => {
    expect(byId(rows, '8800000000000101')).toEqual({
      platform: 'facebook',
      nativeId: '8800000000000101',
      kind: 'comment',
      profile: 'brightkettle',
      author: { handle: 'maple.owl.812', name: 'Maple Owl', url: 'https://www.facebook.com/maple.owl.812' },
      text: 'The spring planner sold out before I could order one.\nWill there be a restock?',
      permalink: `https://www.facebook.com/brightkettle/posts/${LINK_PFBID}?comment_id=8800000000000101`,
      siteTimestamp: null,
      parentId: null,
      threadId: '8800000000000100',
      lang: 'en-GB',
    });
  });

  it('keeps markup-looking text, emoji (alt) and links as text; the link card and badges stay out', () => {
    expect(byId(rows, '8800000000000103')).toMatchObject({
      author: {
        handle: '100000000000103',
        name: 'Tide Pool',
        url: 'https://www.facebook.com/profile.php?id=100000000000103',
      },
      text: '<img src=x onerror=alert(1)> dark mode cover please 🙏',
    });
    expect(byId(rows, '8800000000000107').text).toBe(
      'My order is still not here. Tracking page: https://example.com/track/KT-0042',
    );
    expect(byId(rows, '8800000000000104')).toMatchObject({
      author: { handle: 'brightkettle', name: 'Bright Kettle Studio' },
      text: 'Thanks for asking! The restock lands on 12 March.',
    });
    expect(byId(rows, '8800000000000102').lang).toBe('de-DE');
    expect(byId(rows, '8800000000000110').text).toBe('Følger med for påfyll.');
  });

  it('comments from others are inbound; the Page’s own comments are not (and answer nobody)', () => {
    const inbound = rows.filter((r) => r.item && facebook.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual([
      '8800000000000101',
      '8800000000000102',
      '8800000000000103',
      '8800000000000105',
      '8800000000000106',
      '8800000000000107',
      '8800000000000109',
      '8800000000000110',
    ]);
    expect(facebook.isOwnReply!(byId(rows, '8800000000000108'), policy)).toBe(false);
    const theirs = readAll(load(OUT), ctxFor(OUT_URL, ['inlaydemo']));
    expect(
      theirs.filter((r) => r.item && facebook.isInbound(r.item, { page: 'post', profiles: ['inlaydemo'] })),
    ).toEqual([]);
  });

  it('does not depend on English labels: translated or missing aria-labels inside the post still count', () => {
    const d = load(OUT);
    const arts = [...d.querySelectorAll('div[role="article"][aria-label^="Comment by"]')];
    arts[0]!.setAttribute('aria-label', 'Kommentar von Maple Owl vor einer Woche');
    arts[1]!.removeAttribute('aria-label');
    const again = readAll(d, ctxFor(OUT_URL, profiles));
    expect(again).toHaveLength(10);
    expect(byId(again, '8800000000000101').author.name).toBe('Maple Owl');
    expect(byId(again, '8800000000000102')).toMatchObject({ kind: 'comment', author: { name: 'Jonas Brenner' } });
    // an article outside any post, without a label, is not a comment
    const loose = d.createElement('div');
    loose.setAttribute('role', 'article');
    loose.append(arts[1]!.querySelector('a[href*="comment_id="]')!.cloneNode(true));
    d.body.append(loose);
    expect(facebook.findItems(d)).toHaveLength(10);
  });

  it('puts the overlay after the list holding the comment’s time link', () => {
    for (const { el } of rows) {
      const row = facebook.actionRow(el)!;
      expect(row.localName).toBe('ul');
      expect(row.querySelector('a[href*="/posts/"]')).not.toBeNull();
      expect(el.contains(row)).toBe(true);
    }
  });

  it('a logged-out page names no account and offers no reply box', async () => {
    const win = loadWindow(OUT);
    vi.stubGlobal('MutationObserver', win.MutationObserver);
    const d = win.document as unknown as Document;
    expect(facebook.detectLoggedInHandle(d)).toBeNull();
    const [first] = facebook.findItems(d);
    expect(await facebook.composer!.open(first!, 20)).toBeNull();
    vi.unstubAllGlobals();
  });
});

describe('facebook: logged-in post of our Page with a Lexical composer (post-logged-in)', () => {
  const doc = load(IN);
  const profiles = ['inlaydemo'];
  const rows = readAll(doc, ctxFor(IN_URL, profiles));
  const policy = { page: 'post', profiles };

  it('reads a comment', () => {
    expect(byId(rows, '8800000000000201')).toEqual({
      platform: 'facebook',
      nativeId: '8800000000000201',
      kind: 'comment',
      profile: 'inlaydemo',
      author: { handle: 'maple.owl.812', name: 'Maple Owl', url: 'https://www.facebook.com/maple.owl.812' },
      text: 'Does the planner sync with Google Calendar?',
      permalink: 'https://www.facebook.com/inlaydemo/posts/8800000000000200?comment_id=8800000000000201',
      siteTimestamp: null,
      parentId: null,
      threadId: '8800000000000200',
      lang: 'en-GB',
    });
  });

  it('reads a reply: its own id from reply_comment_id, the parent from comment_id', () => {
    expect(byId(rows, '8800000000000203')).toEqual({
      platform: 'facebook',
      nativeId: '8800000000000203',
      kind: 'reply',
      profile: 'inlaydemo',
      author: {
        handle: '100000000000103',
        name: 'Tide Pool',
        url: 'https://www.facebook.com/profile.php?id=100000000000103',
      },
      text: 'Worked for me, thanks!',
      permalink:
        'https://www.facebook.com/inlaydemo/posts/8800000000000200?comment_id=8800000000000201&reply_comment_id=8800000000000203',
      siteTimestamp: null,
      parentId: '8800000000000201',
      threadId: '8800000000000200',
      lang: 'en-GB',
    });
  });

  it('our Page’s reply is an own reply and not inbound; the rest from others is inbound', () => {
    const own = byId(rows, '8800000000000202');
    expect(own).toMatchObject({
      kind: 'reply',
      parentId: '8800000000000201',
      author: { handle: 'inlaydemo', name: 'Inlay Demo', url: 'https://www.facebook.com/inlaydemo' },
      text: 'Maple Owl Yes! Turn it on under Settings → Sync.',
    });
    expect(facebook.isOwnReply!(own, policy)).toBe(true);
    expect(facebook.isInbound(own, policy)).toBe(false);
    const inbound = rows.filter((r) => r.item && facebook.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual(['8800000000000201', '8800000000000203', '8800000000000204']);
    expect(facebook.isOwnReply!(byId(rows, '8800000000000205'), policy)).toBe(false);
    expect(byId(rows, '8800000000000204').text).toBe('Funktioniert das auch mit Outlook? 🤔\nDanke!');
  });

  it('finds a reply’s parent from the page when its links carry no reply_comment_id', () => {
    const d = load(IN);
    const reply = d.querySelector('[aria-label^="Reply by Tide Pool"]')!;
    for (const a of reply.querySelectorAll('a[href*="reply_comment_id="]')) a.remove();
    const again = readAll(d, ctxFor(IN_URL, profiles));
    expect(byId(again, '8800000000000203')).toMatchObject({ kind: 'reply', parentId: '8800000000000201' });
    // and without the English label, reply_comment_id alone says it is a reply
    const d2 = load(IN);
    for (const a of d2.querySelectorAll('[aria-label^="Reply by"], [aria-label^="Comment by"]'))
      a.setAttribute('aria-label', 'Antwort');
    expect(byId(readAll(d2, ctxFor(IN_URL, profiles)), '8800000000000202')).toMatchObject({
      kind: 'reply',
      parentId: '8800000000000201',
    });
  });

  it('a link to another comment quoted in the text does not change the comment’s own ids', () => {
    const d = load(IN);
    const line = d.querySelector('[aria-label^="Comment by Jonas"] span[lang] div[dir="auto"]')!;
    const quoted = d.createElement('a');
    quoted.setAttribute(
      'href',
      'https://www.facebook.com/otherpage/posts/9900000000000001?comment_id=9900000000000002&reply_comment_id=9900000000000003',
    );
    quoted.textContent = 'like this one';
    line.append(' ', quoted);
    const item = byId(readAll(d, ctxFor(IN_URL, profiles)), '8800000000000204');
    expect(item).toMatchObject({
      kind: 'comment',
      parentId: null,
      threadId: '8800000000000200',
      permalink: 'https://www.facebook.com/inlaydemo/posts/8800000000000200?comment_id=8800000000000204',
      text: 'Funktioniert das auch mit Outlook? 🤔 like this one\nDanke!',
    });
  });

  it('the post’s author comes from its header even when the URL does not name it', () => {
    const viaPermalink = 'https://www.facebook.com/permalink.php?story_fbid=8800000000000200&id=100000000000900';
    const again = readAll(load(IN), ctxFor(viaPermalink, profiles));
    expect(byId(again, '8800000000000201')).toMatchObject({
      profile: 'inlaydemo',
      permalink: 'https://www.facebook.com/inlaydemo/posts/8800000000000200?comment_id=8800000000000201',
    });
  });

  it('names no account even logged in (the acting identity is not shown reliably)', () => {
    expect(facebook.detectLoggedInHandle(doc)).toBeNull();
  });
});

describe('facebook: composer', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('Reply opens the thread’s Lexical box; its send button is the focused composer’s submit', async () => {
    const doc = load(IN);
    const rows = readAll(doc, ctxFor(IN_URL, ['inlaydemo']));
    const comment = elById(rows, '8800000000000201');
    const clicked = vi.fn();
    const replyControl = [...comment.querySelectorAll('ul [role="button"]')].find((b) => b.textContent === 'Reply')!;
    replyControl.addEventListener('click', clicked);
    expect(facebook.composer!.editor).toBe('lexical');
    const box = await facebook.composer!.open(comment, 50);
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(box?.getAttribute('aria-label')).toBe('Reply to Maple Owl');
    expect(box?.getAttribute('data-lexical-editor')).toBe('true');
    expect(await facebook.composer!.open(elById(rows, '8800000000000203'), 50)).toBe(box);
    const send = facebook.composer!.sendButton(box!)!;
    expect(send.getAttribute('role')).toBe('button');
    expect(send.parentElement?.parentElement?.id).toBe('focused-state-composer-submit');
    const main = doc.querySelector('[aria-label="Write a comment…"]')!;
    const mainSend = facebook.composer!.sendButton(main)!;
    expect(mainSend.getAttribute('aria-label')).toBe('Comment');
    expect(mainSend).not.toBe(send);
  });

  it('waits for the reply box Facebook renders after the click, and not the next thread’s', async () => {
    const win = loadWindow(IN);
    vi.stubGlobal('MutationObserver', win.MutationObserver);
    const doc = win.document as unknown as Document;
    const rows = readAll(doc, ctxFor(IN_URL, ['inlaydemo']));
    const comment = elById(rows, '8800000000000204');
    const replyControl = [...comment.querySelectorAll('ul [role="button"]')].find((b) => b.textContent === 'Reply')!;
    replyControl.addEventListener('click', () => {
      setTimeout(() => {
        const editor = doc.createElement('div');
        editor.setAttribute('contenteditable', 'true');
        editor.setAttribute('data-lexical-editor', 'true');
        editor.setAttribute('role', 'textbox');
        editor.setAttribute('aria-label', 'Reply to Jonas Brenner');
        comment.parentElement!.parentElement!.after(editor);
      }, 5);
    });
    const box = await facebook.composer!.open(comment, 500);
    expect(box?.getAttribute('aria-label')).toBe('Reply to Jonas Brenner');
    expect(await facebook.composer!.open(elById(rows, '8800000000000205'), 20)).toBeNull();
  });
});

describe('facebook: selector packs are data', () => {
  it('an override replaces a named array; invalid or unknown entries are ignored', () => {
    const doc = load(IN);
    const labelled = createFacebookAdapter().withSelectors({
      item: [{ css: 'div[role="article"][aria-label^="Reply by"]', seen: '2026-03' }],
      nope: [{ css: 'div', seen: '2026-03' }],
    });
    expect(labelled.selectors.item).toEqual([{ css: 'div[role="article"][aria-label^="Reply by"]', seen: '2026-03' }]);
    expect(labelled.findItems(doc)).toHaveLength(2);
    expect(Object.keys(labelled.selectors)).toEqual(Object.keys(FACEBOOK_SELECTORS));
    const broken = createFacebookAdapter().withSelectors({ item: [{ css: '', seen: 'yesterday' }] });
    expect(broken.selectors.item).toEqual(FACEBOOK_SELECTORS.item);
  });

  it('every selector entry is dated and none keys on generated class names', () => {
    for (const [name, entries] of Object.entries(FACEBOOK_SELECTORS)) {
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.seen, name).toMatch(/^\d{4}-\d{2}$/);
        expect(e.css, name).not.toMatch(/\.x[0-9a-z]{5,}|\.html-|\._[0-9a-z]{3,}/);
      }
    }
  });
});
