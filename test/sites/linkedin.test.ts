import { byId, fixtureCounts } from './fixture-support';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ExtractContext, type FixtureExpectation } from '../../extension/sites/types';
import {
  createLinkedInAdapter,
  editorKindOf,
  isNewDom,
  linkedin,
  LINKEDIN_SELECTORS,
  parseCommentUrn,
  postOfUrl,
  threadOfUrl,
  timeOfId,
} from '../../extension/sites/linkedin';

const ROOT = resolve(import.meta.dirname, '../..');
const EMBER = 'test/fixtures/linkedin/post-comments-ember.html';
const SDUI = 'test/fixtures/linkedin/post-comments-sdui.html';
const THREAD = 'test/fixtures/linkedin/messaging-thread.html';
const EMBER_URL = 'https://www.linkedin.com/feed/update/urn:li:activity:7434160570368000000/';
const SDUI_URL = 'https://www.linkedin.com/posts/inlay-demo_spring-release-activity-7434885346099200000-Qm3x/';
const THREAD_ID = '2-YmM3NGRmZTAtZjAwZi00ZjM3LWE0N2QtOTE3ZmQ2ZDkxMmE4XzAxMA==';
const THREAD_URL = `https://www.linkedin.com/messaging/thread/${THREAD_ID}/`;

function loadWindow(fixture: string) {
  return parseHTML(readFileSync(resolve(ROOT, fixture), 'utf8'));
}

function load(fixture: string): Document {
  return loadWindow(fixture).document as unknown as Document;
}

function ctxFor(url: string, profiles: readonly string[], memo = new Map<string, string>()): ExtractContext {
  const u = new URL(url);
  return { url: u, page: linkedin.pageKind(u) ?? 'none', profiles, memo };
}

function readAll(doc: Document, ctx: ExtractContext, adapter = linkedin) {
  return adapter.findItems(doc).map((el) => ({ el, item: adapter.extract(el, ctx) }));
}

function elById(rows: ReturnType<typeof readAll>, id: string): Element {
  const row = rows.find((r) => r.item?.nativeId === id);
  if (!row) throw new Error(`no item ${id}`);
  return row.el;
}

const commentUrn = (post: string, id: string) =>
  encodeURIComponent(`urn:li:comment:(${post},${id})`).replace(/\(/g, '%28').replace(/\)/g, '%29');

describe('linkedin: page predicates', () => {
  for (const [kind, spec] of Object.entries(linkedin.pages)) {
    it.each(spec.examples.accept)(`${kind} accepts %s`, (url) => {
      expect(linkedin.pageKind(new URL(url))).toBe(kind);
    });
    it.each(spec.examples.reject)(`${kind} rejects %s`, (url) => {
      expect(spec.test(new URL(url))).toBe(false);
      // another kind may claim it (the inbox list is not a thread), never this one; other sites' URLs none
      expect(linkedin.pageKind(new URL(url))).not.toBe(kind);
      if (!/(^|\.)linkedin\.com$/.test(new URL(url).hostname)) expect(linkedin.pageKind(new URL(url))).toBeNull();
    });
  }

  it('reads the post and its author from the URL', () => {
    expect(postOfUrl(new URL(EMBER_URL))).toEqual({
      urn: 'urn:li:activity:7434160570368000000',
      kind: 'activity',
      id: '7434160570368000000',
      author: null,
    });
    expect(postOfUrl(new URL(SDUI_URL))).toEqual({
      urn: 'urn:li:activity:7434885346099200000',
      kind: 'activity',
      id: '7434885346099200000',
      author: 'inlay-demo',
    });
    expect(
      postOfUrl(new URL('https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7434885337710592001/'))?.urn,
    ).toBe('urn:li:ugcPost:7434885337710592001');
    expect(threadOfUrl(new URL(THREAD_URL))).toBe(THREAD_ID);
    expect(threadOfUrl(new URL(`https://www.linkedin.com/messaging/thread/${encodeURIComponent(THREAD_ID)}/`))).toBe(
      THREAD_ID,
    );
  });

  it('parses comment URNs in every spelling, and the time in an id', () => {
    expect(parseCommentUrn('urn:li:comment:(activity:7434160570368000000,7434179444736000101)')).toEqual({
      id: '7434179444736000101',
      parentId: null,
      post: { kind: 'activity', id: '7434160570368000000' },
    });
    expect(
      parseCommentUrn('replaceableComment_urn:li:comment:(urn:li:ugcPost:7434885337710592001,7434900445593600201)'),
    ).toEqual({ id: '7434900445593600201', parentId: null, post: { kind: 'ugcPost', id: '7434885337710592001' } });
    expect(
      parseCommentUrn(
        'urn:li:comment:(urn:li:comment:(urn:li:activity:7434160570368000000,7434179444736000101),7434213418598400103)',
      ),
    ).toEqual({
      id: '7434213418598400103',
      parentId: '7434179444736000101',
      post: { kind: 'activity', id: '7434160570368000000' },
    });
    expect(parseCommentUrn('urn:li:fsd_comment:(7434179444736000101,urn:li:activity:7434160570368000000)')).toEqual({
      id: '7434179444736000101',
      parentId: null,
      post: { kind: 'activity', id: '7434160570368000000' },
    });
    expect(parseCommentUrn('urn:li:activity:7434160570368000000')).toBeNull();
    expect(timeOfId('7434179444736000101')).toBe('2026-03-02T10:15:00.000Z');
    expect(timeOfId('12345')).toBeNull();
  });
});

