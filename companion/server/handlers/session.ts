/** heartbeat and subscribe (catch-up from a seq, then live pushes). */
import type { Handler, HandlerContext } from '../router.js';

/** Most events a catch-up returns; a client that missed more reloads with items.list. */
export const CATCH_UP_LIMIT = 1000;

export function heartbeatResult(ctx: Pick<HandlerContext, 'clock'>): { now: string } {
  return { now: ctx.clock.now().toISOString() };
}

const heartbeat: Handler<'heartbeat'> = async (_payload, _session, ctx) => ({ ok: true, result: heartbeatResult(ctx) });

const subscribe: Handler<'subscribe'> = async ({ sinceSeq }, session, ctx) => {
  // Hold live pushes first so nothing committed during the query slips between catch-up and live.
  const hold = ctx.broadcaster.hold(session.target);
  try {
    const headSeq = await ctx.store.headSeq();
    const rows = await ctx.store.eventsSince(sinceSeq, CATCH_UP_LIMIT + 1);
    const truncated = rows.length > CATCH_UP_LIMIT;
    const events = truncated ? rows.slice(0, CATCH_UP_LIMIT) : rows;
    const last = events.at(-1)?.event.seq ?? sinceSeq;
    // After a truncated catch-up the client reloads; live pushes resume after what it was sent.
    return {
      ok: true,
      result: { headSeq: Math.max(headSeq, last), events, truncated },
      after: () => hold.release(last),
    };
  } catch (err) {
    ctx.broadcaster.remove(session.target);
    throw err;
  }
};

export const sessionHandlers = { heartbeat, subscribe };
