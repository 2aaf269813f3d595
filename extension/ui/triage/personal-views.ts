/**
 * The side panel's own storage, in browser.storage.local (an edge: parsed
 * with zod on every read, leniently — one bad entry never loses the rest):
 *
 *   sidepanel.views     View[]  personal views only (scope 'personal')
 *   sidepanel.settings  { responseTargetMinutes, lastViewId }
 *
 * Shared views belong to the team and are kept by the companion
 * (shared-views.ts: views.list / view.save / view.delete); this module never
 * stores them — anything not personal is dropped.
 */
import { z } from 'zod';
import { View } from '../../../shared/views';
import { DEFAULT_RESPONSE_TARGET_MINUTES } from './waiting';

export const VIEWS_KEY = 'sidepanel.views';
export const SETTINGS_KEY = 'sidepanel.settings';
export const MAX_PERSONAL_VIEWS = 50;

export const ResponseTarget = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60);

export const PanelSettings = z.object({
  responseTargetMinutes: ResponseTarget,
  lastViewId: z.string().max(64).nullable(),
});
export type PanelSettings = z.infer<typeof PanelSettings>;

export const DEFAULT_SETTINGS: PanelSettings = {
  responseTargetMinutes: DEFAULT_RESPONSE_TARGET_MINUTES,
  lastViewId: null,
};

export interface PanelData {
  views: View[];
  settings: PanelSettings;
}

/** The part of browser.storage the panel uses (injectable for tests). */
export interface StorageAreaLike {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}
export interface StorageChangedLike {
  addListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
  removeListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
}

export interface PanelStore {
  load(): Promise<PanelData>;
  saveViews(views: readonly View[]): Promise<void>;
  saveSettings(settings: PanelSettings): Promise<void>;
  /** Changes made elsewhere (another panel window); returns the unsubscribe. */
  subscribe(onChange: (patch: Partial<PanelData>) => void): () => void;
}

export function parseViews(raw: unknown): View[] {
  if (!Array.isArray(raw)) return [];
  const views: View[] = [];
  for (const entry of raw) {
    const v = View.safeParse(entry);
    if (v.success && v.data.scope === 'personal' && !views.some((x) => x.id === v.data.id)) views.push(v.data);
    else if (!v.success) console.warn('[inlay] dropped an unreadable saved view', v.error.issues[0]);
  }
  return views.slice(0, MAX_PERSONAL_VIEWS);
}

export function parseSettings(raw: unknown): PanelSettings {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const target = ResponseTarget.safeParse(o.responseTargetMinutes);
  const last = z.string().max(64).safeParse(o.lastViewId);
  return {
    responseTargetMinutes: target.success ? target.data : DEFAULT_SETTINGS.responseTargetMinutes,
    lastViewId: last.success ? last.data : null,
  };
}

export function storagePanelStore(area: StorageAreaLike, changed?: StorageChangedLike): PanelStore {
  return {
    async load() {
      const got = await area.get([VIEWS_KEY, SETTINGS_KEY]);
      return { views: parseViews(got[VIEWS_KEY]), settings: parseSettings(got[SETTINGS_KEY]) };
    },
    async saveViews(views) {
      await area.set({ [VIEWS_KEY]: parseViews(views) });
    },
    async saveSettings(settings) {
      await area.set({ [SETTINGS_KEY]: PanelSettings.parse(settings) });
    },
    subscribe(onChange) {
      if (!changed) return () => {};
      const listener = (changes: Record<string, { newValue?: unknown }>, areaName: string) => {
        if (areaName !== 'local') return;
        const patch: Partial<PanelData> = {};
        if (VIEWS_KEY in changes) patch.views = parseViews(changes[VIEWS_KEY]?.newValue);
        if (SETTINGS_KEY in changes) patch.settings = parseSettings(changes[SETTINGS_KEY]?.newValue);
        if (patch.views || patch.settings) onChange(patch);
      };
      changed.addListener(listener);
      return () => changed.removeListener(listener);
    },
  };
}

/** Kept in memory only: for tests and for a panel whose storage is unavailable. */
export function memoryPanelStore(initial: Partial<PanelData> = {}): PanelStore & { data: PanelData } {
  const data: PanelData = { views: initial.views ?? [], settings: initial.settings ?? { ...DEFAULT_SETTINGS } };
  return {
    data,
    load: () => Promise.resolve({ views: [...data.views], settings: { ...data.settings } }),
    saveViews(views) {
      data.views = parseViews(views);
      return Promise.resolve();
    },
    saveSettings(settings) {
      data.settings = PanelSettings.parse(settings);
      return Promise.resolve();
    },
    subscribe: () => () => {},
  };
}

/** A new personal view's id. */
export function newViewId(): string {
  return `personal:${crypto.randomUUID()}`;
}
