/**
 * presence-badge: who on the team is on an item right now, in its bar
 * ("Tess is replying", "Bo is viewing"), and what this user does on the
 * page, for the team.
 *
 * Teammates: the background pushes everyone present (`presence`); the store
 * keeps it per item for the bars — other members only, never this one.
 *
 * This user (the tracker), per item on the page:
 *   - viewing: its overlay host is at least half in view for `viewMs` (1 s);
 *   - typing: the user typed in the reply box for it — the box Inlay's
 *     "Reply with…" opened, Inlay's own Reply with… box, or an editable
 *     element (focus or input) inside the item, or right after it in the
 *     page (not in a dialog: a site's reply dialog counts for the item whose
 *     reply button was just clicked). It lasts `typingMs` (10 s) after the
 *     last keystroke;
 *   - idle: out of view, the page hidden or left, the item gone.
 * Changes are reported at once; a state that holds is reported again every
 * `refreshMs` (15 s), which is what keeps it alive in the background.
 *
 * Member names are text (Preact), never markup.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Presence, PresenceState } from '../../shared/protocol';
import { HOST_ITEM_ATTR } from './overlay-host';
import { i18n } from './support/words';

export const FEATURE_ID = 'presence-badge';

/* ----------------------------------------------------------- teammates */

export interface PresenceStore {
  /** The background's whole list. */
  set(entries: readonly Presence[]): void;
  /** Teammates on `key`, typing first, then by name. */
  on(key: string): Presence[];
  subscribe(key: string, cb: () => void): () => void;
}

const STRENGTH: Record<PresenceState, number> = { idle: 0, viewing: 1, typing: 2 };

function byStrength(a: Presence, b: Presence): number {
  return STRENGTH[b.state] - STRENGTH[a.state] || a.name.localeCompare(b.name) || a.memberId.localeCompare(b.memberId);
}

/** `me()`: this browser's member, whose entries are never shown. */
export function createPresenceStore(me: () => string | null): PresenceStore {
  let byKey = new Map<string, Presence[]>();
  const subs = new Map<string, Set<() => void>>();
  const sig = (list: readonly Presence[] | undefined) =>
    (list ?? []).map((p) => `${p.memberId}|${p.state}|${p.name}`).join('\n');
  return {
    set(entries) {
      const mine = me();
      const next = new Map<string, Presence[]>();
      for (const p of entries) {
        if (p.state === 'idle' || p.memberId === mine) continue;
        next.set(p.itemKey, [...(next.get(p.itemKey) ?? []), p]);
      }
      for (const list of next.values()) list.sort(byStrength);
      const before = byKey;
      byKey = next;
      for (const key of new Set([...before.keys(), ...next.keys()])) {
        if (sig(before.get(key)) === sig(next.get(key))) continue;
        for (const cb of subs.get(key) ?? []) cb();
      }
    },
    on: (key) => byKey.get(key) ?? [],
    subscribe(key, cb) {
      let set = subs.get(key);
      if (!set) subs.set(key, (set = new Set()));
      set.add(cb);
      return () => {
        set.delete(cb);
        if (set.size === 0) subs.delete(key);
      };
    },
  };
}

/** One teammate in words: "Tess is replying" / "Tess is viewing". */
export function presencePhrase(p: Presence): string {
  return p.state === 'typing' ? i18n.t('presenceReplying', [p.name]) : i18n.t('presenceViewing', [p.name]);
}

/** What the bar says: the first two, then how many more. */
export function presenceWords(list: readonly Presence[]): string {
  const shown = list.slice(0, 2).map(presencePhrase);
  if (list.length > 2) shown.push(i18n.t('presenceMore', [String(list.length - 2)]));
  return shown.join(' · ');
}

/** Names of the teammates typing on an item ("Tess, Bo"), or null when nobody is. */
export function typingNames(list: readonly Presence[]): string | null {
  const names = list.filter((p) => p.state === 'typing').map((p) => p.name);
  return names.length > 0 ? names.join(', ') : null;
}

