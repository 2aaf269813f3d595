/**
 * What a sweep asks of the Facebook adapter (docs/sweeps.md), on the saved list pages and on small
 * inline pages: which list page each target opens, the notifications that are items (with the
 * same nativeId the comment gets on its post page), the Messenger list's conversations, our posts
 * on the Page's timeline, who is signed in, the login page and the security check, and the
 * expanders a sweep may click (never Like, Reply, Share, Follow or a menu).
 */
import { happyPages } from './fixture-support';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { facebook } from '../../extension/sites/facebook';
import type { ExtractContext } from '../../extension/sites/types';

const { page, html } = happyPages('https://www.facebook.com/notifications');

function ctx(url: string, profiles: readonly string[] = ['inlaydemo']): ExtractContext {
  const u = new URL(url);
  return { url: u, page: facebook.pageKind(u) ?? 'none', profiles, memo: new Map() };
}

function read(doc: Document, c: ExtractContext): CapturedItem[] {
  return facebook.findItems(doc).flatMap((el) => {
    const item = facebook.extract(el, c);
    return item ? [item] : [];
  });
}

const NOTIFICATIONS = 'https://www.facebook.com/notifications';
const INBOX = 'https://www.facebook.com/messages/';
const PROFILE = 'https://www.facebook.com/inlaydemo';
const POST = 'https://www.facebook.com/inlaydemo/posts/8800000000000200';
const BANNER = `<div role="banner"><div role="navigation"><div aria-label="Your profile" role="button"></div></div></div>`;

describe('facebook: sweep pages', () => {
  it('opens the notifications list, the Messenger list and the profile or Page timeline', () => {
    expect(facebook.sweepPage!('notifications', 'inlaydemo')).toBe(NOTIFICATIONS);
    expect(facebook.sweepPage!('dms', 'inlaydemo')).toBe(INBOX);
    expect(facebook.sweepPage!('posts', 'inlaydemo')).toBe(PROFILE);
    expect(facebook.sweepPage!('posts', '@inlay.demo')).toBe('https://www.facebook.com/inlay.demo');
    expect(facebook.sweepPage!('posts', '100000000000900')).toBe(
      'https://www.facebook.com/profile.php?id=100000000000900',
    );
    expect(facebook.sweepPage!('posts', 'notifications')).toBeNull();
    expect(facebook.sweepPage!('posts', 'not a handle')).toBeNull();
  });

  it('reads each sweep page as its own page kind', () => {
    expect(facebook.pageKind(new URL(facebook.sweepPage!('notifications', 'inlaydemo')!))).toBe('notifications');
    expect(facebook.pageKind(new URL(facebook.sweepPage!('dms', 'inlaydemo')!))).toBe('inbox');
    expect(facebook.pageKind(new URL(facebook.sweepPage!('posts', 'inlaydemo')!))).toBe('profile');
    expect(facebook.pageKind(new URL(facebook.sweepPage!('posts', '100000000000900')!))).toBe('profile');
    // a conversation is not the list: its own kind (dm), read only when a sweep opens it
    expect(facebook.pageKind(new URL('https://www.facebook.com/messages/t/8800000000000601/'))).toBe('dm');
    expect(facebook.pages.inbox!.expectsItems).toBe(false);
    expect(facebook.pages.profile!.expectsItems).toBe(false);
  });
});

