/**
 * page-scanner: finds the adapter's items as the page changes and keeps
 * exactly one overlay attached to each.
 *
 * - Initial scan, then a MutationObserver whose callback only collects added
 *   nodes; the work runs once per animation frame, in time-boxed slices, so
 *   infinite scroll never produces a long task.
 * - Re-rendered nodes: when the site replaces an item (or the part holding
 *   our host), the old host is dropped and a new one attached; an item never
 *   carries two hosts.
 * - SPA navigation: pushState/replaceState cannot be hooked from an isolated
 *   world, so the URL is compared at every flush (every DOM change), on
 *   popstate/hashchange, on the Navigation API where present, and once a
 *   second; a new URL removes every host of the previous page and rescans.
 * - Everything stops and every host is removed when `signal` aborts (the
 *   content-script context was invalidated) or `stop()` is called.
 *
 * Site-agnostic: which elements are items, and what to attach, come from the
 * caller (the adapter and the overlay features).
 */

/** What `attach` put into the page for one item. */
export interface AttachedHost {
  /** The element inserted into the item (carries the data-inlay-* attributes). */
  host: Element;
  destroy(): void;
}

export interface PageScannerOptions {
  doc: Document;
  /** Item elements under `root` (which may be one itself), in document order. */
  findItems(root: ParentNode): Element[];
  /** Should items be looked for at this URL? */
  isActive(url: URL): boolean;
  /** Attach the overlay to one item; null when it is not an item after all (the scanner will not ask again). */
  attach(el: Element): AttachedHost | null;
  /** Called after a navigation removed the previous page's hosts, before the rescan. */
  onNavigate?(url: URL): void;
  /** Called after each flush that did something. */
  onFlush?(stats: FlushStats): void;
  /** Marks our own hosts, so their insertion is not mistaken for page changes. */
  hostSelector: string;
  /** Aborts = stop and clean up (pass the content script context's signal). */
  signal?: AbortSignal;
  /** Time budget per slice of work, in ms (default 8). */
  budgetMs?: number;
  /** How often to compare the URL without any DOM change, in ms (default 1000; 0 = never). */
  urlPollMs?: number;
}

export interface FlushStats {
  url: string;
  attached: number;
  removed: number;
  tracked: number;
  ms: number;
}

export interface PageScanner {
  start(): void;
  /** Stop observing and remove every host. */
  stop(): void;
  /** Remove every host and scan the whole page again (e.g. when our profiles changed). */
  rescan(): void;
  /** Run pending work now (tests, benchmarks). */
  flushNow(): void;
  /** Items that currently carry a host. */
  readonly tracked: ReadonlyMap<Element, AttachedHost>;
}

