/**
 * What a sweep asks of the LinkedIn adapter (docs/sweeps.md): the list pages it opens, the
 * notifications it reads as items (with the nativeId the comment gets on its own page), the
 * conversations of the inbox list, our posts on a posts list, who the page shows signed in, the
 * sign-in wall and the security check, and which "more comments" expanders are safe to click —
 * on the saved pages (the inbox, posts, signed-out and challenge fixtures hold no items, so they
 * are not in the adapter's `expected` list) and on small inline pages.
 */
import { happyPages } from './fixture-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { linkedin, listTimeOf, notificationTargetOf, notificationVerb, timeOfId } from '../../extension/sites/linkedin';
import type { ExtractContext } from '../../extension/sites/types';

const { page, html } = happyPages('https://www.linkedin.com/feed/update/urn:li:activity:7434160570368000000/');
afterEach(() => {
  vi.useRealTimers();
});

function read(doc: Document, url: string, profiles: readonly string[]): CapturedItem[] {
  const u = new URL(url);
  const ctx: ExtractContext = { url: u, page: linkedin.pageKind(u) ?? 'none', profiles, memo: new Map() };
  return linkedin.findItems(doc).flatMap((el) => {
    const item = linkedin.extract(el, ctx);
    return item ? [item] : [];
  });
}

const enc = (urn: string) => encodeURIComponent(urn).replace(/\(/g, '%28').replace(/\)/g, '%29');

const ME = 'robin-vale-inlay';
const NOTIFICATIONS = 'https://www.linkedin.com/notifications/?filter=all';
const INBOX = 'https://www.linkedin.com/messaging/compose/';
const MEMBER_POSTS = 'https://www.linkedin.com/in/robin-vale-inlay/recent-activity/all/';
const COMPANY_POSTS = 'https://www.linkedin.com/company/inlay-demo/posts/';
const FIX = {
  notifications: 'test/fixtures/linkedin/notifications.html',
  inbox: 'test/fixtures/linkedin/messaging-inbox.html',
  member: 'test/fixtures/linkedin/posts-member.html',
  company: 'test/fixtures/linkedin/posts-company.html',
  signedOut: 'test/fixtures/linkedin/signed-out.html',
  challenge: 'test/fixtures/linkedin/challenge.html',
  ember: 'test/fixtures/linkedin/post-comments-ember.html',
  sdui: 'test/fixtures/linkedin/post-comments-sdui.html',
  thread: 'test/fixtures/linkedin/messaging-thread.html',
};
// ids of notifications.html
const P1 = '7530921905359516506';
const C1 = '7533441004340465414';
const C2 = '7531295617846512019';
const R2 = '7533208220467605055';
const P3 = '7532412980429407639';
const C3 = '7532813117031189620';
const P4 = '7531986419715067620';

describe('linkedin: the pages a sweep opens', () => {
  it('names the notifications list, the inbox list and the member’s posts, and reads each as its list kind', () => {
    expect(linkedin.sweepPage!('notifications', ME)).toBe('https://www.linkedin.com/notifications/');
    expect(linkedin.sweepPage!('dms', ME)).toBe('https://www.linkedin.com/messaging/compose/');
    expect(linkedin.sweepPage!('posts', ME)).toBe(MEMBER_POSTS);
    expect(linkedin.sweepPage!('posts', '@Jürgen-Sand')).toBe(
      'https://www.linkedin.com/in/J%C3%BCrgen-Sand/recent-activity/all/',
    );
    const kinds = (['notifications', 'dms', 'posts'] as const).map((k) =>
      linkedin.pageKind(new URL(linkedin.sweepPage!(k, ME)!)),
    );
    expect(kinds).toEqual(['notifications', 'inbox', 'activity']);
  });

  it('keeps reading the open thread as a thread, and tells the bare inbox and a company’s posts apart', () => {
    const kind = (u: string) => linkedin.pageKind(new URL(u));
    expect(
      kind('https://www.linkedin.com/messaging/thread/2-YmM3NGRmZTAtZjAwZi00ZjM3LWE0N2QtOTE3ZmQ2ZDkxMmE4XzAxMA==/'),
    ).toBe('messaging');
    expect(kind('https://www.linkedin.com/messaging/')).toBe('inbox');
    expect(kind('https://www.linkedin.com/messaging/thread/new/?filter=unread')).toBe('inbox');
    expect(kind(COMPANY_POSTS)).toBe('activity');
    expect(kind('https://www.linkedin.com/in/robin-vale-inlay/recent-activity/comments/')).toBeNull();
    expect(kind('https://www.linkedin.com/notifications/settings/')).toBeNull();
  });
});

