/**
 * Coverage (issue 6): per profile and platform, what share of a period the
 * team actually watched — by sweeps or by people on the pages — so a report's
 * response-time figure says how complete its picture is. Pure: everything
 * comes in as arguments.
 *
 * - A successful sweep of a target covers the time since the previous
 *   successful sweep of that target, but never more than twice the cadence
 *   in force when that interval began (at the previous sweep; for a target's
 *   first success, at the sweep itself). A sweep after a long silence does
 *   not vouch for the whole silence: lists scroll, threads fold, the cap is
 *   what a sweep can be trusted to have seen.
 * - Live views (a person had one of the profile's pages open) cover their
 *   interval for the targets whose page it was (`kinds`): a person on the
 *   home timeline did not watch the notifications. `sweeps.coverage` passes
 *   the spans of `live_views` (heartbeats from tabs a person opened on the
 *   notifications or message inbox list, docs/sweeps.md § Coverage), each
 *   with the one kind of its page.
 * - A profile is covered at a moment when EVERY one of its targets is
 *   (notifications, messages and recent posts all watched): a figure that is
 *   short of its comments is not complete. The per-target figures are given
 *   too.
 *
 * Pass successes from a little before the period (twice the longest cadence)
 * so the first interval inside it is measured from its real previous sweep.
 */
import type { Platform } from '../../shared/model.js';
import {
  normaliseHandle,
  sameHandle,
  sweepSettingsFor,
  type ProfileCoverage,
  type SweepKind,
  type SweepSettingsByPlatform,
  type SweepTarget,
  type TargetCoverage,
} from '../../shared/sweeps.js';
import { cadenceMs } from './schedule.js';

/** A half-open interval [from, to) in epoch ms. */
export interface Span {
  from: number;
  to: number;
}

export interface LiveView {
  platform: Platform;
  profile: string;
  from: string;
  to: string;
  /**
   * The targets whose page the person had open (the notifications page is
   * `notifications`). Left out: every target of the profile — only for a
   * caller that knows every one of its pages was watched.
   */
  kinds?: readonly SweepKind[];
}

export interface CoverageInput {
  from: string | Date;
  to: string | Date;
  /** The targets to account for (the profiles' targets of the platforms switched on). */
  targets: readonly SweepTarget[];
  /** Successful sweeps (sweep_log rows with event `succeeded`); other rows are ignored. */
  successes: readonly { targetId: string; at: string; event?: string }[];
  /** For the cadence that caps each sweep's interval. */
  settings: SweepSettingsByPlatform;
  liveViews?: readonly LiveView[];
}

/** The shapes of the answer are the protocol's (`sweeps.coverage`). */
export type { ProfileCoverage, TargetCoverage };

// ---------------------------------------------------------------------------
// Spans

/** Sorted, non-overlapping, non-empty. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** Both unions at once (each given as `union` returns it). */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i]!.from, b[j]!.from);
    const to = Math.min(a[i]!.to, b[j]!.to);
    if (to > from) out.push({ from, to });
    if (a[i]!.to < b[j]!.to) i++;
    else j++;
  }
  return out;
}

export function clip(spans: readonly Span[], period: Span): Span[] {
  return spans.flatMap((s) => {
    const from = Math.max(s.from, period.from);
    const to = Math.min(s.to, period.to);
    return to > from ? [{ from, to }] : [];
  });
}

export function total(spans: readonly Span[]): number {
  return spans.reduce((n, s) => n + (s.to - s.from), 0);
}

// ---------------------------------------------------------------------------

/** What a target's successful sweeps cover: each since the one before, capped at twice the cadence. */
export function sweptSpans(
  target: SweepTarget,
  successAt: readonly number[],
  settings: SweepSettingsByPlatform,
): Span[] {
  const s = sweepSettingsFor(settings, target.platform);
  const times = [...successAt].sort((a, b) => a - b);
  const spans: Span[] = [];
  let previous: number | null = null;
  for (const t of times) {
    const cap = 2 * cadenceMs(new Date(previous ?? t), s);
    spans.push({ from: Math.max(previous ?? -Infinity, t - cap), to: t });
    previous = t;
  }
  return union(spans);
}

const profileKey = (platform: Platform, profile: string) => `${platform}:${normaliseHandle(profile)}`;

export function coverage(input: CoverageInput): ProfileCoverage[] {
  const period: Span = { from: new Date(input.from).getTime(), to: new Date(input.to).getTime() };
  const periodMs = Math.max(0, period.to - period.from);
  const byTarget = new Map<string, number[]>();
  for (const s of input.successes) {
    if (s.event !== undefined && s.event !== 'succeeded') continue;
    const t = Date.parse(s.at);
    if (Number.isNaN(t)) continue;
    const list = byTarget.get(s.targetId) ?? [];
    list.push(t);
    byTarget.set(s.targetId, list);
  }
  const profiles = new Map<string, { platform: Platform; profile: string; targets: SweepTarget[] }>();
  for (const t of input.targets) {
    const key = profileKey(t.platform, t.profile);
    const p = profiles.get(key) ?? { platform: t.platform, profile: t.profile, targets: [] };
    p.targets.push(t);
    profiles.set(key, p);
  }
  for (const v of input.liveViews ?? []) {
    const key = profileKey(v.platform, v.profile);
    if (!profiles.has(key)) profiles.set(key, { platform: v.platform, profile: v.profile, targets: [] });
  }

  const out: ProfileCoverage[] = [];
  for (const p of profiles.values()) {
    const views = (input.liveViews ?? []).filter((v) => v.platform === p.platform && sameHandle(v.profile, p.profile));
    /** Live spans of the views that showed `kind` (every view, for undefined: the profile as a whole). */
    const liveOf = (kind: SweepKind | undefined): Span[] =>
      clip(
        union(
          views
            .filter((v) => kind === undefined || v.kinds === undefined || v.kinds.includes(kind))
            .map((v) => ({ from: Date.parse(v.from), to: Date.parse(v.to) }))
            .filter((s) => !Number.isNaN(s.from) && !Number.isNaN(s.to)),
        ),
        period,
      );
    const live = liveOf(undefined);
    const targets: TargetCoverage[] = [];
    let all: Span[] | null = null;
    for (const t of p.targets) {
      const swept = clip(sweptSpans(t, byTarget.get(t.id) ?? [], input.settings), period);
      const covered = union([...swept, ...liveOf(t.kind)]);
      all = all === null ? covered : intersect(all, covered);
      const coveredMs = total(covered);
      targets.push({
        targetId: t.id,
        kind: t.kind,
        sweptMs: total(swept),
        coveredMs,
        share: periodMs > 0 ? coveredMs / periodMs : 0,
      });
    }
    const coveredMs = total(all ?? live);
    out.push({
      platform: p.platform,
      profile: p.profile,
      periodMs,
      coveredMs,
      share: periodMs > 0 ? coveredMs / periodMs : 0,
      targets,
    });
  }
  return out.sort((a, b) =>
    a.platform === b.platform
      ? normaliseHandle(a.profile).localeCompare(normaliseHandle(b.profile))
      : a.platform < b.platform
        ? -1
        : 1,
  );
}
