/**
 * Inbox rules at work: after an item's event commits (captured, our reply
 * seen, status changed by a person), the compiled rule set runs on it and its
 * actions are applied as ordinary item changes, each carrying the rule and
 * the reasons in words (`item.tagged { by: 'rule:<id>', rule: { … } }`), so the
 * UI can say why and reports can tell rules from people.
 *
 * - The rule set is compiled once and again only when rules change.
 * - Each rule's changes are one op with an id derived from the triggering
 *   event and the rule, so running twice on the same event changes nothing.
 * - Loop guard: status changes made by rules are evaluated as follow-up
 *   events that carry the rules that caused them; a rule never runs on its
 *   own consequences (companion/rules/evaluate.ts).
 * - "Suggest saved replies" is an item change like the others, in the same
 *   op: `item.replies_suggested { replyIds, rule }` with the ids the item
 *   does not carry yet, added to `Item.suggestedReplies` with the rule's
 *   name (the picker lists them first).
 * - Alerts: a Slack-compatible webhook POST (http(s) only, 5 s timeout,
 *   failures logged, never retried into a storm).
 * - Nothing here throws into the handler: a failing rule is logged and the
 *   member's change stands.
 */
import type { Item, LogEvent, RuleCause } from '../../shared/model.js';
import {
  AssignmentState,
  type BackTestReport,
  type Reason,
  type Rule,
  type RuleAction,
  type RuleEvent,
} from '../../shared/rules/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { backTest, compileRules, evaluate, followUpEvents, type CompiledRules } from '../rules/index.js';
import type { ItemPatch, Store } from '../store/types.js';

type Pushed = { event: LogEvent; item: Item | null };

export interface RulesService {
  /** Run the rules on the events a member's change produced; returns the events the rules added (to broadcast). */
  afterChange(events: readonly Pushed[]): Promise<Pushed[]>;
  /** Rules changed: compile again on next use. */
  invalidate(): void;
  /**
   * The no-reply sweep: time passed over (from, to]; `no_reply` rules run on
   * open items still waiting for our reply. Returns the events they added.
   */
  afterTime(from: Date, to: Date): Promise<Pushed[]>;
  /** What `rules` (or the stored ones) would do on the captured history. */
  backtest(rules: readonly Rule[] | undefined, limit: number): Promise<BackTestReport>;
}

export interface RulesServiceOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Webhook transport (tests replace it); default fetch with a 5 s timeout. */
  post?: (url: string, body: unknown) => Promise<void>;
  /** Desktop alerts to members' browsers (the presence hub's alert push); set once the server is up. */
  alertMembers?: (
    memberIds: readonly string[],
    alert: { itemKey: string; ruleId: string; ruleName: string; message: string; at: string },
  ) => void;
}

const STATE_KEY = 'assignment';
const MAX_CHAIN = 8;

/** A reason in the words the bar and the side panel show. */
export function reasonWords(r: Reason): string {
  const fact = r.fact ?? 'text';
  if (r.keyword !== undefined) {
    const found = r.found && r.found !== r.keyword ? ` (“${r.found}”)` : '';
    return `${fact} ${r.op.replace(/_/g, ' ')} “${r.keyword}”${found}`.slice(0, 300);
  }
  if (r.match !== undefined) return `${fact} matches “${r.match}”`.slice(0, 300);
  if (r.value !== undefined) {
    const v = Array.isArray(r.value) ? r.value.join(', ') : String(r.value);
    return `${fact} ${r.op.replace(/_/g, ' ')} ${v}`.slice(0, 300);
  }
  return `${fact} ${r.op.replace(/_/g, ' ')}`.slice(0, 300);
}

/** The rule event a logged event is, or null when rules do not run on it. */
function ruleEventOf(event: LogEvent): RuleEvent | null {
  const d = event.data;
  switch (d.type) {
    case 'item.captured':
      return { type: 'item.captured', causedBy: [] };
    case 'item.replied':
      return { type: 'reply.detected', memberId: event.memberId, causedBy: [] };
    case 'item.status_changed':
      return d.rule ? null : { type: 'status.changed', from: d.from, to: d.to, causedBy: [] };
    default:
      return null;
  }
}

