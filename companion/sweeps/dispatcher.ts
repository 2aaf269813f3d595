/**
 * The sweep dispatcher (issue 6): which target runs when, and in which
 * browser. A pure state machine — no timers, no sockets, no store. Every
 * operation takes `now`, randomness and job ids are injected, and every
 * operation returns the effects for the caller to carry out:
 *
 *   dispatch  jobs to send, each to one session ({sessionId, memberId, job})
 *   events    what happened, to record (sweep.succeeded / failed / paused / resumed / requeued)
 *   alerts    what a lead should hear about now (a pause, a target gone stale)
 *
 * The wiring (service.ts) calls `tick(now)` every 30 s, the browser
 * operations from the socket server (a browser advertises BrowserSweepInfo;
 * it disconnects), `report` when a SweepReport arrives, `resume` from
 * `sweep.resume` (and for unreadable targets when selectors.json changes),
 * and persists `snapshot()` (JSON) so a restart keeps watermarks, pauses,
 * schedules and the hourly page-load window.
 *
 * Rules:
 * - A target is due when its platform (and kind) is switched on, it is not
 *   paused, no job of it is running and its nextRunAt has come (schedule.ts).
 * - Each due target goes to exactly ONE browser: signed in to that platform
 *   and profile, not busy, holding no job (one job per browser at a time).
 *   Of those, the one that least recently got a job, ties by session id; a
 *   browser that let this target's last lease run out is the last choice.
 * - At most one job per profile runs at a time, even across browsers: two
 *   tabs crawling the same account at once is what sites flag.
 * - Per platform, the page loads reported in the last sliding hour plus the
 *   budgets of running jobs never pass maxPageLoadsPerHour; a job whose
 *   budget does not fit waits until the window slides.
 * - A job holds a lease; if no report comes by then, `tick` counts a
 *   failure and requeues the target at once (to another browser when there is
 *   one). A browser that disconnects mid-job: its job is requeued at once, not
 *   counted as a failure. Unknown page loads of a lost job are charged in full.
 * - Reports: ok advances the watermark (edits and deletions become events)
 *   and schedules the next run; signed_out and challenge pause every target
 *   of that platform+profile (the account, not the page, is the problem);
 *   unreadable pauses the target; failed retries with backoff and pauses
 *   after SWEEP_MAX_FAILURES in a row. A pause raises one alert, in plain words.
 * - signed_out / challenge pauses lift by themselves when a browser observes
 *   the profile signed in *after* the pause (SignedInProfile.seenAt); the
 *   browser that hit it is not chosen again until it has observed that.
 *   Every pause lifts with `resume(targetId)` (a person fixed it).
 * - A target not swept successfully for staleAfterMinutes (counted from when
 *   it was switched on if it never was) raises one alert per stale period.
 */
import { z } from 'zod';
import { IsoTime, Platform, type ItemKey } from '../../shared/model.js';
import {
  SWEEP_MAX_FAILURES,
  SweepPause,
  SweepWatermark,
  normaliseHandle,
  sameHandle,
  sweepPauseMessage,
  sweepSettingsFor,
  sweepStaleMessage,
  type BrowserSweepInfo,
  type SweepJob,
  type SweepKind,
  type SweepPauseReason,
  type SweepReport,
  type SweepSettings,
  type SweepSettingsByPlatform,
  type SweepStatus,
  type SweepTarget,
  type SweepTargetStatus,
} from '../../shared/sweeps.js';
import type { IdGen } from '../ids.js';
import { dueTargets, isTargetEnabled, nextRunAt, retryAt, type Random } from './schedule.js';
import { advance, detectChanges, itemKeys, newSince } from './watermark.js';

export const HOUR_MS = 60 * 60_000;
export const DEFAULT_LEASE = { baseMs: 5 * 60_000, perPageLoadMs: 90_000 };

/** Page loads a job of this kind needs: the list page, plus each post or unread thread it opens. */
export function pageBudget(kind: SweepKind, s: Pick<SweepSettings, 'recentPosts' | 'unreadThreads'>): number {
  switch (kind) {
    case 'notifications':
      return 2; // the page, and its mentions tab where it is a separate page
    case 'dms':
      return 1 + s.unreadThreads;
    case 'recent-posts':
      return 1 + s.recentPosts; // our posts list, then each post
  }
}

