/**
 * Sweeps in the running companion (issue 6): the one place that owns the
 * dispatcher (dispatcher.ts, a pure state machine) and carries out what it
 * decides.
 *
 * - Targets come from the stored profiles and the team's sweep settings, read
 *   at start, on every tick (so a profile saved anywhere is picked up) and at
 *   once when a profile or the settings change here.
 * - A tick every 30 s (injectable): expired leases, stale alerts, dispatch;
 *   and a selectors.json whose version changed resumes the targets paused as
 *   unreadable (new selectors may read them again).
 * - Browsers: `sweeps.advertise` is browserConnected/Updated (sign-ins outside
 *   the member's networks are dropped; a `seenAt` ahead of the clock is taken
 *   as now); a connection that closes is browserDisconnected.
 * - Every state change is committed before anyone hears of it: the
 *   dispatcher's snapshot (when it changed), one `sweep_log` row per sweep
 *   event, and the item events a report implies (`item.edited`,
 *   `item.deleted`, only for items the store holds) — one transaction. Then
 *   jobs are pushed (`sweep.job`, each to its one session), item events are
 *   broadcast, and alerts go to leads and admins as `notice` pushes.
 * - Operations run one at a time in arrival order (a queue), so the snapshot
 *   written last is always the newest.
 *
 * Capturing is not this file's job: the browser captures through the
 * ordinary item.capture ops; a report only says what was seen.
 */
import { PLATFORMS, type Item, type LogEvent, type Platform } from '../../shared/model.js';
import { can, worksOn, type MemberAccess } from '../../shared/permissions.js';
import type { NoticePushFrame, SweepJobPushFrame } from '../../shared/protocol/frames.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import {
  DEFAULT_SWEEP_SETTINGS,
  SWEEP_KINDS,
  SweepSettings,
  isTimeZone,
  sweepTargets,
  type SignedInProfile,
  type SweepCoverage,
  type SweepKind,
  type SweepReport,
  type SweepSettingsByPlatform,
  type SweepStatus,
  type SweepTarget,
} from '../../shared/sweeps.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import type { Logger } from '../log.js';
import type { SelectorSource } from '../selectors-file.js';
import type { PushTarget } from '../server/broadcast.js';
import type { SweepItemChange, SweepLogEntry, SweepState } from '../store/sweeps-repo.js';
import type { Mutation, Store } from '../store/types.js';
import { readSweepCoverage } from './coverage-read.js';
import type { DEFAULT_LEASE } from './dispatcher.js';
import { merge, none, SweepDispatcher, type SweepEffects, type SweepEvent } from './dispatcher.js';
import type { Random } from './schedule.js';

export const SWEEP_TICK_MS = 30_000;

/** A connection that advertised it can sweep. */
export interface SweepSession {
  /** The companion's connection id. */
  id: string;
  member: MemberAccess;
  target: PushTarget;
}

/** Runs after a response was sent: pushes and broadcasts. */
export type Delivery = () => void;

export interface SweepServiceOptions {
  store: Store;
  clock: Clock;
  ids: IdGen;
  logger: Logger;
  selectors: SelectorSource;
  /** Item events (edits, deletions), to every subscriber, like any event. */
  publish: (events: { event: LogEvent; item: Item | null }[]) => void;
  /** A notice to these members' open connections (ephemeral). */
  notify: (memberIds: readonly string[], payload: NoticePushFrame['payload']) => void;
  /** Default Math.random. */
  random?: Random;
  /** The companion machine's time zone (default Intl's), filled into working hours first written without one. */
  timeZone?: string;
  everyMs?: number;
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void };
  clearInterval?: (handle: unknown) => void;
  lease?: Partial<typeof DEFAULT_LEASE>;
}

export interface SweepService {
  /** Start the timer (a tick every `everyMs`). */
  start(): void;
  /** One tick now; resolves when it is committed and delivered. */
  tick(): Promise<void>;
  /** Stop the timer, wait for what is under way; later calls change nothing. */
  stop(): Promise<void>;

  advertise(session: SweepSession, info: { signedIn: readonly SignedInProfile[]; busy: boolean }): Promise<Delivery>;
  /** The connection closed (idempotent; a session that never advertised is ignored). */
  leave(sessionId: string): void;
  /** The job's new lease, or null when the session does not hold it. */
  renew(sessionId: string, jobId: string): string | null;
  report(sessionId: string, report: SweepReport): Promise<{ accepted: boolean; deliver: Delivery }>;
  /** null: no such target. false: it was not paused. */
  resume(targetId: string, memberId: string): Promise<{ resumed: boolean | null; deliver: Delivery }>;
  status(): SweepStatus;
  /**
   * Per profile and platform switched on, the share of the last `days` × 24 h
   * that sweeps covered (coverage-read.ts), with the settings in force now.
   */
  coverage(days: number): Promise<SweepCoverage>;
  /** Every platform's settings: as stored, or the defaults (off) with the machine's time zone. */
  settings(): Promise<SweepSettingsByPlatform>;
  saveSettings(
    opId: string,
    memberId: string,
    given: SweepSettingsByPlatform,
  ): Promise<{ mutation: Mutation<SweepSettingsByPlatform>; deliver: Delivery }>;
  /** Profiles changed: targets again. */
  refreshTargets(): Promise<void>;
}

