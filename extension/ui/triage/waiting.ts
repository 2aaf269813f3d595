/**
 * How long an item has waited for us, against the team's response target.
 *
 *   wait = end − start, where start is the site's timestamp (else when it was captured) and
 *   end is when our reply was seen (repliedAt); for a done item with no reply seen, when it was
 *   last changed (it was closed then, or before); otherwise now — the clock is still running.
 *   level: ok below the target, warn below 4 × the target, late from there on.
 */
import type { Item } from '../../../shared/model';
import { itemTime } from '../../../shared/views';

export const DEFAULT_RESPONSE_TARGET_MINUTES = 60;
export const LATE_FACTOR = 4;

export type WaitLevel = 'ok' | 'warn' | 'late';

export interface Waiting {
  ms: number;
  level: WaitLevel;
  /** Why the clock stopped, or null while it runs. */
  stopped: null | 'replied' | 'closed';
}

export function waitLevel(ms: number, targetMinutes: number): WaitLevel {
  const target = targetMinutes * 60_000;
  return ms < target ? 'ok' : ms < LATE_FACTOR * target ? 'warn' : 'late';
}

export function waiting(
  item: Pick<Item, 'siteTimestamp' | 'capturedAt' | 'repliedAt' | 'status' | 'updatedAt'>,
  now: number,
  targetMinutes: number,
): Waiting {
  const start = Date.parse(itemTime(item));
  const stopped = item.repliedAt ? 'replied' : item.status === 'done' ? 'closed' : null;
  const end =
    stopped === 'replied' ? Date.parse(item.repliedAt!) : stopped === 'closed' ? Date.parse(item.updatedAt) : now;
  const ms = Number.isNaN(start) || Number.isNaN(end) ? 0 : Math.max(0, end - start);
  return { ms, level: waitLevel(ms, targetMinutes), stopped };
}

/** Whole units, largest first: [value, unit]. Under a minute is [0, 'm']. */
export function durationParts(ms: number): [number, 'm' | 'h' | 'd'] {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 60) return [minutes, 'm'];
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return [hours, 'h'];
  return [Math.floor(hours / 24), 'd'];
}

/** Initials of a member's name for the assignee mark ("Ada Lovelace" → "AL"). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  const first = [...(parts[0] ?? '?')][0] ?? '?';
  const last = parts.length > 1 ? ([...parts[parts.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** The tokens.css tag palette; a tag keeps its colour by its category (`CS - late delivery` → CS). */
export const TAG_COLORS = ['blue', 'teal', 'violet', 'orange', 'green', 'pink', 'amber', 'red'] as const;
export type TagColor = (typeof TAG_COLORS)[number];

export function tagColor(tag: string): TagColor {
  const category = (tag.split(' - ')[0] ?? tag).trim().toLowerCase();
  let h = 0;
  for (const ch of category) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return TAG_COLORS[h % TAG_COLORS.length]!;
}
