/**
 * What a sweep asks of the X adapter (docs/sweeps.md): the list page of each kind, the
 * conversations on the message inbox list (2025 /messages and 2026 X Chat), our posts on the
 * profile page, who the page shows signed in, whether X showed its logged-out wall or a security
 * check instead of the page, and which "show more replies" expanders are safe to click — on the
 * saved pages, including the signed-out, challenge and inbox fixtures (which hold no items, so
 * they are not in the adapter's `expected` list).
 */
import { happyPages } from './fixture-support';
import { describe, expect, it } from 'vitest';
import { x } from '../../extension/sites/x';

const { page, html } = happyPages('https://x.com/inlaydemo/status/1900000000000000100');

const NOTIFICATIONS = 'https://x.com/notifications';

describe('x: sweeps', () => {
  it('names the signed-in account on pages that show the account switcher', () => {
    for (const [fixture, url] of [
      ['test/fixtures/x/notifications-all.html', NOTIFICATIONS],
      ['test/fixtures/x/status-with-replies.html', 'https://x.com/inlaydemo/status/1900000000000000100'],
      ['test/fixtures/x/status-not-ours-dark.html', 'https://x.com/pixelharbor/status/1900000000000000200'],
    ] as const) {
      const doc = page(fixture, url);
      expect([fixture, x.signedInAs!(doc)]).toEqual([fixture, 'inlaydemo']);
      expect([fixture, x.signedOut!(doc), x.challenge!(doc)]).toEqual([fixture, false, false]);
    }
  });

  it('the logged-out wall at the notifications URL is signed out, and names nobody', () => {
    const doc = page('test/fixtures/x/signed-out.html', NOTIFICATIONS);
    expect(x.signedOut!(doc)).toBe(true);
    expect(x.signedInAs!(doc)).toBeNull();
    expect(x.challenge!(doc)).toBe(false);
    expect(x.findItems(doc)).toHaveLength(0);
  });

  it('the login flow is signed out by its URL alone', () => {
    expect(x.signedOut!(html('<main></main>', 'https://x.com/i/flow/login'))).toBe(true);
  });

  it('the account-access captcha is a challenge (not a sign-out), wherever X shows it', () => {
    const doc = page('test/fixtures/x/challenge.html', NOTIFICATIONS);
    expect(x.challenge!(doc)).toBe(true);
    expect(x.signedOut!(doc)).toBe(false);
    expect(x.findItems(doc)).toHaveLength(0);
    expect(x.challenge!(html('<main></main>', 'https://x.com/account/access'))).toBe(true);
  });

  it('offers only "Show more replies"-type cells to click, never a tweet’s buttons', () => {
    const doc = page('test/fixtures/x/status-with-replies.html', 'https://x.com/inlaydemo/status/1900000000000000100');
    expect(x.sweepExpanders!(doc)).toEqual([]); // the saved thread shows every reply
    const cells = html(`
      <div data-testid="cellInnerDiv"><div><div role="button" tabindex="0"><span>Show more replies</span></div></div></div>
      <div data-testid="cellInnerDiv"><div><div role="button" tabindex="0"><span>Show probable spam</span></div></div></div>
      <div data-testid="cellInnerDiv"><article data-testid="tweet"><div role="button"><span>Show more replies</span></div>
        <button data-testid="like" role="button">Like</button></article></div>
      <div data-testid="cellInnerDiv"><div><div role="button" tabindex="0"><span>Follow</span></div></div></div>
      <div data-testid="cellInnerDiv"><div><div role="button" data-testid="UserCell">Show more replies</div></div></div>
      <div data-testid="cellInnerDiv"><div><div role="button" aria-haspopup="menu">Show more replies</div></div></div>`);
    expect(x.sweepExpanders!(cells).map((b) => b.textContent?.trim())).toEqual([
      'Show more replies',
      'Show probable spam',
    ]);
  });

  it('knows the list page of each sweep kind, and reads each as that list', () => {
    expect(x.sweepPage!('notifications', 'inlaydemo')).toBe(NOTIFICATIONS);
    expect(x.pageKind(new URL(x.sweepPage!('notifications', 'inlaydemo')!))).toBe('notifications');
    expect(x.sweepPage!('dms', 'inlaydemo')).toBe('https://x.com/i/chat');
    expect(x.pageKind(new URL(x.sweepPage!('dms', 'inlaydemo')!))).toBe('inbox');
    expect(x.sweepPage!('posts', '@InlayDemo')).toBe('https://x.com/inlaydemo');
    expect(x.pageKind(new URL(x.sweepPage!('posts', 'inlaydemo')!))).toBe('profile');
    // not a handle X could have, or one of X's own pages: no profile page to open
    expect(x.sweepPage!('posts', 'inlay demo')).toBeNull();
    expect(x.sweepPage!('posts', 'notifications')).toBeNull();
  });
});

