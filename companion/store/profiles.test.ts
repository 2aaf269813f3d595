import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profileHandleKey } from './profiles-repo.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, opId, tempDir } from './test-helpers.js';
import type { TempDir } from './test-helpers.js';

let dir: TempDir;
let store: SqliteStore;
beforeEach(async () => {
  dir = tempDir();
  store = await openTestStore(dir.file());
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('profiles', () => {
  it('saves a profile with a profile.saved event', async () => {
    const m = await store.saveProfile(opId(1), null, { platform: 'x', handle: 'AcmeSupport', displayName: 'Acme' });
    expect(m.value).toEqual({ id: m.value.id, platform: 'x', handle: 'AcmeSupport', displayName: 'Acme' });
    expect(m.events.map((e) => e.event.data)).toEqual([{ type: 'profile.saved', profile: m.value }]);
    expect(await store.listProfiles()).toEqual([m.value]);
  });

  it('is unique per platform, case-insensitively and with or without @', async () => {
    const a = await store.saveProfile(opId(1), null, { platform: 'x', handle: 'AcmeSupport', displayName: null });
    const b = await store.saveProfile(opId(2), null, { platform: 'x', handle: '@acmesupport', displayName: 'Acme' });
    const c = await store.saveProfile(opId(3), null, { platform: 'reddit', handle: 'acmesupport', displayName: null });
    expect(b.value.id).toBe(a.value.id);
    expect(b.value).toMatchObject({ handle: '@acmesupport', displayName: 'Acme' });
    expect(c.value.id).not.toBe(a.value.id);
    expect((await store.listProfiles()).map((p) => [p.platform, p.handle])).toEqual([
      ['reddit', 'acmesupport'],
      ['x', '@acmesupport'],
    ]);
  });

  it('folds case beyond ASCII', async () => {
    expect(profileHandleKey(' @ÉCOLE ')).toBe('école');
    const a = await store.saveProfile(opId(1), null, { platform: 'x', handle: 'ÉCOLE', displayName: null });
    const b = await store.saveProfile(opId(2), null, { platform: 'x', handle: 'école', displayName: null });
    expect(b.value.id).toBe(a.value.id);
    expect(await store.listProfiles()).toHaveLength(1);
  });

  it('appends nothing when the same profile is saved again, and replays duplicates', async () => {
    const a = await store.saveProfile(opId(1), null, { platform: 'x', handle: 'acme', displayName: 'Acme' });
    const same = await store.saveProfile(opId(2), null, { platform: 'x', handle: 'acme', displayName: 'Acme' });
    expect(same).toStrictEqual({ value: a.value, seq: 0, duplicate: false, events: [] });
    const replay = await store.saveProfile(opId(1), null, { platform: 'x', handle: 'acme', displayName: 'Acme' });
    expect(replay).toStrictEqual({ value: a.value, seq: a.seq, duplicate: true, events: [] });
    expect(await store.headSeq()).toBe(1);
  });

  it('removes softly: gone from the list, profile.removed appended, same id when saved again', async () => {
    const a = await store.saveProfile(opId(1), null, { platform: 'x', handle: 'acme', displayName: null });
    const removed = await store.removeProfile(opId(2), 'mem_1', a.value.id);
    expect(removed.value).toBeNull();
    expect(removed.events.map((e) => e.event.data)).toEqual([{ type: 'profile.removed', profileId: a.value.id }]);
    expect(removed.events[0]!.event.memberId).toBe('mem_1');
    expect(await store.listProfiles()).toEqual([]);

    expect(await store.removeProfile(opId(3), null, a.value.id)).toMatchObject({ seq: 0, duplicate: false });
    expect(await store.removeProfile(opId(2), null, a.value.id)).toMatchObject({ seq: removed.seq, duplicate: true });
    expect(await store.removeProfile(opId(4), null, 'prf_unknown')).toMatchObject({ seq: 0, events: [] });

    // A replayed save of the removed profile returns what that save produced, and revives nothing.
    expect(await store.saveProfile(opId(1), null, { platform: 'x', handle: 'acme', displayName: null })).toMatchObject({
      value: a.value,
      duplicate: true,
    });
    expect(await store.listProfiles()).toEqual([]);

    const back = await store.saveProfile(opId(5), null, { platform: 'x', handle: 'ACME', displayName: null });
    expect(back.value.id).toBe(a.value.id);
    expect(back.seq).toBeGreaterThan(removed.seq);
    expect(await store.listProfiles()).toEqual([back.value]);
  });
});
