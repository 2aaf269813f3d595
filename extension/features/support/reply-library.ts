/**
 * The content script's copy of the saved-reply library (the background's
 * `replies.get`, which answers from its cache, so it works offline), for the
 * "Reply with…" picker and the shortcut expander.
 *
 * - Loads once when the content script starts (`reload()`), and again when
 *   the background's `repliesVersion` moves (`follow(version)`, from every
 *   state the live port pushes): a teammate saved or removed a reply, a use
 *   was recorded, the team's settings changed.
 * - One request at a time: a reload asked for while one is running runs once
 *   more after it, so the last answer is never older than the last change.
 * - A failed load keeps what was there (null before the first answer) and
 *   says `unavailable`; `ensure()` (the picker opening) tries again.
 * - `noteUse` counts a use made here at once, so the repetition guardrail
 *   sees it before the background's next copy arrives (which then replaces
 *   it: the background's `recent` includes this browser's queued uses).
 */
import type { ReplyUse } from '../../../shared/replies/saved-reply';
import type { ReplyLibrary } from '../../messaging/messages';
import type { Outcome } from './background';

/** `loading`: before the first answer; `ready`: a library is here; `unavailable`: the background did not answer. */
export type LibraryStatus = 'loading' | 'ready' | 'unavailable';

export interface ReplyLibraryStore {
  /** The library, or null until the background first answered. */
  get(): ReplyLibrary | null;
  status(): LibraryStatus;
  /** Called after every change of `get()` or `status()`. Returns unsubscribe. */
  subscribe(cb: () => void): () => void;
  /** The background's `repliesVersion` from a state: a version other than the last one seen loads again. */
  follow(version: number): void;
  /** Ask the background now. */
  reload(): Promise<void>;
  /** Load when there is nothing usable yet (and no request running). */
  ensure(): void;
  /** A use made on this page: counted at once (usage and recent uses). */
  noteUse(use: ReplyUse): void;
}

export function createReplyLibrary(load: () => Promise<Outcome<ReplyLibrary>>): ReplyLibraryStore {
  let library: ReplyLibrary | null = null;
  let status: LibraryStatus = 'loading';
  let seen: number | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const subs = new Set<() => void>();
  const notify = (): void => {
    for (const cb of [...subs]) cb();
  };

  async function loadOnce(): Promise<void> {
    let r: Outcome<ReplyLibrary>;
    try {
      r = await load();
    } catch (err) {
      r = { ok: false, reason: 'no-answer', detail: err instanceof Error ? err.message : String(err) };
    }
    if (r.ok) {
      library = r.value;
      status = 'ready';
    } else if (!library) {
      status = 'unavailable';
    }
    notify();
  }

  function reload(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await loadOnce();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    get: () => library,
    status: () => status,
    subscribe(cb) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
    follow(version) {
      if (seen === version) return;
      const first = seen === null;
      seen = version;
      // the first version seen is the one the start-up load already reads
      if (!first || (status !== 'ready' && !running)) void reload();
    },
    reload,
    ensure() {
      if (status !== 'ready' && !running) void reload();
    },
    noteUse(use) {
      if (!library) return;
      const usage = { ...library.usage };
      for (const id of use.replyIds) usage[id] = (usage[id] ?? 0) + 1;
      library = { ...library, usage, recent: [...library.recent, use].slice(-5000) };
      notify();
    },
  };
}