describe('linkedin: the notifications list (notifications.html)', () => {
  const doc = page(FIX.notifications, NOTIFICATIONS);
  const items = read(doc, NOTIFICATIONS, [ME]);
  const byId = (id: string) => {
    const it = items.find((i) => i.nativeId === id);
    if (!it) throw new Error(`no item ${id}`);
    return it;
  };

  it('reads the comment, the reply and the two mentions, and nothing else', () => {
    expect(items.map((i) => [i.kind, i.nativeId])).toEqual([
      ['comment', C1],
      ['reply', R2],
      ['mention', C3],
      ['mention', `urn:li:activity:${P4}`],
    ]);
  });

  it('a comment on our post: the comment’s own id, as its post page gives it, with author, text, time and permalink', () => {
    const c = byId(C1);
    expect(c).toMatchObject({
      platform: 'linkedin',
      kind: 'comment',
      profile: ME,
      author: { handle: 'maple-owl-4821', name: 'Maple Owl', url: 'https://www.linkedin.com/in/maple-owl-4821/' },
      text: 'Congrats on the spring release! Does the new inbox work for company pages too?',
      parentId: null,
      threadId: `urn:li:activity:${P1}`,
      siteTimestamp: timeOfId(C1),
    });
    expect(c.siteTimestamp).toBe('2026-12-01T08:05:00.000Z');
    expect(c.permalink).toBe(
      `https://www.linkedin.com/feed/update/urn:li:activity:${P1}/?commentUrn=${enc(`urn:li:comment:(activity:${P1},${C1})`)}`,
    );
  });

  it('a reply to our comment is the reply (its parent our comment), with the reply permalink', () => {
    const r = byId(R2);
    expect(r).toMatchObject({ kind: 'reply', parentId: C2, threadId: `urn:li:activity:${P3}` });
    expect(r.text).toBe('Agreed — and the export is CSV & JSON, not PDF.');
    expect(r.permalink).toBe(
      `https://www.linkedin.com/feed/update/urn:li:activity:${P3}/?commentUrn=${enc(`urn:li:comment:(activity:${P3},${C2})`)}&replyUrn=${enc(`urn:li:comment:(activity:${P3},${R2})`)}`,
    );
  });

  it('a mention in a post is keyed on the post (as its posts-list entry is), authored by the company page', () => {
    const m = byId(`urn:li:activity:${P4}`);
    expect(m).toMatchObject({
      kind: 'mention',
      author: { handle: 'pixel-harbor', name: 'Pixel Harbor', url: 'https://www.linkedin.com/company/pixel-harbor/' },
      permalink: `https://www.linkedin.com/feed/update/urn:li:activity:${P4}/`,
      siteTimestamp: timeOfId(P4),
      parentId: null,
    });
  });

  it('the same nativeId the post page gives the comment: a captured comment dedupes with its notification', () => {
    const postUrl = `https://www.linkedin.com/feed/update/urn:li:activity:${P1}/`;
    const post = html(
      `<div class="feed-shared-update-v2" data-urn="urn:li:activity:${P1}" role="article">
         <div class="update-components-actor"><a class="update-components-actor__meta-link" href="https://www.linkedin.com/in/robin-vale-inlay/">Robin Vale</a></div>
         <article class="comments-comment-entity" data-id="urn:li:comment:(activity:${P1},${C1})">
           <a class="comments-comment-meta__description-container" href="https://www.linkedin.com/in/maple-owl-4821/"><span class="comments-comment-meta__description-title">Maple Owl</span></a>
           <div class="comments-comment-entity__content"><div class="update-components-text">Congrats!</div></div>
         </article></div>`,
      postUrl,
    );
    const [onPost] = read(post, postUrl, [ME]);
    expect(onPost?.nativeId).toBe(C1);
    expect(onPost?.permalink).toBe(byId(C1).permalink);
    expect(onPost?.threadId).toBe(byId(C1).threadId);
  });

  it('everything it reads is inbound; the same items from one of our own profiles are not', () => {
    const policy = { page: 'notifications', profiles: [ME] };
    expect(items.filter((i) => linkedin.isInbound(i, policy))).toHaveLength(4);
    const own = { ...byId(C1), author: { handle: ME, name: 'Robin Vale', url: null } };
    expect(linkedin.isInbound(own, policy)).toBe(false);
  });

  it('expects items when a card is one, not on a list of likes and follows', () => {
    expect(linkedin.itemsExpected!(doc, 'notifications')).toBe(true);
    const likes = html(
      `<article class="nt-card" data-view-name="notification-card-container">
         <a class="nt-card__headline" href="/feed/update/urn:li:activity:${P1}/"><span class="nt-card__text--3-line"><strong>Ana Lind</strong> and 3 others reacted to your post.</span></a></article>
       <article class="nt-card" data-view-name="notification-card-container">
         <a class="nt-card__headline" href="/in/lena-brook/"><span class="nt-card__text--3-line"><strong>Lena Brook</strong> started following you.</span></a></article>`,
      NOTIFICATIONS,
    );
    expect(linkedin.findItems(likes)).toHaveLength(2);
    expect(read(likes, NOTIFICATIONS, [ME])).toEqual([]);
    expect(linkedin.itemsExpected!(likes, 'notifications')).toBe(false);
    // a reply whose link names only our own comment: no item (it would be our comment under their name)
    const ours = html(
      `<article class="nt-card"><a class="nt-card__headline" href="/feed/update/urn:li:activity:${P3}/?commentUrn=${enc(`urn:li:comment:(activity:${P3},${C2})`)}"><strong>Tide Pool</strong> replied to your comment.</a></article>`,
      NOTIFICATIONS,
    );
    expect(read(ours, NOTIFICATIONS, [ME])).toEqual([]);
    expect(linkedin.itemsExpected!(ours, 'notifications')).toBe(false);
    expect(linkedin.pages.notifications!.expectsItems).toBe(true);
  });

  it('cards are items only on the notifications page; the page offers nothing to expand', () => {
    expect(read(doc, 'https://www.linkedin.com/feed/update/urn:li:activity:7530921905359516506/', [ME])).toEqual([]);
    expect(linkedin.sweepExpanders!(doc)).toEqual([]);
    expect(linkedin.actionRow(linkedin.findItems(doc)[0]!)).toBeNull();
  });

  it('classifies headlines and reads links in every spelling', () => {
    expect(notificationVerb('Maple Owl commented on your post.')).toBe('comment');
    expect(notificationVerb('Tide Pool replied to your comment on Jonas Brenner’s post.')).toBe('reply');
    expect(notificationVerb('Jonas Brenner mentioned you in a comment.')).toBe('mention');
    expect(notificationVerb('Kai Moss and 2 others commented on your post.')).toBeNull();
    expect(notificationVerb('12 people viewed your profile')).toBeNull();
    expect(notificationVerb('Olu Bright commented on Sam Reed’s post.')).toBeNull();
    expect(notificationVerb('Maple Owl likes your comment: “Replied to your point”')).toBeNull();
    const dash = notificationTargetOf(
      `/feed/update/urn:li:activity:${P3}/?dashCommentUrn=${enc(`urn:li:fsd_comment:(${C2},urn:li:activity:${P3})`)}&dashReplyUrn=${enc(`urn:li:fsd_comment:(${R2},urn:li:activity:${P3})`)}`,
    );
    expect([dash?.post?.urn, dash?.comment?.id, dash?.reply?.id]).toEqual([`urn:li:activity:${P3}`, C2, R2]);
    expect(notificationTargetOf('https://evil.example/feed/update/urn:li:activity:7530921905359516506/')).toBeNull();
    expect(notificationTargetOf('/in/lena-brook/')).toBeNull();
  });
});

