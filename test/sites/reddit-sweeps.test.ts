/**
 * What a sweep asks of the Reddit adapter (docs/sweeps.md): the list pages it opens, the
 * notifications and legacy inbox read as items (with the same t1_ ids a comment gets on its own
 * page), the conversations of the message list, our posts on the submitted list, who is signed in,
 * the sign-in wall and the block page, and the only expanders it may click.
 */
import { happyPages } from './fixture-support';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { reddit } from '../../extension/sites/reddit';

const { page, html } = happyPages('https://www.reddit.com/notifications', 'test/fixtures/reddit');

function read(doc: Document, url: string, profiles = ['inlaydemo']): CapturedItem[] {
  const u = new URL(url);
  const ctx = { url: u, page: reddit.pageKind(u)!, profiles, memo: new Map<string, string>() };
  return reddit.findItems(doc).flatMap((el) => {
    const it = reddit.extract(el, ctx);
    return it ? [it] : [];
  });
}

const NOTIF = 'https://www.reddit.com/notifications';
const INBOX = 'https://old.reddit.com/message/inbox/';
const MESSAGES = 'https://old.reddit.com/message/messages/';
const SUBMITTED = 'https://www.reddit.com/user/inlaydemo/submitted/';

describe('reddit: sweep pages', () => {
  it('opens the legacy inbox and message list without marking them read, and our submitted list', () => {
    expect(reddit.sweepPage!('notifications', 'inlaydemo')).toBe('https://old.reddit.com/message/inbox/?mark=false');
    expect(reddit.sweepPage!('dms', 'inlaydemo')).toBe('https://old.reddit.com/message/messages/?mark=false');
    expect(reddit.sweepPage!('posts', 'inlaydemo')).toBe(SUBMITTED);
    expect(reddit.sweepPage!('posts', 'not a name')).toBeNull();
    expect(reddit.pageKind(new URL(reddit.sweepPage!('notifications', 'inlaydemo')!))).toBe('inbox');
    expect(reddit.pageKind(new URL(reddit.sweepPage!('dms', 'inlaydemo')!))).toBe('messages');
    expect(reddit.pageKind(new URL(reddit.sweepPage!('posts', 'inlaydemo')!))).toBe('posts');
    expect(reddit.pageKind(new URL(NOTIF))).toBe('notifications');
    expect(reddit.pageKind(new URL('https://old.reddit.com/message/messages/2k9q1ab'))).toBe('message');
  });
});

describe('reddit: notifications', () => {
  it('reads replies, mentions and post replies with the comment’s own t1_ id; milestones, trending and follows are not items', () => {
    const doc = page('notifications.html', NOTIF);
    const items = read(doc, NOTIF);
    expect(items.map((i) => [i.nativeId, i.kind, i.author.handle])).toEqual([
      ['t1_mf2r001', 'reply', 'calm_otter_77'],
      ['t1_mf2r002', 'mention', 'fern_and_ink'],
      ['t1_mf2r003', 'comment', 'quietbyte'],
    ]);
    const first = items[0]!;
    expect(first.permalink).toBe('https://www.reddit.com/r/PlannerApp/comments/1j0inly/comment/mf2r001/');
    expect(first.threadId).toBe('t3_1j0inly');
    expect(first.siteTimestamp).toBe('2025-10-14T09:12:00.000Z');
    expect(first.text).toBe('Same here, the widget stopped syncing after the update.');
    expect(first.profile).toBe('inlaydemo');
    for (const i of items) expect(reddit.isInbound(i, { page: 'notifications', profiles: ['inlaydemo'] })).toBe(true);
    expect(reddit.itemsExpected!(doc, 'notifications')).toBe(true);
  });

  it('the same comment read on its own page and in the notifications has one key', () => {
    const onPost = html(
      `<shreddit-comment thingid="t1_mf2r001" author="calm_otter_77" depth="1" parentid="t1_mf1a002" postid="t3_1j0inly"
        permalink="/r/PlannerApp/comments/1j0inly/comment/mf2r001/"><div slot="comment"><p>Same here</p></div></shreddit-comment>`,
      'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out/',
    );
    const own = read(onPost, 'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out/')[0]!;
    const inNotifications = read(page('notifications.html', NOTIF), NOTIF)[0]!;
    const inInbox = read(page('inbox-old.html', INBOX), INBOX)[0]!;
    expect(own.nativeId).toBe('t1_mf2r001');
    expect(inNotifications.nativeId).toBe(own.nativeId);
    expect(inInbox.nativeId).toBe(own.nativeId);
  });

  it('a milestone on our own comment links to it but names nobody: not an item, and nothing to expect', () => {
    const doc =
      html(`<shreddit-notification><a slot="title" href="/r/PlannerApp/comments/1j0inly/comment/mf1a002/">Your comment got 50 upvotes</a>
      <time datetime="2025-10-13T18:00:00.000Z">17h</time></shreddit-notification>`);
    expect(reddit.findItems(doc)).toHaveLength(1);
    expect(read(doc, NOTIF)).toEqual([]);
    expect(reddit.itemsExpected!(doc, 'notifications')).toBe(false);
  });
});

