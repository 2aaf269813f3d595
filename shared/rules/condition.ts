/**
 * A rule's condition: a tree of `all` / `any` / `not` groups whose leaves test
 * one fact of the item. Leaves are told apart by `op`; each op accepts only the
 * facts it makes sense for.
 *
 * ```json
 * { "all": [
 *   { "op": "contains_any", "keywords": ["krossat", "broken", "łódź"] },
 *   { "not": { "op": "in", "fact": "platform", "values": ["reddit"] } },
 *   { "any": [
 *     { "op": "is", "fact": "author.verified" },
 *     { "op": "gte", "fact": "author.followers", "value": 10000 } ] } ] }
 * ```
 *
 * Groups are parsed by hand (dispatching on the key present) rather than as a
 * zod union, so that an error points at the field that is wrong, not at every
 * branch of the union.
 */
import { z } from 'zod';
import { ITEM_KINDS, ITEM_STATUSES, PLATFORMS, PRIORITIES, TagName } from '../model.js';
import { RULE_LIMITS } from './limits.js';
import { checkRegex } from './regex-safety.js';
import { SCRIPTS, tokenise } from './text-tokens.js';
import { normaliseText } from './text-normalise.js';

/** Facts that hold text and can be searched for keywords or a regex. */
export const TEXT_FACTS = ['text', 'author.name', 'author.handle'] as const;
export type TextFact = (typeof TEXT_FACTS)[number];

/** Facts that are true or false. */
export const BOOLEAN_FACTS = ['author.verified', 'has_link', 'only_emoji', 'assigned', 'answered'] as const;
export type BooleanFact = (typeof BOOLEAN_FACTS)[number];

/** Facts compared as numbers; `age_minutes` is measured from the site's timestamp (else capture time). */
export const NUMBER_FACTS = ['author.followers', 'age_minutes'] as const;
export type NumberFact = (typeof NUMBER_FACTS)[number];

/** Facts with one value, tested for membership in a list. */
export const SET_FACTS = [
  'platform',
  'kind',
  'profile',
  'language',
  'script',
  'status',
  'priority',
  'assignee',
  'author.handle',
] as const;
export type SetFact = (typeof SET_FACTS)[number];

/** For facts with a closed set of values, that set (checked at the edge). */
const CLOSED_VALUES: Partial<Record<SetFact, readonly string[]>> = {
  platform: PLATFORMS,
  kind: ITEM_KINDS,
  status: ITEM_STATUSES,
  priority: PRIORITIES,
  script: SCRIPTS,
};

/** A keyword must keep something to match once normalised: a letter, a digit or an emoji. */
export const Keyword = z
  .string()
  .min(1)
  .max(RULE_LIMITS.keyword)
  .refine((k) => tokenise(normaliseText(k)).length > 0, {
    message: 'has no letters, digits or emoji to match',
  });

const sensitivity = {
  /** `word` (default): whole words and phrases; `substring`: anywhere, also inside words. */
  match: z.enum(['word', 'substring']).default('word'),
  caseSensitive: z.boolean().default(false),
  accentSensitive: z.boolean().default(false),
};

export const KEYWORD_OPS = ['contains_any', 'contains_all', 'not_contains'] as const;
export type KeywordOp = (typeof KEYWORD_OPS)[number];

const keywordLeaf = <Op extends KeywordOp>(op: Op) =>
  z.strictObject({
    op: z.literal(op),
    fact: z.enum(TEXT_FACTS).default('text'),
    keywords: z.array(Keyword).min(1).max(RULE_LIMITS.keywordsPerCondition),
    ...sensitivity,
  });

export const RegexPattern = z.string().superRefine((source, ctx) => {
  const verdict = checkRegex(source);
  if (!verdict.ok) ctx.addIssue({ code: 'custom', message: verdict.reason });
});

const RegexLeaf = z.strictObject({
  op: z.literal('regex'),
  fact: z.enum(TEXT_FACTS).default('text'),
  pattern: RegexPattern,
  ignoreCase: z.boolean().default(true),
});

const IsLeaf = z.strictObject({
  op: z.literal('is'),
  fact: z.enum(BOOLEAN_FACTS),
  value: z.boolean().default(true),
});

const setLeaf = <Op extends 'in' | 'not_in'>(op: Op) =>
  z
    .strictObject({
      op: z.literal(op),
      fact: z.enum(SET_FACTS),
      values: z.array(z.string().min(1).max(256)).min(1).max(RULE_LIMITS.valuesPerCondition),
    })
    .superRefine((leaf, ctx) => {
      const allowed = CLOSED_VALUES[leaf.fact];
      if (!allowed) return;
      leaf.values.forEach((v, i) => {
        if (!allowed.includes(v))
          ctx.addIssue({
            code: 'custom',
            path: ['values', i],
            message: `"${v}" is not a ${leaf.fact}; use one of ${allowed.join(', ')}`,
          });
      });
    });

const compareLeaf = <Op extends 'gt' | 'gte' | 'lt' | 'lte'>(op: Op) =>
  z.strictObject({ op: z.literal(op), fact: z.enum(NUMBER_FACTS), value: z.number().finite() });

const tagsLeaf = <Op extends 'has_any' | 'has_all' | 'has_none'>(op: Op) =>
  z.strictObject({
    op: z.literal(op),
    fact: z.literal('tags').default('tags'),
    values: z.array(TagName).min(1).max(RULE_LIMITS.valuesPerCondition),
  });

