// @vitest-environment happy-dom
/**
 * The YouTube adapter on its saved pages: page predicates, expected counts
 * (read with two DOM engines), every field of named comments and replies, the
 * capture policy, own-reply detection, the composer (with the fixture's
 * stand-in for YouTube's own script), robustness to odd markup, and selector
 * overrides.
 */
import { byId, elOf, fixtureCounts } from './fixture-support';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { mergeSelectors, type ExtractContext, type FixtureExpectation } from '../../extension/sites/types';
import {
  channelOfHref,
  createYouTubeAdapter,
  videoOfUrl,
  youtube,
  YOUTUBE_SELECTORS,
} from '../../extension/sites/youtube';

const ROOT = resolve(import.meta.dirname, '../..');
const OURS_FIXTURE = 'test/fixtures/youtube/watch-ours.html';
const THEIRS_FIXTURE = 'test/fixtures/youtube/watch-not-ours-legacy.html';
const OURS = 'https://www.youtube.com/watch?v=Dm0InLay001';
const THEIRS = 'https://www.youtube.com/watch?v=Px4rBoR0002';
const T1 = 'UgxMapleOwl1a2b3c4d5e6f4AaABAg';
const T2 = 'UgzInlayDemoPin0000001a4AaABAg';
const L1 = 'UgwQuietFernLegacy0001a4AaABAg';

const html = (fixture: string) => readFileSync(resolve(ROOT, fixture), 'utf8');

/** linkedom, like the X adapter's tests. */
function load(fixture: string): Document {
  return parseHTML(html(fixture)).document as unknown as Document;
}

/** happy-dom's own parser: a second selector engine for the same pages. */
function loadHappy(fixture: string): Document {
  return new DOMParser().parseFromString(html(fixture), 'text/html');
}

function ctxFor(url: string, profiles: readonly string[] = ['inlaydemo']): ExtractContext {
  const u = new URL(url);
  return { url: u, page: youtube.pageKind(u) ?? 'none', profiles, memo: new Map() };
}

function readAll(doc: Document, ctx: ExtractContext, adapter = youtube) {
  return adapter.findItems(doc).map((el) => ({ el, item: adapter.extract(el, ctx) }));
}

describe('youtube: page predicates', () => {
  for (const [kind, spec] of Object.entries(youtube.pages)) {
    it.each(spec.examples.accept)(`${kind} accepts %s`, (url) => {
      expect(youtube.pageKind(new URL(url))).toBe(kind);
    });
    it.each(spec.examples.reject)(`${kind} rejects %s`, (url) => {
      expect(spec.test(new URL(url))).toBe(false);
    });
  }

  it('every page spec rejects the other six sites', () => {
    for (const spec of Object.values(youtube.pages)) {
      const hosts = spec.examples.reject.map((u) => new URL(u).hostname);
      for (const h of [
        'x.com',
        'www.linkedin.com',
        'www.reddit.com',
        'www.facebook.com',
        'www.instagram.com',
        'www.tiktok.com',
      ])
        expect(hosts).toContain(h);
    }
  });

  it('reads the video id from watch, live and shorts URLs', () => {
    expect(videoOfUrl(new URL('https://www.youtube.com/watch?t=4&v=Dm0InLay001&lc=Ugx'))).toEqual({
      page: 'watch',
      id: 'Dm0InLay001',
    });
    expect(videoOfUrl(new URL('https://www.youtube.com/live/Dm0InLay001'))).toEqual({
      page: 'watch',
      id: 'Dm0InLay001',
    });
    expect(videoOfUrl(new URL('https://www.youtube.com/shorts/Dm0InLay002'))).toEqual({
      page: 'shorts',
      id: 'Dm0InLay002',
    });
  });

  it('reads channel links: /@handle and /channel/UC…, nothing else', () => {
    expect(channelOfHref('/@inlaydemo')).toEqual({ handle: 'inlaydemo', channelId: null });
    expect(channelOfHref('https://www.youtube.com/@%E3%81%82%E3%81%84')).toEqual({ handle: 'あい', channelId: null });
    expect(channelOfHref('/channel/UCmapleOwlLegacy000000A0')).toEqual({
      handle: null,
      channelId: 'UCmapleOwlLegacy000000A0',
    });
    expect(channelOfHref('/channel/UCmapleOwlLegacy000000A0/join')).toBeNull();
    expect(channelOfHref('/@inlaydemo/videos')).toBeNull();
    expect(channelOfHref('https://studio.youtube.com/video/Dm0InLay001/edit')).toBeNull();
    expect(channelOfHref('/watch?v=Dm0InLay001')).toBeNull();
  });
});

