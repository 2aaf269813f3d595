/**
 * Sweeps (issue 6): the shapes the companion and the extension share.
 *
 * An overlay only sees what someone's browser shows, so a comment on last
 * week's post or a DM nobody opened would never reach the queue. A sweep is a
 * background visit, by one of the team's own signed-in browsers, to one
 * *target* of one of our profiles:
 *
 *   notifications  the notifications / mentions page
 *   dms            the message inbox (the list; opening unread threads is a setting, off by default,
 *                  because on most sites opening a thread marks it read and may show the sender "Seen")
 *   recent-posts   the comment threads of the N most recent own posts, expanding "more replies" up to a cap
 *
 * The companion schedules targets (per platform: opt-in, a cadence in and out
 * of working hours, jitter, an hourly cap of page loads) and hands each job
 * to exactly ONE connected browser signed in to that profile
 * (companion/sweeps/). The browser runs it in a background tab that never
 * takes focus, one job at a time, with unhurried pacing, captures through the
 * same adapters and capture policy as a person's visit, closes the tab and
 * sends a SweepReport back.
 *
 * What a sweep never does: click anything that changes state on the site (no
 * likes, no sends, no "mark as read" where the site offers a choice), load
 * more pages than the job's `maxPageLoads`, run while the platform is switched
 * off, or keep going after the site signed us out or showed a security check
 * — it stops and says why, in the words below.
 *
 * Watermarks: the browser reports what it saw (`seen`: native id, site time,
 * a hash of the text, the post it belongs to) and the companion, which holds
 * the truth, decides what is new, advances the watermark and finds edits and
 * deletions (companion/sweeps/watermark.ts). The job carries the watermark so
 * a browser may stop scrolling a newest-first list once it is past it.
 *
 * Everything here is data (zod) plus pure helpers; time is always passed in.
 */
import { z } from 'zod';
import { IsoTime, LIMITS, Platform, type Platform as PlatformT } from './model.js';
import { PLATFORM_NAMES } from './permissions.js';

// ---------------------------------------------------------------------------
// Targets

export const SWEEP_KINDS = ['notifications', 'dms', 'recent-posts'] as const;
export const SweepKind = z.enum(SWEEP_KINDS);
export type SweepKind = z.infer<typeof SweepKind>;

/**
 * The kinds each platform has a page for. YouTube has had no message inbox
 * since 2019, so it has no `dms` target.
 */
export const SWEEP_KINDS_BY_PLATFORM: Readonly<Record<PlatformT, readonly SweepKind[]>> = {
  x: SWEEP_KINDS,
  linkedin: SWEEP_KINDS,
  youtube: ['notifications', 'recent-posts'],
  instagram: SWEEP_KINDS,
  facebook: SWEEP_KINDS,
  tiktok: SWEEP_KINDS,
  reddit: SWEEP_KINDS,
};

/** Where a person goes to fix a paused sweep ("open linkedin.com"). */
export const PLATFORM_HOSTS: Readonly<Record<PlatformT, string>> = {
  x: 'x.com',
  linkedin: 'linkedin.com',
  youtube: 'youtube.com',
  instagram: 'instagram.com',
  facebook: 'facebook.com',
  tiktok: 'tiktok.com',
  reddit: 'reddit.com',
};

const Handle = z.string().min(1).max(LIMITS.handle);
const NativeId = z.string().min(1).max(LIMITS.nativeId);

/** How handles compare: case and a leading `@` do not matter (`@Acme` is `acme`). */
export function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@+/, '').normalize('NFC').toLowerCase();
}

export function sameHandle(a: string, b: string): boolean {
  return normaliseHandle(a) === normaliseHandle(b);
}

export const SweepTarget = z.object({
  /** Stable: `sweepTargetId(platform, profile, kind)`. */
  id: z
    .string()
    .min(1)
    .max(LIMITS.handle + 40),
  platform: Platform,
  /** Our profile's handle on the platform. */
  profile: Handle,
  kind: SweepKind,
});
export type SweepTarget = z.infer<typeof SweepTarget>;

export function sweepTargetId(platform: PlatformT, profile: string, kind: SweepKind): string {
  return `${platform}:${normaliseHandle(profile)}:${kind}`;
}

// ---------------------------------------------------------------------------
// Settings (per platform)

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00');
const HHMM_END = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time like 17:00 (or 24:00)');

