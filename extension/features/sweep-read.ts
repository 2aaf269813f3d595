/**
 * What a sweep tab's content script does on its page (docs/sweeps.md): reads
 * it the way an unhurried person would — it scrolls to the end with pauses
 * (400–900 ms between steps, a bounded number of steps), clicks only the
 * "show more replies"-type expanders the adapter lists as safe (up to the
 * job's cap; never a like, send, follow, dismiss or mark-read), and notes
 * every item it sees on the way (sites virtualise long lists, so items
 * scrolled past are gone from the page at the end).
 *
 * List pages other than notifications are read for what they list: the
 * message inbox's conversations (`threads`, via adapter.sweepThreads) and the
 * profile's own posts (`posts`, via adapter.sweepPosts), scrolling only a few
 * steps (their newest part is what the job opens next).
 *
 * Capturing is not done here: the page's ordinary scanner and capture policy
 * capture inbound items as on any visit; `captures()` says how many of those
 * the extension did not hold yet.
 *
 * Outcomes: `challenge` (adapter.challenge), `signed_out` (adapter.signedOut),
 * `unreadable` (a page that should hold items shows none the adapter can
 * read), `failed` (the sweep landed on a page the adapter does not read, or
 * anything threw), else `ok`.
 */
import { SWEEP_MAX_LANES, SWEEP_MAX_SEEN, sweepTextHash, type SweepSeen } from '../../shared/sweeps';
import { SweepPostRow, SweepThreadRow, type SweepPageResult, type SweepTabInfo } from '../messaging/messages';
import type { SiteAdapter } from '../sites/types';

/** Scroll steps on a message inbox or posts list: its newest part is what a sweep opens. */
const LIST_STEPS = 6;
/** Conversations or posts a list page reports, at most (SweepPageResult's bound). */
const MAX_ROWS = SWEEP_MAX_LANES * 4;

export interface SweepReadOptions {
  doc: Document;
  /** The adapter in use now (selector overrides may replace it). */
  adapter: () => SiteAdapter;
  info: SweepTabInfo;
  /** Our handles on this platform. */
  profiles: () => string[];
  memo: Map<string, string>;
  /** Waits for the captures this page started; resolves with how many the extension did not hold yet. */
  captures: () => Promise<number>;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  /** Before the first look, for the page to render (default 800 ms). */
  settleMs?: number;
  /** Scroll steps at most (default 40). */
  maxSteps?: number;
  /** The pause between steps: `minPauseMs` plus up to `spreadMs` (defaults 400 and 500). */
  minPauseMs?: number;
  spreadMs?: number;
}

