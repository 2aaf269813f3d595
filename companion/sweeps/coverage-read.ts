/**
 * Coverage from the store (issue 6): what `sweeps.coverage` answers and
 * `inlay status` prints. The figure itself is coverage.ts (pure); this reads
 * its inputs:
 *
 * - the targets: every saved profile's targets on the platforms switched on
 *   now, with the kinds the settings ask for now (as `sweeps.status` and
 *   `inlay status` list them);
 * - the successes: `succeeded` rows of the sweep log from twice the longest
 *   cadence of those platforms before the period to its end (one indexed
 *   query), so the first interval inside the period is measured from the
 *   sweep before it;
 * - the settings in force now, for the cadences that cap each interval.
 *
 * - the live views: every member's `live_views` spans that overlap the period
 *   (one indexed query, on `to_at`), each covering only the target of its
 *   page (`kinds: [kind]`), and only for the targets listed above — a span of
 *   a profile or kind not swept now adds nothing, and no profile.
 */
import { PLATFORMS } from '../../shared/model.js';
import {
  SWEEP_COVERAGE_MAX_PROFILES,
  sameHandle,
  sweepSettingsFor,
  sweepTargetId,
  sweepTargets,
  type SweepCoverage,
  type SweepSettingsByPlatform,
} from '../../shared/sweeps.js';
import type { Store } from '../store/types.js';
import { coverage, type LiveView } from './coverage.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface CoverageQuery {
  /** The end of the period (now). */
  now: Date;
  /** The period: the `days` × 24 h before `now`. */
  days: number;
  /** The settings in force (the service's; the stored ones for `inlay status`). */
  settings: SweepSettingsByPlatform;
  /** Extra live views (tests); the stored ones are always read. */
  liveViews?: readonly LiveView[];
}

export async function readSweepCoverage(
  store: Pick<Store, 'listProfiles' | 'listSweepSuccesses' | 'listLiveViews'>,
  q: CoverageQuery,
): Promise<SweepCoverage> {
  const to = q.now.getTime();
  const from = to - q.days * DAY_MS;
  const enabled = PLATFORMS.filter((p) => q.settings[p]?.enabled === true);
  const targets = sweepTargets(await store.listProfiles(), q.settings).filter((t) => enabled.includes(t.platform));
  let successes: { targetId: string; at: string }[] = [];
  if (targets.length > 0) {
    const longest = Math.max(
      ...enabled.map((p) => {
        const s = sweepSettingsFor(q.settings, p);
        return Math.max(s.workingEveryMinutes, s.otherEveryMinutes) * MINUTE_MS;
      }),
    );
    successes = await store.listSweepSuccesses({
      since: new Date(from - 2 * longest).toISOString(),
      until: new Date(to).toISOString(),
    });
  }
  const stored =
    targets.length > 0
      ? await store.listLiveViews({ since: new Date(from).toISOString(), until: new Date(to).toISOString() })
      : [];
  const watched = new Set(targets.map((t) => t.id));
  const liveViews: LiveView[] = [
    ...(q.liveViews ?? []),
    ...stored.map((v) => ({ platform: v.platform, profile: v.profile, from: v.from, to: v.to, kinds: [v.kind] })),
  ].filter((v) =>
    v.kinds === undefined
      ? targets.some((t) => t.platform === v.platform && sameHandle(t.profile, v.profile))
      : v.kinds.some((k) => watched.has(sweepTargetId(v.platform, v.profile, k))),
  );
  const profiles = coverage({
    from: new Date(from),
    to: new Date(to),
    targets,
    successes,
    settings: q.settings,
    liveViews,
  });
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    profiles: profiles.slice(0, SWEEP_COVERAGE_MAX_PROFILES),
    leftOut: Math.max(0, profiles.length - SWEEP_COVERAGE_MAX_PROFILES),
  };
}
