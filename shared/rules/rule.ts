/**
 * An inbox rule and the rules file format.
 *
 * ```json
 * { "id": "broken-parcel", "name": "Broken parcel → CS", "order": 10,
 *   "on": { "event": "item.captured" },
 *   "when": { "op": "contains_any", "keywords": ["krossat", "broken", "zepsuty"] },
 *   "actions": [ { "type": "tag.add", "tags": ["CS - damaged"] },
 *                { "type": "assign", "to": { "strategy": "round_robin", "group": "cs" } } ],
 *   "stopProcessing": false, "enabled": true }
 * ```
 */
import { z } from 'zod';
import { IsoTime, ItemStatus } from '../model.js';
import { RuleActionSpec } from './action.js';
import { Condition, keywordLeaves } from './condition.js';
import { RULE_LIMITS } from './limits.js';

/**
 * The event a rule runs on. `no_reply` runs when an item has waited `minutes`
 * with no reply of ours (the companion's sweep sends `time.elapsed` events).
 */
export const RuleTrigger = z.discriminatedUnion(
  'event',
  [
    z.strictObject({ event: z.literal('item.captured') }),
    z.strictObject({ event: z.literal('reply.detected') }),
    /** `to`: only changes into one of these statuses (default: any change). */
    z.strictObject({ event: z.literal('status.changed'), to: z.array(ItemStatus).min(1).optional() }),
    z.strictObject({
      event: z.literal('no_reply'),
      minutes: z
        .number()
        .int()
        .min(1)
        .max(60 * 24 * 366),
    }),
  ],
  { error: '"event" must be one of item.captured, reply.detected, status.changed, no_reply' },
);
export type RuleTrigger = z.infer<typeof RuleTrigger>;
export type RuleTriggerEvent = RuleTrigger['event'];

export const RuleId = z
  .string()
  .min(1)
  .max(RULE_LIMITS.ruleId)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may hold only letters A–Z, digits and _ . : -');

export const Rule = z.strictObject({
  id: RuleId,
  name: z.string().trim().min(1).max(RULE_LIMITS.name),
  description: z.string().max(RULE_LIMITS.description).optional(),
  on: RuleTrigger,
  /** Absent: the rule matches every item its event brings. */
  when: Condition.optional(),
  actions: z.array(RuleActionSpec).min(1).max(RULE_LIMITS.actionsPerRule),
  /** Rules run in ascending order (ties: id). */
  order: z.number().int().min(-1_000_000).max(1_000_000),
  enabled: z.boolean().default(true),
  /** When this rule matches, no later rule runs on this event. */
  stopProcessing: z.boolean().default(false),
});
export type Rule = z.output<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

export const RULESET_FORMAT = 'inlay.rules';
/** Bump on a breaking change to the rules file; import then says which version it reads. */
export const RULESET_VERSION = 1;

function checkUniqueIds(rules: readonly { id: string }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  rules.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first === undefined) seen.set(r.id, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: ['rules', i, 'id'],
        message: `"${r.id}" is also the id of rules[${first}]`,
      });
  });
}

/** The export format: a versioned envelope around the rules. */
export const RuleSet = z
  .strictObject({
    format: z.literal(RULESET_FORMAT),
    version: z.literal(RULESET_VERSION),
    exportedAt: IsoTime.optional(),
    rules: z.array(Rule).max(RULE_LIMITS.rules),
  })
  .superRefine((set, ctx) => {
    checkUniqueIds(set.rules, ctx);
    const keywords = set.rules.reduce(
      (n, r) => n + (r.when ? keywordLeaves(r.when).reduce((m, k) => m + k.leaf.keywords.length, 0) : 0),
      0,
    );
    if (keywords > RULE_LIMITS.keywordsPerRuleSet)
      ctx.addIssue({
        code: 'custom',
        path: ['rules'],
        message: `these rules hold ${keywords} keywords; at most ${RULE_LIMITS.keywordsPerRuleSet} are allowed`,
      });
  });
export type RuleSet = z.output<typeof RuleSet>;
export type RuleSetInput = z.input<typeof RuleSet>;
