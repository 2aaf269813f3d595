/**
 * An open Messenger conversation on Facebook (/messages/t/<id>/): its page kind, each message an
 * item of kind `dm` with a derived id that holds across reads, received messages inbound and ours
 * own replies, and none of the page's furniture (header, composer, "Seen", reactions) an item.
 */
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { sweepTextHash } from '../../shared/sweeps';
import { facebook } from '../../extension/sites/facebook';
import type { ExtractContext } from '../../extension/sites/types';
import { happyPages } from './fixture-support';

const THREAD = 'https://www.facebook.com/messages/t/8800000000000601/';
const { page } = happyPages(THREAD);

function ctx(url: string, profiles: readonly string[] = ['inlaydemo']): ExtractContext {
  const u = new URL(url);
  return { url: u, page: facebook.pageKind(u) ?? 'none', profiles, memo: new Map() };
}

function read(doc: Document, c: ExtractContext): Array<{ el: Element; item: CapturedItem }> {
  return facebook.findItems(doc).flatMap((el) => {
    const item = facebook.extract(el, c);
    return item ? [{ el, item }] : [];
  });
}

describe('facebook: an open Messenger conversation', () => {
  it('is the dm page, the inbox kind stays the list without a conversation', () => {
    expect(facebook.pageKind(new URL(THREAD))).toBe('dm');
    expect(facebook.pageKind(new URL('https://www.facebook.com/messages/e2ee/t/8800000000000602/'))).toBe('dm');
    expect(facebook.pageKind(new URL('https://www.facebook.com/messages/'))).toBe('inbox');
    expect(facebook.pageKind(new URL('https://www.facebook.com/messages/t/'))).toBe('inbox');
    for (const url of facebook.pages.dm!.examples.accept)
      expect([url, facebook.pageKind(new URL(url))]).toEqual([url, 'dm']);
    for (const url of facebook.pages.dm!.examples.reject)
      expect([url, facebook.pages.dm!.test(new URL(url))]).toEqual([url, false]);
  });

  it('the inbox list opens conversations into the dm page', () => {
    const inbox = page('test/fixtures/facebook/messages-inbox.html', 'https://www.facebook.com/messages/');
    const threads = facebook.sweepThreads!(inbox);
    expect(threads.length).toBeGreaterThan(0);
    for (const t of threads) expect([t.url, facebook.pageKind(new URL(t.url))]).toEqual([t.url, 'dm']);
    expect(threads.some((t) => t.url === THREAD && t.unread)).toBe(true);
  });

  it('lists no conversations on a conversation Facebook opened in place of the list', () => {
    const doc = page('test/fixtures/facebook/messages-thread.html', THREAD);
    expect(facebook.sweepThreads!(doc)).toEqual([]);
  });

  it('reads each message as a dm: name, text, thread, permalink, no parent', () => {
    const doc = page('test/fixtures/facebook/messages-thread.html', THREAD);
    const items = read(doc, ctx(THREAD)).map((r) => r.item);
    expect(items.map((i) => i.text)).toEqual([
      'Thanks for your order! It ships tomorrow.',
      'Hi! Quick question about my order',
      'Is the A5 planner back in stock?\nI need two 🙏',
      'Let me look.',
      'Not sure yet, I will check',
    ]);
    for (const i of items) {
      expect(i).toMatchObject({
        platform: 'facebook',
        kind: 'dm',
        profile: 'inlaydemo',
        permalink: THREAD,
        threadId: '8800000000000601',
        parentId: null,
        siteTimestamp: null,
      });
    }
    expect(items[1]!.author).toEqual({
      handle: '100000000000901',
      name: 'Maple Owl',
      url: 'https://www.facebook.com/100000000000901',
    });
    expect(items[2]!.author.name).toBe('Maple Owl');
    expect(items[0]!.author.handle).toBe('inlaydemo');
    expect(items[4]!.author.handle).toBe('inlaydemo');
    const hash = sweepTextHash('Hi! Quick question about my order');
    expect(items[1]!.nativeId).toBe(
      `dm:8800000000000601:100000000000901:${hash}:${sweepTextHash('09:12').slice(0, 8)}`,
    );
  });

  it('received messages are inbound, ours are own replies', () => {
    const doc = page('test/fixtures/facebook/messages-thread.html', THREAD);
    const policy = { page: 'dm', profiles: ['inlaydemo'] };
    const items = read(doc, ctx(THREAD)).map((r) => r.item);
    expect(items.map((i) => facebook.isInbound(i, policy))).toEqual([false, true, true, false, false]);
    expect(items.map((i) => facebook.isOwnReply!(i, policy))).toEqual([true, false, false, true, true]);
  });

  it('ids hold across two reads of fresh pages, and do not depend on the row position', () => {
    const a = read(page('test/fixtures/facebook/messages-thread.html', THREAD), ctx(THREAD)).map(
      (r) => r.item.nativeId,
    );
    const b = read(page('test/fixtures/facebook/messages-thread.html', THREAD), ctx(THREAD)).map(
      (r) => r.item.nativeId,
    );
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(5);
    // an older message loaded above (the site prepends as one scrolls up) moves rows, not ids
    const doc = page('test/fixtures/facebook/messages-thread.html', THREAD);
    const grid = doc.querySelector('[aria-label^="Messages in conversation"]')!;
    const older = doc.createElement('div');
    older.setAttribute('role', 'row');
    const cell = older.appendChild(doc.createElement('div'));
    cell.setAttribute('role', 'gridcell');
    cell.setAttribute('data-scope', 'messages_table');
    cell.appendChild(doc.createElement('h5')).textContent = 'You sent';
    const text = cell.appendChild(doc.createElement('div'));
    text.setAttribute('dir', 'auto');
    text.textContent = 'Hello from last week';
    grid.prepend(older);
    const c = read(doc, ctx(THREAD)).map((r) => r.item.nativeId);
    expect(c.length).toBe(6);
    expect(c.slice(1)).toEqual(a);
  });

  it('no item from the header, the chat list, the composer, "Seen", reactions or the message buttons', () => {
    const doc = page('test/fixtures/facebook/messages-thread.html', THREAD);
    const rows = read(doc, ctx(THREAD));
    for (const { el, item } of rows) {
      expect(el.closest('[role="main"] [role="grid"]')).not.toBeNull();
      expect(el.querySelector('[contenteditable="true"]')).toBeNull();
      expect(item.text).not.toMatch(/^(?:Seen|Active 5m ago|Maple Owl|React|Reply|More|1)$/);
      expect(item.text).not.toMatch(/Seen by|reaction|👍/);
    }
    expect(facebook.findItems(doc)).toHaveLength(5);
    const seen = Array.from(doc.querySelectorAll('div[role="row"]')).find((r) => /^Seen/.test(r.textContent!.trim()))!;
    expect(facebook.findItems(seen)).toEqual([]);
  });

  it('a row whose side the page does not show is read with no profile: neither inbound nor ours', () => {
    const doc = page('test/fixtures/facebook/messages-thread.html', THREAD);
    for (const h of doc.querySelectorAll('[data-scope="messages_table"] h5')) h.remove();
    for (const a of doc.querySelectorAll('[data-scope="messages_table"] a[href]')) a.remove();
    const policy = { page: 'dm', profiles: ['inlaydemo'] };
    for (const { item } of read(doc, ctx(THREAD))) {
      expect(item.profile).toBeNull();
      expect(facebook.isInbound(item, policy)).toBe(false);
      expect(facebook.isOwnReply!(item, policy)).toBe(false);
    }
  });

  it('opens no reply box in Messenger, and reads no message on other pages', async () => {
    const doc = page('test/fixtures/facebook/messages-thread.html', THREAD);
    for (const el of facebook.findItems(doc)) expect(await facebook.composer!.open(el, 10)).toBeNull();
    const post = 'https://www.facebook.com/inlaydemo/posts/8800000000000200';
    expect(read(doc, ctx(post))).toEqual([]);
  });

  it('an end-to-end encrypted conversation has its own permalink', () => {
    const url = 'https://www.facebook.com/messages/e2ee/t/8800000000000602/';
    const doc = page('test/fixtures/facebook/messages-thread.html', url);
    const items = read(doc, ctx(url)).map((r) => r.item);
    expect(items).toHaveLength(5);
    for (const i of items) expect([i.permalink, i.threadId]).toEqual([url, '8800000000000602']);
  });
});
