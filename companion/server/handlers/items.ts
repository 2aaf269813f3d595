/** items.list, item.capture, item.update and item.reply. Acknowledged after commit, then broadcast. */
import { can } from '../../../shared/permissions.js';
import type { Handler } from '../router.js';

export const DEFAULT_LIST_LIMIT = 500;

const list: Handler<'items.list'> = async ({ limit, status }, _s, ctx) => {
  // headSeq first: anything committed after it is replayed by subscribe(headSeq), never missed.
  const headSeq = await ctx.store.headSeq();
  const items = await ctx.store.listItems({ limit: limit ?? DEFAULT_LIST_LIMIT, ...(status ? { status } : {}) });
  return { ok: true, result: { items, headSeq } };
};

const capture: Handler<'item.capture'> = async ({ opId, item }, session, ctx) => {
  const m = await ctx.store.captureItem(opId, session.member.id, item);
  const byRules = await ctx.rules.afterChange(m.events);
  return {
    ok: true,
    result: { item: byRules.at(-1)?.item ?? m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish([...m.events, ...byRules]),
  };
};

const update: Handler<'item.update'> = async (
  { opId, key, status, priority, assigneeId, snoozeUntil, addTags, removeTags },
  session,
  ctx,
) => {
  if (assigneeId && !(await ctx.store.getMember(assigneeId))) {
    return {
      ok: false,
      error: { code: 'NOT_FOUND', message: `No member ${assigneeId}: pick an assignee from members.list.` },
    };
  }
  const patch = {
    ...(status !== undefined ? { status } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(snoozeUntil !== undefined ? { snoozeUntil } : {}),
    ...(assigneeId !== undefined ? { assigneeId } : {}),
    ...(addTags ? { addTags } : {}),
    ...(removeTags ? { removeTags } : {}),
  };
  const m = await ctx.store.updateItem(opId, session.member.id, key, patch, {
    createTags: can(session.member, 'tags.create'),
  });
  if (!m) return { ok: false, error: { code: 'NOT_FOUND', message: `No item ${key}: capture it first.` } };
  const byRules = await ctx.rules.afterChange(m.events);
  return {
    ok: true,
    result: { item: byRules.at(-1)?.item ?? m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish([...m.events, ...byRules]),
  };
};

const reply: Handler<'item.reply'> = async ({ opId, key, reply: seen }, session, ctx) => {
  const m = await ctx.store.recordReply(opId, session.member.id, key, seen);
  if (!m) return { ok: false, error: { code: 'NOT_FOUND', message: `No item ${key}: capture it first.` } };
  const byRules = await ctx.rules.afterChange(m.events);
  return {
    ok: true,
    result: { item: byRules.at(-1)?.item ?? m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish([...m.events, ...byRules]),
  };
};

export const itemHandlers = {
  'items.list': list,
  'item.capture': capture,
  'item.update': update,
  'item.reply': reply,
};
