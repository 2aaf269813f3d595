/**
 * The minute sweep. First, snoozed items whose time has come wake up (open
 * again, an ordinary status change that rules see). Then the no-reply sweep: the time that passed since the last
 * sweep is handed to the rules, so a `no_reply` rule ("waiting 60 minutes
 * with no reply → priority high, alert the lead") fires once per item when
 * its threshold falls in the window. The last swept time is kept in the
 * database, so a restart neither repeats a window nor loses one (a gap longer
 * than a day is swept as the last day). Timers and clock are injected.
 */
import { createHash } from 'node:crypto';
import type { Item, LogEvent } from '../../shared/model.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { RulesService } from '../server/rules-service.js';
import type { Store } from '../store/types.js';

export const SWEEP_EVERY_MS = 60_000;
const MAX_WINDOW_MS = 24 * 60 * 60_000;
const STATE_KEY = 'noReplySweptTo';

export interface NoReplySweepOptions {
  store: Store;
  rules: RulesService;
  clock: Clock;
  logger: Logger;
  publish: (events: { event: LogEvent; item: Item | null }[]) => void;
  everyMs?: number;
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void };
  clearInterval?: (handle: unknown) => void;
}

export interface NoReplySweep {
  /** One sweep now (the timer calls this); resolves when it is done. */
  tick(): Promise<void>;
  /** Stop the timer; resolves when a sweep under way has finished. */
  stop(): Promise<void>;
}

export function startNoReplySweep(opts: NoReplySweepOptions): NoReplySweep {
  let running: Promise<void> | null = null;
  /** Pending items whose snooze ended: open again, once (the op id is the item and its snooze time). */
  const wakeSnoozed = async (now: Date): Promise<void> => {
    const due = (await opts.store.listItems({ limit: 5000, status: 'pending' })).filter(
      (i) => i.snoozedUntil !== null && Date.parse(i.snoozedUntil) <= now.getTime(),
    );
    for (const item of due) {
      const opId = `wake_${createHash('sha256').update(`${item.key}|${item.snoozedUntil}`).digest('hex').slice(0, 40)}`;
      const m = await opts.store.updateItem(opId, null, item.key, { status: 'open' });
      if (!m || m.events.length === 0) continue;
      opts.publish([...m.events, ...(await opts.rules.afterChange(m.events))]);
    }
  };

  const tick = async (): Promise<void> => {
    const now = opts.clock.now();
    const saved = await opts.store.getRuleState(STATE_KEY);
    const last = typeof saved === 'string' && !Number.isNaN(Date.parse(saved)) ? new Date(saved) : now;
    const from = new Date(Math.max(last.getTime(), now.getTime() - MAX_WINDOW_MS));
    await wakeSnoozed(now);
    if (now.getTime() > from.getTime()) {
      const events = await opts.rules.afterTime(from, now);
      if (events.length > 0) opts.publish(events);
    }
    await opts.store.setRuleState(STATE_KEY, now.toISOString());
  };
  const guarded = (): Promise<void> =>
    (running ??= tick()
      .catch((err: unknown) =>
        opts.logger.error('no-reply sweep failed; it runs again in a minute', {
          error: err instanceof Error ? err.message : String(err),
        }),
      )
      .finally(() => {
        running = null;
      }));
  const set = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clear = opts.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout));
  const handle = set(() => void guarded(), opts.everyMs ?? SWEEP_EVERY_MS);
  handle.unref?.();
  return {
    tick: guarded,
    stop: async () => {
      clear(handle);
      await running;
    },
  };
}