export function usePresence(store: PresenceStore | undefined, key: string): Presence[] {
  const [list, setList] = useState<Presence[]>(() => store?.on(key) ?? []);
  useEffect(() => {
    if (!store) return;
    const sync = (): void => setList(store.on(key));
    const off = store.subscribe(key, sync);
    sync();
    return off;
  }, [store, key]);
  return list;
}

export function PresenceBadge(props: { store?: PresenceStore; itemKey: string }) {
  const list = usePresence(props.store, props.itemKey);
  if (list.length === 0) return null;
  const top = list[0]!.state;
  return (
    <span
      class={`presence-badge presence-badge--${top}`}
      data-inlay-presence={top}
      aria-live="polite"
      title={list.map(presencePhrase).join('\n')}
    >
      <span class="presence-badge__dot" aria-hidden="true" />
      {presenceWords(list)}
    </span>
  );
}

export const PRESENCE_BADGE_CSS = `
.presence-badge { display: inline-flex; align-items: center; gap: 5px; max-width: 260px; font-size: 12px; line-height: 18px; padding: 0 7px 0 6px; border-radius: 999px; color: var(--inlay-muted); border: 1px solid var(--inlay-line); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.presence-badge--typing { color: var(--inlay-accent); border-color: var(--inlay-accent-line); background: var(--inlay-accent-bg); font-weight: 600; }
.presence-badge__dot { flex: none; width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
.presence-badge--typing .presence-badge__dot { animation: presence-badge-pulse 1.2s ease-in-out infinite; }
@keyframes presence-badge-pulse { 0%, 100% { opacity: 1; } 50% { opacity: 0.25; } }
@media (prefers-reduced-motion: reduce) { .presence-badge--typing .presence-badge__dot { animation: none; } }
`;

/* ------------------------------------------------------------ this user */

export interface PresenceTracker {
  /** Follow an item: its overlay host (for "in view") and its element (for "typing in it"). Returns stop. */
  watch(key: string, host: Element, item: Element): () => void;
  /** The user typed a reply to `key` (Inlay's own Reply with… box). */
  typed(key: string): void;
  /** `editor` is the reply box for `key` (Reply with… opened it): typing there is typing on `key`. */
  claim(key: string, editor: Element): void;
  /** What we say about `key` now. */
  state(key: string): PresenceState;
  /** Say the current state of `key` again (it just became the team's item). */
  refresh(key: string): void;
  stop(): void;
}

/** How the tracker learns what is in view (IntersectionObserver; tests pass their own). */
export type ViewWatcher = (onChange: (el: Element, visible: boolean) => void) => {
  observe(el: Element): void;
  unobserve(el: Element): void;
  disconnect(): void;
};

export interface PresenceTrackerOptions {
  doc: Document;
  report(key: string, state: PresenceState): void;
  viewMs?: number;
  typingMs?: number;
  refreshMs?: number;
  /** A site reply dialog opened this soon after a click in an item replies to that item. */
  clickMs?: number;
  views?: ViewWatcher;
  now?: () => number;
}