describe('reddit: legacy inbox', () => {
  it('reads comment replies, post replies, mentions and messages; the empty stub is not an item', () => {
    const doc = page('inbox-old.html', INBOX);
    const items = read(doc, INBOX);
    expect(items.map((i) => [i.nativeId, i.kind])).toEqual([
      ['t1_mf2r001', 'reply'],
      ['t1_mf2r003', 'comment'],
      ['t1_mf2r002', 'mention'],
      ['t4_2k9q1ab', 'dm'],
    ]);
    expect(items[0]!.permalink).toBe(
      'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out/mf2r001/',
    );
    expect(items.every((i) => reddit.isInbound(i, { page: 'inbox', profiles: ['inlaydemo'] }))).toBe(true);
    expect(reddit.signedInAs!(doc)).toBe('inlaydemo');
  });
});

describe('reddit: message list', () => {
  it('lists each conversation once, unread vs read, with its latest time and last message', () => {
    const doc = page('messages-old.html', MESSAGES);
    expect(reddit.sweepThreads!(doc)).toEqual([
      {
        id: '2k9q1ab',
        url: 'https://old.reddit.com/message/messages/2k9q1ab/',
        unread: true,
        at: '2025-10-12T15:30:00.000Z',
        preview: 'Hi! Do you offer discounts for classrooms?',
      },
      {
        id: '2k8p0zz',
        url: 'https://old.reddit.com/message/messages/2k8p0zz/',
        unread: false,
        at: '2025-10-10T12:30:00.000Z',
        preview: 'Thanks, fixed in 2.4.1.',
      },
      {
        id: '2k7n0bb',
        url: 'https://old.reddit.com/message/messages/2k7n0bb/',
        unread: false,
        at: '2025-10-08T09:00:00.000Z',
        preview: 'Would your sub host an AMA with our team?',
      },
    ]);
    for (const t of reddit.sweepThreads!(doc)) expect(reddit.pageKind(new URL(t.url))).toBe('message');
  });

  it('messages from others are inbound dms; ours are not', () => {
    const items = read(page('messages-old.html', MESSAGES), MESSAGES);
    const inbound = items.filter((i) => reddit.isInbound(i, { page: 'messages', profiles: ['inlaydemo'] }));
    expect(inbound.map((i) => i.author.handle)).toEqual(['maple_stack', 'quietbyte']);
    expect(items.find((i) => i.nativeId === 't4_2k8q0aa')).toMatchObject({
      parentId: 't4_2k8p0zz',
      threadId: 't4_2k8p0zz',
    });
  });
});

describe('reddit: submitted list', () => {
  it('lists our posts with their t3_ ids, permalinks, times and the pinned one; not the promoted post', () => {
    const doc = page('submitted.html', SUBMITTED);
    const posts = reddit.sweepPosts!(doc, ['inlaydemo']);
    expect(posts.map((p) => [p.id, p.pinned, p.at])).toEqual([
      ['t3_1h0pin1', true, '2025-01-05T10:00:00.000Z'],
      ['t3_1j0inly', false, '2025-10-13T08:00:00.000Z'],
      ['t3_1i9wxyz', false, '2025-09-30T16:45:00.000Z'],
      ['t3_1i5abcd', false, '2025-09-12T07:20:00.000Z'],
    ]);
    expect(posts[1]!.url).toBe('https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out/');
    // the same ids the posts get as items of kind post
    expect(read(doc, SUBMITTED).map((i) => i.nativeId)).toEqual(posts.map((p) => p.id));
    expect(reddit.sweepPosts!(doc, ['someoneelse'])).toEqual([]);
  });

  it('reads old reddit’s submitted list too (data-timestamp, stickied)', () => {
    const doc = html(
      `<div class="thing link stickied" data-fullname="t3_1h0pin1" data-author="inlaydemo" data-timestamp="1736071200000"
         data-permalink="/r/PlannerApp/comments/1h0pin1/read_this_first_faq/"><div class="entry"></div></div>`,
      'https://old.reddit.com/user/inlaydemo/submitted/',
    );
    expect(reddit.sweepPosts!(doc, ['InlayDemo'])).toEqual([
      {
        id: 't3_1h0pin1',
        url: 'https://www.reddit.com/r/PlannerApp/comments/1h0pin1/read_this_first_faq/',
        at: '2025-01-05T10:00:00.000Z',
        pinned: true,
      },
    ]);
  });
});