describe('linkedin: the inbox list (messaging-inbox.html)', () => {
  it('lists the conversations with a thread link, unread or read, with time and preview; no items', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 2, 12, 0)); // Wed 2 Dec 2026, noon, local
    const doc = page(FIX.inbox, INBOX);
    const threads = linkedin.sweepThreads!(doc);
    expect(threads.map((t) => [t.unread, t.at, t.preview])).toEqual([
      [true, new Date(2026, 11, 2, 10, 42).toISOString(), 'Maple: Could you send the invoice for November?'],
      [false, new Date(2026, 11, 1).toISOString(), 'You: Sure, talk soon!'],
      [true, new Date(2026, 10, 30).toISOString(), 'Jonas: Are we still on for Thursday?'],
      [false, new Date(2026, 10, 19).toISOString(), ''],
      [false, new Date(2025, 9, 2).toISOString(), 'Pixel Harbor: Thanks for the intro & the <demo> link.'],
    ]);
    const id = '2-MWZiMTdjMjMtOTBjMS05MmNmLWQzYWMtOTRhZjBmMjFkZGI2XzAxMA==';
    expect(threads[0]).toMatchObject({ id, url: `https://www.linkedin.com/messaging/thread/${id}/` });
    // the thread each row names is read as a thread page
    expect(threads.every((t) => linkedin.pageKind(new URL(t.url)) === 'messaging')).toBe(true);
    expect(linkedin.findItems(doc)).toEqual([]);
    expect(linkedin.sweepExpanders!(doc)).toEqual([]); // never the filter pills, the options menu or Send
    expect(linkedin.signedOut!(doc)).toBe(false);
  });

  it('an unread row vs a read row, by any of the markers; a row with no thread link is left out', () => {
    const threads = linkedin.sweepThreads!(
      html(
        `<ul>
          <li class="msg-conversation-listitem"><div class="msg-conversation-card"><a href="/messaging/thread/2-QUFBQUFBQUFBQV8wMTA=/"><p class="msg-conversation-card__message-snippet">A</p></a>
            <span aria-label="3 unread messages">3</span></div></li>
          <li class="msg-conversation-listitem"><div class="msg-conversation-card"><a href="/messaging/thread/2-QkJCQkJCQkJCQl8wMTA=/"><p class="msg-conversation-card__message-snippet">B</p></a></div></li>
          <li class="msg-conversation-listitem" aria-label="Unread conversation with C"><a href="/messaging/thread/2-Q0NDQ0NDQ0NDQ18wMTA=/">C</a></li>
          <li class="msg-conversation-listitem"><div class="msg-conversation-listitem__link" tabindex="0">D <span aria-label="1 unread message">1</span></div></li>
          <li class="msg-conversation-listitem"><a href="/messaging/thread/new/">New</a></li>
        </ul>`,
        INBOX,
      ),
    );
    expect(threads.map((t) => [t.id, t.unread, t.at])).toEqual([
      ['2-QUFBQUFBQUFBQV8wMTA=', true, null],
      ['2-QkJCQkJCQkJCQl8wMTA=', false, null],
      ['2-Q0NDQ0NDQ0NDQ18wMTA=', true, null],
    ]);
  });

  it('reads list times as the start of what they name, in English; anything else is no time', () => {
    const now = new Date(2026, 11, 2, 0, 30); // just past midnight, a Wednesday
    expect(listTimeOf('11:50 PM', now)).toBe(new Date(2026, 11, 1, 23, 50).toISOString()); // yesterday's
    expect(listTimeOf('12:10 AM', now)).toBe(new Date(2026, 11, 2, 0, 10).toISOString());
    expect(listTimeOf('Wednesday', now)).toBe(new Date(2026, 10, 25).toISOString()); // a week back, not today
    expect(listTimeOf('Dec 5', now)).toBe(new Date(2025, 11, 5).toISOString()); // the future is last year
    expect(listTimeOf('12/3/2025', now)).toBe(new Date(2025, 11, 3).toISOString());
    expect(listTimeOf('Feb 30', now)).toBeNull();
    expect(listTimeOf('3 janv.', now)).toBeNull();
    expect(listTimeOf('', now)).toBeNull();
  });
});

