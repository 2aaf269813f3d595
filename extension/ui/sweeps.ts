/**
 * Sweeps in the extension pages (docs/sweeps.md): reading the companion's
 * `sweeps.status` and `sweeps.settings.get` answers, the words for targets and
 * times, and the settings editor's draft. Pure, so it is unit-tested; the
 * companion checks everything again.
 */
import { PLATFORMS, type Platform } from '../../shared/model';
import {
  coveragePercent,
  isTimeZone,
  SWEEP_COVERAGE_DEFAULT_DAYS,
  SWEEP_KINDS,
  SWEEP_KINDS_BY_PLATFORM,
  SweepCoverage,
  SweepSettings,
  SweepSettingsByPlatform,
  SweepStatus,
  type SweepKind,
  type SweepTargetStatus,
} from '../../shared/sweeps';
import type { BgReply, BgRequest } from '../messaging/messages';
import { platformLabel } from './format';
import { i18n } from './i18n';

/**
 * The pages this version of the extension can read on a sweep, per site
 * (docs/sweeps.md, "What the extension sweeps today"; test/sites/sweep-pages.test.ts
 * holds each entry to its adapter). The companion would schedule the others
 * too; their jobs would only pause as unreadable, so the options page does not
 * offer them: YouTube's notifications are a menu, not a page; TikTok's
 * message rows carry no link to their conversation.
 */
export const EXTENSION_SWEEPS: Readonly<Record<Platform, readonly SweepKind[]>> = {
  x: ['notifications', 'dms', 'recent-posts'],
  linkedin: ['notifications', 'dms', 'recent-posts'],
  youtube: ['recent-posts'],
  instagram: ['notifications', 'dms', 'recent-posts'],
  facebook: ['notifications', 'dms', 'recent-posts'],
  tiktok: ['notifications', 'recent-posts'],
  reddit: ['notifications', 'dms', 'recent-posts'],
};

/** The kinds of page the options page offers for a site: what the site has and the extension reads. */
export function sweepableKinds(platform: Platform): SweepKind[] {
  return SWEEP_KINDS_BY_PLATFORM[platform].filter((k) => EXTENSION_SWEEPS[platform].includes(k));
}

export type Ask = (request: BgRequest) => Promise<BgReply>;
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

type SweepRequest =
  'sweeps.status' | 'sweeps.coverage' | 'sweeps.settings.get' | 'sweeps.settings.set' | 'sweep.resume';

