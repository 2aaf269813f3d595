/** Inbox rules: list, save, delete, back-test, import and export. Saving needs `rules.edit` (the router checks). */
import { exportRules, importRules } from '../../rules/index.js';
import type { Handler } from '../router.js';

/** Back-tests read at most this many of the newest items. */
export const BACKTEST_ITEMS = 5000;

const list: Handler<'rules.list'> = async (_p, _s, ctx) => ({ ok: true, result: await ctx.store.listRules() });

const save: Handler<'rule.save'> = async ({ opId, rule }, session, ctx) => {
  const m = await ctx.store.saveRule(opId, session.member.id, rule);
  ctx.rules.invalidate();
  return {
    ok: true,
    result: { rule: m.value, seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const remove: Handler<'rule.delete'> = async ({ opId, id }, session, ctx) => {
  const m = await ctx.store.removeRule(opId, session.member.id, id);
  if (!m) return { ok: false, error: { code: 'NOT_FOUND', message: `There is no rule ${id}.` } };
  ctx.rules.invalidate();
  return {
    ok: true,
    result: { seq: m.seq, duplicate: m.duplicate },
    after: () => ctx.broadcaster.publish(m.events),
  };
};

const backtest: Handler<'rules.backtest'> = async ({ rules, limit }, _s, ctx) => ({
  ok: true,
  result: { report: await ctx.rules.backtest(rules, Math.min(limit ?? BACKTEST_ITEMS, BACKTEST_ITEMS)) },
});

const importFile: Handler<'rules.import'> = async ({ opId, text }, session, ctx) => {
  const read = importRules(text);
  if (!read.ok) return { ok: true, result: { saved: 0, errors: read.errors } };
  const events: Awaited<ReturnType<typeof ctx.store.saveRule>>['events'] = [];
  for (const [i, rule] of read.ruleSet.rules.entries()) {
    const m = await ctx.store.saveRule(`${opId.slice(0, 56)}_${i}`, session.member.id, rule);
    events.push(...m.events);
  }
  ctx.rules.invalidate();
  return {
    ok: true,
    result: { saved: read.ruleSet.rules.length, errors: [] },
    after: () => ctx.broadcaster.publish(events),
  };
};

const exportFile: Handler<'rules.export'> = async (_p, _s, ctx) => {
  const { rules } = await ctx.store.listRules();
  return { ok: true, result: { text: exportRules(rules, { exportedAt: ctx.clock.now() }) } };
};

export const ruleHandlers = {
  'rules.list': list,
  'rule.save': save,
  'rule.delete': remove,
  'rules.backtest': backtest,
  'rules.import': importFile,
  'rules.export': exportFile,
};
