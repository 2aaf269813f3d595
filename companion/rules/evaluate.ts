/**
 * evaluate(compiled, event, item, context): run a compiled rule set on one
 * item for one event. Pure: the clock, groups, rotation and loads come in with
 * the context; actions, a trace and the new assignment state go out; nothing is
 * written anywhere. (The compiled rules hold scratch buffers that are reset by
 * each call; evaluation is synchronous, so calls never interleave.)
 *
 * Order: rules run by `order`, then id. A rule runs when it is enabled, its
 * trigger matches the event, it is not in the event's `causedBy` (loop guard),
 * and no earlier matching rule had `stopProcessing`. Its actions apply to a
 * working copy of the item, so later rules see earlier rules' tags, status,
 * priority and assignee.
 */
import type {
  EvaluationResult,
  Reason,
  RuleAction,
  RuleEvent,
  RuleTrace,
  RuleTrigger,
} from '../../shared/rules/index.js';
import { applyRuleActions } from './apply-actions.js';
import type { AssignEnv } from './assign.js';
import type { CompiledRule, CompiledRules } from './compile.js';
import { explain, holds } from './condition-eval.js';
import type { ConditionEnv } from './condition-eval.js';
import { EMPTY_STATE, nowMs } from './context.js';
import type { RuleContext } from './context.js';
import { ItemFacts, waitingSince } from './facts.js';
import type { RuleItem } from './facts.js';

export interface EvaluateOptions {
  /**
   * Trace every rule — disabled, other event, no match, stopped — with its whole
   * condition tree. Without it the trace holds the rules that fired and the rules
   * the loop guard held back, and rules that cannot match are not looked at.
   */
  explain?: boolean;
}

/** Internal: back-tests judge each rule's trigger on the item as it is, instead of against an event. */
export interface RunMode extends EvaluateOptions {
  backTest?: boolean;
}

const NOBODY: ReadonlySet<string> = new Set();

function minutes(n: number): number {
  return n * 60_000;
}

function unanswered(item: RuleItem): boolean {
  return (item.repliedAt === null || item.repliedAt === undefined) && item.status !== 'done';
}

/** Does the rule's trigger match this event for this item? */
export function triggerMatches(on: RuleTrigger, event: RuleEvent, item: RuleItem): boolean {
  switch (on.event) {
    case 'item.captured':
    case 'reply.detected':
      return event.type === on.event;
    case 'status.changed':
      return event.type === 'status.changed' && (on.to === undefined || on.to.includes(event.to));
    case 'no_reply': {
      if (event.type !== 'time.elapsed' || !unanswered(item)) return false;
      const due = Math.max(waitingSince(item) + minutes(on.minutes), Date.parse(item.capturedAt));
      return due > Date.parse(event.from) && due <= Date.parse(event.to);
    }
  }
}

/** For back-tests: could the trigger have brought this item, as it is now? */
function triggerPlausible(on: RuleTrigger, item: RuleItem, now: number): boolean {
  switch (on.event) {
    case 'item.captured':
    case 'reply.detected':
      return true;
    case 'status.changed':
      return on.to === undefined || on.to.includes(item.status);
    case 'no_reply':
      return unanswered(item) && now - waitingSince(item) >= minutes(on.minutes);
  }
}

function triggerOf(event: RuleEvent): RuleTrigger['event'] {
  return event.type === 'time.elapsed' ? 'no_reply' : event.type;
}

/** Merge two lists of rules sorted by index (the second given as indexes). */
function mergeByIndex(a: readonly CompiledRule[], b: number[], all: readonly CompiledRule[]): readonly CompiledRule[] {
  if (b.length === 0) return a;
  b.sort((x, y) => x - y);
  const out: CompiledRule[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.index < b[j]!)) out.push(a[i++]!);
    else out.push(all[b[j++]!]!);
  }
  return out;
}

function skipped(r: CompiledRule, why: NonNullable<RuleTrace['skipped']>): RuleTrace {
  const { id, name, order } = r.rule;
  return {
    ruleId: id,
    ruleName: name,
    order,
    outcome: 'skipped',
    skipped: why,
    because: [],
    actions: [],
    stoppedProcessing: false,
  };
}

