/**
 * What a triage action asks the background for: one `item.update` per item
 * that would change. Pure, so toggles and bulk rules are tested without a DOM.
 *
 *   done      marks done; when every target is done already, reopens them
 *   snooze    sets pending (snoozed); when every target is pending already, reopens them
 *   priority  sets the priority on the targets that differ
 *   assign    sets the assignee (null = nobody) on the targets that differ
 *   tag       adds the tag to the targets that lack it; when all have it, removes it from all
 */
import type { Item, ItemStatus, Priority } from '../../../shared/model';
import { foldText } from '../../../shared/views';
import type { BgRequest } from '../../messaging/messages';

export type ItemUpdate = Extract<BgRequest, { type: 'item.update' }>;

const update = (item: Item, change: Omit<ItemUpdate, 'type' | 'key'>): ItemUpdate => ({
  type: 'item.update',
  key: item.key,
  ...change,
});

function toggleStatus(items: readonly Item[], to: ItemStatus): ItemUpdate[] {
  if (items.length > 0 && items.every((i) => i.status === to)) return items.map((i) => update(i, { status: 'open' }));
  return items.filter((i) => i.status !== to).map((i) => update(i, { status: to }));
}

export function planDone(items: readonly Item[]): ItemUpdate[] {
  return toggleStatus(items, 'done');
}

export function planSnooze(items: readonly Item[]): ItemUpdate[] {
  return toggleStatus(items, 'pending');
}

export function planPriority(items: readonly Item[], priority: Priority): ItemUpdate[] {
  return items.filter((i) => i.priority !== priority).map((i) => update(i, { priority }));
}

export function planAssign(items: readonly Item[], assigneeId: string | null): ItemUpdate[] {
  return items.filter((i) => i.assigneeId !== assigneeId).map((i) => update(i, { assigneeId }));
}

const hasTag = (item: Item, tag: string) => item.tags.some((t) => foldText(t) === foldText(tag));

/** Whether every item has the tag (then picking it removes it). */
export function allHaveTag(items: readonly Item[], tag: string): boolean {
  return items.length > 0 && items.every((i) => hasTag(i, tag));
}

export function planTag(items: readonly Item[], tag: string): ItemUpdate[] {
  if (allHaveTag(items, tag)) {
    return items.map((i) => update(i, { removeTags: i.tags.filter((t) => foldText(t) === foldText(tag)) }));
  }
  return items.filter((i) => !hasTag(i, tag)).map((i) => update(i, { addTags: [tag] }));
}

/** Tags in use across the items, most used first, then by name. */
export function tagsInUse(items: readonly Item[]): string[] {
  const counts = new Map<string, { name: string; n: number }>();
  for (const item of items) {
    for (const tag of item.tags) {
      const k = foldText(tag);
      const c = counts.get(k);
      if (c) c.n++;
      else counts.set(k, { name: tag, n: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.n - a.n || a.name.localeCompare(b.name)).map((c) => c.name);
}

export interface RunResult {
  sent: number;
  failed: number;
  /** The background's plain-words reason for the first failure. */
  error: string | null;
}

/** Sends the updates (the background queues them in order) and reports how many failed. */
export async function runUpdates(
  ask: (request: ItemUpdate) => Promise<{ ok: true } | { ok: false; error: string }>,
  updates: readonly ItemUpdate[],
): Promise<RunResult> {
  const replies = await Promise.all(
    updates.map((u) => ask(u).catch((err: unknown) => ({ ok: false as const, error: String(err) }))),
  );
  const failures = replies.filter((r): r is { ok: false; error: string } => !r.ok);
  return { sent: updates.length, failed: failures.length, error: failures[0]?.error ?? null };
}
