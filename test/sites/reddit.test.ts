// @vitest-environment happy-dom
/**
 * The Reddit adapter on its saved pages: shreddit logged in and logged out,
 * old reddit, and the 2018–2023 redesign. Static reads use linkedom (as the
 * X suite does) and are repeated with happy-dom's parser; the composer tests
 * need happy-dom (clicks, MutationObserver, shadow roots).
 */
import { byId, fixtureCounts } from './fixture-support';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import {
  createRedditAdapter,
  postOfUrl,
  reddit,
  REDDIT_SELECTORS,
  type RedditSelectorName,
} from '../../extension/sites/reddit';
import {
  mergeSelectors,
  type ExtractContext,
  type FixtureExpectation,
  type SiteAdapter,
} from '../../extension/sites/types';

const ROOT = resolve(import.meta.dirname, '../..');
const IN = 'test/fixtures/reddit/post-logged-in.html';
const OUT = 'test/fixtures/reddit/post-logged-out.html';
const OLD = 'test/fixtures/reddit/old-reddit-not-ours.html';
const RD = 'test/fixtures/reddit/redesign-2019-logged-out.html';
const POST_URL =
  'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out_what_should_we_build_next/';
const OLD_URL = 'https://old.reddit.com/r/PlannerApp/comments/1j3oldr/does_the_planner_sync_with_old_phones/';
const RD_URL = 'https://www.reddit.com/r/PlannerApp/comments/1j4rdsn/we_rebuilt_the_widgets_ask_us_anything/';
const POLICY = { page: 'post', profiles: ['inlaydemo'] };

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
  return { url: u, page: reddit.pageKind(u) ?? 'none', profiles, memo };
}

/** Read every item of a document in order, like the page scanner does. */
function readAll(doc: Document, ctx: ExtractContext, adapter: SiteAdapter<RedditSelectorName> = reddit) {
  return adapter.findItems(doc).map((el) => ({ el, item: adapter.extract(el, ctx) }));
}

type Rows = ReturnType<typeof readAll>;

function elOf(rows: Rows, id: string): Element {
  const row = rows.find((r) => r.item?.nativeId === id);
  if (!row) throw new Error(`no element ${id}`);
  return row.el;
}

const ids = (rows: Rows, pick: (i: CapturedItem) => boolean) =>
  rows.flatMap((r) => (r.item && pick(r.item) ? [r.item.nativeId] : []));

/* ------------------------------------------------------------------ pages */

describe('reddit: page predicates', () => {
  const spec = reddit.pages.post!;
  it.each(spec.examples.accept)('accepts %s', (url) => {
    expect(reddit.pageKind(new URL(url))).toBe('post');
  });
  it.each(spec.examples.reject)('rejects %s', (url) => {
    expect(spec.test(new URL(url))).toBe(false);
    expect(reddit.pageKind(new URL(url))).not.toBe('post');
  });
  it('rejects URLs of the other six sites', () => {
    const hosts = spec.examples.reject.map((u) => new URL(u).hostname);
    for (const h of [
      'x.com',
      'www.linkedin.com',
      'www.youtube.com',
      'www.facebook.com',
      'www.instagram.com',
      'www.tiktok.com',
    ])
      expect(hosts).toContain(h);
  });
  it('reads the post id and the deep-linked comment from the URL', () => {
    expect(postOfUrl(new URL('https://old.reddit.com/r/PlannerApp/comments/1J0INLY/slug/mf1a002/?context=3'))).toEqual({
      id: '1j0inly',
      commentId: 'mf1a002',
    });
    expect(postOfUrl(new URL('https://www.reddit.com/r/PlannerApp/comments/1j0inly/comment/mf1a002/'))).toEqual({
      id: '1j0inly',
      commentId: 'mf1a002',
    });
    expect(postOfUrl(new URL('https://www.reddit.com/user/inlaydemo/comments/1j0inly/slug/'))).toEqual({
      id: '1j0inly',
      commentId: null,
    });
  });
});

/* ------------------------------------------------------------- fixture counts */

