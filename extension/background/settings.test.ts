import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '../../shared/protocol';
import { SettingsStore, type KeyValueArea } from './settings';
import { StateHub, type LivePort } from './state';

function area(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(initial));
  const a: KeyValueArea = {
    get: async (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)])),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (keys) => void (Array.isArray(keys) ? keys : [keys]).forEach((k) => data.delete(k)),
  };
  return { a, data };
}

const member = { id: 'm1', name: 'Ada', role: 'agent', createdAt: '2025-01-01T00:00:00.000Z' };

describe('settings', () => {
  it('defaults: unpaired, DEFAULT_PORT, every site on, no profiles', async () => {
    const s = await new SettingsStore(area().a).load();
    expect(s.pairing).toBeNull();
    expect(s.port).toBe(DEFAULT_PORT);
    expect(Object.values(s.sites).every(Boolean)).toBe(true);
    expect(Object.keys(s.sites)).toContain('reddit');
    expect(s.profiles).toEqual([]);
  });

  it('ignores invalid stored values instead of trusting them', async () => {
    const logs: string[] = [];
    const { a } = area({
      pairing: { keyId: 'k', key: 'short' },
      port: 70000,
      sites: { x: 'yes', reddit: false },
      profiles: 'nope',
    });
    const s = await new SettingsStore(a, (m) => logs.push(m)).load();
    expect(s.pairing).toBeNull();
    expect(s.port).toBe(DEFAULT_PORT);
    expect(s.sites.x).toBe(true);
    expect(s.sites.reddit).toBe(false);
    expect(s.profiles).toEqual([]);
    expect(logs.join()).toContain('invalid pairing');
  });

  it('persists pairing, port and sites, and tells listeners', async () => {
    const { a, data } = area();
    const store = new SettingsStore(a);
    await store.load();
    const seen: number[] = [];
    store.onChange((s) => seen.push(s.port));
    await store.setPort(3000);
    await store.setSite('x', false);
    await store.setPairing({ keyId: 'k1', key: 'a'.repeat(43), member: member as never, companionId: 'c1' });
    const reloaded = await new SettingsStore(a).load();
    expect(reloaded.port).toBe(3000);
    expect(reloaded.sites.x).toBe(false);
    expect(reloaded.pairing?.keyId).toBe('k1');
    await store.setPairing(null);
    expect(data.has('pairing')).toBe(false);
    expect(seen).toEqual([3000, 3000, 3000, 3000]);
  });
});

describe('state hub', () => {
  it('sends state and items to a new port and broadcasts only real changes', () => {
    const hub = new StateHub();
    const got: unknown[] = [];
    const disconnect: Array<() => void> = [];
    const port: LivePort = {
      postMessage: (m) => got.push(m),
      onDisconnect: { addListener: (cb) => disconnect.push(cb) },
    };
    hub.addPort(port, []);
    expect(got.map((m) => (m as { type: string }).type)).toEqual(['state', 'items']);
    hub.patch({ outbox: 2 });
    hub.patch({ outbox: 2 });
    expect(got).toHaveLength(3);
    disconnect.forEach((cb) => cb());
    hub.patch({ outbox: 3 });
    expect(got).toHaveLength(3);
    expect(hub.portCount).toBe(0);
  });
});