describe('facebook: the notifications page', () => {
  const doc = () => page('test/fixtures/facebook/notifications.html', NOTIFICATIONS);

  it('reads comments, replies and mentions by others as items, nothing else', () => {
    const items = read(doc(), ctx(NOTIFICATIONS));
    expect(items.map((i) => [i.nativeId, i.kind, i.author.name])).toEqual([
      ['8800000000000201', 'comment', 'Maple Owl'],
      ['8800000000000203', 'reply', 'Tomasz Wrona'],
      ['8800000000000401', 'mention', 'Lea Martin'],
      ['8800000000000251', 'comment', 'Ravi Kumar'],
    ]);
    const policy = { page: 'notifications', profiles: ['inlaydemo'] };
    expect(items.every((i) => facebook.isInbound(i, policy))).toBe(true);
  });

  it('gives each the fields of the comment on its post page', () => {
    const [comment, reply, mention, noType] = read(doc(), ctx(NOTIFICATIONS));
    expect(comment).toMatchObject({
      text: 'Does the planner sync with Google Calendar?',
      permalink: 'https://www.facebook.com/inlaydemo/posts/8800000000000200?comment_id=8800000000000201',
      profile: 'inlaydemo',
      parentId: null,
      threadId: '8800000000000200',
      siteTimestamp: null,
      author: { handle: null, name: 'Maple Owl', url: null },
    });
    expect(reply).toMatchObject({
      parentId: '8800000000000201',
      threadId: '8800000000000200',
      permalink:
        'https://www.facebook.com/inlaydemo/posts/8800000000000200?comment_id=8800000000000201&reply_comment_id=8800000000000203',
    });
    // base64 comment_id: the post and the comment both come from it
    expect(mention).toMatchObject({
      threadId: '8800000000000400',
      text: '@Inlay Demo est-ce que la version A5 revient ?',
    });
    expect(noType!.permalink).toBe(
      'https://www.facebook.com/permalink.php?story_fbid=8800000000000250&id=100000000000900&comment_id=8800000000000251',
    );
  });

  it('uses the same nativeId, parent and thread as the capture on the post page (so captures dedupe)', () => {
    const onPost = read(page('test/fixtures/facebook/post-logged-in.html', POST), ctx(POST));
    const fromNotifications = read(doc(), ctx(NOTIFICATIONS));
    for (const id of ['8800000000000201', '8800000000000203']) {
      const a = onPost.find((i) => i.nativeId === id)!;
      const b = fromNotifications.find((i) => i.nativeId === id)!;
      expect([id, b.parentId, b.threadId, b.permalink]).toEqual([id, a.parentId, a.threadId, a.permalink]);
    }
  });

  it('an aggregate, a reaction, a follow or a post reaction is not an item', () => {
    const row = (href: string, sentence: string) =>
      html(`<div role="grid"><div role="row"><div role="gridcell"><a role="link" href="${href}">
        <span dir="auto">${sentence}</span><span><span>2h</span></span></a></div></div></div>`);
    const cases = [
      [
        '/inlaydemo/posts/8800000000000200?comment_id=8800000000000204&notif_id=1&notif_t=feed_comment',
        '<strong>Noor</strong> and 3 others commented on your post: “Hi”',
      ],
      [
        '/inlaydemo/posts/8800000000000200?comment_id=8800000000000205&notif_id=1&notif_t=feedback_reaction_generic',
        '<strong>Sam</strong> reacted to your comment: “Thanks”',
      ],
      ['/sam.ortega.21?notif_id=1&notif_t=page_fan', '<strong>Sam</strong> started following Inlay Demo.'],
      ['/inlaydemo/posts/8800000000000200?notif_id=1', '<strong>Sam</strong> commented on a post you follow.'],
    ] as const;
    for (const [href, sentence] of cases) {
      const d = row(href, sentence);
      expect(facebook.findItems(d)).toHaveLength(1);
      expect([href, read(d, ctx(NOTIFICATIONS))]).toEqual([href, []]);
    }
    // the same row with a comment type is an item: the test above can fail
    const ok = row(
      '/inlaydemo/posts/8800000000000200?comment_id=8800000000000204&notif_id=1&notif_t=feed_comment',
      '<strong>Noor</strong> commented on your post: “Hi”',
    );
    expect(read(ok, ctx(NOTIFICATIONS)).map((i) => i.nativeId)).toEqual(['8800000000000204']);
  });

  it('a notification row is not read on another page kind, and expects items only where a comment is notified', () => {
    expect(read(doc(), ctx(PROFILE))).toEqual([]);
    expect(facebook.itemsExpected!(doc(), 'notifications')).toBe(true);
    const likesOnly = html(
      `<div role="row"><a role="link" href="/inlaydemo/posts/8800000000000150?notif_id=1&notif_t=page_post_reaction"><span dir="auto"><strong>Sam</strong> reacted to your post.</span></a></div>`,
    );
    expect(facebook.itemsExpected!(likesOnly, 'notifications')).toBe(false);
  });
});

