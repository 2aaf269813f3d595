import { describe, expect, it } from 'vitest';
import {
  MemberWithAccess,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  accessOf,
  can,
  memberAccess,
  networkRefusal,
  refusalMessage,
  whoCan,
  worksOn,
} from './permissions.js';

const ana = { id: 'mem_a', name: 'Ana', role: 'agent' as const, createdAt: '2026-01-01T00:00:00.000Z' };

describe('the permission matrix', () => {
  it('gives admins everything, leads all but members.manage, agents items.edit, viewers nothing', () => {
    expect(ROLE_PERMISSIONS.admin).toEqual(PERMISSIONS);
    expect(ROLE_PERMISSIONS.lead).toEqual(PERMISSIONS.filter((p) => p !== 'members.manage'));
    expect(ROLE_PERMISSIONS.agent).toEqual(['items.edit']);
    expect(ROLE_PERMISSIONS.viewer).toEqual([]);
    expect(can({ role: 'lead' }, 'tags.create')).toBe(true);
    expect(can({ role: 'agent' }, 'items.assignOthers')).toBe(false);
  });

  it('says who can, in plain words', () => {
    expect(whoCan('tags.create')).toBe('leads and admins');
    expect(whoCan('members.manage')).toBe('admins');
    expect(whoCan('items.edit')).toBe('agents, leads and admins');
    expect(refusalMessage('tags.create', 'create new tags', 'pick one from the list')).toBe(
      'Only leads and admins can create new tags — pick one from the list',
    );
    expect(refusalMessage('rules.edit', 'edit rules')).toBe('Only leads and admins can edit rules.');
    expect(refusalMessage('items.edit', 'change anything')).toMatch(/^Viewers cannot change anything/);
  });

  it('reads networks: empty means every platform', () => {
    expect(worksOn({ networks: [] }, 'tiktok')).toBe(true);
    expect(worksOn({ networks: ['x', 'linkedin'] }, 'tiktok')).toBe(false);
    expect(networkRefusal({ networks: ['x', 'linkedin'] }, 'youtube')).toBe(
      'You work on X and LinkedIn only: ask an admin to add YouTube to your networks.',
    );
    expect(memberAccess(ana, ['reddit', 'x'])).toEqual({
      ...ana,
      networks: ['x', 'reddit'],
      permissions: ['items.edit'],
    });
  });

  it('reads a member from a companion that sends no access as all networks and the role’s permissions', () => {
    const plain = MemberWithAccess.parse(ana);
    expect(plain).toEqual(ana);
    expect(accessOf(plain)).toEqual({ networks: [], permissions: ['items.edit'] });
    expect(accessOf(memberAccess({ ...ana, role: 'viewer' }, ['x']))).toEqual({ networks: ['x'], permissions: [] });
  });
});