// ---------------------------------------------------------------------------
// State and effects

/** What is kept per target (and persisted). */
export const TargetState = z.object({
  /** When sweeps of it were last switched on; null while off. Stale time counts from here at the earliest. */
  enabledAt: IsoTime.nullable(),
  lastSuccessAt: IsoTime.nullable(),
  lastAttemptAt: IsoTime.nullable(),
  /** null: not scheduled (a job is running, it is paused, or it is off). */
  nextRunAt: IsoTime.nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  paused: SweepPause.nullable(),
  watermark: SweepWatermark.nullable(),
  /** When the stale alert of the current stale period went out. */
  staleAlertedAt: IsoTime.nullable(),
});
export type TargetState = z.infer<typeof TargetState>;

export const DispatcherSnapshot = z.object({
  v: z.literal(1),
  targets: z.record(z.string(), TargetState),
  pageLoads: z.partialRecord(Platform, z.array(z.object({ at: IsoTime, loads: z.number().int().nonnegative() }))),
});
export type DispatcherSnapshot = z.infer<typeof DispatcherSnapshot>;

export interface Dispatch {
  sessionId: string;
  memberId: string;
  job: SweepJob;
}

interface EventBase {
  at: string;
  targetId: string;
}

export type SweepEvent =
  | (EventBase & {
      type: 'sweep.succeeded';
      jobId: string;
      sessionId: string;
      memberId: string;
      pageLoads: number;
      captured: number;
      /** Items new since the watermark. */
      new: number;
      edited: ItemKey[];
      /** The same edits with the text hashes the previous sweep and this one saw (for item.edited events). */
      edits: SweepEdit[];
      deleted: ItemKey[];
    })
  | (EventBase & {
      type: 'sweep.failed';
      jobId: string;
      sessionId: string;
      memberId: string;
      why: 'failed' | 'lease_expired';
      failures: number;
      /** When it is tried again; null when this failure paused it. */
      retryAt: string | null;
      message: string | null;
    })
  | (EventBase & {
      type: 'sweep.paused';
      reason: SweepPauseReason;
      message: string;
      /** The job whose report paused it (null for a sibling target of the same profile). */
      jobId: string | null;
    })
  | (EventBase & { type: 'sweep.resumed'; by: ResumedBy })
  | (EventBase & { type: 'sweep.requeued'; jobId: string; sessionId: string; why: 'disconnected' });

/** Who lifted a pause: a person (sweep.resume), a browser that saw the profile signed in, a new selectors.json. */
export type ResumedBy = 'person' | 'signed_in' | 'selectors';

export interface SweepEdit {
  itemKey: ItemKey;
  previousHash: string;
  hash: string;
}

export interface SweepAlert {
  type: 'sweep.paused' | 'sweep.stale';
  at: string;
  platform: Platform;
  profile: string;
  targetIds: string[];
  reason: SweepPauseReason | null;
  message: string;
}

export interface SweepEffects {
  dispatch: Dispatch[];
  events: SweepEvent[];
  alerts: SweepAlert[];
}

export interface ReportEffects extends SweepEffects {
  /** false: no such job is running on that session (it expired, or was never given); nothing changed. */
  accepted: boolean;
}

export interface StaleTarget {
  target: SweepTarget;
  /** How long since the last successful sweep (or since it was switched on). */
  forMs: number;
  /** Whether this stale period's alert has gone out. */
  alerted: boolean;
  paused: SweepPause | null;
}

export interface DispatcherOptions {
  settings: SweepSettingsByPlatform;
  targets: readonly SweepTarget[];
  now: Date;
  random: Random;
  /** Job ids (`swj_…`). */
  ids: IdGen;
  /** What `snapshot()` returned before a restart. */
  snapshot?: DispatcherSnapshot | null;
  lease?: Partial<typeof DEFAULT_LEASE>;
}

interface Running {
  job: SweepJob;
  sessionId: string;
  memberId: string;
}

interface BrowserRec {
  info: BrowserSweepInfo;
  lastJobAt: number | null;
  jobId: string | null;
  /** profile key → when this browser reported it signed out or challenged. */
  excluded: Map<string, number>;
}

