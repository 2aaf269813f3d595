/**
 * Roles and what they may do: one matrix, read by the companion (every
 * request is checked against it in the router) and by the extension (which
 * hides what a member cannot do). A member's permissions come from their
 * role; `networks` says which platforms they work on (empty: all).
 */
import { z } from 'zod';
import { Member, PLATFORMS, Platform, ROLES, type Role } from './model.js';

export const PERMISSIONS = [
  /** Change items (capture, status, priority, tags that exist, assign to self), record replies, save profiles. */
  'items.edit',
  /** Create new tags, and rename, merge, recolour, describe, archive and unarchive tags. */
  'tags.create',
  'rules.edit',
  'replies.editShared',
  /** Assign items to someone else, or take them off a teammate. */
  'items.assignOthers',
  'reports.export',
  /** Change members' roles and networks. */
  'members.manage',
] as const;
export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

/** The permission matrix. Viewers are read-only. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  lead: PERMISSIONS.filter((p) => p !== 'members.manage'),
  agent: ['items.edit'],
  viewer: [],
};

export function permissionsOf(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A member with the platforms they work on (empty: all) and their effective permissions, as the companion sends them. */
export const MemberAccess = Member.extend({
  networks: z.array(Platform),
  permissions: z.array(Permission),
});
export type MemberAccess = z.infer<typeof MemberAccess>;

/**
 * How clients read a member from `me`, `members.list` and `member.update`:
 * a companion from before roles had networks sends neither field, which
 * `accessOf` reads as every network and the role's permissions.
 */
export const MemberWithAccess = MemberAccess.partial({ networks: true, permissions: true });
export type MemberWithAccess = z.infer<typeof MemberWithAccess>;

export function accessOf(m: MemberWithAccess): { networks: Platform[]; permissions: Permission[] } {
  return { networks: m.networks ?? [], permissions: m.permissions ?? permissionsOf(m.role) };
}

export function memberAccess(member: Member, networks: readonly Platform[]): MemberAccess {
  return {
    id: member.id,
    name: member.name,
    role: member.role,
    createdAt: member.createdAt,
    networks: PLATFORMS.filter((p) => networks.includes(p)),
    permissions: permissionsOf(member.role),
  };
}

export function can(member: { role: Role }, permission: Permission): boolean {
  return roleCan(member.role, permission);
}

/** Whether the member works on `platform` (an empty list means every platform). */
export function worksOn(member: { networks: readonly Platform[] }, platform: Platform): boolean {
  return member.networks.length === 0 || member.networks.includes(platform);
}

export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  x: 'X',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  instagram: 'Instagram',
  facebook: 'Facebook',
  tiktok: 'TikTok',
  reddit: 'Reddit',
};

const ROLE_PLURAL: Readonly<Record<Role, string>> = {
  admin: 'admins',
  lead: 'leads',
  agent: 'agents',
  viewer: 'viewers',
};

/** `a`, `a and b`, `a, b and c`. */
export function listInWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** Who has a permission, in words: `leads and admins`. */
export function whoCan(permission: Permission): string {
  const roles = [...ROLES].reverse().filter((r) => roleCan(r, permission));
  return roles.length === 0 ? 'nobody' : listInWords(roles.map((r) => ROLE_PLURAL[r]));
}

/** A refusal in plain words: what is not allowed, and who can. `action` reads after "can": `rename tags`. */
export function refusalMessage(permission: Permission, action: string, next?: string): string {
  if (permission === 'items.edit') return 'Viewers cannot change anything: ask an admin for the agent role.';
  return `Only ${whoCan(permission)} can ${action}${next ? ` — ${next}` : '.'}`;
}

/** Why a member outside a platform's network is refused, in plain words. */
export function networkRefusal(member: { networks: readonly Platform[] }, platform: Platform): string {
  const names = listInWords(member.networks.map((p) => PLATFORM_NAMES[p]));
  return `You work on ${names} only: ask an admin to add ${PLATFORM_NAMES[platform]} to your networks.`;
}
