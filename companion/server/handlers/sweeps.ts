/**
 * Sweeps on the wire (docs/sweeps.md): browsers advertise what they can
 * sweep, renew and report jobs; everyone reads the status and the coverage
 * (what share of the time sweeps covered); leads and admins change the
 * settings; anyone who edits items resumes a paused target and reports the
 * list pages they have in view (live views, for coverage). The sweep
 * service (companion/sweeps/service.ts) does the work; what a request needs
 * is the router's check (ACCESS). The session and member are always the
 * connection's own, never the payload's.
 */
import { sameHandle } from '../../../shared/sweeps.js';
import type { Handler } from '../router.js';

const advertise: Handler<'sweeps.advertise'> = async ({ signedIn, busy }, caller, ctx) => {
  const deliver = await ctx.sweeps.advertise(
    { id: caller.connectionId, member: caller.member, target: caller.target },
    { signedIn, busy },
  );
  return { ok: true, result: { recorded: true }, after: deliver };
};

const renew: Handler<'sweep.renew'> = async ({ jobId }, caller, ctx) => ({
  ok: true,
  result: { leaseUntil: ctx.sweeps.renew(caller.connectionId, jobId) },
});

const report: Handler<'sweep.report'> = async ({ report: r }, caller, ctx) => {
  const { accepted, deliver } = await ctx.sweeps.report(caller.connectionId, r);
  return { ok: true, result: { accepted }, after: deliver };
};

const status: Handler<'sweeps.status'> = async (_p, _c, ctx) => ({ ok: true, result: ctx.sweeps.status() });

const coverage: Handler<'sweeps.coverage'> = async ({ days }, _c, ctx) => ({
  ok: true,
  result: await ctx.sweeps.coverage(days),
});

/**
 * A live view: kept for a saved profile of that platform only (coverage counts no other). The
 * member is the connection's; the time is the companion's clock.
 */
const viewed: Handler<'sweeps.viewed'> = async ({ platform, profile, kind, viewedMs }, caller, ctx) => {
  const ours = (await ctx.store.listProfiles()).some((p) => p.platform === platform && sameHandle(p.handle, profile));
  if (!ours) return { ok: true, result: { recorded: false } };
  await ctx.store.recordLiveView({
    platform,
    profile,
    kind,
    memberId: caller.member.id,
    at: ctx.clock.now(),
    viewedMs,
  });
  return { ok: true, result: { recorded: true } };
};

const settingsGet: Handler<'sweeps.settings.get'> = async (_p, _c, ctx) => ({
  ok: true,
  result: { settings: await ctx.sweeps.settings() },
});

const settingsSet: Handler<'sweeps.settings.set'> = async ({ opId, settings }, caller, ctx) => {
  const { mutation: m, deliver } = await ctx.sweeps.saveSettings(opId, caller.member.id, settings);
  return {
    ok: true,
    result: { settings: await ctx.sweeps.settings(), seq: m.seq, duplicate: m.duplicate },
    after: () => {
      ctx.broadcaster.publish(m.events);
      deliver();
    },
  };
};

const resume: Handler<'sweep.resume'> = async ({ targetId }, caller, ctx) => {
  const { resumed, deliver } = await ctx.sweeps.resume(targetId, caller.member.id);
  if (resumed === null) {
    return {
      ok: false,
      error: { code: 'NOT_FOUND', message: `There is no sweep target ${targetId}: sweeps.status lists them.` },
    };
  }
  return { ok: true, result: { resumed }, after: deliver };
};

export const sweepHandlers = {
  'sweeps.advertise': advertise,
  'sweep.renew': renew,
  'sweep.report': report,
  'sweeps.status': status,
  'sweeps.coverage': coverage,
  'sweeps.viewed': viewed,
  'sweeps.settings.get': settingsGet,
  'sweeps.settings.set': settingsSet,
  'sweep.resume': resume,
};
