/**
 * What a sweep asks of the YouTube adapter (docs/sweeps.md): the list page of each kind (only the
 * channel's Videos tab: YouTube has no message inbox, and its notifications are a menu, not a
 * page), our videos on that tab, who the page shows signed in, whether YouTube or Google showed a
 * sign-in page or a security check instead, and which reply expanders are safe to click — on the
 * saved pages (the Videos tab, signed-out and challenge fixtures hold no comment items, so they
 * are not in the adapter's `expected` list) and on small inline pages.
 */
import { happyPages } from './fixture-support';
import { describe, expect, it } from 'vitest';
import { youtube } from '../../extension/sites/youtube';

const { page, html } = happyPages('https://www.youtube.com/watch?v=Dm0InLay001');

const VIDEOS = 'https://www.youtube.com/@inlaydemo/videos';
const WATCH = 'https://www.youtube.com/watch?v=Dm0InLay001';
const AVATAR =
  '<ytd-masthead><div id="buttons"><ytd-topbar-menu-button-renderer><button id="avatar-btn" aria-label="Account menu"></button></ytd-topbar-menu-button-renderer></div></ytd-masthead>';

describe('youtube: sweep pages', () => {
  it('has a posts list (the channel Videos tab) and no notifications or message inbox page', () => {
    expect(youtube.sweepPage!('posts', 'inlaydemo')).toBe(VIDEOS);
    expect(youtube.sweepPage!('posts', '@InlayDemo')).toBe(VIDEOS);
    expect(youtube.sweepPage!('posts', 'UCinlaydemo0000000000000')).toBe(
      'https://www.youtube.com/channel/UCinlaydemo0000000000000/videos',
    );
    expect(youtube.pageKind(new URL(youtube.sweepPage!('posts', 'inlaydemo')!))).toBe('channelVideos');
    expect(youtube.sweepPage!('posts', 'inlay demo')).toBeNull();
    expect(youtube.sweepPage!('notifications', 'inlaydemo')).toBeNull();
    expect(youtube.sweepPage!('dms', 'inlaydemo')).toBeNull();
    expect(youtube.sweepThreads).toBeUndefined();
  });

  it('the Videos tab holds no comment items, so an empty read there is not "unreadable"', () => {
    const doc = page('test/fixtures/youtube/channel-videos.html', VIDEOS);
    expect(youtube.findItems(doc)).toHaveLength(0);
    expect(youtube.pages.channelVideos!.expectsItems).toBe(false);
  });
});

describe('youtube: our videos (sweepPosts)', () => {
  it('lists the videos of our channel by video id, skipping a hidden stale row; no times, nothing pinned', () => {
    const doc = page('test/fixtures/youtube/channel-videos.html', VIDEOS);
    expect(youtube.sweepPosts!(doc, ['inlaydemo'])).toEqual([
      { id: 'Dm0InLay003', url: 'https://www.youtube.com/watch?v=Dm0InLay003', at: null, pinned: false },
      { id: 'Dm0InLay001', url: 'https://www.youtube.com/watch?v=Dm0InLay001', at: null, pinned: false },
      { id: 'Dm0InLay004', url: 'https://www.youtube.com/watch?v=Dm0InLay004', at: null, pinned: false },
      { id: 'Dm0InLay005', url: 'https://www.youtube.com/watch?v=Dm0InLay005', at: null, pinned: false },
    ]);
    for (const p of youtube.sweepPosts!(doc, ['inlaydemo'])) expect(youtube.pageKind(new URL(p.url))).toBe('watch');
  });

  it('someone else’s channel lists none of ours', () => {
    const doc = page('test/fixtures/youtube/channel-videos.html', 'https://www.youtube.com/@pixelharbor/videos');
    expect(youtube.sweepPosts!(doc, ['inlaydemo'])).toEqual([]);
  });

  it('a listed video id is the thread id our comments on that video carry when captured on its watch page', () => {
    const listed = youtube.sweepPosts!(page('test/fixtures/youtube/channel-videos.html', VIDEOS), ['inlaydemo']);
    const watch = page('test/fixtures/youtube/watch-ours.html', WATCH);
    const ctx = { url: new URL(WATCH), page: 'watch', profiles: ['inlaydemo'], memo: new Map<string, string>() };
    const threadIds = new Set(youtube.findItems(watch).map((el) => youtube.extract(el, ctx)?.threadId));
    expect([...threadIds]).toEqual(['Dm0InLay001']);
    expect(listed.map((p) => p.id)).toContain('Dm0InLay001');
  });
});