describe('linkedin: expected counts on fixtures', () => {
  const cases = linkedin.expected.map((e): [string, FixtureExpectation] => [e.fixture, e]);
  it.each(cases)('%s', (_name, exp) => {
    const doc = load(exp.fixture);
    const ctx = ctxFor(exp.url, exp.profiles);
    const rows = readAll(doc, ctx);
    const policy = { page: ctx.page, profiles: exp.profiles };
    const got = fixtureCounts(linkedin, doc, exp, rows, policy);
    expect(got).toEqual(exp.counts);
  });
});

describe('linkedin: old (Ember) post page of our company (post-comments-ember)', () => {
  const doc = load(EMBER);
  const profiles = ['inlay-demo'];
  const rows = readAll(doc, ctxFor(EMBER_URL, profiles));
  const policy = { page: 'post', profiles };
  const POST = 'activity:7434160570368000000';

  it('is the old DOM', () => {
    expect(isNewDom(doc)).toBe(false);
  });

  it('reads a top-level comment', () => {
    expect(byId(rows, '7434179444736000101')).toEqual({
      platform: 'linkedin',
      nativeId: '7434179444736000101',
      kind: 'comment',
      profile: 'inlay-demo',
      author: { handle: 'maple-owl-4821', name: 'Maple Owl', url: 'https://www.linkedin.com/in/maple-owl-4821/' },
      text: 'The calendar export fails for me since the update. Anyone else?',
      permalink: `https://www.linkedin.com/feed/update/urn:li:activity:7434160570368000000/?commentUrn=${commentUrn(POST, '7434179444736000101')}`,
      siteTimestamp: '2026-03-02T10:15:00.000Z',
      parentId: null,
      threadId: 'urn:li:activity:7434160570368000000',
      lang: null,
    });
  });

  it('reads a reply with its parent comment and a reply permalink', () => {
    expect(byId(rows, '7434213418598400103')).toEqual({
      platform: 'linkedin',
      nativeId: '7434213418598400103',
      kind: 'reply',
      profile: 'inlay-demo',
      author: { handle: 'tide-pool', name: 'Tide Pool', url: 'https://www.linkedin.com/in/tide-pool/' },
      text: 'Same here on Android.',
      permalink:
        `https://www.linkedin.com/feed/update/urn:li:activity:7434160570368000000/?commentUrn=${commentUrn(POST, '7434179444736000101')}` +
        `&replyUrn=${commentUrn(POST, '7434213418598400103')}`,
      siteTimestamp: '2026-03-02T12:30:00.000Z',
      parentId: '7434179444736000101',
      threadId: 'urn:li:activity:7434160570368000000',
      lang: null,
    });
  });

  it('keeps mentions, hashtags (without the screen-reader copy), line breaks and markup-looking text as text', () => {
    expect(byId(rows, '7434247392460800104').text).toBe(
      'Großartig, Inlay Demo!\nKommt eine deutsche Version? #planner',
    );
    expect(byId(rows, '7434512891904000105').text).toBe('<img src=x onerror=alert(1)> dark mode please 🙏');
    expect(byId(rows, '7434638721024000107').author).toEqual({ handle: null, name: 'LinkedIn Member', url: null });
  });

  it('comments and replies from others are inbound; ours are not, and our reply is an own reply', () => {
    const inbound = rows.filter((r) => r.item && linkedin.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual([
      '7434179444736000101',
      '7434213418598400103',
      '7434247392460800104',
      '7434512891904000105',
      '7434638721024000107',
    ]);
    const ownReply = byId(rows, '7434191272673280102');
    expect(ownReply).toMatchObject({
      kind: 'reply',
      parentId: '7434179444736000101',
      author: { handle: 'inlay-demo', name: 'Inlay Demo', url: 'https://www.linkedin.com/company/inlay-demo/' },
    });
    expect(linkedin.isOwnReply!(ownReply, policy)).toBe(true);
    const ownComment = byId(rows, '7434524216524800106');
    expect(linkedin.isInbound(ownComment, policy)).toBe(false);
    expect(linkedin.isOwnReply!(ownComment, policy)).toBe(false); // a top-level comment answers nobody
    expect(linkedin.isOwnReply!(byId(rows, '7434213418598400103'), policy)).toBe(false);
  });

  it('needs the post to be ours: the same page read with other profiles has nothing inbound', () => {
    const other = readAll(load(EMBER), ctxFor(EMBER_URL, ['someone-else']));
    expect(other.every((r) => r.item?.profile === null)).toBe(true);
    expect(
      other.filter((r) => r.item && linkedin.isInbound(r.item, { page: 'post', profiles: ['someone-else'] })),
    ).toEqual([]);
    const upper = readAll(load(EMBER), ctxFor(EMBER_URL, ['@Inlay-Demo']));
    expect(
      upper.filter((r) => r.item && linkedin.isInbound(r.item, { page: 'post', profiles: ['@Inlay-Demo'] })),
    ).toHaveLength(5);
  });

  it('puts the overlay after the comment’s own social bar', () => {
    for (const { el } of rows) {
      const row = linkedin.actionRow(el)!;
      expect(row.matches('.comments-comment-social-bar--cr')).toBe(true);
      expect(row.closest('article')).toBe(el);
    }
  });

  it('detects the logged-in member from the identity card', () => {
    expect(linkedin.detectLoggedInHandle(doc)).toBe('robin-vale-inlay');
  });
});

describe('linkedin: new (SDUI) post page (post-comments-sdui)', () => {
  const doc = load(SDUI);
  const profiles = ['inlay-demo'];
  const rows = readAll(doc, ctxFor(SDUI_URL, profiles));
  const policy = { page: 'post', profiles };
  const UGC = 'ugcPost:7434885337710592001';

  it('is the new DOM', () => {
    expect(isNewDom(doc)).toBe(true);
  });

  it('reads a comment from its keyed wrapper; the permalink names the post as the comment URN does', () => {
    expect(byId(rows, '7434900445593600201')).toEqual({
      platform: 'linkedin',
      nativeId: '7434900445593600201',
      kind: 'comment',
      profile: 'inlay-demo',
      author: { handle: 'maple-owl-4821', name: 'Maple Owl', url: 'https://www.linkedin.com/in/maple-owl-4821/' },
      text: 'Is there a way to share one planner with my whole team?',
      permalink: `https://www.linkedin.com/feed/update/urn:li:ugcPost:7434885337710592001/?commentUrn=${commentUrn(UGC, '7434900445593600201')}`,
      siteTimestamp: '2026-03-04T10:00:00.000Z',
      parentId: null,
      threadId: 'urn:li:activity:7434885346099200000',
      lang: null,
    });
  });

  it('reads replies (own and inbound) with their parent', () => {
    const own = byId(rows, '7434907995340800202');
    expect(own).toMatchObject({
      kind: 'reply',
      parentId: '7434900445593600201',
      author: { handle: 'inlay-demo', name: 'Inlay Demo' },
      text: 'Maple Owl yes: open the planner, then Share → Team.',
      siteTimestamp: '2026-03-04T10:30:00.000Z',
    });
    expect(linkedin.isOwnReply!(own, policy)).toBe(true);
    expect(linkedin.isInbound(own, policy)).toBe(false);
    expect(byId(rows, '7434926869708800203')).toMatchObject({
      kind: 'reply',
      parentId: '7434900445593600201',
      author: { handle: 'tide-pool', name: 'Tide Pool', url: 'https://www.linkedin.com/in/tide-pool/' },
    });
  });

  it('one item per comment: a repeated componentkey is the same comment, a bare container is read from its breadcrumb', () => {
    expect(rows.map((r) => r.item?.nativeId)).toEqual([
      '7434900445593600201',
      '7434907995340800202',
      '7434926869708800203',
      '7434948260659200204',
      '7434975943065600205',
      '7435231376179200206',
    ]);
    expect(elById(rows, '7434975943065600205').getAttribute('componentkey')).toContain('7434975943065600205');
    expect(byId(rows, '7435231376179200206')).toMatchObject({
      kind: 'comment',
      author: { handle: 'jonas-brenner-b2a91', name: 'Jonas Brenner' },
      text: 'Gibt es eine Exportfunktion für Outlook?',
      siteTimestamp: '2026-03-05T07:55:00.000Z',
    });
  });

  it('reads line breaks and mentions, and leaves the "…more" control out', () => {
    expect(byId(rows, '7434948260659200204').text).toBe(
      'Love the widget. Two requests:\n1. week numbers\n2. a dark theme for Inlay Demo',
    );
  });

  it('everything from others is inbound', () => {
    const inbound = rows.filter((r) => r.item && linkedin.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual([
      '7434900445593600201',
      '7434926869708800203',
      '7434948260659200204',
      '7434975943065600205',
      '7435231376179200206',
    ]);
  });

  it('finds a reply’s parent when replies are rendered after their comment instead of inside it', () => {
    const moved = load(SDUI);
    const parent = moved.querySelector('[componentkey*="7434900445593600201"]')!;
    const replies = [...parent.querySelectorAll('[componentkey*="74349079953408"], [componentkey*="74349268697088"]')];
    for (const r of replies.reverse()) parent.after(r);
    const again = readAll(moved, ctxFor(SDUI_URL, profiles));
    expect(again).toHaveLength(6);
    expect(byId(again, '7434926869708800203')).toMatchObject({ kind: 'reply', parentId: '7434900445593600201' });
    expect(byId(again, '7434907995340800202')).toMatchObject({ kind: 'reply', parentId: '7434900445593600201' });
    expect(byId(again, '7434900445593600201').kind).toBe('comment');
  });

  it('still reads authors when the actor links lose their data-view-name', () => {
    const bare = load(SDUI);
    for (const a of bare.querySelectorAll(
      'a[data-view-name$="-actor-picture"], a[data-view-name$="-actor-description"]',
    )) {
      a.removeAttribute('data-view-name');
    }
    const again = readAll(bare, ctxFor(SDUI_URL, profiles));
    expect(byId(again, '7434900445593600201').author).toEqual({
      handle: 'maple-owl-4821',
      name: 'Maple Owl',
      url: 'https://www.linkedin.com/in/maple-owl-4821/',
    });
    expect(byId(again, '7434907995340800202')).toMatchObject({
      kind: 'reply',
      parentId: '7434900445593600201',
      author: { handle: 'inlay-demo', name: 'Inlay Demo' },
    });
  });

  it('puts the overlay after the row holding the Reply button', () => {
    for (const { el } of rows) {
      const row = linkedin.actionRow(el)!;
      expect(row.querySelector('button[data-view-name="comment-reply"]')).not.toBeNull();
      expect(el.contains(row)).toBe(true);
    }
  });

  it('does not guess the logged-in member where the page does not show it', () => {
    expect(linkedin.detectLoggedInHandle(doc)).toBeNull();
  });
});

describe('linkedin: messaging thread (messaging-thread)', () => {
  const doc = load(THREAD);
  const profiles = ['robin-vale-inlay'];
  const rows = readAll(doc, ctxFor(THREAD_URL, profiles));
  const policy = { page: 'messaging', profiles };
  const ids = rows.map((r) => r.item?.nativeId ?? null);

  it('reads a message from the correspondent', () => {
    expect(rows[0]!.item).toEqual({
      platform: 'linkedin',
      nativeId: '2-MTc3MjQ2NzUwMDAwMGI0ODIxMy0wMDQmYmM3NGRmZTAtZjAwZi00ZjM3LWE0N2QtOTE3ZmQ2ZDkxMmE4XzAxMA==',
      kind: 'dm',
      profile: 'robin-vale-inlay',
      author: { handle: 'maple-owl-4821', name: 'Maple Owl', url: 'https://www.linkedin.com/in/maple-owl-4821/' },
      text: 'Hi! Quick question about team plans.',
      permalink: THREAD_URL,
      siteTimestamp: '2026-03-02T16:05:00.000Z',
      parentId: null,
      threadId: THREAD_ID,
      lang: null,
    });
  });

  it('a message without a group header belongs to the group it continues', () => {
    expect(rows[1]!.item).toMatchObject({
      author: { handle: 'maple-owl-4821', name: 'Maple Owl' },
      text: 'Do you offer a discount for nonprofits?',
      siteTimestamp: '2026-03-02T16:07:30.000Z',
    });
    expect(rows[5]!.item).toMatchObject({
      author: { handle: 'maple-owl-4821', name: 'Maple Owl' },
      text: 'Can we pay yearly? <script>alert(1)</script>',
    });
  });

  it('our own message is an own reply, the others are inbound, the day heading is not a message', () => {
    expect(ids[3]).toBeNull();
    const own = rows[2]!.item!;
    expect(own).toMatchObject({
      author: { handle: 'robin-vale-inlay', name: 'Robin Vale', url: 'https://www.linkedin.com/in/robin-vale-inlay/' },
      siteTimestamp: '2026-03-02T17:20:00.000Z',
    });
    expect(linkedin.isInbound(own, policy)).toBe(false);
    expect(linkedin.isOwnReply!(own, policy)).toBe(true);
    const inbound = rows.filter((r) => r.item && linkedin.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual([ids[0], ids[1], ids[4], ids[5]]);
  });

  it('the logged-in account is the sender of the rows without the --other marker', () => {
    expect(linkedin.detectLoggedInHandle(doc)).toBe('robin-vale-inlay');
    const unconfigured = readAll(load(THREAD), ctxFor(THREAD_URL, ['inlay-demo']));
    expect(unconfigured.every((r) => r.item === null || r.item.profile === null)).toBe(true);
  });

  it('remembers who sent a grouped message after the group’s first row scrolled away', () => {
    const memo = new Map<string, string>();
    const d = load(THREAD);
    readAll(d, ctxFor(THREAD_URL, profiles, memo));
    const first = d.querySelector('li.msg-s-message-list__event')!;
    first.remove();
    const [second] = linkedin.findItems(d);
    expect(linkedin.extract(second!, ctxFor(THREAD_URL, profiles, memo))?.author).toEqual({
      handle: 'maple-owl-4821',
      name: 'Maple Owl',
      url: 'https://www.linkedin.com/in/maple-owl-4821/',
    });
    // without memory the thread header still names the correspondent
    const fresh = linkedin.extract(second!, ctxFor(THREAD_URL, profiles));
    expect(fresh?.author).toEqual({
      handle: 'maple-owl-4821',
      name: null,
      url: 'https://www.linkedin.com/in/maple-owl-4821/',
    });
  });

  it('messages are only read on the messaging page, comments only on post pages', () => {
    const onPost = ctxFor(EMBER_URL, profiles);
    expect(linkedin.extract(rows[0]!.el, onPost)).toBeNull();
    const ember = load(EMBER);
    expect(linkedin.extract(linkedin.findItems(ember)[0]!, ctxFor(THREAD_URL, profiles))).toBeNull();
  });
});

describe('linkedin: composer', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the editor behind each box', () => {
    const ember = load(EMBER);
    const sdui = load(SDUI);
    const thread = load(THREAD);
    expect(editorKindOf(ember.querySelector('.ql-editor')!)).toBe('quill');
    expect(editorKindOf(sdui.querySelector('.ProseMirror')!)).toBe('prosemirror');
    expect(editorKindOf(thread.querySelector('.msg-form__contenteditable')!)).toBe('linkedin-message');
    expect(linkedin.composer!.kindOf).toBe(editorKindOf);
    expect(['quill', 'prosemirror', 'linkedin-message']).toContain(linkedin.composer!.editor);
  });

  it('old DOM: Reply opens the Quill box inside the thread; its submit button is that form’s', async () => {
    const doc = load(EMBER);
    const rows = readAll(doc, ctxFor(EMBER_URL, ['inlay-demo']));
    const comment = elById(rows, '7434179444736000101');
    const clicked = vi.fn();
    comment
      .querySelector('button.comments-comment-social-bar__reply-action-button--cr')!
      .addEventListener('click', clicked);
    const box = await linkedin.composer!.open(comment, 50);
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(box?.closest('.comments-comment-box--reply')?.closest('article')).toBe(comment);
    // replying to a reply uses the same box (LinkedIn threads one level deep)
    expect(await linkedin.composer!.open(elById(rows, '7434213418598400103'), 50)).toBe(box);
    const send = linkedin.composer!.sendButton(box!)!;
    expect(send.textContent?.trim()).toBe('Reply');
    const main = doc.querySelector('.comments-comments-list > .comments-comment-box .ql-editor')!;
    expect(linkedin.composer!.sendButton(main)?.textContent?.trim()).toBe('Comment');
  });

  it('waits for a box the site renders after the click, and gives up after the timeout', async () => {
    const win = loadWindow(EMBER);
    vi.stubGlobal('MutationObserver', win.MutationObserver);
    const doc = win.document as unknown as Document;
    const rows = readAll(doc, ctxFor(EMBER_URL, ['inlay-demo']));
    const comment = elById(rows, '7434247392460800104');
    const button = comment.querySelector('button.comments-comment-social-bar__reply-action-button--cr')!;
    button.addEventListener('click', () => {
      setTimeout(() => {
        const form = doc.createElement('form');
        form.className = 'comments-comment-box__form';
        const editor = doc.createElement('div');
        editor.className = 'ql-editor';
        editor.setAttribute('contenteditable', 'true');
        form.append(editor);
        comment.append(form);
      }, 5);
    });
    const box = await linkedin.composer!.open(comment, 500);
    expect(box?.closest('article')).toBe(comment);
    expect(await linkedin.composer!.open(elById(rows, '7434512891904000105'), 20)).toBeNull();
  });

  it('new DOM: Reply resolves with the inline box rendered after the comment, not the post’s box', async () => {
    const doc = load(SDUI);
    const rows = readAll(doc, ctxFor(SDUI_URL, ['inlay-demo']));
    const box = await linkedin.composer!.open(elById(rows, '7434926869708800203'), 50);
    expect(box?.querySelector('a')?.textContent).toBe('Maple Owl');
    expect(linkedin.composer!.sendButton(box!)?.getAttribute('data-view-name')).toBe('comment-reply-post');
    const main = doc.querySelector(
      '[data-view-name="feed-full-update"] > [data-view-name="comment-box"] .ProseMirror',
    )!;
    expect(main).not.toBe(box);
    expect(linkedin.composer!.sendButton(main)?.getAttribute('data-view-name')).toBe('comment-post');
  });

  it('messaging: the thread’s message box and its Send button', async () => {
    const doc = load(THREAD);
    const [first] = linkedin.findItems(doc);
    const box = await linkedin.composer!.open(first!, 50);
    expect(box?.matches('.msg-form__contenteditable')).toBe(true);
    expect(linkedin.composer!.sendButton(box!)?.textContent?.trim()).toBe('Send');
  });
});