async function call(ask: Ask, request: SweepRequest, payload: Record<string, unknown>): Promise<Result<unknown>> {
  try {
    const r = (await ask({ type: 'companion', request, payload })) as BgReply<{ result?: unknown }>;
    return r.ok ? { ok: true, value: r.result } : { ok: false, error: r.error };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export async function fetchSweepStatus(ask: Ask): Promise<Result<SweepStatus>> {
  const r = await call(ask, 'sweeps.status', {});
  if (!r.ok) return r;
  const parsed = SweepStatus.safeParse(r.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: i18n.t('errorUnreachable') };
}

function parseSettings(raw: unknown): Result<SweepSettingsByPlatform> {
  const parsed = SweepSettingsByPlatform.safeParse((raw as { settings?: unknown } | undefined)?.settings);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: i18n.t('errorUnreachable') };
}

export async function fetchSweepSettings(ask: Ask): Promise<Result<SweepSettingsByPlatform>> {
  const r = await call(ask, 'sweeps.settings.get', {});
  return r.ok ? parseSettings(r.value) : r;
}

export function newOpId(): string {
  return `op_${crypto.randomUUID().replace(/-/g, '')}`;
}

/** Replaces one platform's settings, whole; the value is every platform's settings as the companion keeps them. */
export async function saveSweepSettings(
  ask: Ask,
  platform: Platform,
  settings: SweepSettings,
): Promise<Result<SweepSettingsByPlatform>> {
  const r = await call(ask, 'sweeps.settings.set', { opId: newOpId(), settings: { [platform]: settings } });
  return r.ok ? parseSettings(r.value) : r;
}

export async function resumeSweep(ask: Ask, targetId: string): Promise<Result<boolean>> {
  const r = await call(ask, 'sweep.resume', { targetId });
  return r.ok ? { ok: true, value: (r.value as { resumed?: boolean } | undefined)?.resumed === true } : r;
}

// ---------------------------------------------------------------------------
// Words

/** `notifications`, `message inbox`, `recent posts` — inside a sentence. */
export function kindWords(kind: SweepKind): string {
  switch (kind) {
    case 'notifications':
      return i18n.t('sweepsUiKindNotifications');
    case 'dms':
      return i18n.t('sweepsUiKindDms');
    case 'recent-posts':
      return i18n.t('sweepsUiKindRecentPosts');
  }
}

/** The checkbox label of a kind. */
export function kindLabel(kind: SweepKind): string {
  switch (kind) {
    case 'notifications':
      return i18n.t('sweepsUiKindLabelNotifications');
    case 'dms':
      return i18n.t('sweepsUiKindLabelDms');
    case 'recent-posts':
      return i18n.t('sweepsUiKindLabelRecentPosts');
  }
}

/** A target id is `platform:handle:kind`; the platform and kind, or null when it is not one. */
export function parseTargetId(id: string): { platform: Platform; profile: string; kind: SweepKind } | null {
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  if (first <= 0 || last <= first) return null;
  const platform = id.slice(0, first) as Platform;
  const kind = id.slice(last + 1) as SweepKind;
  if (!PLATFORMS.includes(platform) || !SWEEP_KINDS_BY_PLATFORM[platform].includes(kind)) return null;
  return { platform, profile: id.slice(first + 1, last), kind };
}

/** "Sweeping LinkedIn notifications…" */
export function runningWords(targetId: string): string | null {
  const t = parseTargetId(targetId);
  return t ? i18n.t('sweepsUiRunning', [platformLabel(t.platform), kindWords(t.kind)]) : null;
}

/** "12 min", "3 h 10 min", "2 d" */
export function durationText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return i18n.t('sweepsUiDurMinutes', [String(minutes)]);
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return i18n.t('sweepsUiDurDays', [String(Math.floor(hours / 24))]);
  const m = minutes % 60;
  return m === 0 || hours >= 10
    ? i18n.t('sweepsUiDurHours', [String(hours)])
    : i18n.t('sweepsUiDurHoursMinutes', [String(hours), String(m)]);
}

/** "12 min ago", "just now" */
export function agoText(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  return ms < 60_000 ? i18n.t('sweepsUiJustNow') : i18n.t('sweepsUiAgo', [durationText(ms)]);
}

/** "in 4 min", "in under a minute" */
export function inText(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  return ms < 60_000 ? i18n.t('sweepsUiSoon') : i18n.t('sweepsUiIn', [durationText(ms)]);
}

/** When the target runs next, in words. */
export function nextText(t: SweepTargetStatus, now: number): string {
  if (t.running) return i18n.t('sweepsUiRunningNow');
  if (t.paused) return i18n.t('sweepsUiNextWaiting');
  if (!t.enabled) return i18n.t('sweepsUiOff');
  if (t.nextRunAt === null || Date.parse(t.nextRunAt) <= now) return i18n.t('sweepsUiNextDue');
  return i18n.t('sweepsUiNext', [inText(t.nextRunAt, now)]);
}

/** A stale target's line: "LinkedIn notifications (acme): not swept for 3 h 10 min". */
export function staleText(t: SweepTargetStatus, now: number): string {
  const site = platformLabel(t.target.platform);
  const kind = kindWords(t.target.kind);
  return t.lastSuccessAt
    ? i18n.t('sweepsUiStaleLine', [site, kind, t.target.profile, durationText(now - Date.parse(t.lastSuccessAt))])
    : i18n.t('sweepsUiStaleNever', [site, kind, t.target.profile]);
}

const KIND_ORDER: Readonly<Record<SweepKind, number>> = { notifications: 0, dms: 1, 'recent-posts': 2 };

/** Targets of switched-on sites in a stable order: platform, profile, kind. */
export function visibleTargets(status: SweepStatus | null): SweepTargetStatus[] {
  if (!status) return [];
  return status.targets
    .filter((t) => t.enabled || t.paused !== null)
    .sort(
      (a, b) =>
        PLATFORMS.indexOf(a.target.platform) - PLATFORMS.indexOf(b.target.platform) ||
        a.target.profile.localeCompare(b.target.profile) ||
        KIND_ORDER[a.target.kind] - KIND_ORDER[b.target.kind],
    );
}

