/** me and members.list. */
import type { Handler } from '../router.js';

const me: Handler<'me'> = async (_p, session) => ({ ok: true, result: { member: session.member } });

const list: Handler<'members.list'> = async (_p, _s, ctx) => ({
  ok: true,
  result: { members: await ctx.store.listMembers() },
});

export const memberHandlers = { me, 'members.list': list };
