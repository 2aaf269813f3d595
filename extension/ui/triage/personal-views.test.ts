import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SETTINGS_KEY,
  VIEWS_KEY,
  parseSettings,
  parseViews,
  storagePanelStore,
  type StorageChangedLike,
} from './personal-views';

const good = {
  id: 'personal:1',
  name: 'Refunds',
  scope: 'personal',
  filter: { tags: { mode: 'any', names: ['Refund'] } },
};

function area(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: vi.fn(async (keys: string[]) => Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]))),
    set: vi.fn(async (items: Record<string, unknown>) => void Object.assign(data, items)),
  };
}

describe('parseViews', () => {
  it('keeps the valid personal views and drops the rest, one by one', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const views = parseViews([good, { id: 'x' }, { ...good, id: 'shared:1', scope: 'shared' }, good, 'junk']);
    expect(views.map((v) => v.id)).toEqual(['personal:1']);
    expect(views[0]!.filter.statuses).toEqual([]);
    expect(parseViews({ not: 'a list' })).toEqual([]);
    expect(parseViews(undefined)).toEqual([]);
    warn.mockRestore();
  });
});

describe('parseSettings', () => {
  it('falls back field by field', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ responseTargetMinutes: 30, lastViewId: 'system:mine' })).toEqual({
      responseTargetMinutes: 30,
      lastViewId: 'system:mine',
    });
    expect(parseSettings({ responseTargetMinutes: -4, lastViewId: 7 })).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ responseTargetMinutes: 12.5 }).responseTargetMinutes).toBe(60);
  });
});

describe('storagePanelStore', () => {
  it('reads, writes and re-reads through storage, parsed each way', async () => {
    const a = area({ [VIEWS_KEY]: [good], [SETTINGS_KEY]: { responseTargetMinutes: 15 } });
    const store = storagePanelStore(a);
    const data = await store.load();
    expect(data.views).toHaveLength(1);
    expect(data.settings).toEqual({ responseTargetMinutes: 15, lastViewId: null });
    await store.saveSettings({ responseTargetMinutes: 120, lastViewId: 'personal:1' });
    await store.saveViews([]);
    expect(a.data[SETTINGS_KEY]).toEqual({ responseTargetMinutes: 120, lastViewId: 'personal:1' });
    expect(a.data[VIEWS_KEY]).toEqual([]);
    await expect(store.saveSettings({ responseTargetMinutes: 0, lastViewId: null })).rejects.toThrow();
  });

  it('passes on changes made by another panel, parsed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let listener: Parameters<StorageChangedLike['addListener']>[0] = () => {};
    const changed: StorageChangedLike = {
      addListener: (cb) => (listener = cb),
      removeListener: vi.fn(),
    };
    const store = storagePanelStore(area(), changed);
    const onChange = vi.fn();
    const off = store.subscribe(onChange);
    listener({ [VIEWS_KEY]: { newValue: [good, { bad: 1 }] } }, 'local');
    listener({ other: { newValue: 1 } }, 'local');
    listener({ [SETTINGS_KEY]: { newValue: { responseTargetMinutes: 30 } } }, 'sync');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange.mock.calls[0]![0].views).toHaveLength(1);
    off();
    expect(changed.removeListener).toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