const iso = (t: Date | number) => new Date(t).toISOString();
const profileKey = (t: { platform: Platform; profile: string }) => `${t.platform}:${normaliseHandle(t.profile)}`;
/** No effects (a start to merge into). */
export const none = (): SweepEffects => ({ dispatch: [], events: [], alerts: [] });

/** Adds `more` to `into` (in place) and returns `into`. */
export function merge(into: SweepEffects, more: SweepEffects): SweepEffects {
  into.dispatch.push(...more.dispatch);
  into.events.push(...more.events);
  into.alerts.push(...more.alerts);
  return into;
}

function blankState(): TargetState {
  return {
    enabledAt: null,
    lastSuccessAt: null,
    lastAttemptAt: null,
    nextRunAt: null,
    consecutiveFailures: 0,
    paused: null,
    watermark: null,
    staleAlertedAt: null,
  };
}

// ---------------------------------------------------------------------------

export class SweepDispatcher {
  private settings: SweepSettingsByPlatform;
  private readonly targets = new Map<string, SweepTarget>();
  private readonly states = new Map<string, TargetState>();
  /** jobId → the running job. */
  private readonly running = new Map<string, Running>();
  private readonly browsers = new Map<string, BrowserRec>();
  /** Reported page loads per platform, oldest first. */
  private readonly loads = new Map<Platform, { at: number; loads: number }[]>();
  /** targetId → the session whose lease on it ran out last. */
  private readonly avoid = new Map<string, string>();
  private readonly random: Random;
  private readonly ids: IdGen;
  private readonly lease: typeof DEFAULT_LEASE;

  constructor(opts: DispatcherOptions) {
    this.settings = opts.settings;
    this.random = opts.random;
    this.ids = opts.ids;
    this.lease = { ...DEFAULT_LEASE, ...opts.lease };
    const snap = opts.snapshot ?? null;
    if (snap) {
      for (const [id, s] of Object.entries(snap.targets)) this.states.set(id, { ...s });
      for (const [p, entries] of Object.entries(snap.pageLoads)) {
        this.loads.set(
          p as Platform,
          entries.map((e) => ({ at: Date.parse(e.at), loads: e.loads })),
        );
      }
    }
    this.setTargets(opts.targets, opts.now);
  }

  // -- configuration --------------------------------------------------------

  /** The targets of our profiles (shared sweepTargets). Targets gone from the list are forgotten. */
  setTargets(targets: readonly SweepTarget[], now: Date): void {
    this.targets.clear();
    for (const t of targets) {
      this.targets.set(t.id, t);
      if (!this.states.has(t.id)) this.states.set(t.id, blankState());
    }
    for (const id of [...this.states.keys()]) if (!this.targets.has(id)) this.states.delete(id);
    this.sync(now);
  }

  setSettings(settings: SweepSettingsByPlatform, now: Date): void {
    this.settings = settings;
    this.sync(now);
  }

  /** Switched on → first run soon; switched off → unscheduled; anything runnable but unscheduled (a restart) → soon. */
  private sync(now: Date): void {
    for (const [id, target] of this.targets) {
      const s = this.states.get(id)!;
      const on = isTargetEnabled(target, this.settings);
      if (!on) {
        s.enabledAt = null;
        s.nextRunAt = null;
        continue;
      }
      if (s.enabledAt === null) {
        s.enabledAt = iso(now);
        s.staleAlertedAt = null;
        s.nextRunAt = null;
      }
      if (s.nextRunAt === null && !s.paused && !this.jobOf(id)) {
        s.nextRunAt = iso(nextRunAt(null, now, this.settingsOf(target), this.random));
      }
    }
  }

  // -- browsers -------------------------------------------------------------

  browserConnected(info: BrowserSweepInfo, now: Date): SweepEffects {
    return this.browserUpdated(info, now);
  }

