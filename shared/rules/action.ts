/**
 * What a rule does when it matches, in order. These are the instructions as
 * written in the rule; evaluation turns them into concrete `RuleAction`s
 * (outcome.ts): which tag, which member, which time.
 */
import { z } from 'zod';
import { HttpUrl, ItemStatus, Priority, TagName } from '../model.js';
import { RULE_LIMITS } from './limits.js';
import { SavedReplyId } from '../replies/saved-reply.js';

const MemberId = z.string().min(1).max(128);
const GroupId = z.string().min(1).max(128);

/** Who gets an item. `group` names a list of members the companion passes in at evaluation. */
export const AssignTarget = z.discriminatedUnion(
  'strategy',
  [
    z.strictObject({ strategy: z.literal('member'), memberId: MemberId }),
    /** The next member of the group after the one this group gave the last item to. */
    z.strictObject({ strategy: z.literal('round_robin'), group: GroupId }),
    /** The member of the group with the fewest open items (ties: group order). */
    z.strictObject({ strategy: z.literal('least_loaded'), group: GroupId }),
    z.strictObject({ strategy: z.literal('unassign') }),
  ],
  { error: '"strategy" must be one of member, round_robin, least_loaded, unassign' },
);
export type AssignTarget = z.infer<typeof AssignTarget>;

/** The member who last replied in this thread; else `fallback`, if given. */
const LastResponder = z.strictObject({
  strategy: z.literal('last_responder'),
  fallback: AssignTarget.optional(),
});

export const AssignStrategy = z.discriminatedUnion('strategy', [...AssignTarget.options, LastResponder], {
  error: '"strategy" must be one of member, round_robin, least_loaded, last_responder, unassign',
});
export type AssignStrategy = z.infer<typeof AssignStrategy>;

const tagList = z.array(TagName).min(1).max(50);

export const RuleActionSpec = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('tag.add'), tags: tagList }),
    z.strictObject({ type: z.literal('tag.remove'), tags: tagList }),
    z.strictObject({ type: z.literal('assign'), to: AssignStrategy }),
    z.strictObject({ type: z.literal('priority.set'), priority: Priority }),
    z.strictObject({ type: z.literal('status.set'), status: ItemStatus }),
    /** Status `pending` until now + minutes. */
    z.strictObject({
      type: z.literal('snooze'),
      minutes: z
        .number()
        .int()
        .min(1)
        .max(60 * 24 * 366),
    }),
    /**
     * A desktop notification to `members` and, optionally, a POST of
     * Slack-compatible JSON to `webhook.url`. `message` may use {{rule}},
     * {{platform}}, {{kind}}, {{author}}, {{handle}}, {{text}}, {{permalink}}, {{tags}}.
     */
    z
      .strictObject({
        type: z.literal('alert'),
        members: z.array(MemberId).max(100).default([]),
        message: z.string().min(1).max(RULE_LIMITS.alertMessage).optional(),
        webhook: z.strictObject({ url: HttpUrl }).optional(),
      })
      .refine((a) => a.members.length > 0 || a.webhook !== undefined, {
        message: 'an alert needs at least one member or a webhook',
      }),
    z.strictObject({
      type: z.literal('reply.suggest'),
      savedReplyIds: z.array(SavedReplyId).min(1).max(20),
    }),
  ],
  {
    error: '"type" must be one of tag.add, tag.remove, assign, priority.set, status.set, snooze, alert, reply.suggest',
  },
);
export type RuleActionSpec = z.infer<typeof RuleActionSpec>;
export type RuleActionSpecInput = z.input<typeof RuleActionSpec>;
export type RuleActionType = RuleActionSpec['type'];
