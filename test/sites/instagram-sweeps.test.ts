/**
 * What a sweep asks of the Instagram adapter (docs/sweeps.md), on the saved list pages and small
 * inline pages: which list page each target opens, the activity rows that are items (with the
 * same nativeId the comment gets on its post page), the Direct inbox's conversations, our grid's
 * posts, who is signed in, the login page and the security check, and the expanders a sweep may
 * click (never Like, Reply, Follow, Post or "Hide replies").
 */
import { happyPages } from './fixture-support';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { instagram } from '../../extension/sites/instagram';
import type { ExtractContext } from '../../extension/sites/types';

const { page, html } = happyPages('https://www.instagram.com/notifications/');

function ctx(url: string, profiles: readonly string[] = ['inlaydemo']): ExtractContext {
  const u = new URL(url);
  return { url: u, page: instagram.pageKind(u) ?? 'none', profiles, memo: new Map() };
}

function read(doc: Document, c: ExtractContext): CapturedItem[] {
  return instagram.findItems(doc).flatMap((el) => {
    const item = instagram.extract(el, c);
    return item ? [item] : [];
  });
}

const ACTIVITY = 'https://www.instagram.com/notifications/';
const INBOX = 'https://www.instagram.com/direct/inbox/';
const PROFILE = 'https://www.instagram.com/inlaydemo/';
const POST = 'https://www.instagram.com/p/DInLay0001a/';
const NAV = `<nav><a href="/explore/">Explore</a><a href="/inlaydemo/"><img alt="">Profile</a></nav>`;

describe('instagram: sweep pages', () => {
  it('opens activity, the Direct inbox and the profile grid', () => {
    expect(instagram.sweepPage!('notifications', 'inlaydemo')).toBe(ACTIVITY);
    expect(instagram.sweepPage!('dms', 'inlaydemo')).toBe(INBOX);
    expect(instagram.sweepPage!('posts', '@inlaydemo')).toBe(PROFILE);
    expect(instagram.sweepPage!('posts', 'explore')).toBeNull();
    expect(instagram.sweepPage!('posts', 'not a handle')).toBeNull();
    for (const kind of ['notifications', 'dms', 'posts'] as const) {
      const url = instagram.sweepPage!(kind, 'inlaydemo')!;
      expect([kind, instagram.pageKind(new URL(url))]).toEqual([
        kind,
        { notifications: 'notifications', dms: 'inbox', posts: 'profile' }[kind],
      ]);
    }
    // a conversation the inbox links is read as its own page kind (instagram-dm.test.ts)
    expect(
      instagram.pageKind(new URL('https://www.instagram.com/direct/t/340282366841710300949128000000000001/')),
    ).toBe('dm');
    expect([instagram.pages.inbox!.expectsItems, instagram.pages.profile!.expectsItems]).toEqual([false, false]);
  });
});

describe('instagram: activity', () => {
  const doc = () => page('test/fixtures/instagram/notifications.html', ACTIVITY);

  it('reads comments, replies and mentions by others as items; likes, follows and aggregates are not', () => {
    const items = read(doc(), ctx(ACTIVITY));
    expect(items.map((i) => [i.nativeId, i.kind, i.author.handle, i.text])).toEqual([
      ['17900000000000101', 'comment', 'mapleowl', 'Do you ship the A5 planner to Norway?'],
      ['17900000000000111', 'reply', 'jonas.brenner', 'Danke, das hilft!'],
      ['17800000000000209', 'mention', 'lea.martin', '@inlaydemo regarde ce carnet !'],
      ['17900000000000201', 'comment', 'tomasz.wrona', 'How long does shipping take?'],
    ]);
    expect(items[0]).toMatchObject({
      profile: 'inlaydemo',
      permalink: 'https://www.instagram.com/p/DInLay0001a/c/17900000000000101/',
      siteTimestamp: '2026-03-02T10:15:00.000Z',
      threadId: 'DInLay0001a',
      parentId: null,
    });
    expect(items[3]!.permalink).toBe('https://www.instagram.com/reel/DInLay0002b/c/17900000000000201/');
    const policy = { page: 'notifications', profiles: ['inlaydemo'] };
    expect(items.every((i) => instagram.isInbound(i, policy))).toBe(true);
    expect(instagram.itemsExpected!(doc(), 'notifications')).toBe(true);
  });

  it('gives a comment and a reply the nativeId, parent and thread they get on the post page', () => {
    const onPost = read(page('test/fixtures/instagram/post-ours.html', POST), ctx(POST));
    const fromActivity = read(doc(), ctx(ACTIVITY));
    for (const id of ['17900000000000101', '17900000000000111']) {
      const a = onPost.find((i) => i.nativeId === id)!;
      const b = fromActivity.find((i) => i.nativeId === id)!;
      expect([id, b.parentId, b.threadId]).toEqual([id, a.parentId, a.threadId]);
    }
    // and the activity rows are not taken for comments of a post page
    expect(read(doc(), ctx(POST))).toEqual([]);
  });

  it('a like on our comment links the comment too, and is still not an item', () => {
    const row = (words: string) =>
      html(`${NAV}<main><div><div><a href="/sam.ortega/"><img alt=""></a></div>
        <span dir="auto"><a href="/sam.ortega/">sam.ortega</a> ${words} <time datetime="2026-03-01T21:00:00Z">15h</time></span>
        <div><a href="/p/DInLay0001a/c/17900000000000105/"><img alt=""></a></div></div></main>`);
    expect(read(row('liked your comment: Thanks!'), ctx(ACTIVITY))).toEqual([]);
    expect(read(row('and 4 others commented: Nice'), ctx(ACTIVITY))).toEqual([]);
    expect(read(row('commented: Thanks!'), ctx(ACTIVITY)).map((i) => i.nativeId)).toEqual(['17900000000000105']);
    const likesOnly = html(
      `${NAV}<main><div><a href="/sam.ortega/"><img alt=""></a> liked your post. <a href="/p/DInLay0001a/"><img alt=""></a></div></main>`,
    );
    expect(instagram.itemsExpected!(likesOnly, 'notifications')).toBe(false);
  });
});