describe('facebook: the Messenger list', () => {
  it('lists each conversation with its id, link, unread mark and preview, in list order', () => {
    const threads = facebook.sweepThreads!(page('test/fixtures/facebook/messages-inbox.html', INBOX));
    expect(threads).toEqual([
      {
        id: '8800000000000601',
        url: 'https://www.facebook.com/messages/t/8800000000000601/',
        unread: true,
        at: null,
        preview: 'Is the A5 planner back in stock?',
      },
      {
        id: '8800000000000602',
        url: 'https://www.facebook.com/messages/t/8800000000000602/',
        unread: false,
        at: null,
        preview: 'You: Danke, bis bald!',
      },
      {
        id: '8800000000000603',
        url: 'https://www.facebook.com/messages/e2ee/t/8800000000000603/',
        unread: false,
        at: null,
        preview: 'Merci beaucoup !',
      },
      {
        id: '8800000000000604',
        url: 'https://www.facebook.com/messages/t/8800000000000604/',
        unread: true,
        at: null,
        preview: 'Ravi: see you at the fair',
      },
    ]);
  });

  it('tells an unread row from a read one by its label, its hidden words or its bold text', () => {
    const list = html(
      `<div role="grid" aria-label="Chats">
        <div role="row"><a role="link" href="/messages/t/111111/"><span dir="auto"><span>Ana</span></span><span><span>Hello</span></span></a></div>
        <div role="row"><a role="link" href="/messages/t/222222/"><span dir="auto"><span style="font-weight: 700">Ben</span></span><span><span style="font-weight: 700">New one</span></span></a></div>
        <div role="row"><a role="link" href="/messages/t/333333/"><span><span>Unread message:</span></span><span><span>Psst</span></span></a></div>
        <div role="row"><a role="link" aria-label="Dee, unread" href="/messages/t/444444/"><span><span>Dee</span></span></a></div>
        <div role="row"><a role="link" href="/messages/new/">New message</a></div>
      </div>`,
      INBOX,
    );
    expect(facebook.sweepThreads!(list).map((t) => [t.id, t.unread])).toEqual([
      ['111111', false],
      ['222222', true],
      ['333333', true],
      ['444444', true],
    ]);
  });
});

describe('facebook: the timeline', () => {
  it('lists our posts with their permalinks, the pinned one flagged; not a visitor’s post, not a shared one', () => {
    const posts = facebook.sweepPosts!(page('test/fixtures/facebook/profile-posts.html', PROFILE), ['inlaydemo']);
    expect(posts).toEqual([
      {
        id: '8800000000000150',
        url: 'https://www.facebook.com/inlaydemo/posts/8800000000000150',
        at: null,
        pinned: true,
      },
      {
        id: '8800000000000200',
        url: 'https://www.facebook.com/inlaydemo/posts/8800000000000200',
        at: null,
        pinned: false,
      },
      {
        id: '8800000000000300',
        url: 'https://www.facebook.com/photo/?fbid=8800000000000300&set=a.8800000000000001',
        at: null,
        pinned: false,
      },
      {
        id: '8800000000000250',
        url: 'https://www.facebook.com/inlaydemo/posts/8800000000000250',
        at: null,
        pinned: false,
      },
    ]);
  });

  it('the post id is the threadId its comments carry on the post page', () => {
    const onPost = read(page('test/fixtures/facebook/post-logged-in.html', POST), ctx(POST));
    const posts = facebook.sweepPosts!(page('test/fixtures/facebook/profile-posts.html', PROFILE), ['inlaydemo']);
    expect(posts.map((p) => p.id)).toContain(onPost[0]!.threadId);
    expect(facebook.pageKind(new URL(posts[1]!.url))).toBe('post');
  });

  it('lists nothing on someone else’s timeline', () => {
    expect(facebook.sweepPosts!(page('test/fixtures/facebook/profile-posts.html', PROFILE), ['pixelharbor'])).toEqual(
      [],
    );
  });
});

