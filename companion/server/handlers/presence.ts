/** Presence: ephemeral, relayed to the other connections by the PresenceHub; nothing is stored. */
import type { Handler } from '../router.js';

const set: Handler<'presence.set'> = async ({ itemKey, state }, caller, ctx) => {
  const r = ctx.presence.set(caller.target, caller.member, itemKey, state);
  if (!r.ok) {
    return {
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: `Presence is sent too often from this browser: send it when it changes. Wait ${r.retryAfter} s.`,
        retryAfter: r.retryAfter,
      },
    };
  }
  return { ok: true, result: { at: r.at, expiresAt: r.expiresAt } };
};

const list: Handler<'presence.list'> = async ({ itemKey }, _c, ctx) => ({
  ok: true,
  result: { presence: ctx.presence.list(itemKey) },
});

export const presenceHandlers = { 'presence.set': set, 'presence.list': list };
