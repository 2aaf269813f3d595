/**
 * The team's shared views, kept by the companion (views.list / view.save /
 * view.delete through the background's `companion` passthrough). Replies are
 * an edge: parsed with the shared schema, one bad view never loses the rest.
 * Saving and deleting need `rules.edit` (team settings); the companion decides.
 */
import { isSystemView, View } from '../../../shared/views';
import type { BgReply, BgRequest } from '../../messaging/messages';

type Ask = (request: BgRequest) => Promise<BgReply>;

export type SharedResult<T> = { ok: true; value: T } | { ok: false; error: string };

async function call(
  ask: Ask,
  request: 'views.list' | 'view.save' | 'view.delete',
  payload: Record<string, unknown>,
): Promise<SharedResult<unknown>> {
  try {
    const r = (await ask({ type: 'companion', request, payload })) as BgReply<{ result?: unknown }>;
    return r.ok ? { ok: true, value: r.result } : { ok: false, error: r.error };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Shared views in a reply, leniently: only valid, shared, non-system views, each id once. */
export function parseSharedViews(raw: unknown): View[] {
  const list = typeof raw === 'object' && raw !== null ? (raw as { views?: unknown }).views : undefined;
  if (!Array.isArray(list)) return [];
  const views: View[] = [];
  for (const entry of list) {
    const v = View.safeParse(entry);
    if (v.success && v.data.scope === 'shared' && !isSystemView(v.data.id) && !views.some((x) => x.id === v.data.id))
      views.push(v.data);
  }
  return views;
}

export function newOpId(): string {
  return `op_${crypto.randomUUID().replace(/-/g, '')}`;
}

/** A new shared view's id. */
export function newSharedViewId(): string {
  return `shared:${crypto.randomUUID()}`;
}

export async function listSharedViews(ask: Ask): Promise<SharedResult<View[]>> {
  const r = await call(ask, 'views.list', {});
  return r.ok ? { ok: true, value: parseSharedViews(r.value) } : r;
}

/** Saves (creates or replaces) a shared view; the value is the view as the companion keeps it. */
export async function saveSharedView(ask: Ask, view: View): Promise<SharedResult<View>> {
  const r = await call(ask, 'view.save', { opId: newOpId(), view: { ...view, scope: 'shared' } });
  if (!r.ok) return r;
  const saved = View.safeParse((r.value as { view?: unknown } | undefined)?.view);
  return { ok: true, value: saved.success ? saved.data : { ...view, scope: 'shared' } };
}

export async function deleteSharedView(ask: Ask, id: string): Promise<SharedResult<null>> {
  const r = await call(ask, 'view.delete', { opId: newOpId(), id });
  return r.ok ? { ok: true, value: null } : r;
}
