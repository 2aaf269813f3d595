/**
 * What a sweep tab reads on its page (sweep-read.ts), with a small fake adapter on happy-dom:
 * the outcome words, the items seen, and what the message inbox and posts lists report.
 */
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepTextHash } from '../../shared/sweeps';
import type { SweepTabInfo } from '../messaging/messages';
import type { SiteAdapter, SweepPost, SweepThread } from '../sites/types';
import { readSweepPage } from './sweep-read';

const windows: Window[] = [];
afterAll(async () => {
  for (const w of windows) await w.happyDOM.close();
});

function doc(body: string, url: string): Document {
  const win = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
  windows.push(win);
  win.document.write(`<!DOCTYPE html><html><body>${body}</body></html>`);
  return win.document as unknown as Document;
}

/** Items are `<p data-id data-at>`; threads `<a data-thread data-unread>`; posts `<a data-post data-pinned>`. */
function adapter(over: Partial<SiteAdapter> = {}): SiteAdapter {
  return {
    platform: 'x',
    pages: {
      list: { test: () => true, expectsItems: true, examples: { accept: [], reject: [] } },
      inbox: { test: () => true, expectsItems: false, examples: { accept: [], reject: [] } },
    },
    pageKind: (url: URL) => (url.pathname.startsWith('/messages') ? 'inbox' : 'list'),
    findItems: (root: ParentNode) => Array.from(root.querySelectorAll('p[data-id]')),
    extract: (el: Element) => ({
      platform: 'x',
      nativeId: el.getAttribute('data-id')!,
      kind: 'mention',
      text: el.textContent ?? '',
      siteTimestamp: el.getAttribute('data-at'),
    }),
    sweepThreads: (d: Document): SweepThread[] =>
      Array.from(d.querySelectorAll('a[data-thread]')).map((a) => ({
        id: a.getAttribute('data-thread')!,
        url: `https://x.com/messages/${a.getAttribute('data-thread')!}`,
        unread: a.hasAttribute('data-unread'),
        at: null,
        preview: a.textContent ?? '',
      })),
    sweepPosts: (d: Document): SweepPost[] =>
      Array.from(d.querySelectorAll('a[data-post]')).map((a) => ({
        id: a.getAttribute('data-post')!,
        url: `https://x.com/inlaydemo/status/${a.getAttribute('data-post')!}`,
        at: null,
        pinned: a.hasAttribute('data-pinned'),
      })),
    ...over,
  } as unknown as SiteAdapter;
}

const info = (over: Partial<SweepTabInfo> = {}): SweepTabInfo => ({
  jobId: 'swj_1',
  platform: 'x',
  profile: 'inlaydemo',
  kind: 'notifications',
  step: 'list',
  lane: '',
  postId: null,
  maxReplyExpansions: 0,
  ...over,
});

const run = (d: Document, a: SiteAdapter, i: SweepTabInfo) =>
  readSweepPage({
    doc: d,
    adapter: () => a,
    info: i,
    profiles: () => ['inlaydemo'],
    memo: new Map(),
    captures: async () => 2,
    sleep: async () => {},
    random: () => 0,
  });

describe('reading a sweep page', () => {
  it('notifications: every item seen, with its time and text hash', async () => {
    const d = doc(
      '<p data-id="1" data-at="2026-03-02T10:00:00.000Z">hello</p><p data-id="2">there</p>',
      'https://x.com/n',
    );
    const r = await run(d, adapter(), info());
    expect(r).toMatchObject({ outcome: 'ok', capturedCount: 2, threads: [], posts: [] });
    expect(r.seen).toEqual([
      { nativeId: '1', at: '2026-03-02T10:00:00.000Z', hash: sweepTextHash('hello'), postId: null },
      { nativeId: '2', at: null, hash: sweepTextHash('there'), postId: null },
    ]);
  });

  it('a notifications page with nothing readable is unreadable; a sign-in wall or a check says so first', async () => {
    expect((await run(doc('<div></div>', 'https://x.com/n'), adapter(), info())).outcome).toBe('unreadable');
    const walled = adapter({ signedOut: () => true });
    expect(await run(doc('<p data-id="1">x</p>', 'https://x.com/n'), walled, info())).toMatchObject({
      outcome: 'signed_out',
      seen: [],
    });
    const checked = adapter({ signedOut: () => true, challenge: () => true });
    expect((await run(doc('', 'https://x.com/n'), checked, info())).outcome).toBe('challenge');
  });

  it('the message inbox list reports its conversations, and remembers each preview as the list lane', async () => {
    const d = doc(
      '<a data-thread="1-2" data-unread>are you open?</a><a data-thread="3-4">thanks!</a><a data-thread="1-2">dup</a>',
      'https://x.com/messages',
    );
    const r = await run(d, adapter(), info({ kind: 'dms' }));
    expect(r.outcome).toBe('ok');
    expect(r.threads.map((t) => [t.id, t.unread])).toEqual([
      ['1-2', true],
      ['3-4', false],
    ]);
    expect(r.seen).toEqual([
      { nativeId: '1-2', at: null, hash: sweepTextHash('are you open?'), postId: null },
      { nativeId: '3-4', at: null, hash: sweepTextHash('thanks!'), postId: null },
    ]);
    expect(r.complete).toBe(false);
  });

  it('an inbox list with no conversation it can read is unreadable, in words', async () => {
    const r = await run(doc('<main></main>', 'https://x.com/messages'), adapter(), info({ kind: 'dms' }));
    expect(r.outcome).toBe('unreadable');
    expect(r.message).toMatch(/no conversations/);
  });

  it('a conversation (a thread step of dms) is read like any page of items', async () => {
    const d = doc('<p data-id="m1">hi</p>', 'https://x.com/messages/1-2');
    const r = await run(d, adapter(), info({ kind: 'dms', step: 'thread', lane: '1-2', postId: '1-2' }));
    expect(r.seen).toEqual([{ nativeId: 'm1', at: null, hash: sweepTextHash('hi'), postId: '1-2' }]);
    expect(r.threads).toEqual([]);
  });

  it('the posts list reports our posts and no items of its own lane', async () => {
    const d = doc(
      '<a data-post="9" data-pinned>pinned</a><a data-post="10">new</a><p data-id="10">ours</p>',
      'https://x.com/inlaydemo',
    );
    const r = await run(d, adapter(), info({ kind: 'recent-posts' }));
    expect(r.outcome).toBe('ok');
    expect(r.posts).toEqual([
      { id: '9', url: 'https://x.com/inlaydemo/status/9', at: null, pinned: true },
      { id: '10', url: 'https://x.com/inlaydemo/status/10', at: null, pinned: false },
    ]);
    expect(r.seen).toEqual([]);
  });

  it('a thread with an odd url from the adapter is dropped, not sent', async () => {
    const odd = adapter({
      sweepThreads: () => [{ id: 'a', url: 'javascript:alert(1)', unread: true, at: null, preview: '' }],
    });
    const r = await run(doc('', 'https://x.com/messages'), odd, info({ kind: 'dms' }));
    expect(r.threads).toEqual([]);
    expect(r.outcome).toBe('unreadable');
  });
});
