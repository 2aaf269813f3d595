// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Presence, PresenceState } from '../../shared/protocol';
import {
  PresenceBadge,
  createPresenceStore,
  createPresenceTracker,
  presenceWords,
  typingNames,
  type ViewWatcher,
} from './presence-badge';
import { HOST_ITEM_ATTR } from './overlay-host';

vi.mock('./support/words', () => ({
  i18n: { t: (key: string, subs?: unknown) => (Array.isArray(subs) ? `${key}(${subs.join(',')})` : key) },
}));

const p = (memberId: string, name: string, itemKey: string, state: PresenceState): Presence => ({
  memberId,
  name,
  itemKey,
  state,
  at: '2026-03-02T15:00:00.000Z',
});

describe('presence store and words', () => {
  it('keeps teammates per item, typing first, never me; tells only the items that changed', () => {
    const store = createPresenceStore(() => 'mem_me');
    const seen: string[] = [];
    store.subscribe('x:1', () => seen.push('x:1'));
    store.subscribe('x:2', () => seen.push('x:2'));
    store.set([
      p('mem_bo', 'Bo', 'x:1', 'viewing'),
      p('mem_tess', 'Tess', 'x:1', 'typing'),
      p('mem_me', 'Me', 'x:2', 'typing'),
    ]);
    expect(store.on('x:1').map((e) => e.name)).toEqual(['Tess', 'Bo']);
    expect(store.on('x:2')).toEqual([]);
    expect(seen).toEqual(['x:1']);
    store.set([p('mem_bo', 'Bo', 'x:1', 'viewing'), p('mem_tess', 'Tess', 'x:1', 'typing')]);
    expect(seen).toEqual(['x:1']);
    expect(presenceWords(store.on('x:1'))).toBe('presenceReplying(Tess) · presenceViewing(Bo)');
    expect(typingNames(store.on('x:1'))).toBe('Tess');
    const many = ['A', 'B', 'C', 'D'].map((n) => p(`m_${n}`, n, 'x:1', 'viewing'));
    expect(presenceWords(many)).toBe('presenceViewing(A) · presenceViewing(B) · presenceMore(2)');
    expect(typingNames(many)).toBeNull();
  });

  it('renders names as text, and nothing when nobody is there', () => {
    const store = createPresenceStore(() => null);
    const root = document.createElement('div');
    render(<PresenceBadge store={store} itemKey="x:1" />, root);
    expect(root.textContent).toBe('');
    store.set([p('mem_x', '<img src=x onerror=alert(1)>', 'x:1', 'typing')]);
    render(<PresenceBadge store={store} itemKey="x:1" />, root);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('[data-inlay-presence]')?.getAttribute('data-inlay-presence')).toBe('typing');
    expect(root.textContent).toBe('presenceReplying(<img src=x onerror=alert(1)>)');
  });
});

describe('presence tracker', () => {
  let onView: (el: Element, visible: boolean) => void = () => {};
  const views: ViewWatcher = (cb) => {
    onView = cb;
    return { observe: () => {}, unobserve: () => {}, disconnect: () => {} };
  };

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  function page(refreshMs = 15_000) {
    const html = `
      <article id="a"><p>first</p><div id="a-host" ${HOST_ITEM_ATTR}="x:a"></div><textarea id="inside"></textarea></article>
      <div id="after" contenteditable="true"></div>
      <article id="b"><p>second</p><div id="b-host" ${HOST_ITEM_ATTR}="x:b"></div></article>
      <div role="dialog"><div id="dialog-box" contenteditable="true"></div></div>`;
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    document.body.replaceChildren(...Array.from(parsed.body.childNodes, (n) => document.importNode(n, true)));
    const $ = (id: string) => document.getElementById(id)!;
    const reports: Array<[string, PresenceState]> = [];
    const tracker = createPresenceTracker({ doc: document, report: (k, s) => reports.push([k, s]), views, refreshMs });
    tracker.watch('x:a', $('a-host'), $('a'));
    tracker.watch('x:b', $('b-host'), $('b'));
    return { $, reports, tracker };
  }

  it('says viewing after an item is half in view for 1 s, idle when it leaves, and refreshes while it holds', () => {
    const { $, reports, tracker } = page();
    onView($('a-host'), true);
    vi.advanceTimersByTime(900);
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(reports).toEqual([['x:a', 'viewing']]);
    onView($('b-host'), true);
    onView($('b-host'), false); // a glance is not viewing
    vi.advanceTimersByTime(2000);
    expect(reports).toEqual([['x:a', 'viewing']]);
    vi.advanceTimersByTime(15_000);
    expect(reports).toEqual([
      ['x:a', 'viewing'],
      ['x:a', 'viewing'],
    ]);
    onView($('a-host'), false);
    expect(reports.at(-1)).toEqual(['x:a', 'idle']);
    tracker.stop();
  });

  it('says typing for input in the item or right after it, 10 s past the last keystroke', () => {
    const { $, reports, tracker } = page(60_000);
    $('inside').dispatchEvent(new Event('input', { bubbles: true }));
    expect(reports).toEqual([['x:a', 'typing']]);
    vi.advanceTimersByTime(5000);
    $('after').dispatchEvent(new Event('input', { bubbles: true })); // right after item a: still a
    vi.advanceTimersByTime(9000);
    expect(reports).toEqual([['x:a', 'typing']]);
    vi.advanceTimersByTime(1100);
    expect(reports).toEqual([
      ['x:a', 'typing'],
      ['x:a', 'idle'],
    ]);
    tracker.stop();
  });

  it('a reply dialog counts for the item whose reply was clicked, or the box Reply with… opened; never Inlay’s own UI', () => {
    const { $, reports, tracker } = page();
    $('dialog-box').dispatchEvent(new Event('input', { bubbles: true }));
    expect(reports).toEqual([]); // a dialog with no click before it: nobody's
    $('b').querySelector('p')!.click();
    $('dialog-box').dispatchEvent(new Event('input', { bubbles: true }));
    expect(reports).toEqual([['x:b', 'typing']]);
    const box = document.createElement('div');
    box.contentEditable = 'true';
    document.body.append(box);
    tracker.claim('x:a', box);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    expect(reports.at(-1)).toEqual(['x:a', 'typing']);
    const inOverlay = document.createElement('textarea');
    $('b-host').append(inOverlay);
    const before = reports.length;
    vi.advanceTimersByTime(11_000);
    inOverlay.dispatchEvent(new Event('input', { bubbles: true }));
    expect(reports.slice(before).filter(([, s]) => s === 'typing')).toEqual([]);
    tracker.typed('x:b'); // what the bar says for its own Reply with… box
    expect(reports.at(-1)).toEqual(['x:b', 'typing']);
    tracker.stop();
  });

  it('goes idle when the page is hidden or the item leaves the page', () => {
    const { $, reports, tracker } = page();
    onView($('a-host'), true);
    vi.advanceTimersByTime(1000);
    tracker.typed('x:b');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(reports.slice(-2).sort()).toEqual([
      ['x:a', 'idle'],
      ['x:b', 'idle'],
    ]);
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    vi.advanceTimersByTime(1000);
    expect(reports.at(-1)).toEqual(['x:a', 'viewing']);
    tracker.stop();
    expect(reports.at(-1)).toEqual(['x:a', 'idle']);
  });
});