describe('x: the message inbox list (sweepThreads)', () => {
  it('reads the 2025 /messages list: ids and links from each row, unread by its badge, our own last message as read', () => {
    const doc = page('test/fixtures/x/inbox-2025.html', 'https://x.com/messages');
    expect(x.pageKind(new URL(doc.location.href))).toBe('inbox');
    expect(x.signedInAs!(doc)).toBe('inlaydemo');
    expect(x.sweepThreads!(doc)).toEqual([
      {
        id: '1500000000000000001-1500000000000000002',
        url: 'https://x.com/messages/1500000000000000001-1500000000000000002',
        unread: true,
        at: '2026-03-02T10:05:00.000Z',
        preview: 'Any update on my refund? Order #5520',
      },
      {
        id: '1500000000000000001-1500000000000000004',
        url: 'https://x.com/messages/1500000000000000001-1500000000000000004',
        unread: false,
        at: '2026-02-27T12:00:00.000Z',
        preview: 'You: See you at the meetup!',
      },
      {
        id: '1600000000000000009',
        url: 'https://x.com/messages/1600000000000000009',
        unread: false,
        at: null, // the row shows no time
        preview: 'Pixel Harbor: shipping the banner tonight',
      },
    ]);
    expect(x.findItems(doc)).toHaveLength(0); // a list of conversations holds no items
  });

  it('reads the 2026 X Chat list: ids from the row test id where there is no link, unread by dot or label', () => {
    const doc = page('test/fixtures/x/chat-inbox-2026.html', 'https://x.com/i/chat');
    expect(x.pageKind(new URL(doc.location.href))).toBe('inbox');
    expect(x.signedInAs!(doc)).toBe('inlaydemo');
    const threads = x.sweepThreads!(doc);
    expect(threads.map((t) => [t.id, t.url, t.unread, t.at])).toEqual([
      [
        '1500000000000000001-1500000000000000003',
        'https://x.com/i/chat/1500000000000000001-1500000000000000003',
        true,
        '2026-03-03T09:41:00.000Z',
      ],
      [
        '1500000000000000001-1500000000000000005',
        'https://x.com/i/chat/1500000000000000001-1500000000000000005',
        false,
        '2026-02-28T16:00:00.000Z',
      ],
      ['g1600000000000000009', 'https://x.com/i/chat/g1600000000000000009', true, '2026-03-02T18:20:00.000Z'],
    ]);
    // the preview is text as shown (never markup), without the name, handle, time or unread label
    expect(threads.map((t) => t.preview)).toEqual([
      'Is the restock date confirmed? <soon>',
      'You: Sent you the beta link',
      'Pixel Harbor: banner is live, thanks all',
    ]);
    // each thread opens as the conversation page the adapter already reads
    for (const t of threads) expect(x.pageKind(new URL(t.url))).toBe('dm');
  });

  it('an open conversation page still lists its inbox panel, and still reads its messages', () => {
    const doc = page(
      'test/fixtures/x/dm-chat-2026.html',
      'https://x.com/i/chat/1500000000000000001-1500000000000000003',
    );
    expect(x.sweepThreads!(doc).map((t) => t.id)).toEqual([
      '1500000000000000001-1500000000000000003',
      '1500000000000000001-1500000000000000005',
    ]);
    expect(x.findItems(doc)).toHaveLength(6);
  });

  it('tells an unread row from a read one only by the dot, a badge or a label ending in "unread"', () => {
    const doc = html(
      `<div data-testid="dm-conversation-item-11:22" aria-description="Ana, @ana, hi there, 9:00 AM, unread"><span>Ana</span><span>@ana</span><time datetime="2026-03-01T09:00:00.000Z">9:00 AM</time><span>hi there</span></div>
       <div data-testid="dm-conversation-item-11:33" aria-description="Bo, @bo, I have unread mail, 8:00 AM"><span>Bo</span><span>@bo</span><time datetime="2026-03-01T08:00:00.000Z">8:00 AM</time><span>I have unread mail</span></div>
       <div data-testid="dm-conversation-item-11:44"><div role="option"><span>Cy</span><span>@cy</span><span>see you</span><svg data-icon="icon-circle-fill"></svg></div></div>
       <div data-testid="dm-conversation-item-settings"><span>not a conversation</span></div>`,
      'https://x.com/i/chat',
    );
    expect(x.sweepThreads!(doc).map((t) => [t.id, t.unread, t.at, t.preview])).toEqual([
      ['11-22', true, '2026-03-01T09:00:00.000Z', 'hi there'],
      ['11-33', false, '2026-03-01T08:00:00.000Z', 'I have unread mail'],
      ['11-44', true, null, 'see you'],
    ]);
  });
});

