/**
 * Watermarks (issue 6): per target, what sweeps have seen, so only what is
 * new is counted as new and edits and deletions become events. Pure and
 * JSON-serialisable (the shape is SweepWatermark in shared/sweeps.ts); this
 * file imports only shared/, so it can move there if the extension ever needs
 * to filter by itself.
 *
 * A watermark keeps, per *lane* (the notifications or message list is lane
 * ''; each recent post's thread is a lane named by the post id):
 * - the newest site time seen, and every native id seen at exactly that time.
 *   An item is new when it is later than that time, or at that time with an
 *   id not yet seen — so two items sharing a timestamp (sites often show
 *   minutes, or "2h") are neither lost nor doubled;
 * - and, in `window`, every item the last sweep saw with a hash of its text.
 *   An item in the window is never new again (relative times such as "1h"
 *   drift forward between sweeps), and comparing windows finds edits
 *   (same id, other hash) and deletions.
 *
 * Deletions are claimed only where the sweep would have seen the item: a lane
 * read to its end (`complete`) misses nothing, and the newest-first list of
 * lane '' holds everything between the newest item and the oldest one read.
 * Comment threads are often sorted by relevance, so a partly read thread
 * claims no deletions at all. Items without a site time are new only when
 * they are not in the window; they are deleted only from a complete lane.
 *
 * Limits: boundary ids, lanes and the window are capped (SWEEP_MAX_*). Items
 * older than the boundary that no sweep saw (hidden behind a "more replies"
 * the cap did not reach) are not new by this measure — the browser should
 * still capture every inbound item it sees, as a person's visit does; the
 * capture path is idempotent on the item key.
 */
import type { ItemKey, Platform } from '../../shared/model.js';
import {
  SWEEP_MAX_BOUNDARY_IDS,
  SWEEP_MAX_LANES,
  SWEEP_MAX_SEEN,
  type SweepBoundary,
  type SweepLaneCoverage,
  type SweepSeen,
  type SweepWatermark,
} from '../../shared/sweeps.js';

/** The lane of the notifications or message list. */
export const STREAM_LANE = '';

export function emptyWatermark(): SweepWatermark {
  return { v: 1, lanes: {}, window: [] };
}

export function laneOf(item: Pick<SweepSeen, 'postId'>): string {
  return item.postId ?? STREAM_LANE;
}

function timeOf(at: string | null): number | null {
  if (at === null) return null;
  const t = Date.parse(at);
  return Number.isNaN(t) ? null : t;
}

/** The same items once each (the last sighting of an id wins), in the order first seen. */
function dedupe(items: readonly SweepSeen[]): SweepSeen[] {
  const byId = new Map<string, SweepSeen>();
  for (const i of items) byId.set(i.nativeId, i);
  return [...byId.values()];
}

/** Whether `item` is later than the lane's boundary (time first, then the ids seen at the boundary). */
function pastBoundary(item: SweepSeen, boundary: SweepBoundary | undefined): boolean {
  const t = timeOf(item.at);
  if (t === null || !boundary) return true;
  const b = timeOf(boundary.at);
  if (b === null) return true;
  if (t > b) return true;
  return t === b && !boundary.ids.includes(item.nativeId);
}

/** Only the items new since the watermark (all of them when there is none), each once. */
export function newSince(watermark: SweepWatermark | null, items: readonly SweepSeen[]): SweepSeen[] {
  const all = dedupe(items);
  if (!watermark) return all;
  const seen = new Set(watermark.window.map((w) => w.nativeId));
  return all.filter((i) => !seen.has(i.nativeId) && pastBoundary(i, watermark.lanes[laneOf(i)]));
}

/**
 * The watermark after a successful sweep that saw `items`: each lane's
 * boundary moves to the newest time seen in it (never back), and the window
 * becomes what this sweep saw. Lanes this sweep touched are kept first when
 * there are more than SWEEP_MAX_LANES.
 */