  /** New sign-ins, busy or free: resumes what a fresh sign-in fixes, then dispatches. */
  browserUpdated(info: BrowserSweepInfo, now: Date): SweepEffects {
    const rec = this.browsers.get(info.sessionId);
    if (rec) rec.info = info;
    else this.browsers.set(info.sessionId, { info, lastJobAt: null, jobId: null, excluded: new Map() });
    const fx = none();
    for (const [id, s] of this.states) {
      const t = this.targets.get(id)!;
      if (!s.paused || (s.paused.reason !== 'signed_out' && s.paused.reason !== 'challenge')) continue;
      const since = Date.parse(s.paused.since);
      const fresh = info.signedIn.some(
        (p) => p.platform === t.platform && sameHandle(p.handle, t.profile) && Date.parse(p.seenAt) > since,
      );
      if (fresh) fx.events.push(this.unpause(t, s, now, 'signed_in'));
    }
    return merge(fx, this.dispatch(now));
  }

  /** The browser is gone: its job (if any) is requeued at once and offered to the others. */
  browserDisconnected(sessionId: string, now: Date): SweepEffects {
    const rec = this.browsers.get(sessionId);
    const fx = none();
    if (!rec) return fx;
    this.browsers.delete(sessionId);
    const run = rec.jobId ? this.running.get(rec.jobId) : undefined;
    if (run) {
      this.drop(run, now, run.job.maxPageLoads);
      const s = this.states.get(run.job.target.id);
      if (s && !s.paused && isTargetEnabled(run.job.target, this.settings)) s.nextRunAt = iso(now);
      fx.events.push({
        type: 'sweep.requeued',
        at: iso(now),
        targetId: run.job.target.id,
        jobId: run.job.jobId,
        sessionId,
        why: 'disconnected',
      });
    }
    return merge(fx, this.dispatch(now));
  }

  // -- the clock ------------------------------------------------------------

  /** Once a minute: expired leases, stale alerts, then dispatch. */
  tick(now: Date): SweepEffects {
    const fx = none();
    for (const run of [...this.running.values()]) {
      if (Date.parse(run.job.leaseUntil) > now.getTime()) continue;
      this.drop(run, now, run.job.maxPageLoads);
      const t = run.job.target;
      const s = this.states.get(t.id);
      if (!s) continue;
      this.avoid.set(t.id, run.sessionId);
      merge(fx, this.fail(t, s, run, now, 'lease_expired', null));
    }
    for (const st of this.staleTargets(now)) {
      if (st.alerted) continue;
      this.states.get(st.target.id)!.staleAlertedAt = iso(now);
      fx.alerts.push({
        type: 'sweep.stale',
        at: iso(now),
        platform: st.target.platform,
        profile: st.target.profile,
        targetIds: [st.target.id],
        reason: st.paused?.reason ?? null,
        message: sweepStaleMessage(st.target, st.forMs, st.paused),
      });
    }
    return merge(fx, this.dispatch(now));
  }

  /** A running job asks for more time (a long thread): its new leaseUntil, or null if it is not running there. */
  renew(sessionId: string, jobId: string, now: Date): string | null {
    const run = this.running.get(jobId);
    if (!run || run.sessionId !== sessionId) return null;
    run.job = { ...run.job, leaseUntil: iso(now.getTime() + this.leaseMs(run.job.maxPageLoads)) };
    return run.job.leaseUntil;
  }

  // -- reports --------------------------------------------------------------

  report(sessionId: string, report: SweepReport, now: Date): ReportEffects {
    const run = this.running.get(report.jobId);
    if (!run || run.sessionId !== sessionId) return { ...none(), accepted: false };
    this.drop(run, now, report.pageLoads);
    const target = run.job.target;
    this.avoid.delete(target.id);
    const s = this.states.get(target.id);
    const fx = none();
    if (s) {
      switch (report.outcome) {
        case 'ok':
          fx.events.push(this.succeed(target, s, run, report, now));
          break;
        case 'signed_out':
        case 'challenge': {
          this.browsers.get(sessionId)?.excluded.set(profileKey(target), now.getTime());
          const siblings = [...this.targets.values()].filter(
            (t) => t.id !== target.id && profileKey(t) === profileKey(target) && !this.states.get(t.id)!.paused,
          );
          merge(fx, this.pause([target, ...siblings], report.outcome, now, run.job.jobId));
          break;
        }
        case 'unreadable':
          merge(fx, this.pause([target], 'unreadable', now, run.job.jobId));
          break;
        case 'failed':
          merge(fx, this.fail(target, s, run, now, 'failed', report.message));
          break;
        default: {
          const never: never = report.outcome;
          throw new Error(`unknown sweep outcome ${String(never)}`);
        }
      }
    }
    return { ...merge(fx, this.dispatch(now)), accepted: true };
  }