describe('x: the profile posts list (sweepPosts)', () => {
  const PROFILE = 'https://x.com/inlaydemo';

  it('lists our own posts with the ids their status pages capture, the pinned one flagged; never a repost or an ad', () => {
    const doc = page('test/fixtures/x/profile.html', PROFILE);
    expect(x.pageKind(new URL(PROFILE))).toBe('profile');
    expect(x.signedInAs!(doc)).toBe('inlaydemo');
    expect(x.sweepPosts!(doc, ['inlaydemo'])).toEqual([
      {
        id: '1900000000000000050',
        url: 'https://x.com/inlaydemo/status/1900000000000000050',
        at: '2026-01-10T15:00:00.000Z',
        pinned: true,
      },
      {
        id: '1900000000000000100',
        url: 'https://x.com/inlaydemo/status/1900000000000000100',
        at: '2026-03-01T09:30:00.000Z',
        pinned: false,
      },
      {
        id: '1900000000000000090',
        url: 'https://x.com/inlaydemo/status/1900000000000000090',
        at: '2026-02-21T10:15:00.000Z',
        pinned: false,
      },
    ]);
    // someone else's profile page lists none of ours
    expect(x.sweepPosts!(doc, ['inlayhelp'])).toEqual([]);
  });

  it('a post id on the list is the native id its own status page captures it under', () => {
    const status = page(
      'test/fixtures/x/status-with-replies.html',
      'https://x.com/inlaydemo/status/1900000000000000100',
    );
    const url = new URL('https://x.com/inlaydemo/status/1900000000000000100');
    const ctx = { url, page: 'status', profiles: ['inlaydemo'], memo: new Map<string, string>() };
    const own = x
      .findItems(status)
      .map((el) => x.extract(el, ctx))
      .find((i) => i?.kind === 'post' && i.author.handle === 'inlaydemo');
    const listed = x.sweepPosts!(page('test/fixtures/x/profile.html', PROFILE), ['inlaydemo']).map((p) => p.id);
    expect(listed).toContain(own?.nativeId);
  });

  it('profile tweets are posts, never inbound; an empty profile is not unreadable', () => {
    const doc = page('test/fixtures/x/profile.html', PROFILE);
    const ctx = { url: new URL(PROFILE), page: 'profile', profiles: ['inlaydemo'], memo: new Map<string, string>() };
    const items = x.findItems(doc).flatMap((el) => x.extract(el, ctx) ?? []);
    expect(items.map((i) => i.kind)).toEqual(['post', 'post', 'post', 'post']);
    expect(items.filter((i) => x.isInbound(i, { page: 'profile', profiles: ['inlaydemo'] }))).toEqual([]);
    expect(x.itemsExpected!(doc, 'profile')).toBe(true);
    const empty = html('<div data-testid="emptyState"><span>@inlaydemo hasn’t posted</span></div>', PROFILE);
    expect(x.itemsExpected!(empty, 'profile')).toBe(false);
  });

  it('the pinned flag needs the words, not just a social context line', () => {
    const tweet = (id: string, context: string) =>
      `<div data-testid="cellInnerDiv"><article data-testid="tweet">${context}<div data-testid="User-Name"><a href="/inlaydemo"><span>Inlay Demo</span></a><a href="/inlaydemo/status/${id}"><time datetime="2026-03-01T00:00:00.000Z">Mar 1</time></a></div><div data-testid="tweetText">hi</div></article></div>`;
    const doc = html(
      tweet('1', '<span data-testid="socialContext">Pinned</span>') +
        tweet('2', '<span data-testid="socialContext">Inlay Demo reposted</span>') +
        tweet('3', ''),
      PROFILE,
    );
    expect(x.sweepPosts!(doc, ['inlaydemo']).map((p) => [p.id, p.pinned])).toEqual([
      ['1', true],
      ['2', false],
      ['3', false],
    ]);
  });

  it('the inbox and profile pages are signed out behind the logged-out wall', () => {
    for (const url of ['https://x.com/i/chat', PROFILE]) {
      const doc = html('<div data-testid="BottomBar"><a data-testid="loginButton" href="/login">Log in</a></div>', url);
      expect([url, x.signedOut!(doc), x.signedInAs!(doc)]).toEqual([url, true, null]);
    }
  });
});
