/**
 * overlay-host: one host element per recognised item, inside the item's own
 * DOM right after its action row, with a shadow root holding Inlay's UI.
 *
 * - `data-inlay-item="<platform>:<nativeId>"`, `data-inlay-kind`, and
 *   `data-inlay-inbound` let tools, tests and support find what Inlay saw.
 * - Styles live in the shadow root; the host itself resets inherited styles
 *   and is a small block (one 24 px line), so the page's layout moves once,
 *   by one line, when the item first appears, and never after. Its width
 *   never depends on what it shows (`contain: inline-size`): a long notice
 *   or a presence badge wraps inside the item instead of widening a site's
 *   shrink-to-fit column.
 * - Keyboard: key events leave the overlay only when it does not have focus,
 *   so the site's shortcuts keep working everywhere else and never fire
 *   while the user types or presses keys in Inlay's controls. Pointer events
 *   from the overlay never reach the site (X opens a tweet on any click in it).
 * - Theme follows the page: the computed background of <body> (or <html>),
 *   by luminance; `color-scheme` when the background is transparent.
 */
import type { AttachedHost } from './page-scanner';

export const FEATURE_ID = 'overlay-host';
export const HOST_ITEM_ATTR = 'data-inlay-item';
export const HOST_KIND_ATTR = 'data-inlay-kind';
export const HOST_INBOUND_ATTR = 'data-inlay-inbound';
export const HOST_SELECTOR = `[${HOST_ITEM_ATTR}]`;
/** Set for a moment on the host of an item opened from the side panel: the item is highlighted. */
export const HOST_FOCUS_ATTR = 'data-inlay-focus';

export type Theme = 'light' | 'dark';

export interface OverlayHost extends AttachedHost {
  host: HTMLElement;
  root: ShadowRoot;
  /** Where features render (inside the shadow root). */
  mount: HTMLElement;
  setTheme(theme: Theme): void;
  /** Called by destroy() before the host leaves the page (features unmount here). */
  onDestroy(cb: () => void): void;
}

export interface OverlayHostOptions {
  /** The item element (from the adapter). */
  item: Element;
  /** The item's action row (from the adapter); the host goes right after it, else at the item's end. */
  anchor: Element | null;
  key: string;
  kind: string;
  inbound: boolean;
  theme: Theme;
  /** Feature stylesheets (scoped to this shadow root). */
  styles: readonly string[];
}

/** Design tokens and the bar; every feature's CSS is prefixed with its feature id. */
export const OVERLAY_HOST_CSS = `
:host { all: initial; display: block; contain: layout style inline-size; }
.overlay-host {
  --inlay-fg: #0f1419; --inlay-muted: #536471; --inlay-line: rgba(83, 100, 113, 0.28);
  --inlay-accent: #4338ca; --inlay-accent-bg: rgba(67, 56, 202, 0.08); --inlay-accent-line: rgba(67, 56, 202, 0.38);
  --inlay-ok: #15803d; --inlay-danger: #b42318; --inlay-radius: 6px;
  --inlay-space-1: 4px; --inlay-space-2: 8px; --inlay-space-3: 12px;
  display: flex; align-items: center; flex-wrap: wrap; gap: var(--inlay-space-2);
  min-height: 24px; margin: 0 0 var(--inlay-space-1);
  font: 400 13px/16px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--inlay-fg); -webkit-font-smoothing: antialiased;
}
:host([data-theme="dark"]) .overlay-host {
  --inlay-fg: #e7e9ea; --inlay-muted: #8b98a5; --inlay-line: rgba(139, 152, 165, 0.32);
  --inlay-accent: #a5b4fc; --inlay-accent-bg: rgba(165, 180, 252, 0.12); --inlay-accent-line: rgba(165, 180, 252, 0.42);
  --inlay-ok: #4ade80; --inlay-danger: #fca5a5;
}
.overlay-host *, .overlay-host *::before, .overlay-host *::after { box-sizing: border-box; }
:host([data-inlay-focus]) .overlay-host { border-radius: var(--inlay-radius); box-shadow: 0 0 0 2px var(--inlay-accent); background: var(--inlay-accent-bg); animation: inlay-focus 2.5s ease-out; }
@keyframes inlay-focus { 0%, 60% { box-shadow: 0 0 0 3px var(--inlay-accent); } 100% { box-shadow: 0 0 0 2px transparent; } }
@media (prefers-reduced-motion: reduce) { :host([data-inlay-focus]) .overlay-host { animation: none; } }
`;