describe('reddit: signed in, signed out, challenged', () => {
  it('names the signed-in account on the sweep pages and on comment pages (kept from before)', () => {
    for (const [f, url] of [
      ['notifications.html', NOTIF],
      ['inbox-old.html', INBOX],
      ['messages-old.html', MESSAGES],
      ['submitted.html', SUBMITTED],
      [
        'post-logged-in.html',
        'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out_what_should_we_build_next/',
      ],
    ] as const) {
      const doc = page(f, url);
      expect([f, reddit.signedInAs!(doc), reddit.signedOut!(doc), reddit.challenge!(doc)]).toEqual([
        f,
        'inlaydemo',
        false,
        false,
      ]);
    }
    const out = page(
      'post-logged-out.html',
      'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out_what_should_we_build_next/',
    );
    expect(reddit.signedOut!(out)).toBe(true);
    expect(reddit.signedInAs!(out)).toBeNull();
  });

  it('the sign-in wall is signed out and names nobody', () => {
    const doc = page('signed-out.html', NOTIF);
    expect(reddit.signedOut!(doc)).toBe(true);
    expect(reddit.signedInAs!(doc)).toBeNull();
    expect(reddit.challenge!(doc)).toBe(false);
    expect(reddit.findItems(doc)).toHaveLength(0);
  });

  it('the login page is signed out by its URL alone, even carrying a captcha', () => {
    expect(reddit.signedOut!(html('<main></main>', 'https://www.reddit.com/login/?dest=%2Fnotifications'))).toBe(true);
    expect(reddit.signedOut!(html('<main></main>', 'https://old.reddit.com/login'))).toBe(true);
    const withCaptcha = html(
      '<iframe src="https://www.google.com/recaptcha/api2/anchor"></iframe>',
      'https://www.reddit.com/login/',
    );
    expect(reddit.challenge!(withCaptcha)).toBe(false);
    expect(reddit.signedOut!(withCaptcha)).toBe(true);
  });

  it('the block page is a challenge, not a sign-out, though it offers to log in', () => {
    const doc = page('challenge.html', INBOX);
    expect(reddit.challenge!(doc)).toBe(true);
    expect(reddit.signedOut!(doc)).toBe(false);
    expect(reddit.signedInAs!(doc)).toBeNull();
    expect(reddit.findItems(doc)).toHaveLength(0);
    const both = html(
      '<h1>whoa there, pardner!</h1><a id="login-button" href="/login/">Log In</a>',
      INBOX,
      'Too Many Requests',
    );
    expect(reddit.challenge!(both)).toBe(true);
    expect(reddit.signedOut!(both)).toBe(false);
    expect(reddit.challenge!(html('<iframe src="https://newassets.hcaptcha.com/captcha/v1/x"></iframe>'))).toBe(true);
  });
});

describe('reddit: expanders', () => {
  it('offers "View more comments" on the saved thread', () => {
    const doc = page(
      'post-logged-in.html',
      'https://www.reddit.com/r/PlannerApp/comments/1j0inly/spring_release_is_out_what_should_we_build_next/',
    );
    expect(reddit.sweepExpanders!(doc).map((b) => b.textContent?.trim())).toEqual(['View more comments']);
  });

  it('offers only "more replies" buttons, never vote, reply, award, share, "continue this thread" or "mark unread"', () => {
    const doc = html(`
      <shreddit-comment thingid="t1_a1" author="x" depth="0">
        <shreddit-comment-action-row comment-id="t1_a1">
          <button aria-label="Upvote">Upvote</button>
          <faceplate-tracker noun="reply_comment"><button slot="comment-reply">Reply</button></faceplate-tracker>
          <faceplate-partial loading="action" src="/svc/shreddit/more-comments/x"><button>Award</button></faceplate-partial>
          <button>Share</button>
        </shreddit-comment-action-row>
        <faceplate-partial slot="more-comments" loading="action" src="/svc/shreddit/more-comments/PlannerApp/t1_a1"><button type="button">3 more replies</button></faceplate-partial>
        <div slot="more-comments"><button type="button">1 more reply</button></div>
        <a href="/r/PlannerApp/comments/1j0inly/comment/a1/">Continue this thread</a>
      </shreddit-comment>
      <faceplate-partial loading="action" src="/svc/shreddit/more-comments/PlannerApp/t3_1j0inly"><button>Follow</button></faceplate-partial>
      <div class="thing morechildren"><span class="morecomments"><a href="javascript:void(0)" onclick="return morechildren(this)">load more comments (5 replies)</a></span></div>
      <div class="thing morechildren"><a href="/r/PlannerApp/comments/1j0inly/x/a2/" onclick="return morechildren(this)">load more comments</a></div>
      <ul class="flat-list buttons"><li><a href="javascript:void(0)" class="unread-button">mark unread</a></li></ul>`);
    expect(reddit.sweepExpanders!(doc).map((b) => b.textContent?.trim())).toEqual([
      '3 more replies',
      '1 more reply',
      'load more comments (5 replies)',
    ]);
  });
});