describe('linkedin: a profile’s posts list', () => {
  it('the member’s page lists only the member’s own posts (not a repost, not a comment on another post)', () => {
    const doc = page(FIX.member, MEMBER_POSTS);
    const posts = linkedin.sweepPosts!(doc, [ME]);
    const ids = ['7532714970317114536', '7529453479527120977', '7528728703798837683', '7525829600873907882'];
    expect(posts).toEqual(
      ids.map((id) => ({
        id: `urn:li:activity:${id}`,
        url: `https://www.linkedin.com/feed/update/urn:li:activity:${id}/`,
        at: timeOfId(id),
        pinned: false,
      })),
    );
    expect(posts.every((p) => linkedin.pageKind(new URL(p.url)) === 'post')).toBe(true);
    expect(linkedin.sweepPosts!(doc, ['someone-else'])).toEqual([]);
    expect(linkedin.sweepExpanders!(doc)).toEqual([]); // never Like, Comment, Repost, Send or "Show more results"
    expect(read(doc, MEMBER_POSTS, [ME])).toEqual([]);
  });

  it('the company page flags its pinned post and leaves out the repost', () => {
    const posts = linkedin.sweepPosts!(page(FIX.company, COMPANY_POSTS), ['inlay-demo']);
    expect(posts.map((p) => [p.id, p.pinned])).toEqual([
      ['urn:li:activity:7511349185742818827', true],
      ['urn:li:activity:7531642906215160955', false],
      ['urn:li:activity:7526569476099561125', false],
    ]);
  });

  it('a new-DOM card without data-urn is read from its own permalink, not from a post it quotes', () => {
    const doc = html(
      `<div data-view-name="feed-full-update">
         <a data-view-name="feed-actor-image" href="https://www.linkedin.com/in/robin-vale-inlay/">Robin Vale</a>
         <div data-view-name="feed-full-update"><a data-view-name="feed-actor-image" href="/in/maple-owl-4821/">M</a>
           <a href="/feed/update/urn:li:activity:7500000000000000001/">quoted</a></div>
         <a href="/posts/robin-vale-inlay_hello-activity-7532714970317114536-AbCd/">2d</a>
         <p>Pinned</p>
       </div>`,
      MEMBER_POSTS,
    );
    expect(linkedin.sweepPosts!(doc, [ME])).toEqual([
      {
        id: 'urn:li:activity:7532714970317114536',
        url: 'https://www.linkedin.com/feed/update/urn:li:activity:7532714970317114536/',
        at: timeOfId('7532714970317114536'),
        pinned: false,
      },
    ]);
  });
});

