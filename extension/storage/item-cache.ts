/**
 * The cached Item projection, keyed by item key, so the side panel and the
 * overlay work while the companion is away. The companion is the source of
 * truth: a server item replaces the cached one unless the cache already holds
 * a newer seq. Optimistic local items carry seq 0.
 */
import type { Item } from '../../shared/model';
import type { InlayDb } from './db';

export class ItemCache {
  constructor(private readonly db: InlayDb) {}

  async get(keys: readonly string[]): Promise<Item[]> {
    const tx = this.db.transaction('items');
    const found = await Promise.all(keys.map((k) => tx.store.get(k)));
    await tx.done;
    return found.filter((i): i is Item => i !== undefined);
  }

  async getOne(key: string): Promise<Item | undefined> {
    return this.db.get('items', key);
  }

  /** Every cached item, newest capture first. */
  async all(): Promise<Item[]> {
    const items = await this.db.getAllFromIndex('items', 'capturedAt');
    return items.reverse();
  }

  /** Writes a local (optimistic) version unconditionally. */
  async putLocal(item: Item): Promise<void> {
    await this.db.put('items', item);
  }

  /**
   * Applies an item as the companion sent it. Returns false (and keeps the
   * cache) when the cache already holds a later version.
   */
  async applyServer(item: Item): Promise<boolean> {
    const tx = this.db.transaction('items', 'readwrite');
    const current = await tx.store.get(item.key);
    const newer = !current || current.seq === 0 || item.seq >= current.seq;
    if (newer) await tx.store.put(item);
    await tx.done;
    return newer;
  }

  /** Replaces the whole cache (after a truncated catch-up), keeping the given local items. */
  async replaceAll(items: readonly Item[], keep: readonly Item[] = []): Promise<void> {
    const tx = this.db.transaction('items', 'readwrite');
    await tx.store.clear();
    const byKey = new Map<string, Item>();
    for (const i of keep) byKey.set(i.key, i);
    for (const i of items) byKey.set(i.key, i);
    await Promise.all([...byKey.values()].map((i) => tx.store.put(i)));
    await tx.done;
  }

  async clear(): Promise<void> {
    await this.db.clear('items');
  }
}