/** An op id the protocol accepts ([A-Za-z0-9_-]{8,64}), the same for the same trigger and rule. */
function ruleOpId(trigger: string, depth: number, ruleId: string): string {
  return `rule_${trigger}_${depth}_${ruleId.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64);
}

/**
 * Webhooks go to the internet, never to this machine or the local network: a
 * rule written by a lead must not be a way to reach services on loopback or
 * private addresses (SSRF). Names are checked as written; http(s) only.
 */
export function isPublicWebhookUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))
    return false;
  if (/^(0|10|127)\./.test(host) || /^169\.254\./.test(host) || /^192\.168\./.test(host)) return false;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(host) || /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(host)) return false;
  if (host.includes(':') && (host === '::1' || host === '::' || /^(fc|fd|fe8|fe9|fea|feb)/.test(host))) return false;
  if (/^\d+$/.test(host)) return false; // a bare integer is an IPv4 address in disguise
  return true;
}

async function postWebhook(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
    redirect: 'error',
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

export function createRulesService(opts: RulesServiceOptions): RulesService {
  const { store, logger } = opts;
  const post = opts.post ?? postWebhook;
  let compiled: Promise<CompiledRules> | null = null;

  /** What the enabled rules need looked up per run, so a capture reads only that (load scans open items). */
  let needs = { load: false, lastResponder: false };

  function rules(): Promise<CompiledRules> {
    compiled ??= store.listRules().then(({ rules: list, unreadable }) => {
      for (const u of unreadable) logger.warn('rule skipped: it cannot be read', { ruleId: u.id, why: u.why });
      const strategies = new Set(
        list.flatMap((r) => r.actions.flatMap((a) => (a.type === 'assign' ? [a.to.strategy] : []))),
      );
      needs = { load: strategies.has('least_loaded'), lastResponder: strategies.has('last_responder') };
      return compileRules(list);
    });
    return compiled;
  }

  /**
   * The rotation kept between runs, and each member's load counted afresh
   * (open items assigned to them), so least-loaded sees today's queue.
   */
  async function assignmentState(withLoad = true): Promise<AssignmentState> {
    const parsed = AssignmentState.safeParse(await store.getRuleState(STATE_KEY));
    const load: Record<string, number> = {};
    for (const i of withLoad ? await store.listItems({ limit: 5000, status: 'open' }) : []) {
      if (i.assigneeId) load[i.assigneeId] = (load[i.assigneeId] ?? 0) + 1;
    }
    return { roundRobin: parsed.success ? parsed.data.roundRobin : {}, load };
  }

  /**
   * Assignment groups: `team` (everyone who may change items), and one per
   * role — `admins`, `leads`, `agents` — in the order members joined.
   */
  async function groups(): Promise<Record<string, string[]>> {
    const members = await store.listMembers();
    const workers = members.filter((m) => m.role !== 'viewer');
    return {
      team: workers.map((m) => m.id),
      admins: workers.filter((m) => m.role === 'admin').map((m) => m.id),
      leads: workers.filter((m) => m.role === 'lead').map((m) => m.id),
      agents: workers.filter((m) => m.role === 'agent').map((m) => m.id),
    };
  }

  /** One rule's actions as one change to the item. */
  function patchOf(actions: readonly RuleAction[]): ItemPatch {
    const patch: { -readonly [K in keyof ItemPatch]: ItemPatch[K] } = {};
    const add: string[] = [];
    const remove: string[] = [];
    const suggest: string[] = [];
    for (const a of actions) {
      if (a.type === 'tag.add') add.push(a.tag);
      else if (a.type === 'tag.remove') remove.push(a.tag);
      else if (a.type === 'assign') patch.assigneeId = a.memberId;
      else if (a.type === 'priority.set') patch.priority = a.priority;
      else if (a.type === 'status.set') patch.status = a.status;
      else if (a.type === 'snooze') {
        patch.status = 'pending';
        patch.snoozeUntil = a.until;
      } else if (a.type === 'reply.suggest') suggest.push(...a.savedReplyIds);
    }
    if (add.length) patch.addTags = add;
    if (remove.length) patch.removeTags = remove;
    if (suggest.length) patch.suggestReplies = suggest;
    return patch;
  }

  async function sideEffects(actions: readonly RuleAction[], item: Item, ruleName: string): Promise<void> {
    for (const a of actions) {
      if (a.type === 'alert' && a.members.length > 0) {
        opts.alertMembers?.(a.members, {
          itemKey: item.key,
          ruleId: a.ruleId,
          ruleName,
          message: a.message.slice(0, 1000),
          at: opts.clock.now().toISOString(),
        });
      }
      if (a.type === 'alert' && a.webhook) {
        if (!isPublicWebhookUrl(a.webhook.url)) {
          logger.warn(
            'rule alert skipped: webhooks must be public http(s) addresses, not this machine or the local network',
            {
              ruleId: a.ruleId,
            },
          );
          continue;
        }
        await post(a.webhook.url, a.webhook.body).catch((err: unknown) =>
          logger.warn('rule alert: the webhook did not accept it', {
            ruleId: a.ruleId,
            item: item.key,
            error: err instanceof Error ? err.message : String(err),
          }),
        );
      } else if (a.type === 'alert' && a.members.length === 0) {
        logger.info('rule alert', { ruleId: a.ruleId, item: item.key, message: a.message });
      }
    }
  }

  async function runOn(first: RuleEvent, trigger: string, start: Item): Promise<Pushed[]> {
    const set = await rules();
    if (set.rules.length === 0) return [];
    const out: Pushed[] = [];
    let state = await assignmentState(needs.load);
    const teamGroups = await groups();
    let item = start;
    let queue: RuleEvent[] = [first];
    for (let depth = 0; queue.length > 0 && depth < MAX_CHAIN; depth++) {
      const next: RuleEvent[] = [];
      for (const event of queue) {
        const lastResponderId =
          event.type === 'reply.detected' && event.memberId
            ? event.memberId
            : needs.lastResponder
              ? await store.lastResponder(item)
              : null;
        const result = evaluate(set, event, item, {
          now: opts.clock.now(),
          state,
          groups: teamGroups,
          lastResponderId,
        });
        state = result.state;
        const byRule = new Map<string, RuleAction[]>();
        for (const a of result.actions) byRule.set(a.ruleId, [...(byRule.get(a.ruleId) ?? []), a]);
        for (const [ruleId, actions] of byRule) {
          const rule = set.rules.find((r) => r.rule.id === ruleId)?.rule;
          const cause: RuleCause = {
            id: ruleId,
            name: (rule?.name ?? ruleId).slice(0, 200),
            because: [...new Set(actions.flatMap((a) => a.because.map(reasonWords)))].slice(0, 20),
          };
          const patch = patchOf(actions);
          if (Object.keys(patch).length > 0) {
            const m = await store.updateItem(ruleOpId(trigger, depth, ruleId), null, item.key, patch, {
              rule: cause,
              createTags: true,
            });
            if (m) {
              item = m.value;
              out.push(...m.events);
            }
          }
          await sideEffects(actions, item, cause.name);
        }
        next.push(...followUpEvents(event, result));
      }
      queue = next;
    }
    await store.setRuleState(STATE_KEY, state);
    return out;
  }

  return {
    async afterChange(events) {
      const out: Pushed[] = [];
      for (const { event, item } of events) {
        const ruleEvent = ruleEventOf(event);
        if (!ruleEvent || !item) continue;
        try {
          out.push(...(await runOn(ruleEvent, String(event.seq), item)));
        } catch (err) {
          logger.error('rules failed on an item; the change itself stands', {
            item: item.key,
            event: event.data.type,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
      return out;
    },
    invalidate() {
      compiled = null;
    },
    async afterTime(from, to) {
      const set = await rules();
      if (set.byTrigger.no_reply.length === 0) return [];
      const event: RuleEvent = { type: 'time.elapsed', from: from.toISOString(), to: to.toISOString(), causedBy: [] };
      const out: Pushed[] = [];
      const waiting = (await store.listItems({ limit: 5000, status: 'open' })).filter((i) => i.repliedAt === null);
      for (const item of waiting) {
        try {
          out.push(...(await runOn(event, `t${to.getTime()}`, item)));
        } catch (err) {
          logger.error('no-reply rules failed on an item', {
            item: item.key,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
      return out;
    },
    async backtest(draft, limit) {
      const list = draft ?? (await store.listRules()).rules;
      const items = await store.listItems({ limit });
      return backTest(list, items, { now: opts.clock.now(), state: await assignmentState(), groups: await groups() });
    },
  };
}