function counts(exp: FixtureExpectation, parser: Parser): Record<string, number> {
  const doc = load(exp.fixture, parser);
  const ctx = ctxFor(exp.url, exp.profiles);
  const rows = readAll(doc, ctx);
  const policy = { page: ctx.page, profiles: exp.profiles };
  const got = fixtureCounts(reddit, doc, exp, rows, policy);
  return got;
}

describe('reddit: expected counts on fixtures', () => {
  const cases = reddit.expected.map((e): [string, FixtureExpectation] => [e.fixture, e]);
  it('covers every fixture', () => {
    const sweeps = ['notifications', 'inbox-old', 'messages-old', 'submitted'].map(
      (f) => `test/fixtures/reddit/${f}.html`,
    );
    expect(reddit.expected.map((e) => e.fixture).sort()).toEqual([IN, OUT, OLD, RD, ...sweeps].sort());
  });
  it.each(cases)('%s (linkedom)', (_name, exp) => {
    expect(counts(exp, 'linkedom')).toEqual(exp.counts);
  });
  it.each(cases)('%s (happy-dom)', (_name, exp) => {
    expect(counts(exp, 'happy-dom')).toEqual(exp.counts);
  });
});

/* ------------------------------------------------------ shreddit, logged in */

describe('reddit: our post, logged in (shreddit)', () => {
  const doc = load(IN);
  const rows = readAll(doc, ctxFor(POST_URL));

  it('reads the post as our post', () => {
    expect(byId(rows, 't3_1j0inly')).toEqual({
      platform: 'reddit',
      nativeId: 't3_1j0inly',
      kind: 'post',
      profile: 'inlaydemo',
      author: { handle: 'inlaydemo', name: null, url: 'https://www.reddit.com/user/inlaydemo/' },
      text:
        'Spring release is out: what should we build next?\n\n' +
        'Thanks for all the feedback on the beta.\nTell us what is still missing, we read every comment.',
      permalink: POST_URL,
      siteTimestamp: '2026-03-02T15:00:00.123Z',
      parentId: null,
      threadId: 't3_1j0inly',
      lang: null,
    });
  });

  it('reads a top-level comment: kind comment, parent the post, time from its own time[datetime]', () => {
    expect(byId(rows, 't1_mf1a001')).toEqual({
      platform: 'reddit',
      nativeId: 't1_mf1a001',
      kind: 'comment',
      profile: 'inlaydemo',
      author: { handle: 'mapleowl', name: null, url: 'https://www.reddit.com/user/mapleowl/' },
      text: 'The calendar export keeps failing for me since the update.',
      permalink: 'https://www.reddit.com/r/PlannerApp/comments/1j0inly/comment/mf1a001/',
      siteTimestamp: '2026-03-02T15:20:00.000Z',
      parentId: 't3_1j0inly',
      threadId: 't3_1j0inly',
      lang: null,
    });
  });

  it('reads nested replies with the parent comment’s thingid, not the nested replies’ fields', () => {
    expect(byId(rows, 't1_mf1a003')).toMatchObject({
      kind: 'reply',
      author: { handle: 'mapleowl' },
      text: 'Version 4.2.1 on iOS 19. Thanks for the quick answer.',
      parentId: 't1_mf1a002',
      threadId: 't3_1j0inly',
      siteTimestamp: '2026-03-02T16:01:30.000Z',
      permalink: 'https://www.reddit.com/r/PlannerApp/comments/1j0inly/comment/mf1a003/',
    });
    // the outer comment's text and time are its own, although its replies are inside it
    expect(byId(rows, 't1_mf1a001').text).not.toContain('Sorry about that');
    expect(byId(rows, 't1_mf1a004')).toMatchObject({ kind: 'reply', parentId: 't1_mf1a001' });
    expect(byId(rows, 't1_mf1a008')).toMatchObject({ kind: 'reply', parentId: 't1_mf1a007' });
  });

  it('keeps paragraphs, emoji, link text and markup-looking text as plain text', () => {
    expect(byId(rows, 't1_mf1a005').text).toBe(
      'Dark mode for the widgets please 🙏 (see the old thread)\n' +
        '<img src=x onerror=alert(1)> is what I typed in the search box and it cleared my notes.',
    );
    expect(byId(rows, 't1_mf1a007').text).toBe('¿Habrá una versión para Linux?');
  });

  it('an edited comment keeps its posted time, not the edit time', () => {
    expect(byId(rows, 't1_mf1a007').siteTimestamp).toBe('2026-03-02T17:05:00.000Z');
  });

  it('comments and replies from others are inbound; ours, the deleted one and the post are not', () => {
    expect(ids(rows, (i) => reddit.isInbound(i, POLICY))).toEqual([
      't1_mf1a001',
      't1_mf1a003',
      't1_mf1a004',
      't1_mf1a005',
      't1_mf1a007',
      't1_mf1a008',
    ]);
    const deleted = byId(rows, 't1_mf1a006');
    expect(deleted.author).toEqual({ handle: null, name: null, url: null });
    expect(reddit.isInbound(deleted, POLICY)).toBe(false);
  });

  it('detects our own reply: it answers the comment its parentId points at', () => {
    const own = byId(rows, 't1_mf1a002');
    expect(own).toMatchObject({ kind: 'reply', author: { handle: 'inlaydemo' }, parentId: 't1_mf1a001' });
    expect(reddit.isOwnReply!(own, POLICY)).toBe(true);
    expect(reddit.isInbound(own, POLICY)).toBe(false);
    expect(ids(rows, (i) => reddit.isOwnReply!(i, POLICY))).toEqual(['t1_mf1a002']);
  });

  it('compares handles case-insensitively and needs a profile to call anything inbound', () => {
    const upper = readAll(load(IN), ctxFor(POST_URL, ['@InlayDemo']));
    expect(ids(upper, (i) => reddit.isInbound(i, { page: 'post', profiles: ['@InlayDemo'] }))).toHaveLength(6);
    const none = readAll(load(IN), ctxFor(POST_URL, []));
    expect(ids(none, (i) => reddit.isInbound(i, { page: 'post', profiles: [] }))).toEqual([]);
    // our own reply stays outbound even when the policy is asked without profiles
    expect(reddit.isInbound(byId(rows, 't1_mf1a002'), { page: 'post', profiles: [] })).toBe(false);
    expect(reddit.isInbound(byId(rows, 't1_mf1a001'), { page: 'other', profiles: ['inlaydemo'] })).toBe(false);
  });

  it('puts the overlay after the comment’s own action row', () => {
    for (const { el, item } of rows) {
      if (item?.kind === 'post') continue;
      const row = reddit.actionRow(el)!;
      expect(row.localName).toBe('shreddit-comment-action-row');
      expect(row.getAttribute('comment-id')).toBe(el.getAttribute('thingid'));
      expect(row.parentElement).toBe(el);
    }
  });

  it('detects the logged-in account from the user menu', () => {
    expect(reddit.detectLoggedInHandle(doc)).toBe('inlaydemo');
  });

  it('a deep link whose parent comment is not on the page still names the parent', () => {
    const d = load(IN);
    const parent = d.querySelector('shreddit-comment[thingid="t1_mf1a001"]')!;
    const reply = d.querySelector('shreddit-comment[thingid="t1_mf1a004"]')!;
    parent.replaceWith(reply);
    const r = readAll(d, ctxFor('https://www.reddit.com/r/PlannerApp/comments/1j0inly/comment/mf1a004/'));
    expect(byId(r, 't1_mf1a004')).toMatchObject({ kind: 'reply', parentId: 't1_mf1a001', profile: 'inlaydemo' });
  });

  it('without parentid/depth attributes the nesting (slot, then ancestor) names the parent', () => {
    const d = load(IN);
    const reply = d.querySelector('shreddit-comment[thingid="t1_mf1a003"]')!;
    reply.removeAttribute('parentid');
    reply.removeAttribute('depth');
    expect(reddit.extract(reply, ctxFor(POST_URL))).toMatchObject({ kind: 'reply', parentId: 't1_mf1a002' });
    reply.removeAttribute('slot');
    expect(reddit.extract(reply, ctxFor(POST_URL))).toMatchObject({ kind: 'reply', parentId: 't1_mf1a002' });
  });

  it('remembers the post’s author for comments read after the post left the DOM', () => {
    const d = load(IN);
    const memo = new Map<string, string>();
    readAll(d, ctxFor(POST_URL, ['inlaydemo'], memo));
    d.querySelector('shreddit-post')!.remove();
    const again = readAll(d, ctxFor(POST_URL, ['inlaydemo'], memo));
    expect(byId(again, 't1_mf1a005').profile).toBe('inlaydemo');
    const fresh = readAll(d, ctxFor(POST_URL));
    expect(byId(fresh, 't1_mf1a005').profile).toBeNull();
  });

  it('odd markup is not an item and never throws', () => {
    const d = load(IN);
    const bogus = d.createElement('shreddit-comment');
    bogus.setAttribute('thingid', 'not-an-id');
    expect(reddit.extract(bogus, ctxFor(POST_URL))).toBeNull();
    expect(reddit.extract(d.body, ctxFor(POST_URL))).toBeNull();
    expect(reddit.actionRow(d.body)).toBeNull();
  });
});