  /**
   * A person fixed it (or new selectors may have): the target (and the targets
   * paused with it, by the same cause) run again now.
   */
  resume(targetId: string, now: Date, by: Exclude<ResumedBy, 'signed_in'> = 'person'): SweepEffects {
    const s = this.states.get(targetId);
    const t = this.targets.get(targetId);
    const fx = none();
    if (!s?.paused || !t) return merge(fx, this.dispatch(now));
    const cause = s.paused;
    const together =
      cause.reason === 'signed_out' || cause.reason === 'challenge'
        ? [...this.targets.values()].filter((o) => {
            const p = this.states.get(o.id)!.paused;
            return profileKey(o) === profileKey(t) && p?.reason === cause.reason && p.since === cause.since;
          })
        : [t];
    for (const o of together) fx.events.push(this.unpause(o, this.states.get(o.id)!, now, by));
    for (const b of this.browsers.values()) b.excluded.delete(profileKey(t));
    return merge(fx, this.dispatch(now));
  }

  // -- queries --------------------------------------------------------------

  /** Switched-on targets not swept successfully for longer than their threshold. */
  staleTargets(now: Date): StaleTarget[] {
    const out: StaleTarget[] = [];
    for (const [id, t] of this.targets) {
      const s = this.states.get(id)!;
      if (s.enabledAt === null) continue;
      const from = Math.max(Date.parse(s.enabledAt), s.lastSuccessAt ? Date.parse(s.lastSuccessAt) : -Infinity);
      const forMs = now.getTime() - from;
      if (forMs <= this.settingsOf(t).staleAfterMinutes * 60_000) continue;
      const alerted = s.staleAlertedAt !== null && Date.parse(s.staleAlertedAt) >= from;
      out.push({ target: t, forMs, alerted, paused: s.paused });
    }
    return out;
  }