describe('facebook: signed in, signed out, challenged', () => {
  it('names the account the left rail opens with, and nobody on a login page', () => {
    const home = html(
      `${BANNER}<div data-pagelet="LeftRail"><ul><li><a href="https://www.facebook.com/inlaydemo" role="link"><svg aria-label="Inlay Demo"></svg><span>Inlay Demo</span></a></li>
        <li><a href="/friends/" role="link">Friends</a></li></ul></div>`,
      'https://www.facebook.com/',
    );
    expect(facebook.signedInAs!(home)).toBe('inlaydemo');
    expect(facebook.signedOut!(home)).toBe(false);
    const byId = html(
      `${BANNER}<div data-pagelet="LeftRail"><a href="/saved/">Saved</a><a href="/profile.php?id=100000000000900">Me</a></div>`,
      'https://www.facebook.com/',
    );
    expect(facebook.signedInAs!(byId)).toBe('100000000000900');
    for (const [f, url] of [
      ['test/fixtures/facebook/notifications.html', NOTIFICATIONS],
      ['test/fixtures/facebook/messages-inbox.html', INBOX],
      ['test/fixtures/facebook/profile-posts.html', PROFILE],
      ['test/fixtures/facebook/post-logged-in.html', POST],
    ] as const) {
      const d = page(f, url);
      expect([f, facebook.signedOut!(d), facebook.challenge!(d)]).toEqual([f, false, false]);
    }
  });

  it('the login page is signed out, by its URL and by its form alone', () => {
    const d = page(
      'test/fixtures/facebook/signed-out.html',
      'https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com%2Fnotifications',
    );
    expect(facebook.signedOut!(d)).toBe(true);
    expect(facebook.signedInAs!(d)).toBeNull();
    expect(facebook.challenge!(d)).toBe(false);
    expect(read(d, ctx(NOTIFICATIONS))).toEqual([]);
    // the same form served at the notifications URL (a wall instead of the page)
    expect(facebook.signedOut!(page('test/fixtures/facebook/signed-out.html', NOTIFICATIONS))).toBe(true);
    expect(facebook.signedOut!(html('<main></main>', 'https://www.facebook.com/login/'))).toBe(true);
    expect(facebook.signedOut!(html('<main></main>', 'https://www.facebook.com/login.php?next=x'))).toBe(true);
    // a logged-out post page shows the login form in its banner: signed out for a sweep
    expect(facebook.signedOut!(page('test/fixtures/facebook/post-logged-out.html', POST))).toBe(true);
  });

  it('the security check is a challenge, not a sign-out, by URL or by its markup', () => {
    const d = page('test/fixtures/facebook/challenge.html', 'https://www.facebook.com/checkpoint/1501092823525282/');
    expect(facebook.challenge!(d)).toBe(true);
    expect(facebook.signedOut!(d)).toBe(false);
    const atNotifications = page('test/fixtures/facebook/challenge.html', NOTIFICATIONS);
    expect(facebook.challenge!(atNotifications)).toBe(true);
    expect(facebook.signedOut!(atNotifications)).toBe(false);
    expect(facebook.challenge!(html('<main></main>', 'https://www.facebook.com/checkpoint/block/?next'))).toBe(true);
    // a checkpoint asking for the password is still a challenge
    const withPass = html(
      `<form action="/checkpoint/?next"><input name="email" type="email" id="email"><input name="pass" type="password"></form>`,
    );
    expect([facebook.challenge!(withPass), facebook.signedOut!(withPass)]).toEqual([true, false]);
  });
});

describe('facebook: expanders', () => {
  it('offers "View N replies", "View more comments" and a comment’s "See more", never Like, Reply, Follow or a menu', () => {
    const d = page('test/fixtures/facebook/profile-posts.html', PROFILE);
    expect(facebook.sweepExpanders!(d).map((b) => b.textContent?.trim())).toEqual([
      'See more',
      'View 2 replies',
      'View more comments',
    ]);
    const out = page(
      'test/fixtures/facebook/post-logged-out.html',
      'https://www.facebook.com/brightkettle/posts/pfbid02BrightKettleSpringRestockAnonymisedDemoPost7xQ2mL9',
    );
    expect(facebook.sweepExpanders!(out).map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Maple Owl replied · 1 reply',
    ]);
  });

  it('keeps out every button that acts, even when its words look like an expander', () => {
    const d = html(
      `<div role="article" aria-posinset="1">
      <div role="button">View previous comments</div>
      <div role="button">View all 12 replies</div>
      <div role="button" aria-label="Like">Like</div>
      <div role="button">Reply</div>
      <div role="button">Follow</div>
      <div role="button">Share</div>
      <div role="button">Mark as read</div>
      <div role="button" aria-haspopup="menu">View more comments</div>
      <div role="button" aria-expanded="true">10 comments</div>
      <a href="/inlaydemo/posts/1/"><div role="button">View more comments</div></a>
      <form><div role="button">View 3 replies</div></form>
      <div role="button">See more</div>
    </div><div role="button">View more comments</div>`,
      POST,
    );
    expect(facebook.sweepExpanders!(d).map((b) => b.textContent)).toEqual([
      'View previous comments',
      'View all 12 replies',
    ]);
  });
});