/** Whether `Intl` knows the IANA time zone (`Europe/Stockholm`). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone such as Europe/Stockholm');

/**
 * Working hours in a time zone. `days` are the days a working period *starts*
 * on (0 = Sunday … 6 = Saturday, as Date#getDay). `end` before `start` runs
 * across midnight into the next day (Fri 22:00–06:00 covers Saturday 03:00);
 * `end` 24:00 is the end of the day. Start and end may not be equal.
 */
export const WorkingHours = z
  .object({
    days: z
      .array(z.number().int().min(0).max(6))
      .max(7)
      .default([1, 2, 3, 4, 5])
      .transform((d) => [...new Set(d)].sort((a, b) => a - b)),
    start: HHMM.default('09:00'),
    end: HHMM_END.default('17:00'),
    /** The companion fills in the machine's zone when it first writes settings. */
    timeZone: TimeZone.default('UTC'),
  })
  .refine((h) => h.start !== h.end, { message: 'working hours need a start and an end that differ', path: ['end'] });
export type WorkingHours = z.output<typeof WorkingHours>;

export const SweepSettings = z.object({
  /** Opt-in: a platform is never swept until someone switches it on. */
  enabled: z.boolean().default(false),
  /** Which targets each profile gets (those the platform has: SWEEP_KINDS_BY_PLATFORM). */
  kinds: z
    .array(SweepKind)
    .max(SWEEP_KINDS.length)
    .default([...SWEEP_KINDS])
    .transform((k) => SWEEP_KINDS.filter((kind) => k.includes(kind))),
  workingHours: WorkingHours.prefault({}),
  /** Minutes between sweeps of a target when the run falls in working hours… */
  workingEveryMinutes: z.number().int().min(2).max(1440).default(10),
  /** …and outside them. */
  otherEveryMinutes: z.number().int().min(2).max(1440).default(60),
  /** Each run moves by up to ± this fraction of its cadence, so sweeps never tick like a clock. */
  jitter: z.number().min(0).max(0.5).default(0.2),
  /** Page loads on this platform, all profiles and targets together, in any sliding hour. */
  maxPageLoadsPerHour: z.number().int().min(1).max(600).default(30),
  /** recent-posts: how many of our newest posts are visited. */
  recentPosts: z.number().int().min(1).max(20).default(5),
  /** recent-posts: how many "more replies" / "more comments" expansions per thread, at most. */
  maxReplyExpansions: z.number().int().min(0).max(50).default(10),
  /**
   * dms: how many conversations with something new (unread, or changed since
   * the last sweep) are opened and read per sweep. Opening one usually shows
   * it read on the site (and may show the sender "Seen"), as a person opening
   * it would; 0 reads only the inbox list.
   */
  unreadThreads: z.number().int().min(0).max(10).default(3),
  /** A lead is alerted when a target has not been swept successfully for this long. */
  staleAfterMinutes: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 60)
    .default(180),
});
export type SweepSettings = z.output<typeof SweepSettings>;
export type SweepSettingsInput = z.input<typeof SweepSettings>;

export const DEFAULT_SWEEP_SETTINGS: SweepSettings = SweepSettings.parse({});

/** Settings for every platform; a missing platform has the defaults (so: off). */
export const SweepSettingsByPlatform = z.partialRecord(Platform, SweepSettings);
export type SweepSettingsByPlatform = z.output<typeof SweepSettingsByPlatform>;

export function sweepSettingsFor(all: SweepSettingsByPlatform, platform: PlatformT): SweepSettings {
  return all[platform] ?? DEFAULT_SWEEP_SETTINGS;
}

/**
 * The targets of our profiles: one per profile and kind the platform has and
 * the settings ask for. Disabled platforms are listed too (the dispatcher
 * never schedules them), so switching a platform on needs no new targets.
 */
export function sweepTargets(
  profiles: readonly { platform: PlatformT; handle: string }[],
  settings: SweepSettingsByPlatform,
): SweepTarget[] {
  const out = new Map<string, SweepTarget>();
  for (const p of profiles) {
    const s = sweepSettingsFor(settings, p.platform);
    for (const kind of SWEEP_KINDS_BY_PLATFORM[p.platform]) {
      if (!s.kinds.includes(kind)) continue;
      const id = sweepTargetId(p.platform, p.handle, kind);
      if (!out.has(id)) out.set(id, { id, platform: p.platform, profile: p.handle, kind });
    }
  }
  return [...out.values()];
}

// ---------------------------------------------------------------------------
// Watermarks (the logic is companion/sweeps/watermark.ts)

