import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import type { StoreError } from './errors.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, opId, tempDir, type TempDir } from './test-helpers.js';

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

describe('member roles and networks', () => {
  it('gives every member networks (all, by default) and the permissions of their role', async () => {
    const { member } = await store.createMember('Ana', 'admin');
    expect(await store.getMemberAccess(member.id)).toEqual({
      ...member,
      networks: [],
      permissions: [
        'items.edit',
        'tags.create',
        'rules.edit',
        'replies.editShared',
        'items.assignOthers',
        'reports.export',
        'members.manage',
      ],
    });
    expect(await store.getMemberAccess('mem_nobody')).toBeNull();
  });

  it('changes role and networks with a member.updated event, idempotent by op id', async () => {
    const admin = (await store.createMember('Ana', 'admin')).member;
    const bo = (await store.createMember('Bo', 'agent')).member;
    const m = await store.updateMember(opId(1), admin.id, bo.id, { role: 'lead', networks: ['reddit', 'x', 'x'] });
    expect(m.value).toMatchObject({ id: bo.id, role: 'lead', networks: ['x', 'reddit'] });
    expect(m.value.permissions).not.toContain('members.manage');
    expect(m.value.permissions).toContain('tags.create');
    expect(m.events.map((e) => e.event)).toEqual([
      expect.objectContaining({
        memberId: admin.id,
        itemKey: null,
        data: { type: 'member.updated', member: { ...bo, role: 'lead' }, networks: ['x', 'reddit'] },
      }),
    ]);
    const replay = await store.updateMember(opId(1), admin.id, bo.id, { role: 'lead' });
    expect(replay).toMatchObject({ duplicate: true, seq: m.seq });
    expect((await store.updateMember(opId(2), admin.id, bo.id, { networks: ['x', 'reddit'] })).seq).toBe(0);
    const listed = await store.listMembers();
    expect(listed.map((x) => [x.name, x.role, x.networks])).toEqual([
      ['Ana', 'admin', []],
      ['Bo', 'lead', ['x', 'reddit']],
    ]);
    // getMember stays the plain Member.
    expect(await store.getMember(bo.id)).toEqual({ ...bo, role: 'lead' });
  });

  it('refuses to leave the team without an admin, and unknown members, writing nothing', async () => {
    const admin = (await store.createMember('Ana', 'admin')).member;
    const head = await store.headSeq();
    const err = await store.updateMember(opId(1), admin.id, admin.id, { role: 'lead' }).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('LAST_ADMIN');
    expect((err as StoreError).message).toContain('Ana is the only admin');
    const unknown = await store.updateMember(opId(2), admin.id, 'mem_x', { role: 'lead' }).catch((e: unknown) => e);
    expect((unknown as StoreError).code).toBe('UNKNOWN_MEMBER');
    expect(await store.headSeq()).toBe(head);
    // With a second admin, the first may step down.
    const bo = (await store.createMember('Bo', 'agent')).member;
    await store.updateMember(opId(3), admin.id, bo.id, { role: 'admin' });
    expect((await store.updateMember(opId(4), admin.id, admin.id, { role: 'agent' })).value.role).toBe('agent');
  });
});