/** "At least half in view", from an IntersectionObserver. */
export function intersectionWatcher(view: Window): ViewWatcher | null {
  const IO = (view as Window & { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
  if (!IO) return null;
  return (onChange) => {
    const io = new IO(
      (entries) => {
        for (const e of entries) onChange(e.target, e.isIntersecting && e.intersectionRatio >= 0.5);
      },
      { threshold: [0, 0.5, 1] },
    );
    return { observe: (el) => io.observe(el), unobserve: (el) => io.unobserve(el), disconnect: () => io.disconnect() };
  };
}

interface Watched {
  host: Element;
  item: Element;
  inView: boolean;
  viewing: boolean;
  viewTimer: ReturnType<typeof setTimeout> | null;
  typingUntil: number;
  typingTimer: ReturnType<typeof setTimeout> | null;
  reported: PresenceState;
}

function editableOf(node: EventTarget | undefined): HTMLElement | null {
  if (!node || typeof (node as Element).closest !== 'function') return null;
  const el = node as HTMLElement;
  if (el.tagName === 'TEXTAREA') return el;
  if (el.tagName === 'INPUT') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return ['text', 'search', ''].includes(type) ? el : null;
  }
  if (el.isContentEditable) {
    // the editing host: the outermost contenteditable ancestor
    let root: HTMLElement = el;
    while (root.parentElement?.isContentEditable) root = root.parentElement;
    return root;
  }
  return null;
}

export function createPresenceTracker(opts: PresenceTrackerOptions): PresenceTracker {
  const { doc } = opts;
  const view = doc.defaultView;
  const viewMs = opts.viewMs ?? 1000;
  const typingMs = opts.typingMs ?? 10_000;
  const refreshMs = opts.refreshMs ?? 15_000;
  const clickMs = opts.clickMs ?? 60_000;
  const now = opts.now ?? (() => Date.now());
  const watched = new Map<string, Watched>();
  const byHost = new Map<Element, string>();
  const editors = new WeakMap<Element, string>();
  let hidden = doc.visibilityState === 'hidden';
  let lastClick: { key: string; at: number } | null = null;

  const compute = (w: Watched): PresenceState =>
    hidden ? 'idle' : w.typingUntil > now() ? 'typing' : w.viewing ? 'viewing' : 'idle';

  function recompute(key: string): void {
    const w = watched.get(key);
    if (!w) return;
    const s = compute(w);
    if (s === w.reported) return;
    w.reported = s;
    opts.report(key, s);
  }

  function setInView(key: string, visible: boolean): void {
    const w = watched.get(key);
    if (!w) return;
    w.inView = visible;
    if (visible) {
      if (!w.viewing && !w.viewTimer && !hidden) {
        w.viewTimer = setTimeout(() => {
          w.viewTimer = null;
          if (w.inView && !hidden) w.viewing = true;
          recompute(key);
        }, viewMs);
      }
      return;
    }
    if (w.viewTimer) clearTimeout(w.viewTimer);
    w.viewTimer = null;
    w.viewing = false;
    recompute(key);
  }

  const watcher = (opts.views ?? (view ? intersectionWatcher(view) : null))?.((el, visible) => {
    const key = byHost.get(el);
    if (key) setInView(key, visible);
  });

  function typed(key: string): void {
    const w = watched.get(key);
    if (!w) return;
    w.typingUntil = now() + typingMs;
    if (w.typingTimer) clearTimeout(w.typingTimer);
    w.typingTimer = setTimeout(() => {
      w.typingTimer = null;
      recompute(key);
    }, typingMs + 20);
    recompute(key);
  }

  /** Whose reply box is this? See the header for the order. */
  function keyOfEditor(el: HTMLElement): string | null {
    for (let a: Element | null = el; a; a = a.parentElement) {
      const k = editors.get(a);
      if (k && watched.has(k)) return k;
    }
    let inside: [string, Watched] | null = null;
    for (const entry of watched) {
      if (entry[1].item.contains(el) && (!inside || inside[1].item.contains(entry[1].item))) inside = entry;
    }
    if (inside) return inside[0];
    if (lastClick && now() - lastClick.at < clickMs && watched.has(lastClick.key)) return lastClick.key;
    if (el.closest('[role="dialog"], [aria-modal="true"]')) return null;
    let before: [string, Watched] | null = null;
    for (const entry of watched) {
      const follows = (entry[1].item.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      if (!follows) continue;
      const later =
        !before || (before[1].item.compareDocumentPosition(entry[1].item) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      if (later) before = entry;
    }
    return before?.[0] ?? null;
  }

  const inOverlay = (path: EventTarget[]): boolean =>
    path.some((n) => typeof (n as Element).hasAttribute === 'function' && (n as Element).hasAttribute(HOST_ITEM_ATTR));

  /** Focus counts only when the user just did something (a page focusing its own box on load does not). */
  const userActive = (): boolean =>
    (view?.navigator as (Navigator & { userActivation?: { isActive: boolean } }) | undefined)?.userActivation
      ?.isActive ?? true;

  const onEdit = (e: Event): void => {
    if (e.type === 'focusin' && !userActive()) return;
    const path = e.composedPath();
    if (inOverlay(path)) return; // Inlay's own controls say for themselves (typed)
    const editor = editableOf(path[0] ?? e.target ?? undefined);
    if (!editor) return;
    const key = keyOfEditor(editor);
    if (!key) return;
    editors.set(editor, key);
    typed(key);
  };

  const onClick = (e: Event): void => {
    const path = e.composedPath();
    if (inOverlay(path)) return;
    const target = path[0] as Node | undefined;
    if (!target) return;
    for (const [key, w] of watched) {
      if (w.item.contains(target)) {
        lastClick = { key, at: now() };
        return;
      }
    }
  };

  function setHidden(nowHidden: boolean): void {
    if (nowHidden === hidden) return;
    hidden = nowHidden;
    for (const [key, w] of watched) {
      if (hidden) {
        if (w.viewTimer) clearTimeout(w.viewTimer);
        w.viewTimer = null;
        w.viewing = false;
        w.typingUntil = 0;
        recompute(key);
      } else if (w.inView) {
        setInView(key, true);
      }
    }
  }
  const onVisibility = (): void => setHidden(doc.visibilityState === 'hidden');
  const onPageHide = (): void => setHidden(true);
  const onPageShow = (): void => setHidden(doc.visibilityState === 'hidden');

  doc.addEventListener('input', onEdit, true);
  doc.addEventListener('focusin', onEdit, true);
  doc.addEventListener('keydown', onEdit, true);
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('visibilitychange', onVisibility);
  view?.addEventListener('pagehide', onPageHide);
  view?.addEventListener('pageshow', onPageShow);
  const refresher = setInterval(() => {
    for (const [key, w] of watched) if (w.reported !== 'idle') opts.report(key, w.reported);
  }, refreshMs);

  function unwatch(key: string, w: Watched): void {
    watcher?.unobserve(w.host);
    byHost.delete(w.host);
    if (w.viewTimer) clearTimeout(w.viewTimer);
    if (w.typingTimer) clearTimeout(w.typingTimer);
    watched.delete(key);
    if (w.reported !== 'idle') opts.report(key, 'idle');
  }

  return {
    watch(key, host, item) {
      const before = watched.get(key);
      if (before) {
        watcher?.unobserve(before.host);
        byHost.delete(before.host);
        before.host = host;
        before.item = item;
      }
      const w: Watched = before ?? {
        host,
        item,
        inView: false,
        viewing: false,
        viewTimer: null,
        typingUntil: 0,
        typingTimer: null,
        reported: 'idle',
      };
      watched.set(key, w);
      byHost.set(host, key);
      watcher?.observe(host);
      return () => {
        if (watched.get(key) === w && w.host === host) unwatch(key, w);
      };
    },
    typed,
    claim(key, editor) {
      editors.set(editor, key);
    },
    state: (key) => watched.get(key)?.reported ?? 'idle',
    refresh(key) {
      const w = watched.get(key);
      if (w && w.reported !== 'idle') opts.report(key, w.reported);
    },
    stop() {
      clearInterval(refresher);
      doc.removeEventListener('input', onEdit, true);
      doc.removeEventListener('focusin', onEdit, true);
      doc.removeEventListener('keydown', onEdit, true);
      doc.removeEventListener('click', onClick, true);
      doc.removeEventListener('visibilitychange', onVisibility);
      view?.removeEventListener('pagehide', onPageHide);
      view?.removeEventListener('pageshow', onPageShow);
      for (const [key, w] of [...watched]) unwatch(key, w);
      watcher?.disconnect();
    },
  };
}