describe('instagram: the Direct inbox', () => {
  it('lists each conversation with its id, link, unread mark and preview', () => {
    expect(instagram.sweepThreads!(page('test/fixtures/instagram/direct-inbox.html', INBOX))).toEqual([
      {
        id: '340282366841710300949128000000000001',
        url: 'https://www.instagram.com/direct/t/340282366841710300949128000000000001/',
        unread: true,
        at: null,
        preview: 'Is the A5 back in stock?',
      },
      {
        id: '340282366841710300949128000000000002',
        url: 'https://www.instagram.com/direct/t/340282366841710300949128000000000002/',
        unread: false,
        at: null,
        preview: 'You: Danke, bis bald!',
      },
      {
        id: '340282366841710300949128000000000003',
        url: 'https://www.instagram.com/direct/t/340282366841710300949128000000000003/',
        unread: true,
        at: null,
        preview: 'lea.martin sent an attachment.',
      },
      {
        id: '340282366841710300949128000000000004',
        url: 'https://www.instagram.com/direct/t/340282366841710300949128000000000004/',
        unread: false,
        at: null,
        preview: 'Liked a message',
      },
    ]);
  });

  it('tells unread from read, and skips links that are not conversations', () => {
    const list = html(
      `<div role="list">
      <div role="listitem"><a href="/direct/t/111/"><span><span>ana</span></span><span><span>hi</span></span></a></div>
      <div role="listitem"><a href="/direct/t/222/"><span><span>ben</span></span><span><span>new</span></span></a><span aria-label="Unread"></span></div>
      <div role="listitem"><a href="/direct/t/333/" aria-label="cleo, unread"><span><span>cleo</span></span></a></div>
      <a href="/direct/requests/">Requests</a><a href="/direct/new/">New</a></div>`,
      INBOX,
    );
    expect(instagram.sweepThreads!(list).map((t) => [t.id, t.unread])).toEqual([
      ['111', false],
      ['222', true],
      ['333', true],
    ]);
  });
});

describe('instagram: the profile grid', () => {
  it('lists our tiles, the pinned one flagged, not a collaborator’s post', () => {
    const doc = page('test/fixtures/instagram/profile-grid.html', PROFILE);
    expect(instagram.sweepPosts!(doc, ['inlaydemo'])).toEqual([
      { id: 'DInLay0009z', url: 'https://www.instagram.com/p/DInLay0009z/', at: null, pinned: true },
      { id: 'DInLay0001a', url: 'https://www.instagram.com/p/DInLay0001a/', at: null, pinned: false },
      { id: 'DInLay0002b', url: 'https://www.instagram.com/reel/DInLay0002b/', at: null, pinned: false },
      { id: 'DInLay0003c', url: 'https://www.instagram.com/p/DInLay0003c/', at: null, pinned: false },
    ]);
    // the id is the threadId the post's comments carry
    const onPost = read(page('test/fixtures/instagram/post-ours.html', POST), ctx(POST));
    expect(onPost[0]!.threadId).toBe('DInLay0001a');
  });

  it('on someone else’s grid lists only the tiles whose links name us', () => {
    const doc = page('test/fixtures/instagram/profile-grid.html', 'https://www.instagram.com/pixelharbor/');
    expect(instagram.sweepPosts!(doc, ['inlaydemo']).map((p) => p.id)).toEqual(['DInLay0009z']);
    expect(instagram.sweepPosts!(doc, ['someoneelse'])).toEqual([]);
  });
});