/** Every leaf schema, by op. */
export const LEAF_SCHEMAS = {
  contains_any: keywordLeaf('contains_any'),
  contains_all: keywordLeaf('contains_all'),
  not_contains: keywordLeaf('not_contains'),
  regex: RegexLeaf,
  is: IsLeaf,
  in: setLeaf('in'),
  not_in: setLeaf('not_in'),
  gt: compareLeaf('gt'),
  gte: compareLeaf('gte'),
  lt: compareLeaf('lt'),
  lte: compareLeaf('lte'),
  has_any: tagsLeaf('has_any'),
  has_all: tagsLeaf('has_all'),
  has_none: tagsLeaf('has_none'),
} as const;
export type LeafOp = keyof typeof LEAF_SCHEMAS;
export const LEAF_OPS = Object.keys(LEAF_SCHEMAS) as LeafOp[];

type LeafSchemas = typeof LEAF_SCHEMAS;
export type LeafCondition = { [K in LeafOp]: z.output<LeafSchemas[K]> }[LeafOp];
export type LeafConditionInput = { [K in LeafOp]: z.input<LeafSchemas[K]> }[LeafOp];
export type KeywordCondition = z.output<LeafSchemas[KeywordOp]>;
export type RegexCondition = z.output<typeof RegexLeaf>;

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | LeafCondition;
export type ConditionInput =
  { all: ConditionInput[] } | { any: ConditionInput[] } | { not: ConditionInput } | LeafConditionInput;

const GROUP_KEYS = ['all', 'any', 'not'] as const;

function describeKeys(value: object): string {
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an empty object' : `an object with ${keys.map((k) => `"${k}"`).join(', ')}`;
}

function parseCondition(value: unknown, ctx: z.RefinementCtx, path: (string | number)[], depth: number): Condition {
  const fail = (message: string, at: (string | number)[] = path): Condition => {
    ctx.addIssue({ code: 'custom', message, path: at, input: value });
    return { all: [] };
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('a condition must be an object: {"all": […]}, {"any": […]}, {"not": {…}} or a test with "op"');
  if (depth > RULE_LIMITS.conditionDepth)
    return fail(`conditions are nested more than ${RULE_LIMITS.conditionDepth} deep`);
  const record = value as Record<string, unknown>;
  const group = GROUP_KEYS.filter((k) => k in record);
  if (group.length > 0) {
    const key = group[0]!;
    const extra = Object.keys(record).filter((k) => k !== key);
    if (extra.length > 0)
      return fail(
        `a "${key}" group holds nothing else; move ${extra.map((k) => `"${k}"`).join(', ')} into a condition`,
      );
    const inner = record[key];
    if (key === 'not') return { not: parseCondition(inner, ctx, [...path, 'not'], depth + 1) };
    if (!Array.isArray(inner)) return fail(`"${key}" must be a list of conditions`, [...path, key]);
    if (key === 'any' && inner.length === 0) return fail('"any" needs at least one condition', [...path, key]);
    const children = inner.map((c, i) => parseCondition(c, ctx, [...path, key, i], depth + 1));
    return key === 'all' ? { all: children } : { any: children };
  }
  if (!('op' in record)) return fail(`a condition needs "all", "any", "not" or "op"; this is ${describeKeys(record)}`);
  const op = record.op;
  const schema = typeof op === 'string' && Object.hasOwn(LEAF_SCHEMAS, op) ? LEAF_SCHEMAS[op as LeafOp] : undefined;
  if (!schema) return fail(`"op" must be one of ${LEAF_OPS.join(', ')} (got ${JSON.stringify(op)})`, [...path, 'op']);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ ...issue, path: [...path, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    return { all: [] };
  }
  return parsed.data as LeafCondition;
}

function countNodes(c: Condition): number {
  if ('all' in c) return 1 + c.all.reduce((n, x) => n + countNodes(x), 0);
  if ('any' in c) return 1 + c.any.reduce((n, x) => n + countNodes(x), 0);
  if ('not' in c) return 1 + countNodes(c.not);
  return 1;
}

/** The condition tree, parsed from untrusted JSON with errors that name the wrong field. */
export const Condition: z.ZodType<Condition, ConditionInput> = z.unknown().transform((value, ctx) => {
  const parsed = parseCondition(value, ctx, [], 1);
  const nodes = countNodes(parsed);
  if (nodes > RULE_LIMITS.conditionsPerRule)
    ctx.addIssue({
      code: 'custom',
      message: `this rule has ${nodes} conditions; at most ${RULE_LIMITS.conditionsPerRule} are allowed`,
    });
  return parsed;
}) as unknown as z.ZodType<Condition, ConditionInput>;

export function isGroup(c: Condition): c is { all: Condition[] } | { any: Condition[] } | { not: Condition } {
  return 'all' in c || 'any' in c || 'not' in c;
}

/** Keyword leaves of a tree, each with its path (for limits and tooling). */
export function keywordLeaves(c: Condition, path = 'when'): { path: string; leaf: KeywordCondition }[] {
  if ('all' in c) return c.all.flatMap((x, i) => keywordLeaves(x, `${path}.all[${i}]`));
  if ('any' in c) return c.any.flatMap((x, i) => keywordLeaves(x, `${path}.any[${i}]`));
  if ('not' in c) return keywordLeaves(c.not, `${path}.not`);
  return c.op === 'contains_any' || c.op === 'contains_all' || c.op === 'not_contains' ? [{ path, leaf: c }] : [];
}