export const SWEEP_MAX_SEEN = 1000;
export const SWEEP_MAX_BOUNDARY_IDS = 200;
export const SWEEP_MAX_LANES = 50;

/** An opaque hash of an item's text (sweepTextHash); only compared for equality. */
export const TextHash = z.string().min(1).max(128);

/** One item a sweep saw. `postId`: for recent-posts, the own post whose thread holds it; else null. */
export const SweepSeen = z.object({
  nativeId: NativeId,
  /** The site's time for the item; null where the page shows none. */
  at: IsoTime.nullable(),
  hash: TextHash,
  postId: NativeId.nullable(),
});
export type SweepSeen = z.infer<typeof SweepSeen>;

/** The newest site time seen in a lane, and every native id seen at exactly that time. */
export const SweepBoundary = z.object({
  at: IsoTime.nullable(),
  ids: z.array(NativeId).max(SWEEP_MAX_BOUNDARY_IDS),
});
export type SweepBoundary = z.infer<typeof SweepBoundary>;

/**
 * Per target, what has been seen. A *lane* is one list the site orders by
 * itself: '' for the notifications or message list, the post id for each of
 * the recent posts' threads. `window` is what the last successful sweep saw,
 * for edit and deletion detection. JSON as it is: the store persists it.
 */
export const SweepWatermark = z.object({
  v: z.literal(1),
  lanes: z.record(z.string().max(LIMITS.nativeId), SweepBoundary),
  window: z.array(SweepSeen).max(SWEEP_MAX_SEEN),
});
export type SweepWatermark = z.infer<typeof SweepWatermark>;

/** How much of a lane a sweep read: `complete` when it reached the list's or thread's end. */
export const SweepLaneCoverage = z.object({
  lane: z.string().max(LIMITS.nativeId),
  complete: z.boolean(),
});
export type SweepLaneCoverage = z.infer<typeof SweepLaneCoverage>;

/**
 * The text hash browsers send in `seen`: 64-bit FNV-1a over the text with
 * Unicode and whitespace normalised (a re-render that only changes spacing is
 * not an edit), as 16 hex digits. Synchronous and the same on both sides.
 */
