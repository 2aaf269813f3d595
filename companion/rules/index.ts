/**
 * Inbox rules engine — the entry point for the companion.
 *
 * Rules are data (shared/rules: zod schemas, the rules file format, the event
 * type, the outcome types). This module compiles them and runs them; it stores
 * nothing, sends nothing and reads no clock: the caller applies the actions.
 *
 * ## Wiring it in (for the integrator)
 *
 * ```ts
 * import { compileRules, evaluate, followUpEvents, backTest, importRules, exportRules } from './rules/index.js';
 *
 * // 1. When the rules change (load, edit, import): parse and compile once.
 * const imported = importRules(fileText);            // { ok, ruleSet } | { ok: false, errors: string[] }
 * const compiled = compileRules(ruleSet.rules, { locale: 'sv' });
 *
 * // 2. On each event for an item (after the store committed it):
 * const event: RuleEvent = { type: 'item.captured', causedBy: [] };
 * //   or { type: 'reply.detected', memberId, causedBy: [] }
 * //   or { type: 'status.changed', from, to, causedBy: [] }
 * //   or { type: 'time.elapsed', from, to, causedBy: [] }     ← the no-reply sweep's window
 * const result = evaluate(compiled, event, item, {
 *   now: clock.now(),
 *   groups: { cs: ['mem_a', 'mem_b'] },            // group → members, rotation order
 *   unavailable: ['mem_b'],                        // away / offline
 *   state: { roundRobin, load },                   // kept by the companion
 *   lastResponderId,                               // who last replied on the thread
 * });
 * // result.actions: RuleAction[] in order — tag.add/remove, assign, priority.set,
 * //   status.set, snooze (until), alert (members, message, webhook {url, body}),
 * //   reply.suggest. Each has ruleId and because: Reason[] (which conditions, which keyword).
 * //   Apply them as events with `by: action.ruleId` (item.tagged …) in one transaction.
 * // result.trace: RuleTrace[] — keep it with the events so the UI can say why.
 * // result.state: persist result.state.roundRobin.
 *
 * // 3. Loop guard: after applying, evaluate the follow-up events it returns
 * //   (status changes made by rules, each with causedBy + the rule that made it).
 * for (const next of followUpEvents(event, result)) evaluate(compiled, next, updatedItem, context);
 *
 * // 4. Back-test before enabling: "would tag 37, assign 12".
 * const report = backTest(rules, capturedItems, { now, groups, state });
 *
 * // 5. Export: exportRules(rules, { exportedAt: clock.now() }) → JSON text.
 * ```
 *
 * ## What a rule means
 * - Rules run in ascending `order` (then id). Disabled rules never run (but are
 *   back-tested). `stopProcessing` on a matching rule stops later rules.
 * - Actions apply to a working copy of the item: a later rule sees an earlier
 *   rule's tags, status, priority and assignee. An action that changes nothing
 *   is not emitted (traced `no_change`).
 * - Loop guard: a rule never runs on an event whose `causedBy` holds its id.
 *   `causedBy` only grows along a chain of rule-made events, so a chain ends
 *   after at most one step per rule.
 * - Text: case- and accent-insensitive by default (shared/rules/text-normalise.ts);
 *   whole-word by token lookup, phrases and substrings by one Aho–Corasick
 *   automaton per fact (keyword-index.ts, aho-corasick.ts); regexes are statically checked and run with size and time
 *   guards (regex-guard.ts).
 * - `evaluate(..., { explain: true })` traces every rule with its condition tree
 *   (for "why did this rule not fire?"); the default traces rules that fired or
 *   were held back by the loop guard, and skips rules whose keywords are absent.
 */
export { compileRules } from './compile.js';
export type { CompileOptions, CompiledRules, CompiledRule } from './compile.js';
export { evaluate, followUpEvents, triggerMatches } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { backTest } from './back-test.js';
export type { BackTestOptions } from './back-test.js';
export { importRules, exportRules, parseRule } from './rule-json.js';
export type { ImportResult, RuleParseResult } from './rule-json.js';
export type { RuleContext } from './context.js';
export type { RuleItem } from './facts.js';
export { ahoCorasick, AhoCorasickMatcher } from './aho-corasick.js';
export type { PatternMatcher, PatternMatcherFactory } from './aho-corasick.js';
export { guardedRegexRunner } from './regex-guard.js';
export type { RegexRunner, RegexOutcome } from './regex-guard.js';
export type {
  AssignmentState,
  BackTestReport,
  EvaluationResult,
  Reason,
  Rule,
  RuleAction,
  RuleEvent,
  RuleSet,
  RuleTrace,
} from '../../shared/rules/index.js';
