/** me, members.list and member.update (admins: role and networks). */
import type { Handler } from '../router.js';

const me: Handler<'me'> = async (_p, caller) => ({ ok: true, result: { member: caller.member } });

const list: Handler<'members.list'> = async (_p, _c, ctx) => ({
  ok: true,
  result: { members: await ctx.store.listMembers() },
});

const update: Handler<'member.update'> = async ({ opId, id, role, networks }, caller, ctx) => {
  const m = await ctx.store.updateMember(opId, caller.member.id, id, {
    ...(role !== undefined ? { role } : {}),
    ...(networks !== undefined ? { networks } : {}),
  });
  return {
    ok: true,
    result: { member: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

export const memberHandlers = { me, 'members.list': list, 'member.update': update };
