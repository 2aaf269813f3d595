/**
 * Choosing whom an `assign` action gives the item to. Pure: the groups, who is
 * away, the rotation and the loads come in; the choice goes out, and the caller
 * records it in the state only if the assignment is applied.
 */
import type { AssignStrategy, AssignmentState } from '../../shared/rules/index.js';
import type { RuleAction } from '../../shared/rules/index.js';

type Assign = Extract<RuleAction, { type: 'assign' }>;

export interface AssignEnv {
  groups: Readonly<Record<string, readonly string[]>>;
  unavailable: ReadonlySet<string>;
  state: AssignmentState;
  lastResponderId: string | null;
}

export type AssigneeChoice =
  { ok: true; memberId: string | null; strategy: Assign['strategy']; group?: string } | { ok: false; why: string };

function groupMembers(env: AssignEnv, group: string): readonly string[] {
  return env.groups[group] ?? [];
}

/** The next available member after the one the group's rotation last gave an item to. */
export function nextInRotation(env: AssignEnv, group: string): string | null {
  const members = groupMembers(env, group);
  if (members.length === 0) return null;
  const last = env.state.roundRobin[group];
  const start = last === undefined ? 0 : members.indexOf(last) + 1;
  for (let k = 0; k < members.length; k++) {
    const m = members[(start + k) % members.length]!;
    if (!env.unavailable.has(m)) return m;
  }
  return null;
}

/** The available member with the fewest open items; ties go to the earlier one in the group. */
export function leastLoaded(env: AssignEnv, group: string): string | null {
  let best: string | null = null;
  let bestLoad = Infinity;
  for (const m of groupMembers(env, group)) {
    if (env.unavailable.has(m)) continue;
    const load = env.state.load[m] ?? 0;
    if (load < bestLoad) {
      best = m;
      bestLoad = load;
    }
  }
  return best;
}

function nobody(env: AssignEnv, group: string): AssigneeChoice {
  return groupMembers(env, group).length === 0
    ? { ok: false, why: `group "${group}" has no members` }
    : { ok: false, why: `nobody in group "${group}" is available` };
}

export function chooseAssignee(to: AssignStrategy, env: AssignEnv): AssigneeChoice {
  switch (to.strategy) {
    case 'member':
      return { ok: true, memberId: to.memberId, strategy: 'member' };
    case 'unassign':
      return { ok: true, memberId: null, strategy: 'unassign' };
    case 'round_robin': {
      const m = nextInRotation(env, to.group);
      return m ? { ok: true, memberId: m, strategy: 'round_robin', group: to.group } : nobody(env, to.group);
    }
    case 'least_loaded': {
      const m = leastLoaded(env, to.group);
      return m ? { ok: true, memberId: m, strategy: 'least_loaded', group: to.group } : nobody(env, to.group);
    }
    case 'last_responder': {
      const m = env.lastResponderId;
      if (m && !env.unavailable.has(m)) return { ok: true, memberId: m, strategy: 'last_responder' };
      if (to.fallback) return chooseAssignee(to.fallback, env);
      return { ok: false, why: m ? `the last responder (${m}) is not available` : 'nobody has replied on this thread' };
    }
  }
}

/** The state after `memberId` takes the item from `from` (rotation moves only for round-robin). */
export function recordAssignment(
  state: AssignmentState,
  choice: Extract<AssigneeChoice, { ok: true }>,
  from: string | null,
): AssignmentState {
  const load = { ...state.load };
  if (from !== null && load[from] !== undefined) load[from] = Math.max(0, load[from]! - 1);
  if (choice.memberId !== null) load[choice.memberId] = (load[choice.memberId] ?? 0) + 1;
  const roundRobin =
    choice.strategy === 'round_robin' && choice.group !== undefined && choice.memberId !== null
      ? { ...state.roundRobin, [choice.group]: choice.memberId }
      : state.roundRobin;
  return { roundRobin, load };
}
