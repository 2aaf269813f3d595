import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, tempDir } from './test-helpers.js';
import type { TempDir } from './test-helpers.js';

let dir: TempDir;
let store: SqliteStore;
beforeEach(async () => {
  dir = tempDir();
  store = await openTestStore(dir.file(), { clock: manualClock('2026-03-01T10:00:00.000Z') });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('members and keys', () => {
  it('creates a member with a member.joined event', async () => {
    const { member, seq } = await store.createMember('Ana', 'admin');
    expect(member).toEqual({ id: member.id, name: 'Ana', role: 'admin', createdAt: '2026-03-01T10:00:00.000Z' });
    expect(seq).toBe(1);
    const [joined] = await store.eventsSince(0, 10);
    expect(joined).toEqual({
      event: expect.objectContaining({
        seq: 1,
        memberId: member.id,
        itemKey: null,
        data: { type: 'member.joined', member },
      }),
      item: null,
    });
    await store.createMember('Bo', 'agent');
    expect(await store.getMember(member.id)).toEqual(member);
    expect(await store.getMember('mem_nobody')).toBeNull();
    expect((await store.listMembers()).map((m) => m.name)).toEqual(['Ana', 'Bo']);
    expect(await store.countMembers()).toBe(2);
  });

  it('stores client keys and lists the origins of live keys only', async () => {
    const { member } = await store.createMember('Ana', 'admin');
    const ff = await store.createClientKey(member.id, 'k'.repeat(43), 'moz-extension://1234-abcd');
    const chrome = await store.createClientKey(member.id, 'c'.repeat(43), null);
    const revoked = await store.createClientKey(member.id, 'r'.repeat(43), 'moz-extension://old');
    const raw = new Database(dir.file());
    raw.prepare('update client_keys set revoked_at = ? where id = ?').run('2026-03-01T10:00:00.000Z', revoked.id);
    raw.close();

    expect(await store.getClientKey(ff.id)).toEqual(ff);
    expect(await store.getClientKey(chrome.id)).toMatchObject({ origin: null, revokedAt: null });
    expect(await store.getClientKey(revoked.id)).toMatchObject({ revokedAt: '2026-03-01T10:00:00.000Z' });
    expect(await store.getClientKey('key_nope')).toBeNull();
    expect(await store.listKeyOrigins()).toEqual(['moz-extension://1234-abcd']);

    await store.touchClientKey(ff.id, '2026-03-02T08:00:00.000Z');
    const check = new Database(dir.file(), { readonly: true });
    expect(check.prepare('select last_used_at from client_keys where id = ?').get(ff.id)).toEqual({
      last_used_at: '2026-03-02T08:00:00.000Z',
    });
    check.close();
  });
});