const noop: Delivery = () => {};
function machineTimeZone(given?: string): string {
  const tz = given ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && isTimeZone(tz) ? tz : 'UTC';
}

/** `linkedin:acme:dms` → its parts (for log rows of a target no longer in the list). */
function parseTargetId(id: string): Pick<SweepTarget, 'platform' | 'profile' | 'kind'> | null {
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  if (first < 0 || last <= first) return null;
  const platform = id.slice(0, first) as Platform;
  const kind = id.slice(last + 1) as SweepKind;
  if (!PLATFORMS.includes(platform) || !SWEEP_KINDS.includes(kind)) return null;
  return { platform, profile: id.slice(first + 1, last), kind };
}

export async function createSweepService(opts: SweepServiceOptions): Promise<SweepService> {
  const { store, clock } = opts;
  const log = opts.logger.child({ part: 'sweeps' });
  const timeZone = machineTimeZone(opts.timeZone);
  const defaults = SweepSettings.parse({ workingHours: { timeZone } });

  const stored = await store.getSweepSettings();
  for (const u of stored.unreadable) {
    log.warn('sweep settings of a platform cannot be read; it is off until saved again', u);
  }
  let settings: SweepSettingsByPlatform = stored.settings;
  const saved = await store.getSweepState();
  if (saved.unreadable) log.warn('sweep state cannot be read; sweeps start afresh', { why: saved.unreadable });
  let selectorsVersion: string | null = saved.state?.selectorsVersion ?? null;

  const targetsOf = async (): Promise<SweepTarget[]> => sweepTargets(await store.listProfiles(), settings);
  const keyOf = (list: readonly SweepTarget[]) => list.map((t) => `${t.id}|${t.profile}`).join('\n');
  const initial = await targetsOf();
  let targets = new Map(initial.map((t) => [t.id, t]));
  let targetsKey = keyOf(initial);

  const dispatcher = new SweepDispatcher({
    settings,
    targets: initial,
    now: clock.now(),
    random: opts.random ?? Math.random,
    ids: opts.ids,
    snapshot: saved.state?.snapshot ?? null,
    ...(opts.lease ? { lease: opts.lease } : {}),
  });
  /** What the store holds now (JSON), so an unchanged state is not written again. */
  let written = saved.state ? JSON.stringify(saved.state) : '';
  const sessions = new Map<string, SweepSession>();

  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  /** One operation at a time, in arrival order; a failed one does not stop the next. */
  function run<T>(op: () => Promise<T>): Promise<T> {
    const next = chain.then(op);
    chain = next.catch(() => {});
    return next;
  }

  function stateNow(): SweepState {
    return { v: 1, snapshot: dispatcher.snapshot(), selectorsVersion };
  }

  async function loadTargets(now: Date): Promise<void> {
    const list = await targetsOf();
    const key = keyOf(list);
    if (key === targetsKey) return;
    targets = new Map(list.map((t) => [t.id, t]));
    targetsKey = key;
    dispatcher.setTargets(list, now);
  }

  function targetParts(id: string): Pick<SweepTarget, 'platform' | 'profile' | 'kind'> | null {
    return targets.get(id) ?? parseTargetId(id);
  }

  interface Context {
    /** The report being applied: its page loads go on the first row of its job. */
    report?: SweepReport;
    /** Who did it (the reporting browser's member, the person resuming). */
    memberId?: string | null;
  }

  function logEntries(events: readonly SweepEvent[], ctx: Context): SweepLogEntry[] {
    let charged = false;
    const pageLoadsOf = (jobId: string | null): number => {
      if (charged || !ctx.report || jobId !== ctx.report.jobId) return 0;
      charged = true;
      return ctx.report.pageLoads;
    };
    const out: SweepLogEntry[] = [];
    for (const e of events) {
      const t = targetParts(e.targetId);
      if (!t) continue;
      const base = {
        at: e.at,
        targetId: e.targetId,
        platform: t.platform,
        profile: t.profile,
        kind: t.kind,
        message: null,
        jobId: null,
        memberId: ctx.memberId ?? null,
        pageLoads: 0,
        captured: 0,
        newItems: 0,
        edited: 0,
        deleted: 0,
      };
      switch (e.type) {
        case 'sweep.succeeded':
          out.push({
            ...base,
            event: 'succeeded',
            outcome: 'ok',
            jobId: e.jobId,
            memberId: e.memberId,
            pageLoads: pageLoadsOf(e.jobId) || e.pageLoads,
            captured: e.captured,
            newItems: e.new,
            edited: e.edited.length,
            deleted: e.deleted.length,
          });
          break;
        case 'sweep.failed':
          out.push({
            ...base,
            event: 'failed',
            outcome: e.why,
            message: e.message,
            jobId: e.jobId,
            memberId: e.memberId,
            pageLoads: pageLoadsOf(e.jobId),
          });
          break;
        case 'sweep.paused':
          out.push({
            ...base,
            event: 'paused',
            outcome: e.reason,
            message: e.message,
            jobId: e.jobId,
            pageLoads: pageLoadsOf(e.jobId),
          });
          break;
        case 'sweep.resumed':
          out.push({ ...base, event: 'resumed', outcome: e.by, memberId: e.by === 'person' ? base.memberId : null });
          break;
        case 'sweep.requeued':
          out.push({
            ...base,
            event: 'requeued',
            outcome: e.why,
            jobId: e.jobId,
            memberId: sessions.get(e.sessionId)?.member.id ?? base.memberId,
          });
          break;
        default: {
          const never: never = e;
          throw new Error(`unknown sweep event ${JSON.stringify(never)}`);
        }
      }
    }
    return out;
  }

  function itemChanges(events: readonly SweepEvent[]): SweepItemChange[] {
    const out: SweepItemChange[] = [];
    for (const e of events) {
      if (e.type !== 'sweep.succeeded') continue;
      for (const edit of e.edits) out.push({ type: 'item.edited', ...edit, memberId: e.memberId });
      for (const itemKey of e.deleted) out.push({ type: 'item.deleted', itemKey, memberId: e.memberId });
    }
    return out;
  }

  /**
   * Commits what the effects say happened (the snapshot if it changed, log
   * rows, item events), then returns how to tell people. A failed commit is
   * logged: the jobs and notices still go out (the dispatcher already gave
   * the jobs), and the next commit writes the whole state again.
   */
  async function commit(fx: SweepEffects, ctx: Context = {}): Promise<Delivery> {
    const state = stateNow();
    const json = JSON.stringify(state);
    const rows = logEntries(fx.events, ctx);
    const items = itemChanges(fx.events);
    let events: { event: LogEvent; item: Item | null }[] = [];
    if (json !== written || rows.length > 0 || items.length > 0) {
      try {
        events = await store.recordSweep({ state: json !== written ? state : null, log: rows, items });
        written = json;
      } catch (err) {
        log.error('sweep state could not be saved; it is tried again on the next change', {
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    for (const e of fx.events) {
      if (e.type === 'sweep.paused') log.warn('sweep paused', { targetId: e.targetId, reason: e.reason });
      else if (e.type === 'sweep.resumed') log.info('sweep resumed', { targetId: e.targetId, by: e.by });
    }
    const leads =
      fx.alerts.length > 0 ? (await store.listMembers()).filter((m) => can(m, 'rules.edit')).map((m) => m.id) : [];
    return () => {
      for (const d of fx.dispatch) {
        const session = sessions.get(d.sessionId);
        if (!session?.target.isOpen) continue; // its close is on the way: the job is requeued then
        const frame: SweepJobPushFrame = { v: PROTOCOL_VERSION, type: 'sweep.job', payload: { job: d.job } };
        session.target.send(JSON.stringify(frame));
      }
      if (events.length > 0) opts.publish(events);
      for (const a of fx.alerts) {
        opts.notify(leads, {
          kind: a.type,
          message: a.message,
          targetId: a.targetIds[0] ?? '',
          targetIds: a.targetIds.slice(0, 20),
          platform: a.platform,
          profile: a.profile,
          reason: a.reason,
          at: a.at,
        });
      }
    };
  }

  /** A selectors.json that changed may read what was unreadable: those targets run again. */
  async function checkSelectors(now: Date): Promise<SweepEffects> {
    const fx = none();
    let version: string;
    try {
      version = (await opts.selectors.get()).version;
    } catch (err) {
      log.warn('selectors.json could not be read for sweeps', {
        error: err instanceof Error ? err.message : String(err),
      });
      return fx;
    }
    if (version === selectorsVersion) return fx;
    const first = selectorsVersion === null;
    selectorsVersion = version;
    if (first) return fx;
    for (const t of dispatcher.status(now).targets) {
      if (t.paused?.reason === 'unreadable') merge(fx, dispatcher.resume(t.target.id, now, 'selectors'));
    }
    return fx;
  }

  const tick = (): Promise<void> =>
    run(async () => {
      if (stopped) return;
      const now = clock.now();
      await loadTargets(now);
      const fx = await checkSelectors(now);
      merge(fx, dispatcher.tick(now));
      (await commit(fx))();
    }).catch((err: unknown) =>
      log.error('sweep tick failed; it runs again soon', { error: err instanceof Error ? err.message : String(err) }),
    );

  let timer: { unref?: () => void } | null = null;
  const set = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clear = opts.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout));

  return {
    start() {
      if (timer || stopped) return;
      timer = set(() => void tick(), opts.everyMs ?? SWEEP_TICK_MS);
      timer.unref?.();
    },
    tick,
    async stop() {
      stopped = true;
      if (timer) clear(timer);
      timer = null;
      await chain;
    },

    advertise(session, info) {
      return run(async () => {
        if (stopped) return noop;
        const now = clock.now();
        const signedIn = info.signedIn
          .filter((p) => worksOn(session.member, p.platform))
          .map((p) => (Date.parse(p.seenAt) > now.getTime() ? { ...p, seenAt: now.toISOString() } : p));
        const known = sessions.has(session.id);
        sessions.set(session.id, session);
        const browser = { sessionId: session.id, memberId: session.member.id, signedIn, busy: info.busy };
        const fx = known ? dispatcher.browserUpdated(browser, now) : dispatcher.browserConnected(browser, now);
        return commit(fx, { memberId: session.member.id });
      });
    },

    leave(sessionId) {
      if (!sessions.has(sessionId)) return;
      void run(async () => {
        if (stopped || !sessions.has(sessionId)) return;
        const fx = dispatcher.browserDisconnected(sessionId, clock.now());
        const deliver = await commit(fx);
        sessions.delete(sessionId);
        deliver();
      }).catch((err: unknown) =>
        log.error('a sweep browser could not be let go', { error: err instanceof Error ? err.message : String(err) }),
      );
    },

    renew(sessionId, jobId) {
      return stopped ? null : dispatcher.renew(sessionId, jobId, clock.now());
    },

    report(sessionId, report) {
      return run(async () => {
        if (stopped) return { accepted: false, deliver: noop };
        const fx = dispatcher.report(sessionId, report, clock.now());
        if (!fx.accepted) return { accepted: false, deliver: noop };
        const memberId = sessions.get(sessionId)?.member.id ?? null;
        return { accepted: true, deliver: await commit(fx, { report, memberId }) };
      });
    },

    resume(targetId, memberId) {
      return run(async () => {
        const now = clock.now();
        const status = dispatcher.status(now).targets.find((t) => t.target.id === targetId);
        if (!status) return { resumed: null, deliver: noop };
        if (!status.paused || stopped) return { resumed: false, deliver: noop };
        return { resumed: true, deliver: await commit(dispatcher.resume(targetId, now, 'person'), { memberId }) };
      });
    },

    status: () => dispatcher.status(clock.now()),

    coverage: (days) => readSweepCoverage(store, { now: clock.now(), days, settings }),

    async settings() {
      const out: SweepSettingsByPlatform = {};
      for (const p of PLATFORMS) out[p] = settings[p] ?? structuredClone(defaults);
      return out;
    },

    async saveSettings(opId, memberId, given) {
      const mutation = await store.saveSweepSettings(opId, memberId, (current) => {
        const next: SweepSettingsByPlatform = { ...current.settings };
        const written = new Set<string>([
          ...Object.keys(current.settings),
          ...current.unreadable.map((u) => u.platform),
        ]);
        for (const p of PLATFORMS) {
          const s = given[p];
          if (!s) continue;
          // First written with the default zone: the companion machine's zone is meant.
          const fill = !written.has(p) && s.workingHours.timeZone === DEFAULT_SWEEP_SETTINGS.workingHours.timeZone;
          next[p] = fill ? { ...s, workingHours: { ...s.workingHours, timeZone } } : s;
        }
        return next;
      });
      const deliver = await run(async () => {
        if (stopped) return noop;
        const now = clock.now();
        settings = mutation.value;
        dispatcher.setSettings(settings, now);
        await loadTargets(now);
        return commit(none(), { memberId });
      });
      return { mutation, deliver };
    },

    refreshTargets: () =>
      run(async () => {
        if (stopped) return;
        await loadTargets(clock.now());
        (await commit(none()))();
      }).catch((err: unknown) =>
        log.error('sweep targets could not be read again; the next tick tries', {
          error: err instanceof Error ? err.message : String(err),
        }),
      ),
  };
}
