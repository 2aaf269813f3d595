/**
 * Inbox rules as stored: saved and removed through the event log (so every
 * browser hears about a change and the log says who changed what), read back
 * through the shared schema — a row that no longer parses is skipped and
 * reported, never run.
 */
import type { Kysely } from 'kysely';
import { Rule } from '../../shared/rules/index.js';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import { appendEvent, applyOnce } from './event-log.js';
import { readJsonColumn } from './rows.js';
import type { Database } from './schema.js';
import type { Mutation } from './types.js';

interface Deps {
  clock: Clock;
  ids: IdGen;
}

export interface StoredRules {
  rules: Rule[];
  /** Rows that did not parse (written by a newer Inlay, or by hand), with why. */
  unreadable: { id: string; why: string }[];
}

export async function listRules(db: Kysely<Database>): Promise<StoredRules> {
  const rows = await db.selectFrom('rules').selectAll().orderBy('sort_order').orderBy('id').execute();
  const rules: Rule[] = [];
  const unreadable: StoredRules['unreadable'] = [];
  for (const row of rows) {
    const r = readJsonColumn(Rule, row.body);
    if (r.ok) rules.push(r.value);
    else unreadable.push({ id: row.id, why: r.why });
  }
  return { rules, unreadable };
}

/** Creates or replaces the rule with this id. */
export async function saveRule(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  rule: Rule,
): Promise<Mutation<Rule>> {
  const at = deps.clock.now().toISOString();
  const result = await applyOnce(
    db,
    { opId, kind: 'rule.save', memberId },
    at,
    async (trx) => {
      const row = {
        body: JSON.stringify(rule),
        sort_order: rule.order,
        enabled: rule.enabled ? 1 : 0,
        updated_at: at,
        updated_by: memberId,
      };
      await trx
        .insertInto('rules')
        .values({ id: rule.id, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'rule.saved', ruleId: rule.id, name: rule.name },
      });
      return { value: rule, target: rule.id, events: [{ event, item: null }] };
    },
    async (trx, previous) => {
      const row = await trx.selectFrom('rules').select('body').where('id', '=', previous.target).executeTakeFirst();
      return row ? Rule.parse(JSON.parse(row.body)) : rule;
    },
  );
  if (!result) throw new Error('saveRule always applies');
  return result;
}

/** Removes a rule; null when there is no such rule. */
export async function removeRule(
  db: Kysely<Database>,
  deps: Deps,
  opId: string,
  memberId: string | null,
  id: string,
): Promise<Mutation<null> | null> {
  const at = deps.clock.now().toISOString();
  return applyOnce(
    db,
    { opId, kind: 'rule.remove', memberId },
    at,
    async (trx) => {
      const gone = await trx.deleteFrom('rules').where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return null;
      const event = await appendEvent(trx, deps.ids, {
        opId,
        memberId,
        itemKey: null,
        at,
        data: { type: 'rule.removed', ruleId: id },
      });
      return { value: null, target: id, events: [{ event, item: null }] };
    },
    async () => null,
  );
}

export async function getRuleState(db: Kysely<Database>, key: string): Promise<unknown> {
  const row = await db.selectFrom('rule_state').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return null;
  }
}

export async function setRuleState(db: Kysely<Database>, key: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto('rule_state')
    .values({ key, value: text })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
    .execute();
}
