import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { createOverlayHost, HOST_SELECTOR } from './overlay-host';
import { createPageScanner, type PageScanner } from './page-scanner';

/** A tiny made-up site: items are article.item[data-id] with a .actions row, on /post/* pages. */
function setup(url = 'https://example.test/post/1') {
  const win = new Window({ url });
  const doc = win.document as unknown as Document;
  const list = doc.createElement('main');
  list.id = 'list';
  doc.body.append(list);
  const attachCalls: string[] = [];
  const navigations: string[] = [];
  const scanner = createPageScanner({
    doc,
    hostSelector: HOST_SELECTOR,
    findItems: (root) => {
      const found = Array.from(root.querySelectorAll('article.item'));
      const el = root as Element;
      if (el.nodeType === 1 && el.matches('article.item')) found.unshift(el);
      return found;
    },
    isActive: (u) => u.pathname.startsWith('/post/'),
    attach: (el) => {
      const id = el.getAttribute('data-id');
      if (!id) return null;
      attachCalls.push(id);
      return createOverlayHost({
        item: el,
        anchor: el.querySelector('.actions'),
        key: `x:${id}`,
        kind: 'reply',
        inbound: false,
        theme: 'light',
        styles: [],
      });
    },
    onNavigate: (u) => navigations.push(u.pathname),
    urlPollMs: 0,
  });
  return { win, doc, scanner, attachCalls, navigations };
}