/* --------------------------------------------------------------------- theme */

function parseRgb(value: string): { r: number; g: number; b: number; a: number } | null {
  const m = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)/.exec(value);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return { r: +m[1]!, g: +m[2]!, b: +m[3]!, a: alpha };
}

/** WCAG relative luminance of an sRGB colour, 0 (black) … 1 (white). */
export function luminance(r: number, g: number, b: number): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Light or dark, as the page shows itself. */
export function pageTheme(doc: Document): Theme {
  const view = doc.defaultView;
  if (!view) return 'light';
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const rgb = parseRgb(view.getComputedStyle(el).backgroundColor);
    if (rgb && rgb.a > 0.5) return luminance(rgb.r, rgb.g, rgb.b) < 0.2 ? 'dark' : 'light';
  }
  const scheme = view.getComputedStyle(doc.documentElement).colorScheme ?? '';
  return /^\s*dark/.test(scheme) ? 'dark' : 'light';
}

/** Calls `cb` when the page switches theme (X rewrites body/html style); returns stop. */
export function watchTheme(doc: Document, cb: (theme: Theme) => void): () => void {
  let current = pageTheme(doc);
  const view = doc.defaultView;
  const MO = view?.MutationObserver ?? MutationObserver;
  const observer = new MO(() => {
    const next = pageTheme(doc);
    if (next !== current) cb((current = next));
  });
  const opts = { attributes: true, attributeFilter: ['style', 'class', 'data-theme'] };
  observer.observe(doc.documentElement, opts);
  if (doc.body) observer.observe(doc.body, opts);
  return () => observer.disconnect();
}

/* ---------------------------------------------------------------------- host */

const POINTER_EVENTS = [
  'click',
  'auxclick',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'contextmenu',
];
const KEY_EVENTS = ['keydown', 'keyup', 'keypress'];

export function createOverlayHost(opts: OverlayHostOptions): OverlayHost {
  const doc = opts.item.ownerDocument;
  const host = doc.createElement('div');
  host.setAttribute(HOST_ITEM_ATTR, opts.key);
  host.setAttribute(HOST_KIND_ATTR, opts.kind);
  host.setAttribute(HOST_INBOUND_ATTR, String(opts.inbound));
  host.setAttribute('data-theme', opts.theme);
  // open: end-to-end tests and support tools can look inside; page CSS still cannot reach in
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = OVERLAY_HOST_CSS + opts.styles.join('\n');
  const mount = doc.createElement('div');
  mount.className = 'overlay-host';
  root.append(style, mount);

  const stop = (e: Event): void => e.stopPropagation();
  const stopKeys = (e: Event): void => {
    if (root.activeElement) e.stopPropagation();
  };
  for (const t of POINTER_EVENTS) host.addEventListener(t, stop);
  for (const t of KEY_EVENTS) host.addEventListener(t, stopKeys);

  if (opts.anchor && opts.item.contains(opts.anchor)) opts.anchor.after(host);
  else opts.item.append(host);

  const cleanups: Array<() => void> = [];
  let destroyed = false;
  return {
    host,
    root,
    mount,
    setTheme: (theme) => host.setAttribute('data-theme', theme),
    onDestroy: (cb) => void cleanups.push(cb),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const cb of cleanups.splice(0)) {
        try {
          cb();
        } catch {
          /* a feature failing to unmount must not keep the host on the page */
        }
      }
      for (const t of POINTER_EVENTS) host.removeEventListener(t, stop);
      for (const t of KEY_EVENTS) host.removeEventListener(t, stopKeys);
      host.remove();
    },
  };
}
