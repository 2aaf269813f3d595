/**
 * Bounds on rule data. Rule JSON is untrusted input (it is imported from files
 * and edited in the extension), so everything that can grow is capped here and
 * enforced by the schemas in this folder.
 */
export const RULE_LIMITS = {
  /** Rules in one rule set. */
  rules: 5_000,
  /** Characters in a rule id (`[A-Za-z0-9_.:-]`). */
  ruleId: 64,
  /** Characters in a rule's name. */
  name: 120,
  /** Characters in a rule's description. */
  description: 1_000,
  /** Keywords in one condition. */
  keywordsPerCondition: 5_000,
  /** Keywords across a whole rule set (what one compiled matcher holds). */
  keywordsPerRuleSet: 200_000,
  /** Characters in one keyword. */
  keyword: 200,
  /** Characters in a regular expression's source. */
  regex: 200,
  /** Characters of text a regular expression is run on (the rest is not searched). */
  regexInput: 2_000,
  /**
   * Milliseconds one regular expression may run before it is stopped and counts as "no match".
   * Wall-clock time: it must leave room for a busy machine, not only for the regex.
   */
  regexTimeoutMs: 50,
  /** Nesting of all/any/not groups. */
  conditionDepth: 8,
  /** Conditions (groups and leaves) in one rule. */
  conditionsPerRule: 200,
  /** Values in an `in` / `has_any` list. */
  valuesPerCondition: 1_000,
  /** Actions in one rule. */
  actionsPerRule: 20,
  /** Characters in an alert's message template. */
  alertMessage: 500,
  /** Characters of a rules file accepted by import. */
  importBytes: 10_000_000,
} as const;
