/**
 * When sweeps run (issue 6). Pure: time and randomness are arguments.
 *
 * - Working hours are wall-clock times in an IANA zone, read through `Intl`
 *   for the instant in question, so a DST change moves nothing by an hour
 *   and a window whose end is before its start runs across midnight (its
 *   `days` are the days it starts on).
 * - Cadence: a run is due one working cadence (default 10 min) after the
 *   last if that moment falls in working hours, else one outside cadence
 *   (default 60 min) after it — but no later than the moment working hours
 *   begin, so the morning's first sweep does not wait out the night's hour.
 * - Jitter: the planned time moves uniformly within ± jitter × that cadence
 *   (jitter ≤ 0.5, so a run is never sooner than half a cadence), and a run
 *   is never planned before `now` (an overdue one is due at once).
 * - A target that was just switched on runs soon, spread over the first two
 *   minutes (or its cadence, if shorter), so targets do not all start at once.
 * - After a failure a target is retried with backoff — 2, 4, 8 … minutes,
 *   never longer than its cadence, jittered the same way — and the
 *   dispatcher pauses it after SWEEP_MAX_FAILURES in a row.
 */
import type { Platform } from '../../shared/model.js';
import {
  sweepSettingsFor,
  type SweepSettings,
  type SweepSettingsByPlatform,
  type SweepTarget,
  type WorkingHours,
} from '../../shared/sweeps.js';

/** A source of uniform numbers in [0, 1) (Math.random, or seededRandom in tests). */
export type Random = () => number;

/** mulberry32: a small, good-enough seeded generator, so tests replay exactly. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MINUTE_MS = 60_000;
/** A target just switched on runs within this long (or its cadence, if shorter). */
export const FIRST_RUN_SPREAD_MS = 2 * MINUTE_MS;
/** The first retry after a failure; each further failure doubles it, up to the cadence. */
export const RETRY_BASE_MS = 2 * MINUTE_MS;

type ScheduleSettings = Pick<SweepSettings, 'workingHours' | 'workingEveryMinutes' | 'otherEveryMinutes' | 'jitter'>;

// ---------------------------------------------------------------------------
// Working hours

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The weekday (0 = Sunday) and minute of the day that a clock in `timeZone` shows at `at`. */
export function localTime(at: Date, timeZone: string): { weekday: number; minutes: number } {
  let weekday = -1;
  let hour = 0;
  let minute = 0;
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type === 'weekday') weekday = WEEKDAYS[p.value] ?? -1;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  if (weekday < 0) throw new Error(`Intl gave no weekday for ${timeZone}`);
  return { weekday, minutes: hour * 60 + minute };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Whether a local weekday and minute of the day fall in the working hours (start inclusive, end exclusive). */
function workingAt(weekday: number, minutes: number, hours: WorkingHours): boolean {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start < end) return hours.days.includes(weekday) && minutes >= start && minutes < end;
  // Across midnight: the evening part belongs to today's period, the morning part to yesterday's.
  return (
    (hours.days.includes(weekday) && minutes >= start) || (hours.days.includes((weekday + 6) % 7) && minutes < end)
  );
}

/** Whether `now` falls in the working hours (start inclusive, end exclusive). */
export function isWorkingTime(now: Date, hours: WorkingHours): boolean {
  const { weekday, minutes } = localTime(now, hours.timeZone);
  return workingAt(weekday, minutes, hours);
}

/** How far the zone's clock is ahead of UTC at `at`, in whole minutes. */
function offsetMinutes(at: number, timeZone: string): number {
  const { weekday, minutes } = localTime(new Date(at), timeZone);
  const utc = new Date(at);
  const utcMinutes = utc.getUTCDay() * 1440 + utc.getUTCHours() * 60 + utc.getUTCMinutes();
  let d = weekday * 1440 + minutes - utcMinutes;
  if (d > 3.5 * 1440) d -= 7 * 1440;
  if (d < -3.5 * 1440) d += 7 * 1440;
  return d;
}

// ---------------------------------------------------------------------------
// Cadence

/** The cadence that applies to a run at `at`, in ms. */
export function cadenceMs(at: Date, settings: ScheduleSettings): number {
  return (
    (isWorkingTime(at, settings.workingHours) ? settings.workingEveryMinutes : settings.otherEveryMinutes) * MINUTE_MS
  );
}

/**
 * The first whole minute in (from, to] whose working-ness is `working`, or
 * null. When the zone's offset is the same at both ends (no DST change in
 * between — ranges are at most a day) the clock is stepped by arithmetic;
 * otherwise each minute is asked of Intl.
 */
