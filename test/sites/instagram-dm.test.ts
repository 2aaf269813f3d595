// @vitest-environment happy-dom
/**
 * The Instagram adapter in an open conversation (/direct/t/<thread id>/): the page kind, the
 * messages as items of kind `dm` (received ones inbound, ours own replies), ids derived without
 * the row's position and stable across reads, and nothing of the header, the composer, the time
 * separators, the reactions or the "Seen" line read as a message.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import type { ExtractContext } from '../../extension/sites/types';
import { instagram, threadOfUrl } from '../../extension/sites/instagram';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = 'test/fixtures/instagram/direct-thread.html';
const INBOX = 'test/fixtures/instagram/direct-inbox.html';
const THREAD = '340282366841710300949128000000000001';
const URL_ = `https://www.instagram.com/direct/t/${THREAD}/`;

const html = (f: string) => readFileSync(resolve(ROOT, f), 'utf8');
const engines: Array<[string, (f: string) => Document]> = [
  ['linkedom', (f) => parseHTML(html(f)).document as unknown as Document],
  ['happy-dom', (f) => new DOMParser().parseFromString(html(f), 'text/html')],
];

function ctx(profiles: readonly string[] = ['inlaydemo']): ExtractContext {
  const url = new URL(URL_);
  return { url, page: instagram.pageKind(url)!, profiles, memo: new Map() };
}

function read(doc: Document, c = ctx()): Array<{ el: Element; item: CapturedItem | null }> {
  return instagram.findItems(doc).map((el) => ({ el, item: instagram.extract(el, c) }));
}

const policy = { page: 'dm', profiles: ['inlaydemo'] };

describe('instagram: the conversation page kind', () => {
  it('a thread URL is a dm page; the list, post, reel, profile and activity kinds reject it', () => {
    expect(instagram.pageKind(new URL(URL_))).toBe('dm');
    expect(threadOfUrl(new URL(URL_))).toBe(THREAD);
    for (const [kind, spec] of Object.entries(instagram.pages)) {
      if (kind !== 'dm') expect([kind, spec.test(new URL(URL_))]).toEqual([kind, false]);
    }
    expect(instagram.pageKind(new URL('https://www.instagram.com/direct/inbox/'))).toBe('inbox');
    expect(instagram.pages.dm!.expectsItems).toBe(true);
  });

  it('every conversation the inbox list links opens into a dm page, so a sweep can read it', () => {
    const doc = engines[1]![1](INBOX);
    const threads = instagram.sweepThreads!(doc);
    expect(threads.length).toBe(4);
    for (const t of threads) expect([t.url, instagram.pageKind(new URL(t.url))]).toEqual([t.url, 'dm']);
    expect(threads.find((t) => t.unread)?.url).toBe(URL_);
  });
});

describe.each(engines)('instagram: reading a conversation (%s)', (_name, load) => {
  it('reads each message once, in order, with sender, text, thread and permalink', () => {
    const items = read(load(FIXTURE)).map((r) => r.item);
    expect(items.every((i) => i !== null)).toBe(true);
    expect(items.map((i) => [i!.author.handle, i!.text])).toEqual([
      ['mapleowl', 'Hi! Is the A5 planner back in stock?'],
      ['mapleowl', 'ok 👍'],
      ['inlaydemo', "Yes, it's back since Monday."],
      ['mapleowl', 'ok 👍'],
      ['mapleowl', 'Great, ordering now. Do you ship to Austria?'],
      ['inlaydemo', 'We do! It ships tomorrow, see planner.example/shipping'],
    ]);
    for (const i of items) {
      expect(i).toMatchObject({
        platform: 'instagram',
        kind: 'dm',
        profile: 'inlaydemo',
        permalink: URL_,
        threadId: THREAD,
        parentId: null,
      });
      expect(i!.nativeId.startsWith(`dm:${THREAD}:`)).toBe(true);
    }
    expect(items[0]!.author.url).toBe('https://www.instagram.com/mapleowl/');
  });

  it('received messages are inbound; ours are own replies, never inbound', () => {
    const items = read(load(FIXTURE)).map((r) => r.item!);
    expect(items.map((i) => instagram.isInbound(i, policy))).toEqual([true, true, false, true, true, false]);
    expect(items.map((i) => instagram.isOwnReply!(i, policy))).toEqual([false, false, true, false, false, true]);
    // on another page kind nothing of this is inbound
    expect(items.some((i) => instagram.isInbound(i, { page: 'inbox', profiles: ['inlaydemo'] }))).toBe(false);
  });

  it('ids are stable across two reads and never collide; the same text under another separator is another message', () => {
    const first = read(load(FIXTURE)).map((r) => r.item!.nativeId);
    const second = read(load(FIXTURE)).map((r) => r.item!.nativeId);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(first[0]!.startsWith(`dm:${THREAD}:mapleowl:`)).toBe(true);
    expect(first[2]!.startsWith(`dm:${THREAD}:me:`)).toBe(true);
  });

  it('an id does not depend on the row’s position: a row loaded above keeps every id', () => {
    const doc = load(FIXTURE);
    const before = read(doc).map((r) => r.item!.nativeId);
    const grid = doc.querySelector('[role="grid"]')!;
    const sep = doc.querySelector('[role="row"]')!;
    const older = sep.cloneNode(true) as Element;
    older.querySelector('span')!.textContent = 'Dec 20, 2025, 8:00 AM';
    const msg = grid.querySelectorAll('[role="row"]')[1]!.cloneNode(true) as Element;
    msg.querySelector('[dir="auto"]')!.textContent = 'An older question';
    grid.insertBefore(older, sep);
    grid.insertBefore(msg, sep);
    const after = read(doc).map((r) => r.item!.nativeId);
    expect(after.length).toBe(before.length + 1);
    expect(after.slice(1)).toEqual(before);
  });

  it('time comes from the nearest separator above that names a full date', () => {
    const items = read(load(FIXTURE)).map((r) => r.item!);
    const jan1 = new Date(2026, 0, 1, 17, 32).toISOString();
    const jan2 = new Date(2026, 0, 2, 9, 12).toISOString();
    expect(items.map((i) => i.siteTimestamp)).toEqual([jan1, jan1, jan1, jan2, jan2, jan2]);
  });

  it('no header, profile card, composer, separator, reaction, button or "Seen" line becomes an item', () => {
    const doc = load(FIXTURE);
    const rows = read(doc);
    expect(rows.length).toBe(6);
    for (const { el, item } of rows) {
      expect(el.getAttribute('role')).toBe('row');
      expect(el.closest('[aria-label^="Messages in conversation with"]')).not.toBeNull();
      expect(item!.text).not.toMatch(/^(?:Seen|More|Reply|React|View profile)$/);
      expect(item!.text).not.toContain('❤️');
      expect(item!.text).not.toContain('More');
    }
    const composer = doc.querySelector('[role="textbox"]')!;
    expect(rows.some((r) => r.el.contains(composer) || composer.contains(r.el))).toBe(false);
    expect(instagram.findItems(composer.parentElement!)).toEqual([]);
    const seen = Array.from(doc.querySelectorAll('[role="row"]')).find((r) => r.textContent?.trim() === 'Seen')!;
    expect(instagram.findItems(seen)).toEqual([]);
    expect(instagram.extract(seen, ctx())).toBeNull();
    for (const b of doc.querySelectorAll('[role="button"]')) expect(instagram.extract(b, ctx())).toBeNull();
  });

  it('findItems on one row (a mutation) finds that row; a row is read only on a dm page', () => {
    const doc = load(FIXTURE);
    const row = read(doc)[4]!.el;
    expect(instagram.findItems(row)).toEqual([row]);
    const onPost = { ...ctx(), url: new URL('https://www.instagram.com/p/DInLay0001a/'), page: 'post' };
    expect(instagram.extract(row, onPost)).toBeNull();
  });

  it('a row without an avatar link but with the sender’s avatar image is still theirs (the header names them)', () => {
    const doc = load(FIXTURE);
    const row = read(doc)[0]!.el;
    const link = row.querySelector('a[href="/mapleowl/"]')!;
    const img = link.querySelector('img')!;
    link.parentElement!.appendChild(img);
    link.remove();
    expect(row.querySelector('a[href]')).toBeNull();
    const item = instagram.extract(row, ctx())!;
    expect(item.author.handle).toBe('mapleowl');
    expect(instagram.isInbound(item, policy)).toBe(true);
  });

  it('without our profile known, nothing is inbound (no profile to file it under)', () => {
    const doc = load(FIXTURE);
    for (const a of doc.querySelectorAll('a[href="/inlaydemo/"]')) a.remove();
    const items = read(doc, ctx([])).map((r) => r.item!);
    expect(items.length).toBe(6);
    expect(items.some((i) => instagram.isInbound(i, { page: 'dm', profiles: [] }))).toBe(false);
  });
});
