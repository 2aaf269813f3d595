/**
 * The event a rule set is evaluated on, for one item. The companion builds it
 * from its event log (captured, reply detected, status changed) or from the
 * no-reply sweep (time elapsed).
 *
 * Loop guard: `causedBy` lists the rules whose actions led to this event, for
 * this item. A rule in `causedBy` does not run on it. When the companion applies
 * an action of rule R and that produces a new event (a status change), the new
 * event's `causedBy` is the old one plus R — `followUpEvents` in
 * companion/rules builds them. Since the list only grows along a chain, every
 * chain of rule-made events ends after at most one step per rule.
 */
import { z } from 'zod';
import { IsoTime, ItemStatus } from '../model.js';
import { RULE_LIMITS } from './limits.js';
import { RuleId } from './rule.js';

const causedBy = z.array(RuleId).max(RULE_LIMITS.rules).default([]);

export const RuleEvent = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('item.captured'), causedBy }),
    /** Our reply was seen; `memberId` is who was at the keyboard, if known. */
    z.strictObject({ type: z.literal('reply.detected'), memberId: z.string().nullable().default(null), causedBy }),
    z.strictObject({ type: z.literal('status.changed'), from: ItemStatus, to: ItemStatus, causedBy }),
    /**
     * The no-reply sweep covered (from, to]. A `no_reply` rule of N minutes runs
     * on an unanswered item when max(waiting since + N, captured at) falls in that
     * window — once per threshold if the sweeps' windows tile time.
     */
    z.strictObject({ type: z.literal('time.elapsed'), from: IsoTime, to: IsoTime, causedBy }),
  ],
  { error: '"type" must be one of item.captured, reply.detected, status.changed, time.elapsed' },
);
export type RuleEvent = z.output<typeof RuleEvent>;
export type RuleEventInput = z.input<typeof RuleEvent>;
