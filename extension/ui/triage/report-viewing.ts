/**
 * The side panel says what its member is looking at: the item under the
 * list's cursor is reported as `viewing` (teammates see "Sam is viewing"),
 * re-sent while it holds (the background forgets a state after 20 s), and
 * `idle` when the cursor moves away, the panel is hidden or it closes.
 * Presence is only worth knowing now: a failed send is not retried.
 */
import type { PresenceState } from '../../../shared/protocol';

export interface ViewingReporter {
  /** The item under the cursor now (null: none, or the panel is hidden). */
  set(itemKey: string | null): void;
  stop(): void;
}

export function createViewingReporter(
  send: (itemKey: string, state: PresenceState) => void,
  opts: { refreshMs?: number; setInterval?: typeof setInterval; clearInterval?: typeof clearInterval } = {},
): ViewingReporter {
  const every = opts.refreshMs ?? 15_000;
  const start = opts.setInterval ?? setInterval;
  const clear = opts.clearInterval ?? clearInterval;
  let current: string | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const drop = () => {
    if (timer !== null) clear(timer);
    timer = null;
    if (current !== null) send(current, 'idle');
    current = null;
  };
  return {
    set(itemKey) {
      if (itemKey === current) return;
      drop();
      if (itemKey === null) return;
      current = itemKey;
      send(itemKey, 'viewing');
      timer = start(() => {
        if (current !== null) send(current, 'viewing');
      }, every);
    },
    stop: drop,
  };
}
