/** The tag taxonomy: tags.list for everyone; create, update, rename and merge for tags.create (the router checks). */
import type { Handler } from '../router.js';

const list: Handler<'tags.list'> = async (_p, _c, ctx) => ({ ok: true, result: { tags: await ctx.store.listTags() } });

const create: Handler<'tag.create'> = async ({ opId, name, color, description }, caller, ctx) => {
  const m = await ctx.store.createTag(opId, caller.member.id, {
    name,
    ...(color !== undefined ? { color } : {}),
    ...(description !== undefined ? { description } : {}),
  });
  return {
    ok: true,
    result: { tag: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const update: Handler<'tag.update'> = async ({ opId, id, color, description, archived }, caller, ctx) => {
  const m = await ctx.store.updateTag(opId, caller.member.id, id, {
    ...(color !== undefined ? { color } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(archived !== undefined ? { archived } : {}),
  });
  return {
    ok: true,
    result: { tag: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const rename: Handler<'tag.rename'> = async ({ opId, id, name }, caller, ctx) => {
  const m = await ctx.store.renameTag(opId, caller.member.id, id, name);
  return {
    ok: true,
    result: { tag: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const merge: Handler<'tag.merge'> = async ({ opId, id, into }, caller, ctx) => {
  const m = await ctx.store.mergeTag(opId, caller.member.id, id, into);
  return {
    ok: true,
    result: { tag: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

export const tagHandlers = {
  'tags.list': list,
  'tag.create': create,
  'tag.update': update,
  'tag.rename': rename,
  'tag.merge': merge,
};