/* ----------------------------------------------------- shreddit, logged out */

describe('reddit: the same post, logged out (shreddit)', () => {
  const doc = load(OUT);
  const rows = readAll(doc, ctxFor(POST_URL));
  const loggedIn = readAll(load(IN), ctxFor(POST_URL));

  it('reads the same items as logged in; times come from `created` (+0000, microseconds)', () => {
    const strip = (r: Rows) => r.map(({ item }) => item && { ...item, siteTimestamp: null });
    expect(strip(rows)).toEqual(strip(loggedIn));
    expect(byId(rows, 't1_mf1a001').siteTimestamp).toBe('2026-03-02T15:20:00.250Z');
    expect(byId(rows, 't1_mf1a003').siteTimestamp).toBe('2026-03-02T16:01:30.500Z');
    expect(byId(rows, 't1_mf1a007').siteTimestamp).toBe('2026-03-02T17:05:00.000Z');
  });

  it('shows no logged-in account', () => {
    expect(reddit.detectLoggedInHandle(doc)).toBeNull();
  });

  it('nothing is inbound when the post is not one of ours', () => {
    const theirs = readAll(load(OUT), ctxFor(POST_URL, ['someoneelse']));
    expect(ids(theirs, (i) => reddit.isInbound(i, { page: 'post', profiles: ['someoneelse'] }))).toEqual([]);
    expect(byId(theirs, 't1_mf1a001').profile).toBeNull();
  });
});