function counts(doc: Document, exp: FixtureExpectation): Record<string, number> {
  const ctx = ctxFor(exp.url, exp.profiles);
  const rows = readAll(doc, ctx);
  const policy = { page: ctx.page, profiles: exp.profiles };
  const got = fixtureCounts(youtube, doc, exp, rows, policy);
  return got;
}

describe('youtube: expected counts on fixtures', () => {
  const cases = youtube.expected.map((e): [string, FixtureExpectation] => [e.fixture, e]);
  it.each(cases)('%s (linkedom)', (_name, exp) => {
    expect(counts(load(exp.fixture), exp)).toEqual(exp.counts);
  });
  it.each(cases)('%s (happy-dom)', (_name, exp) => {
    expect(counts(loadHappy(exp.fixture), exp)).toEqual(exp.counts);
  });
  it('every fixture says in its header that it was built, where it is served and that the script is a stand-in', () => {
    for (const exp of youtube.expected) {
      const head = html(exp.fixture).slice(0, 3000);
      expect(head).toContain('BUILT, NOT CAPTURED');
      expect(head).toContain(`Served at ${exp.url}`);
      expect(head).toContain('STAND-IN');
    }
  });
});

describe('youtube: a watch page of our own video (watch-ours)', () => {
  const doc = load(OURS_FIXTURE);
  const ctx = ctxFor(OURS);
  const rows = readAll(doc, ctx);
  const policy = { page: 'watch', profiles: ['inlaydemo'] };

  it('reads a top-level comment with every field', () => {
    expect(byId(rows, T1)).toEqual({
      platform: 'youtube',
      nativeId: T1,
      kind: 'comment',
      profile: 'inlaydemo',
      author: { handle: 'mapleowl', name: null, url: 'https://www.youtube.com/@mapleowl', verified: false },
      text: 'The calendar export stopped working after the update. Is a fix coming?',
      permalink: `https://www.youtube.com/watch?v=Dm0InLay001&lc=${T1}`,
      siteTimestamp: null, // "2 days ago": no guess
      parentId: null,
      threadId: 'Dm0InLay001',
      lang: null,
    });
  });

  it('reads a reply with its parent (the thread’s top comment) and a reply id of the form parent.reply', () => {
    expect(byId(rows, `${T1}.AbC1dEf2GhI3jKl4MnO6rS`)).toEqual({
      platform: 'youtube',
      nativeId: `${T1}.AbC1dEf2GhI3jKl4MnO6rS`,
      kind: 'reply',
      profile: 'inlaydemo',
      author: { handle: 'tidepool', name: null, url: 'https://www.youtube.com/@tidepool', verified: false },
      text: 'Same here on Android, glad it is known.',
      permalink: `https://www.youtube.com/watch?v=Dm0InLay001&lc=${T1}.AbC1dEf2GhI3jKl4MnO6rS`,
      siteTimestamp: null,
      parentId: T1,
      threadId: 'Dm0InLay001',
      lang: null,
    });
  });

  it('reads the owner’s reply (author text hidden behind the owner badge) as our own reply', () => {
    const own = byId(rows, `${T1}.AbC1dEf2GhI3jKl4MnO5pQ`);
    expect(own).toMatchObject({
      kind: 'reply',
      parentId: T1,
      author: { handle: 'inlaydemo', url: 'https://www.youtube.com/@inlaydemo' },
      text: '@mapleowl Thanks for flagging it! The fix ships with 4.2 on Friday.',
    });
    expect(youtube.isOwnReply!(own, policy)).toBe(true);
    expect(youtube.isInbound(own, policy)).toBe(false);
  });

  it('the owner’s pinned top comment is ours, not inbound and not a reply; the reply under it is inbound', () => {
    const pinned = byId(rows, T2);
    expect(pinned).toMatchObject({ kind: 'comment', parentId: null, author: { handle: 'inlaydemo' } });
    expect(youtube.isInbound(pinned, policy)).toBe(false);
    expect(youtube.isOwnReply!(pinned, policy)).toBe(false);
    const under = byId(rows, `${T2}.AbC9xYz8WvU7tSr6QpO5nM`);
    expect(under).toMatchObject({ kind: 'reply', parentId: T2, author: { handle: 'harbor_lights' } });
    expect(youtube.isInbound(under, policy)).toBe(true);
  });

  it('keeps custom emoji (alt text), line breaks, timestamps links and markup-looking text as plain text', () => {
    expect(byId(rows, 'UgyQuietFern00000000001a4AaABAg').text).toBe(
      'Loved the walkthrough, very clear :hand-pink-waving:',
    );
    const hostile = byId(rows, 'UgwPixelHarbor000000001a4AaABAg');
    expect(hostile.text).toBe('<img src=x onerror=alert(1)> any chance of a Linux build? See 1:15');
    expect(hostile.author.verified).toBe(true);
    expect(byId(rows, 'UgzBrightKite00000000001a4AaABAg').text).toBe(
      'Two wishes:\n1. widgets on the lock screen\n2. a yearly view',
    );
  });

  it('comments and replies from others are inbound, in page order; ours are not', () => {
    const inbound = rows.filter((r) => r.item && youtube.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual([
      T1,
      `${T1}.AbC1dEf2GhI3jKl4MnO6rS`,
      `${T1}.AbC1dEf2GhI3jKl4MnO7tU`,
      `${T2}.AbC9xYz8WvU7tSr6QpO5nM`,
      'UgyQuietFern00000000001a4AaABAg',
      'UgwPixelHarbor000000001a4AaABAg',
      'UgzBrightKite00000000001a4AaABAg',
    ]);
  });

  it('compares handles case-insensitively, with or without @, and needs a profile to call anything inbound', () => {
    const upper = readAll(load(OURS_FIXTURE), ctxFor(OURS, ['@InlayDemo']));
    const upperPolicy = { page: 'watch', profiles: ['@InlayDemo'] };
    expect(upper.filter((r) => r.item && youtube.isInbound(r.item, upperPolicy))).toHaveLength(7);
    const none = readAll(load(OURS_FIXTURE), ctxFor(OURS, []));
    expect(none.every((r) => r.item?.profile === null)).toBe(true);
    expect(none.filter((r) => r.item && youtube.isInbound(r.item, { page: 'watch', profiles: [] }))).toHaveLength(0);
    // the policy only applies on comment pages
    expect(youtube.isInbound(byId(rows, T1), { page: 'other', profiles: ['inlaydemo'] })).toBe(false);
  });

  it('puts the overlay after the toolbar holding the Reply button', () => {
    for (const { el } of rows) {
      const row = youtube.actionRow(el);
      expect(row?.id).toBe('toolbar');
      expect(row?.querySelector('#reply-button-end')).not.toBeNull();
      expect(el.contains(row!)).toBe(true);
    }
  });

  it('detects the signed-in channel from the owner tools YouTube shows on our own video', () => {
    expect(youtube.detectLoggedInHandle(doc)).toBe('inlaydemo');
    const copy = load(OURS_FIXTURE);
    for (const a of copy.querySelectorAll('a[href^="https://studio.youtube.com/"]')) a.remove();
    expect(youtube.detectLoggedInHandle(copy)).toBeNull();
  });

  it('reads the owner from the watch metadata, not from channel links elsewhere (sidebar, badges)', () => {
    const copy = load(OURS_FIXTURE);
    copy.querySelector('ytd-watch-metadata')!.remove();
    const orphan = readAll(copy, ctxFor(OURS));
    expect(orphan.every((r) => r.item?.profile === null)).toBe(true);
  });
});

describe('youtube: someone else’s video in the older markup (watch-not-ours-legacy)', () => {
  const doc = load(THEIRS_FIXTURE);
  const rows = readAll(doc, ctxFor(THEIRS));
  const policy = { page: 'watch', profiles: ['inlaydemo'] };

  it('nothing is inbound when the video is not ours', () => {
    expect(rows.filter((r) => r.item && youtube.isInbound(r.item, policy))).toHaveLength(0);
    expect(byId(rows, L1).profile).toBeNull();
  });

  it('our reply on their video is still our own reply (to the thread’s top comment)', () => {
    const own = byId(rows, `${L1}.9xLeGaCy02Ij6Kl7Mn8Op9`);
    expect(own).toEqual({
      platform: 'youtube',
      nativeId: `${L1}.9xLeGaCy02Ij6Kl7Mn8Op9`,
      kind: 'reply',
      profile: null,
      author: { handle: 'inlaydemo', name: null, url: 'https://www.youtube.com/@inlaydemo', verified: false },
      text: '@quietfern we used the same lens for our product shots, happy to share the settings.',
      permalink: `https://www.youtube.com/watch?v=Px4rBoR0002&lc=${L1}.9xLeGaCy02Ij6Kl7Mn8Op9`,
      siteTimestamp: null,
      parentId: L1,
      threadId: 'Px4rBoR0002',
      lang: null,
    });
    expect(youtube.isOwnReply!(own, policy)).toBe(true);
    const owners = rows.filter((r) => r.item && youtube.isOwnReply!(r.item, policy)).map((r) => r.item!.nativeId);
    expect(owners).toEqual([`${L1}.9xLeGaCy02Ij6Kl7Mn8Op9`]);
  });

  it('reads ytd-comment-renderer comments, the class-based time link and a channel without a handle', () => {
    expect(byId(rows, 'UgxMapleOwlLegacy00001a4AaABAg')).toMatchObject({
      kind: 'comment',
      author: { handle: null, name: 'Maple Owl', url: 'https://www.youtube.com/channel/UCmapleOwlLegacy000000A0' },
      text: 'Subscribed for the next part!',
    });
    expect(byId(rows, 'UgyBrightKiteLegacy001a4AaABAg').text).toBe(
      'The soldering part was the best\nmore of that please #macro',
    );
    expect(byId(rows, `${L1}.9xLeGaCy01Ab2Cd3Ef4Gh5`)).toMatchObject({
      kind: 'reply',
      parentId: L1,
      author: { handle: 'pixelharbor' },
    });
  });

  it('a comment Polymer has not finished stamping (no time link) is found but not read', () => {
    const unread = rows.filter((r) => r.item === null);
    expect(unread).toHaveLength(1);
    expect(unread[0]!.el.textContent).toContain('First time here');
  });

  it('the owner comes from the older owner block: with their channel as our profile, their comments are inbound', () => {
    const asOwner = readAll(load(THEIRS_FIXTURE), ctxFor(THEIRS, ['pixelharbor']));
    const ownerPolicy = { page: 'watch', profiles: ['pixelharbor'] };
    const inbound = asOwner
      .filter((r) => r.item && youtube.isInbound(r.item, ownerPolicy))
      .map((r) => r.item!.nativeId);
    expect(inbound).toEqual([
      L1,
      `${L1}.9xLeGaCy02Ij6Kl7Mn8Op9`,
      'UgxMapleOwlLegacy00001a4AaABAg',
      'UgzPixelHarborPin00001a4AaABAg.9xLeGaCy03Qr0St1Uv2Wx3',
      'UgyBrightKiteLegacy001a4AaABAg',
    ]);
    // a profile configured by channel id matches a commenter without a handle
    const byChannel = { page: 'watch', profiles: ['pixelharbor', 'UCmapleOwlLegacy000000A0'] };
    expect(youtube.isInbound(byId(asOwner, 'UgxMapleOwlLegacy00001a4AaABAg'), byChannel)).toBe(false);
  });

  it('detects the signed-in channel from the account menu', () => {
    expect(youtube.detectLoggedInHandle(doc)).toBe('inlaydemo');
  });

  it('puts the overlay after the older toolbar', () => {
    for (const { el } of rows)
      expect(youtube.actionRow(el)?.closest('ytd-comment-action-buttons-renderer')).not.toBeNull();
  });
});

describe('youtube: odd markup', () => {
  it('a reply whose thread lost its top comment takes the parent from its own id', () => {
    const doc = load(OURS_FIXTURE);
    const top = doc.querySelector(`a[href$="lc=${T1}"]`)!.closest('ytd-comment-view-model')!;
    top.remove();
    const rows = readAll(doc, ctxFor(OURS));
    expect(byId(rows, `${T1}.AbC1dEf2GhI3jKl4MnO6rS`)).toMatchObject({ kind: 'reply', parentId: T1 });
  });

  it('a reply id without the parent prefix takes the parent from the thread’s top comment', () => {
    const doc = load(OURS_FIXTURE);
    const a = doc.querySelector(`a[href$="lc=${T1}.AbC1dEf2GhI3jKl4MnO6rS"]`)!;
    a.setAttribute('href', '/watch?v=Dm0InLay001&lc=UgxStandaloneReplyId0004AaABAg');
    const rows = readAll(doc, ctxFor(OURS));
    expect(byId(rows, 'UgxStandaloneReplyId0004AaABAg')).toMatchObject({ kind: 'reply', parentId: T1 });
  });

  it('replies nested in a sub-thread (2025 threaded replies) are replies to the top-level comment', () => {
    const doc = load(OURS_FIXTURE);
    const reply = doc.querySelector(`a[href$="lc=${T1}.AbC1dEf2GhI3jKl4MnO7tU"]`)!.closest('ytd-comment-view-model')!;
    const sub = doc.createElement('ytd-comment-thread-renderer');
    reply.replaceWith(sub);
    sub.append(reply);
    const rows = readAll(doc, ctxFor(OURS));
    expect(rows).toHaveLength(9);
    expect(byId(rows, `${T1}.AbC1dEf2GhI3jKl4MnO7tU`)).toMatchObject({ kind: 'reply', parentId: T1 });
    expect(byId(rows, T1)).toMatchObject({ kind: 'comment', parentId: null });
  });

  it('on a Short the owner is the channel of the Short on screen', () => {
    const doc = parseHTML(`<html><body>
      <ytd-shorts><div id="shorts-inner-container">
        <ytd-reel-video-renderer><ytd-channel-name><a href="/@pixelharbor">@pixelharbor</a></ytd-channel-name></ytd-reel-video-renderer>
        <ytd-reel-video-renderer is-active=""><ytd-channel-name><a href="/@inlaydemo">@inlaydemo</a></ytd-channel-name></ytd-reel-video-renderer>
      </div></ytd-shorts>
      <ytd-engagement-panel-section-list-renderer target-id="engagement-panel-comments-section"><ytd-comments>
        <ytd-comment-thread-renderer><ytd-comment-view-model id="comment"><div id="header-author">
          <h3><a id="author-text" href="/@mapleowl"><span>@mapleowl</span></a></h3>
          <span id="published-time-text"><a href="/shorts/Dm0InLay002?lc=UgyShortComment0000001a4AaABAg">1 hour ago</a></span>
        </div><yt-attributed-string id="content-text"><span>Nice one</span></yt-attributed-string></ytd-comment-view-model></ytd-comment-thread-renderer>
      </ytd-comments></ytd-engagement-panel-section-list-renderer></body></html>`).document as unknown as Document;
    const ctx = ctxFor('https://www.youtube.com/shorts/Dm0InLay002');
    expect(ctx.page).toBe('shorts');
    const [item] = readAll(doc, ctx).map((r) => r.item);
    expect(item).toMatchObject({
      nativeId: 'UgyShortComment0000001a4AaABAg',
      kind: 'comment',
      profile: 'inlaydemo',
      author: { handle: 'mapleowl' },
      text: 'Nice one',
      permalink: 'https://www.youtube.com/watch?v=Dm0InLay002&lc=UgyShortComment0000001a4AaABAg',
      threadId: 'Dm0InLay002',
    });
    expect(youtube.isInbound(item!, { page: 'shorts', profiles: ['inlaydemo'] })).toBe(true);
  });

  it('reads the author from the owner badge when the author link has no channel', () => {
    const doc = load(OURS_FIXTURE);
    const rows = readAll(doc, ctxFor(OURS));
    const el = elOf(rows, T2);
    el.querySelector('#author-text')!.removeAttribute('href');
    expect(youtube.extract(el, ctxFor(OURS))?.author).toMatchObject({
      handle: 'inlaydemo',
      url: 'https://www.youtube.com/@inlaydemo',
    });
  });

  it('takes the video id from the permalink when the URL has none to give', () => {
    const doc = load(OURS_FIXTURE);
    const el = youtube.findItems(doc)[0]!;
    const ctx = { ...ctxFor(OURS), url: new URL('https://www.youtube.com/') };
    expect(youtube.extract(el, ctx)?.threadId).toBe('Dm0InLay001');
  });

  it('ignores retired hidden renderers, finds items under a subtree root, and never throws on odd elements', () => {
    const doc = load(OURS_FIXTURE);
    const all = youtube.findItems(doc);
    const hidden = doc.createElement('ytd-comment-renderer');
    hidden.setAttribute('hidden', '');
    doc.querySelector('ytd-comment-thread-renderer')!.prepend(hidden);
    expect(youtube.findItems(doc)).toEqual(all);
    const thread = doc.querySelector('ytd-comment-thread-renderer')!;
    expect(youtube.findItems(thread)).toHaveLength(4);
    expect(youtube.findItems(all[0]!)).toEqual([all[0]]);
    const ctx = ctxFor(OURS);
    expect(youtube.extract(doc.body, ctx)).toBeNull();
    const loose = doc.createElement('ytd-comment-view-model');
    doc.body.append(loose);
    expect(youtube.extract(loose, ctx)).toBeNull(); // not in a thread
    const empty = doc.createElement('ytd-comment-thread-renderer');
    empty.append(doc.createElement('ytd-comment-view-model'));
    doc.body.append(empty);
    expect(youtube.extract(empty.firstElementChild!, ctx)).toBeNull();
  });
});

describe('youtube: composer', () => {
  function loadPage(fixture: string): void {
    const parsed = new DOMParser().parseFromString(html(fixture), 'text/html');
    document.head.replaceChildren(...Array.from(parsed.head.childNodes, (n) => document.importNode(n, true)));
    document.body.replaceWith(document.importNode(parsed.body, true));
    // the fixture's stand-in for YouTube's own script (happy-dom does not run page scripts)
    const script = document.querySelector('script[data-inlay-stand-in]')!;
    delete (window as unknown as Record<string, unknown>).__inlayYouTubeStandIn;
    new Function(script.textContent ?? '')();
  }

  function commentEl(id: string): Element {
    return document.querySelector(`#published-time-text a[href$="lc=${id}"]`)!.closest('ytd-comment-view-model')!;
  }

  it('is a Polymer contenteditable', () => {
    expect(youtube.composer?.editor).toBe('polymer');
  });

  it('opens the reply box of a comment with its Reply button and finds its Send button', async () => {
    loadPage(OURS_FIXTURE);
    const comment = commentEl(T1);
    const editor = await youtube.composer!.open(comment, 500);
    expect(editor?.id).toBe('contenteditable-root');
    expect(editor?.getAttribute('contenteditable')).toBe('true');
    expect(comment.querySelector('#reply-dialog')!.contains(editor!)).toBe(true);
    const send = youtube.composer!.sendButton(editor!) as HTMLButtonElement;
    expect(send.localName).toBe('button');
    expect(send.closest('#submit-button')).not.toBeNull();
    expect(send.disabled).toBe(true);
    editor!.textContent = 'Thanks, fixed in 4.2';
    editor!.dispatchEvent(new Event('input', { bubbles: true }));
    expect(send.disabled).toBe(false);
    // asking again reuses the open box instead of clicking Reply a second time
    expect(await youtube.composer!.open(comment, 500)).toBe(editor);
    expect(comment.querySelectorAll('ytd-commentbox')).toHaveLength(1);
  });

  it('opens a reply box for a reply too (its own, not its thread’s)', async () => {
    loadPage(OURS_FIXTURE);
    const reply = commentEl(`${T1}.AbC1dEf2GhI3jKl4MnO6rS`);
    const editor = await youtube.composer!.open(reply, 500);
    expect(editor).not.toBeNull();
    expect(editor!.closest('ytd-comment-view-model')).toBe(reply);
  });

  it('opens the top-level box from "Add a comment…" when given no comment', async () => {
    loadPage(OURS_FIXTURE);
    const editor = await youtube.composer!.open(document.querySelector('ytd-comments')!, 500);
    expect(editor?.closest('ytd-comment-simplebox-renderer')).not.toBeNull();
    expect(youtube.composer!.sendButton(editor!)?.getAttribute('aria-label')).toBe('Comment');
  });

  it('works on the older markup (tp-yt-paper-button Reply)', async () => {
    loadPage(THEIRS_FIXTURE);
    const comment = document
      .querySelector(`.published-time-text a[href$="lc=${L1}"]`)!
      .closest('ytd-comment-renderer')!;
    const editor = await youtube.composer!.open(comment, 500);
    expect(editor?.closest('ytd-comment-action-buttons-renderer')).not.toBeNull();
  });

  it('a comment without a Reply button (replies off) opens nothing, not the top-level box', async () => {
    loadPage(OURS_FIXTURE);
    const comment = commentEl(T1);
    comment.querySelector('#reply-button-end')!.remove();
    expect(await youtube.composer!.open(comment, 50)).toBeNull();
    expect(document.querySelector('ytd-commentbox')).toBeNull();
  });

  it('resolves null when YouTube shows no box in time', async () => {
    loadPage(OURS_FIXTURE);
    const comment = commentEl(T1);
    comment.querySelector('#reply-dialog')!.remove(); // the stand-in has nowhere to put the box
    expect(await youtube.composer!.open(comment, 50)).toBeNull();
  });
});

describe('youtube: selector packs are data', () => {
  it('an override replaces a named array; invalid or unknown entries are ignored', () => {
    const doc = load(OURS_FIXTURE);
    const legacyOnly = createYouTubeAdapter().withSelectors({
      item: [{ css: 'ytd-comment-thread-renderer ytd-comment-renderer', seen: '2026-03' }],
      nope: [{ css: 'div', seen: '2026-03' }],
    });
    expect(legacyOnly.findItems(doc)).toHaveLength(0);
    expect(legacyOnly.findItems(load(THEIRS_FIXTURE))).toHaveLength(8);
    expect(Object.keys(legacyOnly.selectors)).toEqual(Object.keys(YOUTUBE_SELECTORS));
    const renamed = createYouTubeAdapter().withSelectors({
      text: [{ css: '#content-text span[role="text"]', seen: '2026-03' }],
    });
    expect(readAll(doc, ctxFor(OURS), renamed).find((r) => r.item?.nativeId === T1)?.item?.text).toBe(
      'The calendar export stopped working after the update. Is a fix coming?',
    );
    const broken = createYouTubeAdapter().withSelectors({ item: [{ css: '', seen: 'yesterday' }] });
    expect(broken.selectors.item).toEqual(YOUTUBE_SELECTORS.item);
    const validate = (sel: string) => {
      try {
        doc.querySelector(sel);
        return true;
      } catch {
        return false;
      }
    };
    const bad = mergeSelectors(YOUTUBE_SELECTORS, { text: [{ css: 'div[unclosed', seen: '2026-03' }] }, validate);
    expect(bad.text).toEqual(YOUTUBE_SELECTORS.text);
  });

  it('every selector entry is dated and none keys on generated class names', () => {
    for (const [name, entries] of Object.entries(YOUTUBE_SELECTORS)) {
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.seen, name).toMatch(/^\d{4}-\d{2}$/);
        expect(e.css, name).not.toMatch(/\.(css|r|x|_a)[-0-9a-z]{4,}|\.yt-spec-|\.style-scope/);
      }
    }
  });
});

describe('youtube: lazy comments and the health check', () => {
  it('expects items only once the comments header shows a count above zero', () => {
    const doc = load('test/fixtures/youtube/watch-ours.html');
    expect(youtube.itemsExpected!(doc, 'watch')).toBe(true);
    const count = doc.querySelector('ytd-comments-header-renderer #count')!;
    count.textContent = '0 Comments';
    expect(youtube.itemsExpected!(doc, 'watch')).toBe(false);
    count.remove(); // not scrolled to yet: the section has not loaded
    expect(youtube.itemsExpected!(doc, 'watch')).toBe(false);
  });
});