describe('instagram: signed in, signed out, challenged', () => {
  it('names the signed-in account on the list pages', () => {
    for (const [f, url] of [
      ['test/fixtures/instagram/notifications.html', ACTIVITY],
      ['test/fixtures/instagram/direct-inbox.html', INBOX],
      ['test/fixtures/instagram/profile-grid.html', PROFILE],
      ['test/fixtures/instagram/post-ours.html', POST],
    ] as const) {
      const d = page(f, url);
      expect([f, instagram.signedInAs!(d), instagram.signedOut!(d), instagram.challenge!(d)]).toEqual([
        f,
        'inlaydemo',
        false,
        false,
      ]);
    }
  });

  it('the login page is signed out, by its URL and by its form alone', () => {
    const d = page(
      'test/fixtures/instagram/signed-out.html',
      'https://www.instagram.com/accounts/login/?next=%2Fnotifications%2F',
    );
    expect([instagram.signedOut!(d), instagram.signedInAs!(d), instagram.challenge!(d)]).toEqual([true, null, false]);
    expect(instagram.signedOut!(page('test/fixtures/instagram/signed-out.html', ACTIVITY))).toBe(true);
    expect(instagram.signedOut!(html('<main></main>', 'https://www.instagram.com/accounts/login/'))).toBe(true);
    // the logged-out wall: Log in links, no navigation
    expect(
      instagram.signedOut!(html('<main><a href="/accounts/login/?next=%2Finlaydemo%2F">Log in</a></main>', PROFILE)),
    ).toBe(true);
    expect(instagram.signedOut!(html(`${NAV}<main><a href="/accounts/login/">Log in</a></main>`, PROFILE))).toBe(false);
  });

  it('the security check is a challenge, not a sign-out', () => {
    const d = page(
      'test/fixtures/instagram/challenge.html',
      'https://www.instagram.com/challenge/AXdemoAnonymisedChallenge/',
    );
    expect([instagram.challenge!(d), instagram.signedOut!(d)]).toEqual([true, false]);
    const atActivity = page('test/fixtures/instagram/challenge.html', ACTIVITY);
    expect([instagram.challenge!(atActivity), instagram.signedOut!(atActivity)]).toEqual([true, false]);
    expect(instagram.challenge!(html('<main></main>', 'https://www.instagram.com/accounts/suspended/?next=x'))).toBe(
      true,
    );
    const withLogin = html('<form action="/challenge/x/"><input name="username"></form>');
    expect([instagram.challenge!(withLogin), instagram.signedOut!(withLogin)]).toEqual([true, false]);
  });
});

describe('instagram: expanders', () => {
  it('offers "View all 3 replies" and "Load more comments" on a post, not "Hide all replies"', () => {
    const d = page('test/fixtures/instagram/post-ours.html', POST);
    const found = instagram.sweepExpanders!(d);
    expect(found.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'View all 3 replies',
      'Load more comments',
    ]);
    expect(found[1]!.querySelector('svg[aria-label="Load more comments"]')).not.toBeNull();
  });

  it('keeps out every button that acts', () => {
    const d = html(
      `<main>
      <div role="button"><span>View replies (4)</span></div>
      <div role="button"><span>— View all 12 replies</span></div>
      <div role="button"><svg aria-label="Like"></svg></div>
      <div role="button"><span>Reply</span></div>
      <div role="button"><span>Hide replies</span></div>
      <button type="button">Follow</button>
      <button type="submit">View replies</button>
      <div role="button" aria-haspopup="menu">View replies</div>
      <a href="/p/DInLay0001a/"><div role="button">View all 2 replies</div></a>
      <form><div role="button">Post</div><div role="button">View replies (1)</div></form>
    </main>`,
      POST,
    );
    expect(instagram.sweepExpanders!(d).map((b) => b.textContent?.trim())).toEqual([
      'View replies (4)',
      '— View all 12 replies',
    ]);
  });
});