/* ------------------------------------------------------------- old reddit */

describe('reddit: someone else’s post on old reddit', () => {
  const doc = load(OLD);
  const rows = readAll(doc, ctxFor(OLD_URL));

  it('reads the post and the comment tree', () => {
    expect(byId(rows, 't3_1j3oldr')).toMatchObject({
      kind: 'post',
      profile: null,
      author: { handle: 'pixelharbor' },
      siteTimestamp: '2026-03-04T09:00:00.000Z',
      permalink: 'https://www.reddit.com/r/PlannerApp/comments/1j3oldr/does_the_planner_sync_with_old_phones/',
    });
    expect(byId(rows, 't1_mf2b001')).toEqual({
      platform: 'reddit',
      nativeId: 't1_mf2b001',
      kind: 'comment',
      profile: null,
      author: { handle: 'mapleowl', name: null, url: 'https://www.reddit.com/user/mapleowl/' },
      text: 'Does it sync with an old Android phone?',
      permalink: 'https://www.reddit.com/r/PlannerApp/comments/1j3oldr/does_the_planner_sync_with_old_phones/mf2b001/',
      siteTimestamp: '2026-03-04T09:12:00.000Z',
      parentId: 't3_1j3oldr',
      threadId: 't3_1j3oldr',
      lang: null,
    });
    expect(byId(rows, 't1_mf2b002')).toMatchObject({
      kind: 'reply',
      parentId: 't1_mf2b001',
      text: 'Yes, Android 9 and newer.\nOlder versions can still export to a calendar file.',
      siteTimestamp: '2026-03-04T09:40:00.000Z', // posted, not the edit time
    });
    expect(byId(rows, 't1_mf2b003')).toMatchObject({ kind: 'reply', parentId: 't1_mf2b002' });
    expect(byId(rows, 't1_mf2b004')).toMatchObject({ kind: 'comment', parentId: 't3_1j3oldr' });
  });

  it('nothing is inbound for us; our comment there is an own reply', () => {
    expect(ids(rows, (i) => reddit.isInbound(i, POLICY))).toEqual([]);
    expect(ids(rows, (i) => reddit.isOwnReply!(i, POLICY))).toEqual(['t1_mf2b002']);
  });

  it('for the post’s author every other comment is inbound', () => {
    const theirs = readAll(load(OLD), ctxFor(OLD_URL, ['pixelharbor']));
    expect(ids(theirs, (i) => reddit.isInbound(i, { page: 'post', profiles: ['pixelharbor'] }))).toEqual([
      't1_mf2b001',
      't1_mf2b002',
      't1_mf2b003',
      't1_mf2b004',
    ]);
  });

  it('a reply shown without its parent (deep link) takes the parent from its "parent" link', () => {
    const d = load(OLD);
    const reply = d.getElementById('thing_t1_mf2b003')!;
    d.getElementById('siteTable_t3_1j3oldr')!.replaceChildren(reply);
    const r = readAll(d, ctxFor(OLD_URL + 'mf2b003/'));
    expect(byId(r, 't1_mf2b003')).toMatchObject({ kind: 'reply', parentId: 't1_mf2b002' });
  });

  it('the overlay goes after the thing’s own buttons, not a nested reply’s', () => {
    const row = reddit.actionRow(elOf(rows, 't1_mf2b001'))!;
    expect(row.matches('ul.flat-list.buttons')).toBe(true);
    expect(row.closest('.thing')!.getAttribute('data-fullname')).toBe('t1_mf2b001');
  });

  it('detects the logged-in account from the header', () => {
    expect(reddit.detectLoggedInHandle(doc)).toBe('inlaydemo');
  });
});

