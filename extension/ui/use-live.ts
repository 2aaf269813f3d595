/** Preact hook: the background's live state and items, kept current through the live port. */
import { useEffect, useState } from 'preact/hooks';
import type { Item } from '../../shared/model';
import type { Presence } from '../../shared/protocol';
import type { BgPush, ExtensionState } from '../messaging/messages';
import { connectLive } from './bg-client';

export interface Refusal {
  key: string;
  error: string;
  /** Counts refusals, so the same words twice still show twice. */
  n: number;
}

export interface Live {
  state: ExtensionState | null;
  items: Item[];
  /** True once the first item list arrived. */
  loaded: boolean;
  /** Teammates viewing or typing on items now (never this member). */
  presence: Presence[];
  /** The last change the companion refused, in its words. */
  refusal: Refusal | null;
}

export const EMPTY_LIVE: Live = { state: null, items: [], loaded: false, presence: [], refusal: null };

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
    case 'presence':
      return { ...live, presence: push.entries };
    case 'refused':
      return { ...live, refusal: { key: push.key, error: push.error, n: (live.refusal?.n ?? 0) + 1 } };
  }
}

export function useLive(): Live {
  const [live, setLive] = useState<Live>(EMPTY_LIVE);
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
