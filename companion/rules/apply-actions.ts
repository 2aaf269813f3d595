/**
 * Turning a fired rule's action specs into concrete RuleActions, in order,
 * against the working state (so a later action or rule sees an earlier one's
 * tag, status or assignee). An action that would change nothing is left out and
 * traced as `no_change`; an assignment with nobody to give it to as `no_member`.
 */
import type { ActionTrace, Reason, RuleAction, Rule } from '../../shared/rules/index.js';
import { alertMessage, slackPayload } from './alert-message.js';
import { chooseAssignee, recordAssignment } from './assign.js';
import type { AssignEnv } from './assign.js';
import type { ItemFacts } from './facts.js';

export interface ActionEnv {
  facts: ItemFacts;
  nowMs: number;
  /** Its `state` is replaced as assignments are made. */
  assign: AssignEnv;
}

export function applyRuleActions(rule: Rule, because: Reason[], env: ActionEnv, out: RuleAction[]): ActionTrace[] {
  const trace: ActionTrace[] = [];
  const by = { ruleId: rule.id, because };
  const { facts } = env;
  const emit = (index: number, type: string, action: RuleAction) => {
    trace.push({ index, type, result: 'applied', actionIndex: out.length });
    out.push(action);
  };
  const unchanged = (index: number, type: string, note: string) =>
    trace.push({ index, type, result: 'no_change', note });

  rule.actions.forEach((spec, index) => {
    switch (spec.type) {
      case 'tag.add':
        for (const tag of spec.tags) {
          if (facts.tags.has(tag)) unchanged(index, spec.type, `already tagged "${tag}"`);
          else {
            facts.tags.add(tag);
            emit(index, spec.type, { type: 'tag.add', tag, ...by });
          }
        }
        return;
      case 'tag.remove':
        for (const tag of spec.tags) {
          if (!facts.tags.has(tag)) unchanged(index, spec.type, `not tagged "${tag}"`);
          else {
            facts.tags.delete(tag);
            emit(index, spec.type, { type: 'tag.remove', tag, ...by });
          }
        }
        return;
      case 'assign': {
        const choice = chooseAssignee(spec.to, env.assign);
        if (!choice.ok) {
          trace.push({ index, type: spec.type, result: 'no_member', note: choice.why });
          return;
        }
        const from = facts.assigneeId;
        if (choice.memberId === from) {
          unchanged(index, spec.type, from === null ? 'already unassigned' : `already assigned to ${from}`);
          return;
        }
        env.assign.state = recordAssignment(env.assign.state, choice, from);
        facts.assigneeId = choice.memberId;
        emit(index, spec.type, {
          type: 'assign',
          memberId: choice.memberId,
          from,
          strategy: choice.strategy,
          ...(choice.group !== undefined ? { group: choice.group } : {}),
          ...by,
        });
        return;
      }
      case 'priority.set': {
        const from = facts.priority;
        if (from === spec.priority) {
          unchanged(index, spec.type, `priority is already ${from}`);
          return;
        }
        facts.priority = spec.priority;
        emit(index, spec.type, { type: 'priority.set', priority: spec.priority, from, ...by });
        return;
      }
      case 'status.set': {
        const from = facts.status;
        if (from === spec.status) {
          unchanged(index, spec.type, `status is already ${from}`);
          return;
        }
        facts.status = spec.status;
        emit(index, spec.type, { type: 'status.set', status: spec.status, from, ...by });
        return;
      }
      case 'snooze': {
        const from = facts.status;
        facts.status = 'pending';
        const until = new Date(env.nowMs + spec.minutes * 60_000).toISOString();
        emit(index, spec.type, { type: 'snooze', until, from, ...by });
        return;
      }
      case 'alert': {
        const vars = { rule: rule.name, item: facts.item, tags: [...facts.tags] };
        emit(index, spec.type, {
          type: 'alert',
          members: spec.members,
          message: alertMessage(spec.message, vars),
          ...(spec.webhook ? { webhook: { url: spec.webhook.url, body: slackPayload(spec.message, vars) } } : {}),
          ...by,
        });
        return;
      }
      case 'reply.suggest':
        emit(index, spec.type, { type: 'reply.suggest', savedReplyIds: spec.savedReplyIds, ...by });
        return;
    }
  });
  return trace;
}
