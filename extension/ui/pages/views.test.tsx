// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExtensionState } from '../../messaging/messages';
import { initialState } from '../../background/state';
import { reduceLive } from '../use-live';
import { PopupView } from './PopupApp';
import { SidePanelView } from './SidePanelApp';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../i18n', () => ({
  i18n: {
    t: (key: string, a?: unknown, b?: unknown) =>
      typeof a === 'number' ? `${key}#${a}` : Array.isArray(a) ? `${key}:${a.join(',')}` : b ? `${key}` : key,
  },
}));

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const state = (patch: Partial<ExtensionState>): ExtensionState => ({ ...initialState(), ...patch });
const q = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe('popup', () => {
  const noop = () => {};
  it('shows the status in words and the outbox size while offline', () => {
    act(() =>
      render(
        <PopupView
          state={state({ status: 'offline', detail: 'Companion not running', outbox: 3 })}
          error={null}
          onToggleSite={noop}
          onOpenSidePanel={noop}
          onOpenOptions={noop}
        />,
        root,
      ),
    );
    expect(q('connection-status')!.dataset.status).toBe('offline');
    expect(q('connection-status')!.textContent).toContain('Companion not running');
    expect(q('outbox-count')!.textContent).toBe('popupOutbox#3');
    expect(q('open-sidepanel')).not.toBeNull();
    expect(q('site-toggle-x')).not.toBeNull();
  });

  it("says when it can't read the page in front, naming the site and page kind", () => {
    act(() =>
      render(
        <PopupView
          state={state({ status: 'connected' })}
          error={null}
          health={{ platform: 'linkedin', page: 'post', status: 'unreadable', found: 0 }}
          onToggleSite={noop}
          onOpenSidePanel={noop}
          onOpenOptions={noop}
        />,
        root,
      ),
    );
    expect(q('page-health')!.textContent).toContain('popupUnreadable');
    expect(q('page-health')!.textContent).toContain('popupUnreadableDetail:platformLinkedin,post');
  });

  it('sends you to Options when unpaired', () => {
    const onOpenOptions = vi.fn();
    act(() =>
      render(
        <PopupView
          state={state({ status: 'unpaired', detail: 'Not paired' })}
          error={null}
          onToggleSite={noop}
          onOpenSidePanel={noop}
          onOpenOptions={onOpenOptions}
        />,
        root,
      ),
    );
    expect(q('open-sidepanel')).toBeNull();
    expect(q('outbox-count')).toBeNull();
    act(() => q('open-options')!.click());
    expect(onOpenOptions).toHaveBeenCalled();
  });

  it('reports a site toggle', () => {
    const onToggleSite = vi.fn();
    act(() =>
      render(
        <PopupView
          state={state({ status: 'connected' })}
          error={null}
          onToggleSite={onToggleSite}
          onOpenSidePanel={noop}
          onOpenOptions={noop}
        />,
        root,
      ),
    );
    const box = q('site-toggle-reddit')!.querySelector('input')!;
    act(() => box.click());
    expect(onToggleSite).toHaveBeenCalledWith('reddit', false);
  });
});

describe('side panel', () => {
  it('shows a designed empty state and the offline banner', () => {
    act(() =>
      render(
        <SidePanelView
          state={state({ status: 'offline', detail: 'down' })}
          items={[]}
          loaded
          now={0}
          onOpen={() => {}}
        />,
        root,
      ),
    );
    expect(q('empty-state')!.textContent).toContain('sidepanelEmpty');
    expect(q('offline-banner')).not.toBeNull();
  });

  it('shows no banner when connected', () => {
    act(() =>
      render(
        <SidePanelView state={state({ status: 'connected' })} items={[]} loaded now={0} onOpen={() => {}} />,
        root,
      ),
    );
    expect(q('offline-banner')).toBeNull();
    expect(q('unpaired-banner')).toBeNull();
  });
});

describe('reduceLive', () => {
  it('replaces the list on items, upserts on item, and keeps state', () => {
    const base = { state: null, items: [], loaded: false, presence: [], refusal: null };
    const it1 = { key: 'x:1', seq: 1 } as never;
    const it1b = { key: 'x:1', seq: 2 } as never;
    const it2 = { key: 'x:2', seq: 1 } as never;
    let live = reduceLive(base, { type: 'items', items: [it1] });
    expect(live.loaded).toBe(true);
    live = reduceLive(live, { type: 'item', item: it2 });
    live = reduceLive(live, { type: 'item', item: it1b });
    expect(live.items).toEqual([it2, it1b]);
    live = reduceLive(live, { type: 'state', state: initialState() });
    expect(live.state?.status).toBe('connecting');
    expect(live.items).toHaveLength(2);
  });
});