/** What the popup points out: paused targets (each once per pause message) and stale ones. */
export function attentionTargets(status: SweepStatus | null): SweepTargetStatus[] {
  return visibleTargets(status).filter((t) => t.paused !== null || t.stale);
}

/** Monday first, as working weeks are read. */
export const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

export function dayName(day: number): string {
  switch (day) {
    case 0:
      return i18n.t('sweepsUiDay0');
    case 1:
      return i18n.t('sweepsUiDay1');
    case 2:
      return i18n.t('sweepsUiDay2');
    case 3:
      return i18n.t('sweepsUiDay3');
    case 4:
      return i18n.t('sweepsUiDay4');
    case 5:
      return i18n.t('sweepsUiDay5');
    default:
      return i18n.t('sweepsUiDay6');
  }
}

/** "Mon–Fri", "Mon, Wed, Sat–Sun" (runs of three or more days become a range). */
export function daysText(days: readonly number[]): string {
  const ordered = WEEK.filter((d) => days.includes(d));
  if (ordered.length === 0) return i18n.t('sweepsUiSummaryNoDays');
  const parts: string[] = [];
  let i = 0;
  while (i < ordered.length) {
    let j = i;
    while (j + 1 < ordered.length && WEEK.indexOf(ordered[j + 1]!) === WEEK.indexOf(ordered[j]!) + 1) j++;
    if (j - i >= 2) parts.push(`${dayName(ordered[i]!)}–${dayName(ordered[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(dayName(ordered[k]!));
    i = j + 1;
  }
  return parts.join(', ');
}

/** One read-only line per part of a platform's settings, for members who may not change them. */
export function settingsSummary(platform: Platform, s: SweepSettings): string[] {
  const kinds = SWEEP_KINDS_BY_PLATFORM[platform].filter((k) => s.kinds.includes(k));
  const h = s.workingHours;
  const lines = [
    i18n.t('sweepsUiSummaryCadence', [String(s.workingEveryMinutes), String(s.otherEveryMinutes)]),
    i18n.t('sweepsUiSummaryHours', [daysText(h.days), h.start, h.end, h.timeZone]),
    i18n.t('sweepsUiSummaryCap', [String(s.maxPageLoadsPerHour)]),
    kinds.map(kindWords).join(', '),
  ];
  if (kinds.includes('dms')) lines.push(i18n.t('sweepsUiSummaryThreads', [String(s.unreadThreads)]));
  if (kinds.includes('recent-posts')) lines.push(i18n.t('sweepsUiSummaryPosts', [String(s.recentPosts)]));
  return lines;
}

// ---------------------------------------------------------------------------
// The settings editor's draft: numbers as typed, checked when saved

export interface SweepDraft {
  kinds: SweepKind[];
  days: number[];
  start: string;
  end: string;
  timeZone: string;
  workingEveryMinutes: string;
  otherEveryMinutes: string;
  maxPageLoadsPerHour: string;
  recentPosts: string;
  unreadThreads: string;
}

export function toDraft(s: SweepSettings): SweepDraft {
  return {
    kinds: [...s.kinds],
    days: [...s.workingHours.days],
    start: s.workingHours.start,
    end: s.workingHours.end,
    timeZone: s.workingHours.timeZone,
    workingEveryMinutes: String(s.workingEveryMinutes),
    otherEveryMinutes: String(s.otherEveryMinutes),
    maxPageLoadsPerHour: String(s.maxPageLoadsPerHour),
    recentPosts: String(s.recentPosts),
    unreadThreads: String(s.unreadThreads),
  };
}

function whole(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/**
 * The platform's settings with the draft applied — every other field (jitter,
 * expansions, the stale threshold, on/off) kept as it was, since
 * `sweeps.settings.set` replaces a platform whole — or the first problem, in words.
 */
export function fromDraft(
  platform: Platform,
  saved: SweepSettings,
  d: SweepDraft,
  /** The kinds of page offered for the site (default: those this extension reads). */
  offered: readonly SweepKind[] = sweepableKinds(platform),
): { ok: true; settings: SweepSettings } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  const working = whole(d.workingEveryMinutes, 2, 1440);
  if (working === null) return fail(i18n.t('sweepsUiErrorMinutes', [i18n.t('sweepsUiWorkingEvery')]));
  const other = whole(d.otherEveryMinutes, 2, 1440);
  if (other === null) return fail(i18n.t('sweepsUiErrorMinutes', [i18n.t('sweepsUiOtherEvery')]));
  const start = d.start.trim();
  const end = d.end.trim();
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(start)) return fail(i18n.t('sweepsUiErrorStart'));
  if (!/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(end)) return fail(i18n.t('sweepsUiErrorEnd'));
  if (start === end) return fail(i18n.t('sweepsUiErrorSameTime'));
  const timeZone = d.timeZone.trim();
  if (!timeZone || !isTimeZone(timeZone)) return fail(i18n.t('sweepsUiErrorZone', [timeZone]));
  const cap = whole(d.maxPageLoadsPerHour, 1, 600);
  if (cap === null) return fail(i18n.t('sweepsUiErrorCap'));
  const kinds = offered.filter((k) => d.kinds.includes(k));
  if (kinds.length === 0) return fail(i18n.t('sweepsUiErrorNoKinds', [platformLabel(platform)]));
  const posts = kinds.includes('recent-posts') ? whole(d.recentPosts, 1, 20) : saved.recentPosts;
  if (posts === null) return fail(i18n.t('sweepsUiErrorPosts'));
  const threads = kinds.includes('dms') ? whole(d.unreadThreads, 0, 10) : saved.unreadThreads;
  if (threads === null) return fail(i18n.t('sweepsUiErrorUnreadThreads'));
  const parsed = SweepSettings.safeParse({
    ...saved,
    kinds,
    workingHours: { days: d.days, start, end, timeZone },
    workingEveryMinutes: working,
    otherEveryMinutes: other,
    maxPageLoadsPerHour: cap,
    recentPosts: posts,
    unreadThreads: threads,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return { ok: true, settings: parsed.data };
}

export function sameDraft(a: SweepDraft, b: SweepDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The IANA zones the browser knows, for the time zone field's suggestions. */
export function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------
// Coverage (`sweeps.coverage`; docs/sweeps.md § Coverage)

/** What share of the last `days` × 24 h sweeps covered, per profile of each site switched on. */
export async function fetchSweepCoverage(
  ask: Ask,
  days: number = SWEEP_COVERAGE_DEFAULT_DAYS,
): Promise<Result<SweepCoverage>> {
  const r = await call(ask, 'sweeps.coverage', { days });
  if (!r.ok) return r;
  const parsed = SweepCoverage.safeParse(r.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: i18n.t('errorUnreachable') };
}

/** "84 %": rounded down, so a share short of all of it never shows as 100 %. */
export function percentText(share: number): string {
  const whole = coveragePercent(share);
  // some coverage, less than one per cent: not "0 %", which reads as none at all
  return i18n.t('sweepsUiCoveragePercent', [whole === 0 && share > 0 ? '<1' : String(whole)]);
}

export interface CoverageRow {
  key: string;
  platform: Platform;
  site: string;
  profile: string;
  /** The profile as a whole: the time when every one of its pages was covered. */
  share: string;
  /** Per kind of page in `columns`: its share, or null where the profile has no such page. */
  kinds: (string | null)[];
}

export interface CoverageTable {
  /** The kinds of page some profile has, in the usual order. */
  columns: SweepKind[];
  rows: CoverageRow[];
  /** Profiles the companion left out of its answer. */
  leftOut: number;
}

/** The options page's coverage table: one row per profile (site order, then handle), one column per kind. */
export function coverageTable(coverage: SweepCoverage): CoverageTable {
  const columns = SWEEP_KINDS.filter((k) => coverage.profiles.some((p) => p.targets.some((t) => t.kind === k)));
  const rows = [...coverage.profiles]
    .sort((a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform) || a.profile.localeCompare(b.profile))
    .map((p) => ({
      key: `${p.platform}:${p.profile}`,
      platform: p.platform,
      site: platformLabel(p.platform),
      profile: p.profile,
      share: percentText(p.share),
      kinds: columns.map((k) => {
        const t = p.targets.find((x) => x.kind === k);
        return t ? percentText(t.share) : null;
      }),
    }));
  return { columns, rows, leftOut: coverage.leftOut };
}