/* ------------------------------------------------------ 2018–2023 redesign */

describe('reddit: our post in the 2018–2023 redesign (derived from a real capture)', () => {
  const doc = load(RD);
  const rows = readAll(doc, ctxFor(RD_URL));

  it('reads the rows: parent from the thread lines, no absolute time', () => {
    expect(byId(rows, 't1_mf3c002')).toEqual({
      platform: 'reddit',
      nativeId: 't1_mf3c002',
      kind: 'reply',
      profile: 'inlaydemo',
      author: { handle: 'inlaydemo', name: null, url: 'https://www.reddit.com/user/inlaydemo/' },
      text: 'Yes, the tablet layout is in beta now.\nJoin the beta from the settings screen.',
      permalink: 'https://www.reddit.com/r/PlannerApp/comments/1j4rdsn/comment/mf3c002/',
      siteTimestamp: null,
      parentId: 't1_mf3c001',
      threadId: 't3_1j4rdsn',
      lang: null,
    });
    expect(byId(rows, 't1_mf3c003')).toMatchObject({ kind: 'reply', parentId: 't1_mf3c001' });
    expect(byId(rows, 't1_mf3c005')).toMatchObject({
      kind: 'comment',
      parentId: 't3_1j4rdsn',
      text: 'The new widgets look great on my phone 🌊',
    });
    expect(byId(rows, 't3_1j4rdsn')).toMatchObject({
      kind: 'post',
      author: { handle: 'inlaydemo' },
      profile: 'inlaydemo',
    });
  });

  it('inbound: others’ comments on our post; the removed one and our reply are not', () => {
    expect(ids(rows, (i) => reddit.isInbound(i, POLICY))).toEqual(['t1_mf3c001', 't1_mf3c003', 't1_mf3c005']);
    expect(byId(rows, 't1_mf3c004').author.handle).toBeNull();
    expect(ids(rows, (i) => reddit.isOwnReply!(i, POLICY))).toEqual(['t1_mf3c002']);
  });

  it('without thread lines the parent is the nearest earlier row one level up', () => {
    const d = load(RD);
    for (const line of d.querySelectorAll('.threadline')) line.remove();
    const r = readAll(d, ctxFor(RD_URL));
    expect(byId(r, 't1_mf3c003')).toMatchObject({ kind: 'reply', parentId: 't1_mf3c001' });
    expect(byId(r, 't1_mf3c005')).toMatchObject({ kind: 'comment' });
  });

  it('the overlay goes after the vote/share row', () => {
    const row = reddit.actionRow(elOf(rows, 't1_mf3c001'))!;
    expect(row.querySelector('#vote-arrows-t1_mf3c001')).not.toBeNull();
    expect(reddit.detectLoggedInHandle(doc)).toBeNull();
  });
});

