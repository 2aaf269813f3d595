import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { mergeSelectors, queryAll, type ExtractContext, type FixtureExpectation } from '../../extension/sites/types';
import { createXAdapter, statusOfUrl, x, X_SELECTORS } from '../../extension/sites/x';

const ROOT = resolve(import.meta.dirname, '../..');
const OURS = 'https://x.com/inlaydemo/status/1900000000000000100';
const THEIRS = 'https://x.com/pixelharbor/status/1900000000000000200';

function load(fixture: string): Document {
  return parseHTML(readFileSync(resolve(ROOT, fixture), 'utf8')).document as unknown as Document;
}

function ctxFor(
  url: string,
  profiles: readonly string[] = ['inlaydemo'],
  memo = new Map<string, string>(),
): ExtractContext {
  const u = new URL(url);
  return { url: u, page: x.pageKind(u) ?? 'none', profiles, memo };
}

/** Read every item of a document in order, like the page scanner does. */
function readAll(doc: Document, ctx: ExtractContext, adapter = x) {
  return adapter.findItems(doc).map((el) => ({ el, item: adapter.extract(el, ctx) }));
}

function byId(rows: ReturnType<typeof readAll>, id: string): CapturedItem {
  const row = rows.find((r) => r.item?.nativeId === id);
  if (!row?.item) throw new Error(`no item ${id}`);
  return row.item;
}

describe('x: page predicates', () => {
  const spec = x.pages.status!;
  it.each(spec.examples.accept)('accepts %s', (url) => {
    expect(x.pageKind(new URL(url))).toBe('status');
  });
  it.each(spec.examples.reject)('rejects %s', (url) => {
    expect(x.pageKind(new URL(url))).toBeNull();
  });
  it('reads the status id and handle from the URL', () => {
    expect(statusOfUrl(new URL('https://twitter.com/SomeOne/status/123/photo/1?s=20'))).toEqual({
      handle: 'SomeOne',
      id: '123',
    });
    expect(statusOfUrl(new URL('https://x.com/i/web/status/456'))).toEqual({ handle: null, id: '456' });
  });
  it('the content script matches exactly what the adapter declares', () => {
    const shim = readFileSync(resolve(ROOT, 'extension/entrypoints/x.content/index.ts'), 'utf8');
    const literal = /matches:\s*\[([^\]]*)\]/.exec(shim)?.[1] ?? '';
    const declared = [...literal.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(declared).toEqual([...x.matches]);
    for (const pattern of x.matches) expect(x.hosts).toContain(new URL(pattern.replace('*', '')).hostname);
  });
});

describe('x: expected counts on fixtures', () => {
  const cases = x.expected.map((e): [string, FixtureExpectation] => [e.fixture, e]);
  it.each(cases)('%s', (_name, exp) => {
    const doc = load(exp.fixture);
    const ctx = ctxFor(exp.url, exp.profiles);
    const rows = readAll(doc, ctx);
    const items = rows.flatMap((r) => (r.item ? [r.item] : []));
    const policy = { page: ctx.page, profiles: exp.profiles };
    const got: Record<string, number> = {};
    for (const name of Object.keys(exp.counts)) {
      if (name === 'items') got[name] = rows.length;
      else if (name === 'recognised') got[name] = items.length;
      else if (name === 'inbound') got[name] = items.filter((i) => x.isInbound(i, policy)).length;
      else if (name.startsWith('kind:')) got[name] = items.filter((i) => i.kind === name.slice(5)).length;
      else {
        const entries = x.selectors[name as keyof typeof x.selectors];
        if (!entries) throw new Error(`unknown count ${name}`);
        got[name] = queryAll(doc, entries).length;
      }
    }
    expect(got).toEqual(exp.counts);
  });
});