  status(now: Date): SweepStatus {
    const stale = new Set(this.staleTargets(now).map((s) => s.target.id));
    const targets: SweepTargetStatus[] = [...this.targets.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((target) => {
        const s = this.states.get(target.id)!;
        const run = this.jobOf(target.id);
        return {
          target,
          enabled: s.enabledAt !== null,
          lastSuccessAt: s.lastSuccessAt,
          lastAttemptAt: s.lastAttemptAt,
          nextRunAt: s.nextRunAt,
          running: run
            ? {
                sessionId: run.sessionId,
                memberId: run.memberId,
                issuedAt: run.job.issuedAt,
                leaseUntil: run.job.leaseUntil,
              }
            : null,
          consecutiveFailures: s.consecutiveFailures,
          paused: s.paused,
          stale: stale.has(target.id),
        };
      });
    const platforms = [...new Set([...this.targets.values()].map((t) => t.platform))].sort().map((platform) => {
      const s = sweepSettingsFor(this.settings, platform);
      return {
        platform,
        enabled: s.enabled,
        pageLoadsLastHour: this.pageLoadsUsed(platform, now),
        maxPageLoadsPerHour: s.maxPageLoadsPerHour,
      };
    });
    return { at: iso(now), targets, platforms };
  }

  /** Everything worth keeping across a restart, as JSON. Running jobs' budgets are charged to the window. */
  snapshot(): DispatcherSnapshot {
    const targets: Record<string, TargetState> = {};
    for (const [id, s] of this.states) targets[id] = structuredClone(s);
    const pageLoads: DispatcherSnapshot['pageLoads'] = {};
    for (const [p, entries] of this.loads) pageLoads[p] = entries.map((e) => ({ at: iso(e.at), loads: e.loads }));
    for (const run of this.running.values()) {
      (pageLoads[run.job.target.platform] ??= []).push({ at: run.job.issuedAt, loads: run.job.maxPageLoads });
    }
    return { v: 1, targets, pageLoads };
  }

  // -- internals ------------------------------------------------------------

  private settingsOf(t: SweepTarget): SweepSettings {
    return sweepSettingsFor(this.settings, t.platform);
  }

  private jobOf(targetId: string): Running | undefined {
    for (const run of this.running.values()) if (run.job.target.id === targetId) return run;
    return undefined;
  }

  private leaseMs(maxPageLoads: number): number {
    return this.lease.baseMs + maxPageLoads * this.lease.perPageLoadMs;
  }

  /** Page loads on the platform in the hour before `now`, plus the budgets of its running jobs. */
  private pageLoadsUsed(platform: Platform, now: Date): number {
    const since = now.getTime() - HOUR_MS;
    const entries = (this.loads.get(platform) ?? []).filter((e) => e.at > since);
    this.loads.set(platform, entries);
    let used = entries.reduce((n, e) => n + e.loads, 0);
    for (const run of this.running.values()) if (run.job.target.platform === platform) used += run.job.maxPageLoads;
    return used;
  }

  /** The job ends (however it ended): its browser is free and its page loads are counted. */
  private drop(run: Running, now: Date, pageLoads: number): void {
    this.running.delete(run.job.jobId);
    const b = this.browsers.get(run.sessionId);
    if (b && b.jobId === run.job.jobId) b.jobId = null;
    const platform = run.job.target.platform;
    const list = this.loads.get(platform) ?? [];
    if (pageLoads > 0) list.push({ at: now.getTime(), loads: pageLoads });
    this.loads.set(platform, list);
  }

  private succeed(target: SweepTarget, s: TargetState, run: Running, report: SweepReport, now: Date): SweepEvent {
    const wm = s.watermark;
    const fresh = newSince(wm, report.seen).length;
    const changes = wm ? detectChanges(wm.window, report.seen, report.lanes) : { edited: [], deleted: [] };
    const before = new Map((wm?.window ?? []).map((w) => [w.nativeId, w.hash]));
    const after = new Map(report.seen.map((i) => [i.nativeId, i.hash])); // the last sighting wins, as in the watermark
    const edits = changes.edited.flatMap((id) => {
      const previousHash = before.get(id);
      const hash = after.get(id);
      return previousHash && hash ? [{ itemKey: itemKeys(target.platform, [id])[0]!, previousHash, hash }] : [];
    });
    s.watermark = advance(wm, report.seen);
    s.lastSuccessAt = iso(now);
    s.consecutiveFailures = 0;
    s.staleAlertedAt = null;
    s.nextRunAt =
      s.paused || !isTargetEnabled(target, this.settings)
        ? null
        : iso(nextRunAt(now, now, this.settingsOf(target), this.random));
    return {
      type: 'sweep.succeeded',
      at: iso(now),
      targetId: target.id,
      jobId: run.job.jobId,
      sessionId: run.sessionId,
      memberId: run.memberId,
      pageLoads: report.pageLoads,
      captured: report.capturedCount,
      new: fresh,
      edited: itemKeys(target.platform, changes.edited),
      edits,
      deleted: itemKeys(target.platform, changes.deleted),
    };
  }

  private fail(
    target: SweepTarget,
    s: TargetState,
    run: Running,
    now: Date,
    why: 'failed' | 'lease_expired',
    message: string | null,
  ): SweepEffects {
    s.consecutiveFailures += 1;
    const pausing = s.consecutiveFailures >= SWEEP_MAX_FAILURES;
    const on = isTargetEnabled(target, this.settings);
    // A lost lease is requeued at once (another browser may do it); a reported failure backs off.
    s.nextRunAt =
      pausing || !on
        ? null
        : iso(
            why === 'lease_expired' ? now : retryAt(s.consecutiveFailures, now, this.settingsOf(target), this.random),
          );
    const fx = none();
    fx.events.push({
      type: 'sweep.failed',
      at: iso(now),
      targetId: target.id,
      jobId: run.job.jobId,
      sessionId: run.sessionId,
      memberId: run.memberId,
      why,
      failures: s.consecutiveFailures,
      retryAt: s.nextRunAt,
      message,
    });
    if (pausing) merge(fx, this.pause([target], 'failed', now, run.job.jobId));
    return fx;
  }

  /** Pauses the targets (the first is the one a report was about) and raises one alert. */
  private pause(targets: SweepTarget[], reason: SweepPauseReason, now: Date, jobId: string): SweepEffects {
    const fx = none();
    const first = targets[0]!;
    let message = '';
    for (const t of targets) {
      const s = this.states.get(t.id)!;
      const msg = sweepPauseMessage(reason, t, s.consecutiveFailures);
      if (t === first) message = msg;
      s.paused = { reason, message: msg, since: iso(now) };
      s.nextRunAt = null;
      fx.events.push({
        type: 'sweep.paused',
        at: iso(now),
        targetId: t.id,
        reason,
        message: msg,
        jobId: t === first ? jobId : null,
      });
    }
    fx.alerts.push({
      type: 'sweep.paused',
      at: iso(now),
      platform: first.platform,
      profile: first.profile,
      targetIds: targets.map((t) => t.id),
      reason,
      message,
    });
    return fx;
  }

  private unpause(t: SweepTarget, s: TargetState, now: Date, by: ResumedBy): SweepEvent {
    s.paused = null;
    s.consecutiveFailures = 0;
    s.nextRunAt = isTargetEnabled(t, this.settings) && !this.jobOf(t.id) ? iso(now) : null;
    return { type: 'sweep.resumed', at: iso(now), targetId: t.id, by };
  }

  private signedIn(b: BrowserRec, t: SweepTarget): boolean {
    const excludedAt = b.excluded.get(profileKey(t));
    return b.info.signedIn.some(
      (p) =>
        p.platform === t.platform &&
        sameHandle(p.handle, t.profile) &&
        (excludedAt === undefined || Date.parse(p.seenAt) > excludedAt),
    );
  }

  /** The one browser to give `target` to, or null. */
  private pick(target: SweepTarget): BrowserRec | null {
    let eligible = [...this.browsers.values()].filter(
      (b) => !b.info.busy && b.jobId === null && this.signedIn(b, target),
    );
    const avoid = this.avoid.get(target.id);
    if (avoid !== undefined && eligible.some((b) => b.info.sessionId !== avoid)) {
      eligible = eligible.filter((b) => b.info.sessionId !== avoid);
    }
    eligible.sort(
      (a, b) =>
        (a.lastJobAt ?? -Infinity) - (b.lastJobAt ?? -Infinity) ||
        (a.info.sessionId < b.info.sessionId ? -1 : a.info.sessionId > b.info.sessionId ? 1 : 0),
    );
    return eligible[0] ?? null;
  }

  /** Hands every due target that fits under its cap to one browser. */
  private dispatch(now: Date): SweepEffects {
    const out: Dispatch[] = [];
    const busyProfiles = new Set([...this.running.values()].map((r) => profileKey(r.job.target)));
    const targets = [...this.targets.values()];
    for (const target of dueTargets(targets, this.states, now, this.settings)) {
      if (busyProfiles.has(profileKey(target))) continue;
      const s = this.settingsOf(target);
      const budget = Math.min(pageBudget(target.kind, s), s.maxPageLoadsPerHour);
      if (this.pageLoadsUsed(target.platform, now) + budget > s.maxPageLoadsPerHour) continue;
      const browser = this.pick(target);
      if (!browser) continue;
      const job: SweepJob = {
        jobId: this.ids.id('swj'),
        target,
        issuedAt: iso(now),
        leaseUntil: iso(now.getTime() + this.leaseMs(budget)),
        maxPageLoads: budget,
        recentPosts: target.kind === 'recent-posts' ? Math.max(0, Math.min(s.recentPosts, budget - 1)) : 0,
        maxReplyExpansions: target.kind === 'recent-posts' ? s.maxReplyExpansions : 0,
        unreadThreads: target.kind === 'dms' ? Math.max(0, Math.min(s.unreadThreads, budget - 1)) : 0,
        watermark: this.states.get(target.id)!.watermark,
      };
      const state = this.states.get(target.id)!;
      state.nextRunAt = null;
      state.lastAttemptAt = job.issuedAt;
      browser.jobId = job.jobId;
      browser.lastJobAt = now.getTime();
      busyProfiles.add(profileKey(target));
      const run: Running = { job, sessionId: browser.info.sessionId, memberId: browser.info.memberId };
      this.running.set(job.jobId, run);
      out.push({ sessionId: run.sessionId, memberId: run.memberId, job });
    }
    return { dispatch: out, events: [], alerts: [] };
  }
}
