/** Preact hook: the background's live state and items, kept current through the live port. */
import { useEffect, useState } from 'preact/hooks';
import type { Item } from '../../shared/model';
import type { BgPush, ExtensionState } from '../messaging/messages';
import { connectLive } from './bg-client';

export interface Live {
  state: ExtensionState | null;
  items: Item[];
  /** True once the first item list arrived. */
  loaded: boolean;
}

/** Applies one push to the live view (pure; exported for tests). */
export function reduceLive(live: Live, push: BgPush): Live {
  switch (push.type) {
    case 'state':
      return { ...live, state: push.state };
    case 'items':
      return { ...live, items: push.items, loaded: true };
    case 'item': {
      const rest = live.items.filter((i) => i.key !== push.item.key);
      return { ...live, items: [...rest, push.item] };
    }
  }
}

export function useLive(): Live {
  const [live, setLive] = useState<Live>({ state: null, items: [], loaded: false });
  useEffect(() => connectLive((push) => setLive((prev) => reduceLive(prev, push))), []);
  return live;
}

/** Re-renders every `ms` so relative ages stay current. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