/* ---------------------------------------------------------------- composer */

/** Run the fixture's stand-in script (the page's own JS in the wild) against a happy-dom document. */
function withStandIn(fixture: string): Document {
  const doc = load(fixture, 'happy-dom');
  const html = source(fixture);
  const start = html.lastIndexOf('<script>');
  const code = start < 0 ? null : html.slice(start + '<script>'.length, html.indexOf('</script>', start));
  if (!code) throw new Error('no stand-in script');
  new Function('document', code)(doc);
  return doc;
}

describe('reddit: the native reply box (Lexical)', () => {
  const ctx = ctxFor(POST_URL);

  it('opens the comment’s reply box and finds its submit button, which input enables', async () => {
    const doc = withStandIn(IN);
    expect(reddit.composer!.editor).toBe('lexical');
    const el = doc.querySelector('shreddit-comment[thingid="t1_mf1a004"]')!; // button[slot="comment-reply"] variant
    const editor = (await reddit.composer!.open(el, 1000))!;
    expect(editor).not.toBeNull();
    expect(editor.matches('div[contenteditable="true"][data-lexical-editor="true"][role="textbox"]')).toBe(true);
    expect(editor.closest('shreddit-comment')).toBe(el);
    expect(editor.getAttribute('aria-label')).toBe('Reply to tidepool');
    const send = reddit.composer!.sendButton(editor) as HTMLButtonElement;
    expect(send.getAttribute('type')).toBe('submit');
    expect(send.disabled).toBe(true);
    editor.textContent = 'Thanks, we are on it.';
    editor.dispatchEvent(new Event('input', { bubbles: true }));
    expect(send.disabled).toBe(false);
    // a second open returns the box already there, without a second click
    expect(await reddit.composer!.open(el, 200)).toBe(editor);
    expect(el.querySelectorAll(':scope > shreddit-composer')).toHaveLength(1);
  });

  it('a nested reply gets its own box, not its parent’s', async () => {
    const doc = withStandIn(IN);
    const parent = doc.querySelector('shreddit-comment[thingid="t1_mf1a001"]')!;
    const child = doc.querySelector('shreddit-comment[thingid="t1_mf1a002"]')!;
    const first = await reddit.composer!.open(child, 1000);
    expect(first?.closest('shreddit-comment')).toBe(child);
    const second = await reddit.composer!.open(parent, 1000);
    expect(second?.closest('shreddit-comment')).toBe(parent);
    expect(second).not.toBe(first);
  });

  it('finds a reply button that lives in the action row’s shadow root', async () => {
    const doc = withStandIn(IN);
    const el = doc.querySelector('shreddit-comment[thingid="t1_mf1a005"]')!;
    const row = el.querySelector(':scope > shreddit-comment-action-row')!;
    row.querySelector('faceplate-tracker[noun="reply_comment"]')!.remove();
    const shadow = row.attachShadow({ mode: 'open' });
    const tracker = doc.createElement('faceplate-tracker');
    tracker.setAttribute('noun', 'reply_comment');
    const button = doc.createElement('button');
    button.textContent = 'Reply';
    tracker.append(button);
    shadow.append(tracker);
    let clicked = 0;
    button.addEventListener('click', () => clicked++);
    const editor = await reddit.composer!.open(el, 1000);
    expect(clicked).toBe(1);
    expect(editor?.closest('shreddit-comment')).toBe(el);
  });

  it('the post opens the "Join the conversation" box', async () => {
    const doc = withStandIn(IN);
    const postEl = doc.querySelector('shreddit-post')!;
    const editor = await reddit.composer!.open(postEl, 1000);
    expect(editor?.closest('comment-composer-host')).not.toBeNull();
    expect(editor?.closest('shreddit-comment')).toBeNull();
  });

  it('resolves null when no box appears, and for old reddit (a textarea, another editor kind)', async () => {
    const doc = load(IN, 'happy-dom'); // without the stand-in, a click does nothing
    const el = doc.querySelector('shreddit-comment[thingid="t1_mf1a001"]')!;
    expect(await reddit.composer!.open(el, 100)).toBeNull();
    const old = load(OLD, 'happy-dom');
    expect(await reddit.composer!.open(old.getElementById('thing_t1_mf2b001')!, 100)).toBeNull();
    expect(reddit.extract(el, ctx)?.nativeId).toBe('t1_mf1a001');
  });

  it('with a shadow root that renders only named slots, the overlay anchors inside the slotted body', () => {
    const doc = load(IN, 'happy-dom');
    const el = doc.querySelector('shreddit-comment[thingid="t1_mf1a001"]')!;
    expect(reddit.actionRow(el)?.localName).toBe('shreddit-comment-action-row');
    const shadow = el.attachShadow({ mode: 'open' });
    for (const name of ['commentMeta', 'comment', 'actionRow']) {
      const slot = doc.createElement('slot');
      slot.setAttribute('name', name);
      shadow.append(slot);
    }
    const anchor = reddit.actionRow(el)!;
    expect(anchor.parentElement?.getAttribute('slot')).toBe('comment');
    shadow.append(doc.createElement('slot')); // a default slot renders unslotted children again
    expect(reddit.actionRow(el)?.localName).toBe('shreddit-comment-action-row');
  });
});