export function advance(watermark: SweepWatermark | null, items: readonly SweepSeen[]): SweepWatermark {
  const before = watermark ?? emptyWatermark();
  const all = dedupe(items);
  const lanes = new Map<string, SweepBoundary>();
  const touched: string[] = [];
  for (const item of all) {
    const lane = laneOf(item);
    if (!touched.includes(lane)) touched.push(lane);
    const t = timeOf(item.at);
    if (t === null) continue;
    const cur = lanes.get(lane) ?? before.lanes[lane] ?? { at: null, ids: [] };
    const c = timeOf(cur.at);
    const at = new Date(t).toISOString();
    if (c === null || t > c) lanes.set(lane, { at, ids: [item.nativeId] });
    else if (t === c && !cur.ids.includes(item.nativeId)) {
      lanes.set(lane, { at: cur.at, ids: [...cur.ids, item.nativeId].slice(-SWEEP_MAX_BOUNDARY_IDS) });
    } else lanes.set(lane, cur);
  }
  const order = [...touched, ...Object.keys(before.lanes).filter((l) => !touched.includes(l))];
  const out: Record<string, SweepBoundary> = {};
  for (const lane of order) {
    if (Object.keys(out).length >= SWEEP_MAX_LANES) break;
    const b = lanes.get(lane) ?? before.lanes[lane];
    if (b) out[lane] = b;
  }
  // Newest first, so the cap keeps the part of the window a next sweep is most likely to see again.
  const window = [...all]
    .sort((a, b) => (timeOf(b.at) ?? Number.MAX_SAFE_INTEGER) - (timeOf(a.at) ?? Number.MAX_SAFE_INTEGER))
    .slice(0, SWEEP_MAX_SEEN);
  return { v: 1, lanes: out, window };
}

export interface SweepChanges {
  /** Native ids seen on both sweeps whose text changed. */
  edited: string[];
  /** Native ids the previous sweep saw that this one should have seen and did not. */
  deleted: string[];
}

/**
 * Edits and deletions between the previous sweep's window and this sweep's
 * items. `coverage` says which lanes this sweep read and whether to the end;
 * a lane this sweep has items in but no coverage entry for counts as read in
 * part.
 */
export function detectChanges(
  previous: readonly SweepSeen[],
  current: readonly SweepSeen[],
  coverage: readonly SweepLaneCoverage[],
): SweepChanges {
  const now = new Map(dedupe(current).map((i) => [i.nativeId, i]));
  const complete = new Map<string, boolean>();
  for (const c of coverage) complete.set(c.lane, (complete.get(c.lane) ?? false) || c.complete);
  /** Per lane read in part: the oldest time this sweep saw there. */
  const oldest = new Map<string, number>();
  for (const i of now.values()) {
    const lane = laneOf(i);
    if (!complete.has(lane)) complete.set(lane, false);
    const t = timeOf(i.at);
    if (t !== null && t < (oldest.get(lane) ?? Infinity)) oldest.set(lane, t);
  }
  const edited: string[] = [];
  const deleted: string[] = [];
  for (const p of dedupe(previous)) {
    const c = now.get(p.nativeId);
    if (c) {
      if (c.hash !== p.hash) edited.push(p.nativeId);
      continue;
    }
    const lane = laneOf(p);
    const read = complete.get(lane);
    if (read === undefined) continue; // this sweep did not read that lane
    if (read) {
      deleted.push(p.nativeId);
      continue;
    }
    if (lane !== STREAM_LANE) continue; // a thread read in part (relevance order) proves nothing
    const t = timeOf(p.at);
    const low = oldest.get(lane);
    // Strictly newer than the oldest item read: an item at that very time may sit just past where reading stopped.
    if (t !== null && low !== undefined && t > low) deleted.push(p.nativeId);
  }
  return { edited: edited.sort(), deleted: deleted.sort() };
}

/** Native ids as item keys. */
export function itemKeys(platform: Platform, nativeIds: readonly string[]): ItemKey[] {
  return nativeIds.map((id) => `${platform}:${id}`);
}
