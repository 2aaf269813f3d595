/**
 * What the member may do from the side panel, from their permissions and
 * networks (shared/permissions.ts; a companion older than roles sends
 * neither, read as the role's defaults). The panel hides what they cannot
 * do; the companion still decides, and its refusals are shown.
 */
import type { Item, Platform } from '../../../shared/model';
import { accessOf, worksOn, type MemberWithAccess } from '../../../shared/permissions';

export interface PanelAccess {
  /** items.edit: any change at all (viewers: none). */
  edit: boolean;
  /** tags.create: the tag picker may offer "Create …". */
  createTags: boolean;
  /** items.assignOthers: assign teammates, and change a teammate's assignment. */
  assignOthers: boolean;
  /** rules.edit: share views with the team, and change or delete shared views (team settings). */
  shareViews: boolean;
  /** The platforms the member works on (empty: all). */
  networks: readonly Platform[];
}

/**
 * Unpaired (no member yet): nothing is hidden; changes wait in the outbox like any other. Sharing a
 * view is the exception: it needs the companion there and then, so it waits for pairing.
 */
export const FULL_PANEL_ACCESS: PanelAccess = {
  edit: true,
  createTags: true,
  assignOthers: true,
  shareViews: false,
  networks: [],
};

export function panelAccess(member: MemberWithAccess | null): PanelAccess {
  if (!member) return FULL_PANEL_ACCESS;
  const { permissions, networks } = accessOf(member);
  const edit = permissions.includes('items.edit');
  return {
    edit,
    createTags: edit && permissions.includes('tags.create'),
    assignOthers: edit && permissions.includes('items.assignOthers'),
    shareViews: edit && permissions.includes('rules.edit'),
    networks,
  };
}

export interface Allowed {
  items: Item[];
  /** Left out: on a platform outside the member's networks. */
  outside: number;
  /** Left out: assigned to a teammate, and the member may not reassign. */
  teammates: number;
}

/**
 * The targets an action may change. `assign` also leaves out items that are a
 * teammate's when the member lacks items.assignOthers (the companion would refuse them).
 */
export function allowedTargets(
  items: readonly Item[],
  access: PanelAccess,
  meId: string | null,
  action: 'change' | 'assign',
): Allowed {
  if (!access.edit) return { items: [], outside: 0, teammates: 0 };
  let outside = 0;
  let teammates = 0;
  const ok: Item[] = [];
  for (const item of items) {
    if (!worksOn({ networks: access.networks }, item.platform)) outside++;
    else if (action === 'assign' && !access.assignOthers && item.assigneeId !== null && item.assigneeId !== meId)
      teammates++;
    else ok.push(item);
  }
  return { items: ok, outside, teammates };
}
