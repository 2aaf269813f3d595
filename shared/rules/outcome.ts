/**
 * What evaluating rules produces: concrete actions, each saying which rule and
 * which conditions made it, and a trace per rule, so the UI can explain a tag
 * ("CS - damaged: rule Broken parcel, when.all[0] found `krossat`") and a
 * back-test can be read. Schemas, because traces and reports cross the wire.
 */
import { z } from 'zod';
import { IsoTime, ItemStatus, Priority } from '../model.js';
import { LEAF_OPS } from './condition.js';
import type { LeafOp } from './condition.js';

const Primitive = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One condition that held and so is part of why a rule matched. */
export const Reason = z.object({
  /** Where in the rule: `when`, `when.all[0]`, `when.any[1].not`. */
  path: z.string(),
  /** The leaf's op, or `not` for a negated group that held because its inner condition did not. */
  op: z.union([z.enum(LEAF_OPS as [LeafOp, ...LeafOp[]]), z.literal('not')]),
  fact: z.string().optional(),
  /** Keyword conditions: the keyword as written in the rule … */
  keyword: z.string().optional(),
  /** … and what it matched in the item, normalised. */
  found: z.string().optional(),
  /** Regex conditions: the matched text (first 80 characters). */
  match: z.string().optional(),
  /** Other conditions: the fact's value. */
  value: z.union([Primitive, z.array(z.string())]).optional(),
});
export type Reason = z.infer<typeof Reason>;

const by = { ruleId: z.string(), because: z.array(Reason) };

/** Slack-compatible incoming-webhook JSON (also accepted by Mattermost, Rocket.Chat, Discord's /slack endpoint). */
export const SlackPayload = z.object({
  text: z.string(),
  blocks: z.array(
    z.object({ type: z.literal('section'), text: z.object({ type: z.literal('mrkdwn'), text: z.string() }) }),
  ),
  unfurl_links: z.boolean(),
  unfurl_media: z.boolean(),
});
export type SlackPayload = z.infer<typeof SlackPayload>;

export const ASSIGN_STRATEGIES = ['member', 'round_robin', 'least_loaded', 'last_responder', 'unassign'] as const;

/** A concrete change or side effect for the companion to carry out, in order. */
export const RuleAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tag.add'), tag: z.string(), ...by }),
  z.object({ type: z.literal('tag.remove'), tag: z.string(), ...by }),
  z.object({
    type: z.literal('assign'),
    /** null: unassign. */
    memberId: z.string().nullable(),
    from: z.string().nullable(),
    strategy: z.enum(ASSIGN_STRATEGIES),
    group: z.string().optional(),
    ...by,
  }),
  z.object({ type: z.literal('priority.set'), priority: Priority, from: Priority, ...by }),
  z.object({ type: z.literal('status.set'), status: ItemStatus, from: ItemStatus, ...by }),
  z.object({ type: z.literal('snooze'), until: IsoTime, from: ItemStatus, ...by }),
  z.object({
    type: z.literal('alert'),
    members: z.array(z.string()),
    message: z.string(),
    webhook: z.object({ url: z.string(), body: SlackPayload }).optional(),
    ...by,
  }),
  z.object({ type: z.literal('reply.suggest'), savedReplyIds: z.array(z.string()), ...by }),
]);
export type RuleAction = z.infer<typeof RuleAction>;

export interface ConditionTrace {
  path: string;
  op: 'all' | 'any' | 'not' | LeafOp;
  fact?: string;
  result: boolean;
  /** Keywords found, regex match, the fact's value, or why the test could not run. */
  evidence?: {
    keywords?: { keyword: string; found: string }[];
    match?: string;
    value?: z.infer<typeof Primitive> | string[];
    error?: string;
  };
  /** Children that were evaluated (evaluation stops at the first child that decides a group). */
  children?: ConditionTrace[];
}
export const ConditionTrace: z.ZodType<ConditionTrace> = z.lazy(() =>
  z.object({
    path: z.string(),
    op: z.union([z.enum(['all', 'any', 'not']), z.enum(LEAF_OPS as [LeafOp, ...LeafOp[]])]),
    fact: z.string().optional(),
    result: z.boolean(),
    evidence: z
      .object({
        keywords: z.array(z.object({ keyword: z.string(), found: z.string() })).optional(),
        match: z.string().optional(),
        value: z.union([Primitive, z.array(z.string())]).optional(),
        error: z.string().optional(),
      })
      .optional(),
    children: z.array(ConditionTrace).optional(),
  }),
);

export const SKIP_REASONS = ['disabled', 'other_event', 'loop_guard', 'stopped'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** What happened to one of the rule's actions when it fired. */
export const ActionTrace = z.object({
  /** Position in the rule's `actions`. */
  index: z.number().int().nonnegative(),
  type: z.string(),
  /** `applied`: it produced outcome.actions[actionIndex]; `no_change`: the item already was so; `no_member`: nobody to assign. */
  result: z.enum(['applied', 'no_change', 'no_member']),
  actionIndex: z.number().int().nonnegative().optional(),
  /** For `no_change` and `no_member`: why, in plain words. */
  note: z.string().optional(),
});
export type ActionTrace = z.infer<typeof ActionTrace>;

export const RuleTrace = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  order: z.number(),
  outcome: z.enum(['fired', 'no_match', 'skipped']),
  skipped: z.enum(SKIP_REASONS).optional(),
  /** Fired: the conditions that made it match. */
  because: z.array(Reason),
  /** The whole evaluated condition tree (only when asked to explain). */
  condition: ConditionTrace.optional(),
  actions: z.array(ActionTrace),
  /** This rule fired with stop-processing: later rules did not run. */
  stoppedProcessing: z.boolean(),
});
export type RuleTrace = z.infer<typeof RuleTrace>;

/** Round-robin and load after an evaluation; the companion keeps `roundRobin` for the next one. */
export const AssignmentState = z.object({
  /** group → member the group's rotation gave the last item to. */
  roundRobin: z.record(z.string(), z.string()),
  /** member → open items assigned. */
  load: z.record(z.string(), z.number()),
});
export type AssignmentState = z.infer<typeof AssignmentState>;

export const EvaluationResult = z.object({
  actions: z.array(RuleAction),
  trace: z.array(RuleTrace),
  state: AssignmentState,
});
export type EvaluationResult = z.infer<typeof EvaluationResult>;

const Counts = { matched: z.number().int(), wouldTag: z.number().int(), wouldAssign: z.number().int() };

/** "Would tag 37, assign 12": a rule set replayed over captured items, changing nothing. */
export const BackTestReport = z.object({
  items: z.number().int(),
  /** Items on which at least one rule fired … */
  ...Counts,
  /** … and items that would get a tag they lack / a different assignee. */
  perRule: z.record(
    z.string(),
    z.object({
      name: z.string(),
      ...Counts,
      /** tag → items that would get it from this rule. */
      tags: z.record(z.string(), z.number().int()),
      /** member (or "unassigned") → items this rule would give them. */
      assignees: z.record(z.string(), z.number().int()),
    }),
  ),
  /** The first matched items, to read. */
  samples: z.array(
    z.object({
      itemKey: z.string(),
      text: z.string(),
      rules: z.array(z.string()),
      actions: z.array(RuleAction),
    }),
  ),
});
export type BackTestReport = z.infer<typeof BackTestReport>;