export function createPageScanner(opts: PageScannerOptions): PageScanner {
  const { doc, hostSelector } = opts;
  const win = doc.defaultView;
  const budget = opts.budgetMs ?? 8;
  const tracked = new Map<Element, AttachedHost>();
  /** Items `attach` declined on this page; asked again only after navigation or a re-render. */
  let declined = new WeakSet<Element>();
  let pendingRoots: Node[] = [];
  let queue: Element[] = [];
  let fullScan = false;
  let checkRemovals = false;
  let scheduled = 0;
  let running = false;
  let href = '';
  let observer: MutationObserver | null = null;
  let poll: ReturnType<typeof setInterval> | undefined;
  const listeners: Array<[EventTarget, string, EventListener]> = [];

  const now = (): number => (win?.performance ?? performance).now();

  function isOurs(node: Node): boolean {
    return (
      node.nodeType === 1 &&
      ((node as Element).matches(hostSelector) || (node as Element).closest(hostSelector) !== null)
    );
  }

  function onMutations(records: MutationRecord[]): void {
    let relevant = false;
    for (const r of records) {
      if (r.removedNodes.length > 0) {
        checkRemovals = true;
        relevant = true;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1 || isOurs(n)) continue;
        pendingRoots.push(n);
        relevant = true;
      }
    }
    if (relevant) schedule();
  }

  function schedule(): void {
    if (scheduled || !running) return;
    const raf = win?.requestAnimationFrame?.bind(win);
    // rAF runs before the next paint (no flash of a page without hosts); hidden tabs get a timer.
    if (raf && doc.visibilityState !== 'hidden') scheduled = raf(() => flush()) || 1;
    else scheduled = (setTimeout(() => flush(), 50) as unknown as number) || 1;
  }

  function detach(el: Element, att: AttachedHost): void {
    tracked.delete(el);
    try {
      att.destroy();
    } catch {
      att.host.remove();
    }
  }

  function removeAll(): number {
    let n = 0;
    for (const [el, att] of tracked) {
      detach(el, att);
      n++;
    }
    // hosts we no longer track (a previous run of this script) go too
    for (const stale of doc.querySelectorAll(hostSelector)) stale.remove();
    queue = [];
    pendingRoots = [];
    return n;
  }

  function currentUrl(): URL | null {
    try {
      return new URL(doc.location?.href ?? win?.location.href ?? '');
    } catch {
      return null;
    }
  }

  /** True when the URL changed since the last look (and the previous page was cleaned up). */
  function checkUrl(): boolean {
    const url = currentUrl();
    const next = url?.href ?? '';
    if (next === href) return false;
    const first = href === '';
    href = next;
    if (!first) {
      removeAll();
      declined = new WeakSet();
      if (url) opts.onNavigate?.(url);
    }
    fullScan = true;
    return true;
  }

  function enqueue(root: ParentNode): void {
    for (const el of opts.findItems(root)) queue.push(el);
  }

  function flush(): void {
    scheduled = 0;
    if (!running) return;
    const t0 = now();
    let attached = 0;
    let removed = 0;
    checkUrl();
    const url = currentUrl();
    const active = url !== null && opts.isActive(url);
    if (!active) {
      if (tracked.size > 0) removed += removeAll();
      pendingRoots = [];
      queue = [];
      fullScan = false;
      checkRemovals = false;
      return;
    }

    const reattach: Element[] = [];
    if (checkRemovals) {
      checkRemovals = false;
      for (const [el, att] of tracked) {
        if (!el.isConnected) {
          detach(el, att);
          removed++;
        } else if (!att.host.isConnected || !el.contains(att.host)) {
          // the site re-rendered the part of the item that held our host
          detach(el, att);
          removed++;
          reattach.push(el);
        }
      }
    }

    if (fullScan) {
      fullScan = false;
      pendingRoots = [];
      queue = [];
      enqueue(doc);
    } else if (pendingRoots.length > 0) {
      const roots = pendingRoots;
      pendingRoots = [];
      for (const root of roots) if (root.isConnected) enqueue(root as ParentNode);
    }
    if (reattach.length > 0) {
      // keep document order: adapters may read an item's place in a thread from the ones before it
      queue.push(...reattach);
      queue.sort((a, b) => (a.compareDocumentPosition(b) & 4 /* FOLLOWING */ ? -1 : a === b ? 0 : 1));
    }

    // attach in document order, within the time budget; the rest waits for the next frame
    let i = 0;
    for (; i < queue.length; i++) {
      if (i > 0 && now() - t0 > budget) break;
      const el = queue[i]!;
      if (tracked.has(el) || declined.has(el) || !el.isConnected) continue;
      for (const stale of el.querySelectorAll(hostSelector)) stale.remove(); // never two hosts
      const att = opts.attach(el);
      if (att) {
        tracked.set(el, att);
        attached++;
      } else declined.add(el);
    }
    queue = queue.slice(i);
    if (queue.length > 0) schedule();
    if (attached || removed) opts.onFlush?.({ url: href, attached, removed, tracked: tracked.size, ms: now() - t0 });
  }

  function listen(target: EventTarget | null | undefined, type: string, fn: EventListener): void {
    if (!target) return;
    target.addEventListener(type, fn);
    listeners.push([target, type, fn]);
  }

  const onUrlSignal = (): void => {
    if (currentUrl()?.href !== href) schedule();
  };

  const scanner: PageScanner = {
    tracked,
    start() {
      if (running || opts.signal?.aborted) return;
      running = true;
      href = '';
      const MO = win?.MutationObserver ?? MutationObserver;
      observer = new MO(onMutations);
      observer.observe(doc.documentElement, { childList: true, subtree: true });
      listen(win, 'popstate', onUrlSignal);
      listen(win, 'hashchange', onUrlSignal);
      const nav = (win as unknown as { navigation?: EventTarget } | null)?.navigation;
      listen(nav, 'currententrychange', onUrlSignal);
      const every = opts.urlPollMs ?? 1000;
      if (every > 0) poll = setInterval(onUrlSignal, every);
      fullScan = true;
      flush();
    },
    stop() {
      if (!running) return;
      running = false;
      observer?.disconnect();
      observer = null;
      if (poll !== undefined) clearInterval(poll);
      for (const [t, type, fn] of listeners.splice(0)) t.removeEventListener(type, fn);
      removeAll();
    },
    rescan() {
      if (!running) return;
      removeAll();
      declined = new WeakSet();
      fullScan = true;
      schedule();
    },
    flushNow() {
      flush();
    },
  };
  opts.signal?.addEventListener('abort', () => scanner.stop(), { once: true });
  return scanner;
}
