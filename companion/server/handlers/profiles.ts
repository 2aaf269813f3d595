/** Our own accounts per platform: profiles.list, profile.save, profile.remove. */
import type { Handler } from '../router.js';

const list: Handler<'profiles.list'> = async (_p, _s, ctx) => ({
  ok: true,
  result: { profiles: await ctx.store.listProfiles() },
});

const save: Handler<'profile.save'> = async ({ opId, platform, handle, displayName }, session, ctx) => {
  const m = await ctx.store.saveProfile(opId, session.member.id, {
    platform,
    handle,
    displayName: displayName ?? null,
  });
  return {
    ok: true,
    result: { profile: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => {
      ctx.broadcaster.publish(m.events);
      void ctx.sweeps.refreshTargets(); // a new profile has sweep targets
    },
  };
};

const remove: Handler<'profile.remove'> = async ({ opId, id }, session, ctx) => {
  const m = await ctx.store.removeProfile(opId, session.member.id, id);
  return {
    ok: true,
    result: { seq: m.seq, duplicate: m.duplicate },
    after: () => {
      ctx.broadcaster.publish(m.events);
      void ctx.sweeps.refreshTargets();
    },
  };
};

export const profileHandlers = { 'profiles.list': list, 'profile.save': save, 'profile.remove': remove };
