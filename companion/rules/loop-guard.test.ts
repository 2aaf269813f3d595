/**
 * The loop guard: an action made by rule R never re-triggers R on the same
 * item. Events made by rules carry `causedBy` (the rules along the chain);
 * followUpEvents builds them, and evaluate skips any rule already in it.
 */
import { describe, expect, it } from 'vitest';
import type { RuleAction, RuleEvent } from '../../shared/rules/index.js';
import { compileRules } from './compile.js';
import { evaluate, followUpEvents } from './evaluate.js';
import type { RuleItem } from './facts.js';
import { NOW, item, rule } from './test-helpers.js';

/** What the companion would do: apply the actions to the item. */
function apply(it: RuleItem, actions: RuleAction[]): RuleItem {
  const next = { ...it, tags: [...it.tags] };
  for (const a of actions) {
    if (a.type === 'status.set') next.status = a.status;
    else if (a.type === 'snooze') next.status = 'pending';
    else if (a.type === 'tag.add') next.tags.push(a.tag);
    else if (a.type === 'assign') next.assigneeId = a.memberId;
    else if (a.type === 'priority.set') next.priority = a.priority;
  }
  return next;
}

/** Evaluate an event and every follow-up it causes, as the companion would; returns each step. */
function cascade(rules: Parameters<typeof compileRules>[0], start: RuleEvent, it: RuleItem, limit = 50) {
  const compiled = compileRules(rules);
  const steps: { event: RuleEvent; fired: string[]; guarded: string[] }[] = [];
  const queue: RuleEvent[] = [start];
  let current = it;
  while (queue.length > 0) {
    if (steps.length >= limit) throw new Error('the cascade did not end');
    const event = queue.shift()!;
    const result = evaluate(compiled, event, current, { now: NOW });
    steps.push({
      event,
      fired: result.trace.filter((t) => t.outcome === 'fired').map((t) => t.ruleId),
      guarded: result.trace.filter((t) => t.skipped === 'loop_guard').map((t) => t.ruleId),
    });
    current = apply(current, result.actions);
    queue.push(...followUpEvents(event, result));
  }
  return { steps, item: current };
}

describe('loop guard', () => {
  it('a rule that reacts to a status change by changing the status does not re-trigger itself', () => {
    const reopen = rule({
      id: 'reopen-unanswered',
      on: { event: 'status.changed' },
      when: { op: 'is', fact: 'answered', value: false },
      actions: [
        { type: 'status.set', status: 'open' },
        { type: 'tag.add', tags: ['Reopened'] },
      ],
    });
    const { steps, item: end } = cascade(
      [reopen],
      { type: 'status.changed', from: 'open', to: 'done', causedBy: [] },
      item({ status: 'done' }),
    );
    expect(steps).toEqual([
      {
        event: { type: 'status.changed', from: 'open', to: 'done', causedBy: [] },
        fired: ['reopen-unanswered'],
        guarded: [],
      },
      {
        event: { type: 'status.changed', from: 'done', to: 'open', causedBy: ['reopen-unanswered'] },
        fired: [],
        guarded: ['reopen-unanswered'],
      },
    ]);
    expect(end).toMatchObject({ status: 'open', tags: ['Reopened'] });
  });

  it('two rules that undo each other stop after each has run once', () => {
    const a = rule({
      id: 'a',
      on: { event: 'status.changed', to: ['done'] },
      actions: [{ type: 'status.set', status: 'open' }],
    });
    const b = rule({
      id: 'b',
      on: { event: 'status.changed', to: ['open'] },
      actions: [{ type: 'status.set', status: 'done' }],
    });
    const { steps } = cascade(
      [a, b],
      { type: 'status.changed', from: 'open', to: 'done', causedBy: [] },
      item({ status: 'done' }),
    );
    expect(steps.map((s) => [s.event.causedBy, s.fired, s.guarded])).toEqual([
      [[], ['a'], []],
      [['a'], ['b'], []],
      [['a', 'b'], [], ['a']],
    ]);
  });

  it('other rules still run on a rule-made event', () => {
    const closer = rule({
      id: 'closer',
      on: { event: 'status.changed', to: ['done'] },
      actions: [{ type: 'status.set', status: 'open' }],
    });
    const notifier = rule({
      id: 'notify-reopen',
      on: { event: 'status.changed', to: ['open'] },
      actions: [{ type: 'alert', members: ['mem_lead'] }],
    });
    const { steps } = cascade(
      [closer, notifier],
      { type: 'status.changed', from: 'open', to: 'done', causedBy: [] },
      item({ status: 'done' }),
    );
    expect(steps.map((s) => s.fired)).toEqual([['closer'], ['notify-reopen']]);
  });

  it('a guarded rule is traced as skipped, even without explain', () => {
    const r = rule({ id: 'self', actions: [{ type: 'tag.add', tags: ['x'] }] });
    const out = evaluate(compileRules([r]), { type: 'item.captured', causedBy: ['self'] }, item(), { now: NOW });
    expect(out.actions).toEqual([]);
    expect(out.trace).toMatchObject([{ ruleId: 'self', outcome: 'skipped', skipped: 'loop_guard' }]);
  });

  it('followUpEvents: one status change per rule-made change, none for no-ops or other actions', () => {
    const event: RuleEvent = { type: 'item.captured', causedBy: ['earlier'] };
    const by = { because: [] };
    const events = followUpEvents(event, {
      actions: [
        { type: 'tag.add', tag: 't', ruleId: 'r1', ...by },
        { type: 'status.set', status: 'done', from: 'open', ruleId: 'r1', ...by },
        { type: 'snooze', until: NOW, from: 'done', ruleId: 'r2', ...by },
        { type: 'snooze', until: NOW, from: 'pending', ruleId: 'r3', ...by },
      ],
      trace: [],
      state: { roundRobin: {}, load: {} },
    });
    expect(events).toEqual([
      { type: 'status.changed', from: 'open', to: 'done', causedBy: ['earlier', 'r1'] },
      { type: 'status.changed', from: 'done', to: 'pending', causedBy: ['earlier', 'r2'] },
    ]);
  });
});