function firstMinuteWhere(from: number, to: number, hours: WorkingHours, working: boolean): number | null {
  const first = Math.floor(from / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  if (first > to) return null;
  const offset = offsetMinutes(first, hours.timeZone);
  const steady = offset === offsetMinutes(to, hours.timeZone);
  for (let t = first; t <= to; t += MINUTE_MS) {
    let hit: boolean;
    if (steady) {
      const local = new Date(t + offset * MINUTE_MS);
      hit = workingAt(local.getUTCDay(), local.getUTCHours() * 60 + local.getUTCMinutes(), hours) === working;
    } else hit = isWorkingTime(new Date(t), hours) === working;
    if (hit) return t;
  }
  return null;
}

/**
 * The un-jittered next run after `last`, and the cadence it was planned with:
 * the earliest moment at least one cadence after `last`, where the cadence is
 * the one in force at that moment.
 */
export function plannedRun(last: Date, settings: ScheduleSettings): { at: Date; cadenceMs: number } {
  const hours = settings.workingHours;
  const work = settings.workingEveryMinutes * MINUTE_MS;
  const other = settings.otherEveryMinutes * MINUTE_MS;
  const t0 = last.getTime();
  // The shorter cadence wins where it applies; between the two, from the first moment it applies; else the longer.
  const [short, long, shortWhenWorking] = work <= other ? [work, other, true] : [other, work, false];
  if (isWorkingTime(new Date(t0 + short), hours) === shortWhenWorking) {
    return { at: new Date(t0 + short), cadenceMs: short };
  }
  const switchAt = firstMinuteWhere(t0 + short, t0 + long, hours, shortWhenWorking);
  if (switchAt !== null) return { at: new Date(switchAt), cadenceMs: short };
  return { at: new Date(t0 + long), cadenceMs: long };
}

function jittered(at: number, cadence: number, jitter: number, random: Random): number {
  return at + (random() * 2 - 1) * jitter * cadence;
}

/**
 * When a target should next run. `lastRunAt` null: it was just switched on
 * (or has never run), so soon, spread over FIRST_RUN_SPREAD_MS. Otherwise
 * plannedRun ± jitter × its cadence, and never before `now`.
 */
export function nextRunAt(lastRunAt: Date | null, now: Date, settings: ScheduleSettings, random: Random): Date {
  if (lastRunAt === null) {
    const spread = Math.min(FIRST_RUN_SPREAD_MS, cadenceMs(now, settings));
    return new Date(now.getTime() + Math.floor(random() * spread));
  }
  const plan = plannedRun(lastRunAt, settings);
  const at = jittered(plan.at.getTime(), plan.cadenceMs, settings.jitter, random);
  return new Date(Math.max(now.getTime(), Math.round(at)));
}

/** When to retry after the `failures`-th failure in a row (1, 2, …): backoff, capped at the cadence. */
export function retryAt(failures: number, now: Date, settings: ScheduleSettings, random: Random): Date {
  const cadence = cadenceMs(now, settings);
  const delay = Math.min(cadence, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  const at = jittered(now.getTime() + delay, delay, settings.jitter, random);
  return new Date(Math.max(now.getTime(), Math.round(at)));
}

// ---------------------------------------------------------------------------
// Due targets

/** What dueTargets needs of a target's state (the dispatcher's TargetState has more). */
export interface TargetSchedule {
  /** null: not scheduled (a job is running, or the platform is off). */
  nextRunAt: string | null;
  paused: unknown;
}

function enabledFor(settings: SweepSettingsByPlatform, platform: Platform): SweepSettings | null {
  const s = sweepSettingsFor(settings, platform);
  return s.enabled ? s : null;
}

/** Whether sweeps of the target are switched on (its platform, and its kind on that platform). */
export function isTargetEnabled(target: SweepTarget, settings: SweepSettingsByPlatform): boolean {
  const s = enabledFor(settings, target.platform);
  return s !== null && s.kinds.includes(target.kind);
}

/**
 * Targets due at `now`: switched on, not paused, scheduled at or before now;
 * the longest overdue first (ties by id), so nobody starves under a cap.
 */
export function dueTargets(
  targets: readonly SweepTarget[],
  state: ReadonlyMap<string, TargetSchedule>,
  now: Date,
  settings: SweepSettingsByPlatform,
): SweepTarget[] {
  const t = now.getTime();
  const due: { target: SweepTarget; at: number }[] = [];
  for (const target of targets) {
    const s = state.get(target.id);
    if (!s || s.paused || s.nextRunAt === null || !isTargetEnabled(target, settings)) continue;
    const at = Date.parse(s.nextRunAt);
    if (at <= t) due.push({ target, at });
  }
  due.sort((a, b) => a.at - b.at || (a.target.id < b.target.id ? -1 : a.target.id > b.target.id ? 1 : 0));
  return due.map((d) => d.target);
}