export function run(
  compiled: CompiledRules,
  event: RuleEvent,
  item: RuleItem,
  context: RuleContext,
  mode: RunMode = {},
): EvaluationResult {
  const now = nowMs(context);
  const facts = new ItemFacts(item, now);
  const explainAll = mode.explain === true;
  const backTest = mode.backTest === true;
  const trigger = triggerOf(event);

  // Scan the item's text once; collect the gated rules whose gate it hit.
  const scratch = compiled.scratch;
  if (scratch.generation >= 0x7ffffffe) {
    scratch.generation = 0;
    scratch.stamp.fill(0);
  }
  const generation = ++scratch.generation;
  const hitRules: number[] = [];
  compiled.keywords.scan(
    (fact) => facts.text(fact),
    facts.locale,
    explainAll
      ? null
      : {
          onConditionHit(conditionId) {
            for (const r of compiled.gatedBy[conditionId]!)
              if (scratch.stamp[r] !== generation) {
                scratch.stamp[r] = generation;
                hitRules.push(r);
              }
          },
        },
  );
  const candidates = explainAll
    ? compiled.rules
    : mergeByIndex(backTest ? compiled.ungatedAll : compiled.ungated[trigger], hitRules, compiled.rules);

  const causedBy = event.causedBy.length > 8 ? new Set(event.causedBy) : event.causedBy;
  const guarded = (id: string) => (causedBy instanceof Set ? causedBy.has(id) : causedBy.includes(id));
  const conditionEnv: ConditionEnv = { facts, keywords: compiled.keywords, regex: compiled.regex };
  const assign: AssignEnv = {
    groups: context.groups ?? {},
    unavailable: context.unavailable?.length ? new Set(context.unavailable) : NOBODY,
    state: context.state ?? EMPTY_STATE,
    lastResponderId: context.lastResponderId ?? (event.type === 'reply.detected' ? event.memberId : null),
  };
  const actions: RuleAction[] = [];
  const trace: RuleTrace[] = [];
  let stopped = false;

  for (const r of candidates) {
    const { rule } = r;
    if (!rule.enabled && !backTest) {
      if (explainAll) trace.push(skipped(r, 'disabled'));
      continue;
    }
    const triggered = backTest ? triggerPlausible(rule.on, item, now) : triggerMatches(rule.on, event, item);
    if (!triggered) {
      if (explainAll) trace.push(skipped(r, 'other_event'));
      continue;
    }
    if (guarded(rule.id)) {
      trace.push(skipped(r, 'loop_guard'));
      continue;
    }
    if (stopped) {
      if (!explainAll) break;
      trace.push(skipped(r, 'stopped'));
      continue;
    }
    const because: Reason[] = [];
    const matched = r.condition === null || holds(r.condition, conditionEnv, because);
    const condition = explainAll && r.condition ? explain(r.condition, conditionEnv) : undefined;
    const base = {
      ruleId: rule.id,
      ruleName: rule.name,
      order: rule.order,
      ...(condition ? { condition } : {}),
    };
    if (!matched) {
      if (explainAll) trace.push({ ...base, outcome: 'no_match', because: [], actions: [], stoppedProcessing: false });
      continue;
    }
    const actionTrace = applyRuleActions(rule, because, { facts, nowMs: now, assign }, actions);
    stopped = rule.stopProcessing;
    trace.push({ ...base, outcome: 'fired', because, actions: actionTrace, stoppedProcessing: stopped });
  }
  return { actions, trace, state: assign.state };
}

/**
 * Run the compiled rules on one item for one event. `context.now` is the
 * clock; `context.state` the rotation and loads (returned updated in `state`).
 */
export function evaluate(
  compiled: CompiledRules,
  event: RuleEvent,
  item: RuleItem,
  context: RuleContext,
  options: EvaluateOptions = {},
): EvaluationResult {
  return run(compiled, event, item, context, { explain: options.explain === true });
}

/**
 * The events the companion should evaluate next, after applying `result`'s
 * actions: one `status.changed` per status change, each carrying the causing
 * event's `causedBy` plus the rule that made the change (the loop guard).
 */
export function followUpEvents(event: RuleEvent, result: EvaluationResult): RuleEvent[] {
  const out: RuleEvent[] = [];
  for (const a of result.actions) {
    if (a.type !== 'status.set' && a.type !== 'snooze') continue;
    const to = a.type === 'snooze' ? 'pending' : a.status;
    if (to === a.from) continue;
    const causedBy = event.causedBy.includes(a.ruleId) ? event.causedBy : [...event.causedBy, a.ruleId];
    out.push({ type: 'status.changed', from: a.from, to, causedBy });
  }
  return out;
}
