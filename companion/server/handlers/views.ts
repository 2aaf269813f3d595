/**
 * Shared views: the team's saved filters. Listing is open to every member;
 * saving and deleting are team settings and need `rules.edit` (leads and
 * admins; the router checks).
 */
import type { Handler } from '../router.js';

const list: Handler<'views.list'> = async (_p, _s, ctx) => {
  const { views } = await ctx.store.listViews();
  return { ok: true, result: { views } };
};

const save: Handler<'view.save'> = async ({ opId, view }, session, ctx) => {
  const m = await ctx.store.saveView(opId, session.member.id, view);
  return {
    ok: true,
    result: { view: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const remove: Handler<'view.delete'> = async ({ opId, id }, session, ctx) => {
  const m = await ctx.store.removeView(opId, session.member.id, id);
  if (!m) return { ok: false, error: { code: 'NOT_FOUND', message: `There is no shared view ${id}.` } };
  return {
    ok: true,
    result: { seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

export const viewHandlers = {
  'views.list': list,
  'view.save': save,
  'view.delete': remove,
};
