// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CapturedItem } from '../../shared/model';
import { mountCaptureButton } from './capture-button';
import { createOverlayHost } from './overlay-host';
import type { Outcome } from './support/background';
import { createCapturedItems } from './support/captured-items';

vi.mock('./support/words', () => ({
  i18n: { t: (key: string, subs?: unknown) => (Array.isArray(subs) ? `${key}(${subs.join(',')})` : key) },
}));

const item: CapturedItem = {
  platform: 'x',
  nativeId: '42',
  kind: 'reply',
  profile: 'inlaydemo',
  author: { handle: 'mapleowl', name: '<b>Maple</b>', url: 'https://x.com/mapleowl' },
  text: '<img src=x onerror="window.pwned=1"> hello',
  permalink: 'https://x.com/mapleowl/status/42',
  siteTimestamp: null,
  parentId: '1',
  threadId: '1',
};

const settle = () => new Promise((r) => setTimeout(r, 0));

function mount(
  capture: (i: CapturedItem) => Promise<Outcome<unknown>>,
  inbound = true,
  captured = createCapturedItems(),
) {
  const article = document.createElement('article');
  document.body.append(article);
  const host = createOverlayHost({
    item: article,
    anchor: null,
    key: 'x:42',
    kind: 'reply',
    inbound,
    theme: 'light',
    styles: [],
  });
  mountCaptureButton(host, { item, inbound, captured, capture });
  const q = (sel: string) => host.root.querySelector(sel);
  return { host, q, captured };
}

afterEach(() => document.body.replaceChildren());

describe('capture-button', () => {
  it('captures on click and then shows "Captured" as a status', async () => {
    const capture = vi.fn(async (): Promise<Outcome<unknown>> => ({ ok: true, value: null }));
    const { q } = mount(capture);
    expect(q('.capture-button--inbound')).not.toBeNull();
    (q('button') as HTMLButtonElement).click();
    await settle();
    expect(capture).toHaveBeenCalledWith(item);
    expect(q('[role="status"]')?.textContent).toBe('overlayCaptured');
    expect(q('button')).toBeNull();
  });

  it('says in plain words when the background does not answer, and can try again', async () => {
    let answer: Outcome<unknown> = { ok: false, reason: 'no-answer', detail: 'no reply in 10000 ms' };
    const { q } = mount(async () => answer);
    (q('button') as HTMLButtonElement).click();
    await settle();
    expect(q('[role="alert"]')?.textContent).toBe('overlayErrorNoAnswer');
    expect(q('button')?.textContent).toBe('overlayRetry');
    answer = { ok: true, value: null };
    (q('button') as HTMLButtonElement).click();
    await settle();
    expect(q('[role="alert"]')).toBeNull();
    expect(q('[role="status"]')?.textContent).toBe('overlayCaptured');
  });

  it('passes the background’s own words through when it refuses', async () => {
    const { q } = mount(async () => ({ ok: false, reason: 'refused', detail: 'Not paired yet' }));
    (q('button') as HTMLButtonElement).click();
    await settle();
    expect(q('[role="alert"]')?.textContent).toBe('overlayErrorRefused(Not paired yet)');
  });

  it('shows items the team already has as captured, also when that news arrives later', async () => {
    const captured = createCapturedItems();
    const { q } = mount(async () => ({ ok: true, value: null }), false, captured);
    expect(q('.capture-button--quiet button')).not.toBeNull();
    await settle();
    expect(q('[role="status"]')).toBeNull();
    captured.set('x:42');
    await settle();
    expect(q('[role="status"]')?.textContent).toBe('overlayCaptured');
  });

  it('never renders captured text or markup', () => {
    const { host } = mount(async () => ({ ok: true, value: null }));
    expect(host.root.textContent).not.toContain('hello');
    expect(host.root.querySelector('img, b')).toBeNull();
  });

  it('unmounts with its host', () => {
    const { host } = mount(async () => ({ ok: true, value: null }));
    const box = host.mount.firstElementChild!;
    host.destroy();
    expect(box.childNodes).toHaveLength(0);
  });
});
