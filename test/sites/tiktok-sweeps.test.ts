/**
 * What a sweep asks of the TikTok adapter (docs/sweeps.md): the list pages it opens, the Activity
 * rows read as items (a top-level comment keeps the id it gets on the video page), the
 * conversations of /messages, our videos on the profile grid, who is signed in, the log-in wall and
 * the captcha, and the only expanders it may click.
 */
import { happyPages } from './fixture-support';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { commentId, tiktok } from '../../extension/sites/tiktok';

const { page, html } = happyPages('https://www.tiktok.com/notifications', 'test/fixtures/tiktok');

function read(doc: Document, url: string, profiles = ['inlaydemo']): CapturedItem[] {
  const u = new URL(url);
  const ctx = { url: u, page: tiktok.pageKind(u)!, profiles, memo: new Map<string, string>() };
  return tiktok.findItems(doc).flatMap((el) => {
    const it = tiktok.extract(el, ctx);
    return it ? [it] : [];
  });
}

const NOTIF = 'https://www.tiktok.com/notifications';
const MESSAGES = 'https://www.tiktok.com/messages';
const PROFILE = 'https://www.tiktok.com/@inlaydemo';
const VIDEO = 'https://www.tiktok.com/@inlaydemo/video/7480000000000000100';

describe('tiktok: sweep pages', () => {
  it('opens Activity, the message list and our profile grid, and knows each as its page kind', () => {
    expect(tiktok.sweepPage!('notifications', 'inlaydemo')).toBe(NOTIF);
    expect(tiktok.sweepPage!('dms', 'inlaydemo')).toBe(MESSAGES);
    expect(tiktok.sweepPage!('posts', '@InlayDemo')).toBe('https://www.tiktok.com/@inlaydemo');
    expect(tiktok.sweepPage!('posts', 'not a handle')).toBeNull();
    expect(tiktok.pageKind(new URL(NOTIF))).toBe('notifications');
    expect(tiktok.pageKind(new URL(MESSAGES))).toBe('messages');
    expect(tiktok.pageKind(new URL(PROFILE))).toBe('profile');
    expect(tiktok.pageKind(new URL(VIDEO))).toBe('video');
  });
});

describe('tiktok: Activity', () => {
  it('reads comments, replies and mentions; likes, "and 3 others" and follows are not items', () => {
    const doc = page('notifications.html', NOTIF);
    const items = read(doc, NOTIF);
    expect(items.map((i) => [i.kind, i.author.handle, i.text])).toEqual([
      ['comment', 'pixel.fern', 'Where can I get this template?'],
      ['reply', 'nightowl_91', 'ok that makes sense, thanks!'],
      ['mention', 'studybuddy.co', '@inlaydemo you need to see this'],
    ]);
    expect(items[0]!.permalink).toBe(VIDEO);
    expect(items[0]!.author.name).toBe('Pixel Fern');
    expect(items[2]!.permalink).toBe(NOTIF); // the row links no video
    expect(items.every((i) => i.profile === 'inlaydemo')).toBe(true);
    expect(items.every((i) => tiktok.isInbound(i, { page: 'notifications', profiles: ['inlaydemo'] }))).toBe(true);
    expect(tiktok.itemsExpected!(doc, 'notifications')).toBe(true);
  });

  it('a comment on a linked video gets the same id as on the video page', () => {
    const [comment] = read(page('notifications.html', NOTIF), NOTIF);
    expect(comment!.nativeId).toBe(
      commentId('7480000000000000100', 'pixel.fern', 'Where can I get this template?', null),
    );
    expect(comment!.parentId).toBe('7480000000000000100');
    const onVideo = html(
      `<div><div><a href="/@pixel.fern"><img alt=""></a><div><div data-e2e="comment-username-1"><a href="/@pixel.fern"><p>Pixel Fern</p></a></div>
        <span data-e2e="comment-level-1">Where can I get this template?</span><span data-e2e="comment-reply-1" role="button">Reply</span></div></div></div>`,
      VIDEO,
    );
    expect(read(onVideo, VIDEO)[0]!.nativeId).toBe(comment!.nativeId);
  });

  it('rows are not read on other pages, and a list of likes and follows expects nothing', () => {
    const doc = html(`<div data-e2e="inbox-list"><ul>
      <li><div data-e2e="inbox-list-item"><a href="/@quiet.lake" data-e2e="inbox-title">quiet lake</a><p data-e2e="inbox-content">liked your video. 5h ago</p></div></li>
      <li><div data-e2e="inbox-list-item"><a href="/@user7731" data-e2e="inbox-title">user7731</a><p data-e2e="inbox-content">started following you. 1d ago</p></div></li>
    </ul></div>`);
    expect(read(doc, NOTIF)).toEqual([]);
    expect(tiktok.itemsExpected!(doc, 'notifications')).toBe(false);
    const panel = page('notifications.html', VIDEO);
    expect(read(panel, VIDEO)).toEqual([]);
  });
});