describe('youtube: signed in, signed out, challenged', () => {
  it('names our channel on its own Videos tab (the studio links replace Subscribe)', () => {
    const doc = page('test/fixtures/youtube/channel-videos.html', VIDEOS);
    expect([youtube.signedInAs!(doc), youtube.signedOut!(doc), youtube.challenge!(doc)]).toEqual([
      'inlaydemo',
      false,
      false,
    ]);
  });

  it('the watch pages read as signed in, and name the owner where the page says the video is ours', () => {
    const ours = page('test/fixtures/youtube/watch-ours.html', WATCH);
    expect([youtube.signedInAs!(ours), youtube.signedOut!(ours), youtube.challenge!(ours)]).toEqual([
      'inlaydemo',
      false,
      false,
    ]);
    const other = page(
      'test/fixtures/youtube/watch-not-ours-legacy.html',
      'https://www.youtube.com/watch?v=Px4rBoR0002',
    );
    expect([youtube.signedOut!(other), youtube.challenge!(other)]).toEqual([false, false]);
  });

  it('the masthead "Sign in" with no avatar is signed out, and names nobody', () => {
    const doc = page('test/fixtures/youtube/signed-out.html', WATCH);
    expect(youtube.signedOut!(doc)).toBe(true);
    expect(youtube.signedInAs!(doc)).toBeNull();
    expect(youtube.challenge!(doc)).toBe(false);
    expect(youtube.findItems(doc)).toHaveLength(0);
    // a Sign in link beside an avatar (the account menu's "switch account") is not signed out
    const both = html(
      `${AVATAR}<ytd-masthead><ytd-button-renderer><a href="https://accounts.google.com/ServiceLogin?service=youtube">Sign in</a></ytd-button-renderer></ytd-masthead>`,
    );
    expect(youtube.signedOut!(both)).toBe(false);
  });

  it('Google’s sign-in page is signed out by its URL alone', () => {
    expect(
      youtube.signedOut!(html('<main></main>', 'https://accounts.google.com/v3/signin/identifier?service=youtube')),
    ).toBe(true);
  });

  it('the google.com/sorry captcha and "Verify it’s you" are challenges, not sign-outs', () => {
    const sorry = page(
      'test/fixtures/youtube/challenge.html',
      'https://www.google.com/sorry/index?continue=https://www.youtube.com/watch%3Fv%3DDm0InLay001',
    );
    expect([youtube.challenge!(sorry), youtube.signedOut!(sorry), youtube.signedInAs!(sorry)]).toEqual([
      true,
      false,
      null,
    ]);
    // the captcha form alone, wherever it shows
    const form = html(
      '<form id="captcha-form"><div id="recaptcha" data-sitekey="k"></div></form>',
      'https://www.youtube.com/sorry/index',
    );
    expect(youtube.challenge!(form)).toBe(true);
    const verify = html(
      '<h1>Verify it’s you</h1><p>To help keep your account safe…</p>',
      'https://accounts.google.com/v3/signin/confirmidentifier',
    );
    expect([youtube.challenge!(verify), youtube.signedOut!(verify)]).toEqual([true, false]);
    expect(youtube.challenge!(html('<main></main>', 'https://accounts.google.com/v3/signin/challenge/pwd'))).toBe(true);
  });

  it('the player’s bot check is a challenge only when it says so', () => {
    const bot = html(
      `<ytd-masthead><ytd-button-renderer><a href="https://accounts.google.com/ServiceLogin?service=youtube">Sign in</a></ytd-button-renderer></ytd-masthead>
       <yt-playability-error-supported-renderers><div id="reason">Sign in to confirm you’re not a bot</div></yt-playability-error-supported-renderers>`,
    );
    expect([youtube.challenge!(bot), youtube.signedOut!(bot)]).toEqual([true, false]);
    const unavailable = html(
      `${AVATAR}<yt-playability-error-supported-renderers><div id="reason">Video unavailable</div></yt-playability-error-supported-renderers>`,
    );
    expect(youtube.challenge!(unavailable)).toBe(false);
  });
});

describe('youtube: reply expanders (sweepExpanders)', () => {
  it('offers the visible "N replies" button of the saved thread, never a hidden one', () => {
    const doc = page('test/fixtures/youtube/watch-ours.html', WATCH);
    const found = youtube.sweepExpanders!(doc);
    expect(found.map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim())).toHaveLength(1);
    for (const b of found) {
      expect(b.closest('ytd-comment-replies-renderer')).not.toBeNull();
      expect(b.closest('[hidden]')).toBeNull();
    }
  });

  it('never offers like, dislike, heart, Reply, "Hide replies" or a disabled button', () => {
    const doc = html(`
      <ytd-comment-thread-renderer>
        <ytd-comment-view-model><div id="toolbar">
          <ytd-toggle-button-renderer id="like-button"><button aria-label="Like this comment">Like</button></ytd-toggle-button-renderer>
          <ytd-toggle-button-renderer id="dislike-button"><button aria-label="Dislike this comment">Dislike</button></ytd-toggle-button-renderer>
          <div id="creator-heart"><button aria-label="Heart">♥</button></div>
          <div id="reply-button-end"><button aria-label="Reply">Reply</button></div>
        </div></ytd-comment-view-model>
        <ytd-comment-replies-renderer>
          <div id="more-replies"><ytd-button-renderer><button aria-label="4 replies">4 replies</button></ytd-button-renderer></div>
          <div id="less-replies"><ytd-button-renderer><button aria-label="Hide replies">Hide replies</button></ytd-button-renderer></div>
          <div id="contents">
            <ytd-comment-view-model><div id="reply-button-end"><button aria-label="Reply">Reply</button></div></ytd-comment-view-model>
            <ytd-continuation-item-renderer><ytd-button-renderer><button aria-label="Show more replies">Show more replies</button></ytd-button-renderer></ytd-continuation-item-renderer>
          </div>
        </ytd-comment-replies-renderer>
      </ytd-comment-thread-renderer>
      <ytd-comment-thread-renderer><ytd-comment-replies-renderer>
        <div id="more-replies" hidden><ytd-button-renderer><button aria-label="2 replies">2 replies</button></ytd-button-renderer></div>
        <div id="more-replies-sub-thread"><ytd-button-renderer><button aria-label="1 reply" disabled>1 reply</button></ytd-button-renderer></div>
        <ytd-continuation-item-renderer><button>Subscribe</button></ytd-continuation-item-renderer>
      </ytd-comment-replies-renderer></ytd-comment-thread-renderer>
      <ytd-item-section-renderer><ytd-continuation-item-renderer><button aria-label="Show more">Show more</button></ytd-continuation-item-renderer></ytd-item-section-renderer>`);
    expect(youtube.sweepExpanders!(doc).map((b) => b.getAttribute('aria-label'))).toEqual([
      '4 replies',
      'Show more replies',
    ]);
  });
});
