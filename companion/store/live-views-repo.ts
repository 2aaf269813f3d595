/**
 * Live views as stored (`live_views`, migration 010): spans of time when a
 * person had one of our profiles' list pages (notifications, the message
 * inbox) in view in a tab they opened, per member. What coverage counts
 * besides sweeps (docs/sweeps.md § Coverage).
 *
 * A heartbeat at `at` says the page had been in view, without a break, for
 * `viewedMs` up to `at`: it vouches for [at − viewedMs, at] and for nothing
 * after `at` (the person may have left the moment it was sent). It extends
 * the member's latest span of that page when that span's end is at or after
 * at − viewedMs − LIVE_VIEW_JOIN_SLACK_MS (the time it vouches for reaches
 * back to the span); otherwise it starts a new span. A tab hidden for a while
 * restarts its `viewedMs` at 0, so the hidden time is never bridged.
 */
import type { Kysely } from 'kysely';
import { Platform, type Platform as PlatformT } from '../../shared/model.js';
import { LiveViewKind, normaliseHandle, type LiveViewKind as Kind } from '../../shared/sweeps.js';
import type { Database } from './schema.js';

/** How far apart the end of a span and the start of what a beat vouches for may be and still join (message latency). */
export const LIVE_VIEW_JOIN_SLACK_MS = 5_000;

export interface LiveViewSpan {
  platform: PlatformT;
  /** Normalised (normaliseHandle). */
  profile: string;
  kind: Kind;
  memberId: string;
  from: string;
  to: string;
}

export interface LiveViewBeatRecord {
  platform: PlatformT;
  profile: string;
  kind: Kind;
  memberId: string;
  /** When the beat arrived (the companion's clock). */
  at: Date;
  /** How long the page had been in view up to `at`, without a break. */
  viewedMs: number;
}

/** Extends the member's latest span of that page, or starts a new one; the span as it is now. */
export async function recordLiveView(
  db: Kysely<Database>,
  beat: LiveViewBeatRecord,
): Promise<{ span: LiveViewSpan; extended: boolean }> {
  const profile = normaliseHandle(beat.profile);
  const to = beat.at.toISOString();
  const from = new Date(beat.at.getTime() - Math.max(0, beat.viewedMs)).toISOString();
  const reach = new Date(beat.at.getTime() - Math.max(0, beat.viewedMs) - LIVE_VIEW_JOIN_SLACK_MS).toISOString();
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('live_views')
      .select(['id', 'from_at', 'to_at'])
      .where('member_id', '=', beat.memberId)
      .where('platform', '=', beat.platform)
      .where('profile', '=', profile)
      .where('kind', '=', beat.kind)
      .orderBy('to_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const base = { platform: beat.platform, profile, kind: beat.kind, memberId: beat.memberId };
    if (latest && latest.to_at >= reach) {
      const span = {
        ...base,
        from: latest.from_at < from ? latest.from_at : from,
        to: latest.to_at > to ? latest.to_at : to,
      };
      await trx
        .updateTable('live_views')
        .set({ from_at: span.from, to_at: span.to })
        .where('id', '=', latest.id)
        .execute();
      return { span, extended: true };
    }
    await trx
      .insertInto('live_views')
      .values({ platform: beat.platform, profile, kind: beat.kind, member_id: beat.memberId, from_at: from, to_at: to })
      .execute();
    return { span: { ...base, from, to }, extended: false };
  });
}

/**
 * Every member's spans that overlap [since, until): one range scan of the
 * `live_views_to_at` index (to_at > since), then from_at < until. Rows this
 * version cannot read are left out.
 */
export async function listLiveViews(
  db: Kysely<Database>,
  q: { since: string; until: string },
): Promise<LiveViewSpan[]> {
  const rows = await db
    .selectFrom('live_views')
    .select(['platform', 'profile', 'kind', 'member_id', 'from_at', 'to_at'])
    .where('to_at', '>', q.since)
    .where('from_at', '<', q.until)
    .orderBy('to_at', 'asc')
    .execute();
  return rows.flatMap((r) => {
    const platform = Platform.safeParse(r.platform);
    const kind = LiveViewKind.safeParse(r.kind);
    if (!platform.success || !kind.success) return [];
    return [
      {
        platform: platform.data,
        profile: r.profile,
        kind: kind.data,
        memberId: r.member_id,
        from: r.from_at,
        to: r.to_at,
      },
    ];
  });
}
