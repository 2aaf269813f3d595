/**
 * What evaluate() needs from outside the rules, passed in so that evaluation
 * stays pure: the clock, the members that groups hold, who is away, the
 * round-robin and load state, and who last replied on the item's thread.
 */
import type { AssignmentState } from '../../shared/rules/index.js';

export interface RuleContext {
  /** Now: for age, snooze and the no-reply window. */
  now: Date | string;
  /** Group id → member ids, in rotation order (for round_robin and least_loaded). */
  groups?: Readonly<Record<string, readonly string[]>>;
  /** Members who must not get new items now (away, offline). A fixed `member` assignment still goes to them. */
  unavailable?: readonly string[];
  /** Rotation and open-item counts; evaluate returns the updated copy in `state`. */
  state?: AssignmentState;
  /** Who last replied on this item's thread (the companion looks it up), for `last_responder`. */
  lastResponderId?: string | null;
}

export const EMPTY_STATE: AssignmentState = Object.freeze({ roundRobin: {}, load: {} }) as AssignmentState;

export function nowMs(context: RuleContext): number {
  const t = context.now instanceof Date ? context.now.getTime() : Date.parse(context.now);
  if (!Number.isFinite(t)) throw new TypeError(`rules: context.now is not a time (${String(context.now)})`);
  return t;
}
