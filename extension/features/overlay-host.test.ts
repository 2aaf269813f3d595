// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOverlayHost, luminance, pageTheme, watchTheme } from './overlay-host';

function article(): { article: HTMLElement; row: HTMLElement } {
  const a = document.createElement('article');
  const row = document.createElement('div');
  row.setAttribute('role', 'group');
  a.append(document.createElement('p'), row, document.createElement('footer'));
  document.body.append(a);
  return { article: a, row };
}

function host(a: HTMLElement, row: HTMLElement | null) {
  const h = createOverlayHost({
    item: a,
    anchor: row,
    key: 'x:1',
    kind: 'reply',
    inbound: true,
    theme: 'light',
    styles: ['.t{}'],
  });
  const button = document.createElement('button');
  button.textContent = 'Capture';
  h.mount.append(button);
  return { h, button };
}

afterEach(() => {
  document.body.replaceChildren();
  document.body.removeAttribute('style');
  document.documentElement.removeAttribute('style');
});

describe('overlay-host', () => {
  it('puts one host right after the action row, with the item attributes and a shadow root', () => {
    const { article: a, row } = article();
    const { h } = host(a, row);
    expect(row.nextElementSibling).toBe(h.host);
    expect(h.host.getAttribute('data-inlay-item')).toBe('x:1');
    expect(h.host.getAttribute('data-inlay-kind')).toBe('reply');
    expect(h.host.getAttribute('data-inlay-inbound')).toBe('true');
    expect(h.host.shadowRoot?.querySelector('style')?.textContent).toContain('.t{}');
    expect(h.host.children).toHaveLength(0); // nothing of ours in the page's own DOM but the host
  });

  it('falls back to the end of the item when there is no action row', () => {
    const { article: a } = article();
    const { h } = host(a, null);
    expect(a.lastElementChild).toBe(h.host);
  });

  it('keeps clicks inside the overlay from reaching the site', () => {
    const { article: a, row } = article();
    const { button } = host(a, row);
    const siteClick = vi.fn();
    a.addEventListener('click', siteClick);
    document.addEventListener('click', siteClick);
    button.click();
    expect(siteClick).not.toHaveBeenCalled();
  });

  it('stops key events only while the overlay has focus', () => {
    const { article: a, row } = article();
    const { button } = host(a, row);
    const shortcuts = vi.fn();
    document.addEventListener('keydown', shortcuts);
    button.focus();
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    expect(shortcuts).not.toHaveBeenCalled();
    button.blur();
    a.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    expect(shortcuts).toHaveBeenCalledTimes(1);
  });

  it('destroy runs feature cleanups once and removes the host', () => {
    const { article: a, row } = article();
    const { h } = host(a, row);
    const cleanup = vi.fn();
    h.onDestroy(cleanup);
    h.destroy();
    h.destroy();
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(a.querySelector('[data-inlay-item]')).toBeNull();
  });
});

describe('theme', () => {
  it('follows the page background by luminance', () => {
    document.body.style.backgroundColor = 'rgb(255, 255, 255)';
    expect(pageTheme(document)).toBe('light');
    document.body.style.backgroundColor = 'rgb(0, 0, 0)';
    expect(pageTheme(document)).toBe('dark');
    document.body.style.backgroundColor = 'rgb(21, 32, 43)'; // X "Dim"
    expect(pageTheme(document)).toBe('dark');
  });

  it('falls back to <html> when <body> is transparent', () => {
    document.body.style.backgroundColor = 'rgba(0, 0, 0, 0)';
    document.documentElement.style.backgroundColor = 'rgb(0, 0, 0)';
    expect(pageTheme(document)).toBe('dark');
  });

  it('tells the overlays when the site switches theme', async () => {
    document.body.style.backgroundColor = 'rgb(255, 255, 255)';
    const seen: string[] = [];
    const stop = watchTheme(document, (t) => seen.push(t));
    document.body.style.backgroundColor = 'rgb(0, 0, 0)';
    await new Promise((r) => setTimeout(r, 0));
    stop();
    expect(seen).toEqual(['dark']);
  });

  it('computes WCAG luminance', () => {
    expect(luminance(255, 255, 255)).toBeCloseTo(1);
    expect(luminance(0, 0, 0)).toBe(0);
  });
});