export function sweepTextHash(text: string): string {
  const s = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

// ---------------------------------------------------------------------------
// Jobs and reports

export const SweepJobId = z.string().min(1).max(128);

/** What the companion sends one browser. */
export const SweepJob = z.object({
  jobId: SweepJobId,
  target: SweepTarget,
  issuedAt: IsoTime,
  /** The companion gives the job to someone else if no report has come by then. */
  leaseUntil: IsoTime,
  /** Page loads this job may make, at most (the platform's hourly cap is already counted). */
  maxPageLoads: z.number().int().min(1).max(600),
  /** recent-posts: how many own posts; dms: how many unread threads may be opened. */
  recentPosts: z.number().int().min(0).max(20),
  maxReplyExpansions: z.number().int().min(0).max(50),
  unreadThreads: z.number().int().min(0).max(10),
  /** What was seen before; null on a target's first sweep. */
  watermark: SweepWatermark.nullable(),
});
export type SweepJob = z.infer<typeof SweepJob>;

export const SWEEP_OUTCOMES = ['ok', 'signed_out', 'challenge', 'unreadable', 'failed'] as const;
/**
 * ok          the page was read (even if nothing was new)
 * signed_out  the site showed its sign-in page: every target of that profile pauses
 * challenge   a security check / captcha: every target of that profile pauses
 * unreadable  the adapter found none of what the page should hold: the target pauses
 * failed      anything else (tab crashed, timed out, network): retried with backoff, paused after 3 in a row
 */
export const SweepReportOutcome = z.enum(SWEEP_OUTCOMES);
export type SweepReportOutcome = z.infer<typeof SweepReportOutcome>;

export const SWEEP_MESSAGE_MAX = 300;

/** What a browser sends back when a job ends, however it ended. */
export const SweepReport = z.object({
  jobId: SweepJobId,
  outcome: SweepReportOutcome,
  pageLoads: z.number().int().min(0).max(1000),
  /** Items handed to the ordinary capture path. */
  capturedCount: z.number().int().min(0).max(100_000),
  /** Every item the sweep saw (captured or already known), for the watermark, edits and deletions. */
  seen: z.array(SweepSeen).max(SWEEP_MAX_SEEN).default([]),
  /** The lanes read, and whether each was read to its end. */
  lanes: z
    .array(SweepLaneCoverage)
    .max(SWEEP_MAX_LANES + 1)
    .default([]),
  /** Plain words from the browser ("the tab crashed"); shown to people, so bounded and plain. */
  message: z.string().max(SWEEP_MESSAGE_MAX).nullable().default(null),
});
export type SweepReport = z.output<typeof SweepReport>;
export type SweepReportInput = z.input<typeof SweepReport>;

// ---------------------------------------------------------------------------
// Browsers

/** A profile a browser is signed in to, as its content scripts last observed it on a page a person opened. */
export const SignedInProfile = z.object({
  platform: Platform,
  handle: Handle,
  /** When that was last observed. Sweep tabs must not refresh it (a sweep cannot vouch for itself). */
  seenAt: IsoTime,
});
export type SignedInProfile = z.infer<typeof SignedInProfile>;

/** What a connected browser advertises (sessionId is the companion's connection id). */
export const BrowserSweepInfo = z.object({
  sessionId: z.string().min(1).max(128),
  memberId: z.string().min(1).max(128),
  signedIn: z.array(SignedInProfile).max(50),
  /** Running a job already, or the person switched sweeps off in this browser. */
  busy: z.boolean(),
});
export type BrowserSweepInfo = z.infer<typeof BrowserSweepInfo>;

// ---------------------------------------------------------------------------
// Pauses, status and the words people see

export const SWEEP_PAUSE_REASONS = ['signed_out', 'challenge', 'unreadable', 'failed'] as const;
export const SweepPauseReason = z.enum(SWEEP_PAUSE_REASONS);
export type SweepPauseReason = z.infer<typeof SweepPauseReason>;

export const SweepPause = z.object({
  reason: SweepPauseReason,
  message: z.string().max(500),
  since: IsoTime,
});
export type SweepPause = z.infer<typeof SweepPause>;

/** After this many failures in a row a target pauses. */
export const SWEEP_MAX_FAILURES = 3;

const PAGE_WORDS: Readonly<Record<SweepKind, string>> = {
  notifications: 'notifications page',
  dms: 'message inbox',
  'recent-posts': 'recent posts',
};

/** `LinkedIn's notifications page` */
export function sweepTargetWords(target: Pick<SweepTarget, 'platform' | 'kind'>): string {
  return `${PLATFORM_NAMES[target.platform]}'s ${PAGE_WORDS[target.kind]}`;
}

/** Why sweeps of a target stopped, in plain words (with the profile, since a team may have several). */
export function sweepPauseMessage(
  reason: SweepPauseReason,
  target: Pick<SweepTarget, 'platform' | 'profile' | 'kind'>,
  failures: number = SWEEP_MAX_FAILURES,
): string {
  const site = PLATFORM_NAMES[target.platform];
  const who = `(${target.profile})`;
  switch (reason) {
    case 'signed_out':
      return `You're signed out of ${site} ${who} — sweeps paused until someone signs in again`;
    case 'challenge':
      return `${site} showed a security check (captcha) ${who} — sweeps paused until someone opens ${PLATFORM_HOSTS[target.platform]} and passes it`;
    case 'unreadable':
      return `Inlay could not read ${sweepTargetWords(target)} ${who} — sweeps paused; it may have changed`;
    case 'failed':
      return `Sweeps of ${sweepTargetWords(target)} ${who} failed ${failures} times in a row — paused`;
  }
}

/** `3 h 20 min`, `45 min`, `2 h` */
export function durationWords(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The lead's alert when a target has gone unswept for too long. */
export function sweepStaleMessage(
  target: Pick<SweepTarget, 'platform' | 'profile' | 'kind'>,
  sinceMs: number,
  paused: SweepPause | null,
): string {
  const base = `${sweepTargetWords(target)} (${target.profile}) has not been swept for ${durationWords(sinceMs)}`;
  return paused ? `${base}: ${paused.message}` : `${base} — is a browser signed in to it connected?`;
}

/** One target, for `inlay status` and the popup. */
export const SweepTargetStatus = z.object({
  target: SweepTarget,
  enabled: z.boolean(),
  lastSuccessAt: IsoTime.nullable(),
  lastAttemptAt: IsoTime.nullable(),
  /** null while a job runs, while paused, or while the platform is off. */
  nextRunAt: IsoTime.nullable(),
  running: z.object({ sessionId: z.string(), memberId: z.string(), issuedAt: IsoTime, leaseUntil: IsoTime }).nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  paused: SweepPause.nullable(),
  stale: z.boolean(),
});
export type SweepTargetStatus = z.infer<typeof SweepTargetStatus>;

export const SweepPlatformStatus = z.object({
  platform: Platform,
  enabled: z.boolean(),
  /** Reported and reserved (running jobs' budgets) page loads in the last hour. */
  pageLoadsLastHour: z.number().int().nonnegative(),
  maxPageLoadsPerHour: z.number().int().positive(),
});
export type SweepPlatformStatus = z.infer<typeof SweepPlatformStatus>;

export const SweepStatus = z.object({
  at: IsoTime,
  targets: z.array(SweepTargetStatus),
  platforms: z.array(SweepPlatformStatus),
});
export type SweepStatus = z.infer<typeof SweepStatus>;

// ---------------------------------------------------------------------------
// Coverage (companion/sweeps/coverage.ts; docs/sweeps.md § Coverage)

/** `sweeps.coverage` and `inlay status`: the last this many days, unless asked otherwise. */
export const SWEEP_COVERAGE_DEFAULT_DAYS = 7;
export const SWEEP_COVERAGE_MAX_DAYS = 90;
/** Profiles in one coverage answer, at most; any beyond are counted in `leftOut`. */
export const SWEEP_COVERAGE_MAX_PROFILES = 500;

const Ms = z.number().int().nonnegative();
/** covered / period, 0…1 (0 for an empty period). */
const Share = z.number().min(0).max(1);

/** One target's share of the period: by sweeps alone, and by sweeps or live views. */
export const TargetCoverage = z.object({
  targetId: SweepTarget.shape.id,
  kind: SweepKind,
  /** Covered by sweeps alone. */
  sweptMs: Ms,
  /** Covered by sweeps or live views. */
  coveredMs: Ms,
  share: Share,
});
export type TargetCoverage = z.infer<typeof TargetCoverage>;

/** One profile on one platform: covered where EVERY one of its targets is. */
export const ProfileCoverage = z.object({
  platform: Platform,
  profile: Handle,
  periodMs: Ms,
  /** Time when every target of the profile was covered (sweeps or live views). */
  coveredMs: Ms,
  share: Share,
  targets: z.array(TargetCoverage).max(SWEEP_KINDS.length),
});
export type ProfileCoverage = z.infer<typeof ProfileCoverage>;

/** What `sweeps.coverage` answers: the period [from, to) and each profile of a platform switched on. */
export const SweepCoverage = z.object({
  from: IsoTime,
  to: IsoTime,
  profiles: z.array(ProfileCoverage).max(SWEEP_COVERAGE_MAX_PROFILES),
  /** Profiles beyond SWEEP_COVERAGE_MAX_PROFILES, not listed. */
  leftOut: z.number().int().nonnegative(),
});
export type SweepCoverage = z.infer<typeof SweepCoverage>;

/**
 * A coverage share as a whole percentage, rounded down (never claims more than
 * was covered: 99.9 % is 99, not 100).
 */
export function coveragePercent(share: number): number {
  return Math.min(100, Math.max(0, Math.floor(share * 100 + 1e-9)));
}

// ---------------------------------------------------------------------------
// Live views (`sweeps.viewed`; docs/sweeps.md § Coverage)

/**
 * The targets a person's open page can stand for: the notifications list and the message inbox
 * list. Not `recent-posts`: that target is the comment threads of several newest posts, and
 * neither the posts list nor one post's page shows them all.
 */
export const LIVE_VIEW_KINDS = ['notifications', 'dms'] as const;
export const LiveViewKind = z.enum(LIVE_VIEW_KINDS);
export type LiveViewKind = z.infer<typeof LiveViewKind>;

/** A content script sends a live view this often while its list page is in view. */
export const LIVE_VIEW_BEAT_MS = 60_000;
/** `viewedMs` at most: a beat vouches for this much of the time before it, never more. */
export const LIVE_VIEW_MAX_VIEWED_MS = 120_000;

/** What `sweeps.viewed` carries: a person had this list page of this profile in view. */
export const LiveViewBeat = z
  .object({
    platform: Platform,
    /** Our profile's handle, as the page shows it signed in (`signedInAs`). */
    profile: Handle,
    kind: LiveViewKind,
    /**
     * How long the page had been in view, without a break, up to this beat (0 when it has
     * just come into view), at most LIVE_VIEW_MAX_VIEWED_MS.
     */
    viewedMs: z.number().int().min(0).max(LIVE_VIEW_MAX_VIEWED_MS),
  })
  .strict();
export type LiveViewBeat = z.infer<typeof LiveViewBeat>;