describe('tiktok: message list', () => {
  it('lists conversations: unread vs read, the preview, a full date only', () => {
    const threads = tiktok.sweepThreads!(page('messages.html', MESSAGES));
    expect(threads.map((t) => [t.id.replace(/:[0-9a-f]{16}$/, ':#'), t.unread, t.at, t.preview])).toEqual([
      ['@pixel.fern', true, null, 'Do you ship to Canada?'],
      ['name:#', false, null, 'haha ok'],
      ['name:#', false, '2025-12-30T00:00:00.000Z', 'You: Sent you the link'],
    ]);
    expect(new Set(threads.map((t) => t.id)).size).toBe(3);
    for (const t of threads) expect(t.url).toBe(MESSAGES);
  });

  it('a row with a chat link names the conversation by its user id', () => {
    const doc = html(
      `<div data-e2e="chat-list-item"><a href="/messages?lang=en&u=7000000000000000001"><p>Night Owl</p><p><span>hi</span><span>2025-1-5</span></p></a></div>`,
      MESSAGES,
    );
    expect(tiktok.sweepThreads!(doc)).toEqual([
      {
        id: 'u:7000000000000000001',
        url: 'https://www.tiktok.com/messages?u=7000000000000000001',
        unread: false,
        at: '2025-01-05T00:00:00.000Z',
        preview: 'hi',
      },
    ]);
  });
});

describe('tiktok: profile grid', () => {
  it('lists our videos with their ids, permalinks, times from the id and the pinned badges', () => {
    const doc = page('profile.html', PROFILE);
    expect(tiktok.sweepPosts!(doc, ['inlaydemo'])).toEqual([
      {
        id: '7400000000000000200',
        url: 'https://www.tiktok.com/@inlaydemo/photo/7400000000000000200',
        at: '2024-08-06T12:19:23.000Z',
        pinned: true,
      },
      {
        id: '7450000000000000300',
        url: 'https://www.tiktok.com/@inlaydemo/video/7450000000000000300',
        at: '2024-12-19T06:04:55.000Z',
        pinned: true,
      },
      { id: '7480000000000000100', url: VIDEO, at: '2025-03-10T02:20:14.000Z', pinned: false },
      {
        id: '7470000000000000400',
        url: 'https://www.tiktok.com/@inlaydemo/video/7470000000000000400',
        at: '2025-02-11T03:35:08.000Z',
        pinned: false,
      },
    ]);
    expect(tiktok.sweepPosts!(doc, ['pixelharbor'])).toEqual([]);
  });

  it('the post id is the parent id the video’s comments carry', () => {
    const doc = page('video-with-comments.html', VIDEO);
    const top = read(doc, VIDEO).find((i) => i.kind === 'comment')!;
    expect(top.parentId).toBe('7480000000000000100');
  });
});

describe('tiktok: signed in, signed out, challenged', () => {
  it('names the signed-in account on the sweep pages', () => {
    for (const [f, url] of [
      ['notifications.html', NOTIF],
      ['messages.html', MESSAGES],
      ['profile.html', PROFILE],
      ['video-with-comments.html', VIDEO],
    ] as const) {
      const doc = page(f, url);
      expect([f, tiktok.signedInAs!(doc), tiktok.signedOut!(doc), tiktok.challenge!(doc)]).toEqual([
        f,
        'inlaydemo',
        false,
        false,
      ]);
    }
  });

  it('the log-in dialog without an account is signed out and names nobody', () => {
    const doc = page('signed-out.html', NOTIF);
    expect(tiktok.signedOut!(doc)).toBe(true);
    expect(tiktok.signedInAs!(doc)).toBeNull();
    expect(tiktok.challenge!(doc)).toBe(false);
    expect(read(doc, NOTIF)).toEqual([]);
  });

  it('/login is signed out by its URL alone', () => {
    expect(tiktok.signedOut!(html('<main></main>', 'https://www.tiktok.com/login?redirect_url=%2Fmessages'))).toBe(
      true,
    );
    expect(tiktok.signedOut!(html('<main></main>', 'https://www.tiktok.com/login/phone-or-email'))).toBe(true);
  });

  it('the captcha is a challenge, not a sign-out, even over a log-in dialog', () => {
    const doc = page('challenge.html', MESSAGES);
    expect(tiktok.challenge!(doc)).toBe(true);
    expect(tiktok.signedOut!(doc)).toBe(false);
    expect(tiktok.signedInAs!(doc)).toBeNull();
    const both = html('<div data-e2e="login-modal"></div><img id="captcha-verify-image">', MESSAGES);
    expect(tiktok.challenge!(both)).toBe(true);
    expect(tiktok.signedOut!(both)).toBe(false);
    expect(tiktok.challenge!(html('<main></main>', 'https://www.tiktok.com/captcha?x=1'))).toBe(true);
  });
});

describe('tiktok: expanders', () => {
  it('offers the saved thread’s "View 1 more", and never "Hide"', () => {
    expect(tiktok.sweepExpanders!(page('video-with-comments.html', VIDEO)).map((e) => e.textContent?.trim())).toEqual([
      'View 1 more',
    ]);
    expect(
      tiktok.sweepExpanders!(
        page('video-2024-not-ours.html', 'https://www.tiktok.com/@pixelharbor/video/7470000000000000300'),
      ),
    ).toEqual([]);
  });

  it('excludes like, reply, follow, post and message buttons', () => {
    const doc = html(
      `<p data-e2e="view-more-1" role="button">View 3 replies</p>
       <p data-e2e="view-more-2" role="button">View 12 more</p>
       <p data-e2e="view-more-1" role="button">Hide</p>
       <div role="button"><span>View 2 more replies</span></div>
       <span data-e2e="comment-reply-1" role="button">Reply</span>
       <div data-e2e="comment-like-icon" role="button">View more</div>
       <div role="button">Like</div><div role="button">Follow</div>
       <div data-e2e="comment-post" role="button">Post</div>
       <a href="/@someone" role="button">View 4 more</a>`,
      VIDEO,
    );
    expect(tiktok.sweepExpanders!(doc).map((e) => e.textContent?.trim())).toEqual([
      'View 3 replies',
      'View 12 more',
      'View 2 more replies',
    ]);
  });
});