describe('x: status page of our own tweet (status-with-replies)', () => {
  const doc = load('test/fixtures/x/status-with-replies.html');
  const ctx = ctxFor(OURS);
  const rows = readAll(doc, ctx);
  const policy = { page: 'status', profiles: ['inlaydemo'] };

  it('reads the focal tweet as our post', () => {
    expect(byId(rows, '1900000000000000100')).toEqual({
      platform: 'x',
      nativeId: '1900000000000000100',
      kind: 'post',
      profile: 'inlaydemo',
      author: { handle: 'inlaydemo', name: 'Inlay Demo', url: 'https://x.com/inlaydemo', verified: false },
      text: 'We just shipped the spring release of our planner app. What should we build next?',
      permalink: 'https://x.com/inlaydemo/status/1900000000000000100',
      siteTimestamp: '2026-03-02T15:04:05.000Z',
      parentId: null,
      threadId: '1900000000000000100',
      lang: 'en',
    });
  });

  it('reads a reply with author, text, permalink, time and parent', () => {
    expect(byId(rows, '1900000000000000101')).toEqual({
      platform: 'x',
      nativeId: '1900000000000000101',
      kind: 'reply',
      profile: 'inlaydemo',
      author: { handle: 'mapleowl', name: 'Maple Owl', url: 'https://x.com/mapleowl', verified: false },
      text: 'The export to calendar keeps failing for me since the update.',
      permalink: 'https://x.com/mapleowl/status/1900000000000000101',
      siteTimestamp: '2026-03-02T15:20:00.000Z',
      parentId: '1900000000000000100',
      threadId: '1900000000000000100',
      lang: 'en',
    });
  });

  it('keeps the language, emoji (alt text), mentions and markup-looking text as plain text', () => {
    expect(byId(rows, '1900000000000000102').lang).toBe('es');
    const hostile = byId(rows, '1900000000000000104');
    expect(hostile.text).toBe('<img src=x onerror=alert(1)> dark mode please 🙏');
    expect(hostile.author.name).toBe('Tide Pool 🌊');
    expect(byId(rows, '1900000000000000105').text).toBe(
      'Love the new widgets @inlaydemo — any chance of a Linux build?',
    );
  });

  it('replies from other people are inbound; our own reply and the focal tweet are not', () => {
    const inbound = rows.filter((r) => r.item && x.isInbound(r.item, policy)).map((r) => r.item!.nativeId);
    expect(inbound).toEqual([
      '1900000000000000101',
      '1900000000000000102',
      '1900000000000000104',
      '1900000000000000105',
    ]);
    const own = byId(rows, '1900000000000000103');
    expect(own.kind).toBe('reply');
    expect(own.author.handle).toBe('inlaydemo');
    expect(x.isInbound(own, policy)).toBe(false);
  });

  it('stops the conversation at "Discover more": those tweets are posts, not replies', () => {
    for (const id of ['1899999999999990001', '1899999999999990002']) {
      const item = byId(rows, id);
      expect(item.kind).toBe('post');
      expect(item.parentId).toBeNull();
      expect(x.isInbound(item, policy)).toBe(false);
    }
  });

  it('compares handles case-insensitively and needs a profile to call anything inbound', () => {
    const reply = byId(rows, '1900000000000000101');
    expect(x.isInbound(reply, { page: 'status', profiles: [] })).toBe(true); // profile was set at extract time
    const none = readAll(load('test/fixtures/x/status-with-replies.html'), ctxFor(OURS, []));
    expect(none.filter((r) => r.item && x.isInbound(r.item, { page: 'status', profiles: [] }))).toHaveLength(0);
    const upper = readAll(load('test/fixtures/x/status-with-replies.html'), ctxFor(OURS, ['@InlayDemo']));
    const upperPolicy = { page: 'status', profiles: ['@InlayDemo'] };
    expect(upper.filter((r) => r.item && x.isInbound(r.item, upperPolicy))).toHaveLength(4);
  });

  it('puts the overlay after the action row holding the reply button', () => {
    for (const { el } of rows) {
      const row = x.actionRow(el);
      expect(row?.getAttribute('role')).toBe('group');
      expect(row?.querySelector('[data-testid="reply"]')).not.toBeNull();
      expect(el.contains(row!)).toBe(true);
    }
  });

  it('detects the logged-in account', () => {
    expect(x.detectLoggedInHandle(doc)).toBe('inlaydemo');
  });
});

describe('x: someone else’s tweet (status-not-ours-dark)', () => {
  const doc = load('test/fixtures/x/status-not-ours-dark.html');
  const rows = readAll(doc, ctxFor(THEIRS));
  const policy = { page: 'status', profiles: ['inlaydemo'] };

  it('nothing is inbound when the focal author is not ours', () => {
    expect(rows.filter((r) => r.item && x.isInbound(r.item, policy))).toHaveLength(0);
    expect(byId(rows, '1900000000000000202').profile).toBeNull();
  });

  it('the tweet above the focal one is a post, the ones below are replies', () => {
    expect(byId(rows, '1900000000000000199').kind).toBe('post');
    expect(byId(rows, '1900000000000000200').kind).toBe('post');
    expect(byId(rows, '1900000000000000203')).toMatchObject({
      kind: 'reply',
      parentId: '1900000000000000200',
      lang: 'de',
    });
  });

  it('reads a quoting reply as itself, not as the quoted tweet', () => {
    expect(byId(rows, '1900000000000000202')).toMatchObject({
      author: { handle: 'mapleowl', name: 'Maple Owl' },
      text: 'Same here, see the original question:',
      permalink: 'https://x.com/mapleowl/status/1900000000000000202',
    });
  });

  it('a promoted post without a permalink is found but not read', () => {
    const promo = rows.filter((r) => r.item === null);
    expect(promo).toHaveLength(1);
    expect(promo[0]!.el.textContent).toContain('Shiny Gadgets');
  });

  it('a dark page still shows the logged-in account', () => {
    expect(x.detectLoggedInHandle(doc)).toBe('inlaydemo');
  });
});