function item(doc: Document, id: string | null): HTMLElement {
  const a = doc.createElement('article');
  a.className = 'item';
  if (id) a.setAttribute('data-id', id);
  const text = doc.createElement('p');
  text.textContent = `item ${id}`;
  const actions = doc.createElement('div');
  actions.className = 'actions';
  a.append(text, actions);
  return a;
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const hostsOf = (el: ParentNode) => el.querySelectorAll(HOST_SELECTOR).length;

let current: { scanner: PageScanner; win: Window } | null = null;
afterEach(async () => {
  current?.scanner.stop();
  await current?.win.happyDOM.close();
  current = null;
});

describe('page-scanner', () => {
  it('attaches one host per item on the initial scan, right after the action row', () => {
    const t = setup();
    current = t;
    const list = t.doc.getElementById('list')!;
    list.append(item(t.doc, 'a'), item(t.doc, 'b'));
    t.scanner.start();
    expect(hostsOf(t.doc)).toBe(2);
    const host = t.doc.querySelector('[data-inlay-item="x:a"]')!;
    expect(host.previousElementSibling?.className).toBe('actions');
    expect(host.getAttribute('data-inlay-kind')).toBe('reply');
  });

  it('attaches to appended items once, however often the page changes around them', async () => {
    const t = setup();
    current = t;
    t.scanner.start();
    const list = t.doc.getElementById('list')!;
    list.append(item(t.doc, 'a'));
    await tick();
    t.scanner.flushNow();
    list.append(item(t.doc, 'b'), item(t.doc, 'c'));
    list.querySelector('[data-id="a"] p')!.textContent = 'edited';
    await tick();
    t.scanner.flushNow();
    t.scanner.flushNow();
    expect(t.attachCalls).toEqual(['a', 'b', 'c']);
    for (const id of ['a', 'b', 'c']) expect(hostsOf(list.querySelector(`[data-id="${id}"]`)!)).toBe(1);
    expect(t.scanner.tracked.size).toBe(3);
  });

  it('re-attaches when the site replaces an item, and when it drops our host', async () => {
    const t = setup();
    current = t;
    const list = t.doc.getElementById('list')!;
    list.append(item(t.doc, 'a'), item(t.doc, 'b'));
    t.scanner.start();
    const fresh = item(t.doc, 'a');
    list.querySelector('[data-id="a"]')!.replaceWith(fresh);
    list.querySelector('[data-id="b"] [data-inlay-item]')!.remove();
    await tick();
    t.scanner.flushNow();
    expect(hostsOf(fresh)).toBe(1);
    expect(hostsOf(list.querySelector('[data-id="b"]')!)).toBe(1);
    expect(hostsOf(t.doc)).toBe(2);
    expect(t.scanner.tracked.size).toBe(2);
    expect(t.attachCalls).toEqual(['a', 'b', 'a', 'b']);
  });

  it('never leaves two hosts in one item (a copy of the item carrying our old host)', async () => {
    const t = setup();
    current = t;
    const list = t.doc.getElementById('list')!;
    list.append(item(t.doc, 'a'));
    t.scanner.start();
    const clone = list.firstElementChild!.cloneNode(true) as Element;
    list.firstElementChild!.replaceWith(clone);
    await tick();
    t.scanner.flushNow();
    expect(hostsOf(clone)).toBe(1);
  });

  it('does not ask again about an element it could not read', async () => {
    const t = setup();
    current = t;
    const list = t.doc.getElementById('list')!;
    list.append(item(t.doc, null));
    t.scanner.start();
    list.append(item(t.doc, 'b'));
    await tick();
    t.scanner.flushNow();
    expect(hostsOf(t.doc)).toBe(1);
    expect(t.attachCalls).toEqual(['b']);
  });

  it('SPA navigation removes the previous page’s hosts and rescans', async () => {
    const t = setup();
    current = t;
    const list = t.doc.getElementById('list')!;
    list.append(item(t.doc, 'a'), item(t.doc, 'b'));
    t.scanner.start();
    expect(hostsOf(t.doc)).toBe(2);

    t.win.history.pushState({}, '', '/home'); // not a page the adapter reads
    list.append(t.doc.createElement('div'));
    await tick();
    t.scanner.flushNow();
    expect(hostsOf(t.doc)).toBe(0);
    expect(t.scanner.tracked.size).toBe(0);
    expect(t.navigations).toEqual(['/home']);

    list.replaceChildren(item(t.doc, 'c'));
    t.win.history.pushState({}, '', '/post/2');
    await tick();
    t.scanner.flushNow();
    expect(t.navigations).toEqual(['/home', '/post/2']);
    expect(Array.from(t.doc.querySelectorAll(HOST_SELECTOR), (h) => h.getAttribute('data-inlay-item'))).toEqual([
      'x:c',
    ]);
  });

  it('notices popstate without any DOM change', async () => {
    const t = setup();
    current = t;
    t.doc.getElementById('list')!.append(item(t.doc, 'a'));
    t.scanner.start();
    t.win.history.pushState({}, '', '/elsewhere');
    t.win.dispatchEvent(new t.win.PopStateEvent('popstate'));
    await new Promise((r) => setTimeout(r, 80));
    expect(hostsOf(t.doc)).toBe(0);
  });

  it('stops and removes every host when the context is invalidated', async () => {
    const win = new Window({ url: 'https://example.test/post/1' });
    const doc = win.document as unknown as Document;
    doc.body.append(item(doc, 'a'));
    const abort = new AbortController();
    const scanner = createPageScanner({
      doc,
      hostSelector: HOST_SELECTOR,
      findItems: (root) => Array.from(root.querySelectorAll('article.item')),
      isActive: () => true,
      attach: (el) =>
        createOverlayHost({
          item: el,
          anchor: null,
          key: 'x:a',
          kind: 'post',
          inbound: false,
          theme: 'dark',
          styles: [],
        }),
      signal: abort.signal,
      urlPollMs: 0,
    });
    scanner.start();
    expect(hostsOf(doc)).toBe(1);
    abort.abort();
    expect(hostsOf(doc)).toBe(0);
    doc.body.append(item(doc, 'b'));
    await tick();
    scanner.flushNow();
    expect(hostsOf(doc)).toBe(0);
    await win.happyDOM.close();
  });

  it('spreads a large batch over several frames within its time budget', () => {
    const win = new Window({ url: 'https://example.test/post/1' });
    const doc = win.document as unknown as Document;
    for (let i = 0; i < 300; i++) doc.body.append(item(doc, String(i)));
    let clock = 0;
    const perf = (win as unknown as { performance: { now(): number } }).performance;
    perf.now = () => clock;
    const scanner = createPageScanner({
      doc,
      hostSelector: HOST_SELECTOR,
      findItems: (root) => Array.from(root.querySelectorAll('article.item')),
      isActive: () => true,
      attach: (el) => {
        clock += 1; // every attach "costs" 1 ms
        return createOverlayHost({
          item: el,
          anchor: null,
          key: `x:${el.getAttribute('data-id')}`,
          kind: 'post',
          inbound: false,
          theme: 'light',
          styles: [],
        });
      },
      budgetMs: 8,
      urlPollMs: 0,
    });
    scanner.start();
    expect(scanner.tracked.size).toBeGreaterThan(0);
    expect(scanner.tracked.size).toBeLessThanOrEqual(10);
    for (let i = 0; i < 100 && scanner.tracked.size < 300; i++) scanner.flushNow();
    expect(scanner.tracked.size).toBe(300);
    expect(hostsOf(doc)).toBe(300);
    scanner.stop();
  });
});