describe('linkedin: selector packs are data', () => {
  it('an override replaces a named array; invalid or unknown entries are ignored', () => {
    const doc = load(EMBER);
    const narrowed = createLinkedInAdapter().withSelectors({
      comment: [{ css: 'article.comments-comment-entity--reply[data-id]', seen: '2026-03' }],
      nope: [{ css: 'div', seen: '2026-03' }],
    });
    expect(narrowed.selectors.comment).toEqual([
      { css: 'article.comments-comment-entity--reply[data-id]', seen: '2026-03' },
    ]);
    expect(narrowed.findItems(doc)).toHaveLength(2);
    expect(Object.keys(narrowed.selectors)).toEqual(Object.keys(LINKEDIN_SELECTORS));
    const broken = createLinkedInAdapter().withSelectors({ comment: [{ css: '', seen: 'yesterday' }] });
    expect(broken.selectors.comment).toEqual(LINKEDIN_SELECTORS.comment);
  });

  it('every selector entry is dated and none keys on generated class names', () => {
    for (const [name, entries] of Object.entries(LINKEDIN_SELECTORS)) {
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.seen, name).toMatch(/^\d{4}-\d{2}$/);
        expect(e.css, name).not.toMatch(/\._[0-9a-f]{6,}|\.x[0-9a-z]{5,}\b/);
      }
    }
  });
});
