/**
 * Which items the team already has, as the background reports them
 * (`items.get` answers and live pushes). Overlays subscribe per item key.
 */
import type { Item, ItemKey } from '../../../shared/model';

export interface CapturedItems {
  has(key: ItemKey): boolean;
  get(key: ItemKey): Item | true | undefined;
  /** Mark captured; `item` when the background sent it. */
  set(key: ItemKey, item?: Item): void;
  /** A list from the background (items are never un-captured, so this only adds). */
  setMany(items: readonly Item[]): void;
  subscribe(key: ItemKey, cb: () => void): () => void;
}

export function createCapturedItems(): CapturedItems {
  const known = new Map<ItemKey, Item | true>();
  const subs = new Map<ItemKey, Set<() => void>>();
  const notify = (key: ItemKey): void => {
    for (const cb of subs.get(key) ?? []) cb();
  };
  return {
    has: (key) => known.has(key),
    get: (key) => known.get(key),
    set(key, item) {
      known.set(key, item ?? known.get(key) ?? true);
      notify(key);
    },
    setMany(items) {
      for (const it of items) {
        known.set(it.key, it);
        notify(it.key);
      }
    },
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
