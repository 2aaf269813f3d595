/**
 * Teammates' presence for the side panel's rows ("Tess is replying"): per
 * item, never this member, typing first. Names render as text.
 */
import type { Presence } from '../../../shared/protocol';

const STRENGTH = { idle: 0, viewing: 1, typing: 2 } as const;

/** itemKey → teammates there now, typing first, then by name. */
export function presenceByItem(entries: readonly Presence[], me: string | null): Map<string, Presence[]> {
  const by = new Map<string, Presence[]>();
  for (const p of entries) {
    if (p.state === 'idle' || p.memberId === me) continue;
    by.set(p.itemKey, [...(by.get(p.itemKey) ?? []), p]);
  }
  for (const list of by.values()) {
    list.sort((a, b) => STRENGTH[b.state] - STRENGTH[a.state] || a.name.localeCompare(b.name));
  }
  return by;
}