describe('linkedin: signed in, signed out, challenged', () => {
  it('pages that show the identity card name the member; the sweep lists show no handle and name nobody', () => {
    expect(
      linkedin.signedInAs!(
        page(FIX.ember, 'https://www.linkedin.com/feed/update/urn:li:activity:7434135134208000000/'),
      ),
    ).toBe('robin-vale-inlay');
    for (const [fixture, url] of [
      [FIX.notifications, NOTIFICATIONS],
      [FIX.inbox, INBOX],
      [FIX.member, MEMBER_POSTS],
      [
        FIX.thread,
        'https://www.linkedin.com/messaging/thread/2-YmM3NGRmZTAtZjAwZi00ZjM3LWE0N2QtOTE3ZmQ2ZDkxMmE4XzAxMA==/',
      ],
      [FIX.sdui, 'https://www.linkedin.com/posts/inlay-demo_spring-release-activity-7434885346099200000-Qm3x/'],
    ] as const) {
      const doc = page(fixture, url);
      expect([fixture, linkedin.signedOut!(doc), linkedin.challenge!(doc)]).toEqual([fixture, false, false]);
    }
    expect(linkedin.signedInAs!(page(FIX.notifications, NOTIFICATIONS))).toBeNull();
    expect(
      linkedin.signedInAs!(
        page(
          FIX.thread,
          'https://www.linkedin.com/messaging/thread/2-YmM3NGRmZTAtZjAwZi00ZjM3LWE0N2QtOTE3ZmQ2ZDkxMmE4XzAxMA==/',
        ),
      ),
    ).toBe('robin-vale-inlay');
  });

  it('the sign-in page is signed out by its markup wherever it shows, and names nobody', () => {
    for (const url of [NOTIFICATIONS, 'https://www.linkedin.com/login?session_redirect=%2Fnotifications%2F']) {
      const doc = page(FIX.signedOut, url);
      expect([url, linkedin.signedOut!(doc), linkedin.challenge!(doc), linkedin.signedInAs!(doc)]).toEqual([
        url,
        true,
        false,
        null,
      ]);
      expect(linkedin.findItems(doc)).toEqual([]);
    }
  });

  it('the wall’s URLs are signed out by the URL alone', () => {
    for (const url of [
      'https://www.linkedin.com/login',
      'https://www.linkedin.com/authwall?trk=gf&sessionRedirect=https%3A%2F%2Fwww.linkedin.com%2Fnotifications%2F',
      'https://www.linkedin.com/uas/login?session_redirect=%2Fmessaging%2F',
      'https://www.linkedin.com/checkpoint/lg/login-submit',
      'https://www.linkedin.com/checkpoint/rm/sign-in-another-account',
    ]) {
      expect([url, linkedin.signedOut!(html('<main></main>', url))]).toEqual([url, true]);
    }
    expect(linkedin.signedOut!(html('<main></main>', NOTIFICATIONS))).toBe(false);
    // a login link in a guest bar is no wall; a sign-in form beside the signed-in "Me" menu is none either
    expect(linkedin.signedOut!(html('<a href="/login">Sign in</a>', NOTIFICATIONS))).toBe(false);
    expect(linkedin.signedOut!(html('<li class="global-nav__me"></li><input name="session_key">', NOTIFICATIONS))).toBe(
      false,
    );
  });

  it('the security check is a challenge, not a sign-out, by its markup or by its URL', () => {
    for (const url of [NOTIFICATIONS, 'https://www.linkedin.com/checkpoint/challenge/AgFakeChallengeToken0001']) {
      const doc = page(FIX.challenge, url);
      expect([url, linkedin.challenge!(doc), linkedin.signedOut!(doc), linkedin.signedInAs!(doc)]).toEqual([
        url,
        true,
        false,
        null,
      ]);
    }
    const bare = html('<main></main>', 'https://www.linkedin.com/checkpoint/challenge/AgFake0002?ut=x');
    expect([linkedin.challenge!(bare), linkedin.signedOut!(bare)]).toEqual([true, false]);
    expect(linkedin.challenge!(page(FIX.signedOut, 'https://www.linkedin.com/login'))).toBe(false);
  });
});

