/**
 * Saved replies: the library (the team's shared replies and each member's
 * personal ones), their usage and the team's saved-reply settings.
 *
 * Listing is open to every member (viewers too) and returns only what the
 * member sees: shared replies and their own personal ones, usage counts of
 * those, the team's recent uses (for the repetition guardrail) and the
 * settings. What a change needs is the router's check (ACCESS): shared
 * replies and the settings need `replies.editShared`, personal ones
 * `items.edit`; the store refuses what no permission allows (a teammate's
 * personal reply, a change of scope) as SavedReplyError, answered here in
 * plain words. Every change is broadcast after its response.
 */
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { PLATFORM_NAMES } from '../../../shared/permissions.js';
import type { RequestType } from '../../../shared/protocol/frames.js';
import { SavedReplyError, type SavedReplyErrorCode } from '../../store/saved-replies-repo.js';
import type { Handler, Outcome } from '../router.js';

const REFUSALS: Record<SavedReplyErrorCode, ErrorCode> = {
  REPLY_SCOPE_FIXED: 'CONFLICT',
  REPLY_NOT_YOURS: 'FORBIDDEN',
};

/** Runs a change; the library's refusals become protocol errors with their plain-words message. */
async function refusing<T extends RequestType>(change: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof SavedReplyError) {
      return { ok: false, error: { code: REFUSALS[err.code], message: err.message.slice(0, 1000) } };
    }
    throw err;
  }
}

const list: Handler<'replies.list'> = async (_p, caller, ctx) => {
  const { replies, unreadable } = await ctx.store.listSavedReplies(caller.member.id);
  for (const u of unreadable) ctx.logger.warn('saved reply skipped: it cannot be read', { replyId: u.id, why: u.why });
  const counts = await ctx.store.replyUsage();
  const usage: Record<string, number> = {};
  for (const r of replies) if (counts[r.id]) usage[r.id] = counts[r.id]!;
  const recent = await ctx.store.recentReplyUses();
  const settings = await ctx.store.getReplySettings();
  return { ok: true, result: { replies, usage, recent, settings } };
};

const save: Handler<'reply.save'> = ({ opId, reply }, caller, ctx) =>
  refusing<'reply.save'>(async () => {
    const m = await ctx.store.saveSavedReply(opId, caller.member.id, reply);
    return {
      ok: true,
      result: { reply: m.value, seq: m.seq, duplicate: m.duplicate },
      after: () => ctx.broadcaster.publish(m.events),
    };
  });

const remove: Handler<'reply.delete'> = async ({ opId, id }, caller, ctx) => {
  const m = await ctx.store.removeSavedReply(opId, caller.member.id, id);
  if (!m) {
    return {
      ok: false,
      error: { code: 'NOT_FOUND', message: `There is no saved reply ${id} (it may have been deleted already).` },
    };
  }
  return {
    ok: true,
    result: { seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const importMany: Handler<'replies.import'> = ({ opId, replies }, caller, ctx) =>
  refusing<'replies.import'>(async () => {
    const m = await ctx.store.importSavedReplies(opId, caller.member.id, replies);
    return {
      ok: true,
      result: { ...m.value, seq: m.seq, duplicate: m.duplicate },
      after: () => ctx.broadcaster.publish(m.events),
    };
  });

const used: Handler<'reply.used'> = async ({ opId, itemKey, platform, replyIds, at }, caller, ctx) => {
  if (!itemKey.startsWith(`${platform}:`)) {
    return {
      ok: false,
      error: {
        code: 'BAD_FRAME',
        message: `The item ${itemKey} is not on ${PLATFORM_NAMES[platform]}: send the item's own platform.`,
      },
    };
  }
  const m = await ctx.store.recordReplyUse(opId, caller.member.id, { itemKey, platform, replyIds, at });
  return {
    ok: true,
    result: { seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const settingsSet: Handler<'replies.settings.set'> = async ({ opId, settings }, caller, ctx) => {
  const m = await ctx.store.saveReplySettings(opId, caller.member.id, settings);
  return {
    ok: true,
    result: { settings: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

export const savedReplyHandlers = {
  'replies.list': list,
  'reply.save': save,
  'reply.delete': remove,
  'replies.import': importMany,
  'reply.used': used,
  'replies.settings.set': settingsSet,
};