/* ---------------------------------------------------------- selector packs */

describe('reddit: selector packs are data', () => {
  it('an override replaces a named array; invalid or unknown entries are ignored', () => {
    const doc = load(IN);
    const renamed = createRedditAdapter().withSelectors({
      comment: [{ css: 'shreddit-comment[thingid][depth="0"]', seen: '2026-03' }],
      nope: [{ css: 'div', seen: '2026-03' }],
    });
    expect(renamed.selectors.comment).toEqual([{ css: 'shreddit-comment[thingid][depth="0"]', seen: '2026-03' }]);
    expect(renamed.findItems(doc)).toHaveLength(5); // the post and the 4 top-level comments
    expect(Object.keys(renamed.selectors)).toEqual(Object.keys(REDDIT_SELECTORS));
    const broken = createRedditAdapter().withSelectors({ comment: [{ css: '', seen: 'yesterday' }] });
    expect(broken.selectors.comment).toEqual(REDDIT_SELECTORS.comment);
    const validate = (sel: string) => {
      try {
        doc.querySelector(sel);
        return true;
      } catch {
        return false;
      }
    };
    const bad = mergeSelectors(REDDIT_SELECTORS, { commentBody: [{ css: 'div[unclosed', seen: '2026-03' }] }, validate);
    expect(bad.commentBody).toEqual(REDDIT_SELECTORS.commentBody);
  });

  it('every selector entry is dated and none keys on generated class names', () => {
    for (const [name, entries] of Object.entries(REDDIT_SELECTORS)) {
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.seen, name).toMatch(/^\d{4}-\d{2}$/);
        // Reddit's generated classes: `_1abcDEF…` hashes, Tailwind utilities are never keys either
        expect(e.css, name).not.toMatch(/\.(_[\w-]{5,}|[A-Za-z0-9-]*[A-Z][\w-]*[0-9][\w-]*)/);
      }
    }
  });
});