export async function readSweepPage(o: SweepReadOptions): Promise<SweepPageResult> {
  const { doc, info } = o;
  const random = o.random ?? Math.random;
  const pause = (): Promise<void> => o.sleep((o.minPauseMs ?? 400) + Math.floor(random() * (o.spreadMs ?? 500)));
  const result = (outcome: SweepPageResult['outcome'], message: string | null, extra: Partial<SweepPageResult> = {}) =>
    ({
      jobId: info.jobId,
      outcome,
      seen: [],
      complete: false,
      capturedCount: 0,
      message,
      threads: [],
      posts: [],
      ...extra,
    }) as SweepPageResult;
  const site = (): string => o.adapter().platform;

  try {
    await o.sleep(o.settleMs ?? 800);
    const stop = blocked(o.adapter(), doc);
    if (stop) return result(stop.outcome, stop.message);
    const url = new URL(doc.location.href);
    const page = o.adapter().pageKind(url);
    if (!page)
      return result('failed', `The sweep landed on a page Inlay does not read (${url.pathname.slice(0, 100)})`);

    const seen = new Map<string, SweepSeen>();
    const threads = new Map<string, SweepThreadRow>();
    const posts = new Map<string, SweepPostRow>();
    const list = info.step === 'list' && info.kind !== 'notifications' ? info.kind : null;
    const collect = (): void => {
      const adapter = o.adapter();
      const ctx = { url, page, profiles: o.profiles(), memo: o.memo };
      if (list === 'dms') {
        for (const t of adapter.sweepThreads?.(doc) ?? []) {
          const row = SweepThreadRow.safeParse({ ...t, preview: t.preview.slice(0, 2000) });
          if (row.success && !threads.has(row.data.id)) threads.set(row.data.id, row.data);
        }
      } else if (list === 'recent-posts') {
        for (const p of adapter.sweepPosts?.(doc, ctx.profiles) ?? []) {
          const row = SweepPostRow.safeParse(p);
          if (row.success && !posts.has(row.data.id)) posts.set(row.data.id, row.data);
        }
      }
      for (const el of adapter.findItems(doc)) {
        const item = adapter.extract(el, ctx);
        if (!item || seen.has(item.nativeId)) continue;
        seen.set(item.nativeId, {
          nativeId: item.nativeId,
          at: item.siteTimestamp,
          hash: sweepTextHash(item.text),
          postId: info.postId,
        });
      }
    };

    const clicked = new WeakSet<Element>();
    let expansions = 0;
    let stuck = 0;
    let reachedEnd = false;
    // a list other than notifications is read for its newest part only: what the agent opens next
    const maxSteps = list ? Math.min(o.maxSteps ?? 40, LIST_STEPS) : (o.maxSteps ?? 40);
    for (let step = 0; step < maxSteps; step++) {
      collect();
      const expander =
        expansions < info.maxReplyExpansions
          ? (o.adapter().sweepExpanders?.(doc) ?? []).find((e) => !clicked.has(e) && e.isConnected)
          : undefined;
      if (expander) {
        clicked.add(expander);
        expansions += 1;
        (expander as HTMLElement).scrollIntoView?.({ block: 'center' });
        (expander as HTMLElement).click();
        stuck = 0;
        await pause();
        continue;
      }
      const moved = scrollOnce(doc);
      await pause();
      if (moved) {
        stuck = 0;
        continue;
      }
      // at the bottom: once more, in case the site was still loading the next part
      stuck += 1;
      if (stuck >= 2) {
        reachedEnd = true;
        break;
      }
    }
    collect();
    const after = blocked(o.adapter(), doc);
    if (after) return result(after.outcome, after.message);

    const left = expansions >= info.maxReplyExpansions ? (o.adapter().sweepExpanders?.(doc) ?? []).length : 0;
    const complete = reachedEnd && left === 0;
    const adapter = o.adapter();
    const expected =
      adapter.pages[page]?.expectsItems === true && (!adapter.itemsExpected || adapter.itemsExpected(doc, page));
    const capturedCount = await o.captures();
    if (list === 'dms') {
      if (threads.size === 0) {
        return result('unreadable', `Inlay found no conversations it could read on ${site()}'s message inbox`, {
          capturedCount,
        });
      }
      // the list's lane remembers each conversation with its preview, so the next sweep knows what changed
      const rows = [...threads.values()];
      return result('ok', null, {
        seen: rows.slice(0, SWEEP_MAX_SEEN).map((t) => ({
          nativeId: t.id,
          at: t.at,
          hash: sweepTextHash(t.preview),
          postId: null,
        })),
        threads: rows.slice(0, MAX_ROWS),
        complete: false,
        capturedCount,
      });
    }
    if (list === 'recent-posts') {
      // the posts list is no lane of its own: its posts' threads are
      return result('ok', null, { posts: [...posts.values()].slice(0, MAX_ROWS), complete: false, capturedCount });
    }
    if (seen.size === 0 && expected) {
      return result('unreadable', `Inlay found nothing it could read on ${site()}'s ${page} page`, { capturedCount });
    }
    return result('ok', null, { seen: [...seen.values()].slice(0, SWEEP_MAX_SEEN), complete, capturedCount });
  } catch (err) {
    return result('failed', `The sweep stopped on the page: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The site showed a security check or its sign-in wall instead of the page. */
function blocked(adapter: SiteAdapter, doc: Document): { outcome: 'challenge' | 'signed_out'; message: string } | null {
  if (adapter.challenge?.(doc)) return { outcome: 'challenge', message: 'The site showed a security check' };
  if (adapter.signedOut?.(doc)) return { outcome: 'signed_out', message: 'The site showed its sign-in page' };
  return null;
}

/** One step down the page; false when it could not move (the end). */
function scrollOnce(doc: Document): boolean {
  const win = doc.defaultView;
  const el = doc.scrollingElement ?? doc.documentElement;
  if (!win || !el) return false;
  const before = el.scrollTop;
  const step = Math.max(300, Math.floor((win.innerHeight || 600) * 0.8));
  win.scrollTo(0, before + step);
  return el.scrollTop > before;
}