describe('x: virtualised conversation', () => {
  const cellOf = (doc: Document, id: string) =>
    doc.querySelector(`a[href="/${id}"]`)?.closest('[data-testid="cellInnerDiv"]') ?? null;

  it('classifies replies whose focal tweet X has already removed from the DOM', () => {
    const doc = load('test/fixtures/x/status-with-replies.html');
    const focalCell = doc
      .querySelector('a[href="/inlaydemo/status/1900000000000000100"]')!
      .closest('[data-testid="cellInnerDiv"]')!;
    focalCell.remove();
    cellOf(doc, 'mapleowl/status/1900000000000000101')!.remove();
    const rows = readAll(doc, ctxFor(OURS));
    expect(byId(rows, '1900000000000000102')).toMatchObject({
      kind: 'reply',
      parentId: '1900000000000000100',
      profile: 'inlaydemo',
    });
    expect(byId(rows, '1899999999999990001').kind).toBe('post');
  });

  it('remembers the "Discover more" boundary after its cell scrolled away', () => {
    const doc = load('test/fixtures/x/status-with-replies.html');
    const memo = new Map<string, string>();
    readAll(doc, ctxFor(OURS, ['inlaydemo'], memo));
    // X drops everything above the last discover tweet, then appends a new one below it
    const last = cellOf(doc, 'harbor_lights/status/1899999999999990002')!;
    while (last.previousElementSibling) last.previousElementSibling.remove();
    const fresh = last.cloneNode(true) as Element;
    for (const a of fresh.querySelectorAll('a[href*="/status/1899999999999990002"]')) {
      a.setAttribute('href', a.getAttribute('href')!.replace('1899999999999990002', '1899999999999990003'));
    }
    last.after(fresh);
    const article = x.findItems(fresh)[0]!;
    const item = x.extract(article, ctxFor(OURS, ['inlaydemo'], memo));
    expect(item).toMatchObject({ nativeId: '1899999999999990003', kind: 'post', parentId: null });
  });
});

describe('x: selector packs are data', () => {
  it('an override replaces a named array; invalid or unknown entries are ignored', () => {
    const doc = load('test/fixtures/x/status-with-replies.html');
    const renamed = createXAdapter().withSelectors({
      item: [{ css: 'article[data-testid="tweet"]', seen: '2026-03' }],
      nope: [{ css: 'div', seen: '2026-03' }],
    });
    expect(renamed.selectors.item).toEqual([{ css: 'article[data-testid="tweet"]', seen: '2026-03' }]);
    expect(renamed.findItems(doc)).toHaveLength(8);
    expect(Object.keys(renamed.selectors)).toEqual(Object.keys(X_SELECTORS));
    const broken = createXAdapter().withSelectors({ item: [{ css: '', seen: 'yesterday' }] });
    expect(broken.selectors.item).toEqual(X_SELECTORS.item);
    const validate = (sel: string) => {
      try {
        doc.querySelector(sel);
        return true;
      } catch {
        return false;
      }
    };
    const bad = mergeSelectors(X_SELECTORS, { text: [{ css: 'div[unclosed', seen: '2026-03' }] }, validate);
    expect(bad.text).toEqual(X_SELECTORS.text);
  });

  it('every selector entry is dated and none keys on generated class names', () => {
    for (const [name, entries] of Object.entries(X_SELECTORS)) {
      expect(entries.length, name).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.seen, name).toMatch(/^\d{4}-\d{2}$/);
        expect(e.css, name).not.toMatch(/\.(css|r)-[a-z0-9]+/);
      }
    }
  });
});

describe('x: own replies and the reply box', () => {
  it('knows our own reply in the thread, and only that one', () => {
    const doc = load('test/fixtures/x/status-with-replies.html');
    const ctx = ctxFor(OURS);
    const policy = { page: ctx.page, profiles: ctx.profiles };
    const own = readAll(doc, ctx)
      .flatMap((r) => (r.item && x.isOwnReply!(r.item, policy) ? [r.item.nativeId] : []))
      .sort();
    expect(own).toEqual(['1900000000000000103']);
  });

  it('answers the focal tweet in the inline box, and finds its Send button', async () => {
    const doc = load('test/fixtures/x/status-with-replies.html');
    Object.defineProperty(doc, 'location', { value: new URL(OURS) });
    const focal = x.findItems(doc)[0]!;
    const box = await x.composer!.open(focal, 50);
    expect(box?.getAttribute('data-testid')).toBe('tweetTextarea_0');
    expect(x.composer!.sendButton(box!)?.getAttribute('data-testid')).toBe('tweetButtonInline');
    expect(x.composer!.kindOf!(box!)).toBe('draftjs');
  });
});