describe('linkedin: what a sweep may click on a post', () => {
  it('the saved threads show every comment: nothing to expand', () => {
    expect(
      linkedin.sweepExpanders!(
        page(FIX.ember, 'https://www.linkedin.com/feed/update/urn:li:activity:7434135134208000000/'),
      ),
    ).toEqual([]);
    expect(
      linkedin.sweepExpanders!(
        page(FIX.sdui, 'https://www.linkedin.com/posts/inlay-demo_spring-release-activity-7434885346099200000-Qm3x/'),
      ),
    ).toEqual([]);
  });

  it('old DOM: "Load more comments" and "See previous replies", never Like, Reply, Repost, Send, Follow or a submit', () => {
    const doc = html(`
      <div class="feed-shared-update-v2" data-urn="urn:li:activity:7434160570368000000" role="article">
        <button class="react-button__trigger" aria-label="React Like" aria-pressed="false" type="button">Like</button>
        <button class="comment-button" aria-label="Comment" type="button">Comment</button>
        <button class="social-reshare-button" type="button">Repost</button>
        <button class="send-privately-button" type="button">Send</button>
        <article class="comments-comment-entity" data-id="urn:li:comment:(activity:7434160570368000000,7434179444736000101)">
          <button class="comments-comment-social-bar__reply-action-button--cr" type="button">Reply</button>
          <button class="button show-prev-replies t-12" type="button"><span>See previous replies</span></button>
        </article>
        <button class="follow artdeco-button" aria-label="Follow Maple Owl" type="button">Follow</button>
        <form class="comments-comment-box__form"><button class="comments-comments-list__load-more-comments-button" type="submit">Load more comments</button></form>
        <button class="comments-comments-list__load-more-comments-button comments-comments-list__load-more-comments-button--cr artdeco-button" type="button"><span>Load more comments</span></button>
        <button class="comments-comments-list__load-more-comments-button" type="button" disabled>Load more comments</button>
        <button class="show-prev-replies" type="button">Reply</button>
        <button class="show-prev-replies" type="button">View 1 more reply</button>
      </div>`);
    expect(linkedin.sweepExpanders!(doc).map((b) => b.textContent?.trim())).toEqual([
      'See previous replies',
      'Load more comments',
      'View 1 more reply',
    ]);
  });

  it('new DOM: a view-name-less button of the post only when its words say "more comments / replies"', () => {
    const doc = html(`
      <div data-view-name="feed-full-update">
        <button data-view-name="reaction-button" type="button">Like</button>
        <button data-view-name="feed-comment-button" type="button">Comment</button>
        <button type="button"><span>6 comments</span></button>
        <div data-view-name="comment-container">
          <button data-view-name="comment-reply" type="button">Reply</button>
          <button type="button"><span>Load previous replies</span></button>
        </div>
        <button type="button" aria-pressed="false">Load more comments</button>
        <button type="button" aria-haspopup="menu">Load more comments</button>
        <button type="button"><span>Load more comments</span></button>
        <button type="button">Follow</button>
        <button type="button">Mark as read</button>
        <div data-view-name="comment-box"><button type="button">Load more comments</button></div>
      </div>
      <button type="button">Load more comments</button>`);
    expect(linkedin.sweepExpanders!(doc).map((b) => b.textContent?.trim())).toEqual([
      'Load previous replies',
      'Load more comments',
    ]);
  });
});
