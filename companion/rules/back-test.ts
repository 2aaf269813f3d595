/**
 * backTest: what a rule set would have done to captured items ("would tag 37,
 * assign 12"), changing nothing. Rules are tried whether or not they are
 * enabled (that is what a back-test is for), and each rule's trigger is judged
 * on the item as it is now: `item.captured` and `reply.detected` rules see every
 * item, a `status.changed` rule with `to` sees items in one of those statuses, a
 * `no_reply` rule sees unanswered open items that have waited that long at
 * `context.now`. Round-robin and loads carry from one item to the next, as they
 * would have in a live run.
 */
import type { BackTestReport, Rule, RuleEvent } from '../../shared/rules/index.js';
import { compileRules } from './compile.js';
import type { CompileOptions } from './compile.js';
import type { RuleContext } from './context.js';
import { run } from './evaluate.js';
import type { RuleItem } from './facts.js';

export interface BackTestOptions {
  /** How many matched items to return in `samples` (default 20). */
  samples?: number;
  /** Try disabled rules too (default true). */
  includeDisabled?: boolean;
  compile?: CompileOptions;
}

function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function backTest(
  rules: readonly Rule[],
  items: Iterable<RuleItem>,
  context: RuleContext,
  options: BackTestOptions = {},
): BackTestReport {
  const includeDisabled = options.includeDisabled ?? true;
  const tried = includeDisabled ? rules.map((r) => (r.enabled ? r : { ...r, enabled: true })) : rules;
  const compiled = compileRules(tried, options.compile);
  const maxSamples = options.samples ?? 20;
  const report: BackTestReport = { items: 0, matched: 0, wouldTag: 0, wouldAssign: 0, perRule: {}, samples: [] };
  for (const r of compiled.rules)
    report.perRule[r.rule.id] = { name: r.rule.name, matched: 0, wouldTag: 0, wouldAssign: 0, tags: {}, assignees: {} };

  let state = context.state;
  const event: RuleEvent = { type: 'item.captured', causedBy: [] };
  for (const item of items) {
    report.items++;
    const result = run(compiled, event, item, { ...context, ...(state ? { state } : {}) }, { backTest: true });
    state = result.state;
    const fired = result.trace.filter((t) => t.outcome === 'fired');
    if (fired.length === 0) continue;
    report.matched++;
    const tagged = new Set<string>();
    const assigned = new Set<string>();
    for (const t of fired) report.perRule[t.ruleId]!.matched++;
    for (const a of result.actions) {
      const per = report.perRule[a.ruleId]!;
      if (a.type === 'tag.add') {
        per.tags[a.tag] = (per.tags[a.tag] ?? 0) + 1;
        if (!tagged.has(a.ruleId)) per.wouldTag++;
        tagged.add(a.ruleId);
      } else if (a.type === 'assign') {
        const who = a.memberId ?? 'unassigned';
        per.assignees[who] = (per.assignees[who] ?? 0) + 1;
        if (a.memberId !== null && !assigned.has(a.ruleId)) {
          per.wouldAssign++;
          assigned.add(a.ruleId);
        }
      }
    }
    if (tagged.size > 0) report.wouldTag++;
    if (assigned.size > 0) report.wouldAssign++;
    if (report.samples.length < maxSamples)
      report.samples.push({
        itemKey: item.key,
        text: excerpt(item.text),
        rules: fired.map((t) => t.ruleId),
        actions: result.actions,
      });
  }
  return report;
}
